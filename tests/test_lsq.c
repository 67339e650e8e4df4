/* test_lsq.c - opt.h's nonlinear least squares beyond NIST (see
 * test_lsq_nist.c): zero- and large-residual problems, a rank-deficient
 * Jacobian and its covariance, NaN from the residual function, callbacks
 * that abort, bounds active at the solution, robust losses against
 * outliers, weights, the covariance against the normal equations, the
 * Jacobian checker and difference Jacobians, limits, workspace and every
 * error status. References are closed forms or long-double computations. */
#include <math.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"
#include "opt.h"

static opt_options lsq_opts(double ftol, double xtol) {
    opt_options o;
    memset(&o, 0, sizeof o);
    o.ftol = (la_real)ftol;
    o.xtol = (la_real)xtol;
    return o;
}

/* ---- Rosenbrock as least squares: r = (10 (x2 - x1^2), 1 - x1), zero residual ---- */
static int rosen(const la_real *x, la_real *r, la_real *J, void *ctx) {
    (void)ctx;
    r[0] = 10 * (x[1] - x[0] * x[0]);
    r[1] = 1 - x[0];
    if (J) {
        J[0] = -20 * x[0];
        J[1] = 10;
        J[2] = -1;
        J[3] = 0;
    }
    return 0;
}

TEST(lsq_zero_residual_every_method) {
    int m;
    for (m = 0; m < 4; ++m) {
        la_real x[2] = {-1.2f, 1};
        opt_options o = lsq_opts(1e-30, 1e-30);
        opt_lsq_options lo;
        opt_result r;
        memset(&lo, 0, sizeof lo);
        lo.method = m == 3 ? OPT_LSQ_LM : (opt_lsq_method)m;
        lo.geodesic = m == 3;
        o.max_evals = 1000;
        r = opt_lsq(rosen, NULL, 2, 2, x, &o, &lo, NULL, NULL);
        CHECK_STATUS(r.status, LA_OK);
        /* J at (1, 1) has condition ~ 500: the solution to 10 kappa eps */
        CHECK_NEAR(x[0], 1, 5000 * TU_EPS);
        CHECK_NEAR(x[1], 1, 1e4 * TU_EPS);
        CHECK_LE(r.f, 1e10 * TU_EPS * TU_EPS); /* residuals ||J|| kappa eps */
        CHECK(r.reason == OPT_REASON_GTOL || r.reason == OPT_REASON_FTOL || r.reason == OPT_REASON_XTOL);
    }
}

/* ---- Jennrich and Sampson (More, Garbow and Hillstrom 1981, problem 6):
 * r_i = 2 + 2i - exp(i x1) - exp(i x2), i = 1..10; large residual,
 * F = 124.362 at x1 = x2 = 0.2578 where J's two columns coincide ---- */
static int jennrich(const la_real *x, la_real *r, la_real *J, void *ctx) {
    int i;
    (void)ctx;
    for (i = 1; i <= 10; ++i) {
        la_real e1 = (la_real)exp(i * x[0]), e2 = (la_real)exp(i * x[1]);
        r[i - 1] = 2 + 2 * (la_real)i - e1 - e2;
        if (J) {
            J[2 * (i - 1)] = -(la_real)i * e1;
            J[2 * (i - 1) + 1] = -(la_real)i * e2;
        }
    }
    return 0;
}

TEST(lsq_large_residual_jennrich_sampson) {
    la_real xs[2][2];
    int m;
    for (m = 0; m < 2; ++m) {
        la_real *x = xs[m];
        opt_options o = lsq_opts(1e-30, 1e-14);
        opt_lsq_options lo;
        opt_result res;
        memset(&lo, 0, sizeof lo);
        lo.method = m ? OPT_LSQ_DOGLEG : OPT_LSQ_LM;
        x[0] = 0.3f;
        x[1] = 0.4f;
        res = opt_lsq(jennrich, NULL, 10, 2, x, &o, &lo, NULL, NULL);
        CHECK_STATUS(res.status, LA_OK);
        /* F* = 124.362 (MGH 1981) = 124.3621824 to 10 digits; the minimum is
         * flat across x1 = x2 (J singular there, so F decides to eps only) */
        CHECK_NEAR(2 * res.f, 124.3621824, 1e-9 * 124.4 + 1e3 * TU_EPS * 124.4);
        CHECK_NEAR(x[0], 0.2578252, 1e-6 + 1e4 * TU_EPS);
        CHECK_NEAR(x[1], 0.2578252, 1e-6 + 1e4 * TU_EPS);
    }
}

/* ---- rank-deficient: r_i = (a + b) t_i + c - y_i: a and b not separable ---- */
#define RD_M 20
static la_real rd_t[RD_M], rd_y[RD_M];
static int rank_def(const la_real *x, la_real *r, la_real *J, void *ctx) {
    int i;
    (void)ctx;
    for (i = 0; i < RD_M; ++i) {
        r[i] = (x[0] + x[1]) * rd_t[i] + x[2] - rd_y[i];
        if (J) {
            J[3 * i] = rd_t[i];
            J[3 * i + 1] = rd_t[i];
            J[3 * i + 2] = 1;
        }
    }
    return 0;
}

TEST(lsq_rank_deficient_jacobian_covariance_reports_rank) {
    la_rng g = la_rng_seed(11);
    la_real x[3] = {0, 0, 0}, cov[9], se[3];
    long double tb = 0, yb = 0, sxx = 0, sxy = 0, slope, icpt, rss = 0, s2;
    opt_options o = lsq_opts(1e-30, 1e-12);
    opt_lsq_report rep;
    opt_result res;
    int i, kept;
    for (i = 0; i < RD_M; ++i) {
        rd_t[i] = (la_real)i / RD_M;
        rd_y[i] = 1 + 2 * rd_t[i] + (la_real)(0.1 * la_rng_normal(&g));
        tb += rd_t[i];
        yb += rd_y[i];
    }
    tb /= RD_M;
    yb /= RD_M;
    for (i = 0; i < RD_M; ++i) {
        sxx += (rd_t[i] - tb) * (rd_t[i] - tb);
        sxy += (rd_t[i] - tb) * (rd_y[i] - yb);
    }
    slope = sxy / sxx;
    icpt = yb - slope * tb;
    for (i = 0; i < RD_M; ++i) rss += (icpt + slope * rd_t[i] - rd_y[i]) * (icpt + slope * rd_t[i] - rd_y[i]);
    s2 = rss / (RD_M - 2);
    memset(&rep, 0, sizeof rep);
    rep.cov = cov;
    rep.std_err = se;
    res = opt_lsq(rank_def, NULL, RD_M, 3, x, &o, NULL, &rep, NULL);
    CHECK_STATUS(res.status, LA_OK);
    CHECK_NEAR(x[0] + x[1], slope, 1e3 * TU_EPS * 10);
    CHECK_NEAR(x[2], icpt, 1e3 * TU_EPS * 10);
    CHECK_NEAR(rep.rss, rss, 1e3 * TU_EPS * rss);
    CHECK_INT(rep.rank, 2);
    CHECK_INT(rep.dof, RD_M - 2);
    /* one of a, b is undetermined (Inf, zero row), the other carries the slope */
    kept = se[0] < se[1] ? 0 : 1;
    CHECK(se[1 - kept] > LA_REAL_MAX);
    CHECK_NEAR(se[kept], sqrtl(s2 / sxx), 1e4 * TU_EPS * sqrtl(s2 / sxx));
    CHECK_NEAR(se[2], sqrtl(s2 * (1.0L / RD_M + tb * tb / sxx)), 1e4 * TU_EPS);
    for (i = 0; i < 3; ++i) CHECK(cov[(1 - kept) * 3 + i] == 0 && cov[i * 3 + 1 - kept] == 0);
    CHECK_NEAR(cov[kept * 3 + 2], -s2 * tb / sxx, 1e4 * TU_EPS);
    CHECK_NEAR(rep.sigma, sqrtl(s2), 1e3 * TU_EPS);
}

/* ---- NaN from the residual function ---- */
typedef struct {
    int calls, nan_after, nan_jac;
} nan_ctx;

/* r = sqrt(x) - 1e-3: NaN for x < 0, where the first Gauss-Newton step from
 * x = 1 lands */
static int sqrt_res(const la_real *x, la_real *r, la_real *J, void *ctx) {
    nan_ctx *c = (nan_ctx *)ctx;
    ++c->calls;
    r[0] = (la_real)sqrt(x[0]) - (la_real)1e-3;
    r[1] = 0;
    if (c->nan_after && c->calls > c->nan_after) r[0] = (la_real)NAN;
    if (J) {
        J[0] = c->nan_jac ? (la_real)NAN : (la_real)(0.5 / sqrt(x[0]));
        J[1] = 0;
    }
    return 0;
}

TEST(lsq_nan_from_the_residual_function) {
    la_real x[1];
    nan_ctx c;
    opt_options o = lsq_opts(1e-12, 1e-12);
    opt_result r;
    /* steps into the NaN region are rejected; the fit still converges */
    memset(&c, 0, sizeof c);
    x[0] = 1;
    r = opt_lm(sqrt_res, &c, 2, 1, x, &o, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK_NEAR(x[0], 1e-6, 1e-6 * 1e3 * TU_EPS);
    /* NaN at the start */
    memset(&c, 0, sizeof c);
    x[0] = -1;
    r = opt_lm(sqrt_res, &c, 2, 1, x, &o, NULL);
    CHECK_STATUS(r.status, LA_ERR_NONFINITE);
    CHECK_INT(r.reason, OPT_REASON_NONFINITE);
    CHECK_INT(r.f_evals, 1);
    CHECK(x[0] == -1);
    /* NaN everywhere but at the start: the trust region collapses on NaN */
    memset(&c, 0, sizeof c);
    c.nan_after = 2;
    x[0] = 1;
    r = opt_lm(sqrt_res, &c, 2, 1, x, &o, NULL);
    CHECK_STATUS(r.status, LA_ERR_NONFINITE);
    CHECK_INT(r.reason, OPT_REASON_NONFINITE);
    CHECK(x[0] == 1);
    /* NaN in the Jacobian */
    memset(&c, 0, sizeof c);
    c.nan_jac = 1;
    x[0] = 1;
    r = opt_lm(sqrt_res, &c, 2, 1, x, &o, NULL);
    CHECK_STATUS(r.status, LA_ERR_NONFINITE);
    CHECK_INT(r.reason, OPT_REASON_NONFINITE);
}

/* ---- callbacks that abort ---- */
typedef struct {
    int stop_at, seen;
    double last_f;
    int monotone;
} cb_ctx;

static int progress_cb(const opt_progress *p, void *ctx) {
    cb_ctx *c = (cb_ctx *)ctx;
    if (c->seen && p->f > c->last_f) c->monotone = 0;
    c->last_f = p->f;
    CHECK(p->x != NULL && p->n == 2 && p->iteration == c->seen && p->radius > 0);
    CHECK(p->g_evals == (p->iteration > 0 ? p->iteration : 1) && p->grad == NULL);
    ++c->seen;
    return c->stop_at && p->iteration >= c->stop_at;
}

static int aborting_res(const la_real *x, la_real *r, la_real *J, void *ctx) {
    int *calls = (int *)ctx;
    if (++*calls > 6) return 1;
    return rosen(x, r, J, NULL);
}

TEST(lsq_callback_abort) {
    la_real x[2] = {-1.2f, 1}, r0[2];
    opt_options o = lsq_opts(1e-14, 1e-14);
    cb_ctx c;
    opt_result r;
    int calls = 0;
    memset(&c, 0, sizeof c);
    c.monotone = 1;
    o.callback = progress_cb;
    o.callback_ctx = &c;
    c.stop_at = 3;
    r = opt_lm(rosen, NULL, 2, 2, x, &o, NULL);
    CHECK_STATUS(r.status, LA_ERR_ABORTED);
    CHECK_INT(r.reason, OPT_REASON_CALLBACK);
    CHECK_INT(c.seen, 4); /* iterations 0, 1, 2, 3 */
    CHECK_INT(r.iterations, 3);
    rosen(x, r0, NULL, NULL);
    CHECK_NEAR(r.f, 0.5 * (r0[0] * r0[0] + r0[1] * r0[1]), 10 * TU_EPS * (r.f + 1));
    CHECK_LE(r.f, 0.5 * (4.4 * 4.4 + 2.2 * 2.2));
    /* the progress reports decrease; without stopping the fit converges */
    memset(&c, 0, sizeof c);
    c.monotone = 1;
    x[0] = -1.2f;
    x[1] = 1;
    r = opt_lm(rosen, NULL, 2, 2, x, &o, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK(c.seen > 3 && c.monotone);
    /* the residual function aborts */
    x[0] = -1.2f;
    x[1] = 1;
    o.callback = NULL;
    r = opt_lm(aborting_res, &calls, 2, 2, x, &o, NULL);
    CHECK_STATUS(r.status, LA_ERR_ABORTED);
    CHECK_INT(r.reason, OPT_REASON_CALLBACK);
    CHECK(la_vec_isfinite(2, x));
}

/* ---- bounds: y = b1 (1 - exp(-b2 t)), Misra1a's data ---- */
static const double mis_t[14] = {77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8,
                                 378.4, 434.8, 477.3, 536.8, 593.1, 689.1, 760.0};
static const double mis_y[14] = {10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02,
                                 44.82, 50.76, 55.05, 61.01, 66.40, 75.47, 81.78};
static int misra(const la_real *b, la_real *r, la_real *J, void *ctx) {
    int i;
    (void)ctx;
    for (i = 0; i < 14; ++i) {
        la_real e = (la_real)exp(-b[1] * (la_real)mis_t[i]);
        r[i] = b[0] * (1 - e) - (la_real)mis_y[i];
        if (J) {
            J[2 * i] = 1 - e;
            J[2 * i + 1] = b[0] * (la_real)mis_t[i] * e;
        }
    }
    return 0;
}
/* dRSS/db2 / 2 at (b1, b2) in long double */
static long double misra_db2(long double b1, long double b2) {
    long double s = 0;
    int i;
    for (i = 0; i < 14; ++i) {
        long double e = expl(-b2 * mis_t[i]);
        s += (b1 * (1 - e) - mis_y[i]) * b1 * mis_t[i] * e;
    }
    return s;
}

TEST(lsq_bounds_active_at_the_solution) {
    la_real lo[2], hi[2], x[2];
    opt_options o = lsq_opts(1e-30, 1e-13);
    opt_lsq_options L;
    opt_lsq_report rep;
    opt_result r;
    long double a = 1e-4L, b = 1e-2L, b2, num = 0, den = 0;
    int i, meth;
    for (meth = 0; meth < 3; ++meth) {
        /* upper bound b1 <= 200 (the unconstrained b1 is 238.9): b1 = 200 and
         * b2 the 1-D minimizer, found here by bisection on dRSS/db2 */
        memset(&L, 0, sizeof L);
        memset(&rep, 0, sizeof rep);
        L.method = (opt_lsq_method)meth;
        lo[0] = 0;
        lo[1] = 0;
        hi[0] = 200;
        hi[1] = 1;
        L.lower = lo;
        L.upper = hi;
        x[0] = 500; /* outside: moved into the box */
        x[1] = 1e-4f;
        o.max_evals = 2000;
        r = opt_lsq(misra, NULL, 14, 2, x, &o, &L, &rep, NULL);
        CHECK_STATUS(r.status, LA_OK);
        CHECK(x[0] == 200);
        CHECK_INT(rep.n_active, 1);
        a = 1e-4L;
        b = 1e-2L;
        for (i = 0; i < 200; ++i) {
            long double c = 0.5L * (a + b);
            if (misra_db2(200, c) > 0) b = c; else a = c;
        }
        b2 = 0.5L * (a + b);
        CHECK_NEAR(x[1], b2, 1e4 * TU_EPS * b2);
        /* lower bound b2 >= 1e-3 (unconstrained 5.5e-4): b1 by linear least squares */
        lo[1] = 1e-3f;
        hi[0] = 1000;
        x[0] = 500;
        x[1] = 1e-4f;
        r = opt_lsq(misra, NULL, 14, 2, x, &o, &L, &rep, NULL);
        CHECK_STATUS(r.status, LA_OK);
        CHECK(x[1] == lo[1]);
        CHECK_INT(rep.n_active, 1);
        num = den = 0;
        for (i = 0; i < 14; ++i) {
            long double g = 1 - expl(-(long double)lo[1] * mis_t[i]);
            num += g * mis_y[i];
            den += g * g;
        }
        CHECK_NEAR(x[0], num / den, 1e4 * TU_EPS * (num / den));
        /* a box around the unconstrained solution changes nothing */
        lo[1] = 0;
        x[0] = 500;
        x[1] = 1e-4f;
        r = opt_lsq(misra, NULL, 14, 2, x, &o, &L, &rep, NULL);
        CHECK_STATUS(r.status, LA_OK);
        CHECK_INT(rep.n_active, 0);
        /* NIST's certified values, to their 11 digits and to what a stop on
         * F's rounding allows: the RSS (0.1246) is computed from residuals
         * of data ||y|| ~ 190 with noise ~ eps ||y|| ||r||, which hides
         * parameter errors up to se_j / s sqrt(eps ||y|| ||r||) */
        {
            double fl = sqrt(TU_EPS * 190 * sqrt(0.12455138894)) / 0.1018787633;
            CHECK_NEAR(x[0], 2.3894212918e2, 5e-11 * 238.9 + 10 * fl * 2.7070075241);
            CHECK_NEAR(x[1], 5.5015643181e-4, 5e-11 * 5.5e-4 + 10 * fl * 7.2668688436e-6);
        }
    }
    /* an empty box */
    lo[0] = 2;
    hi[0] = 1;
    x[0] = 1;
    x[1] = 1;
    r = opt_lsq(misra, NULL, 14, 2, x, &o, &L, NULL, NULL);
    CHECK_STATUS(r.status, LA_ERR_INFEASIBLE);
}

/* ---- robust losses: a line with 6 gross outliers among 40 points ---- */
#define RB_M 40
static la_real rb_t[RB_M], rb_y[RB_M];
static int line_res(const la_real *x, la_real *r, la_real *J, void *ctx) {
    int i;
    (void)ctx;
    for (i = 0; i < RB_M; ++i) {
        r[i] = x[0] + x[1] * rb_t[i] - rb_y[i];
        if (J) {
            J[2 * i] = 1;
            J[2 * i + 1] = rb_t[i];
        }
    }
    return 0;
}
/* F = 1/2 sum C^2 rho0(r^2 / C^2) and its gradient from the closed forms of
 * rho0 and rho0', in long double; *hn = sum (1 + t^2) bounds the Hessian. */
static long double robust_cost(int loss, long double C, long double a, long double b,
                               long double *ga, long double *gb, long double *hn) {
    long double F = 0;
    int i;
    *ga = *gb = *hn = 0;
    for (i = 0; i < RB_M; ++i) {
        long double r = a + b * rb_t[i] - rb_y[i], z = r * r / (C * C), rho, d1;
        switch (loss) {
        case OPT_LOSS_HUBER:
            rho = z <= 1 ? z : 2 * sqrtl(z) - 1;
            d1 = z <= 1 ? 1 : 1 / sqrtl(z);
            break;
        case OPT_LOSS_SOFT_L1:
            rho = 2 * (sqrtl(1 + z) - 1);
            d1 = 1 / sqrtl(1 + z);
            break;
        case OPT_LOSS_CAUCHY:
            rho = logl(1 + z);
            d1 = 1 / (1 + z);
            break;
        case OPT_LOSS_ARCTAN:
            rho = atanl(z);
            d1 = 1 / (1 + z * z);
            break;
        default: rho = z; d1 = 1; break;
        }
        F += C * C * rho;
        *ga += d1 * r;
        *gb += d1 * r * rb_t[i];
        *hn += 1 + (long double)rb_t[i] * rb_t[i];
    }
    return F / 2;
}

TEST(lsq_robust_losses_downweight_outliers) {
    la_rng g = la_rng_seed(5);
    la_real x[2], xls[2];
    const la_real C = 0.2f;
    opt_options o = lsq_opts(1e-30, 1e-12);
    opt_lsq_options L;
    opt_result r;
    int i, loss;
    for (i = 0; i < RB_M; ++i) {
        rb_t[i] = (la_real)(10.0 * i / RB_M);
        rb_y[i] = 2 + (la_real)0.5 * rb_t[i] + (la_real)(0.05 * la_rng_normal(&g));
        if (i % 7 == 3) rb_y[i] += (la_real)(10 + 3 * i % 20); /* gross outliers */
    }
    /* plain least squares is pulled far off */
    xls[0] = 0;
    xls[1] = 0;
    r = opt_lm(line_res, NULL, RB_M, 2, xls, &o, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK(fabs(xls[0] - 2) > 1);
    for (loss = OPT_LOSS_HUBER; loss <= OPT_LOSS_ARCTAN; ++loss) {
        long double ga, gb, hn, F;
        memset(&L, 0, sizeof L);
        L.loss = (opt_loss)loss;
        L.loss_scale = C;
        x[0] = xls[0]; /* start from the least-squares fit */
        x[1] = xls[1];
        o.max_evals = 5000;
        r = opt_lsq(line_res, NULL, RB_M, 2, x, &o, &L, NULL, NULL);
        CHECK_STATUS(r.status, LA_OK);
        /* 34 inliers with noise 0.05: the line within a few standard errors
         * plus Huber/soft-L1's bounded pull of C per outlier */
        CHECK_NEAR(x[0], 2, 0.1);
        CHECK_NEAR(x[1], 0.5, 0.02);
        /* the reported cost is the robust cost, and x is stationary for it: a
         * stop on F's precision leaves |g| <= sqrt(eps 2F ||H||) */
        F = robust_cost(loss, C, x[0], x[1], &ga, &gb, &hn);
        CHECK_NEAR(r.f, F, 100 * TU_EPS * (F + 1));
        CHECK_LE(fabsl(ga) + fabsl(gb), 10 * sqrtl(TU_EPS * 2 * F * hn));
    }
}

/* ---- weights: the same as residuals scaled by sqrt(w) ---- */
typedef struct {
    const la_real *w;
    int skip; /* index of a point to leave out, or -1 */
} wctx;
static int misra_scaled(const la_real *b, la_real *r, la_real *J, void *ctx) {
    const wctx *c = (const wctx *)ctx;
    la_real rr[14], JJ[28];
    int i, k = 0;
    misra(b, rr, J ? JJ : NULL, NULL);
    for (i = 0; i < 14; ++i) {
        la_real s = c->w ? (la_real)sqrt(c->w[i]) : 1;
        if (i == c->skip) continue;
        r[k] = s * rr[i];
        if (J) {
            J[2 * k] = s * JJ[2 * i];
            J[2 * k + 1] = s * JJ[2 * i + 1];
        }
        ++k;
    }
    return 0;
}

/* Two fits that stop on F's rounding may differ within the band that
 * rounding hides: parameter j by se_j / s sqrt(eps ||y_w|| ||r_w||)
 * (y_w, r_w the weighted data and residuals; 10 times that here). */
static double misra_band(const la_real *w, const opt_lsq_report *rep, const la_real *se, int j) {
    double yw = 0;
    int i;
    for (i = 0; i < 14; ++i) yw += (w ? w[i] : 1) * mis_y[i] * mis_y[i];
    return 10 * se[j] / rep->sigma * sqrt(TU_EPS * sqrt(yw) * sqrt(rep->rss)) + 100 * TU_EPS * se[j];
}

TEST(lsq_weights_match_scaled_residuals) {
    la_real w[14], xa[2], xb[2], xc[2], cov_rel[4], cov_abs[4], se[2];
    opt_options o = lsq_opts(1e-30, 1e-13);
    opt_lsq_options L;
    opt_lsq_report ra, rb;
    opt_result r1, r2;
    wctx c;
    int i;
    for (i = 0; i < 14; ++i) w[i] = (la_real)(1.0 / (0.05 + 0.01 * i)); /* 1/sigma^2 */
    memset(&L, 0, sizeof L);
    memset(&ra, 0, sizeof ra);
    memset(&rb, 0, sizeof rb);
    L.weights = w;
    ra.cov = cov_rel;
    ra.std_err = se;
    xa[0] = 500;
    xa[1] = 1e-4f;
    r1 = opt_lsq(misra, NULL, 14, 2, xa, &o, &L, &ra, NULL);
    c.w = w;
    c.skip = -1;
    xb[0] = 500;
    xb[1] = 1e-4f;
    r2 = opt_lm(misra_scaled, &c, 14, 2, xb, &o, NULL);
    CHECK_STATUS(r1.status, LA_OK);
    CHECK_STATUS(r2.status, LA_OK);
    CHECK_NEAR(xa[0], xb[0], misra_band(w, &ra, se, 0));
    CHECK_NEAR(xa[1], xb[1], misra_band(w, &ra, se, 1));
    CHECK_NEAR(ra.rss, 2 * r2.f, 1e3 * TU_EPS * ra.rss);
    /* exact 1/sigma^2 weights: the same fit, covariance without the s^2 factor */
    L.absolute_weights = 1;
    rb.cov = cov_abs;
    xc[0] = 500;
    xc[1] = 1e-4f;
    r1 = opt_lsq(misra, NULL, 14, 2, xc, &o, &L, &rb, NULL);
    CHECK_STATUS(r1.status, LA_OK);
    CHECK(xc[0] == xa[0] && xc[1] == xa[1]);
    for (i = 0; i < 4; ++i)
        CHECK_NEAR(cov_abs[i] * rb.sigma * rb.sigma, cov_rel[i], 1e3 * TU_EPS * fabs(cov_rel[i]));
    /* a zero weight drops the point */
    w[5] = 0;
    L.absolute_weights = 0;
    xa[0] = 500;
    xa[1] = 1e-4f;
    r1 = opt_lsq(misra, NULL, 14, 2, xa, &o, &L, &ra, NULL);
    c.skip = 5;
    xb[0] = 500;
    xb[1] = 1e-4f;
    r2 = opt_lm(misra_scaled, &c, 13, 2, xb, &o, NULL);
    CHECK_STATUS(r1.status, LA_OK);
    CHECK_NEAR(xa[0], xb[0], misra_band(w, &ra, se, 0));
    CHECK_NEAR(xa[1], xb[1], misra_band(w, &ra, se, 1));
    /* negative weight */
    w[5] = -1;
    r1 = opt_lsq(misra, NULL, 14, 2, xa, &o, &L, NULL, NULL);
    CHECK_STATUS(r1.status, LA_ERR_ARG);
}

/* ---- opt_lsq_covariance against the normal equations in long double ---- */
TEST(lsq_covariance_matches_normal_equations) {
    la_rng g = la_rng_seed(3);
    const int m = 30, n = 4, ld = 7;
    la_mat J = tu_mat(m, n, ld);
    la_real cov[16], se[4];
    long double A[4][8], rss = 2.5L, s2 = rss / (m - n);
    la_int rank;
    int i, j, k;
    tu_rand_cond(&g, J, 10);
    for (i = 0; i < m; ++i) LA_AT(J, i, 2) *= 1000; /* a badly scaled column */
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) {
            long double s = 0;
            for (k = 0; k < m; ++k) s += (long double)LA_AT(J, k, i) * LA_AT(J, k, j);
            A[i][j] = s;
            A[i][n + j] = i == j;
        }
    for (k = 0; k < n; ++k) { /* Gauss-Jordan on the SPD normal matrix */
        long double p = A[k][k];
        for (j = 0; j < 2 * n; ++j) A[k][j] /= p;
        for (i = 0; i < n; ++i)
            if (i != k) {
                long double f = A[i][k];
                for (j = 0; j < 2 * n; ++j) A[i][j] -= f * A[k][j];
            }
    }
    CHECK_STATUS(opt_lsq_covariance(J, (la_real)rss, 0, cov, se, &rank, NULL), LA_OK);
    CHECK_INT(rank, n);
    for (i = 0; i < n; ++i) {
        /* column scaling makes the problem's condition ~ 10 */
        for (j = 0; j < n; ++j)
            CHECK_NEAR(cov[i * n + j], s2 * A[i][n + j], 100 * n * TU_EPS * 100 * sqrtl(s2 * s2 * A[i][n + i] * A[j][n + j]));
        CHECK_NEAR(se[i], sqrtl(s2 * A[i][n + i]), 1e4 * TU_EPS * sqrtl(s2 * A[i][n + i]));
    }
    /* rss < 0: s^2 = 1 */
    tu_rand_cond(&g, J, 10);
    CHECK_STATUS(opt_lsq_covariance(J, -1, 0, NULL, se, &rank, NULL), LA_OK);
    CHECK(se[0] > 0 && se[0] < LA_REAL_MAX);
    /* a zero column: rank n - 1, that parameter undetermined */
    tu_rand_cond(&g, J, 10);
    for (i = 0; i < m; ++i) LA_AT(J, i, 1) = 0;
    CHECK_STATUS(opt_lsq_covariance(J, 1, 0, cov, se, &rank, NULL), LA_OK);
    CHECK_INT(rank, n - 1);
    CHECK(se[1] > LA_REAL_MAX && cov[1 * n + 1] == 0 && cov[0 * n + 1] == 0);
    /* no degrees of freedom: s^2 undefined */
    {
        la_real sq[4] = {1, 0, 0, 2};
        CHECK_STATUS(opt_lsq_covariance(la_mat_of(2, 2, sq), 1, 0, cov, se, &rank, NULL), LA_OK);
        CHECK(rank == 2 && se[0] > LA_REAL_MAX && cov[0] > LA_REAL_MAX);
    }
    /* errors */
    LA_AT(J, 0, 0) = (la_real)NAN;
    CHECK_STATUS(opt_lsq_covariance(J, 1, 0, cov, se, &rank, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(opt_lsq_covariance(la_mat_ld(2, 2, 1, cov), 1, 0, cov, se, &rank, NULL), LA_ERR_ARG);
    tu_free(J.data);
}

/* ---- the Jacobian checker names the wrong column (and row) ---- */
typedef struct {
    int wrong_col, wrong_row;
} jc_ctx;
static int checked_model(const la_real *x, la_real *r, la_real *J, void *ctx) {
    const jc_ctx *c = (const jc_ctx *)ctx;
    int i;
    for (i = 0; i < 12; ++i) {
        la_real t = (la_real)(0.25 * i), e = (la_real)exp(-x[1] * t), s = (la_real)sin(x[3] * t);
        r[i] = x[0] * e + x[2] * s - 1;
        if (J) {
            J[4 * i] = e;
            J[4 * i + 1] = -x[0] * t * e;
            J[4 * i + 2] = s;
            J[4 * i + 3] = x[2] * t * (la_real)cos(x[3] * t);
            if (c->wrong_col == 3) J[4 * i + 3] = x[2] * (la_real)cos(x[3] * t); /* forgot t */
            if (c->wrong_row == i) J[4 * i + 1] *= -1;                           /* sign slip */
        }
    }
    return 0;
}

TEST(lsq_jacobian_check_points_at_the_wrong_column) {
    la_real x[4] = {2, 0.7f, 1.5f, 1.3f}, err[4];
    opt_check_jacobian_report rep;
    jc_ctx c;
    c.wrong_col = -1;
    c.wrong_row = -1;
    CHECK_STATUS(opt_check_jacobian(checked_model, &c, 12, 4, x, 0, err, &rep, NULL), LA_OK);
    CHECK_INT(rep.n_bad, 0);
    CHECK_LE(rep.worst_err, 1e3 * TU_EPS);
    c.wrong_col = 3;
    CHECK_STATUS(opt_check_jacobian(checked_model, &c, 12, 4, x, 0, err, &rep, NULL), LA_OK);
    CHECK_INT(rep.n_bad, 1);
    CHECK_INT(rep.worst_col, 3);
    CHECK(err[3] > 0.1 && err[0] < 1e-3 && err[1] < 1e-3 && err[2] < 1e-3);
    c.wrong_col = -1;
    c.wrong_row = 7;
    CHECK_STATUS(opt_check_jacobian(checked_model, &c, 12, 4, x, 0, NULL, &rep, NULL), LA_OK);
    CHECK_INT(rep.n_bad, 1);
    CHECK_INT(rep.worst_col, 1);
    CHECK_INT(rep.worst_row, 7);
    CHECK(rep.worst_err > 0.9);
    CHECK_STATUS(opt_check_jacobian(NULL, &c, 12, 4, x, 0, NULL, &rep, NULL), LA_ERR_ARG);
    CHECK_STATUS(opt_check_jacobian(checked_model, &c, -1, 4, x, 0, NULL, &rep, NULL), LA_ERR_DIM);
    x[0] = (la_real)NAN;
    CHECK_STATUS(opt_check_jacobian(checked_model, &c, 12, 4, x, 0, NULL, &rep, NULL), LA_ERR_NONFINITE);
}

TEST(lsq_difference_jacobians_are_accurate) {
    la_real x[4] = {2, 0.7f, 1.5f, 1.3f}, r[12], Ja[48], Jf[48], Jc[48], Jn[48];
    double hf = sqrt(TU_EPS), hc = pow(TU_EPS, 2.0 / 3.0);
    jc_ctx c;
    int i, j;
    c.wrong_col = -1;
    c.wrong_row = -1;
    checked_model(x, r, Ja, &c);
    CHECK_STATUS(opt_fd_jacobian(checked_model, &c, 12, 4, x, r, OPT_JAC_FORWARD, 0, la_mat_of(12, 4, Jf), NULL), LA_OK);
    CHECK_STATUS(opt_fd_jacobian(checked_model, &c, 12, 4, x, NULL, OPT_JAC_FORWARD, 0, la_mat_of(12, 4, Jn), NULL), LA_OK);
    CHECK_STATUS(opt_fd_jacobian(checked_model, &c, 12, 4, x, NULL, OPT_JAC_CENTRAL, 0, la_mat_of(12, 4, Jc), NULL), LA_OK);
    for (j = 0; j < 4; ++j) {
        double big = 0;
        for (i = 0; i < 12; ++i) big = fmax(big, fabs(Ja[4 * i + j]));
        for (i = 0; i < 12; ++i) {
            /* O(h) and O(h^2) truncation plus eps / h rounding, h from the precision */
            CHECK_NEAR(Jf[4 * i + j], Ja[4 * i + j], 100 * hf * (big + 1));
            CHECK_NEAR(Jc[4 * i + j], Ja[4 * i + j], 100 * hc * (big + 1));
            CHECK(Jn[4 * i + j] == Jf[4 * i + j]);
        }
    }
    CHECK_STATUS(opt_fd_jacobian(checked_model, &c, 12, 4, x, r, OPT_JAC_ANALYTIC, 0, la_mat_of(12, 4, Jf), NULL), LA_ERR_ARG);
    CHECK_STATUS(opt_fd_jacobian(checked_model, &c, 12, 4, x, r, OPT_JAC_FORWARD, 0, la_mat_of(12, 3, Jf), NULL), LA_ERR_DIM);
}

/* ---- stopping reasons, limits, m < n ---- */
static int circle(const la_real *x, la_real *r, la_real *J, void *ctx) {
    (void)ctx;
    r[0] = x[0] * x[0] + x[1] * x[1] - 1;
    if (J) {
        J[0] = 2 * x[0];
        J[1] = 2 * x[1];
    }
    return 0;
}

TEST(lsq_reasons_limits_and_underdetermined) {
    la_real x[2];
    opt_options o;
    opt_lsq_report rep;
    opt_result r;
    int meth;
    /* ftol with MINPACK's defaults (sqrt(eps)) */
    x[0] = 500;
    x[1] = 1e-4f;
    r = opt_lm(misra, NULL, 14, 2, x, NULL, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK(r.reason == OPT_REASON_FTOL || r.reason == OPT_REASON_XTOL);
    CHECK_LE(r.measure, r.threshold);
    CHECK_NEAR(x[0], 238.94212918, 1e-5 * 239 + 1e3 * TU_EPS * 239);
    /* gtol */
    o = lsq_opts(1e-30, 1e-30);
    o.gtol = 1e-3f;
    x[0] = 500;
    x[1] = 1e-4f;
    memset(&rep, 0, sizeof rep);
    r = opt_lsq(misra, NULL, 14, 2, x, &o, NULL, &rep, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK_INT(r.reason, OPT_REASON_GTOL);
    CHECK_INT(rep.info, 4);
    CHECK_LE(r.measure, 1e-3);
    /* negative tolerances switch the tests off: only gtol can stop */
    o = lsq_opts(-1, -1);
    o.gtol = 1e-3f;
    x[0] = 500;
    x[1] = 1e-4f;
    r = opt_lsq(misra, NULL, 14, 2, x, &o, NULL, &rep, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK_INT(r.reason, OPT_REASON_GTOL);
    /* bounds through opt_options */
    {
        la_real up[2] = {200, 1};
        o = lsq_opts(1e-30, 1e-12);
        o.upper = up;
        x[0] = 500;
        x[1] = 1e-4f;
        r = opt_lsq(misra, NULL, 14, 2, x, &o, NULL, &rep, NULL);
        CHECK_STATUS(r.status, LA_OK);
        CHECK(x[0] == 200 && rep.n_active == 1);
    }
    /* evaluation and iteration limits */
    o = lsq_opts(1e-30, 1e-30);
    o.max_evals = 5;
    x[0] = 500;
    x[1] = 1e-4f;
    r = opt_lsq(misra, NULL, 14, 2, x, &o, NULL, &rep, NULL);
    CHECK_STATUS(r.status, LA_ERR_NO_CONVERGENCE);
    CHECK_INT(r.reason, OPT_REASON_MAX_EVALS);
    CHECK_INT(rep.info, 5);
    CHECK_INT(r.f_evals, 5);
    CHECK(la_vec_isfinite(2, x) && r.f > 0);
    o.max_evals = 0;
    o.max_iter = 2;
    x[0] = 500;
    x[1] = 1e-4f;
    r = opt_lsq(misra, NULL, 14, 2, x, &o, NULL, NULL, NULL);
    CHECK_STATUS(r.status, LA_ERR_NO_CONVERGENCE);
    CHECK_INT(r.reason, OPT_REASON_MAX_ITER);
    CHECK_INT(r.g_evals, 2);
    /* m < n: one residual, two parameters */
    for (meth = 0; meth < 3; ++meth) {
        opt_lsq_options L;
        memset(&L, 0, sizeof L);
        L.method = (opt_lsq_method)meth;
        o = lsq_opts(1e-30, 1e-14);
        x[0] = 2;
        x[1] = 1;
        r = opt_lsq(circle, NULL, 1, 2, x, &o, &L, NULL, NULL);
        CHECK_STATUS(r.status, LA_OK);
        CHECK_NEAR(x[0] * x[0] + x[1] * x[1], 1, 100 * TU_EPS);
    }
}

TEST(lsq_bad_input_and_workspace) {
    la_real x[2] = {500, 1e-4f}, d[2] = {1, 0}, w[14];
    opt_options o = lsq_opts(1e-10, 1e-10);
    opt_lsq_options L;
    opt_lsq_report rep;
    opt_result r;
    static unsigned char buf[1 << 16];
    la_arena ar;
    size_t need;
    int i;
    memset(&L, 0, sizeof L);
    CHECK_STATUS(opt_lm(NULL, NULL, 14, 2, x, &o, NULL).status, LA_ERR_ARG);
    CHECK_STATUS(opt_lm(misra, NULL, 14, 2, NULL, &o, NULL).status, LA_ERR_ARG);
    CHECK_STATUS(opt_lm(misra, NULL, 0, 2, x, &o, NULL).status, LA_ERR_DIM);
    CHECK_STATUS(opt_lm(misra, NULL, 14, 0, x, &o, NULL).status, LA_ERR_DIM);
    CHECK_INT(opt_lm(misra, NULL, 14, 0, x, &o, NULL).reason, OPT_REASON_ERROR);
    o.ftol = (la_real)NAN;
    CHECK_STATUS(opt_lm(misra, NULL, 14, 2, x, &o, NULL).status, LA_ERR_ARG);
    o = lsq_opts(1e-10, 1e-10);
    o.max_evals = -1;
    CHECK_STATUS(opt_lm(misra, NULL, 14, 2, x, &o, NULL).status, LA_ERR_ARG);
    o = lsq_opts(1e-10, 1e-10);
    L.method = (opt_lsq_method)7;
    CHECK_STATUS(opt_lsq(misra, NULL, 14, 2, x, &o, &L, NULL, NULL).status, LA_ERR_ARG);
    memset(&L, 0, sizeof L);
    L.loss_scale = -1;
    CHECK_STATUS(opt_lsq(misra, NULL, 14, 2, x, &o, &L, NULL, NULL).status, LA_ERR_ARG);
    memset(&L, 0, sizeof L);
    L.scaling = OPT_SCALE_USER;
    CHECK_STATUS(opt_lsq(misra, NULL, 14, 2, x, &o, &L, NULL, NULL).status, LA_ERR_ARG);
    L.diag = d;
    CHECK_STATUS(opt_lsq(misra, NULL, 14, 2, x, &o, &L, NULL, NULL).status, LA_ERR_ARG);
    d[1] = 1e4f; /* user scaling D = diag(1, 1e4) works */
    r = opt_lsq(misra, NULL, 14, 2, x, &o, &L, NULL, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK_NEAR(x[0], 238.94212918, 1e-4 * 239);
    memset(&L, 0, sizeof L);
    for (i = 0; i < 14; ++i) w[i] = 1;
    w[3] = (la_real)NAN;
    L.weights = w;
    CHECK_STATUS(opt_lsq(misra, NULL, 14, 2, x, &o, &L, NULL, NULL).status, LA_ERR_ARG);
    x[1] = (la_real)INFINITY;
    CHECK_STATUS(opt_lm(misra, NULL, 14, 2, x, &o, NULL).status, LA_ERR_NONFINITE);
    /* workspace: exactly opt_lsq_ws_bytes (+ the covariance's) suffices */
    need = opt_lsq_ws_bytes(14, 2, NULL);
    CHECK(need > 0 && need < sizeof buf);
    ar = la_arena_of(buf + 1, need);
    x[0] = 500;
    x[1] = 1e-4f;
    r = opt_lm(misra, NULL, 14, 2, x, &o, &ar);
    CHECK_STATUS(r.status, LA_OK);
    CHECK(ar.used == 0 && ar.peak <= need);
    ar = la_arena_of(buf, need / 2);
    CHECK_STATUS(opt_lm(misra, NULL, 14, 2, x, &o, &ar).status, LA_ERR_NOMEM);
    memset(&rep, 0, sizeof rep);
    rep.std_err = w;
    need = opt_lsq_ws_bytes(14, 2, NULL) + opt_lsq_covariance_ws_bytes(14, 2);
    ar = la_arena_of(buf + 3, need);
    r = opt_lsq(misra, NULL, 14, 2, x, &o, NULL, &rep, &ar);
    CHECK_STATUS(r.status, LA_OK);
    CHECK_NEAR(w[0], 2.7070075241, 1e-4 * 2.7);
    CHECK(ar.used == 0);
}

/* test_lsq_paths.c - opt.h's nonlinear least squares (section 7) on paths
 * the other least-squares tests leave out: a robust loss whose argument
 * overflows, difference Jacobians at bounds (a fixed parameter, the
 * one-sided second-order formula, an abort inside a difference), the dogleg
 * with an underflowing gradient, and every way each driver (Levenberg-
 * Marquardt / dogleg, Gauss-Newton, matrix-free LSQR) ends: MINPACK's info
 * codes 2, 5, 7, 8, the time and iteration limits, a callback stopping at
 * iteration 0, aborts and NaN from the residual function and the Jacobian
 * operator, a failed line search; and the report: residuals, a covariance
 * whose Jacobian fails, the covariance of an empty Jacobian. References are
 * closed forms, long-double normal equations and NIST's certified values. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "harness.h"
#include "testutil.h"
#include "nist.h"
#include "opt.h"

#define LP_NIST_DIR "tests/data/nist"

static opt_options lp_opts(double ftol, double xtol) {
    opt_options o;
    memset(&o, 0, sizeof o);
    o.ftol = (la_real)ftol;
    o.xtol = (la_real)xtol;
    return o;
}

static opt_lsq_options lp_lsq(opt_lsq_method m) {
    opt_lsq_options L;
    memset(&L, 0, sizeof L);
    L.method = m;
    return L;
}

/* ---- a wrapper that counts calls and injects aborts and NaN ---- */

typedef struct {
    opt_residual_fn f;
    void *ctx;
    int res_calls, jac_calls; /* calls without and with a Jacobian */
    int abort_res_at;         /* abort at this residual-only call (1-based; 0: never) */
    int abort_jac_at;         /* abort at this Jacobian call */
    int nan_res_from;         /* NaN residuals from this residual-only call on */
    int nan_jac_at;           /* NaN in the Jacobian at this Jacobian call */
    int nan_res_only_at;      /* NaN at this residual-only call alone */
    int nan_r_at_jac;         /* NaN residuals at this Jacobian call */
} lp_wrap;

static int lp_wrapped(const la_real *x, la_real *r, la_real *J, void *c) {
    lp_wrap *w = (lp_wrap *)c;
    int k, st;
    if (J) {
        k = ++w->jac_calls;
        if (k == w->abort_jac_at) return 1;
    } else {
        k = ++w->res_calls;
        if (k == w->abort_res_at) return 1;
    }
    st = w->f(x, r, J, w->ctx);
    if (!J && ((w->nan_res_from && k >= w->nan_res_from) || k == w->nan_res_only_at))
        r[0] = (la_real)NAN;
    if (J && k == w->nan_jac_at) J[0] = (la_real)NAN;
    if (J && k == w->nan_r_at_jac) r[0] = (la_real)NAN;
    return st;
}

static lp_wrap lp_wrap_of(opt_residual_fn f, void *ctx) {
    lp_wrap w;
    memset(&w, 0, sizeof w);
    w.f = f;
    w.ctx = ctx;
    return w;
}

/* ---- problems ---- */

/* A straight line y = x0 + x1 t through LP_M points (nonzero residual). */
#define LP_M 6
static const double lp_t[LP_M] = {0, 1, 2, 3, 4, 5};
static const double lp_y[LP_M] = {1.0, 2.5, 5.5, 6.0, 9.5, 10.0};

static int lp_line(const la_real *x, la_real *r, la_real *J, void *c) {
    int i;
    (void)c;
    for (i = 0; i < LP_M; ++i) {
        r[i] = x[0] + x[1] * (la_real)lp_t[i] - (la_real)lp_y[i];
        if (J) {
            J[2 * i] = 1;
            J[2 * i + 1] = (la_real)lp_t[i];
        }
    }
    return 0;
}

/* The least-squares line of (lp_t, y) in long double. */
static void lp_line_fit(const double *y, long double *a, long double *b) {
    long double st = 0, sy = 0, stt = 0, sty = 0, m = LP_M;
    int i;
    for (i = 0; i < LP_M; ++i) {
        st += lp_t[i];
        sy += y[i];
        stt += (long double)lp_t[i] * lp_t[i];
        sty += (long double)lp_t[i] * y[i];
    }
    *b = (m * sty - st * sy) / (m * stt - st * st);
    *a = (sy - *b * st) / m;
}

/* y = a exp(b t), zero residual at (a, b) = (2, -1/2). */
static int lp_exp(const la_real *x, la_real *r, la_real *J, void *c) {
    int i;
    (void)c;
    for (i = 0; i < LP_M; ++i) {
        double t = lp_t[i], e = exp((double)x[1] * t);
        r[i] = (la_real)(x[0] * e - 2 * exp(-0.5 * t));
        if (J) {
            J[2 * i] = (la_real)e;
            J[2 * i + 1] = (la_real)(x[0] * t * e);
        }
    }
    return 0;
}

/* ---- robust loss: a residual so large that (|f| / C)^2 overflows ---- */

/* Six points on y = 1 + 2 t and one at 1e3 sqrt(LA_REAL_MAX). */
static int lp_outlier(const la_real *x, la_real *r, la_real *J, void *c) {
    int i;
    (void)c;
    for (i = 0; i < 7; ++i) {
        la_real t = (la_real)i, y = i < 6 ? 1 + 2 * t : (la_real)(1e3 * sqrt((double)LA_REAL_MAX));
        r[i] = x[0] + x[1] * t - y;
        if (J) {
            J[2 * i] = 1;
            J[2 * i + 1] = t;
        }
    }
    return 0;
}

TEST(lsq_paths_cauchy_loss_with_an_overflowing_outlier) {
    int k;
    for (k = 0; k < 2; ++k) {
        la_real x[2] = {0, 0};
        opt_options o = lp_opts(1e-30, 1e-30);
        opt_lsq_options L = lp_lsq(k ? OPT_LSQ_GAUSS_NEWTON : OPT_LSQ_LM);
        opt_result r;
        /* rho = log(1 + z) keeps F finite (the outlier adds about
         * log(|f| / C)); where z itself overflows the outlier's row is flat
         * (rho' = 0), its limit: the Cauchy fit is the line through the six
         * other points exactly */
        L.loss = OPT_LOSS_CAUCHY;
        r = opt_lsq(lp_outlier, NULL, 7, 2, x, &o, &L, NULL, NULL);
        CHECK_STATUS(r.status, LA_OK);
        CHECK_NEAR(x[0], 1, 100 * TU_EPS);
        CHECK_NEAR(x[1], 2, 100 * TU_EPS);
        CHECK(la_vec_isfinite(1, &r.f) && r.f > 0);
    }
}

/* ---- difference Jacobians at bounds ---- */

/* y = x0 + x1 t + x2 t^2 through the line's data; ctx (may be NULL)
 * counts the evaluations at x2 != 1/4. */
static int lp_quad(const la_real *x, la_real *r, la_real *J, void *c) {
    int i;
    if (c && x[2] != 0.25f) ++*(int *)c;
    for (i = 0; i < LP_M; ++i) {
        la_real t = (la_real)lp_t[i];
        r[i] = x[0] + x[1] * t + x[2] * t * t - (la_real)lp_y[i];
        if (J) {
            J[3 * i] = 1;
            J[3 * i + 1] = t;
            J[3 * i + 2] = t * t;
        }
    }
    return 0;
}

TEST(lsq_paths_forward_differences_with_a_fixed_parameter) {
    la_real x[3] = {0, 0, 0.25f}, lo[3] = {-100, -100, 0.25f}, up[3] = {100, 100, 0.25f};
    opt_options o = lp_opts(1e-30, 1e-14);
    opt_lsq_options L = lp_lsq(OPT_LSQ_LM);
    opt_lsq_report rep;
    opt_result r;
    double y[LP_M];
    long double a, b;
    int i, moved = 0;
    /* x2 fixed at 0.25 by lower = upper: its difference column is zero (no
     * evaluation), the fit is the line through y - 0.25 t^2 */
    L.jacobian = OPT_JAC_FORWARD;
    L.lower = lo;
    L.upper = up;
    memset(&rep, 0, sizeof rep);
    r = opt_lsq(lp_quad, &moved, LP_M, 3, x, &o, &L, &rep, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK(x[2] == 0.25f);
    CHECK_INT(rep.n_active, 1);
    CHECK_INT(moved, 0); /* x2 was never perturbed */
    for (i = 0; i < LP_M; ++i) y[i] = lp_y[i] - 0.25 * lp_t[i] * lp_t[i];
    lp_line_fit(y, &a, &b);
    /* forward differences: relative error sqrt(eps) in J moves the fit */
    CHECK_NEAR(x[0], a, 100 * sqrt(TU_EPS));
    CHECK_NEAR(x[1], b, 100 * sqrt(TU_EPS));
}

TEST(lsq_paths_central_differences_next_to_a_bound) {
    la_real x[2] = {1, -0.3f}, lo[2], cov[4];
    double h = pow(TU_EPS, 1.0 / 3) * 0.5;
    opt_options o = lp_opts(1e-30, 1e-14);
    opt_lsq_options L = lp_lsq(OPT_LSQ_LM);
    opt_lsq_report rep;
    opt_result r;
    long double jtj[3] = {0, 0, 0}, det, c00, c01, c11;
    int i;
    /* the solution b = -1/2 lies h/10 above its lower bound, closer than
     * the central step h = eps^(1/3) |b|: the Jacobian there (the one of the
     * covariance) uses the one-sided three-point formula toward the room */
    lo[0] = -LA_REAL_MAX;
    lo[1] = (la_real)(-0.5 - 0.1 * h);
    L.jacobian = OPT_JAC_CENTRAL;
    L.lower = lo;
    L.absolute_weights = 1;
    memset(&rep, 0, sizeof rep);
    rep.cov = cov;
    r = opt_lsq(lp_exp, NULL, LP_M, 2, x, &o, &L, &rep, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK_NEAR(x[0], 2, 1e3 * pow(TU_EPS, 2.0 / 3));
    CHECK_NEAR(x[1], -0.5, 1e3 * pow(TU_EPS, 2.0 / 3));
    CHECK_INT(rep.n_active, 0);
    /* (J^T J)^-1 of the exact Jacobian at (2, -1/2), long double */
    for (i = 0; i < LP_M; ++i) {
        long double t = lp_t[i], e = expl(-0.5L * t), j0 = e, j1 = 2 * t * e;
        jtj[0] += j0 * j0;
        jtj[1] += j0 * j1;
        jtj[2] += j1 * j1;
    }
    det = jtj[0] * jtj[2] - jtj[1] * jtj[1];
    c00 = jtj[2] / det;
    c01 = -jtj[1] / det;
    c11 = jtj[0] / det;
    /* truncation O(h^2) of the three-point formula (a wrong formula errs by O(1)) */
    CHECK_NEAR(cov[0], c00, 1e3 * pow(TU_EPS, 2.0 / 3) * c00);
    CHECK_NEAR(cov[1], c01, 1e3 * pow(TU_EPS, 2.0 / 3) * fabsl(c01));
    CHECK_NEAR(cov[3], c11, 1e3 * pow(TU_EPS, 2.0 / 3) * c11);
    CHECK(cov[1] == cov[2]);
}

/* lp_exp counting the evaluations with x1 outside [lo, hi] (ctx), and the
 * largest distance outside. */
typedef struct {
    la_real lo, hi;
    int outside, calls;
    double worst;
} lp_box;

static int lp_exp_boxed(const la_real *x, la_real *r, la_real *J, void *c) {
    lp_box *b = (lp_box *)c;
    ++b->calls;
    if (x[1] < b->lo || x[1] > b->hi) {
        ++b->outside;
        b->worst = fmax(b->worst, fmax((double)b->lo - x[1], (double)x[1] - b->hi));
    }
    return lp_exp(x, r, J, NULL);
}

TEST(lsq_paths_central_differences_in_a_tight_box) {
    la_real x[2] = {1, -0.5f}, lo[2], up[2], cov[4];
    double h = pow(TU_EPS, 1.0 / 3) * 0.5;
    opt_options o = lp_opts(1e-30, 1e-14);
    opt_lsq_options L = lp_lsq(OPT_LSQ_LM);
    opt_lsq_report rep;
    opt_result r;
    lp_box box;
    long double jtj[3] = {0, 0, 0}, det;
    int i;
    /* b confined to [-1/2 - 0.3 h, -1/2 + 0.6 h], narrower than a central
     * difference's 2h: the one-sided formula with its step cut to half the
     * room, so that every evaluation stays in the box (section 7: "steps
     * kept inside the bounds") */
    lo[0] = -LA_REAL_MAX;
    up[0] = LA_REAL_MAX;
    lo[1] = (la_real)(-0.5 - 0.3 * h);
    up[1] = (la_real)(-0.5 + 0.6 * h);
    box.lo = lo[1];
    box.hi = up[1];
    box.outside = box.calls = 0;
    box.worst = 0;
    L.jacobian = OPT_JAC_CENTRAL;
    L.lower = lo;
    L.upper = up;
    L.absolute_weights = 1;
    memset(&rep, 0, sizeof rep);
    rep.cov = cov;
    r = opt_lsq(lp_exp_boxed, &box, LP_M, 2, x, &o, &L, &rep, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK_NEAR(x[0], 2, 1e3 * pow(TU_EPS, 2.0 / 3));
    CHECK_NEAR(x[1], -0.5, 1e3 * pow(TU_EPS, 2.0 / 3));
    CHECK(box.calls > 4);
    /* no evaluation farther out than rounding (a full central step would
     * leave the box by about h) */
    CHECK_LE(box.worst, 2 * TU_EPS * 0.5);
    /* and none outside at all: x + 2 h1 rounded one ulp past the bound
     * (x1 = -0.49999818336366425 with upper -0.49999818336366431 in
     * double) before it was clamped */
    CHECK_INT(box.outside, 0);
    for (i = 0; i < LP_M; ++i) {
        long double t = lp_t[i], e = expl(-0.5L * t), j0 = e, j1 = 2 * t * e;
        jtj[0] += j0 * j0;
        jtj[1] += j0 * j1;
        jtj[2] += j1 * j1;
    }
    det = jtj[0] * jtj[2] - jtj[1] * jtj[1];
    CHECK_NEAR(cov[0], jtj[2] / det, 1e3 * pow(TU_EPS, 2.0 / 3) * jtj[2] / det);
    CHECK_NEAR(cov[3], jtj[0] / det, 1e3 * pow(TU_EPS, 2.0 / 3) * jtj[0] / det);
}

TEST(lsq_paths_difference_jacobian_aborts_and_nan) {
    la_real x[2] = {1, -0.3f}, lo[2] = {-10, -0.3f}, J[LP_M * 2], r0[LP_M];
    opt_check_jacobian_report cr;
    int k;
    /* the residual function aborts inside a difference column: forward,
     * central, and the one-sided formula at the bound x1 = lower */
    for (k = 0; k < 3; ++k) {
        lp_wrap w = lp_wrap_of(lp_exp, NULL);
        opt_options o = lp_opts(0, 0);
        opt_lsq_options L = lp_lsq(OPT_LSQ_LM);
        opt_lsq_report rep;
        opt_result r;
        x[0] = 1;
        x[1] = -0.3f;
        L.jacobian = k == 0 ? OPT_JAC_FORWARD : OPT_JAC_CENTRAL;
        if (k == 2) L.lower = lo;
        /* call 1: r(x0); then the differences (k = 2: column 0 central,
         * calls 2 and 3, column 1 one-sided from call 4) */
        w.abort_res_at = k == 2 ? 4 : 2;
        memset(&rep, 0, sizeof rep);
        r = opt_lsq(lp_wrapped, &w, LP_M, 2, x, &o, &L, &rep, NULL);
        CHECK_STATUS(r.status, LA_ERR_ABORTED);
        CHECK_INT(r.reason, OPT_REASON_CALLBACK);
        CHECK_INT(rep.info, -1);
        CHECK(x[0] == 1 && x[1] == (la_real)-0.3f); /* the last accepted point */
        CHECK_INT(r.iterations, 0);
    }
    /* opt_fd_jacobian: an abort at r(x) (r not given) or at a probe */
    {
        lp_wrap w = lp_wrap_of(lp_exp, NULL);
        w.abort_res_at = 1;
        CHECK_STATUS(opt_fd_jacobian(lp_wrapped, &w, LP_M, 2, x, NULL, OPT_JAC_FORWARD, 0,
                                     la_mat_of(LP_M, 2, J), NULL),
                     LA_ERR_ABORTED);
        w = lp_wrap_of(lp_exp, NULL);
        w.abort_res_at = 2;
        CHECK_STATUS(opt_fd_jacobian(lp_wrapped, &w, LP_M, 2, x, NULL, OPT_JAC_CENTRAL, 0,
                                     la_mat_of(LP_M, 2, J), NULL),
                     LA_ERR_ABORTED);
        /* NaN in r(x), given or evaluated */
        w = lp_wrap_of(lp_exp, NULL);
        w.nan_res_only_at = 1;
        CHECK_STATUS(opt_fd_jacobian(lp_wrapped, &w, LP_M, 2, x, NULL, OPT_JAC_FORWARD, 0,
                                     la_mat_of(LP_M, 2, J), NULL),
                     LA_ERR_NONFINITE);
        lp_exp(x, r0, NULL, NULL);
        r0[3] = (la_real)INFINITY;
        CHECK_STATUS(opt_fd_jacobian(lp_exp, NULL, LP_M, 2, x, r0, OPT_JAC_FORWARD, 0,
                                     la_mat_of(LP_M, 2, J), NULL),
                     LA_ERR_NONFINITE);
    }
    /* opt_check_jacobian: an abort at x, NaN in r(x) or in J(x); the report
     * keeps its empty verdict */
    {
        lp_wrap w = lp_wrap_of(lp_exp, NULL);
        w.abort_jac_at = 1;
        memset(&cr, 0x7f, sizeof cr);
        CHECK_STATUS(opt_check_jacobian(lp_wrapped, &w, LP_M, 2, x, 0, NULL, &cr, NULL),
                     LA_ERR_ABORTED);
        CHECK(cr.n_bad == 0 && cr.worst_col == 0 && cr.worst_row == 0 && cr.worst_err == 0);
        for (k = 0; k < 2; ++k) {
            w = lp_wrap_of(lp_exp, NULL);
            if (k)
                w.nan_jac_at = 1;
            else
                w.nan_r_at_jac = 1;
            CHECK_STATUS(opt_check_jacobian(lp_wrapped, &w, LP_M, 2, x, 0, NULL, &cr, NULL),
                         LA_ERR_NONFINITE);
            CHECK(cr.n_bad == 0 && cr.worst_err == 0);
            CHECK_INT(w.res_calls, 0); /* no difference was taken */
        }
    }
}

/* ---- the dogleg when the scaled gradient underflows ---- */

/* r = s (x - 1) with s^2 below the smallest subnormal: J^T r underflows to 0
 * while r, J and the Gauss-Newton step are representable. */
static int lp_tiny(const la_real *x, la_real *r, la_real *J, void *c) {
    la_real s = *(const la_real *)c;
    r[0] = s * (x[0] - 1);
    if (J) J[0] = s;
    return 0;
}

TEST(lsq_paths_dogleg_with_an_underflowing_gradient) {
    la_real s = (la_real)pow((double)LA_REAL_MIN, 0.62), x[1] = {1e-3f};
    opt_options o = lp_opts(0, 0);
    opt_lsq_options L = lp_lsq(OPT_LSQ_DOGLEG);
    opt_result r;
    CHECK(s > 0 && s * s == 0);
    /* Delta = 100 ||D x0|| = 0.1 s is shorter than the Gauss-Newton step
     * (||D p|| ~ s) and the gradient direction is lost: the dogleg falls
     * back to the Gauss-Newton direction cut at the boundary. The problem is
     * linear: the radius grows and x reaches 1 */
    r = opt_lsq(lp_tiny, &s, 1, 1, x, &o, &L, NULL, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK_NEAR(x[0], 1, 10 * TU_EPS);
}

/* ---- Levenberg-Marquardt and dogleg: how the trust-region driver ends ---- */

static int lp_stop_at(const opt_progress *p, void *c) {
    return p->iteration >= *(const int *)c;
}

/* A residual that waits for the processor clock to advance (time limit). */
static int lp_slow_line(const la_real *x, la_real *r, la_real *J, void *c) {
    clock_t t0 = clock();
    while (clock() == t0) {
    }
    return lp_line(x, r, J, c);
}

/* r = (x - 1, x + 1): at x = 0 the residual is orthogonal to J's column */
static int lp_orth(const la_real *x, la_real *r, la_real *J, void *c) {
    (void)c;
    r[0] = x[0] - 1;
    r[1] = x[0] + 1;
    if (J) J[0] = J[1] = 1;
    return 0;
}

/* Misra1a's certified b1, b2 within a relative tol. */
static void lp_check_misra(const la_real *b, double tol) {
    CHECK_NEAR(b[0], 2.3894212918e+02, tol * 2.3894212918e+02);
    CHECK_NEAR(b[1], 5.5015643181e-04, tol * 5.5015643181e-04);
}

#define LP_NIST_TOL (1e-6 + 1e4 * TU_EPS)

TEST(lsq_paths_trust_region_driver_stops) {
    int meth;
    for (meth = 0; meth < 2; ++meth) {
        opt_lsq_method method = meth ? OPT_LSQ_DOGLEG : OPT_LSQ_LM;
        la_real x[2];
        opt_options o;
        opt_lsq_options L = lp_lsq(method);
        opt_lsq_report rep;
        opt_result r;
        int zero = 0;
        /* the callback stops at iteration 0 (after the first Jacobian) */
        o = lp_opts(0, 0);
        o.callback = lp_stop_at;
        o.callback_ctx = &zero;
        x[0] = 3;
        x[1] = -1;
        memset(&rep, 0, sizeof rep);
        r = opt_lsq(lp_line, NULL, LP_M, 2, x, &o, &L, &rep, NULL);
        CHECK_STATUS(r.status, LA_ERR_ABORTED);
        CHECK_INT(r.reason, OPT_REASON_CALLBACK);
        CHECK_INT(rep.info, -1);
        CHECK(x[0] == 3 && x[1] == -1);
        CHECK_INT(r.iterations, 1);
        CHECK_INT(r.f_evals, 1);
        /* time limit: every evaluation takes a clock tick, so any positive
         * limit has run out after the first iteration (info -5) */
        o = lp_opts(0, 0);
        o.max_time = (la_real)1e-30;
        x[0] = 3;
        x[1] = -1;
        r = opt_lsq(lp_slow_line, NULL, LP_M, 2, x, &o, &L, &rep, NULL);
        CHECK_STATUS(r.status, LA_ERR_NO_CONVERGENCE);
        CHECK_INT(r.reason, OPT_REASON_MAX_TIME);
        CHECK_INT(rep.info, -5);
        CHECK_INT(r.iterations, 1);
        {
            la_real res[LP_M];
            lp_line(x, res, NULL, NULL);
            CHECK_NEAR(r.f, 0.5 * la_dot(LP_M, res, 1, res, 1), 10 * TU_EPS * r.f);
            CHECK_NEAR(rep.rss, 2 * r.f, 10 * TU_EPS * r.f);
        }
        /* info 8: at x = 0 the residual is orthogonal to the Jacobian; with
         * gtol switched off (negative) no step can reduce F and the cosine
         * is 0 <= eps: converged, reason GTOL, threshold eps */
        o = lp_opts(-1, -1);
        o.gtol = -1;
        x[0] = 0;
        r = opt_lsq(lp_orth, NULL, 2, 1, x, &o, &L, &rep, NULL);
        CHECK_STATUS(r.status, LA_OK);
        CHECK_INT(r.reason, OPT_REASON_GTOL);
        CHECK_INT(rep.info, 8);
        CHECK(x[0] == 0 && r.measure == 0 && r.threshold == LA_EPS);
        CHECK_NEAR(r.f, 1, 4 * TU_EPS); /* F = ((x-1)^2 + (x+1)^2) / 2 */
    }
}

TEST(lsq_paths_geodesic_probe_abort_and_info_7) {
    nist_problem p;
    la_real b[NIST_MAX_PARAMS], x[2] = {3, -1};
    lp_wrap w = lp_wrap_of(lp_line, NULL);
    opt_options o = lp_opts(0, 0);
    opt_lsq_options L = lp_lsq(OPT_LSQ_LM);
    opt_lsq_report rep;
    opt_result r;
    int meth, j;
    /* the residual function aborts at the geodesic acceleration's probe
     * (the second evaluation without a Jacobian): x stays the start */
    L.geodesic = 1;
    w.abort_res_at = 2;
    memset(&rep, 0, sizeof rep);
    r = opt_lsq(lp_wrapped, &w, LP_M, 2, x, &o, &L, &rep, NULL);
    CHECK_STATUS(r.status, LA_ERR_ABORTED);
    CHECK_INT(r.reason, OPT_REASON_CALLBACK);
    CHECK_INT(rep.info, -1);
    CHECK(x[0] == 3 && x[1] == -1);
    CHECK_INT(w.jac_calls, 1);
    /* Misra1a with ftol and xtol off: the radius collapses to eps ||D x||
     * (info 7, reason XTOL, threshold eps) at NIST's certified values */
    CHECK(nist_load(LP_NIST_DIR, "Misra1a", &p) == 0);
    if (p.n_params != 2) return;
    for (meth = 0; meth < 3; ++meth) {
        opt_lsq_options M = lp_lsq(meth == 2 ? OPT_LSQ_GAUSS_NEWTON
                                             : meth ? OPT_LSQ_DOGLEG : OPT_LSQ_LM);
        o = lp_opts(-1, -1);
        for (j = 0; j < 2; ++j) b[j] = (la_real)p.start[0][j];
        r = opt_lsq(nist_residual, &p, p.n_obs, 2, b, &o, &M, &rep, NULL);
        CHECK_STATUS(r.status, LA_OK);
        CHECK(rep.info == 7 || (LA_REAL_IS_FLOAT && (rep.info == 6 || rep.info == 8)));
        if (rep.info == 7) {
            CHECK_INT(r.reason, OPT_REASON_XTOL);
            CHECK(r.threshold == LA_EPS && r.measure <= LA_EPS);
        }
        lp_check_misra(b, LP_NIST_TOL);
        CHECK_NEAR(rep.rss, p.cert_rss, LP_NIST_TOL * p.cert_rss);
    }
    nist_free(&p);
}

/* ---- Gauss-Newton: how the line-search driver ends ---- */

/* r = log(x) - log(2): the full Gauss-Newton step from x = 10 lands at
 * x < 0, where the residual is NaN. */
static int lp_log(const la_real *x, la_real *r, la_real *J, void *c) {
    (void)c;
    r[0] = (la_real)(log((double)x[0]) - log(2.0));
    if (J) J[0] = 1 / x[0];
    return 0;
}

/* r = (x - 1) - v with v = eps (1 + eps): the root 1 + v is not
 * representable; from x = 1 the Gauss-Newton step v lands on 1 + eps. */
static int lp_eps_root(const la_real *x, la_real *r, la_real *J, void *c) {
    (void)c;
    r[0] = (x[0] - 1) - LA_EPS * (1 + LA_EPS);
    if (J) J[0] = 1;
    return 0;
}

/* r = x - 7/4: zero residual, linear. */
static int lp_root74(const la_real *x, la_real *r, la_real *J, void *c) {
    (void)c;
    r[0] = x[0] - 1.75f;
    if (J) J[0] = 1;
    return 0;
}

/* r = 1 at x = 0 and 3/2 elsewhere, with the (false) derivative -1: every
 * step along the Gauss-Newton direction raises F. */
static int lp_step_up(const la_real *x, la_real *r, la_real *J, void *c) {
    (void)c;
    r[0] = x[0] == 0 ? 1 : 1.5f;
    if (J) J[0] = -1;
    return 0;
}

TEST(lsq_paths_gauss_newton_driver_stops) {
    opt_lsq_options L = lp_lsq(OPT_LSQ_GAUSS_NEWTON);
    opt_lsq_report rep;
    opt_options o;
    opt_result r;
    la_real x[2];
    int zero = 0, one = 1;
    memset(&rep, 0, sizeof rep);
    /* NaN, or an abort, at the start: f_evals 1, x unchanged */
    {
        lp_wrap w = lp_wrap_of(lp_line, NULL);
        w.nan_res_only_at = 1;
        x[0] = 3;
        x[1] = -1;
        r = opt_lsq(lp_wrapped, &w, LP_M, 2, x, NULL, &L, &rep, NULL);
        CHECK_STATUS(r.status, LA_ERR_NONFINITE);
        CHECK_INT(r.reason, OPT_REASON_NONFINITE);
        CHECK_INT(rep.info, -2);
        CHECK(r.f_evals == 1 && r.iterations == 0 && x[0] == 3 && x[1] == -1);
        w = lp_wrap_of(lp_line, NULL);
        w.abort_res_at = 1;
        r = opt_lsq(lp_wrapped, &w, LP_M, 2, x, NULL, &L, &rep, NULL);
        CHECK_STATUS(r.status, LA_ERR_ABORTED);
        CHECK_INT(r.reason, OPT_REASON_CALLBACK);
        CHECK_INT(rep.info, -1);
        /* NaN in, or an abort at, the first Jacobian */
        w = lp_wrap_of(lp_line, NULL);
        w.nan_jac_at = 1;
        r = opt_lsq(lp_wrapped, &w, LP_M, 2, x, NULL, &L, &rep, NULL);
        CHECK_STATUS(r.status, LA_ERR_NONFINITE);
        CHECK_INT(rep.info, -2);
        CHECK(x[0] == 3 && x[1] == -1);
        w = lp_wrap_of(lp_line, NULL);
        w.abort_jac_at = 1;
        r = opt_lsq(lp_wrapped, &w, LP_M, 2, x, NULL, &L, &rep, NULL);
        CHECK_STATUS(r.status, LA_ERR_ABORTED);
        CHECK_INT(rep.info, -1);
        CHECK(x[0] == 3 && x[1] == -1);
        /* an abort at the line search's first trial */
        w = lp_wrap_of(lp_line, NULL);
        w.abort_res_at = 2;
        r = opt_lsq(lp_wrapped, &w, LP_M, 2, x, NULL, &L, &rep, NULL);
        CHECK_STATUS(r.status, LA_ERR_ABORTED);
        CHECK_INT(r.reason, OPT_REASON_CALLBACK);
        CHECK_INT(rep.info, -1);
        CHECK(x[0] == 3 && x[1] == -1);
    }
    /* the callback stops at iteration 0, then at iteration 1 */
    o = lp_opts(0, 0);
    o.callback = lp_stop_at;
    o.callback_ctx = &zero;
    r = opt_lsq(lp_line, NULL, LP_M, 2, x, &o, &L, &rep, NULL);
    CHECK_STATUS(r.status, LA_ERR_ABORTED);
    CHECK_INT(rep.info, -1);
    CHECK(x[0] == 3 && x[1] == -1 && r.iterations == 1);
    o.callback_ctx = &one;
    r = opt_lsq(lp_line, NULL, LP_M, 2, x, &o, &L, &rep, NULL);
    CHECK_STATUS(r.status, LA_ERR_ABORTED);
    CHECK_INT(r.reason, OPT_REASON_CALLBACK);
    CHECK_INT(rep.info, -1);
    {
        /* after one Gauss-Newton step on a linear model: the fit itself */
        double y[LP_M];
        long double a, b;
        int i;
        for (i = 0; i < LP_M; ++i) y[i] = lp_y[i];
        lp_line_fit(y, &a, &b);
        CHECK_NEAR(x[0], a, 100 * TU_EPS);
        CHECK_NEAR(x[1], b, 100 * TU_EPS);
    }
    /* the iteration limit: one Jacobian (info -4) */
    o = lp_opts(0, 0);
    o.max_iter = 1;
    x[0] = 3;
    x[1] = -1;
    r = opt_lsq(lp_line, NULL, LP_M, 2, x, &o, &L, &rep, NULL);
    CHECK_STATUS(r.status, LA_ERR_NO_CONVERGENCE);
    CHECK_INT(r.reason, OPT_REASON_MAX_ITER);
    CHECK_INT(rep.info, -4);
    CHECK(r.g_evals == 1 && r.measure == 1 && r.threshold == 1);
    /* a NaN trial point shortens the step tenfold; the fit converges */
    o = lp_opts(1e-30, 1e-14);
    x[0] = 10;
    r = opt_lsq(lp_log, NULL, 1, 1, x, &o, &L, &rep, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK_NEAR(x[0], 2, 10 * TU_EPS);
    /* max_evals: reached before a trial (the NaN one used the last) and
     * right after an accepted step (info 5) */
    o = lp_opts(-1, -1);
    o.max_evals = 2;
    x[0] = 10;
    r = opt_lsq(lp_log, NULL, 1, 1, x, &o, &L, &rep, NULL);
    CHECK_STATUS(r.status, LA_ERR_NO_CONVERGENCE);
    CHECK_INT(r.reason, OPT_REASON_MAX_EVALS);
    CHECK_INT(rep.info, 5);
    CHECK(x[0] == 10 && r.f_evals == 2 && r.measure == 2 && r.threshold == 2);
    x[0] = 3;
    x[1] = -1;
    r = opt_lsq(lp_line, NULL, LP_M, 2, x, &o, &L, &rep, NULL);
    CHECK_STATUS(r.status, LA_ERR_NO_CONVERGENCE);
    CHECK_INT(rep.info, 5);
    CHECK(r.f_evals == 2 && (x[0] != 3 || x[1] != -1));
    /* three evaluations on the log model: r(10), the NaN trial at the full
     * step 10 - 10 log 5, then a tenth of it, accepted (info 5) */
    o.max_evals = 3;
    x[0] = 10;
    r = opt_lsq(lp_log, NULL, 1, 1, x, &o, &L, &rep, NULL);
    CHECK_INT(rep.info, 5);
    CHECK_NEAR(x[0], 10 - log(5.0), 10 * TU_EPS * 10);
    /* info 7 after a step: the Gauss-Newton step eps (1 + eps) from x = 1
     * is larger than eps |x| there but not than eps |1 + eps| at the new
     * point, the representable neighbour of the root */
    x[0] = 1;
    o = lp_opts(-1, -1);
    r = opt_lsq(lp_eps_root, NULL, 1, 1, x, &o, &L, &rep, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK_INT(r.reason, OPT_REASON_XTOL);
    CHECK_INT(rep.info, 7);
    CHECK(x[0] == 1 + LA_EPS && r.threshold == LA_EPS && r.measure <= LA_EPS);
    /* info 2 after a step: xtol = 1/2, the step 3/4 from x = 1 exceeds
     * xtol |x| there but not xtol |7/4| at the root it reaches */
    x[0] = 1;
    o = lp_opts(-1, 0.5);
    r = opt_lsq(lp_root74, NULL, 1, 1, x, &o, &L, &rep, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK_INT(r.reason, OPT_REASON_XTOL);
    CHECK_INT(rep.info, 2);
    CHECK(x[0] == 1.75f && r.threshold == 0.5f);
    CHECK_NEAR(r.measure, 0.75 / 1.75, 4 * TU_EPS);
    /* no decrease along the direction in 60 trials: LA_ERR_LINESEARCH
     * (info -3), x = 0 unchanged (at x = 0 no step is below xtol ||D x||;
     * D = I). In float the step factor t, cut tenfold per trial, underflows
     * to 0 before the 60th trial (0.1^46 < the smallest subnormal) and the
     * step test 0 <= xtol * 0 ends the search instead */
    x[0] = 0;
    o = lp_opts(0, 0);
    L.scaling = OPT_SCALE_NONE;
    r = opt_lsq(lp_step_up, NULL, 1, 1, x, &o, &L, &rep, NULL);
    L.scaling = OPT_SCALE_JACOBIAN;
    CHECK(x[0] == 0 && r.f == 0.5f);
#if !LA_REAL_IS_FLOAT
    CHECK_STATUS(r.status, LA_ERR_LINESEARCH);
    CHECK_INT(r.reason, OPT_REASON_LINESEARCH);
    CHECK_INT(rep.info, -3);
    CHECK_INT(r.f_evals, 61);
#endif
}

TEST(lsq_paths_gauss_newton_xtol_stop_on_misra1a) {
    nist_problem p;
    la_real b[2];
    opt_options o = lp_opts(-1, 0);
    opt_lsq_options L = lp_lsq(OPT_LSQ_GAUSS_NEWTON);
    opt_lsq_report rep;
    opt_result r;
    int s;
    CHECK(nist_load(LP_NIST_DIR, "Misra1a", &p) == 0);
    if (p.n_params != 2) return;
    memset(&rep, 0, sizeof rep);
    for (s = 0; s < 2; ++s) {
        /* ftol off, xtol the default sqrt(eps): the full Gauss-Newton step
         * falls below xtol ||D x|| (info 2) at the certified values */
        b[0] = (la_real)p.start[s][0];
        b[1] = (la_real)p.start[s][1];
        r = opt_lsq(nist_residual, &p, p.n_obs, 2, b, &o, &L, &rep, NULL);
        CHECK_STATUS(r.status, LA_OK);
        CHECK_INT(rep.info, 2);
        CHECK_INT(r.reason, OPT_REASON_XTOL);
        CHECK_LE(r.measure, r.threshold);
        CHECK_NEAR(r.threshold, sqrt(TU_EPS), 4 * TU_EPS * sqrt(TU_EPS));
        lp_check_misra(b, LP_NIST_TOL);
    }
    nist_free(&p);
}

/* NaN at every trial point: the documented outcome (section 7) is
 * LA_ERR_NONFINITE, which the trust-region methods give. */
TEST(lsq_paths_nan_at_every_trial_point) {
    int meth;
    for (meth = 0; meth < 2; ++meth) {
        lp_wrap w = lp_wrap_of(lp_line, NULL);
        la_real x[2] = {3, -1};
        opt_lsq_options L = lp_lsq(meth ? OPT_LSQ_GAUSS_NEWTON : OPT_LSQ_LM);
        opt_lsq_report rep;
        opt_result r;
        memset(&rep, 0, sizeof rep);
        w.nan_res_from = 2;
        r = opt_lsq(lp_wrapped, &w, LP_M, 2, x, NULL, &L, &rep, NULL);
        /* x stays the start, far from stationary */
        CHECK(x[0] == 3 && x[1] == -1);
        if (meth == 0) {
            CHECK_STATUS(r.status, LA_ERR_NONFINITE);
            CHECK_INT(r.reason, OPT_REASON_NONFINITE);
            CHECK_INT(rep.info, -2);
        }
        /* Gauss-Newton too: its steps collapse on NaN trials alone, which
         * is not convergence (it once ended with LA_OK, XTOL, at the start) */
        CHECK_STATUS(r.status, LA_ERR_NONFINITE);
        CHECK_INT(r.reason, OPT_REASON_NONFINITE);
        CHECK_INT(rep.info, -2);
    }
}

/* ---- matrix-free LSQR steps: how the driver ends ---- */

/* A dense Jacobian behind the operator interface, from any residual
 * function with an analytic Jacobian; counts and fails on request. */
typedef struct {
    opt_residual_fn f;
    void *ctx;
    la_int m, n;
    la_real J[64], r[32];
    int apply_calls, fail_apply_at, fail_update, nan_norms;
    int trial_apply; /* apply_calls at the first trial evaluation */
    int res_calls;
} lp_op;

static int lp_op_update(const la_real *x, void *c) {
    lp_op *o = (lp_op *)c;
    if (o->fail_update) return 1;
    return o->f(x, o->r, o->J, o->ctx);
}

static int lp_op_apply(const la_real *v, la_real *out, void *c) {
    lp_op *o = (lp_op *)c;
    la_int i, j;
    if (++o->apply_calls == o->fail_apply_at) return 1;
    for (i = 0; i < o->m; ++i) {
        long double s = 0;
        for (j = 0; j < o->n; ++j) s += (long double)o->J[i * o->n + j] * v[j];
        out[i] = (la_real)s;
    }
    return 0;
}

static int lp_op_apply_t(const la_real *u, la_real *out, void *c) {
    lp_op *o = (lp_op *)c;
    la_int i, j;
    for (j = 0; j < o->n; ++j) {
        long double s = 0;
        for (i = 0; i < o->m; ++i) s += (long double)o->J[i * o->n + j] * u[i];
        out[j] = (la_real)s;
    }
    return 0;
}

static int lp_op_norms(la_real *out, void *c) {
    lp_op *o = (lp_op *)c;
    la_int i, j;
    for (j = 0; j < o->n; ++j) {
        long double s = 0;
        for (i = 0; i < o->m; ++i) s += (long double)o->J[i * o->n + j] * o->J[i * o->n + j];
        out[j] = (la_real)sqrtl(s);
    }
    if (o->nan_norms) out[0] = (la_real)NAN;
    return 0;
}

/* The residual function of an lp_op problem: records the products made
 * before the first trial point (the second evaluation). */
static int lp_op_residual(const la_real *x, la_real *r, la_real *J, void *c) {
    lp_op *o = (lp_op *)c;
    if (++o->res_calls == 2) o->trial_apply = o->apply_calls;
    return o->f(x, r, J, o->ctx);
}

static void lp_op_init(lp_op *o, opt_residual_fn f, void *ctx, la_int m, la_int n,
                       opt_jac_operator *op, opt_lsq_options *L, int with_norms) {
    memset(o, 0, sizeof *o);
    o->f = f;
    o->ctx = ctx;
    o->m = m;
    o->n = n;
    memset(op, 0, sizeof *op);
    op->update = lp_op_update;
    op->update_ctx = o;
    op->apply = lp_op_apply;
    op->apply_t = lp_op_apply_t;
    op->op = o;
    op->col_norms = with_norms ? lp_op_norms : NULL;
    *L = lp_lsq(OPT_LSQ_LM_LSQR);
    L->jac_op = op;
}

TEST(lsq_paths_lsqr_driver_stops) {
    lp_op P;
    opt_jac_operator op;
    opt_lsq_options L;
    opt_lsq_report rep;
    opt_options o;
    opt_result r;
    la_real x[2];
    int zero = 0, k;
    memset(&rep, 0, sizeof rep);
    /* NaN, or an abort, at the start */
    for (k = 0; k < 2; ++k) {
        lp_wrap w = lp_wrap_of(lp_line, NULL);
        if (k)
            w.abort_res_at = 1;
        else
            w.nan_res_only_at = 1;
        lp_op_init(&P, lp_line, NULL, LP_M, 2, &op, &L, 1);
        x[0] = 3;
        x[1] = -1;
        r = opt_lsq(lp_wrapped, &w, LP_M, 2, x, NULL, &L, &rep, NULL);
        CHECK_STATUS(r.status, k ? LA_ERR_ABORTED : LA_ERR_NONFINITE);
        CHECK_INT(r.reason, k ? OPT_REASON_CALLBACK : OPT_REASON_NONFINITE);
        CHECK_INT(rep.info, k ? -1 : -2);
        CHECK(r.f_evals == 1 && x[0] == 3 && x[1] == -1);
    }
    /* the operator's update aborts; its column norms are NaN */
    for (k = 0; k < 2; ++k) {
        lp_op_init(&P, lp_line, NULL, LP_M, 2, &op, &L, 1);
        if (k)
            P.nan_norms = 1;
        else
            P.fail_update = 1;
        r = opt_lsq(lp_line, NULL, LP_M, 2, x, NULL, &L, &rep, NULL);
        CHECK_STATUS(r.status, k ? LA_ERR_NONFINITE : LA_ERR_ABORTED);
        CHECK_INT(r.reason, k ? OPT_REASON_NONFINITE : OPT_REASON_CALLBACK);
        CHECK_INT(rep.info, k ? -2 : -1);
        CHECK(x[0] == 3 && x[1] == -1);
    }
    /* the iteration limit (info -4) and the callback at iteration 0 */
    lp_op_init(&P, lp_line, NULL, LP_M, 2, &op, &L, 1);
    o = lp_opts(0, 0);
    o.max_iter = 1;
    r = opt_lsq(lp_line, NULL, LP_M, 2, x, &o, &L, &rep, NULL);
    CHECK_STATUS(r.status, LA_ERR_NO_CONVERGENCE);
    CHECK_INT(r.reason, OPT_REASON_MAX_ITER);
    CHECK_INT(rep.info, -4);
    CHECK_INT(r.iterations, 1);
    x[0] = 3;
    x[1] = -1;
    o = lp_opts(0, 0);
    o.callback = lp_stop_at;
    o.callback_ctx = &zero;
    r = opt_lsq(lp_line, NULL, LP_M, 2, x, &o, &L, &rep, NULL);
    CHECK_STATUS(r.status, LA_ERR_ABORTED);
    CHECK_INT(r.reason, OPT_REASON_CALLBACK);
    CHECK_INT(rep.info, -1);
    CHECK(x[0] == 3 && x[1] == -1 && r.f_evals == 1);
    /* the residual orthogonal to J at the start: the gradient test, info 4
     * with gtol = 0 (default: an exactly zero cosine), info 8 with gtol off */
    for (k = 0; k < 2; ++k) {
        lp_op_init(&P, lp_orth, NULL, 2, 1, &op, &L, 1);
        o = lp_opts(0, 0);
        o.gtol = k ? -1 : 0;
        x[0] = 0;
        r = opt_lsq(lp_orth, NULL, 2, 1, x, &o, &L, &rep, NULL);
        CHECK_STATUS(r.status, LA_OK);
        CHECK_INT(r.reason, OPT_REASON_GTOL);
        CHECK_INT(rep.info, k ? 8 : 4);
        CHECK(x[0] == 0 && r.measure == 0 && r.threshold == (k ? LA_EPS : 0));
    }
    /* the product J p of the predicted reduction fails: find it as the last
     * product before the first trial evaluation, then fail it */
    lp_op_init(&P, lp_line, NULL, LP_M, 2, &op, &L, 1);
    x[0] = 3;
    x[1] = -1;
    r = opt_lsq(lp_op_residual, &P, LP_M, 2, x, NULL, &L, &rep, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK(P.trial_apply > 0);
    k = P.trial_apply;
    lp_op_init(&P, lp_line, NULL, LP_M, 2, &op, &L, 1);
    P.fail_apply_at = k;
    x[0] = 3;
    x[1] = -1;
    r = opt_lsq(lp_op_residual, &P, LP_M, 2, x, NULL, &L, &rep, NULL);
    CHECK_STATUS(r.status, LA_ERR_ABORTED);
    CHECK_INT(r.reason, OPT_REASON_CALLBACK);
    CHECK_INT(rep.info, -1);
    CHECK_INT(P.res_calls, 1); /* before the trial */
    CHECK(x[0] == 3 && x[1] == -1);
    /* the residual function aborts at the first trial */
    {
        lp_wrap w = lp_wrap_of(lp_line, NULL);
        w.abort_res_at = 2;
        lp_op_init(&P, lp_line, NULL, LP_M, 2, &op, &L, 1);
        r = opt_lsq(lp_wrapped, &w, LP_M, 2, x, NULL, &L, &rep, NULL);
        CHECK_STATUS(r.status, LA_ERR_ABORTED);
        CHECK_INT(rep.info, -1);
        CHECK(x[0] == 3 && x[1] == -1);
    }
    /* max_evals = 2: one step, then info 5 */
    lp_op_init(&P, lp_line, NULL, LP_M, 2, &op, &L, 1);
    o = lp_opts(-1, -1);
    o.max_evals = 2;
    r = opt_lsq(lp_line, NULL, LP_M, 2, x, &o, &L, &rep, NULL);
    CHECK_STATUS(r.status, LA_ERR_NO_CONVERGENCE);
    CHECK_INT(r.reason, OPT_REASON_MAX_EVALS);
    CHECK_INT(rep.info, 5);
    CHECK(r.f_evals == 2 && r.measure == 2 && r.threshold == 2);
}

/* r = x^2 - 4, root 2. */
static int lp_sq4(const la_real *x, la_real *r, la_real *J, void *c) {
    (void)c;
    r[0] = x[0] * x[0] - 4;
    if (J) J[0] = 2 * x[0];
    return 0;
}

TEST(lsq_paths_lsqr_eps_level_stops) {
    nist_problem p;
    lp_op P;
    opt_jac_operator op;
    opt_lsq_options L;
    opt_lsq_report rep;
    opt_options o = lp_opts(-1, -1);
    opt_result r;
    la_real b[2], x[1] = {1};
    /* ftol and xtol off: the last step, onto the root 2 from its
     * neighbour, is below eps |x| while F drops by all of it (info 7) */
    lp_op_init(&P, lp_sq4, NULL, 1, 1, &op, &L, 1);
    memset(&rep, 0, sizeof rep);
    r = opt_lsq(lp_sq4, NULL, 1, 1, x, &o, &L, &rep, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK_INT(rep.info, 7);
    CHECK_INT(r.reason, OPT_REASON_XTOL);
    CHECK(r.threshold == LA_EPS && r.measure <= LA_EPS);
    CHECK_NEAR(x[0], 2, 4 * TU_EPS);
    /* Misra1a the same way: eps-level stops at the certified values */
    CHECK(nist_load(LP_NIST_DIR, "Misra1a", &p) == 0);
    if (p.n_params != 2 || p.n_obs > 32) return;
    lp_op_init(&P, nist_residual, &p, p.n_obs, 2, &op, &L, 1);
    b[0] = (la_real)p.start[1][0];
    b[1] = (la_real)p.start[1][1];
    r = opt_lsq(nist_residual, &p, p.n_obs, 2, b, &o, &L, &rep, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK(rep.info >= 6 && rep.info <= 8);
    lp_check_misra(b, LP_NIST_TOL);
    nist_free(&p);
}

/* ---- the report: residuals, a failing covariance Jacobian, m = 0 ---- */

TEST(lsq_paths_report_residuals_and_covariance_failures) {
    la_real x[2] = {3, -1}, res[LP_M], want[LP_M], se[2];
    opt_options o = lp_opts(1e-30, 1e-14);
    opt_lsq_report rep;
    opt_result r;
    la_int nj;
    double y[LP_M];
    long double a, b;
    int i, k;
    /* residuals at the solution: the callback's r(x), bit for bit */
    memset(&rep, 0, sizeof rep);
    rep.residuals = res;
    r = opt_lsq(lp_line, NULL, LP_M, 2, x, &o, NULL, &rep, NULL);
    CHECK_STATUS(r.status, LA_OK);
    for (i = 0; i < LP_M; ++i) y[i] = lp_y[i];
    lp_line_fit(y, &a, &b);
    CHECK_NEAR(x[0], a, 100 * TU_EPS);
    CHECK_NEAR(x[1], b, 100 * TU_EPS);
    lp_line(x, want, NULL, NULL);
    for (i = 0; i < LP_M; ++i) CHECK(res[i] == want[i]);
    CHECK_NEAR(rep.rss, la_dot(LP_M, want, 1, want, 1), 10 * TU_EPS * rep.rss);
    nj = r.g_evals;
    /* the extra Jacobian of the covariance aborts, or holds a NaN: the
     * solve's x stands, the status and reason say what failed */
    for (k = 0; k < 2; ++k) {
        lp_wrap w = lp_wrap_of(lp_line, NULL);
        if (k)
            w.nan_jac_at = (int)nj + 1;
        else
            w.abort_jac_at = (int)nj + 1;
        x[0] = 3;
        x[1] = -1;
        memset(&rep, 0, sizeof rep);
        rep.std_err = se;
        r = opt_lsq(lp_wrapped, &w, LP_M, 2, x, &o, NULL, &rep, NULL);
        CHECK_STATUS(r.status, k ? LA_ERR_NONFINITE : LA_ERR_ABORTED);
        CHECK_INT(r.reason, k ? OPT_REASON_NONFINITE : OPT_REASON_CALLBACK);
        CHECK_INT(w.jac_calls, nj + 1);
        CHECK_INT(r.g_evals, k ? nj + 1 : nj);
        CHECK_NEAR(x[0], a, 100 * TU_EPS);
        CHECK_NEAR(x[1], b, 100 * TU_EPS);
        CHECK(rep.info >= 1 && rep.info <= 8); /* the solve converged */
    }
}

/* A buffer of `bytes` starting `offset` bytes past a 64-byte boundary. */
static la_arena lp_arena_at(unsigned char *buf, size_t offset, size_t bytes) {
    size_t mis = (size_t)((uintptr_t)buf % 64);
    return la_arena_of(buf + (64 - mis) % 64 + offset, bytes);
}

TEST(lsq_paths_covariance_workspace_and_empty_jacobian) {
    static unsigned char buf[8192];
    la_real J[6] = {1, 0, 1, 1, 1, 2}, Jc[6], cov[4], se[2], Jz[2];
    la_int rank = -1;
    size_t bytes = opt_lsq_covariance_ws_bytes(3, 2);
    la_arena ws;
    int k;
    /* a 0 x 2 Jacobian: nothing determined, rank 0, cov 0, std_err +Inf
     * (here with ample workspace) */
    cov[0] = cov[1] = cov[2] = cov[3] = 7;
    se[0] = se[1] = 7;
    ws = lp_arena_at(buf, 0, sizeof buf - 64);
    CHECK_STATUS(opt_lsq_covariance(la_mat_of(0, 2, Jz), 1, 0, cov, se, &rank, &ws), LA_OK);
    CHECK_INT(rank, 0);
    CHECK(cov[0] == 0 && cov[1] == 0 && cov[2] == 0 && cov[3] == 0);
    CHECK(se[0] > LA_REAL_MAX && se[1] > LA_REAL_MAX);
    /* the same with ws == NULL (it once crashed: the query counted colsc
     * and tau as one block of 2n reals, allocated as two, so with m = 0 and
     * no QR scratch to absorb the difference perm's allocation failed) */
    CHECK_STATUS(opt_lsq_covariance(la_mat_of(0, 2, Jz), 1, 0, cov, se, &rank, NULL), LA_OK);
    CHECK_INT(rank, 0);
    /* J = [1 0; 1 1; 1 2] with rss < 0: cov = (J^T J)^-1 = [5 -3; -3 3] / 6,
     * in exactly the documented workspace, on an aligned buffer and on one
     * starting 8 bytes past a boundary (the query includes the alignment) */
    for (k = 0; k < 2; ++k) {
        memcpy(Jc, J, sizeof J);
        ws = lp_arena_at(buf, k ? 8 : 0, bytes);
        CHECK_STATUS(opt_lsq_covariance(la_mat_of(3, 2, Jc), -1, 0, cov, se, &rank, &ws), LA_OK);
        CHECK_INT(rank, 2);
        CHECK_NEAR(cov[0], 5.0 / 6, 10 * TU_EPS);
        CHECK_NEAR(cov[1], -3.0 / 6, 10 * TU_EPS);
        CHECK(cov[1] == cov[2]);
        CHECK_NEAR(cov[3], 3.0 / 6, 10 * TU_EPS);
        CHECK_NEAR(se[0], sqrt(5.0 / 6), 10 * TU_EPS);
        CHECK_NEAR(se[1], sqrt(3.0 / 6), 10 * TU_EPS);
    }
}

/* r = x0 + x1 - 3: one residual, two parameters. */
static int lp_sum3(const la_real *x, la_real *r, la_real *J, void *c) {
    (void)c;
    r[0] = x[0] + x[1] - 3;
    if (J) J[0] = J[1] = 1;
    return 0;
}

TEST(lsq_paths_lsqr_covariance_with_fewer_residuals_than_parameters) {
    lp_op P;
    opt_jac_operator op;
    opt_lsq_options L;
    opt_lsq_report rep;
    opt_options o = lp_opts(1e-30, 1e-14);
    opt_result r;
    la_real x[2] = {0, 0}, cov[4], se[2];
    /* m = 1 < n = 2: the formed Jacobian is padded with a zero row; rank 1,
     * no degree of freedom left: the determined entries are +Inf (opt_lsq_
     * covariance's rule for m == rank), the other parameter's std_err +Inf */
    lp_op_init(&P, lp_sum3, NULL, 1, 2, &op, &L, 1);
    memset(&rep, 0, sizeof rep);
    rep.cov = cov;
    rep.std_err = se;
    r = opt_lsq(lp_sum3, NULL, 1, 2, x, &o, &L, &rep, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK_NEAR(x[0] + x[1], 3, 10 * TU_EPS);
    CHECK_NEAR(x[0], 1.5, 10 * TU_EPS); /* LSQR's minimum-norm step from 0 */
    CHECK_INT(rep.rank, 1);
    CHECK_INT(rep.dof, 0);
    CHECK(se[0] > LA_REAL_MAX && se[1] > LA_REAL_MAX);
    CHECK((cov[0] > LA_REAL_MAX) != (cov[3] > LA_REAL_MAX)); /* one determined, one not */
    CHECK(cov[1] == 0 && cov[2] == 0);
}

/* ---- LSQR with a large Jacobian and no column norms ---- */

/* r_i = S (x0 + x1 t_i) - y_i with S = LA_REAL_MAX^(3/4): J^T r overflows
 * in a plain sum of squares, F and the solution (a, b) / S do not. */
static int lp_big_line(const la_real *x, la_real *r, la_real *J, void *c) {
    la_real S = *(const la_real *)c;
    int i;
    for (i = 0; i < LP_M; ++i) {
        r[i] = S * x[0] + S * x[1] * (la_real)lp_t[i] - (la_real)lp_y[i];
        if (J) {
            J[2 * i] = S;
            J[2 * i + 1] = S * (la_real)lp_t[i];
        }
    }
    return 0;
}

TEST(lsq_paths_lsqr_large_jacobian_without_column_norms) {
    la_real S = (la_real)pow((double)LA_REAL_MAX, 0.75);
    lp_op P;
    opt_jac_operator op;
    opt_lsq_options L;
    opt_lsq_report rep;
    opt_result r;
    double y[LP_M];
    long double a, b;
    int i, k;
    for (i = 0; i < LP_M; ++i) y[i] = lp_y[i];
    lp_line_fit(y, &a, &b);
    for (k = 0; k < 3; ++k) {
        la_real x[2] = {0, 0};
        opt_lsq_options D = lp_lsq(OPT_LSQ_LM);
        lp_op_init(&P, lp_big_line, &S, LP_M, 2, &op, &L, k == 1);
        memset(&rep, 0, sizeof rep);
        r = opt_lsq(lp_big_line, &S, LP_M, 2, x, NULL, k == 2 ? &D : &L, &rep, NULL);
        if (k > 0) {
            /* with column norms (and the dense LM): the fit, scaled by 1/S */
            CHECK_STATUS(r.status, LA_OK);
            CHECK_NEAR(x[0] * S, a, 1e3 * sqrt(TU_EPS) * fabsl(a));
            CHECK_NEAR(x[1] * S, b, 1e3 * sqrt(TU_EPS) * fabsl(b));
        } else {
            /* without: D = I, and ||D^-1 J^T f|| overflows */
            CHECK(la_vec_isfinite(2, x));
            /* the norm of the scaled gradient is formed without overflow:
             * valid input is never LA_ERR_ARG (it once overflowed to Inf,
             * the LSQR tolerance became NaN and la_lsqr refused it). Without
             * column norms, ||J||^2 itself still overflows at this scale, an
             * honest LA_ERR_NONFINITE; with them (above) it solves. */
            CHECK(r.status == LA_OK || r.status == LA_ERR_NONFINITE);
        }
    }
}

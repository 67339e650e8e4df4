/* test_opt_newton.c - opt.h sections 5 and 6: Newton methods and trust
 * regions on the More-Garbow-Hillstrom problems, indefinite starts, the
 * trust-region and cubic subproblems against eigendecomposition-based
 * solutions, lazy Hessians, Hessian callbacks. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"
#include "opttest.h"
#include "mgh.h"

static opt_options ot_opts(void) {
    opt_options o;
    memset(&o, 0, sizeof o);
    return o;
}

#define OT_MGH_GTOL (LA_REAL_IS_FLOAT ? 1e-3 : 1e-6)
#define OT_MGH_GAP (LA_REAL_IS_FLOAT ? 1e-4 : 1e-8)

/* The same required set as the quasi-Newton tests. */
static const int ot_must_solve[] = {1,  2,  5,  7,  8,  9,  12, 13, 15, 18, 20, 21, 22,
                                    23, 25, 26, 27, 28, 29, 30, 31, 32, 35, 14};

/* Runs method m on the MGH set with the exact-gradient Hessian (dense
 * methods) or gradient differences (Hessian-free ones); skip, skip2:
 * required problems the method is excused from (0: none). */
static void ot_mgh_second_order(int m, int min_solved, int skip, int skip2) {
    int k, solved = 0, must = 0, nmust = 0;
    for (k = 0; k < mgh_count(); ++k) {
        const mgh_problem *p = mgh_get(k);
        double x0[MGH_MAXN], xd[MGH_MAXN], g[MGH_MAXN], f, gmax = 0;
        la_real x[MGH_MAXN];
        opt_options o = ot_opts();
        opt_result r;
        size_t q;
        int j, ok, required = 0;
        mgh_start(p, x0);
        for (j = 0; j < p->n; ++j) x[j] = (la_real)x0[j];
        o.gtol = (la_real)OT_MGH_GTOL;
        o.max_iter = 2000;
        r = ot_run(m, mgh_fn, mgh_hess, NULL, (void *)p, p->n, x, &o, NULL);
        for (j = 0; j < p->n; ++j) xd[j] = x[j];
        f = mgh_value(p, xd, g);
        for (j = 0; j < p->n; ++j) gmax = fmax(gmax, fabs(g[j]));
        /* float: at a minimum with f of order 1e2 the gradient's rounding
         * level exceeds gtol; stopping there (no acceptable step, or f
         * stagnating) counts when f is at a known minimum */
        ok = (r.status == LA_OK && gmax <= 10 * OT_MGH_GTOL) ||
             ((r.status == LA_OK || LA_REAL_IS_FLOAT) && mgh_fmin_gap(p, f) <= OT_MGH_GAP);
        for (q = 0; q < sizeof ot_must_solve / sizeof ot_must_solve[0]; ++q)
            if (ot_must_solve[q] == p->id && p->id != skip && p->id != skip2) required = 1;
        nmust += required;
        solved += ok;
        if (required) {
            must += ok;
            if (!ok)
                printf("  %s did not solve MGH %d (%s): %s, f = %g\n", ot_method_name(m), p->id,
                       p->name, opt_reason_str(r.reason), (double)r.f);
        }
        /* Hessian callbacks are counted; difference products are not */
        if (m == OT_NEWTON_CG || m == OT_TR_CG)
            CHECK_INT(r.h_evals, 0);
        else
            CHECK(r.h_evals >= 1);
    }
    CHECK_INT(must, nmust);
    if (LA_REAL_IS_FLOAT) min_solved -= 3; /* more problems end at f's resolution */
    CHECK(solved >= min_solved);
    if (solved < min_solved) printf("  %s: %d solved\n", ot_method_name(m), solved);
}

/* Excused: modified Newton from the helical valley (7), whose iterates
 * reach x_1 = 0 where the problem's angle function jumps; exact-Hessian
 * Newton and trust-region steps on Biggs EXP6 (18), where they approach a
 * manifold of singular Hessians and converge linearly (thousands of
 * iterations). */
TEST(opt_newton_mgh_modified_newton) { ot_mgh_second_order(OT_NEWTON, 29, 7, 18); }
TEST(opt_newton_mgh_newton_cg) { ot_mgh_second_order(OT_NEWTON_CG, 31, 0, 0); }
TEST(opt_newton_mgh_regularized) { ot_mgh_second_order(OT_NEWTON_REG, 30, 0, 0); }
TEST(opt_newton_mgh_cubic) { ot_mgh_second_order(OT_CUBIC, 31, 0, 0); }
TEST(opt_newton_mgh_lazy) { ot_mgh_second_order(OT_LAZY, 31, 0, 0); }
TEST(opt_newton_mgh_tr_more_sorensen) { ot_mgh_second_order(OT_TR_MORE_SORENSEN, 30, 18, 0); }
TEST(opt_newton_mgh_tr_dogleg) { ot_mgh_second_order(OT_TR_DOGLEG, 29, 18, 0); }
TEST(opt_newton_mgh_tr_steihaug) { ot_mgh_second_order(OT_TR_STEIHAUG, 30, 0, 0); }
TEST(opt_newton_mgh_tr_cg) { ot_mgh_second_order(OT_TR_CG, 31, 0, 0); }

/* f(x, y) = x^2 + (y^2 - 1)^2: minima (0, +-1), a saddle at the origin,
 * negative curvature in y for |y| < 1/sqrt(3). */
static la_real ot_saddle_fn(const la_real *x, la_real *g, void *c) {
    la_real t = x[1] * x[1] - 1;
    (void)c;
    if (g) {
        g[0] = 2 * x[0];
        g[1] = 4 * x[1] * t;
    }
    return x[0] * x[0] + t * t;
}
static int ot_saddle_hess(const la_real *x, la_mat H, void *c) {
    (void)c;
    LA_AT(H, 0, 0) = 2;
    LA_AT(H, 1, 0) = LA_AT(H, 0, 1) = 0;
    LA_AT(H, 1, 1) = 12 * x[1] * x[1] - 4;
    return 0;
}

TEST(opt_newton_indefinite_start) {
    int m;
    for (m = OT_NEWTON; m < OT_METHOD_COUNT; ++m) {
        la_real x[2] = {0.5f, 0.1f}; /* Hessian diag(2, -3.88): indefinite */
        opt_options o = ot_opts();
        opt_result r;
        o.gtol = (la_real)(LA_REAL_IS_FLOAT ? 1e-4 : 1e-10);
        r = ot_run(m, ot_saddle_fn, ot_saddle_hess, NULL, NULL, 2, x, &o, NULL);
        CHECK_STATUS(r.status, LA_OK);
        CHECK_NEAR(x[0], 0, 1e-4);
        CHECK_NEAR(fabs((double)x[1]), 1, 1e-4);
        /* Rosenbrock from (0, 1), where its Hessian is diag(-398, 200) */
        {
            const mgh_problem *p = mgh_find(1);
            la_real y[2] = {0, 1};
            r = ot_run(m, mgh_fn, mgh_hess, NULL, (void *)p, 2, y, &o, NULL);
            CHECK_STATUS(r.status, LA_OK);
            CHECK_NEAR(y[0], 1, 1e-3);
            CHECK_NEAR(y[1], 1, 1e-3);
        }
    }
}

/* From (0.3, 0) the gradient has no y component: methods that use negative
 * curvature (cubic regularization, More-Sorensen's hard case) leave the
 * saddle's line; line-search Newton converges to the saddle, a stationary
 * point, as documented for such methods. */
TEST(opt_newton_escapes_saddle_by_negative_curvature) {
    int ms[3] = {OT_CUBIC, OT_LAZY, OT_TR_MORE_SORENSEN}, k;
    for (k = 0; k < 3; ++k) {
        la_real x[2] = {0.3f, 0};
        opt_options o = ot_opts();
        opt_result r;
        o.gtol = (la_real)(LA_REAL_IS_FLOAT ? 1e-4 : 1e-10);
        r = ot_run(ms[k], ot_saddle_fn, ot_saddle_hess, NULL, NULL, 2, x, &o, NULL);
        CHECK_STATUS(r.status, LA_OK);
        CHECK_NEAR(fabs((double)x[1]), 1, 1e-4);
        CHECK_LE(r.f, 1e-6);
    }
    {
        la_real x[2] = {0.3f, 0};
        opt_result r = opt_newton(ot_saddle_fn, ot_saddle_hess, NULL, 2, x, NULL, NULL);
        CHECK_STATUS(r.status, LA_OK);
        CHECK_NEAR(r.f, 1, LA_REAL_IS_FLOAT ? 1e-4 : 1e-6); /* the saddle, f = 1 */
    }
}

/* Reference solutions of the subproblems from the eigendecomposition, by
 * bisection of the secular equation in long double: trust region
 * (sigma = 0: ||s|| = delta) or cubic (delta = 0: ||s|| = lambda / sigma). */
static double ot_sub_reference(la_mat H, const la_real *g, double delta, double sigma,
                               double *s) {
    la_int n = H.rows, i, j, it;
    la_real *w = tu_reals((size_t)n);
    la_mat V = tu_mat(n, n, 0);
    long double gt[16], lo, hi, lam, nrm2 = 0, gn = 0;
    int hard = 0;
    la_eigh(H, w, V, NULL);
    for (i = 0; i < n; ++i) {
        long double t = 0;
        for (j = 0; j < n; ++j) t += (long double)LA_AT(V, j, i) * g[j];
        gt[i] = t;
        gn += t * t;
    }
    gn = sqrtl(gn);
    lo = w[0] < 0 ? -(long double)w[0] : 0;
    /* at lo: the norm without the components of w_0's eigenspace */
    for (i = 0; i < n; ++i) {
        long double den = w[i] + lo;
        if (den > 1e-12L * (1 + fabsl(lo))) nrm2 += gt[i] * gt[i] / (den * den);
        else if (fabsl(gt[i]) > 1e-12L * (1 + gn)) nrm2 = 1e300L;
    }
    if (sigma == 0 && w[0] > 0 && nrm2 <= (long double)delta * delta) {
        lam = 0; /* interior Newton step */
    } else if (nrm2 <= (sigma == 0 ? (long double)delta * delta : (lo / sigma) * (lo / sigma))) {
        hard = 1;
        lam = lo;
    } else {
        long double rad;
        hi = lo + (sigma == 0 ? gn / delta : sqrtl(sigma * gn)) + 1;
        for (it = 0; it < 400; ++it) {
            long double s2 = 0;
            lam = (lo + hi) / 2;
            for (i = 0; i < n; ++i) s2 += gt[i] * gt[i] / ((w[i] + lam) * (w[i] + lam));
            rad = sigma == 0 ? delta : lam / sigma;
            if (s2 > rad * rad) lo = lam; else hi = lam;
        }
    }
    {
        long double u[16], un = 0, rad = sigma == 0 ? delta : lam / sigma;
        for (i = 0; i < n; ++i) {
            long double den = w[i] + lam;
            u[i] = den > 1e-12L * (1 + fabsl(lam)) ? -gt[i] / den : 0;
            un += u[i] * u[i];
        }
        if (hard) u[0] = sqrtl(fmaxl(0, rad * rad - un));
        for (j = 0; j < n; ++j) {
            long double t = 0;
            for (i = 0; i < n; ++i) t += (long double)LA_AT(V, j, i) * u[i];
            s[j] = (double)t;
        }
    }
    tu_free(w);
    tu_free(V.data);
    return (double)lam;
}

/* g^T s + s^T H s / 2 (+ sigma ||s||^3 / 3) in long double. */
static double ot_model(la_mat H, const la_real *g, const double *s, double sigma) {
    long double m = 0, ss = 0;
    la_int i, j;
    for (i = 0; i < H.rows; ++i) {
        long double hs = 0;
        for (j = 0; j < H.rows; ++j) hs += (long double)LA_AT(H, i, j) * s[j];
        m += g[i] * (long double)s[i] + s[i] * hs / 2;
        ss += (long double)s[i] * s[i];
    }
    return (double)(m + sigma * ss * sqrtl(ss) / 3);
}

/* H = Q diag(d) Q^T with d log-spread, the smallest d0; g random, or with
 * no component along the eigenvector of d0 (hard), or zero. */
static void ot_sub_problem(la_rng *rng, la_int n, double d0, int gkind, la_mat H, la_real *g) {
    la_mat Q = tu_mat(n, n, 0);
    la_int i, j, k;
    tu_rand_orthogonal(rng, Q);
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) {
            long double s = 0;
            for (k = 0; k < n; ++k) {
                double d = k == 0 ? d0 : d0 + 0.5 + k; /* d0 simple and smallest */
                s += (long double)LA_AT(Q, i, k) * d * LA_AT(Q, j, k);
            }
            LA_AT(H, i, j) = (la_real)s;
        }
    for (i = 0; i < n; ++i) g[i] = gkind == 2 ? 0 : (la_real)la_rng_normal(rng);
    if (gkind == 1) { /* remove the component along column 0 of Q */
        long double c = 0;
        for (i = 0; i < n; ++i) c += (long double)g[i] * LA_AT(Q, i, 0);
        for (i = 0; i < n; ++i) g[i] -= (la_real)(c * LA_AT(Q, i, 0));
    }
    tu_free(Q.data);
}

TEST(opt_newton_trust_subproblem_against_eigen_reference) {
    la_rng rng = la_rng_seed(7);
    la_int n = 8, i;
    la_mat H = tu_mat(n, n, 0);
    la_real g[8], s[8];
    double sref[8], d0s[4] = {1, 1, -2, -2}, deltas[4] = {0.5, 50, 0.5, 10};
    int gkinds[4] = {0, 0, 0, 1}, c;
    double tight = LA_REAL_IS_FLOAT ? 1e-4 : 1e-9;
    for (c = 0; c < 6; ++c) {
        int gk = c < 4 ? gkinds[c] : c == 4 ? 1 : 2;
        double d0 = c < 4 ? d0s[c] : -2, delta = c < 4 ? deltas[c] : 3, lam_ref, m_ref, m_got;
        la_real lam = -1, sn;
        ot_sub_problem(&rng, n, d0, gk, H, g);
        lam_ref = ot_sub_reference(H, g, delta, 0, sref);
        m_ref = ot_model(H, g, sref, 0);
        CHECK_STATUS(opt_trust_subproblem(H, g, (la_real)delta, (la_real)tight, s, &lam, NULL),
                     LA_OK);
        {
            double sd[8];
            for (i = 0; i < n; ++i) sd[i] = s[i];
            m_got = ot_model(H, g, sd, 0);
        }
        sn = la_nrm2(n, s, 1);
        CHECK_LE(sn, delta * (1 + 10 * tight));
        CHECK_LE(m_got - m_ref, 4 * tight * fabs(m_ref) + 100 * TU_EPS * (1 + fabs(m_ref)));
        CHECK_NEAR(lam, lam_ref, 1e-3 * (1 + fabs(lam_ref)));
        if (c == 1) CHECK(lam == 0 && sn < delta); /* interior Newton step */
        /* the default accuracy: within 2% of the optimal model value */
        CHECK_STATUS(opt_trust_subproblem(H, g, (la_real)delta, 0, s, NULL, NULL), LA_OK);
        {
            double sd[8];
            for (i = 0; i < n; ++i) sd[i] = s[i];
            CHECK_LE(ot_model(H, g, sd, 0) - m_ref, 0.02 * fabs(m_ref) + 1e-12);
        }
    }
    CHECK_STATUS(opt_trust_subproblem(H, g, 0, 0, s, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(opt_trust_subproblem(la_mat_of(3, 8, H.data), g, 1, 0, s, NULL, NULL),
                 LA_ERR_DIM);
    g[2] = (la_real)NAN;
    CHECK_STATUS(opt_trust_subproblem(H, g, 1, 0, s, NULL, NULL), LA_ERR_NONFINITE);
    tu_free(H.data);
}

TEST(opt_newton_cubic_subproblem_against_eigen_reference) {
    la_rng rng = la_rng_seed(8);
    la_int n = 8, i, j;
    la_mat H = tu_mat(n, n, 0);
    la_real g[8], s[8], lam;
    double sref[8], sd[8];
    int c;
    for (c = 0; c < 5; ++c) {
        double d0 = c == 0 ? 1 : -2, sigma = c == 3 ? 10 : 0.5, lam_ref, m_ref, m_got;
        int gk = c <= 2 ? 0 : c == 3 ? 1 : 2;
        ot_sub_problem(&rng, n, d0, gk, H, g);
        lam_ref = ot_sub_reference(H, g, 0, sigma, sref);
        m_ref = ot_model(H, g, sref, sigma);
        CHECK_STATUS(opt_cubic_subproblem(H, g, (la_real)sigma, s, &lam, NULL), LA_OK);
        for (i = 0; i < n; ++i) sd[i] = s[i];
        m_got = ot_model(H, g, sd, sigma);
        CHECK_LE(m_got - m_ref, 1e3 * TU_EPS * (1 + fabs(m_ref)));
        CHECK_NEAR(lam, lam_ref, 1e4 * TU_EPS * (1 + fabs(lam_ref)));
        /* optimality: (H + lambda I) s = -g, lambda = sigma ||s|| */
        CHECK_NEAR(lam, sigma * la_nrm2(n, s, 1), 1e4 * TU_EPS * (1 + fabs(lam_ref)));
        for (i = 0; i < n; ++i) {
            double r = g[i] + lam * s[i];
            for (j = 0; j < n; ++j) r += LA_AT(H, i, j) * s[j];
            CHECK_LE(fabs(r), 1e4 * TU_EPS * (1 + la_nrm2(n, g, 1)));
        }
        if (c >= 1) CHECK(lam >= 2 - 1e3 * TU_EPS); /* H + lambda I PSD: lambda >= -d0 */
    }
    CHECK_STATUS(opt_cubic_subproblem(H, g, 0, s, NULL, NULL), LA_ERR_ARG);
    tu_free(H.data);
}

/* Lazy Hessians: the same minimizer with a fraction of the Hessians. */
TEST(opt_newton_lazy_hessians_save_hessians) {
    const mgh_problem *p = mgh_find(30); /* Broyden tridiagonal, n = 10 */
    la_real x1[10], x2[10];
    double x0[10];
    opt_options o = ot_opts();
    opt_result r1, r2, r3;
    int j;
    mgh_start(p, x0);
    for (j = 0; j < 10; ++j) x1[j] = x2[j] = (la_real)x0[j];
    o.gtol = (la_real)(LA_REAL_IS_FLOAT ? 1e-4 : 1e-9);
    r1 = opt_newton_cubic(mgh_fn, mgh_hess, (void *)p, 10, x1, &o, NULL);
    r2 = opt_newton_lazy(mgh_fn, mgh_hess, (void *)p, 10, x2, &o, NULL);
    CHECK_STATUS(r1.status, LA_OK);
    CHECK_STATUS(r2.status, LA_OK);
    CHECK_INT(r1.h_evals, r1.iterations + (r1.reason == OPT_REASON_GTOL ? 0 : 1));
    CHECK(r2.h_evals * 2 < r1.h_evals);
    CHECK(r2.h_evals <= r2.iterations / 10 + 1);
    for (j = 0; j < 10; ++j) CHECK_NEAR(x1[j], x2[j], 1e-4);
    /* hessian_reuse on opt_newton_cubic is the same method */
    for (j = 0; j < 10; ++j) x1[j] = (la_real)x0[j];
    o.hessian_reuse = 10;
    r3 = opt_newton_cubic(mgh_fn, mgh_hess, (void *)p, 10, x1, &o, NULL);
    CHECK_INT(r3.iterations, r2.iterations);
    CHECK_INT(r3.h_evals, r2.h_evals);
}

/* Regularized Newton on log cosh from |x - 1| = 3, where pure Newton steps
 * diverge: global convergence, and lambda -> 0 (superlinear) at the end. */
static int ot_last_radius(const opt_progress *p, void *c) {
    *(la_real *)c = p->radius;
    return 0;
}
TEST(opt_newton_regularized_converges_where_newton_diverges) {
    ot_logcosh lc;
    la_real x[4] = {4, -2, 4, 1.5f}, lam_last = -1;
    opt_options o = ot_opts();
    opt_result r;
    la_int i;
    lc.n = 4;
    lc.limit = 1e3f;
    lc.evals = 0;
    o.gtol = (la_real)(LA_REAL_IS_FLOAT ? 1e-5 : 1e-12);
    o.callback = ot_last_radius;
    o.callback_ctx = &lam_last;
    r = opt_newton_reg(ot_logcosh_fn, ot_logcosh_hess, &lc, 4, x, &o, NULL);
    CHECK_STATUS(r.status, LA_OK);
    for (i = 0; i < 4; ++i) CHECK_NEAR(x[i], 1, 1e-4);
    CHECK_LE(r.iterations, 40);
    CHECK(r.inner_iterations >= r.iterations);
    CHECK_LE(lam_last, LA_REAL_IS_FLOAT ? 1e-2 : 1e-5);
}

/* A quadratic: one Newton step; one trust-region step when the radius is
 * large; Newton-CG with exact products needs at most n CG iterations per
 * step. */
TEST(opt_newton_quadratic_in_one_step) {
    la_rng rng = la_rng_seed(4);
    la_int n = 6, i;
    la_real A[36], b[6], x[6];
    ot_quad q;
    opt_options o = ot_opts();
    opt_result r;
    tu_rand_spd(&rng, la_mat_of(n, n, A), 1e3);
    tu_vec_normal(&rng, n, b);
    q.n = n;
    q.A = A;
    q.b = b;
    o.gtol = (la_real)(LA_REAL_IS_FLOAT ? 1e-2 : 1e-8);
    for (i = 0; i < n; ++i) x[i] = 0;
    r = opt_newton(ot_quad_fn, ot_quad_hess, &q, n, x, &o, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK_INT(r.iterations, 1);
    CHECK_INT(r.h_evals, 1);
    for (i = 0; i < n; ++i) x[i] = 0;
    o.radius = 1e6f;
    r = opt_trust_region(ot_quad_fn, ot_quad_hess, &q, n, x, &o, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK_INT(r.iterations, 1);
    for (i = 0; i < n; ++i) x[i] = 0;
    o = ot_opts();
    o.gtol = (la_real)(LA_REAL_IS_FLOAT ? 1e-2 : 1e-8);
    r = opt_newton_cg(ot_quad_fn, ot_quad_hessvec, &q, n, x, &o, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK(r.h_evals > 0 && r.inner_iterations >= r.iterations);
    CHECK_LE(r.inner_iterations, r.iterations * (n + 1));
}

static int ot_hess_abort(const la_real *x, la_mat H, void *c) {
    (void)x;
    (void)H;
    (void)c;
    return 1;
}
static int ot_hess_nan(const la_real *x, la_mat H, void *c) {
    ot_saddle_hess(x, H, c);
    LA_AT(H, 1, 1) = (la_real)NAN;
    return 0;
}
static int ot_hessvec_abort(const la_real *x, const la_real *v, la_real *hv, void *c) {
    (void)x;
    (void)v;
    (void)hv;
    (void)c;
    return 1;
}

TEST(opt_newton_hessian_callbacks_abort_and_nan) {
    int m;
    for (m = OT_NEWTON; m < OT_METHOD_COUNT; ++m) {
        la_real x[2] = {0.5f, 0.1f};
        opt_result r;
        int hessfree = m == OT_NEWTON_CG || m == OT_TR_CG;
        r = ot_run(m, ot_saddle_fn, ot_hess_abort, ot_hessvec_abort, NULL, 2, x, NULL, NULL);
        CHECK_STATUS(r.status, LA_ERR_ABORTED);
        CHECK_INT(r.reason, OPT_REASON_CALLBACK);
        CHECK(x[0] == 0.5f && x[1] == 0.1f);
        if (!hessfree) {
            r = ot_run(m, ot_saddle_fn, ot_hess_nan, NULL, NULL, 2, x, NULL, NULL);
            CHECK_STATUS(r.status, LA_ERR_NONFINITE);
            CHECK_INT(r.reason, OPT_REASON_NONFINITE);
        }
    }
}

/* test_recovery.c - sparse.h section 6, the LASSO family: coordinate
 * descent for the LASSO and elastic net (dense and CSC designs, naive and
 * covariance updates, with and without screening), penalty factors,
 * positivity, intercept and standardization, FISTA and LARS against
 * coordinate descent, regularization paths and cross-validation. Every
 * solution is checked against the KKT conditions directly, with an
 * allowance derived from its duality gap, both computed independently in
 * long double (recref.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"
#include "recref.h"

/* The tightest gap tolerance each precision reaches reliably, and the
 * rounding in a computed gap: a few eps ||y||^2 (objective units). */
#define RT_TOL (LA_REAL_IS_FLOAT ? 1e-4 : 1e-9)
#define RT_GAP_SLACK(yy) (16 * TU_EPS * (yy))

static la_int rt_nnz(la_int n, const la_real *b) {
    la_int j, c = 0;
    for (j = 0; j < n; ++j) c += b[j] != 0;
    return c;
}

static la_real rt_lambda_max(la_mat X, const la_real *y, double alpha) {
    la_real lam[1];
    sp_lasso_opts o;
    memset(&o, 0, sizeof o);
    o.n_lambda = 1;
    CHECK_STATUS(sp_lambda_grid(X, y, (la_real)alpha, &o, lam, NULL), LA_OK);
    return lam[0];
}

/* Solve the elastic net on X (dense, or its CSC copy) and check status,
 * gap and KKT conditions. Returns the gap. */
static double rt_solve_check(la_mat X, const la_real *y, double lambda, double alpha, int csc,
                             const sp_lasso_opts *o, la_real *coef) {
    sp_info info;
    la_status st;
    double gap, yy = rr_sumsq(X.rows, y), m = X.rows;
    const la_real *pf = o ? o->penalty_factor : NULL;
    int positive = o && o->positive;
    lambda = (double)(la_real)lambda; /* the lambda the solver sees */
    alpha = (double)(la_real)alpha;
    if (csc) {
        sp_mat A = rr_csc(X);
        st = sp_enet_csc(&A, y, (la_real)lambda, (la_real)alpha, coef, o, &info, NULL);
        sp_free(&A);
    } else {
        st = sp_enet(X, y, (la_real)lambda, (la_real)alpha, coef, o, &info, NULL);
    }
    CHECK_STATUS(st, LA_OK);
    CHECK_INT(info.status, st);
    CHECK_INT(info.nnz, rt_nnz(X.cols, coef));
    gap = rr_gap(X, y, coef, lambda, alpha, pf, positive);
    CHECK_LE(gap, (o ? o->tol : 1e-4) * yy / m + RT_GAP_SLACK(yy));
    CHECK_LE(info.gap, info.gap_tol);
    CHECK_NEAR(info.gap_tol, (o ? o->tol : 1e-4) * yy / m, 1e-5 * yy / m);
    CHECK_LE(rr_kkt_excess(X, y, coef, 0, lambda, alpha, pf, positive, gap, 1e-12 * (lambda + 1)), 0);
    return gap;
}

TEST(recovery_lasso_kkt_shapes_modes_designs) {
    static const la_int shape[][2] = {{60, 20}, {40, 120}, {33, 33}, {7, 3}, {1, 5}, {5, 1}};
    static const double frac[] = {0.9, 0.3, 0.05};
    la_rng r = la_rng_seed(11);
    la_int s;
    for (s = 0; s < 6; ++s) {
        rr_problem p = rr_gaussian(&r, shape[s][0], shape[s][1], 3, 0.3, 0);
        la_real lmax = rt_lambda_max(p.X, p.y, 1), *b = tu_reals((size_t)p.n);
        int f, mode, csc;
        for (f = 0; f < 3; ++f)
            for (mode = 0; mode < 3; ++mode)
                for (csc = 0; csc < 2; ++csc) {
                    sp_lasso_opts o;
                    memset(&o, 0, sizeof o);
                    o.tol = RT_TOL;
                    o.max_iter = 100000;
                    o.mode = (sp_cd_mode)mode;
                    memset(b, 0, (size_t)p.n * sizeof(la_real));
                    rt_solve_check(p.X, p.y, frac[f] * lmax, 1, csc, &o, b);
                }
        /* at lambda_max the solution is zero */
        {
            sp_lasso_opts o;
            memset(&o, 0, sizeof o);
            memset(b, 0, (size_t)p.n * sizeof(la_real));
            CHECK_STATUS(sp_lasso(p.X, p.y, lmax * (1 + 8 * (la_real)TU_EPS), b, &o, NULL, NULL), LA_OK);
            CHECK_INT(rt_nnz(p.n, b), 0);
        }
        tu_free(b);
        rr_free(&p);
    }
}

TEST(recovery_lasso_fixed_entry_defaults) {
    /* o = NULL and info = NULL: scikit-learn's defaults (tol 1e-4) */
    la_rng r = la_rng_seed(12);
    rr_problem p = rr_gaussian(&r, 50, 80, 4, 0.1, 0);
    la_real *b = tu_reals(80), lmax = rt_lambda_max(p.X, p.y, 1);
    double yy = rr_sumsq(50, p.y);
    CHECK_STATUS(sp_lasso(p.X, p.y, lmax / 10, b, NULL, NULL, NULL), LA_OK);
    CHECK_LE(rr_gap(p.X, p.y, b, lmax / 10, 1, NULL, 0), 1e-4 * yy / 50 + RT_GAP_SLACK(yy));
    CHECK_STATUS(sp_enet(p.X, p.y, lmax / 10, (la_real)0.5, b, NULL, NULL, NULL), LA_OK);
    CHECK_LE(rr_gap(p.X, p.y, b, lmax / 10, 0.5, NULL, 0), 1e-4 * yy / 50 + RT_GAP_SLACK(yy));
    tu_free(b);
    rr_free(&p);
}

TEST(recovery_enet_kkt_and_ridge_closed_form) {
    static const double ratio[] = {1, 0.7, 0.2, 0};
    la_rng r = la_rng_seed(13);
    rr_problem p = rr_gaussian(&r, 45, 30, 5, 0.5, 0);
    la_real lmax = rt_lambda_max(p.X, p.y, 0.5), *b = tu_reals(30);
    int a, csc;
    for (a = 0; a < 4; ++a)
        for (csc = 0; csc < 2; ++csc) {
            sp_lasso_opts o;
            memset(&o, 0, sizeof o);
            o.tol = RT_TOL;
            o.max_iter = 100000;
            memset(b, 0, 30 * sizeof(la_real));
            rt_solve_check(p.X, p.y, 0.1 * lmax, ratio[a], csc, &o, b);
        }
    /* ridge (l1_ratio 0): (X^T X / m + lambda I) b = X^T y / m, solved here
       by Cholesky in working precision */
    {
        la_mat A = tu_mat(30, 30, 0), B = tu_mat(30, 1, 0);
        la_real lam = (la_real)(0.1 * lmax);
        la_int i, j, k;
        for (i = 0; i < 30; ++i) {
            long double s = 0;
            for (k = 0; k < 45; ++k) s += (long double)LA_AT(p.X, k, i) * p.y[k];
            LA_AT(B, i, 0) = (la_real)(s / 45);
            for (j = 0; j < 30; ++j) {
                s = 0;
                for (k = 0; k < 45; ++k) s += (long double)LA_AT(p.X, k, i) * LA_AT(p.X, k, j);
                LA_AT(A, i, j) = (la_real)(s / 45 + (i == j ? lam : 0));
            }
        }
        CHECK_STATUS(la_chol(A), LA_OK);
        CHECK_STATUS(la_chol_solve(A, B), LA_OK);
        {
            sp_lasso_opts o;
            memset(&o, 0, sizeof o);
            o.tol = RT_TOL;
            o.max_iter = 100000;
            memset(b, 0, 30 * sizeof(la_real));
            CHECK_STATUS(sp_enet(p.X, p.y, lam, 0, b, &o, NULL, NULL), LA_OK);
            /* strongly convex with modulus lambda: ||b - b*||^2 <= 2 gap / lambda */
            for (i = 0; i < 30; ++i)
                CHECK_NEAR(b[i], LA_AT(B, i, 0),
                           sqrt(2 * rr_gap(p.X, p.y, b, lam, 0, NULL, 0) / lam) + 1e3 * TU_EPS);
        }
        tu_free(A.data);
        tu_free(B.data);
    }
    tu_free(b);
    rr_free(&p);
}

TEST(recovery_penalty_factors_positive_adaptive) {
    la_rng r = la_rng_seed(14);
    rr_problem p = rr_gaussian(&r, 70, 40, 6, 0.2, 0);
    la_real *b = tu_reals(40), *w = tu_reals(40), lmax = rt_lambda_max(p.X, p.y, 1);
    la_int j;
    int csc, pos;
    for (j = 0; j < 40; ++j) w[j] = (la_real)(0.5 + la_rng_uniform(&r));
    w[3] = 0; /* unpenalized */
    for (csc = 0; csc < 2; ++csc)
        for (pos = 0; pos < 2; ++pos) {
            sp_lasso_opts o;
            memset(&o, 0, sizeof o);
            o.tol = RT_TOL;
            o.max_iter = 100000;
            o.penalty_factor = w;
            o.positive = pos;
            memset(b, 0, 40 * sizeof(la_real));
            rt_solve_check(p.X, p.y, 0.2 * lmax, 1, csc, &o, b);
            rt_solve_check(p.X, p.y, 0.2 * lmax, 0.6, csc, &o, b); /* warm started */
            if (pos)
                for (j = 0; j < 40; ++j) CHECK(b[j] >= 0);
        }
    /* adaptive LASSO (Zou 2006): weights 1 / |ridge estimate| */
    {
        sp_lasso_opts o;
        memset(&o, 0, sizeof o);
        o.tol = RT_TOL;
        o.max_iter = 100000;
        CHECK_STATUS(sp_enet(p.X, p.y, lmax / 100, 0, b, &o, NULL, NULL), LA_OK);
        for (j = 0; j < 40; ++j) w[j] = 1 / (fabs((double)b[j]) + (la_real)1e-3);
        o.penalty_factor = w;
        memset(b, 0, 40 * sizeof(la_real));
        rt_solve_check(p.X, p.y, 0.01 * lmax, 1, 0, &o, b);
        /* the adaptive weights recover the true support */
        for (j = 0; j < 40; ++j) CHECK((b[j] != 0) == (p.beta[j] != 0));
    }
    tu_free(w);
    tu_free(b);
    rr_free(&p);
}

/* Intercept and standardization against the manual computation: center
 * and scale the columns, center y, fit without intercept, map back. */
TEST(recovery_intercept_standardize_round_trip) {
    la_rng r = la_rng_seed(15);
    rr_problem p = rr_gaussian(&r, 80, 25, 5, 0.3, 0);
    la_mat Xc = tu_mat(80, 25, 0);
    la_real *yc = tu_reals(80), *mu = tu_reals(25), *sd = tu_reals(25), *b1 = tu_reals(25),
            *b2 = tu_reals(25), *b2s = tu_reals(25);
    la_int i, j;
    int std, csc;
    long double ym = 0;
    for (j = 0; j < 25; ++j)
        for (i = 0; i < 80; ++i) LA_AT(p.X, i, j) = (la_real)(LA_AT(p.X, i, j) * (1 + j % 4) + 3 - j % 5);
    for (i = 0; i < 80; ++i) p.y[i] += 10;
    for (i = 0; i < 80; ++i) ym += p.y[i];
    ym /= 80;
    for (i = 0; i < 80; ++i) yc[i] = (la_real)(p.y[i] - ym);
    for (j = 0; j < 25; ++j) {
        long double s = 0, v = 0;
        for (i = 0; i < 80; ++i) s += LA_AT(p.X, i, j);
        s /= 80;
        for (i = 0; i < 80; ++i) v += (LA_AT(p.X, i, j) - s) * (LA_AT(p.X, i, j) - s);
        mu[j] = (la_real)s;
        sd[j] = (la_real)sqrtl(v / 80);
    }
    for (std = 0; std < 2; ++std)
        for (csc = 0; csc < 2; ++csc) {
            sp_lasso_opts o;
            sp_info info;
            la_real lam = (la_real)0.15;
            double yy = rr_sumsq(80, yc), gap2, d, b0;
            memset(&o, 0, sizeof o);
            o.tol = RT_TOL;
            o.max_iter = 100000;
            for (i = 0; i < 80; ++i)
                for (j = 0; j < 25; ++j)
                    LA_AT(Xc, i, j) = (la_real)((LA_AT(p.X, i, j) - mu[j]) / (std ? sd[j] : 1));
            memset(b2s, 0, 25 * sizeof(la_real));
            CHECK_STATUS(sp_enet(Xc, yc, lam, (la_real)0.8, b2s, &o, NULL, NULL), LA_OK);
            gap2 = rr_gap(Xc, yc, b2s, lam, 0.8, NULL, 0);
            for (j = 0; j < 25; ++j) b2[j] = std ? b2s[j] / sd[j] : b2s[j];
            o.fit_intercept = 1;
            o.standardize = std;
            memset(b1, 0, 25 * sizeof(la_real));
            if (csc) {
                sp_mat A = rr_csc(p.X);
                CHECK_STATUS(sp_enet_csc(&A, p.y, lam, (la_real)0.8, b1, &o, &info, NULL), LA_OK);
                sp_free(&A);
            } else {
                CHECK_STATUS(sp_enet(p.X, p.y, lam, (la_real)0.8, b1, &o, &info, NULL), LA_OK);
            }
            /* the same problem on the scaled coefficients: compare fits of
               the two (each within its gap: ||X (b - b*)||^2 / (2m) <= gap) */
            {
                la_real *s1 = tu_reals(25);
                double gap1;
                for (j = 0; j < 25; ++j) s1[j] = std ? b1[j] * sd[j] : b1[j];
                gap1 = rr_gap(Xc, yc, s1, lam, 0.8, NULL, 0);
                CHECK_LE(gap1, RT_TOL * yy / 80 + RT_GAP_SLACK(yy));
                d = rr_fit_distance(Xc, s1, b2s);
                CHECK_LE(d, sqrt(2 * gap1) + sqrt(2 * gap2) + 1e3 * TU_EPS);
                CHECK_LE(rr_kkt_excess(Xc, yc, s1, 0, lam, 0.8, NULL, 0, gap1, 1e-12), 0);
                tu_free(s1);
            }
            b0 = (double)ym;
            for (j = 0; j < 25; ++j) b0 -= (double)mu[j] * b1[j];
            CHECK_NEAR(info.intercept, b0, 1e3 * TU_EPS * (fabs(b0) + 1));
            CHECK_NEAR(info.gap_tol, RT_TOL * yy / 80, 1e-6 * yy / 80);
        }
    tu_free(Xc.data);
    tu_free(yc);
    tu_free(mu);
    tu_free(sd);
    tu_free(b1);
    tu_free(b2);
    tu_free(b2s);
    rr_free(&p);
}

/* Coordinate descent, FISTA and LARS solve the same LASSO: their
 * objectives agree within the gaps, their fits within sqrt(2 gap). */
TEST(recovery_cd_fista_lars_agree) {
    static const la_int shape[][2] = {{50, 20}, {30, 80}};
    la_rng r = la_rng_seed(16);
    int s, csc;
    for (s = 0; s < 2; ++s)
        for (csc = 0; csc < 2; ++csc) {
            la_int m = shape[s][0], n = shape[s][1];
            rr_problem p = rr_gaussian(&r, m, n, 4, 0.2, 0);
            la_real *bc = tu_reals((size_t)n), *bf = tu_reals((size_t)n), *bl = tu_reals((size_t)n);
            la_real lmax = rt_lambda_max(p.X, p.y, 1), lam = lmax / 5;
            sp_lasso_opts o;
            sp_lars_opts lo;
            sp_info info;
            sp_path P;
            sp_mat A = rr_csc(p.X);
            double gc, gf, pc, pf, pl;
            memset(&o, 0, sizeof o);
            memset(&lo, 0, sizeof lo);
            o.tol = RT_TOL;
            o.max_iter = 200000;
            CHECK_STATUS(sp_path_alloc(n, 4 * (m + n), 0, &P), LA_OK);
            if (csc) {
                CHECK_STATUS(sp_lasso_csc(&A, p.y, lam, bc, &o, NULL, NULL), LA_OK);
                CHECK_STATUS(sp_fista_csc(&A, p.y, lam, 1, bf, &o, &info, NULL), LA_OK);
                CHECK_STATUS(sp_lars_csc(&A, p.y, &lo, &P, NULL, NULL), LA_OK);
            } else {
                CHECK_STATUS(sp_lasso(p.X, p.y, lam, bc, &o, NULL, NULL), LA_OK);
                CHECK_STATUS(sp_fista(p.X, p.y, lam, 1, bf, &o, &info, NULL), LA_OK);
                CHECK_STATUS(sp_lars(p.X, p.y, &lo, &P, NULL, NULL), LA_OK);
            }
            CHECK_LE(info.gap, info.gap_tol);
            CHECK_STATUS(sp_path_at(&P, lam, bl, NULL), LA_OK);
            gc = rr_gap(p.X, p.y, bc, lam, 1, NULL, 0);
            gf = rr_gap(p.X, p.y, bf, lam, 1, NULL, 0);
            pc = rr_objective(p.X, p.y, bc, 0, lam, 1, NULL);
            pf = rr_objective(p.X, p.y, bf, 0, lam, 1, NULL);
            pl = rr_objective(p.X, p.y, bl, 0, lam, 1, NULL);
            CHECK_LE(rr_kkt_excess(p.X, p.y, bf, 0, lam, 1, NULL, 0, gf, 1e-12), 0);
            CHECK_NEAR(pc, pf, gc + gf + 64 * TU_EPS * pc);
            /* LARS is exact up to rounding: its objective is the optimum */
            CHECK_LE(pl, pc + 1e3 * TU_EPS * pc);
            CHECK_LE(pc - gc, pl + 1e3 * TU_EPS * pc);
            CHECK_LE(rr_fit_distance(p.X, bc, bf), sqrt(2 * gc) + sqrt(2 * gf) + 1e3 * TU_EPS);
            CHECK_LE(rr_fit_distance(p.X, bc, bl), sqrt(2 * gc) + sqrt(1e3 * TU_EPS * pc));
            CHECK_LE(rr_kkt_excess(p.X, p.y, bl, 0, lam, 1, NULL, 0, 1e3 * TU_EPS * pc, 1e-12), 0);
            sp_path_free(&P);
            sp_free(&A);
            tu_free(bc);
            tu_free(bf);
            tu_free(bl);
            rr_free(&p);
        }
}

/* Turning screening devices off changes the work, not the solution. */
TEST(recovery_screening_never_discards_an_active_feature) {
    static const int flags[] = {0, SP_NO_GAP_SAFE, SP_NO_STRONG_RULES,
                                SP_NO_GAP_SAFE | SP_NO_STRONG_RULES | SP_NO_ACTIVE_SET};
    la_rng r = la_rng_seed(17);
    rr_problem p = rr_gaussian(&r, 60, 300, 8, 0.5, 0);
    la_real lmax = rt_lambda_max(p.X, p.y, 1), *b[4];
    int f, l;
    for (f = 0; f < 4; ++f) b[f] = tu_reals(300);
    for (l = 1; l <= 3; ++l) {
        double lam = lmax * pow(0.4, l), gap[4];
        for (f = 0; f < 4; ++f) {
            sp_lasso_opts o;
            memset(&o, 0, sizeof o);
            o.tol = RT_TOL;
            o.max_iter = 100000;
            o.screening = flags[f];
            memset(b[f], 0, 300 * sizeof(la_real));
            gap[f] = rt_solve_check(p.X, p.y, lam, 1, 0, &o, b[f]);
        }
        for (f = 1; f < 4; ++f) {
            la_int j;
            CHECK_LE(rr_fit_distance(p.X, b[0], b[f]), sqrt(2 * gap[0]) + sqrt(2 * gap[f]) + 1e3 * TU_EPS);
            /* the supports agree on every coefficient clearly away from 0 */
            for (j = 0; j < 300; ++j)
                if (fabs((double)b[f][j]) > 1e3 * sqrt(gap[f] + gap[0]) + 100 * TU_EPS) CHECK(b[0][j] != 0);
        }
    }
    for (f = 0; f < 4; ++f) tu_free(b[f]);
    rr_free(&p);
}

TEST(recovery_path_grid_monotone_and_warm_started) {
    la_rng r = la_rng_seed(18);
    rr_problem p = rr_gaussian(&r, 40, 100, 6, 0.3, 0);
    sp_lasso_opts o;
    sp_info info;
    sp_path P;
    la_real *b = tu_reals(100), *c = tu_reals(100), lam[30];
    la_int k;
    int csc;
    memset(&o, 0, sizeof o);
    o.tol = RT_TOL;
    o.max_iter = 100000;
    o.n_lambda = 30;
    CHECK_STATUS(sp_path_alloc(100, 30, 0, &P), LA_OK);
    CHECK_STATUS(sp_lambda_grid(p.X, p.y, 1, &o, lam, NULL), LA_OK);
    for (k = 1; k < 30; ++k) CHECK(lam[k] < lam[k - 1]);
    CHECK_NEAR(lam[29], lam[0] * 1e-2, 1e-4 * lam[0]); /* m < n: glmnet's 1e-2 */
    for (csc = 0; csc < 2; ++csc) {
        double prev_obj = 1e300, prev_loss = -1, prev_l1 = -1;
        sp_mat A = rr_csc(p.X);
        if (csc) {
            /* the grid of the same product X^T y, bit for bit: the dense and
             * sparse products sum in different orders (with FMA the last bit
             * can differ) */
            CHECK_STATUS(sp_lambda_grid_csc(&A, p.y, 1, &o, lam, NULL), LA_OK);
            CHECK_STATUS(sp_lasso_path_csc(&A, p.y, 1, &o, &P, &info, NULL), LA_OK);
        } else {
            CHECK_STATUS(sp_lasso_path(p.X, p.y, 1, &o, &P, &info, NULL), LA_OK);
        }
        CHECK_INT(P.count, 30);
        CHECK_INT(P.ptr[1] - P.ptr[0], 0); /* zero at lambda_max */
        CHECK(P.ptr[2] > P.ptr[1]);
        for (k = 0; k < 30; ++k) {
            double gap, obj, loss, l1;
            la_int q;
            CHECK(P.lambda[k] == lam[k]);
            for (q = P.ptr[k] + 1; q < P.ptr[k + 1]; ++q) CHECK(P.idx[q] > P.idx[q - 1]);
            CHECK_STATUS(sp_path_coef(&P, k, b), LA_OK);
            gap = rr_gap(p.X, p.y, b, lam[k], 1, NULL, 0);
            CHECK_LE(gap, RT_TOL * rr_sumsq(40, p.y) / 40 * (1 + 1e-3) + RT_GAP_SLACK(rr_sumsq(40, p.y)));
            CHECK_LE(rr_kkt_excess(p.X, p.y, b, 0, lam[k], 1, NULL, 0, gap, 1e-12), 0);
            /* the optimal value decreases with lambda; the loss and the l1
               norm of the solution move monotonically (within the gap) */
            obj = rr_objective(p.X, p.y, b, 0, lam[k], 1, NULL);
            loss = rr_objective(p.X, p.y, b, 0, 0, 1, NULL);
            l1 = (obj - loss) / lam[k];
            CHECK_LE(obj, prev_obj + 2 * gap);
            if (prev_loss >= 0) {
                CHECK_LE(loss, prev_loss + 2 * gap + 1e3 * TU_EPS);
                CHECK_LE(prev_l1, l1 + 2 * gap / lam[k] + 1e3 * TU_EPS);
            }
            prev_obj = obj;
            prev_loss = loss;
            prev_l1 = l1;
            /* the same as a solve from zero */
            memset(c, 0, 100 * sizeof(la_real));
            CHECK_STATUS(sp_lasso(p.X, p.y, lam[k], c, &o, NULL, NULL), LA_OK);
            CHECK_LE(rr_fit_distance(p.X, b, c), 2 * sqrt(2 * (gap + rr_gap(p.X, p.y, c, lam[k], 1, NULL, 0))) + 1e3 * TU_EPS);
        }
        sp_free(&A);
    }
    /* a full path reports LA_ERR_NOMEM with the lambdas that fit */
    {
        sp_path Q;
        CHECK_STATUS(sp_path_alloc(100, 10, 0, &Q), LA_OK);
        CHECK_STATUS(sp_lasso_path(p.X, p.y, 1, &o, &Q, &info, NULL), LA_ERR_NOMEM);
        CHECK_INT(Q.count, 10);
        sp_path_free(&Q);
    }
    sp_path_free(&P);
    tu_free(b);
    tu_free(c);
    rr_free(&p);
}

/* LARS: the exact LASSO path. Breakpoints decrease, the number of
 * nonzeros changes by one at each, every breakpoint satisfies the KKT
 * conditions to rounding, and the end is least squares. */
TEST(recovery_lars_path_exact) {
    static const la_int shape[][2] = {{40, 12}, {20, 50}};
    la_rng r = la_rng_seed(19);
    int s, inter;
    for (s = 0; s < 2; ++s)
        for (inter = 0; inter < 2; ++inter) {
            la_int m = shape[s][0], n = shape[s][1], k;
            rr_problem p = rr_gaussian(&r, m, n, 5, 0.3, 0);
            sp_lars_opts lo;
            sp_info info;
            sp_path P;
            la_real *b = tu_reals((size_t)n);
            double yy = rr_sumsq(m, p.y);
            memset(&lo, 0, sizeof lo);
            CHECK_STATUS(sp_path_alloc(n, 8 * (m + n), 0, &P), LA_OK);
            lo.fit_intercept = inter;
            CHECK_STATUS(sp_lars(p.X, p.y, &lo, &P, &info, NULL), LA_OK);
            CHECK(P.count >= 2);
            /* the active set (the support between two breakpoints) changes
               by exactly one feature from one segment to the next */
            for (k = 1; k < P.count; ++k) CHECK(P.lambda[k] <= P.lambda[k - 1]);
            for (k = 2; k < P.count; ++k) {
                la_int j, changed = 0;
                la_real *b1 = tu_reals((size_t)n), *b2 = tu_reals((size_t)n);
                CHECK_STATUS(sp_path_at(&P, (P.lambda[k - 2] + P.lambda[k - 1]) / 2, b1, NULL), LA_OK);
                CHECK_STATUS(sp_path_at(&P, (P.lambda[k - 1] + P.lambda[k]) / 2, b2, NULL), LA_OK);
                for (j = 0; j < n; ++j) changed += (b1[j] != 0) != (b2[j] != 0);
                CHECK_INT(changed, 1);
                tu_free(b1);
                tu_free(b2);
            }
            for (k = 0; k < P.count; ++k) {
                CHECK_STATUS(sp_path_coef(&P, k, b), LA_OK);
                if (!inter)
                    CHECK_LE(rr_kkt_excess(p.X, p.y, b, 0, P.lambda[k], 1, NULL, 0, 0, 1e4 * TU_EPS * sqrt(yy / m)), 0);
                else
                    CHECK_LE(rr_kkt_excess(p.X, p.y, b, P.intercept[k], P.lambda[k], 1, NULL, 0, 0, 1e4 * TU_EPS * sqrt(yy / m)), 0);
            }
            CHECK(P.lambda[P.count - 1] < 1e3 * TU_EPS * P.lambda[0]);
            CHECK_INT(info.nnz, P.ptr[P.count] - P.ptr[P.count - 1]);
            if (m > n && !inter) {
                /* the end of the path: least squares */
                la_mat A = tu_mat(m, n, 0), B = tu_mat(m, 1, 0);
                la_int i;
                la_mat_copy(p.X, A);
                for (i = 0; i < m; ++i) LA_AT(B, i, 0) = p.y[i];
                CHECK_STATUS(la_lstsq(A, B, NULL), LA_OK);
                CHECK_STATUS(sp_path_coef(&P, P.count - 1, b), LA_OK);
                for (i = 0; i < n; ++i) CHECK_NEAR(b[i], LA_AT(B, i, 0), 1e4 * TU_EPS * (1 + fabs(LA_AT(B, i, 0))));
                tu_free(A.data);
                tu_free(B.data);
            }
            sp_path_free(&P);
            tu_free(b);
            rr_free(&p);
        }
}

TEST(recovery_lars_lambda_min_positive_and_lar) {
    la_rng r = la_rng_seed(20);
    rr_problem p = rr_gaussian(&r, 30, 40, 5, 0.2, 0);
    sp_lars_opts lo;
    sp_path P;
    la_real *b = tu_reals(40), lmax = rt_lambda_max(p.X, p.y, 1);
    la_int k, j;
    CHECK_STATUS(sp_path_alloc(40, 400, 0, &P), LA_OK);
    memset(&lo, 0, sizeof lo);
    lo.lambda_min = lmax / 4;
    CHECK_STATUS(sp_lars(p.X, p.y, &lo, &P, NULL, NULL), LA_OK);
    CHECK_NEAR(P.lambda[P.count - 1], lmax / 4, 1e3 * TU_EPS * lmax);
    /* positive LASSO path */
    memset(&lo, 0, sizeof lo);
    lo.positive = 1;
    CHECK_STATUS(sp_lars(p.X, p.y, &lo, &P, NULL, NULL), LA_OK);
    for (k = 0; k < P.count; ++k) {
        CHECK_STATUS(sp_path_coef(&P, k, b), LA_OK);
        for (j = 0; j < 40; ++j) CHECK(b[j] >= 0);
        CHECK_LE(rr_kkt_excess(p.X, p.y, b, 0, P.lambda[k], 1, NULL, 1, 0, 1e4 * TU_EPS * 10), 0);
    }
    /* plain LAR: variables only enter */
    memset(&lo, 0, sizeof lo);
    lo.lar = 1;
    CHECK_STATUS(sp_lars(p.X, p.y, &lo, &P, NULL, NULL), LA_OK);
    for (k = 1; k < P.count; ++k) CHECK_INT(P.ptr[k + 1] - P.ptr[k], k);
    sp_path_free(&P);
    tu_free(b);
    rr_free(&p);
}

/* Cross-validation reproduced by hand: the documented fold assignment
 * (Fisher-Yates with la_rng, row i of the shuffled order to fold i % K),
 * a fit on the training rows at each lambda, the held-out error. */
TEST(recovery_cv_matches_manual_folds) {
    la_rng r = la_rng_seed(21);
    rr_problem p = rr_gaussian(&r, 57, 15, 4, 0.5, 0);
    sp_lasso_opts o;
    sp_info info;
    la_real lam[12], cvm[12], cvsd[12], cvm2[12];
    sp_cv cv = sp_cv_of(12, lam, cvm, cvsd), cv2 = sp_cv_of(12, lam, cvm2, cvsd);
    la_int perm[57], fold[57], i, j, k, f;
    la_real *b = tu_reals(15);
    memset(&o, 0, sizeof o);
    o.tol = RT_TOL;
    o.max_iter = 100000;
    o.n_lambda = 12;
    o.n_folds = 5;
    o.seed = 99;
    o.fit_intercept = 1;
    CHECK_STATUS(sp_lasso_cv(p.X, p.y, 1, &o, &cv, &info, NULL), LA_OK);
    {
        sp_mat A = rr_csc(p.X);
        CHECK_STATUS(sp_lasso_cv_csc(&A, p.y, 1, &o, &cv2, &info, NULL), LA_OK);
        sp_free(&A);
    }
    {
        la_rng g = la_rng_seed(99);
        for (i = 0; i < 57; ++i) perm[i] = i;
        for (i = 56; i > 0; --i) {
            la_int t = la_rng_int(&g, i + 1), u = perm[i];
            perm[i] = perm[t];
            perm[t] = u;
        }
        for (i = 0; i < 57; ++i) fold[perm[i]] = i % 5;
    }
    for (k = 0; k < 12; k += 3) {
        long double total = 0, errs[5];
        la_int sizes[5] = {0, 0, 0, 0, 0};
        for (f = 0; f < 5; ++f) {
            la_int mt = 0, c;
            la_mat Xt = tu_mat(57, 15, 0);
            la_real yt[57];
            long double sse = 0;
            sp_info fi;
            for (i = 0; i < 57; ++i)
                if (fold[i] != f) {
                    for (j = 0; j < 15; ++j) LA_AT(Xt, mt, j) = LA_AT(p.X, i, j);
                    yt[mt++] = p.y[i];
                }
            Xt.rows = mt;
            memset(b, 0, 15 * sizeof(la_real));
            CHECK_STATUS(sp_lasso(Xt, yt, lam[k], b, &o, &fi, NULL), LA_OK);
            for (i = 0, c = 0; i < 57; ++i)
                if (fold[i] == f) {
                    long double pr = fi.intercept;
                    for (j = 0; j < 15; ++j) pr += (long double)LA_AT(p.X, i, j) * b[j];
                    sse += (p.y[i] - pr) * (p.y[i] - pr);
                    ++c;
                }
            sizes[f] = c;
            errs[f] = sse / c;
            total += sse;
            tu_free(Xt.data);
        }
        /* the fold fits differ from the path's by at most their gaps */
        CHECK_NEAR(cvm[k], total / 57, 1e-3 * cvm[k] + sqrt(RT_TOL) * cvm[k]);
        CHECK_NEAR(cvm2[k], cvm[k], 1e-3 * cvm[k] + sqrt(RT_TOL) * cvm[k]);
        {
            long double v = 0, mean = total / 57;
            for (f = 0; f < 5; ++f) v += sizes[f] * (errs[f] - mean) * (errs[f] - mean);
            CHECK_NEAR(cvsd[k], sqrtl(v / 57 / 4), 1e-2 * cvsd[k] + sqrt(RT_TOL) * cvm[k]);
        }
    }
    CHECK(cv.index_1se <= cv.index_min);
    CHECK(cv.lambda_1se >= cv.lambda_min);
    CHECK_LE(cvm[cv.index_1se], cvm[cv.index_min] + cvsd[cv.index_min]);
    for (k = 0; k < cv.index_1se; ++k) CHECK(cvm[k] > cvm[cv.index_min] + cvsd[cv.index_min]);
    for (k = 0; k < 12; ++k) CHECK(cvm[k] >= cvm[cv.index_min]);
    /* reproducible: the same seed gives the same folds */
    CHECK_STATUS(sp_lasso_cv(p.X, p.y, 1, &o, &cv2, &info, NULL), LA_OK);
    for (k = 0; k < 12; ++k) CHECK(cvm2[k] == cvm[k]);
    tu_free(b);
    rr_free(&p);
}

/* max_iter exhausted: LA_ERR_NO_CONVERGENCE, with the iterate reached (no
 * worse than the start) in coef. */
TEST(recovery_no_convergence_keeps_best_iterate) {
    la_rng r = la_rng_seed(22);
    rr_problem p = rr_gaussian(&r, 30, 60, 5, 0.1, 0);
    la_real *b = tu_reals(60), lam = rt_lambda_max(p.X, p.y, 1) / 1000;
    sp_lasso_opts o;
    sp_info info;
    double start = rr_objective(p.X, p.y, b, 0, lam, 1, NULL);
    memset(&o, 0, sizeof o);
    o.tol = 1e-12;
    o.max_iter = 2;
    CHECK_STATUS(sp_lasso(p.X, p.y, lam, b, &o, &info, NULL), LA_ERR_NO_CONVERGENCE);
    CHECK_INT(info.status, LA_ERR_NO_CONVERGENCE);
    CHECK(info.gap > info.gap_tol);
    CHECK_LE(rr_objective(p.X, p.y, b, 0, lam, 1, NULL), start);
    memset(b, 0, 60 * sizeof(la_real));
    CHECK_STATUS(sp_fista(p.X, p.y, lam, 1, b, &o, &info, NULL), LA_ERR_NO_CONVERGENCE);
    CHECK_NEAR(rr_objective(p.X, p.y, b, 0, lam, 1, NULL), info.objective, 1e-3 * info.objective);
    CHECK_LE(rr_objective(p.X, p.y, b, 0, lam, 1, NULL), start);
    tu_free(b);
    rr_free(&p);
}

/* A design whose neighbouring columns have correlation rho (an AR(1) row
 * process), with a pure-noise response: the hard case of coordinate
 * descent (many nonzeros, slow linear convergence) where the Anderson
 * extrapolation of the working-set passes acts. */
static rr_problem rt_correlated(la_rng *r, la_int m, la_int n, double rho) {
    rr_problem p = rr_gaussian(r, m, n, 1, 1, 0);
    la_int i, j;
    double c = sqrt(1 - rho * rho);
    for (i = 0; i < m; ++i) {
        for (j = 1; j < n; ++j)
            LA_AT(p.X, i, j) = (la_real)(rho * LA_AT(p.X, i, j - 1) + c * LA_AT(p.X, i, j));
        p.y[i] = (la_real)la_rng_normal(r);
    }
    return p;
}

TEST(recovery_lasso_accelerated_matches_plain_passes) {
    /* the default solver (working sets, Anderson-extrapolated passes) and
       plain full passes (no working set, so no extrapolation) reach the same
       solution: both within the gap tolerance, KKT conditions hold, and the
       fitted values agree to the accuracy the gaps allow */
    la_rng r = la_rng_seed(31);
    rr_problem p = rt_correlated(&r, 60, 150, 0.8);
    la_real lmax = rt_lambda_max(p.X, p.y, 1), *b1 = tu_reals(150), *b2 = tu_reals(150);
    double yy = rr_sumsq(60, p.y);
    static const double alpha[] = {1, 0.7};
    int a;
    for (a = 0; a < 2; ++a) {
        sp_lasso_opts o;
        double g1, g2;
        memset(&o, 0, sizeof o);
        o.tol = RT_TOL;
        o.max_iter = 200000;
        memset(b1, 0, 150 * sizeof(la_real));
        memset(b2, 0, 150 * sizeof(la_real));
        g1 = rt_solve_check(p.X, p.y, 0.05 * lmax, alpha[a], 0, &o, b1);
        o.screening = SP_NO_ACTIVE_SET;
        g2 = rt_solve_check(p.X, p.y, 0.05 * lmax, alpha[a], 0, &o, b2);
        /* strong convexity in the fitted values: ||X (b - b*)||^2 / (2m) <= gap */
        CHECK_LE(rr_fit_distance(p.X, b1, b2), sqrt(2 * g1) + sqrt(2 * g2) + 16 * TU_EPS * sqrt(yy));
    }
    tu_free(b1);
    tu_free(b2);
    rr_free(&p);
}

TEST(recovery_lasso_correlated_design_converges) {
    /* rho = 0.95 between neighbours, pure noise, lambda = 0.02 lambda_max:
       hundreds of nonzeros on a badly conditioned design; wide (naive
       updates, dense and CSC) and tall (covariance updates), LASSO and
       elastic net, all within max_iter */
    la_rng r = la_rng_seed(32);
    static const la_int shape[][2] = {{80, 300}, {300, 120}};
    int s, a, csc;
    for (s = 0; s < 2; ++s) {
        rr_problem p = rt_correlated(&r, shape[s][0], shape[s][1], 0.95);
        la_real lmax = rt_lambda_max(p.X, p.y, 1), *b = tu_reals((size_t)p.n);
        for (a = 0; a < 2; ++a)
            for (csc = 0; csc < 2; ++csc) {
                sp_lasso_opts o;
                memset(&o, 0, sizeof o);
                o.tol = RT_TOL;
                o.max_iter = 20000;
                memset(b, 0, (size_t)p.n * sizeof(la_real));
                rt_solve_check(p.X, p.y, 0.02 * lmax, a ? 0.9 : 1, csc, &o, b);
            }
        tu_free(b);
        rr_free(&p);
    }
}

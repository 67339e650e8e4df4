/* test_matfun.c - matrix functions and roots of linalg.h section 13: inverse
 * p-th roots (cold and warm), powers of PSD matrices, the matrix exponential
 * and logarithm, square roots, polar decomposition and Newton-Schulz.
 * References are closed forms or eigen-formulas evaluated in long double
 * from the orthogonal matrix the input was built with. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"

/* The largest condition number the inverse-root tests use: 1e8 in double
 * (the quality bar), 1e3 in float. */
#define MF_KAPPA (LA_REAL_IS_FLOAT ? 1e3 : 1e8)

/* A <- Q diag(d) Q^T in long double (both triangles). */
static void mf_from_eigs(la_mat Q, const long double *d, la_mat A) {
    la_int n = Q.rows, i, j, p;
    for (i = 0; i < n; ++i)
        for (j = 0; j <= i; ++j) {
            long double s = 0;
            for (p = 0; p < n; ++p) s += (long double)LA_AT(Q, i, p) * d[p] * LA_AT(Q, j, p);
            LA_AT(A, i, j) = LA_AT(A, j, i) = (la_real)s;
        }
}

/* R <- Q diag(d)^{-1/p} Q^T, the exact inverse p-th root of the matrix
 * mf_from_eigs builds from Q and d (f: n long doubles of scratch). */
static void mf_inv_root_from_eigs(la_mat Q, const long double *d, int p, long double *f, la_mat R) {
    la_int i;
    for (i = 0; i < Q.rows; ++i) f[i] = powl(d[i], -1.0L / p);
    mf_from_eigs(Q, f, R);
}

/* Log-spaced values from 1 down to 1/kappa. */
static void mf_logspace(la_int n, double kappa, long double *d) {
    la_int i;
    for (i = 0; i < n; ++i) d[i] = n > 1 ? powl((long double)kappa, -(long double)i / (n - 1)) : 1;
}

/* ||X - Y||_F / ||Y||_F in long double. */
static double mf_rel(la_mat X, la_mat Y) {
    long double s = 0, t = 0;
    la_int i, j;
    for (i = 0; i < X.rows; ++i)
        for (j = 0; j < X.cols; ++j) {
            long double d = (long double)LA_AT(X, i, j) - LA_AT(Y, i, j);
            s += d * d;
            t += (long double)LA_AT(Y, i, j) * LA_AT(Y, i, j);
        }
    return t > 0 ? (double)sqrtl(s / t) : (double)sqrtl(s);
}

/* ||X^p A - I||_F / (||X||_F^p ||A||_F), in long double. */
static double mf_root_residual(la_mat X, int p, la_mat A) {
    la_int n = X.rows, k, i;
    la_mat P = tu_mat(n, n, 0), T = tu_mat(n, n, 0);
    double r, nx = tu_fro(X);
    la_mat_copy(X, P);
    for (k = 1; k < p; ++k) {
        tu_ref_gemm(LA_NOTRANS, LA_NOTRANS, 1, P, X, 0, T);
        la_mat_copy(T, P);
    }
    tu_ref_gemm(LA_NOTRANS, LA_NOTRANS, 1, P, A, 0, T);
    for (i = 0; i < n; ++i) LA_AT(T, i, i) -= 1;
    r = tu_fro(T) / (pow(nx, p) * tu_fro(A));
    tu_free(P.data);
    tu_free(T.data);
    return r;
}

static int mf_is_symmetric(la_mat X) {
    la_int i, j;
    for (i = 0; i < X.rows; ++i)
        for (j = 0; j < i; ++j)
            if (LA_AT(X, i, j) != LA_AT(X, j, i)) return 0;
    return 1;
}

TEST(matfun_inv_root_against_eigen_formula) {
    la_rng r = la_rng_seed(101);
    const la_int sizes[4] = {1, 2, 17, 60};
    const int powers[6] = {1, 2, 3, 4, 6, 8};
    const double kappas[3] = {1, 1e2, MF_KAPPA};
    la_int t, q, c, i;
    for (t = 0; t < 4; ++t) {
        la_int n = sizes[t];
        la_mat Q = tu_mat(n, n, 0), A = tu_mat(n, n, n + 2), X = tu_mat(n, n, 0),
               R = tu_mat(n, n, 0);
        long double *d = (long double *)calloc((size_t)n, sizeof(long double)),
                    *f = (long double *)calloc((size_t)n, sizeof(long double));
        tu_rand_orthogonal(&r, Q);
        for (c = 0; c < 3; ++c) {
            mf_logspace(n, kappas[c], d);
            for (i = 0; i < n; ++i) d[i] *= 3; /* not normalized */
            mf_from_eigs(Q, d, A);
            for (q = 0; q < 6; ++q) {
                int p = powers[q];
                double kappa = n > 1 ? kappas[c] : 1;
                mf_inv_root_from_eigs(Q, d, p, f, R);
                CHECK_STATUS(la_inv_root(A, p, 0, X, NULL), LA_OK);
                CHECK(mf_is_symmetric(X));
                /* forward error: condition kappa / p of the root, times the
                 * rounding of A itself and of the iteration; the residual
                 * X^p A - I is at most p times the relative error of X
                 * (normalized by ||X||^p ||A|| >= kappa) */
                CHECK_LE(mf_rel(X, R), 4 * sqrt((double)n) * TU_EPS * (1 + kappa / p));
                CHECK_LE(mf_root_residual(X, p, A), 20 * n * TU_EPS * (p + kappa));
            }
        }
        tu_free(Q.data);
        tu_free(A.data);
        tu_free(X.data);
        tu_free(R.data);
        free(d);
        free(f);
    }
}

TEST(matfun_inv_root_kappa_1e8_quality_bar) {
    /* The bar of the issue: relative residual <= 1e-10 in double at
     * condition 1e8 (p = 4), within a modest number of steps. */
    la_rng r = la_rng_seed(102);
    la_int n = 100;
    la_mat Q = tu_mat(n, n, 0), A = tu_mat(n, n, 0), X = tu_mat(n, n, 0), R = tu_mat(n, n, 0);
    long double d[100], f[100];
    la_root_info info;
    tu_rand_orthogonal(&r, Q);
    mf_logspace(n, MF_KAPPA, d);
    mf_from_eigs(Q, d, A);
    mf_inv_root_from_eigs(Q, d, 4, f, R);
    CHECK_STATUS(la_inv_root_refine(A, 4, 0, X, NULL, &info, NULL), LA_OK);
    CHECK_LE(info.residual, info.tol);
    CHECK_LE(info.residual, LA_REAL_IS_FLOAT ? 1e-4 : 1e-10);
    CHECK_LE(mf_root_residual(X, 4, A), LA_REAL_IS_FLOAT ? 1e-4 : 1e-10);
    CHECK_LE(mf_rel(X, R), 4 * sqrt((double)n) * TU_EPS * MF_KAPPA / 4);
    /* one stage of 3 rational steps of exponent 4 (minimax weights) and a
     * polynomial step; the two stages of inverse square roots it replaced
     * took 8 */
    CHECK_LE(info.iterations, 4);
    CHECK_INT(info.warm, 0);
    /* the bounds used bracket the spectrum loosely */
    CHECK(info.lmax >= 0.99 && info.lmax <= 1.1);
    CHECK(info.lmin > 0 && info.lmin <= 1.01 / MF_KAPPA && info.lmin > 0.1 / MF_KAPPA);
    tu_free(Q.data);
    tu_free(A.data);
    tu_free(X.data);
    tu_free(R.data);
}

TEST(matfun_inv_root_loose_tolerances_bound_the_error) {
    /* With a loose tolerance the iteration ends on a polynomial step of
     * degree 1, 2, 4 or 8 chosen so that its reported residual bound reaches
     * the tolerance: the forward error of X (about 1/p of that residual,
     * plus rounding amplified by the condition) must follow it. At n = 2 the
     * Frobenius residual is close to the spectral one, so the bound is tight
     * enough to expose a wrong coefficient of the step. */
    la_rng r = la_rng_seed(105);
    const double tols[6] = {1e-2, 1e-4, 1e-6, 1e-8, 1e-10, 1e-13};
    const double kappas[3] = {1e2, 1e4, 1e6};
    const la_int sizes[2] = {2, 48};
    const int powers[3] = {2, 3, 4};
    la_int c, t, s, k;
    for (s = 0; s < 2; ++s) {
        la_int n = sizes[s];
        la_mat Q = tu_mat(n, n, 0), A = tu_mat(n, n, 0), X = tu_mat(n, n, 0), R = tu_mat(n, n, 0);
        long double d[48], f[48];
        la_root_opts o;
        la_root_info info;
        memset(&o, 0, sizeof o);
        tu_rand_orthogonal(&r, Q);
        for (c = 0; c < (LA_REAL_IS_FLOAT ? 1 : 3); ++c) {
            mf_logspace(n, kappas[c], d);
            mf_from_eigs(Q, d, A);
            for (k = 0; k < 3; ++k) {
                int p = powers[k];
                mf_inv_root_from_eigs(Q, d, p, f, R);
                for (t = 0; t < 6; ++t) {
                    if (tols[t] < 100 * TU_EPS * sqrt((double)n)) continue;
                    o.tol = tols[t];
                    la_mat_set(X, 0, 0); /* a cold start */
                    CHECK_STATUS(la_inv_root_refine(A, p, 0, X, &o, &info, NULL), LA_OK);
                    CHECK_INT(info.warm, 0);
                    CHECK_LE(info.residual, tols[t]);
                    /* |(1 + e)^{-1/p} - 1| <= |e| (1 + |e|) / p for |e| <= 0.1 */
                    CHECK_LE(mf_rel(X, R), info.residual * (1 + info.residual) / p +
                                               4 * sqrt((double)n) * TU_EPS * (1 + kappas[c] / p));
                }
            }
        }
        tu_free(Q.data);
        tu_free(A.data);
        tu_free(X.data);
        tu_free(R.data);
    }
}

TEST(matfun_inv_root_polynomial_step_of_each_degree) {
    /* A warm start X = Q diag(((1 +- e) / d_i)^{1/p}) Q^T leaves
     * M_0 = X^p A with eigenvalues 1 + e and 1 - e (n = 2), so
     * rr = |e| sqrt(n) ~ ||E||_F, E = mu M_0 - I (mu = tr / ||M_0||_F^2
     * shifts the two by only -e^2), picks the degree d of the single
     * polynomial step that finishes: the least in {1, 2, 4, 8, 12} whose bound
     * on ||E^{d+1}||_F is at most tol. With rr = tol^{1/(d + 1/2)} the
     * bounds for lower degrees exceed tol by a factor tol^{-1/(2d+1)} or
     * more, while that of d is within a small constant of the true
     * ||E^{d+1}||_F, computed here from the two eigenvalues of E: the
     * reported residual (the bound) must lie between that and tol, which
     * a higher degree than needed would miss. The result must be the root
     * to within residual / p, plus rounding (A has condition 10: a few
     * tens of eps); a wrong Taylor coefficient c_k leaves an error of
     * about |e|^k times its error. */
    la_rng r = la_rng_seed(107);
    const la_int n = 2;
    const int degrees[5] = {1, 2, 4, 8, 12};
    const double tol = LA_REAL_IS_FLOAT ? 1e-4 : 1e-12;
    la_mat Q = tu_mat(n, n, 0), A = tu_mat(n, n, 0), X = tu_mat(n, n, 0), R = tu_mat(n, n, 0);
    long double d[2] = {1, 0.1L}, f[2], g[2];
    la_root_opts o;
    la_root_info info;
    la_int k, sgn;
    int p;
    memset(&o, 0, sizeof o);
    o.tol = (la_real)tol;
    tu_rand_orthogonal(&r, Q);
    mf_from_eigs(Q, d, A);
    for (p = 1; p <= 4; ++p) {
        mf_inv_root_from_eigs(Q, d, p, f, R);
        for (k = 0; k < (LA_REAL_IS_FLOAT ? 2 : 5); ++k)
            for (sgn = -1; sgn <= 1; sgn += 2) {
                /* r = tol^{1/(d + 1/2)}: between tol^{1/d} and tol^{1/(d+1)}
                 * (for d = 12, 0.099: the step is tried while ||E||_F <= 0.1) */
                long double e = sgn * fmin(pow(tol, 1 / (degrees[k] + 0.5)), 0.099) / sqrt((double)n);
                long double mu = 2 / ((1 + e) * (1 + e) + (1 - e) * (1 - e));
                long double ep = mu * (1 + e) - 1, em = mu * (1 - e) - 1;
                double true_norm = (double)sqrtl(powl(ep, 2 * (degrees[k] + 1)) +
                                                 powl(em, 2 * (degrees[k] + 1)));
                g[0] = powl((1 + e) / d[0], 1.0L / p);
                g[1] = powl((1 - e) / d[1], 1.0L / p);
                mf_from_eigs(Q, g, X);
                CHECK_STATUS(la_inv_root_refine(A, p, 0, X, &o, &info, NULL), LA_OK);
                CHECK_INT(info.warm, 1);
                CHECK_INT(info.iterations, 1);
                CHECK_LE(info.residual, tol);
                CHECK(info.residual >= 0.99 * true_norm);
                CHECK_LE(mf_rel(X, R), info.residual * (1 + info.residual) / p + 40 * TU_EPS);
            }
    }
    tu_free(Q.data);
    tu_free(A.data);
    tu_free(X.data);
    tu_free(R.data);
}

TEST(matfun_inv_root_polynomial_step_declined_after_forming_powers) {
    /* A warm start whose M_0 - I has one eigenvalue delta and the rest 0:
     * the half-width estimated from ||E||_F (as for a spread spectrum) is
     * far below delta, so the polynomial step forms E^2 (n = 16,
     * delta = 0.17), or E^2, E^3 and E^4 (n = 64, delta = 0.131, where the
     * estimate from ||E^2||_F still promises degree 12), finds
     * ||E||_2 = delta > 0.1, declines, and must hand M back unchanged (to
     * rounding) to the Newton steps, after which it finishes: the root to
     * within the residual. */
    la_rng r = la_rng_seed(112);
    const double tol = LA_REAL_IS_FLOAT ? 1e-5 : 1e-12;
    const la_int sizes[2] = {16, 64};
    const double deltas[2] = {0.17, 0.131};
    la_root_opts o;
    la_root_info info;
    la_int i, c;
    int p;
    memset(&o, 0, sizeof o);
    o.tol = (la_real)tol;
    for (c = 0; c < 2; ++c) {
        la_int n = sizes[c];
        la_mat Q = tu_mat(n, n, 0), A = tu_mat(n, n, 0), X = tu_mat(n, n, 0), R = tu_mat(n, n, 0);
        long double d[64], f[64], g[64];
        tu_rand_orthogonal(&r, Q);
        mf_logspace(n, 10, d);
        mf_from_eigs(Q, d, A);
        for (p = 1; p <= 4; ++p) {
            mf_inv_root_from_eigs(Q, d, p, f, R);
            /* X = Q diag(((1 + e_i) / d_i)^{1/p}) Q^T: X^p A = Q diag(1 + e_i) Q^T */
            for (i = 0; i < n; ++i) g[i] = powl((1 + (i == 3 ? deltas[c] : 0)) / d[i], 1.0L / p);
            mf_from_eigs(Q, g, X);
            CHECK_STATUS(la_inv_root_refine(A, p, 0, X, &o, &info, NULL), LA_OK);
            CHECK_INT(info.warm, 1);
            CHECK(info.iterations >= 2 && info.iterations <= 4);
            CHECK_LE(info.residual, tol);
            CHECK_LE(mf_rel(X, R), info.residual * (1 + info.residual) / p + 40 * TU_EPS);
        }
        tu_free(Q.data);
        tu_free(A.data);
        tu_free(X.data);
        tu_free(R.data);
    }
}

TEST(matfun_inv_root_one_rational_stage_for_every_exponent) {
    /* Every p >= 2 takes one stage of rational steps of exponent p with
     * minimax weights for the tracked spectrum, and a polynomial step: from
     * cond 1e8, 3 rational steps (the weights found numerically for p > 2
     * do as well as the closed-form ones for p = 2), where the polynomial
     * (Newton) iteration alone takes 15 or more. From cond 1e4 two rational
     * steps leave the spectrum of M within about 0.03 of 1 (after
     * centring), ||M - I||_F about 0.2: the polynomial step finishes
     * (degree 8) once the norms of E^2, E^3 and E^4 bound ||E^9||_F below
     * tol, where waiting for ||M - I||_F <= 0.1 took a third rational step
     * (4 steps). The bound is a true one: the residual reported holds for
     * X^p A - I too. */
    la_rng r = la_rng_seed(108);
    const la_int n = 64;
    const int powers[6] = {2, 3, 4, 5, 6, 8};
    const double kappas[2] = {LA_REAL_IS_FLOAT ? 1e2 : 1e4, MF_KAPPA};
    la_mat Q = tu_mat(n, n, 0), A = tu_mat(n, n, 0), X = tu_mat(n, n, 0), R = tu_mat(n, n, 0);
    long double d[64], f[64];
    la_root_info info;
    la_int k, c;
    tu_rand_orthogonal(&r, Q);
    for (c = 0; c < 2; ++c) {
        mf_logspace(n, kappas[c], d);
        mf_from_eigs(Q, d, A);
        for (k = 0; k < 6; ++k) {
            int p = powers[k];
            mf_inv_root_from_eigs(Q, d, p, f, R);
            la_mat_set(X, 0, 0);
            CHECK_STATUS(la_inv_root_refine(A, p, 0, X, NULL, &info, NULL), LA_OK);
            if (c == 0 && !LA_REAL_IS_FLOAT)
                CHECK_INT(info.iterations, 3);
            else
                CHECK_LE(info.iterations, c == 0 ? 3 : 4);
            CHECK_LE(info.residual, info.tol);
            CHECK_LE(mf_root_residual(X, p, A), 10 * TU_EPS);
            CHECK_LE(mf_rel(X, R), 4 * sqrt((double)n) * TU_EPS * (1 + kappas[c] / p));
        }
    }
    tu_free(Q.data);
    tu_free(A.data);
    tu_free(X.data);
    tu_free(R.data);
}

TEST(matfun_inv_root_step_parameters_at_extreme_bounds) {
    /* Given bounds drive the step parameters to the ends of their range:
     * a lower bound far below the spectrum (l = 1e-300 in double, 1e-30
     * in float), where each rational step raises the tracked lower end
     * from l to about l^0.43 and the weight lies far below its upper end
     * (10 or 11 steps in double, 7 or 8 in float, as many as 30
     * bisection steps on the weight took); and a spectrum in [1, 1.5]
     * (||M - I||_F > 0.1: one rational step with l = 2/3, where the weight
     * lies within 2e-3 of its upper end, and the finish). Parameters far
     * from the optimum show as more steps, wrong ones as a residual that
     * fails. */
    la_rng r = la_rng_seed(112);
    const la_int n = 48;
    const int powers[3] = {3, 4, 7};
    const double tiny = LA_REAL_IS_FLOAT ? 1e-30 : 1e-300;
    la_mat Q = tu_mat(n, n, 0), A = tu_mat(n, n, 0), X = tu_mat(n, n, 0), R = tu_mat(n, n, 0);
    long double d[48], f[48];
    la_root_opts o;
    la_root_info info;
    la_int i, k, c;
    memset(&o, 0, sizeof o);
    tu_rand_orthogonal(&r, Q);
    for (c = 0; c < 2; ++c) {
        if (c == 0) {
            mf_logspace(n, 1e2, d);
        } else {
            for (i = 0; i < n; ++i) d[i] = 1 + 0.5L * (long double)i / (long double)(n - 1);
        }
        mf_from_eigs(Q, d, A);
        o.lmax = (la_real)d[n - 1];
        o.lmin = c == 0 ? (la_real)(tiny * (double)d[n - 1]) : (la_real)d[0];
        for (k = 0; k < 3; ++k) {
            int p = powers[k];
            mf_inv_root_from_eigs(Q, d, p, f, R);
            la_mat_set(X, 0, 0);
            CHECK_STATUS(la_inv_root_refine(A, p, 0, X, &o, &info, NULL), LA_OK);
            if (c == 0)
                CHECK_LE(info.iterations, LA_REAL_IS_FLOAT ? (p == 3 ? 7 : 8) : (p == 7 ? 11 : 10));
            else
                CHECK_INT(info.iterations, 2);
            CHECK_LE(mf_root_residual(X, p, A), 10 * TU_EPS);
            CHECK_LE(mf_rel(X, R), 4 * sqrt((double)n) * TU_EPS * (1 + 1e2 / p));
        }
    }
    tu_free(Q.data);
    tu_free(A.data);
    tu_free(X.data);
    tu_free(R.data);
}

TEST(matfun_inv_root_p1_is_one_inverse_and_a_polynomial_step) {
    /* p = 1: the exact rational step (one inverse) and a polynomial step
     * up to cond 1e12 (1e4 in float), where the polynomial iteration took
     * 11 to 25 steps; the error that of an inverse, eps cond. Near
     * singular (cond 1e16, 1e8 in float) the inverse may be too rough to
     * continue from: the polynomial iteration then starts over, or the
     * Cholesky test reports the matrix; either way no wrong LA_OK. */
    la_rng r = la_rng_seed(109);
    const la_int n = 64;
    const double kappas[4] = {1e4, 1e8, 1e12, 1e16}, kappas_float[4] = {1e2, 1e3, 1e4, 1e8};
    la_mat Q = tu_mat(n, n, 0), A = tu_mat(n, n, 0), X = tu_mat(n, n, 0), R = tu_mat(n, n, 0);
    long double d[64], f[64];
    la_root_info info;
    la_int k;
    tu_rand_orthogonal(&r, Q);
    for (k = 0; k < 4; ++k) {
        double kappa = LA_REAL_IS_FLOAT ? kappas_float[k] : kappas[k];
        la_status st;
        mf_logspace(n, kappa, d);
        mf_from_eigs(Q, d, A);
        mf_inv_root_from_eigs(Q, d, 1, f, R);
        la_mat_set(X, 0, 0);
        st = la_inv_root_refine(A, 1, 0, X, NULL, &info, NULL);
        if (k == 3) {
            CHECK(st == LA_OK || st == LA_ERR_NOT_SPD);
            if (st == LA_OK) CHECK_LE(info.residual, info.tol);
            continue;
        }
        CHECK_STATUS(st, LA_OK);
        CHECK_LE(info.iterations, 2);
        CHECK_LE(info.residual, info.tol);
        CHECK(mf_is_symmetric(X));
        CHECK_LE(mf_rel(X, R), 4 * sqrt((double)n) * TU_EPS * (1 + kappa));
    }
    tu_free(Q.data);
    tu_free(A.data);
    tu_free(X.data);
    tu_free(R.data);
}

TEST(matfun_inv_root_multiples_of_identity) {
    /* A = 3 I: the scaled start is the root, no step taken (p >= 2) and
     * X = 3^(-1/p) I. A within 1% of 3 I: one polynomial step from the
     * scalar start. Either way X to a few ulps of the exact root. */
    const la_int n = 7;
    la_real a[49], x[49];
    la_int i, j;
    int p, c;
    for (c = 0; c < 2; ++c)
        for (p = 1; p <= 4; ++p) {
            la_root_info info;
            for (i = 0; i < n; ++i)
                for (j = 0; j < n; ++j) a[i * n + j] = i == j ? (la_real)(3 + (c ? 0.03 * i / (n - 1) : 0)) : 0;
            memset(x, 0, sizeof x);
            CHECK_STATUS(la_inv_root_refine(la_mat_of(n, n, a), p, 0, la_mat_of(n, n, x), NULL, &info, NULL),
                         LA_OK);
            if (p >= 2) CHECK_INT(info.iterations, c);
            CHECK_LE(info.iterations, 2);
            for (i = 0; i < n; ++i)
                for (j = 0; j < n; ++j) {
                    double want = i == j ? pow((double)a[i * n + i], -1.0 / p) : 0;
                    CHECK_LE(fabs(x[i * n + j] - want), 8 * TU_EPS * pow(3.0, -1.0 / p));
                }
        }
}

TEST(matfun_inv_root_at_extreme_scales) {
    /* A scaled to eigenvalues near 1e+-150 (1e+-15 in float), cond 1e6
     * (1e2): the spectral bounds come from Lanczos on A and on A^{-1},
     * whose tridiagonals then have entries near 1e+-156; before the
     * bisection scaled them, the squares overflowed and an SPD A at
     * 1e-150 was reported LA_ERR_NOT_SPD. X = s^{-1/p} times the root of
     * the unscaled matrix, to the usual accuracy. */
    la_rng r = la_rng_seed(113);
    const la_int n = 24;
    const double kappa = LA_REAL_IS_FLOAT ? 1e2 : 1e6;
    const double scales[2] = {LA_REAL_IS_FLOAT ? 1e-15 : 1e-150, LA_REAL_IS_FLOAT ? 1e15 : 1e150};
    la_mat Q = tu_mat(n, n, 0), A = tu_mat(n, n, 0), X = tu_mat(n, n, 0), R = tu_mat(n, n, 0);
    long double d[24], f[24];
    la_root_info info;
    la_int i, c;
    int p;
    tu_rand_orthogonal(&r, Q);
    for (c = 0; c < 2; ++c) {
        mf_logspace(n, kappa, d);
        for (i = 0; i < n; ++i) d[i] *= scales[c];
        mf_from_eigs(Q, d, A);
        for (p = 1; p <= 4; ++p) {
            mf_inv_root_from_eigs(Q, d, p, f, R);
            la_mat_set(X, 0, 0);
            CHECK_STATUS(la_inv_root_refine(A, p, 0, X, NULL, &info, NULL), LA_OK);
            CHECK_LE(info.residual, info.tol);
            CHECK_LE(mf_rel(X, R), 4 * sqrt((double)n) * TU_EPS * (1 + kappa / p));
        }
    }
    tu_free(Q.data);
    tu_free(A.data);
    tu_free(X.data);
    tu_free(R.data);
}

TEST(matfun_inv_root_keeps_tiny_eigenvalues_accurate) {
    /* For a diagonal A the root is known to working precision in every
     * entry, however wide the spectrum: the coupled iteration must keep each
     * eigenvalue's relative accuracy (its first steps would lose it in
     * 1 - 1 / (1 + c m) for the smallest m; before that was fixed, cond 1e30
     * lost 4 digits and cond 1e100 returned LA_OK with a wrong root). Bound:
     * a few roundings per step in each eigenvalue of X and M, the residual
     * tolerance over p, and the loss the iteration accepts where the
     * cancellation is mild (eps / (c l) with c l at least 1e-4 in double,
     * 1e-2 in float). */
    const double lows[3] = {1e-14, 1e-30, 1e-100}, lows_float[3] = {1e-4, 1e-6, 1e-7};
    const double cancel = LA_REAL_IS_FLOAT ? 1e-2 : 1e-4;
    la_int k, i;
    int p;
    for (k = 0; k < 3; ++k)
        for (p = 2; p <= 5; ++p) {
            double lo = LA_REAL_IS_FLOAT ? lows_float[k] : lows[k];
            la_real a[9] = {0}, x[9];
            la_root_info info;
            la_root_opts o;
            memset(&o, 0, sizeof o);
            memset(x, 0, sizeof x);
            a[0] = 1;
            a[4] = (la_real)sqrt(lo);
            a[8] = (la_real)lo;
            CHECK_STATUS(la_inv_root_refine(la_mat_of(3, 3, a), p, 0, la_mat_of(3, 3, x), &o, &info, NULL),
                         LA_OK);
            for (i = 0; i < 3; ++i) {
                double exact = pow((double)a[4 * i], -1.0 / p);
                CHECK_LE(fabs(x[4 * i] - exact) / exact,
                         16 * info.iterations * TU_EPS + info.tol / p + TU_EPS / cancel);
            }
            CHECK(x[1] == 0 && x[2] == 0 && x[5] == 0 && x[3] == 0 && x[6] == 0 && x[7] == 0);
        }
}

TEST(matfun_inv_root_eps_regularizes_singular_psd) {
    /* A = G G^T of rank 5 in order 30: (A + eps I)^(-1/2) */
    la_rng r = la_rng_seed(103);
    la_int n = 30, i;
    la_mat Q = tu_mat(n, n, 0), A = tu_mat(n, n, 0), X = tu_mat(n, n, 0), R = tu_mat(n, n, 0);
    long double d[30], f[30];
    la_real eps = (la_real)1e-3;
    tu_rand_orthogonal(&r, Q);
    for (i = 0; i < n; ++i) d[i] = i < 5 ? 1.0L + i : 0;
    mf_from_eigs(Q, d, A);
    for (i = 0; i < n; ++i) f[i] = powl(d[i] + eps, -0.5L);
    mf_from_eigs(Q, f, R);
    CHECK_STATUS(la_inv_root(A, 2, eps, X, NULL), LA_OK);
    CHECK_LE(mf_rel(X, R), 20 * n * TU_EPS * (5 / 1e-3));
    /* zero matrix: eps^(-1/p) I */
    la_mat_set(A, 0, 0);
    CHECK_STATUS(la_inv_root(A, 3, 8, X, NULL), LA_OK);
    for (i = 0; i < n; ++i) CHECK_NEAR(LA_AT(X, i, i), 0.5, 10 * TU_EPS);
    CHECK_NEAR(tu_max_abs(X), 0.5, 10 * TU_EPS);
    CHECK_STATUS(la_inv_root(A, 3, 0, X, NULL), LA_ERR_NOT_SPD);
    tu_free(Q.data);
    tu_free(A.data);
    tu_free(X.data);
    tu_free(R.data);
}

TEST(matfun_inv_root_refine_warm_and_cold) {
    la_rng r = la_rng_seed(104);
    la_int n = 40, i, cold_steps;
    la_mat Q = tu_mat(n, n, 0), A = tu_mat(n, n, 0), B = tu_mat(n, n, 0), X = tu_mat(n, n, 0),
           R = tu_mat(n, n, 0), G = tu_mat(n, 3, 0);
    long double d[40], f[40];
    la_root_opts o;
    la_root_info info;
    double kappa = LA_REAL_IS_FLOAT ? 1e3 : 1e6;
    memset(&o, 0, sizeof o);
    tu_rand_orthogonal(&r, Q);
    mf_logspace(n, kappa, d);
    mf_from_eigs(Q, d, A);
    mf_inv_root_from_eigs(Q, d, 4, f, R);
    /* a cold start, for the step count */
    CHECK_STATUS(la_inv_root_refine(A, 4, 0, X, &o, &info, NULL), LA_OK);
    cold_steps = info.iterations;
    /* a perturbed root of A itself, (1 + 1e-2) R, commutes with A: the
     * iteration continues from it and converges in a few steps */
    for (i = 0; i < n * n; ++i) X.data[i] = (la_real)(1.01 * R.data[i]);
    CHECK_STATUS(la_inv_root_refine(A, 4, 0, X, &o, &info, NULL), LA_OK);
    CHECK_INT(info.warm, 1);
    CHECK_LE(info.iterations, 4);
    CHECK(info.iterations < cold_steps);
    CHECK_LE(mf_rel(X, R), 20 * n * TU_EPS * kappa / 4);
    /* the root of slowly changing statistics B = A + G G^T / 100: restart
     * with bounds read from X, no Cholesky; as accurate as a cold start */
    tu_fill_normal(&r, G);
    tu_ref_gemm(LA_NOTRANS, LA_TRANS, 0.01, G, G, 0, B);
    for (i = 0; i < n * n; ++i) B.data[i] += A.data[i];
    CHECK_STATUS(la_inv_root_refine(B, 4, 0, X, &o, &info, NULL), LA_OK);
    CHECK_INT(info.warm, 0);
    CHECK_LE(mf_root_residual(X, 4, B), 10 * n * TU_EPS);
    CHECK_LE(info.iterations, cold_steps + 8);
    /* all-zero X: a cold start */
    la_mat_set(X, 0, 0);
    CHECK_STATUS(la_inv_root_refine(A, 4, 0, X, &o, &info, NULL), LA_OK);
    CHECK_INT(info.warm, 0);
    CHECK_LE(mf_rel(X, R), 20 * n * TU_EPS * kappa / 4);
    /* given bounds are used as they are */
    o.lmin = (la_real)(1 / kappa);
    o.lmax = 1;
    CHECK_STATUS(la_inv_root_refine(A, 4, 0, X, &o, &info, NULL), LA_OK);
    CHECK(info.lmin == o.lmin && info.lmax == o.lmax);
    CHECK_LE(mf_rel(X, R), 20 * n * TU_EPS * kappa / 4);
    tu_free(Q.data);
    tu_free(A.data);
    tu_free(B.data);
    tu_free(X.data);
    tu_free(R.data);
    tu_free(G.data);
}

TEST(matfun_inv_root_errors) {
    la_rng r = la_rng_seed(105);
    la_int n = 12, i;
    la_mat A = tu_mat(n, n, 0), X = tu_mat(n, n, 0), Y = tu_mat(n, n, 0), W = tu_mat(n, n + 1, 0);
    la_root_opts o;
    la_root_info info;
    unsigned char small[256];
    la_arena ar = la_arena_of(small, sizeof small);
    memset(&o, 0, sizeof o);
    tu_rand_spd(&r, A, 100);
    CHECK_STATUS(la_inv_root(A, 0, 0, X, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_inv_root(A, 2, -1, X, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_inv_root(A, 2, (la_real)NAN, X, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_inv_root(A, 2, 0, W, NULL), LA_ERR_DIM);
    CHECK_STATUS(la_inv_root(W, 2, 0, X, NULL), LA_ERR_DIM);
    CHECK_STATUS(la_inv_root(la_mat_of(0, 0, NULL), 2, 0, la_mat_of(0, 0, NULL), NULL), LA_OK);
    CHECK_STATUS(la_inv_root(A, 2, 0, X, &ar), LA_ERR_NOMEM);
    o.max_iter = 2;
    CHECK_STATUS(la_inv_root_refine(A, 2, 0, X, &o, &info, NULL), LA_ERR_NO_CONVERGENCE);
    CHECK_INT(info.status, LA_ERR_NO_CONVERGENCE);
    CHECK(la_mat_isfinite(X));
    o.max_iter = -1;
    CHECK_STATUS(la_inv_root_refine(A, 2, 0, X, &o, &info, NULL), LA_ERR_ARG);
    /* in place: X is A */
    la_mat_copy(A, Y);
    CHECK_STATUS(la_inv_root(A, 2, 0, X, NULL), LA_OK);
    CHECK_STATUS(la_inv_root(Y, 2, 0, Y, NULL), LA_OK);
    CHECK_LE(tu_max_diff(X, Y), 0);
    /* indefinite, NaN */
    la_mat_copy(A, Y);
    LA_AT(Y, 3, 3) = -5;
    CHECK_STATUS(la_inv_root(Y, 2, 0, X, NULL), LA_ERR_NOT_SPD);
    LA_AT(Y, 3, 3) = (la_real)NAN;
    CHECK_STATUS(la_inv_root(Y, 2, 0, X, NULL), LA_ERR_NONFINITE);
    /* only the lower triangle is read */
    la_mat_copy(A, Y);
    for (i = 0; i < n; ++i) {
        la_int j;
        for (j = i + 1; j < n; ++j) LA_AT(Y, i, j) = (la_real)NAN;
    }
    CHECK_STATUS(la_inv_root(Y, 4, 0, Y, NULL), LA_OK);
    CHECK_STATUS(la_inv_root(A, 4, 0, X, NULL), LA_OK);
    CHECK_LE(tu_max_diff(X, Y), 0);
    tu_free(A.data);
    tu_free(X.data);
    tu_free(Y.data);
    tu_free(W.data);
}

TEST(matfun_powm_psd_against_eigen_formula) {
    la_rng r = la_rng_seed(111);
    const double powers[6] = {0.5, -0.5, -0.25, 2, 0, 1.0 / 3};
    la_int n = 25, i, q;
    la_mat Q = tu_mat(n, n, 0), A = tu_mat(n, n, 0), X = tu_mat(n, n, 0), R = tu_mat(n, n, 0),
           Y = tu_mat(n, n, 0);
    long double d[25], f[25];
    double kappa = LA_REAL_IS_FLOAT ? 1e3 : 1e10;
    la_real eps = (la_real)1e-3;
    tu_rand_orthogonal(&r, Q);
    mf_logspace(n, kappa, d);
    mf_from_eigs(Q, d, A);
    for (q = 0; q < 6; ++q) {
        double p = powers[q];
        for (i = 0; i < n; ++i) f[i] = powl(d[i] + eps, (long double)p);
        mf_from_eigs(Q, f, R);
        CHECK_STATUS(la_powm_psd(A, (la_real)p, eps, X, NULL), LA_OK);
        CHECK(mf_is_symmetric(X));
        /* eigenvalues of A + eps I are >= 1e-3: condition about |p| 1e3 */
        CHECK_LE(mf_rel(X, R), 50 * n * TU_EPS * (1 + fabs(p) * 1e3));
    }
    /* eps = 0 on an SPD matrix, against the Newton root */
    CHECK_STATUS(la_powm_psd(A, (la_real)-0.25, 0, X, NULL), LA_OK);
    CHECK_STATUS(la_inv_root(A, 4, 0, Y, NULL), LA_OK);
    CHECK_LE(mf_rel(X, Y), 50 * n * TU_EPS * kappa / 4);
    /* PSD with rounding-level negative eigenvalues: clamped */
    for (i = 0; i < n; ++i) d[i] = i < 10 ? 1.0L + i : (i % 2 ? 0 : -1e-3L * TU_EPS);
    mf_from_eigs(Q, d, A);
    CHECK_STATUS(la_powm_psd(A, (la_real)0.5, 0, X, NULL), LA_OK);
    for (i = 0; i < n; ++i) f[i] = i < 10 ? sqrtl(d[i]) : 0;
    mf_from_eigs(Q, f, R);
    CHECK_LE(mf_rel(X, R), 50 * n * sqrt(TU_EPS));
    /* singular with a negative power, indefinite, NaN, shapes */
    CHECK_STATUS(la_powm_psd(A, (la_real)-1, 0, X, NULL), LA_ERR_SINGULAR);
    CHECK_STATUS(la_powm_psd(A, (la_real)-1, 1, X, NULL), LA_OK);
    d[3] = -1;
    mf_from_eigs(Q, d, A);
    CHECK_STATUS(la_powm_psd(A, (la_real)0.5, 0, X, NULL), LA_ERR_NOT_SPD);
    CHECK_STATUS(la_powm_psd(A, (la_real)0.5, -1, X, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_powm_psd(A, (la_real)NAN, 0, X, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(la_powm_psd(A, (la_real)0.5, 0, la_mat_of(3, 3, X.data), NULL), LA_ERR_DIM);
    CHECK_STATUS(la_powm_psd(la_mat_of(0, 0, NULL), 2, 0, la_mat_of(0, 0, NULL), NULL), LA_OK);
    /* r = 0 gives I even for a singular matrix; X may be A */
    la_mat_set(A, 0, 0);
    CHECK_STATUS(la_powm_psd(A, 0, 0, A, NULL), LA_OK);
    for (i = 0; i < n; ++i) CHECK_NEAR(LA_AT(A, i, i), 1, 0);
    CHECK_NEAR(tu_fro(A), sqrt((double)n), 10 * n * TU_EPS);
    tu_free(Q.data);
    tu_free(A.data);
    tu_free(X.data);
    tu_free(R.data);
    tu_free(Y.data);
}

TEST(matfun_expm_known_matrices) {
    la_rng r = la_rng_seed(121);
    la_int n, i, j, k;
    /* 1 x 1 and zero */
    {
        la_real a[1] = {(la_real)-2.5}, x[1];
        CHECK_STATUS(la_expm(la_mat_of(1, 1, a), la_mat_of(1, 1, x), NULL), LA_OK);
        CHECK_NEAR(x[0], exp(-2.5), 10 * TU_EPS * exp(-2.5));
    }
    /* nilpotent: strictly upper triangular N, exp(N) = sum_{k<n} N^k / k! */
    n = 6;
    {
        la_mat N = tu_mat(n, n, 0), X = tu_mat(n, n, 0), P = tu_mat(n, n, 0), T = tu_mat(n, n, 0),
               S = tu_mat(n, n, 0);
        double fact = 1;
        for (i = 0; i < n; ++i)
            for (j = i + 1; j < n; ++j) LA_AT(N, i, j) = (la_real)(0.5 + i - j * 0.25);
        la_mat_set(P, 0, 1);
        la_mat_set(S, 0, 1);
        for (k = 1; k < n; ++k) {
            tu_ref_gemm(LA_NOTRANS, LA_NOTRANS, 1, P, N, 0, T);
            la_mat_copy(T, P);
            fact *= k;
            for (i = 0; i < n * n; ++i) S.data[i] += (la_real)(P.data[i] / fact);
        }
        CHECK_STATUS(la_expm(N, X, NULL), LA_OK);
        CHECK_LE(mf_rel(X, S), 100 * TU_EPS);
        /* zero matrix */
        la_mat_set(N, 0, 0);
        CHECK_STATUS(la_expm(N, X, NULL), LA_OK);
        la_mat_set(S, 0, 1);
        CHECK_LE(tu_max_diff(X, S), 0);
        tu_free(N.data);
        tu_free(X.data);
        tu_free(P.data);
        tu_free(T.data);
        tu_free(S.data);
    }
    /* rotation generator: exp([0 -t; t 0]) = [cos -sin; sin cos], from
     * small t (low Pade degree) to large (scaling and squaring) */
    {
        const double ts[5] = {1e-3, 0.3, 2, 10, 100};
        for (k = 0; k < 5; ++k) {
            double t = ts[k];
            la_real a[4], x[4];
            a[0] = 0;
            a[1] = (la_real)-t;
            a[2] = (la_real)t;
            a[3] = 0;
            CHECK_STATUS(la_expm(la_mat_of(2, 2, a), la_mat_of(2, 2, x), NULL), LA_OK);
            /* squaring s times loses about s digits of 2: error ~ t eps */
            CHECK_NEAR(x[0], cos(t), 20 * TU_EPS * (1 + t));
            CHECK_NEAR(x[1], -sin(t), 20 * TU_EPS * (1 + t));
            CHECK_NEAR(x[2], sin(t), 20 * TU_EPS * (1 + t));
            CHECK_NEAR(x[3], cos(t), 20 * TU_EPS * (1 + t));
        }
    }
    /* symmetric with known spectrum: Q exp(D) Q^T */
    n = 40;
    {
        la_mat Q = tu_mat(n, n, 0), A = tu_mat(n, n, n + 1), X = tu_mat(n, n, 0),
               R = tu_mat(n, n, 0);
        long double d[40], f[40];
        tu_rand_orthogonal(&r, Q);
        for (i = 0; i < n; ++i) d[i] = -20 + 25.0L * i / (n - 1);
        mf_from_eigs(Q, d, A);
        for (i = 0; i < n; ++i) f[i] = expl(d[i]);
        mf_from_eigs(Q, f, R);
        CHECK_STATUS(la_expm(A, X, NULL), LA_OK);
        CHECK_LE(mf_rel(X, R), 100 * n * TU_EPS * 25);
        /* non-normal 2 x 2 [a b; 0 c]: exp = [e^a, b (e^a - e^c) / (a - c); 0, e^c] */
        {
            la_real a2[4] = {(la_real)1.5, 100, 0, (la_real)-0.5}, x2[4];
            double off = 100 * (exp(1.5) - exp(-0.5)) / 2.0;
            CHECK_STATUS(la_expm(la_mat_of(2, 2, a2), la_mat_of(2, 2, x2), NULL), LA_OK);
            CHECK_NEAR(x2[0], exp(1.5), 1e3 * TU_EPS * exp(1.5));
            CHECK_NEAR(x2[1], off, 1e3 * TU_EPS * off);
            CHECK_NEAR(x2[2], 0, 0);
            CHECK_NEAR(x2[3], exp(-0.5), 1e3 * TU_EPS * off);
        }
        /* exp(A) exp(-A) = I for a random nonsymmetric A; X may be A */
        tu_fill_normal(&r, A);
        la_mat_copy(A, R);
        for (i = 0; i < n * n; ++i) R.data[i] = -R.data[i];
        CHECK_STATUS(la_expm(A, A, NULL), LA_OK);
        CHECK_STATUS(la_expm(R, R, NULL), LA_OK);
        tu_ref_gemm(LA_NOTRANS, LA_NOTRANS, 1, A, R, 0, X);
        for (i = 0; i < n; ++i) LA_AT(X, i, i) -= 1;
        CHECK_LE(tu_fro(X), 1e3 * n * TU_EPS * tu_fro(A) * tu_fro(R) / n);
        /* errors */
        LA_AT(A, 1, 2) = (la_real)NAN;
        CHECK_STATUS(la_expm(A, X, NULL), LA_ERR_NONFINITE);
        la_mat_set(A, 0, 1000);
        CHECK_STATUS(la_expm(A, X, NULL), LA_ERR_NONFINITE);
        CHECK_STATUS(la_expm(la_mat_of(3, 4, A.data), X, NULL), LA_ERR_DIM);
        CHECK_STATUS(la_expm(la_mat_of(0, 0, NULL), la_mat_of(0, 0, NULL), NULL), LA_OK);
        tu_free(Q.data);
        tu_free(A.data);
        tu_free(X.data);
        tu_free(R.data);
    }
}

TEST(matfun_polar_and_newton_schulz) {
    la_rng r = la_rng_seed(131);
    const la_int shapes[4][2] = {{1, 1}, {9, 5}, {5, 9}, {30, 30}};
    la_int t, i, j;
    for (t = 0; t < 4; ++t) {
        la_int m = shapes[t][0], n = shapes[t][1], k = m < n ? m : n;
        la_mat A = tu_mat(m, n, n + 2), U = tu_mat(m, n, 0), H = tu_mat(n, n, 0),
               UH = tu_mat(m, n, 0), Q = tu_mat(m, n, 0), Ut = tu_mat(n, m, 0);
        la_real *w = tu_reals((size_t)n);
        double kappa = LA_REAL_IS_FLOAT ? 1e2 : 1e6;
        const la_ns_kind kinds[2] = {LA_NS_CUBIC, LA_NS_QUINTIC};
        la_iter_info info;
        tu_rand_cond(&r, A, kappa);
        CHECK_STATUS(la_polar(A, U, H, NULL), LA_OK);
        /* U orthonormal columns (rows when wide), H symmetric PSD, U H = A */
        if (m >= n) {
            CHECK_LE(tu_orth_error(U), 20 * k * TU_EPS);
        } else {
            la_mat_transpose(U, Ut);
            CHECK_LE(tu_orth_error(Ut), 20 * k * TU_EPS);
        }
        CHECK(mf_is_symmetric(H));
        CHECK_STATUS(la_eigh(H, w, la_mat_of(0, 0, NULL), NULL), LA_OK);
        CHECK_LE(-w[0], 20 * n * TU_EPS * w[n - 1]);
        tu_ref_gemm(LA_NOTRANS, LA_NOTRANS, 1, U, H, 0, UH);
        CHECK_LE(mf_rel(UH, A), 50 * k * TU_EPS);
        /* Newton-Schulz reaches the same factor; the condition of U is
         * about 1 / sigma_min, so the difference is eps kappa */
        for (j = 0; j < 2; ++j) {
            CHECK_STATUS(la_newton_schulz(A, Q, kinds[j], NULL, &info, NULL), LA_OK);
            CHECK_LE(info.residual, info.tol);
            CHECK_LE(mf_rel(Q, U), 50 * k * TU_EPS * kappa);
        }
        /* Muon's fixed-step quintic: singular values in about [0.7, 1.2]
         * after 5 steps for a well-conditioned input */
        tu_rand_cond(&r, A, 10);
        CHECK_STATUS(la_newton_schulz(A, Q, LA_NS_MUON, NULL, &info, NULL), LA_OK);
        CHECK_INT(info.iterations, 5);
        {
            la_mat Qc = tu_mat(m, n, 0);
            la_real *s = tu_reals((size_t)k);
            la_mat_copy(Q, Qc);
            CHECK_STATUS(la_svd(Qc, s, la_mat_of(0, 0, NULL), la_mat_of(0, 0, NULL), NULL), LA_OK);
            for (i = 0; i < k; ++i) CHECK(s[i] > 0.6 && s[i] < 1.3);
            tu_free(Qc.data);
            tu_free(s);
        }
        tu_free(A.data);
        tu_free(U.data);
        tu_free(H.data);
        tu_free(UH.data);
        tu_free(Q.data);
        tu_free(Ut.data);
        tu_free(w);
    }
    /* errors: zero and rank-deficient input, NaN, shapes */
    {
        la_mat A = tu_mat(6, 4, 0), Q = tu_mat(6, 4, 0);
        la_iter_opts o;
        la_iter_info info;
        memset(&o, 0, sizeof o);
        CHECK_STATUS(la_newton_schulz(A, Q, LA_NS_CUBIC, NULL, &info, NULL), LA_ERR_SINGULAR);
        tu_fill_normal(&r, A);
        for (i = 0; i < 6; ++i) LA_AT(A, i, 3) = 0; /* rank 3 */
        o.max_iter = 60;
        CHECK_STATUS(la_newton_schulz(A, Q, LA_NS_QUINTIC, &o, &info, NULL), LA_ERR_NO_CONVERGENCE);
        CHECK(la_mat_isfinite(Q));
        CHECK_STATUS(la_newton_schulz(A, Q, (la_ns_kind)4, NULL, &info, NULL), LA_ERR_ARG);
        CHECK_STATUS(la_newton_schulz(A, la_mat_of(4, 6, Q.data), LA_NS_CUBIC, NULL, &info, NULL),
                     LA_ERR_DIM);
        LA_AT(A, 2, 2) = (la_real)INFINITY;
        CHECK_STATUS(la_newton_schulz(A, Q, LA_NS_CUBIC, NULL, &info, NULL), LA_ERR_NONFINITE);
        CHECK_STATUS(la_polar(A, Q, la_mat_of(0, 0, NULL), NULL), LA_ERR_NONFINITE);
        CHECK_STATUS(la_polar(A, la_mat_of(4, 6, Q.data), la_mat_of(0, 0, NULL), NULL), LA_ERR_DIM);
        tu_free(A.data);
        tu_free(Q.data);
    }
}

/* ||X X - A||_F / ||A||_F in long double. */
static double mf_sqrt_residual(la_mat X, la_mat A) {
    la_int n = X.rows;
    la_mat P = tu_mat(n, n, 0);
    double r;
    tu_ref_gemm(LA_NOTRANS, LA_NOTRANS, 1, X, X, 0, P);
    r = mf_rel(P, A);
    tu_free(P.data);
    return r;
}

TEST(matfun_sqrtm_real_schur) {
    la_rng r = la_rng_seed(141);
    const la_int sizes[4] = {1, 2, 9, 50};
    la_int t, i;
    for (t = 0; t < 4; ++t) {
        la_int n = sizes[t];
        la_mat A = tu_mat(n, n, n + 1), X = tu_mat(n, n, 0), Y = tu_mat(n, n, 0);
        la_real *wr = tu_reals((size_t)n), *wi = tu_reals((size_t)n);
        /* G / sqrt(n) + 2 I: spectrum near the disc of radius 1 around 2,
         * complex pairs included */
        tu_fill_normal(&r, A);
        for (i = 0; i < n * (n + 1); ++i) A.data[i] = (la_real)(A.data[i] / sqrt((double)n));
        for (i = 0; i < n; ++i) LA_AT(A, i, i) += 2;
        CHECK_STATUS(la_sqrtm(A, X, NULL), LA_OK);
        CHECK_LE(mf_sqrt_residual(X, A), 100 * n * TU_EPS);
        /* principal: eigenvalues of X in the right half plane */
        la_mat_copy(X, Y);
        CHECK_STATUS(la_eig(Y, wr, wi, NULL), LA_OK);
        for (i = 0; i < n; ++i) CHECK(wr[i] > 0);
        /* X may be A */
        la_mat_copy(A, Y);
        CHECK_STATUS(la_sqrtm(Y, Y, NULL), LA_OK);
        CHECK_LE(tu_max_diff(X, Y), 0);
        tu_free(A.data);
        tu_free(X.data);
        tu_free(Y.data);
        tu_free(wr);
        tu_free(wi);
    }
    /* closed forms: rotation by 2.5 rad -> rotation by 1.25; triangular */
    {
        la_real a[4], x[4];
        a[0] = a[3] = (la_real)cos(2.5);
        a[1] = (la_real)-sin(2.5);
        a[2] = (la_real)sin(2.5);
        CHECK_STATUS(la_sqrtm(la_mat_of(2, 2, a), la_mat_of(2, 2, x), NULL), LA_OK);
        CHECK_NEAR(x[0], cos(1.25), 20 * TU_EPS);
        CHECK_NEAR(x[1], -sin(1.25), 20 * TU_EPS);
        CHECK_NEAR(x[2], sin(1.25), 20 * TU_EPS);
        CHECK_NEAR(x[3], cos(1.25), 20 * TU_EPS);
        a[0] = 4;
        a[1] = 1;
        a[2] = 0;
        a[3] = 9;
        CHECK_STATUS(la_sqrtm(la_mat_of(2, 2, a), la_mat_of(2, 2, x), NULL), LA_OK);
        CHECK_NEAR(x[0], 2, 10 * TU_EPS);
        CHECK_NEAR(x[1], 0.2, 10 * TU_EPS);
        CHECK_NEAR(x[2], 0, 10 * TU_EPS);
        CHECK_NEAR(x[3], 3, 10 * TU_EPS);
        /* a negative eigenvalue: no real principal root */
        a[0] = 1;
        a[1] = 2;
        a[2] = 0;
        a[3] = -1;
        CHECK_STATUS(la_sqrtm(la_mat_of(2, 2, a), la_mat_of(2, 2, x), NULL), LA_ERR_NO_REAL_ROOT);
        /* zero matrix: 0 */
        a[0] = a[1] = a[2] = a[3] = 0;
        CHECK_STATUS(la_sqrtm(la_mat_of(2, 2, a), la_mat_of(2, 2, x), NULL), LA_OK);
        CHECK(x[0] == 0 && x[1] == 0 && x[2] == 0 && x[3] == 0);
        a[1] = (la_real)NAN;
        CHECK_STATUS(la_sqrtm(la_mat_of(2, 2, a), la_mat_of(2, 2, x), NULL), LA_ERR_NONFINITE);
        CHECK_STATUS(la_sqrtm(la_mat_of(2, 2, a), la_mat_of(1, 2, x), NULL), LA_ERR_DIM);
    }
    /* SPD: agrees with the eigen route, for condition 1e6 */
    {
        la_int n = 30;
        la_mat A = tu_mat(n, n, 0), X = tu_mat(n, n, 0), Y = tu_mat(n, n, 0);
        tu_rand_spd(&r, A, LA_REAL_IS_FLOAT ? 1e3 : 1e6);
        CHECK_STATUS(la_sqrtm(A, X, NULL), LA_OK);
        CHECK_STATUS(la_powm_psd(A, (la_real)0.5, 0, Y, NULL), LA_OK);
        CHECK_LE(mf_rel(X, Y), 100 * n * TU_EPS * (LA_REAL_IS_FLOAT ? 1e3 : 1e6));
        tu_free(A.data);
        tu_free(X.data);
        tu_free(Y.data);
    }
}

TEST(matfun_logm_small_eigenvalues_and_extreme_scales) {
    /* log of a 1 x 1 [t] is log t to a few ulps whatever t: the distance
     * ||T - I|| was once formed by subtracting 1 from T's diagonal and adding
     * it back, which rounded t = 1e-10 to a neighbour of 1e-10 (error 4e-9)
     * and t = 1e-19 to 0 (no convergence). Then s [[2, 1], [1, 2]] for s
     * from 2^-300 to 2^300 (2^+-40 in float): log(s) I plus the log of the
     * unscaled matrix. */
    const double ts[4] = {1e-6, LA_REAL_IS_FLOAT ? 1e-10 : 1e-10, LA_REAL_IS_FLOAT ? 1e-19 : 1e-19,
                          LA_REAL_IS_FLOAT ? 1e-30 : 1e-150};
    const int es[4] = {LA_REAL_IS_FLOAT ? -40 : -300, LA_REAL_IS_FLOAT ? -20 : -100,
                       LA_REAL_IS_FLOAT ? 20 : 100, LA_REAL_IS_FLOAT ? 40 : 300};
    int k;
    for (k = 0; k < 4; ++k) {
        la_real a = (la_real)ts[k], x = 0;
        CHECK_STATUS(la_logm(la_mat_of(1, 1, &a), la_mat_of(1, 1, &x), NULL), LA_OK);
        CHECK_LE(fabs(x - log((double)a)), 16 * TU_EPS * fabs(log((double)a)));
    }
    for (k = 0; k < 4; ++k) {
        double sc = ldexp(1, es[k]), l1 = log(sc), l3 = log(3.0) + log(sc);
        la_real a[4], x[4];
        double want[4];
        int i;
        a[0] = a[3] = (la_real)(2 * sc);
        a[1] = a[2] = (la_real)sc;
        want[0] = want[3] = (l1 + l3) / 2;
        want[1] = want[2] = (l3 - l1) / 2;
        CHECK_STATUS(la_logm(la_mat_of(2, 2, a), la_mat_of(2, 2, x), NULL), LA_OK);
        for (i = 0; i < 4; ++i) CHECK_LE(fabs(x[i] - want[i]), 16 * TU_EPS * fabs(l1));
    }
}

TEST(matfun_sqrtm_and_eig_at_extreme_scales) {
    /* s [[1, 1], [-1, 1]] (eigenvalues s (1 +- i)) and s [[2, 1], [1, 2]]
     * for s = 2^+-1000 and 2^+-520 (2^+-120, 2^+-70 in float): the square
     * root of the complex-pair block once formed b c, which overflowed
     * (NaN with LA_OK) or underflowed; the Schur form's deflation floor
     * made the eigenvalues of a matrix of norm 2^-1000 come out as its
     * diagonal. Now X / sqrt(s) and the eigenvalues / s are those at
     * s = 1. */
    const int es[4] = {LA_REAL_IS_FLOAT ? -120 : -1000, LA_REAL_IS_FLOAT ? -70 : -520,
                       LA_REAL_IS_FLOAT ? 70 : 520, LA_REAL_IS_FLOAT ? 120 : 1000};
    const double rot_root[4] = {1.0986841134678100, 0.45508986056222733, -0.45508986056222733,
                                1.0986841134678100};
    const double sym_root[4] = {1.3660254037844386, 0.36602540378443860, 0.36602540378443860,
                                1.3660254037844386};
    int k, i;
    for (k = 0; k < 4; ++k) {
        la_real sc = (la_real)ldexp(1, es[k]), rt = (la_real)ldexp(1, es[k] / 2);
        la_real a[4], x[4], wr[2], wi[2];
        a[0] = a[1] = a[3] = sc;
        a[2] = -sc;
        CHECK_STATUS(la_sqrtm(la_mat_of(2, 2, a), la_mat_of(2, 2, x), NULL), LA_OK);
        for (i = 0; i < 4; ++i) CHECK_LE(fabs(x[i] / rt - rot_root[i]), 8 * TU_EPS);
        CHECK_STATUS(la_eig(la_mat_of(2, 2, a), wr, wi, NULL), LA_OK);
        for (i = 0; i < 2; ++i) {
            CHECK_LE(fabs(wr[i] / sc - 1), 8 * TU_EPS);
            CHECK_LE(fabs(fabs(wi[i] / sc) - 1), 8 * TU_EPS);
        }
        {
            /* a short arena: LA_ERR_NOMEM with A as it was (not left scaled) */
            la_real keep[4], z[4];
            unsigned char small[16];
            la_arena ar = la_arena_of(small, sizeof small);
            memcpy(keep, a, sizeof keep);
            CHECK_STATUS(la_schur(la_mat_of(2, 2, a), la_mat_of(2, 2, z), wr, wi, &ar), LA_ERR_NOMEM);
            CHECK(memcmp(keep, a, sizeof keep) == 0);
        }
        a[0] = a[3] = 2 * sc;
        a[1] = a[2] = sc;
        CHECK_STATUS(la_sqrtm(la_mat_of(2, 2, a), la_mat_of(2, 2, x), NULL), LA_OK);
        for (i = 0; i < 4; ++i) CHECK_LE(fabs(x[i] / rt - sym_root[i]), 8 * TU_EPS);
        CHECK_STATUS(la_eig(la_mat_of(2, 2, a), wr, wi, NULL), LA_OK);
        CHECK_LE(fabs((wr[0] > wr[1] ? wr[0] : wr[1]) / sc - 3), 16 * TU_EPS);
        CHECK_LE(fabs((wr[0] < wr[1] ? wr[0] : wr[1]) / sc - 1), 16 * TU_EPS);
    }
}

TEST(matfun_logm_inverse_of_expm) {
    la_rng r = la_rng_seed(151);
    const la_int sizes[4] = {1, 3, 12, 40};
    la_int t, i;
    for (t = 0; t < 4; ++t) {
        la_int n = sizes[t];
        la_mat A = tu_mat(n, n, 0), L = tu_mat(n, n, 0), E = tu_mat(n, n, 0), B = tu_mat(n, n, 0);
        /* expm(logm(A)) = A for A with spectrum around the disc at 2 */
        tu_fill_normal(&r, A);
        for (i = 0; i < n * n; ++i) A.data[i] = (la_real)(A.data[i] / sqrt((double)n));
        for (i = 0; i < n; ++i) LA_AT(A, i, i) += 2;
        CHECK_STATUS(la_logm(A, L, NULL), LA_OK);
        CHECK_STATUS(la_expm(L, E, NULL), LA_OK);
        CHECK_LE(mf_rel(E, A), 200 * n * TU_EPS);
        /* logm(expm(B)) = B for ||B|| small enough that the spectrum of B
         * has imaginary parts in (-pi, pi) */
        tu_fill_normal(&r, B);
        for (i = 0; i < n * n; ++i) B.data[i] = (la_real)(B.data[i] * 0.5 / sqrt((double)n));
        CHECK_STATUS(la_expm(B, E, NULL), LA_OK);
        CHECK_STATUS(la_logm(E, L, NULL), LA_OK);
        CHECK_LE(mf_rel(L, B), 200 * n * TU_EPS);
        tu_free(A.data);
        tu_free(L.data);
        tu_free(E.data);
        tu_free(B.data);
    }
    /* closed forms: rotation by 2 rad, diagonal, identity; SPD spectrum */
    {
        la_real a[4], x[4];
        a[0] = a[3] = (la_real)cos(2.0);
        a[1] = (la_real)-sin(2.0);
        a[2] = (la_real)sin(2.0);
        CHECK_STATUS(la_logm(la_mat_of(2, 2, a), la_mat_of(2, 2, x), NULL), LA_OK);
        CHECK_NEAR(x[0], 0, 50 * TU_EPS);
        CHECK_NEAR(x[1], -2, 50 * TU_EPS);
        CHECK_NEAR(x[2], 2, 50 * TU_EPS);
        CHECK_NEAR(x[3], 0, 50 * TU_EPS);
        a[0] = 1;
        a[1] = a[2] = 0;
        a[3] = 1;
        CHECK_STATUS(la_logm(la_mat_of(2, 2, a), la_mat_of(2, 2, x), NULL), LA_OK);
        CHECK(x[0] == 0 && x[1] == 0 && x[2] == 0 && x[3] == 0);
        a[0] = (la_real)1e-3;
        a[3] = (la_real)1e3;
        CHECK_STATUS(la_logm(la_mat_of(2, 2, a), la_mat_of(2, 2, x), NULL), LA_OK);
        CHECK_NEAR(x[0], log(1e-3), 100 * TU_EPS * 7);
        CHECK_NEAR(x[3], log(1e3), 100 * TU_EPS * 7);
        /* eigenvalues on the closed negative real axis */
        a[0] = -1;
        CHECK_STATUS(la_logm(la_mat_of(2, 2, a), la_mat_of(2, 2, x), NULL), LA_ERR_NO_REAL_ROOT);
        a[0] = 0;
        CHECK_STATUS(la_logm(la_mat_of(2, 2, a), la_mat_of(2, 2, x), NULL), LA_ERR_NO_REAL_ROOT);
        a[0] = (la_real)INFINITY;
        CHECK_STATUS(la_logm(la_mat_of(2, 2, a), la_mat_of(2, 2, x), NULL), LA_ERR_NONFINITE);
        CHECK_STATUS(la_logm(la_mat_of(0, 0, NULL), la_mat_of(0, 0, NULL), NULL), LA_OK);
    }
    {
        la_int n = 20;
        la_mat Q = tu_mat(n, n, 0), A = tu_mat(n, n, 0), X = tu_mat(n, n, 0), R = tu_mat(n, n, 0);
        long double d[20], f[20];
        tu_rand_orthogonal(&r, Q);
        mf_logspace(n, LA_REAL_IS_FLOAT ? 1e3 : 1e8, d);
        mf_from_eigs(Q, d, A);
        for (i = 0; i < n; ++i) f[i] = logl(d[i]);
        mf_from_eigs(Q, f, R);
        CHECK_STATUS(la_logm(A, X, NULL), LA_OK);
        /* condition of log at A: about kappa / log(kappa) relative */
        CHECK_LE(mf_rel(X, R), 100 * n * TU_EPS * (LA_REAL_IS_FLOAT ? 1e3 : 1e8));
        tu_free(Q.data);
        tu_free(A.data);
        tu_free(X.data);
        tu_free(R.data);
    }
}

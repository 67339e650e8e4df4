/* test_lu.c - linalg.h section 7: LU with partial pivoting, solves,
 * determinant and inverse, against long-double references and identities. */
#include <math.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"
#include "refdense.h"

/* Largest condition number a test asks for: 1e12 in double, 1e4 in float. */
#define LU_KAPPA_MAX (TU_EPS < 1e-10 ? 1e12 : 1e4)

/* ||P A - L U||_F / ||A||_F in long double, from the factors of la_lu. */
static double lu_factor_error(la_mat A, la_mat LU, const la_int *piv) {
    la_int m = A.rows, n = A.cols, k = m < n ? m : n, i, j, p;
    long double *PA = rd_from_mat(A), r = 0, t;
    for (i = 0; i < k; ++i)
        if (piv[i] != i)
            for (j = 0; j < n; ++j) {
                t = PA[(size_t)i * n + j];
                PA[(size_t)i * n + j] = PA[(size_t)piv[i] * n + j];
                PA[(size_t)piv[i] * n + j] = t;
            }
    for (i = 0; i < m; ++i)
        for (j = 0; j < n; ++j) {
            long double s = 0;
            for (p = 0; p <= (i < j ? i : j) && p < k; ++p) {
                long double l = p == i ? 1.0L : (long double)LA_AT(LU, i, p);
                s += l * (long double)LA_AT(LU, p, j);
            }
            s -= PA[(size_t)i * n + j];
            r += s * s;
        }
    rd_free(PA);
    t = (long double)tu_fro(A);
    return (double)(t > 0 ? sqrtl(r) / t : sqrtl(r));
}

static int lu_pivots_valid(la_int m, la_int k, const la_int *piv) {
    la_int i;
    for (i = 0; i < k; ++i)
        if (piv[i] < i || piv[i] >= m) return 0;
    return 1;
}

TEST(lu_factors_reconstruct_PA_over_shapes) {
    static const la_int shapes[][2] = {{0, 0}, {0, 3}, {3, 0}, {1, 1}, {1, 6}, {6, 1}, {7, 7},
                                       {13, 9}, {9, 13}, {17, 17}, {40, 40}, {67, 31}, {31, 67},
                                       {130, 130}, {150, 97}};
    la_rng r = la_rng_seed(701);
    size_t s;
    for (s = 0; s < sizeof shapes / sizeof shapes[0]; ++s) {
        la_int m = shapes[s][0], n = shapes[s][1], k = m < n ? m : n;
        la_mat A = tu_mat(m, n, n + 3), LU = tu_mat(m, n, n + 3);
        la_int *piv = tu_ints((size_t)k + 1);
        tu_fill_normal(&r, A);
        la_mat_copy(A, LU);
        CHECK_STATUS(la_lu(LU, piv), LA_OK);
        CHECK(lu_pivots_valid(m, k, piv));
        CHECK_LE(lu_factor_error(A, LU, piv), 8 * (k + 1) * TU_EPS);
        tu_free(A.data);
        tu_free(LU.data);
        tu_free(piv);
    }
}

TEST(lu_pivoting_bounds_multipliers) {
    /* Partial pivoting keeps every |L_ij| <= 1. */
    la_rng r = la_rng_seed(702);
    la_mat A = tu_mat(90, 70, 0);
    la_int piv[70], i, j;
    double worst = 0;
    tu_fill_uniform(&r, A);
    CHECK_STATUS(la_lu(A, piv), LA_OK);
    for (i = 0; i < 90; ++i)
        for (j = 0; j < (i < 70 ? i : 70); ++j)
            if (fabs((double)LA_AT(A, i, j)) > worst) worst = fabs((double)LA_AT(A, i, j));
    CHECK_LE(worst, 1.0);
    tu_free(A.data);
}

TEST(lu_solve_backward_error_over_condition) {
    static const la_int sizes[] = {1, 2, 5, 16, 17, 33, 100};
    double kappas[3];
    la_rng r = la_rng_seed(703);
    size_t s, c;
    kappas[0] = 10;
    kappas[1] = 1e6 < LU_KAPPA_MAX ? 1e6 : 1e3;
    kappas[2] = LU_KAPPA_MAX;
    for (s = 0; s < sizeof sizes / sizeof sizes[0]; ++s)
        for (c = 0; c < 3; ++c) {
            la_int n = sizes[s], k = 1 + (la_int)c;
            la_mat A = tu_mat(n, n, n + 2), LU = tu_mat(n, n, n + 1);
            la_mat B = tu_mat(n, k, k + 2), X = tu_mat(n, k, k + 2);
            la_int *piv = tu_ints((size_t)n);
            tu_rand_cond(&r, A, kappas[c]);
            tu_fill_normal(&r, B);
            la_mat_copy(A, LU);
            CHECK_STATUS(la_lu(LU, piv), LA_OK);
            la_mat_copy(B, X);
            CHECK_STATUS(la_lu_solve(LU, piv, X), LA_OK);
            CHECK_LE(tu_backward_error(A, LA_NOTRANS, X, B), 4 * n * TU_EPS);
            la_mat_copy(B, X);
            CHECK_STATUS(la_lu_solve_trans(LU, piv, X), LA_OK);
            CHECK_LE(tu_backward_error(A, LA_TRANS, X, B), 4 * n * TU_EPS);
            tu_free(A.data);
            tu_free(LU.data);
            tu_free(B.data);
            tu_free(X.data);
            tu_free(piv);
        }
}

TEST(lu_solve_matches_exact_small_system) {
    /* [2 1 1; 4 -6 0; -2 7 2] x = [5; -2; 9] has x = [1; 1; 2]. */
    la_real a[9] = {2, 1, 1, 4, -6, 0, -2, 7, 2}, b[3] = {5, -2, 9};
    la_int piv[3];
    la_mat A = la_mat_of(3, 3, a), B = la_mat_of(3, 1, b);
    CHECK_STATUS(la_lu(A, piv), LA_OK);
    CHECK_INT(piv[0], 1); /* |4| is the largest of the first column */
    CHECK_STATUS(la_lu_solve(A, piv, B), LA_OK);
    CHECK_NEAR(b[0], 1, 8 * TU_EPS);
    CHECK_NEAR(b[1], 1, 8 * TU_EPS);
    CHECK_NEAR(b[2], 2, 8 * TU_EPS);
}

TEST(lu_exactly_singular_completes_factorization) {
    la_rng r = la_rng_seed(704);
    la_int n = 40, i, piv[40];
    la_mat A = tu_mat(n, n, 0), LU = tu_mat(n, n, 0), B = tu_mat(n, 2, 0), B0 = tu_mat(n, 2, 0);
    la_real det = 1, sign = 1, lad = 0;
    /* A zero column: some pivot is exactly zero, the factors still hold. */
    tu_fill_normal(&r, A);
    for (i = 0; i < n; ++i) LA_AT(A, i, 23) = 0;
    la_mat_copy(A, LU);
    CHECK_STATUS(la_lu(LU, piv), LA_ERR_SINGULAR);
    CHECK(lu_pivots_valid(n, n, piv));
    CHECK_LE(lu_factor_error(A, LU, piv), 8 * n * TU_EPS);
    tu_fill_normal(&r, B);
    la_mat_copy(B, B0);
    CHECK_STATUS(la_lu_solve(LU, piv, B), LA_ERR_SINGULAR);
    CHECK(tu_max_diff(B, B0) == 0); /* B untouched */
    CHECK_STATUS(la_lu_det(LU, piv, &det), LA_OK);
    CHECK(det == 0);
    CHECK_STATUS(la_lu_logdet(LU, piv, &lad, &sign), LA_OK);
    CHECK(sign == 0 && lad < 0 && !(lad > -1e300));
    /* A zero row. */
    tu_fill_normal(&r, A);
    for (i = 0; i < n; ++i) LA_AT(A, 5, i) = 0;
    la_mat_copy(A, LU);
    CHECK_STATUS(la_lu(LU, piv), LA_ERR_SINGULAR);
    CHECK_LE(lu_factor_error(A, LU, piv), 8 * n * TU_EPS);
    /* The zero matrix: every pivot is zero, pivots stay in place. */
    la_mat_set(LU, 0, 0);
    CHECK_STATUS(la_lu(LU, piv), LA_ERR_SINGULAR);
    CHECK(lu_pivots_valid(n, n, piv));
    tu_free(A.data);
    tu_free(LU.data);
    tu_free(B.data);
    tu_free(B0.data);
}

TEST(lu_rank_deficient_product_is_detected) {
    /* A = X Y with an inner dimension 10 < 30: singular up to rounding, so
     * either a pivot is exactly zero or U shows it: rcond is ~ eps. */
    la_rng r = la_rng_seed(705);
    la_int n = 30, piv[30];
    la_mat X = tu_mat(n, 10, 0), Y = tu_mat(10, n, 0), A = tu_mat(n, n, 0);
    la_real rc = 1, an;
    la_status st;
    tu_fill_normal(&r, X);
    tu_fill_normal(&r, Y);
    tu_ref_gemm(LA_NOTRANS, LA_NOTRANS, 1, X, Y, 0, A);
    an = la_norm_1(A);
    st = la_lu(A, piv);
    CHECK(st == LA_OK || st == LA_ERR_SINGULAR);
    CHECK_STATUS(la_lu_rcond(A, an, &rc, NULL), LA_OK);
    CHECK_LE(rc, 100 * n * TU_EPS);
    tu_free(X.data);
    tu_free(Y.data);
    tu_free(A.data);
}

TEST(lu_nonfinite_input_is_reported_untouched) {
    la_real a[4] = {1, 2, 3, 4}, b[2] = {1, 1};
    la_int piv[2] = {-7, -7};
    la_mat A = la_mat_of(2, 2, a), B = la_mat_of(2, 1, b);
    a[3] = (la_real)NAN;
    CHECK_STATUS(la_lu(A, piv), LA_ERR_NONFINITE);
    CHECK(a[0] == 1 && a[1] == 2 && a[2] == 3 && piv[0] == -7);
    a[3] = (la_real)INFINITY;
    CHECK_STATUS(la_lu(A, piv), LA_ERR_NONFINITE);
    a[3] = 4;
    CHECK_STATUS(la_lu(A, piv), LA_OK);
    b[1] = (la_real)NAN;
    CHECK_STATUS(la_lu_solve(A, piv, B), LA_ERR_NONFINITE);
    CHECK_STATUS(la_lu_solve_trans(A, piv, B), LA_ERR_NONFINITE);
    b[1] = 1;
    A.data[3] = (la_real)INFINITY;
    CHECK_STATUS(la_lu_solve(A, piv, B), LA_ERR_NONFINITE);
    CHECK_STATUS(la_inv(la_mat_of(2, 2, a), NULL), LA_ERR_NONFINITE);
}

TEST(lu_bad_arguments) {
    la_real a[9] = {0}, b[3] = {0};
    la_int piv[3] = {0, 1, 2}, bad[3] = {0, 3, 2};
    la_mat A = la_mat_of(3, 3, a);
    CHECK_STATUS(la_lu(A, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_lu(la_mat_ld(3, 3, 2, a), piv), LA_ERR_ARG);
    CHECK_STATUS(la_lu(la_mat_ld(3, 3, 3, NULL), piv), LA_ERR_ARG);
    CHECK_STATUS(la_lu(la_mat_of(0, 5, NULL), NULL), LA_OK);
    a[0] = a[4] = a[8] = 1;
    CHECK_STATUS(la_lu_solve(la_mat_of(3, 2, a), piv, la_mat_of(3, 1, b)), LA_ERR_DIM);
    CHECK_STATUS(la_lu_solve(A, piv, la_mat_of(2, 1, b)), LA_ERR_DIM);
    CHECK_STATUS(la_lu_solve(A, NULL, la_mat_of(3, 1, b)), LA_ERR_ARG);
    CHECK_STATUS(la_lu_solve(A, bad, la_mat_of(3, 1, b)), LA_ERR_ARG);
    CHECK_STATUS(la_lu_solve_trans(A, bad, la_mat_of(3, 1, b)), LA_ERR_ARG);
    CHECK_STATUS(la_lu_solve(A, piv, la_mat_of(3, 0, NULL)), LA_OK);
    CHECK_STATUS(la_lu_det(A, piv, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_lu_det(la_mat_of(3, 2, a), piv, b), LA_ERR_DIM);
    CHECK_STATUS(la_lu_det(A, bad, b), LA_ERR_ARG);
    CHECK_STATUS(la_lu_logdet(A, piv, b, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_inv(la_mat_of(3, 2, a), NULL), LA_ERR_DIM);
    CHECK_STATUS(la_inv(la_mat_ld(3, 3, 1, a), NULL), LA_ERR_ARG);
}

/* A = Q diag(d) Q^T: det(A) = prod d whatever the sign of det(Q). */
static void lu_sym_with_eigenvalues(la_rng *r, la_mat A, const double *d) {
    la_int n = A.rows, i, j, p;
    la_mat Q = tu_mat(n, n, 0);
    tu_rand_orthogonal(r, Q);
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) {
            long double s = 0;
            for (p = 0; p < n; ++p)
                s += (long double)LA_AT(Q, i, p) * d[p] * (long double)LA_AT(Q, j, p);
            LA_AT(A, i, j) = (la_real)s;
        }
    tu_free(Q.data);
}

TEST(lu_determinant_of_known_spectrum) {
    la_rng r = la_rng_seed(706);
    double d[9] = {2, -3, 0.5, 1.5, -1, 4, 0.25, 3, -2}, want = 1;
    la_int piv[9], i;
    la_mat A = tu_mat(9, 9, 11);
    la_real det = 0, lad = 0, sign = 0;
    for (i = 0; i < 9; ++i) want *= d[i];
    lu_sym_with_eigenvalues(&r, A, d);
    CHECK_STATUS(la_lu(A, piv), LA_OK);
    CHECK_STATUS(la_lu_det(A, piv, &det), LA_OK);
    CHECK_NEAR(det, want, 200 * TU_EPS * fabs(want));
    CHECK_STATUS(la_lu_logdet(A, piv, &lad, &sign), LA_OK);
    CHECK(sign == (want < 0 ? -1 : 1));
    CHECK_NEAR(lad, log(fabs(want)), 200 * TU_EPS);
    tu_free(A.data);
}

TEST(lu_logdet_does_not_overflow) {
    /* 160 eigenvalues of magnitude 1e3 (one negative): |det| = 1e480,
     * beyond double range, log|det| = 480 ln 10. */
    la_rng r = la_rng_seed(707);
    la_int n = 160, i, *piv = tu_ints(160);
    double dd[160];
    la_mat A = tu_mat(n, n, 0);
    la_real det = 0, lad = 0, sign = 0;
    for (i = 0; i < n; ++i) dd[i] = i == 7 ? -1e3 : 1e3 * (1 + 0.001 * i);
    lu_sym_with_eigenvalues(&r, A, dd);
    CHECK_STATUS(la_lu(A, piv), LA_OK);
    CHECK_STATUS(la_lu_det(A, piv, &det), LA_OK);
    CHECK(det < 0 && det - det != 0); /* -Inf */
    CHECK_STATUS(la_lu_logdet(A, piv, &lad, &sign), LA_OK);
    {
        double want = 0;
        for (i = 0; i < n; ++i) want += log(fabs(dd[i]));
        CHECK_NEAR(lad, want, 200 * n * TU_EPS);
    }
    CHECK(sign == -1);
    tu_free(piv);
    tu_free(A.data);
}

/* ||A X - I||_F / (||A||_F ||X||_F) in long double. */
static double lu_inverse_residual(la_mat A, la_mat X) {
    la_int n = A.rows, i, j, p;
    long double s, r = 0;
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) {
            s = i == j ? -1.0L : 0.0L;
            for (p = 0; p < n; ++p) s += (long double)LA_AT(A, i, p) * (long double)LA_AT(X, p, j);
            r += s * s;
        }
    return (double)(sqrtl(r) / ((long double)tu_fro(A) * (long double)tu_fro(X)));
}

TEST(lu_inverse_residual_over_sizes_and_condition) {
    static const la_int sizes[] = {1, 2, 5, 64, 65, 130};
    la_rng r = la_rng_seed(708);
    size_t s;
    int c;
    for (s = 0; s < sizeof sizes / sizeof sizes[0]; ++s)
        for (c = 0; c < 2; ++c) {
            la_int n = sizes[s];
            la_mat A = tu_mat(n, n, n + 1), X = tu_mat(n, n, n + 1);
            tu_rand_cond(&r, A, c ? LU_KAPPA_MAX : 10);
            la_mat_copy(A, X);
            CHECK_STATUS(la_inv(X, NULL), LA_OK);
            CHECK_LE(lu_inverse_residual(A, X), 4 * n * TU_EPS);
            tu_free(A.data);
            tu_free(X.data);
        }
}

TEST(lu_inverse_workspace_and_singular) {
    la_rng r = la_rng_seed(709);
    la_int n = 70, i;
    size_t need = la_inv_ws_bytes(n);
    la_mat A = tu_mat(n, n, 0), X = tu_mat(n, n, 0);
    unsigned char *buf = (unsigned char *)tu_reals(need / sizeof(la_real) + 1);
    la_arena ws = la_arena_of(buf, need), small = la_arena_of(buf, need / 4);
    tu_rand_cond(&r, A, 100);
    la_mat_copy(A, X);
    CHECK_STATUS(la_inv(X, &small), LA_ERR_NOMEM);
    CHECK(tu_max_diff(A, X) == 0); /* nothing written */
    CHECK_STATUS(la_inv(X, &ws), LA_OK);
    CHECK_INT(ws.used, 0);
    CHECK_LE(ws.peak, need);
    CHECK_LE(lu_inverse_residual(A, X), 4 * n * TU_EPS);
    for (i = 0; i < n; ++i) LA_AT(A, i, 3) = 0;
    CHECK_STATUS(la_inv(A, &ws), LA_ERR_SINGULAR);
    CHECK_STATUS(la_inv(la_mat_of(0, 0, NULL), NULL), LA_OK);
    tu_free(buf);
    tu_free(A.data);
    tu_free(X.data);
}

TEST(lu_ws_arena_only_makes_it_fast) {
    /* la_lu_ws with an arena, with a too small one, and la_lu agree; the
     * arena is given back. */
    la_rng r = la_rng_seed(710);
    la_int n = 150, *p1 = tu_ints(150), *p2 = tu_ints(150), *p3 = tu_ints(150), i, same = 1;
    size_t need = la_lu_ws_bytes(n, n);
    la_mat A = tu_mat(n, n, 0), F1 = tu_mat(n, n, 0), F2 = tu_mat(n, n, 0), F3 = tu_mat(n, n, 0);
    la_real *buf = tu_reals(need / sizeof(la_real) + 2);
    la_arena ws = la_arena_of(buf, need), tiny = la_arena_of(buf, 16);
    tu_fill_normal(&r, A);
    la_mat_copy(A, F1);
    la_mat_copy(A, F2);
    la_mat_copy(A, F3);
    CHECK_STATUS(la_lu(F1, p1), LA_OK);
    CHECK_STATUS(la_lu_ws(F2, p2, &ws), LA_OK);
    CHECK_STATUS(la_lu_ws(F3, p3, &tiny), LA_OK);
    CHECK_INT(ws.used, 0);
    CHECK_LE(ws.peak, need);
    CHECK_INT(tiny.used, 0);
    for (i = 0; i < n; ++i) same &= p1[i] == p2[i]; /* same operations, same pivots */
    CHECK(same);
    CHECK_LE(lu_factor_error(A, F2, p2), 8 * n * TU_EPS);
    CHECK_LE(lu_factor_error(A, F3, p3), 8 * n * TU_EPS);
    tu_free(A.data);
    tu_free(F1.data);
    tu_free(F2.data);
    tu_free(F3.data);
    tu_free(buf);
    tu_free(p1);
    tu_free(p2);
    tu_free(p3);
}

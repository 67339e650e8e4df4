/* test_chol.c - linalg.h section 6: Cholesky (blocked), its solves,
 * log-determinant and inverse, rank-1 update and downdate, the modified
 * Cholesky factorization for indefinite matrices, and the Bunch-Kaufman
 * LDL^T factorization with its solve and inertia. References are long-double
 * loops written here and in testutil, independent of the library's kernels. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"

/* Condition numbers the tests sweep: to 1e12 in double, to 1e3 in float. */
#if LA_REAL_IS_FLOAT
static const double ch_kappas[] = {1, 1e1, 1e2, 1e3};
#else
static const double ch_kappas[] = {1, 1e4, 1e8, 1e12};
#endif
#define CH_NKAPPA ((int)(sizeof(ch_kappas) / sizeof(ch_kappas[0])))

/* Sizes: empty, tiny, odd, around the blocked routines' block sizes. */
static const la_int ch_sizes[] = {0, 1, 2, 3, 7, 31, 63, 64, 65, 95, 96, 97, 150};
#define CH_NSIZES ((int)(sizeof(ch_sizes) / sizeof(ch_sizes[0])))

/* A copy of A in a fresh matrix with leading dimension ld (0: cols). */
static la_mat ch_copy(la_mat A, la_int ld) {
    la_mat B = tu_mat(A.rows, A.cols, ld);
    la_int i, j;
    for (i = 0; i < A.rows; ++i)
        for (j = 0; j < A.cols; ++j) LA_AT(B, i, j) = LA_AT(A, i, j);
    return B;
}

/* Fill the strict upper triangle with a sentinel value. */
static void ch_mark_upper(la_mat A, la_real v) {
    la_int i, j;
    for (i = 0; i < A.rows; ++i)
        for (j = i + 1; j < A.cols; ++j) LA_AT(A, i, j) = v;
}

static int ch_upper_is(la_mat A, la_real v) {
    la_int i, j;
    for (i = 0; i < A.rows; ++i)
        for (j = i + 1; j < A.cols; ++j)
            if (LA_AT(A, i, j) != v) return 0;
    return 1;
}

/* ||L L^T - A||_F / ||A||_F for the lower triangle L of F, in long double
 * (A symmetric, both triangles filled). */
static double ch_llt_residual(la_mat F, la_mat A) {
    la_int n = A.rows, i, j, p;
    long double r = 0, a = 0;
    for (i = 0; i < n; ++i)
        for (j = 0; j <= i; ++j) { /* symmetric: off-diagonal terms twice */
            long double s = 0, w = i == j ? 1 : 2;
            for (p = 0; p <= j; ++p) s += (long double)LA_AT(F, i, p) * LA_AT(F, j, p);
            s -= LA_AT(A, i, j);
            r += w * s * s;
            a += w * (long double)LA_AT(A, i, j) * LA_AT(A, i, j);
        }
    return a > 0 ? (double)sqrtl(r / a) : (double)sqrtl(r);
}

/* max |F_ij - G_ij| over the lower triangles / max |G_ij|. */
static double ch_lower_rel_diff(la_mat F, la_mat G) {
    double m = 0, g = 0;
    la_int i, j;
    for (i = 0; i < F.rows; ++i)
        for (j = 0; j <= i; ++j) {
            double d = fabs((double)LA_AT(F, i, j) - (double)LA_AT(G, i, j));
            if (d != d) return d;
            if (d > m) m = d;
            if (fabs((double)LA_AT(G, i, j)) > g) g = fabs((double)LA_AT(G, i, j));
        }
    return g > 0 ? m / g : m;
}

/* P A P^T with (P A P^T)(i, j) = A(perm[i], perm[j]). */
static la_mat ch_permuted(la_mat A, const la_int *perm) {
    la_mat B = tu_mat(A.rows, A.rows, 0);
    la_int i, j;
    for (i = 0; i < A.rows; ++i)
        for (j = 0; j < A.rows; ++j) LA_AT(B, i, j) = LA_AT(A, perm[i], perm[j]);
    return B;
}

/* A symmetric matrix [0 B; B^T 0] (zero diagonal blocks of sizes n/2 and
 * n - n/2, B random normal) whose pivots are mostly 2 x 2; for odd n the
 * last diagonal entry is 1 so that A stays nonsingular. Its inertia is
 * (n - n/2, n/2, 0): B's singular values come as +-pairs, and the extra
 * positive diagonal entry lifts the one zero eigenvalue of odd n. */
static void ch_fill_saddle(la_rng *r, la_mat A) {
    la_int n = A.rows, i, j;
    tu_fill_normal(r, A);
    for (i = 0; i < n; ++i)
        for (j = 0; j <= i; ++j) {
            if ((i < n / 2) == (j < n / 2)) LA_AT(A, i, j) = 0;
            LA_AT(A, j, i) = LA_AT(A, i, j);
        }
    if (n % 2) LA_AT(A, n - 1, n - 1) = 1;
}

static int ch_is_permutation(la_int n, const la_int *perm) {
    la_int *seen = tu_ints((size_t)n), i, ok = 1;
    for (i = 0; i < n; ++i) {
        if (perm[i] < 0 || perm[i] >= n || seen[perm[i]]) ok = 0;
        else seen[perm[i]] = 1;
    }
    tu_free(seen);
    return ok;
}

/* ---------------------------------------------------------------- Cholesky */

TEST(chol_factor_residual_over_sizes_and_conditions) {
    la_rng r = la_rng_seed(601);
    int s, c;
    double worst = 0;
    for (s = 0; s < CH_NSIZES; ++s)
        for (c = 0; c < CH_NKAPPA; ++c) {
            la_int n = ch_sizes[s];
            la_mat A0 = tu_mat(n, n, 0), A;
            double res;
            tu_rand_spd(&r, A0, ch_kappas[c]);
            A = ch_copy(A0, n + 3); /* ld > cols */
            ch_mark_upper(A, 777);
            CHECK_STATUS(la_chol(A), LA_OK);
            CHECK(ch_upper_is(A, 777));
            res = ch_llt_residual(A, A0) / (TU_EPS * (n > 0 ? n : 1));
            if (res > worst) worst = res;
            CHECK_LE(res, 1.0);
            tu_free(A0.data);
            tu_free(A.data);
        }
    CHECK(worst > 0); /* the residual is measured, not vacuous */
}

TEST(chol_ws_arena_and_in_place_fallback) {
    /* with an arena of la_chol_ws_bytes(n) (peak within it, fill level
     * restored), and with one too small (the in-place path): same residual */
    la_rng r = la_rng_seed(614);
    static const la_int sizes[] = {33, 100, 250};
    int s;
    for (s = 0; s < 3; ++s) {
        la_int n = sizes[s];
        size_t bytes = la_chol_ws_bytes(n);
        unsigned char *buf = (unsigned char *)malloc(bytes + 1);
        unsigned char small[64];
        la_arena ws = la_arena_of(buf, bytes), tiny = la_arena_of(small, sizeof small);
        la_mat A = tu_mat(n, n, 0), F = tu_mat(n, n, n + 5), G = tu_mat(n, n, 0);
        tu_rand_spd(&r, A, LA_REAL_IS_FLOAT ? 1e3 : 1e6);
        la_mat_copy(A, F);
        la_mat_copy(A, G);
        CHECK_STATUS(la_chol_ws(F, &ws), LA_OK);
        CHECK_INT(la_arena_mark(&ws), 0);
        CHECK(ws.peak <= bytes);
        CHECK_LE(ch_llt_residual(F, A), (n + 1) * TU_EPS);
        CHECK_STATUS(la_chol_ws(G, &tiny), LA_OK);
        CHECK_INT(la_arena_mark(&tiny), 0);
        CHECK_LE(ch_llt_residual(G, A), (n + 1) * TU_EPS);
        free(buf);
        tu_free(A.data);
        tu_free(F.data);
        tu_free(G.data);
    }
}

TEST(chol_solve_backward_error) {
    la_rng r = la_rng_seed(602);
    static const la_int sizes[] = {1, 2, 7, 64, 97, 150};
    int s, c;
    for (s = 0; s < 6; ++s)
        for (c = 0; c < CH_NKAPPA; ++c) {
            la_int n = sizes[s], k;
            la_mat A0 = tu_mat(n, n, 0), L = tu_mat(n, n, n + 1);
            tu_rand_spd(&r, A0, ch_kappas[c]);
            la_mat_copy(A0, L);
            CHECK_STATUS(la_chol(L), LA_OK);
            for (k = 1; k <= 3; k += 2) {
                la_mat B = tu_mat(n, k, k + 2), X;
                tu_fill_normal(&r, B);
                X = ch_copy(B, k == 1 ? 1 : 0);
                CHECK_STATUS(la_chol_solve(L, X), LA_OK);
                CHECK_LE(tu_backward_error(A0, LA_NOTRANS, X, B), 2 * (n + 1) * TU_EPS);
                tu_free(B.data);
                tu_free(X.data);
            }
            tu_free(A0.data);
            tu_free(L.data);
        }
}

TEST(chol_solve_recovers_known_solution) {
    /* A x = b with A = [4 2; 2 3], x = (1, -2): b = (0, -4) */
    la_real a[4] = {4, 2, 2, 3}, b[2] = {0, -4};
    la_mat A = la_mat_of(2, 2, a), B = la_mat_of(2, 1, b);
    CHECK_STATUS(la_chol(A), LA_OK);
    CHECK_NEAR(a[0], 2, 2 * TU_EPS);
    CHECK_NEAR(a[2], 1, 2 * TU_EPS);
    CHECK_NEAR(a[3], sqrt(2.0), 4 * TU_EPS);
    CHECK(a[1] == 2); /* strict upper triangle untouched */
    CHECK_STATUS(la_chol_solve(A, B), LA_OK);
    CHECK_NEAR(b[0], 1, 8 * TU_EPS);
    CHECK_NEAR(b[1], -2, 8 * TU_EPS);
}

TEST(chol_rejects_indefinite_and_singular) {
    la_rng r = la_rng_seed(603);
    la_int n = 40, i;
    double d[40];
    la_mat A = tu_mat(n, n, 0);
    la_real one[4] = {1, 1, 1, 1}, z[1] = {0}, neg[1] = {-1}, mid[9] = {4, 0, 0, 2, 1, 0, 0, 3, 5};
    for (i = 0; i < n; ++i) d[i] = 1 + i;
    d[17] = -1e-3; /* one negative eigenvalue */
    tu_rand_sym(&r, A, d);
    CHECK_STATUS(la_chol(A), LA_ERR_NOT_SPD);
    CHECK_STATUS(la_chol(la_mat_of(2, 2, one)), LA_ERR_NOT_SPD); /* second pivot exactly 0 */
    CHECK_STATUS(la_chol(la_mat_of(1, 1, z)), LA_ERR_NOT_SPD);
    CHECK_STATUS(la_chol(la_mat_of(1, 1, neg)), LA_ERR_NOT_SPD);
    /* [4 . .; 2 1 .; 0 3 5]: second pivot 1 - 1 = 0 */
    CHECK_STATUS(la_chol(la_mat_of(3, 3, mid)), LA_ERR_NOT_SPD);
    tu_free(A.data);
}

TEST(chol_nonfinite_and_bad_arguments) {
    la_real a[9] = {4, 1, 1, 1, 4, 1, 1, 1, 4}, keep[9], b[3] = {1, 2, 3};
    la_mat A = la_mat_of(3, 3, a), B = la_mat_of(3, 1, b);
    memcpy(keep, a, sizeof a);
    a[3] = (la_real)NAN; /* lower triangle */
    CHECK_STATUS(la_chol(A), LA_ERR_NONFINITE);
    CHECK(a[0] == 4 && a[4] == 4 && a[8] == 4 && a[6] == 1); /* untouched */
    a[3] = 1;
    a[8] = (la_real)INFINITY;
    CHECK_STATUS(la_chol(A), LA_ERR_NONFINITE);
    a[8] = 4;
    a[1] = (la_real)NAN; /* the strict upper triangle is not read */
    CHECK_STATUS(la_chol(A), LA_OK);
    memcpy(a, keep, sizeof a);
    CHECK_STATUS(la_chol(la_mat_of(2, 3, a)), LA_ERR_DIM);
    CHECK_STATUS(la_chol(la_mat_ld(3, 3, 2, a)), LA_ERR_ARG);
    CHECK_STATUS(la_chol(la_mat_ld(3, 3, 3, NULL)), LA_ERR_ARG);
    CHECK_STATUS(la_chol(la_mat_of(0, 0, NULL)), LA_OK);
    CHECK_STATUS(la_chol(A), LA_OK);
    CHECK_STATUS(la_chol_solve(A, la_mat_of(2, 1, b)), LA_ERR_DIM);
    CHECK_STATUS(la_chol_solve(la_mat_of(3, 2, a), B), LA_ERR_DIM);
    CHECK_STATUS(la_chol_solve(A, la_mat_ld(3, 2, 1, b)), LA_ERR_ARG);
    CHECK_STATUS(la_chol_solve(A, la_mat_of(3, 0, NULL)), LA_OK);
    a[4] = 0;
    CHECK_STATUS(la_chol_solve(A, B), LA_ERR_SINGULAR);
    CHECK(b[0] == 1 && b[1] == 2 && b[2] == 3);
}

/* The recursive inverse from the factor at an order where the recursion
 * of the triangular inverse and of the Gram product runs five levels deep
 * (600 down to blocks of at most 32) and their off-diagonal updates run
 * in packed gemms: A X = I to working accuracy (A X by la_gemm), X
 * symmetric. */
TEST(chol_inverse_three_blocks) {
    la_rng r = la_rng_seed(605);
    const la_int n = 600;
    la_mat A = tu_mat(n, n, 0), X = tu_mat(n, n, n + 3), P = tu_mat(n, n, 0);
    la_int i, j, asym = 0;
    double e;
    /* A = G G^T / n + I / 10, G Gaussian (condition about 40) */
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) LA_AT(P, i, j) = (la_real)la_rng_normal(&r);
    la_gemm(LA_NOTRANS, LA_TRANS, (la_real)1 / (la_real)n, P, P, 0, A);
    for (i = 0; i < n; ++i) LA_AT(A, i, i) += (la_real)0.1;
    la_mat_copy(A, X);
    CHECK_STATUS(la_chol(X), LA_OK);
    CHECK_STATUS(la_chol_inverse(X), LA_OK);
    for (i = 0; i < n; ++i)
        for (j = 0; j < i; ++j) asym += LA_AT(X, i, j) != LA_AT(X, j, i);
    CHECK_INT(asym, 0);
    la_gemm(LA_NOTRANS, LA_NOTRANS, 1, A, X, 0, P);
    for (i = 0; i < n; ++i) LA_AT(P, i, i) -= 1;
    e = tu_fro(P) / (tu_fro(A) * tu_fro(X));
    CHECK_LE(e, 4 * n * TU_EPS);
    tu_free(A.data);
    tu_free(X.data);
    tu_free(P.data);
}

TEST(chol_logdet_and_inverse) {
    la_rng r = la_rng_seed(604);
    static const la_int sizes[] = {1, 2, 5, 64, 97, 200};
    int s, c;
    for (s = 0; s < 6; ++s)
        for (c = 0; c < CH_NKAPPA && c < 3; ++c) {
            la_int n = sizes[s], i, j;
            double *d = (double *)tu_reals((size_t)n * 2), want = 0, kappa = ch_kappas[c], e;
            la_mat A = tu_mat(n, n, 0), L = tu_mat(n, n, n + 2), X;
            la_real ld;
            for (i = 0; i < n; ++i) {
                d[i] = n > 1 ? pow(kappa, -(double)i / (n - 1)) * 3.0 : 3.0;
                want += log(d[i]);
            }
            tu_rand_sym(&r, A, d);
            la_mat_copy(A, L);
            CHECK_STATUS(la_chol(L), LA_OK);
            CHECK_STATUS(la_chol_logdet(L, &ld), LA_OK);
            CHECK_NEAR(ld, want, 4 * n * TU_EPS * (kappa + fabs(want)));
            CHECK_STATUS(la_chol_inverse(L), LA_OK);
            X = L;
            /* symmetric, and A X = I to working accuracy */
            for (i = 0; i < n; ++i)
                for (j = 0; j < i; ++j) CHECK(LA_AT(X, i, j) == LA_AT(X, j, i));
            {
                long double rr = 0;
                for (i = 0; i < n; ++i)
                    for (j = 0; j < n; ++j) {
                        long double t = i == j ? -1.0L : 0.0L;
                        la_int p;
                        for (p = 0; p < n; ++p) t += (long double)LA_AT(A, i, p) * LA_AT(X, p, j);
                        rr += t * t;
                    }
                e = (double)sqrtl(rr) / (tu_fro(A) * tu_fro(X));
                CHECK_LE(e, 4 * n * TU_EPS);
            }
            tu_free(d);
            tu_free(A.data);
            tu_free(L.data);
        }
    {
        la_real a[4] = {2, 0, 1, 0}, v;
        CHECK_STATUS(la_chol_logdet(la_mat_of(2, 2, a), &v), LA_ERR_SINGULAR);
        CHECK_STATUS(la_chol_logdet(la_mat_of(2, 2, a), NULL), LA_ERR_ARG);
        CHECK_STATUS(la_chol_inverse(la_mat_of(2, 2, a)), LA_ERR_SINGULAR);
        CHECK(a[0] == 2 && a[2] == 1); /* untouched */
        CHECK_STATUS(la_chol_inverse(la_mat_of(1, 2, a)), LA_ERR_DIM);
    }
}

/* ------------------------------------------------------- update, downdate */

TEST(chol_update_matches_refactorization) {
    la_rng r = la_rng_seed(605);
    static const la_int sizes[] = {1, 2, 5, 33, 100};
    int s, c;
    for (s = 0; s < 5; ++s)
        for (c = 0; c < CH_NKAPPA; ++c) {
            la_int n = sizes[s], i, j;
            double kappa = ch_kappas[c];
            la_mat A = tu_mat(n, n, 0), L = tu_mat(n, n, n + 1), A2, L2;
            la_real *x = tu_reals((size_t)n);
            tu_rand_spd(&r, A, kappa);
            tu_vec_normal(&r, n, x);
            la_mat_copy(A, L);
            CHECK_STATUS(la_chol(L), LA_OK);
            A2 = ch_copy(A, 0);
            for (i = 0; i < n; ++i)
                for (j = 0; j < n; ++j)
                    LA_AT(A2, i, j) = (la_real)((long double)LA_AT(A, i, j) + (long double)x[i] * x[j]);
            L2 = ch_copy(A2, 0);
            CHECK_STATUS(la_chol(L2), LA_OK);
            CHECK_STATUS(la_chol_update(L, x), LA_OK);
            CHECK_LE(ch_llt_residual(L, A2), 4 * n * TU_EPS);
            CHECK_LE(ch_lower_rel_diff(L, L2), 2 * n * TU_EPS * kappa);
            for (i = 0; i < n; ++i) CHECK(LA_AT(L, i, i) > 0);
            tu_free(A.data);
            tu_free(L.data);
            tu_free(A2.data);
            tu_free(L2.data);
            tu_free(x);
        }
}

TEST(chol_downdate_matches_refactorization) {
    la_rng r = la_rng_seed(606);
    static const la_int sizes[] = {1, 2, 5, 33, 100};
    int s, c;
    for (s = 0; s < 5; ++s)
        for (c = 0; c < CH_NKAPPA && c < 3; ++c) {
            la_int n = sizes[s], i, j;
            double kappa = ch_kappas[c];
            la_mat B = tu_mat(n, n, 0), L = tu_mat(n, n, 0), A, LB;
            la_real *x = tu_reals((size_t)n);
            tu_rand_spd(&r, B, kappa);
            tu_vec_normal(&r, n, x);
            A = ch_copy(B, 0);
            for (i = 0; i < n; ++i)
                for (j = 0; j < n; ++j)
                    LA_AT(A, i, j) = (la_real)((long double)LA_AT(B, i, j) + (long double)x[i] * x[j]);
            la_mat_copy(A, L);
            CHECK_STATUS(la_chol(L), LA_OK);
            LB = ch_copy(B, 0);
            CHECK_STATUS(la_chol(LB), LA_OK);
            CHECK_STATUS(la_chol_downdate(L, x), LA_OK);
            /* the downdated product reproduces B to the accuracy of A */
            CHECK_LE(ch_llt_residual(L, B) * tu_fro(B) / tu_fro(A), 8 * n * TU_EPS * kappa);
            CHECK_LE(ch_lower_rel_diff(L, LB), 4 * n * TU_EPS * kappa);
            for (i = 0; i < n; ++i) CHECK(LA_AT(L, i, i) > 0);
            tu_free(B.data);
            tu_free(L.data);
            tu_free(A.data);
            tu_free(LB.data);
            tu_free(x);
        }
}

TEST(chol_downdate_refuses_indefinite_result_and_keeps_L) {
    la_rng r = la_rng_seed(607);
    la_int n = 20, i;
    la_mat A = tu_mat(n, n, 0), L = tu_mat(n, n, 0), keep;
    la_real *x = tu_reals((size_t)n), y[2];
    tu_rand_spd(&r, A, 100);
    la_mat_copy(A, L);
    CHECK_STATUS(la_chol(L), LA_OK);
    keep = ch_copy(L, 0);
    /* x = 1.5 L e_3: L^{-1} x = 1.5 e_3, so L L^T - x x^T is indefinite */
    for (i = 0; i < n; ++i) x[i] = (la_real)1.5 * LA_AT(L, i, 3);
    CHECK_STATUS(la_chol_downdate(L, x), LA_ERR_NOT_SPD);
    CHECK(tu_max_diff(L, keep) == 0);
    /* errors of both */
    x[0] = (la_real)NAN;
    CHECK_STATUS(la_chol_update(L, x), LA_ERR_NONFINITE);
    CHECK_STATUS(la_chol_downdate(L, x), LA_ERR_NONFINITE);
    CHECK(tu_max_diff(L, keep) == 0);
    CHECK_STATUS(la_chol_update(L, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_chol_update(la_mat_of(2, 3, L.data), x), LA_ERR_DIM);
    y[0] = y[1] = 1;
    {
        la_real bad[4] = {1, 0, 2, 0};
        CHECK_STATUS(la_chol_update(la_mat_of(2, 2, bad), y), LA_ERR_ARG); /* zero diagonal */
        CHECK_STATUS(la_chol_downdate(la_mat_of(2, 2, bad), y), LA_ERR_ARG);
    }
    CHECK_STATUS(la_chol_update(la_mat_of(0, 0, NULL), NULL), LA_OK);
    tu_free(A.data);
    tu_free(L.data);
    tu_free(keep.data);
    tu_free(x);
}

/* ------------------------------------------------------- modified Cholesky */

/* ||P (A + diag(e)) P^T - L L^T||_F / ||A + diag(e)||_F. */
static double ch_modified_residual(la_mat F, la_mat A, const la_int *perm, const la_real *e) {
    la_int n = A.rows, i;
    la_mat M = ch_copy(A, 0), PM;
    double res;
    for (i = 0; i < n; ++i) LA_AT(M, i, i) += e[i];
    if (perm) {
        PM = ch_permuted(M, perm);
        res = ch_llt_residual(F, PM);
        tu_free(PM.data);
    } else {
        res = ch_llt_residual(F, M);
    }
    tu_free(M.data);
    return res;
}

TEST(chol_modified_adds_nothing_to_spd_and_agrees_with_chol) {
    la_rng r = la_rng_seed(608);
    static const la_int sizes[] = {1, 2, 3, 7, 31, 64, 97, 200};
    int s, c, piv;
#if LA_REAL_IS_FLOAT
    static const double kappas[] = {1, 1e2, 1e3};
#else
    static const double kappas[] = {1, 1e4, 1e8, 1e12};
#endif
    for (s = 0; s < 8; ++s)
        for (c = 0; c < (int)(sizeof(kappas) / sizeof(kappas[0])); ++c) {
            la_int n = sizes[s], i;
            la_mat A = tu_mat(n, n, 0);
            tu_rand_spd(&r, A, kappas[c]);
            for (piv = 0; piv < 2; ++piv) {
                la_mat F = tu_mat(n, n, n + 1), PA;
                la_int *perm = piv ? tu_ints((size_t)n) : NULL;
                la_real *e = tu_reals((size_t)n);
                double emax = 0;
                la_mat_copy(A, F);
                ch_mark_upper(F, -5);
                for (i = 0; i < n; ++i) e[i] = 99;
                CHECK_STATUS(la_chol_modified(F, perm, e, NULL), LA_OK);
                CHECK(ch_upper_is(F, -5));
                for (i = 0; i < n; ++i) emax = e[i] > emax ? e[i] : emax;
                CHECK(emax == 0);
                if (piv) CHECK(ch_is_permutation(n, perm));
                /* L is la_chol's factor of P A P^T (to the factor's
                 * sensitivity, about kappa eps) */
                PA = piv ? ch_permuted(A, perm) : ch_copy(A, 0);
                CHECK_STATUS(la_chol(PA), LA_OK);
                CHECK_LE(ch_lower_rel_diff(F, PA), 8 * (n + 1) * TU_EPS * kappas[c]);
                CHECK_LE(ch_modified_residual(F, A, perm, e), 2 * (n + 1) * TU_EPS);
                tu_free(F.data);
                tu_free(PA.data);
                tu_free(perm);
                tu_free(e);
            }
            tu_free(A.data);
        }
}

/* The bound documented at la_chol_modified, from the Gerschgorin bounds of
 * S (the trailing matrix when phase 2 starts): G + taubar gamma + 3 tau /
 * (1 - tau) (gamma + G). */
static double ch_se_bound(double G, double gamma) {
    double tau = pow(TU_EPS, 1.0 / 3.0), taubar = tau * tau;
    return G + taubar * gamma + 3 * tau / (1 - tau) * (gamma + G);
}

TEST(chol_modified_indefinite_bounds_and_residual) {
    la_rng r = la_rng_seed(609);
    static const la_int sizes[] = {1, 2, 3, 6, 17, 40, 97, 200};
    int s, t, piv;
    for (s = 0; s < 8; ++s)
        for (t = 0; t < 4; ++t)
            for (piv = 0; piv < 2; ++piv) {
                la_int n = sizes[s], i, j;
                double *d = (double *)tu_reals((size_t)n * 2), lmin = 1e300, emax = 0, emin = 1e300;
                double gamma = 0, xi = 0, normA = 0, crude;
                la_mat A = tu_mat(n, n, 0), F = tu_mat(n, n, 0);
                la_int *perm = piv ? tu_ints((size_t)n) : NULL;
                la_real *e = tu_reals((size_t)n);
                const double mu = 0.1;
                for (i = 0; i < n; ++i) {
                    /* t = 0: one negative eigenvalue; 1: half negative;
                     * 2: all negative; 3: eigenvalues spread over 1e-6..1e2 with
                     * random signs */
                    double mag = t == 3 ? pow(10.0, -6 + 8 * la_rng_uniform(&r)) : 1 + i;
                    int neg = t == 0 ? i == n / 2 : t == 1 ? i % 2 : t == 2 ? 1 : la_rng_uniform(&r) < 0.5;
                    d[i] = neg ? -mag : mag;
                    if (d[i] < lmin) lmin = d[i];
                }
                tu_rand_sym(&r, A, d);
                la_mat_copy(A, F);
                CHECK_STATUS(la_chol_modified(F, perm, e, NULL), LA_OK);
                if (piv) CHECK(ch_is_permutation(n, perm));
                for (i = 0; i < n; ++i) {
                    emax = e[i] > emax ? e[i] : emax;
                    emin = e[i] < emin ? e[i] : emin;
                    gamma = fabs((double)LA_AT(A, i, i)) > gamma ? fabs((double)LA_AT(A, i, i)) : gamma;
                    for (j = 0; j < n; ++j)
                        if (j != i && fabs((double)LA_AT(A, i, j)) > xi) xi = fabs((double)LA_AT(A, i, j));
                }
                normA = tu_max_abs(A) * n;
                CHECK(emin >= 0);
                CHECK_LE(ch_modified_residual(F, A, perm, e), 4 * (n + 1) * TU_EPS);
                /* necessary: A + E is positive definite, so max e > -lambda_min */
                if (lmin < 0) CHECK(emax >= -lmin * (1 - 1e-3) - 8 * n * TU_EPS * normA);
                /* documented crude bound (k = n - 1 phase-1 steps at most) */
                crude = gamma + (n - 1) * (xi + (n - 1) * (1 + mu) * gamma);
                if (piv) CHECK_LE(emax, ch_se_bound(crude, gamma) * (1 + 1e-3));
                /* all eigenvalues negative: phase 1 does nothing (S = A) and
                 * the Gerschgorin form of the bound applies to A itself */
                if (t == 2) {
                    double G = 0;
                    for (i = 0; i < n; ++i) {
                        double gi = (double)LA_AT(A, i, i);
                        for (j = 0; j < n; ++j)
                            if (j != i) gi -= fabs((double)LA_AT(A, i, j));
                        if (-gi > G) G = -gi;
                    }
                    CHECK_LE(emax, ch_se_bound(G, gamma) * (1 + 1e-3));
                }
                tu_free(d);
                tu_free(A.data);
                tu_free(F.data);
                tu_free(perm);
                tu_free(e);
            }
}

TEST(chol_modified_special_matrices) {
    double tau = pow(TU_EPS, 1.0 / 3.0), taubar = tau * tau;
    la_int perm[3];
    la_real e[3];
    {
        /* A = 0: gamma = 1, every pivot raised to taubar */
        la_real z[9] = {0};
        la_int i;
        CHECK_STATUS(la_chol_modified(la_mat_of(3, 3, z), perm, e, NULL), LA_OK);
        for (i = 0; i < 3; ++i) CHECK_NEAR(e[i], taubar, 1e-3 * taubar);
        CHECK_NEAR(z[0], sqrt(taubar), 1e-3 * sqrt(taubar));
    }
    {
        /* [[0 1] [1 0]] (eigenvalues +-1): a 2 x 2 end block, e = 1 + 2 tau/(1 - tau) */
        la_real a[4] = {0, 1, 1, 0}, a0[4] = {0, 1, 1, 0};
        la_mat A0 = la_mat_of(2, 2, a0), F = la_mat_of(2, 2, a);
        CHECK_STATUS(la_chol_modified(F, perm, e, NULL), LA_OK);
        CHECK_NEAR(e[0], 1 + 2 * tau / (1 - tau), 1e-3 * tau);
        CHECK(e[0] == e[1]);
        CHECK_LE(ch_modified_residual(F, A0, perm, e), 8 * TU_EPS);
    }
    {
        /* 1 x 1 negative: a + e = tau |a| / (1 - tau) */
        la_real a[1] = {-2};
        CHECK_STATUS(la_chol_modified(la_mat_of(1, 1, a), NULL, e, NULL), LA_OK);
        CHECK_NEAR(e[0], 2 + 2 * tau / (1 - tau), 8 * TU_EPS);
    }
    {
        /* Schnabel and Eskow's 3 x 3 example [1 1 2; 1 1 3; 2 3 1]: the Schur
         * test fails at once (1 - 2^2/1 < -mu), phase 2 raises the first
         * pivot to its column sum 3 (e_0 = 2); the remaining 2 x 2 is
         * [2/3 7/3; 7/3 -1/3] and both its diagonals get
         * max(2, -lo + tau (hi - lo) / (1 - tau)) */
        la_real a[9] = {1, 1, 2, 1, 1, 3, 2, 3, 1}, a0[9] = {1, 1, 2, 1, 1, 3, 2, 3, 1};
        double mid = (2.0 / 3 - 1.0 / 3) / 2, rad = sqrt(0.25 + 49.0 / 9), lo = mid - rad, hi = mid + rad;
        double want = -lo + tau * (hi - lo) / (1 - tau);
        CHECK_STATUS(la_chol_modified(la_mat_of(3, 3, a), perm, e, NULL), LA_OK);
        CHECK(perm[0] == 0 && perm[1] == 1 && perm[2] == 2);
        CHECK_NEAR(e[0], 2, 8 * TU_EPS);
        CHECK_NEAR(e[1], want > 2 ? want : 2, 32 * TU_EPS);
        CHECK(e[2] == e[1]);
        CHECK_LE(ch_modified_residual(la_mat_of(3, 3, a), la_mat_of(3, 3, a0), perm, e), 8 * TU_EPS);
    }
    {
        /* positive semidefinite, singular: [1 1; 1 1] is raised slightly */
        la_real a[4] = {1, 1, 1, 1}, a0[4] = {1, 1, 1, 1};
        CHECK_STATUS(la_chol_modified(la_mat_of(2, 2, a), perm, e, NULL), LA_OK);
        CHECK(e[0] + e[1] > 0 && e[0] < 1e-2 && e[1] < 1e-2);
        CHECK_LE(ch_modified_residual(la_mat_of(2, 2, a), la_mat_of(2, 2, a0), perm, e), 8 * TU_EPS);
    }
}

TEST(chol_modified_solve_perm_and_errors) {
    la_rng r = la_rng_seed(610);
    static const la_int sizes[] = {1, 4, 33, 80};
    int s;
    for (s = 0; s < 4; ++s) {
        la_int n = sizes[s], i, j, k = 3;
        double *d = (double *)tu_reals((size_t)n * 2);
        la_mat A = tu_mat(n, n, 0), F = tu_mat(n, n, 0), B = tu_mat(n, k, 0), X, M;
        la_int *perm = tu_ints((size_t)n);
        la_real *e = tu_reals((size_t)n);
        size_t full = la_chol_modified_ws_bytes(n), nb = n < 32 ? (size_t)n : 32;
        size_t least = la_ws_reals(nb * (size_t)n) + 4 * la_ws_reals((size_t)n) + la_ws_reals(nb) +
                       LA_ARENA_ALIGN;
        unsigned char *buf = (unsigned char *)malloc(full);
        la_arena ws = la_arena_of(buf, full), small = la_arena_of(buf, least);
        la_mat G = tu_mat(n, n, 0);
        for (i = 0; i < n; ++i) d[i] = (i % 3 == 0 ? -1.0 : 1.0) * (1 + i);
        tu_rand_sym(&r, A, d);
        la_mat_copy(A, F);
        la_mat_copy(A, G);
        /* the documented least workspace suffices (kernels unpacked) */
        CHECK_STATUS(la_chol_modified(G, perm, e, &small), LA_OK);
        CHECK_LE(ch_modified_residual(G, A, perm, e), 4 * (n + 1) * TU_EPS);
        small = la_arena_of(buf, least - LA_ARENA_ALIGN - 1);
        CHECK_STATUS(la_chol_modified(G, perm, e, &small), LA_ERR_NOMEM);
        CHECK_STATUS(la_chol_modified(F, perm, e, &ws), LA_OK);
        CHECK_INT(la_arena_mark(&ws), 0);
        CHECK(ws.peak <= full);
        tu_fill_normal(&r, B);
        X = ch_copy(B, 0);
        CHECK_STATUS(la_chol_solve_perm(F, perm, X), LA_OK);
        M = ch_copy(A, 0);
        for (i = 0; i < n; ++i) LA_AT(M, i, i) += e[i];
        CHECK_LE(tu_backward_error(M, LA_NOTRANS, X, B), 4 * (n + 1) * TU_EPS);
        /* a map that is not a permutation is refused, B untouched */
        if (n > 1) {
            la_int keep0 = perm[0];
            perm[0] = perm[1];
            la_mat_copy(B, X);
            CHECK_STATUS(la_chol_solve_perm(F, perm, X), LA_ERR_ARG);
            CHECK(tu_max_diff(X, B) == 0);
            perm[0] = n;
            CHECK_STATUS(la_chol_solve_perm(F, perm, X), LA_ERR_ARG);
            perm[0] = keep0;
        }
        for (j = 0; j < 1; ++j) CHECK_STATUS(la_chol_solve_perm(F, perm, la_mat_of(n + 1, 1, e)), LA_ERR_DIM);
        tu_free(d);
        tu_free(A.data);
        tu_free(F.data);
        tu_free(G.data);
        tu_free(B.data);
        tu_free(X.data);
        tu_free(M.data);
        tu_free(perm);
        tu_free(e);
        free(buf);
    }
    {
        la_real a[4] = {1, 0, (la_real)NAN, 1}, b[4];
        la_int p[2];
        static unsigned char small[16];
        la_arena tiny = la_arena_of(small, sizeof small);
        CHECK_STATUS(la_chol_modified(la_mat_of(2, 2, a), p, b, NULL), LA_ERR_NONFINITE);
        CHECK(a[0] == 1 && a[3] == 1);
        a[2] = 0;
        CHECK_STATUS(la_chol_modified(la_mat_of(2, 2, a), p, b, &tiny), LA_ERR_NOMEM);
        CHECK_STATUS(la_chol_modified(la_mat_of(2, 1, a), p, b, NULL), LA_ERR_DIM);
        CHECK_STATUS(la_chol_modified(la_mat_of(0, 0, NULL), NULL, NULL, NULL), LA_OK);
        CHECK_STATUS(la_chol_modified(la_mat_of(2, 2, a), NULL, NULL, NULL), LA_OK); /* e, perm optional */
    }
}

/* ------------------------------------------------------------------ LDL^T */

/* A_rec = L D L^T from la_ldlt's compact storage (LAPACK's product form
 * L = P_0 L_0 P_1 L_1 ...), formed in long double block by block from the
 * last: M <- D; M <- P_b L_b M L_b^T P_b^T. Returns ||A_rec - A||_F /
 * ||A||_F, or -1 if ipiv is malformed. */
static double ch_ldlt_reconstruction_error(la_mat F, const la_int *ipiv, la_mat A) {
    la_int n = A.rows, i, j, c, b, nb = 0;
    long double *M = (long double *)calloc((size_t)(n > 0 ? n * n : 1), sizeof(long double));
    la_int *start = tu_ints((size_t)n);
    long double r = 0, a = 0;
    for (i = 0; i < n;) {
        la_int s = ipiv[i] >= 0 ? 1 : 2;
        if (s == 2 && (i + 1 >= n || ipiv[i + 1] != ipiv[i])) {
            free(M);
            tu_free(start);
            return -1;
        }
        start[nb++] = i;
        M[i * n + i] = LA_AT(F, i, i);
        if (s == 2) {
            M[(i + 1) * n + i] = M[i * n + i + 1] = LA_AT(F, i + 1, i);
            M[(i + 1) * n + i + 1] = LA_AT(F, i + 1, i + 1);
        }
        i += s;
    }
    for (b = nb - 1; b >= 0; --b) {
        la_int k = start[b], s = ipiv[k] >= 0 ? 1 : 2, p = ipiv[k] >= 0 ? ipiv[k] : -ipiv[k] - 1;
        la_int q = k + s - 1; /* the row interchanged with p */
        /* M <- L_b M: rows i >= k+s gain sum_c v(i,c) M(k+c, :) */
        for (i = k + s; i < n; ++i)
            for (c = 0; c < s; ++c) {
                long double v = LA_AT(F, i, k + c);
                for (j = 0; j < n; ++j) M[i * n + j] += v * M[(k + c) * n + j];
            }
        /* M <- M L_b^T: columns j >= k+s */
        for (j = k + s; j < n; ++j)
            for (c = 0; c < s; ++c) {
                long double v = LA_AT(F, j, k + c);
                for (i = 0; i < n; ++i) M[i * n + j] += v * M[i * n + k + c];
            }
        /* M <- P M P^T, P swapping q and p */
        if (p != q) {
            for (j = 0; j < n; ++j) {
                long double t = M[q * n + j];
                M[q * n + j] = M[p * n + j];
                M[p * n + j] = t;
            }
            for (i = 0; i < n; ++i) {
                long double t = M[i * n + q];
                M[i * n + q] = M[i * n + p];
                M[i * n + p] = t;
            }
        }
    }
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) {
            long double d = M[i * n + j] - (long double)LA_AT(A, i, j);
            r += d * d;
            a += (long double)LA_AT(A, i, j) * LA_AT(A, i, j);
        }
    free(M);
    tu_free(start);
    return a > 0 ? (double)sqrtl(r / a) : (double)sqrtl(r);
}

static int ch_ipiv_valid(la_int n, const la_int *ipiv, int *n2x2) {
    la_int k;
    *n2x2 = 0;
    for (k = 0; k < n; ++k) {
        if (ipiv[k] >= 0) {
            if (ipiv[k] < k || ipiv[k] >= n) return 0;
        } else {
            la_int p = -ipiv[k] - 1;
            if (k + 1 >= n || ipiv[k + 1] != ipiv[k] || p < k + 1 || p >= n) return 0;
            ++*n2x2;
            ++k;
        }
    }
    return 1;
}

TEST(ldlt_reconstructs_indefinite_matrices) {
    la_rng r = la_rng_seed(611);
    int s, t, total2 = 0;
    for (s = 0; s < CH_NSIZES; ++s)
        for (t = 0; t < 3; ++t) {
            la_int n = ch_sizes[s], i, j, *ipiv = tu_ints((size_t)n), npos, nneg, nzero;
            la_mat A = tu_mat(n, n, 0), F;
            int n2;
            double err;
            if (t == 0) { /* random symmetric */
                tu_fill_normal(&r, A);
                for (i = 0; i < n; ++i)
                    for (j = 0; j < i; ++j) LA_AT(A, j, i) = LA_AT(A, i, j);
            } else if (t == 1) { /* zero diagonal blocks: 2 x 2 pivots */
                ch_fill_saddle(&r, A);
            } else { /* SPD: no interchange needed, still BK's choices */
                tu_rand_spd(&r, A, 1e2);
            }
            F = ch_copy(A, n + 1);
            ch_mark_upper(F, 321);
            CHECK_STATUS(la_ldlt(F, ipiv, NULL), LA_OK);
            CHECK(ch_upper_is(F, 321));
            CHECK(ch_ipiv_valid(n, ipiv, &n2));
            total2 += n2;
            err = ch_ldlt_reconstruction_error(F, ipiv, A);
            CHECK(err >= 0);
            CHECK_LE(err, (n + 1) * TU_EPS);
            CHECK_STATUS(la_ldlt_inertia(F, ipiv, &npos, &nneg, &nzero), LA_OK);
            CHECK_INT(npos + nneg + nzero, n);
            if (t == 2) CHECK_INT(npos, n);
            if (t == 1) {
                CHECK_INT(npos, n - n / 2);
                CHECK_INT(nneg, n / 2);
            }
            tu_free(ipiv);
            tu_free(A.data);
            tu_free(F.data);
        }
    CHECK(total2 > 10); /* the 2 x 2 path was exercised */
}

TEST(ldlt_blocked_panels_agree_with_unblocked) {
    /* n = 300 runs several 32-column panels; an arena of 2 n reals forces
     * the unblocked algorithm (built-in backend), which must choose the same
     * pivots; both factorizations reconstruct A */
    la_rng r = la_rng_seed(615);
    la_int n = 300, t;
    for (t = 0; t < 2; ++t) {
        la_int i, j, *ip1 = tu_ints((size_t)n), *ip2 = tu_ints((size_t)n), np, nn, nz;
        la_mat A = tu_mat(n, n, 0), F1, F2;
        size_t bytes = 2 * la_ws_reals((size_t)n) + LA_ARENA_ALIGN;
        unsigned char *buf = (unsigned char *)malloc(bytes);
        la_arena ws = la_arena_of(buf, bytes);
        int n2, same = 1;
        if (t == 0) {
            tu_fill_normal(&r, A);
            for (i = 0; i < n; ++i)
                for (j = 0; j < i; ++j) LA_AT(A, j, i) = LA_AT(A, i, j);
        } else {
            ch_fill_saddle(&r, A);
        }
        F1 = ch_copy(A, 0);
        F2 = ch_copy(A, n + 1);
        CHECK_STATUS(la_ldlt(F1, ip1, NULL), LA_OK);
        CHECK(ch_ipiv_valid(n, ip1, &n2));
        CHECK_LE(ch_ldlt_reconstruction_error(F1, ip1, A), (n + 1) * TU_EPS);
        CHECK_STATUS(la_ldlt_inertia(F1, ip1, &np, &nn, &nz), LA_OK);
        if (t == 1) CHECK(np == n / 2 && nn == n / 2 && nz == 0);
#ifndef LA_USE_LAPACKE
        CHECK_STATUS(la_ldlt(F2, ip2, &ws), LA_OK);
        for (i = 0; i < n; ++i) same &= ip1[i] == ip2[i];
        CHECK(same);
        CHECK_LE(ch_lower_rel_diff(F1, F2), 10 * n * TU_EPS); /* growth is modest here */
        CHECK_LE(ch_ldlt_reconstruction_error(F2, ip2, A), (n + 1) * TU_EPS);
#else
        (void)ws;
        (void)same;
#endif
        free(buf);
        tu_free(ip1);
        tu_free(ip2);
        tu_free(A.data);
        tu_free(F1.data);
        tu_free(F2.data);
    }
}

TEST(ldlt_inertia_matches_known_spectrum) {
    la_rng r = la_rng_seed(612);
    static const la_int sizes[] = {1, 2, 5, 30, 97, 140};
    int s, t;
    for (s = 0; s < 6; ++s)
        for (t = 0; t < 4; ++t) {
            la_int n = sizes[s], i, *ipiv = tu_ints((size_t)n), wpos = 0, wneg = 0, npos, nneg, nzero;
            double *d = (double *)tu_reals((size_t)n * 2);
            la_mat A = tu_mat(n, n, 0);
            for (i = 0; i < n; ++i) {
                double mag = pow(10.0, (t == 3 ? -4.0 : 0.0) + 4 * la_rng_uniform(&r));
                int neg = t == 0 ? 0 : t == 1 ? 1 : la_rng_uniform(&r) < 0.4;
                d[i] = neg ? -mag : mag;
                if (neg) ++wneg;
                else ++wpos;
            }
            tu_rand_sym(&r, A, d);
            CHECK_STATUS(la_ldlt(A, ipiv, NULL), LA_OK);
            CHECK_STATUS(la_ldlt_inertia(A, ipiv, &npos, &nneg, &nzero), LA_OK);
            CHECK_INT(npos, wpos);
            CHECK_INT(nneg, wneg);
            CHECK_INT(nzero, 0);
            tu_free(ipiv);
            tu_free(d);
            tu_free(A.data);
        }
}

TEST(ldlt_exact_small_cases) {
    la_int ipiv[3], p, q, z;
    {
        /* [[0 1] [1 0]]: one 2 x 2 block, no interchange, inertia (1, 1, 0) */
        la_real a[4] = {0, 1, 1, 0};
        CHECK_STATUS(la_ldlt(la_mat_of(2, 2, a), ipiv, NULL), LA_OK);
        CHECK_INT(ipiv[0], -2);
        CHECK_INT(ipiv[1], -2);
        CHECK(a[0] == 0 && a[2] == 1 && a[3] == 0);
        CHECK_STATUS(la_ldlt_inertia(la_mat_of(2, 2, a), ipiv, &p, &q, &z), LA_OK);
        CHECK(p == 1 && q == 1 && z == 0);
    }
    {
        /* [[1 2] [2 4]] (rank 1): 1 x 1 pivot on row 1, then an exact zero */
        la_real a[4] = {1, 2, 2, 4};
        CHECK_STATUS(la_ldlt(la_mat_of(2, 2, a), ipiv, NULL), LA_ERR_SINGULAR);
        CHECK_INT(ipiv[0], 1);
        CHECK_INT(ipiv[1], 1);
        CHECK(a[0] == 4 && a[2] == (la_real)0.5 && a[3] == 0);
        CHECK_STATUS(la_ldlt_inertia(la_mat_of(2, 2, a), ipiv, &p, &q, &z), LA_OK);
        CHECK(p == 1 && q == 0 && z == 1);
    }
    {
        /* [[1 . .] [0 0 .] [3 0 -1]]: colmax 3 > |a00| / alpha, row 2's max
         * is 3 and |a22| = 1 < alpha 3, so a 2 x 2 block (0, 2) with rows 1
         * and 2 interchanged, then an exact zero */
        la_real a[9] = {1, 0, 3, 0, 0, 0, 3, 0, -1}, a0[9] = {1, 0, 3, 0, 0, 0, 3, 0, -1};
        CHECK_STATUS(la_ldlt(la_mat_of(3, 3, a), ipiv, NULL), LA_ERR_SINGULAR);
        CHECK_INT(ipiv[0], -3);
        CHECK_INT(ipiv[1], -3);
        CHECK_INT(ipiv[2], 2);
        CHECK(a[0] == 1 && a[3] == 3 && a[4] == -1 && a[8] == 0);
        CHECK_LE(ch_ldlt_reconstruction_error(la_mat_of(3, 3, a), ipiv, la_mat_of(3, 3, a0)), 4 * TU_EPS);
        CHECK_STATUS(la_ldlt_inertia(la_mat_of(3, 3, a), ipiv, &p, &q, &z), LA_OK);
        CHECK(p == 1 && q == 1 && z == 1);
    }
    {
        la_real zero[9] = {0};
        CHECK_STATUS(la_ldlt(la_mat_of(3, 3, zero), ipiv, NULL), LA_ERR_SINGULAR);
        CHECK(ipiv[0] == 0 && ipiv[1] == 1 && ipiv[2] == 2);
        CHECK_STATUS(la_ldlt_inertia(la_mat_of(3, 3, zero), ipiv, &p, &q, &z), LA_OK);
        CHECK(p == 0 && q == 0 && z == 3);
    }
}

/* A zero row and column in a matrix large enough for the blocked panels
 * (n = 150 > 64): that step's D block is exactly zero, la_ldlt reports
 * LA_ERR_SINGULAR but completes the factorization (L D L^T = A), and the
 * inertia counts the one zero; the other eigenvalues keep their signs. */
TEST(ldlt_blocked_zero_column) {
    la_rng r = la_rng_seed(614);
    const la_int n = 150, z = 20;
    la_int i, j, *ipiv = tu_ints((size_t)n), npos, nneg, nzero, wneg = 0;
    double *d = (double *)tu_reals((size_t)n * 2);
    la_mat A = tu_mat(n, n, 0), F = tu_mat(n, n, 0), S = tu_mat(n - 1, n - 1, 0);
    for (i = 0; i < n - 1; ++i) {
        d[i] = (i % 3 == 0 ? -1 : 1) * (1 + la_rng_uniform(&r));
        wneg += d[i] < 0;
    }
    tu_rand_sym(&r, S, d);
    /* A = S with a zero row and column inserted at z */
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j)
            LA_AT(A, i, j) = i == z || j == z ? 0 : LA_AT(S, i - (i > z), j - (j > z));
    la_mat_copy(A, F);
    CHECK_STATUS(la_ldlt(F, ipiv, NULL), LA_ERR_SINGULAR);
    CHECK_LE(ch_ldlt_reconstruction_error(F, ipiv, A), 8 * n * TU_EPS);
    CHECK_STATUS(la_ldlt_inertia(F, ipiv, &npos, &nneg, &nzero), LA_OK);
    CHECK_INT(nzero, 1);
    CHECK_INT(nneg, wneg);
    CHECK_INT(npos, n - 1 - wneg);
    tu_free(ipiv);
    tu_free(d);
    tu_free(A.data);
    tu_free(F.data);
    tu_free(S.data);
}

TEST(ldlt_solve_backward_error) {
    la_rng r = la_rng_seed(613);
    int s, t;
    for (s = 0; s < CH_NSIZES; ++s)
        for (t = 0; t < 2; ++t) {
            la_int n = ch_sizes[s], i, j, k = t ? 1 : 4, *ipiv = tu_ints((size_t)n);
            la_mat A = tu_mat(n, n, 0), F, B = tu_mat(n, k, t ? 0 : k + 3), X;
            if (t) {
                ch_fill_saddle(&r, A);
            } else {
                tu_fill_normal(&r, A);
                for (i = 0; i < n; ++i)
                    for (j = 0; j < i; ++j) LA_AT(A, j, i) = LA_AT(A, i, j);
            }
            F = ch_copy(A, 0);
            CHECK_STATUS(la_ldlt(F, ipiv, NULL), LA_OK);
            tu_fill_normal(&r, B);
            X = ch_copy(B, 0);
            CHECK_STATUS(la_ldlt_solve(F, ipiv, X), LA_OK);
            CHECK_LE(tu_backward_error(A, LA_NOTRANS, X, B), 2 * (n + 1) * TU_EPS);
            tu_free(ipiv);
            tu_free(A.data);
            tu_free(F.data);
            tu_free(B.data);
            tu_free(X.data);
        }
}

TEST(ldlt_errors) {
    la_real a[4] = {1, 2, (la_real)NAN, 1}, b[2] = {1, 2};
    la_int ipiv[2];
    static unsigned char small[8];
    la_arena tiny = la_arena_of(small, sizeof small);
    CHECK_STATUS(la_ldlt(la_mat_of(2, 2, a), ipiv, NULL), LA_ERR_NONFINITE);
    CHECK(a[0] == 1 && a[1] == 2 && a[3] == 1);
    a[2] = 2;
    CHECK_STATUS(la_ldlt(la_mat_of(2, 2, a), NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_ldlt(la_mat_of(2, 1, a), ipiv, NULL), LA_ERR_DIM);
    CHECK_STATUS(la_ldlt(la_mat_of(2, 2, a), ipiv, &tiny), LA_ERR_NOMEM);
    CHECK_STATUS(la_ldlt(la_mat_of(0, 0, NULL), NULL, NULL), LA_OK);
    CHECK_STATUS(la_ldlt(la_mat_of(2, 2, a), ipiv, NULL), LA_OK);
    CHECK_STATUS(la_ldlt_solve(la_mat_of(2, 2, a), ipiv, la_mat_of(3, 1, b)), LA_ERR_DIM);
    {
        la_int bad[2] = {5, 0}, half[2] = {0, -2};
        CHECK_STATUS(la_ldlt_solve(la_mat_of(2, 2, a), bad, la_mat_of(2, 1, b)), LA_ERR_ARG);
        CHECK_STATUS(la_ldlt_solve(la_mat_of(2, 2, a), half, la_mat_of(2, 1, b)), LA_ERR_ARG);
        CHECK_STATUS(la_ldlt_inertia(la_mat_of(2, 2, a), half, NULL, NULL, NULL), LA_ERR_ARG);
        CHECK_STATUS(la_ldlt_solve(la_mat_of(2, 2, a), NULL, la_mat_of(2, 1, b)), LA_ERR_ARG);
    }
    {
        la_real s[4] = {1, 2, 2, 4};
        CHECK_STATUS(la_ldlt(la_mat_of(2, 2, s), ipiv, NULL), LA_ERR_SINGULAR);
        CHECK_STATUS(la_ldlt_solve(la_mat_of(2, 2, s), ipiv, la_mat_of(2, 1, b)), LA_ERR_SINGULAR);
        CHECK(b[0] == 1 && b[1] == 2);
    }
}

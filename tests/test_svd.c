/* test_svd.c - linalg.h section 11: la_svd, la_pinv, la_rank. Identities in
 * long double (A = U diag(s) Vt, U^T U = I, Vt Vt^T = I), singular values
 * known by construction or in closed form, the relative accuracy of tiny
 * singular values of a graded bidiagonal, the Moore-Penrose conditions. */
#include <math.h>
#include <stdlib.h>
#include "harness.h"
#include "testutil.h"

/* ||A - U diag(s) Vt||_F / ||A||_F */
static double svd_residual(la_mat A, const la_real *s, la_mat U, la_mat Vt) {
    la_int m = A.rows, n = A.cols, k = U.cols, i, j, p;
    long double r = 0, a = 0;
    for (i = 0; i < m; ++i)
        for (j = 0; j < n; ++j) {
            long double x = -(long double)LA_AT(A, i, j);
            for (p = 0; p < k; ++p) x += (long double)LA_AT(U, i, p) * s[p] * LA_AT(Vt, p, j);
            r += x * x;
            a += (long double)LA_AT(A, i, j) * LA_AT(A, i, j);
        }
    return a > 0 ? (double)sqrtl(r / a) : (double)sqrtl(r);
}

/* ||Vt Vt^T - I||_max */
static double svd_row_orth(la_mat Vt) {
    la_mat T = tu_mat(Vt.cols, Vt.rows, 0);
    double e;
    la_mat_transpose(Vt, T);
    e = tu_orth_error(T);
    tu_free(T.data);
    return e;
}

/* la_svd with every identity checked; returns s (caller frees). */
static la_real *svd_check(la_mat A, double c) {
    la_int m = A.rows, n = A.cols, k = m < n ? m : n, big = m > n ? m : n, i;
    la_mat U = tu_mat(m, k, k + 2), Vt = tu_mat(k, n, n + 1), A0 = tu_mat(m, n, 0);
    la_mat U2 = tu_mat(m, k, 0), Vt2 = tu_mat(k, n, 0), none = la_mat_of(0, 0, NULL);
    la_real *s = tu_reals((size_t)k), *s2 = tu_reals((size_t)k);
    double tol = c * (big + 1) * TU_EPS;
    la_mat_copy(A, A0);
    CHECK_STATUS(la_svd(A, s, U, Vt, NULL), LA_OK);
    CHECK(tu_max_diff(A, A0) == 0);
    CHECK_LE(svd_residual(A, s, U, Vt), tol);
    CHECK_LE(tu_orth_error(U), tol);
    CHECK_LE(svd_row_orth(Vt), tol);
    for (i = 0; i < k; ++i) CHECK(s[i] >= 0 && (i == 0 || s[i] <= s[i - 1]));
    /* values only, and each factor alone, give the same values */
    CHECK_STATUS(la_svd(A, s2, none, none, NULL), LA_OK);
    for (i = 0; i < k; ++i) CHECK_NEAR(s2[i], s[i], tol * s[0]);
    CHECK_STATUS(la_svd(A, s2, U2, none, NULL), LA_OK);
    CHECK_LE(tu_orth_error(U2), tol);
    for (i = 0; i < k; ++i) CHECK_NEAR(s2[i], s[i], tol * s[0]);
    CHECK_STATUS(la_svd(A, s2, none, Vt2, NULL), LA_OK);
    CHECK_LE(svd_row_orth(Vt2), tol);
    for (i = 0; i < k; ++i) CHECK_NEAR(s2[i], s[i], tol * s[0]);
    tu_free(U.data);
    tu_free(Vt.data);
    tu_free(U2.data);
    tu_free(Vt2.data);
    tu_free(A0.data);
    tu_free(s2);
    return s;
}

TEST(svd_random_shapes) {
    la_rng r = la_rng_seed(31);
    la_int shapes[][2] = {{0, 0}, {0, 3}, {3, 0}, {1, 1}, {1, 5}, {5, 1}, {2, 2}, {7, 7},
                          {40, 13}, {13, 40}, {64, 64}, {150, 60}, {60, 150}};
    unsigned t;
    for (t = 0; t < sizeof shapes / sizeof shapes[0]; ++t) {
        la_int m = shapes[t][0], n = shapes[t][1];
        la_mat A = tu_mat(m, n, n + 3);
        tu_fill_normal(&r, A);
        tu_free(svd_check(A, 4));
        tu_free(A.data);
    }
}

/* Singular values log-spaced from 1 to 1/cond (cond 1e12; 1e6 in float):
 * each is found to c n eps s_max (normwise backward stability). */
TEST(svd_known_singular_values) {
    la_rng r = la_rng_seed(32);
    la_int shapes[][2] = {{50, 50}, {80, 30}, {30, 80}};
    double cond = LA_REAL_IS_FLOAT ? 1e6 : 1e12;
    unsigned t;
    for (t = 0; t < 3; ++t) {
        la_int m = shapes[t][0], n = shapes[t][1], k = m < n ? m : n, i;
        la_mat A = tu_mat(m, n, 0);
        la_real *s;
        tu_rand_cond(&r, A, cond);
        s = svd_check(A, 4);
        for (i = 0; i < k; ++i) CHECK_NEAR(s[i], pow(cond, -(double)i / (k - 1)), 8 * m * TU_EPS);
        tu_free(s);
        tu_free(A.data);
    }
}

/* The n x n bidiagonal with ones on both diagonals has singular values
 * 2 cos(j pi / (2n + 1)), j = 1..n; a graded bidiagonal's tiny singular
 * values are determined to high relative accuracy (Demmel and Kahan 1990):
 * their product equals |det B| = prod |d_i| to a few ulps. */
TEST(svd_bidiagonal_relative_accuracy) {
    la_int n = 25, i;
    la_mat B = tu_mat(n, n, 0);
    la_real *s;
    long double logdet = 0, logprod = 0;
    for (i = 0; i < n; ++i) {
        LA_AT(B, i, i) = 1;
        if (i + 1 < n) LA_AT(B, i, i + 1) = 1;
    }
    s = svd_check(B, 4);
    for (i = 0; i < n; ++i) CHECK_NEAR(s[i], 2 * cos((i + 1) * 3.14159265358979323846 / (2 * n + 1)), 8 * n * TU_EPS);
    tu_free(s);
    /* graded: d_i = 2^-3i (down to 2^-72; 2^-36 in float), e_i = d_i / 3 */
    if (LA_REAL_IS_FLOAT) n = 12;
    for (i = 0; i < n; ++i) {
        LA_AT(B, i, i) = (la_real)ldexp(1.0, -3 * i);
        LA_AT(B, i, i + 1 < n ? i + 1 : i) = i + 1 < n ? (la_real)(ldexp(1.0, -3 * i) / 3) : LA_AT(B, i, i);
        logdet += logl((long double)LA_AT(B, i, i));
    }
    {
        la_mat Bn = la_mat_block(B, 0, 0, n, n);
        la_real *sg = tu_reals((size_t)n);
        CHECK_STATUS(la_svd(Bn, sg, la_mat_of(n, n, NULL), la_mat_of(n, n, NULL), NULL), LA_OK);
        for (i = 0; i < n; ++i) logprod += logl((long double)sg[i]);
        /* relative error of the product: a few eps per factor */
        CHECK_LE(fabs((double)(logprod - logdet)), 10 * n * TU_EPS);
        /* the smallest is ~2^-3(n-1) and must carry relative accuracy */
        CHECK(sg[n - 1] > 0 && sg[n - 1] < ldexp(1.0, -3 * (n - 1) + 3));
        tu_free(sg);
    }
    tu_free(B.data);
}

/* The scale of the error bound of a singular value s_i: s_i itself for
 * the built-in algorithm (relative accuracy, Demmel and Kahan), s_max
 * under LA_USE_LAPACKE (dgesdd: normwise accuracy only). */
#ifdef LA_USE_LAPACKE
#define SVD_VALUE_SCALE(s, i) ((double)(s)[0])
#else
#define SVD_VALUE_SCALE(s, i) ((double)(s)[i])
#endif

/* Sets B (n x n, zeroed) to the upper bidiagonal with diagonal d and
 * superdiagonal e, scaled by 2^k. */
static void svd_set_bidiagonal(la_mat B, const double *d, const double *e, int k) {
    la_int n = B.rows, i;
    la_mat_set(B, 0, 0);
    for (i = 0; i < n; ++i) {
        LA_AT(B, i, i) = (la_real)ldexp(d[i], k);
        if (i + 1 < n) LA_AT(B, i, i + 1) = (la_real)ldexp(e[i], k);
    }
}

/* The singular values of a graded bidiagonal carry relative accuracy
 * whichever end is large: B (d_i = 2^-3i, e_i = d_i / 3, large end at the
 * top) and its reversal P B^T P (upper bidiagonal again, large end at the
 * bottom) have the same singular values, computed by QR sweeps chased in
 * opposite directions (the zero-shift sweep of Demmel and Kahan 1990 in
 * each) and equal to a few ulps each, the tiniest included. Scaled by
 * 2^-600 or 2^600 (2^-70, 2^70 in float) the rotations leave the range
 * where squares are safe, and the values scale exactly. (Under
 * LA_USE_LAPACKE, dgesdd: to eps s_max.) */
TEST(svd_graded_bidiagonal_either_direction) {
    const la_int n = LA_REAL_IS_FLOAT ? 10 : 20;
    const int scales[3] = {0, LA_REAL_IS_FLOAT ? -70 : -600, LA_REAL_IS_FLOAT ? 70 : 600};
    la_mat B = tu_mat(n, n, 0), F = tu_mat(n, n, 0);
    la_real *s0 = tu_reals((size_t)n);
    double d[20], e[20];
    la_int i;
    int c;
    for (i = 0; i < n; ++i) {
        d[i] = ldexp(1.0, -3 * (int)i);
        e[i] = d[i] / 3;
    }
    svd_set_bidiagonal(B, d, e, 0);
    CHECK_STATUS(la_svd(B, s0, la_mat_of(n, n, NULL), la_mat_of(n, n, NULL), NULL), LA_OK);
    for (c = 0; c < 3; ++c) {
        double dr[20], er[20];
        la_real *s;
        for (i = 0; i < n; ++i) dr[i] = d[n - 1 - i];
        for (i = 0; i + 1 < n; ++i) er[i] = e[n - 2 - i];
        svd_set_bidiagonal(F, dr, er, scales[c]);
        s = svd_check(F, 4);
        for (i = 0; i < n; ++i) CHECK_LE(fabs(ldexp((double)s[i], -scales[c]) - s0[i]), 8 * n * TU_EPS * SVD_VALUE_SCALE(s0, i));
        tu_free(s);
        if (c > 0) {
            svd_set_bidiagonal(B, d, e, scales[c]);
            s = svd_check(B, 4);
            for (i = 0; i < n; ++i) CHECK_LE(fabs(ldexp((double)s[i], -scales[c]) - s0[i]), 8 * n * TU_EPS * SVD_VALUE_SCALE(s0, i));
            tu_free(s);
        }
    }
    tu_free(B.data);
    tu_free(F.data);
    tu_free(s0);
}

/* A bidiagonal with a zero on its diagonal (ones elsewhere) is singular:
 * its smallest singular value is zero to roundoff, the others those of
 * sqrt(eig(B^T B)) (la_eigh, a different algorithm). The sweeps meet the
 * exact zero in their rotations. */
TEST(svd_bidiagonal_with_a_zero_diagonal_entry) {
    const la_int n = 9;
    la_mat B = tu_mat(n, n, 0), G = tu_mat(n, n, 0);
    la_real *s, w[9];
    double d[9], e[9];
    la_int i, z;
    for (z = 0; z < n; z += 4) {
        for (i = 0; i < n; ++i) d[i] = e[i] = 1;
        d[z] = 0;
        svd_set_bidiagonal(B, d, e, 0);
        la_gemm(LA_TRANS, LA_NOTRANS, 1, B, B, 0, G);
        CHECK_STATUS(la_eigh(G, w, la_mat_of(n, n, NULL), NULL), LA_OK);
        s = svd_check(B, 4);
        CHECK_LE(s[n - 1], 4 * n * TU_EPS);
        for (i = 0; i + 1 < n; ++i) CHECK_NEAR(s[i], sqrt(w[n - 1 - i] > 0 ? (double)w[n - 1 - i] : 0), 8 * n * TU_EPS);
        tu_free(s);
    }
    tu_free(B.data);
    tu_free(G.data);
}

/* 2 x 2 upper triangular [f g; 0 h] with entries of very different size
 * (the 2 x 2 SVD of Demmel and Kahan's dlasv2 type: g dominant, and
 * g / f too small to square): both singular values to relative accuracy
 * (under LA_USE_LAPACKE, dgesdd: to eps s_max), checked by
 * smax smin = |f h| and smax^2 + smin^2 = f^2 + g^2 + h^2. */
TEST(svd_two_by_two_extreme_entries) {
    const double cases[3][3] = {{1, 1e20, 1},
                                {-3, 1e18, 2},
                                {LA_REAL_IS_FLOAT ? 1e30 : 1e200, LA_REAL_IS_FLOAT ? 1e-10 : 1e-100,
                                 LA_REAL_IS_FLOAT ? 1e-20 : 1e-120}};
    la_int c;
    for (c = 0; c < 3; ++c) {
        double f = cases[c][0], g = cases[c][1], h = cases[c][2];
        la_real a[4];
        la_real *s;
        long double prod, sumsq;
        if (LA_REAL_IS_FLOAT && g > 1e18) g = 1e12; /* g^2 stays finite in float */
        a[0] = (la_real)f;
        a[1] = (la_real)g;
        a[2] = 0;
        a[3] = (la_real)h;
        s = svd_check(la_mat_of(2, 2, a), 4);
        prod = (long double)s[0] * s[1];
        sumsq = (long double)s[0] * s[0] + (long double)s[1] * s[1];
        CHECK_LE(fabsl(prod - fabsl((long double)f * h)), 8 * TU_EPS * s[0] * SVD_VALUE_SCALE(s, 1));
        CHECK_LE(fabsl(sumsq - ((long double)f * f + (long double)g * g + (long double)h * h)),
                 8 * TU_EPS * ((long double)f * f + (long double)g * g + (long double)h * h));
        tu_free(s);
    }
}

/* Rank-deficient A = X Y^T (rank 7): trailing singular values vanish to
 * c n eps s_max, la_rank finds 7, and la_pinv satisfies the four
 * Moore-Penrose conditions. */
TEST(svd_rank_deficient_pinv_rank) {
    la_rng r = la_rng_seed(33);
    la_int m = 30, n = 20, rk = 7, i, got = -1;
    la_mat Xf = tu_mat(m, rk, 0), Yf = tu_mat(n, rk, 0), A = tu_mat(m, n, 0), P = tu_mat(n, m, 0);
    la_mat AP = tu_mat(m, m, 0), PA = tu_mat(n, n, 0), APA = tu_mat(m, n, 0), PAP = tu_mat(n, m, 0);
    la_real *s;
    double na, np, tol = 50 * m * TU_EPS;
    tu_fill_normal(&r, Xf);
    tu_fill_normal(&r, Yf);
    tu_ref_gemm(LA_NOTRANS, LA_TRANS, 1, Xf, Yf, 0, A);
    s = svd_check(A, 4);
    for (i = rk; i < n; ++i) CHECK_LE(s[i], 8 * m * TU_EPS * s[0]);
    CHECK(s[rk - 1] > 1e-3 * s[0]);
    CHECK_STATUS(la_rank(A, 0, &got, NULL), LA_OK);
    CHECK_INT(got, rk);
    CHECK_STATUS(la_rank(A, (la_real)0.99, &got, NULL), LA_OK); /* only s_0 above 0.99 s_0 */
    CHECK_INT(got, 1);
    CHECK_STATUS(la_pinv(A, 0, P, NULL), LA_OK);
    tu_ref_gemm(LA_NOTRANS, LA_NOTRANS, 1, A, P, 0, AP);
    tu_ref_gemm(LA_NOTRANS, LA_NOTRANS, 1, P, A, 0, PA);
    tu_ref_gemm(LA_NOTRANS, LA_NOTRANS, 1, AP, A, 0, APA);
    tu_ref_gemm(LA_NOTRANS, LA_NOTRANS, 1, PA, P, 0, PAP);
    na = tu_max_abs(A);
    np = tu_max_abs(P);
    CHECK_LE(tu_max_diff(APA, A), tol * na * s[0] / s[rk - 1]);
    CHECK_LE(tu_max_diff(PAP, P), tol * np * s[0] / s[rk - 1]);
    for (i = 0; i < m; ++i) {
        la_int j;
        for (j = 0; j < m; ++j) CHECK_NEAR(LA_AT(AP, i, j), LA_AT(AP, j, i), tol * s[0] / s[rk - 1]);
    }
    for (i = 0; i < n; ++i) {
        la_int j;
        for (j = 0; j < n; ++j) CHECK_NEAR(LA_AT(PA, i, j), LA_AT(PA, j, i), tol * s[0] / s[rk - 1]);
    }
    tu_free(s);
    tu_free(Xf.data);
    tu_free(Yf.data);
    tu_free(A.data);
    tu_free(P.data);
    tu_free(AP.data);
    tu_free(PA.data);
    tu_free(APA.data);
    tu_free(PAP.data);
}

/* pinv of a full-rank square matrix is its inverse; of the zero matrix, zero. */
TEST(svd_pinv_inverse_and_zero) {
    la_rng r = la_rng_seed(34);
    la_int n = 12, i, rk = -1;
    la_mat A = tu_mat(n, n, 0), P = tu_mat(n, n, 0), I = tu_mat(n, n, 0), E = tu_mat(n, n, 0);
    la_real *s;
    tu_rand_cond(&r, A, 100);
    CHECK_STATUS(la_pinv(A, 0, P, NULL), LA_OK);
    tu_ref_gemm(LA_NOTRANS, LA_NOTRANS, 1, A, P, 0, I);
    la_mat_set(E, 0, 1);
    CHECK_LE(tu_max_diff(I, E), 100 * 8 * n * TU_EPS);
    la_mat_set(A, 0, 0);
    s = svd_check(A, 2);
    for (i = 0; i < n; ++i) CHECK(s[i] == 0);
    CHECK_STATUS(la_pinv(A, 0, P, NULL), LA_OK);
    CHECK(tu_max_abs(P) == 0);
    CHECK_STATUS(la_rank(A, 0, &rk, NULL), LA_OK);
    CHECK_INT(rk, 0);
    tu_free(s);
    tu_free(A.data);
    tu_free(P.data);
    tu_free(I.data);
    tu_free(E.data);
}

TEST(svd_errors_and_workspace) {
    la_real a[6] = {1, 2, 3, 4, 5, 6}, u[6], vt[9], s[3], x[6];
    la_mat A = la_mat_of(2, 3, a);
    la_int rk;
    size_t nb = la_svd_ws_bytes(2, 3, 1, 1);
    unsigned char *buf = (unsigned char *)malloc(nb);
    la_arena ar;
    CHECK_STATUS(la_svd(A, s, la_mat_of(2, 3, u), la_mat_of(2, 3, vt), NULL), LA_ERR_DIM);
    CHECK_STATUS(la_svd(A, s, la_mat_of(2, 2, u), la_mat_of(3, 3, vt), NULL), LA_ERR_DIM);
    CHECK_STATUS(la_svd(A, NULL, la_mat_of(2, 2, u), la_mat_of(2, 3, vt), NULL), LA_ERR_ARG);
    CHECK_STATUS(la_svd(la_mat_ld(2, 3, 2, a), s, la_mat_of(2, 2, NULL), la_mat_of(2, 3, NULL), NULL), LA_ERR_ARG);
    CHECK_STATUS(la_pinv(A, 0, la_mat_of(2, 3, x), NULL), LA_ERR_DIM);
    CHECK_STATUS(la_rank(A, 0, NULL, NULL), LA_ERR_ARG);
    a[4] = (la_real)NAN;
    CHECK_STATUS(la_svd(A, s, la_mat_of(2, 2, u), la_mat_of(2, 3, vt), NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(la_pinv(A, 0, la_mat_of(3, 2, x), NULL), LA_ERR_NONFINITE);
    a[4] = (la_real)-INFINITY;
    CHECK_STATUS(la_rank(A, 0, &rk, NULL), LA_ERR_NONFINITE);
    a[4] = 5;
    ar = la_arena_of(buf, 32);
    CHECK_STATUS(la_svd(A, s, la_mat_of(2, 2, u), la_mat_of(2, 3, vt), &ar), LA_ERR_NOMEM);
    ar = la_arena_of(buf, nb);
    CHECK_STATUS(la_svd(A, s, la_mat_of(2, 2, u), la_mat_of(2, 3, vt), &ar), LA_OK);
    CHECK(ar.used == 0);
    /* singular values of [1 2 3; 4 5 6]: sqrt((91 +- sqrt(8065))/2) */
    CHECK_NEAR(s[0], sqrt((91 + sqrt(8065.0)) / 2), 20 * TU_EPS * 10);
    CHECK_NEAR(s[1], sqrt((91 - sqrt(8065.0)) / 2), 20 * TU_EPS * 10);
    free(buf);
}

/* Each shape and choice of factors runs in an arena of exactly the queried
 * size, placed at a misaligned address, and gives it all back. */
TEST(svd_workspace_queries_are_sufficient) {
    la_rng r = la_rng_seed(35);
    la_int shapes[][2] = {{7, 3}, {3, 7}, {20, 5}, {5, 20}, {6, 6}, {1, 4}};
    unsigned t;
    int want;
    for (t = 0; t < sizeof shapes / sizeof shapes[0]; ++t) {
        la_int m = shapes[t][0], n = shapes[t][1], k = m < n ? m : n, rk = -1;
        la_mat A = tu_mat(m, n, 0), U = tu_mat(m, k, 0), Vt = tu_mat(k, n, 0), X = tu_mat(n, m, 0);
        la_real *s = tu_reals((size_t)k);
        tu_fill_normal(&r, A);
        for (want = 0; want < 4; ++want) {
            size_t nb = la_svd_ws_bytes(m, n, want & 1, want >> 1);
            unsigned char *buf = (unsigned char *)malloc(nb + 8);
            la_arena ar = la_arena_of(buf + 8, nb);
            la_mat Uw = (want & 1) ? U : la_mat_of(m, k, NULL), Vw = (want >> 1) ? Vt : la_mat_of(k, n, NULL);
            CHECK_STATUS(la_svd(A, s, Uw, Vw, &ar), LA_OK);
            CHECK(ar.used == 0);
            free(buf);
        }
        {
            size_t nb = la_pinv_ws_bytes(m, n) > la_rank_ws_bytes(m, n) ? la_pinv_ws_bytes(m, n) : la_rank_ws_bytes(m, n);
            unsigned char *buf = (unsigned char *)malloc(nb + 8);
            la_arena ar = la_arena_of(buf + 8, la_pinv_ws_bytes(m, n));
            CHECK_STATUS(la_pinv(A, 0, X, &ar), LA_OK);
            ar = la_arena_of(buf + 8, la_rank_ws_bytes(m, n));
            CHECK_STATUS(la_rank(A, 0, &rk, &ar), LA_OK);
            CHECK_INT(rk, k);
            free(buf);
        }
        tu_free(A.data);
        tu_free(U.data);
        tu_free(Vt.data);
        tu_free(X.data);
        tu_free(s);
    }
}

/* Empty shapes: the pseudo-inverse of an m x 0 or 0 x n matrix is the
 * empty (or zero) n x m matrix; the polar factors of a matrix with no
 * columns are empty, with H (0 x 0) untouched. */
TEST(svd_pinv_polar_empty_shapes) {
    la_real x[12], u[1] = {3}, h[1] = {3};
    la_int i;
    for (i = 0; i < 12; ++i) x[i] = 7;
    CHECK_STATUS(la_pinv(la_mat_of(0, 4, NULL), -1, la_mat_of(4, 0, x), NULL), LA_OK);
    CHECK_STATUS(la_pinv(la_mat_of(3, 0, NULL), -1, la_mat_of(0, 3, x), NULL), LA_OK);
    CHECK(x[0] == 7);
    CHECK_STATUS(la_pinv(la_mat_of(0, 4, NULL), -1, la_mat_of(3, 4, x), NULL), LA_ERR_DIM);
    CHECK_STATUS(la_polar(la_mat_of(3, 0, NULL), la_mat_of(3, 0, u), la_mat_of(0, 0, h), NULL), LA_OK);
    CHECK(u[0] == 3 && h[0] == 3);
}

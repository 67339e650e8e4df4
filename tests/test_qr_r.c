/* test_qr_r.c - linalg.h section 8: the streaming R-only QR (la_qr_r)
 * against long-double Gram matrices, la_qr's factors and Q^T b formed
 * explicitly. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"

/* ||R^T R - A^T A||_F / ||A||_F^2 in long double (R n x n, A m x n). */
static double qr_r_gram_error(la_mat A, la_mat R) {
    la_int m = A.rows, n = A.cols, i, j, k;
    long double e = 0, a2 = 0;
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) {
            long double s = 0;
            for (k = 0; k <= i && k <= j; ++k) s += (long double)LA_AT(R, k, i) * (long double)LA_AT(R, k, j);
            for (k = 0; k < m; ++k) s -= (long double)LA_AT(A, k, i) * (long double)LA_AT(A, k, j);
            e += s * s;
        }
    for (i = 0; i < m; ++i)
        for (j = 0; j < n; ++j) a2 += (long double)LA_AT(A, i, j) * (long double)LA_AT(A, i, j);
    return (double)(a2 > 0 ? sqrtl(e) / a2 : sqrtl(e));
}

/* max_ij |R_ij - d_i R0_ij| / max|R0|, d_i = sign(R_ii R0_ii): R against
 * la_qr's R0 up to the signs of the rows; also qtb against d_i c_i. */
static double qr_r_sign_diff(la_mat R, la_mat R0, const la_real *qtb, const la_real *c, double *qdiff) {
    la_int n = R.rows, i, j;
    double e = 0, q = 0, big = tu_max_abs(R0);
    for (i = 0; i < n; ++i) {
        double d = (double)LA_AT(R, i, i) * (double)LA_AT(R0, i, i) < 0 ? -1 : 1;
        for (j = i; j < n; ++j) {
            double t = fabs((double)LA_AT(R, i, j) - d * (double)LA_AT(R0, i, j));
            if (t > e) e = t;
        }
        if (qtb && fabs((double)qtb[i] - d * (double)c[i]) > q) q = fabs((double)qtb[i] - d * (double)c[i]);
    }
    if (qdiff) *qdiff = q;
    return big > 0 ? e / big : e;
}

TEST(qr_r_gram_matches_AtA_over_shapes) {
    static const la_int shapes[][2] = {{0, 3}, {3, 0}, {1, 1}, {5, 1}, {1, 5}, {7, 7},  {13, 40},
                                       {63, 5}, {64, 5}, {65, 5}, {129, 4}, {200, 7}, {1000, 3}, {1025, 3}, {2500, 2}, {130, 66}};
    la_rng r = la_rng_seed(821);
    size_t s;
    for (s = 0; s < sizeof shapes / sizeof shapes[0]; ++s) {
        la_int m = shapes[s][0], n = shapes[s][1];
        la_mat A = tu_mat(m, n, n + 3), A0 = tu_mat(m, n, 0), R = tu_mat(n, n, n + 1);
        double tol = 10.0 * (double)(m + n) * TU_EPS;
        tu_fill_normal(&r, A);
        la_mat_copy(A, A0);
        CHECK_STATUS(la_qr_r(A, NULL, R, NULL, NULL, NULL), LA_OK);
        CHECK_LE(qr_r_gram_error(A, R), tol);
        CHECK(tu_max_diff(A, A0) == 0); /* A is read only */
        if (m >= n) { /* strictly lower triangle of R zero */
            la_int i, j, bad = 0;
            for (i = 0; i < n; ++i)
                for (j = 0; j < i; ++j) bad += LA_AT(R, i, j) != 0;
            CHECK_INT(bad, 0);
        }
        tu_free(A.data);
        tu_free(A0.data);
        tu_free(R.data);
    }
}

/* R and Q^T b equal la_qr's up to row signs, to within the perturbation
 * bound c n kappa eps, for well- and ill-conditioned A; rnorm is the norm
 * of the trailing m - n entries of Q^T b, the least-squares residual. */
TEST(qr_r_matches_householder_R_and_explicit_qtb) {
    static const la_int shapes[][2] = {{300, 6}, {64, 64}, {1000, 3}, {77, 1}};
    static const double conds[] = {1, 1e3, 1e7};
    la_rng r = la_rng_seed(822);
    size_t s, c;
    for (s = 0; s < sizeof shapes / sizeof shapes[0]; ++s)
        for (c = 0; c < sizeof conds / sizeof conds[0]; ++c) {
            la_int m, n, i;
            double kappa, qd, tol;
            if (LA_EPS * conds[c] > 1e-3) continue; /* float: only what the precision resolves */
            m = shapes[s][0];
            n = shapes[s][1];
            kappa = conds[c];
            {
            la_mat A = tu_mat(m, n, 0), QR = tu_mat(m, n, 0), R = tu_mat(n, n, 0), R0 = tu_mat(n, n, 0);
            la_real *b = tu_reals((size_t)m), *qb = tu_reals((size_t)m), *tau = tu_reals((size_t)n);
            la_real *qtb = tu_reals((size_t)n), rnorm = -1;
            long double rest = 0, bn = 0;
            tu_rand_cond(&r, A, kappa);
            tu_vec_normal(&r, m, b);
            la_mat_copy(A, QR);
            CHECK_STATUS(la_qr_r(A, b, R, qtb, &rnorm, NULL), LA_OK);
            CHECK_STATUS(la_qr(QR, tau, NULL), LA_OK);
            memcpy(qb, b, sizeof(la_real) * (size_t)m);
            CHECK_STATUS(la_qr_apply(LA_LEFT, LA_TRANS, QR, tau, n, la_mat_of(m, 1, qb), NULL), LA_OK);
            for (i = 0; i < n; ++i) {
                la_int j;
                for (j = i; j < n; ++j) LA_AT(R0, i, j) = LA_AT(QR, i, j);
            }
            for (i = 0; i < m; ++i) bn += (long double)b[i] * b[i];
            for (i = n; i < m; ++i) rest += (long double)qb[i] * qb[i];
            tol = 20.0 * (double)n * kappa * TU_EPS;
            CHECK_LE(qr_r_sign_diff(R, R0, qtb, qb, &qd), tol);
            CHECK_LE(qd, tol * (double)sqrtl(bn));
            /* the residual of an ill-conditioned problem moves by ~ kappa eps ||b|| */
            CHECK_NEAR((double)rnorm, (double)sqrtl(rest),
                       20.0 * ((double)m + (double)n * kappa) * TU_EPS * (double)sqrtl(bn));
            tu_free(A.data);
            tu_free(QR.data);
            tu_free(R.data);
            tu_free(R0.data);
            tu_free(b);
            tu_free(qb);
            tu_free(tau);
            tu_free(qtb);
            }
        }
}

/* Rank-deficient and zero columns: the Gram identity holds and the trailing
 * diagonal is at the rounding level; a zero b gives zero qtb and rnorm. */
TEST(qr_r_rank_deficient_and_zero_columns) {
    la_rng r = la_rng_seed(823);
    la_int m = 500, n = 5, i;
    la_mat A = tu_mat(m, n, 0), R = tu_mat(n, n, 0);
    la_real *b = tu_reals((size_t)m), qtb[5], rnorm = -1;
    tu_fill_normal(&r, A);
    for (i = 0; i < m; ++i) {
        LA_AT(A, i, 3) = LA_AT(A, i, 0) - 2 * LA_AT(A, i, 1); /* dependent */
        LA_AT(A, i, 2) = 0;                                   /* zero column */
    }
    CHECK_STATUS(la_qr_r(A, b, R, qtb, &rnorm, NULL), LA_OK);
    CHECK_LE(qr_r_gram_error(A, R), 10.0 * (double)(m + n) * TU_EPS);
    for (i = 0; i <= 2; ++i) CHECK(LA_AT(R, i, 2) == 0); /* the zero column stays exactly zero */
    CHECK_LE(fabs((double)LA_AT(R, 3, 3)), 100.0 * (double)m * TU_EPS * fabs((double)LA_AT(R, 0, 0)));
    for (i = 0; i < n; ++i) CHECK(qtb[i] == 0);
    CHECK(rnorm == 0);
    tu_free(A.data);
    tu_free(R.data);
    tu_free(b);
}

/* Entries near the overflow and underflow thresholds: R(s A) = s R(A) for a
 * power of two s (the sums of squares would overflow or underflow). */
TEST(qr_r_scaling_near_overflow_and_underflow) {
    la_rng r = la_rng_seed(824);
    la_int m = 300, n = 4, i, j, e;
    la_mat A = tu_mat(m, n, 0), As = tu_mat(m, n, 0), R = tu_mat(n, n, 0), Rs = tu_mat(n, n, 0);
    la_real *b = tu_reals((size_t)m), *bs = tu_reals((size_t)m), qtb[4], qtbs[4], rn, rns;
    static const double frac[] = {0.8, -0.9};
    tu_fill_normal(&r, A);
    tu_vec_normal(&r, m, b);
    CHECK_STATUS(la_qr_r(A, b, R, qtb, &rn, NULL), LA_OK);
    for (e = 0; e < 2; ++e) {
        double lg = frac[e] > 0 ? log2((double)LA_REAL_MAX) : -log2((double)LA_REAL_MIN);
        la_real sc = (la_real)ldexp(1.0, (int)(frac[e] * lg));
        double d;
        for (i = 0; i < m; ++i) {
            for (j = 0; j < n; ++j) LA_AT(As, i, j) = sc * LA_AT(A, i, j);
            bs[i] = sc * b[i];
        }
        CHECK_STATUS(la_qr_r(As, bs, Rs, qtbs, &rns, NULL), LA_OK);
        for (i = 0; i < n; ++i) {
            for (j = i; j < n; ++j) LA_AT(Rs, i, j) /= sc;
            qtbs[i] /= sc;
        }
        CHECK_LE(qr_r_sign_diff(Rs, R, qtbs, qtb, &d), 50.0 * (double)n * TU_EPS);
        CHECK_LE(d, 50.0 * (double)n * TU_EPS * (double)la_nrm2(n, qtb, 1));
        CHECK_NEAR((double)(rns / sc), (double)rn, 50.0 * (double)m * TU_EPS * (double)rn);
    }
    tu_free(A.data);
    tu_free(As.data);
    tu_free(R.data);
    tu_free(Rs.data);
    tu_free(b);
    tu_free(bs);
}

TEST(qr_r_errors_workspace_and_nonfinite) {
    la_rng r = la_rng_seed(825);
    la_int m = 100, n = 6;
    size_t need = la_qr_r_ws_bytes(n);
    la_mat A = tu_mat(m, n, 0), R = tu_mat(n, n, 0);
    la_real *b = tu_reals((size_t)m), qtb[6], rn = 0;
    la_real *buf = tu_reals(need / sizeof(la_real) + 1);
    la_arena ws = la_arena_of(buf, need), small = la_arena_of(buf, 64);
    tu_fill_normal(&r, A);
    tu_vec_normal(&r, m, b);
    CHECK_STATUS(la_qr_r(A, b, R, qtb, &rn, &small), LA_ERR_NOMEM);
    CHECK_STATUS(la_qr_r(A, b, R, qtb, &rn, &ws), LA_OK);
    CHECK_INT(ws.used, 0);
    CHECK_LE(ws.peak, need);
    CHECK_STATUS(la_qr_r(A, NULL, R, qtb, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_qr_r(A, NULL, R, NULL, &rn, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_qr_r(A, b, la_mat_of(n - 1, n - 1, R.data), NULL, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_qr_r(A, b, la_mat_of(n, n + 1, R.data), NULL, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_qr_r(la_mat_of(m, n, NULL), b, R, NULL, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_qr_r(la_mat_ld(3, 3, 2, buf), NULL, la_mat_of(3, 3, R.data), NULL, NULL, NULL),
                 LA_ERR_ARG);
    LA_AT(A, 77, 4) = (la_real)NAN;
    CHECK_STATUS(la_qr_r(A, NULL, R, NULL, NULL, NULL), LA_ERR_NONFINITE);
    LA_AT(A, 77, 4) = (la_real)INFINITY;
    CHECK_STATUS(la_qr_r(A, NULL, R, NULL, NULL, NULL), LA_ERR_NONFINITE);
    LA_AT(A, 77, 4) = 1;
    b[99] = (la_real)-INFINITY;
    CHECK_STATUS(la_qr_r(A, b, R, qtb, NULL, NULL), LA_ERR_NONFINITE);
    b[99] = (la_real)NAN;
    CHECK_STATUS(la_qr_r(A, b, R, NULL, &rn, NULL), LA_ERR_NONFINITE);
    /* n = 0 with b: only the residual norm */
    rn = -1;
    b[99] = 0;
    CHECK_STATUS(la_qr_r(la_mat_of(3, 0, NULL), b, la_mat_of(0, 0, NULL), NULL, &rn, NULL), LA_OK);
    CHECK_NEAR((double)rn, (double)la_nrm2(3, b, 1), 4 * TU_EPS * (double)la_nrm2(3, b, 1));
    tu_free(A.data);
    tu_free(R.data);
    tu_free(b);
    tu_free(buf);
}

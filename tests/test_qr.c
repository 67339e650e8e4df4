/* test_qr.c - linalg.h section 8: Householder QR, applying and forming Q,
 * pivoted QR and numerical rank, against long-double references. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"
#include "refdense.h"

/* Q (m x m, long double, ld m) <- H_0 ... H_{k-1} from the stored vectors
 * and tau of a QR (independent of the library's blocked code). */
static long double *qr_ref_q(la_mat QR, const la_real *tau, la_int k) {
    la_int m = QR.rows, i, j, c;
    long double *Q, *v;
    Q = (long double *)calloc((size_t)m * m + 1, sizeof(long double));
    v = (long double *)calloc((size_t)m + 1, sizeof(long double));
    for (i = 0; i < m; ++i) Q[(size_t)i * m + i] = 1;
    for (j = 0; j < k; ++j) {
        for (i = 0; i < m; ++i) v[i] = i < j ? 0 : i == j ? 1 : (long double)LA_AT(QR, i, j);
        for (i = 0; i < m; ++i) { /* row i of Q <- row i (I - tau v v^T) */
            long double s = 0;
            for (c = j; c < m; ++c) s += Q[(size_t)i * m + c] * v[c];
            s *= (long double)tau[j];
            for (c = j; c < m; ++c) Q[(size_t)i * m + c] -= s * v[c];
        }
    }
    free(v);
    return Q;
}

/* ||Q R - A||_F / ||A||_F with Q m x q (q >= k) and R the upper trapezoid
 * of the k x n leading rows of QR. */
static double qr_recon_error(la_mat A, la_mat QR, la_mat Q, const la_int *perm) {
    la_int m = A.rows, n = A.cols, k = m < n ? m : n, i, j, p;
    long double r = 0, s;
    for (i = 0; i < m; ++i)
        for (j = 0; j < n; ++j) {
            s = -(long double)LA_AT(A, i, perm ? perm[j] : j);
            for (p = 0; p < k && p <= j; ++p) s += (long double)LA_AT(Q, i, p) * (long double)LA_AT(QR, p, j);
            r += s * s;
        }
    s = (long double)tu_fro(A);
    return (double)(s > 0 ? sqrtl(r) / s : sqrtl(r));
}

static const la_int qr_shapes[][2] = {{0, 0}, {0, 3}, {3, 0}, {1, 1}, {1, 5}, {5, 1}, {7, 7},
                                      {40, 13}, {13, 40}, {33, 33}, {100, 37}, {70, 70},
                                      {37, 100}, {130, 66}};
#define QR_NSHAPES (sizeof qr_shapes / sizeof qr_shapes[0])

TEST(qr_factors_reconstruct_A_over_shapes) {
    la_rng r = la_rng_seed(801);
    size_t s;
    for (s = 0; s < QR_NSHAPES; ++s) {
        la_int m = qr_shapes[s][0], n = qr_shapes[s][1], k = m < n ? m : n;
        la_mat A = tu_mat(m, n, n + 3), QR = tu_mat(m, n, n + 2);
        la_mat Q = tu_mat(m, k, k + 1), F = tu_mat(m, m, m + 2);
        la_real *tau = tu_reals((size_t)k);
        tu_fill_normal(&r, A);
        la_mat_copy(A, QR);
        CHECK_STATUS(la_qr(QR, tau, NULL), LA_OK);
        CHECK_STATUS(la_qr_form_q(QR, tau, Q, NULL), LA_OK);
        CHECK_LE(tu_orth_error(Q), 4 * (m + 1) * TU_EPS);
        CHECK_LE(qr_recon_error(A, QR, Q, NULL), 4 * (m + 1) * TU_EPS);
        CHECK_STATUS(la_qr_form_q(QR, tau, F, NULL), LA_OK);
        CHECK_LE(tu_orth_error(F), 4 * (m + 1) * TU_EPS);
        CHECK_LE(tu_max_diff(la_mat_block(F, 0, 0, m, k), Q), 4 * (m + 1) * TU_EPS);
        tu_free(A.data);
        tu_free(QR.data);
        tu_free(Q.data);
        tu_free(F.data);
        tu_free(tau);
    }
}

TEST(qr_reflectors_match_an_independent_product) {
    /* la_form_q against the long-double product of the stored reflectors,
     * and H_j's first component is 1 by construction: tau in [1, 2]. */
    la_rng r = la_rng_seed(802);
    la_int m = 45, n = 38, i, j;
    la_mat QR = tu_mat(m, n, 0), Q = tu_mat(m, m, 0);
    la_real tau[38];
    long double *Qr;
    double worst = 0;
    tu_fill_normal(&r, QR);
    CHECK_STATUS(la_qr(QR, tau, NULL), LA_OK);
    for (j = 0; j < n; ++j) CHECK(tau[j] >= 1 - 4 * TU_EPS && tau[j] <= 2 + 4 * TU_EPS);
    CHECK_STATUS(la_qr_form_q(QR, tau, Q, NULL), LA_OK);
    Qr = qr_ref_q(QR, tau, n);
    for (i = 0; i < m; ++i)
        for (j = 0; j < m; ++j) {
            double d = fabs((double)((long double)LA_AT(Q, i, j) - Qr[(size_t)i * m + j]));
            if (!(d <= worst)) worst = d;
        }
    CHECK_LE(worst, 8 * m * TU_EPS);
    free(Qr);
    tu_free(QR.data);
    tu_free(Q.data);
}

/* max |op(Q) C - D| (side LEFT) or |C op(Q) - D| (RIGHT) with Q the long
 * double reference, relative to ||C||_max. */
static double qr_apply_error(la_side side, la_trans t, const long double *Q, la_int m, la_mat C,
                             la_mat D) {
    la_int i, j, p;
    double worst = 0, cmax = tu_max_abs(C);
    for (i = 0; i < D.rows; ++i)
        for (j = 0; j < D.cols; ++j) {
            long double s = 0;
            for (p = 0; p < m; ++p) {
                long double q;
                if (side == LA_LEFT) {
                    q = t == LA_NOTRANS ? Q[(size_t)i * m + p] : Q[(size_t)p * m + i];
                    s += q * (long double)LA_AT(C, p, j);
                } else {
                    q = t == LA_NOTRANS ? Q[(size_t)p * m + j] : Q[(size_t)j * m + p];
                    s += (long double)LA_AT(C, i, p) * q;
                }
            }
            s -= (long double)LA_AT(D, i, j);
            if (fabs((double)s) > worst) worst = fabs((double)s);
        }
    return worst / (cmax > 0 ? cmax : 1);
}

TEST(qr_apply_both_sides_both_transposes) {
    static const la_int cases[][3] = {{50, 37, 37}, {50, 37, 5}, {20, 45, 20}, {70, 66, 33}, {1, 1, 1}};
    la_rng r = la_rng_seed(803);
    size_t c;
    for (c = 0; c < sizeof cases / sizeof cases[0]; ++c) {
        la_int m = cases[c][0], n = cases[c][1], k = cases[c][2], side, t;
        la_mat QR = tu_mat(m, n, n + 1);
        la_real *tau = tu_reals((size_t)(m < n ? m : n));
        long double *Q;
        tu_fill_normal(&r, QR);
        CHECK_STATUS(la_qr(QR, tau, NULL), LA_OK);
        Q = qr_ref_q(QR, tau, k);
        for (side = 0; side < 2; ++side)
            for (t = 0; t < 2; ++t) {
                la_int cr = side == LA_LEFT ? m : 9, cc = side == LA_LEFT ? 7 : m;
                la_mat C = tu_mat(cr, cc, cc + 2), D = tu_mat(cr, cc, cc + 1);
                tu_fill_normal(&r, C);
                la_mat_copy(C, D);
                CHECK_STATUS(la_qr_apply((la_side)side, (la_trans)t, QR, tau, k, D, NULL), LA_OK);
                CHECK_LE(qr_apply_error((la_side)side, (la_trans)t, Q, m, C, D), 4 * m * TU_EPS);
                tu_free(C.data);
                tu_free(D.data);
            }
        free(Q);
        tu_free(QR.data);
        tu_free(tau);
    }
}

TEST(qr_form_q_in_place_matches_copy) {
    la_rng r = la_rng_seed(804);
    la_int m = 60, n = 40;
    la_mat A = tu_mat(m, n, 43), Q = tu_mat(m, n, 0);
    la_real tau[40];
    tu_fill_normal(&r, A);
    CHECK_STATUS(la_qr(A, tau, NULL), LA_OK);
    CHECK_STATUS(la_qr_form_q(A, tau, Q, NULL), LA_OK);
    CHECK_STATUS(la_qr_form_q(A, tau, A, NULL), LA_OK);
    CHECK_LE(tu_max_diff(A, Q), 0);
    tu_free(A.data);
    tu_free(Q.data);
}

TEST(qr_workspace_errors_and_nonfinite) {
    la_rng r = la_rng_seed(805);
    la_int m = 50, n = 40;
    size_t need = la_qr_ws_bytes(m, n);
    la_mat A = tu_mat(m, n, 0), A0 = tu_mat(m, n, 0), Q = tu_mat(m, n, 0);
    la_real tau[40], *buf = tu_reals(need / sizeof(la_real) + 1);
    la_int perm[40];
    la_arena ws = la_arena_of(buf, need), small = la_arena_of(buf, 64);
    tu_fill_normal(&r, A);
    la_mat_copy(A, A0);
    CHECK_STATUS(la_qr(A, tau, &small), LA_ERR_NOMEM);
    CHECK(tu_max_diff(A, A0) == 0);
    CHECK_STATUS(la_qr(A, tau, &ws), LA_OK);
    CHECK_INT(ws.used, 0);
    CHECK_LE(ws.peak, need);
    CHECK_STATUS(la_qr_form_q(A, tau, Q, &small), LA_ERR_NOMEM);
    CHECK_STATUS(la_qr(A, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_qr(la_mat_ld(3, 3, 2, buf), tau, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_qr_form_q(A, tau, la_mat_of(m, m + 1, buf), NULL), LA_ERR_DIM);
    CHECK_STATUS(la_qr_form_q(A, tau, la_mat_of(m, n - 1, buf), NULL), LA_ERR_DIM);
    CHECK_STATUS(la_qr_apply(LA_LEFT, LA_NOTRANS, A, tau, 41, Q, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_qr_apply(LA_LEFT, LA_NOTRANS, A, tau, 40, la_mat_of(49, 2, buf), NULL), LA_ERR_DIM);
    CHECK_STATUS(la_qr_apply(LA_RIGHT, LA_NOTRANS, A, tau, 40, la_mat_of(2, 49, buf), NULL), LA_ERR_DIM);
    CHECK_STATUS(la_qr_apply(LA_LEFT, LA_NOTRANS, A, tau, 0, la_mat_of(50, 2, buf), NULL), LA_OK);
    CHECK_STATUS(la_qr_pivoted(A, tau, NULL, NULL), LA_ERR_ARG);
    la_mat_copy(A0, A);
    LA_AT(A, 7, 3) = (la_real)NAN;
    la_mat_copy(A, Q);
    CHECK_STATUS(la_qr(A, tau, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(la_qr_pivoted(A, tau, perm, NULL), LA_ERR_NONFINITE);
    LA_AT(A, 7, 3) = (la_real)INFINITY;
    CHECK_STATUS(la_qr(A, tau, NULL), LA_ERR_NONFINITE);
    CHECK(LA_AT(A, 0, 0) == LA_AT(A0, 0, 0)); /* untouched */
    CHECK_STATUS(la_qr(la_mat_of(0, 4, NULL), NULL, NULL), LA_OK);
    tu_free(buf);
    tu_free(A.data);
    tu_free(A0.data);
    tu_free(Q.data);
}

/* |R_jj| >= (1 - slack) max_{l >= j} ||R(j:m, l)||: each pivot was the
 * largest remaining column (the Businger-Golub rule). */
static int qr_pivot_rule_holds(la_mat R, double slack) {
    la_int m = R.rows, n = R.cols, k = m < n ? m : n, j, l, i;
    for (j = 0; j < k; ++j) {
        double rjj = fabs((double)LA_AT(R, j, j));
        for (l = j + 1; l < n; ++l) {
            long double s = 0;
            for (i = j; i < m && i <= l; ++i) s += (long double)LA_AT(R, i, l) * (long double)LA_AT(R, i, l);
            if (rjj < (1 - slack) * (double)sqrtl(s)) return 0;
        }
    }
    return 1;
}

TEST(qr_pivoted_reconstructs_AP_with_decreasing_diagonal) {
    static const la_int shapes[][2] = {{1, 1}, {50, 30}, {30, 50}, {40, 40}, {9, 1}, {1, 9}};
    la_rng r = la_rng_seed(806);
    size_t s;
    for (s = 0; s < sizeof shapes / sizeof shapes[0]; ++s) {
        la_int m = shapes[s][0], n = shapes[s][1], k = m < n ? m : n, j;
        la_mat A = tu_mat(m, n, n + 1), QR = tu_mat(m, n, n + 2), Q = tu_mat(m, k, 0);
        la_real *tau = tu_reals((size_t)k);
        la_int *perm = tu_ints((size_t)n), *seen = tu_ints((size_t)n), ok = 1;
        tu_fill_normal(&r, A);
        /* graded columns make the pivot order matter */
        for (j = 0; j < n; ++j) la_scal(m, (la_real)pow(1.3, (double)(j % 7)), &LA_AT(A, 0, j), A.ld);
        la_mat_copy(A, QR);
        CHECK_STATUS(la_qr_pivoted(QR, tau, perm, NULL), LA_OK);
        for (j = 0; j < n; ++j) {
            if (perm[j] < 0 || perm[j] >= n || seen[perm[j]]) ok = 0;
            else seen[perm[j]] = 1;
        }
        CHECK(ok);
        CHECK_STATUS(la_qr_form_q(QR, tau, Q, NULL), LA_OK);
        CHECK_LE(tu_orth_error(Q), 4 * (m + 1) * TU_EPS);
        CHECK_LE(qr_recon_error(A, QR, Q, perm), 4 * (m + 1) * TU_EPS);
        for (j = 0; j + 1 < k; ++j)
            CHECK_LE(fabs((double)LA_AT(QR, j + 1, j + 1)), fabs((double)LA_AT(QR, j, j)) * (1 + 8 * TU_EPS));
        CHECK(qr_pivot_rule_holds(QR, 1e-3));
        tu_free(A.data);
        tu_free(QR.data);
        tu_free(Q.data);
        tu_free(tau);
        tu_free(perm);
        tu_free(seen);
    }
}

TEST(qr_pivoted_norm_downdating_survives_cancellation) {
    /* Every column is nearly the same vector v, plus a small part growing
     * geometrically from eps^0.57 to eps^0.3: after the first step the
     * remaining norms come only from cancellation, and the right pivots
     * (largest small part first) need the recomputed norms (Drmac and
     * Bujanovic 2008). */
    la_rng r = la_rng_seed(807);
    la_int m = 60, n = 20, i, j, rank = -1;
    la_mat A = tu_mat(m, n, 0), W = tu_mat(m, n, 0);
    la_real tau[20], v[60];
    la_int perm[20];
    double small0 = pow(TU_EPS, 0.57), growth = pow(pow(TU_EPS, 0.3) / small0, 1.0 / (n - 1));
    tu_vec_normal(&r, m, v);
    tu_fill_normal(&r, W);
    for (i = 0; i < m; ++i)
        for (j = 0; j < n; ++j)
            LA_AT(A, i, j) = v[i] * (la_real)(1 + 0.01 * j) + (la_real)(small0 * pow(growth, j)) * LA_AT(W, i, j);
    CHECK_STATUS(la_qr_pivoted(A, tau, perm, NULL), LA_OK);
    CHECK(qr_pivot_rule_holds(A, 0.05));
    CHECK_STATUS(la_qr_rank(A, 0, &rank), LA_OK);
    CHECK_INT(rank, n);
    tu_free(A.data);
    tu_free(W.data);
}

TEST(qr_rank_of_rank_deficient_product) {
    la_rng r = la_rng_seed(808);
    la_int m = 40, n = 30, rank = -1;
    la_mat X = tu_mat(m, 7, 0), Y = tu_mat(7, n, 0), A = tu_mat(m, n, 0);
    la_real tau[30];
    la_int perm[30];
    tu_fill_normal(&r, X);
    tu_fill_normal(&r, Y);
    tu_ref_gemm(LA_NOTRANS, LA_NOTRANS, 1, X, Y, 0, A);
    CHECK_STATUS(la_qr_pivoted(A, tau, perm, NULL), LA_OK);
    CHECK_STATUS(la_qr_rank(A, -1, &rank), LA_OK);
    CHECK_INT(rank, 7);
    CHECK_LE(fabs((double)LA_AT(A, 7, 7)), 40 * 10 * TU_EPS * fabs((double)LA_AT(A, 0, 0)));
    CHECK_STATUS(la_qr_rank(A, 0.5, &rank), LA_OK);
    CHECK(rank >= 1 && rank < 7);
    CHECK_STATUS(la_qr_rank(A, -1, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_qr_rank(la_mat_of(0, 3, NULL), -1, &rank), LA_OK);
    CHECK_INT(rank, 0);
    tu_free(X.data);
    tu_free(Y.data);
    tu_free(A.data);
}

/* Empty shapes: with no rows (or no columns) there is nothing to factor,
 * and the column order is the identity. */
TEST(qr_pivoted_empty_shapes) {
    la_int perm[3] = {9, 9, 9};
    la_real tau[1] = {5};
    CHECK_STATUS(la_qr_pivoted(la_mat_of(0, 3, NULL), tau, perm, NULL), LA_OK);
    CHECK(perm[0] == 0 && perm[1] == 1 && perm[2] == 2);
    CHECK(tau[0] == 5);
    CHECK_STATUS(la_qr_pivoted(la_mat_of(4, 0, NULL), tau, NULL, NULL), LA_OK);
    CHECK_STATUS(la_qr_pivoted(la_mat_of(0, 3, NULL), tau, NULL, NULL), LA_ERR_ARG);
}

/* Columns so small that their norm is below safmin / eps (scaled by 1e-300,
 * 1e-33 in float): each reflector is formed after rescaling the column
 * (dlarfg's loop), and Q R = A, Q orthogonal, hold to the same relative
 * accuracy as at unit scale; also a column exactly zero below the
 * diagonal (tau = 0, H = I). */
TEST(qr_tiny_columns) {
    la_rng r = la_rng_seed(805);
    const la_int m = 9, n = 5;
    const la_real tiny = (la_real)(LA_REAL_IS_FLOAT ? 1e-33 : 1e-300);
    la_mat A = tu_mat(m, n, 0), QR = tu_mat(m, n, 0), Q = tu_mat(m, n, 0);
    la_real tau[5];
    la_int i, j;
    for (i = 0; i < m; ++i)
        for (j = 0; j < n; ++j) LA_AT(A, i, j) = tiny * (la_real)la_rng_normal(&r);
    for (i = 1; i < m; ++i) LA_AT(A, i, 0) = 0;
    la_mat_copy(A, QR);
    CHECK_STATUS(la_qr(QR, tau, NULL), LA_OK);
    CHECK(tau[0] == 0);
    CHECK_STATUS(la_qr_form_q(QR, tau, Q, NULL), LA_OK);
    CHECK_LE(tu_orth_error(Q), 4 * (m + 1) * TU_EPS);
    CHECK_LE(qr_recon_error(A, QR, Q, NULL), 4 * (m + 1) * TU_EPS);
    tu_free(A.data);
    tu_free(QR.data);
    tu_free(Q.data);
}

/* test_rcond.c - linalg.h section 9: 1-norm condition estimates against
 * the true condition number from an explicit long-double inverse. */
#include <math.h>
#include "harness.h"
#include "testutil.h"
#include "refdense.h"

/* The estimate must be within a factor 10 of the truth (it is an upper
 * bound of rcond up to rounding, usually within a factor 3). */
#define RC_WITHIN(est, truth) \
    do { \
        CHECK_LE((truth) / 10, (est)); \
        CHECK_LE((est), 10 * (truth)); \
    } while (0)

/* A copy of the `uplo` triangle of T with the other triangle zero and, for
 * a unit triangle, ones on the diagonal. */
static void rc_triangle(la_mat T, la_uplo uplo, la_diag diag, la_mat F) {
    la_int i, j;
    for (i = 0; i < T.rows; ++i)
        for (j = 0; j < T.cols; ++j) {
            int in = uplo == LA_UPPER ? j > i : j < i;
            LA_AT(F, i, j) = i == j ? (diag == LA_UNIT ? 1 : LA_AT(T, i, i)) : in ? LA_AT(T, i, j) : 0;
        }
}

TEST(rcond_triangular_within_factor_of_truth) {
    static const la_int sizes[] = {1, 2, 7, 30, 61};
    la_rng r = la_rng_seed(1001);
    size_t s;
    int u, d;
    for (s = 0; s < sizeof sizes / sizeof sizes[0]; ++s)
        for (u = 0; u < 2; ++u)
            for (d = 0; d < 2; ++d) {
                la_int n = sizes[s], i;
                la_mat T = tu_mat(n, n, n + 2), F = tu_mat(n, n, 0);
                la_real rc = -1;
                double truth;
                tu_fill_normal(&r, T);
                /* a strong diagonal keeps random triangles within range */
                for (i = 0; i < n; ++i) LA_AT(T, i, i) += (la_real)(LA_AT(T, i, i) < 0 ? -2 : 2);
                rc_triangle(T, (la_uplo)u, (la_diag)d, F);
                truth = rd_rcond1(F);
                CHECK_STATUS(la_tri_rcond((la_uplo)u, (la_diag)d, T, &rc, NULL), LA_OK);
                RC_WITHIN(rc, truth);
                tu_free(T.data);
                tu_free(F.data);
            }
}

TEST(rcond_triangular_exact_cases) {
    /* [1 a; 0 1]: ||T||_1 = ||T^{-1}||_1 = 1 + |a|. */
    la_real t[4] = {1, 1000, 0, 1}, rc = 0;
    la_mat T = la_mat_of(2, 2, t);
    CHECK_STATUS(la_tri_rcond(LA_UPPER, LA_NONUNIT, T, &rc, NULL), LA_OK);
    CHECK_NEAR(rc, 1.0 / (1001.0 * 1001.0), 8 * TU_EPS / (1001.0 * 1001.0));
    CHECK_STATUS(la_tri_rcond(LA_LOWER, LA_UNIT, T, &rc, NULL), LA_OK); /* identity */
    CHECK_NEAR(rc, 1, 8 * TU_EPS);
    t[3] = 0;
    CHECK_STATUS(la_tri_rcond(LA_UPPER, LA_NONUNIT, T, &rc, NULL), LA_OK);
    CHECK(rc == 0);
    CHECK_STATUS(la_tri_rcond(LA_UPPER, LA_UNIT, T, &rc, NULL), LA_OK); /* diagonal not read */
    CHECK(rc > 0);
    CHECK_STATUS(la_tri_rcond(LA_UPPER, LA_NONUNIT, la_mat_of(0, 0, NULL), &rc, NULL), LA_OK);
    CHECK(rc == 1);
    t[2] = (la_real)NAN; /* the other triangle is not read */
    t[3] = 1;
    CHECK_STATUS(la_tri_rcond(LA_UPPER, LA_NONUNIT, T, &rc, NULL), LA_OK);
    CHECK_STATUS(la_tri_rcond(LA_LOWER, LA_NONUNIT, T, &rc, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(la_tri_rcond(LA_LOWER, LA_NONUNIT, la_mat_of(1, 2, t), &rc, NULL), LA_ERR_DIM);
    CHECK_STATUS(la_tri_rcond(LA_LOWER, LA_NONUNIT, T, NULL, NULL), LA_ERR_ARG);
}

TEST(rcond_lu_within_factor_of_truth) {
    static const la_int sizes[] = {1, 3, 20, 57};
    la_rng r = la_rng_seed(1002);
    double kmax = TU_EPS < 1e-10 ? 1e12 : 1e5, kappas[4];
    size_t s;
    int c;
    kappas[0] = 1;
    kappas[1] = 1e3;
    kappas[2] = sqrt(kmax);
    kappas[3] = kmax;
    for (s = 0; s < sizeof sizes / sizeof sizes[0]; ++s)
        for (c = 0; c < 4; ++c) {
            la_int n = sizes[s], *piv = tu_ints((size_t)n);
            la_mat A = tu_mat(n, n, n + 1), LU = tu_mat(n, n, 0);
            la_real rc = -1, an;
            double truth;
            tu_rand_cond(&r, A, kappas[c]);
            truth = rd_rcond1(A);
            an = la_norm_1(A);
            la_mat_copy(A, LU);
            CHECK_STATUS(la_lu(LU, piv), LA_OK);
            CHECK_STATUS(la_lu_rcond(LU, an, &rc, NULL), LA_OK);
            RC_WITHIN(rc, truth);
            tu_free(A.data);
            tu_free(LU.data);
            tu_free(piv);
        }
}

TEST(rcond_chol_within_factor_of_truth) {
    static const la_int sizes[] = {1, 4, 25, 50};
    la_rng r = la_rng_seed(1003);
    double kmax = TU_EPS < 1e-10 ? 1e12 : 1e5, kappas[3];
    size_t s;
    int c;
    kappas[0] = 1;
    kappas[1] = sqrt(kmax);
    kappas[2] = kmax;
    for (s = 0; s < sizeof sizes / sizeof sizes[0]; ++s)
        for (c = 0; c < 3; ++c) {
            la_int n = sizes[s];
            la_mat A = tu_mat(n, n, 0), L = tu_mat(n, n, n + 3);
            la_real rc = -1;
            double truth;
            tu_rand_spd(&r, A, kappas[c]);
            truth = rd_rcond1(A);
            rd_chol(A, L);
            CHECK_STATUS(la_chol_rcond(L, la_norm_1(A), &rc, NULL), LA_OK);
            RC_WITHIN(rc, truth);
            tu_free(A.data);
            tu_free(L.data);
        }
}

TEST(rcond_errors_and_workspace) {
    la_real l[9] = {2, 0, 0, 1, 3, 0, 1, 1, 4}, rc = -1, buf[64];
    la_mat L = la_mat_of(3, 3, l);
    la_arena ws = la_arena_of(buf, sizeof buf), small = la_arena_of(buf, 8);
    CHECK(la_rcond_ws_bytes(3) <= sizeof buf);
    CHECK_STATUS(la_chol_rcond(L, 10, &rc, &ws), LA_OK);
    CHECK(rc > 0 && rc < 1);
    CHECK_INT(ws.used, 0);
    CHECK_STATUS(la_chol_rcond(L, 10, &rc, &small), LA_ERR_NOMEM);
    CHECK_STATUS(la_chol_rcond(L, -1, &rc, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_chol_rcond(L, (la_real)NAN, &rc, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(la_chol_rcond(L, 0, &rc, NULL), LA_OK);
    CHECK(rc == 0);
    CHECK_STATUS(la_lu_rcond(la_mat_of(3, 2, l), 1, &rc, NULL), LA_ERR_DIM);
    l[3] = (la_real)INFINITY; /* strict lower part: L of the LU */
    CHECK_STATUS(la_lu_rcond(L, 1, &rc, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(la_chol_rcond(L, 1, &rc, NULL), LA_ERR_NONFINITE);
    l[3] = 1;
    l[4] = 0;
    CHECK_STATUS(la_lu_rcond(L, 1, &rc, NULL), LA_OK);
    CHECK(rc == 0);
}

/* test_core.c - status codes, views, the workspace arena, random numbers and
 * the matrix norms of linalg.h sections 1 and 2. */
#include <math.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"

TEST(core_strerror_names_every_status) {
    int s, t;
    for (s = 0; s < (int)LA_STATUS_COUNT; ++s) {
        const char *a = la_strerror((la_status)s);
        CHECK(a != NULL && strcmp(a, "unknown status") != 0);
        for (t = 0; t < s; ++t) CHECK(strcmp(a, la_strerror((la_status)t)) != 0);
    }
    CHECK(strcmp(la_strerror((la_status)999), "unknown status") == 0);
    CHECK_INT(LA_OK, 0);
}

TEST(core_views_address_the_right_elements) {
    la_real buf[5 * 7];
    la_mat A = la_mat_ld(4, 5, 7, buf), B, R;
    la_int i;
    for (i = 0; i < 35; ++i) buf[i] = (la_real)i;
    CHECK_INT(la_mat_check(A), LA_OK);
    CHECK(LA_AT(A, 2, 3) == 17);
    B = la_mat_block(A, 1, 2, 2, 3);
    CHECK_INT(B.rows, 2);
    CHECK_INT(B.cols, 3);
    CHECK_INT(B.ld, 7);
    CHECK(LA_AT(B, 0, 0) == 9);
    CHECK(LA_AT(B, 1, 2) == 18);
    R = la_mat_row(A, 3);
    CHECK(R.rows == 1 && R.cols == 5 && LA_AT(R, 0, 4) == 25);
    CHECK_INT(la_op_rows(LA_TRANS, A), 5);
    CHECK_INT(la_op_cols(LA_TRANS, A), 4);
    A = la_mat_of(3, 0, NULL);
    CHECK_INT(A.ld, 1);
    CHECK_INT(la_mat_check(A), LA_OK);
}

TEST(core_mat_check_rejects_bad_views) {
    la_real x[4];
    CHECK_STATUS(la_mat_check(la_mat_ld(2, 2, 1, x)), LA_ERR_ARG);
    CHECK_STATUS(la_mat_check(la_mat_ld(-1, 2, 2, x)), LA_ERR_ARG);
    CHECK_STATUS(la_mat_check(la_mat_ld(2, -2, 2, x)), LA_ERR_ARG);
    CHECK_STATUS(la_mat_check(la_mat_ld(2, 2, 2, NULL)), LA_ERR_ARG);
    CHECK_STATUS(la_mat_check(la_mat_ld(0, 2, 0, NULL)), LA_ERR_ARG);
    CHECK_STATUS(la_mat_check(la_mat_ld(0, 2, 2, NULL)), LA_OK);
}

TEST(core_copy_set_transpose) {
    la_rng r = la_rng_seed(1);
    la_mat A = tu_mat(5, 3, 4), B = tu_mat(5, 3, 0), T = tu_mat(3, 5, 6), S = tu_mat(3, 3, 0);
    la_int i, j;
    tu_fill_normal(&r, A);
    CHECK_STATUS(la_mat_copy(A, B), LA_OK);
    CHECK(tu_max_diff(A, B) == 0);
    CHECK_STATUS(la_mat_transpose(A, T), LA_OK);
    for (i = 0; i < 5; ++i)
        for (j = 0; j < 3; ++j) CHECK(LA_AT(T, j, i) == LA_AT(A, i, j));
    /* shapes with whole 8 x 8 tiles and ragged edges on both sides, with
     * padded and power-of-two leading dimensions */
    {
        const la_int shapes[3][4] = {{19, 13, 21, 32}, {16, 24, 32, 16}, {8, 9, 16, 8}};
        la_int t;
        for (t = 0; t < 3; ++t) {
            la_mat P = tu_mat(shapes[t][0], shapes[t][1], shapes[t][2]),
                   Pt = tu_mat(shapes[t][1], shapes[t][0], shapes[t][3]);
            tu_fill_normal(&r, P);
            CHECK_STATUS(la_mat_transpose(P, Pt), LA_OK);
            for (i = 0; i < P.rows; ++i)
                for (j = 0; j < P.cols; ++j) CHECK(LA_AT(Pt, j, i) == LA_AT(P, i, j));
            tu_free(P.data);
            tu_free(Pt.data);
        }
    }
    CHECK_STATUS(la_mat_copy(A, T), LA_ERR_DIM);
    CHECK_STATUS(la_mat_transpose(A, B), LA_ERR_DIM);
    CHECK_STATUS(la_mat_set(S, 2, 5), LA_OK);
    CHECK(LA_AT(S, 1, 1) == 5 && LA_AT(S, 0, 2) == 2);
    tu_free(A.data);
    tu_free(B.data);
    tu_free(T.data);
    tu_free(S.data);
}

TEST(core_isfinite_and_norms) {
    la_real a[6] = {1, -2, 3, -4, 5, -6};
    la_mat A = la_mat_of(2, 3, a);
    CHECK(la_mat_isfinite(A));
    CHECK_NEAR(la_norm_fro(A), sqrt(91.0), 4 * TU_EPS * sqrt(91.0));
    CHECK(la_norm_max(A) == 6);
    CHECK(la_norm_1(A) == 9);  /* column sums 5, 7, 9 */
    CHECK(la_norm_inf(A) == 15); /* row sums 6, 15 */
    a[4] = (la_real)NAN;
    CHECK(!la_mat_isfinite(A));
    CHECK(la_norm_max(A) != la_norm_max(A));
    a[4] = (la_real)INFINITY;
    CHECK(!la_mat_isfinite(A));
    CHECK(!la_vec_isfinite(6, a));
    CHECK(la_vec_isfinite(4, a));
    /* Frobenius norm of huge and tiny entries neither overflows nor underflows */
    a[0] = a[1] = a[2] = a[3] = a[4] = a[5] = LA_REAL_MAX / 4;
    CHECK_NEAR(la_norm_fro(A) / (LA_REAL_MAX / 4), sqrt(6.0), 8 * TU_EPS);
    a[0] = a[1] = a[2] = a[3] = a[4] = a[5] = LA_REAL_MIN;
    CHECK_NEAR(la_norm_fro(A) / LA_REAL_MIN, sqrt(6.0), 8 * TU_EPS);
}

/* la_norm_max against a one-entry-at-a-time scan: every position of the
 * largest entry (each of the four running maxima, the tail of a row, a
 * strided block), NaN anywhere (also beside Inf), Inf without NaN, and
 * finite entries whose sum overflows. */
TEST(core_norm_max_every_position) {
    la_real a[7 * 11];
    la_int rows, cols, i, j, k;
    for (rows = 1; rows <= 7; rows += 3)
        for (cols = 1; cols <= 11; ++cols) {
            la_mat A = la_mat_ld(rows, cols, 11, a);
            for (k = 0; k < rows * cols; ++k) {
                la_int r = k / cols, c = k % cols;
                for (i = 0; i < 7 * 11; ++i) a[i] = (la_real)((i * 37) % 13) / 16 - (la_real)0.4;
                for (i = 0; i < 7 * 11; ++i)
                    if (i % 11 >= cols) a[i] = 1000; /* outside the block: never read */
                LA_AT(A, r, c) = (k % 2 ? -3 : 3);
                CHECK(la_norm_max(A) == 3);
                LA_AT(A, r, c) = (la_real)NAN;
                CHECK(la_norm_max(A) != la_norm_max(A));
                if (rows * cols > 1) {
                    LA_AT(A, (r + 1) % rows, (c + 1) % cols) = (la_real)-INFINITY;
                    CHECK(la_norm_max(A) != la_norm_max(A));
                }
                LA_AT(A, r, c) = (la_real)INFINITY;
                CHECK(la_norm_max(A) == (la_real)INFINITY);
            }
            for (i = 0; i < rows; ++i)
                for (j = 0; j < cols; ++j) LA_AT(A, i, j) = (i + j) % 2 ? -LA_REAL_MAX : LA_REAL_MAX / 2;
            CHECK(la_norm_max(A) == (rows * cols > 1 ? LA_REAL_MAX : LA_REAL_MAX / 2));
        }
    CHECK(la_norm_max(la_mat_of(0, 0, NULL)) == 0);
    CHECK(la_norm_max(la_mat_ld(3, 0, 5, NULL)) == 0); /* no columns, no data */
}

TEST(core_arena_alignment_exhaustion_and_peak) {
    static unsigned char buf[1000];
    la_arena a = la_arena_of(buf + 3, 900);
    void *p, *q, *z;
    size_t mark;
    p = la_arena_alloc(&a, 10);
    CHECK(p != NULL && ((size_t)p % LA_ARENA_ALIGN) == 0);
    mark = la_arena_mark(&a);
    q = la_arena_alloc(&a, 100);
    CHECK(q != NULL && ((size_t)q % LA_ARENA_ALIGN) == 0 && (unsigned char *)q >= (unsigned char *)p + 10);
    z = la_arena_alloc(&a, 10000);
    CHECK(z == NULL);
    CHECK(la_arena_mark(&a) > mark); /* a failed allocation changes nothing */
    la_arena_reset(&a, mark);
    CHECK(la_arena_mark(&a) == mark);
    CHECK(a.peak >= mark + 100);
    CHECK((unsigned char *)q + 100 <= buf + 3 + 900);
    a = la_arena_of(NULL, 100);
    CHECK(la_arena_alloc(&a, 1) == NULL);
    CHECK_INT(la_ws_reals(1), LA_ARENA_ALIGN);
    CHECK_INT(la_ws_reals(0), 0);
    CHECK(la_ws_ints(17) % LA_ARENA_ALIGN == 0 && la_ws_ints(17) >= 17 * sizeof(la_int));
}

TEST(core_rng_is_reproducible_and_well_distributed) {
    la_rng a = la_rng_seed(42), b = la_rng_seed(42), c = la_rng_seed(43);
    int i, same = 1, differ = 0, counts[7] = {0};
    double s = 0, s2 = 0, u, mn = 1, mx = 0;
    const int n = 200000;
    for (i = 0; i < 100; ++i) {
        uint64_t x = la_rng_u64(&a), y = la_rng_u64(&b), z = la_rng_u64(&c);
        same &= x == y;
        differ |= x != z;
    }
    CHECK(same);
    CHECK(differ);
    for (i = 0; i < n; ++i) {
        double g = la_rng_normal(&a);
        s += g;
        s2 += g * g;
        u = la_rng_uniform(&b);
        if (u < mn) mn = u;
        if (u > mx) mx = u;
        counts[la_rng_int(&c, 7)]++;
    }
    /* mean 0 and variance 1 within about 5 standard errors */
    CHECK_NEAR(s / n, 0.0, 5.0 / sqrt((double)n));
    CHECK_NEAR(s2 / n, 1.0, 5.0 * sqrt(2.0 / n));
    CHECK(mn >= 0 && mx < 1 && mn < 1e-3 && mx > 1 - 1e-3);
    for (i = 0; i < 7; ++i) CHECK_NEAR(counts[i], n / 7.0, 5 * sqrt(n / 7.0));
    CHECK_INT(la_rng_int(&a, 1), 0);
    CHECK_INT(la_rng_int(&a, 0), 0);
}

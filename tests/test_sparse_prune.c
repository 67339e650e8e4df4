/* test_sparse_prune.c - sparse.h section 5: magnitude pruning (global and per
 * row), N:M and block pruning with bit masks, N:M compression and its SpMM,
 * against direct counts and a dense product. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"
#include "sparse.h"

/* Number of zeros of W. */
static la_int zeros(la_mat W) {
    la_int i, j, z = 0;
    for (i = 0; i < W.rows; ++i)
        for (j = 0; j < W.cols; ++j) z += LA_AT(W, i, j) == 0;
    return z;
}

TEST(sparse_prune_magnitude_global_and_per_row) {
    la_rng r = la_rng_seed(41);
    la_mat W = tu_mat(13, 10, 12), W0 = tu_mat(13, 10, 0);
    uint32_t bits[13];
    sp_mask m = sp_mask_of(13, 10, bits);
    la_int i, j;
    double kept_min = 1e300, pruned_max = 0;
    CHECK_INT(sp_mask_words(13, 10), 13);
    CHECK_INT(sp_mask_words(2, 33), 4);
    tu_fill_normal(&r, W);
    la_mat_copy(W, W0);
    CHECK_STATUS(sp_prune_magnitude(W, (la_real)0.7, 0, &m, NULL), LA_OK);
    CHECK_INT(zeros(W), 91); /* floor(0.7 * 130) */
    CHECK_INT(sp_mask_count(&m), 39);
    for (i = 0; i < 13; ++i)
        for (j = 0; j < 10; ++j) {
            double a = fabs((double)LA_AT(W0, i, j));
            CHECK_INT(sp_mask_get(&m, i, j), LA_AT(W, i, j) != 0);
            if (LA_AT(W, i, j) != 0) {
                CHECK(LA_AT(W, i, j) == LA_AT(W0, i, j));
                kept_min = fmin(kept_min, a);
            } else {
                pruned_max = fmax(pruned_max, a);
            }
        }
    CHECK(kept_min >= pruned_max);
    /* per row: each row loses floor(0.3 * 10) = 3 */
    la_mat_copy(W0, W);
    CHECK_STATUS(sp_prune_magnitude(W, (la_real)0.3, 1, NULL, NULL), LA_OK);
    for (i = 0; i < 13; ++i) {
        double km = 1e300, pm = 0;
        la_int z = 0;
        for (j = 0; j < 10; ++j) {
            if (LA_AT(W, i, j) == 0) {
                ++z;
                pm = fmax(pm, fabs((double)LA_AT(W0, i, j)));
            } else {
                km = fmin(km, fabs((double)LA_AT(W, i, j)));
            }
        }
        CHECK_INT(z, 3);
        CHECK(km >= pm);
    }
    /* sparsity 0 keeps everything, 1 prunes everything */
    la_mat_copy(W0, W);
    CHECK_STATUS(sp_prune_magnitude(W, 0, 0, &m, NULL), LA_OK);
    CHECK(tu_max_diff(W, W0) == 0 && sp_mask_count(&m) == 130);
    CHECK_STATUS(sp_prune_magnitude(W, 1, 1, &m, NULL), LA_OK);
    CHECK(zeros(W) == 130 && sp_mask_count(&m) == 0);
    tu_free(W.data);
    tu_free(W0.data);
}

TEST(sparse_prune_ties_keep_the_earlier_entry) {
    la_real w[8] = {1, -1, 1, 1, 2, -1, 1, 0.5};
    la_mat W = la_mat_of(2, 4, w);
    static unsigned char buf[4096];
    la_arena ar = la_arena_of(buf, sizeof buf);
    /* prune 4 of 8: the 0.5 and three of the six ones, the later ones */
    CHECK(sp_prune_ws_bytes(2, 4, 0) <= sizeof buf);
    CHECK_STATUS(sp_prune_magnitude(W, (la_real)0.5, 0, NULL, &ar), LA_OK);
    CHECK(ar.used == 0);
    CHECK(w[0] == 1 && w[1] == -1 && w[2] == 1 && w[3] == 0 && w[4] == 2 && w[5] == 0 && w[6] == 0 && w[7] == 0);
}

TEST(sparse_prune_errors) {
    la_real w[6] = {1, 2, 3, 4, (la_real)NAN, 6};
    la_mat W = la_mat_of(2, 3, w);
    uint32_t bits[4];
    sp_mask m = sp_mask_of(3, 2, bits);
    static unsigned char buf[8];
    la_arena ar = la_arena_of(buf, sizeof buf);
    CHECK_STATUS(sp_prune_magnitude(W, (la_real)0.5, 0, NULL, NULL), LA_ERR_NONFINITE);
    w[4] = 5;
    CHECK_STATUS(sp_prune_magnitude(W, (la_real)1.5, 0, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(sp_prune_magnitude(W, (la_real)-0.1, 0, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(sp_prune_magnitude(W, (la_real)0.5, 0, &m, NULL), LA_ERR_DIM);
    CHECK_STATUS(sp_prune_magnitude(W, (la_real)0.5, 0, NULL, &ar), LA_ERR_NOMEM);
    CHECK_STATUS(sp_prune_nm(W, 2, 4, NULL), LA_ERR_DIM);
    CHECK_STATUS(sp_prune_nm(W, 4, 3, NULL), LA_ERR_ARG);
    CHECK_STATUS(sp_prune_block(W, 0, 1, (la_real)0.5, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(sp_mask_apply(W, &m), LA_ERR_DIM);
    CHECK(w[0] == 1 && w[5] == 6); /* untouched by the failures */
}

TEST(sparse_prune_nm_2_4) {
    la_rng r = la_rng_seed(42);
    la_mat W = tu_mat(9, 16, 0), W0 = tu_mat(9, 16, 0);
    uint32_t bits[9];
    sp_mask m = sp_mask_of(9, 16, bits);
    la_int i, g, j;
    tu_fill_normal(&r, W);
    LA_AT(W, 0, 1) = LA_AT(W, 0, 2) = LA_AT(W, 0, 3) = LA_AT(W, 0, 0); /* a group of ties */
    la_mat_copy(W, W0);
    CHECK_STATUS(sp_prune_nm(W, 2, 4, &m), LA_OK);
    CHECK_INT(sp_mask_count(&m), 9 * 8);
    for (i = 0; i < 9; ++i)
        for (g = 0; g < 16; g += 4) {
            int kept = 0;
            double km = 1e300, pm = 0;
            for (j = g; j < g + 4; ++j) {
                CHECK_INT(sp_mask_get(&m, i, j), LA_AT(W, i, j) != 0);
                if (LA_AT(W, i, j) != 0) {
                    ++kept;
                    km = fmin(km, fabs((double)LA_AT(W0, i, j)));
                } else {
                    pm = fmax(pm, fabs((double)LA_AT(W0, i, j)));
                }
            }
            CHECK_INT(kept, 2);
            CHECK(km >= pm);
        }
    CHECK(LA_AT(W, 0, 0) != 0 && LA_AT(W, 0, 1) != 0 && LA_AT(W, 0, 2) == 0 && LA_AT(W, 0, 3) == 0);
    /* the mask reproduces the pruning on the original */
    CHECK_STATUS(sp_mask_apply(W0, &m), LA_OK);
    CHECK(tu_max_diff(W, W0) == 0);
    tu_free(W.data);
    tu_free(W0.data);
}

TEST(sparse_prune_blocks) {
    la_rng r = la_rng_seed(43);
    la_mat W = tu_mat(10, 9, 0), W0 = tu_mat(10, 9, 0);
    uint32_t bits[10];
    sp_mask m = sp_mask_of(10, 9, bits);
    la_int bi, bj, i, j;
    static unsigned char buf[8192];
    la_arena ar = la_arena_of(buf, sizeof buf);
    double kept_min = 1e300, pruned_max = 0;
    int pruned = 0;
    tu_fill_normal(&r, W);
    la_mat_copy(W, W0);
    /* 4 x 4 blocks: 3 x 3 = 9 blocks (edge blocks 2 x 4, 4 x 1, 2 x 1); prune 4 */
    CHECK(sp_prune_block_ws_bytes(10, 9, 4, 4) <= sizeof buf);
    CHECK_STATUS(sp_prune_block(W, 4, 4, (la_real)0.5, &m, &ar), LA_OK);
    for (bi = 0; bi < 3; ++bi)
        for (bj = 0; bj < 3; ++bj) {
            la_int r0 = bi * 4, c0 = bj * 4, nr = bi == 2 ? 2 : 4, nc = bj == 2 ? 1 : 4, nz = 0;
            la_mat B0 = la_mat_block(W0, r0, c0, nr, nc);
            double s = tu_fro(B0);
            for (i = r0; i < r0 + nr; ++i)
                for (j = c0; j < c0 + nc; ++j) nz += LA_AT(W, i, j) != 0;
            CHECK(nz == 0 || nz == nr * nc);
            if (nz) {
                kept_min = fmin(kept_min, s);
            } else {
                pruned_max = fmax(pruned_max, s);
                ++pruned;
            }
        }
    CHECK(kept_min >= pruned_max);
    CHECK_INT(sp_mask_count(&m), 90 - zeros(W));
    CHECK_INT(pruned, 4);
    tu_free(W.data);
    tu_free(W0.data);
}

TEST(sparse_nm_compress_and_mm) {
    la_rng r = la_rng_seed(44);
    la_int rows = 7, cols = 24, p = 5;
    la_mat W = tu_mat(rows, cols, 0), Wp = tu_mat(rows, cols, 0), B = tu_mat(cols, p, 6),
           C = tu_mat(rows, p, 8), R = tu_mat(rows, p, 0), E = tu_mat(rows, cols, 0);
    size_t len = sp_nm_len(rows, cols, 2, 4);
    la_real *val = tu_reals(len);
    unsigned char *pos = (unsigned char *)calloc(len, 1);
    sp_nm A;
    CHECK_INT(len, 7 * 6 * 2);
    tu_fill_normal(&r, W);
    tu_fill_normal(&r, B);
    tu_fill_normal(&r, C);
    la_mat_copy(W, Wp);
    sp_prune_nm(Wp, 2, 4, NULL);
    CHECK_STATUS(sp_nm_compress(W, 2, 4, val, pos, &A), LA_OK);
    CHECK_STATUS(sp_nm_to_dense(&A, E), LA_OK);
    CHECK(tu_max_diff(E, Wp) == 0);
    la_mat_copy(C, R);
    tu_ref_gemm(LA_NOTRANS, LA_NOTRANS, 0.5, Wp, B, -2, R);
    CHECK_STATUS(sp_nm_mm((la_real)0.5, &A, B, -2, C), LA_OK);
    CHECK_LE(tu_max_diff(C, R), 4 * cols * TU_EPS * (tu_max_abs(W) * tu_max_abs(B) * cols + tu_max_abs(R)));
    CHECK_STATUS(sp_nm_mm(1, &A, C, 0, B), LA_ERR_DIM);
    CHECK_STATUS(sp_nm_compress(W, 2, 5, val, pos, &A), LA_ERR_DIM);
    CHECK_STATUS(sp_nm_compress(W, 0, 4, val, pos, &A), LA_ERR_ARG);
    CHECK_STATUS(sp_nm_mm(1, NULL, B, 0, C), LA_ERR_ARG);
    tu_free(W.data);
    tu_free(Wp.data);
    tu_free(B.data);
    tu_free(C.data);
    tu_free(R.data);
    tu_free(E.data);
    tu_free(val);
    free(pos);
}

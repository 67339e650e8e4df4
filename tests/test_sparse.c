/* test_sparse.c - sparse.h sections 1 and 3: construction, conversion,
 * canonical form, dense <-> sparse, and the kernels (SpMV, SpMM, symmetric
 * storage, sparse products and sums, scaling, diagonal, norms, operator
 * adapters, the SELL-C-sigma form), each against a dense computation in
 * long double on fixed-seed random sparse matrices (empty rows and
 * columns, 0 x 0, one entry, duplicates, unsorted input). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"
#include "sparse.h"

/* Random triplets: about `density` of the rows x cols positions, unsorted,
 * with some duplicates, rows and columns listed in `empty_every` left empty
 * (every such row/col index i with i % empty_every == 1). */
typedef struct {
    la_int rows, cols, nnz;
    la_int *ri, *ci;
    la_real *v;
} trip;

static trip rand_trip(la_rng *r, la_int rows, la_int cols, double density, int empty_every) {
    trip t;
    la_int cap = (la_int)(density * rows * cols) + 4, k = 0, d;
    t.rows = rows;
    t.cols = cols;
    t.ri = tu_ints((size_t)cap * 2);
    t.ci = tu_ints((size_t)cap * 2);
    t.v = tu_reals((size_t)cap * 2);
    if (rows > 0 && cols > 0) {
        for (d = 0; d < cap; ++d) {
            la_int i = la_rng_int(r, rows), j = la_rng_int(r, cols);
            if (empty_every > 1 && (i % empty_every == 1 || j % empty_every == 1)) continue;
            t.ri[k] = i;
            t.ci[k] = j;
            t.v[k] = (la_real)la_rng_normal(r);
            ++k;
            if (la_rng_uniform(r) < 0.1) { /* a duplicate */
                t.ri[k] = i;
                t.ci[k] = j;
                t.v[k] = (la_real)la_rng_normal(r);
                ++k;
            }
        }
    }
    t.nnz = k;
    return t;
}

static void free_trip(trip *t) {
    tu_free(t->ri);
    tu_free(t->ci);
    tu_free(t->v);
}

/* Dense matrix of the triplets, duplicates summed (independent of sparse.h). */
static la_mat dense_of(const trip *t) {
    la_mat D = tu_mat(t->rows, t->cols, 0);
    la_int k;
    for (k = 0; k < t->nnz; ++k) LA_AT(D, t->ri[k], t->ci[k]) += t->v[k];
    return D;
}

/* max |A - D| over the elements, A read through sp_to_dense. */
static double sp_dense_diff(const sp_mat *A, la_mat D) {
    la_mat E = tu_mat(A->rows, A->cols, 0);
    double d;
    if (sp_to_dense(A, E) != LA_OK) {
        tu_free(E.data);
        return 1e300;
    }
    d = tu_max_diff(E, D);
    tu_free(E.data);
    return d;
}

/* y = alpha op(D) x + beta y0 in long double, and the bound
 * |alpha| |op(D)| |x| + |beta| |y0| for the tolerance. */
static void ref_mv(la_trans t, double alpha, la_mat D, const la_real *x, double beta,
                   const la_real *y0, la_real *y, double *bound) {
    la_int m = t == LA_NOTRANS ? D.rows : D.cols, n = t == LA_NOTRANS ? D.cols : D.rows, i, j;
    for (i = 0; i < m; ++i) {
        long double s = 0, b = 0;
        for (j = 0; j < n; ++j) {
            long double a = t == LA_NOTRANS ? LA_AT(D, i, j) : LA_AT(D, j, i);
            s += a * x[j];
            b += fabsl(a * x[j]);
        }
        s = (long double)alpha * s + (beta == 0 ? 0 : (long double)beta * y0[i]);
        b = fabs(alpha) * b + (beta == 0 ? 0 : fabs(beta) * fabs((double)y0[i]));
        y[i] = (la_real)s;
        bound[i] = (double)b;
    }
}

static int canonical_and_valid(const sp_mat *A) { return sp_check(A) == LA_OK && sp_is_canonical(A); }

TEST(sparse_triplets_sum_duplicates_and_sort) {
    /* 3 x 4, unsorted, (1,2) three times, row 2 and column 0 empty. */
    la_int ri[6] = {1, 0, 1, 1, 0, 1}, ci[6] = {2, 3, 1, 2, 1, 2};
    la_real v[6] = {1, 2, 3, 4, 5, -0.5};
    int f;
    for (f = 0; f < 2; ++f) {
        sp_mat A;
        la_mat D = tu_mat(3, 4, 0);
        CHECK_STATUS(sp_from_triplets(3, 4, 6, ri, ci, v, (sp_format)f, &A), LA_OK);
        CHECK_INT(A.nnz, 4);
        CHECK(canonical_and_valid(&A));
        CHECK_STATUS(sp_to_dense(&A, D), LA_OK);
        CHECK(LA_AT(D, 1, 2) == 4.5 && LA_AT(D, 0, 3) == 2 && LA_AT(D, 1, 1) == 3 &&
              LA_AT(D, 0, 1) == 5);
        CHECK(tu_max_abs(D) == 5);
        if (f == SP_CSR) {
            CHECK(A.ptr[0] == 0 && A.ptr[1] == 2 && A.ptr[2] == 4 && A.ptr[3] == 4);
            CHECK(A.idx[0] == 1 && A.idx[1] == 3 && A.idx[2] == 1 && A.idx[3] == 2);
        }
        sp_free(&A);
        CHECK(A.ptr == NULL && A.nnz == 0);
        tu_free(D.data);
    }
}

TEST(sparse_triplets_random_shapes) {
    static const la_int shapes[][2] = {{0, 0}, {0, 5}, {5, 0}, {1, 1}, {7, 5}, {5, 7}, {40, 33}, {64, 1}};
    la_rng r = la_rng_seed(11);
    size_t s;
    for (s = 0; s < sizeof shapes / sizeof shapes[0]; ++s) {
        trip t = rand_trip(&r, shapes[s][0], shapes[s][1], 0.2, 4);
        la_mat D = dense_of(&t);
        int f;
        for (f = 0; f < 2; ++f) {
            sp_mat A;
            CHECK_STATUS(sp_from_triplets(t.rows, t.cols, t.nnz, t.ri, t.ci, t.v, (sp_format)f, &A), LA_OK);
            CHECK(canonical_and_valid(&A));
            CHECK_LE(sp_dense_diff(&A, D), 4 * TU_EPS * tu_max_abs(D));
            sp_free(&A);
        }
        tu_free(D.data);
        free_trip(&t);
    }
}

TEST(sparse_triplets_pattern_and_one_entry) {
    la_int ri[1] = {2}, ci[1] = {0};
    sp_mat A;
    CHECK_STATUS(sp_from_triplets(3, 2, 1, ri, ci, NULL, SP_CSC, &A), LA_OK);
    CHECK(A.nnz == 1 && A.val[0] == 1 && A.idx[0] == 2 && A.ptr[1] == 1 && A.ptr[2] == 1);
    sp_free(&A);
    sp_free(&A); /* a second free of the emptied struct is harmless */
    sp_free(NULL);
}

TEST(sparse_triplets_errors) {
    la_int ri[2] = {0, 3}, ci[2] = {0, 1}, neg[2] = {0, -1};
    la_real v[2] = {1, 2};
    sp_mat A;
    A.ptr = (la_int *)ri; /* garbage that must be replaced by an empty matrix */
    CHECK_STATUS(sp_from_triplets(3, 2, 2, ri, ci, v, SP_CSR, &A), LA_ERR_ARG);
    CHECK(A.ptr == NULL && A.nnz == 0 && A.rows == 0);
    CHECK_STATUS(sp_from_triplets(4, 2, 2, ri, neg, v, SP_CSR, &A), LA_ERR_ARG);
    CHECK_STATUS(sp_from_triplets(-1, 2, 0, ri, ci, v, SP_CSR, &A), LA_ERR_ARG);
    CHECK_STATUS(sp_from_triplets(4, -2, 0, ri, ci, v, SP_CSR, &A), LA_ERR_ARG);
    CHECK_STATUS(sp_from_triplets(4, 2, -1, ri, ci, v, SP_CSR, &A), LA_ERR_ARG);
    CHECK_STATUS(sp_from_triplets(4, 2, 2, NULL, ci, v, SP_CSR, &A), LA_ERR_ARG);
    CHECK_STATUS(sp_from_triplets(4, 2, 2, ri, ci, v, (sp_format)7, &A), LA_ERR_ARG);
    CHECK_STATUS(sp_from_triplets(4, 2, 2, ri, ci, v, SP_CSR, NULL), LA_ERR_ARG);
    CHECK_STATUS(sp_from_triplets(4, 2, 0, NULL, NULL, NULL, SP_CSR, &A), LA_OK);
    CHECK(A.nnz == 0 && A.rows == 4 && sp_check(&A) == LA_OK);
    sp_free(&A);
}

TEST(sparse_caller_owned_arrays) {
    /* No allocation: everything in the caller's fixed arrays. */
    la_int ri[5] = {2, 0, 2, 1, 2}, ci[5] = {1, 1, 1, 0, 0};
    la_real v[5] = {1, 2, 3, 4, 5};
    la_int ptr[4], idx[5], ptr2[3], idx2[5];
    la_real val[5], val2[5], d[3];
    sp_mat A, B;
    la_mat D = la_mat_of(3, 2, NULL);
    la_real dbuf[6] = {0, 1.5, -3, 0, 0, 1e-3};
    CHECK_INT(sp_ptr_len(SP_CSR, 3, 2), 4);
    CHECK_INT(sp_ptr_len(SP_CSC, 3, 2), 3);
    CHECK_INT(sp_ptr_len(SP_CSC, -3, 2), 0);
    CHECK_STATUS(sp_from_triplets_buf(3, 2, 5, ri, ci, v, SP_CSR, ptr, idx, val, &A), LA_OK);
    CHECK(A.ptr == ptr && A.idx == idx && A.val == val && A.nnz == 4);
    CHECK(canonical_and_valid(&A));
    CHECK_STATUS(sp_diag(&A, d), LA_OK);
    CHECK(d[0] == 0 && d[1] == 0);
    CHECK_STATUS(sp_convert_buf(&A, SP_CSC, ptr2, idx2, val2, &B), LA_OK);
    CHECK(B.ptr == ptr2 && B.format == SP_CSC && B.nnz == 4 && canonical_and_valid(&B));
    CHECK(B.ptr[1] == 2 && B.idx[0] == 1 && B.idx[1] == 2 && B.val[1] == 5 && B.val[2] == 2 &&
          B.val[3] == 4);
    CHECK_STATUS(sp_from_triplets_buf(3, 2, 5, ri, ci, v, SP_CSR, NULL, idx, val, &A), LA_ERR_ARG);
    /* dense -> sparse into the caller's arrays, with a threshold */
    D.data = dbuf;
    CHECK_INT(sp_dense_nnz(D, 0), 3);
    CHECK_INT(sp_dense_nnz(D, (la_real)0.01), 2);
    CHECK_STATUS(sp_from_dense_buf(D, 0, SP_CSR, 2, ptr, idx, val, &A), LA_ERR_NOMEM);
    CHECK_STATUS(sp_from_dense_buf(D, (la_real)0.01, SP_CSC, 2, ptr, idx, val, &A), LA_OK);
    CHECK(A.nnz == 2 && A.idx[0] == 1 && A.val[0] == -3 && A.idx[1] == 0 && A.val[1] == 1.5f);
}

TEST(sparse_check_rejects_bad_structure) {
    la_int ptr[3] = {0, 2, 3}, idx[3] = {1, 0, 2};
    la_real val[3] = {1, 2, 3};
    sp_mat A = sp_mat_of(SP_CSR, 2, 3, 3, ptr, idx, val);
    CHECK_STATUS(sp_check(&A), LA_OK);
    CHECK(!sp_is_canonical(&A)); /* row 0 unsorted */
    idx[2] = 3;
    CHECK_STATUS(sp_check(&A), LA_ERR_ARG);
    idx[2] = 2;
    ptr[1] = 4;
    CHECK_STATUS(sp_check(&A), LA_ERR_ARG);
    ptr[1] = 2;
    ptr[2] = 2;
    CHECK_STATUS(sp_check(&A), LA_ERR_ARG);
    ptr[2] = 3;
    A.rows = -1;
    CHECK_STATUS(sp_check(&A), LA_ERR_ARG);
    A.rows = 2;
    A.format = (sp_format)3;
    CHECK_STATUS(sp_check(&A), LA_ERR_ARG);
    CHECK_STATUS(sp_check(NULL), LA_ERR_ARG);
    A.format = SP_CSR;
    CHECK_STATUS(sp_canonicalize(&A), LA_OK);
    CHECK(sp_is_canonical(&A) && idx[0] == 0 && val[0] == 2 && idx[1] == 1 && val[1] == 1);
}

TEST(sparse_convert_transpose_canonicalize_drop) {
    la_rng r = la_rng_seed(12);
    trip t = rand_trip(&r, 23, 17, 0.25, 5);
    la_mat D = dense_of(&t), Dt = tu_mat(17, 23, 0);
    sp_mat A, B, T, V, C;
    la_int i, j;
    la_mat_transpose(D, Dt);
    CHECK_STATUS(sp_from_triplets(23, 17, t.nnz, t.ri, t.ci, t.v, SP_CSR, &A), LA_OK);
    CHECK_STATUS(sp_convert(&A, SP_CSC, &B), LA_OK);
    CHECK(B.format == SP_CSC && canonical_and_valid(&B) && B.nnz == A.nnz);
    CHECK(sp_dense_diff(&B, D) == sp_dense_diff(&A, D));
    CHECK_STATUS(sp_transpose(&B, &T), LA_OK);
    CHECK(T.format == SP_CSC && T.rows == 17 && T.cols == 23 && canonical_and_valid(&T));
    CHECK_LE(sp_dense_diff(&T, Dt), 4 * TU_EPS * tu_max_abs(D));
    V = sp_transpose_view(&A);
    CHECK(V.format == SP_CSC && V.rows == 17 && V.ptr == A.ptr);
    CHECK_LE(sp_dense_diff(&V, Dt), 4 * TU_EPS * tu_max_abs(D));
    sp_free(&T);
    CHECK_STATUS(sp_transpose(&A, &T), LA_OK);
    CHECK(T.format == SP_CSR && canonical_and_valid(&T));
    CHECK_LE(sp_dense_diff(&T, Dt), 4 * TU_EPS * tu_max_abs(D));
    /* copy keeps everything; drop removes small entries */
    CHECK_STATUS(sp_copy(&A, &C), LA_OK);
    CHECK(C.nnz == A.nnz && C.val != A.val && memcmp(C.idx, A.idx, (size_t)A.nnz * sizeof(la_int)) == 0);
    CHECK_STATUS(sp_drop(&C, (la_real)0.5), LA_OK);
    CHECK(sp_check(&C) == LA_OK);
    for (i = 0; i < 23; ++i)
        for (j = 0; j < 17; ++j)
            if (fabs((double)LA_AT(D, i, j)) <= 0.5) LA_AT(D, i, j) = 0;
    CHECK_LE(sp_dense_diff(&C, D), 4 * TU_EPS * tu_max_abs(D));
    CHECK_INT(C.nnz, sp_dense_nnz(D, 0));
    CHECK_STATUS(sp_drop(&C, -1), LA_ERR_ARG);
    sp_free(&B);
    CHECK_STATUS(sp_convert(&A, (sp_format)5, &B), LA_ERR_ARG);
    sp_free(&A);
    sp_free(&C);
    sp_free(&T);
    tu_free(D.data);
    tu_free(Dt.data);
    free_trip(&t);
}

TEST(sparse_dense_round_trip) {
    la_rng r = la_rng_seed(13);
    la_mat D = tu_mat(9, 6, 8), E = tu_mat(9, 6, 0);
    la_int i, j;
    int f;
    tu_fill_normal(&r, D);
    for (i = 0; i < 9; ++i)
        for (j = 0; j < 6; ++j)
            if (la_rng_uniform(&r) < 0.5 || i == 4) LA_AT(D, i, j) = 0;
    for (f = 0; f < 2; ++f) {
        sp_mat A;
        CHECK_STATUS(sp_from_dense(D, 0, (sp_format)f, &A), LA_OK);
        CHECK(canonical_and_valid(&A));
        CHECK_INT(A.nnz, sp_dense_nnz(D, 0));
        CHECK_STATUS(sp_to_dense(&A, E), LA_OK);
        CHECK(tu_max_diff(D, E) == 0);
        CHECK_STATUS(sp_to_dense(&A, la_mat_of(6, 9, E.data)), LA_ERR_DIM);
        sp_free(&A);
        CHECK_STATUS(sp_from_dense(D, 1, (sp_format)f, &A), LA_OK);
        for (i = 0; i < A.nnz; ++i) CHECK(fabs((double)A.val[i]) > 1);
        sp_free(&A);
    }
    CHECK_STATUS(sp_from_dense(D, -1, SP_CSR, NULL), LA_ERR_ARG);
    tu_free(D.data);
    tu_free(E.data);
}

TEST(sparse_mv_all_forms_against_dense) {
    static const la_int shapes[][2] = {{0, 0}, {0, 4}, {4, 0}, {1, 1}, {9, 6}, {6, 9}, {50, 37}};
    static const double ab[][2] = {{1, 0}, {-2, 0.5}, {0.5, 1}, {0, -1}};
    la_rng r = la_rng_seed(14);
    size_t s, c;
    for (s = 0; s < sizeof shapes / sizeof shapes[0]; ++s) {
        trip t = rand_trip(&r, shapes[s][0], shapes[s][1], 0.3, 3);
        la_mat D = dense_of(&t);
        la_int n = shapes[s][0] + shapes[s][1] + 1, i;
        la_real *x = tu_reals((size_t)n), *y = tu_reals((size_t)n), *y0 = tu_reals((size_t)n),
                *yr = tu_reals((size_t)n);
        double *bound = (double *)calloc((size_t)n, sizeof(double));
        int f, tr;
        tu_vec_normal(&r, n, x);
        tu_vec_normal(&r, n, y0);
        for (f = 0; f < 2; ++f) {
            sp_mat A;
            CHECK_STATUS(sp_from_triplets(t.rows, t.cols, t.nnz, t.ri, t.ci, t.v, (sp_format)f, &A), LA_OK);
            for (tr = 0; tr < 2; ++tr)
                for (c = 0; c < sizeof ab / sizeof ab[0]; ++c) {
                    la_int m = tr ? t.cols : t.rows, k = tr ? t.rows : t.cols;
                    for (i = 0; i < n; ++i) y[i] = y0[i];
                    if (ab[c][1] == 0)
                        for (i = 0; i < m; ++i) y[i] = (la_real)NAN; /* beta = 0 must not read y */
                    CHECK_STATUS(sp_mv((la_trans)tr, (la_real)ab[c][0], &A, x, (la_real)ab[c][1], y), LA_OK);
                    ref_mv((la_trans)tr, ab[c][0], D, x, ab[c][1], y0, yr, bound);
                    for (i = 0; i < m; ++i)
                        CHECK_LE(fabs((double)(y[i] - yr[i])), 2 * (k + 2) * TU_EPS * bound[i]);
                    CHECK(y[m] == y0[m]); /* nothing written past y */
                }
            sp_free(&A);
        }
        tu_free(x);
        tu_free(y);
        tu_free(y0);
        tu_free(yr);
        free(bound);
        tu_free(D.data);
        free_trip(&t);
    }
}

TEST(sparse_mv_unsorted_with_duplicates) {
    /* A caller-built CSR with an unsorted row and a duplicate acts as the sum. */
    la_int ptr[3] = {0, 3, 4}, idx[4] = {2, 0, 2, 1};
    la_real val[4] = {1, 2, 3, 4}, x[3] = {1, 10, 100}, y[2], yt[3];
    sp_mat A = sp_mat_of(SP_CSR, 2, 3, 4, ptr, idx, val);
    la_real xt[2] = {1, -1};
    CHECK_STATUS(sp_mv(LA_NOTRANS, 1, &A, x, 0, y), LA_OK);
    CHECK(y[0] == 402 && y[1] == 40);
    CHECK_STATUS(sp_mv(LA_TRANS, 1, &A, xt, 0, yt), LA_OK);
    CHECK(yt[0] == 2 && yt[1] == -4 && yt[2] == 4);
    CHECK_STATUS(sp_mv(LA_NOTRANS, 1, NULL, x, 0, y), LA_ERR_ARG);
    CHECK_STATUS(sp_mv(LA_NOTRANS, 1, &A, NULL, 0, y), LA_ERR_ARG);
    CHECK_STATUS(sp_mv(LA_NOTRANS, 1, &A, x, 0, NULL), LA_ERR_ARG);
    ptr[2] = 5; /* inconsistent header */
    CHECK_STATUS(sp_mv(LA_NOTRANS, 1, &A, x, 0, y), LA_ERR_ARG);
}

TEST(sparse_mm_against_dense) {
    la_rng r = la_rng_seed(15);
    trip t = rand_trip(&r, 21, 13, 0.3, 4);
    la_mat D = dense_of(&t);
    int f, tr;
    for (f = 0; f < 2; ++f) {
        sp_mat A;
        CHECK_STATUS(sp_from_triplets(21, 13, t.nnz, t.ri, t.ci, t.v, (sp_format)f, &A), LA_OK);
        for (tr = 0; tr < 2; ++tr) {
            la_int m = tr ? 13 : 21, k = tr ? 21 : 13;
            la_mat B = tu_mat(k, 5, 7), C = tu_mat(m, 5, 9), R = tu_mat(m, 5, 0);
            tu_fill_normal(&r, B);
            tu_fill_normal(&r, C);
            la_mat_copy(C, R);
            tu_ref_gemm((la_trans)tr, LA_NOTRANS, -1.5, D, B, 0.25, R);
            CHECK_STATUS(sp_mm((la_trans)tr, (la_real)-1.5, &A, B, (la_real)0.25, C), LA_OK);
            CHECK_LE(tu_max_diff(C, R), 8 * k * TU_EPS * (tu_max_abs(D) * tu_max_abs(B) * k + tu_max_abs(R)));
            CHECK_STATUS(sp_mm((la_trans)tr, 1, &A, C, 0, B), LA_ERR_DIM);
            tu_free(B.data);
            tu_free(C.data);
            tu_free(R.data);
        }
        sp_free(&A);
    }
    tu_free(D.data);
    free_trip(&t);
}

/* A random symmetric matrix as triplets of its full storage. */
static la_mat rand_sym_dense(la_rng *r, la_int n, double density) {
    la_mat D = tu_mat(n, n, 0);
    la_int i, j;
    for (i = 0; i < n; ++i)
        for (j = 0; j <= i; ++j)
            if (la_rng_uniform(r) < density || i == j) LA_AT(D, i, j) = LA_AT(D, j, i) = (la_real)la_rng_normal(r);
    return D;
}

TEST(sparse_symmetric_one_triangle) {
    la_rng r = la_rng_seed(16);
    la_int n = 31, i;
    la_mat D = rand_sym_dense(&r, n, 0.2);
    la_real *x = tu_reals((size_t)n), *y = tu_reals((size_t)n), *y0 = tu_reals((size_t)n), *yr = tu_reals((size_t)n);
    double *bound = (double *)calloc((size_t)n, sizeof(double));
    int f, u;
    tu_vec_normal(&r, n, x);
    tu_vec_normal(&r, n, y0);
    ref_mv(LA_NOTRANS, 2, D, x, -1, y0, yr, bound);
    for (f = 0; f < 2; ++f) {
        sp_mat A, T, S;
        CHECK_STATUS(sp_from_dense(D, 0, (sp_format)f, &A), LA_OK);
        for (u = 0; u < 2; ++u) {
            sp_sym_op op;
            CHECK_STATUS(sp_triangle(&A, (la_uplo)u, &T), LA_OK);
            CHECK(canonical_and_valid(&T));
            CHECK_INT(2 * T.nnz - n, A.nnz);
            for (i = 0; i < n; ++i) y[i] = y0[i];
            CHECK_STATUS(sp_symv((la_uplo)u, 2, &T, x, -1, y), LA_OK);
            for (i = 0; i < n; ++i) CHECK_LE(fabs((double)(y[i] - yr[i])), 4 * n * TU_EPS * bound[i]);
            /* the full A also works: the other triangle is ignored */
            for (i = 0; i < n; ++i) y[i] = y0[i];
            CHECK_STATUS(sp_symv((la_uplo)u, 2, &A, x, -1, y), LA_OK);
            for (i = 0; i < n; ++i) CHECK_LE(fabs((double)(y[i] - yr[i])), 4 * n * TU_EPS * bound[i]);
            op.A = &T;
            op.uplo = (la_uplo)u;
            CHECK_INT(sp_linop_sym(x, y, &op), 0);
            CHECK_STATUS(sp_symmetrize(&T, (la_uplo)u, &S), LA_OK);
            CHECK(canonical_and_valid(&S) && S.nnz == A.nnz);
            CHECK(sp_dense_diff(&S, D) == 0);
            sp_free(&S);
            sp_free(&T);
        }
        sp_free(&A);
    }
    CHECK_STATUS(sp_symv(LA_LOWER, 1, NULL, x, 0, y), LA_ERR_ARG);
    CHECK_INT(sp_linop_sym(x, y, NULL), 1);
    tu_free(x);
    tu_free(y);
    tu_free(y0);
    tu_free(yr);
    free(bound);
    tu_free(D.data);
}

TEST(sparse_matmul_gustavson_against_dense) {
    la_rng r = la_rng_seed(17);
    trip ta = rand_trip(&r, 19, 23, 0.15, 5), tb = rand_trip(&r, 23, 11, 0.2, 4);
    la_mat DA = dense_of(&ta), DB = dense_of(&tb), R = tu_mat(19, 11, 0);
    static unsigned char buf[16384];
    int fa, fb;
    tu_ref_gemm(LA_NOTRANS, LA_NOTRANS, 1, DA, DB, 0, R);
    for (fa = 0; fa < 2; ++fa)
        for (fb = 0; fb < 2; ++fb) {
            sp_mat A, B, C;
            la_arena ar = la_arena_of(buf, sizeof buf);
            CHECK_STATUS(sp_from_triplets(19, 23, ta.nnz, ta.ri, ta.ci, ta.v, (sp_format)fa, &A), LA_OK);
            CHECK_STATUS(sp_from_triplets(23, 11, tb.nnz, tb.ri, tb.ci, tb.v, (sp_format)fb, &B), LA_OK);
            CHECK_STATUS(sp_matmul(&A, &B, &C, fa ? NULL : &ar), LA_OK);
            CHECK(C.format == A.format && C.rows == 19 && C.cols == 11 && canonical_and_valid(&C));
            CHECK_LE(sp_dense_diff(&C, R), 8 * 23 * TU_EPS * tu_max_abs(DA) * tu_max_abs(DB) * 23);
            CHECK(ar.used == 0);
            sp_free(&C);
            CHECK_STATUS(sp_matmul(&B, &A, &C, NULL), LA_ERR_DIM);
            CHECK(C.ptr == NULL);
            sp_free(&A);
            sp_free(&B);
        }
    {
        /* an arena too small for the accumulator */
        sp_mat A, C;
        la_arena tiny = la_arena_of(buf, 16);
        CHECK_STATUS(sp_from_triplets(19, 23, ta.nnz, ta.ri, ta.ci, ta.v, SP_CSR, &A), LA_OK);
        CHECK_STATUS(sp_matmul(&A, &A, &C, &tiny), LA_ERR_DIM);
        sp_free(&A);
        CHECK_STATUS(sp_from_triplets(23, 23, 0, NULL, NULL, NULL, SP_CSR, &A), LA_OK);
        CHECK_STATUS(sp_matmul(&A, &A, &C, &tiny), LA_ERR_NOMEM);
        sp_free(&A);
    }
    tu_free(DA.data);
    tu_free(DB.data);
    tu_free(R.data);
    free_trip(&ta);
    free_trip(&tb);
}

TEST(sparse_add_scale_diag_norms) {
    la_rng r = la_rng_seed(18);
    trip ta = rand_trip(&r, 14, 9, 0.3, 4), tb = rand_trip(&r, 14, 9, 0.3, 5);
    la_mat DA = dense_of(&ta), DB = dense_of(&tb), R = tu_mat(14, 9, 0);
    la_real dr[14], dc[9], d[9], out[14];
    la_int i, j;
    int fa, fb, p;
    for (i = 0; i < 14; ++i) dr[i] = (la_real)la_rng_normal(&r);
    for (j = 0; j < 9; ++j) dc[j] = (la_real)la_rng_normal(&r);
    for (i = 0; i < 14; ++i)
        for (j = 0; j < 9; ++j) LA_AT(R, i, j) = 2 * LA_AT(DA, i, j) - 3 * LA_AT(DB, i, j);
    for (fa = 0; fa < 2; ++fa)
        for (fb = 0; fb < 2; ++fb) {
            sp_mat A, B, C;
            CHECK_STATUS(sp_from_triplets(14, 9, ta.nnz, ta.ri, ta.ci, ta.v, (sp_format)fa, &A), LA_OK);
            CHECK_STATUS(sp_from_triplets(14, 9, tb.nnz, tb.ri, tb.ci, tb.v, (sp_format)fb, &B), LA_OK);
            CHECK_STATUS(sp_add(2, &A, -3, &B, &C, NULL), LA_OK);
            CHECK(C.format == A.format && canonical_and_valid(&C));
            CHECK_LE(sp_dense_diff(&C, R), 8 * TU_EPS * (tu_max_abs(DA) + tu_max_abs(DB)));
            sp_free(&C);
            sp_free(&B);
            /* scaling */
            CHECK_STATUS(sp_scale(&A, (la_real)0.5, dr, dc), LA_OK);
            {
                la_mat S = tu_mat(14, 9, 0);
                for (i = 0; i < 14; ++i)
                    for (j = 0; j < 9; ++j) LA_AT(S, i, j) = (la_real)0.5 * dr[i] * LA_AT(DA, i, j) * dc[j];
                CHECK_LE(sp_dense_diff(&A, S), 4 * TU_EPS * tu_max_abs(S));
                CHECK_STATUS(sp_scale(&A, 1, NULL, dc), LA_OK);
                CHECK_STATUS(sp_diag(&A, d), LA_OK);
                for (j = 0; j < 9; ++j) CHECK_NEAR(d[j], LA_AT(S, j, j) * dc[j], 4 * TU_EPS * fabs((double)d[j]));
                tu_free(S.data);
            }
            sp_free(&A);
        }
    /* norms of rows and columns in both formats and all three norms */
    for (fa = 0; fa < 2; ++fa) {
        sp_mat A;
        CHECK_STATUS(sp_from_triplets(14, 9, ta.nnz, ta.ri, ta.ci, ta.v, (sp_format)fa, &A), LA_OK);
        for (p = 0; p < 3; ++p) {
            CHECK_STATUS(sp_row_norms(&A, (sp_norm)p, out, NULL), LA_OK);
            for (i = 0; i < 14; ++i) {
                double want = p == 0 ? la_asum(9, &LA_AT(DA, i, 0), 1)
                            : p == 1 ? la_nrm2(9, &LA_AT(DA, i, 0), 1)
                                     : fabs((double)LA_AT(DA, i, la_iamax(9, &LA_AT(DA, i, 0), 1)));
                CHECK_NEAR(out[i], want, 16 * TU_EPS * want);
            }
            CHECK_STATUS(sp_col_norms(&A, (sp_norm)p, out, NULL), LA_OK);
            for (j = 0; j < 9; ++j) {
                double want = p == 0 ? la_asum(14, DA.data + j, DA.ld)
                            : p == 1 ? la_nrm2(14, DA.data + j, DA.ld)
                                     : fabs((double)LA_AT(DA, la_iamax(14, DA.data + j, DA.ld), j));
                CHECK_NEAR(out[j], want, 16 * TU_EPS * want);
            }
        }
        CHECK_STATUS(sp_row_norms(&A, (sp_norm)9, out, NULL), LA_ERR_ARG);
        sp_free(&A);
    }
    {
        /* the 2-norm neither overflows nor underflows */
        la_int ri[3] = {0, 0, 1}, ci[3] = {0, 1, 1};
        la_real big = (la_real)(LA_REAL_MAX / 4), v[3];
        sp_mat A;
        v[0] = big;
        v[1] = big;
        v[2] = (la_real)(LA_REAL_MIN * 2);
        CHECK_STATUS(sp_from_triplets(2, 2, 3, ri, ci, v, SP_CSR, &A), LA_OK);
        CHECK_STATUS(sp_row_norms(&A, SP_NORM_2, out, NULL), LA_OK);
        CHECK_NEAR(out[0] / big, sqrt(2.0), 4 * TU_EPS);
        CHECK_STATUS(sp_col_norms(&A, SP_NORM_2, out, NULL), LA_OK);
        CHECK_NEAR(out[0] / big, 1, 4 * TU_EPS);
        CHECK_NEAR(out[1] / big, 1, 4 * TU_EPS);
        sp_free(&A);
    }
    {
        sp_mat A, B, C;
        CHECK_STATUS(sp_from_triplets(14, 9, ta.nnz, ta.ri, ta.ci, ta.v, SP_CSR, &A), LA_OK);
        CHECK_STATUS(sp_transpose(&A, &B), LA_OK);
        CHECK_STATUS(sp_add(1, &A, 1, &B, &C, NULL), LA_ERR_DIM);
        sp_free(&A);
        sp_free(&B);
    }
    tu_free(DA.data);
    tu_free(DB.data);
    tu_free(R.data);
    free_trip(&ta);
    free_trip(&tb);
}

TEST(sparse_linop_adapters) {
    la_int ri[3] = {0, 1, 1}, ci[3] = {0, 0, 2};
    la_real v[3] = {2, 3, 4}, x[3] = {1, 2, 3}, y[3], xt[2] = {1, -1};
    sp_mat A;
    CHECK_STATUS(sp_from_triplets(2, 3, 3, ri, ci, v, SP_CSC, &A), LA_OK);
    CHECK_INT(sp_linop(x, y, &A), 0);
    CHECK(y[0] == 2 && y[1] == 15);
    CHECK_INT(sp_linop_trans(xt, y, &A), 0);
    CHECK(y[0] == -1 && y[1] == 0 && y[2] == -4);
    CHECK_INT(sp_linop(x, y, NULL), 1);
    sp_free(&A);
}

TEST(sparse_mv_large_scattered_pattern) {
    /* 100000 x 600000 with entries far from the diagonal and an x of more
     * than 2 MB (in double): the SpMV, and the SELL-C-sigma product, take
     * their prefetching paths; compared
     * with the triplets summed directly. Rows of about 4 entries, and 60 rows
     * of 32 to 91 more (the unrolled loop for long rows, with every
     * remainder). */
    la_int m = 100000, n = 600000, nnz = 400000 + 3690, k, j, w = 400000;
    la_int *ri = tu_ints((size_t)nnz), *ci = tu_ints((size_t)nnz);
    la_real *v = tu_reals((size_t)nnz), *x = tu_reals((size_t)n), *y = tu_reals((size_t)m);
    long double *ref = (long double *)calloc((size_t)m, sizeof(long double));
    double *bound = (double *)calloc((size_t)m, sizeof(double)), worst = 0;
    la_rng r = la_rng_seed(19);
    sp_mat A;
    for (k = 0; k < nnz; ++k) {
        ri[k] = la_rng_int(&r, m);
        ci[k] = la_rng_int(&r, n);
        v[k] = (la_real)la_rng_normal(&r);
    }
    for (j = 0; j < 60; ++j)
        for (k = 0; k < 32 + j; ++k) ri[w++] = 1000 * j + 7;
    CHECK_INT(w, nnz);
    tu_vec_normal(&r, n, x);
    for (k = 0; k < nnz; ++k) {
        ref[ri[k]] += (long double)v[k] * x[ci[k]];
        bound[ri[k]] += fabs((double)v[k] * x[ci[k]]);
    }
    CHECK_STATUS(sp_from_triplets(m, n, nnz, ri, ci, v, SP_CSR, &A), LA_OK);
    CHECK_STATUS(sp_mv(LA_NOTRANS, 1, &A, x, 0, y), LA_OK);
    for (k = 0; k < m; ++k) {
        double e = fabs((double)(y[k] - ref[k])) / (bound[k] + LA_REAL_MIN);
        if (e > worst) worst = e;
    }
    CHECK_LE(worst, 32 * TU_EPS);
    {   /* the SELL form's prefetching path (x of 600000 entries, scattered) */
        sp_sell S;
        CHECK_STATUS(sp_sell_from(&A, 0, 0, &S), LA_OK);
        CHECK_INT(S.scattered, 1);
        CHECK_STATUS(sp_sell_mv(LA_NOTRANS, 1, &S, x, 0, y), LA_OK);
        worst = 0;
        for (k = 0; k < m; ++k) {
            double e = fabs((double)(y[k] - ref[k])) / (bound[k] + LA_REAL_MIN);
            if (e > worst) worst = e;
        }
        CHECK_LE(worst, 32 * TU_EPS);
        sp_sell_free(&S);
    }
    sp_free(&A);
    tu_free(ri);
    tu_free(ci);
    tu_free(v);
    tu_free(x);
    tu_free(y);
    free(ref);
    free(bound);
}

/* sp_add of a matrix that is valid but not canonical (a row, or column,
 * holding the same index twice, unsorted): the duplicates are summed into
 * one entry of a canonical C, in both formats, as the dense sum of the
 * triplets says. */
TEST(sparse_add_duplicates_within_a_major) {
    /* 3 x 4: major 1 holds index 2 twice (and 0 between them), major 2 is
       empty; the same arrays read as CSR (rows) or CSC (4 x 3, columns) */
    la_int ptr[4] = {0, 2, 5, 5}, idx[5] = {3, 1, 2, 0, 2};
    la_real val[5] = {1, -2, 4, 5, (la_real)0.5};
    la_int bri[3] = {0, 1, 2}, bci[3] = {1, 2, 0};
    la_real bv[3] = {7, 3, -1};
    int f;
    for (f = 0; f < 2; ++f) {
        la_int rows = f == SP_CSR ? 3 : 4, cols = f == SP_CSR ? 4 : 3, p, q;
        sp_mat A = sp_mat_of((sp_format)f, rows, cols, 5, ptr, idx, val), B, C;
        la_mat R = tu_mat(rows, cols, 0);
        CHECK_STATUS(sp_check(&A), LA_OK);
        CHECK(!sp_is_canonical(&A));
        /* B has its entries at transposed positions in the CSC case */
        CHECK_STATUS(sp_from_triplets(rows, cols, 3, f == SP_CSR ? bri : bci, f == SP_CSR ? bci : bri, bv,
                                      (sp_format)f, &B), LA_OK);
        for (p = 0; p < 3; ++p)
            for (q = ptr[p]; q < ptr[p + 1]; ++q) {
                if (f == SP_CSR)
                    LA_AT(R, p, idx[q]) += 2 * val[q];
                else
                    LA_AT(R, idx[q], p) += 2 * val[q];
            }
        for (p = 0; p < 3; ++p) {
            if (f == SP_CSR)
                LA_AT(R, bri[p], bci[p]) -= 3 * bv[p];
            else
                LA_AT(R, bci[p], bri[p]) -= 3 * bv[p];
        }
        CHECK_STATUS(sp_add(2, &A, -3, &B, &C, NULL), LA_OK);
        CHECK(C.format == (sp_format)f && canonical_and_valid(&C));
        /* union of the patterns: (0,1) (0,3) (1,0) (1,2) (2,0) */
        CHECK_INT(C.nnz, 5);
        CHECK(sp_dense_diff(&C, R) == 0); /* small integers and halves: exact */
        sp_free(&C);
        sp_free(&B);
        tu_free(R.data);
    }
}

/* Row and column norms with NaN and Inf entries, in both orientations (the
 * 2-norm across the storage keeps a scale and a sum of squares per output;
 * along it, one nrm2 per major): an output that meets a NaN is NaN whether
 * the NaN comes first, after a finite value or beside an Inf, an output with
 * an Inf and no NaN is Inf, and the finite outputs are exact; the 1- and
 * max-norms propagate NaN too. */
TEST(sparse_norms_nan_and_inf) {
    /* 4 x 6, column by column:
       0: 3, 4        -> 5
       1: NaN, 2      -> NaN (NaN first)
       2: Inf, NaN    -> NaN (Inf then NaN)
       3: 1, NaN      -> NaN (finite then NaN)
       4: Inf, 1      -> Inf
       5: NaN, Inf    -> NaN (NaN then Inf) */
    la_int ri[12] = {0, 3, 0, 2, 1, 3, 0, 1, 0, 2, 1, 3}, ci[12] = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
    la_real v[12], out[6];
    const double want_kind[6] = {5, NAN, NAN, NAN, INFINITY, NAN};
    int f, p, j;
    v[0] = 3;
    v[1] = 4;
    v[2] = (la_real)NAN;
    v[3] = 2;
    v[4] = (la_real)INFINITY;
    v[5] = (la_real)NAN;
    v[6] = 1;
    v[7] = (la_real)NAN;
    v[8] = (la_real)INFINITY;
    v[9] = 1;
    v[10] = (la_real)NAN;
    v[11] = (la_real)INFINITY;
    for (f = 0; f < 2; ++f) {
        sp_mat A, T;
        CHECK_STATUS(sp_from_triplets(4, 6, 12, ri, ci, v, (sp_format)f, &A), LA_OK);
        /* column norms: across the storage for CSR, along it for CSC */
        for (p = 0; p < 3; ++p) {
            CHECK_STATUS(sp_col_norms(&A, (sp_norm)p, out, NULL), LA_OK);
            for (j = 0; j < 6; ++j) {
                if (want_kind[j] != want_kind[j])
                    CHECK(out[j] != out[j]);
                else if (j == 4)
                    CHECK(out[j] == (la_real)INFINITY);
                else
                    CHECK(out[j] == (la_real)(p == 0 ? 7 : p == 1 ? 5 : 4));
            }
        }
        /* the same through the row norms of the transpose (the other
           orientation of the same format) */
        CHECK_STATUS(sp_transpose(&A, &T), LA_OK);
        CHECK_STATUS(sp_row_norms(&T, SP_NORM_2, out, NULL), LA_OK);
        CHECK(out[0] == 5 && out[1] != out[1] && out[2] != out[2] && out[3] != out[3]);
        CHECK(out[4] == (la_real)INFINITY && out[5] != out[5]);
        sp_free(&T);
        sp_free(&A);
    }
}

/* ---- SELL-C-sigma ---- */

/* The layout invariants of S built from the CSR matrix A: every row in
 * exactly one slot, inside its window of sigma rows, with its length; in a
 * sorted window (sigma > 1) lengths do not increase; each chunk's width is
 * its longest row; the stored entries of a slot are the row's entries in
 * order, the padding val 0 with a column of the row (or 0). Returns the
 * number of violations. */
static int sell_layout_errors(const sp_mat *A, const sp_sell *S) {
    la_int C = S->chunk, c, r, j, s, bad = 0, total = 0;
    char *seen = (char *)calloc((size_t)A->rows + 1, 1);
    if (S->n_chunks != (A->rows + C - 1) / C || S->nnz != A->nnz || S->chunk_ptr[0] != 0) ++bad;
    for (c = 0; c < S->n_chunks; ++c) {
        la_int base = S->chunk_ptr[c], width = (S->chunk_ptr[c + 1] - base) / C, longest = 0;
        if ((S->chunk_ptr[c + 1] - base) % C != 0) ++bad;
        for (r = 0; r < C; ++r) {
            la_int i, L;
            s = c * C + r;
            i = S->row[s];
            L = S->len[s];
            if (L > longest) longest = L;
            if (s >= A->rows) {
                bad += i != -1 || L != 0;
                continue;
            }
            if (i < 0 || i >= A->rows || seen[i] || i / S->sigma != s / S->sigma) {
                ++bad;
                continue;
            }
            seen[i] = 1;
            total += L;
            if (L != A->ptr[i + 1] - A->ptr[i]) ++bad;
            if (S->sigma > 1 && s % S->sigma != 0 && s < A->rows && S->len[s - 1] < L) ++bad;
            for (j = 0; j < width; ++j) {
                la_int q = base + j * C + r;
                if (j < L)
                    bad += S->col[q] != A->idx[A->ptr[i] + j] || S->val[q] != A->val[A->ptr[i] + j];
                else
                    bad += S->val[q] != 0 || S->col[q] != (L > 0 ? A->idx[A->ptr[i] + L - 1] : 0);
            }
        }
        if (longest != width) ++bad;
    }
    if (total != A->nnz) ++bad;
    free(seen);
    return (int)bad;
}

/* Padding entries of the chunks of C rows of the CSR matrix A in its own
 * row order. */
static la_int natural_padding(const sp_mat *A, la_int C) {
    la_int i, r, stored = 0;
    for (i = 0; i < A->rows; i += C) {
        la_int width = 0;
        for (r = i; r < A->rows && r < i + C; ++r)
            if (A->ptr[r + 1] - A->ptr[r] > width) width = A->ptr[r + 1] - A->ptr[r];
        stored += width * C;
    }
    return stored - A->nnz;
}

/* Both products of the SELL form against the dense computation in long
 * double, over shapes with empty rows and columns, duplicates (CSC input:
 * converted), rows of very different lengths, every chunk from 1 to the
 * maximum and windows from none to all rows; BLAS semantics of alpha and
 * beta (beta = 0 never reads y), nothing written past y. */
TEST(sparse_sell_mv_against_dense) {
    static const la_int shapes[][2] = {{0, 0}, {0, 4}, {4, 0}, {1, 1}, {9, 6}, {6, 9}, {50, 37}, {203, 57}};
    static const la_int chunks[] = {0, 1, 3, 8, 64};
    static const la_int sigmas[] = {0, 1, 5, 16};
    static const double ab[][2] = {{1, 0}, {-2, 0.5}, {0.5, 1}, {0, -1}};
    la_rng r = la_rng_seed(31);
    size_t s, c, g, k;
    for (s = 0; s < sizeof shapes / sizeof shapes[0]; ++s) {
        trip t = rand_trip(&r, shapes[s][0], shapes[s][1], 0.15, 5);
        la_mat D;
        la_int n = shapes[s][0] + shapes[s][1] + 1, i, extra = 0;
        la_real *x = tu_reals((size_t)n), *y = tu_reals((size_t)n), *y0 = tu_reals((size_t)n),
                *yr = tu_reals((size_t)n);
        double *bound = (double *)calloc((size_t)n, sizeof(double));
        int f, tr;
        /* a few long rows (every third of them), so chunks mix lengths */
        if (t.rows > 20 && t.cols > 0)
            for (i = 0; i < t.rows && extra < 200; i += 17)
                for (k = 0; k < (size_t)(i % 3 == 0 ? 30 : 2); ++k, ++extra) {
                    t.ri[t.nnz] = i;
                    t.ci[t.nnz] = la_rng_int(&r, t.cols);
                    t.v[t.nnz++] = (la_real)la_rng_normal(&r);
                }
        D = dense_of(&t);
        tu_vec_normal(&r, n, x);
        tu_vec_normal(&r, n, y0);
        for (f = 0; f < 2; ++f) {
            sp_mat A, R;
            CHECK_STATUS(sp_from_triplets(t.rows, t.cols, t.nnz, t.ri, t.ci, t.v, (sp_format)f, &A), LA_OK);
            CHECK_STATUS(sp_convert(&A, SP_CSR, &R), LA_OK);
            for (c = 0; c < sizeof chunks / sizeof chunks[0]; ++c)
                for (g = 0; g < sizeof sigmas / sizeof sigmas[0]; ++g) {
                    sp_sell S;
                    la_int want_c = chunks[c] ? chunks[c] : SP_SELL_CHUNK;
                    la_int want_s = sigmas[g] ? sigmas[g] : SP_SELL_SIGMA;
                    if (sigmas[g] == 0 && 16 * natural_padding(&R, want_c) <= R.nnz) want_s = 1;
                    if (want_s > 1) want_s = (want_s + want_c - 1) / want_c * want_c;
                    CHECK_STATUS(sp_sell_from(&A, chunks[c], sigmas[g], &S), LA_OK);
                    CHECK_INT(S.chunk, want_c);
                    CHECK_INT(S.sigma, want_s);
                    CHECK_INT(sell_layout_errors(&R, &S), 0);
                    for (tr = 0; tr < 2; ++tr)
                        for (k = 0; k < sizeof ab / sizeof ab[0]; ++k) {
                            la_int m = tr ? t.cols : t.rows, kk = tr ? t.rows : t.cols;
                            for (i = 0; i < n; ++i) y[i] = y0[i];
                            if (ab[k][1] == 0)
                                for (i = 0; i < m; ++i) y[i] = (la_real)NAN;
                            CHECK_STATUS(sp_sell_mv((la_trans)tr, (la_real)ab[k][0], &S, x,
                                                    (la_real)ab[k][1], y), LA_OK);
                            ref_mv((la_trans)tr, ab[k][0], D, x, ab[k][1], y0, yr, bound);
                            for (i = 0; i < m; ++i)
                                CHECK_LE(fabs((double)(y[i] - yr[i])), 2 * (kk + 2) * TU_EPS * bound[i]);
                            CHECK(y[m] == y0[m]);
                        }
                    sp_sell_free(&S);
                    CHECK(S.chunk_ptr == NULL && S.col == NULL && S.rows == 0);
                }
            sp_free(&A);
            sp_free(&R);
        }
        tu_free(x);
        tu_free(y);
        tu_free(y0);
        tu_free(yr);
        free(bound);
        tu_free(D.data);
        free_trip(&t);
    }
}

/* The default window sorts only where it pays: not on a Laplacian, whose
 * rows in their order pad less than 1/16 of the entries (rows stay in
 * order, no padding), but on rows of lengths 1 and 40 alternating, where it
 * cuts the padding from 39/41 of the stored entries to none. */
TEST(sparse_sell_default_window) {
    sp_mat A;
    sp_sell S;
    la_int n = 4096, i, k, w = 0;
    CHECK_STATUS(sp_laplacian(16, 16, 16, SP_CSR, &A), LA_OK);
    CHECK_STATUS(sp_sell_from(&A, 0, 0, &S), LA_OK);
    CHECK_INT(S.sigma, 1);
    for (i = 0; i < A.rows; ++i) CHECK_INT(S.row[i], i);
    CHECK_INT(S.chunk_ptr[S.n_chunks] - A.nnz, natural_padding(&A, SP_SELL_CHUNK));
    sp_sell_free(&S);
    sp_free(&A);
    CHECK_STATUS(sp_alloc(SP_CSR, n, n, n / 2 * 41, &A), LA_OK);
    for (i = 0; i < n; ++i) {
        for (k = 0; k < (i % 2 ? 40 : 1); ++k) {
            A.idx[w] = (i + 37 * k) % n;
            A.val[w++] = 1;
        }
        A.ptr[i + 1] = w;
    }
    A.nnz = w;
    CHECK_STATUS(sp_sell_from(&A, 0, 0, &S), LA_OK);
    CHECK_INT(S.sigma, SP_SELL_SIGMA);
    CHECK_INT(S.chunk_ptr[S.n_chunks], A.nnz);
    CHECK_INT(sell_layout_errors(&A, &S), 0);
    sp_sell_free(&S);
    CHECK_STATUS(sp_sell_from(&A, 0, 1, &S), LA_OK);
    CHECK_INT(S.chunk_ptr[S.n_chunks], n / 2 * 80);
    sp_sell_free(&S);
    sp_free(&A);
}

/* Padding multiplies 0 by an entry of x: were it summed, an Inf in x would
 * turn a row's Inf into NaN and an empty row's 0 into NaN. Rows 0 (three
 * entries), 1 (one, on column 3), 2 (empty) share a chunk; x[3] = Inf,
 * x[0] = NaN. sp_mv and sp_sell_mv must agree: y = {NaN, Inf, 0}. */
TEST(sparse_sell_padding_never_reaches_y) {
    la_int ptr[4] = {0, 3, 4, 4}, idx[4] = {0, 1, 2, 3};
    la_real val[4] = {1, 1, 1, 2}, x[4], y[3], ys[3];
    sp_mat A = sp_mat_of(SP_CSR, 3, 4, 4, ptr, idx, val);
    sp_sell S;
    la_int sigma;
    x[0] = (la_real)NAN;
    x[1] = 1;
    x[2] = 1;
    x[3] = (la_real)INFINITY;
    CHECK_STATUS(sp_mv(LA_NOTRANS, 1, &A, x, 0, y), LA_OK);
    CHECK(y[0] != y[0] && y[1] == (la_real)INFINITY && y[2] == 0);
    for (sigma = 1; sigma <= 2; ++sigma) {
        CHECK_STATUS(sp_sell_from(&A, 4, sigma, &S), LA_OK);
        CHECK_INT(S.chunk_ptr[1], 12); /* one chunk of width 3: 8 padding entries */
        CHECK_STATUS(sp_sell_mv(LA_NOTRANS, 1, &S, x, 0, ys), LA_OK);
        CHECK(ys[0] != ys[0] && ys[1] == (la_real)INFINITY && ys[2] == 0);
        sp_sell_free(&S);
    }
}

/* The caller-owned form: too small a cap gives LA_ERR_NOMEM with the cap
 * needed in chunk_ptr[n_chunks] and *out empty; with that cap the same
 * arrays as the allocating form. CSC input, bad chunk or window, NULL
 * arrays, an invalid A and a broken header are refused. */
TEST(sparse_sell_buffers_and_errors) {
    la_rng r = la_rng_seed(32);
    trip t = rand_trip(&r, 40, 30, 0.2, 4);
    sp_mat A, Ac;
    sp_sell S, B;
    la_int nc, stored, cp[6], rw[40], ln[40], i, bad_ptr[3] = {0, 2, 1}, bad_idx[1] = {0};
    la_int *col;
    la_real *val, x[40], y[40];
    sp_mat broken = sp_mat_of(SP_CSR, 2, 2, 1, bad_ptr, bad_idx, x);
    CHECK_STATUS(sp_from_triplets(t.rows, t.cols, t.nnz, t.ri, t.ci, t.v, SP_CSR, &A), LA_OK);
    CHECK_STATUS(sp_from_triplets(t.rows, t.cols, t.nnz, t.ri, t.ci, t.v, SP_CSC, &Ac), LA_OK);
    CHECK_STATUS(sp_sell_from(&A, 8, 16, &S), LA_OK);
    nc = (t.rows + 7) / 8;
    CHECK_INT(S.n_chunks, nc);
    stored = S.chunk_ptr[nc];
    CHECK(stored >= A.nnz);
    col = tu_ints((size_t)stored);
    val = tu_reals((size_t)stored);
    CHECK_STATUS(sp_sell_from_buf(&A, 8, 16, cp, rw, ln, stored - 1, col, val, &B), LA_ERR_NOMEM);
    CHECK_INT(cp[nc], stored);
    CHECK(B.chunk_ptr == NULL && B.rows == 0);
    CHECK_STATUS(sp_sell_from_buf(&A, 8, 16, cp, rw, ln, stored, col, val, &B), LA_OK);
    CHECK(B.col == col && B.val == val && B.chunk_ptr == cp);
    for (i = 0; i <= nc; ++i) CHECK_INT(cp[i], S.chunk_ptr[i]);
    for (i = 0; i < nc * 8; ++i) CHECK(rw[i] == S.row[i] && ln[i] == S.len[i]);
    for (i = 0; i < stored; ++i) CHECK(col[i] == S.col[i] && val[i] == S.val[i]);
    /* refused */
    CHECK_STATUS(sp_sell_from_buf(&Ac, 8, 16, cp, rw, ln, stored, col, val, &B), LA_ERR_ARG);
    CHECK_STATUS(sp_sell_from_buf(&A, 8, 16, NULL, rw, ln, stored, col, val, &B), LA_ERR_ARG);
    CHECK_STATUS(sp_sell_from_buf(&A, 8, 16, cp, rw, NULL, stored, col, val, &B), LA_ERR_ARG);
    CHECK_STATUS(sp_sell_from_buf(&A, 8, 16, cp, rw, ln, stored, NULL, val, &B), LA_ERR_ARG);
    CHECK_STATUS(sp_sell_from_buf(&A, 8, 16, cp, rw, ln, -1, col, val, &B), LA_ERR_ARG);
    CHECK_STATUS(sp_sell_from_buf(&A, 8, 16, cp, rw, ln, stored, col, val, NULL), LA_ERR_ARG);
    CHECK_STATUS(sp_sell_from(&A, -1, 0, &B), LA_ERR_ARG);
    CHECK_STATUS(sp_sell_from(&A, SP_SELL_MAX_CHUNK + 1, 0, &B), LA_ERR_ARG);
    CHECK_STATUS(sp_sell_from(&A, 8, -1, &B), LA_ERR_ARG);
    CHECK_STATUS(sp_sell_from(NULL, 8, 0, &B), LA_ERR_ARG);
    CHECK_STATUS(sp_sell_from(&A, 8, 0, NULL), LA_ERR_ARG);
    CHECK_STATUS(sp_sell_from(&broken, 8, 0, &B), LA_ERR_ARG);
    CHECK(B.chunk_ptr == NULL && B.col == NULL);
    for (i = 0; i < 40; ++i) x[i] = 1;
    CHECK_STATUS(sp_sell_mv(LA_NOTRANS, 1, NULL, x, 0, y), LA_ERR_ARG);
    CHECK_STATUS(sp_sell_mv(LA_NOTRANS, 1, &S, NULL, 0, y), LA_ERR_ARG);
    CHECK_STATUS(sp_sell_mv(LA_NOTRANS, 1, &S, x, 0, NULL), LA_ERR_ARG);
    CHECK_INT(sp_sell_linop(x, y, NULL), 1);
    S.n_chunks += 1; /* inconsistent with rows and chunk */
    CHECK_STATUS(sp_sell_mv(LA_NOTRANS, 1, &S, x, 0, y), LA_ERR_ARG);
    S.n_chunks -= 1;
    S.chunk = 0;
    CHECK_STATUS(sp_sell_mv(LA_TRANS, 1, &S, x, 0, y), LA_ERR_ARG);
    S.chunk = 8;
    CHECK_STATUS(sp_sell_mv(LA_NOTRANS, 1, &S, x, 0, y), LA_OK);
    sp_sell_free(&S);
    sp_sell_free(NULL);
    sp_free(&A);
    sp_free(&Ac);
    tu_free(col);
    tu_free(val);
    free_trip(&t);
}

/* CG on a 2-D Poisson matrix through the SELL adapter reaches the CSR
 * route's solution; the transposed adapter on a nonsymmetric matrix gives
 * A^T x. */
TEST(sparse_sell_linop_with_cg) {
    sp_mat A;
    sp_sell S;
    la_int n, i;
    la_real *b, *x1, *x2, *r;
    la_iter_opts o;
    double rn = 0, bn = 0, dx = 0;
    memset(&o, 0, sizeof o);
    CHECK_STATUS(sp_laplacian(24, 17, 1, SP_CSR, &A), LA_OK);
    n = A.rows;
    b = tu_reals((size_t)n);
    x1 = tu_reals((size_t)n);
    x2 = tu_reals((size_t)n);
    r = tu_reals((size_t)n);
    for (i = 0; i < n; ++i) {
        b[i] = (la_real)(1 + i % 7);
        x1[i] = x2[i] = 0;
    }
    o.tol = (la_real)(100 * TU_EPS);
    o.max_iter = 2000;
    CHECK_STATUS(sp_sell_from(&A, 0, 0, &S), LA_OK);
    CHECK_STATUS(la_cg(n, sp_sell_linop, &S, b, x1, &o, NULL, NULL), LA_OK);
    CHECK_STATUS(la_cg(n, sp_linop, &A, b, x2, &o, NULL, NULL), LA_OK);
    CHECK_STATUS(sp_mv(LA_NOTRANS, 1, &A, x1, 0, r), LA_OK);
    for (i = 0; i < n; ++i) {
        rn += (double)(r[i] - b[i]) * (r[i] - b[i]);
        bn += (double)b[i] * b[i];
        dx += (double)(x1[i] - x2[i]) * (x1[i] - x2[i]);
    }
    CHECK_LE(sqrt(rn / bn), 200 * TU_EPS);
    /* each solution within cond(A) tol of the exact one (2-norms); cond(A) < 400 */
    CHECK_LE(sqrt(dx), 2 * 400 * (double)o.tol * (double)la_nrm2(n, x2, 1));
    sp_sell_free(&S);
    sp_free(&A);
    {
        la_int ri[3] = {0, 1, 1}, ci[3] = {0, 0, 2};
        la_real v[3] = {2, 3, 4}, xt[2] = {1, -1}, yt[3];
        CHECK_STATUS(sp_from_triplets(2, 3, 3, ri, ci, v, SP_CSC, &A), LA_OK);
        CHECK_STATUS(sp_sell_from(&A, 0, 0, &S), LA_OK);
        CHECK_INT(sp_sell_linop_trans(xt, yt, &S), 0);
        CHECK(yt[0] == -1 && yt[1] == 0 && yt[2] == -4);
        sp_sell_free(&S);
        sp_free(&A);
    }
    tu_free(b);
    tu_free(x1);
    tu_free(x2);
    tu_free(r);
}

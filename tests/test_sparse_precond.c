/* test_sparse_precond.c - sparse.h section 4 (Jacobi and IC(0)
 * preconditioners) and the finite-difference Laplacian: IC(0) reproduces A
 * on its pattern, is the exact Cholesky factor of a tridiagonal matrix,
 * shifts past a breakdown (Manteuffel), and makes preconditioned CG take
 * fewer iterations; every error status. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"
#include "sparse.h"

TEST(sparse_laplacian_stencils) {
    sp_mat A;
    la_mat D;
    la_int i, j;
    CHECK_STATUS(sp_laplacian(4, 3, 2, SP_CSR, &A), LA_OK);
    CHECK(A.rows == 24 && sp_is_canonical(&A));
    /* 7-point: 24 diagonal + 2 * (edges: x 3*3*2 + y 4*2*2 + z 4*3*1) */
    CHECK_INT(A.nnz, 24 + 2 * (18 + 16 + 12));
    D = tu_mat(24, 24, 0);
    sp_to_dense(&A, D);
    for (i = 0; i < 24; ++i) {
        double s = 0;
        CHECK(LA_AT(D, i, i) == 6);
        for (j = 0; j < 24; ++j) {
            CHECK(LA_AT(D, i, j) == LA_AT(D, j, i));
            s += LA_AT(D, i, j);
        }
        CHECK(s >= 0); /* diagonally dominant */
    }
    CHECK(LA_AT(D, 0, 1) == -1 && LA_AT(D, 0, 4) == -1 && LA_AT(D, 0, 12) == -1 && LA_AT(D, 0, 5) == 0);
    tu_free(D.data);
    sp_free(&A);
    CHECK_STATUS(sp_laplacian(5, 1, 1, SP_CSC, &A), LA_OK);
    CHECK(A.nnz == 13 && A.val[0] == 2 && A.format == SP_CSC);
    sp_free(&A);
    CHECK_STATUS(sp_laplacian(0, 1, 1, SP_CSR, &A), LA_ERR_ARG);
    CHECK_STATUS(sp_laplacian(70000, 70000, 70000, SP_CSR, &A), LA_ERR_NOMEM);
}

TEST(sparse_jacobi) {
    sp_mat A;
    la_real inv[6], x[6] = {1, 2, 3, 4, 5, 6}, y[6];
    sp_jacobi P;
    la_int i;
    la_int ri[2] = {0, 1}, ci[2] = {0, 0};
    CHECK_STATUS(sp_laplacian(3, 2, 1, SP_CSR, &A), LA_OK);
    CHECK_STATUS(sp_jacobi_init(&A, inv, &P), LA_OK);
    CHECK_INT(sp_jacobi_apply(x, y, &P), 0);
    for (i = 0; i < 6; ++i) CHECK(y[i] == x[i] / 4);
    CHECK_INT(sp_jacobi_apply(x, y, NULL), 1);
    sp_free(&A);
    CHECK_STATUS(sp_from_triplets(2, 2, 2, ri, ci, NULL, SP_CSR, &A), LA_OK);
    CHECK_STATUS(sp_jacobi_init(&A, inv, &P), LA_ERR_SINGULAR);
    A.val[0] = (la_real)NAN;
    CHECK_STATUS(sp_jacobi_init(&A, inv, &P), LA_ERR_NONFINITE);
    sp_free(&A);
    CHECK_STATUS(sp_from_triplets(2, 3, 2, ri, ci, NULL, SP_CSR, &A), LA_OK);
    CHECK_STATUS(sp_jacobi_init(&A, inv, &P), LA_ERR_DIM);
    CHECK_STATUS(sp_jacobi_init(&A, inv, NULL), LA_ERR_ARG);
    sp_free(&A);
}

/* (L L^T)(i, j) in long double from the CSR factor (dense). */
static la_mat llt_dense(const sp_mat *L) {
    la_int n = L->rows, i, q;
    la_mat Ld = tu_mat(n, n, 0), R = tu_mat(n, n, 0);
    for (i = 0; i < n; ++i)
        for (q = L->ptr[i]; q < L->ptr[i + 1]; ++q) LA_AT(Ld, i, L->idx[q]) = L->val[q];
    tu_ref_gemm(LA_NOTRANS, LA_TRANS, 1, Ld, Ld, 0, R);
    tu_free(Ld.data);
    return R;
}

TEST(sparse_ic0_matches_a_on_its_pattern) {
    int f;
    for (f = 0; f < 2; ++f) {
        sp_mat A;
        sp_ic0 P;
        la_mat R, D;
        la_int i, q;
        double err = 0;
        CHECK_STATUS(sp_laplacian(7, 6, 1, (sp_format)f, &A), LA_OK);
        CHECK_STATUS(sp_ic0_create(&A, NULL, &P), LA_OK);
        CHECK(P.shift == 0 && P.shifts == 0 && P.owned == 1);
        CHECK_INT(P.L.nnz, sp_ic0_nnz(&A));
        CHECK_INT(P.L.nnz, (A.nnz + 42) / 2);
        R = llt_dense(&P.L);
        D = tu_mat(42, 42, 0);
        sp_to_dense(&A, D);
        for (i = 0; i < 42; ++i)
            for (q = A.ptr[i]; q < A.ptr[i + 1]; ++q) {
                la_int j = A.idx[q];
                err = fmax(err, fabs((double)(LA_AT(R, i, j) - LA_AT(D, i, j))));
            }
        CHECK_LE(err, 32 * TU_EPS * 4);
        /* ... but not off it: IC(0) is incomplete for a 2-D grid */
        CHECK(fabs((double)LA_AT(R, 7, 1)) > 0.01 && LA_AT(D, 7, 1) == 0);
        tu_free(R.data);
        tu_free(D.data);
        sp_ic0_free(&P);
        CHECK(P.L.ptr == NULL);
        sp_free(&A);
    }
}

TEST(sparse_ic0_is_exact_for_tridiagonal) {
    la_int n = 50, i;
    sp_mat A;
    sp_ic0 P;
    la_int ptr[51], idx[100];
    la_real val[100], b[50], x[50], ax[50];
    static unsigned char buf[4096];
    la_arena ar = la_arena_of(buf, sizeof buf);
    la_rng r = la_rng_seed(31);
    double nb = 0, nres = 0;
    CHECK_STATUS(sp_laplacian(n, 1, 1, SP_CSR, &A), LA_OK);
    CHECK_INT(sp_ic0_nnz(&A), 2 * n - 1);
    CHECK_STATUS(sp_ic0_factor(&A, NULL, ptr, idx, val, &P, &ar), LA_OK);
    CHECK(ar.used == 0 && P.owned == 0 && P.L.val == val);
    tu_vec_normal(&r, n, b);
    CHECK_INT(sp_ic0_apply(b, x, &P), 0);
    sp_mv(LA_NOTRANS, 1, &A, x, 0, ax);
    for (i = 0; i < n; ++i) {
        nb = fmax(nb, fabs((double)b[i]));
        nres = fmax(nres, fabs((double)(ax[i] - b[i])));
    }
    /* kappa(A) ~ 4 n^2 / pi^2 ~ 1000 */
    CHECK_LE(nres, 64 * n * TU_EPS * nb);
    CHECK_INT(sp_ic0_apply(b, x, NULL), 1);
    sp_free(&A);
}

TEST(sparse_ic0_shift_after_breakdown) {
    /* [[1,2],[2,1]] is indefinite: IC(0) breaks down until alpha > 1 */
    la_int ri[4] = {0, 1, 0, 1}, ci[4] = {0, 0, 1, 1};
    la_real v[4] = {1, 2, 2, 1};
    sp_mat A;
    sp_ic0 P;
    sp_ic0_opts o;
    CHECK_STATUS(sp_from_triplets(2, 2, 4, ri, ci, v, SP_CSR, &A), LA_OK);
    CHECK_STATUS(sp_ic0_create(&A, NULL, &P), LA_OK);
    CHECK(P.shift > 1 && P.shift <= 2.048 && P.shifts == 11);
    sp_ic0_free(&P);
    memset(&o, 0, sizeof o);
    o.max_shifts = -1;
    CHECK_STATUS(sp_ic0_create(&A, &o, &P), LA_ERR_NOT_SPD);
    CHECK(P.L.ptr == NULL);
    o.max_shifts = 0;
    o.shift = (la_real)1.5;
    CHECK_STATUS(sp_ic0_create(&A, &o, &P), LA_OK);
    CHECK(P.shift == (la_real)1.5 && P.shifts == 1);
    sp_ic0_free(&P);
    o.shift = -1;
    CHECK_STATUS(sp_ic0_create(&A, &o, &P), LA_ERR_ARG);
    /* a non-positive or missing diagonal is not SPD, shift or not */
    A.val[0] = -1;
    CHECK_STATUS(sp_ic0_create(&A, NULL, &P), LA_ERR_NOT_SPD);
    A.val[0] = (la_real)INFINITY;
    CHECK_STATUS(sp_ic0_create(&A, NULL, &P), LA_ERR_NONFINITE);
    sp_free(&A);
    CHECK_STATUS(sp_from_triplets(2, 2, 3, ri, ci, v, SP_CSR, &A), LA_OK); /* no (1,1) */
    CHECK_STATUS(sp_ic0_create(&A, NULL, &P), LA_ERR_NOT_SPD);
    sp_free(&A);
    CHECK_STATUS(sp_from_triplets(2, 3, 3, ri, ci, v, SP_CSR, &A), LA_OK);
    CHECK_STATUS(sp_ic0_create(&A, NULL, &P), LA_ERR_DIM);
    CHECK_INT(sp_ic0_nnz(&A), -1);
    sp_free(&A);
    CHECK_STATUS(sp_ic0_create(NULL, NULL, &P), LA_ERR_ARG);
}

TEST(sparse_ic0_arena_too_small) {
    sp_mat A;
    sp_ic0 P;
    la_int ptr[11], idx[40];
    la_real val[40];
    static unsigned char buf[32];
    la_arena ar = la_arena_of(buf, sizeof buf);
    CHECK_STATUS(sp_laplacian(10, 1, 1, SP_CSR, &A), LA_OK);
    CHECK_STATUS(sp_ic0_factor(&A, NULL, ptr, idx, val, &P, &ar), LA_ERR_NOMEM);
    CHECK_STATUS(sp_ic0_factor(&A, NULL, NULL, idx, val, &P, NULL), LA_ERR_ARG);
    sp_free(&A);
}

/* la_pcg (linalg.h section 14) on sp_linop with preconditioner M (NULL:
 * none): iterations taken to ||b - A x|| <= tol ||b|| (checked here). */
static la_int pcg_iterations(sp_mat *A, la_linop M, void *mctx, const la_real *b, la_real *x,
                             double tol) {
    la_iter_opts o;
    la_iter_info info;
    la_int n = A->rows, i;
    la_real *ax = tu_reals((size_t)n);
    double res = 0, nb = 0;
    memset(&o, 0, sizeof o);
    o.tol = (la_real)tol;
    for (i = 0; i < n; ++i) x[i] = 0; /* default max_iter: 10 n */
    CHECK_STATUS(la_pcg(n, sp_linop, A, M, mctx, b, x, &o, &info, NULL), LA_OK);
    sp_mv(LA_NOTRANS, 1, A, x, 0, ax);
    for (i = 0; i < n; ++i) {
        res += (double)(ax[i] - b[i]) * (ax[i] - b[i]);
        nb += (double)b[i] * b[i];
    }
    CHECK_LE(sqrt(res), 2 * tol * sqrt(nb));
    tu_free(ax);
    return info.iterations;
}

TEST(sparse_ic0_and_jacobi_speed_up_cg) {
    la_int nx = 30, n = nx * nx, i, it_cg, it_jac, it_ic;
    sp_mat A;
    sp_ic0 P;
    sp_jacobi J;
    la_real *b = tu_reals((size_t)n), *x = tu_reals((size_t)n), *inv = tu_reals((size_t)n);
    la_rng r = la_rng_seed(32);
    double tol = LA_REAL_IS_FLOAT ? 1e-4 : 1e-10;
    tu_vec_normal(&r, n, b);
    CHECK_STATUS(sp_laplacian(nx, nx, 1, SP_CSR, &A), LA_OK);
    CHECK_STATUS(sp_ic0_create(&A, NULL, &P), LA_OK);
    CHECK_STATUS(sp_jacobi_init(&A, inv, &J), LA_OK);
    it_cg = pcg_iterations(&A, NULL, NULL, b, x, tol);
    it_jac = pcg_iterations(&A, sp_jacobi_apply, &J, b, x, tol);
    it_ic = pcg_iterations(&A, sp_ic0_apply, &P, b, x, tol);
    CHECK(it_jac <= it_cg + 1); /* constant diagonal: Jacobi only rescales */
    CHECK_LE(it_ic * 1.5, it_cg);
    /* a variable diagonal: Jacobi helps */
    for (i = 0; i < n; ++i) inv[i] = (la_real)(1 + 5 * (i % 7)); /* D = diag(inv) */
    {
        sp_mat S;
        CHECK_STATUS(sp_copy(&A, &S), LA_OK);
        sp_scale(&S, 1, inv, inv); /* D A D: SPD, badly scaled */
        CHECK_STATUS(sp_jacobi_init(&S, inv, &J), LA_OK);
        it_cg = pcg_iterations(&S, NULL, NULL, b, x, tol);
        it_jac = pcg_iterations(&S, sp_jacobi_apply, &J, b, x, tol);
        CHECK_LE(it_jac * 2, it_cg);
        sp_free(&S);
    }
    sp_ic0_free(&P);
    sp_free(&A);
    tu_free(b);
    tu_free(x);
    tu_free(inv);
}

TEST(sparse_linop_runs_minres_and_power_iteration) {
    /* 1-D Laplacian: eigenvalues 2 - 2 cos(k pi / (n+1)); shifted by 1 it
     * is indefinite, a job for MINRES. */
    la_int n = 40, i;
    sp_mat A, S;
    la_real b[40], x[40], v[40], ax[40], lambda, shift[40];
    la_iter_opts o;
    la_iter_info info;
    la_rng r = la_rng_seed(33);
    double pi = 3.14159265358979323846, lmax = 2 - 2 * cos(n * pi / (n + 1)), res = 0, nb = 0;
    memset(&o, 0, sizeof o);
    CHECK_STATUS(sp_laplacian(n, 1, 1, SP_CSC, &A), LA_OK);
    for (i = 0; i < n; ++i) {
        shift[i] = -1;
        v[i] = 0;
    }
    {
        /* S = A - I through sp_add with a diagonal matrix */
        la_int idx[40];
        sp_mat I;
        for (i = 0; i < n; ++i) idx[i] = i;
        CHECK_STATUS(sp_from_triplets(n, n, n, idx, idx, shift, SP_CSR, &I), LA_OK);
        CHECK_STATUS(sp_add(1, &A, 1, &I, &S, NULL), LA_OK);
        sp_free(&I);
    }
    tu_vec_normal(&r, n, b);
    for (i = 0; i < n; ++i) x[i] = 0;
    o.tol = (la_real)(LA_REAL_IS_FLOAT ? 1e-5 : 1e-12);
    CHECK_STATUS(la_minres(n, sp_linop, &S, NULL, NULL, b, x, &o, &info, NULL), LA_OK);
    sp_mv(LA_NOTRANS, 1, &S, x, 0, ax);
    for (i = 0; i < n; ++i) {
        res += (double)(ax[i] - b[i]) * (ax[i] - b[i]);
        nb += (double)b[i] * b[i];
    }
    CHECK_LE(sqrt(res), 100 * (double)o.tol * sqrt(nb));
    o.tol = (la_real)(LA_REAL_IS_FLOAT ? 1e-4 : 1e-8);
    o.max_iter = 100000;
    CHECK_STATUS(la_power_iter(n, sp_linop_trans, &A, &lambda, v, &o, &info, NULL), LA_OK);
    CHECK_NEAR(lambda, lmax, 1e-3 * lmax);
    sp_free(&A);
    sp_free(&S);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

TEST(sparse_lanczos_on_one_triangle) {
    /* eigenvalues of the 12 x 9 grid Laplacian: 4 - 2 cos(i pi / 13) -
     * 2 cos(j pi / 10); Lanczos through sp_linop_sym on the lower triangle */
    la_int nx = 12, ny = 9, n = nx * ny, i, j, k = 3;
    double pi = 3.14159265358979323846, *ev = (double *)malloc((size_t)n * sizeof(double));
    sp_mat A, T;
    sp_sym_op op;
    la_real w[3];
    la_iter_opts o;
    la_iter_info info;
    for (i = 1; i <= nx; ++i)
        for (j = 1; j <= ny; ++j) ev[(i - 1) * ny + j - 1] = 4 - 2 * cos(i * pi / (nx + 1)) - 2 * cos(j * pi / (ny + 1));
    qsort(ev, (size_t)n, sizeof(double), cmp_double);
    CHECK_STATUS(sp_laplacian(nx, ny, 1, SP_CSR, &A), LA_OK);
    CHECK_STATUS(sp_triangle(&A, LA_LOWER, &T), LA_OK);
    op.A = &T;
    op.uplo = LA_LOWER;
    memset(&o, 0, sizeof o);
    o.tol = (la_real)(LA_REAL_IS_FLOAT ? 1e-4 : 1e-10);
    CHECK_STATUS(la_lanczos(n, sp_linop_sym, &op, k, LA_SMALLEST, w, la_mat_of(n, k, NULL), &o, &info, NULL), LA_OK);
    for (i = 0; i < k; ++i) CHECK_NEAR(w[i], ev[i], (LA_REAL_IS_FLOAT ? 1e-4 : 1e-10) * 8);
    CHECK_STATUS(la_lanczos(n, sp_linop, &A, k, LA_LARGEST, w, la_mat_of(n, k, NULL), &o, &info, NULL), LA_OK);
    for (i = 0; i < k; ++i) CHECK_NEAR(w[i], ev[n - k + i], (LA_REAL_IS_FLOAT ? 1e-4 : 1e-10) * 8);
    sp_free(&A);
    sp_free(&T);
    free(ev);
}

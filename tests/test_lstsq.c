/* test_lstsq.c - linalg.h section 8: least squares (full rank, ill
 * conditioned, rank deficient, underdetermined) against long-double
 * references computed independently. */
#include <math.h>
#include <stdlib.h>
#include "harness.h"
#include "testutil.h"
#include "refdense.h"

/* ||x - ref||_2 / ||ref||_2 for column c of X (n rows). */
static double ls_rel_error(la_mat X, la_int c, const long double *ref, la_int n) {
    long double d = 0, s = 0;
    la_int i;
    for (i = 0; i < n; ++i) {
        long double e = (long double)LA_AT(X, i, c) - ref[i];
        d += e * e;
        s += ref[i] * ref[i];
    }
    return (double)(s > 0 ? sqrtl(d / s) : sqrtl(d));
}

TEST(lstsq_matches_normal_equations_when_well_conditioned) {
    static const la_int shapes[][3] = {{80, 20, 3}, {5, 5, 1}, {1, 1, 2}, {33, 1, 1}, {64, 40, 2}};
    la_rng r = la_rng_seed(901);
    size_t s;
    for (s = 0; s < sizeof shapes / sizeof shapes[0]; ++s) {
        la_int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2], c, i;
        la_mat A = tu_mat(m, n, n + 2), F = tu_mat(m, n, n + 1), B = tu_mat(m, k, k + 3);
        la_real *b = tu_reals((size_t)m);
        long double *x = (long double *)calloc((size_t)n, sizeof(long double));
        la_int rank = -1;
        double kappa = 10;
        tu_rand_cond(&r, A, kappa);
        tu_fill_normal(&r, B);
        la_mat_copy(A, F);
        CHECK_STATUS(la_lstsq_rank(F, B, -1, &rank, NULL), LA_OK);
        CHECK_INT(rank, n);
        /* B was overwritten: regenerate the same right-hand sides. */
        r = la_rng_seed(901 + 100 * (uint64_t)(s + 1));
        for (c = 0; c < k; ++c) {
            la_mat A2 = tu_mat(m, n, 0), B2 = tu_mat(m, 1, 0);
            la_mat_copy(A, A2);
            for (i = 0; i < m; ++i) b[i] = LA_AT(B2, i, 0) = (la_real)la_rng_normal(&r);
            CHECK_STATUS(la_lstsq(A2, B2, NULL), LA_OK);
            rd_lstsq_normal(A, b, x);
            /* forward error of least squares: eps (kappa + kappa^2 ||r|| / (||A|| ||x||)) */
            CHECK_LE(ls_rel_error(B2, 0, x, n), 8 * m * TU_EPS * (kappa + kappa * kappa));
            tu_free(A2.data);
            tu_free(B2.data);
        }
        tu_free(A.data);
        tu_free(F.data);
        tu_free(B.data);
        tu_free(b);
        free(x);
    }
}

/* ||A^T r||_2 / (||A||_F (||A||_F ||x||_2 + ||b||_2 + ||r||_2)), r = b - A x:
 * of order m eps for a backward stable least-squares solver, whatever the
 * condition of A. */
static double ls_normal_residual(la_mat A, const la_real *b, la_mat X) {
    la_int m = A.rows, n = A.cols, i, j;
    long double *res = (long double *)calloc((size_t)m, sizeof(long double)), g = 0, rn = 0, xn = 0, bn = 0;
    long double an = (long double)tu_fro(A);
    for (i = 0; i < m; ++i) {
        long double s = (long double)b[i];
        for (j = 0; j < n; ++j) s -= (long double)LA_AT(A, i, j) * (long double)LA_AT(X, j, 0);
        res[i] = s;
        rn += s * s;
        bn += (long double)b[i] * (long double)b[i];
    }
    for (j = 0; j < n; ++j) {
        long double s = 0;
        for (i = 0; i < m; ++i) s += (long double)LA_AT(A, i, j) * res[i];
        g += s * s;
        xn += (long double)LA_AT(X, j, 0) * (long double)LA_AT(X, j, 0);
    }
    free(res);
    return (double)(sqrtl(g) / (an * (an * sqrtl(xn) + sqrtl(bn) + sqrtl(rn))));
}

TEST(lstsq_residual_is_orthogonal_when_ill_conditioned) {
    la_rng r = la_rng_seed(902);
    double kappas[4];
    int c;
    kappas[0] = 1e2;
    kappas[1] = TU_EPS < 1e-10 ? 1e8 : 1e3;
    kappas[2] = TU_EPS < 1e-10 ? 1e12 : 1e4;
    kappas[3] = TU_EPS < 1e-10 ? 1e14 : 1e6; /* past the rank tolerance */
    for (c = 0; c < 4; ++c) {
        la_int m = 60, n = 25, i;
        la_mat A = tu_mat(m, n, 0), F = tu_mat(m, n, 0), B = tu_mat(m, 1, 0);
        la_real b[60];
        tu_rand_cond(&r, A, kappas[c]);
        for (i = 0; i < m; ++i) b[i] = LA_AT(B, i, 0) = (la_real)la_rng_normal(&r);
        la_mat_copy(A, F);
        CHECK_STATUS(la_lstsq(F, B, NULL), LA_OK);
        CHECK_LE(ls_normal_residual(A, b, B), 4 * m * TU_EPS);
        tu_free(A.data);
        tu_free(F.data);
        tu_free(B.data);
    }
}

/* Minimum-norm least-squares solution for A = X Y (X m x r, Y r x n, both of
 * full rank r): A^+ = Y^T (Y Y^T)^{-1} (X^T X)^{-1} X^T, in long double. */
static void ls_ref_min_norm(la_mat X, la_mat Y, const la_real *b, long double *x) {
    la_int m = X.rows, r = X.cols, n = Y.cols, i, j, p;
    long double *G = (long double *)calloc((size_t)r * r, sizeof(long double));
    long double *H = (long double *)calloc((size_t)r * r, sizeof(long double));
    long double *u = (long double *)calloc((size_t)r, sizeof(long double));
    for (i = 0; i < r; ++i) {
        for (j = 0; j < r; ++j) {
            long double g = 0, h = 0;
            for (p = 0; p < m; ++p) g += (long double)LA_AT(X, p, i) * (long double)LA_AT(X, p, j);
            for (p = 0; p < n; ++p) h += (long double)LA_AT(Y, i, p) * (long double)LA_AT(Y, j, p);
            G[(size_t)i * r + j] = g;
            H[(size_t)i * r + j] = h;
        }
        for (p = 0; p < m; ++p) u[i] += (long double)LA_AT(X, p, i) * (long double)b[p];
    }
    rd_solve(r, G, 1, u);
    rd_solve(r, H, 1, u);
    for (j = 0; j < n; ++j) {
        x[j] = 0;
        for (i = 0; i < r; ++i) x[j] += (long double)LA_AT(Y, i, j) * u[i];
    }
    free(G);
    free(H);
    free(u);
}

TEST(lstsq_rank_deficient_gives_minimum_norm_solution) {
    static const la_int cases[][3] = {{40, 30, 7}, {30, 30, 12}, {50, 8, 1}, {20, 45, 6}, {15, 15, 14}};
    la_rng r = la_rng_seed(903);
    size_t s;
    for (s = 0; s < sizeof cases / sizeof cases[0]; ++s) {
        la_int m = cases[s][0], n = cases[s][1], rk = cases[s][2], mx = m > n ? m : n, i, rank = -1;
        la_mat X = tu_mat(m, rk, 0), Y = tu_mat(rk, n, 0), A = tu_mat(m, n, n + 1);
        la_mat B = tu_mat(mx, 2, 3);
        la_real *b = tu_reals((size_t)m);
        long double *x = (long double *)calloc((size_t)n, sizeof(long double));
        tu_fill_normal(&r, X);
        tu_fill_normal(&r, Y);
        tu_ref_gemm(LA_NOTRANS, LA_NOTRANS, 1, X, Y, 0, A);
        for (i = 0; i < m; ++i) {
            b[i] = LA_AT(B, i, 0) = (la_real)la_rng_normal(&r);
            LA_AT(B, i, 1) = 2 * b[i];
        }
        CHECK_STATUS(la_lstsq_rank(A, B, -1, &rank, NULL), LA_OK);
        CHECK_INT(rank, rk);
        ls_ref_min_norm(X, Y, b, x);
        /* A holds X Y rounded: the answer moves by ~ kappa(X) kappa(Y) eps */
        CHECK_LE(ls_rel_error(B, 0, x, n), 50 * mx * TU_EPS);
        for (i = 0; i < n; ++i) x[i] *= 2;
        CHECK_LE(ls_rel_error(B, 1, x, n), 50 * mx * TU_EPS);
        tu_free(X.data);
        tu_free(Y.data);
        tu_free(A.data);
        tu_free(B.data);
        tu_free(b);
        free(x);
    }
}

TEST(lstsq_underdetermined_full_rank_is_minimum_norm) {
    /* m < n: x = A^T (A A^T)^{-1} b. */
    la_rng r = la_rng_seed(904);
    la_int m = 12, n = 31, i, j, p, rank = -1;
    la_mat A = tu_mat(m, n, 0), F = tu_mat(m, n, 0), B = tu_mat(n, 1, 0);
    long double G[144], u[12], x[31];
    tu_rand_cond(&r, A, 50);
    for (i = 0; i < m; ++i) u[i] = LA_AT(B, i, 0) = (la_real)la_rng_normal(&r);
    for (i = 0; i < m; ++i)
        for (j = 0; j < m; ++j) {
            long double s = 0;
            for (p = 0; p < n; ++p) s += (long double)LA_AT(A, i, p) * (long double)LA_AT(A, j, p);
            G[i * m + j] = s;
        }
    rd_solve(m, G, 1, u);
    for (j = 0; j < n; ++j) {
        x[j] = 0;
        for (i = 0; i < m; ++i) x[j] += (long double)LA_AT(A, i, j) * u[i];
    }
    la_mat_copy(A, F);
    CHECK_STATUS(la_lstsq_rank(F, B, -1, &rank, NULL), LA_OK);
    CHECK_INT(rank, m);
    CHECK_LE(ls_rel_error(B, 0, x, n), 8 * n * TU_EPS * 50);
    /* la_lstsq takes the same path when B has n rows. */
    la_mat_copy(A, F);
    for (i = 0; i < m; ++i) LA_AT(B, i, 0) = (la_real)(i + 1);
    CHECK_STATUS(la_lstsq(F, B, NULL), LA_OK);
    CHECK_STATUS(la_lstsq(A, la_mat_block(B, 0, 0, m, 1), NULL), LA_ERR_DIM);
    tu_free(A.data);
    tu_free(F.data);
    tu_free(B.data);
}

TEST(lstsq_rcond_truncates_small_singular_values) {
    /* A = U diag(1, 0.5, 0.1, 1e-9, 1e-10) V^T: with rcond 1e-6 the rank is
     * 3 and X is the truncated-SVD solution up to sigma_4 / sigma_3 and
     * rounding. */
    la_rng r = la_rng_seed(905);
    la_int m = 30, n = 5, i, j, p, rank = -1;
    double sv[5] = {1, 0.5, 0.1, 1e-9, 1e-10};
    la_mat U = tu_mat(m, m, 0), V = tu_mat(n, n, 0), A = tu_mat(m, n, 0), B = tu_mat(m, 1, 0);
    long double x[5] = {0, 0, 0, 0, 0}, ub;
    la_real b[30];
    tu_rand_orthogonal(&r, U);
    tu_rand_orthogonal(&r, V);
    for (i = 0; i < m; ++i)
        for (j = 0; j < n; ++j) {
            long double s = 0;
            for (p = 0; p < n; ++p) s += (long double)LA_AT(U, i, p) * sv[p] * (long double)LA_AT(V, j, p);
            LA_AT(A, i, j) = (la_real)s;
        }
    for (i = 0; i < m; ++i) b[i] = LA_AT(B, i, 0) = (la_real)la_rng_normal(&r);
    for (p = 0; p < 3; ++p) {
        ub = 0;
        for (i = 0; i < m; ++i) ub += (long double)LA_AT(U, i, p) * (long double)b[i];
        for (j = 0; j < n; ++j) x[j] += (long double)LA_AT(V, j, p) * ub / sv[p];
    }
    CHECK_STATUS(la_lstsq_rank(A, B, (la_real)1e-6, &rank, NULL), LA_OK);
    CHECK_INT(rank, 3);
    CHECK_LE(ls_rel_error(B, 0, x, n), 100 * (1e-8 + 10 * m * TU_EPS));
    tu_free(U.data);
    tu_free(V.data);
    tu_free(A.data);
    tu_free(B.data);
}

TEST(lstsq_zero_matrix_errors_and_workspace) {
    la_rng r = la_rng_seed(906);
    la_int m = 30, n = 10, rank = -1, i;
    la_mat A = tu_mat(m, n, 0), B = tu_mat(m, 2, 0), B0 = tu_mat(m, 2, 0);
    size_t need = la_lstsq_ws_bytes(m, n, 2);
    la_real *buf = tu_reals(need / sizeof(la_real) + 1);
    la_arena ws = la_arena_of(buf, need), small = la_arena_of(buf, need / 8);
    tu_fill_normal(&r, B);
    CHECK_STATUS(la_lstsq_rank(A, B, -1, &rank, NULL), LA_OK); /* A = 0 */
    CHECK_INT(rank, 0);
    CHECK(tu_max_abs(la_mat_block(B, 0, 0, n, 2)) == 0);
    tu_rand_cond(&r, A, 10);
    tu_fill_normal(&r, B);
    la_mat_copy(B, B0);
    CHECK_STATUS(la_lstsq(A, B, &small), LA_ERR_NOMEM);
    CHECK_STATUS(la_lstsq(A, B, &ws), LA_OK);
    CHECK_INT(ws.used, 0);
    CHECK_LE(ws.peak, need);
    /* exactly rank-deficient through the arena too */
    tu_rand_cond(&r, A, 10);
    for (i = 0; i < m; ++i) LA_AT(A, i, 4) = LA_AT(A, i, 2);
    la_mat_copy(B0, B);
    ws = la_arena_of(buf, need);
    CHECK_STATUS(la_lstsq_rank(A, B, -1, &rank, &ws), LA_OK);
    CHECK_INT(rank, n - 1);
    CHECK_LE(fabs((double)(LA_AT(B, 4, 0) - LA_AT(B, 2, 0))), 100 * n * TU_EPS * tu_max_abs(B)); /* min norm splits evenly */
    CHECK_LE(ws.peak, need);
    /* errors: nothing is written */
    la_mat_copy(B0, B);
    LA_AT(B, 3, 1) = (la_real)NAN;
    CHECK_STATUS(la_lstsq(A, B, NULL), LA_ERR_NONFINITE);
    CHECK(LA_AT(B, 0, 0) == LA_AT(B0, 0, 0));
    LA_AT(B, 3, 1) = 0;
    LA_AT(A, 1, 1) = (la_real)INFINITY;
    CHECK_STATUS(la_lstsq(A, B, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(la_lstsq(A, la_mat_block(B, 0, 0, m - 1, 2), NULL), LA_ERR_DIM);
    CHECK_STATUS(la_lstsq(la_mat_ld(2, 2, 1, buf), B, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_lstsq(la_mat_of(0, 0, NULL), la_mat_of(0, 2, NULL), NULL), LA_OK);
    tu_free(A.data);
    tu_free(B.data);
    tu_free(B0.data);
    tu_free(buf);
}

/* No equations (A 0 x 3): every X minimizes, and the minimum-norm one is
 * zero, whatever B held; rank 0. */
TEST(lstsq_no_equations_gives_zero) {
    la_real b[6] = {7, 7, 7, 7, 7, 7};
    la_int rank = -1, i;
    CHECK_STATUS(la_lstsq_rank(la_mat_of(0, 3, NULL), la_mat_of(3, 2, b), -1, &rank, NULL), LA_OK);
    CHECK_INT(rank, 0);
    for (i = 0; i < 6; ++i) CHECK(b[i] == 0);
    for (i = 0; i < 6; ++i) b[i] = 7;
    CHECK_STATUS(la_lstsq(la_mat_of(0, 3, NULL), la_mat_of(3, 2, b), NULL), LA_OK);
    for (i = 0; i < 6; ++i) CHECK(b[i] == 0);
}

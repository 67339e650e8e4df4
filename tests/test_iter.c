/* test_iter.c - iterative (matrix-free) methods of linalg.h section 14: CG and
 * preconditioned CG, MINRES, LSQR, power iteration, Hutchinson estimators,
 * Chebyshev iteration and preconditioner, Lanczos, randomized range finder
 * and SVD. Operators are dense matrices behind la_linop_mat, so every answer
 * can be checked in long double against the matrix itself. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"

/* Iterative tolerance of the build: 1e4 units of roundoff (2e-12 in
 * double, 1e-3 in float); condition numbers used with it scale the same
 * way, so tol * kappa stays far below 1. */
#define IT_TOL (1e4 * TU_EPS)
#define IT_KAPPA (LA_REAL_IS_FLOAT ? 1e2 : 1e5)
/* Without reorthogonalization MINRES (indefinite) and LSQR (squared
 * spectrum) need many times n steps at high condition; these keep the
 * tests fast. */
#define MR_KAPPA (LA_REAL_IS_FLOAT ? 1e2 : 1e3)

/* ||b - op(A) x||_2 in long double. */
static double it_resid(la_mat A, la_trans t, const la_real *x, const la_real *b) {
    la_int m = la_op_rows(t, A), n = la_op_cols(t, A), i, j;
    long double s2 = 0;
    for (i = 0; i < m; ++i) {
        long double s = b[i];
        for (j = 0; j < n; ++j)
            s -= (long double)(t == LA_NOTRANS ? LA_AT(A, i, j) : LA_AT(A, j, i)) * x[j];
        s2 += s * s;
    }
    return (double)sqrtl(s2);
}

static double it_norm(la_int n, const la_real *x) {
    long double s = 0;
    la_int i;
    for (i = 0; i < n; ++i) s += (long double)x[i] * x[i];
    return (double)sqrtl(s);
}

static double it_diff(la_int n, const la_real *x, const la_real *y) {
    long double s = 0;
    la_int i;
    for (i = 0; i < n; ++i) s += ((long double)x[i] - y[i]) * ((long double)x[i] - y[i]);
    return (double)sqrtl(s);
}

/* b <- A x */
static void it_matvec(la_mat A, const la_real *x, la_real *b) {
    la_int i, j;
    for (i = 0; i < A.rows; ++i) {
        long double s = 0;
        for (j = 0; j < A.cols; ++j) s += (long double)LA_AT(A, i, j) * x[j];
        b[i] = (la_real)s;
    }
}

/* An operator that counts its calls and aborts at call `abort_at` (0: never). */
typedef struct {
    la_mat A;
    int calls, abort_at, nan_at;
} it_counting;

static int it_counting_op(const la_real *x, la_real *y, void *ctx) {
    it_counting *c = (it_counting *)ctx;
    ++c->calls;
    if (c->abort_at && c->calls >= c->abort_at) return 1;
    la_gemv(LA_NOTRANS, 1, c->A, x, 0, y);
    if (c->nan_at && c->calls >= c->nan_at) y[0] = (la_real)NAN;
    return 0;
}

TEST(iter_cg_solves_spd_systems) {
    la_rng r = la_rng_seed(11);
    la_int sizes[4] = {1, 2, 37, 120}, t;
    for (t = 0; t < 4; ++t) {
        la_int n = sizes[t];
        la_mat A = tu_mat(n, n, 0);
        la_real *b = tu_reals((size_t)n), *x = tu_reals((size_t)n), *xt = tu_reals((size_t)n);
        la_iter_opts o;
        la_iter_info info;
        memset(&o, 0, sizeof o);
        o.tol = (la_real)IT_TOL;
        tu_rand_spd(&r, A, IT_KAPPA);
        tu_vec_normal(&r, n, xt);
        it_matvec(A, xt, b);
        CHECK_STATUS(la_cg(n, la_linop_mat, &A, b, x, &o, &info, NULL), LA_OK);
        CHECK_INT(info.status, LA_OK);
        CHECK_LE(it_resid(A, LA_NOTRANS, x, b), 1.01 * IT_TOL * it_norm(n, b));
        CHECK_LE(info.residual, IT_TOL);
        /* forward error: kappa times the residual bound (plus rounding of b) */
        CHECK_LE(it_diff(n, x, xt), 4 * IT_KAPPA * IT_TOL * it_norm(n, xt));
        CHECK(info.matvecs >= info.iterations);
        /* warm start from the solution: no iteration */
        CHECK_STATUS(la_cg(n, la_linop_mat, &A, b, x, &o, &info, NULL), LA_OK);
        CHECK_INT(info.iterations, 0);
        tu_free(A.data);
        tu_free(b);
        tu_free(x);
        tu_free(xt);
    }
}

TEST(iter_krylov_at_extreme_scales) {
    /* (s A) x = t b for s, t from 2^-600 to 2^600 (2^+-60 in float), with
     * and without a Jacobi preconditioner, by CG and MINRES, and by LSQR:
     * x = (t / s) x_1 within the tolerance. r^T r, p^T A p, or A b itself
     * once overflowed or underflowed in CG (LA_ERR_BREAKDOWN,
     * LA_ERR_NONFINITE); MINRES's ||T||_F and LSQR's norm estimates were
     * plain sums of squares, whose underflow or overflow passed their
     * stopping tests (LA_OK with a wrong x), though the solution is
     * representable. */
    la_rng r = la_rng_seed(74);
    const la_int n = 12;
    const int e = LA_REAL_IS_FLOAT ? 60 : 600;
    const int st_[5][2] = {{e, e}, {-e, -e}, {0, e}, {0, -e}, {-e, e / 2}};
    la_mat A = tu_mat(n, n, 0), S = tu_mat(n, n, 0);
    la_real b[12], bs[12], x1[12], x[12], dg[12];
    double d[12];
    la_int i, k, pre;
    for (i = 0; i < n; ++i) {
        d[i] = 1 + i;
        x1[i] = 0;
    }
    tu_rand_sym(&r, A, d);
    tu_vec_normal(&r, n, b);
    CHECK_STATUS(la_cg(n, la_linop_mat, &A, b, x1, NULL, NULL, NULL), LA_OK);
    for (k = 0; k < 5; ++k) {
        double sc = ldexp(1, st_[k][0]), tc = ldexp(1, st_[k][1]);
        la_jacobi J;
        for (i = 0; i < n * n; ++i) S.data[i] = (la_real)(sc * A.data[i]);
        for (i = 0; i < n; ++i) {
            bs[i] = (la_real)(tc * b[i]);
            dg[i] = LA_AT(S, i, i);
        }
        J.n = n;
        J.diag = dg;
        for (pre = 0; pre < 2; ++pre) {
            for (i = 0; i < n; ++i) x[i] = 0;
            CHECK_STATUS(la_pcg(n, la_linop_mat, &S, pre ? la_linop_jacobi : NULL, pre ? &J : NULL, bs, x,
                                NULL, NULL, NULL),
                         LA_OK);
            for (i = 0; i < n; ++i) CHECK_LE(fabs(x[i] / (tc / sc) - x1[i]), 1e3 * IT_TOL * (1 + fabs(x1[i])));
            for (i = 0; i < n; ++i) x[i] = 0;
            CHECK_STATUS(la_minres(n, la_linop_mat, &S, pre ? la_linop_jacobi : NULL, pre ? &J : NULL, bs,
                                   x, NULL, NULL, NULL),
                         LA_OK);
            for (i = 0; i < n; ++i) CHECK_LE(fabs(x[i] / (tc / sc) - x1[i]), 1e3 * IT_TOL * (1 + fabs(x1[i])));
        }
        CHECK_STATUS(la_lsqr(n, n, la_linop_mat, la_linop_mat_trans, &S, bs, 0, x, NULL, NULL, NULL), LA_OK);
        for (i = 0; i < n; ++i) CHECK_LE(fabs(x[i] / (tc / sc) - x1[i]), 1e3 * IT_TOL * (1 + fabs(x1[i])));
    }
    tu_free(A.data);
    tu_free(S.data);
}

TEST(iter_cg_finishes_in_distinct_eigenvalue_steps) {
    /* CG's iterate is optimal over the Krylov space: with 5 distinct
     * eigenvalues it is exact after 5 steps (a few more in floating point). */
    la_rng r = la_rng_seed(12);
    la_int n = 90, i;
    double d[90];
    const double vals[5] = {1, 2, 5, 10, 30};
    la_mat A = tu_mat(n, n, 0);
    la_real *b = tu_reals((size_t)n), *x = tu_reals((size_t)n);
    la_iter_opts o;
    la_iter_info info;
    memset(&o, 0, sizeof o);
    o.tol = (la_real)(100 * TU_EPS);
    for (i = 0; i < n; ++i) d[i] = vals[i % 5];
    tu_rand_sym(&r, A, d);
    tu_vec_normal(&r, n, b);
    CHECK_STATUS(la_cg(n, la_linop_mat, &A, b, x, &o, &info, NULL), LA_OK);
    CHECK_LE(info.iterations, 5 + 3);
    CHECK_LE(it_resid(A, LA_NOTRANS, x, b), 1.01 * 100 * TU_EPS * it_norm(n, b));
    tu_free(A.data);
    tu_free(b);
    tu_free(x);
}

TEST(iter_cg_reports_breakdown_on_indefinite) {
    la_rng r = la_rng_seed(13);
    la_int n = 40, i;
    double d[40];
    la_mat A = tu_mat(n, n, 0);
    la_real *b = tu_reals((size_t)n), *x = tu_reals((size_t)n);
    la_iter_info info;
    for (i = 0; i < n; ++i) d[i] = i % 3 == 0 ? -1.0 - i : 1.0 + i;
    tu_rand_sym(&r, A, d);
    tu_vec_normal(&r, n, b);
    CHECK_STATUS(la_cg(n, la_linop_mat, &A, b, x, NULL, &info, NULL), LA_ERR_BREAKDOWN);
    CHECK_INT(info.status, LA_ERR_BREAKDOWN);
    CHECK_LE(info.curvature, 0);
    CHECK(la_vec_isfinite(n, x));
    /* negative definite: breakdown at the first step, x untouched */
    for (i = 0; i < n; ++i) d[i] = -1.0 - i;
    tu_rand_sym(&r, A, d);
    for (i = 0; i < n; ++i) x[i] = 0;
    CHECK_STATUS(la_cg(n, la_linop_mat, &A, b, x, NULL, &info, NULL), LA_ERR_BREAKDOWN);
    CHECK_INT(info.iterations, 0);
    CHECK(it_norm(n, x) == 0);
    tu_free(A.data);
    tu_free(b);
    tu_free(x);
}

TEST(iter_pcg_jacobi_fixes_bad_scaling) {
    /* D A0 D with D spanning 1e3 (1e1 in float): Jacobi restores A0's
     * conditioning, so PCG takes far fewer steps than CG. */
    la_rng r = la_rng_seed(14);
    la_int n = 80, i, j, it_cg, it_pcg;
    la_mat A = tu_mat(n, n, 0);
    la_real *b = tu_reals((size_t)n), *x = tu_reals((size_t)n), *dg = tu_reals((size_t)n);
    double span = LA_REAL_IS_FLOAT ? 1e1 : 1e3;
    la_jacobi J;
    la_iter_opts o;
    la_iter_info info;
    memset(&o, 0, sizeof o);
    o.tol = (la_real)(LA_REAL_IS_FLOAT ? 1e-4 : 1e-10);
    o.max_iter = 5000;
    tu_rand_spd(&r, A, 10);
    for (i = 0; i < n; ++i) {
        double di = pow(span, (double)i / (n - 1));
        for (j = 0; j < n; ++j) {
            double dj = pow(span, (double)j / (n - 1));
            LA_AT(A, i, j) = (la_real)(LA_AT(A, i, j) * di * dj);
        }
        dg[i] = LA_AT(A, i, i);
    }
    tu_vec_normal(&r, n, b);
    J.n = n;
    J.diag = dg;
    CHECK_STATUS(la_cg(n, la_linop_mat, &A, b, x, &o, &info, NULL), LA_OK);
    it_cg = info.iterations;
    for (i = 0; i < n; ++i) x[i] = 0;
    CHECK_STATUS(la_pcg(n, la_linop_mat, &A, la_linop_jacobi, &J, b, x, &o, &info, NULL), LA_OK);
    it_pcg = info.iterations;
    CHECK_LE(it_resid(A, LA_NOTRANS, x, b), 1.01 * o.tol * it_norm(n, b));
    CHECK(2 * it_pcg < it_cg);
    tu_free(A.data);
    tu_free(b);
    tu_free(x);
    tu_free(dg);
}

TEST(iter_cg_errors_and_limits) {
    la_rng r = la_rng_seed(15);
    la_int n = 30, i;
    la_mat A = tu_mat(n, n, 0);
    la_real *b = tu_reals((size_t)n), *x = tu_reals((size_t)n), *dg = tu_reals((size_t)n);
    la_iter_opts o;
    la_iter_info info;
    it_counting c;
    la_jacobi J;
    unsigned char small[64];
    la_arena ar = la_arena_of(small, sizeof small);
    tu_rand_spd(&r, A, 1e3);
    tu_vec_normal(&r, n, b);
    memset(&o, 0, sizeof o);
    /* n = 0 and b = 0 */
    CHECK_STATUS(la_cg(0, la_linop_mat, &A, NULL, NULL, NULL, &info, NULL), LA_OK);
    for (i = 0; i < n; ++i) x[i] = 1;
    CHECK_STATUS(la_cg(n, la_linop_mat, &A, dg, x, NULL, &info, NULL), LA_OK);
    CHECK(it_norm(n, x) == 0);
    /* bad arguments */
    CHECK_STATUS(la_cg(-1, la_linop_mat, &A, b, x, NULL, &info, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_cg(n, NULL, &A, b, x, NULL, &info, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_cg(n, la_linop_mat, &A, NULL, x, NULL, &info, NULL), LA_ERR_ARG);
    o.tol = -1;
    CHECK_STATUS(la_cg(n, la_linop_mat, &A, b, x, &o, &info, NULL), LA_ERR_ARG);
    o.tol = (la_real)NAN;
    CHECK_STATUS(la_cg(n, la_linop_mat, &A, b, x, &o, &info, NULL), LA_ERR_ARG);
    o.tol = 0;
    o.max_iter = -3;
    CHECK_STATUS(la_cg(n, la_linop_mat, &A, b, x, &o, &info, NULL), LA_ERR_ARG);
    CHECK_INT(info.status, LA_ERR_ARG);
    /* iteration limit: x holds the last iterate */
    o.max_iter = 2;
    for (i = 0; i < n; ++i) x[i] = 0;
    CHECK_STATUS(la_cg(n, la_linop_mat, &A, b, x, &o, &info, NULL), LA_ERR_NO_CONVERGENCE);
    CHECK_INT(info.iterations, 2);
    CHECK(info.residual > info.tol);
    /* NaN input, NaN from the operator, abort */
    o.max_iter = 0;
    b[3] = (la_real)NAN;
    CHECK_STATUS(la_cg(n, la_linop_mat, &A, b, x, &o, &info, NULL), LA_ERR_NONFINITE);
    b[3] = 1;
    x[2] = (la_real)INFINITY;
    CHECK_STATUS(la_cg(n, la_linop_mat, &A, b, x, &o, &info, NULL), LA_ERR_NONFINITE);
    x[2] = 0;
    c.A = A;
    c.calls = 0;
    c.abort_at = 4;
    c.nan_at = 0;
    for (i = 0; i < n; ++i) x[i] = 0;
    CHECK_STATUS(la_cg(n, it_counting_op, &c, b, x, &o, &info, NULL), LA_ERR_ABORTED);
    CHECK_INT(c.calls, 4);
    c.calls = 0;
    c.abort_at = 0;
    c.nan_at = 3;
    CHECK_STATUS(la_cg(n, it_counting_op, &c, b, x, &o, &info, NULL), LA_ERR_NONFINITE);
    /* an indefinite preconditioner */
    for (i = 0; i < n; ++i) dg[i] = i == 0 ? -1 : 1;
    J.n = n;
    J.diag = dg;
    for (i = 0; i < n; ++i) x[i] = 0;
    for (i = 0; i < n; ++i) b[i] = i == 0 ? 1 : 0;
    CHECK_STATUS(la_pcg(n, la_linop_mat, &A, la_linop_jacobi, &J, b, x, &o, &info, NULL),
                 LA_ERR_BREAKDOWN);
    /* too small an arena */
    CHECK_STATUS(la_cg(n, la_linop_mat, &A, b, x, &o, &info, &ar), LA_ERR_NOMEM);
    CHECK_INT(ar.used, 0);
    tu_free(A.data);
    tu_free(b);
    tu_free(x);
    tu_free(dg);
}

TEST(iter_minres_solves_indefinite_systems) {
    la_rng r = la_rng_seed(21);
    la_int sizes[3] = {1, 25, 100}, t, i;
    for (t = 0; t < 3; ++t) {
        la_int n = sizes[t];
        double *d = (double *)calloc((size_t)n, sizeof(double));
        la_mat A = tu_mat(n, n, 0);
        la_real *b = tu_reals((size_t)n), *x = tu_reals((size_t)n), *xt = tu_reals((size_t)n);
        la_iter_opts o;
        la_iter_info info;
        memset(&o, 0, sizeof o);
        o.tol = (la_real)IT_TOL;
        o.max_iter = 50 * n;
        for (i = 0; i < n; ++i)
            d[i] = (i % 2 ? -1 : 1) * pow(MR_KAPPA, -(double)i / (n > 1 ? n - 1 : 1));
        tu_rand_sym(&r, A, d);
        tu_vec_normal(&r, n, xt);
        it_matvec(A, xt, b);
        CHECK_STATUS(la_minres(n, la_linop_mat, &A, NULL, NULL, b, x, &o, &info, NULL), LA_OK);
        CHECK_LE(it_resid(A, LA_NOTRANS, x, b), 10 * IT_TOL * it_norm(n, b));
        CHECK_LE(it_diff(n, x, xt), 20 * MR_KAPPA * IT_TOL * it_norm(n, xt));
        CHECK(info.anorm > 0);
        /* CG breaks down on the same system */
        for (i = 0; i < n; ++i) x[i] = 0;
        if (n > 1)
            CHECK_STATUS(la_cg(n, la_linop_mat, &A, b, x, &o, &info, NULL), LA_ERR_BREAKDOWN);
        free(d);
        tu_free(A.data);
        tu_free(b);
        tu_free(x);
        tu_free(xt);
    }
}

TEST(iter_minres_singular_least_squares_and_precond) {
    /* A singular (a zero eigenvalue), b with a component in its null space:
     * MINRES stops on ||A r|| small, the least-squares solution. */
    la_rng r = la_rng_seed(22);
    la_int n = 40, i;
    double d[40];
    la_mat A = tu_mat(n, n, 0);
    la_real *b = tu_reals((size_t)n), *x = tu_reals((size_t)n), *ar = tu_reals((size_t)n),
            *res = tu_reals((size_t)n), *dg = tu_reals((size_t)n);
    la_jacobi J;
    la_iter_opts o;
    la_iter_info info;
    memset(&o, 0, sizeof o);
    o.tol = (la_real)(LA_REAL_IS_FLOAT ? 1e-3 : 1e-8);
    for (i = 0; i < n; ++i) d[i] = i == 0 ? 0 : (i % 2 ? 1.0 + i : -1.0 - i);
    tu_rand_sym(&r, A, d);
    tu_vec_normal(&r, n, b);
    CHECK_STATUS(la_minres(n, la_linop_mat, &A, NULL, NULL, b, x, &o, &info, NULL), LA_OK);
    CHECK_LE(info.normal_residual, o.tol);
    it_matvec(A, x, res);
    for (i = 0; i < n; ++i) res[i] = b[i] - res[i];
    it_matvec(A, res, ar);
    CHECK_LE(it_norm(n, ar), 100 * o.tol * tu_fro(A) * it_norm(n, res));
    CHECK(it_norm(n, res) > 0.01 * it_norm(n, b)); /* inconsistent: r stays */
    /* Jacobi-preconditioned on a badly scaled SPD system */
    tu_rand_spd(&r, A, 10);
    for (i = 0; i < n; ++i) {
        la_int j;
        for (j = 0; j < n; ++j)
            LA_AT(A, i, j) = (la_real)(LA_AT(A, i, j) * (1.0 + i) * (1.0 + j));
        dg[i] = LA_AT(A, i, i);
    }
    J.n = n;
    J.diag = dg;
    for (i = 0; i < n; ++i) x[i] = 0;
    CHECK_STATUS(la_minres(n, la_linop_mat, &A, la_linop_jacobi, &J, b, x, &o, &info, NULL),
                 LA_OK);
    CHECK_LE(it_resid(A, LA_NOTRANS, x, b), 1e3 * o.tol * it_norm(n, b));
    /* errors */
    o.max_iter = 1;
    for (i = 0; i < n; ++i) x[i] = 0;
    CHECK_STATUS(la_minres(n, la_linop_mat, &A, NULL, NULL, b, x, &o, &info, NULL),
                 LA_ERR_NO_CONVERGENCE);
    o.max_iter = 0;
    dg[0] = -1;
    CHECK_STATUS(la_minres(n, la_linop_mat, &A, la_linop_jacobi, &J, b, x, &o, &info, NULL),
                 LA_ERR_BREAKDOWN);
    b[0] = (la_real)NAN;
    CHECK_STATUS(la_minres(n, la_linop_mat, &A, NULL, NULL, b, x, &o, &info, NULL),
                 LA_ERR_NONFINITE);
    CHECK_STATUS(la_minres(n, NULL, &A, NULL, NULL, b, x, &o, &info, NULL), LA_ERR_ARG);
    tu_free(A.data);
    tu_free(b);
    tu_free(x);
    tu_free(ar);
    tu_free(res);
    tu_free(dg);
}

TEST(iter_lsqr_least_squares) {
    la_rng r = la_rng_seed(31);
    la_int shapes[4][2] = {{1, 1}, {60, 25}, {25, 60}, {90, 90}}, t, i;
    for (t = 0; t < 4; ++t) {
        la_int m = shapes[t][0], n = shapes[t][1];
        la_mat A = tu_mat(m, n, n + 3);
        la_real *b = tu_reals((size_t)m), *x = tu_reals((size_t)n), *xt = tu_reals((size_t)n),
                *res = tu_reals((size_t)m), *g = tu_reals((size_t)n);
        la_iter_opts o;
        la_iter_info info;
        memset(&o, 0, sizeof o);
        o.tol = (la_real)IT_TOL;
        o.max_iter = 50 * (m > n ? m : n);
        tu_rand_cond(&r, A, MR_KAPPA);
        /* consistent: b = A xt */
        tu_vec_normal(&r, n, xt);
        it_matvec(A, xt, b);
        CHECK_STATUS(la_lsqr(m, n, la_linop_mat, la_linop_mat_trans, &A, b, 0, x, &o, &info, NULL),
                     LA_OK);
        CHECK_LE(it_resid(A, LA_NOTRANS, x, b), 10 * IT_TOL * (it_norm(m, b) + tu_fro(A) * it_norm(n, x)));
        if (m >= n) /* unique solution */
            CHECK_LE(it_diff(n, x, xt), 100 * MR_KAPPA * IT_TOL * it_norm(n, xt));
        /* inconsistent: optimality A^T (b - A x) = 0 */
        tu_vec_normal(&r, m, b);
        CHECK_STATUS(la_lsqr(m, n, la_linop_mat, la_linop_mat_trans, &A, b, 0, x, &o, &info, NULL),
                     LA_OK);
        it_matvec(A, x, res);
        for (i = 0; i < m; ++i) res[i] = b[i] - res[i];
        {
            la_mat At = tu_mat(n, m, 0);
            la_mat_transpose(A, At);
            it_matvec(At, res, g);
            CHECK_LE(it_norm(n, g), 10 * IT_TOL * tu_fro(A) * (it_norm(m, res) + tu_fro(A) * it_norm(n, x)));
            tu_free(At.data);
        }
        CHECK(info.acond >= 1 || m * n == 1);
        tu_free(A.data);
        tu_free(b);
        tu_free(x);
        tu_free(xt);
        tu_free(res);
        tu_free(g);
    }
}

TEST(iter_lsqr_damped_and_errors) {
    /* damped: (A^T A + damp^2 I) x = A^T b */
    la_rng r = la_rng_seed(32);
    la_int m = 50, n = 20, i, j;
    la_mat A = tu_mat(m, n, 0);
    la_real *b = tu_reals((size_t)m), *x = tu_reals((size_t)n), *res = tu_reals((size_t)m);
    la_real damp = (la_real)0.3;
    la_iter_opts o;
    la_iter_info info;
    it_counting c;
    memset(&o, 0, sizeof o);
    o.tol = (la_real)IT_TOL;
    tu_fill_normal(&r, A);
    tu_vec_normal(&r, m, b);
    CHECK_STATUS(la_lsqr(m, n, la_linop_mat, la_linop_mat_trans, &A, b, damp, x, &o, &info, NULL),
                 LA_OK);
    it_matvec(A, x, res);
    for (i = 0; i < m; ++i) res[i] = b[i] - res[i];
    {
        double g2 = 0;
        for (j = 0; j < n; ++j) {
            long double s = -(long double)damp * damp * x[j];
            for (i = 0; i < m; ++i) s += (long double)LA_AT(A, i, j) * res[i];
            g2 += (double)(s * s);
        }
        CHECK_LE(sqrt(g2), 10 * IT_TOL * tu_fro(A) * tu_fro(A) * it_norm(n, x) + 10 * IT_TOL * tu_fro(A) * it_norm(m, b));
    }
    /* b = 0, shapes 0 */
    for (i = 0; i < m; ++i) res[i] = 0;
    CHECK_STATUS(la_lsqr(m, n, la_linop_mat, la_linop_mat_trans, &A, res, 0, x, &o, &info, NULL),
                 LA_OK);
    CHECK(it_norm(n, x) == 0);
    CHECK_STATUS(la_lsqr(0, 0, la_linop_mat, la_linop_mat_trans, &A, NULL, 0, NULL, &o, &info, NULL),
                 LA_OK);
    CHECK_STATUS(la_lsqr(m, n, la_linop_mat, la_linop_mat_trans, &A, b, -1, x, &o, &info, NULL),
                 LA_ERR_ARG);
    CHECK_STATUS(la_lsqr(m, n, la_linop_mat, NULL, &A, b, 0, x, &o, &info, NULL), LA_ERR_ARG);
    o.max_iter = 2;
    CHECK_STATUS(la_lsqr(m, n, la_linop_mat, la_linop_mat_trans, &A, b, 0, x, &o, &info, NULL),
                 LA_ERR_NO_CONVERGENCE);
    CHECK_INT(info.iterations, 2);
    o.max_iter = 0;
    c.A = A;
    c.calls = 0;
    c.abort_at = 3;
    c.nan_at = 0;
    CHECK_STATUS(la_lsqr(m, n, it_counting_op, la_linop_mat_trans, &c, b, 0, x, &o, &info, NULL),
                 LA_ERR_ABORTED);
    b[1] = (la_real)INFINITY;
    CHECK_STATUS(la_lsqr(m, n, la_linop_mat, la_linop_mat_trans, &A, b, 0, x, &o, &info, NULL),
                 LA_ERR_NONFINITE);
    tu_free(A.data);
    tu_free(b);
    tu_free(x);
    tu_free(res);
}

TEST(iter_power_and_hutchinson_at_extreme_scales) {
    /* s [[3, 1, 0], [1, 2, 1], [0, 1, 1]] (lambda_max = 2 + sqrt 3) for
     * s = 2^+-600 (2^+-60 in float): the power iteration's residual was a
     * plain sum of squares, 0 at 2^-600 (LA_OK at the start, lambda wrong)
     * and Inf at 2^600 (no convergence); Hutchinson's standard error (same
     * seed, so the same probes) came out 0 or Inf, and must be s times
     * that at s = 1. */
    const int es[2] = {LA_REAL_IS_FLOAT ? -60 : -600, LA_REAL_IS_FLOAT ? 60 : 600};
    const la_real a1[9] = {3, 1, 0, 1, 2, 1, 0, 1, 1};
    la_real tr1 = 0, se1 = 0;
    la_mat A1 = la_mat_of(3, 3, (la_real *)a1);
    int k;
    CHECK_STATUS(la_hutchinson_trace(3, la_linop_mat, &A1, 8, &tr1, &se1, NULL, NULL), LA_OK);
    CHECK(se1 > 0);
    for (k = 0; k < 2; ++k) {
        double sc = ldexp(1, es[k]);
        la_real a[9], v[3] = {0, 0, 0}, lam = 0, tr = 0, se = 0;
        la_mat A = la_mat_of(3, 3, a);
        la_int i;
        for (i = 0; i < 9; ++i) a[i] = (la_real)(sc * a1[i]);
        CHECK_STATUS(la_power_iter(3, la_linop_mat, &A, &lam, v, NULL, NULL, NULL), LA_OK);
        CHECK_LE(fabs(lam / sc - (2 + sqrt(3.0))), 1e3 * TU_EPS);
        CHECK_STATUS(la_hutchinson_trace(3, la_linop_mat, &A, 8, &tr, &se, NULL, NULL), LA_OK);
        CHECK_LE(fabs(tr / sc - tr1), 4 * TU_EPS * fabs(tr1));
        CHECK_LE(fabs(se / sc - se1), 4 * TU_EPS * se1);
    }
}

TEST(iter_power_iteration_dominant_pair) {
    la_rng r = la_rng_seed(41);
    la_int n = 50, i;
    double d[50];
    la_mat A = tu_mat(n, n, 0);
    la_real *v = tu_reals((size_t)n), *av = tu_reals((size_t)n), lam = 0;
    la_iter_opts o;
    la_iter_info info;
    memset(&o, 0, sizeof o);
    o.tol = (la_real)(LA_REAL_IS_FLOAT ? 1e-4 : 1e-10);
    o.seed = 7;
    for (i = 0; i < n; ++i) d[i] = 1.0 + i * (5.0 / n);
    d[n - 1] = -10; /* dominant and negative; next is about 6 */
    tu_rand_sym(&r, A, d);
    CHECK_STATUS(la_power_iter(n, la_linop_mat, &A, &lam, v, &o, &info, NULL), LA_OK);
    CHECK_NEAR(lam, -10, 10 * 10 * o.tol);
    CHECK_NEAR(it_norm(n, v), 1, 10 * TU_EPS);
    it_matvec(A, v, av);
    for (i = 0; i < n; ++i) av[i] -= lam * v[i];
    CHECK_LE(it_norm(n, av), 1.01 * o.tol * 10);
    /* the same seed gives the same answer; a bad limit is reported */
    {
        la_real lam2 = 0, *v2 = tu_reals((size_t)n);
        CHECK_STATUS(la_power_iter(n, la_linop_mat, &A, &lam2, v2, &o, &info, NULL), LA_OK);
        CHECK(lam2 == lam && it_diff(n, v, v2) == 0);
        for (i = 0; i < n; ++i) v2[i] = 0;
        o.max_iter = 2;
        CHECK_STATUS(la_power_iter(n, la_linop_mat, &A, &lam2, v2, &o, &info, NULL),
                     LA_ERR_NO_CONVERGENCE);
        tu_free(v2);
    }
    /* zero operator: eigenvalue 0 */
    la_mat_set(A, 0, 0);
    CHECK_STATUS(la_power_iter(n, la_linop_mat, &A, &lam, v, &o, &info, NULL), LA_OK);
    CHECK(lam == 0);
    CHECK_STATUS(la_power_iter(n, la_linop_mat, &A, NULL, v, &o, &info, NULL), LA_ERR_ARG);
    tu_free(A.data);
    tu_free(v);
    tu_free(av);
}

TEST(iter_hutchinson_trace_and_diagonal) {
    la_rng r = la_rng_seed(51);
    la_int n = 60, probes = 400, i, j;
    la_mat A = tu_mat(n, n, 0);
    la_real tr = 0, se = 0, *dg = tu_reals((size_t)n);
    double exact = 0, se_theory = 0;
    la_iter_opts o;
    memset(&o, 0, sizeof o);
    o.seed = 123;
    tu_fill_normal(&r, A);
    for (i = 0; i < n; ++i) {
        LA_AT(A, i, i) += 5;
        exact += LA_AT(A, i, i);
    }
    /* Var(z^T A z) = 2 sum_{i != j} ((A_ij + A_ji)/2)^2 for Rademacher z */
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j)
            if (i != j) {
                double s = 0.5 * (LA_AT(A, i, j) + LA_AT(A, j, i));
                se_theory += 2 * s * s;
            }
    se_theory = sqrt(se_theory / probes);
    CHECK_STATUS(la_hutchinson_trace(n, la_linop_mat, &A, probes, &tr, &se, &o, NULL), LA_OK);
    CHECK_LE(fabs(tr - exact), 4 * se_theory);
    CHECK(se > 0.7 * se_theory && se < 1.3 * se_theory);
    /* diagonal: each entry within 5 standard deviations */
    CHECK_STATUS(la_hutchinson_diag(n, la_linop_mat, &A, probes, dg, &o, NULL), LA_OK);
    for (i = 0; i < n; ++i) {
        double v = 0;
        for (j = 0; j < n; ++j)
            if (j != i) v += (double)LA_AT(A, i, j) * LA_AT(A, i, j);
        CHECK_LE(fabs(dg[i] - LA_AT(A, i, i)), 5 * sqrt(v / probes) + 1e2 * TU_EPS);
    }
    /* exact on diagonal matrices; reproducible by seed */
    la_mat_set(A, 0, 0);
    for (i = 0; i < n; ++i) LA_AT(A, i, i) = (la_real)(i + 1);
    CHECK_STATUS(la_hutchinson_trace(n, la_linop_mat, &A, 3, &tr, &se, &o, NULL), LA_OK);
    CHECK_NEAR(tr, n * (n + 1) / 2, 1e2 * TU_EPS * n * n);
    CHECK_NEAR(se, 0, 1e2 * TU_EPS * n * n);
    CHECK_STATUS(la_hutchinson_diag(n, la_linop_mat, &A, 1, dg, &o, NULL), LA_OK);
    for (i = 0; i < n; ++i) CHECK(dg[i] == i + 1);
    CHECK_STATUS(la_hutchinson_trace(n, la_linop_mat, &A, 0, &tr, &se, &o, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_hutchinson_diag(n, la_linop_mat, &A, 4, NULL, &o, NULL), LA_ERR_ARG);
    tu_free(A.data);
    tu_free(dg);
}

TEST(iter_chebyshev_iteration_and_preconditioner) {
    la_rng r = la_rng_seed(61);
    la_int n = 70, i, it_cg, it_pcg;
    double d[70];
    la_mat A = tu_mat(n, n, 0);
    la_real *b = tu_reals((size_t)n), *x = tu_reals((size_t)n), *work = tu_reals(3 * (size_t)n);
    la_iter_opts o;
    la_iter_info info;
    la_cheb_prec P;
    memset(&o, 0, sizeof o);
    o.tol = (la_real)(LA_REAL_IS_FLOAT ? 1e-4 : 1e-10);
    for (i = 0; i < n; ++i) d[i] = 1 + 999.0 * i / (n - 1);
    tu_rand_sym(&r, A, d);
    tu_vec_normal(&r, n, b);
    CHECK_STATUS(la_chebyshev(n, la_linop_mat, &A, 1, 1000, b, x, &o, &info, NULL), LA_OK);
    CHECK_LE(it_resid(A, LA_NOTRANS, x, b), 1.01 * o.tol * it_norm(n, b));
    /* rate: (sqrt(k)-1)/(sqrt(k)+1) per step, k = 1000 */
    CHECK_LE(info.iterations, (la_int)(log(2 / o.tol) / -log((sqrt(1e3) - 1) / (sqrt(1e3) + 1))) + 2);
    /* wrong bounds: no convergence (the upper bound too small diverges) */
    o.max_iter = 200;
    for (i = 0; i < n; ++i) x[i] = 0;
    {
        la_status st = la_chebyshev(n, la_linop_mat, &A, 1, 400, b, x, &o, &info, NULL);
        CHECK(st == LA_ERR_NO_CONVERGENCE || st == LA_ERR_NONFINITE);
    }
    o.max_iter = 0;
    CHECK_STATUS(la_chebyshev(n, la_linop_mat, &A, 0, 10, b, x, &o, &info, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_chebyshev(n, la_linop_mat, &A, 5, 5, b, x, &o, &info, NULL), LA_ERR_ARG);
    /* As a preconditioner of degree 16 on a diagonal operator of order 2000
     * with spectrum [1, 1e4]: 1 - t p(t) is the scaled Chebyshev polynomial
     * (|.| <= 1 / T_17(sigma)), and PCG needs several times fewer steps. */
    {
        la_int nd = 2000;
        la_real *dd = tu_reals((size_t)nd), *bd = tu_reals((size_t)nd),
                *xd = tu_reals((size_t)nd), *wd = tu_reals(3 * (size_t)nd);
        la_jacobi D; /* y = x ./ (1 ./ d): the diagonal operator */
        double sigma = (1e4 + 1) / (1e4 - 1), bound = 1 / cosh(17 * acosh(sigma));
        for (i = 0; i < nd; ++i) {
            dd[i] = (la_real)(1 / (1 + (1e4 - 1) * i / (nd - 1.0)));
            bd[i] = 1;
        }
        D.n = nd;
        D.diag = dd;
        CHECK_STATUS(la_cheb_prec_init(&P, nd, la_linop_jacobi, &D, 16, 1, 1e4, wd), LA_OK);
        CHECK(la_linop_chebyshev(bd, xd, &P) == 0);
        for (i = 0; i < nd; ++i)
            CHECK_LE(fabs(1 - xd[i] / dd[i]), bound * (1 + 1e3 * TU_EPS) + 1e3 * TU_EPS);
        tu_vec_normal(&r, nd, bd);
        for (i = 0; i < nd; ++i) xd[i] = 0;
        CHECK_STATUS(la_cg(nd, la_linop_jacobi, &D, bd, xd, &o, &info, NULL), LA_OK);
        it_cg = info.iterations;
        for (i = 0; i < nd; ++i) xd[i] = 0;
        CHECK_STATUS(la_pcg(nd, la_linop_jacobi, &D, la_linop_chebyshev, &P, bd, xd, &o, &info, NULL),
                     LA_OK);
        it_pcg = info.iterations;
        CHECK(3 * it_pcg < it_cg);
        for (i = 0; i < nd; ++i) xd[i] = xd[i] / dd[i] - bd[i]; /* residual */
        CHECK_LE(it_norm(nd, xd), 1.01 * o.tol * it_norm(nd, bd));
        tu_free(dd);
        tu_free(bd);
        tu_free(xd);
        tu_free(wd);
    }
    CHECK_STATUS(la_cheb_prec_init(&P, n, la_linop_mat, &A, -1, 1, 1000, work), LA_ERR_ARG);
    CHECK_STATUS(la_cheb_prec_init(&P, n, la_linop_mat, &A, 2, 1, 1000, NULL), LA_ERR_ARG);
    tu_free(A.data);
    tu_free(b);
    tu_free(x);
    tu_free(work);
}

TEST(iter_lanczos_extreme_eigenpairs) {
    la_rng r = la_rng_seed(71);
    const la_int sizes[3] = {5, 30, 300};
    la_int t, i, j, c;
    for (t = 0; t < 3; ++t) {
        la_int n = sizes[t], k = n < 10 ? 2 : 6;
        double *d = (double *)calloc((size_t)n, sizeof(double));
        la_mat A = tu_mat(n, n, 0), V = tu_mat(n, k, 0);
        la_real *w = tu_reals((size_t)k), *av = tu_reals((size_t)n), *v = tu_reals((size_t)n);
        la_iter_opts o;
        la_iter_info info;
        const la_which ends[2] = {LA_SMALLEST, LA_LARGEST};
        memset(&o, 0, sizeof o);
        o.seed = 5;
        /* spectrum: 1..n with a close pair at the top (gap 1e-3) and an
         * isolated negative value at the bottom */
        for (i = 0; i < n; ++i) d[i] = 1.0 + i;
        d[n - 2] = d[n - 1] - 1e-3;
        d[0] = -20;
        tu_rand_sym(&r, A, d);
        for (c = 0; c < 2; ++c) {
            CHECK_STATUS(la_lanczos(n, la_linop_mat, &A, k, ends[c], w, V, &o, &info, NULL), LA_OK);
            CHECK_LE(info.residual, info.tol);
            for (j = 0; j < k; ++j) {
                double exact = ends[c] == LA_LARGEST ? d[n - k + j] : (j == 0 ? -20 : d[j]);
                if (ends[c] == LA_SMALLEST && j > 0) exact = d[j];
                /* eigenvalue error <= residual^2 / gap + rounding */
                CHECK_NEAR(w[j], exact, 1e3 * n * TU_EPS * n + 1e3 * info.tol * info.tol * n);
                for (i = 0; i < n; ++i) v[i] = LA_AT(V, i, j);
                it_matvec(A, v, av);
                for (i = 0; i < n; ++i) av[i] -= w[j] * v[i];
                CHECK_LE(it_norm(n, av), 1.01 * info.tol * n + 100 * n * TU_EPS * n);
            }
            CHECK_LE(tu_orth_error(V), 100 * n * TU_EPS);
            for (j = 1; j < k; ++j) CHECK(w[j - 1] <= w[j]);
        }
        /* values only; errors */
        CHECK_STATUS(la_lanczos(n, la_linop_mat, &A, k, LA_LARGEST, w, la_mat_of(0, 0, NULL), &o,
                                &info, NULL),
                     LA_OK);
        CHECK_NEAR(w[k - 1], d[n - 1], 1e3 * n * TU_EPS * n + 1e3 * info.tol * info.tol * n);
        CHECK_STATUS(la_lanczos(n, la_linop_mat, &A, n + 1, LA_LARGEST, w, V, &o, &info, NULL),
                     LA_ERR_ARG);
        CHECK_STATUS(la_lanczos(n, la_linop_mat, &A, 0, LA_LARGEST, w, V, &o, &info, NULL),
                     LA_ERR_ARG);
        CHECK_STATUS(la_lanczos(n, la_linop_mat, &A, k, LA_LARGEST, w, la_mat_of(n, k + 1, V.data),
                                &o, &info, NULL),
                     LA_ERR_DIM);
        if (n == 300) {
            /* one cycle is not enough for the interior of a uniform spectrum */
            o.max_iter = 1;
            CHECK_STATUS(la_lanczos(n, la_linop_mat, &A, k, LA_SMALLEST, w, V, &o, &info, NULL),
                         LA_ERR_NO_CONVERGENCE);
            CHECK(info.residual > info.tol);
        }
        free(d);
        tu_free(A.data);
        tu_free(V.data);
        tu_free(w);
        tu_free(av);
        tu_free(v);
    }
}

TEST(iter_spectral_bounds_bracket_the_spectrum) {
    la_rng r = la_rng_seed(72);
    la_int n = 200, i;
    double d[200];
    la_mat A = tu_mat(n, n, 0);
    la_real lmin = 0, lmax = 0;
    for (i = 0; i < n; ++i) d[i] = pow(1e3, (double)i / (n - 1));
    tu_rand_sym(&r, A, d);
    CHECK_STATUS(la_spectral_bounds(n, la_linop_mat, &A, 0, &lmin, &lmax, NULL, NULL), LA_OK);
    CHECK(lmax >= 1e3 * (1 - 1e3 * TU_EPS) && lmax <= 1.5e3);
    CHECK(lmin >= 1 - 1e3 * TU_EPS && lmin <= 5); /* a Ritz value: above lambda_min */
    CHECK_STATUS(la_spectral_bounds(n, la_linop_mat, &A, 0, NULL, &lmax, NULL, NULL), LA_ERR_ARG);
    tu_free(A.data);
}

TEST(iter_spectral_bounds_at_extreme_scales) {
    /* The same spectrum scaled by 2^520 and 2^-540 (2^+-100 in float): the
     * squares of the Lanczos tridiagonal's off-diagonal overflow, or fall
     * among the subnormals (before the bisection scaled the tridiagonal,
     * 2^520 gave wrong bounds); the bounds must scale with the matrix. */
    la_rng r = la_rng_seed(73);
    la_int n = 60, i, c;
    double d[60];
    const double scales[2] = {ldexp(1, LA_REAL_IS_FLOAT ? 100 : 520),
                              ldexp(1, LA_REAL_IS_FLOAT ? -100 : -540)};
    la_mat A = tu_mat(n, n, 0);
    for (c = 0; c < 2; ++c) {
        la_real lmin = 0, lmax = 0;
        for (i = 0; i < n; ++i) d[i] = scales[c] * pow(1e3, (double)i / (n - 1));
        tu_rand_sym(&r, A, d);
        CHECK_STATUS(la_spectral_bounds(n, la_linop_mat, &A, 0, &lmin, &lmax, NULL, NULL), LA_OK);
        CHECK(lmax / scales[c] >= 1e3 * (1 - 1e3 * TU_EPS) && lmax / scales[c] <= 1.5e3);
        CHECK(lmin / scales[c] >= 1 - 1e3 * TU_EPS && lmin / scales[c] <= 5);
    }
    tu_free(A.data);
}

/* A counted operator pair for the column-by-column path. */
static int it_trans_op(const la_real *x, la_real *y, void *ctx) {
    it_counting *c = (it_counting *)ctx;
    ++c->calls;
    la_gemv(LA_TRANS, 1, c->A, x, 0, y);
    return 0;
}

TEST(iter_randomized_svd_near_optimal) {
    la_rng r = la_rng_seed(81);
    la_int m = 120, n = 80, k = 10, i, j, p;
    la_mat A = tu_mat(m, n, 0), U = tu_mat(m, k, 0), Vt = tu_mat(k, n, 0), R = tu_mat(m, n, 0),
           Q = tu_mat(m, k + 5, 0);
    la_real *s = tu_reals((size_t)k), *sv = tu_reals((size_t)n);
    double tail = 0, err;
    it_counting c;
    la_iter_opts o;
    memset(&o, 0, sizeof o);
    o.seed = 99;
    /* singular values log-spaced from 1 to 1e-6 */
    tu_rand_cond(&r, A, 1e6);
    for (i = 0; i < n; ++i) sv[i] = (la_real)pow(1e6, -(double)i / (n - 1));
    for (i = k; i < n; ++i) tail += (double)sv[i] * sv[i];
    tail = sqrt(tail);
    CHECK_STATUS(la_rand_svd(m, n, la_linop_mat, la_linop_mat_trans, &A, k, 10, 1, s, U, Vt, &o, NULL),
                 LA_OK);
    /* HMT: relative error about (sigma_l / sigma_i)^(2 (2q + 1)), l = k + 10, q = 1 */
    for (i = 0; i < k; ++i)
        CHECK_NEAR(s[i], sv[i], 10 * sv[i] * pow(sv[k + 10] / sv[i], 6) + 1e3 * TU_EPS * sv[0]);
    CHECK_LE(tu_orth_error(U), 100 * m * TU_EPS);
    /* residual A - U S Vt against the optimal tail */
    for (i = 0; i < m; ++i)
        for (j = 0; j < n; ++j) {
            long double t = LA_AT(A, i, j);
            for (p = 0; p < k; ++p) t -= (long double)LA_AT(U, i, p) * s[p] * LA_AT(Vt, p, j);
            LA_AT(R, i, j) = (la_real)t;
        }
    err = tu_fro(R);
    CHECK_LE(err, 2 * tail + 100 * m * TU_EPS);
    /* the same through callbacks, column by column: same result for the seed */
    {
        la_real *s2 = tu_reals((size_t)k);
        c.A = A;
        c.calls = 0;
        c.abort_at = 0;
        c.nan_at = 0;
        CHECK_STATUS(la_rand_svd(m, n, it_counting_op, it_trans_op, &c, k, 10, 1, s2,
                                 la_mat_of(0, 0, NULL), la_mat_of(0, 0, NULL), &o, NULL),
                     LA_OK);
        CHECK_INT(c.calls, 4 * (k + 10));
        for (i = 0; i < k; ++i) CHECK_NEAR(s2[i], s[i], 1e3 * TU_EPS * s[0]);
        tu_free(s2);
    }
    /* range finder: Q orthonormal, A nearly inside its span */
    CHECK_STATUS(la_rand_range(m, n, la_linop_mat, la_linop_mat_trans, &A, 2, Q, &o, NULL), LA_OK);
    CHECK_LE(tu_orth_error(Q), 100 * m * TU_EPS);
    /* errors */
    CHECK_STATUS(la_rand_svd(m, n, la_linop_mat, la_linop_mat_trans, &A, 0, 10, 1, s, U, Vt, &o, NULL),
                 LA_ERR_ARG);
    CHECK_STATUS(la_rand_svd(m, n, la_linop_mat, la_linop_mat_trans, &A, k, -1, 1, s, U, Vt, &o, NULL),
                 LA_ERR_ARG);
    CHECK_STATUS(la_rand_svd(m, n, la_linop_mat, la_linop_mat_trans, &A, k, 5, 0, s,
                             la_mat_of(m, k + 1, U.data), Vt, &o, NULL),
                 LA_ERR_DIM);
    CHECK_STATUS(la_rand_range(m, n, la_linop_mat, la_linop_mat_trans, &A, 0,
                               la_mat_of(m, n + 1, NULL), &o, NULL),
                 LA_ERR_ARG);
    /* exact low rank: recovered to rounding */
    {
        la_mat G = tu_mat(m, 4, 0), H = tu_mat(4, n, 0);
        tu_fill_normal(&r, G);
        tu_fill_normal(&r, H);
        tu_ref_gemm(LA_NOTRANS, LA_NOTRANS, 1, G, H, 0, A);
        CHECK_STATUS(la_rand_svd(m, n, la_linop_mat, la_linop_mat_trans, &A, 4, 4, 0, s,
                                 la_mat_of(m, 4, U.data), la_mat_of(4, n, Vt.data), &o, NULL),
                     LA_OK);
        for (i = 0; i < m; ++i)
            for (j = 0; j < n; ++j) {
                long double t = LA_AT(A, i, j);
                for (p = 0; p < 4; ++p) t -= (long double)U.data[i * 4 + p] * s[p] * Vt.data[p * n + j];
                LA_AT(R, i, j) = (la_real)t;
            }
        CHECK_LE(tu_fro(R), 1e3 * m * TU_EPS * tu_fro(A));
        tu_free(G.data);
        tu_free(H.data);
    }
    tu_free(A.data);
    tu_free(U.data);
    tu_free(Vt.data);
    tu_free(R.data);
    tu_free(Q.data);
    tu_free(s);
    tu_free(sv);
}

/* Options are checked by every iterative method alike: a negative or NaN
 * tolerance or a negative iteration limit is LA_ERR_ARG (info->status too),
 * before anything is written. */
TEST(iter_options_checked_by_every_method) {
    la_rng r = la_rng_seed(73);
    const la_int n = 12;
    la_mat A = tu_mat(n, n, 0), Q = tu_mat(n, 4, 0), U = tu_mat(n, 3, 0), Vt = tu_mat(3, n, 0);
    la_real b[12], x[12], v[12], w[3], s[3], lam = 5, tr;
    la_iter_opts o;
    la_iter_info info;
    la_int i;
    int t;
    tu_rand_spd(&r, A, 10);
    for (i = 0; i < n; ++i) b[i] = 1;
    for (t = 0; t < 3; ++t) {
        memset(&o, 0, sizeof o);
        if (t == 0) o.tol = -1;
        if (t == 1) o.tol = (la_real)NAN;
        if (t == 2) o.max_iter = -1;
        for (i = 0; i < n; ++i) x[i] = v[i] = 7;
        CHECK_STATUS(la_minres(n, la_linop_mat, &A, NULL, NULL, b, x, &o, &info, NULL), LA_ERR_ARG);
        CHECK_INT(info.status, LA_ERR_ARG);
        CHECK_STATUS(la_lsqr(n, n, la_linop_mat, la_linop_mat_trans, &A, b, 0, x, &o, &info, NULL),
                     LA_ERR_ARG);
        CHECK_INT(info.status, LA_ERR_ARG);
        CHECK_STATUS(la_power_iter(n, la_linop_mat, &A, &lam, v, &o, &info, NULL), LA_ERR_ARG);
        CHECK_INT(info.status, LA_ERR_ARG);
        CHECK_STATUS(la_chebyshev(n, la_linop_mat, &A, (la_real)0.5, 20, b, x, &o, &info, NULL),
                     LA_ERR_ARG);
        CHECK_INT(info.status, LA_ERR_ARG);
        CHECK_STATUS(la_lanczos(n, la_linop_mat, &A, 3, LA_LARGEST, w, la_mat_of(n, 3, U.data), &o, &info,
                                NULL),
                     LA_ERR_ARG);
        CHECK_INT(info.status, LA_ERR_ARG);
        CHECK_STATUS(la_hutchinson_trace(n, la_linop_mat, &A, 4, &tr, NULL, &o, NULL), LA_ERR_ARG);
        CHECK_STATUS(la_rand_range(n, n, la_linop_mat, la_linop_mat_trans, &A, 1, Q, &o, NULL), LA_ERR_ARG);
        CHECK_STATUS(la_rand_svd(n, n, la_linop_mat, la_linop_mat_trans, &A, 3, 2, 1, s, U, Vt, &o, NULL),
                     LA_ERR_ARG);
        for (i = 0; i < n; ++i) CHECK(x[i] == 7 && v[i] == 7);
        CHECK(lam == 5);
    }
    tu_free(A.data);
    tu_free(Q.data);
    tu_free(U.data);
    tu_free(Vt.data);
}

/* A spectrum of three distinct values (multiplicities 3, 10, 17): the
 * Krylov space of one start vector is invariant after 3 steps, and Lanczos
 * continues from fresh random directions orthogonal to the basis, so the
 * three copies of the smallest eigenvalue are all found, with orthonormal
 * vectors. */
TEST(iter_lanczos_past_an_invariant_subspace) {
    la_rng r = la_rng_seed(74);
    const la_int n = 30, k = 3;
    double d[30];
    la_mat A = tu_mat(n, n, 0), V = tu_mat(n, k, 0);
    la_real w[3], v[30], av[30];
    la_iter_opts o;
    la_iter_info info;
    la_int i, j;
    for (i = 0; i < n; ++i) d[i] = i < 3 ? 1 : i < 13 ? 2 : 5;
    tu_rand_sym(&r, A, d);
    memset(&o, 0, sizeof o);
    o.seed = 9;
    CHECK_STATUS(la_lanczos(n, la_linop_mat, &A, k, LA_SMALLEST, w, V, &o, &info, NULL), LA_OK);
    for (j = 0; j < k; ++j) {
        CHECK_NEAR(w[j], 1, 100 * n * TU_EPS);
        for (i = 0; i < n; ++i) v[i] = LA_AT(V, i, j);
        it_matvec(A, v, av);
        for (i = 0; i < n; ++i) av[i] -= w[j] * v[i];
        CHECK_LE(it_norm(n, av), 1.01 * info.tol * 5 + 100 * n * TU_EPS);
    }
    CHECK_LE(tu_orth_error(V), 100 * n * TU_EPS);
    tu_free(A.data);
    tu_free(V.data);
}

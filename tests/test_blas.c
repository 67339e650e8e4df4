/* test_blas.c - the level-1, level-2 and level-3 kernels of linalg.h
 * (sections 3-5) against references computed in long double.
 *
 * Error bounds are the classical ones for inner products (Higham,
 * "Accuracy and Stability of Numerical Algorithms", 2002, ch. 3 and 8): a
 * computed sum of k products differs from the exact one by at most
 * gamma_k * (sum of |products|), gamma_k ~ k u, u = LA_EPS / 2. The checks
 * use (k + 3) * LA_EPS times that sum: twice gamma_{k+3}, three roundings
 * more than the products (alpha, beta and the final addition). Matrices
 * are views with ld > cols whose padding holds NaN: a kernel that reads it
 * produces NaN, one that writes it is caught by the padding check. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"

#define BL_NAN ((la_real)NAN)

static const la_real bl_alphas[3] = {0, 1, (la_real)-0.7};
static const la_real bl_betas[3] = {0, 1, (la_real)2.5};

static long double *bl_ld(size_t n) {
    long double *p = (long double *)calloc(n ? n : 1, sizeof(long double));
    if (!p) abort();
    return p;
}

static int bl_isnan(la_real x) { return x != x; }

/* A rows x cols view with ld = cols + pad: entries N(0,1), padding NaN. */
static la_mat bl_mat(la_rng *r, la_int rows, la_int cols, la_int pad) {
    la_mat A = tu_mat(rows, cols, cols + pad);
    size_t i, total = (size_t)(rows > 0 ? rows : 1) * (size_t)A.ld;
    for (i = 0; i < total; ++i) A.data[i] = BL_NAN;
    tu_fill_normal(r, A);
    return A;
}

/* A copy of A with the same layout (padding included). */
static la_mat bl_clone(la_mat A) {
    la_mat B = tu_mat(A.rows, A.cols, A.ld);
    memcpy(B.data, A.data, (size_t)(A.rows > 0 ? A.rows : 1) * (size_t)A.ld * sizeof(la_real));
    return B;
}

/* 1 if every padding element (columns cols..ld-1) is still NaN. */
static int bl_pad_intact(la_mat A) {
    la_int i, j;
    for (i = 0; i < A.rows; ++i)
        for (j = A.cols; j < A.ld; ++j)
            if (!bl_isnan(LA_AT(A, i, j))) return 0;
    return 1;
}

static long double bl_op(la_mat A, la_trans t, la_int i, la_int j) {
    return (long double)(t == LA_NOTRANS ? LA_AT(A, i, j) : LA_AT(A, j, i));
}

/* Worst |got - want| / bound over a matrix, in units of LA_EPS. A zero
 * bound demands an exact result; NaN anywhere gives NaN (fails CHECK_LE). */
static double bl_ratio(long double got, long double want, long double bound) {
    long double d = fabsl(got - want);
    if (d != d) return (double)d;
    if (d == 0) return 0;
    if (bound == 0) return HUGE_VAL;
    return (double)(d / (bound * (long double)LA_EPS));
}

/* Element i of a strided vector of n elements (BLAS convention). */
static la_int bl_idx(la_int i, la_int n, la_int inc) {
    return inc >= 0 ? i * inc : (i + 1 - n) * inc;
}

/* A vector of n elements with increment inc in a NaN-filled buffer of
 * 1 + (n-1)|inc| slots: normal entries. */
static la_real *bl_vec(la_rng *r, la_int n, la_int inc, size_t *len) {
    la_int i, a = inc < 0 ? -inc : inc;
    size_t L = n > 0 ? (size_t)(1 + (n - 1) * (a > 0 ? a : 1)) : 1, s;
    la_real *x = tu_reals(L);
    for (s = 0; s < L; ++s) x[s] = BL_NAN;
    for (i = 0; i < n; ++i) x[bl_idx(i, n, inc)] = (la_real)la_rng_normal(r);
    *len = L;
    return x;
}

/* 1 if the slots of a strided vector that are not its elements are NaN. */
static int bl_gaps_intact(const la_real *x, size_t len, la_int inc) {
    size_t s;
    la_int a = inc < 0 ? -inc : inc;
    for (s = 0; s < len; ++s)
        if (a > 1 && s % (size_t)a != 0 && !bl_isnan(x[s])) return 0;
    return 1;
}

/* ---------------------------------------------------------------- level 1 */

static const la_int bl_lens[] = {0, 1, 2, 7, 33, 100, 1001};
static const la_int bl_incs[] = {1, 2, -1, -3};
#define BL_NLENS ((int)(sizeof bl_lens / sizeof bl_lens[0]))

/* dot and axpy against long-double references; swap, copy and scal
 * exactly; elements between the strided ones untouched. */
static void bl_level1_case(la_rng *r, la_int n, la_int ix, la_int iy) {
    size_t lx, ly;
    la_real *x = bl_vec(r, n, ix, &lx), *y = bl_vec(r, n, iy, &ly);
    la_real *x0 = tu_reals(lx), *y0 = tu_reals(ly), alpha = (la_real)-0.7, d;
    long double s = 0, sa = 0;
    double worst = 0;
    la_int i;
    int ok = 1;
    memcpy(x0, x, lx * sizeof(la_real));
    memcpy(y0, y, ly * sizeof(la_real));
    for (i = 0; i < n; ++i) {
        long double p = (long double)x[bl_idx(i, n, ix)] * y[bl_idx(i, n, iy)];
        s += p;
        sa += fabsl(p);
    }
    d = la_dot(n, x, ix, y, iy);
    CHECK_LE(bl_ratio(d, s, sa), n + 3);
    la_axpy(n, alpha, x, ix, y, iy);
    for (i = 0; i < n; ++i) {
        long double xi = x[bl_idx(i, n, ix)], yi = y0[bl_idx(i, n, iy)];
        double q = bl_ratio(y[bl_idx(i, n, iy)], alpha * xi + yi, fabsl(alpha * xi) + fabsl(yi));
        if (!(q <= worst)) worst = q;
    }
    CHECK_LE(worst, 2);
    CHECK(bl_gaps_intact(y, ly, iy));
    memcpy(y, y0, ly * sizeof(la_real));
    la_swap(n, x, ix, y, iy);
    for (i = 0; i < n; ++i)
        ok &= x[bl_idx(i, n, ix)] == y0[bl_idx(i, n, iy)] && y[bl_idx(i, n, iy)] == x0[bl_idx(i, n, ix)];
    CHECK(ok);
    CHECK(bl_gaps_intact(x, lx, ix) && bl_gaps_intact(y, ly, iy));
    la_copy(n, x0, ix, y, iy);
    for (i = 0, ok = 1; i < n; ++i) ok &= y[bl_idx(i, n, iy)] == x0[bl_idx(i, n, ix)];
    CHECK(ok);
    CHECK(bl_gaps_intact(y, ly, iy));
    if (ix > 0) {
        memcpy(x, x0, lx * sizeof(la_real));
        la_scal(n, alpha, x, ix);
        for (i = 0, ok = 1; i < n; ++i) ok &= x[bl_idx(i, n, ix)] == alpha * x0[bl_idx(i, n, ix)];
        CHECK(ok);
        CHECK(bl_gaps_intact(x, lx, ix));
    }
    tu_free(x);
    tu_free(y);
    tu_free(x0);
    tu_free(y0);
}

TEST(blas_level1_every_stride_against_references) {
    la_rng r = la_rng_seed(11);
    int a, b, c;
    for (a = 0; a < BL_NLENS; ++a)
        for (b = 0; b < 4; ++b)
            for (c = 0; c < 4; ++c) bl_level1_case(&r, bl_lens[a], bl_incs[b], bl_incs[c]);
}

TEST(blas_axpy_alpha_zero_and_empty_leave_y) {
    la_real x[3] = {1, BL_NAN, 3}, y[3] = {4, 5, 6};
    la_axpy(3, 0, x, 1, y, 1);
    CHECK(y[0] == 4 && y[1] == 5 && y[2] == 6);
    la_axpy(0, 2, x, 1, y, 1);
    la_axpy(-1, 2, x, 1, y, 1);
    CHECK(y[0] == 4 && y[1] == 5 && y[2] == 6);
    CHECK(la_dot(0, x, 1, y, 1) == 0);
    CHECK(la_dot(-2, x, 1, y, 1) == 0);
}

TEST(blas_scal_zero_clears_nan_and_nonpositive_inc_is_a_no_op) {
    la_real x[5] = {1, BL_NAN, 3, (la_real)INFINITY, 5};
    la_scal(3, 0, x, 2); /* elements 0, 2, 4 */
    CHECK(x[0] == 0 && x[2] == 0 && x[4] == 0);
    CHECK(bl_isnan(x[1]) && x[3] == (la_real)INFINITY);
    la_scal(2, 0, x + 1, 2);
    CHECK(x[1] == 0 && x[3] == 0);
    x[0] = 2;
    la_scal(1, 3, x, 0);
    la_scal(1, 3, x, -1);
    CHECK(x[0] == 2);
    CHECK(la_asum(3, x, 0) == 0 && la_asum(3, x, -1) == 0);
    CHECK(la_nrm2(3, x, 0) == 0 && la_nrm2(3, x, -2) == 0);
    CHECK_INT(la_iamax(3, x, 0), -1);
    CHECK_INT(la_iamax(0, x, 1), -1);
}

TEST(blas_asum_and_iamax) {
    la_rng r = la_rng_seed(13);
    int a, b;
    la_real v[8] = {1, -3, 2, 3, -3, 0, 1, 2};
    for (a = 0; a < BL_NLENS; ++a)
        for (b = 0; b < 2; ++b) { /* positive increments only */
            la_int n = bl_lens[a], inc = bl_incs[b], i, want = n > 0 ? 0 : -1;
            size_t len;
            la_real *x = bl_vec(&r, n, inc, &len);
            long double s = 0;
            for (i = 0; i < n; ++i) {
                s += fabsl((long double)x[i * inc]);
                if (fabs((double)x[i * inc]) > fabs((double)x[want * inc])) want = i;
            }
            CHECK_LE(bl_ratio(la_asum(n, x, inc), s, s), n + 3);
            CHECK_INT(la_iamax(n, x, inc), want);
            tu_free(x);
        }
    CHECK_INT(la_iamax(8, v, 1), 1); /* first of the ties |-3| = |3| = |-3| */
    CHECK_INT(la_iamax(4, v, 2), 2); /* 1, 2, -3, 1 */
    v[6] = BL_NAN;
    CHECK_INT(la_iamax(8, v, 1), 6); /* a NaN wins over every number */
    v[0] = BL_NAN;
    CHECK_INT(la_iamax(8, v, 1), 0);
    CHECK(bl_isnan(la_asum(8, v, 1)));
}

/* sqrt(sum x_i^2) in long double, scaled by max |x_i| so that it is exact
 * to long double precision whatever long double's range. */
static long double bl_ref_nrm2(la_int n, const la_real *x, la_int inc) {
    long double m = 0, s = 0;
    la_int i;
    for (i = 0; i < n; ++i)
        if (fabsl((long double)x[i * inc]) > m) m = fabsl((long double)x[i * inc]);
    if (m == 0) return 0;
    for (i = 0; i < n; ++i) {
        long double t = (long double)x[i * inc] / m;
        s += t * t;
    }
    return m * sqrtl(s);
}

/* Error of nrm2 of x (n elements, increment inc) in units of (n + 3)
 * LA_EPS relative to the exact norm, plus two units of the spacing of
 * subnormal numbers (a subnormal norm has no more precision than that):
 * at most 1 when accurate. */
static double bl_nrm2_ratio(la_int n, const la_real *x, la_int inc) {
    long double want = bl_ref_nrm2(n, x, inc);
    return bl_ratio(la_nrm2(n, x, inc), want, want + 2 * (long double)LA_REAL_MIN / (n + 3)) / (n + 3);
}

TEST(blas_nrm2_is_accurate_from_underflow_to_overflow) {
    la_rng r = la_rng_seed(14);
    const la_int n = 300;
    la_real *x = tu_reals(2 * (size_t)n);
    /* scales: medium, near overflow, near and below underflow, subnormal */
    const la_real scales[6] = {1, LA_REAL_MAX / 40, LA_REAL_MAX / (la_real)1e3, LA_REAL_MIN * 64,
                               LA_REAL_MIN, LA_REAL_MIN * LA_EPS * 8};
    int s, inc;
    la_int i;
    for (s = 0; s < 6; ++s)
        for (inc = 1; inc <= 2; ++inc) {
            for (i = 0; i < n * inc; ++i) x[i] = scales[s] * (la_real)(2 * la_rng_uniform(&r) - 1);
            CHECK_LE(bl_nrm2_ratio(n, x, inc), 1);
            CHECK_LE(bl_nrm2_ratio(1, x, inc), 1);
            CHECK_LE(bl_nrm2_ratio(17, x, inc), 1);
        }
    /* mixed: a few huge, many medium, many tiny elements */
    for (i = 0; i < n; ++i) x[i] = (la_real)(2 * la_rng_uniform(&r) - 1);
    x[5] = LA_REAL_MAX / 8;
    x[77] = -LA_REAL_MAX / 16;
    for (i = 100; i < 200; ++i) x[i] = LA_REAL_MIN * (la_real)i;
    CHECK_LE(bl_nrm2_ratio(n, x, 1), 1);
    CHECK(la_nrm2(n, x, 1) > LA_REAL_MAX / 8 && la_nrm2(n, x, 1) <= LA_REAL_MAX);
    /* medium plus tiny, Blue's small-and-medium combination: one medium
     * element just above tsml (2^-511 in double, 2^-63 in float) against
     * many tiny ones just below it, first with the tiny sum the larger (the
     * small norm factored out), then the smaller */
#if LA_REAL_IS_FLOAT
    const la_real tsml = (la_real)1.0842022e-19;
#else
    const la_real tsml = (la_real)1.4916681462400413e-154;
#endif
    for (i = 0; i < n; ++i) x[i] = tsml * (la_real)0.9;
    x[0] = tsml * (la_real)1.5;
    CHECK_LE(bl_nrm2_ratio(n, x, 1), 1);
    CHECK_LE(bl_nrm2_ratio(3, x, 1), 1);
    for (i = 1; i < n; ++i) x[i] = LA_REAL_MIN * (la_real)1e3;
    CHECK_LE(bl_nrm2_ratio(n, x, 1), 1);
    x[0] = LA_REAL_MIN * (la_real)1e5; /* tiny plus a larger tiny element */
    CHECK_LE(bl_nrm2_ratio(n, x, 1), 1);
    /* no spurious overflow at the edge of the range */
    x[0] = LA_REAL_MAX / 2;
    x[1] = -LA_REAL_MAX / 4;
    CHECK_LE(bl_nrm2_ratio(2, x, 1), 1);
    x[0] = LA_REAL_MAX;
    CHECK(la_nrm2(2, x, 1) == (la_real)INFINITY); /* the norm itself overflows */
    /* zero vectors, Inf and NaN */
    for (i = 0; i < n; ++i) x[i] = 0;
    CHECK(la_nrm2(n, x, 1) == 0);
    x[3] = (la_real)INFINITY;
    CHECK(la_nrm2(n, x, 1) == (la_real)INFINITY);
    x[9] = BL_NAN;
    CHECK(bl_isnan(la_nrm2(n, x, 1)));
    x[3] = 1;
    CHECK(bl_isnan(la_nrm2(n, x, 1)));
    tu_free(x);
}

/* Worst error of C = alpha P + beta C0 on the part of C selected by keep
 * (0 all, 1 lower, 2 upper), in units of LA_EPS times the bound. */
static double bl_check_update(la_mat C, la_mat C0, la_real alpha, la_real beta,
                              const long double *P, const long double *Q, int keep) {
    double worst = 0;
    la_int i, j, n = C.cols;
    for (i = 0; i < C.rows; ++i)
        for (j = 0; j < n; ++j) {
            size_t q = (size_t)i * (size_t)n + (size_t)j;
            long double c0 = beta == 0 ? 0 : (long double)LA_AT(C0, i, j);
            double e;
            if ((keep == 1 && j > i) || (keep == 2 && j < i)) continue;
            e = bl_ratio(LA_AT(C, i, j), alpha * P[q] + beta * c0,
                         fabsl((long double)alpha) * Q[q] + fabsl(beta * c0));
            if (!(e <= worst)) worst = e;
        }
    return worst;
}

/* ---------------------------------------------------------------- level 2 */

/* A symmetric or triangular n x n view (ld = n + 2, padding NaN) whose
 * `uplo` triangle is random and whose other triangle is NaN; for
 * triangular solves the diagonal is in [1, 2] and the off-diagonal
 * entries in [-1, 1] / n (well conditioned); with LA_UNIT the diagonal is
 * NaN too, since it must not be read. */
static la_mat bl_tri(la_rng *r, la_int n, la_uplo uplo, la_diag diag) {
    la_mat A = bl_mat(r, n, n, 2);
    la_int i, j;
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) {
            if (i == j)
                LA_AT(A, i, j) = diag == LA_UNIT ? BL_NAN : (la_real)(1 + la_rng_uniform(r));
            else if ((j < i) == (uplo == LA_LOWER))
                LA_AT(A, i, j) = (la_real)((2 * la_rng_uniform(r) - 1) / n);
            else
                LA_AT(A, i, j) = BL_NAN;
        }
    return A;
}

/* Element (i, j) of op(T) for a stored triangle (zero outside it, one on a
 * unit diagonal). */
static long double bl_tri_op(la_mat T, la_uplo uplo, la_trans t, la_diag diag, la_int i, la_int j) {
    la_int r = t == LA_NOTRANS ? i : j, c = t == LA_NOTRANS ? j : i;
    if (r == c) return diag == LA_UNIT ? 1.0L : (long double)LA_AT(T, r, r);
    if ((c < r) != (uplo == LA_LOWER)) return 0;
    return (long double)LA_AT(T, r, c);
}

static const la_int bl_dims[] = {0, 1, 2, 5, 16, 33, 100};
#define BL_NDIMS ((int)(sizeof bl_dims / sizeof bl_dims[0]))

/* A matrix-vector kernel under test: y <- alpha op(A) x + beta y. */
typedef struct {
    int sym;          /* 0: gemv with ta, 1: symv with uplo */
    la_trans ta;
    la_uplo uplo;
    la_mat A;
    const la_real *x;
} bl_mv;

static la_status bl_mv_run(const bl_mv *mv, la_real alpha, la_real beta, la_real *y) {
    return mv->sym ? la_symv(mv->uplo, alpha, mv->A, mv->x, beta, y)
                   : la_gemv(mv->ta, alpha, mv->A, mv->x, beta, y);
}

/* Element (i, j) of the operator: op(A), or the symmetric matrix whose
 * `uplo` triangle A holds. */
static long double bl_mv_elem(const bl_mv *mv, la_int i, la_int j) {
    la_int lo = i > j ? i : j, hi = i > j ? j : i;
    if (!mv->sym) return bl_op(mv->A, mv->ta, i, j);
    return (long double)(mv->uplo == LA_LOWER ? LA_AT(mv->A, lo, hi) : LA_AT(mv->A, hi, lo));
}

/* Runs the kernel for every alpha and beta (NaN in y when beta == 0) on
 * the m x k operator and checks y = alpha op x + beta y0 elementwise. */
static void bl_mv_cases(const bl_mv *mv, la_int m, la_int k, const la_real *y0) {
    long double *P = bl_ld((size_t)m), *Q = bl_ld((size_t)m);
    la_real *y = tu_reals((size_t)m + 1);
    la_mat Y = la_mat_of(m, 1, y), Y0 = la_mat_of(m, 1, (la_real *)y0);
    la_int i, j;
    int ia, ib;
    for (i = 0; i < m; ++i)
        for (j = 0; j < k; ++j) {
            long double t = bl_mv_elem(mv, i, j) * mv->x[j];
            P[i] += t;
            Q[i] += fabsl(t);
        }
    for (ia = 0; ia < 3; ++ia)
        for (ib = 0; ib < 3; ++ib) {
            la_real alpha = bl_alphas[ia], beta = bl_betas[ib];
            for (i = 0; i < m; ++i) y[i] = beta == 0 ? BL_NAN : y0[i];
            CHECK_STATUS(bl_mv_run(mv, alpha, beta, y), LA_OK);
            CHECK_LE(bl_check_update(Y, Y0, alpha, beta, P, Q, 0), k + 3);
        }
    free(P);
    free(Q);
    tu_free(y);
}

TEST(blas_gemv_all_cases) {
    la_rng r = la_rng_seed(21);
    int a, b, t;
    for (a = 0; a < BL_NDIMS; ++a)
        for (b = 0; b < BL_NDIMS; ++b)
            for (t = 0; t < 2; ++t) {
                bl_mv mv;
                la_int m = bl_dims[a], n = bl_dims[b], ym, xn;
                la_real *x, *y0;
                mv.sym = 0;
                mv.ta = t ? LA_TRANS : LA_NOTRANS;
                mv.uplo = LA_LOWER;
                mv.A = bl_mat(&r, m, n, 3);
                ym = la_op_rows(mv.ta, mv.A);
                xn = la_op_cols(mv.ta, mv.A);
                x = tu_reals((size_t)xn + 1);
                y0 = tu_reals((size_t)ym + 1);
                tu_vec_normal(&r, xn, x);
                tu_vec_normal(&r, ym, y0);
                mv.x = x;
                bl_mv_cases(&mv, ym, xn, y0);
                CHECK(bl_pad_intact(mv.A));
                tu_free(mv.A.data);
                tu_free(x);
                tu_free(y0);
            }
}

TEST(blas_ger_matches_reference) {
    la_rng r = la_rng_seed(22);
    int a, b;
    for (a = 0; a < BL_NDIMS; ++a)
        for (b = 0; b < BL_NDIMS; ++b) {
            la_int m = bl_dims[a], n = bl_dims[b], i, j;
            la_mat A = bl_mat(&r, m, n, 1), A0 = bl_clone(A);
            la_real *x = tu_reals((size_t)m), *y = tu_reals((size_t)n), alpha = (la_real)-0.7;
            double worst = 0;
            tu_vec_normal(&r, m, x);
            tu_vec_normal(&r, n, y);
            CHECK_STATUS(la_ger(alpha, x, y, A), LA_OK);
            for (i = 0; i < m; ++i)
                for (j = 0; j < n; ++j) {
                    long double p = (long double)alpha * x[i] * y[j], c = LA_AT(A0, i, j);
                    double q = bl_ratio(LA_AT(A, i, j), c + p, fabsl(c) + fabsl(p));
                    if (!(q <= worst)) worst = q;
                }
            CHECK_LE(worst, 3);
            CHECK(bl_pad_intact(A));
            CHECK_STATUS(la_ger(0, x, y, A), LA_OK);
            tu_free(A.data);
            tu_free(A0.data);
            tu_free(x);
            tu_free(y);
        }
}

TEST(blas_symv_reads_one_triangle) {
    la_rng r = la_rng_seed(23);
    int a, u;
    for (a = 0; a < BL_NDIMS; ++a)
        for (u = 0; u < 2; ++u) {
            bl_mv mv;
            la_int n = bl_dims[a];
            la_real *x = tu_reals((size_t)n), *y0 = tu_reals((size_t)n);
            mv.sym = 1;
            mv.ta = LA_NOTRANS;
            mv.uplo = u ? LA_UPPER : LA_LOWER;
            mv.A = bl_tri(&r, n, mv.uplo, LA_NONUNIT); /* the other triangle is NaN */
            mv.x = x;
            tu_vec_normal(&r, n, x);
            tu_vec_normal(&r, n, y0);
            bl_mv_cases(&mv, n, n, y0);
            tu_free(mv.A.data);
            tu_free(x);
            tu_free(y0);
        }
}

TEST(blas_trmv_trsv_all_cases) {
    la_rng r = la_rng_seed(24);
    int a, u, t, d;
    for (a = 0; a < BL_NDIMS; ++a)
        for (u = 0; u < 2; ++u)
            for (t = 0; t < 2; ++t)
                for (d = 0; d < 2; ++d) {
                    la_uplo uplo = u ? LA_UPPER : LA_LOWER;
                    la_trans ta = t ? LA_TRANS : LA_NOTRANS;
                    la_diag diag = d ? LA_UNIT : LA_NONUNIT;
                    la_int n = bl_dims[a], i, j;
                    la_mat T = bl_tri(&r, n, uplo, diag);
                    la_real *x = tu_reals((size_t)n), *x0 = tu_reals((size_t)n);
                    double wm = 0, ws = 0;
                    tu_vec_normal(&r, n, x0);
                    memcpy(x, x0, (size_t)n * sizeof(la_real));
                    CHECK_STATUS(la_trmv(uplo, ta, diag, T, x), LA_OK);
                    for (i = 0; i < n; ++i) { /* x = op(T) x0 */
                        long double s = 0, sa = 0;
                        double q;
                        for (j = 0; j < n; ++j) {
                            long double p = bl_tri_op(T, uplo, ta, diag, i, j) * x0[j];
                            s += p;
                            sa += fabsl(p);
                        }
                        q = bl_ratio(x[i], s, sa);
                        if (!(q <= wm)) wm = q;
                    }
                    CHECK_LE(wm, n + 3);
                    memcpy(x, x0, (size_t)n * sizeof(la_real));
                    CHECK_STATUS(la_trsv(uplo, ta, diag, T, x), LA_OK);
                    for (i = 0; i < n; ++i) { /* residual of op(T) x = x0, componentwise */
                        long double s = -(long double)x0[i], sa = 0;
                        double q;
                        for (j = 0; j < n; ++j) {
                            long double p = bl_tri_op(T, uplo, ta, diag, i, j) * x[j];
                            s += p;
                            sa += fabsl(p);
                        }
                        q = bl_ratio(s, 0, sa);
                        if (!(q <= ws)) ws = q;
                    }
                    CHECK_LE(ws, n + 3);
                    CHECK(bl_pad_intact(T));
                    tu_free(T.data);
                    tu_free(x);
                    tu_free(x0);
                }
}

TEST(blas_level2_errors) {
    la_real a[6] = {1, 2, 3, 4, 5, 6}, x[3] = {1, 1, 1}, y[3] = {0, 0, 0};
    la_mat A = la_mat_of(2, 3, a), S = la_mat_of(2, 2, a), bad = la_mat_ld(2, 3, 2, a);
    CHECK_STATUS(la_gemv(LA_NOTRANS, 1, bad, x, 0, y), LA_ERR_ARG);
    CHECK_STATUS(la_gemv(LA_NOTRANS, 1, A, NULL, 0, y), LA_ERR_ARG);
    CHECK_STATUS(la_gemv(LA_NOTRANS, 1, A, x, 0, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_gemv(LA_TRANS, 1, la_mat_ld(2, 3, 3, NULL), x, 0, y), LA_ERR_ARG);
    CHECK_STATUS(la_gemv(LA_NOTRANS, 1, la_mat_of(0, 3, NULL), NULL, 0, NULL), LA_OK);
    CHECK_STATUS(la_ger(1, NULL, y, A), LA_ERR_ARG);
    CHECK_STATUS(la_ger(1, x, NULL, A), LA_ERR_ARG);
    CHECK_STATUS(la_ger(1, x, y, bad), LA_ERR_ARG);
    CHECK_STATUS(la_symv(LA_LOWER, 1, A, x, 0, y), LA_ERR_DIM);
    CHECK_STATUS(la_symv(LA_LOWER, 1, S, NULL, 0, y), LA_ERR_ARG);
    CHECK_STATUS(la_symv(LA_LOWER, 1, S, x, 0, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_trmv(LA_LOWER, LA_NOTRANS, LA_NONUNIT, A, x), LA_ERR_DIM);
    CHECK_STATUS(la_trsv(LA_LOWER, LA_NOTRANS, LA_NONUNIT, A, x), LA_ERR_DIM);
    CHECK_STATUS(la_trmv(LA_LOWER, LA_NOTRANS, LA_NONUNIT, S, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_trsv(LA_UPPER, LA_TRANS, LA_UNIT, S, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_trsv(LA_UPPER, LA_TRANS, LA_UNIT, bad, x), LA_ERR_ARG);
    CHECK(a[0] == 1 && a[5] == 6 && x[0] == 1 && y[0] == 0);
}

/* ---------------------------------------------------------------- level 3 */

/* The exact product P = op(A) op(B) and Q = |op(A)| |op(B)| (m x n). */
static void bl_ref_product(la_trans ta, la_trans tb, la_mat A, la_mat B, la_int m, la_int n,
                           la_int k, long double *P, long double *Q) {
    la_int i, j, p;
    for (i = 0; i < m; ++i)
        for (j = 0; j < n; ++j) {
            long double s = 0, sa = 0;
            for (p = 0; p < k; ++p) {
                long double t = bl_op(A, ta, i, p) * bl_op(B, tb, p, j);
                s += t;
                sa += fabsl(t);
            }
            P[(size_t)i * (size_t)n + (size_t)j] = s;
            Q[(size_t)i * (size_t)n + (size_t)j] = sa;
        }
}

/* gemm on one shape, every transpose pair and (all or two) alpha/beta
 * pairs; beta == 0 runs with NaN in C. */
static void bl_gemm_shape(la_rng *r, la_int m, la_int n, la_int k, int all_scalars) {
    int t, ia, ib;
    for (t = 0; t < 4; ++t) {
        la_trans ta = (t & 1) ? LA_TRANS : LA_NOTRANS, tb = (t & 2) ? LA_TRANS : LA_NOTRANS;
        la_mat A = ta == LA_NOTRANS ? bl_mat(r, m, k, 3) : bl_mat(r, k, m, 3);
        la_mat B = tb == LA_NOTRANS ? bl_mat(r, k, n, 1) : bl_mat(r, n, k, 1);
        la_mat C0 = bl_mat(r, m, n, 2), C = bl_clone(C0);
        long double *P = bl_ld((size_t)m * (size_t)n), *Q = bl_ld((size_t)m * (size_t)n);
        bl_ref_product(ta, tb, A, B, m, n, k, P, Q);
        for (ia = 0; ia < 3; ++ia)
            for (ib = 0; ib < 3; ++ib) {
                la_real alpha = bl_alphas[ia], beta = bl_betas[ib];
                la_int i, j;
                if (!all_scalars && !((ia == 2 && ib == 2) || (ia == 1 && ib == 0))) continue;
                for (i = 0; i < m; ++i)
                    for (j = 0; j < n; ++j) LA_AT(C, i, j) = beta == 0 ? BL_NAN : LA_AT(C0, i, j);
                CHECK_STATUS(la_gemm(ta, tb, alpha, A, B, beta, C), LA_OK);
                CHECK_LE(bl_check_update(C, C0, alpha, beta, P, Q, 0), k + 3);
                CHECK(bl_pad_intact(C));
            }
        tu_free(A.data);
        tu_free(B.data);
        tu_free(C0.data);
        tu_free(C.data);
        free(P);
        free(Q);
    }
}

TEST(blas_gemm_small_and_odd_shapes) {
    static const la_int shapes[][3] = {{0, 3, 4}, {3, 0, 4}, {3, 4, 0},  {1, 1, 1},    {1, 7, 5},
                                       {6, 1, 9}, {2, 3, 1}, {7, 5, 3},  {17, 33, 9},  {31, 29, 40},
                                       {9, 8, 3}, {64, 64, 64}, {65, 130, 66}, {13, 100, 71}};
    la_rng r = la_rng_seed(31);
    int s;
    for (s = 0; s < (int)(sizeof shapes / sizeof shapes[0]); ++s)
        bl_gemm_shape(&r, shapes[s][0], shapes[s][1], shapes[s][2], 1);
}

TEST(blas_gemm_shapes_crossing_the_cache_blocks) {
    la_rng r = la_rng_seed(32);
    bl_gemm_shape(&r, LA_GEMM_MC + 5, 19, 21, 0);
    bl_gemm_shape(&r, 37, LA_GEMM_NC + 9, 70, 0);
    bl_gemm_shape(&r, 21, 19, 2 * LA_GEMM_KC + 3, 0);
    bl_gemm_shape(&r, 150, 151, 149, 0);
}

TEST(blas_gemm_workspace_from_the_arena) {
    la_rng r = la_rng_seed(33);
    const la_int m = 70, n = 90, k = 80;
    la_mat A = bl_mat(&r, m, k, 0), B = bl_mat(&r, k, n, 0), C = bl_mat(&r, m, n, 0);
    la_mat D = bl_mat(&r, m, n, 0);
    size_t need = la_gemm_ws_bytes(m, n, k), big = 4 * (size_t)m * (size_t)n * (size_t)k + 4096;
    unsigned char *buf = (unsigned char *)malloc(big);
    la_arena ws;
    CHECK_STATUS(la_gemm(LA_NOTRANS, LA_TRANS, 1, A, la_mat_of(n, k, NULL), 0, C), LA_ERR_ARG);
    /* the reference result, packed in a large arena; la_gemm's own
     * allocation (one LA_MALLOC block) runs the same packed loop */
    ws = la_arena_of(buf, big);
    CHECK_STATUS(la_gemm_ws(LA_NOTRANS, LA_NOTRANS, (la_real)-0.7, A, B, 0, D, &ws), LA_OK);
#ifndef LA_NO_MALLOC
    CHECK_STATUS(la_gemm(LA_NOTRANS, LA_NOTRANS, (la_real)-0.7, A, B, 0, C), LA_OK);
    CHECK(tu_max_diff(C, D) == 0);
#endif
#ifdef LA_USE_CBLAS
    CHECK(need == 0);
#else
    CHECK(need > 0 && need <= big);
    /* enough arena, starting at an odd fill level: packing runs in it and
     * gives the memory back */
    size_t mark;
    ws = la_arena_of(buf, big);
    CHECK(la_arena_alloc(&ws, 3) != NULL);
    mark = ws.used;
    ws.size = mark + need;
    CHECK_STATUS(la_gemm_ws(LA_NOTRANS, LA_NOTRANS, (la_real)-0.7, A, B, 0, C, &ws), LA_OK);
    CHECK(tu_max_diff(C, D) == 0);
    CHECK(ws.used == mark);
    CHECK(ws.peak > mark);
#endif
    /* too small an arena: the documented fallback, the unpacked loop (same
     * result to rounding, the arena untouched) */
    ws = la_arena_of(buf, need / 2);
    la_mat_set(C, BL_NAN, BL_NAN);
    CHECK_STATUS(la_gemm_ws(LA_NOTRANS, LA_NOTRANS, (la_real)-0.7, A, B, 0, C, &ws), LA_OK);
    CHECK(ws.used == 0 && ws.peak == 0);
    CHECK_LE(tu_max_diff(C, D), 2 * (k + 3) * TU_EPS * tu_max_abs(A) * tu_max_abs(B) * k);
    ws = la_arena_of(NULL, 0);
    la_mat_set(C, BL_NAN, BL_NAN);
    CHECK_STATUS(la_gemm_ws(LA_NOTRANS, LA_NOTRANS, (la_real)-0.7, A, B, 0, C, &ws), LA_OK);
    CHECK_LE(tu_max_diff(C, D), 2 * (k + 3) * TU_EPS * tu_max_abs(A) * tu_max_abs(B) * k);
    CHECK(la_gemm_ws_bytes(0, 5, 5) == 0 && la_gemm_ws_bytes(5, 5, -1) == 0);
    free(buf);
    tu_free(A.data);
    tu_free(B.data);
    tu_free(C.data);
    tu_free(D.data);
}

TEST(blas_gemm_errors) {
    la_real a[12] = {0}, c[12] = {0};
    la_mat A = la_mat_of(3, 4, a), B = la_mat_of(4, 3, a), C = la_mat_of(3, 3, c);
    CHECK_STATUS(la_gemm(LA_NOTRANS, LA_NOTRANS, 1, A, B, 0, C), LA_OK);
    CHECK_STATUS(la_gemm(LA_TRANS, LA_NOTRANS, 1, A, B, 0, C), LA_ERR_DIM);
    CHECK_STATUS(la_gemm(LA_NOTRANS, LA_TRANS, 1, A, B, 0, C), LA_ERR_DIM);
    CHECK_STATUS(la_gemm(LA_NOTRANS, LA_NOTRANS, 1, A, B, 0, la_mat_of(3, 2, c)), LA_ERR_DIM);
    CHECK_STATUS(la_gemm(LA_NOTRANS, LA_NOTRANS, 1, la_mat_ld(3, 4, 3, a), B, 0, C), LA_ERR_ARG);
    CHECK_STATUS(la_gemm(LA_NOTRANS, LA_NOTRANS, 1, A, la_mat_of(4, 3, NULL), 0, C), LA_ERR_ARG);
    CHECK_STATUS(la_gemm(LA_NOTRANS, LA_NOTRANS, 1, A, B, 0, la_mat_of(3, 3, NULL)), LA_ERR_ARG);
    CHECK_STATUS(la_gemm(LA_NOTRANS, LA_NOTRANS, 1, la_mat_of(0, 4, NULL), B, 0,
                         la_mat_of(0, 3, NULL)), LA_OK);
    CHECK_STATUS(la_syrk(LA_LOWER, LA_NOTRANS, 1, A, 0, la_mat_of(4, 4, c)), LA_ERR_DIM);
    CHECK_STATUS(la_syrk(LA_LOWER, LA_TRANS, 1, A, 0, C), LA_ERR_DIM);
    CHECK_STATUS(la_syrk(LA_LOWER, LA_NOTRANS, 1, A, 0, la_mat_ld(3, 3, 2, c)), LA_ERR_ARG);
    CHECK_STATUS(la_trmm(LA_LEFT, LA_LOWER, LA_NOTRANS, LA_NONUNIT, 1, A, B), LA_ERR_DIM);
    CHECK_STATUS(la_trmm(LA_LEFT, LA_LOWER, LA_NOTRANS, LA_NONUNIT, 1, C, B), LA_ERR_DIM);
    CHECK_STATUS(la_trsm(LA_RIGHT, LA_LOWER, LA_NOTRANS, LA_NONUNIT, 1, C, A), LA_ERR_DIM);
    CHECK_STATUS(la_trsm(LA_RIGHT, LA_LOWER, LA_NOTRANS, LA_NONUNIT, 1, C, la_mat_of(4, 3, NULL)),
                 LA_ERR_ARG);
    CHECK_STATUS(la_trsm(LA_LEFT, LA_UPPER, LA_TRANS, LA_UNIT, 1, la_mat_of(3, 3, NULL), A),
                 LA_ERR_ARG);
}

TEST(blas_syrk_updates_one_triangle) {
    static const la_int shapes[][2] = {{0, 3}, {3, 0}, {1, 1}, {5, 3}, {33, 17}, {70, 65}, {100, 9}};
    la_rng r = la_rng_seed(41);
    int s, u, t, ia, ib;
    for (s = 0; s < (int)(sizeof shapes / sizeof shapes[0]) + 1; ++s)
        for (u = 0; u < 2; ++u)
            for (t = 0; t < 2; ++t) {
                /* the last shape crosses the row and column blocks, so whole
                 * blocks of C lie outside the triangle */
                int last = s == (int)(sizeof shapes / sizeof shapes[0]);
                la_int n = last ? LA_GEMM_MC + 40 : shapes[s][0], k = last ? 7 : shapes[s][1], i, j;
                la_uplo uplo = u ? LA_UPPER : LA_LOWER;
                la_trans ta = t ? LA_TRANS : LA_NOTRANS;
                la_mat A = ta == LA_NOTRANS ? bl_mat(&r, n, k, 2) : bl_mat(&r, k, n, 2);
                la_mat C0 = bl_mat(&r, n, n, 1), C = bl_clone(C0);
                long double *P = bl_ld((size_t)n * (size_t)n), *Q = bl_ld((size_t)n * (size_t)n);
                bl_ref_product(ta, ta == LA_NOTRANS ? LA_TRANS : LA_NOTRANS, A, A, n, n, k, P, Q);
                for (ia = 0; ia < 3; ++ia)
                    for (ib = 0; ib < 3; ++ib) {
                        la_real alpha = bl_alphas[ia], beta = bl_betas[ib];
                        int untouched = 1;
                        if (last && !(ia == 2 && ib == 2)) continue;
                        for (i = 0; i < n; ++i)
                            for (j = 0; j < n; ++j) {
                                int in = uplo == LA_LOWER ? j <= i : j >= i;
                                LA_AT(C, i, j) = in && beta != 0 ? LA_AT(C0, i, j) : BL_NAN;
                            }
                        CHECK_STATUS(la_syrk(uplo, ta, alpha, A, beta, C), LA_OK);
                        CHECK_LE(bl_check_update(C, C0, alpha, beta, P, Q, uplo == LA_LOWER ? 1 : 2),
                                 k + 3);
                        for (i = 0; i < n; ++i)
                            for (j = 0; j < n; ++j)
                                if ((uplo == LA_LOWER ? j > i : j < i) && !bl_isnan(LA_AT(C, i, j)))
                                    untouched = 0;
                        CHECK(untouched);
                        CHECK(bl_pad_intact(C));
                    }
                tu_free(A.data);
                tu_free(C0.data);
                tu_free(C.data);
                free(P);
                free(Q);
            }
}

/* Worst error of trmm (B = alpha op(T) B0 or alpha B0 op(T)) or trsm (the
 * residual op(T) X - alpha B0, or X op(T) - alpha B0) over B. */
static double bl_tri_error(int solve, la_side side, la_uplo uplo, la_trans ta, la_diag diag,
                           la_real alpha, la_mat T, la_mat B0, la_mat B) {
    la_int m = B.rows, n = B.cols, na = T.rows, i, j, p;
    double worst = 0;
    for (i = 0; i < m; ++i)
        for (j = 0; j < n; ++j) {
            long double s = 0, sa = 0, b0 = alpha * (long double)LA_AT(B0, i, j), e;
            la_mat X = solve ? B : B0; /* the factor multiplied by op(T) */
            for (p = 0; p < na; ++p) {
                long double t = side == LA_LEFT
                                    ? bl_tri_op(T, uplo, ta, diag, i, p) * LA_AT(X, p, j)
                                    : (long double)LA_AT(X, i, p) * bl_tri_op(T, uplo, ta, diag, p, j);
                s += t;
                sa += fabsl(t);
            }
            if (solve)
                e = bl_ratio(s - b0, 0, sa + fabsl(b0));
            else
                e = bl_ratio(LA_AT(B, i, j), alpha * s, fabsl((long double)alpha) * sa);
            if (!(e <= worst)) worst = e;
        }
    return worst;
}

/* trmm and trsm on one shape: every side, uplo, trans, diag and alpha. */
static void bl_tri_shape(la_rng *r, la_int na, la_int nb, int all_alphas) {
    int sd, u, t, d, ia;
    for (sd = 0; sd < 2; ++sd)
        for (u = 0; u < 2; ++u)
            for (t = 0; t < 2; ++t)
                for (d = 0; d < 2; ++d) {
                    la_side side = sd ? LA_RIGHT : LA_LEFT;
                    la_uplo uplo = u ? LA_UPPER : LA_LOWER;
                    la_trans ta = t ? LA_TRANS : LA_NOTRANS;
                    la_diag diag = d ? LA_UNIT : LA_NONUNIT;
                    la_mat T = bl_tri(r, na, uplo, diag);
                    la_mat B0 = side == LA_LEFT ? bl_mat(r, na, nb, 2) : bl_mat(r, nb, na, 2);
                    la_mat B = bl_clone(B0);
                    for (ia = 0; ia < 3; ++ia) {
                        la_real alpha = bl_alphas[ia];
                        if (!all_alphas && ia != 2) continue;
                        la_mat_copy(B0, B);
                        CHECK_STATUS(la_trmm(side, uplo, ta, diag, alpha, T, B), LA_OK);
                        CHECK_LE(bl_tri_error(0, side, uplo, ta, diag, alpha, T, B0, B), na + 3);
                        CHECK(bl_pad_intact(B));
                        la_mat_copy(B0, B);
                        CHECK_STATUS(la_trsm(side, uplo, ta, diag, alpha, T, B), LA_OK);
                        CHECK_LE(bl_tri_error(1, side, uplo, ta, diag, alpha, T, B0, B), na + 3);
                        CHECK(bl_pad_intact(B));
                    }
                    tu_free(T.data);
                    tu_free(B0.data);
                    tu_free(B.data);
                }
}

TEST(blas_trmm_trsm_all_cases) {
    static const la_int shapes[][2] = {{0, 3}, {3, 0}, {1, 1}, {1, 5}, {5, 1},
                                       {7, 9}, {33, 10}, {40, 70}, {97, 13}};
    la_rng r = la_rng_seed(51);
    int s;
    for (s = 0; s < (int)(sizeof shapes / sizeof shapes[0]); ++s)
        bl_tri_shape(&r, shapes[s][0], shapes[s][1], 1);
    bl_tri_shape(&r, 260, 20, 0); /* recursion deep enough for packed gemms */
}

/* trsm on a diagonal triangle whose pivots lie at the ends of the range:
 * a subnormal one (its reciprocal overflows) and a huge one (its
 * reciprocal is subnormal). X = B / d is then exact (no rounding: the
 * quotients are powers of two), on both sides, both triangles and both
 * transposes; the kernel that multiplies by reciprocals must fall back to
 * dividing there (and under LA_USE_CBLAS such a solve must not reach a
 * BLAS that multiplies by reciprocals, as OpenBLAS's does). Normal pivots
 * give the correctly rounded quotient within one rounding. */
TEST(blas_trsm_with_subnormal_and_huge_pivots) {
    const la_real d[3] = {LA_REAL_MIN / 8, LA_REAL_MAX / 2, 3};
    const la_real b[3] = {LA_REAL_MIN * 2, LA_REAL_MAX / 4, 1};
    const la_real x[3] = {16, (la_real)0.5, b[2] / d[2]};
    int side, uplo, ta;
    for (side = 0; side < 2; ++side)
        for (uplo = 0; uplo < 2; ++uplo)
            for (ta = 0; ta < 2; ++ta) {
                la_real t[9] = {0}, bb[15];
                la_int i, c;
                const la_side sd = side ? LA_RIGHT : LA_LEFT;
                /* left: B 3 x 5 (row i of B over pivot i); right: B 5 x 3 */
                la_mat T = la_mat_of(3, 3, t), B = side ? la_mat_of(5, 3, bb) : la_mat_of(3, 5, bb);
                for (i = 0; i < 3; ++i) LA_AT(T, i, i) = d[i];
                for (i = 0; i < 3; ++i)
                    for (c = 0; c < 5; ++c) {
                        if (side)
                            LA_AT(B, c, i) = b[i];
                        else
                            LA_AT(B, i, c) = b[i];
                    }
                CHECK_STATUS(la_trsm(sd, uplo ? LA_UPPER : LA_LOWER, ta ? LA_TRANS : LA_NOTRANS,
                                     LA_NONUNIT, 1, T, B), LA_OK);
                for (i = 0; i < 3; ++i)
                    for (c = 0; c < 5; ++c) {
                        la_real got = side ? LA_AT(B, c, i) : LA_AT(B, i, c);
                        if (i < 2)
                            CHECK(got == x[i]);
                        else
                            CHECK_LE(fabs(got - x[i]), LA_EPS * x[i]);
                    }
            }
}

TEST(blas_level3_with_too_small_or_no_arena) {
    la_rng r = la_rng_seed(52);
    const la_int n = 200, nb = 60;
    la_mat T = bl_tri(&r, n, LA_LOWER, LA_NONUNIT), B0 = bl_mat(&r, n, nb, 0);
    la_mat B1 = bl_clone(B0), B2 = bl_clone(B0), C1 = bl_mat(&r, n, n, 0), C2 = bl_clone(C1);
    unsigned char small[256];
    la_arena ws = la_arena_of(small, sizeof small);
    CHECK_STATUS(la_trsm_ws(LA_LEFT, LA_LOWER, LA_NOTRANS, LA_NONUNIT, 2, T, B1, &ws), LA_OK);
    CHECK_STATUS(la_trsm(LA_LEFT, LA_LOWER, LA_NOTRANS, LA_NONUNIT, 2, T, B2), LA_OK);
    CHECK(ws.used == 0 && ws.peak == 0);
    CHECK_LE(bl_tri_error(1, LA_LEFT, LA_LOWER, LA_NOTRANS, LA_NONUNIT, 2, T, B0, B1), n + 3);
    CHECK_LE(bl_tri_error(1, LA_LEFT, LA_LOWER, LA_NOTRANS, LA_NONUNIT, 2, T, B0, B2), n + 3);
    la_mat_copy(B0, B1);
    CHECK_STATUS(la_trmm_ws(LA_RIGHT, LA_LOWER, LA_TRANS, LA_UNIT, 2, la_mat_block(T, 0, 0, nb, nb),
                            B1, &ws), LA_OK);
    CHECK(ws.used == 0 && ws.peak == 0);
    CHECK_LE(bl_tri_error(0, LA_RIGHT, LA_LOWER, LA_TRANS, LA_UNIT, 2, la_mat_block(T, 0, 0, nb, nb),
                          B0, B1), nb + 3);
    CHECK_STATUS(la_syrk_ws(LA_UPPER, LA_TRANS, 1, B0, 0, la_mat_block(C1, 0, 0, nb, nb), &ws), LA_OK);
    CHECK_STATUS(la_syrk(LA_UPPER, LA_TRANS, 1, B0, 0, la_mat_block(C2, 0, 0, nb, nb)), LA_OK);
    CHECK(ws.used == 0 && ws.peak == 0);
    CHECK_LE(tu_max_diff(C1, C2), 2 * (n + 3) * TU_EPS * n * tu_max_abs(B0) * tu_max_abs(B0));
    tu_free(T.data);
    tu_free(B0.data);
    tu_free(B1.data);
    tu_free(B2.data);
    tu_free(C1.data);
    tu_free(C2.data);
}

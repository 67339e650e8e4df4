/* testutil.c - see testutil.h. */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include "testutil.h"

la_real *tu_reals(size_t n) {
    la_real *p = (la_real *)calloc(n ? n : 1, sizeof(la_real));
    if (!p) {
        printf("testutil: out of memory\n");
        exit(2);
    }
    return p;
}

la_int *tu_ints(size_t n) {
    la_int *p = (la_int *)calloc(n ? n : 1, sizeof(la_int));
    if (!p) {
        printf("testutil: out of memory\n");
        exit(2);
    }
    return p;
}

la_mat tu_mat(la_int rows, la_int cols, la_int ld) {
    if (ld <= 0) ld = cols > 0 ? cols : 1;
    return la_mat_ld(rows, cols, ld, tu_reals((size_t)(rows > 0 ? rows : 1) * (size_t)ld));
}

void tu_free(void *p) { free(p); }

void tu_fill_normal(la_rng *r, la_mat A) {
    la_int i, j;
    for (i = 0; i < A.rows; ++i)
        for (j = 0; j < A.cols; ++j) LA_AT(A, i, j) = (la_real)la_rng_normal(r);
}

void tu_fill_uniform(la_rng *r, la_mat A) {
    la_int i, j;
    for (i = 0; i < A.rows; ++i)
        for (j = 0; j < A.cols; ++j) LA_AT(A, i, j) = (la_real)(2 * la_rng_uniform(r) - 1);
}

void tu_vec_normal(la_rng *r, la_int n, la_real *x) {
    la_int i;
    for (i = 0; i < n; ++i) x[i] = (la_real)la_rng_normal(r);
}

void tu_rand_orthogonal(la_rng *r, la_mat Q) {
    la_int n = Q.rows, i, j, k;
    long double *v = (long double *)calloc((size_t)(n > 0 ? n : 1), sizeof(long double));
    long double *q = (long double *)calloc((size_t)(n > 0 ? n * n : 1), sizeof(long double));
    for (i = 0; i < n; ++i) q[i * n + i] = 1;
    for (k = 0; k < n; ++k) {
        long double nv = 0;
        for (i = 0; i < n; ++i) {
            v[i] = (long double)la_rng_normal(r);
            nv += v[i] * v[i];
        }
        if (nv == 0) continue;
        /* q <- q (I - 2 v v^T / v^T v) */
        for (i = 0; i < n; ++i) {
            long double s = 0;
            for (j = 0; j < n; ++j) s += q[i * n + j] * v[j];
            s *= 2 / nv;
            for (j = 0; j < n; ++j) q[i * n + j] -= s * v[j];
        }
    }
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) LA_AT(Q, i, j) = (la_real)q[i * n + j];
    free(v);
    free(q);
}

void tu_rand_cond(la_rng *r, la_mat A, double cond) {
    la_int m = A.rows, n = A.cols, k = m < n ? m : n, i, j, p;
    la_mat U = tu_mat(m, m, 0), V = tu_mat(n, n, 0);
    long double *sv = (long double *)calloc((size_t)(k > 0 ? k : 1), sizeof(long double));
    tu_rand_orthogonal(r, U);
    tu_rand_orthogonal(r, V);
    for (p = 0; p < k; ++p) sv[p] = k > 1 ? powl((long double)cond, -(long double)p / (k - 1)) : 1;
    for (i = 0; i < m; ++i)
        for (j = 0; j < n; ++j) {
            long double s = 0;
            for (p = 0; p < k; ++p) s += (long double)LA_AT(U, i, p) * sv[p] * (long double)LA_AT(V, j, p);
            LA_AT(A, i, j) = (la_real)s;
        }
    free(sv);
    tu_free(U.data);
    tu_free(V.data);
}

void tu_rand_sym(la_rng *r, la_mat A, const double *d) {
    la_int n = A.rows, i, j, p;
    la_mat Q = tu_mat(n, n, 0);
    tu_rand_orthogonal(r, Q);
    for (i = 0; i < n; ++i)
        for (j = 0; j <= i; ++j) {
            long double s = 0;
            for (p = 0; p < n; ++p) s += (long double)LA_AT(Q, i, p) * (long double)d[p] * (long double)LA_AT(Q, j, p);
            LA_AT(A, i, j) = LA_AT(A, j, i) = (la_real)s;
        }
    tu_free(Q.data);
}

void tu_rand_spd(la_rng *r, la_mat A, double cond) {
    la_int n = A.rows, p;
    double *d = (double *)calloc((size_t)(n > 0 ? n : 1), sizeof(double));
    for (p = 0; p < n; ++p) d[p] = n > 1 ? (double)powl((long double)cond, -(long double)p / (n - 1)) : 1;
    tu_rand_sym(r, A, d);
    free(d);
}

static long double tu_op(la_mat A, la_trans t, la_int i, la_int j) {
    return (long double)(t == LA_NOTRANS ? LA_AT(A, i, j) : LA_AT(A, j, i));
}

void tu_ref_gemm(la_trans ta, la_trans tb, double alpha, la_mat A, la_mat B, double beta,
                 la_mat C) {
    la_int m = C.rows, n = C.cols, k = la_op_cols(ta, A), i, j, p;
    for (i = 0; i < m; ++i)
        for (j = 0; j < n; ++j) {
            long double s = 0;
            for (p = 0; p < k; ++p) s += tu_op(A, ta, i, p) * tu_op(B, tb, p, j);
            s *= alpha;
            if (beta != 0) s += (long double)beta * (long double)LA_AT(C, i, j);
            LA_AT(C, i, j) = (la_real)s;
        }
}

double tu_max_diff(la_mat A, la_mat B) {
    double m = 0;
    la_int i, j;
    for (i = 0; i < A.rows; ++i)
        for (j = 0; j < A.cols; ++j) {
            double d = fabs((double)LA_AT(A, i, j) - (double)LA_AT(B, i, j));
            if (d != d) return d;
            if (d > m) m = d;
        }
    return m;
}

double tu_max_abs(la_mat A) {
    double m = 0;
    la_int i, j;
    for (i = 0; i < A.rows; ++i)
        for (j = 0; j < A.cols; ++j) {
            double d = fabs((double)LA_AT(A, i, j));
            if (d != d) return d;
            if (d > m) m = d;
        }
    return m;
}

double tu_fro(la_mat A) {
    long double s = 0;
    la_int i, j;
    for (i = 0; i < A.rows; ++i)
        for (j = 0; j < A.cols; ++j) s += (long double)LA_AT(A, i, j) * (long double)LA_AT(A, i, j);
    return (double)sqrtl(s);
}

double tu_backward_error(la_mat A, la_trans ta, la_mat X, la_mat B) {
    la_int m = la_op_rows(ta, A), n = la_op_cols(ta, A), k = X.cols, i, j, p;
    long double r = 0, den;
    for (i = 0; i < m; ++i)
        for (j = 0; j < k; ++j) {
            long double s = -(long double)LA_AT(B, i, j);
            for (p = 0; p < n; ++p) s += tu_op(A, ta, i, p) * (long double)LA_AT(X, p, j);
            r += s * s;
        }
    den = (long double)tu_fro(A) * (long double)tu_fro(X) + (long double)tu_fro(B);
    return den > 0 ? (double)(sqrtl(r) / den) : (double)sqrtl(r);
}

double tu_orth_error(la_mat Q) {
    la_int n = Q.cols, i, j, p;
    double m = 0;
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) {
            long double s = i == j ? -1.0L : 0.0L;
            double d;
            for (p = 0; p < Q.rows; ++p) s += (long double)LA_AT(Q, p, i) * (long double)LA_AT(Q, p, j);
            d = fabs((double)s);
            if (d != d) return d;
            if (d > m) m = d;
        }
    return m;
}

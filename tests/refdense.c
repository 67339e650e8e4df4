/* refdense.c - see refdense.h. */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include "refdense.h"

static long double *rd_alloc(size_t n) {
    long double *p = (long double *)calloc(n ? n : 1, sizeof(long double));
    if (!p) {
        printf("refdense: out of memory\n");
        exit(2);
    }
    return p;
}

long double *rd_from_mat(la_mat A) {
    long double *M = rd_alloc((size_t)A.rows * (size_t)A.cols);
    la_int i, j;
    for (i = 0; i < A.rows; ++i)
        for (j = 0; j < A.cols; ++j) M[(size_t)i * A.cols + j] = (long double)LA_AT(A, i, j);
    return M;
}

void rd_to_mat(const long double *M, la_mat A) {
    la_int i, j;
    for (i = 0; i < A.rows; ++i)
        for (j = 0; j < A.cols; ++j) LA_AT(A, i, j) = (la_real)M[(size_t)i * A.cols + j];
}

void rd_free(void *p) { free(p); }

int rd_solve(la_int n, long double *M, la_int k, long double *X) {
    la_int i, j, c, p;
    for (j = 0; j < n; ++j) {
        long double best = 0, piv;
        p = j;
        for (i = j; i < n; ++i)
            if (fabsl(M[(size_t)i * n + j]) > best) {
                best = fabsl(M[(size_t)i * n + j]);
                p = i;
            }
        if (best == 0) return 0;
        if (p != j) {
            for (c = 0; c < n; ++c) {
                long double t = M[(size_t)j * n + c];
                M[(size_t)j * n + c] = M[(size_t)p * n + c];
                M[(size_t)p * n + c] = t;
            }
            for (c = 0; c < k; ++c) {
                long double t = X[(size_t)j * k + c];
                X[(size_t)j * k + c] = X[(size_t)p * k + c];
                X[(size_t)p * k + c] = t;
            }
        }
        piv = M[(size_t)j * n + j];
        for (i = 0; i < n; ++i) {
            long double l;
            if (i == j) continue;
            l = M[(size_t)i * n + j] / piv;
            if (l == 0) continue;
            for (c = j; c < n; ++c) M[(size_t)i * n + c] -= l * M[(size_t)j * n + c];
            for (c = 0; c < k; ++c) X[(size_t)i * k + c] -= l * X[(size_t)j * k + c];
        }
    }
    for (i = 0; i < n; ++i)
        for (c = 0; c < k; ++c) X[(size_t)i * k + c] /= M[(size_t)i * n + i];
    return 1;
}

int rd_inverse(la_int n, long double *M) {
    long double *X = rd_alloc((size_t)n * n);
    la_int i;
    int ok;
    for (i = 0; i < n; ++i) X[(size_t)i * n + i] = 1;
    ok = rd_solve(n, M, n, X);
    for (i = 0; i < n * n; ++i) M[i] = X[i];
    free(X);
    return ok;
}

long double rd_norm1(la_int n, const long double *M) {
    long double best = 0;
    la_int i, j;
    for (j = 0; j < n; ++j) {
        long double s = 0;
        for (i = 0; i < n; ++i) s += fabsl(M[(size_t)i * n + j]);
        if (s > best) best = s;
    }
    return best;
}

double rd_rcond1(la_mat A) {
    long double *M = rd_from_mat(A), an = rd_norm1(A.rows, M), r = 0;
    if (rd_inverse(A.rows, M)) r = 1 / (an * rd_norm1(A.rows, M));
    free(M);
    return (double)r;
}

void rd_lstsq_normal(la_mat A, const la_real *b, long double *x) {
    la_int m = A.rows, n = A.cols, i, j, p;
    long double *G = rd_alloc((size_t)n * n);
    for (i = 0; i < n; ++i) {
        for (j = 0; j < n; ++j) {
            long double s = 0;
            for (p = 0; p < m; ++p) s += (long double)LA_AT(A, p, i) * (long double)LA_AT(A, p, j);
            G[(size_t)i * n + j] = s;
        }
        x[i] = 0;
        for (p = 0; p < m; ++p) x[i] += (long double)LA_AT(A, p, i) * (long double)b[p];
    }
    rd_solve(n, G, 1, x);
    free(G);
}

void rd_chol(la_mat A, la_mat L) {
    la_int n = A.rows, i, j, p;
    long double *M = rd_alloc((size_t)n * n);
    for (j = 0; j < n; ++j) {
        long double d = (long double)LA_AT(A, j, j);
        for (p = 0; p < j; ++p) d -= M[(size_t)j * n + p] * M[(size_t)j * n + p];
        d = sqrtl(d);
        M[(size_t)j * n + j] = d;
        for (i = j + 1; i < n; ++i) {
            long double s = (long double)LA_AT(A, i, j);
            for (p = 0; p < j; ++p) s -= M[(size_t)i * n + p] * M[(size_t)j * n + p];
            M[(size_t)i * n + j] = s / d;
        }
    }
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) LA_AT(L, i, j) = (la_real)M[(size_t)i * n + j];
    free(M);
}

/* bench_matfun_blas.c - companion of bench_matfun.c: the toolkit compiled a
 * second time with the CBLAS and LAPACKE backends (LA_STATIC keeps its
 * symbols private to this translation unit), behind plain entry points. */
#define LA_USE_LAPACKE
#define LA_USE_CBLAS
#define LA_STATIC
#define LA_IMPLEMENTATION
#include "linalg.h"

int bench_matfun_blas_inv_root(const double *a, int n, int p, double *x, void *ws, size_t bytes);
int bench_matfun_blas_eigen_route(const double *a, int n, int p, double *x, double *v, double *w,
                                  void *ws, size_t bytes);
size_t bench_matfun_blas_ws(int n);

size_t bench_matfun_blas_ws(int n) {
    size_t a = la_inv_root_ws_bytes(n), b = la_eigh_ws_bytes(n, 1);
    return a > b ? a : b;
}

int bench_matfun_blas_inv_root(const double *a, int n, int p, double *x, void *ws, size_t bytes) {
    la_arena ar = la_arena_of(ws, bytes);
    return (int)la_inv_root(la_mat_of(n, n, (double *)a), p, 0, la_mat_of(n, n, x), &ar);
}

/* X = V diag(w^(-1/p)) V^T from la_eigh, as a symmetric product */
int bench_matfun_blas_eigen_route(const double *a, int n, int p, double *x, double *v, double *w,
                                  void *ws, size_t bytes) {
    la_arena ar = la_arena_of(ws, bytes);
    la_mat V = la_mat_of(n, n, v);
    int i, j;
    if (la_eigh(la_mat_of(n, n, (double *)a), w, V, &ar) != LA_OK) return 1;
    for (j = 0; j < n; ++j) {
        double s = LA_POW(w[j], -0.5 / p);
        for (i = 0; i < n; ++i) LA_AT(V, i, j) *= s;
    }
    if (la_syrk(LA_LOWER, LA_NOTRANS, 1, V, 0, la_mat_of(n, n, x)) != LA_OK) return 1;
    for (i = 0; i < n; ++i)
        for (j = 0; j < i; ++j) x[j * n + i] = x[i * n + j];
    return 0;
}

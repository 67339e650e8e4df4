/* bench_lu_cblas.c - companion of bench_lu.c: the toolkit's own recursive
 * LU and blocked QR running on OpenBLAS's level-3 kernels (LA_USE_CBLAS
 * without LA_USE_LAPACKE; LA_STATIC keeps the symbols private). It shows
 * what the factorizations cost on top of the kernels they call. */
#define LA_USE_CBLAS
#define LA_STATIC
#define LA_IMPLEMENTATION
#include "linalg.h"

int bench_lu_cblas_lu(double *a, int n, int *piv);
int bench_lu_cblas_qr(double *a, int n, double *tau, void *ws, size_t ws_bytes);

int bench_lu_cblas_lu(double *a, int n, int *piv) { return (int)la_lu(la_mat_of(n, n, a), piv); }

int bench_lu_cblas_qr(double *a, int n, double *tau, void *ws, size_t ws_bytes) {
    la_arena arena = la_arena_of(ws, ws_bytes);
    return (int)la_qr(la_mat_of(n, n, a), tau, &arena);
}

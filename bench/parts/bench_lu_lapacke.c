/* bench_lu_lapacke.c - companion of bench_lu.c: the toolkit compiled a
 * second time with the LAPACKE backend (LA_STATIC keeps its symbols private
 * to this translation unit), behind two plain entry points. */
#define LA_USE_LAPACKE
#define LA_USE_CBLAS
#define LA_STATIC
#define LA_IMPLEMENTATION
#include "linalg.h"

int bench_lu_backend_lu(double *a, int n, int *piv);
int bench_lu_backend_qr(double *a, int n, double *tau, void *ws, size_t ws_bytes);
size_t bench_lu_backend_qr_ws(int n);

int bench_lu_backend_lu(double *a, int n, int *piv) {
    return (int)la_lu(la_mat_of(n, n, a), piv);
}

size_t bench_lu_backend_qr_ws(int n) { return la_qr_ws_bytes(n, n); }

int bench_lu_backend_qr(double *a, int n, double *tau, void *ws, size_t ws_bytes) {
    la_arena arena = la_arena_of(ws, ws_bytes);
    return (int)la_qr(la_mat_of(n, n, a), tau, &arena);
}

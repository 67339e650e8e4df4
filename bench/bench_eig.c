/* bench_eig.c - la_eigh (eigenvalues and eigenvectors) beside LAPACKE_dsyevd
 * at n = 400 and 1000, la_svd (thin, both factors) beside LAPACKE_dgesdd
 * at n = 300, and for general matrices la_hessenberg (H and Q) beside
 * LAPACKE_dgehrd + dorghr, la_schur (real Schur form and
 * vectors) beside LAPACKE_dgees and la_eig (eigenvalues) beside
 * LAPACKE_dgeev at n = 256 and 1000, OpenBLAS single-threaded, same process, alternating, median
 * of BENCH_REPS. The toolkit runs its built-in kernels (no backend macro).
 * Prints time ratios peer/toolkit (1 = as fast; the bar is 0.33). */
/* LIBS: -llapacke -lopenblas */
#define LA_IMPLEMENTATION
#include "linalg.h"
#define BENCH_WITH_OPENBLAS
#include "bench_util.h"
#include <lapacke.h>

static void fill_symmetric(la_rng *r, la_mat A) {
    la_int i, j;
    for (i = 0; i < A.rows; ++i)
        for (j = 0; j <= i; ++j) LA_AT(A, i, j) = LA_AT(A, j, i) = la_rng_normal(r);
}

static void bench_eigh(la_int n) {
    la_rng r = la_rng_seed(7);
    size_t nn = (size_t)n * (size_t)n;
    double *a = (double *)malloc(nn * sizeof(double)), *c = (double *)malloc(nn * sizeof(double)),
           *v = (double *)malloc(nn * sizeof(double)), *w = (double *)malloc((size_t)n * sizeof(double));
    double tl[BENCH_REPS], tp[BENCH_REPS], t, q = 0, *work;
    lapack_int qi = 0, *iwork, lw, liw;
    size_t wsb = la_eigh_ws_bytes(n, 1);
    void *buf = malloc(wsb);
    la_arena ar = la_arena_of(buf, wsb);
    la_mat A = la_mat_of(n, n, a), V = la_mat_of(n, n, v);
    int k, ok = 1;
    fill_symmetric(&r, A);
    LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, 'V', 'L', n, c, n, w, &q, -1, &qi, -1);
    lw = (lapack_int)q;
    liw = qi;
    work = (double *)malloc((size_t)lw * sizeof(double));
    iwork = (lapack_int *)malloc((size_t)liw * sizeof(lapack_int));
    for (k = 0; k < BENCH_REPS; ++k) {
        t = bench_now();
        ok &= la_eigh(A, w, V, &ar) == LA_OK;
        tl[k] = bench_now() - t;
        memcpy(c, a, nn * sizeof(double));
        t = bench_now();
        ok &= LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, 'V', 'L', n, c, n, w, work, lw, iwork, liw) == 0;
        tp[k] = bench_now() - t;
    }
    printf("eigh  n=%4d  la_eigh %8.4f s  dsyevd %8.4f s  ratio %.2f  (%s)%s\n", (int)n,
           bench_median(tl, BENCH_REPS), bench_median(tp, BENCH_REPS),
           bench_median(tp, BENCH_REPS) / bench_median(tl, BENCH_REPS), bench_openblas_core(),
           ok ? "" : "  FAILED");
    free(a);
    free(c);
    free(v);
    free(w);
    free(work);
    free(iwork);
    free(buf);
}


static void bench_svd(la_int n) {
    la_rng r = la_rng_seed(8);
    size_t nn = (size_t)n * (size_t)n;
    double *a = (double *)malloc(nn * sizeof(double)), *c = (double *)malloc(nn * sizeof(double)),
           *u = (double *)malloc(nn * sizeof(double)), *vt = (double *)malloc(nn * sizeof(double)),
           *s = (double *)malloc((size_t)n * sizeof(double));
    double tl[BENCH_REPS], tp[BENCH_REPS], t, q = 0, *work;
    lapack_int *iwork = (lapack_int *)malloc(8 * (size_t)n * sizeof(lapack_int)), lw;
    size_t wsb = la_svd_ws_bytes(n, n, 1, 1);
    void *buf = malloc(wsb);
    la_arena ar = la_arena_of(buf, wsb);
    la_mat A = la_mat_of(n, n, a), U = la_mat_of(n, n, u), Vt = la_mat_of(n, n, vt);
    la_int i;
    int k, ok = 1;
    for (i = 0; i < (la_int)nn; ++i) a[i] = la_rng_normal(&r);
    LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, 'S', n, n, c, n, s, u, n, vt, n, &q, -1, iwork);
    lw = (lapack_int)q;
    work = (double *)malloc((size_t)lw * sizeof(double));
    for (k = 0; k < BENCH_REPS; ++k) {
        t = bench_now();
        ok &= la_svd(A, s, U, Vt, &ar) == LA_OK;
        tl[k] = bench_now() - t;
        memcpy(c, a, nn * sizeof(double));
        t = bench_now();
        ok &= LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, 'S', n, n, c, n, s, u, n, vt, n, work, lw,
                                  iwork) == 0;
        tp[k] = bench_now() - t;
    }
    printf("svd   n=%4d  la_svd  %8.4f s  dgesdd %8.4f s  ratio %.2f  (%s)%s\n", (int)n,
           bench_median(tl, BENCH_REPS), bench_median(tp, BENCH_REPS),
           bench_median(tp, BENCH_REPS) / bench_median(tl, BENCH_REPS), bench_openblas_core(),
           ok ? "" : "  FAILED");
    free(a);
    free(c);
    free(u);
    free(vt);
    free(s);
    free(work);
    free(iwork);
    free(buf);
}

/* la_hessenberg (H and Q) beside dgehrd + a copy of H + dorghr, la_schur
 * (T and Z) beside dgees ('V', no sorting), then la_eig beside dgeev ('N',
 * 'N'), on a Gaussian n x n matrix; each call on a fresh copy. */
static void bench_nonsymmetric(la_int n) {
    la_rng r = la_rng_seed(9);
    size_t nn = (size_t)n * (size_t)n;
    double *a = (double *)malloc(nn * sizeof(double)), *c = (double *)malloc(nn * sizeof(double)),
           *z = (double *)malloc(nn * sizeof(double)), *wr = (double *)malloc((size_t)n * sizeof(double)),
           *wi = (double *)malloc((size_t)n * sizeof(double));
    double tl[3][BENCH_REPS], tp[3][BENCH_REPS], th[BENCH_REPS], t, q = 0, *work;
    lapack_int lw, sdim = 0;
    size_t wsb = la_schur_ws_bytes(n) > la_eig_ws_bytes(n) ? la_schur_ws_bytes(n) : la_eig_ws_bytes(n);
    void *buf = malloc(wsb);
    la_arena ar = la_arena_of(buf, wsb);
    la_int i;
    int k, ok = 1;
    for (i = 0; i < (la_int)nn; ++i) a[i] = la_rng_normal(&r);
    LAPACKE_dgees_work(LAPACK_COL_MAJOR, 'V', 'N', NULL, n, c, n, &sdim, wr, wi, z, n, &q, -1, NULL);
    lw = (lapack_int)q;
    LAPACKE_dgeev_work(LAPACK_COL_MAJOR, 'N', 'N', n, c, n, wr, wi, NULL, 1, NULL, 1, &q, -1);
    if ((lapack_int)q > lw) lw = (lapack_int)q;
    LAPACKE_dgehrd_work(LAPACK_COL_MAJOR, n, 1, n, c, n, wr, &q, -1);
    if ((lapack_int)q > lw) lw = (lapack_int)q;
    LAPACKE_dorghr_work(LAPACK_COL_MAJOR, n, 1, n, c, n, wr, &q, -1);
    if ((lapack_int)q > lw) lw = (lapack_int)q;
    if (la_hessenberg_ws_bytes(n) > wsb) wsb = la_hessenberg_ws_bytes(n);
    buf = realloc(buf, wsb);
    ar = la_arena_of(buf, wsb);
    work = (double *)malloc((size_t)lw * sizeof(double));
    for (k = 0; k < BENCH_REPS; ++k) {
        memcpy(c, a, nn * sizeof(double));
        t = bench_now();
        ok &= la_hessenberg(la_mat_of(n, n, c), la_mat_of(n, n, z), &ar) == LA_OK;
        tl[2][k] = bench_now() - t;
        memcpy(c, a, nn * sizeof(double));
        t = bench_now();
        ok &= LAPACKE_dgehrd_work(LAPACK_COL_MAJOR, n, 1, n, c, n, wr, work, lw) == 0;
        memcpy(z, c, nn * sizeof(double));
        ok &= LAPACKE_dorghr_work(LAPACK_COL_MAJOR, n, 1, n, z, n, wr, work, lw) == 0;
        tp[2][k] = bench_now() - t;
        memcpy(c, a, nn * sizeof(double));
        t = bench_now();
        ok &= la_schur(la_mat_of(n, n, c), la_mat_of(n, n, z), wr, wi, &ar) == LA_OK;
        tl[0][k] = bench_now() - t;
        memcpy(c, a, nn * sizeof(double));
        t = bench_now();
        ok &= LAPACKE_dgees_work(LAPACK_COL_MAJOR, 'V', 'N', NULL, n, c, n, &sdim, wr, wi, z, n, work,
                                 lw, NULL) == 0;
        tp[0][k] = bench_now() - t;
        memcpy(c, a, nn * sizeof(double));
        t = bench_now();
        ok &= la_eig(la_mat_of(n, n, c), wr, wi, &ar) == LA_OK;
        tl[1][k] = bench_now() - t;
        memcpy(c, a, nn * sizeof(double));
        t = bench_now();
        ok &= LAPACKE_dgeev_work(LAPACK_COL_MAJOR, 'N', 'N', n, c, n, wr, wi, NULL, 1, NULL, 1, work,
                                 lw) == 0;
        tp[1][k] = bench_now() - t;
    }
    for (k = 0; k < BENCH_REPS; ++k) th[k] = tp[2][k] / tl[2][k];
    printf("hess  n=%4d  la_hessenberg (H, Q) %8.4f s  dgehrd + dorghr %8.4f s  ratio %.2f  (%s)%s\n",
           (int)n, bench_median(tl[2], BENCH_REPS), bench_median(tp[2], BENCH_REPS),
           bench_median(th, BENCH_REPS), bench_openblas_core(), ok ? "" : "  FAILED");
    printf("schur n=%4d  la_schur %8.4f s  dgees  %8.4f s  ratio %.2f  (%s)%s\n", (int)n,
           bench_median(tl[0], BENCH_REPS), bench_median(tp[0], BENCH_REPS),
           bench_median(tp[0], BENCH_REPS) / bench_median(tl[0], BENCH_REPS), bench_openblas_core(),
           ok ? "" : "  FAILED");
    printf("eig   n=%4d  la_eig   %8.4f s  dgeev  %8.4f s  ratio %.2f  (%s)%s\n", (int)n,
           bench_median(tl[1], BENCH_REPS), bench_median(tp[1], BENCH_REPS),
           bench_median(tp[1], BENCH_REPS) / bench_median(tl[1], BENCH_REPS), bench_openblas_core(),
           ok ? "" : "  FAILED");
    free(a);
    free(c);
    free(z);
    free(wr);
    free(wi);
    free(work);
    free(buf);
}


int main(void) {
    bench_openblas_single_thread();
    bench_eigh(400);
    bench_eigh(1000);

    bench_svd(300);

    bench_nonsymmetric(256);
    bench_nonsymmetric(1000);
    return 0;
}

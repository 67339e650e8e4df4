/* bench_lu.c - LU and QR of a 1000 x 1000 matrix: the built-in la_lu and
 * la_qr beside LAPACKE_dgetrf / LAPACKE_dgeqrf (OpenBLAS, one thread), the
 * explicit Q of a QR (la_qr_form_q beside LAPACKE_dorgqr, n = 256 and
 * 1000, each from its own factorization of the same matrix), least squares
 * with one right-hand side (la_lstsq beside LAPACKE_dgels, 2000 x 500), and
 * the toolkit's LAPACKE backend (bench/parts/bench_lu_lapacke.c) beside the
 * same routines called directly, and the built-in algorithms running on
 * OpenBLAS's kernels (bench/parts/bench_lu_cblas.c). Same process, alternating, median of
 * BENCH_REPS; every figure names the OpenBLAS core.
 *
 * The direct calls factor the column-major matrix; the toolkit factors the
 * row-major one (the same numbers: the transposed matrix, same flops). The
 * LAPACKE backend's QR of row-major A is dgelqf of the column-major A^T
 * (no copy): it is also timed beside dgelqf called directly, the routine it
 * wraps.
 * Times are medians; a ratio (peer time / toolkit time, above 1 when the
 * toolkit is faster) is the median of the ratios of the runs of one
 * repetition, which were made back to back: on a shared machine that
 * cancels slow changes of load. Each line also gives the ratio of thread
 * CPU times (everything here runs in one thread), which leaves out the time
 * the process waited for a core while other programs ran. */
/* LIBS: -llapacke -lopenblas */
#define BENCH_WITH_OPENBLAS
#include "bench_util.h"
#include <lapacke.h>
#define LA_IMPLEMENTATION
#include "linalg.h"

int bench_lu_backend_lu(double *a, int n, int *piv);
int bench_lu_backend_qr(double *a, int n, double *tau, void *ws, size_t ws_bytes);
size_t bench_lu_backend_qr_ws(int n);
int bench_lu_cblas_lu(double *a, int n, int *piv);
int bench_lu_cblas_qr(double *a, int n, double *tau, void *ws, size_t ws_bytes);

#define N 1000

enum { LU_BUILTIN, LU_PEER, LU_BACKEND, LU_CBLAS, QR_BUILTIN, QR_PEER, QR_BACKEND, QR_CBLAS, LQ_PEER, NCASE };

/* Seconds of CPU time of the calling thread. */
static double cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* One run of case `which`: wall time returned, CPU time in *cpu. */
static double run(int which, const double *a0, double *a, int *piv, double *tau, void *ws,
                  size_t wsb, double *peer_work, lapack_int peer_lwork, double *cpu) {
    double t, c;
    int st = 0;
    memcpy(a, a0, sizeof(double) * N * N);
    c = cpu_now();
    t = bench_now();
    switch (which) {
    case LU_BUILTIN: st = la_lu(la_mat_of(N, N, a), piv) != LA_OK; break;
    case LU_PEER: st = LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, N, N, a, N, piv) != 0; break;
    case LU_BACKEND: st = bench_lu_backend_lu(a, N, piv) != 0; break;
    case LU_CBLAS: st = bench_lu_cblas_lu(a, N, piv) != 0; break;
    case QR_BUILTIN: {
        la_arena ar = la_arena_of(ws, wsb);
        st = la_qr(la_mat_of(N, N, a), tau, &ar) != LA_OK;
        break;
    }
    case QR_PEER:
        st = LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, N, N, a, N, tau, peer_work, peer_lwork) != 0;
        break;
    case QR_BACKEND: st = bench_lu_backend_qr(a, N, tau, ws, wsb) != 0; break;
    case QR_CBLAS: st = bench_lu_cblas_qr(a, N, tau, ws, wsb) != 0; break;
    case LQ_PEER:
        st = LAPACKE_dgelqf_work(LAPACK_COL_MAJOR, N, N, a, N, tau, peer_work, peer_lwork) != 0;
        break;
    }
    t = bench_now() - t;
    *cpu = cpu_now() - c;
    if (st) {
        printf("case %d failed\n", which);
        exit(1);
    }
    return t;
}

/* la_qr_form_q beside dorgqr at order n (n <= N): each forms the square Q
 * of its own QR of the same matrix (the toolkit's of the row-major matrix,
 * LAPACK's of the column-major one), alternating, BENCH_REPS runs; the
 * ratio is the median of the per-run ratios (as above). */
static void form_q(int n, const double *a0) {
    double *f = (double *)malloc(sizeof(double) * (size_t)n * n),
           *fp = (double *)malloc(sizeof(double) * (size_t)n * n),
           *q = (double *)malloc(sizeof(double) * (size_t)n * n), tau[N], taup[N], tl[BENCH_REPS],
           tp[BENCH_REPS], ratios[BENCH_REPS], t, lw = 0, *work;
    size_t wsb = la_qr_form_q_ws_bytes(n, n, n) > la_qr_ws_bytes(n, n) ? la_qr_form_q_ws_bytes(n, n, n)
                                                                      : la_qr_ws_bytes(n, n);
    void *ws = malloc(wsb);
    la_arena ar;
    lapack_int lwork;
    int i, rep;
    for (i = 0; i < n; ++i) memcpy(f + (size_t)i * n, a0 + (size_t)i * N, sizeof(double) * (size_t)n);
    memcpy(fp, f, sizeof(double) * (size_t)n * n);
    ar = la_arena_of(ws, wsb);
    la_qr(la_mat_of(n, n, f), tau, &ar);
    LAPACKE_dgeqrf(LAPACK_COL_MAJOR, n, n, fp, n, taup);
    LAPACKE_dorgqr_work(LAPACK_COL_MAJOR, n, n, n, q, n, taup, &lw, -1);
    lwork = (lapack_int)lw;
    work = (double *)malloc(sizeof(double) * (size_t)lwork);
    for (rep = -1; rep < BENCH_REPS; ++rep) { /* rep -1 warms up */
        ar = la_arena_of(ws, wsb);
        t = bench_now();
        if (la_qr_form_q(la_mat_of(n, n, f), tau, la_mat_of(n, n, q), &ar) != LA_OK) exit(1);
        t = bench_now() - t;
        if (rep >= 0) tl[rep] = t;
        memcpy(q, fp, sizeof(double) * (size_t)n * n);
        t = bench_now();
        if (LAPACKE_dorgqr_work(LAPACK_COL_MAJOR, n, n, n, q, n, taup, work, lwork) != 0) exit(1);
        t = bench_now() - t;
        if (rep >= 0) tp[rep] = t;
    }
    for (rep = 0; rep < BENCH_REPS; ++rep) ratios[rep] = tp[rep] / tl[rep];
    printf("qr_form_q la_qr_form_q (built-in) n=%d: %.2f ms | LAPACKE_dorgqr %.2f ms | ratio %.2f"
           "  [OpenBLAS %s, 1 thread]\n",
           n, 1e3 * bench_median(tl, BENCH_REPS), 1e3 * bench_median(tp, BENCH_REPS),
           bench_median(ratios, BENCH_REPS), bench_openblas_core());
    free(f);
    free(fp);
    free(q);
    free(ws);
    free(work);
}

/* la_lstsq beside dgels on an m x n A (m >= n, m n <= N^2 entries of a0)
 * and one right-hand side, alternating, BENCH_REPS runs. dgels assumes
 * full rank; la_lstsq also tests R's diagonal for rank deficiency (and would
 * then take the minimum-norm solution). */
static void lstsq(int m, int n, const double *a0) {
    double *a = (double *)malloc(sizeof(double) * (size_t)m * n),
           *b = (double *)malloc(sizeof(double) * (size_t)m),
           *b0 = (double *)malloc(sizeof(double) * (size_t)m), tl[BENCH_REPS], tp[BENCH_REPS],
           ratios[BENCH_REPS], t, lw = 0, *work;
    size_t wsb = la_lstsq_ws_bytes(m, n, 1);
    void *ws = malloc(wsb);
    la_rng r = la_rng_seed(2);
    lapack_int lwork;
    int i, rep;
    for (i = 0; i < m; ++i) b0[i] = la_rng_normal(&r);
    LAPACKE_dgels_work(LAPACK_COL_MAJOR, 'N', m, n, 1, a, m, b, m, &lw, -1);
    lwork = (lapack_int)lw;
    work = (double *)malloc(sizeof(double) * (size_t)lwork);
    for (rep = -1; rep < BENCH_REPS; ++rep) { /* rep -1 warms up */
        la_arena ar = la_arena_of(ws, wsb);
        memcpy(a, a0, sizeof(double) * (size_t)m * n);
        memcpy(b, b0, sizeof(double) * (size_t)m);
        t = bench_now();
        if (la_lstsq(la_mat_of(m, n, a), la_mat_of(m, 1, b), &ar) != LA_OK) exit(1);
        t = bench_now() - t;
        if (rep >= 0) tl[rep] = t;
        memcpy(a, a0, sizeof(double) * (size_t)m * n);
        memcpy(b, b0, sizeof(double) * (size_t)m);
        t = bench_now();
        if (LAPACKE_dgels_work(LAPACK_COL_MAJOR, 'N', m, n, 1, a, m, b, m, work, lwork) != 0) exit(1);
        t = bench_now() - t;
        if (rep >= 0) tp[rep] = t;
    }
    for (rep = 0; rep < BENCH_REPS; ++rep) ratios[rep] = tp[rep] / tl[rep];
    printf("lstsq la_lstsq (built-in) %d x %d, 1 rhs: %.2f ms | LAPACKE_dgels %.2f ms | ratio %.2f"
           "  [OpenBLAS %s, 1 thread]\n",
           m, n, 1e3 * bench_median(tl, BENCH_REPS), 1e3 * bench_median(tp, BENCH_REPS),
           bench_median(ratios, BENCH_REPS), bench_openblas_core());
    free(a);
    free(b);
    free(b0);
    free(ws);
    free(work);
}

int main(void) {
    double *a0 = (double *)malloc(sizeof(double) * N * N), *a = (double *)malloc(sizeof(double) * N * N);
    double tau[N], times[NCASE][BENCH_REPS], cpus[NCASE][BENCH_REPS], med[NCASE], q = 0, *peer_work;
    int piv[N], rep, c;
    size_t wsb = la_qr_ws_bytes(N, N);
    void *ws;
    lapack_int lwork;
    la_rng r = la_rng_seed(1);
    bench_openblas_single_thread();
    if (bench_lu_backend_qr_ws(N) > wsb) wsb = bench_lu_backend_qr_ws(N);
    ws = malloc(wsb);
    LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, N, N, a, N, tau, &q, -1);
    lwork = (lapack_int)q;
    LAPACKE_dgelqf_work(LAPACK_COL_MAJOR, N, N, a, N, tau, &q, -1);
    if ((lapack_int)q > lwork) lwork = (lapack_int)q;
    peer_work = (double *)malloc(sizeof(double) * (size_t)lwork);
    for (c = 0; c < N * N; ++c) a0[c] = 2 * la_rng_uniform(&r) - 1;
    for (c = 0; c < NCASE; ++c) run(c, a0, a, piv, tau, ws, wsb, peer_work, lwork, &q); /* warm up */
    for (rep = 0; rep < BENCH_REPS; ++rep)
        for (c = 0; c < NCASE; ++c)
            times[c][rep] = run(c, a0, a, piv, tau, ws, wsb, peer_work, lwork, &cpus[c][rep]);
    for (c = 0; c < NCASE; ++c) med[c] = bench_median(times[c], BENCH_REPS);
    {
        static const struct {
            int which, peer;
            const char *label, *peer_label;
        } lines[] = {
            {LU_BUILTIN, LU_PEER, "lu  la_lu (built-in)", "LAPACKE_dgetrf"},
            {LU_BACKEND, LU_PEER, "lu  la_lu (LAPACKE backend)", "LAPACKE_dgetrf direct"},
            {LU_CBLAS, LU_PEER, "lu  la_lu (built-in recursion on OpenBLAS kernels, LA_USE_CBLAS)",
             "LAPACKE_dgetrf"},
            {QR_BUILTIN, QR_PEER, "qr  la_qr (built-in)", "LAPACKE_dgeqrf"},
            {QR_BACKEND, QR_PEER, "qr  la_qr (LAPACKE backend)", "LAPACKE_dgeqrf direct"},
            {QR_BACKEND, LQ_PEER, "qr  la_qr (LAPACKE backend: dgelqf on the implicit transpose)",
             "LAPACKE_dgelqf direct"},
            {QR_CBLAS, QR_PEER, "qr  la_qr (built-in blocking on OpenBLAS kernels, LA_USE_CBLAS)",
             "LAPACKE_dgeqrf"},
        };
        const char *core = bench_openblas_core();
        for (c = 0; c < (int)(sizeof lines / sizeof lines[0]); ++c) {
            double flops = (lines[c].which < QR_BUILTIN ? 2.0 / 3.0 : 4.0 / 3.0) * N * (double)N * N;
            double t = med[lines[c].which], tp = med[lines[c].peer], ratios[BENCH_REPS], cr[BENCH_REPS];
            for (rep = 0; rep < BENCH_REPS; ++rep) {
                ratios[rep] = times[lines[c].peer][rep] / times[lines[c].which][rep];
                cr[rep] = cpus[lines[c].peer][rep] / cpus[lines[c].which][rep];
            }
            printf("%s n=%d: %.1f ms %.1f GFLOP/s | %s %.1f ms %.1f GFLOP/s | ratio %.2f"
                   " (CPU time %.2f)  [OpenBLAS %s, 1 thread]\n",
                   lines[c].label, N, 1e3 * t, 1e-9 * flops / t, lines[c].peer_label, 1e3 * tp,
                   1e-9 * flops / tp, bench_median(ratios, BENCH_REPS), bench_median(cr, BENCH_REPS), core);
        }
    }
    form_q(256, a0);
    form_q(N, a0);
    lstsq(2 * N, N / 2, a0);
    free(a0);
    free(a);
    free(ws);
    free(peer_work);
    return 0;
}

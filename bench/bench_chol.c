/* bench_chol.c - Cholesky: the built-in la_chol beside LAPACKE_dpotrf
 * (OpenBLAS, one thread), and la_chol compiled with LA_USE_LAPACKE beside
 * calling LAPACKE_dpotrf_work directly. Same process, alternating, median of
 * BENCH_REPS; each call factors a fresh copy of the same SPD matrix. */
/* LIBS: -llapacke -lopenblas */
#define BENCH_WITH_OPENBLAS
#define LA_IMPLEMENTATION
#include "linalg.h"
#include "bench_util.h"
#include <lapacke.h>

/* parts/bench_chol_lapacke.c: la_chol of a LA_USE_LAPACKE build. */
la_status bench_chol_lapacke(la_mat A);

/* A symmetric, strictly diagonally dominant (hence SPD) n x n matrix. */
static void make_spd(double *a, int n, la_rng *r) {
    int i, j;
    for (i = 0; i < n; ++i)
        for (j = 0; j <= i; ++j) a[(size_t)i * n + j] = a[(size_t)j * n + i] = la_rng_uniform(r) - 0.5;
    for (i = 0; i < n; ++i) a[(size_t)i * n + i] = n;
}

/* Seconds of one factorization of a fresh copy of a0: which = 0 la_chol,
 * 1 LAPACKE_dpotrf_work directly ('U' on the column-major view of the
 * row-major buffer: our lower L), 2 la_chol under LA_USE_LAPACKE. */
static double time_one(int which, const double *a0, double *a, int n) {
    double t0, t1;
    int st;
    memcpy(a, a0, (size_t)n * n * sizeof(double));
    t0 = bench_now();
    if (which == 0)
        st = la_chol(la_mat_of(n, n, a));
    else if (which == 1)
        st = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'U', n, a, n);
    else
        st = bench_chol_lapacke(la_mat_of(n, n, a));
    t1 = bench_now();
    if (st != 0) {
        printf("factorization %d failed: %d\n", which, st);
        exit(1);
    }
    return t1 - t0;
}

int main(int argc, char **argv) {
    static const int sizes[] = {500, 1000, 2000};
    int s, rep, nsizes = argc > 1 ? atoi(argv[1]) : 3;
    la_rng r = la_rng_seed(1);
    bench_openblas_single_thread();
    printf("Cholesky n^3/3 flops; median of %d; OpenBLAS core %s, 1 thread\n", BENCH_REPS,
           bench_openblas_core());
    for (s = 0; s < nsizes && s < 3; ++s) {
        int n = sizes[s];
        double *a0 = (double *)malloc((size_t)n * n * sizeof(double));
        double *a = (double *)malloc((size_t)n * n * sizeof(double));
        double t[3][BENCH_REPS], m[3], gf = (double)n * n * n / 3e9;
        make_spd(a0, n, &r);
        time_one(0, a0, a, n); /* warm up */
        time_one(1, a0, a, n);
        for (rep = 0; rep < BENCH_REPS; ++rep) {
            t[0][rep] = time_one(0, a0, a, n);
            t[1][rep] = time_one(1, a0, a, n);
            t[2][rep] = time_one(2, a0, a, n);
        }
        for (rep = 0; rep < 3; ++rep) m[rep] = bench_median(t[rep], BENCH_REPS);
        printf("chol n=%d: built-in %.3f s (%.2f GFLOP/s), LAPACKE_dpotrf %.3f s (%.2f GFLOP/s): "
               "built-in/OpenBLAS = %.0f%%\n",
               n, m[0], gf / m[0], m[1], gf / m[1], 100 * m[1] / m[0]);
        printf("chol n=%d: LA_USE_LAPACKE backend %.3f s, direct dpotrf %.3f s: backend/direct = %.0f%%\n",
               n, m[2], m[1], 100 * m[1] / m[2]);
        free(a0);
        free(a);
    }
    return 0;
}

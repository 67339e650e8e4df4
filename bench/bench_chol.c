/* bench_chol.c - Cholesky: the built-in la_chol beside LAPACKE_dpotrf
 * (OpenBLAS, one thread) at n = 500 to 2000 and at n = 16 to 128, and la_chol compiled with LA_USE_LAPACKE beside
 * calling LAPACKE_dpotrf_work directly; the inverse from the factor,
 * la_chol_inverse beside LAPACKE_dpotri, at n = 64, 256 and 1000; then
 * the Bunch-Kaufman la_ldlt beside LAPACKE_dsytrf at n = 100 to 1000. Same process, alternating (the order flips each
 * repetition); times are medians of BENCH_REPS and ratios the medians of
 * the back-to-back ratios. Each call factors a fresh copy of the matrix. */
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

/* Seconds per call on a fresh copy of a0, the mean over `inner` calls
 * (copies not timed): which = 0 la_chol, 1 LAPACKE_dpotrf_work directly
 * ('U' on the column-major view of the row-major buffer: our lower L), 2
 * la_chol under LA_USE_LAPACKE; with a0 a Cholesky factor, 3
 * la_chol_inverse (both triangles of the result) and 4
 * LAPACKE_dpotri_work ('U' again: one triangle). */
static double time_one(int which, const double *a0, double *a, int n, int inner) {
    double total = 0;
    int it;
    for (it = 0; it < inner; ++it) {
        double t0, t1;
        int st;
        memcpy(a, a0, (size_t)n * n * sizeof(double));
        t0 = bench_now();
        if (which == 0)
            st = la_chol(la_mat_of(n, n, a));
        else if (which == 1)
            st = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'U', n, a, n);
        else if (which == 2)
            st = bench_chol_lapacke(la_mat_of(n, n, a));
        else if (which == 3)
            st = la_chol_inverse(la_mat_of(n, n, a));
        else
            st = LAPACKE_dpotri_work(LAPACK_COL_MAJOR, 'U', n, a, n);
        t1 = bench_now();
        if (st != 0) {
            printf("call %d failed: %d\n", which, st);
            exit(1);
        }
        total += t1 - t0;
    }
    return total / inner;
}

/* Seconds of one LDL^T factorization of a fresh copy of a0: la_ldlt
 * (which = 0) or LAPACKE_dsytrf_work with its optimal workspace (1). */
static double time_ldlt(int which, const double *a0, double *a, int n, int *ipiv, double *work,
                        int lwork) {
    double t0, t1;
    int st;
    memcpy(a, a0, (size_t)n * n * sizeof(double));
    t0 = bench_now();
    if (which == 0)
        st = la_ldlt(la_mat_of(n, n, a), ipiv, NULL);
    else
        st = LAPACKE_dsytrf_work(LAPACK_COL_MAJOR, 'L', n, a, n, ipiv, work, lwork);
    t1 = bench_now();
    if (st != 0) {
        printf("LDL^T %d failed: %d\n", which, st);
        exit(1);
    }
    return t1 - t0;
}

/* Small orders (the Hessians of a Newton step, the blocks of a
 * preconditioner): seconds per factorization over a batch of 256 copies of
 * a0, all made before the clock starts; which as in time_one (0 or 1). */
static double time_batch(int which, const double *a0, double *batch, int n) {
    const int count = 256;
    size_t nn = (size_t)n * n;
    double t0;
    int it, st = 0;
    for (it = 0; it < count; ++it) memcpy(batch + it * nn, a0, nn * sizeof(double));
    t0 = bench_now();
    for (it = 0; it < count; ++it) {
        double *a = batch + it * nn;
        st |= which == 0 ? (int)la_chol(la_mat_of(n, n, a)) : LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'U', n, a, n);
    }
    t0 = bench_now() - t0;
    if (st != 0) {
        printf("factorization %d failed\n", which);
        exit(1);
    }
    return t0 / count;
}

static void small_orders(la_rng *r) {
    static const int sizes[] = {16, 32, 64, 128};
    int s, rep;
    for (s = 0; s < 4; ++s) {
        int n = sizes[s];
        double *a0 = (double *)malloc((size_t)n * n * sizeof(double));
        double *batch = (double *)malloc(256 * (size_t)n * n * sizeof(double));
        double t[2][BENCH_REPS], ratio[BENCH_REPS];
        make_spd(a0, n, r);
        time_batch(0, a0, batch, n);
        time_batch(1, a0, batch, n);
        for (rep = 0; rep < BENCH_REPS; ++rep) {
            t[rep % 2][rep] = time_batch(rep % 2, a0, batch, n);
            t[1 - rep % 2][rep] = time_batch(1 - rep % 2, a0, batch, n);
            ratio[rep] = t[1][rep] / t[0][rep];
        }
        printf("chol n=%d: built-in %.2f us, LAPACKE_dpotrf %.2f us: built-in/OpenBLAS = %.0f%%\n", n,
               1e6 * bench_median(t[0], BENCH_REPS), 1e6 * bench_median(t[1], BENCH_REPS),
               100 * bench_median(ratio, BENCH_REPS));
        free(a0);
        free(batch);
    }
}

static void inverses(la_rng *r) {
    static const int sizes[] = {64, 256, 1000};
    int s, rep;
    for (s = 0; s < 3; ++s) {
        int n = sizes[s], inner = n <= 64 ? 200 : n <= 256 ? 8 : 1;
        double *l0 = (double *)malloc((size_t)n * n * sizeof(double));
        double *a = (double *)malloc((size_t)n * n * sizeof(double));
        double t[2][BENCH_REPS], ratio[BENCH_REPS], gf = 2.0 * n * n * n / 3e9;
        make_spd(l0, n, r);
        if (la_chol(la_mat_of(n, n, l0)) != LA_OK) exit(1);
        time_one(3, l0, a, n, 1);
        time_one(4, l0, a, n, 1);
        for (rep = 0; rep < BENCH_REPS; ++rep) {
            int w = rep % 2;
            t[w][rep] = time_one(3 + w, l0, a, n, inner);
            t[1 - w][rep] = time_one(4 - w, l0, a, n, inner);
            ratio[rep] = t[1][rep] / t[0][rep];
        }
        printf("chol_inverse n=%d: built-in %.1f us (%.2f GFLOP/s), LAPACKE_dpotri %.1f us (%.2f GFLOP/s): "
               "built-in/OpenBLAS = %.0f%%\n",
               n, 1e6 * bench_median(t[0], BENCH_REPS), gf / bench_median(t[0], BENCH_REPS),
               1e6 * bench_median(t[1], BENCH_REPS), gf / bench_median(t[1], BENCH_REPS),
               100 * bench_median(ratio, BENCH_REPS));
        free(l0);
        free(a);
    }
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
        double t[3][BENCH_REPS], ratio[2][BENCH_REPS], m[3], gf = (double)n * n * n / 3e9;
        int inner = n < 1000 ? 8 : n < 2000 ? 2 : 1; /* samples of 10 ms or more */
        make_spd(a0, n, &r);
        time_one(0, a0, a, n, 1); /* warm up */
        time_one(1, a0, a, n, 1);
        for (rep = 0; rep < BENCH_REPS; ++rep) { /* the order alternates between reps */
            int w;
            for (w = 0; w < 3; ++w) {
                int which = rep % 2 ? 2 - w : w;
                t[which][rep] = time_one(which, a0, a, n, inner);
            }
            ratio[0][rep] = t[1][rep] / t[0][rep];
            ratio[1][rep] = t[1][rep] / t[2][rep];
        }
        for (rep = 0; rep < 3; ++rep) m[rep] = bench_median(t[rep], BENCH_REPS);
        printf("chol n=%d: built-in %.4f s (%.2f GFLOP/s), LAPACKE_dpotrf %.4f s (%.2f GFLOP/s): "
               "built-in/OpenBLAS = %.0f%%\n",
               n, m[0], gf / m[0], m[1], gf / m[1], 100 * bench_median(ratio[0], BENCH_REPS));
        printf("chol n=%d: LA_USE_LAPACKE backend %.4f s, direct dpotrf %.4f s: backend/direct = %.0f%%\n",
               n, m[2], m[1], 100 * bench_median(ratio[1], BENCH_REPS));
        free(a0);
        free(a);
    }
    small_orders(&r);
    inverses(&r);
    { /* Bunch-Kaufman LDL^T of random symmetric indefinite matrices; below
       * n = 1000 each sample is the mean of several factorizations */
        static const int lsizes[] = {100, 200, 400, 1000};
        int ls;
        for (ls = 0; ls < 4; ++ls) {
            int n = lsizes[ls], i, j, lwork, inner = n < 1000 ? 8000000 / (n * n * n / 10) + 1 : 1, it;
            double *a0 = (double *)malloc((size_t)n * n * sizeof(double));
            double *a = (double *)malloc((size_t)n * n * sizeof(double)), q, *work;
            int *ipiv = (int *)malloc((size_t)n * sizeof(int));
            double t[2][BENCH_REPS], ratio[BENCH_REPS], m[2], gf = (double)n * n * n / 3e9;
            for (i = 0; i < n; ++i)
                for (j = 0; j <= i; ++j) a0[(size_t)i * n + j] = a0[(size_t)j * n + i] = la_rng_normal(&r);
            LAPACKE_dsytrf_work(LAPACK_COL_MAJOR, 'L', n, a, n, ipiv, &q, -1);
            lwork = (int)q;
            work = (double *)malloc((size_t)lwork * sizeof(double));
            time_ldlt(0, a0, a, n, ipiv, work, lwork);
            time_ldlt(1, a0, a, n, ipiv, work, lwork);
            for (rep = 0; rep < BENCH_REPS; ++rep) {
                int w = rep % 2;
                t[0][rep] = t[1][rep] = 0;
                for (it = 0; it < inner; ++it) {
                    t[w][rep] += time_ldlt(w, a0, a, n, ipiv, work, lwork) / inner;
                    t[1 - w][rep] += time_ldlt(1 - w, a0, a, n, ipiv, work, lwork) / inner;
                }
                ratio[rep] = t[1][rep] / t[0][rep];
            }
            for (rep = 0; rep < 2; ++rep) m[rep] = bench_median(t[rep], BENCH_REPS);
            printf("ldlt n=%d: built-in %.6f s (%.2f GFLOP/s), LAPACKE_dsytrf %.6f s (%.2f GFLOP/s): "
                   "built-in/OpenBLAS = %.0f%%\n",
                   n, m[0], gf / m[0], m[1], gf / m[1], 100 * bench_median(ratio, BENCH_REPS));
            free(a0);
            free(a);
            free(ipiv);
            free(work);
        }
    }
    return 0;
}

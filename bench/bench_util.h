/* bench_util.h - timing helpers shared by the benchmarks: a monotonic clock,
 * the median of repetitions, and the OpenBLAS core name for every figure. */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Seconds on a monotonic clock. */
static double bench_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int bench__cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Median of n values (sorts a copy). */
static double bench_median(const double *v, int n) {
    double tmp[64];
    int i;
    if (n <= 0) return 0;
    if (n > 64) n = 64;
    for (i = 0; i < n; ++i) tmp[i] = v[i];
    qsort(tmp, (size_t)n, sizeof(double), bench__cmp);
    return n % 2 ? tmp[n / 2] : 0.5 * (tmp[n / 2 - 1] + tmp[n / 2]);
}

/* Repetitions of every timed measurement. */
#ifndef BENCH_REPS
#define BENCH_REPS 5
#endif

#ifdef BENCH_WITH_OPENBLAS
/* OpenBLAS's own declarations (cblas.h of Debian's openblas packages). */
#include <cblas.h>
static const char *bench_openblas_core(void) { return openblas_get_corename(); }
static void bench_openblas_single_thread(void) { openblas_set_num_threads(1); }
#endif

#endif

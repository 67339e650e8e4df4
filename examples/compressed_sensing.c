/* compressed_sensing.c - recovering a sparse spike train from few random
 * measurements with sp_omp, sp_lasso, sp_cosamp and sp_iht.
 *
 * A signal of n = 256 samples holds 10 spikes of random sign and amplitude
 * at random places. Instead of the 256 samples, m = 80 random projections
 * y = Phi x + noise are recorded (Phi Gaussian with N(0, 1/m) entries, so
 * its columns have about unit norm; noise 0.005 per measurement). With
 * fewer equations than unknowns, least squares cannot find x, but a sparse
 * x can be found: Candes, Romberg and Tao (2006) and Donoho (2006) showed
 * that m of order k log(n / k) random measurements suffice for k spikes.
 *
 * Four decoders side by side:
 *   OMP      greedy: atoms chosen one at a time, all refitted by least
 *            squares at each step; stopped after 10 atoms, or (when the
 *            sparsity is unknown) once ||y - Phi x_hat||^2 <= m sigma^2,
 *            the size of the noise (the discrepancy principle);
 *   LASSO    l1-penalized least squares, (1/(2m)) ||y - Phi x||^2 +
 *            lambda ||x||_1, with lambda = 2 sigma sqrt(2 log n) / m: twice
 *            the largest |phi_j^T noise| / m the noise alone is likely to
 *            produce (sigma sqrt(2 log n) / m for unit columns), so that no
 *            column is selected for the noise; then the LASSO debiased:
 *            least squares on its support (l1 shrinks the amplitudes);
 *   CoSaMP   and normalized IHT, both told the sparsity 10.
 * The program prints the true support, the support each method found, and
 * each relative error ||x_hat - x|| / ||x||.
 *
 * Build and run from the top of the repository: make examples
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#define SP_IMPLEMENTATION
#include "sparse.h"

#define N 256    /* samples of the signal */
#define M 80     /* measurements */
#define K 10     /* spikes */
#define SIGMA 0.005

static double rel_error(const la_real *xhat, const la_real *x) {
    double d = 0, s = 0;
    int j;
    for (j = 0; j < N; ++j) {
        d += ((double)xhat[j] - x[j]) * ((double)xhat[j] - x[j]);
        s += (double)x[j] * x[j];
    }
    return sqrt(d / s);
}

/* One line: the method, the indices of the nonzeros of c, how many of
 * them are true spikes, the relative error. */
static void report(const char *name, const la_real *c, const la_real *x) {
    int j, found = 0, hits = 0;
    printf("  %-15s", name);
    for (j = 0; j < N; ++j)
        if (c[j] != 0) {
            printf(" %3d", j);
            ++found;
            hits += x[j] != 0;
        }
    printf("\n  %-15s %d found, %d of %d spikes, relative error %.2e\n", "", found, hits, K,
           rel_error(c, x));
}

/* Prints the error of a failed call; 1 if it failed. */
static int failed(la_status st, const char *what) {
    if (st == LA_OK) return 0;
    printf("%s: %s\n", what, la_strerror(st));
    return 1;
}

/* c <- least squares of y on the columns of Phi where c is nonzero (the
 * others stay 0): the LASSO's support with unshrunk amplitudes. */
static la_status debias(const la_real *phi, const la_real *y, la_real *c) {
    static la_real a[M * N], b[M];
    int support[N], s = 0, i, j;
    la_status st;
    for (j = 0; j < N; ++j)
        if (c[j] != 0) support[s++] = j;
    if (s == 0 || s > M) return LA_ERR_ARG;
    for (i = 0; i < M; ++i) {
        for (j = 0; j < s; ++j) a[i * s + j] = phi[i * N + support[j]];
        b[i] = y[i];
    }
    st = la_lstsq(la_mat_of(M, s, a), la_mat_of(M, 1, b), NULL);
    if (st == LA_OK)
        for (j = 0; j < s; ++j) c[support[j]] = b[j];
    return st;
}

int main(void) {
    static la_real phi[M * N];
    la_real x[N], y[M], c[N], lambda;
    la_mat Phi = la_mat_of(M, N, phi);
    la_rng rng = la_rng_seed(7);
    sp_lasso_opts lo;
    sp_info info;
    int i, j;

    /* the spike train: K distinct positions, amplitudes +-(1..2) */
    memset(x, 0, sizeof x);
    for (i = 0; i < K; ++i) {
        do j = (int)la_rng_int(&rng, N);
        while (x[j] != 0);
        x[j] = (la_real)((1 + la_rng_uniform(&rng)) * (la_rng_uniform(&rng) < 0.5 ? -1 : 1));
    }
    for (i = 0; i < M * N; ++i) phi[i] = (la_real)(la_rng_normal(&rng) / sqrt((double)M));
    for (i = 0; i < M; ++i) {
        double s = 0;
        for (j = 0; j < N; ++j) s += (double)phi[i * N + j] * x[j];
        y[i] = (la_real)(s + SIGMA * la_rng_normal(&rng));
    }

    printf("%d spikes in %d samples, %d random measurements (noise %.3f)\n", K, N, M, SIGMA);
    printf("  %-15s", "true support");
    for (j = 0; j < N; ++j)
        if (x[j] != 0) printf(" %3d", j);
    printf("\n\n");

    /* OMP: K atoms (coef is a warm start: zeros for a cold one); then no
       atom limit (k = 0) but a residual tolerance */
    memset(c, 0, sizeof c);
    if (failed(sp_omp(Phi, y, K, 0, c, NULL), "sp_omp")) return 1;
    report("OMP (10 atoms)", c, x);
    memset(c, 0, sizeof c);
    if (failed(sp_omp(Phi, y, 0, (la_real)(M * SIGMA * SIGMA), c, NULL), "sp_omp")) return 1;
    report("OMP (residual)", c, x);

    /* LASSO with a tight duality-gap tolerance, then debiased */
    lambda = (la_real)(2 * SIGMA * sqrt(2 * log((double)N)) / M);
    memset(&lo, 0, sizeof lo);
    lo.tol = (la_real)(LA_REAL_IS_FLOAT ? 1e-5 : 1e-10); /* what the precision allows */
    memset(c, 0, sizeof c);
    if (failed(sp_lasso(Phi, y, lambda, c, &lo, &info, NULL), "sp_lasso")) return 1;
    report("LASSO", c, x);
    printf("  %-15s lambda %.2e, %d passes, duality gap %.1e <= %.1e\n", "", (double)lambda,
           info.iterations, (double)info.gap, (double)info.gap_tol);
    if (failed(debias(phi, y, c), "debias")) return 1;
    report("LASSO debiased", c, x);

    /* CoSaMP and IHT, told the sparsity (default options) */
    memset(c, 0, sizeof c);
    if (failed(sp_cosamp(Phi, y, K, c, NULL, &info, NULL), "sp_cosamp")) return 1;
    report("CoSaMP", c, x);
    memset(c, 0, sizeof c);
    if (failed(sp_iht(Phi, y, K, c, NULL, &info, NULL), "sp_iht")) return 1;
    report("IHT", c, x);

    /* the oracle: least squares on the true support, the best any decoder
       can do against this noise */
    memcpy(c, x, sizeof c);
    if (debias(phi, y, c) == LA_OK)
        printf("\nleast squares on the true support (the oracle): relative error %.2e\n",
               rel_error(c, x));
    return 0;
}

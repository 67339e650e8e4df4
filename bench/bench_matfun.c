/* bench_matfun.c - la_inv_root (coupled Newton-type iterations, no
 * eigendecomposition) at n = 256, p = 2 and 4, cond 1e2, 1e4 and 1e8 (and
 * at n = 32, 64, 128, p = 4, the built-in kernels alone), beside
 * the eigendecomposition route (la_eigh, then
 * V diag(w^(-1/p)) V^T as a symmetric product) in the same build, for the
 * built-in kernels and for the CBLAS + LAPACKE backends (companion
 * translation unit parts/bench_matfun_blas.c), and beside
 * scipy.linalg.fractional_matrix_power (bench_matfun.py through popen,
 * skipped with a message when python3-scipy is missing); la_expm beside
 * scipy.linalg.expm for information. OpenBLAS single-threaded, same
 * process, alternating, median of BENCH_REPS. Ratios are peer time / toolkit
 * time (> 1: the toolkit is faster). */
/* LIBS: -llapacke -lopenblas */
#define LA_IMPLEMENTATION
#include "linalg.h"
#define BENCH_WITH_OPENBLAS
#include "bench_util.h"
#include <math.h>

int bench_matfun_blas_inv_root(const double *a, int n, int p, double *x, void *ws, size_t bytes);
int bench_matfun_blas_eigen_route(const double *a, int n, int p, double *x, double *v, double *w,
                                  void *ws, size_t bytes);
size_t bench_matfun_blas_ws(int n);

#define N 256
#define P 4 /* the exponent of the scipy comparison */

/* A = Q diag(d) Q^T (order n <= N), d log-spaced from 1 to 1/kappa, Q from
 * the QR of a Gaussian matrix. */
static void make_spd(la_rng *r, int n, double kappa, double *a) {
    static double g[N * N], q[N * N], t[N * N], tau[N];
    int i, j;
    for (i = 0; i < n * n; ++i) g[i] = la_rng_normal(r);
    la_qr(la_mat_of(n, n, g), tau, NULL);
    la_qr_form_q(la_mat_of(n, n, g), tau, la_mat_of(n, n, q), NULL);
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) t[i * n + j] = q[i * n + j] * sqrt(pow(kappa, -(double)j / (n - 1)));
    la_syrk(LA_LOWER, LA_NOTRANS, 1, la_mat_of(n, n, t), 0, la_mat_of(n, n, a));
    for (i = 0; i < n; ++i)
        for (j = 0; j < i; ++j) a[j * n + i] = a[i * n + j];
}

/* ||X^p A - I||_F / (||X||_F^p ||A||_F) */
static double root_residual(const double *x, const double *a, int p) {
    static double pw[N * N], t[N * N];
    la_mat X = la_mat_of(N, N, (double *)x), PW = la_mat_of(N, N, pw), T = la_mat_of(N, N, t);
    int k, i;
    la_mat_copy(X, PW);
    for (k = 1; k < p; ++k) {
        la_gemm(LA_NOTRANS, LA_NOTRANS, 1, PW, X, 0, T);
        la_mat_copy(T, PW);
    }
    la_gemm(LA_NOTRANS, LA_NOTRANS, 1, PW, la_mat_of(N, N, (double *)a), 0, T);
    for (i = 0; i < N; ++i) t[i * N + i] -= 1;
    return la_norm_fro(T) / (pow(la_norm_fro(X), p) * la_norm_fro(la_mat_of(N, N, (double *)a)));
}

static void eigen_route(int n, const double *a, int p, double *x, double *v, double *w, la_arena *ar) {
    la_mat V = la_mat_of(n, n, v);
    int i, j;
    la_eigh(la_mat_of(n, n, (double *)a), w, V, ar);
    for (j = 0; j < n; ++j) {
        double s = pow(w[j], -0.5 / p);
        for (i = 0; i < n; ++i) v[i * n + j] *= s;
    }
    la_syrk(LA_LOWER, LA_NOTRANS, 1, V, 0, la_mat_of(n, n, x));
    for (i = 0; i < n; ++i)
        for (j = 0; j < i; ++j) x[j * n + i] = x[i * n + j];
}

/* Small orders, the blocks of a blocked Shampoo preconditioner: p = 4, the
 * built-in kernels; each timing is the mean over 2 (256/n)^3 calls (as
 * many flops as two calls at n = 256), median of BENCH_REPS. */
static void small_orders(void *buf, size_t wsb) {
    static double a[N * N], x[N * N], v[N * N], w[N], e[N * N];
    const int orders[3] = {32, 64, 128};
    const double kappas[2] = {1e4, 1e8};
    int o, c, k, j;
    for (o = 0; o < 3; ++o)
        for (c = 0; c < 2; ++c) {
            int n = orders[o], inner = 2 * (256 / n) * (256 / n) * (256 / n);
            double tn[BENCH_REPS], te[BENCH_REPS], t;
            la_arena ar;
            la_rng r = la_rng_seed(19);
            make_spd(&r, n, kappas[c], a);
            for (k = 0; k < BENCH_REPS; ++k) {
                t = bench_now();
                for (j = 0; j < inner; ++j) {
                    ar = la_arena_of(buf, wsb);
                    la_inv_root(la_mat_of(n, n, a), 4, 0, la_mat_of(n, n, x), &ar);
                }
                tn[k] = (bench_now() - t) / inner;
                t = bench_now();
                for (j = 0; j < inner; ++j) {
                    ar = la_arena_of(buf, wsb);
                    eigen_route(n, a, 4, v, e, w, &ar);
                }
                te[k] = (bench_now() - t) / inner;
            }
            printf("inv_root n=%d p=4 cond %.0e built-in:       la_inv_root %7.3f ms  eigen route %7.3f ms"
                   "  ratio %.2f\n",
                   n, kappas[c], 1e3 * bench_median(tn, BENCH_REPS), 1e3 * bench_median(te, BENCH_REPS),
                   bench_median(te, BENCH_REPS) / bench_median(tn, BENCH_REPS));
        }
}

/* The directory of the script and of the data files: the bench runs from
 * bench/ (make bench) or from the top. */
static const char *bench_dir(void) {
    FILE *f = fopen("bench_matfun.py", "r");
    if (f) {
        fclose(f);
        return ".";
    }
    return "bench";
}

static void write_matrix(const char *path, const double *a) {
    FILE *f = fopen(path, "wb");
    if (!f) return;
    fwrite(a, sizeof(double), (size_t)N * N, f);
    fclose(f);
}

/* Runs the scipy peer; returns 1 and fills the times when it ran. */
static int scipy_peer(const char *dir, double *t_fmp, double *res_fmp, double *t_expm) {
    const char *pythons[2] = {"python3", "/usr/bin/python3"};
    char cmd[1024], line[256];
    int k, got = 0;
    for (k = 0; k < 2 && !got; ++k) {
        FILE *pp;
        snprintf(cmd, sizeof cmd, "%s %s/bench_matfun.py %s/../build/bench/matfun_root.bin "
                                  "%s/../build/bench/matfun_expm.bin %d %d %d 2>/dev/null",
                 pythons[k], dir, dir, dir, N, P, BENCH_REPS);
        pp = popen(cmd, "r");
        if (!pp) continue;
        while (fgets(line, sizeof line, pp)) {
            if (sscanf(line, "fmp %lf %lf", t_fmp, res_fmp) == 2) got |= 1;
            if (sscanf(line, "expm %lf", t_expm) == 1) got |= 2;
        }
        pclose(pp);
        if (got != 3) got = 0;
    }
    return got == 3;
}

int main(void) {
    static double a[N * N], x[N * N], v[N * N], w[N], e[N * N];
    const double kappas[3] = {1e2, 1e4, 1e8};
    const int powers[2] = {2, 4};
    size_t wsb = la_inv_root_ws_bytes(N) > la_eigh_ws_bytes(N, 1) ? la_inv_root_ws_bytes(N)
                                                                   : la_eigh_ws_bytes(N, 1);
    size_t wsb2 = bench_matfun_blas_ws(N);
    void *buf = malloc(wsb), *buf2 = malloc(wsb2);
    const char *dir = bench_dir();
    double t_newton_builtin = 0;
    int c, k, q;
    bench_openblas_single_thread();
    for (q = 0; q < 2; ++q)
        for (c = 0; c < 3; ++c) {
            double tn[BENCH_REPS], te[BENCH_REPS], tbn[BENCH_REPS], tbe[BENCH_REPS], t, rn, re,
                rbn;
            int p = powers[q];
            la_arena ar;
            la_rng r = la_rng_seed(17);
            make_spd(&r, N, kappas[c], a);
            for (k = 0; k < BENCH_REPS; ++k) {
                ar = la_arena_of(buf, wsb);
                t = bench_now();
                la_inv_root(la_mat_of(N, N, a), p, 0, la_mat_of(N, N, x), &ar);
                tn[k] = bench_now() - t;
                t = bench_now();
                eigen_route(N, a, p, v, e, w, &ar);
                te[k] = bench_now() - t;
                t = bench_now();
                bench_matfun_blas_inv_root(a, N, p, x, buf2, wsb2);
                tbn[k] = bench_now() - t;
                t = bench_now();
                bench_matfun_blas_eigen_route(a, N, p, v, e, w, buf2, wsb2);
                tbe[k] = bench_now() - t;
            }
            ar = la_arena_of(buf, wsb);
            la_inv_root(la_mat_of(N, N, a), p, 0, la_mat_of(N, N, x), &ar);
            rn = root_residual(x, a, p);
            bench_matfun_blas_inv_root(a, N, p, x, buf2, wsb2);
            rbn = root_residual(x, a, p);
            eigen_route(N, a, p, v, e, w, &ar);
            re = root_residual(v, a, p);
            printf("inv_root n=%d p=%d cond %.0e built-in:      la_inv_root %7.2f ms  eigen route %7.2f ms"
                   "  ratio %.2f  (residuals %.1e / %.1e)\n",
                   N, p, kappas[c], 1e3 * bench_median(tn, BENCH_REPS),
                   1e3 * bench_median(te, BENCH_REPS),
                   bench_median(te, BENCH_REPS) / bench_median(tn, BENCH_REPS), rn, re);
            printf("inv_root n=%d p=%d cond %.0e CBLAS+LAPACKE: la_inv_root %7.2f ms  eigen route %7.2f ms"
                   "  ratio %.2f  (%s; residual %.1e)\n",
                   N, p, kappas[c], 1e3 * bench_median(tbn, BENCH_REPS),
                   1e3 * bench_median(tbe, BENCH_REPS),
                   bench_median(tbe, BENCH_REPS) / bench_median(tbn, BENCH_REPS),
                   bench_openblas_core(), rbn);
            if (p == P && c == 1) t_newton_builtin = bench_median(tn, BENCH_REPS);
        }
    small_orders(buf, wsb);
    /* scipy on the cond 1e4 matrix of p = P (the same seed) */
    {
        double tx[BENCH_REPS], t, t_fmp = 0, res_fmp = 0, t_expm = 0;
        char path[512];
        la_rng r2 = la_rng_seed(17);
        make_spd(&r2, N, kappas[1], a);
        snprintf(path, sizeof path, "%s/../build/bench/matfun_root.bin", dir);
        write_matrix(path, a);
        for (k = 0; k < N * N; ++k) e[k] = 2 * la_rng_normal(&r2) / sqrt((double)N);
        snprintf(path, sizeof path, "%s/../build/bench/matfun_expm.bin", dir);
        write_matrix(path, e);
        for (k = 0; k < BENCH_REPS; ++k) {
            t = bench_now();
            la_expm(la_mat_of(N, N, e), la_mat_of(N, N, x), NULL);
            tx[k] = bench_now() - t;
        }
        if (scipy_peer(dir, &t_fmp, &res_fmp, &t_expm)) {
            printf("inv_root n=%d p=%d cond 1e+04 vs scipy.linalg.fractional_matrix_power: %7.2f ms"
                   "  la_inv_root (built-in) %7.2f ms  ratio %.2f  (scipy residual %.1e)\n",
                   N, P, 1e3 * t_fmp, 1e3 * t_newton_builtin, t_fmp / t_newton_builtin, res_fmp);
            printf("expm n=%d ||A||_1 ~ %.0f: scipy.linalg.expm %7.2f ms  la_expm (built-in) %7.2f ms"
                   "  ratio %.2f\n",
                   N, (double)la_norm_1(la_mat_of(N, N, e)), 1e3 * t_expm,
                   1e3 * bench_median(tx, BENCH_REPS), t_expm / bench_median(tx, BENCH_REPS));
        } else {
            printf("scipy peer skipped: python3 with scipy not found (install python3-scipy)\n");
            printf("expm n=%d: la_expm (built-in) %7.2f ms\n", N, 1e3 * bench_median(tx, BENCH_REPS));
        }
    }
    free(buf);
    free(buf2);
    return 0;
}

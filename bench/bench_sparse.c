/* bench_sparse.c - SpMV on matrices with more than 20 million nonzeros
 * (a 3-D 7-point Laplacian and a random power-law pattern), CSR and the
 * SELL-C-sigma form: the bandwidth each achieves against a STREAM-style
 * copy (McCalpin 1995) timed alternately with it in the same run, SELL's
 * time against CSR's, and CSR's time against scipy.sparse on the same
 * matrix (written to build/bench and read back by bench_sparse_scipy.py
 * through popen; the toolkit is timed before and after the peer).
 *
 * Bytes counted for y = A x: nnz (sizeof val + sizeof idx) + (n+1) sizeof ptr
 * + n sizeof x (each x read once at least) + n sizeof y (written): the least
 * traffic the product needs, for both forms; the copy counts 2 * 8 bytes per
 * element, as STREAM does. Single thread. Every figure is a median of
 * BENCH_REPS repetitions, on two clocks: the wall clock, and the thread's
 * CPU time (steadier when other processes share the machine).
 *
 * For the power-law matrix the bench also times both forms on the same
 * ptr and val with every column index folded into a window of x (idx mod
 * 4096: 32 KB, inside L1; idx mod 16384: 128 KB, inside L2): the same bytes
 * streamed and the same rows, only the reads of x made cheap. What a form
 * loses to the copy beyond these figures is the reads of x; for CSR the
 * rest is the loop over short rows of unpredictable length, which SELL's
 * chunks remove.
 */
/* LIBS: */
#define SP_IMPLEMENTATION
#include "sparse.h"
#include "bench_util.h"
#include <math.h>

#define INNER 2 /* products per timed repetition */

/* Two clocks: wall time (bench_now, the figure) and the thread's CPU time,
 * which leaves out the time the thread waited for a core; on a loaded
 * machine the second is the steadier one (both are printed). */
static double cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}
static double (*now)(void) = bench_now;

/* The STREAM copy kernel c = a over n doubles, far beyond the caches. */
typedef struct {
    double *a, *c;
    size_t n;
} copy_arrays;

static double copy_seconds(copy_arrays *s) {
    double t0 = now();
    size_t j;
    for (j = 0; j < s->n; ++j) s->c[j] = s->a[j];
    t0 = now() - t0;
    s->a[(size_t)(t0 * 1e3) % s->n] += s->c[s->n / 2]; /* keep the copy live */
    return t0;
}

/* The power-law pattern, n x cols: row lengths Pareto-distributed (exponent
 * 2.5, minimum 4, mean 12, capped at 20000); column indices skewed the same
 * way towards low numbers (col = cols u^3), as heavy-tailed in- and
 * out-degrees of a scale-free graph; duplicates summed. Values normal. */
static la_status power_law(la_int n, la_int cols, uint64_t seed, sp_mat *A) {
    la_rng r = la_rng_seed(seed);
    la_int i, k, w = 0, cap;
    la_int *len = (la_int *)malloc((size_t)n * sizeof(la_int));
    la_status st;
    long long total = 0;
    if (!len) return LA_ERR_NOMEM;
    for (i = 0; i < n; ++i) {
        double u = la_rng_uniform(&r);
        double kk = 4.0 * pow(1.0 - u, -1.0 / 1.5);
        len[i] = kk > 20000 ? 20000 : (la_int)kk;
        total += len[i];
    }
    cap = (la_int)total;
    if ((st = sp_alloc(SP_CSR, n, cols, cap, A)) != LA_OK) {
        free(len);
        return st;
    }
    for (i = 0; i < n; ++i) {
        for (k = 0; k < len[i]; ++k, ++w) {
            double u = la_rng_uniform(&r);
            A->idx[w] = (la_int)((double)cols * u * u * u);
            A->val[w] = (la_real)la_rng_normal(&r);
        }
        A->ptr[i + 1] = w;
    }
    A->nnz = w;
    free(len);
    return sp_canonicalize(A);
}

static int write_bin(const char *path, const void *p, size_t bytes) {
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(p, 1, bytes, f) == bytes;
    if (f && fclose(f) != 0) ok = 0;
    return ok;
}

/* Seconds per product y = A x, median of BENCH_REPS x INNER products; with
 * cp, a copy is timed before each repetition and *frac gets the median over
 * repetitions of (SpMV bytes/s) / (copy bytes/s), *copy_gbs the median copy
 * bandwidth: alternating the two keeps them under the same conditions. */
/* One product y = A x, by CSR (S NULL) or by the SELL-C-sigma form S. */
static void product(const sp_mat *A, const sp_sell *S, const la_real *x, la_real *y) {
    if (S)
        sp_sell_mv(LA_NOTRANS, 1, S, x, 0, y);
    else
        sp_mv(LA_NOTRANS, 1, A, x, 0, y);
}

static double time_spmv(const sp_mat *A, const sp_sell *S, const la_real *x, la_real *y, copy_arrays *cp,
                        double bytes, double *frac, double *copy_gbs) {
    double t[BENCH_REPS], f[BENCH_REPS], c[BENCH_REPS];
    int r, k;
    product(A, S, x, y); /* warm up */
    for (r = 0; r < BENCH_REPS; ++r) {
        double t0;
        if (cp) c[r] = 32.0 * (double)cp->n / (copy_seconds(cp) + copy_seconds(cp)) * 1e-9;
        t0 = now();
        for (k = 0; k < INNER; ++k) product(A, S, x, y);
        t[r] = (now() - t0) / INNER;
        if (cp) f[r] = bytes / t[r] * 1e-9 / c[r];
    }
    if (cp) {
        *frac = bench_median(f, BENCH_REPS);
        *copy_gbs = bench_median(c, BENCH_REPS);
    }
    return bench_median(t, BENCH_REPS);
}

/* The power-law product with its x reads confined to a window of w entries
 * (a power of two), as described at the top: CSR and SELL-C-sigma. */
static void window_ceiling(const sp_mat *A, copy_arrays *cp, la_int w) {
    sp_mat W = *A;
    sp_sell S;
    la_int n = A->rows, q;
    la_real *x = (la_real *)calloc((size_t)n, sizeof(la_real)), *y = (la_real *)calloc((size_t)n, sizeof(la_real));
    double bytes = (double)A->nnz * (sizeof(la_real) + sizeof(la_int)) + (double)(n + 1) * sizeof(la_int) +
                   2.0 * (double)n * sizeof(la_real), frac = 0, gbs = 0, t;
    W.idx = (la_int *)malloc((size_t)A->nnz * sizeof(la_int));
    if (x && y && W.idx) {
        for (q = 0; q < A->nnz; ++q) W.idx[q] = A->idx[q] & (w - 1);
        for (q = 0; q < n; ++q) x[q] = 1;
        t = time_spmv(&W, NULL, x, y, cp, bytes, &frac, &gbs);
        printf("  WINDOW x reads folded into %d KB of x (same bytes streamed): CSR %.3f ms, %.0f%% of the copy "
               "bandwidth", (int)(w * sizeof(la_real) / 1024), t * 1e3, 100 * frac);
        if (sp_sell_from(&W, 0, 0, &S) == LA_OK) {
            t = time_spmv(&W, &S, x, y, cp, bytes, &frac, &gbs);
            printf("; SELL-%d-%d %.3f ms, %.0f%%", (int)S.chunk, (int)S.sigma, t * 1e3, 100 * frac);
            sp_sell_free(&S);
        }
        printf("\n");
    }
    free(W.idx);
    free(x);
    free(y);
}

/* The SELL-C-sigma form of A with the default chunk and window: its build
 * time, then its product on both clocks beside the copy, against the CSR
 * times t_csr. Its % of the copy bandwidth counts the same bytes as CSR's
 * (the least traffic the product needs), so the two percentages compare
 * times; the bytes it actually streams (padding, row and len arrays) are
 * printed beside. */
static void run_sell(const char *name, const sp_mat *A, const la_real *x, const la_real *y_csr, copy_arrays *cp,
                     double bytes, const double *t_csr) {
    static const char *clock_name[2] = {"wall", "cpu"};
    sp_sell S;
    la_int n = A->rows, i;
    la_real *y = (la_real *)calloc((size_t)n, sizeof(la_real));
    double t0 = bench_now(), build, t[2], frac[2], gbs[2], own, diff = 0, scale = 0;
    int c;
    if (!y || sp_sell_from(A, 0, 0, &S) != LA_OK) {
        printf("  SELL: not built\n");
        free(y);
        return;
    }
    build = bench_now() - t0;
    own = (double)S.chunk_ptr[S.n_chunks] * (sizeof(la_real) + sizeof(la_int)) +
          (double)(S.n_chunks + 1 + 2.0 * S.n_chunks * S.chunk) * sizeof(la_int) +
          (double)(n + A->cols) * sizeof(la_real);
    product(A, &S, x, y);
    for (i = 0; i < n; ++i) {
        if (fabs((double)(y[i] - y_csr[i])) > diff) diff = fabs((double)(y[i] - y_csr[i]));
        if (fabs((double)y_csr[i]) > scale) scale = fabs((double)y_csr[i]);
    }
    printf("  SELL-%d-%d: padding %.1f%% of nnz, %.0f MB streamed per product, built in %.0f ms (%.0f CSR "
           "products); max |y - y_csr| / max |y_csr| = %.1e\n",
           (int)S.chunk, (int)S.sigma, 100.0 * (S.chunk_ptr[S.n_chunks] - A->nnz) / (A->nnz + 1e-300), own * 1e-6,
           build * 1e3, build / t_csr[0], diff / (scale + 1e-300));
    for (c = 0; c < 2; ++c) {
        now = c == 0 ? bench_now : cpu_now;
        t[c] = time_spmv(A, &S, x, y, cp, bytes, &frac[c], &gbs[c]);
        printf("  RATIO %s [%s clock] sp_sell_mv: %.3f ms, %.0f%% of the copy bandwidth (bar: 60%%); "
               "sp_mv time / sp_sell_mv time = %.2f\n",
               name, clock_name[c], t[c] * 1e3, 100 * frac[c], t_csr[c] / t[c]);
    }
    now = bench_now;
    sp_sell_free(&S);
    free(y);
}

/* Remove the four files of a matrix written for the peer. */
static void remove_bins(const char *prefix) {
    static const char *parts[] = {"ptr", "idx", "val", "x"};
    char path[300];
    int k;
    for (k = 0; k < 4; ++k) {
        sprintf(path, "%s_%s.bin", prefix, parts[k]);
        remove(path);
    }
}

/* Write the matrix and x for the peer; 0 on failure. */
static int write_matrix(const char *prefix, const sp_mat *A, const la_real *x) {
    char path[300];
    la_int n = A->rows;
    if (sizeof(la_real) != 8 || sizeof(la_int) != 4) return 0; /* scipy reads double, int32 */
    sprintf(path, "%s_ptr.bin", prefix);
    if (!write_bin(path, A->ptr, (size_t)(n + 1) * 4)) return 0;
    sprintf(path, "%s_idx.bin", prefix);
    if (!write_bin(path, A->idx, (size_t)A->nnz * 4)) return 0;
    sprintf(path, "%s_val.bin", prefix);
    if (!write_bin(path, A->val, (size_t)A->nnz * 8)) return 0;
    sprintf(path, "%s_x.bin", prefix);
    return write_bin(path, x, (size_t)n * 8);
}

/* Time y = A x beside a copy (wall and CPU clocks), then scipy on the same
 * matrix (its best way of calling, same clocks). */
static void run(const char *name, const sp_mat *A, copy_arrays *cp) {
    static const char *clock_name[2] = {"wall", "cpu"};
    la_int n = A->rows, nx = A->cols > n ? A->cols : n, i;
    la_real *x = (la_real *)calloc((size_t)nx, sizeof(la_real)), *y = (la_real *)calloc((size_t)n, sizeof(la_real));
    double bytes, t[2], frac[2], copy_gbs[2], best[2] = {0, 0}, sum = 0;
    char prefix[256], cmd[1024], line[256];
    FILE *p;
    int c;
    la_rng r = la_rng_seed(7);
    sprintf(prefix, "../build/bench/sp_%s", name);
    if (!x || !y) goto done;
    for (i = 0; i < nx; ++i) x[i] = (la_real)la_rng_normal(&r);
    bytes = (double)A->nnz * (sizeof(la_real) + sizeof(la_int)) + (double)(n + 1) * sizeof(la_int) +
            (double)(n + A->cols) * sizeof(la_real);
    printf("%s: %d x %d, nnz = %d (%.1f per row), %.0f MB moved per product\n", name, (int)n, (int)A->cols,
           (int)A->nnz, (double)A->nnz / n, bytes * 1e-6);
    for (c = 0; c < 2; ++c) {
        now = c == 0 ? bench_now : cpu_now;
        t[c] = time_spmv(A, NULL, x, y, cp, bytes, &frac[c], &copy_gbs[c]);
        printf("  [%s clock] sp_mv CSR %.3f ms, %.2f GB/s; STREAM-style copy alternated with it %.2f GB/s\n",
               clock_name[c], t[c] * 1e3, bytes / t[c] * 1e-9, copy_gbs[c]);
    }
    now = bench_now;
    for (i = 0; i < n; ++i) sum += (double)y[i];
    if (A->rows != A->cols) {
        printf("  scipy: not run (the peer's script reads square matrices)\n");
    } else if (!write_matrix(prefix, A, x)) {
        printf("  scipy: not run (needs the double build with 32-bit indices and a writable build/bench)\n");
    } else {
        sprintf(cmd,
                "OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "
                "$(test -x /usr/bin/python3 && echo /usr/bin/python3 || echo python3) "
                "bench_sparse_scipy.py %s %d %d %d %d",
                prefix, (int)n, (int)A->nnz, BENCH_REPS, INNER);
        p = popen(cmd, "r");
        if (p) {
            while (fgets(line, sizeof line, p)) {
                char who[64];
                double tw, tc, ysum;
                if (sscanf(line, "%63s %lf %lf %lf", who, &tw, &tc, &ysum) == 4) {
                    printf("  %s: %.3f ms wall, %.3f ms cpu, sum(y) agrees to %.1e\n", who, tw * 1e3, tc * 1e3,
                           fabs(ysum - sum) / (fabs(sum) + 1));
                    if (best[0] == 0 || tw < best[0]) best[0] = tw;
                    if (best[1] == 0 || tc < best[1]) best[1] = tc;
                }
            }
            pclose(p);
        }
        if (best[0] == 0) printf("  scipy: no result (is python3-scipy installed?)\n");
        /* ours again after the peer: the machine may be busier or quieter
         * now; each side's ratio then uses its better median */
        for (c = 0; c < 2; ++c) {
            double again;
            now = c == 0 ? bench_now : cpu_now;
            again = time_spmv(A, NULL, x, y, NULL, 0, NULL, NULL);
            printf("  [%s clock] sp_mv CSR again after scipy: %.3f ms\n", clock_name[c], again * 1e3);
            if (again < t[c]) t[c] = again;
        }
        now = bench_now;
    }
    for (c = 0; c < 2; ++c) {
        printf("  RATIO %s [%s clock] sp_mv CSR: %.0f%% of the copy bandwidth (bar: 60%%)", name,
               clock_name[c], 100 * frac[c]);
        if (best[c] > 0) printf("; scipy.sparse time / sp_mv time = %.2f", best[c] / t[c]);
        printf("\n");
    }
    sp_mv(LA_NOTRANS, 1, A, x, 0, y);
    run_sell(name, A, x, y, cp, bytes, t);
done:
    remove_bins(prefix);
    free(x);
    free(y);
}

int main(void) {
    sp_mat A;
    la_status st;
    copy_arrays cp;
    size_t j;
    cp.n = (size_t)1 << 25; /* 2 x 256 MiB */
    cp.a = (double *)malloc(cp.n * sizeof(double));
    cp.c = (double *)malloc(cp.n * sizeof(double));
    if (!cp.a || !cp.c) return 1;
    for (j = 0; j < cp.n; ++j) {
        cp.a[j] = 1.0 + (double)(j & 7);
        cp.c[j] = 0;
    }
    copy_seconds(&cp);
    if ((st = sp_laplacian(160, 160, 160, SP_CSR, &A)) != LA_OK) {
        printf("laplacian: %s\n", la_strerror(st));
        return 1;
    }
    run("laplace3d_160", &A, &cp);
    sp_free(&A);
    if ((st = power_law(2000000, 2000000, 2024, &A)) != LA_OK) {
        printf("power law: %s\n", la_strerror(st));
        return 1;
    }
    run("powerlaw_2M", &A, &cp);
    window_ceiling(&A, &cp, 4096);
    window_ceiling(&A, &cp, 16384);
    sp_free(&A);
    /* the same rows over 65536 columns (x of 512 KB, inside L2): users by
       items, say, where x stays in cache and the rows' loop is the cost */
    if ((st = power_law(2000000, 65536, 2024, &A)) != LA_OK) {
        printf("power law: %s\n", la_strerror(st));
        return 1;
    }
    run("powerlaw_2M_by_64K", &A, &cp);
    sp_free(&A);
    free(cp.a);
    free(cp.c);
    return 0;
}

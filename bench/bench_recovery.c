/* bench_recovery.c - sparse recovery beside scikit-learn and glmnet on the
 * same data, in one run:
 *   (a) sp_lasso against sklearn.linear_model.Lasso (fit_intercept=False) on
 *       a 1000 x 5000 Gaussian design at lambda = 0.05 lambda_max, both at
 *       tol = 1e-4 (the same meaning: duality gap <= tol ||y||^2 / m), timed
 *       at EQUAL duality gap: the gap of both solutions is computed here by
 *       one formula in long double; when scikit-learn's is the smaller, our
 *       tol is halved until ours is no larger, and that run is timed;
 *   (b) sp_lasso_path on glmnet's 100-lambda grid for these data (lambda_max
 *       down to 0.01 lambda_max, log-spaced: glmnet's lambda.min.ratio when
 *       m < n), the same explicit grid passed to glmnet (standardize = FALSE,
 *       intercept = FALSE) and to sklearn's lasso_path (for information).
 *       glmnet's thresh is matched to our tol = 1e-4 by the gaps: every
 *       solution of both paths gets its duality gap computed here, and the
 *       loosest thresh of 1e-4, 1e-5, ... whose worst gap along the path is
 *       no larger than ours is timed;
 *   (c) sp_omp with 50 atoms against OrthogonalMatchingPursuit
 *       (n_nonzero_coefs=50, fit_intercept=False, precompute at its default)
 *       on a 1000 x 2000 design with unit-norm columns (where both select by
 *       |x_j^T r|), checking that both find the same support.
 * The data come from a fixed seed: y = X b* + noise with b* sparse. They are
 * written to a temporary directory as raw float64 files which the peers
 * (bench_recovery.py through /usr/bin/python3, bench_recovery.R through
 * Rscript) read once at start; each peer then runs as a coprocess answering
 * one command per solve, so the toolkit and the peers are timed
 * alternately, each side timing only the solver call. A peer that is
 * missing is skipped with a message. Every figure is a median of
 * BENCH_REPS; ratios are peer time / toolkit time (> 1: the toolkit is
 * faster). The toolkit runs its built-in kernels; numpy (scikit-learn) runs
 * on OpenBLAS, single-threaded like everything here (OPENBLAS_NUM_THREADS =
 * OMP_NUM_THREADS = 1, passed to the peers through the environment), with
 * the core OPENBLAS_CORETYPE names (printed). */
/* LIBS: -lopenblas */
#define SP_IMPLEMENTATION
#include "sparse.h"
#define BENCH_WITH_OPENBLAS
#include "bench_util.h"
#include <math.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define M 1000   /* LASSO rows */
#define N 5000   /* LASSO features */
#define S 100    /* nonzeros of the LASSO truth */
#define SIGMA 5  /* noise of the LASSO data */
#define M2 1000  /* OMP rows */
#define N2 2000  /* OMP atoms */
#define K 50     /* OMP atoms selected (and nonzeros of the truth) */
#define NL 100   /* lambdas of the path */
#define MAX_ITER 10000

static char dir[512];         /* the temporary directory of the data */
static const char *core = "?"; /* numpy's OpenBLAS core */

/* ---- data ---- */

static void *xmalloc(size_t bytes) {
    void *p = malloc(bytes ? bytes : 1);
    if (!p) {
        fprintf(stderr, "bench_recovery: out of memory\n");
        exit(1);
    }
    return p;
}

/* X (m x n, row-major) Gaussian, columns scaled to unit norm when `unit`;
 * truth[] gets s distinct features (sorted) with values of random sign and
 * magnitude 1 + |N(0,1)|; y = X b* + sigma N(0, I). */
static void make_problem(la_rng *r, int m, int n, int s, double sigma, int unit, double *X, double *y,
                         int *truth) {
    int *perm = (int *)xmalloc((size_t)n * sizeof(int));
    double *b = (double *)calloc((size_t)n, sizeof(double));
    int i, j, k;
    if (!b) exit(1);
    for (i = 0; i < m * n; ++i) X[i] = la_rng_normal(r);
    if (unit)
        for (j = 0; j < n; ++j) {
            double ss = 0;
            for (i = 0; i < m; ++i) ss += X[i * n + j] * X[i * n + j];
            ss = 1 / sqrt(ss);
            for (i = 0; i < m; ++i) X[i * n + j] *= ss;
        }
    for (j = 0; j < n; ++j) perm[j] = j;
    for (k = 0; k < s; ++k) { /* partial Fisher-Yates */
        int t = k + (int)la_rng_int(r, n - k), u = perm[k];
        perm[k] = perm[t];
        perm[t] = u;
        b[perm[k]] = (la_rng_uniform(r) < 0.5 ? -1 : 1) * (1 + fabs(la_rng_normal(r)));
    }
    for (j = 0, k = 0; j < n; ++j)
        if (b[j] != 0) truth[k++] = j;
    for (i = 0; i < m; ++i) {
        double v = 0;
        for (k = 0; k < s; ++k) v += X[i * n + truth[k]] * b[truth[k]];
        y[i] = v + sigma * la_rng_normal(r);
    }
    free(perm);
    free(b);
}

static void file_path(char *out, size_t size, const char *name) { snprintf(out, size, "%s/%s", dir, name); }

/* Write (writing != 0) or read count doubles of the file `name` in the
 * data directory; 1 on success. */
static int file_doubles(const char *name, double *a, size_t count, int writing) {
    char path[600];
    FILE *f;
    int ok;
    file_path(path, sizeof path, name);
    f = fopen(path, writing ? "wb" : "rb");
    ok = f && (writing ? fwrite(a, sizeof(double), count, f) : fread(a, sizeof(double), count, f)) == count;
    if (f && fclose(f) != 0) ok = 0;
    return ok;
}
static int write_doubles(const char *name, const double *a, size_t count) {
    return file_doubles(name, (double *)a, count, 1);
}
static int read_doubles(const char *name, double *a, size_t count) { return file_doubles(name, a, count, 0); }

static void remove_files(void) {
    static const char *names[] = {"X.bin", "y.bin", "ynoise.bin", "grid.bin", "X2.bin", "y2.bin", "coef.bin"};
    char path[600];
    size_t k;
    for (k = 0; k < sizeof names / sizeof names[0]; ++k) {
        file_path(path, sizeof path, names[k]);
        remove(path);
    }
    rmdir(dir);
}

/* ---- the independent duality gap ---- */

/* The duality gap of min_b (1/(2m)) ||y - X b||^2 + lam ||b||_1 at b, in the
 * objective's units, in long double: the residual r = y - X b scaled into
 * the dual feasible set, theta = r min(1, m lam / ||X^T r||_inf), dual
 * value (||y||^2 - ||y - theta||^2) / (2m) (Mairal 2010; the certificate
 * both peers' tol refers to). X is m x n row-major. */
static long double lasso_gap(const double *X, int m, int n, const double *y, const double *b, double lam) {
    static long double r[M > M2 ? M : M2], c[N > N2 ? N : N2];
    static int nz[N > N2 ? N : N2];
    long double rr = 0, l1 = 0, cmax = 0, s, dual = 0, yy = 0;
    int i, j, q, nnz = 0;
    for (j = 0; j < n; ++j) {
        c[j] = 0;
        if (b[j] != 0) {
            nz[nnz++] = j;
            l1 += fabsl((long double)b[j]);
        }
    }
    for (i = 0; i < m; ++i) {
        const double *x = X + (size_t)i * n;
        long double v = y[i];
        for (q = 0; q < nnz; ++q) v -= (long double)x[nz[q]] * b[nz[q]];
        r[i] = v;
        rr += v * v;
        yy += (long double)y[i] * y[i];
        for (j = 0; j < n; ++j) c[j] += (long double)x[j] * v;
    }
    for (j = 0; j < n; ++j)
        if (fabsl(c[j]) > cmax) cmax = fabsl(c[j]);
    s = cmax > (long double)m * lam ? (long double)m * lam / cmax : 1;
    for (i = 0; i < m; ++i) dual += ((long double)y[i] - s * r[i]) * ((long double)y[i] - s * r[i]);
    dual = (yy - dual) / (2.0L * m);
    return rr / (2.0L * m) + lam * l1 - dual;
}

/* ---- peers as coprocesses ---- */

typedef struct {
    FILE *to, *from;
    pid_t pid;
    char hello[256]; /* the READY (or SKIP) line */
} peer;

/* Start argv as a coprocess; 1 when it answered READY. */
static int peer_start(peer *p, char *const argv[]) {
    int in[2], out[2];
    memset(p, 0, sizeof *p);
    p->pid = -1;
    if (pipe(in) != 0) return 0;
    if (pipe(out) != 0) {
        close(in[0]);
        close(in[1]);
        return 0;
    }
    fflush(stdout);
    p->pid = fork();
    if (p->pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    if (p->pid < 0) {
        close(in[1]);
        close(out[0]);
        return 0;
    }
    p->to = fdopen(in[1], "w");
    p->from = fdopen(out[0], "r");
    if (!p->to || !p->from || !fgets(p->hello, sizeof p->hello, p->from)) {
        strcpy(p->hello, "SKIP did not start");
        return 0;
    }
    p->hello[strcspn(p->hello, "\n")] = 0;
    return strncmp(p->hello, "READY", 5) == 0;
}

static void peer_stop(peer *p) {
    if (p->to) {
        fputs("quit\n", p->to);
        fclose(p->to);
    }
    if (p->from) fclose(p->from);
    if (p->pid > 0) waitpid(p->pid, NULL, 0);
    memset(p, 0, sizeof *p);
}

/* Send one command; the seconds the peer timed (and its second number in
 * *aux), or -1 on failure. */
static double peer_run(peer *p, const char *cmd, long *aux) {
    char line[256];
    double t;
    long a = 0;
    if (!p->to) return -1;
    fprintf(p->to, "%s\n", cmd);
    fflush(p->to);
    if (!fgets(line, sizeof line, p->from) || sscanf(line, "%lf %ld", &t, &a) < 1) {
        fprintf(stderr, "bench_recovery: the peer failed on '%s'\n", cmd);
        return -1;
    }
    if (aux) *aux = a;
    return t;
}

/* ---- the toolkit's solves ---- */

static la_arena arena;
static unsigned char *arena_buf;

/* The seconds a solve took, reporting a failure. */
static double finish(double t0, la_status st, const char *what) {
    double t = bench_now() - t0;
    if (st != LA_OK) printf("  %s: %s\n", what, la_strerror(st));
    return t;
}

/* Options of the toolkit's LASSO runs: tol, MAX_ITER, the grid (or NULL). */
static sp_lasso_opts lasso_opts(double tol, const double *grid) {
    sp_lasso_opts o;
    memset(&o, 0, sizeof o);
    o.tol = tol;
    o.max_iter = MAX_ITER;
    o.n_lambda = grid ? NL : 0;
    o.lambdas = grid;
    return o;
}

static double run_lasso(const double *X, const double *y, double lam, double tol, double *coef, sp_info *info) {
    sp_lasso_opts o = lasso_opts(tol, NULL);
    double t;
    memset(coef, 0, N * sizeof(double));
    t = bench_now();
    return finish(t, sp_lasso(la_mat_of(M, N, (double *)X), y, lam, coef, &o, info, &arena), "sp_lasso");
}

static double run_path(const double *X, const double *y, const double *grid, double tol, sp_path *P, sp_info *info) {
    sp_lasso_opts o = lasso_opts(tol, grid);
    double t = bench_now();
    return finish(t, sp_lasso_path(la_mat_of(M, N, (double *)X), y, 1, &o, P, info, &arena), "sp_lasso_path");
}

static double run_omp(const double *X, const double *y, double *coef) {
    double t;
    memset(coef, 0, N2 * sizeof(double));
    t = bench_now();
    return finish(t, sp_omp(la_mat_of(M2, N2, (double *)X), y, K, 0, coef, &arena), "sp_omp");
}
/* Worst duality gap over the NL solutions stored one after the other in
 * coefs (NL x N). */
static long double worst_path_gap(const double *X, const double *y, const double *grid, const double *coefs) {
    long double worst = 0;
    int k;
    for (k = 0; k < NL; ++k) {
        long double g = lasso_gap(X, M, N, y, coefs + (size_t)k * N, grid[k]);
        if (g > worst) worst = g;
    }
    return worst;
}

static int count_nnz(const double *b, int n) {
    int j, c = 0;
    for (j = 0; j < n; ++j) c += b[j] != 0;
    return c;
}

/* ---- the figures ---- */

/* LASSO at lam on (X, y), y stored in the file yname for the peer. */
static void figure_lasso(const char *title, const char *tag, const double *X, const double *y, const char *yname,
                         double lam, peer *py) {
    static double ours[N], theirs[N];
    double t_ours[BENCH_REPS], t_peer[BENCH_REPS], tol = 1e-4, mo, mp;
    long double g_ours, g_peer, yscale = 0;
    sp_info info;
    long it_peer = 0;
    char cmd[1400], coef_path[600], y_path[600];
    int r, i, tries = 0;
    for (i = 0; i < M; ++i) yscale += (long double)y[i] * y[i];
    yscale /= M;
    printf("\n%s, lambda = 0.05 lambda_max = %.6g, fit_intercept=False\n", title, lam);
    if (!py->to) {
        printf("  scikit-learn: skipped (%s)\n", py->hello);
        return;
    }
    file_path(coef_path, sizeof coef_path, "coef.bin");
    file_path(y_path, sizeof y_path, yname);
    snprintf(cmd, sizeof cmd, "lasso %.17g %.17g %d %s %s", lam, 1e-4, MAX_ITER, y_path, coef_path);
    if (peer_run(py, cmd, &it_peer) < 0 || !read_doubles("coef.bin", theirs, N)) return;
    g_peer = lasso_gap(X, M, N, y, theirs, lam);
    printf("  sklearn Lasso tol = 1e-4: %ld epochs, nnz %d, duality gap %.3Le (= %.3Le ||y||^2/m)\n", it_peer,
           count_nnz(theirs, N), g_peer, g_peer / yscale);
    for (;;) {
        run_lasso(X, y, lam, tol, ours, &info);
        g_ours = lasso_gap(X, M, N, y, ours, lam);
        printf("  sp_lasso      tol = %.3g: %d passes, nnz %d, duality gap %.3Le (= %.3Le ||y||^2/m; "
               "its own %.3e)\n",
               tol, info.iterations, count_nnz(ours, N), g_ours, g_ours / yscale, (double)info.gap);
        if (g_ours <= g_peer || ++tries == 30) break;
        tol *= 0.5;
    }
    if (g_ours > g_peer) printf("  (could not reach scikit-learn's gap: the figure is at unequal gaps)\n");
    for (r = 0; r < BENCH_REPS; ++r) { /* alternate */
        t_ours[r] = run_lasso(X, y, lam, tol, ours, &info);
        t_peer[r] = peer_run(py, cmd, NULL);
    }
    mo = bench_median(t_ours, BENCH_REPS);
    mp = bench_median(t_peer, BENCH_REPS);
    printf("  sp_lasso (tol %.3g) %.4f s, sklearn Lasso (tol 1e-4) %.4f s; gaps %.3Le (toolkit) <= %.3Le "
           "(sklearn)\n",
           tol, mo, mp, g_ours, g_peer);
    printf("RATIO %s, equal duality gap: sklearn/toolkit = %.2f  [numpy OpenBLAS core %s]\n", tag, mp / mo, core);
}

static void figure_path(const double *X, const double *y, const double *grid, double yscale, peer *py, peer *pr) {
    static double ours[(size_t)NL * N], theirs[(size_t)NL * N];
    double t_ours[BENCH_REPS], t_glm[3][BENCH_REPS], t_skl[BENCH_REPS], mo, mg[3], ms = 0;
    double thresh = 0, loose = 0, th_list[3];
    long double g_ours, g, g_list[3] = {0, 0, 0}, g_default = -1;
    int nth = 0, q, kc = -1;
    sp_path P;
    sp_info info;
    char cmd_glm[3][700], cmd_skl[700], coef_path[600];
    int r, k;
    long count = 0;
    printf("\n(b) LASSO path, %d lambdas from lambda_max = %.6g to %.6g (log-spaced), same data\n", NL, grid[0],
           grid[NL - 1]);
    if (sp_path_alloc(N, NL, 0, &P) != LA_OK) {
        printf("  no memory for the path\n");
        return;
    }
    file_path(coef_path, sizeof coef_path, "coef.bin");
    run_path(X, y, grid, 1e-4, &P, &info);
    for (k = 0; k < NL; ++k) sp_path_coef(&P, k, ours + (size_t)k * N);
    g_ours = worst_path_gap(X, y, grid, ours);
    printf("  sp_lasso_path tol = 1e-4: %d passes in all, nnz at the end %d, worst duality gap %.3Le "
           "(= %.3Le ||y||^2/m)\n",
           info.iterations, count_nnz(ours + (size_t)(NL - 1) * N, N), g_ours, g_ours / yscale);
    if (pr->to) {
        /* the loosest thresh whose worst gap along the path is no larger than ours */
        for (k = 0; k <= 16; ++k) { /* thresh 1e-4 down to 1e-12 in half decades */
            double th = pow(10.0, -4 - 0.5 * k);
            snprintf(cmd_glm[0], sizeof cmd_glm[0], "path %.3g %s", th, coef_path);
            if (peer_run(pr, cmd_glm[0], &count) < 0 || count != NL || !read_doubles("coef.bin", theirs, (size_t)NL * N)) {
                printf("  glmnet thresh %.2g: no full path (%ld lambdas)\n", th, count);
                break;
            }
            g = worst_path_gap(X, y, grid, theirs);
            printf("  glmnet thresh = %.2g: worst duality gap %.3Le (= %.3Le ||y||^2/m)\n", th, g, g / yscale);
            if (k == 6) g_default = g; /* glmnet's default thresh 1e-7 */
            loose = thresh;
            g_list[1] = g_list[0];
            thresh = th;
            kc = k;
            g_list[0] = g;
            if (g <= g_ours) break;
        }
        /* timed: the matched thresh, the next looser one (whose gap is just
           above ours: the two bracket equal accuracy), glmnet's default */
        if (thresh > 0) th_list[nth++] = thresh;
        if (loose > 0) th_list[nth++] = loose;
        if (kc != 6 && kc != 7 && g_default >= 0) {
            th_list[nth] = 1e-7;
            g_list[nth++] = g_default;
        }
        for (q = 0; q < nth; ++q) snprintf(cmd_glm[q], sizeof cmd_glm[q], "path %.3g %s", th_list[q], coef_path);
        if (thresh > 0) printf("  glmnet matched at thresh = %.2g (the loosest whose worst gap <= ours)\n", thresh);
    } else {
        printf("  glmnet: skipped (%s)\n", pr->hello);
    }
    if (py->to) {
        snprintf(cmd_skl, sizeof cmd_skl, "path %.17g %d %s", 1e-4, MAX_ITER, coef_path);
        if (peer_run(py, cmd_skl, &count) >= 0 && read_doubles("coef.bin", theirs, (size_t)NL * N)) {
            g = worst_path_gap(X, y, grid, theirs);
            printf("  sklearn lasso_path tol = 1e-4: worst duality gap %.3Le (= %.3Le ||y||^2/m)\n", g, g / yscale);
        }
    }
    for (r = 0; r < BENCH_REPS; ++r) { /* alternate */
        t_ours[r] = run_path(X, y, grid, 1e-4, &P, &info);
        for (q = 0; q < nth; ++q) t_glm[q][r] = peer_run(pr, cmd_glm[q], NULL);
        if (py->to) t_skl[r] = peer_run(py, cmd_skl, NULL);
    }
    mo = bench_median(t_ours, BENCH_REPS);
    printf("  sp_lasso_path %.4f s", mo);
    for (q = 0; q < nth; ++q) printf(", glmnet (thresh %.2g) %.4f s", th_list[q], mg[q] = bench_median(t_glm[q], BENCH_REPS));
    if (py->to) printf(", sklearn lasso_path %.4f s", ms = bench_median(t_skl, BENCH_REPS));
    printf("\n");
    for (q = 0; q < nth; ++q)
        printf("RATIO LASSO path 100 lambdas 1000x5000, glmnet thresh %.2g (%s, worst gap %.2Lg x ours): "
               "glmnet/toolkit = %.2f%s\n",
               th_list[q], q == 0 ? "matched" : q == 1 && th_list[q] == loose ? "next looser" : "its default, info",
               g_list[q] / g_ours, mg[q] / mo, q == 0 ? " (bar >= 0.8)" : " (info)");
    if (ms > 0)
        printf("RATIO LASSO path 100 lambdas 1000x5000, tol 1e-4 (info): sklearn lasso_path/toolkit = %.2f"
               "  [numpy OpenBLAS core %s]\n",
               ms / mo, core);
    sp_path_free(&P);
}

static void figure_omp(const double *X, const double *y, const int *truth, peer *py) {
    static double ours[N2], theirs[N2];
    double t_ours[BENCH_REPS], t_peer[BENCH_REPS], mo, mp;
    char cmd[700], coef_path[600];
    int r, j, same = 1, true_support = 1, k;
    long it = 0;
    printf("\n(c) OMP, %d atoms of a %d x %d Gaussian dictionary (unit-norm columns)\n", K, M2, N2);
    if (!py->to) {
        printf("  scikit-learn: skipped (%s)\n", py->hello);
        return;
    }
    file_path(coef_path, sizeof coef_path, "coef.bin");
    snprintf(cmd, sizeof cmd, "omp %d %s", K, coef_path);
    run_omp(X, y, ours);
    if (peer_run(py, cmd, &it) < 0 || !read_doubles("coef.bin", theirs, N2)) return;
    for (j = 0, k = 0; j < N2; ++j) {
        if ((ours[j] != 0) != (theirs[j] != 0)) same = 0;
        if ((ours[j] != 0) != (k < K && truth[k] == j)) true_support = 0;
        if (k < K && truth[k] == j) ++k;
    }
    printf("  supports: toolkit %d atoms, sklearn %d atoms, %s; toolkit's %s the true support\n",
           count_nnz(ours, N2), count_nnz(theirs, N2), same ? "the same" : "DIFFERENT",
           true_support ? "is" : "is NOT");
    for (r = 0; r < BENCH_REPS; ++r) { /* alternate */
        t_ours[r] = run_omp(X, y, ours);
        t_peer[r] = peer_run(py, cmd, NULL);
    }
    mo = bench_median(t_ours, BENCH_REPS);
    mp = bench_median(t_peer, BENCH_REPS);
    printf("  sp_omp %.4f s, sklearn OrthogonalMatchingPursuit %.4f s\n", mo, mp);
    printf("RATIO OMP 50 atoms 1000x2000: sklearn/toolkit = %.2f (bar >= 1)  [numpy OpenBLAS core %s]\n", mp / mo,
           core);
}

/* max_j |x_j^T y| in long double (m lambda_max of the LASSO). */
static double max_correlation(const double *X, const double *y) {
    long double c, best = 0;
    int i, j;
    for (j = 0; j < N; ++j) {
        c = 0;
        for (i = 0; i < M; ++i) c += (long double)X[(size_t)i * N + j] * y[i];
        if (fabsl(c) > best) best = fabsl(c);
    }
    return (double)best;
}

/* The directory of the scripts: the bench runs from bench/ (make bench) or
 * from the top. */
static const char *script_dir(void) {
    FILE *f = fopen("bench_recovery.py", "r");
    if (f) {
        fclose(f);
        return ".";
    }
    return "bench";
}

int main(void) {
    double *X = (double *)xmalloc((size_t)M * N * sizeof(double)), *y = (double *)xmalloc(M * sizeof(double));
    double *X2 = (double *)xmalloc((size_t)M2 * N2 * sizeof(double)), *y2 = (double *)xmalloc(M2 * sizeof(double));
    double grid[NL], lam_max, lam_max_noise, yscale = 0, ynoise[M];
    int truth[S > K ? S : K], i;
    la_rng rng = la_rng_seed(20240607);
    const char *tmp = getenv("TMPDIR");
    char py_script[600], r_script[600], sm[16], sn[16], sm2[16], sn2[16], snl[16];
    char *py_argv[9], *r_argv[8];
    peer py, pr;
    sp_lasso_opts o;
    size_t bytes;

    signal(SIGPIPE, SIG_IGN);
    setenv("OPENBLAS_NUM_THREADS", "1", 1); /* for the peers as well (inherited) */
    setenv("OMP_NUM_THREADS", "1", 1);
    bench_openblas_single_thread();
    snprintf(dir, sizeof dir, "%s/bench_recovery_XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        printf("bench_recovery: cannot make a temporary directory\n");
        return 1;
    }

    make_problem(&rng, M, N, S, SIGMA, 0, X, y, truth);
    for (i = 0; i < M; ++i) ynoise[i] = la_rng_normal(&rng);
    lam_max_noise = max_correlation(X, ynoise) / M;
    make_problem(&rng, M2, N2, K, 0.01, 1, X2, y2, truth);
    lam_max = max_correlation(X, y) / M;
    for (i = 0; i < M; ++i) yscale += y[i] * y[i];
    yscale /= M;
    memset(&o, 0, sizeof o);
    o.n_lambda = NL;
    o.eps = 0.01;
    bytes = sp_lasso_ws_bytes(M, N, &o);
    if (sp_omp_ws_bytes(M2, N2, K) > bytes) bytes = sp_omp_ws_bytes(M2, N2, K);
    arena_buf = (unsigned char *)xmalloc(bytes);
    arena = la_arena_of(arena_buf, bytes);
    if (sp_lambda_grid(la_mat_of(M, N, X), y, 1, &o, grid, &arena) != LA_OK ||
        fabs(grid[0] - lam_max) > 1e-10 * lam_max) {
        printf("bench_recovery: sp_lambda_grid disagrees with lambda_max = %.17g\n", lam_max);
        return 1;
    }
    if (!write_doubles("X.bin", X, (size_t)M * N) || !write_doubles("y.bin", y, M) ||
        !write_doubles("ynoise.bin", ynoise, M) ||
        !write_doubles("grid.bin", grid, NL) || !write_doubles("X2.bin", X2, (size_t)M2 * N2) ||
        !write_doubles("y2.bin", y2, M2)) {
        printf("bench_recovery: cannot write the data to %s\n", dir);
        remove_files();
        return 1;
    }

    snprintf(py_script, sizeof py_script, "%s/bench_recovery.py", script_dir());
    snprintf(r_script, sizeof r_script, "%s/bench_recovery.R", script_dir());
    sprintf(sm, "%d", M);
    sprintf(sn, "%d", N);
    sprintf(sm2, "%d", M2);
    sprintf(sn2, "%d", N2);
    sprintf(snl, "%d", NL);
    {
        char *py_args[] = {(char *)"/usr/bin/python3", py_script, dir, sm, sn, sm2, sn2, snl, NULL};
        char *r_args[] = {(char *)"Rscript", (char *)"--vanilla", r_script, dir, sm, sn, snl, NULL};
        memcpy(py_argv, py_args, sizeof py_args);
        memcpy(r_argv, r_args, sizeof r_args);
    }
    if (access(py_argv[0], X_OK) != 0 || !peer_start(&py, py_argv)) {
        printf("scikit-learn: not run (%s)\n", access(py_argv[0], X_OK) != 0 ? "no /usr/bin/python3" : py.hello);
        peer_stop(&py);
        strcpy(py.hello, "python3-sklearn missing");
    }
    if (!peer_start(&pr, r_argv)) {
        printf("glmnet: not run (%s)\n", pr.hello[0] ? pr.hello : "no Rscript");
        peer_stop(&pr);
        strcpy(pr.hello, "r-cran-glmnet missing");
    }
    if (py.to) {
        static char blas[64], th[16], ver[32];
        static char corebuf[64];
        if (sscanf(py.hello, "READY %63s %63s %15s %31s", blas, corebuf, th, ver) == 4) core = corebuf;
        printf("scikit-learn %s on numpy with %s, core %s, %s thread(s)\n", ver, blas, core, th);
    }
    if (pr.to) printf("glmnet %s\n", pr.hello + 6);
    printf("OpenBLAS in this process (unused by the toolkit's built-in kernels): core %s; "
           "OPENBLAS_CORETYPE=%s, OPENBLAS_NUM_THREADS=1, OMP_NUM_THREADS=1\n",
           bench_openblas_core(), getenv("OPENBLAS_CORETYPE") ? getenv("OPENBLAS_CORETYPE") : "(unset)");
    printf("data: seed 20240607, y = X b* + noise; timings median of %d, alternating toolkit and peer\n",
           BENCH_REPS);

    figure_lasso("(a) LASSO, 1000 x 5000 Gaussian, y = X b* + noise (100 nonzeros, sigma 5)",
                 "LASSO 1000x5000 at 0.05 lambda_max (bar >= 1)", X, y, "y.bin", 0.05 * lam_max, &py);
    figure_lasso("(a') for information: the same X with a pure-noise y (no sparse signal)",
                 "LASSO 1000x5000 at 0.05 lambda_max, pure-noise y (info)", X, ynoise, "ynoise.bin",
                 0.05 * lam_max_noise, &py);
    figure_path(X, y, grid, yscale, &py, &pr);
    figure_omp(X2, y2, truth, &py);

    peer_stop(&py);
    peer_stop(&pr);
    remove_files();
    free(arena_buf);
    free(X);
    free(y);
    free(X2);
    free(y2);
    return 0;
}

/* bench_blas.c - the built-in level-3 kernels beside OpenBLAS, and the
 * CBLAS backend beside calling OpenBLAS directly.
 *
 * Same process, single thread, alternating toolkit and peer, median of
 * BENCH_REPS timed samples (each sample repeats the call for about 2e9
 * flops); the ratio is the median of the back-to-back ratios, which stays
 * meaningful when other work shares the machine. GFLOP/s count 2 m n k
 * flops for gemm. "peak" is this
 * machine's measured peak: a loop of independent fused multiply-adds on
 * registers only, as wide as the compiler targets (AVX-512: 8 doubles per
 * instruction), so it is what the FMA units deliver at the clock they run
 * at now; no kernel that reads memory can exceed it.
 *
 * Times are the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID), not
 * wall time: on a machine shared with other work, time spent descheduled
 * would otherwise land on whichever side happened to be running. On a quiet
 * machine the two clocks agree.
 *
 * The CBLAS backend is the toolkit compiled with LA_USE_CBLAS in
 * parts/bench_blas_cblas.c (LA_STATIC, so it lives beside the built-in
 * build in one program). */
/* LIBS: -lopenblas */
#define BENCH_WITH_OPENBLAS
#define LA_IMPLEMENTATION
#include "linalg.h"
#include "bench_util.h"
#if defined(__AVX512F__) || (defined(__AVX2__) && defined(__FMA__))
#include <immintrin.h>
#endif

/* la_gemm of the toolkit built with LA_USE_CBLAS (parts/bench_blas_cblas.c),
 * and of its float build (parts/bench_blas_float.c). */
la_status bench_blas_cblas_gemm(la_trans ta, la_trans tb, double alpha, la_mat A, la_mat B,
                                double beta, la_mat C);
int bench_blas_float_gemm(int n, float *a, float *b, float *c);

/* ---- peak: independent FMA chains on registers ---- */
#if defined(__AVX512F__)
#define PEAK_VEC __m512d
#define PEAK_SET _mm512_set1_pd
#define PEAK_FMA _mm512_fmadd_pd
#define PEAK_ADD _mm512_add_pd
#define PEAK_LANES 8
#define PEAK_UNIT "AVX-512 FMA, 8 doubles"
static double peak_sum(PEAK_VEC v) { return _mm512_reduce_add_pd(v); }
#elif defined(__AVX2__) && defined(__FMA__)
#define PEAK_VEC __m256d
#define PEAK_SET _mm256_set1_pd
#define PEAK_FMA _mm256_fmadd_pd
#define PEAK_ADD _mm256_add_pd
#define PEAK_LANES 4
#define PEAK_UNIT "AVX2 FMA, 4 doubles"
static double peak_sum(PEAK_VEC v) {
    double t[4];
    _mm256_storeu_pd(t, v);
    return t[0] + t[1] + t[2] + t[3];
}
#else
#define PEAK_VEC double
#define PEAK_SET(x) (x)
#define PEAK_FMA(a, b, c) ((a) * (b) + (c))
#define PEAK_ADD(a, b) ((a) + (b))
#define PEAK_LANES 1
#define PEAK_UNIT "scalar multiply-add"
static double peak_sum(PEAK_VEC v) { return v; }
#endif

static double sink; /* keeps results alive */

/* CPU seconds of the calling thread (see the top of the file). */
static double cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* GFLOP/s of 12 independent multiply-add chains (enough to cover the FMA
 * latency on two pipes), best of three runs. */
static double measure_peak(void) {
    const long iters = 50000000;
    double best = 0;
    int run;
    for (run = 0; run < 3; ++run) {
        PEAK_VEC b = PEAK_SET(1.0000001), c = PEAK_SET(1e-9);
        PEAK_VEC a0 = PEAK_SET(0), a1 = PEAK_SET(1), a2 = PEAK_SET(2), a3 = PEAK_SET(3);
        PEAK_VEC a4 = PEAK_SET(4), a5 = PEAK_SET(5), a6 = PEAK_SET(6), a7 = PEAK_SET(7);
        PEAK_VEC a8 = PEAK_SET(8), a9 = PEAK_SET(9), a10 = PEAK_SET(10), a11 = PEAK_SET(11);
        long it;
        double t = cpu_now(), g;
        for (it = 0; it < iters; ++it) {
            a0 = PEAK_FMA(a0, b, c);
            a1 = PEAK_FMA(a1, b, c);
            a2 = PEAK_FMA(a2, b, c);
            a3 = PEAK_FMA(a3, b, c);
            a4 = PEAK_FMA(a4, b, c);
            a5 = PEAK_FMA(a5, b, c);
            a6 = PEAK_FMA(a6, b, c);
            a7 = PEAK_FMA(a7, b, c);
            a8 = PEAK_FMA(a8, b, c);
            a9 = PEAK_FMA(a9, b, c);
            a10 = PEAK_FMA(a10, b, c);
            a11 = PEAK_FMA(a11, b, c);
        }
        t = cpu_now() - t;
        a0 = PEAK_ADD(PEAK_ADD(PEAK_ADD(a0, a1), PEAK_ADD(a2, a3)), PEAK_ADD(a4, a5));
        a6 = PEAK_ADD(PEAK_ADD(PEAK_ADD(a6, a7), PEAK_ADD(a8, a9)), PEAK_ADD(a10, a11));
        sink += peak_sum(PEAK_ADD(a0, a6));
        g = (double)iters * 12 * PEAK_LANES * 2 / t * 1e-9;
        if (g > best) best = g;
    }
    return best;
}

/* ---- timing ---- */

typedef enum { RUN_TOOLKIT, RUN_OPENBLAS, RUN_BACKEND } runner;
typedef enum { OP_GEMM, OP_SYRK, OP_TRSM_LEFT, OP_TRSM_RIGHT, OP_SGEMM } op_kind;

/* One timed operation: gemm C = A B; syrk C = A A^T (lower); trsm
 * B <- L^{-1} B0 (left) or B0 L^{-T} (right, the Cholesky panel shape),
 * B restored from B0 first (for every runner alike). */
typedef struct {
    op_kind kind;
    la_mat A, B, B0, C;
    int n;                  /* OP_SGEMM: n x n float matrices */
    float *fa, *fb, *fc;
} op_case;

static CBLAS_TRANSPOSE cb_trans(la_trans t) { return t == LA_TRANS ? CblasTrans : CblasNoTrans; }

static void run_op(runner who, const op_case *g) {
    const la_mat A = g->A, B = g->B, C = g->C;
    switch (g->kind) {
    case OP_GEMM:
        if (who == RUN_TOOLKIT)
            la_gemm(LA_NOTRANS, LA_NOTRANS, 1.0, A, B, 0.0, C);
        else if (who == RUN_BACKEND)
            bench_blas_cblas_gemm(LA_NOTRANS, LA_NOTRANS, 1.0, A, B, 0.0, C);
        else
            cblas_dgemm(CblasRowMajor, cb_trans(LA_NOTRANS), cb_trans(LA_NOTRANS), C.rows, C.cols,
                        A.cols, 1.0, A.data, A.ld, B.data, B.ld, 0.0, C.data, C.ld);
        break;
    case OP_SYRK:
        if (who == RUN_TOOLKIT)
            la_syrk(LA_LOWER, LA_NOTRANS, 1.0, A, 0.0, C);
        else
            cblas_dsyrk(CblasRowMajor, CblasLower, CblasNoTrans, C.rows, A.cols, 1.0, A.data, A.ld,
                        0.0, C.data, C.ld);
        break;
    case OP_SGEMM:
        if (who == RUN_TOOLKIT)
            bench_blas_float_gemm(g->n, g->fa, g->fb, g->fc);
        else
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, g->n, g->n, g->n, 1.0f, g->fa,
                        g->n, g->fb, g->n, 0.0f, g->fc, g->n);
        break;
    case OP_TRSM_LEFT:
    case OP_TRSM_RIGHT: {
        const int left = g->kind == OP_TRSM_LEFT;
        memcpy(B.data, g->B0.data, (size_t)B.rows * (size_t)B.cols * sizeof(double));
        if (who == RUN_TOOLKIT)
            la_trsm(left ? LA_LEFT : LA_RIGHT, LA_LOWER, left ? LA_NOTRANS : LA_TRANS, LA_NONUNIT,
                    1.0, A, B);
        else
            cblas_dtrsm(CblasRowMajor, left ? CblasLeft : CblasRight, CblasLower,
                        left ? CblasNoTrans : CblasTrans, CblasNonUnit, B.rows, B.cols, 1.0, A.data,
                        A.ld, B.data, B.ld);
        break;
    }
    }
}

/* Seconds per call: `calls` calls per sample. */
static double time_op(runner who, const op_case *g, int calls) {
    int c;
    double t = cpu_now();
    for (c = 0; c < calls; ++c) run_op(who, g);
    return (cpu_now() - t) / calls;
}

/* Median seconds per call of two runners, alternating sample by sample,
 * and the median of the back-to-back ratios y/x (robust when other work
 * shares the machine). */
static double compare(runner x, runner y, const op_case *g, double flops, double *tx, double *ty) {
    double sx[BENCH_REPS], sy[BENCH_REPS], q[BENCH_REPS];
    int calls = (int)(2e9 / flops) + 1, r, part, parts = calls < 8 ? calls : 8;
    run_op(x, g); /* warm up: first-touch of the buffers, allocator */
    run_op(y, g);
    for (r = 0; r < BENCH_REPS; ++r) {
        /* a sample interleaves the two runners in up to 8 parts */
        sx[r] = sy[r] = 0;
        for (part = 0; part < parts; ++part) {
            sx[r] += time_op(x, g, calls / parts) / parts;
            sy[r] += time_op(y, g, calls / parts) / parts;
        }
        q[r] = sy[r] / sx[r];
    }
    *tx = bench_median(sx, BENCH_REPS);
    *ty = bench_median(sy, BENCH_REPS);
    return bench_median(q, BENCH_REPS);
}

static la_mat random_mat(la_rng *r, la_int rows, la_int cols) {
    la_mat A = la_mat_of(rows, cols, (double *)malloc((size_t)rows * (size_t)cols * sizeof(double)));
    la_int i, j;
    for (i = 0; i < rows; ++i)
        for (j = 0; j < cols; ++j) LA_AT(A, i, j) = 2 * la_rng_uniform(r) - 1;
    return A;
}

/* max |X - Y| / max |Y| */
static double rel_diff(la_mat X, la_mat Y) {
    double d = 0, m = 0;
    la_int i, j;
    for (i = 0; i < X.rows; ++i)
        for (j = 0; j < X.cols; ++j) {
            double e = fabs(LA_AT(X, i, j) - LA_AT(Y, i, j)), v = fabs(LA_AT(Y, i, j));
            if (e > d) d = e;
            if (v > m) m = v;
        }
    return m > 0 ? d / m : d;
}

int main(void) {
    static const la_int sizes[] = {256, 512, 1024, 2048};
    la_rng r = la_rng_seed(2024);
    double peak;
    int s;
    bench_openblas_single_thread();
    peak = measure_peak();
    printf("OpenBLAS core: %s, single thread; toolkit built-in kernels, %s; thread CPU time\n",
           bench_openblas_core(), sizeof(la_real) == 8 ? "double" : "float");
    printf("measured peak: %.1f GFLOP/s (%s, 12 independent chains on registers)\n\n", peak,
           PEAK_UNIT);
    printf("dgemm C = A B, n x n, median of %d\n", BENCH_REPS);
    printf("%6s %12s %12s %8s %9s %9s %10s\n", "n", "toolkit", "OpenBLAS", "ratio", "tk/peak",
           "OB/peak", "max rel d");
    for (s = 0; s < 4; ++s) {
        la_int n = sizes[s];
        op_case g;
        la_mat D;
        double flops = 2.0 * n * n * n, tt, to, ratio;
        g.kind = OP_GEMM;
        g.A = random_mat(&r, n, n);
        g.B = random_mat(&r, n, n);
        g.C = random_mat(&r, n, n);
        D = random_mat(&r, n, n);
        ratio = compare(RUN_TOOLKIT, RUN_OPENBLAS, &g, flops, &tt, &to);
        run_op(RUN_TOOLKIT, &g);
        memcpy(D.data, g.C.data, (size_t)n * (size_t)n * sizeof(double));
        run_op(RUN_OPENBLAS, &g);
        printf("%6d %8.1f GF/s %6.1f GF/s %7.1f%% %8.1f%% %8.1f%% %10.1e\n", (int)n,
               flops / tt * 1e-9, flops / to * 1e-9, 100 * ratio, 100 * flops / tt * 1e-9 / peak,
               100 * flops / to * 1e-9 / peak, rel_diff(D, g.C));
        free(g.A.data);
        free(g.B.data);
        free(g.C.data);
        free(D.data);
    }
    printf("\nsgemm (the float build) C = A B, n x n\n");
    printf("%6s %12s %12s %8s\n", "n", "toolkit", "OpenBLAS", "ratio");
    for (s = 1; s < 3; ++s) {
        op_case g;
        size_t i, nn;
        double flops, tt, to, ratio;
        g.kind = OP_SGEMM;
        g.n = (int)sizes[s];
        nn = (size_t)g.n * (size_t)g.n;
        flops = 2.0 * g.n * g.n * g.n;
        g.fa = (float *)malloc(nn * sizeof(float));
        g.fb = (float *)malloc(nn * sizeof(float));
        g.fc = (float *)malloc(nn * sizeof(float));
        for (i = 0; i < nn; ++i) {
            g.fa[i] = (float)(2 * la_rng_uniform(&r) - 1);
            g.fb[i] = (float)(2 * la_rng_uniform(&r) - 1);
        }
        ratio = compare(RUN_TOOLKIT, RUN_OPENBLAS, &g, flops, &tt, &to);
        printf("%6d %8.1f GF/s %6.1f GF/s %7.1f%%\n", g.n, flops / tt * 1e-9, flops / to * 1e-9,
               100 * ratio);
        free(g.fa);
        free(g.fb);
        free(g.fc);
    }
    printf("\nCBLAS backend (toolkit with LA_USE_CBLAS) vs calling cblas_dgemm directly\n");
    printf("%6s %12s %12s %8s\n", "n", "backend", "direct", "ratio");
    for (s = 0; s < 4; ++s) {
        la_int n = sizes[s];
        op_case g;
        double flops = 2.0 * n * n * n, tb, to, ratio;
        g.kind = OP_GEMM;
        g.A = random_mat(&r, n, n);
        g.B = random_mat(&r, n, n);
        g.C = random_mat(&r, n, n);
        ratio = compare(RUN_BACKEND, RUN_OPENBLAS, &g, flops, &tb, &to);
        printf("%6d %8.1f GF/s %6.1f GF/s %7.1f%%\n", (int)n, flops / tb * 1e-9, flops / to * 1e-9,
               100 * ratio);
        free(g.A.data);
        free(g.B.data);
        free(g.C.data);
    }
    printf("\nother level-3 kernels (the shapes blocked factorizations use), toolkit vs OpenBLAS\n");
    printf("%-34s %12s %12s %8s\n", "", "toolkit", "OpenBLAS", "ratio");
    for (s = 0; s < 3; ++s) {
        static const char *names[3] = {"dsyrk  C(1024) += A A^T, k = 256", "dtrsm  L^-1 B, 1024 x 1024",
                                       "dtrsm  B L^-T, B 2048 x 128"};
        op_case g;
        double flops, tt, to, ratio;
        la_int i, j, na = s == 2 ? 128 : 1024;
        g.kind = s == 0 ? OP_SYRK : s == 1 ? OP_TRSM_LEFT : OP_TRSM_RIGHT;
        g.A = random_mat(&r, s == 0 ? 1024 : na, s == 0 ? 256 : na);
        for (i = 0; i < g.A.rows && s > 0; ++i) /* well conditioned: unit-sized diagonal */
            for (j = 0; j <= i; ++j) LA_AT(g.A, i, j) = i == j ? 1 + la_rng_uniform(&r) : LA_AT(g.A, i, j) / na;
        g.B0 = random_mat(&r, s == 2 ? 2048 : na, na);
        g.B = random_mat(&r, g.B0.rows, g.B0.cols);
        g.C = random_mat(&r, 1024, 1024);
        flops = s == 0 ? 1024.0 * 1024 * 256 : (double)g.B.rows * g.B.cols * na;
        ratio = compare(RUN_TOOLKIT, RUN_OPENBLAS, &g, flops, &tt, &to);
        printf("%-34s %6.1f GF/s %6.1f GF/s %7.1f%%\n", names[s], flops / tt * 1e-9, flops / to * 1e-9,
               100 * ratio);
        free(g.A.data);
        free(g.B.data);
        free(g.B0.data);
        free(g.C.data);
    }
    return sink == 12345.678 ? 1 : 0;
}

/* shampoo_root.c - the inverse fourth roots a Shampoo preconditioner needs.
 *
 * Problem: fit a 24 x 16 weight matrix W to a linear map from noisy samples,
 * loss(W) = ||W X - Y||_F^2 / (2 N), with badly scaled inputs (the columns
 * of X have scales from 1 to 1e-2, so plain gradient descent crawls).
 *
 * Shampoo (Gupta, Koren and Singer 2018) keeps the statistics
 *     L <- L + G G^T,   R <- R + G^T G        (G the gradient, 24 x 16)
 * and steps along  L^{-1/4} G R^{-1/4}. The roots (L + eps I)^{-1/4} and
 * (R + eps I)^{-1/4} are recomputed every few steps; the statistics change
 * slowly, so la_inv_root_refine starts from the previous root, which gives
 * it the spectral bounds for its scaling without a Cholesky factorization.
 * For comparison the same roots through the eigendecomposition
 * (la_powm_psd) are printed at the end.
 *
 * Build and run from the top directory: make examples */
#define LA_IMPLEMENTATION
#include "linalg.h"
#include <math.h>
#include <stdio.h>

#define M 24
#define N 16
#define SAMPLES 200

static double loss_and_grad(const la_real *w, const la_real *x, const la_real *y, la_real *g) {
    /* residual E = W X - Y (M x SAMPLES); G = E X^T / SAMPLES */
    static la_real e[M * SAMPLES];
    la_mat W = la_mat_of(M, N, (la_real *)w), X = la_mat_of(N, SAMPLES, (la_real *)x);
    la_mat E = la_mat_of(M, SAMPLES, e), G = la_mat_of(M, N, g);
    double f = 0;
    int i;
    la_gemm(LA_NOTRANS, LA_NOTRANS, 1, W, X, 0, E);
    for (i = 0; i < M * SAMPLES; ++i) {
        e[i] -= y[i];
        f += 0.5 * e[i] * e[i] / SAMPLES;
    }
    la_gemm(LA_NOTRANS, LA_TRANS, (la_real)1 / SAMPLES, E, X, 0, G);
    return f;
}

int main(void) {
    static la_real x[N * SAMPLES], y[M * SAMPLES], wtrue[M * N], w[M * N], g[M * N];
    static la_real l[M * M], r[N * N], lroot[M * M], rroot[N * N], pg[M * N], t[M * N];
    static la_real check[M * M];
    la_mat L = la_mat_of(M, M, l), R = la_mat_of(N, N, r), LR = la_mat_of(M, M, lroot),
           RR = la_mat_of(N, N, rroot), G = la_mat_of(M, N, g), PG = la_mat_of(M, N, pg),
           T = la_mat_of(M, N, t);
    la_rng rng = la_rng_seed(2024);
    la_root_info li, ri;
    const la_real eps = (la_real)1e-6, lr = (la_real)0.5;
    int i, j, step;
    /* data: y = Wtrue x + noise, inputs with decaying scales */
    for (i = 0; i < M * N; ++i) wtrue[i] = (la_real)la_rng_normal(&rng);
    for (i = 0; i < N; ++i)
        for (j = 0; j < SAMPLES; ++j)
            x[i * SAMPLES + j] = (la_real)(la_rng_normal(&rng) * pow(1e-2, (double)i / (N - 1)));
    la_gemm(LA_NOTRANS, LA_NOTRANS, 1, la_mat_of(M, N, wtrue), la_mat_of(N, SAMPLES, x), 0,
            la_mat_of(M, SAMPLES, y));
    for (i = 0; i < M * SAMPLES; ++i) y[i] += (la_real)(0.01 * la_rng_normal(&rng));
    la_mat_set(L, 0, 0);
    la_mat_set(R, 0, 0);
    la_mat_set(LR, 0, 0); /* all-zero: the first refine is a cold start */
    la_mat_set(RR, 0, 0);
    printf("step   loss         L-root steps (warm)   R-root steps (warm)\n");
    for (step = 0; step <= 60; ++step) {
        double f = loss_and_grad(w, x, y, g);
        /* statistics */
        la_syrk(LA_LOWER, LA_NOTRANS, 1, G, 1, L);
        la_syrk(LA_LOWER, LA_TRANS, 1, G, 1, R);
        if (step % 5 == 0) {
            /* the roots of the updated statistics, from the previous ones */
            if (la_inv_root_refine(L, 4, eps, LR, NULL, &li, NULL) != LA_OK ||
                la_inv_root_refine(R, 4, eps, RR, NULL, &ri, NULL) != LA_OK) {
                printf("root failed: %s / %s\n", la_strerror(li.status), la_strerror(ri.status));
                return 1;
            }
            if (step % 10 == 0)
                printf("%4d   %.6e   %2d (%d)                %2d (%d)\n", step, f, (int)li.iterations,
                       li.warm, (int)ri.iterations, ri.warm);
        }
        /* W <- W - lr L^{-1/4} G R^{-1/4} */
        la_gemm(LA_NOTRANS, LA_NOTRANS, 1, LR, G, 0, T);
        la_gemm(LA_NOTRANS, LA_NOTRANS, 1, T, RR, 0, PG);
        for (i = 0; i < M * N; ++i) w[i] -= lr * pg[i];
    }
    {
        double err = 0, nrm = 0;
        for (i = 0; i < M * N; ++i) {
            err += (w[i] - wtrue[i]) * (w[i] - wtrue[i]);
            nrm += wtrue[i] * wtrue[i];
        }
        printf("relative error of W: %.3e\n", sqrt(err / nrm));
    }
    /* the last L root against the eigendecomposition route */
    {
        la_mat C = la_mat_of(M, M, check);
        double d = 0, s = 0;
        la_inv_root_refine(L, 4, eps, LR, NULL, &li, NULL);
        la_powm_psd(L, (la_real)-0.25, eps, C, NULL);
        for (i = 0; i < M * M; ++i) {
            d += (lroot[i] - check[i]) * (lroot[i] - check[i]);
            s += check[i] * check[i];
        }
        printf("(L + eps I)^(-1/4): coupled iteration (%d steps, bounds [%.2e, %.2e]) vs eigen route: "
               "relative difference %.2e\n",
               (int)li.iterations, li.lmin, li.lmax, sqrt(d / s));
    }
    return 0;
}

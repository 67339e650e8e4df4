/* cg_poisson.c - matrix-free conjugate gradients for the Poisson equation.
 *
 * -(u_xx + u_yy) = f on the unit square, u = 0 on the boundary, by the
 * 5-point stencil on a 63 x 63 interior grid (3969 unknowns). The matrix is
 * never formed: the operator is a callback that applies the stencil. The
 * right-hand side is f = A u* for the grid function
 * u* = x (1 - x) y (1 - y) (1 + x + 2 y^2), so the error against u* is the
 * solver's alone.
 *
 * Solved three ways: plain CG (la_cg); CG with a Chebyshev polynomial
 * preconditioner of degree 8 whose spectral interval comes from 20 Lanczos
 * steps (la_spectral_bounds, la_cheb_prec_init); and MINRES (la_minres),
 * which would also accept an indefinite (e.g. Helmholtz) operator.
 *
 * Build and run from the top directory: make examples */
#define LA_IMPLEMENTATION
#include "linalg.h"
#include <math.h>
#include <stdio.h>

#define G 63
#define NN (G * G)

/* y <- A x for the 5-point Laplacian (scaled by 1/h^2). */
static int laplacian(const la_real *x, la_real *y, void *ctx) {
    const double h2 = 1.0 / ((G + 1.0) * (G + 1.0));
    int i, j;
    (void)ctx;
    for (i = 0; i < G; ++i)
        for (j = 0; j < G; ++j) {
            double s = 4 * x[i * G + j];
            if (i > 0) s -= x[(i - 1) * G + j];
            if (i + 1 < G) s -= x[(i + 1) * G + j];
            if (j > 0) s -= x[i * G + j - 1];
            if (j + 1 < G) s -= x[i * G + j + 1];
            y[i * G + j] = (la_real)(s / h2);
        }
    return 0;
}

static double solution(int i, int j) {
    const double h = 1.0 / (G + 1), x = (i + 1) * h, y = (j + 1) * h;
    return x * (1 - x) * y * (1 - y) * (1 + x + 2 * y * y);
}

static double max_error(const la_real *u) {
    double e = 0;
    int i, j;
    for (i = 0; i < G; ++i)
        for (j = 0; j < G; ++j)
            if (fabs(u[i * G + j] - solution(i, j)) > e) e = fabs(u[i * G + j] - solution(i, j));
    return e;
}

int main(void) {
    static la_real f[NN], u[NN], work[3 * NN];
    const double pi = 3.14159265358979323846, h = 1.0 / (G + 1);
    la_iter_opts o = {0};
    la_iter_info info;
    la_cheb_prec P;
    la_real lmin, lmax;
    int i, j;
    for (i = 0; i < G; ++i)
        for (j = 0; j < G; ++j) u[i * G + j] = (la_real)solution(i, j);
    laplacian(u, f, NULL);
    o.tol = (la_real)1e-10;
    for (i = 0; i < NN; ++i) u[i] = 0;
    if (la_cg(NN, laplacian, NULL, f, u, &o, &info, NULL) != LA_OK) return 1;
    printf("CG:                  %4d iterations, relative residual %.1e, max error %.2e\n",
           (int)info.iterations, info.residual, max_error(u));
    if (la_spectral_bounds(NN, laplacian, NULL, 20, &lmin, &lmax, &o, NULL) != LA_OK) return 1;
    printf("Lanczos bounds: [%.2f, %.1f] (exact [%.2f, %.1f])\n", lmin, lmax,
           8 / (h * h) * pow(sin(pi * h / 2), 2), 8 / (h * h) * pow(cos(pi * h / 2), 2));
    /* the Ritz value lmin is above the true minimum: a wider interval
     * [lmin / 2, lmax] keeps the polynomial positive on the whole spectrum */
    la_cheb_prec_init(&P, NN, laplacian, NULL, 8, lmin / 2, lmax, work);
    for (i = 0; i < NN; ++i) u[i] = 0;
    if (la_pcg(NN, laplacian, NULL, la_linop_chebyshev, &P, f, u, &o, &info, NULL) != LA_OK)
        return 1;
    printf("Chebyshev(8)-PCG:    %4d iterations (%d operator applications), max error %.2e\n",
           (int)info.iterations, (int)(info.iterations * 9), max_error(u));
    for (i = 0; i < NN; ++i) u[i] = 0;
    if (la_minres(NN, laplacian, NULL, NULL, NULL, f, u, &o, &info, NULL) != LA_OK) return 1;
    printf("MINRES:              %4d iterations, relative residual %.1e, max error %.2e\n",
           (int)info.iterations, info.residual, max_error(u));
    return 0;
}

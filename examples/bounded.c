/* bounded.c - a bound-constrained problem with opt_lbfgsb: the
 * elastic-plastic torsion of a square bar.
 *
 * Problem (from the MINPACK-2 test collection, Averick, Carter, More and
 * Xue 1992): the stress potential v of a bar twisted by an angle c, with
 * square cross-section D = (0,1)^2, minimizes
 *     q(v) = integral over D of |grad v|^2 / 2 - c v
 * subject to |v(x)| <= dist(x, boundary of D). Where the bound is active
 * the material has yielded (plastic region); elsewhere it is elastic.
 * Finite differences on an n x n grid of interior points (h = 1/(n+1))
 * give a convex quadratic in n^2 variables with box constraints.
 *
 * Build and run from the top directory: make examples */
#define OPT_IMPLEMENTATION
#include "opt.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define N 31 /* grid points per side: N^2 = 961 variables */

/* q(v) = 1/2 sum over grid edges (v_i - v_j)^2 - c h^2 sum v_i (v = 0 on
 * the boundary); ctx points to c. */
static la_real torsion(const la_real *v, la_real *g, void *ctx) {
    double c = *(const double *)ctx, h = 1.0 / (N + 1), f = 0;
    int i, j;
    for (i = 0; i < N; ++i)
        for (j = 0; j < N; ++j) {
            double vij = v[i * N + j];
            double right = j + 1 < N ? v[i * N + j + 1] : 0, down = i + 1 < N ? v[(i + 1) * N + j] : 0;
            double left = j > 0 ? v[i * N + j - 1] : 0, up = i > 0 ? v[(i - 1) * N + j] : 0;
            /* each edge once: to the right and down, plus those to the
             * boundary on the left and top */
            f += 0.5 * ((vij - right) * (vij - right) + (vij - down) * (vij - down));
            if (j == 0) f += 0.5 * vij * vij;
            if (i == 0) f += 0.5 * vij * vij;
            f -= c * h * h * vij;
            if (g) g[i * N + j] = 4 * vij - right - down - left - up - c * h * h;
        }
    return f;
}

int main(void) {
    static la_real v[N * N], lo[N * N], up[N * N], g[N * N];
    double c = 5, h = 1.0 / (N + 1), pg = 0;
    opt_options o = {0};
    opt_result r;
    int i, j, plastic = 0;
    for (i = 0; i < N; ++i)
        for (j = 0; j < N; ++j) {
            double x = (j + 1) * h, y = (i + 1) * h;
            double d = fmin(fmin(x, 1 - x), fmin(y, 1 - y)); /* distance to the boundary */
            up[i * N + j] = d;
            lo[i * N + j] = -d;
            v[i * N + j] = 0;
        }
    o.gtol = 1e-8;
    r = opt_lbfgsb(torsion, &c, N * N, v, lo, up, &o, NULL);
    printf("elastic-plastic torsion, c = %g, %d x %d grid (%d variables)\n", c, N, N, N * N);
    printf("L-BFGS-B: %s (%s) after %d iterations, %d evaluations, q = %.8f\n",
           la_strerror(r.status), opt_reason_str(r.reason), (int)r.iterations, (int)r.f_evals,
           (double)r.f);
    /* KKT check: the projected gradient, computed here */
    torsion(v, g, &c);
    for (i = 0; i < N * N; ++i) {
        double z = v[i] - g[i];
        z = z < lo[i] ? lo[i] : z > up[i] ? up[i] : z;
        pg = fmax(pg, fabs(z - v[i]));
        plastic += v[i] >= up[i];
    }
    printf("projected gradient %.1e; %d points at the bound (plastic), %d elastic\n", pg, plastic,
           N * N - plastic);
    printf("cross-section ('#' plastic, '.' elastic), every other grid point:\n");
    for (i = 0; i < N; i += 2) {
        printf("  ");
        for (j = 0; j < N; j += 2) printf("%c", v[i * N + j] >= up[i * N + j] ? '#' : '.');
        printf("\n");
    }
    return r.status == LA_OK && pg <= 1e-8 ? 0 : 1;
}

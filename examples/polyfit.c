/* polyfit.c - fitting a polynomial by least squares with la_lstsq.
 *
 * A ball is dropped in front of a camera that records its height 30 times a
 * second for one second; each reading has about 3 mm of noise (the readings
 * are simulated from free fall, h(t) = h0 + v0 t - g t^2 / 2, with a seeded
 * generator). Fitting a quadratic to the readings recovers the initial
 * height, the initial speed and g. The same data are then fitted with a
 * degree-12 polynomial through la_lstsq_rank, whose monomial basis is badly
 * conditioned: the rank it reports shows how many coefficient combinations
 * the data determine to the requested relative accuracy.
 *
 * Build and run from the top of the repository: make examples
 */
#include <stdio.h>
#define LA_IMPLEMENTATION
#include "linalg.h"

#define NOBS 31
#define MAXDEG 12

/* Vandermonde matrix A(i, j) = t_i^j, and b = h. */
static void design(const double *t, const double *h, int deg, la_mat A, la_mat B) {
    int i, j;
    for (i = 0; i < NOBS; ++i) {
        double p = 1;
        for (j = 0; j <= deg; ++j, p *= t[i]) LA_AT(A, i, j) = (la_real)p;
        LA_AT(B, i, 0) = (la_real)h[i];
    }
}

static double residual_norm(const double *t, const double *h, const la_real *c, int deg) {
    double s = 0;
    int i, j;
    for (i = 0; i < NOBS; ++i) {
        double p = 0;
        for (j = deg; j >= 0; --j) p = p * t[i] + c[j];
        s += (h[i] - p) * (h[i] - p);
    }
    return sqrt(s);
}

int main(void) {
    const double h0 = 2.0, v0 = 0.5, g = 9.81, noise = 0.003;
    double t[NOBS], h[NOBS];
    la_real a[NOBS * (MAXDEG + 1)], b[NOBS];
    la_rng rng = la_rng_seed(2024);
    la_mat A, B;
    la_status st;
    la_int rank;
    int i;

    for (i = 0; i < NOBS; ++i) {
        t[i] = i / 30.0;
        h[i] = h0 + v0 * t[i] - 0.5 * g * t[i] * t[i] + noise * la_rng_normal(&rng);
    }

    /* Quadratic fit: 31 equations, 3 unknowns. */
    A = la_mat_of(NOBS, 3, a);
    B = la_mat_of(NOBS, 1, b);
    design(t, h, 2, A, B);
    st = la_lstsq(A, B, NULL); /* X lands in the first 3 rows of B */
    if (st != LA_OK) {
        printf("la_lstsq: %s\n", la_strerror(st));
        return 1;
    }
    printf("quadratic fit of %d height readings h(t) = c0 + c1 t + c2 t^2\n", NOBS);
    printf("  c0 = %8.4f m      (true initial height %.4f m)\n", (double)b[0], h0);
    printf("  c1 = %8.4f m/s    (true initial speed  %.4f m/s)\n", (double)b[1], v0);
    printf("  g  = %8.4f m/s^2  (-2 c2; true %.2f)\n", -2 * (double)b[2], g);
    printf("  residual norm %.4f m over %d readings (noise %.3f m each)\n\n",
           residual_norm(t, h, b, 2), NOBS, noise);

    /* Degree 12: the monomials 1, t, ..., t^12 on [0, 1] are nearly
     * dependent. With rcond = 1e-6 the pivoted QR keeps only the directions
     * the data determine to that relative accuracy and returns the
     * minimum-norm coefficients among the fits of that rank. */
    A = la_mat_of(NOBS, MAXDEG + 1, a);
    design(t, h, MAXDEG, A, B);
    st = la_lstsq_rank(A, B, (la_real)1e-6, &rank, NULL);
    if (st != LA_OK) {
        printf("la_lstsq_rank: %s\n", la_strerror(st));
        return 1;
    }
    printf("degree-%d fit with rcond 1e-6: numerical rank %d of %d columns\n", MAXDEG, (int)rank,
           MAXDEG + 1);
    printf("  coefficients:");
    for (i = 0; i <= MAXDEG; ++i) printf(" %.3g", (double)b[i]);
    printf("\n  residual norm %.4f m (the extra degrees only fit the noise)\n",
           residual_norm(t, h, b, MAXDEG));
    return 0;
}

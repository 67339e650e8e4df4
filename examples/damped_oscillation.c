/* damped_oscillation.c - fit a damped oscillation to noisy measurements with
 * opt.h's Levenberg-Marquardt, and report each parameter with its standard
 * error and 95% confidence interval from the covariance of the fit.
 *
 *   model   y(t) = A exp(-t / tau) cos(omega t + phi) + c
 *
 * The data are simulated (known true parameters, Gaussian noise), so the
 * output shows whether the intervals cover the truth.
 * Build and run from the top directory: make examples. */
#include <math.h>
#include <stdio.h>
#define OPT_IMPLEMENTATION
#include "opt.h"

#define M 120 /* measurements */
#define N 5   /* parameters A, tau, omega, phi, c */

typedef struct {
    double t[M], y[M];
} data;

/* Residuals model(t_i) - y_i and, when J is not NULL, the Jacobian. */
static int residuals(const la_real *p, la_real *r, la_real *J, void *ctx) {
    const data *d = (const data *)ctx;
    int i;
    for (i = 0; i < M; ++i) {
        double t = d->t[i], e = exp(-t / p[1]), c = cos(p[2] * t + p[3]), s = sin(p[2] * t + p[3]);
        r[i] = p[0] * e * c + p[4] - d->y[i];
        if (J) {
            la_real *row = J + (size_t)i * N;
            row[0] = e * c;                            /* d/dA */
            row[1] = p[0] * e * c * t / (p[1] * p[1]); /* d/dtau */
            row[2] = -p[0] * e * s * t;                /* d/domega */
            row[3] = -p[0] * e * s;                    /* d/dphi */
            row[4] = 1;                                /* d/dc */
        }
    }
    return 0;
}

/* Student t quantile t_{1-a/2}(dof) from the normal quantile z by the
 * Cornish-Fisher expansion (Abramowitz and Stegun 26.7.5); good to 1e-4
 * for dof >= 10. */
static double student_t_quantile(double z, double dof) {
    double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
    return z + (z3 + z) / (4 * dof) + (5 * z5 + 16 * z3 + 3 * z) / (96 * dof * dof) +
           (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * dof * dof * dof);
}

int main(void) {
    static const char *names[N] = {"A", "tau", "omega", "phi", "c"};
    const double truth[N] = {2.5, 3.0, 2.1, 0.4, 0.2};
    la_real p[N] = {2.0, 2.0, 2.0, 0.0, 0.0}; /* a rough first guess */
    la_real cov[N * N], se[N];
    data d;
    opt_options o;
    opt_lsq_report rep;
    opt_result res;
    la_rng rng = la_rng_seed(2024);
    double tq;
    int i, covered = 0;

    for (i = 0; i < M; ++i) {
        d.t[i] = 10.0 * i / (M - 1);
        d.y[i] = truth[0] * exp(-d.t[i] / truth[1]) * cos(truth[2] * d.t[i] + truth[3]) + truth[4] +
                 0.05 * la_rng_normal(&rng);
    }

    memset(&o, 0, sizeof o); /* zero: defaults */
    o.ftol = 1e-12;
    o.xtol = 1e-12;
    memset(&rep, 0, sizeof rep);
    rep.cov = cov; /* ask for the covariance and the standard errors */
    rep.std_err = se;
    res = opt_lsq(residuals, &d, M, N, p, &o, NULL, &rep, NULL);
    if (res.status != LA_OK) {
        printf("fit failed: %s (%s)\n", la_strerror(res.status), opt_reason_str(res.reason));
        return 1;
    }
    printf("Damped oscillation y = A exp(-t/tau) cos(omega t + phi) + c, %d points, noise 0.05\n", M);
    printf("converged: %s after %ld Jacobians and %ld residual evaluations\n",
           opt_reason_str(res.reason), (long)res.g_evals, (long)res.f_evals);
    printf("residual sum of squares %.6f, residual standard deviation %.4f (%ld degrees of freedom)\n\n",
           (double)rep.rss, (double)rep.sigma, (long)rep.dof);

    tq = student_t_quantile(1.959963984540054, (double)rep.dof);
    printf("parameter   true      estimate   std error   95%% confidence interval\n");
    for (i = 0; i < N; ++i) {
        double lo = p[i] - tq * se[i], hi = p[i] + tq * se[i];
        int in = truth[i] >= lo && truth[i] <= hi;
        covered += in;
        printf("%-8s %8.4f  %9.5f  %9.5f   [%8.5f, %8.5f] %s\n", names[i], truth[i], (double)p[i],
               (double)se[i], lo, hi, in ? "" : "(misses the truth)");
    }
    printf("\ncorrelation of tau and A: %.3f (cov / (se_A se_tau))\n",
           (double)(cov[0 * N + 1] / (se[0] * se[1])));
    printf("%d of %d intervals contain the true value (t quantile %.4f for %ld dof)\n", covered, N,
           tq, (long)rep.dof);
    return 0;
}

/* ode_expm.c - exact time steps of linear ODEs with the matrix exponential.
 *
 * A linear system y' = A y has the solution y(t + h) = exp(h A) y(t): one
 * la_expm gives a step of any length with no stability limit, and repeated
 * steps reuse the same propagator.
 *
 * 1. A damped oscillator x'' + 2 zeta w x' + w^2 x = 0 (w = 2 pi, zeta =
 *    0.1), as y = (x, x'), A = [0 1; -w^2 -2 zeta w]; 20 steps of h = 0.05
 *    compared with the closed-form solution.
 * 2. The heat equation u_t = u_xx on (0, 1), u = 0 at both ends, by central
 *    differences on 60 interior points: A is tridiagonal (1, -2, 1) / dx^2,
 *    stiff (its eigenvalues reach -4 / dx^2 ~ -1.5e4, so explicit Euler
 *    would need dt < 1.4e-4). One exponential step to t = 0.05 from
 *    u_0 = sin(pi x) + 0.5 sin(3 pi x) is compared with the exact solution
 *    of the discrete system (sine modes decay as exp(lambda_k t)) and of
 *    the PDE.
 *
 * Build and run from the top directory: make examples */
#define LA_IMPLEMENTATION
#include "linalg.h"
#include <math.h>
#include <stdio.h>

#define NX 60

int main(void) {
    const double pi = 3.14159265358979323846;
    /* 1. damped oscillator */
    {
        const double w = 2 * pi, zeta = 0.1, h = 0.05;
        const double wd = w * sqrt(1 - zeta * zeta);
        la_real a[4], phi[4], y[2] = {1, 0};
        double maxerr = 0;
        int k;
        a[0] = 0;
        a[1] = (la_real)h;
        a[2] = (la_real)(-w * w * h);
        a[3] = (la_real)(-2 * zeta * w * h);
        if (la_expm(la_mat_of(2, 2, a), la_mat_of(2, 2, phi), NULL) != LA_OK) return 1;
        printf("damped oscillator, step h = %.2f:\n   t      x (expm)       x (exact)\n", h);
        for (k = 1; k <= 20; ++k) {
            double t = k * h, exact, y0 = y[0];
            y[0] = phi[0] * y0 + phi[1] * y[1];
            y[1] = phi[2] * y0 + phi[3] * y[1];
            /* x(t) = e^{-zeta w t} (cos(wd t) + zeta w / wd sin(wd t)) */
            exact = exp(-zeta * w * t) * (cos(wd * t) + zeta * w / wd * sin(wd * t));
            if (k % 4 == 0) printf("  %.2f  % .12f  % .12f\n", t, (double)y[0], exact);
            if (fabs(y[0] - exact) > maxerr) maxerr = fabs(y[0] - exact);
        }
        printf("  max |error| over 20 steps: %.2e\n\n", maxerr);
    }
    /* 2. heat equation, one step */
    {
        static la_real a[NX * NX], e[NX * NX], u0[NX], u[NX];
        const double dx = 1.0 / (NX + 1), t = 0.05;
        double err_discrete = 0, err_pde = 0;
        int i, j;
        for (i = 0; i < NX * NX; ++i) a[i] = 0;
        for (i = 0; i < NX; ++i) {
            double x = (i + 1) * dx;
            a[i * NX + i] = (la_real)(-2 * t / (dx * dx));
            if (i > 0) a[i * NX + i - 1] = (la_real)(t / (dx * dx));
            if (i + 1 < NX) a[i * NX + i + 1] = (la_real)(t / (dx * dx));
            u0[i] = (la_real)(sin(pi * x) + 0.5 * sin(3 * pi * x));
        }
        if (la_expm(la_mat_of(NX, NX, a), la_mat_of(NX, NX, e), NULL) != LA_OK) return 1;
        la_gemv(LA_NOTRANS, 1, la_mat_of(NX, NX, e), u0, 0, u);
        for (j = 0; j < NX; ++j) {
            double x = (j + 1) * dx;
            /* the discrete Laplacian's eigenvalues on sin(k pi x) */
            double l1 = -4 / (dx * dx) * pow(sin(pi * dx / 2), 2);
            double l3 = -4 / (dx * dx) * pow(sin(3 * pi * dx / 2), 2);
            double disc = exp(l1 * t) * sin(pi * x) + 0.5 * exp(l3 * t) * sin(3 * pi * x);
            double pde = exp(-pi * pi * t) * sin(pi * x) + 0.5 * exp(-9 * pi * pi * t) * sin(3 * pi * x);
            if (fabs(u[j] - disc) > err_discrete) err_discrete = fabs(u[j] - disc);
            if (fabs(u[j] - pde) > err_pde) err_pde = fabs(u[j] - pde);
        }
        printf("heat equation, %d points, one step to t = %.2f (||tA||_1 = %.0f):\n", NX, t,
               (double)la_norm_1(la_mat_of(NX, NX, a)));
        printf("  u(0.5, t) = %.10f\n", (double)u[NX / 2]);
        printf("  max |error| vs the semi-discrete solution: %.2e\n", err_discrete);
        printf("  max |error| vs the PDE (spatial discretization): %.2e\n", err_pde);
    }
    return 0;
}

/* mass_spring.c - static equilibrium of a chain of masses and springs.
 *
 * Eight masses hang in a vertical chain between a ceiling and a floor,
 * joined by nine springs. Under gravity each mass moves down by u_i; the
 * equilibrium K u = f has the stiffness matrix K (tridiagonal, symmetric
 * positive definite) and the weights f_i = m_i g. We solve it with a
 * Cholesky factorization, stiffen one spring with a rank-1 update of the
 * factor, and finally tie two masses together with a rigid rod: that adds
 * a Lagrange multiplier and makes the system symmetric indefinite (a saddle
 * point), which the Bunch-Kaufman LDL^T factorization solves.
 *
 * Build and run from the top directory:
 *     cc -std=c99 -I. -o mass_spring examples/mass_spring.c -lm && ./mass_spring
 */
#include <math.h>
#include <stdio.h>
#define LA_IMPLEMENTATION
#include "linalg.h"

#define N 8 /* masses */

/* K (N x N) for springs k[0..N]: k[0] ties mass 0 to the ceiling, k[N]
 * mass N-1 to the floor, k[i] joins masses i-1 and i. */
static void stiffness(const double *k, double *K) {
    int i, j;
    for (i = 0; i < N; ++i)
        for (j = 0; j < N; ++j) K[i * N + j] = 0;
    for (i = 0; i < N; ++i) {
        K[i * N + i] = k[i] + k[i + 1];
        if (i + 1 < N) K[i * N + i + 1] = K[(i + 1) * N + i] = -k[i + 1];
    }
}

/* ||K u - f||_inf / (||K||_inf ||u||_inf): relative residual of a solve. */
static double residual(const double *K, int n, const double *u, const double *f) {
    double r = 0, kn = 0, un = 0;
    int i, j;
    for (i = 0; i < n; ++i) {
        double s = -f[i], row = 0;
        for (j = 0; j < n; ++j) {
            s += K[i * n + j] * u[j];
            row += fabs(K[i * n + j]);
        }
        r = fmax(r, fabs(s));
        kn = fmax(kn, row);
        un = fmax(un, fabs(u[i]));
    }
    return r / (kn * un);
}

int main(void) {
    const double g = 9.81;
    double k[N + 1] = {800, 600, 700, 500, 900, 650, 750, 550, 1000}; /* N/m */
    double m[N] = {1.0, 2.0, 1.5, 3.0, 2.5, 1.0, 2.0, 1.5};           /* kg */
    double K[N * N], L[N * N], f[N], u[N], x[N];
    la_status st;
    int i;

    /* 1. K u = f by Cholesky: K = L L^T, then two triangular solves. */
    stiffness(k, K);
    for (i = 0; i < N * N; ++i) L[i] = K[i];
    for (i = 0; i < N; ++i) u[i] = f[i] = m[i] * g;
    st = la_chol(la_mat_of(N, N, L));
    if (st == LA_OK) st = la_chol_solve(la_mat_of(N, N, L), la_mat_of(N, 1, u));
    if (st != LA_OK) {
        printf("Cholesky failed: %s\n", la_strerror(st));
        return 1;
    }
    printf("Chain of %d masses under gravity, K u = f solved by Cholesky:\n", N);
    printf("  mass  m [kg]   u [mm]\n");
    for (i = 0; i < N; ++i) printf("  %4d  %6.2f  %7.3f\n", i, m[i], 1e3 * u[i]);
    printf("  relative residual ||K u - f|| / (||K|| ||u||) = %.1e\n", residual(K, N, u, f));

    /* 2. Spring 4 (between masses 3 and 4) is replaced by one 3x as stiff:
     * K gains 2 k[4] v v^T with v = e_3 - e_4, a rank-1 update of L. */
    for (i = 0; i < N; ++i) x[i] = 0;
    x[3] = sqrt(2 * k[4]);
    x[4] = -sqrt(2 * k[4]);
    la_chol_update(la_mat_of(N, N, L), x);
    k[4] *= 3;
    stiffness(k, K);
    for (i = 0; i < N; ++i) u[i] = f[i];
    la_chol_solve(la_mat_of(N, N, L), la_mat_of(N, 1, u));
    printf("\nSpring 4 three times stiffer (rank-1 update of L, O(n^2)):\n");
    printf("  u[3] = %.3f mm, u[4] = %.3f mm, residual %.1e\n", 1e3 * u[3], 1e3 * u[4],
           residual(K, N, u, f));

    /* 3. A rigid rod ties masses 2 and 6 (u_2 = u_6). With the rod force
     * lambda as an extra unknown:
     *     [ K    c ] [ u      ]   [ f ]
     *     [ c^T  0 ] [ lambda ] = [ 0 ],   c = e_2 - e_6,
     * a symmetric indefinite (saddle-point) matrix: N positive eigenvalues
     * and one negative. LDL^T with Bunch-Kaufman pivoting factors it. */
    {
        enum { M = N + 1 };
        double A[M * M], F[M * M], b[M], r[M];
        la_int ipiv[M], npos, nneg, nzero;
        int j;
        for (i = 0; i < M; ++i)
            for (j = 0; j < M; ++j) A[i * M + j] = i < N && j < N ? K[i * N + j] : 0;
        A[2 * M + N] = A[N * M + 2] = 1;
        A[6 * M + N] = A[N * M + 6] = -1;
        for (i = 0; i < M * M; ++i) F[i] = A[i];
        for (i = 0; i < M; ++i) b[i] = r[i] = i < N ? f[i] : 0;
        st = la_ldlt(la_mat_of(M, M, F), ipiv, NULL);
        if (st == LA_OK) st = la_ldlt_inertia(la_mat_of(M, M, F), ipiv, &npos, &nneg, &nzero);
        if (st == LA_OK) st = la_ldlt_solve(la_mat_of(M, M, F), ipiv, la_mat_of(M, 1, b));
        if (st != LA_OK) {
            printf("LDL^T failed: %s\n", la_strerror(st));
            return 1;
        }
        printf("\nMasses 2 and 6 tied by a rigid rod (saddle-point system, LDL^T):\n");
        printf("  inertia: %d positive, %d negative, %d zero eigenvalues\n", (int)npos, (int)nneg,
               (int)nzero);
        printf("  u[2] = %.3f mm, u[6] = %.3f mm, rod force %.2f N\n", 1e3 * b[2], 1e3 * b[6], b[N]);
        printf("  relative residual %.1e\n", residual(A, M, b, r));
    }
    return 0;
}

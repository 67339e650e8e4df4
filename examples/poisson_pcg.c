/* poisson_pcg.c - solve the 2-D Poisson equation -laplace(u) = 1 on the unit
 * square (u = 0 on the boundary) with conjugate gradients, plain and
 * preconditioned by incomplete Cholesky IC(0).
 *
 * la_cg / la_pcg (linalg.h) run on the sparse matrix through the sp_linop
 * callback; the IC(0) factor is applied through sp_ic0_apply.
 *
 * The 5-point finite-difference matrix of a 16 x 16 interior grid is read
 * from a Matrix Market file (stored as its lower triangle, "symmetric"):
 * A u = h^2 f with h = 1/17. The centre value of the continuous solution is
 * about 0.0737; the discrete one is close to it.
 *
 * Build and run from the top directory:  make examples */
#include <stdio.h>
#define SP_IMPLEMENTATION
#include "sparse.h"

int main(void) {
    static la_real b[256], u[256], ax[256];
    const char *path = "tests/data/mtx/poisson16.mtx";
    const la_real h = (la_real)1 / 17, tol = (la_real)1e-8;
    sp_mat A;
    sp_ic0 ic;
    sp_mtx_info info;
    la_iter_opts opts = {0};
    la_iter_info cg, pcg;
    la_status st;
    la_int n, i;

    st = sp_read_mtx_ex(path, SP_CSR, &A, &info);
    if (st != LA_OK) {
        printf("%s: %s (line %ld: %s)\n", path, la_strerror(st), info.line, info.reason);
        return 1;
    }
    n = A.rows;
    printf("read %s: %d x %d, %d entries (stored as one triangle: %lld)\n", path, (int)A.rows,
           (int)A.cols, (int)A.nnz, info.entries);
    if (n > 256) return 1;
    for (i = 0; i < n; ++i) b[i] = h * h; /* f = 1 */

    opts.tol = tol;
    /* sp_linop: y = A x for la_cg / la_pcg; u holds the start (zeros). */
    for (i = 0; i < n; ++i) u[i] = 0;
    st = la_cg(n, sp_linop, &A, b, u, &opts, &cg, NULL);
    printf("CG:            %3d iterations (%s)\n", (int)cg.iterations, la_strerror(st));

    st = sp_ic0_create(&A, NULL, &ic);
    if (st != LA_OK) {
        printf("IC(0): %s\n", la_strerror(st));
        sp_free(&A);
        return 1;
    }
    /* sp_ic0_apply: y = (L L^T)^{-1} x, the preconditioner callback. */
    for (i = 0; i < n; ++i) u[i] = 0;
    st = la_pcg(n, sp_linop, &A, sp_ic0_apply, &ic, b, u, &opts, &pcg, NULL);
    sp_mv(LA_NOTRANS, 1, &A, u, 0, ax);
    for (i = 0; i < n; ++i) ax[i] -= b[i];
    printf("PCG + IC(0):   %3d iterations (%s), ||b - A u|| / ||b|| = %.2e\n", (int)pcg.iterations,
           la_strerror(st), (double)(la_nrm2(n, ax, 1) / la_nrm2(n, b, 1)));
    printf("u at the centre of the square: %.4f (continuous problem: 0.0737)\n",
           (double)(0.25 * (u[7 * 16 + 7] + u[7 * 16 + 8] + u[8 * 16 + 7] + u[8 * 16 + 8])));
    sp_ic0_free(&ic);
    sp_free(&A);
    return 0;
}

/* poisson_pcg.c - solve the 2-D Poisson equation -laplace(u) = 1 on the unit
 * square (u = 0 on the boundary) with conjugate gradients, plain and
 * preconditioned by incomplete Cholesky IC(0).
 *
 * The 5-point finite-difference matrix of a 16 x 16 interior grid is read
 * from a Matrix Market file (stored as its lower triangle, "symmetric"):
 * A u = h^2 f with h = 1/17. The centre value of the continuous solution is
 * about 0.0737; the discrete one is close to it.
 *
 * Build and run from the top directory:  make examples */
#include <stdio.h>
#include <math.h>
#define SP_IMPLEMENTATION
#include "sparse.h"

/* Preconditioned conjugate gradients (Hestenes and Stiefel 1952) on the
 * operator A with preconditioner M (NULL: none), from x = 0, until
 * ||b - A x|| <= tol ||b||. Returns the iterations taken. */
static int pcg(la_linop A, void *actx, la_linop M, void *mctx, la_int n, const la_real *b,
               la_real *x, la_real tol, int max_iter, la_real *work) {
    la_real *r = work, *z = work + n, *p = work + 2 * n, *q = work + 3 * n, rz, bnorm;
    int it = 0;
    la_int i;
    for (i = 0; i < n; ++i) {
        x[i] = 0;
        r[i] = b[i];
    }
    bnorm = la_nrm2(n, b, 1);
    if (M) M(r, z, mctx); else la_copy(n, r, 1, z, 1);
    la_copy(n, z, 1, p, 1);
    rz = la_dot(n, r, 1, z, 1);
    while (it < max_iter && la_nrm2(n, r, 1) > tol * bnorm) {
        la_real alpha, rz_new;
        A(p, q, actx);
        alpha = rz / la_dot(n, p, 1, q, 1);
        la_axpy(n, alpha, p, 1, x, 1);
        la_axpy(n, -alpha, q, 1, r, 1);
        if (M) M(r, z, mctx); else la_copy(n, r, 1, z, 1);
        rz_new = la_dot(n, r, 1, z, 1);
        for (i = 0; i < n; ++i) p[i] = z[i] + (rz_new / rz) * p[i];
        rz = rz_new;
        ++it;
    }
    return it;
}

int main(void) {
    static la_real b[256], u[256], ax[256], work[4 * 256];
    const char *path = "tests/data/mtx/poisson16.mtx";
    const la_real h = (la_real)1 / 17, tol = (la_real)1e-8;
    sp_mat A;
    sp_ic0 ic;
    sp_mtx_info info;
    la_status st;
    la_int n, i;
    int it_cg, it_ic;

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

    it_cg = pcg(sp_linop, &A, NULL, NULL, n, b, u, tol, 1000, work);
    printf("CG:            %3d iterations\n", it_cg);

    st = sp_ic0_create(&A, NULL, &ic);
    if (st != LA_OK) {
        printf("IC(0): %s\n", la_strerror(st));
        sp_free(&A);
        return 1;
    }
    it_ic = pcg(sp_linop, &A, sp_ic0_apply, &ic, n, b, u, tol, 1000, work);
    sp_mv(LA_NOTRANS, 1, &A, u, 0, ax);
    for (i = 0; i < n; ++i) ax[i] -= b[i];
    printf("PCG + IC(0):   %3d iterations, ||b - A u|| / ||b|| = %.2e\n", it_ic,
           (double)(la_nrm2(n, ax, 1) / la_nrm2(n, b, 1)));
    printf("u at the centre of the square: %.4f (continuous problem: 0.0737)\n",
           (double)(0.25 * (u[7 * 16 + 7] + u[7 * 16 + 8] + u[8 * 16 + 7] + u[8 * 16 + 8])));
    sp_ic0_free(&ic);
    sp_free(&A);
    return 0;
}

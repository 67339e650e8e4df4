/* demo.c - a short tour of the toolkit: one small, real computation from
 * each part of linalg.h, sparse.h and opt.h, with readable output.
 * Run it with `make demo`. */
#include <stdio.h>
#include <math.h>
#include <stdlib.h>

#define LA_IMPLEMENTATION
#define SP_IMPLEMENTATION
#define OPT_IMPLEMENTATION
#include "linalg.h"
#include "sparse.h"
#include "opt.h"

static void heading(const char *title) { printf("\n== %s\n", title); }

/* 1. A linear system by LU, with its determinant and condition estimate. */
static void demo_lu(void) {
    la_real a[9] = {2, 1, 1, 4, -6, 0, -2, 7, 2}, lu[9], b[3] = {5, -2, 9};
    la_int piv[3];
    la_real rcond = 0, det = 0;
    la_mat A = la_mat_of(3, 3, a), LU = la_mat_of(3, 3, lu);
    heading("Linear system A x = b by LU with partial pivoting");
    la_mat_copy(A, LU);
    if (la_lu(LU, piv) != LA_OK || la_lu_solve(LU, piv, la_mat_of(3, 1, b)) != LA_OK) return;
    la_lu_rcond(LU, la_norm_1(A), &rcond, NULL);
    la_lu_det(LU, piv, &det);
    printf("x = (%g, %g, %g)   [exact: (1, 1, 2)]\n", (double)b[0], (double)b[1], (double)b[2]);
    printf("det A = %g, estimated 1-norm condition number %.1f\n", (double)det,
           (double)(1 / rcond));
}

/* 2. Least squares: a quadratic through noisy points. */
static void demo_lstsq(void) {
    enum { M = 8 };
    la_real t[M] = {0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5};
    la_real y[M] = {1.03, 1.55, 3.14, 5.56, 9.04, 13.33, 18.73, 24.96};
    la_real a[M * 3];
    la_int i;
    heading("Least squares: fit y = c0 + c1 t + c2 t^2 (by Householder QR)");
    for (i = 0; i < M; ++i) {
        a[3 * i] = 1;
        a[3 * i + 1] = t[i];
        a[3 * i + 2] = t[i] * t[i];
    }
    if (la_lstsq(la_mat_of(M, 3, a), la_mat_of(M, 1, y), NULL) != LA_OK) return;
    printf("c = (%.3f, %.3f, %.3f)   [data: 1 + 0.2 t + 1.9 t^2 plus noise of 0.05]\n", (double)y[0],
           (double)y[1], (double)y[2]);
}

/* 3. Vibration modes of a spring chain (symmetric eigenproblem) and the
 *    rank of a matrix from its singular values. */
static void demo_spectral(void) {
    enum { N = 5 };
    la_real k[N * N] = {0}, w[N], v[N * N], s[3], r[4 * 3];
    la_int i;
    heading("Eigenvalues of a 5-mass spring chain (stiffness matrix tridiag(-1, 2, -1))");
    for (i = 0; i < N; ++i) {
        k[i * N + i] = 2;
        if (i > 0) k[i * N + i - 1] = k[(i - 1) * N + i] = -1;
    }
    if (la_eigh(la_mat_of(N, N, k), w, la_mat_of(N, N, v), NULL) != LA_OK) return;
    printf("omega^2 =");
    for (i = 0; i < N; ++i) printf(" %.4f", (double)w[i]);
    printf("\n   exact: 2 - 2 cos(j pi / 6) = 0.2679 1.0000 2.0000 3.0000 3.7321\n");
    heading("Singular values of a rank-2 matrix (4 x 3, third column = first + second)");
    for (i = 0; i < 4; ++i) {
        r[3 * i] = (la_real)(i + 1);
        r[3 * i + 1] = (la_real)((i * i) % 3);
        r[3 * i + 2] = r[3 * i] + r[3 * i + 1];
    }
    if (la_svd(la_mat_of(4, 3, r), s, la_mat_of(4, 3, NULL), la_mat_of(3, 3, NULL), NULL) != LA_OK)
        return;
    printf("sigma = %.4g, %.4g, %.2g   -> numerical rank 2\n", (double)s[0], (double)s[1],
           (double)s[2]);
}

/* 4. Matrix functions: a rotation from the exponential of its generator,
 *    and the inverse fourth root a Shampoo preconditioner needs. */
static void demo_matfun(void) {
    const la_real pi = (la_real)3.14159265358979323846;
    la_real g[4] = {0, -pi / 3, pi / 3, 0}, e[4], a[4] = {5, 2, 2, 2}, x[4];
    heading("Matrix exponential: exp([0 -t; t 0]) is the rotation by t = pi/3");
    if (la_expm(la_mat_of(2, 2, g), la_mat_of(2, 2, e), NULL) != LA_OK) return;
    printf("[%.4f %.4f; %.4f %.4f]   [cos t = 0.5, sin t = 0.8660]\n", (double)e[0], (double)e[1],
           (double)e[2], (double)e[3]);
    heading("Inverse fourth root (A + 1e-6 I)^(-1/4) by a coupled Newton iteration");
    if (la_inv_root(la_mat_of(2, 2, a), 4, (la_real)1e-6, la_mat_of(2, 2, x), NULL) != LA_OK) return;
    printf("X = [%.5f %.5f; %.5f %.5f]   (A has eigenvalues 6 and 1)\n", (double)x[0],
           (double)x[1], (double)x[2], (double)x[3]);
}

/* 5. A sparse 2-D Poisson problem solved by conjugate gradients with an
 *    incomplete Cholesky preconditioner. */
static void demo_sparse(void) {
    sp_mat A;
    sp_ic0 P;
    la_iter_info info;
    la_real *b, *x;
    la_int i, n;
    heading("Sparse: 2-D Poisson equation on a 60 x 60 grid, CG with IC(0)");
    if (sp_laplacian(60, 60, 1, SP_CSR, &A) != LA_OK) return;
    n = A.rows;
    b = (la_real *)malloc((size_t)n * sizeof(la_real));
    x = (la_real *)malloc((size_t)n * sizeof(la_real));
    if (b && x && sp_ic0_create(&A, NULL, &P) == LA_OK) {
        for (i = 0; i < n; ++i) {
            b[i] = 1;
            x[i] = 0;
        }
        if (la_pcg(n, sp_linop, &A, sp_ic0_apply, &P, b, x, NULL, &info, NULL) == LA_OK)
            printf("%d unknowns, %d nonzeros: converged in %d iterations, relative residual %.1e\n",
                   (int)n, (int)A.nnz, (int)info.iterations, (double)info.residual);
        sp_ic0_free(&P);
    }
    free(b);
    free(x);
    sp_free(&A);
}

/* 6. Unconstrained and bound-constrained minimization of Rosenbrock's
 *    function. */
static la_real rosenbrock(const la_real *x, la_real *g, void *ctx) {
    la_real a = 1 - x[0], b = x[1] - x[0] * x[0];
    (void)ctx;
    if (g) {
        g[0] = -2 * a - 400 * x[0] * b;
        g[1] = 200 * b;
    }
    return a * a + 100 * b * b;
}

static void demo_opt(void) {
    la_real x[2] = {-1.2, 1}, lo[2] = {-2, -2}, hi[2] = {0.5, 2};
    opt_result r;
    heading("Optimization: Rosenbrock's function from (-1.2, 1)");
    r = opt_lbfgs(rosenbrock, NULL, 2, x, NULL, NULL);
    printf("L-BFGS:   x = (%.6f, %.6f), f = %.2e, %d iterations, %d evaluations (%s)\n",
           (double)x[0], (double)x[1], (double)r.f, (int)r.iterations, (int)r.f_evals,
           opt_reason_str(r.reason));
    x[0] = -1.2;
    x[1] = 1;
    r = opt_lbfgsb(rosenbrock, NULL, 2, x, lo, hi, NULL, NULL);
    printf("L-BFGS-B with x0 <= 0.5: x = (%.6f, %.6f), f = %.6f   [exact (0.5, 0.25), 0.25]\n",
           (double)x[0], (double)x[1], (double)r.f);
}

/* 7. Nonlinear least squares: NIST's Misra1a (exponential growth),
 *    y = b1 (1 - exp(-b2 x)), by Levenberg-Marquardt. */
static const double misra_x[14] = {77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8,
                                   378.4, 434.8, 477.3, 536.8, 593.1, 689.1, 760.0};
static const double misra_y[14] = {10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02,
                                   44.82, 50.76, 55.05, 61.01, 66.40, 75.47, 81.78};

static int misra(const la_real *b, la_real *r, la_real *J, void *ctx) {
    int i;
    (void)ctx;
    for (i = 0; i < 14; ++i) {
        la_real e = (la_real)exp(-(double)b[1] * misra_x[i]);
        r[i] = b[0] * (1 - e) - (la_real)misra_y[i];
        if (J) {
            J[2 * i] = 1 - e;
            J[2 * i + 1] = b[0] * (la_real)misra_x[i] * e;
        }
    }
    return 0;
}

static void demo_lm(void) {
    la_real b[2] = {500, 1e-4};
    opt_result r;
    heading("Nonlinear least squares: NIST Misra1a by Levenberg-Marquardt");
    r = opt_lm(misra, NULL, 14, 2, b, NULL, NULL);
    printf("b = (%.8e, %.8e), RSS = %.8e, %d iterations (%s)\n", (double)b[0], (double)b[1],
           (double)(2 * r.f), (int)r.iterations, opt_reason_str(r.reason));
    printf("   certified: (2.3894212918e+02, 5.5015643181e-04), RSS = 1.2455138894e-01\n");
}

int main(void) {
    printf("A tour of linalg.h, sparse.h and opt.h (la_real is %s)\n",
           sizeof(la_real) == sizeof(float) ? "float" : "double");
    demo_lu();
    demo_lstsq();
    demo_spectral();
    demo_matfun();
    demo_sparse();
    demo_opt();
    demo_lm();
    return 0;
}

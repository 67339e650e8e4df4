/* blas_basics.c - the BLAS-like kernels of linalg.h on small problems:
 * a matrix-vector product, the Gram matrix A^T A two ways, a triangular
 * solve checked by multiplying back, a norm that does not overflow, and
 * gemm with its packing workspace in a buffer you own. */
#include <math.h>
#include <stdio.h>
#define LA_IMPLEMENTATION
#include "linalg.h"

static void print_mat(const char *name, la_mat A) {
    la_int i, j;
    printf("%s =\n", name);
    for (i = 0; i < A.rows; ++i) {
        for (j = 0; j < A.cols; ++j) printf(" %9.4f", (double)LA_AT(A, i, j));
        printf("\n");
    }
}

int main(void) {
    /* A: 4 observations of 3 features (row-major: one row per observation) */
    la_real a[4 * 3] = {1, 2, 0,
                        0, 1, 1,
                        2, 0, 1,
                        1, 1, 1};
    la_real x[3] = {1, -1, 2}, y[4];
    la_real g[3 * 3] = {0}, h[3 * 3] = {0};
    la_mat A = la_mat_of(4, 3, a), G = la_mat_of(3, 3, g), H = la_mat_of(3, 3, h);
    la_int i;

    /* y = A x */
    la_gemv(LA_NOTRANS, 1, A, x, 0, y);
    printf("y = A x = [%g %g %g %g]\n\n", (double)y[0], (double)y[1], (double)y[2], (double)y[3]);

    /* the Gram matrix A^T A: gemm computes all of it, syrk only one
     * triangle (half the work; the other triangle is left alone) */
    la_gemm(LA_TRANS, LA_NOTRANS, 1, A, A, 0, G);
    la_syrk(LA_LOWER, LA_TRANS, 1, A, 0, H);
    print_mat("A^T A (gemm)", G);
    print_mat("A^T A (syrk, lower triangle)", H);

    /* a triangular solve L X = B, then L X multiplied back */
    {
        la_real l[3 * 3] = {2, 0, 0,
                            1, 3, 0,
                           -1, 2, 4};
        la_real b[3 * 2] = {2, 4,
                            7, 5,
                            9, -2};
        la_real xb[3 * 2];
        la_mat L = la_mat_of(3, 3, l), B = la_mat_of(3, 2, b), X = la_mat_of(3, 2, xb);
        la_mat_copy(B, X);
        la_trsm(LA_LEFT, LA_LOWER, LA_NOTRANS, LA_NONUNIT, 1, L, X); /* X <- L^{-1} X */
        print_mat("\nX = L^{-1} B", X);
        la_trmm(LA_LEFT, LA_LOWER, LA_NOTRANS, LA_NONUNIT, 1, L, X); /* X <- L X */
        print_mat("L X (equals B)", X);
    }

    /* ||v||_2 of entries near 1e30 (float) or 1e300 (double): squaring
     * them naively overflows, la_nrm2 scales as it goes */
    {
        la_real big = LA_REAL_MAX / 10, v[3], naive = 0;
        v[0] = big;
        v[1] = -big;
        v[2] = big / 2;
        for (i = 0; i < 3; ++i) naive += v[i] * v[i];
        printf("\nnorm of (%g, %g, %g): la_nrm2 %g, naive sqrt(sum of squares) %g\n",
               (double)v[0], (double)v[1], (double)v[2], (double)la_nrm2(3, v, 1),
               (double)LA_SQRT(naive));
    }

    /* gemm with its packing buffers in a buffer you own: ask how much a
     * product needs, give it an arena over your buffer, and read the
     * arena's high-water mark afterwards (small products need none) */
    {
        static la_real m[200 * 50], p[50 * 50];
        static unsigned char buf[1 << 18];
        la_arena ws = la_arena_of(buf, sizeof buf);
        la_mat M = la_mat_of(200, 50, m), P = la_mat_of(50, 50, p);
        for (i = 0; i < 200 * 50; ++i) m[i] = (la_real)sin(0.01 * i);
        la_gemm_ws(LA_TRANS, LA_NOTRANS, 1, M, M, 0, P, &ws);
        printf("\nM^T M for a 200 x 50 M: la_gemm_ws_bytes says %lu bytes, the arena's peak is %lu\n",
               (unsigned long)la_gemm_ws_bytes(50, 50, 200), (unsigned long)ws.peak);
        printf("(M^T M)(0,0) = %.6f, the squared norm of column 0 = %.6f\n", (double)p[0],
               (double)(la_nrm2(200, m, 50) * la_nrm2(200, m, 50)));
    }
    return 0;
}

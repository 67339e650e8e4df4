/* The toolkit's float build (LA_REAL float, LA_STATIC, built-in kernels),
 * for bench_blas.c: C = A B for n x n row-major float matrices. */
#define LA_STATIC
#define LA_REAL float
#define LA_IMPLEMENTATION
#include "linalg.h"

int bench_blas_float_gemm(int n, float *a, float *b, float *c);

int bench_blas_float_gemm(int n, float *a, float *b, float *c) {
    return (int)la_gemm(LA_NOTRANS, LA_NOTRANS, 1.0f, la_mat_of(n, n, a), la_mat_of(n, n, b), 0.0f,
                        la_mat_of(n, n, c));
}

/* The toolkit compiled with the CBLAS backend, for bench_blas.c: LA_STATIC
 * keeps this build's functions private to this file, beside the built-in
 * build of bench_blas.c in the same program. */
#define LA_STATIC
#define LA_USE_CBLAS
#define LA_IMPLEMENTATION
#include "linalg.h"

la_status bench_blas_cblas_gemm(la_trans ta, la_trans tb, double alpha, la_mat A, la_mat B,
                                double beta, la_mat C);

la_status bench_blas_cblas_gemm(la_trans ta, la_trans tb, double alpha, la_mat A, la_mat B,
                                double beta, la_mat C) {
    return la_gemm(ta, tb, alpha, A, B, beta, C);
}

/* test_schur_limit.c - the Francis QR's iteration limit (linalg.h section
 * 12), which no input reaches in practice: this file compiles its own
 * private copy of the built-in code (LA_STATIC, whatever the backend of
 * the build) with the limit lowered to zero iterations per eigenvalue, so
 * that every call that needs a QR sweep stops after the first. It checks
 * the documented contract of that return: LA_ERR_NO_CONVERGENCE, A and Z a
 * partial reduction with A_in = Z A Z^T still (also when la_schur scales
 * A by a power of two), and nothing written where it should not be. */
#undef LA_USE_LAPACKE
#undef LA_USE_CBLAS
#define LA_STATIC
#define LA_IMPLEMENTATION
#define LA__FRANCIS_ITERS 0
#include "linalg.h"
#include <math.h>
#include "harness.h"
#include "testutil.h"

/* max |A_in - Z A Z^T| / max |A_in| (Z A rounded once to la_real). */
static double partial_schur_residual(la_mat A_in, la_mat Z, la_mat A) {
    la_int n = A.rows;
    la_mat W = tu_mat(n, n, 0), R = tu_mat(n, n, 0);
    double d;
    tu_ref_gemm(LA_NOTRANS, LA_NOTRANS, 1, Z, A, 0, W);
    tu_ref_gemm(LA_NOTRANS, LA_TRANS, 1, W, Z, 0, R);
    d = tu_max_diff(R, A_in) / tu_max_abs(A_in);
    tu_free(W.data);
    tu_free(R.data);
    return d;
}

TEST(schur_limit_partial_reduction) {
    /* A of norm about 1, and about 2^-600 (2^-60 in float), which
     * la_schur scales to norm 1 and back */
    const double scales[2] = {1, ldexp(1.0, sizeof(la_real) == sizeof(float) ? -60 : -600)};
    la_rng r = la_rng_seed(41);
    la_int n = 12, i, j, k;
    unsigned c;
    for (c = 0; c < 2; ++c) {
        la_mat A0 = tu_mat(n, n, 0), A = tu_mat(n, n, n + 2), Z = tu_mat(n, n, n + 1);
        la_real *wr = tu_reals((size_t)n + 1), *wi = tu_reals((size_t)n + 1);
        const la_real guard = (la_real)12345;
        tu_fill_normal(&r, A0);
        la_mat_scale(A0, (la_real)scales[c]);
        la_mat_copy(A0, A);
        for (i = 0; i < n; ++i) {
            LA_AT(A, i, n) = guard; /* the padding of each row */
            LA_AT(A, i, n + 1) = guard;
            LA_AT(Z, i, n) = guard;
        }
        wr[n] = guard;
        wi[n] = guard;
        CHECK_STATUS(la_schur(A, Z, wr, wi, NULL), LA_ERR_NO_CONVERGENCE);
        /* the partial reduction: Hessenberg, orthogonal Z, same matrix */
        for (i = 0; i < n; ++i)
            for (j = 0; j + 1 < i; ++j) CHECK(LA_AT(A, i, j) == 0);
        CHECK_LE(tu_orth_error(Z), 20 * n * TU_EPS);
        CHECK_LE(partial_schur_residual(A0, Z, A), 20 * n * TU_EPS);
        /* a sweep did run: the matrix is not the Hessenberg form alone */
        k = 0;
        for (i = 1; i < n; ++i) k += LA_AT(A, i, i - 1) != 0;
        CHECK(k > 0);
        for (i = 0; i < n; ++i) {
            CHECK(LA_AT(A, i, n) == guard && LA_AT(A, i, n + 1) == guard);
            CHECK(LA_AT(Z, i, n) == guard);
        }
        CHECK(wr[n] == guard && wi[n] == guard);
        tu_free(A0.data);
        tu_free(A.data);
        tu_free(Z.data);
        tu_free(wr);
        tu_free(wi);
    }
}

TEST(schur_limit_callers_report_it) {
    la_rng r = la_rng_seed(42);
    la_int n = 9, i;
    la_mat A = tu_mat(n, n, 0), A0 = tu_mat(n, n, 0), X = tu_mat(n, n, 0), T = tu_mat(n, n, 0);
    la_real *wr = tu_reals((size_t)n), *wi = tu_reals((size_t)n);
    /* A = 4 I + a random matrix of norm < 1: eigenvalues near 4, in the
     * domain of sqrtm and logm, none of which converges in one sweep */
    tu_fill_uniform(&r, A);
    la_mat_scale(A, (la_real)(0.5 / n));
    for (i = 0; i < n; ++i) LA_AT(A, i, i) += 4;
    la_mat_copy(A, A0);
    CHECK_STATUS(la_eig(A, wr, wi, NULL), LA_ERR_NO_CONVERGENCE);
    CHECK(tu_max_diff(A, A0) == 0);
    CHECK_STATUS(la_sqrtm(A, X, NULL), LA_ERR_NO_CONVERGENCE);
    CHECK(tu_max_diff(A, A0) == 0);
    CHECK_STATUS(la_logm(A, X, NULL), LA_ERR_NO_CONVERGENCE);
    CHECK(tu_max_diff(A, A0) == 0);
    /* the Schur form without vectors stops as well */
    la_mat_copy(A, T);
    CHECK_STATUS(la_schur(T, la_mat_of(0, 0, NULL), wr, wi, NULL), LA_ERR_NO_CONVERGENCE);
    /* matrices that need no sweep still succeed: triangular, and 1 x 1 */
    la_mat_copy(A, T);
    for (i = 0; i < n * n; ++i)
        if (i / n > i % n) T.data[i] = 0;
    CHECK_STATUS(la_eig(T, wr, wi, NULL), LA_OK);
    for (i = 0; i < n; ++i) CHECK(wr[i] == LA_AT(T, i, i) && wi[i] == 0);
    CHECK_STATUS(la_eig(la_mat_block(A, 0, 0, 1, 1), wr, wi, NULL), LA_OK);
    CHECK(wr[0] == LA_AT(A, 0, 0));
    tu_free(A.data);
    tu_free(A0.data);
    tu_free(X.data);
    tu_free(T.data);
    tu_free(wr);
    tu_free(wi);
}

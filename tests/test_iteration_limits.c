/* test_iteration_limits.c - the iteration limits of the eigenvalue and
 * singular value iterations (linalg.h sections 10-12), which no input
 * reaches in practice: this file compiles its own private copy of the
 * built-in code (LA_STATIC, whatever the backend of the build) with each
 * limit lowered to zero, so that every call that needs a sweep stops after
 * the first. It checks the documented contract of that return: the status
 * LA_ERR_NO_CONVERGENCE from every routine built on the iteration, inputs
 * documented as not modified left as they were, nothing written where it
 * should not be, and for la_schur a partial reduction with A_in = Z A Z^T
 * still (also when it scales A by a power of two). */
#undef LA_USE_LAPACKE
#undef LA_USE_CBLAS
#define LA_STATIC
#define LA_IMPLEMENTATION
#define LA__FRANCIS_ITERS 0
#define LA__TRIDIAG_QL_ITERS 0
#define LA__BIDIAG_QR_SWEEPS 0
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

TEST(limit_schur_partial_reduction) {
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

TEST(limit_schur_callers_report_it) {
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

TEST(limit_symmetric_and_svd_report_it) {
    la_rng r = la_rng_seed(43);
    la_int n = 10, rank = -1, i;
    la_mat A = tu_mat(n, n, 0), A0 = tu_mat(n, n, 0), V = tu_mat(n, n, n + 1), X = tu_mat(n, n, 0);
    la_mat U = tu_mat(n, n, 0), Vt = tu_mat(n, n, 0);
    la_real *w = tu_reals((size_t)n + 1);
    const la_real guard = (la_real)12345;
    tu_rand_spd(&r, A, 1e3);
    la_mat_copy(A, A0);
    for (i = 0; i < n; ++i) LA_AT(V, i, n) = guard;
    w[n] = guard;
    /* eigenvalues alone and with vectors (the QL iteration: at this order
     * one leaf of the divide and conquer) */
    CHECK_STATUS(la_eigh(A, w, la_mat_of(0, 0, NULL), NULL), LA_ERR_NO_CONVERGENCE);
    CHECK_STATUS(la_eigh(A, w, V, NULL), LA_ERR_NO_CONVERGENCE);
    {
        /* an order above LA__DC_LEAF: the divide and conquer passes its
         * leaves' status on */
        const la_int nb = 2 * LA__DC_LEAF + 3;
        la_mat B = tu_mat(nb, nb, 0), B0 = tu_mat(nb, nb, 0), VB = tu_mat(nb, nb, 0);
        la_real *wb = tu_reals((size_t)nb);
        tu_rand_spd(&r, B, 1e3);
        la_mat_copy(B, B0);
        CHECK_STATUS(la_eigh(B, wb, VB, NULL), LA_ERR_NO_CONVERGENCE);
        CHECK(tu_max_diff(B, B0) == 0);
        tu_free(B.data);
        tu_free(B0.data);
        tu_free(VB.data);
        tu_free(wb);
    }
    /* la_eigh_range (bisection and inverse iteration) does not iterate QL:
     * the three smallest of the spectrum 1e3^(-j/9), j = 0..9 */
    CHECK_STATUS(la_eigh_range(A, 0, 2, w, la_mat_block(V, 0, 0, n, 3), NULL), LA_OK);
    for (i = 0; i < 3; ++i) {
        double want = pow(1e3, -(double)(n - 1 - i) / (n - 1));
        CHECK_NEAR(w[i], want, 100 * n * TU_EPS * 1e3 * want);
    }
    CHECK_STATUS(la_powm_psd(A, (la_real)-0.25, 0, X, NULL), LA_ERR_NO_CONVERGENCE);
    CHECK(tu_max_diff(A, A0) == 0);
    /* the bidiagonal QR */
    CHECK_STATUS(la_svd(A, w, U, Vt, NULL), LA_ERR_NO_CONVERGENCE);
    CHECK_STATUS(la_svd(A, w, la_mat_of(0, 0, NULL), la_mat_of(0, 0, NULL), NULL),
                 LA_ERR_NO_CONVERGENCE);
    CHECK_STATUS(la_pinv(A, -1, X, NULL), LA_ERR_NO_CONVERGENCE);
    CHECK_STATUS(la_rank(A, -1, &rank, NULL), LA_ERR_NO_CONVERGENCE);
    CHECK(tu_max_diff(A, A0) == 0);
    for (i = 0; i < n; ++i) CHECK(LA_AT(V, i, n) == guard);
    CHECK(w[n] == guard);
    {
        /* larger, tall (QR first) and wide shapes */
        const la_int shapes[3][2] = {{67, 67}, {150, 40}, {40, 150}};
        unsigned c;
        for (c = 0; c < 3; ++c) {
            const la_int m = shapes[c][0], k = shapes[c][1], q = m < k ? m : k;
            la_mat B = tu_mat(m, k, 0), B0 = tu_mat(m, k, 0), UB = tu_mat(m, q, 0),
                   VB = tu_mat(q, k, 0);
            la_real *sb = tu_reals((size_t)q);
            tu_fill_normal(&r, B);
            la_mat_copy(B, B0);
            CHECK_STATUS(la_svd(B, sb, UB, VB, NULL), LA_ERR_NO_CONVERGENCE);
            CHECK(tu_max_diff(B, B0) == 0);
            tu_free(B.data);
            tu_free(B0.data);
            tu_free(UB.data);
            tu_free(VB.data);
            tu_free(sb);
        }
    }
    /* a diagonal matrix needs no sweep: both still succeed */
    la_mat_set(A, 0, 0);
    for (i = 0; i < n; ++i) LA_AT(A, i, i) = (la_real)(n - i);
    CHECK_STATUS(la_eigh(A, w, V, NULL), LA_OK);
    for (i = 0; i < n; ++i) CHECK(w[i] == (la_real)(i + 1));
    CHECK_STATUS(la_svd(A, w, U, Vt, NULL), LA_OK);
    for (i = 0; i < n; ++i) CHECK(w[i] == (la_real)(n - i));
    tu_free(A.data);
    tu_free(A0.data);
    tu_free(V.data);
    tu_free(X.data);
    tu_free(U.data);
    tu_free(Vt.data);
    tu_free(w);
}

/* linalg.h - dense linear algebra in one header (C99, row-major).
 *
 * HOW TO USE
 *   Copy linalg.h into your project. In exactly ONE .c file write
 *
 *       #define LA_IMPLEMENTATION
 *       #include "linalg.h"
 *
 *   and include "linalg.h" without the macro everywhere else. Link with -lm.
 *   (sparse.h and opt.h include this file; defining SP_IMPLEMENTATION or
 *   OPT_IMPLEMENTATION also defines LA_IMPLEMENTATION, so keep all the
 *   *_IMPLEMENTATION macros of a program in that same one file.)
 *
 *       double a[4] = {4, 2, 2, 3}, b[2] = {2, 1};
 *       la_mat A = la_mat_of(2, 2, a), B = la_mat_of(2, 1, b);
 *       if (la_chol(A) == LA_OK) la_chol_solve(A, B);     (b now holds x)
 *
 * CONVENTIONS
 *   - Matrices are row-major views, passed by value: element (i,j) of an
 *     la_mat A is A.data[i*A.ld + j]. A view never owns memory.
 *   - Every routine returns an la_status (LA_OK = 0); la_strerror() names it.
 *     Bad arguments never crash, never write outside the caller's buffers.
 *   - Routines that need scratch take an `la_arena *ws` (a bump allocator over
 *     a buffer you own). With ws == NULL they allocate through LA_MALLOC and
 *     free before returning; with LA_NO_MALLOC a NULL or too-small arena gives
 *     LA_ERR_NOMEM. Each documents how much it needs.
 *   - la_real is double unless LA_REAL is defined (e.g. -DLA_REAL=float).
 *
 * CONFIGURATION MACROS (define before including)
 *   LA_REAL          scalar type, double (default) or float
 *   LA_INT           index type, default int
 *   LA_STATIC        make every function static (private to one file); with it
 *                    a program can hold a float and a double build, each
 *                    compiled in its own translation unit
 *   LA_MALLOC(n), LA_FREE(p)   allocator used when ws == NULL (malloc/free)
 *   LA_NO_MALLOC     never allocate: scratch must come from an arena
 *   LA_NO_STDIO      compile out everything that touches files
 *   LA_ASSERT(c)     internal invariant checks (default: nothing)
 *   LA_SQRT, LA_EXP, LA_LOG, LA_FABS, LA_POW, LA_SIN, LA_COS, LA_ATAN2,
 *   LA_FLOOR, LA_CEIL, LA_TANH, LA_LOG1P, LA_EXPM1    math functions (sqrtf...
 *                    in the float build); override for firmware without libm
 *   LA_USE_CBLAS     route level-2/3 kernels to a CBLAS (e.g. OpenBLAS)
 *   LA_USE_LAPACKE   route factorizations and decompositions to LAPACKE
 *   LA_USE_OPENMP    parallelize the built-in level-3 kernels with OpenMP
 *
 * TABLE OF CONTENTS (declarations and definitions follow the same order)
 *    1. Configuration, types and status codes
 *    2. Views, workspace arena and random numbers
 *    3. Level-1 kernels: vectors
 *    4. Level-2 kernels: matrix-vector
 *    5. Level-3 kernels: matrix-matrix
 *    6. Cholesky family: Cholesky, updates, modified Cholesky, LDL^T
 *    7. LU with partial pivoting, determinant, inverse
 *    8. QR, pivoted QR, least squares
 *    9. Condition number estimates
 *   10. Symmetric eigenproblem
 *   11. Singular value decomposition, pseudo-inverse, rank
 *   12. Nonsymmetric eigenproblem: Hessenberg, real Schur form
 *   13. Matrix functions and roots
 *   14. Iterative methods: CG, MINRES, Lanczos, randomized SVD, estimators
 */
#ifndef LINALG_H
#define LINALG_H

/* ======================================================================
 * 1. Configuration, types and status codes
 * ====================================================================== */

#include <stddef.h>
#include <stdint.h>

#ifndef LA_REAL
#define LA_REAL double
#endif
#ifndef LA_INT
#define LA_INT int
#endif

typedef LA_REAL la_real;
typedef LA_INT la_int;

/* LA_REAL_IS_FLOAT is 1 in the float build, 0 in the double build. */
#define LA__CAT_(a, b) a##b
#define LA__CAT(a, b) LA__CAT_(a, b)
#define LA__IS_FLOAT_float 1
#define LA__IS_FLOAT_double 0
#ifndef LA_REAL_IS_FLOAT
#if LA__CAT(LA__IS_FLOAT_, LA_REAL)
#define LA_REAL_IS_FLOAT 1
#else
#define LA_REAL_IS_FLOAT 0
#endif
#endif

/* Machine epsilon and range of la_real. */
#if LA_REAL_IS_FLOAT
#define LA_EPS 1.1920928955078125e-07f
#define LA_REAL_MIN 1.17549435e-38f
#define LA_REAL_MAX 3.40282347e+38f
#else
#define LA_EPS 2.220446049250313e-16
#define LA_REAL_MIN 2.2250738585072014e-308
#define LA_REAL_MAX 1.7976931348623157e+308
#endif

/* LA__UNUSED silences "defined but not used" for static functions that a
 * configuration does not call (a feature test: empty on other compilers). */
#if defined(__GNUC__) || defined(__clang__)
#define LA__UNUSED __attribute__((unused))
#else
#define LA__UNUSED
#endif
#ifdef LA_STATIC
#define LA_API static LA__UNUSED
#else
#define LA_API extern
#endif
/* Private helpers of the implementation (also used by sparse.h and opt.h). */
#define LA__PRIV static LA__UNUSED

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. LA_OK is 0; every error is a distinct non-zero value. */
typedef enum {
    LA_OK = 0,
    LA_ERR_ARG,            /* an argument is invalid (NULL pointer, negative size, bad flag) */
    LA_ERR_DIM,            /* dimensions of the arguments do not agree */
    LA_ERR_NOMEM,          /* out of memory, or the arena is too small */
    LA_ERR_SINGULAR,       /* matrix is singular (exactly, or to working precision) */
    LA_ERR_NOT_SPD,        /* matrix is not symmetric positive definite */
    LA_ERR_NONFINITE,      /* NaN or Inf in the input (or produced by a user callback) */
    LA_ERR_NO_CONVERGENCE, /* an iteration limit was reached before the tolerance */
    LA_ERR_ABORTED,        /* a user callback asked to stop */
    LA_ERR_IO,             /* a file could not be opened, read or written */
    LA_ERR_FORMAT,         /* malformed input data (e.g. a bad Matrix Market file) */
    LA_ERR_INFEASIBLE,     /* the constraints admit no point */
    LA_ERR_UNBOUNDED,      /* the objective is unbounded below */
    LA_ERR_BREAKDOWN,      /* an iterative method broke down (e.g. p^T A p <= 0 in CG) */
    LA_ERR_NO_REAL_ROOT,   /* the requested real matrix function does not exist */
    LA_ERR_LINESEARCH,     /* a line search could not find an acceptable step */
    LA_STATUS_COUNT
} la_status;

typedef enum { LA_NOTRANS = 0, LA_TRANS = 1 } la_trans;
typedef enum { LA_LOWER = 0, LA_UPPER = 1 } la_uplo;
typedef enum { LA_NONUNIT = 0, LA_UNIT = 1 } la_diag;
typedef enum { LA_LEFT = 0, LA_RIGHT = 1 } la_side;

/* A row-major matrix view: element (i,j) is data[i*ld + j], ld >= cols.
 * A view of a 0 x n or m x 0 matrix may have data == NULL. */
typedef struct {
    la_int rows, cols, ld;
    la_real *data;
} la_mat;

/* Element access for views: LA_AT(A, i, j) is an lvalue. */
#define LA_AT(A, i, j) ((A).data[(size_t)(i) * (size_t)(A).ld + (size_t)(j)])

/* Name of a status code ("ok", "dimension mismatch", ...); never NULL. */
LA_API const char *la_strerror(la_status s);

/* ======================================================================
 * 2. Views, workspace arena and random numbers
 * ====================================================================== */

/* A rows x cols view of data with ld = cols. */
LA_API la_mat la_mat_of(la_int rows, la_int cols, la_real *data);
/* A view with an explicit leading dimension (ld >= cols). */
LA_API la_mat la_mat_ld(la_int rows, la_int cols, la_int ld, la_real *data);
/* The rows x cols sub-matrix of A whose top-left element is A(i, j). The
 * caller keeps it inside A (checked only by LA_ASSERT). */
LA_API la_mat la_mat_block(la_mat A, la_int i, la_int j, la_int rows, la_int cols);
/* Row i of A as a 1 x cols view, and as a pointer. */
LA_API la_mat la_mat_row(la_mat A, la_int i);
/* 0 if A is a well-formed view (rows, cols >= 0, ld >= max(1, cols), data
 * non-NULL when A has elements); LA_ERR_ARG otherwise. */
LA_API la_status la_mat_check(la_mat A);
/* Dimensions of op(A): rows of A^T are A's columns. */
LA_API la_int la_op_rows(la_trans t, la_mat A);
LA_API la_int la_op_cols(la_trans t, la_mat A);
/* Copy A into B (same shape), set A to alpha everywhere and beta on the
 * diagonal, and transpose A into B (B is A.cols x A.rows). */
LA_API la_status la_mat_copy(la_mat A, la_mat B);
LA_API la_status la_mat_set(la_mat A, la_real alpha, la_real beta);
LA_API la_status la_mat_transpose(la_mat A, la_mat B);
/* 1 if every element of A (or of x[0..n)) is finite, 0 otherwise. */
LA_API int la_mat_isfinite(la_mat A);
LA_API int la_vec_isfinite(la_int n, const la_real *x);
/* Frobenius, max-abs, 1- (max column sum) and infinity- (max row sum) norms. */
LA_API la_real la_norm_fro(la_mat A);
LA_API la_real la_norm_max(la_mat A);
LA_API la_real la_norm_1(la_mat A);
LA_API la_real la_norm_inf(la_mat A);

/* Workspace arena: a bump allocator over a caller-owned buffer. Allocations
 * are aligned to LA_ARENA_ALIGN bytes. `peak` is the high-water mark: run a
 * routine once with a large arena and read it to size a static buffer. */
#define LA_ARENA_ALIGN 64
typedef struct {
    unsigned char *base;
    size_t size, used, peak;
} la_arena;

LA_API la_arena la_arena_of(void *buf, size_t bytes);
/* `bytes` bytes aligned to LA_ARENA_ALIGN, or NULL when the arena is full
 * (the arena is then unchanged). */
LA_API void *la_arena_alloc(la_arena *a, size_t bytes);
/* Save and restore the fill level: everything allocated after the mark is
 * released by la_arena_reset(a, mark). */
LA_API size_t la_arena_mark(const la_arena *a);
LA_API void la_arena_reset(la_arena *a, size_t mark);
/* Bytes an arena needs for n la_reals, or n la_ints, taken as one block
 * (rounded up to the alignment). Routines state their needs in these units
 * plus LA_ARENA_ALIGN for the alignment of the buffer itself. */
LA_API size_t la_ws_reals(size_t n);
LA_API size_t la_ws_ints(size_t n);

/* Random numbers: xoshiro256** (Blackman and Vigna, 2018) seeded through
 * splitmix64. Reproducible for a given seed on every platform; no global
 * state. */
typedef struct {
    uint64_t s[4];
    int has_spare;
    double spare;
} la_rng;

LA_API la_rng la_rng_seed(uint64_t seed);
LA_API uint64_t la_rng_u64(la_rng *r);
/* Uniform on [0, 1) with 53 random bits. */
LA_API double la_rng_uniform(la_rng *r);
/* Standard normal (Marsaglia polar method). */
LA_API double la_rng_normal(la_rng *r);
/* Uniform integer in [0, n), n > 0, without modulo bias. */
LA_API la_int la_rng_int(la_rng *r, la_int n);

/* ======================================================================
 * 3. Level-1 kernels: vectors
 *
 * BLAS semantics: n <= 0 does nothing (returns 0); a negative increment
 * walks the vector backwards from its last element. The increments must not
 * be 0 (the result is then that of BLAS: repeated use of x[0]).
 * ====================================================================== */

/* sum_i x_i y_i */
LA_API la_real la_dot(la_int n, const la_real *x, la_int incx, const la_real *y, la_int incy);
/* y <- alpha x + y */
LA_API void la_axpy(la_int n, la_real alpha, const la_real *x, la_int incx, la_real *y, la_int incy);
/* x <- alpha x */
LA_API void la_scal(la_int n, la_real alpha, la_real *x, la_int incx);
/* y <- x */
LA_API void la_copy(la_int n, const la_real *x, la_int incx, la_real *y, la_int incy);
/* x <-> y */
LA_API void la_swap(la_int n, la_real *x, la_int incx, la_real *y, la_int incy);
/* sum_i |x_i| */
LA_API la_real la_asum(la_int n, const la_real *x, la_int incx);
/* Index (0-based) of the first element of largest |x_i|; -1 when n <= 0.
 * A NaN element is returned if it is the first NaN. */
LA_API la_int la_iamax(la_int n, const la_real *x, la_int incx);
/* ||x||_2 without overflow or harmful underflow: Blue's algorithm (Blue
 * 1978; as in Anderson, "Algorithm 978: Safe scaling in the Level 1 BLAS",
 * 2017) with three accumulators for small, medium and large elements. */
LA_API la_real la_nrm2(la_int n, const la_real *x, la_int incx);

/* ======================================================================
 * 4. Level-2 kernels: matrix-vector (vectors are contiguous)
 * ====================================================================== */

/* y <- alpha op(A) x + beta y. beta == 0 sets y without reading it. */
LA_API la_status la_gemv(la_trans ta, la_real alpha, la_mat A, const la_real *x,
                         la_real beta, la_real *y);
/* A <- A + alpha x y^T (A is m x n, x has m entries, y has n). */
LA_API la_status la_ger(la_real alpha, const la_real *x, const la_real *y, la_mat A);
/* y <- alpha A x + beta y for symmetric A, reading only its `uplo` triangle. */
LA_API la_status la_symv(la_uplo uplo, la_real alpha, la_mat A, const la_real *x,
                         la_real beta, la_real *y);
/* x <- op(A) x for triangular A (the `uplo` triangle; diag == LA_UNIT takes
 * the diagonal as ones without reading it). */
LA_API la_status la_trmv(la_uplo uplo, la_trans ta, la_diag diag, la_mat A, la_real *x);
/* x <- op(A)^{-1} x. No singularity test (BLAS semantics): a zero on the
 * diagonal gives Inf/NaN; the factorization routines test for it. */
LA_API la_status la_trsv(la_uplo uplo, la_trans ta, la_diag diag, la_mat A, la_real *x);

/* ======================================================================
 * 5. Level-3 kernels: matrix-matrix
 * ====================================================================== */

/* C <- alpha op(A) op(B) + beta C. beta == 0 sets C without reading it (NaN
 * in C is ignored); alpha == 0 only scales C. C must not overlap A or B. */
LA_API la_status la_gemm(la_trans ta, la_trans tb, la_real alpha, la_mat A, la_mat B,
                         la_real beta, la_mat C);
/* C <- alpha op(A) op(A)^T + beta C on the `uplo` triangle of the n x n C
 * (op(A) is n x k); the other triangle is not touched. */
LA_API la_status la_syrk(la_uplo uplo, la_trans ta, la_real alpha, la_mat A,
                         la_real beta, la_mat C);
/* B <- alpha op(A) B (side LEFT) or alpha B op(A) (side RIGHT), A triangular. */
LA_API la_status la_trmm(la_side side, la_uplo uplo, la_trans ta, la_diag diag,
                         la_real alpha, la_mat A, la_mat B);
/* B <- alpha op(A)^{-1} B (side LEFT) or alpha B op(A)^{-1} (side RIGHT). */
LA_API la_status la_trsm(la_side side, la_uplo uplo, la_trans ta, la_diag diag,
                         la_real alpha, la_mat A, la_mat B);

/* ======================================================================
 * 6. Cholesky family: Cholesky, updates, modified Cholesky, LDL^T
 * ====================================================================== */

/* A = L L^T for symmetric positive definite A (only the lower triangle is
 * read). L overwrites the lower triangle; the strict upper triangle is left
 * as it was. Errors: LA_ERR_DIM (not square), LA_ERR_NONFINITE,
 * LA_ERR_NOT_SPD (A is then partly overwritten). */
LA_API la_status la_chol(la_mat A);
/* B <- A^{-1} B given L from la_chol (L n x n, B n x k). */
LA_API la_status la_chol_solve(la_mat L, la_mat B);

/* ======================================================================
 * 7. LU with partial pivoting, determinant, inverse
 * ====================================================================== */

/* P A = L U for an m x n matrix (L unit lower, stored below the diagonal; U
 * on and above it). piv has min(m, n) entries: row i was interchanged with
 * row piv[i] (0-based, in order i = 0, 1, ...). Errors: LA_ERR_NONFINITE;
 * LA_ERR_SINGULAR when a pivot is exactly zero (the factorization is then
 * complete, as in LAPACK's dgetrf with info > 0). */
LA_API la_status la_lu(la_mat A, la_int *piv);
/* B <- A^{-1} B given the factors of a square A from la_lu. */
LA_API la_status la_lu_solve(la_mat LU, const la_int *piv, la_mat B);

/* ======================================================================
 * 8. QR, pivoted QR, least squares
 * ====================================================================== */

/* Least squares min ||A X - B||_F for A m x n, m >= n, B m x k: X overwrites
 * the first n rows of B. A is overwritten by its factorization. */
LA_API la_status la_lstsq(la_mat A, la_mat B, la_arena *ws);

/* ======================================================================
 * 9. Condition number estimates
 * ====================================================================== */

/* ======================================================================
 * 10. Symmetric eigenproblem
 * ====================================================================== */

/* Symmetric eigendecomposition A = V diag(w) V^T of a symmetric n x n A
 * (only its lower triangle is read; A is not modified): w (n entries)
 * ascending, eigenvectors the COLUMNS of V (n x n, orthonormal to working
 * precision even for repeated or clustered eigenvalues). V.data NULL
 * computes the eigenvalues only. V may be A itself. Method: blocked
 * Householder tridiagonalization (Dongarra, Hammarling and Sorensen 1989;
 * half of its flops in matrix-matrix products), then Cuppen's divide and
 * conquer (Cuppen 1981) with the deflation of Dongarra and Sorensen (1987)
 * and the eigenvectors of Gu and Eisenstat (1995), or for eigenvalues only
 * the implicit QL algorithm with Wilkinson shifts; finally the reflectors
 * are applied in compact WY form. Cost 4/3 n^3 flops for the values, about
 * 4 n^3 more for the vectors (much less when many eigenvalues deflate).
 * Workspace: la_eigh_ws_bytes(n, V.data != NULL) (about 3 n^2 reals with
 * vectors, n^2 without). Errors: LA_ERR_ARG, LA_ERR_DIM (A not square, V
 * not n x n), LA_ERR_NONFINITE (NaN/Inf in the lower triangle),
 * LA_ERR_NOMEM, LA_ERR_NO_CONVERGENCE (in the QL iteration; not expected
 * in practice). */
LA_API la_status la_eigh(la_mat A, la_real *w, la_mat V, la_arena *ws);
LA_API size_t la_eigh_ws_bytes(la_int n, int vectors);

/* Selected eigenpairs of a symmetric A (lower triangle read, A not
 * modified): the eigenvalues with ascending indices il..iu (0-based,
 * inclusive; iu = il - 1 selects none) into w (iu - il + 1 entries,
 * ascending) and, when V.data is non-NULL, their eigenvectors as the
 * columns of V (n x (iu - il + 1)). For the k smallest: il = 0, iu = k - 1;
 * the k largest: il = n - k, iu = n - 1. Method: tridiagonalization as in
 * la_eigh, bisection of Sturm counts (Barth, Martin and Wilkinson 1967)
 * and inverse iteration with Gram-Schmidt reorthogonalization of clusters
 * (Peters and Wilkinson 1971, as in LAPACK's dstein). Cost 4/3 n^3 flops
 * for the reduction, O(n k) per value and O(n k^2) in clusters, 4 n^2 k for
 * the back-transformation. Vectors of eigenvalues closer than 1e-3 ||A||
 * are orthogonal to working precision; others to eps ||A|| / gap.
 * Workspace: la_eigh_range_ws_bytes(n, iu - il + 1, V.data != NULL).
 * Errors: LA_ERR_ARG (indices out of range, NULL w), LA_ERR_DIM,
 * LA_ERR_NONFINITE, LA_ERR_NOMEM. */
LA_API la_status la_eigh_range(la_mat A, la_int il, la_int iu, la_real *w, la_mat V, la_arena *ws);
LA_API size_t la_eigh_range_ws_bytes(la_int n, la_int count, int vectors);

/* ======================================================================
 * 11. Singular value decomposition, pseudo-inverse, rank
 * ====================================================================== */

/* Thin singular value decomposition A = U diag(s) Vt of an m x n A (not
 * modified), k = min(m, n): s (k entries) descending and nonnegative, U
 * m x k with orthonormal columns, Vt k x n with orthonormal rows. U.data or
 * Vt.data NULL skips that factor. Method: Golub-Kahan Householder
 * bidiagonalization (Golub and Kahan 1965; of A^T when m < n), then the
 * implicit-shift bidiagonal QR algorithm with the zero-shift sweeps and
 * convergence criteria of Demmel and Kahan (1990), which compute even the
 * small singular values of the bidiagonal to high relative accuracy.
 * Cost: 4 m n^2 - 4/3 n^3 flops (m >= n) for the values; about 4 m n^2 +
 * 8 n^3 more per factor. Workspace: la_svd_ws_bytes(m, n, want_u, want_vt)
 * (about m n + k max(m, n) + k^2 reals). Errors: LA_ERR_ARG, LA_ERR_DIM (U
 * not m x k, Vt not k x n), LA_ERR_NONFINITE, LA_ERR_NOMEM,
 * LA_ERR_NO_CONVERGENCE (more than 6 k^2 sweeps; not expected). */
LA_API la_status la_svd(la_mat A, la_real *s, la_mat U, la_mat Vt, la_arena *ws);
LA_API size_t la_svd_ws_bytes(la_int m, la_int n, int want_u, int want_vt);

/* Moore-Penrose pseudo-inverse X = A^+ (X is n x m) from the SVD:
 * X = V diag(1/s_i) U^T over the singular values s_i > rcond * s_max
 * (rcond <= 0: max(m, n) eps, the choice of numpy.linalg.pinv and
 * MATLAB). Cost: the SVD plus 2 m n k flops. Workspace:
 * la_pinv_ws_bytes(m, n). Errors: as la_svd; LA_ERR_DIM when X is not
 * n x m. */
LA_API la_status la_pinv(la_mat A, la_real rcond, la_mat X, la_arena *ws);
LA_API size_t la_pinv_ws_bytes(la_int m, la_int n);

/* Numerical rank: the number of singular values above rcond * s_max
 * (rcond <= 0: max(m, n) eps), into *rank. Cost: the singular values only
 * (4 m n^2 flops). Workspace: la_rank_ws_bytes(m, n). Errors: as la_svd. */
LA_API la_status la_rank(la_mat A, la_real rcond, la_int *rank, la_arena *ws);
LA_API size_t la_rank_ws_bytes(la_int m, la_int n);

/* ======================================================================
 * 12. Nonsymmetric eigenproblem: Hessenberg, real Schur form
 * ====================================================================== */

/* Hessenberg reduction A = Q H Q^T of a square A by Householder
 * reflections (Golub and Van Loan, Matrix Computations, 4th ed., 2013,
 * Alg. 7.4.2): H (zero below the first subdiagonal) overwrites A, and the
 * orthogonal Q (n x n) is formed when Q.data is non-NULL. Cost 10/3 n^3
 * flops, plus 4/3 n^3 for Q. Workspace: la_hessenberg_ws_bytes(n).
 * Errors: LA_ERR_ARG, LA_ERR_DIM (A or Q not n x n), LA_ERR_NONFINITE (A
 * unchanged), LA_ERR_NOMEM. */
LA_API la_status la_hessenberg(la_mat A, la_mat Q, la_arena *ws);
LA_API size_t la_hessenberg_ws_bytes(la_int n);

/* Real Schur form A = Z T Z^T of a square A: T overwrites A, quasi-upper
 * triangular with 1 x 1 blocks (real eigenvalues) and 2 x 2 blocks in
 * standard form [a b; c a] with b c < 0 (eigenvalues a +- i sqrt(-b c));
 * zeros below the blocks are stored. Z (n x n, orthogonal) is computed when
 * Z.data is non-NULL. wr, wi (n entries each, may both be NULL) receive the
 * eigenvalues in the order of T's diagonal, a complex pair with the
 * positive imaginary part first. Method: Hessenberg reduction, then the
 * Francis implicit double-shift QR algorithm (Francis 1961) with
 * aggressive small-subdiagonal deflation (Ahues and Tisseur 1997) and
 * exceptional shifts, as in LAPACK's dlahqr. Cost about 25 n^3 flops with
 * Z, 10 n^3 without. Workspace: la_schur_ws_bytes(n). Errors: LA_ERR_ARG,
 * LA_ERR_DIM, LA_ERR_NONFINITE (A unchanged), LA_ERR_NOMEM,
 * LA_ERR_NO_CONVERGENCE (more than 30 max(10, n) iterations on one
 * eigenvalue; A and Z then hold a partial reduction, still A_in = Z A Z^T). */
LA_API la_status la_schur(la_mat A, la_mat Z, la_real *wr, la_real *wi, la_arena *ws);
LA_API size_t la_schur_ws_bytes(la_int n);

/* Eigenvalues of a general real square A (not modified): wr[i] + i wi[i],
 * complex pairs adjacent with the positive imaginary part first, in the
 * order of the real Schur form's diagonal (la_schur without T and Z).
 * Cost about 10 n^3 flops. Workspace: la_eig_ws_bytes(n) (a copy of A plus
 * la_schur's). Errors: LA_ERR_ARG (NULL wr or wi), LA_ERR_DIM,
 * LA_ERR_NONFINITE, LA_ERR_NOMEM, LA_ERR_NO_CONVERGENCE. */
LA_API la_status la_eig(la_mat A, la_real *wr, la_real *wi, la_arena *ws);
LA_API size_t la_eig_ws_bytes(la_int n);

/* ======================================================================
 * 13. Matrix functions and roots
 * ====================================================================== */

/* X = (A + eps I)^r for symmetric positive semidefinite A and real r. */
LA_API la_status la_powm_psd(la_mat A, la_real r, la_real eps, la_mat X, la_arena *ws);
/* X = (A + eps I)^(-1/p) for SPD A by a coupled Newton iteration. */
LA_API la_status la_inv_root(la_mat A, int p, la_real eps, la_mat X, la_arena *ws);
/* Principal square root of a general real A. */
LA_API la_status la_sqrtm(la_mat A, la_mat X, la_arena *ws);

/* ======================================================================
 * 14. Iterative methods: CG, MINRES, Lanczos, randomized SVD, estimators
 * ====================================================================== */

/* A linear operator given as a callback: y <- A x for x, y of the operator's
 * size (x and y never overlap). Returning non-zero aborts the method that
 * called it with LA_ERR_ABORTED. Used for matrix-free operators and
 * preconditioners (then y <- M^{-1} x); sparse.h provides adapters. */
typedef int (*la_linop)(const la_real *x, la_real *y, void *ctx);

#ifdef __cplusplus
}
#endif

#endif /* LINALG_H */

/* ######################################################################
 *                           IMPLEMENTATION
 * ###################################################################### */

#if defined(LA_IMPLEMENTATION) && !defined(LA__IMPLEMENTATION_DONE)
#define LA__IMPLEMENTATION_DONE

#include <string.h>
#include <math.h>

#ifndef LA_NO_MALLOC
#include <stdlib.h>
#ifndef LA_MALLOC
#define LA_MALLOC(n) malloc(n)
#endif
#ifndef LA_FREE
#define LA_FREE(p) free(p)
#endif
#endif

#ifndef LA_ASSERT
#define LA_ASSERT(c) ((void)0)
#endif

#if LA_REAL_IS_FLOAT
#ifndef LA_SQRT
#define LA_SQRT sqrtf
#endif
#ifndef LA_EXP
#define LA_EXP expf
#endif
#ifndef LA_LOG
#define LA_LOG logf
#endif
#ifndef LA_FABS
#define LA_FABS fabsf
#endif
#ifndef LA_POW
#define LA_POW powf
#endif
#ifndef LA_SIN
#define LA_SIN sinf
#endif
#ifndef LA_COS
#define LA_COS cosf
#endif
#ifndef LA_ATAN2
#define LA_ATAN2 atan2f
#endif
#ifndef LA_FLOOR
#define LA_FLOOR floorf
#endif
#ifndef LA_CEIL
#define LA_CEIL ceilf
#endif
#ifndef LA_TANH
#define LA_TANH tanhf
#endif
#ifndef LA_LOG1P
#define LA_LOG1P log1pf
#endif
#ifndef LA_EXPM1
#define LA_EXPM1 expm1f
#endif
#else
#ifndef LA_SQRT
#define LA_SQRT sqrt
#endif
#ifndef LA_EXP
#define LA_EXP exp
#endif
#ifndef LA_LOG
#define LA_LOG log
#endif
#ifndef LA_FABS
#define LA_FABS fabs
#endif
#ifndef LA_POW
#define LA_POW pow
#endif
#ifndef LA_SIN
#define LA_SIN sin
#endif
#ifndef LA_COS
#define LA_COS cos
#endif
#ifndef LA_ATAN2
#define LA_ATAN2 atan2
#endif
#ifndef LA_FLOOR
#define LA_FLOOR floor
#endif
#ifndef LA_CEIL
#define LA_CEIL ceil
#endif
#ifndef LA_TANH
#define LA_TANH tanh
#endif
#ifndef LA_LOG1P
#define LA_LOG1P log1p
#endif
#ifndef LA_EXPM1
#define LA_EXPM1 expm1
#endif
#endif

#ifdef LA_USE_CBLAS
#include <cblas.h>
#if LA_REAL_IS_FLOAT
#define LA__CBLAS(name) cblas_s##name
#else
#define LA__CBLAS(name) cblas_d##name
#endif
#endif

#ifdef LA_USE_LAPACKE
#include <lapacke.h>
#if LA_REAL_IS_FLOAT
#define LA__LAPACKE(name) LAPACKE_s##name
#else
#define LA__LAPACKE(name) LAPACKE_d##name
#endif
#endif

#if defined(__GNUC__) || defined(__clang__)
#define LA__RESTRICT __restrict__
#elif defined(_MSC_VER)
#define LA__RESTRICT __restrict
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L && !defined(__cplusplus)
#define LA__RESTRICT restrict
#else
#define LA__RESTRICT
#endif

#define LA__MIN(a, b) ((a) < (b) ? (a) : (b))
#define LA__MAX(a, b) ((a) > (b) ? (a) : (b))

/* Finite test without libm: NaN != NaN, and Inf - Inf is NaN. */
#define LA__ISFINITE(x) ((x) - (x) == (x) - (x))

/* ----------------------------------------------------------------------
 * 1. Configuration, types and status codes
 * ---------------------------------------------------------------------- */

LA_API const char *la_strerror(la_status s) {
    switch (s) {
    case LA_OK: return "ok";
    case LA_ERR_ARG: return "invalid argument";
    case LA_ERR_DIM: return "dimension mismatch";
    case LA_ERR_NOMEM: return "out of memory (or workspace too small)";
    case LA_ERR_SINGULAR: return "matrix is singular";
    case LA_ERR_NOT_SPD: return "matrix is not symmetric positive definite";
    case LA_ERR_NONFINITE: return "NaN or Inf encountered";
    case LA_ERR_NO_CONVERGENCE: return "no convergence within the iteration limit";
    case LA_ERR_ABORTED: return "aborted by a callback";
    case LA_ERR_IO: return "input/output error";
    case LA_ERR_FORMAT: return "malformed input";
    case LA_ERR_INFEASIBLE: return "problem is infeasible";
    case LA_ERR_UNBOUNDED: return "problem is unbounded";
    case LA_ERR_BREAKDOWN: return "breakdown of the iteration";
    case LA_ERR_NO_REAL_ROOT: return "no real matrix function exists";
    case LA_ERR_LINESEARCH: return "line search failed";
    case LA_STATUS_COUNT: break;
    }
    return "unknown status";
}

/* ----------------------------------------------------------------------
 * 2. Views, workspace arena and random numbers
 * ---------------------------------------------------------------------- */

LA_API la_mat la_mat_of(la_int rows, la_int cols, la_real *data) {
    la_mat m;
    m.rows = rows;
    m.cols = cols;
    m.ld = cols > 0 ? cols : 1;
    m.data = data;
    return m;
}

LA_API la_mat la_mat_ld(la_int rows, la_int cols, la_int ld, la_real *data) {
    la_mat m;
    m.rows = rows;
    m.cols = cols;
    m.ld = ld;
    m.data = data;
    return m;
}

LA_API la_mat la_mat_block(la_mat A, la_int i, la_int j, la_int rows, la_int cols) {
    la_mat m;
    LA_ASSERT(i >= 0 && j >= 0 && rows >= 0 && cols >= 0);
    LA_ASSERT(i + rows <= A.rows && j + cols <= A.cols);
    m.rows = rows;
    m.cols = cols;
    m.ld = A.ld;
    m.data = A.data ? A.data + (size_t)i * (size_t)A.ld + (size_t)j : A.data;
    return m;
}

LA_API la_mat la_mat_row(la_mat A, la_int i) { return la_mat_block(A, i, 0, 1, A.cols); }

LA_API la_status la_mat_check(la_mat A) {
    if (A.rows < 0 || A.cols < 0 || A.ld < 1 || A.ld < A.cols) return LA_ERR_ARG;
    if (A.rows > 0 && A.cols > 0 && !A.data) return LA_ERR_ARG;
    return LA_OK;
}

LA_API la_int la_op_rows(la_trans t, la_mat A) { return t == LA_NOTRANS ? A.rows : A.cols; }
LA_API la_int la_op_cols(la_trans t, la_mat A) { return t == LA_NOTRANS ? A.cols : A.rows; }

LA_API la_status la_mat_copy(la_mat A, la_mat B) {
    la_int i;
    if (la_mat_check(A) || la_mat_check(B)) return LA_ERR_ARG;
    if (A.rows != B.rows || A.cols != B.cols) return LA_ERR_DIM;
    for (i = 0; i < A.rows; ++i)
        if (A.cols > 0 && &LA_AT(A, i, 0) != &LA_AT(B, i, 0))
            memmove(&LA_AT(B, i, 0), &LA_AT(A, i, 0), (size_t)A.cols * sizeof(la_real));
    return LA_OK;
}

LA_API la_status la_mat_set(la_mat A, la_real alpha, la_real beta) {
    la_int i, j;
    if (la_mat_check(A)) return LA_ERR_ARG;
    for (i = 0; i < A.rows; ++i)
        for (j = 0; j < A.cols; ++j) LA_AT(A, i, j) = i == j ? beta : alpha;
    return LA_OK;
}

LA_API la_status la_mat_transpose(la_mat A, la_mat B) {
    la_int i, j, ib, jb;
    const la_int bs = 32;
    if (la_mat_check(A) || la_mat_check(B)) return LA_ERR_ARG;
    if (A.rows != B.cols || A.cols != B.rows) return LA_ERR_DIM;
    for (ib = 0; ib < A.rows; ib += bs)
        for (jb = 0; jb < A.cols; jb += bs)
            for (i = ib; i < LA__MIN(ib + bs, A.rows); ++i)
                for (j = jb; j < LA__MIN(jb + bs, A.cols); ++j) LA_AT(B, j, i) = LA_AT(A, i, j);
    return LA_OK;
}

LA_API int la_vec_isfinite(la_int n, const la_real *x) {
    la_int i;
    la_real s = 0;
    /* x*0 is 0 for finite x and NaN otherwise, so one sum tests all. */
    for (i = 0; i < n; ++i) s += x[i] * 0;
    return s == 0;
}

LA_API int la_mat_isfinite(la_mat A) {
    la_int i;
    for (i = 0; i < A.rows; ++i)
        if (!la_vec_isfinite(A.cols, &LA_AT(A, i, 0))) return 0;
    return 1;
}

LA_API la_real la_norm_fro(la_mat A) {
    /* Row by row with the safe nrm2, then combined safely. */
    la_real scale = 0, ssq = 1;
    la_int i;
    for (i = 0; i < A.rows; ++i) {
        la_real r = la_nrm2(A.cols, &LA_AT(A, i, 0), 1);
        if (r != 0) {
            if (scale < r) {
                ssq = 1 + ssq * (scale / r) * (scale / r);
                scale = r;
            } else {
                ssq += (r / scale) * (r / scale);
            }
        }
    }
    return scale * LA_SQRT(ssq);
}

LA_API la_real la_norm_max(la_mat A) {
    la_real m = 0;
    la_int i, j;
    for (i = 0; i < A.rows; ++i)
        for (j = 0; j < A.cols; ++j) {
            la_real v = LA_FABS(LA_AT(A, i, j));
            if (v > m || v != v) m = v;
        }
    return m;
}

LA_API la_real la_norm_inf(la_mat A) {
    la_real m = 0;
    la_int i;
    for (i = 0; i < A.rows; ++i) {
        la_real s = la_asum(A.cols, &LA_AT(A, i, 0), 1);
        if (s > m || s != s) m = s;
    }
    return m;
}

LA_API la_real la_norm_1(la_mat A) {
    la_real m = 0;
    la_int j;
    for (j = 0; j < A.cols; ++j) {
        la_real s = la_asum(A.rows, A.data + j, A.ld);
        if (s > m || s != s) m = s;
    }
    return m;
}

LA_API la_arena la_arena_of(void *buf, size_t bytes) {
    la_arena a;
    a.base = (unsigned char *)buf;
    a.size = buf ? bytes : 0;
    a.used = 0;
    a.peak = 0;
    return a;
}

LA_API void *la_arena_alloc(la_arena *a, size_t bytes) {
    uintptr_t p, aligned;
    size_t off;
    if (!a || !a->base) return NULL;
    p = (uintptr_t)(a->base + a->used);
    aligned = (p + (LA_ARENA_ALIGN - 1)) & ~(uintptr_t)(LA_ARENA_ALIGN - 1);
    off = a->used + (size_t)(aligned - p);
    if (off > a->size || bytes > a->size - off) return NULL;
    a->used = off + bytes;
    if (a->used > a->peak) a->peak = a->used;
    return a->base + off;
}

LA_API size_t la_arena_mark(const la_arena *a) { return a ? a->used : 0; }

LA_API void la_arena_reset(la_arena *a, size_t mark) {
    if (a && mark <= a->used) a->used = mark;
}

LA__PRIV size_t la__round_up(size_t bytes) {
    return (bytes + (LA_ARENA_ALIGN - 1)) & ~(size_t)(LA_ARENA_ALIGN - 1);
}
LA_API size_t la_ws_reals(size_t n) { return la__round_up(n * sizeof(la_real)); }
LA_API size_t la_ws_ints(size_t n) { return la__round_up(n * sizeof(la_int)); }

/* Scratch memory of one call: taken from the caller's arena (and given back
 * on exit) or, with ws == NULL, from one LA_MALLOC block freed on exit.
 * `bytes` is the sum of la_ws_reals/la_ws_ints of every allocation; the
 * arena must hold it after aligning its fill level (the public *_ws_bytes
 * queries add LA_ARENA_ALIGN for that). Usage:
 *     la__scratch sc;
 *     if ((st = la__scratch_begin(&sc, ws, bytes)) != LA_OK) return st;
 *     p = (la_real *)la__scratch_alloc(&sc, n * sizeof(la_real));
 *     ...
 *     la__scratch_end(&sc);                                   (single exit) */
typedef struct {
    la_arena *arena;
    size_t mark;
    void *heap;
    la_arena local;
} la__scratch;

LA__PRIV la_status la__scratch_begin(la__scratch *sc, la_arena *ws, size_t bytes) {
    sc->heap = NULL;
    sc->mark = 0;
    sc->local = la_arena_of(NULL, 0);
    sc->arena = &sc->local;
    if (bytes == 0) return LA_OK;
    if (ws) {
        uintptr_t p;
        size_t pad;
        if (!ws->base || ws->used > ws->size) return LA_ERR_NOMEM;
        p = (uintptr_t)(ws->base + ws->used);
        pad = (size_t)((LA_ARENA_ALIGN - p % LA_ARENA_ALIGN) % LA_ARENA_ALIGN);
        if (ws->size - ws->used < pad || ws->size - ws->used - pad < bytes) return LA_ERR_NOMEM;
        sc->arena = ws;
        sc->mark = ws->used;
        return LA_OK;
    }
#ifdef LA_NO_MALLOC
    return LA_ERR_NOMEM;
#else
    sc->heap = LA_MALLOC(bytes + LA_ARENA_ALIGN);
    if (!sc->heap) return LA_ERR_NOMEM;
    sc->local = la_arena_of(sc->heap, bytes + LA_ARENA_ALIGN);
    return LA_OK;
#endif
}

LA__PRIV void *la__scratch_alloc(la__scratch *sc, size_t bytes) {
    return la_arena_alloc(sc->arena, la__round_up(bytes));
}

LA__PRIV void la__scratch_end(la__scratch *sc) {
    if (sc->heap) {
#ifndef LA_NO_MALLOC
        LA_FREE(sc->heap);
#endif
        sc->heap = NULL;
    } else if (sc->arena && sc->arena != &sc->local) {
        la_arena_reset(sc->arena, sc->mark);
    }
}

LA__PRIV uint64_t la__splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

LA_API la_rng la_rng_seed(uint64_t seed) {
    la_rng r;
    uint64_t x = seed;
    r.s[0] = la__splitmix64(&x);
    r.s[1] = la__splitmix64(&x);
    r.s[2] = la__splitmix64(&x);
    r.s[3] = la__splitmix64(&x);
    r.has_spare = 0;
    r.spare = 0;
    return r;
}

LA__PRIV uint64_t la__rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

LA_API uint64_t la_rng_u64(la_rng *r) {
    uint64_t result = la__rotl(r->s[1] * 5, 7) * 9;
    uint64_t t = r->s[1] << 17;
    r->s[2] ^= r->s[0];
    r->s[3] ^= r->s[1];
    r->s[1] ^= r->s[2];
    r->s[0] ^= r->s[3];
    r->s[2] ^= t;
    r->s[3] = la__rotl(r->s[3], 45);
    return result;
}

LA_API double la_rng_uniform(la_rng *r) {
    return (double)(la_rng_u64(r) >> 11) * (1.0 / 9007199254740992.0);
}

LA_API double la_rng_normal(la_rng *r) {
    double u, v, s;
    if (r->has_spare) {
        r->has_spare = 0;
        return r->spare;
    }
    do {
        u = 2.0 * la_rng_uniform(r) - 1.0;
        v = 2.0 * la_rng_uniform(r) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    s = sqrt(-2.0 * log(s) / s);
    r->spare = v * s;
    r->has_spare = 1;
    return u * s;
}

LA_API la_int la_rng_int(la_rng *r, la_int n) {
    uint64_t bound, x, lim;
    if (n <= 1) return 0;
    bound = (uint64_t)n;
    lim = (uint64_t)0 - ((uint64_t)0 - bound) % bound; /* largest multiple of n, mod 2^64 */
    do {
        x = la_rng_u64(r);
    } while (lim != 0 && x >= lim);
    return (la_int)(x % bound);
}

/* ----------------------------------------------------------------------
 * 3. Level-1 kernels: vectors
 * ---------------------------------------------------------------------- */

/* Start of a strided vector in BLAS's convention. */
#define LA__VSTART(n, inc) ((inc) < 0 ? (ptrdiff_t)(1 - (n)) * (inc) : 0)

LA_API la_real la_dot(la_int n, const la_real *x, la_int incx, const la_real *y, la_int incy) {
    la_real s = 0;
    la_int i;
    if (n <= 0) return 0;
    if (incx == 1 && incy == 1) {
        la_real s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (i = 0; i + 4 <= n; i += 4) {
            s0 += x[i] * y[i];
            s1 += x[i + 1] * y[i + 1];
            s2 += x[i + 2] * y[i + 2];
            s3 += x[i + 3] * y[i + 3];
        }
        for (; i < n; ++i) s0 += x[i] * y[i];
        return (s0 + s1) + (s2 + s3);
    } else {
        ptrdiff_t ix = LA__VSTART(n, incx), iy = LA__VSTART(n, incy);
        for (i = 0; i < n; ++i, ix += incx, iy += incy) s += x[ix] * y[iy];
    }
    return s;
}

LA_API void la_axpy(la_int n, la_real alpha, const la_real *x, la_int incx, la_real *y, la_int incy) {
    la_int i;
    if (n <= 0 || alpha == 0) return;
    if (incx == 1 && incy == 1) {
        for (i = 0; i < n; ++i) y[i] += alpha * x[i];
    } else {
        ptrdiff_t ix = LA__VSTART(n, incx), iy = LA__VSTART(n, incy);
        for (i = 0; i < n; ++i, ix += incx, iy += incy) y[iy] += alpha * x[ix];
    }
}

LA_API void la_scal(la_int n, la_real alpha, la_real *x, la_int incx) {
    la_int i;
    ptrdiff_t ix;
    if (n <= 0 || incx <= 0) return; /* BLAS: non-positive incx does nothing */
    for (i = 0, ix = 0; i < n; ++i, ix += incx) x[ix] *= alpha;
}

LA_API void la_copy(la_int n, const la_real *x, la_int incx, la_real *y, la_int incy) {
    la_int i;
    ptrdiff_t ix, iy;
    if (n <= 0) return;
    if (incx == 1 && incy == 1) {
        memmove(y, x, (size_t)n * sizeof(la_real));
        return;
    }
    ix = LA__VSTART(n, incx);
    iy = LA__VSTART(n, incy);
    for (i = 0; i < n; ++i, ix += incx, iy += incy) y[iy] = x[ix];
}

LA_API void la_swap(la_int n, la_real *x, la_int incx, la_real *y, la_int incy) {
    la_int i;
    ptrdiff_t ix = LA__VSTART(n, incx), iy = LA__VSTART(n, incy);
    if (n <= 0) return;
    for (i = 0; i < n; ++i, ix += incx, iy += incy) {
        la_real t = x[ix];
        x[ix] = y[iy];
        y[iy] = t;
    }
}

LA_API la_real la_asum(la_int n, const la_real *x, la_int incx) {
    la_real s = 0;
    la_int i;
    ptrdiff_t ix;
    if (n <= 0 || incx <= 0) return 0;
    for (i = 0, ix = 0; i < n; ++i, ix += incx) s += LA_FABS(x[ix]);
    return s;
}

LA_API la_int la_iamax(la_int n, const la_real *x, la_int incx) {
    la_int i, best = 0;
    la_real m;
    ptrdiff_t ix;
    if (n <= 0 || incx <= 0) return -1;
    m = LA_FABS(x[0]);
    if (m != m) return 0;
    for (i = 1, ix = incx; i < n; ++i, ix += incx) {
        la_real v = LA_FABS(x[ix]);
        if (v != v) return i;
        if (v > m) {
            m = v;
            best = i;
        }
    }
    return best;
}

/* Blue's constants for la_real: elements below tsml are scaled up by ssml,
 * above tbig scaled down by sbig, so their squares neither underflow nor
 * overflow (Anderson 2017, Table 1). */
#if LA_REAL_IS_FLOAT
#define LA__BLUE_TSML 1.08420217e-19f /* 2^-63 */
#define LA__BLUE_TBIG 4.50359963e+15f /* 2^52 */
#define LA__BLUE_SSML 3.77789319e+22f /* 2^75 */
#define LA__BLUE_SBIG 1.32348898e-23f /* 2^-76 */
#else
#define LA__BLUE_TSML 1.4916681462400413e-154 /* 2^-511 */
#define LA__BLUE_TBIG 1.9979190722022350e+146 /* 2^486 */
#define LA__BLUE_SSML 4.4989137945431964e+161 /* 2^537 */
#define LA__BLUE_SBIG 1.1113793747425387e-162 /* 2^-538 */
#endif

LA_API la_real la_nrm2(la_int n, const la_real *x, la_int incx) {
    la_real asml = 0, amed = 0, abig = 0, ymin, ymax, scl, sumsq;
    int notbig = 1;
    la_int i;
    ptrdiff_t ix;
    if (n <= 0 || incx <= 0) return 0;
    for (i = 0, ix = 0; i < n; ++i, ix += incx) {
        la_real ax = LA_FABS(x[ix]);
        if (ax != ax) return ax; /* NaN propagates */
        if (ax > LA__BLUE_TBIG) {
            abig += (ax * LA__BLUE_SBIG) * (ax * LA__BLUE_SBIG);
            notbig = 0;
        } else if (ax < LA__BLUE_TSML) {
            if (notbig) asml += (ax * LA__BLUE_SSML) * (ax * LA__BLUE_SSML);
        } else {
            amed += ax * ax;
        }
    }
    if (abig > 0) {
        /* combine big with medium if medium is significant */
        if (amed > 0 || amed != amed) abig += (amed * LA__BLUE_SBIG) * LA__BLUE_SBIG;
        scl = (la_real)1 / LA__BLUE_SBIG;
        sumsq = abig;
    } else if (asml > 0) {
        if (amed > 0 || amed != amed) {
            la_real smed = LA_SQRT(amed), ssm = LA_SQRT(asml) / LA__BLUE_SSML;
            if (ssm > smed) {
                ymin = smed;
                ymax = ssm;
            } else {
                ymin = ssm;
                ymax = smed;
            }
            scl = 1;
            sumsq = ymax * ymax * (1 + (ymin / ymax) * (ymin / ymax));
        } else {
            scl = (la_real)1 / LA__BLUE_SSML;
            sumsq = asml;
        }
    } else {
        scl = 1;
        sumsq = amed;
    }
    return scl * LA_SQRT(sumsq);
}

/* ----------------------------------------------------------------------
 * 4. Level-2 kernels: matrix-vector
 * ---------------------------------------------------------------------- */

LA_API la_status la_gemv(la_trans ta, la_real alpha, la_mat A, const la_real *x,
                         la_real beta, la_real *y) {
    la_int m, n, i;
    if (la_mat_check(A)) return LA_ERR_ARG;
    m = la_op_rows(ta, A);
    n = la_op_cols(ta, A);
    if ((m > 0 && !y) || (n > 0 && m > 0 && !x)) return LA_ERR_ARG;
    if (m == 0) return LA_OK;
    if (beta == 0) {
        for (i = 0; i < m; ++i) y[i] = 0;
    } else if (beta != 1) {
        for (i = 0; i < m; ++i) y[i] *= beta;
    }
    if (n == 0 || alpha == 0) return LA_OK;
#ifdef LA_USE_CBLAS
    LA__CBLAS(gemv)(CblasRowMajor, ta == LA_TRANS ? CblasTrans : CblasNoTrans, A.rows, A.cols,
                    alpha, A.data, A.ld, x, 1, 1, y, 1);
#else
    if (ta == LA_NOTRANS) {
        for (i = 0; i < m; ++i) y[i] += alpha * la_dot(n, &LA_AT(A, i, 0), 1, x, 1);
    } else {
        for (i = 0; i < A.rows; ++i) la_axpy(A.cols, alpha * x[i], &LA_AT(A, i, 0), 1, y, 1);
    }
#endif
    return LA_OK;
}

LA_API la_status la_ger(la_real alpha, const la_real *x, const la_real *y, la_mat A) {
    la_int i;
    if (la_mat_check(A)) return LA_ERR_ARG;
    if (A.rows == 0 || A.cols == 0 || alpha == 0) return LA_OK;
    if (!x || !y) return LA_ERR_ARG;
#ifdef LA_USE_CBLAS
    LA__CBLAS(ger)(CblasRowMajor, A.rows, A.cols, alpha, x, 1, y, 1, A.data, A.ld);
    (void)i;
#else
    for (i = 0; i < A.rows; ++i) la_axpy(A.cols, alpha * x[i], y, 1, &LA_AT(A, i, 0), 1);
#endif
    return LA_OK;
}

LA_API la_status la_symv(la_uplo uplo, la_real alpha, la_mat A, const la_real *x,
                         la_real beta, la_real *y) {
    la_int n, i, j;
    if (la_mat_check(A)) return LA_ERR_ARG;
    if (A.rows != A.cols) return LA_ERR_DIM;
    n = A.rows;
    if (n == 0) return LA_OK;
    if (!x || !y) return LA_ERR_ARG;
    if (beta == 0) {
        for (i = 0; i < n; ++i) y[i] = 0;
    } else if (beta != 1) {
        for (i = 0; i < n; ++i) y[i] *= beta;
    }
    if (alpha == 0) return LA_OK;
#ifdef LA_USE_CBLAS
    LA__CBLAS(symv)(CblasRowMajor, uplo == LA_UPPER ? CblasUpper : CblasLower, n, alpha, A.data,
                    A.ld, x, 1, 1, y, 1);
    (void)j;
#else
    /* Row i of the stored triangle gives A(i, j) for j on one side of the
     * diagonal; its mirror contributes to y[j]. */
    for (i = 0; i < n; ++i) {
        const la_real *a = &LA_AT(A, i, 0);
        la_real t = alpha * x[i], s = 0;
        if (uplo == LA_LOWER) {
            for (j = 0; j < i; ++j) {
                y[j] += t * a[j];
                s += a[j] * x[j];
            }
        } else {
            for (j = i + 1; j < n; ++j) {
                y[j] += t * a[j];
                s += a[j] * x[j];
            }
        }
        y[i] += t * a[i] + alpha * s;
    }
#endif
    return LA_OK;
}

/* op(A) is lower triangular when (uplo, trans) is (LOWER, NOTRANS) or
 * (UPPER, TRANS). Element (i, k) of op(A) is A(i,k) or A(k,i). */
#define LA__OP_LOWER(uplo, ta) (((uplo) == LA_LOWER) == ((ta) == LA_NOTRANS))

LA_API la_status la_trmv(la_uplo uplo, la_trans ta, la_diag diag, la_mat A, la_real *x) {
    la_int n, i, k;
    if (la_mat_check(A)) return LA_ERR_ARG;
    if (A.rows != A.cols) return LA_ERR_DIM;
    n = A.rows;
    if (n == 0) return LA_OK;
    if (!x) return LA_ERR_ARG;
#ifdef LA_USE_CBLAS
    LA__CBLAS(trmv)(CblasRowMajor, uplo == LA_UPPER ? CblasUpper : CblasLower,
                    ta == LA_TRANS ? CblasTrans : CblasNoTrans,
                    diag == LA_UNIT ? CblasUnit : CblasNonUnit, n, A.data, A.ld, x, 1);
    (void)i;
    (void)k;
#else
    if (ta == LA_NOTRANS) {
        if (uplo == LA_UPPER) {
            for (i = 0; i < n; ++i) {
                la_real s = diag == LA_UNIT ? x[i] : LA_AT(A, i, i) * x[i];
                s += la_dot(n - i - 1, &LA_AT(A, i, i + 1), 1, x + i + 1, 1);
                x[i] = s;
            }
        } else {
            for (i = n - 1; i >= 0; --i) {
                la_real s = diag == LA_UNIT ? x[i] : LA_AT(A, i, i) * x[i];
                s += la_dot(i, &LA_AT(A, i, 0), 1, x, 1);
                x[i] = s;
            }
        }
    } else {
        /* x <- A^T x: row k of A scatters x[k] into x[i] for i on the
         * triangle's side; process k so that x[k] is still unmodified. */
        if (uplo == LA_UPPER) {
            for (k = n - 1; k >= 0; --k) {
                la_real t = x[k];
                la_axpy(n - k - 1, t, &LA_AT(A, k, k + 1), 1, x + k + 1, 1);
                if (diag != LA_UNIT) x[k] = t * LA_AT(A, k, k);
            }
        } else {
            for (k = 0; k < n; ++k) {
                la_real t = x[k];
                la_axpy(k, t, &LA_AT(A, k, 0), 1, x, 1);
                if (diag != LA_UNIT) x[k] = t * LA_AT(A, k, k);
            }
        }
    }
#endif
    return LA_OK;
}

LA_API la_status la_trsv(la_uplo uplo, la_trans ta, la_diag diag, la_mat A, la_real *x) {
    la_int n, i, k;
    if (la_mat_check(A)) return LA_ERR_ARG;
    if (A.rows != A.cols) return LA_ERR_DIM;
    n = A.rows;
    if (n == 0) return LA_OK;
    if (!x) return LA_ERR_ARG;
#ifdef LA_USE_CBLAS
    LA__CBLAS(trsv)(CblasRowMajor, uplo == LA_UPPER ? CblasUpper : CblasLower,
                    ta == LA_TRANS ? CblasTrans : CblasNoTrans,
                    diag == LA_UNIT ? CblasUnit : CblasNonUnit, n, A.data, A.ld, x, 1);
    (void)i;
    (void)k;
#else
    if (ta == LA_NOTRANS) {
        if (uplo == LA_LOWER) {
            for (i = 0; i < n; ++i) {
                la_real s = x[i] - la_dot(i, &LA_AT(A, i, 0), 1, x, 1);
                x[i] = diag == LA_UNIT ? s : s / LA_AT(A, i, i);
            }
        } else {
            for (i = n - 1; i >= 0; --i) {
                la_real s = x[i] - la_dot(n - i - 1, &LA_AT(A, i, i + 1), 1, x + i + 1, 1);
                x[i] = diag == LA_UNIT ? s : s / LA_AT(A, i, i);
            }
        }
    } else {
        /* A^T x = b: solve for x[k] then eliminate it with row k of A. */
        if (uplo == LA_LOWER) {
            for (k = n - 1; k >= 0; --k) {
                if (diag != LA_UNIT) x[k] /= LA_AT(A, k, k);
                la_axpy(k, -x[k], &LA_AT(A, k, 0), 1, x, 1);
            }
        } else {
            for (k = 0; k < n; ++k) {
                if (diag != LA_UNIT) x[k] /= LA_AT(A, k, k);
                la_axpy(n - k - 1, -x[k], &LA_AT(A, k, k + 1), 1, x + k + 1, 1);
            }
        }
    }
#endif
    return LA_OK;
}

/* ----------------------------------------------------------------------
 * 5. Level-3 kernels: matrix-matrix
 * ---------------------------------------------------------------------- */

/* C <- beta C on a rows x cols block (beta == 0 writes zeros). */
LA__PRIV void la__scale_block(la_mat C, la_real beta) {
    la_int i, j;
    if (beta == 1) return;
    for (i = 0; i < C.rows; ++i) {
        la_real *c = &LA_AT(C, i, 0);
        if (beta == 0)
            for (j = 0; j < C.cols; ++j) c[j] = 0;
        else
            for (j = 0; j < C.cols; ++j) c[j] *= beta;
    }
}

LA_API la_status la_gemm(la_trans ta, la_trans tb, la_real alpha, la_mat A, la_mat B,
                         la_real beta, la_mat C) {
    la_int m, n, k, i, j, p;
    if (la_mat_check(A) || la_mat_check(B) || la_mat_check(C)) return LA_ERR_ARG;
    m = la_op_rows(ta, A);
    k = la_op_cols(ta, A);
    n = la_op_cols(tb, B);
    if (la_op_rows(tb, B) != k || C.rows != m || C.cols != n) return LA_ERR_DIM;
    if (m == 0 || n == 0) return LA_OK;
    if (k == 0 || alpha == 0) {
        la__scale_block(C, beta);
        return LA_OK;
    }
#ifdef LA_USE_CBLAS
    if (beta == 0) la__scale_block(C, 0); /* BLAS's beta = 0 contract, made explicit */
    LA__CBLAS(gemm)(CblasRowMajor, ta == LA_TRANS ? CblasTrans : CblasNoTrans,
                    tb == LA_TRANS ? CblasTrans : CblasNoTrans, m, n, k, alpha, A.data, A.ld,
                    B.data, B.ld, beta, C.data, C.ld);
    (void)i;
    (void)j;
    (void)p;
#else
    la__scale_block(C, beta);
    for (i = 0; i < m; ++i) {
        la_real *c = &LA_AT(C, i, 0);
        for (p = 0; p < k; ++p) {
            la_real a = alpha * (ta == LA_NOTRANS ? LA_AT(A, i, p) : LA_AT(A, p, i));
            if (tb == LA_NOTRANS) {
                const la_real *b = &LA_AT(B, p, 0);
                for (j = 0; j < n; ++j) c[j] += a * b[j];
            } else {
                for (j = 0; j < n; ++j) c[j] += a * LA_AT(B, j, p);
            }
        }
    }
#endif
    return LA_OK;
}

LA_API la_status la_syrk(la_uplo uplo, la_trans ta, la_real alpha, la_mat A,
                         la_real beta, la_mat C) {
    la_int n, k, i, j, p;
    if (la_mat_check(A) || la_mat_check(C)) return LA_ERR_ARG;
    n = la_op_rows(ta, A);
    k = la_op_cols(ta, A);
    if (C.rows != n || C.cols != n) return LA_ERR_DIM;
    if (n == 0) return LA_OK;
#ifdef LA_USE_CBLAS
    if (k > 0 && alpha != 0) {
        if (beta == 0)
            for (i = 0; i < n; ++i)
                for (j = uplo == LA_LOWER ? 0 : i; j <= (uplo == LA_LOWER ? i : n - 1); ++j)
                    LA_AT(C, i, j) = 0;
        LA__CBLAS(syrk)(CblasRowMajor, uplo == LA_UPPER ? CblasUpper : CblasLower,
                        ta == LA_TRANS ? CblasTrans : CblasNoTrans, n, k, alpha, A.data, A.ld,
                        beta, C.data, C.ld);
        (void)p;
        return LA_OK;
    }
#endif
    for (i = 0; i < n; ++i) {
        la_int j0 = uplo == LA_LOWER ? 0 : i, j1 = uplo == LA_LOWER ? i : n - 1;
        for (j = j0; j <= j1; ++j) {
            la_real s = 0;
            if (ta == LA_NOTRANS)
                s = la_dot(k, &LA_AT(A, i, 0), 1, &LA_AT(A, j, 0), 1);
            else
                for (p = 0; p < k; ++p) s += LA_AT(A, p, i) * LA_AT(A, p, j);
            LA_AT(C, i, j) = (beta == 0 ? 0 : beta * LA_AT(C, i, j)) + (alpha == 0 ? 0 : alpha * s);
        }
    }
    return LA_OK;
}

LA_API la_status la_trmm(la_side side, la_uplo uplo, la_trans ta, la_diag diag,
                         la_real alpha, la_mat A, la_mat B) {
    la_int na, i, j, k;
    if (la_mat_check(A) || la_mat_check(B)) return LA_ERR_ARG;
    if (A.rows != A.cols) return LA_ERR_DIM;
    na = A.rows;
    if ((side == LA_LEFT ? B.rows : B.cols) != na) return LA_ERR_DIM;
    if (B.rows == 0 || B.cols == 0) return LA_OK;
    if (alpha == 0) {
        la__scale_block(B, 0);
        return LA_OK;
    }
#ifdef LA_USE_CBLAS
    LA__CBLAS(trmm)(CblasRowMajor, side == LA_LEFT ? CblasLeft : CblasRight,
                    uplo == LA_UPPER ? CblasUpper : CblasLower,
                    ta == LA_TRANS ? CblasTrans : CblasNoTrans,
                    diag == LA_UNIT ? CblasUnit : CblasNonUnit, B.rows, B.cols, alpha, A.data,
                    A.ld, B.data, B.ld);
    (void)i;
    (void)j;
    (void)k;
#else
    if (side == LA_LEFT) {
        /* B <- op(A) B row by row: row i of the result combines rows k of B
         * with op(A)(i,k) != 0; order the rows so inputs are still unread. */
        int lower = LA__OP_LOWER(uplo, ta);
        for (j = 0; j < na; ++j) {
            i = lower ? na - 1 - j : j;
            {
                la_real *bi = &LA_AT(B, i, 0);
                la_real d = diag == LA_UNIT ? 1 : LA_AT(A, i, i);
                la_int k0 = lower ? 0 : i + 1, k1 = lower ? i : na;
                la_int c;
                for (c = 0; c < B.cols; ++c) bi[c] *= d * alpha;
                for (k = k0; k < k1; ++k) {
                    la_real a = alpha * (ta == LA_NOTRANS ? LA_AT(A, i, k) : LA_AT(A, k, i));
                    la_axpy(B.cols, a, &LA_AT(B, k, 0), 1, bi, 1);
                }
            }
        }
    } else {
        /* B <- B op(A): each row b of B becomes op(A)^T b, a trmv. */
        la_trans tt = ta == LA_NOTRANS ? LA_TRANS : LA_NOTRANS;
        for (i = 0; i < B.rows; ++i) {
            la_real *bi = &LA_AT(B, i, 0);
            la_trmv(uplo, tt, diag, A, bi);
            if (alpha != 1)
                for (j = 0; j < B.cols; ++j) bi[j] *= alpha;
        }
        (void)k;
    }
#endif
    return LA_OK;
}

LA_API la_status la_trsm(la_side side, la_uplo uplo, la_trans ta, la_diag diag,
                         la_real alpha, la_mat A, la_mat B) {
    la_int na, i, j, k;
    if (la_mat_check(A) || la_mat_check(B)) return LA_ERR_ARG;
    if (A.rows != A.cols) return LA_ERR_DIM;
    na = A.rows;
    if ((side == LA_LEFT ? B.rows : B.cols) != na) return LA_ERR_DIM;
    if (B.rows == 0 || B.cols == 0) return LA_OK;
    if (alpha == 0) {
        la__scale_block(B, 0);
        return LA_OK;
    }
#ifdef LA_USE_CBLAS
    LA__CBLAS(trsm)(CblasRowMajor, side == LA_LEFT ? CblasLeft : CblasRight,
                    uplo == LA_UPPER ? CblasUpper : CblasLower,
                    ta == LA_TRANS ? CblasTrans : CblasNoTrans,
                    diag == LA_UNIT ? CblasUnit : CblasNonUnit, B.rows, B.cols, alpha, A.data,
                    A.ld, B.data, B.ld);
    (void)i;
    (void)j;
    (void)k;
#else
    if (side == LA_LEFT) {
        /* Row-oriented substitution: X(i,:) = (alpha B(i,:) - sum_k
         * op(A)(i,k) X(k,:)) / op(A)(i,i), forward for lower op(A). */
        int lower = LA__OP_LOWER(uplo, ta);
        for (j = 0; j < na; ++j) {
            la_real *bi;
            la_int k0, k1, c;
            i = lower ? j : na - 1 - j;
            bi = &LA_AT(B, i, 0);
            if (alpha != 1)
                for (c = 0; c < B.cols; ++c) bi[c] *= alpha;
            k0 = lower ? 0 : i + 1;
            k1 = lower ? i : na;
            for (k = k0; k < k1; ++k) {
                la_real a = ta == LA_NOTRANS ? LA_AT(A, i, k) : LA_AT(A, k, i);
                la_axpy(B.cols, -a, &LA_AT(B, k, 0), 1, bi, 1);
            }
            if (diag != LA_UNIT) {
                la_real d = (la_real)1 / LA_AT(A, i, i);
                for (c = 0; c < B.cols; ++c) bi[c] *= d;
            }
        }
    } else {
        /* X op(A) = alpha B: each row x satisfies op(A)^T x = alpha b. */
        la_trans tt = ta == LA_NOTRANS ? LA_TRANS : LA_NOTRANS;
        for (i = 0; i < B.rows; ++i) {
            la_real *bi = &LA_AT(B, i, 0);
            if (alpha != 1)
                for (j = 0; j < B.cols; ++j) bi[j] *= alpha;
            la_trsv(uplo, tt, diag, A, bi);
        }
        (void)k;
    }
#endif
    return LA_OK;
}

/* ----------------------------------------------------------------------
 * 6. Cholesky family: Cholesky, updates, modified Cholesky, LDL^T
 * ---------------------------------------------------------------------- */

/* ----------------------------------------------------------------------
 * 7. LU with partial pivoting, determinant, inverse
 * ---------------------------------------------------------------------- */

/* ----------------------------------------------------------------------
 * 8. QR, pivoted QR, least squares
 * ---------------------------------------------------------------------- */

/* ----------------------------------------------------------------------
 * 9. Condition number estimates
 * ---------------------------------------------------------------------- */

/* ----------------------------------------------------------------------
 * 10. Symmetric eigenproblem
 * ---------------------------------------------------------------------- */

/* Private helpers shared by sections 10-12: safe hypotenuse, Householder
 * reflectors and plane rotations. */

/* sqrt(a^2 + b^2) without overflow or harmful underflow. */
LA__PRIV la_real la__hypot(la_real a, la_real b) {
    la_real x = LA_FABS(a), y = LA_FABS(b), w = LA__MAX(x, y), z = LA__MIN(x, y);
    if (z == 0 || w != w) return w + z;
    z /= w;
    return w * LA_SQRT(1 + z * z);
}

/* |a| with the sign of b. */
LA__PRIV la_real la__sign(la_real a, la_real b) { return b >= 0 ? LA_FABS(a) : -LA_FABS(a); }

/* Elementary reflector H = I - tau v v^T with v = (1, x) such that
 * H (alpha, x)^T = (beta, 0)^T (LAPACK's dlarfg convention; the vector has n
 * entries, x has n - 1 with stride incx). On return *alpha = beta and x
 * holds v(1:); returns tau (0 when x is already zero: H = I). Tiny vectors
 * are rescaled so v stays finite. */
LA__PRIV la_real la__house_gen(la_int n, la_real *alpha, la_real *x, la_int incx) {
    la_real xnorm, beta, tau, safmin;
    la_int k, knt = 0;
    if (n <= 1) return 0;
    xnorm = la_nrm2(n - 1, x, incx);
    if (xnorm == 0) return 0;
    beta = -la__sign(la__hypot(*alpha, xnorm), *alpha);
    safmin = LA_REAL_MIN / LA_EPS;
    while (LA_FABS(beta) < safmin && knt < 20) {
        /* beta may be inaccurate: scale x and recompute it */
        la_scal(n - 1, 1 / safmin, x, incx);
        beta /= safmin;
        *alpha /= safmin;
        ++knt;
    }
    if (knt > 0) beta = -la__sign(la__hypot(*alpha, la_nrm2(n - 1, x, incx)), *alpha);
    tau = (beta - *alpha) / beta;
    la_scal(n - 1, 1 / (*alpha - beta), x, incx);
    for (k = 0; k < knt; ++k) beta *= safmin;
    *alpha = beta;
    return tau;
}

/* Plane rotation: c, s, r with [c s; -s c] (f, g)^T = (r, 0)^T, c >= 0 when
 * f != 0 (r carries the sign of f). */
LA__PRIV void la__givens(la_real f, la_real g, la_real *c, la_real *s, la_real *r) {
    if (g == 0) {
        *c = 1;
        *s = 0;
        *r = f;
    } else if (f == 0) {
        *c = 0;
        *s = g >= 0 ? 1 : -1;
        *r = LA_FABS(g);
    } else {
        la_real h = la__sign(la__hypot(f, g), f);
        *c = f / h;
        *s = g / h;
        *r = h;
    }
}

/* (x, y) <- (c x + s y, c y - s x) elementwise on n entries (strides incx,
 * incy): BLAS drot. */
LA__PRIV void la__rot(la_int n, la_real *x, la_int incx, la_real *y, la_int incy, la_real c,
                      la_real s) {
    la_int k;
    if (incx == 1 && incy == 1) {
        for (k = 0; k < n; ++k) {
            la_real a = x[k], b = y[k];
            x[k] = c * a + s * b;
            y[k] = c * b - s * a;
        }
    } else {
        ptrdiff_t ix = 0, iy = 0;
        for (k = 0; k < n; ++k, ix += incx, iy += incy) {
            la_real a = x[ix], b = y[iy];
            x[ix] = c * a + s * b;
            y[iy] = c * b - s * a;
        }
    }
}

/* C <- (I - tau v v^T) C (side LEFT, v has C.rows entries) or
 * C (I - tau v v^T) (side RIGHT, v has C.cols entries), row by row; work
 * holds C.cols entries (LEFT only). */
LA__PRIV void la__house_apply(la_side side, const la_real *v, la_real tau, la_mat C,
                              la_real *work) {
    la_int i, j;
    if (tau == 0 || C.rows == 0 || C.cols == 0) return;
    if (side == LA_LEFT) {
        for (j = 0; j < C.cols; ++j) work[j] = 0;
        for (i = 0; i < C.rows; ++i) la_axpy(C.cols, v[i], &LA_AT(C, i, 0), 1, work, 1);
        for (i = 0; i < C.rows; ++i) la_axpy(C.cols, -tau * v[i], work, 1, &LA_AT(C, i, 0), 1);
    } else {
        for (i = 0; i < C.rows; ++i) {
            la_real *c = &LA_AT(C, i, 0);
            la_axpy(C.cols, -tau * la_dot(C.cols, c, 1, v, 1), v, 1, c, 1);
        }
    }
}

/* In-place transpose of a square view. */
LA__PRIV void la__transpose_square(la_mat A) {
    la_int i, j;
    for (i = 0; i < A.rows; ++i)
        for (j = 0; j < i; ++j) {
            la_real t = LA_AT(A, i, j);
            LA_AT(A, i, j) = LA_AT(A, j, i);
            LA_AT(A, j, i) = t;
        }
}

/* ---- tridiagonal reduction (blocked, Dongarra, Hammarling and Sorensen
 * 1989; the structure of LAPACK's dsytrd/dlatrd with UPLO = 'U') ----
 *
 * The lower triangle of a row-major S is the upper triangle of the same
 * matrix read column-major (element (i, j) of that reading, i <= j, is
 * S(j, i)), and there the reduction that starts from the last column has
 * every reflector contiguous: reflector i (i = 0..n-2) has
 * v(0..i-1) in row i+1 of S, v(i) = 1 implicit, v(i+1..) = 0, and
 * Q = H(n-2) ... H(1) H(0) with A = Q T Q^T. */

#define LA__TRD_NB 32 /* panel width */
#define LA__TRD_NX 64 /* below this order the reduction is unblocked */

/* Reduce the last nb columns (of the column-major reading) of the leading
 * n x n part of S; Wr (nb x n, row iw = column iw of LAPACK's W) receives
 * the matrix W of the rank-2nb update S <- S - V W^T - W V^T. tmp holds nb
 * reals. */
LA__PRIV void la__trd_panel(la_mat S, la_int n, la_int nb, la_real *e, la_real *tau, la_mat Wr,
                            la_real *tmp) {
    la_int i, iw, k;
    for (i = n - 1; i >= n - nb; --i) {
        la_real *si = &LA_AT(S, i, 0), *wi;
        iw = i - n + nb;
        if (i < n - 1) {
            /* column i (row i of S) gets the updates of the panel so far */
            la_int nr = n - 1 - i;
            for (k = 0; k < nr; ++k) tmp[k] = LA_AT(Wr, iw + 1 + k, i);
            la_gemv(LA_TRANS, -1, la_mat_block(S, i + 1, 0, nr, i + 1), tmp, 1, si);
            for (k = 0; k < nr; ++k) tmp[k] = LA_AT(S, i + 1 + k, i);
            la_gemv(LA_TRANS, -1, la_mat_block(Wr, iw + 1, 0, nr, i + 1), tmp, 1, si);
        }
        if (i > 0) {
            la_real t, alpha;
            la_int nr = n - 1 - i;
            wi = &LA_AT(Wr, iw, 0);
            t = la__house_gen(i, &si[i - 1], si, 1);
            tau[i - 1] = t;
            e[i - 1] = si[i - 1];
            si[i - 1] = 1;
            la_symv(LA_LOWER, 1, la_mat_block(S, 0, 0, i, i), si, 0, wi);
            if (nr > 0) {
                la_mat SB = la_mat_block(S, i + 1, 0, nr, i), WB = la_mat_block(Wr, iw + 1, 0, nr, i);
                la_gemv(LA_NOTRANS, 1, WB, si, 0, tmp);
                la_gemv(LA_TRANS, -1, SB, tmp, 1, wi);
                la_gemv(LA_NOTRANS, 1, SB, si, 0, tmp);
                la_gemv(LA_TRANS, -1, WB, tmp, 1, wi);
            }
            for (k = 0; k < i; ++k) wi[k] *= t;
            alpha = -t / 2 * la_dot(i, wi, 1, si, 1);
            la_axpy(i, alpha, si, 1, wi, 1);
        }
    }
}

/* Symmetric tridiagonal reduction of the n x n S (lower triangle read):
 * d (n), e (n-1), reflectors as described above with scalars tau (n-1).
 * work: la__trd_work(n) reals. */
LA__PRIV size_t la__trd_work(la_int n) { return (size_t)(5 * LA__TRD_NB + 2) * (size_t)n + 1; }

LA__PRIV void la__tridiagonalize(la_mat S, la_real *d, la_real *e, la_real *tau, la_real *work) {
    la_int n = S.rows, nb = LA__TRD_NB, kk, b, j, r;
    la_real *tmp = work, *wbuf = work + nb + 1, *pt = wbuf + (size_t)nb * n,
            *qb = pt + 2 * (size_t)nb * n;
    kk = n <= LA__TRD_NX ? n : n - ((n - LA__TRD_NX + nb - 1) / nb) * nb;
    for (b = n - nb; b >= kk; b -= nb) {
        la_mat Wr = la_mat_of(nb, b + nb, wbuf), PT = la_mat_of(b, 2 * nb, pt),
               Q = la_mat_of(2 * nb, b, qb);
        la__trd_panel(S, b + nb, nb, e, tau, Wr, tmp);
        /* S(0:b, 0:b) -= V^T W + W^T V on the lower triangle, as
         * [V; W]^T [W; V] by block rows */
        for (j = 0; j < nb; ++j) {
            const la_real *v = &LA_AT(S, b + j, 0), *w = &LA_AT(Wr, j, 0);
            for (r = 0; r < b; ++r) {
                LA_AT(PT, r, j) = v[r];
                LA_AT(PT, r, nb + j) = w[r];
            }
            memcpy(&LA_AT(Q, j, 0), w, (size_t)b * sizeof(la_real));
            memcpy(&LA_AT(Q, nb + j, 0), v, (size_t)b * sizeof(la_real));
        }
        for (r = 0; r < b; r += 2 * nb) {
            la_int rows = LA__MIN(2 * nb, b - r), cols = r + rows;
            la_gemm(LA_NOTRANS, LA_NOTRANS, -1, la_mat_block(PT, r, 0, rows, 2 * nb),
                    la_mat_block(Q, 0, 0, 2 * nb, cols), 1, la_mat_block(S, r, 0, rows, cols));
        }
        for (j = b; j < b + nb; ++j) {
            LA_AT(S, j, j - 1) = e[j - 1];
            d[j] = LA_AT(S, j, j);
        }
    }
    /* unblocked reduction of the leading kk x kk part (dsytd2) */
    for (j = kk - 2; j >= 0; --j) {
        la_real *s = &LA_AT(S, j + 1, 0), t;
        t = la__house_gen(j + 1, &s[j], s, 1);
        e[j] = s[j];
        if (t != 0) {
            la_real alpha;
            s[j] = 1;
            la_symv(LA_LOWER, t, la_mat_block(S, 0, 0, j + 1, j + 1), s, 0, tmp);
            alpha = -t / 2 * la_dot(j + 1, tmp, 1, s, 1);
            la_axpy(j + 1, alpha, s, 1, tmp, 1);
            /* S(0:j, 0:j) -= v w^T + w v^T, lower triangle */
            for (r = 0; r <= j; ++r) {
                la_real *sr = &LA_AT(S, r, 0);
                la_axpy(r + 1, -s[r], tmp, 1, sr, 1);
                la_axpy(r + 1, -tmp[r], s, 1, sr, 1);
            }
            s[j] = e[j];
        }
        d[j + 1] = LA_AT(S, j + 1, j + 1);
        tau[j] = t;
    }
    if (n > 0) d[0] = LA_AT(S, 0, 0);
}

/* W <- W Q^T = W H(0) H(1) ... H(n-2) for the reflectors left in S by
 * la__tridiagonalize (W is m x n; its rows are vectors in the basis of T).
 * Blocked with the compact WY form I - Y T Y^T (Schreiber and Van Loan
 * 1989). work: la__trd_back_work(m, n) reals. */
LA__PRIV size_t la__trd_back_work(la_int m, la_int n) {
    return (size_t)LA__TRD_NB * (2 * (size_t)n + (size_t)m + LA__TRD_NB);
}

LA__PRIV void la__trd_back(la_mat S, const la_real *tau, la_mat W, la_real *work) {
    la_int n = S.rows, nb = LA__TRD_NB, j0, t, u, c;
    la_real *yr = work, *mb = yr + (size_t)nb * n, *tt = mb + (size_t)nb * W.rows,
            *ytb = tt + (size_t)nb * nb;
    for (j0 = 0; j0 + 1 < n; j0 += nb) {
        la_int kb = LA__MIN(nb, n - 1 - j0);
        la_mat Y, M, T;
        c = j0 + kb; /* columns 0..c-1 of W are touched */
        Y = la_mat_of(kb, c, yr);
        M = la_mat_of(W.rows, kb, mb);
        T = la_mat_of(kb, kb, tt);
        for (t = 0; t < kb; ++t) {
            la_int j = j0 + t;
            la_real *y = &LA_AT(Y, t, 0);
            memcpy(y, &LA_AT(S, j + 1, 0), (size_t)j * sizeof(la_real));
            y[j] = 1;
            for (u = j + 1; u < c; ++u) y[u] = 0;
        }
        /* T upper triangular: T(0:t, t) = -tau_t T(0:t, 0:t) Y(0:t) y_t */
        for (t = 0; t < kb; ++t) {
            la_real taut = tau[j0 + t];
            for (u = 0; u < t; ++u)
                LA_AT(T, u, t) = -taut * la_dot(c, &LA_AT(Y, u, 0), 1, &LA_AT(Y, t, 0), 1);
            for (u = t + 1; u < kb; ++u) LA_AT(T, u, t) = 0;
            for (u = 0; u < t; ++u) {
                la_int p;
                la_real s = 0;
                for (p = u; p < t; ++p) s += LA_AT(T, u, p) * LA_AT(T, p, t);
                tt[(size_t)u * kb + t] = s; /* overwrite in increasing u: reads rows >= u */
            }
            LA_AT(T, t, t) = taut;
        }
        la_mat_transpose(Y, la_mat_of(c, kb, ytb));
        la_gemm(LA_NOTRANS, LA_NOTRANS, 1, la_mat_block(W, 0, 0, W.rows, c), la_mat_of(c, kb, ytb),
                0, M);
        la_trmm(LA_RIGHT, LA_UPPER, LA_NOTRANS, LA_NONUNIT, 1, T, M);
        la_gemm(LA_NOTRANS, LA_NOTRANS, -1, M, Y, 1, la_mat_block(W, 0, 0, W.rows, c));
    }
}

/* ---- symmetric tridiagonal eigenproblem ---- */

/* Eigenvalues of the symmetric tridiagonal (d, e) (e[i] couples i and i+1),
 * by the implicit QL algorithm with Wilkinson shifts (Bowdler, Martin,
 * Reinsch and Wilkinson 1968, EISPACK tql2). The rows of W (n x ncols, may
 * have data NULL) are rotated along: if they hold an orthonormal basis on
 * entry, row i holds the eigenvector of d[i] in that basis on return.
 * Unsorted. e is destroyed. Returns LA_ERR_NO_CONVERGENCE after 30 n
 * sweeps. */
LA__PRIV la_status la__tridiag_ql(la_int n, la_real *d, la_real *e, la_mat W) {
    la_int l, m, i, iter, total = 0;
    if (n <= 1) return LA_OK;
    e[n - 1] = 0;
    for (l = 0; l < n; ++l) {
        iter = 0;
        for (;;) {
            la_real g, r, s, c, p, f, b;
            for (m = l; m < n - 1; ++m) {
                la_real dd = LA_FABS(d[m]) + LA_FABS(d[m + 1]);
                if (LA_FABS(e[m]) <= LA_EPS * dd || LA_FABS(e[m]) <= LA_REAL_MIN) break;
            }
            if (m == l) break;
            if (++iter > 30 || ++total > 30 * n) return LA_ERR_NO_CONVERGENCE;
            g = (d[l + 1] - d[l]) / (2 * e[l]);
            r = la__hypot(g, 1);
            g = d[m] - d[l] + e[l] / (g + la__sign(r, g));
            s = c = 1;
            p = 0;
            for (i = m - 1; i >= l; --i) {
                f = s * e[i];
                b = c * e[i];
                r = la__hypot(f, g);
                e[i + 1] = r;
                if (r == 0) {
                    d[i + 1] -= p;
                    e[m] = 0;
                    break;
                }
                s = f / r;
                c = g / r;
                g = d[i + 1] - p;
                r = (d[i] - g) * s + 2 * c * b;
                p = s * r;
                d[i + 1] = g + p;
                g = c * r - b;
                if (W.data) la__rot(W.cols, &LA_AT(W, i + 1, 0), 1, &LA_AT(W, i, 0), 1, c, s);
            }
            if (r == 0 && i >= l) continue;
            d[l] -= p;
            e[l] = g;
            e[m] = 0;
        }
    }
    return LA_OK;
}

/* idx[0..n) <- the permutation sorting d ascending (insertion sort on
 * indices: the callers' inputs are short or nearly sorted). */
LA__PRIV void la__sort_index(la_int n, const la_real *d, la_int *idx) {
    la_int i, j;
    for (i = 0; i < n; ++i) {
        la_int t = i;
        for (j = i; j > 0 && d[idx[j - 1]] > d[t]; --j) idx[j] = idx[j - 1];
        idx[j] = t;
    }
}

/* One root of the secular equation 1 + rho sum_j z_j^2 / (dl_j - x) = 0
 * (dl ascending, k terms, rho > 0, z_j != 0): the i-th smallest root, in
 * (dl_i, dl_{i+1}) or (dl_{k-1}, dl_{k-1} + rho z^T z) for i = k-1. On
 * return delta[j] = dl_j - x, computed from differences of the poles so
 * that it is accurate to a few ulps relative (the property the
 * Gu-Eisenstat vectors need), and the root is returned. Method: each
 * iterate models the two nearest poles' parts of the function by simple
 * rational functions (Bunch, Nielsen and Sorensen 1978; Li 1993), solves
 * the model, and falls back to bisection of a bracket when the model's
 * root leaves it. */
LA__PRIV la_real la__secular_root(la_int k, la_int i, const la_real *dl, const la_real *z,
                                  la_real rho, la_real *delta) {
    la_int j, p, q, org, it;
    la_real lo, hi, tau, zz = 0, f = 0, x;
    for (j = 0; j < k; ++j) zz += z[j] * z[j];
    if (k == 1) {
        delta[0] = -rho * zz;
        return dl[0] + rho * zz;
    }
    if (i < k - 1) {
        la_real mid = (dl[i + 1] - dl[i]) / 2;
        /* f at the midpoint decides which pole is closer to the root */
        for (j = 0; j < k; ++j) f += z[j] * z[j] / ((dl[j] - dl[i]) - mid);
        f = 1 + rho * f;
        p = i;
        q = i + 1;
        if (f >= 0) {
            org = i;
            lo = 0;
            hi = mid;
        } else {
            org = i + 1;
            lo = -mid;
            hi = 0;
        }
    } else {
        p = k - 2;
        q = k - 1;
        org = k - 1;
        lo = 0;
        hi = rho * zz;
    }
    for (j = 0; j < k; ++j) delta[j] = dl[j] - dl[org];
    tau = (lo + hi) / 2;
    for (it = 0; it < 200; ++it) {
        la_real psi = 0, dpsi = 0, phi = 0, dphi = 0, a1, a2, b1, b2, c, dp, dq, B, C, disc,
                eta = 0, cand[2], sum_abs;
        int ok = 0, t;
        for (j = 0; j <= p; ++j) {
            la_real u = z[j] / (delta[j] - tau);
            psi += z[j] * u;
            dpsi += u * u;
        }
        for (j = p + 1; j < k; ++j) {
            la_real u = z[j] / (delta[j] - tau);
            phi += z[j] * u;
            dphi += u * u;
        }
        f = 1 + rho * (psi + phi);
        sum_abs = 1 + rho * (LA_FABS(psi) + LA_FABS(phi));
        if (f == 0) break;
        if (f < 0)
            lo = tau;
        else
            hi = tau;
        if (LA_FABS(f) <= 4 * LA_EPS * (la_real)k * sum_abs) break;
        if (hi - lo <= 2 * LA_EPS * LA__MAX(LA_FABS(lo), LA_FABS(hi))) break;
        /* model: 1 + a1 + b1 / (dp - eta) + a2 + b2 / (dq - eta), dp, dq
         * the distances from tau to the two poles */
        dp = delta[p] - tau;
        dq = delta[q] - tau;
        b1 = rho * dpsi * dp * dp;
        b2 = rho * dphi * dq * dq;
        a1 = rho * psi - b1 / dp;
        a2 = rho * phi - b2 / dq;
        c = 1 + a1 + a2;
        B = c * (dp + dq) + b1 + b2;
        C = dp * dq * f;
        if (c == 0) {
            if (B != 0) {
                eta = C / B;
                ok = 1;
            }
        } else {
            disc = B * B - 4 * c * C;
            if (disc >= 0) {
                la_real sq = LA_SQRT(disc), qq = (B + la__sign(sq, B)) / 2;
                cand[0] = qq / c;
                cand[1] = qq != 0 ? C / qq : cand[0];
                for (t = 0; t < 2 && !ok; ++t) {
                    la_real xn = tau + cand[t];
                    if (xn > lo && xn < hi && LA__ISFINITE(xn)) {
                        eta = cand[t];
                        ok = 1;
                    }
                }
            }
        }
        if (ok && tau + eta > lo && tau + eta < hi)
            tau += eta;
        else
            tau = (lo + hi) / 2;
        if (tau <= lo || tau >= hi) break;
    }
    for (j = 0; j < k; ++j) delta[j] -= tau;
    x = dl[org] + tau;
    return x;
}

/* Cuppen's divide and conquer (Cuppen 1981) with the deflation of Dongarra
 * and Sorensen (1987) and eigenvectors of the rank-one modification from
 * the Gu-Eisenstat (1995) recomputed vector zhat, so they are orthogonal to
 * working precision whatever the clustering. Leaves of at most
 * LA__DC_LEAF rows are solved by QL. */
#define LA__DC_LEAF 32

/* Scratch of the divide and conquer on n rows: reals and ints. */
LA__PRIV size_t la__dc_reals(la_int n) { return 2 * (size_t)n * (size_t)n + 6 * (size_t)n; }
LA__PRIV size_t la__dc_ints(la_int n) { return 5 * (size_t)n; }

/* Merge step: W (n x n block, rows = eigenvectors of diag(T1', T2')) with
 * eigenvalues d in the order of W's rows, idx sorting each half (indices
 * 0..m-1 and m..n-1), coupling b = T(m-1, m). On return d, W, idx describe
 * the eigenpairs of the whole block (LAPACK's dlaed1-dlaed3 in substance). */
LA__PRIV void la__dc_merge(la_int n, la_int m, la_real *d, la_real b, la_mat W, la_int *idx,
                           la_real *rw, la_int *iw) {
    la_real *z = rw, *dl = z + n, *zl = dl + n, *dnew = zl + n, *what = dnew + n,
            *tmpv = what + n, *G = tmpv + n, *U = G + (size_t)n * n;
    la_int *order = iw, *type = order + n, *ndef = type + n, *defl = ndef + n,
           *gcol = defl + n;
    la_real rho = 2 * LA_FABS(b), tol, dmax = 0, zmax = 0, sgn = b >= 0 ? 1 : -1;
    la_int i, j, a, c, k = 0, nd = 0, pj = -1, n1 = 0, n2 = 0, p1, p2, p3;
    la_mat Um;
    const la_real rs2 = (la_real)0.70710678118654752440;
    /* z = Q^T (e_{m-1} + sign(b) e_m) / sqrt(2), rho = 2 |b| */
    for (i = 0; i < m; ++i) z[i] = LA_AT(W, i, m - 1) * rs2;
    for (i = m; i < n; ++i) z[i] = sgn * LA_AT(W, i, m) * rs2;
    for (a = 0, c = m, i = 0; i < n; ++i)
        order[i] = c >= n || (a < m && d[idx[a]] <= d[idx[c]]) ? idx[a++] : idx[c++];
    for (i = 0; i < n; ++i) {
        type[i] = i < m ? 1 : 3;
        dmax = LA__MAX(dmax, LA_FABS(d[i]));
        zmax = LA__MAX(zmax, LA_FABS(z[i]));
    }
    tol = 8 * LA_EPS * LA__MAX(dmax, zmax);
    if (rho * zmax <= tol) { /* everything deflates */
        for (i = 0; i < n; ++i) idx[i] = order[i];
        return;
    }
    /* deflation in ascending order of d: tiny z_j, or two close poles
     * (a rotation zeroes one z component) */
    for (i = 0; i < n; ++i) {
        la_int nj = order[i];
        la_real s, cc, tau, t;
        if (rho * LA_FABS(z[nj]) <= tol) {
            defl[nd++] = nj;
            continue;
        }
        if (pj < 0) {
            pj = nj;
            continue;
        }
        s = z[pj];
        cc = z[nj];
        tau = la__hypot(cc, s);
        t = d[nj] - d[pj];
        cc /= tau;
        s = -s / tau;
        if (LA_FABS(t * cc * s) <= tol) {
            la_real dp = d[pj] * cc * cc + d[nj] * s * s;
            z[nj] = tau;
            z[pj] = 0;
            if (type[nj] != type[pj]) type[nj] = 2;
            type[pj] = 4;
            la__rot(n, &LA_AT(W, pj, 0), 1, &LA_AT(W, nj, 0), 1, cc, s);
            d[nj] = d[pj] * s * s + d[nj] * cc * cc;
            d[pj] = dp;
            defl[nd++] = pj;
        } else {
            ndef[k++] = pj;
        }
        pj = nj;
    }
    if (pj >= 0) ndef[k++] = pj;
    for (i = 1; i < nd; ++i) { /* deflated values ascending (nearly sorted) */
        la_int t = defl[i];
        for (j = i; j > 0 && d[defl[j - 1]] > d[t]; --j) defl[j] = defl[j - 1];
        defl[j] = t;
    }
    for (i = 0; i < k; ++i) {
        dl[i] = d[ndef[i]];
        zl[i] = z[ndef[i]];
    }
    /* roots of the secular equation; U(j, i) = dl_j - lambda_i */
    for (i = 0; i < k; ++i) {
        dnew[i] = la__secular_root(k, i, dl, zl, rho, tmpv);
        for (j = 0; j < k; ++j) U[(size_t)j * k + i] = tmpv[j];
    }
    /* Gu-Eisenstat: zhat_j^2 proportional to
     * prod_i (lambda_i - dl_j) / prod_{i != j} (dl_i - dl_j) */
    for (j = 0; j < k; ++j) {
        const la_real *uj = U + (size_t)j * k;
        la_real w = uj[j];
        for (i = 0; i < j; ++i) w *= uj[i] / (dl[j] - dl[i]);
        for (i = j + 1; i < k; ++i) w *= uj[i] / (dl[j] - dl[i]);
        what[j] = la__sign(LA_SQRT(LA_FABS(w)), zl[j]);
    }
    /* column i of U <- eigenvector i of D + rho z z^T: zhat_j / (dl_j - lambda_i), normalized */
    for (i = 0; i < k; ++i) {
        la_real nrm = 0;
        for (j = 0; j < k; ++j) {
            tmpv[j] = what[j] / U[(size_t)j * k + i];
            nrm += tmpv[j] * tmpv[j];
        }
        nrm = 1 / LA_SQRT(nrm);
        for (j = 0; j < k; ++j) U[(size_t)j * k + i] = tmpv[j] * nrm;
    }
    /* gather the old vectors: nondeflated grouped top-only, dense,
     * bottom-only (zero blocks skipped by the products), then the deflated */
    for (j = 0; j < k; ++j) {
        if (type[ndef[j]] == 1) ++n1;
        else if (type[ndef[j]] == 2) ++n2;
    }
    p1 = 0;
    p2 = n1;
    p3 = n1 + n2;
    for (j = 0; j < k; ++j) {
        la_int t = type[ndef[j]], pos = t == 1 ? p1++ : t == 2 ? p2++ : p3++;
        gcol[pos] = j;
        memcpy(G + (size_t)pos * n, &LA_AT(W, ndef[j], 0), (size_t)n * sizeof(la_real));
    }
    for (j = 0; j < nd; ++j) {
        memcpy(G + (size_t)(k + j) * n, &LA_AT(W, defl[j], 0), (size_t)n * sizeof(la_real));
        tmpv[j] = d[defl[j]];
    }
    for (j = 0; j < nd; ++j) d[k + j] = tmpv[j];
    for (i = 0; i < k; ++i) d[i] = dnew[i];
    /* Um(i, pos) = u_i(pole gcol[pos]) */
    Um = la_mat_of(k, k, U);
    la__transpose_square(Um);
    for (i = 0; i < k; ++i) {
        la_real *ui = U + (size_t)i * k;
        for (j = 0; j < k; ++j) tmpv[j] = ui[gcol[j]];
        memcpy(ui, tmpv, (size_t)k * sizeof(la_real));
    }
    /* new rows 0..k-1 of W: left columns from the top-only and dense
     * groups, right columns from the dense and bottom-only groups */
    if (n1 + n2 > 0)
        la_gemm(LA_NOTRANS, LA_NOTRANS, 1, la_mat_block(Um, 0, 0, k, n1 + n2),
                la_mat_ld(n1 + n2, m, n, G), 0, la_mat_block(W, 0, 0, k, m));
    else
        la_mat_set(la_mat_block(W, 0, 0, k, m), 0, 0);
    if (k - n1 > 0)
        la_gemm(LA_NOTRANS, LA_NOTRANS, 1, la_mat_block(Um, 0, n1, k, k - n1),
                la_mat_ld(k - n1, n - m, n, G + (size_t)n1 * n + m), 0,
                la_mat_block(W, 0, m, k, n - m));
    else
        la_mat_set(la_mat_block(W, 0, m, k, n - m), 0, 0);
    for (j = 0; j < nd; ++j)
        memcpy(&LA_AT(W, k + j, 0), G + (size_t)(k + j) * n, (size_t)n * sizeof(la_real));
    for (a = 0, c = k, i = 0; i < n; ++i) idx[i] = c >= n || (a < k && d[a] <= d[c]) ? a++ : c++;
}

/* Eigenpairs of the tridiagonal (d, e) of order n by divide and conquer:
 * W (n x n view, zeroed by the caller) receives the eigenvectors as rows,
 * d the eigenvalues in the order of W's rows, idx the ascending order. e
 * is destroyed. rw, iw: la__dc_reals(n), la__dc_ints(n). */
LA__PRIV la_status la__tridiag_dc(la_int n, la_real *d, la_real *e, la_mat W, la_int *idx,
                                  la_real *rw, la_int *iw) {
    la_int i, m;
    la_real b;
    la_status st;
    if (n <= LA__DC_LEAF) {
        for (i = 0; i < n; ++i) LA_AT(W, i, i) = 1;
        st = la__tridiag_ql(n, d, e, W);
        for (i = 0; i < n; ++i) idx[i] = i;
        la__sort_index(n, d, idx);
        return st;
    }
    m = n / 2;
    b = e[m - 1];
    d[m - 1] -= LA_FABS(b);
    d[m] -= LA_FABS(b);
    st = la__tridiag_dc(m, d, e, la_mat_block(W, 0, 0, m, m), idx, rw, iw);
    if (st == LA_OK)
        st = la__tridiag_dc(n - m, d + m, e + m, la_mat_block(W, m, m, n - m, n - m), idx + m, rw,
                            iw);
    if (st != LA_OK) return st;
    for (i = m; i < n; ++i) idx[i] += m;
    la__dc_merge(n, m, d, b, W, idx, rw, iw);
    return LA_OK;
}

/* ---- drivers ---- */

/* 0 unless the lower triangle of the square A is finite. */
LA__PRIV int la__lower_isfinite(la_mat A) {
    la_int i;
    for (i = 0; i < A.rows; ++i)
        if (!la_vec_isfinite(i + 1, &LA_AT(A, i, 0))) return 0;
    return 1;
}

/* A scale factor bringing max|A| into [sqrt(tiny), sqrt(huge)] (1 when it
 * already is), so the reductions neither overflow nor underflow (LAPACK's
 * dsyev does the same). */
LA__PRIV la_real la__safe_scale(la_real anrm) {
    const la_real smlnum = LA_REAL_MIN / LA_EPS, rmin = LA_SQRT(smlnum),
                  rmax = LA_SQRT(1 / smlnum);
    if (anrm > 0 && anrm < rmin) return rmin / anrm;
    if (anrm > rmax) return rmax / anrm;
    return 1;
}

/* Copy the lower triangle of A into S (n x n) scaled by sigma; returns
 * sigma, chosen by la__safe_scale. */
LA__PRIV la_real la__copy_lower_scaled(la_mat A, la_mat S) {
    la_int i, j, n = A.rows;
    la_real anrm = 0, sigma;
    for (i = 0; i < n; ++i)
        for (j = 0; j <= i; ++j) anrm = LA__MAX(anrm, LA_FABS(LA_AT(A, i, j)));
    sigma = la__safe_scale(anrm);
    for (i = 0; i < n; ++i)
        for (j = 0; j <= i; ++j) LA_AT(S, i, j) = sigma * LA_AT(A, i, j);
    return sigma;
}

/* Eigenvalues (ascending, into d) and, when W.data is non-NULL, the
 * eigenvector rows of the tridiagonal (d, e): W row idx[j] belongs to the
 * j-th smallest eigenvalue. The tridiagonal is scaled to unit max-norm
 * first (as LAPACK's dstedc does). */
LA__PRIV la_status la__tridiag_eig(la_int n, la_real *d, la_real *e, la_mat W, la_int *idx,
                                   la_real *rw, la_int *iw) {
    la_int i;
    la_real nrm = 0;
    la_status st;
    for (i = 0; i < n; ++i) nrm = LA__MAX(nrm, LA_FABS(d[i]));
    for (i = 0; i + 1 < n; ++i) nrm = LA__MAX(nrm, LA_FABS(e[i]));
    if (W.data) la_mat_set(W, 0, 0);
    if (nrm == 0) {
        for (i = 0; i < n; ++i) {
            idx[i] = i;
            if (W.data) LA_AT(W, i, i) = 1;
        }
        return LA_OK;
    }
    for (i = 0; i < n; ++i) d[i] /= nrm;
    for (i = 0; i + 1 < n; ++i) e[i] /= nrm;
    if (W.data) {
        st = la__tridiag_dc(n, d, e, W, idx, rw, iw);
    } else {
        st = la__tridiag_ql(n, d, e, W);
        for (i = 0; i < n; ++i) idx[i] = i;
        la__sort_index(n, d, idx);
    }
    for (i = 0; i < n; ++i) d[i] *= nrm;
    /* d in ascending order */
    for (i = 0; i < n; ++i) rw[i] = d[idx[i]];
    memcpy(d, rw, (size_t)n * sizeof(la_real));
    return st;
}

/* Checks shared by la_eigh and la_eigh_range: A square with a finite lower
 * triangle, V (when its data is non-NULL) n x cols. */
LA__PRIV la_status la__eigh_check(la_mat A, const la_real *w, la_mat V, la_int cols) {
    if (la_mat_check(A)) return LA_ERR_ARG;
    if (A.rows != A.cols) return LA_ERR_DIM;
    if (A.rows > 0 && !w && cols > 0) return LA_ERR_ARG;
    if (V.data) {
        if (la_mat_check(V)) return LA_ERR_ARG;
        if (V.rows != A.rows || V.cols != cols) return LA_ERR_DIM;
    }
    if (!la__lower_isfinite(A)) return LA_ERR_NONFINITE;
    return LA_OK;
}

#ifdef LA_USE_LAPACKE
/* Workspace of dsyevd (reals, ints) from its query. */
LA__PRIV void la__syevd_query(la_int n, int vectors, lapack_int *lwork, lapack_int *liwork) {
    la_real q = 0, dummy[1] = {0};
    lapack_int qi = 0, nn = (lapack_int)(n > 0 ? n : 1);
    LA__LAPACKE(syevd_work)(LAPACK_COL_MAJOR, vectors ? 'V' : 'N', 'U', nn, dummy, nn, dummy, &q,
                            -1, &qi, -1);
    *lwork = LA__MAX((lapack_int)q, 1);
    *liwork = LA__MAX(qi, 1);
}
#endif

LA_API size_t la_eigh_ws_bytes(la_int n, int vectors) {
    size_t nn;
    if (n < 0) n = 0;
    nn = (size_t)n;
#ifdef LA_USE_LAPACKE
    {
        lapack_int lw, liw;
        la__syevd_query(n, vectors, &lw, &liw);
        return (vectors ? 0 : la_ws_reals(nn * nn)) + la_ws_reals((size_t)lw) +
               la_ws_ints((size_t)liw) + LA_ARENA_ALIGN;
    }
#else
    {
        size_t rw = la__trd_work(n);
        if (vectors) {
            rw = LA__MAX(rw, la__dc_reals(n));
            rw = LA__MAX(rw, la__trd_back_work(n, n));
        }
        return la_ws_reals(nn * nn) + 2 * la_ws_reals(nn) + la_ws_reals(rw) +
               la_ws_ints(nn) +
               (vectors ? la_ws_ints(la__dc_ints(n)) : 0) + LA_ARENA_ALIGN;
    }
#endif
}

LA_API la_status la_eigh(la_mat A, la_real *w, la_mat V, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int n, i, j;
    int vectors = V.data != NULL;
    if ((st = la__eigh_check(A, w, V, A.rows)) != LA_OK) return st;
    n = A.rows;
    if (n == 0) return LA_OK;
    if ((st = la__scratch_begin(&sc, ws, la_eigh_ws_bytes(n, vectors) - LA_ARENA_ALIGN)) != LA_OK)
        return st;
#ifdef LA_USE_LAPACKE
    {
        lapack_int lw, liw, info;
        la_mat S;
        la_real *work;
        lapack_int *iwork;
        la__syevd_query(n, vectors, &lw, &liw);
        S = vectors ? V
                    : la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * (size_t)n *
                                                                           sizeof(la_real)));
        work = (la_real *)la__scratch_alloc(&sc, (size_t)lw * sizeof(la_real));
        iwork = (lapack_int *)la__scratch_alloc(&sc, (size_t)liw * sizeof(lapack_int));
        /* lower triangle row-major = upper triangle column-major */
        if (S.data != A.data || S.ld != A.ld)
            for (i = 0; i < n; ++i) memmove(&LA_AT(S, i, 0), &LA_AT(A, i, 0), (size_t)(i + 1) * sizeof(la_real));
        info = LA__LAPACKE(syevd_work)(LAPACK_COL_MAJOR, vectors ? 'V' : 'N', 'U', (lapack_int)n,
                                       S.data, (lapack_int)S.ld, w, work, lw, iwork, liw);
        if (info > 0) st = LA_ERR_NO_CONVERGENCE;
        else if (info < 0) st = LA_ERR_ARG;
        if (vectors) la__transpose_square(V);
        (void)j;
    }
#else
    {
        la_real *e, *tau, *rw, sigma;
        la_int *idx, *iw;
        la_mat S = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * (size_t)n *
                                                                         sizeof(la_real)));
        size_t nrw = la__trd_work(n);
        if (vectors) {
            nrw = LA__MAX(nrw, la__dc_reals(n));
            nrw = LA__MAX(nrw, la__trd_back_work(n, n));
        }
        e = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
        tau = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
        rw = (la_real *)la__scratch_alloc(&sc, nrw * sizeof(la_real));
        idx = (la_int *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_int));
        iw = vectors ? (la_int *)la__scratch_alloc(&sc, la__dc_ints(n) * sizeof(la_int)) : NULL;
        sigma = la__copy_lower_scaled(A, S);
        la__tridiagonalize(S, w, e, tau, rw);
        st = la__tridiag_eig(n, w, e, V, idx, rw, iw);
        if (st == LA_OK && vectors) {
            /* V holds the eigenvector rows of T (unsorted): back-transform,
             * then V <- (rows in ascending order)^T */
            la_mat G = la_mat_of(n, n, rw + (size_t)n * n);
            la__trd_back(S, tau, V, rw);
            for (j = 0; j < n; ++j) memcpy(&LA_AT(G, j, 0), &LA_AT(V, idx[j], 0), (size_t)n * sizeof(la_real));
            la_mat_transpose(G, V);
        }
        if (sigma != 1)
            for (i = 0; i < n; ++i) w[i] /= sigma;
    }
#endif
    la__scratch_end(&sc);
    return st;
}

/* ---- selected eigenpairs: bisection and inverse iteration ---- */

/* Number of eigenvalues of the tridiagonal (d, e2 = e^2) smaller than x:
 * the negative pivots of the LDL^T factorization of T - x I (Sylvester's
 * law of inertia; the Sturm count), with tiny pivots replaced by -pivmin
 * as in LAPACK's dstebz. */
LA__PRIV la_int la__sturm_count(la_int n, const la_real *d, const la_real *e2, la_real x,
                                la_real pivmin) {
    la_int i, cnt = 0;
    la_real q = d[0] - x;
    if (LA_FABS(q) <= pivmin) q = -pivmin;
    if (q <= 0) ++cnt;
    for (i = 1; i < n; ++i) {
        q = d[i] - x - e2[i - 1] / q;
        if (LA_FABS(q) <= pivmin) q = -pivmin;
        if (q <= 0) ++cnt;
    }
    return cnt;
}

/* Eigenvalues il..iu (0-based, ascending) of the tridiagonal (d, e) into w
 * by bisection of the Sturm count (Barth, Martin and Wilkinson 1967;
 * Kahan's pivmin safeguard), to an absolute accuracy of a few ulps of
 * ||T||. e2: n reals of scratch. */
LA__PRIV void la__tridiag_bisect(la_int n, const la_real *d, const la_real *e, la_int il,
                                 la_int iu, la_real *w, la_real *e2) {
    la_int i, k;
    la_real gl, gu, tnorm, pivmin = 1, lo0;
    for (i = 0; i + 1 < n; ++i) {
        e2[i] = e[i] * e[i];
        pivmin = LA__MAX(pivmin, e2[i]);
    }
    pivmin *= LA_REAL_MIN;
    gl = d[0];
    gu = d[0];
    for (i = 0; i < n; ++i) {
        la_real r = (i > 0 ? LA_FABS(e[i - 1]) : 0) + (i + 1 < n ? LA_FABS(e[i]) : 0);
        gl = LA__MIN(gl, d[i] - r);
        gu = LA__MAX(gu, d[i] + r);
    }
    tnorm = LA__MAX(LA_FABS(gl), LA_FABS(gu));
    gl -= 2 * LA_EPS * tnorm * (la_real)n + 2 * pivmin;
    gu += 2 * LA_EPS * tnorm * (la_real)n + 2 * pivmin;
    lo0 = gl;
    for (k = il; k <= iu; ++k) {
        /* count(lo) <= k < count(hi): the k-th eigenvalue lies in [lo, hi) */
        la_real lo = lo0, hi = gu;
        for (;;) {
            la_real mid = lo + (hi - lo) / 2;
            if (hi - lo <= 2 * LA_EPS * LA__MAX(LA_FABS(lo), LA_FABS(hi)) + 2 * pivmin ||
                mid <= lo || mid >= hi)
                break;
            if (la__sturm_count(n, d, e2, mid, pivmin) > k)
                hi = mid;
            else
                lo = mid;
        }
        w[k - il] = lo + (hi - lo) / 2;
        lo0 = lo; /* the next eigenvalue is not smaller */
    }
}

/* Inverse iteration (Peters and Wilkinson 1971; LAPACK's dstein) for the
 * eigenvectors of the tridiagonal (d, e) belonging to the ascending
 * eigenvalues w[0..cnt): rows of Z (cnt x n). Vectors whose eigenvalues lie
 * within 1e-3 ||T|| of their predecessor form a cluster and are kept
 * orthogonal to each other by Gram-Schmidt (twice) at every iteration.
 * work: 7n reals, iwork: n ints. */
LA__PRIV void la__tridiag_inverse_iter(la_int n, const la_real *d, const la_real *e,
                                       const la_real *w, la_int cnt, la_mat Z, la_real *work,
                                       la_int *iwork) {
    la_real *u0 = work, *u1 = u0 + n, *u2 = u1 + n, *l = u2 + n, *x = l + n;
    la_int *swapped = iwork, i, j, it, c0 = 0, p, pass;
    la_real tnorm = 0, ortol, pertol, lam, prev = 0, tiny;
    la_rng rng = la_rng_seed(20240601u);
    for (i = 0; i < n; ++i)
        tnorm = LA__MAX(tnorm, LA_FABS(d[i]) + (i > 0 ? LA_FABS(e[i - 1]) : 0) +
                                   (i + 1 < n ? LA_FABS(e[i]) : 0));
    if (tnorm == 0) tnorm = 1;
    ortol = (la_real)1e-3 * tnorm;
    tiny = LA_EPS * tnorm;
    for (j = 0; j < cnt; ++j) {
        la_real *z = &LA_AT(Z, j, 0);
        lam = w[j];
        if (j > 0 && lam - w[j - 1] > ortol) c0 = j; /* a new cluster starts */
        pertol = 10 * LA_FABS(lam) * LA_EPS;
        if (j > c0 && lam - prev < pertol) lam = prev + pertol; /* separate equal shifts */
        prev = lam;
        /* T - lam I = P L U with partial pivoting (U has two superdiagonals) */
        for (i = 0; i < n; ++i) {
            u0[i] = d[i] - lam;
            u1[i] = i + 1 < n ? e[i] : 0;
            u2[i] = 0;
        }
        for (i = 0; i + 1 < n; ++i) {
            la_real c = e[i];
            if (LA_FABS(u0[i]) >= LA_FABS(c)) {
                la_real mlt = u0[i] != 0 ? c / u0[i] : 0;
                swapped[i] = 0;
                l[i] = mlt;
                u0[i + 1] -= mlt * u1[i];
            } else {
                la_real mlt = u0[i] / c, o0 = u0[i + 1], o1 = u1[i + 1];
                swapped[i] = 1;
                l[i] = mlt;
                u0[i + 1] = u1[i] - mlt * o0;
                u0[i] = c;
                u1[i] = o0;
                u2[i] = i + 2 < n ? o1 : 0;
                if (i + 2 < n) u1[i + 1] = -mlt * o1;
            }
        }
        for (i = 0; i < n; ++i)
            if (LA_FABS(u0[i]) < tiny) u0[i] = u0[i] < 0 ? -tiny : tiny;
        for (i = 0; i < n; ++i) z[i] = (la_real)(2 * la_rng_uniform(&rng) - 1);
        for (it = 0; it < 4; ++it) {
            la_real nrm;
            /* z <- (T - lam I)^{-1} z */
            for (i = 0; i + 1 < n; ++i) {
                if (swapped[i]) {
                    la_real t = z[i];
                    z[i] = z[i + 1];
                    z[i + 1] = t;
                }
                z[i + 1] -= l[i] * z[i];
            }
            for (i = n - 1; i >= 0; --i) {
                la_real s = z[i];
                if (i + 1 < n) s -= u1[i] * z[i + 1];
                if (i + 2 < n) s -= u2[i] * z[i + 2];
                z[i] = s / u0[i];
            }
            for (pass = 0; pass < 2; ++pass)
                for (p = c0; p < j; ++p)
                    la_axpy(n, -la_dot(n, &LA_AT(Z, p, 0), 1, z, 1), &LA_AT(Z, p, 0), 1, z, 1);
            nrm = la_nrm2(n, z, 1);
            if (!(nrm > 0) || !LA__ISFINITE(nrm)) { /* restart from a fresh vector */
                for (i = 0; i < n; ++i) z[i] = (la_real)(2 * la_rng_uniform(&rng) - 1);
                continue;
            }
            la_scal(n, 1 / nrm, z, 1);
        }
        (void)x;
    }
}

#ifdef LA_USE_LAPACKE
/* Workspace of dsyevr (reals, ints) from its query. */
LA__PRIV void la__syevr_query(la_int n, int vectors, lapack_int *lwork, lapack_int *liwork) {
    la_real q = 0, dummy[1] = {0};
    lapack_int qi = 0, m = 0, nn = (lapack_int)(n > 0 ? n : 1), sup[2] = {0, 0};
    LA__LAPACKE(syevr_work)(LAPACK_COL_MAJOR, vectors ? 'V' : 'N', 'I', 'U', nn, dummy, nn, 0, 0, 1,
                            1, 0, &m, dummy, dummy, nn, sup, &q, -1, &qi, -1);
    *lwork = LA__MAX((lapack_int)q, 1);
    *liwork = LA__MAX(qi, 1);
}
#endif

LA_API size_t la_eigh_range_ws_bytes(la_int n, la_int count, int vectors) {
    size_t nn, rw;
    if (n < 0) n = 0;
    if (count < 0) count = 0;
    nn = (size_t)n;
#ifdef LA_USE_LAPACKE
    {
        lapack_int lw, liw;
        la__syevr_query(n, vectors, &lw, &liw);
        (void)rw;
        return la_ws_reals(nn * nn) + la_ws_reals((size_t)lw) + la_ws_ints((size_t)liw) +
               la_ws_ints(2 * nn) + (vectors ? la_ws_reals(nn * (size_t)count) : 0) + LA_ARENA_ALIGN;
    }
#endif
    rw = LA__MAX(la__trd_work(n), nn);
    if (vectors) rw = LA__MAX(rw, LA__MAX(7 * nn, la__trd_back_work(count, n)));
    return la_ws_reals(nn * nn) + 3 * la_ws_reals(nn) + la_ws_reals(rw) +
           (vectors ? la_ws_reals((size_t)count * nn) + la_ws_ints(nn) : 0) + LA_ARENA_ALIGN;
}

LA_API la_status la_eigh_range(la_mat A, la_int il, la_int iu, la_real *w, la_mat V, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int n, cnt, i;
    int vectors = V.data != NULL;
    la_real *d, *e, *tau, *rw, sigma;
    la_mat S;
    size_t nrw;
    if (la_mat_check(A)) return LA_ERR_ARG;
    n = A.rows;
    if (il < 0 || iu < il - 1 || iu >= n) return LA_ERR_ARG;
    cnt = iu - il + 1;
    if ((st = la__eigh_check(A, w, V, cnt)) != LA_OK) return st;
    if (cnt == 0) return LA_OK;
    if ((st = la__scratch_begin(&sc, ws, la_eigh_range_ws_bytes(n, cnt, vectors) - LA_ARENA_ALIGN)) !=
        LA_OK)
        return st;
#ifdef LA_USE_LAPACKE
    {
        /* dsyevr on the column-major upper triangle (the same matrix); the
         * selected vectors come back as the rows of the row-major n x cnt
         * buffer's transpose, so they are computed into scratch (ldz = n)
         * and transposed into V */
        lapack_int lw, liw, info, m = 0, nn = (lapack_int)n;
        la_real dummy[1] = {0}, *work, *zb = NULL;
        lapack_int *iwork, *isuppz;
        la__syevr_query(n, vectors, &lw, &liw);
        S = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * (size_t)n * sizeof(la_real)));
        for (i = 0; i < n; ++i) memcpy(&LA_AT(S, i, 0), &LA_AT(A, i, 0), (size_t)(i + 1) * sizeof(la_real));
        work = (la_real *)la__scratch_alloc(&sc, (size_t)lw * sizeof(la_real));
        iwork = (lapack_int *)la__scratch_alloc(&sc, (size_t)liw * sizeof(lapack_int));
        isuppz = (lapack_int *)la__scratch_alloc(&sc, 2 * (size_t)n * sizeof(lapack_int));
        if (vectors) zb = (la_real *)la__scratch_alloc(&sc, (size_t)n * (size_t)cnt * sizeof(la_real));
        info = LA__LAPACKE(syevr_work)(LAPACK_COL_MAJOR, vectors ? 'V' : 'N', 'I', 'U', nn, S.data, nn,
                                       0, 0, (lapack_int)il + 1, (lapack_int)iu + 1, 0, &m, w,
                                       vectors ? zb : dummy, nn, isuppz, work, lw, iwork, liw);
        if (info > 0 || m != (lapack_int)cnt) st = LA_ERR_NO_CONVERGENCE;
        else if (info < 0) st = LA_ERR_ARG;
        else if (vectors) la_mat_transpose(la_mat_of(cnt, n, zb), V);
        (void)d; (void)e; (void)tau; (void)rw; (void)sigma; (void)nrw;
    }
#else
    nrw = LA__MAX(la__trd_work(n), (size_t)n);
    if (vectors) nrw = LA__MAX(nrw, LA__MAX(7 * (size_t)n, la__trd_back_work(cnt, n)));
    S = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * (size_t)n * sizeof(la_real)));
    d = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    e = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    tau = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    rw = (la_real *)la__scratch_alloc(&sc, nrw * sizeof(la_real));
    sigma = la__copy_lower_scaled(A, S);
    la__tridiagonalize(S, d, e, tau, rw);
    la__tridiag_bisect(n, d, e, il, iu, w, rw);
    if (vectors) {
        la_mat Z = la_mat_of(cnt, n, (la_real *)la__scratch_alloc(&sc, (size_t)cnt * (size_t)n *
                                                                           sizeof(la_real)));
        la_int *iwork = (la_int *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_int));
        la__tridiag_inverse_iter(n, d, e, w, cnt, Z, rw, iwork);
        la__trd_back(S, tau, Z, rw);
        la_mat_transpose(Z, V);
    }
    if (sigma != 1)
        for (i = 0; i < cnt; ++i) w[i] /= sigma;
#endif
    la__scratch_end(&sc);
    return st;
}

/* ----------------------------------------------------------------------
 * 11. Singular value decomposition, pseudo-inverse, rank
 * ---------------------------------------------------------------------- */

/* Singular values of the 2 x 2 upper triangular [f g; 0 h]: *ssmin <=
 * *ssmax, accurate to a few ulps (LAPACK's dlas2). */
LA__PRIV void la__svd2_values(la_real f, la_real g, la_real h, la_real *ssmin, la_real *ssmax) {
    la_real fa = LA_FABS(f), ga = LA_FABS(g), ha = LA_FABS(h), fhmn = LA__MIN(fa, ha),
            fhmx = LA__MAX(fa, ha), as, at, au, c;
    if (fhmn == 0) {
        *ssmin = 0;
        *ssmax = fhmx == 0 ? ga : la__hypot(fhmx, ga);
    } else if (ga < fhmx) {
        as = 1 + fhmn / fhmx;
        at = (fhmx - fhmn) / fhmx;
        au = (ga / fhmx) * (ga / fhmx);
        c = 2 / (LA_SQRT(as * as + au) + LA_SQRT(at * at + au));
        *ssmin = fhmn * c;
        *ssmax = fhmx / c;
    } else {
        au = fhmx / ga;
        if (au == 0) {
            *ssmin = (fhmn * fhmx) / ga;
            *ssmax = ga;
        } else {
            as = 1 + fhmn / fhmx;
            at = (fhmx - fhmn) / fhmx;
            c = 1 / (LA_SQRT(1 + (as * au) * (as * au)) + LA_SQRT(1 + (at * au) * (at * au)));
            *ssmin = 2 * (fhmn * c) * au;
            *ssmax = ga / (c + c);
        }
    }
}

/* SVD of the 2 x 2 upper triangular [f g; 0 h] (LAPACK's dlasv2):
 * [csl snl; -snl csl] [f g; 0 h] [csr -snr; snr csr] = diag(ssmax, ssmin),
 * |ssmax| >= |ssmin|, signs such that the identity holds. */
LA__PRIV void la__svd2(la_real f, la_real g, la_real h, la_real *ssmin, la_real *ssmax,
                       la_real *snr, la_real *csr, la_real *snl, la_real *csl) {
    la_real ft = f, fa = LA_FABS(f), ht = h, ha = LA_FABS(h), gt, ga, clt, crt, slt, srt, tsign = 1;
    int pmax = 1, swap = ha > fa;
    if (swap) {
        la_real t;
        pmax = 3;
        t = ft; ft = ht; ht = t;
        t = fa; fa = ha; ha = t;
    }
    gt = g;
    ga = LA_FABS(gt);
    if (ga == 0) {
        *ssmin = ha;
        *ssmax = fa;
        clt = crt = 1;
        slt = srt = 0;
    } else {
        int gasmal = 1;
        clt = crt = 1;
        slt = srt = 0;
        if (ga > fa) {
            pmax = 2;
            if (fa / ga < LA_EPS) {
                /* g is very large compared to the diagonal */
                gasmal = 0;
                *ssmax = ga;
                *ssmin = ha > 1 ? fa / (ga / ha) : (fa / ga) * ha;
                clt = 1;
                slt = ht / gt;
                srt = 1;
                crt = ft / gt;
            }
        }
        if (gasmal) {
            la_real dd = fa - ha, l = dd == fa ? 1 : dd / fa, m = gt / ft, t = 2 - l, mm = m * m,
                    tt = t * t, s = LA_SQRT(tt + mm), r = l == 0 ? LA_FABS(m) : LA_SQRT(l * l + mm),
                    a = (s + r) / 2;
            *ssmin = ha / a;
            *ssmax = fa * a;
            if (mm == 0) {
                if (l == 0)
                    t = la__sign(2, ft) * la__sign(1, gt);
                else
                    t = gt / la__sign(dd, ft) + m / t;
            } else {
                t = (m / (s + t) + m / (r + l)) * (1 + a);
            }
            l = LA_SQRT(t * t + 4);
            crt = 2 / l;
            srt = t / l;
            clt = (crt + srt * m) / a;
            slt = (ht / ft) * srt / a;
        }
    }
    if (swap) {
        *csl = srt;
        *snl = crt;
        *csr = slt;
        *snr = clt;
    } else {
        *csl = clt;
        *snl = slt;
        *csr = crt;
        *snr = srt;
    }
    if (pmax == 1) tsign = la__sign(1, *csr) * la__sign(1, *csl) * la__sign(1, f);
    if (pmax == 2) tsign = la__sign(1, *snr) * la__sign(1, *csl) * la__sign(1, g);
    if (pmax == 3) tsign = la__sign(1, *snr) * la__sign(1, *snl) * la__sign(1, h);
    *ssmax = la__sign(*ssmax, tsign);
    *ssmin = la__sign(*ssmin, tsign * la__sign(1, f) * la__sign(1, h));
}

/* Rotations (c[j], s[j]) on rows (j, j+1) of X, j = 0..cnt-1 in order
 * (forward) or reversed: LAPACK's dlasr with SIDE = 'L', PIVOT = 'V'. */
LA__PRIV void la__rot_rows(la_mat X, la_int row0, la_int cnt, const la_real *c, const la_real *s,
                           int forward) {
    la_int t;
    if (!X.data) return;
    for (t = 0; t < cnt; ++t) {
        la_int j = forward ? t : cnt - 1 - t;
        if (c[j] != 1 || s[j] != 0)
            la__rot(X.cols, &LA_AT(X, row0 + j, 0), 1, &LA_AT(X, row0 + j + 1, 0), 1, c[j], s[j]);
    }
}

/* SVD of the n x n upper bidiagonal B = (d, e): B = Ub diag(s) Vbt. The
 * rows of Vt are rotated by Vbt (Vt <- Vbt Vt) and the rows of Ut by Ub^T
 * (Ut <- Ub^T Ut) -- either may have data NULL. On return d holds the
 * singular values, descending, nonnegative. Implicit QR with the shift from
 * the trailing 2 x 2 block, switched to the zero shift of Demmel and Kahan
 * (1990) when a shift would spoil the relative accuracy of the small
 * singular values; chases the bulge towards the smaller end; Demmel-Kahan
 * convergence criteria (LAPACK's dbdsqr). work: 4n reals. */
LA__PRIV la_status la__bidiag_qr(la_int n, la_real *d, la_real *e, la_mat Vt, la_mat Ut,
                                 la_real *work) {
    const la_real eps = LA_EPS, unfl = LA_REAL_MIN;
    la_real tolmul, tol, smax = 0, sminoa, mu, thresh, smin = 0, shift, sll, r, cs, sn, oldcs,
                                                                        oldsn, f, g, h;
    la_int i, j, m, ll = 0, lll, oldll = -1, oldm = -1, idir = 0, maxit, iter = 0;
    la_real *c1 = work, *s1 = work + n, *c2 = work + 2 * n, *s2 = work + 3 * n;
    if (n == 0) return LA_OK;
    tolmul = LA_POW(eps, (la_real)-0.125);
    tolmul = LA__MAX(10, LA__MIN(100, tolmul));
    tol = tolmul * eps;
    if (n > 1) {
        for (i = 0; i < n; ++i) smax = LA__MAX(smax, LA_FABS(d[i]));
        for (i = 0; i + 1 < n; ++i) smax = LA__MAX(smax, LA_FABS(e[i]));
        sminoa = LA_FABS(d[0]);
        mu = sminoa;
        for (i = 1; i < n && sminoa != 0; ++i) {
            mu = LA_FABS(d[i]) * (mu / (mu + LA_FABS(e[i - 1])));
            sminoa = LA__MIN(sminoa, mu);
        }
        sminoa /= LA_SQRT((la_real)n);
        maxit = 6 * n * n;
        thresh = LA__MAX(tol * sminoa, (la_real)maxit * unfl);
        m = n - 1;
        while (m > 0) {
            if (iter > maxit) return LA_ERR_NO_CONVERGENCE;
            /* find the bottom unreduced block ll..m */
            smax = LA_FABS(d[m]);
            for (lll = 1; lll <= m; ++lll) {
                la_real abss, abse;
                ll = m - lll;
                abss = LA_FABS(d[ll]);
                abse = LA_FABS(e[ll]);
                if (abse <= thresh) break;
                smax = LA__MAX(smax, LA__MAX(abss, abse));
            }
            if (lll <= m) {
                e[ll] = 0;
                if (ll == m - 1) {
                    --m;
                    continue;
                }
                ++ll;
            } else {
                ll = 0;
            }
            if (ll == m - 1) {
                /* 2 x 2 block */
                la_real sigmn, sigmx, sinr, cosr, sinl, cosl;
                la__svd2(d[m - 1], e[m - 1], d[m], &sigmn, &sigmx, &sinr, &cosr, &sinl, &cosl);
                d[m - 1] = sigmx;
                e[m - 1] = 0;
                d[m] = sigmn;
                if (Vt.data) la__rot(Vt.cols, &LA_AT(Vt, m - 1, 0), 1, &LA_AT(Vt, m, 0), 1, cosr, sinr);
                if (Ut.data) la__rot(Ut.cols, &LA_AT(Ut, m - 1, 0), 1, &LA_AT(Ut, m, 0), 1, cosl, sinl);
                m -= 2;
                continue;
            }
            /* a new block: chase the bulge from the larger end */
            if (ll > oldm || m < oldll) idir = LA_FABS(d[ll]) >= LA_FABS(d[m]) ? 1 : 2;
            /* convergence tests (relative accuracy) */
            if (idir == 1) {
                if (LA_FABS(e[m - 1]) <= tol * LA_FABS(d[m])) {
                    e[m - 1] = 0;
                    continue;
                }
                mu = LA_FABS(d[ll]);
                smin = mu;
                for (lll = ll; lll < m; ++lll) {
                    if (LA_FABS(e[lll]) <= tol * mu) break;
                    mu = LA_FABS(d[lll + 1]) * (mu / (mu + LA_FABS(e[lll])));
                    smin = LA__MIN(smin, mu);
                }
                if (lll < m) {
                    e[lll] = 0;
                    continue;
                }
            } else {
                if (LA_FABS(e[ll]) <= tol * LA_FABS(d[ll])) {
                    e[ll] = 0;
                    continue;
                }
                mu = LA_FABS(d[m]);
                smin = mu;
                for (lll = m - 1; lll >= ll; --lll) {
                    if (LA_FABS(e[lll]) <= tol * mu) break;
                    mu = LA_FABS(d[lll]) * (mu / (mu + LA_FABS(e[lll])));
                    smin = LA__MIN(smin, mu);
                }
                if (lll >= ll) {
                    e[lll] = 0;
                    continue;
                }
            }
            oldll = ll;
            oldm = m;
            /* shift, or zero when it would ruin relative accuracy */
            if ((la_real)n * tol * (smin / smax) <= LA__MAX(eps, tol / 100)) {
                shift = 0;
            } else {
                if (idir == 1) {
                    sll = LA_FABS(d[ll]);
                    la__svd2_values(d[m - 1], e[m - 1], d[m], &shift, &r);
                } else {
                    sll = LA_FABS(d[m]);
                    la__svd2_values(d[ll], e[ll], d[ll + 1], &shift, &r);
                }
                if (sll > 0 && (shift / sll) * (shift / sll) < eps) shift = 0;
            }
            iter += m - ll;
            if (shift == 0) {
                if (idir == 1) {
                    cs = oldcs = 1;
                    oldsn = 0;
                    for (i = ll; i < m; ++i) {
                        la__givens(d[i] * cs, e[i], &cs, &sn, &r);
                        if (i > ll) e[i - 1] = oldsn * r;
                        la__givens(oldcs * r, d[i + 1] * sn, &oldcs, &oldsn, &d[i]);
                        c1[i - ll] = cs;
                        s1[i - ll] = sn;
                        c2[i - ll] = oldcs;
                        s2[i - ll] = oldsn;
                    }
                    h = d[m] * cs;
                    d[m] = h * oldcs;
                    e[m - 1] = h * oldsn;
                    la__rot_rows(Vt, ll, m - ll, c1, s1, 1);
                    la__rot_rows(Ut, ll, m - ll, c2, s2, 1);
                    if (LA_FABS(e[m - 1]) <= thresh) e[m - 1] = 0;
                } else {
                    cs = oldcs = 1;
                    oldsn = 0;
                    for (i = m; i > ll; --i) {
                        la__givens(d[i] * cs, e[i - 1], &cs, &sn, &r);
                        if (i < m) e[i] = oldsn * r;
                        la__givens(oldcs * r, d[i - 1] * sn, &oldcs, &oldsn, &d[i]);
                        c1[i - ll - 1] = cs;
                        s1[i - ll - 1] = -sn;
                        c2[i - ll - 1] = oldcs;
                        s2[i - ll - 1] = -oldsn;
                    }
                    h = d[ll] * cs;
                    d[ll] = h * oldcs;
                    e[ll] = h * oldsn;
                    la__rot_rows(Vt, ll, m - ll, c2, s2, 0);
                    la__rot_rows(Ut, ll, m - ll, c1, s1, 0);
                    if (LA_FABS(e[ll]) <= thresh) e[ll] = 0;
                }
            } else {
                la_real cosr, sinr, cosl, sinl;
                if (idir == 1) {
                    f = (LA_FABS(d[ll]) - shift) * (la__sign(1, d[ll]) + shift / d[ll]);
                    g = e[ll];
                    for (i = ll; i < m; ++i) {
                        la__givens(f, g, &cosr, &sinr, &r);
                        if (i > ll) e[i - 1] = r;
                        f = cosr * d[i] + sinr * e[i];
                        e[i] = cosr * e[i] - sinr * d[i];
                        g = sinr * d[i + 1];
                        d[i + 1] = cosr * d[i + 1];
                        la__givens(f, g, &cosl, &sinl, &r);
                        d[i] = r;
                        f = cosl * e[i] + sinl * d[i + 1];
                        d[i + 1] = cosl * d[i + 1] - sinl * e[i];
                        if (i < m - 1) {
                            g = sinl * e[i + 1];
                            e[i + 1] = cosl * e[i + 1];
                        }
                        c1[i - ll] = cosr;
                        s1[i - ll] = sinr;
                        c2[i - ll] = cosl;
                        s2[i - ll] = sinl;
                    }
                    e[m - 1] = f;
                    la__rot_rows(Vt, ll, m - ll, c1, s1, 1);
                    la__rot_rows(Ut, ll, m - ll, c2, s2, 1);
                    if (LA_FABS(e[m - 1]) <= thresh) e[m - 1] = 0;
                } else {
                    f = (LA_FABS(d[m]) - shift) * (la__sign(1, d[m]) + shift / d[m]);
                    g = e[m - 1];
                    for (i = m; i > ll; --i) {
                        la__givens(f, g, &cosr, &sinr, &r);
                        if (i < m) e[i] = r;
                        f = cosr * d[i] + sinr * e[i - 1];
                        e[i - 1] = cosr * e[i - 1] - sinr * d[i];
                        g = sinr * d[i - 1];
                        d[i - 1] = cosr * d[i - 1];
                        la__givens(f, g, &cosl, &sinl, &r);
                        d[i] = r;
                        f = cosl * e[i - 1] + sinl * d[i - 1];
                        d[i - 1] = cosl * d[i - 1] - sinl * e[i - 1];
                        if (i > ll + 1) {
                            g = sinl * e[i - 2];
                            e[i - 2] = cosl * e[i - 2];
                        }
                        c1[i - ll - 1] = cosr;
                        s1[i - ll - 1] = -sinr;
                        c2[i - ll - 1] = cosl;
                        s2[i - ll - 1] = -sinl;
                    }
                    e[ll] = f;
                    if (LA_FABS(e[ll]) <= thresh) e[ll] = 0;
                    la__rot_rows(Vt, ll, m - ll, c2, s2, 0);
                    la__rot_rows(Ut, ll, m - ll, c1, s1, 0);
                }
            }
        }
    }
    /* nonnegative values, descending (selection sort, swapping vectors) */
    for (i = 0; i < n; ++i)
        if (d[i] < 0) {
            d[i] = -d[i];
            if (Vt.data) la_scal(Vt.cols, -1, &LA_AT(Vt, i, 0), 1);
        }
    for (i = 0; i + 1 < n; ++i) {
        la_int best = i;
        for (j = i + 1; j < n; ++j)
            if (d[j] > d[best]) best = j;
        if (best != i) {
            la_real t = d[i];
            d[i] = d[best];
            d[best] = t;
            if (Vt.data) la_swap(Vt.cols, &LA_AT(Vt, i, 0), 1, &LA_AT(Vt, best, 0), 1);
            if (Ut.data) la_swap(Ut.cols, &LA_AT(Ut, i, 0), 1, &LA_AT(Ut, best, 0), 1);
        }
    }
    return LA_OK;
}

/* Golub-Kahan bidiagonalization (Golub and Kahan 1965) of the m x n X,
 * m >= n: X = Q B P^T, B upper bidiagonal (d: n, e: n-1). The left
 * reflectors stay below the diagonal (column j, v(j) = 1 implicit, scalar
 * tauq[j]), the right ones right of the superdiagonal (row j, v(j+1) = 1,
 * taup[j]). work: m + n reals. */
/* Householder step on column j of the m x n X (m > j): the reflector
 * annihilating X(j+1:, j) is applied to X(j:, j+1:) and stored below the
 * diagonal (v(0) = 1 implicit); returns tau, leaves beta in X(j, j).
 * work: m + n reals. Shared by the QR and bidiagonal reductions. */
LA__PRIV la_real la__house_column(la_mat X, la_int j, la_real *work) {
    la_int m = X.rows, n = X.cols, i, len = m - j;
    la_real *v = work, *w = work + m, alpha = LA_AT(X, j, j), t;
    for (i = 1; i < len; ++i) v[i] = LA_AT(X, j + i, j);
    t = la__house_gen(len, &alpha, v + 1, 1);
    v[0] = 1;
    LA_AT(X, j, j) = alpha;
    for (i = 1; i < len; ++i) LA_AT(X, j + i, j) = v[i];
    la__house_apply(LA_LEFT, v, t, la_mat_block(X, j, j + 1, len, n - j - 1), w);
    return t;
}

/* Householder QR of the m x n X, m >= n (Golub and Van Loan, Alg. 5.2.1):
 * R on and above the diagonal, reflectors below (LAPACK's dgeqr2 layout).
 * work: m + n reals. */
LA__PRIV void la__house_qr(la_mat X, la_real *tau, la_real *work) {
    la_int j;
    for (j = 0; j < X.cols; ++j) tau[j] = la__house_column(X, j, work);
}

/* C <- Q C for Q = H_0 ... H_{k-1} from la__house_qr's X (C has X.rows
 * rows). work: X.rows + C.cols reals. */
LA__PRIV void la__house_qr_apply_q(la_mat X, const la_real *tau, la_mat C, la_real *work) {
    la_int m = X.rows, i, j;
    la_real *v = work, *w = work + m;
    for (j = X.cols - 1; j >= 0; --j) {
        la_int len = m - j;
        v[0] = 1;
        for (i = 1; i < len; ++i) v[i] = LA_AT(X, j + i, j);
        la__house_apply(LA_LEFT, v, tau[j], la_mat_block(C, j, 0, len, C.cols), w);
    }
}

LA__PRIV void la__bidiagonalize(la_mat X, la_real *d, la_real *e, la_real *tauq, la_real *taup,
                                la_real *work) {
    la_int m = X.rows, n = X.cols, j;
    la_real *w = work + m, alpha;
    for (j = 0; j < n; ++j) {
        tauq[j] = la__house_column(X, j, work);
        d[j] = LA_AT(X, j, j);
        if (j + 1 < n) {
            la_real *row = &LA_AT(X, j, 0);
            alpha = row[j + 1];
            taup[j] = la__house_gen(n - j - 1, &alpha, row + j + 2, 1);
            e[j] = alpha;
            row[j + 1] = 1;
            la__house_apply(LA_RIGHT, row + j + 1, taup[j],
                            la_mat_block(X, j + 1, j + 1, m - j - 1, n - j - 1), w);
            row[j + 1] = alpha;
        }
    }
}

/* Ut (n x m) <- the first n columns of Q, transposed: [I 0] H_{n-1} ... H_0
 * from the left reflectors of la__bidiagonalize (backward accumulation,
 * row by row). */
LA__PRIV void la__bidiag_form_qt(la_mat X, const la_real *tauq, la_mat Ut, la_real *work) {
    la_int m = X.rows, n = X.cols, i, j;
    la_mat_set(Ut, 0, 1);
    for (j = n - 1; j >= 0; --j) {
        la_int len = m - j;
        work[0] = 1;
        for (i = 1; i < len; ++i) work[i] = LA_AT(X, j + i, j);
        la__house_apply(LA_RIGHT, work, tauq[j], la_mat_block(Ut, j, j, n - j, len), NULL);
    }
}

/* Vt (n x n) <- P^T = G_{n-3} ... G_0 from the right reflectors. */
LA__PRIV void la__bidiag_form_pt(la_mat X, const la_real *taup, la_mat Vt, la_real *work) {
    la_int n = X.cols, i, j;
    la_mat_set(Vt, 0, 1);
    for (j = n - 3; j >= 0; --j) {
        la_int len = n - j - 1;
        work[0] = 1;
        for (i = 1; i < len; ++i) work[i] = LA_AT(X, j, j + 1 + i);
        la__house_apply(LA_RIGHT, work, taup[j], la_mat_block(Vt, j + 1, j + 1, len, len), NULL);
    }
}

/* Checks of la_svd's arguments. */
LA__PRIV la_status la__svd_check(la_mat A, const la_real *s, la_mat U, la_mat Vt) {
    la_int k;
    if (la_mat_check(A)) return LA_ERR_ARG;
    k = LA__MIN(A.rows, A.cols);
    if (k > 0 && !s) return LA_ERR_ARG;
    if (U.data) {
        if (la_mat_check(U)) return LA_ERR_ARG;
        if (U.rows != A.rows || U.cols != k) return LA_ERR_DIM;
    }
    if (Vt.data) {
        if (la_mat_check(Vt)) return LA_ERR_ARG;
        if (Vt.rows != k || Vt.cols != A.cols) return LA_ERR_DIM;
    }
    if (!la_mat_isfinite(A)) return LA_ERR_NONFINITE;
    return LA_OK;
}

#ifdef LA_USE_LAPACKE
/* dgesdd workspace (reals) from its query, for the column-major n x m
 * problem (the row-major A read as A^T). */
LA__PRIV lapack_int la__gesdd_query(la_int m, la_int n, int vectors) {
    la_real q = 0, dummy[1] = {0};
    lapack_int iw[1] = {0}, mm = (lapack_int)(m > 0 ? m : 1), nn = (lapack_int)(n > 0 ? n : 1);
    LA__LAPACKE(gesdd_work)(LAPACK_COL_MAJOR, vectors ? 'S' : 'N', nn, mm, dummy, nn, dummy, dummy,
                            nn, dummy, LA__MIN(mm, nn), &q, -1, iw);
    return LA__MAX((lapack_int)q, 1);
}
#endif

LA_API size_t la_svd_ws_bytes(la_int m, la_int n, int want_u, int want_vt) {
    size_t mm, nn, k, big;
    if (m < 0) m = 0;
    if (n < 0) n = 0;
    mm = (size_t)m;
    nn = (size_t)n;
    k = LA__MIN(mm, nn);
    big = LA__MAX(mm, nn);
#ifdef LA_USE_LAPACKE
    {
        int vectors = want_u || want_vt;
        lapack_int lw = la__gesdd_query(m, n, vectors);
        /* copy of A, the factor that is not wanted, work, iwork */
        return la_ws_reals(mm * nn) + (vectors ? la_ws_reals(big * k) : 0) + la_ws_reals((size_t)lw) +
               la_ws_ints(8 * k) + LA_ARENA_ALIGN;
    }
#else
    (void)want_u;
    (void)want_vt;
    /* X (the tall orientation), d, e, and three reflector scalar arrays,
     * work; the factors of the tall problem (k x (big + k), k x k) and R */
    return la_ws_reals(mm * nn) + 5 * la_ws_reals(k) + la_ws_reals(big + 4 * k + 1) +
           la_ws_reals(k * (big + k)) + 2 * la_ws_reals(k * k) + LA_ARENA_ALIGN;
#endif
}

LA_API la_status la_svd(la_mat A, la_real *s, la_mat U, la_mat Vt, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int m, n, k, big, i;
    int want_u = U.data != NULL, want_vt = Vt.data != NULL;
    if ((st = la__svd_check(A, s, U, Vt)) != LA_OK) return st;
    m = A.rows;
    n = A.cols;
    k = LA__MIN(m, n);
    big = LA__MAX(m, n);
    if (k == 0) return LA_OK;
    if ((st = la__scratch_begin(&sc, ws, la_svd_ws_bytes(m, n, want_u, want_vt) - LA_ARENA_ALIGN)) !=
        LA_OK)
        return st;
#ifdef LA_USE_LAPACKE
    {
        /* row-major A is column-major A^T (n x m): A^T = U' S V'^T gives
         * U = V' (column-major V'^T, k x m, is row-major U) and Vt = U'^T
         * (column-major U', n x k, is row-major Vt): dgesdd writes both in
         * place when their leading dimensions are the outputs' own. */
        int vectors = want_u || want_vt;
        lapack_int lw = la__gesdd_query(m, n, vectors), info;
        la_real *x = (la_real *)la__scratch_alloc(&sc, (size_t)m * (size_t)n * sizeof(la_real));
        la_real *work, *spare = NULL;
        lapack_int *iwork;
        la_mat Xc = la_mat_of(m, n, x), Uo = U, Vo = Vt;
        if (vectors) {
            spare = (la_real *)la__scratch_alloc(&sc, (size_t)big * (size_t)k * sizeof(la_real));
            if (!want_u) Uo = la_mat_of(m, k, spare);
            if (!want_vt) Vo = la_mat_of(k, n, spare);
        }
        work = (la_real *)la__scratch_alloc(&sc, (size_t)lw * sizeof(la_real));
        iwork = (lapack_int *)la__scratch_alloc(&sc, 8 * (size_t)k * sizeof(lapack_int));
        la_mat_copy(A, Xc);
        info = LA__LAPACKE(gesdd_work)(LAPACK_COL_MAJOR, vectors ? 'S' : 'N', (lapack_int)n,
                                       (lapack_int)m, x, (lapack_int)n, s,
                                       vectors ? Vo.data : x, vectors ? (lapack_int)Vo.ld : 1,
                                       vectors ? Uo.data : x, vectors ? (lapack_int)Uo.ld : 1, work, lw,
                                       iwork);
        if (info > 0) st = LA_ERR_NO_CONVERGENCE;
        else if (info < 0) st = LA_ERR_ARG;
        (void)i;
    }
#else
    {
        /* the tall problem X (big x k): A itself, or A^T for wide A; when
         * big >= 2k it is first reduced to R by QR (Chan 1982) and the SVD
         * of R is computed; factors Ux^T (k x big) and Vx^T (k x k) */
        int wide = m < n, qr_first = big >= 2 * k;
        int want_ux = wide ? want_vt : want_u, want_vx = wide ? want_u : want_vt;
        la_real *x = (la_real *)la__scratch_alloc(&sc, (size_t)m * (size_t)n * sizeof(la_real));
        la_real *e = (la_real *)la__scratch_alloc(&sc, (size_t)k * sizeof(la_real));
        la_real *tq = (la_real *)la__scratch_alloc(&sc, (size_t)k * sizeof(la_real));
        la_real *tp = (la_real *)la__scratch_alloc(&sc, (size_t)k * sizeof(la_real));
        la_real *d = (la_real *)la__scratch_alloc(&sc, (size_t)k * sizeof(la_real));
        la_real *tr = (la_real *)la__scratch_alloc(&sc, (size_t)k * sizeof(la_real));
        la_real *work = (la_real *)la__scratch_alloc(&sc, ((size_t)big + 4 * (size_t)k + 1) * sizeof(la_real));
        la_real *ubuf = (la_real *)la__scratch_alloc(&sc, (size_t)k * ((size_t)big + (size_t)k) * sizeof(la_real));
        la_real *vbuf = (la_real *)la__scratch_alloc(&sc, (size_t)k * (size_t)k * sizeof(la_real));
        la_real *rbuf = (la_real *)la__scratch_alloc(&sc, (size_t)k * (size_t)k * sizeof(la_real));
        la_mat X = la_mat_of(big, k, x), B = X, Uxt = la_mat_of(0, 0, NULL), Vxt = Uxt;
        la_real sigma = la__safe_scale(la_norm_max(A));
        if (wide)
            la_mat_transpose(A, X);
        else
            la_mat_copy(A, X);
        if (sigma != 1)
            for (i = 0; i < big * k; ++i) x[i] *= sigma;
        if (qr_first) {
            la_int j;
            la__house_qr(X, tr, work);
            B = la_mat_of(k, k, rbuf);
            for (i = 0; i < k; ++i)
                for (j = 0; j < k; ++j) LA_AT(B, i, j) = j >= i ? LA_AT(X, i, j) : 0;
        }
        la__bidiagonalize(B, d, e, tq, tp, work);
        if (want_ux) {
            /* without QR and wide: Ux^T is Vt itself */
            Uxt = qr_first ? la_mat_of(k, k, ubuf) : wide ? Vt : la_mat_of(k, big, ubuf);
            la__bidiag_form_qt(B, tq, Uxt, work);
        }
        if (want_vx) {
            Vxt = wide ? la_mat_of(k, k, vbuf) : Vt;
            la__bidiag_form_pt(B, tp, Vxt, work);
        }
        st = la__bidiag_qr(k, d, e, Vxt, Uxt, work);
        for (i = 0; i < k; ++i) s[i] = d[i] / sigma;
        if (st == LA_OK) {
            if (want_ux && qr_first) {
                /* Ux = Q [Ur; 0], into U (tall) or, for Vt = Ux^T, scratch */
                la_mat Ux = wide ? la_mat_of(big, k, ubuf + (size_t)k * (size_t)k) : U;
                la_mat_set(Ux, 0, 0);
                la_mat_transpose(Uxt, la_mat_block(Ux, 0, 0, k, k));
                la__house_qr_apply_q(X, tr, Ux, work);
                if (wide) la_mat_transpose(Ux, Vt);
            } else if (want_u && !wide) {
                la_mat_transpose(Uxt, U);
            }
            if (want_u && wide) la_mat_transpose(Vxt, U);
        }
    }
#endif
    la__scratch_end(&sc);
    return st;
}

/* Cutoff below which singular values count as zero: rcond * s_max, with
 * rcond <= 0 meaning max(m, n) * eps. */
LA__PRIV la_real la__svd_cutoff(la_int m, la_int n, la_real rcond, la_real smax) {
    if (!(rcond > 0)) rcond = (la_real)LA__MAX(m, n) * LA_EPS;
    return rcond * smax;
}

LA_API size_t la_pinv_ws_bytes(la_int m, la_int n) {
    size_t k;
    if (m < 0) m = 0;
    if (n < 0) n = 0;
    k = (size_t)LA__MIN(m, n);
    return la_svd_ws_bytes(m, n, 1, 1) + la_ws_reals(k) + la_ws_reals((size_t)m * k) +
           la_ws_reals(k * (size_t)n);
}

LA_API la_status la_pinv(la_mat A, la_real rcond, la_mat X, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int m, n, k, i, j, r = 0;
    la_real *s, cut;
    la_mat U, Vt;
    if (la_mat_check(A) || la_mat_check(X)) return LA_ERR_ARG;
    m = A.rows;
    n = A.cols;
    if (X.rows != n || X.cols != m) return LA_ERR_DIM;
    if (!la_mat_isfinite(A)) return LA_ERR_NONFINITE;
    k = LA__MIN(m, n);
    if (k == 0) {
        la_mat_set(X, 0, 0);
        return LA_OK;
    }
    if ((st = la__scratch_begin(&sc, ws, la_pinv_ws_bytes(m, n) - LA_ARENA_ALIGN)) != LA_OK)
        return st;
    s = (la_real *)la__scratch_alloc(&sc, (size_t)k * sizeof(la_real));
    U = la_mat_of(m, k, (la_real *)la__scratch_alloc(&sc, (size_t)m * (size_t)k * sizeof(la_real)));
    Vt = la_mat_of(k, n, (la_real *)la__scratch_alloc(&sc, (size_t)k * (size_t)n * sizeof(la_real)));
    st = la_svd(A, s, U, Vt, sc.arena);
    if (st == LA_OK) {
        /* X = V diag(1/s) U^T over the singular values above the cutoff */
        cut = la__svd_cutoff(m, n, rcond, s[0]);
        while (r < k && s[r] > cut) ++r;
        for (i = 0; i < r; ++i)
            for (j = 0; j < n; ++j) LA_AT(Vt, i, j) /= s[i];
        if (r > 0)
            la_gemm(LA_TRANS, LA_TRANS, 1, la_mat_block(Vt, 0, 0, r, n), la_mat_block(U, 0, 0, m, r), 0, X);
        else
            la_mat_set(X, 0, 0);
    }
    la__scratch_end(&sc);
    return st;
}

LA_API size_t la_rank_ws_bytes(la_int m, la_int n) {
    size_t k;
    if (m < 0) m = 0;
    if (n < 0) n = 0;
    k = (size_t)LA__MIN(m, n);
    return la_svd_ws_bytes(m, n, 0, 0) + la_ws_reals(k);
}

LA_API la_status la_rank(la_mat A, la_real rcond, la_int *rank, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int m, n, k, r = 0;
    la_real *s, cut;
    la_mat none = la_mat_of(0, 0, NULL);
    if (la_mat_check(A) || !rank) return LA_ERR_ARG;
    m = A.rows;
    n = A.cols;
    *rank = 0;
    if (!la_mat_isfinite(A)) return LA_ERR_NONFINITE;
    k = LA__MIN(m, n);
    if (k == 0) return LA_OK;
    if ((st = la__scratch_begin(&sc, ws, la_rank_ws_bytes(m, n) - LA_ARENA_ALIGN)) != LA_OK)
        return st;
    s = (la_real *)la__scratch_alloc(&sc, (size_t)k * sizeof(la_real));
    st = la_svd(A, s, none, none, sc.arena);
    if (st == LA_OK) {
        cut = la__svd_cutoff(m, n, rcond, s[0]);
        while (r < k && s[r] > cut) ++r;
        *rank = r;
    }
    la__scratch_end(&sc);
    return st;
}

/* ----------------------------------------------------------------------
 * 12. Nonsymmetric eigenproblem: Hessenberg, real Schur form
 * ---------------------------------------------------------------------- */

/* Reduce A (n x n) to upper Hessenberg form in place, the reflectors kept
 * below the subdiagonal (v(0) = 1 implicit) and their scalars in tau[0..n-2]
 * (tau[n-2] = 0). work holds 2n reals. Golub and Van Loan, Alg. 7.4.2. */
LA__PRIV void la__hessenberg_reduce(la_mat A, la_real *tau, la_real *work) {
    la_int n = A.rows, i, j, len;
    la_real *v = work, *w = work + n;
    for (j = 0; j + 2 < n; ++j) {
        la_real alpha = LA_AT(A, j + 1, j), t;
        len = n - j - 1;
        for (i = 1; i < len; ++i) v[i] = LA_AT(A, j + 1 + i, j);
        t = la__house_gen(len, &alpha, v + 1, 1);
        v[0] = 1;
        tau[j] = t;
        LA_AT(A, j + 1, j) = alpha;
        for (i = 1; i < len; ++i) LA_AT(A, j + 1 + i, j) = v[i];
        if (t == 0) continue;
        /* A(:, j+1:) <- A(:, j+1:) H, then A(j+1:, j+1:) <- H A(j+1:, j+1:) */
        la__house_apply(LA_RIGHT, v, t, la_mat_block(A, 0, j + 1, n, len), w);
        la__house_apply(LA_LEFT, v, t, la_mat_block(A, j + 1, j + 1, len, len), w);
    }
    if (n >= 2) tau[n - 2] = 0;
}

/* Q = H_0 H_1 ... H_{n-3} from the reflectors left by la__hessenberg_reduce
 * in A (backward accumulation); then clears A below the subdiagonal. */
LA__PRIV void la__hessenberg_form_q(la_mat A, const la_real *tau, la_mat Q, la_real *work) {
    la_int n = A.rows, i, j, len;
    la_real *v = work, *w = work + n;
    if (Q.data) {
        la_mat_set(Q, 0, 1);
        for (j = n - 3; j >= 0; --j) {
            len = n - j - 1;
            v[0] = 1;
            for (i = 1; i < len; ++i) v[i] = LA_AT(A, j + 1 + i, j);
            la__house_apply(LA_LEFT, v, tau[j], la_mat_block(Q, j + 1, j + 1, len, len), w);
        }
    }
    for (i = 2; i < n; ++i)
        for (j = 0; j < i - 1; ++j) LA_AT(A, i, j) = 0;
}

#ifdef LA_USE_LAPACKE
/* Hessenberg (job 0), Schur eigenvalues (job 1) or real Schur form (job 2)
 * through LAPACKE's dgehrd, dorghr and dhseqr on the transposed storage:
 * the row-major A is the column-major A^T, transposed in place to present
 * A itself. Z (data may be NULL) receives the orthogonal factor. */
LA__PRIV la_status la__schur_lapacke(la_mat A, la_mat Z, la_real *wr, la_real *wi, int job,
                                     la_arena *ws) {
    la__scratch sc;
    la_status st = LA_OK;
    lapack_int n = (lapack_int)A.rows, lda = (lapack_int)A.ld, info, lwork, lw1 = -1, lw2 = -1,
               lw3 = -1;
    la_real q1 = 0, q2 = 0, q3 = 0, dummy[1] = {0};
    la_real *tau, *work;
    int want_z = Z.data != NULL, want_t = job == 2;
    lapack_int ldz = want_z ? (lapack_int)Z.ld : 1;
    la__transpose_square(A);
    LA__LAPACKE(gehrd_work)(LAPACK_COL_MAJOR, n, 1, n, A.data, lda, dummy, &q1, -1);
    if (want_z) LA__LAPACKE(orghr_work)(LAPACK_COL_MAJOR, n, 1, n, dummy, n, dummy, &q2, -1);
    if (job > 0)
        LA__LAPACKE(hseqr_work)(LAPACK_COL_MAJOR, want_t ? 'S' : 'E', want_z ? 'V' : 'N', n, 1, n,
                                A.data, lda, wr, wi, want_z ? Z.data : dummy, ldz, &q3, -1);
    lw1 = (lapack_int)q1;
    lw2 = want_z ? (lapack_int)q2 : 1;
    lw3 = (lapack_int)q3;
    lwork = LA__MAX(LA__MAX(lw1, lw2), LA__MAX(lw3, n));
    if ((st = la__scratch_begin(&sc, ws, la_ws_reals((size_t)n) + la_ws_reals((size_t)lwork))) !=
        LA_OK) {
        la__transpose_square(A);
        return st;
    }
    tau = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    work = (la_real *)la__scratch_alloc(&sc, (size_t)lwork * sizeof(la_real));
    info = LA__LAPACKE(gehrd_work)(LAPACK_COL_MAJOR, n, 1, n, A.data, lda, tau, work, lwork);
    if (info == 0 && want_z) {
        la_int i, j;
        for (j = 0; j < A.rows; ++j)
            for (i = 0; i < A.rows; ++i) LA_AT(Z, j, i) = LA_AT(A, j, i);
        info = LA__LAPACKE(orghr_work)(LAPACK_COL_MAJOR, n, 1, n, Z.data, ldz, tau, work, lwork);
    }
    if (info == 0 && job > 0)
        info = LA__LAPACKE(hseqr_work)(LAPACK_COL_MAJOR, want_t ? 'S' : 'E', want_z ? 'V' : 'N', n,
                                       1, n, A.data, lda, wr, wi, want_z ? Z.data : dummy, ldz,
                                       work, lwork);
    if (info > 0) st = LA_ERR_NO_CONVERGENCE;
    else if (info < 0) st = LA_ERR_ARG;
    la__transpose_square(A);
    if (want_z) la__transpose_square(Z);
    if (job != 1) {
        la_int i, j;
        for (i = 2; i < A.rows; ++i)
            for (j = 0; j < i - 1; ++j) LA_AT(A, i, j) = 0;
    }
    la__scratch_end(&sc);
    return st;
}
#endif

LA__PRIV size_t la__schur_core_bytes(la_int n);

LA_API size_t la_hessenberg_ws_bytes(la_int n) {
    if (n < 0) n = 0;
#ifdef LA_USE_LAPACKE
    return la__schur_core_bytes(n) + LA_ARENA_ALIGN;
#endif
    return la_ws_reals((size_t)n) + la_ws_reals(2 * (size_t)n) + LA_ARENA_ALIGN;
}

/* Argument check shared by the section's entry points: A well formed,
 * square and finite; Q (when its data is non-NULL) n x n. */
LA__PRIV la_status la__check_square_pair(la_mat A, la_mat Q) {
    if (la_mat_check(A)) return LA_ERR_ARG;
    if (A.rows != A.cols) return LA_ERR_DIM;
    if (Q.data) {
        if (la_mat_check(Q)) return LA_ERR_ARG;
        if (Q.rows != A.rows || Q.cols != A.rows) return LA_ERR_DIM;
    }
    return la_mat_isfinite(A) ? LA_OK : LA_ERR_NONFINITE;
}

LA_API la_status la_hessenberg(la_mat A, la_mat Q, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_real *tau, *work;
    la_int n;
    if ((st = la__check_square_pair(A, Q)) != LA_OK) return st;
    n = A.rows;
    if (n == 0) return LA_OK;
#ifdef LA_USE_LAPACKE
    (void)sc;
    (void)tau;
    (void)work;
    return la__schur_lapacke(A, Q, NULL, NULL, 0, ws);
#else
    if ((st = la__scratch_begin(&sc, ws, la_hessenberg_ws_bytes(n) - LA_ARENA_ALIGN)) != LA_OK)
        return st;
    tau = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    work = (la_real *)la__scratch_alloc(&sc, 2 * (size_t)n * sizeof(la_real));
    la__hessenberg_reduce(A, tau, work);
    la__hessenberg_form_q(A, tau, Q, work);
    la__scratch_end(&sc);
    return LA_OK;
#endif
}

/* Standardize the 2 x 2 block [a b; c d] of a real Schur form (LAPACK's
 * dlanv2): on return either c = 0 (real eigenvalues a, d) or a = d and
 * b c < 0 (eigenvalues a +- i sqrt(-b c)); (cs, sn) is the rotation with
 * [a b; c d]_in = [cs -sn; sn cs] [a b; c d]_out [cs sn; -sn cs].
 * Eigenvalues in (rt1r, rt1i), (rt2r, rt2i), rt1i >= 0. */
LA__PRIV void la__schur_std2(la_real *a, la_real *b, la_real *c, la_real *d, la_real *rt1r,
                             la_real *rt1i, la_real *rt2r, la_real *rt2i, la_real *cs,
                             la_real *sn) {
    const la_real eps = LA_EPS, multpl = 4;
    *cs = 1;
    *sn = 0;
    if (*c == 0) {
    } else if (*b == 0) {
        /* swap rows and columns */
        la_real t = *d;
        *cs = 0;
        *sn = 1;
        *d = *a;
        *a = t;
        *b = -*c;
        *c = 0;
    } else if (*a - *d == 0 && (*b > 0) != (*c > 0)) {
    } else {
        la_real temp = *a - *d, p = temp / 2, bcmax = LA__MAX(LA_FABS(*b), LA_FABS(*c));
        la_real bcmis = LA__MIN(LA_FABS(*b), LA_FABS(*c)) * la__sign(1, *b) * la__sign(1, *c);
        la_real scale = LA__MAX(LA_FABS(p), bcmax), z = (p / scale) * p + (bcmax / scale) * bcmis;
        if (z >= multpl * eps) {
            /* real eigenvalues: compute a and d */
            la_real tau;
            z = p + la__sign(LA_SQRT(scale) * LA_SQRT(z), p);
            *a = *d + z;
            *d = *d - (bcmax / z) * bcmis;
            tau = la__hypot(*c, z);
            *cs = z / tau;
            *sn = *c / tau;
            *b = *b - *c;
            *c = 0;
        } else {
            /* complex or nearly equal real eigenvalues: make the diagonal equal */
            la_real sigma = *b + *c, tau, aa, bb, cc, dd;
            tau = la__hypot(sigma, temp);
            *cs = LA_SQRT((1 + LA_FABS(sigma) / tau) / 2);
            *sn = -(p / (tau * *cs)) * la__sign(1, sigma);
            aa = *a * *cs + *b * *sn;
            bb = -*a * *sn + *b * *cs;
            cc = *c * *cs + *d * *sn;
            dd = -*c * *sn + *d * *cs;
            *a = aa * *cs + cc * *sn;
            *b = bb * *cs + dd * *sn;
            *c = -aa * *sn + cc * *cs;
            *d = -bb * *sn + dd * *cs;
            temp = (*a + *d) / 2;
            *a = temp;
            *d = temp;
            if (*c != 0) {
                if (*b != 0) {
                    if ((*b > 0) == (*c > 0)) {
                        /* real eigenvalues: reduce to upper triangular */
                        la_real sab = LA_SQRT(LA_FABS(*b)), sac = LA_SQRT(LA_FABS(*c)), cs1, sn1;
                        p = la__sign(sab * sac, *c);
                        tau = 1 / LA_SQRT(LA_FABS(*b + *c));
                        *a = temp + p;
                        *d = temp - p;
                        *b = *b - *c;
                        *c = 0;
                        cs1 = sab * tau;
                        sn1 = sac * tau;
                        temp = *cs * cs1 - *sn * sn1;
                        *sn = *cs * sn1 + *sn * cs1;
                        *cs = temp;
                    }
                } else {
                    *b = -*c;
                    *c = 0;
                    temp = *cs;
                    *cs = -*sn;
                    *sn = temp;
                }
            }
        }
    }
    *rt1r = *a;
    *rt2r = *d;
    if (*c == 0) {
        *rt1i = 0;
        *rt2i = 0;
    } else {
        *rt1i = LA_SQRT(LA_FABS(*b)) * LA_SQRT(LA_FABS(*c));
        *rt2i = -*rt1i;
    }
}

/* Eigenvalues (and with want_t the real Schur form T overwriting H) of the
 * upper Hessenberg H by the Francis implicit double-shift QR algorithm with
 * the small-subdiagonal deflation test of Ahues and Tisseur (1997) and
 * exceptional shifts every 10 iterations without deflation (LAPACK's
 * dlahqr). Z (data may be NULL) is updated Z <- Z Q. Returns
 * LA_ERR_NO_CONVERGENCE after 30 max(10, n) iterations on one block. */
LA__PRIV la_status la__francis_qr(la_mat H, int want_t, la_mat Z, la_real *wr, la_real *wi) {
    const la_int n = H.rows, kexsh = 10;
    const la_real ulp = LA_EPS, smlnum = LA_REAL_MIN * ((la_real)n / LA_EPS);
    const la_real dat1 = (la_real)0.75, dat2 = (la_real)-0.4375;
    la_int i, l, k, m, its, itmax, kdefl = 0, i1 = 0, i2 = n - 1, j, nr;
    la_real v[3];
    if (n == 0) return LA_OK;
    if (n == 1) {
        wr[0] = LA_AT(H, 0, 0);
        wi[0] = 0;
        return LA_OK;
    }
    for (j = 0; j + 3 < n; ++j) {
        LA_AT(H, j + 2, j) = 0;
        LA_AT(H, j + 3, j) = 0;
    }
    if (n >= 3) LA_AT(H, n - 1, n - 3) = 0;
    itmax = 30 * LA__MAX(10, n);
    i = n - 1;
    while (i >= 0) {
        int converged = 0;
        l = 0;
        for (its = 0; its <= itmax; ++its) {
            la_real h11, h12, h21, h22, s, rt1r, rt1i, rt2r, rt2i, tr, det, rtdisc;
            /* look for a single small subdiagonal element */
            for (k = i; k > l; --k) {
                la_real tst, ab, ba, aa, bb;
                if (LA_FABS(LA_AT(H, k, k - 1)) <= smlnum) break;
                tst = LA_FABS(LA_AT(H, k - 1, k - 1)) + LA_FABS(LA_AT(H, k, k));
                if (tst == 0) {
                    if (k - 2 >= 0) tst += LA_FABS(LA_AT(H, k - 1, k - 2));
                    if (k + 1 < n) tst += LA_FABS(LA_AT(H, k + 1, k));
                }
                if (LA_FABS(LA_AT(H, k, k - 1)) <= ulp * tst) {
                    ab = LA__MAX(LA_FABS(LA_AT(H, k, k - 1)), LA_FABS(LA_AT(H, k - 1, k)));
                    ba = LA__MIN(LA_FABS(LA_AT(H, k, k - 1)), LA_FABS(LA_AT(H, k - 1, k)));
                    aa = LA__MAX(LA_FABS(LA_AT(H, k, k)),
                                 LA_FABS(LA_AT(H, k - 1, k - 1) - LA_AT(H, k, k)));
                    bb = LA__MIN(LA_FABS(LA_AT(H, k, k)),
                                 LA_FABS(LA_AT(H, k - 1, k - 1) - LA_AT(H, k, k)));
                    s = aa + ab;
                    if (ba * (ab / s) <= LA__MAX(smlnum, ulp * (bb * (aa / s)))) break;
                }
            }
            l = k;
            if (l > 0) LA_AT(H, l, l - 1) = 0;
            if (l >= i - 1) {
                converged = 1;
                break;
            }
            ++kdefl;
            if (!want_t) {
                i1 = l;
                i2 = i;
            }
            /* shifts */
            if (kdefl % (2 * kexsh) == 0) {
                s = LA_FABS(LA_AT(H, i, i - 1)) + LA_FABS(LA_AT(H, i - 1, i - 2));
                h11 = dat1 * s + LA_AT(H, i, i);
                h12 = dat2 * s;
                h21 = s;
                h22 = h11;
            } else if (kdefl % kexsh == 0) {
                s = LA_FABS(LA_AT(H, l + 1, l)) + LA_FABS(LA_AT(H, l + 2, l + 1));
                h11 = dat1 * s + LA_AT(H, l, l);
                h12 = dat2 * s;
                h21 = s;
                h22 = h11;
            } else {
                h11 = LA_AT(H, i - 1, i - 1);
                h21 = LA_AT(H, i, i - 1);
                h12 = LA_AT(H, i - 1, i);
                h22 = LA_AT(H, i, i);
            }
            s = LA_FABS(h11) + LA_FABS(h12) + LA_FABS(h21) + LA_FABS(h22);
            if (s == 0) {
                rt1r = rt1i = rt2r = rt2i = 0;
            } else {
                h11 /= s;
                h21 /= s;
                h12 /= s;
                h22 /= s;
                tr = (h11 + h22) / 2;
                det = (h11 - tr) * (h22 - tr) - h12 * h21;
                rtdisc = LA_SQRT(LA_FABS(det));
                if (det >= 0) {
                    rt1r = tr * s;
                    rt2r = rt1r;
                    rt1i = rtdisc * s;
                    rt2i = -rt1i;
                } else {
                    /* real shifts: use only the one closer to h22, twice */
                    rt1r = tr + rtdisc;
                    rt2r = tr - rtdisc;
                    if (LA_FABS(rt1r - h22) <= LA_FABS(rt2r - h22)) {
                        rt1r *= s;
                        rt2r = rt1r;
                    } else {
                        rt2r *= s;
                        rt1r = rt2r;
                    }
                    rt1i = rt2i = 0;
                }
            }
            /* look for two consecutive small subdiagonal elements */
            for (m = i - 2; m >= l; --m) {
                la_real h21s = LA_AT(H, m + 1, m), h00, h11b;
                s = LA_FABS(LA_AT(H, m, m) - rt2r) + LA_FABS(rt2i) + LA_FABS(h21s);
                h21s = LA_AT(H, m + 1, m) / s;
                v[0] = h21s * LA_AT(H, m, m + 1) +
                       (LA_AT(H, m, m) - rt1r) * ((LA_AT(H, m, m) - rt2r) / s) - rt1i * (rt2i / s);
                v[1] = h21s * (LA_AT(H, m, m) + LA_AT(H, m + 1, m + 1) - rt1r - rt2r);
                v[2] = h21s * LA_AT(H, m + 2, m + 1);
                s = LA_FABS(v[0]) + LA_FABS(v[1]) + LA_FABS(v[2]);
                v[0] /= s;
                v[1] /= s;
                v[2] /= s;
                if (m == l) break;
                h00 = LA_FABS(LA_AT(H, m, m - 1)) * (LA_FABS(v[1]) + LA_FABS(v[2]));
                h11b = LA_FABS(v[0]) * (LA_FABS(LA_AT(H, m - 1, m - 1)) + LA_FABS(LA_AT(H, m, m)) +
                                        LA_FABS(LA_AT(H, m + 1, m + 1)));
                if (h00 <= ulp * h11b) break;
            }
            /* double-shift QR sweep on rows and columns m..i */
            for (k = m; k < i; ++k) {
                la_real t1, t2, t3, v2, v3, sum;
                nr = LA__MIN(3, i - k + 1);
                if (k > m) {
                    v[0] = LA_AT(H, k, k - 1);
                    v[1] = LA_AT(H, k + 1, k - 1);
                    if (nr == 3) v[2] = LA_AT(H, k + 2, k - 1);
                }
                t1 = la__house_gen(nr, &v[0], &v[1], 1);
                if (k > m) {
                    LA_AT(H, k, k - 1) = v[0];
                    LA_AT(H, k + 1, k - 1) = 0;
                    if (k < i - 1) LA_AT(H, k + 2, k - 1) = 0;
                } else if (m > l) {
                    /* (1 - t1) rather than a sign flip: safe when v underflows */
                    LA_AT(H, k, k - 1) *= 1 - t1;
                }
                v2 = v[1];
                t2 = t1 * v2;
                if (nr == 3) {
                    la_real *r0 = &LA_AT(H, k, 0), *r1 = &LA_AT(H, k + 1, 0),
                            *r2 = &LA_AT(H, k + 2, 0);
                    la_int jend = LA__MIN(k + 3, i);
                    v3 = v[2];
                    t3 = t1 * v3;
                    for (j = k; j <= i2; ++j) {
                        sum = r0[j] + v2 * r1[j] + v3 * r2[j];
                        r0[j] -= sum * t1;
                        r1[j] -= sum * t2;
                        r2[j] -= sum * t3;
                    }
                    for (j = i1; j <= jend; ++j) {
                        la_real *h = &LA_AT(H, j, k);
                        sum = h[0] + v2 * h[1] + v3 * h[2];
                        h[0] -= sum * t1;
                        h[1] -= sum * t2;
                        h[2] -= sum * t3;
                    }
                    if (Z.data)
                        for (j = 0; j < n; ++j) {
                            la_real *z = &LA_AT(Z, j, k);
                            sum = z[0] + v2 * z[1] + v3 * z[2];
                            z[0] -= sum * t1;
                            z[1] -= sum * t2;
                            z[2] -= sum * t3;
                        }
                } else if (nr == 2) {
                    la_real *r0 = &LA_AT(H, k, 0), *r1 = &LA_AT(H, k + 1, 0);
                    for (j = k; j <= i2; ++j) {
                        sum = r0[j] + v2 * r1[j];
                        r0[j] -= sum * t1;
                        r1[j] -= sum * t2;
                    }
                    for (j = i1; j <= i; ++j) {
                        la_real *h = &LA_AT(H, j, k);
                        sum = h[0] + v2 * h[1];
                        h[0] -= sum * t1;
                        h[1] -= sum * t2;
                    }
                    if (Z.data)
                        for (j = 0; j < n; ++j) {
                            la_real *z = &LA_AT(Z, j, k);
                            sum = z[0] + v2 * z[1];
                            z[0] -= sum * t1;
                            z[1] -= sum * t2;
                        }
                }
            }
        }
        if (!converged) return LA_ERR_NO_CONVERGENCE;
        if (l == i) {
            wr[i] = LA_AT(H, i, i);
            wi[i] = 0;
        } else if (l == i - 1) {
            la_real cs, sn;
            la__schur_std2(&LA_AT(H, i - 1, i - 1), &LA_AT(H, i - 1, i), &LA_AT(H, i, i - 1),
                           &LA_AT(H, i, i), &wr[i - 1], &wi[i - 1], &wr[i], &wi[i], &cs, &sn);
            if (want_t) {
                if (i < n - 1)
                    la__rot(n - 1 - i, &LA_AT(H, i - 1, i + 1), 1, &LA_AT(H, i, i + 1), 1, cs, sn);
                la__rot(i - 1, &LA_AT(H, 0, i - 1), H.ld, &LA_AT(H, 0, i), H.ld, cs, sn);
            }
            if (Z.data) la__rot(n, &LA_AT(Z, 0, i - 1), Z.ld, &LA_AT(Z, 0, i), Z.ld, cs, sn);
        }
        kdefl = 0;
        i = l - 1;
    }
    return LA_OK;
}


/* Scratch bytes of the Schur computation proper (reflector scalars and
 * work vectors, or the LAPACK routines' queried workspace). */
LA__PRIV size_t la__schur_core_bytes(la_int n) {
#ifdef LA_USE_LAPACKE
    lapack_int nn = (lapack_int)(n > 0 ? n : 1), lw;
    la_real q1 = 0, q2 = 0, q3 = 0, dummy[1] = {0};
    LA__LAPACKE(gehrd_work)(LAPACK_COL_MAJOR, nn, 1, nn, dummy, nn, dummy, &q1, -1);
    LA__LAPACKE(orghr_work)(LAPACK_COL_MAJOR, nn, 1, nn, dummy, nn, dummy, &q2, -1);
    LA__LAPACKE(hseqr_work)(LAPACK_COL_MAJOR, 'S', 'V', nn, 1, nn, dummy, nn, dummy, dummy, dummy,
                            nn, &q3, -1);
    lw = LA__MAX(LA__MAX((lapack_int)q1, (lapack_int)q2), LA__MAX((lapack_int)q3, nn));
    return la_ws_reals((size_t)n) + la_ws_reals((size_t)lw);
#else
    return la_ws_reals((size_t)n) + la_ws_reals(2 * (size_t)n);
#endif
}

/* Schur form of the square H in place (want_t) or its eigenvalues only,
 * Z <- orthogonal factor when Z.data is non-NULL; scratch from ws as sized
 * by la__schur_core_bytes. */
LA__PRIV la_status la__schur_run(la_mat H, la_mat Z, la_real *wr, la_real *wi, int want_t,
                                 la_arena *ws) {
#ifdef LA_USE_LAPACKE
    return la__schur_lapacke(H, Z, wr, wi, want_t ? 2 : 1, ws);
#else
    la__scratch sc;
    la_status st;
    la_int n = H.rows;
    la_real *tau, *work;
    if ((st = la__scratch_begin(&sc, ws, la__schur_core_bytes(n))) != LA_OK) return st;
    tau = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    work = (la_real *)la__scratch_alloc(&sc, 2 * (size_t)n * sizeof(la_real));
    la__hessenberg_reduce(H, tau, work);
    la__hessenberg_form_q(H, tau, Z, work);
    st = la__francis_qr(H, want_t, Z, wr, wi);
    la__scratch_end(&sc);
    return st;
#endif
}

LA_API size_t la_schur_ws_bytes(la_int n) {
    if (n < 0) n = 0;
    return 2 * la_ws_reals((size_t)n) + la__schur_core_bytes(n) + LA_ARENA_ALIGN;
}

LA_API la_status la_schur(la_mat A, la_mat Z, la_real *wr, la_real *wi, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_real *wr_, *wi_;
    la_int n;
    if ((st = la__check_square_pair(A, Z)) != LA_OK) return st;
    n = A.rows;
    if (n == 0) return LA_OK;
    if ((st = la__scratch_begin(&sc, ws, la_schur_ws_bytes(n) - LA_ARENA_ALIGN)) != LA_OK)
        return st;
    wr_ = wr && wi ? wr : (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    wi_ = wr && wi ? wi : (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    st = la__schur_run(A, Z, wr_, wi_, 1, sc.arena);
    la__scratch_end(&sc);
    return st;
}

LA_API size_t la_eig_ws_bytes(la_int n) {
    if (n < 0) n = 0;
    return la_ws_reals((size_t)n * (size_t)n) + la__schur_core_bytes(n) + LA_ARENA_ALIGN;
}

LA_API la_status la_eig(la_mat A, la_real *wr, la_real *wi, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_mat H, none = la_mat_of(0, 0, NULL);
    la_int n;
    if ((st = la__check_square_pair(A, none)) != LA_OK) return st;
    n = A.rows;
    if (n > 0 && (!wr || !wi)) return LA_ERR_ARG;
    if (n == 0) return LA_OK;
    if ((st = la__scratch_begin(&sc, ws, la_eig_ws_bytes(n) - LA_ARENA_ALIGN)) != LA_OK) return st;
    H = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * (size_t)n * sizeof(la_real)));
    la_mat_copy(A, H);
    st = la__schur_run(H, none, wr, wi, 0, sc.arena);
    la__scratch_end(&sc);
    return st;
}

/* ----------------------------------------------------------------------
 * 13. Matrix functions and roots
 * ---------------------------------------------------------------------- */

/* ----------------------------------------------------------------------
 * 14. Iterative methods: CG, MINRES, Lanczos, randomized SVD, estimators
 * ---------------------------------------------------------------------- */

#endif /* LA_IMPLEMENTATION */

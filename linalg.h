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

/* A = V diag(w) V^T for symmetric A (lower triangle read), w ascending. */
LA_API la_status la_eigh(la_mat A, la_real *w, la_mat V, la_arena *ws);

/* ======================================================================
 * 11. Singular value decomposition, pseudo-inverse, rank
 * ====================================================================== */

/* Thin SVD A = U diag(s) Vt, k = min(m, n): U m x k, Vt k x n, s descending.
 * U.data or Vt.data NULL skips that factor. */
LA_API la_status la_svd(la_mat A, la_real *s, la_mat U, la_mat Vt, la_arena *ws);

/* ======================================================================
 * 12. Nonsymmetric eigenproblem: Hessenberg, real Schur form
 * ====================================================================== */

/* ======================================================================
 * 13. Matrix functions and roots
 * ====================================================================== */

/* Options of the iterative methods (this section and the next); zero in any
 * field means its default (a NULL pointer means all defaults). */
typedef struct {
    la_real tol;      /* relative tolerance of the stopping test (see each
                         method); default sqrt(LA_EPS) */
    la_int max_iter;  /* iteration limit; default per method */
    uint64_t seed;    /* seed of random start vectors and probes (la_rng);
                         0 is a seed like any other, and the default */
} la_iter_opts;

/* What an iterative method did (every field set whenever info != NULL). */
typedef struct {
    la_status status;        /* as returned */
    la_int iterations;       /* iterations taken */
    la_int matvecs;          /* operator applications (A and A^T; not M) */
    la_real residual;        /* final relative residual of the stopping test */
    la_real tol;             /* the tolerance it was compared with */
    la_real normal_residual; /* MINRES, LSQR: ||A^T r|| / (||A|| ||r||) */
    la_real anorm;           /* MINRES, LSQR: estimate of ||A|| (Frobenius) */
    la_real acond;           /* LSQR: estimate of cond(A) (Frobenius) */
    la_real curvature;       /* CG breakdown: p^T A p / p^T p (<= 0) */
} la_iter_info;

/* X = (A + eps I)^r for symmetric positive semidefinite A and real r. */
LA_API la_status la_powm_psd(la_mat A, la_real r, la_real eps, la_mat X, la_arena *ws);

/* Options and report of the inverse p-th root iteration (la_inv_root_refine).
 * Zero in any option means its default; NULL means all defaults. */
typedef struct {
    la_real tol;       /* stop when ||M - I||_F <= tol, M = X^p (A + eps I) as
                          carried by the iteration; default 4 sqrt(n) p LA_EPS */
    la_int max_iter;   /* default 100 */
    la_real lmin, lmax; /* bounds on the spectrum of A + eps I when known
                           (both > 0): the iteration then skips estimating them */
} la_root_opts;
typedef struct {
    la_status status;   /* as returned */
    la_int iterations;  /* Newton steps taken */
    la_real residual;   /* final ||M - I||_F (for a last step that skips M: its
                           bound from the previous residual, r^2) */
    la_real tol;        /* the tolerance it was compared with */
    la_real lmin, lmax; /* spectral bounds of A + eps I used for the scaling */
    int warm;           /* 1 if the iteration continued from the given X */
} la_root_info;

/* X = (A + eps I)^(-1/p) for symmetric positive definite A (lower triangle
 * read), p >= 1, eps >= 0, by the coupled Newton iteration (Guo and Higham
 * 2006; Iannazzo 2006 for its stability):
 *     X_{k+1} = X_k T_k,  M_{k+1} = T_k^p M_k,  T_k = mu_k^{1/p} ((p+1) I - mu_k M_k) / p,
 * from X_0 = c^{-1} I, M_0 = (A + eps I) / c^p, c^p a bound on the largest
 * eigenvalue. All iterates are polynomials in A, so the products are between
 * commuting symmetric matrices: each is formed by level-3 kernels on one
 * triangle (la_syrk for squares). The scalar mu_k rescales M_k so that the
 * images of both ends of its spectrum under m -> m ((p+1-m)/p)^p are equal:
 * the interval [lmin, lmax] is tracked through that map from bounds
 * estimated by Lanczos on A (largest) and on A^{-1} through a Cholesky
 * factor (smallest). This cuts the linear phase of the unscaled iteration
 * about in half (p = 4, cond 1e8: 14 steps instead of 25). No
 * eigendecomposition. Stops when ||M - I||_F <= 4 sqrt(n) p LA_EPS; the
 * normwise relative residual ||X^p (A + eps I) - I|| / (||X||^p ||A + eps I||)
 * is then of the order of the unit roundoff, and the forward error of the
 * order of LA_EPS cond(A + eps I) / p. X may be the same matrix as A.
 * Cost: 2 (log2 p + popcount p) n^3 flops per step (p = 4: 4 n^3), plus
 * n^3 / 3 for the Cholesky factor. Workspace: la_inv_root_ws_bytes(n).
 * Errors: LA_ERR_ARG (p < 1, eps < 0), LA_ERR_DIM, LA_ERR_NONFINITE,
 * LA_ERR_NOT_SPD (A + eps I is not numerically positive definite),
 * LA_ERR_NO_CONVERGENCE. */
LA_API la_status la_inv_root(la_mat A, int p, la_real eps, la_mat X, la_arena *ws);
/* Warm-started la_inv_root: X holds an approximate root on entry (a
 * previous root of slowly changing statistics, as Shampoo keeps, or a root of
 * A itself to a looser tolerance). If X commutes with A + eps I to working
 * precision, the iteration continues from X (M_0 = X^p (A + eps I), which
 * must satisfy ||M_0 - I||_F < 1): a few quadratically convergent steps.
 * Otherwise the spectrum of X gives the scaling bounds of A + eps I
 * (lambda(A) ~ lambda(X)^{-p}), which spares the Cholesky factorization and
 * the Lanczos runs, and the iteration restarts from a multiple of I (a root
 * of different statistics does not commute with A: the coupled iteration
 * cannot start from it). All-zero X: a cold start. o and info may be NULL.
 * Cost, workspace and errors as la_inv_root (plus n^3 flops for the
 * commutation test). */
LA_API la_status la_inv_root_refine(la_mat A, int p, la_real eps, la_mat X,
                                    const la_root_opts *o, la_root_info *info, la_arena *ws);
/* Workspace of la_inv_root and la_inv_root_refine. */
LA_API size_t la_inv_root_ws_bytes(la_int n);
/* Kinds of Newton-Schulz iteration for la_newton_schulz. */
typedef enum {
    LA_NS_CUBIC = 3,   /* X (3 I - X^T X) / 2 (Higham 2008, eq. 8.20): order 2 */
    LA_NS_QUINTIC = 5, /* X (15 I - 10 X^T X + 3 (X^T X)^2) / 8: order 3 */
    LA_NS_MUON = 6     /* X (a I + b X^T X + c (X^T X)^2), (a, b, c) = (3.4445,
                          -4.7750, 2.0315), the fixed-step quintic of Muon
                          (Jordan et al. 2024): it pushes singular values
                          into about [0.7, 1.2] fast and does not converge to
                          the polar factor; runs max_iter steps (default 5) */
} la_ns_kind;
/* Orthogonal polar factor Q of an m x n matrix A (A = Q H, Q with
 * orthonormal columns for m >= n, rows for m < n) by Newton-Schulz
 * iteration, matrix products only. The iteration converges when the
 * singular values of X_0 lie in (0, sqrt(3)) (cubic; (0, 1.4) quintic): A
 * is scaled by 1/s, s = 1.05 times a power-iteration estimate of ||A||_2
 * when the bound min(||A||_F, sqrt(||A||_1 ||A||_inf)) certifies the
 * condition with it, else s = that bound (LA_NS_MUON: s = ||A||_F). Stops when ||X^T X - I||_F <= o->tol (default
 * 10 sqrt(min(m,n)) LA_EPS). Q may be A. Cost per step with k = min(m,n),
 * l = max(m,n): 3 l k^2 flops (cubic), 4 l k^2 (quintic). Workspace:
 * la_newton_schulz_ws_bytes(m, n). Errors: LA_ERR_DIM, LA_ERR_NONFINITE,
 * LA_ERR_SINGULAR (A = 0), LA_ERR_NO_CONVERGENCE (A rank deficient to
 * working precision, or too few steps; Q is the last iterate), LA_ERR_ARG. */
LA_API la_status la_newton_schulz(la_mat A, la_mat Q, la_ns_kind kind, const la_iter_opts *o,
                                  la_iter_info *info, la_arena *ws);
LA_API size_t la_newton_schulz_ws_bytes(la_int m, la_int n);

/* Polar decomposition A = U H of an m x n A (not modified) from its thin
 * SVD A = W diag(s) V^T: U = W V^T (m x n, orthonormal columns for m >= n,
 * rows for m < n), H = V diag(s) V^T (n x n, symmetric positive
 * semidefinite; H.data NULL skips it). U is the orthogonal matrix nearest
 * to A in every unitarily invariant norm (Fan and Hoffman 1955; Higham
 * 2008, ch. 8). Cost: la_svd with both factors plus 2 m n k + n^2 k flops.
 * Workspace: la_polar_ws_bytes(m, n). Errors: LA_ERR_ARG, LA_ERR_DIM,
 * LA_ERR_NONFINITE, and those of la_svd. */
LA_API la_status la_polar(la_mat A, la_mat U, la_mat H, la_arena *ws);
LA_API size_t la_polar_ws_bytes(la_int m, la_int n);

/* X = (A + eps I)^r (fixed signature above): symmetric positive
 * semidefinite A (lower triangle read), any real r, eps >= 0, through
 * la_eigh: X = V diag((w_i + eps)^r) V^T, formed as a symmetric product.
 * Eigenvalues of A in [-10 n LA_EPS max|w|, 0) are rounding errors of a
 * semidefinite matrix and are clamped to 0; more negative ones give
 * LA_ERR_NOT_SPD. A zero eigenvalue of A + eps I with r < 0 gives
 * LA_ERR_SINGULAR. X may be A. Cost: la_eigh (about 5 n^3 flops) plus
 * n^3. Workspace: la_powm_psd_ws_bytes(n). Errors: LA_ERR_ARG (eps < 0),
 * LA_ERR_DIM, LA_ERR_NONFINITE (also when the power overflows),
 * LA_ERR_NOT_SPD, LA_ERR_SINGULAR, and those of la_eigh. */
LA_API size_t la_powm_psd_ws_bytes(la_int n);

/* Matrix exponential X = exp(A) of a square A by scaling and squaring with
 * the [m/m] Pade approximant (Higham 2005; "The scaling and squaring method
 * for the matrix exponential revisited"): m in {3, 5, 7, 9, 13} chosen by
 * ||A||_1 against the backward-error bounds theta_m (in the float build
 * m <= 7 with the single-precision thetas), A scaled by 2^-s so that
 * ||A||_1 / 2^s <= theta_m, the approximant's denominator solved by
 * la_lu / la_lu_solve, then squared s times. Backward stable in practice:
 * relative error of the order of LA_EPS times the condition number of
 * exp at A. X may be A. Cost: (pi_m + s) 2 n^3 + 8/3 n^3 flops (pi_13 =
 * 6 products). Workspace: la_expm_ws_bytes(n). Errors: LA_ERR_ARG,
 * LA_ERR_DIM, LA_ERR_NONFINITE (NaN/Inf in A, or exp(A) overflows),
 * LA_ERR_SINGULAR (the Pade denominator; not expected). */
LA_API la_status la_expm(la_mat A, la_mat X, la_arena *ws);
LA_API size_t la_expm_ws_bytes(la_int n);
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

/* Dense adapters: y <- A x and y <- A^T x for ctx a (const) la_mat *. They
 * return non-zero only for a malformed view. The block methods below
 * (la_rand_range, la_rand_svd) recognize them and use level-3 kernels. */
LA_API int la_linop_mat(const la_real *x, la_real *y, void *A);
LA_API int la_linop_mat_trans(const la_real *x, la_real *y, void *A);

/* Jacobi (diagonal) preconditioner as an la_linop: y_i <- x_i / diag_i for
 * ctx a (const) la_jacobi * (entries of diag that are zero or not finite act
 * as 1). sparse.h and dense users fill `diag` with the operator's diagonal. */
typedef struct {
    la_int n;
    const la_real *diag;
} la_jacobi;
LA_API int la_linop_jacobi(const la_real *x, la_real *y, void *ctx);

/* Preconditioned conjugate gradient (Hestenes and Stiefel 1952) for
 * A x = b, A symmetric positive definite of order n, M^{-1} given by the
 * callback M (NULL: none) and must be SPD too. x holds the initial guess on
 * entry (zeros for none) and the solution on return. Stops when the
 * residual ||b - A x|| <= tol ||b||; the recurrence residual is confirmed
 * by computing the true one (and replaced by it if they disagree).
 * Default max_iter: 10 n. Cost per iteration: one A and one M application
 * plus 10n flops.
 * Errors: LA_ERR_BREAKDOWN when p^T A p <= 0 (A is not positive definite:
 * x holds the last iterate, info->curvature the curvature found; Newton-CG
 * methods rely on this) or r^T M^{-1} r <= 0 (M not positive definite);
 * LA_ERR_NO_CONVERGENCE (x holds the last iterate); LA_ERR_NONFINITE (NaN
 * or Inf in b, x, or from a callback); LA_ERR_ABORTED (a callback returned
 * non-zero). Workspace: 4 la_ws_reals(n) + LA_ARENA_ALIGN bytes. */
LA_API la_status la_pcg(la_int n, la_linop A, void *actx, la_linop M, void *mctx,
                        const la_real *b, la_real *x, const la_iter_opts *o,
                        la_iter_info *info, la_arena *ws);
/* la_pcg without a preconditioner (3 la_ws_reals(n) + LA_ARENA_ALIGN). */
LA_API la_status la_cg(la_int n, la_linop A, void *actx, const la_real *b, la_real *x,
                       const la_iter_opts *o, la_iter_info *info, la_arena *ws);

/* MINRES (Paige and Saunders 1975) for A x = b, A symmetric, possibly
 * indefinite or singular, with an optional SPD preconditioner M^{-1}
 * (callback M, NULL: none). x holds the initial guess on entry. Stops when
 * the residual estimate ||r||_{M^{-1}} <= tol ||b||_{M^{-1}} (info->residual)
 * or, for singular incompatible systems, when x solves the least-squares
 * problem: ||A r|| <= tol ||A|| ||r|| (info->normal_residual). Default
 * max_iter: 10 n. Cost per iteration: one A and one M application plus
 * 9n flops. Errors: LA_ERR_BREAKDOWN (M not positive definite),
 * LA_ERR_NO_CONVERGENCE, LA_ERR_NONFINITE, LA_ERR_ABORTED.
 * Workspace: 7 la_ws_reals(n) + LA_ARENA_ALIGN bytes. */
LA_API la_status la_minres(la_int n, la_linop A, void *actx, la_linop M, void *mctx,
                           const la_real *b, la_real *x, const la_iter_opts *o,
                           la_iter_info *info, la_arena *ws);

/* LSQR (Paige and Saunders 1982): x minimizes ||A x - b||^2 + damp^2 ||x||^2
 * for an m x n operator given by A (y <- A x, x of n entries, y of m) and At
 * (y <- A^T x, x of m entries), both with ctx. x (n entries) is output only
 * (the iteration starts from 0). Stops when ||r|| <= tol (||b|| + ||A||
 * ||x||) (a compatible system, info->residual = ||r|| / ||b||) or when
 * ||A^T r|| <= tol ||A|| ||r|| (least squares, info->normal_residual), with
 * A and r including the damping rows. Default max_iter: 4 max(m, n) + 20.
 * Cost per iteration: one A and one A^T application plus 3m + 5n flops.
 * Errors: LA_ERR_NO_CONVERGENCE (x is the last iterate), LA_ERR_NONFINITE,
 * LA_ERR_ABORTED, LA_ERR_ARG (damp < 0). Workspace:
 * la_ws_reals(m) + 3 la_ws_reals(n) + LA_ARENA_ALIGN bytes. */
LA_API la_status la_lsqr(la_int m, la_int n, la_linop A, la_linop At, void *ctx,
                         const la_real *b, la_real damp, la_real *x, const la_iter_opts *o,
                         la_iter_info *info, la_arena *ws);

/* Power iteration for the eigenvalue of largest magnitude of an n x n
 * operator (real dominant eigenvalue; symmetric A is the intended case) and
 * its eigenvector. v: start vector on entry (all zeros: a random one from
 * the seed), unit eigenvector on return; *lambda = v^T A v. Stops when
 * ||A v - lambda v|| <= tol |lambda| (info->residual). Converges linearly at
 * the rate |lambda_2 / lambda_1|. Default max_iter: 1000. Errors:
 * LA_ERR_NO_CONVERGENCE (v, *lambda the last estimate), LA_ERR_NONFINITE,
 * LA_ERR_ABORTED. Workspace: la_ws_reals(n) + LA_ARENA_ALIGN bytes. */
LA_API la_status la_power_iter(la_int n, la_linop A, void *actx, la_real *lambda, la_real *v,
                               const la_iter_opts *o, la_iter_info *info, la_arena *ws);

/* Hutchinson's estimator of trace(A) (Hutchinson 1990) with `probes`
 * Rademacher vectors z drawn from o->seed: mean of z^T A z. *std_error (may
 * be NULL) receives the sample standard deviation over sqrt(probes), an
 * estimate of the estimator's standard error. Cost: `probes` applications
 * of A. Errors: LA_ERR_ARG (probes < 1), LA_ERR_NONFINITE, LA_ERR_ABORTED.
 * Workspace: 2 la_ws_reals(n) + LA_ARENA_ALIGN bytes. */
LA_API la_status la_hutchinson_trace(la_int n, la_linop A, void *actx, la_int probes,
                                     la_real *trace, la_real *std_error,
                                     const la_iter_opts *o, la_arena *ws);
/* Stochastic estimate of diag(A) (Bekas, Kokiopoulou and Saad 2007):
 * diag ~ sum_k z_k .* A z_k / sum_k z_k .* z_k over `probes` Rademacher
 * vectors (exact for diagonal A). Same cost, errors and workspace as
 * la_hutchinson_trace. */
LA_API la_status la_hutchinson_diag(la_int n, la_linop A, void *actx, la_int probes,
                                    la_real *diag, const la_iter_opts *o, la_arena *ws);

/* Chebyshev iteration (Golub and Varga 1961; Saad, "Iterative methods for
 * sparse linear systems", 2003, Alg. 12.1) for A x = b, A SPD with its
 * spectrum inside [lmin, lmax], 0 < lmin < lmax (la_spectral_bounds
 * estimates them). No inner products but the residual norm of the stopping
 * test ||b - A x|| <= tol ||b||. x holds the initial guess. Default
 * max_iter: 10 n. Cost per iteration: one A application plus 7n flops.
 * Errors: LA_ERR_ARG (bad bounds), LA_ERR_NO_CONVERGENCE (a bound was wrong
 * or max_iter too small), LA_ERR_NONFINITE, LA_ERR_ABORTED. Workspace:
 * 3 la_ws_reals(n) + LA_ARENA_ALIGN bytes. */
LA_API la_status la_chebyshev(la_int n, la_linop A, void *actx, la_real lmin, la_real lmax,
                              const la_real *b, la_real *x, const la_iter_opts *o,
                              la_iter_info *info, la_arena *ws);

/* Chebyshev polynomial preconditioner: y <- p(A) x, where p of the given
 * degree is the polynomial of `degree` steps of the Chebyshev iteration
 * from 0 (the best approximation of 1/t on [lmin, lmax] in the sense of
 * the residual polynomial's maximum). p(A) is SPD when the spectrum of A
 * lies in (0, lmax], so it serves la_pcg as M. Fill the struct with
 * la_cheb_prec_init, then pass la_linop_chebyshev with ctx &P. `work` is
 * the caller's buffer of 3n reals (the callback has no arena). Cost per
 * application: `degree` applications of A. */
typedef struct {
    la_int n, degree;
    la_linop A;
    void *actx;
    la_real lmin, lmax;
    la_real *work;
} la_cheb_prec;
/* LA_ERR_ARG for n < 0, degree < 1, NULL A or work (n > 0), or bounds not
 * 0 < lmin < lmax finite. */
LA_API la_status la_cheb_prec_init(la_cheb_prec *P, la_int n, la_linop A, void *actx,
                                   la_int degree, la_real lmin, la_real lmax, la_real *work);
/* The callback (returns non-zero if A's callback does). */
LA_API int la_linop_chebyshev(const la_real *x, la_real *y, void *ctx);

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

/* ----------------------------------------------------------------------
 * 11. Singular value decomposition, pseudo-inverse, rank
 * ---------------------------------------------------------------------- */

/* ----------------------------------------------------------------------
 * 12. Nonsymmetric eigenproblem: Hessenberg, real Schur form
 * ---------------------------------------------------------------------- */

/* ----------------------------------------------------------------------
 * 13. Matrix functions and roots
 * ---------------------------------------------------------------------- */

/* Helpers shared by sections 13 and 14. */

/* The options in force: tolerance and iteration limit (defaults where the
 * field is zero or o is NULL), seed. LA_ERR_ARG for a negative or NaN tol
 * or a negative max_iter. */
LA__PRIV la_status la__iter_opts_get(const la_iter_opts *o, la_int def_maxit, la_real *tol,
                                     la_int *maxit, uint64_t *seed) {
    *tol = LA_SQRT(LA_EPS);
    *maxit = def_maxit;
    *seed = 0;
    if (!o) return LA_OK;
    if (!(o->tol >= 0) || o->max_iter < 0) return LA_ERR_ARG;
    if (o->tol > 0) *tol = o->tol;
    if (o->max_iter > 0) *maxit = o->max_iter;
    *seed = o->seed;
    return LA_OK;
}

LA__PRIV void la__iter_info_clear(la_iter_info *info) {
    if (!info) return;
    info->status = LA_OK;
    info->iterations = 0;
    info->matvecs = 0;
    info->residual = 0;
    info->tol = 0;
    info->normal_residual = 0;
    info->anorm = 0;
    info->acond = 0;
    info->curvature = 0;
}

/* Fill an la_iter_info at the single exit of an iterative method. */
LA__PRIV la_status la__iter_done(la_iter_info *info, la_status st, la_int it, la_int mv,
                                 la_real res, la_real tol) {
    if (info) {
        info->status = st;
        info->iterations = it;
        info->matvecs = mv;
        info->residual = res;
        info->tol = tol;
    }
    return st;
}


/* Normalize x (n entries) to unit length and return its former norm. */
LA__PRIV la_real la__normalize(la_int n, la_real *x) {
    la_real nrm = la_nrm2(n, x, 1);
    if (nrm > 0) la_scal(n, 1 / nrm, x, 1);
    return nrm;
}

/* x <- a random unit vector of n standard normal entries. */
LA__PRIV void la__vec_random_unit(la_rng *rng, la_int n, la_real *x) {
    la_int i;
    do {
        for (i = 0; i < n; ++i) x[i] = (la_real)la_rng_normal(rng);
    } while (n > 0 && la__normalize(n, x) == 0);
}

/* x^p for an integer p >= 0 by repeated squaring. */
LA__PRIV la_real la__powi(la_real x, int p) {
    la_real r = 1;
    while (p > 0) {
        if (p & 1) r *= x;
        x *= x;
        p >>= 1;
    }
    return r;
}

/* Copy the upper (upper != 0) or lower triangle of the square C onto the
 * other one. */
LA__PRIV void la__mirror(la_mat C, int upper) {
    la_int n = C.rows, i, j;
    for (i = 0; i < n; ++i)
        for (j = 0; j < i; ++j) {
            if (upper)
                LA_AT(C, i, j) = LA_AT(C, j, i);
            else
                LA_AT(C, j, i) = LA_AT(C, i, j);
        }
}

/* C <- A B for square A, B whose product is known to be symmetric (commuting
 * symmetric matrices): the upper block triangle by la_gemm on row panels,
 * n^3 + n^2 nb flops instead of 2 n^3, then mirrored. C must not overlap A
 * or B. */
LA__PRIV void la__symm_product(la_mat A, la_mat B, la_mat C) {
    la_int n = A.rows, nb = n <= 96 ? n : LA__MAX(48, n / 6), i0;
    for (i0 = 0; i0 < n; i0 += nb) {
        la_int h = LA__MIN(nb, n - i0);
        la_gemm(LA_NOTRANS, LA_NOTRANS, 1, la_mat_block(A, i0, 0, h, n),
                la_mat_block(B, 0, i0, n, n - i0), 0, la_mat_block(C, i0, i0, h, n - i0));
    }
    la__mirror(C, 1);
}

/* C <- A^2 for symmetric A (la_syrk on the upper triangle, mirrored). */
LA__PRIV void la__symm_square(la_mat A, la_mat C) {
    la_syrk(LA_UPPER, LA_NOTRANS, 1, A, 0, C);
    la__mirror(C, 1);
}

/* R <- B^e R for commuting symmetric B and R by binary powering, e >= 1.
 * B is overwritten (by powers of itself); *R, *B, *S1 and *S2 are swapped
 * among the four buffers (the result is in *R). */
LA__PRIV void la__symm_pow_times(la_mat *R, la_mat *B, la_mat *S1, la_mat *S2, int e) {
    la_mat t;
    for (;;) {
        if (e & 1) {
            la__symm_product(*B, *R, *S1);
            t = *R;
            *R = *S1;
            *S1 = t;
        }
        e >>= 1;
        if (!e) break;
        la__symm_square(*B, *S2);
        t = *B;
        *B = *S2;
        *S2 = t;
    }
}

/* The number of eigenvalues smaller than x of the symmetric tridiagonal
 * matrix with diagonal a[0..k) and off-diagonal b[0..k-1) (Sturm count by
 * the LDL^T pivots). */
LA__PRIV la_int la__sturm_count(la_int k, const la_real *a, const la_real *b, la_real x) {
    la_real q = a[0] - x;
    la_int i, c = q < 0;
    for (i = 1; i < k; ++i) {
        if (q == 0) q = LA_EPS * (LA_FABS(a[i - 1]) + LA_FABS(b[i - 1]) + LA_REAL_MIN);
        q = a[i] - x - b[i - 1] * b[i - 1] / q;
        c += q < 0;
    }
    return c;
}

/* Smallest and largest eigenvalue of that tridiagonal matrix by bisection
 * on the Sturm count inside the Gershgorin interval. */
LA__PRIV void la__tridiag_extremes(la_int k, const la_real *a, const la_real *b, la_real *lmin,
                                   la_real *lmax) {
    la_real lo = a[0], hi = a[0], l, h;
    la_int i, it, end;
    for (i = 0; i < k; ++i) {
        la_real r = (i > 0 ? LA_FABS(b[i - 1]) : 0) + (i + 1 < k ? LA_FABS(b[i]) : 0);
        lo = LA__MIN(lo, a[i] - r);
        hi = LA__MAX(hi, a[i] + r);
    }
    for (end = 0; end < 2; ++end) {
        l = lo;
        h = hi;
        for (it = 0; it < 200 && h - l > 2 * LA_EPS * LA__MAX(LA_FABS(l), LA_FABS(h)); ++it) {
            la_real mid = l + (h - l) / 2;
            la_int c = la__sturm_count(k, a, b, mid);
            if (end == 0 ? c >= 1 : c >= k)
                h = mid;
            else
                l = mid;
        }
        if (end == 0)
            *lmin = l;
        else
            *lmax = h;
    }
}

/* Extreme Ritz values of at most k steps of Lanczos with full
 * reorthogonalization (two passes of Gram-Schmidt) on the symmetric
 * operator op of order n >= 1, from a random start of the seed. V holds
 * (k+1) n reals and ab 2k reals of scratch. Lower and upper estimates of
 * the extreme eigenvalues (Ritz values lie inside the spectrum). */
LA__PRIV la_status la__lanczos_extremes(la_int n, la_linop op, void *ctx, la_int k, uint64_t seed,
                                        la_real *V, la_real *ab, la_real *lmin, la_real *lmax,
                                        la_int *count) {
    la_rng rng = la_rng_seed(seed);
    la_real *a = ab, *b = ab + k;
    la_int j, i, pass, steps = 0;
    la__vec_random_unit(&rng, n, V);
    for (j = 0; j < k; ++j) {
        la_real *v = V + (size_t)j * (size_t)n, *w = v + n;
        if (op(v, w, ctx)) return LA_ERR_ABORTED;
        if (count) ++*count;
        if (!la_vec_isfinite(n, w)) return LA_ERR_NONFINITE;
        a[j] = la_dot(n, v, 1, w, 1);
        for (pass = 0; pass < 2; ++pass)
            for (i = 0; i <= j; ++i) la_axpy(n, -la_dot(n, V + (size_t)i * (size_t)n, 1, w, 1),
                                             V + (size_t)i * (size_t)n, 1, w, 1);
        steps = j + 1;
        b[j] = la__normalize(n, w);
        if (b[j] <= LA_EPS * LA_FABS(a[j]) || b[j] == 0) break; /* invariant subspace */
    }
    la__tridiag_extremes(steps, a, b, lmin, lmax);
    return LA_OK;
}

/* y <- L^{-T} L^{-1} x for a Cholesky factor L (ctx, a la_mat *). */
LA__PRIV int la__chol_inverse_op(const la_real *x, la_real *y, void *ctx) {
    const la_mat *L = (const la_mat *)ctx;
    la_copy(L->rows, x, 1, y, 1);
    la_trsv(LA_LOWER, LA_NOTRANS, LA_NONUNIT, *L, y);
    la_trsv(LA_LOWER, LA_TRANS, LA_NONUNIT, *L, y);
    return 0;
}

/* Steps of Lanczos for the spectral bounds of la_inv_root. */
#define LA__ROOT_LANCZOS 20

LA_API size_t la_inv_root_ws_bytes(la_int n) {
    size_t nn = (size_t)(n > 0 ? n : 0);
    return 5 * la_ws_reals(nn * nn) + la_ws_reals((LA__ROOT_LANCZOS + 1) * nn) +
           la_ws_reals(2 * LA__ROOT_LANCZOS) + LA_ARENA_ALIGN;
}

/* The scalar map of one Newton step on an eigenvalue m of M. */
LA__PRIV la_real la__root_map(la_real m, int p) {
    return m * la__powi((p + 1 - m) / (la_real)p, p);
}

/* The scale mu for the spectrum [l, u] of M: the root of
 * f(mu l) = f(mu u) in [1/u, 0.9 (p+1)/u] (the bound keeps a margin from
 * p + 1, where the map vanishes, for an upper bound that was estimated). */
LA__PRIV la_real la__root_scale(la_real l, la_real u, int p) {
    la_real lo = 1 / u, hi = (la_real)0.9 * (p + 1) / u;
    int it;
    if (la__root_map(hi * l, p) <= la__root_map(hi * u, p)) return hi;
    for (it = 0; it < 60; ++it) {
        la_real mid = lo + (hi - lo) / 2;
        if (la__root_map(mid * l, p) < la__root_map(mid * u, p))
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* ||M - I||_F */
LA__PRIV la_real la__dist_identity(la_mat M) {
    la_real s = 0;
    la_int i, j;
    for (i = 0; i < M.rows; ++i)
        for (j = 0; j < M.cols; ++j) {
            la_real d = LA_AT(M, i, j) - (i == j);
            s += d * d;
        }
    return LA_SQRT(s);
}

/* 1 if X commutes with the symmetric A to working precision, tested on two
 * random vectors: ||X A v - A X v|| <= 10 sqrt(n) eps ||X||_F ||A||_F ||v||
 * (a non-zero commutator K gives E ||K v||^2 = ||K||_F^2). u, w, y, z are
 * n-vectors of scratch. */
LA__PRIV int la__commutes(la_mat X, la_mat A, la_real *u, la_real *w, la_real *y, la_real *z) {
    la_rng rng = la_rng_seed(0x5eed);
    la_int n = X.rows, t, i;
    la_real bound = 10 * LA_SQRT((la_real)n) * LA_EPS * la_norm_fro(X) * la_norm_fro(A);
    for (t = 0; t < 2; ++t) {
        la_real d = 0;
        la__vec_random_unit(&rng, n, u);
        la_gemv(LA_NOTRANS, 1, A, u, 0, w);
        la_gemv(LA_NOTRANS, 1, X, w, 0, y);
        la_gemv(LA_NOTRANS, 1, X, u, 0, w);
        la_gemv(LA_NOTRANS, 1, A, w, 0, z);
        for (i = 0; i < n; ++i) d += (y[i] - z[i]) * (y[i] - z[i]);
        if (!(LA_SQRT(d) <= bound)) return 0;
    }
    return 1;
}

/* la_inv_root_refine, and la_inv_root when try_warm is 0 (X is then output
 * only). */
LA__PRIV la_status la__inv_root(la_mat A, int p, la_real eps, la_mat X, const la_root_opts *o,
                                la_root_info *info, la_arena *ws, int try_warm) {
    la__scratch sc;
    la_status st = LA_OK;
    la_int n, i, it = 0, maxit = 100, mv = 0;
    la_real tol, r = 0, r_prev = 0, lmin = 0, lmax = 0, l, u, c, *V, *ab;
    la_mat M, T, S1, S2, Xw, Xs;
    int warm = 0, x_scalar = 0, have_bounds = 0;
    la_real x_scale = 0;
    if (info) {
        info->status = LA_OK;
        info->iterations = 0;
        info->residual = 0;
        info->tol = 0;
        info->lmin = info->lmax = 0;
        info->warm = 0;
    }
    if (la_mat_check(A) || la_mat_check(X) || p < 1 || !(eps >= 0)) {
        st = LA_ERR_ARG;
        goto out;
    }
    if (A.rows != A.cols || X.rows != A.rows || X.cols != A.rows) {
        st = LA_ERR_DIM;
        goto out;
    }
    n = A.rows;
    tol = 4 * LA_SQRT((la_real)LA__MAX(n, 1)) * (la_real)p * LA_EPS;
    if (o) {
        if (!(o->tol >= 0) || o->max_iter < 0 || !(o->lmin >= 0) || !(o->lmax >= 0)) {
            st = LA_ERR_ARG;
            goto out;
        }
        if (o->tol > 0) tol = o->tol;
        if (o->max_iter > 0) maxit = o->max_iter;
        if (o->lmin > 0 && o->lmax >= o->lmin && LA__ISFINITE(o->lmax)) {
            lmin = o->lmin;
            lmax = o->lmax;
            have_bounds = 1;
        }
    }
    if (info) info->tol = tol;
    for (i = 0; i < n; ++i)
        if (!la_vec_isfinite(i + 1, &LA_AT(A, i, 0))) st = LA_ERR_NONFINITE;
    if (!LA__ISFINITE(eps) || (try_warm && !la_mat_isfinite(X))) st = LA_ERR_NONFINITE;
    if (st != LA_OK) goto out;
    if (n == 0) goto out;
    if ((st = la__scratch_begin(&sc, ws, la_inv_root_ws_bytes(n) - LA_ARENA_ALIGN)) != LA_OK)
        goto out;
    M = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    T = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    S1 = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    S2 = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    Xw = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    V = (la_real *)la__scratch_alloc(&sc, (LA__ROOT_LANCZOS + 1) * (size_t)n * sizeof(la_real));
    ab = (la_real *)la__scratch_alloc(&sc, 2 * LA__ROOT_LANCZOS * sizeof(la_real));
    /* M <- A + eps I from the lower triangle; Xw <- the given X (symmetric
     * part of its lower triangle) before X is written (X may be A). */
    for (i = 0; i < n; ++i) memcpy(&LA_AT(M, i, 0), &LA_AT(A, i, 0), (size_t)(i + 1) * sizeof(la_real));
    la__mirror(M, 0);
    for (i = 0; i < n; ++i) LA_AT(M, i, i) += eps;
    if (try_warm) {
        for (i = 0; i < n; ++i) memcpy(&LA_AT(Xw, i, 0), &LA_AT(X, i, 0), (size_t)n * sizeof(la_real));
        la__mirror(Xw, 0);
    }
    /* Warm start: X commutes with A + eps I and M_0 = X^p (A + eps I) is
     * close to I. */
    if (try_warm && la_norm_max(Xw) > 0) {
        if (la__commutes(Xw, M, V, V + n, V + 2 * (size_t)n, V + 3 * (size_t)n)) {
            /* R <- X^p (A + eps I), the powers of X in B; X's own buffer
             * (already copied) serves as scratch */
            la_mat R = S1, B = T, P1 = S2, P2 = la_mat_ld(n, n, X.ld, X.data);
            la_gemm(LA_NOTRANS, LA_NOTRANS, 1, Xw, M, 0, R);
            la__mirror(R, 1);
            la_mat_copy(Xw, B);
            if (p > 1) la__symm_pow_times(&R, &B, &P1, &P2, p - 1);
            r = la__dist_identity(R);
            if (r < 1) {
                la_mat_copy(R, M);
                warm = 1;
            }
        }
        if (!warm && !have_bounds) {
            /* the spectrum of A + eps I from the previous root's */
            la_real xl, xh;
            if ((st = la__lanczos_extremes(n, la_linop_mat, &Xw, LA__MIN(n, LA__ROOT_LANCZOS), 1,
                                           V, ab, &xl, &xh, &mv)) != LA_OK)
                goto done;
            if (xh > 0) {
                lmin = (la_real)0.5 / la__powi(xh, p); /* lambda_min ~ xh^-p */
                have_bounds = 2;
            }
        }
    }
    if (!warm) {
        la_real xl, xh, rig = LA__MIN(la_norm_fro(M), la_norm_inf(M));
        if (have_bounds != 1) {
            /* largest eigenvalue: Lanczos on A + eps I, capped by the
             * rigorous norm bound */
            if ((st = la__lanczos_extremes(n, la_linop_mat, &M, LA__MIN(n, LA__ROOT_LANCZOS), 2, V,
                                           ab, &xl, &xh, &mv)) != LA_OK)
                goto done;
            lmax = LA__MIN(rig, (la_real)1.02 * xh);
        }
        if (have_bounds == 0) {
            /* smallest: Lanczos on (A + eps I)^{-1} through its Cholesky
             * factor (which also tests positive definiteness) */
            la_mat_copy(M, S1);
            if (la_chol(S1) != LA_OK) {
                st = LA_ERR_NOT_SPD;
                goto done;
            }
            if ((st = la__lanczos_extremes(n, la__chol_inverse_op, &S1,
                                           LA__MIN(n, LA__ROOT_LANCZOS), 3, V, ab, &xl, &xh,
                                           NULL)) != LA_OK)
                goto done;
            if (!(xh > 0)) {
                st = LA_ERR_NOT_SPD;
                goto done;
            }
            lmin = (la_real)0.5 / xh; /* Ritz values underestimate 1/lambda_min */
        }
        if (!(lmax > 0)) {
            st = LA_ERR_NOT_SPD;
            goto done;
        }
        lmin = LA__MIN(lmin, lmax);
        /* X_0 = c^{-1} I, M_0 = M / c^p with c^p = lmax */
        c = LA_POW(lmax, (la_real)1 / (la_real)p);
        for (i = 0; i < n; ++i) la_scal(n, 1 / lmax, &LA_AT(M, i, 0), 1);
        x_scalar = 1;
        x_scale = 1 / c;
        l = lmin / lmax;
        u = 1;
    } else {
        l = 1 - r;
        u = 1 + r;
    }
    (void)mv;
    /* The iteration. Xs is the current X (when not a multiple of I). */
    Xs = Xw;
    for (;;) {
        la_real mu, a, bcoef;
        la_mat t;
        r = la__dist_identity(M);
        if (!(r <= LA_REAL_MAX)) {
            st = LA_ERR_NO_CONVERGENCE;
            break;
        }
        if (r <= tol) break;
        if (it >= maxit || (r_prev <= (la_real)0.1 && r >= r_prev / 2 && it > 0)) {
            st = LA_ERR_NO_CONVERGENCE;
            break;
        }
        mu = r <= (la_real)0.1 ? 1 : la__root_scale(l, u, p);
        a = LA_POW(mu, (la_real)1 / (la_real)p) * (la_real)(p + 1) / (la_real)p;
        bcoef = -mu * LA_POW(mu, (la_real)1 / (la_real)p) / (la_real)p;
        /* T = a I + b M */
        for (i = 0; i < n; ++i) {
            la_int j;
            for (j = 0; j < n; ++j) LA_AT(T, i, j) = bcoef * LA_AT(M, i, j);
            LA_AT(T, i, i) += a;
        }
        ++it;
        /* X <- X T */
        if (x_scalar) {
            for (i = 0; i < n; ++i) {
                la_int j;
                for (j = 0; j < n; ++j) LA_AT(Xs, i, j) = x_scale * LA_AT(T, i, j);
            }
            x_scalar = 0;
        } else {
            la__symm_product(Xs, T, S1);
            t = Xs;
            Xs = S1;
            S1 = t;
        }
        if (r <= (la_real)0.1 && r * r <= tol) { /* M_{k+1} - I = O(r^2): skip it */
            r = r * r;
            break;
        }
        /* M <- T^p M */
        la__symm_pow_times(&M, &T, &S1, &S2, p);
        if (r > (la_real)0.1) {
            la_real fl = la__root_map(mu * l, p), fu = la__root_map(mu * u, p);
            la_real nl = LA__MIN(fl, fu), nu = (mu * l <= 1 && mu * u >= 1) ? 1 : LA__MAX(fl, fu);
            l = nl;
            u = nu;
        }
        r_prev = r;
    }
    if (st == LA_OK || st == LA_ERR_NO_CONVERGENCE) {
        if (x_scalar) { /* converged at once: X = c^{-1} I */
            la_mat_set(X, 0, x_scale);
        } else {
            for (i = 0; i < n; ++i) memcpy(&LA_AT(X, i, 0), &LA_AT(Xs, i, 0), (size_t)n * sizeof(la_real));
        }
    }
done:
    la__scratch_end(&sc);
out:
    if (info) {
        info->status = st;
        info->iterations = it;
        info->residual = r;
        info->lmin = lmin;
        info->lmax = lmax;
        info->warm = warm;
    }
    return st;
}

LA_API la_status la_inv_root_refine(la_mat A, int p, la_real eps, la_mat X,
                                    const la_root_opts *o, la_root_info *info, la_arena *ws) {
    return la__inv_root(A, p, eps, X, o, info, ws, 1);
}

LA_API la_status la_inv_root(la_mat A, int p, la_real eps, la_mat X, la_arena *ws) {
    return la__inv_root(A, p, eps, X, NULL, NULL, ws, 0);
}

LA_API size_t la_newton_schulz_ws_bytes(la_int m, la_int n) {
    size_t k = (size_t)LA__MAX(LA__MIN(m, n), 0), l = (size_t)LA__MAX(LA__MAX(m, n), 0);
    return 2 * la_ws_reals(k * k) + 2 * la_ws_reals(l * k) + 2 * la_ws_reals(l + k) +
           LA_ARENA_ALIGN;
}

LA_API la_status la_newton_schulz(la_mat A, la_mat Q, la_ns_kind kind, const la_iter_opts *o,
                                  la_iter_info *info, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int m, n, k, l, maxit, it = 0, i, j;
    la_real tol, s, r = 0, ca, cb, cc;
    uint64_t seed;
    la_mat X, Y, G, P;
    la_real *u, *v;
    int tall;
    la__iter_info_clear(info);
    if (la_mat_check(A) || la_mat_check(Q) ||
        (kind != LA_NS_CUBIC && kind != LA_NS_QUINTIC && kind != LA_NS_MUON))
        return la__iter_done(info, LA_ERR_ARG, 0, 0, 0, 0);
    if (Q.rows != A.rows || Q.cols != A.cols) return la__iter_done(info, LA_ERR_DIM, 0, 0, 0, 0);
    m = A.rows;
    n = A.cols;
    tall = m >= n;
    k = LA__MIN(m, n);
    l = LA__MAX(m, n);
    if ((st = la__iter_opts_get(o, kind == LA_NS_MUON ? 5 : 100, &tol, &maxit, &seed)) != LA_OK)
        return la__iter_done(info, st, 0, 0, 0, 0);
    if (!o || o->tol == 0) tol = 10 * LA_SQRT((la_real)LA__MAX(k, 1)) * LA_EPS;
    if (!la_mat_isfinite(A)) return la__iter_done(info, LA_ERR_NONFINITE, 0, 0, 0, tol);
    if (k == 0) return la__iter_done(info, LA_OK, 0, 0, 0, tol);
    s = la_norm_fro(A);
    if (s == 0) return la__iter_done(info, LA_ERR_SINGULAR, 0, 0, 0, tol);
    if ((st = la__scratch_begin(&sc, ws, la_newton_schulz_ws_bytes(m, n) - LA_ARENA_ALIGN)) != LA_OK)
        return la__iter_done(info, st, 0, 0, 0, tol);
    /* X (l x k) holds A or A^T, so that X^T X is the small k x k Gram matrix */
    X = la_mat_of(l, k, (la_real *)la__scratch_alloc(&sc, (size_t)l * k * sizeof(la_real)));
    Y = la_mat_of(l, k, (la_real *)la__scratch_alloc(&sc, (size_t)l * k * sizeof(la_real)));
    G = la_mat_of(k, k, (la_real *)la__scratch_alloc(&sc, (size_t)k * k * sizeof(la_real)));
    P = la_mat_of(k, k, (la_real *)la__scratch_alloc(&sc, (size_t)k * k * sizeof(la_real)));
    u = (la_real *)la__scratch_alloc(&sc, (size_t)(l + k) * sizeof(la_real));
    v = (la_real *)la__scratch_alloc(&sc, (size_t)(l + k) * sizeof(la_real));
    if (tall)
        la_mat_copy(A, X);
    else
        la_mat_transpose(A, X);
    if (kind != LA_NS_MUON) {
        /* Scale by 1.05 est, est <= sigma_max(A) from 8 power steps on
         * X^T X, when the rigorous bound U = min(||A||_F, sqrt(||A||_1
         * ||A||_inf)) >= ||A||_2 certifies the convergence condition
         * sigma_max / (1.05 est) <= U / (1.05 est) < limit; else by U. */
        la_rng rng = la_rng_seed(seed);
        la_real est = 0, limit = kind == LA_NS_CUBIC ? LA_SQRT((la_real)3) : (la_real)1.4,
                ub = LA__MIN(s, LA_SQRT(la_norm_1(A)) * LA_SQRT(la_norm_inf(A)));
        la__vec_random_unit(&rng, k, v);
        for (i = 0; i < 8; ++i) {
            la_gemv(LA_NOTRANS, 1, X, v, 0, u);
            la_gemv(LA_TRANS, 1, X, u, 0, v);
            est = la__normalize(k, v);
        }
        est = (la_real)1.05 * LA_SQRT(est);
        s = (est < ub && ub < limit * est) ? est : ub;
    }
    for (i = 0; i < l; ++i) la_scal(k, 1 / s, &LA_AT(X, i, 0), 1);
    if (kind == LA_NS_CUBIC) {
        ca = (la_real)1.5;
        cb = (la_real)-0.5;
        cc = 0;
    } else if (kind == LA_NS_QUINTIC) {
        ca = (la_real)(15.0 / 8);
        cb = (la_real)(-10.0 / 8);
        cc = (la_real)(3.0 / 8);
    } else {
        ca = (la_real)3.4445;
        cb = (la_real)-4.7750;
        cc = (la_real)2.0315;
    }
    st = LA_ERR_NO_CONVERGENCE;
    for (;;) {
        la_mat t;
        /* G = X^T X, r = ||G - I||_F */
        la_syrk(LA_UPPER, LA_TRANS, 1, X, 0, G);
        la__mirror(G, 1);
        r = la__dist_identity(G);
        if (!(r <= LA_REAL_MAX)) {
            st = LA_ERR_NONFINITE;
            break;
        }
        if (kind != LA_NS_MUON && r <= tol) {
            st = LA_OK;
            break;
        }
        if (it >= maxit) {
            if (kind == LA_NS_MUON) st = LA_OK;
            break;
        }
        /* P = ca I + cb G + cc G^2, X <- X P */
        if (cc != 0) {
            la__symm_square(G, P);
            for (i = 0; i < k; ++i)
                for (j = 0; j < k; ++j) LA_AT(P, i, j) = cc * LA_AT(P, i, j) + cb * LA_AT(G, i, j);
        } else {
            for (i = 0; i < k; ++i)
                for (j = 0; j < k; ++j) LA_AT(P, i, j) = cb * LA_AT(G, i, j);
        }
        for (i = 0; i < k; ++i) LA_AT(P, i, i) += ca;
        la_gemm(LA_NOTRANS, LA_NOTRANS, 1, X, P, 0, Y);
        t = X;
        X = Y;
        Y = t;
        ++it;
    }
    if (tall)
        la_mat_copy(X, Q);
    else
        la_mat_transpose(X, Q);
    la__scratch_end(&sc);
    return la__iter_done(info, st, it, 0, r, tol);
}

LA_API size_t la_polar_ws_bytes(la_int m, la_int n) {
    size_t mm = (size_t)LA__MAX(m, 0), nn = (size_t)LA__MAX(n, 0), k = LA__MIN(mm, nn);
    return la_ws_reals(mm * k) + 2 * la_ws_reals(k * nn) + la_ws_reals(k) +
           la_svd_ws_bytes(m, n, 1, 1) + LA_ARENA_ALIGN;
}

LA_API la_status la_polar(la_mat A, la_mat U, la_mat H, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int m, n, k, i, j;
    la_mat W, Vt, Y;
    la_real *s;
    if (la_mat_check(A) || la_mat_check(U) || (H.data && la_mat_check(H))) return LA_ERR_ARG;
    m = A.rows;
    n = A.cols;
    k = LA__MIN(m, n);
    if (U.rows != m || U.cols != n || (H.data && (H.rows != n || H.cols != n))) return LA_ERR_DIM;
    if (!la_mat_isfinite(A)) return LA_ERR_NONFINITE;
    if (k == 0) {
        if (H.data) la_mat_set(H, 0, 0);
        return LA_OK;
    }
    if ((st = la__scratch_begin(&sc, ws, la_polar_ws_bytes(m, n) - LA_ARENA_ALIGN -
                                             la_svd_ws_bytes(m, n, 1, 1))) != LA_OK)
        return st;
    W = la_mat_of(m, k, (la_real *)la__scratch_alloc(&sc, (size_t)m * k * sizeof(la_real)));
    Vt = la_mat_of(k, n, (la_real *)la__scratch_alloc(&sc, (size_t)k * n * sizeof(la_real)));
    Y = la_mat_of(k, n, (la_real *)la__scratch_alloc(&sc, (size_t)k * n * sizeof(la_real)));
    s = (la_real *)la__scratch_alloc(&sc, (size_t)k * sizeof(la_real));
    if ((st = la_svd(A, s, W, Vt, sc.heap ? NULL : ws)) != LA_OK) goto done;
    if (H.data) { /* H = Y^T Y, Y = diag(sqrt(s)) V^T */
        for (i = 0; i < k; ++i) {
            la_real r = LA_SQRT(s[i]);
            for (j = 0; j < n; ++j) LA_AT(Y, i, j) = r * LA_AT(Vt, i, j);
        }
        la_syrk(LA_UPPER, LA_TRANS, 1, Y, 0, H);
        la__mirror(H, 1);
    }
    la_gemm(LA_NOTRANS, LA_NOTRANS, 1, W, Vt, 0, U);
done:
    la__scratch_end(&sc);
    return st;
}

LA_API size_t la_powm_psd_ws_bytes(la_int n) {
    size_t nn = (size_t)LA__MAX(n, 0);
    return la_ws_reals(nn * nn) + la_ws_reals(nn) + la_eigh_ws_bytes(n, 1) + LA_ARENA_ALIGN;
}

LA_API la_status la_powm_psd(la_mat A, la_real r, la_real eps, la_mat X, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int n, i, j;
    la_real *w, wmax = 0, clamp;
    la_mat V;
    if (la_mat_check(A) || la_mat_check(X) || !(eps >= 0)) return LA_ERR_ARG;
    if (A.rows != A.cols || X.rows != A.rows || X.cols != A.cols) return LA_ERR_DIM;
    n = A.rows;
    if (!LA__ISFINITE(r) || !LA__ISFINITE(eps)) return LA_ERR_NONFINITE;
    for (i = 0; i < n; ++i)
        if (!la_vec_isfinite(i + 1, &LA_AT(A, i, 0))) return LA_ERR_NONFINITE;
    if (n == 0) return LA_OK;
    if ((st = la__scratch_begin(&sc, ws, la_ws_reals((size_t)n * n) + la_ws_reals((size_t)n))) !=
        LA_OK)
        return st;
    V = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    w = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    if ((st = la_eigh(A, w, V, sc.heap ? NULL : ws)) != LA_OK) goto done;
    for (i = 0; i < n; ++i) wmax = LA__MAX(wmax, LA_FABS(w[i]));
    clamp = 10 * (la_real)n * LA_EPS * wmax;
    for (j = 0; j < n; ++j) {
        la_real base = w[j], d, sq;
        if (base < 0) {
            if (base < -clamp) {
                st = LA_ERR_NOT_SPD;
                goto done;
            }
            base = 0;
        }
        base += eps;
        if (base == 0 && r < 0) {
            st = LA_ERR_SINGULAR;
            goto done;
        }
        d = r == 0 ? 1 : (base == 0 ? 0 : LA_POW(base, r));
        sq = LA_SQRT(d);
        for (i = 0; i < n; ++i) LA_AT(V, i, j) *= sq; /* V diag(d)^{1/2} */
    }
    la_syrk(LA_LOWER, LA_NOTRANS, 1, V, 0, X);
    la__mirror(X, 0);
    if (!la_mat_isfinite(X)) st = LA_ERR_NONFINITE;
done:
    la__scratch_end(&sc);
    return st;
}

LA_API size_t la_expm_ws_bytes(la_int n) {
    size_t nn = (size_t)LA__MAX(n, 0);
    return 7 * la_ws_reals(nn * nn) + la_ws_ints(nn) + LA_ARENA_ALIGN;
}

/* C <- beta C + c0 I + c1 P1 + c2 P2 + c3 P3 (beta 0 or 1; a term whose
 * matrix has NULL data is skipped). */
LA__PRIV void la__mat_combo(la_mat C, la_real beta, la_real c0, la_real c1, la_mat P1,
                            la_real c2, la_mat P2, la_real c3, la_mat P3) {
    la_int i, j, n = C.rows;
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) {
            la_real v = (beta != 0 ? LA_AT(C, i, j) : 0) + (i == j ? c0 : 0);
            if (P1.data) v += c1 * LA_AT(P1, i, j);
            if (P2.data) v += c2 * LA_AT(P2, i, j);
            if (P3.data) v += c3 * LA_AT(P3, i, j);
            LA_AT(C, i, j) = v;
        }
}

LA_API la_status la_expm(la_mat A, la_mat X, la_arena *ws) {
    /* Pade coefficients b_0..b_m (Higham 2005, Table 2.2 and eq. 2.1). */
    static const double b3[] = {120, 60, 12, 1};
    static const double b5[] = {30240, 15120, 3360, 420, 30, 1};
    static const double b7[] = {17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1};
    static const double b9[] = {17643225600., 8821612800., 2075673600., 302702400., 30270240.,
                                2162160., 110880., 3960., 90., 1.};
    static const double b13[] = {64764752532480000., 32382376266240000., 7771770303897600.,
                                 1187353796428800., 129060195264000., 10559470521600.,
                                 670442572800., 33522128640., 1323241920., 40840800., 960960.,
                                 16380., 182., 1.};
#if LA_REAL_IS_FLOAT
    static const double theta[] = {4.258730016922831e-1, 1.880152677804762, 3.925724783138660};
    const int nth = 3;
#else
    static const double theta[] = {1.495585217958292e-2, 2.539398330063230e-1,
                                   9.504178996162932e-1, 2.097847961257068, 5.371920351148152};
    const int nth = 5;
#endif
    static const int degrees[] = {3, 5, 7, 9, 13};
    la__scratch sc;
    la_status st;
    la_int n, i, s = 0, *piv;
    la_real nrm;
    la_mat As, A2, A4, A6, U, V, W, t, none = la_mat_of(0, 0, NULL);
    int m = 0, k;
    const double *b;
    if (la_mat_check(A) || la_mat_check(X)) return LA_ERR_ARG;
    if (A.rows != A.cols || X.rows != A.rows || X.cols != A.cols) return LA_ERR_DIM;
    n = A.rows;
    if (!la_mat_isfinite(A)) return LA_ERR_NONFINITE;
    if (n == 0) return LA_OK;
    if ((st = la__scratch_begin(&sc, ws, la_expm_ws_bytes(n) - LA_ARENA_ALIGN)) != LA_OK) return st;
    As = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    A2 = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    A4 = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    A6 = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    U = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    V = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    W = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    piv = (la_int *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_int));
    la_mat_copy(A, As);
    nrm = la_norm_1(As);
    for (k = 0; k < nth && !m; ++k)
        if (nrm <= (la_real)theta[k]) m = degrees[k];
    if (!m) { /* the largest degree, after scaling by 2^-s */
        m = degrees[nth - 1];
        s = (la_int)LA_CEIL(LA_LOG(nrm / (la_real)theta[nth - 1]) / LA_LOG((la_real)2));
        if (s < 0) s = 0;
        if (s > 0) {
            la_real f = LA_POW((la_real)2, (la_real)-s);
            for (i = 0; i < n; ++i) la_scal(n, f, &LA_AT(As, i, 0), 1);
        }
    }
    b = m == 3 ? b3 : m == 5 ? b5 : m == 7 ? b7 : m == 9 ? b9 : b13;
    la_gemm(LA_NOTRANS, LA_NOTRANS, 1, As, As, 0, A2);
    if (m >= 5) la_gemm(LA_NOTRANS, LA_NOTRANS, 1, A2, A2, 0, A4);
    if (m >= 7) la_gemm(LA_NOTRANS, LA_NOTRANS, 1, A4, A2, 0, A6);
    if (m <= 9) {
        /* W = b1 I + b3 A2 + b5 A4 + b7 A6 (+ b9 A8), V = b0 I + b2 A2 + ...,
         * U = A W */
        la__mat_combo(W, 0, (la_real)b[1], (la_real)b[3], A2, m >= 5 ? (la_real)b[5] : 0,
                      m >= 5 ? A4 : none, m >= 7 ? (la_real)b[7] : 0, m >= 7 ? A6 : none);
        la__mat_combo(V, 0, (la_real)b[0], (la_real)b[2], A2, m >= 5 ? (la_real)b[4] : 0,
                      m >= 5 ? A4 : none, m >= 7 ? (la_real)b[6] : 0, m >= 7 ? A6 : none);
        if (m == 9) { /* A8 = A4^2, in U for a moment */
            la_gemm(LA_NOTRANS, LA_NOTRANS, 1, A4, A4, 0, U);
            la__mat_combo(W, 1, 0, (la_real)b[9], U, 0, none, 0, none);
            la__mat_combo(V, 1, 0, (la_real)b[8], U, 0, none, 0, none);
        }
        la_gemm(LA_NOTRANS, LA_NOTRANS, 1, As, W, 0, U);
    } else {
        /* U = A [A6 (b13 A6 + b11 A4 + b9 A2) + b7 A6 + b5 A4 + b3 A2 + b1 I]
         * V = A6 (b12 A6 + b10 A4 + b8 A2) + b6 A6 + b4 A4 + b2 A2 + b0 I */
        la__mat_combo(W, 0, 0, (la_real)b[13], A6, (la_real)b[11], A4, (la_real)b[9], A2);
        la_gemm(LA_NOTRANS, LA_NOTRANS, 1, A6, W, 0, V);
        la__mat_combo(V, 1, (la_real)b[1], (la_real)b[7], A6, (la_real)b[5], A4, (la_real)b[3], A2);
        la_gemm(LA_NOTRANS, LA_NOTRANS, 1, As, V, 0, U);
        la__mat_combo(W, 0, 0, (la_real)b[12], A6, (la_real)b[10], A4, (la_real)b[8], A2);
        la_gemm(LA_NOTRANS, LA_NOTRANS, 1, A6, W, 0, V);
        la__mat_combo(V, 1, (la_real)b[0], (la_real)b[6], A6, (la_real)b[4], A4, (la_real)b[2], A2);
    }
    /* r_m = (V - U)^{-1} (V + U): V - U into A2, V + U into V */
    la__mat_combo(A2, 0, 0, 1, V, -1, U, 0, none);
    la__mat_combo(V, 1, 0, 1, U, 0, none, 0, none);
    if ((st = la_lu(A2, piv)) != LA_OK) goto done;
    if ((st = la_lu_solve(A2, piv, V)) != LA_OK) goto done;
    for (i = 0; i < s; ++i) { /* undo the scaling: square s times */
        la_gemm(LA_NOTRANS, LA_NOTRANS, 1, V, V, 0, W);
        t = V;
        V = W;
        W = t;
    }
    la_mat_copy(V, X);
    if (!la_mat_isfinite(X)) st = LA_ERR_NONFINITE;
done:
    la__scratch_end(&sc);
    return st;
}

/* ----------------------------------------------------------------------
 * 14. Iterative methods: CG, MINRES, Lanczos, randomized SVD, estimators
 * ---------------------------------------------------------------------- */

LA_API int la_linop_mat(const la_real *x, la_real *y, void *A) {
    const la_mat *M = (const la_mat *)A;
    return !M || la_gemv(LA_NOTRANS, 1, *M, x, 0, y) != LA_OK;
}

LA_API int la_linop_mat_trans(const la_real *x, la_real *y, void *A) {
    const la_mat *M = (const la_mat *)A;
    return !M || la_gemv(LA_TRANS, 1, *M, x, 0, y) != LA_OK;
}

LA_API int la_linop_jacobi(const la_real *x, la_real *y, void *ctx) {
    const la_jacobi *J = (const la_jacobi *)ctx;
    la_int i;
    if (!J || (J->n > 0 && !J->diag)) return 1;
    for (i = 0; i < J->n; ++i) {
        la_real d = J->diag[i];
        y[i] = (d != 0 && LA__ISFINITE(d)) ? x[i] / d : x[i];
    }
    return 0;
}

/* y <- op(x) through a callback: LA_ERR_ABORTED when it returns non-zero,
 * LA_ERR_NONFINITE when y (ny entries) is not finite; counts the call. */
LA__PRIV la_status la__linop_apply(la_linop op, void *ctx, const la_real *x, la_real *y,
                                   la_int ny, la_int *count) {
    if (op(x, y, ctx)) return LA_ERR_ABORTED;
    if (count) ++*count;
    return la_vec_isfinite(ny, y) ? LA_OK : LA_ERR_NONFINITE;
}

/* 1 if x[0..n) is all zeros. */
LA__PRIV int la__vec_iszero(la_int n, const la_real *x) {
    la_int i;
    for (i = 0; i < n; ++i)
        if (x[i] != 0) return 0;
    return 1;
}

/* r <- b - A x (A x computed into r first); skips A when x is zero. */
LA__PRIV la_status la__linop_residual(la_linop A, void *ctx, la_int n, const la_real *b,
                                      const la_real *x, la_real *r, la_int *count) {
    la_int i;
    la_status st;
    if (la__vec_iszero(n, x)) {
        la_copy(n, b, 1, r, 1);
        return LA_OK;
    }
    if ((st = la__linop_apply(A, ctx, x, r, n, count)) != LA_OK) return st;
    for (i = 0; i < n; ++i) r[i] = b[i] - r[i];
    return LA_OK;
}

/* Checks and defaults shared by the square solvers (CG, MINRES,
 * Chebyshev): arguments, options, finiteness of b and of the initial guess
 * x, and *bnorm = ||b||. With b = 0 it sets x = 0 (the solution) and the
 * caller is done. */
LA__PRIV la_status la__solve_begin(la_int n, la_linop A, const la_real *b, la_real *x,
                                   const la_iter_opts *o, la_real *tol, la_int *maxit,
                                   la_real *bnorm) {
    la_status st;
    la_int i;
    uint64_t seed;
    *tol = 0;
    *bnorm = 0;
    if (n < 0 || !A || (n > 0 && (!b || !x))) return LA_ERR_ARG;
    if ((st = la__iter_opts_get(o, 10 * n, tol, maxit, &seed)) != LA_OK) return st;
    if (!la_vec_isfinite(n, b) || !la_vec_isfinite(n, x)) return LA_ERR_NONFINITE;
    *bnorm = la_nrm2(n, b, 1);
    if (*bnorm == 0)
        for (i = 0; i < n; ++i) x[i] = 0;
    return LA_OK;
}

LA_API la_status la_pcg(la_int n, la_linop A, void *actx, la_linop M, void *mctx,
                        const la_real *b, la_real *x, const la_iter_opts *o,
                        la_iter_info *info, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_real tol = 0, bnorm, rnorm = 0, thresh, rz = 0;
    la_real *r, *z, *p, *q;
    la_int maxit, it = 0, mv = 0, i;
    int restart = 1;
    la__iter_info_clear(info);
    st = la__solve_begin(n, A, b, x, o, &tol, &maxit, &bnorm);
    if (st != LA_OK || bnorm == 0) return la__iter_done(info, st, 0, 0, 0, tol);
    if ((st = la__scratch_begin(&sc, ws, (M ? 4 : 3) * la_ws_reals((size_t)n))) != LA_OK)
        return la__iter_done(info, st, 0, 0, 0, tol);
    r = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    p = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    q = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    z = M ? (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real)) : r;
    thresh = tol * bnorm;
    if ((st = la__linop_residual(A, actx, n, b, x, r, &mv)) != LA_OK) goto done;
    rnorm = la_nrm2(n, r, 1);
    for (;;) {
        la_real rz_new, pq, alpha;
        if (rnorm <= thresh) {
            /* Confirm with the true residual; continue from it if the
             * recurrence drifted away. */
            if ((st = la__linop_residual(A, actx, n, b, x, q, &mv)) != LA_OK) goto done;
            rnorm = la_nrm2(n, q, 1);
            if (rnorm <= thresh) break;
            la_copy(n, q, 1, r, 1);
            restart = 1;
        }
        if (it >= maxit) {
            st = LA_ERR_NO_CONVERGENCE;
            goto done;
        }
        if (M) {
            if ((st = la__linop_apply(M, mctx, r, z, n, NULL)) != LA_OK) goto done;
            rz_new = la_dot(n, r, 1, z, 1);
        } else {
            rz_new = rnorm * rnorm;
        }
        if (!(rz_new > 0)) { /* r != 0 here: M is not positive definite */
            st = LA_ERR_BREAKDOWN;
            goto done;
        }
        if (restart) {
            la_copy(n, z, 1, p, 1);
            restart = 0;
        } else {
            la_real beta = rz_new / rz;
            for (i = 0; i < n; ++i) p[i] = z[i] + beta * p[i];
        }
        rz = rz_new;
        if ((st = la__linop_apply(A, actx, p, q, n, &mv)) != LA_OK) goto done;
        pq = la_dot(n, p, 1, q, 1);
        if (!(pq > 0)) {
            if (info) info->curvature = pq / la_dot(n, p, 1, p, 1);
            st = LA_ERR_BREAKDOWN;
            goto done;
        }
        alpha = rz / pq;
        la_axpy(n, alpha, p, 1, x, 1);
        la_axpy(n, -alpha, q, 1, r, 1);
        rnorm = la_nrm2(n, r, 1);
        ++it;
    }
done:
    la__scratch_end(&sc);
    return la__iter_done(info, st, it, mv, rnorm / bnorm, tol);
}

LA_API la_status la_cg(la_int n, la_linop A, void *actx, const la_real *b, la_real *x,
                       const la_iter_opts *o, la_iter_info *info, la_arena *ws) {
    return la_pcg(n, A, actx, NULL, NULL, b, x, o, info, ws);
}

/* y <- M x, or a copy of x when there is no preconditioner. */
LA__PRIV la_status la__precond_apply(la_linop M, void *mctx, const la_real *x, la_real *y,
                                     la_int n) {
    if (!M) {
        la_copy(n, x, 1, y, 1);
        return LA_OK;
    }
    return la__linop_apply(M, mctx, x, y, n, NULL);
}

/* sqrt(a^2 + b^2) without overflow. */
LA__PRIV la_real la__hypot(la_real a, la_real b) {
    la_real x = LA_FABS(a), y = LA_FABS(b), t;
    if (x < y) {
        t = x;
        x = y;
        y = t;
    }
    if (x == 0) return 0;
    t = y / x;
    return x * LA_SQRT(1 + t * t);
}

LA_API la_status la_minres(la_int n, la_linop A, void *actx, la_linop M, void *mctx,
                           const la_real *b, la_real *x, const la_iter_opts *o,
                           la_iter_info *info, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_real tol = 0, bnorm = 0, beta1, beta, oldb = 0, dbar = 0, epsln = 0, phibar, cs = -1,
            sn = 0, tnorm2 = 0, res = 0, nres = 0, anorm = 0;
    la_real *r1, *r2, *y, *v, *w, *w1, *w2, *t;
    la_int maxit, it = 0, mv = 0, i;
    la__iter_info_clear(info);
    st = la__solve_begin(n, A, b, x, o, &tol, &maxit, &bnorm);
    if (st != LA_OK || bnorm == 0) return la__iter_done(info, st, 0, 0, 0, tol);
    if ((st = la__scratch_begin(&sc, ws, 7 * la_ws_reals((size_t)n))) != LA_OK)
        return la__iter_done(info, st, 0, 0, 0, tol);
    r1 = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    r2 = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    y = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    v = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    w = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    w1 = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    w2 = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    /* ||b||_{M^-1}, the scale of the stopping test */
    if ((st = la__precond_apply(M, mctx, b, y, n)) != LA_OK) goto done;
    bnorm = la_dot(n, b, 1, y, 1);
    if (!(bnorm > 0)) {
        st = LA_ERR_BREAKDOWN;
        goto done;
    }
    bnorm = LA_SQRT(bnorm);
    if ((st = la__linop_residual(A, actx, n, b, x, r1, &mv)) != LA_OK) goto done;
    if ((st = la__precond_apply(M, mctx, r1, y, n)) != LA_OK) goto done;
    beta1 = la_dot(n, r1, 1, y, 1);
    if (beta1 < 0) {
        st = LA_ERR_BREAKDOWN;
        goto done;
    }
    beta1 = LA_SQRT(beta1);
    res = beta1 / bnorm;
    if (res <= tol) goto done;
    beta = beta1;
    phibar = beta1;
    la_copy(n, r1, 1, r2, 1);
    for (i = 0; i < n; ++i) w[i] = w2[i] = 0;
    /* Lanczos on M^{-1/2} A M^{-1/2}, the tridiagonal's QR by Givens
     * rotations, x updated along the directions w (Paige-Saunders 1975). */
    while (it < maxit) {
        la_real alfa, oldeps, delta, gbar, root, gamma, phi, s = 1 / beta;
        ++it;
        for (i = 0; i < n; ++i) v[i] = s * y[i];
        if ((st = la__linop_apply(A, actx, v, y, n, &mv)) != LA_OK) goto done;
        if (it >= 2) la_axpy(n, -beta / oldb, r1, 1, y, 1);
        alfa = la_dot(n, v, 1, y, 1);
        la_axpy(n, -alfa / beta, r2, 1, y, 1);
        t = r1; /* r1 <- r2, r2 <- y, y <- M^{-1} r2 */
        r1 = r2;
        r2 = y;
        y = t;
        if ((st = la__precond_apply(M, mctx, r2, y, n)) != LA_OK) goto done;
        oldb = beta;
        beta = la_dot(n, r2, 1, y, 1);
        if (beta < 0) {
            st = LA_ERR_BREAKDOWN;
            goto done;
        }
        beta = LA_SQRT(beta);
        tnorm2 += alfa * alfa + beta * beta + (it >= 2 ? oldb * oldb : 0);
        oldeps = epsln;
        delta = cs * dbar + sn * alfa;
        gbar = sn * dbar - cs * alfa;
        epsln = sn * beta;
        dbar = -cs * beta;
        root = la__hypot(gbar, dbar);
        anorm = LA_SQRT(tnorm2);
        nres = anorm > 0 ? root / anorm : 0; /* ||A r|| / (||A|| ||r||) of x */
        if (nres <= tol) goto done; /* a least-squares solution: stop before
                                       a step through a vanishing gamma */
        gamma = la__hypot(gbar, beta);
        if (gamma <= LA_EPS * anorm) break; /* A singular to working precision
                                               along the new direction */
        cs = gbar / gamma;
        sn = beta / gamma;
        phi = cs * phibar;
        phibar = sn * phibar;
        t = w1; /* w1 <- w2, w2 <- w, w <- (v - oldeps w1 - delta w2) / gamma */
        w1 = w2;
        w2 = w;
        w = t;
        for (i = 0; i < n; ++i) w[i] = (v[i] - oldeps * w1[i] - delta * w2[i]) / gamma;
        la_axpy(n, phi, w, 1, x, 1);
        res = phibar / bnorm;
        if (res <= tol) goto done;
        if (beta == 0) break; /* invariant Krylov space: x is final */
    }
    st = res <= tol || nres <= tol ? LA_OK : LA_ERR_NO_CONVERGENCE;
done:
    la__scratch_end(&sc);
    if (info) {
        info->normal_residual = nres;
        info->anorm = anorm;
    }
    return la__iter_done(info, st, it, mv, res, tol);
}

LA_API la_status la_lsqr(la_int m, la_int n, la_linop A, la_linop At, void *ctx,
                         const la_real *b, la_real damp, la_real *x, const la_iter_opts *o,
                         la_iter_info *info, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_real tol = 0, alfa, beta, rhobar, phibar, bnorm, anorm = 0, acond = 0, ddnorm = 0,
            res2 = 0, xxnorm = 0, z = 0, cs2 = -1, sn2 = 0, rnorm, arnorm, test1 = 0, test2 = 0;
    la_real *u, *tm, *v, *w, *tn;
    la_int maxit, it = 0, mv = 0, i;
    uint64_t seed;
    la__iter_info_clear(info);
    if (m < 0 || n < 0 || !A || !At || (m > 0 && !b) || (n > 0 && !x) || !(damp >= 0))
        return la__iter_done(info, LA_ERR_ARG, 0, 0, 0, 0);
    if ((st = la__iter_opts_get(o, 4 * LA__MAX(m, n) + 20, &tol, &maxit, &seed)) != LA_OK)
        return la__iter_done(info, st, 0, 0, 0, 0);
    if (!la_vec_isfinite(m, b) || !LA__ISFINITE(damp))
        return la__iter_done(info, LA_ERR_NONFINITE, 0, 0, 0, tol);
    for (i = 0; i < n; ++i) x[i] = 0;
    bnorm = la_nrm2(m, b, 1);
    if (bnorm == 0 || n == 0) return la__iter_done(info, LA_OK, 0, 0, bnorm > 0, tol);
    if ((st = la__scratch_begin(&sc, ws, 2 * la_ws_reals((size_t)m) + 3 * la_ws_reals((size_t)n))) !=
        LA_OK)
        return la__iter_done(info, st, 0, 0, 0, tol);
    u = (la_real *)la__scratch_alloc(&sc, (size_t)m * sizeof(la_real));
    tm = (la_real *)la__scratch_alloc(&sc, (size_t)m * sizeof(la_real));
    v = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    w = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    tn = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    /* Golub-Kahan bidiagonalization started from b, its QR by rotations
     * (with the damping rows eliminated first), Paige-Saunders 1982. */
    la_copy(m, b, 1, u, 1);
    beta = la__normalize(m, u);
    if ((st = la__linop_apply(At, ctx, u, v, n, &mv)) != LA_OK) goto done;
    alfa = la__normalize(n, v);
    la_copy(n, v, 1, w, 1);
    rhobar = alfa;
    phibar = beta;
    rnorm = beta;
    arnorm = alfa * beta;
    test1 = 1;
    if (arnorm == 0) goto done; /* A^T b = 0: x = 0 is the solution */
    while (it < maxit) {
        la_real rhobar1, cs1, sn1, psi, rho, cs, sn, theta, phi, tau, t1, t2, delta, gambar, rhs,
                zbar, gamma, xnorm, dk2 = 0;
        ++it;
        if ((st = la__linop_apply(A, ctx, v, tm, m, &mv)) != LA_OK) goto done;
        for (i = 0; i < m; ++i) u[i] = tm[i] - alfa * u[i];
        beta = la__normalize(m, u);
        anorm = LA_SQRT(anorm * anorm + alfa * alfa + beta * beta + damp * damp);
        if (beta > 0) {
            if ((st = la__linop_apply(At, ctx, u, tn, n, &mv)) != LA_OK) goto done;
            for (i = 0; i < n; ++i) v[i] = tn[i] - beta * v[i];
            alfa = la__normalize(n, v);
        }
        rhobar1 = la__hypot(rhobar, damp);
        cs1 = rhobar / rhobar1;
        sn1 = damp / rhobar1;
        psi = sn1 * phibar;
        phibar = cs1 * phibar;
        rho = la__hypot(rhobar1, beta);
        cs = rhobar1 / rho;
        sn = beta / rho;
        theta = sn * alfa;
        rhobar = -cs * alfa;
        phi = cs * phibar;
        phibar = sn * phibar;
        tau = sn * phi;
        t1 = phi / rho;
        t2 = -theta / rho;
        for (i = 0; i < n; ++i) {
            la_real d = w[i] / rho;
            dk2 += d * d;
            x[i] += t1 * w[i];
            w[i] = v[i] + t2 * w[i];
        }
        ddnorm += dk2;
        /* ||x|| by a second rotation (Paige-Saunders' xnorm recurrence) */
        delta = sn2 * rho;
        gambar = -cs2 * rho;
        rhs = phi - delta * z;
        zbar = rhs / gambar;
        xnorm = LA_SQRT(xxnorm + zbar * zbar);
        gamma = la__hypot(gambar, theta);
        cs2 = gambar / gamma;
        sn2 = theta / gamma;
        z = rhs / gamma;
        xxnorm += z * z;
        acond = anorm * LA_SQRT(ddnorm);
        res2 += psi * psi;
        rnorm = LA_SQRT(phibar * phibar + res2);
        arnorm = alfa * LA_FABS(tau);
        test1 = rnorm / bnorm;
        test2 = rnorm > 0 ? arnorm / (anorm * rnorm) : 0;
        if (rnorm <= tol * (bnorm + anorm * xnorm) || test2 <= tol) goto done;
    }
    st = LA_ERR_NO_CONVERGENCE;
done:
    la__scratch_end(&sc);
    if (info) {
        info->normal_residual = test2;
        info->anorm = anorm;
        info->acond = acond;
    }
    return la__iter_done(info, st, it, mv, test1, tol);
}

LA_API la_status la_power_iter(la_int n, la_linop A, void *actx, la_real *lambda, la_real *v,
                               const la_iter_opts *o, la_iter_info *info, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_real tol = 0, res = 0, lam = 0;
    la_real *w;
    la_int maxit, it = 0, mv = 0, i;
    uint64_t seed;
    la__iter_info_clear(info);
    if (n < 0 || !A || !lambda || (n > 0 && !v)) return la__iter_done(info, LA_ERR_ARG, 0, 0, 0, 0);
    if ((st = la__iter_opts_get(o, 1000, &tol, &maxit, &seed)) != LA_OK)
        return la__iter_done(info, st, 0, 0, 0, 0);
    *lambda = 0;
    if (n == 0) return la__iter_done(info, LA_OK, 0, 0, 0, tol);
    if (!la_vec_isfinite(n, v)) return la__iter_done(info, LA_ERR_NONFINITE, 0, 0, 0, tol);
    if ((st = la__scratch_begin(&sc, ws, la_ws_reals((size_t)n))) != LA_OK)
        return la__iter_done(info, st, 0, 0, 0, tol);
    w = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    if (la__normalize(n, v) == 0) {
        la_rng rng = la_rng_seed(seed);
        la__vec_random_unit(&rng, n, v);
    }
    for (;;) {
        la_real wn;
        if ((st = la__linop_apply(A, actx, v, w, n, &mv)) != LA_OK) goto done;
        lam = la_dot(n, v, 1, w, 1);
        for (res = 0, i = 0; i < n; ++i) res += (w[i] - lam * v[i]) * (w[i] - lam * v[i]);
        res = LA_SQRT(res);
        if (res <= tol * LA_FABS(lam)) break;
        if (it >= maxit) {
            st = LA_ERR_NO_CONVERGENCE;
            break;
        }
        ++it;
        wn = la_nrm2(n, w, 1);
        for (i = 0; i < n; ++i) v[i] = w[i] / wn;
    }
done:
    la__scratch_end(&sc);
    *lambda = lam;
    return la__iter_done(info, st, it, mv, lam != 0 ? res / LA_FABS(lam) : res, tol);
}

/* z <- a Rademacher vector (entries +-1 with equal probability). */
LA__PRIV void la__vec_rademacher(la_rng *rng, la_int n, la_real *z) {
    la_int i = 0;
    while (i < n) {
        uint64_t bits = la_rng_u64(rng);
        int k;
        for (k = 0; k < 64 && i < n; ++k, ++i, bits >>= 1) z[i] = (bits & 1) ? 1 : -1;
    }
}

/* The probe loop shared by the trace and diagonal estimators: with
 * diag != NULL accumulates the mean of z .* A z, else the mean and sample
 * variance of z^T A z (Welford's recurrence). */
LA__PRIV la_status la__hutchinson(la_int n, la_linop A, void *actx, la_int probes,
                                  la_real *mean, la_real *var, la_real *diag,
                                  const la_iter_opts *o, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_real tol, mu = 0, m2 = 0;
    la_real *z, *y;
    la_int maxit, k, i;
    uint64_t seed;
    la_rng rng;
    if (n < 0 || !A || probes < 1) return LA_ERR_ARG;
    if ((st = la__iter_opts_get(o, 1, &tol, &maxit, &seed)) != LA_OK) return st;
    if (n == 0) return LA_OK;
    if ((st = la__scratch_begin(&sc, ws, 2 * la_ws_reals((size_t)n))) != LA_OK) return st;
    z = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    y = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    rng = la_rng_seed(seed);
    if (diag)
        for (i = 0; i < n; ++i) diag[i] = 0;
    for (k = 0; k < probes; ++k) {
        la__vec_rademacher(&rng, n, z);
        if ((st = la__linop_apply(A, actx, z, y, n, NULL)) != LA_OK) goto done;
        if (diag) {
            for (i = 0; i < n; ++i) diag[i] += (z[i] * y[i] - diag[i]) / (la_real)(k + 1);
        } else {
            la_real s = la_dot(n, z, 1, y, 1), d = s - mu;
            mu += d / (la_real)(k + 1);
            m2 += d * (s - mu);
        }
    }
    if (mean) *mean = mu;
    if (var) *var = probes > 1 ? m2 / (la_real)(probes - 1) : 0;
done:
    la__scratch_end(&sc);
    return st;
}

LA_API la_status la_hutchinson_trace(la_int n, la_linop A, void *actx, la_int probes,
                                     la_real *trace, la_real *std_error,
                                     const la_iter_opts *o, la_arena *ws) {
    la_real mu = 0, var = 0;
    la_status st;
    if (!trace) return LA_ERR_ARG;
    st = la__hutchinson(n, A, actx, probes, &mu, &var, NULL, o, ws);
    *trace = mu;
    if (std_error) *std_error = LA_SQRT(var / (la_real)LA__MAX(probes, 1));
    return st;
}

LA_API la_status la_hutchinson_diag(la_int n, la_linop A, void *actx, la_int probes,
                                    la_real *diag, const la_iter_opts *o, la_arena *ws) {
    if (n > 0 && !diag) return LA_ERR_ARG;
    return la__hutchinson(n, A, actx, probes, NULL, NULL, diag ? diag : (la_real *)NULL, o, ws);
}

/* One run of the Chebyshev recurrence (Saad 2003, Alg. 12.1) for A x = b
 * on [lmin, lmax], starting from x with r = b - A x already in r: at most
 * `steps` updates of x (steps - 1 applications of A when `final_free`
 * skips the residual update of the last one, as the preconditioner does),
 * stopping early when ||r|| <= thresh (thresh < 0: never). d and ad are
 * n-vectors of scratch. *done counts the updates. */
LA__PRIV la_status la__chebyshev_run(la_int n, la_linop A, void *actx, la_real lmin,
                                     la_real lmax, la_real *x, la_real *r, la_real *d,
                                     la_real *ad, la_int steps, la_real thresh, int final_free,
                                     la_int *done, la_int *mv) {
    la_real theta = (lmax + lmin) / 2, delta = (lmax - lmin) / 2, sigma1 = theta / delta,
            rho = 1 / sigma1;
    la_int i, k;
    la_status st;
    *done = 0;
    for (i = 0; i < n; ++i) d[i] = r[i] / theta;
    for (k = 0; k < steps; ++k) {
        la_real rho_new;
        if (thresh >= 0 && la_nrm2(n, r, 1) <= thresh) break;
        la_axpy(n, 1, d, 1, x, 1);
        ++*done;
        if (final_free && k == steps - 1) break;
        if ((st = la__linop_apply(A, actx, d, ad, n, mv)) != LA_OK) return st;
        la_axpy(n, -1, ad, 1, r, 1);
        rho_new = 1 / (2 * sigma1 - rho);
        for (i = 0; i < n; ++i) d[i] = rho_new * rho * d[i] + (2 * rho_new / delta) * r[i];
        rho = rho_new;
    }
    return LA_OK;
}

/* 0 < lmin < lmax, both finite. */
LA__PRIV int la__cheb_bounds_ok(la_real lmin, la_real lmax) {
    return lmin > 0 && lmax > lmin && LA__ISFINITE(lmax);
}

LA_API la_status la_chebyshev(la_int n, la_linop A, void *actx, la_real lmin, la_real lmax,
                              const la_real *b, la_real *x, const la_iter_opts *o,
                              la_iter_info *info, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_real tol = 0, bnorm, rnorm = 0;
    la_real *r, *d, *ad;
    la_int maxit, it = 0, mv = 0;
    la__iter_info_clear(info);
    if (!la__cheb_bounds_ok(lmin, lmax)) return la__iter_done(info, LA_ERR_ARG, 0, 0, 0, 0);
    st = la__solve_begin(n, A, b, x, o, &tol, &maxit, &bnorm);
    if (st != LA_OK || bnorm == 0) return la__iter_done(info, st, 0, 0, 0, tol);
    if ((st = la__scratch_begin(&sc, ws, 3 * la_ws_reals((size_t)n))) != LA_OK)
        return la__iter_done(info, st, 0, 0, 0, tol);
    r = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    d = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    ad = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    if ((st = la__linop_residual(A, actx, n, b, x, r, &mv)) != LA_OK) goto done;
    if ((st = la__chebyshev_run(n, A, actx, lmin, lmax, x, r, d, ad, maxit, tol * bnorm, 0, &it,
                                &mv)) != LA_OK)
        goto done;
    rnorm = la_nrm2(n, r, 1);
    st = rnorm <= tol * bnorm ? LA_OK : LA_ERR_NO_CONVERGENCE;
done:
    la__scratch_end(&sc);
    return la__iter_done(info, st, it, mv, rnorm / bnorm, tol);
}

LA_API la_status la_cheb_prec_init(la_cheb_prec *P, la_int n, la_linop A, void *actx,
                                   la_int degree, la_real lmin, la_real lmax, la_real *work) {
    if (!P || n < 0 || degree < 0 || !A || (n > 0 && !work) || !la__cheb_bounds_ok(lmin, lmax))
        return LA_ERR_ARG;
    P->n = n;
    P->degree = degree;
    P->A = A;
    P->actx = actx;
    P->lmin = lmin;
    P->lmax = lmax;
    P->work = work;
    return LA_OK;
}

LA_API int la_linop_chebyshev(const la_real *x, la_real *y, void *ctx) {
    const la_cheb_prec *P = (const la_cheb_prec *)ctx;
    la_int n, i, done;
    la_real *r;
    if (!P || !P->A || (P->n > 0 && !P->work)) return 1;
    n = P->n;
    r = P->work;
    la_copy(n, x, 1, r, 1);
    for (i = 0; i < n; ++i) y[i] = 0;
    return la__chebyshev_run(n, P->A, P->actx, P->lmin, P->lmax, y, r, r + n, r + 2 * (size_t)n,
                             P->degree + 1, -1, 1, &done, NULL) != LA_OK;
}

#endif /* LA_IMPLEMENTATION */

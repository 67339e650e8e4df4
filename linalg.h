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
 *   LA_FMA(a,b,c)    a*b+c in the kernels: fma() where the target has a fast
 *                    one (FP_FAST_FMA), the plain expression otherwise
 *   LA_GEMM_MC, LA_GEMM_KC, LA_GEMM_NC   cache block sizes of the built-in
 *                    gemm (section 5)
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
 * BLAS semantics. n <= 0 does nothing (and returns 0). In dot, axpy, copy
 * and swap a negative increment walks the vector backwards: element i is
 * x[(i + 1 - n) * inc]. scal, asum and nrm2 do nothing (return 0) and iamax
 * returns -1 for inc <= 0, as in the reference BLAS. An increment of 0
 * repeats one element (avoid it: CBLAS implementations differ). x and y
 * must not overlap. Cost: n or 2n flops, no workspace, no error status.
 * Unit-stride vectors take loops the compiler vectorizes (sums are split
 * into independent partial sums, so no -ffast-math is needed). Under
 * LA_USE_CBLAS every routine but la_iamax calls cblas_?dot, ?axpy, ...
 * ====================================================================== */

/* sum_i x_i y_i */
LA_API la_real la_dot(la_int n, const la_real *x, la_int incx, const la_real *y, la_int incy);
/* y <- alpha x + y (alpha == 0 returns at once: y is not touched). */
LA_API void la_axpy(la_int n, la_real alpha, const la_real *x, la_int incx, la_real *y, la_int incy);
/* x <- alpha x; alpha == 0 sets x to zero without reading it (a NaN in x
 * does not survive, as with beta == 0 in gemm). */
LA_API void la_scal(la_int n, la_real alpha, la_real *x, la_int incx);
/* y <- x */
LA_API void la_copy(la_int n, const la_real *x, la_int incx, la_real *y, la_int incy);
/* x <-> y */
LA_API void la_swap(la_int n, la_real *x, la_int incx, la_real *y, la_int incy);
/* sum_i |x_i| */
LA_API la_real la_asum(la_int n, const la_real *x, la_int incx);
/* Index (0-based) of the first element of largest |x_i|, or of the first
 * NaN if there is one; -1 when n <= 0 or incx <= 0. Built-in under
 * LA_USE_CBLAS too: the reference idamax (and OpenBLAS) skips a NaN that is
 * not the first element, which would hide it from a pivot search. */
LA_API la_int la_iamax(la_int n, const la_real *x, la_int incx);
/* ||x||_2 without overflow or harmful underflow. A sum of squares in
 * working precision when it provably neither overflowed nor lost accuracy
 * to underflow (finite and >= n * LA_REAL_MIN); otherwise Blue's algorithm
 * (Blue 1978, with the constants of Anderson, "Algorithm 978: Safe scaling
 * in the Level 1 BLAS", 2017): three accumulators for small, medium and big
 * elements, the extreme ones scaled by powers of two. Relative error a small
 * multiple of n * LA_EPS; NaN if x holds a NaN, else Inf if it holds an Inf. */
LA_API la_real la_nrm2(la_int n, const la_real *x, la_int incx);

/* ======================================================================
 * 4. Level-2 kernels: matrix-vector (vectors are contiguous)
 *
 * Errors: LA_ERR_ARG for a malformed view or a NULL vector that would be
 * used, LA_ERR_DIM for a non-square triangular or symmetric matrix. No
 * workspace. Vectors must not overlap A or each other. Under LA_USE_CBLAS
 * they call cblas_?gemv, ?ger, ?symv, ?trmv, ?trsv.
 * ====================================================================== */

/* y <- alpha op(A) x + beta y, op(A) m x n: 2mn flops. beta == 0 sets y
 * without reading it (NaN in y is ignored); alpha == 0 only scales y. */
LA_API la_status la_gemv(la_trans ta, la_real alpha, la_mat A, const la_real *x,
                         la_real beta, la_real *y);
/* A <- A + alpha x y^T (A is m x n, x has m entries, y has n): 2mn flops. */
LA_API la_status la_ger(la_real alpha, const la_real *x, const la_real *y, la_mat A);
/* y <- alpha A x + beta y for symmetric n x n A, reading only its `uplo`
 * triangle: 2n^2 flops. beta == 0 as in la_gemv. */
LA_API la_status la_symv(la_uplo uplo, la_real alpha, la_mat A, const la_real *x,
                         la_real beta, la_real *y);
/* x <- op(A) x for triangular n x n A (the `uplo` triangle; diag == LA_UNIT
 * takes the diagonal as ones without reading it): n^2 flops. */
LA_API la_status la_trmv(la_uplo uplo, la_trans ta, la_diag diag, la_mat A, la_real *x);
/* x <- op(A)^{-1} x by substitution: n^2 flops. No singularity test (BLAS
 * semantics): a zero on the diagonal gives Inf/NaN; the factorization
 * routines test for it. */
LA_API la_status la_trsv(la_uplo uplo, la_trans ta, la_diag diag, la_mat A, la_real *x);

/* ======================================================================
 * 5. Level-3 kernels: matrix-matrix
 *
 * The built-in gemm follows Goto and van de Geijn ("Anatomy of high-
 * performance matrix multiplication", 2008) as organized in BLIS (Van Zee
 * and van de Geijn, 2015): op(A) is packed in blocks of LA_GEMM_MC x
 * LA_GEMM_KC (micro-panels of MR rows), op(B) in blocks of LA_GEMM_KC x
 * LA_GEMM_NC (micro-panels of NR columns), and a register-blocked micro-
 * kernel computes each MR x NR tile of C. The micro-kernel is plain C the
 * compiler vectorizes (MR rows of NR-wide accumulators sized to the vector
 * registers the compiler targets: build with -O3 -march=native, or at
 * least -mavx2 -mfma, for speed); the packed buffers come from the arena,
 * or one LA_MALLOC block per call. syrk is the same loop restricted to one
 * triangle; trmm and trsm are recursive (Elmroth, Gustavson, Jonsson and
 * Kagstrom, "Recursive blocked algorithms and hybrid data structures for
 * dense matrix library software", 2004), so most of their flops run in
 * gemm. LA_USE_OPENMP parallelizes the packing and the loop over the
 * micro-panels of op(A). Under LA_USE_CBLAS they call cblas_?gemm, ?syrk,
 * ?trmm, ?trsm and ignore the arena.
 *
 * Memory: the level-3 kernels never fail for lack of memory. The arena (or
 * with ws == NULL one LA_MALLOC block) only makes them fast: when it is too
 * small, or under LA_NO_MALLOC with ws == NULL, they run an unpacked,
 * cache-blocked loop that needs no workspace (same result to rounding,
 * several times slower on large matrices). Small products take that loop
 * anyway, without allocating.
 *
 * Errors: LA_ERR_ARG for a malformed view, LA_ERR_DIM when the shapes do
 * not agree. C (or B) must not overlap the other operands.
 * ====================================================================== */

/* Cache block sizes of the built-in gemm (define before including to tune
 * for another machine): KC x NC of op(B) should fit in the L2 cache and
 * MC x KC of op(A) in the L3 cache; MR x KC of op(A) stays in L1. */
#ifndef LA_GEMM_KC
#define LA_GEMM_KC 256
#endif
#ifndef LA_GEMM_MC
#define LA_GEMM_MC 1024
#endif
#ifndef LA_GEMM_NC
#define LA_GEMM_NC 256
#endif

/* C <- alpha op(A) op(B) + beta C, op(A) m x k, op(B) k x n: 2mnk flops.
 * beta == 0 sets C without reading it (NaN in C is ignored); alpha == 0 or
 * k == 0 only scales C. Packing buffers: one LA_MALLOC block per call (none
 * for small products); see la_gemm_ws to supply them. */
LA_API la_status la_gemm(la_trans ta, la_trans tb, la_real alpha, la_mat A, la_mat B,
                         la_real beta, la_mat C);
/* la_gemm with the packing buffers taken from ws (ws == NULL: la_gemm).
 * Workspace: la_gemm_ws_bytes(m, n, k); with less, the unpacked loop runs
 * (see "Memory" above) and ws is left as it was. */
LA_API la_status la_gemm_ws(la_trans ta, la_trans tb, la_real alpha, la_mat A, la_mat B,
                            la_real beta, la_mat C, la_arena *ws);
/* Bytes of arena that la_gemm_ws needs for an m x n x k product at full
 * speed: la_ws_reals(mc * kc) + la_ws_reals(kc * nc) + LA_ARENA_ALIGN with
 * kc = min(k, LA_GEMM_KC), mc = min(m, LA_GEMM_MC) and nc = min(n,
 * LA_GEMM_NC) rounded up to the micro-tile (at most 4 MB in double with the
 * default block sizes). 0 under LA_USE_CBLAS, or if a dimension is <= 0. */
LA_API size_t la_gemm_ws_bytes(la_int m, la_int n, la_int k);

/* C <- alpha op(A) op(A)^T + beta C on the `uplo` triangle of the n x n C
 * (op(A) is n x k): n^2 k flops; the other triangle is not touched. beta ==
 * 0 as in la_gemm. Workspace (la_syrk_ws): la_gemm_ws_bytes(n, n, k). */
LA_API la_status la_syrk(la_uplo uplo, la_trans ta, la_real alpha, la_mat A,
                         la_real beta, la_mat C);
LA_API la_status la_syrk_ws(la_uplo uplo, la_trans ta, la_real alpha, la_mat A,
                            la_real beta, la_mat C, la_arena *ws);
/* B <- alpha op(A) B (side LEFT) or alpha B op(A) (side RIGHT), A
 * triangular (the `uplo` triangle; LA_UNIT takes ones on the diagonal),
 * B m x n: m^2 n (LEFT) or m n^2 (RIGHT) flops. alpha == 0 sets B to zero.
 * Workspace (la_trmm_ws): la_gemm_ws_bytes(m, n, order of A). */
LA_API la_status la_trmm(la_side side, la_uplo uplo, la_trans ta, la_diag diag,
                         la_real alpha, la_mat A, la_mat B);
LA_API la_status la_trmm_ws(la_side side, la_uplo uplo, la_trans ta, la_diag diag,
                            la_real alpha, la_mat A, la_mat B, la_arena *ws);
/* B <- alpha op(A)^{-1} B (side LEFT) or alpha B op(A)^{-1} (side RIGHT),
 * same flops and workspace as la_trmm. No singularity test (BLAS
 * semantics): a zero on the diagonal gives Inf/NaN. */
LA_API la_status la_trsm(la_side side, la_uplo uplo, la_trans ta, la_diag diag,
                         la_real alpha, la_mat A, la_mat B);
LA_API la_status la_trsm_ws(la_side side, la_uplo uplo, la_trans ta, la_diag diag,
                            la_real alpha, la_mat A, la_mat B, la_arena *ws);

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
 *
 * Pivots are 0-based: piv[i] = p means row i was interchanged with row p
 * (p >= i) at step i, in order i = 0, 1, ...; P A = L U with P the product
 * of those interchanges. Under LA_USE_LAPACKE a square la_lu calls dgetrf
 * (on the transposed storage, transposed back in place) and la_inv calls
 * dgetrf + dgetri on the implicit transpose; the results have the same
 * meaning as the built-in ones.
 * ====================================================================== */

/* P A = L U for an m x n matrix (L unit lower, stored below the diagonal; U
 * on and above it). piv has min(m, n) entries: row i was interchanged with
 * row piv[i] (0-based, in order i = 0, 1, ...). Errors: LA_ERR_NONFINITE;
 * LA_ERR_SINGULAR when a pivot is exactly zero (the factorization is then
 * complete, as in LAPACK's dgetrf with info > 0).
 * Cost: m n^2 - n^3/3 flops (2n^3/3 square), most of it in la_gemm and
 * la_trsm. No workspace. Method: recursive LU (Toledo 1997; LAPACK's
 * dgetrf2): split the columns in halves, factor the left half, update the
 * right half with one triangular solve and one matrix product, recurse;
 * narrow panels use the unblocked right-looking algorithm. A non-square
 * matrix always takes the built-in path. */
LA_API la_status la_lu(la_mat A, la_int *piv);
/* la_lu with the level-3 kernels' packing buffers taken from ws (la_lu
 * itself takes one LA_MALLOC block of la_lu_ws_bytes(m, n) for the whole
 * factorization, or, under LA_NO_MALLOC, runs the kernels unpacked). The
 * arena only makes it fast: a NULL or too small one is never an error. */
LA_API la_status la_lu_ws(la_mat A, la_int *piv, la_arena *ws);
LA_API size_t la_lu_ws_bytes(la_int m, la_int n);
/* B <- A^{-1} B given the factors of a square A from la_lu (B n x k).
 * Cost 2 n^2 k flops, no workspace. Errors: LA_ERR_DIM, LA_ERR_ARG (a pivot
 * out of range), LA_ERR_NONFINITE (NaN/Inf in B; or the solution overflowed,
 * B is then overwritten), LA_ERR_SINGULAR (a zero on U's diagonal; B is
 * left unchanged). Method: row interchanges, then two la_trsm (as dgetrs). */
LA_API la_status la_lu_solve(la_mat LU, const la_int *piv, la_mat B);
/* B <- A^{-T} B (solves A^T X = B) given the factors of a square A from
 * la_lu. Cost, errors and workspace as la_lu_solve. */
LA_API la_status la_lu_solve_trans(la_mat LU, const la_int *piv, la_mat B);
/* det(A) from the factors of a square A: the product of U's diagonal with
 * the sign of the permutation. Overflows to +-Inf or underflows to 0 for
 * large n; use la_lu_logdet then. Cost n flops. Errors: LA_ERR_DIM,
 * LA_ERR_ARG. */
LA_API la_status la_lu_det(la_mat LU, const la_int *piv, la_real *det);
/* log|det(A)| and sign(det(A)) in {-1, 0, +1} from the factors of a square
 * A, without overflow. A singular A gives *sign = 0 and *logabsdet = -Inf.
 * Cost n logarithms. Errors: LA_ERR_DIM, LA_ERR_ARG. */
LA_API la_status la_lu_logdet(la_mat LU, const la_int *piv, la_real *logabsdet, la_real *sign);
/* A <- A^{-1} for a square A, in place. Cost 2 n^3 flops (LU, inverse of U,
 * then X L = U^{-1} by blocks of columns; LAPACK's dgetrf + dgetri).
 * Workspace: la_inv_ws_bytes(n) (n pivots, an n x 64 panel and the
 * kernels' packing buffers; under LA_USE_LAPACKE what dgetri asks for). Errors: LA_ERR_DIM, LA_ERR_NONFINITE,
 * LA_ERR_SINGULAR (exact zero pivot; A then holds its LU factors),
 * LA_ERR_NOMEM. */
LA_API la_status la_inv(la_mat A, la_arena *ws);
LA_API size_t la_inv_ws_bytes(la_int n);

/* ======================================================================
 * 8. QR, pivoted QR, least squares
 *
 * Storage (LAPACK's dgeqrf layout, row-major): for A m x n and k = min(m,n),
 * Q = H_0 H_1 ... H_{k-1}, H_j = I - tau_j v_j v_j^T with v_j(i) = 0 for
 * i < j, v_j(j) = 1 and v_j(i) for i > j stored in A(i, j) below the
 * diagonal; R is on and above the diagonal. Under LA_USE_LAPACKE la_qr,
 * la_qr_apply and la_qr_form_q call dgelqf, dormlq and dorglq on the
 * implicit transpose (the LQ factors of A^T are the QR factors of A in
 * exactly this layout); la_qr_pivoted is always built in.
 * ====================================================================== */

/* A = Q R, A m x n, in place (layout above); tau has min(m, n) entries.
 * Cost 2 m n^2 - 2 n^3/3 flops (m >= n). Workspace: la_qr_ws_bytes(m, n).
 * Errors: LA_ERR_ARG, LA_ERR_NONFINITE (A untouched), LA_ERR_NOMEM.
 * Method: Householder QR blocked with the compact WY representation
 * (Schreiber and Van Loan 1989): panels of 32 columns are factored with
 * level-2 operations and applied to the rest as I - V T V^T with la_gemm
 * and la_trmm (LAPACK's dgeqrf). */
LA_API la_status la_qr(la_mat A, la_real *tau, la_arena *ws);
LA_API size_t la_qr_ws_bytes(la_int m, la_int n);
/* A P = Q R with column pivoting: at step j the remaining column of largest
 * norm is moved to position j, so |R_00| >= |R_11| >= ... (up to rounding)
 * and the trailing diagonal reveals the numerical rank. perm[j] is the
 * original index of column j of A P (n entries); tau has min(m, n) entries;
 * storage as la_qr (la_qr_apply and la_qr_form_q accept it). Cost as la_qr
 * but in level-2 operations. Workspace: la_qr_pivoted_ws_bytes(m, n).
 * Errors: LA_ERR_ARG, LA_ERR_NONFINITE (A untouched), LA_ERR_NOMEM.
 * Method: Businger and Golub 1965, with the column-norm downdating of Drmac
 * and Bujanovic 2008 (a norm is recomputed when cancellation makes the
 * downdated value untrustworthy; LAPACK 3.x dlaqp2). Always built in. */
LA_API la_status la_qr_pivoted(la_mat A, la_real *tau, la_int *perm, la_arena *ws);
LA_API size_t la_qr_pivoted_ws_bytes(la_int m, la_int n);
/* Numerical rank from the R of a pivoted QR (m x n storage): the number of
 * leading diagonal entries with |R_jj| > rcond |R_00|. rcond < 0 selects
 * the default max(m, n) eps. Cost min(m, n). Errors: LA_ERR_ARG. */
LA_API la_status la_qr_rank(la_mat QR, la_real rcond, la_int *rank);
/* C <- op(Q) C (side LA_LEFT) or C op(Q) (LA_RIGHT), Q = H_0 ... H_{k-1}
 * from the first k reflectors of a QR (QR m x n storage, tau, k <= min(m,n)).
 * C has m rows (LEFT) or m columns (RIGHT). Cost about 4 m k c flops (c the
 * other dimension of C). Workspace: la_qr_apply_ws_bytes(side, m, k, C.rows,
 * C.cols). Errors: LA_ERR_ARG, LA_ERR_DIM, LA_ERR_NOMEM. Method: blocks of
 * 32 reflectors applied as I - V T V^T (LAPACK's dormqr). */
LA_API la_status la_qr_apply(la_side side, la_trans t, la_mat QR, const la_real *tau, la_int k,
                             la_mat C, la_arena *ws);
LA_API size_t la_qr_apply_ws_bytes(la_side side, la_int m, la_int k, la_int crows, la_int ccols);
/* The first Q.cols columns of Q = H_0 ... H_{k-1} (k = min(m, n) of an
 * m x n QR) into Q (m x q, k <= q <= m: q = k thin, q = m full). Q may be
 * QR itself (same data and ld: formed in place) but must not otherwise
 * overlap it. Cost about 4 m q k - 2 (m + q) k^2 + 4k^3/3 flops. Workspace:
 * la_qr_form_q_ws_bytes(m, q, k). Errors: LA_ERR_ARG, LA_ERR_DIM,
 * LA_ERR_NOMEM. Method: backward accumulation by blocks (LAPACK's dorgqr). */
LA_API la_status la_qr_form_q(la_mat QR, const la_real *tau, la_mat Q, la_arena *ws);
LA_API size_t la_qr_form_q_ws_bytes(la_int m, la_int q, la_int k);
/* Least squares min ||A X - B||_F for A m x n, m >= n, B m x k: X overwrites
 * the first n rows of B. A is overwritten by its factorization. Equivalent
 * to la_lstsq_rank(A, B, -1, NULL, ws): a rank-deficient A gets the
 * minimum-norm solution. Workspace: la_lstsq_ws_bytes(m, n, k). */
LA_API la_status la_lstsq(la_mat A, la_mat B, la_arena *ws);
/* Least squares with rank detection: X minimizes ||A X - B||_F and, among
 * the minimizers for the numerical rank r, ||X||_F. A is m x n (any shape),
 * B is max(m, n) x k: on entry its first m rows hold the right-hand sides,
 * on exit its first n rows hold X (rows n..m-1, when m > n, are
 * overwritten). The rank is the number of |R_jj| > rcond |R_00| in the
 * pivoted QR of A; rcond < 0 selects max(m, n) eps. *rank (may be NULL)
 * receives r. A is overwritten. Cost: 2 m n^2 - 2 n^3/3 + 4 m n k flops for
 * full rank (m >= n), plus a level-2 pivoted QR of the n x n R otherwise.
 * Workspace: la_lstsq_ws_bytes(m, n, k). Errors: LA_ERR_ARG, LA_ERR_DIM,
 * LA_ERR_NONFINITE (NaN/Inf in A or B: nothing written), LA_ERR_NOMEM.
 * Method: Householder QR A = Q R, B <- Q^T B. If m >= n and R is well
 * conditioned (a 1-norm estimate, Higham 1988, bounds sigma_min(R) well
 * above the tolerance), X = R^{-1} B. Otherwise a pivoted QR of R
 * (Businger-Golub; in exact arithmetic the pivoted QR of A) gives the rank
 * r, and the complete orthogonal decomposition [R11 R12] = [T 0] Z (Hanson
 * and Lawson 1969; LAPACK's dgelsy with dtzrzf) gives the minimum-norm
 * solution X = P Z^T [T^{-1} c; 0]. */
LA_API la_status la_lstsq_rank(la_mat A, la_mat B, la_real rcond, la_int *rank, la_arena *ws);
LA_API size_t la_lstsq_ws_bytes(la_int m, la_int n, la_int k);

/* ======================================================================
 * 9. Condition number estimates
 *
 * rcond = 1 / (||A||_1 ||A^{-1}||_1) with ||A^{-1}||_1 estimated from a few
 * solves with the factors (Hager 1984, Higham 1988: LAPACK's dlacn2). The
 * estimate of ||A^{-1}||_1 is a lower bound, almost always within a factor
 * 3, so rcond is an upper bound of the true value, rarely by more than 3.
 * rcond is 0 for an exactly singular factor or when the solves overflow,
 * and 1 for n = 0. Cost: a few (usually 4 or 5) pairs of triangular solves,
 * O(n^2). Workspace: la_rcond_ws_bytes(n) (3n reals). Errors: LA_ERR_ARG,
 * LA_ERR_DIM (not square), LA_ERR_NONFINITE (NaN/Inf in the factor or
 * anorm), LA_ERR_NOMEM.
 * ====================================================================== */

/* Reciprocal 1-norm condition number of the `uplo` triangle of T (diag ==
 * LA_UNIT: unit diagonal, not read). */
LA_API la_status la_tri_rcond(la_uplo uplo, la_diag diag, la_mat T, la_real *rcond, la_arena *ws);
/* Reciprocal 1-norm condition number of A = L L^T from its Cholesky factor
 * L (lower triangle of L read) and anorm = ||A||_1 of the original A
 * (la_norm_1, taken before factoring). */
LA_API la_status la_chol_rcond(la_mat L, la_real anorm, la_real *rcond, la_arena *ws);
/* Reciprocal 1-norm condition number of A from its LU factors (la_lu; the
 * pivots do not change the 1-norm of A^{-1}) and anorm = ||A||_1. */
LA_API la_status la_lu_rcond(la_mat LU, la_real anorm, la_real *rcond, la_arena *ws);
LA_API size_t la_rcond_ws_bytes(la_int n);

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
#ifndef LA_FMA
#ifdef FP_FAST_FMAF
#define LA_FMA fmaf
#else
#define LA_FMA(a, b, c) ((a) * (b) + (c))
#endif
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
#ifndef LA_FMA
#ifdef FP_FAST_FMA
#define LA_FMA fma
#else
#define LA_FMA(a, b, c) ((a) * (b) + (c))
#endif
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

/* Width in bytes of the widest vector registers the compiler targets (a
 * feature test; 8 for a scalar FPU), and the number of independent partial
 * sums a unit-stride reduction keeps: four registers' worth, so that the
 * additions pipeline. Splitting a sum this way is what lets a compiler
 * vectorize it under strict IEEE semantics. */
#if defined(__AVX512F__)
#define LA__VEC_BYTES 64
#elif defined(__AVX__)
#define LA__VEC_BYTES 32
#elif defined(__SSE2__) || defined(__ARM_NEON) || defined(__ALTIVEC__) || defined(_M_X64)
#define LA__VEC_BYTES 16
#else
#define LA__VEC_BYTES 8
#endif
#define LA__LANES (4 * LA__VEC_BYTES / (int)sizeof(la_real))

/* The sum of the LA__LANES partial sums in acc (overwritten), pairwise. */
LA__PRIV la_real la__lanes_sum(la_real *acc) {
    int w, t;
    for (w = LA__LANES / 2; w > 0; w /= 2)
        for (t = 0; t < w; ++t) acc[t] += acc[t + w];
    return acc[0];
}

/* sum x_i y_i for unit-stride vectors. */
LA__PRIV la_real la__dot_unit(la_int n, const la_real *LA__RESTRICT x, const la_real *LA__RESTRICT y) {
    la_real acc[LA__LANES];
    la_int i;
    int t;
    for (t = 0; t < LA__LANES; ++t) acc[t] = 0;
    for (i = 0; i + LA__LANES <= n; i += LA__LANES)
        for (t = 0; t < LA__LANES; ++t) acc[t] = LA_FMA(x[i + t], y[i + t], acc[t]);
    for (t = 0; i < n; ++i, ++t) acc[t] = LA_FMA(x[i], y[i], acc[t]);
    return la__lanes_sum(acc);
}

/* y <- y + alpha x for unit-stride vectors. */
LA__PRIV void la__axpy_unit(la_int n, la_real alpha, const la_real *LA__RESTRICT x,
                            la_real *LA__RESTRICT y) {
    la_int i;
    for (i = 0; i < n; ++i) y[i] = LA_FMA(alpha, x[i], y[i]);
}

/* y <- y + a0 x0 + a1 x1 + a2 x2 + a3 x3 for unit-stride vectors: four
 * axpys in one pass over y. */
LA__PRIV void la__axpy4_unit(la_int n, const la_real *a, const la_real *LA__RESTRICT x0,
                             const la_real *LA__RESTRICT x1, const la_real *LA__RESTRICT x2,
                             const la_real *LA__RESTRICT x3, la_real *LA__RESTRICT y) {
    const la_real a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
    la_int i;
    for (i = 0; i < n; ++i) y[i] = LA_FMA(a3, x3[i], LA_FMA(a2, x2[i], LA_FMA(a1, x1[i], LA_FMA(a0, x0[i], y[i]))));
}

/* x <- alpha x for a unit-stride vector; alpha == 0 writes zeros. */
LA__PRIV void la__scal_unit(la_int n, la_real alpha, la_real *x) {
    la_int i;
    if (alpha == 1) return;
    if (alpha == 0)
        for (i = 0; i < n; ++i) x[i] = 0;
    else
        for (i = 0; i < n; ++i) x[i] *= alpha;
}

LA_API la_real la_dot(la_int n, const la_real *x, la_int incx, const la_real *y, la_int incy) {
    if (n <= 0) return 0;
#ifdef LA_USE_CBLAS
    return LA__CBLAS(dot)(n, x, incx, y, incy);
#else
    if (incx == 1 && incy == 1) return la__dot_unit(n, x, y);
    {
        la_real s = 0;
        la_int i;
        ptrdiff_t ix = LA__VSTART(n, incx), iy = LA__VSTART(n, incy);
        for (i = 0; i < n; ++i, ix += incx, iy += incy) s = LA_FMA(x[ix], y[iy], s);
        return s;
    }
#endif
}

LA_API void la_axpy(la_int n, la_real alpha, const la_real *x, la_int incx, la_real *y, la_int incy) {
    if (n <= 0 || alpha == 0) return;
#ifdef LA_USE_CBLAS
    LA__CBLAS(axpy)(n, alpha, x, incx, y, incy);
#else
    if (incx == 1 && incy == 1) {
        la__axpy_unit(n, alpha, x, y);
    } else {
        la_int i;
        ptrdiff_t ix = LA__VSTART(n, incx), iy = LA__VSTART(n, incy);
        for (i = 0; i < n; ++i, ix += incx, iy += incy) y[iy] = LA_FMA(alpha, x[ix], y[iy]);
    }
#endif
}

LA_API void la_scal(la_int n, la_real alpha, la_real *x, la_int incx) {
    la_int i;
    ptrdiff_t ix;
    if (n <= 0 || incx <= 0 || alpha == 1) return;
    if (alpha == 0) {
        for (i = 0, ix = 0; i < n; ++i, ix += incx) x[ix] = 0;
        return;
    }
#ifdef LA_USE_CBLAS
    LA__CBLAS(scal)(n, alpha, x, incx);
#else
    if (incx == 1)
        la__scal_unit(n, alpha, x);
    else
        for (i = 0, ix = 0; i < n; ++i, ix += incx) x[ix] *= alpha;
#endif
}

LA_API void la_copy(la_int n, const la_real *x, la_int incx, la_real *y, la_int incy) {
    if (n <= 0) return;
#ifdef LA_USE_CBLAS
    LA__CBLAS(copy)(n, x, incx, y, incy);
#else
    if (incx == 1 && incy == 1) {
        memcpy(y, x, (size_t)n * sizeof(la_real));
    } else {
        la_int i;
        ptrdiff_t ix = LA__VSTART(n, incx), iy = LA__VSTART(n, incy);
        for (i = 0; i < n; ++i, ix += incx, iy += incy) y[iy] = x[ix];
    }
#endif
}

LA_API void la_swap(la_int n, la_real *x, la_int incx, la_real *y, la_int incy) {
    if (n <= 0) return;
#ifdef LA_USE_CBLAS
    LA__CBLAS(swap)(n, x, incx, y, incy);
#else
    {
        la_int i;
        ptrdiff_t ix = LA__VSTART(n, incx), iy = LA__VSTART(n, incy);
        if (incx == 1 && incy == 1) {
            la_real *LA__RESTRICT xu = x, *LA__RESTRICT yu = y;
            for (i = 0; i < n; ++i) {
                la_real t = xu[i];
                xu[i] = yu[i];
                yu[i] = t;
            }
            return;
        }
        for (i = 0; i < n; ++i, ix += incx, iy += incy) {
            la_real t = x[ix];
            x[ix] = y[iy];
            y[iy] = t;
        }
    }
#endif
}

LA_API la_real la_asum(la_int n, const la_real *x, la_int incx) {
    la_int i;
    if (n <= 0 || incx <= 0) return 0;
#ifdef LA_USE_CBLAS
    (void)i;
    return LA__CBLAS(asum)(n, x, incx);
#else
    if (incx == 1) {
        la_real acc[LA__LANES];
        int t;
        for (t = 0; t < LA__LANES; ++t) acc[t] = 0;
        for (i = 0; i + LA__LANES <= n; i += LA__LANES)
            for (t = 0; t < LA__LANES; ++t) acc[t] += LA_FABS(x[i + t]);
        for (t = 0; i < n; ++i, ++t) acc[t] += LA_FABS(x[i]);
        return la__lanes_sum(acc);
    } else {
        la_real s = 0;
        ptrdiff_t ix;
        for (i = 0, ix = 0; i < n; ++i, ix += incx) s += LA_FABS(x[ix]);
        return s;
    }
#endif
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
        if (v > m) {
            m = v;
            best = i;
        } else if (v != v) {
            return i;
        }
    }
    return best;
}

/* Blue's constants for la_real (Anderson 2017, from the radix 2, the
 * digits t and the exponent range [emin, emax] of the format): elements
 * below tsml = 2^ceil((emin-1)/2) are scaled up by ssml = 2^-floor((emin-t)/2),
 * elements above tbig = 2^floor((emax-t+1)/2) down by sbig =
 * 2^-ceil((emax+t-1)/2), so that their squares neither underflow nor
 * overflow. Every constant is an exact power of two. */
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

/* ||x||_2 by Blue's algorithm (see la_nrm2); n > 0, incx > 0. */
LA__PRIV la_real la__nrm2_blue(la_int n, const la_real *x, la_int incx) {
    la_real asml = 0, amed = 0, abig = 0, ymin, ymax, scl, sumsq;
    int notbig = 1;
    la_int i;
    ptrdiff_t ix;
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
        /* big elements present: medium ones count at the big scale (the
         * small ones are negligible beside them) */
        if (amed > 0) abig += (amed * LA__BLUE_SBIG) * LA__BLUE_SBIG;
        scl = (la_real)1 / LA__BLUE_SBIG;
        sumsq = abig;
    } else if (asml > 0) {
        if (amed > 0) {
            /* combine the two unscaled norms, the larger factored out */
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

LA_API la_real la_nrm2(la_int n, const la_real *x, la_int incx) {
    la_real s;
    la_int i;
    if (n <= 0 || incx <= 0) return 0;
#ifdef LA_USE_CBLAS
    (void)s;
    (void)i;
    return LA__CBLAS(nrm2)(n, x, incx);
#else
    /* The plain sum of squares is accurate when it is finite (nothing
     * overflowed) and at least n * LA_REAL_MIN: each square lost at most
     * LA_REAL_MIN * LA_EPS to underflow, so all of them together at most
     * LA_EPS relative to the sum. Otherwise Blue's algorithm decides. */
    if (incx == 1) {
        la_real acc[LA__LANES];
        int t;
        for (t = 0; t < LA__LANES; ++t) acc[t] = 0;
        for (i = 0; i + LA__LANES <= n; i += LA__LANES)
            for (t = 0; t < LA__LANES; ++t) acc[t] = LA_FMA(x[i + t], x[i + t], acc[t]);
        for (t = 0; i < n; ++i, ++t) acc[t] = LA_FMA(x[i], x[i], acc[t]);
        s = la__lanes_sum(acc);
    } else {
        ptrdiff_t ix;
        for (i = 0, ix = 0, s = 0; i < n; ++i, ix += incx) s = LA_FMA(x[ix], x[ix], s);
    }
    if (LA__ISFINITE(s) && s >= (la_real)n * LA_REAL_MIN) return LA_SQRT(s);
    return la__nrm2_blue(n, x, incx);
#endif
}

/* ----------------------------------------------------------------------
 * 4. Level-2 kernels: matrix-vector
 * ---------------------------------------------------------------------- */

/* y <- y + alpha A^T x for A m x n (x has m entries, y has n): rows of A
 * four at a time, each pass over y adding four scaled rows. */
LA__PRIV void la__gemv_trans(la_real alpha, la_mat A, const la_real *x, la_real *y) {
    la_int i;
    la_real a[4];
    for (i = 0; i + 4 <= A.rows; i += 4) {
        a[0] = alpha * x[i];
        a[1] = alpha * x[i + 1];
        a[2] = alpha * x[i + 2];
        a[3] = alpha * x[i + 3];
        la__axpy4_unit(A.cols, a, &LA_AT(A, i, 0), &LA_AT(A, i + 1, 0), &LA_AT(A, i + 2, 0),
                       &LA_AT(A, i + 3, 0), y);
    }
    for (; i < A.rows; ++i) la__axpy_unit(A.cols, alpha * x[i], &LA_AT(A, i, 0), y);
}

LA_API la_status la_gemv(la_trans ta, la_real alpha, la_mat A, const la_real *x,
                         la_real beta, la_real *y) {
    la_int m, n;
    if (la_mat_check(A)) return LA_ERR_ARG;
    m = la_op_rows(ta, A);
    n = la_op_cols(ta, A);
    if ((m > 0 && !y) || (n > 0 && m > 0 && !x)) return LA_ERR_ARG;
    if (m == 0) return LA_OK;
    if (n == 0 || alpha == 0) {
        la__scal_unit(m, beta, y);
        return LA_OK;
    }
#ifdef LA_USE_CBLAS
    if (beta == 0) la__scal_unit(m, 0, y); /* beta == 0 ignores y, whatever the CBLAS */
    LA__CBLAS(gemv)(CblasRowMajor, ta == LA_TRANS ? CblasTrans : CblasNoTrans, A.rows, A.cols,
                    alpha, A.data, A.ld, x, 1, beta, y, 1);
#else
    la__scal_unit(m, beta, y);
    if (ta == LA_NOTRANS) {
        la_int i;
        for (i = 0; i < m; ++i) y[i] = LA_FMA(alpha, la__dot_unit(n, &LA_AT(A, i, 0), x), y[i]);
    } else {
        la__gemv_trans(alpha, A, x, y);
    }
#endif
    return LA_OK;
}

LA_API la_status la_ger(la_real alpha, const la_real *x, const la_real *y, la_mat A) {
    if (la_mat_check(A)) return LA_ERR_ARG;
    if (A.rows == 0 || A.cols == 0) return LA_OK;
    if (!x || !y) return LA_ERR_ARG;
    if (alpha == 0) return LA_OK;
#ifdef LA_USE_CBLAS
    LA__CBLAS(ger)(CblasRowMajor, A.rows, A.cols, alpha, x, 1, y, 1, A.data, A.ld);
#else
    {
        la_int i;
        for (i = 0; i < A.rows; ++i) la__axpy_unit(A.cols, alpha * x[i], y, &LA_AT(A, i, 0));
    }
#endif
    return LA_OK;
}

LA_API la_status la_symv(la_uplo uplo, la_real alpha, la_mat A, const la_real *x,
                         la_real beta, la_real *y) {
    la_int n;
    if (la_mat_check(A)) return LA_ERR_ARG;
    if (A.rows != A.cols) return LA_ERR_DIM;
    n = A.rows;
    if (n == 0) return LA_OK;
    if (!x || !y) return LA_ERR_ARG;
    if (alpha == 0) {
        la__scal_unit(n, beta, y);
        return LA_OK;
    }
#ifdef LA_USE_CBLAS
    if (beta == 0) la__scal_unit(n, 0, y);
    LA__CBLAS(symv)(CblasRowMajor, uplo == LA_UPPER ? CblasUpper : CblasLower, n, alpha, A.data,
                    A.ld, x, 1, beta, y, 1);
#else
    {
        /* Row i of the stored triangle holds A(i, j) for j on one side of
         * the diagonal: a dot product for y[i] and, through the mirror, an
         * axpy into y[j]. One pass over the triangle. */
        la_int i;
        la__scal_unit(n, beta, y);
        for (i = 0; i < n; ++i) {
            const la_real *a = &LA_AT(A, i, 0);
            la_real t = alpha * x[i], s;
            if (uplo == LA_LOWER) {
                s = la__dot_unit(i, a, x);
                la__axpy_unit(i, t, a, y);
            } else {
                s = la__dot_unit(n - i - 1, a + i + 1, x + i + 1);
                la__axpy_unit(n - i - 1, t, a + i + 1, y + i + 1);
            }
            y[i] += t * a[i] + alpha * s;
        }
    }
#endif
    return LA_OK;
}

/* op(A) is lower triangular when (uplo, trans) is (LOWER, NOTRANS) or
 * (UPPER, TRANS). Element (i, k) of op(A) is A(i,k) or A(k,i). */
#define LA__OP_LOWER(uplo, ta) (((uplo) == LA_LOWER) == ((ta) == LA_NOTRANS))

/* Argument checks shared by trmv and trsv. */
LA__PRIV la_status la__tri_vec_check(la_mat A, const la_real *x) {
    if (la_mat_check(A)) return LA_ERR_ARG;
    if (A.rows != A.cols) return LA_ERR_DIM;
    if (A.rows > 0 && !x) return LA_ERR_ARG;
    return LA_OK;
}

#ifdef LA_USE_CBLAS
#define LA__CBLAS_UPLO(u) ((u) == LA_UPPER ? CblasUpper : CblasLower)
#define LA__CBLAS_TRANS(t) ((t) == LA_TRANS ? CblasTrans : CblasNoTrans)
#define LA__CBLAS_DIAG(d) ((d) == LA_UNIT ? CblasUnit : CblasNonUnit)
#define LA__CBLAS_SIDE(s) ((s) == LA_LEFT ? CblasLeft : CblasRight)
#endif

LA_API la_status la_trmv(la_uplo uplo, la_trans ta, la_diag diag, la_mat A, la_real *x) {
    la_int n = A.rows, i, k;
    la_status st = la__tri_vec_check(A, x);
    if (st != LA_OK || n == 0) return st;
#ifdef LA_USE_CBLAS
    LA__CBLAS(trmv)(CblasRowMajor, LA__CBLAS_UPLO(uplo), LA__CBLAS_TRANS(ta), LA__CBLAS_DIAG(diag),
                    n, A.data, A.ld, x, 1);
    (void)i;
    (void)k;
#else
    if (ta == LA_NOTRANS) {
        /* x[i] <- row i of A times x, in the order that reads x[k] before
         * it is overwritten */
        if (uplo == LA_UPPER) {
            for (i = 0; i < n; ++i) {
                la_real s = diag == LA_UNIT ? x[i] : LA_AT(A, i, i) * x[i];
                x[i] = s + la__dot_unit(n - i - 1, &LA_AT(A, i, i + 1), x + i + 1);
            }
        } else {
            for (i = n - 1; i >= 0; --i) {
                la_real s = diag == LA_UNIT ? x[i] : LA_AT(A, i, i) * x[i];
                x[i] = s + la__dot_unit(i, &LA_AT(A, i, 0), x);
            }
        }
    } else {
        /* x <- A^T x: row k of A scatters x[k] into x[i] for i on the
         * triangle's side; process k so that x[k] is still unmodified. */
        if (uplo == LA_UPPER) {
            for (k = n - 1; k >= 0; --k) {
                la_real t = x[k];
                la__axpy_unit(n - k - 1, t, &LA_AT(A, k, k + 1), x + k + 1);
                if (diag != LA_UNIT) x[k] = t * LA_AT(A, k, k);
            }
        } else {
            for (k = 0; k < n; ++k) {
                la_real t = x[k];
                la__axpy_unit(k, t, &LA_AT(A, k, 0), x);
                if (diag != LA_UNIT) x[k] = t * LA_AT(A, k, k);
            }
        }
    }
#endif
    return LA_OK;
}

LA_API la_status la_trsv(la_uplo uplo, la_trans ta, la_diag diag, la_mat A, la_real *x) {
    la_int n = A.rows, i, k;
    la_status st = la__tri_vec_check(A, x);
    if (st != LA_OK || n == 0) return st;
#ifdef LA_USE_CBLAS
    LA__CBLAS(trsv)(CblasRowMajor, LA__CBLAS_UPLO(uplo), LA__CBLAS_TRANS(ta), LA__CBLAS_DIAG(diag),
                    n, A.data, A.ld, x, 1);
    (void)i;
    (void)k;
#else
    if (ta == LA_NOTRANS) {
        /* substitution by rows: x[i] = (b[i] - A(i, solved) x(solved)) / A(i,i) */
        if (uplo == LA_LOWER) {
            for (i = 0; i < n; ++i) {
                la_real s = x[i] - la__dot_unit(i, &LA_AT(A, i, 0), x);
                x[i] = diag == LA_UNIT ? s : s / LA_AT(A, i, i);
            }
        } else {
            for (i = n - 1; i >= 0; --i) {
                la_real s = x[i] - la__dot_unit(n - i - 1, &LA_AT(A, i, i + 1), x + i + 1);
                x[i] = diag == LA_UNIT ? s : s / LA_AT(A, i, i);
            }
        }
    } else {
        /* A^T x = b: solve for x[k], then eliminate it with row k of A. */
        if (uplo == LA_LOWER) {
            for (k = n - 1; k >= 0; --k) {
                if (diag != LA_UNIT) x[k] /= LA_AT(A, k, k);
                la__axpy_unit(k, -x[k], &LA_AT(A, k, 0), x);
            }
        } else {
            for (k = 0; k < n; ++k) {
                if (diag != LA_UNIT) x[k] /= LA_AT(A, k, k);
                la__axpy_unit(n - k - 1, -x[k], &LA_AT(A, k, k + 1), x + k + 1);
            }
        }
    }
#endif
    return LA_OK;
}

/* ----------------------------------------------------------------------
 * 5. Level-3 kernels: matrix-matrix
 * ---------------------------------------------------------------------- */

/* The part of C a product updates: all of it, or (syrk) its lower (j <= i)
 * or upper (j >= i) triangle. */
#define LA__ALL 0
#define LA__TRI_LOWER 1
#define LA__TRI_UPPER 2

/* Narrows the columns [*jlo, *jhi) of row i to the part the mask keeps. */
LA__PRIV void la__mask_cols(int mask, la_int i, la_int *jlo, la_int *jhi) {
    if (mask == LA__TRI_LOWER && *jhi > i + 1) *jhi = i + 1;
    if (mask == LA__TRI_UPPER && *jlo < i) *jlo = i;
}

/* C <- beta C on the masked part (beta == 0 writes zeros without reading C). */
LA__PRIV void la__scale_mat(la_mat C, la_real beta, int mask) {
    la_int i;
    if (beta == 1) return;
    for (i = 0; i < C.rows; ++i) {
        la_int jlo = 0, jhi = C.cols;
        la__mask_cols(mask, i, &jlo, &jhi);
        if (jlo < jhi) la__scal_unit(jhi - jlo, beta, &LA_AT(C, i, jlo));
    }
}

/* Depth and width of the blocks of op(B) that the unpacked loop reuses
 * from cache (256 KB in double). */
#define LA__DIRECT_KB 128
#define LA__DIRECT_NB 256

/* C <- C + alpha op(A) op(B) on the masked part of C, unpacked and without
 * workspace: for each KB x NB block of op(B), every row of C is updated
 * from a copy of its row of alpha op(A) (on the stack), by four-row axpys
 * when op(B) is B or dot products with the rows of B when op(B) is B^T. */
LA__PRIV void la__gemm_direct(la_trans ta, la_trans tb, la_real alpha, la_mat A, la_mat B,
                              la_mat C, int mask) {
    la_int m = C.rows, n = C.cols, k = la_op_cols(ta, A), p0, j0, i, p, j;
    la_real arow[LA__DIRECT_KB];
    for (p0 = 0; p0 < k; p0 += LA__DIRECT_KB) {
        la_int kb = LA__MIN(LA__DIRECT_KB, k - p0);
        for (j0 = 0; j0 < n; j0 += LA__DIRECT_NB) {
            for (i = 0; i < m; ++i) {
                la_int jlo = j0, jhi = LA__MIN(j0 + LA__DIRECT_NB, n);
                la_real *c;
                la__mask_cols(mask, i, &jlo, &jhi);
                if (jlo >= jhi) continue;
                c = &LA_AT(C, i, jlo);
                for (p = 0; p < kb; ++p)
                    arow[p] = alpha * (ta == LA_NOTRANS ? LA_AT(A, i, p0 + p) : LA_AT(A, p0 + p, i));
                if (tb == LA_NOTRANS) {
                    for (p = 0; p + 4 <= kb; p += 4)
                        la__axpy4_unit(jhi - jlo, arow + p, &LA_AT(B, p0 + p, jlo),
                                       &LA_AT(B, p0 + p + 1, jlo), &LA_AT(B, p0 + p + 2, jlo),
                                       &LA_AT(B, p0 + p + 3, jlo), c);
                    for (; p < kb; ++p) la__axpy_unit(jhi - jlo, arow[p], &LA_AT(B, p0 + p, jlo), c);
                } else {
                    for (j = jlo; j < jhi; ++j) c[j - jlo] += la__dot_unit(kb, arow, &LA_AT(B, j, p0));
                }
            }
        }
    }
}

/* The micro-tile: MR rows of C by NR columns, NR two vector registers
 * wide, so that the 2 MR accumulator registers, two of op(B) and a
 * broadcast of op(A) fit the register file (16 registers before AVX-512,
 * 32 with it). LA__GEMM_ROWS(X) repeats X for each row of the tile, which
 * gives every row its own named accumulator array: compilers keep those
 * in registers, where they would spill a two-dimensional array. */
#if LA__VEC_BYTES >= 64
#define LA__GEMM_MR 8
#define LA__GEMM_ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)
#elif LA__VEC_BYTES >= 32
#define LA__GEMM_MR 6
#define LA__GEMM_ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5)
#else
#define LA__GEMM_MR 4
#define LA__GEMM_ROWS(X) X(0) X(1) X(2) X(3)
#endif
#define LA__GEMM_NR (2 * LA__VEC_BYTES / (int)sizeof(la_real))

#define LA__GEMM_ACC_DECL(r) la_real acc##r[LA__GEMM_NR];
#define LA__GEMM_ACC_ZERO(r) acc##r[j] = 0;
#define LA__GEMM_ACC_FMA(r) acc##r[j] = LA_FMA(a[r], bj, acc##r[j]);
#define LA__GEMM_ACC_SET(r) c[r * ldc + j] = alpha * acc##r[j];
#define LA__GEMM_ACC_ADD(r) c[r * ldc + j] = LA_FMA(alpha, acc##r[j], c[r * ldc + j]);
#define LA__GEMM_ACC_AXPBY(r) c[r * ldc + j] = LA_FMA(alpha, acc##r[j], beta * c[r * ldc + j]);

/* The micro-kernel: the MR x NR tile c (row stride ldc) <- alpha sum_p
 * a_p b_p^T + beta c, where a_p (MR values) and b_p (NR values) are the
 * p-th columns of packed micro-panels of op(A) and op(B). beta == 0: c is
 * not read. 2 MR NR kc flops. */
LA__PRIV void la__gemm_micro(la_int kc, const la_real *LA__RESTRICT a, const la_real *LA__RESTRICT b,
                             la_real alpha, la_real beta, la_real *LA__RESTRICT c, ptrdiff_t ldc) {
    LA__GEMM_ROWS(LA__GEMM_ACC_DECL)
    la_int p;
    int j;
    for (j = 0; j < LA__GEMM_NR; ++j) {
        LA__GEMM_ROWS(LA__GEMM_ACC_ZERO)
    }
    for (p = 0; p < kc; ++p, a += LA__GEMM_MR, b += LA__GEMM_NR) {
        for (j = 0; j < LA__GEMM_NR; ++j) {
            const la_real bj = b[j];
            LA__GEMM_ROWS(LA__GEMM_ACC_FMA)
        }
    }
    if (beta == 0) {
        for (j = 0; j < LA__GEMM_NR; ++j) {
            LA__GEMM_ROWS(LA__GEMM_ACC_SET)
        }
    } else if (beta == 1) {
        for (j = 0; j < LA__GEMM_NR; ++j) {
            LA__GEMM_ROWS(LA__GEMM_ACC_ADD)
        }
    } else {
        for (j = 0; j < LA__GEMM_NR; ++j) {
            LA__GEMM_ROWS(LA__GEMM_ACC_AXPBY)
        }
    }
}

/* Block sizes rounded to whole micro-panels. */
LA__PRIV la_int la__gemm_mc(void) {
    return LA__MAX(LA__GEMM_MR, LA_GEMM_MC / LA__GEMM_MR * LA__GEMM_MR);
}
LA__PRIV la_int la__gemm_nc(void) {
    return LA__MAX(LA__GEMM_NR, LA_GEMM_NC / LA__GEMM_NR * LA__GEMM_NR);
}
LA__PRIV la_int la__gemm_kc(void) { return LA__MAX(1, LA_GEMM_KC); }

/* Products up to this many multiply-adds take the unpacked loop: packing
 * does not pay for them. */
#define LA__GEMM_DIRECT_MAX 32768.0
LA__PRIV int la__gemm_direct_pays(la_int m, la_int n, la_int k) {
    return (double)m * (double)n * (double)k <= LA__GEMM_DIRECT_MAX;
}

/* Bytes of the two packing buffers of an m x n x k product (each rounded
 * to the arena's alignment). */
LA__PRIV size_t la__gemm_pack_bytes(la_int m, la_int n, la_int k) {
    size_t kc = (size_t)LA__MIN(k, la__gemm_kc());
    size_t mc = (size_t)LA__MIN(m, la__gemm_mc()), nc = (size_t)LA__MIN(n, la__gemm_nc());
    mc = (mc + LA__GEMM_MR - 1) / LA__GEMM_MR * LA__GEMM_MR;
    nc = (nc + LA__GEMM_NR - 1) / LA__GEMM_NR * LA__GEMM_NR;
    return la_ws_reals(mc * kc) + la_ws_reals(kc * nc);
}

/* Packs the w x kc block whose element (r, p) is x[r*rs + p*ps] into
 * micro-panels of W rows: panel q holds rows qW .. qW+W-1 laid out p-major
 * (W values per p), rows past w zero. Used for op(A) (rows of op(A)) and
 * op(B) (columns of op(B)). */
LA__PRIV void la__gemm_pack(const la_real *x, ptrdiff_t rs, ptrdiff_t ps, la_int w, la_int kc,
                            int W, la_real *out) {
    la_int q;
#ifdef LA_USE_OPENMP
#pragma omp for schedule(static)
#endif
    for (q = 0; q < w; q += W) {
        const la_real *xq = x + q * rs;
        la_real *o = out + (size_t)q * (size_t)kc;
        int wr = (int)LA__MIN(W, w - q), r;
        la_int p;
        if (rs == 1) {
            /* the W rows are adjacent in memory: copy them per p */
            for (p = 0; p < kc; ++p, o += W) {
                const la_real *s = xq + p * ps;
                for (r = 0; r < wr; ++r) o[r] = s[r];
                for (; r < W; ++r) o[r] = 0;
            }
        } else {
            /* each row is contiguous along p: transpose it into place */
            for (r = 0; r < wr; ++r) {
                const la_real *s = xq + r * rs;
                for (p = 0; p < kc; ++p) o[p * W + r] = s[p * ps];
            }
            for (; r < W; ++r)
                for (p = 0; p < kc; ++p) o[p * W + r] = 0;
        }
    }
}

/* The mr x nr tile c (row stride ldc; its top-left element is C(i, j))
 * <- t + beta c on the masked part, t a full MR x NR tile. */
LA__PRIV void la__gemm_merge(la_int mr, la_int nr, const la_real *t, la_real beta, la_real *c,
                             ptrdiff_t ldc, int mask, la_int i, la_int j) {
    la_int r, q;
    for (r = 0; r < mr; ++r) {
        la_int qlo = 0, qhi = nr;
        la_real *cr = c + r * ldc;
        const la_real *tr = t + r * LA__GEMM_NR;
        la__mask_cols(mask, i + r - j, &qlo, &qhi);
        if (beta == 0)
            for (q = qlo; q < qhi; ++q) cr[q] = tr[q];
        else
            for (q = qlo; q < qhi; ++q) cr[q] = LA_FMA(beta, cr[q], tr[q]);
    }
}

/* The macro-kernel: the mc x nc block of C at (i0, j0) <- alpha (packed
 * op(A) block) (packed op(B) block) + beta C, on the masked part, one
 * micro-tile at a time. A micro-panel of op(A) stays in L1 while the
 * micro-panels of op(B) stream from L2. Edge tiles and tiles that the
 * diagonal of a mask crosses go through a tile on the stack. */
LA__PRIV void la__gemm_macro(la_int mc, la_int nc, la_int kc, la_real alpha, const la_real *ap,
                             const la_real *bp, la_real beta, la_mat C, la_int i0, la_int j0,
                             int mask) {
    la_int ir;
#ifdef LA_USE_OPENMP
#pragma omp for schedule(static)
#endif
    for (ir = 0; ir < mc; ir += LA__GEMM_MR) {
        la_int jr, mr = LA__MIN(LA__GEMM_MR, mc - ir), i = i0 + ir;
        const la_real *a = ap + (size_t)ir * (size_t)kc;
        for (jr = 0; jr < nc; jr += LA__GEMM_NR) {
            la_int nr = LA__MIN(LA__GEMM_NR, nc - jr), j = j0 + jr;
            la_real *c = &LA_AT(C, i, j);
            const la_real *b = bp + (size_t)jr * (size_t)kc;
            int inside = 1;
            if (mask == LA__TRI_LOWER) {
                if (j > i + mr - 1) continue;
                inside = j + nr - 1 <= i;
            } else if (mask == LA__TRI_UPPER) {
                if (j + nr - 1 < i) continue;
                inside = j >= i + mr - 1;
            }
            if (inside && mr == LA__GEMM_MR && nr == LA__GEMM_NR) {
                la__gemm_micro(kc, a, b, alpha, beta, c, C.ld);
            } else {
                la_real t[LA__GEMM_MR * LA__GEMM_NR];
                la__gemm_micro(kc, a, b, alpha, 0, t, LA__GEMM_NR);
                la__gemm_merge(mr, nr, t, beta, c, C.ld, mask, i, j);
            }
        }
    }
}

/* C <- alpha op(A) op(B) + beta C on the masked part, with op(A) and op(B)
 * packed block by block into ap and bp (la__gemm_pack_bytes): Goto's loop
 * nest. Blocks of C wholly outside the mask are skipped. */
LA__PRIV void la__gemm_packed(la_trans ta, la_trans tb, la_real alpha, la_mat A, la_mat B,
                              la_real beta, la_mat C, int mask, la_real *ap, la_real *bp) {
    const la_int m = C.rows, n = C.cols, k = la_op_cols(ta, A);
    const la_int mcb = la__gemm_mc(), ncb = la__gemm_nc(), kcb = la__gemm_kc();
    const ptrdiff_t ars = ta == LA_NOTRANS ? A.ld : 1, aps = ta == LA_NOTRANS ? 1 : A.ld;
    const ptrdiff_t brs = tb == LA_NOTRANS ? 1 : B.ld, bps = tb == LA_NOTRANS ? B.ld : 1;
#ifdef LA_USE_OPENMP
#pragma omp parallel if ((double)m * (double)n * (double)k > 1e6)
#endif
    {
        la_int i0, p0, j0;
        for (i0 = 0; i0 < m; i0 += mcb) {
            const la_int mc = LA__MIN(mcb, m - i0);
            for (p0 = 0; p0 < k; p0 += kcb) {
                const la_int kc = LA__MIN(kcb, k - p0);
                la__gemm_pack(A.data + i0 * ars + p0 * aps, ars, aps, mc, kc, LA__GEMM_MR, ap);
                for (j0 = 0; j0 < n; j0 += ncb) {
                    const la_int nc = LA__MIN(ncb, n - j0);
                    if (mask == LA__TRI_LOWER && j0 > i0 + mc - 1) continue;
                    if (mask == LA__TRI_UPPER && j0 + nc - 1 < i0) continue;
                    la__gemm_pack(B.data + j0 * brs + p0 * bps, brs, bps, nc, kc, LA__GEMM_NR, bp);
                    la__gemm_macro(mc, nc, kc, alpha, ap, bp, p0 == 0 ? beta : 1, C, i0, j0, mask);
                }
            }
        }
    }
}

/* C <- alpha op(A) op(B) + beta C on the masked part (m, n, k > 0): packed
 * with buffers from `pack` when the product is large enough and they fit,
 * unpacked otherwise (pack == NULL: no memory). `pack` is left as it was. */
LA__PRIV void la__gemm_core(la_trans ta, la_trans tb, la_real alpha, la_mat A, la_mat B,
                            la_real beta, la_mat C, int mask, la_arena *pack) {
    const la_int m = C.rows, n = C.cols, k = la_op_cols(ta, A);
    if (pack && !la__gemm_direct_pays(m, n, k)) {
        size_t mark = la_arena_mark(pack);
        size_t kc = (size_t)LA__MIN(k, la__gemm_kc());
        size_t mc = (size_t)LA__MIN(m, la__gemm_mc()), nc = (size_t)LA__MIN(n, la__gemm_nc());
        la_real *ap, *bp;
        mc = (mc + LA__GEMM_MR - 1) / LA__GEMM_MR * LA__GEMM_MR;
        nc = (nc + LA__GEMM_NR - 1) / LA__GEMM_NR * LA__GEMM_NR;
        ap = (la_real *)la_arena_alloc(pack, mc * kc * sizeof(la_real));
        bp = (la_real *)la_arena_alloc(pack, kc * nc * sizeof(la_real));
        if (ap && bp) {
            la__gemm_packed(ta, tb, alpha, A, B, beta, C, mask, ap, bp);
            la_arena_reset(pack, mark);
            return;
        }
        la_arena_reset(pack, mark);
    }
    la__scale_mat(C, beta, mask);
    la__gemm_direct(ta, tb, alpha, A, B, C, mask);
}

/* la__gemm_core with its packing buffers from ws or, with ws == NULL, one
 * LA_MALLOC block; none for a product the unpacked loop does as fast. */
LA__PRIV void la__gemm_scratch(la_trans ta, la_trans tb, la_real alpha, la_mat A, la_mat B,
                               la_real beta, la_mat C, int mask, la_arena *ws) {
    const la_int m = C.rows, n = C.cols, k = la_op_cols(ta, A);
    la__scratch sc;
    if (la__gemm_direct_pays(m, n, k) ||
        la__scratch_begin(&sc, ws, la__gemm_pack_bytes(m, n, k)) != LA_OK) {
        la__gemm_core(ta, tb, alpha, A, B, beta, C, mask, NULL);
        return;
    }
    la__gemm_core(ta, tb, alpha, A, B, beta, C, mask, sc.arena);
    la__scratch_end(&sc);
}

LA_API size_t la_gemm_ws_bytes(la_int m, la_int n, la_int k) {
    if (m <= 0 || n <= 0 || k <= 0) return 0;
#ifdef LA_USE_CBLAS
    return 0;
#else
    return la__gemm_pack_bytes(m, n, k) + LA_ARENA_ALIGN;
#endif
}

LA_API la_status la_gemm_ws(la_trans ta, la_trans tb, la_real alpha, la_mat A, la_mat B,
                            la_real beta, la_mat C, la_arena *ws) {
    la_int m, n, k;
    if (la_mat_check(A) || la_mat_check(B) || la_mat_check(C)) return LA_ERR_ARG;
    m = la_op_rows(ta, A);
    k = la_op_cols(ta, A);
    n = la_op_cols(tb, B);
    if (la_op_rows(tb, B) != k || C.rows != m || C.cols != n) return LA_ERR_DIM;
    if (m == 0 || n == 0) return LA_OK;
    if (k == 0 || alpha == 0) {
        la__scale_mat(C, beta, LA__ALL);
        return LA_OK;
    }
#ifdef LA_USE_CBLAS
    /* beta == 0 ignores C: part of the BLAS contract (the reference dgemm
     * and OpenBLAS set C without reading it) */
    (void)ws;
    LA__CBLAS(gemm)(CblasRowMajor, LA__CBLAS_TRANS(ta), LA__CBLAS_TRANS(tb), m, n, k, alpha,
                    A.data, A.ld, B.data, B.ld, beta, C.data, C.ld);
#else
    la__gemm_scratch(ta, tb, alpha, A, B, beta, C, LA__ALL, ws);
#endif
    return LA_OK;
}

LA_API la_status la_gemm(la_trans ta, la_trans tb, la_real alpha, la_mat A, la_mat B,
                         la_real beta, la_mat C) {
    return la_gemm_ws(ta, tb, alpha, A, B, beta, C, NULL);
}

LA_API la_status la_syrk_ws(la_uplo uplo, la_trans ta, la_real alpha, la_mat A, la_real beta,
                            la_mat C, la_arena *ws) {
    la_int n, k;
    const int mask = uplo == LA_LOWER ? LA__TRI_LOWER : LA__TRI_UPPER;
    if (la_mat_check(A) || la_mat_check(C)) return LA_ERR_ARG;
    n = la_op_rows(ta, A);
    k = la_op_cols(ta, A);
    if (C.rows != n || C.cols != n) return LA_ERR_DIM;
    if (n == 0) return LA_OK;
    if (k == 0 || alpha == 0) {
        la__scale_mat(C, beta, mask);
        return LA_OK;
    }
#ifdef LA_USE_CBLAS
    (void)ws;
    LA__CBLAS(syrk)(CblasRowMajor, LA__CBLAS_UPLO(uplo), LA__CBLAS_TRANS(ta), n, k, alpha, A.data,
                    A.ld, beta, C.data, C.ld);
#else
    /* op(A) op(A)^T is gemm with op(B) = op(A)^T, on one triangle */
    la__gemm_scratch(ta, ta == LA_NOTRANS ? LA_TRANS : LA_NOTRANS, alpha, A, A, beta, C, mask, ws);
#endif
    return LA_OK;
}

LA_API la_status la_syrk(la_uplo uplo, la_trans ta, la_real alpha, la_mat A, la_real beta,
                         la_mat C) {
    return la_syrk_ws(uplo, ta, alpha, A, beta, C, NULL);
}

/* Triangles of this order or less are handled without recursion. */
#define LA__TRI_BASE 32

/* The stored block of A that holds op(A)(i..i+r-1, j..j+c-1). */
LA__PRIV la_mat la__op_block(la_mat A, la_trans ta, la_int i, la_int j, la_int r, la_int c) {
    return ta == LA_NOTRANS ? la_mat_block(A, i, j, r, c) : la_mat_block(A, j, i, c, r);
}

/* Split point of a triangle of order n > LA__TRI_BASE: about half, on a
 * whole number of micro-tile rows. */
LA__PRIV la_int la__tri_split(la_int n) {
    return (n / 2 + LA__GEMM_MR - 1) / LA__GEMM_MR * LA__GEMM_MR;
}

/* Shape checks shared by trmm and trsm. */
LA__PRIV la_status la__tri_mat_check(la_side side, la_mat A, la_mat B) {
    if (la_mat_check(A) || la_mat_check(B)) return LA_ERR_ARG;
    if (A.rows != A.cols) return LA_ERR_DIM;
    if ((side == LA_LEFT ? B.rows : B.cols) != A.rows) return LA_ERR_DIM;
    return LA_OK;
}

/* The four coefficients alpha op(A)(i, k..k+3). */
LA__PRIV void la__op_row4(la_mat A, la_trans ta, la_int i, la_int k, la_real alpha, la_real *a) {
    int t;
    for (t = 0; t < 4; ++t) a[t] = alpha * (ta == LA_NOTRANS ? LA_AT(A, i, k + t) : LA_AT(A, k + t, i));
}

/* Row i of B <- row i of B + sum_{k0 <= k < k1} alpha op(A)(i, k) B(k, :),
 * four rows of B per pass. */
LA__PRIV void la__rows_update(la_mat A, la_trans ta, la_int i, la_int k0, la_int k1, la_real alpha,
                              la_mat B) {
    la_real a[4], *bi = &LA_AT(B, i, 0);
    la_int k;
    for (k = k0; k + 4 <= k1; k += 4) {
        la__op_row4(A, ta, i, k, alpha, a);
        la__axpy4_unit(B.cols, a, &LA_AT(B, k, 0), &LA_AT(B, k + 1, 0), &LA_AT(B, k + 2, 0),
                       &LA_AT(B, k + 3, 0), bi);
    }
    for (; k < k1; ++k)
        la__axpy_unit(B.cols, alpha * (ta == LA_NOTRANS ? LA_AT(A, i, k) : LA_AT(A, k, i)),
                      &LA_AT(B, k, 0), bi);
}

/* trmm on a small triangle, without gemm. LEFT: row i of op(A) B combines
 * the rows of B that op(A)'s row i touches, taken in the order that still
 * finds them unmodified. RIGHT: each row b of B becomes op(A)^T b, a trmv. */
LA__PRIV void la__trmm_base(la_side side, la_uplo uplo, la_trans ta, la_diag diag, la_real alpha,
                            la_mat A, la_mat B) {
    const la_int na = A.rows;
    la_int s, i;
    if (side == LA_LEFT) {
        const int lower = LA__OP_LOWER(uplo, ta);
        for (s = 0; s < na; ++s) {
            i = lower ? na - 1 - s : s;
            la__scal_unit(B.cols, diag == LA_UNIT ? alpha : alpha * LA_AT(A, i, i), &LA_AT(B, i, 0));
            if (lower)
                la__rows_update(A, ta, i, 0, i, alpha, B);
            else
                la__rows_update(A, ta, i, i + 1, na, alpha, B);
        }
    } else {
        const la_trans tt = ta == LA_NOTRANS ? LA_TRANS : LA_NOTRANS;
        for (i = 0; i < B.rows; ++i) {
            la_real *bi = &LA_AT(B, i, 0);
            la_trmv(uplo, tt, diag, A, bi);
            la__scal_unit(B.cols, alpha, bi);
        }
    }
}

/* trsm on a small triangle, without gemm. LEFT: substitution by rows,
 * X(i,:) = (alpha B(i,:) - sum_k op(A)(i,k) X(k,:)) / op(A)(i,i), forward
 * when op(A) is lower. RIGHT: each row x solves op(A)^T x = alpha b. */
LA__PRIV void la__trsm_base(la_side side, la_uplo uplo, la_trans ta, la_diag diag, la_real alpha,
                            la_mat A, la_mat B) {
    const la_int na = A.rows;
    la_int s, i, c;
    if (side == LA_LEFT) {
        const int lower = LA__OP_LOWER(uplo, ta);
        for (s = 0; s < na; ++s) {
            la_real *bi;
            i = lower ? s : na - 1 - s;
            bi = &LA_AT(B, i, 0);
            la__scal_unit(B.cols, alpha, bi);
            if (lower)
                la__rows_update(A, ta, i, 0, i, -1, B);
            else
                la__rows_update(A, ta, i, i + 1, na, -1, B);
            if (diag != LA_UNIT) {
                const la_real d = LA_AT(A, i, i);
                for (c = 0; c < B.cols; ++c) bi[c] /= d;
            }
        }
    } else {
        const la_trans tt = ta == LA_NOTRANS ? LA_TRANS : LA_NOTRANS;
        for (i = 0; i < B.rows; ++i) {
            la_real *bi = &LA_AT(B, i, 0);
            la__scal_unit(B.cols, alpha, bi);
            la_trsv(uplo, tt, diag, A, bi);
        }
    }
}

/* Recursive trmm (Elmroth et al. 2004): split op(A) into two triangles and
 * a rectangle; the rectangle's product is a gemm. Each step updates a half
 * of B while the half it reads is still unmodified. */
LA__PRIV void la__trmm_rec(la_side side, la_uplo uplo, la_trans ta, la_diag diag, la_real alpha,
                           la_mat A, la_mat B, la_arena *pack) {
    const la_int na = A.rows;
    const int lower = LA__OP_LOWER(uplo, ta);
    la_int n1, n2;
    la_mat A11, A22, B1, B2;
    if (na <= LA__TRI_BASE) {
        la__trmm_base(side, uplo, ta, diag, alpha, A, B);
        return;
    }
    n1 = la__tri_split(na);
    n2 = na - n1;
    A11 = la_mat_block(A, 0, 0, n1, n1);
    A22 = la_mat_block(A, n1, n1, n2, n2);
    if (side == LA_LEFT) {
        B1 = la_mat_block(B, 0, 0, n1, B.cols);
        B2 = la_mat_block(B, n1, 0, n2, B.cols);
        if (lower) { /* [B1; B2] <- [T11 B1; T21 B1 + T22 B2] */
            la__trmm_rec(side, uplo, ta, diag, alpha, A22, B2, pack);
            la__gemm_core(ta, LA_NOTRANS, alpha, la__op_block(A, ta, n1, 0, n2, n1), B1, 1, B2,
                          LA__ALL, pack);
            la__trmm_rec(side, uplo, ta, diag, alpha, A11, B1, pack);
        } else { /* [B1; B2] <- [T11 B1 + T12 B2; T22 B2] */
            la__trmm_rec(side, uplo, ta, diag, alpha, A11, B1, pack);
            la__gemm_core(ta, LA_NOTRANS, alpha, la__op_block(A, ta, 0, n1, n1, n2), B2, 1, B1,
                          LA__ALL, pack);
            la__trmm_rec(side, uplo, ta, diag, alpha, A22, B2, pack);
        }
    } else {
        B1 = la_mat_block(B, 0, 0, B.rows, n1);
        B2 = la_mat_block(B, 0, n1, B.rows, n2);
        if (lower) { /* [B1 B2] <- [B1 T11 + B2 T21, B2 T22] */
            la__trmm_rec(side, uplo, ta, diag, alpha, A11, B1, pack);
            la__gemm_core(LA_NOTRANS, ta, alpha, B2, la__op_block(A, ta, n1, 0, n2, n1), 1, B1,
                          LA__ALL, pack);
            la__trmm_rec(side, uplo, ta, diag, alpha, A22, B2, pack);
        } else { /* [B1 B2] <- [B1 T11, B1 T12 + B2 T22] */
            la__trmm_rec(side, uplo, ta, diag, alpha, A22, B2, pack);
            la__gemm_core(LA_NOTRANS, ta, alpha, B1, la__op_block(A, ta, 0, n1, n1, n2), 1, B2,
                          LA__ALL, pack);
            la__trmm_rec(side, uplo, ta, diag, alpha, A11, B1, pack);
        }
    }
}

/* Recursive trsm (Elmroth et al. 2004): solve with one diagonal triangle,
 * subtract its contribution from the other half of B by a gemm (which
 * also applies alpha to that half), solve with the other triangle. */
LA__PRIV void la__trsm_rec(la_side side, la_uplo uplo, la_trans ta, la_diag diag, la_real alpha,
                           la_mat A, la_mat B, la_arena *pack) {
    const la_int na = A.rows;
    const int lower = LA__OP_LOWER(uplo, ta);
    la_int n1, n2;
    la_mat A11, A22, B1, B2;
    if (na <= LA__TRI_BASE) {
        la__trsm_base(side, uplo, ta, diag, alpha, A, B);
        return;
    }
    n1 = la__tri_split(na);
    n2 = na - n1;
    A11 = la_mat_block(A, 0, 0, n1, n1);
    A22 = la_mat_block(A, n1, n1, n2, n2);
    if (side == LA_LEFT) {
        B1 = la_mat_block(B, 0, 0, n1, B.cols);
        B2 = la_mat_block(B, n1, 0, n2, B.cols);
        if (lower) { /* T11 X1 = alpha B1, T22 X2 = alpha B2 - T21 X1 */
            la__trsm_rec(side, uplo, ta, diag, alpha, A11, B1, pack);
            la__gemm_core(ta, LA_NOTRANS, -1, la__op_block(A, ta, n1, 0, n2, n1), B1, alpha, B2,
                          LA__ALL, pack);
            la__trsm_rec(side, uplo, ta, diag, 1, A22, B2, pack);
        } else { /* T22 X2 = alpha B2, T11 X1 = alpha B1 - T12 X2 */
            la__trsm_rec(side, uplo, ta, diag, alpha, A22, B2, pack);
            la__gemm_core(ta, LA_NOTRANS, -1, la__op_block(A, ta, 0, n1, n1, n2), B2, alpha, B1,
                          LA__ALL, pack);
            la__trsm_rec(side, uplo, ta, diag, 1, A11, B1, pack);
        }
    } else {
        B1 = la_mat_block(B, 0, 0, B.rows, n1);
        B2 = la_mat_block(B, 0, n1, B.rows, n2);
        if (lower) { /* X2 T22 = alpha B2, X1 T11 = alpha B1 - X2 T21 */
            la__trsm_rec(side, uplo, ta, diag, alpha, A22, B2, pack);
            la__gemm_core(LA_NOTRANS, ta, -1, B2, la__op_block(A, ta, n1, 0, n2, n1), alpha, B1,
                          LA__ALL, pack);
            la__trsm_rec(side, uplo, ta, diag, 1, A11, B1, pack);
        } else { /* X1 T11 = alpha B1, X2 T22 = alpha B2 - X1 T12 */
            la__trsm_rec(side, uplo, ta, diag, alpha, A11, B1, pack);
            la__gemm_core(LA_NOTRANS, ta, -1, B1, la__op_block(A, ta, 0, n1, n1, n2), alpha, B2,
                          LA__ALL, pack);
            la__trsm_rec(side, uplo, ta, diag, 1, A22, B2, pack);
        }
    }
}

typedef void (*la__tri_fn)(la_side, la_uplo, la_trans, la_diag, la_real, la_mat, la_mat, la_arena *);

/* Runs a recursive trmm/trsm with the packing buffers of its gemms from ws
 * or one LA_MALLOC block (none for a triangle the base case handles). */
LA__PRIV void la__tri_scratch(la__tri_fn fn, la_side side, la_uplo uplo, la_trans ta, la_diag diag,
                              la_real alpha, la_mat A, la_mat B, la_arena *ws) {
    la__scratch sc;
    if (A.rows <= LA__TRI_BASE ||
        la__scratch_begin(&sc, ws, la__gemm_pack_bytes(B.rows, B.cols, A.rows)) != LA_OK) {
        fn(side, uplo, ta, diag, alpha, A, B, NULL);
        return;
    }
    fn(side, uplo, ta, diag, alpha, A, B, sc.arena);
    la__scratch_end(&sc);
}

/* trmm (solve == 0) or trsm (solve == 1): checks, alpha == 0, backend. */
LA__PRIV la_status la__tri_mat(int solve, la_side side, la_uplo uplo, la_trans ta, la_diag diag,
                               la_real alpha, la_mat A, la_mat B, la_arena *ws) {
    la_status st = la__tri_mat_check(side, A, B);
    if (st != LA_OK || B.rows == 0 || B.cols == 0) return st;
    if (alpha == 0) {
        la__scale_mat(B, 0, LA__ALL);
        return LA_OK;
    }
#ifdef LA_USE_CBLAS
    (void)ws;
    if (solve)
        LA__CBLAS(trsm)(CblasRowMajor, LA__CBLAS_SIDE(side), LA__CBLAS_UPLO(uplo),
                        LA__CBLAS_TRANS(ta), LA__CBLAS_DIAG(diag), B.rows, B.cols, alpha, A.data,
                        A.ld, B.data, B.ld);
    else
        LA__CBLAS(trmm)(CblasRowMajor, LA__CBLAS_SIDE(side), LA__CBLAS_UPLO(uplo),
                        LA__CBLAS_TRANS(ta), LA__CBLAS_DIAG(diag), B.rows, B.cols, alpha, A.data,
                        A.ld, B.data, B.ld);
#else
    la__tri_scratch(solve ? la__trsm_rec : la__trmm_rec, side, uplo, ta, diag, alpha, A, B, ws);
#endif
    return LA_OK;
}

LA_API la_status la_trmm_ws(la_side side, la_uplo uplo, la_trans ta, la_diag diag, la_real alpha,
                            la_mat A, la_mat B, la_arena *ws) {
    return la__tri_mat(0, side, uplo, ta, diag, alpha, A, B, ws);
}

LA_API la_status la_trmm(la_side side, la_uplo uplo, la_trans ta, la_diag diag, la_real alpha,
                         la_mat A, la_mat B) {
    return la__tri_mat(0, side, uplo, ta, diag, alpha, A, B, NULL);
}

LA_API la_status la_trsm_ws(la_side side, la_uplo uplo, la_trans ta, la_diag diag, la_real alpha,
                            la_mat A, la_mat B, la_arena *ws) {
    return la__tri_mat(1, side, uplo, ta, diag, alpha, A, B, ws);
}

LA_API la_status la_trsm(la_side side, la_uplo uplo, la_trans ta, la_diag diag, la_real alpha,
                         la_mat A, la_mat B) {
    return la__tri_mat(1, side, uplo, ta, diag, alpha, A, B, NULL);
}

/* ----------------------------------------------------------------------
 * 6. Cholesky family: Cholesky, updates, modified Cholesky, LDL^T
 * ---------------------------------------------------------------------- */

/* ----------------------------------------------------------------------
 * 7. LU with partial pivoting, determinant, inverse
 * ---------------------------------------------------------------------- */

#ifdef LA_USE_LAPACKE
/* LAPACK's pivot arrays can be used in place of la_int arrays only when the
 * two integer types have the same size; otherwise the built-in code runs. */
#define LA__LAPACK_INT_IS_LA_INT (sizeof(lapack_int) == sizeof(la_int))
/* Optimal lwork from a LAPACK workspace query (work[0]). */
LA__PRIV size_t la__lapack_lwork(la_real w) { return w > 1 ? (size_t)w : 1; }
#endif

/* Interchange rows i and piv[i] of A (all its columns) for i = k0 .. k1-1
 * (forward) or i = k1-1 .. k0 (backward); LAPACK's dlaswp. */
LA__PRIV void la__swap_rows(la_mat A, const la_int *piv, la_int k0, la_int k1, int forward) {
    la_int t, i;
    if (A.cols == 0) return;
    for (t = k0; t < k1; ++t) {
        i = forward ? t : k0 + k1 - 1 - t;
        if (piv[i] != i) la_swap(A.cols, &LA_AT(A, i, 0), 1, &LA_AT(A, piv[i], 0), 1);
    }
}

/* Transpose the square matrix A in place, by 32 x 32 tiles. */
LA__PRIV void la__transpose_square(la_mat A) {
    const la_int bs = 32;
    la_int n = A.rows, ib, jb, i, j;
    for (ib = 0; ib < n; ib += bs)
        for (jb = ib; jb < n; jb += bs)
            for (i = ib; i < LA__MIN(ib + bs, n); ++i)
                for (j = (ib == jb ? i + 1 : jb); j < LA__MIN(jb + bs, n); ++j) {
                    la_real t = LA_AT(A, i, j);
                    LA_AT(A, i, j) = LA_AT(A, j, i);
                    LA_AT(A, j, i) = t;
                }
}

/* Unblocked right-looking LU of an m x n panel (n small): for each column,
 * the pivot search of the next column is fused with the rank-1 update of
 * each row. Returns the index of the first zero pivot, or -1. */
LA__PRIV la_int la__lu_panel(la_mat A, la_int *piv) {
    la_int m = A.rows, n = A.cols, mn = LA__MIN(m, n), i, j, c, p, info = -1;
    la_real best = -1;
    p = 0;
    for (i = 0; i < m; ++i) {
        la_real v = LA_FABS(LA_AT(A, i, 0));
        if (v > best) {
            best = v;
            p = i;
        }
    }
    for (j = 0; j < mn; ++j) {
        la_real *aj = &LA_AT(A, j, 0), pivot;
        piv[j] = p;
        if (p != j) la_swap(n, aj, 1, &LA_AT(A, p, 0), 1);
        pivot = aj[j];
        if (pivot == 0 && info < 0) info = j;
        best = -1;
        p = j + 1;
        for (i = j + 1; i < m; ++i) {
            la_real *ai = &LA_AT(A, i, 0), l = ai[j];
            if (pivot != 0) {
                /* 1/pivot is safe unless pivot is subnormal (dgetf2). */
                l = LA_FABS(pivot) >= LA_REAL_MIN ? l * ((la_real)1 / pivot) : l / pivot;
                ai[j] = l;
                for (c = j + 1; c < n; ++c) ai[c] -= l * aj[c];
            }
            if (j + 1 < n) {
                la_real v = LA_FABS(ai[j + 1]);
                if (v > best) {
                    best = v;
                    p = i;
                }
            }
        }
    }
    return info;
}

/* Recursive LU (Toledo 1997) of the m x n view A; pivots relative to A's
 * first row. Returns the first zero pivot or -1. */
#define LA__LU_BASE 16
LA__PRIV la_int la__lu_rec(la_mat A, la_int *piv, la_arena *ws) {
    la_int m = A.rows, n = A.cols, mn = LA__MIN(m, n), n1, n2, i, info1, info2;
    la_mat A11, A12, A21, A22;
    if (mn == 0) return -1;
    if (n <= LA__LU_BASE || m == 1) return la__lu_panel(A, piv);
    n1 = mn / 2;
    n2 = n - n1;
    A11 = la_mat_block(A, 0, 0, n1, n1);
    A12 = la_mat_block(A, 0, n1, n1, n2);
    A21 = la_mat_block(A, n1, 0, m - n1, n1);
    A22 = la_mat_block(A, n1, n1, m - n1, n2);
    info1 = la__lu_rec(la_mat_block(A, 0, 0, m, n1), piv, ws);
    la__swap_rows(la_mat_block(A, 0, n1, m, n2), piv, 0, n1, 1);
    la_trsm_ws(LA_LEFT, LA_LOWER, LA_NOTRANS, LA_UNIT, 1, A11, A12, ws);
    la_gemm_ws(LA_NOTRANS, LA_NOTRANS, -1, A21, A12, 1, A22, ws);
    info2 = la__lu_rec(A22, piv + n1, ws);
    la__swap_rows(A21, piv + n1, 0, LA__MIN(m - n1, n2), 1);
    for (i = n1; i < mn; ++i) piv[i] += n1;
    if (info1 >= 0) return info1;
    return info2 >= 0 ? info2 + n1 : -1;
}

LA_API size_t la_lu_ws_bytes(la_int m, la_int n) {
    /* the largest product and triangular solve of the recursion */
    return la_gemm_ws_bytes(m, n, LA__MIN(m, n));
}

LA_API la_status la_lu(la_mat A, la_int *piv) { return la_lu_ws(A, piv, NULL); }

LA_API la_status la_lu_ws(la_mat A, la_int *piv, la_arena *ws) {
    la_int info;
    la__scratch sc;
    int own = 0;
    if (la_mat_check(A)) return LA_ERR_ARG;
    if (A.rows == 0 || A.cols == 0) return LA_OK;
    if (!piv) return LA_ERR_ARG;
    if (!la_mat_isfinite(A)) return LA_ERR_NONFINITE;
#ifdef LA_USE_LAPACKE
    if (A.rows == A.cols && LA__LAPACK_INT_IS_LA_INT) {
        /* Row-major A is column-major A^T: transpose the storage so that
         * dgetrf sees A, then transpose its factors back. */
        lapack_int linfo, i;
        la__transpose_square(A);
        linfo = LA__LAPACKE(getrf_work)(LAPACK_COL_MAJOR, A.rows, A.cols, A.data, A.ld,
                                        (lapack_int *)piv);
        la__transpose_square(A);
        for (i = 0; i < A.rows; ++i) piv[i] -= 1;
        if (linfo < 0) return LA_ERR_ARG;
        return linfo > 0 ? LA_ERR_SINGULAR : LA_OK;
    }
#endif
    /* Without an arena, one block serves every kernel call of the
     * recursion; if it cannot be had the kernels manage on their own. */
    if (!ws && la_lu_ws_bytes(A.rows, A.cols) > 0 &&
        la__scratch_begin(&sc, NULL, la_lu_ws_bytes(A.rows, A.cols) - LA_ARENA_ALIGN) == LA_OK) {
        ws = sc.arena;
        own = 1;
    }
    info = la__lu_rec(A, piv, ws);
    if (own) la__scratch_end(&sc);
    return info >= 0 ? LA_ERR_SINGULAR : LA_OK;
}

/* Common checks of the solves: square finite-diagonal factors with valid
 * pivots, B with n rows and finite entries. */
LA__PRIV la_status la__lu_solve_check(la_mat LU, const la_int *piv, la_mat B) {
    la_int n = LU.rows, i;
    if (la_mat_check(LU) || la_mat_check(B)) return LA_ERR_ARG;
    if (LU.cols != n || B.rows != n) return LA_ERR_DIM;
    if (n == 0 || B.cols == 0) return LA_OK;
    if (!piv) return LA_ERR_ARG;
    for (i = 0; i < n; ++i)
        if (piv[i] < 0 || piv[i] >= n) return LA_ERR_ARG;
    if (!la_mat_isfinite(B)) return LA_ERR_NONFINITE;
    for (i = 0; i < n; ++i) {
        la_real d = LA_AT(LU, i, i);
        if (!LA__ISFINITE(d)) return LA_ERR_NONFINITE;
        if (d == 0) return LA_ERR_SINGULAR;
    }
    return LA_OK;
}

LA_API la_status la_lu_solve(la_mat LU, const la_int *piv, la_mat B) {
    la_status st = la__lu_solve_check(LU, piv, B);
    if (st != LA_OK || LU.rows == 0 || B.cols == 0) return st;
    la__swap_rows(B, piv, 0, LU.rows, 1);
    la_trsm(LA_LEFT, LA_LOWER, LA_NOTRANS, LA_UNIT, 1, LU, B);
    la_trsm(LA_LEFT, LA_UPPER, LA_NOTRANS, LA_NONUNIT, 1, LU, B);
    return la_mat_isfinite(B) ? LA_OK : LA_ERR_NONFINITE;
}

LA_API la_status la_lu_solve_trans(la_mat LU, const la_int *piv, la_mat B) {
    /* A^T = U^T L^T P, so X = P^T L^{-T} U^{-T} B. */
    la_status st = la__lu_solve_check(LU, piv, B);
    if (st != LA_OK || LU.rows == 0 || B.cols == 0) return st;
    la_trsm(LA_LEFT, LA_UPPER, LA_TRANS, LA_NONUNIT, 1, LU, B);
    la_trsm(LA_LEFT, LA_LOWER, LA_TRANS, LA_UNIT, 1, LU, B);
    la__swap_rows(B, piv, 0, LU.rows, 0);
    return la_mat_isfinite(B) ? LA_OK : LA_ERR_NONFINITE;
}

/* Sign of the permutation of la_lu's pivots, after checking the factors. */
LA__PRIV la_status la__lu_det_check(la_mat LU, const la_int *piv, la_real *sign) {
    la_int i;
    if (la_mat_check(LU)) return LA_ERR_ARG;
    if (LU.rows != LU.cols) return LA_ERR_DIM;
    if (LU.rows > 0 && !piv) return LA_ERR_ARG;
    *sign = 1;
    for (i = 0; i < LU.rows; ++i) {
        if (piv[i] < 0 || piv[i] >= LU.rows) return LA_ERR_ARG;
        if (piv[i] != i) *sign = -*sign;
    }
    return LA_OK;
}

LA_API la_status la_lu_det(la_mat LU, const la_int *piv, la_real *det) {
    la_real d;
    la_int i;
    la_status st;
    if (!det) return LA_ERR_ARG;
    if ((st = la__lu_det_check(LU, piv, &d)) != LA_OK) return st;
    for (i = 0; i < LU.rows; ++i) d *= LA_AT(LU, i, i);
    *det = d;
    return LA_OK;
}

LA_API la_status la_lu_logdet(la_mat LU, const la_int *piv, la_real *logabsdet, la_real *sign) {
    la_real s, l = 0;
    la_int i;
    la_status st;
    if (!logabsdet || !sign) return LA_ERR_ARG;
    if ((st = la__lu_det_check(LU, piv, &s)) != LA_OK) return st;
    for (i = 0; i < LU.rows; ++i) {
        la_real d = LA_AT(LU, i, i);
        if (d == 0) {
            *sign = 0;
            *logabsdet = -(la_real)HUGE_VAL;
            return LA_OK;
        }
        if (d < 0) s = -s;
        l += LA_LOG(LA_FABS(d));
    }
    *sign = s;
    *logabsdet = l;
    return LA_OK;
}

/* U <- U^{-1} for the upper triangle of the n x n A, in place: blocks of
 * columns, each with one la_trmm and one la_trsm (LAPACK's dtrtri). The
 * diagonal must have no zero. */
#define LA__INV_NB 64
LA__PRIV void la__tri_inv_upper(la_mat A, la_arena *ws) {
    la_int n = A.rows, j, jb, c, i, p;
    for (j = 0; j < n; j += LA__INV_NB) {
        jb = LA__MIN(LA__INV_NB, n - j);
        if (j > 0) {
            la_mat U11 = la_mat_block(A, 0, 0, j, j), X = la_mat_block(A, 0, j, j, jb);
            la_trmm_ws(LA_LEFT, LA_UPPER, LA_NOTRANS, LA_NONUNIT, 1, U11, X, ws);
            la_trsm_ws(LA_RIGHT, LA_UPPER, LA_NOTRANS, LA_NONUNIT, -1, la_mat_block(A, j, j, jb, jb), X, ws);
        }
        /* The jb x jb diagonal block, column by column: entries above the
         * diagonal use the already inverted leading part. */
        for (c = j; c < j + jb; ++c) {
            la_real d = LA_AT(A, c, c) = (la_real)1 / LA_AT(A, c, c);
            for (i = j; i < c; ++i) {
                la_real s = 0;
                for (p = i; p < c; ++p) s += LA_AT(A, i, p) * LA_AT(A, p, c);
                LA_AT(A, i, c) = -d * s;
            }
        }
    }
}

/* A <- A^{-1} from the LU factors in A: U^{-1} in place, then X L = U^{-1}
 * by blocks of columns from the right, then the column interchanges
 * (LAPACK's dgetri). work is an n x LA__INV_NB buffer; ws (may be NULL)
 * holds the kernels' packing buffers. */
LA__PRIV void la__lu_inverse(la_mat A, const la_int *piv, la_real *work, la_arena *ws) {
    la_int n = A.rows, j, jb, i, c;
    la__tri_inv_upper(A, ws);
    for (j = ((n - 1) / LA__INV_NB) * LA__INV_NB; j >= 0; j -= LA__INV_NB) {
        la_mat Wk;
        jb = LA__MIN(LA__INV_NB, n - j);
        Wk = la_mat_ld(n - j, jb, jb, work);
        for (i = j; i < n; ++i)
            for (c = 0; c < jb; ++c) {
                if (i > j + c) {
                    LA_AT(Wk, i - j, c) = LA_AT(A, i, j + c);
                    LA_AT(A, i, j + c) = 0;
                } else {
                    LA_AT(Wk, i - j, c) = 0;
                }
            }
        if (j + jb < n)
            la_gemm_ws(LA_NOTRANS, LA_NOTRANS, -1, la_mat_block(A, 0, j + jb, n, n - j - jb),
                       la_mat_block(Wk, jb, 0, n - j - jb, jb), 1, la_mat_block(A, 0, j, n, jb), ws);
        la_trsm_ws(LA_RIGHT, LA_LOWER, LA_NOTRANS, LA_UNIT, 1, la_mat_block(Wk, 0, 0, jb, jb),
                   la_mat_block(A, 0, j, n, jb), ws);
    }
    for (j = n - 2; j >= 0; --j)
        if (piv[j] != j) la_swap(n, &LA_AT(A, 0, j), A.ld, &LA_AT(A, 0, piv[j]), A.ld);
}

LA_API size_t la_inv_ws_bytes(la_int n) {
    size_t b;
    if (n <= 0) return 0;
    b = la_ws_ints((size_t)n) + la_ws_reals((size_t)n * LA__INV_NB) + la_gemm_ws_bytes(n, n, n);
#ifdef LA_USE_LAPACKE
    {
        la_real q = 0, dummy = 0;
        lapack_int ipiv = 0;
        size_t lb;
        LA__LAPACKE(getri_work)(LAPACK_COL_MAJOR, n, &dummy, n, &ipiv, &q, -1);
        lb = la__round_up((size_t)n * sizeof(lapack_int)) + la_ws_reals(la__lapack_lwork(q));
        if (lb > b) b = lb;
    }
#endif
    return b + LA_ARENA_ALIGN;
}

LA_API la_status la_inv(la_mat A, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int n = A.rows;
    if (la_mat_check(A)) return LA_ERR_ARG;
    if (A.cols != n) return LA_ERR_DIM;
    if (n == 0) return LA_OK;
    if (!la_mat_isfinite(A)) return LA_ERR_NONFINITE;
    if ((st = la__scratch_begin(&sc, ws, la_inv_ws_bytes(n) - LA_ARENA_ALIGN)) != LA_OK) return st;
#ifdef LA_USE_LAPACKE
    {
        /* The inverse of A^T (what LAPACK sees) is the transpose of A^{-1}:
         * the column-major result read row-major is A^{-1}. */
        la_real q = 0, *work = NULL;
        size_t lwork;
        lapack_int info, *ipiv = (lapack_int *)la__scratch_alloc(&sc, (size_t)n * sizeof(lapack_int));
        if (ipiv) {
            LA__LAPACKE(getri_work)(LAPACK_COL_MAJOR, n, A.data, A.ld, ipiv, &q, -1);
            lwork = la__lapack_lwork(q);
            work = (la_real *)la__scratch_alloc(&sc, lwork * sizeof(la_real));
        }
        if (!ipiv || !work) {
            st = LA_ERR_NOMEM;
            goto done;
        }
        info = LA__LAPACKE(getrf_work)(LAPACK_COL_MAJOR, n, n, A.data, A.ld, ipiv);
        if (info == 0)
            info = LA__LAPACKE(getri_work)(LAPACK_COL_MAJOR, n, A.data, A.ld, ipiv, work,
                                           (lapack_int)lwork);
        st = info < 0 ? LA_ERR_ARG : info > 0 ? LA_ERR_SINGULAR : LA_OK;
        if (st == LA_OK && !la_mat_isfinite(A)) st = LA_ERR_NONFINITE;
    }
#else
    {
        la_int *piv = (la_int *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_int));
        la_real *work = (la_real *)la__scratch_alloc(&sc, (size_t)n * LA__INV_NB * sizeof(la_real));
        if (!piv || !work) {
            st = LA_ERR_NOMEM;
            goto done;
        }
        if (la__lu_rec(A, piv, sc.arena) >= 0) {
            st = LA_ERR_SINGULAR;
            goto done;
        }
        la__lu_inverse(A, piv, work, sc.arena);
        if (!la_mat_isfinite(A)) st = LA_ERR_NONFINITE;
    }
#endif
done:
    la__scratch_end(&sc);
    return st;
}

/* ----------------------------------------------------------------------
 * 8. QR, pivoted QR, least squares
 * ---------------------------------------------------------------------- */

#define LA__QR_NB 32

/* sqrt(a^2 + b^2) without overflow or harmful underflow. */
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

/* Householder reflector H = I - tau v v^T with H [alpha; x] = [beta; 0],
 * v = [1; x / (alpha - beta)], beta = -sign(alpha) ||[alpha; x]||; x has
 * n - 1 entries with stride incx and is overwritten by v's tail, alpha by
 * beta. tau = 0 (H = I) when x = 0. Tiny norms are rescaled so that v is
 * accurate (LAPACK's dlarfg). */
LA__PRIV void la__householder(la_int n, la_real *alpha, la_real *x, la_int incx, la_real *tau) {
    la_real xnorm, beta, safmin, rsafmn;
    la_int knt = 0, j;
    *tau = 0;
    if (n <= 1) return;
    xnorm = la_nrm2(n - 1, x, incx);
    if (xnorm == 0) return;
    beta = la__hypot(*alpha, xnorm);
    if (*alpha >= 0) beta = -beta;
    safmin = LA_REAL_MIN / LA_EPS;
    rsafmn = 1 / safmin;
    if (LA_FABS(beta) < safmin) {
        do {
            ++knt;
            la_scal(n - 1, rsafmn, x, incx);
            beta *= rsafmn;
            *alpha *= rsafmn;
        } while (LA_FABS(beta) < safmin && knt < 20);
        xnorm = la_nrm2(n - 1, x, incx);
        beta = la__hypot(*alpha, xnorm);
        if (*alpha >= 0) beta = -beta;
    }
    *tau = (beta - *alpha) / beta;
    la_scal(n - 1, 1 / (*alpha - beta), x, incx);
    for (j = 0; j < knt; ++j) beta *= safmin;
    *alpha = beta;
}

/* C <- (I - tau v v^T) C for C with r rows, v = [1; v_1 .. v_{r-1}] where
 * v_i = v[i * incv] (v[0] is not read). w: C.cols scratch. Plain loops:
 * the rows of a panel are short, a kernel call per row would cost more
 * than its work. */
LA__PRIV void la__reflect_left(la_real tau, const la_real *v, la_int incv, la_mat C, la_real *w) {
    la_int r = C.rows, n = C.cols, i, j;
    la_real *LA__RESTRICT wr = w;
    if (tau == 0 || r == 0 || n == 0) return;
    {
        const la_real *c0 = &LA_AT(C, 0, 0);
        for (j = 0; j < n; ++j) wr[j] = c0[j];
    }
    for (i = 1; i < r; ++i) {
        const la_real *LA__RESTRICT ci = &LA_AT(C, i, 0);
        la_real vi = v[(size_t)i * (size_t)incv];
        for (j = 0; j < n; ++j) wr[j] += vi * ci[j];
    }
    for (i = 0; i < r; ++i) {
        la_real *LA__RESTRICT ci = &LA_AT(C, i, 0);
        la_real t = i == 0 ? tau : tau * v[(size_t)i * (size_t)incv];
        for (j = 0; j < n; ++j) ci[j] -= t * wr[j];
    }
}

/* Unblocked Householder QR of the m x n A (LAPACK's dgeqr2); w: n reals. */
LA__PRIV void la__qr_unblocked(la_mat A, la_real *tau, la_real *w) {
    la_int m = A.rows, n = A.cols, k = LA__MIN(m, n), i;
    for (i = 0; i < k; ++i) {
        la_real *aii = &LA_AT(A, i, i);
        la__householder(m - i, aii, aii + A.ld, A.ld, &tau[i]);
        if (i + 1 < n) la__reflect_left(tau[i], aii, A.ld, la_mat_block(A, i, i + 1, m - i, n - i - 1), w);
    }
}

/* T (jb x jb upper) of the compact WY form H_0 ... H_{jb-1} = I - V T V^T,
 * V the m x jb unit lower trapezoid stored in V (LAPACK's dlarft, forward,
 * columnwise): T(0:i, i) = -tau_i T(0:i, 0:i) V(:, 0:i)^T v_i, with the
 * products V^T V of the rows below the jb x jb top taken by one la_syrk.
 * tmp: jb reals; ws: the kernels' packing buffers (may be NULL). */
LA__PRIV void la__wy_factor(la_mat V, const la_real *tau, la_mat T, la_real *tmp, la_arena *ws) {
    la_int m = V.rows, jb = V.cols, i, p, r;
    if (m > jb)
        la_syrk_ws(LA_UPPER, LA_TRANS, 1, la_mat_block(V, jb, 0, m - jb, jb), 0, T, ws);
    else
        la_mat_set(T, 0, 0);
    for (i = 0; i < jb; ++i) {
        for (p = 0; p < i; ++p) {
            la_real s = LA_AT(V, i, p);
            for (r = i + 1; r < jb; ++r) s += LA_AT(V, r, p) * LA_AT(V, r, i);
            tmp[p] = LA_AT(T, p, i) + s;
        }
        if (i > 0) la_trmv(LA_UPPER, LA_NOTRANS, LA_NONUNIT, la_mat_block(T, 0, 0, i, i), tmp);
        for (p = 0; p < i; ++p) LA_AT(T, p, i) = -tau[i] * tmp[p];
        LA_AT(T, i, i) = tau[i];
    }
}

/* Apply the block reflector H = I - V T V^T (V m x jb unit lower trapezoid,
 * only its strict lower part read) as op(H) C (side LEFT, C m x c) or
 * C op(H) (side RIGHT, C c x m), with the level-3 kernels (LAPACK's
 * dlarfb). W: jb x c (LEFT) or c x jb (RIGHT) scratch, contiguous; ws:
 * the kernels' packing buffers (may be NULL). */
LA__PRIV void la__wy_apply(la_side side, la_trans t, la_mat V, la_mat T, la_mat C, la_real *work,
                           la_arena *ws) {
    la_int m = V.rows, jb = V.cols;
    la_mat V1 = la_mat_block(V, 0, 0, jb, jb), V2 = la_mat_block(V, jb, 0, m - jb, jb), W, C1, C2;
    la_int i;
    if (side == LA_LEFT) {
        if (C.cols == 0) return;
        C1 = la_mat_block(C, 0, 0, jb, C.cols);
        C2 = la_mat_block(C, jb, 0, m - jb, C.cols);
        W = la_mat_of(jb, C.cols, work);
        la_mat_copy(C1, W);
        la_trmm_ws(LA_LEFT, LA_LOWER, LA_TRANS, LA_UNIT, 1, V1, W, ws);
        if (m > jb) la_gemm_ws(LA_TRANS, LA_NOTRANS, 1, V2, C2, 1, W, ws);
        la_trmm_ws(LA_LEFT, LA_UPPER, t, LA_NONUNIT, 1, T, W, ws);
        if (m > jb) la_gemm_ws(LA_NOTRANS, LA_NOTRANS, -1, V2, W, 1, C2, ws);
        la_trmm_ws(LA_LEFT, LA_LOWER, LA_NOTRANS, LA_UNIT, 1, V1, W, ws);
    } else {
        if (C.rows == 0) return;
        C1 = la_mat_block(C, 0, 0, C.rows, jb);
        C2 = la_mat_block(C, 0, jb, C.rows, m - jb);
        W = la_mat_of(C.rows, jb, work);
        la_mat_copy(C1, W);
        la_trmm_ws(LA_RIGHT, LA_LOWER, LA_NOTRANS, LA_UNIT, 1, V1, W, ws);
        if (m > jb) la_gemm_ws(LA_NOTRANS, LA_NOTRANS, 1, C2, V2, 1, W, ws);
        la_trmm_ws(LA_RIGHT, LA_UPPER, t, LA_NONUNIT, 1, T, W, ws);
        if (m > jb) la_gemm_ws(LA_NOTRANS, LA_TRANS, -1, W, V2, 1, C2, ws);
        la_trmm_ws(LA_RIGHT, LA_LOWER, LA_TRANS, LA_UNIT, 1, V1, W, ws);
    }
    for (i = 0; i < C1.rows; ++i) la_axpy(C1.cols, -1, &LA_AT(W, i, 0), 1, &LA_AT(C1, i, 0), 1);
}

/* Scratch of the built-in blocked QR routines applying blocks of
 * reflectors of length m to c columns (LEFT) or rows (RIGHT): T (nb x nb),
 * nb reals for la__wy_factor, W (nb x c), then the packing buffers of the
 * largest kernel call. */
LA__PRIV size_t la__wy_ws(la_side side, la_int m, la_int c) {
    size_t k = side == LA_LEFT ? LA__MAX(la_gemm_ws_bytes(LA__QR_NB, c, m), la_gemm_ws_bytes(m, c, LA__QR_NB))
                               : LA__MAX(la_gemm_ws_bytes(c, LA__QR_NB, m), la_gemm_ws_bytes(c, m, LA__QR_NB));
    return la_ws_reals((size_t)LA__QR_NB * LA__QR_NB) + la_ws_reals(LA__QR_NB) +
           la_ws_reals((size_t)LA__QR_NB * (size_t)LA__MAX(c, 1)) + k;
}

LA_API size_t la_qr_ws_bytes(la_int m, la_int n) {
    size_t b;
    if (m <= 0 || n <= 0) return 0;
    b = la__wy_ws(LA_LEFT, m, n);
#ifdef LA_USE_LAPACKE
    {
        la_real q = 0, dummy = 0;
        size_t lb;
        LA__LAPACKE(gelqf_work)(LAPACK_COL_MAJOR, n, m, &dummy, n, &dummy, &q, -1);
        lb = la_ws_reals(la__lapack_lwork(q));
        if (lb > b) b = lb;
    }
#endif
    return b + LA_ARENA_ALIGN;
}

LA_API la_status la_qr(la_mat A, la_real *tau, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int m = A.rows, n = A.cols, k = LA__MIN(m, n);
    if (la_mat_check(A)) return LA_ERR_ARG;
    if (k == 0) return LA_OK;
    if (!tau) return LA_ERR_ARG;
    if (!la_mat_isfinite(A)) return LA_ERR_NONFINITE;
    if ((st = la__scratch_begin(&sc, ws, la_qr_ws_bytes(m, n) - LA_ARENA_ALIGN)) != LA_OK) return st;
#ifdef LA_USE_LAPACKE
    {
        /* Row-major A is column-major A^T; A^T = L Q_lq gives A = Q_lq^T L^T
         * with the reflectors exactly where dgeqrf of A would put them. */
        la_real q = 0, *work;
        size_t lwork;
        lapack_int info;
        LA__LAPACKE(gelqf_work)(LAPACK_COL_MAJOR, n, m, A.data, A.ld, tau, &q, -1);
        lwork = la__lapack_lwork(q);
        work = (la_real *)la__scratch_alloc(&sc, lwork * sizeof(la_real));
        if (!work) {
            st = LA_ERR_NOMEM;
            goto done;
        }
        info = LA__LAPACKE(gelqf_work)(LAPACK_COL_MAJOR, n, m, A.data, A.ld, tau, work,
                                       (lapack_int)lwork);
        if (info != 0) st = LA_ERR_ARG;
    }
#else
    {
        la_real *T = (la_real *)la__scratch_alloc(&sc, (size_t)LA__QR_NB * LA__QR_NB * sizeof(la_real));
        la_real *tmp = (la_real *)la__scratch_alloc(&sc, LA__QR_NB * sizeof(la_real));
        la_real *W = (la_real *)la__scratch_alloc(&sc, (size_t)LA__QR_NB * (size_t)n * sizeof(la_real));
        la_int j, jb;
        if (!T || !tmp || !W) {
            st = LA_ERR_NOMEM;
            goto done;
        }
        for (j = 0; j < k; j += LA__QR_NB) {
            jb = LA__MIN(LA__QR_NB, k - j);
            if (n - j <= LA__QR_NB) jb = n - j; /* last panel takes the rest */
            la__qr_unblocked(la_mat_block(A, j, j, m - j, jb), tau + j, W);
            if (j + jb < n) {
                la_mat V = la_mat_block(A, j, j, m - j, jb), Tm = la_mat_of(jb, jb, T);
                la__wy_factor(V, tau + j, Tm, tmp, sc.arena);
                la__wy_apply(LA_LEFT, LA_TRANS, V, Tm, la_mat_block(A, j, j + jb, m - j, n - j - jb), W,
                             sc.arena);
            }
        }
    }
#endif
done:
    la__scratch_end(&sc);
    return st;
}

/* Apply reflectors k0 .. k1-1 of the QR storage (m rows) to C, in blocks,
 * the order fixed by side and trans (la_qr_apply's meaning). */
LA__PRIV void la__qr_apply_blocks(la_side side, la_trans t, la_mat QR, const la_real *tau,
                                  la_int k, la_mat C, la_real *T, la_real *tmp, la_real *W,
                                  la_arena *ws) {
    la_int m = QR.rows, nblk = (k + LA__QR_NB - 1) / LA__QR_NB, b;
    int forward = (side == LA_LEFT) == (t == LA_TRANS);
    for (b = 0; b < nblk; ++b) {
        la_int j = (forward ? b : nblk - 1 - b) * LA__QR_NB, jb = LA__MIN(LA__QR_NB, k - j);
        la_mat V = la_mat_block(QR, j, j, m - j, jb), Tm = la_mat_of(jb, jb, T);
        la__wy_factor(V, tau + j, Tm, tmp, ws);
        if (side == LA_LEFT)
            la__wy_apply(side, t, V, Tm, la_mat_block(C, j, 0, m - j, C.cols), W, ws);
        else
            la__wy_apply(side, t, V, Tm, la_mat_block(C, 0, j, C.rows, m - j), W, ws);
    }
}

#ifdef LA_USE_LAPACKE
/* dormlq's side and trans for la_qr_apply's (side, t) on the transposed
 * storage: op(Q) C row-major is C^T op(Q)^T column-major and Q = Q_lq^T. */
#define LA__LQ_SIDE(side) ((side) == LA_LEFT ? 'R' : 'L')
#define LA__LQ_TRANS(t) ((t) == LA_TRANS ? 'T' : 'N')
#endif

LA_API size_t la_qr_apply_ws_bytes(la_side side, la_int m, la_int k, la_int crows, la_int ccols) {
    size_t b;
    if (k <= 0 || crows <= 0 || ccols <= 0) return 0;
    b = la__wy_ws(side, m, side == LA_LEFT ? ccols : crows);
#ifdef LA_USE_LAPACKE
    {
        la_real q = 0, dummy = 0;
        size_t lb;
        LA__LAPACKE(ormlq_work)(LAPACK_COL_MAJOR, LA__LQ_SIDE(side), 'N', ccols, crows, k, &dummy,
                                LA__MAX(k, 1), &dummy, &dummy, LA__MAX(ccols, 1), &q, -1);
        lb = la_ws_reals(la__lapack_lwork(q));
        if (lb > b) b = lb;
    }
#endif
    return b + LA_ARENA_ALIGN;
}

LA_API la_status la_qr_apply(la_side side, la_trans t, la_mat QR, const la_real *tau, la_int k,
                             la_mat C, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int m = QR.rows;
    if (la_mat_check(QR) || la_mat_check(C)) return LA_ERR_ARG;
    if (k < 0 || k > LA__MIN(QR.rows, QR.cols)) return LA_ERR_ARG;
    if ((side == LA_LEFT ? C.rows : C.cols) != m) return LA_ERR_DIM;
    if (k == 0 || C.rows == 0 || C.cols == 0) return LA_OK;
    if (!tau) return LA_ERR_ARG;
    if ((st = la__scratch_begin(&sc, ws, la_qr_apply_ws_bytes(side, m, k, C.rows, C.cols) -
                                             LA_ARENA_ALIGN)) != LA_OK)
        return st;
#ifdef LA_USE_LAPACKE
    {
        la_real q = 0, *work;
        size_t lwork;
        lapack_int info;
        LA__LAPACKE(ormlq_work)(LAPACK_COL_MAJOR, LA__LQ_SIDE(side), LA__LQ_TRANS(t), C.cols,
                                C.rows, k, QR.data, QR.ld, tau, C.data, C.ld, &q, -1);
        lwork = la__lapack_lwork(q);
        work = (la_real *)la__scratch_alloc(&sc, lwork * sizeof(la_real));
        if (!work) {
            st = LA_ERR_NOMEM;
            goto done;
        }
        info = LA__LAPACKE(ormlq_work)(LAPACK_COL_MAJOR, LA__LQ_SIDE(side), LA__LQ_TRANS(t),
                                       C.cols, C.rows, k, QR.data, QR.ld, tau, C.data, C.ld, work,
                                       (lapack_int)lwork);
        if (info != 0) st = LA_ERR_ARG;
    }
#else
    {
        la_real *T = (la_real *)la__scratch_alloc(&sc, (size_t)LA__QR_NB * LA__QR_NB * sizeof(la_real));
        la_real *tmp = (la_real *)la__scratch_alloc(&sc, LA__QR_NB * sizeof(la_real));
        la_real *W = (la_real *)la__scratch_alloc(
            &sc, (size_t)LA__QR_NB * (size_t)(side == LA_LEFT ? C.cols : C.rows) * sizeof(la_real));
        if (!T || !tmp || !W) {
            st = LA_ERR_NOMEM;
            goto done;
        }
        la__qr_apply_blocks(side, t, QR, tau, k, C, T, tmp, W, sc.arena);
    }
#endif
done:
    la__scratch_end(&sc);
    return st;
}

LA_API size_t la_qr_form_q_ws_bytes(la_int m, la_int q, la_int k) {
    size_t b;
    (void)k;
    if (m <= 0 || q <= 0) return 0;
    b = la__wy_ws(LA_LEFT, m, q);
#ifdef LA_USE_LAPACKE
    {
        la_real w = 0, dummy = 0;
        size_t lb;
        LA__LAPACKE(orglq_work)(LAPACK_COL_MAJOR, q, m, LA__MIN(k, q), &dummy, q, &dummy, &w, -1);
        lb = la_ws_reals(la__lapack_lwork(w));
        if (lb > b) b = lb;
    }
#endif
    return b + LA_ARENA_ALIGN;
}

LA_API la_status la_qr_form_q(la_mat QR, const la_real *tau, la_mat Q, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int m = QR.rows, k = LA__MIN(QR.rows, QR.cols), q = Q.cols, i, c;
    if (la_mat_check(QR) || la_mat_check(Q)) return LA_ERR_ARG;
    if (Q.rows != m || q < k || q > m) return LA_ERR_DIM;
    if (m == 0 || q == 0) return LA_OK;
    if (k > 0 && !tau) return LA_ERR_ARG;
    if ((st = la__scratch_begin(&sc, ws, la_qr_form_q_ws_bytes(m, q, k) - LA_ARENA_ALIGN)) != LA_OK)
        return st;
    /* The reflectors below the diagonal of Q's first k columns. */
    if (Q.data != QR.data || Q.ld != QR.ld)
        for (i = 1; i < m; ++i)
            for (c = 0; c < LA__MIN(i, k); ++c) LA_AT(Q, i, c) = LA_AT(QR, i, c);
#ifdef LA_USE_LAPACKE
    {
        la_real w = 0, *work;
        size_t lwork;
        lapack_int info;
        LA__LAPACKE(orglq_work)(LAPACK_COL_MAJOR, q, m, k, Q.data, Q.ld, tau, &w, -1);
        lwork = la__lapack_lwork(w);
        work = (la_real *)la__scratch_alloc(&sc, lwork * sizeof(la_real));
        if (!work) {
            st = LA_ERR_NOMEM;
            goto done;
        }
        info = LA__LAPACKE(orglq_work)(LAPACK_COL_MAJOR, q, m, k, Q.data, Q.ld, tau, work,
                                       (lapack_int)lwork);
        if (info != 0) st = LA_ERR_ARG;
        (void)c;
    }
#else
    {
        la_real *T = (la_real *)la__scratch_alloc(&sc, (size_t)LA__QR_NB * LA__QR_NB * sizeof(la_real));
        la_real *tmp = (la_real *)la__scratch_alloc(&sc, LA__QR_NB * sizeof(la_real));
        la_real *W = (la_real *)la__scratch_alloc(&sc, (size_t)LA__QR_NB * (size_t)q * sizeof(la_real));
        la_int j, jb;
        if (!T || !tmp || !W) {
            st = LA_ERR_NOMEM;
            goto done;
        }
        /* Columns k .. q-1 start as those of the identity. */
        for (i = 0; i < m; ++i)
            for (c = k; c < q; ++c) LA_AT(Q, i, c) = i == c ? 1 : 0;
        /* Blocks from the last: apply the block to the columns on its right
         * (already formed), then form its own columns (LAPACK's dorg2r):
         * H_i e_i = e_i - tau_i v_i, and H_i leaves e_c, c < i, alone. */
        for (j = ((k - 1) / LA__QR_NB) * LA__QR_NB; j >= 0 && k > 0; j -= LA__QR_NB) {
            la_mat V;
            jb = LA__MIN(LA__QR_NB, k - j);
            V = la_mat_block(Q, j, j, m - j, jb);
            if (j + jb < q) {
                la_mat Tm = la_mat_of(jb, jb, T);
                la__wy_factor(V, tau + j, Tm, tmp, sc.arena);
                la__wy_apply(LA_LEFT, LA_NOTRANS, V, Tm, la_mat_block(Q, j, j + jb, m - j, q - j - jb), W,
                             sc.arena);
            }
            for (i = jb - 1; i >= 0; --i) {
                la_real *vi = &LA_AT(V, i, i);
                if (i + 1 < jb)
                    la__reflect_left(tau[j + i], vi, V.ld, la_mat_block(V, i, i + 1, m - j - i, jb - i - 1), W);
                la_scal(m - j - i - 1, -tau[j + i], vi + V.ld, V.ld);
                *vi = 1 - tau[j + i];
                for (c = 0; c < j + i; ++c) LA_AT(Q, c, j + i) = 0;
            }
        }
    }
#endif
done:
    la__scratch_end(&sc);
    return st;
}

LA_API size_t la_qr_pivoted_ws_bytes(la_int m, la_int n) {
    if (m <= 0 || n <= 0) return 0;
    return 3 * la_ws_reals((size_t)n) + LA_ARENA_ALIGN;
}

/* Pivoted QR on given scratch (vn1, vn2, w: n reals each). */
LA__PRIV void la__qr_pivoted(la_mat A, la_real *tau, la_int *perm, la_real *vn1, la_real *vn2,
                             la_real *w) {
    la_int m = A.rows, n = A.cols, k = LA__MIN(m, n), i, j, p;
    const la_real tol3z = LA_SQRT(LA_EPS);
    for (j = 0; j < n; ++j) {
        vn1[j] = vn2[j] = la_nrm2(m, &LA_AT(A, 0, j), A.ld);
        perm[j] = j;
    }
    for (i = 0; i < k; ++i) {
        la_real *aii = &LA_AT(A, i, i);
        p = i;
        for (j = i + 1; j < n; ++j)
            if (vn1[j] > vn1[p]) p = j;
        if (p != i) {
            la_int t = perm[p];
            la_swap(m, &LA_AT(A, 0, p), A.ld, &LA_AT(A, 0, i), A.ld);
            perm[p] = perm[i];
            perm[i] = t;
            vn1[p] = vn1[i];
            vn2[p] = vn2[i];
        }
        la__householder(m - i, aii, aii + A.ld, A.ld, &tau[i]);
        if (i + 1 < n) la__reflect_left(tau[i], aii, A.ld, la_mat_block(A, i, i + 1, m - i, n - i - 1), w);
        /* Downdate the norms of the remaining columns; recompute one when
         * cancellation has eaten its digits (Drmac and Bujanovic 2008). */
        for (j = i + 1; j < n; ++j) {
            if (vn1[j] != 0) {
                la_real r = LA_FABS(LA_AT(A, i, j)) / vn1[j], t = 1 - r * r, t2;
                if (t < 0) t = 0;
                t2 = t * (vn1[j] / vn2[j]) * (vn1[j] / vn2[j]);
                if (t2 <= tol3z) {
                    vn1[j] = i + 1 < m ? la_nrm2(m - i - 1, &LA_AT(A, i + 1, j), A.ld) : 0;
                    vn2[j] = vn1[j];
                } else {
                    vn1[j] *= LA_SQRT(t);
                }
            }
        }
    }
}

LA_API la_status la_qr_pivoted(la_mat A, la_real *tau, la_int *perm, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int m = A.rows, n = A.cols, j;
    la_real *vn1, *vn2, *w;
    if (la_mat_check(A)) return LA_ERR_ARG;
    if (n > 0 && !perm) return LA_ERR_ARG;
    if (m == 0 || n == 0) {
        for (j = 0; j < n; ++j) perm[j] = j;
        return LA_OK;
    }
    if (!tau) return LA_ERR_ARG;
    if (!la_mat_isfinite(A)) return LA_ERR_NONFINITE;
    if ((st = la__scratch_begin(&sc, ws, la_qr_pivoted_ws_bytes(m, n) - LA_ARENA_ALIGN)) != LA_OK)
        return st;
    vn1 = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    vn2 = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    w = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    if (!vn1 || !vn2 || !w)
        st = LA_ERR_NOMEM;
    else
        la__qr_pivoted(A, tau, perm, vn1, vn2, w);
    la__scratch_end(&sc);
    return st;
}

/* Number of leading |R_jj| > tol. */
LA__PRIV la_int la__qr_count_rank(la_mat R, la_real tol) {
    la_int k = LA__MIN(R.rows, R.cols), r = 0;
    while (r < k && LA_FABS(LA_AT(R, r, r)) > tol) ++r;
    return r;
}

LA__PRIV la_real la__rank_tol(la_int m, la_int n, la_real rcond, la_real r00) {
    if (rcond < 0) rcond = (la_real)LA__MAX(m, n) * LA_EPS;
    return rcond * LA_FABS(r00);
}

LA_API la_status la_qr_rank(la_mat QR, la_real rcond, la_int *rank) {
    if (la_mat_check(QR) || !rank) return LA_ERR_ARG;
    if (QR.rows == 0 || QR.cols == 0) {
        *rank = 0;
        return LA_OK;
    }
    *rank = la__qr_count_rank(QR, la__rank_tol(QR.rows, QR.cols, rcond, LA_AT(QR, 0, 0)));
    return LA_OK;
}

/* Complete orthogonal decomposition of the r x n upper trapezoid R (r < n):
 * R = [T 0] Z with Z = Z_0 ... Z_{r-1}, Z_i = I - tau_i z_i z_i^T acting on
 * coordinates i and r .. n-1; T overwrites R's leading r x r triangle and
 * z_i's tail row i of R(:, r:n) (LAPACK's dlatrz; Hanson and Lawson 1969). */
LA__PRIV void la__rz(la_mat R, la_real *tau) {
    la_int r = R.rows, n = R.cols, l = n - r, i, q;
    for (i = r - 1; i >= 0; --i) {
        la_real *zi = &LA_AT(R, i, r);
        la__householder(l + 1, &LA_AT(R, i, i), zi, 1, &tau[i]);
        if (tau[i] == 0) continue;
        for (q = 0; q < i; ++q) {
            la_real *rq = &LA_AT(R, q, 0);
            la_real s = rq[i] + la_dot(l, rq + r, 1, zi, 1);
            rq[i] -= tau[i] * s;
            la_axpy(l, -tau[i] * s, zi, 1, rq + r, 1);
        }
    }
}

/* B <- Z^T B = Z_{r-1} ... Z_0 B for the Z of la__rz (B n x k); w: k reals. */
LA__PRIV void la__rz_apply_trans(la_mat R, const la_real *tau, la_mat B, la_real *w) {
    la_int r = R.rows, n = R.cols, k = B.cols, i, t;
    for (i = 0; i < r; ++i) {
        if (tau[i] == 0) continue;
        la_copy(k, &LA_AT(B, i, 0), 1, w, 1);
        for (t = r; t < n; ++t) la_axpy(k, LA_AT(R, i, t), &LA_AT(B, t, 0), 1, w, 1);
        la_axpy(k, -tau[i], w, 1, &LA_AT(B, i, 0), 1);
        for (t = r; t < n; ++t) la_axpy(k, -tau[i] * LA_AT(R, i, t), w, 1, &LA_AT(B, t, 0), 1);
    }
}

/* Rows of B (n x k) moved so that row j goes to row perm[j]: cycle by
 * cycle, with a mark per row (done: n ints) and one row of scratch (w). */
LA__PRIV void la__permute_rows(la_mat B, const la_int *perm, la_int *done, la_real *w) {
    la_int n = B.rows, k = B.cols, j, c;
    for (j = 0; j < n; ++j) done[j] = 0;
    for (j = 0; j < n; ++j) {
        if (done[j]) continue;
        /* Carry row j along its cycle j -> perm[j] -> perm[perm[j]] ... */
        la_copy(k, &LA_AT(B, j, 0), 1, w, 1);
        c = j;
        do {
            la_int d = perm[c];
            la_swap(k, w, 1, &LA_AT(B, d, 0), 1);
            done[c] = 1;
            c = d;
        } while (c != j);
    }
}

/* Estimate of ||R^{-1}||_1 for the n x n upper triangle (section 9). */
LA__PRIV la_real la__tri_inv_norm1_est(la_uplo uplo, la_diag diag, la_mat T, la_real *work);

LA_API size_t la_lstsq_ws_bytes(la_int m, la_int n, la_int k) {
    la_int mn = LA__MIN(m, n);
    size_t own, sub;
    if (m <= 0 || n <= 0) return 0;
    /* tau, then the largest of: QR, apply Q^T; or estimate + pivoted QR +
     * RZ + permutation of X. */
    own = la_ws_reals((size_t)mn);
    sub = LA__MAX(la_qr_ws_bytes(m, n), la_qr_apply_ws_bytes(LA_LEFT, m, mn, m, k));
    sub = LA__MAX(sub, 3 * la_ws_reals((size_t)n) + la_ws_reals((size_t)mn) +
                           2 * la_ws_ints((size_t)n) + la_ws_reals((size_t)LA__MAX(k, 1)) +
                           LA__MAX(la_qr_apply_ws_bytes(LA_LEFT, mn, mn, mn, k),
                                   la_gemm_ws_bytes(mn, k, mn)));
    return own + sub + LA_ARENA_ALIGN;
}

LA_API la_status la_lstsq_rank(la_mat A, la_mat B, la_real rcond, la_int *rank, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int m = A.rows, n = A.cols, k = B.cols, mn = LA__MIN(m, n), r, i, j;
    la_real *tau;
    la_mat Bm, R;
    if (la_mat_check(A) || la_mat_check(B)) return LA_ERR_ARG;
    if (B.rows != LA__MAX(m, n)) return LA_ERR_DIM;
    if (rank) *rank = 0;
    if (n == 0 || k == 0) return LA_OK;
    Bm = la_mat_block(B, 0, 0, m, k);
    if (m == 0) {
        la_mat_set(B, 0, 0);
        return LA_OK;
    }
    if (!la_mat_isfinite(A) || !la_mat_isfinite(Bm)) return LA_ERR_NONFINITE;
    if ((st = la__scratch_begin(&sc, ws, la_lstsq_ws_bytes(m, n, k) - LA_ARENA_ALIGN)) != LA_OK)
        return st;
    tau = (la_real *)la__scratch_alloc(&sc, (size_t)mn * sizeof(la_real));
    if (!tau) {
        st = LA_ERR_NOMEM;
        goto done;
    }
    /* A = Q R, B <- Q^T B. */
    if ((st = la_qr(A, tau, sc.arena)) != LA_OK) goto done;
    if ((st = la_qr_apply(LA_LEFT, LA_TRANS, A, tau, mn, Bm, sc.arena)) != LA_OK) goto done;
    R = la_mat_block(A, 0, 0, mn, n);
    {
        size_t mark = la_arena_mark(sc.arena);
        la_real *work = (la_real *)la_arena_alloc(sc.arena, 3 * (size_t)n * sizeof(la_real));
        la_real *tau2 = (la_real *)la_arena_alloc(sc.arena, (size_t)mn * sizeof(la_real));
        la_int *perm = (la_int *)la_arena_alloc(sc.arena, (size_t)n * sizeof(la_int));
        la_int *marks = (la_int *)la_arena_alloc(sc.arena, (size_t)n * sizeof(la_int));
        la_real *w = (la_real *)la_arena_alloc(sc.arena, (size_t)k * sizeof(la_real));
        la_real colmax = 0, tol;
        if (!work || !tau2 || !perm || !marks || !w) {
            st = LA_ERR_NOMEM;
            goto done;
        }
        for (j = 0; j < n; ++j) {
            la_real c = la_nrm2(LA__MIN(j + 1, mn), &LA_AT(R, 0, j), R.ld);
            if (c > colmax) colmax = c;
        }
        tol = la__rank_tol(m, n, rcond, colmax);
        if (m >= n) {
            /* Full rank when sigma_min(R) >= 1 / (sqrt(n) ||R^{-1}||_1) is
             * safely above the tolerance (the estimate is a lower bound of
             * ||R^{-1}||_1, rarely off by more than 3: a margin of 10). */
            la_real est = la__tri_inv_norm1_est(LA_UPPER, LA_NONUNIT, R, work);
            if (LA__ISFINITE(est) && est > 0 && 10 * LA_SQRT((la_real)n) * est * tol < 1) {
                la_trsm_ws(LA_LEFT, LA_UPPER, LA_NOTRANS, LA_NONUNIT, 1, la_mat_block(R, 0, 0, n, n),
                           la_mat_block(B, 0, 0, n, k), sc.arena);
                if (rank) *rank = n;
                if (!la_mat_isfinite(la_mat_block(B, 0, 0, n, k))) st = LA_ERR_NONFINITE;
                la_arena_reset(sc.arena, mark);
                goto done;
            }
        }
        /* Rank-deficient (or wide): pivoted QR of R (its strict lower part
         * cleared: Q is no longer needed), c <- Q2^T c, rank r, then the
         * complete orthogonal decomposition and the minimum-norm X. */
        for (i = 1; i < mn; ++i)
            for (j = 0; j < LA__MIN(i, n); ++j) LA_AT(R, i, j) = 0;
        la__qr_pivoted(R, tau2, perm, work, work + n, work + 2 * n);
        st = la_qr_apply(LA_LEFT, LA_TRANS, R, tau2, mn, la_mat_block(B, 0, 0, mn, k), sc.arena);
        if (st != LA_OK) goto done;
        r = la__qr_count_rank(R, la__rank_tol(m, n, rcond, LA_AT(R, 0, 0)));
        for (i = r; i < n; ++i)
            for (j = 0; j < k; ++j) LA_AT(B, i, j) = 0;
        if (r > 0) {
            la_mat Rr = la_mat_block(R, 0, 0, r, n);
            if (r < n) la__rz(Rr, tau2);
            la_trsm_ws(LA_LEFT, LA_UPPER, LA_NOTRANS, LA_NONUNIT, 1, la_mat_block(R, 0, 0, r, r),
                       la_mat_block(B, 0, 0, r, k), sc.arena);
            if (r < n) la__rz_apply_trans(Rr, tau2, la_mat_block(B, 0, 0, n, k), w);
        }
        la__permute_rows(la_mat_block(B, 0, 0, n, k), perm, marks, w);
        if (rank) *rank = r;
        if (!la_mat_isfinite(la_mat_block(B, 0, 0, n, k))) st = LA_ERR_NONFINITE;
        la_arena_reset(sc.arena, mark);
    }
done:
    la__scratch_end(&sc);
    return st;
}

LA_API la_status la_lstsq(la_mat A, la_mat B, la_arena *ws) {
    return la_lstsq_rank(A, B, -1, NULL, ws);
}

/* ----------------------------------------------------------------------
 * 9. Condition number estimates
 * ---------------------------------------------------------------------- */

/* x <- B x (t == LA_NOTRANS) or B^T x, for the operator B whose 1-norm is
 * estimated. */
typedef void (*la__apply_fn)(const void *ctx, la_trans t, la_real *x);

/* Estimate of ||B||_1 for an n x n operator B given by products with B and
 * B^T: Hager's method (1984) as refined by Higham (1988, Algorithm 4.1;
 * LAPACK's dlacn2): at most 5 steps of a gradient ascent of ||B x||_1 over
 * the unit 1-norm ball, then an extra alternating-sign test vector. The
 * result is a lower bound (Inf if a product overflowed). work: 3n reals. */
LA__PRIV la_real la__norm1_est(la_int n, la__apply_fn apply, const void *ctx, la_real *work) {
    la_real *x = work, *sgn = work + n, *v = work + 2 * n, est, estold, temp;
    la_int i, j, jlast, iter;
    if (n <= 0) return 0;
    for (i = 0; i < n; ++i) x[i] = (la_real)1 / (la_real)n;
    apply(ctx, LA_NOTRANS, x);
    est = la_asum(n, x, 1);
    if (!LA__ISFINITE(est)) return (la_real)HUGE_VAL;
    if (n == 1) return est;
    for (i = 0; i < n; ++i) sgn[i] = x[i] = x[i] >= 0 ? 1 : -1;
    apply(ctx, LA_TRANS, x);
    j = la_iamax(n, x, 1);
    for (iter = 2;; ++iter) {
        int same = 1;
        for (i = 0; i < n; ++i) x[i] = 0;
        x[j] = 1;
        apply(ctx, LA_NOTRANS, x);
        la_copy(n, x, 1, v, 1);
        estold = est;
        est = la_asum(n, v, 1);
        if (!LA__ISFINITE(est)) return (la_real)HUGE_VAL;
        for (i = 0; i < n && same; ++i) same = (x[i] >= 0 ? 1 : -1) == sgn[i];
        /* A repeated sign vector, or no increase: converged (or cycling). */
        if (same || est <= estold) break;
        for (i = 0; i < n; ++i) sgn[i] = x[i] = x[i] >= 0 ? 1 : -1;
        apply(ctx, LA_TRANS, x);
        jlast = j;
        j = la_iamax(n, x, 1);
        if (!(x[jlast] != LA_FABS(x[j]) && iter < 5)) break;
    }
    /* The alternating vector guards against the rare cases where the
     * gradient steps stall far below the norm. */
    for (i = 0; i < n; ++i) x[i] = (i % 2 ? -1 : 1) * (1 + (la_real)i / (la_real)(n - 1));
    apply(ctx, LA_NOTRANS, x);
    temp = 2 * la_asum(n, x, 1) / (la_real)(3 * n);
    if (!LA__ISFINITE(temp)) return (la_real)HUGE_VAL;
    return temp > est ? temp : est;
}

/* The operators: T^{-1} for a triangle, A^{-1} = U^{-1} L^{-1} (up to the
 * column permutation P, which leaves the 1-norm alone) for LU factors, and
 * A^{-1} = L^{-T} L^{-1} for a Cholesky factor. */
typedef struct {
    la_mat T;
    la_uplo uplo;
    la_diag diag;
} la__tri_op;

LA__PRIV void la__apply_tri_inv(const void *ctx, la_trans t, la_real *x) {
    const la__tri_op *op = (const la__tri_op *)ctx;
    la_trsv(op->uplo, t, op->diag, op->T, x);
}

LA__PRIV void la__apply_lu_inv(const void *ctx, la_trans t, la_real *x) {
    la_mat LU = *(const la_mat *)ctx;
    if (t == LA_NOTRANS) {
        la_trsv(LA_LOWER, LA_NOTRANS, LA_UNIT, LU, x);
        la_trsv(LA_UPPER, LA_NOTRANS, LA_NONUNIT, LU, x);
    } else {
        la_trsv(LA_UPPER, LA_TRANS, LA_NONUNIT, LU, x);
        la_trsv(LA_LOWER, LA_TRANS, LA_UNIT, LU, x);
    }
}

LA__PRIV void la__apply_chol_inv(const void *ctx, la_trans t, la_real *x) {
    la_mat L = *(const la_mat *)ctx;
    (void)t;
    la_trsv(LA_LOWER, LA_NOTRANS, LA_NONUNIT, L, x);
    la_trsv(LA_LOWER, LA_TRANS, LA_NONUNIT, L, x);
}

LA__PRIV la_real la__tri_inv_norm1_est(la_uplo uplo, la_diag diag, la_mat T, la_real *work) {
    la__tri_op op;
    op.T = T;
    op.uplo = uplo;
    op.diag = diag;
    return la__norm1_est(T.rows, la__apply_tri_inv, &op, work);
}

LA_API size_t la_rcond_ws_bytes(la_int n) {
    return n <= 0 ? 0 : la_ws_reals(3 * (size_t)n) + LA_ARENA_ALIGN;
}

/* The shared driver: checks (square, finite triangle `uplo` of F, nonzero
 * diagonal unless unit), then rcond = 1 / (anorm * est ||A^{-1}||_1). */
LA__PRIV la_status la__rcond(la_mat F, la_uplo uplo, la_diag diag, la_real anorm,
                             la__apply_fn apply, const void *ctx, la_real *rcond, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int n = F.rows, i;
    la_real *work, est;
    if (la_mat_check(F) || !rcond) return LA_ERR_ARG;
    if (F.cols != n) return LA_ERR_DIM;
    if (!LA__ISFINITE(anorm)) return LA_ERR_NONFINITE;
    if (anorm < 0) return LA_ERR_ARG;
    for (i = 0; i < n; ++i) {
        la_int j0 = uplo == LA_LOWER ? 0 : i + 1, j1 = uplo == LA_LOWER ? i : n;
        if (!la_vec_isfinite(j1 - j0, &LA_AT(F, i, j0))) return LA_ERR_NONFINITE;
        if (diag == LA_NONUNIT && !LA__ISFINITE(LA_AT(F, i, i))) return LA_ERR_NONFINITE;
    }
    *rcond = 1;
    if (n == 0) return LA_OK;
    *rcond = 0;
    if (anorm == 0) return LA_OK;
    if (diag == LA_NONUNIT)
        for (i = 0; i < n; ++i)
            if (LA_AT(F, i, i) == 0) return LA_OK;
    if ((st = la__scratch_begin(&sc, ws, la_rcond_ws_bytes(n) - LA_ARENA_ALIGN)) != LA_OK) return st;
    work = (la_real *)la__scratch_alloc(&sc, 3 * (size_t)n * sizeof(la_real));
    if (!work) {
        st = LA_ERR_NOMEM;
    } else {
        est = la__norm1_est(n, apply, ctx, work);
        if (LA__ISFINITE(est) && est > 0) *rcond = (1 / est) / anorm;
    }
    la__scratch_end(&sc);
    return st;
}

LA_API la_status la_tri_rcond(la_uplo uplo, la_diag diag, la_mat T, la_real *rcond, la_arena *ws) {
    la__tri_op op;
    la_real tnorm = 0;
    la_int j, i;
    if (la_mat_check(T)) return LA_ERR_ARG;
    if (T.rows != T.cols) return LA_ERR_DIM;
    /* ||T||_1 of the triangle (NaN propagates into the check below). */
    for (j = 0; j < T.cols; ++j) {
        la_real s = diag == LA_UNIT ? 1 : 0;
        la_int i0 = uplo == LA_UPPER ? 0 : j + (diag == LA_UNIT), i1 = uplo == LA_UPPER ? j + (diag != LA_UNIT) : T.rows;
        for (i = i0; i < i1; ++i) s += LA_FABS(LA_AT(T, i, j));
        if (s > tnorm || s != s) tnorm = s;
    }
    op.T = T;
    op.uplo = uplo;
    op.diag = diag;
    return la__rcond(T, uplo, diag, tnorm, la__apply_tri_inv, &op, rcond, ws);
}

LA_API la_status la_chol_rcond(la_mat L, la_real anorm, la_real *rcond, la_arena *ws) {
    return la__rcond(L, LA_LOWER, LA_NONUNIT, anorm, la__apply_chol_inv, &L, rcond, ws);
}

LA_API la_status la_lu_rcond(la_mat LU, la_real anorm, la_real *rcond, la_arena *ws) {
    /* Both triangles are read: the strict lower part (L) and the upper. */
    la_int i;
    if (la_mat_check(LU)) return LA_ERR_ARG;
    if (LU.rows == LU.cols)
        for (i = 0; i < LU.rows; ++i)
            if (!la_vec_isfinite(i, &LA_AT(LU, i, 0))) return LA_ERR_NONFINITE;
    return la__rcond(LU, LA_UPPER, LA_NONUNIT, anorm, la__apply_lu_inv, &LU, rcond, ws);
}

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

/* ----------------------------------------------------------------------
 * 14. Iterative methods: CG, MINRES, Lanczos, randomized SVD, estimators
 * ---------------------------------------------------------------------- */

#endif /* LA_IMPLEMENTATION */

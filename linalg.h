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
 *   LA_FLOOR, LA_CEIL, LA_TANH, LA_LOG1P, LA_EXPM1, LA_HYPOT   math functions (sqrtf...
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
 *
 * Symmetric matrices are given by their LOWER triangle (the strict upper
 * triangle is neither read nor written unless a routine says otherwise);
 * factors overwrite that triangle.
 *
 * Under LA_USE_LAPACKE: la_chol calls dpotrf and la_chol_inverse dpotri
 * ('U' on the column-major view of the buffer, which is our lower
 * triangle), la_chol_solve calls dpotrs for one contiguous right-hand side
 * (several right-hand sides, rows of a row-major B, are two la_trsm calls:
 * the same algorithm), and la_ldlt calls dsytrf ('L' on the column-major
 * view, the strict triangles exchanged around the call; workspace from the
 * arena). The factors and pivots stored have exactly the meaning of the
 * built-in ones. la_ldlt_solve runs the built-in substitution (LAPACK's
 * dsytrs would need the factor in the other triangle or a transposed B).
 * Nothing here uses LAPACKE's row-major layer.
 * ====================================================================== */

/* A = L L^T for symmetric positive definite A (only the lower triangle is
 * read). L overwrites the lower triangle; the strict upper triangle is left
 * as it was. Cost n^3/3 flops. Errors: LA_ERR_ARG (bad view), LA_ERR_DIM
 * (not square), LA_ERR_NONFINITE (NaN/Inf in the lower triangle; A
 * untouched), LA_ERR_NOT_SPD (a pivot <= 0: A is then partly overwritten).
 * Method: blocked right-looking Cholesky (Golub and Van Loan, Matrix
 * Computations, 4th ed., 2013, Sec. 4.2): for each block of 192 columns the
 * diagonal block is factored recursively (Gustavson, IBM J. Res. Dev.
 * 41, 1997) down to 32 x 32 blocks done by dot products, the panel below
 * it solved with la_trsm and the trailing matrix updated with la_syrk, so
 * almost all flops run in the level-3 kernels. The panel is solved in
 * transposed form (one copy in and out) because the row-major kernels are
 * fastest that way. Workspace: la_chol takes one
 * LA_MALLOC block of la_chol_ws_bytes(n) bytes (the transposed panel and
 * the kernels' packing buffers); la_chol_ws takes it from ws instead. When
 * it is not available (LA_NO_MALLOC, or ws too small) the factorization
 * runs in place without it, same result to rounding, slower: la_chol never
 * fails for lack of memory. */
LA_API la_status la_chol(la_mat A);
LA_API la_status la_chol_ws(la_mat A, la_arena *ws);
LA_API size_t la_chol_ws_bytes(la_int n);
/* B <- A^{-1} B given L from la_chol (L n x n, B n x k): two la_trsm
 * calls (their packing buffers by LA_MALLOC, see section 5), 2 n^2 k flops.
 * Errors: LA_ERR_ARG, LA_ERR_DIM, LA_ERR_SINGULAR (a zero on L's diagonal;
 * B untouched). */
LA_API la_status la_chol_solve(la_mat L, la_mat B);
/* log det A = 2 sum_i log L_ii from L of la_chol (no overflow for any n).
 * O(n). Errors: LA_ERR_ARG (NULL logdet, bad view), LA_ERR_DIM,
 * LA_ERR_SINGULAR (a diagonal entry <= 0). */
LA_API la_status la_chol_logdet(la_mat L, la_real *logdet);
/* A^{-1} from L of la_chol, in place: L is overwritten by the full
 * symmetric inverse (both triangles). Inverts L (n^3/3 flops), then forms
 * L^{-T} L^{-1} (n^3/3 flops), in blocks through la_trmm/la_trsm/la_gemm/
 * la_syrk as LAPACK's dpotri (dtrtri + dlauum); no workspace of its own.
 * Errors: LA_ERR_ARG, LA_ERR_DIM, LA_ERR_SINGULAR (a diagonal entry <= 0;
 * L untouched). */
LA_API la_status la_chol_inverse(la_mat L);

/* Rank-1 update: L <- L' with L' L'^T = L L^T + x x^T, for L from la_chol
 * (n x n, positive diagonal) and x of n entries (overwritten). n Givens
 * rotations of [L x] (LINPACK's dchud, Dongarra et al. 1979; Golub and Van
 * Loan, 4th ed., Sec. 6.5), 3 n^2 flops, no workspace. Errors: LA_ERR_ARG
 * (NULL x, bad view, a diagonal entry of L <= 0; L untouched), LA_ERR_DIM,
 * LA_ERR_NONFINITE (NaN/Inf in x; L untouched). */
LA_API la_status la_chol_update(la_mat L, la_real *x);
/* Rank-1 downdate: L L^T - x x^T. Solves L p = x (x <- p), and if
 * ||p||_2 < 1 applies n rotations (LINPACK's dchdd; Stewart, J. Inst. Math.
 * Appl. 23, 1979); 4 n^2 flops, no workspace. If ||p||_2 >= 1 the result is
 * not positive definite: LA_ERR_NOT_SPD with L intact (x overwritten).
 * Other errors as la_chol_update. The result's accuracy degrades as ||p||
 * approaches 1 (L L^T - x x^T nearly singular). */
LA_API la_status la_chol_downdate(la_mat L, la_real *x);

/* Modified Cholesky for a symmetric, possibly indefinite A (lower triangle
 * read), for Newton methods: P (A + diag(e)) P^T = L L^T with e >= 0, L
 * overwriting A's lower triangle (strict upper untouched). perm (n entries,
 * may be NULL) receives P: row i of P A P^T is row perm[i] of A; perm NULL
 * disables pivoting (P = I). e (may be NULL) receives the added diagonal in
 * A's original order.
 *
 * Method: the revised Schnabel-Eskow algorithm (Schnabel and Eskow, SIAM J.
 * Optim. 9, 1999), with tau = eps^(1/3), taubar = eps^(2/3), mu = 0.1 and
 * gamma = max_i |a_ii| (max |a_ij| if the diagonal is zero; 1 if A = 0).
 * Phase 1 is Cholesky with pivoting on the largest remaining diagonal; it
 * continues while the pivot exceeds n eps gamma, no remaining diagonal is
 * below -mu (largest remaining diagonal), and no diagonal of the next Schur
 * complement would fall below -mu gamma. (The paper's phase-1 pivot
 * threshold is taubar gamma; n eps gamma is used instead so that E = 0 for
 * every matrix Cholesky can factor: in particular for every SPD A with
 * lambda_min(A) > n eps gamma, up to rounding. Then L is la_chol's factor
 * of P A P^T.) Phase 2 pivots on the largest Gerschgorin lower bound and
 * raises each pivot to at least max(sum_{i>j} |s_ij|, taubar gamma) and at
 * least the previous increase; the last 2 x 2 block is raised from its
 * eigenvalues so that its condition number is at most about 1/tau.
 *
 * Bound on E (valid with pivoting): let S be the trailing matrix when
 * phase 2 starts (S = A when the first test fails, e.g. when A has no
 * diagonal above n eps gamma), g_i = s_ii - sum_{k != i} |s_ik| its
 * Gerschgorin lower bounds and G = max(0, -min_i g_i). Then
 *     ||E||_inf = max_i e_i <= G + taubar gamma + 3 tau / (1 - tau) (gamma + G),
 * and G <= ||S||_inf <= (1 + mu) gamma + (n - 1) (xi + k (1 + mu) gamma),
 * where xi = max_{i != j} |a_ij| and k = n - size(S) is the number of
 * phase-1 steps. In practice max e_i is close to -lambda_min(A) (the least
 * any diagonal E can add).
 *
 * Both phases run in left-looking panels of 64 columns (each column is
 * formed by a matrix-vector product with the panel, as the pivot choice
 * needs it) with one la_syrk update of the trailing matrix per panel. Cost
 * n^3/3 flops plus O(n^2) comparisons. Workspace: la_chol_modified_ws_bytes(n)
 * bytes for full speed; at least la_ws_reals(nb n) + 4 la_ws_reals(n) +
 * la_ws_reals(nb) + LA_ARENA_ALIGN with nb = min(n, 64) (the level-3
 * kernels then run unpacked). Errors: LA_ERR_ARG, LA_ERR_DIM,
 * LA_ERR_NONFINITE (NaN/Inf in the lower triangle, A untouched; or overflow
 * during the factorization), LA_ERR_NOMEM. */
LA_API size_t la_chol_modified_ws_bytes(la_int n);
LA_API la_status la_chol_modified(la_mat A, la_int *perm, la_real *e, la_arena *ws);
/* B <- (A + diag(e))^{-1} B from la_chol_modified's L and perm (perm NULL:
 * no permutation): B <- P^T L^{-T} L^{-1} P B, 2 n^2 k flops, permutations
 * applied in place by following cycles (O(n^2) index work at worst). No
 * workspace. Errors: LA_ERR_ARG (perm not a permutation of 0..n-1),
 * LA_ERR_DIM, LA_ERR_SINGULAR (zero on L's diagonal); B untouched on error. */
LA_API la_status la_chol_solve_perm(la_mat L, const la_int *perm, la_mat B);

/* P A P^T = L D L^T for symmetric (possibly indefinite or singular) A, lower
 * triangle read, with Bunch-Kaufman partial pivoting (Bunch and Kaufman,
 * Math. Comp. 31, 1977; alpha = (1 + sqrt 17)/8), in LAPACK's dsytrf
 * ('L') storage expressed in row-major lower form, 0-based:
 *   - D is block diagonal with 1 x 1 and 2 x 2 blocks, stored on the
 *     diagonal (and, for a 2 x 2 block at k, k+1, in A(k+1, k));
 *   - ipiv[k] >= 0: a 1 x 1 block at k; rows/columns k and ipiv[k] were
 *     interchanged before step k;
 *   - ipiv[k] = ipiv[k+1] < 0: a 2 x 2 block at k, k+1; rows/columns k+1
 *     and ~ipiv[k] (= -ipiv[k] - 1) were interchanged;
 *   - L = P_0 L_0 P_1 L_1 ... (one factor per block): the multipliers of
 *     block k are stored below it, in the row order of step k (later
 *     interchanges are not applied to earlier columns), unit diagonal
 *     implicit. A = L D L^T. (LAPACK's 1-based ipiv maps to this by
 *     subtracting 1 from positive entries; negative entries are equal.)
 * The strict upper triangle is left as it was. For n > 128 the columns are
 * factored in panels of 64 as in LAPACK's dlasyf (same pivots as the
 * unblocked dsytf2 order up to rounding), the trailing matrix updated
 * through la_gemm. Cost about n^3/3 flops. Workspace: la_ldlt_ws_bytes(n)
 * bytes (under LA_USE_LAPACKE it queries dsytrf's optimal work); with less,
 * but at least 2 la_ws_reals(n) + LA_ARENA_ALIGN, the unblocked algorithm
 * runs (built-in backend). Errors: LA_ERR_ARG, LA_ERR_DIM,
 * LA_ERR_NONFINITE (A untouched), LA_ERR_NOMEM, LA_ERR_SINGULAR (some D
 * block is exactly singular; the factorization is complete, as dsytrf with
 * info > 0, and la_ldlt_inertia may be used). */
LA_API size_t la_ldlt_ws_bytes(la_int n);
LA_API la_status la_ldlt(la_mat A, la_int *ipiv, la_arena *ws);
/* B <- A^{-1} B from la_ldlt's factor and ipiv (B n x k): 2 n^2 k flops, no
 * workspace (LAPACK dsytrs's order of operations). Errors: LA_ERR_ARG (bad
 * ipiv), LA_ERR_DIM, LA_ERR_SINGULAR (a singular D block); B untouched on
 * error. */
LA_API la_status la_ldlt_solve(la_mat LD, const la_int *ipiv, la_mat B);
/* Inertia of A from la_ldlt's factor (Sylvester's law of inertia: A and D
 * have the same numbers of positive, negative and zero eigenvalues). A 1 x 1
 * block counts by its sign, a 2 x 2 block by the signs of its determinant
 * and trace; "zero" means exactly zero in D (a near-singular A shows as
 * tiny blocks of either sign). O(n). Any of npos, nneg, nzero may be NULL.
 * Errors: LA_ERR_ARG (bad ipiv), LA_ERR_DIM. */
LA_API la_status la_ldlt_inertia(la_mat LD, const la_int *ipiv, la_int *npos, la_int *nneg,
                                 la_int *nzero);

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
#ifndef LA_HYPOT
#define LA_HYPOT hypotf
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
#ifndef LA_HYPOT
#define LA_HYPOT hypot
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

/* Block sizes of the blocked Cholesky (columns per panel), of the
 * triangular inverse and of the LDL^T panels; diagonal blocks of at most
 * LA__CHOL_BASE rows are factored unblocked. */
#define LA__CHOL_NB 192
#define LA__CHOL_BASE 32
#define LA__LDLT_NB 64

/* LA_OK if A is a well-formed square view; LA_ERR_ARG or LA_ERR_DIM. */
LA__PRIV la_status la__sym_check(la_mat A) {
    if (la_mat_check(A)) return LA_ERR_ARG;
    return A.rows == A.cols ? LA_OK : LA_ERR_DIM;
}

/* 1 if the lower triangle of the square A (diagonal included) is finite:
 * x*0 is 0 for finite x and NaN otherwise, summed in four independent
 * sums (the test then runs at memory speed, a few percent of a Cholesky). */
LA__PRIV int la__sym_lower_isfinite(la_mat A) {
    la_real s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    la_int i, j;
    for (i = 0; i < A.rows; ++i) {
        const la_real *a = &LA_AT(A, i, 0);
        for (j = 0; j + 4 <= i + 1; j += 4) {
            s0 += a[j] * 0;
            s1 += a[j + 1] * 0;
            s2 += a[j + 2] * 0;
            s3 += a[j + 3] * 0;
        }
        for (; j <= i; ++j) s0 += a[j] * 0;
    }
    return (s0 + s1) + (s2 + s3) == 0;
}

/* Symmetric interchange of rows and columns p < q of the symmetric matrix
 * held in A's lower triangle. The part of rows p and q left of the diagonal
 * is swapped only from column c0 on (c0 = 0 also permutes the rows of
 * factor columns already computed; c0 = p leaves them). */
LA__PRIV void la__sym_swap(la_mat A, la_int c0, la_int p, la_int q) {
    la_int i;
    la_real t;
    if (p == q) return;
    la_swap(p - c0, &LA_AT(A, p, c0), 1, &LA_AT(A, q, c0), 1);
    t = LA_AT(A, p, p);
    LA_AT(A, p, p) = LA_AT(A, q, q);
    LA_AT(A, q, q) = t;
    for (i = p + 1; i < q; ++i) {
        t = LA_AT(A, i, p);
        LA_AT(A, i, p) = LA_AT(A, q, i);
        LA_AT(A, q, i) = t;
    }
    for (i = q + 1; i < A.rows; ++i) {
        t = LA_AT(A, i, p);
        LA_AT(A, i, p) = LA_AT(A, i, q);
        LA_AT(A, i, q) = t;
    }
}

/* Swap the strict lower and strict upper triangles of the square A (A <-
 * A^T), in tiles: turns the row-major lower triangle into LAPACK's
 * column-major lower triangle and back. */
LA__PRIV void la__swap_triangles(la_mat A) {
    const la_int bs = 32;
    la_int ib, jb, i, j;
    for (ib = 0; ib < A.rows; ib += bs)
        for (jb = 0; jb <= ib; jb += bs)
            for (i = ib; i < LA__MIN(ib + bs, A.rows); ++i)
                for (j = jb; j < LA__MIN(jb + bs, i); ++j) {
                    la_real t = LA_AT(A, i, j);
                    LA_AT(A, i, j) = LA_AT(A, j, i);
                    LA_AT(A, j, i) = t;
                }
}

/* LA_OK if every diagonal entry of the square L is > 0 (a Cholesky factor),
 * else `bad`. */
LA__PRIV la_status la__chol_diag_positive(la_mat L, la_status bad) {
    la_int i;
    for (i = 0; i < L.rows; ++i)
        if (!(LA_AT(L, i, i) > 0)) return bad;
    return LA_OK;
}

/* 1 if the square L has a zero on its diagonal. */
LA__PRIV int la__diag_has_zero(la_mat L) {
    la_int i;
    for (i = 0; i < L.rows; ++i)
        if (LA_AT(L, i, i) == 0) return 1;
    return 0;
}

/* Cholesky of a small block in place, row by row with dot products
 * (Cholesky-Banachiewicz). */
LA__PRIV la_status la__chol_unblocked(la_mat A) {
    la_int i, j;
    for (i = 0; i < A.rows; ++i) {
        la_real *ai = &LA_AT(A, i, 0), d;
        for (j = 0; j < i; ++j) {
            const la_real *aj = &LA_AT(A, j, 0);
            ai[j] = (ai[j] - la_dot(j, ai, 1, aj, 1)) / aj[j];
        }
        d = ai[i] - la_dot(i, ai, 1, ai, 1);
        if (!(d > 0)) return LA_ERR_NOT_SPD;
        ai[i] = LA_SQRT(d);
    }
    return LA_OK;
}

/* A21 <- A21 L11^{-T} and A22 <- A22 - A21 A21^T (lower triangle). With P
 * (room for A21^T) the solve runs as L11^{-1} A21^T, on rows, and the
 * update as a transposed syrk; without it both run in place. */
LA__PRIV void la__chol_panel(la_mat L11, la_mat A21, la_mat A22, la_real *P, la_arena *pack) {
    if (P) {
        la_mat Pt = la_mat_of(A21.cols, A21.rows, P);
        la_mat_transpose(A21, Pt);
        la_trsm_ws(LA_LEFT, LA_LOWER, LA_NOTRANS, LA_NONUNIT, 1, L11, Pt, pack);
        la_syrk_ws(LA_LOWER, LA_TRANS, -1, Pt, 1, A22, pack);
        la_mat_transpose(Pt, A21);
    } else {
        la_trsm_ws(LA_RIGHT, LA_LOWER, LA_TRANS, LA_NONUNIT, 1, L11, A21, pack);
        la_syrk_ws(LA_LOWER, LA_NOTRANS, -1, A21, 1, A22, pack);
    }
}

/* Recursive Cholesky of a diagonal block: halves down to LA__CHOL_BASE.
 * P: room for (n/2) (n - n/2) reals or NULL. */
LA__PRIV la_status la__chol_rec(la_mat A, la_real *P, la_arena *pack) {
    la_int n = A.rows, n1 = n / 2, n2 = n - n1;
    la_status st;
    if (n <= LA__CHOL_BASE) return la__chol_unblocked(A);
    if ((st = la__chol_rec(la_mat_block(A, 0, 0, n1, n1), P, pack)) != LA_OK) return st;
    la__chol_panel(la_mat_block(A, 0, 0, n1, n1), la_mat_block(A, n1, 0, n2, n1),
                   la_mat_block(A, n1, n1, n2, n2), P, pack);
    return la__chol_rec(la_mat_block(A, n1, n1, n2, n2), P, pack);
}

LA_API size_t la_chol_ws_bytes(la_int n) {
#if defined(LA_USE_LAPACKE) || defined(LA_USE_CBLAS)
    (void)n;
    return 0;
#else
    la_int nb = LA__MIN(n, LA__CHOL_NB);
    if (n <= LA__CHOL_BASE) return 0;
    return la_ws_reals((size_t)nb * (size_t)n) + la_gemm_ws_bytes(n, n, nb) + LA_ARENA_ALIGN;
#endif
}

LA_API la_status la_chol_ws(la_mat A, la_arena *ws) {
    la_status st = la__sym_check(A);
    la_int n = A.rows;
    if (st != LA_OK || n == 0) return st;
    if (!la__sym_lower_isfinite(A)) return LA_ERR_NONFINITE;
#ifdef LA_USE_LAPACKE
    {
        /* Column-major upper triangle of the same buffer = our lower L. */
        lapack_int info = LA__LAPACKE(potrf_work)(LAPACK_COL_MAJOR, 'U', (lapack_int)n, A.data,
                                                  (lapack_int)A.ld);
        (void)ws;
        return info == 0 ? LA_OK : info > 0 ? LA_ERR_NOT_SPD : LA_ERR_ARG;
    }
#else
    {
        la__scratch sc;
        la_real *P = NULL;
        la_arena *pack = NULL;
        la_int k, nb = LA__MIN(n, LA__CHOL_NB);
        size_t bytes = la_chol_ws_bytes(n);
        int have = bytes > 0 && la__scratch_begin(&sc, ws, bytes - LA_ARENA_ALIGN) == LA_OK;
        if (have) {
            P = (la_real *)la__scratch_alloc(&sc, (size_t)nb * (size_t)n * sizeof(la_real));
            pack = sc.arena;
        } else {
            pack = ws; /* too small: the kernels run unpacked rather than allocate */
        }
        for (k = 0; k < n && st == LA_OK; k += nb) {
            la_int b = LA__MIN(nb, n - k), m = n - k - b;
            la_mat A11 = la_mat_block(A, k, k, b, b);
            st = la__chol_rec(A11, P, pack);
            if (st == LA_OK && m > 0)
                la__chol_panel(A11, la_mat_block(A, k + b, k, m, b), la_mat_block(A, k + b, k + b, m, m),
                               P, pack);
        }
        if (have) la__scratch_end(&sc);
        return st;
    }
#endif
}

LA_API la_status la_chol(la_mat A) { return la_chol_ws(A, NULL); }

LA_API la_status la_chol_solve(la_mat L, la_mat B) {
    la_status st = la__sym_check(L);
    if (st != LA_OK) return st;
    if (la_mat_check(B)) return LA_ERR_ARG;
    if (B.rows != L.rows) return LA_ERR_DIM;
    if (L.rows == 0 || B.cols == 0) return LA_OK;
    if (la__diag_has_zero(L)) return LA_ERR_SINGULAR;
#ifdef LA_USE_LAPACKE
    if (B.cols == 1 && B.ld == 1) { /* one contiguous right-hand side */
        lapack_int info = LA__LAPACKE(potrs_work)(LAPACK_COL_MAJOR, 'U', (lapack_int)L.rows, 1,
                                                  L.data, (lapack_int)L.ld, B.data,
                                                  (lapack_int)L.rows);
        return info == 0 ? LA_OK : LA_ERR_ARG;
    }
#endif
    la_trsm(LA_LEFT, LA_LOWER, LA_NOTRANS, LA_NONUNIT, 1, L, B);
    la_trsm(LA_LEFT, LA_LOWER, LA_TRANS, LA_NONUNIT, 1, L, B);
    return LA_OK;
}

LA_API la_status la_chol_logdet(la_mat L, la_real *logdet) {
    la_status st = la__sym_check(L);
    la_real s = 0;
    la_int i;
    if (st != LA_OK) return st;
    if (!logdet) return LA_ERR_ARG;
    if ((st = la__chol_diag_positive(L, LA_ERR_SINGULAR)) != LA_OK) return st;
    for (i = 0; i < L.rows; ++i) s += LA_LOG(LA_AT(L, i, i));
    *logdet = 2 * s;
    return LA_OK;
}

/* L <- L^{-1} in place for the lower triangular L (nonzero diagonal):
 * block rows top-down, inv([L11 0; L21 L22]) = [W11 0; -L22^{-1} L21 W11,
 * L22^{-1}] (LAPACK dtrtri), diagonal blocks row by row with trmv. */
LA__PRIV void la__tri_lower_invert(la_mat L) {
    la_int n = L.rows, k, i;
    for (k = 0; k < n; k += LA__CHOL_NB) {
        la_int b = LA__MIN(LA__CHOL_NB, n - k);
        la_mat L22 = la_mat_block(L, k, k, b, b);
        if (k > 0) {
            la_mat L21 = la_mat_block(L, k, 0, b, k);
            la_trmm(LA_RIGHT, LA_LOWER, LA_NOTRANS, LA_NONUNIT, -1, la_mat_block(L, 0, 0, k, k), L21);
            la_trsm(LA_LEFT, LA_LOWER, LA_NOTRANS, LA_NONUNIT, 1, L22, L21);
        }
        for (i = 0; i < b; ++i) {
            la_real *ri = &LA_AT(L22, i, 0);
            /* row i of the inverse: -(1/l_ii) l_i^T W, W the inverse so far */
            la_trmv(LA_LOWER, LA_TRANS, LA_NONUNIT, la_mat_block(L22, 0, 0, i, i), ri);
            ri[i] = 1 / ri[i];
            la_scal(i, -ri[i], ri, 1);
        }
    }
}

/* Lower triangle of W^T W, in place over the lower triangular W, block
 * rows top-down (LAPACK dlauum); each row of a diagonal block is a scaled
 * row plus axpys of the rows below it. */
LA__PRIV void la__tri_lower_gram(la_mat W) {
    la_int n = W.rows, k, i, p;
    for (k = 0; k < n; k += LA__CHOL_NB) {
        la_int b = LA__MIN(LA__CHOL_NB, n - k), m = n - k - b;
        la_mat Wkk = la_mat_block(W, k, k, b, b), Wbelow = la_mat_block(W, k + b, k, m, b);
        if (k > 0) {
            la_mat Wleft = la_mat_block(W, k, 0, b, k);
            la_trmm(LA_LEFT, LA_LOWER, LA_TRANS, LA_NONUNIT, 1, Wkk, Wleft);
            if (m > 0)
                la_gemm(LA_TRANS, LA_NOTRANS, 1, Wbelow, la_mat_block(W, k + b, 0, m, k), 1, Wleft);
        }
        for (i = 0; i < b; ++i) {
            la_real *ri = &LA_AT(Wkk, i, 0);
            la_scal(i + 1, ri[i], ri, 1);
            for (p = i + 1; p < b; ++p) la_axpy(i + 1, LA_AT(Wkk, p, i), &LA_AT(Wkk, p, 0), 1, ri, 1);
        }
        if (m > 0) la_syrk(LA_LOWER, LA_TRANS, 1, Wbelow, 1, Wkk);
    }
}

LA_API la_status la_chol_inverse(la_mat L) {
    la_status st = la__sym_check(L);
    la_int n = L.rows, i, j;
    if (st != LA_OK || n == 0) return st;
    if ((st = la__chol_diag_positive(L, LA_ERR_SINGULAR)) != LA_OK) return st;
#ifdef LA_USE_LAPACKE
    if (LA__LAPACKE(potri_work)(LAPACK_COL_MAJOR, 'U', (lapack_int)n, L.data, (lapack_int)L.ld) != 0)
        return LA_ERR_SINGULAR;
#else
    la__tri_lower_invert(L);
    la__tri_lower_gram(L);
#endif
    for (i = 0; i < n; ++i)
        for (j = 0; j < i; ++j) LA_AT(L, j, i) = LA_AT(L, i, j);
    return LA_OK;
}

/* Checks shared by the update and the downdate. */
LA__PRIV la_status la__chol_update_check(la_mat L, const la_real *x) {
    la_status st = la__sym_check(L);
    if (st != LA_OK) return st;
    if (L.rows == 0) return LA_OK;
    if (!x) return LA_ERR_ARG;
    if (!la_vec_isfinite(L.rows, x)) return LA_ERR_NONFINITE;
    return la__chol_diag_positive(L, LA_ERR_ARG);
}

LA_API la_status la_chol_update(la_mat L, la_real *x) {
    la_status st = la__chol_update_check(L, x);
    la_int n = L.rows, i, k;
    if (st != LA_OK) return st;
    /* [L x] G_0 ... G_{n-1} = [L' 0]: rotation k zeroes x_k against L_kk. */
    for (k = 0; k < n; ++k) {
        la_real lkk = LA_AT(L, k, k), r = LA_HYPOT(lkk, x[k]), c = lkk / r, s = x[k] / r;
        LA_AT(L, k, k) = r;
        for (i = k + 1; i < n; ++i) {
            la_real *lik = &LA_AT(L, i, k), t = *lik;
            *lik = c * t + s * x[i];
            x[i] = c * x[i] - s * t;
        }
    }
    return LA_OK;
}

LA_API la_status la_chol_downdate(la_mat L, la_real *x) {
    la_status st = la__chol_update_check(L, x);
    la_int n = L.rows, i, j;
    la_real q, alpha;
    if (st != LA_OK || n == 0) return st;
    la_trsv(LA_LOWER, LA_NOTRANS, LA_NONUNIT, L, x); /* p = L^{-1} x */
    q = la_nrm2(n, x, 1);
    if (!(q < 1)) return LA_ERR_NOT_SPD;
    /* Rotations i = n-1..0 turn (p, alpha) into (0, 1); applied to the rows
     * (L^T, 0) they give (L'^T, x^T) with L' L'^T = L L^T - x x^T. x[j], j > i,
     * holds the growing last row. */
    alpha = LA_SQRT((1 - q) * (1 + q));
    for (i = n - 1; i >= 0; --i) {
        la_real r = LA_HYPOT(alpha, x[i]), c = alpha / r, s = x[i] / r;
        alpha = r;
        x[i] = 0;
        for (j = i; j < n; ++j) {
            la_real *lji = &LA_AT(L, j, i), t = c * x[j] + s * *lji;
            *lji = c * *lji - s * x[j];
            x[j] = t;
        }
    }
    return LA_OK;
}

LA__PRIV void la__swap_int(la_int *a, la_int *b) {
    la_int t = *a;
    *a = *b;
    *b = t;
}

/* sum_{k >= j, k != i} |s_ik| for the symmetric trailing matrix S = A(j:, j:)
 * held in A's lower triangle (row i left of the diagonal, column i below). */
LA__PRIV la_real la__sym_offdiag_rowsum(la_mat A, la_int j, la_int i) {
    la_real s = la_asum(i - j, &LA_AT(A, i, j), 1);
    la_int k;
    for (k = i + 1; k < A.rows; ++k) s += LA_FABS(LA_AT(A, k, i));
    return s;
}

/* State of the modified Cholesky factorization: the scratch vectors
 * (each n reals but lt, nb x n: the current panel's columns of L,
 * transposed; x: nb), the parameters of the method and the last increase. */
typedef struct {
    la_real *lt, *col, *d, *g, *delta, *x;
    la_int *perm; /* NULL: no pivoting */
    la_real gamma, eta, tau, taubar, dprev;
    la_arena *pack;
} la__modchol;

/* Symmetric interchange of j < q in the whole factorization: A (the rows of
 * L so far, and the trailing matrix), the panel's transposed columns (jw of
 * them), the diagonal d, the Gerschgorin bounds g (phase 2) and perm. */
LA__PRIV void la__modchol_swap(la_mat A, la__modchol *m, la_int k0, la_int j, la_int q, int phase2) {
    la_int c, n = A.rows;
    la_real t;
    la__sym_swap(A, 0, j, q);
    for (c = 0; c < j - k0; ++c) {
        t = m->lt[(size_t)c * n + j];
        m->lt[(size_t)c * n + j] = m->lt[(size_t)c * n + q];
        m->lt[(size_t)c * n + q] = t;
    }
    t = m->d[j];
    m->d[j] = m->d[q];
    m->d[q] = t;
    if (phase2) {
        t = m->g[j];
        m->g[j] = m->g[q];
        m->g[q] = t;
    }
    la__swap_int(m->perm + j, m->perm + q);
}

/* One left-looking panel of the modified Cholesky factorization, columns
 * k0 .. jend-1 of phase 1 (diagonal pivoting while A stays safely positive
 * definite; stops early, returning the column, when a test fails) or of
 * phase 2 (Gerschgorin pivoting and increases). Each column is the
 * trailing matrix's column, updated by the panel so far through a
 * matrix-vector product along the rows of lt; the finished columns update
 * the trailing matrix with one la_syrk. Returns the first column not
 * factored; *bad is set to LA_ERR_NONFINITE on overflow. */
LA__PRIV la_int la__modchol_panel(la_mat A, la__modchol *m, la_int k0, la_int jend, int phase2,
                                  la_status *bad) {
    const la_int n = A.rows;
    const la_real mu = (la_real)0.1;
    la_int j, i, c;
    for (j = k0; j < jend; ++j) {
        la_int jw = j - k0, q = j;
        la_real ajj, *col = m->col, *lj = m->lt + (size_t)jw * n;
        if (!phase2) {
            la_real amax = m->d[j], amin = amax;
            for (i = j + 1; i < n; ++i) {
                if (m->d[i] > amax) {
                    amax = m->d[i];
                    q = i;
                }
                amin = LA__MIN(amin, m->d[i]);
            }
            if (!(amax > m->eta) || amin < -mu * amax) break;
        } else {
            for (i = j + 1; i < n; ++i)
                if (m->g[i] > m->g[q]) q = i;
        }
        if (m->perm && q != j) la__modchol_swap(A, m, k0, j, q, phase2);
        ajj = m->d[j];
        if (!phase2 && !(ajj > m->eta)) break; /* only without pivoting */
        for (i = j + 1; i < n; ++i) col[i] = LA_AT(A, i, j);
        for (c = 0; c < jw; ++c) m->x[c] = m->lt[(size_t)c * n + j];
        la_gemv(LA_TRANS, -1, la_mat_ld(jw, n - j - 1, n, m->lt + j + 1), m->x, 1, col + j + 1);
        if (!phase2) {
            for (i = j + 1; i < n; ++i)
                if (m->d[i] - col[i] * (col[i] / ajj) < -mu * m->gamma) break;
            if (i < n) break;
        } else {
            la_real normj = la_asum(n - j - 1, col + j + 1, 1);
            la_real dj = LA__MAX(m->dprev, -ajj + LA__MAX(normj, m->taubar * m->gamma));
            if (dj > 0) {
                ajj += dj;
                m->delta[j] = m->dprev = dj;
            }
            if (!(ajj > 0) || !LA__ISFINITE(ajj)) {
                *bad = LA_ERR_NONFINITE;
                break;
            }
            if (ajj != normj) {
                la_real t = 1 - normj / ajj;
                for (i = j + 1; i < n; ++i) m->g[i] += LA_FABS(col[i]) * t;
            }
        }
        ajj = LA_SQRT(ajj);
        LA_AT(A, j, j) = ajj;
        lj[j] = ajj;
        for (i = j + 1; i < n; ++i) {
            la_real l = col[i] / ajj;
            LA_AT(A, i, j) = lj[i] = l;
            m->d[i] -= l * l;
        }
    }
    if (j > k0 && j < n) {
        la_int r = n - j;
        la_syrk_ws(LA_LOWER, LA_TRANS, -1, la_mat_ld(j - k0, r, n, m->lt + j), 1,
                   la_mat_block(A, j, j, r, r), m->pack);
        for (i = j; i < n; ++i) m->d[i] = LA_AT(A, i, i);
    }
    return j;
}

/* Scratch of la_chol_modified without (needed) and with the packing
 * buffers of its la_syrk calls. */
LA__PRIV size_t la__modchol_bytes(la_int n, int with_pack) {
    size_t m = n > 0 ? (size_t)n : 0, nb = LA__MIN(m, (size_t)LA__LDLT_NB);
    size_t need = la_ws_reals(nb * m) + 4 * la_ws_reals(m) + la_ws_reals(nb);
    return with_pack && n > 0 ? need + la_gemm_ws_bytes(n, n, (la_int)nb) : need;
}

LA_API size_t la_chol_modified_ws_bytes(la_int n) { return la__modchol_bytes(n, 1) + LA_ARENA_ALIGN; }

LA_API la_status la_chol_modified(la_mat A, la_int *perm, la_real *e, la_arena *ws) {
    la__scratch sc;
    la__modchol m;
    la_status st = la__sym_check(A);
    la_int n = A.rows, i, j, nb = LA__MIN(n, LA__LDLT_NB);
    la_real xi = 0;
    if (st != LA_OK || n == 0) return st;
    if (!la__sym_lower_isfinite(A)) return LA_ERR_NONFINITE;
    if (la__scratch_begin(&sc, ws, la__modchol_bytes(n, 1)) == LA_OK) {
        m.pack = sc.arena;
    } else {
        if ((st = la__scratch_begin(&sc, ws, la__modchol_bytes(n, 0))) != LA_OK) return st;
        m.pack = ws; /* the kernels run unpacked rather than allocate */
    }
    m.lt = (la_real *)la__scratch_alloc(&sc, (size_t)nb * (size_t)n * sizeof(la_real));
    m.col = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    m.d = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    m.g = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    m.delta = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    m.x = (la_real *)la__scratch_alloc(&sc, (size_t)nb * sizeof(la_real));
    m.perm = perm;
    m.gamma = 0;
    for (i = 0; i < n; ++i) {
        m.delta[i] = 0;
        m.d[i] = LA_AT(A, i, i);
        if (perm) perm[i] = i;
        m.gamma = LA__MAX(m.gamma, LA_FABS(LA_AT(A, i, i)));
        for (j = 0; j < i; ++j) xi = LA__MAX(xi, LA_FABS(LA_AT(A, i, j)));
    }
    if (!(m.gamma > 0)) m.gamma = xi > 0 ? xi : 1;
    m.tau = LA_POW(LA_EPS, (la_real)1 / 3);
    m.taubar = m.tau * m.tau;
    m.eta = LA__MIN((la_real)n * LA_EPS, m.taubar) * m.gamma;
    m.dprev = 0;

    /* Phase 1: Cholesky with diagonal pivoting while A stays safely PD. */
    for (j = 0; j < n;) {
        la_int jend = LA__MIN(n, j + nb), next = la__modchol_panel(A, &m, j, jend, 0, &st);
        j = next;
        if (next < jend) break;
    }

    /* Phase 2: Gerschgorin-guided increases of the remaining pivots. */
    if (j == n - 1) {
        la_real a = LA_AT(A, j, j);
        m.delta[j] = LA__MAX(0, -a + LA__MAX(m.tau * (-a) / (1 - m.tau), m.taubar * m.gamma));
        LA_AT(A, j, j) += m.delta[j];
    } else if (j < n - 1) {
        la_real a, b, c, mid, rad, lo, hi, d;
        for (i = j; i < n; ++i) m.g[i] = LA_AT(A, i, i) - la__sym_offdiag_rowsum(A, j, i);
        while (j < n - 2 && st == LA_OK) j = la__modchol_panel(A, &m, j, LA__MIN(n - 2, j + nb), 1, &st);
        if (st != LA_OK) goto done;
        /* The last 2 x 2, eigenvalues lo <= hi: raise lo to at least
         * max(taubar gamma, tau (hi - lo) / (1 - tau)). */
        a = LA_AT(A, n - 2, n - 2);
        b = LA_AT(A, n - 1, n - 2);
        c = LA_AT(A, n - 1, n - 1);
        mid = (a + c) / 2;
        rad = LA_HYPOT((a - c) / 2, b);
        lo = mid - rad;
        hi = mid + rad;
        d = LA__MAX(m.dprev, -lo + LA__MAX(m.tau * (hi - lo) / (1 - m.tau), m.taubar * m.gamma));
        if (d > 0) {
            LA_AT(A, n - 2, n - 2) += d;
            LA_AT(A, n - 1, n - 1) += d;
            m.delta[n - 2] = m.delta[n - 1] = d;
        }
        a = LA_AT(A, n - 2, n - 2);
        if (!(a > 0) || !LA__ISFINITE(a)) {
            st = LA_ERR_NONFINITE;
            goto done;
        }
        a = LA_SQRT(a);
        LA_AT(A, n - 2, n - 2) = a;
        LA_AT(A, n - 1, n - 2) /= a;
        LA_AT(A, n - 1, n - 1) -= LA_AT(A, n - 1, n - 2) * LA_AT(A, n - 1, n - 2);
    }
    if (j < n) { /* the last pivot */
        la_real d = LA_AT(A, n - 1, n - 1);
        if (!(d > 0) || !LA__ISFINITE(d)) {
            st = LA_ERR_NONFINITE;
            goto done;
        }
        LA_AT(A, n - 1, n - 1) = LA_SQRT(d);
    }
    if (e)
        for (i = 0; i < n; ++i) e[perm ? perm[i] : i] = m.delta[i];
done:
    la__scratch_end(&sc);
    return st;
}

/* Length of the cycle of perm through s when s is the cycle's smallest
 * element; 0 otherwise (and when the walk does not return to s within n
 * steps, as for a map that is not a permutation). Entries are in [0, n). */
LA__PRIV la_int la__perm_leader_cycle(la_int n, const la_int *perm, la_int s) {
    la_int j = perm[s], len = 1;
    while (j != s) {
        if (j < s || len >= n) return 0;
        j = perm[j];
        ++len;
    }
    return len;
}

/* 1 if perm is a permutation of 0..n-1: entries in range and the cycles
 * found from their smallest elements cover all n indices. */
LA__PRIV int la__perm_valid(la_int n, const la_int *perm) {
    la_int s, covered = 0;
    for (s = 0; s < n; ++s)
        if (perm[s] < 0 || perm[s] >= n) return 0;
    for (s = 0; s < n; ++s) covered += la__perm_leader_cycle(n, perm, s);
    return covered == n;
}

/* B <- P B (row i becomes row perm[i]) or, with inverse, B <- P^T B (row
 * perm[i] becomes row i), in place by row swaps along each cycle. */
LA__PRIV void la__perm_rows(la_mat B, const la_int *perm, int inverse) {
    la_int n = B.rows, s, j;
    for (s = 0; s < n; ++s) {
        if (la__perm_leader_cycle(n, perm, s) < 2) continue;
        if (!inverse) {
            for (j = s; perm[j] != s; j = perm[j])
                la_swap(B.cols, &LA_AT(B, j, 0), 1, &LA_AT(B, perm[j], 0), 1);
        } else {
            for (j = perm[s]; j != s; j = perm[j])
                la_swap(B.cols, &LA_AT(B, s, 0), 1, &LA_AT(B, j, 0), 1);
        }
    }
}

LA_API la_status la_chol_solve_perm(la_mat L, const la_int *perm, la_mat B) {
    la_status st;
    if (!perm) return la_chol_solve(L, B);
    if ((st = la__sym_check(L)) != LA_OK) return st;
    if (la_mat_check(B)) return LA_ERR_ARG;
    if (B.rows != L.rows) return LA_ERR_DIM;
    if (!la__perm_valid(L.rows, perm)) return LA_ERR_ARG;
    if (L.rows == 0 || B.cols == 0) return LA_OK;
    if (la__diag_has_zero(L)) return LA_ERR_SINGULAR;
    la__perm_rows(B, perm, 0);
    la_chol_solve(L, B);
    la__perm_rows(B, perm, 1);
    return LA_OK;
}

/* Bunch-Kaufman's alpha = (1 + sqrt(17)) / 8: it bounds the element growth
 * of one 2 x 2 step by that of two 1 x 1 steps. */
#define LA__BK_ALPHA ((la_real)0.6403882032022076)

/* Bunch-Kaufman's choice at step k from |a_kk|, colmax = |a_rk| (the largest
 * below the diagonal, in row r), |a_rr| and rowmax (the largest off-diagonal
 * of row/column r): 0 for a 1 x 1 pivot without interchange, 1 for a 1 x 1
 * pivot on r, 2 for a 2 x 2 pivot (k, r). rowmax is needed only when
 * |a_kk| < alpha colmax; pass a negative value to ask for it (-1 is
 * returned). */
LA__PRIV int la__bk_choice(la_real absakk, la_real colmax, la_real absarr, la_real rowmax) {
    if (absakk >= LA__BK_ALPHA * colmax) return 0;
    if (rowmax < 0) return -1;
    if (absakk >= LA__BK_ALPHA * colmax * (colmax / rowmax)) return 0;
    if (absarr >= LA__BK_ALPHA * rowmax) return 1;
    return 2;
}

/* A 2 x 2 pivot D = [d11 d21; d21 d22] in the scaled form of LAPACK's
 * dsytf2: the row (x, y) of L D gives the multipliers (l1, l2) = (x, y)
 * D^{-1} = (s (cx x - y), s (cy y - x)); the same map solves D z = (x, y). */
typedef struct {
    la_real s, cx, cy;
} la__bk_2x2;

LA__PRIV la__bk_2x2 la__bk_2x2_of(la_real d11, la_real d21, la_real d22) {
    la__bk_2x2 p;
    p.cx = d22 / d21;
    p.cy = d11 / d21;
    p.s = 1 / ((p.cx * p.cy - 1) * d21);
    return p;
}

/* Unblocked Bunch-Kaufman on the trailing matrix A(k:, k:), the steps of
 * LAPACK's dsytf2 ('L') in row-major form. x, y: scratch of A.rows reals.
 * Returns LA_ERR_SINGULAR if a zero pivot column was met. */
LA__PRIV la_status la__ldlt_unblocked(la_mat A, la_int k, la_int *ipiv, la_real *x, la_real *y) {
    la_int n = A.rows, i, j;
    la_status st = LA_OK;
    while (k < n) {
        la_int r = k, kp = k, kstep = 1;
        la_real absakk = LA_FABS(LA_AT(A, k, k)), colmax = 0;
        int choice;
        for (i = k + 1; i < n; ++i)
            if (LA_FABS(LA_AT(A, i, k)) > colmax) {
                colmax = LA_FABS(LA_AT(A, i, k));
                r = i;
            }
        if (!(LA__MAX(absakk, colmax) > 0)) { /* zero column: D_kk = 0 */
            st = LA_ERR_SINGULAR;
            ipiv[k] = k;
            ++k;
            continue;
        }
        choice = la__bk_choice(absakk, colmax, 0, -1);
        if (choice < 0) {
            la_real rowmax = la_norm_max(la_mat_block(A, r, k, 1, r - k));
            for (i = r + 1; i < n; ++i) rowmax = LA__MAX(rowmax, LA_FABS(LA_AT(A, i, r)));
            choice = la__bk_choice(absakk, colmax, LA_FABS(LA_AT(A, r, r)), rowmax);
        }
        if (choice > 0) kp = r;
        if (choice == 2) kstep = 2;
        la__sym_swap(A, k, k + kstep - 1, kp);
        if (kstep == 1) {
            la_real dinv = 1 / LA_AT(A, k, k);
            for (i = k + 1; i < n; ++i) x[i] = LA_AT(A, i, k);
            for (i = k + 1; i < n; ++i) {
                la_real li = x[i] * dinv;
                la_axpy(i - k, -li, x + k + 1, 1, &LA_AT(A, i, k + 1), 1);
                LA_AT(A, i, k) = li;
            }
            ipiv[k] = kp;
        } else {
            la__bk_2x2 p = la__bk_2x2_of(LA_AT(A, k, k), LA_AT(A, k + 1, k), LA_AT(A, k + 1, k + 1));
            for (i = k + 2; i < n; ++i) {
                x[i] = LA_AT(A, i, k);
                y[i] = LA_AT(A, i, k + 1);
            }
            for (i = k + 2; i < n; ++i) {
                la_real l1 = p.s * (p.cx * x[i] - y[i]), l2 = p.s * (p.cy * y[i] - x[i]);
                la_real *LA__RESTRICT ai = &LA_AT(A, i, 0);
                for (j = k + 2; j <= i; ++j) ai[j] -= l1 * x[j] + l2 * y[j];
                ai[k] = l1;
                ai[k + 1] = l2;
            }
            ipiv[k] = ipiv[k + 1] = -kp - 1;
        }
        k += kstep;
    }
    return st;
}

/* One panel of the blocked Bunch-Kaufman factorization (LAPACK's dlasyf,
 * 'L', in row-major form) from column k0: factors nb - 1 columns (nb if the
 * last pivot is 2 x 2) with the same pivot choices as la__ldlt_unblocked,
 * keeping W = L D and L of the panel in wt and lt (transposed: row c holds
 * column c, n entries indexed by row, so that the panel's matrix-vector
 * products run along rows); then A(k:, k:) -= L W^T through la_gemm (lower
 * triangle only: diagonal blocks through the nb x nb scratch ct), and the
 * interchanges applied to earlier panel columns are undone (LAPACK's compact
 * form). tmp: nb reals. Returns the first column not factored. */
LA__PRIV la_int la__ldlt_panel(la_mat A, la_int k0, la_int nb, la_int *ipiv, la_real *wt,
                               la_real *lt, la_real *tmp, la_real *ct, la_arena *pack,
                               la_status *st) {
    const la_int n = A.rows;
    la_int k = k0, kb, i, j, c;
#define LA__WT(c, i) wt[(size_t)(c) * (size_t)n + (size_t)(i)]
#define LA__LT(c, i) lt[(size_t)(c) * (size_t)n + (size_t)(i)]
    while (k < n && k - k0 < nb - 1) {
        la_int kw = k - k0, r = k, kp = k, kstep = 1;
        la_real absakk, colmax = 0;
        int choice;
        /* column k of the trailing matrix, updated by the panel so far */
        for (i = k; i < n; ++i) LA__WT(kw, i) = LA_AT(A, i, k);
        for (c = 0; c < kw; ++c) tmp[c] = LA__WT(c, k);
        la_gemv(LA_TRANS, -1, la_mat_ld(kw, n - k, n, &LA__LT(0, k)), tmp, 1, &LA__WT(kw, k));
        absakk = LA_FABS(LA__WT(kw, k));
        for (i = k + 1; i < n; ++i)
            if (LA_FABS(LA__WT(kw, i)) > colmax) {
                colmax = LA_FABS(LA__WT(kw, i));
                r = i;
            }
        if (!(LA__MAX(absakk, colmax) > 0)) { /* zero column: D_kk = 0 */
            *st = LA_ERR_SINGULAR;
            for (i = k; i < n; ++i) LA_AT(A, i, k) = LA__LT(kw, i) = LA__WT(kw, i);
            ipiv[k] = k;
            ++k;
            continue;
        }
        choice = la__bk_choice(absakk, colmax, 0, -1);
        if (choice < 0) { /* column r, updated, in W's next column */
            la_real rowmax = 0;
            for (i = k; i < r; ++i) LA__WT(kw + 1, i) = LA_AT(A, r, i);
            for (i = r; i < n; ++i) LA__WT(kw + 1, i) = LA_AT(A, i, r);
            for (c = 0; c < kw; ++c) tmp[c] = LA__WT(c, r);
            la_gemv(LA_TRANS, -1, la_mat_ld(kw, n - k, n, &LA__LT(0, k)), tmp, 1, &LA__WT(kw + 1, k));
            for (i = k; i < n; ++i)
                if (i != r) rowmax = LA__MAX(rowmax, LA_FABS(LA__WT(kw + 1, i)));
            choice = la__bk_choice(absakk, colmax, LA_FABS(LA__WT(kw + 1, r)), rowmax);
            if (choice == 1)
                for (i = k; i < n; ++i) LA__WT(kw, i) = LA__WT(kw + 1, i);
        }
        if (choice > 0) kp = r;
        if (choice == 2) kstep = 2;
        if (kp != k + kstep - 1) {
            la_int kk = k + kstep - 1;
            la__sym_swap(A, k0, kk, kp);
            for (c = 0; c < kw + kstep; ++c) {
                la_real t = LA__WT(c, kk);
                LA__WT(c, kk) = LA__WT(c, kp);
                LA__WT(c, kp) = t;
            }
            for (c = 0; c < kw; ++c) {
                la_real t = LA__LT(c, kk);
                LA__LT(c, kk) = LA__LT(c, kp);
                LA__LT(c, kp) = t;
            }
        }
        if (kstep == 1) {
            la_real dinv = 1 / LA__WT(kw, k);
            LA_AT(A, k, k) = LA__WT(kw, k);
            for (i = k + 1; i < n; ++i) LA_AT(A, i, k) = LA__LT(kw, i) = LA__WT(kw, i) * dinv;
            ipiv[k] = kp;
        } else {
            la__bk_2x2 p = la__bk_2x2_of(LA__WT(kw, k), LA__WT(kw, k + 1), LA__WT(kw + 1, k + 1));
            LA_AT(A, k, k) = LA__WT(kw, k);
            LA_AT(A, k + 1, k) = LA__WT(kw, k + 1);
            LA_AT(A, k + 1, k + 1) = LA__WT(kw + 1, k + 1);
            for (i = k + 2; i < n; ++i) {
                la_real x = LA__WT(kw, i), y = LA__WT(kw + 1, i);
                LA_AT(A, i, k) = LA__LT(kw, i) = p.s * (p.cx * x - y);
                LA_AT(A, i, k + 1) = LA__LT(kw + 1, i) = p.s * (p.cy * y - x);
            }
            ipiv[k] = ipiv[k + 1] = -kp - 1;
        }
        k += kstep;
    }
    kb = k - k0;
    for (j = k; j < n; j += nb) { /* A(j:, j:j+jb) -= L(j:, panel) W(j:j+jb, :)^T */
        la_int jb = LA__MIN(nb, n - j), m = n - j - jb;
        la_mat Wj = la_mat_ld(kb, jb, n, &LA__WT(0, j)), C = la_mat_of(jb, jb, ct);
        la_gemm_ws(LA_NOTRANS, LA_NOTRANS, 1, la_mat_block(A, j, k0, jb, kb), Wj, 0, C, pack);
        for (i = 0; i < jb; ++i)
            for (c = 0; c <= i; ++c) LA_AT(A, j + i, j + c) -= LA_AT(C, i, c);
        if (m > 0)
            la_gemm_ws(LA_NOTRANS, LA_NOTRANS, -1, la_mat_block(A, j + jb, k0, m, kb), Wj, 1,
                       la_mat_block(A, j + jb, j, m, jb), pack);
    }
    for (j = k - 1; j >= k0; --j) { /* undo, last step first */
        la_int jj = j, jp = ipiv[j] >= 0 ? ipiv[j] : -ipiv[j] - 1;
        if (ipiv[j] < 0) --j; /* j: first column of the 2 x 2 block */
        if (jp != jj) la_swap(j - k0, &LA_AT(A, jj, k0), 1, &LA_AT(A, jp, k0), 1);
    }
#undef LA__WT
#undef LA__LT
    return k;
}

/* Scratch of the blocked LDL^T: W^T and L^T (nb x n each), the gathered
 * row (nb), the diagonal-block product (nb x nb), the unblocked tail's two
 * columns. */
LA__PRIV size_t la__ldlt_scratch_bytes(la_int n) {
    size_t m = (size_t)n, nb = LA__LDLT_NB;
    size_t tail = 2 * la_ws_reals(m);
    if (n <= 2 * LA__LDLT_NB) return tail;
    return 2 * la_ws_reals(nb * m) + la_ws_reals(nb) + la_ws_reals(nb * nb) + tail;
}

LA_API size_t la_ldlt_ws_bytes(la_int n) {
    size_t m = n > 0 ? (size_t)n : 0;
#ifdef LA_USE_LAPACKE
    la_real q = 0, dummy = 0;
    lapack_int ldummy = 0;
    if (m == 0) return 0;
    LA__LAPACKE(sytrf_work)(LAPACK_COL_MAJOR, 'L', (lapack_int)m, &dummy, (lapack_int)m, &ldummy, &q, -1);
    return la_ws_reals((size_t)q + 1) + la__round_up(m * sizeof(lapack_int)) + LA_ARENA_ALIGN;
#else
    if (m == 0) return 0;
    return la__ldlt_scratch_bytes(n) + (n > 2 * LA__LDLT_NB ? la_gemm_ws_bytes(n, LA__LDLT_NB, LA__LDLT_NB) : 0) +
           LA_ARENA_ALIGN;
#endif
}

LA_API la_status la_ldlt(la_mat A, la_int *ipiv, la_arena *ws) {
    la__scratch sc;
    la_status st = la__sym_check(A);
    la_int n = A.rows;
    if (st != LA_OK || n == 0) return st;
    if (!ipiv) return LA_ERR_ARG;
    if (!la__sym_lower_isfinite(A)) return LA_ERR_NONFINITE;
#ifdef LA_USE_LAPACKE
    {
        /* dsytrf on the column-major lower triangle: the strict triangles
         * are exchanged around the call (the upper one is not referenced). */
        la_real q = 0, *work;
        lapack_int *lipiv, lwork, info, i;
        LA__LAPACKE(sytrf_work)(LAPACK_COL_MAJOR, 'L', (lapack_int)n, A.data, (lapack_int)A.ld, NULL,
                                &q, -1);
        lwork = (lapack_int)q + 1;
        st = la__scratch_begin(&sc, ws,
                               la_ws_reals((size_t)lwork) + la__round_up((size_t)n * sizeof(lapack_int)));
        if (st != LA_OK) return st;
        work = (la_real *)la__scratch_alloc(&sc, (size_t)lwork * sizeof(la_real));
        lipiv = (lapack_int *)la__scratch_alloc(&sc, (size_t)n * sizeof(lapack_int));
        la__swap_triangles(A);
        info = LA__LAPACKE(sytrf_work)(LAPACK_COL_MAJOR, 'L', (lapack_int)n, A.data, (lapack_int)A.ld,
                                       lipiv, work, lwork);
        la__swap_triangles(A);
        for (i = 0; i < (lapack_int)n; ++i) ipiv[i] = (la_int)(lipiv[i] > 0 ? lipiv[i] - 1 : lipiv[i]);
        st = info == 0 ? LA_OK : info > 0 ? LA_ERR_SINGULAR : LA_ERR_ARG;
    }
#else
    {
        /* the blocked panels with the kernels' packing buffers; with too
         * little memory for those, the unblocked algorithm */
        size_t full = la_ldlt_ws_bytes(n) - LA_ARENA_ALIGN, tail = 2 * la_ws_reals((size_t)n);
        int blocked = n > 2 * LA__LDLT_NB && la__scratch_begin(&sc, ws, full) == LA_OK;
        la_int k = 0;
        la_real *x, *y;
        if (!blocked && (st = la__scratch_begin(&sc, ws, tail)) != LA_OK) return st;
        if (blocked) {
            const la_int nb = LA__LDLT_NB;
            la_real *wt = (la_real *)la__scratch_alloc(&sc, (size_t)nb * (size_t)n * sizeof(la_real));
            la_real *lt = (la_real *)la__scratch_alloc(&sc, (size_t)nb * (size_t)n * sizeof(la_real));
            la_real *tmp = (la_real *)la__scratch_alloc(&sc, (size_t)nb * sizeof(la_real));
            la_real *ct = (la_real *)la__scratch_alloc(&sc, (size_t)nb * (size_t)nb * sizeof(la_real));
            x = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
            y = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
            while (n - k > 2 * nb) k = la__ldlt_panel(A, k, nb, ipiv, wt, lt, tmp, ct, sc.arena, &st);
        } else {
            x = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
            y = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
        }
        if (la__ldlt_unblocked(A, k, ipiv, x, y) != LA_OK) st = LA_ERR_SINGULAR;
    }
#endif
    la__scratch_end(&sc);
    return st;
}

/* Checks the pivots of la_ldlt: entries in range, 2 x 2 pairs complete. */
LA__PRIV la_status la__ldlt_check(la_mat LD, const la_int *ipiv) {
    la_status st = la__sym_check(LD);
    la_int n = LD.rows, k;
    if (st != LA_OK) return st;
    if (n > 0 && !ipiv) return LA_ERR_ARG;
    for (k = 0; k < n; ++k) {
        la_int p = ipiv[k] >= 0 ? ipiv[k] : -ipiv[k] - 1;
        if (p >= n) return LA_ERR_ARG;
        if (ipiv[k] < 0) {
            if (k + 1 >= n || ipiv[k + 1] != ipiv[k]) return LA_ERR_ARG;
            ++k;
        }
    }
    return LA_OK;
}

/* Sign pattern of the 2 x 2 block [a b; b c]: sets *det and *trace to
 * -1, 0 or 1 (the determinant's sign from the scaled form (a/b)(c/b) - 1,
 * free of overflow). */
LA__PRIV void la__sym2_signs(la_real a, la_real b, la_real c, int *det, int *trace) {
    la_real d = b != 0 ? (a / b) * (c / b) - 1 : a * c, t = a + c;
    *det = d > 0 ? 1 : d < 0 ? -1 : 0;
    *trace = t > 0 ? 1 : t < 0 ? -1 : 0;
}

LA_API la_status la_ldlt_solve(la_mat LD, const la_int *ipiv, la_mat B) {
    la_status st = la__ldlt_check(LD, ipiv);
    la_int n = LD.rows, nr = B.cols, k, i, j;
    if (st != LA_OK) return st;
    if (la_mat_check(B)) return LA_ERR_ARG;
    if (B.rows != n) return LA_ERR_DIM;
    if (n == 0 || nr == 0) return LA_OK;
    for (k = 0; k < n; ++k) {
        if (ipiv[k] >= 0) {
            if (LA_AT(LD, k, k) == 0) return LA_ERR_SINGULAR;
        } else {
            int det, tr;
            la__sym2_signs(LA_AT(LD, k, k), LA_AT(LD, k + 1, k), LA_AT(LD, k + 1, k + 1), &det, &tr);
            if (det == 0) return LA_ERR_SINGULAR;
            ++k;
        }
    }
    /* L D y = P b, forward */
    for (k = 0; k < n;) {
        la_int s = ipiv[k] >= 0 ? 1 : 2, kp = ipiv[k] >= 0 ? ipiv[k] : -ipiv[k] - 1, c;
        if (kp != k + s - 1) la_swap(nr, &LA_AT(B, k + s - 1, 0), 1, &LA_AT(B, kp, 0), 1);
        for (i = k + s; i < n; ++i) {
            la_real *LA__RESTRICT bi = &LA_AT(B, i, 0);
            for (c = 0; c < s; ++c) {
                const la_real l = LA_AT(LD, i, k + c), *LA__RESTRICT bk = &LA_AT(B, k + c, 0);
                for (j = 0; j < nr; ++j) bi[j] -= l * bk[j];
            }
        }
        if (s == 1) {
            la_scal(nr, 1 / LA_AT(LD, k, k), &LA_AT(B, k, 0), 1);
        } else {
            la__bk_2x2 p = la__bk_2x2_of(LA_AT(LD, k, k), LA_AT(LD, k + 1, k), LA_AT(LD, k + 1, k + 1));
            la_real *b0 = &LA_AT(B, k, 0), *b1 = &LA_AT(B, k + 1, 0);
            for (j = 0; j < nr; ++j) { /* (b0, b1) <- D^{-1} (b0, b1) */
                la_real u = b0[j], v = b1[j];
                b0[j] = p.s * (p.cx * u - v);
                b1[j] = p.s * (p.cy * v - u);
            }
        }
        k += s;
    }
    /* L^T x = y, backward, then the interchanges in reverse */
    for (k = n - 1; k >= 0;) {
        la_int k0 = ipiv[k] >= 0 ? k : k - 1, kp = ipiv[k] >= 0 ? ipiv[k] : -ipiv[k] - 1, c;
        for (c = k0; c <= k; ++c) {
            la_real *LA__RESTRICT bc = &LA_AT(B, c, 0);
            for (i = k + 1; i < n; ++i) {
                const la_real l = LA_AT(LD, i, c), *LA__RESTRICT bi = &LA_AT(B, i, 0);
                for (j = 0; j < nr; ++j) bc[j] -= l * bi[j];
            }
        }
        if (kp != k) la_swap(nr, &LA_AT(B, k, 0), 1, &LA_AT(B, kp, 0), 1);
        k = k0 - 1;
    }
    return LA_OK;
}

LA_API la_status la_ldlt_inertia(la_mat LD, const la_int *ipiv, la_int *npos, la_int *nneg,
                                 la_int *nzero) {
    la_status st = la__ldlt_check(LD, ipiv);
    la_int n = LD.rows, k, pos = 0, neg = 0, zero = 0;
    if (st != LA_OK) return st;
    for (k = 0; k < n; ++k) {
        if (ipiv[k] >= 0) {
            la_real d = LA_AT(LD, k, k);
            pos += d > 0;
            neg += d < 0;
            zero += d == 0;
        } else {
            int det, tr;
            la__sym2_signs(LA_AT(LD, k, k), LA_AT(LD, k + 1, k), LA_AT(LD, k + 1, k + 1), &det, &tr);
            if (det < 0) {
                ++pos;
                ++neg;
            } else if (det > 0) {
                pos += 2 * (tr > 0);
                neg += 2 * (tr < 0);
            } else {
                zero += 1 + (tr == 0);
                pos += tr > 0;
                neg += tr < 0;
            }
            ++k;
        }
    }
    if (npos) *npos = pos;
    if (nneg) *nneg = neg;
    if (nzero) *nzero = zero;
    return LA_OK;
}

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

/* ----------------------------------------------------------------------
 * 14. Iterative methods: CG, MINRES, Lanczos, randomized SVD, estimators
 * ---------------------------------------------------------------------- */

#endif /* LA_IMPLEMENTATION */

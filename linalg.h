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
 *   LA_FLOOR, LA_CEIL, LA_TANH, LA_LOG1P, LA_EXPM1   math functions (sqrtf...
 *                    in the float build); override for firmware without libm
 *   LA_FMA(a,b,c)    a*b+c in the kernels: fma() where the target has a fast
 *                    one (FP_FAST_FMA), the plain expression otherwise
 *   LA_GEMM_MC, LA_GEMM_KC, LA_GEMM_NC   cache block sizes of the built-in
 *                    gemm (section 5)
 *   LA_NO_INTRINSICS the gemm micro-kernel in plain C even where an AVX-512
 *                    or AVX2+FMA version with intrinsics would be compiled
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
/* A <- alpha A; alpha == 0 writes zeros without reading A (NaN is ignored,
 * as beta == 0 in la_gemm). */
LA_API la_status la_mat_scale(la_mat A, la_real alpha);
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
 * kernel computes each MR x NR tile of C (MR rows of NR-wide accumulators
 * sized to the vector registers the compiler targets: build with -O3
 * -march=native, or at least -mavx2 -mfma, for speed). The micro-kernel is
 * plain C the compiler vectorizes; where the compiler targets AVX-512, or
 * AVX2 with FMA, the same kernel written with intrinsics replaces it
 * (LA_NO_INTRINSICS keeps the plain one). The packed buffers come from the
 * arena, or one LA_MALLOC block per call. syrk is the same loop restricted
 * to one triangle; trmm and trsm are recursive (Elmroth, Gustavson,
 * Jonsson and Kagstrom, "Recursive blocked algorithms and hybrid data
 * structures for dense matrix library software", 2004), so most of their
 * flops run in gemm. LA_USE_OPENMP parallelizes the packing and the loop
 * over the micro-panels of op(A). Under LA_USE_CBLAS they call cblas_?gemm,
 * ?syrk, ?trmm, ?trsm and ignore the arena.
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
#if LA_REAL_IS_FLOAT
#define LA_GEMM_KC 384
#else
#define LA_GEMM_KC 256
#endif
#endif
#ifndef LA_GEMM_MC
#define LA_GEMM_MC 512
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
 * LA_GEMM_NC) rounded up to the micro-tile (at most about 1.5 MB in double,
 * 1.2 MB in float, with the default block sizes). 0 under LA_USE_CBLAS, or
 * if a dimension is <= 0. */
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
 * L^{-T} L^{-1} (n^3/3 flops), as LAPACK's dpotri (dtrtri + dlauum) but
 * both recursively (halves, until order 32), so that the flops run in
 * la_trsm/la_trmm/la_syrk; the packing buffers of those in one LA_MALLOC
 * block (without it, as under LA_NO_MALLOC, they run unpacked). Against
 * dpotri (OpenBLAS, one thread) at n = 64 / 256 / 1000: 99-105% /
 * 175-182% / 121-159% of its speed; bench_chol.
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
 * continues while the pivot exceeds eta = min(n eps, taubar) gamma, no
 * remaining diagonal is below -mu (largest remaining diagonal), and no
 * diagonal of the next Schur complement would fall below -mu gamma. (The
 * paper's phase-1 pivot threshold is taubar gamma; eta is used instead so
 * that E = 0 for every matrix Cholesky can factor: in particular for every
 * SPD A with lambda_min(A) > eta, up to rounding. Then L is la_chol's
 * factor of P A P^T.) Phase 2 pivots on the largest Gerschgorin lower bound and
 * raises each pivot to at least max(sum_{i>j} |s_ij|, taubar gamma) and at
 * least the previous increase; the last 2 x 2 block is raised from its
 * eigenvalues so that its condition number is at most about 1/tau.
 *
 * Bound on E (valid with pivoting): let S be the trailing matrix when
 * phase 2 starts (S = A when a test fails at the first column, e.g. when
 * no diagonal of A exceeds eta), g_i = s_ii - sum_{k != i} |s_ik| its
 * Gerschgorin lower bounds and G = max(0, -min_i g_i). Then
 *     ||E||_inf = max_i e_i <= G + taubar gamma + 3 tau / (1 - tau) (gamma + G),
 * and G <= ||S||_inf <= gamma + (n - 1) (xi + k (1 + mu) gamma), where
 * xi = max_{i != j} |a_ij| and k = n - size(S) is the number of phase-1
 * steps (each changes an entry by at most (1 + mu) gamma). Any diagonal E
 * that makes A + E positive definite has max_i e_i > -lambda_min(A); on
 * dense random matrices this method adds about 1 to 15 times that (its
 * Gerschgorin estimates are loose there), on the small examples of the
 * paper little more.
 *
 * Both phases run in left-looking panels of 32 columns (each column is
 * formed by a matrix-vector product with the panel, as the pivot choice
 * needs it) with one la_syrk update of the trailing matrix per panel. Cost
 * n^3/3 flops plus O(n^2) comparisons. Workspace: la_chol_modified_ws_bytes(n)
 * bytes for full speed; at least la_ws_reals(nb n) + 4 la_ws_reals(n) +
 * la_ws_reals(nb) + LA_ARENA_ALIGN with nb = min(n, 32) (the level-3
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
 * The strict upper triangle is left as it was. For n > 64 the columns are
 * factored in panels of 32 as in LAPACK's dlasyf (same pivots as the
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
 *
 * Pivots are 0-based: piv[i] = p means row i was interchanged with row p
 * (p >= i) at step i, in order i = 0, 1, ...; P A = L U with P the product
 * of those interchanges. Under LA_USE_LAPACKE alone a square la_lu calls
 * dgetrf (on the transposed storage, transposed back in place). With
 * LA_USE_CBLAS as well, la_lu keeps the recursion below on the CBLAS
 * kernels instead: that is dgetrf's own algorithm on the same BLAS, as fast
 * as calling dgetrf, without the two transposes (which cost about a tenth
 * of dgetrf's time at n = 1000). la_inv calls dgetrf + dgetri on the
 * implicit transpose. Every path gives factors of the same meaning.
 * ====================================================================== */

/* P A = L U for an m x n matrix (L unit lower, stored below the diagonal; U
 * on and above it). piv has min(m, n) entries: row i was interchanged with
 * row piv[i] (0-based, in order i = 0, 1, ...). Errors: LA_ERR_NONFINITE;
 * LA_ERR_SINGULAR when a pivot is exactly zero (the factorization is then
 * complete, as in LAPACK's dgetrf with info > 0).
 * Cost: m n^2 - n^3/3 flops (2n^3/3 square), most of it in la_gemm and
 * la_trsm. Needs no workspace; for speed it takes one LA_MALLOC block for
 * the kernels' packing buffers (la_lu_ws takes them from an arena).
 * Method: recursive LU (Toledo 1997; LAPACK's dgetrf2): split the columns
 * in halves, factor the left half, update the right half with one
 * triangular solve and one matrix product, recurse; panels of at most 16
 * columns use the unblocked right-looking algorithm. A non-square matrix
 * always takes the built-in path. */
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
 * (Schreiber and Van Loan 1989): panels of 32 columns, each factored
 * recursively (Elmroth and Gustavson 2000: halves of up to 8 columns by
 * level-2 operations, the left half's block reflector applied to the
 * right half by la_gemm), are applied to the rest as I - V T V^T with
 * la_gemm and la_trmm (LAPACK's dgeqrf). */
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
 * LA_ERR_NOMEM. Method: backward accumulation by blocks of 32 reflectors
 * (LAPACK's dorgqr), each block's own columns formed as its image of
 * [I; 0], I - V T V_1^T, by one product (where dorgqr runs dorg2r, whose
 * column operations would be strided in row-major storage). */
LA_API la_status la_qr_form_q(la_mat QR, const la_real *tau, la_mat Q, la_arena *ws);
LA_API size_t la_qr_form_q_ws_bytes(la_int m, la_int q, la_int k);
/* R-only QR of a tall matrix in one pass over it: the n x n upper
 * triangular R of A = Q R (A m x n, any m >= 0, read only, never
 * modified), and, when b (m entries) is not NULL, the first n entries of
 * Q^T b into qtb and the norm of the rest, ||b - A x_ls|| for m >= n, into
 * *rnorm (qtb and rnorm may be NULL). Q is never formed or stored: use it
 * when only R (and Q^T b) is wanted: normal equations without squaring the
 * condition number (R^T R = A^T A), least squares, covariance, Gauss-Newton
 * steps. R is unique up to the signs of its rows (la_qr's R = D R, D =
 * diag(+-1), qtb = D (Q^T b)_{1:n} likewise); for m < n the rows of R past
 * m are zero up to rounding. Cost 2 m n^2 flops (n counts b as one more
 * column), memory traffic one read of A and b. Workspace:
 * la_qr_r_ws_bytes(n), about 4096 + (n + 1)^2 reals and at least
 * 64 (n + 1) + (n + 1)^2 (independent of m). Errors: LA_ERR_ARG (bad views,
 * R not n x n, NULL with rnorm or qtb but not b), LA_ERR_NONFINITE (NaN or
 * Inf in A or b, or R overflowed; R and qtb then unspecified),
 * LA_ERR_NOMEM. Method: blocked TSQR in its sequential (flat-tree) form
 * (Demmel, Grigori, Hoemmen and Langou 2012): rows are taken in blocks of
 * 64 to 1024 (about 4096 / (n + 1)), copied by columns into a
 * cache-resident buffer, and merged into the running triangle [R; block]
 * by Householder reflectors that exploit R's zeros (LAPACK's dtpqrt
 * structure), whose vectors are discarded. Always built in. */
LA_API la_status la_qr_r(la_mat A, const la_real *b, la_mat R, la_real *qtb, la_real *rnorm,
                         la_arena *ws);
LA_API size_t la_qr_r_ws_bytes(la_int n);
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
 * are applied in compact WY form. Under LA_USE_LAPACKE: LAPACK's dsyevd.
 * Cost 4/3 n^3 flops for the values, about 4 n^3 more for the vectors
 * (much less when many eigenvalues deflate).
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
 * (Peters and Wilkinson 1971, as in LAPACK's dstein); under
 * LA_USE_LAPACKE, LAPACK's dsyevr. Cost 4/3 n^3 flops
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
 * bidiagonalization (Golub and Kahan 1965; of A^T when m < n, and of the R
 * of a QR factorization first when max(m, n) >= 2 min(m, n), Chan 1982),
 * then the implicit-shift bidiagonal QR algorithm with the zero-shift
 * sweeps and convergence criteria of Demmel and Kahan (1990), which
 * compute even the small singular values of the bidiagonal to high
 * relative accuracy; the orthogonal factors of the bidiagonalization are
 * formed by la_qr_form_q (blocked) before the rotations of the QR sweeps
 * are applied to them. Under LA_USE_LAPACKE: LAPACK's dgesdd (divide and
 * conquer; its small singular values are accurate to eps s_max only).
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
 * Alg. 7.4.2), in panels of 32 reflectors whose updates of the trailing
 * columns run as matrix products (Quintana-Orti and van de Geijn 2006, as
 * LAPACK's dgehrd) while more than 32 columns remain: H (zero below the
 * first subdiagonal) overwrites A, and the orthogonal Q (n x n) is formed
 * when Q.data is non-NULL (blocked, as la_qr_form_q). Cost 10/3 n^3
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
 * Francis implicit double-shift QR algorithm (Francis 1961) with the
 * deflation criterion of Ahues and Tisseur (1997) and exceptional shifts,
 * as in LAPACK's dlahqr; under LA_USE_LAPACKE, LAPACK's dgehrd, dorghr and
 * dhseqr (la_hessenberg: dgehrd, dorghr). A whose largest entry lies
 * outside [sqrt(LA_REAL_MIN) / LA_EPS, its inverse] is first scaled by a
 * power of two (exact), as dgees does, so that the deflation criterion's
 * absolute floor does not act on a matrix of tiny norm (and T scaled
 * back). Each bulge chase runs in chunks of 24 reflectors: they update
 * the rows of T and of Z^T (Z is kept transposed while the iteration
 * runs) at once, and their accumulated product the rows above the chunk
 * (Braman, Byers and Mathias 2002, with one bulge). Cost about 25 n^3
 * flops with Z, 10 n^3 without; against dgees 1.03-1.08x the speed at
 * n = 256 and 0.34-0.40x at n = 1000, where its multishift sweeps with
 * aggressive early deflation take fewer sweeps (bench_eig). Workspace:
 * la_schur_ws_bytes(n). Errors: LA_ERR_ARG,
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
    la_real residual;   /* final ||M - I||_F (for the last polynomial step,
                           which does not form M: a bound on it from the norms
                           of the powers of M - I that step formed) */
    la_real tol;        /* the tolerance it was compared with */
    la_real lmin, lmax; /* spectral bounds of A + eps I used for the scaling */
    int warm;           /* 1 if the iteration continued from the given X */
} la_root_info;

/* X = (A + eps I)^(-1/p) for symmetric positive definite A (lower triangle
 * read), p >= 1, eps >= 0, by coupled Newton-type iterations (Guo and
 * Higham 2006; Iannazzo 2006 for their stability):
 *     X_{k+1} = X_k T_k,  M_{k+1} = T_k^p M_k,  T_k = t_k(M_k),
 * from X_0 = c^{-1} I, M_0 = N = (A + eps I) / c^p, c^p an estimate of the
 * largest eigenvalue, until M_k = X_k^p (A + eps I) reaches I. All iterates
 * are functions of A, so every product is between commuting symmetric
 * matrices and is formed on one triangle (n^3 flops; la_syrk for squares).
 * The spectral bounds [lmin, lmax] come from Lanczos on A (largest) and on
 * A^{-1} through a Cholesky factor (smallest), which also tests positive
 * definiteness. No eigendecomposition.
 *   p >= 2: one stage of rational steps t(m) = (a + b m) / (1 + c m),
 * whose coefficients minimize the spread of the image of the tracked
 * spectrum [l, 1] under m -> m t(m)^p (for p = 2 the product form of the
 * Denman-Beavers iteration, Cheng, Higham, Kenney and Laub 2001, with the
 * dynamically weighted Halley coefficients of Nakatsukasa, Bai and Gygi
 * 2010, in closed form; for p > 2 the same minimax weighting of the
 * Halley-type rational p-th root step, its coefficients found numerically
 * from the equioscillation conditions): one inverse of I + c M (block
 * Gauss-Jordan sweeps, n^3 flops) and two (p = 2), three (p = 3, 4) or
 * more products per step, 3 steps from cond 1e8 for every p. Once
 * M - I is small enough, a last polynomial step without an inverse,
 * X q(E) with q the Taylor polynomial of (1 + e)^{-1/p} of degree d = 1
 * (Newton), 2, 4, 8 or 12, E = mu M - I (mu = tr(M) / ||M||_F^2 centres the
 * spectrum on 1, X scaled by mu^{1/p} to match): the least d for which
 * ||E||_2 <= 0.1 and a bound on ||E^{d+1}||_F, which bounds the new
 * ||M - I||_F, reaches the tolerance; the bounds come from the Frobenius
 * norms of the powers E^2, E^3 and E^4 that it forms (each only while it
 * can help). n = 256, p = 4: from cond 1e4, 2 rational steps and
 * degree 8; from cond 1e8, 3 and degree 4.
 *   p = 1: the rational step of exponent 1 is exact, t(m) = 1 / m: X by
 * one inverse (the sweeps), M = X (A + eps I) by a product (within about
 * LA_EPS cond(A + eps I) of I), and the last polynomial step: 2 steps up to
 * cond 1e12 (the polynomial iteration took 18 from cond 1e8). A warm
 * start, and p = 1 when that M is not within 1 of I (cond near 1 /
 * LA_EPS), take the polynomial iteration t(m) = mu^{1/p} ((p+1) - mu m) / p,
 * with the scalar mu balancing the images of both ends of the tracked
 * spectrum under m -> m ((p+1-m)/p)^p (about half the steps of the
 * unscaled iteration), and the same last polynomial step. p = 4 at cond
 * 1e8: 4 steps (two stages of inverse square roots: 8; the polynomial
 * iteration alone: 13 steps of 4 products). Stops when
 * ||M - I||_F <= 4 sqrt(n) p LA_EPS; the normwise
 * relative residual ||X^p (A + eps I) - I|| / (||X||^p ||A + eps I||) is
 * then of the order of the unit roundoff, and the forward error of the
 * order of LA_EPS cond(A + eps I) / p. X may be the same matrix as A.
 * Cost per step: rational, 3 n^3 flops for p = 2, 4 n^3 for p = 3 and 4,
 * at most (3 + 2 log2 p) n^3, 3 n^3 for p = 1; polynomial,
 * (1 + log2 p + popcount p) n^3;
 * the last polynomial step 1 to 6 n^3; plus n^3 / 3 for the Cholesky
 * factor. Against the eigendecomposition route (la_powm_psd) at p = 4:
 * faster from n = 64 (1.27x at cond 1e4, 1.01x at 1e8; 1.35x and 1.09x
 * at n = 128), slower at n = 32 (0.91x, 0.82x) and at n = 256 from cond
 * 1e8 (0.90-0.96x); bench_matfun.
 * Workspace: la_inv_root_ws_bytes(n). Errors: LA_ERR_ARG (p < 1,
 * eps < 0), LA_ERR_DIM, LA_ERR_NONFINITE, LA_ERR_NOT_SPD (A + eps I is not
 * numerically positive definite), LA_ERR_NO_CONVERGENCE (X then holds the
 * last iterate). */
LA_API la_status la_inv_root(la_mat A, int p, la_real eps, la_mat X, la_arena *ws);
/* Warm-started la_inv_root: X holds an approximate root on entry (a
 * previous root of slowly changing statistics, as Shampoo keeps, or a root of
 * A itself to a looser tolerance). If X commutes with A + eps I to working
 * precision, the iteration continues from X (M_0 = X^p (A + eps I), which
 * must satisfy ||M_0 - I||_F < 1): a few quadratically convergent
 * polynomial steps.
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

/* X = (A + eps I)^r for symmetric positive semidefinite A (lower triangle read), any real r, eps >= 0, through
 * la_eigh: X = V diag((w_i + eps)^r) V^T, formed as a symmetric product.
 * Eigenvalues of A in [-10 n LA_EPS max|w|, 0) are rounding errors of a
 * semidefinite matrix and are clamped to 0; more negative ones give
 * LA_ERR_NOT_SPD. A zero eigenvalue of A + eps I with r < 0 gives
 * LA_ERR_SINGULAR. X may be A. Cost: la_eigh (about 5 n^3 flops) plus
 * n^3. Workspace: la_powm_psd_ws_bytes(n). Errors: LA_ERR_ARG (eps < 0),
 * LA_ERR_DIM, LA_ERR_NONFINITE (also when the power overflows),
 * LA_ERR_NOT_SPD, LA_ERR_SINGULAR, and those of la_eigh. */
LA_API la_status la_powm_psd(la_mat A, la_real r, la_real eps, la_mat X, la_arena *ws);
LA_API size_t la_powm_psd_ws_bytes(la_int n);

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
/* Principal square root X of a general real square A: X^2 = A with the eigenvalues of X in the open right half plane,
 * by Higham's real Schur method (Higham 1987, "Computing real square roots
 * of a real matrix"): A = Z T Z^T (la_schur), the quasi-triangular R with
 * R^2 = T block by block (2 x 2 blocks of complex pairs in closed form,
 * off-diagonal blocks from Sylvester equations of order <= 4), X = Z R Z^T.
 * Exists when A has no eigenvalue on the closed negative real axis (a zero
 * eigenvalue is accepted where the recurrence stays defined, e.g. A = 0).
 * X may be A. Cost about 28 n^3 flops (the Schur form 25 n^3). Workspace:
 * la_sqrtm_ws_bytes(n). Errors: LA_ERR_DIM, LA_ERR_NONFINITE,
 * LA_ERR_NO_REAL_ROOT (a negative real eigenvalue, or a singular
 * recurrence), and those of la_schur. */
LA_API la_status la_sqrtm(la_mat A, la_mat X, la_arena *ws);
LA_API size_t la_sqrtm_ws_bytes(la_int n);

/* Principal logarithm X = log(A) of a real square A with no eigenvalue on
 * the closed negative real axis, by inverse scaling and squaring on the
 * real Schur form (Kenney and Laub 1989; Higham 2001, "Evaluating Pade
 * approximants of the matrix logarithm"): T = Z^T A Z is replaced by
 * T^(1/2^k) (Schur square roots, as la_sqrtm) until ||T - I||_1 <= 0.264,
 * log(I + Y) is the [m/m] Pade approximant (m <= 7 chosen from the bounds
 * theta_m of Higham 2001) in partial fractions over Gauss-Legendre nodes,
 * each term a solve with la_lu, and X = 2^k Z log(T) Z^T. (Al-Mohy and
 * Higham 2012 refine the choice of k and m with norm estimates of powers;
 * this is the simpler variant.) X may be A. Cost: the Schur form, k n^3/3
 * for the roots, about 3 m n^3 for the approximant. Workspace:
 * la_logm_ws_bytes(n). Errors: LA_ERR_DIM, LA_ERR_NONFINITE,
 * LA_ERR_NO_REAL_ROOT (an eigenvalue on the closed negative real axis),
 * LA_ERR_NO_CONVERGENCE (more than 64 square roots), and those of la_schur
 * and la_lu. */
LA_API la_status la_logm(la_mat A, la_mat X, la_arena *ws);
LA_API size_t la_logm_ws_bytes(la_int n);

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
 * The inner products are formed from vectors scaled by powers of two and
 * A is applied to the direction normalized, so operators and right-hand
 * sides of any representable scale (2^+-600 tested) solve as at scale 1.
 * Default max_iter: 10 n. Cost per iteration: one A and one M application
 * plus 13n flops (15n with M).
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
 * 2 la_ws_reals(m) + 3 la_ws_reals(n) + LA_ARENA_ALIGN bytes. */
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

/* Which end of the spectrum la_lanczos computes. */
typedef enum { LA_SMALLEST = 0, LA_LARGEST = 1 } la_which;

/* The k (1 <= k <= n) smallest or largest eigenvalues w (ascending) and
 * eigenvectors (the COLUMNS of V, n x k; V.data NULL skips them) of a
 * symmetric operator of order n, by thick-restart Lanczos (Wu and Simon
 * 2000) with full reorthogonalization (two passes of classical
 * Gram-Schmidt, so the basis stays orthonormal to working precision): a
 * basis of m = min(n, max(2k + 10, 20)) vectors; after each cycle the
 * projected m x m matrix is diagonalized by la_eigh and the m/2 + k/2 Ritz
 * vectors nearest the wanted end are kept. Stops when every wanted Ritz
 * pair has ||A v - theta v|| <= tol max|theta| (info->residual: the largest
 * relative residual); eigenvalues are then accurate to about
 * tol^2 ||A|| / gap. max_iter counts restart cycles (default 100); seed
 * picks the start vector. A single start vector sees one copy of a
 * repeated eigenvalue in exact arithmetic: with multiplicities, the further
 * copies may be missed (use la_eigh_range on a dense matrix then). Cost per cycle: up to m applications of A plus
 * 4 n m^2 flops and la_eigh of order m. Workspace: la_lanczos_ws_bytes(n, k).
 * Errors: LA_ERR_ARG (k out of range), LA_ERR_DIM, LA_ERR_NO_CONVERGENCE (w
 * and V hold the current Ritz pairs), LA_ERR_NONFINITE, LA_ERR_ABORTED. */
LA_API la_status la_lanczos(la_int n, la_linop A, void *actx, la_int k, la_which which,
                            la_real *w, la_mat V, const la_iter_opts *o, la_iter_info *info,
                            la_arena *ws);
LA_API size_t la_lanczos_ws_bytes(la_int n, la_int k);

/* Estimates of the extreme eigenvalues of a symmetric operator from `steps`
 * Lanczos steps with full reorthogonalization (steps <= 0: 20; capped at
 * n), for la_chebyshev and la_cheb_prec_init: *lmax = theta_max + beta
 * (the largest Ritz value plus the residual norm of the Krylov basis, an
 * upper estimate of lambda_max in practice; Zhou and Li 2011), *lmin =
 * theta_min (a Ritz value, >= lambda_min: an overestimate is harmless for
 * Chebyshev methods, whose residual polynomial stays below 1 in (0, lmin)).
 * Cost: `steps` applications of A plus 4 n steps^2 flops. Workspace:
 * la_ws_reals((steps + 1) n) + la_ws_reals(3 steps) + LA_ARENA_ALIGN.
 * Errors: LA_ERR_ARG, LA_ERR_NONFINITE, LA_ERR_ABORTED. */
LA_API la_status la_spectral_bounds(la_int n, la_linop A, void *actx, la_int steps,
                                    la_real *lmin, la_real *lmax, const la_iter_opts *o,
                                    la_arena *ws);

/* Randomized range finder (Halko, Martinsson and Tropp 2011, Alg. 4.4,
 * subspace iteration with re-orthonormalization): Q (m x l, orthonormal
 * columns) spans approximately the range of the m x n operator (A: y <- A x,
 * At: y <- A^T x, with ctx), from a Gaussian n x l test matrix drawn from
 * o->seed and `power_iters` (>= 0) passes through A A^T, each followed by a
 * QR (la_qr). With la_linop_mat as A and la_linop_mat_trans as At the
 * products are level-3 (la_gemm); other operators are applied column by
 * column. 1 <= l <= min(m, n) = Q.cols. Cost: (2 power_iters + 1) l
 * applications (or products) plus (2 power_iters + 1) 4 m l^2 flops for the
 * QRs. Workspace: la_rand_range_ws_bytes(m, n, l) (with less, LA_ERR_NOMEM
 * before Q is written). Errors: LA_ERR_ARG, LA_ERR_DIM, LA_ERR_NONFINITE,
 * LA_ERR_ABORTED. */
LA_API la_status la_rand_range(la_int m, la_int n, la_linop A, la_linop At, void *ctx,
                               la_int power_iters, la_mat Q, const la_iter_opts *o,
                               la_arena *ws);
LA_API size_t la_rand_range_ws_bytes(la_int m, la_int n, la_int l);

/* Randomized truncated SVD (Halko, Martinsson and Tropp 2011, Alg. 5.1):
 * the k leading singular triplets of the m x n operator, A ~ U diag(s) Vt
 * with U m x k, Vt k x n (data NULL skips either) and s (k entries)
 * descending, from la_rand_range with l = min(k + oversample, m, n)
 * columns and `power_iters` passes, then the SVD (la_svd) of the small
 * l x n matrix Q^T A. The error ||A - U diag(s) Vt|| is close to the
 * optimal sigma_{k+1} when the singular values decay or power_iters >= 1
 * (expected Frobenius error bound (1 + k / (oversample - 1))^{1/2} times
 * the optimal tail for power_iters = 0, HMT Thm. 10.5). Cost: la_rand_range
 * plus l applications of A^T and the SVD of an n x l matrix. Workspace:
 * la_rand_svd_ws_bytes(m, n, k, oversample). Errors: LA_ERR_ARG (k < 1,
 * k > min(m, n), oversample or power_iters < 0), LA_ERR_DIM, and those of
 * la_rand_range and la_svd. */
LA_API la_status la_rand_svd(la_int m, la_int n, la_linop A, la_linop At, void *ctx, la_int k,
                             la_int oversample, la_int power_iters, la_real *s, la_mat U,
                             la_mat Vt, const la_iter_opts *o, la_arena *ws);
LA_API size_t la_rand_svd_ws_bytes(la_int m, la_int n, la_int k, la_int oversample);

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

LA_API la_status la_mat_scale(la_mat A, la_real alpha) {
    la_int i;
    if (la_mat_check(A)) return LA_ERR_ARG;
    for (i = 0; i < A.rows; ++i) la_scal(A.cols, alpha, &LA_AT(A, i, 0), 1);
    return LA_OK;
}

LA_API la_status la_mat_transpose(la_mat A, la_mat B) {
    /* 8 x 8 tiles: a tile reads and writes 8 cache lines of each matrix, so
     * it stays in L1 even when the leading dimensions are powers of two
     * (whose rows map to a few cache sets: larger tiles then thrash) */
    la_int i, j, ib, jb;
    const la_int bs = 8;
    if (la_mat_check(A) || la_mat_check(B)) return LA_ERR_ARG;
    if (A.rows != B.cols || A.cols != B.rows) return LA_ERR_DIM;
    for (ib = 0; ib < A.rows; ib += bs)
        for (jb = 0; jb < A.cols; jb += bs) {
            if (ib + bs <= A.rows && jb + bs <= A.cols) {
                for (i = ib; i < ib + bs; ++i)
                    for (j = jb; j < jb + bs; ++j) LA_AT(B, j, i) = LA_AT(A, i, j);
            } else {
                for (i = ib; i < LA__MIN(ib + bs, A.rows); ++i)
                    for (j = jb; j < LA__MIN(jb + bs, A.cols); ++j) LA_AT(B, j, i) = LA_AT(A, i, j);
            }
        }
    return LA_OK;
}

LA_API int la_vec_isfinite(la_int n, const la_real *x) {
    la_int i;
    la_real s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    /* x*0 is 0 for finite x and NaN otherwise, so sums test every element;
     * four independent sums let the loop run at load speed. */
    for (i = 0; i + 4 <= n; i += 4) {
        s0 += x[i] * 0;
        s1 += x[i + 1] * 0;
        s2 += x[i + 2] * 0;
        s3 += x[i + 3] * 0;
    }
    for (; i < n; ++i) s0 += x[i] * 0;
    return s0 + s1 + s2 + s3 == 0;
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
    /* Four running maxima (a select the compiler vectorizes) skip NaN; the
     * sum of the entries times 0, NaN when one is NaN or infinite (as in
     * la_vec_isfinite), sends such a matrix to the loop that returns NaN. */
    la_real m0 = 0, m1 = 0, m2 = 0, m3 = 0, probe = 0;
    la_int i, j;
    if (A.rows <= 0 || A.cols <= 0) return 0;
    for (i = 0; i < A.rows; ++i) {
        const la_real *a = &LA_AT(A, i, 0);
        for (j = 0; j + 4 <= A.cols; j += 4) {
            la_real v0 = LA_FABS(a[j]), v1 = LA_FABS(a[j + 1]), v2 = LA_FABS(a[j + 2]),
                    v3 = LA_FABS(a[j + 3]);
            m0 = v0 > m0 ? v0 : m0;
            m1 = v1 > m1 ? v1 : m1;
            m2 = v2 > m2 ? v2 : m2;
            m3 = v3 > m3 ? v3 : m3;
            probe += (a[j] + a[j + 1] + a[j + 2] + a[j + 3]) * 0;
        }
        for (; j < A.cols; ++j) {
            la_real v = LA_FABS(a[j]);
            m0 = v > m0 ? v : m0;
            probe += a[j] * 0;
        }
    }
    if (probe != probe)
        for (i = 0; i < A.rows; ++i)
            for (j = 0; j < A.cols; ++j)
                if (LA_AT(A, i, j) != LA_AT(A, i, j)) return LA_AT(A, i, j);
    m0 = m1 > m0 ? m1 : m0;
    m2 = m3 > m2 ? m3 : m2;
    return m2 > m0 ? m2 : m0;
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

/* sqrt(a^2 + b^2) without overflow or harmful underflow; NaN in, NaN out. */
LA__PRIV la_real la__hypot(la_real a, la_real b) {
    la_real x = LA_FABS(a), y = LA_FABS(b), t;
    if (x < y) {
        t = x;
        x = y;
        y = t;
    }
    if (x == 0) return x + y; /* 0, or NaN when y is NaN */
    t = y / x;
    return x * LA_SQRT(1 + t * t);
}

/* The power of two p with p <= x < 2 p for finite x > 0, clamped to
 * [4 LA_REAL_MIN, LA_REAL_MAX / 4]; 1 for any other x. Scaling by it is
 * exact: the routines that square quantities of any magnitude (Sturm
 * counts, CG's inner products) first divide them by it. */
LA__PRIV la_real la__pow2_below(la_real x) {
    la_real p = 1;
    if (!(x > 0 && x <= LA_REAL_MAX)) return 1;
    while (p * 2 <= x && p < LA_REAL_MAX / 4) p *= 2;
    while (p > x && p > 4 * LA_REAL_MIN) p /= 2;
    return p;
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
/* Width of the fixed-size blocks that element-wise loops run in: a loop
 * of constant trip count vectorizes without a remainder loop of the
 * compiler's own, the only kind GCC vectorizes at -O2 (its "very cheap"
 * cost model); the few leftover entries run in a plain loop. */
#define LA__VBLOCK 8

/* The sum of the `lanes` partial sums in acc, lanes a power of two: from
 * 8 lanes on, folded into a fresh 8-lane array by full-width additions and
 * summed pairwise from there (halving acc in place took narrower and
 * narrower steps through memory: la_dot of 64 entries took 1.6x the time);
 * below 8, pairwise in place (acc overwritten). */
LA__PRIV la_real la__lanes_sum(la_real *acc, int lanes) {
    int w, t, k;
    if (lanes >= 8) {
        la_real u[8];
        for (t = 0; t < 8; ++t) {
            u[t] = acc[t];
            for (k = 8; k < lanes; k += 8) u[t] += acc[t + k];
        }
        return ((u[0] + u[4]) + (u[2] + u[6])) + ((u[1] + u[5]) + (u[3] + u[7]));
    }
    for (w = lanes / 2; w > 0; w /= 2)
        for (t = 0; t < w; ++t) acc[t] += acc[t + w];
    return acc[0];
}

/* sum x_i y_i for unit-stride vectors. */
LA__PRIV la_real la__dot_unit(la_int n, const la_real *LA__RESTRICT x, const la_real *LA__RESTRICT y) {
    la_real acc[LA__LANES];
    la_int i;
    int t;
    if (n < LA__LANES) {
        la_real s = 0;
        for (i = 0; i < n; ++i) s = LA_FMA(x[i], y[i], s);
        return s;
    }
    for (t = 0; t < LA__LANES; ++t) acc[t] = 0;
    for (i = 0; i + LA__LANES <= n; i += LA__LANES)
        for (t = 0; t < LA__LANES; ++t) acc[t] = LA_FMA(x[i + t], y[i + t], acc[t]);
    for (t = 0; t < LA__LANES && i < n; ++i, ++t) acc[t] = LA_FMA(x[i], y[i], acc[t]);
    return la__lanes_sum(acc, LA__LANES);
}

/* y <- y + alpha x for unit-stride vectors. */
LA__PRIV void la__axpy_unit(la_int n, la_real alpha, const la_real *LA__RESTRICT x,
                            la_real *LA__RESTRICT y) {
    la_int i = 0;
    int t;
    for (; i + LA__VBLOCK <= n; i += LA__VBLOCK)
        for (t = 0; t < LA__VBLOCK; ++t) y[i + t] = LA_FMA(alpha, x[i + t], y[i + t]);
    for (; i < n; ++i) y[i] = LA_FMA(alpha, x[i], y[i]);
}

/* y <- y + a0 x0 + a1 x1 + a2 x2 + a3 x3 for unit-stride vectors: four
 * axpys in one pass over y. */
LA__PRIV void la__axpy4_unit(la_int n, const la_real *a, const la_real *LA__RESTRICT x0,
                             const la_real *LA__RESTRICT x1, const la_real *LA__RESTRICT x2,
                             const la_real *LA__RESTRICT x3, la_real *LA__RESTRICT y) {
    const la_real a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
    la_int i = 0;
    int t;
    for (; i + LA__VBLOCK <= n; i += LA__VBLOCK)
        for (t = 0; t < LA__VBLOCK; ++t)
            y[i + t] = LA_FMA(a3, x3[i + t],
                              LA_FMA(a2, x2[i + t], LA_FMA(a1, x1[i + t], LA_FMA(a0, x0[i + t], y[i + t]))));
    for (; i < n; ++i) y[i] = LA_FMA(a3, x3[i], LA_FMA(a2, x2[i], LA_FMA(a1, x1[i], LA_FMA(a0, x0[i], y[i]))));
}

/* Partial sums per row in the four-row kernels below: two vector
 * registers' worth, so that four rows keep eight registers busy. */
#define LA__LANES4 (2 * LA__VEC_BYTES / (int)sizeof(la_real))

/* s[r] = the sum of the partial sums c_r, r = 0..3. */
LA__PRIV void la__lanes_sum4(la_real *c0, la_real *c1, la_real *c2, la_real *c3, la_real *s) {
    /* each row folded to 8 lanes by full-width additions; then the rows'
     * halves interleaved so that every further step is one addition over
     * two or four rows at once (folding each row alone to 1 lane took
     * narrower and narrower steps through memory: la_gemv on 32 columns
     * ran at half OpenBLAS's speed, now 0.7x) */
    la_real u[4][8], p[2][8], q[8];
    int k, t;
    if (LA__LANES4 < 8) {
        s[0] = la__lanes_sum(c0, LA__LANES4);
        s[1] = la__lanes_sum(c1, LA__LANES4);
        s[2] = la__lanes_sum(c2, LA__LANES4);
        s[3] = la__lanes_sum(c3, LA__LANES4);
        return;
    }
    for (t = 0; t < 8; ++t) {
        u[0][t] = c0[t];
        u[1][t] = c1[t];
        u[2][t] = c2[t];
        u[3][t] = c3[t];
        for (k = 8; k < LA__LANES4; k += 8) {
            u[0][t] += c0[t + k];
            u[1][t] += c1[t + k];
            u[2][t] += c2[t + k];
            u[3][t] += c3[t + k];
        }
    }
    for (t = 0; t < 4; ++t) {
        p[0][t] = u[0][t] + u[0][t + 4];
        p[0][t + 4] = u[1][t] + u[1][t + 4];
        p[1][t] = u[2][t] + u[2][t + 4];
        p[1][t + 4] = u[3][t] + u[3][t + 4];
    }
    for (t = 0; t < 2; ++t) {
        q[t] = p[0][t] + p[0][t + 2];
        q[t + 2] = p[0][t + 4] + p[0][t + 6];
        q[t + 4] = p[1][t] + p[1][t + 2];
        q[t + 6] = p[1][t + 4] + p[1][t + 6];
    }
    for (t = 0; t < 4; ++t) s[t] = q[2 * t] + q[2 * t + 1];
}

/* s[r] = sum_i a_r[i] x[i] for the four unit-stride rows a_0..a_3: one
 * pass over x for four dot products (matrix-vector products by rows). */
LA__PRIV void la__dot4_unit(la_int n, const la_real *LA__RESTRICT a0, const la_real *LA__RESTRICT a1,
                            const la_real *LA__RESTRICT a2, const la_real *LA__RESTRICT a3,
                            const la_real *LA__RESTRICT x, la_real *s) {
    la_real c0[LA__LANES4], c1[LA__LANES4], c2[LA__LANES4], c3[LA__LANES4];
    la_int i;
    int t;
    for (t = 0; t < LA__LANES4; ++t) c0[t] = c1[t] = c2[t] = c3[t] = 0;
    for (i = 0; i + LA__LANES4 <= n; i += LA__LANES4)
        for (t = 0; t < LA__LANES4; ++t) {
            const la_real xt = x[i + t];
            c0[t] = LA_FMA(a0[i + t], xt, c0[t]);
            c1[t] = LA_FMA(a1[i + t], xt, c1[t]);
            c2[t] = LA_FMA(a2[i + t], xt, c2[t]);
            c3[t] = LA_FMA(a3[i + t], xt, c3[t]);
        }
    for (t = 0; t < LA__LANES && i < n; ++i, ++t) {
        c0[t] = LA_FMA(a0[i], x[i], c0[t]);
        c1[t] = LA_FMA(a1[i], x[i], c1[t]);
        c2[t] = LA_FMA(a2[i], x[i], c2[t]);
        c3[t] = LA_FMA(a3[i], x[i], c3[t]);
    }
    la__lanes_sum4(c0, c1, c2, c3, s);
}

/* s[r] = sum_i a_r[i] x[i] and y <- y + sum_r t[r] a_r for four unit-stride
 * rows, in one pass over them: a symmetric matrix-vector product reads
 * each stored row once for its row and its column. */
LA__PRIV void la__dot4_axpy4_unit(la_int n, const la_real *LA__RESTRICT a0,
                                  const la_real *LA__RESTRICT a1, const la_real *LA__RESTRICT a2,
                                  const la_real *LA__RESTRICT a3, const la_real *LA__RESTRICT x,
                                  const la_real *t4, la_real *LA__RESTRICT y, la_real *s) {
    const la_real t0 = t4[0], t1 = t4[1], t2 = t4[2], t3 = t4[3];
    la_real c0[LA__LANES4], c1[LA__LANES4], c2[LA__LANES4], c3[LA__LANES4];
    la_int i;
    int t;
    for (t = 0; t < LA__LANES4; ++t) c0[t] = c1[t] = c2[t] = c3[t] = 0;
    for (i = 0; i + LA__LANES4 <= n; i += LA__LANES4)
        for (t = 0; t < LA__LANES4; ++t) {
            const la_real xt = x[i + t], b0 = a0[i + t], b1 = a1[i + t], b2 = a2[i + t], b3 = a3[i + t];
            c0[t] = LA_FMA(b0, xt, c0[t]);
            c1[t] = LA_FMA(b1, xt, c1[t]);
            c2[t] = LA_FMA(b2, xt, c2[t]);
            c3[t] = LA_FMA(b3, xt, c3[t]);
            y[i + t] = LA_FMA(t3, b3, LA_FMA(t2, b2, LA_FMA(t1, b1, LA_FMA(t0, b0, y[i + t]))));
        }
    for (t = 0; t < LA__LANES && i < n; ++i, ++t) {
        c0[t] = LA_FMA(a0[i], x[i], c0[t]);
        c1[t] = LA_FMA(a1[i], x[i], c1[t]);
        c2[t] = LA_FMA(a2[i], x[i], c2[t]);
        c3[t] = LA_FMA(a3[i], x[i], c3[t]);
        y[i] = LA_FMA(t3, a3[i], LA_FMA(t2, a2[i], LA_FMA(t1, a1[i], LA_FMA(t0, a0[i], y[i]))));
    }
    la__lanes_sum4(c0, c1, c2, c3, s);
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
        /* four partial sums hide the latency of the additions */
        la_real s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        const la_int groups = n / 4, rest = n % 4;
        la_int i;
        ptrdiff_t ix = LA__VSTART(n, incx), iy = LA__VSTART(n, incy);
        for (i = 0; i < groups; ++i, ix += 4 * (ptrdiff_t)incx, iy += 4 * (ptrdiff_t)incy) {
            s0 = LA_FMA(x[ix], y[iy], s0);
            s1 = LA_FMA(x[ix + incx], y[iy + incy], s1);
            s2 = LA_FMA(x[ix + 2 * incx], y[iy + 2 * incy], s2);
            s3 = LA_FMA(x[ix + 3 * incx], y[iy + 3 * incy], s3);
        }
        for (i = 0; i < rest; ++i, ix += incx, iy += incy) s0 = LA_FMA(x[ix], y[iy], s0);
        return (s0 + s1) + (s2 + s3);
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
        for (t = 0; t < LA__LANES && i < n; ++i, ++t) acc[t] += LA_FABS(x[i]);
        return la__lanes_sum(acc, LA__LANES);
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

/* ||x||_2 from the sum of squares s of x (n > 0 entries, stride incx):
 * the plain sum is accurate when it is finite (nothing overflowed) and at
 * least n * LA_REAL_MIN: each square lost at most LA_REAL_MIN * LA_EPS to
 * underflow, so all of them together at most LA_EPS relative to the sum.
 * Otherwise Blue's algorithm decides. */
LA__PRIV la_real la__nrm2_from_sumsq(la_int n, const la_real *x, la_int incx, la_real s) {
    if (LA__ISFINITE(s) && s >= (la_real)n * LA_REAL_MIN) return LA_SQRT(s);
    return la__nrm2_blue(n, x, incx);
}

/* ||x||_2 of a unit-stride x by the built-in kernel under every backend
 * (for hot loops: a reference CBLAS dnrm2 scales entry by entry, several
 * times slower than a sum of squares). */
LA__PRIV la_real la__nrm2_unit(la_int n, const la_real *x) {
    la_real acc[LA__LANES];
    la_int i;
    int t;
    if (n <= 0) return 0;
    for (t = 0; t < LA__LANES; ++t) acc[t] = 0;
    for (i = 0; i + LA__LANES <= n; i += LA__LANES)
        for (t = 0; t < LA__LANES; ++t) acc[t] = LA_FMA(x[i + t], x[i + t], acc[t]);
    for (t = 0; t < LA__LANES && i < n; ++i, ++t) acc[t] = LA_FMA(x[i], x[i], acc[t]);
    return la__nrm2_from_sumsq(n, x, 1, la__lanes_sum(acc, LA__LANES));
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
    if (incx == 1) return la__nrm2_unit(n, x);
    {
        ptrdiff_t ix;
        for (i = 0, ix = 0, s = 0; i < n; ++i, ix += incx) s = LA_FMA(x[ix], x[ix], s);
    }
    return la__nrm2_from_sumsq(n, x, incx, s);
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
        la_real s[4];
        for (i = 0; i + 4 <= m; i += 4) {
            la__dot4_unit(n, &LA_AT(A, i, 0), &LA_AT(A, i + 1, 0), &LA_AT(A, i + 2, 0),
                          &LA_AT(A, i + 3, 0), x, s);
            y[i] = LA_FMA(alpha, s[0], y[i]);
            y[i + 1] = LA_FMA(alpha, s[1], y[i + 1]);
            y[i + 2] = LA_FMA(alpha, s[2], y[i + 2]);
            y[i + 3] = LA_FMA(alpha, s[3], y[i + 3]);
        }
        for (; i < m; ++i) y[i] = LA_FMA(alpha, la__dot_unit(n, &LA_AT(A, i, 0), x), y[i]);
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
        /* Blocks of four rows of the stored triangle. Outside the block's
         * diagonal block, each row gives a dot product for its own entry of
         * y and, through the mirror, an axpy into the entries of its
         * columns: one pass over the four rows does both. */
        const int lower = uplo == LA_LOWER;
        la_int i, r, c;
        la__scal_unit(n, beta, y);
        for (i = 0; i < n; i += 4) {
            const la_int nb = LA__MIN(4, n - i), o0 = lower ? 0 : i + nb, o1 = lower ? i : n;
            la_real t4[4], s4[4] = {0, 0, 0, 0};
            for (r = 0; r < nb; ++r) t4[r] = alpha * x[i + r];
            if (nb == 4) {
                la__dot4_axpy4_unit(o1 - o0, &LA_AT(A, i, o0), &LA_AT(A, i + 1, o0),
                                    &LA_AT(A, i + 2, o0), &LA_AT(A, i + 3, o0), x + o0, t4, y + o0, s4);
            } else {
                for (r = 0; r < nb; ++r) {
                    s4[r] = la__dot_unit(o1 - o0, &LA_AT(A, i + r, o0), x + o0);
                    la__axpy_unit(o1 - o0, t4[r], &LA_AT(A, i + r, o0), y + o0);
                }
            }
            for (r = 0; r < nb; ++r) {
                /* the diagonal block: stored (r, c) also stands for (c, r) */
                la_real sr = s4[r] + LA_AT(A, i + r, i + r) * x[i + r];
                for (c = lower ? 0 : r + 1; c < (lower ? r : nb); ++c) {
                    const la_real a = LA_AT(A, i + r, i + c);
                    sr += a * x[i + c];
                    y[i + c] += t4[r] * a;
                }
                y[i + r] += alpha * sr;
            }
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

/* trmv (solve == 0) or trsv (solve == 1) with op(A) = A, by rows, in
 * blocks of four: the part of the block's rows outside its diagonal block
 * is four dot products with x in one pass, the 4 x 4 triangle is done by
 * hand. Blocks (and rows within them) run in the order in which the part of
 * x they read is already solved (trsv) or still unmodified (trmv). */
LA__PRIV void la__trv_rows(int solve, la_uplo uplo, la_diag diag, la_mat A, la_real *x) {
    const la_int n = A.rows;
    const int lower = uplo == LA_LOWER, forward = solve == lower;
    la_int b, q, c;
    for (b = 0; b < n; b += 4) {
        const la_int i0 = forward ? b : LA__MAX(0, n - b - 4), nb = LA__MIN(4, n - b);
        const la_int o0 = lower ? 0 : i0 + nb, o1 = lower ? i0 : n;
        la_real s[4];
        if (nb == 4)
            la__dot4_unit(o1 - o0, &LA_AT(A, i0, o0), &LA_AT(A, i0 + 1, o0), &LA_AT(A, i0 + 2, o0),
                          &LA_AT(A, i0 + 3, o0), x + o0, s);
        else
            for (q = 0; q < nb; ++q) s[q] = la__dot_unit(o1 - o0, &LA_AT(A, i0 + q, o0), x + o0);
        for (q = 0; q < nb; ++q) {
            const la_int r = forward ? q : nb - 1 - q, i = i0 + r;
            const la_int c0 = lower ? 0 : r + 1, c1 = lower ? r : nb;
            la_real v = solve ? x[i] - s[r] : s[r] + (diag == LA_UNIT ? x[i] : LA_AT(A, i, i) * x[i]);
            for (c = c0; c < c1; ++c)
                v = solve ? v - LA_AT(A, i, i0 + c) * x[i0 + c] : v + LA_AT(A, i, i0 + c) * x[i0 + c];
            x[i] = solve && diag != LA_UNIT ? v / LA_AT(A, i, i) : v;
        }
    }
}

/* trmv (solve == 0) or trsv (solve == 1) with op(A) = A^T: row k of A
 * scatters x[k] into the entries of x on its side of the diagonal. Blocks
 * of four rows: the scatter outside the block's diagonal block is one
 * four-row axpy (after the block is solved, for trsv; before it is
 * multiplied, for trmv), the 4 x 4 triangle is done by hand. */
LA__PRIV void la__trv_cols(int solve, la_uplo uplo, la_diag diag, la_mat A, la_real *x) {
    const la_int n = A.rows;
    const int lower = uplo == LA_LOWER, forward = solve != lower;
    la_int b, q, j;
    for (b = 0; b < n; b += 4) {
        const la_int k0 = forward ? b : LA__MAX(0, n - b - 4), nb = LA__MIN(4, n - b);
        const la_int o0 = lower ? 0 : k0 + nb, o1 = lower ? k0 : n;
        int pass;
        for (pass = 0; pass < 2; ++pass) {
            if (pass == (solve ? 1 : 0)) { /* outside the block */
                la_real a[4];
                for (q = 0; q < nb; ++q) a[q] = solve ? -x[k0 + q] : x[k0 + q];
                if (nb == 4)
                    la__axpy4_unit(o1 - o0, a, &LA_AT(A, k0, o0), &LA_AT(A, k0 + 1, o0),
                                   &LA_AT(A, k0 + 2, o0), &LA_AT(A, k0 + 3, o0), x + o0);
                else
                    for (q = 0; q < nb; ++q) la__axpy_unit(o1 - o0, a[q], &LA_AT(A, k0 + q, o0), x + o0);
                continue;
            }
            for (q = 0; q < nb; ++q) { /* inside */
                const la_int k = forward ? k0 + q : k0 + nb - 1 - q;
                const la_int j0 = lower ? k0 : k + 1, j1 = lower ? k : k0 + nb;
                la_real t = x[k];
                if (solve) {
                    if (diag != LA_UNIT) t = x[k] = t / LA_AT(A, k, k);
                    for (j = j0; j < j1; ++j) x[j] -= t * LA_AT(A, k, j);
                } else {
                    for (j = j0; j < j1; ++j) x[j] += t * LA_AT(A, k, j);
                    if (diag != LA_UNIT) x[k] = t * LA_AT(A, k, k);
                }
            }
        }
    }
}

/* trmv or trsv: checks, backend. */
LA__PRIV la_status la__tri_vec(int solve, la_uplo uplo, la_trans ta, la_diag diag, la_mat A,
                               la_real *x) {
    la_status st = la__tri_vec_check(A, x);
    if (st != LA_OK || A.rows == 0) return st;
#ifdef LA_USE_CBLAS
    if (solve)
        LA__CBLAS(trsv)(CblasRowMajor, LA__CBLAS_UPLO(uplo), LA__CBLAS_TRANS(ta),
                        LA__CBLAS_DIAG(diag), A.rows, A.data, A.ld, x, 1);
    else
        LA__CBLAS(trmv)(CblasRowMajor, LA__CBLAS_UPLO(uplo), LA__CBLAS_TRANS(ta),
                        LA__CBLAS_DIAG(diag), A.rows, A.data, A.ld, x, 1);
#else
    if (ta == LA_NOTRANS)
        la__trv_rows(solve, uplo, diag, A, x);
    else
        la__trv_cols(solve, uplo, diag, A, x);
#endif
    return LA_OK;
}

LA_API la_status la_trmv(la_uplo uplo, la_trans ta, la_diag diag, la_mat A, la_real *x) {
    return la__tri_vec(0, uplo, ta, diag, A, x);
}

LA_API la_status la_trsv(la_uplo uplo, la_trans ta, la_diag diag, la_mat A, la_real *x) {
    return la__tri_vec(1, uplo, ta, diag, A, x);
}

/* ----------------------------------------------------------------------
 * 5. Level-3 kernels: matrix-matrix
 * ---------------------------------------------------------------------- */

/* The part of C a product updates: all of it, or (syrk) its lower (j <= i)
 * or upper (j >= i) triangle. */
#define LA__ALL 0
#define LA__TRI_LOWER 1
#define LA__TRI_UPPER 2
/* Flag on LA__TRI_UPPER for a square C whose result is symmetric: the
 * finished upper triangle is also copied into the lower one, tile by tile
 * while each is in cache, so that C is returned in full. */
#define LA__MIRROR 4

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

/* Copy the upper (upper != 0) or lower triangle of the square C onto the
 * other one, by 8 x 8 tiles (as la_mat_transpose: cache-friendly for the
 * transposed side even with a power-of-two leading dimension). */
LA__PRIV void la__mirror(la_mat C, int upper) {
    la_int n = C.rows, ib, jb, i, j;
    for (ib = 0; ib < n; ib += 8)
        for (jb = 0; jb <= ib; jb += 8) {
            la_int ie = LA__MIN(ib + 8, n), je = LA__MIN(jb + 8, n);
            for (i = ib; i < ie; ++i)
                for (j = jb; j < LA__MIN(je, i); ++j) {
                    if (upper)
                        LA_AT(C, i, j) = LA_AT(C, j, i);
                    else
                        LA_AT(C, j, i) = LA_AT(C, i, j);
                }
        }
}

/* The lower-triangle images C(j + q, i + r) <- C(i + r, j + q) of the
 * entries of the mr x nr tile of C at (i, j) that lie above the diagonal
 * (LA__MIRROR): contiguous stores, reads from the tile just written. */
LA__PRIV void la__tile_mirror(la_mat C, la_int i, la_int j, la_int mr, la_int nr) {
    la_int r, q;
    for (q = 0; q < nr; ++q) {
        la_real *dst = &LA_AT(C, j + q, i);
        const la_real *src = &LA_AT(C, i, j + q);
        const la_int rows = LA__MIN(mr, j + q - i);
        for (r = 0; r < rows; ++r) dst[r] = src[r * C.ld];
    }
}

/* Depth and width of the blocks of op(B) that the unpacked loop reuses
 * from cache (256 KB in double), and the fewest columns of C for which it
 * updates rows of C by axpys rather than dot products. */
#define LA__DIRECT_KB 128
#define LA__DIRECT_NB 256
#define LA__DIRECT_AXPY_MIN 8

/* Row i of op(X), elements p0 .. p0+kb-1, times s, as a contiguous array:
 * in place when it is one and s == 1, else gathered into buf. */
LA__PRIV const la_real *la__op_row_seg(la_mat X, la_trans t, la_int i, la_int p0, la_int kb,
                                       la_real s, la_real *buf) {
    la_int p;
    if (t == LA_NOTRANS && s == 1) return &LA_AT(X, i, p0);
    for (p = 0; p < kb; ++p) buf[p] = s * (t == LA_NOTRANS ? LA_AT(X, i, p0 + p) : LA_AT(X, p0 + p, i));
    return buf;
}

/* C <- C + alpha op(A) op(B) on the masked part of C, unpacked and without
 * workspace (two stack buffers of LA__DIRECT_KB reals). For each depth
 * block: with op(B) = B and enough columns, each row of C takes four-row
 * axpys from a cached KB x NB block of B; with op(B) = B^T, dot products
 * with the rows of B; with few columns, each column of op(B), gathered
 * once, meets every row of op(A) in dot products. */
LA__PRIV void la__gemm_direct(la_trans ta, la_trans tb, la_real alpha, la_mat A, la_mat B,
                              la_mat C, int mask) {
    const la_int m = C.rows, n = C.cols, k = la_op_cols(ta, A);
    const la_trans tbt = tb == LA_NOTRANS ? LA_TRANS : LA_NOTRANS; /* op(B)^T = op_tbt(B) */
    la_real abuf[LA__DIRECT_KB], bbuf[LA__DIRECT_KB];
    la_int p0, j0, i, j, p;
    for (p0 = 0; p0 < k; p0 += LA__DIRECT_KB) {
        const la_int kb = LA__MIN(LA__DIRECT_KB, k - p0);
        if (tb == LA_NOTRANS && n < LA__DIRECT_AXPY_MIN) {
            for (j = 0; j < n; ++j) {
                const la_real *b = la__op_row_seg(B, tbt, j, p0, kb, alpha, bbuf);
                for (i = 0; i < m; ++i) {
                    la_int jlo = j, jhi = j + 1;
                    la__mask_cols(mask, i, &jlo, &jhi);
                    if (jlo < jhi)
                        LA_AT(C, i, j) += la__dot_unit(kb, la__op_row_seg(A, ta, i, p0, kb, 1, abuf), b);
                }
            }
            continue;
        }
        for (j0 = 0; j0 < n; j0 += LA__DIRECT_NB) {
            for (i = 0; i < m; ++i) {
                la_int jlo = j0, jhi = LA__MIN(j0 + LA__DIRECT_NB, n);
                const la_real *a;
                la_real *c;
                la__mask_cols(mask, i, &jlo, &jhi);
                if (jlo >= jhi) continue;
                a = la__op_row_seg(A, ta, i, p0, kb, alpha, abuf);
                c = &LA_AT(C, i, jlo);
                if (tb == LA_NOTRANS) {
                    for (p = 0; p + 4 <= kb; p += 4)
                        la__axpy4_unit(jhi - jlo, a + p, &LA_AT(B, p0 + p, jlo),
                                       &LA_AT(B, p0 + p + 1, jlo), &LA_AT(B, p0 + p + 2, jlo),
                                       &LA_AT(B, p0 + p + 3, jlo), c);
                    for (; p < kb; ++p) la__axpy_unit(jhi - jlo, a[p], &LA_AT(B, p0 + p, jlo), c);
                } else {
                    for (j = jlo; j < jhi; ++j) c[j - jlo] += la__dot_unit(kb, a, &LA_AT(B, j, p0));
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

/* The micro-kernel: the MR x NR tile c (row stride ldc) <- alpha sum_p
 * a_p b_p^T + beta c, where a_p (MR values) and b_p (NR values) are the
 * p-th columns of packed micro-panels of op(A) and op(B); beta == 0: c is
 * not read; 2 MR NR kc flops. Two versions compute the same thing: plain C
 * that compilers vectorize, and, on x86 (unless LA_NO_INTRINSICS is
 * defined), the same loop written with intrinsics for the widest vectors
 * the compiler targets (AVX-512, AVX2 with FMA, AVX, or the SSE2 that
 * every x86-64 has), which keeps every accumulator in a register where
 * GCC's unrolling of the plain loop spills (about 10% faster with
 * AVX-512), and does not depend on the compiler vectorizing at all: GCC 12
 * at -O2 leaves the plain loop scalar, 7.9 GFLOP/s at n = 1000 against
 * 18 with SSE2 intrinsics on the same x86-64 baseline. The intrinsic
 * kernel first prefetches its tile of C (as BLIS's kernels do): the
 * loads of C at the end otherwise wait on memory once per tile, which on
 * an AMD Zen 3 took 15% of a product of order 1000. */
#if !defined(LA_NO_INTRINSICS) && (defined(__AVX512F__) || defined(__AVX__) || defined(__SSE2__) || defined(_M_X64))
#include <immintrin.h>
#if defined(__AVX512F__) && LA_REAL_IS_FLOAT
#define LA__V __m512
#define LA__V_OP(name) _mm512_##name##_ps
#elif defined(__AVX512F__)
#define LA__V __m512d
#define LA__V_OP(name) _mm512_##name##_pd
#elif defined(__AVX__) && LA_REAL_IS_FLOAT
#define LA__V __m256
#define LA__V_OP(name) _mm256_##name##_ps
#elif defined(__AVX__)
#define LA__V __m256d
#define LA__V_OP(name) _mm256_##name##_pd
#elif LA_REAL_IS_FLOAT
#define LA__V __m128
#define LA__V_OP(name) _mm_##name##_ps
#else
#define LA__V __m128d
#define LA__V_OP(name) _mm_##name##_pd
#endif
#if defined(__AVX512F__) || (defined(__AVX2__) && defined(__FMA__))
#define LA__V_FMA(x, y, z) LA__V_OP(fmadd)(x, y, z)
#else /* SSE2, AVX without FMA: a product and a sum, as LA_FMA without a hardware FMA */
#define LA__V_FMA(x, y, z) LA__V_OP(add)(LA__V_OP(mul)(x, y), z)
#endif
#define LA__V_LANES (LA__VEC_BYTES / (int)sizeof(la_real))
#define LA__GEMM_V_DECL(r) LA__V acc##r##0 = LA__V_OP(setzero)(), acc##r##1 = LA__V_OP(setzero)();
#define LA__GEMM_V_FMA(r)                                                                          \
    t = LA__V_OP(set1)(a[r]);                                                                      \
    acc##r##0 = LA__V_FMA(t, b0, acc##r##0);                                                 \
    acc##r##1 = LA__V_FMA(t, b1, acc##r##1);
#define LA__GEMM_V_PREFETCH(r)                                                                     \
    _mm_prefetch((const char *)(c + r * ldc), _MM_HINT_T0);                                        \
    _mm_prefetch((const char *)(c + r * ldc + LA__GEMM_NR - 1), _MM_HINT_T0);
#define LA__GEMM_V_STORE(r, f0, f1)                                                                \
    LA__V_OP(storeu)(c + r * ldc, f0);                                                             \
    LA__V_OP(storeu)(c + r * ldc + LA__V_LANES, f1);
#define LA__GEMM_V_SET(r) LA__GEMM_V_STORE(r, LA__V_OP(mul)(va, acc##r##0), LA__V_OP(mul)(va, acc##r##1))
#define LA__GEMM_V_ADD(r)                                                                          \
    LA__GEMM_V_STORE(r, LA__V_FMA(va, acc##r##0, LA__V_OP(loadu)(c + r * ldc)),             \
                     LA__V_FMA(va, acc##r##1, LA__V_OP(loadu)(c + r * ldc + LA__V_LANES)))
#define LA__GEMM_V_AXPBY(r)                                                                        \
    LA__GEMM_V_STORE(r,                                                                            \
                     LA__V_FMA(va, acc##r##0, LA__V_OP(mul)(vb, LA__V_OP(loadu)(c + r * ldc))), \
                     LA__V_FMA(va, acc##r##1,                                                \
                                     LA__V_OP(mul)(vb, LA__V_OP(loadu)(c + r * ldc + LA__V_LANES))))

LA__PRIV void la__gemm_micro(la_int kc, const la_real *LA__RESTRICT a, const la_real *LA__RESTRICT b,
                             la_real alpha, la_real beta, la_real *LA__RESTRICT c, ptrdiff_t ldc) {
    LA__GEMM_ROWS(LA__GEMM_V_DECL)
    const LA__V va = LA__V_OP(set1)(alpha), vb = LA__V_OP(set1)(beta);
    la_int p;
    LA__GEMM_ROWS(LA__GEMM_V_PREFETCH)
    for (p = 0; p < kc; ++p, a += LA__GEMM_MR, b += LA__GEMM_NR) {
        const LA__V b0 = LA__V_OP(loadu)(b), b1 = LA__V_OP(loadu)(b + LA__V_LANES);
        LA__V t;
        LA__GEMM_ROWS(LA__GEMM_V_FMA)
    }
    if (beta == 0) {
        LA__GEMM_ROWS(LA__GEMM_V_SET)
    } else if (beta == 1) {
        LA__GEMM_ROWS(LA__GEMM_V_ADD)
    } else {
        LA__GEMM_ROWS(LA__GEMM_V_AXPBY)
    }
}
#else
#define LA__GEMM_ACC_DECL(r) la_real acc##r[LA__GEMM_NR];
#define LA__GEMM_ACC_ZERO(r) acc##r[j] = 0;
#define LA__GEMM_ACC_FMA(r) acc##r[j] = LA_FMA(a[r], bj, acc##r[j]);
#define LA__GEMM_ACC_SET(r) c[r * ldc + j] = alpha * acc##r[j];
#define LA__GEMM_ACC_ADD(r) c[r * ldc + j] = LA_FMA(alpha, acc##r[j], c[r * ldc + j]);
#define LA__GEMM_ACC_AXPBY(r) c[r * ldc + j] = LA_FMA(alpha, acc##r[j], beta * c[r * ldc + j]);

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
#endif

/* Block sizes rounded to whole micro-panels. */
LA__PRIV la_int la__gemm_mc(void) {
    return LA__MAX(LA__GEMM_MR, LA_GEMM_MC / LA__GEMM_MR * LA__GEMM_MR);
}
LA__PRIV la_int la__gemm_nc(void) {
    return LA__MAX(LA__GEMM_NR, LA_GEMM_NC / LA__GEMM_NR * LA__GEMM_NR);
}
LA__PRIV la_int la__gemm_kc(void) { return LA__MAX(1, LA_GEMM_KC); }

/* Products that take the unpacked loop because packing does not pay for
 * them: few multiply-adds, a shallow depth, or a dimension that would
 * leave most of each micro-tile empty. */
LA__PRIV int la__gemm_direct_pays(la_int m, la_int n, la_int k) {
    return (double)m * (double)n * (double)k <= 8192.0 || k <= 8 || 2 * m <= LA__GEMM_MR ||
           4 * n <= LA__GEMM_NR;
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
        if (rs == 1 && wr == W) {
            /* the W rows are adjacent in memory: copy them per p (a loop
             * of W, constant where W is: a copy of wr values ran at a
             * third of the speed) */
            for (p = 0; p < kc; ++p, o += W)
                for (r = 0; r < W; ++r) o[r] = xq[p * ps + r];
        } else if (rs == 1) {
            for (p = 0; p < kc; ++p, o += W) {
                const la_real *s = xq + p * ps;
                for (r = 0; r < wr; ++r) o[r] = s[r];
                for (; r < W; ++r) o[r] = 0;
            }
        } else if (wr == W) {
            /* each row is contiguous along p: per p, one value from each of
             * the W rows (W streams read in step), one contiguous store */
            for (p = 0; p < kc; ++p, o += W)
                for (r = 0; r < W; ++r) o[r] = xq[r * rs + p * ps];
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
                             int mask, int mirror) {
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
            if (mirror) la__tile_mirror(C, i, j, mr, nr);
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
    const int mirror = (mask & LA__MIRROR) != 0;
    mask &= ~LA__MIRROR;
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
                    la__gemm_macro(mc, nc, kc, alpha, ap, bp, p0 == 0 ? beta : 1, C, i0, j0, mask,
                                   mirror && p0 + kc == k);
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
    la__scale_mat(C, beta, mask & ~LA__MIRROR);
    la__gemm_direct(ta, tb, alpha, A, B, C, mask & ~LA__MIRROR);
    if (mask & LA__MIRROR) la__mirror(C, 1);
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

/* 1 if every diagonal entry of the square A has a reciprocal in the normal
 * range (|a| in [LA_REAL_MIN, 1 / LA_REAL_MIN]): dividing by it and
 * multiplying by its reciprocal then differ by one rounding. */
LA__PRIV int la__pivots_invertible(la_mat A) {
    la_int i;
    for (i = 0; i < A.rows; ++i) {
        const la_real ad = LA_FABS(LA_AT(A, i, i));
        if (!(ad >= LA_REAL_MIN && ad <= 1 / LA_REAL_MIN)) return 0;
    }
    return 1;
}

/* trmm (solve == 0) or trsm (solve == 1) from the left on a small
 * triangle, without gemm, by rows of B. trmm: row i of op(A) B combines
 * the rows of B that op(A)'s row i touches, taken in the order that still
 * finds them unmodified. trsm: substitution, X(i,:) = (alpha B(i,:) -
 * sum_k op(A)(i,k) X(k,:)) / op(A)(i,i), forward when op(A) is lower. */
LA__PRIV void la__tri_left_base(int solve, la_uplo uplo, la_trans ta, la_diag diag, la_real alpha,
                                la_mat A, la_mat B) {
    const la_int na = A.rows;
    const int lower = LA__OP_LOWER(uplo, ta), forward = solve ? lower : !lower;
    la_int s, c;
    for (s = 0; s < na; ++s) {
        const la_int i = forward ? s : na - 1 - s, k0 = lower ? 0 : i + 1, k1 = lower ? i : na;
        la_real *bi = &LA_AT(B, i, 0);
        if (solve) {
            la__scal_unit(B.cols, alpha, bi);
            la__rows_update(A, ta, i, k0, k1, -1, B);
            if (diag != LA_UNIT) {
                /* by the reciprocal (one rounding more, a multiplication
                 * instead of a division per entry) unless it leaves the
                 * normal range */
                const la_real d = LA_AT(A, i, i);
                if (la__pivots_invertible(la_mat_block(A, i, i, 1, 1)))
                    la__scal_unit(B.cols, 1 / d, bi);
                else
                    for (c = 0; c < B.cols; ++c) bi[c] /= d;
            }
        } else {
            la__scal_unit(B.cols, diag == LA_UNIT ? alpha : alpha * LA_AT(A, i, i), bi);
            la__rows_update(A, ta, i, k0, k1, alpha, B);
        }
    }
}

/* Rows of B per chunk that the right-side base case transposes. */
#define LA__TRI_CHUNK 16

/* trmm or trsm on a triangle of order <= LA__TRI_BASE, without gemm. On
 * the right, X op(A) = alpha B is op(A)^T X^T = alpha B^T: chunks of rows
 * of B are transposed into a stack buffer, solved (or multiplied) from
 * the left, and transposed back. */
LA__PRIV void la__tri_base(int solve, la_side side, la_uplo uplo, la_trans ta, la_diag diag,
                           la_real alpha, la_mat A, la_mat B) {
    la_real buf[LA__TRI_BASE * LA__TRI_CHUNK];
    la_int r0, i, j;
    if (side == LA_LEFT) {
        la__tri_left_base(solve, uplo, ta, diag, alpha, A, B);
        return;
    }
    for (r0 = 0; r0 < B.rows; r0 += LA__TRI_CHUNK) {
        const la_int rows = LA__MIN(LA__TRI_CHUNK, B.rows - r0);
        la_mat Bt = la_mat_ld(B.cols, rows, LA__TRI_CHUNK, buf);
        for (i = 0; i < rows; ++i)
            for (j = 0; j < B.cols; ++j) LA_AT(Bt, j, i) = LA_AT(B, r0 + i, j);
        la__tri_left_base(solve, uplo, ta == LA_NOTRANS ? LA_TRANS : LA_NOTRANS, diag, alpha, A, Bt);
        for (i = 0; i < rows; ++i)
            for (j = 0; j < B.cols; ++j) LA_AT(B, r0 + i, j) = LA_AT(Bt, j, i);
    }
}

/* Recursive trmm (solve == 0) and trsm (solve == 1) (Elmroth, Gustavson,
 * Jonsson and Kagstrom 2004). op(A) splits into two triangles and the
 * rectangle O that couples them; B splits into the half S that O
 * multiplies and the half T it contributes to (O S on the left, S O on the
 * right). trsm solves with S's triangle, subtracts the coupling from T with
 * a gemm that also applies alpha to T, then solves with T's triangle. trmm
 * multiplies T by its triangle, adds the coupling while S is still
 * unmodified, then multiplies S. All but the base cases' flops run in gemm. */
LA__PRIV void la__tri_rec(int solve, la_side side, la_uplo uplo, la_trans ta, la_diag diag,
                          la_real alpha, la_mat A, la_mat B, la_arena *pack) {
    const la_int na = A.rows;
    const int lower = LA__OP_LOWER(uplo, ta), left = side == LA_LEFT;
    const la_real coef = solve ? -1 : alpha, keep = solve ? alpha : 1;
    la_int n1, n2;
    la_mat A11, A22, O, B1, B2, S, T, AS, AT;
    if (na <= LA__TRI_BASE) {
        la__tri_base(solve, side, uplo, ta, diag, alpha, A, B);
        return;
    }
    n1 = la__tri_split(na);
    n2 = na - n1;
    A11 = la_mat_block(A, 0, 0, n1, n1);
    A22 = la_mat_block(A, n1, n1, n2, n2);
    O = lower ? la__op_block(A, ta, n1, 0, n2, n1) : la__op_block(A, ta, 0, n1, n1, n2);
    B1 = left ? la_mat_block(B, 0, 0, n1, B.cols) : la_mat_block(B, 0, 0, B.rows, n1);
    B2 = left ? la_mat_block(B, n1, 0, n2, B.cols) : la_mat_block(B, 0, n1, B.rows, n2);
    if (lower == left) { /* O = op(A)21 on the left (T2 += O S1), op(A)12 on the right */
        S = B1;
        AS = A11;
        T = B2;
        AT = A22;
    } else {
        S = B2;
        AS = A22;
        T = B1;
        AT = A11;
    }
    if (solve)
        la__tri_rec(1, side, uplo, ta, diag, alpha, AS, S, pack);
    else
        la__tri_rec(0, side, uplo, ta, diag, alpha, AT, T, pack);
    if (left)
        la__gemm_core(ta, LA_NOTRANS, coef, O, S, keep, T, LA__ALL, pack);
    else
        la__gemm_core(LA_NOTRANS, ta, coef, S, O, keep, T, LA__ALL, pack);
    if (solve)
        la__tri_rec(1, side, uplo, ta, diag, 1, AT, T, pack);
    else
        la__tri_rec(0, side, uplo, ta, diag, alpha, AS, S, pack);
}

/* Runs la__tri_rec with the packing buffers of its gemms from ws or one
 * LA_MALLOC block (none for a triangle the base case handles). */
LA__PRIV void la__tri_scratch(int solve, la_side side, la_uplo uplo, la_trans ta, la_diag diag,
                              la_real alpha, la_mat A, la_mat B, la_arena *ws) {
    la__scratch sc;
    if (A.rows <= LA__TRI_BASE ||
        la__scratch_begin(&sc, ws, la__gemm_pack_bytes(B.rows, B.cols, A.rows)) != LA_OK) {
        la__tri_rec(solve, side, uplo, ta, diag, alpha, A, B, NULL);
        return;
    }
    la__tri_rec(solve, side, uplo, ta, diag, alpha, A, B, sc.arena);
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
    /* BLAS implementations that multiply by the reciprocal of each pivot
     * (OpenBLAS does) lose a subnormal or huge one: those solves stay
     * with the built-in kernels, which divide there */
    if (solve && diag != LA_UNIT && !la__pivots_invertible(A)) {
        la__tri_scratch(solve, side, uplo, ta, diag, alpha, A, B, ws);
        return LA_OK;
    }
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
    la__tri_scratch(solve, side, uplo, ta, diag, alpha, A, B, ws);
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
#define LA__LDLT_NB 32

/* LA_OK if A is a well-formed square view; LA_ERR_ARG or LA_ERR_DIM. */
LA__PRIV la_status la__sym_check(la_mat A) {
    if (la_mat_check(A)) return LA_ERR_ARG;
    return A.rows == A.cols ? LA_OK : LA_ERR_DIM;
}

/* 1 if the lower triangle of the square A (diagonal included) is finite. */
LA__PRIV int la__sym_lower_isfinite(la_mat A) {
    la_int i;
    for (i = 0; i < A.rows; ++i)
        if (!la_vec_isfinite(i + 1, &LA_AT(A, i, 0))) return 0;
    return 1;
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

/* Cholesky of a small block in place, column by column with dot products
 * of rows (Cholesky-Crout, left-looking), four rows at a time: the
 * entries of a column depend only on earlier columns, so four sums run
 * side by side over one read of the pivot row. The row-by-row order
 * (Cholesky-Banachiewicz) chains each entry on the one before it through a
 * division, and took 2.8x the time at n = 32. */
LA__PRIV la_status la__chol_unblocked(la_mat A) {
    const la_int n = A.rows;
    la_int i, j, k;
    for (j = 0; j < n; ++j) {
        la_real *aj = &LA_AT(A, j, 0), d = aj[j] - la_dot(j, aj, 1, aj, 1), r;
        if (!(d > 0)) return LA_ERR_NOT_SPD;
        aj[j] = LA_SQRT(d);
        r = 1 / aj[j];
        for (i = j + 1; i + 4 <= n; i += 4) {
            la_real *a0 = &LA_AT(A, i, 0), *a1 = &LA_AT(A, i + 1, 0), *a2 = &LA_AT(A, i + 2, 0),
                    *a3 = &LA_AT(A, i + 3, 0), s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (k = 0; k < j; ++k) {
                const la_real x = aj[k];
                s0 = LA_FMA(a0[k], x, s0);
                s1 = LA_FMA(a1[k], x, s1);
                s2 = LA_FMA(a2[k], x, s2);
                s3 = LA_FMA(a3[k], x, s3);
            }
            a0[j] = (a0[j] - s0) * r;
            a1[j] = (a1[j] - s1) * r;
            a2[j] = (a2[j] - s2) * r;
            a3[j] = (a3[j] - s3) * r;
        }
        for (; i < n; ++i) {
            la_real *ai = &LA_AT(A, i, 0);
            ai[j] = (ai[j] - la_dot(j, ai, 1, aj, 1)) * r;
        }
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

/* L <- L^{-1} in place for the lower triangular L (nonzero diagonal),
 * recursively: inv([L11 0; L21 L22]) = [L11^{-1} 0; -L22^{-1} L21 L11^{-1},
 * L22^{-1}], the coupling block by two triangular solves with the blocks
 * as given (la_trsm, whose flops run in gemm), then both triangles
 * inverted in turn; triangles of order <= LA__TRI_BASE row by row with
 * trmv (row i of the inverse is -(1/l_ii) l_i^T W, W the inverse so far).
 * n^3/3 flops. Packing buffers from ws (NULL: la_trsm's own). */
LA__PRIV void la__tri_lower_invert(la_mat L, la_arena *ws) {
    la_int n = L.rows, n1, i;
    if (n <= LA__TRI_BASE) {
        for (i = 0; i < n; ++i) {
            la_real *ri = &LA_AT(L, i, 0);
            la_trmv(LA_LOWER, LA_TRANS, LA_NONUNIT, la_mat_block(L, 0, 0, i, i), ri);
            ri[i] = 1 / ri[i];
            la_scal(i, -ri[i], ri, 1);
        }
        return;
    }
    n1 = la__tri_split(n);
    {
        la_mat L11 = la_mat_block(L, 0, 0, n1, n1), L22 = la_mat_block(L, n1, n1, n - n1, n - n1);
        la_mat L21 = la_mat_block(L, n1, 0, n - n1, n1);
        la_trsm_ws(LA_RIGHT, LA_LOWER, LA_NOTRANS, LA_NONUNIT, -1, L11, L21, ws);
        la_trsm_ws(LA_LEFT, LA_LOWER, LA_NOTRANS, LA_NONUNIT, 1, L22, L21, ws);
        la__tri_lower_invert(L11, ws);
        la__tri_lower_invert(L22, ws);
    }
}

/* Lower triangle of W^T W in place over the lower triangular W (LAPACK's
 * dlauum), recursively: for W = [W11 0; W21 W22], W^T W has the blocks
 * W11^T W11 + W21^T W21, W22^T W21 and W22^T W22, formed in that order
 * (each step reads only what the previous ones left unchanged) by the
 * recursion, la_syrk and la_trmm; triangles of order <= LA__TRI_BASE row
 * by row (a scaled row plus axpys of the rows below it). n^3/3 flops.
 * Packing buffers from ws. */
LA__PRIV void la__tri_lower_gram(la_mat W, la_arena *ws) {
    la_int n = W.rows, n1, i, p;
    if (n <= LA__TRI_BASE) {
        for (i = 0; i < n; ++i) {
            la_real *ri = &LA_AT(W, i, 0);
            la_scal(i + 1, ri[i], ri, 1);
            for (p = i + 1; p < n; ++p) la_axpy(i + 1, LA_AT(W, p, i), &LA_AT(W, p, 0), 1, ri, 1);
        }
        return;
    }
    n1 = la__tri_split(n);
    {
        la_mat W11 = la_mat_block(W, 0, 0, n1, n1), W22 = la_mat_block(W, n1, n1, n - n1, n - n1);
        la_mat W21 = la_mat_block(W, n1, 0, n - n1, n1);
        la__tri_lower_gram(W11, ws);
        la_syrk_ws(LA_LOWER, LA_TRANS, 1, W21, 1, W11, ws);
        la_trmm_ws(LA_LEFT, LA_LOWER, LA_TRANS, LA_NONUNIT, 1, W22, W21, ws);
        la__tri_lower_gram(W22, ws);
    }
}

LA_API la_status la_chol_inverse(la_mat L) {
    la_status st = la__sym_check(L);
    la_int n = L.rows;
    if (st != LA_OK || n == 0) return st;
    if ((st = la__chol_diag_positive(L, LA_ERR_SINGULAR)) != LA_OK) return st;
#ifdef LA_USE_LAPACKE
    if (LA__LAPACKE(potri_work)(LAPACK_COL_MAJOR, 'U', (lapack_int)n, L.data, (lapack_int)L.ld) != 0)
        return LA_ERR_SINGULAR;
#else
    {
        /* one block of packing buffers for every product (none when
         * memory is short: the kernels then fall back on their own) */
        la__scratch sc;
        (void)la__scratch_begin(&sc, NULL, la__gemm_pack_bytes(n, n, n));
        la__tri_lower_invert(L, sc.arena);
        la__tri_lower_gram(L, sc.arena);
        la__scratch_end(&sc);
    }
#endif
    la__mirror(L, 0);
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
        la_real lkk = LA_AT(L, k, k), r = la__hypot(lkk, x[k]), c = lkk / r, s = x[k] / r;
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
        la_real r = la__hypot(alpha, x[i]), c = alpha / r, s = x[i] / r;
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
        rad = la__hypot((a - c) / 2, b);
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

#ifdef LA_USE_LAPACKE
/* LAPACK's pivot arrays can be used in place of la_int arrays only when the
 * two integer types have the same size; otherwise the built-in code runs. */
#define LA__LAPACK_INT_IS_LA_INT (sizeof(lapack_int) == sizeof(la_int))
/* Optimal lwork from a LAPACK workspace query (work[0]). */
LA__PRIV size_t la__lapack_lwork(la_real w) { return w > 1 ? (size_t)w : 1; }
/* The work array a LAPACK query asked for (q = its work[0]), from the
 * call's scratch; NULL when it does not fit. */
LA__PRIV la_real *la__lapack_work(la__scratch *sc, la_real q, lapack_int *lwork) {
    *lwork = (lapack_int)la__lapack_lwork(q);
    return (la_real *)la__scratch_alloc(sc, (size_t)*lwork * sizeof(la_real));
}
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

/* Transpose the square matrix A in place, by 32 x 32 tiles. Returns 1 when
 * every element is finite (tested on the way, which saves a pass over A
 * where that matters), 0 otherwise. */
LA__PRIV int la__transpose_square(la_mat A) {
    const la_int bs = 32;
    la_int n = A.rows, ib, jb, i, j;
    int finite = 1;
    for (i = 0; i < n; ++i) finite &= LA__ISFINITE(LA_AT(A, i, i));
    for (ib = 0; ib < n; ib += bs)
        for (jb = ib; jb < n; jb += bs)
            for (i = ib; i < LA__MIN(ib + bs, n); ++i)
                for (j = (ib == jb ? i + 1 : jb); j < LA__MIN(jb + bs, n); ++j) {
                    la_real t = LA_AT(A, i, j), u = LA_AT(A, j, i);
                    finite &= LA__ISFINITE(t) & LA__ISFINITE(u);
                    LA_AT(A, i, j) = u;
                    LA_AT(A, j, i) = t;
                }
    return finite;
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
#if defined(LA_USE_LAPACKE) && !defined(LA_USE_CBLAS)
    if (A.rows == A.cols && LA__LAPACK_INT_IS_LA_INT) {
        /* Row-major A is column-major A^T: transpose the storage so that
         * dgetrf sees A (testing for NaN/Inf on the way), then transpose its
         * factors back. */
        lapack_int linfo, i;
        if (!la__transpose_square(A)) {
            la__transpose_square(A);
            return LA_ERR_NONFINITE;
        }
        linfo = LA__LAPACKE(getrf_work)(LAPACK_COL_MAJOR, A.rows, A.cols, A.data, A.ld,
                                        (lapack_int *)piv);
        la__transpose_square(A);
        for (i = 0; i < A.rows; ++i) piv[i] -= 1;
        if (linfo < 0) return LA_ERR_ARG;
        return linfo > 0 ? LA_ERR_SINGULAR : LA_OK;
    }
#endif
    if (!la_mat_isfinite(A)) return LA_ERR_NONFINITE;
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
        lapack_int info, lwork = 0, *ipiv = (lapack_int *)la__scratch_alloc(&sc, (size_t)n * sizeof(lapack_int));
        if (ipiv) {
            LA__LAPACKE(getri_work)(LAPACK_COL_MAJOR, n, A.data, A.ld, ipiv, &q, -1);
            work = la__lapack_work(&sc, q, &lwork);
        }
        if (!ipiv || !work) {
            st = LA_ERR_NOMEM;
            goto done;
        }
        info = LA__LAPACKE(getrf_work)(LAPACK_COL_MAJOR, n, n, A.data, A.ld, ipiv);
        if (info == 0)
            info = LA__LAPACKE(getri_work)(LAPACK_COL_MAJOR, n, A.data, A.ld, ipiv, work, lwork);
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

/* C <- (I - tau v v^T) C for C with r rows, v = [v0; v_1 .. v_{r-1}] where
 * v_i = v[i * incv] (v[0] is not read). w: C.cols scratch. w = C^T v
 * takes four rows of C per pass and every row goes to the unit-stride
 * kernels directly: in a QR panel the rows are at most 31 long, and one
 * la_axpy call per row (its checks, or a CBLAS call) cost more than the
 * arithmetic (la_qr at n = 1000 took 1.5x the time). */
LA__PRIV void la__reflect_left_v0(la_real tau, la_real v0, const la_real *v, la_int incv, la_mat C,
                                  la_real *w) {
    la_int r = C.rows, n = C.cols, i, j;
    if (tau == 0 || r == 0 || n == 0) return;
    if (v0 == 1)
        memcpy(w, &LA_AT(C, 0, 0), (size_t)n * sizeof(la_real));
    else
        for (j = 0; j < n; ++j) w[j] = v0 * LA_AT(C, 0, j);
    for (i = 1; i + 4 <= r; i += 4) {
        la_real a[4];
        a[0] = v[(size_t)i * (size_t)incv];
        a[1] = v[(size_t)(i + 1) * (size_t)incv];
        a[2] = v[(size_t)(i + 2) * (size_t)incv];
        a[3] = v[(size_t)(i + 3) * (size_t)incv];
        la__axpy4_unit(n, a, &LA_AT(C, i, 0), &LA_AT(C, i + 1, 0), &LA_AT(C, i + 2, 0),
                       &LA_AT(C, i + 3, 0), w);
    }
    for (; i < r; ++i) la__axpy_unit(n, v[(size_t)i * (size_t)incv], &LA_AT(C, i, 0), w);
    la__axpy_unit(n, -tau * v0, w, &LA_AT(C, 0, 0));
    for (i = 1; i < r; ++i) la__axpy_unit(n, -tau * v[(size_t)i * (size_t)incv], w, &LA_AT(C, i, 0));
}

/* la__reflect_left_v0 with v0 = 1 (LAPACK's dlarf on a reflector of
 * la__householder). */
LA__PRIV void la__reflect_left(la_real tau, const la_real *v, la_int incv, la_mat C, la_real *w) {
    la__reflect_left_v0(tau, 1, v, incv, C, w);
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

/* Columns of a QR panel below which la__qr_panel factors unblocked. */
#define LA__QR_PANEL_BASE 8

/* Householder QR of a panel A (m x n, n <= LA__QR_NB) in place, tau as
 * la_qr's, recursively (Elmroth and Gustavson 2000): the left half, its
 * block reflector applied to the right half by la__wy_apply (gemm), then
 * the right half below the left's rows; halves of at most
 * LA__QR_PANEL_BASE columns, or fewer rows than columns, by
 * la__qr_unblocked, whose row-by-row updates of short rows are the slow
 * part of a panel. T (n x n), tmp (n) and W (n x n reals) are scratch;
 * ws: the kernels' packing buffers. */
LA__PRIV void la__qr_panel(la_mat A, la_real *tau, la_real *T, la_real *tmp, la_real *W,
                           la_arena *ws) {
    la_int m = A.rows, n = A.cols, n1 = n / 2;
    la_mat V, Tm;
    if (n <= LA__QR_PANEL_BASE || m < n) {
        la__qr_unblocked(A, tau, W);
        return;
    }
    V = la_mat_block(A, 0, 0, m, n1);
    la__qr_panel(V, tau, T, tmp, W, ws);
    Tm = la_mat_of(n1, n1, T);
    la__wy_factor(V, tau, Tm, tmp, ws);
    la__wy_apply(LA_LEFT, LA_TRANS, V, Tm, la_mat_block(A, 0, n1, m, n - n1), W, ws);
    la__qr_panel(la_mat_block(A, n1, n1, m - n1, n - n1), tau + n1, T, tmp, W, ws);
}

/* The buffers of the built-in blocked QR routines: T (nb x nb), tmp (nb)
 * and W (nb x c), taken from the call's scratch (sized by la__wy_ws). */
typedef struct {
    la_real *T, *tmp, *W;
} la__wy_bufs;

/* Block size for k reflectors: LA__QR_NB, or k when there are fewer (so
 * small problems need small workspace). */
LA__PRIV la_int la__wy_nb(la_int k) { return LA__MAX(1, LA__MIN(LA__QR_NB, k)); }

LA__PRIV la_status la__wy_bufs_alloc(la__scratch *sc, la_int c, la_int k, la__wy_bufs *b) {
    size_t nb = (size_t)la__wy_nb(k);
    b->T = (la_real *)la__scratch_alloc(sc, nb * nb * sizeof(la_real));
    b->tmp = (la_real *)la__scratch_alloc(sc, nb * sizeof(la_real));
    b->W = (la_real *)la__scratch_alloc(sc, nb * (size_t)LA__MAX(c, 1) * sizeof(la_real));
    return b->T && b->tmp && b->W ? LA_OK : LA_ERR_NOMEM;
}

/* Scratch of the built-in blocked QR routines applying blocks of k
 * reflectors of length m to c columns (LEFT) or rows (RIGHT): T (nb x nb),
 * nb reals for la__wy_factor, W (nb x c), then the packing buffers of the
 * largest kernel call; nb = la__wy_nb(k). */
LA__PRIV size_t la__wy_ws(la_side side, la_int m, la_int c, la_int k) {
    la_int nb = la__wy_nb(k);
    size_t g = side == LA_LEFT ? LA__MAX(la_gemm_ws_bytes(nb, c, m), la_gemm_ws_bytes(m, c, nb))
                               : LA__MAX(la_gemm_ws_bytes(c, nb, m), la_gemm_ws_bytes(c, m, nb));
    return la_ws_reals((size_t)nb * (size_t)nb) + la_ws_reals((size_t)nb) +
           la_ws_reals((size_t)nb * (size_t)LA__MAX(c, 1)) + g;
}

LA_API size_t la_qr_ws_bytes(la_int m, la_int n) {
    size_t b;
    if (m <= 0 || n <= 0) return 0;
    b = la__wy_ws(LA_LEFT, m, n, LA__MIN(m, n));
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
        lapack_int info, lwork;
        LA__LAPACKE(gelqf_work)(LAPACK_COL_MAJOR, n, m, A.data, A.ld, tau, &q, -1);
        if (!(work = la__lapack_work(&sc, q, &lwork))) {
            st = LA_ERR_NOMEM;
            goto done;
        }
        info = LA__LAPACKE(gelqf_work)(LAPACK_COL_MAJOR, n, m, A.data, A.ld, tau, work, lwork);
        if (info != 0) st = LA_ERR_ARG;
    }
#else
    {
        la__wy_bufs b;
        la_int j, jb;
        if ((st = la__wy_bufs_alloc(&sc, n, k, &b)) != LA_OK) goto done;
        for (j = 0; j < k; j += LA__QR_NB) {
            jb = LA__MIN(LA__QR_NB, k - j);
            if (n - j <= LA__QR_NB) jb = n - j; /* last panel takes the rest */
            la__qr_panel(la_mat_block(A, j, j, m - j, jb), tau + j, b.T, b.tmp, b.W, sc.arena);
            if (j + jb < n) {
                la_mat V = la_mat_block(A, j, j, m - j, jb), Tm = la_mat_of(jb, jb, b.T);
                la__wy_factor(V, tau + j, Tm, b.tmp, sc.arena);
                la__wy_apply(LA_LEFT, LA_TRANS, V, Tm, la_mat_block(A, j, j + jb, m - j, n - j - jb), b.W,
                             sc.arena);
            }
        }
    }
#endif
done:
    la__scratch_end(&sc);
    return st;
}

/* Apply the first k reflectors of the QR storage (m rows) to C, in blocks,
 * the order fixed by side and trans (la_qr_apply's meaning). */
LA__PRIV void la__qr_apply_blocks(la_side side, la_trans t, la_mat QR, const la_real *tau,
                                  la_int k, la_mat C, const la__wy_bufs *b, la_arena *ws) {
    la_int m = QR.rows, nblk = (k + LA__QR_NB - 1) / LA__QR_NB, blk;
    int forward = (side == LA_LEFT) == (t == LA_TRANS);
    for (blk = 0; blk < nblk; ++blk) {
        la_int j = (forward ? blk : nblk - 1 - blk) * LA__QR_NB, jb = LA__MIN(LA__QR_NB, k - j);
        la_mat V = la_mat_block(QR, j, j, m - j, jb), Tm = la_mat_of(jb, jb, b->T);
        la__wy_factor(V, tau + j, Tm, b->tmp, ws);
        if (side == LA_LEFT)
            la__wy_apply(side, t, V, Tm, la_mat_block(C, j, 0, m - j, C.cols), b->W, ws);
        else
            la__wy_apply(side, t, V, Tm, la_mat_block(C, 0, j, C.rows, m - j), b->W, ws);
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
    b = la__wy_ws(side, m, side == LA_LEFT ? ccols : crows, k);
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
        lapack_int info, lwork;
        LA__LAPACKE(ormlq_work)(LAPACK_COL_MAJOR, LA__LQ_SIDE(side), LA__LQ_TRANS(t), C.cols,
                                C.rows, k, QR.data, QR.ld, tau, C.data, C.ld, &q, -1);
        if (!(work = la__lapack_work(&sc, q, &lwork))) {
            st = LA_ERR_NOMEM;
            goto done;
        }
        info = LA__LAPACKE(ormlq_work)(LAPACK_COL_MAJOR, LA__LQ_SIDE(side), LA__LQ_TRANS(t),
                                       C.cols, C.rows, k, QR.data, QR.ld, tau, C.data, C.ld, work,
                                       lwork);
        if (info != 0) st = LA_ERR_ARG;
    }
#else
    {
        la__wy_bufs b;
        if ((st = la__wy_bufs_alloc(&sc, side == LA_LEFT ? C.cols : C.rows, k, &b)) != LA_OK) goto done;
        la__qr_apply_blocks(side, t, QR, tau, k, C, &b, sc.arena);
    }
#endif
done:
    la__scratch_end(&sc);
    return st;
}

LA_API size_t la_qr_form_q_ws_bytes(la_int m, la_int q, la_int k) {
    size_t b;
    if (m <= 0 || q <= 0) return 0;
    /* and a copy of a block's reflectors (m x nb) with the product T V1^T
     * (nb x nb) for its own columns */
    b = la__wy_ws(LA_LEFT, m, q, k) + la_ws_reals((size_t)m * (size_t)la__wy_nb(k)) +
        la_ws_reals((size_t)la__wy_nb(k) * (size_t)la__wy_nb(k));
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
        lapack_int info, lwork;
        LA__LAPACKE(orglq_work)(LAPACK_COL_MAJOR, q, m, k, Q.data, Q.ld, tau, &w, -1);
        if (!(work = la__lapack_work(&sc, w, &lwork))) {
            st = LA_ERR_NOMEM;
            goto done;
        }
        info = LA__LAPACKE(orglq_work)(LAPACK_COL_MAJOR, q, m, k, Q.data, Q.ld, tau, work, lwork);
        if (info != 0) st = LA_ERR_ARG;
        (void)c;
    }
#else
    {
        la__wy_bufs b;
        la_int j, jb;
        const la_int nb = la__wy_nb(k);
        la_real *vc, *sv;
        if ((st = la__wy_bufs_alloc(&sc, q, k, &b)) != LA_OK) goto done;
        vc = (la_real *)la__scratch_alloc(&sc, (size_t)m * (size_t)nb * sizeof(la_real));
        sv = (la_real *)la__scratch_alloc(&sc, (size_t)nb * (size_t)nb * sizeof(la_real));
        if (!vc || !sv) {
            st = LA_ERR_NOMEM;
            goto done;
        }
        /* Columns k .. q-1 start as those of the identity. */
        for (i = 0; i < m; ++i)
            for (c = k; c < q; ++c) LA_AT(Q, i, c) = i == c ? 1 : 0;
        /* Blocks from the last: apply the block I - V T V^T to the columns
         * on its right (already formed), then form its own columns as its
         * image of [I; 0]: [I; 0] - V (T V1^T), V1 the top jb x jb of V
         * (unit lower), from a copy of V (one product instead of LAPACK's
         * dorg2r, whose column operations are strided in row-major
         * storage); rows above the block are zero in those columns. */
        for (j = ((k - 1) / LA__QR_NB) * LA__QR_NB; j >= 0 && k > 0; j -= LA__QR_NB) {
            la_mat V, Vc, S, Tm;
            jb = LA__MIN(LA__QR_NB, k - j);
            V = la_mat_block(Q, j, j, m - j, jb);
            Tm = la_mat_of(jb, jb, b.T);
            Vc = la_mat_of(m - j, jb, vc);
            S = la_mat_of(jb, jb, sv);
            la__wy_factor(V, tau + j, Tm, b.tmp, sc.arena);
            if (j + jb < q)
                la__wy_apply(LA_LEFT, LA_NOTRANS, V, Tm, la_mat_block(Q, j, j + jb, m - j, q - j - jb),
                             b.W, sc.arena);
            for (i = 0; i < m - j; ++i)
                for (c = 0; c < jb; ++c) LA_AT(Vc, i, c) = i > c ? LA_AT(V, i, c) : i == c ? 1 : 0;
            for (i = 0; i < jb; ++i)
                for (c = 0; c < jb; ++c) LA_AT(S, i, c) = c >= i ? LA_AT(Tm, i, c) : 0;
            la_trmm_ws(LA_RIGHT, LA_LOWER, LA_TRANS, LA_UNIT, 1, la_mat_block(Vc, 0, 0, jb, jb), S,
                       sc.arena);
            la_gemm_ws(LA_NOTRANS, LA_NOTRANS, -1, Vc, S, 0, V, sc.arena);
            for (i = 0; i < jb; ++i) LA_AT(V, i, i) += 1;
            for (i = 0; i < j; ++i)
                for (c = 0; c < jb; ++c) LA_AT(Q, i, j + c) = 0;
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

/* Rows per block of la_qr_r for n columns (b included): about 4096 reals,
 * so that the block stays in cache, between 64 and 1024 rows (fewer, larger
 * blocks amortize the per-reflector overhead). */
LA__PRIV la_int la__qr_r_rows(la_int c) {
    la_int rows = 4096 / (c > 0 ? c : 1);
    return rows < 64 ? 64 : rows > 1024 ? 1024 : rows;
}

/* [T; W] = Q [T'; 0]: merges the nb x c block W (by columns, column j at
 * W + j ldw) into the c x c upper triangle T (row-major) by c Householder
 * reflectors, reflector j acting on row j of T and all of W (the
 * triangular-pentagonal structure of LAPACK's dtpqrt with a full block);
 * W is overwritten by the reflectors' vectors. As la__householder, with
 * the built-in unit-stride kernels under every backend (short vectors in
 * cache: a library call per column would cost more than the arithmetic). */
LA__PRIV void la__qr_r_merge(la_int c, la_real *T, la_int nb, la_real *W, la_int ldw) {
    const la_real safmin = LA_REAL_MIN / LA_EPS;
    la_int j, k;
    for (j = 0; j < c; ++j) {
        la_real *wj = W + (size_t)j * (size_t)ldw, *tjj = &T[(size_t)j * (size_t)c + (size_t)j];
        la_real xnorm = la__nrm2_unit(nb, wj), alpha = *tjj, beta, tau;
        if (xnorm == 0) continue; /* H = I */
        beta = la__hypot(alpha, xnorm);
        if (alpha >= 0) beta = -beta;
        if (LA_FABS(beta) < safmin) { /* rescaling needed */
            la__householder(nb + 1, tjj, wj, 1, &tau);
        } else {
            tau = (beta - alpha) / beta;
            la__scal_unit(nb, 1 / (alpha - beta), wj);
            *tjj = beta;
        }
        for (k = j + 1; k < c; ++k) {
            la_real *wk = W + (size_t)k * (size_t)ldw, *tjk = &T[(size_t)j * (size_t)c + (size_t)k];
            la_real s = tau * (*tjk + la__dot_unit(nb, wj, wk));
            *tjk -= s;
            la__axpy_unit(nb, -s, wj, wk);
        }
    }
}

LA_API size_t la_qr_r_ws_bytes(la_int n) {
    la_int c = (n > 0 ? n : 0) + 1;
    return la_ws_reals((size_t)la__qr_r_rows(c) * (size_t)c) + la_ws_reals((size_t)c * (size_t)c) +
           LA_ARENA_ALIGN;
}

LA_API la_status la_qr_r(la_mat A, const la_real *b, la_mat R, la_real *qtb, la_real *rnorm,
                         la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int m = A.rows, n = A.cols, c, i0, i, j, rows;
    la_real *W, *T;
    if (la_mat_check(A) || la_mat_check(R) || R.rows != n || R.cols != n) return LA_ERR_ARG;
    if ((qtb || rnorm) && !b) return LA_ERR_ARG;
    c = n + (b ? 1 : 0);
    if (c == 0) return LA_OK;
    if ((st = la__scratch_begin(&sc, ws, la_qr_r_ws_bytes(n) - LA_ARENA_ALIGN)) != LA_OK) return st;
    rows = la__qr_r_rows(n + 1); /* as la_qr_r_ws_bytes, b or not */
    W = (la_real *)la__scratch_alloc(&sc, (size_t)rows * (size_t)c * sizeof(la_real));
    T = (la_real *)la__scratch_alloc(&sc, (size_t)c * (size_t)c * sizeof(la_real));
    for (i = 0; i < c * c; ++i) T[i] = 0;
    for (i0 = 0; i0 < m; i0 += rows) {
        la_int nb = LA__MIN(rows, m - i0);
        for (i = 0; i < nb; ++i) {
            const la_real *a = &LA_AT(A, i0 + i, 0);
            for (j = 0; j < n; ++j) W[(size_t)j * (size_t)rows + (size_t)i] = a[j];
        }
        if (b)
            for (i = 0; i < nb; ++i) W[(size_t)n * (size_t)rows + (size_t)i] = b[i0 + i];
        la__qr_r_merge(c, T, nb, W, rows);
    }
    /* a NaN or Inf in A or b reaches the norm of its column, and so T */
    for (i = 0; i < c; ++i)
        if (!la_vec_isfinite(c - i, T + (size_t)i * (size_t)c + (size_t)i)) st = LA_ERR_NONFINITE;
    if (st != LA_OK) goto done;
    for (i = 0; i < n; ++i) {
        for (j = 0; j < n; ++j) LA_AT(R, i, j) = j >= i ? T[(size_t)i * (size_t)c + (size_t)j] : 0;
        if (qtb) qtb[i] = T[(size_t)i * (size_t)c + (size_t)n];
    }
    if (rnorm) *rnorm = LA_FABS(T[(size_t)c * (size_t)c - 1]);
done:
    la__scratch_end(&sc);
    return st;
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

/* Private helpers shared by sections 10-12: Householder reflectors (on
 * section 8's la__householder) and plane rotations. */

/* |a| with the sign of b. */
LA__PRIV la_real la__sign(la_real a, la_real b) { return b >= 0 ? LA_FABS(a) : -LA_FABS(a); }

/* Elementary reflector H = I - tau v v^T with v = (1, x) such that
 * H (alpha, x)^T = (beta, 0)^T (LAPACK's dlarfg convention; the vector has n
 * entries, x has n - 1 with stride incx). On return *alpha = beta and x
 * holds v(1:); returns tau (0 when x is already zero: H = I). Tiny vectors
 * are rescaled so v stays finite. */
LA__PRIV la_real la__house_gen(la_int n, la_real *alpha, la_real *x, la_int incx) {
    la_real tau;
    la__householder(n, alpha, x, incx, &tau);
    return tau;
}

/* Plane rotation: c, s, r with [c s; -s c] (f, g)^T = (r, 0)^T, c >= 0 when
 * f != 0 (r carries the sign of f). */
LA__PRIV void la__givens(la_real f, la_real g, la_real *c, la_real *s, la_real *r) {
    /* within [rtmin, rtmax] the squares neither overflow nor underflow
     * (the fast path of Anderson's 2017 dlartg) */
    const la_real rtmin = LA_SQRT(LA_REAL_MIN), rtmax = LA_SQRT(LA_REAL_MAX / 4);
    la_real af = LA_FABS(f), ag = LA_FABS(g);
    if (af > rtmin && af < rtmax && ag > rtmin && ag < rtmax) {
        la_real h = LA_SQRT(f * f + g * g);
        *c = af / h;
        *r = f >= 0 ? h : -h;
        *s = g / *r;
        return;
    }
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

/* C <- (I - tau v v^T) C (side LEFT, v has C.rows entries:
 * la__reflect_left_v0) or C (I - tau v v^T) (side RIGHT, v has C.cols
 * entries), row by row; work holds C.cols entries (LEFT only). */
LA__PRIV void la__house_apply(la_side side, const la_real *v, la_real tau, la_mat C,
                              la_real *work) {
    la_int i;
    if (tau == 0 || C.rows == 0 || C.cols == 0) return;
    if (side == LA_LEFT) {
        la__reflect_left_v0(tau, v[0], v, 1, C, work);
    } else {
        for (i = 0; i < C.rows; ++i) {
            la_real *c = &LA_AT(C, i, 0);
            la_axpy(C.cols, -tau * la_dot(C.cols, c, 1, v, 1), v, 1, c, 1);
        }
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
 * Unsorted. e is destroyed. Returns LA_ERR_NO_CONVERGENCE after
 * LA__TRIDIAG_QL_ITERS (30, as tql2) iterations on one eigenvalue or that
 * many times n in all. */
#ifndef LA__TRIDIAG_QL_ITERS
#define LA__TRIDIAG_QL_ITERS 30 /* a test lowers it to reach the limit */
#endif
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
            if (++iter > LA__TRIDIAG_QL_ITERS || ++total > LA__TRIDIAG_QL_ITERS * n)
                return LA_ERR_NO_CONVERGENCE;
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
 * first (as LAPACK's dstedc does). On LA_ERR_NO_CONVERGENCE d is left
 * unsorted and idx undefined. */
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
    if (st != LA_OK) return st; /* idx is not set past a failed leaf */
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

/* Number of eigenvalues of the tridiagonal (ds d, e2) smaller than x: the
 * negative pivots of the LDL^T factorization of T - x I (Sylvester's law
 * of inertia; the Sturm count), with tiny pivots replaced by -pivmin as in
 * LAPACK's dstebz. ds scales the diagonal (e2 holds the squares of the
 * scaled off-diagonal). */
LA__PRIV la_int la__tridiag_sturm_count(la_int n, const la_real *d, la_real ds, const la_real *e2,
                                        la_real x, la_real pivmin) {
    la_int i, cnt = 0;
    la_real q = ds * d[0] - x;
    if (LA_FABS(q) <= pivmin) q = -pivmin;
    if (q <= 0) ++cnt;
    for (i = 1; i < n; ++i) {
        q = ds * d[i] - x - e2[i - 1] / q;
        if (LA_FABS(q) <= pivmin) q = -pivmin;
        if (q <= 0) ++cnt;
    }
    return cnt;
}

/* Eigenvalues il..iu (0-based, ascending) of the tridiagonal (d, e) into w
 * by bisection of the Sturm count (Barth, Martin and Wilkinson 1967;
 * Kahan's pivmin safeguard), to an absolute accuracy of a few ulps of
 * ||T||. T is scaled by the power of two nearest below max |T_ij| (exact),
 * so that the squares of its off-diagonal neither overflow nor underflow
 * whatever its scale (a Lanczos tridiagonal of a matrix with norm 1e156
 * would give e^2 = Inf). e2: n reals of scratch. A T with Inf or NaN
 * gives NaN values. */
LA__PRIV void la__tridiag_bisect(la_int n, const la_real *d, const la_real *e, la_int il,
                                 la_int iu, la_real *w, la_real *e2) {
    la_int i, k;
    la_real gl, gu, tnorm, pivmin = 1, lo0, smax = 0, sc, is;
    for (i = 0; i < n; ++i) smax = LA__MAX(smax, LA_FABS(d[i]));
    for (i = 0; i + 1 < n; ++i) smax = LA__MAX(smax, LA_FABS(e[i]));
    if (!(smax <= LA_REAL_MAX)) {
        for (k = il; k <= iu; ++k) w[k - il] = smax - smax;
        return;
    }
    if (smax == 0) { /* the zero matrix */
        for (k = il; k <= iu; ++k) w[k - il] = 0;
        return;
    }
    sc = la__pow2_below(smax);
    is = 1 / sc;
    for (i = 0; i + 1 < n; ++i) {
        e2[i] = (is * e[i]) * (is * e[i]);
        pivmin = LA__MAX(pivmin, e2[i]);
    }
    pivmin *= LA_REAL_MIN;
    gl = is * d[0];
    gu = is * d[0];
    for (i = 0; i < n; ++i) {
        la_real r = is * ((i > 0 ? LA_FABS(e[i - 1]) : 0) + (i + 1 < n ? LA_FABS(e[i]) : 0));
        gl = LA__MIN(gl, is * d[i] - r);
        gu = LA__MAX(gu, is * d[i] + r);
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
            if (la__tridiag_sturm_count(n, d, is, e2, mid, pivmin) > k)
                hi = mid;
            else
                lo = mid;
        }
        w[k - il] = sc * (lo + (hi - lo) / 2);
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

/* One rotation of a sequence over w entries, with the row it shares with
 * the next rotation carried in u: out <- c u + s v and u <- c v - s u, v
 * read from `in`; in blocks of LA__VBLOCK. */
LA__PRIV void la__rot_carry(la_int w, la_real c, la_real s, la_real *LA__RESTRICT u,
                            la_real *LA__RESTRICT out, const la_real *LA__RESTRICT in) {
    la_int k = 0;
    int t;
    for (; k + LA__VBLOCK <= w; k += LA__VBLOCK)
        for (t = 0; t < LA__VBLOCK; ++t) {
            la_real a = u[k + t], b = in[k + t];
            out[k + t] = c * a + s * b;
            u[k + t] = c * b - s * a;
        }
    for (; k < w; ++k) {
        la_real a = u[k], b = in[k];
        out[k] = c * a + s * b;
        u[k] = c * b - s * a;
    }
}

/* Four consecutive rotations of a sequence over w entries, cs = (c_0..c_3,
 * s_0..s_3) in the order applied: rotation q on the carried row u and row
 * r_q (r_{q-1} <- c_q u + s_q r_q, u <- c_q r_q - s_q u, with r_{-1} the
 * row out and r_4 = in read only), each entry of u loaded and stored once
 * for all four: out, r_0, r_1, r_2 are the rows the rotations finish. */
LA__PRIV void la__rot_carry4(la_int w, const la_real *cs, la_real *LA__RESTRICT u,
                             la_real *LA__RESTRICT out, la_real *LA__RESTRICT r0,
                             la_real *LA__RESTRICT r1, la_real *LA__RESTRICT r2,
                             const la_real *LA__RESTRICT in) {
    const la_real c0 = cs[0], c1 = cs[1], c2 = cs[2], c3 = cs[3], s0 = cs[4], s1 = cs[5], s2 = cs[6],
                  s3 = cs[7];
    la_int k = 0;
    int t;
    for (; k + LA__VBLOCK <= w; k += LA__VBLOCK)
        for (t = 0; t < LA__VBLOCK; ++t) {
            la_real a = u[k + t], b = r0[k + t];
            out[k + t] = c0 * a + s0 * b;
            a = c0 * b - s0 * a;
            b = r1[k + t];
            r0[k + t] = c1 * a + s1 * b;
            a = c1 * b - s1 * a;
            b = r2[k + t];
            r1[k + t] = c2 * a + s2 * b;
            a = c2 * b - s2 * a;
            b = in[k + t];
            r2[k + t] = c3 * a + s3 * b;
            u[k + t] = c3 * b - s3 * a;
        }
    /* the last w mod LA__VBLOCK entries: the same arithmetic, rotation by
     * rotation (the entries are independent) */
    if (k < w) {
        la__rot_carry(w - k, c0, s0, u + k, out + k, r0 + k);
        la__rot_carry(w - k, c1, s1, u + k, r0 + k, r1 + k);
        la__rot_carry(w - k, c2, s2, u + k, r1 + k, r2 + k);
        la__rot_carry(w - k, c3, s3, u + k, r2 + k, in + k);
    }
}

/* Rotations (c[j], s[j]) on rows (j, j+1) of X, j = 0..cnt-1 in order
 * (forward) or reversed: LAPACK's dlasr with SIDE = 'L', PIVOT = 'V'. The
 * row shared by consecutive rotations is carried in a buffer over column
 * chunks, so each element is read and written once per sequence; the
 * rotations go four at a time (la__rot_carry4: the carried row is loaded
 * and stored once per four, where one rotation at a time chained each
 * entry through memory: la_svd at n = 100 to 600 in about 0.75x of the
 * time). */
#define LA__ROT_CHUNK 256
LA__PRIV void la__rot_rows(la_mat X, la_int row0, la_int cnt, const la_real *c, const la_real *s,
                           int forward) {
    la_real carry[LA__ROT_CHUNK], cs[8];
    la_int c0, j, q;
    if (!X.data || cnt <= 0) return;
    for (c0 = 0; c0 < X.cols; c0 += LA__ROT_CHUNK) {
        la_int w = LA__MIN(LA__ROT_CHUNK, X.cols - c0);
        if (forward) {
            /* carry = row j after rotations 0..j-1 */
            memcpy(carry, &LA_AT(X, row0, c0), (size_t)w * sizeof(la_real));
            for (j = 0; j + 4 <= cnt; j += 4) {
                for (q = 0; q < 4; ++q) {
                    cs[q] = c[j + q];
                    cs[4 + q] = s[j + q];
                }
                la__rot_carry4(w, cs, carry, &LA_AT(X, row0 + j, c0), &LA_AT(X, row0 + j + 1, c0),
                               &LA_AT(X, row0 + j + 2, c0), &LA_AT(X, row0 + j + 3, c0),
                               &LA_AT(X, row0 + j + 4, c0));
            }
            for (; j < cnt; ++j)
                la__rot_carry(w, c[j], s[j], carry, &LA_AT(X, row0 + j, c0), &LA_AT(X, row0 + j + 1, c0));
            memcpy(&LA_AT(X, row0 + cnt, c0), carry, (size_t)w * sizeof(la_real));
        } else {
            /* carry = row j+1 after rotations cnt-1..j+1; row j+1 <- c carry -
             * s (row j), carry <- c (row j) + s carry */
            memcpy(carry, &LA_AT(X, row0 + cnt, c0), (size_t)w * sizeof(la_real));
            for (j = cnt - 1; j >= 3; j -= 4) {
                for (q = 0; q < 4; ++q) {
                    cs[q] = c[j - q];
                    cs[4 + q] = -s[j - q];
                }
                la__rot_carry4(w, cs, carry, &LA_AT(X, row0 + j + 1, c0), &LA_AT(X, row0 + j, c0),
                               &LA_AT(X, row0 + j - 1, c0), &LA_AT(X, row0 + j - 2, c0),
                               &LA_AT(X, row0 + j - 3, c0));
            }
            for (; j >= 0; --j)
                la__rot_carry(w, c[j], -s[j], carry, &LA_AT(X, row0 + j + 1, c0), &LA_AT(X, row0 + j, c0));
            memcpy(&LA_AT(X, row0, c0), carry, (size_t)w * sizeof(la_real));
        }
    }
}

/* SVD of the n x n upper bidiagonal B = (d, e): B = Ub diag(s) Vbt. The
 * rows of Vt are rotated by Vbt (Vt <- Vbt Vt) and the rows of Ut by Ub^T
 * (Ut <- Ub^T Ut) -- either may have data NULL. On return d holds the
 * singular values, descending, nonnegative. Implicit QR with the shift from
 * the trailing 2 x 2 block, switched to the zero shift of Demmel and Kahan
 * (1990) when a shift would spoil the relative accuracy of the small
 * singular values; chases the bulge towards the smaller end; Demmel-Kahan
 * convergence criteria (LAPACK's dbdsqr). work: 4n reals. Returns
 * LA_ERR_NO_CONVERGENCE after LA__BIDIAG_QR_SWEEPS n^2 sweeps (6 n^2). */
#ifndef LA__BIDIAG_QR_SWEEPS
#define LA__BIDIAG_QR_SWEEPS 6 /* dbdsqr's maxitr; a test lowers it to reach the limit */
#endif
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
        maxit = LA__BIDIAG_QR_SWEEPS * n * n;
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
 * work: m + n reals. */
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

/* Ut (n x m) <- the first n columns of Q, transposed, for the left
 * reflectors of la__bidiagonalize (stored as la_qr stores its own): Q
 * formed in place over X by la_qr_form_q (blocked backward accumulation),
 * then transposed. X's reflectors (and the right ones above them) are
 * overwritten. ws: la_qr_form_q_ws_bytes(m, n, n). */
LA__PRIV la_status la__bidiag_form_qt(la_mat X, const la_real *tauq, la_mat Ut, la_arena *ws) {
    la_status st = la_qr_form_q(X, tauq, X, ws);
    if (st == LA_OK) la_mat_transpose(X, Ut);
    return st;
}

/* Vt (n x n) <- P^T = G_{n-2} ... G_0 for the right reflectors of
 * la__bidiagonalize (row j of X from column j + 1, taup[j]): their
 * transposes are the columns of a QR storage Y of order n - 1 (Y(i, j) =
 * X(j, i + 1), i > j), whose Q (la_qr_form_q, in place) is P without
 * its first row and column. ws: la__bidiag_form_pt_bytes(n). */
LA__PRIV la_status la__bidiag_form_pt(la_mat X, const la_real *taup, la_mat Vt, la_arena *ws) {
    la_int n = X.cols, i, j;
    size_t mark = la_arena_mark(ws);
    la_real *y;
    la_mat Y;
    la_status st;
    la_mat_set(Vt, 0, 1);
    if (n <= 2) return LA_OK; /* G_0 has length 1 at n = 2 */
    if (!(y = (la_real *)la_arena_alloc(ws, (size_t)(n - 1) * (size_t)(n - 1) * sizeof(la_real))))
        return LA_ERR_NOMEM;
    Y = la_mat_of(n - 1, n - 1, y);
    for (i = 1; i < n - 1; ++i)
        for (j = 0; j < i; ++j) LA_AT(Y, i, j) = LA_AT(X, j, i + 1);
    if ((st = la_qr_form_q(Y, taup, Y, ws)) == LA_OK)
        la_mat_transpose(Y, la_mat_block(Vt, 1, 1, n - 1, n - 1));
    la_arena_reset(ws, mark);
    return st;
}

/* Scratch bytes of la__bidiag_form_pt at order n. */
LA__PRIV size_t la__bidiag_form_pt_bytes(la_int n) {
    if (n <= 2) return 0;
    return la_ws_reals((size_t)(n - 1) * (size_t)(n - 1)) + la_qr_form_q_ws_bytes(n - 1, n - 1, n - 1);
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

#ifndef LA_USE_LAPACKE
/* Sizes (reals) of the built-in la_svd's factor buffers for the tall
 * problem (big x k): ub for Ux^T (k x big, or k x k plus Ux when reduced by
 * QR first), vb for Vx^T when it is not Vt itself, rb for R; qb bytes for
 * la_qr and la_qr_apply. */
LA__PRIV void la__svd_buffers(la_int m, la_int n, int want_u, int want_vt, size_t *ub, size_t *vb,
                              size_t *rb, size_t *qb) {
    la_int k = LA__MIN(m, n), big = LA__MAX(m, n);
    int wide = m < n, qr_first = big >= 2 * k, want_ux = wide ? want_vt : want_u,
        want_vx = wide ? want_u : want_vt;
    size_t kk = (size_t)k * (size_t)k, kb = (size_t)k * (size_t)big;
    *ub = !want_ux ? 0 : qr_first ? kk + (wide ? kb : 0) : wide ? 0 : kb;
    *vb = want_vx && wide ? kk : 0;
    *rb = qr_first ? kk : 0;
    *qb = 0;
    if (qr_first) {
        *qb = la_qr_ws_bytes(big, k);
        if (want_ux) *qb = LA__MAX(*qb, la_qr_apply_ws_bytes(LA_LEFT, big, k, big, k));
    }
    if (want_ux) *qb = LA__MAX(*qb, la_qr_form_q_ws_bytes(qr_first ? k : big, k, k));
    if (want_vx) *qb = LA__MAX(*qb, la__bidiag_form_pt_bytes(k));
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
    {
        /* X (the tall orientation), d, e, three reflector scalar arrays,
         * work, and the buffers of la__svd_buffers */
        size_t ub, vb, rb, qb;
        la__svd_buffers(m, n, want_u, want_vt, &ub, &vb, &rb, &qb);
        return la_ws_reals(mm * nn) + 5 * la_ws_reals(k) + la_ws_reals(big + 4 * k + 1) +
               la_ws_reals(ub) + la_ws_reals(vb) + la_ws_reals(rb) + qb + LA_ARENA_ALIGN;
    }
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
         * big >= 2k it is first reduced to R by la_qr (Chan 1982) and the
         * SVD of R is computed; factors Ux^T (k x big) and Vx^T (k x k) */
        int wide = m < n, qr_first = big >= 2 * k;
        int want_ux = wide ? want_vt : want_u, want_vx = wide ? want_u : want_vt;
        la_real *x = (la_real *)la__scratch_alloc(&sc, (size_t)m * (size_t)n * sizeof(la_real));
        la_real *e = (la_real *)la__scratch_alloc(&sc, (size_t)k * sizeof(la_real));
        la_real *tq = (la_real *)la__scratch_alloc(&sc, (size_t)k * sizeof(la_real));
        la_real *tp = (la_real *)la__scratch_alloc(&sc, (size_t)k * sizeof(la_real));
        la_real *d = (la_real *)la__scratch_alloc(&sc, (size_t)k * sizeof(la_real));
        la_real *tr = (la_real *)la__scratch_alloc(&sc, (size_t)k * sizeof(la_real));
        la_real *work = (la_real *)la__scratch_alloc(&sc, ((size_t)big + 4 * (size_t)k + 1) * sizeof(la_real));
        size_t ub, vb, rb, qb;
        la_real *ubuf, *vbuf, *rbuf;
        la__svd_buffers(m, n, want_u, want_vt, &ub, &vb, &rb, &qb);
        ubuf = (la_real *)la__scratch_alloc(&sc, ub * sizeof(la_real));
        vbuf = (la_real *)la__scratch_alloc(&sc, vb * sizeof(la_real));
        rbuf = (la_real *)la__scratch_alloc(&sc, rb * sizeof(la_real));
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
            la_qr(X, tr, sc.arena);
            B = la_mat_of(k, k, rbuf);
            for (i = 0; i < k; ++i)
                for (j = 0; j < k; ++j) LA_AT(B, i, j) = j >= i ? LA_AT(X, i, j) : 0;
        }
        la__bidiagonalize(B, d, e, tq, tp, work);
        /* P^T first: forming Q overwrites B */
        if (want_vx) {
            Vxt = wide ? la_mat_of(k, k, vbuf) : Vt;
            st = la__bidiag_form_pt(B, tp, Vxt, sc.arena);
        }
        if (want_ux && st == LA_OK) {
            /* without QR and wide: Ux^T is Vt itself */
            Uxt = qr_first ? la_mat_of(k, k, ubuf) : wide ? Vt : la_mat_of(k, big, ubuf);
            st = la__bidiag_form_qt(B, tq, Uxt, sc.arena);
        }
        if (st == LA_OK) st = la__bidiag_qr(k, d, e, Vxt, Uxt, work);
        for (i = 0; i < k; ++i) s[i] = d[i] / sigma;
        if (st == LA_OK) {
            if (want_ux && qr_first) {
                /* Ux = Q [Ur; 0], into U (tall) or, for Vt = Ux^T, scratch */
                la_mat Ux = wide ? la_mat_of(big, k, ubuf + (size_t)k * (size_t)k) : U;
                la_mat_set(Ux, 0, 0);
                la_mat_transpose(Uxt, la_mat_block(Ux, 0, 0, k, k));
                la_qr_apply(LA_LEFT, LA_NOTRANS, X, tr, k, Ux, sc.arena);
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

/* Columns per panel of the blocked Hessenberg reduction, and the order
 * below which the rest is reduced one reflector at a time (LAPACK's
 * dgehrd switches at 128; with Y and V transposed the panels are faster
 * down to one panel's width: n = 100 / 256 in 0.63x / 0.75x of the time
 * at 128). */
#define LA__HESS_NB 32
#define LA__HESS_MIN 32

/* Scratch reals of la__hessenberg_reduce for order n: Y^T and V^T (nb x n
 * each), V (n x nb), T (nb x nb), four n-vectors and W (nb x n) for the
 * block reflector; plus the packing buffers of its products
 * (la__hessenberg_pack_bytes). */
LA__PRIV size_t la__hessenberg_reals(la_int n) {
    const size_t nn = (size_t)LA__MAX(n, 0), nb = LA__HESS_NB;
    return 4 * nn * nb + nb * nb + 4 * nn;
}
LA__PRIV size_t la__hessenberg_pack_bytes(la_int n) {
    return n > LA__HESS_MIN ? LA__MAX(la_gemm_ws_bytes(n, n, LA__HESS_NB),
                                      la__wy_ws(LA_LEFT, n, n, LA__HESS_NB))
                            : 0;
}

/* The reflector of column c of A from its rows c + 1 .. n - 1: tau[c],
 * beta in A(c + 1, c), v(1:) below it and all of v (v(0) = 1) in v.
 * Returns tau[c]. */
LA__PRIV la_real la__hessenberg_reflector(la_mat A, la_int c, la_real *tau, la_real *v) {
    const la_int len = A.rows - c - 1;
    la_real alpha = LA_AT(A, c + 1, c);
    la_int i;
    for (i = 1; i < len; ++i) v[i] = LA_AT(A, c + 1 + i, c);
    tau[c] = la__house_gen(len, &alpha, v + 1, 1);
    v[0] = 1;
    LA_AT(A, c + 1, c) = alpha;
    for (i = 1; i < len; ++i) LA_AT(A, c + 1 + i, c) = v[i];
    return tau[c];
}

/* Reduce A (n x n) to upper Hessenberg form in place, Q^T A Q = H, the
 * reflectors kept below the subdiagonal (v(0) = 1 implicit) and their
 * scalars in tau[0..n-2] (tau[n-2] = 0). While more than LA__HESS_MIN
 * columns remain, panels of LA__HESS_NB reflectors (Quintana-Orti and van
 * de Geijn 2006, as LAPACK's dgehrd): each panel column first receives the
 * panel's earlier reflectors from the right (A - Y V^T, Y = A V T) and
 * from the left (I - V T^T V^T), then gives its reflector; one product
 * with the trailing columns (A v) per column is all the panel's
 * matrix-vector work. Y and V are kept transposed (nb x n), so that every
 * product with them runs along rows of length n (stored n x nb, half of
 * them ran along rows of at most nb, where a matrix-vector product is
 * dominated by its per-row reductions). After the panel the trailing
 * columns take the right update by one gemm and the left one as a block
 * reflector (la__wy_apply, with V copied back to n x nb). The rest one
 * reflector at a time from both sides (Golub and Van Loan, Alg. 7.4.2).
 * About 10/3 n^3 flops, a third in matrix-vector products. w holds
 * la__hessenberg_reals(n) reals; ws the packing buffers
 * (la__hessenberg_pack_bytes(n)). */
LA__PRIV void la__hessenberg_reduce(la_mat A, la_real *tau, la_real *w, la_arena *ws) {
    const la_int n = A.rows, nb = LA__HESS_NB;
    la_real *Ytd = w, *Vtd = Ytd + (size_t)n * nb, *Vd = Vtd + (size_t)n * nb, *Td = Vd + (size_t)n * nb,
            *b = Td + nb * nb, *v = b + n, *y = v + n, *t = y + n, *W = t + n;
    la_int i, j, k = 0, len, c;
    for (; n - k > LA__HESS_MIN && k + nb + 2 <= n; k += nb) {
        la_mat Yt = la_mat_of(nb, n, Ytd), Vt = la_mat_of(nb, n, Vtd), T = la_mat_of(nb, nb, Td);
        la_mat_set(Vt, 0, 0);
        la_mat_set(T, 0, 0);
        for (j = 0; j < nb; ++j) {
            la_real tj;
            c = k + j;
            len = n - c - 1;
            if (j > 0) {
                /* column c <- (I - V T^T V^T) (column c - Y V(c, :)^T), with
                 * the panel's j reflectors so far (V's rows above k + 1
                 * are zero) */
                la_mat Vj = la_mat_block(Vt, 0, k + 1, j, n - k - 1);
                for (i = 0; i < n; ++i) b[i] = LA_AT(A, i, c);
                for (i = 0; i < j; ++i) t[i] = LA_AT(Vt, i, c);
                la_gemv(LA_TRANS, -1, la_mat_block(Yt, 0, 0, j, n), t, 1, b);
                la_gemv(LA_NOTRANS, 1, Vj, b + k + 1, 0, t);
                la_trmv(LA_UPPER, LA_TRANS, LA_NONUNIT, la_mat_block(T, 0, 0, j, j), t);
                la_gemv(LA_TRANS, -1, Vj, t, 1, b + k + 1);
                for (i = 0; i < n; ++i) LA_AT(A, i, c) = b[i];
            }
            /* its reflector, from rows c + 1 .. n - 1 */
            tj = la__hessenberg_reflector(A, c, tau, v);
            memcpy(&LA_AT(Vt, j, c + 1), v, (size_t)len * sizeof(la_real));
            /* Y(:, j) = tau (A v - Y (V^T v)) with the trailing columns of A
             * as they were (not yet updated); T(0:j, j) = -tau T V^T v */
            la_gemv(LA_NOTRANS, 1, la_mat_block(A, 0, c + 1, n, len), v, 0, y);
            if (j > 0) {
                la_gemv(LA_NOTRANS, 1, la_mat_block(Vt, 0, c + 1, j, len), v, 0, t);
                la_gemv(LA_TRANS, -1, la_mat_block(Yt, 0, 0, j, n), t, 1, y);
                la_trmv(LA_UPPER, LA_NOTRANS, LA_NONUNIT, la_mat_block(T, 0, 0, j, j), t);
                for (i = 0; i < j; ++i) LA_AT(T, i, j) = -tj * t[i];
            }
            LA_AT(T, j, j) = tj;
            for (i = 0; i < n; ++i) LA_AT(Yt, j, i) = tj * y[i];
        }
        /* the trailing columns: A <- A - Y V^T from the right, then
         * (I - V T^T V^T) A from the left on rows k + 1 .. n - 1 */
        la_gemm_ws(LA_TRANS, LA_NOTRANS, -1, Yt, la_mat_block(Vt, 0, k + nb, nb, n - k - nb), 1,
                   la_mat_block(A, 0, k + nb, n, n - k - nb), ws);
        la_mat_transpose(la_mat_block(Vt, 0, k + 1, nb, n - k - 1), la_mat_of(n - k - 1, nb, Vd));
        la__wy_apply(LA_LEFT, LA_TRANS, la_mat_of(n - k - 1, nb, Vd), T,
                     la_mat_block(A, k + 1, k + nb, n - k - 1, n - k - nb), W, ws);
    }
    for (j = k; j + 2 < n; ++j) {
        const la_real tj = la__hessenberg_reflector(A, j, tau, v);
        len = n - j - 1;
        if (tj == 0) continue;
        /* A(:, j+1:) <- A(:, j+1:) H, then A(j+1:, j+1:) <- H A(j+1:, j+1:) */
        la__house_apply(LA_RIGHT, v, tj, la_mat_block(A, 0, j + 1, n, len), b);
        la__house_apply(LA_LEFT, v, tj, la_mat_block(A, j + 1, j + 1, len, len), b);
    }
    if (n >= 2) tau[n - 2] = 0;
}

/* Workspace of la__hessenberg_form_q for order n. */
LA__PRIV size_t la__hessenberg_q_bytes(la_int n) {
    return n > 2 ? la_qr_form_q_ws_bytes(n - 1, n - 1, n - 2) : 0;
}

/* Q = H_0 H_1 ... H_{n-3} from the reflectors left by la__hessenberg_reduce
 * in A (when Q.data is non-NULL): the reflectors below A's subdiagonal are
 * those of a QR factorization of A(1:n, 0:n-2), so Q is 1 (+) the Q that
 * la_qr_form_q forms from them (blocked, compact WY; LAPACK's dorghr
 * calls dorgqr the same way), in workspace from ws
 * (la__hessenberg_q_bytes(n)). Then clears A below the subdiagonal. */
LA__PRIV la_status la__hessenberg_form_q(la_mat A, const la_real *tau, la_mat Q, la_arena *ws) {
    la_int n = A.rows, i, j;
    la_status st = LA_OK;
    if (Q.data) {
        la_mat_set(Q, 0, 1);
        if (n > 2)
            st = la_qr_form_q(la_mat_block(A, 1, 0, n - 1, n - 2), tau,
                              la_mat_block(Q, 1, 1, n - 1, n - 1), ws);
    }
    for (i = 2; i < n; ++i)
        for (j = 0; j < i - 1; ++j) LA_AT(A, i, j) = 0;
    return st;
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
    return la_ws_reals((size_t)n) + la_ws_reals(la__hessenberg_reals(n)) +
           LA__MAX(la__hessenberg_q_bytes(n), la__hessenberg_pack_bytes(n)) + LA_ARENA_ALIGN;
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
    work = (la_real *)la__scratch_alloc(&sc, la__hessenberg_reals(n) * sizeof(la_real));
    la__hessenberg_reduce(A, tau, work, sc.arena);
    st = la__hessenberg_form_q(A, tau, Q, sc.arena);
    la__scratch_end(&sc);
    return st;
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

/* Reflectors of one bulge chase of la__francis_qr accumulated into one
 * orthogonal block before they reach the rows far from the bulge. */
#define LA__SCHUR_CHUNK 24

/* The reflector I - t1 u u^T, u = (1, v2, v3) (nr = 3) or (1, v2) (nr =
 * 2), from the left on the nr rows of length len at r0, r0 + ld, r0 +
 * 2 ld (contiguous: vectorized). */
LA__PRIV void la__reflect_rows(la_int nr, la_int len, la_real *r0, ptrdiff_t ld, la_real v2,
                               la_real v3, la_real t1) {
    la_real *r1 = r0 + ld, *r2 = r1 + ld, sum;
    const la_real t2 = t1 * v2, t3 = t1 * v3;
    la_int j;
    if (nr == 3)
        for (j = 0; j < len; ++j) {
            sum = r0[j] + v2 * r1[j] + v3 * r2[j];
            r0[j] -= sum * t1;
            r1[j] -= sum * t2;
            r2[j] -= sum * t3;
        }
    else
        for (j = 0; j < len; ++j) {
            sum = r0[j] + v2 * r1[j];
            r0[j] -= sum * t1;
            r1[j] -= sum * t2;
        }
}

/* The same reflector from the right on the nr adjacent columns at c0 of
 * `rows` rows (row stride ld). */
LA__PRIV void la__reflect_cols(la_int nr, la_int rows, la_real *c0, ptrdiff_t ld, la_real v2,
                               la_real v3, la_real t1) {
    const la_real t2 = t1 * v2, t3 = t1 * v3;
    la_int j;
    for (j = 0; j < rows; ++j) {
        la_real *h = c0 + j * ld, sum = h[0] + v2 * h[1] + (nr == 3 ? v3 * h[2] : 0);
        h[0] -= sum * t1;
        h[1] -= sum * t2;
        if (nr == 3) h[2] -= sum * t3;
    }
}

/* B <- B U for the w x w U (T: B.rows x w scratch; packing from ws). */
LA__PRIV void la__times_block(la_mat B, la_mat U, la_real *T, la_arena *ws) {
    la_mat Tm = la_mat_of(B.rows, B.cols, T);
    if (B.rows == 0) return;
    la_gemm_ws(LA_NOTRANS, LA_NOTRANS, 1, B, U, 0, Tm, ws);
    la_mat_copy(Tm, B);
}

/* Eigenvalues (and with want_t the real Schur form T overwriting H) of the
 * upper Hessenberg H by the Francis implicit double-shift QR algorithm with
 * the small-subdiagonal deflation test of Ahues and Tisseur (1997) and
 * exceptional shifts every 10 iterations without deflation (LAPACK's
 * dlahqr). Z (data may be NULL) is updated Z <- Z Q; it is kept
 * transposed while the iteration runs, so that each reflector updates
 * three contiguous rows of Z^T. Each bulge chase runs in chunks of
 * LA__SCHUR_CHUNK reflectors: they update the rows of H they act on at
 * once (contiguous in row-major storage), and the columns only from the
 * chunk's top row down; their product, accumulated in a block U of order
 * at most LA__SCHUR_CHUNK + 2, then updates the rows of H above the chunk
 * by one product (the small-bulge technique of Braman, Byers and Mathias
 * 2002, with one bulge), where each reflector's column update would have
 * been three strided entries per row. U holds
 * (LA__SCHUR_CHUNK + 2)^2 reals, T n (LA__SCHUR_CHUNK + 2); ws gives the
 * products' packing buffers. Returns LA_ERR_NO_CONVERGENCE after
 * LA__FRANCIS_ITERS max(10, n) iterations on one block (30, as dlahqr). */
#ifndef LA__FRANCIS_ITERS
#define LA__FRANCIS_ITERS 30 /* dlahqr's; a test lowers it to reach the limit */
#endif
LA__PRIV la_status la__francis_qr(la_mat H, int want_t, la_mat Z, la_real *wr, la_real *wi,
                                  la_real *U, la_real *T, la_arena *ws) {
    const la_int n = H.rows, kexsh = 10;
    const la_real ulp = LA_EPS, smlnum = LA_REAL_MIN * ((la_real)n / LA_EPS);
    const la_real dat1 = (la_real)0.75, dat2 = (la_real)-0.4375;
    la_int i, l, k, m, its, itmax, kdefl = 0, i1 = 0, i2 = n - 1, j, nr, k0;
    la_real v[3] = {0, 0, 0};
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
    if (Z.data) la__swap_triangles(Z); /* Z^T: reflectors act on its rows */
    itmax = LA__FRANCIS_ITERS * LA__MAX(10, n);
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
            /* double-shift QR sweep on rows and columns m..i, in chunks of
             * steps k0..k1-1 touching columns k0..k0+w-1 */
            for (k0 = m; k0 < i; k0 += LA__SCHUR_CHUNK) {
              const la_int k1 = LA__MIN(k0 + LA__SCHUR_CHUNK, i), w = LA__MIN(k1 + 1, i) - k0 + 1;
              const la_mat Uw = la_mat_of(w, w, U);
              la_mat_set(Uw, 0, 1);
              for (k = k0; k < k1; ++k) {
                const la_int c = k - k0;
                la_int jend;
                la_real t1;
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
                /* rows k.. of H (to column i2) and of Z^T at once, columns
                 * of H from the chunk's top row, and of U */
                jend = nr == 3 ? LA__MIN(k + 3, i) : i;
                la__reflect_rows(nr, i2 - k + 1, &LA_AT(H, k, k), H.ld, v[1], v[2], t1);
                if (Z.data) la__reflect_rows(nr, n, &LA_AT(Z, k, 0), Z.ld, v[1], v[2], t1);
                la__reflect_cols(nr, jend - LA__MAX(i1, k0) + 1, &LA_AT(H, LA__MAX(i1, k0), k), H.ld,
                                 v[1], v[2], t1);
                la__reflect_cols(nr, LA__MIN(c + 3, w), &LA_AT(Uw, 0, c), Uw.ld, v[1], v[2], t1);
              }
              /* the chunk's reflectors on the rows of H above it */
              if (k0 > i1) la__times_block(la_mat_block(H, i1, k0, k0 - i1, w), Uw, T, ws);
            }
        }
        if (!converged) {
            if (Z.data) la__swap_triangles(Z);
            return LA_ERR_NO_CONVERGENCE;
        }
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
            if (Z.data) la__rot(n, &LA_AT(Z, i - 1, 0), 1, &LA_AT(Z, i, 0), 1, cs, sn);
        }
        kdefl = 0;
        i = l - 1;
    }
    if (Z.data) la__swap_triangles(Z);
    return LA_OK;
}


/* Scratch bytes of the Schur computation proper: built-in, the reflector
 * scalars, the blocked Hessenberg reduction's buffers, the Francis
 * chase's U and product buffer, and the packing buffers of the largest of
 * their products and of forming Q; under LA_USE_LAPACKE the LAPACK
 * routines' queried workspace. */
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
    const size_t w = LA__SCHUR_CHUNK + 2, g = la_gemm_ws_bytes(n, (la_int)w, (la_int)w),
                 q = LA__MAX(la__hessenberg_q_bytes(n), la__hessenberg_pack_bytes(n));
    return la_ws_reals((size_t)n) + la_ws_reals(la__hessenberg_reals(n)) + la_ws_reals(w * w) +
           la_ws_reals((size_t)n * w) + (g > q ? g : q);
#endif
}

/* Schur form of the square H in place (want_t) or its eigenvalues only,
 * Z <- orthogonal factor when Z.data is non-NULL; scratch from ws as sized
 * by la__schur_core_bytes. */
LA__PRIV la_status la__schur_run(la_mat H, la_mat Z, la_real *wr, la_real *wi, int want_t,
                                 la_arena *ws) {
    la_status st;
    la_int n = H.rows, i;
    /* A matrix whose largest entry lies outside [lo, 1 / lo] is scaled by a
     * power of two (exact) to one near 1 and T and the eigenvalues back
     * afterwards, as LAPACK's dgees does: the deflation test's absolute
     * floor (la__francis_qr's smlnum, and dhseqr's) would otherwise deflate
     * every subdiagonal of a matrix of norm 2^-1000. */
    const la_real lo = LA_SQRT(LA_REAL_MIN) / LA_EPS, anrm = la_norm_max(H);
    la_real sigma = 1;
    if (anrm > 0 && (anrm < lo || anrm > 1 / lo)) {
        sigma = 1 / la__pow2_below(anrm);
        la_mat_scale(H, sigma);
    }
#ifdef LA_USE_LAPACKE
    st = la__schur_lapacke(H, Z, wr, wi, want_t ? 2 : 1, ws);
#else
    {
        la__scratch sc;
        la_real *tau, *work, *U, *T;
        const size_t w = LA__SCHUR_CHUNK + 2;
        if ((st = la__scratch_begin(&sc, ws, la__schur_core_bytes(n))) != LA_OK) {
            if (sigma != 1) la_mat_scale(H, 1 / sigma); /* A as it was */
            return st;
        }
        tau = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
        work = (la_real *)la__scratch_alloc(&sc, la__hessenberg_reals(n) * sizeof(la_real));
        U = (la_real *)la__scratch_alloc(&sc, w * w * sizeof(la_real));
        T = (la_real *)la__scratch_alloc(&sc, (size_t)n * w * sizeof(la_real));
        la__hessenberg_reduce(H, tau, work, sc.arena);
        if ((st = la__hessenberg_form_q(H, tau, Z, sc.arena)) == LA_OK)
            st = la__francis_qr(H, want_t, Z, wr, wi, U, T, sc.arena);
        la__scratch_end(&sc);
    }
#endif
    if (sigma != 1) {
        /* T back (or A as it was, when the workspace fell short) */
        if (want_t || st == LA_ERR_NOMEM) la_mat_scale(H, 1 / sigma);
        if (st != LA_ERR_NOMEM)
            for (i = 0; i < n; ++i) {
                wr[i] /= sigma;
                wi[i] /= sigma;
            }
    }
    return st;
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

/* C <- alpha op(A) op(B) + beta C on the upper triangle (j >= i) of the
 * square C; entries below the diagonal may be overwritten with garbage,
 * unless mirror != 0 (a symmetric result): the lower triangle then
 * receives the upper's copy. Built-in kernels: one gemm masked to that
 * triangle (as BLAS's gemmt), k n^2 flops for op(A) n x k, which copies
 * each finished tile (LA__MIRROR); CBLAS: la_gemm on row panels of the
 * upper block triangle, k n^2 + k n nb flops, then la__mirror. Packing
 * buffers from ws (la_gemm_ws_bytes(n, n, k); NULL: LA_MALLOC). C must
 * not overlap A or B. */
LA__PRIV void la__gemm_upper(la_trans ta, la_trans tb, la_real alpha, la_mat A, la_mat B,
                             la_real beta, la_mat C, int mirror, la_arena *ws) {
    la_int n = C.rows, k = la_op_cols(ta, A);
    if (n == 0) return;
#ifdef LA_USE_CBLAS
    {
        la_int nb = n <= 96 ? n : LA__MAX(48, n / 6), i0;
        (void)ws;
        for (i0 = 0; i0 < n; i0 += nb) {
            la_int h = LA__MIN(nb, n - i0);
            la_gemm(ta, tb, alpha, la__op_block(A, ta, i0, 0, h, k),
                    la__op_block(B, tb, 0, i0, k, n - i0), beta, la_mat_block(C, i0, i0, h, n - i0));
        }
        if (mirror) la__mirror(C, 1);
    }
#else
    if (k == 0 || alpha == 0) {
        la__scale_mat(C, beta, LA__TRI_UPPER);
        if (mirror) la__mirror(C, 1);
    } else {
        la__gemm_scratch(ta, tb, alpha, A, B, beta, C, LA__TRI_UPPER | (mirror ? LA__MIRROR : 0), ws);
    }
#endif
}

/* C <- A B for square A, B whose product is known to be symmetric (commuting
 * symmetric matrices): the upper triangle only by la__gemm_upper (n^3 flops
 * instead of 2 n^3), mirrored. Packing buffers from ws. C must not
 * overlap A or B. */
LA__PRIV void la__symm_product(la_mat A, la_mat B, la_mat C, la_arena *ws) {
    la__gemm_upper(LA_NOTRANS, LA_NOTRANS, 1, A, B, 0, C, 1, ws);
}

/* C <- A^2 = A A^T for symmetric A (syrk on the upper triangle, mirrored;
 * built-in: la__gemm_upper, the same masked gemm as la_syrk's);
 * packing buffers as la__symm_product. */
LA__PRIV void la__symm_square(la_mat A, la_mat C, la_arena *ws) {
#ifdef LA_USE_CBLAS
    la_syrk_ws(LA_UPPER, LA_NOTRANS, 1, A, 0, C, ws);
    la__mirror(C, 1);
#else
    la__gemm_upper(LA_NOTRANS, LA_TRANS, 1, A, A, 0, C, 1, ws);
#endif
}

/* R <- B^e R for commuting symmetric B and R by binary powering, e >= 1.
 * B is overwritten (by powers of itself); *R, *B, *S1 and *S2 are swapped
 * among the four buffers (the result is in *R). Packing buffers from ws. */
LA__PRIV void la__symm_pow_times(la_mat *R, la_mat *B, la_mat *S1, la_mat *S2, int e,
                                 la_arena *ws) {
    la_mat t;
    for (;;) {
        if (e & 1) {
            la__symm_product(*B, *R, *S1, ws);
            t = *R;
            *R = *S1;
            *S1 = t;
        }
        e >>= 1;
        if (!e) break;
        la__symm_square(*B, *S2, ws);
        t = *B;
        *B = *S2;
        *S2 = t;
    }
}

/* Largest order of the pivot blocks of la__spd_inverse_sweep: 16 up to
 * n = 768, 32 above (measured: at n = 256 blocks of 16 take 15% less time
 * than blocks of 32, the rank-16 updates costing less than the triangular
 * solves they save; at n = 1024 blocks of 32 are 7% faster). */
#define LA__SWEEP_NB 32
/* Scratch reals of la__spd_inverse_sweep: two row panels (padded rows, so
 * that their columns do not alias in the cache) and a pivot block. */
#define LA__SWEEP_BUF(n) (LA__SWEEP_NB * (2 * ((size_t)(n) + 8) + LA__SWEEP_NB))

/* A <- A^{-1} for a symmetric positive definite A, read from its upper
 * triangle, returned in full (both triangles), by block sweeps: the sweep
 * operator (Goodnight, "A tutorial on the SWEEP operator", Amer. Statist.
 * 33, 1979; Gauss-Jordan elimination without pivoting, stable on SPD
 * matrices: Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed.,
 * 2002, Sec. 14.4) applied to blocks of 16 or 32 rows. Each sweep is a
 * rank-nb update of the upper triangle by la__gemm_upper, so the n^3 flops
 * run in the gemm kernel (at n = 256 about twice as fast as Cholesky and
 * the triangular inverse and product of dpotri). Each pivot block K is
 * factored by la_chol (whose failure gives LA_ERR_NOT_SPD; A is then partly
 * overwritten) and applied by two la_trsm. buf holds LA__SWEEP_BUF(n)
 * reals; ws gives the packing buffers. */
LA__PRIV la_status la__spd_inverse_sweep(la_mat A, la_real *buf, la_arena *ws) {
    la_int n = A.rows, ldp = n + 8, k0, i, j;
    la_int nb = n > 768 ? LA__SWEEP_NB : LA__SWEEP_NB / 2;
    for (k0 = 0; k0 < n; k0 += nb) {
        la_int b = LA__MIN(nb, n - k0);
        la_mat R = la_mat_ld(b, n, ldp, buf),
               G = la_mat_ld(b, n, ldp, buf + (size_t)LA__SWEEP_NB * (size_t)ldp),
               K = la_mat_of(b, b, buf + 2 * (size_t)LA__SWEEP_NB * (size_t)ldp);
        /* R <- rows k0 .. k0+b-1 of A (from the upper triangle), K <- their
         * diagonal block (lower triangle), G <- R with I in that block */
        if (k0 > 0) la_mat_transpose(la_mat_block(A, 0, k0, k0, b), la_mat_block(R, 0, 0, b, k0));
        for (i = 0; i < b; ++i) {
            for (j = 0; j < i; ++j) LA_AT(R, i, k0 + j) = LA_AT(A, k0 + j, k0 + i);
            memcpy(&LA_AT(R, i, k0 + i), &LA_AT(A, k0 + i, k0 + i), (size_t)(n - k0 - i) * sizeof(la_real));
            for (j = 0; j <= i; ++j) LA_AT(K, i, j) = LA_AT(R, i, k0 + j);
        }
        la_mat_copy(R, G);
        la_mat_set(la_mat_block(G, 0, k0, b, b), 0, 1);
        if (la_chol_ws(K, ws) != LA_OK) return LA_ERR_NOT_SPD;
        /* G <- K^{-1} G (so K^{-1} in the block); A <- A - R^T G off the
         * block; row and column block <- G; diagonal block <- -K^{-1} */
        la_trsm_ws(LA_LEFT, LA_LOWER, LA_NOTRANS, LA_NONUNIT, 1, K, G, ws);
        la_trsm_ws(LA_LEFT, LA_LOWER, LA_TRANS, LA_NONUNIT, 1, K, G, ws);
        la__gemm_upper(LA_TRANS, LA_NOTRANS, -1, R, G, 1, A, 0, ws);
        if (k0 > 0) la_mat_transpose(la_mat_block(G, 0, 0, b, k0), la_mat_block(A, 0, k0, k0, b));
        for (i = 0; i < b; ++i) {
            for (j = i; j < b; ++j) LA_AT(A, k0 + i, k0 + j) = -LA_AT(G, i, k0 + j);
            memcpy(&LA_AT(A, k0 + i, k0 + b), &LA_AT(G, i, k0 + b), (size_t)(n - k0 - b) * sizeof(la_real));
        }
    }
    /* the sweeps leave -A^{-1} */
    for (i = 0; i < n; ++i) la_scal(n - i, -1, &LA_AT(A, i, i), 1);
    la__mirror(A, 1);
    return LA_OK;
}

/* Parameters (a, b, c) of the dynamically weighted Halley step
 * s -> s (a + b s^2) / (1 + c s^2) for a spectrum in [ls, 1] (Nakatsukasa,
 * Bai and Gygi, SIAM J. Matrix Anal. Appl. 31, 2010): the best rational
 * function of that type, which maps [ls, 1] into [ls', 1] with ls' as large
 * as possible. ls >= 1 (or 0, as a flag) gives Halley's (3, 1, 3). */
LA__PRIV void la__dwh_params(la_real ls, la_real *a, la_real *b, la_real *c) {
    la_real floor_ls = 10 * LA_SQRT(LA_SQRT(LA_REAL_MIN)), g, h, q;
    if (ls <= 0 || ls >= 1) {
        *a = 3;
        *b = 1;
        *c = 3;
        return;
    }
    ls = LA__MAX(ls, floor_ls);
    g = LA_POW(4 * (1 - ls * ls) / (ls * ls * ls * ls), (la_real)1 / 3);
    q = LA_SQRT(1 + g);
    h = 8 - 4 * g + 8 * (2 - ls * ls) / (ls * ls * q);
    *a = q + LA_SQRT(LA__MAX(h, 0)) / 2;
    *b = (*a - 1) * (*a - 1) / 4;
    *c = *a + *b - 1;
}

/* Shape of one rational step of exponent q of la_inv_root in y = c m:
 * g(y) = log y + q (log(1 + w y) - log(1 + y)), w = beta / c; and its
 * derivative in log y. */
LA__PRIV la_real la__rational_shape(la_real y, int q, la_real w) {
    return LA_LOG(y) + (la_real)q * (LA_LOG1P(w * y) - LA_LOG1P(y));
}

LA__PRIV la_real la__rational_shape_slope(la_real y, int q, la_real w) {
    return 1 + (la_real)q * (w * y / (1 + w * y) - y / (1 + y));
}

/* The derivative of g(y) in log w at fixed y. */
LA__PRIV la_real la__shape_wslope(la_real y, int q, la_real w) {
    return (la_real)q * w * y / (1 + w * y);
}

/* Coefficients of one rational step of exponent q >= 2 of la_inv_root,
 * T = t(M) with t(m) = b0 + b1 / (1 + c m), for a spectrum of M in [l, 1]
 * (0 < l < 1): the t of this type (any ratio of two polynomials of degree
 * 1) that maximizes the lower end *lnew of the image of [l, 1] under
 * m -> m t(m)^q, whose upper end it puts at 1. l >= 1 or l <= 0 (a flag)
 * gives the Halley step t(m) = (a + m) / (1 + a m), a = (q+1)/(q-1) (cubic
 * convergence of M to I; *lnew = 1, untracked).
 *   q = 2 is the dynamically weighted Halley step (la__dwh_params, in
 * closed form). For q > 2 the minimax t is found numerically: write
 * t(m) = s (1 + w c m) / (1 + c m); in y = c m the image is s^q e^{g(y)} / c
 * with g (la__rational_shape) depending on w alone. For
 * w < ((q-1)/(q+1))^2, g rises to a local maximum at y1, falls to a local
 * minimum at y2 and rises again (the roots of
 * w y^2 + ((q+1) w - (q-1)) y + 1 = 0), and the best interval [Y, Y / l]
 * equioscillates (Chebyshev): g(Y) = g(y2), which fixes Y < y1 (Newton's
 * method in log y, safeguarded by bisection; g(y) <= log y brackets it),
 * and F(u) = g(y1) - g(Y / l) = 0 in u = log w (F > 0 as w -> 0, < 0 as
 * the extrema merge): Newton's method with the exact derivative (g is
 * stationary in y at y1 and y2, so there only its partial derivative in u
 * enters), from a fit of the optimum in log(1/l), safeguarded by bisection
 * of the bracket whenever a step leaves it or fails to cut |F| by 8 (F
 * can touch 0 tangentially away from the root). Both solves stop one step
 * after a step below sqrt(eps) of the scale (quadratic convergence), or
 * when the noise of F (float) leaves a bracket of a few ulps. The image
 * is then computed exactly from the parameters found, so a parameter that
 * is not quite optimal costs speed, never correctness. Cost: about 6
 * Newton steps in u (at most 60), each an inner solve of 1 to 3 steps
 * started from the last root: about 1 us in double (30 bisection steps
 * took 15 us; over q = 3..20 and l from 0.999 down to 1e-300, log lnew
 * agrees with theirs to 1e-8 in double and 0.5% in float). */
LA__PRIV void la__rational_root_step(la_real l, int q, la_real *b0, la_real *b1, la_real *c,
                                     la_real *lnew) {
    la_real L, wmax, top, lo, hi, u, w = 0, y1 = 0, y2 = 0, Y = 0, s, gmin, gmax, t = 0, Fprev = 0;
    int it, k, done = 0, newton = 0;
    if (l <= 0 || l >= 1) {
        la_real a = (la_real)(q + 1) / (la_real)(q - 1);
        *b0 = 1 / a;
        *b1 = a - 1 / a;
        *c = a;
        *lnew = 1;
        return;
    }
    if (q == 2) {
        la_real ls = LA_SQRT(l), a, b;
        la__dwh_params(ls, &a, &b, c);
        *b0 = b / *c;
        *b1 = a - *b0;
        ls = ls * (a + b * ls * ls) / (1 + *c * ls * ls);
        *lnew = LA__MIN(ls * ls, 1);
        return;
    }
    L = -LA_LOG(l);
    wmax = (la_real)(q - 1) / (la_real)(q + 1);
    wmax *= wmax;
    top = LA_LOG(wmax);
    hi = top - 8 * LA_EPS;
    /* the bracket of u = log w; its floor keeps w and y2 ~ (q-1)/w finite,
     * and lies well below the optimum; the start is a fit of the optimum
     * (u - log wmax is about -(0.6/q) L for large L = log(1/l), -0.1 L^2 / q
     * for small) */
    lo = LA__MAX(hi - 2 * L - 20, LA_LOG(LA_REAL_MIN) / 2);
    u = hi - (la_real)0.6 / (la_real)q * L * L / (L + 6);
    if (!(u > lo)) u = lo + (hi - lo) / 2;
    for (it = 0; it < 60; ++it) {
        la_real bq, d, gt, tlo, thi, F, dF, dv, Z, un;
        int small;
        w = LA_EXP(u);
        bq = (la_real)(q + 1) * w - (la_real)(q - 1);
        d = LA_SQRT(LA__MAX(bq * bq - 4 * w, 0));
        y1 = 2 / (d - bq);
        y2 = (d - bq) / (2 * w);
        gt = la__rational_shape(y2, q, w);
        tlo = gt;
        thi = LA_LOG(y1);
        if (!(t > tlo && t < thi)) t = tlo; /* else the last w's root: Y moves little */
        for (k = 0; k < 60; ++k) {
            la_real y = LA_EXP(t), h = la__rational_shape(y, q, w) - gt, tn;
            if (h < 0)
                tlo = t;
            else
                thi = t;
            tn = t - h / la__rational_shape_slope(y, q, w);
            if (!(tn > tlo && tn < thi)) tn = tlo + (thi - tlo) / 2;
            small = LA_FABS(tn - t) <= LA_SQRT(LA_EPS) * (1 + LA_FABS(t));
            t = tn;
            if (small) break; /* quadratic convergence: tn is good to ~eps */
        }
        Y = LA_EXP(t);
        Z = Y / l;
        F = la__rational_shape(y1, q, w) - la__rational_shape(Z, q, w);
        if (F > 0)
            lo = u;
        else
            hi = u;
        if (done || F == 0) break;
        /* dF/du: g is stationary at y1 and y2, so only its partial
         * derivative in u, q w y / (1 + w y), enters there (and through
         * d(log Y)/du from g(Y) = g(y2)) */
        dv = (la__shape_wslope(y2, q, w) - la__shape_wslope(Y, q, w)) / la__rational_shape_slope(Y, q, w);
        dF = la__shape_wslope(y1, q, w) - la__shape_wslope(Z, q, w) - la__rational_shape_slope(Z, q, w) * dv;
        un = u - F / dF;
        small = LA_FABS(un - u) <= LA__MAX(LA_SQRT(LA_EPS) * (top - u), 4 * LA_EPS * (1 + LA_FABS(u)));
        if (small) { /* one more evaluation, at un, is accurate to ~eps */
            if (un == u) break;
            un = LA__MIN(LA__MAX(un, lo), hi);
            done = 1;
        } else if (!(un > lo && un < hi) || (newton && LA_FABS(F) > LA_FABS(Fprev) / 8)) {
            un = lo + (hi - lo) / 2;
            newton = 0;
        } else {
            newton = 1;
        }
        Fprev = F;
        if (hi - lo <= 4 * LA_EPS * (1 + LA_FABS(u))) break;
        u = un;
    }
    /* the exact image of [Y, Y / l] under g */
    gmin = LA__MIN(la__rational_shape(Y, q, w), la__rational_shape(Y / l, q, w));
    gmax = LA__MAX(la__rational_shape(Y, q, w), la__rational_shape(Y / l, q, w));
    if (y1 > Y && y1 < Y / l) gmax = LA__MAX(gmax, la__rational_shape(y1, q, w));
    if (y2 > Y && y2 < Y / l) gmin = LA__MIN(gmin, la__rational_shape(y2, q, w));
    *c = Y / l;
    s = LA_EXP((LA_LOG(*c) - gmax) / (la_real)q); /* s^q e^{gmax} / c = 1 */
    *b0 = s * w;
    *b1 = s * (1 - w);
    *lnew = LA__MIN(LA_EXP(gmin - gmax), 1);
}

/* Extreme Ritz values of at most k steps of Lanczos with full
 * reorthogonalization (two passes of classical Gram-Schmidt, each two
 * la_gemv) on the symmetric operator op of order n >= 1, from a random
 * start of the seed. V holds (k+1) n reals and ab 3k reals of scratch.
 * Lower and upper estimates of the extreme eigenvalues (Ritz values lie
 * inside the spectrum); the tridiagonal's by bisection (la__tridiag_bisect,
 * section 10). lmin may be NULL when only the largest is wanted. */
LA__PRIV la_status la__lanczos_extremes(la_int n, la_linop op, void *ctx, la_int k, uint64_t seed,
                                        la_real *V, la_real *ab, la_real *lmin, la_real *lmax,
                                        la_real *beta_last, la_int *count) {
    la_rng rng = la_rng_seed(seed);
    la_real *a = ab, *b = ab + k;
    la_int j, pass, steps = 0;
    la__vec_random_unit(&rng, n, V);
    for (j = 0; j < k; ++j) {
        la_real *v = V + (size_t)j * (size_t)n, *w = v + n;
        if (op(v, w, ctx)) return LA_ERR_ABORTED;
        if (count) ++*count;
        if (!la_vec_isfinite(n, w)) return LA_ERR_NONFINITE;
        a[j] = la_dot(n, v, 1, w, 1);
        /* w <- w - V (V^T w) twice (classical Gram-Schmidt, twice is
         * enough: Giraud, Langou, Rozloznik and van den Eshof 2005), the
         * coefficients in the third of ab (free until the bisection) */
        for (pass = 0; pass < 2; ++pass) {
            la_gemv(LA_NOTRANS, 1, la_mat_of(j + 1, n, V), w, 0, ab + 2 * k);
            la_gemv(LA_TRANS, -1, la_mat_of(j + 1, n, V), ab + 2 * k, 1, w);
        }
        steps = j + 1;
        b[j] = la__normalize(n, w);
        if (b[j] <= LA_EPS * LA_FABS(a[j]) || b[j] == 0) break; /* invariant subspace */
    }
    if (lmin) la__tridiag_bisect(steps, a, b, 0, 0, lmin, b + k);
    la__tridiag_bisect(steps, a, b, steps - 1, steps - 1, lmax, b + k);
    if (beta_last) *beta_last = b[steps - 1];
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
#define LA__ROOT_LANCZOS 12

LA_API size_t la_inv_root_ws_bytes(la_int n) {
    size_t nn = (size_t)(n > 0 ? n : 0);
    return 5 * la_ws_reals(nn * nn) + la_ws_reals((LA__ROOT_LANCZOS + 1) * nn) +
           la_ws_reals(3 * LA__ROOT_LANCZOS) +
           la_ws_reals(LA__SWEEP_BUF(nn)) +
           LA__MAX(la_gemm_ws_bytes(n, n, n), la_chol_ws_bytes(n)) + LA_ARENA_ALIGN;
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

/* ||M - I||_F for square M, and in *off2 (when not NULL) the sum of
 * squares of the entries off the diagonal (the parts of each row off the
 * diagonal by la_dot, so the sums vectorize). */
LA__PRIV la_real la__dist_identity_off(la_mat M, la_real *off2) {
    la_real s = 0, t = 0;
    la_int i, n = M.rows;
    for (i = 0; i < n; ++i) {
        const la_real *row = &LA_AT(M, i, 0);
        la_real d = row[i] - 1;
        s += la_dot(i, row, 1, row, 1) + la_dot(n - i - 1, row + i + 1, 1, row + i + 1, 1);
        t += d * d;
    }
    if (off2) *off2 = s;
    return LA_SQRT(s + t);
}

/* ||M - I||_F. */
LA__PRIV la_real la__dist_identity(la_mat M) { return la__dist_identity_off(M, NULL); }

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

/* Whether the last step of la_inv_root, a polynomial one (below), can
 * finish from M, and with which degree (off2: the sum of squares of M off
 * its diagonal, from la__dist_identity_off). E = mu M - I is formed in M,
 * with the scalar mu = tr(M) / ||M||_F^2 that minimizes ||mu M - I||_F,
 * returned in *mu_out (it centres the spectrum of M on 1; the root of
 * mu M is mu^{1/q} times that of M). The new M (not formed) would be
 * (I + E) s(E)^q for the Taylor polynomial s of degree d of (1 + e)^{-1/q};
 * |(1 + e) s(e)^q - 1| <= |e|^{d+1} for |e| <= 0.1 and every q (equality
 * for q = 1; checked numerically for d up to 12), so ||E||_2 <= 0.1 and
 * ||E^{d+1}||_F <= tol let it finish. The Frobenius norms f_k = ||E^k||_F
 * of the powers formed give rho >= ||E||_2 (rho <= f_k^{1/k}) and the
 * bounds ||E^2||_F = f2, ||E^3||_F <= rho f2, ||E^5||_F <= rho^3 f2,
 * ||E^9||_F <= min(rho^6 f3, rho^5 f4) and ||E^13||_F <=
 * min(rho^10 f3, rho^9 f4) for d = 1, 2, 4, 8 and 12: the least d whose
 * bound is at most tol, the bound in *bound. E^2 goes into S; E^3 and E^4
 * (W and R, for d = 8 and 12, which cost the same product beyond them as
 * d = 4) only when the spectrum's half-width estimated from f1, then f2,
 * as for a spectrum spread like the Chebyshev points (rho ~ f1 sqrt(2/n),
 * (8 f2^2 / (3n))^{1/4}), is at most 0.1 and promises d = 12 a bound
 * below tol: the estimates only decide the work; the bounds decide d.
 * f4 tightens rho beyond f3 (from a centred spectrum of half-width 0.017
 * at n = 256, f3^3 = 9e-14 and rho^5 f4 = 5e-15). Returns d, or 0 with M
 * restored (to rounding) when no degree up to 12 reaches tol. Cost: up to
 * three symmetric products (n^3 flops each). */
LA__PRIV int la__root_taylor_degree(la_mat M, la_mat S, la_mat R, la_mat W, la_real off2,
                                    la_real tol, la_real *mu_out, la_real *bound, la_arena *ws) {
    la_int n = M.rows, i;
    la_real f1, f2, f3, f4, rho, est, b = 0, tr = 0, ss = off2, mu;
    /* the bound of degree 12 from f3, f4 is about rho^13 (0.27 n)^{13/8} on
     * a spectrum spread like the Chebyshev points (||E^4||_F^2 =
     * 35/128 n rho^8 there) */
    const la_real spread = LA_POW((la_real)0.27 * (la_real)n, (la_real)1.625);
    int d = 0;
    *bound = 0;
    for (i = 0; i < n; ++i) {
        tr += LA_AT(M, i, i);
        ss += LA_AT(M, i, i) * LA_AT(M, i, i);
    }
    mu = tr > 0 && ss > 0 && ss <= LA_REAL_MAX ? tr / ss : 1;
    *mu_out = mu;
    f1 = mu * mu * off2;
    for (i = 0; i < n; ++i) f1 += (mu * LA_AT(M, i, i) - 1) * (mu * LA_AT(M, i, i) - 1);
    f1 = LA_SQRT(f1);
    est = f1 * LA_SQRT(2 / (la_real)n);
    if (!(est <= (la_real)0.1 && la__powi(est, 13) * spread <= tol)) return 0;
    for (i = 0; i < n; ++i) {
        if (mu != 1) la_scal(n, mu, &LA_AT(M, i, 0), 1);
        LA_AT(M, i, i) -= 1;
    }
    rho = f1;
    if (f1 <= (la_real)0.1 && f1 * f1 <= tol) {
        d = 1;
        b = f1 * f1;
    } else {
        la__symm_square(M, S, ws);
        f2 = la_norm_fro(S);
        rho = LA__MIN(rho, LA_SQRT(f2));
        if (rho <= (la_real)0.1) {
            if (f2 <= tol)
                d = 1, b = f2;
            else if (rho * f2 <= tol)
                d = 2, b = rho * f2;
            else if (rho * rho * rho * f2 <= tol)
                d = 4, b = rho * rho * rho * f2;
        }
        est = LA_SQRT(LA_SQRT(8 * f2 * f2 / (3 * (la_real)n)));
        if (!d && est <= (la_real)0.1 && la__powi(est, 13) * spread <= tol) {
            la__symm_product(M, S, W, ws);
            la__symm_square(S, R, ws);
            f3 = la_norm_fro(W);
            f4 = la_norm_fro(R);
            rho = LA__MIN(rho, LA__MIN(LA_POW(f3, (la_real)1 / 3), LA_SQRT(LA_SQRT(f4))));
            b = LA__MIN(la__powi(rho, 6) * f3, la__powi(rho, 5) * f4);
            if (rho <= (la_real)0.1 && b <= tol) {
                d = 8;
            } else {
                b = LA__MIN(la__powi(rho, 10) * f3, la__powi(rho, 9) * f4);
                if (rho <= (la_real)0.1 && b <= tol)
                    d = 12;
                else
                    b = 0;
            }
        }
    }
    if (!d)
        for (i = 0; i < n; ++i) {
            LA_AT(M, i, i) += 1;
            if (mu != 1) la_scal(n, 1 / mu, &LA_AT(M, i, 0), 1);
        }
    *bound = b;
    return d;
}

/* The last step of la_inv_root, a polynomial one, after
 * la__root_taylor_degree chose d: X <- scale X s(E) (scale x0 s(E) when
 * x_scalar: X is then x0 I), E = mu M - I held in M, s the Taylor
 * polynomial of degree d in {1, 2, 4, 8, 12} of (1 + e)^{-1/q}, scale =
 * mu^{1/q}. Degree 1 is the Newton step; degree 4 is evaluated as
 * (c0 I + c1 E + c2 E^2) + E^2 (c3 E + c4 E^2), degree 8 as B0 + E^4 B1'
 * and degree 12 as B0 + E^4 (B1 + E^4 B2') with Bk = c_{4k} I +
 * c_{4k+1} E + c_{4k+2} E^2 + c_{4k+3} E^3 and Bk' = Bk + c_{4k+4} E^4
 * (Paterson and Stockmeyer 1973), the blocks formed in one pass over E to
 * E^4 (in M, S, W, R as la__root_taylor_degree left them). M, S, R and W
 * are overwritten (n x n scratch); packing buffers from ws. Cost: 0, 1 or
 * 2 products beyond the powers, and one for X s(E) unless x_scalar. */
LA__PRIV void la__root_taylor_step(la_mat M, la_mat S, la_mat R, la_mat W, la_mat X, int x_scalar,
                                   la_real x0, int q, int d, la_real scale, la_arena *ws) {
    la_real tc[13];
    int k;
    la_mat E = M, E2 = S, H = R, Q = E, free_buf = S;
    la_int n = M.rows, i, j;
    tc[0] = scale;
    for (k = 1; k < 13; ++k) tc[k] = tc[k - 1] * (-1 / (la_real)q - (la_real)(k - 1)) / (la_real)k;
    if (d >= 8) {
        /* M <- B0; d = 8: W <- B1'; d = 12: S <- B1, W <- B2'; R holds E^4 */
        for (i = 0; i < n; ++i) {
            la_real *m = &LA_AT(M, i, 0), *s2 = &LA_AT(S, i, 0), *w = &LA_AT(W, i, 0);
            const la_real *r4 = &LA_AT(R, i, 0);
            for (j = 0; j < n; ++j) {
                la_real e1 = m[j], e2 = s2[j], e3 = w[j], e4 = r4[j];
                m[j] = tc[1] * e1 + tc[2] * e2 + tc[3] * e3;
                if (d == 8) {
                    w[j] = tc[5] * e1 + tc[6] * e2 + tc[7] * e3 + tc[8] * e4;
                } else {
                    s2[j] = tc[5] * e1 + tc[6] * e2 + tc[7] * e3;
                    w[j] = tc[9] * e1 + tc[10] * e2 + tc[11] * e3 + tc[12] * e4;
                }
            }
            m[i] += tc[0];
            w[i] += d == 8 ? tc[4] : tc[8];
            if (d == 12) s2[i] += tc[4];
        }
        if (d == 12) {
            la__gemm_upper(LA_NOTRANS, LA_NOTRANS, 1, R, W, 1, S, 1, ws);
            la__gemm_upper(LA_NOTRANS, LA_NOTRANS, 1, R, S, 1, M, 1, ws);
        } else {
            la__gemm_upper(LA_NOTRANS, LA_NOTRANS, 1, R, W, 1, M, 1, ws);
        }
        free_buf = W;
    } else {
        if (d == 4)
            for (i = 0; i < n; ++i)
                for (j = 0; j < n; ++j) LA_AT(H, i, j) = tc[3] * LA_AT(E, i, j) + tc[4] * LA_AT(E2, i, j);
        for (i = 0; i < n; ++i) {
            for (j = 0; j < n; ++j) LA_AT(E, i, j) = tc[1] * LA_AT(E, i, j) + (d > 1 ? tc[2] * LA_AT(E2, i, j) : 0);
            LA_AT(E, i, i) += tc[0];
        }
        if (d == 4) {
            la__gemm_upper(LA_NOTRANS, LA_NOTRANS, 1, E2, H, 1, E, 1, ws);
        }
    }
    /* X <- X q(E) */
    if (x_scalar) {
        for (i = 0; i < n; ++i)
            for (j = 0; j < n; ++j) LA_AT(X, i, j) = x0 * LA_AT(Q, i, j);
    } else {
        la__symm_product(X, Q, free_buf, ws);
        for (i = 0; i < n; ++i)
            memcpy(&LA_AT(X, i, 0), &LA_AT(free_buf, i, 0), (size_t)n * sizeof(la_real));
    }
}

/* Threshold on c l below which la__inv_root_rational forms T^2 M by a
 * product rather than by its cancelling formula. */
#define LA__ROOT_CANCEL ((la_real)(LA_REAL_IS_FLOAT ? 1e-2 : 1e-4))

/* The rational stage of la_inv_root: X <- x0 N^{-1/q} (q >= 2) for the SPD
 * N held in *M, its spectrum in [l, 1] (l > 0 a lower bound), by the
 * coupled iteration X <- X T, M <- T^q M with the rational T = t(M),
 * t(m) = b0 + b1 / (1 + c m) chosen by la__rational_root_step: the best
 * step of that type for the tracked spectrum while ||M - I||_F > 0.1
 * (for q = 2 the dynamically weighted Halley step), then Halley's (cubic).
 * T = b0 I + b1 R with R = (I + c M)^{-1} (la__spd_inverse_sweep); since
 * M R = (I - R) / c, T^2 M = b0^2 M + k1 (I - R) + k2 (R - R^2) with
 * k1 = 2 b0 b1 / c, k2 = b1^2 / c, and T^q M = (T^2)^{q/2 - 1} (T^2 M) for
 * even q, T (T^2)^{(q-3)/2} (T^2 M) for odd q. Per step one inverse and
 * 2 (q = 2), 3 (q = 3, 4) or more products (n^3 flops each). From
 * cond(N) = 1e8 it takes 3 steps for every q, where the polynomial
 * step of Guo and Higham takes 15 (q = 2). For q = 2 this is the product
 * form of the Denman-Beavers iteration (Cheng, Higham, Kenney and Laub,
 * SIAM J. Matrix Anal. Appl. 22, 2001) with the Halley-type weights of the
 * QDWH polar decomposition (Nakatsukasa, Bai and Gygi 2010); for q > 2
 * the same minimax weighting of the rational (Halley/Pade-type) p-th root
 * iterations (Iannazzo 2008; Laszkiewicz and Zietak 2009). M is driven to
 * I. Before each step la__root_taylor_degree tests whether the polynomial
 * step of la__root_taylor_step (degree 1 to 12, no inverse) can finish, on
 * M scaled to centre its spectrum on 1 (at n = 256 from cond 1e4 it
 * finishes after two rational steps, where ||M - I||_F <= 0.1 took three;
 * from cond 1e8 with degree 4 instead of 8). *R, *S and *W are n x n
 * scratch; the five buffers are swapped among *M, *R, *S, *W and *X,
 * which holds the root on return. sweep holds LA__SWEEP_BUF(n) reals.
 * *it counts steps (limit maxit); *res receives the final
 * residual. */
LA__PRIV la_status la__inv_root_rational(la_mat *M, la_mat *R, la_mat *S, la_mat *W, la_mat *X,
                                         la_real x0, la_real l, int q, la_real tol, la_int maxit,
                                         la_int *it, la_real *res, la_real *sweep, la_arena *ws) {
    la_int n = M->rows, i, j;
    la_real r = 0, r_prev = 0;
    la_status st = LA_OK;
    la_mat t;
    int x_scalar = 1;
    for (;;) {
        la_real b0, b1, c, k1, k2, lnew, mu, bound, off2;
        int accurate, need_t2, d;
        r = la__dist_identity_off(*M, &off2);
        if (!(r <= LA_REAL_MAX)) {
            st = LA_ERR_NO_CONVERGENCE;
            break;
        }
        if (r <= tol) break;
        if (*it >= maxit || (r_prev > 0 && r_prev <= (la_real)0.1 && r >= r_prev / 2)) {
            st = LA_ERR_NO_CONVERGENCE;
            break;
        }
        if ((d = la__root_taylor_degree(*M, *S, *R, *W, off2, tol, &mu, &bound, ws)) > 0) {
            la__root_taylor_step(*M, *S, *R, *W, *X, x_scalar, x0, q, d,
                                 LA_POW(mu, (la_real)1 / (la_real)q), ws);
            r = bound;
            x_scalar = 0;
            ++*it;
            break;
        }
        la__rational_root_step(r <= (la_real)0.1 ? 1 : l, q, &b0, &b1, &c, &lnew);
        /* R <- (I + c M)^{-1} */
        for (i = 0; i < n; ++i) {
            for (j = i; j < n; ++j) LA_AT(*R, i, j) = c * LA_AT(*M, i, j);
            LA_AT(*R, i, i) += 1;
        }
        if ((st = la__spd_inverse_sweep(*R, sweep, ws)) != LA_OK) break;
        ++*it;
        /* S <- R^2, then in one pass: M <- T^2 M by the formula in I - R and
         * R - R^2, unless c l is small: an eigenvalue m of M near l has
         * 1 - r(m) ~ c m, formed with an error of eps / (c m) relative.
         * Below LA__ROOT_CANCEL (reached from cond 1e10 or so in double)
         * T^2 M is formed by a product instead, and M keeps its small
         * eigenvalues to working precision; above it, at most 4 digits (2
         * in float) of them are lost, well inside the normwise error bound
         * eps cond / p. S <- T^2 = b0^2 I + 2 b0 b1 R + b1^2 R^2 (when needed),
         * R <- T. */
        la__symm_square(*R, *S, ws);
        accurate = r > (la_real)0.1 && c * l < LA__ROOT_CANCEL;
        need_t2 = accurate || q > 2;
        k1 = accurate ? 0 : 2 * b0 * b1 / c;
        k2 = accurate ? 0 : b1 * b1 / c;
        for (i = 0; i < n; ++i) {
            la_real *m = &LA_AT(*M, i, 0), *rr = &LA_AT(*R, i, 0), *ss = &LA_AT(*S, i, 0);
            if (!accurate)
                for (j = 0; j < n; ++j) m[j] = b0 * b0 * m[j] + (k2 - k1) * rr[j] - k2 * ss[j];
            if (need_t2) {
                for (j = 0; j < n; ++j) ss[j] = 2 * b0 * b1 * rr[j] + b1 * b1 * ss[j];
                ss[i] += b0 * b0;
            }
            for (j = 0; j < n; ++j) rr[j] *= b1;
            m[i] += k1;
            rr[i] += b0;
        }
        /* X <- X T (into W, the buffers swapped) */
        if (x_scalar) {
            for (i = 0; i < n; ++i)
                for (j = 0; j < n; ++j) LA_AT(*X, i, j) = x0 * LA_AT(*R, i, j);
            x_scalar = 0;
        } else {
            la__symm_product(*X, *R, *W, ws);
            t = *X;
            *X = *W;
            *W = t;
        }
        /* M <- T^q M: T^2 M unless formed above, then T for odd q and the
         * remaining (T^2)^{q/2 - 1} */
        if (accurate) {
            la__symm_product(*S, *M, *W, ws);
            t = *M;
            *M = *W;
            *W = t;
        }
        if (q % 2) {
            la__symm_product(*R, *M, *W, ws);
            t = *M;
            *M = *W;
            *W = t;
        }
        if (q / 2 > 1) la__symm_pow_times(M, S, R, W, q / 2 - 1, ws);
        if (r > (la_real)0.1) l = lnew;
        r_prev = r;
    }
    if (x_scalar) la_mat_set(*X, 0, x0);
    *res = r;
    return st;
}

/* la_inv_root_refine, and la_inv_root when try_warm is 0 (X is then output
 * only). */
LA__PRIV la_status la__inv_root(la_mat A, int p, la_real eps, la_mat X, const la_root_opts *o,
                                la_root_info *info, la_arena *ws, int try_warm) {
    la__scratch sc;
    la_status st = LA_OK;
    la_int n, i, it = 0, maxit = 100, mv = 0;
    la_real tol, r = 0, r_prev = 0, lmin = 0, lmax = 0, l, u, c, *V, *ab, *sweep;
    la_mat M, T, S1, S2, Xw, Xs;
    int warm = 0, x_scalar = 0, have_bounds = 0, pe = p;
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
    ab = (la_real *)la__scratch_alloc(&sc, 3 * LA__ROOT_LANCZOS * sizeof(la_real));
    sweep = (la_real *)la__scratch_alloc(&sc, LA__SWEEP_BUF(n) * sizeof(la_real));
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
            la__symm_product(Xw, M, R, sc.arena);
            la_mat_copy(Xw, B);
            if (p > 1) la__symm_pow_times(&R, &B, &P1, &P2, p - 1, sc.arena);
            r = la__dist_identity(R);
            if (r < 1) {
                la_mat_copy(R, M);
                warm = 1;
            }
        }
        if (!warm && !have_bounds) {
            /* the spectrum of A + eps I from the previous root's */
            la_real xh;
            if ((st = la__lanczos_extremes(n, la_linop_mat, &Xw, LA__MIN(n, LA__ROOT_LANCZOS), 1,
                                           V, ab, NULL, &xh, NULL, &mv)) != LA_OK)
                goto done;
            if (xh > 0) {
                lmin = (la_real)0.5 / la__powi(xh, p); /* lambda_min ~ xh^-p */
                have_bounds = 2;
            }
        }
    }
    if (!warm) {
        la_real xh, rig = LA__MIN(la_norm_fro(M), la_norm_inf(M));
        if (have_bounds != 1) {
            /* largest eigenvalue: Lanczos on A + eps I, capped by the
             * rigorous norm bound */
            if ((st = la__lanczos_extremes(n, la_linop_mat, &M, LA__MIN(n, LA__ROOT_LANCZOS), 2, V,
                                           ab, NULL, &xh, NULL, &mv)) != LA_OK)
                goto done;
            lmax = LA__MIN(rig, (la_real)1.02 * xh);
        }
        if (have_bounds == 0) {
            /* smallest: Lanczos on (A + eps I)^{-1} through its Cholesky
             * factor (which also tests positive definiteness) */
            la_mat_copy(M, S1);
            if (la_chol_ws(S1, sc.arena) != LA_OK) {
                st = LA_ERR_NOT_SPD;
                goto done;
            }
            if ((st = la__lanczos_extremes(n, la__chol_inverse_op, &S1,
                                           LA__MIN(n, LA__ROOT_LANCZOS), 3, V, ab, NULL, &xh,
                                           NULL, NULL)) != LA_OK)
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
    Xs = Xw;
    /* Cold start, p >= 2: one stage of rational steps of exponent p (p = 1:
     * the exact step below; a warm start: the polynomial iteration). */
    if (!warm && p >= 2) {
        st = la__inv_root_rational(&M, &T, &S1, &S2, &Xs, x_scale, l, p, tol, maxit, &it, &r, sweep,
                                   sc.arena);
        x_scalar = 0;
        pe = 0;
    }
    /* Cold start, p = 1: the rational step of exponent 1 is exact,
     * t(m) = 1 / m. X = x0 N^{-1} by the sweeps and M = N^{-1} N by a
     * product, within about eps cond(N) of I; the polynomial step below
     * finishes. If the sweeps fail or M is not within 1 of I (N near
     * singular), the polynomial iteration starts from x0 I instead. */
    if (!warm && p == 1) {
        la_mat_copy(M, T);
        if (la__spd_inverse_sweep(T, sweep, sc.arena) == LA_OK) {
            la_mat t;
            la__symm_product(T, M, S1, sc.arena);
            r = la__dist_identity(S1);
            if (r < 1) {
                t = M;
                M = S1;
                S1 = t;
                for (i = 0; i < n; ++i) la_scal(n, x_scale, &LA_AT(T, i, 0), 1);
                t = Xs;
                Xs = T;
                T = t;
                x_scalar = 0;
                it = 1;
                l = 1 - r;
                u = 1 + r;
            }
        }
    }
    /* The polynomial iteration. Xs is the current X (when not a multiple of I). */
    while (st == LA_OK && (pe % 2 == 1 || warm)) {
        la_real mu, a, bcoef, bound, off2;
        int d;
        la_mat t;
        r = la__dist_identity_off(M, &off2);
        if (!(r <= LA_REAL_MAX)) {
            st = LA_ERR_NO_CONVERGENCE;
            break;
        }
        if (r <= tol) break;
        if (it >= maxit || (r_prev > 0 && r_prev <= (la_real)0.1 && r >= r_prev / 2)) {
            st = LA_ERR_NO_CONVERGENCE;
            break;
        }
        if ((d = la__root_taylor_degree(M, T, S1, S2, off2, tol, &mu, &bound, sc.arena)) > 0) {
            la__root_taylor_step(M, T, S1, S2, Xs, x_scalar, x_scale, pe, d,
                                 LA_POW(mu, (la_real)1 / (la_real)pe), sc.arena);
            r = bound;
            x_scalar = 0;
            ++it;
            break;
        }
        mu = r <= (la_real)0.1 ? 1 : la__root_scale(l, u, pe);
        a = LA_POW(mu, (la_real)1 / (la_real)pe) * (la_real)(pe + 1) / (la_real)pe;
        bcoef = -mu * LA_POW(mu, (la_real)1 / (la_real)pe) / (la_real)pe;
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
            la__symm_product(Xs, T, S1, sc.arena);
            t = Xs;
            Xs = S1;
            S1 = t;
        }
        /* M <- T^p M */
        la__symm_pow_times(&M, &T, &S1, &S2, pe, sc.arena);
        if (r > (la_real)0.1) {
            la_real fl = la__root_map(mu * l, pe), fu = la__root_map(mu * u, pe);
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
            la__symm_square(G, P, NULL);
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

/* Solve the k x k system K x = c (k <= 4, K row-major, both overwritten) by
 * Gaussian elimination with partial pivoting; 0 if K is singular to
 * working precision (relative to its largest entry). */
LA__PRIV int la__small_solve(int k, la_real *K, la_real *c) {
    la_real kmax = 0;
    int i, j, p, q;
    for (i = 0; i < k * k; ++i) kmax = LA__MAX(kmax, LA_FABS(K[i]));
    for (p = 0; p < k; ++p) {
        int piv = p;
        for (i = p + 1; i < k; ++i)
            if (LA_FABS(K[i * k + p]) > LA_FABS(K[piv * k + p])) piv = i;
        if (!(LA_FABS(K[piv * k + p]) > LA_EPS * kmax)) return 0;
        if (piv != p) {
            for (j = 0; j < k; ++j) {
                la_real t = K[p * k + j];
                K[p * k + j] = K[piv * k + j];
                K[piv * k + j] = t;
            }
            {
                la_real t = c[p];
                c[p] = c[piv];
                c[piv] = t;
            }
        }
        for (i = p + 1; i < k; ++i) {
            la_real f = K[i * k + p] / K[p * k + p];
            for (q = p; q < k; ++q) K[i * k + q] -= f * K[p * k + q];
            c[i] -= f * c[p];
        }
    }
    for (p = k - 1; p >= 0; --p) {
        for (q = p + 1; q < k; ++q) c[p] -= K[p * k + q] * c[q];
        c[p] /= K[p * k + p];
    }
    return 1;
}

/* Size (1 or 2) of the diagonal block of the quasi-triangular T at i. */
LA__PRIV la_int la__qt_block(la_mat T, la_int i) {
    return i + 1 < T.rows && LA_AT(T, i + 1, i) != 0 ? 2 : 1;
}

/* R <- the principal square root of the quasi-upper triangular T (real
 * Schur form with standardized 2 x 2 blocks), R quasi-upper triangular
 * with the same blocks; R must not overlap T. Higham 1987. */
LA__PRIV la_status la__schur_sqrt(la_mat T, la_mat R) {
    la_int n = T.rows, i, j, bi, bj, k;
    la_mat_set(R, 0, 0);
    /* diagonal blocks */
    for (i = 0; i < n; i += bi) {
        bi = la__qt_block(T, i);
        if (bi == 1) {
            la_real t = LA_AT(T, i, i);
            if (t < 0) return LA_ERR_NO_REAL_ROOT;
            LA_AT(R, i, i) = LA_SQRT(t);
        } else {
            /* [a b; c a], eigenvalues a +- i beta: sqrt = theta I + (T - a I) / (2 theta)
             * with theta + i mu the principal root of a + i beta */
            /* (beta and the halves formed so that nothing overflows or
             * underflows for any representable block) */
            la_real a = LA_AT(T, i, i) / 2 + LA_AT(T, i + 1, i + 1) / 2;
            la_real beta =
                LA_SQRT(LA_FABS(LA_AT(T, i, i + 1))) * LA_SQRT(LA_FABS(LA_AT(T, i + 1, i)));
            la_real rho = la__hypot(a, beta), theta;
            if (a >= 0)
                theta = LA_SQRT(a / 2 + rho / 2);
            else
                theta = beta / (2 * LA_SQRT(rho / 2 - a / 2));
            LA_AT(R, i, i) = theta + (LA_AT(T, i, i) - a) / (2 * theta);
            LA_AT(R, i + 1, i + 1) = theta + (LA_AT(T, i + 1, i + 1) - a) / (2 * theta);
            LA_AT(R, i, i + 1) = LA_AT(T, i, i + 1) / (2 * theta);
            LA_AT(R, i + 1, i) = LA_AT(T, i + 1, i) / (2 * theta);
        }
    }
    /* off-diagonal blocks, column block by column block, bottom up:
     * R_ii X + X R_jj = T_ij - sum_{i<k<j} R_ik R_kj */
    for (j = 0; j < n; j += bj) {
        bj = la__qt_block(T, j);
        for (i = j - 1; i >= 0; --i) {
            la_real K[16], c[4];
            int a, b, cc, d, q;
            i -= (i > 0 && LA_AT(T, i, i - 1) != 0); /* start of the block ending at i */
            bi = la__qt_block(T, i);
            q = (int)(bi * bj);
            for (a = 0; a < bi; ++a)
                for (b = 0; b < bj; ++b) {
                    la_real s = LA_AT(T, i + a, j + b);
                    for (k = i + bi; k < j; ++k) s -= LA_AT(R, i + a, k) * LA_AT(R, k, j + b);
                    c[a + bi * b] = s;
                }
            for (a = 0; a < bi; ++a)
                for (b = 0; b < bj; ++b)
                    for (cc = 0; cc < bi; ++cc)
                        for (d = 0; d < bj; ++d)
                            K[(a + bi * b) * q + (cc + bi * d)] =
                                (b == d ? LA_AT(R, i + a, i + cc) : 0) +
                                (a == cc ? LA_AT(R, j + d, j + b) : 0);
            if (!la__small_solve(q, K, c)) {
                /* a zero eigenvalue meets another: defined only for a zero
                 * right-hand side */
                for (a = 0; a < q; ++a)
                    if (c[a] != 0) return LA_ERR_NO_REAL_ROOT;
            }
            for (a = 0; a < bi; ++a)
                for (b = 0; b < bj; ++b) LA_AT(R, i + a, j + b) = c[a + bi * b];
        }
    }
    return LA_OK;
}

LA_API size_t la_sqrtm_ws_bytes(la_int n) {
    size_t nn = (size_t)LA__MAX(n, 0);
    return 3 * la_ws_reals(nn * nn) + la_schur_ws_bytes(n) + LA_ARENA_ALIGN;
}

/* X <- Z R Z^T through the scratch W. */
LA__PRIV void la__similarity_back(la_mat Z, la_mat R, la_mat W, la_mat X) {
    la_gemm(LA_NOTRANS, LA_NOTRANS, 1, Z, R, 0, W);
    la_gemm(LA_NOTRANS, LA_TRANS, 1, W, Z, 0, X);
}

/* The real Schur form of A into T and Z (scratch of the caller's sc). */
LA__PRIV la_status la__schur_of(la_mat A, la_mat T, la_mat Z, la__scratch *sc, la_arena *ws) {
    la_mat_copy(A, T);
    return la_schur(T, Z, NULL, NULL, sc->heap ? NULL : ws);
}

LA_API la_status la_sqrtm(la_mat A, la_mat X, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int n;
    la_mat T, Z, R;
    if (la_mat_check(A) || la_mat_check(X)) return LA_ERR_ARG;
    if (A.rows != A.cols || X.rows != A.rows || X.cols != A.cols) return LA_ERR_DIM;
    n = A.rows;
    if (!la_mat_isfinite(A)) return LA_ERR_NONFINITE;
    if (n == 0) return LA_OK;
    if ((st = la__scratch_begin(&sc, ws, 3 * la_ws_reals((size_t)n * n))) != LA_OK) return st;
    T = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    Z = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    R = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    if ((st = la__schur_of(A, T, Z, &sc, ws)) != LA_OK) goto done;
    if ((st = la__schur_sqrt(T, R)) != LA_OK) goto done;
    la__similarity_back(Z, R, T, X);
done:
    la__scratch_end(&sc);
    return st;
}

LA_API size_t la_logm_ws_bytes(la_int n) {
    size_t nn = (size_t)LA__MAX(n, 0);
    return 5 * la_ws_reals(nn * nn) + la_ws_ints(nn) + la_schur_ws_bytes(n) + LA_ARENA_ALIGN;
}

/* The m-point Gauss-Legendre rule on [0, 1] (m <= 8): nodes x, weights w,
 * by Newton's method on the Legendre polynomial P_m. */
LA__PRIV void la__gauss_legendre01(int m, la_real *x, la_real *w) {
    int i, k, it;
    const la_real pi = (la_real)3.14159265358979323846;
    for (i = 0; i < m; ++i) {
        la_real t = LA_COS(pi * ((la_real)i + (la_real)0.75) / ((la_real)m + (la_real)0.5));
        la_real p0 = 1, p1 = t, dp = 1;
        for (it = 0; it < 100; ++it) {
            la_real dt;
            p0 = 1;
            p1 = t;
            for (k = 2; k <= m; ++k) {
                la_real p2 = ((la_real)(2 * k - 1) * t * p1 - (la_real)(k - 1) * p0) / (la_real)k;
                p0 = p1;
                p1 = p2;
            }
            dp = (la_real)m * (t * p1 - p0) / (t * t - 1);
            dt = p1 / dp;
            t -= dt;
            if (LA_FABS(dt) <= 4 * LA_EPS) break;
        }
        x[i] = (1 - t) / 2;
        w[i] = 1 / ((1 - t * t) * dp * dp);
    }
}

LA_API la_status la_logm(la_mat A, la_mat X, la_arena *ws) {
    /* ||T - I||_1 bounds for the [m/m] Pade approximant of log(I + Y),
     * Higham 2001 (double precision; used in float too, conservatively). */
    static const double theta[7] = {1.10e-5, 1.82e-3, 1.62e-2, 5.39e-2, 1.14e-1, 1.87e-1, 2.64e-1};
    la__scratch sc;
    la_status st;
    la_int n, i, j, k = 0, *piv;
    la_mat T, Z, R, L, M;
    la_real nodes[8], weights[8], dist;
    int m = 7, q;
    if (la_mat_check(A) || la_mat_check(X)) return LA_ERR_ARG;
    if (A.rows != A.cols || X.rows != A.rows || X.cols != A.cols) return LA_ERR_DIM;
    n = A.rows;
    if (!la_mat_isfinite(A)) return LA_ERR_NONFINITE;
    if (n == 0) return LA_OK;
    if ((st = la__scratch_begin(&sc, ws, 5 * la_ws_reals((size_t)n * n) + la_ws_ints((size_t)n))) !=
        LA_OK)
        return st;
    T = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    Z = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    R = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    L = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    M = la_mat_of(n, n, (la_real *)la__scratch_alloc(&sc, (size_t)n * n * sizeof(la_real)));
    piv = (la_int *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_int));
    if ((st = la__schur_of(A, T, Z, &sc, ws)) != LA_OK) goto done;
    for (i = 0; i < n; i += la__qt_block(T, i))
        if (la__qt_block(T, i) == 1 && !(LA_AT(T, i, i) > 0)) {
            st = LA_ERR_NO_REAL_ROOT;
            goto done;
        }
    /* T <- T^(1/2^k) until close enough to I */
    for (;;) {
        la_mat t;
        /* dist = ||T - I||_1, T left as it is (subtracting and adding back
         * 1 would round away diagonal entries far below 1) */
        dist = 0;
        for (j = 0; j < n; ++j) {
            la_real c = 0;
            for (i = 0; i < n; ++i) c += LA_FABS(LA_AT(T, i, j) - (la_real)(i == j));
            dist = LA__MAX(dist, c);
        }
        if (dist <= (la_real)theta[6]) break;
        if (k >= 64) {
            st = LA_ERR_NO_CONVERGENCE;
            goto done;
        }
        if ((st = la__schur_sqrt(T, R)) != LA_OK) goto done;
        t = T;
        T = R;
        R = t;
        ++k;
    }
    while (m > 1 && dist <= (la_real)theta[m - 2]) --m;
    /* log(I + Y) ~ sum_q w_q Y (I + x_q Y)^{-1}, Y = T - I (R holds Y) */
    la__gauss_legendre01(m, nodes, weights);
    la_mat_copy(T, R);
    for (i = 0; i < n; ++i) LA_AT(R, i, i) -= 1;
    la_mat_set(L, 0, 0);
    for (q = 0; q < m; ++q) {
        for (i = 0; i < n; ++i)
            for (j = 0; j < n; ++j) LA_AT(M, i, j) = nodes[q] * LA_AT(R, i, j) + (i == j);
        la_mat_copy(R, T); /* T is free now: the right-hand side Y */
        if ((st = la_lu(M, piv)) != LA_OK) goto done;
        if ((st = la_lu_solve(M, piv, T)) != LA_OK) goto done;
        for (i = 0; i < n; ++i) la_axpy(n, weights[q], &LA_AT(T, i, 0), 1, &LA_AT(L, i, 0), 1);
    }
    {
        la_real scale = LA_POW((la_real)2, (la_real)k);
        for (i = 0; i < n; ++i) la_scal(n, scale, &LA_AT(L, i, 0), 1);
    }
    la__similarity_back(Z, L, T, X);
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
    la_real tol = 0, bnorm, rnorm = 0, thresh, d_old = 0, gr_old = 1, gz_old = 1, nu = 1;
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
    /* Scale-free arithmetic: r^T z is formed as gr gz (r/gr)^T (z/gz) and
     * the direction kept as nu p, with gr, gz and nu the powers of two
     * below ||r||, ||z|| and the direction's norm, so that A is applied to
     * p of norm in [1, 2) and alpha and beta come from ratios of scaled
     * quantities. Operators and right-hand sides near 2^+-600 (and
     * preconditioners of another scale) then solve as at scale 1, where
     * A b or r^T r would overflow or underflow. */
    for (;;) {
        la_real d, gr, gz, pq, step;
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
        gr = la__pow2_below(rnorm);
        if (M) {
            if ((st = la__linop_apply(M, mctx, r, z, n, NULL)) != LA_OK) goto done;
            gz = la__pow2_below(la_nrm2(n, z, 1));
            d = 0;
            for (i = 0; i < n; ++i) d += (r[i] / gr) * (z[i] / gz);
        } else {
            gz = gr;
            d = (rnorm / gr) * (rnorm / gr);
        }
        if (!(d > 0)) { /* r != 0 here: M is not positive definite */
            st = LA_ERR_BREAKDOWN;
            goto done;
        }
        if (restart) {
            la_copy(n, z, 1, p, 1);
            restart = 0;
        } else {
            /* p <- z + beta (nu p), beta = r^T z / (r^T z)_old */
            la_real beta = d / d_old * (gr / gr_old) * (gz / gz_old) * nu;
            for (i = 0; i < n; ++i) p[i] = z[i] + beta * p[i];
        }
        d_old = d;
        gr_old = gr;
        gz_old = gz;
        nu = la__pow2_below(la_nrm2(n, p, 1));
        la_scal(n, 1 / nu, p, 1);
        if ((st = la__linop_apply(A, actx, p, q, n, &mv)) != LA_OK) goto done;
        pq = la_dot(n, p, 1, q, 1);
        if (!(pq > 0)) {
            if (info) info->curvature = pq / la_dot(n, p, 1, p, 1);
            st = LA_ERR_BREAKDOWN;
            goto done;
        }
        /* x <- x + alpha (nu p), alpha = r^T z / (nu^2 p^T A p) */
        step = d / pq * (gr / nu) * gz;
        la_axpy(n, step, p, 1, x, 1);
        la_axpy(n, -step, q, 1, r, 1);
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

/* sqrt(x^T y) for x^T y >= 0 (-1 when negative), formed from x and y
 * scaled by the powers of two below their norms, so that it neither
 * overflows nor underflows where the square root is representable. */
LA__PRIV la_real la__sqrt_dot(la_int n, const la_real *x, const la_real *y) {
    la_real gx = la__pow2_below(la_nrm2(n, x, 1)), gy = la__pow2_below(la_nrm2(n, y, 1)), d = 0;
    la_int i;
    for (i = 0; i < n; ++i) d += (x[i] / gx) * (y[i] / gy);
    if (d < 0) return -1;
    return LA_SQRT(d) * LA_SQRT(gx) * LA_SQRT(gy);
}

LA_API la_status la_minres(la_int n, la_linop A, void *actx, la_linop M, void *mctx,
                           const la_real *b, la_real *x, const la_iter_opts *o,
                           la_iter_info *info, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_real tol = 0, bnorm = 0, beta1, beta, oldb = 0, dbar = 0, epsln = 0, phibar, cs = -1,
            sn = 0, res = 0, nres = 0, anorm = 0;
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
    bnorm = la__sqrt_dot(n, b, y);
    if (!(bnorm > 0)) {
        st = LA_ERR_BREAKDOWN;
        goto done;
    }
    if ((st = la__linop_residual(A, actx, n, b, x, r1, &mv)) != LA_OK) goto done;
    if ((st = la__precond_apply(M, mctx, r1, y, n)) != LA_OK) goto done;
    beta1 = la__sqrt_dot(n, r1, y);
    if (beta1 < 0) {
        st = LA_ERR_BREAKDOWN;
        goto done;
    }
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
        beta = la__sqrt_dot(n, r2, y);
        if (beta < 0) {
            st = LA_ERR_BREAKDOWN;
            goto done;
        }
        /* ||T_k||_F, accumulated without squares (they overflow or
         * underflow for operators near 2^+-512; an anorm of 0 once passed
         * the least-squares test) */
        anorm = la__hypot(anorm, la__hypot(alfa, la__hypot(beta, it >= 2 ? oldb : 0)));
        oldeps = epsln;
        delta = cs * dbar + sn * alfa;
        gbar = sn * dbar - cs * alfa;
        epsln = sn * beta;
        dbar = -cs * beta;
        root = la__hypot(gbar, dbar);
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
    la_real tol = 0, alfa, beta, rhobar, phibar, bnorm, anorm = 0, acond = 0, dnorm = 0,
            resn = 0, xxn = 0, z = 0, cs2 = -1, sn2 = 0, rnorm, test1 = 0, test2 = 0;
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
    test1 = 1;
    if (alfa == 0) goto done; /* A^T b = 0: x = 0 is the solution */
    while (it < maxit) {
        la_real rhobar1, cs1, sn1, psi, rho, cs, sn, theta, phi, tau, t1, t2, delta, gambar, rhs,
                zbar, gamma, xnorm;
        ++it;
        if ((st = la__linop_apply(A, ctx, v, tm, m, &mv)) != LA_OK) goto done;
        for (i = 0; i < m; ++i) u[i] = tm[i] - alfa * u[i];
        beta = la__normalize(m, u);
        /* the norms below are accumulated by hypot, not as sums of squares
         * (which overflow or underflow for operators or right-hand sides
         * near 2^+-512 and once ended the iteration with LA_OK at x = 0) */
        anorm = la__hypot(anorm, la__hypot(alfa, la__hypot(beta, damp)));
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
        dnorm = la__hypot(dnorm, la_nrm2(n, w, 1) / rho);
        for (i = 0; i < n; ++i) {
            x[i] += t1 * w[i];
            w[i] = v[i] + t2 * w[i];
        }
        /* ||x|| by a second rotation (Paige-Saunders' xnorm recurrence) */
        delta = sn2 * rho;
        gambar = -cs2 * rho;
        rhs = phi - delta * z;
        zbar = rhs / gambar;
        xnorm = la__hypot(xxn, zbar);
        gamma = la__hypot(gambar, theta);
        cs2 = gambar / gamma;
        sn2 = theta / gamma;
        z = rhs / gamma;
        xxn = la__hypot(xxn, z);
        acond = anorm * dnorm;
        resn = la__hypot(resn, psi);
        rnorm = la__hypot(phibar, resn);
        test1 = rnorm / bnorm;
        /* ||A^T r|| / (||A|| ||r||), ||A^T r|| = alfa |tau| */
        test2 = rnorm > 0 ? alfa / anorm * (LA_FABS(tau) / rnorm) : 0;
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
        /* res = ||w - lam v||, its squares scaled by the largest entry so
         * that they neither overflow nor underflow */
        for (res = 0, i = 0; i < n; ++i) res = LA__MAX(res, LA_FABS(w[i] - lam * v[i]));
        if (res > 0 && res <= LA_REAL_MAX) {
            la_real s = 0, big = res;
            for (i = 0; i < n; ++i) s += ((w[i] - lam * v[i]) / big) * ((w[i] - lam * v[i]) / big);
            res = big * LA_SQRT(s);
        }
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
 * standard deviation of z^T A z (Welford's recurrence, on the samples
 * divided by the power of two g below the first nonzero one, so that the
 * squares neither overflow nor underflow for operators near 2^+-600). */
LA__PRIV la_status la__hutchinson(la_int n, la_linop A, void *actx, la_int probes,
                                  la_real *mean, la_real *sdev, la_real *diag,
                                  const la_iter_opts *o, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_real tol, mu = 0, m2 = 0, g = 0;
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
            la_real s = la_dot(n, z, 1, y, 1), d;
            if (g == 0 && s != 0) g = la__pow2_below(LA_FABS(s));
            s /= g != 0 ? g : 1;
            d = s - mu;
            mu += d / (la_real)(k + 1);
            m2 += d * (s - mu);
        }
    }
    if (g == 0) g = 1;
    if (mean) *mean = g * mu;
    if (sdev) *sdev = probes > 1 ? g * LA_SQRT(m2 / (la_real)(probes - 1)) : 0;
done:
    la__scratch_end(&sc);
    return st;
}

LA_API la_status la_hutchinson_trace(la_int n, la_linop A, void *actx, la_int probes,
                                     la_real *trace, la_real *std_error,
                                     const la_iter_opts *o, la_arena *ws) {
    la_real mu = 0, sdev = 0;
    la_status st;
    if (!trace) return LA_ERR_ARG;
    st = la__hutchinson(n, A, actx, probes, &mu, &sdev, NULL, o, ws);
    *trace = mu;
    if (std_error) *std_error = sdev / LA_SQRT((la_real)LA__MAX(probes, 1));
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

/* Basis size of la_lanczos. */
LA__PRIV la_int la__lanczos_basis(la_int n, la_int k) {
    return LA__MIN(n, LA__MAX(2 * k + 10, 20));
}

LA_API size_t la_lanczos_ws_bytes(la_int n, la_int k) {
    la_int m = la__lanczos_basis(LA__MAX(n, 0), k);
    size_t nn = (size_t)LA__MAX(n, 0), mm = (size_t)LA__MAX(m, 0);
    return la_ws_reals((mm + 1) * nn) + 2 * la_ws_reals(mm * mm) + la_ws_reals(mm) +
           la_ws_reals(nn) + la_eigh_ws_bytes(m, 1) + LA_ARENA_ALIGN;
}

/* w <- w minus its components along the rows 0..j-1 of B (n-vectors), two
 * passes of classical Gram-Schmidt; the first pass's coefficients go to
 * h[0..j) when h is non-NULL. */
LA__PRIV void la__orthogonalize(la_int n, const la_real *B, la_int j, la_real *w, la_real *h) {
    la_int i, pass;
    for (pass = 0; pass < 2; ++pass)
        for (i = 0; i < j; ++i) {
            la_real c = la_dot(n, B + (size_t)i * (size_t)n, 1, w, 1);
            la_axpy(n, -c, B + (size_t)i * (size_t)n, 1, w, 1);
            if (h && pass == 0) h[i] = c;
            else if (h) h[i] += c;
        }
}

LA_API la_status la_lanczos(la_int n, la_linop A, void *actx, la_int k, la_which which,
                            la_real *w, la_mat V, const la_iter_opts *o, la_iter_info *info,
                            la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_real tol = 0, *B, *theta, *tmp, beta = 0, worst = 0, anorm, hnorm = 0;
    la_mat H, S;
    la_int m, maxit, cycles = 0, mv = 0, kept = 0, j, i, c, first;
    uint64_t seed;
    la_rng rng;
    la__iter_info_clear(info);
    if (n < 0 || !A || !w || k < 1 || k > n || (which != LA_SMALLEST && which != LA_LARGEST) ||
        (V.data && la_mat_check(V)))
        return la__iter_done(info, LA_ERR_ARG, 0, 0, 0, 0);
    if (V.data && (V.rows != n || V.cols != k)) return la__iter_done(info, LA_ERR_DIM, 0, 0, 0, 0);
    if ((st = la__iter_opts_get(o, 100, &tol, &maxit, &seed)) != LA_OK)
        return la__iter_done(info, st, 0, 0, 0, 0);
    m = la__lanczos_basis(n, k);
    if ((st = la__scratch_begin(&sc, ws, la_ws_reals((size_t)(m + 1) * (size_t)n) +
                                             2 * la_ws_reals((size_t)m * (size_t)m) +
                                             la_ws_reals((size_t)m) + la_ws_reals((size_t)n))) !=
        LA_OK)
        return la__iter_done(info, st, 0, 0, 0, tol);
    B = (la_real *)la__scratch_alloc(&sc, (size_t)(m + 1) * (size_t)n * sizeof(la_real));
    H = la_mat_of(m, m, (la_real *)la__scratch_alloc(&sc, (size_t)m * m * sizeof(la_real)));
    S = la_mat_of(m, m, (la_real *)la__scratch_alloc(&sc, (size_t)m * m * sizeof(la_real)));
    theta = (la_real *)la__scratch_alloc(&sc, (size_t)m * sizeof(la_real));
    tmp = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    rng = la_rng_seed(seed);
    la__vec_random_unit(&rng, n, B);
    la_mat_set(H, 0, 0);
    for (;;) {
        /* extend the basis from `kept` to m vectors: H = B^T A B */
        for (j = kept; j < m; ++j) {
            la_real *v = B + (size_t)j * (size_t)n, *f = v + n;
            if ((st = la__linop_apply(A, actx, v, f, n, &mv)) != LA_OK) goto done;
            la__orthogonalize(n, B, j + 1, f, theta); /* theta: column j of H */
            for (i = 0; i <= j; ++i) {
                LA_AT(H, i, j) = LA_AT(H, j, i) = theta[i];
                hnorm = LA__MAX(hnorm, LA_FABS(theta[i]));
            }
            beta = la__normalize(n, f);
            hnorm = LA__MAX(hnorm, beta);
            if (beta <= 10 * LA_EPS * hnorm && j + 1 < m) {
                /* an invariant subspace: continue from a fresh direction
                 * (coupling 0) */
                do {
                    la__vec_random_unit(&rng, n, f);
                    la__orthogonalize(n, B, j + 1, f, NULL);
                } while (la__normalize(n, f) < (la_real)0.5);
                beta = 0;
            }
            if (j + 1 < m) LA_AT(H, j + 1, j) = LA_AT(H, j, j + 1) = beta;
        }
        /* Rayleigh-Ritz; A B = B H + beta f e_m^T gives the residuals */
        if ((st = la_eigh(H, theta, S, sc.heap ? NULL : ws)) != LA_OK) goto done;
        anorm = LA__MAX(LA_FABS(theta[0]), LA_FABS(theta[m - 1]));
        first = which == LA_LARGEST ? m - k : 0;
        worst = 0;
        for (i = first; i < first + k; ++i)
            worst = LA__MAX(worst, LA_FABS(beta * LA_AT(S, m - 1, i)) / LA__MAX(anorm, LA_REAL_MIN));
        ++cycles;
        if (worst <= tol || m == n || cycles >= maxit) break;
        /* thick restart: keep the Ritz vectors nearest the wanted end, and
         * the residual direction f as the next basis vector */
        kept = LA__MIN(m - 1, k + (m - k) / 2);
        {
            /* rows 0..kept-1 of B <- the Ritz vectors B^T S[:, lo..lo+kept),
             * in place, one coordinate (column of B) at a time */
            la_int lo = which == LA_LARGEST ? m - kept : 0;
            la_int col;
            for (col = 0; col < n; ++col) {
                for (i = 0; i < m; ++i) tmp[i] = B[(size_t)i * (size_t)n + (size_t)col];
                for (c = 0; c < kept; ++c)
                    B[(size_t)c * (size_t)n + (size_t)col] =
                        la_dot(m, tmp, 1, &LA_AT(S, 0, lo + c), S.ld);
            }
            memmove(B + (size_t)kept * (size_t)n, B + (size_t)m * (size_t)n,
                    (size_t)n * sizeof(la_real));
            la_mat_set(H, 0, 0);
            for (c = 0; c < kept; ++c) {
                LA_AT(H, c, c) = theta[lo + c];
                LA_AT(H, c, kept) = LA_AT(H, kept, c) = beta * LA_AT(S, m - 1, lo + c);
            }
        }
    }
    st = worst <= tol || m == n ? LA_OK : LA_ERR_NO_CONVERGENCE;
    /* the wanted Ritz pairs (ascending) */
    first = which == LA_LARGEST ? m - k : 0;
    for (i = 0; i < k; ++i) w[i] = theta[first + i];
    if (V.data) {
        la_int col;
        for (col = 0; col < n; ++col) {
            for (i = 0; i < m; ++i) tmp[i] = B[(size_t)i * (size_t)n + (size_t)col];
            for (c = 0; c < k; ++c) LA_AT(V, col, c) = la_dot(m, tmp, 1, &LA_AT(S, 0, first + c), S.ld);
        }
    }
done:
    la__scratch_end(&sc);
    return la__iter_done(info, st, cycles, mv, worst, tol);
}

LA_API la_status la_spectral_bounds(la_int n, la_linop A, void *actx, la_int steps,
                                    la_real *lmin, la_real *lmax, const la_iter_opts *o,
                                    la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_real tol, beta = 0, *V, *ab;
    la_int maxit;
    uint64_t seed;
    if (n < 1 || !A || !lmin || !lmax) return LA_ERR_ARG;
    if ((st = la__iter_opts_get(o, 1, &tol, &maxit, &seed)) != LA_OK) return st;
    if (steps <= 0) steps = 20;
    steps = LA__MIN(steps, n);
    if ((st = la__scratch_begin(&sc, ws, la_ws_reals((size_t)(steps + 1) * (size_t)n) +
                                             la_ws_reals(3 * (size_t)steps))) != LA_OK)
        return st;
    V = (la_real *)la__scratch_alloc(&sc, (size_t)(steps + 1) * (size_t)n * sizeof(la_real));
    ab = (la_real *)la__scratch_alloc(&sc, 3 * (size_t)steps * sizeof(la_real));
    st = la__lanczos_extremes(n, A, actx, steps, seed, V, ab, lmin, lmax, &beta, NULL);
    if (st == LA_OK) *lmax += beta;
    la__scratch_end(&sc);
    return st;
}

/* Y (rows x l) <- op(X) for X (cols x l), op the operator (A or its
 * transpose): one la_gemm when op is a dense adapter, else column by
 * column through the n-vectors xv, yv. */
LA__PRIV la_status la__linop_block(la_linop op, void *ctx, la_mat X, la_mat Y, la_real *xv,
                                   la_real *yv) {
    la_int c, i;
    la_status st;
    if (op == la_linop_mat || op == la_linop_mat_trans) {
        const la_mat *M = (const la_mat *)ctx;
        if (!M) return LA_ERR_ABORTED;
        if (la_gemm(op == la_linop_mat ? LA_NOTRANS : LA_TRANS, LA_NOTRANS, 1, *M, X, 0, Y) != LA_OK)
            return LA_ERR_ABORTED;
        return la_mat_isfinite(Y) ? LA_OK : LA_ERR_NONFINITE;
    }
    for (c = 0; c < X.cols; ++c) {
        for (i = 0; i < X.rows; ++i) xv[i] = LA_AT(X, i, c);
        if ((st = la__linop_apply(op, ctx, xv, yv, Y.rows, NULL)) != LA_OK) return st;
        for (i = 0; i < Y.rows; ++i) LA_AT(Y, i, c) = yv[i];
    }
    return LA_OK;
}

/* Q <- an orthonormal basis of the columns of Y (m x l, l <= m; Y is
 * overwritten by its QR), by la_qr and la_qr_form_q. */
LA__PRIV la_status la__orth_basis(la_mat Y, la_real *tau, la_mat Q, la_arena *ws) {
    la_status st;
    if ((st = la_qr(Y, tau, ws)) != LA_OK) return st;
    return la_qr_form_q(Y, tau, Q, ws);
}

LA_API size_t la_rand_range_ws_bytes(la_int m, la_int n, la_int l) {
    size_t mm = (size_t)LA__MAX(m, 0), nn = (size_t)LA__MAX(n, 0), ll = (size_t)LA__MAX(l, 0);
    size_t big = LA__MAX(mm, nn);
    return la_ws_reals(big * ll) + la_ws_reals(nn * ll) + 2 * la_ws_reals(big) + la_ws_reals(ll) +
           la_qr_ws_bytes((la_int)big, l) + la_qr_form_q_ws_bytes((la_int)big, l, l) +
           LA_ARENA_ALIGN;
}

LA_API la_status la_rand_range(la_int m, la_int n, la_linop A, la_linop At, void *ctx,
                               la_int power_iters, la_mat Q, const la_iter_opts *o,
                               la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_real tol, *xv, *yv, *tau;
    la_int l, maxit, big, i, it;
    size_t qr_bytes;
    uint64_t seed;
    la_rng rng;
    la_mat Y, W;
    if (m < 0 || n < 0 || !A || !At || power_iters < 0 || la_mat_check(Q)) return LA_ERR_ARG;
    l = Q.cols;
    if (Q.rows != m || l < 1 || l > LA__MIN(m, n)) return LA_ERR_DIM;
    if ((st = la__iter_opts_get(o, 1, &tol, &maxit, &seed)) != LA_OK) return st;
    big = LA__MAX(m, n);
    qr_bytes = LA__MAX(la_qr_ws_bytes(big, l), la_qr_form_q_ws_bytes(big, l, l));
    /* from a caller's arena, room for the QRs too (the largest, of the
     * big x l block of a power pass, comes after Q is first written): a
     * short arena fails here, Q untouched */
    if ((st = la__scratch_begin(&sc, ws, la_ws_reals((size_t)big * l) + la_ws_reals((size_t)n * l) +
                                             2 * la_ws_reals((size_t)big) + la_ws_reals((size_t)l) +
                                             (ws ? qr_bytes - LA_ARENA_ALIGN : 0))) != LA_OK)
        return st;
    Y = la_mat_of(m, l, (la_real *)la__scratch_alloc(&sc, (size_t)big * l * sizeof(la_real)));
    W = la_mat_of(n, l, (la_real *)la__scratch_alloc(&sc, (size_t)n * l * sizeof(la_real)));
    xv = (la_real *)la__scratch_alloc(&sc, (size_t)big * sizeof(la_real));
    yv = (la_real *)la__scratch_alloc(&sc, (size_t)big * sizeof(la_real));
    tau = (la_real *)la__scratch_alloc(&sc, (size_t)l * sizeof(la_real));
    rng = la_rng_seed(seed);
    for (i = 0; i < n * l; ++i) W.data[i] = (la_real)la_rng_normal(&rng);
    /* Y = A Omega, Q = orth(Y); then (A A^T) passes with QRs between */
    if ((st = la__linop_block(A, ctx, W, Y, xv, yv)) != LA_OK) goto done;
    if ((st = la__orth_basis(Y, tau, Q, sc.heap ? NULL : ws)) != LA_OK) goto done;
    for (it = 0; it < power_iters; ++it) {
        la_mat Yn = la_mat_of(n, l, Y.data);
        if ((st = la__linop_block(At, ctx, Q, W, xv, yv)) != LA_OK) goto done;
        if ((st = la__orth_basis(W, tau, Yn, sc.heap ? NULL : ws)) != LA_OK) goto done;
        la_mat_copy(Yn, W);
        if ((st = la__linop_block(A, ctx, W, Y, xv, yv)) != LA_OK) goto done;
        if ((st = la__orth_basis(Y, tau, Q, sc.heap ? NULL : ws)) != LA_OK) goto done;
    }
done:
    la__scratch_end(&sc);
    return st;
}

LA_API size_t la_rand_svd_ws_bytes(la_int m, la_int n, la_int k, la_int oversample) {
    la_int l = LA__MIN(k + LA__MAX(oversample, 0), LA__MIN(m, n));
    size_t mm = (size_t)LA__MAX(m, 0), nn = (size_t)LA__MAX(n, 0), ll = (size_t)LA__MAX(l, 0);
    return la_ws_reals(mm * ll) + 2 * la_ws_reals(nn * ll) + la_ws_reals(ll * ll) +
           la_ws_reals(ll) + la_ws_reals(LA__MAX(mm, nn)) * 2 +
           LA__MAX(la_rand_range_ws_bytes(m, n, l), la_svd_ws_bytes(n, l, 1, 1)) + LA_ARENA_ALIGN;
}

LA_API la_status la_rand_svd(la_int m, la_int n, la_linop A, la_linop At, void *ctx, la_int k,
                             la_int oversample, la_int power_iters, la_real *s, la_mat U,
                             la_mat Vt, const la_iter_opts *o, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int l, i, c, big;
    la_mat Q, BT, W, Zt;
    la_real *sl, *xv, *yv;
    if (m < 0 || n < 0 || !A || !At || !s || k < 1 || k > LA__MIN(m, n) || oversample < 0 ||
        power_iters < 0 || (U.data && la_mat_check(U)) || (Vt.data && la_mat_check(Vt)))
        return LA_ERR_ARG;
    if ((U.data && (U.rows != m || U.cols != k)) || (Vt.data && (Vt.rows != k || Vt.cols != n)))
        return LA_ERR_DIM;
    l = LA__MIN(k + oversample, LA__MIN(m, n));
    big = LA__MAX(m, n);
    if ((st = la__scratch_begin(&sc, ws, la_ws_reals((size_t)m * l) + 2 * la_ws_reals((size_t)n * l) +
                                             la_ws_reals((size_t)l * l) + la_ws_reals((size_t)l) +
                                             2 * la_ws_reals((size_t)big))) != LA_OK)
        return st;
    Q = la_mat_of(m, l, (la_real *)la__scratch_alloc(&sc, (size_t)m * l * sizeof(la_real)));
    BT = la_mat_of(n, l, (la_real *)la__scratch_alloc(&sc, (size_t)n * l * sizeof(la_real)));
    W = la_mat_of(n, l, (la_real *)la__scratch_alloc(&sc, (size_t)n * l * sizeof(la_real)));
    Zt = la_mat_of(l, l, (la_real *)la__scratch_alloc(&sc, (size_t)l * l * sizeof(la_real)));
    sl = (la_real *)la__scratch_alloc(&sc, (size_t)l * sizeof(la_real));
    xv = (la_real *)la__scratch_alloc(&sc, (size_t)big * sizeof(la_real));
    yv = (la_real *)la__scratch_alloc(&sc, (size_t)big * sizeof(la_real));
    if ((st = la_rand_range(m, n, A, At, ctx, power_iters, Q, o, sc.heap ? NULL : ws)) != LA_OK)
        goto done;
    /* B^T = A^T Q (n x l) = W diag(s) Zt: B = Zt^T diag(s) W^T, so
     * U = Q Zt^T and Vt = W^T (leading k) */
    if ((st = la__linop_block(At, ctx, Q, BT, xv, yv)) != LA_OK) goto done;
    if ((st = la_svd(BT, sl, W, Zt, sc.heap ? NULL : ws)) != LA_OK) goto done;
    for (i = 0; i < k; ++i) s[i] = sl[i];
    if (U.data)
        la_gemm(LA_NOTRANS, LA_TRANS, 1, Q, la_mat_block(Zt, 0, 0, k, l), 0, U);
    if (Vt.data)
        for (i = 0; i < k; ++i)
            for (c = 0; c < n; ++c) LA_AT(Vt, i, c) = LA_AT(W, c, i);
done:
    la__scratch_end(&sc);
    return st;
}

#endif /* LA_IMPLEMENTATION */

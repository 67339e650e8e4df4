/* sparse.h - sparse matrices and sparse recovery in one header (C99), built
 * on linalg.h.
 *
 * HOW TO USE
 *   Keep linalg.h beside this file. In exactly ONE .c file write
 *
 *       #define SP_IMPLEMENTATION       (also defines LA_IMPLEMENTATION)
 *       #include "sparse.h"
 *
 *   and include "sparse.h" without the macro elsewhere. Link with -lm.
 *
 *       la_int  ri[3] = {0, 1, 1}, ci[3] = {0, 0, 1};
 *       la_real v[3] = {4, 1, 3}, x[2] = {1, 1}, y[2];
 *       sp_mat A;
 *       if (sp_from_triplets(2, 2, 3, ri, ci, v, SP_CSR, &A) == LA_OK) {
 *           sp_mv(LA_NOTRANS, 1, &A, x, 0, y);          (y = A x = {4, 4})
 *           sp_free(&A);
 *       }
 *
 *   Sparse recovery (section 6) takes a dense design X (an m x n la_mat)
 *   or a CSC one; the LASSO with an intercept, coef a warm start (zeros):
 *
 *       sp_lasso_opts o = {0};                      (zero fields: defaults)
 *       sp_info info;
 *       o.fit_intercept = 1;
 *       if (sp_lasso(X, y, lambda, coef, &o, &info, NULL) == LA_OK)
 *           printf("%d nonzeros, intercept %g\n", (int)info.nnz, info.intercept);
 *
 *   sp_lasso_cv chooses lambda by cross-validation; sp_omp picks k atoms.
 *
 * CONVENTIONS
 *   - An sp_mat is CSR (ptr has rows+1 entries, idx holds column indices) or
 *     CSC (ptr has cols+1 entries, idx holds row indices); indices 0-based.
 *     The "major" dimension is rows for CSR and cols for CSC. Entries of
 *     major index p are idx/val[ptr[p] .. ptr[p+1]).
 *   - Matrices built from triplets, dense matrices, files, products and sums
 *     are canonical: the indices of each row (column) sorted, duplicates
 *     summed. sp_convert and sp_copy keep A's duplicates; sp_canonicalize
 *     makes any matrix canonical. Kernels accept any valid matrix
 *     (unsorted, duplicates: they act as the sum); sp_check validates one.
 *     Kernels trust the index arrays (checking them would double the memory
 *     traffic of SpMV): run sp_check on matrices from untrusted sources.
 *   - Allocating constructors (sp_from_triplets, sp_convert, ...) take the
 *     arrays from LA_MALLOC; release them with sp_free. Each also has a
 *     *_buf form that builds into arrays the caller owns (no allocation,
 *     usable with LA_NO_MALLOC); the sizes they need are queryable. With
 *     LA_NO_MALLOC the allocating forms return LA_ERR_NOMEM.
 *   - On failure an allocating constructor leaves *out empty (all zero,
 *     safe to sp_free); an output must not be one of the inputs.
 *   - Matrix Market I/O (section 2) is compiled out by LA_NO_STDIO.
 *
 * TABLE OF CONTENTS (declarations and definitions follow the same order)
 *    1. Sparse matrices: types, checks, construction, conversion, the
 *       finite-difference Laplacian
 *    2. Matrix Market input and output
 *    3. Sparse kernels: SpMV, SpMM, symmetric storage, products, sums,
 *       scaling, norms, operator adapters, the SELL-C-sigma format
 *    4. Preconditioners: Jacobi, incomplete Cholesky IC(0)
 *    5. Structured sparsity: magnitude, N:M and block pruning, bit masks,
 *       N:M-compressed matrices
 *    6. Sparse recovery: LASSO and elastic net by coordinate descent,
 *       MCP and SCAD, regularization paths and cross-validation, FISTA,
 *       group LASSO, OMP and batch OMP, LARS, IHT, CoSaMP
 */
#ifndef SPARSE_H
#define SPARSE_H

#if defined(SP_IMPLEMENTATION) && !defined(LA_IMPLEMENTATION)
#define LA_IMPLEMENTATION
#endif
#include "linalg.h"
#ifndef LA_NO_STDIO
#include <stdio.h>
#endif

#ifdef LA_STATIC
#define SP_API LA_API
#else
#define SP_API extern
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================
 * 1. Sparse matrices: types, checks, construction, conversion, the
 *    finite-difference Laplacian
 * ====================================================================== */

typedef enum { SP_CSR = 0, SP_CSC = 1 } sp_format;

/* Compressed sparse rows (CSR: ptr has rows+1 entries, idx holds column
 * indices) or columns (CSC: ptr has cols+1 entries, idx holds row indices). */
typedef struct {
    sp_format format;
    la_int rows, cols, nnz;
    la_int *ptr;
    la_int *idx;
    la_real *val;
} sp_mat;

/* A matrix over arrays the caller owns (nothing is copied or checked; never
 * sp_free it). */
SP_API sp_mat sp_mat_of(sp_format format, la_int rows, la_int cols, la_int nnz, la_int *ptr,
                        la_int *idx, la_real *val);
/* Entries of ptr for a rows x cols matrix in `format` (rows+1 for CSR,
 * cols+1 for CSC); 0 when a size is negative or the count overflows. */
SP_API la_int sp_ptr_len(sp_format format, la_int rows, la_int cols);
/* LA_OK if A is a valid matrix: a known format, rows, cols, nnz >= 0, arrays
 * present where entries exist, ptr[0] == 0, ptr non-decreasing, ptr[major]
 * == nnz, every index in range. LA_ERR_ARG otherwise. Cost O(nnz + major). */
SP_API la_status sp_check(const sp_mat *A);
/* 1 if A is valid and canonical (indices strictly increasing in each row of
 * CSR / column of CSC: sorted, no duplicates), 0 otherwise. */
SP_API int sp_is_canonical(const sp_mat *A);
/* A^T without copying: the same arrays read in the other format (the CSR
 * arrays of A are the CSC arrays of A^T). Shares A's memory. */
SP_API sp_mat sp_transpose_view(const sp_mat *A);

/* The rows x cols matrix of the nnz triplets (ri[k], ci[k], v[k]) (0-based;
 * v == NULL: every value 1), in `format`, canonical: duplicates summed,
 * indices sorted. Cost O(nnz log(max entries per row) + rows + cols),
 * no workspace (a bucket sort by the major index through ptr, then an
 * in-place heap sort of each row, Williams 1964). Allocates ptr
 * (sp_ptr_len), idx and val (nnz entries, of which out->nnz are used).
 * Errors: LA_ERR_ARG (NULL, negative size, an index out of range),
 * LA_ERR_NOMEM. */
SP_API la_status sp_from_triplets(la_int rows, la_int cols, la_int nnz, const la_int *ri,
                                  const la_int *ci, const la_real *v, sp_format format,
                                  sp_mat *out);
/* The same into caller-owned arrays: ptr of sp_ptr_len(format, rows, cols)
 * entries, idx and val of nnz entries. No allocation. */
SP_API la_status sp_from_triplets_buf(la_int rows, la_int cols, la_int nnz, const la_int *ri,
                                      const la_int *ci, const la_real *v, sp_format format,
                                      la_int *ptr, la_int *idx, la_real *val, sp_mat *out);
/* An empty (no entries) rows x cols matrix with room for `cap` entries:
 * ptr zero, nnz 0. Errors: LA_ERR_ARG, LA_ERR_NOMEM. */
SP_API la_status sp_alloc(sp_format format, la_int rows, la_int cols, la_int cap, sp_mat *out);
/* Release what an allocating constructor gave A (LA_FREE) and zero *A.
 * NULL or an all-zero A is a no-op. */
SP_API void sp_free(sp_mat *A);

/* A in `format` (CSR <-> CSC; the same format copies). Converting to the
 * other format is a transpose of the storage by counting (Gustavson 1978,
 * "Two fast algorithms for sparse matrices: multiplication and permuted
 * transposition"): the result's indices are sorted, duplicates are kept
 * (adjacent). Cost O(nnz + rows + cols), no workspace. Errors: LA_ERR_ARG
 * (invalid A), LA_ERR_NOMEM. */
SP_API la_status sp_convert(const sp_mat *A, sp_format format, sp_mat *out);
/* The same into caller-owned arrays: ptr of sp_ptr_len(format, A->rows,
 * A->cols) entries, idx and val of A->nnz entries. */
SP_API la_status sp_convert_buf(const sp_mat *A, sp_format format, la_int *ptr, la_int *idx,
                                la_real *val, sp_mat *out);
/* out <- a copy of A (allocating; A's order and duplicates kept). Errors:
 * LA_ERR_ARG (invalid A), LA_ERR_NOMEM. */
SP_API la_status sp_copy(const sp_mat *A, sp_mat *out);
/* out <- A^T in A's format (allocating), sorted. Cost O(nnz + rows + cols). */
SP_API la_status sp_transpose(const sp_mat *A, sp_mat *out);

/* In place: sort the indices of each row (CSR) / column (CSC), moving the
 * values along (heap sort, no workspace, O(nnz log k) for k entries per
 * row), then sum duplicates and compact (A->nnz may shrink). Errors:
 * LA_ERR_ARG (invalid A). */
SP_API la_status sp_canonicalize(sp_mat *A);
/* In place: remove the entries with |value| <= tol (tol = 0 removes the
 * explicit zeros); NaN entries are kept. A->nnz may shrink. Cost O(nnz).
 * Errors: LA_ERR_ARG (invalid A, tol < 0 or NaN). */
SP_API la_status sp_drop(sp_mat *A, la_real tol);

/* Number of entries of the dense D with |d_ij| > tol (NaN counts as kept). */
SP_API la_int sp_dense_nnz(la_mat D, la_real tol);
/* out <- the entries of the dense D with |d_ij| > tol (tol = 0: the
 * nonzeros; NaN and Inf are kept), canonical. Cost O(rows cols) reads.
 * Errors: LA_ERR_ARG (bad view, tol < 0 or NaN), LA_ERR_NOMEM (allocating;
 * more than la_int entries). */
SP_API la_status sp_from_dense(la_mat D, la_real tol, sp_format format, sp_mat *out);
/* The same into caller-owned arrays; cap = capacity of idx and val (at least
 * sp_dense_nnz(D, tol), else LA_ERR_NOMEM with nothing written to out). */
SP_API la_status sp_from_dense_buf(la_mat D, la_real tol, sp_format format, la_int cap,
                                   la_int *ptr, la_int *idx, la_real *val, sp_mat *out);
/* D <- A as a dense matrix (D is A->rows x A->cols; zeros where A has no
 * entry; duplicates summed). Errors: LA_ERR_ARG, LA_ERR_DIM. */
SP_API la_status sp_to_dense(const sp_mat *A, la_mat D);

/* out <- the finite-difference Laplacian (Dirichlet boundary, unit spacing,
 * not scaled by h^2) on an nx x ny x nz grid of unknowns, numbered x
 * fastest: 2 per dimension of more than one point on the diagonal (2 for a
 * single point) and -1 for each grid neighbour: the 3-, 5- or 7-point
 * stencil in 1-, 2- and 3-D (ny = nz = 1 gives 1-D). n = nx ny nz unknowns,
 * at most 7n entries. Symmetric positive definite, canonical, in `format`.
 * Errors: LA_ERR_ARG (a size < 1), LA_ERR_NOMEM (also when the size
 * exceeds la_int). */
SP_API la_status sp_laplacian(la_int nx, la_int ny, la_int nz, sp_format format, sp_mat *out);

/* ======================================================================
 * 2. Matrix Market input and output   (compiled out by LA_NO_STDIO)
 *
 * The NIST Matrix Market exchange format (Boisvert, Pozo and Remington,
 * "The Matrix Market Exchange Formats: Initial Design", NISTIR 5935, 1996):
 * a banner "%%MatrixMarket matrix <layout> <field> <symmetry>", comment
 * lines starting with '%', a size line, then the entries (1-based).
 * Supported: layouts coordinate and array; fields real (also "double"),
 * integer and pattern (values 1); symmetries general, symmetric and
 * skew-symmetric (each off-diagonal entry, from either triangle, is
 * mirrored; a diagonal entry of a skew-symmetric matrix must be 0).
 * Complex and hermitian are refused.
 * ====================================================================== */

typedef enum { SP_MTX_COORDINATE = 0, SP_MTX_ARRAY = 1 } sp_mtx_layout;
typedef enum { SP_MTX_REAL = 0, SP_MTX_INTEGER = 1, SP_MTX_PATTERN = 2 } sp_mtx_field;
typedef enum { SP_MTX_GENERAL = 0, SP_MTX_SYMMETRIC = 1, SP_MTX_SKEW = 2 } sp_mtx_symmetry;

/* What a read found: on failure `line` is the 1-based number of the line at
 * fault (0 when no line is involved, e.g. the file could not be opened) and
 * `reason` says what is wrong; on success line is 0 and reason "ok". The
 * header fields are filled as far as the banner and size line were read. */
typedef struct {
    long line;
    const char *reason;
    sp_mtx_layout layout;
    sp_mtx_field field;
    sp_mtx_symmetry symmetry;
    la_int rows, cols;
    long long entries; /* entries announced by the size line (array: values) */
} sp_mtx_info;

/* Options of sp_write_mtx_ex; all zero: coordinate real general. */
typedef struct {
    sp_mtx_layout layout;
    sp_mtx_field field;       /* INTEGER: every value must be an integer */
    sp_mtx_symmetry symmetry; /* SYMMETRIC / SKEW: A must be (checked); the
                                 lower triangle is written */
    const char *comment;      /* written as '%' lines after the banner; NULL: none */
} sp_mtx_opts;

#ifndef LA_NO_STDIO
/* Read a Matrix Market file into a canonical matrix in `format` (duplicate
 * entries summed; explicit zeros kept; symmetric and skew-symmetric files
 * expanded; an array file gives every value as an entry). Nothing is sized
 * by the rows x cols product or trusted from the announced count: storage
 * grows with the entries actually read. Errors: LA_ERR_IO (cannot open or
 * read), LA_ERR_FORMAT (malformed or truncated file, unsupported field,
 * index out of range, wrong count, a size beyond la_int), LA_ERR_NOMEM,
 * LA_ERR_ARG (NULL). On any error *out is empty. Cost O(file size + nnz
 * log). */
SP_API la_status sp_read_mtx(const char *path, sp_format format, sp_mat *out);
/* The same with the header and, on failure, the offending line number and
 * reason in *info (info may be NULL). */
SP_API la_status sp_read_mtx_ex(const char *path, sp_format format, sp_mat *out,
                                sp_mtx_info *info);
/* The same from an open stream (read to its end; not closed). */
SP_API la_status sp_read_mtx_file(FILE *f, sp_format format, sp_mat *out, sp_mtx_info *info);
/* Write A as "coordinate real general", values with enough digits to read
 * back exactly (%.17g; %.9g in the float build). Errors: LA_ERR_ARG (invalid
 * A), LA_ERR_IO. */
SP_API la_status sp_write_mtx(const char *path, const sp_mat *A);
/* Write A with the layout, field and symmetry of *o (NULL: as sp_write_mtx).
 * Array layout writes every element column by column (zeros included; the
 * lower triangle only when symmetric, strictly lower when skew). Errors:
 * LA_ERR_ARG (invalid A, not symmetric / skew-symmetric / integer as
 * asked, symmetry of a non-square A), LA_ERR_IO, LA_ERR_NOMEM (a CSR or
 * non-canonical A is copied to canonical CSC first for array or symmetric
 * output; nnz + cols + 1 entries, allocated). */
SP_API la_status sp_write_mtx_ex(const char *path, const sp_mat *A, const sp_mtx_opts *o);
/* The same to an open stream (not closed; flushed). */
SP_API la_status sp_write_mtx_file(FILE *f, const sp_mat *A, const sp_mtx_opts *o);
#endif

/* ======================================================================
 * 3. Sparse kernels: SpMV, SpMM, symmetric storage, products, sums,
 *    scaling, norms, operator adapters, the SELL-C-sigma format
 * ====================================================================== */

/* y <- alpha op(A) x + beta y, BLAS semantics: beta == 0 sets y without
 * reading it; alpha == 0 only scales y. x has op(A)'s cols entries, y its
 * rows; they must not overlap. CSR with NOTRANS and CSC with TRANS are
 * row (column) dot products; the other two scatter. Cost 2 nnz flops.
 * With LA_USE_OPENMP the dot-product forms run rows in parallel.
 * Errors: LA_ERR_ARG (NULL, invalid header). */
SP_API la_status sp_mv(la_trans t, la_real alpha, const sp_mat *A, const la_real *x,
                       la_real beta, la_real *y);
/* C <- alpha op(A) B + beta C for dense row-major B (op(A).cols x n) and C
 * (op(A).rows x n), BLAS semantics for beta. Each entry of A updates a row
 * of C with a row of B (vectorizable). Cost 2 nnz n flops. C must not
 * overlap B. Errors: LA_ERR_ARG, LA_ERR_DIM. */
SP_API la_status sp_mm(la_trans t, la_real alpha, const sp_mat *A, la_mat B, la_real beta,
                       la_mat C);

/* y <- alpha A x + beta y for a symmetric n x n A of which only the `uplo`
 * triangle (with the diagonal) is stored; entries on the other side are
 * ignored. Each stored off-diagonal entry serves twice. Cost 4 nnz flops. */
SP_API la_status sp_symv(la_uplo uplo, la_real alpha, const sp_mat *A, const la_real *x,
                         la_real beta, la_real *y);
/* out <- the `uplo` triangle of A (diagonal included), in A's format,
 * allocating. With sp_symv it stores a symmetric matrix once. */
SP_API la_status sp_triangle(const sp_mat *A, la_uplo uplo, sp_mat *out);
/* out <- the full symmetric matrix whose `uplo` triangle is stored in T
 * (entries on the other side ignored), canonical, in T's format. */
SP_API la_status sp_symmetrize(const sp_mat *T, la_uplo uplo, sp_mat *out);

/* C <- A B (A m x k, B k x n), canonical, in A's format (B is converted if
 * its format differs). Gustavson's row-by-row algorithm (Gustavson 1978)
 * with a dense accumulator: a symbolic pass counts each row of C, a numeric
 * pass fills it; rows are then sorted. Cost 2 flops per multiply of the
 * product's expansion. Workspace: la_ws_ints(n) + la_ws_reals(n) +
 * LA_ARENA_ALIGN (n = columns of C for CSR, rows for CSC); ws NULL
 * allocates. C is allocated. Errors: LA_ERR_ARG, LA_ERR_DIM, LA_ERR_NOMEM
 * (also when nnz(C) exceeds la_int). */
SP_API la_status sp_matmul(const sp_mat *A, const sp_mat *B, sp_mat *C, la_arena *ws);
/* C <- alpha A + beta B (same shape), canonical, in A's format (B converted
 * if needed). Entries present in either are kept even if they cancel.
 * Workspace and errors as sp_matmul. Cost O(nnz(A) + nnz(B) + major). */
SP_API la_status sp_add(la_real alpha, const sp_mat *A, la_real beta, const sp_mat *B, sp_mat *C,
                        la_arena *ws);
/* A <- alpha diag(dr) A diag(dc) in place (dr has rows entries, dc cols;
 * either may be NULL for the identity). Cost O(nnz). */
SP_API la_status sp_scale(sp_mat *A, la_real alpha, const la_real *dr, const la_real *dc);
/* d[i] <- A(i, i) for i < min(rows, cols) (duplicates summed, 0 when
 * absent). Cost O(nnz). */
SP_API la_status sp_diag(const sp_mat *A, la_real *d);

typedef enum { SP_NORM_1 = 0, SP_NORM_2 = 1, SP_NORM_INF = 2 } sp_norm;
/* out[i] <- the `p` norm of row i (rows entries) / column j (cols entries)
 * of A, over the stored entries (a canonical A gives the true norms). The
 * 2-norm is computed without overflow (scaled sums of squares, as in
 * LAPACK's dlassq). Workspace: for the 2-norm across the storage (row norms
 * of CSC, column norms of CSR) la_ws_reals(len) + LA_ARENA_ALIGN, else none.
 * Errors: LA_ERR_ARG, LA_ERR_NOMEM. */
SP_API la_status sp_row_norms(const sp_mat *A, sp_norm p, la_real *out, la_arena *ws);
SP_API la_status sp_col_norms(const sp_mat *A, sp_norm p, la_real *out, la_arena *ws);

/* la_linop adapters (linalg.h section 14) so iterative solvers run on sparse
 * matrices: ctx is a `const sp_mat *`; y <- A x, y <- A^T x. Return 0, or 1
 * when sp_mv fails (the solver then stops with LA_ERR_ABORTED). */
SP_API int sp_linop(const la_real *x, la_real *y, void *A);
SP_API int sp_linop_trans(const la_real *x, la_real *y, void *A);
/* A symmetric matrix stored as one triangle, for sp_linop_sym. */
typedef struct {
    const sp_mat *A;
    la_uplo uplo;
} sp_sym_op;
/* y <- A x with sp_symv; ctx is a `const sp_sym_op *`. */
SP_API int sp_linop_sym(const la_real *x, la_real *y, void *op);

/* SELL-C-sigma, a storage for fast repeated SpMV (Kreutzer, Hager, Wellein,
 * Fehske and Bishop 2014): the rows are taken in chunks of C; within each
 * window of sigma rows they are first sorted by decreasing length, so that a
 * chunk holds rows of similar length; each chunk stores entry j of its C
 * rows side by side (column-major), padded to its longest row. A product
 * then runs C independent sums through one loop per chunk instead of a
 * short loop per row, whose exit the branch predictor cannot guess and whose
 * single sum waits on each addition. Where that loop is the cost, rows of
 * unpredictable length with an x that stays in cache (a power-law pattern
 * over 65536 columns), the product takes two thirds of CSR's time; where
 * scattered reads of a large x are the cost it gains nothing and can lose
 * (0.64 to 1.08 times CSR's speed over runs), and on the equal rows of a
 * stencil CSR stays faster (README, sparse kernels, has the figures).
 * Build once from an sp_mat (about as long as 33 to 75 CSR products of the
 * same matrix here), multiply many times (iterative solvers, power
 * iterations); the arrays are read-only after construction. */
#define SP_SELL_CHUNK 8         /* C when 0 is given */
#define SP_SELL_SIGMA 32768     /* sigma when 0 is given and sorting pays (y's writes
                                   then stay in L2) */
#define SP_SELL_MAX_CHUNK 64
typedef struct {
    la_int rows, cols, nnz;   /* the matrix's shape and entries (padding not counted) */
    la_int chunk, sigma;      /* C, and the sorting window in rows (a multiple of C, or 1:
                                 rows in their order) */
    la_int n_chunks;          /* ceil(rows / chunk) */
    la_int scattered;         /* 1: x is large and read far from the diagonal: the product
                                 prefetches it */
    la_int *chunk_ptr;        /* n_chunks + 1: chunk c holds col and val [chunk_ptr[c],
                                 chunk_ptr[c + 1]), entry j of its slot r at chunk_ptr[c]
                                 + j chunk + r; its width is that span / chunk */
    la_int *row;              /* n_chunks chunk: the row held by each slot, -1 past the last */
    la_int *len;              /* n_chunks chunk: that row's entries, 0 past the last row */
    la_int *col;              /* chunk_ptr[n_chunks]: column indices (padding: the row's last
                                 column, or 0) */
    la_real *val;             /* chunk_ptr[n_chunks]: values (padding: 0, never read into y) */
} sp_sell;

/* S <- the SELL-C-sigma form of A (CSR or CSC; a CSC A is converted
 * through a temporary CSR copy). chunk: C in [1, SP_SELL_MAX_CHUNK], 0 for
 * SP_SELL_CHUNK; sigma: the sorting window in rows, rounded up to a multiple
 * of C; 1 for no sorting (rows stay in order); 0 for no sorting when A's
 * own row order pads less than 1/16 of its entries, SP_SELL_SIGMA else. A
 * matrix that is not canonical keeps its duplicates (they act as the sum).
 * The padding is what the sorting leaves: on the bench's power-law pattern
 * 11.6% of nnz with the default window, 2.7% with a window of 262144 rows;
 * none on rows of equal length. Cost O(nnz + padding + rows log
 * sigma); allocates (sp_sell_free releases). Errors: LA_ERR_ARG (invalid A,
 * chunk or sigma out of range), LA_ERR_NOMEM (also when nnz plus padding
 * exceeds la_int). */
SP_API la_status sp_sell_from(const sp_mat *A, la_int chunk, la_int sigma, sp_sell *out);
/* The same into caller-owned arrays (no allocation; A must be CSR):
 * chunk_ptr of n_chunks + 1 entries, row and len of n_chunks chunk entries
 * (n_chunks = ceil(rows / chunk) for the chunk used), col and val of cap
 * entries. When cap is below the entries needed it returns LA_ERR_NOMEM
 * with chunk_ptr, row and len filled: chunk_ptr[n_chunks] is the cap to
 * call again with. */
SP_API la_status sp_sell_from_buf(const sp_mat *A, la_int chunk, la_int sigma, la_int *chunk_ptr,
                                  la_int *row, la_int *len, la_int cap, la_int *col, la_real *val,
                                  sp_sell *out);
/* Release what sp_sell_from gave S and zero *S. */
SP_API void sp_sell_free(sp_sell *S);
/* y <- alpha op(A) x + beta y for the A that S holds, the semantics of sp_mv
 * (beta == 0 sets y without reading it; x and y must not overlap). NOTRANS
 * runs the chunks' sums (each row summed in its stored order, as sp_mv's
 * short rows are: the same rounding bound); padding never reaches y, so an
 * Inf or NaN in x affects the same entries as with sp_mv. TRANS scatters.
 * Cost 2 (nnz + padding) flops. With LA_USE_OPENMP, NOTRANS runs chunks
 * in parallel. Errors: LA_ERR_ARG (NULL, an invalid header). */
SP_API la_status sp_sell_mv(la_trans t, la_real alpha, const sp_sell *S, const la_real *x,
                            la_real beta, la_real *y);
/* la_linop adapters: ctx is a `const sp_sell *`; y <- A x, y <- A^T x. */
SP_API int sp_sell_linop(const la_real *x, la_real *y, void *S);
SP_API int sp_sell_linop_trans(const la_real *x, la_real *y, void *S);

/* ======================================================================
 * 4. Preconditioners: Jacobi, incomplete Cholesky IC(0)
 *
 * Each is set up once and applied as an la_linop (y <- M^{-1} x) with the
 * preconditioner struct as ctx, e.g. for preconditioned CG.
 * ====================================================================== */

/* Jacobi (diagonal) preconditioner M = diag(A). */
typedef struct {
    la_int n;
    la_real *inv_diag; /* n entries, caller-owned */
} sp_jacobi;
/* P <- diag(A)^{-1} into the caller's inv_diag (n = rows = cols entries).
 * Errors: LA_ERR_ARG, LA_ERR_DIM (not square), LA_ERR_SINGULAR (a zero
 * diagonal entry), LA_ERR_NONFINITE. */
SP_API la_status sp_jacobi_init(const sp_mat *A, la_real *inv_diag, sp_jacobi *P);
/* y <- inv_diag .* x; ctx is a `const sp_jacobi *`. */
SP_API int sp_jacobi_apply(const la_real *x, la_real *y, void *P);

/* Options of the IC(0) factorization; all zero means the defaults. */
typedef struct {
    la_real shift;   /* first diagonal shift alpha tried after a breakdown
                        (A + alpha diag(A)); 0: 1e-3 */
    int max_shifts;  /* retries, alpha doubling each time; 0: 20; < 0: none */
} sp_ic0_opts;
/* An incomplete Cholesky factor L (lower triangular CSR, the pattern of A's
 * lower triangle) with A + shift diag(A) ~= L L^T. */
typedef struct {
    sp_mat L;
    la_real shift;  /* the shift used (0: none was needed) */
    int shifts;     /* breakdowns met before success */
    int owned;      /* 1 when L's arrays came from sp_ic0_create */
} sp_ic0;
/* Entries of L for A (the lower triangle's entries of a canonical A, at
 * most A->nnz): size the caller's idx and val with it. -1 on invalid A. */
SP_API la_int sp_ic0_nnz(const sp_mat *A);
/* IC(0) of the SPD matrix A (Meijerink and van der Vorst 1977): L L^T = A on
 * the pattern of A's lower triangle, computed row by row. A symmetric A may
 * be stored in full or as one triangle: a CSR A gives its lower triangle
 * (A(i,j), j <= i), a CSC A its upper triangle (the same numbers for a full
 * symmetric matrix). On a breakdown (a pivot <= 0 or not finite) the
 * factorization restarts on A + alpha diag(A) with alpha = o->shift,
 * doubling (Manteuffel 1980, "An incomplete factorization technique for
 * positive definite linear systems"). Arrays: ptr of n+1, idx and val of
 * sp_ic0_nnz(A) entries, caller-owned. Workspace: la_ws_ints(n) +
 * LA_ARENA_ALIGN. Cost: sum over pairs (i,k) of L's entries of nnz(row k).
 * Errors: LA_ERR_ARG, LA_ERR_DIM (not square), LA_ERR_NOT_SPD (a diagonal
 * entry <= 0 or missing, or breakdown after every shift), LA_ERR_NONFINITE,
 * LA_ERR_NOMEM. */
SP_API la_status sp_ic0_factor(const sp_mat *A, const sp_ic0_opts *o, la_int *ptr, la_int *idx,
                               la_real *val, sp_ic0 *P, la_arena *ws);
/* The same with L's arrays allocated (free with sp_ic0_free). */
SP_API la_status sp_ic0_create(const sp_mat *A, const sp_ic0_opts *o, sp_ic0 *P);
SP_API void sp_ic0_free(sp_ic0 *P);
/* y <- (L L^T)^{-1} x by a forward and a backward substitution (4 nnz(L)
 * flops); ctx is a `const sp_ic0 *`. */
SP_API int sp_ic0_apply(const la_real *x, la_real *y, void *P);

/* ======================================================================
 * 5. Structured sparsity: magnitude, N:M and block pruning, bit masks,
 *    N:M-compressed matrices
 *
 * Pruning zeroes entries of a dense matrix W in place (Han et al. 2015,
 * magnitude pruning; the 2:4 pattern of sparse tensor cores, Mishra et al.
 * 2021) and records the kept entries in a bit mask when asked. Ties are
 * broken by position: the earlier entry (row-major order) is kept.
 * ====================================================================== */

/* A rows x cols bit mask, one bit per element, bit (i,j) at word
 * i*words_per_row + j/32, bit j%32 (each row starts a new word). */
typedef struct {
    la_int rows, cols, words_per_row;
    uint32_t *bits; /* rows * words_per_row words, caller-owned */
} sp_mask;
/* Words a rows x cols mask needs (0 for a negative size). */
SP_API size_t sp_mask_words(la_int rows, la_int cols);
/* A mask over the caller's `bits` (sp_mask_words(rows, cols) words), all 0. */
SP_API sp_mask sp_mask_of(la_int rows, la_int cols, uint32_t *bits);
SP_API int sp_mask_get(const sp_mask *m, la_int i, la_int j);
SP_API void sp_mask_set(sp_mask *m, la_int i, la_int j, int on);
/* Number of set bits. */
SP_API long long sp_mask_count(const sp_mask *m);
/* W <- W where the mask is set, 0 elsewhere. Errors: LA_ERR_ARG, LA_ERR_DIM. */
SP_API la_status sp_mask_apply(la_mat W, const sp_mask *m);

/* Zero the floor(sparsity * count) entries of smallest magnitude of W,
 * counted over all of W (per_row == 0) or in each row (per_row != 0);
 * mask (may be NULL) gets the kept entries. Selection by quickselect (Hoare
 * 1961) on a copy of the magnitudes: O(rows cols) expected. Workspace:
 * sp_prune_ws_bytes(rows, cols, per_row). Errors: LA_ERR_ARG (bad view,
 * sparsity outside [0, 1]), LA_ERR_DIM (mask shape), LA_ERR_NONFINITE (NaN
 * in W), LA_ERR_NOMEM. */
SP_API la_status sp_prune_magnitude(la_mat W, la_real sparsity, int per_row, sp_mask *mask,
                                    la_arena *ws);
SP_API size_t sp_prune_ws_bytes(la_int rows, la_int cols, int per_row);
/* N:M pruning along rows: in each group of m consecutive entries of a row
 * keep the n of largest magnitude (0 <= n <= m; cols a multiple of m),
 * zero the rest. Cost O(rows cols m) compares, no workspace. Errors:
 * LA_ERR_ARG, LA_ERR_DIM (cols % m != 0, mask shape), LA_ERR_NONFINITE. */
SP_API la_status sp_prune_nm(la_mat W, la_int n, la_int m, sp_mask *mask);
/* Block pruning: tile W by br x bc blocks (edge blocks may be smaller),
 * score each by its Frobenius norm, zero the floor(sparsity * blocks)
 * blocks of smallest score. Workspace: sp_prune_block_ws_bytes(...).
 * Errors as sp_prune_magnitude. */
SP_API la_status sp_prune_block(la_mat W, la_int br, la_int bc, la_real sparsity, sp_mask *mask,
                                la_arena *ws);
SP_API size_t sp_prune_block_ws_bytes(la_int rows, la_int cols, la_int br, la_int bc);

/* An N:M-compressed rows x cols matrix: in each group of m columns of a row,
 * n values and their positions in the group (0..m-1, one byte each).
 * Value s of group g of row i is val[(i*(cols/m) + g)*n + s], at column
 * g*m + pos[same index]. */
typedef struct {
    la_int rows, cols, n, m;
    la_real *val;       /* rows*(cols/m)*n, caller-owned */
    unsigned char *pos; /* as many, caller-owned */
} sp_nm;
/* Values (and positions) an N:M compression of a rows x cols matrix holds. */
SP_API size_t sp_nm_len(la_int rows, la_int cols, la_int n, la_int m);
/* out <- the n largest-magnitude entries of each group of m in W's rows
 * (what sp_prune_nm keeps), into the caller's val and pos (sp_nm_len
 * entries each). 1 <= n <= m <= 256, cols % m == 0. Errors: LA_ERR_ARG,
 * LA_ERR_DIM, LA_ERR_NONFINITE. */
SP_API la_status sp_nm_compress(la_mat W, la_int n, la_int m, la_real *val, unsigned char *pos,
                                sp_nm *out);
/* W <- the dense form of A (W is A->rows x A->cols). */
SP_API la_status sp_nm_to_dense(const sp_nm *A, la_mat W);
/* C <- alpha A B + beta C with A N:M-compressed (rows x cols), B cols x p,
 * C rows x p, row-major; BLAS semantics for beta. Cost 2 rows (cols/m) n p
 * flops (n/m of the dense product's). Errors: LA_ERR_ARG, LA_ERR_DIM. */
SP_API la_status sp_nm_mm(la_real alpha, const sp_nm *A, la_mat B, la_real beta, la_mat C);


/* ======================================================================
 * 6. Sparse recovery: LASSO and elastic net by coordinate descent,
 *    MCP and SCAD, regularization paths and cross-validation, FISTA,
 *    group LASSO, OMP and batch OMP, LARS, IHT, CoSaMP
 *
 * PROBLEMS. X is an m x n design: a dense row-major la_mat, or (through
 * the parallel *_csc entry points) a CSC sp_mat (a CSR matrix is refused:
 * sp_convert it). y has m entries, coef n. The penalized solvers minimize
 *
 *     (1/(2m)) ||y - b0 - X coef||^2 + lambda * P(coef)
 *
 * with P(b) = sum_j w_j (l1_ratio |b_j| + (1 - l1_ratio)/2 b_j^2) for the
 * elastic net (l1_ratio = 1: the LASSO), the scaling of scikit-learn's
 * Lasso and ElasticNet (fit_intercept=False) and of glmnet's gaussian
 * family. The penalty factors w_j (1 unless given) weight each feature
 * (weighted and adaptive LASSO; w_j = 0 leaves b_j unpenalized). b0 is 0
 * unless an intercept is fitted.
 *
 * INTERCEPT AND STANDARDIZATION (sp_lasso_opts.fit_intercept,
 * .standardize). With an intercept the columns and y are centered
 * (implicitly for a CSC design, which stays sparse: the centered column is
 * x_j - mean_j, never formed) and b0 = mean(y) - sum_j mean_j coef_j is
 * returned in sp_info.intercept. Standardization penalizes the
 * coefficients of the columns scaled to unit root-mean-square (about their
 * mean with an intercept; 1/m normalization, as glmnet); coef is returned
 * on the original scale either way. A constant (zero after centering)
 * column gets coefficient 0.
 *
 * STOPPING RULE (convex problems). The duality gap of the objective above
 * is computed from the residual rho = y - b0 - X coef scaled into the dual
 * feasible set (Mairal 2010; the formula of scikit-learn's coordinate
 * descent, which treats the elastic net as a LASSO on augmented data), and
 * for the elastic net also from rho itself (the ridge part makes it
 * feasible); the smaller of the two is used. A solver stops when
 *     gap <= tol * ||y||^2 / m          (y centered with an intercept),
 * scikit-learn's meaning of tol. sp_info.gap is that gap, sp_info.gap_tol
 * the right-hand side. With w_j = 0 features the gap takes their optimality
 * (x_j^T rho = 0, which each pass restores) as given. lambda = 0 is
 * ordinary least squares, whose gap vanishes only when the data are
 * interpolated (m <= n); use la_lstsq for least squares.
 *
 * WARM STARTS. coef on entry is the starting point: fill it with zeros for
 * a cold start (the fixed entry points sp_lasso and sp_enet included). OMP
 * and the other greedy methods say below what they take from it.
 *
 * RESULTS. Every solver fills sp_info (when info != NULL): status, the
 * reason it stopped, iterations, final gap (NaN where no duality gap is
 * defined: OMP, IHT, CoSaMP, LARS, MCP, SCAD), number of nonzeros and the
 * intercept. LA_ERR_NO_CONVERGENCE means max_iter was reached; coef then
 * holds the best iterate (the last one for the descent methods, the one
 * of least objective for FISTA).
 *
 * ERRORS (every solver): LA_ERR_ARG (NULL pointers, a malformed view or
 * sparse header, a CSR design, lambda < 0 or NaN, l1_ratio outside [0, 1],
 * tol < 0, k < 0 or k > n, a penalty factor or weight < 0 or NaN),
 * LA_ERR_DIM (shapes that do not agree), LA_ERR_NONFINITE (NaN or Inf in
 * X, y or the warm start, or a column so large that its squared norm
 * overflows; nothing is written), LA_ERR_NOMEM (the arena, or path
 * storage, is too small), LA_ERR_NO_CONVERGENCE.
 *
 * EMPTY DESIGNS. n = 0: nothing to estimate; LA_OK with gap 0 and the
 * intercept mean(y) when fitted. m = 0: there are no data; coef is set to
 * 0 (the penalty's minimizer), intercept 0, LA_OK.
 *
 * WORKSPACE. Each solver takes `la_arena *ws` (NULL: one LA_MALLOC block,
 * freed on return; LA_NO_MALLOC: LA_ERR_NOMEM) and states its need as a
 * *_ws_bytes query, exact for the dense design and an upper bound for CSC.
 * Coordinate descent on a dense design works on a column-major copy of
 * the columns it touches (packed on first use: at most m n reals, as a
 * column solver needs), so the queries for it are about the size of X.
 * ====================================================================== */

/* Penalties of the coordinate-descent paths (sp_lasso_opts.penalty). */
typedef enum { SP_PENALTY_L1 = 0, SP_PENALTY_MCP = 1, SP_PENALTY_SCAD = 2 } sp_penalty;
/* How coordinate descent keeps the gradient: SP_CD_AUTO picks covariance
 * updates when m > n (tall) and naive updates otherwise. */
typedef enum { SP_CD_AUTO = 0, SP_CD_NAIVE = 1, SP_CD_COVARIANCE = 2 } sp_cd_mode;
/* Screening and working-set devices that sp_lasso_opts.screening turns
 * OFF (OR-ed; 0 keeps all, the default). Each changes the work, never the
 * solution. */
#define SP_NO_STRONG_RULES 1 /* sequential strong rules (Tibshirani et al. 2012) */
#define SP_NO_GAP_SAFE 2     /* gap-safe screening (Fercoq et al. 2015) */
#define SP_NO_ACTIVE_SET 4   /* active-set cycling and working sets: every pass is full */

/* Options of the LASSO family; the zero value means the defaults and NULL
 * means all defaults. */
typedef struct {
    la_real tol;        /* duality-gap tolerance, scikit-learn's meaning (see
                           above); 0: 1e-4 */
    int max_iter;       /* most passes of coordinate descent over its working
                           set (FISTA, IHT: iterations); 0: 1000 */
    int fit_intercept;  /* nonzero: fit an unpenalized intercept */
    int standardize;    /* nonzero: penalize standardized coefficients */
    int positive;       /* nonzero: constrain coef >= 0 */
    const la_real *penalty_factor; /* n weights w_j >= 0 (finite); NULL: 1 */
    int screening;      /* SP_NO_* flags: devices to turn off */
    sp_cd_mode mode;    /* naive or covariance updates; 0: by shape */
    /* regularization paths and cross-validation */
    la_int n_lambda;    /* grid size; 0: 100 */
    la_real eps;        /* lambda_min / lambda_max; 0: 1e-4 if m > n, else
                           1e-2 (glmnet's lambda.min.ratio) */
    const la_real *lambdas; /* n_lambda decreasing values >= 0 replacing the
                               computed grid; NULL: computed */
    sp_penalty penalty; /* of sp_lasso_path and sp_lasso_cv; 0: L1 */
    la_real gamma;      /* MCP / SCAD concavity; 0: 3 (MCP), 3.7 (SCAD) */
    la_int n_folds;     /* cross-validation folds; 0: 10 */
    uint64_t seed;      /* of the fold assignment */
} sp_lasso_opts;

/* What a sparse-recovery solver did. */
typedef struct {
    la_status status;   /* as returned */
    const char *reason; /* why it stopped, e.g. "duality gap <= tol" */
    int iterations;     /* passes / iterations / atoms / LARS steps */
    la_real gap;        /* final duality gap in the objective's units; NaN
                           where not defined */
    la_real gap_tol;    /* what the gap was tested against: tol ||y||^2 / m */
    la_int nnz;         /* nonzeros of coef */
    la_real intercept;  /* b0 (0 unless fitted) */
    la_real objective;  /* final objective value (NaN where not defined) */
} sp_info;

/* ---- LASSO and elastic net by coordinate descent ---- */

/* LASSO: min (1/(2m)) ||y - b0 - X coef||^2 + lambda sum_j w_j |coef_j|
 * (options above; o may be NULL), by cyclic coordinate descent (Friedman,
 * Hastie, Hoefling and Tibshirani 2007; Friedman, Hastie and Tibshirani
 * 2010, glmnet): each coordinate is set to its exact minimizer given the
 * others by soft-thresholding. Devices that change the work but not the
 * solution: naive updates of the residual for wide problems, covariance
 * updates for tall ones (the Gram column X^T x_j computed once, when x_j
 * first becomes nonzero, and the gradient updated in O(n) per change);
 * a working set (the nonzero coefficients and the features the sequential
 * strong rule keeps, Tibshirani et al. 2012, or else the most correlated,
 * at least doubling) cycled with active-set passes until converged (a
 * single-lambda solve takes each working set only to 0.3 of the last full
 * duality gap: Massias, Gramfort and Salmon 2018, Celer), then the KKT
 * conditions of all features checked with one X^T r product and violators
 * added; Anderson extrapolation of the active-set passes
 * (Bertrand and Massias 2021), every 5 passes from the last 5 iterates,
 * kept only when it lowers the objective (convex penalties without
 * positivity); gap-safe screening (Fercoq, Gramfort and Salmon 2015;
 * Ndiaye, Fercoq, Gramfort and Salmon 2017) discarding features whose
 * coefficient is provably zero. Stops at the duality gap test (section
 * head). Cost per pass 4 m |working set| flops (naive; 2 nnz of those
 * columns for CSC) or |changes| n (covariance), plus 2 m n per KKT check.
 * Workspace: sp_lasso_ws_bytes(m, n, o). */
SP_API la_status sp_lasso(la_mat X, const la_real *y, la_real lambda, la_real *coef,
                          const sp_lasso_opts *o, sp_info *info, la_arena *ws);
SP_API la_status sp_lasso_csc(const sp_mat *X, const la_real *y, la_real lambda, la_real *coef,
                              const sp_lasso_opts *o, sp_info *info, la_arena *ws);
/* Elastic net: min (1/(2m)) ||y - b0 - X coef||^2
 *     + lambda sum_j w_j (l1_ratio |coef_j| + (1 - l1_ratio)/2 coef_j^2),
 * l1_ratio in [0, 1] (1: sp_lasso; 0: ridge), scikit-learn's ElasticNet.
 * Same method, options, cost and workspace as sp_lasso. */
SP_API la_status sp_enet(la_mat X, const la_real *y, la_real lambda, la_real l1_ratio,
                         la_real *coef, const sp_lasso_opts *o, sp_info *info, la_arena *ws);
SP_API la_status sp_enet_csc(const sp_mat *X, const la_real *y, la_real lambda, la_real l1_ratio,
                             la_real *coef, const sp_lasso_opts *o, sp_info *info,
                             la_arena *ws);
/* Workspace of sp_lasso, sp_enet, sp_mcp, sp_scad, sp_lasso_path and
 * sp_lambda_grid (dense or CSC) for an m x n design: about
 * min(m, n) n + 4 m + 18 n reals (the packed columns or the Gram
 * columns, the residual, gradient, bookkeeping and the iterates of the
 * Anderson extrapolation). */
SP_API size_t sp_lasso_ws_bytes(la_int m, la_int n, const sp_lasso_opts *o);

/* MCP (Zhang 2010): penalty sum_j w_j p(|coef_j|) with p(t) = lambda t -
 * t^2 / (2 gamma) for t <= gamma lambda, gamma lambda^2 / 2 beyond; and
 * SCAD (Fan and Li 2001): p(t) = lambda t for t <= lambda,
 * (2 gamma lambda t - t^2 - lambda^2) / (2 (gamma - 1)) up to gamma
 * lambda, lambda^2 (gamma + 1) / 2 beyond. Nonconvex: coordinate descent
 * (Breheny and Huang 2011) reaches a coordinatewise minimum near the warm
 * start (run sp_lasso_path with o->penalty for the path from lambda_max,
 * as ncvreg does). Each coordinate is minimized exactly over the pieces of
 * its one-dimensional objective (any column scaling; Breheny and Huang's
 * closed forms are the unit-norm case). gamma > 1 (MCP), > 2 (SCAD); 0
 * selects 3 / 3.7; other values are LA_ERR_ARG. Stops when a full pass
 * changes no fitted value by more than tol ||y||^2 / m in squared norm
 * and no excluded feature violates its zero condition
 * |x_j^T r| / m <= lambda w_j; gap NaN. Working sets, strong rules, the
 * modes and the cost per pass of sp_lasso apply; gap-safe screening does
 * not (it needs convexity). Workspace: sp_lasso_ws_bytes. */
SP_API la_status sp_mcp(la_mat X, const la_real *y, la_real lambda, la_real gamma, la_real *coef,
                        const sp_lasso_opts *o, sp_info *info, la_arena *ws);
SP_API la_status sp_mcp_csc(const sp_mat *X, const la_real *y, la_real lambda, la_real gamma,
                            la_real *coef, const sp_lasso_opts *o, sp_info *info,
                            la_arena *ws);
SP_API la_status sp_scad(la_mat X, const la_real *y, la_real lambda, la_real gamma, la_real *coef,
                         const sp_lasso_opts *o, sp_info *info, la_arena *ws);
SP_API la_status sp_scad_csc(const sp_mat *X, const la_real *y, la_real lambda, la_real gamma,
                             la_real *coef, const sp_lasso_opts *o, sp_info *info,
                             la_arena *ws);

/* ---- Regularization paths and cross-validation ---- */

/* A regularization path stored compactly, column by column as a CSC
 * matrix of n x count: the coefficients of lambda[k] are val[ptr[k] ..
 * ptr[k+1]) at the feature indices idx[same] (increasing), on the
 * original scale; intercept[k] and gap[k] (NaN where undefined) beside.
 * Arrays are the caller's (sp_path_of) or allocated (sp_path_alloc). */
typedef struct {
    la_int n;                 /* features */
    la_int count;             /* lambdas stored */
    la_int cap_lambda;        /* room in lambda, intercept, gap (ptr: +1) */
    la_int cap_nnz;           /* room in idx and val */
    la_real *lambda;
    la_int *ptr;
    la_int *idx;
    la_real *val;
    la_real *intercept;
    la_real *gap;
    int owned;                /* arrays from sp_path_alloc */
} sp_path;

/* A path over caller-owned arrays: lambda, intercept, gap of cap_lambda
 * entries, ptr of cap_lambda + 1, idx and val of cap_nnz (intercept and
 * gap may be NULL: not recorded). */
SP_API sp_path sp_path_of(la_int n, la_int cap_lambda, la_int cap_nnz, la_real *lambda,
                          la_int *ptr, la_int *idx, la_real *val, la_real *intercept,
                          la_real *gap);
/* A path with allocated arrays (LA_MALLOC); cap_nnz = 0 takes the worst
 * case cap_lambda * n. Free with sp_path_free. Errors: LA_ERR_ARG,
 * LA_ERR_NOMEM. */
SP_API la_status sp_path_alloc(la_int n, la_int cap_lambda, la_int cap_nnz, sp_path *P);
SP_API void sp_path_free(sp_path *P);
/* coef (n entries) <- the coefficients of lambda[k]. Errors: LA_ERR_ARG. */
SP_API la_status sp_path_coef(const sp_path *P, la_int k, la_real *coef);
/* coef <- the path at `lambda` by linear interpolation between the
 * neighbouring stored lambdas (exact for the piecewise-linear LARS path;
 * clamped to the ends); intercept (may be NULL) likewise. Errors:
 * LA_ERR_ARG (empty path, lambda NaN). */
SP_API la_status sp_path_at(const sp_path *P, la_real lambda, la_real *coef, la_real *intercept);

/* The lambda grid of a path (glmnet's): lambda_max = max_j |x_j^T y| /
 * (m l1_ratio w_j) over penalized features (after centering, scaling and
 * fitting any unpenalized features: the smallest lambda at which coef = 0
 * is optimal; l1_ratio below 1e-3 counts as 1e-3, as glmnet), then
 * o->n_lambda values log-spaced from lambda_max down to eps lambda_max,
 * into lambdas (n_lambda entries). o->lambdas, when given, is copied.
 * Cost one X^T y product. Workspace sp_lasso_ws_bytes. */
SP_API la_status sp_lambda_grid(la_mat X, const la_real *y, la_real l1_ratio,
                                const sp_lasso_opts *o, la_real *lambdas, la_arena *ws);
SP_API la_status sp_lambda_grid_csc(const sp_mat *X, const la_real *y, la_real l1_ratio,
                                    const sp_lasso_opts *o, la_real *lambdas, la_arena *ws);
/* The regularization path of the elastic net (o->penalty: or MCP / SCAD)
 * over the grid of sp_lambda_grid: each lambda warm-started from the
 * previous solution, with the sequential strong rule from the previous
 * lambda (Tibshirani et al. 2012) and the devices of sp_lasso. Every
 * lambda's solution is appended to path (path->count is reset to 0 first);
 * when path is full, LA_ERR_NOMEM with the lambdas that fit stored. info
 * sums the iterations; its gap is the largest along the path, status and
 * reason those of the first lambda that failed. Cost: about the sum of the
 * single solves, with much smaller working sets. Workspace
 * sp_lasso_ws_bytes. */
SP_API la_status sp_lasso_path(la_mat X, const la_real *y, la_real l1_ratio,
                               const sp_lasso_opts *o, sp_path *path, sp_info *info, la_arena *ws);
SP_API la_status sp_lasso_path_csc(const sp_mat *X, const la_real *y, la_real l1_ratio,
                                   const sp_lasso_opts *o, sp_path *path, sp_info *info,
                                   la_arena *ws);

/* Result of a cross-validation: arrays of n_lambda entries, the caller's
 * (sp_cv_of). */
typedef struct {
    la_int n_lambda;
    la_real *lambda;  /* the grid (from the whole data set) */
    la_real *cvm;     /* mean held-out squared error at each lambda */
    la_real *cvsd;    /* its standard error */
    la_int index_min, index_1se;
    la_real lambda_min;   /* lambda of least cvm */
    la_real lambda_1se;   /* largest lambda with cvm <= cvm_min + cvsd_min */
} sp_cv;
/* A result over the caller's arrays of n_lambda entries each (lambda
 * receives the grid); the indices are -1 and the lambdas NaN until
 * sp_lasso_cv fills them. */
SP_API sp_cv sp_cv_of(la_int n_lambda, la_real *lambda, la_real *cvm, la_real *cvsd);
/* K-fold cross-validation over the path (what scikit-learn's LassoCV and
 * glmnet's cv.glmnet give): the grid comes from the whole data set; the
 * rows are dealt to o->n_folds folds in a random order drawn from o->seed
 * (la_rng: reproducible); for each fold the path is fitted on the other
 * rows (same options) and its squared prediction error on the fold
 * recorded at every lambda. cvm is the mean error over all rows, cvsd the
 * standard error of the fold means weighted by fold size (glmnet's
 * formula); lambda_1se is the largest lambda whose cvm is within one
 * standard error of the minimum (the one-standard-error rule; Hastie,
 * Tibshirani and Friedman 2009, Sec. 7.10). cv->n_lambda must equal the
 * grid size. Fit the chosen lambda on all rows with sp_lasso / sp_enet.
 * Cost: the grid's X^T y, then n_folds paths (sp_lasso_path) on the
 * training rows, and at most 2 m n flops per lambda for the held-out
 * predictions.
 * Errors also LA_ERR_ARG for n_folds < 2 or > m, and for a cv whose
 * n_lambda is not the grid size or with a NULL array. Workspace:
 * sp_lasso_cv_ws_bytes(m, n, nnz, o) (nnz: entries of a CSC design, 0 for
 * dense): the training rows are copied. */
SP_API la_status sp_lasso_cv(la_mat X, const la_real *y, la_real l1_ratio, const sp_lasso_opts *o,
                             sp_cv *cv, sp_info *info, la_arena *ws);
SP_API la_status sp_lasso_cv_csc(const sp_mat *X, const la_real *y, la_real l1_ratio,
                                 const sp_lasso_opts *o, sp_cv *cv, sp_info *info, la_arena *ws);
SP_API size_t sp_lasso_cv_ws_bytes(la_int m, la_int n, la_int nnz, const sp_lasso_opts *o);

/* ---- FISTA ---- */

/* The elastic net of sp_enet (same options: intercept, standardization,
 * penalty factors, positivity; screening and mode are ignored) by FISTA
 * (Beck and Teboulle 2009): accelerated proximal gradient with
 * backtracking on the Lipschitz constant (from the largest squared column
 * norm up, doubling) and the gradient adaptive restart of O'Donoghue and
 * Candes (2015). Every iteration costs one X b and one X^T r product (and
 * one more X b per backtracking step); the duality gap is evaluated at
 * each iterate from those products and tested as for sp_lasso.
 * max_iter counts iterations; on LA_ERR_NO_CONVERGENCE coef holds the
 * iterate of least objective. A second, independent solver for the same
 * problems. Workspace: sp_fista_ws_bytes(m, n, o). */
SP_API la_status sp_fista(la_mat X, const la_real *y, la_real lambda, la_real l1_ratio,
                          la_real *coef, const sp_lasso_opts *o, sp_info *info, la_arena *ws);
SP_API la_status sp_fista_csc(const sp_mat *X, const la_real *y, la_real lambda, la_real l1_ratio,
                              la_real *coef, const sp_lasso_opts *o, sp_info *info,
                              la_arena *ws);
SP_API size_t sp_fista_ws_bytes(la_int m, la_int n, const sp_lasso_opts *o);

/* ---- Group LASSO ---- */

/* Group LASSO (Yuan and Lin 2006): min (1/(2m)) ||y - b0 - X coef||^2 +
 * lambda sum_g v_g ||coef_g||_2, group[j] in [0, n_groups) naming the
 * group of feature j (any order), v_g = group_weights[g] >= 0 (NULL:
 * sqrt(size of g); 0: unpenalized). Block coordinate descent: each group
 * takes the group prox of a gradient step majorized by L_g = the largest
 * eigenvalue of X_g^T X_g (la_eigh once per group; for orthonormal groups,
 * X_g^T X_g = m I, this is Yuan and Lin's exact block update), with
 * active-group cycling, stopped by the duality gap (dual norm max_g
 * ||X_g^T r|| / v_g) tested as for sp_lasso. Reads tol, max_iter,
 * fit_intercept and standardize of o. Cost per pass 4 m n flops (2 nnz
 * for CSC) plus m p_g^2 per group once. Workspace:
 * sp_group_lasso_ws_bytes(m, n, n_groups, size of the largest group,
 * features in groups of weight 0). Errors: see the section head; also
 * LA_ERR_ARG for a group index outside [0, n_groups), n_groups < 1 with
 * features, or a group weight < 0 or NaN. */
SP_API la_status sp_group_lasso(la_mat X, const la_real *y, const la_int *group, la_int n_groups,
                                const la_real *group_weights, la_real lambda, la_real *coef,
                                const sp_lasso_opts *o, sp_info *info, la_arena *ws);
SP_API la_status sp_group_lasso_csc(const sp_mat *X, const la_real *y, const la_int *group,
                                    la_int n_groups, const la_real *group_weights, la_real lambda,
                                    la_real *coef, const sp_lasso_opts *o, sp_info *info,
                                    la_arena *ws);
SP_API size_t sp_group_lasso_ws_bytes(la_int m, la_int n, la_int n_groups, la_int max_group,
                                      la_int n_unpenalized);

/* ---- Orthogonal matching pursuit ---- */

/* Atom selection rules of OMP (sp_omp_opts.rule). */
typedef enum {
    SP_OMP_CORRELATION = 0, /* largest |x_j^T r| / ||x_j||: classical OMP */
    SP_OMP_LOSS = 1         /* largest decrease of ||r||^2 after refitting:
                               |x_j^T r| / ||P x_j||, P the projector onto
                               the complement of the selected atoms
                               (orthogonal least squares, Chen, Billings and
                               Luo 1989) */
} sp_omp_rule;

/* Options of OMP; zero value (or NULL) = classical OMP, unit weights. */
typedef struct {
    sp_omp_rule rule;
    const la_real *weights; /* n atom weights > 0 (Inf: never chosen);
                               NULL: 1. The score of atom j is divided by
                               w_j: weighted OMP, the greedy counterpart of
                               the weighted LASSO, whose KKT conditions
                               admit feature j when |x_j^T r| / m reaches
                               lambda w_j */
} sp_omp_opts;

/* Orthogonal matching pursuit (Pati, Rezaiifar and Krishnaprasad 1993):
 * repeatedly select the atom (column) whose normalized correlation
 * |x_j^T r| / ||x_j|| with the residual is largest (columns need not be
 * normalized) and refit y on the selected atoms by least squares. The
 * Cholesky factor of the selected atoms' Gram matrix grows by one row per
 * atom (a triangular solve, no refactorization: OMP-Cholesky, Rubinstein,
 * Zibulevsky and Elad 2008). Stops after k atoms (k = 0: no limit), when
 * ||y - X coef||^2 <= tol, or when no atom is left that is independent of
 * the selected ones and correlated with the residual. k > n is LA_ERR_ARG;
 * k > m is clamped to m (at most m independent atoms exist).
 * Warm start: the nonzeros of coef on entry are selected first (in
 * decreasing |coef_j|, at most k of them), then the greedy steps follow;
 * pass zeros for a cold start. coef is overwritten with the fit. A y whose
 * largest entry lies beyond 2^+-(max exponent / 4) is divided by a power of
 * two first (OMP is homogeneous in y; the fit is scaled back exactly), so
 * that ||y||^2 neither overflows nor underflows.
 * Cost per atom: one X^T r product (2 m n flops, or 2 nnz for CSC) and
 * O(m k + k^2); plus one pass for the column norms. Workspace:
 * sp_omp_ws_bytes(m, n, k). Errors: see the section head; tol < 0 is
 * LA_ERR_ARG. */
SP_API la_status sp_omp(la_mat X, const la_real *y, la_int k, la_real tol, la_real *coef,
                        la_arena *ws);
SP_API la_status sp_omp_csc(const sp_mat *X, const la_real *y, la_int k, la_real tol,
                            la_real *coef, la_arena *ws);
/* OMP with options (selection rule, atom weights) and a report. The loss
 * rule costs one more X^T u product per atom. */
SP_API la_status sp_omp_ex(la_mat X, const la_real *y, la_int k, la_real tol, la_real *coef,
                           const sp_omp_opts *o, sp_info *info, la_arena *ws);
SP_API la_status sp_omp_ex_csc(const sp_mat *X, const la_real *y, la_int k, la_real tol,
                               la_real *coef, const sp_omp_opts *o, sp_info *info,
                               la_arena *ws);
SP_API size_t sp_omp_ws_bytes(la_int m, la_int n, la_int k);
/* OMP of one signal from a precomputed Gram matrix G = X^T X (n x n, both
 * triangles), Xty = X^T y (n entries) and yty = ||y||^2: Batch-OMP
 * (Rubinstein, Zibulevsky and Elad 2008), which never touches X: the
 * correlations are Xty - G_{:,S} coef_S and the residual norm
 * yty - coef_S^T Xty_S. Same rules, stopping tests, warm start and report
 * as sp_omp_ex (m unknown: k is clamped to n). Cost per atom O(n k + k^2).
 * Workspace: sp_omp_gram_ws_bytes(n, k). Errors also LA_ERR_DIM (G not
 * n x n) and LA_ERR_NONFINITE (in G, Xty or yty). */
SP_API la_status sp_omp_gram(la_mat G, const la_real *Xty, la_real yty, la_int k, la_real tol,
                             la_real *coef, const sp_omp_opts *o, sp_info *info, la_arena *ws);
SP_API size_t sp_omp_gram_ws_bytes(la_int n, la_int k);
/* Batch OMP of many signals: the rows of Y (s x m) against one dictionary
 * X; the rows of Coef (s x n) receive the codes (cold start: Coef is
 * overwritten). G = X^T X is formed once (la_syrk for a dense X), X^T Y in
 * blocks of 32 signals (la_gemm), then each signal runs sp_omp_gram.
 * Cost m n^2 + 2 m n s flops plus O(n k) per atom. info (may be NULL)
 * sums the atoms over signals in iterations and nnz; its status is the
 * first failure. Errors also LA_ERR_NONFINITE when X^T X overflows (every
 * code 0) or, for a signal, X^T y or ||y||^2 does (that code 0, the others
 * computed). Workspace: sp_omp_batch_ws_bytes(m, n, k). */
SP_API la_status sp_omp_batch(la_mat X, la_mat Y, la_int k, la_real tol, la_mat Coef,
                              const sp_omp_opts *o, sp_info *info, la_arena *ws);
SP_API la_status sp_omp_batch_csc(const sp_mat *X, la_mat Y, la_int k, la_real tol, la_mat Coef,
                                  const sp_omp_opts *o, sp_info *info, la_arena *ws);
SP_API size_t sp_omp_batch_ws_bytes(la_int m, la_int n, la_int k);

/* ---- LARS ---- */

/* Options of LARS; zero value (or NULL) = the LASSO path to the end. */
typedef struct {
    int max_steps;      /* 0: 8 min(m, n) */
    int lar;            /* nonzero: plain least angle regression (no drops) */
    int positive;       /* nonzero: coef >= 0 (the positive LASSO) */
    int fit_intercept;
    int standardize;
    la_real lambda_min; /* stop at this lambda (0: run to the end) */
} sp_lars_opts;
/* The exact, piecewise-linear LASSO path by least angle regression with
 * the LASSO modification (Efron, Hastie, Johnstone and Tibshirani 2004):
 * from lambda_max = max_j |x_j^T y| / m the coefficients move along the
 * equiangular direction of the active set until a new feature's
 * correlation ties (it enters) or an active coefficient reaches zero (it
 * leaves); the Cholesky factor of the active Gram matrix is appended to
 * (a triangular solve) or has a row deleted (Givens rotations). Each
 * breakpoint (lambda = common |x_j^T r| / m, coefficients on the original
 * scale, intercept) is appended to path; sp_path_at interpolates between
 * them exactly. Along the LASSO path the number of nonzeros changes by one
 * at each breakpoint (in general position). Stops at lambda_min, at
 * lambda = 0 (least squares on min(m - intercept, n) features), or at
 * max_steps (LA_ERR_NO_CONVERGENCE); a full path returns LA_ERR_NOMEM
 * with what fit. A feature that leaves can enter again later, with the
 * other sign. Cost per step one X^T u product and O(m k + k^2).
 * Workspace: sp_lars_ws_bytes(m, n). Errors: see the section head; also
 * LA_ERR_ARG for max_steps < 0, lambda_min < 0 or NaN, or a path whose n
 * is not the design's. */
SP_API la_status sp_lars(la_mat X, const la_real *y, const sp_lars_opts *o, sp_path *path,
                         sp_info *info, la_arena *ws);
SP_API la_status sp_lars_csc(const sp_mat *X, const la_real *y, const sp_lars_opts *o,
                             sp_path *path, sp_info *info, la_arena *ws);
SP_API size_t sp_lars_ws_bytes(la_int m, la_int n);

/* ---- Iterative hard thresholding and CoSaMP ---- */

/* Options of IHT and CoSaMP; zero value (or NULL) = defaults. Both, like
 * sp_omp, divide a y far from 1 by a power of two first and scale the fit
 * back exactly (see sp_omp). */
typedef struct {
    int max_iter;     /* 0: 500 (IHT), 100 (CoSaMP) */
    la_real tol;      /* stop when ||y - X coef||^2 <= tol (as sp_omp) */
    la_real rel_tol;  /* stop when an iteration changes coef by at most
                         rel_tol ||coef||; 0: sqrt(LA_EPS) */
} sp_greedy_opts;

/* min ||y - X coef||^2 subject to at most k nonzeros, by normalized
 * iterative hard thresholding (Blumensath and Davies 2010): coef <-
 * H_k(coef + mu X^T r), with the step mu = ||g_S||^2 / ||X_S g_S||^2 exact
 * for the current support S and shrunk (by 2 (1 - c), c = 0.01) until it
 * satisfies their stability condition whenever the support changes.
 * Warm start: H_k(coef) on entry (zeros: the first step starts from the
 * k largest correlations). Cost per iteration 3 products with X or X^T
 * (plus one per shrink). Stops at tol, rel_tol or max_iter (then
 * LA_ERR_NO_CONVERGENCE). 1 <= k <= n. Workspace: sp_iht_ws_bytes(m, n). */
SP_API la_status sp_iht(la_mat X, const la_real *y, la_int k, la_real *coef,
                        const sp_greedy_opts *o, sp_info *info, la_arena *ws);
SP_API la_status sp_iht_csc(const sp_mat *X, const la_real *y, la_int k, la_real *coef,
                            const sp_greedy_opts *o, sp_info *info, la_arena *ws);
SP_API size_t sp_iht_ws_bytes(la_int m, la_int n);
/* CoSaMP (Needell and Tropp 2009): merge the 2k largest entries of the
 * proxy X^T r with the current support, solve least squares on the merged
 * support (at most 3k columns; la_lstsq_rank, minimum norm when rank
 * deficient), keep the k largest. Warm start: the k largest |coef| on
 * entry. Stops at tol, rel_tol, when the residual stops decreasing, or at
 * max_iter (LA_ERR_NO_CONVERGENCE). 1 <= k <= n. Cost per iteration one
 * X^T r, one X coef and a 3k-column least-squares fit (6 m k^2 flops).
 * Workspace: sp_cosamp_ws_bytes(m, n, k). */
SP_API la_status sp_cosamp(la_mat X, const la_real *y, la_int k, la_real *coef,
                           const sp_greedy_opts *o, sp_info *info, la_arena *ws);
SP_API la_status sp_cosamp_csc(const sp_mat *X, const la_real *y, la_int k, la_real *coef,
                               const sp_greedy_opts *o, sp_info *info, la_arena *ws);
SP_API size_t sp_cosamp_ws_bytes(la_int m, la_int n, la_int k);

#ifdef __cplusplus
}
#endif

#endif /* SPARSE_H */

#if defined(SP_IMPLEMENTATION) && !defined(SP__IMPLEMENTATION_DONE)
#define SP__IMPLEMENTATION_DONE

/* Largest la_int (la_int is a signed two's-complement integer type). */
#define SP__INT_MAX ((la_int)((~0ULL) >> (65 - 8 * (int)sizeof(la_int))))

/* ----------------------------------------------------------------------
 * 1. Sparse matrices: types, checks, construction, conversion, the
 *    finite-difference Laplacian
 * ---------------------------------------------------------------------- */

LA__PRIV la_int sp__major(const sp_mat *A) { return A->format == SP_CSR ? A->rows : A->cols; }
LA__PRIV la_int sp__minor(const sp_mat *A) { return A->format == SP_CSR ? A->cols : A->rows; }

LA__PRIV void sp__zero(sp_mat *A) {
    A->format = SP_CSR;
    A->rows = A->cols = A->nnz = 0;
    A->ptr = A->idx = NULL;
    A->val = NULL;
}

/* A usable header: known format, non-negative sizes, arrays present where
 * needed, ptr consistent at both ends. O(1): what the kernels check. */
LA__PRIV la_status sp__check_header(const sp_mat *A) {
    if (!A) return LA_ERR_ARG;
    if ((A->format != SP_CSR && A->format != SP_CSC) || A->rows < 0 || A->cols < 0 || A->nnz < 0)
        return LA_ERR_ARG;
    if (!A->ptr) return (sp__major(A) == 0 && A->nnz == 0) ? LA_OK : LA_ERR_ARG;
    if (A->ptr[0] != 0 || A->ptr[sp__major(A)] != A->nnz) return LA_ERR_ARG;
    if (A->nnz > 0 && (!A->idx || !A->val)) return LA_ERR_ARG;
    return LA_OK;
}

SP_API sp_mat sp_mat_of(sp_format format, la_int rows, la_int cols, la_int nnz, la_int *ptr,
                        la_int *idx, la_real *val) {
    sp_mat A;
    A.format = format;
    A.rows = rows;
    A.cols = cols;
    A.nnz = nnz;
    A.ptr = ptr;
    A.idx = idx;
    A.val = val;
    return A;
}

SP_API la_int sp_ptr_len(sp_format format, la_int rows, la_int cols) {
    la_int major = format == SP_CSR ? rows : cols;
    if (rows < 0 || cols < 0 || major == SP__INT_MAX) return 0;
    return major + 1;
}

SP_API la_status sp_check(const sp_mat *A) {
    la_int p, q, major, minor;
    if (sp__check_header(A)) return LA_ERR_ARG;
    major = sp__major(A);
    minor = sp__minor(A);
    if (!A->ptr) return LA_OK;
    for (p = 0; p < major; ++p) {
        if (A->ptr[p + 1] < A->ptr[p] || A->ptr[p + 1] > A->nnz) return LA_ERR_ARG;
        for (q = A->ptr[p]; q < A->ptr[p + 1]; ++q)
            if (A->idx[q] < 0 || A->idx[q] >= minor) return LA_ERR_ARG;
    }
    return LA_OK;
}

SP_API int sp_is_canonical(const sp_mat *A) {
    la_int p, q;
    if (sp_check(A)) return 0;
    for (p = 0; p < sp__major(A); ++p)
        for (q = A->ptr[p] + 1; q < A->ptr[p + 1]; ++q)
            if (A->idx[q] <= A->idx[q - 1]) return 0;
    return 1;
}

SP_API sp_mat sp_transpose_view(const sp_mat *A) {
    sp_mat T;
    T = *A;
    T.format = A->format == SP_CSR ? SP_CSC : SP_CSR;
    T.rows = A->cols;
    T.cols = A->rows;
    return T;
}

/* Sort idx[0..n) increasing, moving val along: insertion sort for short
 * runs, heap sort (Williams 1964) otherwise; no workspace. */
LA__PRIV void sp__sift(la_int *idx, la_real *val, la_int root, la_int n) {
    la_int ki = idx[root];
    la_real kv = val[root];
    for (;;) {
        la_int child = 2 * root + 1;
        if (child >= n) break;
        if (child + 1 < n && idx[child + 1] > idx[child]) ++child;
        if (idx[child] <= ki) break;
        idx[root] = idx[child];
        val[root] = val[child];
        root = child;
    }
    idx[root] = ki;
    val[root] = kv;
}

LA__PRIV void sp__sort_run(la_int *idx, la_real *val, la_int n) {
    la_int i, j;
    for (i = 1; i < n && idx[i - 1] <= idx[i]; ++i) {
    }
    if (i >= n) return; /* already sorted */
    if (n <= 24) {
        for (i = 1; i < n; ++i) {
            la_int ki = idx[i];
            la_real kv = val[i];
            for (j = i; j > 0 && idx[j - 1] > ki; --j) {
                idx[j] = idx[j - 1];
                val[j] = val[j - 1];
            }
            idx[j] = ki;
            val[j] = kv;
        }
        return;
    }
    for (i = n / 2 - 1; i >= 0; --i) sp__sift(idx, val, i, n);
    for (i = n - 1; i > 0; --i) {
        la_int ti = idx[0];
        la_real tv = val[0];
        idx[0] = idx[i];
        val[0] = val[i];
        idx[i] = ti;
        val[i] = tv;
        sp__sift(idx, val, 0, i);
    }
}

/* Sort every row (column) and sum duplicates in place; returns the new nnz. */
LA__PRIV la_int sp__canonicalize(la_int major, la_int *ptr, la_int *idx, la_real *val) {
    la_int p, q, w = 0, start = 0;
    for (p = 0; p < major; ++p) {
        la_int end = ptr[p + 1], first = w;
        sp__sort_run(idx + start, val + start, end - start);
        for (q = start; q < end; ++q) {
            if (w > first && idx[w - 1] == idx[q]) {
                val[w - 1] += val[q];
            } else {
                idx[w] = idx[q];
                val[w] = val[q];
                ++w;
            }
        }
        ptr[p] = first;
        start = end;
    }
    ptr[major] = w;
    return w;
}

/* ptr[0..major] <- starts of each major index's bucket from counts already
 * in ptr[1..major] (ptr[0] = 0): a prefix sum. */
LA__PRIV void sp__prefix(la_int major, la_int *ptr) {
    la_int p;
    ptr[0] = 0;
    for (p = 0; p < major; ++p) ptr[p + 1] += ptr[p];
}

/* After placing entries with ptr[p] used as the running cursor of bucket p
 * (so ptr[p] ended at the start of bucket p+1), shift ptr back. */
LA__PRIV void sp__unshift(la_int major, la_int *ptr) {
    la_int p;
    for (p = major; p > 0; --p) ptr[p] = ptr[p - 1];
    ptr[0] = 0;
}

LA__PRIV la_status sp__check_triplets(la_int rows, la_int cols, la_int nnz, const la_int *ri,
                                      const la_int *ci, sp_format format, const sp_mat *out) {
    la_int k;
    if (!out || rows < 0 || cols < 0 || nnz < 0) return LA_ERR_ARG;
    if (format != SP_CSR && format != SP_CSC) return LA_ERR_ARG;
    if (sp_ptr_len(format, rows, cols) == 0) return LA_ERR_ARG;
    if (nnz > 0 && (!ri || !ci)) return LA_ERR_ARG;
    for (k = 0; k < nnz; ++k)
        if (ri[k] < 0 || ri[k] >= rows || ci[k] < 0 || ci[k] >= cols) return LA_ERR_ARG;
    return LA_OK;
}

LA__PRIV void sp__build_triplets(la_int rows, la_int cols, la_int nnz, const la_int *ri,
                                 const la_int *ci, const la_real *v, sp_format format,
                                 la_int *ptr, la_int *idx, la_real *val, sp_mat *out) {
    const la_int *maj = format == SP_CSR ? ri : ci, *mnr = format == SP_CSR ? ci : ri;
    la_int major = format == SP_CSR ? rows : cols, p, k;
    for (p = 0; p <= major; ++p) ptr[p] = 0;
    for (k = 0; k < nnz; ++k) ++ptr[maj[k] + 1];
    sp__prefix(major, ptr);
    for (k = 0; k < nnz; ++k) {
        la_int d = ptr[maj[k]]++;
        idx[d] = mnr[k];
        val[d] = v ? v[k] : (la_real)1;
    }
    sp__unshift(major, ptr);
    *out = sp_mat_of(format, rows, cols, 0, ptr, idx, val);
    out->nnz = sp__canonicalize(major, ptr, idx, val);
}

SP_API la_status sp_from_triplets_buf(la_int rows, la_int cols, la_int nnz, const la_int *ri,
                                      const la_int *ci, const la_real *v, sp_format format,
                                      la_int *ptr, la_int *idx, la_real *val, sp_mat *out) {
    la_status st = sp__check_triplets(rows, cols, nnz, ri, ci, format, out);
    if (st) return st;
    if (!ptr || (nnz > 0 && (!idx || !val))) return LA_ERR_ARG;
    sp__build_triplets(rows, cols, nnz, ri, ci, v, format, ptr, idx, val, out);
    return LA_OK;
}

SP_API void sp_free(sp_mat *A) {
    if (!A) return;
#ifndef LA_NO_MALLOC
    if (A->ptr) LA_FREE(A->ptr);
    if (A->idx) LA_FREE(A->idx);
    if (A->val) LA_FREE(A->val);
#endif
    sp__zero(A);
}

SP_API la_status sp_alloc(sp_format format, la_int rows, la_int cols, la_int cap, sp_mat *out) {
    la_int np;
    if (!out) return LA_ERR_ARG;
    sp__zero(out);
    if (cap < 0 || (format != SP_CSR && format != SP_CSC)) return LA_ERR_ARG;
    np = sp_ptr_len(format, rows, cols);
    if (np == 0) return LA_ERR_ARG;
#ifdef LA_NO_MALLOC
    return LA_ERR_NOMEM;
#else
    {
        size_t n = (size_t)(cap > 0 ? cap : 1), p;
        if ((size_t)np > (size_t)-1 / sizeof(la_int) || n > (size_t)-1 / sizeof(la_real))
            return LA_ERR_NOMEM;
        out->ptr = (la_int *)LA_MALLOC((size_t)np * sizeof(la_int));
        out->idx = (la_int *)LA_MALLOC(n * sizeof(la_int));
        out->val = (la_real *)LA_MALLOC(n * sizeof(la_real));
        if (!out->ptr || !out->idx || !out->val) {
            sp_free(out);
            return LA_ERR_NOMEM;
        }
        for (p = 0; p < (size_t)np; ++p) out->ptr[p] = 0;
        out->format = format;
        out->rows = rows;
        out->cols = cols;
        return LA_OK;
    }
#endif
}

SP_API la_status sp_from_triplets(la_int rows, la_int cols, la_int nnz, const la_int *ri,
                                  const la_int *ci, const la_real *v, sp_format format,
                                  sp_mat *out) {
    la_status st = sp__check_triplets(rows, cols, nnz, ri, ci, format, out);
    sp_mat R;
    if (st) {
        if (out) sp__zero(out);
        return st;
    }
    if ((st = sp_alloc(format, rows, cols, nnz, &R)) != LA_OK) {
        sp__zero(out);
        return st;
    }
    sp__build_triplets(rows, cols, nnz, ri, ci, v, format, R.ptr, R.idx, R.val, out);
    return LA_OK;
}

/* The storage transpose of A into arrays of the other format (counting
 * sort on the minor index; output sorted because majors are visited in
 * order). out gets format `format` holding the same matrix. */
LA__PRIV void sp__swap_storage(const sp_mat *A, la_int *ptr, la_int *idx, la_real *val) {
    la_int major = sp__major(A), minor = sp__minor(A), p, q;
    for (p = 0; p <= minor; ++p) ptr[p] = 0;
    for (q = 0; q < A->nnz; ++q) ++ptr[A->idx[q] + 1];
    sp__prefix(minor, ptr);
    for (p = 0; p < major; ++p)
        for (q = A->ptr[p]; q < A->ptr[p + 1]; ++q) {
            la_int d = ptr[A->idx[q]]++;
            idx[d] = p;
            val[d] = A->val[q];
        }
    sp__unshift(minor, ptr);
}

LA__PRIV void sp__convert_into(const sp_mat *A, sp_format format, la_int *ptr, la_int *idx,
                               la_real *val, sp_mat *out) {
    la_int p;
    if (format == A->format) {
        for (p = 0; p <= sp__major(A); ++p) ptr[p] = A->ptr ? A->ptr[p] : 0;
        if (A->nnz > 0) {
            memcpy(idx, A->idx, (size_t)A->nnz * sizeof(la_int));
            memcpy(val, A->val, (size_t)A->nnz * sizeof(la_real));
        }
    } else {
        sp__swap_storage(A, ptr, idx, val);
    }
    *out = sp_mat_of(format, A->rows, A->cols, A->nnz, ptr, idx, val);
}

SP_API la_status sp_convert_buf(const sp_mat *A, sp_format format, la_int *ptr, la_int *idx,
                                la_real *val, sp_mat *out) {
    if (!out || sp_check(A) || (format != SP_CSR && format != SP_CSC)) return LA_ERR_ARG;
    if (!ptr || (A->nnz > 0 && (!idx || !val))) return LA_ERR_ARG;
    if (sp_ptr_len(format, A->rows, A->cols) == 0) return LA_ERR_ARG;
    sp__convert_into(A, format, ptr, idx, val, out);
    return LA_OK;
}

SP_API la_status sp_convert(const sp_mat *A, sp_format format, sp_mat *out) {
    la_status st;
    sp_mat R;
    if (!out) return LA_ERR_ARG;
    sp__zero(out);
    if (sp_check(A) || (format != SP_CSR && format != SP_CSC)) return LA_ERR_ARG;
    if ((st = sp_alloc(format, A->rows, A->cols, A->nnz, &R)) != LA_OK) return st;
    sp__convert_into(A, format, R.ptr, R.idx, R.val, out);
    return LA_OK;
}

SP_API la_status sp_copy(const sp_mat *A, sp_mat *out) {
    return sp_convert(A, A ? A->format : SP_CSR, out);
}

SP_API la_status sp_transpose(const sp_mat *A, sp_mat *out) {
    la_status st;
    sp_mat T;
    if (!out) return LA_ERR_ARG;
    sp__zero(out);
    if (sp_check(A)) return LA_ERR_ARG;
    /* A^T in A's format holds the arrays of A in the other format. */
    if ((st = sp_convert(A, A->format == SP_CSR ? SP_CSC : SP_CSR, &T)) != LA_OK) return st;
    *out = sp_transpose_view(&T);
    return LA_OK;
}

SP_API la_status sp_canonicalize(sp_mat *A) {
    if (sp_check(A)) return LA_ERR_ARG;
    if (A->ptr) A->nnz = sp__canonicalize(sp__major(A), A->ptr, A->idx, A->val);
    return LA_OK;
}

SP_API la_status sp_drop(sp_mat *A, la_real tol) {
    la_int p, q, w = 0, start = 0;
    if (sp_check(A) || !(tol >= 0)) return LA_ERR_ARG;
    if (!A->ptr) return LA_OK;
    for (p = 0; p < sp__major(A); ++p) {
        la_int end = A->ptr[p + 1];
        A->ptr[p] = w;
        for (q = start; q < end; ++q)
            if (!(LA_FABS(A->val[q]) <= tol)) {
                A->idx[w] = A->idx[q];
                A->val[w] = A->val[q];
                ++w;
            }
        start = end;
    }
    A->ptr[sp__major(A)] = w;
    A->nnz = w;
    return LA_OK;
}

/* Element (major p, minor q) of a dense matrix read in `format` order. */
#define SP__DENSE_AT(D, format, p, q) \
    (*((format) == SP_CSR ? &LA_AT(D, p, q) : &LA_AT(D, q, p)))

SP_API la_int sp_dense_nnz(la_mat D, la_real tol) {
    la_int i, j, n = 0;
    if (la_mat_check(D)) return 0;
    for (i = 0; i < D.rows; ++i)
        for (j = 0; j < D.cols; ++j)
            if (!(LA_FABS(LA_AT(D, i, j)) <= tol)) {
                if (n == SP__INT_MAX) return SP__INT_MAX;
                ++n;
            }
    return n;
}

LA__PRIV void sp__fill_dense(la_mat D, la_real tol, sp_format format, la_int *ptr, la_int *idx,
                             la_real *val) {
    la_int major = format == SP_CSR ? D.rows : D.cols, minor = format == SP_CSR ? D.cols : D.rows;
    la_int p, q, w = 0;
    ptr[0] = 0;
    for (p = 0; p < major; ++p) {
        for (q = 0; q < minor; ++q) {
            la_real d = SP__DENSE_AT(D, format, p, q);
            if (!(LA_FABS(d) <= tol)) {
                idx[w] = q;
                val[w] = d;
                ++w;
            }
        }
        ptr[p + 1] = w;
    }
}

LA__PRIV la_status sp__check_dense(la_mat D, la_real tol, sp_format format) {
    if (la_mat_check(D) || !(tol >= 0) || (format != SP_CSR && format != SP_CSC)) return LA_ERR_ARG;
    if (sp_ptr_len(format, D.rows, D.cols) == 0) return LA_ERR_ARG;
    return LA_OK;
}

SP_API la_status sp_from_dense_buf(la_mat D, la_real tol, sp_format format, la_int cap,
                                   la_int *ptr, la_int *idx, la_real *val, sp_mat *out) {
    la_int n;
    if (!out || sp__check_dense(D, tol, format)) return LA_ERR_ARG;
    n = sp_dense_nnz(D, tol);
    if (!ptr || (n > 0 && (!idx || !val))) return LA_ERR_ARG;
    if (n == SP__INT_MAX || n > cap) return LA_ERR_NOMEM;
    sp__fill_dense(D, tol, format, ptr, idx, val);
    *out = sp_mat_of(format, D.rows, D.cols, n, ptr, idx, val);
    return LA_OK;
}

SP_API la_status sp_from_dense(la_mat D, la_real tol, sp_format format, sp_mat *out) {
    la_status st;
    la_int n;
    sp_mat R;
    if (!out) return LA_ERR_ARG;
    sp__zero(out);
    if (sp__check_dense(D, tol, format)) return LA_ERR_ARG;
    n = sp_dense_nnz(D, tol);
    if (n == SP__INT_MAX) return LA_ERR_NOMEM;
    if ((st = sp_alloc(format, D.rows, D.cols, n, &R)) != LA_OK) return st;
    sp__fill_dense(D, tol, format, R.ptr, R.idx, R.val);
    R.nnz = n;
    *out = R;
    return LA_OK;
}

SP_API la_status sp_to_dense(const sp_mat *A, la_mat D) {
    la_int p, q;
    if (sp__check_header(A) || la_mat_check(D)) return LA_ERR_ARG;
    if (D.rows != A->rows || D.cols != A->cols) return LA_ERR_DIM;
    la_mat_set(D, 0, 0);
    for (p = 0; p < sp__major(A); ++p)
        for (q = A->ptr[p]; q < A->ptr[p + 1]; ++q) SP__DENSE_AT(D, A->format, p, A->idx[q]) += A->val[q];
    return LA_OK;
}

SP_API la_status sp_laplacian(la_int nx, la_int ny, la_int nz, sp_format format, sp_mat *out) {
    la_status st;
    la_int x, y, z, w = 0, row = 0;
    long long n;
    la_real diag;
    if (!out) return LA_ERR_ARG;
    sp__zero(out);
    if (nx < 1 || ny < 1 || nz < 1 || (format != SP_CSR && format != SP_CSC)) return LA_ERR_ARG;
    n = (long long)nx * ny * nz;
    if (n >= (long long)SP__INT_MAX / 7) return LA_ERR_NOMEM;
    diag = (la_real)(2 * ((nx > 1) + (ny > 1) + (nz > 1)));
    if (diag == 0) diag = 2;
    if ((st = sp_alloc(format, (la_int)n, (la_int)n, (la_int)(7 * n), out)) != LA_OK) return st;
    /* Symmetric: the CSR and CSC arrays are the same; columns ascending. */
    for (z = 0; z < nz; ++z)
        for (y = 0; y < ny; ++y)
            for (x = 0; x < nx; ++x, ++row) {
                la_int col[7], k;
                la_int nb = 0, self;
                if (z > 0) col[nb++] = row - nx * ny;
                if (y > 0) col[nb++] = row - nx;
                if (x > 0) col[nb++] = row - 1;
                self = nb;
                col[nb++] = row;
                if (x < nx - 1) col[nb++] = row + 1;
                if (y < ny - 1) col[nb++] = row + nx;
                if (z < nz - 1) col[nb++] = row + nx * ny;
                for (k = 0; k < nb; ++k, ++w) {
                    out->idx[w] = col[k];
                    out->val[w] = k == self ? diag : -1;
                }
                out->ptr[row + 1] = w;
            }
    out->nnz = w;
    return LA_OK;
}

/* ----------------------------------------------------------------------
 * 2. Matrix Market input and output
 * ---------------------------------------------------------------------- */

#ifndef LA_NO_STDIO
#include <stdlib.h> /* strtod */

/* Lines of a Matrix Market file are at most 1024 characters (the format's
 * limit); a longer comment line is skipped, a longer data line refused. */
#define SP__MTX_LINE 1024
#define SP__MTX_BUF 8192

typedef struct {
    FILE *f;
    size_t pos, len;
    int eof, ioerr;
    long line;                          /* number of the current line */
    char text[SP__MTX_LINE + 2];        /* the current line, NUL-terminated */
    size_t text_len;
    int too_long, has_nul;
    unsigned char buf[SP__MTX_BUF];
} sp__mtx_reader;

/* Read the next line into r->text (without its end of line). Returns 0 at
 * end of file (nothing read), 1 otherwise. A NUL byte sets has_nul (the
 * line is then refused). */
LA__PRIV int sp__mtx_next_line(sp__mtx_reader *r) {
    int got = 0;
    r->text_len = 0;
    r->too_long = 0;
    r->has_nul = 0;
    for (;;) {
        unsigned char c;
        if (r->pos == r->len) {
            if (r->eof) break;
            r->len = fread(r->buf, 1, SP__MTX_BUF, r->f);
            r->pos = 0;
            if (r->len < SP__MTX_BUF) {
                r->eof = 1;
                if (ferror(r->f)) r->ioerr = 1;
            }
            if (r->len == 0) break;
        }
        c = r->buf[r->pos++];
        got = 1;
        if (c == '\n') break;
        if (c == '\0') r->has_nul = 1;
        if (r->text_len < SP__MTX_LINE)
            r->text[r->text_len++] = (char)c;
        else
            r->too_long = 1;
    }
    if (r->text_len > 0 && r->text[r->text_len - 1] == '\r') --r->text_len;
    r->text[r->text_len] = '\0';
    if (got) ++r->line;
    return got;
}

LA__PRIV int sp__mtx_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Split r->text into at most `most` tokens (NUL-terminated in place);
 * returns the token count, or most + 1 when there are more. */
LA__PRIV int sp__mtx_tokens(sp__mtx_reader *r, char **tok, int most) {
    size_t i = 0;
    int n = 0;
    while (i < r->text_len) {
        while (i < r->text_len && sp__mtx_space(r->text[i])) ++i;
        if (i == r->text_len) break;
        if (n == most) return most + 1;
        tok[n++] = r->text + i;
        while (i < r->text_len && !sp__mtx_space(r->text[i])) ++i;
        r->text[i++] = '\0'; /* text has room for one terminator past the end */
    }
    return n;
}

/* A line that holds nothing for the reader: blank, or a comment. */
LA__PRIV int sp__mtx_ignorable(const sp__mtx_reader *r) {
    size_t i = 0;
    while (i < r->text_len && sp__mtx_space(r->text[i])) ++i;
    return i == r->text_len || r->text[i] == '%';
}

/* A decimal integer token (optional sign, digits only) within
 * [-2^62, 2^62]; 0 on success. */
LA__PRIV int sp__mtx_int(const char *s, long long *out) {
    const long long lim = 4611686018427387904LL; /* 2^62 */
    long long v = 0;
    int neg = 0;
    if (*s == '+' || *s == '-') neg = *s++ == '-';
    if (!*s) return 1;
    for (; *s; ++s) {
        if (*s < '0' || *s > '9' || v > (lim - (*s - '0')) / 10) return 1;
        v = v * 10 + (*s - '0');
    }
    *out = neg ? -v : v;
    return 0;
}

/* A real token as strtod reads it, the whole token. */
LA__PRIV int sp__mtx_real(const char *s, la_real *out) {
    char *end;
    double v;
    if (!*s) return 1;
    v = strtod(s, &end);
    if (*end != '\0' || end == s) return 1;
    *out = (la_real)v;
    return 0;
}

LA__PRIV int sp__mtx_eq(const char *a, const char *b) {
    for (; *a && *b; ++a, ++b) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        if (x != *b) return 0;
    }
    return *a == *b;
}

/* The banner's keywords, in the order of the enums. */
static const char *const sp__mtx_layouts[] = {"coordinate", "array"};
static const char *const sp__mtx_fields[] = {"real", "integer", "pattern"};
static const char *const sp__mtx_symmetries[] = {"general", "symmetric", "skew-symmetric"};

/* Index of the keyword s (any case) in names[0..n), or -1. */
LA__PRIV int sp__mtx_keyword(const char *s, const char *const *names, int n) {
    int k;
    for (k = 0; k < n; ++k)
        if (sp__mtx_eq(s, names[k])) return k;
    return -1;
}

/* Growing triplet storage of a read (doubling up to a limit). */
typedef struct {
    la_int *ri, *ci;
    la_real *v;
    la_int n, cap;
} sp__trip;

LA__PRIV void sp__trip_free(sp__trip *t) {
#ifndef LA_NO_MALLOC
    if (t->ri) LA_FREE(t->ri);
    if (t->ci) LA_FREE(t->ci);
    if (t->v) LA_FREE(t->v);
#endif
    t->ri = t->ci = NULL;
    t->v = NULL;
    t->n = t->cap = 0;
}

LA__PRIV la_status sp__trip_push(sp__trip *t, la_int i, la_int j, la_real v) {
#ifdef LA_NO_MALLOC
    (void)t;
    (void)i;
    (void)j;
    (void)v;
    return LA_ERR_NOMEM;
#else
    if (t->n == t->cap) {
        la_int cap = t->cap < 1024 ? 1024 : (t->cap > SP__INT_MAX / 2 ? SP__INT_MAX : 2 * t->cap);
        la_int *ri, *ci;
        la_real *nv;
        if (t->n == SP__INT_MAX) return LA_ERR_FORMAT;
        if ((size_t)cap > (size_t)-1 / sizeof(la_real)) return LA_ERR_NOMEM;
        ri = (la_int *)LA_MALLOC((size_t)cap * sizeof(la_int));
        ci = (la_int *)LA_MALLOC((size_t)cap * sizeof(la_int));
        nv = (la_real *)LA_MALLOC((size_t)cap * sizeof(la_real));
        if (!ri || !ci || !nv) {
            if (ri) LA_FREE(ri);
            if (ci) LA_FREE(ci);
            if (nv) LA_FREE(nv);
            return LA_ERR_NOMEM;
        }
        if (t->n > 0) {
            memcpy(ri, t->ri, (size_t)t->n * sizeof(la_int));
            memcpy(ci, t->ci, (size_t)t->n * sizeof(la_int));
            memcpy(nv, t->v, (size_t)t->n * sizeof(la_real));
        }
        {
            la_int n = t->n;
            sp__trip_free(t);
            t->n = n;
        }
        t->ri = ri;
        t->ci = ci;
        t->v = nv;
        t->cap = cap;
    }
    t->ri[t->n] = i;
    t->ci[t->n] = j;
    t->v[t->n] = v;
    ++t->n;
    return LA_OK;
#endif
}

/* Status of a read error: record the line and reason. */
#define SP__MTX_FAIL(code, why) \
    do {                        \
        st = (code);            \
        info->line = r->line;   \
        info->reason = (why);   \
        goto done;              \
    } while (0)

/* Next line that is not blank or a comment; 0 at end of file. */
LA__PRIV int sp__mtx_data_line(sp__mtx_reader *r) {
    while (sp__mtx_next_line(r))
        if (!sp__mtx_ignorable(r)) return 1;
    return 0;
}

LA__PRIV la_status sp__mtx_read(sp__mtx_reader *r, sp_format format, sp_mat *out,
                                sp_mtx_info *info) {
    la_status st = LA_OK;
    char *tok[6];
    int nt, ntok;
    long long rows = 0, cols = 0, count = 0, k, i, j;
    int kw;
    sp__trip t;
    t.ri = t.ci = NULL;
    t.v = NULL;
    t.n = t.cap = 0;

    /* Banner. */
    if (!sp__mtx_next_line(r)) {
        r->line = 1;
        SP__MTX_FAIL(r->ioerr ? LA_ERR_IO : LA_ERR_FORMAT, "empty file");
    }
    if (r->too_long || r->has_nul) SP__MTX_FAIL(LA_ERR_FORMAT, "no %%MatrixMarket banner");
    nt = sp__mtx_tokens(r, tok, 5);
    if (nt < 1 || strcmp(tok[0], "%%MatrixMarket") != 0)
        SP__MTX_FAIL(LA_ERR_FORMAT, "no %%MatrixMarket banner");
    if (nt != 5) SP__MTX_FAIL(LA_ERR_FORMAT, "banner needs object, layout, field, symmetry");
    if (!sp__mtx_eq(tok[1], "matrix")) SP__MTX_FAIL(LA_ERR_FORMAT, "object is not 'matrix'");
    if ((kw = sp__mtx_keyword(tok[2], sp__mtx_layouts, 2)) < 0)
        SP__MTX_FAIL(LA_ERR_FORMAT, "layout is not 'coordinate' or 'array'");
    info->layout = (sp_mtx_layout)kw;
    kw = sp__mtx_eq(tok[3], "double") ? (int)SP_MTX_REAL : sp__mtx_keyword(tok[3], sp__mtx_fields, 3);
    if (kw < 0)
        SP__MTX_FAIL(LA_ERR_FORMAT, sp__mtx_eq(tok[3], "complex") ? "complex field not supported" : "unknown field");
    info->field = (sp_mtx_field)kw;
    if ((kw = sp__mtx_keyword(tok[4], sp__mtx_symmetries, 3)) < 0)
        SP__MTX_FAIL(LA_ERR_FORMAT, sp__mtx_eq(tok[4], "hermitian")
                                        ? "hermitian needs the complex field (not supported)"
                                        : "unknown symmetry");
    info->symmetry = (sp_mtx_symmetry)kw;
    if (info->layout == SP_MTX_ARRAY && info->field == SP_MTX_PATTERN)
        SP__MTX_FAIL(LA_ERR_FORMAT, "pattern field with array layout");
    if (info->symmetry == SP_MTX_SKEW && info->field == SP_MTX_PATTERN)
        SP__MTX_FAIL(LA_ERR_FORMAT, "pattern field cannot be skew-symmetric");

    /* Size line. */
    if (!sp__mtx_data_line(r)) {
        ++r->line;
        SP__MTX_FAIL(r->ioerr ? LA_ERR_IO : LA_ERR_FORMAT, "missing size line");
    }
    if (r->too_long || r->has_nul) SP__MTX_FAIL(LA_ERR_FORMAT, "line too long or binary");
    ntok = info->layout == SP_MTX_COORDINATE ? 3 : 2;
    nt = sp__mtx_tokens(r, tok, 3);
    if (nt != ntok) SP__MTX_FAIL(LA_ERR_FORMAT, "size line has the wrong number of fields");
    if (sp__mtx_int(tok[0], &rows) || sp__mtx_int(tok[1], &cols) ||
        (ntok == 3 && sp__mtx_int(tok[2], &count)))
        SP__MTX_FAIL(LA_ERR_FORMAT, "size line is not integers in range");
    if (rows < 0 || cols < 0 || count < 0) SP__MTX_FAIL(LA_ERR_FORMAT, "negative size");
    if (rows >= (long long)SP__INT_MAX || cols >= (long long)SP__INT_MAX)
        SP__MTX_FAIL(LA_ERR_FORMAT, "dimension exceeds la_int");
    if (info->symmetry != SP_MTX_GENERAL && rows != cols)
        SP__MTX_FAIL(LA_ERR_FORMAT, "symmetric matrix is not square");
    if (info->layout == SP_MTX_ARRAY) {
        /* The count of values the file must hold (not an allocation size). */
        unsigned long long n = (unsigned long long)rows;
        if (info->symmetry == SP_MTX_GENERAL)
            count = rows == 0 || (unsigned long long)cols <= (1ULL << 62) / n ? rows * cols : -1;
        else if (n <= (1ULL << 31))
            count = (long long)(info->symmetry == SP_MTX_SYMMETRIC ? n * (n + 1) / 2
                                                                   : (n ? n * (n - 1) / 2 : 0));
        else
            count = -1;
        if (count < 0) SP__MTX_FAIL(LA_ERR_FORMAT, "array size exceeds la_int entries");
    }
    if (count > (long long)SP__INT_MAX) SP__MTX_FAIL(LA_ERR_FORMAT, "entry count exceeds la_int");
    info->rows = (la_int)rows;
    info->cols = (la_int)cols;
    info->entries = count;

    /* Entries. */
    ntok = info->layout == SP_MTX_ARRAY ? 1 : (info->field == SP_MTX_PATTERN ? 2 : 3);
    i = info->layout == SP_MTX_ARRAY && info->symmetry == SP_MTX_SKEW ? 1 : 0;
    j = 0;
    for (k = 0; k < count; ++k) {
        la_real v = 1;
        if (!sp__mtx_data_line(r)) {
            if (r->ioerr) SP__MTX_FAIL(LA_ERR_IO, "read error");
            ++r->line;
            SP__MTX_FAIL(LA_ERR_FORMAT, "fewer entries than announced");
        }
        if (r->too_long || r->has_nul) SP__MTX_FAIL(LA_ERR_FORMAT, "line too long or binary");
        nt = sp__mtx_tokens(r, tok, ntok);
        if (nt != ntok) SP__MTX_FAIL(LA_ERR_FORMAT, "entry has the wrong number of fields");
        if (info->layout == SP_MTX_COORDINATE) {
            if (sp__mtx_int(tok[0], &i) || sp__mtx_int(tok[1], &j))
                SP__MTX_FAIL(LA_ERR_FORMAT, "index is not an integer in range");
            if (i < 1 || i > rows || j < 1 || j > cols)
                SP__MTX_FAIL(LA_ERR_FORMAT, "index out of range");
            --i;
            --j;
        }
        if (info->field == SP_MTX_INTEGER) {
            long long iv;
            if (sp__mtx_int(tok[ntok - 1], &iv)) SP__MTX_FAIL(LA_ERR_FORMAT, "value is not an integer");
            v = (la_real)iv;
        } else if (info->field == SP_MTX_REAL) {
            if (sp__mtx_real(tok[ntok - 1], &v)) SP__MTX_FAIL(LA_ERR_FORMAT, "value is not a number");
        }
        if (info->symmetry == SP_MTX_SKEW && i == j && v != 0)
            SP__MTX_FAIL(LA_ERR_FORMAT, "nonzero diagonal entry in a skew-symmetric matrix");
        if ((st = sp__trip_push(&t, (la_int)i, (la_int)j, v)) != LA_OK) {
            if (st == LA_ERR_FORMAT) SP__MTX_FAIL(st, "too many entries for la_int");
            SP__MTX_FAIL(st, "out of memory");
        }
        if (info->symmetry != SP_MTX_GENERAL && i != j &&
            (st = sp__trip_push(&t, (la_int)j, (la_int)i,
                                info->symmetry == SP_MTX_SKEW ? -v : v)) != LA_OK) {
            if (st == LA_ERR_FORMAT) SP__MTX_FAIL(st, "too many entries for la_int");
            SP__MTX_FAIL(st, "out of memory");
        }
        if (info->layout == SP_MTX_ARRAY) {
            /* Column-major order; symmetric: lower triangle, skew: strictly. */
            if (++i == rows) {
                ++j;
                i = info->symmetry == SP_MTX_GENERAL ? 0 : (info->symmetry == SP_MTX_SKEW ? j + 1 : j);
            }
        }
    }
    if (sp__mtx_data_line(r)) SP__MTX_FAIL(LA_ERR_FORMAT, "more entries than announced");
    if (r->ioerr) SP__MTX_FAIL(LA_ERR_IO, "read error");
    st = sp_from_triplets(info->rows, info->cols, t.n, t.ri, t.ci, t.v, format, out);
    if (st) {
        info->line = 0;
        info->reason = "out of memory";
    }
done:
    sp__trip_free(&t);
    return st;
}

SP_API la_status sp_read_mtx_file(FILE *f, sp_format format, sp_mat *out, sp_mtx_info *info) {
    sp_mtx_info local;
    sp__mtx_reader *r;
    la_status st;
    if (!info) info = &local;
    memset(info, 0, sizeof *info);
    info->reason = "invalid argument";
    if (!out) return LA_ERR_ARG;
    sp__zero(out);
    if (!f || (format != SP_CSR && format != SP_CSC)) return LA_ERR_ARG;
#ifdef LA_NO_MALLOC
    (void)r;
    (void)st;
    info->reason = "no allocator (LA_NO_MALLOC)";
    return LA_ERR_NOMEM;
#else
    r = (sp__mtx_reader *)LA_MALLOC(sizeof *r);
    if (!r) {
        info->reason = "out of memory";
        return LA_ERR_NOMEM;
    }
    r->f = f;
    r->pos = r->len = 0;
    r->eof = r->ioerr = 0;
    r->line = 0;
    r->text_len = 0;
    r->too_long = 0;
    st = sp__mtx_read(r, format, out, info);
    LA_FREE(r);
    if (st == LA_OK) {
        info->line = 0;
        info->reason = "ok";
    }
    return st;
#endif
}

SP_API la_status sp_read_mtx_ex(const char *path, sp_format format, sp_mat *out,
                                sp_mtx_info *info) {
    sp_mtx_info local;
    FILE *f;
    la_status st;
    if (!info) info = &local;
    if (!path || !out || (format != SP_CSR && format != SP_CSC)) {
        memset(info, 0, sizeof *info);
        info->reason = "invalid argument";
        if (out) sp__zero(out);
        return LA_ERR_ARG;
    }
    f = fopen(path, "rb");
    if (!f) {
        memset(info, 0, sizeof *info);
        info->reason = "cannot open the file";
        sp__zero(out);
        return LA_ERR_IO;
    }
    st = sp_read_mtx_file(f, format, out, info);
    fclose(f);
    return st;
}

SP_API la_status sp_read_mtx(const char *path, sp_format format, sp_mat *out) {
    return sp_read_mtx_ex(path, format, out, NULL);
}

/* Value printing with digits enough to read back exactly. */
#if LA_REAL_IS_FLOAT
#define SP__MTX_FMT "%.9g"
#else
#define SP__MTX_FMT "%.17g"
#endif

/* Entry A(i, j) of a canonical CSC matrix by binary search (found: 1). */
LA__PRIV int sp__csc_find(const sp_mat *A, la_int i, la_int j, la_real *v) {
    la_int lo = A->ptr[j], hi = A->ptr[j + 1];
    while (lo < hi) {
        la_int mid = lo + (hi - lo) / 2;
        if (A->idx[mid] < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < A->ptr[j + 1] && A->idx[lo] == i) {
        *v = A->val[lo];
        return 1;
    }
    *v = 0;
    return 0;
}

/* 1 if the canonical CSC A is symmetric (skew: skew-symmetric) exactly. */
LA__PRIV int sp__csc_is_symmetric(const sp_mat *A, int skew) {
    la_int j, q;
    for (j = 0; j < A->cols; ++j)
        for (q = A->ptr[j]; q < A->ptr[j + 1]; ++q) {
            la_int i = A->idx[q];
            la_real a = A->val[q], b;
            if (i == j) {
                if (skew && a != 0) return 0;
                continue;
            }
            if (!sp__csc_find(A, j, i, &b)) {
                if (a != 0) return 0;
            } else if (skew ? b != -a : b != a) {
                return 0;
            }
        }
    return 1;
}

/* Check A and the options; set *W to the matrix to write: A itself, or
 * (array or symmetric output of a CSR or non-canonical A) a canonical CSC
 * copy in *C. */
LA__PRIV la_status sp__mtx_write_prepare(const sp_mat *A, const sp_mtx_opts *o, sp_mat *C,
                                         const sp_mat **W) {
    la_status st;
    la_int q;
    sp__zero(C);
    *W = A;
    if (sp_check(A)) return LA_ERR_ARG;
    if ((unsigned)o->layout > 1u || (unsigned)o->field > 2u || (unsigned)o->symmetry > 2u)
        return LA_ERR_ARG;
    if (o->layout == SP_MTX_ARRAY && o->field == SP_MTX_PATTERN) return LA_ERR_ARG;
    if (o->symmetry == SP_MTX_SKEW && o->field == SP_MTX_PATTERN) return LA_ERR_ARG;
    if (o->symmetry != SP_MTX_GENERAL && A->rows != A->cols) return LA_ERR_ARG;
    if (o->field == SP_MTX_INTEGER)
        for (q = 0; q < A->nnz; ++q)
            if (A->val[q] != LA_FLOOR(A->val[q]) || !(LA_FABS(A->val[q]) < (la_real)9.2e18))
                return LA_ERR_ARG;
    if (o->layout == SP_MTX_COORDINATE && o->symmetry == SP_MTX_GENERAL) return LA_OK;
    if (A->format != SP_CSC || !sp_is_canonical(A)) {
        if ((st = sp_convert(A, SP_CSC, C)) != LA_OK) return st;
        sp_canonicalize(C);
        *W = C;
    }
    if (o->symmetry != SP_MTX_GENERAL && !sp__csc_is_symmetric(*W, o->symmetry == SP_MTX_SKEW)) {
        sp_free(C);
        return LA_ERR_ARG;
    }
    return LA_OK;
}

/* Entry (i, j) of the stored entry q of major p is written: all of them,
 * or the lower triangle (strictly, when skew). */
#define SP__MTX_WRITES(sym, i, j) \
    ((sym) == SP_MTX_GENERAL || (i) > (j) || ((i) == (j) && (sym) == SP_MTX_SYMMETRIC))

LA__PRIV int sp__mtx_write_body(FILE *f, const sp_mat *W, const sp_mtx_opts *o) {
    const char *vfmt = o->field == SP_MTX_INTEGER ? "%.0f\n" : SP__MTX_FMT "\n";
    la_int p, q;
    int err = fprintf(f, "%%%%MatrixMarket matrix %s %s %s\n", sp__mtx_layouts[o->layout],
                      sp__mtx_fields[o->field], sp__mtx_symmetries[o->symmetry]) < 0;
    if (o->comment) {
        const char *s = o->comment;
        while (*s && !err) {
            const char *e = strchr(s, '\n');
            size_t len = e ? (size_t)(e - s) : strlen(s);
            err |= fprintf(f, "%%%.*s\n", (int)len, s) < 0;
            s += len + (e ? 1 : 0);
        }
    }
    if (o->layout == SP_MTX_ARRAY) {
        /* W is canonical CSC: walk each column's entries beside its rows. */
        err |= fprintf(f, "%lld %lld\n", (long long)W->rows, (long long)W->cols) < 0;
        for (p = 0; p < W->cols && !err; ++p) {
            la_int i = o->symmetry == SP_MTX_GENERAL ? 0 : (o->symmetry == SP_MTX_SKEW ? p + 1 : p);
            q = W->ptr[p];
            while (q < W->ptr[p + 1] && W->idx[q] < i) ++q;
            for (; i < W->rows && !err; ++i) {
                la_real v = 0;
                if (q < W->ptr[p + 1] && W->idx[q] == i) v = W->val[q++];
                err |= fprintf(f, vfmt, (double)v) < 0;
            }
        }
    } else {
        long long n = 0;
        for (p = 0; p < sp__major(W); ++p)
            for (q = W->ptr[p]; q < W->ptr[p + 1]; ++q) {
                la_int i = W->format == SP_CSR ? p : W->idx[q], j = W->format == SP_CSR ? W->idx[q] : p;
                if (SP__MTX_WRITES(o->symmetry, i, j)) ++n;
            }
        err |= fprintf(f, "%lld %lld %lld\n", (long long)W->rows, (long long)W->cols, n) < 0;
        for (p = 0; p < sp__major(W) && !err; ++p)
            for (q = W->ptr[p]; q < W->ptr[p + 1] && !err; ++q) {
                la_int i = W->format == SP_CSR ? p : W->idx[q], j = W->format == SP_CSR ? W->idx[q] : p;
                if (!SP__MTX_WRITES(o->symmetry, i, j)) continue;
                if (o->field == SP_MTX_PATTERN)
                    err |= fprintf(f, "%lld %lld\n", (long long)i + 1, (long long)j + 1) < 0;
                else
                    err |= fprintf(f, "%lld %lld ", (long long)i + 1, (long long)j + 1) < 0 ||
                           fprintf(f, vfmt, (double)W->val[q]) < 0;
            }
    }
    if (fflush(f) != 0) err = 1;
    return err;
}

SP_API la_status sp_write_mtx_file(FILE *f, const sp_mat *A, const sp_mtx_opts *o) {
    sp_mtx_opts opts;
    sp_mat C;
    const sp_mat *W;
    la_status st;
    if (o)
        opts = *o;
    else
        memset(&opts, 0, sizeof opts);
    if (!f) return LA_ERR_ARG;
    if ((st = sp__mtx_write_prepare(A, &opts, &C, &W)) != LA_OK) return st;
    if (sp__mtx_write_body(f, W, &opts)) st = LA_ERR_IO;
    sp_free(&C);
    return st;
}

SP_API la_status sp_write_mtx_ex(const char *path, const sp_mat *A, const sp_mtx_opts *o) {
    sp_mtx_opts opts;
    sp_mat C;
    const sp_mat *W;
    la_status st;
    FILE *f;
    if (o)
        opts = *o;
    else
        memset(&opts, 0, sizeof opts);
    if (!path) return LA_ERR_ARG;
    if ((st = sp__mtx_write_prepare(A, &opts, &C, &W)) != LA_OK) return st;
    f = fopen(path, "wb");
    if (!f) {
        st = LA_ERR_IO;
    } else {
        if (sp__mtx_write_body(f, W, &opts)) st = LA_ERR_IO;
        if (fclose(f) != 0) st = LA_ERR_IO;
    }
    sp_free(&C);
    return st;
}

SP_API la_status sp_write_mtx(const char *path, const sp_mat *A) {
    return sp_write_mtx_ex(path, A, NULL);
}
#endif /* LA_NO_STDIO */

/* ----------------------------------------------------------------------
 * 3. Sparse kernels: SpMV, SpMM, symmetric storage, products, sums,
 *    scaling, norms, operator adapters, the SELL-C-sigma format
 * ---------------------------------------------------------------------- */

/* Software prefetch of x[idx[q + SP__PREFETCH_AHEAD]] in the dot-product
 * SpMV: for scattered column indices the loads of x wait on memory, and a
 * prefetch issued that many entries ahead overlaps them (a feature test:
 * nothing on compilers without the builtin). A banded matrix, whose rows
 * read a window of x that moves with the row and stays in cache, runs
 * faster without it: sp__scattered decides from a sample of rows. So does
 * an x small enough to stay in cache (SP__PREFETCH_MIN_BYTES). */
#if defined(__GNUC__) || defined(__clang__)
#define SP__PREFETCH(p) __builtin_prefetch(p)
#else
#define SP__PREFETCH(p) ((void)0)
#endif
#define SP__PREFETCH_AHEAD 128
#define SP__STREAM_AHEAD 512
#define SP__BAND_WINDOW 32768.0 /* entries of x (256 KB in double) */
/* Below this size x stays in a core's L2 (1 MB here, 1-2 MB on most current
 * cores) or close to it, and prefetching its entries costs more than it
 * saves (a power-law pattern with 100000 columns: about 30% faster
 * without). */
#define SP__PREFETCH_MIN_BYTES ((size_t)2 << 20)

/* 1 if more than a quarter of the entries of up to 64 evenly spaced rows
 * lie farther than SP__BAND_WINDOW from the diagonal (scaled to the shape). */
LA__PRIV int sp__scattered(la_int major, la_int minor, const la_int *ptr, const la_int *idx) {
    la_int s, q, far = 0, seen = 0, step = major / 64 + 1;
    double scale = major > 0 ? (double)minor / (double)major : 1;
    for (s = 0; s < major; s += step)
        for (q = ptr[s]; q < ptr[s + 1] && q < ptr[s] + 64; ++q, ++seen) {
            double d = (double)idx[q] - scale * (double)s;
            if (d > SP__BAND_WINDOW || d < -SP__BAND_WINDOW) ++far;
        }
    return 4 * far > seen;
}

/* sum_q val[q] x[idx[q]] over [q, end) for a row whose x loads are
 * scattered, x prefetched SP__PREFETCH_AHEAD entries ahead while q <= last.
 * Rows shorter than SP__LONG_ROW take one accumulator: their loop exits at
 * an unpredictable count, and every extra branch of an unrolled loop costs a
 * misprediction (on a power-law pattern, mean row length 11, the product
 * is about 12% faster). Longer rows take four partial sums, which give
 * the loads room to overlap. */
#define SP__LONG_ROW 32
#define SP__DOT_ROW_SCATTERED                                           \
    do {                                                                \
        if (end - q >= SP__LONG_ROW) {                                  \
            la_real s1 = 0, s2 = 0, s3 = 0;                             \
            for (; q + 4 <= end; q += 4) {                              \
                if (q <= last) {                                        \
                    const la_int *f = idx + q + SP__PREFETCH_AHEAD;     \
                    SP__PREFETCH(x + f[0]);                             \
                    SP__PREFETCH(x + f[1]);                             \
                    SP__PREFETCH(x + f[2]);                             \
                    SP__PREFETCH(x + f[3]);                             \
                }                                                       \
                s0 += val[q] * x[idx[q]];                               \
                s1 += val[q + 1] * x[idx[q + 1]];                       \
                s2 += val[q + 2] * x[idx[q + 2]];                       \
                s3 += val[q + 3] * x[idx[q + 3]];                       \
            }                                                           \
            s0 = (s0 + s1) + (s2 + s3);                                 \
        }                                                               \
        for (; q < end; ++q) {                                          \
            if (q <= last) SP__PREFETCH(x + idx[q + SP__PREFETCH_AHEAD]); \
            s0 += val[q] * x[idx[q]];                                   \
        }                                                               \
    } while (0)

/* y[p] <- alpha (sum_q val[q] x[idx[q]]) + beta y[p] for each major p: the
 * dot-product form (CSR y = A x, CSC y = A^T x). At the start of each row
 * val and idx are prefetched SP__STREAM_AHEAD entries ahead (more streams
 * in flight than the hardware prefetcher keeps alone: about 30% faster on
 * a 3-D Laplacian); rows of a banded matrix take a plain loop, scattered
 * ones the loop above. */
LA__PRIV void sp__mv_dot(la_int major, la_int minor, const la_int *LA__RESTRICT ptr,
                         const la_int *LA__RESTRICT idx, const la_real *LA__RESTRICT val,
                         la_real alpha, const la_real *LA__RESTRICT x, la_real beta,
                         la_real *LA__RESTRICT y) {
    la_int p, last = ptr[major] - SP__PREFETCH_AHEAD - 4, stream_end = ptr[major] - SP__STREAM_AHEAD;
    int scattered = (size_t)minor * sizeof(la_real) > SP__PREFETCH_MIN_BYTES &&
                    sp__scattered(major, minor, ptr, idx);
#if defined(LA_USE_OPENMP) && defined(_OPENMP)
#pragma omp parallel for schedule(static) if (major > 20000)
#endif
    for (p = 0; p < major; ++p) {
        la_int q = ptr[p], end = ptr[p + 1];
        la_real s0 = 0;
        if (q < stream_end) {
            SP__PREFETCH(val + q + SP__STREAM_AHEAD);
            SP__PREFETCH(idx + q + SP__STREAM_AHEAD);
        }
        if (scattered)
            SP__DOT_ROW_SCATTERED;
        else
            for (; q < end; ++q) s0 += val[q] * x[idx[q]];
        s0 *= alpha;
        y[p] = beta == 0 ? s0 : s0 + beta * y[p];
    }
}

/* y[idx[q]] += alpha x[p] val[q]: the scatter form (CSR y = A^T x, CSC
 * y = A x). */
LA__PRIV void sp__mv_scatter(la_int major, const la_int *LA__RESTRICT ptr,
                             const la_int *LA__RESTRICT idx, const la_real *LA__RESTRICT val,
                             la_real alpha, const la_real *LA__RESTRICT x,
                             la_real *LA__RESTRICT y) {
    la_int p, q;
    for (p = 0; p < major; ++p) {
        la_real t = alpha * x[p];
        for (q = ptr[p]; q < ptr[p + 1]; ++q) y[idx[q]] += t * val[q];
    }
}

SP_API la_status sp_mv(la_trans t, la_real alpha, const sp_mat *A, const la_real *x,
                       la_real beta, la_real *y) {
    la_int m, n;
    int dot;
    if (sp__check_header(A)) return LA_ERR_ARG;
    m = t == LA_NOTRANS ? A->rows : A->cols;
    n = t == LA_NOTRANS ? A->cols : A->rows;
    if ((m > 0 && !y) || (m > 0 && n > 0 && !x)) return LA_ERR_ARG;
    if (m == 0) return LA_OK;
    dot = (A->format == SP_CSR) == (t == LA_NOTRANS);
    if (n == 0 || alpha == 0 || A->nnz == 0) {
        la_scal(m, beta, y, 1);
        return LA_OK;
    }
    if (dot) {
        sp__mv_dot(m, n, A->ptr, A->idx, A->val, alpha, x, beta, y);
    } else {
        la_scal(m, beta, y, 1);
        sp__mv_scatter(n, A->ptr, A->idx, A->val, alpha, x, y);
    }
    return LA_OK;
}

SP_API la_status sp_mm(la_trans t, la_real alpha, const sp_mat *A, la_mat B, la_real beta,
                       la_mat C) {
    la_int m, k, p, q, j;
    int dot;
    if (sp__check_header(A) || la_mat_check(B) || la_mat_check(C)) return LA_ERR_ARG;
    m = t == LA_NOTRANS ? A->rows : A->cols;
    k = t == LA_NOTRANS ? A->cols : A->rows;
    if (B.rows != k || C.rows != m || C.cols != B.cols) return LA_ERR_DIM;
    if (m == 0 || C.cols == 0) return LA_OK;
    la_mat_scale(C, beta);
    if (alpha == 0 || k == 0) return LA_OK;
    /* Entry (r, c) of op(A) adds alpha a B(c,:) to C(r,:). In the dot form
     * the major index is r, in the scatter form it is c. */
    dot = (A->format == SP_CSR) == (t == LA_NOTRANS);
    for (p = 0; p < sp__major(A); ++p)
        for (q = A->ptr[p]; q < A->ptr[p + 1]; ++q) {
            la_int r = dot ? p : A->idx[q], c = dot ? A->idx[q] : p;
            la_real a = alpha * A->val[q];
            la_real *LA__RESTRICT cr = &LA_AT(C, r, 0);
            const la_real *LA__RESTRICT bc = &LA_AT(B, c, 0);
            for (j = 0; j < C.cols; ++j) cr[j] += a * bc[j];
        }
    return LA_OK;
}

SP_API la_status sp_symv(la_uplo uplo, la_real alpha, const sp_mat *A, const la_real *x,
                         la_real beta, la_real *y) {
    la_int n, p, q;
    if (sp__check_header(A)) return LA_ERR_ARG;
    if (A->rows != A->cols) return LA_ERR_DIM;
    n = A->rows;
    if (n == 0) return LA_OK;
    if (!x || !y) return LA_ERR_ARG;
    la_scal(n, beta, y, 1);
    if (alpha == 0) return LA_OK;
    for (p = 0; p < n; ++p) {
        la_real xp = alpha * x[p], s = 0;
        for (q = A->ptr[p]; q < A->ptr[p + 1]; ++q) {
            la_int c = A->idx[q];
            /* Entry (p, c) in CSR or (c, p) in CSC; keep the stored side. */
            int lower = A->format == SP_CSR ? c < p : c > p;
            if (c == p) {
                s += A->val[q] * x[p];
            } else if (lower == (uplo == LA_LOWER)) {
                s += A->val[q] * x[c];
                y[c] += xp * A->val[q];
            }
        }
        y[p] += alpha * s;
    }
    return LA_OK;
}

SP_API la_status sp_triangle(const sp_mat *A, la_uplo uplo, sp_mat *out) {
    la_status st;
    la_int p, q, w = 0;
    if (!out) return LA_ERR_ARG;
    sp__zero(out);
    if (sp_check(A)) return LA_ERR_ARG;
    if ((st = sp_alloc(A->format, A->rows, A->cols, A->nnz, out)) != LA_OK) return st;
    for (p = 0; p < sp__major(A); ++p) {
        for (q = A->ptr[p]; q < A->ptr[p + 1]; ++q) {
            la_int c = A->idx[q];
            int lower = A->format == SP_CSR ? c <= p : c >= p;
            int upper = A->format == SP_CSR ? c >= p : c <= p;
            if (uplo == LA_LOWER ? lower : upper) {
                out->idx[w] = c;
                out->val[w] = A->val[q];
                ++w;
            }
        }
        out->ptr[p + 1] = w;
    }
    out->nnz = w;
    return LA_OK;
}

SP_API la_status sp_symmetrize(const sp_mat *T, la_uplo uplo, sp_mat *out) {
    la_status st;
    la_int p, q, major;
    sp_mat R;
    if (!out) return LA_ERR_ARG;
    sp__zero(out);
    if (sp_check(T)) return LA_ERR_ARG;
    if (T->rows != T->cols) return LA_ERR_DIM;
    if (T->nnz > SP__INT_MAX / 2) return LA_ERR_NOMEM;
    major = sp__major(T);
    if ((st = sp_alloc(T->format, T->rows, T->cols, 2 * T->nnz, &R)) != LA_OK) return st;
    /* Count each kept entry in its own major and (off the diagonal) in the
     * mirror's, then place both; canonicalize sums and sorts. */
    for (p = 0; p < major; ++p)
        for (q = T->ptr[p]; q < T->ptr[p + 1]; ++q) {
            la_int c = T->idx[q];
            int lower = T->format == SP_CSR ? c < p : c > p;
            if (c != p && lower != (uplo == LA_LOWER)) continue;
            ++R.ptr[p + 1];
            if (c != p) ++R.ptr[c + 1];
        }
    sp__prefix(major, R.ptr);
    for (p = 0; p < major; ++p)
        for (q = T->ptr[p]; q < T->ptr[p + 1]; ++q) {
            la_int c = T->idx[q], d;
            int lower = T->format == SP_CSR ? c < p : c > p;
            if (c != p && lower != (uplo == LA_LOWER)) continue;
            d = R.ptr[p]++;
            R.idx[d] = c;
            R.val[d] = T->val[q];
            if (c != p) {
                d = R.ptr[c]++;
                R.idx[d] = p;
                R.val[d] = T->val[q];
            }
        }
    sp__unshift(major, R.ptr);
    R.nnz = sp__canonicalize(major, R.ptr, R.idx, R.val);
    *out = R;
    return LA_OK;
}

/* B in format f: B itself, or a converted copy in *tmp (freed by caller). */
LA__PRIV la_status sp__in_format(const sp_mat *B, sp_format f, sp_mat *tmp, const sp_mat **out) {
    sp__zero(tmp);
    *out = B;
    if (B->format == f) return LA_OK;
    *out = tmp;
    return sp_convert(B, f, tmp);
}

/* The row-by-row engine of sp_matmul and sp_add, on CSR views: row i of C
 * is accumulated in a dense vector of n values with a marker array.
 * mode 0: C = A B (A m x k, B k x n); mode 1: C = alpha A + beta B. */
LA__PRIV la_status sp__rowwise(int mode, la_real alpha, const sp_mat *A, la_real beta,
                               const sp_mat *B, la_int m, la_int n, sp_mat *C, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int *mark, i, p, q, r, cnt, total = 0;
    la_real *acc;
    if ((st = la__scratch_begin(&sc, ws, la_ws_ints((size_t)n) + la_ws_reals((size_t)n))) != LA_OK)
        return st;
    mark = (la_int *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_int));
    acc = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    if (n > 0 && (!mark || !acc)) {
        st = LA_ERR_NOMEM;
        goto done;
    }
    for (i = 0; i < n; ++i) mark[i] = -1;
    /* Symbolic pass: the size of each row of C. */
    for (i = 0; i < m; ++i) {
        cnt = 0;
        if (mode == 0) {
            for (p = A->ptr[i]; p < A->ptr[i + 1]; ++p) {
                la_int k = A->idx[p];
                for (q = B->ptr[k]; q < B->ptr[k + 1]; ++q)
                    if (mark[B->idx[q]] != i) {
                        mark[B->idx[q]] = i;
                        ++cnt;
                    }
            }
        } else {
            for (p = A->ptr[i]; p < A->ptr[i + 1]; ++p)
                if (mark[A->idx[p]] != i) {
                    mark[A->idx[p]] = i;
                    ++cnt;
                }
            for (q = B->ptr[i]; q < B->ptr[i + 1]; ++q)
                if (mark[B->idx[q]] != i) {
                    mark[B->idx[q]] = i;
                    ++cnt;
                }
        }
        if (cnt > SP__INT_MAX - total) {
            st = LA_ERR_NOMEM;
            goto done;
        }
        total += cnt;
    }
    if ((st = sp_alloc(SP_CSR, m, n, total, C)) != LA_OK) goto done;
    for (i = 0; i < n; ++i) mark[i] = -1;
    /* Numeric pass. */
    r = 0;
    for (i = 0; i < m; ++i) {
        la_int start = r;
        if (mode == 0) {
            for (p = A->ptr[i]; p < A->ptr[i + 1]; ++p) {
                la_int k = A->idx[p];
                la_real a = A->val[p];
                for (q = B->ptr[k]; q < B->ptr[k + 1]; ++q) {
                    la_int j = B->idx[q];
                    if (mark[j] != i) {
                        mark[j] = i;
                        acc[j] = a * B->val[q];
                        C->idx[r++] = j;
                    } else {
                        acc[j] += a * B->val[q];
                    }
                }
            }
        } else {
            for (p = A->ptr[i]; p < A->ptr[i + 1]; ++p) {
                la_int j = A->idx[p];
                if (mark[j] != i) {
                    mark[j] = i;
                    acc[j] = alpha * A->val[p];
                    C->idx[r++] = j;
                } else {
                    acc[j] += alpha * A->val[p];
                }
            }
            for (q = B->ptr[i]; q < B->ptr[i + 1]; ++q) {
                la_int j = B->idx[q];
                if (mark[j] != i) {
                    mark[j] = i;
                    acc[j] = beta * B->val[q];
                    C->idx[r++] = j;
                } else {
                    acc[j] += beta * B->val[q];
                }
            }
        }
        for (p = start; p < r; ++p) C->val[p] = acc[C->idx[p]];
        sp__sort_run(C->idx + start, C->val + start, r - start);
        C->ptr[i + 1] = r;
    }
    C->nnz = r;
done:
    la__scratch_end(&sc);
    return st;
}

SP_API la_status sp_matmul(const sp_mat *A, const sp_mat *B, sp_mat *C, la_arena *ws) {
    la_status st;
    sp_mat Bt, tmp, Av, Bv, R;
    const sp_mat *Bf;
    if (!C) return LA_ERR_ARG;
    sp__zero(C);
    if (sp_check(A) || sp_check(B)) return LA_ERR_ARG;
    if (A->cols != B->rows) return LA_ERR_DIM;
    if ((st = sp__in_format(B, A->format, &tmp, &Bf)) != LA_OK) return st;
    if (A->format == SP_CSR) {
        st = sp__rowwise(0, 1, A, 0, Bf, A->rows, B->cols, &R, ws);
    } else {
        /* C^T = B^T A^T on the CSR views of the CSC arrays. */
        Av = sp_transpose_view(A);
        Bv = sp_transpose_view(Bf);
        st = sp__rowwise(0, 1, &Bv, 0, &Av, B->cols, A->rows, &Bt, ws);
        if (st == LA_OK) R = sp_transpose_view(&Bt);
    }
    sp_free(&tmp);
    if (st == LA_OK) *C = R;
    return st;
}

SP_API la_status sp_add(la_real alpha, const sp_mat *A, la_real beta, const sp_mat *B, sp_mat *C,
                        la_arena *ws) {
    la_status st;
    sp_mat tmp, Av, Bv, R;
    const sp_mat *Bf;
    if (!C) return LA_ERR_ARG;
    sp__zero(C);
    if (sp_check(A) || sp_check(B)) return LA_ERR_ARG;
    if (A->rows != B->rows || A->cols != B->cols) return LA_ERR_DIM;
    if ((st = sp__in_format(B, A->format, &tmp, &Bf)) != LA_OK) return st;
    Av = A->format == SP_CSR ? *A : sp_transpose_view(A);
    Bv = A->format == SP_CSR ? *Bf : sp_transpose_view(Bf);
    st = sp__rowwise(1, alpha, &Av, beta, &Bv, Av.rows, Av.cols, &R, ws);
    sp_free(&tmp);
    if (st == LA_OK) *C = A->format == SP_CSR ? R : sp_transpose_view(&R);
    return st;
}

SP_API la_status sp_scale(sp_mat *A, la_real alpha, const la_real *dr, const la_real *dc) {
    la_int p, q;
    if (sp__check_header(A)) return LA_ERR_ARG;
    for (p = 0; p < sp__major(A); ++p) {
        la_real s = alpha;
        const la_real *dmin = A->format == SP_CSR ? dc : dr;
        if (A->format == SP_CSR ? dr != NULL : dc != NULL) s *= (A->format == SP_CSR ? dr : dc)[p];
        for (q = A->ptr[p]; q < A->ptr[p + 1]; ++q)
            A->val[q] *= dmin ? s * dmin[A->idx[q]] : s;
    }
    return LA_OK;
}

SP_API la_status sp_diag(const sp_mat *A, la_real *d) {
    la_int p, q, k;
    if (sp__check_header(A)) return LA_ERR_ARG;
    k = LA__MIN(A->rows, A->cols);
    if (k > 0 && !d) return LA_ERR_ARG;
    for (p = 0; p < k; ++p) d[p] = 0;
    for (p = 0; p < k; ++p)
        for (q = A->ptr[p]; q < A->ptr[p + 1]; ++q)
            if (A->idx[q] == p) d[p] += A->val[q];
    return LA_OK;
}

/* Norms of the majors (along) or minors (across) of A into out. The 2-norm
 * keeps a scale and a scaled sum of squares per output (LAPACK's dlassq
 * idea): out holds the scales, ssq the sums. */
LA__PRIV la_status sp__norms(const sp_mat *A, int along, sp_norm p, la_real *out, la_arena *ws) {
    la_int len, i, q;
    la__scratch sc;
    la_status st;
    la_real *ssq = NULL;
    if (sp__check_header(A) || (unsigned)p > 2u) return LA_ERR_ARG;
    len = along ? sp__major(A) : sp__minor(A);
    if (len == 0) return LA_OK;
    if (!out) return LA_ERR_ARG;
    if (p == SP_NORM_2 && !along) {
        if ((st = la__scratch_begin(&sc, ws, la_ws_reals((size_t)len))) != LA_OK) return st;
        ssq = (la_real *)la__scratch_alloc(&sc, (size_t)len * sizeof(la_real));
        if (!ssq) {
            la__scratch_end(&sc);
            return LA_ERR_NOMEM;
        }
        for (i = 0; i < len; ++i) ssq[i] = 1;
    }
    for (i = 0; i < len; ++i) out[i] = 0;
    for (i = 0; i < sp__major(A); ++i) {
        if (along && p == SP_NORM_2) {
            out[i] = la_nrm2(A->ptr[i + 1] - A->ptr[i], A->val + A->ptr[i], 1);
            continue;
        }
        for (q = A->ptr[i]; q < A->ptr[i + 1]; ++q) {
            la_int o = along ? i : A->idx[q];
            la_real a = LA_FABS(A->val[q]);
            if (p == SP_NORM_1) {
                out[o] += a;
            } else if (p == SP_NORM_INF) {
                if (a > out[o] || a != a) out[o] = a;
            } else if (a != 0 || a != a) {
                if (a != a || out[o] != out[o]) {
                    out[o] = a + out[o];
                } else if (out[o] < a) {
                    ssq[o] = 1 + ssq[o] * (out[o] / a) * (out[o] / a);
                    out[o] = a;
                } else {
                    ssq[o] += (a / out[o]) * (a / out[o]);
                }
            }
        }
    }
    if (ssq) {
        for (i = 0; i < len; ++i) out[i] *= LA_SQRT(ssq[i]);
        la__scratch_end(&sc);
    }
    return LA_OK;
}

SP_API la_status sp_row_norms(const sp_mat *A, sp_norm p, la_real *out, la_arena *ws) {
    if (!A) return LA_ERR_ARG;
    return sp__norms(A, A->format == SP_CSR, p, out, ws);
}

SP_API la_status sp_col_norms(const sp_mat *A, sp_norm p, la_real *out, la_arena *ws) {
    if (!A) return LA_ERR_ARG;
    return sp__norms(A, A->format == SP_CSC, p, out, ws);
}

SP_API int sp_linop(const la_real *x, la_real *y, void *A) {
    return sp_mv(LA_NOTRANS, 1, (const sp_mat *)A, x, 0, y) != LA_OK;
}

SP_API int sp_linop_trans(const la_real *x, la_real *y, void *A) {
    return sp_mv(LA_TRANS, 1, (const sp_mat *)A, x, 0, y) != LA_OK;
}

SP_API int sp_linop_sym(const la_real *x, la_real *y, void *op) {
    const sp_sym_op *s = (const sp_sym_op *)op;
    if (!s) return 1;
    return sp_symv(s->uplo, 1, s->A, x, 0, y) != LA_OK;
}

/* SELL-C-sigma (declared with the operator adapters). */

/* 1 if row a comes before row b in a window: longer first, ties by index
 * (a deterministic order). */
#define SP__SELL_BEFORE(ptr, a, b)                                                        \
    ((ptr)[(a) + 1] - (ptr)[a] > (ptr)[(b) + 1] - (ptr)[b] ||                             \
     ((ptr)[(a) + 1] - (ptr)[a] == (ptr)[(b) + 1] - (ptr)[b] && (a) < (b)))

LA__PRIV void sp__sell_sift(la_int *row, const la_int *ptr, la_int root, la_int n) {
    la_int key = row[root];
    for (;;) {
        la_int child = 2 * root + 1;
        if (child >= n) break;
        if (child + 1 < n && SP__SELL_BEFORE(ptr, row[child], row[child + 1])) ++child;
        if (!SP__SELL_BEFORE(ptr, key, row[child])) break;
        row[root] = row[child];
        root = child;
    }
    row[root] = key;
}

/* Sort the row indices row[0..n) into the window order above: heap sort
 * (Williams 1964), no workspace, O(n log n). */
LA__PRIV void sp__sell_sort(la_int *row, const la_int *ptr, la_int n) {
    la_int i;
    for (i = n / 2 - 1; i >= 0; --i) sp__sell_sift(row, ptr, i, n);
    for (i = n - 1; i > 0; --i) {
        la_int t = row[0];
        row[0] = row[i];
        row[i] = t;
        sp__sell_sift(row, ptr, 0, i);
    }
}

/* The layout of the CSR matrix A with chunk C and window sigma (checked by
 * the caller): slots sorted, row and len filled, chunk_ptr accumulated. The
 * entries it needs go to *stored; 1 when they exceed la_int. */
LA__PRIV int sp__sell_plan(const sp_mat *A, la_int C, la_int sigma, la_int *chunk_ptr,
                           la_int *row, la_int *len, la_int *stored) {
    la_int n_chunks = (A->rows + C - 1) / C, i, c, w;
    long long total = 0;
    for (i = 0; i < n_chunks * C; ++i) row[i] = i < A->rows ? i : -1;
    for (i = 0; sigma > 1 && i < A->rows; i += w) {
        w = sigma < A->rows - i ? sigma : A->rows - i;
        sp__sell_sort(row + i, A->ptr, w);
    }
    chunk_ptr[0] = 0;
    for (c = 0; c < n_chunks; ++c) {
        la_int width = 0, r;
        for (r = c * C; r < (c + 1) * C; ++r) {
            len[r] = row[r] < 0 ? 0 : A->ptr[row[r] + 1] - A->ptr[row[r]];
            if (len[r] > width) width = len[r];
        }
        total += (long long)width * C;
        w = total > (long long)SP__INT_MAX ? SP__INT_MAX : (la_int)total;
        chunk_ptr[c + 1] = w;
    }
    *stored = chunk_ptr[n_chunks];
    return total > (long long)SP__INT_MAX;
}

/* Fill col and val from A along the layout, and the header. */
LA__PRIV void sp__sell_fill(const sp_mat *A, la_int C, la_int sigma, la_int *chunk_ptr,
                            la_int *row, la_int *len, la_int *col, la_real *val, sp_sell *S) {
    la_int n_chunks = (A->rows + C - 1) / C, c, r, j;
    for (c = 0; c < n_chunks; ++c) {
        la_int base = chunk_ptr[c], width = (chunk_ptr[c + 1] - base) / C;
        for (r = 0; r < C; ++r) {
            la_int s = c * C + r, L = len[s], q = L > 0 ? A->ptr[row[s]] : 0;
            for (j = 0; j < L; ++j) {
                col[base + j * C + r] = A->idx[q + j];
                val[base + j * C + r] = A->val[q + j];
            }
            for (; j < width; ++j) {
                col[base + j * C + r] = L > 0 ? A->idx[q + L - 1] : 0;
                val[base + j * C + r] = 0;
            }
        }
    }
    S->rows = A->rows;
    S->cols = A->cols;
    S->nnz = A->nnz;
    S->chunk = C;
    S->sigma = sigma;
    S->n_chunks = n_chunks;
    S->scattered = (size_t)A->cols * sizeof(la_real) > SP__PREFETCH_MIN_BYTES &&
                   sp__scattered(A->rows, A->cols, A->ptr, A->idx);
    S->chunk_ptr = chunk_ptr;
    S->row = row;
    S->len = len;
    S->col = col;
    S->val = val;
}

LA__PRIV void sp__sell_zero(sp_sell *S) {
    S->rows = S->cols = S->nnz = S->chunk = S->sigma = S->n_chunks = S->scattered = 0;
    S->chunk_ptr = S->row = S->len = S->col = NULL;
    S->val = NULL;
}

/* The chunk to use, 0 when out of range; whether a window is in range. */
LA__PRIV la_int sp__sell_chunk(la_int chunk) {
    if (chunk == 0) return SP_SELL_CHUNK;
    return chunk >= 1 && chunk <= SP_SELL_MAX_CHUNK ? chunk : 0;
}
LA__PRIV int sp__sell_sigma_ok(la_int sigma, la_int C) {
    return sigma >= 0 && sigma <= SP__INT_MAX - C;
}

/* The window for the CSR matrix A: sigma rounded up to a multiple of C (1
 * stays 1: no sorting); for sigma = 0, 1 when the chunks of A's own row
 * order pad less than 1/16 of its entries (sorting would only scatter the
 * writes of y: 3-7% slower on a 3-D Laplacian), SP_SELL_SIGMA otherwise. */
LA__PRIV la_int sp__sell_window(const sp_mat *A, la_int C, la_int sigma) {
    if (sigma == 0) {
        long long stored = 0;
        la_int i, r;
        for (i = 0; i < A->rows; i += C) {
            la_int width = 0;
            for (r = i; r < i + C && r < A->rows; ++r)
                if (A->ptr[r + 1] - A->ptr[r] > width) width = A->ptr[r + 1] - A->ptr[r];
            stored += (long long)width * C;
        }
        sigma = 16 * (stored - A->nnz) <= (long long)A->nnz ? 1 : SP_SELL_SIGMA;
    }
    return sigma == 1 ? 1 : (sigma + C - 1) / C * C;
}

SP_API la_status sp_sell_from_buf(const sp_mat *A, la_int chunk, la_int sigma, la_int *chunk_ptr,
                                  la_int *row, la_int *len, la_int cap, la_int *col, la_real *val,
                                  sp_sell *out) {
    la_int C = sp__sell_chunk(chunk), stored;
    if (!out) return LA_ERR_ARG;
    sp__sell_zero(out);
    if (C == 0 || sp_check(A) || A->format != SP_CSR || cap < 0) return LA_ERR_ARG;
    if (!sp__sell_sigma_ok(sigma, C) || A->rows > SP__INT_MAX - C) return LA_ERR_ARG;
    if (!chunk_ptr || (A->rows > 0 && (!row || !len)) || (cap > 0 && (!col || !val)))
        return LA_ERR_ARG;
    sigma = sp__sell_window(A, C, sigma);
    if (sp__sell_plan(A, C, sigma, chunk_ptr, row, len, &stored) || stored > cap)
        return LA_ERR_NOMEM;
    sp__sell_fill(A, C, sigma, chunk_ptr, row, len, col, val, out);
    return LA_OK;
}

SP_API void sp_sell_free(sp_sell *S) {
    if (!S) return;
#ifndef LA_NO_MALLOC
    if (S->chunk_ptr) LA_FREE(S->chunk_ptr);
    if (S->row) LA_FREE(S->row);
    if (S->len) LA_FREE(S->len);
    if (S->col) LA_FREE(S->col);
    if (S->val) LA_FREE(S->val);
#endif
    sp__sell_zero(S);
}

SP_API la_status sp_sell_from(const sp_mat *A, la_int chunk, la_int sigma, sp_sell *out) {
    la_int C = sp__sell_chunk(chunk);
    if (!out) return LA_ERR_ARG;
    sp__sell_zero(out);
    if (C == 0 || sp_check(A)) return LA_ERR_ARG;
    if (!sp__sell_sigma_ok(sigma, C) || A->rows > SP__INT_MAX - C) return LA_ERR_ARG;
#ifdef LA_NO_MALLOC
    return LA_ERR_NOMEM;
#else
    {
        la_int stored;
        size_t slots = (size_t)((A->rows + C - 1) / C) * (size_t)C;
        la_status st = LA_OK;
        sp_mat R = *A;
        if (A->format == SP_CSC && (st = sp_convert(A, SP_CSR, &R)) != LA_OK) return st;
        sigma = sp__sell_window(&R, C, sigma);
        out->chunk_ptr = (la_int *)LA_MALLOC((slots / (size_t)C + 1) * sizeof(la_int));
        out->row = (la_int *)LA_MALLOC((slots + 1) * sizeof(la_int));
        out->len = (la_int *)LA_MALLOC((slots + 1) * sizeof(la_int));
        if (!out->chunk_ptr || !out->row || !out->len ||
            sp__sell_plan(&R, C, sigma, out->chunk_ptr, out->row, out->len, &stored)) {
            st = LA_ERR_NOMEM;
        } else {
            out->col = (la_int *)LA_MALLOC(((size_t)stored + 1) * sizeof(la_int));
            out->val = (la_real *)LA_MALLOC(((size_t)stored + 1) * sizeof(la_real));
            if (!out->col || !out->val)
                st = LA_ERR_NOMEM;
            else
                sp__sell_fill(&R, C, sigma, out->chunk_ptr, out->row, out->len, out->col,
                              out->val, out);
        }
        if (A->format == SP_CSC) sp_free(&R);
        if (st != LA_OK) sp_sell_free(out);
        return st;
    }
#endif
}

/* A usable header, O(1) as sp__check_header. */
LA__PRIV la_status sp__sell_check(const sp_sell *S) {
    if (!S || S->rows < 0 || S->cols < 0 || S->nnz < 0 || S->chunk < 1 ||
        S->chunk > SP_SELL_MAX_CHUNK || S->n_chunks != (S->rows + S->chunk - 1) / S->chunk)
        return LA_ERR_ARG;
    if (S->n_chunks == 0) return LA_OK;
    if (!S->chunk_ptr || !S->row || !S->len || S->chunk_ptr[0] != 0) return LA_ERR_ARG;
    if (S->chunk_ptr[S->n_chunks] > 0 && (!S->col || !S->val)) return LA_ERR_ARG;
    return LA_OK;
}

/* One chunk of CC slots from entry k on: the sums acc_[r] over the j <
 * len[r] of val[k + j CC + r] x[col[...]], then y[row[r]] for the valid
 * slots. Up to the shortest row no entry is padding; beyond it each product
 * is kept only where j < len[r] (a select, not a branch), so padding never
 * brings x's Inf or NaN into a sum. With pf, x is prefetched
 * SP__SELL_X_AHEAD entries ahead (without it the power-law product of the
 * bench runs at 0.6 of its speed); the two streams, SP__SELL_STREAM_AHEAD
 * entries ahead, always (without it: 0.6 to 0.7). */
#define SP__SELL_X_AHEAD 256
#define SP__SELL_STREAM_AHEAD 1024
#define SP__SELL_CHUNK(SIZE, CC)                                                          \
    do {                                                                                  \
        la_real acc_[SIZE];                                                               \
        la_int r_, j_, full_ = width;                                                     \
        for (r_ = 0; r_ < (CC); ++r_) {                                                   \
            acc_[r_] = 0;                                                                 \
            if (len[r_] < full_) full_ = len[r_];                                         \
        }                                                                                 \
        for (j_ = 0; j_ < width; ++j_, k += (CC)) {                                       \
            if (pf && k <= last_x)                                                        \
                for (r_ = 0; r_ < (CC); ++r_) SP__PREFETCH(x + col[k + SP__SELL_X_AHEAD + r_]); \
            if (k <= last_stream) {                                                       \
                SP__PREFETCH(val + k + SP__SELL_STREAM_AHEAD);                            \
                SP__PREFETCH(col + k + SP__SELL_STREAM_AHEAD);                            \
            }                                                                             \
            if (j_ < full_) {                                                             \
                for (r_ = 0; r_ < (CC); ++r_) acc_[r_] += val[k + r_] * x[col[k + r_]];   \
            } else {                                                                      \
                for (r_ = 0; r_ < (CC); ++r_) {                                           \
                    la_real t_ = val[k + r_] * x[col[k + r_]];                            \
                    acc_[r_] += j_ < len[r_] ? t_ : 0;                                    \
                }                                                                         \
            }                                                                             \
        }                                                                                 \
        for (r_ = 0; r_ < valid; ++r_) {                                                  \
            la_real s_ = alpha * acc_[r_];                                                \
            y[row[r_]] = beta == 0 ? s_ : s_ + beta * y[row[r_]];                         \
        }                                                                                 \
    } while (0)

/* y[row] <- alpha (row's sum) + beta y[row] for every row S holds; the
 * default chunk has its own copy of the loop, whose sums the compiler keeps
 * in registers. */
LA__PRIV void sp__sell_dot(const sp_sell *S, la_real alpha, const la_real *LA__RESTRICT x,
                           la_real beta, la_real *LA__RESTRICT y) {
    const la_int *LA__RESTRICT col = S->col;
    const la_real *LA__RESTRICT val = S->val;
    la_int C = S->chunk, stored = S->chunk_ptr[S->n_chunks], c, pf = S->scattered;
    la_int last_x = stored - SP__SELL_X_AHEAD - C, last_stream = stored - SP__SELL_STREAM_AHEAD;
#if defined(LA_USE_OPENMP) && defined(_OPENMP)
#pragma omp parallel for schedule(static) if (S->n_chunks > 2500)
#endif
    for (c = 0; c < S->n_chunks; ++c) {
        const la_int *len = S->len + (size_t)c * C, *row = S->row + (size_t)c * C;
        la_int k = S->chunk_ptr[c], width = (S->chunk_ptr[c + 1] - k) / C;
        la_int valid = S->rows - c * C < C ? S->rows - c * C : C;
        if (C == SP_SELL_CHUNK)
            SP__SELL_CHUNK(SP_SELL_CHUNK, SP_SELL_CHUNK);
        else
            SP__SELL_CHUNK(SP_SELL_MAX_CHUNK, C);
    }
}

SP_API la_status sp_sell_mv(la_trans t, la_real alpha, const sp_sell *S, const la_real *x,
                            la_real beta, la_real *y) {
    la_int m, n, c, r, j;
    if (sp__sell_check(S)) return LA_ERR_ARG;
    m = t == LA_NOTRANS ? S->rows : S->cols;
    n = t == LA_NOTRANS ? S->cols : S->rows;
    if ((m > 0 && !y) || (m > 0 && n > 0 && !x)) return LA_ERR_ARG;
    if (m == 0) return LA_OK;
    if (n == 0 || alpha == 0 || S->nnz == 0) {
        la_scal(m, beta, y, 1);
        return LA_OK;
    }
    if (t == LA_NOTRANS) {
        sp__sell_dot(S, alpha, x, beta, y);
        return LA_OK;
    }
    la_scal(m, beta, y, 1);
    for (c = 0; c < S->n_chunks; ++c) {
        la_int C = S->chunk, base = S->chunk_ptr[c];
        for (r = 0; r < C && c * C + r < S->rows; ++r) {
            la_int s = c * C + r;
            la_real a = alpha * x[S->row[s]];
            for (j = 0; j < S->len[s]; ++j)
                y[S->col[base + j * C + r]] += a * S->val[base + j * C + r];
        }
    }
    return LA_OK;
}

SP_API int sp_sell_linop(const la_real *x, la_real *y, void *S) {
    return sp_sell_mv(LA_NOTRANS, 1, (const sp_sell *)S, x, 0, y) != LA_OK;
}

SP_API int sp_sell_linop_trans(const la_real *x, la_real *y, void *S) {
    return sp_sell_mv(LA_TRANS, 1, (const sp_sell *)S, x, 0, y) != LA_OK;
}

/* ----------------------------------------------------------------------
 * 4. Preconditioners: Jacobi, incomplete Cholesky IC(0)
 * ---------------------------------------------------------------------- */

SP_API la_status sp_jacobi_init(const sp_mat *A, la_real *inv_diag, sp_jacobi *P) {
    la_status st;
    la_int i;
    if (!P || sp__check_header(A)) return LA_ERR_ARG;
    if (A->rows != A->cols) return LA_ERR_DIM;
    if (A->rows > 0 && !inv_diag) return LA_ERR_ARG;
    if ((st = sp_diag(A, inv_diag)) != LA_OK) return st;
    for (i = 0; i < A->rows; ++i) {
        if (!LA__ISFINITE(inv_diag[i])) return LA_ERR_NONFINITE;
        if (inv_diag[i] == 0) return LA_ERR_SINGULAR;
        inv_diag[i] = (la_real)1 / inv_diag[i];
    }
    P->n = A->rows;
    P->inv_diag = inv_diag;
    return LA_OK;
}

SP_API int sp_jacobi_apply(const la_real *x, la_real *y, void *P) {
    const sp_jacobi *J = (const sp_jacobi *)P;
    la_int i;
    if (!J || (J->n > 0 && (!x || !y || !J->inv_diag))) return 1;
    for (i = 0; i < J->n; ++i) y[i] = J->inv_diag[i] * x[i];
    return 0;
}

/* The lower triangle of a symmetric A as CSR: A itself for CSR, the CSR
 * view of A^T for CSC (whose lower triangle is A's upper one). */
LA__PRIV sp_mat sp__lower_view(const sp_mat *A) {
    return A->format == SP_CSR ? *A : sp_transpose_view(A);
}

SP_API la_int sp_ic0_nnz(const sp_mat *A) {
    sp_mat V;
    la_int i, q, n = 0;
    if (sp_check(A) || A->rows != A->cols) return -1;
    V = sp__lower_view(A);
    for (i = 0; i < V.rows; ++i)
        for (q = V.ptr[i]; q < V.ptr[i + 1]; ++q)
            if (V.idx[q] <= i) ++n;
    return n;
}

/* One IC(0) attempt on the lower triangle of V (CSR), diagonal shifted by
 * alpha diag: L (canonical, diagonal last in each row) in ptr/idx/val;
 * pos is n ints of scratch. LA_ERR_BREAKDOWN when a pivot is not positive. */
LA__PRIV la_status sp__ic0_try(const sp_mat *V, la_real alpha, la_int *ptr, la_int *idx,
                               la_real *val, la_int *pos) {
    la_int n = V->rows, i, q, r, w = 0;
    ptr[0] = 0;
    for (i = 0; i < n; ++i) {
        for (q = V->ptr[i]; q < V->ptr[i + 1]; ++q)
            if (V->idx[q] <= i) {
                idx[w] = V->idx[q];
                val[w] = V->val[q];
                ++w;
            }
        ptr[i + 1] = w;
    }
    sp__canonicalize(n, ptr, idx, val);
    for (i = 0; i < n; ++i) {
        la_int d = ptr[i + 1] - 1;
        if (d < ptr[i] || idx[d] != i || !(val[d] > 0)) return LA_ERR_NOT_SPD;
        val[d] += alpha * val[d];
    }
    for (i = 0; i < n; ++i) pos[i] = -1;
    for (i = 0; i < n; ++i) {
        la_int d = ptr[i + 1] - 1;
        la_real diag = val[d];
        for (q = ptr[i]; q < d; ++q) pos[idx[q]] = q;
        /* L(i,k) = (A(i,k) - sum_{j<k} L(i,j) L(k,j)) / L(k,k) on the
         * pattern, k ascending; then the pivot. */
        for (q = ptr[i]; q < d; ++q) {
            la_int k = idx[q], dk = ptr[k + 1] - 1;
            la_real s = val[q];
            for (r = ptr[k]; r < dk; ++r)
                if (pos[idx[r]] >= 0 && pos[idx[r]] < q) s -= val[pos[idx[r]]] * val[r];
            val[q] = s / val[dk];
            diag -= val[q] * val[q];
        }
        for (q = ptr[i]; q < d; ++q) pos[idx[q]] = -1;
        if (!(diag > 0) || !LA__ISFINITE(diag)) return LA_ERR_BREAKDOWN;
        val[d] = LA_SQRT(diag);
    }
    return LA_OK;
}

SP_API la_status sp_ic0_factor(const sp_mat *A, const sp_ic0_opts *o, la_int *ptr, la_int *idx,
                               la_real *val, sp_ic0 *P, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int n, *pos, nl;
    la_real alpha = 0, shift0 = (la_real)1e-3;
    int tries = 0, max_shifts = 20;
    sp_mat V;
    if (!P) return LA_ERR_ARG;
    memset(P, 0, sizeof *P);
    if (sp_check(A)) return LA_ERR_ARG;
    if (A->rows != A->cols) return LA_ERR_DIM;
    n = A->rows;
    nl = sp_ic0_nnz(A);
    if (!ptr || (nl > 0 && (!idx || !val))) return LA_ERR_ARG;
    if (!la_vec_isfinite(A->nnz, A->val)) return LA_ERR_NONFINITE;
    if (o) {
        if (o->shift > 0) shift0 = o->shift;
        if (o->max_shifts != 0) max_shifts = o->max_shifts < 0 ? 0 : o->max_shifts;
        if (!(o->shift >= 0)) return LA_ERR_ARG;
    }
    if ((st = la__scratch_begin(&sc, ws, la_ws_ints((size_t)n))) != LA_OK) return st;
    pos = (la_int *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_int));
    if (n > 0 && !pos) {
        st = LA_ERR_NOMEM;
        goto done;
    }
    V = sp__lower_view(A);
    for (;;) {
        st = sp__ic0_try(&V, alpha, ptr, idx, val, pos);
        if (st != LA_ERR_BREAKDOWN) break;
        if (tries >= max_shifts) {
            st = LA_ERR_NOT_SPD;
            break;
        }
        alpha = tries == 0 ? shift0 : 2 * alpha;
        ++tries;
    }
    if (st == LA_OK) {
        P->L = sp_mat_of(SP_CSR, n, n, ptr[n], ptr, idx, val);
        P->shift = alpha;
        P->shifts = tries;
    }
done:
    la__scratch_end(&sc);
    return st;
}

SP_API la_status sp_ic0_create(const sp_mat *A, const sp_ic0_opts *o, sp_ic0 *P) {
    la_status st;
    la_int nl;
    sp_mat L;
    if (!P) return LA_ERR_ARG;
    memset(P, 0, sizeof *P);
    if (sp_check(A)) return LA_ERR_ARG;
    if (A->rows != A->cols) return LA_ERR_DIM;
    nl = sp_ic0_nnz(A);
    if ((st = sp_alloc(SP_CSR, A->rows, A->cols, nl, &L)) != LA_OK) return st;
    st = sp_ic0_factor(A, o, L.ptr, L.idx, L.val, P, NULL);
    if (st != LA_OK) {
        sp_free(&L);
        memset(P, 0, sizeof *P);
        return st;
    }
    P->owned = 1;
    return LA_OK;
}

SP_API void sp_ic0_free(sp_ic0 *P) {
    if (!P) return;
    if (P->owned) sp_free(&P->L);
    memset(P, 0, sizeof *P);
}

SP_API int sp_ic0_apply(const la_real *x, la_real *y, void *P) {
    const sp_ic0 *F = (const sp_ic0 *)P;
    const la_int *ptr, *idx;
    const la_real *val;
    la_int n, i, q;
    if (!F) return 1;
    n = F->L.rows;
    if (n == 0) return 0;
    if (!x || !y || !F->L.ptr) return 1;
    ptr = F->L.ptr;
    idx = F->L.idx;
    val = F->L.val;
    /* L z = x (rows of L), then L^T y = z (rows of L as columns of L^T). */
    for (i = 0; i < n; ++i) {
        la_int d = ptr[i + 1] - 1;
        la_real s = x[i];
        for (q = ptr[i]; q < d; ++q) s -= val[q] * y[idx[q]];
        y[i] = s / val[d];
    }
    for (i = n - 1; i >= 0; --i) {
        la_int d = ptr[i + 1] - 1;
        la_real yi = y[i] / val[d];
        y[i] = yi;
        for (q = ptr[i]; q < d; ++q) y[idx[q]] -= val[q] * yi;
    }
    return 0;
}

/* ----------------------------------------------------------------------
 * 5. Structured sparsity: magnitude, N:M and block pruning, bit masks,
 *    N:M-compressed matrices
 * ---------------------------------------------------------------------- */

SP_API size_t sp_mask_words(la_int rows, la_int cols) {
    if (rows < 0 || cols < 0) return 0;
    return (size_t)rows * (((size_t)cols + 31) / 32);
}

SP_API sp_mask sp_mask_of(la_int rows, la_int cols, uint32_t *bits) {
    sp_mask m;
    size_t w = sp_mask_words(rows, cols), k;
    m.rows = rows < 0 ? 0 : rows;
    m.cols = cols < 0 ? 0 : cols;
    m.words_per_row = (la_int)(((size_t)m.cols + 31) / 32);
    m.bits = bits;
    if (bits)
        for (k = 0; k < w; ++k) bits[k] = 0;
    return m;
}

#define SP__MASK_WORD(m, i, j) ((m)->bits[(size_t)(i) * (size_t)(m)->words_per_row + (size_t)(j) / 32])

SP_API int sp_mask_get(const sp_mask *m, la_int i, la_int j) {
    if (!m || !m->bits || i < 0 || j < 0 || i >= m->rows || j >= m->cols) return 0;
    return (int)((SP__MASK_WORD(m, i, j) >> (j % 32)) & 1u);
}

SP_API void sp_mask_set(sp_mask *m, la_int i, la_int j, int on) {
    uint32_t bit;
    if (!m || !m->bits || i < 0 || j < 0 || i >= m->rows || j >= m->cols) return;
    bit = (uint32_t)1 << (j % 32);
    if (on)
        SP__MASK_WORD(m, i, j) |= bit;
    else
        SP__MASK_WORD(m, i, j) &= ~bit;
}

SP_API long long sp_mask_count(const sp_mask *m) {
    long long n = 0;
    size_t k, w;
    if (!m || !m->bits) return 0;
    w = (size_t)m->rows * (size_t)m->words_per_row;
    for (k = 0; k < w; ++k) {
        uint32_t x = m->bits[k];
        while (x) {
            x &= x - 1;
            ++n;
        }
    }
    return n;
}

LA__PRIV la_status sp__mask_fits(la_mat W, const sp_mask *m) {
    if (!m) return LA_OK;
    if (m->rows != W.rows || m->cols != W.cols || m->words_per_row != (W.cols + 31) / 32)
        return LA_ERR_DIM;
    if (W.rows > 0 && W.cols > 0 && !m->bits) return LA_ERR_ARG;
    return LA_OK;
}

SP_API la_status sp_mask_apply(la_mat W, const sp_mask *m) {
    la_int i, j;
    if (!m || la_mat_check(W)) return LA_ERR_ARG;
    if (sp__mask_fits(W, m)) return sp__mask_fits(W, m);
    for (i = 0; i < W.rows; ++i)
        for (j = 0; j < W.cols; ++j)
            if (!sp_mask_get(m, i, j)) LA_AT(W, i, j) = 0;
    return LA_OK;
}

/* 1 if W has a NaN. */
LA__PRIV int sp__has_nan(la_mat W) {
    la_int i, j;
    for (i = 0; i < W.rows; ++i)
        for (j = 0; j < W.cols; ++j)
            if (LA_AT(W, i, j) != LA_AT(W, i, j)) return 1;
    return 0;
}

/* The k-th smallest (0-based) of a[0..n), reordering a: Hoare's FIND
 * (quickselect, Hoare 1961) with a median-of-three pivot. */
LA__PRIV la_real sp__kth(la_real *a, size_t n, size_t k) {
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2, i = lo, j = hi;
        la_real x = a[lo], y = a[mid], z = a[hi], pivot;
        pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        for (;;) {
            while (a[i] < pivot) ++i;
            while (a[j] > pivot) --j;
            if (i >= j) break;
            {
                la_real t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
            ++i;
            --j;
        }
        /* a[lo..j] <= pivot <= a[j+1..hi] */
        if (k <= j)
            hi = j;
        else
            lo = j + 1;
    }
    return a[k];
}

/* Entries to prune of `count` at level `sparsity` (floor, robust to the
 * rounding of sparsity itself). */
LA__PRIV size_t sp__prune_count(la_real sparsity, size_t count) {
    double k = (double)sparsity * (double)count * (1 + 4 * (double)LA_EPS);
    size_t r = (size_t)k;
    return r > count ? count : r;
}

/* Given the scores s[0..n) (copied into tmp), decide which kprune to drop:
 * every score below the kprune-th smallest t, then ties at t from the end.
 * keep[k] <- 0/1 (keep may alias nothing). */
LA__PRIV void sp__prune_scores(const la_real *s, size_t n, size_t kprune, la_real *tmp,
                               unsigned char *keep) {
    size_t k, less = 0, ties;
    la_real t;
    for (k = 0; k < n; ++k) keep[k] = 1;
    if (kprune == 0 || n == 0) return;
    memcpy(tmp, s, n * sizeof(la_real));
    t = sp__kth(tmp, n, kprune - 1);
    for (k = 0; k < n; ++k)
        if (s[k] < t) {
            keep[k] = 0;
            ++less;
        }
    ties = kprune - less;
    for (k = n; k-- > 0 && ties > 0;)
        if (s[k] == t) {
            keep[k] = 0;
            --ties;
        }
}

SP_API size_t sp_prune_ws_bytes(la_int rows, la_int cols, int per_row) {
    size_t n = per_row ? (size_t)(cols > 0 ? cols : 0)
                       : (size_t)(rows > 0 ? rows : 0) * (size_t)(cols > 0 ? cols : 0);
    return 2 * la_ws_reals(n) + la__round_up(n) + LA_ARENA_ALIGN;
}

SP_API la_status sp_prune_magnitude(la_mat W, la_real sparsity, int per_row, sp_mask *mask,
                                    la_arena *ws) {
    la__scratch sc;
    la_status st;
    size_t n, k, kprune;
    la_int i, j, nseg, seg;
    la_real *s, *tmp;
    unsigned char *keep;
    if (la_mat_check(W) || !(sparsity >= 0 && sparsity <= 1)) return LA_ERR_ARG;
    if ((st = sp__mask_fits(W, mask)) != LA_OK) return st;
    if (sp__has_nan(W)) return LA_ERR_NONFINITE;
    n = per_row ? (size_t)W.cols : (size_t)W.rows * (size_t)W.cols;
    if ((st = la__scratch_begin(&sc, ws, sp_prune_ws_bytes(W.rows, W.cols, per_row) - LA_ARENA_ALIGN)) !=
        LA_OK)
        return st;
    s = (la_real *)la__scratch_alloc(&sc, n * sizeof(la_real));
    tmp = (la_real *)la__scratch_alloc(&sc, n * sizeof(la_real));
    keep = (unsigned char *)la__scratch_alloc(&sc, n);
    if (n > 0 && (!s || !tmp || !keep)) {
        st = LA_ERR_NOMEM;
        goto done;
    }
    kprune = sp__prune_count(sparsity, n);
    nseg = per_row ? W.rows : 1;
    for (seg = 0; seg < nseg && n > 0; ++seg) {
        la_int r0 = per_row ? seg : 0, r1 = per_row ? seg + 1 : W.rows;
        k = 0;
        for (i = r0; i < r1; ++i)
            for (j = 0; j < W.cols; ++j) s[k++] = LA_FABS(LA_AT(W, i, j));
        sp__prune_scores(s, n, kprune, tmp, keep);
        k = 0;
        for (i = r0; i < r1; ++i)
            for (j = 0; j < W.cols; ++j, ++k) {
                if (!keep[k]) LA_AT(W, i, j) = 0;
                if (mask) sp_mask_set(mask, i, j, keep[k]);
            }
    }
done:
    la__scratch_end(&sc);
    return st;
}

/* In each group of m entries starting at w (stride 1), entry j is kept when
 * fewer than n entries beat it (larger magnitude, or equal and earlier). */
LA__PRIV int sp__nm_keeps(const la_real *w, la_int n, la_int m, la_int j) {
    la_int k, beat = 0;
    la_real a = LA_FABS(w[j]);
    for (k = 0; k < m; ++k) {
        la_real b = LA_FABS(w[k]);
        if (b > a || (b == a && k < j)) ++beat;
    }
    return beat < n;
}

LA__PRIV la_status sp__nm_check(la_mat W, la_int n, la_int m) {
    if (la_mat_check(W) || m < 1 || n < 0 || n > m) return LA_ERR_ARG;
    if (W.cols % m != 0) return LA_ERR_DIM;
    if (sp__has_nan(W)) return LA_ERR_NONFINITE;
    return LA_OK;
}

SP_API la_status sp_prune_nm(la_mat W, la_int n, la_int m, sp_mask *mask) {
    la_status st;
    la_int i, g, j;
    if ((st = sp__nm_check(W, n, m)) != LA_OK) return st;
    if ((st = sp__mask_fits(W, mask)) != LA_OK) return st;
    /* Zeroing a dropped entry changes no later decision: the n kept entries
     * precede every dropped one in the order, before and after. */
    for (i = 0; i < W.rows; ++i)
        for (g = 0; g < W.cols; g += m) {
            la_real *w = &LA_AT(W, i, g);
            for (j = 0; j < m; ++j) {
                int keep = sp__nm_keeps(w, n, m, j);
                if (mask) sp_mask_set(mask, i, g + j, keep);
                if (!keep) w[j] = 0;
            }
        }
    return LA_OK;
}

SP_API size_t sp_prune_block_ws_bytes(la_int rows, la_int cols, la_int br, la_int bc) {
    size_t nb;
    if (rows < 0 || cols < 0 || br < 1 || bc < 1) return LA_ARENA_ALIGN;
    nb = (size_t)((rows + br - 1) / br) * (size_t)((cols + bc - 1) / bc);
    return 2 * la_ws_reals(nb) + la__round_up(nb) + LA_ARENA_ALIGN;
}

SP_API la_status sp_prune_block(la_mat W, la_int br, la_int bc, la_real sparsity, sp_mask *mask,
                                la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int nbr, nbc, bi, bj, i, j;
    size_t nb, k;
    la_real *s, *tmp;
    unsigned char *keep;
    if (la_mat_check(W) || br < 1 || bc < 1 || !(sparsity >= 0 && sparsity <= 1)) return LA_ERR_ARG;
    if ((st = sp__mask_fits(W, mask)) != LA_OK) return st;
    if (sp__has_nan(W)) return LA_ERR_NONFINITE;
    nbr = W.rows / br + (W.rows % br != 0);
    nbc = W.cols / bc + (W.cols % bc != 0);
    nb = (size_t)nbr * (size_t)nbc;
    if ((st = la__scratch_begin(&sc, ws, sp_prune_block_ws_bytes(W.rows, W.cols, br, bc) -
                                             LA_ARENA_ALIGN)) != LA_OK)
        return st;
    s = (la_real *)la__scratch_alloc(&sc, nb * sizeof(la_real));
    tmp = (la_real *)la__scratch_alloc(&sc, nb * sizeof(la_real));
    keep = (unsigned char *)la__scratch_alloc(&sc, nb);
    if (nb > 0 && (!s || !tmp || !keep)) {
        st = LA_ERR_NOMEM;
        goto done;
    }
    for (bi = 0, k = 0; bi < nbr; ++bi)
        for (bj = 0; bj < nbc; ++bj, ++k)
            s[k] = la_norm_fro(la_mat_block(W, bi * br, bj * bc, LA__MIN(br, W.rows - bi * br),
                                            LA__MIN(bc, W.cols - bj * bc)));
    sp__prune_scores(s, nb, sp__prune_count(sparsity, nb), tmp, keep);
    for (i = 0; i < W.rows; ++i)
        for (j = 0; j < W.cols; ++j) {
            int kp = keep[(size_t)(i / br) * (size_t)nbc + (size_t)(j / bc)];
            if (!kp) LA_AT(W, i, j) = 0;
            if (mask) sp_mask_set(mask, i, j, kp);
        }
done:
    la__scratch_end(&sc);
    return st;
}

SP_API size_t sp_nm_len(la_int rows, la_int cols, la_int n, la_int m) {
    if (rows < 0 || cols < 0 || m < 1 || n < 0 || n > m) return 0;
    return (size_t)rows * (size_t)(cols / m) * (size_t)n;
}

SP_API la_status sp_nm_compress(la_mat W, la_int n, la_int m, la_real *val, unsigned char *pos,
                                sp_nm *out) {
    la_status st;
    la_int i, g, j;
    size_t w = 0;
    if (!out || n < 1 || m > 256) return LA_ERR_ARG;
    if ((st = sp__nm_check(W, n, m)) != LA_OK) return st;
    if (sp_nm_len(W.rows, W.cols, n, m) > 0 && (!val || !pos)) return LA_ERR_ARG;
    for (i = 0; i < W.rows; ++i)
        for (g = 0; g < W.cols; g += m) {
            const la_real *x = &LA_AT(W, i, g);
            for (j = 0; j < m; ++j)
                if (sp__nm_keeps(x, n, m, j)) {
                    val[w] = x[j];
                    pos[w] = (unsigned char)j;
                    ++w;
                }
        }
    out->rows = W.rows;
    out->cols = W.cols;
    out->n = n;
    out->m = m;
    out->val = val;
    out->pos = pos;
    return LA_OK;
}

LA__PRIV la_status sp__nm_valid(const sp_nm *A) {
    if (!A || A->rows < 0 || A->cols < 0 || A->m < 1 || A->m > 256 || A->n < 1 || A->n > A->m ||
        A->cols % A->m != 0)
        return LA_ERR_ARG;
    if (sp_nm_len(A->rows, A->cols, A->n, A->m) > 0 && (!A->val || !A->pos)) return LA_ERR_ARG;
    return LA_OK;
}

SP_API la_status sp_nm_to_dense(const sp_nm *A, la_mat W) {
    la_int i, g, s;
    size_t w = 0;
    if (sp__nm_valid(A) || la_mat_check(W)) return LA_ERR_ARG;
    if (W.rows != A->rows || W.cols != A->cols) return LA_ERR_DIM;
    la_mat_scale(W, 0);
    for (i = 0; i < A->rows; ++i)
        for (g = 0; g < A->cols; g += A->m)
            for (s = 0; s < A->n; ++s, ++w) LA_AT(W, i, g + A->pos[w]) += A->val[w];
    return LA_OK;
}

SP_API la_status sp_nm_mm(la_real alpha, const sp_nm *A, la_mat B, la_real beta, la_mat C) {
    la_int i, g, s, j;
    size_t w = 0;
    if (sp__nm_valid(A) || la_mat_check(B) || la_mat_check(C)) return LA_ERR_ARG;
    if (B.rows != A->cols || C.rows != A->rows || C.cols != B.cols) return LA_ERR_DIM;
    if (C.rows == 0 || C.cols == 0) return LA_OK;
    la_mat_scale(C, beta);
    if (alpha == 0) return LA_OK;
    for (i = 0; i < A->rows; ++i) {
        la_real *LA__RESTRICT c = &LA_AT(C, i, 0);
        for (g = 0; g < A->cols; g += A->m)
            for (s = 0; s < A->n; ++s, ++w) {
                la_real a = alpha * A->val[w];
                const la_real *LA__RESTRICT b = &LA_AT(B, g + A->pos[w], 0);
                for (j = 0; j < C.cols; ++j) c[j] += a * b[j];
            }
    }
    return LA_OK;
}

/* ----------------------------------------------------------------------
 * 6. Sparse recovery: LASSO and elastic net by coordinate descent,
 *    MCP and SCAD, regularization paths and cross-validation, FISTA,
 *    group LASSO, OMP and batch OMP, LARS, IHT, CoSaMP
 * ---------------------------------------------------------------------- */

/* Scratch layout: one sequence of sp__take calls both sizes a call (sc ==
 * NULL: the bytes are summed) and carves the arena, so the *_ws_bytes
 * queries are exact by construction. */
typedef struct {
    la__scratch *sc;
    size_t bytes;
    int fail;
} sp__ws;

LA__PRIV void *sp__take(sp__ws *w, size_t count, size_t size) {
    void *p;
    if (count == 0) count = 1;
    if (!w->sc) {
        w->bytes += la__round_up(count * size);
        return NULL;
    }
    p = la__scratch_alloc(w->sc, count * size);
    if (!p) w->fail = 1;
    return p;
}
#define SP__REALS(w, count) ((la_real *)sp__take((w), (size_t)(count), sizeof(la_real)))
#define SP__INTS(w, count) ((la_int *)sp__take((w), (size_t)(count), sizeof(la_int)))

/* Reserve room for a nested call that takes `bytes` (its own *_ws_bytes)
 * from the same arena after everything carved here. */
LA__PRIV void sp__reserve(sp__ws *w, size_t bytes) {
    if (!w->sc) w->bytes += bytes;
}

/* Start the scratch of a call laid out by `layout` run once to size it. */
LA__PRIV la_status sp__ws_begin(la__scratch *sc, la_arena *ws, size_t bytes, sp__ws *w) {
    la_status st = la__scratch_begin(sc, ws, bytes);
    w->sc = sc;
    w->bytes = 0;
    w->fail = 0;
    return st;
}

#if defined(NAN)
#define SP__NAN ((la_real)NAN)
#else
#define SP__NAN ((la_real)(0.0 / 0.0))
#endif

LA__PRIV la_real sp__sq(la_real x) { return x * x; }
LA__PRIV la_real sp__max(la_real a, la_real b) { return a > b ? a : b; }
LA__PRIV la_real sp__soft(la_real z, la_real t) {
    return z > t ? z - t : (z < -t ? z + t : 0);
}

/* A design X~ = (X - 1 center^T) diag(scale) over a dense row-major X or a
 * CSC matrix, read column by column. Dense columns are copied on first use
 * into a column-major cache (x~_j contiguous) when one is given. For a
 * CSC design with centering the centered column is never formed: a
 * residual kept by sp__col_axpy is the true one plus `shift` in every
 * entry, and sum_r tracks the sum of the stored entries. */
typedef struct {
    la_int m, n;
    la_mat X;              /* dense design (unused when A is set) */
    const sp_mat *A;       /* CSC design, or NULL */
    const la_real *center; /* column means subtracted, or NULL */
    const la_real *scale;  /* column factors, or NULL */
    const la_real *colsum; /* CSC with center: raw column sums */
    la_real *cache;        /* room for cap columns of m */
    la_int *slot;          /* n: cache slot of column j, -1 if none */
    la_int cap, used;
    la_real *tmp;          /* n scratch of the products */
} sp__design;

LA__PRIV la_real sp__dscale(const sp__design *D, la_int j) { return D->scale ? D->scale[j] : 1; }
LA__PRIV la_real sp__dcenter(const sp__design *D, la_int j) {
    return D->center ? D->center[j] : 0;
}

LA__PRIV void sp__design_init(sp__design *D, la_mat X, const sp_mat *A) {
    memset(D, 0, sizeof *D);
    D->X = X;
    D->A = A;
    D->m = A ? A->rows : X.rows;
    D->n = A ? A->cols : X.cols;
}

/* out[0..m) <- x~_j, read from the design (not the cache). */
LA__PRIV void sp__col_read(const sp__design *D, la_int j, la_real *out) {
    la_real d = sp__dscale(D, j), mu = sp__dcenter(D, j);
    la_int i, q;
    if (D->A) {
        for (i = 0; i < D->m; ++i) out[i] = -mu * d;
        for (q = D->A->ptr[j]; q < D->A->ptr[j + 1]; ++q) out[D->A->idx[q]] += d * D->A->val[q];
    } else {
        for (i = 0; i < D->m; ++i) out[i] = d * (LA_AT(D->X, i, j) - mu);
    }
}

/* The cached x~_j of a dense design (cached on first use), or NULL for a
 * CSC design or when the cache is full. */
LA__PRIV const la_real *sp__col_cached(sp__design *D, la_int j) {
    la_real *c;
    if (D->A || !D->cache) return NULL;
    if (D->slot[j] >= 0) return D->cache + (size_t)D->slot[j] * (size_t)D->m;
    if (D->used == D->cap) return NULL;
    c = D->cache + (size_t)D->used * (size_t)D->m;
    sp__col_read(D, j, c);
    D->slot[j] = D->used++;
    return c;
}

/* Cache the columns list[0..count) of a dense design that are not cached
 * yet, reading X row by row (one pass over the rows for all of them, far
 * fewer TLB and cache misses than column by column). */
LA__PRIV void sp__cache_cols(sp__design *D, const la_int *list, la_int count) {
    la_int t, i, fresh = 0, first = D->used;
    if (D->A || !D->cache) return;
    for (t = 0; t < count && D->used < D->cap; ++t)
        if (D->slot[list[t]] < 0) {
            D->slot[list[t]] = D->used++;
            ++fresh;
        }
    if (fresh == 0) return;
    for (i = 0; i < D->m; ++i) {
        const la_real *x = &LA_AT(D->X, i, 0);
        for (t = 0; t < count; ++t) {
            la_int j = list[t], s = D->slot[j];
            if (s >= first)
                D->cache[(size_t)s * (size_t)D->m + (size_t)i] = sp__dscale(D, j) * (x[j] - sp__dcenter(D, j));
        }
    }
}

/* x~_j^T r; sum_r = sum of r's entries (read for a centered CSC design). */
LA__PRIV la_real sp__col_dot(sp__design *D, la_int j, const la_real *r, la_real sum_r) {
    const la_real *c;
    if (D->A) {
        const la_int *idx = D->A->idx;
        const la_real *val = D->A->val;
        la_int q, end = D->A->ptr[j + 1];
        la_real s0 = 0, s1 = 0;
        for (q = D->A->ptr[j]; q + 1 < end; q += 2) {
            s0 += val[q] * r[idx[q]];
            s1 += val[q + 1] * r[idx[q + 1]];
        }
        if (q < end) s0 += val[q] * r[idx[q]];
        return sp__dscale(D, j) * (s0 + s1 - sp__dcenter(D, j) * sum_r);
    }
    if ((c = sp__col_cached(D, j)) != NULL) return la__dot_unit(D->m, c, r);
    {
        la_real d = sp__dscale(D, j), mu = sp__dcenter(D, j), s = 0, t = 0;
        la_int i;
        for (i = 0; i < D->m; ++i) {
            s += LA_AT(D->X, i, j) * r[i];
            t += r[i];
        }
        return d * (s - mu * t);
    }
}

/* r <- r + a x~_j. For a centered CSC design the constant part -a d mu is
 * added to *shift instead of every entry, and *sum_r follows the stored
 * entries; otherwise neither is touched. */
LA__PRIV void sp__col_axpy(sp__design *D, la_int j, la_real a, la_real *r, la_real *sum_r,
                           la_real *shift) {
    const la_real *c;
    la_real d = sp__dscale(D, j), mu = sp__dcenter(D, j);
    if (a == 0) return;
    if (D->A) {
        const la_int *idx = D->A->idx;
        const la_real *val = D->A->val;
        la_real t = a * d;
        la_int q;
        for (q = D->A->ptr[j]; q < D->A->ptr[j + 1]; ++q) r[idx[q]] += t * val[q];
        if (D->center) {
            *sum_r += t * D->colsum[j];
            *shift -= t * mu;
        }
        return;
    }
    if ((c = sp__col_cached(D, j)) != NULL) {
        la__axpy_unit(D->m, a, c, r);
    } else {
        la_int i;
        for (i = 0; i < D->m; ++i) r[i] += a * d * (LA_AT(D->X, i, j) - mu);
    }
}

/* out[0..m) <- X~ b (D->tmp holds scale .* b). */
LA__PRIV void sp__design_mv(sp__design *D, const la_real *b, la_real *out) {
    la_int j, i;
    la_real off = 0;
    if (D->m == 0) return;
    for (j = 0; j < D->n; ++j) {
        D->tmp[j] = sp__dscale(D, j) * b[j];
        off += sp__dcenter(D, j) * D->tmp[j];
    }
    if (D->A)
        sp_mv(LA_NOTRANS, 1, D->A, D->tmp, 0, out);
    else if (D->n > 0)
        la_gemv(LA_NOTRANS, 1, D->X, D->tmp, 0, out);
    else
        for (i = 0; i < D->m; ++i) out[i] = 0;
    if (off != 0)
        for (i = 0; i < D->m; ++i) out[i] -= off;
}

/* out[0..n) <- X~^T r = scale .* (X^T r - center sum(r)). */
LA__PRIV void sp__design_tmv(sp__design *D, const la_real *r, la_real *out) {
    la_int j, i;
    la_real sum = 0;
    if (D->n == 0) return;
    if (D->A)
        sp_mv(LA_TRANS, 1, D->A, r, 0, out);
    else if (D->m > 0)
        la_gemv(LA_TRANS, 1, D->X, r, 0, out);
    else
        for (j = 0; j < D->n; ++j) out[j] = 0;
    if (D->center)
        for (i = 0; i < D->m; ++i) sum += r[i];
    for (j = 0; j < D->n; ++j) out[j] = sp__dscale(D, j) * (out[j] - sp__dcenter(D, j) * sum);
}

/* Check a design, y (m entries) and, when need_coef, coef (n entries):
 * LA_ERR_ARG for NULL, a malformed view or header, or a CSR matrix. */
LA__PRIV la_status sp__design_check(la_mat X, const sp_mat *A, const la_real *y, const la_real *coef,
                                    int need_coef) {
    la_int m, n;
    if (A) {
        if (sp__check_header(A) != LA_OK || A->format != SP_CSC) return LA_ERR_ARG;
        m = A->rows;
        n = A->cols;
    } else {
        if (la_mat_check(X) != LA_OK) return LA_ERR_ARG;
        m = X.rows;
        n = X.cols;
    }
    if ((m > 0 && !y) || (need_coef && n > 0 && !coef)) return LA_ERR_ARG;
    return LA_OK;
}

/* 1 if the stored values of a design are finite. */
LA__PRIV int sp__design_finite(const sp__design *D) {
    if (D->A) return la_vec_isfinite(D->A->nnz, D->A->val);
    return la_mat_isfinite(D->X);
}

/* Column statistics of a design, one pass over it (plus one with
 * centering): center[j] = mean of column j (when center != NULL),
 * sq[j] = ||x~_j||^2 of the centered column before scaling, colsum[j] (CSC
 * only, may be NULL). Returns 0 if some value is not finite or a squared
 * norm overflows. */
LA__PRIV int sp__col_stats(const sp__design *D, la_real *center, la_real *colsum, la_real *sq) {
    la_int m = D->m, n = D->n, i, j, q;
    la_real s = 0;
    if (D->A) {
        for (j = 0; j < n; ++j) {
            la_real sum = 0, ss = 0, mu;
            for (q = D->A->ptr[j]; q < D->A->ptr[j + 1]; ++q) sum += D->A->val[q];
            mu = center && m > 0 ? sum / (la_real)m : 0;
            for (q = D->A->ptr[j]; q < D->A->ptr[j + 1]; ++q) ss += sp__sq(D->A->val[q] - mu);
            ss += (la_real)(m - (D->A->ptr[j + 1] - D->A->ptr[j])) * mu * mu;
            if (center) center[j] = mu;
            if (colsum) colsum[j] = sum;
            sq[j] = ss;
            s += ss * 0;
        }
        return s == 0;
    }
    for (j = 0; j < n; ++j) sq[j] = 0;
    if (center) {
        for (j = 0; j < n; ++j) center[j] = 0;
        for (i = 0; i < m; ++i) la__axpy_unit(n, 1, &LA_AT(D->X, i, 0), center);
        for (j = 0; j < n; ++j) center[j] /= (la_real)m;
        for (i = 0; i < m; ++i) {
            const la_real *x = &LA_AT(D->X, i, 0);
            for (j = 0; j < n; ++j) sq[j] += sp__sq(x[j] - center[j]);
        }
    } else {
        for (i = 0; i < m; ++i) {
            const la_real *x = &LA_AT(D->X, i, 0);
            for (j = 0; j < n; ++j) sq[j] += x[j] * x[j];
        }
    }
    for (j = 0; j < n; ++j) s += sq[j] * 0;
    return s == 0;
}

/* ---- Cholesky factor of a growing active set (OMP, LARS, unpenalized features) ---- */

/* Append row k to the k x k lower factor L (row-major, leading dimension
 * ld) of a Gram matrix: v (k entries) holds the new off-diagonal Gram
 * entries and is overwritten by w = L^{-1} v, the new row; gjj is the new
 * diagonal Gram entry. Returns 0 (and leaves L unchanged) when the new
 * column is dependent on the others to working precision: gjj - ||w||^2
 * <= 16 (k + 1) eps gjj. Cost k^2 flops (one triangular solve). */
LA__PRIV int sp__chol_append(la_real *L, la_int ld, la_int k, la_real *v, la_real gjj) {
    la_int i;
    la_real d2;
    if (k > 0) la_trsv(LA_LOWER, LA_NOTRANS, LA_NONUNIT, la_mat_ld(k, k, ld, L), v);
    d2 = gjj;
    for (i = 0; i < k; ++i) d2 -= v[i] * v[i];
    if (!(d2 > 16 * (la_real)(k + 1) * LA_EPS * gjj)) return 0;
    for (i = 0; i < k; ++i) L[(size_t)k * (size_t)ld + (size_t)i] = v[i];
    L[(size_t)k * (size_t)ld + (size_t)k] = LA_SQRT(d2);
    return 1;
}

/* Delete row and column p of the Gram matrix from its k x k lower factor
 * L: the rows below p move up and Givens rotations of neighbouring columns
 * restore the triangle (Golub and Van Loan, 4th ed., Sec. 6.5). Cost
 * O(k^2). */
LA__PRIV void sp__chol_delete(la_real *L, la_int ld, la_int k, la_int p) {
    la_int i, r;
    for (i = p; i + 1 < k; ++i)
        for (r = 0; r <= i + 1; ++r) L[(size_t)i * ld + r] = L[(size_t)(i + 1) * ld + r];
    for (i = p; i + 1 < k; ++i) {
        la_real a = L[(size_t)i * ld + i], b = L[(size_t)i * ld + i + 1], h = la__hypot(a, b), c, s;
        if (h == 0) continue;
        c = a / h;
        s = b / h;
        for (r = i; r + 1 < k; ++r) {
            la_real x = L[(size_t)r * ld + i], y = L[(size_t)r * ld + i + 1];
            L[(size_t)r * ld + i] = c * x + s * y;
            L[(size_t)r * ld + i + 1] = -s * x + c * y;
        }
        L[(size_t)i * ld + i + 1] = 0;
        if (L[(size_t)i * ld + i] < 0)
            for (r = i; r + 1 < k; ++r) L[(size_t)r * ld + i] = -L[(size_t)r * ld + i];
    }
}

/* x <- (L L^T)^{-1} x for the k x k factor (two triangular solves). */
LA__PRIV void sp__chol_solve_vec(const la_real *L, la_int ld, la_int k, la_real *x) {
    la_mat M;
    if (k == 0) return;
    M = la_mat_ld(k, k, ld, (la_real *)L);
    la_trsv(LA_LOWER, LA_NOTRANS, LA_NONUNIT, M, x);
    la_trsv(LA_LOWER, LA_TRANS, LA_NONUNIT, M, x);
}

/* The preprocessed problem every penalized solver works on: the design
 * with centering and scaling, the centered response, the squared column
 * norms of X~ and the penalty factors. */
typedef struct {
    sp__design D;
    la_real *center, *scale, *colsum;
    la_real *yc;      /* m: y - mean(y) with an intercept, else y */
    la_real ymean;    /* 0 without an intercept */
    la_real yy;       /* ||yc||^2 */
    la_real *v;       /* n: ||x~_j||^2 */
    const la_real *pf;
    int intercept, standardize;
    /* Unpenalized features: a basis U of their span with the Gram columns
       X~^T x~_u (n x nu, column k for U[k]), the Cholesky factor of G_UU
       and X~_U^T yc, to keep dual points feasible (X~_U^T theta = 0). */
    la_int nu, nu_cap;
    la_int *ulist;
    la_real *GU, *LU, *uy, *t, *gproj, *col;
} sp__prob;

LA__PRIV void sp__prob_layout(sp__ws *w, sp__prob *p, la_int m, la_int n, int csc, la_int nu) {
    p->center = SP__REALS(w, n);
    p->scale = SP__REALS(w, n);
    p->colsum = csc ? SP__REALS(w, n) : NULL;
    p->yc = SP__REALS(w, m);
    p->v = SP__REALS(w, n);
    p->D.tmp = SP__REALS(w, n);
    p->nu = 0;
    p->nu_cap = nu;
    p->ulist = NULL;
    p->GU = p->LU = p->uy = p->t = p->gproj = p->col = NULL;
    if (nu > 0) {
        p->ulist = SP__INTS(w, nu);
        p->GU = SP__REALS(w, (size_t)n * (size_t)nu);
        p->LU = SP__REALS(w, (size_t)nu * (size_t)nu);
        p->uy = SP__REALS(w, nu);
        p->t = SP__REALS(w, nu);
        p->gproj = SP__REALS(w, n);
        p->col = SP__REALS(w, m);
    }
}

/* Features with penalty factor 0 (what sp__prob_layout reserves for). */
LA__PRIV la_int sp__count_unpenalized(const la_real *pf, la_int n) {
    la_int j, c = 0;
    for (j = 0; pf && j < n; ++j) c += pf[j] == 0;
    return c;
}

/* Fill p from the design (already in p->D) and y: statistics, centering,
 * scaling, finiteness. Returns LA_ERR_NONFINITE for NaN/Inf in X or y. */
LA__PRIV la_status sp__prob_setup(sp__prob *p, const la_real *y, int intercept, int standardize,
                                  const la_real *pf) {
    sp__design *D = &p->D;
    la_int m = D->m, n = D->n, i, j;
    la_real sum = 0;
    p->intercept = intercept && m > 0;
    p->standardize = standardize;
    p->pf = pf;
    if (!la_vec_isfinite(m, y)) return LA_ERR_NONFINITE;
    if (D->A && !sp__design_finite(D)) return LA_ERR_NONFINITE;
    if (!sp__col_stats(D, p->intercept ? p->center : NULL, D->A ? p->colsum : NULL, p->v))
        return LA_ERR_NONFINITE;
    for (i = 0; i < m; ++i) sum += y[i];
    p->ymean = p->intercept ? sum / (la_real)m : 0;
    p->yy = 0;
    for (i = 0; i < m; ++i) {
        p->yc[i] = y[i] - p->ymean;
        p->yy += p->yc[i] * p->yc[i];
    }
    if (!(p->yy <= LA_REAL_MAX)) return LA_ERR_NONFINITE;
    for (j = 0; j < n; ++j) {
        la_real d = 1;
        if (standardize) d = p->v[j] > 0 ? LA_SQRT((la_real)m / p->v[j]) : 0;
        p->scale[j] = d;
        p->v[j] *= d * d;
    }
    D->center = p->intercept ? p->center : NULL;
    D->scale = standardize ? p->scale : NULL;
    D->colsum = D->A && p->intercept ? p->colsum : NULL;
    p->nu = 0;
    return LA_OK;
}

/* Set up the unpenalized features list[0..count) (at most nu_cap): their
 * Gram columns (one X^T x product each) and the Cholesky factor of their
 * Gram matrix, grown one row at a time; a column dependent on the others
 * is left out (the span is what matters). */
LA__PRIV void sp__prob_unpenalized(sp__prob *p, const la_int *list, la_int count) {
    sp__design *D = &p->D;
    la_int k, a, i, u;
    p->nu = 0;
    for (k = 0; k < count && p->nu < p->nu_cap; ++k) {
        la_real *gcol = p->GU + (size_t)p->nu * (size_t)D->n, s = 0;
        u = list[k];
        if (!(p->v[u] > 0)) continue;
        sp__col_read(D, u, p->col);
        sp__design_tmv(D, p->col, gcol);
        for (a = 0; a < p->nu; ++a) p->t[a] = gcol[p->ulist[a]];
        if (!sp__chol_append(p->LU, p->nu_cap, p->nu, p->t, gcol[u])) continue;
        for (i = 0; i < D->m; ++i) s += p->col[i] * p->yc[i];
        p->uy[p->nu] = s;
        p->ulist[p->nu++] = u;
    }
}

/* The unpenalized features given by zero penalty factors (listed in
 * ulist itself, which sp__prob_unpenalized compacts in place). */
LA__PRIV void sp__prob_unpenalized_pf(sp__prob *p) {
    la_int j, c = 0;
    for (j = 0; p->pf && j < p->D.n && c < p->nu_cap; ++j)
        if (p->pf[j] == 0) p->ulist[c++] = j;
    sp__prob_unpenalized(p, p->ulist, c);
}

/* Coefficients between the original scale and that of X~. */
LA__PRIV int sp__prob_to_internal(const sp__prob *p, const la_real *coef, la_real *b) {
    la_int j;
    if (!la_vec_isfinite(p->D.n, coef)) return 0;
    for (j = 0; j < p->D.n; ++j) b[j] = p->scale[j] != 0 ? coef[j] / p->scale[j] : 0;
    return 1;
}
LA__PRIV la_real sp__prob_to_original(const sp__prob *p, const la_real *b, la_real *coef) {
    la_int j;
    la_real b0 = p->ymean;
    for (j = 0; j < p->D.n; ++j) {
        coef[j] = p->scale[j] * b[j];
        if (p->intercept) b0 -= p->center[j] * coef[j];
    }
    return b0;
}

LA__PRIV la_int sp__count_nnz(la_int n, const la_real *b) {
    la_int j, c = 0;
    for (j = 0; j < n; ++j) c += b[j] != 0;
    return c;
}

LA__PRIV void sp__info_set(sp_info *info, la_status st, const char *reason, int iters, la_real gap,
                           la_real gap_tol, la_int nnz, la_real b0, la_real obj) {
    if (!info) return;
    info->status = st;
    info->reason = reason;
    info->iterations = iters;
    info->gap = gap;
    info->gap_tol = gap_tol;
    info->nnz = nnz;
    info->intercept = b0;
    info->objective = obj;
}

/* Check the options of the LASSO family and the penalty factors. */
LA__PRIV la_status sp__opts_check(const sp_lasso_opts *o, la_int n) {
    la_int j;
    if (!o) return LA_OK;
    if (!(o->tol >= 0) || o->max_iter < 0 || o->n_lambda < 0 || !(o->eps >= 0) || o->eps >= 1 ||
        o->n_folds < 0 || !(o->gamma >= 0))
        return LA_ERR_ARG;
    if (o->mode != SP_CD_AUTO && o->mode != SP_CD_NAIVE && o->mode != SP_CD_COVARIANCE)
        return LA_ERR_ARG;
    if (o->penalty != SP_PENALTY_L1 && o->penalty != SP_PENALTY_MCP && o->penalty != SP_PENALTY_SCAD)
        return LA_ERR_ARG;
    if (o->penalty_factor)
        for (j = 0; j < n; ++j)
            if (!(o->penalty_factor[j] >= 0) || !(o->penalty_factor[j] <= LA_REAL_MAX))
                return LA_ERR_ARG;
    return LA_OK;
}

LA__PRIV la_real sp__opt_tol(const sp_lasso_opts *o) { return o && o->tol > 0 ? o->tol : (la_real)1e-4; }
LA__PRIV int sp__opt_max_iter(const sp_lasso_opts *o) { return o && o->max_iter > 0 ? o->max_iter : 1000; }

/* Keep in list[0..count) the min(keep, count) entries of largest
 * key[list[i]] (ties broken by position), in their order; tmp has count
 * entries. Returns the new count. Selection by quickselect (sp__kth). */
LA__PRIV la_int sp__keep_largest(la_int *list, la_int count, la_int keep, const la_real *key,
                                 la_real *tmp) {
    la_int i, w = 0, ties;
    la_real t;
    if (count <= keep) return count;
    if (keep <= 0) return 0;
    for (i = 0; i < count; ++i) tmp[i] = -key[list[i]];
    t = -sp__kth(tmp, (size_t)count, (size_t)(keep - 1));
    for (i = 0; i < count; ++i) w += key[list[i]] > t;
    ties = keep - w;
    for (i = 0, w = 0; i < count; ++i)
        if (key[list[i]] > t || (key[list[i]] == t && ties-- > 0)) list[w++] = list[i];
    return w;
}

/* ---- coordinate descent (LASSO, elastic net, MCP, SCAD) ---- */

#define SP__OUT 0      /* outside the working set */
#define SP__WORK 1     /* in the working set */
#define SP__SCREENED 2 /* discarded by gap-safe screening for this lambda */
#define SP__WORK_MIN 100 /* least size of a working set that is capped */
/* The fraction of the last full duality gap to which a working set's
 * restricted problem is solved (Celer's 0.3). */
#define SP__INNER_GAP ((la_real)0.3)
#define SP__AA_K 5       /* passes between Anderson extrapolations */

typedef struct {
    sp__prob *p;
    la_int m, n;
    la_real *b;      /* n: coefficients of X~ */
    la_real *r;      /* m (naive): the residual (plus shift, see sp__design) */
    la_real sum_r, shift;
    la_real *g;      /* n: x~_j^T rho, current after each check (always with cov) */
    la_real *xty;    /* n (cov): X~^T yc */
    la_real *gram;   /* cov: Gram columns X~^T x~_j, n each, by slot */
    la_int *gslot;   /* n (cov): slot of j's Gram column, -1 if none */
    la_int gused;
    la_real *col;    /* m scratch */
    la_int *state;   /* n: SP__OUT, SP__WORK, SP__SCREENED */
    la_int *work;    /* the working set, nwork entries */
    la_int nwork;
    la_int *act;     /* n scratch: active list, candidates */
    la_real *key;    /* n scratch: selection keys */
    la_real *tmp;    /* n scratch */
    int cov, positive, screening, has_unpenalized;
    sp_penalty pen;
    la_real gamma;
    int iters, max_iter;
    la_real *hist;   /* (SP__AA_K + 1) n: iterates of the cycled list (Anderson) */
    la_real *save;   /* m (naive) or n (cov): the residual or gradient before
                        an extrapolation, restored if it is refused */
    int extrapolations, accepted; /* Anderson steps tried and kept */
} sp__cd;

LA__PRIV int sp__cd_covariance(la_int m, la_int n, const sp_lasso_opts *o) {
    sp_cd_mode mode = o ? o->mode : SP_CD_AUTO;
    return mode == SP_CD_COVARIANCE || (mode == SP_CD_AUTO && m > n);
}

LA__PRIV void sp__cd_layout(sp__ws *w, sp__cd *s, la_int m, la_int n, int csc, int cov) {
    s->b = SP__REALS(w, n);
    s->g = SP__REALS(w, n);
    s->state = SP__INTS(w, n);
    s->work = SP__INTS(w, n);
    s->act = SP__INTS(w, n);
    s->key = SP__REALS(w, n);
    s->tmp = SP__REALS(w, n);
    s->col = SP__REALS(w, m);
    s->hist = SP__REALS(w, (size_t)(SP__AA_K + 1) * (size_t)n);
    s->save = SP__REALS(w, cov ? n : m);
    s->r = NULL;
    s->xty = s->gram = NULL;
    s->gslot = NULL;
    s->cov = cov;
    if (cov) {
        s->xty = SP__REALS(w, n);
        s->gslot = SP__INTS(w, n);
        s->gram = SP__REALS(w, (size_t)n * (size_t)n);
    } else {
        s->r = SP__REALS(w, m);
        if (!csc) {
            s->p->D.cache = SP__REALS(w, (size_t)m * (size_t)n);
            s->p->D.slot = SP__INTS(w, n);
        }
    }
}

LA__PRIV la_real sp__cd_pf(const sp__cd *s, la_int j) { return s->p->pf ? s->p->pf[j] : 1; }

/* Start the state at b (already in s->b): residual and gradient. */
LA__PRIV void sp__cd_start(sp__cd *s) {
    sp__prob *p = s->p;
    la_int i, j;
    s->iters = 0;
    s->extrapolations = s->accepted = 0;
    s->sum_r = s->shift = 0;
    s->gused = 0;
    s->has_unpenalized = 0;
    for (j = 0; j < s->n; ++j) {
        s->state[j] = SP__OUT;
        if (sp__cd_pf(s, j) == 0) s->has_unpenalized = 1;
    }
    if (!s->cov && p->D.slot) {
        p->D.cap = s->n;
        p->D.used = 0;
        for (j = 0; j < s->n; ++j) p->D.slot[j] = -1;
    }
    /* rho = yc - X~ b */
    sp__design_mv(&p->D, s->b, s->col);
    for (i = 0; i < s->m; ++i) s->col[i] = p->yc[i] - s->col[i];
    sp__design_tmv(&p->D, s->col, s->g);
    sp__prob_unpenalized_pf(p);
    if (s->cov) {
        sp__design_tmv(&p->D, p->yc, s->xty);
        for (j = 0; j < s->n; ++j) s->gslot[j] = -1;
    } else {
        for (i = 0; i < s->m; ++i) s->r[i] = s->col[i];
        for (i = 0; i < s->m; ++i) s->sum_r += s->r[i];
    }
}

/* The Gram column X~^T x~_j (computed on first use). */
LA__PRIV const la_real *sp__cd_gram_col(sp__cd *s, la_int j) {
    if (s->gslot[j] < 0) {
        sp__col_read(&s->p->D, j, s->col);
        sp__design_tmv(&s->p->D, s->col, s->gram + (size_t)s->gused * (size_t)s->n);
        s->gslot[j] = s->gused++;
    }
    return s->gram + (size_t)s->gslot[j] * (size_t)s->n;
}

/* The nonconvex penalty p(t), t >= 0. */
LA__PRIV la_real sp__ncv_penalty(sp_penalty pen, la_real lam, la_real gam, la_real t) {
    if (pen == SP_PENALTY_MCP) return t <= gam * lam ? lam * t - t * t / (2 * gam) : gam * lam * lam / 2;
    if (t <= lam) return lam * t;
    if (t <= gam * lam) return (2 * gam * lam * t - t * t - lam * lam) / (2 * (gam - 1));
    return lam * lam * (gam + 1) / 2;
}

/* argmin over b of a b^2 / 2 - z b + p(|b|) (a > 0; b >= 0 when positive):
 * the objective is quadratic on each piece of p, so each piece's minimizer
 * (clamped to the piece) is a candidate and the best is kept. */
LA__PRIV la_real sp__ncv_argmin(sp_penalty pen, la_real z, la_real a, la_real lam, la_real gam,
                                int positive) {
    la_real t = LA_FABS(z), knot[4], best = 0, fbest = 0;
    la_real curv[3], lin[3];
    int pieces, k;
    if (positive && z <= 0) return 0;
    knot[0] = 0;
    if (pen == SP_PENALTY_MCP) {
        pieces = 2;
        knot[1] = gam * lam;
        curv[0] = a - 1 / gam;
        lin[0] = lam - t;
        curv[1] = a;
        lin[1] = -t;
    } else {
        pieces = 3;
        knot[1] = lam;
        knot[2] = gam * lam;
        curv[0] = a;
        lin[0] = lam - t;
        curv[1] = a - 1 / (gam - 1);
        lin[1] = gam * lam / (gam - 1) - t;
        curv[2] = a;
        lin[2] = -t;
    }
    knot[pieces] = LA_REAL_MAX;
    for (k = 0; k < pieces; ++k) {
        la_real cand[3], lo = knot[k], hi = knot[k + 1];
        int c, nc = 0;
        cand[nc++] = lo;
        if (k + 1 < pieces) cand[nc++] = hi;
        if (curv[k] > 0) {
            la_real bs = -lin[k] / curv[k];
            cand[nc++] = bs < lo ? lo : (bs > hi ? hi : bs);
        }
        for (c = 0; c < nc; ++c) {
            la_real f = a * cand[c] * cand[c] / 2 - t * cand[c] + sp__ncv_penalty(pen, lam, gam, cand[c]);
            if (f < fbest) {
                fbest = f;
                best = cand[c];
            }
        }
    }
    return z < 0 ? -best : best;
}

/* Minimize over coordinate j exactly; returns v_j (change)^2, the squared
 * change of the fitted values. L1, L2: the l1 and l2 weights of the
 * m-scaled objective (m lambda l1_ratio, m lambda (1 - l1_ratio)). */
LA__PRIV la_real sp__cd_update(sp__cd *s, la_int j, la_real lambda, la_real L1, la_real L2) {
    sp__prob *p = s->p;
    la_real vj = p->v[j], bj = s->b[j], w = sp__cd_pf(s, j), z, bn, d;
    if (vj > 0) {
        z = (s->cov ? s->g[j] : sp__col_dot(&p->D, j, s->r, s->sum_r)) + vj * bj;
        if (s->pen == SP_PENALTY_L1) {
            la_real t = s->positive ? (z > L1 * w ? z - L1 * w : 0) : sp__soft(z, L1 * w);
            bn = t / (vj + L2 * w);
        } else {
            la_real mm = (la_real)s->m;
            bn = sp__ncv_argmin(s->pen, z / mm, vj / mm, lambda * w, s->gamma, s->positive);
        }
    } else {
        bn = 0; /* a zero column: the penalty alone decides */
    }
    d = bn - bj;
    if (d == 0) return 0;
    s->b[j] = bn;
    if (vj == 0) return 0;
    if (s->cov)
        la__axpy_unit(s->n, -d, sp__cd_gram_col(s, j), s->g);
    else
        sp__col_axpy(&p->D, j, -d, s->r, &s->sum_r, &s->shift);
    return vj * d * d;
}

LA__PRIV la_real sp__cd_pass(sp__cd *s, const la_int *list, la_int len, la_real lambda, la_real L1,
                             la_real L2) {
    la_real dmax = 0;
    la_int k;
    for (k = 0; k < len; ++k) {
        la_real d = sp__cd_update(s, list[k], lambda, L1, L2);
        if (d > dmax) dmax = d;
    }
    ++s->iters;
    return dmax;
}

/* Anderson acceleration of coordinate descent (Bertrand and Massias 2021,
 * "Anderson acceleration of coordinate descent", AISTATS; the device of
 * the celer and skglm solvers). Every SP__AA_K passes over a fixed list of
 * coordinates, the last K + 1 iterates x_0..x_K (restricted to the list)
 * give the differences U = [x_1 - x_0, ..., x_K - x_{K-1}]; the weights
 * c = z / (1^T z), (U^T U + delta I) z = 1 (delta = 1e-3 tr(U^T U): the
 * regularized Anderson step of Scieur, d'Aspremont and Bach 2016; a K x K
 * Cholesky factorization), define the extrapolated point
 * sum_k c_k x_k. It is kept only if it lowers the primal objective,
 * whose change is computed exactly from the old and new residual (naive:
 * (rho_new - rho_old)'(rho_new + rho_old) / 2) or gradient (covariance:
 * -d'(g_old + g_new) / 2 for the step d) plus the penalty change, with no
 * cancellation against ||y||^2; otherwise the coordinate-descent iterate
 * stays. Cost per extrapolation: K^2 |list| / 2 for U^T U, the residual
 * update of the step (2 m |list| naive, n |list| covariance) and O(m).
 * Convex penalties without the sign constraint only; the stopping rule is
 * untouched (it tests whatever iterate is current). */
LA__PRIV void sp__cd_record(sp__cd *s, const la_int *list, la_int len, int slot) {
    la_real *x = s->hist + (size_t)slot * (size_t)len;
    la_int k;
    for (k = 0; k < len; ++k) x[k] = s->b[list[k]];
}

/* The penalty of coordinates list[0..len) at b (m-scaled units). */
LA__PRIV la_real sp__cd_list_penalty(const sp__cd *s, const la_int *list, la_int len,
                                     const la_real *b, int packed, la_real L1, la_real L2) {
    la_real pen = 0;
    la_int k;
    for (k = 0; k < len; ++k) {
        la_real w = sp__cd_pf(s, list[k]), bj = packed ? b[k] : b[list[k]];
        pen += w * (L1 * LA_FABS(bj) + L2 * bj * bj / 2);
    }
    return pen;
}

/* One Anderson step from the iterates in s->hist (slots 0..SP__AA_K, the
 * last one current); returns 1 when the extrapolated point was kept. */
LA__PRIV int sp__cd_extrapolate(sp__cd *s, const la_int *list, la_int len, la_real L1,
                                la_real L2) {
    sp__prob *p = s->p;
    la_real G[SP__AA_K * SP__AA_K], L[SP__AA_K * SP__AA_K], z[SP__AA_K], v[SP__AA_K];
    la_real tr = 0, sz = 0, delta, df = 0, shift0 = s->shift, sum0 = s->sum_r;
    const la_real *xk = s->hist + (size_t)SP__AA_K * (size_t)len;
    la_int a, c, k, i, nn = s->cov ? s->n : s->m;
    ++s->extrapolations;
    for (a = 0; a < SP__AA_K; ++a)
        for (c = 0; c <= a; ++c) {
            const la_real *xa = s->hist + (size_t)a * (size_t)len, *xa1 = xa + len;
            const la_real *xc = s->hist + (size_t)c * (size_t)len, *xc1 = xc + len;
            la_real t = 0;
            for (k = 0; k < len; ++k) t += (xa1[k] - xa[k]) * (xc1[k] - xc[k]);
            G[a * SP__AA_K + c] = G[c * SP__AA_K + a] = t;
        }
    for (a = 0; a < SP__AA_K; ++a) tr += G[a * SP__AA_K + a];
    if (!(tr > 0) || !(tr <= LA_REAL_MAX)) return 0;
    delta = (la_real)1e-3 * tr;
    for (a = 0; a < SP__AA_K; ++a) {
        for (c = 0; c < a; ++c) v[c] = G[a * SP__AA_K + c];
        if (!sp__chol_append(L, SP__AA_K, a, v, G[a * SP__AA_K + a] + delta)) return 0;
    }
    for (a = 0; a < SP__AA_K; ++a) z[a] = 1;
    sp__chol_solve_vec(L, SP__AA_K, SP__AA_K, z);
    for (a = 0; a < SP__AA_K; ++a) sz += z[a];
    if (!(LA_FABS(sz) > 0) || !(LA_FABS(sz) <= LA_REAL_MAX)) return 0;
    /* the step d = x_e - x_K, applied to b and the residual or gradient */
    for (i = 0; i < nn; ++i) s->save[i] = s->cov ? s->g[i] : s->r[i];
    df = -sp__cd_list_penalty(s, list, len, xk, 1, L1, L2);
    for (k = 0; k < len; ++k) {
        la_int j = list[k];
        la_real xe = 0, d;
        for (a = 0; a < SP__AA_K; ++a) xe += z[a] / sz * s->hist[(size_t)(a + 1) * (size_t)len + k];
        if (p->v[j] == 0) xe = 0;
        d = xe - xk[k];
        s->b[j] = xe;
        if (d == 0) continue;
        if (s->cov)
            la__axpy_unit(s->n, -d, sp__cd_gram_col(s, j), s->g);
        else
            sp__col_axpy(&p->D, j, -d, s->r, &s->sum_r, &s->shift);
    }
    df += sp__cd_list_penalty(s, list, len, s->b, 0, L1, L2);
    if (s->cov) {
        for (k = 0; k < len; ++k) {
            la_int j = list[k];
            df -= (s->b[j] - xk[k]) * (s->save[j] + s->g[j]) / 2;
        }
    } else {
        for (i = 0; i < s->m; ++i) {
            la_real tn = s->r[i] + s->shift, to = s->save[i] + shift0;
            df += (tn - to) * (tn + to) / 2;
        }
    }
    if (df < 0) {
        ++s->accepted;
        return 1;
    }
    for (k = 0; k < len; ++k) s->b[list[k]] = xk[k];
    for (i = 0; i < nn; ++i) {
        if (s->cov)
            s->g[i] = s->save[i];
        else
            s->r[i] = s->save[i];
    }
    s->shift = shift0;
    s->sum_r = sum0;
    return 0;
}

/* Passes over list[0..len) until the largest change v_j d^2 is <= thr (or
 * max_iter), Anderson-accelerated where it applies; returns that change. */
LA__PRIV la_real sp__cd_cycle(sp__cd *s, const la_int *list, la_int len, la_real lambda,
                              la_real L1, la_real L2, la_real thr) {
    la_real dmax = 0;
    int h = 0, aa = s->pen == SP_PENALTY_L1 && !s->positive && len > 0;
    if (aa) sp__cd_record(s, list, len, 0);
    while (s->iters < s->max_iter) {
        dmax = sp__cd_pass(s, list, len, lambda, L1, L2);
        if (dmax <= thr || !aa) {
            if (dmax <= thr) break;
            continue;
        }
        sp__cd_record(s, list, len, ++h);
        if (h == SP__AA_K) {
            sp__cd_extrapolate(s, list, len, L1, L2);
            h = 0;
            sp__cd_record(s, list, len, 0);
        }
    }
    return dmax;
}

/* rho'rho and rho'yc of the true residual (naive mode). */
LA__PRIV void sp__cd_resid_dots(const sp__cd *s, la_real *rr, la_real *ry) {
    la_int i;
    la_real a = 0, c = 0;
    for (i = 0; i < s->m; ++i) {
        la_real t = s->r[i] + s->shift;
        a += t * t;
        c += t * s->p->yc[i];
    }
    *rr = a;
    *ry = c;
}

/* rho'rho and rho'yc of the true residual, and the gradient g (naive:
 * recomputed; cov: kept). */
LA__PRIV void sp__cd_refresh(sp__cd *s, la_real *rr, la_real *ry) {
    sp__prob *p = s->p;
    la_int j;
    if (s->cov) {
        la_real bxy = 0, bg = 0;
        for (j = 0; j < s->n; ++j) {
            bxy += s->b[j] * s->xty[j];
            bg += s->b[j] * s->g[j];
        }
        *ry = p->yy - bxy;
        *rr = sp__max(p->yy - bxy - bg, 0);
        return;
    }
    sp__design_tmv(&p->D, s->r, s->g);
    sp__cd_resid_dots(s, rr, ry);
}

/* In covariance mode: recompute the residual, the gradient and both dot
 * products exactly from b (the kept ones lose accuracy by cancellation
 * when ||rho|| << ||y||). */
LA__PRIV void sp__cd_exact(sp__cd *s, la_real *rr, la_real *ry) {
    sp__prob *p = s->p;
    la_int i;
    la_real a = 0, c = 0;
    sp__design_mv(&p->D, s->b, s->col);
    for (i = 0; i < s->m; ++i) {
        s->col[i] = p->yc[i] - s->col[i];
        a += s->col[i] * s->col[i];
        c += s->col[i] * p->yc[i];
    }
    sp__design_tmv(&p->D, s->col, s->g);
    *rr = a;
    *ry = c;
}

/* The residual's part orthogonal to the unpenalized features, rho' = rho -
 * X~_U t with t = G_UU^{-1} g_U: returns X~^T rho' over list[0..n) (list
 * NULL: all; g itself when there are none) and turns *rr, *ry into
 * ||rho'||^2 and rho''yc. O(n nu + nu^2). */
LA__PRIV const la_real *sp__prob_project(sp__prob *p, la_int n, const la_int *list,
                                         const la_real *g, la_real *rr, la_real *ry) {
    la_int k, a;
    if (p->nu == 0) return g;
    for (a = 0; a < p->nu; ++a) p->t[a] = g[p->ulist[a]];
    sp__chol_solve_vec(p->LU, p->nu_cap, p->nu, p->t);
    for (a = 0; a < p->nu; ++a) {
        *rr -= p->t[a] * g[p->ulist[a]];
        *ry -= p->t[a] * p->uy[a];
    }
    if (*rr < 0) *rr = 0;
    for (k = 0; k < n; ++k) {
        la_int j = list ? list[k] : k;
        la_real s = g[j];
        for (a = 0; a < p->nu; ++a) s -= p->GU[(size_t)a * (size_t)p->D.n + (size_t)j] * p->t[a];
        p->gproj[j] = s;
    }
    return p->gproj;
}

/* Duality gaps of the m-scaled elastic net at b, from g = X~^T rho, rr =
 * ||rho||^2, ry = rho'yc, over the features list[0..n) (list NULL: 0..n-1;
 * a sublist gives the gap of the problem restricted to it, which must hold
 * the unpenalized features). With unpenalized features the dual point is
 * built from rho' = rho - X~_U G_UU^{-1} X~_U^T rho, the part of rho
 * orthogonal to them, so that it stays feasible: X~^T rho' = g - G_{:,U} t,
 * ||rho'||^2 = rr - t'g_U, rho''yc = ry - t'X~_U^T yc, t = G_UU^{-1} g_U.
 * `scaled` uses c rho' with c the largest scaling feasible for the LASSO
 * on augmented data (scikit-learn's formula, extended to penalty factors,
 * positivity and unpenalized features: the gap gap-safe screening needs);
 * when L2 > 0 the Fenchel gap at rho' itself (the ridge term makes it
 * feasible) is the other candidate; `gap` is the smaller. `gd` points to
 * X~^T rho' (g itself without unpenalized features). */
typedef struct {
    la_real gap, scaled, c, primal;
    const la_real *gd;
} sp__gap;

LA__PRIV sp__gap sp__enet_gap(sp__prob *p, la_int n, const la_int *list, const la_real *b,
                              const la_real *g, int positive, la_real L1, la_real L2, la_real rr,
                              la_real ry) {
    sp__gap G;
    const la_real *pf = p->pf;
    la_real dual = 0, l1n = 0, l2n = 0, conj = 0, c, rr2 = rr, ry2 = ry;
    la_int k;
    G.gd = sp__prob_project(p, n, list, g, &rr2, &ry2);
    for (k = 0; k < n; ++k) {
        la_int j = list ? list[k] : k;
        la_real w = pf ? pf[j] : 1, bj = b[j], t;
        l1n += w * LA_FABS(bj);
        l2n += w * bj * bj;
        if (w == 0) continue;
        t = G.gd[j] - L2 * w * bj;
        t = positive ? t : LA_FABS(t);
        if (t / w > dual) dual = t / w;
        if (L2 > 0) {
            la_real e = (positive ? G.gd[j] : LA_FABS(G.gd[j])) - L1 * w;
            if (e > 0) conj += e * e / (2 * L2 * w);
        }
    }
    c = dual > L1 ? L1 / dual : 1;
    G.c = c;
    G.primal = rr / 2 + L1 * l1n + L2 * l2n / 2;
    G.scaled = rr / 2 + c * c * rr2 / 2 - c * ry2 + L1 * l1n + L2 * (1 + c * c) * l2n / 2;
    G.gap = G.scaled;
    if (L2 > 0) {
        la_real fenchel = rr / 2 + rr2 / 2 - ry2 + L1 * l1n + L2 * l2n / 2 + conj;
        if (fenchel < G.gap) G.gap = fenchel;
    }
    if (G.gap < 0) G.gap = 0;
    if (G.scaled < 0) G.scaled = 0;
    return G;
}

/* The gap of the problem restricted to the working set (naive mode): its
 * gradient entries by column dot products, |W| m flops. */
LA__PRIV la_real sp__cd_work_gap(sp__cd *s, la_real L1, la_real L2) {
    la_real rr, ry;
    la_int k;
    sp__gap G;
    for (k = 0; k < s->nwork; ++k) {
        la_int j = s->work[k];
        s->g[j] = sp__col_dot(&s->p->D, j, s->r, s->sum_r);
    }
    sp__cd_resid_dots(s, &rr, &ry);
    G = sp__enet_gap(s->p, s->nwork, s->work, s->b, s->g, s->positive, L1, L2, rr, ry);
    return G.gap;
}

/* Gap-safe screening (Fercoq, Gramfort and Salmon 2015; Ndiaye et al.
 * 2017, the elastic net as a LASSO on augmented data): with the dual point
 * theta = c rho' / L1 of sp__enet_gap and radius R = sqrt(2 gap) / L1, a feature with
 * |x_j^T theta| + R ||x_j|| < w_j has coefficient 0 at the optimum. Such
 * features that are zero now leave the working set for this lambda.
 * Returns how many were screened. */
LA__PRIV la_int sp__cd_screen(sp__cd *s, la_real L1, la_real L2, const sp__gap *G) {
    la_real R = LA_SQRT(2 * G->scaled) / L1;
    la_int j, k, w = 0, count = 0;
    for (j = 0; j < s->n; ++j) {
        la_real wj = sp__cd_pf(s, j), t;
        if (s->state[j] == SP__SCREENED || s->b[j] != 0 || wj == 0) continue;
        t = G->c * G->gd[j] / L1;
        t = s->positive ? t : LA_FABS(t);
        if (t + R * LA_SQRT(s->p->v[j] + L2 * wj) < wj) {
            s->state[j] = SP__SCREENED;
            ++count;
        }
    }
    for (k = 0; k < s->nwork; ++k)
        if (s->state[s->work[k]] == SP__WORK) s->work[w++] = s->work[k];
    s->nwork = w;
    return count;
}

/* Add to the working set those of list[0..count) with the `keep` largest
 * key (the normalized violation |g_j| / w_j). */
LA__PRIV void sp__cd_admit(sp__cd *s, la_int count, la_int keep) {
    la_int k;
    count = sp__keep_largest(s->act, count, keep, s->key, s->tmp);
    for (k = 0; k < count; ++k) {
        s->state[s->act[k]] = SP__WORK;
        s->work[s->nwork++] = s->act[k];
    }
    if (!s->cov) sp__cache_cols(&s->p->D, s->act, count);
}

/* |g_j| / w_j above `level`, the KKT (or strong rule) test for a zero
 * coefficient: candidates into s->act with keys; returns their count. */
LA__PRIV la_int sp__cd_violators(sp__cd *s, la_real level) {
    la_int j, count = 0;
    for (j = 0; j < s->n; ++j) {
        la_real w = sp__cd_pf(s, j), t;
        if (s->state[j] != SP__OUT) continue;
        t = s->positive ? s->g[j] : LA_FABS(s->g[j]);
        if (t > level * w) {
            s->key[j] = w > 0 ? t / w : LA_REAL_MAX;
            s->act[count++] = j;
        }
    }
    return count;
}

/* Passes over the unpenalized features alone until they settle (the fit
 * that lambda_max and the first working set start from). */
LA__PRIV void sp__cd_fit_unpenalized(sp__cd *s, la_real thr) {
    la_int j, count = 0, k;
    for (j = 0; j < s->n; ++j)
        if (sp__cd_pf(s, j) == 0) s->act[count++] = j;
    for (k = 0; count > 0 && k < s->max_iter; ++k)
        if (sp__cd_pass(s, s->act, count, 0, 0, 0) <= thr) break;
}

/* lambda_max of the current gradient: the least lambda at which b = 0 (for
 * the penalized features) satisfies the KKT conditions. */
LA__PRIV la_real sp__cd_lambda_max(const sp__cd *s, la_real alpha) {
    la_real best = 0;
    la_int j;
    for (j = 0; j < s->n; ++j) {
        la_real w = sp__cd_pf(s, j), t = s->positive ? s->g[j] : LA_FABS(s->g[j]);
        if (w > 0 && t / w > best) best = t / w;
    }
    if (alpha < (la_real)1e-3) alpha = (la_real)1e-3;
    return s->m > 0 ? best / ((la_real)s->m * alpha) : 0;
}

/* Solve for one lambda from the current state (g current), lambda_prev the
 * previous lambda of a path (or lambda_max for a single solve, single
 * nonzero): working set from the strong rule, capped; inner passes with
 * active-set cycling to the threshold thr, the restricted problem solved
 * only to a fraction of the last full gap (Massias, Gramfort and Salmon
 * 2018, Celer: an early working set misses features, and solving it to
 * the final tolerance is wasted; on a design with neighbour correlation
 * 0.95 this takes 4x fewer passes, on pure noise 3x less time). A path
 * step, warm-started from the previous lambda, starts with the working set
 * solved to half the tolerance instead (its working set is nearly right,
 * and each extra full check costs a pass over X); then a KKT check of all
 * features, the gap test, admission of violators (thr reset for the new
 * restricted problem), screening, and a tighter threshold when nothing was
 * admitted. *gap_out receives the final gap (m-scaled; NaN for the
 * nonconvex penalties). */
LA__PRIV la_status sp__cd_solve(sp__cd *s, la_real lambda, la_real alpha, la_real lambda_prev,
                                int single, la_real tol, la_real *gap_out, la_real *primal_out,
                                const char **reason) {
    la_int n = s->n, j, k;
    la_real mm = (la_real)s->m, L1 = mm * lambda * alpha, L2 = mm * lambda * (1 - alpha);
    la_real gap_tol = tol * s->p->yy, thr = gap_tol, rr, ry, outer_gap = single ? LA_REAL_MAX : 0;
    int convex = s->pen == SP_PENALTY_L1, everything = (s->screening & SP_NO_ACTIVE_SET) != 0;
    la_int count;
    *gap_out = SP__NAN;
    *primal_out = SP__NAN;
    /* the working set */
    s->nwork = 0;
    for (j = 0; j < n; ++j) {
        s->state[j] = SP__OUT;
        if (everything || s->b[j] != 0 || sp__cd_pf(s, j) == 0) {
            s->state[j] = SP__WORK;
            s->work[s->nwork++] = j;
        }
    }
    {
        la_real level = (s->screening & SP_NO_STRONG_RULES) ? 0 : mm * alpha * (2 * lambda - lambda_prev);
        count = sp__cd_violators(s, level > 0 ? level : 0);
        sp__cd_admit(s, count, s->nwork > SP__WORK_MIN ? s->nwork : SP__WORK_MIN);
    }
    for (;;) {
        la_real dmax = 0;
        sp__gap G = {0, 0, 1, 0, NULL};
        /* converge on the working set, cycling on its nonzero part; in
           naive mode until the restricted problem's gap is below
           SP__INNER_GAP times the last full gap (or half the tolerance, so
           that the last full check, a pass over X, mostly passes) */
        while (s->iters < s->max_iter) {
            dmax = sp__cd_pass(s, s->work, s->nwork, lambda, L1, L2);
            if (dmax <= thr) {
                if (!convex || s->cov || everything || s->iters >= s->max_iter ||
                    sp__cd_work_gap(s, L1, L2) <= LA__MAX(gap_tol / 2, SP__INNER_GAP * outer_gap))
                    break;
                thr *= (la_real)0.1;
                continue;
            }
            if (s->iters >= s->max_iter) break;
            if (!everything) {
                la_int na = 0;
                for (k = 0; k < s->nwork; ++k)
                    if (s->b[s->work[k]] != 0) s->act[na++] = s->work[k];
                sp__cd_cycle(s, s->act, na, lambda, L1, L2, thr);
            }
        }
        /* check everything */
        sp__cd_refresh(s, &rr, &ry);
        if (convex) {
            G = sp__enet_gap(s->p, s->n, NULL, s->b, s->g, s->positive, L1, L2, rr, ry);
            if (G.gap <= gap_tol && s->cov) {
                sp__cd_exact(s, &rr, &ry);
                G = sp__enet_gap(s->p, s->n, NULL, s->b, s->g, s->positive, L1, L2, rr, ry);
            }
            *gap_out = G.gap;
            *primal_out = G.primal;
            outer_gap = G.gap;
            if (G.gap <= gap_tol) {
                *reason = "duality gap <= tol";
                return LA_OK;
            }
        } else {
            la_real l1n = 0;
            for (j = 0; j < n; ++j)
                l1n += sp__ncv_penalty(s->pen, lambda * sp__cd_pf(s, j), s->gamma, LA_FABS(s->b[j]));
            *primal_out = rr / 2 + mm * l1n;
        }
        count = everything ? 0 : sp__cd_violators(s, L1);
        if (!convex && count == 0 && dmax <= thr) {
            *reason = "coordinate changes <= tol and no KKT violation";
            return LA_OK;
        }
        if (s->iters >= s->max_iter) {
            *reason = "max_iter reached";
            return LA_ERR_NO_CONVERGENCE;
        }
        if (count > 0) {
            sp__cd_admit(s, count, s->nwork > SP__WORK_MIN ? s->nwork : SP__WORK_MIN);
            thr = gap_tol; /* a new restricted problem */
        } else {
            thr *= (la_real)0.1;
        }
        if (convex && L1 > 0 && !(s->screening & SP_NO_GAP_SAFE))
            sp__cd_screen(s, L1, L2, &G);
    }
}

/* ---- drivers of coordinate descent: single lambda, grid, path ---- */

/* A design given either way: dense X, or CSC A (then X is unused). */
typedef struct {
    la_mat X;
    const sp_mat *A;
} sp__src;

LA__PRIV sp__src sp__dense(la_mat X) {
    sp__src d;
    d.X = X;
    d.A = NULL;
    return d;
}
LA__PRIV sp__src sp__sparse(const sp_mat *A) {
    sp__src d;
    d.X = la_mat_ld(0, 0, 0, NULL); /* not a valid view: a NULL A is refused */
    d.A = A;
    return d;
}
LA__PRIV la_int sp__src_rows(sp__src d) { return d.A ? d.A->rows : d.X.rows; }
LA__PRIV la_int sp__src_cols(sp__src d) { return d.A ? d.A->cols : d.X.cols; }

/* The whole state of a coordinate-descent call. */
typedef struct {
    sp__prob p;
    sp__cd s;
    la_real *grid; /* n_lambda (paths) */
} sp__cdjob;

LA__PRIV void sp__cdjob_layout(sp__ws *w, sp__cdjob *J, la_int m, la_int n, int csc,
                               const sp_lasso_opts *o, la_int n_lambda) {
    sp__prob_layout(w, &J->p, m, n, csc, sp__count_unpenalized(o ? o->penalty_factor : NULL, n));
    J->s.p = &J->p;
    sp__cd_layout(w, &J->s, m, n, csc, sp__cd_covariance(m, n, o));
    J->grid = SP__REALS(w, n_lambda);
}

LA__PRIV size_t sp__cdjob_bytes(la_int m, la_int n, int csc, const sp_lasso_opts *o,
                                la_int n_lambda) {
    sp__ws w = {NULL, 0, 0};
    sp__cdjob J;
    sp__design_init(&J.p.D, la_mat_of(0, 0, NULL), NULL);
    sp__cdjob_layout(&w, &J, m, n, csc, o, n_lambda);
    return w.bytes;
}

LA__PRIV la_int sp__n_lambda(const sp_lasso_opts *o) {
    return o && o->n_lambda > 0 ? o->n_lambda : 100;
}

SP_API size_t sp_lasso_ws_bytes(la_int m, la_int n, const sp_lasso_opts *o) {
    size_t a, b;
    if (m < 0 || n < 0) return 0;
    a = sp__cdjob_bytes(m, n, 0, o, sp__n_lambda(o));
    b = sp__cdjob_bytes(m, n, 1, o, sp__n_lambda(o));
    return (a > b ? a : b) + LA_ARENA_ALIGN;
}

/* Bind a job to the data (design in J->p.D, statistics, warm start coef
 * or zeros) and start its state. Options: o may be NULL. */
LA__PRIV la_status sp__cdjob_start(sp__cdjob *J, sp__src d, const la_real *y, const la_real *coef,
                                   const sp_lasso_opts *o, sp_penalty pen, la_real gamma) {
    sp__cd *s = &J->s;
    la_status st;
    la_int j;
    la_real *cache = J->p.D.cache, *tmp = J->p.D.tmp;
    la_int *slot = J->p.D.slot;
    sp__design_init(&J->p.D, d.X, d.A);
    J->p.D.cache = cache;
    J->p.D.slot = slot;
    J->p.D.tmp = tmp;
    st = sp__prob_setup(&J->p, y, o && o->fit_intercept, o && o->standardize,
                        o ? o->penalty_factor : NULL);
    if (st) return st;
    s->m = J->p.D.m;
    s->n = J->p.D.n;
    if (coef) {
        if (!sp__prob_to_internal(&J->p, coef, s->b)) return LA_ERR_NONFINITE;
    } else {
        for (j = 0; j < s->n; ++j) s->b[j] = 0;
    }
    s->positive = o && o->positive;
    s->screening = o ? o->screening : 0;
    s->pen = pen;
    s->gamma = gamma;
    s->max_iter = sp__opt_max_iter(o);
    sp__cd_start(s);
    return LA_OK;
}

/* Common argument checks of the penalized solvers. */
LA__PRIV la_status sp__penalized_check(sp__src d, const la_real *y, const la_real *coef,
                                       la_real lambda, la_real alpha, const sp_lasso_opts *o) {
    la_status st = sp__design_check(d.X, d.A, y, coef, 1);
    if (st) return st;
    if (!(lambda >= 0) || !(lambda <= LA_REAL_MAX) || !(alpha >= 0) || !(alpha <= 1))
        return LA_ERR_ARG;
    return sp__opts_check(o, sp__src_cols(d));
}

/* The answer for an empty design (m = 0 or n = 0). */
LA__PRIV la_status sp__empty_fit(sp__src d, const la_real *y, la_real *coef, int intercept,
                                 sp_info *info) {
    la_int m = sp__src_rows(d), n = sp__src_cols(d), i, j;
    la_real sum = 0, mean, ss = 0;
    if (!la_vec_isfinite(m, y)) {
        sp__info_set(info, LA_ERR_NONFINITE, "NaN or Inf in y", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return LA_ERR_NONFINITE;
    }
    for (j = 0; j < n; ++j) coef[j] = 0;
    for (i = 0; i < m; ++i) sum += y[i];
    mean = intercept && m > 0 ? sum / (la_real)m : 0;
    for (i = 0; i < m; ++i) ss += sp__sq(y[i] - mean);
    sp__info_set(info, LA_OK, m == 0 ? "no data" : "no features", 0, 0, 0, 0, mean,
                 m > 0 ? ss / (2 * (la_real)m) : 0);
    return LA_OK;
}

/* One coordinate-descent solve: sp_lasso, sp_enet, sp_mcp, sp_scad. */
LA__PRIV la_status sp__cd_call(sp__src d, const la_real *y, la_real lambda, la_real alpha,
                               sp_penalty pen, la_real gamma, la_real *coef,
                               const sp_lasso_opts *o, sp_info *info, la_arena *ws) {
    la_status st = sp__penalized_check(d, y, coef, lambda, alpha, o);
    la_int m, n;
    la__scratch sc;
    sp__ws w;
    sp__cdjob J;
    size_t bytes;
    if (st) {
        sp__info_set(info, st, "invalid argument", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return st;
    }
    m = sp__src_rows(d);
    n = sp__src_cols(d);
    if (m == 0 || n == 0) return sp__empty_fit(d, y, coef, o && o->fit_intercept, info);
    bytes = sp__cdjob_bytes(m, n, d.A != NULL, o, 0);
    if ((st = sp__ws_begin(&sc, ws, bytes, &w)) != LA_OK) {
        sp__info_set(info, st, "workspace too small", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return st;
    }
    sp__design_init(&J.p.D, d.X, d.A);
    sp__cdjob_layout(&w, &J, m, n, d.A != NULL, o, 0);
    st = w.fail ? LA_ERR_NOMEM : sp__cdjob_start(&J, d, y, coef, o, pen, gamma);
    if (st) {
        sp__info_set(info, st, st == LA_ERR_NONFINITE ? "NaN or Inf in the input" : "workspace too small",
                     0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
    } else {
        la_real gap, primal, lmax, tol = sp__opt_tol(o), b0, mm = (la_real)m;
        const char *reason = "";
        lmax = sp__cd_lambda_max(&J.s, alpha);
        st = sp__cd_solve(&J.s, lambda, alpha, lmax > lambda ? lmax : lambda, 1, tol, &gap, &primal,
                          &reason);
        b0 = sp__prob_to_original(&J.p, J.s.b, coef);
        sp__info_set(info, st, reason, J.s.iters, gap / mm, tol * J.p.yy / mm,
                     sp__count_nnz(n, coef), b0, primal / mm);
    }
    la__scratch_end(&sc);
    return st;
}

SP_API la_status sp_lasso(la_mat X, const la_real *y, la_real lambda, la_real *coef,
                          const sp_lasso_opts *o, sp_info *info, la_arena *ws) {
    return sp__cd_call(sp__dense(X), y, lambda, 1, SP_PENALTY_L1, 0, coef, o, info, ws);
}
SP_API la_status sp_lasso_csc(const sp_mat *X, const la_real *y, la_real lambda, la_real *coef,
                              const sp_lasso_opts *o, sp_info *info, la_arena *ws) {
    return sp__cd_call(sp__sparse(X), y, lambda, 1, SP_PENALTY_L1, 0, coef, o, info, ws);
}
SP_API la_status sp_enet(la_mat X, const la_real *y, la_real lambda, la_real l1_ratio,
                         la_real *coef, const sp_lasso_opts *o, sp_info *info, la_arena *ws) {
    return sp__cd_call(sp__dense(X), y, lambda, l1_ratio, SP_PENALTY_L1, 0, coef, o, info, ws);
}
SP_API la_status sp_enet_csc(const sp_mat *X, const la_real *y, la_real lambda, la_real l1_ratio,
                             la_real *coef, const sp_lasso_opts *o, sp_info *info,
                             la_arena *ws) {
    return sp__cd_call(sp__sparse(X), y, lambda, l1_ratio, SP_PENALTY_L1, 0, coef, o, info, ws);
}

/* gamma of MCP / SCAD: 0 selects the default; a value at or below the
 * least admissible one (1 for MCP, 2 for SCAD) is refused (-1). */
LA__PRIV la_real sp__ncv_gamma(sp_penalty pen, la_real gamma) {
    if (gamma == 0) return pen == SP_PENALTY_MCP ? 3 : (la_real)3.7;
    if (!(gamma > (pen == SP_PENALTY_MCP ? 1 : 2)) || !(gamma <= LA_REAL_MAX)) return -1;
    return gamma;
}

LA__PRIV la_status sp__ncv_call(sp__src d, const la_real *y, sp_penalty pen, la_real lambda,
                                la_real gamma, la_real *coef, const sp_lasso_opts *o,
                                sp_info *info, la_arena *ws) {
    la_real g = sp__ncv_gamma(pen, gamma);
    if (g < 0) {
        sp__info_set(info, LA_ERR_ARG, "invalid gamma", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return LA_ERR_ARG;
    }
    return sp__cd_call(d, y, lambda, 1, pen, g, coef, o, info, ws);
}

SP_API la_status sp_mcp(la_mat X, const la_real *y, la_real lambda, la_real gamma, la_real *coef,
                        const sp_lasso_opts *o, sp_info *info, la_arena *ws) {
    return sp__ncv_call(sp__dense(X), y, SP_PENALTY_MCP, lambda, gamma, coef, o, info, ws);
}
SP_API la_status sp_mcp_csc(const sp_mat *X, const la_real *y, la_real lambda, la_real gamma,
                            la_real *coef, const sp_lasso_opts *o, sp_info *info,
                            la_arena *ws) {
    return sp__ncv_call(sp__sparse(X), y, SP_PENALTY_MCP, lambda, gamma, coef, o, info, ws);
}
SP_API la_status sp_scad(la_mat X, const la_real *y, la_real lambda, la_real gamma, la_real *coef,
                         const sp_lasso_opts *o, sp_info *info, la_arena *ws) {
    return sp__ncv_call(sp__dense(X), y, SP_PENALTY_SCAD, lambda, gamma, coef, o, info, ws);
}
SP_API la_status sp_scad_csc(const sp_mat *X, const la_real *y, la_real lambda, la_real gamma,
                             la_real *coef, const sp_lasso_opts *o, sp_info *info,
                             la_arena *ws) {
    return sp__ncv_call(sp__sparse(X), y, SP_PENALTY_SCAD, lambda, gamma, coef, o, info, ws);
}

/* ---- paths ---- */

SP_API sp_path sp_path_of(la_int n, la_int cap_lambda, la_int cap_nnz, la_real *lambda,
                          la_int *ptr, la_int *idx, la_real *val, la_real *intercept,
                          la_real *gap) {
    sp_path P;
    P.n = n;
    P.count = 0;
    P.cap_lambda = cap_lambda;
    P.cap_nnz = cap_nnz;
    P.lambda = lambda;
    P.ptr = ptr;
    P.idx = idx;
    P.val = val;
    P.intercept = intercept;
    P.gap = gap;
    P.owned = 0;
    if (ptr) ptr[0] = 0;
    return P;
}

SP_API void sp_path_free(sp_path *P) {
    if (!P) return;
#ifndef LA_NO_MALLOC
    if (P->owned) {
        if (P->lambda) LA_FREE(P->lambda);
        if (P->ptr) LA_FREE(P->ptr);
        if (P->idx) LA_FREE(P->idx);
        if (P->val) LA_FREE(P->val);
        if (P->intercept) LA_FREE(P->intercept);
        if (P->gap) LA_FREE(P->gap);
    }
#endif
    memset(P, 0, sizeof *P);
}

SP_API la_status sp_path_alloc(la_int n, la_int cap_lambda, la_int cap_nnz, sp_path *P) {
    if (!P) return LA_ERR_ARG;
    memset(P, 0, sizeof *P);
    if (n < 0 || cap_lambda < 0 || cap_nnz < 0 || cap_lambda == SP__INT_MAX) return LA_ERR_ARG;
#ifdef LA_NO_MALLOC
    return LA_ERR_NOMEM;
#else
    {
        size_t nl = (size_t)cap_lambda + 1, nz;
        if (cap_nnz == 0) {
            if (n > 0 && (size_t)cap_lambda > (size_t)SP__INT_MAX / (size_t)n) return LA_ERR_NOMEM;
            cap_nnz = cap_lambda * n;
        }
        nz = (size_t)cap_nnz + 1;
        P->lambda = (la_real *)LA_MALLOC(nl * sizeof(la_real));
        P->intercept = (la_real *)LA_MALLOC(nl * sizeof(la_real));
        P->gap = (la_real *)LA_MALLOC(nl * sizeof(la_real));
        P->ptr = (la_int *)LA_MALLOC(nl * sizeof(la_int));
        P->idx = (la_int *)LA_MALLOC(nz * sizeof(la_int));
        P->val = (la_real *)LA_MALLOC(nz * sizeof(la_real));
        P->owned = 1;
        if (!P->lambda || !P->intercept || !P->gap || !P->ptr || !P->idx || !P->val) {
            sp_path_free(P);
            return LA_ERR_NOMEM;
        }
        P->n = n;
        P->cap_lambda = cap_lambda;
        P->cap_nnz = cap_nnz;
        P->ptr[0] = 0;
        return LA_OK;
    }
#endif
}

LA__PRIV la_status sp__path_check(const sp_path *P, la_int n) {
    if (!P || P->n != n || P->cap_lambda < 0 || P->cap_nnz < 0 || !P->ptr) return LA_ERR_ARG;
    if (P->cap_lambda > 0 && !P->lambda) return LA_ERR_ARG;
    if (P->cap_nnz > 0 && (!P->idx || !P->val)) return LA_ERR_ARG;
    return LA_OK;
}

/* Append (lambda, coef, b0, gap) to P (coef NULL: zeros); LA_ERR_NOMEM
 * when full. */
LA__PRIV la_status sp__path_push(sp_path *P, la_real lambda, const la_real *coef, la_real b0,
                                 la_real gap) {
    la_int j, k = P->count, q = P->ptr[k], nz = coef ? sp__count_nnz(P->n, coef) : 0;
    if (k >= P->cap_lambda || nz > P->cap_nnz - q) return LA_ERR_NOMEM;
    for (j = 0; j < P->n && coef; ++j)
        if (coef[j] != 0) {
            P->idx[q] = j;
            P->val[q++] = coef[j];
        }
    P->lambda[k] = lambda;
    if (P->intercept) P->intercept[k] = b0;
    if (P->gap) P->gap[k] = gap;
    P->ptr[k + 1] = q;
    P->count = k + 1;
    return LA_OK;
}

SP_API la_status sp_path_coef(const sp_path *P, la_int k, la_real *coef) {
    la_int j, q;
    if (!P || !P->ptr || k < 0 || k >= P->count || (P->n > 0 && !coef)) return LA_ERR_ARG;
    for (j = 0; j < P->n; ++j) coef[j] = 0;
    for (q = P->ptr[k]; q < P->ptr[k + 1]; ++q) coef[P->idx[q]] = P->val[q];
    return LA_OK;
}

SP_API la_status sp_path_at(const sp_path *P, la_real lambda, la_real *coef, la_real *intercept) {
    la_int k, j, q;
    la_real t, b0a, b0b;
    if (!P || !P->ptr || !P->lambda || P->count < 1 || (P->n > 0 && !coef) || lambda != lambda)
        return LA_ERR_ARG;
    /* stored lambdas decrease: find lambda[k] >= lambda >= lambda[k+1] */
    for (k = 0; k + 1 < P->count && P->lambda[k + 1] >= lambda; ++k) {
    }
    if (k + 1 >= P->count || lambda >= P->lambda[k]) {
        sp_path_coef(P, k, coef);
        if (intercept) *intercept = P->intercept ? P->intercept[k] : 0;
        return LA_OK;
    }
    t = (P->lambda[k] - lambda) / (P->lambda[k] - P->lambda[k + 1]);
    for (j = 0; j < P->n; ++j) coef[j] = 0;
    for (q = P->ptr[k]; q < P->ptr[k + 1]; ++q) coef[P->idx[q]] += (1 - t) * P->val[q];
    for (q = P->ptr[k + 1]; q < P->ptr[k + 2]; ++q) coef[P->idx[q]] += t * P->val[q];
    b0a = P->intercept ? P->intercept[k] : 0;
    b0b = P->intercept ? P->intercept[k + 1] : 0;
    if (intercept) *intercept = (1 - t) * b0a + t * b0b;
    return LA_OK;
}

/* The grid into lam[0..nl): the user's (checked: finite, >= 0,
 * non-increasing) or log-spaced from lambda_max (glmnet's). Returns
 * LA_ERR_ARG for a bad user grid. */
LA__PRIV la_status sp__grid(const sp_lasso_opts *o, la_real lmax, la_int m, la_int n, la_real *lam,
                            la_int nl) {
    la_int k;
    if (o && o->lambdas) {
        for (k = 0; k < nl; ++k) {
            lam[k] = o->lambdas[k];
            if (!(lam[k] >= 0) || !(lam[k] <= LA_REAL_MAX) || (k > 0 && lam[k] > lam[k - 1]))
                return LA_ERR_ARG;
        }
        return LA_OK;
    }
    {
        la_real eps = o && o->eps > 0 ? o->eps : (m > n ? (la_real)1e-4 : (la_real)1e-2);
        la_real step = nl > 1 ? LA_LOG(eps) / (la_real)(nl - 1) : 0;
        for (k = 0; k < nl; ++k) lam[k] = lmax * LA_EXP(step * (la_real)k);
    }
    return LA_OK;
}

/* Fit the unpenalized features of a freshly started job and return
 * lambda_max (the gradient is then current). */
LA__PRIV la_real sp__cdjob_lambda_max(sp__cdjob *J, la_real alpha, la_real tol) {
    la_real rr, ry;
    if (J->s.has_unpenalized) {
        sp__cd_fit_unpenalized(&J->s, (la_real)1e-3 * tol * J->p.yy);
        sp__cd_refresh(&J->s, &rr, &ry);
    }
    return sp__cd_lambda_max(&J->s, alpha);
}

/* Path over the grid J->grid[0..nl) of a started job; each solution
 * handed to `sink` (path storage or held-out error). */
typedef la_status (*sp__path_sink)(void *ctx, la_int k, la_real lambda, const la_real *coef,
                                   la_real b0, la_real gap);

LA__PRIV la_status sp__cdjob_path(sp__cdjob *J, la_real alpha, la_int nl, const sp_lasso_opts *o,
                                  la_real *coef, sp__path_sink sink, void *ctx, sp_info *info) {
    la_real tol = sp__opt_tol(o), mm = (la_real)J->s.m, prev, worst = 0, last_primal = SP__NAN;
    la_real b0 = J->p.ymean;
    la_status st = LA_OK, first = LA_OK;
    const char *why = "path complete";
    la_int k;
    int iters = 0;
    prev = sp__cdjob_lambda_max(J, alpha, tol);
    for (k = 0; k < nl; ++k) {
        la_real gap, primal, lam = J->grid[k];
        const char *reason = "";
        J->s.iters = 0;
        st = sp__cd_solve(&J->s, lam, alpha, prev > lam ? prev : lam, 0, tol, &gap, &primal, &reason);
        iters += J->s.iters;
        if (gap / mm > worst || gap != gap) worst = gap / mm;
        last_primal = primal;
        if (st && !first) {
            first = st;
            why = reason;
        }
        b0 = sp__prob_to_original(&J->p, J->s.b, coef);
        if ((st = sink(ctx, k, lam, coef, b0, gap / mm)) != LA_OK) {
            if (!first) {
                first = st;
                why = "path storage full";
            }
            break;
        }
        prev = lam;
    }
    sp__info_set(info, first, why, iters, worst, tol * J->p.yy / mm, sp__count_nnz(J->s.n, coef),
                 b0, last_primal / mm);
    return first;
}

LA__PRIV la_status sp__sink_path(void *ctx, la_int k, la_real lambda, const la_real *coef,
                                 la_real b0, la_real gap) {
    (void)k;
    return sp__path_push((sp_path *)ctx, lambda, coef, b0, gap);
}

/* sp_lambda_grid (path == NULL, lambdas given) and sp_lasso_path. */
LA__PRIV la_status sp__path_call(sp__src d, const la_real *y, la_real alpha, const sp_lasso_opts *o,
                                 la_real *lambdas, sp_path *path, sp_info *info, la_arena *ws) {
    la_int m = sp__src_rows(d), n = sp__src_cols(d), nl = sp__n_lambda(o), k;
    la_status st;
    la__scratch sc;
    sp__ws w;
    sp__cdjob J;
    la_real lmax = 0;
    st = sp__design_check(d.X, d.A, y, NULL, 0);
    if (!st && (!(alpha >= 0) || !(alpha <= 1))) st = LA_ERR_ARG;
    if (!st) st = sp__opts_check(o, n);
    if (!st && path) st = sp__path_check(path, n);
    if (!st && !path && !lambdas) st = LA_ERR_ARG;
    if (!st && (m == 0 || n == 0)) {
        /* no data or no features: the zero solution at every lambda of the
           user's grid, or a grid of zeros */
        la_real b0 = 0;
        if (!la_vec_isfinite(m, y)) {
            sp__info_set(info, LA_ERR_NONFINITE, "NaN or Inf in y", 0, SP__NAN, SP__NAN, 0, 0,
                         SP__NAN);
            return LA_ERR_NONFINITE;
        }
        for (k = 0; k < m && o && o->fit_intercept; ++k) b0 += y[k] / (la_real)m;
        if (path) path->count = 0;
        for (k = 0; k < nl && !st; ++k) {
            la_real lam = o && o->lambdas ? o->lambdas[k] : 0;
            if (lambdas) lambdas[k] = lam;
            if (path) st = sp__path_push(path, lam, NULL, b0, 0);
        }
        sp__info_set(info, st, "empty design", 0, 0, 0, 0, b0, 0);
        return st;
    }
    if (st) {
        sp__info_set(info, st, "invalid argument", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return st;
    }
    if ((st = sp__ws_begin(&sc, ws, sp__cdjob_bytes(m, n, d.A != NULL, o, nl), &w)) != LA_OK) {
        sp__info_set(info, st, "workspace too small", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return st;
    }
    sp__design_init(&J.p.D, d.X, d.A);
    sp__cdjob_layout(&w, &J, m, n, d.A != NULL, o, nl);
    st = w.fail ? LA_ERR_NOMEM : sp__cdjob_start(&J, d, y, NULL, o, o ? o->penalty : SP_PENALTY_L1,
                                                 sp__ncv_gamma(o ? o->penalty : SP_PENALTY_L1,
                                                               o ? o->gamma : 0));
    if (!st && o && o->penalty != SP_PENALTY_L1 && J.s.gamma < 0) st = LA_ERR_ARG;
    if (!st) {
        lmax = sp__cdjob_lambda_max(&J, alpha, sp__opt_tol(o));
        st = sp__grid(o, lmax, m, n, J.grid, nl);
    }
    if (!st && lambdas)
        for (k = 0; k < nl; ++k) lambdas[k] = J.grid[k];
    if (!st && path) {
        path->count = 0;
        path->ptr[0] = 0;
        /* the coefficients of each lambda pass through J.s.tmp */
        st = sp__cdjob_path(&J, alpha, nl, o, J.s.tmp, sp__sink_path, path, info);
    } else {
        sp__info_set(info, st, st ? "invalid argument" : "grid computed", 0, SP__NAN, SP__NAN, 0, 0,
                     SP__NAN);
    }
    la__scratch_end(&sc);
    return st;
}

SP_API la_status sp_lambda_grid(la_mat X, const la_real *y, la_real l1_ratio,
                                const sp_lasso_opts *o, la_real *lambdas, la_arena *ws) {
    if (!lambdas) return LA_ERR_ARG;
    return sp__path_call(sp__dense(X), y, l1_ratio, o, lambdas, NULL, NULL, ws);
}
SP_API la_status sp_lambda_grid_csc(const sp_mat *X, const la_real *y, la_real l1_ratio,
                                    const sp_lasso_opts *o, la_real *lambdas, la_arena *ws) {
    if (!lambdas) return LA_ERR_ARG;
    return sp__path_call(sp__sparse(X), y, l1_ratio, o, lambdas, NULL, NULL, ws);
}
SP_API la_status sp_lasso_path(la_mat X, const la_real *y, la_real l1_ratio,
                               const sp_lasso_opts *o, sp_path *path, sp_info *info, la_arena *ws) {
    if (!path) return LA_ERR_ARG;
    return sp__path_call(sp__dense(X), y, l1_ratio, o, NULL, path, info, ws);
}
SP_API la_status sp_lasso_path_csc(const sp_mat *X, const la_real *y, la_real l1_ratio,
                                   const sp_lasso_opts *o, sp_path *path, sp_info *info,
                                   la_arena *ws) {
    if (!path) return LA_ERR_ARG;
    return sp__path_call(sp__sparse(X), y, l1_ratio, o, NULL, path, info, ws);
}

/* ---- cross-validation ---- */

SP_API sp_cv sp_cv_of(la_int n_lambda, la_real *lambda, la_real *cvm, la_real *cvsd) {
    sp_cv cv;
    cv.n_lambda = n_lambda;
    cv.lambda = lambda;
    cv.cvm = cvm;
    cv.cvsd = cvsd;
    cv.index_min = cv.index_1se = -1;
    cv.lambda_min = cv.lambda_1se = SP__NAN;
    return cv;
}

/* Scratch of a cross-validation: fold of each row, the training copy (a
 * dense row-major block or CSC arrays), held-out errors per fold and
 * lambda, and one coordinate-descent job sized for the whole data. */
typedef struct {
    la_int *fold, *rowmap, *tptr, *tidx;
    la_real *tval, *ytrain, *err, *pred, *coef;
    sp__cdjob J;
} sp__cvjob;

LA__PRIV void sp__cvjob_layout(sp__ws *w, sp__cvjob *C, la_int m, la_int n, la_int nnz, int csc,
                               const sp_lasso_opts *o, la_int nl, la_int K) {
    C->fold = SP__INTS(w, m);
    C->rowmap = SP__INTS(w, m);
    C->ytrain = SP__REALS(w, m);
    C->pred = SP__REALS(w, m);
    C->coef = SP__REALS(w, n);
    C->err = SP__REALS(w, (size_t)K * (size_t)nl);
    if (csc) {
        C->tptr = SP__INTS(w, (size_t)n + 1);
        C->tidx = SP__INTS(w, nnz);
        C->tval = SP__REALS(w, nnz);
    } else {
        C->tptr = C->tidx = NULL;
        C->tval = SP__REALS(w, (size_t)m * (size_t)n);
    }
    sp__cdjob_layout(w, &C->J, m, n, csc, o, nl);
}

LA__PRIV la_int sp__n_folds(const sp_lasso_opts *o) { return o && o->n_folds > 0 ? o->n_folds : 10; }

LA__PRIV size_t sp__cvjob_bytes(la_int m, la_int n, la_int nnz, int csc, const sp_lasso_opts *o) {
    sp__ws w = {NULL, 0, 0};
    sp__cvjob C;
    sp__design_init(&C.J.p.D, la_mat_of(0, 0, NULL), NULL);
    sp__cvjob_layout(&w, &C, m, n, nnz, csc, o, sp__n_lambda(o), sp__n_folds(o));
    return w.bytes;
}

SP_API size_t sp_lasso_cv_ws_bytes(la_int m, la_int n, la_int nnz, const sp_lasso_opts *o) {
    size_t a, b;
    if (m < 0 || n < 0 || nnz < 0) return 0;
    a = sp__cvjob_bytes(m, n, 0, 0, o);
    b = sp__cvjob_bytes(m, n, nnz, 1, o);
    return (a > b ? a : b) + LA_ARENA_ALIGN;
}

/* The rows outside fold f as a design over C's arrays (and their y). */
LA__PRIV sp__src sp__cv_train(sp__cvjob *C, sp__src d, const la_real *y, la_int f, sp_mat *At) {
    la_int m = sp__src_rows(d), n = sp__src_cols(d), i, j, q, mt = 0;
    for (i = 0; i < m; ++i)
        if (C->fold[i] != f) {
            C->rowmap[i] = mt;
            C->ytrain[mt++] = y[i];
        } else {
            C->rowmap[i] = -1;
        }
    if (d.A) {
        la_int w = 0;
        C->tptr[0] = 0;
        for (j = 0; j < n; ++j) {
            for (q = d.A->ptr[j]; q < d.A->ptr[j + 1]; ++q)
                if (C->rowmap[d.A->idx[q]] >= 0) {
                    C->tidx[w] = C->rowmap[d.A->idx[q]];
                    C->tval[w++] = d.A->val[q];
                }
            C->tptr[j + 1] = w;
        }
        *At = sp_mat_of(SP_CSC, mt, n, w, C->tptr, C->tidx, C->tval);
        return sp__sparse(At);
    }
    for (i = 0; i < m; ++i)
        if (C->rowmap[i] >= 0 && n > 0) memcpy(C->tval + (size_t)C->rowmap[i] * (size_t)n, &LA_AT(d.X, i, 0), (size_t)n * sizeof(la_real));
    return sp__dense(la_mat_of(mt, n, C->tval));
}

/* Path sink of a fold: the mean squared error of the held-out rows. */
typedef struct {
    sp__cvjob *C;
    sp__src d;
    const la_real *y;
    la_int f, nl;
} sp__cv_sink_ctx;

LA__PRIV la_status sp__sink_cv(void *ctx, la_int k, la_real lambda, const la_real *coef,
                               la_real b0, la_real gap) {
    sp__cv_sink_ctx *c = (sp__cv_sink_ctx *)ctx;
    sp__cvjob *C = c->C;
    la_int m = sp__src_rows(c->d), n = sp__src_cols(c->d), i, j, q, count = 0;
    la_real sse = 0;
    (void)lambda;
    (void)gap;
    for (i = 0; i < m; ++i) C->pred[i] = b0;
    for (j = 0; j < n; ++j) {
        if (coef[j] == 0) continue;
        if (c->d.A) {
            for (q = c->d.A->ptr[j]; q < c->d.A->ptr[j + 1]; ++q)
                C->pred[c->d.A->idx[q]] += c->d.A->val[q] * coef[j];
        } else {
            for (i = 0; i < m; ++i)
                if (C->fold[i] == c->f) C->pred[i] += LA_AT(c->d.X, i, j) * coef[j];
        }
    }
    for (i = 0; i < m; ++i)
        if (C->fold[i] == c->f) {
            sse += sp__sq(c->y[i] - C->pred[i]);
            ++count;
        }
    C->err[(size_t)c->f * (size_t)c->nl + (size_t)k] = count > 0 ? sse / (la_real)count : 0;
    return LA_OK;
}

LA__PRIV la_status sp__cv_call(sp__src d, const la_real *y, la_real alpha, const sp_lasso_opts *o,
                               sp_cv *cv, sp_info *info, la_arena *ws) {
    la_int m = sp__src_rows(d), n = sp__src_cols(d), nl = sp__n_lambda(o), K = sp__n_folds(o);
    la_int i, k, f, nnz = d.A ? d.A->nnz : 0;
    la_status st, first = LA_OK;
    la__scratch sc;
    sp__ws w;
    sp__cvjob C;
    la_real lmax;
    int iters = 0;
    st = sp__design_check(d.X, d.A, y, NULL, 0);
    if (!st && (!(alpha >= 0) || !(alpha <= 1))) st = LA_ERR_ARG;
    if (!st) st = sp__opts_check(o, n);
    if (!st && (!cv || cv->n_lambda != nl || !cv->lambda || !cv->cvm || !cv->cvsd)) st = LA_ERR_ARG;
    if (!st && (K < 2 || K > m)) st = LA_ERR_ARG;
    if (st) {
        sp__info_set(info, st, "invalid argument", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return st;
    }
    if ((st = sp__ws_begin(&sc, ws, sp__cvjob_bytes(m, n, nnz, d.A != NULL, o), &w)) != LA_OK) {
        sp__info_set(info, st, "workspace too small", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return st;
    }
    sp__design_init(&C.J.p.D, d.X, d.A);
    sp__cvjob_layout(&w, &C, m, n, nnz, d.A != NULL, o, nl, K);
    st = w.fail ? LA_ERR_NOMEM
                : sp__cdjob_start(&C.J, d, y, NULL, o, o ? o->penalty : SP_PENALTY_L1,
                                  sp__ncv_gamma(o ? o->penalty : SP_PENALTY_L1, o ? o->gamma : 0));
    if (!st && o && o->penalty != SP_PENALTY_L1 && C.J.s.gamma < 0) st = LA_ERR_ARG;
    if (!st) {
        lmax = sp__cdjob_lambda_max(&C.J, alpha, sp__opt_tol(o));
        st = sp__grid(o, lmax, m, n, cv->lambda, nl);
    }
    if (!st) {
        /* deal the rows to the folds in a random order (Fisher-Yates) */
        la_rng rng = la_rng_seed(o ? o->seed : 0);
        for (i = 0; i < m; ++i) C.rowmap[i] = i;
        for (i = m - 1; i > 0; --i) {
            la_int t = la_rng_int(&rng, i + 1), u = C.rowmap[i];
            C.rowmap[i] = C.rowmap[t];
            C.rowmap[t] = u;
        }
        for (i = 0; i < m; ++i) C.fold[C.rowmap[i]] = i % K;
        for (k = 0; k < nl; ++k) C.J.grid[k] = cv->lambda[k];
    }
    for (f = 0; f < K && !st; ++f) {
        sp_mat At;
        sp__cv_sink_ctx ctx;
        sp_info fi;
        sp__src t = sp__cv_train(&C, d, y, f, &At);
        la_status fs;
        st = sp__cdjob_start(&C.J, t, C.ytrain, NULL, o, o ? o->penalty : SP_PENALTY_L1, C.J.s.gamma);
        if (st) break;
        ctx.C = &C;
        ctx.d = d;
        ctx.y = y;
        ctx.f = f;
        ctx.nl = nl;
        fs = sp__cdjob_path(&C.J, alpha, nl, o, C.coef, sp__sink_cv, &ctx, &fi);
        iters += fi.iterations;
        if (fs && !first) first = fs;
    }
    if (!st) {
        la_real best = LA_REAL_MAX;
        cv->index_min = 0;
        for (k = 0; k < nl; ++k) {
            la_real mean = 0, var = 0;
            for (f = 0; f < K; ++f) {
                la_int nf = m / K + (f < m % K);
                mean += (la_real)nf * C.err[(size_t)f * (size_t)nl + (size_t)k];
            }
            mean /= (la_real)m;
            for (f = 0; f < K; ++f) {
                la_int nf = m / K + (f < m % K);
                var += (la_real)nf * sp__sq(C.err[(size_t)f * (size_t)nl + (size_t)k] - mean);
            }
            cv->cvm[k] = mean;
            cv->cvsd[k] = LA_SQRT(var / (la_real)m / (la_real)(K - 1));
            if (mean < best) {
                best = mean;
                cv->index_min = k;
            }
        }
        for (k = 0; k <= cv->index_min; ++k)
            if (cv->cvm[k] <= best + cv->cvsd[cv->index_min]) break;
        cv->index_1se = k;
        cv->lambda_min = cv->lambda[cv->index_min];
        cv->lambda_1se = cv->lambda[cv->index_1se];
        st = first;
    }
    sp__info_set(info, st, st ? (st == LA_ERR_NO_CONVERGENCE ? "a fold's path did not converge"
                                                             : "invalid input")
                              : "cross-validation complete",
                 iters, SP__NAN, SP__NAN, 0, 0, SP__NAN);
    la__scratch_end(&sc);
    return st;
}

SP_API la_status sp_lasso_cv(la_mat X, const la_real *y, la_real l1_ratio, const sp_lasso_opts *o,
                             sp_cv *cv, sp_info *info, la_arena *ws) {
    return sp__cv_call(sp__dense(X), y, l1_ratio, o, cv, info, ws);
}
SP_API la_status sp_lasso_cv_csc(const sp_mat *X, const la_real *y, la_real l1_ratio,
                                 const sp_lasso_opts *o, sp_cv *cv, sp_info *info, la_arena *ws) {
    return sp__cv_call(sp__sparse(X), y, l1_ratio, o, cv, info, ws);
}

/* ---- FISTA ---- */

typedef struct {
    sp__prob p;
    la_real *x, *yv, *pt, *best;  /* n: iterate, extrapolated point, trial, best */
    la_real *qx, *qy, *qp;        /* n: X~^T rho at x, yv, pt */
    la_real *rx, *ry, *rp;        /* m: residuals at x, yv, pt */
    la_real *grad;                /* n */
} sp__fista;

LA__PRIV void sp__fista_layout(sp__ws *w, sp__fista *F, la_int m, la_int n, int csc, la_int nu) {
    sp__prob_layout(w, &F->p, m, n, csc, nu);
    F->x = SP__REALS(w, n);
    F->yv = SP__REALS(w, n);
    F->pt = SP__REALS(w, n);
    F->best = SP__REALS(w, n);
    F->qx = SP__REALS(w, n);
    F->qy = SP__REALS(w, n);
    F->qp = SP__REALS(w, n);
    F->grad = SP__REALS(w, n);
    F->rx = SP__REALS(w, m);
    F->ry = SP__REALS(w, m);
    F->rp = SP__REALS(w, m);
}

LA__PRIV size_t sp__fista_bytes(la_int m, la_int n, int csc, const sp_lasso_opts *o) {
    sp__ws w = {NULL, 0, 0};
    sp__fista F;
    sp__fista_layout(&w, &F, m, n, csc, sp__count_unpenalized(o ? o->penalty_factor : NULL, n));
    return w.bytes;
}

SP_API size_t sp_fista_ws_bytes(la_int m, la_int n, const sp_lasso_opts *o) {
    size_t a, b;
    if (m < 0 || n < 0) return 0;
    a = sp__fista_bytes(m, n, 0, o);
    b = sp__fista_bytes(m, n, 1, o);
    return (a > b ? a : b) + LA_ARENA_ALIGN;
}

/* r <- yc - X~ b; returns ||r||^2 / 2 + L2/2 sum w b^2 (the smooth part). */
LA__PRIV la_real sp__smooth_value(sp__prob *p, const la_real *b, la_real L2, la_real *r) {
    la_int i, j;
    la_real f = 0, q = 0;
    sp__design_mv(&p->D, b, r);
    for (i = 0; i < p->D.m; ++i) {
        r[i] = p->yc[i] - r[i];
        f += r[i] * r[i];
    }
    for (j = 0; j < p->D.n; ++j) q += (p->pf ? p->pf[j] : 1) * b[j] * b[j];
    return f / 2 + L2 * q / 2;
}

LA__PRIV la_status sp__fista_call(sp__src d, const la_real *y, la_real lambda, la_real alpha,
                                  la_real *coef, const sp_lasso_opts *o, sp_info *info,
                                  la_arena *ws) {
    la_status st = sp__penalized_check(d, y, coef, lambda, alpha, o);
    la_int m, n, j, it = 0;
    la__scratch sc;
    sp__ws w;
    sp__fista F;
    if (st) {
        sp__info_set(info, st, "invalid argument", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return st;
    }
    m = sp__src_rows(d);
    n = sp__src_cols(d);
    if (m == 0 || n == 0) return sp__empty_fit(d, y, coef, o && o->fit_intercept, info);
    if ((st = sp__ws_begin(&sc, ws, sp__fista_bytes(m, n, d.A != NULL, o), &w)) != LA_OK) {
        sp__info_set(info, st, "workspace too small", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return st;
    }
    sp__design_init(&F.p.D, d.X, d.A);
    sp__fista_layout(&w, &F, m, n, d.A != NULL,
                     sp__count_unpenalized(o ? o->penalty_factor : NULL, n));
    st = w.fail ? LA_ERR_NOMEM
                : sp__prob_setup(&F.p, y, o && o->fit_intercept, o && o->standardize,
                                 o ? o->penalty_factor : NULL);
    if (!st && !sp__prob_to_internal(&F.p, coef, F.x)) st = LA_ERR_NONFINITE;
    if (!st) sp__prob_unpenalized_pf(&F.p);
    if (st) {
        sp__info_set(info, st, st == LA_ERR_NONFINITE ? "NaN or Inf in the input" : "workspace too small",
                     0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
    } else {
        const la_real *pf = F.p.pf;
        int positive = o && o->positive, max_iter = sp__opt_max_iter(o);
        la_real mm = (la_real)m, L1 = mm * lambda * alpha, L2 = mm * lambda * (1 - alpha);
        la_real tol = sp__opt_tol(o), gap_tol = tol * F.p.yy, L = 0, t = 1, fbest, wmax = 0;
        la_real rr, ryy, fx;
        sp__gap G;
        const char *reason = "max_iter reached";
        la_int i;
        for (j = 0; j < n; ++j) {
            la_real wj = pf ? pf[j] : 1;
            if (F.p.v[j] > L) L = F.p.v[j];
            if (wj > wmax) wmax = wj;
        }
        L += L2 * wmax;
        if (!(L > 0)) L = 1;
        fx = sp__smooth_value(&F.p, F.x, L2, F.rx);
        sp__design_tmv(&F.p.D, F.rx, F.qx);
        (void)fx;
        rr = 0;
        ryy = 0;
        for (i = 0; i < m; ++i) {
            rr += F.rx[i] * F.rx[i];
            ryy += F.rx[i] * F.p.yc[i];
        }
        G = sp__enet_gap(&F.p, n, NULL, F.x, F.qx, positive, L1, L2, rr, ryy);
        fbest = G.primal;
        memcpy(F.best, F.x, (size_t)n * sizeof(la_real));
        memcpy(F.yv, F.x, (size_t)n * sizeof(la_real));
        memcpy(F.qy, F.qx, (size_t)n * sizeof(la_real));
        memcpy(F.ry, F.rx, (size_t)m * sizeof(la_real));
        st = LA_ERR_NO_CONVERGENCE;
        if (G.gap <= gap_tol) {
            st = LA_OK;
            reason = "duality gap <= tol";
        }
        while (st != LA_OK && it < max_iter) {
            la_real fy = 0, fp, beta, tn, restart = 0;
            int tries;
            ++it;
            for (i = 0; i < m; ++i) fy += F.ry[i] * F.ry[i];
            fy /= 2;
            for (j = 0; j < n; ++j) {
                la_real wj = pf ? pf[j] : 1;
                F.grad[j] = -F.qy[j] + L2 * wj * F.yv[j];
                fy += L2 * wj * F.yv[j] * F.yv[j] / 2;
            }
            /* backtracking (Beck and Teboulle 2009, FISTA with backtracking) */
            for (tries = 0;; ++tries) {
                la_real lin = 0, quad = 0;
                for (j = 0; j < n; ++j) {
                    la_real wj = pf ? pf[j] : 1, u = F.yv[j] - F.grad[j] / L, th = L1 * wj / L;
                    F.pt[j] = positive ? (u > th ? u - th : 0) : sp__soft(u, th);
                    lin += F.grad[j] * (F.pt[j] - F.yv[j]);
                    quad += sp__sq(F.pt[j] - F.yv[j]);
                }
                fp = sp__smooth_value(&F.p, F.pt, L2, F.rp);
                if (fp <= fy + lin + L * quad / 2 + 10 * LA_EPS * (fy > fp ? fy : fp) || tries >= 60)
                    break;
                L *= 2;
            }
            sp__design_tmv(&F.p.D, F.rp, F.qp);
            rr = 0;
            ryy = 0;
            for (i = 0; i < m; ++i) {
                rr += F.rp[i] * F.rp[i];
                ryy += F.rp[i] * F.p.yc[i];
            }
            G = sp__enet_gap(&F.p, n, NULL, F.pt, F.qp, positive, L1, L2, rr, ryy);
            if (G.primal < fbest) {
                fbest = G.primal;
                memcpy(F.best, F.pt, (size_t)n * sizeof(la_real));
            }
            if (G.gap <= gap_tol) {
                memcpy(F.best, F.pt, (size_t)n * sizeof(la_real));
                st = LA_OK;
                reason = "duality gap <= tol";
                break;
            }
            /* gradient restart (O'Donoghue and Candes 2015) */
            for (j = 0; j < n; ++j) restart += (F.yv[j] - F.pt[j]) * (F.pt[j] - F.x[j]);
            if (restart > 0) t = 1;
            tn = (1 + LA_SQRT(1 + 4 * t * t)) / 2;
            beta = (t - 1) / tn;
            t = tn;
            for (j = 0; j < n; ++j) {
                F.yv[j] = F.pt[j] + beta * (F.pt[j] - F.x[j]);
                F.qy[j] = F.qp[j] + beta * (F.qp[j] - F.qx[j]);
            }
            for (i = 0; i < m; ++i) F.ry[i] = F.rp[i] + beta * (F.rp[i] - F.rx[i]);
            {
                la_real *s1 = F.x, *s2 = F.qx, *s3 = F.rx;
                F.x = F.pt;
                F.pt = s1;
                F.qx = F.qp;
                F.qp = s2;
                F.rx = F.rp;
                F.rp = s3;
            }
        }
        {
            la_real b0 = sp__prob_to_original(&F.p, F.best, coef);
            sp__info_set(info, st, reason, it, G.gap / mm, gap_tol / mm, sp__count_nnz(n, coef), b0,
                         (st == LA_OK ? G.primal : fbest) / mm);
        }
    }
    la__scratch_end(&sc);
    return st;
}

SP_API la_status sp_fista(la_mat X, const la_real *y, la_real lambda, la_real l1_ratio,
                          la_real *coef, const sp_lasso_opts *o, sp_info *info, la_arena *ws) {
    return sp__fista_call(sp__dense(X), y, lambda, l1_ratio, coef, o, info, ws);
}
SP_API la_status sp_fista_csc(const sp_mat *X, const la_real *y, la_real lambda, la_real l1_ratio,
                              la_real *coef, const sp_lasso_opts *o, sp_info *info,
                              la_arena *ws) {
    return sp__fista_call(sp__sparse(X), y, lambda, l1_ratio, coef, o, info, ws);
}

/* ---- group LASSO ---- */

typedef struct {
    sp__prob p;
    sp__cd s;          /* the residual state and gradient (naive) */
    la_int *gptr, *gidx, *gact;  /* members of each group; active groups */
    la_real *Lg, *vg;  /* majorizing constants and weights of the groups */
    la_real *z;        /* largest group */
    la_real *gram, *eig; /* Gram matrix of one group (lower triangle), eigenvalues */
} sp__group;

LA__PRIV void sp__group_layout(sp__ws *w, sp__group *S, la_int m, la_int n, la_int G, la_int pmax,
                               la_int nu, int csc) {
    sp__prob_layout(w, &S->p, m, n, csc, nu);
    S->s.p = &S->p;
    sp__cd_layout(w, &S->s, m, n, csc, 0);
    S->gptr = SP__INTS(w, (size_t)G + 1);
    S->gidx = SP__INTS(w, n);
    S->gact = SP__INTS(w, G);
    S->Lg = SP__REALS(w, G);
    S->vg = SP__REALS(w, G);
    S->z = SP__REALS(w, pmax);
    S->gram = SP__REALS(w, (size_t)pmax * (size_t)pmax);
    S->eig = SP__REALS(w, pmax);
    sp__reserve(w, la_eigh_ws_bytes(pmax, 0));
}

LA__PRIV size_t sp__group_bytes(la_int m, la_int n, la_int G, la_int pmax, la_int nu, int csc) {
    sp__ws w = {NULL, 0, 0};
    sp__group S;
    sp__design_init(&S.p.D, la_mat_of(0, 0, NULL), NULL);
    sp__group_layout(&w, &S, m, n, G, pmax, nu, csc);
    return w.bytes;
}

SP_API size_t sp_group_lasso_ws_bytes(la_int m, la_int n, la_int n_groups, la_int max_group,
                                      la_int n_unpenalized) {
    size_t a, b;
    if (m < 0 || n < 0 || n_groups < 0 || max_group < 0 || n_unpenalized < 0) return 0;
    a = sp__group_bytes(m, n, n_groups, max_group, n_unpenalized, 0);
    b = sp__group_bytes(m, n, n_groups, max_group, n_unpenalized, 1);
    return (a > b ? a : b) + LA_ARENA_ALIGN;
}

/* One block update of group g (majorized prox step); returns L_g
 * ||change||^2. */
LA__PRIV la_real sp__group_update(sp__group *S, la_int g, la_real L1) {
    sp__cd *s = &S->s;
    la_int a = S->gptr[g], p = S->gptr[g + 1] - a, k;
    la_real Lg = S->Lg[g], nz = 0, shrink, dsq = 0;
    if (Lg <= 0) return 0;
    for (k = 0; k < p; ++k) {
        la_int j = S->gidx[a + k];
        S->z[k] = s->b[j] + sp__col_dot(&S->p.D, j, s->r, s->sum_r) / Lg;
        nz += S->z[k] * S->z[k];
    }
    nz = LA_SQRT(nz);
    shrink = S->vg[g] == 0 ? 1 : (nz > L1 * S->vg[g] / Lg ? 1 - L1 * S->vg[g] / (Lg * nz) : 0);
    for (k = 0; k < p; ++k) {
        la_int j = S->gidx[a + k];
        la_real d = shrink * S->z[k] - s->b[j];
        if (d == 0) continue;
        s->b[j] += d;
        dsq += d * d;
        sp__col_axpy(&S->p.D, j, -d, s->r, &s->sum_r, &s->shift);
    }
    return Lg * dsq;
}

/* The group duality gap (m-scaled) at the current state, gradient current:
 * the dual point c rho' (rho' orthogonal to the unpenalized groups, c the
 * largest scaling with ||X~_g^T theta|| <= v_g), as in sp__enet_gap. */
LA__PRIV sp__gap sp__group_gap(sp__group *S, la_int G, la_real L1, la_real rr, la_real ry) {
    sp__gap R;
    la_real dual = 0, pen = 0, c, rr2 = rr, ry2 = ry;
    la_int g, k;
    R.gd = sp__prob_project(&S->p, S->s.n, NULL, S->s.g, &rr2, &ry2);
    for (g = 0; g < G; ++g) {
        la_real gn = 0, bn = 0;
        for (k = S->gptr[g]; k < S->gptr[g + 1]; ++k) {
            gn += sp__sq(R.gd[S->gidx[k]]);
            bn += sp__sq(S->s.b[S->gidx[k]]);
        }
        pen += S->vg[g] * LA_SQRT(bn);
        if (S->vg[g] > 0 && LA_SQRT(gn) / S->vg[g] > dual) dual = LA_SQRT(gn) / S->vg[g];
    }
    c = dual > L1 ? L1 / dual : 1;
    R.c = c;
    R.primal = rr / 2 + L1 * pen;
    R.gap = R.scaled = sp__max(rr / 2 + c * c * rr2 / 2 - c * ry2 + L1 * pen, 0);
    return R;
}

LA__PRIV la_status sp__group_call(sp__src d, const la_real *y, const la_int *group, la_int G,
                                  const la_real *gw, la_real lambda, la_real *coef,
                                  const sp_lasso_opts *o, sp_info *info, la_arena *ws) {
    la_status st = sp__penalized_check(d, y, coef, lambda, 1, o);
    la_int m = sp__src_rows(d), n = sp__src_cols(d), j, g, pmax = 0, nu = 0;
    la__scratch sc;
    sp__ws w;
    sp__group S;
    if (!st && (G < 0 || (n > 0 && (!group || G < 1)))) st = LA_ERR_ARG;
    for (j = 0; !st && j < n; ++j)
        if (group[j] < 0 || group[j] >= G) st = LA_ERR_ARG;
    for (g = 0; !st && gw && g < G; ++g)
        if (!(gw[g] >= 0) || !(gw[g] <= LA_REAL_MAX)) st = LA_ERR_ARG;
    if (st) {
        sp__info_set(info, st, "invalid argument", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return st;
    }
    if (m == 0 || n == 0) return sp__empty_fit(d, y, coef, o && o->fit_intercept, info);
    {
        /* the size of the largest group, counted in a first, small scratch */
        la__scratch sc0;
        la_int *count;
        if ((st = la__scratch_begin(&sc0, ws, la_ws_ints((size_t)G + 1))) != LA_OK) {
            sp__info_set(info, st, "workspace too small", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
            return st;
        }
        count = (la_int *)la__scratch_alloc(&sc0, ((size_t)G + 1) * sizeof(la_int));
        for (g = 0; g < G; ++g) count[g] = 0;
        for (j = 0; j < n; ++j) ++count[group[j]];
        for (g = 0; g < G; ++g) {
            if (count[g] > pmax) pmax = count[g];
            if (gw && gw[g] == 0) nu += count[g];
        }
        la__scratch_end(&sc0);
    }
    if ((st = sp__ws_begin(&sc, ws, sp__group_bytes(m, n, G, pmax, nu, d.A != NULL), &w)) != LA_OK) {
        sp__info_set(info, st, "workspace too small", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return st;
    }
    sp__design_init(&S.p.D, d.X, d.A);
    sp__group_layout(&w, &S, m, n, G, pmax, nu, d.A != NULL);
    st = w.fail ? LA_ERR_NOMEM
                : sp__prob_setup(&S.p, y, o && o->fit_intercept, o && o->standardize, NULL);
    if (!st && !sp__prob_to_internal(&S.p, coef, S.s.b)) st = LA_ERR_NONFINITE;
    if (!st) {
        sp__cd *s = &S.s;
        la_int k, i;
        s->m = m;
        s->n = n;
        s->pen = SP_PENALTY_L1;
        s->positive = 0;
        s->screening = 0;
        s->max_iter = sp__opt_max_iter(o);
        sp__cd_start(s);
        /* group members by counting */
        for (g = 0; g <= G; ++g) S.gptr[g] = 0;
        for (j = 0; j < n; ++j) ++S.gptr[group[j] + 1];
        for (g = 0; g < G; ++g) S.gptr[g + 1] += S.gptr[g];
        for (g = 0; g < G; ++g) S.gact[g] = S.gptr[g];
        for (j = 0; j < n; ++j) S.gidx[S.gact[group[j]]++] = j;
        /* weights and majorizing constants: the largest eigenvalue of the
           group's Gram matrix */
        for (g = 0; g < G && !st; ++g) {
            la_int a = S.gptr[g], p = S.gptr[g + 1] - a;
            S.vg[g] = gw ? gw[g] : LA_SQRT((la_real)p);
            if (p == 0) {
                S.Lg[g] = 0;
            } else if (p == 1) {
                S.Lg[g] = S.p.v[S.gidx[a]];
            } else {
                la_mat Gm = la_mat_of(p, p, S.gram);
                la_int r2;
                for (k = 0; k < p; ++k) {
                    la_real sum = 0;
                    sp__col_read(&S.p.D, S.gidx[a + k], s->col);
                    for (i = 0; i < m; ++i) sum += s->col[i];
                    for (r2 = 0; r2 <= k; ++r2)
                        S.gram[k * p + r2] = sp__col_dot(&S.p.D, S.gidx[a + r2], s->col, sum);
                }
                st = la_eigh(Gm, S.eig, la_mat_of(0, 0, NULL), sc.arena);
                S.Lg[g] = S.eig[p - 1] * (1 + 4 * (la_real)p * LA_EPS);
            }
        }
        if (!st) {
            /* unpenalized groups keep the dual point feasible */
            la_int c = 0;
            for (g = 0; g < G; ++g)
                for (k = S.gptr[g]; k < S.gptr[g + 1] && S.vg[g] == 0 && c < S.p.nu_cap; ++k)
                    S.p.ulist[c++] = S.gidx[k];
            sp__prob_unpenalized(&S.p, S.p.ulist, c);
        }
        if (!st) {
            la_real mm = (la_real)m, L1 = mm * lambda, tol = sp__opt_tol(o), gap_tol = tol * S.p.yy;
            la_real thr = gap_tol, rr, ry;
            sp__gap R = {0, 0, 1, 0, NULL};
            const char *reason = "max_iter reached";
            st = LA_ERR_NO_CONVERGENCE;
            while (s->iters < s->max_iter) {
                la_real dmax = 0;
                la_int na = 0;
                for (g = 0; g < G; ++g) {
                    la_real dd = sp__group_update(&S, g, L1);
                    if (dd > dmax) dmax = dd;
                }
                ++s->iters;
                if (dmax > thr) {
                    /* cycle on the nonzero groups */
                    for (g = 0; g < G; ++g) {
                        for (k = S.gptr[g]; k < S.gptr[g + 1] && s->b[S.gidx[k]] == 0; ++k) {
                        }
                        if (k < S.gptr[g + 1]) S.gact[na++] = g;
                    }
                    while (s->iters < s->max_iter) {
                        dmax = 0;
                        for (i = 0; i < na; ++i) {
                            la_real dd = sp__group_update(&S, S.gact[i], L1);
                            if (dd > dmax) dmax = dd;
                        }
                        ++s->iters;
                        if (dmax <= thr) break;
                    }
                    continue;
                }
                sp__cd_refresh(s, &rr, &ry);
                R = sp__group_gap(&S, G, L1, rr, ry);
                if (R.gap <= gap_tol) {
                    st = LA_OK;
                    reason = "duality gap <= tol";
                    break;
                }
                thr *= (la_real)0.1;
            }
            {
                la_real b0 = sp__prob_to_original(&S.p, s->b, coef);
                sp__info_set(info, st, reason, s->iters, R.gap / mm, gap_tol / mm,
                             sp__count_nnz(n, coef), b0, R.primal / mm);
            }
        }
    }
    if (st && st != LA_ERR_NO_CONVERGENCE)
        sp__info_set(info, st, st == LA_ERR_NONFINITE ? "NaN or Inf in the input" : "workspace too small",
                     0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
    la__scratch_end(&sc);
    return st;
}

SP_API la_status sp_group_lasso(la_mat X, const la_real *y, const la_int *group, la_int n_groups,
                                const la_real *group_weights, la_real lambda, la_real *coef,
                                const sp_lasso_opts *o, sp_info *info, la_arena *ws) {
    return sp__group_call(sp__dense(X), y, group, n_groups, group_weights, lambda, coef, o, info, ws);
}
SP_API la_status sp_group_lasso_csc(const sp_mat *X, const la_real *y, const la_int *group,
                                    la_int n_groups, const la_real *group_weights, la_real lambda,
                                    la_real *coef, const sp_lasso_opts *o, sp_info *info,
                                    la_arena *ws) {
    return sp__group_call(sp__sparse(X), y, group, n_groups, group_weights, lambda, coef, o, info,
                          ws);
}

/* ---- orthogonal matching pursuit ---- */

/* Gram rows X^T x_j of a design are computed for SP__OMP_BATCH atoms at a
 * time (the one selected and the next best by score) with one la_gemm, a
 * single pass over X for all of them: when later selections fall among
 * them, they cost no pass over X at all. */
#define SP__OMP_BATCH 16

typedef struct {
    la_int m, n, kmax;
    la_real *nrm2;  /* n: squared column norms */
    la_real *c0;    /* n: X^T y */
    la_real *c;     /* n: X^T r = c0 - G_{:,S} coef_S */
    la_real *q;     /* n: squared norms of the columns projected off the atoms */
    la_real *key;   /* n */
    la_int *flag;   /* n: 0 free, 1 selected, 2 dependent */
    la_int *seeds;  /* n */
    la_real *L;     /* kmax x kmax */
    la_real *z, *gam, *v, *beta; /* kmax */
    la_int *atoms;  /* kmax */
    /* design form: Gram rows computed on demand */
    la_real *H;     /* hcap x n */
    la_int *hslot;  /* n: row of H holding X^T x_j, -1 if none */
    la_int *howner; /* hcap: the atom whose row each row of H holds */
    la_int hcap, hused;
    la_int *cand;   /* SP__OMP_BATCH */
    la_real *V;     /* m x SP__OMP_BATCH: the batch's columns */
    la_real *r, *bfull, *dtmp; /* m, n, n: an explicit residual */
    la_real *ys;    /* m: y scaled by a power of two when far from 1 */
} sp__omp;

LA__PRIV la_int sp__omp_hcap(la_int n, la_int kmax) {
    return kmax + SP__OMP_BATCH < n ? kmax + SP__OMP_BATCH : n;
}

LA__PRIV void sp__omp_layout(sp__ws *w, sp__omp *s, la_int m, la_int n, la_int kmax, int design) {
    s->m = m;
    s->n = n;
    s->kmax = kmax;
    s->nrm2 = SP__REALS(w, n);
    s->c0 = SP__REALS(w, n);
    s->c = SP__REALS(w, n);
    s->q = SP__REALS(w, n);
    s->key = SP__REALS(w, n);
    s->flag = SP__INTS(w, n);
    s->seeds = SP__INTS(w, n);
    s->L = SP__REALS(w, (size_t)kmax * (size_t)kmax);
    s->z = SP__REALS(w, kmax);
    s->gam = SP__REALS(w, kmax);
    s->v = SP__REALS(w, kmax);
    s->beta = SP__REALS(w, kmax);
    s->atoms = SP__INTS(w, kmax);
    s->H = s->V = s->r = s->bfull = s->dtmp = s->ys = NULL;
    s->hslot = s->cand = s->howner = NULL;
    s->hcap = 0;
    if (design) {
        s->hcap = sp__omp_hcap(n, kmax);
        s->H = SP__REALS(w, (size_t)s->hcap * (size_t)n);
        s->hslot = SP__INTS(w, n);
        s->howner = SP__INTS(w, s->hcap);
        s->cand = SP__INTS(w, SP__OMP_BATCH);
        s->V = SP__REALS(w, (size_t)m * SP__OMP_BATCH);
        s->r = SP__REALS(w, m);
        s->ys = SP__REALS(w, m);
        s->bfull = SP__REALS(w, n);
        s->dtmp = SP__REALS(w, n);
        sp__reserve(w, la_gemm_ws_bytes(SP__OMP_BATCH, n, m));
    }
}

LA__PRIV la_int sp__omp_kmax(la_int m, la_int n, la_int k) {
    la_int r = n < m ? n : m;
    return k > 0 && k < r ? k : r;
}

LA__PRIV size_t sp__omp_bytes(la_int m, la_int n, la_int kmax, int design) {
    sp__ws w = {NULL, 0, 0};
    sp__omp s;
    sp__omp_layout(&w, &s, m, n, kmax, design);
    return w.bytes;
}

SP_API size_t sp_omp_ws_bytes(la_int m, la_int n, la_int k) {
    if (m < 0 || n < 0 || k < 0) return 0;
    return sp__omp_bytes(m, n, sp__omp_kmax(m, n, k), 1) + LA_ARENA_ALIGN;
}
SP_API size_t sp_omp_gram_ws_bytes(la_int n, la_int k) {
    if (n < 0 || k < 0) return 0;
    return sp__omp_bytes(0, n, sp__omp_kmax(n, n, k), 0) + LA_ARENA_ALIGN;
}

/* V (m x count, row-major) <- the columns list[0..count) of the design:
 * row by row for a dense design (each row read once). */
LA__PRIV void sp__gather_cols(const sp__design *D, const la_int *list, la_int count, la_real *V) {
    la_int i, t, q;
    if (D->A) {
        for (i = 0; i < D->m * count; ++i) V[i] = 0;
        for (t = 0; t < count; ++t)
            for (q = D->A->ptr[list[t]]; q < D->A->ptr[list[t] + 1]; ++q)
                V[(size_t)D->A->idx[q] * (size_t)count + (size_t)t] = D->A->val[q];
        return;
    }
    for (i = 0; i < D->m; ++i) {
        const la_real *x = &LA_AT(D->X, i, 0);
        for (t = 0; t < count; ++t) V[(size_t)i * (size_t)count + (size_t)t] = x[list[t]];
    }
}

/* The Gram row X^T x_j: a row of G, or of the design's rows computed in a
 * batch with the best-scoring atoms that have none (scores in key). */
LA__PRIV const la_real *sp__omp_row(sp__omp *s, sp__design *D, la_mat G, la_int j, la__scratch *sc) {
    la_int count = 0, i, t;
    if (!D) return &LA_AT(G, j, 0);
    if (s->hslot[j] >= 0) return s->H + (size_t)s->hslot[j] * (size_t)s->n;
    s->cand[count++] = j;
    if (s->hcap - s->hused < SP__OMP_BATCH) {
        /* full: keep only the rows of selected atoms (at most kmax) */
        la_int row, kept = 0;
        for (row = 0; row < s->hused; ++row) {
            la_int owner = s->howner[row];
            if (s->flag[owner] == 1) {
                if (kept != row)
                    memmove(s->H + (size_t)kept * (size_t)s->n, s->H + (size_t)row * (size_t)s->n,
                            (size_t)s->n * sizeof(la_real));
                s->hslot[owner] = kept;
                s->howner[kept++] = owner;
            } else {
                s->hslot[owner] = -1;
            }
        }
        s->hused = kept;
    }
    {
        /* the next best free atoms without a row, while room lasts */
        la_int room = s->hcap - s->hused, want = SP__OMP_BATCH < room ? SP__OMP_BATCH : room;
        for (t = 1; t < want; ++t) {
            la_int best = -1;
            for (i = 0; i < s->n; ++i)
                if (!s->flag[i] && s->hslot[i] < 0 && i != j && s->key[i] > 0 &&
                    (best < 0 || s->key[i] > s->key[best])) {
                    la_int u;
                    for (u = 1; u < count && s->cand[u] != i; ++u) {
                    }
                    if (u == count) best = i;
                }
            if (best < 0) break;
            s->cand[count++] = best;
        }
    }
    if (D->A) count = 1; /* sparse products cost little: no batching */
    sp__gather_cols(D, s->cand, count, s->V);
    {
        la_mat Hb = la_mat_of(count, s->n, s->H + (size_t)s->hused * (size_t)s->n);
        if (D->A) {
            sp_mv(LA_TRANS, 1, D->A, s->V, 0, &LA_AT(Hb, 0, 0));
        } else {
            la_gemm_ws(LA_TRANS, LA_NOTRANS, 1, la_mat_of(s->m, count, s->V), D->X, 0, Hb, sc->arena);
        }
    }
    for (t = 0; t < count; ++t) {
        s->howner[s->hused] = s->cand[t];
        s->hslot[s->cand[t]] = s->hused++;
    }
    return s->H + (size_t)s->hslot[j] * (size_t)s->n;
}

/* ||y - X_S coef_S||^2 computed from an explicit residual (one X b
 * product). */
LA__PRIV la_real sp__omp_residual(sp__omp *s, sp__design *D, const la_real *y, la_int k) {
    la_int j, i;
    la_real rr = 0;
    for (j = 0; j < s->n; ++j) s->bfull[j] = 0;
    for (j = 0; j < k; ++j) s->bfull[s->atoms[j]] = s->gam[j];
    sp__design_mv(D, s->bfull, s->r);
    for (i = 0; i < D->m; ++i) rr += sp__sq(y[i] - s->r[i]);
    return rr;
}

/* The OMP iteration on Gram rows: of G (D NULL), or of the design D
 * computed on demand; c0 = X^T y in s->c0, yty = ||y||^2, nrm2 the squared
 * column norms. coef: warm start in, fit out. The residual norm is
 * yty - ||z||^2, z = L^{-1} c0_S (Rubinstein et al. 2008); with a design
 * it is recomputed from an explicit residual once that difference falls
 * to the level of its rounding (about eps yty), so that tol can be met
 * below it. */
LA__PRIV la_status sp__omp_core(sp__omp *s, sp__design *D, la_mat G, const la_real *y, la_real yty,
                                la_real tol, la_real *coef, const sp_omp_opts *o, sp_info *info,
                                la__scratch *sc) {
    la_int n = s->n, kmax = s->kmax, k = 0, j, i, a, nseed = 0, si = 0;
    int loss = o && o->rule == SP_OMP_LOSS;
    const la_real *wt = o ? o->weights : NULL;
    la_real rr = yty, small = (la_real)(D ? D->m : n) * LA_EPS;
    const char *reason = "k atoms selected";
    /* seeds: the nonzeros of the warm start, largest |coef| first */
    for (j = 0; j < n; ++j)
        if (coef[j] != 0) {
            s->seeds[nseed++] = j;
            s->key[j] = LA_FABS(coef[j]);
        }
    nseed = sp__keep_largest(s->seeds, nseed, kmax, s->key, s->q);
    for (i = 1; i < nseed; ++i) {
        la_int t = s->seeds[i], p = i;
        for (; p > 0 && s->key[s->seeds[p - 1]] < s->key[t]; --p) s->seeds[p] = s->seeds[p - 1];
        s->seeds[p] = t;
    }
    for (j = 0; j < n; ++j) {
        s->c[j] = s->c0[j];
        s->q[j] = s->nrm2[j];
        s->flag[j] = 0;
        if (D) s->hslot[j] = -1;
    }
    s->hused = 0;
    while (k < kmax) {
        la_real best = 0;
        const la_real *h;
        if (rr <= tol) {
            reason = "residual <= tol";
            break;
        }
        /* scores |c_i| / sqrt(den_i) (kept in key: the batch of Gram rows
         * follows them), not their squares, which overflow for data near
         * 2^300 in double (2^30 in float) and picked the first atom */
        j = -1;
        for (i = 0; i < n; ++i) {
            la_real den = loss ? s->q[i] : s->nrm2[i], score = 0;
            if (!s->flag[i] && den > 0) {
                score = LA_FABS(s->c[i]) / LA_SQRT(den);
                if (wt) score /= LA_FABS(wt[i]);
            }
            s->key[i] = score;
            if (score > best) {
                best = score;
                j = i;
            }
        }
        if (si < nseed) {
            j = s->seeds[si++];
            if (s->flag[j] || !(s->nrm2[j] > 0)) continue;
        } else if (j < 0 || !(LA_FABS(s->c[j]) / LA_SQRT(loss ? s->q[j] : s->nrm2[j]) >
                              small * LA_SQRT(rr))) {
            reason = "no atom left that is independent and correlated";
            break;
        }
        /* the new Gram entries and the factor's new row */
        h = sp__omp_row(s, D, G, j, sc);
        for (a = 0; a < k; ++a) s->v[a] = h[s->atoms[a]];
        if (!sp__chol_append(s->L, kmax, k, s->v, s->nrm2[j])) {
            s->flag[j] = 2;
            continue;
        }
        s->flag[j] = 1;
        s->atoms[k] = j;
        /* z = L^{-1} c0_S grows by one entry; coef_S = L^{-T} z */
        {
            la_real t = s->c0[j];
            for (a = 0; a < k; ++a) t -= s->L[(size_t)k * kmax + a] * s->z[a];
            s->z[k] = t / s->L[(size_t)k * kmax + k];
        }
        rr = sp__max(rr - s->z[k] * s->z[k], 0);
        ++k;
        memcpy(s->gam, s->z, (size_t)k * sizeof(la_real));
        la_trsv(LA_LOWER, LA_TRANS, LA_NONUNIT, la_mat_ld(k, k, kmax, s->L), s->gam);
        if (D && rr <= 64 * (la_real)k * LA_EPS * yty) rr = sp__omp_residual(s, D, y, k);
        if (k == kmax || rr <= tol) continue;
        /* correlations with the new residual: c0 - G_{:,S} coef_S */
        memcpy(s->c, s->c0, (size_t)n * sizeof(la_real));
        for (a = 0; a < k; ++a) la__axpy_unit(n, -s->gam[a], sp__omp_row(s, D, G, s->atoms[a], sc), s->c);
        if (loss) {
            /* u = X_S L^{-T} e_k, the new orthonormal direction; q_i -= (x_i^T u)^2 */
            for (a = 0; a < k; ++a) s->beta[a] = a == k - 1 ? 1 : 0;
            la_trsv(LA_LOWER, LA_TRANS, LA_NONUNIT, la_mat_ld(k, k, kmax, s->L), s->beta);
            for (i = 0; i < n; ++i) s->key[i] = 0;
            for (a = 0; a < k; ++a) la__axpy_unit(n, s->beta[a], sp__omp_row(s, D, G, s->atoms[a], sc), s->key);
            for (i = 0; i < n; ++i) s->q[i] = sp__max(s->q[i] - s->key[i] * s->key[i], 0);
        }
    }
    for (j = 0; j < n; ++j) coef[j] = 0;
    for (a = 0; a < k; ++a) coef[s->atoms[a]] = s->gam[a];
    sp__info_set(info, LA_OK, reason, (int)k, SP__NAN, SP__NAN, k, 0, rr);
    return LA_OK;
}

LA__PRIV la_status sp__omp_check(la_int n, la_int k, la_real tol, const sp_omp_opts *o) {
    la_int j;
    if (k < 0 || k > n || !(tol >= 0)) return LA_ERR_ARG;
    if (o && o->rule != SP_OMP_CORRELATION && o->rule != SP_OMP_LOSS) return LA_ERR_ARG;
    if (o && o->weights)
        for (j = 0; j < n; ++j)
            if (!(o->weights[j] > 0)) return LA_ERR_ARG;
    return LA_OK;
}

/* 1, or the power of two below max |y_i| when that lies beyond 2^+-(max
 * exponent / 4): the greedy methods (OMP, IHT, CoSaMP) are homogeneous in
 * y and run on y over it, exactly, so that ||y||^2 and the residual
 * neither overflow nor underflow (near 2^-600 they found no atom and
 * returned LA_OK; near 2^600 they overflowed). */
LA__PRIV la_real sp__signal_scale(la_int m, const la_real *y) {
    la_real ymax = 0, lim = LA_SQRT(LA_SQRT(LA_REAL_MAX));
    la_int i;
    for (i = 0; i < m; ++i) ymax = sp__max(ymax, LA_FABS(y[i]));
    return ymax > lim || (ymax > 0 && ymax < 1 / lim) ? la__pow2_below(ymax) : 1;
}

/* The signal a greedy method runs on: y itself when *scale (from
 * sp__signal_scale) is 1, else ys <- y / scale, with the warm start b (n)
 * and the residual tolerance *tol brought to the same units. */
LA__PRIV const la_real *sp__signal_in(la_int m, const la_real *y, la_real *ys, la_int n,
                                      la_real *b, la_real *tol, la_real *scale) {
    la_int i;
    *scale = sp__signal_scale(m, y);
    if (*scale == 1) return y;
    for (i = 0; i < m; ++i) ys[i] = y[i] / *scale;
    for (i = 0; i < n; ++i) b[i] /= *scale;
    *tol = *tol / *scale / *scale;
    return ys;
}

LA__PRIV la_status sp__omp_call(sp__src d, const la_real *y, la_int k, la_real tol, la_real *coef,
                                const sp_omp_opts *o, sp_info *info, la_arena *ws) {
    la_status st = sp__design_check(d.X, d.A, y, coef, 1);
    la_int m = sp__src_rows(d), n = sp__src_cols(d), kmax, j;
    la__scratch sc;
    sp__ws w;
    sp__omp s;
    sp__design D;
    if (!st) st = sp__omp_check(n, k, tol, o);
    if (st) {
        sp__info_set(info, st, "invalid argument", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return st;
    }
    if (m == 0 || n == 0) {
        if (!la_vec_isfinite(m, y)) st = LA_ERR_NONFINITE;
        for (j = 0; j < n && !st; ++j) coef[j] = 0;
        sp__info_set(info, st, st ? "NaN or Inf in y" : "empty design", 0, SP__NAN, SP__NAN, 0, 0,
                     SP__NAN);
        return st;
    }
    kmax = sp__omp_kmax(m, n, k);
    if ((st = sp__ws_begin(&sc, ws, sp__omp_bytes(m, n, kmax, 1), &w)) != LA_OK) {
        sp__info_set(info, st, "workspace too small", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return st;
    }
    sp__omp_layout(&w, &s, m, n, kmax, 1);
    sp__design_init(&D, d.X, d.A);
    D.tmp = s.dtmp;
    if (w.fail) st = LA_ERR_NOMEM;
    else if (!la_vec_isfinite(m, y) || !la_vec_isfinite(n, coef) || !sp__col_stats(&D, NULL, NULL, s.nrm2))
        st = LA_ERR_NONFINITE;
    if (!st) {
        la_real sc2;
        const la_real *yw = sp__signal_in(m, y, s.ys, n, coef, &tol, &sc2);
        sp__design_tmv(&D, yw, s.c0);
        st = sp__omp_core(&s, &D, la_mat_of(0, 0, NULL), yw, la__dot_unit(m, yw, yw), tol, coef, o,
                          info, &sc);
        if (sc2 != 1) {
            for (j = 0; j < n; ++j) coef[j] *= sc2;
            if (info) info->objective = info->objective * sc2 * sc2;
        }
    }
    else
        sp__info_set(info, st, st == LA_ERR_NONFINITE ? "NaN or Inf in the input" : "workspace too small",
                     0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
    la__scratch_end(&sc);
    return st;
}

SP_API la_status sp_omp(la_mat X, const la_real *y, la_int k, la_real tol, la_real *coef,
                        la_arena *ws) {
    return sp__omp_call(sp__dense(X), y, k, tol, coef, NULL, NULL, ws);
}
SP_API la_status sp_omp_csc(const sp_mat *X, const la_real *y, la_int k, la_real tol,
                            la_real *coef, la_arena *ws) {
    return sp__omp_call(sp__sparse(X), y, k, tol, coef, NULL, NULL, ws);
}
SP_API la_status sp_omp_ex(la_mat X, const la_real *y, la_int k, la_real tol, la_real *coef,
                           const sp_omp_opts *o, sp_info *info, la_arena *ws) {
    return sp__omp_call(sp__dense(X), y, k, tol, coef, o, info, ws);
}
SP_API la_status sp_omp_ex_csc(const sp_mat *X, const la_real *y, la_int k, la_real tol,
                               la_real *coef, const sp_omp_opts *o, sp_info *info,
                               la_arena *ws) {
    return sp__omp_call(sp__sparse(X), y, k, tol, coef, o, info, ws);
}

/* The Gram form on a scratch already carved (G checked by the caller). */
LA__PRIV la_status sp__omp_gram_run(sp__omp *s, la_mat G, const la_real *Xty, la_real yty,
                                    la_real tol, la_real *coef, const sp_omp_opts *o,
                                    sp_info *info) {
    la_int j;
    for (j = 0; j < s->n; ++j) {
        s->nrm2[j] = LA_AT(G, j, j);
        s->c0[j] = Xty[j];
    }
    return sp__omp_core(s, NULL, G, NULL, yty, tol, coef, o, info, NULL);
}

SP_API la_status sp_omp_gram(la_mat G, const la_real *Xty, la_real yty, la_int k, la_real tol,
                             la_real *coef, const sp_omp_opts *o, sp_info *info, la_arena *ws) {
    la_status st = la_mat_check(G) ? LA_ERR_ARG : LA_OK;
    la_int n = G.cols, kmax;
    la__scratch sc;
    sp__ws w;
    sp__omp s;
    if (!st && G.rows != G.cols) st = LA_ERR_DIM;
    if (!st && n > 0 && (!Xty || !coef)) st = LA_ERR_ARG;
    if (!st) st = sp__omp_check(n, k, tol, o);
    if (!st && !(yty >= 0)) st = yty != yty ? LA_ERR_NONFINITE : LA_ERR_ARG;
    if (!st && (!la_mat_isfinite(G) || !la_vec_isfinite(n, Xty) || !(yty <= LA_REAL_MAX) ||
                !la_vec_isfinite(n, coef)))
        st = LA_ERR_NONFINITE;
    if (st) {
        sp__info_set(info, st, st == LA_ERR_NONFINITE ? "NaN or Inf in the input" : "invalid argument", 0,
                     SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return st;
    }
    kmax = sp__omp_kmax(n, n, k);
    if ((st = sp__ws_begin(&sc, ws, sp__omp_bytes(0, n, kmax, 0), &w)) != LA_OK) {
        sp__info_set(info, st, "workspace too small", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return st;
    }
    sp__omp_layout(&w, &s, 0, n, kmax, 0);
    if (w.fail)
        st = LA_ERR_NOMEM;
    else
        st = sp__omp_gram_run(&s, G, Xty, yty, tol, coef, o, info);
    la__scratch_end(&sc);
    return st;
}

/* Batch OMP: Gram matrix, blocks of X^T Y, sp__omp_gram_run per signal. */
#define SP__OMP_BLOCK 32

typedef struct {
    sp__omp s;
    la_real *G;    /* n x n */
    la_real *XtY;  /* SP__OMP_BLOCK x n */
    la_real *col;  /* m */
    la_real *tmp;  /* n */
} sp__ompb;

LA__PRIV void sp__ompb_layout(sp__ws *w, sp__ompb *B, la_int m, la_int n, la_int kmax) {
    sp__omp_layout(w, &B->s, 0, n, kmax, 0);
    B->G = SP__REALS(w, (size_t)n * (size_t)n);
    B->XtY = SP__REALS(w, (size_t)SP__OMP_BLOCK * (size_t)n);
    B->col = SP__REALS(w, m);
    B->tmp = SP__REALS(w, n);
}

LA__PRIV size_t sp__ompb_bytes(la_int m, la_int n, la_int kmax) {
    sp__ws w = {NULL, 0, 0};
    sp__ompb B;
    sp__ompb_layout(&w, &B, m, n, kmax);
    return w.bytes + la_gemm_ws_bytes(SP__OMP_BLOCK, n, m) + la_gemm_ws_bytes(n, n, m);
}

SP_API size_t sp_omp_batch_ws_bytes(la_int m, la_int n, la_int k) {
    if (m < 0 || n < 0 || k < 0) return 0;
    return sp__ompb_bytes(m, n, sp__omp_kmax(m, n, k)) + LA_ARENA_ALIGN;
}

LA__PRIV la_status sp__ompb_call(sp__src d, la_mat Y, la_int k, la_real tol, la_mat Coef,
                                 const sp_omp_opts *o, sp_info *info, la_arena *ws) {
    la_int m = sp__src_rows(d), n = sp__src_cols(d), ns = Y.rows, kmax, j, s0;
    la_status st = LA_OK, first = LA_OK;
    la__scratch sc;
    sp__ws w;
    sp__ompb B;
    sp__design D;
    int atoms = 0;
    la_int nnz = 0;
    if (d.A ? (sp__check_header(d.A) != LA_OK || d.A->format != SP_CSC) : la_mat_check(d.X) != LA_OK)
        st = LA_ERR_ARG;
    if (!st && (la_mat_check(Y) || la_mat_check(Coef))) st = LA_ERR_ARG;
    if (!st && (Y.cols != m || Coef.rows != ns || Coef.cols != n)) st = LA_ERR_DIM;
    if (!st) st = sp__omp_check(n, k, tol, o);
    if (st) {
        sp__info_set(info, st, "invalid argument", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return st;
    }
    kmax = sp__omp_kmax(m, n, k);
    if (!la_mat_isfinite(Y) || (d.A ? !la_vec_isfinite(d.A->nnz, d.A->val) : !la_mat_isfinite(d.X))) {
        sp__info_set(info, LA_ERR_NONFINITE, "NaN or Inf in the input", 0, SP__NAN, SP__NAN, 0, 0,
                     SP__NAN);
        return LA_ERR_NONFINITE;
    }
    if (ns == 0 || n == 0 || m == 0) {
        la_mat_set(Coef, 0, 0);
        sp__info_set(info, LA_OK, "empty problem", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return LA_OK;
    }
    if ((st = sp__ws_begin(&sc, ws, sp__ompb_bytes(m, n, kmax), &w)) != LA_OK) {
        sp__info_set(info, st, "workspace too small", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return st;
    }
    sp__ompb_layout(&w, &B, m, n, kmax);
    if (w.fail) {
        st = LA_ERR_NOMEM;
        goto done;
    }
    sp__design_init(&D, d.X, d.A);
    D.tmp = B.tmp;
    {
        la_mat G = la_mat_of(n, n, B.G);
        if (d.A) {
            for (j = 0; j < n; ++j) {
                sp__col_read(&D, j, B.col);
                sp__design_tmv(&D, B.col, &LA_AT(G, j, 0));
            }
        } else {
            la_syrk_ws(LA_LOWER, LA_TRANS, 1, d.X, 0, G, sc.arena);
            la__mirror(G, 0);
        }
        if (!la_mat_isfinite(G)) { /* X^T X overflows, as sp_omp reports */
            st = LA_ERR_NONFINITE;
            la_mat_set(Coef, 0, 0);
            goto done;
        }
        for (s0 = 0; s0 < ns; s0 += SP__OMP_BLOCK) {
            la_int bs = ns - s0 < SP__OMP_BLOCK ? ns - s0 : SP__OMP_BLOCK, t;
            la_mat XtY = la_mat_of(bs, n, B.XtY);
            if (d.A) {
                for (t = 0; t < bs; ++t) sp__design_tmv(&D, &LA_AT(Y, s0 + t, 0), &LA_AT(XtY, t, 0));
            } else {
                la_gemm_ws(LA_NOTRANS, LA_NOTRANS, 1, la_mat_block(Y, s0, 0, bs, m), d.X, 0, XtY, sc.arena);
            }
            for (t = 0; t < bs; ++t) {
                const la_real *ys = &LA_AT(Y, s0 + t, 0);
                la_real *cs = &LA_AT(Coef, s0 + t, 0);
                sp_info si;
                la_real yty = la__dot_unit(m, ys, ys);
                for (j = 0; j < n; ++j) cs[j] = 0;
                if (!(yty <= LA_REAL_MAX) || !la_vec_isfinite(n, &LA_AT(XtY, t, 0))) {
                    if (!first) first = LA_ERR_NONFINITE; /* this signal's code stays 0 */
                    continue;
                }
                st = sp__omp_gram_run(&B.s, G, &LA_AT(XtY, t, 0), yty, tol, cs, o, &si);
                if (st && !first) first = st;
                atoms += si.iterations;
                nnz += si.nnz;
            }
        }
    }
    st = first;
done:
    sp__info_set(info, st,
                 st == LA_ERR_NONFINITE ? "X^T X, X^T y or y^T y overflows"
                 : st                   ? "workspace too small"
                                        : "all signals coded",
                 atoms, SP__NAN, SP__NAN, nnz, 0, SP__NAN);
    la__scratch_end(&sc);
    return st;
}

SP_API la_status sp_omp_batch(la_mat X, la_mat Y, la_int k, la_real tol, la_mat Coef,
                              const sp_omp_opts *o, sp_info *info, la_arena *ws) {
    return sp__ompb_call(sp__dense(X), Y, k, tol, Coef, o, info, ws);
}
SP_API la_status sp_omp_batch_csc(const sp_mat *X, la_mat Y, la_int k, la_real tol, la_mat Coef,
                                  const sp_omp_opts *o, sp_info *info, la_arena *ws) {
    return sp__ompb_call(sp__sparse(X), Y, k, tol, Coef, o, info, ws);
}

/* ---- LARS ---- */

typedef struct {
    sp__prob p;
    la_real *b, *c, *a, *coef;  /* n */
    la_int *flag;               /* n: 0 inactive, 1 active, 2 dependent */
    la_int *act;                /* kmax */
    la_real *wA, *sA, *v;       /* kmax */
    la_real *u;                 /* m */
    la_real *XA;                /* m x kmax, column-major */
    la_real *L;                 /* kmax x kmax */
} sp__lars;

LA__PRIV void sp__lars_layout(sp__ws *w, sp__lars *S, la_int m, la_int n, la_int kmax, int csc) {
    sp__prob_layout(w, &S->p, m, n, csc, 0);
    S->b = SP__REALS(w, n);
    S->c = SP__REALS(w, n);
    S->a = SP__REALS(w, n);
    S->coef = SP__REALS(w, n);
    S->flag = SP__INTS(w, n);
    S->act = SP__INTS(w, kmax);
    S->wA = SP__REALS(w, kmax);
    S->sA = SP__REALS(w, kmax);
    S->v = SP__REALS(w, kmax);
    S->u = SP__REALS(w, m);
    S->XA = SP__REALS(w, (size_t)m * (size_t)kmax);
    S->L = SP__REALS(w, (size_t)kmax * (size_t)kmax);
}

LA__PRIV size_t sp__lars_bytes(la_int m, la_int n, int csc) {
    sp__ws w = {NULL, 0, 0};
    sp__lars S;
    sp__design_init(&S.p.D, la_mat_of(0, 0, NULL), NULL);
    sp__lars_layout(&w, &S, m, n, m < n ? m : n, csc);
    return w.bytes;
}

SP_API size_t sp_lars_ws_bytes(la_int m, la_int n) {
    size_t a, b;
    if (m < 0 || n < 0) return 0;
    a = sp__lars_bytes(m, n, 0);
    b = sp__lars_bytes(m, n, 1);
    return (a > b ? a : b) + LA_ARENA_ALIGN;
}

LA__PRIV la_status sp__lars_push(sp__lars *S, sp_path *path, la_real C) {
    la_real b0 = sp__prob_to_original(&S->p, S->b, S->coef);
    return sp__path_push(path, C / (la_real)S->p.D.m, S->coef, b0, SP__NAN);
}

LA__PRIV la_status sp__lars_call(sp__src d, const la_real *y, const sp_lars_opts *o, sp_path *path,
                                 sp_info *info, la_arena *ws) {
    la_int m = sp__src_rows(d), n = sp__src_cols(d), kmax, nA = 0, j, i, entering = -1, dropped = -1;
    la_status st = sp__design_check(d.X, d.A, y, NULL, 0);
    la__scratch sc;
    sp__ws w;
    sp__lars S;
    int lar = o && o->lar, positive = o && o->positive, steps = 0;
    int max_steps = o && o->max_steps > 0 ? o->max_steps : 8 * (m < n ? m : n);
    la_real lmin = o ? o->lambda_min : 0, C = 0, mm = (la_real)m, dropped_sign = 0;
    const char *reason = "least-squares end of the path";
    if (!st) st = sp__path_check(path, n);
    if (!st && o && (o->max_steps < 0 || !(o->lambda_min >= 0) || !(o->lambda_min <= LA_REAL_MAX)))
        st = LA_ERR_ARG;
    if (st) {
        sp__info_set(info, st, "invalid argument", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return st;
    }
    path->count = 0;
    path->ptr[0] = 0;
    if (m == 0 || n == 0) {
        la_real b0 = 0;
        if (!la_vec_isfinite(m, y)) st = LA_ERR_NONFINITE;
        for (i = 0; i < m && o && o->fit_intercept; ++i) b0 += y[i] / mm;
        if (!st) st = sp__path_push(path, 0, NULL, b0, SP__NAN);
        sp__info_set(info, st, "empty design", 0, SP__NAN, SP__NAN, 0, b0, SP__NAN);
        return st;
    }
    kmax = m < n ? m : n;
    if ((st = sp__ws_begin(&sc, ws, sp__lars_bytes(m, n, d.A != NULL), &w)) != LA_OK) {
        sp__info_set(info, st, "workspace too small", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return st;
    }
    sp__design_init(&S.p.D, d.X, d.A);
    sp__lars_layout(&w, &S, m, n, kmax, d.A != NULL);
    st = w.fail ? LA_ERR_NOMEM
                : sp__prob_setup(&S.p, y, o && o->fit_intercept, o && o->standardize, NULL);
    if (st) {
        sp__info_set(info, st, st == LA_ERR_NONFINITE ? "NaN or Inf in the input" : "workspace too small",
                     0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        goto done;
    }
    if (S.p.intercept && kmax > m - 1) kmax = m - 1;
    sp__design_tmv(&S.p.D, S.p.yc, S.c);
    for (j = 0; j < n; ++j) {
        la_real t = positive ? S.c[j] : LA_FABS(S.c[j]);
        S.b[j] = 0;
        S.flag[j] = 0;
        if (S.p.v[j] > 0 && t > C) {
            C = t;
            entering = j;
        }
    }
    if (C <= mm * lmin) entering = -1;
    if ((st = sp__lars_push(&S, path, C)) != LA_OK) goto report;
    while (entering >= 0 || nA > 0) {
        la_real gamma, tiny = 16 * LA_EPS;
        la_int drop = -1, k;
        int stopping = 0;
        if (entering >= 0 && nA < kmax) {
            la_real *xj = S.XA + (size_t)nA * (size_t)m;
            sp__col_read(&S.p.D, entering, xj);
            for (k = 0; k < nA; ++k) S.v[k] = la__dot_unit(m, S.XA + (size_t)k * (size_t)m, xj);
            if (sp__chol_append(S.L, kmax, nA, S.v, S.p.v[entering])) {
                S.act[nA] = entering;
                S.sA[nA] = positive || S.c[entering] >= 0 ? 1 : -1;
                S.flag[entering] = 1;
                ++nA;
            } else {
                S.flag[entering] = 2;
            }
        }
        if (nA == 0) break;
        /* the equiangular direction: w = G_AA^{-1} s_A, u = X_A w, a = X^T u */
        memcpy(S.wA, S.sA, (size_t)nA * sizeof(la_real));
        sp__chol_solve_vec(S.L, kmax, nA, S.wA);
        for (i = 0; i < m; ++i) S.u[i] = 0;
        for (k = 0; k < nA; ++k) la__axpy_unit(m, S.wA[k], S.XA + (size_t)k * (size_t)m, S.u);
        sp__design_tmv(&S.p.D, S.u, S.a);
        /* the next event: a tie in correlation, a zero crossing, or the end.
           A feature just dropped sits at the tie it leaves (gamma = 0, its
           old sign): along this segment it can tie again only with the
           other sign. */
        gamma = C;
        entering = -1;
        if (nA < kmax)
            for (j = 0; j < n; ++j) {
                la_real g1;
                if (S.flag[j] || !(S.p.v[j] > 0)) continue;
                if ((j != dropped || dropped_sign < 0) && 1 - S.a[j] > tiny) {
                    g1 = (C - S.c[j]) / (1 - S.a[j]);
                    if (g1 > 0 && g1 < gamma) {
                        gamma = g1;
                        entering = j;
                    }
                }
                if (!positive && (j != dropped || dropped_sign > 0) && 1 + S.a[j] > tiny) {
                    g1 = (C + S.c[j]) / (1 + S.a[j]);
                    if (g1 > 0 && g1 < gamma) {
                        gamma = g1;
                        entering = j;
                    }
                }
            }
        if (!lar)
            for (k = 0; k < nA; ++k) {
                la_real t = S.wA[k] != 0 ? -S.b[S.act[k]] / S.wA[k] : -1;
                if (t > 0 && t < gamma) {
                    gamma = t;
                    drop = k;
                    entering = -1;
                }
            }
        if (lmin > 0 && C - gamma < mm * lmin) {
            gamma = C - mm * lmin;
            stopping = 1;
            entering = drop = -1;
        }
        for (k = 0; k < nA; ++k) S.b[S.act[k]] += gamma * S.wA[k];
        for (j = 0; j < n; ++j) S.c[j] -= gamma * S.a[j];
        C = stopping ? mm * lmin : C - gamma;
        if (drop >= 0) S.b[S.act[drop]] = 0;
        ++steps;
        if ((st = sp__lars_push(&S, path, C)) != LA_OK) break;
        dropped = -1;
        if (drop >= 0) {
            dropped = S.act[drop];
            dropped_sign = S.sA[drop];
            S.flag[dropped] = 0;
            sp__chol_delete(S.L, kmax, nA, drop);
            for (k = drop; k + 1 < nA; ++k) {
                S.act[k] = S.act[k + 1];
                S.sA[k] = S.sA[k + 1];
                memcpy(S.XA + (size_t)k * (size_t)m, S.XA + (size_t)(k + 1) * (size_t)m,
                       (size_t)m * sizeof(la_real));
            }
            --nA;
        }
        if (stopping) {
            reason = "lambda_min reached";
            break;
        }
        if (drop < 0 && entering < 0) break;
        if (steps >= max_steps) {
            st = LA_ERR_NO_CONVERGENCE;
            reason = "max_steps reached";
            break;
        }
    }
report:
    if (st == LA_ERR_NOMEM) reason = "path storage full";
    sp__info_set(info, st, reason, steps, SP__NAN, SP__NAN, sp__count_nnz(n, S.coef),
                 path->count > 0 && path->intercept ? path->intercept[path->count - 1] : 0, SP__NAN);
done:
    la__scratch_end(&sc);
    return st;
}

SP_API la_status sp_lars(la_mat X, const la_real *y, const sp_lars_opts *o, sp_path *path,
                         sp_info *info, la_arena *ws) {
    return sp__lars_call(sp__dense(X), y, o, path, info, ws);
}
SP_API la_status sp_lars_csc(const sp_mat *X, const la_real *y, const sp_lars_opts *o,
                             sp_path *path, sp_info *info, la_arena *ws) {
    return sp__lars_call(sp__sparse(X), y, o, path, info, ws);
}

/* ---- iterative hard thresholding and CoSaMP ---- */

typedef struct {
    la_real *b, *bn, *g, *key, *tmp, *dtmp; /* n */
    la_real *r, *xr, *ys;            /* m */
    la_int *list, *flag;             /* n */
    la_real *A, *B;                  /* CoSaMP: m x 3k, max(m, 3k) */
} sp__thr;

LA__PRIV void sp__thr_layout(sp__ws *w, sp__thr *S, la_int m, la_int n, la_int t) {
    S->b = SP__REALS(w, n);
    S->bn = SP__REALS(w, n);
    S->g = SP__REALS(w, n);
    S->key = SP__REALS(w, n);
    S->tmp = SP__REALS(w, n);
    S->dtmp = SP__REALS(w, n);
    S->r = SP__REALS(w, m);
    S->xr = SP__REALS(w, m);
    S->ys = SP__REALS(w, m);
    S->list = SP__INTS(w, n);
    S->flag = SP__INTS(w, n);
    S->A = S->B = NULL;
    if (t > 0) {
        S->A = SP__REALS(w, (size_t)m * (size_t)t);
        S->B = SP__REALS(w, m > t ? m : t);
        sp__reserve(w, la_lstsq_ws_bytes(m, t, 1));
    }
}

LA__PRIV size_t sp__thr_bytes(la_int m, la_int n, la_int t) {
    sp__ws w = {NULL, 0, 0};
    sp__thr S;
    sp__thr_layout(&w, &S, m, n, t);
    return w.bytes;
}

LA__PRIV la_int sp__cosamp_width(la_int n, la_int k) { return 3 * k < n ? 3 * k : n; }

SP_API size_t sp_iht_ws_bytes(la_int m, la_int n) {
    if (m < 0 || n < 0) return 0;
    return sp__thr_bytes(m, n, 0) + LA_ARENA_ALIGN;
}
SP_API size_t sp_cosamp_ws_bytes(la_int m, la_int n, la_int k) {
    if (m < 0 || n < 0 || k < 0) return 0;
    return sp__thr_bytes(m, n, sp__cosamp_width(n, k)) + LA_ARENA_ALIGN;
}

/* v <- H_k(v): keep the k entries of largest magnitude (ties by index). */
LA__PRIV void sp__hard_threshold(sp__thr *S, la_int n, la_int k, la_real *v) {
    la_int j, count;
    for (j = 0; j < n; ++j) {
        S->list[j] = j;
        S->key[j] = LA_FABS(v[j]);
    }
    count = sp__keep_largest(S->list, n, k, S->key, S->tmp);
    for (j = 0; j < n; ++j) S->flag[j] = 0;
    for (j = 0; j < count; ++j) S->flag[S->list[j]] = 1;
    for (j = 0; j < n; ++j)
        if (!S->flag[j]) v[j] = 0;
}

LA__PRIV la_real sp__dist2(la_int n, const la_real *a, const la_real *b) {
    la_int j;
    la_real s = 0;
    for (j = 0; j < n; ++j) s += sp__sq(a[j] - b[j]);
    return s;
}

/* r <- y - X b; returns ||r||^2. */
LA__PRIV la_real sp__residual(sp__design *D, const la_real *y, const la_real *b, la_real *r) {
    la_int i;
    la_real s = 0;
    sp__design_mv(D, b, r);
    for (i = 0; i < D->m; ++i) {
        r[i] = y[i] - r[i];
        s += r[i] * r[i];
    }
    return s;
}

LA__PRIV la_status sp__thr_call(int cosamp, sp__src d, const la_real *y, la_int k, la_real *coef,
                                const sp_greedy_opts *o, sp_info *info, la_arena *ws) {
    la_int m = sp__src_rows(d), n = sp__src_cols(d), j, i, it = 0, t = 0;
    la_status st = sp__design_check(d.X, d.A, y, coef, 1);
    la__scratch sc;
    sp__ws w;
    sp__thr S;
    sp__design D;
    const char *reason = "max_iter reached";
    if (!st && (k < 1 || k > n)) st = LA_ERR_ARG;
    if (!st && o && (o->max_iter < 0 || !(o->tol >= 0) || !(o->rel_tol >= 0))) st = LA_ERR_ARG;
    if (st) {
        sp__info_set(info, st, "invalid argument", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return st;
    }
    if (m == 0) {
        for (j = 0; j < n; ++j) coef[j] = 0;
        sp__info_set(info, LA_OK, "no data", 0, SP__NAN, SP__NAN, 0, 0, 0);
        return LA_OK;
    }
    if (cosamp) t = sp__cosamp_width(n, k);
    if ((st = sp__ws_begin(&sc, ws, sp__thr_bytes(m, n, t), &w)) != LA_OK) {
        sp__info_set(info, st, "workspace too small", 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
        return st;
    }
    sp__thr_layout(&w, &S, m, n, t);
    sp__design_init(&D, d.X, d.A);
    D.tmp = S.dtmp;
    if (w.fail) {
        st = LA_ERR_NOMEM;
        reason = "workspace too small";
    } else if (!la_vec_isfinite(m, y) || !la_vec_isfinite(n, coef) || !sp__design_finite(&D)) {
        st = LA_ERR_NONFINITE;
        reason = "NaN or Inf in the input";
    }
    if (!st) {
        int max_iter = o && o->max_iter > 0 ? o->max_iter : (cosamp ? 100 : 500);
        la_real tol = o ? o->tol : 0, rtol = o && o->rel_tol > 0 ? o->rel_tol : LA_SQRT(LA_EPS);
        la_real rr, c = (la_real)0.01, sc2;
        const la_real *yw;
        memcpy(S.b, coef, (size_t)n * sizeof(la_real));
        yw = sp__signal_in(m, y, S.ys, n, S.b, &tol, &sc2);
        sp__hard_threshold(&S, n, k, S.b);
        rr = sp__residual(&D, yw, S.b, S.r);
        st = LA_ERR_NO_CONVERGENCE;
        while (it < max_iter) {
            la_real change, nb;
            if (rr <= tol) {
                st = LA_OK;
                reason = "residual <= tol";
                break;
            }
            ++it;
            sp__design_tmv(&D, S.r, S.g);
            if (!cosamp) {
                /* normalized IHT: exact step on the support S (the k largest
                   correlations when coef is 0) */
                la_real num = 0, den, mu, omega;
                int have = 0;
                for (j = 0; j < n; ++j) have |= S.b[j] != 0;
                if (!have) {
                    memcpy(S.bn, S.g, (size_t)n * sizeof(la_real));
                    sp__hard_threshold(&S, n, k, S.bn);
                } else {
                    for (j = 0; j < n; ++j) S.bn[j] = S.b[j] != 0 ? S.g[j] : 0;
                }
                num = la_nrm2(n, S.bn, 1);
                if (num == 0) {
                    st = LA_OK;
                    reason = "stationary: no gradient on the support";
                    break;
                }
                /* mu = ||g_S||^2 / ||X g_S||^2, from g_S scaled by a power of
                   two to norm near 1 (the plain squares overflow or
                   underflow for data near 2^+-300) */
                la_scal(n, 1 / la__pow2_below(num), S.bn, 1);
                num = la__dot_unit(n, S.bn, S.bn);
                sp__design_mv(&D, S.bn, S.xr);
                den = la__dot_unit(m, S.xr, S.xr);
                mu = den > 0 ? num / den : 1;
                for (;;) {
                    int same = 1;
                    for (j = 0; j < n; ++j) S.bn[j] = S.b[j] + mu * S.g[j];
                    sp__hard_threshold(&S, n, k, S.bn);
                    for (j = 0; j < n && same; ++j) same = (S.bn[j] != 0) == (S.b[j] != 0);
                    if (same || !have) break;
                    for (j = 0; j < n; ++j) S.tmp[j] = S.bn[j] - S.b[j];
                    la_scal(n, 1 / la__pow2_below(la_nrm2(n, S.tmp, 1)), S.tmp, 1);
                    sp__design_mv(&D, S.tmp, S.xr);
                    den = la__dot_unit(m, S.xr, S.xr);
                    omega = den > 0 ? (1 - c) * la__dot_unit(n, S.tmp, S.tmp) / den : mu;
                    if (mu <= omega) break;
                    mu /= 2 * (1 - c);
                }
            } else {
                /* CoSaMP: merge the 2k largest correlations with the support,
                   least squares there, keep the k largest */
                la_int nt = 0, rank, col;
                la_mat A, B;
                for (j = 0; j < n; ++j) {
                    S.list[j] = j;
                    S.key[j] = LA_FABS(S.g[j]);
                }
                nt = sp__keep_largest(S.list, n, 2 * k < n ? 2 * k : n, S.key, S.tmp);
                for (j = 0; j < n; ++j) S.flag[j] = 0;
                for (j = 0; j < nt; ++j) S.flag[S.list[j]] = 1;
                for (j = 0; j < n; ++j)
                    if (S.b[j] != 0) S.flag[j] = 1;
                for (j = 0, nt = 0; j < n; ++j)
                    if (S.flag[j]) S.list[nt++] = j;
                A = la_mat_of(m, nt, S.A);
                for (col = 0; col < nt; ++col) {
                    sp__col_read(&D, S.list[col], S.xr);
                    for (i = 0; i < m; ++i) LA_AT(A, i, col) = S.xr[i];
                }
                B = la_mat_of(m > nt ? m : nt, 1, S.B);
                for (i = 0; i < m; ++i) S.B[i] = yw[i];
                if ((st = la_lstsq_rank(A, B, -1, &rank, sc.arena)) != LA_OK) break;
                st = LA_ERR_NO_CONVERGENCE;
                for (j = 0; j < n; ++j) S.bn[j] = 0;
                for (col = 0; col < nt; ++col) S.bn[S.list[col]] = S.B[col];
                sp__hard_threshold(&S, n, k, S.bn);
            }
            change = LA_SQRT(sp__dist2(n, S.bn, S.b));
            {
                la_real rn = sp__residual(&D, yw, S.bn, S.xr);
                if (cosamp && rn >= rr) {
                    st = LA_OK;
                    reason = "residual stopped decreasing";
                    break;
                }
                rr = rn;
                memcpy(S.r, S.xr, (size_t)m * sizeof(la_real));
            }
            memcpy(S.b, S.bn, (size_t)n * sizeof(la_real));
            nb = LA_SQRT(la__dot_unit(n, S.b, S.b));
            if (change <= rtol * nb) {
                st = LA_OK;
                reason = "coefficients stopped changing";
                break;
            }
        }
        if (st == LA_OK || st == LA_ERR_NO_CONVERGENCE) {
            if (rr <= tol && st) {
                st = LA_OK;
                reason = "residual <= tol";
            }
            for (j = 0; j < n; ++j) coef[j] = S.b[j] * sc2;
        }
        sp__info_set(info, st, reason, it, SP__NAN, SP__NAN, sp__count_nnz(n, S.b), 0,
                     rr * sc2 * sc2);
    } else {
        sp__info_set(info, st, reason, 0, SP__NAN, SP__NAN, 0, 0, SP__NAN);
    }
    la__scratch_end(&sc);
    return st;
}

SP_API la_status sp_iht(la_mat X, const la_real *y, la_int k, la_real *coef,
                        const sp_greedy_opts *o, sp_info *info, la_arena *ws) {
    return sp__thr_call(0, sp__dense(X), y, k, coef, o, info, ws);
}
SP_API la_status sp_iht_csc(const sp_mat *X, const la_real *y, la_int k, la_real *coef,
                            const sp_greedy_opts *o, sp_info *info, la_arena *ws) {
    return sp__thr_call(0, sp__sparse(X), y, k, coef, o, info, ws);
}
SP_API la_status sp_cosamp(la_mat X, const la_real *y, la_int k, la_real *coef,
                           const sp_greedy_opts *o, sp_info *info, la_arena *ws) {
    return sp__thr_call(1, sp__dense(X), y, k, coef, o, info, ws);
}
SP_API la_status sp_cosamp_csc(const sp_mat *X, const la_real *y, la_int k, la_real *coef,
                               const sp_greedy_opts *o, sp_info *info, la_arena *ws) {
    return sp__thr_call(1, sp__sparse(X), y, k, coef, o, info, ws);
}

#endif /* SP_IMPLEMENTATION */

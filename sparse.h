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
 *       scaling, norms, operator adapters
 *    4. Preconditioners: Jacobi, incomplete Cholesky IC(0)
 *    5. Structured sparsity: magnitude, N:M and block pruning, bit masks,
 *       N:M-compressed matrices
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
 *    scaling, norms, operator adapters
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
 *    scaling, norms, operator adapters
 * ---------------------------------------------------------------------- */

/* y[0..n) <- beta y (beta == 0 writes zeros without reading y). */
LA__PRIV void sp__scale_vec(la_int n, la_real beta, la_real *y) {
    la_int i;
    if (beta == 1) return;
    if (beta == 0)
        for (i = 0; i < n; ++i) y[i] = 0;
    else
        for (i = 0; i < n; ++i) y[i] *= beta;
}

/* Software prefetch of x[idx[q + SP__PREFETCH_AHEAD]] in the dot-product
 * SpMV: for scattered column indices the loads of x wait on memory, and a
 * prefetch issued that many entries ahead overlaps them (a feature test:
 * nothing on compilers without the builtin). A banded matrix, whose rows
 * read a window of x that moves with the row and stays in cache, runs
 * faster without it: sp__scattered decides from a sample of rows. */
#if defined(__GNUC__) || defined(__clang__)
#define SP__PREFETCH(p) __builtin_prefetch(p)
#else
#define SP__PREFETCH(p) ((void)0)
#endif
#define SP__PREFETCH_AHEAD 128
#define SP__STREAM_AHEAD 512
#define SP__BAND_WINDOW 32768.0 /* entries of x (256 KB in double) */

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
 * scattered: four partial sums give the loads room to overlap, and x is
 * prefetched SP__PREFETCH_AHEAD entries ahead while q <= last. */
#define SP__DOT_ROW_SCATTERED                                           \
    do {                                                                \
        la_real s1 = 0, s2 = 0, s3 = 0;                                 \
        for (; q + 4 <= end; q += 4) {                                  \
            if (q <= last) {                                            \
                const la_int *f = idx + q + SP__PREFETCH_AHEAD;         \
                SP__PREFETCH(x + f[0]);                                 \
                SP__PREFETCH(x + f[1]);                                 \
                SP__PREFETCH(x + f[2]);                                 \
                SP__PREFETCH(x + f[3]);                                 \
            }                                                           \
            s0 += val[q] * x[idx[q]];                                   \
            s1 += val[q + 1] * x[idx[q + 1]];                           \
            s2 += val[q + 2] * x[idx[q + 2]];                           \
            s3 += val[q + 3] * x[idx[q + 3]];                           \
        }                                                               \
        for (; q < end; ++q) {                                          \
            if (q <= last) SP__PREFETCH(x + idx[q + SP__PREFETCH_AHEAD]); \
            s0 += val[q] * x[idx[q]];                                   \
        }                                                               \
        s0 = (s0 + s1) + (s2 + s3);                                     \
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
    int scattered = sp__scattered(major, minor, ptr, idx);
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
        sp__scale_vec(m, beta, y);
        return LA_OK;
    }
    if (dot) {
        sp__mv_dot(m, n, A->ptr, A->idx, A->val, alpha, x, beta, y);
    } else {
        sp__scale_vec(m, beta, y);
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
    sp__scale_vec(n, beta, y);
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

#endif /* SP_IMPLEMENTATION */

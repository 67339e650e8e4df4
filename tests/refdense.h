/* refdense.h - dense references in long double for the tests of the LU, QR,
 * least-squares and condition-estimate sections: square solves and
 * inverses by Gauss-Jordan elimination, 1-norms, least squares by the
 * normal equations, Cholesky. Independent of the library's algorithms. */
#ifndef TESTS_REFDENSE_H
#define TESTS_REFDENSE_H

#include "linalg.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Row-major n x n long double matrices (ld = n) from / to la_mat views. */
long double *rd_from_mat(la_mat A);
void rd_to_mat(const long double *M, la_mat A);
void rd_free(void *p);

/* X <- M^{-1} X (M n x n, X n x k, both row-major with ld n and k), by
 * Gauss-Jordan elimination with partial pivoting; M is destroyed. Returns 0
 * when M is singular. */
int rd_solve(la_int n, long double *M, la_int k, long double *X);
/* M <- M^{-1} (n x n). Returns 0 when M is singular. */
int rd_inverse(la_int n, long double *M);
/* max column sum of |M| (n x n). */
long double rd_norm1(la_int n, const long double *M);
/* True reciprocal 1-norm condition number of A (0 if singular). */
double rd_rcond1(la_mat A);
/* Least-squares solution of a full-column-rank A (m x n, m >= n) and right-
 * hand side b (m entries) by the normal equations A^T A x = A^T b. */
void rd_lstsq_normal(la_mat A, const la_real *b, long double *x);
/* Lower Cholesky factor of the SPD A into L (lower triangle; upper set 0). */
void rd_chol(la_mat A, la_mat L);

#ifdef __cplusplus
}
#endif

#endif

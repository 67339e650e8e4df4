/* testutil.h - helpers shared by the test files: allocation, random inputs
 * with a prescribed condition number, and references computed in long
 * double independently of the library's kernels. */
#ifndef TESTS_TESTUTIL_H
#define TESTS_TESTUTIL_H

#include "linalg.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Unit roundoff of the build as a double, for tolerances. */
#define TU_EPS ((double)LA_EPS)

/* Zeroed arrays (abort the test run if the machine is out of memory). */
la_real *tu_reals(size_t n);
la_int *tu_ints(size_t n);
/* A rows x cols matrix with leading dimension ld (ld = 0: ld = cols), zeroed;
 * free with tu_free(A.data). */
la_mat tu_mat(la_int rows, la_int cols, la_int ld);
void tu_free(void *p);

/* Fill with independent standard normal / uniform [-1, 1] entries. */
void tu_fill_normal(la_rng *r, la_mat A);
void tu_fill_uniform(la_rng *r, la_mat A);
void tu_vec_normal(la_rng *r, la_int n, la_real *x);

/* Q <- a random orthogonal n x n matrix (product of n Householder
 * reflections of normal vectors: Haar distributed, Stewart 1980). */
void tu_rand_orthogonal(la_rng *r, la_mat Q);
/* A (m x n) <- U diag(s) V^T with U, V random orthogonal and singular values
 * log-spaced from 1 down to 1/cond. */
void tu_rand_cond(la_rng *r, la_mat A, double cond);
/* A (n x n) <- Q diag(d) Q^T, symmetric positive definite with eigenvalues
 * log-spaced from 1 down to 1/cond (both triangles filled). */
void tu_rand_spd(la_rng *r, la_mat A, double cond);
/* A (n x n) <- Q diag(d) Q^T with Q random orthogonal: a symmetric matrix
 * with the given spectrum d[0..n) (both triangles filled, long double). */
void tu_rand_sym(la_rng *r, la_mat A, const double *d);

/* C <- alpha op(A) op(B) + beta C in long double (beta == 0 ignores C). */
void tu_ref_gemm(la_trans ta, la_trans tb, double alpha, la_mat A, la_mat B, double beta, la_mat C);
/* max_ij |A_ij - B_ij| (NaN if any difference is NaN). */
double tu_max_diff(la_mat A, la_mat B);
/* max_ij |A_ij| and the Frobenius norm, in long double. */
double tu_max_abs(la_mat A);
double tu_fro(la_mat A);
/* ||op(A) X - B||_F / (||A||_F ||X||_F + ||B||_F): the normwise backward
 * error of a solution X of op(A) X = B, computed in long double. */
double tu_backward_error(la_mat A, la_trans ta, la_mat X, la_mat B);
/* ||Q^T Q - I||_max for the columns of Q. */
double tu_orth_error(la_mat Q);

#ifdef __cplusplus
}
#endif

#endif

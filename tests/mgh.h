/* mgh.h - the unconstrained test problems of More, Garbow and Hillstrom,
 * "Testing unconstrained optimization software", ACM Transactions on
 * Mathematical Software 7(1), 17-41 (1981), written from the paper.
 *
 * Every problem is a sum of squares f(x) = sum_i r_i(x)^2 with m residuals in
 * n variables; residuals and the Jacobian are computed in double whatever
 * la_real is. The adapters give the objective (opt_fn), a Hessian (central
 * differences of the exact gradient, in double) and the residuals
 * (opt_residual_fn), with a pointer to the mgh_problem as ctx. The set is
 * shared by the tests and the optimization benchmark. */
#ifndef TESTS_MGH_H
#define TESTS_MGH_H

#include "linalg.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MGH_MAXN 16
#define MGH_MAXM 100

typedef struct {
    int id;             /* number of the problem in the paper (1-35) */
    const char *name;
    int n, m;           /* the dimensions used here (the paper's standard ones) */
    int nfmin;          /* number of known minimum values */
    double fmin[3];     /* the known minimum values (global first, then local) */
} mgh_problem;

/* Number of problems, and problem k (0 <= k < mgh_count()). */
int mgh_count(void);
const mgh_problem *mgh_get(int k);
/* The problem with the paper's number id, or NULL. */
const mgh_problem *mgh_find(int id);

/* The standard starting point x0 (n entries). */
void mgh_start(const mgh_problem *p, double *x);
/* Residuals r (m) and, unless J is NULL, the m x n row-major Jacobian. */
void mgh_residuals(const mgh_problem *p, const double *x, double *r, double *J);
/* f(x) = sum r_i^2 and, unless g is NULL, its gradient 2 J^T r. */
double mgh_value(const mgh_problem *p, const double *x, double *g);
/* |f - nearest known minimum| / max(1, that minimum): how close a value is
 * to one of the known minima. */
double mgh_fmin_gap(const mgh_problem *p, double f);

/* Adapters with ctx = (const mgh_problem *). */
la_real mgh_fn(const la_real *x, la_real *g, void *problem);
int mgh_hess(const la_real *x, la_mat H, void *problem);
int mgh_residual_fn(const la_real *x, la_real *r, la_real *J, void *problem);

#ifdef __cplusplus
}
#endif

#endif

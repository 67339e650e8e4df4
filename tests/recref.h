/* recref.h - independent references for the sparse-recovery tests: test
 * problems, residuals, objectives, duality gaps and KKT conditions of the
 * (1/(2m))-scaled elastic net, computed in long double straight from their
 * definitions (no code shared with sparse.h). */
#ifndef TESTS_RECREF_H
#define TESTS_RECREF_H

#include "sparse.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A regression problem: X (m x n, row-major), y, and the sparse coefficients
 * beta that generated y = X beta + noise. */
typedef struct {
    la_int m, n;
    la_mat X;
    la_real *y, *beta;
} rr_problem;

/* X with independent N(0,1) entries (columns scaled to unit norm when
 * `unit`), beta with k nonzeros of magnitude 1..2 and random signs at random
 * positions, y = X beta + noise * N(0,1). */
rr_problem rr_gaussian(la_rng *r, la_int m, la_int n, la_int k, double noise, int unit);
void rr_free(rr_problem *p);

/* r = y - b0 - X coef (long double, m entries, caller-owned). */
void rr_residual(la_mat X, const la_real *y, const la_real *coef, double b0, long double *r);
/* The elastic-net objective (1/(2m))||y - b0 - X coef||^2 + lambda sum_j w_j
 * (alpha |coef_j| + (1 - alpha)/2 coef_j^2); pf NULL means w = 1. */
double rr_objective(la_mat X, const la_real *y, const la_real *coef, double b0, double lambda,
                    double alpha, const la_real *pf);
/* A duality gap of that objective (b0 = 0) at coef, in the objective's
 * units: the smaller of the gap at the residual scaled into the dual
 * feasible set (|x_j^T theta| <= m lambda alpha w_j, or x_j^T theta <= ...
 * when positive; the elastic net as a LASSO on augmented data) and, when
 * lambda (1 - alpha) > 0, the Fenchel gap at the residual itself; the
 * residual is first projected off the columns with w_j = 0 (feasibility
 * demands x_j^T theta = 0 there). */
double rr_gap(la_mat X, const la_real *y, const la_real *coef, double lambda, double alpha,
              const la_real *pf, int positive);
/* The largest excess over its allowance of a KKT condition at coef:
 * |g_j| <= lambda alpha w_j for coef_j = 0 (g_j <= ... when positive) and
 * g_j - lambda (1 - alpha) w_j coef_j = lambda alpha w_j sign(coef_j)
 * otherwise, g = X^T r / m. The allowance of feature j is
 * ||x_j|| sqrt(2 gap / m) + sqrt(2 gap lambda (1 - alpha) w_j) (how far
 * g_j and the ridge term can be from their optimal values at a point whose
 * gap is `gap`, that gap raised by 1e-13 ||y||^2 / m for the rounding of
 * rr_gap itself) plus `slack`. <= 0 when every condition holds. */
double rr_kkt_excess(la_mat X, const la_real *y, const la_real *coef, double b0, double lambda,
                     double alpha, const la_real *pf, int positive, double gap, double slack);
/* The group LASSO (1/(2m))||y - X coef||^2 + lambda sum_g v_g ||coef_g||
 * (group[j] in [0, G), v_g = gw[g], NULL: sqrt(group size)): a duality gap
 * at the residual scaled so that ||X_g^T theta|| <= m lambda v_g, and the
 * largest excess of the group KKT conditions over ||X_g||_F sqrt(2 gap / m)
 * + slack: ||X_g^T r|| / m <= lambda v_g for a zero group, X_g^T r / m =
 * lambda v_g coef_g / ||coef_g|| otherwise. Groups of weight 0 must be
 * absent (the tests give every group a weight). */
double rr_group_gap(la_mat X, const la_real *y, const la_real *coef, const la_int *group, la_int G,
                    const la_real *gw, double lambda);
double rr_group_kkt_excess(la_mat X, const la_real *y, const la_real *coef, const la_int *group,
                           la_int G, const la_real *gw, double lambda, double gap, double slack);
/* ||X (a - b)|| / sqrt(m) in long double: the distance of two fits. */
double rr_fit_distance(la_mat X, const la_real *a, const la_real *b);
/* ||v||^2 in long double. */
double rr_sumsq(la_int n, const la_real *v);
/* The CSC copy of a dense matrix (all entries kept, zeros dropped). */
sp_mat rr_csc(la_mat X);

#ifdef __cplusplus
}
#endif

#endif

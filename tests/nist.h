/* nist.h - the 27 NIST StRD nonlinear regression problems (tests/data/nist/):
 * a reader for NIST's .dat files and the models with analytic Jacobians, as
 * residual callbacks for opt.h. Shared by the tests and bench/bench_lsq.c.
 *
 *     nist_problem p;
 *     if (nist_load("tests/data/nist", "Misra1a", &p) == 0) {
 *         la_real b[NIST_MAX_PARAMS];      start from p.start[0] or p.start[1]
 *         opt_lm(nist_residual, &p, p.n_obs, p.n_params, b, &o, NULL);
 *         ... compare with p.cert, p.cert_rss (nist_lre)
 *         nist_free(&p);
 *     }
 *
 * Residuals are r_i = model(x_i; b) - y_i (Nelson: model - log y_i). */
#ifndef TESTS_NIST_H
#define TESTS_NIST_H

#include "linalg.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NIST_COUNT 27
#define NIST_MAX_PARAMS 9

typedef struct {
    const char *name;
    int n_params, n_obs, n_pred; /* n_pred predictors per observation (1, or 2 for Nelson) */
    double start[2][NIST_MAX_PARAMS];
    double cert[NIST_MAX_PARAMS], cert_sd[NIST_MAX_PARAMS];
    double cert_rss; /* certified residual sum of squares */
    double *y;       /* n_obs responses */
    double *x;       /* n_obs * n_pred predictors, row by row */
    int model;       /* index into the model table */
} nist_problem;

/* The 27 names in NIST's order of difficulty (lower, average, higher). */
extern const char *const nist_names[NIST_COUNT];

/* Reads <dir>/<name>.dat. Returns 0 on success, -1 if the file cannot be
 * read or does not parse. nist_free releases the data. */
int nist_load(const char *dir, const char *name, nist_problem *p);
void nist_free(nist_problem *p);

/* Residuals (and, when J is not NULL, the n_obs x n_params row-major
 * Jacobian) at parameters b; ctx is a const nist_problem*. Returns 0. */
int nist_residual(const la_real *b, la_real *r, la_real *J, void *ctx);

/* Residual sum of squares at b, accumulated in long double. */
double nist_rss(const nist_problem *p, const double *b);

/* Log relative error -log10(|est - cert| / |cert|) (absolute when cert is
 * 0), capped at 11, the number of digits the certified values carry; 0 when
 * the estimate has no correct digit or is not finite. */
double nist_lre(double est, double cert);

#ifdef __cplusplus
}
#endif

#endif

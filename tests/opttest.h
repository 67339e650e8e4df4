/* opttest.h - helpers shared by the optimization tests: quadratic and
 * smooth test functions with exact derivatives, functions with NaN regions,
 * an evaluation counter, and one entry point that runs any smooth solver of
 * opt.h by number. */
#ifndef TESTS_OPTTEST_H
#define TESTS_OPTTEST_H

#include "opt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* f(x) = 1/2 x^T A x - b^T x (A symmetric n x n, row-major), computed in
 * long double; gradient A x - b, Hessian A. */
typedef struct {
    la_int n;
    const la_real *A, *b;
} ot_quad;
la_real ot_quad_fn(const la_real *x, la_real *g, void *q);
int ot_quad_hess(const la_real *x, la_mat H, void *q);
int ot_quad_hessvec(const la_real *x, const la_real *v, la_real *hv, void *q);

/* A smooth non-quadratic function with exact derivatives:
 * f(x) = sum sin(x_i) + (sum x_i)^2 / 2 + x_0^3; ctx = &n. */
la_real ot_smooth_fn(const la_real *x, la_real *g, void *n);
void ot_smooth_hess(la_int n, const la_real *x, la_mat H);

/* f(x) = sum log(cosh(x_i - 1)) (convex, minimum 0 at x = 1; pure Newton
 * steps overshoot from |x_i - 1| > 1.1), NaN where some |x_i - 1| > limit;
 * ctx points to an ot_logcosh. */
typedef struct {
    la_int n;
    la_real limit;
    la_int evals;
} ot_logcosh;
/* Rosenbrock's function in two variables (ctx unused). */
la_real ot_rosen(const la_real *x, la_real *g, void *c);
la_real ot_logcosh_fn(const la_real *x, la_real *g, void *c);
int ot_logcosh_hess(const la_real *x, la_mat H, void *c);
int ot_logcosh_hessvec(const la_real *x, const la_real *v, la_real *hv, void *c);

/* Counts the calls of an objective (and of those with a gradient). */
typedef struct {
    opt_fn f;
    void *ctx;
    la_int calls, grad_calls;
} ot_counter;
la_real ot_counted_fn(const la_real *x, la_real *g, void *c);

/* The solvers, by number. */
typedef enum {
    OT_GD = 0,
    OT_CG_HZ,
    OT_CG_PRP,
    OT_BFGS,
    OT_LBFGS,
    OT_LBFGSB,
    OT_NEWTON,
    OT_NEWTON_CG,
    OT_NEWTON_REG,
    OT_CUBIC,
    OT_LAZY,
    OT_TR_MORE_SORENSEN,
    OT_TR_DOGLEG,
    OT_TR_STEIHAUG,
    OT_TR_CG,
    OT_METHOD_COUNT
} ot_method;
const char *ot_method_name(int m);
/* Runs solver m from x; h and hv may be NULL (finite differences). */
opt_result ot_run(int m, opt_fn f, opt_hess_fn h, opt_hessvec_fn hv, void *ctx, la_int n,
                  la_real *x, const opt_options *o, la_arena *ws);

/* The workspace query of solver m. */
size_t ot_ws_bytes(int m, la_int n, const opt_options *o);

/* ||P(x - g) - x||_inf with the box [lo, up] (either may be NULL), g the
 * gradient of f at x computed here. */
double ot_projected_gradient(opt_fn f, void *ctx, la_int n, const la_real *x, const la_real *lo,
                             const la_real *up);

#ifdef __cplusplus
}
#endif

#endif

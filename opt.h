/* opt.h - numerical optimization in one header (C99), built on linalg.h.
 *
 * HOW TO USE
 *   Keep linalg.h beside this file. In exactly ONE .c file write
 *
 *       #define OPT_IMPLEMENTATION      (also defines LA_IMPLEMENTATION)
 *       #include "opt.h"
 *
 *   and include "opt.h" without the macro elsewhere. Link with -lm.
 *
 *   The objective is a callback: f(x, grad, ctx) returns f(x) and, when grad
 *   is not NULL, writes the gradient. Options are a struct whose zero value
 *   means defaults (NULL means all defaults); results come back in an
 *   opt_result that says why the solver stopped.
 *
 *       static la_real f(const la_real *x, la_real *g, void *ctx) { ... }
 *       la_real x[2] = {-1.2, 1};
 *       opt_result r = opt_lbfgs(f, NULL, 2, x, NULL, NULL);
 *       if (r.status == LA_OK) ...   (x holds the minimizer)
 *
 * CONVENTIONS
 *   status == LA_OK means converged to the requested tolerance;
 *   LA_ERR_NO_CONVERGENCE means a limit was hit and x holds the best point
 *   found. `reason` names the test that stopped the solver; `measure` and
 *   `threshold` are the quantities that were compared.
 *
 * TABLE OF CONTENTS
 *    1. Common types: callbacks, options, results
 */
#ifndef OPT_H
#define OPT_H

#if defined(OPT_IMPLEMENTATION) && !defined(LA_IMPLEMENTATION)
#define LA_IMPLEMENTATION
#endif
#include "linalg.h"

#ifdef LA_STATIC
#define OPT_API LA_API
#else
#define OPT_API extern
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================
 * 1. Common types: callbacks, options, results
 * ====================================================================== */

/* Objective: returns f(x); writes the gradient into grad unless it is NULL. */
typedef la_real (*opt_fn)(const la_real *x, la_real *grad, void *ctx);
/* Residuals of a least-squares problem: writes the m residuals r(x) and,
 * unless J is NULL, the m x n row-major Jacobian. Non-zero return aborts. */
typedef int (*opt_residual_fn)(const la_real *x, la_real *r, la_real *J, void *ctx);

/* Why a solver stopped. */
typedef enum {
    OPT_REASON_NONE = 0,
    OPT_REASON_GTOL,       /* gradient (or optimality) measure <= gtol */
    OPT_REASON_FTOL,       /* relative decrease of f <= ftol */
    OPT_REASON_XTOL,       /* relative step <= xtol */
    OPT_REASON_GAP,        /* duality gap <= tolerance */
    OPT_REASON_MAX_ITER,   /* iteration limit */
    OPT_REASON_MAX_EVALS,  /* function-evaluation limit */
    OPT_REASON_CALLBACK,   /* the progress callback asked to stop */
    OPT_REASON_NONFINITE,  /* the function kept returning NaN or Inf */
    OPT_REASON_LINESEARCH, /* no acceptable step could be found */
    OPT_REASON_ERROR,      /* invalid input or out of memory: see status */
    OPT_REASON_COUNT
} opt_reason;

/* What a progress callback sees after each iteration. */
typedef struct {
    la_int iteration;
    la_int n;
    const la_real *x;
    la_real f;
    la_real grad_norm;
    la_real step; /* length of the last step ||x_k - x_{k-1}|| */
    la_int f_evals;
} opt_progress;

/* Called after each iteration; a non-zero return stops the solver with
 * LA_ERR_ABORTED (x then holds the best point so far). */
typedef int (*opt_callback)(const opt_progress *p, void *ctx);

/* Options; every field's zero value means its default. */
typedef struct {
    la_int max_iter;    /* iteration limit */
    la_int max_evals;   /* function-evaluation limit */
    la_real gtol;       /* gradient tolerance */
    la_real ftol;       /* relative function-decrease tolerance */
    la_real xtol;       /* relative step tolerance */
    uint64_t seed;      /* seed of randomized methods */
    opt_callback callback;
    void *callback_ctx;
} opt_options;

/* What a solver returns. */
typedef struct {
    la_status status;   /* LA_OK: converged; LA_ERR_NO_CONVERGENCE: limit hit */
    opt_reason reason;  /* the test that stopped the solver */
    la_int iterations;
    la_int f_evals;     /* objective (or residual) evaluations */
    la_int g_evals;     /* gradient (or Jacobian) evaluations */
    la_real f;          /* objective at the returned x */
    la_real grad_norm;  /* gradient norm at the returned x */
    la_real measure;    /* the quantity compared with `threshold` at the stop */
    la_real threshold;
} opt_result;

/* Name of a stopping reason ("gradient tolerance", ...); never NULL. */
OPT_API const char *opt_reason_str(opt_reason r);

#ifdef __cplusplus
}
#endif

#endif /* OPT_H */

#if defined(OPT_IMPLEMENTATION) && !defined(OPT__IMPLEMENTATION_DONE)
#define OPT__IMPLEMENTATION_DONE

/* ----------------------------------------------------------------------
 * 1. Common types: callbacks, options, results
 * ---------------------------------------------------------------------- */

OPT_API const char *opt_reason_str(opt_reason r) {
    switch (r) {
    case OPT_REASON_NONE: return "none";
    case OPT_REASON_GTOL: return "gradient tolerance";
    case OPT_REASON_FTOL: return "function tolerance";
    case OPT_REASON_XTOL: return "step tolerance";
    case OPT_REASON_GAP: return "duality gap tolerance";
    case OPT_REASON_MAX_ITER: return "iteration limit";
    case OPT_REASON_MAX_EVALS: return "evaluation limit";
    case OPT_REASON_CALLBACK: return "stopped by callback";
    case OPT_REASON_NONFINITE: return "non-finite function value";
    case OPT_REASON_LINESEARCH: return "line search failed";
    case OPT_REASON_ERROR: return "error";
    case OPT_REASON_COUNT: break;
    }
    return "unknown reason";
}

#endif /* OPT_IMPLEMENTATION */

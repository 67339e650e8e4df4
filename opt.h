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
 *    7. Nonlinear least squares: Levenberg-Marquardt, dogleg, Gauss-Newton,
 *       difference Jacobians and their check, bounds, weights, robust losses,
 *       covariance of the estimates
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

/* ======================================================================
 * 7. Nonlinear least squares
 *
 *     minimize  F(x) = 1/2 sum_i rho(w_i r_i(x)^2)   subject to lower <= x <= upper
 *
 * for m residuals r(x) of n parameters given by an opt_residual_fn (which
 * writes r and, when asked, the m x n row-major Jacobian J). rho(z) = z and
 * w_i = 1 unless a robust loss or weights are chosen (opt_lsq_options); then
 * F = 1/2 ||r||^2, the plain least-squares cost.
 *
 * Methods (opt_lsq_options.method):
 *   OPT_LSQ_LM       Levenberg-Marquardt in More's trust-region form (More
 *                    1978; MINPACK's lmder, More, Garbow and Hillstrom 1980):
 *                    the variables are scaled by D = diag(column norms of J,
 *                    the largest seen so far); each step solves
 *                    min ||J p + r||^2 + lambda ||D p||^2 from the pivoted QR
 *                    of J (J P = Q R, never the normal equations), with
 *                    lambda found by More's safeguarded Newton iteration so
 *                    that ||D p|| matches the trust radius Delta, each trial
 *                    lambda solved by Givens rotations of [R; sqrt(lambda) D].
 *                    Optional geodesic acceleration (Transtrum and Sethna
 *                    2012): a second-order correction a/2 from a directional
 *                    second derivative (one extra residual evaluation per
 *                    step), kept when 2||D a|| <= alpha ||D p||.
 *   OPT_LSQ_DOGLEG   Powell's dogleg (Powell 1970) in the same scaled trust
 *                    region: the Gauss-Newton step if it fits, else the
 *                    point where the path from the Cauchy point to it leaves
 *                    the region.
 *   OPT_LSQ_GAUSS_NEWTON  Gauss-Newton steps from the pivoted QR (rank
 *                    truncated) with a backtracking Armijo line search.
 * Jacobians: the callback's (analytic), or forward / central differences
 * with steps sqrt(eps)|x_j| / eps^(1/3)|x_j| (n or 2n extra residual
 * evaluations; steps kept inside the bounds). opt_jac_check compares an
 * analytic Jacobian with central differences and names the wrong column.
 * Bounds: a projected trust region (active set as in Kanzow, Yamashita and
 * Fukushima 2004): parameters at a bound whose gradient points outwards are
 * held there (their columns removed from the model), the step of the others
 * is projected onto the box, and the predicted reduction is that of the
 * projected step. The starting point is first moved into the box.
 * Robust losses rho(z) = C^2 rho0(z / C^2), C = loss_scale (Huber: rho0 = z
 * for z <= 1, 2 sqrt(z) - 1 beyond; soft-L1: 2 (sqrt(1 + z) - 1); Cauchy:
 * log(1 + z); arctan: atan(z)), with the Triggs et al. (2000) correction: the
 * model uses rows sqrt(c_i) J_i and residuals rho'_i f_i / sqrt(c_i), c_i =
 * rho' + 2 z rho'' (kept >= sqrt(eps) rho'), as scipy's least_squares does.
 *
 * Stopping (opt_options, MINPACK's meanings; reported in opt_result.reason
 * and opt_lsq_report.info):
 *   ftol  (default sqrt(eps)) both the actual and the predicted relative
 *         reduction of F in a step are at most ftol (info 1; with xtol: 3)
 *   xtol  (default sqrt(eps)) the relative change of the scaled parameters
 *         is at most xtol: Delta <= xtol ||D x|| (info 2)
 *   gtol  (default 0: off) the cosine of the angle between the residual
 *         vector and every free column of J is at most gtol (info 4)
 *   max_evals  (default 100 (n + 1) per residual evaluation of a step, times
 *         (1 + evaluations of a difference Jacobian)) limit on residual
 *         evaluations, difference columns included (info 5)
 *   max_iter   (default: unlimited) limit on Jacobian evaluations
 *   the ftol, xtol and gtol tests with LA_EPS in place of the tolerance
 *   (info 6, 7, 8: no further progress is possible) also end the solve as
 *   converged, threshold = LA_EPS.
 * A residual evaluation giving NaN or Inf at a trial point rejects that step
 * (the trust region shrinks); NaN/Inf at the starting point, in an accepted
 * Jacobian, or at 20 trials in a row ends with LA_ERR_NONFINITE. A non-zero
 * return of the residual callback or of opt_options.callback (called after
 * each iteration) ends with LA_ERR_ABORTED, x holding the last accepted point.
 * ====================================================================== */

typedef enum {
    OPT_LSQ_LM = 0,      /* Levenberg-Marquardt, More's trust-region form (default) */
    OPT_LSQ_DOGLEG,      /* Powell's dogleg trust region */
    OPT_LSQ_GAUSS_NEWTON /* Gauss-Newton with a backtracking line search */
} opt_lsq_method;

typedef enum {
    OPT_JAC_ANALYTIC = 0, /* the callback writes J */
    OPT_JAC_FORWARD,      /* forward differences: n extra residual evaluations */
    OPT_JAC_CENTRAL       /* central differences: 2n extra residual evaluations */
} opt_jac_mode;

typedef enum {
    OPT_LOSS_LINEAR = 0, /* rho(z) = z: least squares */
    OPT_LOSS_HUBER,
    OPT_LOSS_SOFT_L1,
    OPT_LOSS_CAUCHY,
    OPT_LOSS_ARCTAN
} opt_loss;

typedef enum {
    OPT_SCALE_JACOBIAN = 0, /* D_j = largest column norm of J so far (MINPACK mode 1) */
    OPT_SCALE_NONE,         /* D = I */
    OPT_SCALE_USER          /* D = opt_lsq_options.diag, fixed (MINPACK mode 2) */
} opt_lsq_scaling;

/* Least-squares settings; the zero value of every field means its default
 * (NULL means all defaults). */
typedef struct {
    opt_lsq_method method;
    opt_jac_mode jacobian;
    la_real fd_step;          /* relative difference step (default sqrt(eps) forward,
                                 eps^(1/3) central) */
    opt_lsq_scaling scaling;
    const la_real *diag;      /* n positive scale factors for OPT_SCALE_USER */
    la_real step_bound;       /* initial Delta = step_bound ||D x0|| (default 100) */
    int geodesic;             /* non-zero: geodesic acceleration (LM only) */
    la_real geodesic_alpha;   /* keep the acceleration when 2||Da|| <= alpha ||Dp|| (0.75) */
    const la_real *lower;     /* n lower bounds (NULL: none; -LA_REAL_MAX or -Inf: none) */
    const la_real *upper;     /* n upper bounds */
    const la_real *weights;   /* m weights w_i >= 0 (NULL: all 1), e.g. 1/sigma_i^2 */
    opt_loss loss;
    la_real loss_scale;       /* C: residuals |f| <= C count quadratically (default 1) */
    la_real rank_tol;         /* rank of J for the covariance: |R_kk| > rank_tol |R_00| of
                                 the column-equilibrated J (default 10 max(m, n) eps) */
    int absolute_weights;     /* non-zero: weights are exact 1/sigma^2, covariance
                                 (J^T W J)^-1 without the factor s^2 */
} opt_lsq_options;

/* What opt_lsq reports beside opt_result. Set the three pointers (or leave
 * them NULL) before the call; the rest is output. */
typedef struct {
    la_real *cov;       /* in: n x n buffer for the covariance of x, or NULL */
    la_real *std_err;   /* in: n buffer for the standard errors sqrt(cov_jj), or NULL */
    la_real *residuals; /* in: m buffer for r(x) at the solution (unweighted), or NULL */
    int info;           /* MINPACK's code: 1-8 as above, 0 bad input, -1 aborted,
                           -2 non-finite values, -3 line search failed, -4 max_iter */
    la_int rank;        /* numerical rank of J at x (with cov/std_err; else n - n_active) */
    la_int dof;         /* degrees of freedom m - rank */
    la_int n_active;    /* parameters held at a bound */
    la_real rss;        /* sum_i w_i r_i^2 at x */
    la_real sigma;      /* residual standard deviation sqrt(rss / dof) */
} opt_lsq_report;

/* Levenberg-Marquardt with default least-squares settings:
 * opt_lsq(f, ctx, m, n, x, o, NULL, NULL, ws). x (n) is the starting point
 * on entry and the solution on return; opt_result.f = 1/2 ||r(x)||^2. */
OPT_API opt_result opt_lm(opt_residual_fn f, void *ctx, la_int m, la_int n, la_real *x,
                          const opt_options *o, la_arena *ws);

/* Nonlinear least squares with every option (see the section's head), and
 * on request the covariance of the estimates from the Jacobian at the
 * solution: cov = s^2 (J^T W J)^-1 with s^2 = rss / (m - rank) (omitted with
 * absolute_weights), computed by opt_lsq_covariance (the Jacobian is
 * evaluated once more for it, counted in g_evals). m < n is allowed (LM and
 * dogleg; J is padded with zero rows). opt_result: f = F(x), grad_norm =
 * ||J^T r||_inf over the free parameters (J from the last Jacobian
 * evaluation), iterations = Jacobian evaluations, f_evals = residual
 * evaluations (difference columns included), g_evals = Jacobians formed.
 * Cost per iteration: one Jacobian, its pivoted QR (2 m n^2 flops), and per
 * trial step one residual evaluation and O(n^3) (LM: at most 10 Givens
 * solves of 2n^3/3... flops). Workspace: opt_lsq_ws_bytes(m, n, lo) (plus
 * opt_lsq_covariance_ws_bytes(m, n) when cov or std_err is requested).
 * Errors: LA_ERR_ARG (NULL f or x, negative tolerance, negative weight or
 * loss_scale, non-positive diag), LA_ERR_DIM (m < 1 or n < 1, or m < n for
 * Gauss-Newton), LA_ERR_INFEASIBLE (a lower bound above its upper bound),
 * LA_ERR_NONFINITE, LA_ERR_ABORTED, LA_ERR_NOMEM, LA_ERR_NO_CONVERGENCE (a
 * limit was hit; x holds the best point), LA_ERR_LINESEARCH (Gauss-Newton
 * found no decrease along its direction). lo, rep may be NULL. */
OPT_API opt_result opt_lsq(opt_residual_fn f, void *ctx, la_int m, la_int n, la_real *x,
                           const opt_options *o, const opt_lsq_options *lo,
                           opt_lsq_report *rep, la_arena *ws);
/* Workspace bytes opt_lsq needs for these sizes and options (lo may be NULL),
 * alignment of the buffer included. */
OPT_API size_t opt_lsq_ws_bytes(la_int m, la_int n, const opt_lsq_options *lo);

/* Covariance of least-squares estimates from the m x n Jacobian J at the
 * solution: cov = s^2 (J^T J)^-1 with s^2 = rss / (m - rank), rss the
 * residual sum of squares (pass rss < 0 for s^2 = 1, when the rows of J are
 * already divided by exact standard deviations). From the pivoted QR of J
 * with its columns equilibrated to unit norm, J S P = Q R (Businger and
 * Golub 1965): the rank is the number of |R_kk| > rank_tol |R_00| (rank_tol
 * <= 0: 10 max(m, n) eps); parameters outside the leading rank pivot columns
 * are not determined by the data: their rows and columns of cov are 0 and
 * their std_err is +Inf (MINPACK's covar and GSL also zero them). With
 * m == rank (no degrees of freedom) and rss >= 0, s^2 is undefined and the
 * determined entries are +Inf. cov (n x n, row-major), std_err (n) and rank
 * may each be NULL. J is overwritten by the factorization. Cost 2 m n^2 +
 * n^3 flops; workspace opt_lsq_covariance_ws_bytes(m, n). Errors: LA_ERR_ARG
 * (bad view, rss NaN), LA_ERR_NONFINITE (J), LA_ERR_NOMEM. */
OPT_API la_status opt_lsq_covariance(la_mat J, la_real rss, la_real rank_tol, la_real *cov,
                                     la_real *std_err, la_int *rank, la_arena *ws);
OPT_API size_t opt_lsq_covariance_ws_bytes(la_int m, la_int n);

/* Difference Jacobian of f at x into the m x n J: forward (mode
 * OPT_JAC_FORWARD, n evaluations, step h_j = step |x_j|, default step
 * sqrt(eps)) or central (OPT_JAC_CENTRAL, 2n evaluations, default eps^(1/3));
 * h_j = step when x_j = 0. r (m) holds r(x) for forward differences (NULL:
 * evaluated here, one more call). Workspace la_ws_reals(2m + n) +
 * LA_ARENA_ALIGN. Errors: LA_ERR_ARG, LA_ERR_DIM, LA_ERR_ABORTED (the callback
 * returned non-zero), LA_ERR_NONFINITE (a difference is not finite),
 * LA_ERR_NOMEM. */
OPT_API la_status opt_jac_fd(opt_residual_fn f, void *ctx, la_int m, la_int n, const la_real *x,
                             const la_real *r, opt_jac_mode mode, la_real step, la_mat J,
                             la_arena *ws);

/* Result of opt_jac_check. */
typedef struct {
    la_int n_bad;      /* columns whose error exceeds tol (0: the Jacobian agrees) */
    la_int worst_col;  /* the column with the largest error */
    la_int worst_row;  /* the residual of that column where it is largest */
    la_real worst_err; /* that error, in [0, 1] */
} opt_jac_check_report;

/* Checks the analytic Jacobian of f at x against central differences,
 * column by column. Each column is differenced with steps h = eps^(1/3)
 * |x_j| and 2h (D and D'); the error of entry (i, j) is
 * max(0, |J_ij - D_ij| - 2 |D_ij - D'_ij| - 10 eps |r_i| / h) / (|J_ij| +
 * |D_ij| + e_j), where |D - D'| estimates the differences' truncation and
 * 10 eps |r_i| / h their resolution, and e_j = eps^(1/3)
 * max_i max(|J_ij|, |D_ij|) keeps entries at the noise level from counting;
 * it lies in [0, 1], 1 meaning sign or magnitude entirely wrong. col_err (n,
 * may be NULL) receives each column's largest error; rep the count of
 * columns above tol (tol <= 0: eps^(1/3)), the worst column and row.
 * Returns LA_OK when the check ran (read rep->n_bad for the verdict). Cost:
 * 4n + 1 evaluations. Workspace la_ws_reals(m n) + 5 la_ws_reals(m) +
 * la_ws_reals(n) + LA_ARENA_ALIGN bytes. Errors: LA_ERR_ARG, LA_ERR_DIM,
 * LA_ERR_ABORTED, LA_ERR_NONFINITE (the Jacobian or residuals at x, or a
 * difference), LA_ERR_NOMEM. */
OPT_API la_status opt_jac_check(opt_residual_fn f, void *ctx, la_int m, la_int n,
                                const la_real *x, la_real tol, la_real *col_err,
                                opt_jac_check_report *rep, la_arena *ws);

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

/* ----------------------------------------------------------------------
 * 7. Nonlinear least squares
 * ---------------------------------------------------------------------- */

#define OPT__INF ((la_real)HUGE_VAL)

/* rho0 of a robust loss at u = t^2, t = |f| / C >= 0 (written in t so that
 * large residuals do not overflow). */
LA__PRIV la_real opt__loss_rho(opt_loss loss, la_real t) {
    la_real u = t * t;
    switch (loss) {
    case OPT_LOSS_HUBER: return t <= 1 ? u : 2 * t - 1;
    case OPT_LOSS_SOFT_L1:
        if (t > 1) return 2 * (t * LA_SQRT(1 + (1 / t) * (1 / t)) - 1);
        return 2 * u / (LA_SQRT(1 + u) + 1); /* 2 (sqrt(1 + u) - 1) without cancellation */
    case OPT_LOSS_CAUCHY:
        if (t > 1) return 2 * LA_LOG(t) + LA_LOG1P((1 / t) * (1 / t));
        return LA_LOG1P(u);
    case OPT_LOSS_ARCTAN: return LA_ATAN2(u, 1);
    case OPT_LOSS_LINEAR: break;
    }
    return u;
}

/* rho0'(u) and the Triggs curvature factor c = rho0'(u) + 2 u rho0''(u) at
 * u = t^2 (Triggs, McLauchlan, Hartley and Fitzgibbon 2000). */
LA__PRIV void opt__loss_deriv(opt_loss loss, la_real t, la_real *d1, la_real *c) {
    la_real u = t * t, q;
    if (loss != OPT_LOSS_LINEAR && !(u < LA_REAL_MAX)) { /* |f| / C overflowed: flat */
        *d1 = 0;
        *c = 0;
        return;
    }
    switch (loss) {
    case OPT_LOSS_HUBER:
        *d1 = t <= 1 ? 1 : 1 / t;
        *c = t <= 1 ? 1 : 0;
        return;
    case OPT_LOSS_SOFT_L1:
        q = 1 / LA_SQRT(1 + u);
        *d1 = q;
        *c = q * q * q;
        return;
    case OPT_LOSS_CAUCHY:
        q = 1 / (1 + u);
        *d1 = q;
        *c = q * (1 - 2 * (u * q));
        return;
    case OPT_LOSS_ARCTAN:
        q = 1 / (1 + u * u);
        *d1 = q;
        *c = q * q - 3 * (u * q) * (u * q);
        return;
    case OPT_LOSS_LINEAR: break;
    }
    *d1 = 1;
    *c = 1;
}

/* Column j of the raw Jacobian at x by differences into col (stride inc):
 * step h = step |x_j| (step when x_j = 0) kept inside [lo, hi]; forward
 * (mode OPT_JAC_FORWARD, backward when the upper bound is in the way) or
 * central; where a central difference does not fit, the one-sided
 * second-order formula through r(x), r(x + h1), r(x + h2), h2 ~ 2 h1,
 * towards the side with room. r = r(x); xh (n, equal to x on entry and
 * exit), t1, t2 (m) scratch; *nf counts the calls. */
LA__PRIV la_status opt__fd_column(opt_residual_fn f, void *ctx, la_int m, const la_real *x,
                                  const la_real *r, la_int j, opt_jac_mode mode, la_real step,
                                  const la_real *lo, const la_real *hi, la_real *col, la_int inc,
                                  la_real *xh, la_real *t1, la_real *t2, la_int *nf) {
    la_real xj = x[j], h = step * LA_FABS(xj), up, down;
    la_int i;
    if (h == 0) h = step;
    up = (hi ? hi[j] : LA_REAL_MAX) - xj;
    down = xj - (lo ? lo[j] : -LA_REAL_MAX);
    if (up <= 0 && down <= 0) { /* fixed by its bounds */
        for (i = 0; i < m; ++i) col[(size_t)i * (size_t)inc] = 0;
        return LA_OK;
    }
    if (mode == OPT_JAC_CENTRAL && up >= h && down >= h) {
        la_real hp, hm;
        xh[j] = xj + h;
        hp = xh[j] - xj;
        ++*nf;
        if (f(xh, t1, NULL, ctx)) goto aborted;
        xh[j] = xj - h;
        hm = xj - xh[j];
        ++*nf;
        if (f(xh, t2, NULL, ctx)) goto aborted;
        for (i = 0; i < m; ++i) col[(size_t)i * (size_t)inc] = (t1[i] - t2[i]) / (hp + hm);
    } else if (mode == OPT_JAC_CENTRAL) {
        la_real room = up >= down ? up : -down, h1, h2;
        if (2 * h > LA_FABS(room)) h = LA_FABS(room) / 2;
        xh[j] = xj + (room > 0 ? h : -h);
        h1 = xh[j] - xj;
        ++*nf;
        if (f(xh, t1, NULL, ctx)) goto aborted;
        xh[j] = xj + 2 * h1;
        h2 = xh[j] - xj;
        ++*nf;
        if (f(xh, t2, NULL, ctx)) goto aborted;
        for (i = 0; i < m; ++i) /* exact for quadratics with the steps as rounded */
            col[(size_t)i * (size_t)inc] =
                (h2 * h2 * (t1[i] - r[i]) - h1 * h1 * (t2[i] - r[i])) / (h1 * h2 * (h2 - h1));
    } else {
        la_real hs;
        if (h > up) h = down > up ? -LA__MIN(h, down) : up;
        xh[j] = xj + h;
        hs = xh[j] - xj;
        ++*nf;
        if (f(xh, t1, NULL, ctx)) goto aborted;
        for (i = 0; i < m; ++i) col[(size_t)i * (size_t)inc] = (t1[i] - r[i]) / hs;
    }
    xh[j] = xj;
    for (i = 0; i < m; ++i)
        if (!LA__ISFINITE(col[(size_t)i * (size_t)inc])) return LA_ERR_NONFINITE;
    return LA_OK;
aborted:
    xh[j] = xj;
    return LA_ERR_ABORTED;
}

/* The whole difference Jacobian (m x n view J) by opt__fd_column. */
LA__PRIV la_status opt__jac_fd(opt_residual_fn f, void *ctx, la_int m, la_int n, const la_real *x,
                               const la_real *r, opt_jac_mode mode, la_real step,
                               const la_real *lo, const la_real *hi, la_mat J, la_real *xh,
                               la_real *t1, la_real *t2, la_int *nf) {
    la_int j;
    la_status st = LA_OK;
    for (j = 0; j < n; ++j) xh[j] = x[j];
    for (j = 0; j < n && st == LA_OK; ++j)
        st = opt__fd_column(f, ctx, m, x, r, j, mode, step, lo, hi, J.data + j, J.ld, xh, t1, t2, nf);
    return st;
}

/* State of one least-squares solve. The model rows are the weighted,
 * loss-corrected residuals fs and Jacobian J (mq = max(m, n) rows, the rows
 * past m zero); r and rt are the callback's raw residuals at x and at the
 * trial point. */
typedef struct {
    opt_residual_fn fn;
    void *ctx;
    la_int m, n, mq;
    const la_real *w, *lo, *hi;
    opt_loss loss;
    la_real C;
    opt_jac_mode jmode;
    la_real fd_step;
    la_int nf, nj;   /* residual calls, Jacobians formed */
    la_int n_active; /* parameters held at a bound */
    la_real *J;      /* mq x n model Jacobian, then its pivoted QR */
    la_real *r, *rt; /* m raw residuals at x and at the trial point */
    la_real *fs;     /* mq model residuals at x */
    la_real *qtf;    /* mq: Q^T fs */
    la_real *rowsc;  /* m: scale of each model row, sqrt(w_i c_i) */
    la_real *t1, *t2; /* m scratch */
    la_real *vq;     /* mq scratch */
    la_real *R;      /* n x n: R of J P = Q R, strict lower triangle scratch */
    la_real *tau, *acnorm, *g, *diag, *xt, *p, *v, *a, *sdiag, *wa; /* n each, wa 6n */
    la_int *perm, *held;
    la_arena *arena;
} opt__lsq;

/* sqrt(2 F) for raw residuals r: sqrt(sum_i C^2 rho0(w_i r_i^2 / C^2)). */
LA__PRIV la_real opt__lsq_fnorm(const opt__lsq *S, const la_real *r) {
    la_int i;
    la_real big = 0, s = 0;
    if (S->loss == OPT_LOSS_LINEAR) {
        if (!S->w) return la_nrm2(S->m, r, 1);
        for (i = 0; i < S->m; ++i) {
            la_real v = LA_SQRT(S->w[i]) * LA_FABS(r[i]);
            if (v > big) big = v;
        }
        if (big == 0) return 0;
        for (i = 0; i < S->m; ++i) {
            la_real v = LA_SQRT(S->w[i]) * LA_FABS(r[i]) / big;
            s += v * v;
        }
        return big * LA_SQRT(s);
    }
    for (i = 0; i < S->m; ++i) {
        la_real v = (S->w ? LA_SQRT(S->w[i]) : 1) * LA_FABS(r[i]);
        s += opt__loss_rho(S->loss, v / S->C);
    }
    return S->C * LA_SQRT(s);
}

/* r <- r(x) and its fnorm; LA_ERR_ABORTED, LA_ERR_NONFINITE. */
LA__PRIV la_status opt__lsq_residual(opt__lsq *S, const la_real *x, la_real *r, la_real *fnorm) {
    ++S->nf;
    if (S->fn(x, r, NULL, S->ctx)) return LA_ERR_ABORTED;
    if (!la_vec_isfinite(S->m, r)) return LA_ERR_NONFINITE;
    *fnorm = opt__lsq_fnorm(S, r);
    return LA__ISFINITE(*fnorm) ? LA_OK : LA_ERR_NONFINITE;
}

/* Model row factors of residual r_i: rowsc = sqrt(w_i c_i) scales the
 * Jacobian row, *fsi the model residual rho'_i f_i / sqrt(c_i) (f_i =
 * sqrt(w_i) r_i); returns rho'_i. */
LA__PRIV la_real opt__lsq_row(const opt__lsq *S, la_int i, la_real ri, la_real *rowsc, la_real *fsi) {
    la_real sw = S->w ? LA_SQRT(S->w[i]) : 1, f = sw * ri, d1 = 1, c = 1;
    if (S->loss != OPT_LOSS_LINEAR) {
        opt__loss_deriv(S->loss, LA_FABS(f) / S->C, &d1, &c);
        if (c < LA_SQRT(LA_EPS) * d1) c = LA_SQRT(LA_EPS) * d1;
        c = LA_SQRT(c);
    }
    if (c == 0) {
        *rowsc = 0;
        *fsi = 0;
    } else {
        *rowsc = sw * c;
        *fsi = d1 * f / c;
    }
    return d1;
}

/* The model Jacobian J and residual fs at x (r = r(x) already there):
 * the callback's Jacobian or differences, rows scaled by opt__lsq_row. */
LA__PRIV la_status opt__lsq_jacobian(opt__lsq *S, const la_real *x) {
    la_int m = S->m, n = S->n, i;
    la_mat J = la_mat_of(m, n, S->J);
    la_status st;
    if (S->jmode == OPT_JAC_ANALYTIC) {
        if (S->fn(x, S->t1, S->J, S->ctx)) return LA_ERR_ABORTED;
    } else {
        st = opt__jac_fd(S->fn, S->ctx, m, n, x, S->r, S->jmode, S->fd_step, S->lo, S->hi, J,
                         S->xt, S->t1, S->t2, &S->nf);
        if (st != LA_OK) return st;
    }
    ++S->nj;
    if (!la_mat_isfinite(J)) return LA_ERR_NONFINITE;
    for (i = 0; i < m; ++i) {
        opt__lsq_row(S, i, S->r[i], &S->rowsc[i], &S->fs[i]);
        if (S->rowsc[i] != 1) la_scal(n, S->rowsc[i], &LA_AT(J, i, 0), 1);
    }
    for (i = m; i < S->mq; ++i) {
        la_int j;
        for (j = 0; j < n; ++j) S->J[(size_t)i * (size_t)n + (size_t)j] = 0;
        S->fs[i] = 0;
    }
    return LA_OK;
}

/* Bounds: holds the parameters at a bound whose descent direction -g_j
 * (g = J^T fs) leaves the box, and those fixed by lo_j = hi_j, zeroing
 * their model columns. */
LA__PRIV void opt__lsq_hold(opt__lsq *S, const la_real *x) {
    la_int n = S->n, i, j;
    la_mat J = la_mat_of(S->mq, n, S->J);
    S->n_active = 0;
    for (j = 0; j < n; ++j) S->held[j] = 0;
    if (!S->lo && !S->hi) return;
    la_gemv(LA_TRANS, 1, J, S->fs, 0, S->g);
    for (j = 0; j < n; ++j) {
        la_real lj = S->lo ? S->lo[j] : -OPT__INF, uj = S->hi ? S->hi[j] : OPT__INF;
        S->held[j] = lj == uj || (x[j] <= lj && S->g[j] > 0) || (x[j] >= uj && S->g[j] < 0);
        if (S->held[j]) {
            for (i = 0; i < S->mq; ++i) LA_AT(J, i, j) = 0;
            ++S->n_active;
        }
    }
}

/* Column norms of the model J, its pivoted QR J P = Q R, qtf = Q^T fs and
 * the n x n R copied out. */
LA__PRIV la_status opt__lsq_factor(opt__lsq *S) {
    la_int n = S->n, mq = S->mq, i, j;
    la_mat J = la_mat_of(mq, n, S->J);
    la_status st;
    for (j = 0; j < n; ++j) S->acnorm[j] = 0;
    for (i = 0; i < mq; ++i) { /* one pass; la_nrm2 where that could over/underflow */
        const la_real *row = &LA_AT(J, i, 0);
        for (j = 0; j < n; ++j) S->acnorm[j] += row[j] * row[j];
    }
    for (j = 0; j < n; ++j) {
        la_real s = S->acnorm[j];
        if (s < LA_REAL_MIN / LA_EPS || !(s < LA_REAL_MAX))
            S->acnorm[j] = la_nrm2(mq, S->J + j, n);
        else
            S->acnorm[j] = LA_SQRT(s);
    }
    st = la_qr_pivoted(J, S->tau, S->perm, S->arena);
    if (st != LA_OK) return st;
    la_copy(mq, S->fs, 1, S->qtf, 1);
    st = la_qr_apply(LA_LEFT, LA_TRANS, J, S->tau, n, la_mat_of(mq, 1, S->qtf), S->arena);
    if (st != LA_OK) return st;
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) S->R[i * n + j] = j >= i ? LA_AT(J, i, j) : 0;
    return LA_OK;
}

/* The gradient J^T fs = P R^T (Q^T fs) into g (original order), its largest
 * |entry|, and MINPACK's gtol measure: the largest |cosine| between fs and a
 * non-zero column of J, with the residual norm fnorm. */
LA__PRIV la_real opt__lsq_gradient(const opt__lsq *S, const la_real *qtf, la_real fnorm,
                                   la_real *g, la_real *gmax) {
    la_int n = S->n, i, j;
    la_real cmax = 0, gm = 0;
    for (j = 0; j < n; ++j) {
        la_int l = S->perm[j];
        la_real sum = 0, scaled = 0;
        for (i = 0; i <= j; ++i) sum += S->R[i * n + j] * qtf[i];
        g[l] = sum;
        if (LA_FABS(sum) > gm) gm = LA_FABS(sum);
        if (S->acnorm[l] != 0 && fnorm != 0) {
            for (i = 0; i <= j; ++i) scaled += S->R[i * n + j] * (qtf[i] / fnorm);
            scaled = LA_FABS(scaled / S->acnorm[l]);
            if (scaled > cmax) cmax = scaled;
        }
    }
    *gmax = gm;
    return cmax;
}

/* Solves min_z || [R; E] z - [b; 0] || for the n x n upper triangular R in
 * Rw (row-major) and E = diag(d[perm[k]]) by Givens rotations that reduce
 * [R; E] to upper triangular S (More 1978, MINPACK's qrsolv); x[perm[k]] =
 * z_k. S's diagonal goes to sdiag, its strict upper triangle (transposed) to
 * Rw's strict lower triangle; Rw's upper triangle is kept. A zero on S's
 * diagonal truncates the solve. Cost about n^3 flops; wa: 2n. */
LA__PRIV void opt__lm_qrsolv(la_int n, la_real *Rw, const la_int *perm, const la_real *d,
                             const la_real *b, la_real *x, la_real *sdiag, la_real *wa) {
    la_real *z = wa, *rd = wa + n;
    la_int i, j, k, nsing = n;
    for (j = 0; j < n; ++j) {
        for (i = j + 1; i < n; ++i) Rw[i * n + j] = Rw[j * n + i];
        rd[j] = Rw[j * n + j];
        z[j] = b[j];
    }
    for (j = 0; j < n; ++j) {
        la_real dj = d[perm[j]];
        if (dj != 0) {
            la_real bj = 0; /* right-hand side of the row of E being eliminated */
            for (k = j + 1; k < n; ++k) sdiag[k] = 0;
            sdiag[j] = dj;
            for (k = j; k < n; ++k) {
                la_real skk = Rw[k * n + k], e = sdiag[k], c, s, t;
                if (e == 0) continue;
                if (LA_FABS(skk) < LA_FABS(e)) {
                    la_real ct = skk / e;
                    s = 1 / LA_SQRT(1 + ct * ct);
                    c = s * ct;
                } else {
                    la_real tn = e / skk;
                    c = 1 / LA_SQRT(1 + tn * tn);
                    s = c * tn;
                }
                Rw[k * n + k] = c * skk + s * e;
                t = c * z[k] + s * bj;
                bj = -s * z[k] + c * bj;
                z[k] = t;
                for (i = k + 1; i < n; ++i) {
                    la_real lik = Rw[i * n + k];
                    t = c * lik + s * sdiag[i];
                    sdiag[i] = -s * lik + c * sdiag[i];
                    Rw[i * n + k] = t;
                }
            }
        }
        sdiag[j] = Rw[j * n + j];
        Rw[j * n + j] = rd[j];
    }
    for (j = 0; j < n; ++j) {
        if (sdiag[j] == 0 && nsing == n) nsing = j;
        if (nsing < n) z[j] = 0;
    }
    for (j = nsing - 1; j >= 0; --j) {
        la_real sum = 0;
        for (i = j + 1; i < nsing; ++i) sum += Rw[i * n + j] * z[i];
        z[j] = (z[j] - sum) / sdiag[j];
    }
    for (j = 0; j < n; ++j) x[perm[j]] = z[j];
}

/* Back substitution R z = b on the leading nsing rows (z past them 0). */
LA__PRIV void opt__lsq_rsolve(la_int n, const la_real *Rw, la_int nsing, const la_real *b,
                              la_real *z) {
    la_int i, j;
    for (j = 0; j < n; ++j) z[j] = j < nsing ? b[j] : 0;
    for (j = nsing - 1; j >= 0; --j) {
        z[j] /= Rw[j * n + j];
        for (i = 0; i < j; ++i) z[i] -= Rw[i * n + j] * z[j];
    }
}

/* The Levenberg-Marquardt parameter (More 1978, MINPACK's lmpar): for R,
 * perm of J P = Q R, D = diag(d), b = the first n entries of Q^T f and the
 * radius delta, finds par >= 0 and x with (J^T J + par D^2) x = J^T f and
 * either par = 0, ||D x|| <= 1.1 delta, or | ||D x|| - delta | <= 0.1 delta,
 * by at most 10 safeguarded Newton steps on ||D x(par)|| - delta, each an
 * opt__lm_qrsolv. par on entry is the starting guess. wa: 4n. */
LA__PRIV la_real opt__lm_par(la_int n, la_real *Rw, const la_int *perm, const la_real *d,
                             const la_real *b, la_real delta, la_real par, la_real *x,
                             la_real *sdiag, la_real *wa) {
    la_real *w1 = wa, *w2 = wa + n, *qs = wa + 2 * n;
    la_int i, j, iter = 0, nsing = n;
    la_real dxnorm, fp, parl = 0, paru, gnorm, parc, temp;
    for (j = 0; j < n; ++j)
        if (Rw[j * n + j] == 0 && nsing == n) nsing = j;
    opt__lsq_rsolve(n, Rw, nsing, b, w1); /* Gauss-Newton direction */
    for (j = 0; j < n; ++j) x[perm[j]] = w1[j];
    for (j = 0; j < n; ++j) w2[j] = d[j] * x[j];
    dxnorm = la_nrm2(n, w2, 1);
    fp = dxnorm - delta;
    if (fp <= (la_real)0.1 * delta) return 0;
    if (nsing == n) { /* lower bound from the Newton step at par = 0 */
        for (j = 0; j < n; ++j) w1[j] = d[perm[j]] * (w2[perm[j]] / dxnorm);
        for (j = 0; j < n; ++j) {
            la_real sum = 0;
            for (i = 0; i < j; ++i) sum += Rw[i * n + j] * w1[i];
            w1[j] = (w1[j] - sum) / Rw[j * n + j];
        }
        temp = la_nrm2(n, w1, 1);
        parl = ((fp / delta) / temp) / temp;
    }
    for (j = 0; j < n; ++j) { /* upper bound ||D^-1 J^T f|| / delta */
        la_real sum = 0;
        for (i = 0; i <= j; ++i) sum += Rw[i * n + j] * b[i];
        w1[j] = sum / d[perm[j]];
    }
    gnorm = la_nrm2(n, w1, 1);
    paru = gnorm / delta;
    if (paru == 0) paru = LA_REAL_MIN / LA__MIN(delta, (la_real)0.1);
    par = LA__MAX(par, parl);
    par = LA__MIN(par, paru);
    if (par == 0) par = gnorm / dxnorm;
    for (;;) {
        ++iter;
        if (par == 0) par = LA__MAX(LA_REAL_MIN, (la_real)0.001 * paru);
        temp = LA_SQRT(par);
        for (j = 0; j < n; ++j) w1[j] = temp * d[j];
        opt__lm_qrsolv(n, Rw, perm, w1, b, x, sdiag, qs);
        for (j = 0; j < n; ++j) w2[j] = d[j] * x[j];
        dxnorm = la_nrm2(n, w2, 1);
        temp = fp;
        fp = dxnorm - delta;
        if (LA_FABS(fp) <= (la_real)0.1 * delta || (parl == 0 && fp <= temp && temp < 0) ||
            iter == 10)
            break;
        for (j = 0; j < n; ++j) w1[j] = d[perm[j]] * (w2[perm[j]] / dxnorm);
        for (j = 0; j < n; ++j) { /* S^T y = w1 with S from qrsolv */
            w1[j] /= sdiag[j];
            temp = w1[j];
            for (i = j + 1; i < n; ++i) w1[i] -= Rw[i * n + j] * temp;
        }
        temp = la_nrm2(n, w1, 1);
        parc = ((fp / delta) / temp) / temp;
        if (fp > 0) parl = LA__MAX(parl, par);
        if (fp < 0) paru = LA__MIN(paru, par);
        par = LA__MAX(parl, par + parc);
    }
    return par;
}

/* Powell's dogleg (Powell 1970) for min ||J x - f|| over ||D x|| <= delta,
 * from R, perm and b = (Q^T f)_{1..n}: the Gauss-Newton point if it fits,
 * else the point where the path from the scaled Cauchy point to it crosses
 * the boundary (or the boundary point along the scaled gradient when the
 * Cauchy point is outside). Rank deficiency truncates the Gauss-Newton
 * solve. wa: 2n. */
LA__PRIV void opt__dogleg(la_int n, const la_real *Rw, const la_int *perm, const la_real *d,
                          const la_real *b, la_real delta, la_real *x, la_real *wa) {
    la_real *gs = wa, *u = wa + n;
    la_real qnorm, gnorm, t, sgnorm, aa = 0, ab = 0, bb = 0, tau, disc;
    la_int i, j, nsing = n;
    for (j = 0; j < n; ++j)
        if (Rw[j * n + j] == 0 && nsing == n) nsing = j;
    opt__lsq_rsolve(n, Rw, nsing, b, u);
    for (j = 0; j < n; ++j) x[perm[j]] = u[j];
    for (j = 0; j < n; ++j) u[j] = d[j] * x[j];
    qnorm = la_nrm2(n, u, 1);
    if (qnorm <= delta) return;
    for (j = 0; j < n; ++j) { /* scaled gradient D^-1 J^T f */
        la_real sum = 0;
        for (i = 0; i <= j; ++i) sum += Rw[i * n + j] * b[i];
        gs[perm[j]] = sum / d[perm[j]];
    }
    gnorm = la_nrm2(n, gs, 1);
    if (gnorm == 0) {
        for (j = 0; j < n; ++j) x[j] *= delta / qnorm;
        return;
    }
    for (j = 0; j < n; ++j) gs[j] = (gs[j] / gnorm) / d[j]; /* unit length in the D norm */
    t = 0;
    for (i = 0; i < n; ++i) {
        la_real sum = 0;
        for (j = i; j < n; ++j) sum += Rw[i * n + j] * gs[perm[j]];
        u[i] = sum;
    }
    t = la_nrm2(n, u, 1);
    sgnorm = t == 0 ? OPT__INF : (gnorm / t) / t; /* D-length of the Cauchy point */
    if (sgnorm >= delta) {
        for (j = 0; j < n; ++j) x[j] = delta * gs[j];
        return;
    }
    /* || D (c + tau (x_gn - c)) || = delta, c = sgnorm gs */
    for (j = 0; j < n; ++j) {
        la_real cj = d[j] * sgnorm * gs[j], ej = d[j] * x[j] - cj;
        aa += cj * cj;
        ab += cj * ej;
        bb += ej * ej;
    }
    disc = LA_SQRT(ab * ab + bb * (delta * delta - aa));
    tau = ab > 0 ? (delta * delta - aa) / (ab + disc) : (disc - ab) / bb;
    for (j = 0; j < n; ++j) x[j] = sgnorm * gs[j] + tau * (x[j] - sgnorm * gs[j]);
}

/* Relative predicted reduction of the model for step s (original order) and
 * the directional derivative f^T J s / fnorm^2 (opt__lsq_gradient's R, qtf).
 * wa: n. */
LA__PRIV void opt__lsq_predict(const opt__lsq *S, const la_real *s, la_real fnorm, la_real *pred,
                               la_real *dirder, la_real *wa) {
    la_int n = S->n, i, j;
    la_real uu = 0, vu = 0;
    for (j = 0; j < n; ++j) wa[j] = s[S->perm[j]];
    for (i = 0; i < n; ++i) {
        la_real ui = 0;
        for (j = i; j < n; ++j) ui += S->R[i * n + j] * wa[j];
        ui /= fnorm;
        uu += ui * ui;
        vu += (S->qtf[i] / fnorm) * ui;
    }
    *pred = -(2 * vu + uu);
    *dirder = vu;
}

/* ||J P^T-permuted s|| = ||R P^T s|| for a step s. wa: n. */
LA__PRIV la_real opt__lsq_rnorm(const opt__lsq *S, const la_real *s, la_real *wa) {
    la_int n = S->n, i, j;
    for (i = 0; i < n; ++i) {
        la_real sum = 0;
        for (j = i; j < n; ++j) sum += S->R[i * n + j] * s[S->perm[j]];
        wa[i] = sum;
    }
    return la_nrm2(n, wa, 1);
}

/* Clamps xt = x + s into the box, s <- xt - x; returns 1 if any entry moved. */
LA__PRIV int opt__lsq_project(const opt__lsq *S, const la_real *x, la_real *s, la_real *xt) {
    la_int j;
    int moved = 0;
    for (j = 0; j < S->n; ++j) {
        la_real t = x[j] + s[j];
        if (S->lo && t < S->lo[j]) t = S->lo[j];
        if (S->hi && t > S->hi[j]) t = S->hi[j];
        if (t != x[j] + s[j]) moved = 1;
        xt[j] = t;
        s[j] = t - x[j];
    }
    return moved;
}

LA__PRIV la_real opt__lsq_dnorm(la_int n, const la_real *d, const la_real *v, la_real *wa) {
    la_int j;
    for (j = 0; j < n; ++j) wa[j] = d[j] * v[j];
    return la_nrm2(n, wa, 1);
}

/* Settings of a solve, defaults resolved. */
typedef struct {
    la_real ftol, xtol, gtol, factor, alpha;
    la_int max_evals, max_iter;
    opt_lsq_method method;
    opt_lsq_scaling scaling;
    const la_real *udiag;
    int geodesic;
    opt_callback cb;
    void *cb_ctx;
} opt__lsq_cfg;

/* How a driver ended: MINPACK's info and the compared quantities. */
typedef struct {
    int info;
    la_status status; /* of a failed evaluation or factorization */
    la_real fnorm, measure, threshold, gmax;
    int jac_current;  /* the last factorization is at the returned x */
} opt__lsq_end;

/* MINPACK-style info of a failed evaluation or factorization. */
LA__PRIV int opt__lsq_fail_info(la_status st) {
    return st == LA_ERR_ABORTED ? -1 : st == LA_ERR_NONFINITE ? -2 : 0;
}

/* The scaling D on the first iteration (MINPACK modes 1 and 2). */
LA__PRIV void opt__lsq_init_diag(opt__lsq *S, const opt__lsq_cfg *cfg) {
    la_int j;
    for (j = 0; j < S->n; ++j) {
        if (cfg->scaling == OPT_SCALE_USER)
            S->diag[j] = cfg->udiag[j];
        else if (cfg->scaling == OPT_SCALE_NONE || S->acnorm[j] == 0)
            S->diag[j] = 1;
        else
            S->diag[j] = S->acnorm[j];
    }
}

/* Reports an iteration to the user's callback; non-zero: stop. */
LA__PRIV int opt__lsq_progress(const opt__lsq *S, const opt__lsq_cfg *cfg, la_int iter,
                               const la_real *x, la_real fnorm, la_real gmax, la_real step) {
    opt_progress pr;
    if (!cfg->cb) return 0;
    pr.iteration = iter;
    pr.n = S->n;
    pr.x = x;
    pr.f = (la_real)0.5 * fnorm * fnorm;
    pr.grad_norm = gmax;
    pr.step = step;
    pr.f_evals = S->nf;
    return cfg->cb(&pr, cfg->cb_ctx);
}

/* Levenberg-Marquardt (More 1978) or dogleg (Powell 1970) in MINPACK's
 * trust-region framework (lmder's step acceptance, radius update and
 * convergence tests), with bounds by projection and optional geodesic
 * acceleration (Transtrum and Sethna 2012). x: start in the box on entry,
 * the last accepted point on return. */
LA__PRIV opt__lsq_end opt__lsq_trust(opt__lsq *S, la_real *x, const opt__lsq_cfg *cfg) {
    const la_real eps = LA_EPS, hgeo = (la_real)0.1, noise = 100 * LA_EPS;
    la_int n = S->n, j, outer = 0, nonfinite_run = 0, succ = 0;
    la_real fnorm, fnorm1 = 0, par = 0, delta = 0, xnorm = 0, gnorm = 0, pnorm, actred = 0;
    la_real prered = 0, dirder, ratio, temp;
    la_real *wa = S->wa;
    int lm = cfg->method == OPT_LSQ_LM;
    opt__lsq_end e;
    la_status st;
    memset(&e, 0, sizeof e);
    st = opt__lsq_residual(S, x, S->r, &fnorm);
    if (st != LA_OK) {
        e.status = st;
        e.info = opt__lsq_fail_info(st);
        return e;
    }
    for (;;) {
        la_real step_len = 0;
        if (S->nj >= cfg->max_iter) {
            e.info = -4;
            break;
        }
        st = opt__lsq_jacobian(S, x);
        if (st == LA_OK) {
            opt__lsq_hold(S, x);
            st = opt__lsq_factor(S);
        }
        if (st != LA_OK) {
            e.status = st;
            e.info = opt__lsq_fail_info(st);
            break;
        }
        e.jac_current = 1;
        if (outer++ == 0) {
            opt__lsq_init_diag(S, cfg);
            xnorm = opt__lsq_dnorm(n, S->diag, x, wa);
            delta = cfg->factor * xnorm;
            if (delta == 0) delta = cfg->factor;
        }
        gnorm = opt__lsq_gradient(S, S->qtf, fnorm, S->g, &e.gmax);
        if (gnorm <= cfg->gtol) e.info = 4;
        if (e.info) break;
        if (cfg->scaling == OPT_SCALE_JACOBIAN)
            for (j = 0; j < n; ++j) S->diag[j] = LA__MAX(S->diag[j], S->acnorm[j]);
        do { /* trial steps with this Jacobian until one is accepted */
            int clipped, general = 0, accel_rejected = 0, finite;
            if (lm) {
                par = opt__lm_par(n, S->R, S->perm, S->diag, S->qtf, delta, par, S->p, S->sdiag, wa);
            } else {
                opt__dogleg(n, S->R, S->perm, S->diag, S->qtf, delta, S->p, wa);
            }
            for (j = 0; j < n; ++j) S->p[j] = -S->p[j];
            if (lm && cfg->geodesic) {
                /* second directional derivative of the model residual along v = p by a
                 * difference, then the acceleration a from the same damped system */
                la_int i;
                int inside = 1;
                la_real fh;
                for (j = 0; j < n; ++j) {
                    S->xt[j] = x[j] + hgeo * S->p[j];
                    if ((S->lo && S->xt[j] < S->lo[j]) || (S->hi && S->xt[j] > S->hi[j])) inside = 0;
                }
                if (inside) {
                    st = opt__lsq_residual(S, S->xt, S->t2, &fh);
                    if (st == LA_ERR_ABORTED) {
                        e.status = st;
                        e.info = -1;
                        goto done;
                    }
                    if (st == LA_OK) {
                        la_real c2 = 2 / (hgeo * hgeo), vn, an;
                        for (i = 0; i < S->m; ++i) S->vq[i] = S->rowsc[i] * c2 * (S->t2[i] - S->r[i]);
                        for (i = S->m; i < S->mq; ++i) S->vq[i] = 0;
                        st = la_qr_apply(LA_LEFT, LA_TRANS, la_mat_of(S->mq, n, S->J), S->tau, n,
                                         la_mat_of(S->mq, 1, S->vq), S->arena);
                        if (st != LA_OK) {
                            e.status = st;
                            e.info = 0;
                            goto done;
                        }
                        for (i = 0; i < n; ++i) { /* minus (2/h) R P^T v */
                            la_real sum = 0;
                            for (j = i; j < n; ++j) sum += S->R[i * n + j] * S->p[S->perm[j]];
                            S->vq[i] -= (2 / hgeo) * sum;
                        }
                        temp = LA_SQRT(par);
                        for (j = 0; j < n; ++j) S->v[j] = temp * S->diag[j];
                        opt__lm_qrsolv(n, S->R, S->perm, S->v, S->vq, S->a, S->sdiag, wa);
                        vn = opt__lsq_dnorm(n, S->diag, S->p, wa);
                        an = opt__lsq_dnorm(n, S->diag, S->a, wa);
                        if (2 * an <= cfg->alpha * vn) {
                            for (j = 0; j < n; ++j) S->p[j] -= (la_real)0.5 * S->a[j];
                            general = 1;
                        } else {
                            accel_rejected = 1;
                        }
                    }
                }
            }
            if (accel_rejected) {
                /* as a failed step (Transtrum and Sethna 2012): shrink, more damping */
                pnorm = opt__lsq_dnorm(n, S->diag, S->p, wa);
                delta = (la_real)0.5 * LA__MIN(delta, pnorm);
                par *= 2;
                ratio = 0;
                actred = -1;
                prered = 0;
                finite = 1;
            } else {
                clipped = opt__lsq_project(S, x, S->p, S->xt);
                pnorm = opt__lsq_dnorm(n, S->diag, S->p, wa);
                if (succ == 0) delta = LA__MIN(delta, pnorm);
                st = opt__lsq_residual(S, S->xt, S->rt, &fnorm1);
                if (st == LA_ERR_ABORTED) {
                    e.status = st;
                    e.info = -1;
                    break;
                }
                finite = st == LA_OK;
                nonfinite_run = finite ? 0 : nonfinite_run + 1;
                actred = -1;
                if (finite && (la_real)0.1 * fnorm1 < fnorm) actred = 1 - (fnorm1 / fnorm) * (fnorm1 / fnorm);
                if (lm && !clipped && !general) {
                    la_real t1 = opt__lsq_rnorm(S, S->p, wa) / fnorm;
                    la_real t2 = LA_SQRT(par) * pnorm / fnorm;
                    prered = t1 * t1 + 2 * t2 * t2;
                    dirder = -(t1 * t1 + t2 * t2);
                } else {
                    opt__lsq_predict(S, S->p, fnorm, &prered, &dirder, wa);
                }
                ratio = prered != 0 ? actred / prered : 0;
                if (ratio <= (la_real)0.25) {
                    if (actred >= 0)
                        temp = (la_real)0.5;
                    else
                        temp = (la_real)0.5 * dirder / (dirder + (la_real)0.5 * actred);
                    if (!finite || (la_real)0.1 * fnorm1 >= fnorm || temp < (la_real)0.1)
                        temp = (la_real)0.1;
                    delta = temp * LA__MIN(delta, pnorm / (la_real)0.1);
                    par /= temp;
                } else if (par == 0 || ratio >= (la_real)0.75) {
                    delta = pnorm / (la_real)0.5;
                    par *= (la_real)0.5;
                }
                if (ratio < (la_real)1e-4 && finite && prered <= noise && actred >= -noise)
                    ratio = (la_real)1e-4; /* both changes at rounding level: accept */
                if (ratio >= (la_real)1e-4) { /* accept */
                    la_real *tr = S->r;
                    step_len = la_nrm2(n, S->p, 1);
                    for (j = 0; j < n; ++j) x[j] = S->xt[j];
                    S->r = S->rt;
                    S->rt = tr;
                    xnorm = opt__lsq_dnorm(n, S->diag, x, wa);
                    fnorm = fnorm1;
                    ++succ;
                    e.jac_current = 0;
                }
                if (LA_FABS(actred) <= cfg->ftol && prered <= cfg->ftol && (la_real)0.5 * ratio <= 1) {
                    e.info = 1;
                    e.measure = LA__MAX(LA_FABS(actred), prered);
                    e.threshold = cfg->ftol;
                }
            }
            if (delta <= cfg->xtol * xnorm) {
                e.info = e.info == 1 ? 3 : 2;
                if (e.info == 2) {
                    e.measure = xnorm > 0 ? delta / xnorm : 0;
                    e.threshold = cfg->xtol;
                }
            }
            if (e.info && !finite) e.info = -2; /* collapsed on non-finite values */
            if (e.info) break;
            if (S->nf >= cfg->max_evals) e.info = 5;
            if (LA_FABS(actred) <= eps && prered <= eps && (la_real)0.5 * ratio <= 1) {
                e.info = 6;
                e.measure = LA__MAX(LA_FABS(actred), prered);
            }
            if (delta <= eps * xnorm) {
                e.info = 7;
                e.measure = delta / xnorm;
            }
            if (gnorm <= eps) {
                e.info = 8;
                e.measure = gnorm;
            }
            if (e.info >= 6) e.threshold = eps;
            if (nonfinite_run >= 20 || (e.info >= 6 && !finite)) e.info = -2;
            if (e.info) break;
        } while (ratio < (la_real)1e-4);
        if (e.info) break;
        if (opt__lsq_progress(S, cfg, outer, x, fnorm, e.gmax, step_len)) {
            e.info = -1;
            e.status = LA_ERR_ABORTED;
            break;
        }
    }
done:
    if (e.info == 4 || e.info == 8) {
        e.measure = gnorm;
        e.threshold = e.info == 4 ? cfg->gtol : eps;
    }
    if (e.info == 5) {
        e.measure = (la_real)S->nf;
        e.threshold = (la_real)cfg->max_evals;
    }
    if (e.info == -4) {
        e.measure = (la_real)S->nj;
        e.threshold = (la_real)cfg->max_iter;
    }
    if (e.info == -2 && e.status == LA_OK) e.status = LA_ERR_NONFINITE;
    e.fnorm = fnorm;
    return e;
}

/* Gauss-Newton with a backtracking line search: the direction from the
 * pivoted QR (columns past the numerical rank, |R_kk| <= 10 n eps ||J_k||,
 * left out), an Armijo search (sufficient decrease 1e-4) along the projected
 * path with safeguarded quadratic interpolation (Dennis and Schnabel 1983,
 * A6.3.1); ftol, xtol and gtol as in MINPACK. */
LA__PRIV opt__lsq_end opt__lsq_gauss_newton(opt__lsq *S, la_real *x, const opt__lsq_cfg *cfg) {
    const la_real eps = LA_EPS, noise = 100 * LA_EPS;
    la_int n = S->n, j, outer = 0, rank;
    la_real fnorm, fnorm1 = 0, gnorm, actred, prered = 0, xnorm, pnorm, vnorm;
    la_real *wa = S->wa;
    opt__lsq_end e;
    la_status st;
    memset(&e, 0, sizeof e);
    st = opt__lsq_residual(S, x, S->r, &fnorm);
    if (st != LA_OK) {
        e.status = st;
        e.info = opt__lsq_fail_info(st);
        return e;
    }
    for (;;) {
        la_real t = 1, phi = 0, rtol;
        int accepted = 0, ls;
        if (S->nj >= cfg->max_iter) {
            e.info = -4;
            break;
        }
        st = opt__lsq_jacobian(S, x);
        if (st == LA_OK) {
            opt__lsq_hold(S, x);
            st = opt__lsq_factor(S);
        }
        if (st != LA_OK) {
            e.status = st;
            e.info = opt__lsq_fail_info(st);
            break;
        }
        e.jac_current = 1;
        if (outer++ == 0) opt__lsq_init_diag(S, cfg);
        if (cfg->scaling == OPT_SCALE_JACOBIAN)
            for (j = 0; j < n; ++j) S->diag[j] = LA__MAX(S->diag[j], S->acnorm[j]);
        gnorm = opt__lsq_gradient(S, S->qtf, fnorm, S->g, &e.gmax);
        if (gnorm <= cfg->gtol || gnorm <= eps) {
            e.info = gnorm <= cfg->gtol ? 4 : 8;
            e.measure = gnorm;
            e.threshold = e.info == 4 ? cfg->gtol : eps;
            break;
        }
        /* numerical rank, scale-invariantly: |R_kk| against its column's norm */
        rtol = 10 * (la_real)n * eps;
        for (rank = 0; rank < n && LA_FABS(S->R[rank * n + rank]) > rtol * S->acnorm[S->perm[rank]];
             ++rank) {
        }
        opt__lsq_rsolve(n, S->R, rank, S->qtf, wa);
        for (j = 0; j < n; ++j) S->v[S->perm[j]] = -wa[j]; /* the Gauss-Newton direction */
        xnorm = opt__lsq_dnorm(n, S->diag, x, wa);
        vnorm = opt__lsq_dnorm(n, S->diag, S->v, wa);
        for (ls = 0; ls < 60 && !accepted; ++ls) {
            la_real pr, dd;
            if (t * vnorm <= cfg->xtol * xnorm || t * vnorm <= eps * xnorm) {
                /* no decrease along steps below the step tolerance: as MINPACK's
                 * trust region collapsing, a stop on xtol */
                e.info = t * vnorm <= cfg->xtol * xnorm ? 2 : 7;
                e.measure = t * vnorm / xnorm;
                e.threshold = e.info == 2 ? cfg->xtol : eps;
                break;
            }
            if (S->nf >= cfg->max_evals) {
                e.info = 5;
                e.measure = (la_real)S->nf;
                e.threshold = (la_real)cfg->max_evals;
                break;
            }
            for (j = 0; j < n; ++j) S->p[j] = t * S->v[j];
            opt__lsq_project(S, x, S->p, S->xt);
            opt__lsq_predict(S, S->p, fnorm, &pr, &dd, wa);
            st = opt__lsq_residual(S, S->xt, S->rt, &fnorm1);
            if (st == LA_ERR_ABORTED) {
                e.status = st;
                e.info = -1;
                goto done;
            }
            phi = st == LA_OK ? (fnorm1 / fnorm) * (fnorm1 / fnorm) : OPT__INF;
            if ((dd < 0 && phi <= 1 + (la_real)2e-4 * dd) || (pr <= noise && phi <= 1 + noise)) {
                /* sufficient decrease, or both changes at rounding level */
                accepted = 1;
                prered = pr;
            } else if (dd >= 0 || !(phi < OPT__INF)) {
                t *= (la_real)0.1; /* no descent left to model (projection, rounding) */
            } else {
                /* minimizer of the quadratic through phi(0), phi'(0) = 2 dd / t, phi(t) */
                la_real tq = -dd * t / (phi - 1 - 2 * dd);
                t = LA__MIN((la_real)0.5 * t, LA__MAX((la_real)0.1 * t, tq));
            }
        }
        if (!accepted && !e.info) e.info = -3;
        if (e.info) break;
        {
            la_real *tr = S->r;
            for (j = 0; j < n; ++j) x[j] = S->xt[j];
            S->r = S->rt;
            S->rt = tr;
            e.jac_current = 0;
        }
        actred = 1 - phi;
        fnorm = fnorm1;
        xnorm = opt__lsq_dnorm(n, S->diag, x, wa);
        /* the step test on the full Gauss-Newton step: a short line-search
         * step says nothing about convergence */
        pnorm = opt__lsq_dnorm(n, S->diag, S->v, wa);
        if (LA_FABS(actred) <= cfg->ftol && prered <= cfg->ftol) {
            e.info = 1;
            e.measure = LA__MAX(LA_FABS(actred), prered);
            e.threshold = cfg->ftol;
        }
        if (pnorm <= cfg->xtol * xnorm) {
            e.info = e.info == 1 ? 3 : 2;
            if (e.info == 2) {
                e.measure = xnorm > 0 ? pnorm / xnorm : 0;
                e.threshold = cfg->xtol;
            }
        }
        if (!e.info && LA_FABS(actred) <= eps && prered <= eps) {
            e.info = 6;
            e.measure = LA__MAX(LA_FABS(actred), prered);
            e.threshold = eps;
        }
        if (!e.info && pnorm <= eps * xnorm) {
            e.info = 7;
            e.measure = pnorm / xnorm;
            e.threshold = eps;
        }
        if (!e.info && S->nf >= cfg->max_evals) {
            e.info = 5;
            e.measure = (la_real)S->nf;
            e.threshold = (la_real)cfg->max_evals;
        }
        if (e.info) break;
        if (opt__lsq_progress(S, cfg, outer, x, fnorm, e.gmax, la_nrm2(n, S->p, 1))) {
            e.info = -1;
            e.status = LA_ERR_ABORTED;
            break;
        }
    }
done:
    if (e.info == -4) {
        e.measure = (la_real)S->nj;
        e.threshold = (la_real)cfg->max_iter;
    }
    if (e.info == -2 && e.status == LA_OK) e.status = LA_ERR_NONFINITE;
    e.fnorm = fnorm;
    return e;
}

/* Scratch of la_qr_pivoted and la_qr_apply on an mq x n matrix. */
LA__PRIV size_t opt__qr_ws_bytes(la_int mq, la_int n) {
    return la_ws_reals((size_t)n * 64 + (size_t)mq + 4 * (size_t)n) + la_ws_ints((size_t)n) +
           4 * LA_ARENA_ALIGN;
}

/* count la_reals from sc (or, sc NULL, only add their bytes to *bytes) */
LA__PRIV la_real *opt__take_reals(la__scratch *sc, size_t count, size_t *bytes) {
    *bytes += la_ws_reals(count);
    return sc ? (la_real *)la__scratch_alloc(sc, count * sizeof(la_real)) : NULL;
}
LA__PRIV la_int *opt__take_ints(la__scratch *sc, size_t count, size_t *bytes) {
    *bytes += la_ws_ints(count);
    return sc ? (la_int *)la__scratch_alloc(sc, count * sizeof(la_int)) : NULL;
}

/* The buffers of a solve: taken from sc, or (sc NULL) only counted. Returns
 * their bytes. */
LA__PRIV size_t opt__lsq_layout(opt__lsq *S, la__scratch *sc) {
    size_t b = 0, m = (size_t)S->m, n = (size_t)S->n, mq = (size_t)S->mq;
    S->J = opt__take_reals(sc, mq * n, &b);
    S->r = opt__take_reals(sc, m, &b);
    S->rt = opt__take_reals(sc, m, &b);
    S->rowsc = opt__take_reals(sc, m, &b);
    S->t1 = opt__take_reals(sc, m, &b);
    S->t2 = opt__take_reals(sc, m, &b);
    S->fs = opt__take_reals(sc, mq, &b);
    S->qtf = opt__take_reals(sc, mq, &b);
    S->vq = opt__take_reals(sc, mq, &b);
    S->R = opt__take_reals(sc, n * n, &b);
    S->tau = opt__take_reals(sc, n, &b);
    S->acnorm = opt__take_reals(sc, n, &b);
    S->g = opt__take_reals(sc, n, &b);
    S->diag = opt__take_reals(sc, n, &b);
    S->xt = opt__take_reals(sc, n, &b);
    S->p = opt__take_reals(sc, n, &b);
    S->v = opt__take_reals(sc, n, &b);
    S->a = opt__take_reals(sc, n, &b);
    S->sdiag = opt__take_reals(sc, n, &b);
    S->wa = opt__take_reals(sc, 6 * n, &b);
    S->perm = opt__take_ints(sc, n, &b);
    S->held = opt__take_ints(sc, n, &b);
    return b;
}

OPT_API size_t opt_lsq_ws_bytes(la_int m, la_int n, const opt_lsq_options *lo) {
    opt__lsq S;
    (void)lo;
    if (m < 1 || n < 1) return 0;
    memset(&S, 0, sizeof S);
    S.m = m;
    S.n = n;
    S.mq = LA__MAX(m, n);
    return opt__lsq_layout(&S, NULL) + opt__qr_ws_bytes(S.mq, n) + LA_ARENA_ALIGN;
}

OPT_API size_t opt_lsq_covariance_ws_bytes(la_int m, la_int n) {
    if (m < 0 || n < 1) return 0;
    return la_ws_reals(2 * (size_t)n) + la_ws_reals((size_t)n * (size_t)n) + la_ws_ints((size_t)n) +
           opt__qr_ws_bytes(LA__MAX(m, 1), n) + LA_ARENA_ALIGN;
}

OPT_API la_status opt_lsq_covariance(la_mat J, la_real rss, la_real rank_tol, la_real *cov,
                                     la_real *std_err, la_int *rank, la_arena *ws) {
    la_int m = J.rows, n = J.cols, k, i, j, l, r = 0;
    la_real *colsc, *tau, *X, s2, tol;
    la_int *perm;
    la__scratch sc;
    la_status st;
    if (la_mat_check(J) || !(rss == rss)) return LA_ERR_ARG;
    if (rank) *rank = 0;
    if (n == 0) return LA_OK;
    if (!la_mat_isfinite(J)) return LA_ERR_NONFINITE;
    k = LA__MIN(m, n);
    st = la__scratch_begin(&sc, ws, opt_lsq_covariance_ws_bytes(m, n) - LA_ARENA_ALIGN);
    if (st != LA_OK) return st;
    colsc = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    tau = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    X = (la_real *)la__scratch_alloc(&sc, (size_t)n * (size_t)n * sizeof(la_real));
    perm = (la_int *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_int));
    for (j = 0; j < n; ++j) { /* equilibrate the columns */
        colsc[j] = la_nrm2(m, J.data + j, J.ld);
        if (colsc[j] == 0) colsc[j] = 1;
        for (i = 0; i < m; ++i) LA_AT(J, i, j) /= colsc[j];
    }
    if (m > 0) st = la_qr_pivoted(J, tau, perm, sc.arena);
    else
        for (j = 0; j < n; ++j) perm[j] = j;
    if (st != LA_OK) goto done;
    tol = rank_tol > 0 ? rank_tol : 10 * (la_real)LA__MAX(m, n) * LA_EPS;
    if (k > 0 && LA_AT(J, 0, 0) != 0)
        for (r = 1; r < k && LA_FABS(LA_AT(J, r, r)) > tol * LA_FABS(LA_AT(J, 0, 0)); ++r) {
        }
    /* X = R11^-1 (upper triangular), then X X^T */
    for (i = 0; i < r; ++i)
        for (j = 0; j < r; ++j) X[i * n + j] = i == j ? 1 : 0;
    for (j = 0; j < r; ++j)
        for (i = j; i >= 0; --i) {
            la_real s = X[i * n + j];
            for (l = i + 1; l <= j; ++l) s -= LA_AT(J, i, l) * X[l * n + j];
            X[i * n + j] = s / LA_AT(J, i, i);
        }
    s2 = rss < 0 ? 1 : (m > r ? rss / (la_real)(m - r) : OPT__INF);
    if (cov)
        for (i = 0; i < n * n; ++i) cov[i] = 0;
    for (i = 0; i < n; ++i) {
        la_int pi = perm[i];
        if (i >= r) {
            if (std_err) std_err[pi] = OPT__INF;
            continue;
        }
        for (j = 0; j <= i; ++j) {
            la_int pj = perm[j];
            la_real s = 0, c;
            for (l = i; l < r; ++l) s += X[i * n + l] * X[j * n + l];
            c = s2 < OPT__INF ? s2 * s / (colsc[pi] * colsc[pj]) : OPT__INF;
            if (cov) cov[(size_t)pi * (size_t)n + (size_t)pj] = cov[(size_t)pj * (size_t)n + (size_t)pi] = c;
            if (j == i && std_err) std_err[pi] = LA_SQRT(c);
        }
    }
    if (rank) *rank = r;
done:
    la__scratch_end(&sc);
    return st;
}

/* Validates the arguments of opt_lsq. */
LA__PRIV la_status opt__lsq_check(const opt_lsq_options *L, const opt_options *o, la_int m,
                                  la_int n, const la_real *x) {
    la_int i;
    if (o && (!(o->ftol >= 0) || !(o->xtol >= 0) || !(o->gtol >= 0) || o->max_iter < 0 ||
              o->max_evals < 0))
        return LA_ERR_ARG;
    if ((int)L->method < 0 || L->method > OPT_LSQ_GAUSS_NEWTON || (int)L->jacobian < 0 ||
        L->jacobian > OPT_JAC_CENTRAL || (int)L->loss < 0 || L->loss > OPT_LOSS_ARCTAN ||
        (int)L->scaling < 0 || L->scaling > OPT_SCALE_USER)
        return LA_ERR_ARG;
    if (!(L->fd_step >= 0) || !(L->step_bound >= 0) || !(L->geodesic_alpha >= 0) ||
        !(L->loss_scale >= 0) || !(L->rank_tol >= 0))
        return LA_ERR_ARG;
    if (L->scaling == OPT_SCALE_USER) {
        if (!L->diag) return LA_ERR_ARG;
        for (i = 0; i < n; ++i)
            if (!(L->diag[i] > 0) || !(L->diag[i] < LA_REAL_MAX)) return LA_ERR_ARG;
    }
    if (L->weights)
        for (i = 0; i < m; ++i)
            if (!(L->weights[i] >= 0) || !(L->weights[i] <= LA_REAL_MAX)) return LA_ERR_ARG;
    for (i = 0; i < n; ++i) {
        la_real lj = L->lower ? L->lower[i] : -OPT__INF, uj = L->upper ? L->upper[i] : OPT__INF;
        if (lj != lj || uj != uj) return LA_ERR_ARG;
        if (lj > uj) return LA_ERR_INFEASIBLE;
    }
    if (!la_vec_isfinite(n, x)) return LA_ERR_NONFINITE;
    return LA_OK;
}

/* opt_result and opt_lsq_report from how the driver ended. */
LA__PRIV void opt__lsq_outcome(const opt__lsq_end *e, opt_result *res) {
    res->measure = e->measure;
    res->threshold = e->threshold;
    switch (e->info) {
    case 1: case 3: case 6: res->reason = OPT_REASON_FTOL; break;
    case 2: case 7: res->reason = OPT_REASON_XTOL; break;
    case 4: case 8: res->reason = OPT_REASON_GTOL; break;
    case 5: res->reason = OPT_REASON_MAX_EVALS; break;
    case -4: res->reason = OPT_REASON_MAX_ITER; break;
    case -1: res->reason = OPT_REASON_CALLBACK; break;
    case -2: res->reason = OPT_REASON_NONFINITE; break;
    case -3: res->reason = OPT_REASON_LINESEARCH; break;
    default: res->reason = OPT_REASON_ERROR; break;
    }
    if (e->info >= 1 && e->info <= 8 && e->info != 5)
        res->status = LA_OK;
    else if (e->info == 5 || e->info == -4)
        res->status = LA_ERR_NO_CONVERGENCE;
    else if (e->info == -3)
        res->status = LA_ERR_LINESEARCH;
    else
        res->status = e->status != LA_OK ? e->status : LA_ERR_ARG;
    if (e->status != LA_OK && e->status != LA_ERR_ABORTED && e->status != LA_ERR_NONFINITE)
        res->reason = OPT_REASON_ERROR;
}

/* Covariance, rank and standard errors at the solution x (r = r(x) in S):
 * one more Jacobian, the held parameters' columns left out (their rows of
 * cov and std_err are 0). */
LA__PRIV la_status opt__lsq_report_cov(opt__lsq *S, const la_real *x, la_real fnorm, int absolute,
                                       la_real rank_tol, opt_lsq_report *rep) {
    la_int m = S->m, n = S->n, i, j, k, nfree = 0, rank = 0;
    la_real *covf = S->R, *sef = S->tau, scale;
    la_status st = opt__lsq_jacobian(S, x);
    if (st != LA_OK) return st;
    opt__lsq_hold(S, x);
    for (j = 0; j < n; ++j) S->perm[j] = -1;
    for (j = 0; j < n; ++j)
        if (!S->held[j]) S->perm[j] = nfree++;
    for (i = 0; i < m; ++i) /* compact the free columns in place */
        for (j = 0; j < n; ++j)
            if (S->perm[j] >= 0) S->J[(size_t)i * (size_t)nfree + (size_t)S->perm[j]] = S->J[(size_t)i * (size_t)n + (size_t)j];
    scale = absolute ? -1 : fnorm * fnorm;
    if (S->loss == OPT_LOSS_LINEAR && !absolute) scale = la_nrm2(m, S->fs, 1) * la_nrm2(m, S->fs, 1);
    if (nfree > 0) {
        st = opt_lsq_covariance(la_mat_of(m, nfree, S->J), scale, rank_tol, covf, sef, &rank, S->arena);
        if (st != LA_OK) return st;
    }
    if (rep->cov)
        for (i = 0; i < n; ++i)
            for (j = 0; j < n; ++j) {
                k = S->perm[i] >= 0 && S->perm[j] >= 0 ? 1 : 0;
                rep->cov[(size_t)i * (size_t)n + (size_t)j] =
                    k ? covf[(size_t)S->perm[i] * (size_t)nfree + (size_t)S->perm[j]] : 0;
            }
    if (rep->std_err)
        for (j = 0; j < n; ++j) rep->std_err[j] = S->perm[j] >= 0 ? sef[S->perm[j]] : 0;
    rep->rank = rank;
    return LA_OK;
}

OPT_API opt_result opt_lsq(opt_residual_fn f, void *ctx, la_int m, la_int n, la_real *x,
                           const opt_options *o, const opt_lsq_options *lo,
                           opt_lsq_report *rep, la_arena *ws) {
    opt_result res;
    opt_lsq_options L;
    opt__lsq S;
    opt__lsq_cfg cfg;
    opt__lsq_end e;
    la__scratch sc;
    size_t bytes;
    la_int j, per_jac;
    la_real fd_default;
    int want_cov = rep && (rep->cov || rep->std_err);
    la_status st;
    memset(&res, 0, sizeof res);
    res.reason = OPT_REASON_ERROR;
    if (rep) {
        rep->info = 0;
        rep->rank = rep->dof = rep->n_active = 0;
        rep->rss = rep->sigma = 0;
    }
    if (lo)
        L = *lo;
    else
        memset(&L, 0, sizeof L);
    if (!f || !x)
        st = LA_ERR_ARG;
    else if (m < 1 || n < 1)
        st = LA_ERR_DIM;
    else
        st = opt__lsq_check(&L, o, m, n, x);
    if (st != LA_OK) {
        res.status = st;
        return res;
    }
    memset(&S, 0, sizeof S);
    S.fn = f;
    S.ctx = ctx;
    S.m = m;
    S.n = n;
    S.mq = LA__MAX(m, n);
    S.w = L.weights;
    S.lo = L.lower;
    S.hi = L.upper;
    S.loss = L.loss;
    S.C = L.loss_scale > 0 ? L.loss_scale : 1;
    S.jmode = L.jacobian;
    fd_default = L.jacobian == OPT_JAC_CENTRAL ? LA_POW(LA_EPS, (la_real)1 / 3) : LA_SQRT(LA_EPS);
    S.fd_step = L.fd_step > 0 ? L.fd_step : fd_default;
    memset(&cfg, 0, sizeof cfg);
    cfg.ftol = o && o->ftol > 0 ? o->ftol : LA_SQRT(LA_EPS);
    cfg.xtol = o && o->xtol > 0 ? o->xtol : LA_SQRT(LA_EPS);
    cfg.gtol = o ? o->gtol : 0;
    per_jac = L.jacobian == OPT_JAC_FORWARD ? n : L.jacobian == OPT_JAC_CENTRAL ? 2 * n : 0;
    cfg.max_evals = o && o->max_evals > 0 ? o->max_evals
                                          : 100 * (n + 1) * (1 + per_jac) * (L.geodesic ? 2 : 1);
    cfg.max_iter = o && o->max_iter > 0 ? o->max_iter : cfg.max_evals;
    cfg.method = L.method;
    cfg.scaling = L.scaling;
    cfg.udiag = L.diag;
    cfg.factor = L.step_bound > 0 ? L.step_bound : 100;
    cfg.geodesic = L.geodesic;
    cfg.alpha = L.geodesic_alpha > 0 ? L.geodesic_alpha : (la_real)0.75;
    cfg.cb = o ? o->callback : NULL;
    cfg.cb_ctx = o ? o->callback_ctx : NULL;
    bytes = opt__lsq_layout(&S, NULL) + opt__qr_ws_bytes(S.mq, n) +
            (want_cov ? opt_lsq_covariance_ws_bytes(m, n) : 0);
    st = la__scratch_begin(&sc, ws, bytes);
    if (st != LA_OK) {
        res.status = st;
        return res;
    }
    opt__lsq_layout(&S, &sc);
    S.arena = sc.arena;
    for (j = 0; j < n; ++j) { /* start inside the box */
        if (S.lo && x[j] < S.lo[j]) x[j] = S.lo[j];
        if (S.hi && x[j] > S.hi[j]) x[j] = S.hi[j];
    }
    e = cfg.method == OPT_LSQ_GAUSS_NEWTON ? opt__lsq_gauss_newton(&S, x, &cfg)
                                            : opt__lsq_trust(&S, x, &cfg);
    opt__lsq_outcome(&e, &res);
    res.f = (la_real)0.5 * e.fnorm * e.fnorm;
    res.grad_norm = e.gmax;
    if (!e.jac_current && S.nj > 0 && (res.status == LA_OK || res.status == LA_ERR_NO_CONVERGENCE)) {
        /* gradient at x with the last Jacobian: J_old^T (rho' W r(x)) */
        la_int i;
        for (i = 0; i < m; ++i) {
            la_real rs, fsi, d1 = opt__lsq_row(&S, i, S.r[i], &rs, &fsi);
            S.vq[i] = S.rowsc[i] != 0 ? d1 * (S.w ? S.w[i] : 1) * S.r[i] / S.rowsc[i] : 0;
        }
        for (i = m; i < S.mq; ++i) S.vq[i] = 0;
        if (la_qr_apply(LA_LEFT, LA_TRANS, la_mat_of(S.mq, n, S.J), S.tau, n,
                        la_mat_of(S.mq, 1, S.vq), S.arena) == LA_OK)
            opt__lsq_gradient(&S, S.vq, e.fnorm, S.g, &res.grad_norm);
    }
    res.iterations = S.nj;
    res.f_evals = S.nf;
    res.g_evals = S.nj;
    if (rep) {
        opt__lsq W = S;
        W.loss = OPT_LOSS_LINEAR;
        rep->info = e.info;
        if (res.status == LA_OK || res.status == LA_ERR_NO_CONVERGENCE) {
            la_real wn = opt__lsq_fnorm(&W, S.r);
            rep->rss = wn * wn;
            rep->n_active = S.n_active;
            rep->rank = n - S.n_active;
            if (rep->residuals)
                for (j = 0; j < m; ++j) rep->residuals[j] = S.r[j];
            if (want_cov) {
                st = opt__lsq_report_cov(&S, x, e.fnorm, L.absolute_weights, L.rank_tol, rep);
                res.g_evals = S.nj;
                res.f_evals = S.nf;
                if (st != LA_OK) {
                    res.status = st;
                    res.reason = st == LA_ERR_ABORTED ? OPT_REASON_CALLBACK
                                 : st == LA_ERR_NONFINITE ? OPT_REASON_NONFINITE
                                                          : OPT_REASON_ERROR;
                }
            }
            rep->dof = m - rep->rank;
            rep->sigma = rep->dof > 0 ? LA_SQRT(rep->rss / (la_real)rep->dof) : 0;
        }
    }
    la__scratch_end(&sc);
    return res;
}

OPT_API opt_result opt_lm(opt_residual_fn f, void *ctx, la_int m, la_int n, la_real *x,
                          const opt_options *o, la_arena *ws) {
    return opt_lsq(f, ctx, m, n, x, o, NULL, NULL, ws);
}

OPT_API la_status opt_jac_fd(opt_residual_fn f, void *ctx, la_int m, la_int n, const la_real *x,
                             const la_real *r, opt_jac_mode mode, la_real step, la_mat J,
                             la_arena *ws) {
    la__scratch sc;
    la_real *t1, *t2, *r0, *xh;
    la_int nf = 0;
    la_status st;
    if (!f || !x || la_mat_check(J) || !(step >= 0) ||
        (mode != OPT_JAC_FORWARD && mode != OPT_JAC_CENTRAL))
        return LA_ERR_ARG;
    if (m < 0 || n < 0 || J.rows != m || J.cols != n) return LA_ERR_DIM;
    if (m == 0 || n == 0) return LA_OK;
    if (!la_vec_isfinite(n, x)) return LA_ERR_NONFINITE;
    if (step == 0) step = mode == OPT_JAC_CENTRAL ? LA_POW(LA_EPS, (la_real)1 / 3) : LA_SQRT(LA_EPS);
    st = la__scratch_begin(&sc, ws, 3 * la_ws_reals((size_t)m) + la_ws_reals((size_t)n));
    if (st != LA_OK) return st;
    t1 = (la_real *)la__scratch_alloc(&sc, (size_t)m * sizeof(la_real));
    t2 = (la_real *)la__scratch_alloc(&sc, (size_t)m * sizeof(la_real));
    r0 = (la_real *)la__scratch_alloc(&sc, (size_t)m * sizeof(la_real));
    xh = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    if (r) {
        la_copy(m, r, 1, r0, 1);
    } else if (f(x, r0, NULL, ctx)) {
        st = LA_ERR_ABORTED;
        goto done;
    }
    if (!la_vec_isfinite(m, r0)) {
        st = LA_ERR_NONFINITE;
        goto done;
    }
    st = opt__jac_fd(f, ctx, m, n, x, r0, mode, step, NULL, NULL, J, xh, t1, t2, &nf);
done:
    la__scratch_end(&sc);
    return st;
}

OPT_API la_status opt_jac_check(opt_residual_fn f, void *ctx, la_int m, la_int n,
                                const la_real *x, la_real tol, la_real *col_err,
                                opt_jac_check_report *rep, la_arena *ws) {
    la__scratch sc;
    la_real *Ja, *r0, *t1, *t2, *d1, *d2, *xh, hstep = LA_POW(LA_EPS, (la_real)1 / 3);
    la_int i, j, nf = 0;
    la_status st;
    opt_jac_check_report out;
    if (!f || !x || !(tol >= 0)) return LA_ERR_ARG;
    if (m < 0 || n < 0) return LA_ERR_DIM;
    out.n_bad = 0;
    out.worst_col = n > 0 ? 0 : -1;
    out.worst_row = m > 0 && n > 0 ? 0 : -1;
    out.worst_err = 0;
    if (rep) *rep = out;
    if (m == 0 || n == 0) return LA_OK;
    if (!la_vec_isfinite(n, x)) return LA_ERR_NONFINITE;
    if (tol == 0) tol = hstep;
    st = la__scratch_begin(&sc, ws,
                           la_ws_reals((size_t)m * (size_t)n) + 5 * la_ws_reals((size_t)m) +
                               la_ws_reals((size_t)n));
    if (st != LA_OK) return st;
    Ja = (la_real *)la__scratch_alloc(&sc, (size_t)m * (size_t)n * sizeof(la_real));
    r0 = (la_real *)la__scratch_alloc(&sc, (size_t)m * sizeof(la_real));
    t1 = (la_real *)la__scratch_alloc(&sc, (size_t)m * sizeof(la_real));
    t2 = (la_real *)la__scratch_alloc(&sc, (size_t)m * sizeof(la_real));
    d1 = (la_real *)la__scratch_alloc(&sc, (size_t)m * sizeof(la_real));
    d2 = (la_real *)la__scratch_alloc(&sc, (size_t)m * sizeof(la_real));
    xh = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    if (f(x, r0, Ja, ctx)) {
        st = LA_ERR_ABORTED;
        goto done;
    }
    if (!la_vec_isfinite(m, r0) || !la_mat_isfinite(la_mat_of(m, n, Ja))) {
        st = LA_ERR_NONFINITE;
        goto done;
    }
    for (j = 0; j < n; ++j) xh[j] = x[j];
    for (j = 0; j < n; ++j) {
        la_real big = 0, floor_j, worst = 0, hj;
        la_int wrow = 0;
        /* central differences with steps h and 2h: their difference estimates
         * the error of the first (truncation and rounding) */
        st = opt__fd_column(f, ctx, m, x, r0, j, OPT_JAC_CENTRAL, hstep, NULL, NULL, d1, 1, xh,
                            t1, t2, &nf);
        if (st == LA_OK)
            st = opt__fd_column(f, ctx, m, x, r0, j, OPT_JAC_CENTRAL, 2 * hstep, NULL, NULL, d2, 1,
                                xh, t1, t2, &nf);
        if (st != LA_OK) goto done;
        for (i = 0; i < m; ++i) {
            la_real a = LA_FABS(Ja[(size_t)i * (size_t)n + (size_t)j]), d = LA_FABS(d1[i]);
            big = LA__MAX(big, LA__MAX(a, d));
        }
        floor_j = hstep * big;
        hj = hstep * LA_FABS(x[j]);
        if (hj == 0) hj = hstep;
        for (i = 0; i < m; ++i) {
            la_real a = Ja[(size_t)i * (size_t)n + (size_t)j], d = d1[i];
            la_real den = LA_FABS(a) + LA_FABS(d) + floor_j;
            la_real diff = LA_FABS(a - d) - 2 * LA_FABS(d1[i] - d2[i]) -
                           10 * LA_EPS * LA_FABS(r0[i]) / hj;
            la_real err = den > 0 && diff > 0 ? diff / den : 0;
            if (err > worst) {
                worst = err;
                wrow = i;
            }
        }
        if (col_err) col_err[j] = worst;
        if (worst > tol) ++out.n_bad;
        if (worst > out.worst_err) {
            out.worst_err = worst;
            out.worst_col = j;
            out.worst_row = wrow;
        }
    }
    if (rep) *rep = out;
done:
    la__scratch_end(&sc);
    return st;
}

#endif /* OPT_IMPLEMENTATION */

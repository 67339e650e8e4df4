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
 * CHOOSING A SMOOTH SOLVER (sections 3-6; all take (f, ctx, n, x, o, ws))
 *   opt_lbfgs       the default: gradients only, O(mn) memory, any size
 *   opt_lbfgsb      the same with lower/upper bounds (or opt_lbfgs with
 *                   o->lower, o->upper)
 *   opt_bfgs        small dense problems, gradients only
 *   opt_cg          very large problems, O(n) memory
 *   opt_gd          Barzilai-Borwein gradient descent (simple, O(n))
 *   opt_newton, opt_trust_region   with a Hessian (or difference Hessians):
 *                   few iterations; the trust region also uses negative
 *                   curvature
 *   opt_newton_cg, opt_trust_region_cg   Hessian-vector products only
 *   opt_newton_cubic, opt_newton_lazy, opt_newton_reg   regularized Newton
 *                   steps with global complexity guarantees
 *   No gradient? opt_fd_objective supplies difference gradients;
 *   opt_check_gradient verifies a hand-written one.
 *
 * CONFIGURATION (define before including, in the implementation file)
 *   OPT_CLOCK()     seconds as a double for opt_options.max_time (default
 *                   clock() / CLOCKS_PER_SEC, processor time)
 *   OPT_NO_CLOCK    no clock: max_time is ignored
 *   and linalg.h's macros (LA_REAL, LA_STATIC, LA_NO_MALLOC, ...).
 *
 * TABLE OF CONTENTS
 *    1. Common types: callbacks, options, results, progress and trace,
 *       finite differences and the gradient check
 *    2. Line searches: backtracking, More-Thuente, Hager-Zhang
 *    3. First-order methods: gradient descent (Barzilai-Borwein), nonlinear
 *       conjugate gradients (Hager-Zhang, PR+)
 *    4. Quasi-Newton methods: BFGS, L-BFGS, L-BFGS-B
 *    5. Newton methods: modified Newton, Newton-CG, regularized Newton,
 *       cubic regularization (ARC), lazy Hessians
 *    6. Trust regions: More-Sorensen, dogleg, Steihaug-Toint CG
 *    7. Nonlinear least squares: Levenberg-Marquardt (More), dogleg,
 *       Gauss-Newton, matrix-free LM with LSQR steps, geodesic acceleration,
 *       difference Jacobians and their check, bounds, weights, robust losses,
 *       covariance and standard errors of the estimates
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
    OPT_REASON_MAX_TIME,   /* time limit (opt_options.max_time) */
    OPT_REASON_COUNT
} opt_reason;

/* What a progress callback sees: once for the starting point (iteration 0)
 * and then after every iteration. Pointers are valid during the call only. */
typedef struct {
    la_int iteration;
    la_int n;
    const la_real *x;      /* current iterate */
    la_real f;             /* f(x) */
    la_real grad_norm;     /* ||g||_inf (projected gradient with bounds) */
    la_real step;          /* ||x_k - x_{k-1}||_inf of the last step (0 at iteration 0) */
    la_int f_evals;
    const la_real *grad;   /* gradient at x (NULL where a method has none) */
    la_int g_evals;
    la_real alpha;         /* line-search step length of the last step (1 for
                              trust-region and regularized steps) */
    la_real radius;        /* trust radius, or the regularization of regularized
                              and cubic Newton; 0 for line-search methods */
} opt_progress;

/* Called after each iteration; a non-zero return stops the solver with
 * LA_ERR_ABORTED (x then holds the best point so far). */
typedef int (*opt_callback)(const opt_progress *p, void *ctx);

/* Line searches (section 2). */
typedef enum {
    OPT_LS_DEFAULT = 0,      /* the method's own choice (see each method) */
    OPT_LS_BACKTRACKING,     /* Armijo backtracking with safeguarded interpolation */
    OPT_LS_MORE_THUENTE,     /* strong Wolfe conditions, More and Thuente (1994) */
    OPT_LS_HAGER_ZHANG       /* approximate Wolfe conditions, Hager and Zhang (2005) */
} opt_linesearch;

/* Formula for the conjugate-gradient parameter beta (section 3). */
typedef enum {
    OPT_CG_DEFAULT = 0,      /* Hager-Zhang */
    OPT_CG_HAGER_ZHANG,      /* Hager and Zhang (2005), CG_DESCENT's beta */
    OPT_CG_PRP_PLUS          /* Polak-Ribiere-Polyak, clipped at 0 (Powell 1986) */
} opt_cg_variant;

/* Trust-region subproblem solver (section 6). */
typedef enum {
    OPT_TR_DEFAULT = 0,      /* More-Sorensen */
    OPT_TR_MORE_SORENSEN,    /* nearly exact, More and Sorensen (1983) */
    OPT_TR_DOGLEG,           /* Powell's dogleg (Powell 1970) */
    OPT_TR_STEIHAUG          /* truncated CG, Steihaug (1983) and Toint (1981) */
} opt_tr_subproblem;

/* Options; every field's zero value means its default, and a NULL options
 * pointer means all defaults. A negative tolerance switches its test off.
 * Fields a method does not use are ignored. With eps = LA_EPS:
 *
 *   max_iter     iteration limit                              10000
 *   max_evals    objective-evaluation limit                   none
 *   gtol         stop when ||g||_inf <= gtol (the projected
 *                gradient with bounds)                        eps^(1/3)
 *   ftol         stop when 0 <= f_prev - f <= ftol max(|f_prev|, |f|)
 *                in two consecutive iterations                eps
 *   xtol         stop when |x_k,i - x_{k-1},i| <= xtol |x_k,i| for
 *                every i                                      eps
 *   max_time     processor seconds (OPT_CLOCK)                none
 *   linesearch   line search                                  per method
 *   ls_c1, ls_c2 sufficient-decrease and curvature constants  1e-4, 0.9
 *                (Hager-Zhang: delta 0.1, sigma 0.9; Wolfe searches of
 *                nonlinear CG: c2 = 0.1)
 *   ls_max_evals evaluations per line search                  40
 *   step         first trial step of the first iteration      per method
 *   memory       L-BFGS pairs m; nonmonotone window of
 *                gradient descent                             10
 *   lower, upper bounds for the box-constrained methods; NULL is
 *                unbounded, -/+LA_REAL_MAX (or infinity) per entry too
 *   radius       initial trust radius                         per method
 *   max_radius   largest trust radius                         1e10 radius
 *   reg          initial regularization (cubic sigma, the Hessian
 *                Lipschitz estimate of regularized Newton)     1
 *   hessian_reuse  Hessian reused for this many steps (lazy
 *                Hessians)                                    1 (n for
 *                                                             opt_newton_lazy)
 *   inner_max_iter inner CG iterations per Newton-CG or
 *                Steihaug step                                2n
 */
typedef struct {
    la_int max_iter;    /* iteration limit */
    la_int max_evals;   /* function-evaluation limit */
    la_real gtol;       /* gradient tolerance */
    la_real ftol;       /* relative function-decrease tolerance */
    la_real xtol;       /* relative step tolerance */
    uint64_t seed;      /* seed of randomized methods */
    opt_callback callback;
    void *callback_ctx;
    la_real max_time;   /* time limit in seconds */
    opt_linesearch linesearch;
    la_real ls_c1;
    la_real ls_c2;
    la_int ls_max_evals;
    la_real step;
    la_int memory;
    const la_real *lower;
    const la_real *upper;
    opt_cg_variant cg_variant;
    opt_tr_subproblem tr_subproblem;
    la_real radius;
    la_real max_radius;
    la_real reg;
    la_int hessian_reuse;
    la_int inner_max_iter;
} opt_options;

/* What a solver returns. */
typedef struct {
    la_status status;   /* LA_OK: converged; LA_ERR_NO_CONVERGENCE: limit hit */
    opt_reason reason;  /* the test that stopped the solver */
    la_int iterations;
    la_int f_evals;     /* objective (or residual) evaluations */
    la_int g_evals;     /* gradient (or Jacobian) evaluations */
    la_real f;          /* objective at the returned x */
    la_real grad_norm;  /* gradient norm at the returned x (||g||_inf; the
                           projected gradient with bounds) */
    la_real measure;    /* the quantity compared with `threshold` at the stop */
    la_real threshold;
    la_int h_evals;     /* Hessian or Hessian-vector product evaluations */
    la_int inner_iterations; /* inner iterations (CG steps of Newton-CG and
                           Steihaug, trial regularizations of the others) */
} opt_result;

/* Dense Hessian: writes the n x n Hessian at x into H (at least its lower
 * triangle; H.ld = n). Non-zero return aborts the solver. */
typedef int (*opt_hess_fn)(const la_real *x, la_mat H, void *ctx);
/* Hessian-vector product: hv <- Hessian(x) v. Non-zero return aborts. */
typedef int (*opt_hessvec_fn)(const la_real *x, const la_real *v, la_real *hv, void *ctx);

/* Name of a stopping reason ("gradient tolerance", ...); never NULL. */
OPT_API const char *opt_reason_str(opt_reason r);

/* Ready-made progress callbacks. opt_trace_record appends each report to an
 * opt_trace (for plots; it stops recording, without stopping the solver,
 * when the arrays are full). Any array may be NULL. */
typedef struct {
    la_int capacity;    /* length of the arrays */
    la_int count;       /* reports recorded */
    la_int *iteration;
    la_int *f_evals;
    la_real *f;
    la_real *grad_norm;
    la_real *step;
} opt_trace;
OPT_API int opt_trace_record(const opt_progress *p, void *trace);
#ifndef LA_NO_STDIO
/* Prints one line per report to the FILE* given as ctx (stdout if NULL). */
OPT_API int opt_print_progress(const opt_progress *p, void *file);
#endif

/* Finite differences. Steps are chosen from the precision: forward
 * differences h_i = sqrt(eps) max(1, |x_i|) (error O(sqrt(eps))), central
 * differences h_i = eps^(1/3) max(1, |x_i|) (error O(eps^(2/3))), each
 * rounded so that x_i + h_i - x_i is exact (Gill, Murray and Wright 1981,
 * section 8.6).
 *
 * opt_fd_gradient: g <- the gradient of f at x from function values only
 * (f is called with grad == NULL): n + 1 (forward) or 2n (central)
 * evaluations. Workspace: la_ws_reals(n) + LA_ARENA_ALIGN (a copy of x).
 * Errors: LA_ERR_ARG, LA_ERR_NOMEM, LA_ERR_NONFINITE (f not finite at x or
 * at a probe). */
OPT_API la_status opt_fd_gradient(opt_fn f, void *ctx, la_int n, const la_real *x,
                                  int central, la_real *g, la_arena *ws);
/* H <- the Hessian of f at x from differences of the gradient (n x n,
 * symmetrized (H + H^T)/2, both triangles): n + 1 (forward) or 2n (central)
 * gradient evaluations, O(n^2) flops besides. Workspace: la_ws_reals(3n) +
 * LA_ARENA_ALIGN. Errors as opt_fd_gradient, LA_ERR_DIM if H is not n x n. */
OPT_API la_status opt_fd_hessian(opt_fn f, void *ctx, la_int n, const la_real *x,
                                 int central, la_mat H, la_arena *ws);
/* hv <- Hessian(x) v ~ (g(x + h v) - g(x)) / h with h = sqrt(eps)
 * (1 + ||x||_2) / ||v||_2: one gradient evaluation; g is the gradient at x.
 * Workspace: la_ws_reals(2n) + LA_ARENA_ALIGN. Errors as opt_fd_gradient. */
OPT_API la_status opt_fd_hessvec(opt_fn f, void *ctx, la_int n, const la_real *x,
                                 const la_real *g, const la_real *v, la_real *hv,
                                 la_arena *ws);
/* Gradient checker: compares the gradient f returns at x with central
 * differences. *max_err <- max_i |g_i - d_i| / max(1, |g_i|, |d_i|), the
 * largest relative error, and *worst (may be NULL) its index (-1 if n = 0).
 * A correct gradient gives max_err of order eps^(2/3) times the size of the
 * third derivatives; a wrong component gives order 1. 2n + 1 evaluations.
 * Workspace: la_ws_reals(3n) + LA_ARENA_ALIGN. Errors as opt_fd_gradient. */
OPT_API la_status opt_check_gradient(opt_fn f, void *ctx, la_int n, const la_real *x,
                                     la_real *max_err, la_int *worst, la_arena *ws);

/* An objective whose gradient is computed by finite differences: pass
 * opt_fd_objective as the opt_fn of any solver with a pointer to this
 * struct as its ctx. `work` must hold n reals (a copy of x); evaluations of
 * `f` are counted in `evals`. */
typedef struct {
    la_real (*f)(const la_real *x, void *ctx); /* the objective (value only) */
    void *ctx;
    la_int n;
    int central;        /* 1: central differences, 0: forward */
    la_real *work;      /* n reals */
    la_int evals;       /* evaluations of f so far */
} opt_fd_problem;
OPT_API la_real opt_fd_objective(const la_real *x, la_real *grad, void *fd_problem);

/* ======================================================================
 * 2. Line searches
 * ====================================================================== */

/* One line search from x along a descent direction d (gx^T d < 0): finds a
 * step alpha > 0 such that x + alpha d satisfies the conditions of `kind`
 * (OPT_LS_DEFAULT is More-Thuente), with phi(a) = f(x + a d):
 *
 *   OPT_LS_BACKTRACKING  Armijo: phi(a) <= phi(0) + c1 a phi'(0), c1 = ls_c1
 *       (1e-4). Starts at *alpha and shrinks by safeguarded quadratic, then
 *       cubic, interpolation to within [0.1, 0.5] of the previous step
 *       (Dennis and Schnabel 1983, A6.3.1). Gradients are evaluated at every
 *       trial (the accepted point needs one).
 *   OPT_LS_MORE_THUENTE  strong Wolfe: Armijo with c1 and |phi'(a)| <= c2
 *       |phi'(0)|, c2 = ls_c2 (0.9). Bracketing with safeguarded cubic and
 *       quadratic interpolation and the auxiliary function
 *       phi(a) - phi(0) - c1 a phi'(0) until a bracket is found (More and
 *       Thuente 1994); extrapolation within [1.1, 4] times the step.
 *   OPT_LS_HAGER_ZHANG  Wolfe with delta = ls_c1 (0.1), sigma = ls_c2 (0.9),
 *       or the approximate Wolfe conditions (2 delta - 1) phi'(0) >=
 *       phi'(a) >= sigma phi'(0) and phi(a) <= phi(0) + 1e-6 |phi(0)|;
 *       bracket (expansion by 5), double secant steps and bisection when
 *       the bracket shrinks by less than 0.66 (Hager and Zhang 2005, 2006).
 *
 * A non-finite phi(a) shrinks the step (backtracking toward the best point
 * found); trial steps never exceed alpha_max (0: no limit). At most
 * ls_max_evals (40) evaluations, each of f and its gradient.
 *
 * On LA_OK: *alpha is the step, x_out = x + alpha d, f_out and g_out its value
 * and gradient. On LA_ERR_LINESEARCH (no step met the conditions, also when
 * the steps left are too short to change x, below eps |x_i| / |d_i|) the best
 * trial is returned if it lowered f (*alpha > 0; it is evaluated once more
 * when the budget allows, and with the budget spent the last trial is
 * returned instead if that lowered f), else x_out = x, f_out = fx,
 * g_out = gx and *alpha = 0. LA_ERR_NONFINITE: every trial gave NaN or Inf
 * (or fx, gx, d are not finite); x_out = x. LA_ERR_ARG: a NULL pointer, n < 0,
 * *alpha <= 0, or d is not a descent direction. x_out and g_out must not
 * overlap x, gx or d. *evals (may be NULL) receives the evaluations used.
 * Cost: O(n) per trial besides the evaluations; no workspace. */
OPT_API la_status opt_line_search(opt_linesearch kind, opt_fn f, void *ctx, la_int n,
                                  const la_real *x, la_real fx, const la_real *gx,
                                  const la_real *d, la_real *alpha, la_real alpha_max,
                                  la_real *x_out, la_real *f_out, la_real *g_out,
                                  const opt_options *o, la_int *evals);

/* ======================================================================
 * 3. First-order methods: gradient descent, nonlinear conjugate gradients
 *
 * Every solver of sections 3-6 minimizes f from the starting point x and
 * leaves in x the best point found (also on errors and limits). It checks
 * its arguments first (LA_ERR_ARG for a NULL f or x or n < 0,
 * LA_ERR_NONFINITE for NaN/Inf in x or in f(x0) and its gradient, with x
 * unchanged), then iterates until a test of opt_options stops it; the
 * result says which (status, reason, measure, threshold). A NaN or Inf
 * value or gradient at a trial point is treated as a too long step and
 * backtracked; if it persists the solver stops with LA_ERR_NONFINITE. A
 * failed line search restarts the method from steepest descent once; a
 * second failure in a row stops it with LA_ERR_LINESEARCH. A non-zero
 * return of the callback stops it with LA_ERR_ABORTED. Workspace: the
 * *_ws_bytes query (ws == NULL: one allocation freed on return; too small:
 * LA_ERR_NOMEM before any evaluation).
 * ====================================================================== */

/* Gradient descent with Barzilai-Borwein steps t = s^T s / s^T y (Barzilai
 * and Borwein 1988) and the nonmonotone Armijo backtracking of Grippo,
 * Lampariello and Lucidi (1986): a step is accepted when f falls below the
 * largest of the last `memory` (10) values, which keeps the fast nonmonotone
 * behaviour of the BB steps and makes the method globally convergent
 * (Raydan 1997). Default line search: backtracking (the only one using the
 * nonmonotone reference). O(n) flops per iteration besides f. */
OPT_API opt_result opt_gd(opt_fn f, void *ctx, la_int n, la_real *x, const opt_options *o,
                          la_arena *ws);
/* Workspace of opt_gd: 6 la_ws_reals(n) + la_ws_reals(memory) + LA_ARENA_ALIGN bytes. */
OPT_API size_t opt_gd_ws_bytes(la_int n, const opt_options *o);

/* Nonlinear conjugate gradients d_{k+1} = -g_{k+1} + beta_k d_k with
 * o->cg_variant:
 *   OPT_CG_HAGER_ZHANG (default): beta = max(beta_N, -1 / (||d|| min(0.01,
 *       ||g_k||))), beta_N = (y - 2 d ||y||^2 / d^T y)^T g_{k+1} / d^T y;
 *       Hager-Zhang line search with the approximate Wolfe conditions once
 *       f changes by less than 1e-3 of its running average, and the
 *       initial step of a quadratic interpolation (CG_DESCENT, Hager and
 *       Zhang 2005, 2006).
 *   OPT_CG_PRP_PLUS: beta = max(0, g_{k+1}^T y / g_k^T g_k) (Polak-Ribiere,
 *       Polyak 1969, nonnegative as Powell 1986 and Gilbert and Nocedal 1992
 *       suggest), restarted when |g_{k+1}^T g_k| >= 0.2 ||g_{k+1}||^2 (Powell
 *       1977); More-Thuente line search with c2 = 0.1 (strong Wolfe).
 * Both restart with -g every n iterations and whenever d is not a descent
 * direction. y = g_{k+1} - g_k. O(n) flops per iteration besides f. */
OPT_API opt_result opt_cg(opt_fn f, void *ctx, la_int n, la_real *x, const opt_options *o,
                          la_arena *ws);
/* Workspace of opt_cg: 4 la_ws_reals(n) + LA_ARENA_ALIGN bytes. */
OPT_API size_t opt_cg_ws_bytes(la_int n, const opt_options *o);

/* ======================================================================
 * 4. Quasi-Newton methods: BFGS, L-BFGS, L-BFGS-B
 * ====================================================================== */

/* BFGS with a dense inverse Hessian approximation H (Broyden, Fletcher,
 * Goldfarb, Shanno 1970): d = -H g, H_0 = I scaled by s^T y / y^T y after
 * the first step (Nocedal and Wright 2006, eq. 6.20). Powell's damping
 * (Powell 1978) replaces y by r = theta y + (1 - theta) B s, theta chosen
 * so that s^T r = 0.2 s^T B s, when s^T y < 0.2 s^T B s and the line search
 * did not guarantee s^T y > 0 (backtracking, or a failed search): the update
 * stays positive definite with any line search (B s = -alpha g needs no B),
 * while with Wolfe steps BFGS keeps its finite termination on quadratics.
 * Default line search: More-Thuente. O(n^2) flops per iteration;
 * workspace la_ws_reals(n^2) + 7 la_ws_reals(n) + LA_ARENA_ALIGN bytes
 * (opt_bfgs_ws_bytes). */
OPT_API opt_result opt_bfgs(opt_fn f, void *ctx, la_int n, la_real *x, const opt_options *o,
                            la_arena *ws);
OPT_API size_t opt_bfgs_ws_bytes(la_int n, const opt_options *o);

/* Limited-memory BFGS (Nocedal 1980; Liu and Nocedal 1989): the two-loop
 * recursion with the m = o->memory (10) latest pairs (s, y), H_0 = (s^T y /
 * y^T y) I; pairs with s^T y <= eps y^T y are skipped. First trial step
 * o->step or 1/||g||_2, then 1. Default line search: More-Thuente (c1 =
 * 1e-4, c2 = 0.9). (4m + 6) n flops per iteration besides f.
 * With o->lower or o->upper set it runs opt_lbfgsb. Workspace
 * (opt_lbfgs_ws_bytes), without bounds: 2 la_ws_reals(m n) (the pairs) +
 * 4 la_ws_reals(n) + 2 la_ws_reals(m) + LA_ARENA_ALIGN bytes. */
OPT_API opt_result opt_lbfgs(opt_fn f, void *ctx, la_int n, la_real *x, const opt_options *o,
                             la_arena *ws);
OPT_API size_t opt_lbfgs_ws_bytes(la_int n, const opt_options *o);

/* L-BFGS-B: minimizes f subject to lower <= x <= upper (Byrd, Lu, Nocedal
 * and Zhu 1995). lower or upper may be NULL (no bound on that side), and
 * any entry may be -/+LA_REAL_MAX or infinite; lower_i == upper_i fixes x_i.
 * x is first projected onto the box. Each iteration: the generalized
 * Cauchy point along the projected steepest-descent path of the
 * limited-memory model B = theta I - W M W^T (breakpoints in a heap), the
 * model's minimizer over the variables free there (direct primal method by
 * the Sherman-Morrison-Woodbury formula), projected onto the box as Morales
 * and Nocedal (2011) propose (the truncated step if the projection gives
 * no descent), then a More-Thuente search within the box, whose first
 * trial on the first iteration is a step of unit length (at most 1e10 times
 * the direction, cut at the first bound). Memory m = o->memory (10).
 * Convergence: the projected gradient ||P(x - g) - x||_inf <= gtol (formed
 * per component as min(|g_i|, room to the bound), so that it does not
 * round to 0 where |g_i| < eps |x_i|). Cost per iteration O(mn) plus
 * O(m^2 min(f, n - f)) for f free variables and O(m^2) per breakpoint
 * passed. Workspace
 * (opt_lbfgsb_ws_bytes): 2 la_ws_reals(m n) + 2 la_ws_reals(m) + 8
 * la_ws_reals(n) + 2 la_ws_ints(n) + 7 la_ws_reals(m^2) + 8 la_ws_reals(2m)
 * + LA_ARENA_ALIGN.
 * Errors besides those of every solver: LA_ERR_INFEASIBLE (lower_i >
 * upper_i), LA_ERR_NONFINITE (a NaN bound). */
OPT_API opt_result opt_lbfgsb(opt_fn f, void *ctx, la_int n, la_real *x, const la_real *lower,
                              const la_real *upper, const opt_options *o, la_arena *ws);
OPT_API size_t opt_lbfgsb_ws_bytes(la_int n, const opt_options *o);

/* ======================================================================
 * 5. Newton methods: modified Newton, Newton-CG, regularized, cubic, lazy
 *
 * The dense methods take the Hessian as an opt_hess_fn (h_evals counts its
 * calls); with hess == NULL it is formed by forward differences of the
 * gradient (n gradient evaluations, counted in f_evals and g_evals).
 * Newton-CG takes Hessian-vector products (opt_hessvec_fn; NULL: one
 * gradient difference per product). A non-zero return of these callbacks
 * stops the solver with LA_ERR_ABORTED; a NaN or Inf in the Hessian with
 * LA_ERR_NONFINITE. Behaviour otherwise as described in section 3.
 * ====================================================================== */

/* Newton's method with a line search (default More-Thuente, first trial
 * step 1) on the direction d = -(H + E)^{-1} g, where E >= 0 is the
 * diagonal added by the modified Cholesky factorization (la_chol_modified:
 * Schnabel and Eskow 1999), so d is a descent direction also where H is
 * indefinite; E = 0 where H is safely positive definite, giving Newton's
 * quadratic convergence. Cost per iteration: a Hessian and n^3/3 flops.
 * Workspace: opt_newton_ws_bytes. */
OPT_API opt_result opt_newton(opt_fn f, opt_hess_fn hess, void *ctx, la_int n, la_real *x,
                              const opt_options *o, la_arena *ws);
OPT_API size_t opt_newton_ws_bytes(la_int n, const opt_options *o);

/* Newton-CG (truncated Newton; Dembo and Steihaug 1983, Nocedal and Wright
 * 2006, algorithm 7.1): the Newton system H d = -g solved by conjugate
 * gradients (la_cg) from Hessian-vector products only, to the relative
 * residual min(0.5, sqrt(||g||_2)) (superlinear convergence), at most
 * o->inner_max_iter (2n) iterations. At negative curvature CG stops and
 * its last iterate is the direction (-g if that happens at once), as in
 * Steihaug's truncation. Line search: default More-Thuente, first trial 1.
 * opt_result.inner_iterations counts the CG iterations. Memory O(n):
 * workspace opt_newton_cg_ws_bytes. */
OPT_API opt_result opt_newton_cg(opt_fn f, opt_hessvec_fn hessvec, void *ctx, la_int n,
                                 la_real *x, const opt_options *o, la_arena *ws);
OPT_API size_t opt_newton_cg_ws_bytes(la_int n, const opt_options *o);

/* Regularized Newton with a global O(1/k^2) rate on convex functions with
 * Lipschitz Hessians (Mishchenko 2023, SIAM J. Optim. 33; Doikov and
 * Nesterov 2024, Math. Program. 204): x+ = x - (H + lambda I)^{-1} g with
 * lambda = sqrt(L ||g||_2), where the estimate L of the Hessian's
 * Lipschitz constant adapts by Mishchenko's line search (AdaN): L is
 * quartered, then doubled until ||g(x+)|| <= 2 lambda ||x+ - x|| and
 * f(x+) <= f(x) - (2/3) lambda ||x+ - x||^2 (an L at least the true constant
 * always passes). Starts with L = o->reg (1). Near a strongly convex
 * minimizer lambda -> 0: superlinear convergence. Each trial is a Cholesky
 * factorization (n^3/3 flops) and an evaluation; inner_iterations counts
 * the trials, opt_progress.radius is lambda. On nonconvex functions the
 * test still forces decrease (lambda grows until H + lambda I is positive
 * definite). Workspace: opt_newton_reg_ws_bytes. */
OPT_API opt_result opt_newton_reg(opt_fn f, opt_hess_fn hess, void *ctx, la_int n, la_real *x,
                                  const opt_options *o, la_arena *ws);
OPT_API size_t opt_newton_reg_ws_bytes(la_int n, const opt_options *o);

/* Cubic-regularized Newton (Nesterov and Polyak 2006) with the adaptive
 * regularization of ARC (Cartis, Gould and Toint 2011): the step minimizes
 * the model g^T s + s^T H s / 2 + sigma ||s||^3 / 3 globally (with
 * opt_cubic_subproblem's method); with rho = (f - f(x + s)) / (model
 * decrease) the step is taken if rho >= 0.1, sigma halved if rho >= 0.9
 * and doubled on rejection; sigma starts at o->reg (1). Converges to
 * second-order stationary points (saddles are escaped along negative
 * curvature). With o->hessian_reuse = m > 1 the Hessian and its
 * eigendecomposition are reused for m steps (lazy Hessians, Doikov,
 * Chayti and Jaggi 2023): one step then costs O(n^2). Cost: la_eigh of each
 * new Hessian (about 9 n^3 flops) plus O(n^2) per trial step.
 * opt_progress.radius is sigma. Workspace: opt_newton_cubic_ws_bytes. */
OPT_API opt_result opt_newton_cubic(opt_fn f, opt_hess_fn hess, void *ctx, la_int n, la_real *x,
                                    const opt_options *o, la_arena *ws);
OPT_API size_t opt_newton_cubic_ws_bytes(la_int n, const opt_options *o);
/* opt_newton_cubic with lazy Hessians by default: hessian_reuse = n (the
 * frequency that Doikov, Chayti and Jaggi (2023) show optimal for the total
 * arithmetic cost) unless o->hessian_reuse is set. */
OPT_API opt_result opt_newton_lazy(opt_fn f, opt_hess_fn hess, void *ctx, la_int n, la_real *x,
                                   const opt_options *o, la_arena *ws);

/* The global minimizer s of the cubic model g^T s + s^T H s / 2 + sigma
 * ||s||^3 / 3 (sigma > 0; H symmetric n x n, lower triangle read, not
 * modified): s = -(H + lambda I)^{-1} g with lambda = sigma ||s|| and
 * H + lambda I positive semidefinite (Nesterov and Polyak 2006, section 5;
 * Cartis, Gould and Toint 2011). Method: H = V diag(w) V^T (la_eigh), then
 * a safeguarded Newton iteration on 1/||s(lambda)|| - sigma/lambda in the
 * eigenbasis; in the hard case (g orthogonal to the eigenvectors of a
 * negative lambda_min) lambda = -lambda_min and s gains a component along
 * that eigenvector. *lambda (may be NULL) receives lambda. Cost about 9 n^3
 * flops. Workspace: opt_cubic_subproblem_ws_bytes(n). Errors: LA_ERR_ARG
 * (NULL pointers, sigma <= 0), LA_ERR_DIM, LA_ERR_NONFINITE, LA_ERR_NOMEM,
 * and those of la_eigh. */
OPT_API la_status opt_cubic_subproblem(la_mat H, const la_real *g, la_real sigma, la_real *s,
                                       la_real *lambda, la_arena *ws);
OPT_API size_t opt_cubic_subproblem_ws_bytes(la_int n);

/* ======================================================================
 * 6. Trust regions: More-Sorensen, dogleg, Steihaug-Toint CG
 * ====================================================================== */

/* Trust-region Newton: each step minimizes the model g^T s + s^T H s / 2
 * within ||s||_2 <= Delta by o->tr_subproblem:
 *   OPT_TR_MORE_SORENSEN (default): nearly exact (|  ||s|| - Delta | <=
 *       0.01 Delta, or the hard case resolved), as opt_trust_subproblem;
 *   OPT_TR_DOGLEG: Powell's dogleg between the Cauchy point and the Newton
 *       step of H + E (E from la_chol_modified where H is indefinite);
 *   OPT_TR_STEIHAUG: truncated conjugate gradients (Steihaug 1983, Toint
 *       1981), stopped at the boundary or at negative curvature.
 * With rho = actual / predicted decrease: the step is taken if rho > 1e-4;
 * Delta becomes ||s||/4 if rho < 1/4 and doubles (up to max_radius) if
 * rho > 3/4 with ||s|| = Delta (Nocedal and Wright 2006, algorithm 4.1).
 * Delta starts at o->radius (1). Rejected steps cost an evaluation but no
 * Hessian; iterations count accepted steps. A NaN or Inf at a trial point
 * shrinks Delta. When Delta falls below eps ||x|| without an acceptable
 * step the solver stops with LA_ERR_LINESEARCH. Cost per iteration: a
 * Hessian plus O(n^3) (More-Sorensen: a few Cholesky factorizations).
 * opt_progress.radius is Delta. Workspace: opt_trust_region_ws_bytes. */
OPT_API opt_result opt_trust_region(opt_fn f, opt_hess_fn hess, void *ctx, la_int n, la_real *x,
                                    const opt_options *o, la_arena *ws);
OPT_API size_t opt_trust_region_ws_bytes(la_int n, const opt_options *o);

/* Hessian-free trust-region Newton: the Steihaug-Toint truncated CG on
 * Hessian-vector products (NULL: gradient differences), to the relative
 * residual min(0.5, sqrt(||g||_2)), at most o->inner_max_iter (2n) CG
 * iterations per step. Otherwise as opt_trust_region. Memory O(n):
 * workspace opt_trust_region_cg_ws_bytes. */
OPT_API opt_result opt_trust_region_cg(opt_fn f, opt_hessvec_fn hessvec, void *ctx, la_int n,
                                       la_real *x, const opt_options *o, la_arena *ws);
OPT_API size_t opt_trust_region_cg_ws_bytes(la_int n, const opt_options *o);

/* The trust-region subproblem: s minimizing g^T s + s^T H s / 2 subject to
 * ||s||_2 <= radius (H symmetric n x n, lower triangle read, not modified),
 * by the method of More and Sorensen (1983): Newton's method on
 * 1/||s(lambda)|| - 1/radius with s(lambda) = -(H + lambda I)^{-1} g
 * through Cholesky factorizations, safeguarded by bounds on lambda; in the
 * hard case a vector z with small ||R z|| (LINPACK's condition estimate) is
 * added to reach the boundary. Stops when | ||s|| - radius | <= tol radius,
 * or the hard-case step's model value is within a factor tol (2 - tol) of
 * optimal (tol = 0: 0.01); lambda = 0 with ||s|| < radius when H is
 * positive definite with its Newton step inside. The solution minimizes the
 * model to within about that factor. *lambda (may be NULL) receives the
 * multiplier. Cost: n^3/3 flops per Cholesky factorization, usually 2-6.
 * Workspace: opt_trust_subproblem_ws_bytes(n). Errors: LA_ERR_ARG (NULL
 * pointers, radius <= 0), LA_ERR_DIM, LA_ERR_NONFINITE, LA_ERR_NOMEM,
 * LA_ERR_NO_CONVERGENCE (after 100 factorizations; s is then the best
 * feasible point found). */
OPT_API la_status opt_trust_subproblem(la_mat H, const la_real *g, la_real radius, la_real tol,
                                       la_real *s, la_real *lambda, la_arena *ws);
OPT_API size_t opt_trust_subproblem_ws_bytes(la_int n);

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
 *                    min ||J p + r||^2 + lambda ||D p||^2 from the QR of J
 *                    with column pivoting, J P = Q R (never the normal
 *                    equations: the R-only QR of [J r] in one streaming
 *                    pass over J, la_qr_r, then the pivoted QR of its
 *                    small triangle), with
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
 *   OPT_LSQ_LM_LSQR  matrix-free Levenberg-Marquardt for many parameters:
 *                    J only through products (opt_jac_operator), each step
 *                    min ||J D^-1 q + f||^2 + lambda ||q||^2, p = D^-1 q, by
 *                    la_lsqr (Paige and Saunders 1982) to a relative
 *                    tolerance min(0.1, ||g||/||g_0||) (inexact LM, Dembo,
 *                    Eisenstat and Steihaug 1982), lambda by Nielsen's (1999)
 *                    gain-ratio update; the step length ||D p|| stands for
 *                    the trust radius in the xtol test; bounds, weights
 *                    and losses as above, no difference Jacobians and no
 *                    geodesic acceleration.
 *                    Workspace O(m + n); the covariance, when asked for,
 *                    forms J column by column (n products, m n reals).
 * Jacobians: the callback's (analytic), or forward / central differences
 * with steps sqrt(eps)|x_j| / eps^(1/3)|x_j| (n or 2n extra residual
 * evaluations; steps kept inside the bounds). opt_check_jacobian compares an
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
 * and opt_lsq_report.info; a negative tolerance switches its test off):
 *   ftol  (default sqrt(eps)) both the actual and the predicted relative
 *         reduction of F in a step are at most ftol (info 1; with xtol: 3)
 *   xtol  (default sqrt(eps)) the relative change of the scaled parameters
 *         is at most xtol: Delta <= xtol ||D x|| (info 2)
 *   gtol  (default 0: only an exactly zero gradient) the cosine of the angle
 *         between the residual vector and every free column of J is at most
 *         gtol (info 4)
 *   max_evals  (default 100 (n + 1) per residual evaluation of a step, times
 *         (1 + evaluations of a difference Jacobian)) limit on residual
 *         evaluations, difference columns included (info 5)
 *   max_iter   (default: unlimited) limit on Jacobian evaluations
 *   max_time   processor seconds (OPT_CLOCK), checked after each iteration
 *   the ftol, xtol and gtol tests with LA_EPS in place of the tolerance
 *   (info 6, 7, 8: no further progress is possible) also end the solve as
 *   converged, threshold = LA_EPS.
 * One departure from MINPACK: a step whose predicted and actual relative
 * changes of F are both below 100 eps (F's rounding level) is accepted,
 * not rejected: there the linear model is more accurate than F itself, and
 * these Gauss-Newton refinements bring the last digits of the parameters.
 * opt_options.lower and .upper bound the parameters when opt_lsq_options
 * gives no bounds. opt_options.callback sees iteration 0 (after the first
 * Jacobian) and each iteration after its accepted step (grad = NULL,
 * radius = Delta, alpha = the line-search step of Gauss-Newton).
 * A residual evaluation giving NaN or Inf at a trial point rejects that step
 * (the trust region shrinks); NaN/Inf at the starting point, in an accepted
 * Jacobian, or at 20 trials in a row ends with LA_ERR_NONFINITE. A non-zero
 * return of the residual callback or of opt_options.callback (called after
 * each iteration) ends with LA_ERR_ABORTED, x holding the last accepted point.
 * ====================================================================== */

typedef enum {
    OPT_LSQ_LM = 0,      /* Levenberg-Marquardt, More's trust-region form (default) */
    OPT_LSQ_DOGLEG,      /* Powell's dogleg trust region */
    OPT_LSQ_GAUSS_NEWTON, /* Gauss-Newton with a backtracking line search */
    OPT_LSQ_LM_LSQR       /* matrix-free Levenberg-Marquardt: LSQR steps on J, J^T products */
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

/* The Jacobian as an operator, for OPT_LSQ_LM_LSQR (large problems whose J
 * is sparse or structured). At each accepted point the solver calls
 * update(x, update_ctx) (may be NULL) so that the caller can form J(x), for
 * example fill the values of a sparse.h sp_mat; then apply(v, out, op)
 * computes out <- J v (v: n entries, out: m) and apply_t(u, out, op) out <-
 * J^T u (u: m, out: n) for that J. With sparse.h: apply = sp_linop, apply_t
 * = sp_linop_trans, op = the sp_mat*. col_norms(out, op) (may be NULL)
 * writes the n column norms of J, for MINPACK's scaling and gtol test
 * (sparse.h: a two-line adapter over sp_col_norms(A, SP_NORM_2, out, NULL));
 * without it D = I (or opt_lsq_options.diag) and the gtol measure is
 * ||J^T f|| / (||J|| ||f||) with LSQR's estimate of ||J||.
 * A non-zero return of any of them aborts the solve. */
typedef struct {
    int (*update)(const la_real *x, void *update_ctx);
    void *update_ctx;
    la_linop apply;
    la_linop apply_t;
    void *op;
    int (*col_norms)(la_real *out, void *op);
} opt_jac_operator;

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
    const opt_jac_operator *jac_op; /* the Jacobian's products (OPT_LSQ_LM_LSQR) */
    la_real inner_tol;        /* LSQR's relative tolerance per step (default
                                 min(0.1, ||g|| / ||g_0||), at least 10 eps) */
} opt_lsq_options;

/* What opt_lsq reports beside opt_result. Set the three pointers (or leave
 * them NULL) before the call; the rest is output. */
typedef struct {
    la_real *cov;       /* in: n x n buffer for the covariance of x, or NULL */
    la_real *std_err;   /* in: n buffer for the standard errors sqrt(cov_jj), or NULL */
    la_real *residuals; /* in: m buffer for r(x) at the solution (unweighted), or NULL */
    int info;           /* MINPACK's code: 1-8 as above, 0 bad input, -1 aborted,
                           -2 non-finite values, -3 line search failed, -4 max_iter,
                           -5 max_time */
    la_int rank;        /* numerical rank of J at x (with cov/std_err; else n - n_active) */
    la_int dof;         /* degrees of freedom m - rank */
    la_int n_active;    /* parameters held at a bound */
    la_real rss;        /* sum_i w_i r_i^2 at x */
    la_real sigma;      /* residual standard deviation sqrt(rss / dof) */
    la_int products;    /* OPT_LSQ_LM_LSQR: products with J and J^T */
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
 * evaluated once more for it, counted in g_evals). m < n is allowed (J is
 * padded with zero rows). opt_result: f = F(x), grad_norm =
 * ||J^T f||_inf over the free parameters (the model's f and J; when x moved
 * after the last Jacobian evaluation, the gradient of the Gauss-Newton
 * model there), iterations = Jacobian evaluations, f_evals = residual
 * evaluations (difference columns included), g_evals = Jacobians formed.
 * Cost per iteration: one Jacobian and its QR (2 m (n+1)^2 flops for the
 * R-only QR of [J f], one read of J; O(n^3) for the pivoted QR of its R), and per
 * trial step one residual evaluation and O(n^3) flops (LM: at most 10
 * Givens solves); OPT_LSQ_LM_LSQR: per step one la_lsqr solve, O(m + n)
 * memory. Workspace: opt_lsq_ws_bytes(m, n, lo), plus, when cov or std_err
 * is requested, opt_lsq_covariance_ws_bytes(m, n) and, for OPT_LSQ_LM_LSQR,
 * la_ws_reals(max(m, n) (n + 1)) + la_ws_reals(n^2) for the formed
 * Jacobian. Errors: LA_ERR_ARG (NULL f or x, NaN tolerance, negative weight
 * or loss_scale, non-positive diag, OPT_LSQ_LM_LSQR without jac_op or with
 * difference Jacobians), LA_ERR_DIM (m < 1 or n < 1),
 * LA_ERR_INFEASIBLE (a lower bound above its upper bound),
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
OPT_API la_status opt_fd_jacobian(opt_residual_fn f, void *ctx, la_int m, la_int n,
                                  const la_real *x, const la_real *r, opt_jac_mode mode,
                                  la_real step, la_mat J, la_arena *ws);

/* Result of opt_check_jacobian. */
typedef struct {
    la_int n_bad;      /* columns whose error exceeds tol (0: the Jacobian agrees) */
    la_int worst_col;  /* the column with the largest error */
    la_int worst_row;  /* the residual of that column where it is largest */
    la_real worst_err; /* that error, in [0, 1] */
} opt_check_jacobian_report;

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
OPT_API la_status opt_check_jacobian(opt_residual_fn f, void *ctx, la_int m, la_int n,
                                     const la_real *x, la_real tol, la_real *col_err,
                                     opt_check_jacobian_report *rep, la_arena *ws);

#ifdef __cplusplus
}
#endif

#endif /* OPT_H */

#if defined(OPT_IMPLEMENTATION) && !defined(OPT__IMPLEMENTATION_DONE)
#define OPT__IMPLEMENTATION_DONE

/* ----------------------------------------------------------------------
 * 1. Common types: callbacks, options, results
 * ---------------------------------------------------------------------- */

#ifndef OPT_CLOCK
#ifdef OPT_NO_CLOCK
#define OPT_CLOCK() 0.0
#else
#include <time.h>
#define OPT_CLOCK() ((double)clock() / (double)CLOCKS_PER_SEC)
#endif
#endif

#ifndef LA_NO_STDIO
#include <stdio.h>
#endif

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
    case OPT_REASON_LINESEARCH: return "no acceptable step";
    case OPT_REASON_ERROR: return "error";
    case OPT_REASON_MAX_TIME: return "time limit";
    case OPT_REASON_COUNT: break;
    }
    return "unknown reason";
}

OPT_API int opt_trace_record(const opt_progress *p, void *trace) {
    opt_trace *t = (opt_trace *)trace;
    if (!t || !p || t->count < 0 || t->count >= t->capacity) return 0;
    if (t->iteration) t->iteration[t->count] = p->iteration;
    if (t->f_evals) t->f_evals[t->count] = p->f_evals;
    if (t->f) t->f[t->count] = p->f;
    if (t->grad_norm) t->grad_norm[t->count] = p->grad_norm;
    if (t->step) t->step[t->count] = p->step;
    t->count++;
    return 0;
}

#ifndef LA_NO_STDIO
OPT_API int opt_print_progress(const opt_progress *p, void *file) {
    FILE *out = file ? (FILE *)file : stdout;
    fprintf(out, "iter %5ld  f %-+.10e  |g| %.3e  step %.3e  evals %ld\n", (long)p->iteration,
            (double)p->f, (double)p->grad_norm, (double)p->step, (long)p->f_evals);
    return 0;
}
#endif

/* Private toolkit of the solvers: resolved options, counted evaluations,
 * the stopping tests and the progress report. */
typedef struct {
    opt_fn f;
    void *ctx;
    la_int n;
    opt_options o; /* the caller's options (zero for NULL) */
    la_int max_iter, max_evals;
    la_real gtol, ftol, xtol, max_time;
    double t0;
    int ftol_hits; /* consecutive iterations with a small decrease */
    opt_linesearch ls_kind;
    la_real ls_c1, ls_c2;
    la_int ls_max;
    opt_result r;
} opt__run;

/* max_i |x_i| (NaN propagates). */
LA__PRIV la_real opt__norm_inf(la_int n, const la_real *x) {
    la_real m = 0;
    la_int i;
    for (i = 0; i < n; ++i) {
        la_real a = LA_FABS(x[i]);
        if (a > m || a != a) m = a;
    }
    return m;
}

LA__PRIV la_real opt__default_gtol(void) { return LA_POW(LA_EPS, (la_real)1 / 3); }

/* Sets up a run: options resolved, counters zeroed. `ls_default` is the
 * method's line search. */
LA__PRIV void opt__run_init(opt__run *run, opt_fn f, void *ctx, la_int n, const opt_options *o,
                            opt_linesearch ls_default) {
    const opt_options *oo;
    if (o)
        run->o = *o;
    else
        memset(&run->o, 0, sizeof run->o);
    oo = &run->o;
    memset(&run->r, 0, sizeof run->r);
    run->r.status = LA_OK;
    run->r.reason = OPT_REASON_NONE;
    run->f = f;
    run->ctx = ctx;
    run->n = n;
    run->max_iter = oo->max_iter > 0 ? oo->max_iter : 10000;
    run->max_evals = oo->max_evals > 0 ? oo->max_evals : 0x7fffffff;
    run->gtol = oo->gtol != 0 ? oo->gtol : opt__default_gtol();
    run->ftol = oo->ftol != 0 ? oo->ftol : LA_EPS;
    run->xtol = oo->xtol != 0 ? oo->xtol : LA_EPS;
    run->max_time = oo->max_time > 0 ? oo->max_time : 0;
    run->t0 = run->max_time > 0 ? OPT_CLOCK() : 0.0;
    run->ftol_hits = 0;
    run->ls_kind = oo->linesearch != OPT_LS_DEFAULT ? oo->linesearch : ls_default;
    if (oo->ls_c1 > 0)
        run->ls_c1 = oo->ls_c1;
    else
        run->ls_c1 = run->ls_kind == OPT_LS_HAGER_ZHANG ? (la_real)0.1 : (la_real)1e-4;
    run->ls_c2 = oo->ls_c2 > 0 ? oo->ls_c2 : (la_real)0.9;
    run->ls_max = oo->ls_max_evals > 0 ? oo->ls_max_evals : 40;
}

/* Counted evaluation of f (and of the gradient unless g is NULL). */
LA__PRIV la_real opt__eval(opt__run *run, const la_real *x, la_real *g) {
    run->r.f_evals++;
    if (g) run->r.g_evals++;
    return run->f(x, g, run->ctx);
}

LA__PRIV int opt__budget_left(const opt__run *run) { return run->r.f_evals < run->max_evals; }

/* Ends a run with a status and reason (the measure and threshold of limits
 * and errors are filled by the caller where meaningful). */
LA__PRIV void opt__stop(opt__run *run, la_status st, opt_reason why, la_real measure,
                        la_real threshold) {
    run->r.status = st;
    run->r.reason = why;
    run->r.measure = measure;
    run->r.threshold = threshold;
}

/* Reports an iterate to the callback. Returns non-zero to abort. */
LA__PRIV int opt__report(opt__run *run, const la_real *x, la_real f, const la_real *g,
                         la_real gnorm, la_real step, la_real alpha, la_real radius) {
    opt_progress p;
    if (!run->o.callback) return 0;
    p.iteration = run->r.iterations;
    p.n = run->n;
    p.x = x;
    p.f = f;
    p.grad_norm = gnorm;
    p.step = step;
    p.f_evals = run->r.f_evals;
    p.grad = g;
    p.g_evals = run->r.g_evals;
    p.alpha = alpha;
    p.radius = radius;
    return run->o.callback(&p, run->o.callback_ctx);
}

/* The starting point: records f and the gradient norm, reports iteration 0
 * and tests the gradient. Returns 1 if the solver must stop (status set). */
LA__PRIV int opt__start(opt__run *run, const la_real *x, la_real f, const la_real *g,
                        la_real gnorm, la_real radius) {
    run->r.f = f;
    run->r.grad_norm = gnorm;
    if (!LA__ISFINITE(f) || !LA__ISFINITE(gnorm)) {
        opt__stop(run, LA_ERR_NONFINITE, OPT_REASON_NONFINITE, f, 0);
        return 1;
    }
    if (run->gtol >= 0 && gnorm <= run->gtol) {
        opt__stop(run, LA_OK, OPT_REASON_GTOL, gnorm, run->gtol);
        opt__report(run, x, f, g, gnorm, 0, 0, radius);
        return 1;
    }
    if (opt__report(run, x, f, g, gnorm, 0, 0, radius)) {
        opt__stop(run, LA_ERR_ABORTED, OPT_REASON_CALLBACK, 0, 0);
        return 1;
    }
    return 0;
}

/* max_i |x1_i - x0_i| / |x1_i| (0/0 = 0), the componentwise relative step
 * of the xtol test, if every |x1_i - x0_i| <= xtol |x1_i|; LA_REAL_MAX
 * otherwise (one pass, divisions only when the test can pass). */
LA__PRIV la_real opt__rel_step(const opt__run *run, const la_real *x0, const la_real *x1) {
    la_int i, n = run->n;
    la_real r = 0;
    if (run->xtol < 0) return LA_REAL_MAX;
    for (i = 0; i < n; ++i)
        if (LA_FABS(x1[i] - x0[i]) > run->xtol * LA_FABS(x1[i])) return LA_REAL_MAX;
    for (i = 0; i < n; ++i)
        if (x1[i] != x0[i]) r = LA__MAX(r, LA_FABS(x1[i] - x0[i]) / LA_FABS(x1[i]));
    return r;
}

/* After an accepted step (iteration counter already advanced): the
 * convergence tests, the report, then the limits. f_prev is the value the
 * decrease is measured from; step is ||s||_inf and xrel the relative step
 * of opt__rel_step. Returns 1 if the solver must stop (status, reason,
 * measure set). */
LA__PRIV int opt__after_step(opt__run *run, const la_real *x, la_real f, la_real f_prev,
                             const la_real *g, la_real gnorm, la_real step, la_real xrel,
                             la_real alpha, la_real radius) {
    la_real dec = f_prev - f, scale = LA__MAX(LA_FABS(f_prev), LA_FABS(f));
    int done = 1, abort;
    run->r.f = f;
    run->r.grad_norm = gnorm;
    if (!(dec >= 0 && dec <= run->ftol * scale)) run->ftol_hits = 0;
    if (run->gtol >= 0 && gnorm <= run->gtol)
        opt__stop(run, LA_OK, OPT_REASON_GTOL, gnorm, run->gtol);
    else if (run->ftol >= 0 && dec >= 0 && dec <= run->ftol * scale && ++run->ftol_hits >= 2)
        opt__stop(run, LA_OK, OPT_REASON_FTOL, scale > 0 ? dec / scale : 0, run->ftol);
    else if (run->xtol >= 0 && xrel <= run->xtol)
        opt__stop(run, LA_OK, OPT_REASON_XTOL, xrel, run->xtol);
    else
        done = 0;
    abort = opt__report(run, x, f, g, gnorm, step, alpha, radius);
    if (done) return 1;
    if (abort) {
        opt__stop(run, LA_ERR_ABORTED, OPT_REASON_CALLBACK, 0, 0);
    } else if (run->r.iterations >= run->max_iter) {
        opt__stop(run, LA_ERR_NO_CONVERGENCE, OPT_REASON_MAX_ITER, (la_real)run->r.iterations,
                  (la_real)run->max_iter);
    } else if (!opt__budget_left(run)) {
        opt__stop(run, LA_ERR_NO_CONVERGENCE, OPT_REASON_MAX_EVALS, (la_real)run->r.f_evals,
                  (la_real)run->max_evals);
    } else if (run->max_time > 0 && OPT_CLOCK() - run->t0 >= (double)run->max_time) {
        opt__stop(run, LA_ERR_NO_CONVERGENCE, OPT_REASON_MAX_TIME,
                  (la_real)(OPT_CLOCK() - run->t0), run->max_time);
    } else {
        return 0;
    }
    return 1;
}

/* Common argument checks of the solvers: 0 if f, x are usable. */
LA__PRIV la_status opt__check_args(opt_fn f, la_int n, const la_real *x) {
    if (!f || n < 0 || (n > 0 && !x)) return LA_ERR_ARG;
    if (!la_vec_isfinite(n, x)) return LA_ERR_NONFINITE;
    return LA_OK;
}

/* A result for an argument error. */
LA__PRIV opt_result opt__result_error(la_status st) {
    opt_result r;
    memset(&r, 0, sizeof r);
    r.status = st;
    r.reason = st == LA_ERR_NONFINITE ? OPT_REASON_NONFINITE : OPT_REASON_ERROR;
    return r;
}

/* 1 if the value is finite (a function, so that its argument is evaluated
 * once, unlike LA__ISFINITE). */
LA__PRIV int opt__finite(la_real v) { return LA__ISFINITE(v); }

/* The start of every solver: argument checks, options, and the scratch
 * of its workspace query `bytes`. Returns 1 (with *err set) on failure. */
LA__PRIV int opt__begin(opt__run *run, la__scratch *sc, opt_fn f, void *ctx, la_int n,
                        const la_real *x, const opt_options *o, la_arena *ws, size_t bytes,
                        opt_linesearch ls, opt_result *err) {
    la_status st = opt__check_args(f, n, x);
    if (st == LA_OK) {
        opt__run_init(run, f, ctx, n, o, ls);
        st = la__scratch_begin(sc, ws, bytes - LA_ARENA_ALIGN);
    }
    if (st != LA_OK) {
        *err = opt__result_error(st);
        return 1;
    }
    return 0;
}

/* Finite-difference step for x_i: scale * max(1, |x_i|), rounded so that
 * (x_i + h) - x_i == h exactly. */
LA__PRIV la_real opt__fd_step(la_real xi, la_real scale) {
    volatile la_real t = xi + scale * LA__MAX((la_real)1, LA_FABS(xi));
    return t - xi;
}

/* A value-only objective, as the finite-difference kernels see it. */
typedef la_real (*opt__value_fn)(const la_real *x, void *ctx);
typedef struct {
    opt_fn f;
    void *ctx;
} opt__fn_pair;
LA__PRIV la_real opt__value_of(const la_real *x, void *pair) {
    opt__fn_pair *p = (opt__fn_pair *)pair;
    return p->f(x, NULL, p->ctx);
}

/* g <- finite-difference gradient of fv at x; xw is a copy of x (restored on
 * return); f0 = fv(x) (used by forward differences). Returns the number of
 * evaluations, negated if a value was not finite. */
LA__PRIV la_int opt__fd_grad_core(opt__value_fn fv, void *ctx, la_int n, la_real *xw,
                                  la_real f0, int central, la_real *g) {
    la_real scale = central ? LA_POW(LA_EPS, (la_real)1 / 3) : LA_SQRT(LA_EPS);
    la_int i, evals = 0;
    int ok = 1;
    for (i = 0; i < n; ++i) {
        la_real xi = xw[i], h = opt__fd_step(xi, scale), fp, fm;
        xw[i] = xi + h;
        fp = fv(xw, ctx);
        ++evals;
        if (central) {
            xw[i] = xi - h;
            fm = fv(xw, ctx);
            ++evals;
            g[i] = (fp - fm) / (2 * h);
        } else {
            g[i] = (fp - f0) / h;
        }
        xw[i] = xi;
        if (!LA__ISFINITE(g[i])) ok = 0;
    }
    return ok ? evals : -evals;
}

OPT_API la_status opt_fd_gradient(opt_fn f, void *ctx, la_int n, const la_real *x,
                                  int central, la_real *g, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_real *xw, f0 = 0;
    opt__fn_pair pair;
    if (!f || n < 0 || (n > 0 && (!x || !g))) return LA_ERR_ARG;
    if (!la_vec_isfinite(n, x)) return LA_ERR_NONFINITE;
    if (n == 0) return LA_OK;
    if ((st = la__scratch_begin(&sc, ws, la_ws_reals((size_t)n))) != LA_OK) return st;
    xw = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    memcpy(xw, x, (size_t)n * sizeof(la_real));
    pair.f = f;
    pair.ctx = ctx;
    if (!central) f0 = f(x, NULL, ctx);
    if (!LA__ISFINITE(f0) || opt__fd_grad_core(opt__value_of, &pair, n, xw, f0, central, g) < 0)
        st = LA_ERR_NONFINITE;
    la__scratch_end(&sc);
    return st;
}

/* H <- difference Hessian at x from gradients at x +/- h e_i (forward
 * differences use g0 = g(x) if given, else evaluate it), symmetrized. xw,
 * gp, gm: n reals each. *evals receives the evaluations made. */
LA__PRIV la_status opt__fd_hess_core(opt_fn f, void *ctx, la_int n, const la_real *x,
                                     const la_real *g0, int central, la_mat H, la_real *xw,
                                     la_real *gp, la_real *gm, la_int *evals) {
    la_real scale = central ? LA_POW(LA_EPS, (la_real)1 / 3) : LA_SQRT(LA_EPS);
    la_int i, j;
    *evals = 0;
    memcpy(xw, x, (size_t)n * sizeof(la_real));
    if (!central) {
        if (g0) {
            memcpy(gm, g0, (size_t)n * sizeof(la_real));
        } else {
            ++*evals;
            if (!opt__finite(f(x, gm, ctx))) return LA_ERR_NONFINITE;
        }
    }
    for (i = 0; i < n; ++i) {
        la_real xi = x[i], h = opt__fd_step(xi, scale), den;
        xw[i] = xi + h;
        ++*evals;
        if (!opt__finite(f(xw, gp, ctx))) return LA_ERR_NONFINITE;
        if (central) {
            xw[i] = xi - h;
            ++*evals;
            if (!opt__finite(f(xw, gm, ctx))) return LA_ERR_NONFINITE;
        }
        xw[i] = xi;
        den = central ? 2 * h : h;
        for (j = 0; j < n; ++j) LA_AT(H, i, j) = (gp[j] - gm[j]) / den;
    }
    for (i = 0; i < n; ++i)
        for (j = 0; j < i; ++j) {
            la_real a = (LA_AT(H, i, j) + LA_AT(H, j, i)) / 2;
            LA_AT(H, i, j) = a;
            LA_AT(H, j, i) = a;
        }
    return la_mat_isfinite(H) ? LA_OK : LA_ERR_NONFINITE;
}

OPT_API la_status opt_fd_hessian(opt_fn f, void *ctx, la_int n, const la_real *x,
                                 int central, la_mat H, la_arena *ws) {
    la__scratch sc;
    la_status st = LA_OK;
    la_real *xw, *gp, *gm;
    la_int evals;
    if (!f || n < 0 || (n > 0 && !x) || la_mat_check(H)) return LA_ERR_ARG;
    if (H.rows != n || H.cols != n) return LA_ERR_DIM;
    if (!la_vec_isfinite(n, x)) return LA_ERR_NONFINITE;
    if (n == 0) return LA_OK;
    if ((st = la__scratch_begin(&sc, ws, 3 * la_ws_reals((size_t)n))) != LA_OK) return st;
    xw = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    gp = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    gm = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    st = opt__fd_hess_core(f, ctx, n, x, NULL, central, H, xw, gp, gm, &evals);
    la__scratch_end(&sc);
    return st;
}

/* hv <- (g(x + h v) - g) / h into the caller's buffers xw, gw (n each).
 * Returns 0, or 1 if the probe was not finite. */
LA__PRIV int opt__fd_hessvec_core(opt_fn f, void *ctx, la_int n, const la_real *x,
                                  const la_real *g, const la_real *v, la_real *hv, la_real *xw,
                                  la_real *gw) {
    la_real vn = la_nrm2(n, v, 1), h;
    la_int i;
    if (vn == 0) {
        for (i = 0; i < n; ++i) hv[i] = 0;
        return 0;
    }
    h = LA_SQRT(LA_EPS) * (1 + la_nrm2(n, x, 1)) / vn;
    for (i = 0; i < n; ++i) xw[i] = x[i] + h * v[i];
    if (!opt__finite(f(xw, gw, ctx))) return 1;
    for (i = 0; i < n; ++i) hv[i] = (gw[i] - g[i]) / h;
    return !la_vec_isfinite(n, hv);
}

OPT_API la_status opt_fd_hessvec(opt_fn f, void *ctx, la_int n, const la_real *x,
                                 const la_real *g, const la_real *v, la_real *hv,
                                 la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_real *xw, *gw;
    if (!f || n < 0 || (n > 0 && (!x || !g || !v || !hv))) return LA_ERR_ARG;
    if (!la_vec_isfinite(n, x) || !la_vec_isfinite(n, g) || !la_vec_isfinite(n, v))
        return LA_ERR_NONFINITE;
    if (n == 0) return LA_OK;
    if ((st = la__scratch_begin(&sc, ws, 2 * la_ws_reals((size_t)n))) != LA_OK) return st;
    xw = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    gw = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    if (opt__fd_hessvec_core(f, ctx, n, x, g, v, hv, xw, gw)) st = LA_ERR_NONFINITE;
    la__scratch_end(&sc);
    return st;
}

OPT_API la_status opt_check_gradient(opt_fn f, void *ctx, la_int n, const la_real *x,
                                     la_real *max_err, la_int *worst, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_real *xw, *ga, *gd, err = 0;
    la_int i, wi = -1;
    opt__fn_pair pair;
    if (!f || n < 0 || (n > 0 && !x) || !max_err) return LA_ERR_ARG;
    if (!la_vec_isfinite(n, x)) return LA_ERR_NONFINITE;
    *max_err = 0;
    if (worst) *worst = -1;
    if (n == 0) return LA_OK;
    if ((st = la__scratch_begin(&sc, ws, 3 * la_ws_reals((size_t)n))) != LA_OK) return st;
    xw = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    ga = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    gd = (la_real *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_real));
    memcpy(xw, x, (size_t)n * sizeof(la_real));
    pair.f = f;
    pair.ctx = ctx;
    if (!opt__finite(f(x, ga, ctx)) || !la_vec_isfinite(n, ga) ||
        opt__fd_grad_core(opt__value_of, &pair, n, xw, 0, 1, gd) < 0) {
        st = LA_ERR_NONFINITE;
    } else {
        for (i = 0; i < n; ++i) {
            la_real s = LA__MAX((la_real)1, LA__MAX(LA_FABS(ga[i]), LA_FABS(gd[i])));
            la_real e = LA_FABS(ga[i] - gd[i]) / s;
            if (e > err || wi < 0) {
                err = e;
                wi = i;
            }
        }
        *max_err = err;
        if (worst) *worst = wi;
    }
    la__scratch_end(&sc);
    return st;
}

OPT_API la_real opt_fd_objective(const la_real *x, la_real *grad, void *fd_problem) {
    opt_fd_problem *p = (opt_fd_problem *)fd_problem;
    la_real f0;
    la_int k;
    f0 = p->f(x, p->ctx);
    p->evals++;
    if (!grad || !LA__ISFINITE(f0)) return f0;
    if (p->n > 0) memcpy(p->work, x, (size_t)p->n * sizeof(la_real));
    k = opt__fd_grad_core(p->f, p->ctx, p->n, p->work, f0, p->central, grad);
    p->evals += k < 0 ? -k : k; /* a non-finite probe leaves NaN/Inf in grad */
    return f0;
}

/* ----------------------------------------------------------------------
 * 2. Line searches
 * ---------------------------------------------------------------------- */

/* State of one line search along d from x: phi(a) = f(x + a d) (projected
 * onto [lower, upper] when bounds are given). The trial point and its
 * gradient go to xt, gt; on success they hold the accepted step. */
typedef struct {
    opt__run *run;
    la_int n;
    const la_real *x, *d;
    const la_real *lower, *upper;
    la_real f0, dg0;         /* phi(0), phi'(0) < 0 */
    la_real *xt, *gt;        /* trial point and its gradient */
    la_real at, ft, dgt;     /* last trial: step, phi, phi' */
    la_real a_best, f_best;  /* lowest finite phi seen (a_best = 0: none below f0) */
    la_real a_bad;           /* smallest step found to give a non-finite phi */
    la_real a_tiny;          /* steps below this no longer change x */
    la_int evals, max_evals;
    int finite_seen;
    int moved;               /* after a failure: xt holds a point below f0 */
} opt__ls;

enum { OPT__EV_OK = 0, OPT__EV_NONFINITE, OPT__EV_LIMIT, OPT__EV_BUDGET, OPT__EV_STUCK };

typedef struct {
    la_real a, f, g; /* step, phi(a), phi'(a) */
} opt__pt;

LA__PRIV void opt__ls_init(opt__ls *ls, opt__run *run, const la_real *x, la_real f0,
                           const la_real *d, la_real dg0, la_real *xt, la_real *gt) {
    la_real tiny = LA_REAL_MAX;
    la_int i;
    /* the smallest step that still changes some x_i by more than eps |x_i| */
    for (i = 0; i < run->n; ++i)
        if (d[i] != 0) {
            la_real t = LA_EPS * LA_FABS(x[i]) / LA_FABS(d[i]);
            if (t < tiny) tiny = t;
        }
    ls->run = run;
    ls->n = run->n;
    ls->x = x;
    ls->d = d;
    ls->lower = ls->upper = NULL;
    ls->f0 = f0;
    ls->dg0 = dg0;
    ls->xt = xt;
    ls->gt = gt;
    ls->at = 0;
    ls->ft = f0;
    ls->dgt = dg0;
    ls->a_best = 0;
    ls->f_best = f0;
    ls->a_bad = LA_REAL_MAX;
    ls->a_tiny = tiny;
    ls->evals = 0;
    ls->max_evals = run->ls_max;
    ls->finite_seen = 0;
    ls->moved = 0;
}

/* phi and phi' at step a (x + a d clamped to the bounds, if any). */
LA__PRIV int opt__ls_eval(opt__ls *ls, la_real a) {
    la_int i, n = ls->n;
    const la_real *x = ls->x, *d = ls->d;
    la_real *xt = ls->xt;
    if (ls->evals >= ls->max_evals) return OPT__EV_LIMIT;
    if (!opt__budget_left(ls->run)) return OPT__EV_BUDGET;
    if (!(a > ls->a_tiny)) return OPT__EV_STUCK;
    for (i = 0; i < n; ++i) xt[i] = x[i] + a * d[i];
    if (ls->lower)
        for (i = 0; i < n; ++i)
            if (xt[i] < ls->lower[i]) xt[i] = ls->lower[i];
    if (ls->upper)
        for (i = 0; i < n; ++i)
            if (xt[i] > ls->upper[i]) xt[i] = ls->upper[i];
    ls->ft = opt__eval(ls->run, xt, ls->gt);
    ls->evals++;
    ls->at = a;
    ls->dgt = la_dot(n, ls->gt, 1, d, 1);
    if (!LA__ISFINITE(ls->ft) || !LA__ISFINITE(ls->dgt)) {
        if (a < ls->a_bad) ls->a_bad = a;
        return OPT__EV_NONFINITE;
    }
    ls->finite_seen = 1;
    if (ls->ft < ls->f_best) {
        ls->f_best = ls->ft;
        ls->a_best = a;
    }
    return OPT__EV_OK;
}

/* Ends a failed search: brings xt back to the best trial when that lowered
 * f (one more evaluation if the budget allows), and maps the cause to a
 * status: LA_ERR_NONFINITE only when every trial it evaluated was NaN or
 * Inf; a search that ran out of steps that move x (below a_tiny) before
 * evaluating any is a line-search failure. */
LA__PRIV la_status opt__ls_fail(opt__ls *ls, int cause) {
    la_status st = cause == OPT__EV_BUDGET                    ? LA_ERR_NO_CONVERGENCE
                   : ls->a_bad < LA_REAL_MAX && !ls->finite_seen ? LA_ERR_NONFINITE
                                                                 : LA_ERR_LINESEARCH;
    ls->moved = 0;
    if (ls->a_best > 0) {
        if (ls->at == ls->a_best && LA__ISFINITE(ls->ft) && ls->ft == ls->f_best) {
            ls->moved = 1;
        } else if (opt__budget_left(ls->run)) {
            ls->max_evals = ls->evals + 1;
            ls->a_tiny = 0;
            ls->moved = opt__ls_eval(ls, ls->a_best) == OPT__EV_OK && ls->ft < ls->f0;
        } else if (LA__ISFINITE(ls->ft) && ls->ft < ls->f0) {
            ls->moved = 1; /* not the best trial, but below f0 */
        }
    }
    return st;
}

/* Armijo backtracking from step a: phi(a) <= f_ref + c1 a phi'(0), where
 * f_ref >= phi(0) allows nonmonotone searches. Safeguarded quadratic, then
 * cubic, interpolation (Dennis and Schnabel 1983, A6.3.1). */
LA__PRIV la_status opt__ls_backtrack(opt__ls *ls, la_real a, la_real f_ref) {
    la_real c1 = ls->run->ls_c1, f0 = ls->f0, g0 = ls->dg0, a_prev = 0, f_prev = 0;
    int have_prev = 0;
    for (;;) {
        int ev = opt__ls_eval(ls, a);
        la_real an;
        if (ev == OPT__EV_OK && ls->ft <= f_ref + c1 * a * g0) return LA_OK;
        if (ev != OPT__EV_OK && ev != OPT__EV_NONFINITE) return opt__ls_fail(ls, ev);
        if (ev == OPT__EV_NONFINITE) {
            an = (la_real)0.25 * a;
        } else if (!have_prev) {
            an = -g0 * a * a / (2 * (ls->ft - f0 - g0 * a));
        } else {
            /* cubic through phi(0), phi'(0), phi(a_prev), phi(a) */
            la_real r1 = ls->ft - f0 - g0 * a, r2 = f_prev - f0 - g0 * a_prev;
            la_real den = a * a * a_prev * a_prev * (a - a_prev);
            la_real ca = (a_prev * a_prev * r1 - a * a * r2) / den;
            la_real cb = (-a_prev * a_prev * a_prev * r1 + a * a * a * r2) / den;
            if (ca == 0) {
                an = -g0 / (2 * cb);
            } else {
                la_real disc = cb * cb - 3 * ca * g0;
                an = disc < 0 ? a / 2 : (-cb + LA_SQRT(disc)) / (3 * ca);
            }
        }
        if (ev == OPT__EV_OK) {
            a_prev = a;
            f_prev = ls->ft;
            have_prev = 1;
        }
        if (!(an >= (la_real)0.1 * a)) an = (la_real)0.1 * a; /* also NaN */
        if (an > (la_real)0.5 * a) an = (la_real)0.5 * a;
        a = an;
    }
}

LA__PRIV la_real opt__max3(la_real a, la_real b, la_real c) {
    return LA__MAX(a, LA__MAX(b, c));
}

/* Minimizer of the cubic interpolating values and slopes at u and v, as
 * u + r (v - u) (More and Thuente 1994, section 4). With `clip`, the
 * minimizer on the far side of u from v, or LA_REAL_MAX if the cubic has
 * none there (case 3 of the paper). */
LA__PRIV la_real opt__cubic_min(la_real u, la_real fu, la_real du, la_real v, la_real fv,
                                la_real dv, int clip) {
    la_real theta = 3 * (fu - fv) / (v - u) + du + dv;
    la_real s = opt__max3(LA_FABS(theta), LA_FABS(du), LA_FABS(dv));
    la_real disc, gamma, p, q;
    if (s == 0) return clip ? LA_REAL_MAX : (u + v) / 2;
    disc = (theta / s) * (theta / s) - (du / s) * (dv / s);
    gamma = s * LA_SQRT(LA__MAX((la_real)0, disc));
    if (v < u) gamma = -gamma;
    p = (gamma - du) + theta;
    q = clip ? (gamma + (dv - du)) + gamma : ((gamma - du) + gamma) + dv;
    if (clip && !(p / q < 0 && gamma != 0)) return LA_REAL_MAX; /* no minimizer beyond */
    return u + (p / q) * (v - u);
}

/* One step of the safeguarded interval update of More and Thuente (1994):
 * sx is the best point, sy the other end, sp the trial. Returns the next
 * trial and updates the interval and `brackt`. */
LA__PRIV la_real opt__mt_step(opt__pt *sx, opt__pt *sy, const opt__pt *sp, int *brackt,
                              la_real stpmin, la_real stpmax) {
    la_real stx = sx->a, fx = sx->f, dx = sx->g, sty = sy->a;
    la_real stp = sp->a, fp = sp->f, dp = sp->g, stpc, stpq, stpf;
    int opposite = dx != 0 && dp != 0 && ((dp < 0) != (dx < 0));
    if (fp > fx) {
        /* 1: higher value, the minimum is bracketed: cubic step unless the
         * quadratic one (value-based) is much closer to stx */
        stpc = opt__cubic_min(stx, fx, dx, stp, fp, dp, 0);
        stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2) * (stp - stx);
        stpf = LA_FABS(stpc - stx) < LA_FABS(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
        *brackt = 1;
    } else if (opposite) {
        /* 2: derivatives of opposite sign: bracketed; the step farther from stp */
        stpc = opt__cubic_min(stp, fp, dp, stx, fx, dx, 0);
        stpq = stp + (dp / (dp - dx)) * (stx - stp);
        stpf = LA_FABS(stpc - stp) > LA_FABS(stpq - stp) ? stpc : stpq;
        *brackt = 1;
    } else if (LA_FABS(dp) < LA_FABS(dx)) {
        /* 3: same sign, derivative decreasing: cubic only if it has a
         * minimizer beyond stp, else the bound; then the secant step */
        stpc = opt__cubic_min(stp, fp, dp, stx, fx, dx, 1);
        if (stpc == LA_REAL_MAX) stpc = stp > stx ? stpmax : stpmin;
        stpq = stp + (dp / (dp - dx)) * (stx - stp);
        if (*brackt) {
            stpf = LA_FABS(stpc - stp) < LA_FABS(stpq - stp) ? stpc : stpq;
            if (stp > stx)
                stpf = LA__MIN(stp + (la_real)0.66 * (sty - stp), stpf);
            else
                stpf = LA__MAX(stp + (la_real)0.66 * (sty - stp), stpf);
        } else {
            stpf = LA_FABS(stpc - stp) > LA_FABS(stpq - stp) ? stpc : stpq;
            stpf = LA__MAX(stpmin, LA__MIN(stpmax, stpf));
        }
    } else {
        /* 4: same sign, derivative not decreasing */
        if (*brackt)
            stpf = opt__cubic_min(stp, fp, dp, sy->a, sy->f, sy->g, 0);
        else
            stpf = stp > stx ? stpmax : stpmin;
    }
    if (fp > fx) {
        *sy = *sp;
    } else {
        if (opposite) *sy = *sx;
        *sx = *sp;
    }
    return stpf;
}

/* Strong Wolfe line search of More and Thuente (1994), from step stp, with
 * steps limited to (0, stpmax]. */
LA__PRIV la_status opt__ls_more_thuente(opt__ls *ls, la_real stp, la_real stpmax) {
    const la_real xtrapl = (la_real)1.1, xtrapu = 4, xtol = LA_EPS;
    la_real c1 = ls->run->ls_c1, c2 = ls->run->ls_c2, g0 = ls->dg0, gtest = c1 * g0;
    la_real stpmin = 0, width = stpmax - stpmin, width1 = 2 * width, stmin = 0;
    la_real stmax = stp + xtrapu * stp;
    opt__pt sx, sy, sp;
    int brackt = 0, stage = 1;
    sx.a = 0;
    sx.f = ls->f0;
    sx.g = g0;
    sy = sx;
    if (stp > stpmax) stp = stpmax;
    for (;;) {
        int ev = opt__ls_eval(ls, stp);
        la_real ftest, stpn;
        if (ev == OPT__EV_NONFINITE) {
            /* back toward the best point, and never beyond this step again */
            stmax = LA__MIN(stmax, stp);
            stp = sx.a + (la_real)0.25 * (stp - sx.a);
            continue;
        }
        if (ev != OPT__EV_OK) return opt__ls_fail(ls, ev);
        sp.a = stp;
        sp.f = ls->ft;
        sp.g = ls->dgt;
        ftest = ls->f0 + stp * gtest;
        if (stage == 1 && sp.f <= ftest && sp.g >= 0) stage = 2;
        if (sp.f <= ftest && LA_FABS(sp.g) <= -c2 * g0) return LA_OK;
        if ((brackt && (stp <= stmin || stp >= stmax || stmax - stmin <= xtol * stmax)) ||
            (stp == stpmax && sp.f <= ftest && sp.g <= gtest) ||
            (stp == stpmin && (sp.f > ftest || sp.g >= gtest)))
            return opt__ls_fail(ls, OPT__EV_LIMIT);
        if (stage == 1 && sp.f <= sx.f && sp.f > ftest) {
            /* the auxiliary function psi(a) = phi(a) - phi(0) - c1 a phi'(0),
             * until a step with psi <= 0 and phi' >= 0 is found */
            opt__pt mx = sx, my = sy, mp = sp;
            mx.f -= mx.a * gtest;
            mx.g -= gtest;
            my.f -= my.a * gtest;
            my.g -= gtest;
            mp.f -= mp.a * gtest;
            mp.g -= gtest;
            stpn = opt__mt_step(&mx, &my, &mp, &brackt, stmin, stmax);
            sx = mx;
            sx.f += sx.a * gtest;
            sx.g += gtest;
            sy = my;
            sy.f += sy.a * gtest;
            sy.g += gtest;
        } else {
            stpn = opt__mt_step(&sx, &sy, &sp, &brackt, stmin, stmax);
        }
        if (brackt) {
            if (LA_FABS(sy.a - sx.a) >= (la_real)0.66 * width1) stpn = sx.a + (sy.a - sx.a) / 2;
            width1 = width;
            width = LA_FABS(sy.a - sx.a);
            stmin = LA__MIN(sx.a, sy.a);
            stmax = LA__MAX(sx.a, sy.a);
        } else {
            stmin = stpn + xtrapl * (stpn - sx.a);
            stmax = stpn + xtrapu * (stpn - sx.a);
        }
        stp = LA__MAX(stpmin, LA__MIN(stpmax, stpn));
        if (stp >= ls->a_bad) stp = sx.a + (ls->a_bad - sx.a) / 2;
        if ((brackt && (stp <= stmin || stp >= stmax)) || (brackt && stmax - stmin <= xtol * stmax))
            stp = sx.a;
        if (!(stp > 0)) return opt__ls_fail(ls, OPT__EV_STUCK);
    }
}

/* Hager-Zhang line search (Hager and Zhang 2005, "A new conjugate gradient
 * method with guaranteed descent and an efficient line search", and 2006,
 * CG_DESCENT): bracket, double secant, bisection. */
typedef struct {
    opt__ls *ls;
    la_real fhat;          /* phi(0) + eps_k */
    la_real delta, sigma;
    int approx;            /* approximate Wolfe conditions allowed */
    int done;              /* 1: accepted; -1: failed with cause `ev` */
    int ev;
} opt__hz;

LA__PRIV int opt__hz_accept(const opt__hz *hz, const opt__pt *p) {
    la_real g0 = hz->ls->dg0;
    if (p->g < hz->sigma * g0) return 0;
    if (p->f - hz->ls->f0 <= hz->delta * p->a * g0) return 1;
    return hz->approx && (2 * hz->delta - 1) * g0 >= p->g && p->f <= hz->fhat;
}

/* Evaluates at c, pulled back toward `toward` while non-finite. Returns 1
 * when the search ends (hz->done says how). */
LA__PRIV int opt__hz_eval(opt__hz *hz, la_real c, la_real toward, opt__pt *p) {
    for (;;) {
        int ev = opt__ls_eval(hz->ls, c);
        if (ev == OPT__EV_OK) break;
        if (ev != OPT__EV_NONFINITE) {
            hz->done = -1;
            hz->ev = ev;
            return 1;
        }
        c = toward + (la_real)0.25 * (c - toward);
    }
    p->a = c;
    p->f = hz->ls->ft;
    p->g = hz->ls->dgt;
    if (opt__hz_accept(hz, p)) {
        hz->done = 1;
        return 1;
    }
    return 0;
}

/* [a, b] with phi'(b) < 0 and phi(b) > fhat: bisection (theta = 1/2) until
 * phi' >= 0 at b (step U3 of the update). */
LA__PRIV int opt__hz_bisect(opt__hz *hz, opt__pt *a, opt__pt *b) {
    for (;;) {
        opt__pt d;
        if (opt__hz_eval(hz, (a->a + b->a) / 2, a->a, &d)) return 1;
        if (d.g >= 0) {
            *b = d;
            return 0;
        }
        if (d.f <= hz->fhat)
            *a = d;
        else
            *b = d;
    }
}

/* The interval update with a trial point c (step "update"). */
LA__PRIV int opt__hz_update(opt__hz *hz, opt__pt *a, opt__pt *b, const opt__pt *c) {
    if (!(c->a > a->a && c->a < b->a)) return 0;
    if (c->g >= 0) {
        *b = *c;
        return 0;
    }
    if (c->f <= hz->fhat) {
        *a = *c;
        return 0;
    }
    *b = *c;
    return opt__hz_bisect(hz, a, b);
}

LA__PRIV la_real opt__secant(const opt__pt *a, const opt__pt *b) {
    la_real den = b->g - a->g;
    if (den == 0) return (a->a + b->a) / 2;
    return (a->a * b->g - b->a * a->g) / den;
}

/* Step "secant2": a secant step, and a second one from the side it moved. */
LA__PRIV int opt__hz_secant2(opt__hz *hz, opt__pt *a, opt__pt *b) {
    opt__pt A = *a, B = *b, c, c2;
    la_real cs = opt__secant(a, b);
    if (!(cs > a->a && cs < b->a)) cs = (a->a + b->a) / 2;
    if (opt__hz_eval(hz, cs, a->a, &c)) return 1;
    if (opt__hz_update(hz, &A, &B, &c)) return 1;
    if (c.a == A.a || c.a == B.a) {
        la_real cs2 = c.a == B.a ? opt__secant(b, &B) : opt__secant(a, &A);
        if (cs2 > A.a && cs2 < B.a) {
            if (opt__hz_eval(hz, cs2, A.a, &c2)) return 1;
            if (opt__hz_update(hz, &A, &B, &c2)) return 1;
        }
    }
    *a = A;
    *b = B;
    return 0;
}

/* The search from trial step c (limited to amax if amax > 0); eps_k is the
 * tolerance of the approximate Wolfe test on f (used if approx). */
LA__PRIV la_status opt__ls_hager_zhang(opt__ls *ls, la_real c, la_real amax, la_real eps_k,
                                       int approx) {
    opt__hz hz;
    opt__pt p0, a, b, cp;
    hz.ls = ls;
    hz.fhat = ls->f0 + eps_k;
    hz.delta = ls->run->ls_c1;
    hz.sigma = ls->run->ls_c2;
    hz.approx = approx;
    hz.done = 0;
    hz.ev = OPT__EV_LIMIT;
    p0.a = 0;
    p0.f = ls->f0;
    p0.g = ls->dg0;
    a = p0;
    if (amax > 0 && c > amax) c = amax;
    if (opt__hz_eval(&hz, c, 0, &cp)) goto done;
    for (;;) { /* bracket: expand by 5 while phi' < 0 and phi <= fhat */
        if (cp.g >= 0) {
            b = cp;
            break;
        }
        if (cp.f > hz.fhat) {
            a = p0;
            b = cp;
            if (opt__hz_bisect(&hz, &a, &b)) goto done;
            break;
        }
        a = cp;
        c = 5 * cp.a;
        if (amax > 0 && c > amax) {
            if (cp.a >= amax) goto done; /* the limit itself is not acceptable */
            c = amax;
        }
        if (opt__hz_eval(&hz, c, a.a, &cp)) goto done;
    }
    for (;;) {
        la_real width = b.a - a.a;
        if (opt__hz_secant2(&hz, &a, &b)) goto done;
        if (b.a - a.a > (la_real)0.66 * width) {
            opt__pt m;
            if (opt__hz_eval(&hz, (a.a + b.a) / 2, a.a, &m)) goto done;
            if (opt__hz_update(&hz, &a, &b, &m)) goto done;
        }
        if (b.a - a.a <= LA_EPS * b.a) goto done;
    }
done:
    if (hz.done == 1) return LA_OK;
    return opt__ls_fail(ls, hz.ev);
}

/* Runs the line search of `kind` from step a (internal entry of every
 * line-search method). */
LA__PRIV la_status opt__ls_run(opt__ls *ls, opt_linesearch kind, la_real a, la_real amax) {
    switch (kind) {
    case OPT_LS_BACKTRACKING:
        if (amax > 0 && a > amax) a = amax;
        return opt__ls_backtrack(ls, a, ls->f0);
    case OPT_LS_HAGER_ZHANG:
        return opt__ls_hager_zhang(ls, a, amax, (la_real)1e-6 * LA_FABS(ls->f0), 1);
    case OPT_LS_DEFAULT:
    case OPT_LS_MORE_THUENTE:
    default:
        return opt__ls_more_thuente(ls, a, amax > 0 ? amax : LA_REAL_MAX / 8);
    }
}

OPT_API la_status opt_line_search(opt_linesearch kind, opt_fn f, void *ctx, la_int n,
                                  const la_real *x, la_real fx, const la_real *gx,
                                  const la_real *d, la_real *alpha, la_real alpha_max,
                                  la_real *x_out, la_real *f_out, la_real *g_out,
                                  const opt_options *o, la_int *evals) {
    opt__run run;
    opt__ls ls;
    la_status st;
    la_real dg0;
    if (evals) *evals = 0;
    if (!f || n < 0 || !alpha || !f_out || (n > 0 && (!x || !gx || !d || !x_out || !g_out)))
        return LA_ERR_ARG;
    if (!LA__ISFINITE(fx) || !la_vec_isfinite(n, x) || !la_vec_isfinite(n, gx) ||
        !la_vec_isfinite(n, d))
        return LA_ERR_NONFINITE;
    dg0 = la_dot(n, gx, 1, d, 1);
    if (!(*alpha > 0) || !(dg0 < 0)) return LA_ERR_ARG;
    opt__run_init(&run, f, ctx, n, o, OPT_LS_MORE_THUENTE);
    opt__ls_init(&ls, &run, x, fx, d, dg0, x_out, g_out);
    st = opt__ls_run(&ls, kind, *alpha, alpha_max > 0 ? alpha_max : 0);
    if (evals) *evals = ls.evals;
    if (st == LA_OK || ls.moved) {
        *alpha = ls.at;
        *f_out = ls.ft;
    } else {
        *alpha = 0;
        *f_out = fx;
        if (n > 0) {
            memcpy(x_out, x, (size_t)n * sizeof(la_real));
            memcpy(g_out, gx, (size_t)n * sizeof(la_real));
        }
    }
    if (st == LA_ERR_NO_CONVERGENCE) st = LA_ERR_LINESEARCH;
    return st;
}

/* The loop shared by every line-search method (sections 3-5): a method
 * supplies its direction and its update as hooks; the driver runs the line
 * search, restarts after a failure, tracks the best point (nonmonotone
 * methods), tests for convergence and reports progress. */
typedef struct opt__lsm opt__lsm;
struct opt__lsm {
    opt__run *run;
    /* d <- a direction at x (g^T d < 0 expected), *a0 <- the first trial
     * step, *amax <- the step limit (0: none). `work` is n scratch reals.
     * A status other than LA_OK stops the solver with it. */
    la_status (*direction)(opt__lsm *m, const la_real *x, la_real f, const la_real *g,
                           la_real *d, la_real *a0, la_real *amax, la_real *work);
    /* After a step from (x0, g0, f0) to (x1, g1, f1) = x0 + alpha d. */
    void (*update)(opt__lsm *m, const la_real *x0, const la_real *g0, la_real f0,
                   const la_real *x1, const la_real *g1, la_real f1, la_real alpha,
                   const la_real *d);
    /* Forget curvature information: the next direction is (projected)
     * steepest descent. */
    void (*reset)(opt__lsm *m);
    /* Optimality measure at (x, g); NULL: ||g||_inf. */
    la_real (*grad_norm)(opt__lsm *m, const la_real *x, const la_real *g);
    la_real f_ref;          /* reference value of backtracking (set by direction) */
    la_real hz_eps;         /* Hager-Zhang: tolerance on f of the approximate test */
    int hz_approx;          /* Hager-Zhang: approximate Wolfe allowed */
    const la_real *lower, *upper; /* projection of trial points */
    la_real radius;         /* reported as opt_progress.radius */
};

LA__PRIV la_real opt__lsm_gnorm(opt__lsm *m, const la_real *x, const la_real *g) {
    return m->grad_norm ? m->grad_norm(m, x, g) : opt__norm_inf(m->run->n, g);
}

/* Minimizes from x (the caller's buffer, which receives the best point).
 * xb, g0, g1, d: n reals each; spare_x, spare_g: n reals each for
 * nonmonotone methods (else NULL). */
LA__PRIV void opt__lsm_solve(opt__lsm *m, la_real *x_user, la_real *xb, la_real *g0,
                             la_real *g1, la_real *d, la_real *spare_x, la_real *spare_g) {
    opt__run *run = m->run;
    la_int n = run->n, i;
    la_real *x = x_user, *g = g0, *xt = xb, *gt = g1, *bx = NULL, *bg = NULL;
    la_real *free_x = spare_x, *free_g = spare_g;
    la_real f, f_best, gnorm, gnorm_best;
    int fails = 0, best_is_cur = 1;
    f = opt__eval(run, x, g);
    gnorm = la_vec_isfinite(n, g) ? opt__lsm_gnorm(m, x, g) : (la_real)NAN;
    f_best = f;
    gnorm_best = gnorm;
    if (opt__start(run, x, f, g, gnorm, m->radius)) goto done;
    for (;;) {
        opt__ls ls;
        la_real a0 = 1, amax = 0, dg, f_prev, step, xrel;
        la_status st;
        m->f_ref = f;
        st = m->direction(m, x, f, g, d, &a0, &amax, xt);
        if (st != LA_OK) {
            opt__stop(run, st, st == LA_ERR_NONFINITE ? OPT_REASON_NONFINITE
                               : st == LA_ERR_ABORTED ? OPT_REASON_CALLBACK
                                                      : OPT_REASON_ERROR, 0, 0);
            break;
        }
        dg = la_dot(n, g, 1, d, 1);
        if (!(dg < 0)) {
            /* not a descent direction (rounding): steepest descent instead */
            m->reset(m);
            m->f_ref = f;
            st = m->direction(m, x, f, g, d, &a0, &amax, xt);
            dg = la_dot(n, g, 1, d, 1);
            if (st != LA_OK || !(dg < 0)) {
                opt__stop(run, LA_ERR_LINESEARCH, OPT_REASON_LINESEARCH, dg, 0);
                break;
            }
        }
        opt__ls_init(&ls, run, x, f, d, dg, xt, gt);
        ls.lower = m->lower;
        ls.upper = m->upper;
        if (run->ls_kind == OPT_LS_BACKTRACKING)
            st = opt__ls_backtrack(&ls, amax > 0 && a0 > amax ? amax : a0, m->f_ref);
        else if (run->ls_kind == OPT_LS_HAGER_ZHANG)
            st = opt__ls_hager_zhang(&ls, a0, amax, m->hz_eps, m->hz_approx);
        else
            st = opt__ls_run(&ls, run->ls_kind, a0, amax);
        if (st != LA_OK && !ls.moved) {
            if (st == LA_ERR_NO_CONVERGENCE) {
                opt__stop(run, st, OPT_REASON_MAX_EVALS, (la_real)run->r.f_evals,
                          (la_real)run->max_evals);
                break;
            }
            if (fails++ == 0) { /* restart from steepest descent once */
                m->reset(m);
                continue;
            }
            opt__stop(run, st, st == LA_ERR_NONFINITE ? OPT_REASON_NONFINITE
                                                      : OPT_REASON_LINESEARCH, 0, 0);
            break;
        }
        m->update(m, x, g, f, xt, gt, ls.ft, ls.at, d);
        if (st != LA_OK) {
            m->reset(m); /* moved, but not to an acceptable point */
            fails = 1;
        } else {
            fails = 0;
        }
        step = 0;
        for (i = 0; i < n; ++i) {
            la_real si = LA_FABS(xt[i] - x[i]);
            if (si > step) step = si;
        }
        xrel = opt__rel_step(run, x, xt);
        /* rotate buffers: the trial becomes the iterate; keep the best */
        f_prev = m->f_ref > f ? m->f_ref : f;
        if (ls.ft < f_best || !spare_x) {
            la_real *tx = x, *tg = g;
            x = xt;
            g = gt;
            xt = tx;
            gt = tg;
            if (!best_is_cur) { /* the parked best is superseded */
                free_x = bx;
                free_g = bg;
                bx = bg = NULL;
            }
            best_is_cur = 1;
            f_best = ls.ft;
        } else if (best_is_cur) { /* the iterate leaving is the best: park it */
            bx = x;
            bg = g;
            gnorm_best = gnorm;
            x = xt;
            g = gt;
            xt = free_x;
            gt = free_g;
            free_x = free_g = NULL;
            best_is_cur = 0;
        } else {
            la_real *tx = x, *tg = g;
            x = xt;
            g = gt;
            xt = tx;
            gt = tg;
        }
        f = ls.ft;
        gnorm = opt__lsm_gnorm(m, x, g);
        if (best_is_cur) gnorm_best = gnorm;
        run->r.iterations++;
        if (opt__after_step(run, x, f, f_prev, g, gnorm, step, xrel, ls.at, m->radius)) break;
    }
done:
    if (!best_is_cur) {
        x = bx;
        f = f_best;
        gnorm = gnorm_best;
    }
    run->r.f = f;
    run->r.grad_norm = gnorm;
    if (x != x_user && n > 0) memcpy(x_user, x, (size_t)n * sizeof(la_real));
}

/* ----------------------------------------------------------------------
 * 3. First-order methods: gradient descent, nonlinear conjugate gradients
 * ---------------------------------------------------------------------- */

/* First trial step of a method without curvature information: o->step, or
 * a unit-length step 1/||g||_2. */
LA__PRIV la_real opt__first_step(const opt__run *run, const la_real *g) {
    la_real gn;
    if (run->o.step > 0) return run->o.step;
    gn = la_nrm2(run->n, g, 1);
    return gn > 0 ? 1 / gn : 1;
}

/* Claims one block of n reals (or n ints) from the scratch. */
LA__PRIV la_real *opt__reals(la__scratch *sc, size_t n) {
    return (la_real *)la__scratch_alloc(sc, n * sizeof(la_real));
}

typedef struct {
    opt__lsm m;
    la_int window, nwin, pos, pushed_at;
    la_real *fwin;  /* the last `window` values of f */
    la_real t;      /* next Barzilai-Borwein step (0: none yet) */
} opt__gd;

LA__PRIV la_int opt__memory(const opt__run *run) {
    return run->o.memory > 0 ? run->o.memory : 10;
}

LA__PRIV la_status opt__gd_direction(opt__lsm *m, const la_real *x, la_real f, const la_real *g,
                                     la_real *d, la_real *a0, la_real *amax, la_real *work) {
    opt__gd *s = (opt__gd *)m;
    la_int i, n = m->run->n;
    (void)x;
    (void)amax;
    (void)work;
    if (s->pushed_at != m->run->r.iterations) { /* a new iterate joins the window */
        s->fwin[s->pos] = f;
        s->pos = (s->pos + 1) % s->window;
        if (s->nwin < s->window) s->nwin++;
        s->pushed_at = m->run->r.iterations;
    }
    for (i = 0; i < s->nwin; ++i)
        if (s->fwin[i] > m->f_ref) m->f_ref = s->fwin[i];
    for (i = 0; i < n; ++i) d[i] = -g[i];
    *a0 = s->t > 0 ? s->t : opt__first_step(m->run, g);
    return LA_OK;
}

LA__PRIV void opt__gd_update(opt__lsm *m, const la_real *x0, const la_real *g0, la_real f0,
                             const la_real *x1, const la_real *g1, la_real f1, la_real alpha,
                             const la_real *d) {
    opt__gd *s = (opt__gd *)m;
    la_int i, n = m->run->n;
    la_real ss = 0, sy = 0, t, gn;
    (void)f0;
    (void)f1;
    (void)alpha;
    (void)d;
    for (i = 0; i < n; ++i) {
        la_real si = x1[i] - x0[i];
        ss += si * si;
        sy += si * (g1[i] - g0[i]);
    }
    t = sy > 0 ? ss / sy : 0;
    if (!(t > (la_real)1e-10 && t < (la_real)1e10)) {
        /* Raydan's (1997) safeguard, delta chosen from ||g|| */
        gn = la_nrm2(n, g1, 1);
        t = gn > 1 ? 1 : gn >= (la_real)1e-5 ? gn : (la_real)1e-5;
    }
    s->t = t;
}

LA__PRIV void opt__gd_reset(opt__lsm *m) { ((opt__gd *)m)->t = 0; }

/* The scratch of the line-search driver: xb, g0, g1, d (+ spares). */
typedef struct {
    la_real *xb, *g0, *g1, *d, *sx, *sg;
} opt__lsm_bufs;

LA__PRIV size_t opt__lsm_bufs_bytes(la_int n, int spares) {
    return (size_t)(spares ? 6 : 4) * la_ws_reals((size_t)n);
}

LA__PRIV void opt__lsm_bufs_alloc(opt__lsm_bufs *b, la__scratch *sc, la_int n, int spares) {
    b->xb = opt__reals(sc, (size_t)n);
    b->g0 = opt__reals(sc, (size_t)n);
    b->g1 = opt__reals(sc, (size_t)n);
    b->d = opt__reals(sc, (size_t)n);
    b->sx = spares ? opt__reals(sc, (size_t)n) : NULL;
    b->sg = spares ? opt__reals(sc, (size_t)n) : NULL;
}

LA__PRIV void opt__lsm_init(opt__lsm *m, opt__run *run) {
    memset(m, 0, sizeof *m);
    m->run = run;
    m->hz_approx = 1;
    m->hz_eps = 0;
}

OPT_API size_t opt_gd_ws_bytes(la_int n, const opt_options *o) {
    la_int w = o && o->memory > 0 ? o->memory : 10;
    if (n < 0) n = 0;
    return opt__lsm_bufs_bytes(n, 1) + la_ws_reals((size_t)w) + LA_ARENA_ALIGN;
}

OPT_API opt_result opt_gd(opt_fn f, void *ctx, la_int n, la_real *x, const opt_options *o,
                          la_arena *ws) {
    opt__run run;
    opt_result res;
    la__scratch sc;
    opt__gd s;
    opt__lsm_bufs b;
    if (opt__begin(&run, &sc, f, ctx, n, x, o, ws, opt_gd_ws_bytes(n, o),
                   OPT_LS_BACKTRACKING, &res))
        return res;
    opt__lsm_init(&s.m, &run);
    s.window = opt__memory(&run);
    s.nwin = s.pos = 0;
    s.pushed_at = -1;
    s.t = 0;
    s.fwin = opt__reals(&sc, (size_t)s.window);
    opt__lsm_bufs_alloc(&b, &sc, n, 1);
    s.m.direction = opt__gd_direction;
    s.m.update = opt__gd_update;
    s.m.reset = opt__gd_reset;
    opt__lsm_solve(&s.m, x, b.xb, b.g0, b.g1, b.d, b.sx, b.sg);
    la__scratch_end(&sc);
    return run.r;
}

typedef struct {
    opt__lsm m;
    opt_cg_variant variant;
    la_int since_restart;
    la_real beta;
    int have_beta;
    la_real alpha_prev, dg_prev;
    la_real Q, C;        /* Hager-Zhang running average C of |f| */
    int approx;          /* approximate Wolfe switched on */
} opt__cg;

LA__PRIV la_status opt__cg_direction(opt__lsm *m, const la_real *x, la_real f, const la_real *g,
                                     la_real *d, la_real *a0, la_real *amax, la_real *work) {
    opt__cg *s = (opt__cg *)m;
    opt__run *run = m->run;
    la_int i, n = run->n;
    la_real dg = 0;
    (void)amax;
    if (s->Q == 0) { /* running average of |f| starts at |f(x0)| */
        s->Q = 1;
        s->C = LA_FABS(f);
    }
    if (s->have_beta && s->since_restart < n) {
        for (i = 0; i < n; ++i) {
            d[i] = -g[i] + s->beta * d[i];
            dg += g[i] * d[i];
        }
        if (!(dg < 0)) s->have_beta = 0; /* not descent: restart */
    } else {
        s->have_beta = 0;
    }
    if (!s->have_beta) {
        for (i = 0; i < n; ++i) d[i] = -g[i];
        dg = -la_dot(n, g, 1, g, 1);
        s->since_restart = 0;
    }
    m->hz_approx = s->approx;
    m->hz_eps = (la_real)1e-6 * s->C;
    if (s->alpha_prev <= 0) {
        /* CG_DESCENT's I0: a step of 1% of |x| or of |f| */
        la_real xn = opt__norm_inf(n, x), gn = opt__norm_inf(n, g);
        if (run->o.step > 0)
            *a0 = run->o.step;
        else if (xn > 0)
            *a0 = (la_real)0.01 * xn / gn;
        else if (f != 0)
            *a0 = (la_real)0.01 * LA_FABS(f) / -dg;
        else
            *a0 = 1;
    } else if (s->variant == OPT_CG_PRP_PLUS) {
        *a0 = s->alpha_prev * s->dg_prev / dg; /* Nocedal and Wright (2006), eq. 3.60 */
    } else {
        /* CG_DESCENT's I1/I2: minimizer of the quadratic through phi(0),
         * phi'(0), phi(0.1 alpha_prev) if convex and lower, else 2 alpha_prev */
        la_real r = (la_real)0.1 * s->alpha_prev, fr, c2;
        *a0 = 2 * s->alpha_prev;
        if (opt__budget_left(run)) {
            for (i = 0; i < n; ++i) work[i] = x[i] + r * d[i];
            fr = opt__eval(run, work, NULL);
            c2 = (fr - f - dg * r) / (r * r);
            if (LA__ISFINITE(fr) && fr <= f && c2 > 0) *a0 = -dg / (2 * c2);
        }
    }
    s->dg_prev = dg;
    return LA_OK;
}

LA__PRIV void opt__cg_update(opt__lsm *m, const la_real *x0, const la_real *g0, la_real f0,
                             const la_real *x1, const la_real *g1, la_real f1, la_real alpha,
                             const la_real *d) {
    opt__cg *s = (opt__cg *)m;
    la_int i, n = m->run->n;
    la_real gg0 = 0, gg1 = 0, gy = 0, yy = 0, dy = 0, dg1 = 0, g1g0 = 0, dd = 0;
    (void)x0;
    (void)x1;
    for (i = 0; i < n; ++i) {
        la_real yi = g1[i] - g0[i];
        gg0 += g0[i] * g0[i];
        gg1 += g1[i] * g1[i];
        gy += g1[i] * yi;
        yy += yi * yi;
        dy += d[i] * yi;
        dg1 += d[i] * g1[i];
        g1g0 += g1[i] * g0[i];
        dd += d[i] * d[i];
    }
    s->alpha_prev = alpha;
    s->since_restart++;
    s->have_beta = 1;
    if (s->variant == OPT_CG_PRP_PLUS) {
        s->beta = gg0 > 0 ? LA__MAX((la_real)0, gy / gg0) : 0;
        if (LA_FABS(g1g0) >= (la_real)0.2 * gg1) s->have_beta = 0; /* Powell's restart */
    } else {
        if (dy != 0 && dd > 0) {
            la_real beta_n = (gy - 2 * yy * dg1 / dy) / dy;
            la_real eta = -1 / (LA_SQRT(dd) * LA__MIN((la_real)0.01, LA_SQRT(gg0)));
            s->beta = LA__MAX(beta_n, eta);
        } else {
            s->have_beta = 0;
        }
        s->Q = 1 + (la_real)0.7 * s->Q;
        s->C += (LA_FABS(f1) - s->C) / s->Q;
        if (LA_FABS(f1 - f0) <= (la_real)1e-3 * s->C) s->approx = 1;
    }
    if (!LA__ISFINITE(s->beta)) s->have_beta = 0;
}

LA__PRIV void opt__cg_reset(opt__lsm *m) {
    opt__cg *s = (opt__cg *)m;
    s->have_beta = 0;
    s->alpha_prev = 0;
}

OPT_API size_t opt_cg_ws_bytes(la_int n, const opt_options *o) {
    (void)o;
    if (n < 0) n = 0;
    return opt__lsm_bufs_bytes(n, 0) + LA_ARENA_ALIGN;
}

OPT_API opt_result opt_cg(opt_fn f, void *ctx, la_int n, la_real *x, const opt_options *o,
                          la_arena *ws) {
    opt__run run;
    opt_result res;
    la__scratch sc;
    opt__cg s;
    opt__lsm_bufs b;
    opt_cg_variant v = o && o->cg_variant == OPT_CG_PRP_PLUS ? OPT_CG_PRP_PLUS : OPT_CG_HAGER_ZHANG;
    if (opt__begin(&run, &sc, f, ctx, n, x, o, ws, opt_cg_ws_bytes(n, o),
                   v == OPT_CG_PRP_PLUS ? OPT_LS_MORE_THUENTE : OPT_LS_HAGER_ZHANG, &res))
        return res;
    if (run.ls_kind == OPT_LS_MORE_THUENTE && !(o && o->ls_c2 > 0)) run.ls_c2 = (la_real)0.1;
    opt__lsm_init(&s.m, &run);
    s.variant = v;
    s.since_restart = 0;
    s.beta = 0;
    s.have_beta = 0;
    s.alpha_prev = s.dg_prev = 0;
    s.Q = s.C = 0;
    s.approx = 0;
    opt__lsm_bufs_alloc(&b, &sc, n, 0);
    s.m.direction = opt__cg_direction;
    s.m.update = opt__cg_update;
    s.m.reset = opt__cg_reset;
    opt__lsm_solve(&s.m, x, b.xb, b.g0, b.g1, b.d, NULL, NULL);
    la__scratch_end(&sc);
    return run.r;
}

/* ----------------------------------------------------------------------
 * 4. Quasi-Newton methods: BFGS, L-BFGS, L-BFGS-B
 * ---------------------------------------------------------------------- */

typedef struct {
    opt__lsm m;
    la_mat H;            /* inverse Hessian approximation (lower triangle) */
    la_real *s, *y, *hy;
    int scaled;          /* H_0 scaled after the first step */
} opt__bfgs;

LA__PRIV void opt__bfgs_reset(opt__lsm *m) {
    opt__bfgs *q = (opt__bfgs *)m;
    la_mat_set(q->H, 0, 1);
    q->scaled = 0;
}

LA__PRIV la_status opt__bfgs_direction(opt__lsm *m, const la_real *x, la_real f,
                                       const la_real *g, la_real *d, la_real *a0,
                                       la_real *amax, la_real *work) {
    opt__bfgs *q = (opt__bfgs *)m;
    (void)x;
    (void)f;
    (void)amax;
    (void)work;
    la_symv(LA_LOWER, -1, q->H, g, 0, d);
    *a0 = q->scaled ? 1 : opt__first_step(m->run, g);
    return LA_OK;
}

LA__PRIV void opt__bfgs_update(opt__lsm *m, const la_real *x0, const la_real *g0, la_real f0,
                               const la_real *x1, const la_real *g1, la_real f1, la_real alpha,
                               const la_real *d) {
    opt__bfgs *q = (opt__bfgs *)m;
    la_int i, j, n = m->run->n;
    la_real sy = 0, sg = 0, sbs, rho, yhy, c;
    la_real *s = q->s, *y = q->y, *hy = q->hy;
    (void)f0;
    (void)f1;
    (void)d;
    for (i = 0; i < n; ++i) {
        s[i] = x1[i] - x0[i];
        y[i] = g1[i] - g0[i];
        sy += s[i] * y[i];
        sg += s[i] * g0[i];
    }
    /* Powell's damping with B s = -alpha g0 (B = H^{-1}), where the line
     * search did not make s^T y positive */
    sbs = -alpha * sg;
    if (!(sbs > 0)) return;
    if (sy < (la_real)0.2 * sbs && (!(sy > 0) || m->run->ls_kind == OPT_LS_BACKTRACKING)) {
        la_real theta = (la_real)0.8 * sbs / (sbs - sy);
        sy = 0;
        for (i = 0; i < n; ++i) {
            y[i] = theta * y[i] - (1 - theta) * alpha * g0[i];
            sy += s[i] * y[i];
        }
    }
    if (!(sy > 0)) return;
    if (!q->scaled) {
        la_real yy = la_dot(n, y, 1, y, 1);
        la_mat_set(q->H, 0, sy / yy);
        q->scaled = 1;
    }
    /* H <- (I - rho s y^T) H (I - rho y s^T) + rho s s^T
     *    = H - rho (s (Hy)^T + (Hy) s^T) + (rho^2 y^T H y + rho) s s^T */
    la_symv(LA_LOWER, 1, q->H, y, 0, hy);
    rho = 1 / sy;
    yhy = la_dot(n, y, 1, hy, 1);
    c = rho * rho * yhy + rho;
    for (i = 0; i < n; ++i) {
        la_real *h = &LA_AT(q->H, i, 0);
        la_real a = rho * s[i], b = rho * hy[i], e = c * s[i];
        for (j = 0; j <= i; ++j) h[j] += e * s[j] - a * hy[j] - b * s[j];
    }
}

OPT_API size_t opt_bfgs_ws_bytes(la_int n, const opt_options *o) {
    (void)o;
    if (n < 0) n = 0;
    return la_ws_reals((size_t)n * (size_t)n) + 3 * la_ws_reals((size_t)n) +
           opt__lsm_bufs_bytes(n, 0) + LA_ARENA_ALIGN;
}

OPT_API opt_result opt_bfgs(opt_fn f, void *ctx, la_int n, la_real *x, const opt_options *o,
                            la_arena *ws) {
    opt__run run;
    opt_result res;
    la__scratch sc;
    opt__bfgs q;
    opt__lsm_bufs b;
    if (opt__begin(&run, &sc, f, ctx, n, x, o, ws, opt_bfgs_ws_bytes(n, o),
                   OPT_LS_MORE_THUENTE, &res))
        return res;
    opt__lsm_init(&q.m, &run);
    q.H = la_mat_of(n, n, opt__reals(&sc, (size_t)n * (size_t)n));
    q.s = opt__reals(&sc, (size_t)n);
    q.y = opt__reals(&sc, (size_t)n);
    q.hy = opt__reals(&sc, (size_t)n);
    opt__lsm_bufs_alloc(&b, &sc, n, 0);
    q.m.direction = opt__bfgs_direction;
    q.m.update = opt__bfgs_update;
    q.m.reset = opt__bfgs_reset;
    opt__bfgs_reset(&q.m);
    opt__lsm_solve(&q.m, x, b.xb, b.g0, b.g1, b.d, NULL, NULL);
    la__scratch_end(&sc);
    return run.r;
}

/* Limited-memory pairs: a ring of the latest `count` (<= mem) pairs, the
 * newest in slot (head - 1) mod mem. */
typedef struct {
    la_int n, mem, count, head;
    la_real *S, *Y;      /* mem x n each, row k = pair in slot k */
    la_real *rho;        /* 1 / s^T y per slot */
    la_real *work;       /* mem reals */
    la_real gamma;       /* s^T y / y^T y of the newest pair */
} opt__lmem;

LA__PRIV la_int opt__lmem_slot(const opt__lmem *L, la_int age) { /* age 0 = newest */
    la_int k = L->head - 1 - age;
    return k < 0 ? k + L->mem : k;
}

/* Stores s = x1 - x0, y = g1 - g0 if s^T y > eps y^T y (keeps H positive
 * definite); returns 1 if stored. */
LA__PRIV int opt__lmem_push(opt__lmem *L, const la_real *x0, const la_real *g0,
                            const la_real *x1, const la_real *g1) {
    la_int i, n = L->n;
    la_real *s = L->S + (size_t)L->head * (size_t)n, *y = L->Y + (size_t)L->head * (size_t)n;
    la_real sy = 0, yy = 0;
    for (i = 0; i < n; ++i) {
        la_real si = x1[i] - x0[i], yi = g1[i] - g0[i];
        s[i] = si;
        y[i] = yi;
        sy += si * yi;
        yy += yi * yi;
    }
    if (!(sy > LA_EPS * yy) || !(yy > 0)) return 0;
    L->rho[L->head] = 1 / sy;
    L->gamma = sy / yy;
    L->head = L->head + 1 == L->mem ? 0 : L->head + 1;
    if (L->count < L->mem) L->count++;
    return 1;
}

/* d <- -H g by the two-loop recursion (Nocedal 1980). 4 mem n flops. */
LA__PRIV void opt__lmem_apply(const opt__lmem *L, const la_real *g, la_real *d) {
    la_int i, k, n = L->n;
    la_real *al = L->work;
    for (i = 0; i < n; ++i) d[i] = -g[i];
    for (k = 0; k < L->count; ++k) {
        la_int j = opt__lmem_slot(L, k);
        const la_real *s = L->S + (size_t)j * (size_t)n, *y = L->Y + (size_t)j * (size_t)n;
        al[j] = L->rho[j] * la_dot(n, s, 1, d, 1);
        la_axpy(n, -al[j], y, 1, d, 1);
    }
    if (L->count > 0) la_scal(n, L->gamma, d, 1);
    for (k = L->count - 1; k >= 0; --k) {
        la_int j = opt__lmem_slot(L, k);
        const la_real *s = L->S + (size_t)j * (size_t)n, *y = L->Y + (size_t)j * (size_t)n;
        la_real beta = L->rho[j] * la_dot(n, y, 1, d, 1);
        la_axpy(n, al[j] - beta, s, 1, d, 1);
    }
}

LA__PRIV size_t opt__lmem_bytes(la_int n, la_int mem) {
    return 2 * la_ws_reals((size_t)mem * (size_t)n) + 2 * la_ws_reals((size_t)mem);
}

LA__PRIV void opt__lmem_alloc(opt__lmem *L, la__scratch *sc, la_int n, la_int mem) {
    L->n = n;
    L->mem = mem;
    L->count = L->head = 0;
    L->gamma = 1;
    L->S = opt__reals(sc, (size_t)mem * (size_t)n);
    L->Y = opt__reals(sc, (size_t)mem * (size_t)n);
    L->rho = opt__reals(sc, (size_t)mem);
    L->work = opt__reals(sc, (size_t)mem);
}

typedef struct {
    opt__lsm m;
    opt__lmem L;
} opt__lbfgs;

LA__PRIV la_status opt__lbfgs_direction(opt__lsm *m, const la_real *x, la_real f,
                                        const la_real *g, la_real *d, la_real *a0,
                                        la_real *amax, la_real *work) {
    opt__lbfgs *q = (opt__lbfgs *)m;
    (void)x;
    (void)f;
    (void)amax;
    (void)work;
    opt__lmem_apply(&q->L, g, d);
    *a0 = q->L.count > 0 ? 1 : opt__first_step(m->run, g);
    return LA_OK;
}

LA__PRIV void opt__lbfgs_update(opt__lsm *m, const la_real *x0, const la_real *g0, la_real f0,
                                const la_real *x1, const la_real *g1, la_real f1,
                                la_real alpha, const la_real *d) {
    (void)f0;
    (void)f1;
    (void)alpha;
    (void)d;
    opt__lmem_push(&((opt__lbfgs *)m)->L, x0, g0, x1, g1);
}

LA__PRIV void opt__lbfgs_reset(opt__lsm *m) {
    opt__lbfgs *q = (opt__lbfgs *)m;
    q->L.count = q->L.head = 0;
}

OPT_API size_t opt_lbfgs_ws_bytes(la_int n, const opt_options *o) {
    la_int mem = o && o->memory > 0 ? o->memory : 10;
    if (n < 0) n = 0;
    if (o && (o->lower || o->upper)) return opt_lbfgsb_ws_bytes(n, o);
    return opt__lmem_bytes(n, mem) + opt__lsm_bufs_bytes(n, 0) + LA_ARENA_ALIGN;
}

OPT_API opt_result opt_lbfgs(opt_fn f, void *ctx, la_int n, la_real *x, const opt_options *o,
                             la_arena *ws) {
    opt__run run;
    opt_result res;
    la__scratch sc;
    opt__lbfgs q;
    opt__lsm_bufs b;
    if (o && (o->lower || o->upper)) return opt_lbfgsb(f, ctx, n, x, o->lower, o->upper, o, ws);
    if (opt__begin(&run, &sc, f, ctx, n, x, o, ws, opt_lbfgs_ws_bytes(n, o),
                   OPT_LS_MORE_THUENTE, &res))
        return res;
    opt__lsm_init(&q.m, &run);
    opt__lmem_alloc(&q.L, &sc, n, opt__memory(&run));
    opt__lsm_bufs_alloc(&b, &sc, n, 0);
    q.m.direction = opt__lbfgs_direction;
    q.m.update = opt__lbfgs_update;
    q.m.reset = opt__lbfgs_reset;
    opt__lsm_solve(&q.m, x, b.xb, b.g0, b.g1, b.d, NULL, NULL);
    la__scratch_end(&sc);
    return run.r;
}

/* L-BFGS-B (Byrd, Lu, Nocedal and Zhu 1995) with the projection of the
 * subspace minimizer of Morales and Nocedal (2011). The limited-memory
 * matrix is kept in compact form B = theta I - W M W^T, W = [Y, theta S],
 * M^{-1} = [[-D, L^T], [L, theta S^T S]] (D = diag(s_i^T y_i), L the strict
 * lower part of S^T Y, pairs oldest first), so products with M are two
 * triangular solves with the Cholesky factor of T = theta S^T S + L D^{-1}
 * L^T. */
typedef struct {
    opt__lsm m;
    opt__lmem L;
    la_int n, mem;
    const la_real *lo, *up;      /* bounds (NULL: none) */
    la_real *SS, *YY, *SY;       /* mem x mem inner products, oldest pair first */
    la_real *T, *P, *E, *Bm;     /* mem x mem: factor of T; subspace blocks */
    la_real *p, *c, *mp, *mc, *wb, *mwb, *q, *v; /* 2 mem each */
    la_real *t, *xcp, *dg, *r;   /* n each: breakpoints, Cauchy point, path, reduced gradient */
    la_int *heap, *fidx;         /* n each: breakpoint heap, free variables */
    la_real theta;
} opt__lbfgsb;

/* A <- its Cholesky factor; 1 if A is not (numerically) positive definite. */
LA__PRIV int opt__chol_small(la_mat A) { return la_chol(A) != LA_OK; }

/* x <- (L L^T)^{-1} x for a factor from opt__chol_small. */
LA__PRIV void opt__chol_small_solve(la_mat Lf, la_real *x) {
    la_chol_solve(Lf, la_mat_of(Lf.rows, 1, x));
}

LA__PRIV const la_real *opt__lb_s(const opt__lbfgsb *q, la_int k) { /* pair k, oldest first */
    return q->L.S + (size_t)opt__lmem_slot(&q->L, q->L.count - 1 - k) * (size_t)q->n;
}
LA__PRIV const la_real *opt__lb_y(const opt__lbfgsb *q, la_int k) {
    return q->L.Y + (size_t)opt__lmem_slot(&q->L, q->L.count - 1 - k) * (size_t)q->n;
}
#define OPT__LB(A, i, j) (A)[(size_t)(i) * (size_t)q->mem + (size_t)(j)]

/* theta and the factor of T; 1 if T is not positive definite. */
LA__PRIV int opt__lbfgsb_form(opt__lbfgsb *q) {
    la_int i, j, k, cnt = q->L.count;
    q->theta = cnt > 0 ? 1 / q->L.gamma : 1;
    for (i = 0; i < cnt; ++i)
        for (j = 0; j <= i; ++j) {
            la_real s = q->theta * OPT__LB(q->SS, i, j);
            for (k = 0; k < j; ++k) /* (L D^-1 L^T)_ij, L_ik = SY(i, k) for i > k */
                s += OPT__LB(q->SY, i, k) * OPT__LB(q->SY, j, k) / OPT__LB(q->SY, k, k);
            OPT__LB(q->T, i, j) = s;
        }
    return opt__chol_small(la_mat_ld(cnt, cnt, q->mem, q->T));
}

/* out <- M v for 2cnt-vectors (v = [v1; v2]): block elimination with T. */
LA__PRIV void opt__lbfgsb_mmul(const opt__lbfgsb *q, const la_real *v, la_real *out) {
    la_int i, j, cnt = q->L.count;
    la_real *a = out, *b = out + cnt;
    for (i = 0; i < cnt; ++i) {
        la_real s = v[cnt + i];
        for (j = 0; j < i; ++j) s += OPT__LB(q->SY, i, j) * v[j] / OPT__LB(q->SY, j, j);
        b[i] = s;
    }
    opt__chol_small_solve(la_mat_ld(cnt, cnt, q->mem, q->T), b);
    for (i = 0; i < cnt; ++i) {
        la_real s = -v[i];
        for (j = i + 1; j < cnt; ++j) s += OPT__LB(q->SY, j, i) * b[j];
        a[i] = s / OPT__LB(q->SY, i, i);
    }
}

/* Row i of W = [Y, theta S] (2cnt entries). */
LA__PRIV void opt__lbfgsb_wrow(const opt__lbfgsb *q, la_int i, la_real *w) {
    la_int k, cnt = q->L.count;
    for (k = 0; k < cnt; ++k) {
        w[k] = opt__lb_y(q, k)[i];
        w[cnt + k] = q->theta * opt__lb_s(q, k)[i];
    }
}

LA__PRIV la_real opt__lb_lower(const opt__lbfgsb *q, la_int i) {
    return q->lo && q->lo[i] > -LA_REAL_MAX ? q->lo[i] : -LA_REAL_MAX;
}
LA__PRIV la_real opt__lb_upper(const opt__lbfgsb *q, la_int i) {
    return q->up && q->up[i] < LA_REAL_MAX ? q->up[i] : LA_REAL_MAX;
}

/* Min-heap of indices keyed by t[]. */
LA__PRIV void opt__heap_down(la_int *h, la_int nh, la_int i, const la_real *t) {
    for (;;) {
        la_int l = 2 * i + 1, c = l, tmp;
        if (l >= nh) return;
        if (l + 1 < nh && t[h[l + 1]] < t[h[l]]) c = l + 1;
        if (!(t[h[c]] < t[h[i]])) return;
        tmp = h[c];
        h[c] = h[i];
        h[i] = tmp;
        i = c;
    }
}

/* The generalized Cauchy point xcp along the projected steepest-descent
 * path (Byrd et al. 1995, algorithm CP), and c = W^T (xcp - x). */
LA__PRIV void opt__lbfgsb_gcp(opt__lbfgsb *q, const la_real *x, const la_real *g) {
    la_int i, k, n = q->n, cnt = q->L.count, c2 = 2 * cnt, nb = 0;
    la_real theta = q->theta, fp = 0, fpp, dtmin, told = 0;
    la_real *t = q->t, *dg = q->dg, *xcp = q->xcp;
    for (i = 0; i < n; ++i) {
        la_real ti = LA_REAL_MAX, lo = opt__lb_lower(q, i), up = opt__lb_upper(q, i);
        if (g[i] < 0 && up < LA_REAL_MAX)
            ti = (x[i] - up) / g[i];
        else if (g[i] > 0 && lo > -LA_REAL_MAX)
            ti = (x[i] - lo) / g[i];
        xcp[i] = x[i];
        if (ti <= 0 || g[i] == 0) {
            dg[i] = 0;
        } else {
            dg[i] = -g[i];
            fp -= g[i] * g[i];
            if (ti < LA_REAL_MAX) {
                t[i] = ti;
                q->heap[nb++] = i;
            }
        }
    }
    for (k = 0; k < c2; ++k) q->c[k] = q->mc[k] = 0;
    for (k = 0; k < cnt; ++k) {
        q->p[k] = la_dot(n, opt__lb_y(q, k), 1, dg, 1);
        q->p[cnt + k] = theta * la_dot(n, opt__lb_s(q, k), 1, dg, 1);
    }
    if (fp == 0) return; /* no descent along the path */
    opt__lbfgsb_mmul(q, q->p, q->mp);
    fpp = -theta * fp - la_dot(c2, q->p, 1, q->mp, 1);
    dtmin = fpp > 0 ? -fp / fpp : LA_REAL_MAX;
    for (i = nb / 2 - 1; i >= 0; --i) opt__heap_down(q->heap, nb, i, t);
    while (nb > 0) {
        la_int b = q->heap[0];
        la_real dt = t[b] - told, gb = g[b], zb;
        if (dtmin < dt) break;
        q->heap[0] = q->heap[--nb];
        opt__heap_down(q->heap, nb, 0, t);
        /* variable b reaches its bound and is fixed there */
        xcp[b] = dg[b] > 0 ? opt__lb_upper(q, b) : opt__lb_lower(q, b);
        zb = xcp[b] - x[b];
        la_axpy(c2, dt, q->p, 1, q->c, 1);
        la_axpy(c2, dt, q->mp, 1, q->mc, 1);
        opt__lbfgsb_wrow(q, b, q->wb);
        opt__lbfgsb_mmul(q, q->wb, q->mwb);
        fp += dt * fpp + gb * gb + theta * gb * zb - gb * la_dot(c2, q->wb, 1, q->mc, 1);
        fpp -= theta * gb * gb + 2 * gb * la_dot(c2, q->wb, 1, q->mp, 1) +
               gb * gb * la_dot(c2, q->wb, 1, q->mwb, 1);
        la_axpy(c2, gb, q->wb, 1, q->p, 1);
        la_axpy(c2, gb, q->mwb, 1, q->mp, 1);
        dg[b] = 0;
        told = t[b];
        dtmin = fp >= 0 ? 0 : fpp > 0 ? -fp / fpp : LA_REAL_MAX;
    }
    if (!(dtmin < LA_REAL_MAX)) dtmin = 0;
    if (dtmin < 0) dtmin = 0;
    told += dtmin;
    for (i = 0; i < n; ++i)
        if (dg[i] != 0) xcp[i] = x[i] + told * dg[i];
    la_axpy(c2, dtmin, q->p, 1, q->c, 1);
    la_axpy(c2, dtmin, q->mp, 1, q->mc, 1);
}

/* Minimizes the model over the variables free at xcp (direct primal
 * method of Byrd et al. 1995, section 5.1, by the Sherman-Morrison-Woodbury
 * formula with the quasi-definite middle matrix K = M^{-1} - A^T A / theta,
 * A = Z^T W). Writes the subspace minimizer into xbar (n). */
LA__PRIV void opt__lbfgsb_subspace(opt__lbfgsb *q, const la_real *x, const la_real *g,
                                   la_real *xbar) {
    la_int i, j, k, l, n = q->n, cnt = q->L.count, c2 = 2 * cnt, nf = 0;
    la_real theta = q->theta, *r = q->r;
    const la_real *mc = q->mc;
    for (i = 0; i < n; ++i) {
        xbar[i] = q->xcp[i];
        if (q->xcp[i] > opt__lb_lower(q, i) && q->xcp[i] < opt__lb_upper(q, i)) q->fidx[nf++] = i;
    }
    if (nf == 0) return;
    for (j = 0; j < nf; ++j) { /* reduced gradient of the model at xcp */
        i = q->fidx[j];
        r[j] = g[i] + theta * (q->xcp[i] - x[i]);
        if (cnt > 0) {
            opt__lbfgsb_wrow(q, i, q->wb);
            r[j] -= la_dot(c2, q->wb, 1, mc, 1);
        }
    }
    if (cnt > 0) {
        la_real *q1 = q->q, *q2 = q->q + cnt, *v1 = q->v, *v2 = q->v + cnt;
        int use_fixed = nf > n - nf;
        /* the blocks Y_F^T Y_F, S_F^T Y_F, S_F^T S_F into P, Bm, E */
        for (k = 0; k < cnt; ++k)
            for (l = 0; l < cnt; ++l) {
                la_real yy = 0, sy = 0, ss = 0;
                const la_real *sk = opt__lb_s(q, k), *yk = opt__lb_y(q, k);
                const la_real *sl = opt__lb_s(q, l), *yl = opt__lb_y(q, l);
                if (use_fixed) { /* full products minus the fixed variables */
                    la_int jf = 0;
                    for (i = 0; i < n; ++i) {
                        if (jf < nf && q->fidx[jf] == i) {
                            ++jf;
                            continue;
                        }
                        yy += yk[i] * yl[i];
                        sy += sk[i] * yl[i];
                        ss += sk[i] * sl[i];
                    }
                    yy = OPT__LB(q->YY, k, l) - yy;
                    sy = OPT__LB(q->SY, k, l) - sy;
                    ss = OPT__LB(q->SS, k, l) - ss;
                } else {
                    for (j = 0; j < nf; ++j) {
                        i = q->fidx[j];
                        yy += yk[i] * yl[i];
                        sy += sk[i] * yl[i];
                        ss += sk[i] * sl[i];
                    }
                }
                /* P = D + Y_F^T Y_F / theta; Bm = L - S_F^T Y_F; E = theta S_A^T S_A */
                OPT__LB(q->P, k, l) = yy / theta + (k == l ? OPT__LB(q->SY, k, k) : 0);
                OPT__LB(q->Bm, k, l) = (k > l ? OPT__LB(q->SY, k, l) : 0) - sy;
                OPT__LB(q->E, k, l) = theta * (OPT__LB(q->SS, k, l) - ss);
            }
        /* right side A^T r = W_F^T r */
        for (k = 0; k < c2; ++k) q->q[k] = 0;
        for (j = 0; j < nf; ++j) {
            opt__lbfgsb_wrow(q, q->fidx[j], q->wb);
            la_axpy(c2, r[j], q->wb, 1, q->q, 1);
        }
        /* K [v1; v2] = [q1; q2], K = [[-P, Bm^T], [Bm, E]]:
         * (E + Bm P^{-1} Bm^T) v2 = q2 + Bm P^{-1} q1, v1 = P^{-1} (Bm^T v2 - q1) */
        if (opt__chol_small(la_mat_ld(cnt, cnt, q->mem, q->P))) return;
        for (k = 0; k < cnt; ++k) { /* E += Bm P^{-1} Bm^T, column by column */
            for (l = 0; l < cnt; ++l) q->wb[l] = OPT__LB(q->Bm, k, l);
            opt__chol_small_solve(la_mat_ld(cnt, cnt, q->mem, q->P), q->wb);
            for (l = 0; l < cnt; ++l)
                OPT__LB(q->E, l, k) += la_dot(cnt, &OPT__LB(q->Bm, l, 0), 1, q->wb, 1);
        }
        for (l = 0; l < cnt; ++l) v1[l] = q1[l];
        opt__chol_small_solve(la_mat_ld(cnt, cnt, q->mem, q->P), v1);
        for (k = 0; k < cnt; ++k) v2[k] = q2[k] + la_dot(cnt, &OPT__LB(q->Bm, k, 0), 1, v1, 1);
        if (opt__chol_small(la_mat_ld(cnt, cnt, q->mem, q->E))) return;
        opt__chol_small_solve(la_mat_ld(cnt, cnt, q->mem, q->E), v2);
        for (l = 0; l < cnt; ++l) {
            la_real s = -q1[l];
            for (k = 0; k < cnt; ++k) s += OPT__LB(q->Bm, k, l) * v2[k];
            v1[l] = s;
        }
        opt__chol_small_solve(la_mat_ld(cnt, cnt, q->mem, q->P), v1);
        /* d = -r / theta - W_F v / theta^2 */
        for (j = 0; j < nf; ++j) {
            opt__lbfgsb_wrow(q, q->fidx[j], q->wb);
            r[j] = -r[j] / theta - la_dot(c2, q->wb, 1, q->v, 1) / (theta * theta);
        }
    } else {
        for (j = 0; j < nf; ++j) r[j] = -r[j] / theta;
    }
    for (j = 0; j < nf; ++j) xbar[q->fidx[j]] += r[j];
}

LA__PRIV la_real opt__lbfgsb_pgnorm(opt__lsm *m, const la_real *x, const la_real *g) {
    opt__lbfgsb *q = (opt__lbfgsb *)m;
    la_real pg = 0;
    la_int i;
    for (i = 0; i < q->n; ++i) {
        /* |P(x - g) - x|_i = min(|g_i|, room to the bound g_i points away
         * from), formed without x_i - g_i, which rounds to x_i when
         * |g_i| < eps |x_i| (the norm was then 0: a false convergence) */
        la_real gi = g[i], a;
        if (gi > 0)
            a = LA__MIN(gi, x[i] - opt__lb_lower(q, i));
        else
            a = LA__MIN(-gi, opt__lb_upper(q, i) - x[i]);
        if (gi != gi) a = gi;
        if (a > pg || a != a) pg = a;
    }
    return pg;
}

LA__PRIV la_status opt__lbfgsb_direction(opt__lsm *m, const la_real *x, la_real f,
                                         const la_real *g, la_real *d, la_real *a0,
                                         la_real *amax, la_real *work) {
    opt__lbfgsb *q = (opt__lbfgsb *)m;
    la_int i, n = q->n;
    la_real dg = 0, amx = LA_REAL_MAX, dn;
    (void)f;
    if (q->L.count > 0 && opt__lbfgsb_form(q)) q->L.count = q->L.head = 0;
    if (q->L.count == 0) q->theta = 1;
    opt__lbfgsb_gcp(q, x, g);
    opt__lbfgsb_subspace(q, x, g, work);
    /* Morales-Nocedal: the projection of the subspace minimizer if that
     * gives descent, else the largest feasible step toward it */
    for (i = 0; i < n; ++i) {
        la_real z = work[i], lo = opt__lb_lower(q, i), up = opt__lb_upper(q, i);
        d[i] = (z < lo ? lo : z > up ? up : z) - x[i];
        dg += d[i] * g[i];
    }
    if (!(dg < 0)) {
        la_real a = 1;
        for (i = 0; i < n; ++i) {
            la_real e = work[i] - q->xcp[i], lo = opt__lb_lower(q, i), up = opt__lb_upper(q, i);
            if (e > 0 && q->xcp[i] + a * e > up) a = (up - q->xcp[i]) / e;
            if (e < 0 && q->xcp[i] + a * e < lo) a = (lo - q->xcp[i]) / e;
        }
        if (a < 0) a = 0;
        for (i = 0; i < n; ++i) d[i] = q->xcp[i] + a * (work[i] - q->xcp[i]) - x[i];
    }
    for (i = 0; i < n; ++i) { /* the largest feasible step along d */
        la_real lo = opt__lb_lower(q, i), up = opt__lb_upper(q, i), a = LA_REAL_MAX;
        if (d[i] > 0 && up < LA_REAL_MAX)
            a = (up - x[i]) / d[i];
        else if (d[i] < 0 && lo > -LA_REAL_MAX)
            a = (lo - x[i]) / d[i];
        if (a < amx) amx = a;
    }
    *amax = amx < LA_REAL_MAX ? LA__MAX(amx, (la_real)1) : 0;
    dn = la_nrm2(n, d, 1);
    *a0 = 1;
    if (q->L.count == 0 && dn > 0) {
        /* a first step of unit length (at most 1e10, as in Byrd et al.'s
         * code without bounds), cut at the first bound along d; a cap of 1
         * left a step of length ||g|| for an f scaled by 2^-100 */
        *a0 = m->run->o.step > 0 ? m->run->o.step : 1 / dn;
        if (*a0 > (la_real)1e10) *a0 = (la_real)1e10;
        if (*amax > 0 && *a0 > *amax) *a0 = *amax;
    }
    return LA_OK;
}

LA__PRIV void opt__lbfgsb_update(opt__lsm *m, const la_real *x0, const la_real *g0, la_real f0,
                                 const la_real *x1, const la_real *g1, la_real f1,
                                 la_real alpha, const la_real *d) {
    opt__lbfgsb *q = (opt__lbfgsb *)m;
    la_int i, j, k, n = q->n, full = q->L.count == q->mem, cnt;
    (void)f0;
    (void)f1;
    (void)alpha;
    (void)d;
    if (!opt__lmem_push(&q->L, x0, g0, x1, g1)) return;
    cnt = q->L.count;
    if (full) /* the oldest pair left: shift the inner products */
        for (i = 0; i + 1 < cnt; ++i)
            for (j = 0; j + 1 < cnt; ++j) {
                OPT__LB(q->SS, i, j) = OPT__LB(q->SS, i + 1, j + 1);
                OPT__LB(q->YY, i, j) = OPT__LB(q->YY, i + 1, j + 1);
                OPT__LB(q->SY, i, j) = OPT__LB(q->SY, i + 1, j + 1);
            }
    k = cnt - 1;
    for (i = 0; i < cnt; ++i) {
        const la_real *si = opt__lb_s(q, i), *yi = opt__lb_y(q, i);
        const la_real *sk = opt__lb_s(q, k), *yk = opt__lb_y(q, k);
        OPT__LB(q->SS, i, k) = OPT__LB(q->SS, k, i) = la_dot(n, si, 1, sk, 1);
        OPT__LB(q->YY, i, k) = OPT__LB(q->YY, k, i) = la_dot(n, yi, 1, yk, 1);
        OPT__LB(q->SY, k, i) = la_dot(n, sk, 1, yi, 1);
        OPT__LB(q->SY, i, k) = la_dot(n, si, 1, yk, 1);
    }
}

LA__PRIV void opt__lbfgsb_reset(opt__lsm *m) {
    opt__lbfgsb *q = (opt__lbfgsb *)m;
    q->L.count = q->L.head = 0;
}

OPT_API size_t opt_lbfgsb_ws_bytes(la_int n, const opt_options *o) {
    la_int mem = o && o->memory > 0 ? o->memory : 10;
    if (n < 0) n = 0;
    return opt__lmem_bytes(n, mem) + opt__lsm_bufs_bytes(n, 0) +
           7 * la_ws_reals((size_t)mem * (size_t)mem) + 8 * la_ws_reals(2 * (size_t)mem) +
           4 * la_ws_reals((size_t)n) + 2 * la_ws_ints((size_t)n) + LA_ARENA_ALIGN;
}

OPT_API opt_result opt_lbfgsb(opt_fn f, void *ctx, la_int n, la_real *x, const la_real *lower,
                              const la_real *upper, const opt_options *o, la_arena *ws) {
    opt__run run;
    opt_result res;
    la__scratch sc;
    opt__lbfgsb q;
    opt__lsm_bufs b;
    la_int i, mem;
    la_real **v2[8];
    for (i = 0; i < n && x; ++i) {
        la_real lo = lower ? lower[i] : -LA_REAL_MAX, up = upper ? upper[i] : LA_REAL_MAX;
        if (lo != lo || up != up) return opt__result_error(LA_ERR_NONFINITE);
        if (lo > up) return opt__result_error(LA_ERR_INFEASIBLE);
    }
    if (opt__begin(&run, &sc, f, ctx, n, x, o, ws, opt_lbfgsb_ws_bytes(n, o),
                   OPT_LS_MORE_THUENTE, &res))
        return res;
    for (i = 0; i < n; ++i) { /* start from the projection of x onto the box */
        if (lower && x[i] < lower[i]) x[i] = lower[i];
        if (upper && x[i] > upper[i]) x[i] = upper[i];
    }
    opt__lsm_init(&q.m, &run);
    mem = opt__memory(&run);
    q.n = n;
    q.mem = mem;
    q.lo = lower;
    q.up = upper;
    q.theta = 1;
    opt__lmem_alloc(&q.L, &sc, n, mem);
    opt__lsm_bufs_alloc(&b, &sc, n, 0);
    q.SS = opt__reals(&sc, (size_t)mem * (size_t)mem);
    q.YY = opt__reals(&sc, (size_t)mem * (size_t)mem);
    q.SY = opt__reals(&sc, (size_t)mem * (size_t)mem);
    q.T = opt__reals(&sc, (size_t)mem * (size_t)mem);
    q.P = opt__reals(&sc, (size_t)mem * (size_t)mem);
    q.E = opt__reals(&sc, (size_t)mem * (size_t)mem);
    q.Bm = opt__reals(&sc, (size_t)mem * (size_t)mem);
    v2[0] = &q.p;
    v2[1] = &q.c;
    v2[2] = &q.mp;
    v2[3] = &q.mc;
    v2[4] = &q.wb;
    v2[5] = &q.mwb;
    v2[6] = &q.q;
    v2[7] = &q.v;
    for (i = 0; i < 8; ++i) *v2[i] = opt__reals(&sc, 2 * (size_t)mem);
    q.t = opt__reals(&sc, (size_t)n);
    q.xcp = opt__reals(&sc, (size_t)n);
    q.dg = opt__reals(&sc, (size_t)n);
    q.r = opt__reals(&sc, (size_t)n);
    q.heap = (la_int *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_int));
    q.fidx = (la_int *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_int));
    q.m.direction = opt__lbfgsb_direction;
    q.m.update = opt__lbfgsb_update;
    q.m.reset = opt__lbfgsb_reset;
    q.m.grad_norm = opt__lbfgsb_pgnorm;
    q.m.lower = lower;
    q.m.upper = upper;
    opt__lsm_solve(&q.m, x, b.xb, b.g0, b.g1, b.d, NULL, NULL);
    la__scratch_end(&sc);
    return run.r;
}
#undef OPT__LB

/* ----------------------------------------------------------------------
 * 5. Newton methods: modified Newton, Newton-CG, regularized, cubic, lazy
 * ---------------------------------------------------------------------- */

/* Second-order information of a run: the user's Hessian or Hessian-vector
 * callback, or differences of the gradient (counted as evaluations). */
typedef struct {
    opt__run *run;
    opt_hess_fn hess;
    opt_hessvec_fn hessvec;
    const la_real *x, *g;  /* point of the Hessian-vector products */
    la_real *xw, *gp, *gm; /* n reals each: difference probes */
    la_status failed;      /* why a product failed (LA_ERR_ABORTED, NONFINITE) */
} opt__second;

LA__PRIV size_t opt__second_bytes(la_int n) { return 3 * la_ws_reals((size_t)n); }

LA__PRIV void opt__second_init(opt__second *h, opt__run *run, la__scratch *sc, opt_hess_fn hess,
                               opt_hessvec_fn hessvec) {
    h->run = run;
    h->hess = hess;
    h->hessvec = hessvec;
    h->x = h->g = NULL;
    h->xw = opt__reals(sc, (size_t)run->n);
    h->gp = opt__reals(sc, (size_t)run->n);
    h->gm = opt__reals(sc, (size_t)run->n);
    h->failed = LA_OK;
}

/* H <- the Hessian at x (g: the gradient there). */
LA__PRIV la_status opt__hessian(opt__second *h, const la_real *x, const la_real *g, la_mat H) {
    opt__run *run = h->run;
    la_int i, ev;
    la_status st;
    if (h->hess) {
        run->r.h_evals++;
        if (h->hess(x, H, run->ctx)) return LA_ERR_ABORTED;
        for (i = 0; i < run->n; ++i)
            if (!la_vec_isfinite(i + 1, &LA_AT(H, i, 0))) return LA_ERR_NONFINITE;
        return LA_OK;
    }
    st = opt__fd_hess_core(run->f, run->ctx, run->n, x, g, 0, H, h->xw, h->gp, h->gm, &ev);
    run->r.f_evals += ev;
    run->r.g_evals += ev;
    return st;
}

/* la_linop: y <- Hessian(h->x) v. */
LA__PRIV int opt__hessvec_op(const la_real *v, la_real *y, void *ctx) {
    opt__second *h = (opt__second *)ctx;
    opt__run *run = h->run;
    if (h->hessvec) {
        run->r.h_evals++;
        if (h->hessvec(h->x, v, y, run->ctx)) {
            h->failed = LA_ERR_ABORTED;
            return 1;
        }
        if (!la_vec_isfinite(run->n, y)) {
            h->failed = LA_ERR_NONFINITE;
            return 1;
        }
        return 0;
    }
    run->r.f_evals++;
    run->r.g_evals++;
    if (opt__fd_hessvec_core(run->f, run->ctx, run->n, h->x, h->g, v, y, h->xw, h->gp)) {
        h->failed = LA_ERR_NONFINITE;
        return 1;
    }
    return 0;
}

/* la_linop: y <- H v for a dense symmetric H (lower triangle). */
LA__PRIV int opt__dense_op(const la_real *v, la_real *y, void *H) {
    la_symv(LA_LOWER, 1, *(const la_mat *)H, v, 0, y);
    return 0;
}

LA__PRIV opt_reason opt__reason_of(la_status st) {
    return st == LA_ERR_NONFINITE ? OPT_REASON_NONFINITE
           : st == LA_ERR_ABORTED ? OPT_REASON_CALLBACK
                                  : OPT_REASON_ERROR;
}

typedef struct {
    opt__lsm m;
    opt__second h;
    la_mat H;
    la_int *perm;
    la_real *e;
    la_arena *arena;
    int sd_next; /* one steepest-descent step after a failed search */
} opt__newton;

LA__PRIV la_status opt__newton_direction(opt__lsm *m, const la_real *x, la_real f,
                                         const la_real *g, la_real *d, la_real *a0,
                                         la_real *amax, la_real *work) {
    opt__newton *s = (opt__newton *)m;
    la_int i, n = m->run->n;
    la_status st;
    (void)f;
    (void)amax;
    (void)work;
    for (i = 0; i < n; ++i) d[i] = -g[i];
    if (s->sd_next) {
        s->sd_next = 0;
        *a0 = opt__first_step(m->run, g);
        return LA_OK;
    }
    if ((st = opt__hessian(&s->h, x, g, s->H)) != LA_OK) return st;
    if ((st = la_chol_modified(s->H, s->perm, s->e, s->arena)) != LA_OK) return st;
    if ((st = la_chol_solve_perm(s->H, s->perm, la_mat_of(n, 1, d))) != LA_OK) return st;
    *a0 = 1;
    return LA_OK;
}

LA__PRIV void opt__no_update(opt__lsm *m, const la_real *x0, const la_real *g0, la_real f0,
                             const la_real *x1, const la_real *g1, la_real f1, la_real alpha,
                             const la_real *d) {
    (void)m;
    (void)x0;
    (void)g0;
    (void)f0;
    (void)x1;
    (void)g1;
    (void)f1;
    (void)alpha;
    (void)d;
}

LA__PRIV void opt__newton_reset(opt__lsm *m) { ((opt__newton *)m)->sd_next = 1; }

OPT_API size_t opt_newton_ws_bytes(la_int n, const opt_options *o) {
    (void)o;
    if (n < 0) n = 0;
    return la_ws_reals((size_t)n * (size_t)n) + la_ws_ints((size_t)n) + la_ws_reals((size_t)n) +
           opt__second_bytes(n) + opt__lsm_bufs_bytes(n, 0) + la_chol_modified_ws_bytes(n) +
           LA_ARENA_ALIGN;
}

OPT_API opt_result opt_newton(opt_fn f, opt_hess_fn hess, void *ctx, la_int n, la_real *x,
                              const opt_options *o, la_arena *ws) {
    opt__run run;
    opt_result res;
    la__scratch sc;
    opt__newton s;
    opt__lsm_bufs b;
    if (opt__begin(&run, &sc, f, ctx, n, x, o, ws, opt_newton_ws_bytes(n, o),
                   OPT_LS_MORE_THUENTE, &res))
        return res;
    opt__lsm_init(&s.m, &run);
    s.H = la_mat_of(n, n, opt__reals(&sc, (size_t)n * (size_t)n));
    s.perm = (la_int *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_int));
    s.e = opt__reals(&sc, (size_t)n);
    opt__second_init(&s.h, &run, &sc, hess, NULL);
    opt__lsm_bufs_alloc(&b, &sc, n, 0);
    s.arena = sc.arena;
    s.sd_next = 0;
    s.m.direction = opt__newton_direction;
    s.m.update = opt__no_update;
    s.m.reset = opt__newton_reset;
    opt__lsm_solve(&s.m, x, b.xb, b.g0, b.g1, b.d, NULL, NULL);
    la__scratch_end(&sc);
    return run.r;
}

typedef struct {
    opt__lsm m;
    opt__second h;
    la_arena *arena;
    la_int inner_max;
    int sd_next;
} opt__newton_cg;

LA__PRIV la_int opt__inner_max(const opt__run *run) {
    return run->o.inner_max_iter > 0 ? run->o.inner_max_iter : LA__MAX(2 * run->n, 1);
}

LA__PRIV la_status opt__newton_cg_direction(opt__lsm *m, const la_real *x, la_real f,
                                            const la_real *g, la_real *d, la_real *a0,
                                            la_real *amax, la_real *work) {
    opt__newton_cg *s = (opt__newton_cg *)m;
    la_int i, n = m->run->n;
    la_iter_opts io;
    la_iter_info info;
    la_status st;
    int zero = 1;
    (void)f;
    (void)amax;
    *a0 = 1;
    if (s->sd_next) {
        s->sd_next = 0;
        for (i = 0; i < n; ++i) d[i] = -g[i];
        *a0 = opt__first_step(m->run, g);
        return LA_OK;
    }
    for (i = 0; i < n; ++i) {
        work[i] = -g[i];
        d[i] = 0;
    }
    s->h.x = x;
    s->h.g = g;
    s->h.failed = LA_OK;
    memset(&io, 0, sizeof io);
    io.tol = LA_SQRT(la_nrm2(n, g, 1)); /* forcing term min(0.5, sqrt(||g||)) */
    if (io.tol > (la_real)0.5) io.tol = (la_real)0.5;
    io.max_iter = s->inner_max;
    st = la_cg(n, opt__hessvec_op, &s->h, work, d, &io, &info, s->arena);
    m->run->r.inner_iterations += info.iterations;
    if (s->h.failed != LA_OK) return s->h.failed;
    if (st != LA_OK && st != LA_ERR_BREAKDOWN && st != LA_ERR_NO_CONVERGENCE) return st;
    for (i = 0; i < n && zero; ++i) zero = d[i] == 0;
    if (zero) /* negative curvature at once: steepest descent */
        for (i = 0; i < n; ++i) d[i] = -g[i];
    return LA_OK;
}

LA__PRIV void opt__newton_cg_reset(opt__lsm *m) { ((opt__newton_cg *)m)->sd_next = 1; }

OPT_API size_t opt_newton_cg_ws_bytes(la_int n, const opt_options *o) {
    (void)o;
    if (n < 0) n = 0;
    return opt__second_bytes(n) + opt__lsm_bufs_bytes(n, 0) + 4 * la_ws_reals((size_t)n) +
           LA_ARENA_ALIGN;
}

OPT_API opt_result opt_newton_cg(opt_fn f, opt_hessvec_fn hessvec, void *ctx, la_int n,
                                 la_real *x, const opt_options *o, la_arena *ws) {
    opt__run run;
    opt_result res;
    la__scratch sc;
    opt__newton_cg s;
    opt__lsm_bufs b;
    if (opt__begin(&run, &sc, f, ctx, n, x, o, ws, opt_newton_cg_ws_bytes(n, o),
                   OPT_LS_MORE_THUENTE, &res))
        return res;
    opt__lsm_init(&s.m, &run);
    opt__second_init(&s.h, &run, &sc, NULL, hessvec);
    opt__lsm_bufs_alloc(&b, &sc, n, 0);
    s.arena = sc.arena; /* la_cg's 3n reals come from the rest */
    s.inner_max = opt__inner_max(&run);
    s.sd_next = 0;
    s.m.direction = opt__newton_cg_direction;
    s.m.update = opt__no_update;
    s.m.reset = opt__newton_cg_reset;
    opt__lsm_solve(&s.m, x, b.xb, b.g0, b.g1, b.d, NULL, NULL);
    la__scratch_end(&sc);
    return run.r;
}

/* The loop shared by the regularized and cubic Newton methods: buffers of
 * the iterate and a trial point, the stopping tests after an accepted step
 * and the final copy into the caller's x. */
typedef struct {
    opt__run *run;
    la_real *x, *g, *xt, *gt, *x_user;
    la_real f, gnorm;
    int tried; /* trial points evaluated since the last accepted step */
} opt__steps;

LA__PRIV void opt__steps_init(opt__steps *p, opt__run *run, la_real *x_user, la_real *xb,
                              la_real *g0, la_real *g1) {
    p->run = run;
    p->x_user = p->x = x_user;
    p->xt = xb;
    p->g = g0;
    p->gt = g1;
    p->tried = 0;
}

/* Evaluates f at the start; 1 if the solver must stop already. */
LA__PRIV int opt__steps_start(opt__steps *p, la_real radius) {
    la_int n = p->run->n;
    p->f = opt__eval(p->run, p->x, p->g);
    p->gnorm = la_vec_isfinite(n, p->g) ? opt__norm_inf(n, p->g) : (la_real)NAN;
    return opt__start(p->run, p->x, p->f, p->g, p->gnorm, radius);
}

/* Evaluates the trial point x + s into xt, gt; returns f there (non-finite
 * if f or the gradient is). */
LA__PRIV la_real opt__steps_try(opt__steps *p, const la_real *s) {
    la_int i, n = p->run->n;
    la_real ft;
    for (i = 0; i < n; ++i) p->xt[i] = p->x[i] + s[i];
    ft = opt__eval(p->run, p->xt, p->gt);
    if (!la_vec_isfinite(n, p->gt)) ft = (la_real)NAN;
    ++p->tried;
    return ft;
}

/* Accepts the trial point (value ft); 1 if the solver must stop. */
LA__PRIV int opt__steps_accept(opt__steps *p, la_real ft, la_real radius) {
    la_int i, n = p->run->n;
    la_real step = 0, xrel = opt__rel_step(p->run, p->x, p->xt), f_prev = p->f, *t;
    for (i = 0; i < n; ++i) step = LA__MAX(step, LA_FABS(p->xt[i] - p->x[i]));
    t = p->x;
    p->x = p->xt;
    p->xt = t;
    t = p->g;
    p->g = p->gt;
    p->gt = t;
    p->f = ft;
    p->gnorm = opt__norm_inf(n, p->g);
    p->tried = 0;
    p->run->r.iterations++;
    return opt__after_step(p->run, p->x, p->f, f_prev, p->g, p->gnorm, step, xrel, 1, radius);
}

LA__PRIV void opt__steps_end(opt__steps *p) {
    p->run->r.f = p->f;
    p->run->r.grad_norm = p->gnorm;
    if (p->x != p->x_user && p->run->n > 0)
        memcpy(p->x_user, p->x, (size_t)p->run->n * sizeof(la_real));
}

/* A trial budget exhausted without an acceptable step: LA_ERR_NONFINITE
 * only when trials were evaluated and none was finite (none evaluated: the
 * model allowed no step that moves x, LA_ERR_LINESEARCH). */
LA__PRIV void opt__steps_fail(opt__steps *p, int any_finite) {
    if (!opt__budget_left(p->run))
        opt__stop(p->run, LA_ERR_NO_CONVERGENCE, OPT_REASON_MAX_EVALS,
                  (la_real)p->run->r.f_evals, (la_real)p->run->max_evals);
    else if (!any_finite && p->tried > 0)
        opt__stop(p->run, LA_ERR_NONFINITE, OPT_REASON_NONFINITE, 0, 0);
    else
        opt__stop(p->run, LA_ERR_LINESEARCH, OPT_REASON_LINESEARCH, 0, 0);
}

/* 1 if x + s == x to working precision (every |s_i| <= eps |x_i|). */
LA__PRIV int opt__negligible(la_int n, const la_real *x, const la_real *s) {
    la_int i;
    for (i = 0; i < n; ++i)
        if (LA_FABS(s[i]) > LA_EPS * LA_FABS(x[i])) return 0;
    return 1;
}

OPT_API size_t opt_newton_reg_ws_bytes(la_int n, const opt_options *o) {
    (void)o;
    if (n < 0) n = 0;
    return 2 * la_ws_reals((size_t)n * (size_t)n) + 4 * la_ws_reals((size_t)n) +
           opt__second_bytes(n) + LA_ARENA_ALIGN;
}

OPT_API opt_result opt_newton_reg(opt_fn f, opt_hess_fn hess, void *ctx, la_int n, la_real *x,
                                  const opt_options *o, la_arena *ws) {
    opt__run run;
    opt_result res;
    la__scratch sc;
    opt__second h;
    opt__steps p;
    la_mat H, A;
    la_real *s, L, lam = 0;
    la_status st;
    la_int i;
    if (opt__begin(&run, &sc, f, ctx, n, x, o, ws, opt_newton_reg_ws_bytes(n, o),
                   OPT_LS_DEFAULT, &res))
        return res;
    H = la_mat_of(n, n, opt__reals(&sc, (size_t)n * (size_t)n));
    A = la_mat_of(n, n, opt__reals(&sc, (size_t)n * (size_t)n));
    s = opt__reals(&sc, (size_t)n);
    opt__second_init(&h, &run, &sc, hess, NULL);
    opt__steps_init(&p, &run, x, opt__reals(&sc, (size_t)n), opt__reals(&sc, (size_t)n),
                    opt__reals(&sc, (size_t)n));
    L = run.o.reg > 0 ? run.o.reg : 1;
    if (opt__steps_start(&p, 0)) goto done;
    for (;;) {
        la_real gn = la_nrm2(n, p.g, 1), ft = 0;
        int trial, ok = 0, any_finite = 0;
        if ((st = opt__hessian(&h, p.x, p.g, H)) != LA_OK) {
            opt__stop(&run, st, opt__reason_of(st), 0, 0);
            break;
        }
        L /= 4;
        for (trial = 0; trial < 200 && opt__budget_left(&run); ++trial) {
            la_real rs;
            L *= 2;
            lam = LA_SQRT(L * gn);
            run.r.inner_iterations++;
            la_mat_copy(H, A);
            for (i = 0; i < n; ++i) LA_AT(A, i, i) += lam;
            if (la_chol(A) != LA_OK) continue;
            for (i = 0; i < n; ++i) s[i] = -p.g[i];
            la_chol_solve(A, la_mat_of(n, 1, s));
            if (opt__negligible(n, p.x, s)) break; /* lambda too large to move x */
            ft = opt__steps_try(&p, s);
            if (!LA__ISFINITE(ft)) continue;
            any_finite = 1;
            rs = la_nrm2(n, s, 1);
            /* Mishchenko's acceptance test (AdaN) */
            if (la_nrm2(n, p.gt, 1) <= 2 * lam * rs && ft <= p.f - (la_real)2 / 3 * lam * rs * rs) {
                ok = 1;
                break;
            }
        }
        if (!ok) {
            opt__steps_fail(&p, any_finite);
            break;
        }
        if (opt__steps_accept(&p, ft, lam)) break;
    }
done:
    opt__steps_end(&p);
    la__scratch_end(&sc);
    return run.r;
}

/* Minimizer u of gt^T u + sum w_i u_i^2 / 2 + sigma ||u||^3 / 3 for w
 * ascending (the cubic model in the eigenbasis of H); returns lambda =
 * sigma ||u||. Safeguarded Newton on psi(l) = 1/||u(l)|| - sigma/l, which
 * is increasing and concave on (max(0, -w_0), inf); the hard case when
 * ||u|| at l = -w_0 (without the components of w_0's eigenspace, there
 * below eps ||g||) is short of -w_0 / sigma. O(n) per iteration. */
LA__PRIV la_real opt__cubic_eig(la_int n, const la_real *w, const la_real *gt, la_real sigma,
                                la_real *u) {
    la_int i, it;
    la_real gn = la_nrm2(n, gt, 1), lo = n > 0 ? LA__MAX((la_real)0, -w[0]) : 0, a, b, l;
    if (n == 0) return 0;
    if (gn == 0 && w[0] >= 0) {
        for (i = 0; i < n; ++i) u[i] = 0;
        return 0;
    }
    if (w[0] < 0) {
        /* the hard case: the part of g orthogonal to w_0's eigenspace */
        la_real nrm2 = 0, tiny = LA_EPS * gn, r;
        int hard = 1;
        for (i = 0; i < n && hard; ++i) {
            la_real den = w[i] + lo;
            if (den <= LA_EPS * LA_FABS(w[0]))
                hard = LA_FABS(gt[i]) <= tiny;
            else
                nrm2 += (gt[i] / den) * (gt[i] / den);
        }
        r = lo / sigma;
        if (hard && nrm2 <= r * r) {
            la_real tau = LA_SQRT(r * r - nrm2);
            int first = 1;
            for (i = 0; i < n; ++i) {
                la_real den = w[i] + lo;
                if (den <= LA_EPS * LA_FABS(w[0])) {
                    u[i] = first ? tau : 0;
                    first = 0;
                } else {
                    u[i] = -gt[i] / den;
                }
            }
            return lo;
        }
    }
    a = lo;
    b = lo + LA_SQRT(sigma * gn); /* ||u(b)|| <= ||g|| / (b - lo) <= b / sigma */
    if (b <= a) b = a + 1;
    l = b;
    for (it = 0; it < 200; ++it) {
        la_real s2 = 0, s3 = 0, un, psi, dpsi, ln;
        for (i = 0; i < n; ++i) {
            la_real den = w[i] + l, q = gt[i] / den;
            s2 += q * q;
            s3 += q * q / den;
        }
        un = LA_SQRT(s2);
        if (!(un > 0)) break;
        psi = 1 / un - sigma / l;
        if (psi < 0)
            a = l;
        else
            b = l;
        if (LA_FABS(un - l / sigma) <= 4 * LA_EPS * (l / sigma) || b - a <= 4 * LA_EPS * b) break;
        dpsi = s3 / (un * un * un) + sigma / (l * l);
        ln = l - psi / dpsi;
        l = ln > a && ln < b ? ln : (a + b) / 2;
    }
    for (i = 0; i < n; ++i) u[i] = -gt[i] / (w[i] + l);
    return l;
}

/* Argument checks and scratch of the subproblem routines (param: sigma or
 * the radius, > 0). 1 if the caller must return *st at once (an error, or
 * LA_OK when n = 0). */
LA__PRIV int opt__subproblem_begin(la_mat H, const la_real *g, la_real param, la_real *s,
                                   la_real *lambda, la__scratch *sc, la_arena *ws, size_t bytes,
                                   la_status *st) {
    la_int n = H.rows, i;
    *st = LA_OK;
    if (la_mat_check(H) || !(param > 0) || (n > 0 && (!g || !s)))
        *st = LA_ERR_ARG;
    else if (H.cols != n)
        *st = LA_ERR_DIM;
    else if (!la_vec_isfinite(n, g) || !LA__ISFINITE(param))
        *st = LA_ERR_NONFINITE;
    for (i = 0; i < n && *st == LA_OK; ++i)
        if (!la_vec_isfinite(i + 1, &LA_AT(H, i, 0))) *st = LA_ERR_NONFINITE;
    if (*st != LA_OK) return 1;
    if (n == 0) {
        if (lambda) *lambda = 0;
        return 1;
    }
    *st = la__scratch_begin(sc, ws, bytes - LA_ARENA_ALIGN);
    return *st != LA_OK;
}

OPT_API size_t opt_cubic_subproblem_ws_bytes(la_int n) {
    if (n < 0) n = 0;
    return la_ws_reals((size_t)n * (size_t)n) + 3 * la_ws_reals((size_t)n) +
           la_eigh_ws_bytes(n, 1) + LA_ARENA_ALIGN;
}

OPT_API la_status opt_cubic_subproblem(la_mat H, const la_real *g, la_real sigma, la_real *s,
                                       la_real *lambda, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_real *w, *gt, *u, l;
    la_mat V;
    la_int n = H.rows;
    if (opt__subproblem_begin(H, g, sigma, s, lambda, &sc, ws, opt_cubic_subproblem_ws_bytes(n),
                              &st))
        return st;
    V = la_mat_of(n, n, opt__reals(&sc, (size_t)n * (size_t)n));
    w = opt__reals(&sc, (size_t)n);
    gt = opt__reals(&sc, (size_t)n);
    u = opt__reals(&sc, (size_t)n);
    if ((st = la_eigh(H, w, V, sc.arena)) == LA_OK) {
        la_gemv(LA_TRANS, 1, V, g, 0, gt);
        l = opt__cubic_eig(n, w, gt, sigma, u);
        la_gemv(LA_NOTRANS, 1, V, u, 0, s);
        if (lambda) *lambda = l;
    }
    la__scratch_end(&sc);
    return st;
}

OPT_API size_t opt_newton_cubic_ws_bytes(la_int n, const opt_options *o) {
    (void)o;
    if (n < 0) n = 0;
    return la_ws_reals((size_t)n * (size_t)n) + 7 * la_ws_reals((size_t)n) +
           opt__second_bytes(n) + la_eigh_ws_bytes(n, 1) + LA_ARENA_ALIGN;
}

/* Cubic regularization with the Hessian reused for `reuse` steps. */
LA__PRIV opt_result opt__newton_cubic_run(opt_fn f, opt_hess_fn hess, void *ctx, la_int n,
                                          la_real *x, const opt_options *o, la_arena *ws,
                                          la_int reuse) {
    opt__run run;
    opt_result res;
    la__scratch sc;
    opt__second h;
    opt__steps p;
    la_mat V;
    la_real *w, *gt, *u, *s, sigma, sigma_min = LA_EPS;
    la_status st;
    la_int age = 0, i;
    if (opt__begin(&run, &sc, f, ctx, n, x, o, ws, opt_newton_cubic_ws_bytes(n, o),
                   OPT_LS_DEFAULT, &res))
        return res;
    V = la_mat_of(n, n, opt__reals(&sc, (size_t)n * (size_t)n));
    w = opt__reals(&sc, (size_t)n);
    gt = opt__reals(&sc, (size_t)n);
    u = opt__reals(&sc, (size_t)n);
    s = opt__reals(&sc, (size_t)n);
    opt__second_init(&h, &run, &sc, hess, NULL);
    opt__steps_init(&p, &run, x, opt__reals(&sc, (size_t)n), opt__reals(&sc, (size_t)n),
                    opt__reals(&sc, (size_t)n));
    if (run.o.hessian_reuse > 0) reuse = run.o.hessian_reuse;
    if (reuse < 1) reuse = 1;
    sigma = run.o.reg > 0 ? run.o.reg : 1;
    if (opt__steps_start(&p, sigma)) goto done;
    for (;;) {
        la_real ft = 0;
        int trial, ok = 0, any_finite = 0;
        if (age % reuse == 0) { /* a new Hessian and its eigendecomposition */
            if ((st = opt__hessian(&h, p.x, p.g, V)) != LA_OK ||
                (st = la_eigh(V, w, V, sc.arena)) != LA_OK) {
                opt__stop(&run, st, opt__reason_of(st), 0, 0);
                break;
            }
        }
        ++age;
        la_gemv(LA_TRANS, 1, V, p.g, 0, gt);
        for (trial = 0; trial < 200 && opt__budget_left(&run); ++trial) {
            la_real l, un, model, rho;
            run.r.inner_iterations++;
            l = opt__cubic_eig(n, w, gt, sigma, u);
            un = la_nrm2(n, u, 1);
            model = la_dot(n, gt, 1, u, 1) + sigma * un * un * un / 3;
            for (i = 0; i < n; ++i) model += w[i] * u[i] * u[i] / 2;
            (void)l;
            if (!(model < 0)) { /* no decrease in the model: stationary for it */
                sigma *= 2;
                continue;
            }
            la_gemv(LA_NOTRANS, 1, V, u, 0, s);
            if (opt__negligible(n, p.x, s)) break; /* sigma too large to move x */
            ft = opt__steps_try(&p, s);
            rho = LA__ISFINITE(ft) ? (p.f - ft) / -model : -1;
            any_finite |= LA__ISFINITE(ft);
            if (rho >= (la_real)0.1) {
                if (rho >= (la_real)0.9) sigma = LA__MAX(sigma / 2, sigma_min);
                ok = 1;
                break;
            }
            sigma *= 2;
        }
        if (!ok) {
            opt__steps_fail(&p, any_finite);
            break;
        }
        if (opt__steps_accept(&p, ft, sigma)) break;
    }
done:
    opt__steps_end(&p);
    la__scratch_end(&sc);
    return run.r;
}

OPT_API opt_result opt_newton_cubic(opt_fn f, opt_hess_fn hess, void *ctx, la_int n, la_real *x,
                                    const opt_options *o, la_arena *ws) {
    return opt__newton_cubic_run(f, hess, ctx, n, x, o, ws, 1);
}

OPT_API opt_result opt_newton_lazy(opt_fn f, opt_hess_fn hess, void *ctx, la_int n, la_real *x,
                                   const opt_options *o, la_arena *ws) {
    return opt__newton_cubic_run(f, hess, ctx, n, x, o, ws, n);
}

/* ----------------------------------------------------------------------
 * 6. Trust regions: More-Sorensen, dogleg, Steihaug-Toint CG
 * ---------------------------------------------------------------------- */

/* tau >= 0 with ||p + tau d|| = delta (||p|| <= delta), and the root of
 * smaller magnitude of either sign when `smallest`. */
LA__PRIV la_real opt__to_boundary(la_int n, const la_real *p, const la_real *d, la_real delta,
                                  int smallest) {
    la_real dd = la_dot(n, d, 1, d, 1), pd = la_dot(n, p, 1, d, 1), pp = la_dot(n, p, 1, p, 1);
    la_real disc = pd * pd + dd * (delta * delta - pp), r, t1, t2;
    if (!(dd > 0)) return 0;
    r = LA_SQRT(LA__MAX((la_real)0, disc));
    /* roots (-pd +/- r) / dd, computed without cancellation */
    t1 = pd >= 0 ? -(pd + r) / dd : (r - pd) / dd;
    t2 = t1 != 0 ? (pp - delta * delta) / (dd * t1) : 0;
    if (!smallest) return LA__MAX(t1, t2);
    return LA_FABS(t1) < LA_FABS(t2) ? t1 : t2;
}

/* Steihaug-Toint truncated CG on g^T s + s^T H s / 2, ||s|| <= delta, with
 * H given as an operator; stops at the boundary, at negative curvature, at
 * the relative residual tol or after maxit iterations. r, p, hp: n reals.
 * Returns the model value (<= 0) in *model; 1 if the operator failed. */
LA__PRIV int opt__steihaug(la_int n, la_linop op, void *octx, const la_real *g, la_real delta,
                           la_real tol, la_int maxit, la_real *s, la_real *r, la_real *p,
                           la_real *hp, la_real *model, la_int *iters) {
    la_int i, j;
    la_real rr = la_dot(n, g, 1, g, 1), stop = tol * tol * rr;
    for (i = 0; i < n; ++i) {
        s[i] = 0;
        r[i] = g[i];
        p[i] = -g[i];
    }
    *iters = 0;
    for (j = 0; j < maxit && rr > stop; ++j) {
        la_real kappa, alpha, rr1;
        if (op(p, hp, octx)) return 1;
        ++*iters;
        kappa = la_dot(n, p, 1, hp, 1);
        alpha = kappa > 0 ? rr / kappa : 0;
        if (!(kappa > 0) || la_nrm2(n, s, 1) + alpha * la_nrm2(n, p, 1) >= delta) {
            la_real tau = opt__to_boundary(n, s, p, delta, 0);
            if (kappa > 0 && tau > alpha) tau = alpha; /* inside after all */
            la_axpy(n, tau, p, 1, s, 1);
            la_axpy(n, tau, hp, 1, r, 1);
            break;
        }
        la_axpy(n, alpha, p, 1, s, 1);
        la_axpy(n, alpha, hp, 1, r, 1);
        rr1 = la_dot(n, r, 1, r, 1);
        for (i = 0; i < n; ++i) p[i] = -r[i] + (rr1 / rr) * p[i];
        rr = rr1;
    }
    /* m(s) = g^T s + s^T H s / 2 = (g^T s + r^T s) / 2 with r = g + H s */
    *model = (la_dot(n, g, 1, s, 1) + la_dot(n, r, 1, s, 1)) / 2;
    return 0;
}

/* g^T s + s^T H s / 2 for dense H (lower triangle); w: n reals. */
LA__PRIV la_real opt__model_value(la_mat H, const la_real *g, const la_real *s, la_real *w) {
    la_int n = H.rows;
    la_symv(LA_LOWER, 1, H, s, 0, w);
    return la_dot(n, g, 1, s, 1) + la_dot(n, s, 1, w, 1) / 2;
}

/* A vector z, ||z|| = 1, with ||L^T z|| small for the Cholesky factor L
 * (the LINPACK condition estimate of Cline, Moler, Stewart and Wilkinson
 * 1979, as More and Sorensen use it): solve L w = e with e_k = +/-1 chosen
 * to make |w_k| large, then L^T v = w, z = v / ||v||. */
LA__PRIV void opt__small_singular_vector(la_mat L, la_real *z) {
    la_int i, k, n = L.rows;
    la_real nz;
    for (k = 0; k < n; ++k) {
        la_real sum = 0;
        for (i = 0; i < k; ++i) sum += LA_AT(L, k, i) * z[i];
        z[k] = ((sum > 0 ? -1 : 1) - sum) / LA_AT(L, k, k);
    }
    la_trsv(LA_LOWER, LA_TRANS, LA_NONUNIT, L, z);
    nz = la_nrm2(n, z, 1);
    if (nz > 0) la_scal(n, 1 / nz, z, 1);
}

/* The More-Sorensen iteration. A: n x n work matrix (the factor of
 * H + lambda I); w1, w2: n reals. Returns LA_OK or LA_ERR_NO_CONVERGENCE
 * (s then the best feasible step found). */
LA__PRIV la_status opt__more_sorensen(la_mat H, const la_real *g, la_real delta, la_real tol,
                                      la_real *s, la_real *lam_out, la_mat A, la_real *w1,
                                      la_real *w2) {
    la_int n = H.rows, i, j, it;
    la_real gn = la_nrm2(n, g, 1), hnorm = 0, lam_s = 0, lam_l, lam_u, lam = 0;
    la_real best = LA_REAL_MAX, best_lam = 0;
    la_status st = LA_ERR_NO_CONVERGENCE;
    if (tol <= 0) tol = (la_real)0.01;
    for (i = 0; i < n; ++i) { /* ||H||_1 of the symmetric H from its lower triangle */
        la_real sum = 0;
        for (j = 0; j < n; ++j) sum += LA_FABS(j <= i ? LA_AT(H, i, j) : LA_AT(H, j, i));
        hnorm = LA__MAX(hnorm, sum);
        lam_s = LA__MAX(lam_s, -LA_AT(H, i, i));
    }
    lam_l = LA__MAX((la_real)0, LA__MAX(lam_s, gn / delta - hnorm));
    lam_u = gn / delta + hnorm;
    for (i = 0; i < n; ++i) s[i] = 0;
    lam = lam_l;
    for (it = 0; it < 100; ++it) {
        la_real pn, rp2;
        lam = LA__MAX(lam, lam_l);
        lam = LA__MIN(lam, lam_u);
        if (lam <= lam_s && it > 0) lam = LA__MAX((la_real)1e-3 * lam_u, LA_SQRT(lam_l * lam_u));
        la_mat_copy(H, A);
        for (i = 0; i < n; ++i) LA_AT(A, i, i) += lam;
        if (la_chol(A) != LA_OK) { /* H + lambda I not positive definite */
            lam_l = LA__MAX(lam_l, lam);
            lam = LA__MAX(LA_SQRT(lam_l * lam_u), lam_l + (la_real)0.01 * (lam_u - lam_l));
            if (lam_u - lam_l <= LA_EPS * LA__MAX(lam_u, (la_real)1)) lam_u *= 2;
            continue;
        }
        for (i = 0; i < n; ++i) w1[i] = -g[i];
        la_chol_solve(A, la_mat_of(n, 1, w1));
        pn = la_nrm2(n, w1, 1);
        if (pn <= delta) { /* a feasible step: keep the best */
            la_real mv = opt__model_value(H, g, w1, w2);
            if (mv < best) {
                best = mv;
                best_lam = lam;
                memcpy(s, w1, (size_t)n * sizeof(la_real));
            }
            if (lam == 0 || LA_FABS(pn - delta) <= tol * delta) {
                st = LA_OK;
                break;
            }
        } else if (LA_FABS(pn - delta) <= tol * delta) {
            for (i = 0; i < n; ++i) s[i] = w1[i] * (delta / pn);
            best_lam = lam;
            st = LA_OK;
            break;
        }
        /* ||R p||^2 = p^T (H + lambda I) p */
        memcpy(w2, w1, (size_t)n * sizeof(la_real));
        la_trmv(LA_LOWER, LA_TRANS, LA_NONUNIT, A, w2);
        rp2 = la_dot(n, w2, 1, w2, 1);
        if (pn < delta) {
            /* lambda too large, or the hard case: move along z to the
             * boundary if that is nearly optimal */
            la_real tau, rz2;
            lam_u = LA__MIN(lam_u, lam);
            opt__small_singular_vector(A, w2);
            for (j = 0; j < 3; ++j) { /* refined by inverse iteration */
                la_real zn;
                la_chol_solve(A, la_mat_of(n, 1, w2));
                zn = la_nrm2(n, w2, 1);
                if (!(zn > 0) || !LA__ISFINITE(zn)) break;
                la_scal(n, 1 / zn, w2, 1);
            }
            tau = opt__to_boundary(n, w1, w2, delta, 1);
            {
                la_real t0 = 0;
                /* ||R z||^2 */
                la_real *z = w2;
                for (i = 0; i < n; ++i) {
                    la_real sum = 0;
                    for (j = i; j < n; ++j) sum += LA_AT(A, j, i) * z[j];
                    t0 += sum * sum;
                }
                rz2 = t0;
            }
            lam_l = LA__MAX(lam_l, lam - rz2);
            {
                /* the boundary point p + tau z: a candidate in any case */
                la_real mv;
                for (i = 0; i < n; ++i) w2[i] = w1[i] + tau * w2[i];
                mv = opt__model_value(H, g, w2, w1);
                if (tau * tau * rz2 <= tol * (2 - tol) * (rp2 + lam * delta * delta) ||
                    mv < best) {
                    best = mv;
                    best_lam = lam;
                    memcpy(s, w2, (size_t)n * sizeof(la_real));
                }
                if (tau * tau * rz2 <= tol * (2 - tol) * (rp2 + lam * delta * delta)) {
                    st = LA_OK;
                    break;
                }
                /* w1 was overwritten: recompute p for the Newton step */
                for (i = 0; i < n; ++i) w1[i] = -g[i];
                la_chol_solve(A, la_mat_of(n, 1, w1));
            }
        } else {
            lam_l = LA__MAX(lam_l, lam);
        }
        /* Newton step on 1/||p(lambda)|| - 1/delta: q = L^{-1} p */
        memcpy(w2, w1, (size_t)n * sizeof(la_real));
        la_trsv(LA_LOWER, LA_NOTRANS, LA_NONUNIT, A, w2);
        {
            la_real qn = la_nrm2(n, w2, 1), prev = lam;
            lam += (pn / qn) * (pn / qn) * (pn - delta) / delta;
            /* a Newton step below the lower bound (the hard case, lambda
             * approaching -lambda_min from above): shrink the bracket */
            if (lam <= lam_l)
                lam = LA__MAX(LA_SQRT(lam_l * lam_u), lam_l + (la_real)0.01 * (lam_u - lam_l));
            if (lam == prev && best < LA_REAL_MAX) { /* no progress at working precision */
                st = LA_OK;
                break;
            }
        }
        if (lam_u - lam_l <= 4 * LA_EPS * LA__MAX(lam_u, (la_real)1) && best < LA_REAL_MAX) {
            st = LA_OK;
            break;
        }
    }
    if (lam_out) *lam_out = best_lam;
    return st;
}

OPT_API size_t opt_trust_subproblem_ws_bytes(la_int n) {
    if (n < 0) n = 0;
    return la_ws_reals((size_t)n * (size_t)n) + 2 * la_ws_reals((size_t)n) + LA_ARENA_ALIGN;
}

OPT_API la_status opt_trust_subproblem(la_mat H, const la_real *g, la_real radius, la_real tol,
                                       la_real *s, la_real *lambda, la_arena *ws) {
    la__scratch sc;
    la_status st;
    la_int n = H.rows;
    if (opt__subproblem_begin(H, g, radius, s, lambda, &sc, ws, opt_trust_subproblem_ws_bytes(n),
                              &st))
        return st;
    st = opt__more_sorensen(H, g, radius, tol, s,
                            lambda, la_mat_of(n, n, opt__reals(&sc, (size_t)n * (size_t)n)),
                            opt__reals(&sc, (size_t)n), opt__reals(&sc, (size_t)n));
    la__scratch_end(&sc);
    return st;
}

/* Powell's dogleg in the model with B = H + E (E from the modified Cholesky
 * factorization where H is indefinite). A: n x n work; w1, w2: n reals.
 * Returns the model value of B at s. */
LA__PRIV la_status opt__tr_dogleg(la_mat H, const la_real *g, la_real delta, la_real *s,
                               la_real *model, la_mat A, la_int *perm, la_real *e, la_real *w1,
                               la_real *w2, la_arena *arena) {
    la_int n = H.rows, i;
    la_real pn, gg, gbg, tau;
    la_status st;
    la_mat_copy(H, A);
    if ((st = la_chol_modified(A, perm, e, arena)) != LA_OK) return st;
    for (i = 0; i < n; ++i) w1[i] = -g[i];
    if ((st = la_chol_solve_perm(A, perm, la_mat_of(n, 1, w1))) != LA_OK) return st;
    /* g^T B g */
    la_symv(LA_LOWER, 1, H, g, 0, w2);
    gg = la_dot(n, g, 1, g, 1);
    gbg = la_dot(n, g, 1, w2, 1);
    for (i = 0; i < n; ++i) gbg += e[i] * g[i] * g[i];
    pn = la_nrm2(n, w1, 1);
    if (pn <= delta) {
        memcpy(s, w1, (size_t)n * sizeof(la_real));
    } else {
        la_real cu = gbg > 0 ? gg / gbg : LA_REAL_MAX, gn = LA_SQRT(gg);
        if (cu * gn >= delta) { /* the Cauchy point is outside: steepest descent to the boundary */
            for (i = 0; i < n; ++i) s[i] = -(delta / gn) * g[i];
        } else {
            for (i = 0; i < n; ++i) {
                s[i] = -cu * g[i];
                w2[i] = w1[i] - s[i];
            }
            tau = opt__to_boundary(n, s, w2, delta, 0);
            la_axpy(n, tau, w2, 1, s, 1);
        }
    }
    *model = opt__model_value(H, g, s, w2);
    for (i = 0; i < n; ++i) *model += e[i] * s[i] * s[i] / 2;
    return LA_OK;
}

/* State of a trust-region run: the subproblem of opt_trust_region (dense)
 * or opt_trust_region_cg (operator). */
typedef struct {
    opt__second h;
    opt_tr_subproblem kind;
    int dense;
    la_mat H, A;
    la_int *perm;
    la_real *e, *w1, *w2, *w3;
    la_arena *arena;
    la_int inner_max;
} opt__tr;

LA__PRIV la_status opt__tr_step(opt__tr *t, const la_real *x, const la_real *g, int new_point,
                                la_real delta, la_real *s, la_real *model) {
    la_int n = t->h.run->n, iters;
    la_status st;
    la_real tol = LA_SQRT(la_nrm2(n, g, 1)); /* forcing term min(0.5, sqrt(||g||)) */
    if (tol > (la_real)0.5) tol = (la_real)0.5;
    t->h.x = x;
    t->h.g = g;
    t->h.failed = LA_OK;
    if (!t->dense) {
        if (opt__steihaug(n, opt__hessvec_op, &t->h, g, delta, tol, t->inner_max, s, t->w1,
                          t->w2, t->w3, model, &iters))
            return t->h.failed != LA_OK ? t->h.failed : LA_ERR_ABORTED;
        t->h.run->r.inner_iterations += iters;
        return LA_OK;
    }
    if (new_point && (st = opt__hessian(&t->h, x, g, t->H)) != LA_OK) return st;
    switch (t->kind) {
    case OPT_TR_DOGLEG:
        return opt__tr_dogleg(t->H, g, delta, s, model, t->A, t->perm, t->e, t->w1, t->w2,
                              t->arena);
    case OPT_TR_STEIHAUG:
        opt__steihaug(n, opt__dense_op, &t->H, g, delta, tol, t->inner_max, s, t->w1, t->w2,
                      t->w3, model, &iters);
        t->h.run->r.inner_iterations += iters;
        return LA_OK;
    default:
        opt__more_sorensen(t->H, g, delta, 0, s, NULL, t->A, t->w1, t->w2);
        *model = opt__model_value(t->H, g, s, t->w1);
        return LA_OK;
    }
}

/* The trust-region loop (Nocedal and Wright 2006, algorithm 4.1). */
LA__PRIV void opt__tr_solve(opt__tr *t, opt__steps *p, la_real *s) {
    opt__run *run = t->h.run;
    la_int n = run->n;
    la_real delta = run->o.radius > 0 ? run->o.radius : 1;
    la_real dmax = run->o.max_radius > 0 ? run->o.max_radius : (la_real)1e10 * delta;
    int new_point = 1, any_finite = 0;
    if (opt__steps_start(p, delta)) return;
    for (;;) {
        la_real model = 0, ft, rho, sn; /* set by opt__tr_step on success */
        la_status st = opt__tr_step(t, p->x, p->g, new_point, delta, s, &model);
        if (st != LA_OK) {
            opt__stop(run, st, opt__reason_of(st), 0, 0);
            return;
        }
        new_point = 0;
        sn = la_nrm2(n, s, 1);
        if (!(model < 0) || !(sn > 0)) { /* no decrease predicted: round-off level */
            opt__steps_fail(p, 1);
            return;
        }
        if (!opt__budget_left(run)) {
            opt__steps_fail(p, 1);
            return;
        }
        ft = opt__steps_try(p, s);
        any_finite |= LA__ISFINITE(ft);
        rho = LA__ISFINITE(ft) ? (p->f - ft) / -model : -1;
        if (rho < (la_real)0.25)
            delta = (la_real)0.25 * LA__MIN(sn, delta);
        else if (rho > (la_real)0.75 && sn >= (la_real)0.99 * delta)
            delta = LA__MIN(2 * delta, dmax);
        if (rho > (la_real)1e-4) {
            new_point = 1;
            any_finite = 0;
            if (opt__steps_accept(p, ft, delta)) return;
        } else if (delta <= LA_EPS * la_nrm2(n, p->x, 1) || !(delta > LA_REAL_MIN)) {
            opt__steps_fail(p, any_finite);
            return;
        }
    }
}

LA__PRIV opt_tr_subproblem opt__tr_kind(const opt_options *o) {
    return o && o->tr_subproblem != OPT_TR_DEFAULT ? o->tr_subproblem : OPT_TR_MORE_SORENSEN;
}

OPT_API size_t opt_trust_region_ws_bytes(la_int n, const opt_options *o) {
    if (n < 0) n = 0;
    return 2 * la_ws_reals((size_t)n * (size_t)n) + la_ws_ints((size_t)n) +
           8 * la_ws_reals((size_t)n) + opt__second_bytes(n) +
           (opt__tr_kind(o) == OPT_TR_DOGLEG ? la_chol_modified_ws_bytes(n) : 0) + LA_ARENA_ALIGN;
}

/* The trust-region solvers: dense Hessians (hess) or products (hessvec). */
LA__PRIV opt_result opt__trust_region_run(opt_fn f, opt_hess_fn hess, opt_hessvec_fn hessvec,
                                          int dense, void *ctx, la_int n, la_real *x,
                                          const opt_options *o, la_arena *ws) {
    opt__run run;
    opt_result res;
    la__scratch sc;
    opt__tr t;
    opt__steps p;
    la_real *s;
    size_t bytes = dense ? opt_trust_region_ws_bytes(n, o) : opt_trust_region_cg_ws_bytes(n, o);
    if (opt__begin(&run, &sc, f, ctx, n, x, o, ws, bytes, OPT_LS_DEFAULT, &res)) return res;
    memset(&t, 0, sizeof t);
    t.kind = dense ? opt__tr_kind(o) : OPT_TR_STEIHAUG;
    t.dense = dense;
    if (dense) {
        t.H = la_mat_of(n, n, opt__reals(&sc, (size_t)n * (size_t)n));
        t.A = la_mat_of(n, n, opt__reals(&sc, (size_t)n * (size_t)n));
        t.perm = (la_int *)la__scratch_alloc(&sc, (size_t)n * sizeof(la_int));
        t.e = opt__reals(&sc, (size_t)n);
    }
    t.w1 = opt__reals(&sc, (size_t)n);
    t.w2 = opt__reals(&sc, (size_t)n);
    t.w3 = opt__reals(&sc, (size_t)n);
    s = opt__reals(&sc, (size_t)n);
    t.arena = sc.arena;
    t.inner_max = opt__inner_max(&run);
    opt__second_init(&t.h, &run, &sc, hess, hessvec);
    opt__steps_init(&p, &run, x, opt__reals(&sc, (size_t)n), opt__reals(&sc, (size_t)n),
                    opt__reals(&sc, (size_t)n));
    opt__tr_solve(&t, &p, s);
    opt__steps_end(&p);
    la__scratch_end(&sc);
    return run.r;
}

OPT_API opt_result opt_trust_region(opt_fn f, opt_hess_fn hess, void *ctx, la_int n, la_real *x,
                                    const opt_options *o, la_arena *ws) {
    return opt__trust_region_run(f, hess, NULL, 1, ctx, n, x, o, ws);
}

OPT_API size_t opt_trust_region_cg_ws_bytes(la_int n, const opt_options *o) {
    (void)o;
    if (n < 0) n = 0;
    return 7 * la_ws_reals((size_t)n) + opt__second_bytes(n) + LA_ARENA_ALIGN;
}

OPT_API opt_result opt_trust_region_cg(opt_fn f, opt_hessvec_fn hessvec, void *ctx, la_int n,
                                       la_real *x, const opt_options *o, la_arena *ws) {
    return opt__trust_region_run(f, NULL, hessvec, 0, ctx, n, x, o, ws);
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
        /* inside the bound even when xj + 2 h1 rounds past it */
        if (hi && xh[j] > hi[j]) xh[j] = hi[j];
        if (lo && xh[j] < lo[j]) xh[j] = lo[j];
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
    la_real *J;      /* mq x n, leading dimension ldj: the model Jacobian (ldj = n + 1: [J fs],
                        then its QR when keep_q) */
    la_real *r, *rt; /* m raw residuals at x and at the trial point */
    la_real *fs;     /* mq model residuals at x */
    la_real *qtf;    /* n: the first n entries of Q^T fs */
    la_real *qv;     /* n scratch: the first n entries of Q^T v */
    la_real *tau1;   /* n + 1: reflectors of the QR of [J fs] */
    la_real *R1;     /* n x n: its R, then the pivoted QR R1 P = Q2 R */
    la_real *rowsc;  /* m: scale of each model row, sqrt(w_i c_i) */
    la_real *t1, *t2; /* m scratch */
    la_real *vq;     /* mq scratch */
    la_real *R;      /* n x n: R of J P = Q R (Q = Q1 diag(Q2, I)), strict lower triangle scratch */
    la_real *tau, *acnorm, *g, *diag, *xt, *p, *v, *a, *sdiag, *xj, *wa; /* n each, wa 6n */
    la_int *perm, *held;
    la_arena *arena;
    const opt_jac_operator *op; /* OPT_LSQ_LM_LSQR: the Jacobian's products */
    int dense;                  /* the Jacobian is formed (not OPT_LSQ_LM_LSQR) */
    int want_j;                 /* room for a formed Jacobian (covariance) */
    int keep_q;                 /* factor [J fs] in place, keeping Q (geodesic acceleration) */
    la_int ldj;                 /* leading dimension of J: n, or n + 1 when J is stored as [J fs]
                                   (keep_q, and the Jacobian formed by OPT_LSQ_LM_LSQR) */
    la_int products;            /* products with J and J^T */
} opt__lsq;

/* sqrt(2 F) for raw residuals r: sqrt(sum_i C^2 rho0(w_i r_i^2 / C^2)). */
LA__PRIV la_real opt__lsq_fnorm(const opt__lsq *S, const la_real *r) {
    la_int i;
    la_real big = 0, s = 0;
    if (S->loss == OPT_LOSS_LINEAR) {
        if (!S->w) return la__nrm2_unit(S->m, r);
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
    /* NaN and Inf reach the norm (arctan's bounded rho needs the check) */
    if (S->loss == OPT_LOSS_ARCTAN && !la_vec_isfinite(S->m, r)) return LA_ERR_NONFINITE;
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

/* The model Jacobian and residual at x (r = r(x) already there): the
 * callback's Jacobian or differences, written as m x n, rows scaled by
 * opt__lsq_row in place (ldj = n) or spread in place to [J fs] (ldj =
 * n + 1); rows m .. mq-1 zero. */
LA__PRIV la_status opt__lsq_jacobian(opt__lsq *S, const la_real *x) {
    la_int m = S->m, n = S->n, i, j;
    size_t ld = (size_t)S->ldj;
    la_mat J = la_mat_of(m, n, S->J);
    int scaled = S->w || S->loss != OPT_LOSS_LINEAR;
    la_status st;
    if (S->jmode == OPT_JAC_ANALYTIC) {
        if (S->fn(x, S->t1, S->J, S->ctx)) return LA_ERR_ABORTED;
    } else {
        st = opt__jac_fd(S->fn, S->ctx, m, n, x, S->r, S->jmode, S->fd_step, S->lo, S->hi, J,
                         S->xt, S->t1, S->t2, &S->nf);
        if (st != LA_OK) return st;
    }
    ++S->nj;
    la_copy(n, x, 1, S->xj, 1);
    /* NaN and Inf are caught by the QR (and by opt_lsq_covariance) */
    if (ld == (size_t)n && !scaled) {
        la_copy(m, S->r, 1, S->fs, 1);
        for (i = 0; i < m; ++i) S->rowsc[i] = 1;
    }
    for (i = m - 1; i >= 0 && (ld != (size_t)n || scaled); --i) { /* rows only move forward */
        const la_real *src = S->J + (size_t)i * (size_t)n;
        la_real *dst = S->J + (size_t)i * ld, sc = 1;
        if (scaled) {
            opt__lsq_row(S, i, S->r[i], &sc, &S->fs[i]);
            for (j = n - 1; j >= 0; --j) dst[j] = sc * src[j];
        } else {
            S->fs[i] = S->r[i];
            for (j = n - 1; j >= 0; --j) dst[j] = src[j];
        }
        S->rowsc[i] = sc;
        if (ld > (size_t)n) dst[n] = S->fs[i];
    }
    for (i = m; i < S->mq; ++i) {
        for (j = 0; j < (la_int)ld; ++j) S->J[(size_t)i * ld + (size_t)j] = 0;
        S->fs[i] = 0;
    }
    return LA_OK;
}

/* The mq x n model Jacobian as a view. */
LA__PRIV la_mat opt__lsq_jview(const opt__lsq *S) { return la_mat_ld(S->mq, S->n, S->ldj, S->J); }

/* Bounds: holds the parameters at a bound whose descent direction -g_j
 * (g = J^T fs) leaves the box, and those fixed by lo_j = hi_j, zeroing
 * their model columns. */
LA__PRIV void opt__lsq_hold(opt__lsq *S, const la_real *x) {
    la_int n = S->n, i, j;
    la_mat J = opt__lsq_jview(S);
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

/* c <- Q2^T c for the n x n pivoted QR of opt__lsq_factor, reflector by
 * reflector (linalg's, without the block machinery a 1-column product of a
 * small matrix does not need). */
LA__PRIV void opt__lsq_q2t(opt__lsq *S, la_real *c) {
    la_int n = S->n, j;
    la_real w;
    for (j = 0; j < n; ++j)
        la__reflect_left(S->tau[j], S->R1 + (size_t)j * (size_t)n + (size_t)j, n,
                         la_mat_of(n - j, 1, c + j), &w);
}

/* J P = Q R in two stages, and J's column norms: the QR of the augmented
 * [J fs] = Q1 [R1 c; 0 d] (so that (Q1^T fs)_{1:n} = c comes with it),
 * then the pivoted QR of the n x n R1, R1 P = Q2 R, whose pivots are those
 * of J's (the same column norms); qtf = Q2^T c. The first stage is la_qr_r,
 * one streaming pass over J that keeps neither Q1 nor writes J (as MINPACK's
 * lmder, only R and Q^T f are needed), unless Q1 is applied later (keep_q:
 * geodesic acceleration), when it is la_qr's Householder QR in place. */
LA__PRIV la_status opt__lsq_factor(opt__lsq *S) {
    la_int n = S->n, mq = S->mq, i, j, k = LA__MIN(mq, n);
    la_mat J = opt__lsq_jview(S);
    la_status st;
    if (S->keep_q) {
        st = la_qr(la_mat_of(mq, n + 1, S->J), S->tau1, S->arena);
        if (st != LA_OK) return st;
        for (i = 0; i < n; ++i) {
            for (j = 0; j < n; ++j) S->R1[i * n + j] = i < k && j >= i ? LA_AT(J, i, j) : 0;
            S->qtf[i] = i < k ? S->J[(size_t)i * (size_t)(n + 1) + (size_t)n] : 0;
        }
    } else {
        st = la_qr_r(J, S->fs, la_mat_of(n, n, S->R1), S->qtf, NULL, S->arena);
        if (st != LA_OK) return st;
    }
    /* J's column norms are R1's (Q1 is orthogonal) */
    for (j = 0; j < n; ++j) S->acnorm[j] = la_nrm2(j + 1, S->R1 + j, n);
    st = la_qr_pivoted(la_mat_of(n, n, S->R1), S->tau, S->perm, S->arena);
    if (st != LA_OK) return st;
    opt__lsq_q2t(S, S->qtf);
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) S->R[i * n + j] = j >= i ? S->R1[i * n + j] : 0;
    return LA_OK;
}

/* out <- the first n entries of Q^T v for v (mq entries, overwritten), Q of
 * opt__lsq_factor. */
LA__PRIV la_status opt__lsq_qt(opt__lsq *S, la_real *v, la_real *out) {
    la_int n = S->n, mq = S->mq;
    la_status st = la_qr_apply(LA_LEFT, LA_TRANS, la_mat_of(mq, n + 1, S->J), S->tau1, LA__MIN(mq, n),
                               la_mat_of(mq, 1, v), S->arena);
    if (st != LA_OK) return st;
    la_copy(n, v, 1, out, 1);
    opt__lsq_q2t(S, out);
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
    la_real ftol, xtol, gtol, factor, alpha; /* a negative tolerance: test off */
    la_real max_time;
    double t0;
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
                               const la_real *x, la_real fnorm, la_real gmax, la_real step,
                               la_real alpha, la_real radius) {
    opt_progress pr;
    if (!cfg->cb) return 0;
    memset(&pr, 0, sizeof pr);
    pr.iteration = iter;
    pr.n = S->n;
    pr.x = x;
    pr.f = (la_real)0.5 * fnorm * fnorm;
    pr.grad_norm = gmax;
    pr.step = step;
    pr.f_evals = S->nf;
    pr.grad = NULL; /* the exact gradient at x is not formed */
    pr.g_evals = S->nj;
    pr.alpha = alpha;
    pr.radius = radius;
    return cfg->cb(&pr, cfg->cb_ctx);
}

/* 1 when opt_options.max_time has run out. */
LA__PRIV int opt__lsq_out_of_time(const opt__lsq_cfg *cfg) {
    return cfg->max_time > 0 && OPT_CLOCK() - cfg->t0 >= (double)cfg->max_time;
}

/* The end of an outer iteration of a driver: the user's callback (a stop
 * there ends with info -1, LA_ERR_ABORTED) and the time limit (info -5).
 * Non-zero: the driver stops. */
LA__PRIV int opt__lsq_iteration_done(const opt__lsq *S, const opt__lsq_cfg *cfg, la_int iter,
                                     const la_real *x, la_real fnorm, la_real step, la_real alpha,
                                     la_real radius, opt__lsq_end *e) {
    if (opt__lsq_progress(S, cfg, iter, x, fnorm, e->gmax, step, alpha, radius)) {
        e->info = -1;
        e->status = LA_ERR_ABORTED;
        return 1;
    }
    if (opt__lsq_out_of_time(cfg)) {
        e->info = -5;
        return 1;
    }
    return 0;
}

/* What every driver records on return: the iteration limit compared
 * (info -4), the status of a non-finite stop, the final ||f||. */
LA__PRIV opt__lsq_end opt__lsq_finish(opt__lsq_end e, const opt__lsq *S, const opt__lsq_cfg *cfg,
                                      la_real fnorm) {
    if (e.info == -4) {
        e.measure = (la_real)S->nj;
        e.threshold = (la_real)cfg->max_iter;
    }
    if (e.info == -2 && e.status == LA_OK) e.status = LA_ERR_NONFINITE;
    e.fnorm = fnorm;
    return e;
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
        if (outer == 1 && opt__lsq_progress(S, cfg, 0, x, fnorm, e.gmax, 0, 0, delta)) {
            e.info = -1;
            e.status = LA_ERR_ABORTED;
            break;
        }
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
                        st = opt__lsq_qt(S, S->vq, S->qv);
                        if (st != LA_OK) {
                            e.status = st;
                            e.info = 0;
                            goto done;
                        }
                        for (i = 0; i < n; ++i) { /* minus (2/h) R P^T v */
                            la_real sum = 0;
                            for (j = i; j < n; ++j) sum += S->R[i * n + j] * S->p[S->perm[j]];
                            S->qv[i] -= (2 / hgeo) * sum;
                        }
                        temp = LA_SQRT(par);
                        for (j = 0; j < n; ++j) S->v[j] = temp * S->diag[j];
                        opt__lm_qrsolv(n, S->R, S->perm, S->v, S->qv, S->a, S->sdiag, wa);
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
                    step_len = opt__norm_inf(n, S->p);
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
            if (cfg->xtol >= 0 && delta <= cfg->xtol * xnorm) {
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
        if (opt__lsq_iteration_done(S, cfg, outer, x, fnorm, step_len, 1, delta, &e)) break;
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
    return opt__lsq_finish(e, S, cfg, fnorm);
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
        int accepted = 0, ls, tried, finite_any;
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
        if (outer == 1 && opt__lsq_progress(S, cfg, 0, x, fnorm, e.gmax, 0, 0, 0)) {
            e.info = -1;
            e.status = LA_ERR_ABORTED;
            break;
        }
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
        tried = finite_any = 0;
        for (ls = 0; ls < 60 && !accepted; ++ls) {
            la_real pr, dd;
            if (t * vnorm <= cfg->xtol * xnorm || t * vnorm <= eps * xnorm) {
                /* no decrease along steps below the step tolerance: as MINPACK's
                 * trust region collapsing, a stop on xtol */
                e.info = cfg->xtol >= 0 && t * vnorm <= cfg->xtol * xnorm ? 2 : 7;
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
            ++tried;
            finite_any |= st == LA_OK;
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
        /* the steps collapsed on non-finite residuals alone: not convergence */
        if (!accepted && tried > 0 && !finite_any && (e.info == 2 || e.info == 7)) e.info = -2;
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
        if (cfg->xtol >= 0 && pnorm <= cfg->xtol * xnorm) {
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
        if (opt__lsq_iteration_done(S, cfg, outer, x, fnorm, opt__norm_inf(n, S->p), t, 0, &e))
            break;
    }
done:
    return opt__lsq_finish(e, S, cfg, fnorm);
}

/* OPT_LSQ_LM_LSQR's operator for la_lsqr: the model Jacobian in the
 * scaled variables q = D p, with the held parameters' columns removed:
 * y <- diag(rowsc) J D^-1 M x (M the free-parameter mask). */
LA__PRIV int opt__lsqr_apply(const la_real *x, la_real *y, void *ctx) {
    opt__lsq *S = (opt__lsq *)ctx;
    la_int i, j;
    for (j = 0; j < S->n; ++j) S->a[j] = S->held[j] ? 0 : x[j] / S->diag[j];
    ++S->products;
    if (S->op->apply(S->a, y, S->op->op)) return 1;
    for (i = 0; i < S->m; ++i) y[i] *= S->rowsc[i];
    return 0;
}

/* Its transpose: y <- M D^-1 J^T diag(rowsc) x. */
LA__PRIV int opt__lsqr_apply_t(const la_real *x, la_real *y, void *ctx) {
    opt__lsq *S = (opt__lsq *)ctx;
    la_int i, j;
    for (i = 0; i < S->m; ++i) S->vq[i] = S->rowsc[i] * x[i];
    ++S->products;
    if (S->op->apply_t(S->vq, y, S->op->op)) return 1;
    for (j = 0; j < S->n; ++j) y[j] = S->held[j] ? 0 : y[j] / S->diag[j];
    return 0;
}

/* The operator's J at x: update, the model rows' scaling and residual,
 * and the column norms when the caller gives them (acnorm; otherwise 0). */
LA__PRIV la_status opt__lsqr_update(opt__lsq *S, const la_real *x, int *have_norms) {
    la_int i, j;
    if (S->op->update && S->op->update(x, S->op->update_ctx)) return LA_ERR_ABORTED;
    ++S->nj;
    for (i = 0; i < S->m; ++i) {
        if (S->w || S->loss != OPT_LOSS_LINEAR) {
            opt__lsq_row(S, i, S->r[i], &S->rowsc[i], &S->fs[i]);
        } else {
            S->rowsc[i] = 1;
            S->fs[i] = S->r[i];
        }
    }
    *have_norms = S->op->col_norms != NULL;
    for (j = 0; j < S->n; ++j) S->acnorm[j] = 0;
    if (*have_norms) {
        if (S->op->col_norms(S->acnorm, S->op->op)) return LA_ERR_ABORTED;
        if (!la_vec_isfinite(S->n, S->acnorm)) return LA_ERR_NONFINITE;
    }
    return LA_OK;
}

/* g = J^T fs (model rows) and, with bounds, the held parameters (their g_j
 * and acnorm_j then 0), by one product with J^T. */
LA__PRIV la_status opt__lsqr_gradient_hold(opt__lsq *S, const la_real *x) {
    la_int i, j, n = S->n;
    for (i = 0; i < S->m; ++i) S->vq[i] = S->rowsc[i] * S->fs[i];
    ++S->products;
    if (S->op->apply_t(S->vq, S->g, S->op->op)) return LA_ERR_ABORTED;
    if (!la_vec_isfinite(n, S->g)) return LA_ERR_NONFINITE;
    S->n_active = 0;
    for (j = 0; j < n; ++j) {
        la_real lj = S->lo ? S->lo[j] : -OPT__INF, uj = S->hi ? S->hi[j] : OPT__INF;
        S->held[j] = lj == uj || (x[j] <= lj && S->g[j] > 0) || (x[j] >= uj && S->g[j] < 0);
        if (S->held[j]) {
            S->g[j] = 0;
            S->acnorm[j] = 0;
            ++S->n_active;
        }
    }
    return LA_OK;
}

/* The operator's Jacobian formed column by column into [J fs] (for the
 * covariance): n products with unit vectors. */
LA__PRIV la_status opt__lsqr_form_jacobian(opt__lsq *S, const la_real *x) {
    la_int i, j, n = S->n;
    int have;
    la_status st = opt__lsqr_update(S, x, &have);
    if (st != LA_OK) return st;
    for (j = 0; j < n; ++j) S->xt[j] = 0;
    for (j = 0; j < n; ++j) {
        S->xt[j] = 1;
        ++S->products;
        if (S->op->apply(S->xt, S->t1, S->op->op)) return LA_ERR_ABORTED;
        S->xt[j] = 0;
        for (i = 0; i < S->m; ++i) {
            if (!LA__ISFINITE(S->t1[i])) return LA_ERR_NONFINITE;
            S->J[(size_t)i * (size_t)(n + 1) + (size_t)j] = S->rowsc[i] * S->t1[i];
        }
    }
    for (i = 0; i < S->m; ++i) S->J[(size_t)i * (size_t)(n + 1) + (size_t)n] = S->fs[i];
    for (i = S->m; i < S->mq; ++i)
        for (j = 0; j <= n; ++j) S->J[(size_t)i * (size_t)(n + 1) + (size_t)j] = 0;
    return LA_OK;
}

/* Matrix-free Levenberg-Marquardt: steps from la_lsqr on the damped scaled
 * system, lambda by Nielsen's (1999) gain-ratio rule (lambda *= max(1/3,
 * 1 - (2 rho - 1)^3) after a success, lambda *= nu, nu *= 2 after a
 * failure), MINPACK's stopping tests with the step length ||D p|| in place
 * of the trust radius. */
LA__PRIV opt__lsq_end opt__lsq_lsqr(opt__lsq *S, la_real *x, const opt__lsq_cfg *cfg,
                                    la_real inner_tol) {
    const la_real eps = LA_EPS, noise = 100 * LA_EPS;
    la_int n = S->n, m = S->m, i, j, outer = 0, nonfinite_run = 0;
    la_real fnorm, fnorm1 = 0, lambda = -1, nu = 2, gnorm = 0, g0 = 0, anorm = 0, xnorm;
    la_real actred = 0, prered = 0, ratio = 0, pnorm = 0;
    la_real *wa = S->wa;
    int have_norms = 0;
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
        la_real step_len = 0, g2;
        int accepted = 0;
        if (S->nj >= cfg->max_iter) {
            e.info = -4;
            break;
        }
        st = opt__lsqr_update(S, x, &have_norms);
        if (st == LA_OK) st = opt__lsqr_gradient_hold(S, x);
        if (st != LA_OK) {
            e.status = st;
            e.info = opt__lsq_fail_info(st);
            break;
        }
        e.jac_current = 1;
        if (outer++ == 0) opt__lsq_init_diag(S, cfg);
        if (cfg->scaling == OPT_SCALE_JACOBIAN)
            for (j = 0; j < n; ++j) S->diag[j] = LA__MAX(S->diag[j], S->acnorm[j]);
        e.gmax = opt__norm_inf(n, S->g);
        {
            /* g2 = ||D^-1 g||, scaled by its largest entry (its square may
             * overflow where the norm does not) */
            la_real gmax = 0;
            for (j = 0; j < n; ++j) gmax = LA__MAX(gmax, LA_FABS(S->g[j] / S->diag[j]));
            for (j = 0, g2 = 0; gmax > 0 && j < n; ++j) {
                la_real t = S->g[j] / S->diag[j] / gmax;
                g2 += t * t;
            }
            g2 = gmax * LA_SQRT(g2);
        }
        if (outer == 1) g0 = g2;
        /* MINPACK's cosine measure with the column norms, else ||g|| / (||J|| ||f||) */
        gnorm = 0;
        if (fnorm > 0) {
            if (have_norms) {
                for (j = 0; j < n; ++j)
                    if (S->acnorm[j] > 0) gnorm = LA__MAX(gnorm, LA_FABS(S->g[j] / fnorm) / S->acnorm[j]);
            } else {
                gnorm = anorm > 0 ? la_nrm2(n, S->g, 1) / (anorm * fnorm) : LA_REAL_MAX;
                if (la_nrm2(n, S->g, 1) == 0) gnorm = 0;
            }
        }
        if (outer == 1 && opt__lsq_progress(S, cfg, 0, x, fnorm, e.gmax, 0, 0, 0)) {
            e.info = -1;
            e.status = LA_ERR_ABORTED;
            break;
        }
        if (gnorm <= cfg->gtol || gnorm <= eps) {
            e.info = gnorm <= cfg->gtol ? 4 : 8;
            e.measure = gnorm;
            e.threshold = e.info == 4 ? cfg->gtol : eps;
            break;
        }
        if (lambda < 0) { /* Nielsen's start: 1e-3 max_j (J^T J)_jj in the scaled variables */
            la_real big = 0;
            if (have_norms)
                for (j = 0; j < n; ++j) big = LA__MAX(big, (S->acnorm[j] / S->diag[j]) * (S->acnorm[j] / S->diag[j]));
            else
                big = (g2 / fnorm) * (g2 / fnorm); /* ||J D^-1||^2 >= this */
            lambda = (la_real)1e-3 * (big > 0 ? big : 1);
        }
        while (!accepted) {
            la_iter_opts io;
            la_iter_info info;
            la_real uu = 0, vu = 0, finite_ok;
            memset(&io, 0, sizeof io);
            io.tol = inner_tol > 0 ? inner_tol : LA__MAX(10 * eps, LA__MIN((la_real)0.1, g0 > 0 ? g2 / g0 : 1));
            for (i = 0; i < m; ++i) S->t1[i] = -S->fs[i];
            st = la_lsqr(m, n, opt__lsqr_apply, opt__lsqr_apply_t, S, S->t1, LA_SQRT(lambda), S->v, &io,
                         &info, S->arena);
            if (st == LA_ERR_ABORTED || st == LA_ERR_NONFINITE || st == LA_ERR_NOMEM || st == LA_ERR_ARG) {
                e.status = st;
                e.info = opt__lsq_fail_info(st);
                goto done;
            }
            if (info.anorm > 0) anorm = info.anorm;
            for (j = 0; j < n; ++j) S->p[j] = S->held[j] ? 0 : S->v[j] / S->diag[j];
            opt__lsq_project(S, x, S->p, S->xt);
            pnorm = opt__lsq_dnorm(n, S->diag, S->p, wa);
            /* predicted reduction of the model: -(2 f^T J s + ||J s||^2) / ||f||^2 */
            ++S->products;
            if (S->op->apply(S->p, S->t2, S->op->op)) {
                e.status = LA_ERR_ABORTED;
                e.info = -1;
                goto done;
            }
            for (i = 0; i < m; ++i) {
                la_real u = S->rowsc[i] * S->t2[i] / fnorm;
                uu += u * u;
                vu += (S->fs[i] / fnorm) * u;
            }
            prered = -(2 * vu + uu);
            st = opt__lsq_residual(S, S->xt, S->rt, &fnorm1);
            if (st == LA_ERR_ABORTED) {
                e.status = st;
                e.info = -1;
                goto done;
            }
            finite_ok = st == LA_OK;
            nonfinite_run = finite_ok ? 0 : nonfinite_run + 1;
            actred = -1;
            if (finite_ok && (la_real)0.1 * fnorm1 < fnorm) actred = 1 - (fnorm1 / fnorm) * (fnorm1 / fnorm);
            ratio = prered > 0 ? actred / prered : 0;
            if (ratio < (la_real)1e-4 && finite_ok && prered <= noise && actred >= -noise)
                ratio = (la_real)1e-4; /* both changes at rounding level: accept */
            xnorm = opt__lsq_dnorm(n, S->diag, x, wa);
            if (ratio >= (la_real)1e-4) {
                la_real *tr = S->r, t = 2 * ratio - 1;
                step_len = opt__norm_inf(n, S->p);
                for (j = 0; j < n; ++j) x[j] = S->xt[j];
                S->r = S->rt;
                S->rt = tr;
                fnorm = fnorm1;
                xnorm = opt__lsq_dnorm(n, S->diag, x, wa);
                lambda *= LA__MAX((la_real)1 / 3, 1 - t * t * t);
                nu = 2;
                accepted = 1;
                e.jac_current = 0;
            } else {
                lambda *= nu;
                nu *= 2;
            }
            if (LA_FABS(actred) <= cfg->ftol && prered <= cfg->ftol && (la_real)0.5 * ratio <= 1) {
                e.info = 1;
                e.measure = LA__MAX(LA_FABS(actred), prered);
                e.threshold = cfg->ftol;
            }
            if (cfg->xtol >= 0 && pnorm <= cfg->xtol * xnorm) {
                e.info = e.info == 1 ? 3 : 2;
                if (e.info == 2) {
                    e.measure = xnorm > 0 ? pnorm / xnorm : 0;
                    e.threshold = cfg->xtol;
                }
            }
            if (e.info && !finite_ok) e.info = -2;
            if (e.info) goto done;
            if (S->nf >= cfg->max_evals) {
                e.info = 5;
                e.measure = (la_real)S->nf;
                e.threshold = (la_real)cfg->max_evals;
            } else if (LA_FABS(actred) <= eps && prered <= eps && (la_real)0.5 * ratio <= 1) {
                e.info = 6;
                e.measure = LA__MAX(LA_FABS(actred), prered);
                e.threshold = eps;
            } else if (pnorm <= eps * xnorm) {
                e.info = 7;
                e.measure = xnorm > 0 ? pnorm / xnorm : 0;
                e.threshold = eps;
            }
            if (nonfinite_run >= 20 || (e.info >= 6 && !finite_ok)) e.info = -2;
            if (e.info) goto done;
        }
        if (opt__lsq_iteration_done(S, cfg, outer, x, fnorm, step_len, 1, 0, &e)) break;
    }
done:
    return opt__lsq_finish(e, S, cfg, fnorm);
}

/* Scratch of the QR calls of a solve (opt__lsq_factor, opt__lsq_qt); they
 * run one at a time, so the largest. */
LA__PRIV size_t opt__qr_ws_bytes(la_int mq, la_int n) {
    size_t b[4], mx = 0;
    int i;
    b[0] = la_qr_ws_bytes(mq, n + 1);
    b[1] = la_qr_apply_ws_bytes(LA_LEFT, mq, LA__MIN(mq, n), mq, 1);
    b[2] = la_qr_pivoted_ws_bytes(n, n);
    b[3] = la_qr_r_ws_bytes(n);
    for (i = 0; i < 4; ++i)
        if (b[i] > mx) mx = b[i];
    return mx;
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
    size_t jn = S->dense || S->want_j ? mq * (n + 1) : 0, nn = S->dense || S->want_j ? n * n : 0;
    S->J = opt__take_reals(sc, jn, &b);
    S->r = opt__take_reals(sc, m, &b);
    S->rt = opt__take_reals(sc, m, &b);
    S->rowsc = opt__take_reals(sc, m, &b);
    S->t1 = opt__take_reals(sc, m, &b);
    S->t2 = opt__take_reals(sc, m, &b);
    S->fs = opt__take_reals(sc, mq, &b);
    S->qtf = opt__take_reals(sc, n, &b);
    S->qv = opt__take_reals(sc, n, &b);
    S->tau1 = opt__take_reals(sc, n + 1, &b);
    S->R1 = opt__take_reals(sc, S->dense ? n * n : 0, &b);
    S->vq = opt__take_reals(sc, mq, &b);
    S->R = opt__take_reals(sc, nn, &b);
    S->tau = opt__take_reals(sc, n, &b);
    S->acnorm = opt__take_reals(sc, n, &b);
    S->g = opt__take_reals(sc, n, &b);
    S->diag = opt__take_reals(sc, n, &b);
    S->xt = opt__take_reals(sc, n, &b);
    S->p = opt__take_reals(sc, n, &b);
    S->v = opt__take_reals(sc, n, &b);
    S->a = opt__take_reals(sc, n, &b);
    S->sdiag = opt__take_reals(sc, n, &b);
    S->xj = opt__take_reals(sc, n, &b);
    S->wa = opt__take_reals(sc, 6 * n, &b);
    S->perm = opt__take_ints(sc, n, &b);
    S->held = opt__take_ints(sc, n, &b);
    return b;
}

/* Scratch of the linear-algebra calls of a solve: the QR routines, or
 * la_lsqr's. */
LA__PRIV size_t opt__lsq_inner_ws(const opt__lsq *S) {
    if (S->dense) return opt__qr_ws_bytes(S->mq, S->n);
    /* la_lsqr's scratch: two m-vectors and three n-vectors */
    return 2 * la_ws_reals((size_t)S->m) + 3 * la_ws_reals((size_t)S->n) + LA_ARENA_ALIGN;
}

OPT_API size_t opt_lsq_ws_bytes(la_int m, la_int n, const opt_lsq_options *lo) {
    opt__lsq S;
    if (m < 1 || n < 1) return 0;
    memset(&S, 0, sizeof S);
    S.m = m;
    S.n = n;
    S.mq = LA__MAX(m, n);
    S.dense = !lo || lo->method != OPT_LSQ_LM_LSQR;
    return opt__lsq_layout(&S, NULL) + opt__lsq_inner_ws(&S) + LA_ARENA_ALIGN;
}

OPT_API size_t opt_lsq_covariance_ws_bytes(la_int m, la_int n) {
    if (m < 0 || n < 1) return 0;
    return 2 * la_ws_reals((size_t)n) + la_ws_reals((size_t)n * (size_t)n) + la_ws_ints((size_t)n) +
           la_qr_pivoted_ws_bytes(m, n) + LA_ARENA_ALIGN;
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
    if (o && (o->ftol != o->ftol || o->xtol != o->xtol || o->gtol != o->gtol || o->max_iter < 0 ||
              o->max_evals < 0))
        return LA_ERR_ARG;
    /* unsigned comparisons: valid also where enums are short (arm-none-eabi) */
    if ((unsigned)L->method > (unsigned)OPT_LSQ_LM_LSQR ||
        (unsigned)L->jacobian > (unsigned)OPT_JAC_CENTRAL ||
        (unsigned)L->loss > (unsigned)OPT_LOSS_ARCTAN ||
        (unsigned)L->scaling > (unsigned)OPT_SCALE_USER)
        return LA_ERR_ARG;
    if (!(L->fd_step >= 0) || !(L->step_bound >= 0) || !(L->geodesic_alpha >= 0) ||
        !(L->loss_scale >= 0) || !(L->rank_tol >= 0) || !(L->inner_tol >= 0))
        return LA_ERR_ARG;
    if (L->method == OPT_LSQ_LM_LSQR &&
        (!L->jac_op || !L->jac_op->apply || !L->jac_op->apply_t || L->jacobian != OPT_JAC_ANALYTIC))
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
    case -5: res->reason = OPT_REASON_MAX_TIME; break;
    case -1: res->reason = OPT_REASON_CALLBACK; break;
    case -2: res->reason = OPT_REASON_NONFINITE; break;
    case -3: res->reason = OPT_REASON_LINESEARCH; break;
    default: res->reason = OPT_REASON_ERROR; break;
    }
    if (e->info >= 1 && e->info <= 8 && e->info != 5)
        res->status = LA_OK;
    else if (e->info == 5 || e->info == -4 || e->info == -5)
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
    la_status st = S->dense ? opt__lsq_jacobian(S, x) : opt__lsqr_form_jacobian(S, x);
    if (st != LA_OK) return st;
    opt__lsq_hold(S, x);
    for (j = 0; j < n; ++j) S->perm[j] = -1;
    for (j = 0; j < n; ++j)
        if (!S->held[j]) S->perm[j] = nfree++;
    for (i = 0; i < m; ++i) /* compact the free columns in place */
        for (j = 0; j < n; ++j)
            if (S->perm[j] >= 0)
                S->J[(size_t)i * (size_t)nfree + (size_t)S->perm[j]] =
                    S->J[(size_t)i * (size_t)S->ldj + (size_t)j];
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
        rep->products = 0;
    }
    if (lo)
        L = *lo;
    else
        memset(&L, 0, sizeof L);
    if (o && !L.lower && !L.upper) { /* the bounds of opt_options otherwise */
        L.lower = o->lower;
        L.upper = o->upper;
    }
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
    S.op = L.jac_op;
    S.dense = L.method != OPT_LSQ_LM_LSQR;
    S.want_j = !S.dense && want_cov;
    S.keep_q = L.geodesic && L.method == OPT_LSQ_LM;
    S.ldj = S.dense && !S.keep_q ? n : n + 1;
    fd_default = L.jacobian == OPT_JAC_CENTRAL ? LA_POW(LA_EPS, (la_real)1 / 3) : LA_SQRT(LA_EPS);
    S.fd_step = L.fd_step > 0 ? L.fd_step : fd_default;
    memset(&cfg, 0, sizeof cfg);
    cfg.ftol = o && o->ftol != 0 ? o->ftol : LA_SQRT(LA_EPS);
    cfg.xtol = o && o->xtol != 0 ? o->xtol : LA_SQRT(LA_EPS);
    cfg.gtol = o ? o->gtol : 0;
    cfg.max_time = o && o->max_time > 0 ? o->max_time : 0;
    cfg.t0 = cfg.max_time > 0 ? OPT_CLOCK() : 0.0;
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
    bytes = opt__lsq_layout(&S, NULL) + opt__lsq_inner_ws(&S) +
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
    if (cfg.method == OPT_LSQ_GAUSS_NEWTON)
        e = opt__lsq_gauss_newton(&S, x, &cfg);
    else if (cfg.method == OPT_LSQ_LM_LSQR)
        e = opt__lsq_lsqr(&S, x, &cfg, L.inner_tol);
    else
        e = opt__lsq_trust(&S, x, &cfg);
    opt__lsq_outcome(&e, &res);
    res.f = (la_real)0.5 * e.fnorm * e.fnorm;
    res.grad_norm = e.gmax;
    if (!e.jac_current && S.nj > 0 && !S.dense &&
        (res.status == LA_OK || res.status == LA_ERR_NO_CONVERGENCE)) {
        /* gradient at x with the last Jacobian: J^T (rho' W r(x)), one product */
        la_int i;
        for (i = 0; i < m; ++i) {
            la_real rs, fsi, d1 = opt__lsq_row(&S, i, S.r[i], &rs, &fsi);
            S.vq[i] = d1 * (S.w ? S.w[i] : 1) * S.r[i];
        }
        ++S.products;
        if (S.op->apply_t(S.vq, S.g, S.op->op) == 0) {
            for (j = 0; j < n; ++j)
                if (S.held[j]) S.g[j] = 0;
            res.grad_norm = opt__norm_inf(n, S.g);
        }
    } else if (!e.jac_current && S.nj > 0 &&
               (res.status == LA_OK || res.status == LA_ERR_NO_CONVERGENCE)) {
        /* the gradient of the Gauss-Newton model at x: J^T (f + J s) with J
         * and f from the last Jacobian's point x_J, s = x - x_J; from the
         * factors, P R^T (Q^T f + R P^T s) */
        la_int i, j;
        for (i = 0; i < n; ++i) {
            la_real sum = S.qtf[i];
            for (j = i; j < n; ++j) sum += S.R[i * n + j] * (x[S.perm[j]] - S.xj[S.perm[j]]);
            S.qv[i] = sum;
        }
        opt__lsq_gradient(&S, S.qv, e.fnorm, S.g, &res.grad_norm);
    }
    res.iterations = S.nj;
    res.f_evals = S.nf;
    res.g_evals = S.nj;
    if (rep) rep->products = S.products;
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
                rep->products = S.products;
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

OPT_API la_status opt_fd_jacobian(opt_residual_fn f, void *ctx, la_int m, la_int n,
                                  const la_real *x, const la_real *r, opt_jac_mode mode,
                                  la_real step, la_mat J, la_arena *ws) {
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

OPT_API la_status opt_check_jacobian(opt_residual_fn f, void *ctx, la_int m, la_int n,
                                     const la_real *x, la_real tol, la_real *col_err,
                                     opt_check_jacobian_report *rep, la_arena *ws) {
    la__scratch sc;
    la_real *Ja, *r0, *t1, *t2, *d1, *d2, *xh, hstep = LA_POW(LA_EPS, (la_real)1 / 3);
    la_int i, j, nf = 0;
    la_status st;
    opt_check_jacobian_report out;
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

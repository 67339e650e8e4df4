/* test_opt_paths.c - opt.h sections 1-6 on paths the other optimizer tests
 * leave out: the printed progress line, a callback that stops at iteration
 * 0, non-finite inputs of the difference routines, the user's c1 of the
 * line searches, a line search that runs out of the evaluation budget, the
 * More-Thuente auxiliary function and its bracketed extrapolation, the
 * Hager-Zhang bisection and step limit, the nonmonotone gradient descent
 * keeping its best point, the conjugate-gradient restart on zero curvature,
 * Powell's damped BFGS update, non-finite Hessian-vector products, the
 * trivial subproblems, the More-Sorensen iteration at working precision and
 * solvers started at an exact stationary point. References are closed forms
 * (minimizers, the line-search conditions evaluated here in long double). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"
#include "opttest.h"

static opt_options op_opts(void) {
    opt_options o;
    memset(&o, 0, sizeof o);
    return o;
}

/* ---- opt_print_progress: one line per report, read back from a file ---- */

TEST(opt_paths_print_progress_writes_one_line_per_report) {
    FILE *fp = tmpfile();
    char line[256];
    opt_progress p;
    la_real x[2] = {1, 2}, xq[2] = {3, -1}, A[4] = {2, 0, 0, 4}, b[2] = {2, 4};
    ot_quad q;
    opt_options o = op_opts();
    opt_result r;
    int lines = 0;
    CHECK(fp != NULL);
    if (!fp) return;
    memset(&p, 0, sizeof p);
    p.iteration = 3;
    p.n = 2;
    p.x = x;
    p.f = (la_real)1.5;
    p.grad_norm = (la_real)0.25;
    p.step = (la_real)0.125;
    p.f_evals = 7;
    CHECK_INT(opt_print_progress(&p, fp), 0);
    rewind(fp);
    CHECK(fgets(line, sizeof line, fp) != NULL);
    /* iteration, f to 11 digits, |g|, step, evaluations (values exact in
     * binary, so the digits are too) */
    CHECK(strcmp(line, "iter     3  f +1.5000000000e+00  |g| 2.500e-01  step 1.250e-01  evals 7\n") ==
          0);
    CHECK(fgets(line, sizeof line, fp) == NULL);
    fclose(fp);
    /* as a solver's callback: iteration 0 and one line per iteration */
    fp = tmpfile();
    CHECK(fp != NULL);
    if (!fp) return;
    q.n = 2;
    q.A = A;
    q.b = b;
    o.callback = opt_print_progress;
    o.callback_ctx = fp;
    o.gtol = (la_real)(100 * TU_EPS);
    r = opt_lbfgs(ot_quad_fn, &q, 2, xq, &o, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK_NEAR(xq[0], 1, 100 * TU_EPS); /* |x - x*| <= ||g|| / 2 */
    CHECK_NEAR(xq[1], 1, 100 * TU_EPS);
    rewind(fp);
    while (fgets(line, sizeof line, fp)) {
        long it = -1;
        CHECK(sscanf(line, "iter %ld", &it) == 1 && it == lines);
        ++lines;
    }
    CHECK_INT(lines, r.iterations + 1);
    fclose(fp);
}

/* ---- a callback that stops at iteration 0 ---- */

static int op_stop_now(const opt_progress *p, void *c) {
    int *calls = (int *)c;
    ++*calls;
    CHECK_INT(p->iteration, 0);
    return 1;
}

TEST(opt_paths_callback_stopping_at_iteration_zero_aborts_every_solver) {
    int m;
    for (m = 0; m < OT_METHOD_COUNT; ++m) {
        la_real x[2] = {-1.2f, 1};
        opt_options o = op_opts();
        opt_result r;
        int calls = 0;
        o.callback = op_stop_now;
        o.callback_ctx = &calls;
        r = ot_run(m, ot_rosen, NULL, NULL, NULL, 2, x, &o, NULL);
        /* LA_ERR_ABORTED, x still the start and f its value */
        CHECK_STATUS(r.status, LA_ERR_ABORTED);
        CHECK_INT(r.reason, OPT_REASON_CALLBACK);
        CHECK_INT(r.iterations, 0);
        CHECK_INT(calls, 1);
        CHECK(x[0] == (la_real)-1.2f && x[1] == 1);
        CHECK(r.f == ot_rosen(x, NULL, NULL));
    }
}

/* ---- the difference routines on non-finite values and a zero direction ---- */

/* f = x0^2 + 3 x1^2, NaN where x0 > *ctx. */
static la_real op_nan_right(const la_real *x, la_real *g, void *c) {
    la_real lim = *(const la_real *)c;
    if (x[0] > lim) return (la_real)NAN;
    if (g) {
        g[0] = 2 * x[0];
        g[1] = 6 * x[1];
    }
    return x[0] * x[0] + 3 * x[1] * x[1];
}

TEST(opt_paths_differences_report_nonfinite_and_zero_direction) {
    la_real x[2] = {1, 2}, g[2], v0[2] = {0, 0}, hv[2] = {5, 5}, lim = 10, err = -1;
    la_real bad[2] = {1, (la_real)INFINITY}, gnan[2] = {(la_real)NAN, 0};
    la_int worst = 7;
    op_nan_right(x, g, &lim);
    /* a zero direction: the product is exactly 0 */
    CHECK_STATUS(opt_fd_hessvec(op_nan_right, &lim, 2, x, g, v0, hv, NULL), LA_OK);
    CHECK(hv[0] == 0 && hv[1] == 0);
    /* NaN or Inf in x, g or v */
    CHECK_STATUS(opt_fd_hessvec(op_nan_right, &lim, 2, bad, g, g, hv, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(opt_fd_hessvec(op_nan_right, &lim, 2, x, gnan, g, hv, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(opt_fd_hessvec(op_nan_right, &lim, 2, x, g, bad, hv, NULL), LA_ERR_NONFINITE);
    /* f NaN at x: forward differences and the gradient check fail */
    lim = 0;
    CHECK_STATUS(opt_fd_gradient(op_nan_right, &lim, 2, x, 0, g, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(opt_check_gradient(op_nan_right, &lim, 2, x, &err, &worst, NULL),
                 LA_ERR_NONFINITE);
    /* f finite at x but NaN at the probe x0 + h: both difference kinds fail */
    lim = 1;
    CHECK_STATUS(opt_fd_gradient(op_nan_right, &lim, 2, x, 0, g, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(opt_fd_gradient(op_nan_right, &lim, 2, x, 1, g, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(opt_check_gradient(op_nan_right, &lim, 2, x, &err, &worst, NULL),
                 LA_ERR_NONFINITE);
    /* with room on both sides the same calls succeed and agree with 2 x0 */
    lim = 10;
    CHECK_STATUS(opt_fd_gradient(op_nan_right, &lim, 2, x, 1, g, NULL), LA_OK);
    CHECK_NEAR(g[0], 2, 1e2 * pow(TU_EPS, 2.0 / 3.0));
    CHECK_NEAR(g[1], 12, 1e3 * pow(TU_EPS, 2.0 / 3.0));
    CHECK_STATUS(opt_check_gradient(op_nan_right, &lim, 2, x, &err, &worst, NULL), LA_OK);
    CHECK_LE(err, 1e2 * pow(TU_EPS, 2.0 / 3.0));
}

/* ---- line searches ---- */

/* phi along x: f(x) = x^2 / 2 - x (minimum -1/2 at 1), f'(0) = -1. */
static la_real op_quad1(const la_real *x, la_real *g, void *c) {
    (void)c;
    if (g) g[0] = x[0] - 1;
    return x[0] * x[0] / 2 - x[0];
}

TEST(opt_paths_backtracking_uses_the_callers_c1) {
    la_real x = 0, g = -1, d = 1, a = 1, xo, fo, go;
    opt_options o = op_opts();
    la_int ev = 0;
    la_status st;
    /* c1 = 0.9: Armijo phi(a) <= -0.9 a holds exactly for a <= 0.2; the
     * default 1e-4 would accept the first trial a = 1 */
    o.ls_c1 = (la_real)0.9;
    st = opt_line_search(OPT_LS_BACKTRACKING, op_quad1, NULL, 1, &x, 0, &g, &d, &a, 0, &xo, &fo,
                         &go, &o, &ev);
    CHECK_STATUS(st, LA_OK);
    CHECK(a > 0 && a <= (la_real)0.2);
    CHECK_LE(fo, -0.9 * a);
    CHECK(xo == a && go == a - 1 && fo == op_quad1(&xo, NULL, NULL));
    CHECK(ev >= 3); /* a = 1 and 0.5 are rejected */
}

TEST(opt_paths_line_search_out_of_budget_returns_a_lower_trial) {
    la_real x = 0, g = -1, d = 1, a = 1, xo = 9, fo = 9, go = 9, fx;
    opt_options o = op_opts();
    la_int ev = 0;
    la_status st;
    /* c1 = 0.9 rejects a = 1 (phi = -0.5) and a = 0.5 (phi = -0.375);
     * max_evals = 2 leaves no evaluation to return to the best trial a = 1
     * (its gradient was overwritten), so the search ends on the last trial,
     * which lowered f too */
    o.ls_c1 = (la_real)0.9;
    o.max_evals = 2;
    st = opt_line_search(OPT_LS_BACKTRACKING, op_quad1, NULL, 1, &x, 0, &g, &d, &a, 0, &xo, &fo,
                         &go, &o, &ev);
    CHECK_STATUS(st, LA_ERR_LINESEARCH);
    CHECK_INT(ev, 2);
    CHECK(a > 0); /* a point below f(x) is returned ... */
    CHECK(fo < 0);
    /* ... consistently: x_out = x + a d with its value and gradient */
    CHECK(xo == a);
    fx = op_quad1(&xo, NULL, NULL);
    CHECK(fo == fx && go == xo - 1);
}

TEST(opt_paths_more_thuente_auxiliary_function_phase) {
    la_real x = 0, g = -1, d = 1, a = 1, xo, fo, go;
    opt_options o = op_opts();
    la_status st;
    /* c1 = 0.9: the first trial a = 1 lowers f (-0.5) without sufficient
     * decrease (-0.9), the case of the auxiliary function psi. Strong Wolfe
     * with c1 = c2 = 0.9 holds exactly on [0.1, 0.2] */
    o.ls_c1 = (la_real)0.9;
    st = opt_line_search(OPT_LS_MORE_THUENTE, op_quad1, NULL, 1, &x, 0, &g, &d, &a, 0, &xo, &fo, &go,
                         &o, NULL);
    CHECK_STATUS(st, LA_OK);
    CHECK(a >= (la_real)0.1 && a <= (la_real)0.2);
    CHECK_LE(fo, -0.9 * a);
    CHECK_LE(fabs(go), 0.9);
}

/* phi(t) = -t - 3 t^2 + 1.75 t^3 - 0.25 t^4: phi'(t) = -(t - 2)(t^2 - 3.25 t
 * - 0.5), a local minimizer at t = 2 (phi''(2) = 3). */
static la_real op_quartic(const la_real *x, la_real *g, void *c) {
    long double t = x[0];
    (void)c;
    if (g) g[0] = (la_real)(-1 - 6 * t + 5.25L * t * t - t * t * t);
    return (la_real)(-t - 3 * t * t + 1.75L * t * t * t - 0.25L * t * t * t * t);
}

TEST(opt_paths_more_thuente_bracketed_extrapolation) {
    la_real x = 0, g = -1, d = 1, a = 2.75f, xo, fo, go;
    opt_options o = op_opts();
    long double t, ft, dt;
    la_int ev = 0;
    la_status st;
    /* from 2.75 the search brackets the minimizer at 2 from above and takes
     * the bracketed step of the paper's case 3 */
    o.ls_c2 = (la_real)0.1;
    st = opt_line_search(OPT_LS_MORE_THUENTE, op_quartic, NULL, 1, &x, 0, &g, &d, &a, 0, &xo, &fo, &go,
                         &o, &ev);
    CHECK_STATUS(st, LA_OK);
    /* the strong Wolfe conditions, evaluated here in long double */
    t = a;
    ft = -t - 3 * t * t + 1.75L * t * t * t - 0.25L * t * t * t * t;
    dt = -1 - 6 * t + 5.25L * t * t - t * t * t;
    CHECK_LE(ft, 1e-4 * -a);
    CHECK_LE(fabsl(dt), 0.1 + 10 * TU_EPS);
    /* |phi'| <= 0.1 near t = 2 confines t to 2 +- 0.1 / 3 (phi'' = 3) */
    CHECK_NEAR(a, 2, 0.04);
    CHECK(xo == a && fo == op_quartic(&xo, NULL, NULL));
    /* the path: 2.75, then steps inside the bracket; the case-3 step, kept
     * within 0.66 of the way from the last trial toward the bracket's other
     * end, is accepted at the fourth evaluation (a wrong safeguard needs a
     * fifth) */
    CHECK_INT(ev, 4);
}

/* phi(t) = -t + 5 exp(-100 (t - 0.9)^2): descent up to a local minimizer
 * near t = 0.665, then a steep hump at 0.9 (phi(1) > 0 with phi'(1) < 0). */
static la_real op_hump(const la_real *x, la_real *g, void *c) {
    double t = x[0], e = 5 * exp(-100 * (t - 0.9) * (t - 0.9));
    (void)c;
    if (g) g[0] = (la_real)(-1 - 200 * (t - 0.9) * e);
    return (la_real)(-t + e);
}

/* phi(t) = -t: no step satisfies the curvature condition. */
static la_real op_linear(const la_real *x, la_real *g, void *c) {
    (void)c;
    if (g) g[0] = -1;
    return -x[0];
}

TEST(opt_paths_hager_zhang_bisection_and_step_limit) {
    la_real x = 0, g = -1, d = 1, a = 1, xo, fo, go, f0;
    la_int ev = 0;
    double t, ft, dt;
    la_status st;
    /* the trial a = 1 lands past the hump (phi > phi(0) + eps_k, phi' < 0):
     * bisection of [0, 1], whose midpoint 0.5 (phi' = -1, below phi(0))
     * becomes the new left end */
    f0 = op_hump(&x, &g, NULL);
    st = opt_line_search(OPT_LS_HAGER_ZHANG, op_hump, NULL, 1, &x, f0, &g, &d, &a, 0, &xo, &fo, &go,
                         NULL, &ev);
    CHECK_STATUS(st, LA_OK);
    /* the Wolfe conditions of the header (delta 0.1, sigma 0.9), or the
     * approximate ones, evaluated here in double */
    t = a;
    ft = -t + 5 * exp(-100 * (t - 0.9) * (t - 0.9));
    dt = -1 - 200 * (t - 0.9) * 5 * exp(-100 * (t - 0.9) * (t - 0.9));
    CHECK(dt >= 0.9 * g - 10 * TU_EPS);
    CHECK((ft - f0 <= 0.1 * t * g + 10 * TU_EPS) ||
          (-0.8 * g >= dt && ft <= f0 + 1e-6 * fabs((double)f0)));
    CHECK(a > 0.5 && a < 0.9); /* the basin before the hump */
    CHECK(xo == a && fo == op_hump(&xo, NULL, NULL));
    /* a linear phi with alpha_max = 2: expansion 1 -> 5 is cut to the limit,
     * then the limit itself fails: LA_ERR_LINESEARCH at the lowest trial,
     * alpha = alpha_max, never beyond */
    a = 1;
    st = opt_line_search(OPT_LS_HAGER_ZHANG, op_linear, NULL, 1, &x, 0, &g, &d, &a, 2, &xo, &fo, &go,
                         NULL, &ev);
    CHECK_STATUS(st, LA_ERR_LINESEARCH);
    CHECK_INT(ev, 2);
    CHECK(a == 2 && xo == 2 && fo == -2 && go == -1);
}

/* ---- gradient descent keeps the best point of its nonmonotone steps ---- */

typedef struct {
    int count;
    double f[400];
} op_ftrace;

static int op_record_f(const opt_progress *p, void *c) {
    op_ftrace *t = (op_ftrace *)c;
    if (t->count < 400) t->f[t->count++] = p->f;
    return 0;
}

TEST(opt_paths_gradient_descent_returns_its_best_point_at_a_limit) {
    la_real x[2] = {-1.2f, 1};
    opt_options o = op_opts();
    op_ftrace tr;
    opt_result r;
    double best = 0;
    int k, j, stop = -1;
    /* Barzilai-Borwein steps on Rosenbrock rise above the best value for two
     * iterations in a row (the nonmonotone search accepts them); find the
     * first such iteration from a recorded run */
    tr.count = 0;
    o.callback = op_record_f;
    o.callback_ctx = &tr;
    o.max_iter = 300;
    r = opt_gd(ot_rosen, NULL, 2, x, &o, NULL);
    for (k = 2; k < tr.count && stop < 0; ++k) {
        double m = tr.f[0];
        for (j = 1; j < k - 1; ++j) m = fmin(m, tr.f[j]);
        if (tr.f[k - 1] >= m && tr.f[k] >= m) stop = k;
    }
    CHECK(stop > 0);
    if (stop < 0) return;
    best = tr.f[0];
    for (j = 1; j <= stop; ++j) best = fmin(best, tr.f[j]);
    /* stopped there by max_iter: LA_ERR_NO_CONVERGENCE with x the best point
     * found (section 3's promise), r.f its value */
    x[0] = -1.2f;
    x[1] = 1;
    tr.count = 0;
    o.max_iter = stop;
    r = opt_gd(ot_rosen, NULL, 2, x, &o, NULL);
    CHECK_STATUS(r.status, LA_ERR_NO_CONVERGENCE);
    CHECK_INT(r.reason, OPT_REASON_MAX_ITER);
    CHECK_INT(r.iterations, stop);
    CHECK(r.f == ot_rosen(x, NULL, NULL));
    /* the parked best point is kept when a second step in a row does not
     * improve on it (it was once dropped: x and r.f were the last
     * iterate's, above the best value seen) */
    CHECK(r.f == best);
    CHECK(r.f >= best);
}

/* ---- nonlinear CG restarts where the gradient does not change ---- */

#define OP_HN 8
static const double op_hc[OP_HN] = {1, -2, 0.5, 3, -1, 2, 0, -3};

/* sum_i huber(x_i - c_i), huber(u) = u^2 / 2 (|u| <= 1), |u| - 1/2 beyond:
 * a piecewise constant gradient far from the minimizer c. */
static la_real op_huber(const la_real *x, la_real *g, void *ctx) {
    double f = 0;
    int i;
    (void)ctx;
    for (i = 0; i < OP_HN; ++i) {
        double u = x[i] - op_hc[i];
        if (fabs(u) <= 1) {
            f += u * u / 2;
            if (g) g[i] = (la_real)u;
        } else {
            f += fabs(u) - 0.5;
            if (g) g[i] = u > 0 ? 1 : -1;
        }
    }
    return (la_real)f;
}

typedef struct {
    int count;
    double x[100][OP_HN], g[100][OP_HN];
} op_iterates;

static int op_record_iterates(const opt_progress *p, void *c) {
    op_iterates *t = (op_iterates *)c;
    int i;
    if (t->count < 100 && p->grad) {
        for (i = 0; i < OP_HN; ++i) {
            t->x[t->count][i] = p->x[i];
            t->g[t->count][i] = p->grad[i];
        }
        t->count++;
    }
    return 0;
}

/* sin^2 of the angle between s and g. */
static double op_sin2(const double *s, const double *g) {
    double ss = 0, gg = 0, sg = 0;
    int i;
    for (i = 0; i < OP_HN; ++i) {
        ss += s[i] * s[i];
        gg += g[i] * g[i];
        sg += s[i] * g[i];
    }
    return ss > 0 && gg > 0 ? 1 - (sg / ss) * (sg / gg) : 1;
}

TEST(opt_paths_cg_restarts_on_zero_curvature) {
    static const la_real x0[OP_HN] = {-22.5f, 30, -23.5f, 28.5f, 22.5f, 1.5f, -13, -25};
    la_real x[OP_HN];
    opt_options o = op_opts();
    op_iterates tr;
    opt_result r;
    int i, k, checked = 0;
    /* Hager-Zhang CG with backtracking on 8 Huber terms: a step inside the
     * linear pieces leaves g unchanged, y = 0 and d^T y = 0, where beta is
     * undefined: the next direction must be -g. Checked on every such step
     * that follows a conjugate (not steepest-descent) step */
    memcpy(x, x0, sizeof x);
    tr.count = 0;
    o.cg_variant = OPT_CG_HAGER_ZHANG;
    o.linesearch = OPT_LS_BACKTRACKING;
    o.gtol = (la_real)(100 * TU_EPS);
    o.callback = op_record_iterates;
    o.callback_ctx = &tr;
    r = opt_cg(op_huber, NULL, OP_HN, x, &o, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK_INT(r.reason, OPT_REASON_GTOL);
    for (i = 0; i < OP_HN; ++i) CHECK_NEAR(x[i], op_hc[i], 100 * TU_EPS);
    for (k = 2; k + 1 < tr.count; ++k) {
        double s[OP_HN], sp[OP_HN];
        int same = 1;
        for (i = 0; i < OP_HN; ++i) {
            s[i] = tr.x[k + 1][i] - tr.x[k][i];
            sp[i] = tr.x[k][i] - tr.x[k - 1][i];
            if (tr.g[k][i] != tr.g[k - 1][i]) same = 0;
        }
        if (!same || op_sin2(sp, tr.g[k - 1]) < 1e-3) continue;
        ++checked;
        CHECK_LE(op_sin2(s, tr.g[k]), 1e4 * TU_EPS);
    }
    CHECK(checked >= 1);
}

/* ---- Powell's damped BFGS update ---- */

/* f = x^4 / 4 - x^2 / 2 (minima -1/4 at x = +-1, negative curvature for
 * |x| < 1/sqrt(3)); records the points evaluated. */
typedef struct {
    int count;
    double x[64];
} op_points;

static la_real op_double_well(const la_real *x, la_real *g, void *c) {
    op_points *p = (op_points *)c;
    la_real t = x[0];
    if (p->count < 64) p->x[p->count++] = t;
    if (g) g[0] = t * t * t - t;
    return t * t * t * t / 4 - t * t / 2;
}

TEST(opt_paths_bfgs_powell_damping) {
    la_real x[1] = {0.1f}, x1, g1;
    opt_options o = op_opts();
    op_points pts;
    opt_result r;
    double want;
    /* backtracking from x0 = 0.1 with the first step 0.3 / |g0| to x1 ~ 0.4:
     * s^T y < 0 (negative curvature), so the update is damped: r = theta y +
     * (1 - theta) B s with s^T r = 0.2 s^T B s (B s = -alpha g0 = s), which in
     * one dimension makes H = s / r = 5 exactly. The next direction is then
     * -5 g(x1), tried with the step 1 */
    pts.count = 0;
    o.linesearch = OPT_LS_BACKTRACKING;
    o.step = (la_real)(0.3 / 0.099);
    o.gtol = (la_real)(100 * TU_EPS);
    r = opt_bfgs(op_double_well, &pts, 1, x, &o, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK_NEAR(x[0], 1, 100 * TU_EPS); /* f'' = 2 at the minimizer */
    CHECK(pts.count >= 3);
    if (pts.count < 3) return;
    /* evaluations: x0 (start), x1 (accepted at once), then the damped step */
    x1 = (la_real)pts.x[1];
    CHECK_NEAR(x1, 0.4, 1e-3);
    g1 = x1 * x1 * x1 - x1;
    want = (double)x1 - 5.0 * g1;
    CHECK_NEAR(pts.x[2], want, 100 * TU_EPS * fabs(want));
}

/* ---- Hessian-vector products that give NaN ---- */

static int op_nan_hessvec(const la_real *x, const la_real *v, la_real *hv, void *c) {
    (void)x;
    (void)v;
    (void)c;
    hv[0] = 1;
    hv[1] = (la_real)NAN;
    return 0;
}

TEST(opt_paths_nonfinite_hessian_vector_products_stop_the_solver) {
    la_real A[4] = {2, 1, 1, 3}, b[2] = {1, 1};
    ot_quad q;
    int m;
    q.n = 2;
    q.A = A;
    q.b = b;
    for (m = 0; m < 2; ++m) {
        la_real x[2] = {3, -4}, x0[2] = {3, -4};
        opt_result r = m ? opt_trust_region_cg(ot_quad_fn, op_nan_hessvec, &q, 2, x, NULL, NULL)
                         : opt_newton_cg(ot_quad_fn, op_nan_hessvec, &q, 2, x, NULL, NULL);
        /* section 5: a NaN in a Hessian product stops with LA_ERR_NONFINITE;
         * x stays the best point, here the start */
        CHECK_STATUS(r.status, LA_ERR_NONFINITE);
        CHECK_INT(r.reason, OPT_REASON_NONFINITE);
        CHECK(x[0] == x0[0] && x[1] == x0[1]);
        CHECK(r.f == ot_quad_fn(x0, NULL, &q));
        CHECK(r.h_evals >= 1);
    }
}

/* ---- the subproblems: n = 0 and a zero gradient ---- */

TEST(opt_paths_subproblems_empty_and_zero_gradient) {
    la_real H[4] = {2, 0, 0, 5}, g[2] = {0, 0}, s[2] = {7, 7}, lam = 7;
    /* n = 0: LA_OK, lambda 0 */
    CHECK_STATUS(opt_cubic_subproblem(la_mat_of(0, 0, NULL), NULL, 1, NULL, &lam, NULL), LA_OK);
    CHECK(lam == 0);
    lam = 7;
    CHECK_STATUS(opt_trust_subproblem(la_mat_of(0, 0, NULL), NULL, 1, 0, NULL, &lam, NULL), LA_OK);
    CHECK(lam == 0);
    /* g = 0 with H positive definite: the cubic model's minimizer is s = 0,
     * lambda = sigma ||s|| = 0 */
    lam = 7;
    CHECK_STATUS(opt_cubic_subproblem(la_mat_of(2, 2, H), g, 3, s, &lam, NULL), LA_OK);
    CHECK(s[0] == 0 && s[1] == 0 && lam == 0);
}

/* ---- More-Sorensen iterated to working precision ---- */

/* Leading principal minors of the symmetric 3 x 3 H + lam I, long double. */
static int op_posdef3(const la_real *H, long double lam) {
    long double a = H[0] + lam, b = H[1], c = H[2], d = H[4] + lam, e = H[5], f = H[8] + lam;
    long double m2 = a * d - b * b, m3 = a * (d * f - e * e) - b * (b * f - e * c) + c * (b * e - d * c);
    return a > 0 && m2 > 0 && m3 > 0;
}

/* s = -(H + lam I)^{-1} g by Cramer's rule in long double; returns ||s||. */
static long double op_shift_solve3(const la_real *H, const la_real *g, long double lam, long double *s) {
    long double M[9], det, n2 = 0;
    int i, k;
    for (i = 0; i < 9; ++i) M[i] = H[i] + (i % 4 == 0 ? lam : 0);
    det = M[0] * (M[4] * M[8] - M[5] * M[7]) - M[1] * (M[3] * M[8] - M[5] * M[6]) +
          M[2] * (M[3] * M[7] - M[4] * M[6]);
    for (k = 0; k < 3; ++k) {
        long double C[9], dk;
        for (i = 0; i < 9; ++i) C[i] = i % 3 == k ? -(long double)g[i / 3] : M[i];
        dk = C[0] * (C[4] * C[8] - C[5] * C[7]) - C[1] * (C[3] * C[8] - C[5] * C[6]) +
             C[2] * (C[3] * C[7] - C[4] * C[6]);
        s[k] = dk / det;
        n2 += s[k] * s[k];
    }
    return sqrtl(n2);
}

/* g^T s + s^T H s / 2 in long double. */
static long double op_model3(const la_real *H, const la_real *g, const long double *s) {
    long double m = 0;
    int i, j;
    for (i = 0; i < 3; ++i) {
        m += g[i] * s[i];
        for (j = 0; j < 3; ++j) m += s[i] * H[i * 3 + j] * s[j] / 2;
    }
    return m;
}

TEST(opt_paths_more_sorensen_to_working_precision) {
    /* tol = the smallest positive normal: the iteration runs until lambda
     * stops changing or its bracket collapses */
    la_real H[9] = {1.5f, 0, 0.5f, 0, 1.5f, 2, 0.5f, 2, 0}, g[3] = {-1.5f, -1, 0}, s[3], lam = -1;
    la_real Hh[9] = {-1, 0, 0, 0, 2, 0, 0, 0, 3}, gh[3] = {0, 2.5f, -1.75f};
    long double ref[3], sl[3], lo = 0, hi = 100, mstar, sn;
    int i, it;
    CHECK_STATUS(opt_trust_subproblem(la_mat_of(3, 3, H), g, 1.25f, LA_REAL_MIN, s, &lam, NULL), LA_OK);
    /* the reference: lambda* where H + lambda I turns positive definite and
     * ||(H + lambda I)^-1 g|| = delta (More and Sorensen 1983), by bisection
     * in long double (H is indefinite here, so lambda* > 0) */
    for (it = 0; it < 200; ++it) {
        long double mid = (lo + hi) / 2;
        if (!op_posdef3(H, mid) || op_shift_solve3(H, g, mid, ref) > 1.25L)
            lo = mid;
        else
            hi = mid;
    }
    op_shift_solve3(H, g, hi, ref);
    mstar = op_model3(H, g, ref);
    sn = 0;
    for (i = 0; i < 3; ++i) {
        sl[i] = s[i];
        sn += sl[i] * sl[i];
    }
    CHECK_LE(sqrtl(sn), 1.25 * (1 + 10 * TU_EPS));
    CHECK_NEAR(op_model3(H, g, sl), mstar, 100 * TU_EPS * fabsl(mstar));
    CHECK_NEAR(lam, hi, 10 * sqrt(TU_EPS) * hi);
    /* the hard case: H = diag(-1, 2, 3), g orthogonal to e1; the solution is
     * lambda = 1, s = (+-sqrt(delta^2 - s2^2 - s3^2), -2.5/3, 1.75/4) */
    CHECK_STATUS(opt_trust_subproblem(la_mat_of(3, 3, Hh), gh, 1.5f, LA_REAL_MIN, s, &lam, NULL), LA_OK);
    ref[1] = -2.5L / 3;
    ref[2] = 1.75L / 4;
    ref[0] = sqrtl(2.25L - ref[1] * ref[1] - ref[2] * ref[2]);
    mstar = op_model3(Hh, gh, ref);
    sn = 0;
    for (i = 0; i < 3; ++i) {
        sl[i] = s[i];
        sn += sl[i] * sl[i];
    }
    CHECK_LE(sqrtl(sn), 1.5 * (1 + 10 * TU_EPS));
    CHECK_NEAR(op_model3(Hh, gh, sl), mstar, 100 * TU_EPS * fabsl(mstar));
    CHECK_NEAR(lam, 1, 10 * sqrt(TU_EPS));
}

/* ---- solvers started at an exact stationary point with gtol off ---- */

TEST(opt_paths_stationary_start_without_gradient_test) {
    /* f = 1/2 x^T A x - b^T x with its minimizer x* = (1, 1) exact */
    la_real A[4] = {2, 1, 1, 3}, b[2] = {3, 4};
    ot_quad q;
    opt_options o = op_opts();
    int k;
    q.n = 2;
    q.A = A;
    q.b = b;
    o.gtol = -1;
    for (k = 0; k < 3; ++k) {
        la_real x[2] = {1, 1};
        opt_result r;
        o.tr_subproblem = k == 0 ? OPT_TR_MORE_SORENSEN : k == 1 ? OPT_TR_DOGLEG : OPT_TR_STEIHAUG;
        r = opt_trust_region(ot_quad_fn, ot_quad_hess, &q, 2, x, &o, NULL);
        /* g = 0: the model predicts no decrease, so no step is acceptable
         * (LA_ERR_LINESEARCH); x stays the minimizer */
        CHECK_STATUS(r.status, LA_ERR_LINESEARCH);
        CHECK_INT(r.reason, OPT_REASON_LINESEARCH);
        CHECK(x[0] == 1 && x[1] == 1);
        CHECK_INT(r.iterations, 0);
        CHECK(r.f == (la_real)-3.5 && r.grad_norm == 0);
    }
    for (k = 0; k < 3; ++k) {
        la_real x[2] = {1, 1};
        opt_result r = k == 0 ? opt_newton_cubic(ot_quad_fn, ot_quad_hess, &q, 2, x, &o, NULL)
                       : k == 1 ? opt_newton_lazy(ot_quad_fn, ot_quad_hess, &q, 2, x, &o, NULL)
                                : opt_newton_reg(ot_quad_fn, ot_quad_hess, &q, 2, x, &o, NULL);
        /* the cubic model's minimizer (and the regularized Newton step) is
         * s = 0 at any regularization: no step can be taken, x stays */
        CHECK(r.status != LA_OK);
        CHECK(x[0] == 1 && x[1] == 1);
        CHECK_INT(r.iterations, 0);
        CHECK(r.f == (la_real)-3.5 && r.grad_norm == 0);
        /* not LA_ERR_NONFINITE (f and its gradient are finite everywhere;
         * it once counted "no trial evaluated" as "every trial non-finite"):
         * as the trust region, LA_ERR_LINESEARCH */
        CHECK_STATUS(r.status, LA_ERR_LINESEARCH);
        CHECK_INT(r.reason, OPT_REASON_LINESEARCH);
    }
}

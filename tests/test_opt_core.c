/* test_opt_core.c - opt.h section 1 (options, results, progress, finite
 * differences, gradient check) and section 2 (line searches), and the
 * behaviour every solver shares: limits, callbacks, NaN handling, bad
 * arguments. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"
#include "opttest.h"
#include "mgh.h"

/* Tolerance unit of central differences: eps^(2/3). */
#define OT_EPS23 pow(TU_EPS, 2.0 / 3.0)

static opt_options ot_opts(void) {
    opt_options o;
    memset(&o, 0, sizeof o);
    return o;
}

TEST(opt_core_reason_names) {
    int r, s;
    for (r = 0; r < (int)OPT_REASON_COUNT; ++r) {
        const char *a = opt_reason_str((opt_reason)r);
        CHECK(strcmp(a, "unknown reason") != 0);
        for (s = 0; s < r; ++s) CHECK(strcmp(a, opt_reason_str((opt_reason)s)) != 0);
    }
    CHECK(strcmp(opt_reason_str((opt_reason)999), "unknown reason") == 0);
}

TEST(opt_core_fd_gradient_forward_and_central) {
    la_int n = 5, i;
    la_real x[5] = {0.3f, -1.1f, 2.0f, 0.7f, -0.4f}, g[5], gf[5], gc[5];
    double ef = 0, ec = 0, scale;
    ot_smooth_fn(x, g, &n);
    CHECK_STATUS(opt_fd_gradient(ot_smooth_fn, &n, n, x, 0, gf, NULL), LA_OK);
    CHECK_STATUS(opt_fd_gradient(ot_smooth_fn, &n, n, x, 1, gc, NULL), LA_OK);
    for (i = 0; i < n; ++i) {
        ef = fmax(ef, fabs((double)gf[i] - g[i]));
        ec = fmax(ec, fabs((double)gc[i] - g[i]));
    }
    /* second derivatives up to ~17, third up to ~7, |f| ~ 10 */
    scale = 20;
    CHECK_LE(ef, 10 * sqrt(TU_EPS) * scale);
    CHECK_LE(ec, 10 * OT_EPS23 * scale);
    CHECK_LE(ec, ef); /* central is the more accurate */
}

TEST(opt_core_fd_hessian_and_hessvec) {
    la_int n = 4, i, j;
    la_real x[4] = {0.5f, -0.3f, 1.2f, 2.1f}, g[4], v[4] = {1, -2, 0.5f, 3}, hv[4];
    la_mat H = tu_mat(4, 4, 0), Hf = tu_mat(4, 4, 6), Hc = tu_mat(4, 4, 0);
    double ef = 0, ec = 0, ev = 0, sym = 0;
    ot_smooth_hess(n, x, H);
    CHECK_STATUS(opt_fd_hessian(ot_smooth_fn, &n, n, x, 0, Hf, NULL), LA_OK);
    CHECK_STATUS(opt_fd_hessian(ot_smooth_fn, &n, n, x, 1, Hc, NULL), LA_OK);
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) {
            ef = fmax(ef, fabs((double)LA_AT(Hf, i, j) - LA_AT(H, i, j)));
            ec = fmax(ec, fabs((double)LA_AT(Hc, i, j) - LA_AT(H, i, j)));
            sym = fmax(sym, fabs((double)LA_AT(Hf, i, j) - LA_AT(Hf, j, i)));
        }
    CHECK_LE(ef, 100 * sqrt(TU_EPS) * 20);
    CHECK_LE(ec, 100 * OT_EPS23 * 20);
    CHECK(sym == 0);
    ot_smooth_fn(x, g, &n);
    CHECK_STATUS(opt_fd_hessvec(ot_smooth_fn, &n, n, x, g, v, hv, NULL), LA_OK);
    for (i = 0; i < n; ++i) {
        double s = 0;
        for (j = 0; j < n; ++j) s += LA_AT(H, i, j) * v[j];
        ev = fmax(ev, fabs(s - hv[i]));
    }
    CHECK_LE(ev, 100 * sqrt(TU_EPS) * 20 * 4);
    CHECK_STATUS(opt_fd_hessian(ot_smooth_fn, &n, n, x, 0, la_mat_of(3, 4, H.data), NULL),
                 LA_ERR_DIM);
    tu_free(H.data);
    tu_free(Hf.data);
    tu_free(Hc.data);
}

/* The gradient of the smooth function with component 2 off by 1%. */
static la_real ot_wrong_grad(const la_real *x, la_real *g, void *np) {
    la_real f = ot_smooth_fn(x, g, np);
    if (g) g[2] *= (la_real)1.01;
    return f;
}

TEST(opt_core_gradient_checker) {
    la_int n = 5, worst = -7, k;
    la_real x[5] = {0.3f, -1.1f, 2.0f, 0.7f, -0.4f}, err = -1;
    CHECK_STATUS(opt_check_gradient(ot_smooth_fn, &n, n, x, &err, &worst, NULL), LA_OK);
    CHECK_LE(err, 100 * OT_EPS23);
    CHECK(worst >= 0 && worst < n);
    CHECK_STATUS(opt_check_gradient(ot_wrong_grad, &n, n, x, &err, &worst, NULL), LA_OK);
    CHECK(err > 1e-3);
    CHECK_INT(worst, 2);
    /* the Jacobians of the test problems are right */
    for (k = 0; k < mgh_count(); ++k) {
        const mgh_problem *p = mgh_get(k);
        double x0[MGH_MAXN];
        la_real xp[MGH_MAXN];
        int j;
        if (p->id == 4 || p->id == 10 || p->id == 16) continue; /* |f| ~ 1e6-1e12 at x0 */
        mgh_start(p, x0);
        for (j = 0; j < p->n; ++j) xp[j] = (la_real)(x0[j] + 0.01 * (j + 1));
        CHECK_STATUS(opt_check_gradient(mgh_fn, (void *)p, p->n, xp, &err, NULL, NULL), LA_OK);
        CHECK_LE(err, LA_REAL_IS_FLOAT ? 0.05 : 1e-6);
    }
    CHECK_STATUS(opt_check_gradient(NULL, &n, n, x, &err, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(opt_check_gradient(ot_smooth_fn, &n, n, x, NULL, NULL, NULL), LA_ERR_ARG);
}

TEST(opt_core_fd_errors_and_workspace) {
    la_int n = 3;
    la_real x[3] = {1, 2, 3}, g[3], buf[4];
    la_arena small = la_arena_of(buf, sizeof buf);
    CHECK_STATUS(opt_fd_gradient(NULL, &n, n, x, 0, g, NULL), LA_ERR_ARG);
    CHECK_STATUS(opt_fd_gradient(ot_smooth_fn, &n, -1, x, 0, g, NULL), LA_ERR_ARG);
    CHECK_STATUS(opt_fd_gradient(ot_smooth_fn, &n, n, NULL, 0, g, NULL), LA_ERR_ARG);
    CHECK_STATUS(opt_fd_gradient(ot_smooth_fn, &n, 0, NULL, 0, NULL, NULL), LA_OK);
    x[1] = (la_real)NAN;
    CHECK_STATUS(opt_fd_gradient(ot_smooth_fn, &n, n, x, 1, g, NULL), LA_ERR_NONFINITE);
    x[1] = 2;
    CHECK_STATUS(opt_fd_gradient(ot_smooth_fn, &n, n, x, 1, g, &small), LA_ERR_NOMEM);
    CHECK_INT((long)small.used, 0);
}

/* log cosh with a NaN region, as a value-only function */
static la_real ot_logcosh_value(const la_real *x, void *c) { return ot_logcosh_fn(x, NULL, c); }

TEST(opt_core_fd_objective_drives_a_solver) {
    ot_logcosh lc;
    opt_fd_problem fd;
    la_real x[4] = {0, 2, -0.5f, 1.5f}, work[4];
    opt_options o = ot_opts();
    opt_result r;
    la_int i;
    lc.n = 4;
    lc.limit = 100;
    lc.evals = 0;
    fd.f = ot_logcosh_value;
    fd.ctx = &lc;
    fd.n = 4;
    fd.central = 1;
    fd.work = work;
    fd.evals = 0;
    o.gtol = LA_REAL_IS_FLOAT ? 1e-3 : 1e-8;
    r = opt_lbfgs(opt_fd_objective, &fd, 4, x, &o, NULL);
    CHECK_STATUS(r.status, LA_OK);
    for (i = 0; i < 4; ++i) CHECK_NEAR(x[i], 1, LA_REAL_IS_FLOAT ? 1e-2 : 1e-6);
    CHECK_INT(fd.evals, lc.evals);
    CHECK(fd.evals >= r.f_evals * 9); /* 2n extra evaluations per gradient */
}

/* phi along d for the line-search tests: f(x) = sum w_i (x_i - c_i)^2 */
typedef struct {
    la_int n;
    la_real w[3], c[3];
    la_real nan_beyond; /* NaN where x_0 > nan_beyond */
} ot_ls_fn;
static la_real ot_ls_f(const la_real *x, la_real *g, void *p) {
    ot_ls_fn *q = (ot_ls_fn *)p;
    la_real f = 0;
    la_int i;
    if (x[0] > q->nan_beyond) return (la_real)NAN;
    for (i = 0; i < q->n; ++i) {
        f += q->w[i] * (x[i] - q->c[i]) * (x[i] - q->c[i]);
        if (g) g[i] = 2 * q->w[i] * (x[i] - q->c[i]);
    }
    return f;
}

/* 1 if (alpha, x + alpha d) satisfies the conditions of the line search. */
static int ot_ls_conditions(opt_linesearch kind, la_real f0, la_real dg0, la_real alpha,
                            la_real fa, la_real dga) {
    double c1 = kind == OPT_LS_HAGER_ZHANG ? 0.1 : 1e-4, c2 = 0.9;
    double slack = 1e-6 * fabs(f0) + 10 * TU_EPS * fabs(f0);
    int armijo = fa <= f0 + c1 * alpha * dg0 + slack;
    if (kind == OPT_LS_BACKTRACKING) return armijo;
    if (kind == OPT_LS_MORE_THUENTE) return armijo && fabs(dga) <= c2 * fabs(dg0);
    /* Hager-Zhang: Wolfe, or approximate Wolfe */
    return dga >= c2 * dg0 && (armijo || ((2 * 0.1 - 1) * dg0 >= dga && fa <= f0 + slack));
}

TEST(opt_core_line_searches_meet_their_conditions) {
    ot_ls_fn q;
    la_real x[3] = {0, 0, 0}, g[3], d[3], xo[3], go[3], fx, fo, a;
    la_real steps[4] = {1, 1e-3f, 50, 0.37f};
    int kind, s;
    la_int evals, i;
    q.n = 3;
    q.w[0] = 1;
    q.w[1] = 10;
    q.w[2] = 0.1f;
    q.c[0] = 1;
    q.c[1] = -2;
    q.c[2] = 3;
    q.nan_beyond = LA_REAL_MAX;
    fx = ot_ls_f(x, g, &q);
    for (i = 0; i < 3; ++i) d[i] = -g[i];
    for (kind = OPT_LS_BACKTRACKING; kind <= OPT_LS_HAGER_ZHANG; ++kind)
        for (s = 0; s < 4; ++s) {
            la_real dg0 = 0, dga = 0;
            a = steps[s];
            CHECK_STATUS(opt_line_search((opt_linesearch)kind, ot_ls_f, &q, 3, x, fx, g, d, &a, 0,
                                         xo, &fo, go, NULL, &evals),
                         LA_OK);
            for (i = 0; i < 3; ++i) {
                dg0 += g[i] * d[i];
                dga += go[i] * d[i];
                CHECK_NEAR(xo[i], x[i] + a * d[i], 4 * TU_EPS * (1 + fabs((double)a * d[i])));
            }
            CHECK(ot_ls_conditions((opt_linesearch)kind, fx, dg0, a, fo, dga));
            CHECK(fo < fx);
            CHECK(evals >= 1 && evals <= 40);
            /* backtracking never lengthens the first step */
            if (kind == OPT_LS_BACKTRACKING) CHECK_LE(a, steps[s]);
        }
}

TEST(opt_core_line_search_backtracks_out_of_nan) {
    ot_ls_fn q;
    la_real x[3] = {0, 0, 0}, g[3], d[3], xo[3], go[3], fx, fo, a;
    int kind;
    la_int i, evals;
    q.n = 3;
    q.w[0] = q.w[1] = q.w[2] = 1;
    q.c[0] = q.c[1] = q.c[2] = 1;
    q.nan_beyond = (la_real)0.3; /* the minimizer along d is at step 0.5 */
    fx = ot_ls_f(x, g, &q);
    for (i = 0; i < 3; ++i) d[i] = -g[i];
    for (kind = OPT_LS_BACKTRACKING; kind <= OPT_LS_HAGER_ZHANG; ++kind) {
        la_status st;
        a = 1;
        st = opt_line_search((opt_linesearch)kind, ot_ls_f, &q, 3, x, fx, g, d, &a, 0, xo, &fo, go,
                             NULL, &evals);
        CHECK(st == LA_OK || st == LA_ERR_LINESEARCH);
        CHECK(a > 0 && xo[0] <= q.nan_beyond);
        CHECK(fo < fx && isfinite((double)fo));
        CHECK_NEAR(fo, ot_ls_f(xo, NULL, &q), 0);
    }
    /* NaN at every trial: a status, and x_out = x */
    q.nan_beyond = 0;
    for (kind = OPT_LS_BACKTRACKING; kind <= OPT_LS_HAGER_ZHANG; ++kind) {
        a = 1;
        CHECK_STATUS(opt_line_search((opt_linesearch)kind, ot_ls_f, &q, 3, x, fx, g, d, &a, 0, xo,
                                     &fo, go, NULL, &evals),
                     LA_ERR_NONFINITE);
        CHECK(a == 0 && fo == fx && xo[0] == 0 && go[0] == g[0]);
        CHECK(evals <= 40);
    }
}

TEST(opt_core_line_search_limits_and_errors) {
    ot_ls_fn q;
    la_real x[3] = {0, 0, 0}, g[3], d[3], xo[3], go[3], fx, fo, a;
    la_int i, evals;
    opt_options o = ot_opts();
    q.n = 3;
    q.w[0] = q.w[1] = q.w[2] = 1;
    q.c[0] = q.c[1] = q.c[2] = 1;
    q.nan_beyond = LA_REAL_MAX;
    fx = ot_ls_f(x, g, &q);
    for (i = 0; i < 3; ++i) d[i] = -g[i];
    /* alpha_max caps the step (the exact minimizer is at 0.5; the curvature
     * condition needs a step of at least 0.05) */
    a = 1;
    CHECK_STATUS(opt_line_search(OPT_LS_MORE_THUENTE, ot_ls_f, &q, 3, x, fx, g, d, &a, 0.02f, xo,
                                 &fo, go, NULL, &evals),
                 LA_ERR_LINESEARCH);
    CHECK_LE(a, 0.02f);
    CHECK(a > 0 && fo < fx);
    /* one evaluation allowed, a much too long step: failure, no move */
    o.ls_max_evals = 1;
    a = 1e3f;
    CHECK_STATUS(opt_line_search(OPT_LS_MORE_THUENTE, ot_ls_f, &q, 3, x, fx, g, d, &a, 0, xo, &fo,
                                 go, &o, &evals),
                 LA_ERR_LINESEARCH);
    CHECK(a == 0 && fo == fx && evals == 1);
    /* not a descent direction */
    for (i = 0; i < 3; ++i) d[i] = g[i];
    a = 1;
    CHECK_STATUS(opt_line_search(OPT_LS_BACKTRACKING, ot_ls_f, &q, 3, x, fx, g, d, &a, 0, xo, &fo,
                                 go, NULL, &evals),
                 LA_ERR_ARG);
    a = 0;
    CHECK_STATUS(opt_line_search(OPT_LS_BACKTRACKING, ot_ls_f, &q, 3, x, fx, g, g, &a, 0, xo, &fo,
                                 go, NULL, &evals),
                 LA_ERR_ARG);
    a = 1;
    CHECK_STATUS(opt_line_search(OPT_LS_BACKTRACKING, NULL, &q, 3, x, fx, g, d, &a, 0, xo, &fo, go,
                                 NULL, &evals),
                 LA_ERR_ARG);
    CHECK_STATUS(opt_line_search(OPT_LS_BACKTRACKING, ot_ls_f, &q, 3, x, (la_real)NAN, g, d, &a, 0,
                                 xo, &fo, go, NULL, &evals),
                 LA_ERR_NONFINITE);
    /* a direction too short to change x (every step up to 1 is below
     * eps |x| / |d|): no trial is evaluated, and that is a line-search
     * failure, not a NaN (it was reported as LA_ERR_NONFINITE) */
    for (i = 0; i < 3; ++i) x[i] = 1e6f;
    fx = ot_ls_f(x, g, &q);
    for (i = 0; i < 3; ++i) d[i] = -g[i] * 1e-20f;
    for (i = 0; i < 3; ++i) {
        la_int k = 0;
        a = 1;
        CHECK_STATUS(opt_line_search((opt_linesearch)(i + 1), ot_ls_f, &q, 3, x, fx, g, d, &a, 0, xo, &fo, go,
                                     NULL, &evals),
                     LA_ERR_LINESEARCH);
        CHECK(a == 0 && fo == fx && evals == 0);
        for (k = 0; k < 3; ++k) CHECK(xo[k] == x[k]);
    }
}

typedef struct {
    int calls, stop_at, last_iter, monotone;
    double last_f;
} ot_cb_state;
static int ot_cb(const opt_progress *p, void *c) {
    ot_cb_state *s = (ot_cb_state *)c;
    if (s->calls > 0 && p->iteration != s->last_iter + 1) s->monotone = 0;
    if (s->calls == 0 && p->iteration != 0) s->monotone = 0;
    s->last_iter = (int)p->iteration;
    s->last_f = p->f;
    s->calls++;
    return s->stop_at >= 0 && p->iteration >= s->stop_at;
}

TEST(opt_core_callback_reports_and_aborts) {
    int m;
    for (m = 0; m < OT_METHOD_COUNT; ++m) {
        la_real x[2] = {-1.2f, 1};
        opt_options o = ot_opts();
        ot_cb_state s;
        opt_result r;
        memset(&s, 0, sizeof s);
        s.stop_at = -1;
        s.monotone = 1;
        o.callback = ot_cb;
        o.callback_ctx = &s;
        r = ot_run(m, ot_rosen, NULL, NULL, NULL, 2, x, &o, NULL);
        CHECK_STATUS(r.status, LA_OK);
        CHECK_INT(s.calls, r.iterations + 1);
        CHECK(s.monotone);
        CHECK_NEAR(s.last_f, r.f, 0);
        /* abort at iteration 3: x holds the best point so far */
        x[0] = -1.2f;
        x[1] = 1;
        memset(&s, 0, sizeof s);
        s.stop_at = 3;
        s.monotone = 1;
        r = ot_run(m, ot_rosen, NULL, NULL, NULL, 2, x, &o, NULL);
        CHECK_STATUS(r.status, LA_ERR_ABORTED);
        CHECK_INT(r.reason, OPT_REASON_CALLBACK);
        CHECK_INT(r.iterations, 3);
        CHECK_NEAR(ot_rosen(x, NULL, NULL), r.f, 0);
        CHECK(r.f < (la_real)24.2);
    }
}

TEST(opt_core_trace_records_for_plots) {
    la_real x[2] = {-1.2f, 1}, f[8], gn[8], f0;
    la_int it[8], fe[8];
    opt_trace t;
    opt_options o = ot_opts();
    opt_result r;
    t.capacity = 8;
    t.count = 0;
    t.iteration = it;
    t.f_evals = fe;
    t.f = f;
    t.grad_norm = gn;
    t.step = NULL;
    o.callback = opt_trace_record;
    o.callback_ctx = &t;
    f0 = ot_rosen(x, NULL, NULL);
    r = opt_bfgs(ot_rosen, NULL, 2, x, &o, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK_INT(t.count, 8); /* more iterations than room: recording stops */
    CHECK_INT(it[0], 0);
    CHECK_INT(it[7], 7);
    CHECK(f[0] == f0);
    CHECK(f[7] < f[0] && fe[7] > fe[0] && gn[0] > 0);
}

TEST(opt_core_limits_stop_with_their_reason) {
    int m;
    for (m = 0; m < OT_METHOD_COUNT; ++m) {
        la_real x[2] = {-1.2f, 1};
        opt_options o = ot_opts();
        ot_counter k;
        opt_result r;
        o.max_iter = 5;
        r = ot_run(m, ot_rosen, NULL, NULL, NULL, 2, x, &o, NULL);
        CHECK_STATUS(r.status, LA_ERR_NO_CONVERGENCE);
        CHECK_INT(r.reason, OPT_REASON_MAX_ITER);
        CHECK_INT(r.iterations, 5);
        CHECK(r.measure == 5 && r.threshold == 5);
        x[0] = -1.2f;
        x[1] = 1;
        o = ot_opts();
        o.max_evals = 7;
        k.f = ot_rosen;
        k.ctx = NULL;
        k.calls = k.grad_calls = 0;
        r = ot_run(m, ot_counted_fn, NULL, NULL, &k, 2, x, &o, NULL);
        CHECK_STATUS(r.status, LA_ERR_NO_CONVERGENCE);
        CHECK_INT(r.reason, OPT_REASON_MAX_EVALS);
        CHECK_LE(r.f_evals, 7);
        CHECK_INT(r.f_evals, k.calls);
        CHECK_INT(r.g_evals, k.grad_calls);
        CHECK_NEAR(ot_rosen(x, NULL, NULL), r.f, 0);
    }
}

TEST(opt_core_tolerances_and_their_measures) {
    la_real x[2] = {-1.2f, 1};
    opt_options o = ot_opts();
    opt_result r;
    /* a loose gradient tolerance: stops early, measure <= threshold */
    o.gtol = 1;
    r = opt_lbfgs(ot_rosen, NULL, 2, x, &o, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK_INT(r.reason, OPT_REASON_GTOL);
    CHECK_LE(r.measure, r.threshold);
    CHECK(r.threshold == 1 && r.grad_norm == r.measure);
    /* every test switched off: only the limit stops it */
    x[0] = -1.2f;
    x[1] = 1;
    o = ot_opts();
    o.gtol = o.ftol = o.xtol = -1;
    o.max_iter = 200;
    r = opt_lbfgs(ot_rosen, NULL, 2, x, &o, NULL);
    CHECK(r.reason == OPT_REASON_MAX_ITER || r.reason == OPT_REASON_LINESEARCH);
    CHECK(r.f < 1e-10);
    /* a loose ftol stops on the relative decrease */
    x[0] = -1.2f;
    x[1] = 1;
    o = ot_opts();
    o.gtol = -1;
    o.ftol = 0.5f;
    r = opt_gd(ot_rosen, NULL, 2, x, &o, NULL);
    CHECK_INT(r.reason, OPT_REASON_FTOL);
    CHECK_LE(r.measure, 0.5);
    /* a loose xtol stops on the relative step */
    x[0] = -1.2f;
    x[1] = 1;
    o = ot_opts();
    o.gtol = -1;
    o.xtol = 0.5f;
    r = opt_bfgs(ot_rosen, NULL, 2, x, &o, NULL);
    CHECK_INT(r.reason, OPT_REASON_XTOL);
    CHECK_LE(r.measure, 0.5);
}

static la_real ot_slow_rosen(const la_real *x, la_real *g, void *c) {
    volatile double s = 0;
    int i;
    for (i = 0; i < 200000; ++i) s = s + 1e-9 * i; /* burn processor time */
    return ot_rosen(x, g, c) + (la_real)(0 * s);
}

TEST(opt_core_time_limit) {
    la_real x[2] = {-1.2f, 1};
    opt_options o = ot_opts();
    opt_result r;
    o.max_time = 1e-4f;
    o.gtol = -1;
    r = opt_gd(ot_slow_rosen, NULL, 2, x, &o, NULL);
    CHECK_STATUS(r.status, LA_ERR_NO_CONVERGENCE);
    CHECK_INT(r.reason, OPT_REASON_MAX_TIME);
    CHECK(r.measure >= r.threshold);
}

TEST(opt_core_bad_arguments) {
    int m;
    for (m = 0; m < OT_METHOD_COUNT; ++m) {
        la_real x[2] = {-1.2f, 1};
        opt_result r;
        ot_logcosh lc;
        unsigned char buf[64];
        la_arena small = la_arena_of(buf, sizeof buf);
        r = ot_run(m, NULL, NULL, NULL, NULL, 2, x, NULL, NULL);
        CHECK_STATUS(r.status, LA_ERR_ARG);
        CHECK_INT(r.reason, OPT_REASON_ERROR);
        r = ot_run(m, ot_rosen, NULL, NULL, NULL, 2, NULL, NULL, NULL);
        CHECK_STATUS(r.status, LA_ERR_ARG);
        r = ot_run(m, ot_rosen, NULL, NULL, NULL, -1, x, NULL, NULL);
        CHECK_STATUS(r.status, LA_ERR_ARG);
        r = ot_run(m, ot_rosen, NULL, NULL, NULL, 2, x, NULL, &small);
        CHECK_STATUS(r.status, LA_ERR_NOMEM);
        CHECK(x[0] == (la_real)-1.2f && x[1] == 1 && r.f_evals == 0);
        x[1] = (la_real)INFINITY;
        r = ot_run(m, ot_rosen, NULL, NULL, NULL, 2, x, NULL, NULL);
        CHECK_STATUS(r.status, LA_ERR_NONFINITE);
        CHECK_INT(r.reason, OPT_REASON_NONFINITE);
        /* n = 0: converged at once */
        lc.n = 0;
        lc.limit = 1;
        lc.evals = 0;
        r = ot_run(m, ot_logcosh_fn, NULL, NULL, &lc, 0, NULL, NULL, NULL);
        CHECK_STATUS(r.status, LA_OK);
        CHECK_INT(r.iterations, 0);
    }
}

TEST(opt_core_workspace_from_an_arena) {
    int m;
    for (m = 0; m < OT_METHOD_COUNT; ++m) {
        la_real x[2] = {-1.2f, 1}, y[2] = {-1.2f, 1};
        static double buf[4096];
        la_arena a = la_arena_of(buf, sizeof buf);
        opt_result r1, r2;
        r1 = ot_run(m, ot_rosen, NULL, NULL, NULL, 2, x, NULL, &a);
        r2 = ot_run(m, ot_rosen, NULL, NULL, NULL, 2, y, NULL, NULL);
        CHECK_STATUS(r1.status, LA_OK);
        CHECK_INT(a.used, 0); /* given back */
        CHECK(a.peak > 0);
        CHECK(x[0] == y[0] && x[1] == y[1] && r1.f_evals == r2.f_evals);
    }
    CHECK(opt_lbfgs_ws_bytes(1000, NULL) >= 2 * 10 * 1000 * sizeof(la_real));
}

/* Every solver runs in an arena of exactly its workspace query, and
 * reports LA_ERR_NOMEM, before any evaluation, in one slightly smaller. */
TEST(opt_core_workspace_queries_are_exact) {
    int m;
    la_int n = 7;
    for (m = 0; m < OT_METHOD_COUNT; ++m) {
        ot_logcosh lc;
        la_real x[7];
        size_t bytes = ot_ws_bytes(m, n, NULL);
        unsigned char *buf = (unsigned char *)malloc(bytes);
        la_arena a;
        opt_result r;
        la_int i;
        lc.n = n;
        lc.limit = 100;
        for (i = 0; i < n; ++i) x[i] = (la_real)(0.5 * i);
        lc.evals = 0;
        a = la_arena_of(buf, bytes - LA_ARENA_ALIGN - 8);
        r = ot_run(m, ot_logcosh_fn, ot_logcosh_hess, ot_logcosh_hessvec, &lc, n, x, NULL, &a);
        CHECK_STATUS(r.status, LA_ERR_NOMEM);
        CHECK_INT(lc.evals, 0);
        a = la_arena_of(buf, bytes);
        r = ot_run(m, ot_logcosh_fn, ot_logcosh_hess, ot_logcosh_hessvec, &lc, n, x, NULL, &a);
        CHECK_STATUS(r.status, LA_OK);
        free(buf);
    }
}

TEST(opt_core_nan_regions_are_backtracked) {
    int m;
    for (m = 0; m < OT_METHOD_COUNT; ++m) {
        ot_logcosh lc;
        la_real x[4] = {2.5f, 2.5f, -0.5f, 1.2f};
        opt_options o = ot_opts();
        opt_result r;
        la_int i;
        lc.n = 4;
        lc.limit = 3;
        lc.evals = 0;
        o.step = 10; /* the first trial lands in the NaN region */
        o.gtol = LA_REAL_IS_FLOAT ? 1e-4f : 1e-9f;
        r = ot_run(m, ot_logcosh_fn, NULL, NULL, &lc, 4, x, &o, NULL);
        if (r.status != LA_OK) printf("%s: %s\n", ot_method_name(m), opt_reason_str(r.reason));
        CHECK_STATUS(r.status, LA_OK);
        for (i = 0; i < 4; ++i) CHECK_NEAR(x[i], 1, LA_REAL_IS_FLOAT ? 1e-3 : 1e-8);
    }
}

/* finite at the start point only */
typedef struct {
    la_real x0[2];
} ot_nan_ctx;
static la_real ot_nan_away(const la_real *x, la_real *g, void *c) {
    ot_nan_ctx *s = (ot_nan_ctx *)c;
    if (x[0] != s->x0[0] || x[1] != s->x0[1]) return (la_real)NAN;
    return ot_rosen(x, g, NULL);
}

TEST(opt_core_persistent_nan_is_reported) {
    int m;
    for (m = 0; m < OT_METHOD_COUNT; ++m) {
        ot_nan_ctx c;
        la_real x[2] = {-1.2f, 1};
        opt_result r;
        c.x0[0] = x[0];
        c.x0[1] = x[1];
        r = ot_run(m, ot_nan_away, NULL, NULL, &c, 2, x, NULL, NULL);
        CHECK_STATUS(r.status, LA_ERR_NONFINITE);
        CHECK_INT(r.reason, OPT_REASON_NONFINITE);
        CHECK(x[0] == c.x0[0] && x[1] == c.x0[1]);
        CHECK(r.f == ot_rosen(x, NULL, NULL));
        CHECK(r.f_evals <= 100);
        /* NaN at the start: nothing to do */
        c.x0[0] = 7;
        r = ot_run(m, ot_nan_away, NULL, NULL, &c, 2, x, NULL, NULL);
        CHECK_STATUS(r.status, LA_ERR_NONFINITE);
        CHECK_INT(r.f_evals, 1);
    }
}

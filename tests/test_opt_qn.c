/* test_opt_qn.c - opt.h sections 3 and 4: gradient descent, nonlinear CG,
 * BFGS, L-BFGS and L-BFGS-B on the More-Garbow-Hillstrom problems, finite
 * termination on quadratics, and bound constraints (KKT at the solution). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"
#include "opttest.h"
#include "mgh.h"

static opt_options ot_opts(void) {
    opt_options o;
    memset(&o, 0, sizeof o);
    return o;
}

/* Gradient tolerance of the MGH runs, and the relative gap to a known
 * minimum accepted instead (for the stops on stagnation of f). */
#define OT_MGH_GTOL (LA_REAL_IS_FLOAT ? 1e-3 : 1e-6)
#define OT_MGH_GAP (LA_REAL_IS_FLOAT ? 1e-4 : 1e-8)

/* Solves MGH problem k with method m; 1 if solved: the solver says so and,
 * checked here in double at the returned point, the gradient is small or f
 * is at one of the paper's minima. */
static int ot_mgh_solve(int m, const mgh_problem *p, const opt_options *o, opt_result *r) {
    double x0[MGH_MAXN], xd[MGH_MAXN], g[MGH_MAXN], f, gmax = 0;
    la_real x[MGH_MAXN];
    int j;
    mgh_start(p, x0);
    for (j = 0; j < p->n; ++j) x[j] = (la_real)x0[j];
    *r = ot_run(m, mgh_fn, mgh_hess, NULL, (void *)p, p->n, x, o, NULL);
    for (j = 0; j < p->n; ++j) xd[j] = x[j];
    f = mgh_value(p, xd, g);
    for (j = 0; j < p->n; ++j) gmax = fmax(gmax, fabs(g[j]));
    if (r->status != LA_OK) return 0;
    return gmax <= 10 * OT_MGH_GTOL || mgh_fmin_gap(p, f) <= OT_MGH_GAP;
}

/* Problems every method here must solve (well scaled, moderate), and how
 * many of the 35 each must solve at least. Wood (14) is left out in float:
 * near its stationary region at f = 7.88 the decrease per iteration of
 * nonlinear CG is below float resolution. */
static const int ot_must_solve[] = {1,  2,  5,  7,  8,  9,  12, 13, 15, 18, 20, 21, 22,
                                    23, 25, 26, 27, 28, 29, 30, 31, 32, 35,
#if !LA_REAL_IS_FLOAT
                                    14
#endif
};

/* skip: a required problem this method is excused from (0: none). */
static void ot_mgh_method(int m, int min_solved, long max_evals, int skip) {
    int k, solved = 0, must = 0, nmust = 0;
    long evals = 0;
    for (k = 0; k < mgh_count(); ++k) {
        const mgh_problem *p = mgh_get(k);
        opt_options o = ot_opts();
        opt_result r;
        size_t q;
        int ok, required = 0;
        o.gtol = (la_real)OT_MGH_GTOL;
        o.max_iter = 20000;
        ok = ot_mgh_solve(m, p, &o, &r);
        for (q = 0; q < sizeof ot_must_solve / sizeof ot_must_solve[0]; ++q)
            if (ot_must_solve[q] == p->id && p->id != skip) required = 1;
        nmust += required;
        solved += ok;
        if (required) {
            must += ok;
            evals += r.f_evals;
            if (!ok)
                printf("  %s did not solve MGH %d (%s): %s, f = %g\n", ot_method_name(m), p->id,
                       p->name, opt_reason_str(r.reason), (double)r.f);
        }
    }
    CHECK_INT(must, nmust);
    if (LA_REAL_IS_FLOAT) min_solved -= 3; /* more problems end at f's resolution */
    CHECK(solved >= min_solved);
    CHECK_LE(evals, max_evals);
    if (solved < min_solved || evals > max_evals)
        printf("  %s: %d solved, %ld evaluations on the required problems\n", ot_method_name(m),
               solved, evals);
}

/* Gradient descent is excused from Watson (20): its Hessian's condition
 * number (~1e9 at the solution) leaves BB steps 10^4 iterations or more,
 * depending on rounding. */
TEST(opt_qn_mgh_gradient_descent) { ot_mgh_method(OT_GD, 28, 25000, 20); }
TEST(opt_qn_mgh_cg_hager_zhang) { ot_mgh_method(OT_CG_HZ, 28, 8000, 0); }
TEST(opt_qn_mgh_cg_prp_plus) { ot_mgh_method(OT_CG_PRP, 28, 8000, 0); }
TEST(opt_qn_mgh_bfgs) { ot_mgh_method(OT_BFGS, 30, 1500, 0); }
TEST(opt_qn_mgh_lbfgs) { ot_mgh_method(OT_LBFGS, 30, 1500, 0); }
TEST(opt_qn_mgh_lbfgsb_unbounded) { ot_mgh_method(OT_LBFGSB, 30, 1500, 0); }

/* A random SPD quadratic (n x n, condition cond) with b ~ N(0, 1). */
static ot_quad ot_make_quad(la_rng *rng, la_int n, double cond, la_real *A, la_real *b) {
    ot_quad q;
    tu_rand_spd(rng, la_mat_of(n, n, A), cond);
    tu_vec_normal(rng, n, b);
    q.n = n;
    q.A = A;
    q.b = b;
    return q;
}

/* With exact line searches BFGS, conjugate gradients and L-BFGS with m >= n
 * minimize a quadratic in n steps; with a near-exact Wolfe search they must
 * get there within n + 2 iterations. Double: condition 100, c2 = 1e-6,
 * gradient reduced 2e9 times (plain CG would need ~100 iterations); float
 * (where f resolves only relative changes of 1e-7): condition 10, c2 =
 * 1e-4, reduction 4e3 (~13 iterations without finite termination). */
TEST(opt_qn_quadratic_terminates_in_n_steps) {
    la_rng rng = la_rng_seed(11);
    la_int n = 10, i;
    la_real A[100], b[10], x[10];
    ot_quad q = ot_make_quad(&rng, n, LA_REAL_IS_FLOAT ? 10 : 100, A, b);
    int ms[4] = {OT_BFGS, OT_CG_HZ, OT_CG_PRP, OT_LBFGS}, k;
    for (k = 0; k < 4; ++k) {
        opt_options o = ot_opts();
        opt_result r;
        for (i = 0; i < n; ++i) x[i] = 0;
        o.linesearch = OPT_LS_MORE_THUENTE;
        o.ls_c2 = (la_real)(LA_REAL_IS_FLOAT ? 1e-4 : 1e-6);
        o.memory = n;
        o.gtol = (la_real)(LA_REAL_IS_FLOAT ? 5e-4 : 1e-9);
        o.ftol = o.xtol = -1; /* only the gradient test */
        r = ot_run(ms[k], ot_quad_fn, NULL, NULL, &q, n, x, &o, NULL);
        CHECK_STATUS(r.status, LA_OK);
        CHECK_INT(r.reason, OPT_REASON_GTOL);
        CHECK_LE(r.iterations, n + 2);
    }
}

/* Diagonal quadratic sum a_i (x_i - c_i)^2 / 2 in a box: the solution is
 * the clamp of c. */
TEST(opt_qn_bounds_diagonal_quadratic_exact) {
    la_int n = 8, i, j;
    la_real A[64], b[8], c[8], lo[8], up[8], x[8];
    ot_quad q;
    opt_options o = ot_opts();
    opt_result r;
    int active = 0;
    memset(A, 0, sizeof A);
    for (i = 0; i < n; ++i) {
        A[i * n + i] = (la_real)(1 + i);
        c[i] = (la_real)(i % 3 == 0 ? 3 : i % 3 == 1 ? -3 : 0.5);
        b[i] = A[i * n + i] * c[i];
        lo[i] = -1;
        up[i] = 2;
        x[i] = 0;
    }
    q.n = n;
    q.A = A;
    q.b = b;
    o.gtol = (la_real)(LA_REAL_IS_FLOAT ? 1e-5 : 1e-10);
    r = opt_lbfgsb(ot_quad_fn, &q, n, x, lo, up, &o, NULL);
    CHECK_STATUS(r.status, LA_OK);
    for (i = 0; i < n; ++i) {
        la_real want = c[i] < lo[i] ? lo[i] : c[i] > up[i] ? up[i] : c[i];
        CHECK_NEAR(x[i], want, 20 * TU_EPS * 8 + o.gtol);
        active += x[i] == lo[i] || x[i] == up[i];
    }
    CHECK_INT(active, 6); /* 3 and -3 are clamped, exactly onto the bound */
    (void)j;
}

/* c sum_i (i + 1) (x_i - t_i)^2 / 2 with c = 2^-100 (2^-40 in float: its
 * products g^T d must stay normal). L-BFGS-B capped its first step at
 * length ||g|| (the first search then ended near x0), and formed its
 * projected gradient as P(x - g) - x, which rounds to 0 once |g| < eps |x|:
 * it stopped with LA_OK at such a point. From x0 = 0, unbounded, in a box
 * containing t and in a box that clamps t_0: the minimizer, the clamp of t.
 * From x0 = 1, where x - g rounds to x (the direction L-BFGS-B forms from it
 * vanishes): never LA_OK away from the minimizer. */
typedef struct {
    double c;
    la_real t[6];
} qn_scaled;
static la_real qn_scaled_fn(const la_real *x, la_real *g, void *ctx) {
    const qn_scaled *p = (const qn_scaled *)ctx;
    double f = 0;
    int i;
    for (i = 0; i < 6; ++i) {
        double u = (double)x[i] - p->t[i];
        f += p->c * (i + 1) * u * u / 2;
        if (g) g[i] = (la_real)(p->c * (i + 1) * u);
    }
    return (la_real)f;
}
TEST(opt_qn_lbfgsb_tiny_gradients) {
    qn_scaled p;
    la_real lo[6], up[6], x[6];
    int k, i, start;
    p.c = ldexp(1, LA_REAL_IS_FLOAT ? -40 : -100);
    for (i = 0; i < 6; ++i) {
        p.t[i] = (la_real)(i % 2 ? -2.5 : 3.25);
        lo[i] = -10;
        up[i] = 10;
    }
    for (start = 0; start < 2; ++start)
        for (k = 0; k < 3; ++k) {
            opt_options o = ot_opts();
            opt_result r;
            double err = 0;
            p.t[0] = (la_real)(k == 2 ? 20 : 3.25);
            for (i = 0; i < 6; ++i) x[i] = (la_real)start;
            o.gtol = (la_real)(p.c * (LA_REAL_IS_FLOAT ? 1e-3 : 1e-7));
            r = opt_lbfgsb(qn_scaled_fn, &p, 6, x, k ? lo : NULL, k ? up : NULL, &o, NULL);
            for (i = 0; i < 6; ++i) {
                la_real want = p.t[i] > up[i] ? up[i] : p.t[i];
                if (fabs((double)(x[i] - want)) > err) err = fabs((double)(x[i] - want));
            }
            /* |g_i| <= gtol gives |x_i - t_i| <= gtol / (c (i + 1)) */
            if (start == 0) {
                CHECK_STATUS(r.status, LA_OK);
                CHECK_INT(r.reason, OPT_REASON_GTOL);
                CHECK_LE(err, (double)o.gtol / p.c + 8 * TU_EPS * 20);
            } else {
                CHECK(r.status != LA_OK || err <= (double)o.gtol / p.c + 8 * TU_EPS * 20);
            }
        }
}

/* Random SPD quadratics in a box with several bounds active at the
 * solution: KKT (projected gradient, sign of the multipliers) checked in
 * long double; a convex problem, so KKT means the global minimum. */
TEST(opt_qn_bounds_spd_quadratic_kkt) {
    la_rng rng = la_rng_seed(3);
    la_int n = 20, i, trial;
    la_real *A = tu_reals((size_t)n * n), b[20], lo[20], up[20], x[20];
    for (trial = 0; trial < 4; ++trial) {
        ot_quad q = ot_make_quad(&rng, n, trial < 2 ? 10 : 1e3, A, b);
        opt_options o = ot_opts();
        opt_result r;
        la_real g[20];
        int active = 0;
        double pg;
        for (i = 0; i < n; ++i) {
            b[i] *= 10;
            lo[i] = (la_real)(-0.5 - la_rng_uniform(&rng));
            up[i] = (la_real)(0.5 + la_rng_uniform(&rng));
            x[i] = (la_real)(4 * la_rng_uniform(&rng) - 2); /* may start outside */
        }
        o.gtol = (la_real)(LA_REAL_IS_FLOAT ? 1e-4 : 1e-10);
        o.memory = trial % 2 ? 5 : 10;
        r = opt_lbfgsb(ot_quad_fn, &q, n, x, lo, up, &o, NULL);
        CHECK_STATUS(r.status, LA_OK);
        pg = ot_projected_gradient(ot_quad_fn, &q, n, x, lo, up);
        CHECK_LE(pg, o.gtol);
        CHECK_NEAR(pg, r.grad_norm, 10 * TU_EPS * 100);
        ot_quad_fn(x, g, &q);
        for (i = 0; i < n; ++i) {
            /* a gradient component above gtol only where x is (within gtol)
             * at the bound that it pushes against */
            CHECK(x[i] >= lo[i] && x[i] <= up[i]);
            if (g[i] > o.gtol) CHECK_LE(x[i] - lo[i], o.gtol);
            if (g[i] < -o.gtol) CHECK_LE(up[i] - x[i], o.gtol);
            active += x[i] - lo[i] <= o.gtol || up[i] - x[i] <= o.gtol;
        }
        CHECK(active >= 3);
    }
    tu_free(A);
}

/* Rosenbrock with x_1 <= 0.5: the solution (0.5, 0.25) has the bound
 * active with multiplier 1; through opt_lbfgs's options too. */
TEST(opt_qn_bounds_rosenbrock_active) {
    const mgh_problem *p = mgh_find(1);
    la_real x[2] = {-1.2f, 1}, up[2] = {0.5f, LA_REAL_MAX}, g[2];
    opt_options o = ot_opts();
    opt_result r;
    o.upper = up;
    o.gtol = (la_real)(LA_REAL_IS_FLOAT ? 1e-4 : 1e-10);
    r = opt_lbfgs(mgh_fn, (void *)p, 2, x, &o, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK(x[0] == 0.5f);
    CHECK_NEAR(x[1], 0.25, LA_REAL_IS_FLOAT ? 1e-4 : 1e-9);
    mgh_fn(x, g, (void *)p);
    CHECK_NEAR(g[0], -1, 1e-3);
    CHECK_LE(fabs((double)g[1]), 10 * o.gtol);
}

/* The MGH problems in random boxes around their starts: KKT at the
 * returned point, checked in double. */
TEST(opt_qn_bounds_mgh_kkt) {
    la_rng rng = la_rng_seed(5);
    int k, ok = 0, total_active = 0, tried = 0;
    for (k = 0; k < mgh_count(); ++k) {
        const mgh_problem *p = mgh_get(k);
        double x0[MGH_MAXN];
        la_real x[MGH_MAXN], lo[MGH_MAXN], up[MGH_MAXN];
        opt_options o = ot_opts();
        opt_result r;
        int j;
        mgh_start(p, x0);
        for (j = 0; j < p->n; ++j) {
            double w = 0.5 + fabs(x0[j]) * la_rng_uniform(&rng);
            lo[j] = (la_real)(x0[j] - w * la_rng_uniform(&rng));
            up[j] = (la_real)(x0[j] + w * la_rng_uniform(&rng));
            x[j] = (la_real)x0[j];
        }
        if (p->id == 4 || p->id == 10) continue; /* gradients of 1e6 and more in the box */
        tried++;
        o.gtol = (la_real)OT_MGH_GTOL;
        r = opt_lbfgsb(mgh_fn, (void *)p, p->n, x, lo, up, &o, NULL);
        for (j = 0; j < p->n; ++j) {
            CHECK(x[j] >= lo[j] && x[j] <= up[j]);
            total_active += x[j] == lo[j] || x[j] == up[j];
        }
        if (r.status == LA_OK &&
            ot_projected_gradient(mgh_fn, (void *)p, p->n, x, lo, up) <= 10 * OT_MGH_GTOL)
            ok++;
    }
    /* float: a few runs stall (two iterations with decreases below the
     * resolution of f) before the projected gradient is small */
    CHECK(ok >= tried - (LA_REAL_IS_FLOAT ? 3 : 1));
    CHECK(total_active >= 50);
}

TEST(opt_qn_bounds_errors_and_fixed_variables) {
    const mgh_problem *p = mgh_find(21);
    la_real x[10], lo[10], up[10];
    opt_result r;
    int j;
    for (j = 0; j < 10; ++j) {
        x[j] = j % 2 ? 1 : -1.2f;
        lo[j] = -2;
        up[j] = 2;
    }
    lo[3] = 3;
    r = opt_lbfgsb(mgh_fn, (void *)p, 10, x, lo, up, NULL, NULL);
    CHECK_STATUS(r.status, LA_ERR_INFEASIBLE);
    lo[3] = (la_real)NAN;
    r = opt_lbfgsb(mgh_fn, (void *)p, 10, x, lo, up, NULL, NULL);
    CHECK_STATUS(r.status, LA_ERR_NONFINITE);
    /* x_4 fixed at 0.5 (lower == upper), the rest free */
    lo[3] = -2;
    lo[4] = up[4] = 0.5f;
    r = opt_lbfgsb(mgh_fn, (void *)p, 10, x, lo, up, NULL, NULL);
    CHECK_STATUS(r.status, LA_OK);
    CHECK(x[4] == 0.5f);
    CHECK_NEAR(x[5], 0.25, 1e-3);
    CHECK_NEAR(x[0], 1, 1e-3);
    CHECK_LE(ot_projected_gradient(mgh_fn, (void *)p, 10, x, lo, up), 10 * OT_MGH_GTOL);
}

/* bench_opt.c - opt.h's L-BFGS beside liblbfgs, GSL multimin (vector_bfgs2)
 * and NLopt (LD_LBFGS).
 *
 * 1. The More-Garbow-Hillstrom set (tests/mgh.c, 35 problems, standard
 *    starts): every solver stops by the same test, applied to its iterates
 *    through its progress hook, ||g||_inf <= TOL = 1e-5; whether a
 *    problem is solved is checked independently at the returned point with
 *    the exact gradient (and f must be at one of the paper's minima). Evaluations are counted in the objective wrapper
 *    (each is f and gradient). Same memory m for the L-BFGS codes.
 * 2. Extended Rosenbrock at n = 10^4 and 10^5: time per iteration of
 *    opt_lbfgs and liblbfgs (same m, same start), median of BENCH_REPS runs,
 *    alternating the two.
 * 3. Every smooth solver of opt.h on the same set (its own gradient test,
 *    gtol 1e-6, Hessians from tests/mgh.c where used): iterations and
 *    evaluations per problem, solved checked as in part 1. */
/* LIBS: -llbfgs -lgsl -lgslcblas -lnlopt */
#define OPT_IMPLEMENTATION
#include "opt.h"
#include "bench_util.h"
#include "../tests/mgh.c"
#include "../tests/opttest.c"
#include <math.h>
#include <lbfgs.h>
#include <nlopt.h>
#include <gsl/gsl_multimin.h>

#define TOL 1e-5
#define MEM 6
#define MAXIT 10000

typedef struct {
    const mgh_problem *p;
    long evals;
    double best_f;
    nlopt_opt nl;
} bench_ctx;

static int bench_converged(int n, const double *g, double f) {
    double gmax = 0;
    int i;
    for (i = 0; i < n; ++i)
        if (fabs(g[i]) > gmax) gmax = fabs(g[i]);
    (void)f;
    return gmax <= TOL;
}

/* Independent check at the returned point: the gradient test, and f at one
 * of the paper's minimum values (a flat region at infinity, where some
 * problems' gradients vanish, is not a solution). */
static int bench_solved(const mgh_problem *p, const double *x) {
    double g[MGH_MAXN], f = mgh_value(p, x, g);
    return isfinite(f) && bench_converged(p->n, g, f) && mgh_fmin_gap(p, f) <= 1e-4;
}

/* ---- opt.h ---- */
static la_real ours_fn(const la_real *x, la_real *g, void *c) {
    bench_ctx *b = (bench_ctx *)c;
    b->evals++;
    return mgh_value(b->p, x, g);
}
static int ours_progress(const opt_progress *pr, void *c) {
    (void)c;
    return pr->grad != NULL && bench_converged(pr->n, pr->grad, pr->f);
}
static long run_ours(const mgh_problem *p, double *x) {
    bench_ctx b;
    opt_options o;
    memset(&o, 0, sizeof o);
    b.p = p;
    b.evals = 0;
    o.memory = MEM;
    o.max_iter = MAXIT;
    o.gtol = -1; /* the common test, through the callback */
    o.callback = ours_progress;
    opt_lbfgs(ours_fn, &b, p->n, x, &o, NULL);
    return b.evals;
}

/* ---- liblbfgs ---- */
static lbfgsfloatval_t lib_fn(void *c, const lbfgsfloatval_t *x, lbfgsfloatval_t *g, const int n,
                              const lbfgsfloatval_t step) {
    bench_ctx *b = (bench_ctx *)c;
    (void)n;
    (void)step;
    b->evals++;
    return mgh_value(b->p, x, g);
}
static int lib_progress(void *c, const lbfgsfloatval_t *x, const lbfgsfloatval_t *g,
                        const lbfgsfloatval_t fx, const lbfgsfloatval_t xnorm,
                        const lbfgsfloatval_t gnorm, const lbfgsfloatval_t step, int n, int k,
                        int ls) {
    (void)c;
    (void)x;
    (void)xnorm;
    (void)gnorm;
    (void)step;
    (void)k;
    (void)ls;
    return bench_converged(n, g, fx);
}
static long run_liblbfgs(const mgh_problem *p, double *x) {
    bench_ctx b;
    lbfgs_parameter_t prm;
    lbfgsfloatval_t *xv = lbfgs_malloc(p->n), fx;
    int j;
    b.p = p;
    b.evals = 0;
    lbfgs_parameter_init(&prm);
    prm.m = MEM;
    prm.epsilon = 0; /* the common test, through the progress callback */
    prm.max_iterations = MAXIT;
    for (j = 0; j < p->n; ++j) xv[j] = x[j];
    lbfgs(p->n, xv, &fx, lib_fn, lib_progress, &b, &prm);
    for (j = 0; j < p->n; ++j) x[j] = xv[j];
    lbfgs_free(xv);
    return b.evals;
}

/* ---- GSL ---- */
static double gsl_f(const gsl_vector *v, void *c) {
    bench_ctx *b = (bench_ctx *)c;
    b->evals++;
    return mgh_value(b->p, v->data, NULL);
}
static void gsl_df(const gsl_vector *v, void *c, gsl_vector *g) {
    bench_ctx *b = (bench_ctx *)c;
    b->evals++;
    mgh_value(b->p, v->data, g->data);
}
static void gsl_fdf(const gsl_vector *v, void *c, double *f, gsl_vector *g) {
    bench_ctx *b = (bench_ctx *)c;
    b->evals++;
    *f = mgh_value(b->p, v->data, g->data);
}
static long run_gsl(const mgh_problem *p, double *x, double tol) {
    bench_ctx b;
    gsl_multimin_function_fdf fn;
    gsl_multimin_fdfminimizer *s;
    gsl_vector *v = gsl_vector_alloc((size_t)p->n);
    int j, it;
    b.p = p;
    b.evals = 0;
    fn.n = (size_t)p->n;
    fn.f = gsl_f;
    fn.df = gsl_df;
    fn.fdf = gsl_fdf;
    fn.params = &b;
    for (j = 0; j < p->n; ++j) gsl_vector_set(v, (size_t)j, x[j]);
    s = gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, (size_t)p->n);
    gsl_multimin_fdfminimizer_set(s, &fn, v, 1.0, tol);
    for (it = 0; it < MAXIT; ++it) {
        if (bench_converged(p->n, s->gradient->data, s->f)) break;
        if (gsl_multimin_fdfminimizer_iterate(s) != GSL_SUCCESS) break;
    }
    for (j = 0; j < p->n; ++j) x[j] = gsl_vector_get(s->x, (size_t)j);
    gsl_multimin_fdfminimizer_free(s);
    gsl_vector_free(v);
    return b.evals;
}

/* ---- NLopt ---- */
static double nl_fn(unsigned n, const double *x, double *g, void *c) {
    bench_ctx *b = (bench_ctx *)c;
    double gg[MGH_MAXN], f;
    b->evals++;
    f = mgh_value(b->p, x, gg);
    if (g) memcpy(g, gg, n * sizeof(double));
    /* the common test at a point that is the best so far (NLopt returns
     * its best point) */
    if (f <= b->best_f) {
        b->best_f = f;
        if (bench_converged((int)n, gg, f)) nlopt_force_stop(b->nl);
    }
    return f;
}
static long run_nlopt(const mgh_problem *p, double *x) {
    bench_ctx b;
    double fx;
    b.p = p;
    b.evals = 0;
    b.best_f = HUGE_VAL;
    b.nl = nlopt_create(NLOPT_LD_LBFGS, (unsigned)p->n);
    nlopt_set_min_objective(b.nl, nl_fn, &b);
    nlopt_set_vector_storage(b.nl, MEM);
    nlopt_set_maxeval(b.nl, 4 * MAXIT);
    nlopt_optimize(b.nl, x, &fx);
    nlopt_destroy(b.nl);
    return b.evals;
}

/* ---- extended Rosenbrock, large n ---- */
static double xr_value(int n, const double *x, double *g) {
    double f = 0;
    int i;
    for (i = 0; i + 1 < n; i += 2) {
        double t1 = 1 - x[i], t2 = 10 * (x[i + 1] - x[i] * x[i]);
        f += t1 * t1 + t2 * t2;
        g[i + 1] = 20 * t2;
        g[i] = -2 * (x[i] * g[i + 1] + t1);
    }
    return f;
}
typedef struct {
    int n, iters;
} xr_ctx;
static la_real xr_ours(const la_real *x, la_real *g, void *c) {
    return xr_value(((xr_ctx *)c)->n, x, g);
}
static lbfgsfloatval_t xr_lib(void *c, const lbfgsfloatval_t *x, lbfgsfloatval_t *g, const int n,
                              const lbfgsfloatval_t step) {
    (void)c;
    (void)step;
    return xr_value(n, x, g);
}
static int xr_lib_progress(void *c, const lbfgsfloatval_t *x, const lbfgsfloatval_t *g,
                           const lbfgsfloatval_t fx, const lbfgsfloatval_t xnorm,
                           const lbfgsfloatval_t gnorm, const lbfgsfloatval_t step, int n, int k,
                           int ls) {
    (void)x;
    (void)fx;
    (void)xnorm;
    (void)step;
    (void)ls;
    ((xr_ctx *)c)->iters = k;
    /* the same test as opt_lbfgs's gtol below: ||g||_inf <= 1e-6 */
    {
        double gmax = 0;
        int i;
        for (i = 0; i < n; ++i)
            if (fabs(g[i]) > gmax) gmax = fabs(g[i]);
        (void)gnorm;
        return gmax <= 1e-6;
    }
}

static void bench_rosenbrock(int n, int mem) {
    double t_ours[BENCH_REPS], t_lib[BENCH_REPS], it_ours = 0, it_lib = 0;
    double *x = (double *)malloc((size_t)n * sizeof(double));
    lbfgsfloatval_t *xl = lbfgs_malloc(n);
    la_arena ar;
    size_t bytes;
    void *buf;
    opt_options o;
    int rep, i;
    memset(&o, 0, sizeof o);
    o.memory = mem;
    o.gtol = 1e-6;
    o.max_iter = 100000;
    bytes = opt_lbfgs_ws_bytes(n, &o);
    buf = malloc(bytes);
    for (rep = 0; rep < BENCH_REPS; ++rep) {
        xr_ctx c;
        opt_result r;
        lbfgs_parameter_t prm;
        lbfgsfloatval_t fx;
        double t0;
        c.n = n;
        c.iters = 0;
        for (i = 0; i < n; i += 2) {
            x[i] = -1.2;
            x[i + 1] = 1;
        }
        ar = la_arena_of(buf, bytes);
        (void)ar; /* both codes allocate their memory inside the timed call */
        t0 = bench_now();
        r = opt_lbfgs(xr_ours, &c, n, x, &o, NULL);
        t_ours[rep] = (bench_now() - t0) / (r.iterations > 0 ? r.iterations : 1);
        it_ours = r.iterations;
        for (i = 0; i < n; i += 2) {
            xl[i] = -1.2;
            xl[i + 1] = 1;
        }
        lbfgs_parameter_init(&prm);
        prm.m = mem;
        prm.epsilon = 0;
        prm.max_iterations = 100000;
        t0 = bench_now();
        lbfgs(n, xl, &fx, xr_lib, xr_lib_progress, &c, &prm);
        t_lib[rep] = (bench_now() - t0) / (c.iters > 0 ? c.iters : 1);
        it_lib = c.iters;
    }
    printf("extended Rosenbrock n=%-6d m=%d: opt_lbfgs %.2f us/iter (%d iters), liblbfgs %.2f us/iter (%d iters), ratio %.2f\n",
           n, mem, 1e6 * bench_median(t_ours, BENCH_REPS), (int)it_ours,
           1e6 * bench_median(t_lib, BENCH_REPS), (int)it_lib,
           bench_median(t_ours, BENCH_REPS) / bench_median(t_lib, BENCH_REPS));
    free(buf);
    free(x);
    lbfgs_free(xl);
}

/* Part 3: the table of every method. */
static void bench_all_methods(void) {
    int m, k;
    printf("\nevery opt.h solver on the MGH set (gtol = 1e-6 on ||g||_inf; entries: iterations/"
           "evaluations, * not solved)\n");
    for (m = 0; m < OT_METHOD_COUNT; ++m) {
        long it = 0, fe = 0, he = 0;
        int solved = 0;
        printf("%-12s", ot_method_name(m));
        for (k = 0; k < mgh_count(); ++k) {
            const mgh_problem *p = mgh_get(k);
            double x0[MGH_MAXN];
            la_real x[MGH_MAXN];
            opt_options o;
            opt_result r;
            int j, ok;
            memset(&o, 0, sizeof o);
            o.gtol = 1e-6;
            o.max_iter = 5000;
            mgh_start(p, x0);
            for (j = 0; j < p->n; ++j) x[j] = x0[j];
            r = ot_run(m, mgh_fn, mgh_hess, NULL, (void *)p, p->n, x, &o, NULL);
            for (j = 0; j < p->n; ++j) x0[j] = x[j];
            ok = bench_solved(p, x0);
            solved += ok;
            it += r.iterations;
            fe += r.f_evals;
            he += r.h_evals;
            if (k % 12 == 0 && k > 0) printf("\n%-12s", "");
            printf(" %2d:%d/%d%s", p->id, (int)r.iterations, (int)r.f_evals, ok ? "" : "*");
        }
        printf("\n%-12s solved %d/%d; total %ld iterations, %ld evaluations, %ld Hessians\n", "",
               solved, mgh_count(), it, fe, he);
    }
}

int main(void) {
    int k, s;
    const char *names[4] = {"opt_lbfgs", "liblbfgs", "GSL bfgs2", "NLopt LBFGS"};
    long ev[4] = {0, 0, 0, 0}, ev_common[4] = {0, 0, 0, 0};
    int solved[4] = {0, 0, 0, 0};
    double gsl_tols[3] = {0.1, 0.5, 0.9};
    int gsl_best = 0;
    long gsl_ev[3] = {0, 0, 0};
    int gsl_solved[3] = {0, 0, 0};
    /* GSL at its best line-search tolerance (most solved, then fewest evals) */
    for (s = 0; s < 3; ++s)
        for (k = 0; k < mgh_count(); ++k) {
            const mgh_problem *p = mgh_get(k);
            double x[MGH_MAXN];
            mgh_start(p, x);
            gsl_ev[s] += run_gsl(p, x, gsl_tols[s]);
            gsl_solved[s] += bench_solved(p, x);
        }
    for (s = 1; s < 3; ++s)
        if (gsl_solved[s] > gsl_solved[gsl_best] ||
            (gsl_solved[s] == gsl_solved[gsl_best] && gsl_ev[s] < gsl_ev[gsl_best]))
            gsl_best = s;
    printf("More-Garbow-Hillstrom set: %d problems, stop when ||g||_inf <= %g, m = %d\n",
           mgh_count(), TOL, MEM);
    printf("GSL vector_bfgs2 line-search tol %.1f (best of 0.1, 0.5, 0.9)\n", gsl_tols[gsl_best]);
    printf("%-3s %-28s %10s %10s %10s %10s   (evaluations, * = not solved)\n", "id", "problem",
           names[0], names[1], names[2], names[3]);
    for (k = 0; k < mgh_count(); ++k) {
        const mgh_problem *p = mgh_get(k);
        long e[4];
        int ok[4], j, all = 1;
        for (s = 0; s < 4; ++s) {
            double x[MGH_MAXN];
            mgh_start(p, x);
            e[s] = s == 0 ? run_ours(p, x) : s == 1 ? run_liblbfgs(p, x)
                 : s == 2 ? run_gsl(p, x, gsl_tols[gsl_best]) : run_nlopt(p, x);
            ok[s] = bench_solved(p, x);
            ev[s] += e[s];
            solved[s] += ok[s];
            all &= ok[s];
        }
        printf("%-3d %-28.28s", p->id, p->name);
        for (j = 0; j < 4; ++j) printf(" %9ld%s", e[j], ok[j] ? " " : "*");
        printf("\n");
        if (ok[0] && ok[1])
            for (j = 0; j < 2; ++j) ev_common[j] += e[j];
    }
    for (s = 0; s < 4; ++s)
        printf("%-12s solved %2d/%d, evaluations %6ld in total\n", names[s], solved[s],
               mgh_count(), ev[s]);
    printf("on the problems both solve: opt_lbfgs %ld evaluations, liblbfgs %ld\n", ev_common[0],
           ev_common[1]);
    printf("ratio (opt_lbfgs / liblbfgs): solved %d/%d, evaluations %.3f\n", solved[0], solved[1],
           (double)ev[0] / (double)ev[1]);
    bench_rosenbrock(10000, MEM);
    bench_rosenbrock(100000, MEM);
    bench_all_methods();
    return 0;
}

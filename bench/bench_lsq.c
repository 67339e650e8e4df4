/* bench_lsq.c - nonlinear least squares beside MINPACK (cminpack's lmder)
 * and GSL's multifit_nlinear (trust region, Levenberg-Marquardt):
 *   1. the 27 NIST StRD problems from both starting points, analytic
 *      Jacobians, the same tolerances for all: log relative error (LRE) of
 *      the parameters (the smallest over them) and of the residual sum of
 *      squares against the certified values, and residual / Jacobian
 *      evaluations; totals per library;
 *   2. wall time of a 10^5-residual exponential fit, median of 5, alternating,
 *      the toolkit on its built-in kernels and on OpenBLAS/LAPACKE (a
 *      companion translation unit, parts/bench_lsq_lapacke.c) beside cminpack.
 * Run from the top: make bench B=lsq. */
/* LIBS: -lcminpack -lgsl -lgslcblas -llapacke -lopenblas */
#include <math.h>
#include <string.h>
#include <cminpack-1/cminpack.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>
#include "bench_util.h"
#define OPT_IMPLEMENTATION
#include "opt.h"
#include "tests/nist.h"

/* in parts/bench_lsq_lapacke.c (GSL's cblas.h and OpenBLAS's cannot meet in one unit) */
int bench_lsq_lm_lapacke(int (*res)(const double *, double *, double *, void *), void *ctx, int m,
                         int n, double *x, double ftol, double xtol, long *nf, long *nj);
const char *bench_lsq_openblas_core(void);
void bench_lsq_openblas_single_thread(void);

#define FTOL 1e-16 /* below eps: only MINPACK's machine-precision test remains */
#define XTOL 1e-12
#define GTOL 0.0
#define MAXFEV 10000

typedef struct {
    double lre_x, lre_rss;
    long nf, nj;
    int ok;
} run_out;

static void score(const nist_problem *p, const double *b, double rss, run_out *o) {
    int j;
    o->lre_x = 11;
    for (j = 0; j < p->n_params; ++j) {
        double l = nist_lre(b[j], p->cert[j]);
        if (l < o->lre_x) o->lre_x = l;
    }
    o->lre_rss = nist_lre(rss, p->cert_rss);
    o->ok = o->lre_x >= 6 && o->lre_rss >= 6;
}

/* ---- toolkit ---- */
static run_out run_toolkit(const nist_problem *p, int s) {
    double b[NIST_MAX_PARAMS];
    opt_options o;
    opt_result r;
    run_out out;
    memset(&o, 0, sizeof o);
    o.ftol = FTOL;
    o.xtol = XTOL;
    o.gtol = GTOL;
    o.max_evals = MAXFEV;
    memcpy(b, p->start[s], sizeof b);
    r = opt_lm(nist_residual, (void *)p, p->n_obs, p->n_params, b, &o, NULL);
    score(p, b, 2 * r.f, &out);
    out.nf = r.f_evals;
    out.nj = r.g_evals;
    return out;
}

/* ---- cminpack: column-major Jacobian ---- */
typedef struct {
    const nist_problem *p;
    double *rbuf, *jbuf;
} cm_ctx;

static int cm_fcn(void *vp, int m, int n, const double *x, double *fvec, double *fjac, int ldfjac,
                  int iflag) {
    cm_ctx *c = (cm_ctx *)vp;
    int i, j;
    if (iflag == 1) return nist_residual(x, fvec, NULL, (void *)c->p);
    if (iflag == 2) {
        nist_residual(x, c->rbuf, c->jbuf, (void *)c->p);
        for (i = 0; i < m; ++i)
            for (j = 0; j < n; ++j) fjac[i + (size_t)j * ldfjac] = c->jbuf[(size_t)i * n + j];
    }
    return 0;
}

static run_out run_cminpack(const nist_problem *p, int s) {
    int m = p->n_obs, n = p->n_params, nfev = 0, njev = 0, ipvt[NIST_MAX_PARAMS];
    double x[NIST_MAX_PARAMS], diag[NIST_MAX_PARAMS], qtf[NIST_MAX_PARAMS];
    double wa1[NIST_MAX_PARAMS], wa2[NIST_MAX_PARAMS], wa3[NIST_MAX_PARAMS];
    double *fvec = (double *)malloc(sizeof(double) * (size_t)m * (3 + 2 * (size_t)n));
    double *fjac = fvec + m, *wa4 = fjac + (size_t)m * n, rss = 0;
    cm_ctx c;
    run_out out;
    int i;
    c.p = p;
    c.rbuf = wa4 + m;
    c.jbuf = c.rbuf + m;
    memcpy(x, p->start[s], sizeof x);
    lmder(cm_fcn, &c, m, n, x, fvec, fjac, m, FTOL, XTOL, GTOL, MAXFEV, diag, 1, 100.0, 0, &nfev,
          &njev, ipvt, qtf, wa1, wa2, wa3, wa4);
    for (i = 0; i < m; ++i) rss += fvec[i] * fvec[i];
    score(p, x, rss, &out);
    out.nf = nfev;
    out.nj = njev;
    free(fvec);
    return out;
}

/* ---- GSL multifit_nlinear, trust region LM (its default parameters) ---- */
static int gsl_f(const gsl_vector *x, void *vp, gsl_vector *f) {
    return nist_residual(x->data, f->data, NULL, vp);
}
static int gsl_df(const gsl_vector *x, void *vp, gsl_matrix *J) {
    const nist_problem *p = (const nist_problem *)vp;
    double *r = (double *)malloc(sizeof(double) * (size_t)p->n_obs);
    nist_residual(x->data, r, J->data, vp); /* J is row-major with tda = n */
    free(r);
    return GSL_SUCCESS;
}

static run_out run_gsl(const nist_problem *p, int s) {
    gsl_multifit_nlinear_fdf fdf;
    gsl_multifit_nlinear_parameters par = gsl_multifit_nlinear_default_parameters();
    gsl_multifit_nlinear_workspace *w;
    gsl_vector_view x0 = gsl_vector_view_array((double *)p->start[s], (size_t)p->n_params);
    double rss;
    int info, k;
    run_out out;
    fdf.f = gsl_f;
    fdf.df = gsl_df;
    fdf.fvv = NULL;
    fdf.n = (size_t)p->n_obs;
    fdf.p = (size_t)p->n_params;
    fdf.params = (void *)p;
    w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &par, fdf.n, fdf.p);
    gsl_multifit_nlinear_init(&x0.vector, &fdf, w);
    gsl_multifit_nlinear_driver(MAXFEV, XTOL, GTOL, FTOL, NULL, NULL, &info, w);
    rss = 0;
    for (k = 0; k < p->n_obs; ++k) rss += gsl_vector_get(w->f, (size_t)k) * gsl_vector_get(w->f, (size_t)k);
    score(p, w->x->data, rss, &out);
    out.nf = (long)fdf.nevalf;
    out.nj = (long)fdf.nevaldf;
    gsl_multifit_nlinear_free(w);
    return out;
}

/* ---- the 10^5-residual exponential fit: y = b1 exp(-b2 t) + b3 ---- */
#define EXP_M 100000
typedef struct {
    const double *t, *y;
} exp_data;

static int exp_res(const la_real *b, la_real *r, la_real *J, void *ctx) {
    const exp_data *d = (const exp_data *)ctx;
    int i;
    for (i = 0; i < EXP_M; ++i) {
        double e = exp(-b[1] * d->t[i]);
        r[i] = b[0] * e + b[2] - d->y[i];
        if (J) {
            J[3 * i] = e;
            J[3 * i + 1] = -b[0] * d->t[i] * e;
            J[3 * i + 2] = 1;
        }
    }
    return 0;
}

static int exp_cm(void *vp, int m, int n, const double *b, double *fvec, double *fjac, int ldfjac,
                  int iflag) {
    const exp_data *d = (const exp_data *)vp;
    int i;
    (void)m;
    (void)n;
    if (iflag == 1) {
        for (i = 0; i < EXP_M; ++i) fvec[i] = b[0] * exp(-b[1] * d->t[i]) + b[2] - d->y[i];
    } else if (iflag == 2) {
        for (i = 0; i < EXP_M; ++i) {
            double e = exp(-b[1] * d->t[i]);
            fjac[i] = e;
            fjac[i + ldfjac] = -b[0] * d->t[i] * e;
            fjac[i + 2 * (size_t)ldfjac] = 1;
        }
    }
    return 0;
}

int main(void) {
    static const char *names[3] = {"toolkit", "cminpack", "GSL"};
    long tot_f[3] = {0, 0, 0}, tot_j[3] = {0, 0, 0};
    int ok[3] = {0, 0, 0}, k, s, runs = 0;
    printf("NIST StRD nonlinear regression, analytic Jacobians; ftol %g, xtol %g, gtol %g, "
           "max %d evaluations for all.\n",
           FTOL, XTOL, GTOL, MAXFEV);
    printf("LRE: smallest log relative error over the parameters / of the residual sum of squares;"
           " evals: residual + Jacobian.\n\n");
    printf("%-9s %-5s | %-22s | %-22s | %-22s\n", "problem", "start", "toolkit  LRE x/rss evals",
           "cminpack LRE x/rss evals", "GSL      LRE x/rss evals");
    for (k = 0; k < NIST_COUNT; ++k) {
        nist_problem p;
        if (nist_load("../tests/data/nist", nist_names[k], &p) != 0) {
            printf("cannot read %s\n", nist_names[k]);
            return 1;
        }
        for (s = 0; s < 2; ++s) {
            run_out o[3];
            int l;
            o[0] = run_toolkit(&p, s);
            o[1] = run_cminpack(&p, s);
            o[2] = run_gsl(&p, s);
            printf("%-9s %-5d", p.name, s + 1);
            for (l = 0; l < 3; ++l) {
                printf(" | %5.1f %5.1f %5ld+%-5ld", o[l].lre_x, o[l].lre_rss, o[l].nf, o[l].nj);
                tot_f[l] += o[l].nf;
                tot_j[l] += o[l].nj;
                ok[l] += o[l].ok;
            }
            printf("\n");
            ++runs;
        }
        nist_free(&p);
    }
    printf("\n");
    for (k = 0; k < 3; ++k)
        printf("%-8s: LRE >= 6 on parameters and RSS in %d of %d runs; evaluations %ld residual + "
               "%ld Jacobian = %ld\n",
               names[k], ok[k], runs, tot_f[k], tot_j[k], tot_f[k] + tot_j[k]);
    printf("ratio evaluations toolkit / cminpack: %.3f\n",
           (double)(tot_f[0] + tot_j[0]) / (double)(tot_f[1] + tot_j[1]));
    printf("(Lanczos1's certified RSS, 1.4e-25, is below the rounding level of its residuals in "
           "double: RSS LRE ~3 for every library.)\n\n");

    {
        double *t = (double *)malloc(sizeof(double) * EXP_M), *y = (double *)malloc(sizeof(double) * EXP_M);
        double *fvec = (double *)malloc(sizeof(double) * EXP_M * 5);
        double *fjac = fvec + EXP_M, *wa4 = fjac + 3 * (size_t)EXP_M;
        double tt[3][BENCH_REPS], b[3], bl[3], x[3], diag[3], qtf[3], wa1[3], wa2[3], wa3[3];
        int ipvt[3], nfev = 0, njev = 0, rep, i;
        long tk_f = 0, tk_j = 0, tl_f = 0, tl_j = 0;
        exp_data d;
        opt_options o;
        la_rng rng = la_rng_seed(7);
        bench_lsq_openblas_single_thread();
        for (i = 0; i < EXP_M; ++i) {
            t[i] = 10.0 * i / EXP_M;
            y[i] = 5.0 * exp(-0.7 * t[i]) + 1.0 + 0.01 * la_rng_normal(&rng);
        }
        d.t = t;
        d.y = y;
        memset(&o, 0, sizeof o);
        o.ftol = 1e-10;
        o.xtol = 1e-10;
        for (rep = 0; rep < BENCH_REPS; ++rep) {
            double t0;
            opt_result r;
            b[0] = bl[0] = x[0] = 1;
            b[1] = bl[1] = x[1] = 0.1;
            b[2] = bl[2] = x[2] = 0;
            t0 = bench_now();
            r = opt_lm(exp_res, &d, EXP_M, 3, b, &o, NULL);
            tt[0][rep] = bench_now() - t0;
            tk_f = r.f_evals;
            tk_j = r.g_evals;
            t0 = bench_now();
            lmder(exp_cm, &d, EXP_M, 3, x, fvec, fjac, EXP_M, 1e-10, 1e-10, 0.0, 300, diag, 1, 100.0,
                  0, &nfev, &njev, ipvt, qtf, wa1, wa2, wa3, wa4);
            tt[1][rep] = bench_now() - t0;
            t0 = bench_now();
            bench_lsq_lm_lapacke(exp_res, &d, EXP_M, 3, bl, 1e-10, 1e-10, &tl_f, &tl_j);
            tt[2][rep] = bench_now() - t0;
        }
        printf("exponential fit y = b1 exp(-b2 t) + b3, m = %d (ftol = xtol = 1e-10, analytic J):\n"
               "  toolkit  b = (%.6f %.6f %.6f), %ld+%ld evaluations\n"
               "  cminpack b = (%.6f %.6f %.6f), %d+%d evaluations\n",
               EXP_M, b[0], b[1], b[2], tk_f, tk_j, x[0], x[1], x[2], nfev, njev);
        printf("exp fit 1e5 x 3  toolkit (built-in kernels) %8.3f ms  cminpack %8.3f ms  ratio %.2f\n",
               1e3 * bench_median(tt[0], BENCH_REPS), 1e3 * bench_median(tt[1], BENCH_REPS),
               bench_median(tt[0], BENCH_REPS) / bench_median(tt[1], BENCH_REPS));
        printf("exp fit 1e5 x 3  toolkit (LAPACKE, OpenBLAS %s) %8.3f ms  cminpack %8.3f ms  ratio %.2f\n",
               bench_lsq_openblas_core(), 1e3 * bench_median(tt[2], BENCH_REPS),
               1e3 * bench_median(tt[1], BENCH_REPS),
               bench_median(tt[2], BENCH_REPS) / bench_median(tt[1], BENCH_REPS));
        (void)tl_f;
        (void)tl_j;
        free(t);
        free(y);
        free(fvec);
    }
    return 0;
}

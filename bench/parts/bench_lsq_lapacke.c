/* bench_lsq's toolkit a second time, on the OpenBLAS/LAPACKE backend;
 * LA_STATIC keeps this translation unit's symbols apart from the built-in
 * build of bench_lsq.c. */
#define LA_STATIC
#define LA_USE_CBLAS
#define LA_USE_LAPACKE
#define OPT_IMPLEMENTATION
#include "opt.h"

/* opt_lm on the LAPACKE backend; returns the status, counts in nf, nj. */
int bench_lsq_lm_lapacke(int (*res)(const double *, double *, double *, void *), void *ctx, int m,
                         int n, double *x, double ftol, double xtol, long *nf, long *nj);

int bench_lsq_lm_lapacke(int (*res)(const double *, double *, double *, void *), void *ctx, int m,
                         int n, double *x, double ftol, double xtol, long *nf, long *nj) {
    opt_options o;
    opt_result r;
    memset(&o, 0, sizeof o);
    o.ftol = ftol;
    o.xtol = xtol;
    r = opt_lm(res, ctx, m, n, x, &o, NULL);
    *nf = r.f_evals;
    *nj = r.g_evals;
    return (int)r.status;
}

const char *bench_lsq_openblas_core(void);
void bench_lsq_openblas_single_thread(void);
const char *bench_lsq_openblas_core(void) { return openblas_get_corename(); }
void bench_lsq_openblas_single_thread(void) { openblas_set_num_threads(1); }

/* opttest.c - see opttest.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "opttest.h"

la_real ot_quad_fn(const la_real *x, la_real *g, void *q) {
    const ot_quad *p = (const ot_quad *)q;
    long double f = 0;
    la_int i, j, n = p->n;
    for (i = 0; i < n; ++i) {
        long double ax = 0;
        for (j = 0; j < n; ++j) ax += (long double)p->A[i * n + j] * x[j];
        f += x[i] * (ax / 2 - p->b[i]);
        if (g) g[i] = (la_real)(ax - p->b[i]);
    }
    return (la_real)f;
}

int ot_quad_hess(const la_real *x, la_mat H, void *q) {
    const ot_quad *p = (const ot_quad *)q;
    la_int i, j;
    (void)x;
    for (i = 0; i < p->n; ++i)
        for (j = 0; j < p->n; ++j) LA_AT(H, i, j) = p->A[i * p->n + j];
    return 0;
}

int ot_quad_hessvec(const la_real *x, const la_real *v, la_real *hv, void *q) {
    const ot_quad *p = (const ot_quad *)q;
    la_int i, j;
    (void)x;
    for (i = 0; i < p->n; ++i) {
        long double s = 0;
        for (j = 0; j < p->n; ++j) s += (long double)p->A[i * p->n + j] * v[j];
        hv[i] = (la_real)s;
    }
    return 0;
}

la_real ot_smooth_fn(const la_real *x, la_real *g, void *np) {
    la_int n = *(const la_int *)np, i;
    double s = 0, f = 0;
    for (i = 0; i < n; ++i) {
        s += x[i];
        f += sin((double)x[i]);
    }
    f += s * s / 2 + (double)x[0] * x[0] * x[0];
    if (g) {
        for (i = 0; i < n; ++i) g[i] = (la_real)(cos((double)x[i]) + s);
        g[0] += (la_real)(3.0 * x[0] * x[0]);
    }
    return (la_real)f;
}

void ot_smooth_hess(la_int n, const la_real *x, la_mat H) {
    la_int i, j;
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) LA_AT(H, i, j) = (la_real)(1 - (i == j ? sin((double)x[i]) : 0));
    LA_AT(H, 0, 0) += (la_real)(6.0 * x[0]);
}

la_real ot_logcosh_fn(const la_real *x, la_real *g, void *c) {
    ot_logcosh *p = (ot_logcosh *)c;
    double f = 0;
    la_int i;
    p->evals++;
    for (i = 0; i < p->n; ++i) {
        double u = (double)x[i] - 1;
        if (fabs(u) > p->limit) return (la_real)NAN;
        double sh = sinh(u / 2);
        /* log cosh u = log(1 + 2 sinh^2(u/2)), accurate near the minimum */
        f += fabs(u) < 1 ? log1p(2 * sh * sh) : fabs(u) + log1p(exp(-2 * fabs(u))) - log(2.0);
        if (g) g[i] = (la_real)tanh(u);
    }
    return (la_real)f;
}

int ot_logcosh_hess(const la_real *x, la_mat H, void *c) {
    ot_logcosh *p = (ot_logcosh *)c;
    la_int i, j;
    for (i = 0; i < p->n; ++i)
        for (j = 0; j < p->n; ++j) {
            double ch = cosh((double)x[i] - 1);
            LA_AT(H, i, j) = (la_real)(i == j ? 1 / (ch * ch) : 0);
        }
    return 0;
}

int ot_logcosh_hessvec(const la_real *x, const la_real *v, la_real *hv, void *c) {
    ot_logcosh *p = (ot_logcosh *)c;
    la_int i;
    for (i = 0; i < p->n; ++i) {
        double ch = cosh((double)x[i] - 1);
        hv[i] = (la_real)(v[i] / (ch * ch));
    }
    return 0;
}

la_real ot_counted_fn(const la_real *x, la_real *g, void *c) {
    ot_counter *k = (ot_counter *)c;
    k->calls++;
    if (g) k->grad_calls++;
    return k->f(x, g, k->ctx);
}

const char *ot_method_name(int m) {
    static const char *names[OT_METHOD_COUNT] = {
        "gd",       "cg-hz",  "cg-prp",       "bfgs",      "lbfgs",  "lbfgsb",   "newton",
        "newton-cg", "newton-reg", "cubic", "lazy", "tr-ms", "tr-dogleg", "tr-steihaug",
        "tr-cg"};
    return m >= 0 && m < OT_METHOD_COUNT ? names[m] : "?";
}

opt_result ot_run(int m, opt_fn f, opt_hess_fn h, opt_hessvec_fn hv, void *ctx, la_int n,
                  la_real *x, const opt_options *o, la_arena *ws) {
    opt_options oo;
    if (o)
        oo = *o;
    else
        memset(&oo, 0, sizeof oo);
    switch (m) {
    case OT_GD: return opt_gd(f, ctx, n, x, &oo, ws);
    case OT_CG_HZ: oo.cg_variant = OPT_CG_HAGER_ZHANG; return opt_cg(f, ctx, n, x, &oo, ws);
    case OT_CG_PRP: oo.cg_variant = OPT_CG_PRP_PLUS; return opt_cg(f, ctx, n, x, &oo, ws);
    case OT_BFGS: return opt_bfgs(f, ctx, n, x, &oo, ws);
    case OT_LBFGS: return opt_lbfgs(f, ctx, n, x, &oo, ws);
    case OT_LBFGSB: return opt_lbfgsb(f, ctx, n, x, oo.lower, oo.upper, &oo, ws);
    case OT_NEWTON: return opt_newton(f, h, ctx, n, x, &oo, ws);
    case OT_NEWTON_CG: return opt_newton_cg(f, hv, ctx, n, x, &oo, ws);
    case OT_NEWTON_REG: return opt_newton_reg(f, h, ctx, n, x, &oo, ws);
    case OT_CUBIC: return opt_newton_cubic(f, h, ctx, n, x, &oo, ws);
    case OT_LAZY: return opt_newton_lazy(f, h, ctx, n, x, &oo, ws);
    case OT_TR_MORE_SORENSEN:
        oo.tr_subproblem = OPT_TR_MORE_SORENSEN;
        return opt_trust_region(f, h, ctx, n, x, &oo, ws);
    case OT_TR_DOGLEG:
        oo.tr_subproblem = OPT_TR_DOGLEG;
        return opt_trust_region(f, h, ctx, n, x, &oo, ws);
    case OT_TR_STEIHAUG:
        oo.tr_subproblem = OPT_TR_STEIHAUG;
        return opt_trust_region(f, h, ctx, n, x, &oo, ws);
    default: return opt_trust_region_cg(f, hv, ctx, n, x, &oo, ws);
    }
}

size_t ot_ws_bytes(int m, la_int n, const opt_options *o) {
    opt_options oo;
    if (o)
        oo = *o;
    else
        memset(&oo, 0, sizeof oo);
    switch (m) {
    case OT_GD: return opt_gd_ws_bytes(n, &oo);
    case OT_CG_HZ:
    case OT_CG_PRP: return opt_cg_ws_bytes(n, &oo);
    case OT_BFGS: return opt_bfgs_ws_bytes(n, &oo);
    case OT_LBFGS: return opt_lbfgs_ws_bytes(n, &oo);
    case OT_LBFGSB: return opt_lbfgsb_ws_bytes(n, &oo);
    case OT_NEWTON: return opt_newton_ws_bytes(n, &oo);
    case OT_NEWTON_CG: return opt_newton_cg_ws_bytes(n, &oo);
    case OT_NEWTON_REG: return opt_newton_reg_ws_bytes(n, &oo);
    case OT_CUBIC:
    case OT_LAZY: return opt_newton_cubic_ws_bytes(n, &oo);
    case OT_TR_MORE_SORENSEN: oo.tr_subproblem = OPT_TR_MORE_SORENSEN; return opt_trust_region_ws_bytes(n, &oo);
    case OT_TR_DOGLEG: oo.tr_subproblem = OPT_TR_DOGLEG; return opt_trust_region_ws_bytes(n, &oo);
    case OT_TR_STEIHAUG: oo.tr_subproblem = OPT_TR_STEIHAUG; return opt_trust_region_ws_bytes(n, &oo);
    default: return opt_trust_region_cg_ws_bytes(n, &oo);
    }
}

double ot_projected_gradient(opt_fn f, void *ctx, la_int n, const la_real *x, const la_real *lo,
                             const la_real *up) {
    la_real *g = (la_real *)malloc(sizeof(la_real) * (size_t)(n > 0 ? n : 1));
    double pg = 0;
    la_int i;
    f(x, g, ctx);
    for (i = 0; i < n; ++i) {
        double z = (double)x[i] - g[i];
        if (lo && z < lo[i]) z = lo[i];
        if (up && z > up[i]) z = up[i];
        z = fabs(z - x[i]);
        if (z > pg || z != z) pg = z;
    }
    free(g);
    return pg;
}

la_real ot_rosen(const la_real *x, la_real *g, void *c) {
    la_real t1 = 1 - x[0], t2 = 10 * (x[1] - x[0] * x[0]);
    (void)c;
    if (g) {
        g[1] = 20 * t2;
        g[0] = -2 * (x[0] * g[1] + t1);
    }
    return t1 * t1 + t2 * t2;
}

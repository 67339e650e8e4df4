/* recref.c - see recref.h. */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include "recref.h"
#include "testutil.h"

rr_problem rr_gaussian(la_rng *r, la_int m, la_int n, la_int k, double noise, int unit) {
    rr_problem p;
    la_int i, j, t;
    p.m = m;
    p.n = n;
    p.X = tu_mat(m, n, 0);
    p.y = tu_reals((size_t)m);
    p.beta = tu_reals((size_t)n);
    tu_fill_normal(r, p.X);
    if (unit)
        for (j = 0; j < n; ++j) {
            long double s = 0;
            for (i = 0; i < m; ++i) s += (long double)LA_AT(p.X, i, j) * LA_AT(p.X, i, j);
            s = sqrtl(s);
            for (i = 0; i < m; ++i) LA_AT(p.X, i, j) = (la_real)(LA_AT(p.X, i, j) / s);
        }
    for (t = 0; t < k && t < n; ++t) {
        do j = la_rng_int(r, n);
        while (p.beta[j] != 0);
        p.beta[j] = (la_real)((1 + la_rng_uniform(r)) * (la_rng_uniform(r) < 0.5 ? -1 : 1));
    }
    for (i = 0; i < m; ++i) {
        long double s = 0;
        for (j = 0; j < n; ++j) s += (long double)LA_AT(p.X, i, j) * p.beta[j];
        p.y[i] = (la_real)(s + noise * la_rng_normal(r));
    }
    return p;
}

void rr_free(rr_problem *p) {
    tu_free(p->X.data);
    tu_free(p->y);
    tu_free(p->beta);
}

void rr_residual(la_mat X, const la_real *y, const la_real *coef, double b0, long double *r) {
    la_int i, j;
    for (i = 0; i < X.rows; ++i) {
        long double s = (long double)y[i] - b0;
        for (j = 0; j < X.cols; ++j) s -= (long double)LA_AT(X, i, j) * coef[j];
        r[i] = s;
    }
}

static long double rr_penalty(la_int n, const la_real *coef, double alpha, const la_real *pf) {
    long double s = 0;
    la_int j;
    for (j = 0; j < n; ++j) {
        long double w = pf ? pf[j] : 1, b = coef[j];
        s += w * (alpha * fabsl(b) + (1 - alpha) / 2 * b * b);
    }
    return s;
}

double rr_objective(la_mat X, const la_real *y, const la_real *coef, double b0, double lambda,
                    double alpha, const la_real *pf) {
    long double *r = (long double *)calloc((size_t)(X.rows > 0 ? X.rows : 1), sizeof(long double));
    long double s = 0;
    la_int i;
    rr_residual(X, y, coef, b0, r);
    for (i = 0; i < X.rows; ++i) s += r[i] * r[i];
    free(r);
    return (double)(s / (2 * X.rows) + lambda * rr_penalty(X.cols, coef, alpha, pf));
}

/* g_j = x_j^T r (not divided by m). */
static long double *rr_xtr(la_mat X, const long double *r) {
    long double *g = (long double *)calloc((size_t)(X.cols > 0 ? X.cols : 1), sizeof(long double));
    la_int i, j;
    for (j = 0; j < X.cols; ++j) {
        long double s = 0;
        for (i = 0; i < X.rows; ++i) s += (long double)LA_AT(X, i, j) * r[i];
        g[j] = s;
    }
    return g;
}

/* r <- r - X_U t, the part of r orthogonal to the columns U of X with
 * zero penalty factor (least squares by the normal equations, Gaussian
 * elimination with partial pivoting in long double; dependent columns
 * skipped). */
static void rr_project_unpenalized(la_mat X, const la_real *pf, long double *r) {
    la_int m = X.rows, n = X.cols, nu = 0, i, j, k, c;
    la_int *u = (la_int *)calloc((size_t)(n > 0 ? n : 1), sizeof(la_int));
    long double *M, *t;
    for (j = 0; pf && j < n; ++j)
        if (pf[j] == 0) u[nu++] = j;
    if (nu == 0) {
        free(u);
        return;
    }
    M = (long double *)calloc((size_t)nu * (size_t)(nu + 1), sizeof(long double));
    t = (long double *)calloc((size_t)nu, sizeof(long double));
    for (j = 0; j < nu; ++j) {
        for (k = 0; k < nu; ++k) {
            long double s = 0;
            for (i = 0; i < m; ++i) s += (long double)LA_AT(X, i, u[j]) * LA_AT(X, i, u[k]);
            M[j * (nu + 1) + k] = s;
        }
        {
            long double s = 0;
            for (i = 0; i < m; ++i) s += (long double)LA_AT(X, i, u[j]) * r[i];
            M[j * (nu + 1) + nu] = s;
        }
    }
    for (c = 0; c < nu; ++c) {
        la_int p = c;
        for (j = c + 1; j < nu; ++j)
            if (fabsl(M[j * (nu + 1) + c]) > fabsl(M[p * (nu + 1) + c])) p = j;
        for (k = 0; k <= nu; ++k) {
            long double x = M[c * (nu + 1) + k];
            M[c * (nu + 1) + k] = M[p * (nu + 1) + k];
            M[p * (nu + 1) + k] = x;
        }
        if (fabsl(M[c * (nu + 1) + c]) < 1e-30L) continue;
        for (j = 0; j < nu; ++j) {
            long double f;
            if (j == c) continue;
            f = M[j * (nu + 1) + c] / M[c * (nu + 1) + c];
            for (k = c; k <= nu; ++k) M[j * (nu + 1) + k] -= f * M[c * (nu + 1) + k];
        }
    }
    for (j = 0; j < nu; ++j)
        t[j] = fabsl(M[j * (nu + 1) + j]) < 1e-30L ? 0 : M[j * (nu + 1) + nu] / M[j * (nu + 1) + j];
    for (i = 0; i < m; ++i)
        for (j = 0; j < nu; ++j) r[i] -= (long double)LA_AT(X, i, u[j]) * t[j];
    free(M);
    free(t);
    free(u);
}

double rr_gap(la_mat X, const la_real *y, const la_real *coef, double lambda, double alpha,
              const la_real *pf, int positive) {
    la_int m = X.rows, n = X.cols, i, j;
    long double *r = (long double *)calloc((size_t)(m > 0 ? m : 1), sizeof(long double));
    long double *rp = (long double *)calloc((size_t)(m > 0 ? m : 1), sizeof(long double)), *g;
    long double L1 = (long double)m * lambda * alpha, L2 = (long double)m * lambda * (1 - alpha);
    long double rr = 0, rr2 = 0, ry2 = 0, dual = 0, l1 = 0, l2 = 0, conj = 0, c, scaled, best;
    rr_residual(X, y, coef, 0, r);
    for (i = 0; i < m; ++i) rp[i] = r[i];
    rr_project_unpenalized(X, pf, rp); /* a dual point must satisfy X_U^T theta = 0 */
    g = rr_xtr(X, rp);
    for (i = 0; i < m; ++i) {
        rr += r[i] * r[i];
        rr2 += rp[i] * rp[i];
        ry2 += rp[i] * y[i];
    }
    for (j = 0; j < n; ++j) {
        long double w = pf ? pf[j] : 1, b = coef[j], t = g[j] - L2 * w * b;
        l1 += w * fabsl(b);
        l2 += w * b * b;
        if (w == 0) continue;
        t = positive ? t : fabsl(t);
        if (t / w > dual) dual = t / w;
        if (L2 > 0) {
            long double e = (positive ? g[j] : fabsl(g[j])) - L1 * w;
            if (e > 0) conj += e * e / (2 * L2 * w);
        }
    }
    /* primal at coef minus the dual at c rho' (augmented LASSO) and at rho' */
    c = dual > L1 ? L1 / dual : 1;
    scaled = rr / 2 + c * c * rr2 / 2 - c * ry2 + L1 * l1 + L2 * (1 + c * c) * l2 / 2;
    best = scaled;
    if (L2 > 0 && rr / 2 + rr2 / 2 - ry2 + L1 * l1 + L2 * l2 / 2 + conj < best)
        best = rr / 2 + rr2 / 2 - ry2 + L1 * l1 + L2 * l2 / 2 + conj;
    free(r);
    free(rp);
    free(g);
    return (double)(best / m);
}

double rr_kkt_excess(la_mat X, const la_real *y, const la_real *coef, double b0, double lambda,
                     double alpha, const la_real *pf, int positive, double gap, double slack) {
    la_int m = X.rows, n = X.cols, i, j;
    long double *r = (long double *)calloc((size_t)(m > 0 ? m : 1), sizeof(long double)), *g;
    double worst = -1e300;
    if (gap < 0) gap = 0;
    gap += 1e-13 * rr_sumsq(m, y) / (m > 0 ? m : 1); /* the rounding of a gap computed here */
    rr_residual(X, y, coef, b0, r);
    g = rr_xtr(X, r);
    for (j = 0; j < n; ++j) {
        long double w = pf ? pf[j] : 1, nx = 0, gj = g[j] / m, allow, viol;
        for (i = 0; i < m; ++i) nx += (long double)LA_AT(X, i, j) * LA_AT(X, i, j);
        allow = sqrtl(nx) * sqrtl(2 * gap / m) + sqrtl(2 * gap * lambda * (1 - alpha) * w) + slack;
        if (coef[j] == 0)
            viol = (positive ? gj : fabsl(gj)) - lambda * alpha * w;
        else
            viol = fabsl(gj - lambda * (1 - alpha) * w * coef[j] - lambda * alpha * w * (coef[j] > 0 ? 1 : -1));
        if ((double)(viol - allow) > worst) worst = (double)(viol - allow);
        if (positive && coef[j] < 0) worst = 1e300;
    }
    free(r);
    free(g);
    return n > 0 ? worst : 0;
}

static long double rr_group_weight(la_int j0, const la_int *group, la_int n, const la_real *gw) {
    la_int j, c = 0;
    if (gw) return gw[j0];
    for (j = 0; j < n; ++j) c += group[j] == j0;
    return sqrtl((long double)c);
}

double rr_group_gap(la_mat X, const la_real *y, const la_real *coef, const la_int *group, la_int G,
                    const la_real *gw, double lambda) {
    la_int m = X.rows, n = X.cols, i, j, g;
    long double *r = (long double *)calloc((size_t)(m > 0 ? m : 1), sizeof(long double)), *xr;
    long double L1 = (long double)m * lambda, rr = 0, ry = 0, dual = 0, pen = 0, c;
    rr_residual(X, y, coef, 0, r);
    xr = rr_xtr(X, r);
    for (i = 0; i < m; ++i) {
        rr += r[i] * r[i];
        ry += r[i] * y[i];
    }
    for (g = 0; g < G; ++g) {
        long double gn = 0, bn = 0, v = rr_group_weight(g, group, n, gw);
        for (j = 0; j < n; ++j)
            if (group[j] == g) {
                gn += xr[j] * xr[j];
                bn += (long double)coef[j] * coef[j];
            }
        pen += v * sqrtl(bn);
        if (v > 0 && sqrtl(gn) / v > dual) dual = sqrtl(gn) / v;
    }
    c = dual > L1 ? L1 / dual : 1;
    free(r);
    free(xr);
    return (double)(((1 + c * c) * rr / 2 - c * ry + L1 * pen) / m);
}

double rr_group_kkt_excess(la_mat X, const la_real *y, const la_real *coef, const la_int *group,
                           la_int G, const la_real *gw, double lambda, double gap, double slack) {
    la_int m = X.rows, n = X.cols, i, j, g;
    long double *r = (long double *)calloc((size_t)(m > 0 ? m : 1), sizeof(long double)), *xr;
    double worst = -1e300;
    if (gap < 0) gap = 0;
    gap += 1e-13 * rr_sumsq(m, y) / (m > 0 ? m : 1);
    rr_residual(X, y, coef, 0, r);
    xr = rr_xtr(X, r);
    for (g = 0; g < G; ++g) {
        long double v = rr_group_weight(g, group, n, gw), fro = 0, bn = 0, e = 0, allow;
        for (j = 0; j < n; ++j)
            if (group[j] == g) {
                for (i = 0; i < m; ++i) fro += (long double)LA_AT(X, i, j) * LA_AT(X, i, j);
                bn += (long double)coef[j] * coef[j];
            }
        bn = sqrtl(bn);
        allow = sqrtl(fro) * sqrtl(2 * gap / m) + slack;
        if (bn == 0) {
            for (j = 0; j < n; ++j)
                if (group[j] == g) e += xr[j] * xr[j] / ((long double)m * m);
            e = sqrtl(e) - lambda * v;
        } else {
            for (j = 0; j < n; ++j)
                if (group[j] == g) {
                    long double d = xr[j] / m - lambda * v * coef[j] / bn;
                    e += d * d;
                }
            e = sqrtl(e);
        }
        if ((double)(e - allow) > worst) worst = (double)(e - allow);
    }
    free(r);
    free(xr);
    return G > 0 ? worst : 0;
}

double rr_fit_distance(la_mat X, const la_real *a, const la_real *b) {
    la_int i, j;
    long double s = 0;
    for (i = 0; i < X.rows; ++i) {
        long double t = 0;
        for (j = 0; j < X.cols; ++j) t += (long double)LA_AT(X, i, j) * ((long double)a[j] - b[j]);
        s += t * t;
    }
    return X.rows > 0 ? (double)sqrtl(s / X.rows) : 0;
}

double rr_sumsq(la_int n, const la_real *v) {
    long double s = 0;
    la_int i;
    for (i = 0; i < n; ++i) s += (long double)v[i] * v[i];
    return (double)s;
}

sp_mat rr_csc(la_mat X) {
    sp_mat A;
    if (sp_from_dense(X, 0, SP_CSC, &A) != LA_OK) {
        printf("recref: out of memory\n");
        exit(2);
    }
    return A;
}

/* test_recovery_paths.c - sparse.h section 6, the paths the other recovery
 * tests leave out: NaN in y with an empty design, caller-owned path storage,
 * a user's lambda grid, sp_path_at at and beyond its ends, the grid of a CSC
 * design, a path whose first failure is reported, workspaces too small for
 * every solver, FISTA started at the optimum, empty and unpenalized groups,
 * zero and constant columns, a CSC design centered implicitly under naive
 * updates, OMP warm starts with several and with dependent seeds and its
 * "no atom left" stop, the argument and input errors of the Gram and batch
 * forms, LARS option errors, a nearly parallel column, max_steps and a full
 * path, and the stopping rules of IHT and CoSaMP. Errors are checked for
 * status, info and untouched outputs; results against closed forms,
 * brute-force references or the duality gaps and KKT conditions of
 * recref.c (long double, no code shared with sparse.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"
#include "recref.h"

/* The tightest gap tolerance each precision reaches reliably, and the
 * rounding in a computed gap (objective units), as in test_recovery.c. */
#define RP_TOL (LA_REAL_IS_FLOAT ? 1e-4 : 1e-9)
#define RP_GAP_SLACK(yy) (16 * TU_EPS * (yy))

/* 1 if info->reason is `want` (prints the reason otherwise). */
static int rp_reason(const sp_info *info, const char *want) {
    if (info->reason && strcmp(info->reason, want) == 0) return 1;
    printf("  reason \"%s\", expected \"%s\"\n", info->reason ? info->reason : "(null)", want);
    return 0;
}
#define CHECK_REASON(info, want) CHECK(rp_reason(&(info), want))

static void rp_fill(la_int n, la_real *v, double x) {
    la_int j;
    for (j = 0; j < n; ++j) v[j] = (la_real)x;
}
static int rp_all(la_int n, const la_real *v, double x) {
    la_int j;
    for (j = 0; j < n; ++j)
        if (v[j] != (la_real)x) return 0;
    return 1;
}
static la_int rp_nnz(la_int n, const la_real *b) {
    la_int j, c = 0;
    for (j = 0; j < n; ++j) c += b[j] != 0;
    return c;
}

/* lambda_max = max_j |x_j^T y| / (m alpha) in long double (no intercept). */
static double rp_lambda_max(la_mat X, const la_real *y, double alpha) {
    la_int i, j;
    long double best = 0;
    for (j = 0; j < X.cols; ++j) {
        long double s = 0;
        for (i = 0; i < X.rows; ++i) s += (long double)LA_AT(X, i, j) * y[i];
        if (fabsl(s) > best) best = fabsl(s);
    }
    return (double)(best / X.rows / alpha);
}

/* Xc = X - 1 xbar^T and yc = y - ybar (means in long double), the problem
 * an intercept reduces to; xbar (n) and *ybar receive the means. */
static void rp_center(la_mat X, const la_real *y, la_mat Xc, la_real *yc, double *xbar, double *ybar) {
    la_int i, j, m = X.rows;
    long double s = 0;
    for (i = 0; i < m; ++i) s += y[i];
    *ybar = (double)(s / m);
    for (i = 0; i < m; ++i) yc[i] = (la_real)(y[i] - s / m);
    for (j = 0; j < X.cols; ++j) {
        s = 0;
        for (i = 0; i < m; ++i) s += LA_AT(X, i, j);
        xbar[j] = (double)(s / m);
        for (i = 0; i < m; ++i) LA_AT(Xc, i, j) = (la_real)(LA_AT(X, i, j) - s / m);
    }
}

/* Least squares of y on the columns S[0..k) of X in long double (normal
 * equations, Gaussian elimination with partial pivoting; k <= 8): b and
 * the residual r = y - X_S b. */
static void rp_ls_ld(la_mat X, const long double *y, const la_int *S, la_int k, long double *b, long double *r) {
    long double M[8][9];
    la_int i, j, c, p, q, m = X.rows;
    for (j = 0; j < k; ++j) {
        for (c = 0; c < k; ++c) {
            long double s = 0;
            for (i = 0; i < m; ++i) s += (long double)LA_AT(X, i, S[j]) * LA_AT(X, i, S[c]);
            M[j][c] = s;
        }
        M[j][k] = 0;
        for (i = 0; i < m; ++i) M[j][k] += (long double)LA_AT(X, i, S[j]) * y[i];
    }
    for (c = 0; c < k; ++c) {
        for (p = c, j = c + 1; j < k; ++j)
            if (fabsl(M[j][c]) > fabsl(M[p][c])) p = j;
        for (q = 0; q <= k; ++q) {
            long double t = M[c][q];
            M[c][q] = M[p][q];
            M[p][q] = t;
        }
        for (j = 0; j < k; ++j)
            if (j != c) {
                long double f = M[j][c] / M[c][c];
                for (q = c; q <= k; ++q) M[j][q] -= f * M[c][q];
            }
    }
    for (j = 0; j < k; ++j) b[j] = M[j][k] / M[j][j];
    for (i = 0; i < m; ++i) {
        long double s = y[i];
        for (j = 0; j < k; ++j) s -= (long double)LA_AT(X, i, S[j]) * b[j];
        r[i] = s;
    }
}
static void rp_ls(la_mat X, const la_real *y, const la_int *S, la_int k, long double *b, long double *r) {
    long double *yl = (long double *)calloc((size_t)X.rows, sizeof(long double));
    la_int i;
    for (i = 0; i < X.rows; ++i) yl[i] = y[i];
    rp_ls_ld(X, yl, S, k, b, r);
    free(yl);
}

/* The duality gap of the group LASSO (1/(2m))||y - X coef||^2 + lambda
 * sum_g v_g ||coef_g|| from its definition, valid with unpenalized groups
 * (v_g = 0, at most 8 features in all): the residual r projected off their
 * columns (long double least squares), scaled by c <= 1 until
 * ||X_g^T theta|| <= m lambda v_g for the others; gap = (P - D) / m with
 * P = ||r||^2 / 2 + m lambda sum_g v_g ||coef_g||, D = theta^T y -
 * ||theta||^2 / 2. */
static double rp_group_gap(la_mat X, const la_real *y, const la_real *coef, const la_int *group, la_int G,
                           const la_real *gw, double lambda) {
    la_int m = X.rows, n = X.cols, i, j, g, U[8], nu = 0;
    long double *r = (long double *)calloc((size_t)m, sizeof(long double));
    long double *rp = (long double *)calloc((size_t)m, sizeof(long double)), t[8];
    long double L1 = (long double)m * lambda, P = 0, D = 0, dual = 0, c;
    rr_residual(X, y, coef, 0, r);
    for (j = 0; j < n; ++j)
        if (gw[group[j]] == 0) U[nu++] = j;
    rp_ls_ld(X, r, U, nu, t, rp);
    for (g = 0; g < G; ++g) {
        long double gn = 0, bn = 0;
        for (j = 0; j < n; ++j)
            if (group[j] == g) {
                long double s = 0;
                for (i = 0; i < m; ++i) s += (long double)LA_AT(X, i, j) * rp[i];
                gn += s * s;
                bn += (long double)coef[j] * coef[j];
            }
        P += L1 * gw[g] * sqrtl(bn);
        if (gw[g] > 0 && sqrtl(gn) / gw[g] > dual) dual = sqrtl(gn) / gw[g];
    }
    c = dual > L1 ? L1 / dual : 1;
    for (i = 0; i < m; ++i) {
        P += r[i] * r[i] / 2;
        D += c * rp[i] * y[i] - c * c * rp[i] * rp[i] / 2;
    }
    free(r);
    free(rp);
    return (double)((P - D) / m);
}

/* Entry (i, j) of the Sylvester-Hadamard matrix: columns orthogonal, each
 * of squared norm equal to the order. */
static la_real rp_hadamard(la_int i, la_int j) {
    la_int t = i & j;
    int odd = 0;
    for (; t; t >>= 1) odd ^= (int)(t & 1);
    return odd ? -1 : 1;
}

/* ---- empty design, NaN in y ---- */

/* With n = 0 the solvers return before any fitting, but a NaN or Inf in y
 * is still LA_ERR_NONFINITE with the reason "NaN or Inf in y"; the path
 * and grid entry points write nothing (path count and lambdas as they
 * were). */
TEST(recovery_paths_empty_design_nan_in_y) {
    la_real y[3], lam[4];
    la_mat X0 = la_mat_of(3, 0, NULL);
    la_real plam[4], pgap[4];
    la_int pptr[5];
    sp_lasso_opts o;
    sp_info info;
    sp_path P;
    int bad;
    memset(&o, 0, sizeof o);
    o.fit_intercept = 1;
    o.n_lambda = 4;
    for (bad = 0; bad < 2; ++bad) {
        y[0] = 1;
        y[1] = bad ? (la_real)INFINITY : (la_real)NAN;
        y[2] = 2;
        memset(&info, 0, sizeof info);
        CHECK_STATUS(sp_lasso(X0, y, 1, NULL, &o, &info, NULL), LA_ERR_NONFINITE);
        CHECK_INT(info.status, LA_ERR_NONFINITE);
        CHECK_REASON(info, "NaN or Inf in y");
        CHECK_STATUS(sp_enet(X0, y, 1, (la_real)0.5, NULL, NULL, &info, NULL), LA_ERR_NONFINITE);
        CHECK_REASON(info, "NaN or Inf in y");
        CHECK_STATUS(sp_mcp(X0, y, 1, 0, NULL, NULL, &info, NULL), LA_ERR_NONFINITE);
        CHECK_STATUS(sp_fista(X0, y, 1, 1, NULL, NULL, &info, NULL), LA_ERR_NONFINITE);
        CHECK_REASON(info, "NaN or Inf in y");
        CHECK_STATUS(sp_group_lasso(X0, y, NULL, 0, NULL, 1, NULL, NULL, &info, NULL), LA_ERR_NONFINITE);
        CHECK_REASON(info, "NaN or Inf in y");
        /* the path: a caller-owned one holding one earlier lambda */
        P = sp_path_of(0, 4, 0, plam, pptr, NULL, NULL, NULL, pgap);
        P.count = 1;
        plam[0] = 7;
        pptr[1] = 0;
        memset(&info, 0, sizeof info);
        CHECK_STATUS(sp_lasso_path(X0, y, 1, &o, &P, &info, NULL), LA_ERR_NONFINITE);
        CHECK_INT(info.status, LA_ERR_NONFINITE);
        CHECK_REASON(info, "NaN or Inf in y");
        CHECK(P.count == 1 && plam[0] == 7);
        rp_fill(4, lam, 7);
        CHECK_STATUS(sp_lambda_grid(X0, y, 1, &o, lam, NULL), LA_ERR_NONFINITE);
        CHECK(rp_all(4, lam, 7));
    }
    /* finite y: the same calls succeed (the intercept is mean(y)) */
    y[1] = 3;
    CHECK_STATUS(sp_lasso_path(X0, y, 1, &o, &P, &info, NULL), LA_OK);
    CHECK(P.count == 4 && info.intercept == 2);
}

/* ---- caller-owned paths, user grids, sp_path_at ---- */

/* The path of the LASSO over a user's grid (o->lambdas, copied exactly)
 * into caller-owned arrays (sp_path_of: ptr[0] set, nothing allocated):
 * every stored solution within the gap tolerance of its lambda and
 * satisfying the KKT conditions (recref). With an intercept the stored
 * coefficients solve the centered problem and the stored intercept is
 * ybar - xbar^T coef. Storage too small for the nonzeros or for the
 * lambdas: LA_ERR_NOMEM, reason "path storage full", the lambdas that fit
 * stored exactly as with room enough. */
TEST(recovery_paths_caller_owned_path_user_grid) {
    la_rng r = la_rng_seed(301);
    rr_problem p = rr_gaussian(&r, 40, 25, 4, 0.2, 0);
    const la_int m = 40, n = 25, nl = 5;
    static const double frac[5] = {0.8, 0.4, 0.2, 0.1, 0.05};
    la_real grid[5], lam[5], icp[5], gap[5], *val = tu_reals(125), *coef = tu_reals(25);
    la_real *yc = tu_reals(40);
    la_int ptr[6], *idx = tu_ints(125), k, j;
    la_mat Xc = tu_mat(40, 25, 0);
    double lmax = rp_lambda_max(p.X, p.y, 1), xbar[25], ybar, yy = rr_sumsq(m, p.y);
    sp_lasso_opts o;
    sp_info info;
    sp_path P;
    int inter;
    for (k = 0; k < nl; ++k) grid[k] = (la_real)(frac[k] * lmax);
    rp_center(p.X, p.y, Xc, yc, xbar, &ybar);
    memset(&o, 0, sizeof o);
    o.lambdas = grid;
    o.n_lambda = nl;
    o.tol = (la_real)RP_TOL;
    o.max_iter = 100000;
    for (inter = 0; inter < 2; ++inter) {
        double yyc = inter ? rr_sumsq(m, yc) : yy;
        o.fit_intercept = inter;
        ptr[0] = 99;
        P = sp_path_of(n, nl, n * nl, lam, ptr, idx, val, icp, gap);
        CHECK(P.count == 0 && P.owned == 0 && ptr[0] == 0 && P.lambda == lam && P.val == val);
        CHECK_STATUS(sp_lasso_path(p.X, p.y, 1, &o, &P, &info, NULL), LA_OK);
        CHECK_REASON(info, "path complete");
        CHECK_INT(P.count, nl);
        for (k = 0; k < nl; ++k) {
            double g;
            CHECK(lam[k] == grid[k]);
            CHECK_STATUS(sp_path_coef(&P, k, coef), LA_OK);
            CHECK_LE(gap[k], o.tol * yyc / m);
            if (inter) {
                long double b0 = ybar;
                for (j = 0; j < n; ++j) b0 -= xbar[j] * coef[j];
                CHECK_NEAR(icp[k], b0, 1e3 * TU_EPS * (fabs(ybar) + 1));
                g = rr_gap(Xc, yc, coef, lam[k], 1, NULL, 0);
                CHECK_LE(g, o.tol * yyc / m + RP_GAP_SLACK(yyc));
                CHECK_LE(rr_kkt_excess(p.X, p.y, coef, icp[k], lam[k], 1, NULL, 0, g, 1e-6 * lmax), 0);
            } else {
                CHECK(icp[k] == 0);
                g = rr_gap(p.X, p.y, coef, lam[k], 1, NULL, 0);
                CHECK_LE(g, o.tol * yy / m + RP_GAP_SLACK(yy));
                CHECK_LE(rr_kkt_excess(p.X, p.y, coef, 0, lam[k], 1, NULL, 0, g, 1e-12 * lmax), 0);
            }
        }
    }
    /* sp_path_at (on the intercept path): beyond the first lambda and at
       it, the first solution; below the last and at it, the last; between
       two, the linear interpolation of coefficients and intercepts */
    {
        la_real *a = tu_reals(25), *b = tu_reals(25), b0 = -1;
        double t = 0.25;
        sp_path_coef(&P, 0, a);
        CHECK_STATUS(sp_path_at(&P, (la_real)(2 * lmax), coef, &b0), LA_OK);
        CHECK(memcmp(coef, a, 25 * sizeof(la_real)) == 0 && b0 == icp[0]);
        CHECK_STATUS(sp_path_at(&P, lam[0], coef, &b0), LA_OK);
        CHECK(memcmp(coef, a, 25 * sizeof(la_real)) == 0 && b0 == icp[0]);
        sp_path_coef(&P, nl - 1, b);
        CHECK_STATUS(sp_path_at(&P, 0, coef, &b0), LA_OK);
        CHECK(memcmp(coef, b, 25 * sizeof(la_real)) == 0 && b0 == icp[nl - 1]);
        CHECK_STATUS(sp_path_at(&P, lam[nl - 1], coef, NULL), LA_OK);
        CHECK(memcmp(coef, b, 25 * sizeof(la_real)) == 0);
        sp_path_coef(&P, 1, a);
        sp_path_coef(&P, 2, b);
        CHECK_STATUS(sp_path_at(&P, (la_real)((1 - t) * lam[1] + t * lam[2]), coef, &b0), LA_OK);
        for (j = 0; j < n; ++j) CHECK_NEAR(coef[j], (1 - t) * a[j] + t * b[j], 8 * TU_EPS * (fabs((double)a[j]) + fabs((double)b[j])));
        CHECK_NEAR(b0, (1 - t) * icp[1] + t * icp[2], 8 * TU_EPS * (fabs((double)icp[1]) + fabs((double)icp[2])));
        /* a path recorded without intercepts gives 0 */
        P.intercept = NULL;
        b0 = -1;
        CHECK_STATUS(sp_path_at(&P, (la_real)(2 * lmax), coef, &b0), LA_OK);
        CHECK(b0 == 0);
        /* errors: lambda NaN, an empty path */
        CHECK_STATUS(sp_path_at(&P, (la_real)NAN, coef, &b0), LA_ERR_ARG);
        P.count = 0;
        CHECK_STATUS(sp_path_at(&P, 1, coef, &b0), LA_ERR_ARG);
        tu_free(a);
        tu_free(b);
    }
    /* room for the nonzeros of the first lambdas only */
    {
        la_real lam2[5], val2[12], icp2[5], gap2[5];
        la_int ptr2[6], idx2[12];
        sp_path Q = sp_path_of(n, nl, 12, lam2, ptr2, idx2, val2, icp2, gap2);
        o.fit_intercept = 0;
        P = sp_path_of(n, nl, n * nl, lam, ptr, idx, val, icp, gap);
        CHECK_STATUS(sp_lasso_path(p.X, p.y, 1, &o, &P, NULL, NULL), LA_OK);
        CHECK_STATUS(sp_lasso_path(p.X, p.y, 1, &o, &Q, &info, NULL), LA_ERR_NOMEM);
        CHECK_INT(info.status, LA_ERR_NOMEM);
        CHECK_REASON(info, "path storage full");
        CHECK(Q.count >= 1 && Q.count < nl);
        CHECK(ptr[Q.count] <= 12 && ptr[Q.count + 1] > 12); /* the next one did not fit */
        CHECK(memcmp(ptr2, ptr, (size_t)(Q.count + 1) * sizeof(la_int)) == 0);
        CHECK(memcmp(idx2, idx, (size_t)ptr2[Q.count] * sizeof(la_int)) == 0);
        CHECK(memcmp(val2, val, (size_t)ptr2[Q.count] * sizeof(la_real)) == 0);
        CHECK(memcmp(lam2, lam, (size_t)Q.count * sizeof(la_real)) == 0);
        /* room for two lambdas */
        Q = sp_path_of(n, 2, n * 2, lam2, ptr2, idx, val, NULL, NULL);
        CHECK_STATUS(sp_lasso_path(p.X, p.y, 1, &o, &Q, &info, NULL), LA_ERR_NOMEM);
        CHECK_REASON(info, "path storage full");
        CHECK(Q.count == 2 && lam2[0] == lam[0] && lam2[1] == lam[1] && ptr2[2] == ptr[2]);
    }
    tu_free(val);
    tu_free(coef);
    tu_free(yc);
    tu_free(idx);
    tu_free(Xc.data);
    rr_free(&p);
}

/* The grid of a CSC design: lambda_max = max_j |x_j^T y| / (m l1_ratio)
 * (computed here in long double; with an intercept on the centered data),
 * then log-spaced down to eps lambda_max; the same as the dense design's
 * grid to rounding; a user grid is copied; NULL lambdas is LA_ERR_ARG. */
TEST(recovery_paths_lambda_grid_csc) {
    la_rng r = la_rng_seed(302);
    rr_problem p = rr_gaussian(&r, 30, 20, 3, 0.3, 0);
    la_real gd[6], gs[6], user[6] = {5, 4, 4, 1, (la_real)0.5, 0}, *yc = tu_reals(30);
    la_mat Xc = tu_mat(30, 20, 0);
    double xbar[20], ybar;
    sp_lasso_opts o;
    sp_mat A;
    la_int i, j, k;
    int inter;
    for (i = 0; i < 30; ++i)
        for (j = 0; j < 20; ++j)
            if (la_rng_uniform(&r) < 0.5) LA_AT(p.X, i, j) = 0;
    A = rr_csc(p.X);
    rp_center(p.X, p.y, Xc, yc, xbar, &ybar);
    memset(&o, 0, sizeof o);
    o.n_lambda = 6;
    o.eps = (la_real)0.01;
    for (inter = 0; inter < 2; ++inter) {
        double alpha = inter ? 0.5 : 1;
        double lmax = inter ? rp_lambda_max(Xc, yc, alpha) : rp_lambda_max(p.X, p.y, alpha);
        o.fit_intercept = inter;
        CHECK_STATUS(sp_lambda_grid_csc(&A, p.y, (la_real)alpha, &o, gs, NULL), LA_OK);
        CHECK_STATUS(sp_lambda_grid(p.X, p.y, (la_real)alpha, &o, gd, NULL), LA_OK);
        for (k = 0; k < 6; ++k) {
            double want = lmax * pow(0.01, k / 5.0);
            CHECK_NEAR(gs[k], want, 64 * TU_EPS * want);
            CHECK_NEAR(gs[k], gd[k], 64 * TU_EPS * want);
        }
    }
    o.lambdas = user;
    CHECK_STATUS(sp_lambda_grid_csc(&A, p.y, 1, &o, gs, NULL), LA_OK);
    CHECK(memcmp(gs, user, sizeof user) == 0);
    CHECK_STATUS(sp_lambda_grid_csc(&A, p.y, 1, &o, NULL, NULL), LA_ERR_ARG);
    sp_free(&A);
    tu_free(yc);
    tu_free(Xc.data);
    rr_free(&p);
}

/* A path whose solves run out of passes (max_iter 1) goes on to the end of
 * the grid: every lambda stored, status LA_ERR_NO_CONVERGENCE and reason
 * "max_iter reached" of the first lambda that failed (the first, at
 * lambda_max, is solved by zero in one pass), info.gap the largest stored
 * gap. Cross-validation over such paths reports "a fold's path did not
 * converge" and still fills its curve. */
TEST(recovery_paths_path_reports_first_failure) {
    la_rng r = la_rng_seed(303);
    rr_problem p = rr_gaussian(&r, 30, 40, 5, 0.1, 0);
    sp_lasso_opts o;
    sp_info info;
    sp_path P;
    la_real cl[6], cm[6], cs[6];
    sp_cv cv = sp_cv_of(6, cl, cm, cs);
    double worst = 0;
    la_int k;
    memset(&o, 0, sizeof o);
    o.n_lambda = 6;
    o.max_iter = 1;
    o.tol = (la_real)RP_TOL;
    CHECK_STATUS(sp_path_alloc(40, 6, 0, &P), LA_OK);
    CHECK_STATUS(sp_lasso_path(p.X, p.y, 1, &o, &P, &info, NULL), LA_ERR_NO_CONVERGENCE);
    CHECK_INT(info.status, LA_ERR_NO_CONVERGENCE);
    CHECK_REASON(info, "max_iter reached");
    CHECK_INT(P.count, 6);
    CHECK(P.ptr[1] == 0 && P.gap[0] <= info.gap_tol); /* lambda_max: zero, converged */
    for (k = 0; k < 6; ++k)
        if (P.gap[k] > worst) worst = P.gap[k];
    CHECK(worst > info.gap_tol && info.gap == (la_real)worst);
    o.n_folds = 3;
    CHECK_STATUS(sp_lasso_cv(p.X, p.y, 1, &o, &cv, &info, NULL), LA_ERR_NO_CONVERGENCE);
    CHECK_REASON(info, "a fold's path did not converge");
    CHECK(cv.index_min >= 0 && cv.index_min < 6 && cm[cv.index_min] > 0 && cl[0] == P.lambda[0]);
    sp_path_free(&P);
    rr_free(&p);
}

/* ---- workspaces too small ---- */

/* Every solver refuses an arena too small for it with LA_ERR_NOMEM and the
 * reason "workspace too small", writes nothing (coef, Coef, the path and
 * the cv result as they were) and leaves the arena as it was. The group
 * LASSO fails either at its first, small scratch (the group sizes: an
 * 8-byte arena) or at its main one. */
TEST(recovery_paths_workspace_too_small) {
    la_rng r = la_rng_seed(304);
    rr_problem p = rr_gaussian(&r, 12, 8, 2, 0.1, 0);
    static double buf[512]; /* 4 KB, more than any arena below claims */
    la_arena ar = la_arena_of(buf, 256), tiny = la_arena_of(buf, 8);
    la_real b[8], G[64], xty[8], C[16];
    la_int grp[8] = {0, 0, 1, 1, 2, 2, 3, 3}, i, j;
    sp_lasso_opts o;
    sp_info info;
    sp_path P;
    la_real cl[4], cm[4], cs[4];
    sp_cv cv = sp_cv_of(4, cl, cm, cs);
    memset(&o, 0, sizeof o);
    o.n_lambda = 4;
    o.n_folds = 3;
    rp_fill(8, b, 7);
    rp_fill(4, cl, 7);
    CHECK_STATUS(sp_path_alloc(8, 4, 0, &P), LA_OK);
    P.count = 1;
#define RP_NOMEM(call)                                   \
    do {                                                 \
        memset(&info, 0, sizeof info);                   \
        CHECK_STATUS(call, LA_ERR_NOMEM);                \
        CHECK_INT(info.status, LA_ERR_NOMEM);            \
        CHECK_REASON(info, "workspace too small");       \
    } while (0)
    RP_NOMEM(sp_lasso_path(p.X, p.y, 1, &o, &P, &info, &ar));
    CHECK(P.count == 1);
    RP_NOMEM(sp_lasso_cv(p.X, p.y, 1, &o, &cv, &info, &ar));
    CHECK(rp_all(4, cl, 7) && cv.index_min == -1);
    RP_NOMEM(sp_fista(p.X, p.y, 1, 1, b, &o, &info, &ar));
    RP_NOMEM(sp_group_lasso(p.X, p.y, grp, 4, NULL, 1, b, NULL, &info, &tiny));
    RP_NOMEM(sp_group_lasso(p.X, p.y, grp, 4, NULL, 1, b, NULL, &info, &ar));
    RP_NOMEM(sp_iht(p.X, p.y, 2, b, NULL, &info, &ar));
    RP_NOMEM(sp_cosamp(p.X, p.y, 2, b, NULL, &info, &ar));
    CHECK(rp_all(8, b, 7));
    /* the Gram and batch forms of OMP */
    for (i = 0; i < 8; ++i) {
        long double s = 0;
        for (j = 0; j < 8; ++j) {
            la_int t;
            long double g = 0;
            for (t = 0; t < 12; ++t) g += (long double)LA_AT(p.X, t, i) * LA_AT(p.X, t, j);
            G[i * 8 + j] = (la_real)g;
        }
        for (j = 0; j < 12; ++j) s += (long double)LA_AT(p.X, j, i) * p.y[j];
        xty[i] = (la_real)s;
    }
    CHECK(sp_omp_gram_ws_bytes(8, 3) <= sizeof buf);
    tiny = la_arena_of(buf, sp_omp_gram_ws_bytes(8, 3) - LA_ARENA_ALIGN - 1);
    RP_NOMEM(sp_omp_gram(la_mat_of(8, 8, G), xty, (la_real)rr_sumsq(12, p.y), 3, 0, b, NULL, &info, &tiny));
    CHECK(rp_all(8, b, 7));
    rp_fill(16, C, 7);
    RP_NOMEM(sp_omp_batch(p.X, la_mat_of(2, 12, p.X.data), 3, 0, la_mat_of(2, 8, C), NULL, &info, &ar));
    CHECK(rp_all(16, C, 7));
#undef RP_NOMEM
    CHECK(ar.used == 0 && tiny.used == 0);
    /* the query of the Gram form suffices */
    {
        size_t q = sp_omp_gram_ws_bytes(8, 3);
        unsigned char *big = (unsigned char *)malloc(q + 3);
        la_arena a2 = la_arena_of(big + 3, q);
        rp_fill(8, b, 0);
        CHECK_STATUS(sp_omp_gram(la_mat_of(8, 8, G), xty, (la_real)rr_sumsq(12, p.y), 3, 0, b, NULL, &info, &a2), LA_OK);
        CHECK(info.nnz == 3 && a2.used == 0 && a2.peak <= q);
        free(big);
    }
    sp_path_free(&P);
    rr_free(&p);
}

/* ---- FISTA at the optimum from the start ---- */

/* FISTA tests the duality gap of its starting point before iterating: from
 * zero at lambda >= lambda_max (zero is then the solution: |x_j^T y| / m
 * <= lambda), and from a warm start already within the tolerance (a
 * coordinate-descent solution to a far tighter one), it returns at once:
 * LA_OK, 0 iterations, reason "duality gap <= tol", coef as it came. */
TEST(recovery_paths_fista_starts_at_the_optimum) {
    la_rng r = la_rng_seed(305);
    rr_problem p = rr_gaussian(&r, 25, 15, 3, 0.2, 0);
    la_real b[15], w[15], lmax = (la_real)(rp_lambda_max(p.X, p.y, 1) * (1 + 16 * TU_EPS));
    double yy = rr_sumsq(25, p.y);
    sp_lasso_opts o;
    sp_info info;
    int csc;
    for (csc = 0; csc < 2; ++csc) {
        sp_mat A = rr_csc(p.X);
        rp_fill(15, b, 0);
        CHECK_STATUS(csc ? sp_fista_csc(&A, p.y, lmax, 1, b, NULL, &info, NULL)
                         : sp_fista(p.X, p.y, lmax, 1, b, NULL, &info, NULL),
                     LA_OK);
        CHECK_INT(info.iterations, 0);
        CHECK_REASON(info, "duality gap <= tol");
        CHECK(rp_all(15, b, 0) && info.nnz == 0);
        CHECK_LE(rr_gap(p.X, p.y, b, lmax, 1, NULL, 0), RP_GAP_SLACK(yy));
        sp_free(&A);
    }
    memset(&o, 0, sizeof o);
    o.tol = (la_real)(RP_TOL / 100);
    o.max_iter = 100000;
    rp_fill(15, w, 0);
    CHECK_STATUS(sp_enet(p.X, p.y, lmax / 8, (la_real)0.7, w, &o, NULL, NULL), LA_OK);
    memcpy(b, w, sizeof b);
    CHECK_STATUS(sp_fista(p.X, p.y, lmax / 8, (la_real)0.7, b, NULL, &info, NULL), LA_OK);
    CHECK_INT(info.iterations, 0);
    CHECK_REASON(info, "duality gap <= tol");
    CHECK(memcmp(b, w, sizeof b) == 0 && info.gap <= info.gap_tol);
    rr_free(&p);
}

/* ---- group LASSO: an empty group, an unpenalized group ---- */

/* On an orthogonal design (Hadamard columns, X^T X = m I) the group LASSO
 * has the closed form b_g = (1 - lambda v_g / ||z_g||)_+ z_g, z_g =
 * X_g^T y / m, and an unpenalized group (v_g = 0) gets its least-squares
 * coefficients z_g. A group index with no member is allowed and changes
 * nothing; groups listed in any order; dense and CSC designs. On a
 * correlated design with singleton groups (the weighted LASSO) the
 * solution meets the gap and KKT conditions of that LASSO, whose dual
 * point must be kept orthogonal to the unpenalized feature; with an
 * unpenalized group of two nearly collinear columns (inexact block steps)
 * it meets the group gap computed from the definition with the residual
 * projected off that group, and the group KKT conditions. */
TEST(recovery_paths_group_lasso_empty_and_unpenalized_groups) {
    const la_int m = 8, n = 7;
    la_int group[7] = {3, 0, 2, 0, 3, 2, 5}, i, j, g; /* groups 1 and 4 empty */
    la_real gw[6], b[7], y[8];
    la_mat X = tu_mat(8, 7, 0);
    long double z[7], zn[6] = {0, 0, 0, 0, 0, 0}, want[7];
    la_rng r = la_rng_seed(306);
    double lam;
    sp_lasso_opts o;
    sp_info info;
    int csc;
    for (i = 0; i < m; ++i) {
        for (j = 0; j < n; ++j) LA_AT(X, i, j) = rp_hadamard(i, j + 1);
        y[i] = (la_real)la_rng_normal(&r);
    }
    for (j = 0; j < n; ++j) {
        z[j] = 0;
        for (i = 0; i < m; ++i) z[j] += (long double)LA_AT(X, i, j) * y[i];
        z[j] /= m;
        zn[group[j]] += z[j] * z[j];
    }
    for (g = 0; g < 6; ++g) zn[g] = sqrtl(zn[g]);
    /* group 0 shrunk to half, group 3 set to zero, group 2 unpenalized,
       group 5 (one feature) shrunk */
    lam = (double)zn[0] / 2;
    gw[0] = 1;
    gw[1] = 3;
    gw[2] = 0;
    gw[3] = (la_real)(1.5 * (double)zn[3] / lam);
    gw[4] = 1;
    gw[5] = (la_real)(0.25 * (double)zn[5] / lam);
    for (j = 0; j < n; ++j) {
        long double s = 1 - (long double)lam * gw[group[j]] / zn[group[j]];
        want[j] = (s > 0 ? s : 0) * z[j];
    }
    memset(&o, 0, sizeof o);
    o.tol = (la_real)RP_TOL;
    o.max_iter = 10000;
    for (csc = 0; csc < 2; ++csc) {
        sp_mat A = rr_csc(X);
        rp_fill(n, b, 0);
        CHECK_STATUS(csc ? sp_group_lasso_csc(&A, y, group, 6, gw, (la_real)lam, b, &o, &info, NULL)
                         : sp_group_lasso(X, y, group, 6, gw, (la_real)lam, b, &o, &info, NULL),
                     LA_OK);
        CHECK_REASON(info, "duality gap <= tol");
        for (j = 0; j < n; ++j) CHECK_NEAR(b[j], want[j], sqrt(2 * RP_TOL * rr_sumsq(m, y) / m) + 64 * TU_EPS);
        CHECK(b[0] == 0 && b[4] == 0 && b[2] != 0 && b[5] != 0);
        CHECK_INT(info.nnz, 5);
        sp_free(&A);
    }
    tu_free(X.data);
    /* singleton groups on a correlated design are the weighted LASSO with
       w_j = v of j's group: its duality gap (the residual projected off the
       unpenalized feature, recref) and KKT conditions, and coordinate
       descent with those penalty factors, with one group unpenalized and
       one empty */
    {
        la_int g1[8] = {7, 0, 6, 1, 5, 2, 4, 3};
        la_real gw1[9] = {1, 1, 1, 1, 1, 1, 0, 1, 2}, pf[8], b1[8], b2[8];
        rr_problem q = rr_gaussian(&r, 30, 8, 3, 0.3, 0);
        double yy = rr_sumsq(30, q.y), g;
        for (i = 0; i < 30; ++i)
            for (j = 1; j < 8; ++j) LA_AT(q.X, i, j) += (la_real)0.8 * LA_AT(q.X, i, j - 1);
        for (j = 0; j < 8; ++j) pf[j] = gw1[g1[j]];
        lam = 0.3 * rp_lambda_max(q.X, q.y, 1);
        rp_fill(8, b1, 0);
        rp_fill(8, b2, 0);
        CHECK_STATUS(sp_group_lasso(q.X, q.y, g1, 9, gw1, (la_real)lam, b1, &o, &info, NULL), LA_OK);
        g = rr_gap(q.X, q.y, b1, (double)(la_real)lam, 1, pf, 0);
        CHECK_LE(g, o.tol * yy / 30 + RP_GAP_SLACK(yy));
        CHECK_LE(rr_kkt_excess(q.X, q.y, b1, 0, (double)(la_real)lam, 1, pf, 0, g, 1e-12), 0);
        CHECK(b1[2] != 0);
        o.penalty_factor = pf;
        CHECK_STATUS(sp_lasso(q.X, q.y, (la_real)lam, b2, &o, NULL, NULL), LA_OK);
        o.penalty_factor = NULL;
        CHECK_LE(rr_fit_distance(q.X, b1, b2), 4 * sqrt(RP_TOL * yy / 30));
        rr_free(&q);
    }
    /* an unpenalized group of two nearly collinear columns (its majorized
       block step is far from exact) beside penalized pairs and an empty
       group: the gap from the definition and the group KKT conditions
       (for the unpenalized group, X_u^T r = 0) */
    {
        la_int g2[8] = {0, 0, 2, 2, 3, 3, 4, 4};
        la_real gw2[5] = {0, 1, (la_real)1.5, (la_real)1.5, (la_real)1.5}, b1[8];
        rr_problem q = rr_gaussian(&r, 30, 8, 4, 0.3, 0);
        double yy = rr_sumsq(30, q.y), g;
        for (i = 0; i < 30; ++i) {
            LA_AT(q.X, i, 1) = LA_AT(q.X, i, 0) + (la_real)0.3 * LA_AT(q.X, i, 1);
            for (j = 2; j < 8; ++j) LA_AT(q.X, i, j) += (la_real)0.5 * LA_AT(q.X, i, 0);
        }
        lam = 0.1 * rp_lambda_max(q.X, q.y, 1);
        rp_fill(8, b1, 0);
        o.max_iter = 100000;
        CHECK_STATUS(sp_group_lasso(q.X, q.y, g2, 5, gw2, (la_real)lam, b1, &o, &info, NULL), LA_OK);
        CHECK_LE(info.iterations, 20000);
        g = rp_group_gap(q.X, q.y, b1, g2, 5, gw2, (double)(la_real)lam);
        CHECK_LE(g, o.tol * yy / 30 + RP_GAP_SLACK(yy));
        CHECK_LE(rr_group_kkt_excess(q.X, q.y, b1, g2, 5, gw2, (double)(la_real)lam, g, 1e-12), 0);
        CHECK(b1[0] != 0 && b1[1] != 0);
        rr_free(&q);
    }
}

/* ---- coordinate descent: zero and constant columns; option errors ---- */

/* A zero column (and, with an intercept, a constant one) gets coefficient
 * 0 even when every pass visits it (SP_NO_ACTIVE_SET) or a warm start puts
 * it in the working set with a nonzero value, in both update modes and for
 * a CSC design; the other coefficients are those of the problem without
 * that column (its gap and KKT conditions, recref). An unknown penalty is
 * LA_ERR_ARG with coef untouched. */
TEST(recovery_paths_zero_and_constant_columns) {
    la_rng r = la_rng_seed(307);
    rr_problem p = rr_gaussian(&r, 20, 9, 3, 0.2, 0);
    la_mat X8 = tu_mat(20, 8, 0);
    la_real b[9], b8[8], lam;
    double yy = rr_sumsq(20, p.y);
    sp_lasso_opts o;
    sp_info info;
    la_int i, j;
    int mode, csc, warm;
    for (i = 0; i < 20; ++i) {
        LA_AT(p.X, i, 3) = 0;
        for (j = 0; j < 8; ++j) LA_AT(X8, i, j) = LA_AT(p.X, i, j < 3 ? j : j + 1);
    }
    lam = (la_real)(0.1 * rp_lambda_max(p.X, p.y, 1));
    for (mode = 1; mode <= 2; ++mode)
        for (csc = 0; csc < 2; ++csc)
            for (warm = 0; warm < 2; ++warm) {
                sp_mat A = rr_csc(p.X);
                double g;
                memset(&o, 0, sizeof o);
                o.tol = (la_real)RP_TOL;
                o.max_iter = 100000;
                o.mode = (sp_cd_mode)mode;
                o.screening = warm ? 0 : SP_NO_ACTIVE_SET;
                rp_fill(9, b, 0);
                if (warm) b[3] = 5;
                CHECK_STATUS(csc ? sp_lasso_csc(&A, p.y, lam, b, &o, &info, NULL)
                                 : sp_lasso(p.X, p.y, lam, b, &o, &info, NULL),
                             LA_OK);
                CHECK(b[3] == 0);
                for (j = 0; j < 8; ++j) b8[j] = b[j < 3 ? j : j + 1];
                g = rr_gap(X8, p.y, b8, lam, 1, NULL, 0);
                CHECK_LE(g, o.tol * yy / 20 + RP_GAP_SLACK(yy));
                CHECK_LE(rr_kkt_excess(X8, p.y, b8, 0, lam, 1, NULL, 0, g, 1e-12), 0);
                sp_free(&A);
            }
    /* a constant column with an intercept: zero after centering */
    for (i = 0; i < 20; ++i) LA_AT(p.X, i, 3) = 2;
    memset(&o, 0, sizeof o);
    o.fit_intercept = 1;
    o.screening = SP_NO_ACTIVE_SET;
    o.mode = SP_CD_NAIVE;
    rp_fill(9, b, 0);
    b[3] = 1;
    CHECK_STATUS(sp_lasso(p.X, p.y, lam, b, &o, &info, NULL), LA_OK);
    CHECK(b[3] == 0 && info.nnz == rp_nnz(9, b));
    /* an unknown penalty */
    rp_fill(9, b, 7);
    o.penalty = (sp_penalty)9;
    CHECK_STATUS(sp_lasso(p.X, p.y, lam, b, &o, &info, NULL), LA_ERR_ARG);
    CHECK_INT(info.status, LA_ERR_ARG);
    CHECK_REASON(info, "invalid argument");
    CHECK(rp_all(9, b, 7));
    {
        sp_path P;
        CHECK_STATUS(sp_path_alloc(9, 100, 0, &P), LA_OK);
        CHECK_STATUS(sp_lasso_path(p.X, p.y, 1, &o, &P, &info, NULL), LA_ERR_ARG);
        CHECK(P.count == 0);
        sp_path_free(&P);
    }
    tu_free(X8.data);
    rr_free(&p);
}

/* A CSC design with an intercept under naive updates (m < n): the centered
 * columns are never formed, the residual carries a shift; the solution is
 * that of the explicitly centered dense problem (its gap and KKT
 * conditions, recref) with intercept ybar - xbar^T coef, for the LASSO,
 * the elastic net and the group LASSO. */
TEST(recovery_paths_csc_centered_naive_updates) {
    la_rng r = la_rng_seed(308);
    rr_problem p = rr_gaussian(&r, 30, 50, 4, 0.2, 0);
    la_mat Xc = tu_mat(30, 50, 0);
    la_real *yc = tu_reals(30), *b = tu_reals(50), lam;
    la_int i, j, grp[50];
    double xbar[50], ybar, yyc, g;
    sp_lasso_opts o;
    sp_info info;
    sp_mat A;
    int a;
    for (i = 0; i < 30; ++i)
        for (j = 0; j < 50; ++j)
            if (la_rng_uniform(&r) < 0.6)
                LA_AT(p.X, i, j) = 0;
            else
                LA_AT(p.X, i, j) += 2;
    for (j = 0; j < 50; ++j) grp[j] = j / 5;
    A = rr_csc(p.X);
    rp_center(p.X, p.y, Xc, yc, xbar, &ybar);
    yyc = rr_sumsq(30, yc);
    lam = (la_real)(0.2 * rp_lambda_max(Xc, yc, 1));
    memset(&o, 0, sizeof o);
    o.fit_intercept = 1;
    o.mode = SP_CD_NAIVE;
    o.tol = (la_real)RP_TOL;
    o.max_iter = 100000;
    for (a = 0; a < 2; ++a) {
        double alpha = a ? 0.6 : 1;
        long double b0 = ybar;
        rp_fill(50, b, 0);
        CHECK_STATUS(sp_enet_csc(&A, p.y, lam, (la_real)alpha, b, &o, &info, NULL), LA_OK);
        g = rr_gap(Xc, yc, b, lam, (double)(la_real)alpha, NULL, 0);
        CHECK_LE(g, o.tol * yyc / 30 + RP_GAP_SLACK(yyc));
        CHECK_LE(rr_kkt_excess(Xc, yc, b, 0, lam, (double)(la_real)alpha, NULL, 0, g, 1e-12), 0);
        for (j = 0; j < 50; ++j) b0 -= xbar[j] * b[j];
        CHECK_NEAR(info.intercept, b0, 1e3 * TU_EPS * (fabs(ybar) + 1));
        CHECK(info.nnz > 0);
    }
    {
        long double b0 = ybar;
        rp_fill(50, b, 0);
        CHECK_STATUS(sp_group_lasso_csc(&A, p.y, grp, 10, NULL, lam, b, &o, &info, NULL), LA_OK);
        g = rr_group_gap(Xc, yc, b, grp, 10, NULL, lam);
        CHECK_LE(g, o.tol * yyc / 30 + RP_GAP_SLACK(yyc));
        CHECK_LE(rr_group_kkt_excess(Xc, yc, b, grp, 10, NULL, lam, g, 1e-12), 0);
        for (j = 0; j < 50; ++j) b0 -= xbar[j] * b[j];
        CHECK_NEAR(info.intercept, b0, 1e3 * TU_EPS * (fabs(ybar) + 1));
        CHECK(info.nnz > 0);
    }
    sp_free(&A);
    tu_free(Xc.data);
    tu_free(yc);
    tu_free(b);
    rr_free(&p);
}

/* ---- OMP: warm starts with several and dependent seeds, no atom left ---- */

/* Support and coefficients of OMP from the seed atoms S[0..ns) (taken
 * first, in order, skipping any dependent on those before: here exact
 * duplicates), then greedy steps by |x_j^T r| / ||x_j|| over the atoms not
 * taken or skipped, k atoms in all; computed in long double. */
static la_int rp_omp_ref(la_mat X, const la_real *y, const la_int *seeds, la_int ns, la_int k,
                         la_int *S, long double *coef) {
    la_int m = X.rows, n = X.cols, i, j, t, cnt = 0, *skip = tu_ints((size_t)n);
    long double *r = (long double *)calloc((size_t)m, sizeof(long double));
    for (t = 0; t < ns && cnt < k; ++t) {
        la_int u, a = seeds[t];
        for (u = 0; u < cnt; ++u) {
            for (i = 0; i < m && LA_AT(X, i, a) == LA_AT(X, i, S[u]); ++i) {
            }
            if (i == m) break; /* a duplicate of S[u] */
        }
        if (u < cnt) {
            skip[a] = 1;
            continue;
        }
        S[cnt++] = a;
    }
    while (cnt < k) {
        long double best = -1;
        la_int pick = -1;
        rp_ls(X, y, S, cnt, coef, r);
        for (j = 0; j < n; ++j) {
            long double c = 0, nn = 0;
            la_int u;
            for (u = 0; u < cnt && S[u] != j; ++u) {
            }
            if (u < cnt || skip[j]) continue;
            for (i = 0; i < m; ++i) {
                c += (long double)LA_AT(X, i, j) * r[i];
                nn += (long double)LA_AT(X, i, j) * LA_AT(X, i, j);
            }
            if (c * c / nn > best) {
                best = c * c / nn;
                pick = j;
            }
        }
        S[cnt++] = pick;
    }
    rp_ls(X, y, S, cnt, coef, r);
    free(r);
    tu_free(skip);
    return cnt;
}

/* A warm start with several nonzeros selects them first in decreasing
 * |coef| (the order decides which of two duplicate columns is kept: the
 * other is skipped as dependent), then continues greedily; the result is
 * the least-squares fit on the support the reference OMP finds, for the
 * dense, CSC and Gram forms. */
TEST(recovery_paths_omp_seed_order_and_dependent_seed) {
    la_rng r = la_rng_seed(309);
    rr_problem p = rr_gaussian(&r, 12, 6, 3, 0.5, 0);
    la_real b[6], G[36], xty[6];
    la_int i, j, order;
    for (i = 0; i < 12; ++i) LA_AT(p.X, i, 4) = LA_AT(p.X, i, 1); /* atom 4 duplicates atom 1 */
    for (i = 0; i < 6; ++i) {
        long double s = 0;
        for (j = 0; j < 6; ++j) {
            la_int t;
            long double g = 0;
            for (t = 0; t < 12; ++t) g += (long double)LA_AT(p.X, t, i) * LA_AT(p.X, t, j);
            G[i * 6 + j] = (la_real)g;
        }
        for (j = 0; j < 12; ++j) s += (long double)LA_AT(p.X, j, i) * p.y[j];
        xty[i] = (la_real)s;
    }
    for (order = 0; order < 2; ++order) {
        /* seeds by decreasing |coef|: order 0 puts atom 4 first (its index
           is the larger, so the sort has to move it), order 1 atom 1 */
        la_int seeds[2], S[3], form;
        long double want[3];
        seeds[0] = order ? 1 : 4;
        seeds[1] = order ? 4 : 1;
        rp_omp_ref(p.X, p.y, seeds, 2, 3, S, want);
        CHECK(S[0] == seeds[0] && S[1] != seeds[1] && S[2] != seeds[1]);
        for (form = 0; form < 3; ++form) {
            sp_mat A = rr_csc(p.X);
            sp_info info;
            la_real scale = 0;
            rp_fill(6, b, 0);
            b[1] = order ? -2 : 1;
            b[4] = order ? (la_real)1.5 : -2;
            if (form == 0) CHECK_STATUS(sp_omp_ex(p.X, p.y, 3, 0, b, NULL, &info, NULL), LA_OK);
            if (form == 1) CHECK_STATUS(sp_omp_ex_csc(&A, p.y, 3, 0, b, NULL, &info, NULL), LA_OK);
            if (form == 2)
                CHECK_STATUS(sp_omp_gram(la_mat_of(6, 6, G), xty, (la_real)rr_sumsq(12, p.y), 3, 0, b, NULL, &info, NULL),
                             LA_OK);
            CHECK_REASON(info, "k atoms selected");
            CHECK(info.iterations == 3 && info.nnz == 3 && rp_nnz(6, b) == 3);
            CHECK(b[seeds[1]] == 0);
            for (j = 0; j < 3; ++j) scale += (la_real)fabsl(want[j]);
            for (j = 0; j < 3; ++j) CHECK_NEAR(b[S[j]], want[j], 1e3 * TU_EPS * (double)scale);
            sp_free(&A);
        }
    }
    rr_free(&p);
}

/* OMP stops with "no atom left that is independent and correlated" when
 * the residual is orthogonal to every atom not yet taken (or the only ones
 * left are dependent): y orthogonal to all atoms gives coef 0; with atoms
 * e1, e2, e1 + e2 (rank 2) and no limit on k, the fit is the projection of
 * y on their span, two atoms, the rest of y left in the residual. */
TEST(recovery_paths_omp_no_atom_left) {
    la_real X2[6] = {1, 0, 0, 1, 0, 0}, e3[3] = {0, 0, 1}, b[3];
    la_real X3[9] = {1, 0, 1, 0, 1, 1, 0, 0, 0}, y[3] = {1, 2, 3}, G[9] = {1, 0, 1, 0, 1, 1, 1, 1, 2}, xty[3] = {1, 2, 3};
    la_int form;
    sp_info info;
    for (form = 0; form < 3; ++form) {
        la_mat X = la_mat_of(3, 2, X2);
        sp_mat A = rr_csc(X);
        rp_fill(3, b, 0);
        if (form == 0) CHECK_STATUS(sp_omp_ex(X, e3, 0, 0, b, NULL, &info, NULL), LA_OK);
        if (form == 1) CHECK_STATUS(sp_omp_ex_csc(&A, e3, 0, 0, b, NULL, &info, NULL), LA_OK);
        if (form == 2) {
            la_real G2[4] = {1, 0, 0, 1}, z[2] = {0, 0};
            CHECK_STATUS(sp_omp_gram(la_mat_of(2, 2, G2), z, 1, 0, 0, b, NULL, &info, NULL), LA_OK);
        }
        CHECK_REASON(info, "no atom left that is independent and correlated");
        CHECK(info.iterations == 0 && b[0] == 0 && b[1] == 0);
        CHECK_NEAR(info.objective, 1, 4 * TU_EPS);
        sp_free(&A);
    }
    for (form = 0; form < 3; ++form) {
        la_mat X = la_mat_of(3, 3, X3);
        sp_mat A = rr_csc(X);
        la_real fit0, fit1, fit2;
        rp_fill(3, b, 0);
        if (form == 0) CHECK_STATUS(sp_omp_ex(X, y, 0, 0, b, NULL, &info, NULL), LA_OK);
        if (form == 1) CHECK_STATUS(sp_omp_ex_csc(&A, y, 0, 0, b, NULL, &info, NULL), LA_OK);
        if (form == 2) CHECK_STATUS(sp_omp_gram(la_mat_of(3, 3, G), xty, 14, 0, 0, b, NULL, &info, NULL), LA_OK);
        CHECK_REASON(info, "no atom left that is independent and correlated");
        CHECK(info.iterations == 2 && rp_nnz(3, b) == 2);
        fit0 = b[0] + b[2];
        fit1 = b[1] + b[2];
        fit2 = 0;
        CHECK_NEAR(fit0, 1, 16 * TU_EPS);
        CHECK_NEAR(fit1, 2, 16 * TU_EPS);
        CHECK(fit2 == 0);
        CHECK_NEAR(info.objective, 9, 64 * TU_EPS);
        sp_free(&A);
    }
}

/* ---- errors of the Gram and batch forms of OMP ---- */

/* sp_omp_gram: LA_ERR_DIM for a G that is not square; LA_ERR_ARG for a
 * NULL Xty, k > n, yty < 0; LA_ERR_NONFINITE for NaN or Inf in G, Xty, yty
 * or the warm start. Each sets info.status and the reason sp_omp gives for
 * the same fault, and leaves coef untouched. */
TEST(recovery_paths_omp_gram_errors) {
    la_real G[9] = {2, 1, 0, 1, 2, 1, 0, 1, 2}, xty[3] = {1, 2, 3}, b[3];
    la_mat Gm = la_mat_of(3, 3, G);
    sp_info info;
    int c;
    for (c = 0; c < 10; ++c) {
        la_status want = LA_ERR_NONFINITE, st;
        la_real yty = 20;
        rp_fill(3, b, 7);
        memset(&info, 0, sizeof info);
        switch (c) {
        case 0:
            st = sp_omp_gram(la_mat_of(3, 2, G), xty, yty, 1, 0, b, NULL, &info, NULL);
            want = LA_ERR_DIM;
            break;
        case 1:
            st = sp_omp_gram(Gm, NULL, yty, 1, 0, b, NULL, &info, NULL);
            want = LA_ERR_ARG;
            break;
        case 2:
            st = sp_omp_gram(Gm, xty, yty, 4, 0, b, NULL, &info, NULL);
            want = LA_ERR_ARG;
            break;
        case 3:
            st = sp_omp_gram(Gm, xty, -1, 1, 0, b, NULL, &info, NULL);
            want = LA_ERR_ARG;
            break;
        case 4:
            st = sp_omp_gram(Gm, xty, (la_real)NAN, 1, 0, b, NULL, &info, NULL);
            break;
        case 5:
            st = sp_omp_gram(Gm, xty, (la_real)INFINITY, 1, 0, b, NULL, &info, NULL);
            break;
        case 6:
            G[4] = (la_real)NAN;
            st = sp_omp_gram(Gm, xty, yty, 1, 0, b, NULL, &info, NULL);
            G[4] = 2;
            break;
        case 7:
            xty[2] = (la_real)-INFINITY;
            st = sp_omp_gram(Gm, xty, yty, 1, 0, b, NULL, &info, NULL);
            xty[2] = 3;
            break;
        case 8:
            b[1] = (la_real)NAN;
            st = sp_omp_gram(Gm, xty, yty, 1, 0, b, NULL, &info, NULL);
            CHECK(b[1] != b[1]);
            b[1] = 7;
            break;
        default:
            st = sp_omp_gram(Gm, xty, yty, 1, -1, b, NULL, &info, NULL);
            want = LA_ERR_ARG;
            break;
        }
        CHECK_STATUS(st, want);
        CHECK_INT(info.status, want);
        CHECK_REASON(info, want == LA_ERR_NONFINITE ? "NaN or Inf in the input" : "invalid argument");
        CHECK(rp_all(3, b, 7));
        if (st != want) printf("  case %d\n", c);
    }
    /* the same inputs are accepted once repaired */
    rp_fill(3, b, 0);
    CHECK_STATUS(sp_omp_gram(Gm, xty, 20, 1, 0, b, NULL, &info, NULL), LA_OK);
    CHECK(b[0] == 0 && b[1] == 0); /* atom 2 (score 3^2 / 2), coefficient 3 / 2 */
    CHECK_NEAR(b[2], 1.5, 4 * TU_EPS);
}

/* sp_omp_batch: LA_ERR_ARG for an invalid view of X, Y or Coef or a CSR
 * dictionary, LA_ERR_DIM for shapes that disagree, LA_ERR_NONFINITE for
 * NaN or Inf in Y or X (dense and CSC), each with Coef untouched; an empty
 * problem (no signals, no atoms, or no rows) is LA_OK, "empty problem",
 * with Coef set to 0. */
TEST(recovery_paths_omp_batch_errors_and_empty) {
    la_rng r = la_rng_seed(310);
    rr_problem p = rr_gaussian(&r, 10, 6, 2, 0.1, 0);
    la_real Yd[20], Cd[12];
    la_mat Y = la_mat_of(2, 10, Yd), C = la_mat_of(2, 6, Cd);
    sp_mat A = rr_csc(p.X);
    sp_info info;
    la_int i;
    for (i = 0; i < 20; ++i) Yd[i] = p.y[i % 10] * (i < 10 ? 1 : -2);
#define RP_BATCH(call, want)                  \
    do {                                      \
        rp_fill(12, Cd, 7);                   \
        memset(&info, 0, sizeof info);        \
        CHECK_STATUS(call, want);             \
        CHECK_INT(info.status, want);         \
        CHECK(rp_all(12, Cd, 7));             \
    } while (0)
    RP_BATCH(sp_omp_batch(la_mat_ld(10, 6, 5, p.X.data), Y, 2, 0, C, NULL, &info, NULL), LA_ERR_ARG);
    CHECK_REASON(info, "invalid argument");
    {
        sp_mat R;
        CHECK_STATUS(sp_convert(&A, SP_CSR, &R), LA_OK);
        RP_BATCH(sp_omp_batch_csc(&R, Y, 2, 0, C, NULL, &info, NULL), LA_ERR_ARG);
        sp_free(&R);
    }
    RP_BATCH(sp_omp_batch(p.X, la_mat_ld(2, 10, 5, Yd), 2, 0, C, NULL, &info, NULL), LA_ERR_ARG);
    CHECK_REASON(info, "invalid argument");
    RP_BATCH(sp_omp_batch(p.X, Y, 2, 0, la_mat_ld(2, 6, 3, Cd), NULL, &info, NULL), LA_ERR_ARG);
    RP_BATCH(sp_omp_batch(p.X, la_mat_of(2, 9, Yd), 2, 0, C, NULL, &info, NULL), LA_ERR_DIM);
    RP_BATCH(sp_omp_batch_csc(&A, Y, 2, 0, la_mat_of(1, 6, Cd), NULL, &info, NULL), LA_ERR_DIM);
    Yd[13] = (la_real)NAN;
    RP_BATCH(sp_omp_batch(p.X, Y, 2, 0, C, NULL, &info, NULL), LA_ERR_NONFINITE);
    CHECK_REASON(info, "NaN or Inf in the input");
    RP_BATCH(sp_omp_batch_csc(&A, Y, 2, 0, C, NULL, &info, NULL), LA_ERR_NONFINITE);
    Yd[13] = 1;
    LA_AT(p.X, 3, 2) = (la_real)INFINITY;
    RP_BATCH(sp_omp_batch(p.X, Y, 2, 0, C, NULL, &info, NULL), LA_ERR_NONFINITE);
    LA_AT(p.X, 3, 2) = 1;
    A.val[2] = (la_real)-INFINITY;
    RP_BATCH(sp_omp_batch_csc(&A, Y, 2, 0, C, NULL, &info, NULL), LA_ERR_NONFINITE);
    A.val[2] = 1;
#undef RP_BATCH
    /* empty problems */
    rp_fill(12, Cd, 7);
    CHECK_STATUS(sp_omp_batch(p.X, la_mat_of(0, 10, Yd), 2, 0, la_mat_of(0, 6, Cd), NULL, &info, NULL), LA_OK);
    CHECK_REASON(info, "empty problem");
    CHECK(rp_all(12, Cd, 7));
    CHECK_STATUS(sp_omp_batch(la_mat_of(0, 6, Yd), la_mat_of(2, 0, Yd), 0, 0, C, NULL, &info, NULL), LA_OK);
    CHECK_REASON(info, "empty problem");
    CHECK(rp_all(12, Cd, 0)); /* no rows: the codes are 0 */
    CHECK_STATUS(sp_omp_batch(la_mat_of(10, 0, Yd), Y, 0, 0, la_mat_of(2, 0, Cd), NULL, &info, NULL), LA_OK);
    CHECK_INT(info.status, LA_OK);
    sp_free(&A);
    rr_free(&p);
}

/* ---- LARS ---- */

/* Option errors (max_steps < 0, lambda_min < 0 or NaN) are LA_ERR_ARG,
 * "invalid argument", with the path as it was. max_steps reached:
 * LA_ERR_NO_CONVERGENCE, "max_steps reached", the first max_steps + 1
 * breakpoints exactly those of the full path, which starts at lambda_max
 * = max_j |x_j^T y| / m. A path with no room, or room for two breakpoints:
 * LA_ERR_NOMEM, "path storage full", what fit stored. */
TEST(recovery_paths_lars_options_steps_and_storage) {
    la_rng r = la_rng_seed(311);
    rr_problem p = rr_gaussian(&r, 20, 10, 4, 0.1, 0);
    sp_lars_opts lo;
    sp_info info;
    sp_path F, P;
    la_real lam[3];
    la_int ptr[4], idx[30], k;
    la_real val[30];
    memset(&lo, 0, sizeof lo);
    CHECK_STATUS(sp_path_alloc(10, 200, 0, &F), LA_OK);
    CHECK_STATUS(sp_lars(p.X, p.y, NULL, &F, &info, NULL), LA_OK);
    CHECK(F.count > 4);
    CHECK_NEAR(F.lambda[0], rp_lambda_max(p.X, p.y, 1), 16 * TU_EPS * rp_lambda_max(p.X, p.y, 1));
    /* errors */
    for (k = 0; k < 3; ++k) {
        la_int before = F.count;
        memset(&lo, 0, sizeof lo);
        if (k == 0) lo.max_steps = -1;
        if (k == 1) lo.lambda_min = -1;
        if (k == 2) lo.lambda_min = (la_real)NAN;
        CHECK_STATUS(sp_lars(p.X, p.y, &lo, &F, &info, NULL), LA_ERR_ARG);
        CHECK_INT(info.status, LA_ERR_ARG);
        CHECK_REASON(info, "invalid argument");
        CHECK(F.count == before);
    }
    /* max_steps */
    memset(&lo, 0, sizeof lo);
    lo.max_steps = 2;
    CHECK_STATUS(sp_path_alloc(10, 200, 0, &P), LA_OK);
    CHECK_STATUS(sp_lars(p.X, p.y, &lo, &P, &info, NULL), LA_ERR_NO_CONVERGENCE);
    CHECK_INT(info.status, LA_ERR_NO_CONVERGENCE);
    CHECK_REASON(info, "max_steps reached");
    CHECK(info.iterations == 2 && P.count == 3);
    CHECK(memcmp(P.lambda, F.lambda, 3 * sizeof(la_real)) == 0 && memcmp(P.ptr, F.ptr, 4 * sizeof(la_int)) == 0);
    CHECK(memcmp(P.val, F.val, (size_t)F.ptr[3] * sizeof(la_real)) == 0);
    sp_path_free(&P);
    /* no room at all: not even lambda_max */
    P = sp_path_of(10, 0, 0, NULL, ptr, NULL, NULL, NULL, NULL);
    CHECK_STATUS(sp_lars(p.X, p.y, NULL, &P, &info, NULL), LA_ERR_NOMEM);
    CHECK_REASON(info, "path storage full");
    CHECK(P.count == 0 && info.iterations == 0);
    /* room for two breakpoints */
    P = sp_path_of(10, 2, 30, lam, ptr, idx, val, NULL, NULL);
    CHECK_STATUS(sp_lars(p.X, p.y, NULL, &P, &info, NULL), LA_ERR_NOMEM);
    CHECK_REASON(info, "path storage full");
    CHECK(P.count == 2 && lam[0] == F.lambda[0] && lam[1] == F.lambda[1] && ptr[2] == F.ptr[2]);
    sp_path_free(&F);
    rr_free(&p);
}

/* A column that ties for entry but is parallel to an active one to working
 * precision is left out (LARS keeps the factor of independent columns):
 * x0 = e1, x1 = e1 + d e2 (d = sqrt(eps) / 2), y = (1, -1, 1/2). The LASSO
 * path is b0 = 1 - m lambda down to lambda = d / (2m), where x1 ties with
 * the opposite sign; x1 is then refused and the path ends at the least
 * squares fit on x0 alone, b0 = 1, at lambda 0 ("least-squares end of the
 * path"), x1 zero throughout; dense and CSC. */
TEST(recovery_paths_lars_nearly_parallel_column) {
    la_real d = (la_real)(0.5 * sqrt(TU_EPS)), X[6], y[3] = {1, -1, (la_real)0.5}, c[2];
    la_mat Xm = la_mat_of(3, 2, X);
    sp_path P;
    sp_info info;
    int csc;
    X[0] = 1;
    X[1] = 1;
    X[2] = 0;
    X[3] = d;
    X[4] = 0;
    X[5] = 0;
    CHECK_STATUS(sp_path_alloc(2, 20, 0, &P), LA_OK);
    for (csc = 0; csc < 2; ++csc) {
        sp_mat A = rr_csc(Xm);
        CHECK_STATUS(csc ? sp_lars_csc(&A, y, NULL, &P, &info, NULL) : sp_lars(Xm, y, NULL, &P, &info, NULL), LA_OK);
        CHECK_REASON(info, "least-squares end of the path");
        CHECK(P.count == 3 && info.iterations == 2);
        CHECK_NEAR(P.lambda[0], 1.0 / 3, 4 * TU_EPS);
        CHECK_NEAR(P.lambda[1], (double)d / 6, 4 * TU_EPS);
        CHECK(P.lambda[2] == 0);
        sp_path_coef(&P, 0, c);
        CHECK(c[0] == 0 && c[1] == 0);
        sp_path_coef(&P, 1, c);
        CHECK_NEAR(c[0], 1 - 3 * P.lambda[1], 4 * TU_EPS);
        CHECK(c[1] == 0);
        sp_path_coef(&P, 2, c);
        CHECK_NEAR(c[0], 1, 4 * TU_EPS);
        CHECK(c[1] == 0);
        /* in between, the LASSO solution b0 = 1 - 3 lambda */
        CHECK_STATUS(sp_path_at(&P, (la_real)0.2, c, NULL), LA_OK);
        CHECK_NEAR(c[0], 0.4, 8 * TU_EPS);
        sp_free(&A);
    }
    sp_path_free(&P);
}

/* ---- IHT and CoSaMP stopping rules ---- */

/* Best k-sparse least-squares fit by trying every support (n <= 8, k <= 2):
 * the smallest residual norm^2. */
static double rp_best_k(la_mat X, const la_real *y, la_int k) {
    la_int n = X.cols, S[2], a, b, i;
    long double coef[2], *r = (long double *)calloc((size_t)X.rows, sizeof(long double)), best = -1;
    for (a = 0; a < n; ++a)
        for (b = k == 1 ? a : a + 1; b < n; ++b) {
            long double s = 0;
            S[0] = a;
            S[1] = b;
            rp_ls(X, y, S, k, coef, r);
            for (i = 0; i < X.rows; ++i) s += r[i] * r[i];
            if (best < 0 || s < best) best = s;
            if (k == 1) break;
        }
    free(r);
    return (double)best;
}

/* IHT and CoSaMP: a warm start that already fits (y = X coef exactly) stops
 * before any iteration with "residual <= tol", coef unchanged; IHT stops
 * with "stationary: no gradient on the support" at a warm start whose
 * support carries no gradient (here the best 1-term fit of an orthonormal
 * design) and when y is orthogonal to every column (coef 0); when a step
 * would change the support, normalized IHT shrinks it until it is stable
 * (Blumensath and Davies), so that the residual does not grow: on
 * diag(1/2, 2) with y = (1, 3) from the worse support it moves to the
 * better one, lowering the residual at once, and reaches the best 1-sparse
 * fit;
 * with max_iter = 1 an exact one-step recovery (orthonormal design) is
 * LA_OK "residual <= tol", not LA_ERR_NO_CONVERGENCE. */
TEST(recovery_paths_iht_cosamp_stopping_rules) {
    la_real X[24], y[6], b[4], want[4] = {0, 2, 0, -1};
    la_int i, j;
    sp_info info;
    int cos;
    /* small integers: X want is exact */
    for (i = 0; i < 6; ++i)
        for (j = 0; j < 4; ++j) X[i * 4 + j] = (la_real)((i * 3 + j * 5) % 7 - 3);
    for (i = 0; i < 6; ++i) y[i] = 2 * X[i * 4 + 1] - X[i * 4 + 3];
    for (cos = 0; cos < 2; ++cos) {
        memcpy(b, want, sizeof b);
        CHECK_STATUS(cos ? sp_cosamp(la_mat_of(6, 4, X), y, 2, b, NULL, &info, NULL)
                         : sp_iht(la_mat_of(6, 4, X), y, 2, b, NULL, &info, NULL),
                     LA_OK);
        CHECK_REASON(info, "residual <= tol");
        CHECK(info.iterations == 0 && memcmp(b, want, sizeof b) == 0 && info.objective == 0);
    }
    /* stationary points of IHT */
    {
        la_real E[12] = {1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0}, z[4] = {2, 1, 0, (la_real)0.5}, e4[4] = {0, 0, 0, 1};
        la_real c3[3] = {2, 0, 0};
        CHECK_STATUS(sp_iht(la_mat_of(4, 3, E), z, 1, c3, NULL, &info, NULL), LA_OK);
        CHECK_REASON(info, "stationary: no gradient on the support");
        CHECK(info.iterations == 1 && c3[0] == 2 && c3[1] == 0 && c3[2] == 0);
        CHECK_NEAR(info.objective, rp_best_k(la_mat_of(4, 3, E), z, 1), 4 * TU_EPS);
        rp_fill(3, c3, 0);
        CHECK_STATUS(sp_iht(la_mat_of(4, 3, E), e4, 2, c3, NULL, &info, NULL), LA_OK);
        CHECK_REASON(info, "stationary: no gradient on the support");
        CHECK(rp_all(3, c3, 0) && info.objective == 1);
    }
    /* the step shrunk until the support is stable */
    {
        la_real D[4] = {(la_real)0.5, 0, 0, 2}, v[2] = {1, 3}, c2[2];
        static const double start[3] = {0.25, 0.5, 1};
        int s;
        for (s = 0; s < 3; ++s) {
            c2[0] = (la_real)start[s];
            c2[1] = 0;
            CHECK_STATUS(sp_iht(la_mat_of(2, 2, D), v, 1, c2, NULL, &info, NULL), LA_OK);
            CHECK(c2[0] == 0);
            CHECK_NEAR(c2[1], 1.5, 8 * TU_EPS);
            CHECK_NEAR(info.objective, rp_best_k(la_mat_of(2, 2, D), v, 1), 16 * TU_EPS);
        }
        /* the shrink is what keeps the residual from growing: from (1/2, 0),
           residual^2 9.5625, the unshrunk step would land at (0, 24),
           residual^2 2026; one iteration must not increase it */
        {
            sp_greedy_opts go;
            memset(&go, 0, sizeof go);
            go.max_iter = 1;
            c2[0] = (la_real)0.5;
            c2[1] = 0;
            CHECK_STATUS(sp_iht(la_mat_of(2, 2, D), v, 1, c2, &go, &info, NULL), LA_ERR_NO_CONVERGENCE);
            CHECK_REASON(info, "max_iter reached");
            CHECK(c2[0] == 0 && c2[1] > 0);
            CHECK_LE(info.objective, 9.5625);
        }
    }
    /* one iteration that recovers exactly: orthonormal columns of a
       Hadamard matrix of order 16, 3 nonzeros */
    {
        la_real H[16 * 8], h[16], c[8], beta[8] = {0, 1.5, 0, 0, -2, 0, 0, 1};
        la_int t;
        sp_greedy_opts go;
        for (i = 0; i < 16; ++i) {
            long double s = 0;
            for (j = 0; j < 8; ++j) {
                H[i * 8 + j] = rp_hadamard(i, 2 * j + 1) / 4;
                s += (long double)H[i * 8 + j] * beta[j];
            }
            h[i] = (la_real)s;
        }
        memset(&go, 0, sizeof go);
        go.max_iter = 1;
        go.tol = (la_real)(1e4 * TU_EPS * TU_EPS * rr_sumsq(16, h));
        for (cos = 0; cos < 2; ++cos) {
            rp_fill(8, c, 0);
            CHECK_STATUS(cos ? sp_cosamp(la_mat_of(16, 8, H), h, 3, c, &go, &info, NULL)
                             : sp_iht(la_mat_of(16, 8, H), h, 3, c, &go, &info, NULL),
                         LA_OK);
            CHECK_INT(info.status, LA_OK);
            CHECK_REASON(info, "residual <= tol");
            CHECK_INT(info.iterations, 1);
            for (t = 0; t < 8; ++t) CHECK_NEAR(c[t], beta[t], 16 * TU_EPS);
        }
    }
}

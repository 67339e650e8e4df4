/* test_recovery_greedy.c - sparse.h section 6: OMP (classical, loss rule,
 * weights, warm starts, unnormalized columns, Gram and batch forms), IHT,
 * CoSaMP, group LASSO, MCP and SCAD, dense against CSC designs, empty
 * designs, workspace queries and every error status. Sparse recovery is
 * checked on k-sparse signals over well-conditioned random dictionaries,
 * closed forms on orthonormal designs, KKT conditions with allowances from
 * independently computed duality gaps (recref.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"
#include "recref.h"

static la_int rg_nnz(la_int n, const la_real *b) {
    la_int j, c = 0;
    for (j = 0; j < n; ++j) c += b[j] != 0;
    return c;
}

/* 1 if b and beta have the same support and |b - beta| <= tol (|beta| + 1). */
static int rg_recovered(la_int n, const la_real *b, const la_real *beta, double tol) {
    la_int j;
    for (j = 0; j < n; ++j) {
        if ((b[j] != 0) != (beta[j] != 0)) return 0;
        if (fabs((double)b[j] - (double)beta[j]) > tol * (fabs((double)beta[j]) + 1)) return 0;
    }
    return 1;
}

/* Coefficient accuracy of an exact least-squares refit on a well-conditioned
 * support: a modest multiple of eps. */
#define RG_LS_TOL (1e3 * TU_EPS)

TEST(recovery_omp_exact_support_dense_csc_rules) {
    la_rng r = la_rng_seed(31);
    int trial, rule, csc;
    for (trial = 0; trial < 4; ++trial) {
        rr_problem p = rr_gaussian(&r, 100, 200, 6, 0, 1);
        la_real *b = tu_reals(200);
        sp_mat A = rr_csc(p.X);
        for (rule = 0; rule < 2; ++rule)
            for (csc = 0; csc < 2; ++csc) {
                sp_omp_opts o;
                sp_info info;
                memset(&o, 0, sizeof o);
                o.rule = (sp_omp_rule)rule;
                memset(b, 0, 200 * sizeof(la_real));
                if (csc)
                    CHECK_STATUS(sp_omp_ex_csc(&A, p.y, 6, 0, b, &o, &info, NULL), LA_OK);
                else
                    CHECK_STATUS(sp_omp_ex(p.X, p.y, 6, 0, b, &o, &info, NULL), LA_OK);
                CHECK(rg_recovered(200, b, p.beta, RG_LS_TOL));
                CHECK_INT(info.iterations, 6);
                CHECK_INT(info.nnz, 6);
                CHECK_LE(info.objective, 1e4 * TU_EPS * TU_EPS * rr_sumsq(100, p.y) + 1e-30);
            }
        /* the fixed entry point, stopping on the residual (k = 0: no limit) */
        memset(b, 0, 200 * sizeof(la_real));
        CHECK_STATUS(sp_omp(p.X, p.y, 0, (la_real)(1e3 * TU_EPS * TU_EPS * rr_sumsq(100, p.y)), b, NULL), LA_OK);
        CHECK(rg_recovered(200, b, p.beta, RG_LS_TOL));
        memset(b, 0, 200 * sizeof(la_real));
        CHECK_STATUS(sp_omp_csc(&A, p.y, 0, (la_real)(1e3 * TU_EPS * TU_EPS * rr_sumsq(100, p.y)), b, NULL), LA_OK);
        CHECK(rg_recovered(200, b, p.beta, RG_LS_TOL));
        sp_free(&A);
        tu_free(b);
        rr_free(&p);
    }
}

/* Columns of very different norms: selection by normalized correlation
 * still finds the support; coefficients scale inversely. */
TEST(recovery_omp_unnormalized_columns) {
    la_rng r = la_rng_seed(32);
    rr_problem p = rr_gaussian(&r, 90, 150, 5, 0, 1);
    la_real *b = tu_reals(150), *s = tu_reals(150), *want = tu_reals(150);
    la_int i, j;
    for (j = 0; j < 150; ++j) {
        s[j] = (la_real)pow(10.0, 4 * la_rng_uniform(&r) - 2);
        for (i = 0; i < 90; ++i) LA_AT(p.X, i, j) *= s[j];
        want[j] = p.beta[j] / s[j];
    }
    CHECK_STATUS(sp_omp(p.X, p.y, 5, 0, b, NULL), LA_OK);
    CHECK(rg_recovered(150, b, want, RG_LS_TOL));
    tu_free(b);
    tu_free(s);
    tu_free(want);
    rr_free(&p);
}

/* Weights: an infinite weight bars an atom; the warm start's support is
 * selected first; k > m is clamped; the Gram and batch forms agree with
 * the design form. */
TEST(recovery_omp_weights_warm_start_gram_batch) {
    la_rng r = la_rng_seed(33);
    rr_problem p = rr_gaussian(&r, 80, 120, 5, 0, 1);
    la_real *b = tu_reals(120), *w = tu_reals(120), *c = tu_reals(120);
    la_int j, barred = -1, wrong;
    sp_omp_opts o;
    sp_info info;
    for (j = 0; j < 120; ++j) {
        w[j] = 1;
        if (p.beta[j] != 0 && barred < 0) barred = j;
    }
    w[barred] = (la_real)INFINITY;
    memset(&o, 0, sizeof o);
    o.weights = w;
    CHECK_STATUS(sp_omp_ex(p.X, p.y, 5, 0, b, &o, &info, NULL), LA_OK);
    CHECK(b[barred] == 0);
    CHECK_INT(rg_nnz(120, b), 5);
    /* warm start: a wrong atom seeds the active set and is kept (its
       least-squares coefficient is then 0 up to rounding) */
    for (wrong = 0; p.beta[wrong] != 0; ++wrong) {
    }
    memset(b, 0, 120 * sizeof(la_real));
    b[wrong] = 1;
    CHECK_STATUS(sp_omp(p.X, p.y, 6, 0, b, NULL), LA_OK);
    for (j = 0; j < 120; ++j) {
        if (j == wrong) CHECK_NEAR(b[j], 0, RG_LS_TOL);
        else CHECK((b[j] != 0) == (p.beta[j] != 0));
    }
    /* k > m: clamped to m, at most m atoms */
    {
        la_mat X = la_mat_ld(10, 120, p.X.ld, p.X.data);
        memset(b, 0, 120 * sizeof(la_real));
        CHECK_STATUS(sp_omp_ex(X, p.y, 100, 0, b, NULL, &info, NULL), LA_OK);
        CHECK(info.nnz <= 10);
        CHECK(rg_nnz(120, b) <= 10);
    }
    /* the Gram form and the batch form give the design form's answer */
    {
        la_mat G = tu_mat(120, 120, 0), Y = tu_mat(7, 80, 0), C = tu_mat(7, 120, 0);
        la_real *xty = tu_reals(120);
        la_int i, s;
        sp_mat A = rr_csc(p.X);
        tu_ref_gemm(LA_TRANS, LA_NOTRANS, 1, p.X, p.X, 0, G);
        for (j = 0; j < 120; ++j) {
            long double t = 0;
            for (i = 0; i < 80; ++i) t += (long double)LA_AT(p.X, i, j) * p.y[i];
            xty[j] = (la_real)t;
        }
        memset(b, 0, 120 * sizeof(la_real));
        CHECK_STATUS(sp_omp_gram(G, xty, (la_real)rr_sumsq(80, p.y), 5, 0, b, NULL, &info, NULL), LA_OK);
        CHECK(rg_recovered(120, b, p.beta, RG_LS_TOL));
        for (s = 0; s < 7; ++s)
            for (i = 0; i < 80; ++i) LA_AT(Y, s, i) = (la_real)(s == 0 ? p.y[i] : la_rng_normal(&r));
        for (o.rule = SP_OMP_CORRELATION; (int)o.rule <= (int)SP_OMP_LOSS; o.rule = (sp_omp_rule)((int)o.rule + 1)) {
            int csc;
            o.weights = NULL;
            for (csc = 0; csc < 2; ++csc) {
                if (csc)
                    CHECK_STATUS(sp_omp_batch_csc(&A, Y, 5, 0, C, &o, &info, NULL), LA_OK);
                else
                    CHECK_STATUS(sp_omp_batch(p.X, Y, 5, 0, C, &o, &info, NULL), LA_OK);
                CHECK_INT(info.iterations, 35);
                for (s = 0; s < 7; ++s) {
                    memset(c, 0, 120 * sizeof(la_real));
                    CHECK_STATUS(sp_omp_ex(p.X, &LA_AT(Y, s, 0), 5, 0, c, &o, NULL, NULL), LA_OK);
                    for (j = 0; j < 120; ++j) {
                        CHECK((c[j] != 0) == (LA_AT(C, s, j) != 0));
                        CHECK_NEAR(LA_AT(C, s, j), c[j], 1e4 * TU_EPS * (1 + fabs((double)c[j])));
                    }
                }
            }
        }
        sp_free(&A);
        tu_free(G.data);
        tu_free(Y.data);
        tu_free(C.data);
        tu_free(xty);
    }
    tu_free(b);
    tu_free(w);
    tu_free(c);
    rr_free(&p);
}

TEST(recovery_iht_cosamp_exact_recovery) {
    la_rng r = la_rng_seed(34);
    int trial, csc;
    for (trial = 0; trial < 3; ++trial) {
        rr_problem p = rr_gaussian(&r, 128, 256, 5, 0, 1);
        la_real *b = tu_reals(256);
        sp_mat A = rr_csc(p.X);
        sp_info info;
        double bn = sqrt(rr_sumsq(256, p.beta));
        for (csc = 0; csc < 2; ++csc) {
            memset(b, 0, 256 * sizeof(la_real));
            if (csc)
                CHECK_STATUS(sp_cosamp_csc(&A, p.y, 5, b, NULL, &info, NULL), LA_OK);
            else
                CHECK_STATUS(sp_cosamp(p.X, p.y, 5, b, NULL, &info, NULL), LA_OK);
            CHECK(rg_recovered(256, b, p.beta, RG_LS_TOL));
            memset(b, 0, 256 * sizeof(la_real));
            if (csc)
                CHECK_STATUS(sp_iht_csc(&A, p.y, 5, b, NULL, &info, NULL), LA_OK);
            else
                CHECK_STATUS(sp_iht(p.X, p.y, 5, b, NULL, &info, NULL), LA_OK);
            /* linear convergence stopped at relative change sqrt(eps) */
            CHECK(rg_recovered(256, b, p.beta, 1e2 * sqrt(TU_EPS) * bn));
            CHECK_INT(rg_nnz(256, b), 5);
        }
        sp_free(&A);
        tu_free(b);
        rr_free(&p);
    }
}

TEST(recovery_omp_iht_at_large_scales) {
    /* (s X, t y) with s = t = 2^300, and s = 2^300, t = 1 (2^30 in float):
     * the same support, coefficients scaled by t / s. OMP ranked atoms by
     * c_j^2 / ||x_j||^2, which overflowed to Inf for every atom (LA_OK with
     * the first atoms instead of the support); IHT's step
     * ||g_S||^2 / ||X g_S||^2 overflowed to 0 (LA_OK with coef 0). */
    la_rng r = la_rng_seed(35);
    const int e = LA_REAL_IS_FLOAT ? 30 : 300;
    const int st_[2][2] = {{e, e}, {e, 0}};
    rr_problem p = rr_gaussian(&r, 60, 40, 4, 0, 1);
    la_mat X = tu_mat(60, 40, 0);
    la_real *y = tu_reals(60), *b = tu_reals(40);
    sp_info info;
    double bn = sqrt(rr_sumsq(40, p.beta));
    la_int i, k;
    for (k = 0; k < 2; ++k) {
        double sc = ldexp(1, st_[k][0]), tc = ldexp(1, st_[k][1]);
        for (i = 0; i < 60 * 40; ++i) X.data[i] = (la_real)(sc * p.X.data[i]);
        for (i = 0; i < 60; ++i) y[i] = (la_real)(tc * p.y[i]);
        memset(b, 0, 40 * sizeof(la_real));
        CHECK_STATUS(sp_omp(X, y, 4, 0, b, NULL), LA_OK);
        for (i = 0; i < 40; ++i) b[i] = (la_real)(b[i] / (tc / sc));
        CHECK(rg_recovered(40, b, p.beta, RG_LS_TOL));
        memset(b, 0, 40 * sizeof(la_real));
        CHECK_STATUS(sp_iht(X, y, 4, b, NULL, &info, NULL), LA_OK);
        for (i = 0; i < 40; ++i) b[i] = (la_real)(b[i] / (tc / sc));
        CHECK(rg_recovered(40, b, p.beta, 1e2 * sqrt(TU_EPS) * bn));
        CHECK_INT(rg_nnz(40, b), 4);
    }
    tu_free(X.data);
    tu_free(y);
    tu_free(b);
    rr_free(&p);
}

/* OMP, IHT and CoSaMP of t y with t = 2^-600 and 2^600 (2^-70 and 2^70 in
 * float), where ||y||^2 underflows or overflows: they found no atom (LA_OK,
 * coef 0) or reported LA_ERR_NONFINITE. Now run on y over a power of two:
 * the codes are t times those of y, to the last bit, dense and CSC (OMP
 * with both rules); so is the residual's square where the format holds it. */
static la_status rg_greedy(int method, int csc, const rr_problem *p, const sp_mat *A,
                           const la_real *y, la_real *b, sp_info *info) {
    sp_omp_opts o;
    memset(&o, 0, sizeof o);
    o.rule = method == 1 ? SP_OMP_LOSS : SP_OMP_CORRELATION;
    memset(b, 0, (size_t)p->X.cols * sizeof(la_real));
    if (method < 2)
        return csc ? sp_omp_ex_csc(A, y, 4, 0, b, &o, info, NULL)
                   : sp_omp_ex(p->X, y, 4, 0, b, &o, info, NULL);
    if (method == 2)
        return csc ? sp_iht_csc(A, y, 4, b, NULL, info, NULL)
                   : sp_iht(p->X, y, 4, b, NULL, info, NULL);
    return csc ? sp_cosamp_csc(A, y, 4, b, NULL, info, NULL)
               : sp_cosamp(p->X, y, 4, b, NULL, info, NULL);
}
TEST(recovery_greedy_scaled_signals) {
    la_rng r = la_rng_seed(37);
    const int e = LA_REAL_IS_FLOAT ? 70 : 600;
    rr_problem p = rr_gaussian(&r, 40, 30, 4, 0.01, 1);
    la_real *y = tu_reals(40), *b0 = tu_reals(30), *b = tu_reals(30);
    sp_info info, info0;
    sp_mat A;
    la_int i, k, method, f;
    CHECK_STATUS(sp_from_dense(p.X, 0, SP_CSC, &A), LA_OK);
    for (method = 0; method < 4; ++method)
        for (f = 0; f < 2; ++f) {
            CHECK_STATUS(rg_greedy(method, f, &p, &A, p.y, b0, &info0), LA_OK);
            CHECK_INT(rg_nnz(30, b0), 4);
            for (k = -1; k <= 1; k += 2) {
                double t = ldexp(1, k * e);
                for (i = 0; i < 40; ++i) y[i] = (la_real)(t * p.y[i]);
                CHECK_STATUS(rg_greedy(method, f, &p, &A, y, b, &info), LA_OK);
                CHECK_INT(info.iterations, info0.iterations);
                for (i = 0; i < 30; ++i) CHECK((double)b[i] == t * (double)b0[i]);
                {   /* the residual's square, where the format holds it */
                    double want = t * t * (double)info0.objective;
                    if (want >= (double)LA_REAL_MIN && want <= (double)LA_REAL_MAX)
                        CHECK((double)info.objective == want);
                }
            }
        }
    sp_free(&A);
    tu_free(y);
    tu_free(b0);
    tu_free(b);
    rr_free(&p);
}

/* A dictionary scaled by 2^600 (2^70 in float): X^T X overflows. sp_omp
 * reports it; batch OMP, dense and CSC, used to return LA_OK with every
 * code 0. And a batch whose second signal alone overflows (y scaled by
 * 2^600, ||y||^2 out of range): LA_ERR_NONFINITE with that code 0 and the
 * first signal's code the one sp_omp finds. */
TEST(recovery_omp_batch_reports_overflow) {
    la_rng r = la_rng_seed(36);
    const int e = LA_REAL_IS_FLOAT ? 70 : 600;
    rr_problem p = rr_gaussian(&r, 30, 20, 3, 0, 1);
    la_mat X = tu_mat(30, 20, 0), Y = tu_mat(2, 30, 0), C = tu_mat(2, 20, 0);
    la_real *b = tu_reals(20);
    sp_info info;
    sp_mat A;
    la_int i;
    for (i = 0; i < 30 * 20; ++i) X.data[i] = (la_real)ldexp(p.X.data[i], e);
    for (i = 0; i < 30; ++i) LA_AT(Y, 0, i) = LA_AT(Y, 1, i) = p.y[i];
    memset(b, 0, 20 * sizeof(la_real));
    CHECK_STATUS(sp_omp(X, p.y, 3, 0, b, NULL), LA_ERR_NONFINITE);
    la_mat_set(C, 1, 1);
    CHECK_STATUS(sp_omp_batch(X, Y, 3, 0, C, NULL, &info, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(info.status, LA_ERR_NONFINITE);
    CHECK(la_norm_max(C) == 0);
    CHECK_STATUS(sp_from_dense(X, 0, SP_CSC, &A), LA_OK);
    la_mat_set(C, 1, 1);
    CHECK_STATUS(sp_omp_batch_csc(&A, Y, 3, 0, C, NULL, NULL, NULL), LA_ERR_NONFINITE);
    CHECK(la_norm_max(C) == 0);
    sp_free(&A);
    /* the unscaled dictionary, the second signal scaled */
    for (i = 0; i < 30; ++i) LA_AT(Y, 1, i) = (la_real)ldexp(p.y[i], e);
    la_mat_set(C, 1, 1);
    CHECK_STATUS(sp_omp_batch(p.X, Y, 3, 0, C, NULL, &info, NULL), LA_ERR_NONFINITE);
    memset(b, 0, 20 * sizeof(la_real));
    CHECK_STATUS(sp_omp(p.X, p.y, 3, 0, b, NULL), LA_OK);
    for (i = 0; i < 20; ++i) {
        CHECK_LE(fabs((double)(LA_AT(C, 0, i) - b[i])), 1e2 * TU_EPS * (1 + fabs((double)b[i])));
        CHECK(LA_AT(C, 1, i) == 0);
    }
    tu_free(X.data);
    tu_free(Y.data);
    tu_free(C.data);
    tu_free(b);
    rr_free(&p);
}

/* Group LASSO: group KKT conditions with allowances from the gap;
 * singleton groups are the LASSO; orthonormal designs have the closed form
 * b_g = (1 - lambda v_g / ||z_g||)_+ z_g, z = X^T y / m. */
TEST(recovery_group_lasso_kkt_closed_form_singletons) {
    la_rng r = la_rng_seed(35);
    rr_problem p = rr_gaussian(&r, 60, 24, 6, 0.3, 0);
    la_int group[24], single[24], j, i;
    la_real gw[7], *b = tu_reals(24), *c = tu_reals(24), lam = (la_real)0.1;
    sp_lasso_opts o;
    sp_info info;
    int csc;
    double tol = LA_REAL_IS_FLOAT ? 1e-4 : 1e-10, yy = rr_sumsq(60, p.y), gap;
    for (j = 0; j < 24; ++j) {
        group[j] = (j * 7) % 6; /* interleaved groups of 4 */
        single[j] = j;
    }
    for (j = 0; j < 6; ++j) gw[j] = (la_real)(1 + 0.25 * j);
    memset(&o, 0, sizeof o);
    o.tol = (la_real)tol;
    o.max_iter = 100000;
    for (csc = 0; csc < 2; ++csc) {
        sp_mat A = rr_csc(p.X);
        memset(b, 0, 24 * sizeof(la_real));
        if (csc)
            CHECK_STATUS(sp_group_lasso_csc(&A, p.y, group, 6, gw, lam, b, &o, &info, NULL), LA_OK);
        else
            CHECK_STATUS(sp_group_lasso(p.X, p.y, group, 6, gw, lam, b, &o, &info, NULL), LA_OK);
        gap = rr_group_gap(p.X, p.y, b, group, 6, gw, lam);
        CHECK_LE(gap, tol * yy / 60 + 16 * TU_EPS * yy);
        CHECK_LE(rr_group_kkt_excess(p.X, p.y, b, group, 6, gw, lam, gap, 1e-12), 0);
        CHECK(rg_nnz(24, b) % 4 == 0); /* whole groups */
        sp_free(&A);
    }
    /* default weights sqrt(4) = 2 */
    memset(b, 0, 24 * sizeof(la_real));
    CHECK_STATUS(sp_group_lasso(p.X, p.y, group, 6, NULL, lam / 2, b, &o, &info, NULL), LA_OK);
    gap = rr_group_gap(p.X, p.y, b, group, 6, NULL, lam / 2);
    CHECK_LE(rr_group_kkt_excess(p.X, p.y, b, group, 6, NULL, lam / 2, gap, 1e-12), 0);
    /* singleton groups of weight 1: the LASSO */
    for (j = 0; j < 24; ++j) c[j] = 1;
    memset(b, 0, 24 * sizeof(la_real));
    CHECK_STATUS(sp_group_lasso(p.X, p.y, single, 24, c, lam, b, &o, &info, NULL), LA_OK);
    memset(c, 0, 24 * sizeof(la_real));
    CHECK_STATUS(sp_lasso(p.X, p.y, lam, c, &o, NULL, NULL), LA_OK);
    CHECK_LE(rr_fit_distance(p.X, b, c), sqrt(2 * rr_gap(p.X, p.y, b, lam, 1, NULL, 0)) +
                                             sqrt(2 * rr_gap(p.X, p.y, c, lam, 1, NULL, 0)) + 1e3 * TU_EPS);
    /* orthonormal design */
    {
        la_mat Q = tu_mat(60, 60, 0), X = tu_mat(60, 24, 0);
        la_real z[24];
        tu_rand_orthogonal(&r, Q);
        for (i = 0; i < 60; ++i)
            for (j = 0; j < 24; ++j) LA_AT(X, i, j) = (la_real)(LA_AT(Q, i, j) * sqrt(60.0));
        for (j = 0; j < 24; ++j) {
            long double t = 0;
            for (i = 0; i < 60; ++i) t += (long double)LA_AT(X, i, j) * p.y[i];
            z[j] = (la_real)(t / 60);
        }
        memset(b, 0, 24 * sizeof(la_real));
        CHECK_STATUS(sp_group_lasso(X, p.y, group, 6, gw, lam, b, &o, &info, NULL), LA_OK);
        for (i = 0; i < 6; ++i) {
            long double zn = 0, f;
            for (j = 0; j < 24; ++j)
                if (group[j] == i) zn += (long double)z[j] * z[j];
            zn = sqrtl(zn);
            f = zn > lam * gw[i] ? 1 - lam * gw[i] / zn : 0;
            for (j = 0; j < 24; ++j)
                if (group[j] == i) CHECK_NEAR(b[j], f * z[j], 1e2 * sqrt(tol) * (fabs((double)z[j]) + 1e-3));
        }
        tu_free(Q.data);
        tu_free(X.data);
    }
    tu_free(b);
    tu_free(c);
    rr_free(&p);
}

/* MCP and SCAD on an orthonormal design: coordinatewise closed forms
 * (firm thresholding, Zhang 2010; Fan and Li 2001). */
TEST(recovery_mcp_scad_orthonormal_closed_forms) {
    la_rng r = la_rng_seed(36);
    la_mat Q = tu_mat(50, 50, 0), X = tu_mat(50, 20, 0);
    la_real *y = tu_reals(50), *b = tu_reals(20), z[20], lam = (la_real)0.3;
    la_int i, j;
    int pen, csc;
    tu_rand_orthogonal(&r, Q);
    for (i = 0; i < 50; ++i)
        for (j = 0; j < 20; ++j) LA_AT(X, i, j) = (la_real)(LA_AT(Q, i, j) * sqrt(50.0));
    /* y with X^T y / m spread over every regime of the thresholds */
    for (i = 0; i < 50; ++i) {
        long double t = 0.1 * la_rng_normal(&r);
        for (j = 0; j < 20; ++j) t += (long double)LA_AT(X, i, j) * (0.06 * j - 0.5) * (j % 2 ? 1 : -1);
        y[i] = (la_real)t;
    }
    for (j = 0; j < 20; ++j) {
        long double t = 0;
        for (i = 0; i < 50; ++i) t += (long double)LA_AT(X, i, j) * y[i];
        z[j] = (la_real)(t / 50);
    }
    for (pen = 0; pen < 2; ++pen)
        for (csc = 0; csc < 2; ++csc) {
            sp_lasso_opts o;
            sp_info info;
            sp_mat A = rr_csc(X);
            double g = pen ? 3.7 : 3;
            memset(&o, 0, sizeof o);
            o.tol = (la_real)(LA_REAL_IS_FLOAT ? 1e-6 : 1e-14);
            memset(b, 0, 20 * sizeof(la_real));
            if (pen == 0)
                CHECK_STATUS(csc ? sp_mcp_csc(&A, y, lam, 0, b, &o, &info, NULL) : sp_mcp(X, y, lam, 0, b, &o, &info, NULL), LA_OK);
            else
                CHECK_STATUS(csc ? sp_scad_csc(&A, y, lam, 0, b, &o, &info, NULL) : sp_scad(X, y, lam, 0, b, &o, &info, NULL), LA_OK);
            CHECK(info.gap != info.gap); /* no duality gap for nonconvex penalties */
            for (j = 0; j < 20; ++j) {
                double a = fabs((double)z[j]), s = z[j] > 0 ? 1 : -1, want;
                if (pen == 0)
                    want = a <= lam ? 0 : (a <= g * lam ? s * (a - lam) / (1 - 1 / g) : z[j]);
                else
                    want = a <= 2 * lam ? (a <= lam ? 0 : s * (a - lam))
                                        : (a <= g * lam ? ((g - 1) * z[j] - s * g * lam) / (g - 2) : z[j]);
                CHECK_NEAR(b[j], want, 1e3 * TU_EPS * (a + 1));
            }
            sp_free(&A);
        }
    tu_free(Q.data);
    tu_free(X.data);
    tu_free(y);
    tu_free(b);
}

/* On a general design: stationarity of every coordinate (the derivative of
 * the penalty at |b_j| for nonzeros, |x_j^T r| / m <= lambda at zeros),
 * with an allowance from the stopping rule: the last pass moved each
 * fitted value by at most sqrt(tol ||y||^2) in norm. And the MCP path. */
TEST(recovery_mcp_scad_stationary_and_path) {
    la_rng r = la_rng_seed(37);
    rr_problem p = rr_gaussian(&r, 70, 30, 5, 0.2, 0);
    la_real *b = tu_reals(30), lam = (la_real)0.08;
    double tol = LA_REAL_IS_FLOAT ? 1e-8 : 1e-16, yy = rr_sumsq(70, p.y);
    int pen;
    long double *res = (long double *)calloc(70, sizeof(long double));
    for (pen = 0; pen < 2; ++pen) {
        sp_lasso_opts o;
        double g = pen ? 3.7 : 3;
        la_int i, j;
        memset(&o, 0, sizeof o);
        o.tol = (la_real)tol;
        o.max_iter = 100000;
        memset(b, 0, 30 * sizeof(la_real));
        if (pen == 0)
            CHECK_STATUS(sp_mcp(p.X, p.y, lam, (la_real)g, b, &o, NULL, NULL), LA_OK);
        else
            CHECK_STATUS(sp_scad(p.X, p.y, lam, (la_real)g, b, &o, NULL, NULL), LA_OK);
        rr_residual(p.X, p.y, b, 0, res);
        for (j = 0; j < 30; ++j) {
            long double gj = 0, nx = 0, t = fabs((double)b[j]), d;
            for (i = 0; i < 70; ++i) {
                gj += (long double)LA_AT(p.X, i, j) * res[i];
                nx += (long double)LA_AT(p.X, i, j) * LA_AT(p.X, i, j);
            }
            gj /= 70;
            if (b[j] == 0) {
                CHECK_LE(fabsl(gj), lam + sqrtl(nx) * sqrt(30 * tol * yy) / 70 + 1e3 * TU_EPS);
                continue;
            }
            if (pen == 0) d = t <= g * lam ? lam - t / g : 0;
            else d = t <= lam ? lam : (t <= g * lam ? (g * lam - t) / (g - 1) : 0);
            CHECK_NEAR(gj, d * (b[j] > 0 ? 1 : -1), sqrtl(nx) * sqrt(30 * tol * yy) / 70 + 1e3 * TU_EPS);
        }
    }
    /* the MCP path from lambda_max, warm started (ncvreg's way) */
    {
        sp_lasso_opts o;
        sp_path P;
        sp_info info;
        memset(&o, 0, sizeof o);
        o.penalty = SP_PENALTY_MCP;
        o.n_lambda = 15;
        CHECK_STATUS(sp_path_alloc(30, 15, 0, &P), LA_OK);
        CHECK_STATUS(sp_lasso_path(p.X, p.y, 1, &o, &P, &info, NULL), LA_OK);
        CHECK_INT(P.count, 15);
        CHECK_INT(P.ptr[1], 0);
        CHECK(info.gap != info.gap);
        sp_path_free(&P);
    }
    free(res);
    tu_free(b);
    rr_free(&p);
}

/* The parallel CSC entry points compute what the dense ones compute, with
 * intercept and standardization (implicit centering of the sparse design). */
TEST(recovery_dense_and_csc_agree) {
    la_rng r = la_rng_seed(38);
    rr_problem p = rr_gaussian(&r, 50, 40, 5, 0.3, 0);
    la_real *b1 = tu_reals(40), *b2 = tu_reals(40), lam = (la_real)0.05;
    la_int i, j;
    sp_lasso_opts o;
    sp_info i1, i2;
    sp_mat A;
    double tol = LA_REAL_IS_FLOAT ? 1e-5 : 1e-11;
    /* a sparse design with nonzero means */
    for (i = 0; i < 50; ++i)
        for (j = 0; j < 40; ++j)
            if (la_rng_uniform(&r) < 0.6) LA_AT(p.X, i, j) = 0;
            else LA_AT(p.X, i, j) += 2;
    A = rr_csc(p.X);
    memset(&o, 0, sizeof o);
    o.tol = (la_real)tol;
    o.max_iter = 100000;
    o.fit_intercept = 1;
    o.standardize = 1;
    CHECK_STATUS(sp_enet(p.X, p.y, lam, (la_real)0.7, b1, &o, &i1, NULL), LA_OK);
    CHECK_STATUS(sp_enet_csc(&A, p.y, lam, (la_real)0.7, b2, &o, &i2, NULL), LA_OK);
    for (j = 0; j < 40; ++j) CHECK_NEAR(b1[j], b2[j], 1e2 * sqrt(tol) * (1 + fabs((double)b1[j])));
    CHECK_NEAR(i1.intercept, i2.intercept, 1e2 * sqrt(tol) * (1 + fabs((double)i1.intercept)));
    memset(b1, 0, 40 * sizeof(la_real));
    memset(b2, 0, 40 * sizeof(la_real));
    CHECK_STATUS(sp_fista(p.X, p.y, lam, 1, b1, &o, &i1, NULL), LA_OK);
    CHECK_STATUS(sp_fista_csc(&A, p.y, lam, 1, b2, &o, &i2, NULL), LA_OK);
    for (j = 0; j < 40; ++j) CHECK_NEAR(b1[j], b2[j], 1e2 * sqrt(tol) * (1 + fabs((double)b1[j])));
    {
        sp_lars_opts lo;
        sp_path P1, P2;
        memset(&lo, 0, sizeof lo);
        lo.fit_intercept = 1;
        CHECK_STATUS(sp_path_alloc(40, 400, 0, &P1), LA_OK);
        CHECK_STATUS(sp_path_alloc(40, 400, 0, &P2), LA_OK);
        CHECK_STATUS(sp_lars(p.X, p.y, &lo, &P1, NULL, NULL), LA_OK);
        CHECK_STATUS(sp_lars_csc(&A, p.y, &lo, &P2, NULL, NULL), LA_OK);
        CHECK_INT(P1.count, P2.count);
        CHECK_STATUS(sp_path_at(&P1, lam, b1, NULL), LA_OK);
        CHECK_STATUS(sp_path_at(&P2, lam, b2, NULL), LA_OK);
        for (j = 0; j < 40; ++j) CHECK_NEAR(b1[j], b2[j], 1e4 * TU_EPS * (1 + fabs((double)b1[j])));
        sp_path_free(&P1);
        sp_path_free(&P2);
    }
    sp_free(&A);
    tu_free(b1);
    tu_free(b2);
    rr_free(&p);
}

TEST(recovery_empty_designs) {
    la_real y[3] = {1, 2, 6}, b[2] = {5, 5}, lam[4];
    la_mat X0 = la_mat_of(3, 0, NULL), Xm = la_mat_of(0, 2, b);
    sp_lasso_opts o;
    sp_info info;
    sp_path P;
    memset(&o, 0, sizeof o);
    o.fit_intercept = 1;
    o.n_lambda = 4;
    /* n = 0: nothing to estimate; the intercept is mean(y) */
    CHECK_STATUS(sp_lasso(X0, y, 1, NULL, &o, &info, NULL), LA_OK);
    CHECK_NEAR(info.intercept, 3, 4 * TU_EPS * 3);
    CHECK_INT(info.nnz, 0);
    CHECK_STATUS(sp_fista(X0, y, 1, 1, NULL, &o, &info, NULL), LA_OK);
    CHECK_STATUS(sp_omp(X0, y, 0, 0, NULL, NULL), LA_OK);
    /* m = 0: no data; coef is set to 0 */
    CHECK_STATUS(sp_lasso(Xm, NULL, 1, b, NULL, &info, NULL), LA_OK);
    CHECK(b[0] == 0 && b[1] == 0);
    b[0] = 3;
    CHECK_STATUS(sp_omp(Xm, NULL, 1, 0, b, NULL), LA_OK);
    CHECK(b[0] == 0);
    b[0] = 3;
    CHECK_STATUS(sp_iht(Xm, NULL, 1, b, NULL, &info, NULL), LA_OK);
    CHECK(b[0] == 0);
    CHECK_STATUS(sp_cosamp(Xm, NULL, 1, b, NULL, &info, NULL), LA_OK);
    CHECK_STATUS(sp_path_alloc(2, 4, 0, &P), LA_OK);
    CHECK_STATUS(sp_lasso_path(Xm, NULL, 1, &o, &P, &info, NULL), LA_OK);
    CHECK_INT(P.count, 4);
    CHECK_STATUS(sp_lambda_grid(Xm, NULL, 1, &o, lam, NULL), LA_OK);
    CHECK_STATUS(sp_lars(Xm, NULL, NULL, &P, &info, NULL), LA_OK);
    CHECK_INT(P.count, 1);
    sp_path_free(&P);
    CHECK_STATUS(sp_path_alloc(0, 4, 0, &P), LA_OK);
    CHECK_STATUS(sp_lars(X0, y, NULL, &P, &info, NULL), LA_OK);
    sp_path_free(&P);
}

TEST(recovery_error_statuses) {
    la_rng r = la_rng_seed(39);
    rr_problem p = rr_gaussian(&r, 12, 8, 2, 0.1, 0);
    la_real *b = tu_reals(8), bad[8], lam4[4];
    la_int grp[8] = {0, 0, 1, 1, 2, 2, 3, 3}, badgrp[8] = {0, 0, 1, 1, 2, 2, 3, 4};
    sp_lasso_opts o;
    sp_omp_opts oo;
    sp_greedy_opts go;
    sp_info info;
    sp_path P;
    sp_cv cv;
    sp_mat A = rr_csc(p.X), R;
    la_real cvl[4], cvm[4], cvs[4];
    la_int j;
    memset(&o, 0, sizeof o);
    memset(&oo, 0, sizeof oo);
    memset(&go, 0, sizeof go);
    CHECK_STATUS(sp_path_alloc(8, 4, 0, &P), LA_OK);
    /* NULL and malformed arguments */
    CHECK_STATUS(sp_lasso(p.X, NULL, 1, b, NULL, &info, NULL), LA_ERR_ARG);
    CHECK_INT(info.status, LA_ERR_ARG);
    CHECK_STATUS(sp_lasso(p.X, p.y, 1, NULL, NULL, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(sp_lasso(la_mat_ld(12, 8, 4, p.X.data), p.y, 1, b, NULL, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(sp_lasso_csc(NULL, p.y, 1, b, NULL, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(sp_convert(&A, SP_CSR, &R), LA_OK);
    CHECK_STATUS(sp_lasso_csc(&R, p.y, 1, b, NULL, NULL, NULL), LA_ERR_ARG); /* CSR refused */
    CHECK_STATUS(sp_omp_csc(&R, p.y, 1, 0, b, NULL), LA_ERR_ARG);
    sp_free(&R);
    /* lambda < 0, NaN; l1_ratio outside [0, 1]; tol < 0; bad options */
    CHECK_STATUS(sp_lasso(p.X, p.y, -1, b, NULL, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(sp_lasso(p.X, p.y, (la_real)NAN, b, NULL, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(sp_enet(p.X, p.y, 1, (la_real)1.5, b, NULL, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(sp_enet_csc(&A, p.y, 1, (la_real)-0.1, b, NULL, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(sp_fista(p.X, p.y, -1, 1, b, NULL, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(sp_lasso_path(p.X, p.y, 2, NULL, &P, NULL, NULL), LA_ERR_ARG);
    o.tol = -1;
    CHECK_STATUS(sp_lasso(p.X, p.y, 1, b, &o, NULL, NULL), LA_ERR_ARG);
    o.tol = 0;
    o.mode = (sp_cd_mode)7;
    CHECK_STATUS(sp_lasso(p.X, p.y, 1, b, &o, NULL, NULL), LA_ERR_ARG);
    o.mode = SP_CD_AUTO;
    for (j = 0; j < 8; ++j) bad[j] = 1;
    bad[2] = -1;
    o.penalty_factor = bad;
    CHECK_STATUS(sp_lasso(p.X, p.y, 1, b, &o, NULL, NULL), LA_ERR_ARG);
    o.penalty_factor = NULL;
    CHECK_STATUS(sp_omp(p.X, p.y, 1, -1, b, NULL), LA_ERR_ARG);
    /* k < 0, k > n */
    CHECK_STATUS(sp_omp(p.X, p.y, -1, 0, b, NULL), LA_ERR_ARG);
    CHECK_STATUS(sp_omp(p.X, p.y, 9, 0, b, NULL), LA_ERR_ARG);
    CHECK_STATUS(sp_iht(p.X, p.y, 9, b, NULL, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(sp_cosamp(p.X, p.y, 0, b, NULL, NULL, NULL), LA_ERR_ARG);
    oo.weights = bad;
    CHECK_STATUS(sp_omp_ex(p.X, p.y, 1, 0, b, &oo, NULL, NULL), LA_ERR_ARG);
    oo.weights = NULL;
    go.rel_tol = -1;
    CHECK_STATUS(sp_iht(p.X, p.y, 2, b, &go, NULL, NULL), LA_ERR_ARG);
    /* MCP gamma <= 1, SCAD gamma <= 2 */
    CHECK_STATUS(sp_mcp(p.X, p.y, 1, 1, b, NULL, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(sp_scad(p.X, p.y, 1, 2, b, NULL, NULL, NULL), LA_ERR_ARG);
    /* groups out of range */
    CHECK_STATUS(sp_group_lasso(p.X, p.y, badgrp, 4, NULL, 1, b, NULL, NULL, NULL), LA_ERR_ARG);
    CHECK_STATUS(sp_group_lasso(p.X, p.y, grp, 4, bad, 1, b, NULL, NULL, NULL), LA_ERR_ARG);
    /* cross-validation: folds, sizes */
    o.n_lambda = 4;
    cv = sp_cv_of(4, cvl, cvm, cvs);
    o.n_folds = 13;
    CHECK_STATUS(sp_lasso_cv(p.X, p.y, 1, &o, &cv, NULL, NULL), LA_ERR_ARG);
    o.n_folds = 3;
    cv.n_lambda = 5;
    CHECK_STATUS(sp_lasso_cv(p.X, p.y, 1, &o, &cv, NULL, NULL), LA_ERR_ARG);
    /* a user grid that increases */
    lam4[0] = 1;
    lam4[1] = 2;
    lam4[2] = lam4[3] = 0;
    o.lambdas = lam4;
    CHECK_STATUS(sp_lasso_path(p.X, p.y, 1, &o, &P, NULL, NULL), LA_ERR_ARG);
    o.lambdas = NULL;
    /* path of the wrong size */
    {
        sp_path Q;
        CHECK_STATUS(sp_path_alloc(7, 4, 0, &Q), LA_OK);
        CHECK_STATUS(sp_lasso_path(p.X, p.y, 1, &o, &Q, NULL, NULL), LA_ERR_ARG);
        CHECK_STATUS(sp_lars(p.X, p.y, NULL, &Q, NULL, NULL), LA_ERR_ARG);
        sp_path_free(&Q);
    }
    /* NaN / Inf in X, y or the warm start: nothing written */
    for (j = 0; j < 8; ++j) b[j] = 7;
    p.y[3] = (la_real)NAN;
    CHECK_STATUS(sp_lasso(p.X, p.y, 1, b, NULL, &info, NULL), LA_ERR_NONFINITE);
    CHECK_INT(info.status, LA_ERR_NONFINITE);
    CHECK_STATUS(sp_omp(p.X, p.y, 1, 0, b, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(sp_lars(p.X, p.y, NULL, &P, NULL, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(sp_lasso_path(p.X, p.y, 1, &o, &P, NULL, NULL), LA_ERR_NONFINITE);
    p.y[3] = 1;
    LA_AT(p.X, 5, 2) = (la_real)INFINITY;
    CHECK_STATUS(sp_enet(p.X, p.y, 1, (la_real)0.5, b, NULL, NULL, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(sp_fista(p.X, p.y, 1, 1, b, NULL, NULL, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(sp_iht(p.X, p.y, 2, b, NULL, NULL, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(sp_cosamp(p.X, p.y, 2, b, NULL, NULL, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(sp_group_lasso(p.X, p.y, grp, 4, NULL, 1, b, NULL, NULL, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(sp_mcp(p.X, p.y, 1, 0, b, NULL, NULL, NULL), LA_ERR_NONFINITE);
    for (j = 0; j < 8; ++j) CHECK(b[j] == 7);
    LA_AT(p.X, 5, 2) = 1;
    A.val[4] = (la_real)NAN;
    CHECK_STATUS(sp_lasso_csc(&A, p.y, 1, b, NULL, NULL, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(sp_omp_csc(&A, p.y, 1, 0, b, NULL), LA_ERR_NONFINITE);
    A.val[4] = 1;
    b[1] = (la_real)INFINITY;
    CHECK_STATUS(sp_lasso(p.X, p.y, 1, b, NULL, NULL, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(sp_omp(p.X, p.y, 1, 0, b, NULL), LA_ERR_NONFINITE);
    /* a workspace too small */
    {
        unsigned char buf[256];
        la_arena ar = la_arena_of(buf, sizeof buf);
        for (j = 0; j < 8; ++j) b[j] = 0;
        CHECK_STATUS(sp_lasso(p.X, p.y, 1, b, NULL, &info, &ar), LA_ERR_NOMEM);
        CHECK_STATUS(sp_omp(p.X, p.y, 1, 0, b, &ar), LA_ERR_NOMEM);
        CHECK_STATUS(sp_lars(p.X, p.y, NULL, &P, NULL, &ar), LA_ERR_NOMEM);
        CHECK(ar.used == 0);
    }
    sp_path_free(&P);
    sp_free(&A);
    tu_free(b);
    rr_free(&p);
}

/* Every *_ws_bytes query suffices at a misaligned arena, and the arena is
 * returned as it was. */
TEST(recovery_workspace_queries_suffice) {
    la_rng r = la_rng_seed(40);
    rr_problem p = rr_gaussian(&r, 30, 45, 4, 0.1, 0);
    la_real *b = tu_reals(45), w[45];
    la_int grp[45], j;
    sp_lasso_opts o;
    sp_path P;
    size_t big = 0, q[9];
    unsigned char *buf;
    int i;
    for (j = 0; j < 45; ++j) {
        grp[j] = j / 5;
        w[j] = j == 7 ? 0 : 1;
    }
    memset(&o, 0, sizeof o);
    o.penalty_factor = w;
    o.n_lambda = 10;
    o.n_folds = 3;
    q[0] = sp_lasso_ws_bytes(30, 45, &o);
    q[1] = sp_fista_ws_bytes(30, 45, &o);
    q[2] = sp_omp_ws_bytes(30, 45, 5);
    q[3] = sp_omp_batch_ws_bytes(30, 45, 5);
    q[4] = sp_iht_ws_bytes(30, 45);
    q[5] = sp_cosamp_ws_bytes(30, 45, 4);
    q[6] = sp_lars_ws_bytes(30, 45);
    q[7] = sp_group_lasso_ws_bytes(30, 45, 9, 5, 0);
    q[8] = sp_lasso_cv_ws_bytes(30, 45, 0, &o);
    for (i = 0; i < 9; ++i) {
        CHECK(q[i] > 0);
        if (q[i] > big) big = q[i];
    }
    buf = (unsigned char *)malloc(big + 8);
    CHECK_STATUS(sp_path_alloc(45, 200, 0, &P), LA_OK);
    for (i = 0; i < 9; ++i) {
        la_arena ar = la_arena_of(buf + 3, q[i]);
        la_status st = LA_OK;
        memset(b, 0, 45 * sizeof(la_real));
        switch (i) {
        case 0:
            st = sp_lasso(p.X, p.y, (la_real)0.1, b, &o, NULL, &ar);
            if (st == LA_OK) st = sp_lasso_path(p.X, p.y, 1, &o, &P, NULL, &ar);
            break;
        case 1: st = sp_fista(p.X, p.y, (la_real)0.1, 1, b, &o, NULL, &ar); break;
        case 2: st = sp_omp(p.X, p.y, 5, 0, b, &ar); break;
        case 3: {
            la_mat Y = la_mat_of(1, 30, p.y), C = la_mat_of(1, 45, b);
            st = sp_omp_batch(p.X, Y, 5, 0, C, NULL, NULL, &ar);
            break;
        }
        case 4: st = sp_iht(p.X, p.y, 4, b, NULL, NULL, &ar); break;
        case 5: st = sp_cosamp(p.X, p.y, 4, b, NULL, NULL, &ar); break;
        case 6: st = sp_lars(p.X, p.y, NULL, &P, NULL, &ar); break;
        case 7: st = sp_group_lasso(p.X, p.y, grp, 9, NULL, (la_real)0.1, b, NULL, NULL, &ar); break;
        case 8: {
            la_real l[10], m1[10], s1[10];
            sp_cv cv = sp_cv_of(10, l, m1, s1);
            st = sp_lasso_cv(p.X, p.y, 1, &o, &cv, NULL, &ar);
            break;
        }
        }
        CHECK_STATUS(st, LA_OK);
        CHECK(ar.used == 0);
        CHECK(ar.peak <= q[i]);
    }
    sp_path_free(&P);
    free(buf);
    tu_free(b);
    rr_free(&p);
}

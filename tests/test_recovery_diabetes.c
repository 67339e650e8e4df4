/* test_recovery_diabetes.c - sparse.h section 6 on real data: the diabetes
 * data of Efron, Hastie, Johnstone and Tibshirani (2004, "Least Angle
 * Regression"; tests/data/diabetes.csv, 442 x 10 raw values and the
 * response), fitted with an intercept and standardized columns.
 *   - lambda_max of the grid against its definition, in long double;
 *   - the end of the LARS path (least squares) against la_lstsq and
 *     against least-squares coefficients computed in double by a different
 *     library, within the perturbation bound of least squares;
 *   - coordinate descent against the exact LARS path at several lambdas:
 *     KKT conditions, gaps and fits, on the standardized problem formed
 *     here in long double;
 *   - the breakpoints of the path against an independent implementation,
 *     the first features to enter (bmi, s5, bp, as the paper reports) and
 *     a feature that leaves the path and comes back. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"
#include "recref.h"

#define DB_PATH "tests/data/diabetes.csv"
#define DB_M 442
#define DB_N 10

/* The data: X raw (m x n), y; the column means and (1/m) standard
 * deviations, y's mean, and the centered standardized problem Z, yc,
 * all computed in long double and rounded once. */
typedef struct {
    la_mat X, Z;
    la_real y[DB_M], yc[DB_M];
    long double mean[DB_N], sd[DB_N], ymean;
    /* max_j (|mean_j| + sd_j) / sd_j: how much a relative rounding of the
       raw entries grows relative to the centered columns */
    double centering_growth;
    double smax, smin; /* extreme singular values of Z */
} db_data;

static void db_free(db_data *d) {
    tu_free(d->X.data);
    tu_free(d->Z.data);
}

/* Reads the file and forms the rest; 0 (nothing left allocated) if the
 * file is missing or not 442 rows of 11 numbers under the header. */
static int db_read(db_data *d) {
    FILE *f = fopen(DB_PATH, "r");
    char line[256];
    la_real s[DB_N];
    la_int i = 0, j;
    int ok;
    if (!f) return 0;
    d->X = tu_mat(DB_M, DB_N, 0);
    d->Z = tu_mat(DB_M, DB_N, 0);
    ok = fgets(line, sizeof line, f) != NULL && strcmp(line, "age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,y\n") == 0;
    while (ok && fgets(line, sizeof line, f)) {
        char *p = line, *end;
        ok = i < DB_M;
        for (j = 0; j <= DB_N && ok; ++j) {
            double v = strtod(p, &end);
            ok = end != p && *end == (j < DB_N ? ',' : '\n');
            if (j < DB_N)
                LA_AT(d->X, i, j) = (la_real)v;
            else
                d->y[i] = (la_real)v;
            p = end + 1;
        }
        ++i;
    }
    fclose(f);
    ok = ok && i == DB_M;
    if (ok) {
        d->ymean = 0;
        for (i = 0; i < DB_M; ++i) d->ymean += d->y[i];
        d->ymean /= DB_M;
        for (i = 0; i < DB_M; ++i) d->yc[i] = (la_real)(d->y[i] - d->ymean);
        d->centering_growth = 1;
        for (j = 0; j < DB_N; ++j) {
            long double mu = 0, v = 0;
            for (i = 0; i < DB_M; ++i) mu += LA_AT(d->X, i, j);
            mu /= DB_M;
            for (i = 0; i < DB_M; ++i) v += (LA_AT(d->X, i, j) - mu) * (LA_AT(d->X, i, j) - mu);
            d->mean[j] = mu;
            d->sd[j] = sqrtl(v / DB_M);
            for (i = 0; i < DB_M; ++i) LA_AT(d->Z, i, j) = (la_real)((LA_AT(d->X, i, j) - mu) / d->sd[j]);
            if ((double)((fabsl(mu) + d->sd[j]) / d->sd[j]) > d->centering_growth)
                d->centering_growth = (double)((fabsl(mu) + d->sd[j]) / d->sd[j]);
        }
        ok = la_svd(d->Z, s, la_mat_of(0, 0, NULL), la_mat_of(0, 0, NULL), NULL) == LA_OK;
        d->smax = s[0];
        d->smin = s[DB_N - 1];
    }
    if (!ok) db_free(d);
    return ok;
}

/* The intercept that goes with coefficients b on the original scale,
 * mean(y) - sum_j mean_j b_j, and the rounding a solver may make in it:
 * its means are sums of m terms and the intercept one of n + 1 terms,
 * 2 (m + n) eps (|mean(y)| + sum_j |mean_j b_j|) at worst. */
static double db_intercept(const db_data *d, const la_real *b, double *rounding) {
    long double b0 = d->ymean, size = fabsl(d->ymean);
    la_int j;
    for (j = 0; j < DB_N; ++j) {
        b0 -= d->mean[j] * b[j];
        size += fabsl(d->mean[j] * b[j]);
    }
    *rounding = (double)(2 * (DB_M + DB_N) * TU_EPS * size);
    return (double)b0;
}

static sp_lasso_opts db_opts(void) {
    sp_lasso_opts o;
    memset(&o, 0, sizeof o);
    o.fit_intercept = 1;
    o.standardize = 1;
    return o;
}

/* The full LASSO path by LARS, intercept and standardization, on the
 * dense design or its CSC copy. */
static void db_lars(const db_data *d, int csc, sp_path *P, sp_info *info) {
    sp_lars_opts lo;
    memset(&lo, 0, sizeof lo);
    lo.fit_intercept = 1;
    lo.standardize = 1;
    CHECK_STATUS(sp_path_alloc(DB_N, 8 * DB_N, 0, P), LA_OK);
    if (csc) {
        sp_mat A = rr_csc(d->X);
        CHECK_STATUS(sp_lars_csc(&A, d->y, &lo, P, info, NULL), LA_OK);
        sp_free(&A);
    } else {
        CHECK_STATUS(sp_lars(d->X, d->y, &lo, P, info, NULL), LA_OK);
    }
}

TEST(recovery_diabetes_lambda_max) {
    db_data d;
    sp_lasso_opts o = db_opts();
    la_real lam[1];
    long double best = 0, yy = 0;
    la_int i, j;
    int ok;
    ok = db_read(&d);
    CHECK(ok); /* tests/data/diabetes.csv read (run from the top directory) */
    if (!ok) return;
    for (i = 0; i < DB_M; ++i) yy += (long double)d.yc[i] * d.yc[i];
    for (j = 0; j < DB_N; ++j) {
        long double s = 0;
        for (i = 0; i < DB_M; ++i) s += (LA_AT(d.X, i, j) - d.mean[j]) / d.sd[j] * (d.y[i] - d.ymean);
        if (fabsl(s) / DB_M > best) best = fabsl(s) / DB_M;
    }
    o.n_lambda = 1;
    CHECK_STATUS(sp_lambda_grid(d.X, d.y, 1, &o, lam, NULL), LA_OK);
    /* a dot product of m terms is accurate to m eps sum |z_i yc_i| <=
       m eps ||z|| ||yc|| (||z|| = sqrt(m)), the centering of the columns
       to centering_growth eps relative: both within 2 m eps
       centering_growth sqrt(m) ||yc|| / m */
    CHECK_NEAR(lam[0], best, 2 * DB_M * TU_EPS * d.centering_growth * sqrtl(yy / DB_M));
    db_free(&d);
}

/* Least-squares coefficients of the diabetes data on the standardized
 * scale (b_j times the (1/m) standard deviation of column j), computed in
 * double by numpy.linalg.lstsq (LAPACK's SVD-based dgelsd) on [1 X]. */
static const double db_ls_ref[DB_N] = {
    -0.47612078617917497, -11.406866923441003, 24.726548860402236, 15.429404131395504,
    -37.679952611015445,  22.67616276628971,   4.80613813689764,   8.422039355820754,
    35.73444577133088,    3.2166737181905125};
static const double db_ls_intercept_ref = -334.5671385187853;

TEST(recovery_diabetes_least_squares_end_of_path) {
    db_data d;
    sp_path P;
    sp_info info;
    la_real b[DB_N], zl[DB_N];
    la_mat A, B;
    long double rr = 0, zz = 0;
    double kappa, rho, tol, eps_backward, b0, b0_tol;
    la_int i, j;
    int ok, csc;
    ok = db_read(&d);
    CHECK(ok); /* tests/data/diabetes.csv read (run from the top directory) */
    if (!ok) return;
    /* la_lstsq on the standardized problem Z z = yc (Householder QR) */
    A = tu_mat(DB_M, DB_N, 0);
    B = tu_mat(DB_M, 1, 0);
    la_mat_copy(d.Z, A);
    kappa = d.smax / d.smin;
    for (i = 0; i < DB_M; ++i) LA_AT(B, i, 0) = d.yc[i];
    CHECK_STATUS(la_lstsq(A, B, NULL), LA_OK);
    for (j = 0; j < DB_N; ++j) zl[j] = LA_AT(B, j, 0);
    /* the perturbation bound of least squares (Wedin 1973; Higham 2002,
       Thm. 20.1): a backward error eps_backward in Z and yc moves z by at
       most eps_backward kappa (2 + (kappa + 1) ||r|| / (||Z|| ||z||)) ||z||.
       eps_backward: Householder QR's 10 n eps (Higham Thm. 19.4 with
       modest constants), grown by the centering of the rounded raw data */
    for (j = 0; j < DB_N; ++j) zz += (long double)db_ls_ref[j] * db_ls_ref[j];
    {
        la_real *zr = tu_reals(DB_N);
        long double *r = (long double *)calloc(DB_M, sizeof(long double));
        for (j = 0; j < DB_N; ++j) zr[j] = (la_real)db_ls_ref[j];
        rr_residual(d.Z, d.yc, zr, 0, r);
        for (i = 0; i < DB_M; ++i) rr += r[i] * r[i];
        free(r);
        tu_free(zr);
    }
    rho = (double)(sqrtl(rr) / (d.smax * sqrtl(zz)));
    eps_backward = 10 * DB_N * TU_EPS * d.centering_growth;
    tol = eps_backward * kappa * (2 + (kappa + 1) * rho) * (double)sqrtl(zz);
    CHECK(kappa > 10 && kappa < 100); /* the data are what they should be */
    for (j = 0; j < DB_N; ++j) CHECK_NEAR(zl[j], db_ls_ref[j], tol);

    /* the end of the LARS path (dense and CSC): least squares on every
       feature, after a feature left the path and came back (s3) */
    for (csc = 0; csc < 2; ++csc) {
        long double shift = 0;
        db_lars(&d, csc, &P, &info);
        CHECK_INT(info.nnz, DB_N);
        CHECK(P.lambda[P.count - 1] < 1e3 * TU_EPS * P.lambda[0]);
        CHECK_STATUS(sp_path_coef(&P, P.count - 1, b), LA_OK);
        for (j = 0; j < DB_N; ++j) CHECK_NEAR(b[j] * d.sd[j], db_ls_ref[j], tol);
        b0 = db_intercept(&d, b, &b0_tol);
        CHECK_NEAR(P.intercept[P.count - 1], b0, b0_tol);
        /* b0 = mean(y) - sum_j (mean_j / sd_j) z_j, each |z_j - z*_j| <= tol */
        for (j = 0; j < DB_N; ++j) shift += fabsl(d.mean[j] / d.sd[j]);
        CHECK_NEAR(P.intercept[P.count - 1], db_ls_intercept_ref, tol * (double)shift + b0_tol);
        sp_path_free(&P);
    }
    tu_free(A.data);
    tu_free(B.data);
    db_free(&d);
}

/* Coordinate descent (intercept, standardization) against the exact path
 * of LARS at three lambdas, both checked on the standardized problem
 * formed here: coefficients z = b sd on Z, yc. */
TEST(recovery_diabetes_cd_matches_lars) {
    static const double frac[] = {0.5, 0.1, 0.02};
    const double tol_gap = LA_REAL_IS_FLOAT ? 1e-5 : 1e-10;
    db_data d;
    sp_path P;
    sp_info info;
    la_real lmax, b[DB_N], bl[DB_N], z[DB_N], zl[DB_N], b0l;
    double yy;
    la_int j;
    int f, ok;
    ok = db_read(&d);
    CHECK(ok); /* tests/data/diabetes.csv read (run from the top directory) */
    if (!ok) return;
    yy = rr_sumsq(DB_M, d.yc);
    db_lars(&d, 0, &P, &info);
    lmax = P.lambda[0];
    for (f = 0; f < 3; ++f) {
        sp_lasso_opts o = db_opts();
        la_real lam = (la_real)(frac[f] * lmax);
        double gc, gl, b0, b0_tol;
        o.tol = (la_real)tol_gap;
        o.max_iter = 100000;
        memset(b, 0, sizeof b);
        CHECK_STATUS(sp_lasso(d.X, d.y, lam, b, &o, &info, NULL), LA_OK);
        CHECK_STATUS(sp_path_at(&P, lam, bl, &b0l), LA_OK);
        for (j = 0; j < DB_N; ++j) {
            z[j] = (la_real)(b[j] * d.sd[j]);
            zl[j] = (la_real)(bl[j] * d.sd[j]);
        }
        gc = rr_gap(d.Z, d.yc, z, lam, 1, NULL, 0);
        gl = rr_gap(d.Z, d.yc, zl, lam, 1, NULL, 0);
        /* the gap of the solver's own stopping test, recomputed here (the
           rounding of z = b sd and of Z: a few eps ||yc||^2 / m) */
        CHECK_LE(gc, tol_gap * yy / DB_M + 64 * TU_EPS * d.centering_growth * yy / DB_M);
        CHECK_LE(info.gap, info.gap_tol);
        /* LARS is exact up to rounding */
        CHECK_LE(gl, 64 * TU_EPS * d.centering_growth * yy / DB_M);
        CHECK_LE(rr_kkt_excess(d.Z, d.yc, z, 0, lam, 1, NULL, 0, gc, 0), 0);
        CHECK_LE(rr_kkt_excess(d.Z, d.yc, zl, 0, lam, 1, NULL, 0, gl, 0), 0);
        /* the fits agree within the gaps (||Z (z - z*)||^2 / (2m) <= gap) */
        CHECK_LE(rr_fit_distance(d.Z, z, zl), sqrt(2 * gc) + sqrt(2 * gl));
        /* Z has full column rank: the objective is strongly convex with
           modulus smin^2 / m, so ||z - z*||^2 <= 2 m gap / smin^2; the
           coefficients agree, and so do the supports where LARS's
           coefficient is larger than that distance */
        {
            double dist = (sqrt(2 * DB_M * gc) + sqrt(2 * DB_M * gl)) / d.smin;
            for (j = 0; j < DB_N; ++j) {
                CHECK_NEAR(z[j], zl[j], dist);
                if (fabs((double)zl[j]) > dist) CHECK((z[j] > 0) == (zl[j] > 0) && z[j] != 0);
            }
        }
        /* the intercept that goes with each solver's coefficients */
        b0 = db_intercept(&d, b, &b0_tol);
        CHECK_NEAR(info.intercept, b0, b0_tol);
        b0 = db_intercept(&d, bl, &b0_tol);
        CHECK_NEAR(b0l, b0, b0_tol);
    }
    sp_path_free(&P);
    db_free(&d);
}

/* The breakpoints of the LASSO path of the standardized problem, computed
 * in double by scikit-learn's lars_path (method="lasso", an independent
 * implementation of the same algorithm), divided by m like sp_path's. */
static const double db_breakpoints[] = {
    45.16003002046289,   42.30034307789048,   21.54205166516855,  15.03407749594132,
    6.189630875354837,   4.223038464357001,   3.2803205497706394, 0.9504071158263202,
    0.26053983569336114, 0.24202271957112803, 0.10379984848101129, 0.062331338135531364, 0.0};

/* The path's breakpoints against db_breakpoints; the first features to
 * enter, as Efron et al. (2004) report for these data: bmi, then s5
 * (ltg), then bp; and s3 (hdl), which enters with a negative coefficient,
 * leaves the path and comes back with the positive sign of its
 * least-squares coefficient. */
TEST(recovery_diabetes_path_order_of_entry) {
    static const la_int first[3] = {2, 8, 3}; /* bmi, s5, bp */
    const la_int nbp = (la_int)(sizeof db_breakpoints / sizeof db_breakpoints[0]);
    db_data d;
    sp_path P;
    sp_info info;
    la_real b[DB_N];
    la_int k;
    int ok, hdl = 0; /* 1: s3 was negative, 2: then zero again */
    double tol;
    ok = db_read(&d);
    CHECK(ok); /* tests/data/diabetes.csv read (run from the top directory) */
    if (!ok) return;
    db_lars(&d, 0, &P, &info);
    CHECK_INT(P.count, nbp);
    /* a breakpoint solves a linear system in the active Gram matrix:
       moved by at most eps_backward kappa (kappa + 1) lambda_max by a
       backward error eps_backward (as in the least-squares test) */
    tol = 10 * DB_N * TU_EPS * d.centering_growth * (d.smax / d.smin) * (d.smax / d.smin + 1) *
          db_breakpoints[0];
    for (k = 0; k < P.count && k < nbp; ++k) CHECK_NEAR(P.lambda[k], db_breakpoints[k], tol);
    for (k = 1; k <= 3 && k < P.count; ++k) {
        la_int q, added = -1, nadd = 0;
        for (q = P.ptr[k]; q < P.ptr[k + 1]; ++q) {
            la_int p, seen = 0;
            for (p = P.ptr[k - 1]; p < P.ptr[k]; ++p) seen |= P.idx[p] == P.idx[q];
            if (!seen) {
                added = P.idx[q];
                ++nadd;
            }
        }
        CHECK_INT(nadd, 1);
        CHECK_INT(added, first[k - 1]);
    }
    for (k = 0; k < P.count; ++k) {
        CHECK_STATUS(sp_path_coef(&P, k, b), LA_OK);
        if (hdl == 0 && b[6] < 0) hdl = 1;
        if (hdl == 1 && b[6] == 0) hdl = 2;
    }
    CHECK_INT(hdl, 2);
    CHECK(b[6] > 0);
    sp_path_free(&P);
    db_free(&d);
}

/* lasso_cv.c - choosing the LASSO's lambda by cross-validation
 * (sp_lasso_cv) on the diabetes data of Efron, Hastie, Johnstone and
 * Tibshirani (2004, "Least Angle Regression").
 *
 * 442 patients, 10 baseline measurements (age, sex, body mass index bmi,
 * mean blood pressure bp and six blood serum measurements s1..s6; s5 is
 * the log of the triglycerides, "ltg" in the paper), and y, a measure of
 * disease progression one year later. The file holds the raw values on
 * their own scales (years, kg/m^2, mm Hg, ...); the solver centers and
 * standardizes them itself (fit_intercept, standardize) and returns
 * coefficients in the original units.
 *
 * 10-fold cross-validation over a grid of 100 lambdas gives the lambda of
 * least held-out error (lambda_min) and the largest lambda within one
 * standard error of it (lambda_1se: a simpler model that predicts about
 * as well). The model at lambda_1se is then fitted on all rows. Least
 * angle regression (sp_lars) on the same data gives the order in which
 * the features enter the LASSO path; the paper's order starts bmi, ltg
 * (s5), bp.
 *
 * Build and run from the top of the repository: make examples
 * (the data: tests/data/diabetes.csv, or a path given as argument).
 */
#include <stdio.h>
#include <string.h>
#define SP_IMPLEMENTATION
#include "sparse.h"

#define ROWS 442
#define FEATURES 10
#define NLAMBDA 100

static char names[FEATURES][16];
static la_real xdata[ROWS * FEATURES], y[ROWS];

/* Reads the header (FEATURES names, then y) and ROWS rows of numbers. */
static int read_csv(const char *path) {
    FILE *f = fopen(path, "r");
    char line[512], *tok;
    int i, j;
    if (!f) return 0;
    if (!fgets(line, sizeof line, f)) {
        fclose(f);
        return 0;
    }
    for (j = 0, tok = strtok(line, ",\r\n"); tok && j < FEATURES; ++j, tok = strtok(NULL, ",\r\n")) {
        strncpy(names[j], tok, sizeof names[j] - 1);
        names[j][sizeof names[j] - 1] = 0;
    }
    for (i = 0; i < ROWS; ++i) {
        double v;
        for (j = 0; j <= FEATURES; ++j) {
            if (fscanf(f, j ? " ,%lf" : " %lf", &v) != 1) {
                fclose(f);
                return 0;
            }
            if (j < FEATURES)
                xdata[i * FEATURES + j] = (la_real)v;
            else
                y[i] = (la_real)v;
        }
    }
    fclose(f);
    return 1;
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "tests/data/diabetes.csv";
    la_mat X = la_mat_of(ROWS, FEATURES, xdata);
    la_real lambda[NLAMBDA], cvm[NLAMBDA], cvsd[NLAMBDA], coef[FEATURES];
    sp_cv cv = sp_cv_of(NLAMBDA, lambda, cvm, cvsd);
    sp_lasso_opts o;
    sp_lars_opts lo;
    sp_info info;
    sp_path P;
    la_status st;
    int entered[FEATURES], order = 0, k, j;

    if (!read_csv(path)) {
        printf("cannot read %s (run from the top of the repository)\n", path);
        return 1;
    }

    memset(&o, 0, sizeof o);
    o.fit_intercept = 1;
    o.standardize = 1;
    o.tol = (la_real)(LA_REAL_IS_FLOAT ? 1e-5 : 1e-7); /* duality gap, scikit-learn's meaning */
    o.n_lambda = NLAMBDA;
    o.n_folds = 10;
    o.seed = 2004;
    st = sp_lasso_cv(X, y, 1, &o, &cv, &info, NULL);
    if (st != LA_OK) {
        printf("sp_lasso_cv: %s\n", la_strerror(st));
        return 1;
    }
    printf("diabetes data: %d patients, %d features; %d-fold cross-validation over %d lambdas\n",
           ROWS, FEATURES, (int)o.n_folds, NLAMBDA);
    printf("  lambda_max %8.4f   cv error %8.1f\n", (double)lambda[0], (double)cvm[0]);
    printf("  lambda_min %8.4f   cv error %8.1f +- %.1f\n", (double)cv.lambda_min,
           (double)cvm[cv.index_min], (double)cvsd[cv.index_min]);
    printf("  lambda_1se %8.4f   cv error %8.1f +- %.1f\n", (double)cv.lambda_1se,
           (double)cvm[cv.index_1se], (double)cvsd[cv.index_1se]);

    /* the model at lambda_1se, fitted on every row (cold start) */
    memset(coef, 0, sizeof coef);
    st = sp_lasso(X, y, cv.lambda_1se, coef, &o, &info, NULL);
    if (st != LA_OK) {
        printf("sp_lasso: %s\n", la_strerror(st));
        return 1;
    }
    printf("\ncoefficients at lambda_1se (original units; %d of %d nonzero)\n", (int)info.nnz,
           FEATURES);
    printf("  %-10s %10.3f\n", "intercept", (double)info.intercept);
    for (j = 0; j < FEATURES; ++j)
        if (coef[j] != 0)
            printf("  %-10s %10.3f\n", names[j], (double)coef[j]);
        else
            printf("  %-10s %10s\n", names[j], ".");

    /* the order of entry along the exact LASSO path */
    memset(&lo, 0, sizeof lo);
    lo.fit_intercept = 1;
    lo.standardize = 1;
    st = sp_path_alloc(FEATURES, 8 * FEATURES, 0, &P);
    if (st == LA_OK) st = sp_lars(X, y, &lo, &P, &info, NULL);
    if (st != LA_OK) {
        printf("sp_lars: %s\n", la_strerror(st));
        sp_path_free(&P);
        return 1;
    }
    memset(entered, 0, sizeof entered);
    printf("\norder of entry along the LASSO path (LARS, %d breakpoints):", (int)P.count);
    for (k = 0; k < P.count; ++k) {
        la_int q;
        for (q = P.ptr[k]; q < P.ptr[k + 1]; ++q)
            if (!entered[P.idx[q]]) {
                entered[P.idx[q]] = ++order;
                printf(" %s", names[P.idx[q]]);
            }
    }
    printf("\n(Efron et al. 2004: bmi, ltg = s5 and bp enter first)\n");
    sp_path_free(&P);
    return 0;
}

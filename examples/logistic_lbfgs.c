/* logistic_lbfgs.c - L2-regularized logistic regression with opt_lbfgs.
 *
 * Data: the Breast Cancer Wisconsin (Diagnostic) set (Street, Wolberg and
 * Mangasarian 1993; see examples/data/README.md): 569 cases, 30 features
 * of cell nuclei from a fine-needle aspirate, diagnosis benign or
 * malignant. The first 400 cases train the model, the other 169 test it.
 *
 * Model: P(benign | x) = 1 / (1 + exp(-(b + w^T z))) with z the features
 * standardized on the training cases; (w, b) minimizes the mean logistic
 * loss plus (lambda / 2) ||w||^2, a smooth convex function, with L-BFGS.
 * Newton's method with the exact Hessian confirms the minimizer.
 *
 * Build and run from the top directory: make examples */
#define OPT_IMPLEMENTATION
#include "opt.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define NCASE 569
#define NFEAT 30
#define NTRAIN 400

typedef struct {
    int m;               /* cases used */
    const double *z;     /* m x NFEAT standardized features */
    const int *y;        /* +1 benign, -1 malignant */
    double lambda;
} problem;

/* loss(w, b) = (1/m) sum log(1 + exp(-y_i (b + w^T z_i))) + lambda/2 ||w||^2;
 * the parameters are theta = (w_0 .. w_29, b). */
static la_real loss(const la_real *theta, la_real *grad, void *ctx) {
    const problem *p = (const problem *)ctx;
    double f = 0;
    int i, j;
    if (grad)
        for (j = 0; j <= NFEAT; ++j) grad[j] = 0;
    for (i = 0; i < p->m; ++i) {
        const double *zi = p->z + (size_t)i * NFEAT;
        double t = theta[NFEAT], margin, sig;
        for (j = 0; j < NFEAT; ++j) t += theta[j] * zi[j];
        margin = p->y[i] * t;
        /* log(1 + exp(-margin)) without overflow */
        f += margin > 0 ? log1p(exp(-margin)) : -margin + log1p(exp(margin));
        if (grad) {
            sig = -p->y[i] / (1 + exp(margin)); /* d loss_i / d t */
            for (j = 0; j < NFEAT; ++j) grad[j] += sig * zi[j];
            grad[NFEAT] += sig;
        }
    }
    f /= p->m;
    for (j = 0; j < NFEAT; ++j) f += p->lambda / 2 * theta[j] * theta[j];
    if (grad) {
        for (j = 0; j <= NFEAT; ++j) grad[j] /= p->m;
        for (j = 0; j < NFEAT; ++j) grad[j] += p->lambda * theta[j];
    }
    return f;
}

/* Hessian (1/m) sum s_i (1 - s_i) [z_i; 1][z_i; 1]^T + lambda diag(1..1, 0). */
static int hessian(const la_real *theta, la_mat H, void *ctx) {
    const problem *p = (const problem *)ctx;
    int i, j, k;
    la_mat_set(H, 0, 0);
    for (i = 0; i < p->m; ++i) {
        const double *zi = p->z + (size_t)i * NFEAT;
        double t = theta[NFEAT], s, wgt;
        for (j = 0; j < NFEAT; ++j) t += theta[j] * zi[j];
        s = 1 / (1 + exp(-t));
        wgt = s * (1 - s) / p->m;
        for (j = 0; j <= NFEAT; ++j)
            for (k = 0; k <= j; ++k)
                LA_AT(H, j, k) += wgt * (j < NFEAT ? zi[j] : 1) * (k < NFEAT ? zi[k] : 1);
    }
    for (j = 0; j < NFEAT; ++j) LA_AT(H, j, j) += p->lambda;
    return 0;
}

static double accuracy(const la_real *theta, const double *z, const int *y, int m) {
    int i, j, right = 0;
    for (i = 0; i < m; ++i) {
        double t = theta[NFEAT];
        for (j = 0; j < NFEAT; ++j) t += theta[j] * z[(size_t)i * NFEAT + j];
        right += (t > 0 ? 1 : -1) == y[i];
    }
    return 100.0 * right / m;
}

int main(void) {
    static double z[NCASE * NFEAT];
    static int y[NCASE];
    double mean[NFEAT], sd[NFEAT];
    la_real theta[NFEAT + 1], theta_newton[NFEAT + 1], diff = 0;
    problem p;
    opt_options o = {0};
    opt_result r, rn;
    int i, j, nread, m0, n0;
    FILE *in = fopen("examples/data/wdbc.csv", "r");
    if (!in) {
        printf("cannot open examples/data/wdbc.csv (run from the top directory)\n");
        return 1;
    }
    if (fscanf(in, "%d,%d,%*[^\n]", &m0, &n0) != 2 || m0 != NCASE || n0 != NFEAT) {
        printf("unexpected header in wdbc.csv\n");
        fclose(in);
        return 1;
    }
    for (i = 0; i < NCASE; ++i) {
        int cls;
        for (j = 0; j < NFEAT; ++j) {
            nread = fscanf(in, " %lf,", &z[i * NFEAT + j]);
            if (nread != 1) break;
        }
        if (j < NFEAT || fscanf(in, "%d", &cls) != 1) {
            printf("wdbc.csv: bad line %d\n", i + 2);
            fclose(in);
            return 1;
        }
        y[i] = cls == 1 ? 1 : -1;
    }
    fclose(in);

    /* standardize with the training cases' mean and standard deviation */
    for (j = 0; j < NFEAT; ++j) {
        double s = 0, s2 = 0;
        for (i = 0; i < NTRAIN; ++i) s += z[i * NFEAT + j];
        mean[j] = s / NTRAIN;
        for (i = 0; i < NTRAIN; ++i) s2 += (z[i * NFEAT + j] - mean[j]) * (z[i * NFEAT + j] - mean[j]);
        sd[j] = sqrt(s2 / (NTRAIN - 1));
        for (i = 0; i < NCASE; ++i) z[i * NFEAT + j] = (z[i * NFEAT + j] - mean[j]) / sd[j];
    }

    p.m = NTRAIN;
    p.z = z;
    p.y = y;
    p.lambda = 1e-3;
    for (j = 0; j <= NFEAT; ++j) theta[j] = theta_newton[j] = 0;
    o.gtol = 1e-8;
    r = opt_lbfgs(loss, &p, NFEAT + 1, theta, &o, NULL);
    printf("L-BFGS: %s (%s: %.2e <= %.0e) after %d iterations, %d evaluations\n",
           la_strerror(r.status), opt_reason_str(r.reason), (double)r.measure,
           (double)r.threshold, (int)r.iterations, (int)r.f_evals);
    printf("  training loss %.6f, accuracy %.1f%% on the %d training cases, %.1f%% on the %d test cases\n",
           (double)r.f, accuracy(theta, z, y, NTRAIN), NTRAIN,
           accuracy(theta, z + (size_t)NTRAIN * NFEAT, y + NTRAIN, NCASE - NTRAIN),
           NCASE - NTRAIN);

    rn = opt_newton(loss, hessian, &p, NFEAT + 1, theta_newton, &o, NULL);
    for (j = 0; j <= NFEAT; ++j) diff = fmax(diff, fabs(theta[j] - theta_newton[j]));
    printf("Newton: %s after %d iterations (%d Hessians); max |theta_lbfgs - theta_newton| = %.1e\n",
           la_strerror(rn.status), (int)rn.iterations, (int)rn.h_evals, (double)diff);

    {
        static const char *what[10] = {"radius", "texture", "perimeter", "area", "smoothness",
                                       "compactness", "concavity", "concave points",
                                       "symmetry", "fractal dimension"};
        static const char *stat[3] = {"mean", "std. error of", "largest"};
        int order[NFEAT], k;
        for (j = 0; j < NFEAT; ++j) order[j] = j;
        for (j = 1; j < NFEAT; ++j) /* by decreasing |weight| */
            for (k = j; k > 0 && fabs(theta[order[k]]) > fabs(theta[order[k - 1]]); --k) {
                int t = order[k];
                order[k] = order[k - 1];
                order[k - 1] = t;
            }
        printf("the five largest standardized weights (negative: toward malignant):\n");
        for (k = 0; k < 5; ++k)
            printf("  %+.3f  %s %s\n", (double)theta[order[k]], stat[order[k] / 10],
                   what[order[k] % 10]);
    }
    return r.status == LA_OK && rn.status == LA_OK && diff < 1e-4 ? 0 : 1;
}

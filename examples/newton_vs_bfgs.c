/* newton_vs_bfgs.c - Newton's method and BFGS side by side on the extended
 * Rosenbrock function (n = 20), from the standard start (-1.2, 1, ...):
 * the gradient norm at each iteration, recorded with opt_trace_record.
 * Newton (exact Hessian, modified Cholesky, line search) converges
 * quadratically at the end; BFGS superlinearly, with more but much cheaper
 * iterations (no Hessian, O(n^2) work).
 *
 * With a file name as argument the table is also written there as plain
 * columns (`make plots` draws it with gnuplot).
 *
 * Build and run from the top directory: make examples */
#define OPT_IMPLEMENTATION
#include "opt.h"
#include <math.h>
#include <stdio.h>

#define N 20
#define MAXREC 200

static la_real rosenbrock(const la_real *x, la_real *g, void *ctx) {
    la_real f = 0;
    int i;
    (void)ctx;
    for (i = 0; i < N; i += 2) {
        la_real t1 = 1 - x[i], t2 = 10 * (x[i + 1] - x[i] * x[i]);
        f += t1 * t1 + t2 * t2;
        if (g) {
            g[i + 1] = 20 * t2;
            g[i] = -2 * (x[i] * g[i + 1] + t1);
        }
    }
    return f;
}

static int rosenbrock_hessian(const la_real *x, la_mat H, void *ctx) {
    int i;
    (void)ctx;
    la_mat_set(H, 0, 0);
    for (i = 0; i < N; i += 2) {
        LA_AT(H, i, i) = 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
        LA_AT(H, i + 1, i) = LA_AT(H, i, i + 1) = -400 * x[i];
        LA_AT(H, i + 1, i + 1) = 200;
    }
    return 0;
}

typedef struct {
    la_int iteration[MAXREC], f_evals[MAXREC];
    la_real f[MAXREC], grad_norm[MAXREC];
    opt_trace t;
} record;

static opt_options traced(record *rec) {
    opt_options o = {0};
    rec->t.capacity = MAXREC;
    rec->t.count = 0;
    rec->t.iteration = rec->iteration;
    rec->t.f_evals = rec->f_evals;
    rec->t.f = rec->f;
    rec->t.grad_norm = rec->grad_norm;
    rec->t.step = NULL;
    o.callback = opt_trace_record;
    o.callback_ctx = &rec->t;
    o.gtol = 1e-10;
    return o;
}

int main(int argc, char **argv) {
    static record newton, bfgs;
    la_real x[N];
    opt_options o;
    opt_result rn, rb;
    FILE *out = NULL;
    int i, k, rows;
    for (i = 0; i < N; i += 2) {
        x[i] = -1.2;
        x[i + 1] = 1;
    }
    o = traced(&newton);
    rn = opt_newton(rosenbrock, rosenbrock_hessian, NULL, N, x, &o, NULL);
    for (i = 0; i < N; i += 2) {
        x[i] = -1.2;
        x[i + 1] = 1;
    }
    o = traced(&bfgs);
    rb = opt_bfgs(rosenbrock, NULL, N, x, &o, NULL);

    printf("extended Rosenbrock, n = %d: ||g||_inf by iteration (f evaluations so far)\n", N);
    printf("%5s  %24s  %24s\n", "iter", "Newton", "BFGS");
    rows = (int)(newton.t.count > bfgs.t.count ? newton.t.count : bfgs.t.count);
    for (k = 0; k < rows; ++k) {
        printf("%5d", k);
        if (k < newton.t.count)
            printf("  %14.3e (%5d)", (double)newton.grad_norm[k], (int)newton.f_evals[k]);
        else
            printf("  %22s", "");
        if (k < bfgs.t.count)
            printf("  %14.3e (%5d)", (double)bfgs.grad_norm[k], (int)bfgs.f_evals[k]);
        printf("\n");
    }
    printf("Newton: %s in %d iterations, %d evaluations, %d Hessians\n", opt_reason_str(rn.reason),
           (int)rn.iterations, (int)rn.f_evals, (int)rn.h_evals);
    printf("BFGS:   %s in %d iterations, %d evaluations\n", opt_reason_str(rb.reason),
           (int)rb.iterations, (int)rb.f_evals);

    if (argc > 1 && (out = fopen(argv[1], "w")) != NULL) {
        fprintf(out, "# iteration  newton_grad_norm  bfgs_grad_norm (NaN past the end)\n");
        for (k = 0; k < rows; ++k)
            fprintf(out, "%d %.6e %.6e\n", k,
                    k < newton.t.count ? (double)newton.grad_norm[k] : NAN,
                    k < bfgs.t.count ? (double)bfgs.grad_norm[k] : NAN);
        fclose(out);
        printf("table written to %s\n", argv[1]);
    }
    return rn.status == LA_OK && rb.status == LA_OK ? 0 : 1;
}

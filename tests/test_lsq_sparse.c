/* test_lsq_sparse.c - opt.h's matrix-free Levenberg-Marquardt
 * (OPT_LSQ_LM_LSQR) with a sparse Jacobian from sparse.h, against the dense
 * LM on the same problem: the Broyden tridiagonal residuals (More, Garbow
 * and Hillstrom 1981, problem 30) r_i = (3 - 2 x_i) x_i - x_{i-1} -
 * 2 x_{i+1} + 1, with n more rows c (x_i - 1/2) that make it a
 * nonzero-residual least-squares problem (m = 2n). */
#include <math.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"
#include "sparse.h"
#include "opt.h"

#define BT_C 0.3f

typedef struct {
    la_int n;
    sp_mat J;   /* CSR, 2n x n: the pattern fixed, values refilled at each x */
    int fail_after; /* products before the operator reports failure (0: never) */
    int calls;
} bt_problem;

static int bt_residual(const la_real *x, la_real *r, la_real *J, void *ctx) {
    const bt_problem *p = (const bt_problem *)ctx;
    la_int n = p->n, i;
    for (i = 0; i < n; ++i) {
        la_real xm = i > 0 ? x[i - 1] : 0, xp = i + 1 < n ? x[i + 1] : 0;
        r[i] = (3 - 2 * x[i]) * x[i] - xm - 2 * xp + 1;
        r[n + i] = BT_C * (x[i] - (la_real)0.5);
    }
    if (J) {
        memset(J, 0, (size_t)(2 * n) * (size_t)n * sizeof(la_real));
        for (i = 0; i < n; ++i) {
            if (i > 0) J[(size_t)i * n + i - 1] = -1;
            J[(size_t)i * n + i] = 3 - 4 * x[i];
            if (i + 1 < n) J[(size_t)i * n + i + 1] = -2;
            J[(size_t)(n + i) * n + i] = BT_C;
        }
    }
    return 0;
}

/* The CSR pattern: row i < n holds columns i-1, i, i+1; row n+i column i. */
static void bt_alloc(bt_problem *p, la_int n) {
    la_int i, k = 0, nnz = 3 * n - 2 + n;
    la_int *ptr = tu_ints((size_t)(2 * n + 1)), *idx = tu_ints((size_t)nnz);
    la_real *val = tu_reals((size_t)nnz);
    for (i = 0; i < n; ++i) {
        ptr[i] = k;
        if (i > 0) idx[k++] = i - 1;
        idx[k++] = i;
        if (i + 1 < n) idx[k++] = i + 1;
    }
    for (i = 0; i < n; ++i) {
        ptr[n + i] = k;
        idx[k++] = i;
    }
    ptr[2 * n] = k;
    p->n = n;
    p->J = sp_mat_of(SP_CSR, 2 * n, n, nnz, ptr, idx, val);
    p->fail_after = 0;
    p->calls = 0;
}

static void bt_free(bt_problem *p) {
    tu_free(p->J.ptr);
    tu_free(p->J.idx);
    tu_free(p->J.val);
}

/* The operator's update: the values of J(x) in the fixed pattern. */
static int bt_update(const la_real *x, void *ctx) {
    bt_problem *p = (bt_problem *)ctx;
    la_int n = p->n, i, k = 0;
    for (i = 0; i < n; ++i) {
        if (i > 0) p->J.val[k++] = -1;
        p->J.val[k++] = 3 - 4 * x[i];
        if (i + 1 < n) p->J.val[k++] = -2;
    }
    for (i = 0; i < n; ++i) p->J.val[k++] = BT_C;
    return 0;
}

static int bt_col_norms(la_real *out, void *A) {
    return sp_col_norms((const sp_mat *)A, SP_NORM_2, out, NULL) != LA_OK;
}

/* sp_linop behind a counter that can fail, for the abort test. */
static int bt_apply(const la_real *x, la_real *y, void *A) {
    bt_problem *p = (bt_problem *)((char *)A - offsetof(bt_problem, J));
    if (p->fail_after && ++p->calls > p->fail_after) return 1;
    return sp_linop(x, y, A);
}

static opt_jac_operator bt_operator(bt_problem *p, int with_norms) {
    opt_jac_operator op;
    memset(&op, 0, sizeof op);
    op.update = bt_update;
    op.update_ctx = p;
    op.apply = bt_apply;
    op.apply_t = sp_linop_trans;
    op.op = &p->J;
    op.col_norms = with_norms ? bt_col_norms : NULL;
    return op;
}

/* |J^T r|_inf at x (long double), and the bound sqrt(eps 2F ||H||) that a
 * stop on F's rounding leaves on it (||H|| <= ||J||_F^2). */
static void bt_stationarity(bt_problem *p, const la_real *x, double *g, double *bound) {
    la_int n = p->n, m = 2 * n, i, j;
    la_real *r = tu_reals((size_t)m), *J = tu_reals((size_t)m * (size_t)n);
    long double F = 0, jf = 0, gm = 0;
    bt_residual(x, r, J, p);
    for (i = 0; i < m; ++i) {
        F += (long double)r[i] * r[i];
        for (j = 0; j < n; ++j) jf += (long double)J[(size_t)i * n + j] * J[(size_t)i * n + j];
    }
    for (j = 0; j < n; ++j) {
        long double s = 0;
        for (i = 0; i < m; ++i) s += (long double)J[(size_t)i * n + j] * r[i];
        if (fabsl(s) > gm) gm = fabsl(s);
    }
    *g = (double)gm;
    *bound = sqrt(TU_EPS * (double)F * (double)jf);
    tu_free(r);
    tu_free(J);
}

TEST(lsq_lsqr_matches_dense_lm) {
    const la_int n = 60, m = 2 * n;
    bt_problem p;
    opt_jac_operator op;
    opt_lsq_options L;
    opt_lsq_report rd, rs;
    opt_options o;
    opt_result a, b;
    la_real *xd = tu_reals((size_t)n), *xs = tu_reals((size_t)n);
    la_real *cd = tu_reals((size_t)n * n), *cs = tu_reals((size_t)n * n);
    double g, bound;
    la_int i, with_norms;
    bt_alloc(&p, n);
    memset(&o, 0, sizeof o);
    o.ftol = (la_real)1e-30;
    o.xtol = (la_real)1e-12;
    o.max_evals = 2000;
    for (i = 0; i < n; ++i) xd[i] = -1;
    memset(&rd, 0, sizeof rd);
    rd.cov = cd;
    a = opt_lsq(bt_residual, &p, m, n, xd, &o, NULL, &rd, NULL);
    CHECK_STATUS(a.status, LA_OK);
    for (with_norms = 0; with_norms < 2; ++with_norms) {
        op = bt_operator(&p, (int)with_norms);
        memset(&L, 0, sizeof L);
        L.method = OPT_LSQ_LM_LSQR;
        L.jac_op = &op;
        memset(&rs, 0, sizeof rs);
        rs.cov = cs;
        for (i = 0; i < n; ++i) xs[i] = -1;
        b = opt_lsq(bt_residual, &p, m, n, xs, &o, &L, &rs, NULL);
        CHECK_STATUS(b.status, LA_OK);
        CHECK(rs.products > 0);
        /* both stationary to what F's rounding allows, and the same point */
        bt_stationarity(&p, xs, &g, &bound);
        CHECK_LE(g, 10 * bound);
        for (i = 0; i < n; ++i) CHECK_NEAR(xs[i], xd[i], 1e3 * sqrt(TU_EPS));
        CHECK_NEAR(2 * b.f, rd.rss, 1e3 * TU_EPS * rd.rss);
        /* the covariance from the operator's Jacobian equals the dense one */
        CHECK_INT(rs.rank, n);
        for (i = 0; i < n; ++i)
            CHECK_NEAR(cs[i * n + i], cd[i * n + i], 1e3 * sqrt(TU_EPS) * cd[i * n + i]);
    }
    bt_stationarity(&p, xd, &g, &bound);
    CHECK_LE(g, 10 * bound);
    bt_free(&p);
    tu_free(xd);
    tu_free(xs);
    tu_free(cd);
    tu_free(cs);
}

TEST(lsq_lsqr_bounds_weights_loss_match_dense) {
    const la_int n = 40, m = 2 * n;
    bt_problem p;
    opt_jac_operator op;
    opt_lsq_options L;
    opt_lsq_report rd, rs;
    opt_options o;
    opt_result a, b;
    la_real *xd = tu_reals((size_t)n), *xs = tu_reals((size_t)n), *lo = tu_reals((size_t)n);
    la_real *w = tu_reals((size_t)m);
    la_int i;
    bt_alloc(&p, n);
    op = bt_operator(&p, 1);
    memset(&o, 0, sizeof o);
    o.ftol = (la_real)1e-30;
    o.xtol = (la_real)1e-12;
    o.max_evals = 5000;
    for (i = 0; i < n; ++i) lo[i] = (la_real)0.6; /* upper bounds: the solution is 0.4 .. 0.9 */
    for (i = 0; i < m; ++i) w[i] = (la_real)(1 + 0.5 * sin((double)i));
    memset(&L, 0, sizeof L);
    L.upper = lo;
    L.weights = w;
    L.loss = OPT_LOSS_SOFT_L1;
    L.loss_scale = (la_real)0.5;
    for (i = 0; i < n; ++i) xd[i] = xs[i] = 0;
    memset(&rd, 0, sizeof rd);
    memset(&rs, 0, sizeof rs);
    a = opt_lsq(bt_residual, &p, m, n, xd, &o, &L, &rd, NULL);
    L.method = OPT_LSQ_LM_LSQR;
    L.jac_op = &op;
    b = opt_lsq(bt_residual, &p, m, n, xs, &o, &L, &rs, NULL);
    CHECK_STATUS(a.status, LA_OK);
    CHECK_STATUS(b.status, LA_OK);
    CHECK(rd.n_active > 0);
    CHECK_INT(rs.n_active, rd.n_active);
    for (i = 0; i < n; ++i) CHECK_NEAR(xs[i], xd[i], 1e3 * sqrt(TU_EPS));
    CHECK_NEAR(b.f, a.f, 1e3 * TU_EPS * a.f);
    bt_free(&p);
    tu_free(xd);
    tu_free(xs);
    tu_free(lo);
    tu_free(w);
}

TEST(lsq_lsqr_large_sparse) {
    const la_int n = 20000, m = 2 * n;
    bt_problem p;
    opt_jac_operator op;
    opt_lsq_options L;
    opt_lsq_report rs;
    opt_options o;
    opt_result b;
    la_real *x = tu_reals((size_t)n), *r = tu_reals((size_t)m), *g = tu_reals((size_t)n);
    long double F = 0, gm = 0;
    la_int i;
    bt_alloc(&p, n);
    op = bt_operator(&p, 1);
    memset(&o, 0, sizeof o);
    o.ftol = (la_real)1e-30;
    o.xtol = (la_real)1e-10;
    memset(&L, 0, sizeof L);
    L.method = OPT_LSQ_LM_LSQR;
    L.jac_op = &op;
    memset(&rs, 0, sizeof rs);
    for (i = 0; i < n; ++i) x[i] = -1;
    b = opt_lsq(bt_residual, &p, m, n, x, &o, &L, &rs, NULL);
    CHECK_STATUS(b.status, LA_OK);
    /* stationary: |J^T r| against sqrt(eps 2F ||J||_F^2), J from sparse.h */
    bt_residual(x, r, NULL, &p);
    bt_update(x, &p);
    CHECK_STATUS(sp_mv(LA_TRANS, 1, &p.J, r, 0, g), LA_OK);
    for (i = 0; i < m; ++i) F += (long double)r[i] * r[i];
    for (i = 0; i < n; ++i)
        if (fabsl((long double)g[i]) > gm) gm = fabsl((long double)g[i]);
    CHECK_LE((double)gm, 10 * sqrt(TU_EPS * (double)F * (double)n * 30));
    CHECK_NEAR(2 * b.f, (double)F, 1e3 * TU_EPS * (double)F);
    bt_free(&p);
    tu_free(x);
    tu_free(r);
    tu_free(g);
}

TEST(lsq_lsqr_errors_and_abort) {
    const la_int n = 10, m = 2 * n;
    bt_problem p;
    opt_jac_operator op;
    opt_lsq_options L;
    opt_result b;
    la_real x[10];
    la_int i;
    bt_alloc(&p, n);
    op = bt_operator(&p, 0);
    memset(&L, 0, sizeof L);
    L.method = OPT_LSQ_LM_LSQR;
    for (i = 0; i < n; ++i) x[i] = -1;
    CHECK_STATUS(opt_lsq(bt_residual, &p, m, n, x, NULL, &L, NULL, NULL).status, LA_ERR_ARG);
    L.jac_op = &op;
    L.jacobian = OPT_JAC_FORWARD;
    CHECK_STATUS(opt_lsq(bt_residual, &p, m, n, x, NULL, &L, NULL, NULL).status, LA_ERR_ARG);
    L.jacobian = OPT_JAC_ANALYTIC;
    p.fail_after = 5;
    b = opt_lsq(bt_residual, &p, m, n, x, NULL, &L, NULL, NULL);
    CHECK_STATUS(b.status, LA_ERR_ABORTED);
    CHECK(la_vec_isfinite(n, x));
    /* workspace: O(m + n) without the covariance; with it, the documented sum */
    CHECK(opt_lsq_ws_bytes(200000, 100000, &L) < 32 * sizeof(la_real) * 300000);
    p.fail_after = 0;
    {
        la_real cov[100];
        opt_lsq_report rep;
        size_t need = opt_lsq_ws_bytes(m, n, &L) + opt_lsq_covariance_ws_bytes(m, n) +
                      la_ws_reals((size_t)m * (size_t)(n + 1)) + la_ws_reals((size_t)n * (size_t)n);
        void *buf = tu_reals(need / sizeof(la_real) + 1);
        la_arena ar = la_arena_of(buf, need);
        memset(&rep, 0, sizeof rep);
        rep.cov = cov;
        for (i = 0; i < n; ++i) x[i] = -1;
        b = opt_lsq(bt_residual, &p, m, n, x, NULL, &L, &rep, &ar);
        CHECK_STATUS(b.status, LA_OK);
        CHECK(rep.rank == n && cov[0] > 0 && ar.used == 0);
        ar = la_arena_of(buf, need / 2);
        CHECK_STATUS(opt_lsq(bt_residual, &p, m, n, x, NULL, &L, &rep, &ar).status, LA_ERR_NOMEM);
        tu_free(buf);
    }
    bt_free(&p);
}

/* test_workspace.c - the workspace queries (*_ws_bytes) of linalg.h,
 * opt.h and sparse.h are sufficient and their arenas are honoured: each
 * routine, given an arena of exactly the queried size at the worst
 * misaligned base (1 byte past a multiple of LA_ARENA_ALIGN), returns LA_OK
 * with bit for bit the result of its ws = NULL call (which allocates
 * internally), hands the arena back empty (used == 0) with its high-water
 * mark within the query and writes nothing outside it; a too-small arena
 * (16 bytes, a quarter of the query) gives LA_ERR_NOMEM, leaves the arena
 * empty and leaves every array the call may write (outputs, and inputs it
 * overwrites in place) exactly as they were. Arenas on a grid between a
 * quarter of the query and the query either suffice or fail in the same
 * clean way: no output is written before LA_ERR_NOMEM is reported from a
 * later stage. Sizes run from n = 1 through small odd orders to 70 and 130,
 * past the blocked QR, panelled LDL^T, gemm packing and Schur thresholds. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"
#include "sparse.h"
#include "opt.h"

/* ---- the experiment shared by every routine ---- */

#define WS_MAXR 4
#define WS_MAXI 1
/* What an output array holds before each call: a value no routine here
 * produces by chance. */
#define WS_SENTINEL ((la_real)-1234.5)
#define WS_ISENTINEL ((la_int)-77)
#define WS_CANARY 0xA5
/* Arenas tried strictly between a quarter of the query and the query. */
#define WS_GRID 24

typedef la_status (*ws_call)(void *args, la_arena *ws);

/* One routine at one size: how to call it, its query, the arrays it writes
 * and, after ws_run, what each call did. */
typedef struct {
    char name[112];
    ws_call call;
    void *args;
    size_t q;         /* the query's bytes */
    int nsmall;       /* too-small arenas to try */
    size_t small[2];  /* their bytes */
    double tol;       /* allowed max |x - x_ref| / max |x_ref| per array */
    int nr, ni;
    la_real *r[WS_MAXR];        /* real arrays the call writes */
    size_t rn[WS_MAXR];
    const la_real *r0[WS_MAXR]; /* their entry values (NULL: WS_SENTINEL) */
    la_int *iv[WS_MAXI];        /* integer arrays the call writes */
    size_t in[WS_MAXI];
    /* outcome */
    la_status st_ref, st_exact, st_small[2];
    size_t used, peak, used_small[2];
    int untouched[2], ints_same;
    double diff;
    size_t grid_bad;     /* the first grid arena with a status other than
                            LA_OK and LA_ERR_NOMEM, or not handed back */
    la_status grid_bad_st;
    size_t grid_written; /* the first grid arena that gave LA_ERR_NOMEM
                            after writing to the caller's arrays */
    size_t stray;        /* 1 + the bytes of the first arena whose
                            surroundings were written (0: none) */
    la_real *ref[WS_MAXR]; /* the ws = NULL results */
    la_int *iref[WS_MAXI];
} ws_case;

/* Two calls of one algorithm on the same data, with the same memory
 * available, take the same path: the results are equal bit for bit (a
 * difference would mean the queried arena made some stage fall back to
 * another kernel). */
#define WS_TOL 0.0

static void ws_begin(ws_case *c, ws_call call, void *args, size_t q) {
    memset(c, 0, sizeof *c);
    c->call = call;
    c->args = args;
    c->q = q;
    c->tol = WS_TOL;
    c->small[0] = 16;
    c->small[1] = q / 4;
    c->nsmall = q / 4 > 16 ? 2 : q > 16 ? 1 : 0;
}

static void ws_out(ws_case *c, la_real *p, size_t n, const la_real *init) {
    c->r[c->nr] = p;
    c->rn[c->nr] = n;
    c->r0[c->nr] = init;
    ++c->nr;
}

static void ws_out_mat(ws_case *c, la_mat M, const la_real *init) {
    ws_out(c, M.data, (size_t)M.rows * (size_t)M.ld, init);
}

static void ws_out_ints(ws_case *c, la_int *p, size_t n) {
    c->iv[c->ni] = p;
    c->in[c->ni] = n;
    ++c->ni;
}

/* Every written array to its entry state. */
static void ws_prepare(const ws_case *c) {
    int a;
    size_t i;
    for (a = 0; a < c->nr; ++a) {
        if (c->r0[a])
            memcpy(c->r[a], c->r0[a], c->rn[a] * sizeof(la_real));
        else
            for (i = 0; i < c->rn[a]; ++i) c->r[a][i] = WS_SENTINEL;
    }
    for (a = 0; a < c->ni; ++a)
        for (i = 0; i < c->in[a]; ++i) c->iv[a][i] = WS_ISENTINEL;
}

/* 1 if every written array is still in its entry state, bit for bit. */
static int ws_unchanged(const ws_case *c) {
    int a;
    size_t i;
    for (a = 0; a < c->nr; ++a) {
        if (c->r0[a]) {
            if (memcmp(c->r[a], c->r0[a], c->rn[a] * sizeof(la_real)) != 0) return 0;
        } else {
            la_real s = WS_SENTINEL;
            for (i = 0; i < c->rn[a]; ++i)
                if (memcmp(&c->r[a][i], &s, sizeof s) != 0) return 0;
        }
    }
    for (a = 0; a < c->ni; ++a)
        for (i = 0; i < c->in[a]; ++i)
            if (c->iv[a][i] != WS_ISENTINEL) return 0;
    return 1;
}

/* The call in an arena of `bytes` bytes whose base lies 1 byte past a
 * multiple of LA_ARENA_ALIGN, the worst misalignment (63 bytes of padding
 * before the first aligned block), inside a block filled with a canary:
 * bytes of the block outside the arena must keep it (c->stray records the
 * first arena size after which some did not). */
static la_status ws_call_in(ws_case *c, size_t bytes, size_t *used, size_t *peak) {
    size_t total = bytes + LA_ARENA_ALIGN, off, i;
    unsigned char *buf = (unsigned char *)malloc(total);
    la_arena ar;
    la_status st;
    if (!buf) {
        printf("test_workspace: out of memory\n");
        exit(2);
    }
    off = (size_t)((1 + LA_ARENA_ALIGN - (uintptr_t)buf % LA_ARENA_ALIGN) % LA_ARENA_ALIGN);
    memset(buf, WS_CANARY, total);
    ar = la_arena_of(buf + off, bytes);
    ws_prepare(c);
    st = c->call(c->args, &ar);
    *used = ar.used;
    if (peak) *peak = ar.peak;
    for (i = 0; i < total; ++i)
        if ((i < off || i >= off + bytes) && buf[i] != WS_CANARY && !c->stray) c->stray = bytes + 1;
    free(buf);
    return st;
}

/* Runs the case: ws = NULL (the reference), the exact query, each
 * too-small arena, then the grid. */
static void ws_run(ws_case *c) {
    int a, s;
    size_t i;
    ws_prepare(c);
    c->st_ref = c->call(c->args, NULL);
    for (a = 0; a < c->nr; ++a) {
        c->ref[a] = tu_reals(c->rn[a]);
        memcpy(c->ref[a], c->r[a], c->rn[a] * sizeof(la_real));
    }
    for (a = 0; a < c->ni; ++a) {
        c->iref[a] = tu_ints(c->in[a]);
        memcpy(c->iref[a], c->iv[a], c->in[a] * sizeof(la_int));
    }
    c->st_exact = ws_call_in(c, c->q, &c->used, &c->peak);
    c->diff = 0;
    for (a = 0; a < c->nr; ++a) {
        double big = 0, d = 0;
        for (i = 0; i < c->rn[a]; ++i) {
            double e = fabs((double)c->r[a][i] - (double)c->ref[a][i]);
            if (fabs((double)c->ref[a][i]) > big) big = fabs((double)c->ref[a][i]);
            if (!(e <= d)) d = e; /* NaN sticks */
        }
        d = big > 0 ? d / big : d;
        if (!(d <= c->diff)) c->diff = d;
    }
    c->ints_same = 1;
    for (a = 0; a < c->ni; ++a)
        if (memcmp(c->iv[a], c->iref[a], c->in[a] * sizeof(la_int)) != 0) c->ints_same = 0;
    for (s = 0; s < c->nsmall; ++s) {
        c->st_small[s] = ws_call_in(c, c->small[s], &c->used_small[s], NULL);
        c->untouched[s] = ws_unchanged(c);
    }
    c->grid_bad = c->grid_written = 0;
    for (s = 0; s < WS_GRID; ++s) {
        size_t b = c->q / 4 + (c->q - c->q / 4) / (WS_GRID + 1) * (size_t)(s + 1);
        size_t used;
        la_status st;
        if (b <= 16 || b >= c->q) continue;
        st = ws_call_in(c, b, &used, NULL);
        if ((st != LA_OK && st != LA_ERR_NOMEM) || used != 0) {
            if (!c->grid_bad) c->grid_bad_st = st;
            if (!c->grid_bad) c->grid_bad = b;
        } else if (st == LA_ERR_NOMEM && !ws_unchanged(c) && !c->grid_written) {
            c->grid_written = b;
        }
    }
}

static void ws_end(ws_case *c) {
    int a;
    for (a = 0; a < c->nr; ++a) tu_free(c->ref[a]);
    for (a = 0; a < c->ni; ++a) tu_free(c->iref[a]);
}

static void ws_context(const ws_case *c, int failures_before) {
    if (th_failures() > failures_before)
        printf("  in %s: query %lu bytes\n", c->name, (unsigned long)c->q);
}

/* The exact query suffices: LA_OK, the arena handed back, peak within it;
 * and no arena tried had its surroundings written. */
static void ws_expect_query(const ws_case *c) {
    int f = th_failures();
    CHECK_STATUS(c->st_ref, LA_OK);
    CHECK_STATUS(c->st_exact, LA_OK);
    CHECK_INT(c->used, 0);
    CHECK_LE(c->peak, c->q);
    CHECK_INT(c->stray, 0);
    if (c->stray) printf("  written outside an arena of %lu bytes\n", (unsigned long)(c->stray - 1));
    ws_context(c, f);
}

/* ... with the result of the ws = NULL call. */
static void ws_expect_same(const ws_case *c) {
    int f = th_failures();
    CHECK_LE(c->diff, c->tol);
    CHECK(c->ints_same);
    ws_context(c, f);
}

/* A too-small arena: LA_ERR_NOMEM, the arena handed back. */
static void ws_expect_nomem(const ws_case *c) {
    int f = th_failures(), s;
    for (s = 0; s < c->nsmall; ++s) {
        CHECK_STATUS(c->st_small[s], LA_ERR_NOMEM);
        CHECK_INT(c->used_small[s], 0);
        if (th_failures() > f) printf("  arena of %lu bytes\n", (unsigned long)c->small[s]);
    }
    ws_context(c, f);
}

/* ... and nothing of the caller's written before the error. */
static void ws_expect_untouched(const ws_case *c) {
    int f = th_failures(), s;
    for (s = 0; s < c->nsmall; ++s) {
        CHECK(c->untouched[s]);
        if (th_failures() > f) printf("  arena of %lu bytes\n", (unsigned long)c->small[s]);
    }
    ws_context(c, f);
}

/* Every arena of the grid: LA_OK or LA_ERR_NOMEM, handed back. */
static void ws_expect_grid(const ws_case *c) {
    int f = th_failures();
    CHECK_INT(c->grid_bad, 0);
    if (th_failures() > f)
        printf("  arena of %lu bytes: \"%s\"\n", (unsigned long)c->grid_bad, la_strerror(c->grid_bad_st));
    ws_context(c, f);
}

/* ... and LA_ERR_NOMEM from none of them after writing. */
static void ws_expect_grid_untouched(const ws_case *c) {
    int f = th_failures();
    CHECK_INT(c->grid_written, 0);
    if (th_failures() > f)
        printf("  arena of %lu bytes: LA_ERR_NOMEM with arrays written\n", (unsigned long)c->grid_written);
    ws_context(c, f);
}

static void ws_expect_all(const ws_case *c) {
    ws_expect_query(c);
    ws_expect_same(c);
    ws_expect_nomem(c);
    ws_expect_untouched(c);
    ws_expect_grid(c);
    ws_expect_grid_untouched(c);
}

/* ---- arguments of the calls (the meaning of each field per routine is
 * in its call function) ---- */

typedef struct {
    la_mat A, B, C;
    la_real *x, *y, *meta;
    la_int *piv;
    la_int m, n, k, l;
    int p;
    la_real r, s;
    la_side side;
    la_trans trans;
    la_which which;
    la_ns_kind kind;
    la_linop op, opt;
    la_iter_opts io;
} ws_args;

static la_status call_expm(void *v, la_arena *ws) {
    ws_args *a = (ws_args *)v;
    return la_expm(a->A, a->B, ws);
}
static la_status call_sqrtm(void *v, la_arena *ws) {
    ws_args *a = (ws_args *)v;
    return la_sqrtm(a->A, a->B, ws);
}
static la_status call_logm(void *v, la_arena *ws) {
    ws_args *a = (ws_args *)v;
    return la_logm(a->A, a->B, ws);
}
static la_status call_hessenberg(void *v, la_arena *ws) {
    ws_args *a = (ws_args *)v;
    return la_hessenberg(a->A, a->B, ws);
}
static la_status call_inv_root(void *v, la_arena *ws) {
    ws_args *a = (ws_args *)v;
    return la_inv_root(a->A, a->p, a->r, a->B, ws);
}
/* meta: whether the iteration continued from X, and its steps. */
static la_status call_inv_root_refine(void *v, la_arena *ws) {
    ws_args *a = (ws_args *)v;
    la_root_info info;
    la_status st = la_inv_root_refine(a->A, a->p, a->r, a->B, NULL, &info, ws);
    if (st == LA_OK) {
        a->meta[0] = (la_real)info.warm;
        a->meta[1] = (la_real)info.iterations;
    }
    return st;
}
static la_status call_powm_psd(void *v, la_arena *ws) {
    ws_args *a = (ws_args *)v;
    return la_powm_psd(a->A, a->r, a->s, a->B, ws);
}
/* meta: the steps taken. */
static la_status call_newton_schulz(void *v, la_arena *ws) {
    ws_args *a = (ws_args *)v;
    la_iter_info info;
    la_status st = la_newton_schulz(a->A, a->B, a->kind, NULL, &info, ws);
    if (st == LA_OK) a->meta[0] = (la_real)info.iterations;
    return st;
}
static la_status call_polar(void *v, la_arena *ws) {
    ws_args *a = (ws_args *)v;
    return la_polar(a->A, a->B, a->C, ws);
}
static la_status call_ldlt(void *v, la_arena *ws) {
    ws_args *a = (ws_args *)v;
    return la_ldlt(a->A, a->piv, ws);
}
static la_status call_qr_apply(void *v, la_arena *ws) {
    ws_args *a = (ws_args *)v;
    return la_qr_apply(a->side, a->trans, a->A, a->x, a->k, a->B, ws);
}
static la_status call_qr_form_q(void *v, la_arena *ws) {
    ws_args *a = (ws_args *)v;
    return la_qr_form_q(a->A, a->x, a->B, ws);
}
static la_status call_qr_pivoted(void *v, la_arena *ws) {
    ws_args *a = (ws_args *)v;
    return la_qr_pivoted(a->A, a->x, a->piv, ws);
}
/* meta: restart cycles and operator applications. */
static la_status call_lanczos(void *v, la_arena *ws) {
    ws_args *a = (ws_args *)v;
    la_iter_info info;
    la_status st = la_lanczos(a->n, la_linop_mat, &a->A, a->k, a->which, a->x, a->B, &a->io, &info, ws);
    if (st == LA_OK) {
        a->meta[0] = (la_real)info.iterations;
        a->meta[1] = (la_real)info.matvecs;
    }
    return st;
}
static la_status call_rand_range(void *v, la_arena *ws) {
    ws_args *a = (ws_args *)v;
    return la_rand_range(a->m, a->n, a->op, a->opt, &a->A, a->p, a->B, &a->io, ws);
}
static la_status call_rand_svd(void *v, la_arena *ws) {
    ws_args *a = (ws_args *)v;
    return la_rand_svd(a->m, a->n, a->op, a->opt, &a->A, a->k, a->l, a->p, a->x, a->B, a->C, &a->io,
                       ws);
}
/* meta: the multiplier lambda. */
static la_status call_cubic(void *v, la_arena *ws) {
    ws_args *a = (ws_args *)v;
    return opt_cubic_subproblem(a->A, a->y, a->r, a->x, a->meta, ws);
}
static la_status call_trust(void *v, la_arena *ws) {
    ws_args *a = (ws_args *)v;
    return opt_trust_subproblem(a->A, a->y, a->r, a->s, a->x, a->meta, ws);
}
static la_status call_omp_gram(void *v, la_arena *ws) {
    ws_args *a = (ws_args *)v;
    sp_info info;
    return sp_omp_gram(a->A, a->y, a->r, a->k, a->s, a->x, NULL, &info, ws);
}

/* The dense adapters under other names: la_rand_range and la_rand_svd then
 * take their column-by-column path (the vectors xv, yv of the arena). */
static int ws_op(const la_real *x, la_real *y, void *A) { return la_linop_mat(x, y, A); }
static int ws_op_trans(const la_real *x, la_real *y, void *A) { return la_linop_mat_trans(x, y, A); }

/* ---- inputs ---- */

/* A <- I + s G / sqrt(n), G standard normal: eigenvalues within about s of
 * 1 (circular law), so none on the closed negative real axis for s < 1,
 * complex pairs among them. */
static void ws_near_identity(la_rng *r, la_mat A, double s) {
    la_int n = A.rows, i, j;
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j)
            LA_AT(A, i, j) = (la_real)((i == j) + s * la_rng_normal(r) / sqrt((double)n));
}

/* A <- a symmetric matrix with standard normal entries (indefinite). */
static void ws_sym_normal(la_rng *r, la_mat A) {
    la_int n = A.rows, i, j;
    for (i = 0; i < n; ++i)
        for (j = 0; j <= i; ++j) LA_AT(A, i, j) = LA_AT(A, j, i) = (la_real)la_rng_normal(r);
}

/* A copy of M's elements (free with tu_free). */
static la_real *ws_copy(la_mat M) {
    size_t len = (size_t)M.rows * (size_t)M.ld;
    la_real *p = tu_reals(len);
    memcpy(p, M.data, len * sizeof(la_real));
    return p;
}

static const la_int ws_orders[] = {1, 7, 70, 130};
#define WS_NORDERS ((int)(sizeof ws_orders / sizeof ws_orders[0]))

/* ---- section 13 of linalg.h: matrix functions ---- */

/* la_expm with ||A||_1 = 0.01, 0.9, 2 and 40: Pade degrees 3, 7, 9 and
 * 13 with squarings (float: 3, 5, 7 and 7 with squarings), all in the
 * queried arena. */
TEST(workspace_expm) {
    static const double norms[] = {0.01, 0.9, 2, 40};
    la_rng r = la_rng_seed(9101);
    int t;
    for (t = 0; t < WS_NORDERS; ++t) {
        la_int n = ws_orders[t], i;
        la_mat A = tu_mat(n, n, 0), X = tu_mat(n, n, 0);
        la_real f;
        ws_args a;
        ws_case c;
        tu_fill_normal(&r, A);
        f = (la_real)norms[t] / la_norm_1(A);
        for (i = 0; i < n; ++i) la_scal(n, f, &LA_AT(A, i, 0), 1);
        memset(&a, 0, sizeof a);
        a.A = A;
        a.B = X;
        ws_begin(&c, call_expm, &a, la_expm_ws_bytes(n));
        sprintf(c.name, "la_expm n = %d", (int)n);
        ws_out_mat(&c, X, NULL);
        ws_run(&c);
        ws_expect_all(&c);
        ws_end(&c);
        tu_free(A.data);
        tu_free(X.data);
    }
}

/* la_sqrtm and la_logm (Schur form, then the recurrences and, for logm,
 * repeated square roots and the Pade solves) in the queried arena. */
TEST(workspace_sqrtm_logm) {
    la_rng r = la_rng_seed(9102);
    int t, f;
    for (t = 0; t < WS_NORDERS; ++t) {
        la_int n = ws_orders[t];
        la_mat A = tu_mat(n, n, 0), X = tu_mat(n, n, 0);
        ws_args a;
        ws_case c;
        ws_near_identity(&r, A, 0.5);
        memset(&a, 0, sizeof a);
        a.A = A;
        a.B = X;
        for (f = 0; f < 2; ++f) {
            ws_begin(&c, f ? call_logm : call_sqrtm, &a, f ? la_logm_ws_bytes(n) : la_sqrtm_ws_bytes(n));
            sprintf(c.name, "%s n = %d", f ? "la_logm" : "la_sqrtm", (int)n);
            ws_out_mat(&c, X, NULL);
            ws_run(&c);
            ws_expect_all(&c);
            ws_end(&c);
        }
        tu_free(A.data);
        tu_free(X.data);
    }
}

/* la_inv_root for p = 1 (the exact rational step), 2 and 4 (rational
 * stage) from a cold start: the Cholesky factor, the Lanczos bound
 * estimates, the inverse sweeps and the products all fit the query. */
TEST(workspace_inv_root) {
    static const int ps[] = {1, 2, 4};
    la_rng r = la_rng_seed(9103);
    int t, j;
    for (t = 0; t < WS_NORDERS; ++t) {
        la_int n = ws_orders[t];
        la_mat A = tu_mat(n, n, 0), X = tu_mat(n, n, 0);
        tu_rand_spd(&r, A, LA_REAL_IS_FLOAT ? 1e2 : 1e4);
        for (j = 0; j < 3; ++j) {
            ws_args a;
            ws_case c;
            memset(&a, 0, sizeof a);
            a.A = A;
            a.B = X;
            a.p = ps[j];
            a.r = 0;
            ws_begin(&c, call_inv_root, &a, la_inv_root_ws_bytes(n));
            sprintf(c.name, "la_inv_root n = %d, p = %d", (int)n, ps[j]);
            ws_out_mat(&c, X, NULL);
            ws_run(&c);
            ws_expect_all(&c);
            ws_end(&c);
        }
        tu_free(A.data);
        tu_free(X.data);
    }
}

/* la_inv_root_refine on both of its paths: X0 a root of A itself, slightly
 * scaled (it commutes with A: the iteration continues from it), and X0 the
 * root of another matrix with the same spectrum (it does not commute: its
 * spectrum only scales a restart). The query covers both; the path taken
 * is the same with and without the arena. */
TEST(workspace_inv_root_refine) {
    static const int ps[] = {1, 2, 4};
    la_rng r = la_rng_seed(9104);
    int t, j, warm;
    for (t = 0; t < WS_NORDERS; ++t) {
        la_int n = ws_orders[t], i;
        la_mat A = tu_mat(n, n, 0), B = tu_mat(n, n, 0), X = tu_mat(n, n, 0), X0 = tu_mat(n, n, 0);
        la_real meta[2];
        double cond = LA_REAL_IS_FLOAT ? 1e2 : 1e4;
        tu_rand_spd(&r, A, cond);
        tu_rand_spd(&r, B, cond);
        for (j = 0; j < 3; ++j)
            for (warm = 1; warm >= 0; --warm) {
                ws_args a;
                ws_case c;
                if (!warm && n == 1) continue; /* every 1 x 1 X commutes */
                CHECK_STATUS(la_powm_psd(warm ? A : B, (la_real)(-1.0 / ps[j]), 0, X0, NULL), LA_OK);
                for (i = 0; i < n; ++i) la_scal(n, (la_real)1.001, &LA_AT(X0, i, 0), 1);
                memset(&a, 0, sizeof a);
                a.A = A;
                a.B = X;
                a.p = ps[j];
                a.meta = meta;
                ws_begin(&c, call_inv_root_refine, &a, la_inv_root_ws_bytes(n));
                sprintf(c.name, "la_inv_root_refine n = %d, p = %d, %s X0", (int)n, ps[j],
                        warm ? "commuting" : "non-commuting");
                ws_out_mat(&c, X, X0.data);
                ws_out(&c, meta, 2, NULL);
                ws_run(&c);
                ws_expect_all(&c);
                CHECK_INT(c.ref[1][0], warm); /* the path meant */
                ws_end(&c);
            }
        tu_free(A.data);
        tu_free(B.data);
        tu_free(X.data);
        tu_free(X0.data);
    }
}

/* la_powm_psd (la_eigh inside the arena) for a negative and a fractional
 * power, with and without a shift. */
TEST(workspace_powm_psd) {
    la_rng r = la_rng_seed(9105);
    int t, j;
    for (t = 0; t < WS_NORDERS; ++t) {
        la_int n = ws_orders[t];
        la_mat A = tu_mat(n, n, 0), X = tu_mat(n, n, 0);
        tu_rand_spd(&r, A, 1e3);
        for (j = 0; j < 2; ++j) {
            ws_args a;
            ws_case c;
            memset(&a, 0, sizeof a);
            a.A = A;
            a.B = X;
            a.r = j ? (la_real)0.3 : (la_real)-0.5;
            a.s = j ? (la_real)1e-3 : 0;
            ws_begin(&c, call_powm_psd, &a, la_powm_psd_ws_bytes(n));
            sprintf(c.name, "la_powm_psd n = %d, r = %g", (int)n, (double)a.r);
            ws_out_mat(&c, X, NULL);
            ws_run(&c);
            ws_expect_all(&c);
            ws_end(&c);
        }
        tu_free(A.data);
        tu_free(X.data);
    }
}

/* la_newton_schulz, cubic and quintic, on tall and wide matrices (the wide
 * ones iterate on the transpose held in the arena). */
TEST(workspace_newton_schulz) {
    static const la_int shapes[][2] = {{1, 1}, {7, 3}, {3, 7}, {70, 40}, {40, 70}, {130, 70}, {70, 130}};
    static const la_ns_kind kinds[] = {LA_NS_CUBIC, LA_NS_QUINTIC};
    la_rng r = la_rng_seed(9106);
    int t, j;
    for (t = 0; t < (int)(sizeof shapes / sizeof shapes[0]); ++t) {
        la_int m = shapes[t][0], n = shapes[t][1];
        la_mat A = tu_mat(m, n, 0), Q = tu_mat(m, n, 0);
        la_real meta[1];
        tu_rand_cond(&r, A, 10);
        for (j = 0; j < 2; ++j) {
            ws_args a;
            ws_case c;
            memset(&a, 0, sizeof a);
            a.A = A;
            a.B = Q;
            a.kind = kinds[j];
            a.meta = meta;
            ws_begin(&c, call_newton_schulz, &a, la_newton_schulz_ws_bytes(m, n));
            sprintf(c.name, "la_newton_schulz %d x %d, %s", (int)m, (int)n,
                    j ? "quintic" : "cubic");
            ws_out_mat(&c, Q, NULL);
            ws_out(&c, meta, 1, NULL);
            ws_run(&c);
            ws_expect_all(&c);
            ws_end(&c);
        }
        tu_free(A.data);
        tu_free(Q.data);
    }
}

/* la_polar (la_svd inside the arena), tall and square, with H and
 * without. */
TEST(workspace_polar) {
    static const la_int shapes[][2] = {{1, 1}, {7, 7}, {9, 4}, {70, 70}, {130, 70}};
    la_rng r = la_rng_seed(9107);
    int t, h;
    for (t = 0; t < (int)(sizeof shapes / sizeof shapes[0]); ++t) {
        la_int m = shapes[t][0], n = shapes[t][1];
        la_mat A = tu_mat(m, n, 0), U = tu_mat(m, n, 0), H = tu_mat(n, n, 0);
        tu_fill_normal(&r, A);
        for (h = 1; h >= 0; --h) {
            ws_args a;
            ws_case c;
            memset(&a, 0, sizeof a);
            a.A = A;
            a.B = U;
            a.C = h ? H : la_mat_of(n, n, NULL);
            ws_begin(&c, call_polar, &a, la_polar_ws_bytes(m, n));
            sprintf(c.name, "la_polar %d x %d%s", (int)m, (int)n, h ? "" : ", no H");
            ws_out_mat(&c, U, NULL);
            if (h) ws_out_mat(&c, H, NULL);
            ws_run(&c);
            ws_expect_all(&c);
            ws_end(&c);
        }
        tu_free(A.data);
        tu_free(U.data);
        tu_free(H.data);
    }
}

/* ---- sections 6, 8 and 12: LDL^T, QR, Hessenberg ---- */

/* la_hessenberg with Q formed and without. */
TEST(workspace_hessenberg) {
    la_rng r = la_rng_seed(9108);
    int t, wq;
    for (t = 0; t < WS_NORDERS; ++t) {
        la_int n = ws_orders[t];
        la_mat A = tu_mat(n, n, 0), Q = tu_mat(n, n, 0);
        la_real *A0;
        tu_fill_normal(&r, A);
        A0 = ws_copy(A);
        for (wq = 1; wq >= 0; --wq) {
            ws_args a;
            ws_case c;
            memset(&a, 0, sizeof a);
            a.A = A;
            a.B = wq ? Q : la_mat_of(n, n, NULL);
            ws_begin(&c, call_hessenberg, &a, la_hessenberg_ws_bytes(n));
            sprintf(c.name, "la_hessenberg n = %d%s", (int)n, wq ? "" : ", no Q");
            ws_out_mat(&c, A, A0);
            if (wq) ws_out_mat(&c, Q, NULL);
            ws_run(&c);
            ws_expect_all(&c);
            ws_end(&c);
        }
        tu_free(A0);
        tu_free(A.data);
        tu_free(Q.data);
    }
}

/* la_ldlt of symmetric indefinite matrices: unblocked (n <= 128) and
 * panelled (130: one panel of 64; 200: two). The too-small arenas are below
 * the unblocked algorithm's own need (2 la_ws_reals(n)), which the built-in
 * backend falls back to when the full query is not available. */
TEST(workspace_ldlt) {
    static const la_int orders[] = {1, 7, 70, 130, 200};
    la_rng r = la_rng_seed(9109);
    int t;
    for (t = 0; t < (int)(sizeof orders / sizeof orders[0]); ++t) {
        la_int n = orders[t];
        la_mat A = tu_mat(n, n, 0);
        la_int *ipiv = tu_ints((size_t)n);
        la_real *A0;
        ws_args a;
        ws_case c;
        ws_sym_normal(&r, A);
        A0 = ws_copy(A);
        memset(&a, 0, sizeof a);
        a.A = A;
        a.piv = ipiv;
        ws_begin(&c, call_ldlt, &a, la_ldlt_ws_bytes(n));
        c.small[1] = la_ws_reals((size_t)n);
        c.nsmall = 2;
        sprintf(c.name, "la_ldlt n = %d", (int)n);
        ws_out_mat(&c, A, A0);
        ws_out_ints(&c, ipiv, (size_t)n);
        ws_run(&c);
        ws_expect_all(&c);
        ws_end(&c);
        tu_free(A0);
        tu_free(A.data);
        tu_free(ipiv);
    }
}

/* Built-in backend: an arena of the unblocked algorithm's documented
 * minimum, 2 la_ws_reals(n) + LA_ARENA_ALIGN, still factors a matrix past
 * the panel threshold (unblocked), to the blocked factors up to rounding
 * with the same pivots. (Under LA_USE_LAPACKE dsytrf takes its own query.) */
TEST(workspace_ldlt_unblocked_minimum) {
#ifndef LA_USE_LAPACKE
    static const la_int orders[] = {130, 200};
    la_rng r = la_rng_seed(9110);
    int t;
    for (t = 0; t < 2; ++t) {
        la_int n = orders[t];
        la_mat A = tu_mat(n, n, 0);
        la_int *ipiv = tu_ints((size_t)n);
        la_real *A0;
        ws_args a;
        ws_case c;
        ws_sym_normal(&r, A);
        A0 = ws_copy(A);
        memset(&a, 0, sizeof a);
        a.A = A;
        a.piv = ipiv;
        ws_begin(&c, call_ldlt, &a, 2 * la_ws_reals((size_t)n) + LA_ARENA_ALIGN);
        c.nsmall = 0;
        c.tol = 1e4 * TU_EPS;
        sprintf(c.name, "la_ldlt n = %d, unblocked minimum", (int)n);
        ws_out_mat(&c, A, A0);
        ws_out_ints(&c, ipiv, (size_t)n);
        ws_run(&c);
        ws_expect_query(&c);
        ws_expect_same(&c);
        ws_end(&c);
        tu_free(A0);
        tu_free(A.data);
        tu_free(ipiv);
    }
#endif
}

/* The QR factors of a random m x n matrix into QR and tau. */
static void ws_qr_of(la_rng *r, la_mat QR, la_real *tau) {
    tu_fill_normal(r, QR);
    CHECK_STATUS(la_qr(QR, tau, NULL), LA_OK);
}

/* la_qr_apply on both sides with both transposes, for k from 1 to past
 * two blocks of 32 reflectors, C with a few and with many columns. */
TEST(workspace_qr_apply) {
    /* m, n of the QR, k reflectors used, the other dimension of C */
    static const la_int shapes[][4] = {{1, 1, 1, 1}, {7, 5, 5, 3}, {9, 9, 4, 1}, {70, 50, 50, 9},
                                       {130, 70, 70, 40}, {130, 130, 100, 130}};
    la_rng r = la_rng_seed(9111);
    int t, side, tr;
    for (t = 0; t < (int)(sizeof shapes / sizeof shapes[0]); ++t) {
        la_int m = shapes[t][0], n = shapes[t][1], k = shapes[t][2], oc = shapes[t][3];
        la_mat QR = tu_mat(m, n, 0);
        la_real *tau = tu_reals((size_t)(m < n ? m : n));
        ws_qr_of(&r, QR, tau);
        for (side = 0; side < 2; ++side)
            for (tr = 0; tr < 2; ++tr) {
                la_mat C = side == LA_LEFT ? tu_mat(m, oc, 0) : tu_mat(oc, m, 0);
                la_real *C0;
                ws_args a;
                ws_case c;
                tu_fill_normal(&r, C);
                C0 = ws_copy(C);
                memset(&a, 0, sizeof a);
                a.side = (la_side)side;
                a.trans = (la_trans)tr;
                a.A = QR;
                a.x = tau;
                a.k = k;
                a.B = C;
                ws_begin(&c, call_qr_apply, &a, la_qr_apply_ws_bytes((la_side)side, m, k, C.rows, C.cols));
                sprintf(c.name, "la_qr_apply %s%s, QR %d x %d, k = %d, C %d x %d",
                        side == LA_LEFT ? "left" : "right", tr ? " transposed" : "", (int)m, (int)n,
                        (int)k, (int)C.rows, (int)C.cols);
                ws_out_mat(&c, C, C0);
                ws_run(&c);
                ws_expect_all(&c);
                ws_end(&c);
                tu_free(C0);
                tu_free(C.data);
            }
        tu_free(QR.data);
        tu_free(tau);
    }
}

/* la_qr_form_q, thin (q = k) and full (q = m), into a separate matrix and
 * in place over the factors. */
TEST(workspace_qr_form_q) {
    /* m, n of the QR, q columns wanted, in place */
    static const la_int shapes[][4] = {{1, 1, 1, 0}, {7, 5, 5, 0}, {7, 5, 7, 0}, {5, 7, 5, 0},
                                       {70, 40, 40, 0}, {70, 70, 70, 1}, {130, 70, 130, 0},
                                       {130, 100, 100, 1}};
    la_rng r = la_rng_seed(9112);
    int t;
    for (t = 0; t < (int)(sizeof shapes / sizeof shapes[0]); ++t) {
        la_int m = shapes[t][0], n = shapes[t][1], q = shapes[t][2], k = m < n ? m : n;
        int inplace = (int)shapes[t][3];
        la_mat QR = tu_mat(m, n, 0), Q = inplace ? QR : tu_mat(m, q, 0);
        la_real *tau = tu_reals((size_t)k), *QR0;
        ws_args a;
        ws_case c;
        ws_qr_of(&r, QR, tau);
        QR0 = ws_copy(QR);
        memset(&a, 0, sizeof a);
        a.A = QR;
        a.x = tau;
        a.B = inplace ? la_mat_ld(m, q, QR.ld, QR.data) : Q;
        ws_begin(&c, call_qr_form_q, &a, la_qr_form_q_ws_bytes(m, q, k));
        sprintf(c.name, "la_qr_form_q QR %d x %d, q = %d%s", (int)m, (int)n, (int)q,
                inplace ? ", in place" : "");
        if (inplace)
            ws_out_mat(&c, QR, QR0);
        else
            ws_out_mat(&c, Q, NULL);
        ws_run(&c);
        ws_expect_all(&c);
        ws_end(&c);
        tu_free(QR0);
        tu_free(QR.data);
        if (!inplace) tu_free(Q.data);
        tu_free(tau);
    }
}

/* la_qr_pivoted on tall, wide and square matrices, one of them of low
 * rank (norm downdating and recomputation). */
TEST(workspace_qr_pivoted) {
    static const la_int shapes[][2] = {{1, 1}, {7, 5}, {5, 7}, {70, 70}, {130, 90}};
    la_rng r = la_rng_seed(9113);
    int t;
    for (t = 0; t < (int)(sizeof shapes / sizeof shapes[0]); ++t) {
        la_int m = shapes[t][0], n = shapes[t][1], k = m < n ? m : n;
        la_mat A = tu_mat(m, n, 0);
        la_real *tau = tu_reals((size_t)k), *A0;
        la_int *perm = tu_ints((size_t)n);
        ws_args a;
        ws_case c;
        if (m == 70) { /* rank 20: a product of 70 x 20 and 20 x 70 factors */
            la_mat F = tu_mat(m, 20, 0), G = tu_mat(20, n, 0);
            tu_fill_normal(&r, F);
            tu_fill_normal(&r, G);
            la_gemm(LA_NOTRANS, LA_NOTRANS, 1, F, G, 0, A);
            tu_free(F.data);
            tu_free(G.data);
        } else {
            tu_fill_normal(&r, A);
        }
        A0 = ws_copy(A);
        memset(&a, 0, sizeof a);
        a.A = A;
        a.x = tau;
        a.piv = perm;
        ws_begin(&c, call_qr_pivoted, &a, la_qr_pivoted_ws_bytes(m, n));
        sprintf(c.name, "la_qr_pivoted %d x %d", (int)m, (int)n);
        ws_out_mat(&c, A, A0);
        ws_out(&c, tau, (size_t)k, NULL);
        ws_out_ints(&c, perm, (size_t)n);
        ws_run(&c);
        ws_expect_all(&c);
        ws_end(&c);
        tu_free(A0);
        tu_free(A.data);
        tu_free(tau);
        tu_free(perm);
    }
}

/* ---- section 14: Lanczos and the randomized methods ---- */

/* la_lanczos at both ends of an evenly spaced spectrum, with eigenvectors
 * and without: one cycle (n <= the basis of 20) and thick restarts (n = 70,
 * 130); the Ritz values, vectors, cycles and operator counts match the
 * ws = NULL run. */
TEST(workspace_lanczos) {
    static const la_int ks[] = {1, 2, 3, 5};
    la_rng r = la_rng_seed(9114);
    int t, end, vec;
    for (t = 0; t < WS_NORDERS; ++t) {
        la_int n = ws_orders[t], k = ks[t], i;
        la_mat A = tu_mat(n, n, 0), V = tu_mat(n, k, 0);
        la_real *w = tu_reals((size_t)k), meta[2];
        double *d = (double *)malloc((size_t)n * sizeof(double));
        for (i = 0; i < n; ++i) d[i] = (double)(n - i) / n; /* evenly spaced: restarts */
        tu_rand_sym(&r, A, d);
        for (end = 0; end < 2; ++end) {
            if (end == 0) /* the smallest of -A: the same separation */
                for (i = 0; i < n; ++i) la_scal(n, -1, &LA_AT(A, i, 0), 1);
            for (vec = 1; vec >= 0; --vec) {
                ws_args a;
                ws_case c;
                memset(&a, 0, sizeof a);
                a.n = n;
                a.A = A;
                a.k = k;
                a.which = end ? LA_LARGEST : LA_SMALLEST;
                a.x = w;
                a.B = vec ? V : la_mat_of(n, k, NULL);
                a.meta = meta;
                a.io.seed = 5;
                ws_begin(&c, call_lanczos, &a, la_lanczos_ws_bytes(n, k));
                sprintf(c.name, "la_lanczos n = %d, k = %d, %s%s", (int)n, (int)k,
                        end ? "largest" : "smallest", vec ? "" : ", no vectors");
                ws_out(&c, w, (size_t)k, NULL);
                if (vec) ws_out_mat(&c, V, NULL);
                ws_out(&c, meta, 2, NULL);
                ws_run(&c);
                ws_expect_all(&c);
                if (n >= 70) CHECK(c.ref[c.nr - 1][0] > 1); /* thick restarts taken */
                ws_end(&c);
            }
            if (end == 0)
                for (i = 0; i < n; ++i) la_scal(n, -1, &LA_AT(A, i, 0), 1);
        }
        free(d);
        tu_free(A.data);
        tu_free(V.data);
        tu_free(w);
    }
}

/* la_rand_range with 0 to 2 power passes, through the dense adapters (level
 * 3) and through callbacks (column by column). */
TEST(workspace_rand_range) {
    /* m, n, l, power passes */
    static const la_int shapes[][4] = {{1, 1, 1, 0}, {7, 5, 3, 1}, {5, 9, 5, 1}, {70, 50, 10, 1},
                                       {130, 90, 20, 2}, {90, 130, 40, 1}};
    la_rng r = la_rng_seed(9115);
    int t, dense;
    for (t = 0; t < (int)(sizeof shapes / sizeof shapes[0]); ++t) {
        la_int m = shapes[t][0], n = shapes[t][1], l = shapes[t][2];
        la_mat A = tu_mat(m, n, 0), Q = tu_mat(m, l, 0);
        tu_fill_normal(&r, A);
        for (dense = 1; dense >= 0; --dense) {
            ws_args a;
            ws_case c;
            memset(&a, 0, sizeof a);
            a.m = m;
            a.n = n;
            a.A = A;
            a.op = dense ? la_linop_mat : ws_op;
            a.opt = dense ? la_linop_mat_trans : ws_op_trans;
            a.p = (int)shapes[t][3];
            a.B = Q;
            a.io.seed = 11;
            ws_begin(&c, call_rand_range, &a, la_rand_range_ws_bytes(m, n, l));
            sprintf(c.name, "la_rand_range %d x %d, l = %d, %d passes, %s", (int)m, (int)n, (int)l,
                    a.p, dense ? "dense adapters" : "callbacks");
            ws_out_mat(&c, Q, NULL);
            ws_run(&c);
            ws_expect_query(&c);
            ws_expect_same(&c);
            ws_expect_nomem(&c);
            ws_expect_untouched(&c);
            ws_expect_grid(&c);
            /* with m < n and power passes the first basis is formed in Q
             * before the QR of the larger n x l block: a short arena must
             * still fail before Q is written (it once failed after) */
            ws_expect_grid_untouched(&c);
            ws_end(&c);
        }
        tu_free(A.data);
        tu_free(Q.data);
    }
}

/* la_rand_svd, tall and wide, with and without oversampling clamped by
 * min(m, n), with U and Vt and with s alone. */
TEST(workspace_rand_svd) {
    /* m, n, k, oversample, power passes */
    static const la_int shapes[][5] = {{1, 1, 1, 0, 0}, {7, 5, 2, 2, 1}, {5, 7, 3, 10, 0},
                                       {70, 50, 5, 5, 1}, {50, 70, 8, 4, 1}, {130, 90, 10, 10, 1}};
    la_rng r = la_rng_seed(9116);
    int t, vecs;
    for (t = 0; t < (int)(sizeof shapes / sizeof shapes[0]); ++t) {
        la_int m = shapes[t][0], n = shapes[t][1], k = shapes[t][2], os = shapes[t][3];
        la_mat A = tu_mat(m, n, 0), U = tu_mat(m, k, 0), Vt = tu_mat(k, n, 0);
        la_real *s = tu_reals((size_t)k);
        tu_rand_cond(&r, A, 1e3);
        for (vecs = 1; vecs >= 0; --vecs) {
            ws_args a;
            ws_case c;
            memset(&a, 0, sizeof a);
            a.m = m;
            a.n = n;
            a.A = A;
            a.op = la_linop_mat;
            a.opt = la_linop_mat_trans;
            a.k = k;
            a.l = os;
            a.p = (int)shapes[t][4];
            a.x = s;
            a.B = vecs ? U : la_mat_of(m, k, NULL);
            a.C = vecs ? Vt : la_mat_of(k, n, NULL);
            a.io.seed = 13;
            ws_begin(&c, call_rand_svd, &a, la_rand_svd_ws_bytes(m, n, k, os));
            sprintf(c.name, "la_rand_svd %d x %d, k = %d, oversample %d, %d passes%s", (int)m, (int)n,
                    (int)k, (int)os, a.p, vecs ? "" : ", s only");
            ws_out(&c, s, (size_t)k, NULL);
            if (vecs) {
                ws_out_mat(&c, U, NULL);
                ws_out_mat(&c, Vt, NULL);
            }
            ws_run(&c);
            ws_expect_all(&c);
            ws_end(&c);
        }
        tu_free(A.data);
        tu_free(U.data);
        tu_free(Vt.data);
        tu_free(s);
    }
}

/* ---- opt.h: the trust-region and cubic subproblems ---- */

/* opt_cubic_subproblem and opt_trust_subproblem on indefinite H (for the
 * trust region: the step on the boundary, lambda > 0) and on positive
 * definite H (the Newton step inside the region, lambda = 0). */
TEST(workspace_opt_subproblems) {
    la_rng r = la_rng_seed(9117);
    int t, f, spd;
    for (t = 0; t < WS_NORDERS; ++t) {
        la_int n = ws_orders[t];
        la_mat H = tu_mat(n, n, 0);
        la_real *g = tu_reals((size_t)n), *s = tu_reals((size_t)n), lambda[1];
        tu_vec_normal(&r, n, g);
        for (spd = 0; spd < 2; ++spd) {
            if (spd)
                tu_rand_spd(&r, H, 10);
            else
                ws_sym_normal(&r, H);
            for (f = 0; f < 2; ++f) {
                ws_args a;
                ws_case c;
                memset(&a, 0, sizeof a);
                a.A = H;
                a.y = g;
                a.x = s;
                a.meta = lambda;
                a.r = f ? (spd ? (la_real)1e3 : 1) : 1; /* trust radius, or sigma */
                if (f)
                    ws_begin(&c, call_trust, &a, opt_trust_subproblem_ws_bytes(n));
                else
                    ws_begin(&c, call_cubic, &a, opt_cubic_subproblem_ws_bytes(n));
                sprintf(c.name, "%s n = %d, %s H", f ? "opt_trust_subproblem" : "opt_cubic_subproblem",
                        (int)n, spd ? "positive definite" : "indefinite");
                ws_out(&c, s, (size_t)n, NULL);
                ws_out(&c, lambda, 1, NULL);
                ws_run(&c);
                ws_expect_all(&c);
                if (f && spd) CHECK(c.ref[1][0] == 0); /* the interior Newton step */
                if (f && !spd && n > 1) CHECK(c.ref[1][0] > 0); /* on the boundary */
                ws_end(&c);
            }
        }
        tu_free(H.data);
        tu_free(g);
        tu_free(s);
    }
}

/* ---- sparse.h: Batch-OMP from a Gram matrix ---- */

/* sp_omp_gram from a cold start (k atoms, and k = 0: until the residual
 * test) and from a warm start (nonzeros of coef selected first). */
TEST(workspace_omp_gram) {
    static const la_int ks[] = {1, 3, 10, 20};
    la_rng r = la_rng_seed(9118);
    int t, warm;
    for (t = 0; t < WS_NORDERS; ++t) {
        la_int n = ws_orders[t], m = n + 20, k = ks[t], i;
        la_mat X = tu_mat(m, n, 0), G = tu_mat(n, n, 0);
        la_real *y = tu_reals((size_t)m), *Xty = tu_reals((size_t)n), *coef = tu_reals((size_t)n);
        la_real *coef0 = tu_reals((size_t)n), yty;
        tu_fill_normal(&r, X);
        tu_vec_normal(&r, m, y);
        for (i = 0; i < n; ++i) /* y close to a combination of a few atoms */
            if (i % 5 == 1) la_axpy(m, (la_real)(1 + i % 3), &LA_AT(X, 0, i), X.ld, y, 1);
        la_gemm(LA_TRANS, LA_NOTRANS, 1, X, X, 0, G);
        la_gemv(LA_TRANS, 1, X, y, 0, Xty);
        yty = la_dot(m, y, 1, y, 1);
        for (warm = 0; warm < 3; ++warm) {
            ws_args a;
            ws_case c;
            la_int kk = warm == 2 ? 0 : k;
            memset(coef0, 0, (size_t)n * sizeof(la_real));
            if (warm == 1) coef0[n / 2] = 1;
            memset(&a, 0, sizeof a);
            a.A = G;
            a.y = Xty;
            a.r = yty;
            a.k = kk;
            a.s = warm == 2 ? (la_real)(0.5 * m) : 0; /* residual tolerance */
            a.x = coef;
            ws_begin(&c, call_omp_gram, &a, sp_omp_gram_ws_bytes(n, kk));
            sprintf(c.name, "sp_omp_gram n = %d, k = %d, %s", (int)n, (int)kk,
                    warm == 1 ? "warm start" : warm == 2 ? "to a residual tolerance" : "cold start");
            ws_out(&c, coef, (size_t)n, coef0);
            ws_run(&c);
            ws_expect_all(&c);
            ws_end(&c);
        }
        tu_free(X.data);
        tu_free(G.data);
        tu_free(y);
        tu_free(Xty);
        tu_free(coef);
        tu_free(coef0);
    }
}

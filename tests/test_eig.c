/* test_eig.c - linalg.h section 10: the symmetric eigenproblem (la_eigh,
 * la_eigh_range). Checked through identities computed in long double
 * (A V = V diag(w), V^T V = I), against spectra known by construction
 * (Q diag(lambda) Q^T), and across the two routines. Only the lower
 * triangle of A is meaningful: the upper one holds NaN to prove it is
 * never read. */
#include <math.h>
#include <stdlib.h>
#include "harness.h"
#include "testutil.h"

/* ||A V - V diag(w)||_F / ||A||_F with A's lower triangle mirrored. */
static double eig_residual(la_mat A, const la_real *w, la_mat V) {
    la_int n = A.rows, c = V.cols, i, j, p;
    long double r = 0, a = 0;
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) {
            long double x = i >= j ? LA_AT(A, i, j) : LA_AT(A, j, i);
            a += x * x;
        }
    for (j = 0; j < c; ++j)
        for (i = 0; i < n; ++i) {
            long double s = -(long double)w[j] * LA_AT(V, i, j);
            for (p = 0; p < n; ++p) s += (long double)(i >= p ? LA_AT(A, i, p) : LA_AT(A, p, i)) * LA_AT(V, p, j);
            r += s * s;
        }
    return a > 0 ? (double)sqrtl(r / a) : (double)sqrtl(r);
}

/* Symmetric test matrix with NaN in the strict upper triangle. */
static la_mat eig_lower_only(la_mat Full, la_int ld) {
    la_int n = Full.rows, i, j;
    la_mat A = tu_mat(n, n, ld);
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) LA_AT(A, i, j) = j <= i ? LA_AT(Full, i, j) : (la_real)NAN;
    return A;
}

static int eig_ascending(la_int n, const la_real *w) {
    la_int i;
    for (i = 1; i < n; ++i)
        if (!(w[i] >= w[i - 1])) return 0;
    return 1;
}

/* la_eigh on A (lower triangle), then every identity; c is the constant of
 * the c n eps bounds. Returns the eigenvalues (caller frees). */
static la_real *eig_check(la_mat A, double c) {
    la_int n = A.rows;
    la_mat V = tu_mat(n, n, n + 2), A0 = tu_mat(n, n, 0);
    la_real *w = tu_reals((size_t)n), *w2 = tu_reals((size_t)n);
    la_int i;
    la_mat_copy(A, A0);
    CHECK_STATUS(la_eigh(A, w, V, NULL), LA_OK);
    CHECK_LE(eig_residual(A, w, V), c * (n + 1) * TU_EPS);
    CHECK_LE(tu_orth_error(V), c * (n + 1) * TU_EPS);
    CHECK(eig_ascending(n, w));
    for (i = 0; i < n; ++i) CHECK(LA_AT(A, i, 0) == LA_AT(A0, i, 0) && LA_AT(A, i, i) == LA_AT(A0, i, i));
    /* values only agree with the values of the full decomposition */
    CHECK_STATUS(la_eigh(A, w2, la_mat_of(n, n, NULL), NULL), LA_OK);
    for (i = 0; i < n; ++i) CHECK_NEAR(w2[i], w[i], c * (n + 1) * TU_EPS * (fabs(w[0]) + fabs(w[n - 1])));
    tu_free(V.data);
    tu_free(A0.data);
    tu_free(w2);
    return w;
}

/* A = Q diag(lam) Q^T (lower triangle; upper NaN). */
static la_mat eig_from_spectrum(la_rng *r, la_int n, const double *lam) {
    la_mat Q = tu_mat(n, n, 0), F = tu_mat(n, n, 0), A;
    la_int i, j, p;
    tu_rand_orthogonal(r, Q);
    for (i = 0; i < n; ++i)
        for (j = 0; j <= i; ++j) {
            long double s = 0;
            for (p = 0; p < n; ++p) s += (long double)LA_AT(Q, i, p) * lam[p] * LA_AT(Q, j, p);
            LA_AT(F, i, j) = LA_AT(F, j, i) = (la_real)s;
        }
    A = eig_lower_only(F, 0);
    tu_free(Q.data);
    tu_free(F.data);
    return A;
}

static int eig_cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

TEST(eig_random_sizes) {
    la_rng r = la_rng_seed(21);
    la_int sizes[] = {0, 1, 2, 3, 5, 31, 32, 33, 64, 65, 97, 160};
    unsigned s;
    for (s = 0; s < sizeof sizes / sizeof sizes[0]; ++s) {
        la_int n = sizes[s];
        la_mat F = tu_mat(n, n, 0), A;
        la_int i, j;
        for (i = 0; i < n; ++i)
            for (j = 0; j <= i; ++j) LA_AT(F, i, j) = LA_AT(F, j, i) = (la_real)la_rng_normal(&r);
        A = eig_lower_only(F, n + 3);
        tu_free(eig_check(A, 4));
        tu_free(F.data);
        tu_free(A.data);
    }
}

/* Known spectra: log-spaced to condition 1e12 (1e6 in float), clusters of
 * repeated eigenvalues, and two clusters of near-equal ones. */
TEST(eig_known_spectra) {
    la_rng r = la_rng_seed(22);
    la_int n = 120, i, kind;
    double *lam = (double *)malloc((size_t)n * sizeof(double));
    double cond = LA_REAL_IS_FLOAT ? 1e6 : 1e12;
    for (kind = 0; kind < 4; ++kind) {
        la_mat A;
        la_real *w;
        double scale = 0;
        for (i = 0; i < n; ++i) {
            if (kind == 0) lam[i] = pow(cond, -(double)i / (n - 1)) * (i % 2 ? -1 : 1);
            if (kind == 1) lam[i] = (double)(i % 4); /* four eigenvalues, 30 times each */
            if (kind == 2) lam[i] = i < n / 2 ? 1 + i * 1e-12 : -2 + i * 1e-13; /* tight clusters */
            if (kind == 3) lam[i] = i < 3 ? 5 : 0; /* rank 3, 117-fold zero */
            scale = fmax(scale, fabs(lam[i]));
        }
        A = eig_from_spectrum(&r, n, lam);
        w = eig_check(A, 4);
        qsort(lam, (size_t)n, sizeof(double), eig_cmp_double);
        for (i = 0; i < n; ++i) CHECK_NEAR(w[i], lam[i], 8 * n * TU_EPS * scale);
        tu_free(w);
        tu_free(A.data);
    }
    free(lam);
}

/* Structured matrices: identity and zero (exact answers), Wilkinson's W21+
 * (pairs of eigenvalues equal to 15 digits), a graded diagonal. */
TEST(eig_structured) {
    la_int n = 21, i;
    la_mat A = tu_mat(n, n, 0);
    la_real *w;
    la_mat_set(A, 0, 1);
    w = eig_check(A, 2);
    for (i = 0; i < n; ++i) CHECK(w[i] == 1);
    tu_free(w);
    la_mat_set(A, 0, 0);
    w = eig_check(A, 2);
    for (i = 0; i < n; ++i) CHECK(w[i] == 0);
    tu_free(w);
    for (i = 0; i < n; ++i) { /* W21+ */
        LA_AT(A, i, i) = (la_real)fabs(10.0 - i);
        if (i > 0) LA_AT(A, i, i - 1) = 1;
    }
    w = eig_check(A, 4);
    CHECK_NEAR(w[n - 1], 10.746194182903393, 50 * TU_EPS * 11);
    CHECK_NEAR(w[n - 2], 10.746194182903322, 50 * TU_EPS * 11);
    tu_free(w);
    for (i = 0; i < n; ++i) { /* graded: diagonal 10^-i, couplings 10^-(i+1/2) */
        LA_AT(A, i, i) = (la_real)pow(10.0, -(double)i);
        if (i > 0) LA_AT(A, i, i - 1) = (la_real)pow(10.0, -(i - 0.5));
    }
    tu_free(eig_check(A, 4));
    tu_free(A.data);
    /* larger clustered case through the divide and conquer: 200 x 200
     * matrix with a 100-fold eigenvalue */
    {
        la_rng r = la_rng_seed(23);
        la_int m = 200;
        double *lam = (double *)malloc((size_t)m * sizeof(double));
        for (i = 0; i < m; ++i) lam[i] = i < 100 ? 2.0 : (double)i / m;
        A = eig_from_spectrum(&r, m, lam);
        tu_free(eig_check(A, 4));
        tu_free(A.data);
        free(lam);
    }
}

TEST(eig_V_may_be_A) {
    la_rng r = la_rng_seed(24);
    la_int n = 40, i, j;
    la_mat F = tu_mat(n, n, 0), A = tu_mat(n, n, 0);
    la_real *w = tu_reals((size_t)n);
    for (i = 0; i < n; ++i)
        for (j = 0; j <= i; ++j) LA_AT(F, i, j) = LA_AT(F, j, i) = (la_real)la_rng_normal(&r);
    la_mat_copy(F, A);
    CHECK_STATUS(la_eigh(A, w, A, NULL), LA_OK);
    CHECK_LE(eig_residual(F, w, A), 4 * n * TU_EPS);
    CHECK_LE(tu_orth_error(A), 4 * n * TU_EPS);
    tu_free(F.data);
    tu_free(A.data);
    tu_free(w);
}

TEST(eig_range_matches_full) {
    la_rng r = la_rng_seed(25);
    la_int n = 90, i, j, t;
    la_mat F = tu_mat(n, n, 0), A, V = tu_mat(n, n, 0);
    la_real *w = tu_reals((size_t)n), *wr = tu_reals((size_t)n);
    double anrm;
    for (i = 0; i < n; ++i)
        for (j = 0; j <= i; ++j) LA_AT(F, i, j) = LA_AT(F, j, i) = (la_real)la_rng_normal(&r);
    A = eig_lower_only(F, 0);
    anrm = tu_fro(F);
    CHECK_STATUS(la_eigh(A, w, V, NULL), LA_OK);
    for (t = 0; t < 4; ++t) {
        la_int il = t == 0 ? 0 : t == 1 ? n - 5 : t == 2 ? 30 : 0, iu = t == 0 ? 4 : t == 1 ? n - 1 : t == 2 ? 59 : n - 1;
        la_int c = iu - il + 1;
        la_mat Vr = tu_mat(n, c, c + 1);
        double gap = 1e300;
        CHECK_STATUS(la_eigh_range(A, il, iu, wr, Vr, NULL), LA_OK);
        for (i = 0; i < c; ++i) CHECK_NEAR(wr[i], w[il + i], 8 * n * TU_EPS * anrm);
        for (i = il; i <= iu; ++i) {
            if (i > 0) gap = fmin(gap, w[i] - w[i - 1]);
            if (i + 1 < n) gap = fmin(gap, w[i + 1] - w[i]);
        }
        CHECK_LE(eig_residual(A, wr, Vr), 8 * n * TU_EPS);
        /* inverse iteration: orthogonal to eps ||A|| / gap */
        CHECK_LE(tu_orth_error(Vr), 8 * n * TU_EPS * anrm / gap);
        CHECK_STATUS(la_eigh_range(A, il, iu, wr, la_mat_of(n, c, NULL), NULL), LA_OK);
        for (i = 0; i < c; ++i) CHECK_NEAR(wr[i], w[il + i], 8 * n * TU_EPS * anrm);
        tu_free(Vr.data);
    }
    CHECK_STATUS(la_eigh_range(A, 3, 2, wr, la_mat_of(n, 0, NULL), NULL), LA_OK); /* empty */
    /* the zero matrix: exact zeros and an orthonormal basis */
    for (i = 0; i < n; ++i)
        for (j = 0; j <= i; ++j) LA_AT(A, i, j) = 0;
    CHECK_STATUS(la_eigh_range(A, 10, 19, wr, la_mat_of(n, 10, V.data), NULL), LA_OK);
    for (i = 0; i < 10; ++i) CHECK(wr[i] == 0);
    CHECK_LE(tu_orth_error(la_mat_of(n, 10, V.data)), 8 * n * TU_EPS);
    tu_free(F.data);
    tu_free(A.data);
    tu_free(V.data);
    tu_free(w);
    tu_free(wr);
}

/* A scaled far outside the range where the reductions are safe (by 2^-600
 * and 2^600 in double, 2^-70 and 2^70 in float) is scaled back inside and
 * its eigenvalues scaled out again: they are the unscaled ones times the
 * power of two, to the usual c n eps ||A|| (full and selected range, with
 * and without vectors), and the vectors satisfy the residual identity. */
TEST(eig_extreme_scaling) {
    la_rng r = la_rng_seed(27);
    const la_int n = 24;
    const int ks[2] = {LA_REAL_IS_FLOAT ? -70 : -600, LA_REAL_IS_FLOAT ? 70 : 600};
    double lam[24];
    la_mat A, S, V = tu_mat(n, n, 0);
    la_real *w0, w[24], wr[24];
    la_int i, j;
    int t;
    for (i = 0; i < n; ++i) lam[i] = (double)(i - 7) / 3;
    A = eig_from_spectrum(&r, n, lam);
    S = eig_lower_only(A, 0);
    w0 = eig_check(A, 4);
    for (t = 0; t < 2; ++t) {
        double tol = 8 * (n + 1) * TU_EPS * (fabs((double)w0[0]) + fabs((double)w0[n - 1]));
        for (i = 0; i < n; ++i)
            for (j = 0; j <= i; ++j) LA_AT(S, i, j) = (la_real)ldexp((double)LA_AT(A, i, j), ks[t]);
        CHECK_STATUS(la_eigh(S, w, V, NULL), LA_OK);
        for (i = 0; i < n; ++i) CHECK_NEAR(ldexp((double)w[i], -ks[t]), w0[i], tol);
        CHECK_LE(eig_residual(S, w, V), 4 * (n + 1) * TU_EPS);
        CHECK_LE(tu_orth_error(V), 4 * (n + 1) * TU_EPS);
        CHECK_STATUS(la_eigh(S, w, la_mat_of(n, n, NULL), NULL), LA_OK);
        for (i = 0; i < n; ++i) CHECK_NEAR(ldexp((double)w[i], -ks[t]), w0[i], tol);
        CHECK_STATUS(la_eigh_range(S, 3, 8, wr, la_mat_of(n, 6, V.data), NULL), LA_OK);
        for (i = 0; i < 6; ++i) CHECK_NEAR(ldexp((double)wr[i], -ks[t]), w0[3 + i], tol);
        CHECK_LE(eig_residual(S, wr, la_mat_of(n, 6, V.data)), 8 * (n + 1) * TU_EPS);
        CHECK_STATUS(la_eigh_range(S, 3, 8, wr, la_mat_of(n, 6, NULL), NULL), LA_OK);
        for (i = 0; i < 6; ++i) CHECK_NEAR(ldexp((double)wr[i], -ks[t]), w0[3 + i], tol);
    }
    tu_free(A.data);
    tu_free(S.data);
    tu_free(V.data);
    tu_free(w0);
}

/* Clusters in the range: repeated and near-repeated eigenvalues must still
 * give orthonormal vectors (reorthogonalized inverse iteration). */
TEST(eig_range_clusters) {
    la_rng r = la_rng_seed(26);
    la_int n = 60, i, c = 20;
    double lam[60];
    la_mat A, V = tu_mat(n, c, 0);
    la_real wr[20];
    for (i = 0; i < n; ++i) lam[i] = i < 10 ? -1.0 : i < 20 ? 0.5 + 1e-9 * i : (double)i;
    A = eig_from_spectrum(&r, n, lam);
    CHECK_STATUS(la_eigh_range(A, 0, c - 1, wr, V, NULL), LA_OK);
    for (i = 0; i < c; ++i) CHECK_NEAR(wr[i], lam[i], 8 * n * TU_EPS * n);
    CHECK_LE(eig_residual(A, wr, V), 8 * n * TU_EPS);
    CHECK_LE(tu_orth_error(V), 8 * n * TU_EPS);
    tu_free(A.data);
    tu_free(V.data);
}

TEST(eig_errors_and_workspace) {
    la_real a[9] = {2, (la_real)NAN, (la_real)NAN, 1, 3, (la_real)NAN, 0, 1, 4}, v[9], w[3];
    la_mat A = la_mat_of(3, 3, a), V = la_mat_of(3, 3, v);
    size_t nb = la_eigh_ws_bytes(3, 1);
    unsigned char *buf;
    la_arena ar;
    CHECK_STATUS(la_eigh(la_mat_of(3, 2, a), w, la_mat_of(3, 2, v), NULL), LA_ERR_DIM);
    CHECK_STATUS(la_eigh(A, w, la_mat_of(3, 2, v), NULL), LA_ERR_DIM);
    CHECK_STATUS(la_eigh(A, NULL, V, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_eigh(la_mat_ld(3, 3, 2, a), w, V, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_eigh_range(A, -1, 1, w, la_mat_of(3, 3, v), NULL), LA_ERR_ARG);
    CHECK_STATUS(la_eigh_range(A, 1, 3, w, la_mat_of(3, 3, v), NULL), LA_ERR_ARG);
    CHECK_STATUS(la_eigh_range(A, 0, 1, w, la_mat_of(3, 3, v), NULL), LA_ERR_DIM);
    a[3] = (la_real)INFINITY;
    CHECK_STATUS(la_eigh(A, w, V, NULL), LA_ERR_NONFINITE);
    CHECK_STATUS(la_eigh_range(A, 0, 0, w, la_mat_of(3, 1, v), NULL), LA_ERR_NONFINITE);
    a[3] = 1;
    ar = la_arena_of(a, 16); /* far too small */
    CHECK_STATUS(la_eigh(A, w, V, &ar), LA_ERR_NOMEM);
    CHECK_STATUS(la_eigh_range(A, 0, 1, w, la_mat_of(3, 2, v), &ar), LA_ERR_NOMEM);
    buf = (unsigned char *)malloc(nb);
    ar = la_arena_of(buf, nb);
    CHECK_STATUS(la_eigh(A, w, V, &ar), LA_OK);
    CHECK(ar.used == 0 && ar.peak <= nb);
    /* eigenvalues of [2 1 0; 1 3 1; 0 1 4]: 3 - sqrt(3), 3, 3 + sqrt(3) */
    CHECK_NEAR(w[0], 3 - sqrt(3.0), 20 * TU_EPS);
    CHECK_NEAR(w[1], 3, 20 * TU_EPS);
    CHECK_NEAR(w[2], 3 + sqrt(3.0), 20 * TU_EPS);
    free(buf);
    nb = la_eigh_range_ws_bytes(3, 1, 1);
    buf = (unsigned char *)malloc(nb);
    ar = la_arena_of(buf, nb);
    CHECK_STATUS(la_eigh_range(A, 2, 2, w, la_mat_of(3, 1, v), &ar), LA_OK);
    CHECK_NEAR(w[0], 3 + sqrt(3.0), 20 * TU_EPS);
    CHECK(ar.used == 0);
    free(buf);
    CHECK_STATUS(la_eigh(la_mat_of(0, 0, NULL), NULL, la_mat_of(0, 0, NULL), NULL), LA_OK);
}

/* la_eigh and la_eigh_range run in arenas of exactly the queried size at
 * a misaligned address, for sizes on both sides of the blocking and
 * divide-and-conquer thresholds. */
TEST(eig_workspace_queries_are_sufficient) {
    la_rng r = la_rng_seed(27);
    la_int sizes[] = {1, 4, 33, 70};
    unsigned t;
    int vec;
    for (t = 0; t < sizeof sizes / sizeof sizes[0]; ++t) {
        la_int n = sizes[t], i, j, c = n > 3 ? 3 : n;
        la_mat A = tu_mat(n, n, 0), V = tu_mat(n, n, 0);
        la_real *w = tu_reals((size_t)n);
        for (i = 0; i < n; ++i)
            for (j = 0; j <= i; ++j) LA_AT(A, i, j) = LA_AT(A, j, i) = (la_real)la_rng_normal(&r);
        for (vec = 0; vec < 2; ++vec) {
            size_t nb = la_eigh_ws_bytes(n, vec), nr = la_eigh_range_ws_bytes(n, c, vec);
            unsigned char *buf = (unsigned char *)malloc((nb > nr ? nb : nr) + 8);
            la_arena ar = la_arena_of(buf + 8, nb);
            CHECK_STATUS(la_eigh(A, w, vec ? V : la_mat_of(n, n, NULL), &ar), LA_OK);
            CHECK(ar.used == 0);
            ar = la_arena_of(buf + 8, nr);
            CHECK_STATUS(la_eigh_range(A, n - c, n - 1, w, vec ? la_mat_of(n, c, V.data) : la_mat_of(n, c, NULL), &ar), LA_OK);
            CHECK(ar.used == 0);
            free(buf);
        }
        tu_free(A.data);
        tu_free(V.data);
        tu_free(w);
    }
}

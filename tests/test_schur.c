/* test_schur.c - linalg.h section 12: Hessenberg reduction, real Schur form
 * and eigenvalues of general real matrices. Identities (A = Q H Q^T,
 * A = Z T Z^T, orthogonality) are measured in long double; eigenvalues are
 * compared with spectra known in closed form. */
#include <math.h>
#include <stdlib.h>
#include "harness.h"
#include "testutil.h"

/* ||A - Z T Z^T||_F / ||A||_F in long double. */
static double schur_residual(la_mat A, la_mat Z, la_mat T) {
    la_int n = A.rows, i, j, p, q;
    long double r = 0, a = 0;
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) {
            long double s = 0;
            for (p = 0; p < n; ++p) {
                long double zt = 0;
                for (q = 0; q < n; ++q) zt += (long double)LA_AT(T, p, q) * LA_AT(Z, j, q);
                s += (long double)LA_AT(Z, i, p) * zt;
            }
            s -= LA_AT(A, i, j);
            r += s * s;
            a += (long double)LA_AT(A, i, j) * LA_AT(A, i, j);
        }
    return a > 0 ? (double)sqrtl(r / a) : (double)sqrtl(r);
}

/* 1 if T is quasi-upper triangular with standardized 2 x 2 blocks and
 * (wr, wi) are the eigenvalues its blocks carry (to a relative tol). */
static int schur_form_ok(la_mat T, const la_real *wr, const la_real *wi, double tol) {
    la_int n = T.rows, i = 0, j;
    for (i = 0; i < n; ++i)
        for (j = 0; j + 1 < i; ++j)
            if (LA_AT(T, i, j) != 0) return 0;
    i = 0;
    while (i < n) {
        if (i + 1 < n && LA_AT(T, i + 1, i) != 0) {
            la_real a = LA_AT(T, i, i), b = LA_AT(T, i, i + 1), c = LA_AT(T, i + 1, i),
                    d = LA_AT(T, i + 1, i + 1);
            double im = sqrt(fabs((double)b * (double)c)), sc = fabs(a) + im + 1e-300;
            if (a != d || b * c >= 0) return 0;
            if (i + 2 < n && LA_AT(T, i + 2, i + 1) != 0) return 0;
            if (fabs(wr[i] - a) > tol * sc || fabs(wr[i + 1] - a) > tol * sc) return 0;
            if (fabs(wi[i] - im) > tol * sc || fabs(wi[i + 1] + im) > tol * sc) return 0;
            i += 2;
        } else {
            if (wr[i] != LA_AT(T, i, i) || wi[i] != 0) return 0;
            i += 1;
        }
    }
    return 1;
}

/* Runs la_schur on a copy of A and checks every identity. */
static void check_schur(la_mat A, double tol_factor) {
    la_int n = A.rows;
    la_mat T = tu_mat(n, n, n + 3), Z = tu_mat(n, n, n + 2);
    la_real *wr = tu_reals((size_t)n), *wi = tu_reals((size_t)n);
    double tol = tol_factor * (n + 1) * TU_EPS;
    la_mat_copy(A, T);
    CHECK_STATUS(la_schur(T, Z, wr, wi, NULL), LA_OK);
    CHECK_LE(schur_residual(A, Z, T), tol);
    CHECK_LE(tu_orth_error(Z), tol);
    CHECK(schur_form_ok(T, wr, wi, 10 * TU_EPS));
    tu_free(T.data);
    tu_free(Z.data);
    tu_free(wr);
    tu_free(wi);
}

TEST(schur_random_sizes) {
    la_rng r = la_rng_seed(11);
    /* up to orders whose bulge chases take several chunks of reflectors
     * (24 each), with the rows above each chunk and the Schur vectors
     * updated by the chunk's accumulated product */
    la_int sizes[] = {0, 1, 2, 3, 4, 5, 8, 17, 40, 97, 130};
    unsigned s;
    for (s = 0; s < sizeof sizes / sizeof sizes[0]; ++s) {
        la_int n = sizes[s];
        la_mat A = tu_mat(n, n, 0);
        tu_fill_normal(&r, A);
        check_schur(A, 20);
        tu_free(A.data);
    }
}

TEST(schur_hessenberg_identity) {
    /* one reflector at a time (23, 33), one panel of 32 and the rest
     * (34, 65), several panels (100); H with a padded row stride */
    const la_int sizes[] = {23, 33, 34, 65, 100};
    la_rng r = la_rng_seed(12);
    unsigned c;
    for (c = 0; c < sizeof sizes / sizeof sizes[0]; ++c) {
        la_int n = sizes[c], i, j;
        la_mat A = tu_mat(n, n, 0), H = tu_mat(n, n, n + 1), Q = tu_mat(n, n, 0);
        tu_fill_normal(&r, A);
        la_mat_copy(A, H);
        CHECK_STATUS(la_hessenberg(H, Q, NULL), LA_OK);
        for (i = 0; i < n; ++i)
            for (j = 0; j + 1 < i; ++j) CHECK(LA_AT(H, i, j) == 0);
        CHECK_LE(schur_residual(A, Q, H), 20 * n * TU_EPS);
        CHECK_LE(tu_orth_error(Q), 20 * n * TU_EPS);
        /* without Q */
        la_mat_copy(A, H);
        CHECK_STATUS(la_hessenberg(H, la_mat_of(0, 0, NULL), NULL), LA_OK);
        CHECK(LA_AT(H, n - 1, 0) == 0);
        tu_free(A.data);
        tu_free(H.data);
        tu_free(Q.data);
    }
}

/* Companion matrix of prod_k (x - r_k) (r real) times prod (x^2 - 2 a x +
 * a^2 + b^2): eigenvalues known exactly. */
TEST(schur_companion_known_roots) {
    /* roots 1, 2, 3, -1.5 and 0.5 +- 2i: coefficients of the monic polynomial */
    double roots_r[4] = {1, 2, 3, -1.5};
    long double c[7] = {1, 0, 0, 0, 0, 0, 0};
    la_int n = 6, deg = 0, i, k;
    la_mat A = tu_mat(n, n, 0);
    la_real wr[6], wi[6];
    int found[6] = {0, 0, 0, 0, 0, 0};
    double want_r[6] = {1, 2, 3, -1.5, 0.5, 0.5}, want_i[6] = {0, 0, 0, 0, 2, -2};
    for (k = 0; k < 4; ++k) { /* multiply by (x - r) */
        for (i = deg + 1; i > 0; --i) c[i] = c[i] - roots_r[k] * c[i - 1];
        ++deg;
    }
    for (k = 0; k < 1; ++k) { /* multiply by x^2 - x + 4.25 */
        for (i = deg + 2; i > 0; --i) c[i] = c[i] - c[i - 1] + (i >= 2 ? 4.25L * c[i - 2] : 0);
        deg += 2;
    }
    /* companion: first row -c[1..n], subdiagonal ones */
    for (i = 0; i < n; ++i) LA_AT(A, 0, i) = (la_real)(-c[i + 1]);
    for (i = 1; i < n; ++i) LA_AT(A, i, i - 1) = 1;
    CHECK_STATUS(la_eig(A, wr, wi, NULL), LA_OK);
    for (i = 0; i < n; ++i)
        for (k = 0; k < n; ++k)
            if (!found[k] && fabs(wr[i] - want_r[k]) < 1e4 * TU_EPS * 4 &&
                fabs(wi[i] - want_i[k]) < 1e4 * TU_EPS * 4) {
                found[k] = 1;
                break;
            }
    for (k = 0; k < n; ++k) CHECK(found[k]);
    check_schur(A, 50);
    tu_free(A.data);
}

/* Each computed eigenvalue (wr, wi) matches a distinct known one (er, ei)
 * within tol (|difference of real parts| + |of imaginary parts|). */
static void check_spectrum(la_int n, const la_real *wr, const la_real *wi, const double *er,
                           const double *ei, double tol) {
    int *used = (int *)calloc((size_t)(n > 0 ? n : 1), sizeof(int));
    la_int i, k;
    for (i = 0; i < n; ++i) {
        int hit = 0;
        for (k = 0; k < n && !hit; ++k)
            if (!used[k] && fabs(wr[i] - er[k]) + fabs(wi[i] - ei[k]) <= tol) {
                used[k] = 1;
                hit = 1;
            }
        CHECK(hit);
    }
    free(used);
}

/* B's first 2 npair rows and columns <- the rotation-scaling blocks
 * [a_k b_k; -b_k a_k], a_k = a0 + da k, b_k = b0 + db k, whose eigenvalues
 * a_k +- i b_k go into (er, ei). */
static void fill_pairs(la_mat B, la_int npair, double a0, double da, double b0, double db, double *er,
                       double *ei) {
    la_int k;
    for (k = 0; k < npair; ++k) {
        double a = a0 + da * k, b = b0 + db * k;
        LA_AT(B, 2 * k, 2 * k) = LA_AT(B, 2 * k + 1, 2 * k + 1) = (la_real)a;
        LA_AT(B, 2 * k, 2 * k + 1) = (la_real)b;
        LA_AT(B, 2 * k + 1, 2 * k) = (la_real)-b;
        er[2 * k] = er[2 * k + 1] = a;
        ei[2 * k] = b;
        ei[2 * k + 1] = -b;
    }
}

/* A <- Q B Q^T for a random orthogonal Q (reference products). */
static void rotate_randomly(la_rng *r, la_mat B, la_mat A) {
    la_int n = B.rows;
    la_mat Q = tu_mat(n, n, 0), QB = tu_mat(n, n, 0);
    tu_rand_orthogonal(r, Q);
    tu_ref_gemm(LA_NOTRANS, LA_NOTRANS, 1, Q, B, 0, QB);
    tu_ref_gemm(LA_NOTRANS, LA_TRANS, 1, QB, Q, 0, A);
    tu_free(Q.data);
    tu_free(QB.data);
}

/* A = Q B Q^T with B block diagonal of rotation-scaling blocks: eigenvalues
 * a_k +- i b_k, plus a few real ones; Q random orthogonal. */
TEST(schur_complex_pairs_known_spectrum) {
    la_rng r = la_rng_seed(13);
    la_int n = 31, i, k, npair = 12;
    la_mat B = tu_mat(n, n, 0), A = tu_mat(n, n, 0);
    la_real *wr = tu_reals((size_t)n), *wi = tu_reals((size_t)n);
    double *er = (double *)calloc((size_t)n, sizeof(double)), *ei = (double *)calloc((size_t)n, sizeof(double));
    fill_pairs(B, npair, -3, 0.5, 0.25, 0.3, er, ei);
    for (i = 2 * npair; i < n; ++i) {
        LA_AT(B, i, i) = (la_real)(i - 2 * npair + 0.5);
        er[i] = i - 2 * npair + 0.5;
        for (k = i + 1; k < n; ++k) LA_AT(B, i, k) = (la_real)0.3; /* non-normal part */
    }
    rotate_randomly(&r, B, A);
    CHECK_STATUS(la_eig(A, wr, wi, NULL), LA_OK);
    check_spectrum(n, wr, wi, er, ei, 1e4 * n * TU_EPS);
    check_schur(A, 20);
    free(er);
    free(ei);
    tu_free(B.data);
    tu_free(A.data);
    tu_free(wr);
    tu_free(wi);
}

/* ||A Z - Z T||_F <= tol (products by la_gemm into the n x n scratch R),
 * Z orthogonal to 20 n eps and T zero below its subdiagonal. */
static void check_similarity(la_mat A, la_mat Z, la_mat T, la_mat R, double tol) {
    la_int n = A.rows, i, k, below = 0;
    la_gemm(LA_NOTRANS, LA_NOTRANS, 1, A, Z, 0, R);
    la_gemm(LA_NOTRANS, LA_NOTRANS, -1, Z, T, 1, R);
    CHECK_LE(tu_fro(R), tol);
    CHECK_LE(tu_orth_error(Z), 20.0 * n * TU_EPS);
    for (i = 0; i < n; ++i)
        for (k = 0; k + 1 < i; ++k) below += LA_AT(T, i, k) != 0;
    CHECK_INT(below, 0);
}

/* At n = 300 the Hessenberg reduction runs in panels (LA__HESS_NB = 32
 * columns while more than 32 remain) and every bulge chase in several
 * chunks: A = Q B Q^T with B block diagonal (100 rotation-scaling blocks
 * a_k +- i b_k and 100 real eigenvalues), Q random orthogonal, so the
 * spectrum is known and perfectly conditioned (A is normal). la_eig finds
 * each eigenvalue within 20 n eps ||A||_F; la_schur's factors satisfy
 * ||A Z - Z T||_F <= 20 n eps ||A||_F and Z^T Z = I (products by la_gemm:
 * the long double check of the smaller tests would take minutes here);
 * la_hessenberg's likewise, with zeros below the subdiagonal. */
TEST(schur_large_order_known_spectrum) {
    la_rng r = la_rng_seed(14);
    const la_int n = 300, npair = 100;
    la_int i;
    la_mat B = tu_mat(n, n, 0), A = tu_mat(n, n, 0);
    la_mat T = tu_mat(n, n, n + 1), Z = tu_mat(n, n, n + 2), R = tu_mat(n, n, 0);
    la_real *wr = tu_reals((size_t)n), *wi = tu_reals((size_t)n);
    double *er = (double *)calloc((size_t)n, sizeof(double)), *ei = (double *)calloc((size_t)n, sizeof(double));
    double anorm, tol;
    fill_pairs(B, npair, -3, 0.05, 0.25, 0.03, er, ei);
    for (i = 2 * npair; i < n; ++i) LA_AT(B, i, i) = (la_real)(er[i] = 0.1 * (double)(i - 2 * npair) + 0.05);
    rotate_randomly(&r, B, A);
    anorm = tu_fro(A);
    tol = 20.0 * n * TU_EPS * anorm;
    CHECK_STATUS(la_eig(A, wr, wi, NULL), LA_OK);
    check_spectrum(n, wr, wi, er, ei, tol);
    /* Schur form, then Hessenberg form: A Z - Z T */
    la_mat_copy(A, T);
    CHECK_STATUS(la_schur(T, Z, wr, wi, NULL), LA_OK);
    check_similarity(A, Z, T, R, tol);
    la_mat_copy(A, T);
    CHECK_STATUS(la_hessenberg(T, Z, NULL), LA_OK);
    check_similarity(A, Z, T, R, tol);
    free(er);
    free(ei);
    tu_free(B.data);
    tu_free(A.data);
    tu_free(T.data);
    tu_free(Z.data);
    tu_free(R.data);
    tu_free(wr);
    tu_free(wi);
}

/* Structured inputs that stall naive shifts: the cyclic shift (all
 * eigenvalues on the unit circle; standard QR makes no progress without
 * exceptional shifts), a Jordan block, zero and identity matrices, and
 * badly scaled rows. */
TEST(schur_hard_structured_inputs) {
    la_int n = 12, i, j;
    la_mat A = tu_mat(n, n, 0);
    la_real wr[12], wi[12];
    for (i = 0; i < n; ++i) LA_AT(A, (i + 1) % n, i) = 1; /* cyclic permutation */
    check_schur(A, 20);
    CHECK_STATUS(la_eig(A, wr, wi, NULL), LA_OK);
    for (i = 0; i < n; ++i) CHECK_NEAR(wr[i] * wr[i] + wi[i] * wi[i], 1, 100 * TU_EPS);
    la_mat_set(A, 0, 0);
    check_schur(A, 20);
    la_mat_set(A, 0, 1);
    check_schur(A, 20);
    for (i = 0; i + 1 < n; ++i) LA_AT(A, i, i + 1) = 1; /* Jordan block of 1 */
    check_schur(A, 20);
    for (i = 0; i < n; ++i) /* graded matrix */
        for (j = 0; j < n; ++j) LA_AT(A, i, j) = (la_real)(pow(10.0, -(double)(i + j) / 2) * (1 + ((i * 7 + j * 3) % 5)));
    check_schur(A, 20);
    tu_free(A.data);
}

TEST(schur_errors_and_workspace) {
    la_real a[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, z[9], wr[3], wi[3];
    la_mat A = la_mat_of(3, 3, a), Z = la_mat_of(3, 3, z);
    size_t nb = la_eig_ws_bytes(3) > la_schur_ws_bytes(3) ? la_eig_ws_bytes(3) : la_schur_ws_bytes(3);
    unsigned char *buf = (unsigned char *)malloc(nb);
    la_arena ar;
    CHECK_STATUS(la_schur(la_mat_of(2, 3, a), Z, wr, wi, NULL), LA_ERR_DIM);
    CHECK_STATUS(la_schur(A, la_mat_of(2, 2, z), wr, wi, NULL), LA_ERR_DIM);
    CHECK_STATUS(la_eig(A, NULL, wi, NULL), LA_ERR_ARG);
    CHECK_STATUS(la_eig(la_mat_of(3, 2, a), wr, wi, NULL), LA_ERR_DIM);
    CHECK_STATUS(la_hessenberg(la_mat_ld(3, 3, 2, a), la_mat_of(0, 0, NULL), NULL), LA_ERR_ARG);
    a[4] = (la_real)NAN;
    CHECK_STATUS(la_schur(A, Z, wr, wi, NULL), LA_ERR_NONFINITE);
    CHECK(a[0] == 1 && a[8] == 9);
    CHECK_STATUS(la_eig(A, wr, wi, NULL), LA_ERR_NONFINITE);
    a[4] = (la_real)INFINITY;
    CHECK_STATUS(la_hessenberg(A, Z, NULL), LA_ERR_NONFINITE);
    a[4] = 5;
    ar = la_arena_of(buf, 8);
    CHECK_STATUS(la_schur(A, Z, wr, wi, &ar), LA_ERR_NOMEM);
    CHECK_STATUS(la_eig(A, wr, wi, &ar), LA_ERR_NOMEM);
    ar = la_arena_of(buf, la_schur_ws_bytes(3));
    CHECK_STATUS(la_schur(A, Z, NULL, NULL, &ar), LA_OK);
    CHECK(ar.used == 0);
    ar = la_arena_of(buf, la_eig_ws_bytes(3));
    a[0] = 1; a[1] = 2; a[2] = 3; a[3] = 4; a[4] = 5; a[5] = 6; a[6] = 7; a[7] = 8; a[8] = 9;
    CHECK_STATUS(la_eig(A, wr, wi, &ar), LA_OK);
    /* eigenvalues of [1..9]: 0 and (15 +- sqrt(297))/2 */
    {
        double s = 0, p = 0;
        int k;
        for (k = 0; k < 3; ++k) {
            s += wr[k];
            CHECK(wi[k] == 0);
        }
        for (k = 0; k < 3; ++k) p += fabs(wr[k]);
        CHECK_NEAR(s, 15, 100 * TU_EPS * 15);
        CHECK_NEAR(p, sqrt(297.0), 100 * TU_EPS * 20);
    }
    free(buf);
}

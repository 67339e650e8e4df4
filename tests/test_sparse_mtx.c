/* test_sparse_mtx.c - sparse.h section 2: Matrix Market input and output.
 * Real SuiteSparse matrices (tests/data/mtx, see SOURCES.md there): sizes and
 * expanded entry counts as the collection lists them, SpMV against a dense
 * computation, write / read round trips in every layout, field and symmetry;
 * and every malformed file of tests/data/mtx/bad refused with the status and
 * line number expected. */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "testutil.h"
#include "sparse.h"

#ifndef LA_NO_STDIO

#define MTX_DIR "tests/data/mtx/"

/* 1 if A and B hold the same matrix exactly (both canonical). */
static int sp_same(const sp_mat *A, const sp_mat *B) {
    la_int p;
    if (A->format != B->format || A->rows != B->rows || A->cols != B->cols || A->nnz != B->nnz)
        return 0;
    for (p = 0; p <= (A->format == SP_CSR ? A->rows : A->cols); ++p)
        if (A->ptr[p] != B->ptr[p]) return 0;
    for (p = 0; p < A->nnz; ++p)
        if (A->idx[p] != B->idx[p] || A->val[p] != B->val[p]) return 0;
    return 1;
}

TEST(sparse_mtx_suitesparse_sizes_and_expansion) {
    static const struct {
        const char *file;
        la_int rows, cols, nnz;
    } m[] = {{"west0067.mtx", 67, 67, 294},   {"west0479.mtx", 479, 479, 1910},
             {"olm1000.mtx", 1000, 1000, 3996}, {"lp_afiro.mtx", 27, 51, 102},
             {"bcsstk01.mtx", 48, 48, 400},    {"494_bus.mtx", 494, 494, 1666},
             {"plskz362.mtx", 362, 362, 1760}, {"can_24.mtx", 24, 24, 160},
             {"dwt_992.mtx", 992, 992, 16744}, {"karate.mtx", 34, 34, 156},
             {"ash219.mtx", 219, 85, 438},     {"matrix_int32.mtx", 7, 7, 12},
             {"skew_int16.mtx", 6, 6, 20},     {"full.mtx", 3, 3, 9},
             {"full_symmetric.mtx", 4, 4, 16}, {"empty.mtx", 3, 4, 0},
             {"3by0.mtx", 3, 0, 0},            {"own_bigdims.mtx", 70000, 70000, 5},
             {"poisson16.mtx", 256, 256, 1216}};
    size_t k;
    int f;
    for (k = 0; k < sizeof m / sizeof m[0]; ++k)
        for (f = 0; f < 2; ++f) {
            char path[128];
            sp_mat A;
            sp_mtx_info info;
            sprintf(path, MTX_DIR "%s", m[k].file);
            CHECK_STATUS(sp_read_mtx_ex(path, (sp_format)f, &A, &info), LA_OK);
            CHECK(A.rows == m[k].rows && A.cols == m[k].cols);
            CHECK_INT(A.nnz, m[k].nnz);
            CHECK(A.format == (sp_format)f && sp_is_canonical(&A));
            CHECK(info.line == 0 && strcmp(info.reason, "ok") == 0);
            sp_free(&A);
        }
}

TEST(sparse_mtx_values_and_symmetry) {
    sp_mat A;
    la_mat D;
    sp_mtx_info info;
    la_int i, j;
    /* own_bigdims: 70000 x 70000 from 5 entries */
    CHECK_STATUS(sp_read_mtx(MTX_DIR "own_bigdims.mtx", SP_CSR, &A), LA_OK);
    CHECK(A.val[0] == (la_real)1.5 && A.idx[0] == 0 && A.val[1] == (la_real)4e-3 && A.idx[1] == 69999);
    CHECK(A.ptr[34999] == 2 && A.idx[2] == 0 && A.val[2] == 3);
    CHECK(A.val[4] == (la_real)-2.25 && A.idx[4] == 69999 && A.ptr[70000] == 5);
    sp_free(&A);
    /* integer extremes and an explicit zero */
    CHECK_STATUS(sp_read_mtx_ex(MTX_DIR "matrix_int32.mtx", SP_CSC, &A, &info), LA_OK);
    CHECK(info.field == SP_MTX_INTEGER && info.symmetry == SP_MTX_GENERAL && info.entries == 12);
    D = tu_mat(7, 7, 0);
    CHECK_STATUS(sp_to_dense(&A, D), LA_OK);
    CHECK(LA_AT(D, 3, 0) == (la_real)-2147483648.0 && LA_AT(D, 0, 1) == (la_real)2147483647.0);
    CHECK(LA_AT(D, 1, 6) == 8 && LA_AT(D, 2, 5) == 1 && LA_AT(D, 2, 3) == 0);
    tu_free(D.data);
    sp_free(&A);
    /* skew-symmetric: A^T = -A, the explicit zero kept twice */
    CHECK_STATUS(sp_read_mtx_ex(MTX_DIR "plskz362.mtx", SP_CSR, &A, &info), LA_OK);
    CHECK(info.symmetry == SP_MTX_SKEW);
    D = tu_mat(362, 362, 0);
    sp_to_dense(&A, D);
    {
        int ok = 1;
        for (i = 0; i < 362; ++i)
            for (j = 0; j < 362; ++j) ok &= LA_AT(D, i, j) == -LA_AT(D, j, i);
        CHECK(ok);
        CHECK(LA_AT(D, 130, 0) == (la_real)1.7894386746670e-01 && LA_AT(D, 0, 130) == (la_real)-1.7894386746670e-01);
    }
    tu_free(D.data);
    sp_free(&A);
    /* array symmetric: lower triangle column by column */
    CHECK_STATUS(sp_read_mtx(MTX_DIR "full_symmetric.mtx", SP_CSR, &A), LA_OK);
    D = tu_mat(4, 4, 0);
    sp_to_dense(&A, D);
    CHECK(LA_AT(D, 1, 0) == (la_real)18.18952178955078 && LA_AT(D, 0, 1) == LA_AT(D, 1, 0));
    CHECK(LA_AT(D, 3, 3) == (la_real)3.9635860919952393 && LA_AT(D, 3, 2) == (la_real)19.899736404418945);
    CHECK(LA_AT(D, 2, 1) == (la_real)18.75064468383789);
    tu_free(D.data);
    sp_free(&A);
    /* the example's Poisson matrix is the toolkit's 5-point Laplacian */
    CHECK_STATUS(sp_read_mtx_ex(MTX_DIR "poisson16.mtx", SP_CSR, &A, &info), LA_OK);
    {
        sp_mat L;
        CHECK_STATUS(sp_laplacian(16, 16, 1, SP_CSR, &L), LA_OK);
        CHECK(sp_same(&A, &L) && info.symmetry == SP_MTX_SYMMETRIC && info.entries == 736);
        sp_free(&L);
    }
    sp_free(&A);
    /* pattern: every value 1 */
    CHECK_STATUS(sp_read_mtx_ex(MTX_DIR "karate.mtx", SP_CSC, &A, &info), LA_OK);
    CHECK(info.field == SP_MTX_PATTERN);
    {
        int ok = 1;
        for (i = 0; i < A.nnz; ++i) ok &= A.val[i] == 1;
        CHECK(ok);
    }
    sp_free(&A);
}

TEST(sparse_mtx_spmv_against_dense) {
    static const char *files[] = {"west0479.mtx", "lp_afiro.mtx", "bcsstk01.mtx", "plskz362.mtx", "ash219.mtx"};
    la_rng r = la_rng_seed(21);
    size_t k;
    for (k = 0; k < sizeof files / sizeof files[0]; ++k) {
        char path[128];
        sp_mat A;
        la_mat D;
        la_real *x, *y;
        la_int i, j;
        int f;
        sprintf(path, MTX_DIR "%s", files[k]);
        CHECK_STATUS(sp_read_mtx(path, SP_CSR, &A), LA_OK);
        D = tu_mat(A.rows, A.cols, 0);
        sp_to_dense(&A, D);
        x = tu_reals((size_t)A.cols);
        y = tu_reals((size_t)A.rows);
        tu_vec_normal(&r, A.cols, x);
        for (f = 0; f < 2; ++f) {
            sp_mat B;
            CHECK_STATUS(sp_convert(&A, (sp_format)f, &B), LA_OK);
            CHECK_STATUS(sp_mv(LA_NOTRANS, 1, &B, x, 0, y), LA_OK);
            for (i = 0; i < A.rows; ++i) {
                long double s = 0, b = 0;
                for (j = 0; j < A.cols; ++j) {
                    s += (long double)LA_AT(D, i, j) * x[j];
                    b += fabsl((long double)LA_AT(D, i, j) * x[j]);
                }
                CHECK_LE(fabs((double)(y[i] - s)), 2 * (A.cols + 2) * TU_EPS * (double)b);
            }
            sp_free(&B);
        }
        tu_free(x);
        tu_free(y);
        tu_free(D.data);
        sp_free(&A);
    }
}

/* Write A with o to a temporary stream, read it back in A's format. */
static la_status round_trip(const sp_mat *A, const sp_mtx_opts *o, sp_mat *B) {
    FILE *f = tmpfile();
    la_status st;
    if (!f) return LA_ERR_IO;
    st = sp_write_mtx_file(f, A, o);
    if (st == LA_OK) {
        rewind(f);
        st = sp_read_mtx_file(f, A->format, B, NULL);
    }
    fclose(f);
    return st;
}

TEST(sparse_mtx_round_trips) {
    static const char *files[] = {"west0067.mtx", "bcsstk01.mtx", "plskz362.mtx", "can_24.mtx", "lp_afiro.mtx",
                                  "matrix_int32.mtx", "skew_int16.mtx", "full.mtx", "empty.mtx", "3by0.mtx",
                                  "own_bigdims.mtx"};
    size_t k;
    int f;
    for (k = 0; k < sizeof files / sizeof files[0]; ++k)
        for (f = 0; f < 2; ++f) {
            char path[128];
            sp_mat A, B;
            sp_mtx_info info;
            sp_mtx_opts o;
            sprintf(path, MTX_DIR "%s", files[k]);
            CHECK_STATUS(sp_read_mtx_ex(path, (sp_format)f, &A, &info), LA_OK);
            /* general coordinate: always */
            CHECK_STATUS(round_trip(&A, NULL, &B), LA_OK);
            CHECK(sp_same(&A, &B));
            sp_free(&B);
            /* the file's own field and symmetry */
            memset(&o, 0, sizeof o);
            o.field = info.field;
            o.symmetry = info.symmetry;
            o.comment = "written by the round-trip test\nsecond comment line";
            CHECK_STATUS(round_trip(&A, &o, &B), LA_OK);
            CHECK(sp_same(&A, &B));
            sp_free(&B);
            /* array layout (every element) for the small ones */
            if ((double)A.rows * A.cols <= 250000 && info.field != SP_MTX_PATTERN) {
                sp_mat Az;
                o.layout = SP_MTX_ARRAY;
                CHECK_STATUS(round_trip(&A, &o, &B), LA_OK);
                /* the array holds explicit zeros: compare after dropping them */
                CHECK_STATUS(sp_copy(&A, &Az), LA_OK);
                sp_drop(&Az, 0);
                sp_drop(&B, 0);
                CHECK(sp_same(&Az, &B));
                sp_free(&Az);
                sp_free(&B);
            }
            sp_free(&A);
        }
}

TEST(sparse_mtx_write_to_path_and_errors) {
    char path[96];
    int local;
    sp_mat A, B;
    sp_mtx_opts o;
    sprintf(path, "build/sp_mtx_%lx.mtx", (unsigned long)(uintptr_t)&local);
    CHECK_STATUS(sp_read_mtx(MTX_DIR "west0067.mtx", SP_CSC, &A), LA_OK);
    CHECK_STATUS(sp_write_mtx(path, &A), LA_OK);
    CHECK_STATUS(sp_read_mtx(path, SP_CSC, &B), LA_OK);
    CHECK(sp_same(&A, &B));
    sp_free(&B);
    memset(&o, 0, sizeof o);
    o.symmetry = SP_MTX_SYMMETRIC; /* west0067 is not symmetric */
    CHECK_STATUS(sp_write_mtx_ex(path, &A, &o), LA_ERR_ARG);
    o.symmetry = SP_MTX_GENERAL;
    o.field = SP_MTX_INTEGER; /* nor integer */
    CHECK_STATUS(sp_write_mtx_ex(path, &A, &o), LA_ERR_ARG);
    o.field = SP_MTX_PATTERN;
    o.layout = SP_MTX_ARRAY;
    CHECK_STATUS(sp_write_mtx_ex(path, &A, &o), LA_ERR_ARG);
    CHECK_STATUS(sp_write_mtx("build/no/such/directory/x.mtx", &A), LA_ERR_IO);
    CHECK_STATUS(sp_write_mtx(NULL, &A), LA_ERR_ARG);
    CHECK_STATUS(sp_write_mtx(path, NULL), LA_ERR_ARG);
    sp_free(&A);
    /* a rectangular matrix cannot be written as symmetric */
    CHECK_STATUS(sp_read_mtx(MTX_DIR "lp_afiro.mtx", SP_CSR, &A), LA_OK);
    o.layout = SP_MTX_COORDINATE;
    o.field = SP_MTX_REAL;
    o.symmetry = SP_MTX_SKEW;
    CHECK_STATUS(sp_write_mtx_ex(path, &A, &o), LA_ERR_ARG);
    sp_free(&A);
    remove(path);
    CHECK_STATUS(sp_read_mtx("tests/data/mtx/no_such_file.mtx", SP_CSR, &A), LA_ERR_IO);
    CHECK(A.ptr == NULL);
    CHECK_STATUS(sp_read_mtx(NULL, SP_CSR, &A), LA_ERR_ARG);
    CHECK_STATUS(sp_read_mtx(MTX_DIR "full.mtx", (sp_format)4, &A), LA_ERR_ARG);
    CHECK_STATUS(sp_read_mtx(MTX_DIR "full.mtx", SP_CSR, NULL), LA_ERR_ARG);
}

TEST(sparse_mtx_every_bad_file_refused) {
    static const struct {
        const char *file;
        long line;
    } bad[] = {{"zero_bytes.mtx", 1},         {"bad_banner.mtx", 1},          {"bad_object.mtx", 1},
               {"no_banner.mtx", 1},          {"bad_symmetry.mtx", 1},        {"symmetric_nonsquare.mtx", 2},
               {"pattern_array.mtx", 1},      {"complex_coordinate.mtx", 1},  {"complex_array.mtx", 1},
               {"missing_size_line.mtx", 4},  {"short_size_line.mtx", 2},     {"count_fewer_present.mtx", 6},
               {"count_more_present.mtx", 5}, {"row_out_of_range.mtx", 4},    {"col_out_of_range.mtx", 4},
               {"index_zero.mtx", 4},         {"index_negative.mtx", 4},      {"index_overflow.mtx", 4},
               {"index_not_integer.mtx", 4},  {"truncated_line.mtx", 6},      {"missing_value.mtx", 4},
               {"non_numeric_value.mtx", 4},  {"negative_rows.mtx", 2},       {"negative_nnz.mtx", 2},
               {"huge_nnz.mtx", 2},           {"huge_rows.mtx", 2},           {"huge_array.mtx", 2},
               {"array_truncated.mtx", 11},   {"binary_garbage.mtx", 1}};
    size_t k;
    int f;
    CHECK_INT(sizeof bad / sizeof bad[0], 29); /* every file of tests/data/mtx/bad */
    for (k = 0; k < sizeof bad / sizeof bad[0]; ++k)
        for (f = 0; f < 2; ++f) {
            char path[128];
            sp_mat A;
            sp_mtx_info info;
            la_status st;
            sprintf(path, MTX_DIR "bad/%s", bad[k].file);
            A.ptr = (la_int *)path; /* garbage the reader must replace */
            A.nnz = 99;
            st = sp_read_mtx_ex(path, (sp_format)f, &A, &info);
            CHECK(st == LA_ERR_FORMAT || st == LA_ERR_IO);
            if (st != LA_ERR_FORMAT && st != LA_ERR_IO) printf("  %s: %s\n", bad[k].file, la_strerror(st));
            CHECK_INT(info.line, bad[k].line);
            if (info.line != bad[k].line) printf("  %s: %s\n", bad[k].file, info.reason);
            CHECK(info.reason != NULL && strcmp(info.reason, "ok") != 0);
            CHECK(A.ptr == NULL && A.idx == NULL && A.val == NULL && A.nnz == 0);
            sp_free(&A);
        }
}

TEST(sparse_mtx_lenient_layout) {
    /* blank lines, comments between entries, CRLF ends, upper-case keywords */
    const char *text = "%%MatrixMarket MATRIX Coordinate Real General\r\n% c\r\n\r\n2 3 3\r\n"
                       "1 1 1.5\r\n% between\r\n\r\n2 3 -2e3\r\n  1   3   4  \r\n% end\r\n\r\n";
    FILE *f = tmpfile();
    sp_mat A;
    sp_mtx_info info;
    if (!f) {
        CHECK(f != NULL);
        return;
    }
    fputs(text, f);
    rewind(f);
    CHECK_STATUS(sp_read_mtx_file(f, SP_CSR, &A, &info), LA_OK);
    CHECK(A.nnz == 3 && A.val[0] == (la_real)1.5 && A.val[1] == 4 && A.val[2] == (la_real)-2e3);
    sp_free(&A);
    fclose(f);
    /* a line over the format's 1024 characters is refused with its number */
    f = tmpfile();
    if (!f) return;
    {
        int i;
        fputs("%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 ", f);
        for (i = 0; i < 1100; ++i) fputc('1', f);
        fputs("\n", f);
    }
    rewind(f);
    CHECK_STATUS(sp_read_mtx_file(f, SP_CSR, &A, &info), LA_ERR_FORMAT);
    CHECK_INT(info.line, 3);
    fclose(f);
}

/* Read `text` as a Matrix Market stream (the in-memory counterpart of the
 * files of tests/data/mtx/bad). A is first filled with garbage the reader
 * must replace. Returns the status (LA_ERR_IO if no temporary file). */
static la_status read_text(const char *text, sp_format format, sp_mat *A, sp_mtx_info *info) {
    FILE *f = tmpfile();
    la_status st;
    A->ptr = (la_int *)(void *)info; /* garbage */
    A->nnz = 99;
    if (!f) return LA_ERR_IO;
    fputs(text, f);
    rewind(f);
    st = sp_read_mtx_file(f, format, A, info);
    fclose(f);
    return st;
}

/* Header and entry rules the reader enforces, each refused with
 * LA_ERR_FORMAT, the number of the offending line, its reason and an empty
 * matrix, in both formats: a pattern file cannot be skew-symmetric (there
 * is no value to negate), a size line must hold integers in range (also
 * after comments and blank lines, which count as lines), and a
 * skew-symmetric matrix has a zero diagonal (an explicit 0 is accepted). */
TEST(sparse_mtx_skew_pattern_size_line_and_diagonal_refused) {
    static const struct {
        const char *text;
        long line;
        const char *reason;
    } bad[] = {
        {"%%MatrixMarket matrix coordinate pattern skew-symmetric\n2 2 1\n2 1\n", 1,
         "pattern field cannot be skew-symmetric"},
        {"%%MatrixMarket matrix coordinate real general\n% a comment\n\n3 x 2\n1 1 1\n", 4,
         "size line is not integers in range"},
        {"%%MatrixMarket matrix coordinate real general\n3 3 1.5\n1 1 1\n", 2,
         "size line is not integers in range"},
        {"%%MatrixMarket matrix coordinate real general\n99999999999999999999 3 1\n1 1 1\n", 2,
         "size line is not integers in range"},
        {"%%MatrixMarket matrix array real general\n% c\n2 2e0\n1\n2\n3\n4\n", 3,
         "size line is not integers in range"},
        {"%%MatrixMarket matrix coordinate real skew-symmetric\n3 3 3\n2 1 1.5\n3 3 0\n2 2 -4\n", 5,
         "nonzero diagonal entry in a skew-symmetric matrix"},
        {"%%MatrixMarket matrix coordinate integer skew-symmetric\n% c\n2 2 1\n1 1 7\n", 4,
         "nonzero diagonal entry in a skew-symmetric matrix"}};
    size_t k;
    int f;
    for (k = 0; k < sizeof bad / sizeof bad[0]; ++k)
        for (f = 0; f < 2; ++f) {
            sp_mat A;
            sp_mtx_info info;
            CHECK_STATUS(read_text(bad[k].text, (sp_format)f, &A, &info), LA_ERR_FORMAT);
            CHECK_INT(info.line, bad[k].line);
            CHECK(info.reason != NULL && strcmp(info.reason, bad[k].reason) == 0);
            if (info.reason && strcmp(info.reason, bad[k].reason) != 0) printf("  case %d: %s\n", (int)k, info.reason);
            CHECK(A.ptr == NULL && A.idx == NULL && A.val == NULL && A.nnz == 0);
            sp_free(&A);
        }
    /* the header fields are filled as far as they were read */
    {
        sp_mat A;
        sp_mtx_info info;
        read_text(bad[0].text, SP_CSR, &A, &info);
        CHECK(info.field == SP_MTX_PATTERN && info.symmetry == SP_MTX_SKEW && info.layout == SP_MTX_COORDINATE);
        read_text(bad[5].text, SP_CSR, &A, &info);
        CHECK(info.rows == 3 && info.cols == 3 && info.entries == 3);
    }
    /* the same skew file with a zero diagonal entry: accepted, the explicit
       zero kept once, the off-diagonal entry mirrored with its sign flipped */
    for (f = 0; f < 2; ++f) {
        sp_mat A;
        sp_mtx_info info;
        la_mat D = tu_mat(3, 3, 0);
        CHECK_STATUS(read_text("%%MatrixMarket matrix coordinate real skew-symmetric\n3 3 2\n2 1 1.5\n3 3 0\n",
                               (sp_format)f, &A, &info),
                     LA_OK);
        CHECK(info.line == 0 && strcmp(info.reason, "ok") == 0);
        CHECK_INT(A.nnz, 3);
        CHECK_STATUS(sp_to_dense(&A, D), LA_OK);
        CHECK(LA_AT(D, 1, 0) == (la_real)1.5 && LA_AT(D, 0, 1) == (la_real)-1.5 && tu_max_abs(D) == 1.5);
        tu_free(D.data);
        sp_free(&A);
    }
}

/* The writer refuses with LA_ERR_ARG, before writing anything (an open
 * stream stays empty, a path is not created): a skew-symmetric output of a
 * matrix whose off-diagonal part is skew but whose diagonal is not zero,
 * a symmetric or skew output of a matrix whose mirrored entries are both
 * present but do not match (from a CSC matrix as given and from a CSR
 * one, copied to CSC first), the pattern field with skew symmetry (which
 * the reader would refuse too), and a layout, field or symmetry outside
 * its enumeration. With the diagonal zeroed the skew matrix is written and
 * read back. */
TEST(sparse_mtx_write_refuses_skew_diagonal_and_skew_pattern) {
    /* [3 -1 0; 1 0 -2; 0 2 0]: skew off the diagonal, A(0,0) = 3 */
    la_int ri[5] = {0, 1, 0, 2, 1}, ci[5] = {0, 0, 1, 1, 2};
    la_real v[5] = {3, 1, -1, 2, -2};
    char path[96];
    int local, f;
    sprintf(path, "build/sp_mtx_skew_%lx.mtx", (unsigned long)(uintptr_t)&local);
    remove(path);
    for (f = 0; f < 2; ++f) {
        sp_mat A, B;
        sp_mtx_opts o;
        FILE *s = tmpfile(), *g;
        if (!s) {
            CHECK(s != NULL);
            return;
        }
        CHECK_STATUS(sp_from_triplets(3, 3, 5, ri, ci, v, (sp_format)f, &A), LA_OK);
        memset(&o, 0, sizeof o);
        o.symmetry = SP_MTX_SKEW;
        CHECK_STATUS(sp_write_mtx_file(s, &A, &o), LA_ERR_ARG);
        CHECK(ftell(s) == 0);
        CHECK_STATUS(sp_write_mtx_ex(path, &A, &o), LA_ERR_ARG);
        g = fopen(path, "rb");
        CHECK(g == NULL);
        if (g) fclose(g);
        /* A(0,0) = 0 (an explicit zero): now skew-symmetric */
        A.val[0] = 0;
        CHECK_STATUS(sp_write_mtx_file(s, &A, &o), LA_OK);
        /* skew pattern: refused even though A is skew */
        {
            long end = ftell(s);
            o.field = SP_MTX_PATTERN;
            CHECK_STATUS(sp_write_mtx_file(s, &A, &o), LA_ERR_ARG);
            CHECK(ftell(s) == end);
            CHECK_STATUS(sp_write_mtx_ex(path, &A, &o), LA_ERR_ARG);
            g = fopen(path, "rb");
            CHECK(g == NULL);
            if (g) fclose(g);
        }
        /* options outside their enumerations */
        {
            long end = ftell(s);
            sp_mtx_opts bad;
            int c;
            for (c = 0; c < 3; ++c) {
                memset(&bad, 0, sizeof bad);
                if (c == 0) bad.layout = (sp_mtx_layout)2;
                if (c == 1) bad.field = (sp_mtx_field)3;
                if (c == 2) bad.symmetry = (sp_mtx_symmetry)3;
                CHECK_STATUS(sp_write_mtx_file(s, &A, &bad), LA_ERR_ARG);
            }
            CHECK(ftell(s) == end);
        }
        rewind(s);
        CHECK_STATUS(sp_read_mtx_file(s, (sp_format)f, &B, NULL), LA_OK);
        /* the strictly lower triangle was written: the explicit zero is gone */
        CHECK_STATUS(sp_drop(&A, 0), LA_OK);
        CHECK(sp_same(&A, &B));
        sp_free(&B);
        sp_free(&A);
        fclose(s);
    }
    /* mirrored entries present but unequal: [0 2; 3 0] is neither symmetric
       nor skew, [0 2; 2 0] not skew, [0 2; -2 0] not symmetric */
    for (f = 0; f < 2; ++f) {
        static const double lower[3] = {3, 2, -2};
        static const sp_mtx_symmetry sym[3] = {SP_MTX_SYMMETRIC, SP_MTX_SKEW, SP_MTX_SYMMETRIC};
        la_int r2[2] = {0, 1}, c2[2] = {1, 0};
        int c;
        for (c = 0; c < 4; ++c) {
            la_real v2[2];
            sp_mat A;
            sp_mtx_opts o;
            FILE *s = tmpfile();
            if (!s) return;
            v2[0] = 2;
            v2[1] = (la_real)lower[c < 3 ? c : 0];
            CHECK_STATUS(sp_from_triplets(2, 2, 2, r2, c2, v2, (sp_format)f, &A), LA_OK);
            memset(&o, 0, sizeof o);
            o.symmetry = c < 3 ? sym[c] : SP_MTX_SKEW;
            CHECK_STATUS(sp_write_mtx_file(s, &A, &o), LA_ERR_ARG);
            CHECK(ftell(s) == 0);
            sp_free(&A);
            fclose(s);
        }
    }
}

#endif /* LA_NO_STDIO */

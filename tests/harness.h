/* harness.h - the toolkit's own minimal test harness (no dependency).
 *
 * A test file defines cases with TEST(name) { ... } at the start of a line;
 * the Makefile collects every TEST(...) of tests/test_*.c into a registry,
 * so adding a case needs no list to edit. Inside a case, CHECK* macros
 * record one check each; a failing check prints one line with file:line and
 * the values involved. The runner ends with the line "N passed, N failed"
 * (counting checks) and exits non-zero if any check failed.
 *
 *     ./run_tests            every case
 *     ./run_tests chol lu    the cases whose name contains "chol" or "lu"
 *     ./run_tests -v         also print each case's name as it runs
 */
#ifndef TESTS_HARNESS_H
#define TESTS_HARNESS_H

#include "linalg.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
#define TH_EXTERN_C extern "C"
#else
#define TH_EXTERN_C
#endif
#define TEST(name) TH_EXTERN_C void test_##name(void)

void th_check(int ok, const char *file, int line, const char *expr);
void th_check_near(double got, double want, double tol, const char *file, int line,
                   const char *got_expr, const char *want_expr);
void th_check_le(double a, double b, const char *file, int line, const char *a_expr,
                 const char *b_expr);
void th_check_int(long long got, long long want, const char *file, int line, const char *got_expr,
                  const char *want_expr);
void th_check_status(la_status got, la_status want, const char *file, int line,
                     const char *got_expr);
/* Number of checks that failed so far (lets a case stop early). */
int th_failures(void);

/* The condition holds. */
#define CHECK(c) th_check((c) ? 1 : 0, __FILE__, __LINE__, #c)
/* |got - want| <= tol (NaN fails). */
#define CHECK_NEAR(got, want, tol) \
    th_check_near((double)(got), (double)(want), (double)(tol), __FILE__, __LINE__, #got, #want)
/* a <= b (NaN fails): use for residual-versus-bound checks. */
#define CHECK_LE(a, b) th_check_le((double)(a), (double)(b), __FILE__, __LINE__, #a, #b)
/* Integer equality. */
#define CHECK_INT(got, want) \
    th_check_int((long long)(got), (long long)(want), __FILE__, __LINE__, #got, #want)
/* A status code equals the expected one (names both on failure). */
#define CHECK_STATUS(got, want) th_check_status((got), (want), __FILE__, __LINE__, #got)

#ifdef __cplusplus
}
#endif

#endif

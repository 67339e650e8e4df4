/* run_tests.c - runs the registered test cases (see harness.h). */
#include <stdio.h>
#include <string.h>
#include <math.h>
#include "harness.h"

static long th_passed = 0, th_failed = 0;

#ifdef __cplusplus
extern "C" {
#endif

#define TH_CASE(name) void test_##name(void);
#include "registry.h"
#undef TH_CASE

void th_check(int ok, const char *file, int line, const char *expr) {
    if (ok) {
        ++th_passed;
        return;
    }
    ++th_failed;
    printf("%s:%d: FAILED %s\n", file, line, expr);
}

void th_check_near(double got, double want, double tol, const char *file, int line,
                   const char *got_expr, const char *want_expr) {
    double d = fabs(got - want);
    if (d <= tol) {
        ++th_passed;
        return;
    }
    ++th_failed;
    printf("%s:%d: FAILED %s = %.17g, %s = %.17g, |difference| %.3g > tolerance %.3g\n", file,
           line, got_expr, got, want_expr, want, d, tol);
}

void th_check_le(double a, double b, const char *file, int line, const char *a_expr,
                 const char *b_expr) {
    if (a <= b) {
        ++th_passed;
        return;
    }
    ++th_failed;
    printf("%s:%d: FAILED %s <= %s: %.6g > %.6g\n", file, line, a_expr, b_expr, a, b);
}

void th_check_int(long long got, long long want, const char *file, int line, const char *got_expr,
                  const char *want_expr) {
    if (got == want) {
        ++th_passed;
        return;
    }
    ++th_failed;
    printf("%s:%d: FAILED %s == %s: %lld != %lld\n", file, line, got_expr, want_expr, got, want);
}

void th_check_status(la_status got, la_status want, const char *file, int line,
                     const char *got_expr) {
    if (got == want) {
        ++th_passed;
        return;
    }
    ++th_failed;
    printf("%s:%d: FAILED %s returned \"%s\", expected \"%s\"\n", file, line, got_expr,
           la_strerror(got), la_strerror(want));
}

int th_failures(void) { return (int)th_failed; }

#ifdef __cplusplus
}
#endif

typedef struct {
    const char *name;
    void (*fn)(void);
} th_case;

static const th_case th_cases[] = {
#define TH_CASE(name) {#name, test_##name},
#include "registry.h"
#undef TH_CASE
    {NULL, NULL}};

int main(int argc, char **argv) {
    int i, a, verbose = 0, nfilters = 0, ncases = 0;
    for (a = 1; a < argc; ++a) {
        if (strcmp(argv[a], "-v") == 0)
            verbose = 1;
        else
            ++nfilters;
    }
    for (i = 0; th_cases[i].name; ++i) {
        int run = nfilters == 0;
        for (a = 1; a < argc && !run; ++a)
            if (strcmp(argv[a], "-v") != 0 && strstr(th_cases[i].name, argv[a])) run = 1;
        if (!run) continue;
        if (verbose) {
            printf("%s\n", th_cases[i].name);
            fflush(stdout);
        }
        th_cases[i].fn();
        ++ncases;
    }
    if (verbose) printf("%d cases\n", ncases);
    printf("%ld passed, %ld failed\n", th_passed, th_failed);
    return th_failed ? 1 : 0;
}

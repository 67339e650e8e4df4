/* The NIST StRD problems of the tests, compiled into bench_lsq. */
#include "tests/nist.c"

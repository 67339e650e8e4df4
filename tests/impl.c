/* impl.c - the one translation unit that holds the toolkit's definitions for
 * the tests (every test file includes the headers for declarations only). */
#define LA_IMPLEMENTATION
#define SP_IMPLEMENTATION
#define OPT_IMPLEMENTATION
#include "linalg.h"
#include "sparse.h"
#include "opt.h"

/* The toolkit compiled a second time, privately (LA_STATIC), with the
 * LAPACKE/CBLAS backends, for bench_chol.c. */
#define LA_STATIC
#define LA_USE_CBLAS
#define LA_USE_LAPACKE
#define LA_IMPLEMENTATION
#include "linalg.h"

la_status bench_chol_lapacke(la_mat A);
la_status bench_chol_lapacke(la_mat A) { return la_chol(A); }

/* sparse.h - sparse matrices and sparse recovery in one header (C99), built
 * on linalg.h.
 *
 * HOW TO USE
 *   Keep linalg.h beside this file. In exactly ONE .c file write
 *
 *       #define SP_IMPLEMENTATION       (also defines LA_IMPLEMENTATION)
 *       #include "sparse.h"
 *
 *   and include "sparse.h" without the macro elsewhere. Link with -lm.
 *
 * TABLE OF CONTENTS
 *    1. Sparse matrix types
 */
#ifndef SPARSE_H
#define SPARSE_H

#if defined(SP_IMPLEMENTATION) && !defined(LA_IMPLEMENTATION)
#define LA_IMPLEMENTATION
#endif
#include "linalg.h"

#ifdef LA_STATIC
#define SP_API LA_API
#else
#define SP_API extern
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================
 * 1. Sparse matrix types
 * ====================================================================== */

typedef enum { SP_CSR = 0, SP_CSC = 1 } sp_format;

/* Compressed sparse rows (CSR: ptr has rows+1 entries, idx holds column
 * indices) or columns (CSC: ptr has cols+1 entries, idx holds row indices). */
typedef struct {
    sp_format format;
    la_int rows, cols, nnz;
    la_int *ptr;
    la_int *idx;
    la_real *val;
} sp_mat;

#ifdef __cplusplus
}
#endif

#endif /* SPARSE_H */

#if defined(SP_IMPLEMENTATION) && !defined(SP__IMPLEMENTATION_DONE)
#define SP__IMPLEMENTATION_DONE

#endif /* SP_IMPLEMENTATION */

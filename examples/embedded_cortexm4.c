/* embedded_cortexm4.c - the toolkit on a microcontroller: float, no malloc,
 * no stdio, all scratch memory from one static arena.
 *
 * A 4-state constant-velocity tracker (position and velocity in x and y)
 * runs a Kalman filter measurement update, which needs the Cholesky factor
 * of the innovation covariance S = H P H^T + R, and then solves a small
 * general linear system for a feedback gain with LU. A least-squares fit
 * with la_lstsq shows where an arena is needed: its scratch comes from
 * `arena_buf`, and `arena.peak` tells how large that buffer must be.
 *
 * Build (see `make embedded`):
 *   arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -Os
 *       -ffunction-sections -fdata-sections -I. examples/embedded_cortexm4.c
 *       --specs=nosys.specs -Wl,--gc-sections -lm
 * The results are left in `results` for a debugger to read; main returns 0
 * when they match the exact values (`make embedded` also runs the program on
 * the host to check that). */
#define LA_REAL float
#define LA_NO_MALLOC
#define LA_NO_STDIO
#define LA_IMPLEMENTATION
#include "linalg.h"

static unsigned char arena_buf[2048];
volatile float results[8];
volatile int status;

/* Kalman update: x <- x + K (z - H x), P <- P - K H P, with K = P H^T S^{-1}
 * computed as (S^{-1} H P)^T through the Cholesky factor of S. */
static la_status kalman_update(float *x, float *P, const float *z) {
    static const float h[2 * 4] = {1, 0, 0, 0, 0, 1, 0, 0}; /* we measure position */
    float PHt[4 * 2], S[2 * 2], HP[2 * 4], innov[2];
    la_mat Pm = la_mat_of(4, 4, P), H = la_mat_of(2, 4, (float *)h);
    la_mat PHtm = la_mat_of(4, 2, PHt), Sm = la_mat_of(2, 2, S), HPm = la_mat_of(2, 4, HP);
    la_status st;
    int i;
    la_gemm(LA_NOTRANS, LA_TRANS, 1, Pm, H, 0, PHtm);   /* P H^T */
    la_gemm(LA_NOTRANS, LA_NOTRANS, 1, H, PHtm, 0, Sm); /* H P H^T */
    S[0] += 0.25f;                                      /* + R */
    S[3] += 0.25f;
    if ((st = la_chol(Sm)) != LA_OK) return st;
    la_mat_transpose(PHtm, HPm);                        /* H P = (P H^T)^T */
    if ((st = la_chol_solve(Sm, HPm)) != LA_OK) return st; /* S^{-1} H P = K^T */
    innov[0] = z[0] - x[0];
    innov[1] = z[1] - x[1];
    la_gemv(LA_TRANS, 1, HPm, innov, 1, x);             /* x += K innov */
    la_gemm(LA_NOTRANS, LA_NOTRANS, -1, PHtm, HPm, 1, Pm); /* P -= K H P */
    for (i = 0; i < 4; ++i) results[i] = x[i];
    return LA_OK;
}

static int close_to(float got, float want) {
    float d = got - want;
    return d < 1e-5f && d > -1e-5f;
}

int main(void) {
    float x[4] = {0, 0, 1, 0.5f};
    float P[16] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 4, 0, 0, 0, 0, 4};
    const float z[2] = {0.9f, 0.4f};
    /* a 3 x 3 system A g = b for a gain, by LU with partial pivoting */
    float a[9] = {0, 2, 1, 3, -1, 2, 1, 1, 4}, b[3] = {3, 4, 6};
    la_int piv[3];
    /* a line through 5 points, by least squares with arena scratch */
    float t[5 * 2] = {1, 0, 1, 1, 1, 2, 1, 3, 1, 4}, y[5] = {1.1f, 2.9f, 5.2f, 7.1f, 8.8f};
    la_arena arena = la_arena_of(arena_buf, sizeof arena_buf);

    status = kalman_update(x, P, z);
    if (status == LA_OK) status = la_lu(la_mat_of(3, 3, a), piv);
    if (status == LA_OK) status = la_lu_solve(la_mat_of(3, 3, a), piv, la_mat_of(3, 1, b));
    results[4] = b[0];
    results[5] = b[1];
    if (status == LA_OK) status = la_lstsq(la_mat_of(5, 2, t), la_mat_of(5, 1, y), &arena);
    results[6] = y[0]; /* intercept */
    results[7] = y[1]; /* slope */
    /* 0 when every result matches its exact value (computed offline):
     * x = (0.72, 0.32, 1, 0.5), g = (1, 1, 1), intercept 1.1, slope 1.96 */
    return status == LA_OK && arena.peak <= sizeof arena_buf && close_to(results[0], 0.72f) &&
                   close_to(results[1], 0.32f) && close_to(results[2], 1) &&
                   close_to(results[3], 0.5f) && close_to(results[4], 1) && close_to(results[5], 1) &&
                   close_to(b[2], 1) && close_to(results[6], 1.1f) && close_to(results[7], 1.96f)
               ? 0
               : 1;
}

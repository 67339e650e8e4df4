/* lu_solve.c - solving a resistor network by LU factorization.
 *
 * Nodal analysis: with node 0 grounded, the voltages v of nodes 1..5 satisfy
 * G v = i, where G(j, j) is the sum of the conductances at node j, G(j, k)
 * is minus the conductance between j and k, and i holds the currents fed
 * into each node. A 2 A source feeds node 1; a 1 A sink draws from node 4.
 * One LU factorization of G then answers several questions: the voltages,
 * det(G), and the condition number estimate that says how many digits the
 * voltages can be trusted to.
 *
 * Build and run from the top of the repository: make examples
 */
#include <stdio.h>
#define LA_IMPLEMENTATION
#include "linalg.h"

#define NODES 5

struct resistor {
    int a, b;     /* nodes (0 is ground) */
    double ohms;
};

int main(void) {
    static const struct resistor net[] = {
        {1, 2, 10.0}, {1, 3, 4.7}, {2, 3, 22.0}, {2, 4, 15.0}, {3, 5, 6.8},
        {4, 5, 33.0}, {4, 0, 47.0}, {5, 0, 12.0}, {1, 0, 100.0}, {2, 0, 68.0},
    };
    la_real g[NODES * NODES] = {0}, v[NODES] = {2.0, 0, 0, -1.0, 0}, lu[NODES * NODES];
    la_real det, rcond, gnorm, logdet, sign;
    la_int piv[NODES];
    la_mat G = la_mat_of(NODES, NODES, g), LU = la_mat_of(NODES, NODES, lu), V = la_mat_of(NODES, 1, v);
    la_status st;
    size_t r;
    int i, j;

    for (r = 0; r < sizeof net / sizeof net[0]; ++r) {
        int a = net[r].a - 1, b = net[r].b - 1;
        la_real c = (la_real)(1 / net[r].ohms);
        if (a >= 0) g[a * NODES + a] += c;
        if (b >= 0) g[b * NODES + b] += c;
        if (a >= 0 && b >= 0) {
            g[a * NODES + b] -= c;
            g[b * NODES + a] -= c;
        }
    }
    gnorm = la_norm_1(G);
    la_mat_copy(G, LU);
    st = la_lu(LU, piv); /* P G = L U */
    if (st != LA_OK) {
        printf("la_lu: %s\n", la_strerror(st));
        return 1;
    }
    la_lu_solve(LU, piv, V);
    la_lu_det(LU, piv, &det);
    la_lu_logdet(LU, piv, &logdet, &sign);
    la_lu_rcond(LU, gnorm, &rcond, NULL);

    printf("node voltages (V):\n");
    for (i = 0; i < NODES; ++i) printf("  v%d = %9.5f\n", i + 1, (double)v[i]);
    printf("det(G) = %.6g S^5 (sign %+.0f, log|det| %.4f)\n", (double)det, (double)sign, (double)logdet);
    printf("estimated condition number ||G||_1 ||G^-1||_1 = %.1f: about %.0f decimal digits of accuracy lost\n",
           1 / (double)rcond, log10(1 / (double)rcond));
    /* Kirchhoff's current law at each node: G v - i should vanish. */
    printf("current balance at each node (A):");
    for (i = 0; i < NODES; ++i) {
        double s = i == 0 ? -2.0 : i == 3 ? 1.0 : 0.0;
        for (j = 0; j < NODES; ++j) s += (double)g[i * NODES + j] * (double)v[j];
        printf(" %.1e", s);
    }
    printf("\n");
    return 0;
}

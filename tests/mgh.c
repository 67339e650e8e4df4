/* mgh.c - the More-Garbow-Hillstrom (1981) test problems; see mgh.h.
 * Problem numbers, starting points and minimum values are those of the
 * paper; dimensions are its standard choices for the variable ones. */
#include <math.h>
#include <string.h>
#include "mgh.h"

#define MGH_PI 3.14159265358979323846

static const mgh_problem mgh_table[] = {
    {1, "Rosenbrock", 2, 2, 1, {0, 0, 0}},
    {2, "Freudenstein and Roth", 2, 2, 2, {0, 48.9842536792400, 0}},
    {3, "Powell badly scaled", 2, 2, 1, {0, 0, 0}},
    {4, "Brown badly scaled", 2, 3, 1, {0, 0, 0}},
    {5, "Beale", 2, 3, 1, {0, 0, 0}},
    {6, "Jennrich and Sampson", 2, 10, 1, {124.362182355, 0, 0}},
    {7, "Helical valley", 3, 3, 1, {0, 0, 0}},
    {8, "Bard", 3, 15, 2, {8.21487730657e-3, 17.4286, 0}},
    {9, "Gaussian", 3, 15, 1, {1.12793276961e-8, 0, 0}},
    {10, "Meyer", 3, 16, 1, {87.9458551, 0, 0}},
    {11, "Gulf research and development", 3, 99, 1, {0, 0, 0}},
    {12, "Box three-dimensional", 3, 10, 1, {0, 0, 0}},
    {13, "Powell singular", 4, 4, 1, {0, 0, 0}},
    {14, "Wood", 4, 6, 1, {0, 0, 0}},
    {15, "Kowalik and Osborne", 4, 11, 2, {3.07505603849e-4, 1.02734e-3, 0}},
    {16, "Brown and Dennis", 4, 20, 1, {85822.2016263563, 0, 0}},
    {17, "Osborne 1", 5, 33, 1, {5.46489469748e-5, 0, 0}},
    {18, "Biggs EXP6", 6, 13, 2, {0, 5.65565e-3, 0}},
    {19, "Osborne 2", 11, 65, 1, {4.01377362935e-2, 0, 0}},
    {20, "Watson", 6, 31, 1, {2.28767005355e-3, 0, 0}},
    {21, "Extended Rosenbrock", 10, 10, 1, {0, 0, 0}},
    {22, "Extended Powell singular", 12, 12, 1, {0, 0, 0}},
    {23, "Penalty I", 10, 11, 1, {7.08765146382e-5, 0, 0}},
    {24, "Penalty II", 10, 20, 1, {2.93660660400e-4, 0, 0}},
    {25, "Variably dimensioned", 10, 12, 1, {0, 0, 0}},
    {26, "Trigonometric", 10, 10, 2, {0, 2.79506e-5, 0}},
    {27, "Brown almost-linear", 10, 10, 2, {0, 1, 0}},
    {28, "Discrete boundary value", 10, 10, 1, {0, 0, 0}},
    {29, "Discrete integral equation", 10, 10, 1, {0, 0, 0}},
    {30, "Broyden tridiagonal", 10, 10, 1, {0, 0, 0}},
    {31, "Broyden banded", 10, 10, 1, {0, 0, 0}},
    {32, "Linear function - full rank", 10, 20, 1, {10, 0, 0}},
    {33, "Linear function - rank 1", 10, 20, 1, {380.0 / 82.0, 0, 0}},
    {34, "Linear function - rank 1 with zero columns and rows", 10, 20, 1,
     {454.0 / 74.0, 0, 0}},
    {35, "Chebyquad", 8, 8, 1, {3.51687372568e-3, 0, 0}},
};

int mgh_count(void) { return (int)(sizeof mgh_table / sizeof mgh_table[0]); }

const mgh_problem *mgh_get(int k) {
    return k >= 0 && k < mgh_count() ? &mgh_table[k] : NULL;
}

const mgh_problem *mgh_find(int id) {
    int k;
    for (k = 0; k < mgh_count(); ++k)
        if (mgh_table[k].id == id) return &mgh_table[k];
    return NULL;
}

static const double mgh_bard_y[15] = {0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39,
                                      0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39};
static const double mgh_gauss_y[15] = {0.0009, 0.0044, 0.0175, 0.0540, 0.1295,
                                       0.2420, 0.3521, 0.3989, 0.3521, 0.2420,
                                       0.1295, 0.0540, 0.0175, 0.0044, 0.0009};
static const double mgh_meyer_y[16] = {34780, 28610, 23650, 19630, 16370, 13720,
                                       11540, 9744,  8261,  7030,  6005,  5147,
                                       4427,  3820,  3307,  2872};
static const double mgh_kow_y[11] = {0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627,
                                     0.0456, 0.0342, 0.0323, 0.0235, 0.0246};
static const double mgh_kow_u[11] = {4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625};
static const double mgh_osb1_y[33] = {
    0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751,
    0.718, 0.685, 0.658, 0.628, 0.603, 0.580, 0.558, 0.538, 0.522, 0.506, 0.490,
    0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406};
static const double mgh_osb2_y[65] = {
    1.366, 1.191, 1.112, 1.013, 0.991, 0.885, 0.831, 0.847, 0.786, 0.725, 0.746, 0.679, 0.608,
    0.655, 0.616, 0.606, 0.602, 0.626, 0.651, 0.724, 0.649, 0.649, 0.694, 0.644, 0.624, 0.661,
    0.612, 0.558, 0.533, 0.495, 0.500, 0.423, 0.395, 0.375, 0.372, 0.391, 0.396, 0.405, 0.428,
    0.429, 0.523, 0.562, 0.607, 0.653, 0.672, 0.708, 0.633, 0.668, 0.645, 0.632, 0.591, 0.559,
    0.597, 0.625, 0.739, 0.710, 0.729, 0.720, 0.636, 0.581, 0.428, 0.292, 0.162, 0.098, 0.054};

void mgh_start(const mgh_problem *p, double *x) {
    int j, n = p->n;
    double h = 1.0 / (n + 1);
    static const double osb2[11] = {1.3, 0.65, 0.65, 0.7, 0.6, 3, 5, 7, 2, 4.5, 5.5};
    switch (p->id) {
    case 1: x[0] = -1.2; x[1] = 1; break;
    case 2: x[0] = 0.5; x[1] = -2; break;
    case 3: x[0] = 0; x[1] = 1; break;
    case 4: case 5: x[0] = 1; x[1] = 1; break;
    case 6: x[0] = 0.3; x[1] = 0.4; break;
    case 7: x[0] = -1; x[1] = 0; x[2] = 0; break;
    case 8: x[0] = 1; x[1] = 1; x[2] = 1; break;
    case 9: x[0] = 0.4; x[1] = 1; x[2] = 0; break;
    case 10: x[0] = 0.02; x[1] = 4000; x[2] = 250; break;
    case 11: x[0] = 5; x[1] = 2.5; x[2] = 0.15; break;
    case 12: x[0] = 0; x[1] = 10; x[2] = 20; break;
    case 13: x[0] = 3; x[1] = -1; x[2] = 0; x[3] = 1; break;
    case 14: x[0] = -3; x[1] = -1; x[2] = -3; x[3] = -1; break;
    case 15: x[0] = 0.25; x[1] = 0.39; x[2] = 0.415; x[3] = 0.39; break;
    case 16: x[0] = 25; x[1] = 5; x[2] = -5; x[3] = -1; break;
    case 17: x[0] = 0.5; x[1] = 1.5; x[2] = -1; x[3] = 0.01; x[4] = 0.02; break;
    case 18: x[0] = 1; x[1] = 2; for (j = 2; j < 6; ++j) x[j] = 1; break;
    case 19: for (j = 0; j < 11; ++j) x[j] = osb2[j]; break;
    case 20: for (j = 0; j < n; ++j) x[j] = 0; break;
    case 21: for (j = 0; j < n; j += 2) { x[j] = -1.2; x[j + 1] = 1; } break;
    case 22:
        for (j = 0; j < n; j += 4) { x[j] = 3; x[j + 1] = -1; x[j + 2] = 0; x[j + 3] = 1; }
        break;
    case 23: for (j = 0; j < n; ++j) x[j] = j + 1; break;
    case 24: case 27: for (j = 0; j < n; ++j) x[j] = 0.5; break;
    case 25: for (j = 0; j < n; ++j) x[j] = 1 - (double)(j + 1) / n; break;
    case 26: for (j = 0; j < n; ++j) x[j] = 1.0 / n; break;
    case 28: case 29:
        for (j = 0; j < n; ++j) { double t = (j + 1) * h; x[j] = t * (t - 1); }
        break;
    case 30: case 31: for (j = 0; j < n; ++j) x[j] = -1; break;
    case 32: case 33: case 34: for (j = 0; j < n; ++j) x[j] = 1; break;
    case 35: for (j = 0; j < n; ++j) x[j] = (j + 1) * h; break;
    default: for (j = 0; j < n; ++j) x[j] = 0; break;
    }
}

/* Element (i, j) of the row-major m x n Jacobian, when it is wanted. */
#define MGH_J(i, j) J[(size_t)(i) * (size_t)n + (size_t)(j)]

/* Shifted Chebyshev polynomial T_k(2x - 1) and its derivative in x. */
static void mgh_cheb(int k, double x, double *t, double *dt) {
    double y = 2 * x - 1, t0 = 1, t1 = y, d0 = 0, d1 = 2;
    int i;
    if (k == 0) { *t = 1; *dt = 0; return; }
    for (i = 1; i < k; ++i) {
        double t2 = 2 * y * t1 - t0, d2 = 4 * t1 + 2 * y * d1 - d0;
        t0 = t1; t1 = t2; d0 = d1; d1 = d2;
    }
    *t = t1;
    *dt = d1;
}

void mgh_residuals(const mgh_problem *p, const double *x, double *r, double *J) {
    int i, j, n = p->n, m = p->m;
    if (J) memset(J, 0, (size_t)m * (size_t)n * sizeof(double));
    switch (p->id) {
    case 1:
        r[0] = 10 * (x[1] - x[0] * x[0]);
        r[1] = 1 - x[0];
        if (J) { MGH_J(0, 0) = -20 * x[0]; MGH_J(0, 1) = 10; MGH_J(1, 0) = -1; }
        break;
    case 2:
        r[0] = -13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1];
        r[1] = -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1];
        if (J) {
            MGH_J(0, 0) = 1; MGH_J(0, 1) = 10 * x[1] - 3 * x[1] * x[1] - 2;
            MGH_J(1, 0) = 1; MGH_J(1, 1) = 3 * x[1] * x[1] + 2 * x[1] - 14;
        }
        break;
    case 3:
        r[0] = 1e4 * x[0] * x[1] - 1;
        r[1] = exp(-x[0]) + exp(-x[1]) - 1.0001;
        if (J) {
            MGH_J(0, 0) = 1e4 * x[1]; MGH_J(0, 1) = 1e4 * x[0];
            MGH_J(1, 0) = -exp(-x[0]); MGH_J(1, 1) = -exp(-x[1]);
        }
        break;
    case 4:
        r[0] = x[0] - 1e6;
        r[1] = x[1] - 2e-6;
        r[2] = x[0] * x[1] - 2;
        if (J) { MGH_J(0, 0) = 1; MGH_J(1, 1) = 1; MGH_J(2, 0) = x[1]; MGH_J(2, 1) = x[0]; }
        break;
    case 5: {
        static const double y[3] = {1.5, 2.25, 2.625};
        for (i = 0; i < 3; ++i) {
            double p1 = pow(x[1], i + 1);
            r[i] = y[i] - x[0] * (1 - p1);
            if (J) { MGH_J(i, 0) = -(1 - p1); MGH_J(i, 1) = x[0] * (i + 1) * pow(x[1], i); }
        }
        break;
    }
    case 6:
        for (i = 0; i < m; ++i) {
            double k = i + 1, e1 = exp(k * x[0]), e2 = exp(k * x[1]);
            r[i] = 2 + 2 * k - (e1 + e2);
            if (J) { MGH_J(i, 0) = -k * e1; MGH_J(i, 1) = -k * e2; }
        }
        break;
    case 7: {
        double rho2 = x[0] * x[0] + x[1] * x[1], rho = sqrt(rho2), theta;
        if (x[0] > 0)
            theta = atan(x[1] / x[0]) / (2 * MGH_PI);
        else if (x[0] < 0)
            theta = atan(x[1] / x[0]) / (2 * MGH_PI) + 0.5;
        else
            theta = 0.25;
        r[0] = 10 * (x[2] - 10 * theta);
        r[1] = 10 * (rho - 1);
        r[2] = x[2];
        if (J) {
            MGH_J(0, 0) = 100 * x[1] / (2 * MGH_PI * rho2);
            MGH_J(0, 1) = -100 * x[0] / (2 * MGH_PI * rho2);
            MGH_J(0, 2) = 10;
            MGH_J(1, 0) = 10 * x[0] / rho;
            MGH_J(1, 1) = 10 * x[1] / rho;
            MGH_J(2, 2) = 1;
        }
        break;
    }
    case 8:
        for (i = 0; i < 15; ++i) {
            double u = i + 1, v = 15 - i, w = u < v ? u : v, den = v * x[1] + w * x[2];
            r[i] = mgh_bard_y[i] - (x[0] + u / den);
            if (J) {
                MGH_J(i, 0) = -1;
                MGH_J(i, 1) = u * v / (den * den);
                MGH_J(i, 2) = u * w / (den * den);
            }
        }
        break;
    case 9:
        for (i = 0; i < 15; ++i) {
            double t = (7 - i) / 2.0, d = t - x[2], e = exp(-x[1] * d * d / 2);
            r[i] = x[0] * e - mgh_gauss_y[i];
            if (J) {
                MGH_J(i, 0) = e;
                MGH_J(i, 1) = -x[0] * e * d * d / 2;
                MGH_J(i, 2) = x[0] * e * x[1] * d;
            }
        }
        break;
    case 10:
        for (i = 0; i < 16; ++i) {
            double t = 45 + 5 * (i + 1), den = t + x[2], e = exp(x[1] / den);
            r[i] = x[0] * e - mgh_meyer_y[i];
            if (J) {
                MGH_J(i, 0) = e;
                MGH_J(i, 1) = x[0] * e / den;
                MGH_J(i, 2) = -x[0] * e * x[1] / (den * den);
            }
        }
        break;
    case 11:
        for (i = 0; i < m; ++i) {
            double t = (i + 1) / 100.0, y = 25 + pow(-50 * log(t), 2.0 / 3.0);
            double a = fabs(y - x[1]), pw = pow(a, x[2]), e = exp(-pw / x[0]);
            r[i] = e - t;
            if (J) {
                MGH_J(i, 0) = e * pw / (x[0] * x[0]);
                MGH_J(i, 1) = a > 0 ? e * x[2] * pow(a, x[2] - 1) * (y > x[1] ? 1 : -1) / x[0] : 0;
                MGH_J(i, 2) = a > 0 ? -e * pw * log(a) / x[0] : 0;
            }
        }
        break;
    case 12:
        for (i = 0; i < m; ++i) {
            double t = 0.1 * (i + 1), e1 = exp(-t * x[0]), e2 = exp(-t * x[1]);
            double c = exp(-t) - exp(-10 * t);
            r[i] = e1 - e2 - x[2] * c;
            if (J) { MGH_J(i, 0) = -t * e1; MGH_J(i, 1) = t * e2; MGH_J(i, 2) = -c; }
        }
        break;
    case 13:
    case 22:
        for (j = 0; j + 3 < n; j += 4) {
            double a = x[j + 1] - 2 * x[j + 2], b = x[j] - x[j + 3];
            r[j] = x[j] + 10 * x[j + 1];
            r[j + 1] = sqrt(5.0) * (x[j + 2] - x[j + 3]);
            r[j + 2] = a * a;
            r[j + 3] = sqrt(10.0) * b * b;
            if (J) {
                MGH_J(j, j) = 1; MGH_J(j, j + 1) = 10;
                MGH_J(j + 1, j + 2) = sqrt(5.0); MGH_J(j + 1, j + 3) = -sqrt(5.0);
                MGH_J(j + 2, j + 1) = 2 * a; MGH_J(j + 2, j + 2) = -4 * a;
                MGH_J(j + 3, j) = 2 * sqrt(10.0) * b; MGH_J(j + 3, j + 3) = -2 * sqrt(10.0) * b;
            }
        }
        break;
    case 14:
        r[0] = 10 * (x[1] - x[0] * x[0]);
        r[1] = 1 - x[0];
        r[2] = sqrt(90.0) * (x[3] - x[2] * x[2]);
        r[3] = 1 - x[2];
        r[4] = sqrt(10.0) * (x[1] + x[3] - 2);
        r[5] = (x[1] - x[3]) / sqrt(10.0);
        if (J) {
            MGH_J(0, 0) = -20 * x[0]; MGH_J(0, 1) = 10;
            MGH_J(1, 0) = -1;
            MGH_J(2, 2) = -2 * sqrt(90.0) * x[2]; MGH_J(2, 3) = sqrt(90.0);
            MGH_J(3, 2) = -1;
            MGH_J(4, 1) = sqrt(10.0); MGH_J(4, 3) = sqrt(10.0);
            MGH_J(5, 1) = 1 / sqrt(10.0); MGH_J(5, 3) = -1 / sqrt(10.0);
        }
        break;
    case 15:
        for (i = 0; i < 11; ++i) {
            double u = mgh_kow_u[i], num = u * u + u * x[1], den = u * u + u * x[2] + x[3];
            r[i] = mgh_kow_y[i] - x[0] * num / den;
            if (J) {
                MGH_J(i, 0) = -num / den;
                MGH_J(i, 1) = -x[0] * u / den;
                MGH_J(i, 2) = x[0] * num * u / (den * den);
                MGH_J(i, 3) = x[0] * num / (den * den);
            }
        }
        break;
    case 16:
        for (i = 0; i < m; ++i) {
            double t = (i + 1) / 5.0, a = x[0] + t * x[1] - exp(t);
            double b = x[2] + x[3] * sin(t) - cos(t);
            r[i] = a * a + b * b;
            if (J) {
                MGH_J(i, 0) = 2 * a; MGH_J(i, 1) = 2 * a * t;
                MGH_J(i, 2) = 2 * b; MGH_J(i, 3) = 2 * b * sin(t);
            }
        }
        break;
    case 17:
        for (i = 0; i < 33; ++i) {
            double t = 10.0 * i, e4 = exp(-t * x[3]), e5 = exp(-t * x[4]);
            r[i] = mgh_osb1_y[i] - (x[0] + x[1] * e4 + x[2] * e5);
            if (J) {
                MGH_J(i, 0) = -1; MGH_J(i, 1) = -e4; MGH_J(i, 2) = -e5;
                MGH_J(i, 3) = x[1] * t * e4; MGH_J(i, 4) = x[2] * t * e5;
            }
        }
        break;
    case 18:
        for (i = 0; i < m; ++i) {
            double t = 0.1 * (i + 1), y = exp(-t) - 5 * exp(-10 * t) + 3 * exp(-4 * t);
            double e1 = exp(-t * x[0]), e2 = exp(-t * x[1]), e5 = exp(-t * x[4]);
            r[i] = x[2] * e1 - x[3] * e2 + x[5] * e5 - y;
            if (J) {
                MGH_J(i, 0) = -t * x[2] * e1; MGH_J(i, 1) = t * x[3] * e2;
                MGH_J(i, 2) = e1; MGH_J(i, 3) = -e2;
                MGH_J(i, 4) = -t * x[5] * e5; MGH_J(i, 5) = e5;
            }
        }
        break;
    case 19:
        for (i = 0; i < 65; ++i) {
            double t = i / 10.0, d9 = t - x[8], d10 = t - x[9], d11 = t - x[10];
            double e5 = exp(-t * x[4]), e6 = exp(-d9 * d9 * x[5]);
            double e7 = exp(-d10 * d10 * x[6]), e8 = exp(-d11 * d11 * x[7]);
            r[i] = mgh_osb2_y[i] - (x[0] * e5 + x[1] * e6 + x[2] * e7 + x[3] * e8);
            if (J) {
                MGH_J(i, 0) = -e5; MGH_J(i, 1) = -e6; MGH_J(i, 2) = -e7; MGH_J(i, 3) = -e8;
                MGH_J(i, 4) = x[0] * t * e5;
                MGH_J(i, 5) = x[1] * d9 * d9 * e6;
                MGH_J(i, 6) = x[2] * d10 * d10 * e7;
                MGH_J(i, 7) = x[3] * d11 * d11 * e8;
                MGH_J(i, 8) = -2 * x[1] * x[5] * d9 * e6;
                MGH_J(i, 9) = -2 * x[2] * x[6] * d10 * e7;
                MGH_J(i, 10) = -2 * x[3] * x[7] * d11 * e8;
            }
        }
        break;
    case 20:
        for (i = 0; i < 29; ++i) {
            double t = (i + 1) / 29.0, s1 = 0, s2 = 0, tp = 1;
            for (j = 1; j < n; ++j) { s1 += j * x[j] * tp; tp *= t; }
            for (j = 0, tp = 1; j < n; ++j) { s2 += x[j] * tp; tp *= t; }
            r[i] = s1 - s2 * s2 - 1;
            if (J) {
                double tm = 1;
                for (j = 0, tp = 1; j < n; ++j) {
                    MGH_J(i, j) = (j > 0 ? j * tm : 0) - 2 * s2 * tp;
                    if (j > 0) tm *= t;
                    tp *= t;
                }
            }
        }
        r[29] = x[0];
        r[30] = x[1] - x[0] * x[0] - 1;
        if (J) { MGH_J(29, 0) = 1; MGH_J(30, 0) = -2 * x[0]; MGH_J(30, 1) = 1; }
        break;
    case 21:
        for (j = 0; j + 1 < n; j += 2) {
            r[j] = 10 * (x[j + 1] - x[j] * x[j]);
            r[j + 1] = 1 - x[j];
            if (J) { MGH_J(j, j) = -20 * x[j]; MGH_J(j, j + 1) = 10; MGH_J(j + 1, j) = -1; }
        }
        break;
    case 23: {
        double sa = sqrt(1e-5), s = 0;
        for (j = 0; j < n; ++j) {
            r[j] = sa * (x[j] - 1);
            s += x[j] * x[j];
            if (J) { MGH_J(j, j) = sa; MGH_J(n, j) = 2 * x[j]; }
        }
        r[n] = s - 0.25;
        break;
    }
    case 24: {
        double sa = sqrt(1e-5), s = 0, e1 = exp(-0.1);
        r[0] = x[0] - 0.2;
        if (J) MGH_J(0, 0) = 1;
        for (i = 1; i < n; ++i) {
            double y = exp((i + 1) / 10.0) + exp(i / 10.0);
            double a = exp(x[i] / 10), b = exp(x[i - 1] / 10);
            r[i] = sa * (a + b - y);
            if (J) { MGH_J(i, i) = sa * a / 10; MGH_J(i, i - 1) = sa * b / 10; }
        }
        for (i = n; i < 2 * n - 1; ++i) {
            double a = exp(x[i - n + 1] / 10);
            r[i] = sa * (a - e1);
            if (J) MGH_J(i, i - n + 1) = sa * a / 10;
        }
        for (j = 0; j < n; ++j) {
            s += (n - j) * x[j] * x[j];
            if (J) MGH_J(2 * n - 1, j) = 2.0 * (n - j) * x[j];
        }
        r[2 * n - 1] = s - 1;
        break;
    }
    case 25: {
        double s = 0;
        for (j = 0; j < n; ++j) {
            r[j] = x[j] - 1;
            s += (j + 1) * (x[j] - 1);
            if (J) MGH_J(j, j) = 1;
        }
        r[n] = s;
        r[n + 1] = s * s;
        if (J)
            for (j = 0; j < n; ++j) { MGH_J(n, j) = j + 1; MGH_J(n + 1, j) = 2 * s * (j + 1); }
        break;
    }
    case 26: {
        double sc = 0;
        for (j = 0; j < n; ++j) sc += cos(x[j]);
        for (i = 0; i < n; ++i) {
            r[i] = n - sc + (i + 1) * (1 - cos(x[i])) - sin(x[i]);
            if (J) {
                for (j = 0; j < n; ++j) MGH_J(i, j) = sin(x[j]);
                MGH_J(i, i) += (i + 1) * sin(x[i]) - cos(x[i]);
            }
        }
        break;
    }
    case 27: {
        double s = 0, prod = 1;
        for (j = 0; j < n; ++j) { s += x[j]; prod *= x[j]; }
        for (i = 0; i < n - 1; ++i) {
            r[i] = x[i] + s - (n + 1);
            if (J) { for (j = 0; j < n; ++j) MGH_J(i, j) = 1; MGH_J(i, i) = 2; }
        }
        r[n - 1] = prod - 1;
        if (J)
            for (j = 0; j < n; ++j) {
                double q = 1;
                int k;
                for (k = 0; k < n; ++k) if (k != j) q *= x[k];
                MGH_J(n - 1, j) = q;
            }
        break;
    }
    case 28: {
        double h = 1.0 / (n + 1);
        for (i = 0; i < n; ++i) {
            double t = (i + 1) * h, c = x[i] + t + 1;
            double xl = i > 0 ? x[i - 1] : 0, xr = i + 1 < n ? x[i + 1] : 0;
            r[i] = 2 * x[i] - xl - xr + h * h * c * c * c / 2;
            if (J) {
                MGH_J(i, i) = 2 + 1.5 * h * h * c * c;
                if (i > 0) MGH_J(i, i - 1) = -1;
                if (i + 1 < n) MGH_J(i, i + 1) = -1;
            }
        }
        break;
    }
    case 29: {
        double h = 1.0 / (n + 1);
        for (i = 0; i < n; ++i) {
            double ti = (i + 1) * h, s1 = 0, s2 = 0;
            for (j = 0; j < n; ++j) {
                double tj = (j + 1) * h, c = x[j] + tj + 1;
                if (j <= i) {
                    s1 += tj * c * c * c;
                    if (J) MGH_J(i, j) = h / 2 * (1 - ti) * tj * 3 * c * c;
                } else {
                    s2 += (1 - tj) * c * c * c;
                    if (J) MGH_J(i, j) = h / 2 * ti * (1 - tj) * 3 * c * c;
                }
            }
            r[i] = x[i] + h * ((1 - ti) * s1 + ti * s2) / 2;
            if (J) MGH_J(i, i) += 1;
        }
        break;
    }
    case 30:
        for (i = 0; i < n; ++i) {
            double xl = i > 0 ? x[i - 1] : 0, xr = i + 1 < n ? x[i + 1] : 0;
            r[i] = (3 - 2 * x[i]) * x[i] - xl - 2 * xr + 1;
            if (J) {
                MGH_J(i, i) = 3 - 4 * x[i];
                if (i > 0) MGH_J(i, i - 1) = -1;
                if (i + 1 < n) MGH_J(i, i + 1) = -2;
            }
        }
        break;
    case 31:
        for (i = 0; i < n; ++i) {
            int lo = i - 5 > 0 ? i - 5 : 0, hi = i + 1 < n - 1 ? i + 1 : n - 1;
            double s = 0;
            for (j = lo; j <= hi; ++j)
                if (j != i) {
                    s += x[j] * (1 + x[j]);
                    if (J) MGH_J(i, j) = -(1 + 2 * x[j]);
                }
            r[i] = x[i] * (2 + 5 * x[i] * x[i]) + 1 - s;
            if (J) MGH_J(i, i) = 2 + 15 * x[i] * x[i];
        }
        break;
    case 32: {
        double s = 0;
        for (j = 0; j < n; ++j) s += x[j];
        for (i = 0; i < m; ++i) {
            r[i] = (i < n ? x[i] : 0) - 2.0 / m * s - 1;
            if (J) {
                for (j = 0; j < n; ++j) MGH_J(i, j) = -2.0 / m;
                if (i < n) MGH_J(i, i) += 1;
            }
        }
        break;
    }
    case 33: {
        double s = 0;
        for (j = 0; j < n; ++j) s += (j + 1) * x[j];
        for (i = 0; i < m; ++i) {
            r[i] = (i + 1) * s - 1;
            if (J) for (j = 0; j < n; ++j) MGH_J(i, j) = (double)(i + 1) * (j + 1);
        }
        break;
    }
    case 34: {
        double s = 0;
        for (j = 1; j < n - 1; ++j) s += (j + 1) * x[j];
        r[0] = -1;
        r[m - 1] = -1;
        for (i = 1; i < m - 1; ++i) {
            r[i] = i * s - 1;
            if (J) for (j = 1; j < n - 1; ++j) MGH_J(i, j) = (double)i * (j + 1);
        }
        break;
    }
    case 35:
        for (i = 0; i < m; ++i) {
            int k = i + 1;
            double s = 0;
            for (j = 0; j < n; ++j) {
                double t, dt;
                mgh_cheb(k, x[j], &t, &dt);
                s += t;
                if (J) MGH_J(i, j) = dt / n;
            }
            r[i] = s / n + (k % 2 == 0 ? 1.0 / ((double)k * k - 1) : 0);
        }
        break;
    default:
        for (i = 0; i < m; ++i) r[i] = 0;
        break;
    }
}

double mgh_value(const mgh_problem *p, const double *x, double *g) {
    double r[MGH_MAXM], J[MGH_MAXM * MGH_MAXN], f = 0;
    int i, j, n = p->n;
    mgh_residuals(p, x, r, g ? J : NULL);
    for (i = 0; i < p->m; ++i) f += r[i] * r[i];
    if (g)
        for (j = 0; j < n; ++j) {
            double s = 0;
            for (i = 0; i < p->m; ++i) s += MGH_J(i, j) * r[i];
            g[j] = 2 * s;
        }
    return f;
}

double mgh_fmin_gap(const mgh_problem *p, double f) {
    double best = HUGE_VAL;
    int k;
    for (k = 0; k < p->nfmin; ++k) {
        double gap = fabs(f - p->fmin[k]) / (p->fmin[k] > 1 ? p->fmin[k] : 1);
        if (gap < best) best = gap;
    }
    return best;
}

la_real mgh_fn(const la_real *x, la_real *g, void *problem) {
    const mgh_problem *p = (const mgh_problem *)problem;
    double xd[MGH_MAXN] = {0}, gd[MGH_MAXN], f;
    int j;
    for (j = 0; j < p->n; ++j) xd[j] = (double)x[j];
    f = mgh_value(p, xd, g ? gd : NULL);
    if (g)
        for (j = 0; j < p->n; ++j) g[j] = (la_real)gd[j];
    return (la_real)f;
}

int mgh_hess(const la_real *x, la_mat H, void *problem) {
    const mgh_problem *p = (const mgh_problem *)problem;
    double xd[MGH_MAXN], gp[MGH_MAXN], gm[MGH_MAXN];
    int i, j, n = p->n;
    for (j = 0; j < n; ++j) xd[j] = (double)x[j];
    for (i = 0; i < n; ++i) {
        double xi = xd[i], h = 6.0554544523933395e-06 * (fabs(xi) > 1 ? fabs(xi) : 1);
        xd[i] = xi + h;
        mgh_value(p, xd, gp);
        xd[i] = xi - h;
        mgh_value(p, xd, gm);
        xd[i] = xi;
        for (j = 0; j < n; ++j) LA_AT(H, i, j) = (la_real)((gp[j] - gm[j]) / (2 * h));
    }
    for (i = 0; i < n; ++i)
        for (j = 0; j < i; ++j) {
            la_real a = (LA_AT(H, i, j) + LA_AT(H, j, i)) / 2;
            LA_AT(H, i, j) = a;
            LA_AT(H, j, i) = a;
        }
    return 0;
}

int mgh_residual_fn(const la_real *x, la_real *r, la_real *J, void *problem) {
    const mgh_problem *p = (const mgh_problem *)problem;
    double xd[MGH_MAXN], rd[MGH_MAXM], Jd[MGH_MAXM * MGH_MAXN];
    int i, n = p->n;
    for (i = 0; i < n; ++i) xd[i] = (double)x[i];
    mgh_residuals(p, xd, rd, J ? Jd : NULL);
    for (i = 0; i < p->m; ++i) r[i] = (la_real)rd[i];
    if (J)
        for (i = 0; i < p->m * n; ++i) J[i] = (la_real)Jd[i];
    return 0;
}

/* pca.c - principal component analysis with la_svd.
 *
 * Data: the USArrests table (McNeil, "Interactive Data Analysis", Wiley,
 * 1977; from the World Almanac and Book of Facts 1975): for each of the 50
 * US states in 1973, arrests per 100,000 residents for murder, assault and
 * rape, and the percent of the population living in urban areas. It is the
 * classic small PCA example (R's datasets::USArrests).
 *
 * Method: standardize each column (mean 0, standard deviation 1), take the
 * thin SVD X = U diag(s) Vt of the 50 x 4 standardized matrix; the rows of
 * Vt are the principal directions (loadings), s_i^2 / (n - 1) the variance
 * each component explains, and U diag(s) the scores of the states.
 *
 * Build and run from the top directory: make examples */
#define LA_IMPLEMENTATION
#include "linalg.h"
#include <math.h>
#include <stdio.h>

struct state {
    const char *name;
    double murder, assault, urbanpop, rape;
};

static const struct state usarrests[50] = {
    {"Alabama", 13.2, 236, 58, 21.2},
    {"Alaska", 10, 263, 48, 44.5},
    {"Arizona", 8.1, 294, 80, 31},
    {"Arkansas", 8.8, 190, 50, 19.5},
    {"California", 9, 276, 91, 40.6},
    {"Colorado", 7.9, 204, 78, 38.7},
    {"Connecticut", 3.3, 110, 77, 11.1},
    {"Delaware", 5.9, 238, 72, 15.8},
    {"Florida", 15.4, 335, 80, 31.9},
    {"Georgia", 17.4, 211, 60, 25.8},
    {"Hawaii", 5.3, 46, 83, 20.2},
    {"Idaho", 2.6, 120, 54, 14.2},
    {"Illinois", 10.4, 249, 83, 24},
    {"Indiana", 7.2, 113, 65, 21},
    {"Iowa", 2.2, 56, 57, 11.3},
    {"Kansas", 6, 115, 66, 18},
    {"Kentucky", 9.7, 109, 52, 16.3},
    {"Louisiana", 15.4, 249, 66, 22.2},
    {"Maine", 2.1, 83, 51, 7.8},
    {"Maryland", 11.3, 300, 67, 27.8},
    {"Massachusetts", 4.4, 149, 85, 16.3},
    {"Michigan", 12.1, 255, 74, 35.1},
    {"Minnesota", 2.7, 72, 66, 14.9},
    {"Mississippi", 16.1, 259, 44, 17.1},
    {"Missouri", 9, 178, 70, 28.2},
    {"Montana", 6, 109, 53, 16.4},
    {"Nebraska", 4.3, 102, 62, 16.5},
    {"Nevada", 12.2, 252, 81, 46},
    {"New Hampshire", 2.1, 57, 56, 9.5},
    {"New Jersey", 7.4, 159, 89, 18.8},
    {"New Mexico", 11.4, 285, 70, 32.1},
    {"New York", 11.1, 254, 86, 26.1},
    {"North Carolina", 13, 337, 45, 16.1},
    {"North Dakota", 0.8, 45, 44, 7.3},
    {"Ohio", 7.3, 120, 75, 21.4},
    {"Oklahoma", 6.6, 151, 68, 20},
    {"Oregon", 4.9, 159, 67, 29.3},
    {"Pennsylvania", 6.3, 106, 72, 14.9},
    {"Rhode Island", 3.4, 174, 87, 8.3},
    {"South Carolina", 14.4, 279, 48, 22.5},
    {"South Dakota", 3.8, 86, 45, 12.8},
    {"Tennessee", 13.2, 188, 59, 26.9},
    {"Texas", 12.7, 201, 80, 25.5},
    {"Utah", 3.2, 120, 80, 22.9},
    {"Vermont", 2.2, 48, 32, 11.2},
    {"Virginia", 8.5, 156, 63, 20.7},
    {"Washington", 4, 145, 73, 26.2},
    {"West Virginia", 5.7, 81, 39, 9.3},
    {"Wisconsin", 2.6, 53, 66, 10.8},
    {"Wyoming", 6.8, 161, 60, 15.6},
};

static const char *variables[4] = {"Murder", "Assault", "UrbanPop", "Rape"};

int main(void) {
    enum { N = 50, P = 4 };
    la_real x[N * P], u[N * P], vt[P * P], s[P];
    la_mat X = la_mat_of(N, P, x), U = la_mat_of(N, P, u), Vt = la_mat_of(P, P, vt);
    la_status st;
    double total = 0, cum = 0;
    int i, j, best = 0, worst = 0;
    for (i = 0; i < N; ++i) {
        x[i * P + 0] = usarrests[i].murder;
        x[i * P + 1] = usarrests[i].assault;
        x[i * P + 2] = usarrests[i].urbanpop;
        x[i * P + 3] = usarrests[i].rape;
    }
    /* standardize the columns */
    for (j = 0; j < P; ++j) {
        double mean = 0, var = 0;
        for (i = 0; i < N; ++i) mean += x[i * P + j];
        mean /= N;
        for (i = 0; i < N; ++i) var += (x[i * P + j] - mean) * (x[i * P + j] - mean);
        var /= N - 1;
        for (i = 0; i < N; ++i) x[i * P + j] = (la_real)((x[i * P + j] - mean) / sqrt(var));
    }
    st = la_svd(X, s, U, Vt, NULL);
    if (st != LA_OK) {
        printf("la_svd failed: %s\n", la_strerror(st));
        return 1;
    }
    /* fix the sign of each component so its largest loading is positive */
    for (i = 0; i < P; ++i) {
        int jm = 0;
        for (j = 1; j < P; ++j)
            if (fabs(vt[i * P + j]) > fabs(vt[i * P + jm])) jm = j;
        if (vt[i * P + jm] < 0) {
            for (j = 0; j < P; ++j) vt[i * P + j] = -vt[i * P + j];
            for (j = 0; j < N; ++j) u[j * P + i] = -u[j * P + i];
        }
    }
    for (i = 0; i < P; ++i) total += (double)s[i] * s[i];
    printf("PCA of USArrests (50 states, 4 standardized variables)\n\n");
    printf("component   std.dev   explained   cumulative\n");
    for (i = 0; i < P; ++i) {
        double ev = (double)s[i] * s[i] / total;
        cum += ev;
        printf("PC%d       %8.4f   %8.1f%%   %9.1f%%\n", i + 1, s[i] / sqrt(N - 1.0), 100 * ev,
               100 * cum);
    }
    printf("\nloadings      PC1      PC2      PC3      PC4\n");
    for (j = 0; j < P; ++j) {
        printf("%-9s", variables[j]);
        for (i = 0; i < P; ++i) printf(" %8.4f", vt[i * P + j]);
        printf("\n");
    }
    /* the states at the two ends of the first component */
    for (i = 1; i < N; ++i) {
        if (u[i * P] > u[best * P]) best = i;
        if (u[i * P] < u[worst * P]) worst = i;
    }
    printf("\nPC1 score (s_1 u_1): highest %s (%.2f), lowest %s (%.2f)\n", usarrests[best].name,
           s[0] * u[best * P], usarrests[worst].name, s[0] * u[worst * P]);
    return 0;
}

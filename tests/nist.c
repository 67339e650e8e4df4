/* nist.c - reader and models of the NIST StRD nonlinear regression problems
 * (see nist.h). The derivatives were derived by hand; the least-squares tests
 * verify every one of them with opt_check_jacobian at both starting points and at
 * the certified values. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nist.h"

const char *const nist_names[NIST_COUNT] = {
    "Misra1a", "Chwirut2", "Chwirut1", "Lanczos3", "Gauss1",   "Gauss2",  "DanWood",
    "Misra1b", "Kirby2",   "Hahn1",    "Nelson",   "MGH17",    "Lanczos1", "Lanczos2",
    "Gauss3",  "Misra1c",  "Misra1d",  "Roszman1", "ENSO",     "MGH09",   "Thurber",
    "BoxBOD",  "Rat42",    "MGH10",    "Eckerle4", "Rat43",    "Bennett5"};

/* A model: value at predictors xv for parameters b; g (n_params entries, may
 * be NULL) receives the gradient with respect to b. */
typedef la_real (*nist_model_fn)(const la_real *b, const la_real *xv, la_real *g);

#define NIST_PI ((la_real)3.141592653589793238462643383279)

/* b1 (1 - exp(-b2 x)): Misra1a, BoxBOD */
static la_real m_exp_rise(const la_real *b, const la_real *xv, la_real *g) {
    la_real x = xv[0], e = (la_real)exp(-b[1] * x);
    if (g) {
        g[0] = 1 - e;
        g[1] = b[0] * x * e;
    }
    return b[0] * (1 - e);
}

/* exp(-b1 x) / (b2 + b3 x): Chwirut1, Chwirut2 */
static la_real m_chwirut(const la_real *b, const la_real *xv, la_real *g) {
    la_real x = xv[0], u = (la_real)exp(-b[0] * x), d = b[1] + b[2] * x;
    if (g) {
        g[0] = -x * u / d;
        g[1] = -u / (d * d);
        g[2] = -x * u / (d * d);
    }
    return u / d;
}

/* b1 exp(-b2 x) + b3 exp(-b4 x) + b5 exp(-b6 x): Lanczos1-3 */
static la_real m_lanczos(const la_real *b, const la_real *xv, la_real *g) {
    la_real x = xv[0], f = 0;
    int k;
    for (k = 0; k < 6; k += 2) {
        la_real e = (la_real)exp(-b[k + 1] * x);
        f += b[k] * e;
        if (g) {
            g[k] = e;
            g[k + 1] = -b[k] * x * e;
        }
    }
    return f;
}

/* b1 exp(-b2 x) + b3 exp(-(x-b4)^2/b5^2) + b6 exp(-(x-b7)^2/b8^2): Gauss1-3 */
static la_real m_gauss(const la_real *b, const la_real *xv, la_real *g) {
    la_real x = xv[0], e = (la_real)exp(-b[1] * x), f = b[0] * e;
    int k;
    if (g) {
        g[0] = e;
        g[1] = -b[0] * x * e;
    }
    for (k = 2; k < 8; k += 3) {
        la_real d = x - b[k + 1], w = b[k + 2], q = (la_real)exp(-d * d / (w * w));
        f += b[k] * q;
        if (g) {
            g[k] = q;
            g[k + 1] = b[k] * q * 2 * d / (w * w);
            g[k + 2] = b[k] * q * 2 * d * d / (w * w * w);
        }
    }
    return f;
}

/* b1 x^b2: DanWood */
static la_real m_danwood(const la_real *b, const la_real *xv, la_real *g) {
    la_real x = xv[0], p = (la_real)pow(x, b[1]);
    if (g) {
        g[0] = p;
        g[1] = b[0] * p * (la_real)log(x);
    }
    return b[0] * p;
}

/* b1 (1 - (1 + b2 x/2)^-2): Misra1b */
static la_real m_misra1b(const la_real *b, const la_real *xv, la_real *g) {
    la_real x = xv[0], t = 1 + b[1] * x / 2, t2 = 1 / (t * t);
    if (g) {
        g[0] = 1 - t2;
        g[1] = b[0] * x * t2 / t;
    }
    return b[0] * (1 - t2);
}

/* (b1 + b2 x + ... + b_{k} x^{k-1}) / (1 + b_{k+1} x + ... ), numerator with
 * nnum coefficients and denominator with nden (besides its leading 1):
 * Kirby2 (3, 2), Hahn1 and Thurber (4, 3). */
static la_real m_rational(const la_real *b, la_real x, la_real *g, int nnum, int nden) {
    la_real num = 0, den = 0, p;
    int k;
    for (k = nnum - 1; k >= 0; --k) num = num * x + b[k];
    for (k = nden - 1; k >= 0; --k) den = den * x + b[nnum + k];
    den = 1 + den * x;
    if (g) {
        for (k = 0, p = 1; k < nnum; ++k, p *= x) g[k] = p / den;
        for (k = 0, p = x; k < nden; ++k, p *= x) g[nnum + k] = -num * p / (den * den);
    }
    return num / den;
}
static la_real m_kirby2(const la_real *b, const la_real *xv, la_real *g) {
    return m_rational(b, xv[0], g, 3, 2);
}
static la_real m_cubic_cubic(const la_real *b, const la_real *xv, la_real *g) {
    return m_rational(b, xv[0], g, 4, 3);
}

/* b1 - b2 x1 exp(-b3 x2), fitted to log y: Nelson */
static la_real m_nelson(const la_real *b, const la_real *xv, la_real *g) {
    la_real x1 = xv[0], x2 = xv[1], e = (la_real)exp(-b[2] * x2);
    if (g) {
        g[0] = 1;
        g[1] = -x1 * e;
        g[2] = b[1] * x1 * x2 * e;
    }
    return b[0] - b[1] * x1 * e;
}

/* b1 + b2 exp(-x b4) + b3 exp(-x b5): MGH17 */
static la_real m_mgh17(const la_real *b, const la_real *xv, la_real *g) {
    la_real x = xv[0], e4 = (la_real)exp(-x * b[3]), e5 = (la_real)exp(-x * b[4]);
    if (g) {
        g[0] = 1;
        g[1] = e4;
        g[2] = e5;
        g[3] = -b[1] * x * e4;
        g[4] = -b[2] * x * e5;
    }
    return b[0] + b[1] * e4 + b[2] * e5;
}

/* b1 (1 - (1 + 2 b2 x)^-1/2): Misra1c */
static la_real m_misra1c(const la_real *b, const la_real *xv, la_real *g) {
    la_real x = xv[0], t = 1 + 2 * b[1] * x, s = 1 / (la_real)sqrt(t);
    if (g) {
        g[0] = 1 - s;
        g[1] = b[0] * x * s / t;
    }
    return b[0] * (1 - s);
}

/* b1 b2 x / (1 + b2 x): Misra1d */
static la_real m_misra1d(const la_real *b, const la_real *xv, la_real *g) {
    la_real x = xv[0], d = 1 + b[1] * x;
    if (g) {
        g[0] = b[1] * x / d;
        g[1] = b[0] * x / (d * d);
    }
    return b[0] * b[1] * x / d;
}

/* b1 - b2 x - arctan(b3 / (x - b4)) / pi: Roszman1 */
static la_real m_roszman1(const la_real *b, const la_real *xv, la_real *g) {
    la_real x = xv[0], d = x - b[3], s = d * d + b[2] * b[2];
    if (g) {
        g[0] = 1;
        g[1] = -x;
        g[2] = -d / (NIST_PI * s);
        g[3] = -b[2] / (NIST_PI * s);
    }
    return b[0] - b[1] * x - (la_real)atan(b[2] / d) / NIST_PI;
}

/* b1 + b2 cos(2 pi x/12) + b3 sin(2 pi x/12) + b5 cos(2 pi x/b4)
 *    + b6 sin(2 pi x/b4) + b8 cos(2 pi x/b7) + b9 sin(2 pi x/b7): ENSO */
static la_real m_enso(const la_real *b, const la_real *xv, la_real *g) {
    la_real x = xv[0], t = 2 * NIST_PI * x / 12;
    la_real f = b[0] + b[1] * (la_real)cos(t) + b[2] * (la_real)sin(t);
    int k;
    if (g) {
        g[0] = 1;
        g[1] = (la_real)cos(t);
        g[2] = (la_real)sin(t);
    }
    for (k = 3; k < 9; k += 3) {
        la_real th = 2 * NIST_PI * x / b[k], c = (la_real)cos(th), s = (la_real)sin(th);
        f += b[k + 1] * c + b[k + 2] * s;
        if (g) {
            /* d theta / d b_k = -theta / b_k */
            g[k] = (b[k + 1] * s - b[k + 2] * c) * th / b[k];
            g[k + 1] = c;
            g[k + 2] = s;
        }
    }
    return f;
}

/* b1 (x^2 + x b2) / (x^2 + x b3 + b4): MGH09 */
static la_real m_mgh09(const la_real *b, const la_real *xv, la_real *g) {
    la_real x = xv[0], num = x * x + x * b[1], den = x * x + x * b[2] + b[3];
    if (g) {
        g[0] = num / den;
        g[1] = b[0] * x / den;
        g[2] = -b[0] * num * x / (den * den);
        g[3] = -b[0] * num / (den * den);
    }
    return b[0] * num / den;
}

/* b1 / (1 + exp(b2 - b3 x)): Rat42 */
static la_real m_rat42(const la_real *b, const la_real *xv, la_real *g) {
    la_real x = xv[0], e = (la_real)exp(b[1] - b[2] * x), t = 1 + e;
    if (g) {
        g[0] = 1 / t;
        g[1] = -b[0] * e / (t * t);
        g[2] = b[0] * x * e / (t * t);
    }
    return b[0] / t;
}

/* b1 exp(b2 / (x + b3)): MGH10 */
static la_real m_mgh10(const la_real *b, const la_real *xv, la_real *g) {
    la_real x = xv[0], d = x + b[2], e = (la_real)exp(b[1] / d);
    if (g) {
        g[0] = e;
        g[1] = b[0] * e / d;
        g[2] = -b[0] * b[1] * e / (d * d);
    }
    return b[0] * e;
}

/* (b1 / b2) exp(-((x - b3) / b2)^2 / 2): Eckerle4 */
static la_real m_eckerle4(const la_real *b, const la_real *xv, la_real *g) {
    la_real x = xv[0], u = (x - b[2]) / b[1], q = (la_real)exp(-u * u / 2);
    if (g) {
        g[0] = q / b[1];
        g[1] = b[0] * q * (u * u - 1) / (b[1] * b[1]);
        g[2] = b[0] * q * u / (b[1] * b[1]);
    }
    return b[0] / b[1] * q;
}

/* b1 / (1 + exp(b2 - b3 x))^(1/b4): Rat43 */
static la_real m_rat43(const la_real *b, const la_real *xv, la_real *g) {
    la_real x = xv[0], e = (la_real)exp(b[1] - b[2] * x), t = 1 + e;
    la_real p = (la_real)pow(t, -1 / b[3]);
    if (g) {
        g[0] = p;
        g[1] = -b[0] * p * e / (t * b[3]);
        g[2] = b[0] * p * x * e / (t * b[3]);
        g[3] = b[0] * p * (la_real)log(t) / (b[3] * b[3]);
    }
    return b[0] * p;
}

/* b1 (b2 + x)^(-1/b3): Bennett5 */
static la_real m_bennett5(const la_real *b, const la_real *xv, la_real *g) {
    la_real x = xv[0], t = b[1] + x, p = (la_real)pow(t, -1 / b[2]);
    if (g) {
        g[0] = p;
        g[1] = -b[0] * p / (b[2] * t);
        g[2] = b[0] * p * (la_real)log(t) / (b[2] * b[2]);
    }
    return b[0] * p;
}

typedef struct {
    const char *name;
    int n_params;
    nist_model_fn f;
    int log_response; /* fit log(y) (Nelson) */
} nist_model;

static const nist_model nist_models[NIST_COUNT] = {
    {"Misra1a", 2, m_exp_rise, 0},   {"Chwirut2", 3, m_chwirut, 0},
    {"Chwirut1", 3, m_chwirut, 0},   {"Lanczos3", 6, m_lanczos, 0},
    {"Gauss1", 8, m_gauss, 0},       {"Gauss2", 8, m_gauss, 0},
    {"DanWood", 2, m_danwood, 0},    {"Misra1b", 2, m_misra1b, 0},
    {"Kirby2", 5, m_kirby2, 0},      {"Hahn1", 7, m_cubic_cubic, 0},
    {"Nelson", 3, m_nelson, 1},      {"MGH17", 5, m_mgh17, 0},
    {"Lanczos1", 6, m_lanczos, 0},   {"Lanczos2", 6, m_lanczos, 0},
    {"Gauss3", 8, m_gauss, 0},       {"Misra1c", 2, m_misra1c, 0},
    {"Misra1d", 2, m_misra1d, 0},    {"Roszman1", 4, m_roszman1, 0},
    {"ENSO", 9, m_enso, 0},          {"MGH09", 4, m_mgh09, 0},
    {"Thurber", 7, m_cubic_cubic, 0}, {"BoxBOD", 2, m_exp_rise, 0},
    {"Rat42", 3, m_rat42, 0},        {"MGH10", 3, m_mgh10, 0},
    {"Eckerle4", 3, m_eckerle4, 0},  {"Rat43", 4, m_rat43, 0},
    {"Bennett5", 3, m_bennett5, 0}};

/* Parses "  bK = start1 start2 cert sd" into p; returns 1 if the line is one. */
static int nist_parse_param(const char *line, nist_problem *p) {
    const char *s = line;
    char *end;
    long k;
    double v[4];
    int i;
    while (*s == ' ' || *s == '\t') ++s;
    if (*s != 'b') return 0;
    k = strtol(s + 1, &end, 10);
    if (end == s + 1 || k < 1 || k > NIST_MAX_PARAMS) return 0;
    s = end;
    while (*s == ' ' || *s == '\t') ++s;
    if (*s != '=') return 0;
    ++s;
    for (i = 0; i < 4; ++i) {
        v[i] = strtod(s, &end);
        if (end == s) return 0;
        s = end;
    }
    p->start[0][k - 1] = v[0];
    p->start[1][k - 1] = v[1];
    p->cert[k - 1] = v[2];
    p->cert_sd[k - 1] = v[3];
    if ((int)k > p->n_params) p->n_params = (int)k;
    return 1;
}

int nist_load(const char *dir, const char *name, nist_problem *p) {
    char path[512], line[512];
    FILE *fp;
    int m, in_data = 0, cap = 0, ok = 1;
    memset(p, 0, sizeof *p);
    for (m = 0; m < NIST_COUNT; ++m)
        if (strcmp(nist_models[m].name, name) == 0) break;
    if (m == NIST_COUNT) return -1;
    p->name = nist_models[m].name;
    p->model = m;
    p->n_pred = nist_models[m].log_response ? 2 : 1; /* Nelson: x1, x2 */
    if (snprintf(path, sizeof path, "%s/%s.dat", dir, name) >= (int)sizeof path) return -1;
    fp = fopen(path, "r");
    if (!fp) return -1;
    while (ok && fgets(line, sizeof line, fp)) {
        if (!in_data) {
            if (nist_parse_param(line, p)) continue;
            if (strstr(line, "Residual Sum of Squares:"))
                p->cert_rss = strtod(strchr(line, ':') + 1, NULL);
            else if (strncmp(line, "Data:", 5) == 0) {
                /* the header of the data columns: "Data:   y   x" */
                const char *t = line + 5;
                while (*t == ' ') ++t;
                if (t[0] == 'y' && (t[1] == ' ' || t[1] == '\t')) in_data = 1;
            }
        } else {
            double v[3];
            char *s = line, *end;
            int i;
            for (i = 0; i < 1 + p->n_pred; ++i) {
                v[i] = strtod(s, &end);
                if (end == s) break;
                s = end;
            }
            if (i == 0) continue; /* blank line */
            if (i != 1 + p->n_pred) {
                ok = 0;
                break;
            }
            if (p->n_obs == cap) {
                int nc = cap ? 2 * cap : 64;
                double *ny = (double *)realloc(p->y, (size_t)nc * sizeof(double));
                double *nx;
                if (!ny) {
                    ok = 0;
                    break;
                }
                p->y = ny;
                nx = (double *)realloc(p->x, (size_t)nc * (size_t)p->n_pred * sizeof(double));
                if (!nx) {
                    ok = 0;
                    break;
                }
                p->x = nx;
                cap = nc;
            }
            p->y[p->n_obs] = v[0];
            for (i = 0; i < p->n_pred; ++i) p->x[p->n_obs * p->n_pred + i] = v[1 + i];
            ++p->n_obs;
        }
    }
    fclose(fp);
    if (!ok || p->n_obs == 0 || p->n_params != nist_models[m].n_params || p->cert_rss <= 0) {
        nist_free(p);
        return -1;
    }
    return 0;
}

void nist_free(nist_problem *p) {
    free(p->y);
    free(p->x);
    p->y = p->x = NULL;
    p->n_obs = 0;
}

int nist_residual(const la_real *b, la_real *r, la_real *J, void *ctx) {
    const nist_problem *p = (const nist_problem *)ctx;
    const nist_model *md = &nist_models[p->model];
    int i, j, np = p->n_params;
    for (i = 0; i < p->n_obs; ++i) {
        la_real xv[2], y = (la_real)p->y[i];
        for (j = 0; j < p->n_pred; ++j) xv[j] = (la_real)p->x[i * p->n_pred + j];
        if (md->log_response) y = (la_real)log(p->y[i]);
        r[i] = md->f(b, xv, J ? J + (size_t)i * (size_t)np : NULL) - y;
    }
    return 0;
}

double nist_rss(const nist_problem *p, const double *b) {
    la_real bb[NIST_MAX_PARAMS], r1;
    long double s = 0;
    int i, j;
    const nist_model *md = &nist_models[p->model];
    for (j = 0; j < p->n_params; ++j) bb[j] = (la_real)b[j];
    for (i = 0; i < p->n_obs; ++i) {
        la_real xv[2];
        long double y = p->y[i];
        for (j = 0; j < p->n_pred; ++j) xv[j] = (la_real)p->x[i * p->n_pred + j];
        if (md->log_response) y = logl(y);
        r1 = md->f(bb, xv, NULL);
        s += ((long double)r1 - y) * ((long double)r1 - y);
    }
    return (double)s;
}

double nist_lre(double est, double cert) {
    double d = fabs(est - cert), lre;
    if (!(d == d) || est - est != 0) return 0;
    if (d == 0) return 11;
    lre = cert != 0 ? -log10(d / fabs(cert)) : -log10(d);
    if (lre > 11) lre = 11;
    return lre < 0 ? 0 : lre;
}

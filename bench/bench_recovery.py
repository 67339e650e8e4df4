"""scikit-learn peer of bench_recovery.c.

usage: bench_recovery.py DIR M N M2 N2 NLAMBDA
Reads the problems bench_recovery.c wrote to DIR (raw little-endian float64):
X.bin (M x N, row-major), y.bin (M), grid.bin (NLAMBDA decreasing lambdas),
X2.bin (M2 x N2, row-major), y2.bin (M2). The designs are handed to
scikit-learn in Fortran order, the layout its coordinate descent works in, so
that no copy is made inside the timed calls.

Prints one line 'READY <blas> <core> <threads> <sklearn version>' (or 'SKIP
<reason>' and exits), then answers one command per line of stdin with one
line on stdout; each command runs its solver once and times only the solver
call (time.perf_counter), writing the coefficients to OUT (float64):
    lasso ALPHA TOL MAX_ITER Y OUT -> '<seconds> <n_iter>'  Lasso(fit_intercept=False) on
                                     X and the response in file Y
    path TOL MAX_ITER OUT         -> '<seconds> <count>'   lasso_path on grid.bin,
                                     OUT holds NLAMBDA rows of N coefficients
    omp K OUT                     -> '<seconds> <n_iter>'  OrthogonalMatchingPursuit
                                     (n_nonzero_coefs=K, fit_intercept=False)
    quit
The C side alternates these calls with its own and takes the medians.
"""
import sys
import time
import warnings

try:
    import numpy as np
    import sklearn
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import Lasso, OrthogonalMatchingPursuit, lasso_path
except Exception as e:  # scikit-learn or numpy missing
    print("SKIP", type(e).__name__, flush=True)
    sys.exit(0)


def blas_info():
    """(library, core, threads) of the BLAS numpy uses, through threadpoolctl."""
    try:
        from threadpoolctl import threadpool_info

        for lib in threadpool_info():
            if lib.get("user_api") == "blas":
                return lib.get("internal_api", "?"), lib.get("architecture", "?"), lib.get("num_threads", 0)
    except Exception:
        pass
    return "unknown", "?", 0


def load(path, rows, cols=None):
    a = np.fromfile(path, dtype="<f8")
    return np.asfortranarray(a.reshape(rows, cols)) if cols else a


def main():
    d, m, n, m2, n2, nl = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(
        sys.argv[5]), int(sys.argv[6])
    X, y = load(d + "/X.bin", m, n), load(d + "/y.bin", m)
    grid = load(d + "/grid.bin", nl)
    X2, y2 = load(d + "/X2.bin", m2, n2), load(d + "/y2.bin", m2)
    warnings.simplefilter("ignore", ConvergenceWarning)  # the C side measures the gap itself
    lib, core, threads = blas_info()
    print("READY %s %s %d %s" % (lib, core, threads, sklearn.__version__), flush=True)
    for line in sys.stdin:
        w = line.split()
        if not w or w[0] == "quit":
            break
        if w[0] == "lasso":
            model = Lasso(alpha=float(w[1]), tol=float(w[2]), max_iter=int(w[3]), fit_intercept=False)
            response = load(w[4], m)
            t = time.perf_counter()
            model.fit(X, response)
            t = time.perf_counter() - t
            np.asarray(model.coef_, dtype="<f8").tofile(w[5])
            print("%.9e %d" % (t, model.n_iter_), flush=True)
        elif w[0] == "path":
            t = time.perf_counter()
            alphas, coefs, _ = lasso_path(X, y, alphas=grid, tol=float(w[1]), max_iter=int(w[2]))
            t = time.perf_counter() - t
            np.ascontiguousarray(coefs.T, dtype="<f8").tofile(w[3])
            print("%.9e %d" % (t, len(alphas)), flush=True)
        elif w[0] == "omp":
            model = OrthogonalMatchingPursuit(n_nonzero_coefs=int(w[1]), fit_intercept=False)
            t = time.perf_counter()
            model.fit(X2, y2)
            t = time.perf_counter() - t
            np.asarray(model.coef_, dtype="<f8").tofile(w[2])
            print("%.9e %d" % (t, model.n_iter_), flush=True)
        else:
            print("ERROR unknown command", flush=True)


main()

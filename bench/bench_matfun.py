"""Peer timings for bench_matfun.c: scipy.linalg.fractional_matrix_power and
scipy.linalg.expm on the matrices the C program wrote (raw little-endian
doubles, row-major). Usage: bench_matfun.py ROOTFILE EXPMFILE N P REPS.
Prints 'SKIP <reason>' when scipy is missing, else two lines
'fmp <median seconds> <relative residual>' and 'expm <median seconds>'."""
import sys
import time

try:
    import numpy as np
    import scipy.linalg as sl
except Exception as e:  # scipy not installed
    print("SKIP", type(e).__name__)
    sys.exit(0)


def median_time(f, reps):
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        r = f()
        ts.append(time.perf_counter() - t)
    return sorted(ts)[len(ts) // 2], r


def main():
    rootfile, expmfile, n, p, reps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    a = np.fromfile(rootfile, dtype="<f8").reshape(n, n)
    t, x = median_time(lambda: sl.fractional_matrix_power(a, -1.0 / p), reps)
    x = np.real(x)
    res = np.linalg.norm(np.linalg.matrix_power(x, p) @ a - np.eye(n)) / (
        np.linalg.norm(x) ** p * np.linalg.norm(a))
    print("fmp %.6e %.3e" % (t, res))
    b = np.fromfile(expmfile, dtype="<f8").reshape(n, n)
    t, _ = median_time(lambda: sl.expm(b), reps)
    print("expm %.6e" % t)


main()

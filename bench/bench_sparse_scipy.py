"""CSR SpMV with scipy.sparse on a matrix written by bench_sparse.c.

usage: bench_sparse_scipy.py PREFIX N NNZ REPS INNER
Reads PREFIX_ptr.bin (int32, N+1), PREFIX_idx.bin (int32, NNZ), PREFIX_val.bin
(float64, NNZ) and PREFIX_x.bin (float64, N); times y = A x, INNER products per
repetition, and prints one line per way of calling scipy:
    <name> <median wall seconds per product> <median CPU seconds> <sum of y>
"""
import sys
import time

import numpy as np
import scipy.sparse as sps

try:  # the kernel behind A @ x, called without allocating y: scipy at its best
    from scipy.sparse._sparsetools import csr_matvec
except ImportError:  # older layouts
    from scipy.sparse.sparsetools import csr_matvec


def median_time(fn, reps, inner):
    """Median seconds per call on the wall clock and on the thread's CPU clock."""
    fn()  # warm up
    wall, cpu = [], []
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.thread_time()
        for _ in range(inner):
            fn()
        wall.append((time.perf_counter() - t0) / inner)
        cpu.append((time.thread_time() - c0) / inner)
    return float(np.median(wall)), float(np.median(cpu))


def main():
    prefix, n, nnz, reps, inner = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    ptr = np.fromfile(prefix + "_ptr.bin", dtype=np.int32, count=n + 1)
    idx = np.fromfile(prefix + "_idx.bin", dtype=np.int32, count=nnz)
    val = np.fromfile(prefix + "_val.bin", dtype=np.float64, count=nnz)
    x = np.fromfile(prefix + "_x.bin", dtype=np.float64, count=n)
    A = sps.csr_matrix((val, idx, ptr), shape=(n, n), copy=False)
    y = np.zeros(n)

    def matmul():
        return A @ x

    def kernel():
        y[:] = 0.0
        csr_matvec(n, n, A.indptr, A.indices, A.data, x, y)

    t, c = median_time(matmul, reps, inner)
    print("scipy_matmul %.9f %.9f %.17g" % (t, c, float(np.sum(A @ x))))
    t, c = median_time(kernel, reps, inner)
    print("scipy_csr_matvec %.9f %.9f %.17g" % (t, c, float(np.sum(y))))


if __name__ == "__main__":
    main()

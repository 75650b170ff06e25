import CBLAS

/// Row-major matrix products through OpenBLAS's `dgemm`, single-threaded.
///
/// OpenBLAS's dgemm with one thread computes each entry of C in a fixed order for given sizes,
/// so results do not depend on how many jobs run beside it (determinism at any `--jobs`).
enum Gemm {
    static let rowMajor: Int32 = 101, noTrans: Int32 = 111, trans: Int32 = 112

    /// One-time: keep OpenBLAS to one thread (experiments already run one job per core).
    static let configured: Bool = {
        openblas_set_num_threads(1)
        return true
    }()

    /// `c[m x n] = alpha * op(a) * op(b) + beta * c`, with `op(a)` of size m x k and `op(b)` k x n;
    /// `a` and `b` are stored row-major as given (transposed or not).
    @inline(__always)
    static func multiply(_ a: UnsafePointer<Double>, transposeA: Bool, _ b: UnsafePointer<Double>, transposeB: Bool,
                         into c: UnsafeMutablePointer<Double>, m: Int, n: Int, k: Int, alpha: Double = 1, beta: Double = 0) {
        _ = configured
        let lda = transposeA ? m : k
        let ldb = transposeB ? k : n
        cblas_dgemm(rowMajor, transposeA ? trans : noTrans, transposeB ? trans : noTrans, Int32(m), Int32(n), Int32(k),
                    alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(n))
    }
}

import CLapack
import DominantLU

/// Dense LU factorization of a square row-major matrix: with partial pivoting, `P A = L U`, or,
/// for a matrix diagonally dominant by rows, without pivoting, `A = L U`.
///
/// Contract: for a nonsingular `A` (the matrices `I - gamma P_pi` here are strictly
/// diagonally dominant by rows when `gamma < 1`, so partial pivoting is backward stable and
/// never meets a zero pivot) `solve` returns `x` with `A x = b` and `solveTransposed` returns
/// `x` with `A^T x = b`, both to backward error O(n * ulp * |A|). One factorization serves
/// any number of right-hand sides of either kind, so the evaluation of a policy (value
/// `A V = r`) and its occupancy (`A^T d = rho`) share one O(n^3/3) factorization.
///
/// Two backends compute the same factorization (up to rounding): hand-written loops, fastest
/// for small `n` (no call overhead), and LAPACK `dgetrf`/`dgetrs` from OpenBLAS (blocked,
/// vectorized), fastest from `lapackThreshold` on (measured by `make bench`, see
/// benchmarks/README.md). LAPACK works on column-major storage: the row-major `A` read
/// column-major is `A^T`, so it factors `A^T` and solves `A x = b` as a transposed solve.
///
/// A third factorization, `A = L U` without pivoting (`DiagonallyDominantLU`, blocked SIMD
/// loops), is backward stable for matrices diagonally dominant by rows (growth factor <= 2)
/// and faster than `dgetrf` for `n` in `dominantRange`. `.automatic` uses it there for
/// every matrix that an O(n^2) check finds diagonally dominant by rows (every `I - C P_pi`
/// with `C < 1`), and partial pivoting for any other matrix.
public struct LUFactorization: Sendable {
    public let n: Int
    /// Packed factors. `.native`: row-major, strictly-lower part L (unit diagonal), upper part U
    /// of `P A = L U`. `.lapack`: LAPACK's column-major factors of `A^T`.
    @usableFromInline var lu: [Double]
    /// `.native`: pivot[k] = the row swapped with row k at step k (0-based).
    @usableFromInline var pivot: [Int]
    /// `.lapack` and `.banded`: LAPACK's 1-based pivot indices.
    var lapackPivot: [Int32]
    /// `.banded`: sub- and super-diagonals of the stored `M = A^T` (`lu` is its band storage).
    var bandLower = 0, bandUpper = 0
    /// `.diagonallyDominant`: the unpivoted factors (their own padded, aligned storage).
    var dominant: DiagonallyDominantLU?
    /// `.diagonallyDominant`: the packed factors `L \ U` of `A = L U` (row-major); else nil.
    package var dominantFactors: [Double]? { dominant?.packedFactors }
    public let backend: LUBackend

    /// Smallest `n` for which `.automatic` uses LAPACK (measured crossover on this machine:
    /// the hand-written loops win below it, OpenBLAS above).
    public static let lapackThreshold = 24

    /// Sizes for which `.automatic` factors a matrix found diagonally dominant by rows without
    /// pivoting: where the unpivoted kernel beats both the hand-written loops and LAPACK
    /// (`bench --lu-sweep`; benchmarks/README.md, "Measurements behind the code's choices").
    public static let dominantRange = 16...1000

    /// Factorizes the `n x n` row-major matrix `a`.
    /// - Throws: `LinearAlgebraError.singular` when a pivot is exactly zero or not finite.
    public init(_ a: [Double], n: Int, backend: LUBackend = .automatic) throws {
        if backend == .banded {
            precondition(a.count == n * n, "LU: matrix has \(a.count) entries, expected \(n * n)")
            // Bandwidths of A, then the band storage of M = A^T (row-major A read column-major).
            var lower = 0, upper = 0
            for i in 0..<n { for j in 0..<n where a[i * n + j] != 0 { lower = max(lower, i - j); upper = max(upper, j - i) } }
            let kl = upper, ku = lower, ld = 2 * kl + ku + 1
            var ab = [Double](repeating: 0, count: ld * n)
            for i in 0..<n { for j in 0..<n where a[i * n + j] != 0 { ab[kl + ku + j - i + i * ld] = a[i * n + j] } }
            try self.init(bandedTransposed: &ab, n: n, lower: kl, upper: ku)
            return
        }
        var a = a
        try self.init(factoring: &a, n: n, backend: backend)
    }

    /// Band LU (LAPACK `dgbtrf`) of `M = A^T`, given in LAPACK band storage with `lower` sub- and
    /// `upper` super-diagonals: `ab[lower + upper + i - j + j * (2 lower + upper + 1)] = M[i, j]`,
    /// i.e. `A[j, i]`. Factorized in place. O(n lower (lower + upper)) instead of O(n^3).
    init(bandedTransposed ab: inout [Double], n: Int, lower: Int, upper: Int) throws {
        let ld = 2 * lower + upper + 1
        precondition(ab.count == ld * n, "band storage has \(ab.count) entries, expected \(ld * n)")
        self.n = n
        self.backend = .banded
        self.bandLower = lower
        self.bandUpper = upper
        var ipiv = [Int32](repeating: 0, count: n)
        var info: Int32 = 0
        var nn = Int32(n), kl = Int32(lower), ku = Int32(upper), ldab = Int32(ld)
        LAPACK.configure()
        ab.withUnsafeMutableBufferPointer { A in
            ipiv.withUnsafeMutableBufferPointer { p in
                dgbtrf_(&nn, &nn, &kl, &ku, A.baseAddress, &ldab, p.baseAddress, &info)
            }
        }
        if info > 0 { throw LinearAlgebraError.singular(column: Int(info) - 1) }
        for k in 0..<n where !ab[lower + upper + k * ld].isFinite { throw LinearAlgebraError.singular(column: k) }
        self.lu = ab
        self.pivot = []
        self.lapackPivot = ipiv
    }

    /// The unpivoted factorization (`.diagonallyDominant`) of the matrix that `fill` writes
    /// straight into the factor storage: `fill(rows, ld)` writes `A[i, j]` at `rows[i * ld + j]`
    /// into zeroed rows (no intermediate `n x n` array, no copy). The caller guarantees that
    /// `A` is diagonally dominant by rows (as every `I - C P_pi` with `C < 1` is).
    /// - Throws: `LinearAlgebraError.singular` when a pivot is zero or not finite.
    init(diagonallyDominant n: Int, fill: (_ rows: UnsafeMutablePointer<Double>, _ ld: Int) -> Void) throws {
        LAPACK.configure()
        do {
            self.dominant = try DiagonallyDominantLU(n: n, fill: fill)
        } catch let e as ZeroPivot {
            throw LinearAlgebraError.singular(column: e.column)
        }
        self.n = n
        self.backend = .diagonallyDominant
        self.lu = []
        self.pivot = []
        self.lapackPivot = []
    }

    /// Factorizes `a` in place (no copy when the caller's array is uniquely referenced) and
    /// keeps it as the packed factors; `.diagonallyDominant` copies it instead (padded) and
    /// leaves `a` unchanged.
    init(factoring a: inout [Double], n: Int, backend: LUBackend = .automatic) throws {
        precondition(a.count == n * n, "LU: matrix has \(a.count) entries, expected \(n * n)")
        self.n = n
        precondition(backend != .banded, "banded factorizations are built by init(bandedTransposed:...)")
        LAPACK.configure()  // heap reuse for the factor arrays of every backend (see LAPACK.configured)
        var dominant: DiagonallyDominantLU?
        if backend == .diagonallyDominant || (backend == .automatic && Self.dominantRange.contains(n)) {
            // The factors get their own padded storage; `a` is left as it was. `.automatic`
            // checks the rows while copying and falls back to pivoting when one is not dominant.
            do {
                dominant = try a.withUnsafeBufferPointer {
                    try DiagonallyDominantLU($0.baseAddress!, n: n, requireDominance: backend == .automatic)
                }
            } catch let e as ZeroPivot {
                throw LinearAlgebraError.singular(column: e.column)
            } catch is NotDominant {
                dominant = nil
            }
        }
        let chosen: LUBackend = dominant != nil ? .diagonallyDominant
            : backend != .automatic ? backend : n >= Self.lapackThreshold ? .lapack : .native
        self.backend = chosen
        if let dominant {
            self.dominant = dominant
            self.lu = []
            self.pivot = []
            self.lapackPivot = []
        } else if chosen == .lapack {
            var ipiv = [Int32](repeating: 0, count: n)
            var info: Int32 = 0
            var nn = Int32(n)
            LAPACK.configure()
            a.withUnsafeMutableBufferPointer { A in
                ipiv.withUnsafeMutableBufferPointer { p in
                    dgetrf_(&nn, &nn, A.baseAddress, &nn, p.baseAddress, &info)
                }
            }
            if info > 0 { throw LinearAlgebraError.singular(column: Int(info) - 1) }
            // dgetrf does not flag non-finite pivots: check the diagonal of U.
            for k in 0..<n where !a[k * n + k].isFinite { throw LinearAlgebraError.singular(column: k) }
            self.lu = a
            self.pivot = []
            self.lapackPivot = ipiv
        } else {
            var pivot = [Int](repeating: 0, count: n)
            try a.withUnsafeMutableBufferPointer { A in
                try pivot.withUnsafeMutableBufferPointer { piv in
                    try Self.factorNative(A.baseAddress!, n: n, pivot: piv.baseAddress!)
                }
            }
            self.lu = a
            self.pivot = pivot
            self.lapackPivot = []
        }
    }

    /// Right-looking elimination, row-major: row operations are contiguous axpys.
    static func factorNative(_ A: UnsafeMutablePointer<Double>, n: Int, pivot: UnsafeMutablePointer<Int>) throws {
        for k in 0..<n {
            var p = k
            var best = abs(A[k * n + k])
            var i = k + 1
            while i < n {
                let v = abs(A[i * n + k])
                if v > best { best = v; p = i }
                i += 1
            }
            guard best > 0, best.isFinite else { throw LinearAlgebraError.singular(column: k) }
            pivot[k] = p
            if p != k {
                for j in 0..<n { swap(&A[k * n + j], &A[p * n + j]) }
            }
            let inv = 1.0 / A[k * n + k]
            let rowK = A + k * n
            i = k + 1
            while i < n {
                let rowI = A + i * n
                let l = rowI[k] * inv
                rowI[k] = l
                if l != 0 {
                    var j = k + 1
                    while j < n { rowI[j] -= l * rowK[j]; j += 1 }
                }
                i += 1
            }
        }
    }

    /// Solves `A x = b`.
    public func solve(_ b: [Double]) -> [Double] {
        precondition(b.count == n)
        var x = b
        solve(&x, transposed: false)
        return x
    }

    /// Solves `A^T x = b` with the same factors.
    public func solveTransposed(_ b: [Double]) -> [Double] {
        precondition(b.count == n)
        var x = b
        solve(&x, transposed: true)
        return x
    }

    /// In-place solve of `A x = b` (or `A^T x = b`): `x` holds `b` on entry.
    func solve(_ x: inout [Double], transposed: Bool) {
        precondition(x.count == n)
        if let dominant {
            x.withUnsafeMutableBufferPointer { xb in
                if transposed { dominant.solveTransposed(xb.baseAddress!) } else { dominant.solve(xb.baseAddress!) }
            }
            return
        }
        if backend == .banded {
            var trans: CChar = transposed ? 78 /* N */ : 84 /* T */
            var nn = Int32(n), one: Int32 = 1, info: Int32 = 0
            var kl = Int32(bandLower), ku = Int32(bandUpper), ldab = Int32(2 * bandLower + bandUpper + 1)
            lu.withUnsafeBufferPointer { A in
                lapackPivot.withUnsafeBufferPointer { p in
                    x.withUnsafeMutableBufferPointer { xb in
                        dgbtrs_(&trans, &nn, &kl, &ku, &one, A.baseAddress, &ldab, p.baseAddress, xb.baseAddress, &nn, &info, 1)
                    }
                }
            }
            return
        }
        if backend == .lapack {
            // Stored factors are of M = A^T: A x = b is M^T x = b.
            var trans: CChar = transposed ? 78 /* N */ : 84 /* T */
            var nn = Int32(n), one: Int32 = 1, info: Int32 = 0
            lu.withUnsafeBufferPointer { A in
                lapackPivot.withUnsafeBufferPointer { p in
                    x.withUnsafeMutableBufferPointer { xb in
                        dgetrs_(&trans, &nn, &one, A.baseAddress, &nn, p.baseAddress, xb.baseAddress, &nn, &info, 1)
                    }
                }
            }
            return
        }
        lu.withUnsafeBufferPointer { Ab in
            pivot.withUnsafeBufferPointer { piv in
                x.withUnsafeMutableBufferPointer { xb in
                    let A = Ab.baseAddress!, x = xb.baseAddress!
                    if transposed { Self.solveNativeTransposed(A, piv.baseAddress!, x, n) } else { Self.solveNative(A, piv.baseAddress!, x, n) }
                }
            }
        }
    }

    static func solveNative(_ A: UnsafePointer<Double>, _ pivot: UnsafePointer<Int>, _ x: UnsafeMutablePointer<Double>, _ n: Int) {
        for k in 0..<n where pivot[k] != k { swap(&x[k], &x[pivot[k]]) }
        // Forward substitution with unit-lower L.
        for i in 0..<n {
            var s = x[i]
            let row = A + i * n
            for j in 0..<i { s -= row[j] * x[j] }
            x[i] = s
        }
        // Back substitution with U.
        var i = n - 1
        while i >= 0 {
            var s = x[i]
            let row = A + i * n
            var j = i + 1
            while j < n { s -= row[j] * x[j]; j += 1 }
            x[i] = s / row[i]
            i -= 1
        }
    }

    /// `A^T = U^T L^T P`: forward with `U^T`, backward with `L^T`, both in axpy form.
    static func solveNativeTransposed(_ A: UnsafePointer<Double>, _ pivot: UnsafePointer<Int>, _ x: UnsafeMutablePointer<Double>, _ n: Int) {
        for i in 0..<n {
            let row = A + i * n
            x[i] /= row[i]
            let xi = x[i]
            if xi != 0 { var j = i + 1; while j < n { x[j] -= row[j] * xi; j += 1 } }
        }
        var i = n - 1
        while i >= 0 {
            let row = A + i * n
            let xi = x[i]
            if xi != 0 { for j in 0..<i { x[j] -= row[j] * xi } }
            i -= 1
        }
        var k = n - 1
        while k >= 0 { if pivot[k] != k { swap(&x[k], &x[pivot[k]]) }; k -= 1 }
    }
}

/// Which implementation factorizes (see `LUFactorization`).
public enum LUBackend: String, Sendable, CaseIterable {
    /// `.diagonallyDominant` when `n` is in `LUFactorization.dominantRange` and every row has
    /// `|a_ii| >= sum_{j != i} |a_ij|`; otherwise LAPACK from `LUFactorization.lapackThreshold`
    /// on, hand-written loops below.
    case automatic
    /// Hand-written loops.
    case native
    /// LAPACK `dgetrf`/`dgetrs` (OpenBLAS).
    case lapack
    /// `A = L U` without pivoting (`DiagonallyDominantLU`: blocked, SIMD, no search or swaps).
    /// Backward stable (growth factor <= 2) when `A` is diagonally dominant by rows or columns;
    /// requesting it asserts that. `.automatic` picks it by itself for such matrices in
    /// `LUFactorization.dominantRange` (it checks the rows).
    case diagonallyDominant
    /// LAPACK band LU `dgbtrf`/`dgbtrs` (OpenBLAS): O(n b^2) for bandwidth b. Chosen by
    /// `PolicyEvaluation` when the transitions only link nearby state indices (grid worlds).
    case banded
}

enum LAPACK {
    /// One thread: experiments already run seeds in parallel on the two cores, and a
    /// single-threaded factorization is deterministic and free of spin-waiting.
    ///
    /// Memory: every factorization owns an `n x n` array (8 MB at n = 1000). By default glibc
    /// serves such blocks with fresh `mmap`s and returns them on `free`, so each new LU pays
    /// ~n^2/512 page faults (benchmarks/README.md). Blocks up to
    /// 32 MB (n <= 2000) are kept in the heap instead, and up to 256 MB of free heap is kept
    /// for reuse. This only changes where memory comes from, never a number.
    static let configured: Bool = {
        openblas_set_num_threads(1)
        #if os(Linux)
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
        #endif
        return true
    }()

    @inline(__always) static func configure() { _ = configured }
}

public enum LinearAlgebraError: Error, CustomStringConvertible, Equatable {
    case singular(column: Int)
    public var description: String {
        switch self {
        case .singular(let c): return "singular matrix: zero or non-finite pivot in column \(c)"
        }
    }
}

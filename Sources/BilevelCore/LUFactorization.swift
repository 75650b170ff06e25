/// Dense LU factorization with partial pivoting, `P A = L U`, of a square row-major matrix.
///
/// Contract: for a nonsingular `A` (the matrices `I - gamma P_pi` here are strictly
/// diagonally dominant by rows when `gamma < 1`, so partial pivoting is backward stable and
/// never meets a zero pivot) `solve` returns `x` with `A x = b` and `solveTransposed` returns
/// `x` with `A^T x = b`, both to backward error O(n * ulp * |A|). One factorization serves
/// any number of right-hand sides of either kind, so the evaluation of a policy (value
/// `A V = r`) and its occupancy (`A^T d = rho`) share one O(n^3/3) factorization.
public struct LUFactorization: Sendable {
    public let n: Int
    /// Row-major packed factors: strictly-lower part holds L (unit diagonal), upper part U.
    @usableFromInline var lu: [Double]
    /// pivot[k] = the row swapped with row k at step k.
    @usableFromInline var pivot: [Int]

    /// Factorizes the `n x n` row-major matrix `a`.
    /// - Throws: `LinearAlgebraError.singular` when a pivot is exactly zero or not finite.
    public init(_ a: [Double], n: Int) throws {
        precondition(a.count == n * n, "LU: matrix has \(a.count) entries, expected \(n * n)")
        self.n = n
        var lu = a
        var pivot = [Int](repeating: 0, count: n)
        try lu.withUnsafeMutableBufferPointer { A in
            for k in 0..<n {
                // Pivot search in column k.
                var p = k
                var best = abs(A[k * n + k])
                for i in (k + 1)..<max(k + 1, n) where abs(A[i * n + k]) > best {
                    best = abs(A[i * n + k]); p = i
                }
                guard best > 0, best.isFinite else { throw LinearAlgebraError.singular(column: k) }
                pivot[k] = p
                if p != k {
                    for j in 0..<n { A.swapAt(k * n + j, p * n + j) }
                }
                let inv = 1.0 / A[k * n + k]
                let rowK = k * n
                for i in (k + 1)..<max(k + 1, n) {
                    let rowI = i * n
                    let l = A[rowI + k] * inv
                    A[rowI + k] = l
                    if l != 0 {
                        for j in (k + 1)..<n { A[rowI + j] -= l * A[rowK + j] }
                    }
                }
            }
        }
        self.lu = lu
        self.pivot = pivot
    }

    /// Solves `A x = b`.
    public func solve(_ b: [Double]) -> [Double] {
        precondition(b.count == n)
        var x = b
        lu.withUnsafeBufferPointer { A in
            x.withUnsafeMutableBufferPointer { x in
                for k in 0..<n where pivot[k] != k { x.swapAt(k, pivot[k]) }
                // Forward substitution with unit-lower L.
                for i in 0..<n {
                    var s = x[i]
                    let row = i * n
                    for j in 0..<i { s -= A[row + j] * x[j] }
                    x[i] = s
                }
                // Back substitution with U.
                for i in stride(from: n - 1, through: 0, by: -1) {
                    var s = x[i]
                    let row = i * n
                    for j in (i + 1)..<n { s -= A[row + j] * x[j] }
                    x[i] = s / A[row + i]
                }
            }
        }
        return x
    }

    /// Solves `A^T x = b` with the same factors: `A^T = U^T L^T P`.
    public func solveTransposed(_ b: [Double]) -> [Double] {
        precondition(b.count == n)
        var x = b
        lu.withUnsafeBufferPointer { A in
            x.withUnsafeMutableBufferPointer { x in
                // U^T w = b (forward, column access of U done as row sweeps: axpy form).
                for i in 0..<n {
                    let row = i * n
                    x[i] /= A[row + i]
                    let xi = x[i]
                    if xi != 0 { for j in (i + 1)..<n { x[j] -= A[row + j] * xi } }
                }
                // L^T v = w (backward, unit diagonal, axpy form).
                for i in stride(from: n - 1, through: 0, by: -1) {
                    let row = i * n
                    let xi = x[i]
                    if xi != 0 { for j in 0..<i { x[j] -= A[row + j] * xi } }
                }
                for k in stride(from: n - 1, through: 0, by: -1) where pivot[k] != k { x.swapAt(k, pivot[k]) }
            }
        }
        return x
    }
}

public enum LinearAlgebraError: Error, CustomStringConvertible, Equatable {
    case singular(column: Int)
    public var description: String {
        switch self {
        case .singular(let c): return "singular matrix: zero or non-finite pivot in column \(c)"
        }
    }
}

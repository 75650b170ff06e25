import XCTest
@testable import BilevelCore
import Environments

/// The unpivoted LU (`LUBackend.diagonallyDominant`) on matrices diagonally dominant by rows:
/// backward error of both solves, agreement with LAPACK's pivoted LU, detection of zero and
/// non-finite pivots, bitwise determinism, and the choice `.automatic` makes.
final class DiagonallyDominantLUTests: XCTestCase {
    /// Every remainder mod 8 that changes the kernel's path (one block, 4-row and 4-column tails, none).
    static let sizes = [1, 2, 3, 7, 24, 33, 45, 63, 100, 130]

    /// `I - gamma C P` with a random row-stochastic `P` (about a third of the entries nonzero)
    /// and continuation factors `c_i` in [0.5, 1]: strictly dominant with margin `1 - gamma c_i`.
    static func policyMatrix(_ n: Int, _ rng: inout SeededGenerator, gamma: Double = 0.95) -> [Double] {
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            var row = (0..<n).map { _ in rng.uniform() < 0.35 ? rng.uniform() : 0 }
            row[rng.index(n)] += 0.1
            let total = row.reduce(0, +), c = rng.uniform(0.5, 1)
            for j in 0..<n { a[i * n + j] = (i == j ? 1 : 0) - gamma * c * row[j] / total }
        }
        return a
    }

    /// Random signed entries, the diagonal (of random sign) exceeding the row's off-diagonal
    /// magnitudes by a random margin in [0, 0.1]: dominant, but with entries of both signs and
    /// far from the identity.
    static func signedMatrix(_ n: Int, _ rng: inout SeededGenerator) -> [Double] {
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            var off = 0.0
            for j in 0..<n where j != i { a[i * n + j] = rng.normal(); off += abs(a[i * n + j]) }
            a[i * n + i] = (off + rng.uniform(0, 0.1) + 1e-3) * (rng.uniform() < 0.5 ? -1 : 1)
        }
        return a
    }

    /// `|A x - b|_inf / max_i (|A| |x| + |b|)_i` (or with `A^T`).
    static func backwardError(_ a: [Double], _ n: Int, _ x: [Double], _ b: [Double], transposed: Bool) -> Double {
        var residual = 0.0, scale = 0.0
        for i in 0..<n {
            var r = -b[i], s = abs(b[i])
            for j in 0..<n {
                let aij = transposed ? a[j * n + i] : a[i * n + j]
                r += aij * x[j]; s += abs(aij) * abs(x[j])
            }
            residual = max(residual, abs(r)); scale = max(scale, s)
        }
        return residual / scale
    }

    func testSolvesHaveSmallBackwardErrorAndAgreeWithLAPACK() throws {
        var rng = SeededGenerator(seed: 41)
        for n in Self.sizes {
            for (kind, a) in [("policy", Self.policyMatrix(n, &rng)), ("signed", Self.signedMatrix(n, &rng))] {
                let lu = try LUFactorization(a, n: n, backend: .diagonallyDominant)
                XCTAssertEqual(lu.backend, .diagonallyDominant)
                let reference = try LUFactorization(a, n: n, backend: .lapack)
                let b = (0..<n).map { _ in rng.normal() }
                for transposed in [false, true] {
                    let x = transposed ? lu.solveTransposed(b) : lu.solve(b)
                    let error = Self.backwardError(a, n, x, b, transposed: transposed)
                    XCTAssertLessThanOrEqual(error, 1e-13, "\(kind) n = \(n), transposed = \(transposed)")
                    let y = transposed ? reference.solveTransposed(b) : reference.solve(b)
                    let size = y.map(abs).max()!
                    let gap = zip(x, y).map { abs($0 - $1) }.max()!
                    XCTAssertLessThanOrEqual(gap, 1e-12 * size, "\(kind) n = \(n), transposed = \(transposed): vs LAPACK")
                }
            }
        }
    }

    /// `L U` reproduces `A` to rounding: `|L U - A| <= 4 n u |L| |U|` entrywise (the bound of
    /// Gaussian elimination, whatever the order of the updates).
    func testFactorsReproduceTheMatrix() throws {
        var rng = SeededGenerator(seed: 42)
        for n in [3, 24, 33, 100] {
            let a = Self.signedMatrix(n, &rng)
            let f = try XCTUnwrap(LUFactorization(a, n: n, backend: .diagonallyDominant).dominantFactors)
            var worst = 0.0
            for i in 0..<n {
                for j in 0..<n {
                    var s = 0.0, bound = 0.0
                    for k in 0...min(i, j) {
                        let l = k == i ? 1 : f[i * n + k], u = f[k * n + j]
                        s += l * u; bound += abs(l * u)
                    }
                    worst = max(worst, abs(s - a[i * n + j]) / (4 * Double(n) * Double.ulpOfOne * bound + Double.leastNormalMagnitude))
                }
            }
            XCTAssertLessThanOrEqual(worst, 1, "n = \(n): |LU - A| / (4 n u |L||U|)")
        }
    }

    func testZeroAndNonFinitePivotsThrow() throws {
        var rng = SeededGenerator(seed: 43)
        func expect(_ a: [Double], _ n: Int, column: Int, _ what: String) {
            XCTAssertThrowsError(try LUFactorization(a, n: n, backend: .diagonallyDominant), what) { error in
                XCTAssertEqual(error as? LinearAlgebraError, .singular(column: column), what)
            }
        }
        expect([0], 1, column: 0, "1 x 1 zero")
        for n in [7, 33] {
            // A zero row keeps a zero Schur-complement row: pivot 5 is exactly zero.
            var zero = Self.policyMatrix(n, &rng)
            for j in 0..<n { zero[5 * n + j] = 0 }
            expect(zero, n, column: 5, "zero row, n = \(n)")
            var nan = Self.policyMatrix(n, &rng)
            nan[6 * n + 6] = .nan
            expect(nan, n, column: 6, "NaN pivot, n = \(n)")
            var inf = Self.policyMatrix(n, &rng)
            inf[3 * n + 3] = .infinity
            expect(inf, n, column: 3, "infinite pivot, n = \(n)")
            // A non-finite entry off the diagonal reaches the last pivot through the updates.
            var offDiagonal = Self.policyMatrix(n, &rng)
            offDiagonal[(n - 1) * n] = .nan
            expect(offDiagonal, n, column: n - 1, "NaN below the diagonal, n = \(n)")
            // `.automatic` finds such matrices not dominant and lets LAPACK report them.
            XCTAssertThrowsError(try LUFactorization(nan, n: n))
        }
    }

    /// Same input, same bits: factors and solutions of two factorizations are identical.
    /// Writing the matrix straight into the factor storage (`init(diagonallyDominant:fill:)`,
    /// what policy evaluation uses) gives bitwise the factors of the copying path; a zero pivot
    /// still throws.
    func testAssemblingIntoTheFactorStorageEqualsCopying() throws {
        var rng = SeededGenerator(seed: 45)
        for n in [7, 33, 100, 130] {
            let a = Self.policyMatrix(n, &rng)
            let copied = try LUFactorization(a, n: n, backend: .diagonallyDominant)
            let assembled = try LUFactorization(diagonallyDominant: n) { rows, ld in
                for i in 0..<n { for j in 0..<n where a[i * n + j] != 0 { rows[i * ld + j] = a[i * n + j] } }
            }
            XCTAssertEqual(assembled.backend, .diagonallyDominant)
            XCTAssertEqual(try XCTUnwrap(assembled.dominantFactors).map(\.bitPattern),
                           try XCTUnwrap(copied.dominantFactors).map(\.bitPattern), "n = \(n)")
        }
        XCTAssertThrowsError(try LUFactorization(diagonallyDominant: 9) { rows, ld in
            for i in 0..<9 where i != 4 { rows[i * ld + i] = 1 }
        }) { XCTAssertEqual($0 as? LinearAlgebraError, .singular(column: 4)) }
        // The policy evaluation path assembles I - C P_pi exactly: same factors as the dense copy.
        let mdp = try Garnet.mdp(states: 40, actions: 3, branching: 4, gamma: 0.9, tau: 0.1, seed: 5)
        let pi = Policy.softmax(logits: (0..<120).map { _ in rng.normal() }, stateCount: 40, actionCount: 3)
        var dense = [Double](repeating: 0, count: 40 * 40)
        for s in 0..<40 {
            dense[s * 40 + s] += 1
            for act in 0..<3 { for t in 0..<40 { dense[s * 40 + t] -= mdp.continuation[s] * pi[s, act] * mdp.p(s, act, t) } }
        }
        let system = PolicySystem.factorized(mdp, policy: pi.probabilities)
        let reference = try LUFactorization(dense, n: 40, backend: .diagonallyDominant)
        let got = try XCTUnwrap(system.factorization.dominantFactors), want = try XCTUnwrap(reference.dominantFactors)
        for i in 0..<got.count { XCTAssertEqual(got[i], want[i], accuracy: 1e-15, "factor entry \(i)") }
    }

    func testFactorsAndSolutionsAreBitwiseDeterministic() throws {
        var rng = SeededGenerator(seed: 44)
        for n in [7, 33, 130] {
            let a = Self.signedMatrix(n, &rng)
            let b = (0..<n).map { _ in rng.normal() }
            let first = try LUFactorization(a, n: n, backend: .diagonallyDominant)
            let second = try LUFactorization(a, n: n, backend: .diagonallyDominant)
            let f1 = try XCTUnwrap(first.dominantFactors), f2 = try XCTUnwrap(second.dominantFactors)
            XCTAssertEqual(f1.map(\.bitPattern), f2.map(\.bitPattern), "factors, n = \(n)")
            XCTAssertEqual(first.solve(b).map(\.bitPattern), second.solve(b).map(\.bitPattern), "solve, n = \(n)")
            XCTAssertEqual(first.solveTransposed(b).map(\.bitPattern), second.solveTransposed(b).map(\.bitPattern),
                           "solveTransposed, n = \(n)")
            // One factorization, repeated solves: the factors are never modified by a solve.
            XCTAssertEqual(first.solve(b).map(\.bitPattern), second.solve(b).map(\.bitPattern))
        }
    }

    /// `.automatic` factors dominant matrices in `dominantRange` without pivoting and anything
    /// else with partial pivoting (LAPACK, or the loops below `lapackThreshold`).
    func testAutomaticChoosesByDominance() throws {
        var rng = SeededGenerator(seed: 45)
        let lower = LUFactorization.dominantRange.lowerBound
        XCTAssertEqual(try LUFactorization(Self.policyMatrix(lower, &rng), n: lower).backend, .diagonallyDominant)
        XCTAssertEqual(try LUFactorization(Self.policyMatrix(100, &rng), n: 100).backend, .diagonallyDominant)
        if lower > 1 {
            XCTAssertEqual(try LUFactorization(Self.policyMatrix(lower - 1, &rng), n: lower - 1).backend, .native)
        }
        // One row short of dominance: pivoting, and the same solution either way.
        var a = Self.signedMatrix(40, &rng)
        a[17 * 40 + 17] = 0.5 * a[17 * 40 + 17]
        let general = try LUFactorization(a, n: 40)
        XCTAssertEqual(general.backend, .lapack)
        let b = (0..<40).map { _ in rng.normal() }
        XCTAssertLessThanOrEqual(Self.backwardError(a, 40, general.solve(b), b, transposed: false), 1e-13)
    }
}

import Foundation

/// The linear systems of one policy's evaluation: `A x = b` and `A^T x = b` with
/// `A = I - C P_pi` (docs/math.md section 1), solved to double-precision backward error.
///
/// Two ways to solve, same contract:
/// - **direct**: an LU factorization of `A` itself (`isExact`), O(n^3/3) once, then O(n^2)
///   per solve; shared through the dynamics' memo (`FactorizationCache`), so the evaluations
///   of one policy under several rewards reuse it.
/// - **refined**: the LU of a *nearby* matrix `A_0` (the previous policy's, or the previous
///   outer iterate's dynamics) as a preconditioner for iterative refinement
///   `x <- x + A_0^{-1} (b - A x)`, with the residual computed exactly from the sparse rows of
///   `P` (O(nnz) per step). This is LAPACK's `dsgesv` scheme (there: a single-precision LU of
///   `A` itself) with its stopping rule: stop when
///   `|b - A x|_inf <= max(sqrt(n), 8) eps (|A|_inf |x|_inf + |b|_inf)`, i.e. at the backward
///   error of a direct solve. The error contracts by `|I - A_0^{-1} A|`, which is small when
///   the policies (and dynamics) are close: consecutive soft-policy-iteration steps near the
///   optimum, the soft-optimal policy after its last evaluation, consecutive outer iterates.
///   If a step reduces the residual by less than half, or the contraction observed so far
///   predicts more steps than a factorization of `A` is worth (`refinementBudget(solves:)`),
///   refinement gives up (`refine` returns nil) and callers factorize.
///
/// Values never depend on the memo (a hit is the identical factorization). They do depend,
/// within rounding (backward error as above), on which preconditioner a caller passes; callers
/// pass it explicitly (never through shared state), so a run is deterministic.
public struct PolicySystem: Sendable {
    /// LU of `A` (`isExact`) or of the preconditioner `A_0`.
    public let factorization: LUFactorization
    public let isExact: Bool
    /// Refinement steps the solve that built this system needed (0 when exact): how good a
    /// preconditioner `factorization` still is for policies near this one.
    public let refinementSteps: Int
    let transitions: SparseTransitions
    let continuation: [Double]
    let policy: [Double]

    public var stateCount: Int { transitions.stateCount }

    /// The direct system: LU of `A = I - C P_pi`, from the dynamics' memo or freshly factorized
    /// (dense, or band LU when the dynamics only link nearby states).
    public static func factorized(_ mdp: TabularMDP, policy pi: [Double]) -> PolicySystem {
        let sp = mdp.sparseTransitions
        return PolicySystem(factorization: memoizedFactorization(sp, mdp.continuation, pi), isExact: true, refinementSteps: 0,
                            transitions: sp, continuation: mdp.continuation, policy: pi)
    }

    /// The LU of `I - C P_pi` from the memo of the dynamics `sp`, or factorized and memoized.
    static func memoizedFactorization(_ sp: SparseTransitions, _ continuation: [Double], _ pi: [Double]) -> LUFactorization {
        let cache = sp.factorizations
        let key = FactorizationCache.key(pi)
        if let hit = cache.lookup(pi, hash: key) { return hit }
        // Keeps factor-sized blocks in the heap (see LAPACK.configure) whichever backend runs.
        LAPACK.configure()
        let n = sp.stateCount
        let lu: LUFactorization
        // I - C P_pi is strictly row diagonally dominant for gamma < 1: never singular, and
        // elimination without pivoting is backward stable (growth factor <= 2).
        if sp.prefersBanded {
            let kl = sp.upperBandwidth, ku = sp.lowerBandwidth, ld = 2 * kl + ku + 1
            var ab = [Double](repeating: 0, count: ld * n)
            ab.withUnsafeMutableBufferPointer { assemble(sp, continuation, pi, into: $0.baseAddress!) { s, t in kl + ku + t - s + s * ld } }
            lu = try! LUFactorization(bandedTransposed: &ab, n: n, lower: kl, upper: ku)
        } else if LUFactorization.dominantRange.contains(n) {
            lu = try! LUFactorization(diagonallyDominant: n) { rows, ld in
                assemble(sp, continuation, pi, into: rows) { s, t in s * ld + t }
            }
        } else {
            var a = [Double](repeating: 0, count: n * n)
            a.withUnsafeMutableBufferPointer { assemble(sp, continuation, pi, into: $0.baseAddress!) { s, t in s * n + t } }
            lu = try! LUFactorization(factoring: &a, n: n)
        }
        cache.insert(pi, hash: key, lu)
        return lu
    }

    /// A system for `A = I - C P_pi` of `mdp` preconditioned by `preconditioner`'s factorization
    /// (of another policy and possibly other dynamics with the same number of states).
    init(_ mdp: TabularMDP, policy pi: [Double], preconditioner: LUFactorization, steps: Int = 0) {
        precondition(preconditioner.n == mdp.stateCount, "preconditioner has n = \(preconditioner.n), the MDP \(mdp.stateCount)")
        self.factorization = preconditioner
        self.isExact = false
        self.refinementSteps = steps
        self.transitions = mdp.sparseTransitions
        self.continuation = mdp.continuation
        self.policy = pi
    }

    /// Bounds for the stopping rule: `|A|_inf <= 1 + max c` and `|A|_1 = |A^T|_inf <=
    /// 1 + max_t sum_s c(s) P_pi[s, t]` (O(nnz), computed only for transposed solves).
    func normBound(transposed: Bool) -> Double {
        let cMax = continuation.max() ?? 0
        guard transposed else { return 1 + cMax }
        let sp = transitions
        let n = sp.stateCount, m = sp.actionCount
        var column = [Double](repeating: 0, count: n)
        sp.rowStart.withUnsafeBufferPointer { start in
            sp.probability.withUnsafeBufferPointer { prob in
                sp.column.withUnsafeBufferPointer { col in
                    for s in 0..<n where continuation[s] != 0 {
                        for a in 0..<m {
                            let w = continuation[s] * policy[s * m + a]
                            for k in start[s * m + a]..<start[s * m + a + 1] { column[col[k]] += w * prob[k] }
                        }
                    }
                }
            }
        }
        return 1 + (column.max() ?? 0)
    }

    private init(factorization: LUFactorization, isExact: Bool, refinementSteps: Int, transitions: SparseTransitions,
                 continuation: [Double], policy: [Double]) {
        self.factorization = factorization
        self.isExact = isExact
        self.refinementSteps = refinementSteps
        self.transitions = transitions
        self.continuation = continuation
        self.policy = policy
    }

    func with(refinementSteps steps: Int) -> PolicySystem {
        PolicySystem(factorization: factorization, isExact: isExact, refinementSteps: steps, transitions: transitions,
                     continuation: continuation, policy: policy)
    }

    /// How many refinement steps cost as much as a factorization of `A`: a step costs one
    /// solve with the factors plus one sparse product, a factorization ~n^3/3 multiply-adds
    /// (dense) or n kl (kl + ku) (band), which run about twice as fast per multiply-add
    /// (blocked BLAS-3) as the solves.
    var stepsPerFactorization: Double {
        let n = Double(stateCount)
        let nnz = Double(transitions.nonzeroCount)
        let solve: Double, factor: Double
        switch factorization.backend {
        case .banded:
            let kl = Double(factorization.bandLower), ku = Double(factorization.bandUpper)
            solve = 2 * n * (2 * kl + ku + 1); factor = n * kl * (kl + ku + 1)
        default:
            solve = 2 * n * n; factor = n * n * n / 3
        }
        return factor / (2 * (solve + nnz + 4 * n))
    }

    /// The refinement steps one solve may take when the system is expected to serve `solves`
    /// solves: together they must cost less than a factorization. At most 30 (dsgesv's cap).
    func refinementBudget(solves: Int) -> Int {
        min(30, Int(stepsPerFactorization / Double(max(1, solves))))
    }

    /// Whether `factorization` may precondition a system near this one that will serve
    /// `solves` solves: the budget allows at least two steps, and (refined systems) this
    /// system's own solve fitted in it. Whether refinement pays for the new system is then
    /// decided by its observed contraction (`refine`).
    public func isGoodPreconditioner(solves: Int) -> Bool {
        let budget = refinementBudget(solves: solves)
        return budget >= 2 && (isExact || refinementSteps <= budget)
    }

    /// `out = A x` (or `A^T x`) from the sparse rows of `P`.
    func apply(_ x: UnsafePointer<Double>, transposed: Bool, into out: UnsafeMutablePointer<Double>) {
        let sp = transitions
        let n = sp.stateCount, m = sp.actionCount
        sp.rowStart.withUnsafeBufferPointer { start in
            sp.column.withUnsafeBufferPointer { col in
                sp.probability.withUnsafeBufferPointer { prob in
                    policy.withUnsafeBufferPointer { pi in
                        continuation.withUnsafeBufferPointer { c in
                            if transposed {
                                for t in 0..<n { out[t] = x[t] }
                                for s in 0..<n where c[s] != 0 {
                                    let xs = c[s] * x[s]
                                    if xs == 0 { continue }
                                    for a in 0..<m {
                                        let w = xs * pi[s * m + a]
                                        if w == 0 { continue }
                                        for k in start[s * m + a]..<start[s * m + a + 1] { out[col[k]] -= w * prob[k] }
                                    }
                                }
                            } else {
                                for s in 0..<n {
                                    var acc = 0.0
                                    if c[s] != 0 {
                                        for a in 0..<m {
                                            let p = pi[s * m + a]
                                            if p == 0 { continue }
                                            var e = 0.0
                                            for k in start[s * m + a]..<start[s * m + a + 1] { e += prob[k] * x[col[k]] }
                                            acc += p * e
                                        }
                                    }
                                    out[s] = x[s] - c[s] * acc
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Iterative refinement from `guess` (default `A_0^{-1} b`). Returns the solution and the
    /// number of steps, or nil when refinement stalls, or when the observed contraction
    /// predicts more steps than `refinementBudget(solves:)` (see the type's documentation).
    /// Exact systems solve directly (0 steps).
    public func refine(_ b: [Double], transposed: Bool, guess: [Double]? = nil, solves: Int = 4) -> (x: [Double], steps: Int)? {
        let n = stateCount
        precondition(b.count == n, "right-hand side has \(b.count) entries, expected \(n)")
        if isExact {
            var x = b
            factorization.solve(&x, transposed: transposed)
            return (x, 0)
        }
        let budget = refinementBudget(solves: solves)
        if budget < 1 { return nil }
        var x: [Double]
        var steps = 0
        if let guess {
            precondition(guess.count == n)
            x = guess
        } else {
            x = b
            factorization.solve(&x, transposed: transposed)
            steps = 1
        }
        var r = [Double](repeating: 0, count: n)
        let norm = normBound(transposed: transposed)
        let bNorm = b.reduce(0) { max($0, abs($1)) }
        let factor = max(Double(n).squareRoot(), 8) * Double.ulpOfOne
        var last = Double.infinity
        while true {
            // r = b - A x
            x.withUnsafeBufferPointer { xp in
                r.withUnsafeMutableBufferPointer { rp in apply(xp.baseAddress!, transposed: transposed, into: rp.baseAddress!) }
            }
            var rNorm = 0.0, xNorm = 0.0
            for i in 0..<n {
                r[i] = b[i] - r[i]
                rNorm = max(rNorm, abs(r[i]))
                xNorm = max(xNorm, abs(x[i]))
            }
            guard rNorm.isFinite, xNorm.isFinite else { return nil }
            let target = factor * (norm * xNorm + bNorm)
            if rNorm <= target { return (x, steps) }
            if steps >= budget || rNorm > 0.5 * last { return nil }
            // Observed contraction q: about log(target / r) / log(q) more steps are needed.
            if last.isFinite, steps + Int((log(target / rNorm) / log(rNorm / last)).rounded(.up)) > budget { return nil }
            last = rNorm
            factorization.solve(&r, transposed: transposed)
            for i in 0..<n { x[i] += r[i] }
            steps += 1
        }
    }

    /// Solves `A x = b` (or `A^T x = b`): directly, by refinement, or, if refinement gives up,
    /// with the LU of `A` itself (from the memo when present).
    public func solve(_ b: [Double], transposed: Bool, guess: [Double]? = nil) -> [Double] {
        if let (x, _) = refine(b, transposed: transposed, guess: guess) { return x }
        var x = b
        exactFactorization().solve(&x, transposed: transposed)
        return x
    }

    /// The LU of `A` itself.
    func exactFactorization() -> LUFactorization {
        isExact ? factorization : Self.memoizedFactorization(transitions, continuation, policy)
    }

    // MARK: assembly of A

    /// Writes `A = I - C P_pi` entry by entry into a zeroed buffer, `A[s, t]` at `a[index(s, t)]`,
    /// visiting only the nonzeros of `P` (CSR rows).
    @inline(__always)
    static func assemble(_ sp: SparseTransitions, _ continuation: [Double], _ pi: [Double],
                         into a: UnsafeMutablePointer<Double>, index: (Int, Int) -> Int) {
        let n = sp.stateCount, m = sp.actionCount
        sp.rowStart.withUnsafeBufferPointer { start in
            sp.column.withUnsafeBufferPointer { col in
                sp.probability.withUnsafeBufferPointer { prob in
                    pi.withUnsafeBufferPointer { pi in
                        for s in 0..<n {
                            a[index(s, s)] = 1
                            let c = continuation[s]
                            if c == 0 { continue }
                            for act in 0..<m {
                                let sa = s * m + act
                                let w = c * pi[sa]
                                if w == 0 { continue }
                                for k in start[sa]..<start[sa + 1] { a[index(s, col[k])] -= w * prob[k] }
                            }
                        }
                    }
                }
            }
        }
    }
}

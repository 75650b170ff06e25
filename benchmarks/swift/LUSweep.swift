import BilevelCore
import Environments

/// Times the two LU backends (factorization + one solve of each kind) on `I - gamma P_pi` of
/// Garnet instances: the measurement behind `LUFactorization.lapackThreshold`.
enum BilevelBench {}
extension BilevelBench { static func luSweep(sizes: [Int], harness: Harness) throws {
    print(row(["lu backend", "n", "", "native", "lapack", "ratio"]))
    for n in sizes {
        let g = try GarnetBilevel(states: n, seed: 1)
        let pi = Policy.softmax(logits: g.y0, stateCount: n, actionCount: g.actions)
        var a = [Double](repeating: 0, count: n * n)
        for s in 0..<n {
            a[s * n + s] = 1
            for act in 0..<g.actions {
                for t in g.mdp.successors[s * g.actions + act] {
                    a[s * n + t] -= g.gamma * pi[s, act] * g.mdp.p(s, act, t)
                }
            }
        }
        let b = [Double](repeating: 1, count: n)
        var times: [Double] = []
        for backend in [LUBackend.native, .lapack] {
            let t = harness.measure { () -> [Double] in
                let lu = try! LUFactorization(a, n: n, backend: backend)
                return lu.solveTransposed(lu.solve(b))
            }
            times.append(t.median)
        }
        print(row(["factor+2 solves", "\(n)", "", formatSeconds(times[0]), formatSeconds(times[1]),
                   String(format: "%.2f", times[1] / times[0])]))
        var solveTimes: [Double] = []
        for backend in [LUBackend.native, .lapack] {
            let lu = try LUFactorization(a, n: n, backend: backend)
            solveTimes.append(harness.measure { lu.solveTransposed(lu.solve(b)) }.median)
        }
        print(row(["2 solves", "\(n)", "", formatSeconds(solveTimes[0]), formatSeconds(solveTimes[1]),
                   String(format: "%.2f", solveTimes[1] / solveTimes[0])]))
    }
}}

import Foundation
import BilevelCore
import Environments

/// Times the three dense LU backends on `I - gamma P_pi` of Garnet instances: the factorization
/// alone (copy of the matrix included, as every caller pays it), two solves (`A x = b` and
/// `A^T x = b`) with existing factors, and both together. The measurement behind
/// `LUFactorization.lapackThreshold` and `LUFactorization.dominantRange`.
enum BilevelBench {}
extension BilevelBench { static func luSweep(sizes: [Int], harness: Harness) throws {
    let backends: [LUBackend] = [.native, .lapack, .diagonallyDominant]
    func line(_ cells: [String]) -> String {
        let widths = [16, 6, 12, 12, 12, 14]
        return zip(cells, widths).enumerated().map { i, cw in
            let pad = String(repeating: " ", count: max(0, cw.1 - cw.0.count))
            return i == 0 ? cw.0 + pad : pad + cw.0
        }.joined(separator: " ")
    }
    print(line(["lu (CPU time)", "n", "native", "lapack", "dominant", "lapack/dominant"]))
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
        var factor: [Double] = [], solves: [Double] = [], both: [Double] = []
        for backend in backends {
            factor.append(harness.measure { try! LUFactorization(a, n: n, backend: backend) }.median)
            let lu = try LUFactorization(a, n: n, backend: backend)
            solves.append(harness.measure { lu.solveTransposed(lu.solve(b)) }.median)
            both.append(harness.measure { () -> [Double] in
                let lu = try! LUFactorization(a, n: n, backend: backend)
                return lu.solveTransposed(lu.solve(b))
            }.median)
        }
        for (name, t) in [("factor", factor), ("2 solves", solves), ("factor+2 solves", both)] {
            print(line([name, "\(n)"] + t.map(formatSeconds) + [String(format: "%.2f", t[1] / t[2])]))
        }
    }
}}

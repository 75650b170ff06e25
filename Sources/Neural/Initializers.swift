import Foundation

/// Weight initializers, drawing from any seeded generator through `next()` only (uniforms are
/// `(next() >> 11) * 2^-53`, normals Box-Muller), so a seed fixes the weights on every platform.
public enum Initializer: Sendable, Equatable {
    /// Orthogonal rows (or columns, whichever are fewer) scaled by `gain`, as
    /// `torch.nn.init.orthogonal_` and stable-baselines3's policies use (gain sqrt(2) for hidden
    /// ReLU/tanh layers, 0.01 for a policy head, 1 for a value head).
    case orthogonal(gain: Double)
    /// Glorot/Xavier uniform: `U(-a, a)`, `a = gain * sqrt(6 / (in + out))`.
    case xavierUniform(gain: Double)

    static func uniform<G: RandomNumberGenerator>(_ rng: inout G) -> Double { Double(rng.next() >> 11) * 0x1.0p-53 }

    static func normal<G: RandomNumberGenerator>(_ rng: inout G) -> Double {
        var u = uniform(&rng)
        while u <= 0 { u = uniform(&rng) }
        let v = uniform(&rng)
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }

    /// An `rows x cols` row-major matrix.
    public func matrix<G: RandomNumberGenerator>(rows: Int, cols: Int, rng: inout G) -> [Double] {
        switch self {
        case .xavierUniform(let gain):
            let a = gain * (6.0 / Double(rows + cols)).squareRoot()
            return (0..<(rows * cols)).map { _ in a * (2 * Self.uniform(&rng) - 1) }
        case .orthogonal(let gain):
            // Gram-Schmidt (twice, for stability) on the k = min(rows, cols) vectors of length
            // n = max(rows, cols) of a Gaussian matrix; those vectors become the rows (rows <= cols)
            // or the columns of the result.
            let k = min(rows, cols), n = max(rows, cols)
            var v = (0..<(k * n)).map { _ in Self.normal(&rng) }
            for i in 0..<k {
                for _ in 0..<2 {
                    for j in 0..<i {
                        var dot = 0.0
                        for t in 0..<n { dot += v[i * n + t] * v[j * n + t] }
                        for t in 0..<n { v[i * n + t] -= dot * v[j * n + t] }
                    }
                }
                var norm = 0.0
                for t in 0..<n { norm += v[i * n + t] * v[i * n + t] }
                norm = norm.squareRoot()
                for t in 0..<n { v[i * n + t] /= norm }
            }
            if rows <= cols { return v.map { gain * $0 } }
            var out = [Double](repeating: 0, count: rows * cols)
            for c in 0..<cols { for r in 0..<rows { out[r * cols + c] = gain * v[c * n + r] } }
            return out
        }
    }
}

extension MLP {
    /// Initializes layer weights with `hidden` (every layer but the last) and `output` (the last
    /// layer), biases with zero.
    public mutating func initialize<G: RandomNumberGenerator>(hidden: Initializer, output: Initializer, rng: inout G) {
        for l in 0..<layerCount {
            let w = (l == layerCount - 1 ? output : hidden).matrix(rows: sizes[l + 1], cols: sizes[l], rng: &rng)
            let o = weightOffset(l)
            for i in 0..<w.count { parameters[o + i] = w[i] }
            for j in 0..<sizes[l + 1] { parameters[biasOffset(l) + j] = 0 }
        }
    }
}

import Foundation

/// xoshiro256** seeded through SplitMix64: a small, fast, seedable generator whose stream is
/// fixed by its seed on every platform (Swift's system generator is not seedable).
///
/// `uniform()` is `(next() >> 11) * 2^-53` in [0, 1) and `normal()` is Box-Muller, both defined
/// here so that results never depend on the standard library's sampling algorithms.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var sm = seed
        func splitMix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// An independent stream for a sub-task, e.g. `SeededGenerator(seed: seed, stream: 2)`.
    public init(seed: UInt64, stream: UInt64) {
        self.init(seed: seed &* 0x2545_F491_4F6C_DD1D &+ stream &* 0x9E37_79B9_7F4A_7C15 &+ 1)
    }

    @inline(__always) static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = Self.rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3
        s.2 ^= t
        s.3 = Self.rotl(s.3, 45)
        return result
    }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [a, b).
    public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }

    /// Standard normal (Box-Muller).
    public mutating func normal() -> Double {
        var u = uniform()
        while u <= 0 { u = uniform() }
        let v = uniform()
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }

    /// Uniform integer in 0..<n.
    public mutating func index(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// `k` distinct indices from 0..<n (partial Fisher-Yates), in draw order.
    public mutating func distinct(_ k: Int, of n: Int) -> [Int] {
        var pool = Array(0..<n)
        for i in 0..<k { pool.swapAt(i, i + index(n - i)) }
        return Array(pool[0..<k])
    }
}

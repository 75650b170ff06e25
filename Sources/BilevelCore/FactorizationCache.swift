import Foundation

/// A small, thread-safe memo of LU factorizations of `A = I - C P_pi`, keyed by the policy
/// table `pi` (exact equality of every entry), for one fixed dynamics `(P, C)`.
///
/// The matrix is a deterministic function of `(P, C, pi)`, so a hit returns exactly the
/// factorization that recomputing would give: numbers never depend on the cache. Least
/// recently used entries are dropped beyond `capacity` (at most ~64 MB of factors).
final class FactorizationCache: @unchecked Sendable {
    private struct Entry {
        var hash: Int
        var policy: [Double]
        var lu: LUFactorization
    }

    private let lock = NSLock()
    private var entries: [Entry] = []
    let capacity: Int

    init(stateCount n: Int) {
        // The unpivoted kernel keeps two padded copies of the factors (~16 n^2 bytes).
        let bytes = 16 * n * n
        capacity = max(2, min(8, (64 << 20) / max(1, bytes)))
    }

    /// A cheap hash of the bit patterns of `pi` (multiply-xorshift per entry; lookups compare
    /// the whole table, so the hash only needs to separate different policies quickly).
    static func key(_ pi: [Double]) -> Int {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(pi.count &+ 1)
        pi.withUnsafeBufferPointer { p in
            for v in p {
                h = (h ^ v.bitPattern) &* 0xFF51_AFD7_ED55_8CCD
                h ^= h >> 29
            }
        }
        return Int(truncatingIfNeeded: h)
    }

    func lookup(_ pi: [Double], hash: Int) -> LUFactorization? {
        lock.lock(); defer { lock.unlock() }
        guard let i = entries.firstIndex(where: { $0.hash == hash && $0.policy == pi }) else { return nil }
        let e = entries.remove(at: i)
        entries.append(e)
        return e.lu
    }

    func removeAll() {
        lock.lock(); defer { lock.unlock() }
        entries.removeAll()
    }

    func insert(_ pi: [Double], hash: Int, _ lu: LUFactorization) {
        lock.lock(); defer { lock.unlock() }
        if entries.contains(where: { $0.hash == hash && $0.policy == pi }) { return }
        entries.append(Entry(hash: hash, policy: pi, lu: lu))
        if entries.count > capacity { entries.removeFirst() }
    }
}

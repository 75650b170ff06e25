import Foundation

/// A timing of one kernel: per-call seconds of each sample (a sample times a batch of calls
/// long enough to be well above the clock's resolution), as CPU time of the calling thread
/// (`samples`: what the kernel costs, unaffected by the time the scheduler gives to the other
/// helpers' compilations on this shared machine) and as wall time (`wallSamples`).
struct Measurement: Codable {
    var samples: [Double]
    var wallSamples: [Double]
    var callsPerSample: Int
    var median: Double { sortedMedian(samples) }
    var minimum: Double { samples.min() ?? .nan }
    var wallMedian: Double { sortedMedian(wallSamples) }
}

func sortedMedian(_ v: [Double]) -> Double {
    let s = v.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
}

@inline(__always) func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + 1e-9 * Double(t.tv_nsec)
}

/// CPU time of the calling thread (kernels run single-threaded, BLAS included).
@inline(__always) func threadCPUTime() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + 1e-9 * Double(t.tv_nsec)
}

/// Keeps a result alive so the optimizer cannot drop the computation that produced it.
@inline(never) func blackHole<T>(_ x: T) { withExtendedLifetime(x) {} }

/// The harness: one warm-up call (also sizes the batch so a sample lasts >= `minSampleTime`),
/// then samples until `budget` seconds have passed and at least `minSamples` were taken (at
/// most `maxSamples`). Medians are robust to the other helpers' compilations on this machine.
struct Harness {
    var budget = 0.4
    var minSamples = 5
    var maxSamples = 200
    var minSampleTime = 0.002

    func measure<T>(_ body: () -> T) -> Measurement {
        let t0 = now()
        blackHole(body())
        let first = max(now() - t0, 1e-9)
        let batch = max(1, Int((minSampleTime / first).rounded(.up)))
        var samples: [Double] = [], wall: [Double] = []
        let start = now()
        while samples.count < maxSamples && (samples.count < minSamples || now() - start < budget) {
            let a = now(), c = threadCPUTime()
            for _ in 0..<batch { blackHole(body()) }
            samples.append((threadCPUTime() - c) / Double(batch))
            wall.append((now() - a) / Double(batch))
        }
        return Measurement(samples: samples, wallSamples: wall, callsPerSample: batch)
    }
}

/// `1.23 ms`-style formatting of seconds.
func formatSeconds(_ s: Double) -> String {
    if s >= 1 { return String(format: "%.2f s", s) }
    if s >= 1e-3 { return String(format: "%.2f ms", s * 1e3) }
    return String(format: "%.1f us", s * 1e6)
}

/// One table row: left-aligned text columns then right-aligned numbers.
func row(_ cells: [String]) -> String {
    let widths = [14, 6, 16, 12, 12, 8]
    return zip(cells, widths).enumerated().map { i, cw in
        let (c, w) = cw
        let pad = String(repeating: " ", count: max(0, w - c.count))
        return i < 3 ? c + pad : pad + c
    }.joined(separator: " ")
}

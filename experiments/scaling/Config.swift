import Lab

/// E6 `scaling` (docs/experiments.md): time per iteration of PBRL-value, PBRL-Bellman and the exact
/// hypergradient on Garnet MDPs of growing size, tabular reward (`dim x = n m`).
struct ScalingConfig: Sendable {
    /// Numbers of states n.
    var sizes: [Int]
    var actions: Int
    /// Successors per (s, a) of the Garnet instances.
    var branching: Int
    var gamma: Double
    var tau: Double
    /// PBRL penalty weight; steps alpha = 0.1/lambda, beta = 2/lambda (stable; docs/math.md section 5).
    var lambda: Double
    /// Tolerance of the exact lower-level solves (soft policy iteration).
    var tolerance: Double
    /// Optimizer steps taken before timing (so the inner oracle is warm-started).
    var warmupSteps: Int
    /// Steps timed one by one per size; the per-iteration time is their median.
    var timedSteps: Int
    /// Exponents are fitted on sizes n >= fitFrom (below, constant overheads dominate).
    var fitFrom: Int

    static func read(_ c: ConfigReader) throws -> ScalingConfig {
        let sizes = try c.ints("sizes", min: 2)
        guard !sizes.isEmpty, sizes == sizes.sorted(), Set(sizes).count == sizes.count else {
            throw ConfigError(.badValue, "\(c.file): 'sizes' must be a non-empty increasing list of state counts, e.g. [10, 30, 100]")
        }
        let cfg = ScalingConfig(
            sizes: sizes,
            actions: try c.int("actions", min: 1),
            branching: try c.int("branching", min: 1),
            gamma: try c.double("gamma", in: 0..<1),
            tau: try c.double("tau", in: .positive),
            lambda: try c.double("lambda", in: .positive),
            tolerance: try c.double("tolerance", in: .positive),
            warmupSteps: try c.int("warmup_steps", min: 0),
            timedSteps: try c.int("timed_steps", min: 1),
            fitFrom: try c.int("fit_from", min: 2))
        guard cfg.sizes.filter({ $0 >= cfg.fitFrom }).count >= 2 else {
            throw ConfigError(.badValue, "\(c.file): 'fit_from' = \(cfg.fitFrom) leaves fewer than two sizes to fit an exponent on; sizes are \(cfg.sizes)")
        }
        // Dense solves hold about four n x n matrices of doubles (32 n^2 bytes), plus the
        // sparse transitions (n * actions * branching entries): refuse before allocating.
        for n in cfg.sizes {
            let bytes = 32 * Double(n) * Double(n) + 16 * Double(n) * Double(cfg.actions) * Double(cfg.branching)
            if let problem = Limits.memory(bytes, bytesPerElement: 1, what: "size n = \(n) (actions \(cfg.actions), branching \(cfg.branching))") {
                throw ConfigError(.outOfRange, "\(c.location("sizes")): 'sizes': \(problem)")
            }
        }
        guard cfg.branching <= cfg.sizes[0] else {
            throw ConfigError(.outOfRange, "\(c.location("branching")): 'branching' = \(cfg.branching) exceeds the smallest size n = \(cfg.sizes[0]) (successors per state-action pair are distinct states)")
        }
        return cfg
    }
}

import Foundation

/// A command line that asks for something that does not exist or cannot be run, e.g.
/// `--methods ''`, `--seeds 0,0`, or `--params lambda=7` when no job has lambda = 7.
///
/// `Experiment.main` prints it as one line and exits with status 2 (as for a bad config),
/// before anything is written.
public struct UsageError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Upper bounds on what one invocation may ask for, checked before anything is allocated
/// (docs/robustness.md). Each bound is far above what any profile uses; a value beyond it is
/// almost always a typo (`1e12` iterations, `0..1000000000` seeds).
public enum Limits {
    /// Any integer a config reads as a count (iterations, sizes, steps) unless the
    /// experiment gives its own bound.
    public static let count = 10_000_000
    /// Seeds in one run (`--seeds`, `seeds:`).
    public static let seeds = 10_000
    /// Jobs in one run (methods x parameter grid x seeds).
    public static let jobs = 100_000
    /// Bytes of memory an experiment may plan for one dense allocation before refusing (8 GiB).
    public static let bytes = 8 << 30

    /// `count * elementBytes` when within `bytes`; otherwise a `ConfigError` naming `what`
    /// and the estimated memory, e.g. "needs 51.2 GB for the transition tensor".
    public static func memory(_ count: Double, bytesPerElement: Double, what: String) -> String? {
        let needed = count * bytesPerElement
        guard needed > Double(bytes) else { return nil }
        return "\(what) would need \(formatBytes(needed)) of memory; the limit is \(formatBytes(Double(bytes)))"
    }

    /// "51.2 GB", "812 MB".
    public static func formatBytes(_ bytes: Double) -> String {
        if bytes >= 1e9 { return String(format: "%.1f GB", bytes / 1e9) }
        if bytes >= 1e6 { return String(format: "%.0f MB", bytes / 1e6) }
        return String(format: "%.0f kB", bytes / 1e3)
    }
}

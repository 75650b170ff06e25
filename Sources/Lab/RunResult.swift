import Foundation

/// What one job computes: the numbers that go into its run record.
///
/// - `series`: per-iteration metrics, name -> values (one per iteration, or per point of
///   the x axis named in `xAxis`).
/// - `xAxis`: series name -> name of the series holding its x values (e.g. `"return":
///   "queries"`); a series without an entry is plotted against its index.
/// - `finals`: final metrics, name -> value.
/// - `matrices`: small arrays of arrays (a policy, a learned incentive map).
/// - `labels`: short strings worth keeping (e.g. the chosen learning rate's cell); never timings.
/// - `measurements`: numbers that differ from run to run by nature (CPU seconds), kept apart
///   so that everything else of a record is identical for identical inputs.
/// - `instance`: the problem instance (MDP tensors), kept when its JSON is at most
///   `RunRecord.instanceLimit` bytes so anyone can recheck the numbers.
///
/// Every number must be finite; a non-finite one fails the run (see `NonFiniteError`).
public struct RunResult: Sendable {
    public var series: [String: [Double]] = [:]
    public var xAxis: [String: String] = [:]
    public var finals: [String: Double] = [:]
    public var matrices: [String: [[Double]]] = [:]
    public var labels: [String: String] = [:]
    /// Run-to-run numbers (timings), name -> values: see `RunRecord.measurements`.
    public var measurements: [String: [Double]] = [:]
    public var instance: JSONValue?
    /// Recorded episodes (any JSON, e.g. a list of `{"start", "actions", "sticky", "rewards"}`).
    public var episodes: JSONValue?

    public init() {}

    /// Stores `value` (any `Encodable`, e.g. an MDP) as the record's instance.
    public mutating func setInstance<T: Encodable>(_ value: T) throws {
        instance = try JSONValue(encoding: value)
    }

    /// Throws `NonFiniteError` naming the first non-finite number.
    public func validate() throws {
        for name in series.keys.sorted() {
            if let index = series[name]!.firstIndex(where: { !$0.isFinite }) {
                throw NonFiniteError(name: "series '\(name)'", iteration: index, value: series[name]![index])
            }
        }
        for name in finals.keys.sorted() where !finals[name]!.isFinite {
            throw NonFiniteError(name: "final '\(name)'", value: finals[name]!)
        }
        for name in matrices.keys.sorted() {
            for (i, row) in matrices[name]!.enumerated() {
                if let j = row.firstIndex(where: { !$0.isFinite }) {
                    throw NonFiniteError(name: "matrix '\(name)'[\(i)][\(j)]", value: row[j])
                }
            }
        }
        for name in measurements.keys.sorted() {
            if let index = measurements[name]!.firstIndex(where: { !$0.isFinite }) {
                throw NonFiniteError(name: "measurement '\(name)'[\(index)]", value: measurements[name]![index])
            }
        }
        if let instance, let path = instance.firstNonFinite(path: "instance") {
            throw NonFiniteError(name: path, value: .nan)
        }
        if let episodes, let path = episodes.firstNonFinite(path: "episodes") {
            throw NonFiniteError(name: path, value: .nan)
        }
    }
}

/// A non-finite number (NaN or ±∞) where a finite one was required: the run diverged.
///
/// Throw it from a job to stop that run at once (`try NonFiniteError.check(f, "F", iteration: k)`);
/// the runner records the run with status "failed" and this message, prints it on stderr,
/// lets the other runs finish and makes the process exit non-zero.
public struct NonFiniteError: Error, CustomStringConvertible, Equatable {
    public var name: String
    public var iteration: Int?
    public var value: Double

    public init(name: String, iteration: Int? = nil, value: Double) {
        self.name = name
        self.iteration = iteration
        self.value = value
    }

    public var description: String {
        "non-finite value \(value) in \(name)" + (iteration.map { " at iteration \($0)" } ?? "")
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.iteration == b.iteration && a.value.bitPattern == b.value.bitPattern
    }

    /// Returns `value` when finite; throws otherwise.
    @discardableResult
    public static func check(_ value: Double, _ name: String, iteration: Int? = nil) throws -> Double {
        guard value.isFinite else { throw NonFiniteError(name: name, iteration: iteration, value: value) }
        return value
    }

    /// Returns `values` when all are finite; throws naming the first bad index otherwise.
    @discardableResult
    public static func check(_ values: [Double], _ name: String, iteration: Int? = nil) throws -> [Double] {
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw NonFiniteError(name: "\(name)[\(index)]", iteration: iteration, value: values[index])
        }
        return values
    }
}

/// The published Four Rooms results (docs/four-rooms.md): Thoma, Pasztor, Krause, Ramponi, Hu,
/// "Contextual Bilevel Reinforcement Learning for Incentive Alignment" (NeurIPS 2024), Table 1.
/// Mean ± standard error over 10 seeds of the designer objective averaged over the last 1,000 of
/// 10,000 iterations, best learning rate per cell. Literature values to compare with, never
/// results of this toolkit.
public enum FourRoomsPublished {
    public struct Entry: Sendable, Equatable {
        public let mean: Double
        public let standardError: Double
    }

    /// Methods of the published table: "hpgd", "amd", "zero-order".
    public static let methods = ["hpgd", "amd", "zero-order"]

    /// The entry of `method` at `(tau, cost)`, if the table has that cell.
    public static func entry(method: String, tau: Double, cost: Double) -> Entry? {
        guard let col = methods.firstIndex(of: method),
              let row = table.first(where: { abs($0.tau - tau) < 1e-12 && abs($0.cost - cost) < 1e-12 }) else { return nil }
        let (m, se) = row.values[col]
        return Entry(mean: m, standardError: se)
    }

    static let table: [(tau: Double, cost: Double, values: [(Double, Double)])] = [
        (0.001, 1, [(0.91, 0.088), (0.58, 0.000), (0.59, 0.059)]),
        (0.001, 3, [(0.51, 0.006), (0.51, 0.000), (0.50, 0.005)]),
        (0.001, 5, [(0.46, 0.006), (0.46, 0.003), (0.46, 0.007)]),
        (0.003, 1, [(0.95, 0.002), (1.00, 0.000), (0.91, 0.048)]),
        (0.003, 3, [(0.73, 0.001), (0.39, 0.000), (0.40, 0.028)]),
        (0.003, 5, [(0.29, 0.003), (0.32, 0.000), (0.32, 0.002)]),
        (0.005, 1, [(1.17, 0.011), (1.28, 0.003), (1.15, 0.026)]),
        (0.005, 3, [(1.01, 0.002), (1.13, 0.004), (1.02, 0.027)]),
        (0.005, 5, [(0.87, 0.003), (0.97, 0.009), (0.79, 0.027)]),
    ]
}

import Foundation
import Lab
import Plot
import ExperimentKit

/// A colour per lambda index and a line style per penalty, shared by every E1 figure.
enum MethodStyle {
    static func color(lambdaIndex i: Int) -> Color { .tab10([0, 1, 2, 4, 6, 8][i % 6]) }
    static let hypergradient = Color(hex: 0x111111)
    static let naive = Color(hex: 0xd62728)
    static func style(_ method: String) -> LineStyle { method == "pbrl-bellman" ? .dashed : .solid }
    static func label(_ method: String, _ lambda: Double?) -> String {
        switch method {
        case "pbrl-value": return "PBRL-value λ=\(formatLambda(lambda ?? 0))"
        case "pbrl-bellman": return "PBRL-Bellman λ=\(formatLambda(lambda ?? 0))"
        case "hypergradient": return "exact hypergradient"
        case "naive": return "naive gradient"
        default: return method
        }
    }
}

func formatLambda(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
}

import Foundation
import Lab
import Plot
import ExperimentKit

/// Colours per lambda index, shared by every E5 figure.
func lambdaColor(_ i: Int) -> Color { .tab10([0, 1, 2, 4, 6, 8][i % 6]) }

func formatLambda(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
}

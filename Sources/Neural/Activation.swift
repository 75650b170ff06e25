import Foundation

/// Pointwise nonlinearity of a hidden layer, with the backward pass written in terms of the
/// layer's output `a = f(z)`: ReLU `f'(z) = [a > 0]`, tanh `f'(z) = 1 - a^2`.
public enum Activation: String, Sendable, Codable, CaseIterable {
    case relu, tanh, identity

    @inline(__always)
    func apply(_ z: Double) -> Double {
        switch self {
        case .relu: return z > 0 ? z : 0
        case .tanh: return Foundation.tanh(z)
        case .identity: return z
        }
    }

    /// `dL/dz` from `dL/da` and the output `a`.
    @inline(__always)
    func backward(outputGradient g: Double, output a: Double) -> Double {
        switch self {
        case .relu: return a > 0 ? g : 0
        case .tanh: return g * (1 - a * a)
        case .identity: return g
        }
    }
}

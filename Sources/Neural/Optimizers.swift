import Foundation

/// RMSProp as PyTorch's `torch.optim.RMSprop` (stable-baselines3's A2C default: lr 7e-4,
/// alpha 0.99, eps 1e-5, no momentum, not centered):
/// `v <- alpha v + (1 - alpha) g^2`, `theta <- theta - lr g / (sqrt(v) + eps)`, with `v_0 = 0`.
public struct RMSProp: Sendable, Equatable {
    public var learningRate: Double
    public var alpha: Double
    public var epsilon: Double
    public private(set) var squareAverage: [Double]

    public init(parameterCount: Int, learningRate: Double = 7e-4, alpha: Double = 0.99, epsilon: Double = 1e-5) {
        self.learningRate = learningRate
        self.alpha = alpha
        self.epsilon = epsilon
        squareAverage = [Double](repeating: 0, count: parameterCount)
    }

    public mutating func step(_ parameters: inout [Double], gradient g: [Double]) {
        precondition(parameters.count == g.count && g.count == squareAverage.count, "RMSProp.step: sizes disagree")
        for i in 0..<g.count {
            squareAverage[i] = alpha * squareAverage[i] + (1 - alpha) * g[i] * g[i]
            parameters[i] -= learningRate * g[i] / (squareAverage[i].squareRoot() + epsilon)
        }
    }
}

/// Adam as PyTorch's `torch.optim.Adam` (Kingma and Ba 2015, bias-corrected):
/// `m <- b1 m + (1 - b1) g`, `v <- b2 v + (1 - b2) g^2`,
/// `theta <- theta - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)`.
public struct Adam: Sendable, Equatable {
    public var learningRate: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public private(set) var firstMoment: [Double]
    public private(set) var secondMoment: [Double]
    public private(set) var stepCount = 0

    public init(parameterCount: Int, learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        firstMoment = [Double](repeating: 0, count: parameterCount)
        secondMoment = [Double](repeating: 0, count: parameterCount)
    }

    public mutating func step(_ parameters: inout [Double], gradient g: [Double]) {
        precondition(parameters.count == g.count && g.count == firstMoment.count, "Adam.step: sizes disagree")
        stepCount += 1
        let c1 = 1 - Foundation.pow(beta1, Double(stepCount)), c2 = 1 - Foundation.pow(beta2, Double(stepCount))
        for i in 0..<g.count {
            firstMoment[i] = beta1 * firstMoment[i] + (1 - beta1) * g[i]
            secondMoment[i] = beta2 * secondMoment[i] + (1 - beta2) * g[i] * g[i]
            parameters[i] -= learningRate * (firstMoment[i] / c1) / ((secondMoment[i] / c2).squareRoot() + epsilon)
        }
    }
}

/// Gradient-norm clipping over several gradient vectors taken as one (PyTorch's
/// `clip_grad_norm_`): when the joint Euclidean norm exceeds `maxNorm`, every entry is scaled by
/// `maxNorm / (norm + 1e-6)`. Returns the norm before clipping.
@discardableResult
public func clipGradientNorm(_ gradients: inout [[Double]], maxNorm: Double) -> Double {
    var s = 0.0
    for g in gradients { for x in g { s += x * x } }
    let norm = s.squareRoot()
    if norm > maxNorm {
        let scale = maxNorm / (norm + 1e-6)
        for k in gradients.indices { for i in gradients[k].indices { gradients[k][i] *= scale } }
    }
    return norm
}

import XCTest
@testable import Neural

/// A tiny seeded generator for the tests (SplitMix64).
struct TestRNG: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * Double(next() >> 11) * 0x1.0p-53 }
}

/// Every gradient of the Neural target against central finite differences
/// `(f(x + h e_i) - f(x - h e_i)) / 2h`, h = 1e-5: truncation error O(h^2) ~ 1e-10 times the
/// third derivative, round-off ~ 1e-16 |f| / h ~ 1e-11; the tolerance 1e-7 (absolute, plus
/// 1e-6 relative) fails any wrong term (a missing factor or a sign shows at order 1e-2 or more).
final class NeuralGradientTests: XCTestCase {
    func assertGradient(_ f: ([Double]) -> Double, at x: [Double], analytic g: [Double], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(g.count, x.count, file: file, line: line)
        let h = 1e-5
        var worst = 0.0
        for i in 0..<x.count {
            var xp = x, xm = x
            xp[i] += h; xm[i] -= h
            let fd = (f(xp) - f(xm)) / (2 * h)
            let err = abs(fd - g[i]) - 1e-6 * abs(fd)
            worst = max(worst, err)
            XCTAssertLessThan(err, 1e-7, "component \(i): finite difference \(fd), analytic \(g[i])", file: file, line: line)
        }
        XCTAssertLessThan(worst, 1e-7, file: file, line: line)
    }

    /// A fixed random linear functional of the output, L = sum c_i y_i, so dL/dy = c.
    func network(_ activation: Activation, sizes: [Int], seed: UInt64) -> (MLP, [Double], [Double], Int) {
        var rng = TestRNG(state: seed)
        var net = MLP(sizes: sizes, activation: activation)
        net.initialize(hidden: .orthogonal(gain: 2.0.squareRoot()), output: .xavierUniform(gain: 1), rng: &rng)
        for i in 0..<net.parameterCount { net.parameters[i] += rng.uniform(-0.1, 0.1) }  // nonzero biases
        let batch = 3
        let x = (0..<(batch * sizes[0])).map { _ in rng.uniform(-1, 1) }
        let c = (0..<(batch * sizes.last!)).map { _ in rng.uniform(-1, 1) }
        return (net, x, c, batch)
    }

    func testMLPParameterAndInputGradients() {
        for activation in Activation.allCases {
            for sizes in [[4, 5, 3], [6, 7, 4, 2], [3, 1]] {
                let (net, x, c, batch) = network(activation, sizes: sizes, seed: UInt64(sizes.count * 7 + activation.rawValue.count))
                func loss(_ n: MLP, _ input: [Double]) -> Double { zip(n(input, batch: batch), c).map(*).reduce(0, +) }
                let (gp, gx) = net.backward(net.forward(x, batch: batch), outputGradient: c, inputGradient: true)
                assertGradient({ p in var n = net; n.parameters = p; return loss(n, x) }, at: net.parameters, analytic: gp)
                assertGradient({ loss(net, $0) }, at: x, analytic: gx!)
            }
        }
    }

    /// The hand-computed forward pass of a 2-2-1 ReLU network.
    func testMLPForwardByHand() {
        var net = MLP(sizes: [2, 2, 1], activation: .relu)
        // W1 = [[1, -1], [2, 0.5]], b1 = [0, -1], W2 = [[3, -2]], b2 = [0.5].
        net.parameters = [1, -1, 2, 0.5, 0, -1, 3, -2, 0.5]
        // x = (1, 2): z1 = (-1, 2 + 1 - 1) = (-1, 2) -> a1 = (0, 2); y = 0 - 4 + 0.5 = -3.5.
        XCTAssertEqual(net([1, 2], batch: 1), [-3.5])
        XCTAssertEqual(net.weightOffset(1), 6)
        XCTAssertEqual(net.biasOffset(1), 8)
    }

    func testSoftmaxLossGradients() {
        var rng = TestRNG(state: 11)
        let k = 3, batch = 4
        let z = (0..<(batch * k)).map { _ in rng.uniform(-2, 2) }
        let labels = [0, 2, 1, 2]
        let w = [0.5, -1.2, 2.0, 0.3]
        func nll(_ z: [Double]) -> Double {
            let lp = Softmax.logSoftmax(z, columns: k)
            return (0..<batch).map { -w[$0] * lp[$0 * k + labels[$0]] }.reduce(0, +)
        }
        func entropy(_ z: [Double]) -> Double {
            zip(Softmax.entropy(logProbabilities: Softmax.logSoftmax(z, columns: k), columns: k), w).map(*).reduce(0, +)
        }
        let lp = Softmax.logSoftmax(z, columns: k)
        assertGradient(nll, at: z, analytic: Softmax.weightedNLLGradient(logProbabilities: lp, columns: k, labels: labels, weights: w))
        assertGradient(entropy, at: z, analytic: Softmax.entropyGradient(logProbabilities: lp, columns: k, weights: w))
        // log-softmax rows exponentiate to 1; stable for large logits; uniform logits give log 3 entropy.
        for r in 0..<batch { XCTAssertEqual((0..<k).map { exp(lp[r * k + $0]) }.reduce(0, +), 1, accuracy: 1e-14) }
        XCTAssertEqual(Softmax.logSoftmax([1000, 0], columns: 2)[1], -1000, accuracy: 1e-12)
        XCTAssertEqual(Softmax.entropy(logProbabilities: Softmax.logSoftmax([7, 7, 7], columns: 3), columns: 3)[0], log(3.0), accuracy: 1e-14)
    }

    func testScalarLossGradients() {
        let x = [0.3, -1.0, 2.5], t = [1.0, 0.0, 2.0]
        let se = Loss.squaredError(x, target: t, weight: 0.5)
        XCTAssertEqual(se.value, 0.5 * (0.49 + 1 + 0.25), accuracy: 1e-15)
        assertGradient({ Loss.squaredError($0, target: t, weight: 0.5).value }, at: x, analytic: se.gradient)
        for d in [-40.0, -3, -0.2, 0, 0.7, 5, 40] {
            for y in [0.0, 1, 0.3] {
                let l = Loss.logistic(difference: d, target: y)
                let exact = -(y * log(Loss.sigmoid(d)) + (1 - y) * log(Loss.sigmoid(-d)))
                XCTAssertEqual(l.value, exact, accuracy: 1e-12 * max(1, abs(exact)))
                assertGradient({ Loss.logistic(difference: $0[0], target: y).value }, at: [d], analytic: [l.derivative])
            }
        }
        XCTAssertEqual(Loss.logistic(difference: 0, target: 1).value, log(2.0), accuracy: 1e-15)
    }

    /// Composite: cross-entropy through an MLP, the path every network of the toolkit takes.
    func testMLPThroughSoftmaxHead() {
        let (net, x, _, batch) = network(.tanh, sizes: [5, 6, 3], seed: 99)
        let labels = [2, 0, 1], w = [1.0, 0.5, -0.7]
        func loss(_ p: [Double]) -> Double {
            var n = net; n.parameters = p
            let lp = Softmax.logSoftmax(n(x, batch: batch), columns: 3)
            return (0..<batch).map { -w[$0] * lp[$0 * 3 + labels[$0]] }.reduce(0, +)
        }
        let f = net.forward(x, batch: batch)
        let g = Softmax.weightedNLLGradient(logProbabilities: Softmax.logSoftmax(f.output, columns: 3), columns: 3, labels: labels, weights: w)
        assertGradient(loss, at: net.parameters, analytic: net.backward(f, outputGradient: g).parameters)
    }
}

/// Optimizers against PyTorch's update rules worked by hand, clipping, initializers.
final class NeuralOptimizerTests: XCTestCase {
    func testRMSPropTwoSteps() {
        var opt = RMSProp(parameterCount: 2, learningRate: 0.1, alpha: 0.9, epsilon: 1e-5)
        var p = [1.0, -2.0]
        opt.step(&p, gradient: [2.0, -0.5])
        // v = 0.1 g^2 = (0.4, 0.025); p -= 0.1 g / (sqrt(v) + eps).
        XCTAssertEqual(p[0], 1 - 0.1 * 2 / (0.4.squareRoot() + 1e-5), accuracy: 1e-15)
        XCTAssertEqual(p[1], -2 + 0.1 * 0.5 / (0.025.squareRoot() + 1e-5), accuracy: 1e-15)
        let p1 = p
        opt.step(&p, gradient: [1.0, 0])
        XCTAssertEqual(opt.squareAverage[0], 0.9 * 0.4 + 0.1, accuracy: 1e-15)
        XCTAssertEqual(p[0], p1[0] - 0.1 / (0.46.squareRoot() + 1e-5), accuracy: 1e-15)
        XCTAssertEqual(p[1], p1[1])
    }

    func testAdamBiasCorrection() {
        var opt = Adam(parameterCount: 1, learningRate: 0.01)
        var p = [0.5]
        opt.step(&p, gradient: [3.0])
        // First step: m_hat = g, v_hat = g^2: the step is lr * g/(|g| + eps) ~ lr.
        XCTAssertEqual(p[0], 0.5 - 0.01 * 3 / (3 + 1e-8), accuracy: 1e-15)
        opt.step(&p, gradient: [-1.0])
        let m = 0.9 * 0.3 + 0.1 * -1, v = 0.999 * 0.009 + 0.001 * 1
        let expected = 0.5 - 0.01 * 3 / (3 + 1e-8) - 0.01 * (m / (1 - 0.81)) / ((v / (1 - 0.999 * 0.999)).squareRoot() + 1e-8)
        XCTAssertEqual(p[0], expected, accuracy: 1e-15)
    }

    func testClipGradientNorm() {
        var g: [[Double]] = [[3, 0], [0, 4]]
        XCTAssertEqual(clipGradientNorm(&g, maxNorm: 1), 5)
        XCTAssertEqual(g[0][0], 3 / (5 + 1e-6), accuracy: 1e-15)
        XCTAssertEqual(g[1][1], 4 / (5 + 1e-6), accuracy: 1e-15)
        var small: [[Double]] = [[0.3], [0.4]]
        XCTAssertEqual(clipGradientNorm(&small, maxNorm: 1), 0.5, accuracy: 1e-15)
        XCTAssertEqual(small, [[0.3], [0.4]])
    }

    func testOrthogonalAndXavier() {
        var rng = TestRNG(state: 5)
        for (rows, cols) in [(4, 9), (9, 4), (5, 5)] {
            let w = Initializer.orthogonal(gain: 2).matrix(rows: rows, cols: cols, rng: &rng)
            // The fewer vectors (rows when rows <= cols, else columns) are orthonormal times the gain.
            let k = min(rows, cols), n = max(rows, cols)
            for i in 0..<k {
                for j in 0..<k {
                    var dot = 0.0
                    for t in 0..<n { dot += rows <= cols ? w[i * cols + t] * w[j * cols + t] : w[t * cols + i] * w[t * cols + j] }
                    XCTAssertEqual(dot, i == j ? 4 : 0, accuracy: 1e-12)
                }
            }
        }
        let x = Initializer.xavierUniform(gain: 1).matrix(rows: 30, cols: 20, rng: &rng)
        let a = (6.0 / 50).squareRoot()
        XCTAssertTrue(x.allSatisfy { abs($0) <= a })
        XCTAssertGreaterThan(x.map(abs).max()!, 0.9 * a)
        // Seeded: the same generator state gives the same weights.
        var r1 = TestRNG(state: 3), r2 = TestRNG(state: 3)
        XCTAssertEqual(Initializer.orthogonal(gain: 1).matrix(rows: 3, cols: 7, rng: &r1), Initializer.orthogonal(gain: 1).matrix(rows: 3, cols: 7, rng: &r2))
    }

    func testSoftmaxSampleFrequencies() {
        var rng = TestRNG(state: 8)
        let lp = Softmax.logSoftmax([0, log(2.0), log(7.0)], columns: 3)  // p = (0.1, 0.2, 0.7)
        var counts = [0, 0, 0]
        let n = 20_000
        for _ in 0..<n { counts[Softmax.sample(logProbabilities: lp, columns: 3, rng: &rng)[0]] += 1 }
        for (j, p) in [0.1, 0.2, 0.7].enumerated() {
            XCTAssertEqual(Double(counts[j]) / Double(n), p, accuracy: 5 * (p * (1 - p) / Double(n)).squareRoot())
        }
    }
}

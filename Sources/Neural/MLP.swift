/// A multilayer perceptron: dense layers `z_l = a_{l-1} W_l^T + b_l`, `a_l = f(z_l)` with the
/// hidden activation `f` on every layer but the last (which is linear), over a batch of rows.
///
/// All weights live in one flat array `parameters`, layer by layer, each layer as its weight
/// matrix `W_l` (`out x in`, row-major) followed by its bias `b_l` (`out`). Gradients use the
/// same layout, so optimizers, gradient clipping and finite differences see one vector.
///
/// The backward pass is hand-written: with `G_l = dL/dz_l` (batch x out),
/// `dL/dW_l = G_l^T a_{l-1}`, `dL/db_l = sum over rows of G_l`, `dL/da_{l-1} = G_l W_l`,
/// and `G_{l-1} = dL/da_{l-1} * f'(z_{l-1})`. Products go through single-threaded dgemm.
public struct MLP: Sendable, Equatable {
    /// `[inputs, hidden..., outputs]`.
    public let sizes: [Int]
    public let activation: Activation
    public var parameters: [Double]

    public var inputCount: Int { sizes.first! }
    public var outputCount: Int { sizes.last! }
    public var layerCount: Int { sizes.count - 1 }
    public var parameterCount: Int { parameters.count }

    /// Offset of layer `l`'s weight matrix in `parameters` (its bias follows the matrix).
    public func weightOffset(_ l: Int) -> Int {
        var o = 0
        for i in 0..<l { o += sizes[i + 1] * sizes[i] + sizes[i + 1] }
        return o
    }
    public func biasOffset(_ l: Int) -> Int { weightOffset(l) + sizes[l + 1] * sizes[l] }

    /// Zero parameters; use `initialize` (or set `parameters`) before use.
    public init(sizes: [Int], activation: Activation) {
        precondition(sizes.count >= 2 && sizes.allSatisfy { $0 >= 1 }, "MLP needs at least an input and an output size, all positive: \(sizes)")
        self.sizes = sizes
        self.activation = activation
        var n = 0
        for i in 0..<(sizes.count - 1) { n += sizes[i + 1] * sizes[i] + sizes[i + 1] }
        parameters = [Double](repeating: 0, count: n)
    }

    /// What the backward pass needs: the input and every layer's output (post-activation).
    public struct Forward: Sendable {
        public let batch: Int
        public let input: [Double]
        /// `outputs[l]`: layer l's output, batch x sizes[l + 1]; the last one is the network's output.
        public var outputs: [[Double]]
        public var output: [Double] { outputs.last! }
    }

    /// The forward pass on `batch` rows of `input` (batch x inputCount, row-major).
    public func forward(_ input: [Double], batch: Int) -> Forward {
        precondition(input.count == batch * inputCount, "MLP.forward: \(input.count) inputs for batch \(batch) x \(inputCount)")
        var outputs = [[Double]]()
        outputs.reserveCapacity(layerCount)
        parameters.withUnsafeBufferPointer { p in
            for l in 0..<layerCount {
                let inSize = sizes[l], outSize = sizes[l + 1]
                var z = [Double](repeating: 0, count: batch * outSize)
                let w = p.baseAddress! + weightOffset(l), b = p.baseAddress! + biasOffset(l)
                let previous = l == 0 ? input : outputs[l - 1]
                z.withUnsafeMutableBufferPointer { zp in
                    previous.withUnsafeBufferPointer { ap in
                        Gemm.multiply(ap.baseAddress!, transposeA: false, w, transposeB: true, into: zp.baseAddress!,
                                      m: batch, n: outSize, k: inSize)
                    }
                    let f = l == layerCount - 1 ? Activation.identity : activation
                    for r in 0..<batch {
                        for j in 0..<outSize { zp[r * outSize + j] = f.apply(zp[r * outSize + j] + b[j]) }
                    }
                }
                outputs.append(z)
            }
        }
        return Forward(batch: batch, input: input, outputs: outputs)
    }

    /// The network's output only.
    public func callAsFunction(_ input: [Double], batch: Int) -> [Double] { forward(input, batch: batch).output }

    /// Backward pass from `dL/d(output)` (batch x outputCount): the parameter gradient (layout of
    /// `parameters`) and, when `inputGradient` is true, `dL/d(input)`.
    public func backward(_ f: Forward, outputGradient: [Double], inputGradient: Bool = false) -> (parameters: [Double], input: [Double]?) {
        precondition(outputGradient.count == f.batch * outputCount, "MLP.backward: gradient of size \(outputGradient.count), expected \(f.batch * outputCount)")
        var grad = [Double](repeating: 0, count: parameterCount)
        var g = outputGradient  // dL/dz of the current layer
        var inputGrad: [Double]? = nil
        parameters.withUnsafeBufferPointer { p in
            grad.withUnsafeMutableBufferPointer { gp in
                for l in stride(from: layerCount - 1, through: 0, by: -1) {
                    let inSize = sizes[l], outSize = sizes[l + 1]
                    let previous = l == 0 ? f.input : f.outputs[l - 1]
                    g.withUnsafeBufferPointer { gz in
                        previous.withUnsafeBufferPointer { ap in
                            Gemm.multiply(gz.baseAddress!, transposeA: true, ap.baseAddress!, transposeB: false,
                                          into: gp.baseAddress! + weightOffset(l), m: outSize, n: inSize, k: f.batch)
                        }
                        let db = gp.baseAddress! + biasOffset(l)
                        for r in 0..<f.batch {
                            for j in 0..<outSize { db[j] += gz[r * outSize + j] }
                        }
                    }
                    if l == 0 && !inputGradient { break }
                    var ga = [Double](repeating: 0, count: f.batch * inSize)
                    ga.withUnsafeMutableBufferPointer { gap in
                        g.withUnsafeBufferPointer { gz in
                            Gemm.multiply(gz.baseAddress!, transposeA: false, p.baseAddress! + weightOffset(l), transposeB: false,
                                          into: gap.baseAddress!, m: f.batch, n: inSize, k: outSize)
                        }
                    }
                    if l == 0 { inputGrad = ga; break }
                    let a = f.outputs[l - 1]
                    for i in 0..<ga.count { ga[i] = activation.backward(outputGradient: ga[i], output: a[i]) }
                    g = ga
                }
            }
        }
        return (grad, inputGrad)
    }
}

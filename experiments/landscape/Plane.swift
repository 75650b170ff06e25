import Foundation
import BilevelCore

/// A point of the bilevel problem's joint space: the leader's `x` and the follower's full
/// logit table `y`.
public struct LandscapePoint: Sendable, Equatable, Codable {
    public var x: [Double]
    public var logits: [Double]

    public init(x: [Double], logits: [Double]) { self.x = x; self.logits = logits }

    public static func + (a: Self, b: Self) -> Self {
        Self(x: zip(a.x, b.x).map { $0 + $1 }, logits: zip(a.logits, b.logits).map { $0 + $1 })
    }
    public static func - (a: Self, b: Self) -> Self {
        Self(x: zip(a.x, b.x).map { $0 - $1 }, logits: zip(a.logits, b.logits).map { $0 - $1 })
    }
    public static func * (t: Double, a: Self) -> Self { Self(x: a.x.map { t * $0 }, logits: a.logits.map { t * $0 }) }

    /// Euclidean norm of the joint vector `(x, y)`.
    public var norm: Double { (x.reduce(0) { $0 + $1 * $1 } + logits.reduce(0) { $0 + $1 * $1 }).squareRoot() }

    /// The same policy with logits centred per state (row mean zero), the representative
    /// that removes softmax's shift invariance from distances and directions.
    public func centered(actionCount m: Int) -> Self {
        var y = logits
        for s in 0..<(y.count / m) {
            let mean = y[(s * m)..<(s * m + m)].reduce(0, +) / Double(m)
            for a in 0..<m { y[s * m + a] -= mean }
        }
        return Self(x: x, logits: y)
    }
}

/// A 2-D affine slice of the joint space: `point(a, b) = origin + a u + b v`.
///
/// A coordinate plane (`x[i]` against `y[j]`, say) has `u`, `v` unit vectors and the two
/// coordinates of `origin` set to zero, so `a` and `b` are the coordinate values themselves;
/// a direction plane goes through a point (`origin`) along two directions.
public struct LandscapePlane: Sendable, Equatable {
    public var origin: LandscapePoint
    public var u: LandscapePoint
    public var v: LandscapePoint
    public var firstLabel: String
    public var secondLabel: String

    public init(origin: LandscapePoint, u: LandscapePoint, v: LandscapePoint, firstLabel: String, secondLabel: String) {
        self.origin = origin; self.u = u; self.v = v; self.firstLabel = firstLabel; self.secondLabel = secondLabel
    }

    public func point(_ a: Double, _ b: Double) -> LandscapePoint { origin + a * u + b * v }
}

/// A coordinate of the joint space: `x[i]` or `y[i]` (the follower's logit table, row-major
/// `s * m + a`).
public enum JointCoordinate: Sendable, Equatable {
    case x(Int)
    case y(Int)

    /// Parses `x3` / `y12` (also `x[3]`); the error names the valid form and ranges.
    public static func parse(_ text: String, xCount: Int, yCount: Int) throws -> JointCoordinate {
        let t = text.replacingOccurrences(of: "[", with: "").replacingOccurrences(of: "]", with: "")
        guard let head = t.first, head == "x" || head == "y", let i = Int(t.dropFirst()) else {
            throw LandscapeError("coordinate '\(text)' is not valid; use x<i> with i in 0..<\(xCount) or y<j> with j in 0..<\(yCount)")
        }
        let count = head == "x" ? xCount : yCount
        guard i >= 0, i < count else {
            throw LandscapeError("coordinate '\(text)' is out of range; valid: \(head)0...\(head)\(count - 1)")
        }
        return head == "x" ? .x(i) : .y(i)
    }

    public var label: String {
        switch self {
        case .x(let i): return "x_{\(i)}"
        case .y(let i): return "y_{\(i)}"
        }
    }

    public func get(_ p: LandscapePoint) -> Double {
        switch self { case .x(let i): return p.x[i]; case .y(let i): return p.logits[i] }
    }

    public func set(_ p: inout LandscapePoint, _ value: Double) {
        switch self { case .x(let i): p.x[i] = value; case .y(let i): p.logits[i] = value }
    }

    public func unit(like p: LandscapePoint) -> LandscapePoint {
        var e = LandscapePoint(x: p.x.map { _ in 0 }, logits: p.logits.map { _ in 0 })
        set(&e, 1)
        return e
    }
}

extension LandscapePlane {
    /// The plane of two coordinates through `center` (the other coordinates keep `center`'s values).
    public static func coordinates(_ first: JointCoordinate, _ second: JointCoordinate, through center: LandscapePoint) -> LandscapePlane {
        var origin = center
        first.set(&origin, 0)
        second.set(&origin, 0)
        return LandscapePlane(origin: origin, u: first.unit(like: center), v: second.unit(like: center),
                              firstLabel: first.label, secondLabel: second.label)
    }
}

/// `n` evenly spaced numbers from `lo` to `hi` inclusive.
public func evenlySpaced(_ lo: Double, _ hi: Double, count n: Int) -> [Double] {
    precondition(n >= 2, "need at least two grid points")
    return (0..<n).map { lo + (hi - lo) * Double($0) / Double(n - 1) }
}

/// All landscape quantities over a grid of a plane: `values[j][i]` at `(a[i], b[j])`.
public struct LandscapeField: Sendable {
    public let plane: LandscapePlane
    public let a: [Double]
    public let b: [Double]
    public let values: [[PointValues]]

    /// Evaluates every grid point exactly. Consecutive points with the same `x` share one
    /// lower-level solve, so a plane with a `y` axis costs one solve per `x` column.
    public static func compute(_ evaluator: LandscapeEvaluator, plane: LandscapePlane, a: [Double], b: [Double]) throws -> LandscapeField {
        var rows = [[PointValues]](repeating: [], count: b.count)
        for i in 0..<a.count {
            var cached: (x: [Double], best: PolicyEvaluation)? = nil
            for j in 0..<b.count {
                let pt = plane.point(a[i], b[j])
                let best: PolicyEvaluation
                if let c = cached, c.x == pt.x { best = c.best } else {
                    best = try evaluator.bestResponse(x: pt.x, warm: cached?.best.policy)
                    cached = (pt.x, best)
                }
                rows[j].append(try evaluator.values(x: pt.x, logits: pt.logits, best: best))
            }
        }
        return LandscapeField(plane: plane, a: a, b: b, values: rows)
    }

    /// The grid of one objective.
    public func grid(_ objective: LandscapeObjective, name: String) -> LandscapeGrid {
        LandscapeGrid(name: name, objective: objective.tag, objectiveLabel: objective.label,
                      firstLabel: plane.firstLabel, secondLabel: plane.secondLabel,
                      a: a, b: b, values: values.map { $0.map { $0.value(objective) } })
    }
}

/// The data behind one landscape figure, saved next to it (`<figure>.grid.json`) so that a
/// comparison between commits can diff the fields: `values[j][i]` is the objective at
/// `(a[i], b[j])`.
public struct LandscapeGrid: Sendable, Codable, Equatable {
    public var name: String
    public var objective: String
    public var objectiveLabel: String
    public var firstLabel: String
    public var secondLabel: String
    public var a: [Double]
    public var b: [Double]
    public var values: [[Double]]

    /// The smallest grid value and where it is.
    public var minimum: (a: Double, b: Double, value: Double) {
        var best = (a: a[0], b: b[0], value: Double.infinity)
        for (j, row) in values.enumerated() { for (i, v) in row.enumerated() where v < best.value { best = (a[i], b[j], v) } }
        return best
    }

    /// Row-major flattening `values[j][i] -> flat[j * a.count + i]` (for `FigureEntry.data`).
    public var flatValues: [Double] { values.flatMap { $0 } }
}

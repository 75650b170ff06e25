/// A vector path in surface coordinates (points), made of straight segments.
///
/// A path holds any number of subpaths; each starts with `move(to:)` and may be closed.
/// Filling uses the non-zero winding rule unless the surface is told otherwise, so
/// overlapping subpaths of one path fill as one region without seams.
public struct Path: Equatable, Sendable {
    public enum Element: Equatable, Sendable {
        case move(Point)
        case line(Point)
        case close
        /// A complete closed circle subpath.
        case circle(Point, radius: Double)
    }

    public private(set) var elements: [Element] = []

    public init() {}

    public mutating func move(to p: Point) { elements.append(.move(p)) }
    public mutating func line(to p: Point) { elements.append(.line(p)) }
    public mutating func close() { elements.append(.close) }

    public var isEmpty: Bool { elements.isEmpty }

    /// Appends every element of `other`.
    public mutating func append(_ other: Path) { elements += other.elements }

    /// An open or closed polyline through `points`.
    public init(polyline points: [Point], closed: Bool = false) {
        guard let first = points.first else { return }
        move(to: first)
        for p in points.dropFirst() { line(to: p) }
        if closed { close() }
    }

    /// A closed axis-aligned rectangle, counter-clockwise on screen like every polygon we fill.
    public init(rect r: Rect) {
        self.init(polyline: [Point(r.minX, r.minY), Point(r.minX, r.maxY),
                             Point(r.maxX, r.maxY), Point(r.maxX, r.minY)], closed: true)
    }

    /// A full circle of `radius` around `c`.
    public init(circleAt c: Point, radius: Double) {
        elements = [.circle(c, radius: radius)]
    }
}

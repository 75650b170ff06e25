import Foundation

/// The data behind a figure, for the interactive view a web page draws from it: every panel
/// with its resolved view limits and ticks, every artist with the exact arrays it was given,
/// the colours it was drawn in, and the figure's sliders. Produced by `Figure.view()`; written
/// as JSON (`FigureView.json()`) next to the PNG by the experiments' figure writer.
///
/// Contract:
/// - Numbers are the arrays handed to the artists, unrounded: an x array that is exactly
///   `start + i * step` as `{"start", "step", "count"}`, lists of 16 or more values as
///   `{"f64": base64}` (the little-endian bytes of each Double, NaN included), shorter ones
///   as JSON numbers (shortest round-trip text) with NaN and ±∞ as `null`.
/// - Colours are the ones the Cairo figure uses (`#rrggbb` plus alpha), filled-contour bands
///   carry their band colours, and `palette` holds the colour maps in use sampled at 256
///   points: the page never keeps a palette of its own.
/// - Ticks are the Cairo figure's ticks with the bin count that produced them, so the page's
///   tick rule (the same algorithm, `TickLocator`) can be checked against them.
public struct FigureView: Codable, Equatable, Sendable {
    public static let schemaVersion = 1
    /// `figures/<name>.view.json` beside `figures/<name>.png`.
    public static let fileExtension = "view.json"
    public var schema = FigureView.schemaVersion
    /// Page size in points.
    public var width: Double
    public var height: Double
    public var rows: Int
    public var cols: Int
    public var title: String?
    /// Provenance and caption facts (`seeds`, `band`, `experiment`, `profile`, ...).
    public var metadata: [String: String]
    public var panels: [PanelView]
    public var sliders: [SliderView]
    /// The tick rule's parameters (matplotlib-style steps).
    public var tickSteps: [Double]
    /// Colour maps used by the figure: name -> 256 colours at t = (k + 0.5) / 256.
    public var palette: [String: [String]]
}

/// A list of numbers, stored exactly (see `FigureView`): as a range when `compactRange` allows
/// and the values are evenly spaced, as base64 bytes when long, else as JSON numbers.
public struct Numbers: Codable, Equatable, Sendable {
    public var values: [Double]
    /// Store as a range when the values are exactly `start + i * step`.
    public var compactRange: Bool

    public init(_ values: [Double], compactRange: Bool = false) {
        self.values = values; self.compactRange = compactRange
    }

    struct RangeForm: Codable { var start: Double; var step: Double; var count: Int }

    var asRange: RangeForm? {
        guard compactRange, values.count >= 3, values.allSatisfy(\.isFinite) else { return nil }
        let start = values[0], step = values[1] - values[0]
        for (i, v) in values.enumerated() where v != start + Double(i) * step { return nil }
        return RangeForm(start: start, step: step, count: values.count)
    }

    /// Lists at least this long are stored as `{"f64": base64}`: the little-endian IEEE 754
    /// bytes of each value, exact and about half the size of decimal text.
    static let binaryThreshold = 16

    struct BinaryForm: Codable { var f64: String }

    var binary: BinaryForm {
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * 8)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        return BinaryForm(f64: Data(bytes).base64EncodedString())
    }

    public func encode(to encoder: Encoder) throws {
        if let r = asRange { try r.encode(to: encoder); return }
        if values.count >= Self.binaryThreshold { try binary.encode(to: encoder); return }
        var c = encoder.unkeyedContainer()
        for v in values { if v.isFinite { try c.encode(v) } else { try c.encodeNil() } }
    }

    public init(from decoder: Decoder) throws {
        if let r = try? RangeForm(from: decoder) {
            values = (0..<r.count).map { r.start + Double($0) * r.step }; compactRange = true; return
        }
        if let b = try? BinaryForm(from: decoder), let data = Data(base64Encoded: b.f64), data.count % 8 == 0 {
            values = stride(from: 0, to: data.count, by: 8).map { k in
                Double(bitPattern: UInt64(littleEndian: data[k..<k + 8].enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }))
            }
            compactRange = false; return
        }
        var c = try decoder.unkeyedContainer()
        var out: [Double] = []
        while !c.isAtEnd { out.append(try c.decodeNil() ? .nan : c.decode(Double.self)) }
        values = out; compactRange = false
    }

    public static func == (a: Numbers, b: Numbers) -> Bool {
        a.values.count == b.values.count && zip(a.values, b.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }
}

/// One axis of a panel as drawn: scale, view limits and ticks.
public struct AxisView: Codable, Equatable, Sendable {
    public var scale: String
    public var limits: [Double]
    public var label: String?
    /// Whether ticks are whole numbers only.
    public var integer: Bool
    /// The bin count (`maxBins` of `TickLocator.linearTicks`, `maxMajor - 1` of `logTicks`)
    /// that gave `ticks`.
    public var bins: Int
    public var ticks: [Double]
    public var minorTicks: [Double]
    public var tickLabels: [String]
    public var offsetLabel: String?
}

public struct PanelView: Codable, Equatable, Sendable {
    public var row: Int
    public var col: Int
    public var title: String?
    public var x: AxisView
    public var y: AxisView
    public var grid: Bool
    public var showAxes: Bool
    public var equalAspect: Bool
    public var artists: [ArtistView]
    public var colorbar: ColorbarView?
}

public struct ColorbarView: Codable, Equatable, Sendable {
    public var label: String?
    public var colormap: String
    public var range: [Double]
    public var levels: [Double]?
    /// Band colours for discrete levels.
    public var bandColors: [String]?
}

/// A slider over panels that are frames of one parameter (e.g. F_λ for each λ): the page
/// shows one of them at a time.
public struct SliderView: Codable, Equatable, Sendable {
    public var label: String
    public var values: [Double]
    /// Index into `panels` of each frame, in the order of `values`.
    public var panels: [Int]
}

/// One artist: `kind` says which fields are set.
///
/// Kinds: `line`, `band`, `errorbar`, `scatter`, `path`, `marker` (x, y, ...); `hline`,
/// `vline` (value); `text`; `field` (filled contours or heatmap: x, y, z row-major
/// `z[j * x.count + i]`, levels/colours); `contour` (levels only; the page draws band
/// borders itself); `gridmap` (rows, cols, values row-major, walls, labels, overlay);
/// `table` (header, cells, bold).
public struct ArtistView: Codable, Equatable, Sendable {
    public var kind: String
    public var label: String?
    public var color: String?
    public var alpha: Double?
    public var width: Double?
    public var dash: [Double]?
    public var marker: String?
    public var markerSize: Double?
    public var markEvery: Int?
    public var x: Numbers?
    public var y: Numbers?
    public var lower: Numbers?
    public var upper: Numbers?
    public var value: Double?
    public var text: String?
    public var anchor: String?
    public var fraction: Bool?
    public var fontSize: Double?
    public var bold: Bool?
    public var z: Numbers?
    public var levels: [Double]?
    public var bandColors: [String]?
    public var colormap: String?
    public var range: [Double]?
    public var nearest: Bool?
    public var rows: Int?
    public var cols: Int?
    public var walls: [[Int]]?
    public var cellLabels: [CellLabel]?
    public var overlay: String?
    public var overlayValues: Numbers?
    public var decimals: Int?
    public var header: [String]?
    public var cells: [[String]]?
    public var boldCells: [[Int]]?

    public init(kind: String) { self.kind = kind }

    public struct CellLabel: Codable, Equatable, Sendable {
        public var row: Int, col: Int, text: String
    }
}

extension FigureView {
    /// Compact JSON (sorted keys), the form embedded in pages.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    public static func decode(_ data: Data) throws -> FigureView {
        try JSONDecoder().decode(FigureView.self, from: data)
    }
}

extension Color {
    /// `#rrggbb` (alpha separate).
    public var hexString: String {
        func q(_ v: Double) -> Int { Int((min(max(v, 0), 1) * 255).rounded()) }
        return String(format: "#%02x%02x%02x", q(red), q(green), q(blue))
    }
}

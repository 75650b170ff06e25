import CCairo
import Foundation

/// Errors from rendering or writing a figure.
public enum PlotError: Error, CustomStringConvertible, Equatable {
    case cairo(String)
    case badPNG(String)
    case invalidInput(String)

    public var description: String {
        switch self {
        case .cairo(let s): return "cairo error: \(s)"
        case .badPNG(let s): return "not a valid PNG: \(s)"
        case .invalidInput(let s): return s
        }
    }
}

/// Collects bytes written by Cairo's stream writers.
private final class ByteSink {
    var bytes: [UInt8] = []
}

private let writeToSink: cairo_write_func_t = { closure, data, length in
    let sink = Unmanaged<ByteSink>.fromOpaque(closure!).takeUnretainedValue()
    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
    return CAIRO_STATUS_SUCCESS
}

private func check(_ status: cairo_status_t) throws {
    if status != CAIRO_STATUS_SUCCESS { throw PlotError.cairo(String(cString: cairo_status_to_string(status))) }
}

extension CairoSurface {
    /// Renders `draw` onto a white raster of `widthPt x heightPt` points at `dpi` and returns
    /// the PNG bytes with `metadata` stored as text chunks after IHDR.
    public static func renderPNG(widthPt: Double, heightPt: Double, dpi: Double,
                                 metadata: FigureMetadata?, draw: (DrawingSurface) -> Void) throws -> Data {
        let w = Int32((widthPt * dpi / 72).rounded()), h = Int32((heightPt * dpi / 72).rounded())
        guard w > 0, h > 0 else { throw PlotError.invalidInput("figure size \(widthPt)x\(heightPt) pt at \(dpi) dpi has no pixels") }
        let raw = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h)!
        try check(cairo_surface_status(raw))
        let s = CairoSurface(surface: raw, scale: dpi / 72)
        cairo_set_source_rgb(s.cr, 1, 1, 1)
        cairo_paint(s.cr)
        draw(s)
        cairo_surface_flush(raw)
        let sink = ByteSink()
        let status = cairo_surface_write_to_png_stream(raw, writeToSink, Unmanaged.passUnretained(sink).toOpaque())
        try check(status)
        var png = sink.bytes
        if let metadata { png = try PNGText.insert(metadata.keyValues, into: png) }
        return Data(png)
    }

    /// Renders `draw` onto a vector PDF page of `widthPt x heightPt` points with `metadata`
    /// as document information (title, subject, keywords, creator) and a fixed creation date.
    public static func renderPDF(widthPt: Double, heightPt: Double,
                                 metadata: FigureMetadata?, draw: (DrawingSurface) -> Void) throws -> Data {
        let sink = ByteSink()
        let raw = cairo_pdf_surface_create_for_stream(writeToSink, Unmanaged.passUnretained(sink).toOpaque(), widthPt, heightPt)!
        try check(cairo_surface_status(raw))
        let meta = metadata ?? FigureMetadata()
        cairo_pdf_surface_set_metadata(raw, CAIRO_PDF_METADATA_TITLE, meta.title ?? "")
        cairo_pdf_surface_set_metadata(raw, CAIRO_PDF_METADATA_SUBJECT, meta.subject)
        cairo_pdf_surface_set_metadata(raw, CAIRO_PDF_METADATA_KEYWORDS, meta.keywords)
        cairo_pdf_surface_set_metadata(raw, CAIRO_PDF_METADATA_CREATOR, meta.software)
        cairo_pdf_surface_set_metadata(raw, CAIRO_PDF_METADATA_CREATE_DATE, meta.creationDate)
        cairo_pdf_surface_set_metadata(raw, CAIRO_PDF_METADATA_MOD_DATE, meta.creationDate)
        do {
            let s = CairoSurface(surface: raw, scale: 1)
            draw(s)
            cairo_show_page(s.cr)
            cairo_surface_finish(raw)
            try check(cairo_surface_status(raw))
        }
        return Data(sink.bytes)
    }
}

/// Reads a PNG into a `Raster` (straight alpha), e.g. to compare figures pixel by pixel.
public func decodePNG(_ data: Data) throws -> Raster {
    final class Source { let bytes: [UInt8]; var pos = 0; init(_ b: [UInt8]) { bytes = b } }
    let src = Source([UInt8](data))
    let read: cairo_read_func_t = { closure, out, length in
        let s = Unmanaged<Source>.fromOpaque(closure!).takeUnretainedValue()
        let n = Int(length)
        guard s.pos + n <= s.bytes.count else { return CAIRO_STATUS_READ_ERROR }
        s.bytes.withUnsafeBufferPointer { buf in
            out!.update(from: buf.baseAddress! + s.pos, count: n)
        }
        s.pos += n
        return CAIRO_STATUS_SUCCESS
    }
    let img = cairo_image_surface_create_from_png_stream(read, Unmanaged.passUnretained(src).toOpaque())!
    defer { cairo_surface_destroy(img) }
    let status = cairo_surface_status(img)
    guard status == CAIRO_STATUS_SUCCESS else { throw PlotError.badPNG(String(cString: cairo_status_to_string(status))) }
    let w = Int(cairo_image_surface_get_width(img)), h = Int(cairo_image_surface_get_height(img))
    let stride = Int(cairo_image_surface_get_stride(img))
    let format = cairo_image_surface_get_format(img)
    guard let data = cairo_image_surface_get_data(img) else { throw PlotError.badPNG("no pixel data") }
    var pixels: [Color] = []
    pixels.reserveCapacity(w * h)
    for y in 0..<h {
        let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
        for x in 0..<w {
            let v = row[x]
            let a = format == CAIRO_FORMAT_RGB24 ? 255 : Double(v >> 24)
            let r = Double((v >> 16) & 0xff), g = Double((v >> 8) & 0xff), b = Double(v & 0xff)
            if a == 0 { pixels.append(.clear); continue }
            let af = a / 255
            pixels.append(Color(red: r / 255 / af, green: g / 255 / af, blue: b / 255 / af, alpha: af))
        }
    }
    return Raster(width: w, height: h, pixels: pixels)
}

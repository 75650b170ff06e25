import CCairo
import Foundation

/// The Cairo version this build links against, e.g. "1.16.0" (recorded in provenance).
public var cairoVersion: String { String(cString: cairo_version_string()) }

/// The one type that talks to Cairo: a `DrawingSurface` over a Cairo context.
///
/// Text goes through Cairo's toy font API with hinting off (`HINT_STYLE_NONE`,
/// `HINT_METRICS_OFF`), so text widths scale linearly with resolution and a figure lays out
/// the same in PNG and PDF. With FreeType fonts Cairo's PDF backend embeds TrueType or CFF
/// subsets (never Type 3 for an outline font such as DejaVu Sans).
public final class CairoSurface: DrawingSurface {
    let surface: OpaquePointer
    let cr: OpaquePointer
    private var widthCache: [String: Double] = [:]

    init(surface: OpaquePointer, scale: Double) {
        self.surface = surface
        self.cr = cairo_create(surface)
        cairo_scale(cr, scale, scale)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT)
    }

    /// A tiny surface used only to measure text (e.g. to size a table figure).
    static func measuring() -> CairoSurface {
        CairoSurface(surface: cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)!, scale: 1)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    private func setColor(_ c: Color) {
        cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha)
    }

    /// Sends `path` to Cairo. A non-finite coordinate would put the Cairo context into an
    /// error state that silently drops everything drawn after it, so such points are skipped
    /// (the path resumes with a move at the next finite point).
    private func setPath(_ path: Path) {
        cairo_new_path(cr)
        var broken = false
        for e in path.elements {
            switch e {
            case .move(let p):
                guard p.x.isFinite && p.y.isFinite else { broken = true; continue }
                cairo_move_to(cr, p.x, p.y); broken = false
            case .line(let p):
                guard p.x.isFinite && p.y.isFinite else { broken = true; continue }
                if broken { cairo_move_to(cr, p.x, p.y); broken = false } else { cairo_line_to(cr, p.x, p.y) }
            case .close: cairo_close_path(cr)
            case .circle(let c, let r):
                guard c.x.isFinite && c.y.isFinite && r.isFinite else { continue }
                cairo_new_sub_path(cr)
                cairo_arc(cr, c.x, c.y, r, 0, 2 * Double.pi)
                cairo_close_path(cr)
            }
        }
    }

    public func fill(_ path: Path, color: Color, evenOdd: Bool) {
        guard !path.isEmpty else { return }
        setPath(path)
        setColor(color)
        cairo_set_fill_rule(cr, evenOdd ? CAIRO_FILL_RULE_EVEN_ODD : CAIRO_FILL_RULE_WINDING)
        cairo_fill(cr)
    }

    public func stroke(_ path: Path, style: StrokeStyle) {
        guard !path.isEmpty, style.width > 0 else { return }
        setPath(path)
        setColor(style.color)
        cairo_set_line_width(cr, style.width)
        switch style.cap {
        case .butt: cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
        case .round: cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        case .square: cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE)
        }
        switch style.join {
        case .miter: cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER)
        case .round: cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        case .bevel: cairo_set_line_join(cr, CAIRO_LINE_JOIN_BEVEL)
        }
        style.dash.withUnsafeBufferPointer { buf in
            cairo_set_dash(cr, buf.baseAddress, Int32(buf.count), 0)
        }
        cairo_stroke(cr)
        cairo_set_dash(cr, nil, 0, 0)
    }

    private func selectFont(_ font: Font) {
        cairo_select_font_face(cr, font.family,
                               font.italic ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
                               font.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, font.size)
    }

    public func text(_ text: String, at origin: Point, font: Font, color: Color, angle: Double) {
        guard !text.isEmpty, origin.x.isFinite, origin.y.isFinite, angle.isFinite else { return }
        cairo_save(cr)
        selectFont(font)
        setColor(color)
        cairo_translate(cr, origin.x, origin.y)
        if angle != 0 { cairo_rotate(cr, -angle) }
        cairo_move_to(cr, 0, 0)
        cairo_show_text(cr, text)
        cairo_new_path(cr)
        cairo_restore(cr)
    }

    public func textWidth(_ text: String, font: Font) -> Double {
        let key = "\(font.family)|\(font.size)|\(font.bold)|\(font.italic)|\(text)"
        if let w = widthCache[key] { return w }
        cairo_save(cr)
        selectFont(font)
        var ext = cairo_text_extents_t()
        cairo_text_extents(cr, text, &ext)
        cairo_restore(cr)
        widthCache[key] = ext.x_advance
        return ext.x_advance
    }

    public func image(_ raster: Raster, in rect: Rect) {
        guard raster.width > 0, raster.height > 0, rect.width.isFinite, rect.height.isFinite,
              rect.x.isFinite, rect.y.isFinite, abs(rect.width) > 1e-9, abs(rect.height) > 1e-9 else { return }
        let img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(raster.width), Int32(raster.height))!
        let stride = Int(cairo_image_surface_get_stride(img))
        let data = cairo_image_surface_get_data(img)!
        cairo_surface_flush(img)
        for y in 0..<raster.height {
            let row = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<raster.width {
                row[x] = premultipliedARGB(raster[x, y])
            }
        }
        cairo_surface_mark_dirty(img)
        cairo_save(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
        cairo_translate(cr, rect.x, rect.y)
        cairo_scale(cr, rect.width / Double(raster.width), rect.height / Double(raster.height))
        cairo_set_source_surface(cr, img, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_paint(cr)
        cairo_restore(cr)
        cairo_surface_destroy(img)
    }

    public func withClip(_ rect: Rect, _ body: () -> Void) {
        guard rect.x.isFinite, rect.y.isFinite, rect.width.isFinite, rect.height.isFinite else { return }
        cairo_save(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
        body()
        cairo_restore(cr)
    }
}

/// Cairo's native ARGB32 pixel (premultiplied alpha) for `c`.
func premultipliedARGB(_ c: Color) -> UInt32 {
    func q(_ v: Double) -> UInt32 { UInt32((min(max(v, 0), 1) * 255).rounded()) }
    let a = min(max(c.alpha, 0), 1)
    return q(a) << 24 | q(c.red * a) << 16 | q(c.green * a) << 8 | q(c.blue * a)
}

/// PNG text chunks, written by us because Cairo's PNG writer stores no metadata.
///
/// `insert` places one chunk per key/value right after IHDR: `tEXt` when key and value are
/// Latin-1, otherwise an uncompressed `iTXt` (UTF-8). Each chunk carries the CRC-32
/// (ISO 3309, polynomial 0xEDB88320) of its type and data, as the PNG specification requires.
public enum PNGText {
    static let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]

    /// The bytes of `png` with text chunks for `entries` inserted after IHDR.
    public static func insert(_ entries: [(String, String)], into png: [UInt8]) throws -> [UInt8] {
        guard png.count > 33, Array(png[0..<8]) == signature,
              String(decoding: png[12..<16], as: UTF8.self) == "IHDR" else {
            throw PlotError.badPNG("missing signature or IHDR")
        }
        let ihdrEnd = 8 + 12 + Int(readUInt32(png, 8))
        var out = Array(png[0..<ihdrEnd])
        for (key, value) in entries { out += chunk(key: key, value: value) }
        out += png[ihdrEnd...]
        return out
    }

    /// Every text chunk (`tEXt` or `iTXt`) of `png` as (key, value), in file order.
    /// Throws when a chunk's CRC does not match.
    public static func read(_ png: [UInt8]) throws -> [(String, String)] {
        guard png.count >= 8, Array(png[0..<8]) == signature else { throw PlotError.badPNG("missing signature") }
        var pos = 8
        var result: [(String, String)] = []
        while pos + 12 <= png.count {
            let length = Int(readUInt32(png, pos))
            guard pos + 12 + length <= png.count else { throw PlotError.badPNG("truncated chunk") }
            let type = String(decoding: png[(pos + 4)..<(pos + 8)], as: UTF8.self)
            let data = Array(png[(pos + 8)..<(pos + 8 + length)])
            let crc = readUInt32(png, pos + 8 + length)
            guard crc == crc32(Array(png[(pos + 4)..<(pos + 8)]) + data) else { throw PlotError.badPNG("bad CRC in \(type)") }
            if type == "tEXt", let nul = data.firstIndex(of: 0) {
                let key = String(decoding: data[..<nul], as: UTF8.self)
                let value = String(data[(nul + 1)...].map { Character(Unicode.Scalar($0)) })
                result.append((key, value))
            } else if type == "iTXt", let nul = data.firstIndex(of: 0) {
                // keyword NUL compression-flag compression-method language NUL translated NUL text
                var p = nul + 3
                for _ in 0..<2 { while p < data.count && data[p] != 0 { p += 1 }; p += 1 }
                let key = String(decoding: data[..<nul], as: UTF8.self)
                result.append((key, String(decoding: data[min(p, data.count)...], as: UTF8.self)))
            }
            if type == "IEND" { break }
            pos += 12 + length
        }
        return result
    }

    static func chunk(key: String, value: String) -> [UInt8] {
        let latin1 = (key + value).unicodeScalars.allSatisfy { $0.value < 256 && $0.value != 0 }
        var type: [UInt8]
        var data: [UInt8]
        let keyBytes = Array(key.unicodeScalars.filter { $0.value < 256 && $0.value > 31 }.map { UInt8($0.value) }.prefix(79))
        if latin1 {
            type = Array("tEXt".utf8)
            data = keyBytes + [0] + value.unicodeScalars.map { UInt8($0.value) }
        } else {
            type = Array("iTXt".utf8)
            data = keyBytes + [0, 0, 0, 0, 0] + Array(value.utf8)
        }
        var out = bigEndian(UInt32(data.count))
        out += type + data
        out += bigEndian(crc32(type + data))
        return out
    }

    static func readUInt32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), UInt8(v & 0xff)]
    }

    static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// CRC-32 as used by PNG (and zlib): `crc32(Array("IEND".utf8)) == 0xAE426082`.
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xffffffff
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xff)] ^ (c >> 8) }
        return c ^ 0xffffffff
    }
}

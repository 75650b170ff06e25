import Foundation
import Plot

/// plot-gallery --out DIR [--dpi N]: draws every plot kind of the Plot module on synthetic
/// data into DIR as PNG and PDF.
var outDir = "gallery"
var dpi = 150.0
var args = Array(CommandLine.arguments.dropFirst())
while !args.isEmpty {
    let a = args.removeFirst()
    switch a {
    case "--out" where !args.isEmpty: outDir = args.removeFirst()
    case "--dpi" where !args.isEmpty:
        let v = args.removeFirst()
        guard let d = Double(v), d > 0 else {
            FileHandle.standardError.write("error: --dpi needs a positive number, got '\(v)'\n".data(using: .utf8)!)
            exit(2)
        }
        dpi = d
    case "-h", "--help":
        print("usage: plot-gallery [--out DIR] [--dpi N]\n  Draws every plot kind on synthetic data as DIR/<name>.png and .pdf (default DIR=gallery, N=150).")
        exit(0)
    default:
        FileHandle.standardError.write("error: unknown argument '\(a)'; valid: --out DIR, --dpi N, --help\n".data(using: .utf8)!)
        exit(2)
    }
}
let dir = URL(fileURLWithPath: outDir)
do {
    for (name, make) in Gallery.figures {
        let meta = FigureMetadata(title: name, commit: "gallery", experiment: "plot-gallery", extra: ["data": "synthetic"])
        try make().save(png: dir.appendingPathComponent(name + ".png"), pdf: dir.appendingPathComponent(name + ".pdf"),
                        dpi: dpi, metadata: meta)
        print("wrote \(outDir)/\(name).png and .pdf")
    }
} catch {
    FileHandle.standardError.write("error: \(error)\n".data(using: .utf8)!)
    exit(1)
}

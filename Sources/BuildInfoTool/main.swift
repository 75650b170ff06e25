import Foundation
import LabCore

// Writes `BuildInfo.generated.swift` for the `BuildInfoData` target (run by
// Plugins/BuildInfoPlugin at build time, never by a run). Arguments:
//
//     --root DIR --swiftc PATH [--pkg-config PATH] --output FILE
//     [--dependency NAME=VERSION]...
//     [--executable NAME [--target NAME FILE...]...]...
//
// FILEs are relative to the package root. For each executable the code digest is SHA-256 over
// a format tag, the compiler's `--version` text, every dependency's exact version, and the
// root-relative path, size and bytes of `Package.swift` and of every file of every target the
// executable links, in sorted path order. The package digest is the same over the files of
// all executables together. The file is rewritten only when its content changes, so a touched
// but unchanged source recompiles nothing.

struct Arguments {
    var root = ""
    var swiftc = ""
    var pkgConfig: String?
    var output = ""
    var dependencies: [(name: String, version: String)] = []
    /// executable -> target -> files
    var executables: [String: [String: [String]]] = [:]

    init(_ list: [String]) throws {
        var index = 0
        var executable: String?
        var target: String?
        func value() throws -> String {
            index += 1
            guard index < list.count else { throw ToolError("missing value after \(list[index - 1])") }
            return list[index]
        }
        while index < list.count {
            let argument = list[index]
            switch argument {
            case "--root": root = try value()
            case "--swiftc": swiftc = try value()
            case "--pkg-config": pkgConfig = try value()
            case "--output": output = try value()
            case "--dependency":
                let pair = try value()
                guard let equals = pair.firstIndex(of: "=") else { throw ToolError("--dependency needs NAME=VERSION, got \(pair)") }
                dependencies.append((String(pair[..<equals]), String(pair[pair.index(after: equals)...])))
            case "--executable":
                let name = try value()
                executable = name
                target = nil
                executables[name] = [:]
            case "--target":
                guard let executable else { throw ToolError("--target before --executable") }
                let name = try value()
                target = name
                executables[executable]![name] = []
            default:
                guard let executable, let target else { throw ToolError("file \(argument) outside --executable/--target") }
                executables[executable]![target]!.append(argument)
            }
            index += 1
        }
        guard !root.isEmpty, !output.isEmpty else { throw ToolError("need --root and --output") }
    }
}

struct ToolError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a program with a private `TMPDIR` (the Swift driver leaves a folder in it), removed
/// afterwards. Returns its standard output, or nil when it cannot run or fails.
func output(of program: String, _ arguments: [String], scratch: URL) -> String? {
    let temporary = scratch.appendingPathComponent("tmp-\(getpid())")
    try? FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: temporary) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["TMPDIR"] = temporary.path
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// A program on PATH, for when the plugin could not name it.
func onPath(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

func digest(files: [String], root: URL, toolchain: String, dependencies: [(name: String, version: String)]) throws -> String {
    var hasher = SHA256()
    hasher.update("bilevelrl-code-digest-1\u{0}toolchain\u{0}\(toolchain)\u{0}")
    for dependency in dependencies.sorted(by: { $0.name < $1.name }) {
        hasher.update("dependency\u{0}\(dependency.name)\u{0}\(dependency.version)\u{0}")
    }
    for file in Set(files + ["Package.swift"]).sorted() {
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(file).path) else {
            throw ToolError("cannot read \(file)")
        }
        hasher.update("file\u{0}\(file)\u{0}\(data.count)\u{0}")
        hasher.update(data)
    }
    return SHA256.hexString(hasher.finalize())
}

/// A Swift string literal for any text.
func literal(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F { out += "\\u{\(String(scalar.value, radix: 16))}" } else { out.unicodeScalars.append(scalar) }
        }
    }
    return out + "\""
}

do {
    let arguments = try Arguments(Array(CommandLine.arguments.dropFirst()))
    let root = URL(fileURLWithPath: arguments.root)
    let outputURL = URL(fileURLWithPath: arguments.output)
    let scratch = outputURL.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)

    let swiftc = arguments.swiftc.isEmpty ? onPath("swiftc") : arguments.swiftc
    let toolchain = swiftc.flatMap { output(of: $0, ["--version"], scratch: scratch) } ?? "unknown"
    let swiftVersion = toolchain.split(separator: "\n").first.map(String.init) ?? "unknown"
    let cairo = (arguments.pkgConfig ?? onPath("pkg-config")).flatMap { output(of: $0, ["--modversion", "cairo"], scratch: scratch) } ?? "unknown"

    var digests: [(String, String)] = []
    var linked: [(String, [String])] = []
    var allFiles: [String] = []
    for name in arguments.executables.keys.sorted() {
        let targets = arguments.executables[name]!
        let files = targets.values.flatMap { $0 }
        allFiles += files
        digests.append((name, try digest(files: files, root: root, toolchain: toolchain, dependencies: arguments.dependencies)))
        linked.append((name, targets.keys.sorted()))
    }
    let packageDigest = try digest(files: allFiles, root: root, toolchain: toolchain, dependencies: arguments.dependencies)

    var source = """
    // Generated at build time by Plugins/BuildInfoPlugin through Sources/BuildInfoTool.
    // Do not edit; read it through `Lab.BuildInfo`.

    public enum GeneratedBuildInfo {

    """
    source += "    public static func swiftVersion() -> String { \(literal(swiftVersion)) }\n"
    source += "    public static func toolchain() -> String { \(literal(toolchain)) }\n"
    source += "    public static func cairoVersion() -> String { \(literal(cairo)) }\n"
    source += "    public static func packageDigest() -> String { \(literal(packageDigest)) }\n"
    /// A dictionary literal, one entry a line (`[:]` when empty).
    func dictionary(_ entries: [(key: String, value: String)]) -> String {
        guard !entries.isEmpty else { return "[:]" }
        return "[\n" + entries.map { "            \(literal($0.key)): \($0.value),\n" }.joined() + "        ]"
    }
    let dependencyEntries = arguments.dependencies.sorted { $0.name < $1.name }.map { (key: $0.name, value: literal($0.version)) }
    source += "    public static func dependencies() -> [String: String] {\n        \(dictionary(dependencyEntries))\n    }\n"
    source += "    public static func codeDigests() -> [String: String] {\n        \(dictionary(digests.map { (key: $0.0, value: literal($0.1)) }))\n    }\n"
    let linkedEntries = linked.map { (key: $0.0, value: "[" + $0.1.map(literal).joined(separator: ", ") + "]") }
    source += "    public static func linkedTargets() -> [String: [String]] {\n        \(dictionary(linkedEntries))\n    }\n}\n"

    if (try? String(contentsOf: outputURL, encoding: .utf8)) != source {
        try AtomicFile.write(source, to: outputURL)
    }
} catch {
    FileHandle.standardError.write(Data("BuildInfoTool: error: \(error)\n".utf8))
    exit(1)
}

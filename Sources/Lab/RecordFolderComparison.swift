import Foundation

/// Two folders of run records compared file by file: the same record files, each identical
/// in every field but the measurements of the run (`timing`, `measurements`) and the command
/// line that started it (`provenance.commandLine`). What "a Slurm run gives the local run's
/// records" means (`bilevel same-records`, docs/slurm.md).
public enum RecordFolderComparison {
    /// Fields that describe how a run was made, not what it computed.
    public static let ignoredPaths = [["timing"], ["measurements"], ["provenance", "commandLine"]]

    /// One line per difference (a file in one folder only, or a field that differs); empty
    /// when the folders hold the same records.
    public static func differences(_ a: URL, _ b: URL) throws -> [String] {
        let namesA = recordNames(in: a), namesB = recordNames(in: b)
        var out: [String] = []
        for name in namesA.subtracting(namesB).sorted() { out.append("\(name): only in \(a.path)") }
        for name in namesB.subtracting(namesA).sorted() { out.append("\(name): only in \(b.path)") }
        for name in namesA.intersection(namesB).sorted() {
            let x = try stripped(a.appendingPathComponent(name)), y = try stripped(b.appendingPathComponent(name))
            if x != y { out.append("\(name): " + firstDifference(x, y, path: "")) }
        }
        return out
    }

    public static func recordNames(in folder: URL) -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return Set(names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") })
    }

    static func stripped(_ url: URL) throws -> JSONValue {
        var value = try JSONFile.decode(JSONValue.self, at: url, kind: "JSON document")
        for path in ignoredPaths { value = removing(path[...], from: value) }
        return value
    }

    static func removing(_ path: ArraySlice<String>, from value: JSONValue) -> JSONValue {
        guard let key = path.first, case .object(var members) = value else { return value }
        if path.count == 1 { members.removeValue(forKey: key) }
        else if let child = members[key] { members[key] = removing(path.dropFirst(), from: child) }
        return .object(members)
    }

    static func firstDifference(_ x: JSONValue, _ y: JSONValue, path: String) -> String {
        switch (x, y) {
        case (.object(let a), .object(let b)):
            for key in Set(a.keys).union(b.keys).sorted() where a[key] != b[key] {
                guard let u = a[key], let v = b[key] else { return "\(path)\(key) present in one only" }
                return firstDifference(u, v, path: "\(path)\(key).")
            }
        case (.array(let a), .array(let b)):
            if a.count != b.count { return "\(path.dropLast()) has \(a.count) vs \(b.count) elements" }
            for i in a.indices where a[i] != b[i] { return firstDifference(a[i], b[i], path: "\(path.dropLast())[\(i)].") }
        default: break
        }
        return "\(path.dropLast()) differs"
    }
}

import Foundation

/// One provenance fact that differs between the two reports (config value, code digest,
/// toolchain, machine, ...).
public struct ProvenanceDifference: Equatable, Sendable {
    /// `report` for the whole report, otherwise the experiment.
    public var scope: String
    public var field: String
    public var a: String
    public var b: String

    static func all(_ a: ReportManifest, _ b: ReportManifest) -> [ProvenanceDifference] {
        var out: [ProvenanceDifference] = []
        func add(_ scope: String, _ field: String, _ x: String, _ y: String) {
            if x != y { out.append(ProvenanceDifference(scope: scope, field: field, a: x, b: y)) }
        }
        add("report", "commit", a.commit, b.commit)
        add("report", "dirty", "\(a.dirty)", "\(b.dirty)")
        add("report", "profile", a.profile, b.profile)
        add("report", "Swift (report)", a.swiftVersion, b.swiftVersion)
        add("report", "Cairo (report)", a.cairoVersion, b.cairoVersion)
        let names = Set(a.experiments.map(\.name)).union(b.experiments.map(\.name)).sorted()
        for name in names {
            guard let ea = a.experiment(name), let eb = b.experiment(name) else {
                add(name, "present", a.experiment(name) == nil ? "no" : "yes", b.experiment(name) == nil ? "no" : "yes")
                continue
            }
            let pa = ea.provenance, pb = eb.provenance
            func list(_ x: [String]) -> String { x.isEmpty ? "—" : x.map { $0.count == 64 ? String($0.prefix(12)) : $0 }.joined(separator: ", ") }
            add(name, "runs", "\(pa.runs)", "\(pb.runs)")
            add(name, "failed runs", "\(pa.failedRuns)", "\(pb.failedRuns)")
            add(name, "seeds", pa.seeds.map(String.init).joined(separator: ","), pb.seeds.map(String.init).joined(separator: ","))
            add(name, "methods", pa.methods.joined(separator: ", "), pb.methods.joined(separator: ", "))
            add(name, "config hash", list(pa.configHashes), list(pb.configHashes))
            for key in Set(pa.config.keys).union(pb.config.keys).sorted() {
                add(name, "config `\(key)`", pa.config[key] ?? "—", pb.config[key] ?? "—")
            }
            add(name, "code digest", list(pa.codeDigests), list(pb.codeDigests))
            add(name, "toolchain", list(pa.toolchains), list(pb.toolchains))
            add(name, "Swift", list(pa.swiftVersions), list(pb.swiftVersions))
            add(name, "Cairo", list(pa.cairoVersions), list(pb.cairoVersions))
            add(name, "host", list(pa.hosts), list(pb.hosts))
            add(name, "CPU", list(pa.cpus), list(pb.cpus))
            add(name, "OS", list(pa.operatingSystems), list(pb.operatingSystems))
        }
        return out
    }
}

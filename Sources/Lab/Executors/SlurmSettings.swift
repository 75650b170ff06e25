import Foundation

/// What a Slurm submission asks for: the executor options over the executor config file
/// (`slurm.yaml`), over Slurm's own defaults (docs/slurm.md).
///
///     # slurm.yaml (every key optional)
///     partition: cpu
///     time: "1:00:00"          # per task
///     mem: 2G                  # per task
///     cpus_per_task: 1
///     concurrency: 50          # sbatch --array=...%50
///     max_array_size: 1001     # instead of asking `scontrol show config`
///     sbatch_args: ["--account=mygroup", "--qos=normal"]
///     env: {OMP_PROC_BIND: "true"}
public struct SlurmSettings: Equatable, Sendable {
    public var partition: String?
    public var time: String?
    public var mem: String?
    public var cpusPerTask = 1
    public var concurrency: Int?
    public var maxArraySize: Int?
    public var extraArguments: [String] = []
    /// Extra task environment, on top of the explicit base environment (`SlurmScripts`).
    public var environment: [String: String] = [:]

    public init() {}

    public static let fileName = "slurm.yaml"

    /// Options over the config file (`--slurm-config`, else `<root>/slurm.yaml` when present).
    public static func resolve(_ options: ExecutorOptions, root: URL?) throws -> SlurmSettings {
        var settings = SlurmSettings()
        var file: URL?
        if let path = options.slurmConfig {
            file = URL(fileURLWithPath: path)
        } else if let root, FileManager.default.fileExists(atPath: root.appendingPathComponent(fileName).path) {
            file = root.appendingPathComponent(fileName)
        }
        if let file { settings = try read(file) }
        if let value = options.slurmPartition { settings.partition = value }
        if let value = options.slurmTime { settings.time = value }
        if let value = options.slurmMem { settings.mem = value }
        if let value = options.slurmCpus { settings.cpusPerTask = value }
        if let value = options.slurmConcurrency { settings.concurrency = value }
        for item in options.slurmEnv {
            guard let (name, value) = parseEnvironment(item) else { throw LabError("--slurm-env: bad item '\(item)'") }
            settings.environment[name] = value
        }
        return settings
    }

    /// Reads an executor config strictly (unknown keys rejected with the valid ones named).
    public static func read(_ url: URL) throws -> SlurmSettings {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw LabError("executor config \(url.path) does not exist")
        }
        let config = try ConfigReader(contentsOf: url)
        var settings = SlurmSettings()
        if config.has("partition") { settings.partition = try config.string("partition") }
        if config.has("time") { settings.time = try config.string("time") }
        if config.has("mem") { settings.mem = try config.string("mem") }
        settings.cpusPerTask = try config.int("cpus_per_task", default: 1, min: 1)
        if config.has("concurrency") { settings.concurrency = try config.int("concurrency", min: 1) }
        if config.has("max_array_size") { settings.maxArraySize = try config.int("max_array_size", min: 1) }
        settings.extraArguments = try config.strings("sbatch_args", default: [])
        if config.has("env") {
            let env = try config.section("env")
            for key in env.keys {
                guard parseEnvironment("\(key)=x") != nil else {
                    throw LabError("\(url.path): env: '\(key)' is not a variable name (letters, digits, _)")
                }
                settings.environment[key] = try env.string(key)
            }
            try env.finish()
        }
        try config.finish()
        return settings
    }

    /// `NAME=VALUE` with a shell-safe name, or nil.
    public static func parseEnvironment(_ item: String) -> (String, String)? {
        guard let equals = item.firstIndex(of: "=") else { return nil }
        let name = String(item[..<equals])
        guard let first = name.first, first == "_" || first.isLetter,
              name.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }) else { return nil }
        return (name, String(item[item.index(after: equals)...]))
    }
}

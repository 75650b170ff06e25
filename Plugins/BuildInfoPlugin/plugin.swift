import Foundation
import PackagePlugin

/// Records, at build time, what every executable of the package is built from, so that a
/// run never has to ask (it starts no toolchain process) and a binary that was not rebuilt
/// after an edit cannot stamp its results with the digest of the edited sources.
///
/// Applied to the `BuildInfoData` target. From the package's target graph it lists, for every
/// executable target, the source files of every target of this package the executable links
/// (the executable itself and its recursive target dependencies, C modules included), and
/// passes them with `Package.swift`, the exact version of every package dependency and the
/// compiler to `BuildInfoTool`, which writes `BuildInfo.generated.swift` (see that tool).
/// The command reruns whenever one of those files changes.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let package = context.package
        let root = package.directoryURL.standardizedFileURL
        var arguments = ["--root", root.path, "--swiftc", try context.tool(named: "swiftc").url.path]
        if let pkgConfig = try? context.tool(named: "pkg-config") { arguments += ["--pkg-config", pkgConfig.url.path] }
        arguments += ["--output", context.pluginWorkDirectoryURL.appendingPathComponent("BuildInfo.generated.swift").path]

        var versions: [String: String] = [:]
        Self.collectVersions(of: package, into: &versions)
        for name in versions.keys.sorted() { arguments += ["--dependency", "\(name)=\(versions[name]!)"] }

        var inputs: [URL] = [root.appendingPathComponent("Package.swift")]
        var seen = Set<String>()
        let own = Set(package.targets.map(\.id))
        let executables = package.targets
            .filter { ($0 as? SourceModuleTarget)?.kind == .executable }
            .sorted { $0.name < $1.name }
        for executable in executables {
            arguments += ["--executable", executable.name]
            let linked = ([executable] + executable.recursiveTargetDependencies)
                .filter { own.contains($0.id) }
                .sorted { $0.name < $1.name }
            for linkedTarget in linked {
                arguments += ["--target", linkedTarget.name]
                for file in Self.files(of: linkedTarget) {
                    let path = file.standardizedFileURL.path
                    guard path.hasPrefix(root.path + "/") else { continue }
                    arguments.append(String(path.dropFirst(root.path.count + 1)))
                    if seen.insert(path).inserted { inputs.append(file) }
                }
            }
        }
        return [.buildCommand(
            displayName: "Recording build information for \(executables.count) executables",
            executable: try context.tool(named: "BuildInfoTool").url,
            arguments: arguments,
            inputFiles: inputs,
            outputFiles: [context.pluginWorkDirectoryURL.appendingPathComponent("BuildInfo.generated.swift")])]
    }

    /// The files a target is compiled from: sources and headers of a Swift or C target (what
    /// the manifest excludes, such as configs, is not among them), every file of a system
    /// library's folder (module map, shim header).
    static func files(of target: Target) -> [URL] {
        if let module = target as? SourceModuleTarget {
            return module.sourceFiles
                .filter { $0.type == .source || $0.type == .header }
                .map(\.url)
                .sorted { $0.path < $1.path }
        }
        // (`Target.directoryURL` needs tools version 6.1; `directory` is its 6.0 spelling.)
        let directory = URL(fileURLWithPath: target.directory.string)
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var files: [URL] = []
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }

    /// `name -> "version (revision)"` for every package the package depends on, directly or not.
    static func collectVersions(of package: Package, into versions: inout [String: String]) {
        for dependency in package.dependencies {
            let dependencyPackage = dependency.package
            guard versions[dependencyPackage.displayName] == nil else { continue }
            switch dependencyPackage.origin {
            case .repository(let url, let version, let revision):
                versions[dependencyPackage.displayName] = "\(version) (\(revision), \(url))"
            case .registry(let identity, let version):
                versions[dependencyPackage.displayName] = "\(version) (registry \(identity))"
            case .local(let path):
                versions[dependencyPackage.displayName] = "local \(path)"
            case .root:
                versions[dependencyPackage.displayName] = "root"
            @unknown default:
                versions[dependencyPackage.displayName] = "unknown origin"
            }
            collectVersions(of: dependencyPackage, into: &versions)
        }
    }
}

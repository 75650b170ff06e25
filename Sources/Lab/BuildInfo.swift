import BuildInfoData
import Foundation

/// What this binary was built from, fixed at build time (docs/product.md, "Build
/// information"): the code digest of every executable of the package, the compiler, the Cairo
/// version and the exact version of every package dependency. Written by
/// `Plugins/BuildInfoPlugin` into the `BuildInfoData` target and compiled in, so a run asks no
/// program (it starts no toolchain process) and a binary that was not rebuilt after an edit
/// still reports the digest of the code it actually runs.
///
/// A code digest is SHA-256 over the compiler's `--version` text, every dependency's exact
/// version, `Package.swift`, and the path and bytes of every source and header of every target
/// of this package the executable links (from the target graph of `Package.swift`:
/// `Sources/DominantLU`, the C module maps and the experiment's own folder included; configs
/// and report prose excluded, they are not compiled).
public enum BuildInfo {
    /// First line of the building compiler's `swift --version`, e.g.
    /// "Swift version 6.3.1 (swift-6.3.1-RELEASE)".
    public static let swiftVersion: String = GeneratedBuildInfo.swiftVersion()
    /// The compiler's whole `--version` text (version and target triple).
    public static let toolchain: String = GeneratedBuildInfo.toolchain()
    /// `pkg-config --modversion cairo` at build time (the headers Plot was compiled against).
    public static let cairoVersion: String = GeneratedBuildInfo.cairoVersion()
    /// Package dependency -> "version (revision, url)", every dependency, direct or not.
    public static let dependencies: [String: String] = GeneratedBuildInfo.dependencies()
    /// Executable target -> its code digest.
    public static let executableDigests: [String: String] = GeneratedBuildInfo.codeDigests()
    /// Executable target -> the targets of this package it links (itself included), sorted.
    public static let linkedTargets: [String: [String]] = GeneratedBuildInfo.linkedTargets()
    /// The digest over the targets of every executable together (and the same toolchain and
    /// dependencies): what a run uses when its code is no single executable (tests).
    public static let packageDigest: String = GeneratedBuildInfo.packageDigest()

    /// The code digest of executable target `name`, nil when the package has no such executable.
    public static func codeDigest(executable name: String) -> String? { executableDigests[name] }

    /// The digest that keys the records of experiment `name`: its executable's code digest, or,
    /// for a name that is no executable of the package (an in-process test experiment),
    /// `packageDigest`, which changes whenever any of the package's code does.
    public static func codeDigest(experiment name: String) -> String {
        executableDigests[name] ?? packageDigest
    }

    /// The code digest of the running binary: its executable's, or `packageDigest` when it is
    /// not one of the package's executables (the test runner).
    public static var codeDigest: String { codeDigest(experiment: runningExecutable) }

    /// The running executable's file name.
    public static var runningExecutable: String {
        URL(fileURLWithPath: CommandLine.arguments.first ?? "").lastPathComponent
    }
}

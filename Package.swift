// swift-tools-version:6.0
// Bilevel RL toolkit: a reproduction of "Principled Penalty-based Methods for
// Bilevel Reinforcement Learning and RLHF" (Shen, Yang, Chen; ICML 2024, JMLR 2025).
//
// Dependency direction (arrows point from user to used):
//   experiments -> Algorithms -> Environments -> BilevelCore
//   Algorithms -> Sampling -> BilevelCore
//   experiments -> Lab, Plot
//   * -> SeededRandom (the seeded generators; no dependencies)
//   bilevel -> Report -> Plot, Lab
//   Lab, Plot -> LabCore (SHA-256, the one atomic write path); Lab -> BuildInfoData
// BuildInfoData holds what the binary was built from (code digests, toolchain, dependency
// versions), generated at build time by Plugins/BuildInfoPlugin with Sources/BuildInfoTool.
// BilevelCore imports only LAPACK (CLapack, OpenBLAS) and its own LU kernel (DominantLU);
// Plot and Report never import the math.
import PackageDescription
import Foundation

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let yams: Target.Dependency = .product(name: "Yams", package: "Yams")
let ink: Target.Dependency = .product(name: "Ink", package: "Ink")

/// Every experiment is one executable target under experiments/<name>/, with its
/// quick/standard/full configs under experiments/<name>/configs/.
func experiment(_ name: String) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["BilevelCore", "Environments", "Algorithms", "Lab", "Plot", "ExperimentKit", argumentParser],
        path: "experiments/\(name)",
        exclude: ["configs", "REPORT_SECTION.md", "experiment.yaml"]  // the report's prose, the registry entry
    )
}

/// The experiment registry (Sources/Lab/ExperimentRegistry.swift): every folder experiments/<name>/
/// holding an experiment.yaml. No list to edit: `bilevel new NAME` (or the folder) registers one.
/// SwiftPM caches this manifest by its text and environment, not by the folders it reads: the
/// Makefile exports BILEVEL_EXPERIMENTS so a new folder re-evaluates it; a bare `swift build`
/// after adding one by hand needs `--manifest-cache none` once.
let experimentNames = ((try? FileManager.default.contentsOfDirectory(atPath: Context.packageDirectory + "/experiments")) ?? [])
    .filter { FileManager.default.fileExists(atPath: Context.packageDirectory + "/experiments/\($0)/experiment.yaml") }
    .sorted()

let package = Package(
    name: "BilevelRL",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "BilevelCore", targets: ["BilevelCore"]),
        .library(name: "Plot", targets: ["Plot"]),
        .executable(name: "bilevel", targets: ["bilevel"]),
    ],
    dependencies: [
        // Exact versions: they are part of every code digest (Package.resolved is not committed).
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/JohnSundell/Ink", exact: "0.6.0"),
    ],
    targets: [
        // LAPACK (dgetrf/dgetrs) from OpenBLAS for the dense LU of I - gamma P_pi at n >= 24.
        .systemLibrary(
            name: "CLapack",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // The unpivoted LU of diagonally dominant matrices (I - gamma P_pi), compiled for the
        // build machine's vector instructions: the numbers are bitwise the same on any x86-64,
        // only the speed changes, and the binary needs a CPU like the one that built it. A
        // target of its own so that no other code gets the flag (measurements:
        // benchmarks/README.md, "Measurements behind the code's choices").
        .target(
            name: "DominantLU",
            swiftSettings: [.unsafeFlags(["-Xcc", "-march=native"], .when(platforms: [.linux]))]
        ),
        .target(name: "BilevelCore", dependencies: ["CLapack", "DominantLU"]),
        // xoshiro256** seeded through SplitMix64: the one source of randomness of every layer.
        .target(name: "SeededRandom"),
        .target(name: "Environments", dependencies: ["BilevelCore", "SeededRandom"]),
        // Model-free estimators over a simulator (docs/sampling.md); BilevelCore is their oracle.
        .target(name: "Sampling", dependencies: ["BilevelCore", "SeededRandom"]),
        // Dense networks with hand-written backward passes over BLAS (cblas_dgemm from OpenBLAS),
        // RMSProp/Adam, initializers. Knows no RL.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .target(name: "Neural", dependencies: ["CBLAS"]),
        .target(name: "Algorithms", dependencies: ["BilevelCore", "Environments", "Sampling", "SeededRandom", "Neural"]),
        .target(name: "LabCore"),
        .executableTarget(name: "BuildInfoTool", dependencies: ["LabCore"]),
        .plugin(name: "BuildInfoPlugin", capability: .buildTool(), dependencies: ["BuildInfoTool"]),
        .target(name: "BuildInfoData", plugins: ["BuildInfoPlugin"]),
        .target(name: "Lab", dependencies: ["LabCore", "BuildInfoData", yams, argumentParser]),
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]
        ),
        .target(name: "Plot", dependencies: ["CCairo", "LabCore"]),
        .target(name: "ExperimentKit", dependencies: ["Lab", "Plot", "Algorithms"]),
        // figures.js: the interactive figures' script, inlined into report.html and compare.html.
        .target(name: "Report", dependencies: ["Plot", "Lab", ink, yams], resources: [.copy("Interactive/figures.js")]),
        .executableTarget(name: "bilevel", dependencies: ["Report", "Lab", "Plot", argumentParser]),
        .executableTarget(name: "plot-gallery", dependencies: ["Plot"], path: "Sources/PlotGallery"),
        // `bilevel solve INSTANCE`: a user's instance file through the methods (docs/adding-an-experiment.md).
        .executableTarget(name: "solve", dependencies: ["BilevelCore", "Algorithms", "Lab", "Plot", "ExperimentKit", argumentParser]),
        .executableTarget(
            name: "bench",
            dependencies: ["BilevelCore", "Environments", "Algorithms", argumentParser],
            path: "benchmarks/swift"
        ),

        .testTarget(name: "BilevelCoreTests", dependencies: ["BilevelCore", "Environments", "SeededRandom"]),
        .testTarget(name: "EnvironmentsTests", dependencies: ["Environments", "BilevelCore", "SeededRandom"]),
        .testTarget(name: "AlgorithmsTests", dependencies: ["Algorithms", "Environments", "BilevelCore", "SeededRandom"]),
        .testTarget(name: "SeededRandomTests", dependencies: ["SeededRandom"]),
        .testTarget(name: "SamplingTests", dependencies: ["Sampling", "BilevelCore", "Environments", "SeededRandom"]),
        .testTarget(name: "LabTests", dependencies: ["Lab", "LabCore"]),
        .testTarget(name: "NeuralTests", dependencies: ["Neural"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot"], exclude: ["Baselines"]),
        // Issue 13: bad input and faults, one file per area, through the built executables.
        .testTarget(name: "RobustnessTests", dependencies: ["Lab", "LabCore", "BilevelCore"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Lab", "Plot"]),
        // The interactive figures in headless chromium; runs the experiments' quick profiles.
        .testTarget(name: "BrowserTests", dependencies: ["Report", "Lab", "Plot"], exclude: ["Baselines"]),
        .testTarget(
            name: "ExperimentsTests",
            dependencies: ["BilevelCore", "Environments", "Algorithms", "Lab", "ExperimentKit", "solve"]
                + experimentNames.map { Target.Dependency(stringLiteral: $0) }
        ),
    ] + experimentNames.map(experiment),
    swiftLanguageModes: [.v5]
)

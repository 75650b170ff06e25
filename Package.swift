// swift-tools-version:6.0
// Bilevel RL toolkit: a reproduction of "Principled Penalty-based Methods for
// Bilevel Reinforcement Learning and RLHF" (Shen, Yang, Chen; ICML 2024, JMLR 2025).
//
// Dependency direction (arrows point from user to used):
//   experiments -> Algorithms -> Environments -> BilevelCore
//   experiments -> Lab, Plot
//   * -> SeededRandom (the seeded generators; no dependencies)
//   bilevel -> Report -> Plot, Lab
// BilevelCore imports only LAPACK (CLapack, OpenBLAS) and its own LU kernel (DominantLU);
// Plot and Report never import the math.
import PackageDescription

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
        exclude: ["configs", "REPORT_SECTION.md"]  // REPORT_SECTION.md: the report's prose (Report reads it)
    )
}

let experimentNames = ["stackelberg", "landscape", "theory", "incentive", "rlhf", "scaling", "rlhf-deep"]

let package = Package(
    name: "BilevelRL",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "BilevelCore", targets: ["BilevelCore"]),
        .library(name: "Plot", targets: ["Plot"]),
        .executable(name: "bilevel", targets: ["bilevel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
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
        // Dense networks with hand-written backward passes over BLAS (cblas_dgemm from OpenBLAS),
        // RMSProp/Adam, initializers. Knows no RL.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .target(name: "Neural", dependencies: ["CBLAS"]),
        .target(name: "Algorithms", dependencies: ["BilevelCore", "Environments", "SeededRandom", "Neural"]),
        .target(name: "Lab", dependencies: [yams, argumentParser]),
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]
        ),
        .target(name: "Plot", dependencies: ["CCairo"]),
        .target(name: "ExperimentKit", dependencies: ["Lab", "Plot"]),
        .target(name: "Report", dependencies: ["Plot", "Lab", ink, yams]),
        .executableTarget(name: "bilevel", dependencies: ["Report", "Lab", "Plot", argumentParser]),
        .executableTarget(name: "plot-gallery", dependencies: ["Plot"], path: "Sources/PlotGallery"),
        // make bench, A2C part: frames/s of the whole A2C loop on Breakout (benchmarks/a2c).
        .executableTarget(name: "bench-a2c", dependencies: ["Algorithms", "Environments"], path: "benchmarks/a2c"),
        .executableTarget(
            name: "bench",
            dependencies: ["BilevelCore", "Environments", "Algorithms", argumentParser],
            path: "benchmarks/swift"
        ),

        .testTarget(name: "BilevelCoreTests", dependencies: ["BilevelCore", "Environments", "SeededRandom"]),
        .testTarget(name: "EnvironmentsTests", dependencies: ["Environments", "BilevelCore", "SeededRandom"], exclude: ["Fixtures"]),
        .testTarget(name: "AlgorithmsTests", dependencies: ["Algorithms", "Environments", "BilevelCore", "SeededRandom"]),
        .testTarget(name: "SeededRandomTests", dependencies: ["SeededRandom"]),
        .testTarget(name: "LabTests", dependencies: ["Lab"]),
        .testTarget(name: "NeuralTests", dependencies: ["Neural"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot"], exclude: ["Baselines"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Lab", "Plot"]),
        .testTarget(
            name: "ExperimentsTests",
            dependencies: ["BilevelCore", "Environments", "Algorithms", "Lab"]
                + experimentNames.map { Target.Dependency(stringLiteral: $0) }
        ),
    ] + experimentNames.map(experiment),
    swiftLanguageModes: [.v5]
)

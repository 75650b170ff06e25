// swift-tools-version:6.0
// Bilevel RL toolkit: a reproduction of "Principled Penalty-based Methods for
// Bilevel Reinforcement Learning and RLHF" (Shen, Yang, Chen; ICML 2024, JMLR 2025).
//
// Dependency direction (arrows point from user to used):
//   experiments -> Algorithms -> Environments -> BilevelCore
//   experiments -> Lab, Plot
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

let experimentNames = ["stackelberg", "landscape", "theory", "incentive", "rlhf", "scaling"]

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
        // build machine's vector instructions (AVX-512 here): 8-wide SIMD and explicit fused
        // multiply-adds give bitwise the same numbers on any x86-64 (checked: AVX-512, AVX2,
        // baseline, debug), only the speed changes (n = 100: 22 us; AVX2 41 us; baseline x86-64
        // 890 us, fma is a libm call there); the binary then needs a CPU like the one that
        // built it. A target of its own so that no other code gets the flag (on all of
        // BilevelCore it made soft value iteration 3-8% slower).
        .target(
            name: "DominantLU",
            swiftSettings: [.unsafeFlags(["-Xcc", "-march=native"], .when(platforms: [.linux]))]
        ),
        .target(name: "BilevelCore", dependencies: ["CLapack", "DominantLU"]),
        .target(name: "Environments", dependencies: ["BilevelCore"]),
        .target(name: "Algorithms", dependencies: ["BilevelCore", "Environments"]),
        .target(name: "Lab", dependencies: [yams, argumentParser]),
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]
        ),
        .target(name: "Plot", dependencies: ["CCairo"]),
        .target(name: "ExperimentKit", dependencies: ["Lab", "Plot", "Algorithms"]),
        .target(name: "Report", dependencies: ["Plot", "Lab", ink, yams]),
        .executableTarget(name: "bilevel", dependencies: ["Report", "Lab", "Plot", argumentParser]),
        .executableTarget(name: "plot-gallery", dependencies: ["Plot"], path: "Sources/PlotGallery"),
        .executableTarget(
            name: "bench",
            dependencies: ["BilevelCore", "Environments", "Algorithms", argumentParser],
            path: "benchmarks/swift"
        ),

        .testTarget(name: "BilevelCoreTests", dependencies: ["BilevelCore", "Environments"]),
        .testTarget(name: "EnvironmentsTests", dependencies: ["Environments", "BilevelCore"]),
        .testTarget(name: "AlgorithmsTests", dependencies: ["Algorithms", "Environments", "BilevelCore"]),
        .testTarget(name: "LabTests", dependencies: ["Lab"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot"], exclude: ["Baselines"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Lab", "Plot"]),
        .testTarget(
            name: "ExperimentsTests",
            dependencies: ["BilevelCore", "Environments", "Algorithms", "Lab", "ExperimentKit"]
                + experimentNames.map { Target.Dependency(stringLiteral: $0) }
        ),
    ] + experimentNames.map(experiment),
    swiftLanguageModes: [.v5]
)

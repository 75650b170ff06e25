import Foundation

/// The toolchain that compiled this executable, for cache keys and provenance.
public enum Toolchain {
    /// The compiler version known at compile time, e.g. "Swift 6.3.1 (x86_64, Linux)".
    /// It is part of every cache key: a different compiler may change numbers.
    public static let identifier = "Swift \(compilerVersion) (\(architecture), \(system))"

    /// First line of `swift --version` of the compiler that built this binary, recorded at
    /// build time (`BuildInfo.swiftVersion`; a run starts no toolchain process).
    public static var installedSwift: String { BuildInfo.swiftVersion }

    /// The Cairo version this binary was built against, recorded at build time.
    public static var installedCairo: String { BuildInfo.cairoVersion }

    static let compilerVersion: String = {
        #if compiler(>=7.0.3)
        return "7.0.3+"
        #elseif compiler(>=7.0.2)
        return "7.0.2"
        #elseif compiler(>=7.0.1)
        return "7.0.1"
        #elseif compiler(>=7.0.0)
        return "7.0.0"
        #elseif compiler(>=6.5.3)
        return "6.5.3"
        #elseif compiler(>=6.5.2)
        return "6.5.2"
        #elseif compiler(>=6.5.1)
        return "6.5.1"
        #elseif compiler(>=6.5.0)
        return "6.5.0"
        #elseif compiler(>=6.4.3)
        return "6.4.3"
        #elseif compiler(>=6.4.2)
        return "6.4.2"
        #elseif compiler(>=6.4.1)
        return "6.4.1"
        #elseif compiler(>=6.4.0)
        return "6.4.0"
        #elseif compiler(>=6.3.4)
        return "6.3.4"
        #elseif compiler(>=6.3.3)
        return "6.3.3"
        #elseif compiler(>=6.3.2)
        return "6.3.2"
        #elseif compiler(>=6.3.1)
        return "6.3.1"
        #elseif compiler(>=6.3.0)
        return "6.3.0"
        #elseif compiler(>=6.2.4)
        return "6.2.4"
        #elseif compiler(>=6.2.3)
        return "6.2.3"
        #elseif compiler(>=6.2.2)
        return "6.2.2"
        #elseif compiler(>=6.2.1)
        return "6.2.1"
        #elseif compiler(>=6.2.0)
        return "6.2.0"
        #elseif compiler(>=6.1.3)
        return "6.1.3"
        #elseif compiler(>=6.1.2)
        return "6.1.2"
        #elseif compiler(>=6.1.1)
        return "6.1.1"
        #elseif compiler(>=6.1.0)
        return "6.1.0"
        #elseif compiler(>=6.0.4)
        return "6.0.4"
        #elseif compiler(>=6.0.3)
        return "6.0.3"
        #elseif compiler(>=6.0.2)
        return "6.0.2"
        #elseif compiler(>=6.0.1)
        return "6.0.1"
        #elseif compiler(>=6.0.0)
        return "6.0.0"
        #else
        return "<6.0"
        #endif
    }()

    static var architecture: String {
        #if arch(x86_64)
        return "x86_64"
        #elseif arch(arm64)
        return "arm64"
        #else
        return "unknown-arch"
        #endif
    }

    static var system: String {
        #if os(Linux)
        return "Linux"
        #elseif os(macOS)
        return "macOS"
        #else
        return "unknown-os"
        #endif
    }
}

// The build information of this binary: `BuildInfo.generated.swift`, written into this target
// at build time by Plugins/BuildInfoPlugin (code digests of every executable, compiler,
// Cairo and dependency versions). A target of its own so that only this small module is
// regenerated when a source changes; read it through `Lab.BuildInfo`.

/// Version of the generated file's layout.
public enum BuildInfoLayout {
    public static let version = 1
}

/// A problem with a config file, reported as one line that names the file, the line, the
/// key path and the valid choices, e.g.
/// `quick.yaml:3: unknown key 'gama'; valid keys: gamma, iterations, tau`.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public enum Kind: String, Sendable { case unknownKey, wrongType, outOfRange, missingKey, syntax, missingFile, badValue }
    public let kind: Kind
    public let message: String
    public var description: String { message }

    /// For checks an experiment makes itself (e.g. across several keys): exit status 2 like
    /// every config error. Put the file and line first, as `ConfigReader.location` gives them.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

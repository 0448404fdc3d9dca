import ApprovalModel

/// Where a resolved setting came from, so the console can say "token from $PRELOOP_TOKEN".
public enum ConfigurationSource: Equatable, Sendable, CustomStringConvertible {
    /// A command-line flag, e.g. `--server`.
    case flag(String)
    /// An environment variable, e.g. `PRELOOP_URL`.
    case environment(String)
    /// A key of a profile in our `config.toml`.
    case profile(String, path: String, line: Int)
    /// A top-level key of our `config.toml` (`default_profile`).
    case configFile(path: String, line: Int)
    /// A key in Preloop's `~/.preloop/config.yaml`.
    case preloopConfig(path: String, line: Int)
    /// The built-in default.
    case builtIn

    public var description: String {
        switch self {
        case .flag(let name): return name
        case .environment(let name): return "$\(name)"
        case let .profile(name, path, line): return "profile \"\(name)\" (\(path):\(line))"
        case let .configFile(path, line), let .preloopConfig(path, line): return "\(path):\(line)"
        case .builtIn: return "the default"
        }
    }
}

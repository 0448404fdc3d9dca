import TOMLSupport
import ApprovalModel

/// Why the console's connection settings cannot be resolved. `description` names the file
/// (and line) or the flag a person has to fix.
public enum ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A profile was asked for (flag, env or `default_profile`) that the config file lacks.
    case unknownProfile(String, known: [String], file: String?, requestedBy: ConfigurationSource)
    /// A config file that cannot be parsed, holds a value of the wrong type, or a key this
    /// program does not know (likely a typo).
    case malformedFile(path: String, line: Int, column: Int?, message: String)
    /// A config file named explicitly (`--config`) does not exist.
    case configFileMissing(path: String)
    /// A file exists but cannot be read.
    case unreadableFile(path: String, reason: String)
    /// A token file named by a flag, variable or profile does not exist.
    case tokenFileMissing(path: String, namedBy: ConfigurationSource)
    /// A token file holds nothing but whitespace.
    case tokenFileEmpty(path: String)
    /// A token holds a character no bearer token has (a control character, a space, non-ASCII):
    /// sent in a header it could end the header early. The token itself is never shown.
    case tokenNotPrintable(source: ConfigurationSource, position: Int)
    /// The poll interval is under the minimum of 0.2 s.
    case pollIntervalTooShort(seconds: Double, source: ConfigurationSource)
    /// The server is not an http(s) URL with a host.
    case invalidServer(String, source: ConfigurationSource)
    /// A path starts with `~` but HOME is not set.
    case homeUnknown(path: String)
    /// Several servers were asked for (`--profile a --profile b`, `servers = [...]`) in a way
    /// the console cannot open: the message says what and why.
    case invalidServerList(String)

    public var description: String {
        switch self {
        case let .unknownProfile(name, known, file, requestedBy):
            let list = known.isEmpty ? "no profiles are defined" : "known profiles: \(known.joined(separator: ", "))"
            let place = file.map { " in \($0)" } ?? " (no config file was found)"
            return "unknown profile \"\(name)\" (asked for by \(requestedBy))\(place); \(list)"
        case let .malformedFile(path, line, column, message):
            return "\(path):\(line)\(column.map { ":\($0)" } ?? ""): \(message)"
        case .configFileMissing(let path):
            return "config file \(path) does not exist"
        case let .unreadableFile(path, reason):
            return "cannot read \(path): \(reason)"
        case let .tokenFileMissing(path, namedBy):
            return "token file \(path) (named by \(namedBy)) does not exist"
        case .tokenFileEmpty(let path):
            return "token file \(path) is empty"
        case let .tokenNotPrintable(source, position):
            return "the token (from \(source)) has a control character, space or non-ASCII character at position "
                + "\(position); a token is printable ASCII on one line"
        case let .pollIntervalTooShort(seconds, source):
            return "poll interval \(seconds) s (from \(source)) is too short; the minimum is 0.2 s"
        case let .invalidServer(value, source):
            return "server \"\(value)\" (from \(source)) is not an http:// or https:// URL"
        case .homeUnknown(let path):
            return "cannot expand \(path): HOME is not set"
        case .invalidServerList(let message):
            return message
        }
    }
}

extension ConfigurationError {
    init(_ error: TOMLError, path: String) {
        self = .malformedFile(path: path, line: error.line, column: error.column, message: error.message)
    }
}

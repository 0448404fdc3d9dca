import Foundation

/// Everything that can go wrong inside the approval server, in words a person can act on.
public enum ServerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The database or a data-dir file could not be read or written.
    case storage(String)
    /// The shared database (PostgreSQL) cannot be reached, did not answer in time, or refused a
    /// statement: the request is answered 503 and nothing of it was acknowledged.
    case databaseUnavailable(String)
    /// The policies file is wrong; the text names the file and line.
    case policyFile(String)
    /// The server could not bind or listen.
    case listen(String)
    /// A tool or flow command could not be started.
    case launch(String)

    public var description: String {
        switch self {
        case .storage(let text): "storage error: \(text)"
        case .databaseUnavailable(let text): "database unavailable: \(text)"
        case .policyFile(let text): "policy file error: \(text)"
        case .listen(let text): "cannot listen: \(text)"
        case .launch(let text): "cannot start command: \(text)"
        }
    }
}

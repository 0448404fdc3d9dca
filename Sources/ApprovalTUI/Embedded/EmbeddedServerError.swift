import Foundation

/// Why the local server could not be started or found.
enum EmbeddedServerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file of the data directory could not be created, read or written.
    case storage(String)
    /// The server could not listen (port taken on an explicit `--port`, bad host, bad policies).
    case start(String)
    /// Another process owns the data directory but never said where it listens.
    case ownerSilent(directory: String)
    /// No process owns the data directory, and this command does not start one.
    case notRunning(directory: String)

    var description: String {
        switch self {
        case .storage(let text): text
        case .start(let text): "cannot start the local server: \(text)"
        case .ownerSilent(let directory):
            "another approval-tui owns \(directory) but has not written server.json; is it still starting?"
        case .notRunning(let directory):
            "no server configured and no local server runs on \(directory): start `approval-tui` or "
                + "`approval-tui serve` first, or pass --server URL"
        }
    }
}

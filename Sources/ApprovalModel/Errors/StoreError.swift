import Foundation

/// Everything that can go wrong with the console's local SQLite file. `description` is one line
/// a person can act on.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Neither `XDG_STATE_HOME` nor `HOME` names a folder to keep the local state in.
    case noStateDirectory
    /// The folder for the database could not be created or protected.
    case cannotCreateDirectory(path: String, reason: String)
    /// SQLite could not open the file (or it is not a database).
    case cannotOpen(path: String, reason: String)
    /// A schema migration failed; the file is left as it was before it.
    case migrationFailed(path: String, reason: String)
    /// Reading failed.
    case readFailed(operation: String, reason: String)
    /// Writing failed (disk full, read-only file, a constraint).
    case writeFailed(operation: String, reason: String)
    /// No journal entry has this id.
    case unknownDecision(id: Int64)
    /// The saved snapshot could not be decoded (written by another version?).
    case unreadableSnapshot(server: String, reason: String)

    public var description: String {
        switch self {
        case .noStateDirectory:
            "no folder for local state: set XDG_STATE_HOME or HOME"
        case .cannotCreateDirectory(let path, let reason):
            "cannot create the state folder \(path): \(reason)"
        case .cannotOpen(let path, let reason):
            "cannot open the local database \(path): \(reason)"
        case .migrationFailed(let path, let reason):
            "cannot update the local database \(path) to this version: \(reason)"
        case .readFailed(let operation, let reason):
            "cannot read \(operation) from the local database: \(reason)"
        case .writeFailed(let operation, let reason):
            "cannot save \(operation) in the local database: \(reason)"
        case .unknownDecision(let id):
            "the decision journal has no entry \(id)"
        case .unreadableSnapshot(let server, let reason):
            "the saved queue for \(server) cannot be read (\(reason)); it will be replaced at the next refresh"
        }
    }
}

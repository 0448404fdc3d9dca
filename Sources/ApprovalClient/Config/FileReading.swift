import ApprovalModel

/// What reading one file gave: its text, nothing there, or a reason it could not be read.
public enum FileReadResult: Equatable, Sendable {
    case text(String)
    /// No file (or directory) exists at the path.
    case missing
    /// Something is there but cannot be read as UTF-8 text (permissions, a directory, bytes).
    case unreadable(reason: String)
}

/// Read access to files, so configuration can be resolved without touching the real disk.
///
/// Paths are passed as given (already `~`-expanded); relative ones are relative to the
/// process's working directory. ``LocalFileSystem`` is the real implementation.
public protocol FileReading: Sendable {
    /// The file's text, or why there is none.
    func readText(atPath path: String) -> FileReadResult
    /// The file's POSIX permission bits (`0o600`), nil when unknown or missing.
    func permissions(atPath path: String) -> UInt16?
}

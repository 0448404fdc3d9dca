import Foundation

/// Whether the console can reach its server.
public enum ConsoleConnection: Equatable, Sendable {
    /// No answer yet.
    case connecting
    case live
    /// The last fetch failed; `since` is the first failure of this run of failures.
    case offline(since: Date, reason: String)
}

import Foundation

/// How a journalled decision ended.
public enum JournalOutcome: String, Sendable, Hashable, CaseIterable {
    /// Written before the request was sent; no answer recorded yet (or the console died waiting).
    case pending
    /// The server accepted the approval.
    case approved
    /// The server accepted the decline.
    case declined
    /// Someone else decided first.
    case alreadyDecided = "already-decided"
    /// Our vote counted but the request still waits for more approvers (a quorum policy).
    case voteRecorded = "vote-recorded"
    /// The server refused or could not be reached; `errorText` says why.
    case failed
    /// The answer was lost (timeout, crash): the decision may or may not have been taken.
    case unknown
    /// In the undo window (`undo_seconds`): made, not sent yet; `u` can still take it back.
    case held
    /// Taken back with `u` during the undo window; never sent.
    case undone
    /// Still in the undo window when the console quit (or stopped): never sent.
    case notSent = "not-sent"
}

/// One decision of the person at the console, as the journal keeps it.
///
/// The journal is written before the decision is sent, so a crash in between leaves an entry
/// with outcome ``JournalOutcome/pending`` that ``LocalStore/unresolvedDecisions()`` returns.
public struct JournalEntry: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var requestID: String
    public var toolName: String
    public var verdict: Verdict
    public var comment: String?
    public var server: String
    public var createdAt: Date
    public var completedAt: Date?
    public var outcome: JournalOutcome
    public var errorText: String?

    public init(
        id: Int64, requestID: String, toolName: String, verdict: Verdict, comment: String?, server: String,
        createdAt: Date, completedAt: Date?, outcome: JournalOutcome, errorText: String?
    ) {
        self.id = id
        self.requestID = requestID
        self.toolName = toolName
        self.verdict = verdict
        self.comment = comment
        self.server = server
        self.createdAt = createdAt
        self.completedAt = completedAt
        self.outcome = outcome
        self.errorText = errorText
    }
}

/// What the console remembers having notified about.
public enum SeenKind: String, Sendable, Hashable, CaseIterable {
    /// A pending approval request.
    case request
    /// A flow execution that reached a final status.
    case executionFinal = "execution-final"
}

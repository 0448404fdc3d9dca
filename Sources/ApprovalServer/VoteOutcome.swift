import ApprovalClient
import Foundation

/// What happened to a vote.
enum VoteOutcome: Sendable, Hashable {
    case notFound
    /// The request is no longer pending; Preloop answers 400 `Request already <status>`.
    case alreadyDecided(ApprovalStatus)
    /// The vote was recorded (or ignored as a repeat); the request as it now stands.
    case recorded(StoredRequest)
}

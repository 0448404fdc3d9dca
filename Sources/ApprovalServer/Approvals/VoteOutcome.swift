import ApprovalModel
import Foundation

/// What happened to a vote.
enum VoteOutcome: Sendable, Hashable {
    case notFound
    /// The request is no longer pending; Preloop answers 400 `Request already <status>`.
    case alreadyDecided(ApprovalStatus)
    /// This principal already voted on the request (with this or another of its tokens).
    case alreadyVoted(name: String, required: Int)
    /// The vote was recorded; the request as it now stands.
    case recorded(StoredRequest)
}

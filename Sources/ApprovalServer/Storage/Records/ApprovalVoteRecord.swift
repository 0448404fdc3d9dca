import SQLiteSupport
import ApprovalModel
import Foundation
import GRDB

/// A row of `approval_vote`: one principal's vote on one request.
struct ApprovalVoteRecord: ServerRecord {
    static let databaseTableName = "approval_vote"
    /// The v2 column has no declared foreign key, so the association names it.
    static let principal = belongsTo(PrincipalRecord.self, using: ForeignKey(["principal_id"]))

    var requestID: String
    /// The credential (token id) the vote came with.
    var voter: String
    /// Whose vote it is: votes are counted by principal.
    var principalID: String?
    var source: String?
    var approved: Bool
    var comment: LosslessString?
    var votedAt: Date

    enum CodingKeys: String, CodingKey {
        case voter, source, approved, comment
        case requestID = "request_id"
        case principalID = "principal_id"
        case votedAt = "voted_at"
    }

    enum Columns {
        static let requestID = Column(CodingKeys.requestID)
        static let principalID = Column(CodingKeys.principalID)
        static let approved = Column(CodingKeys.approved)
        static let votedAt = Column(CodingKeys.votedAt)
    }
}

/// A vote with the name of the principal who cast it.
struct VoteWithVoter: Decodable, FetchableRecord {
    var vote: ApprovalVoteRecord
    var principal: PrincipalRecord?

    var wire: ApprovalVote {
        ApprovalVote(
            principal: principal?.name ?? vote.principalID ?? "unknown", approved: vote.approved,
            source: vote.source.map { DecisionSource(header: $0) }, comment: vote.comment?.text, at: vote.votedAt)
    }
}

extension DerivableRequest<ApprovalVoteRecord> {
    func on(_ requestIDs: [String]) -> Self { filter(requestIDs.contains(ApprovalVoteRecord.Columns.requestID)) }

    func by(principal id: String) -> Self { filter(ApprovalVoteRecord.Columns.principalID == id) }

    func approving() -> Self { filter(ApprovalVoteRecord.Columns.approved == true) }
}

extension QueryInterfaceRequest<ApprovalVoteRecord> {
    /// In the order cast, with the voters' names.
    func withVoters() -> QueryInterfaceRequest<VoteWithVoter> {
        order(ApprovalVoteRecord.Columns.votedAt, Column.rowID)
            .including(optional: ApprovalVoteRecord.principal)
            .asRequest(of: VoteWithVoter.self)
    }
}

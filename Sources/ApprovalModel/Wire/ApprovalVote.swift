import Foundation

/// One vote on a request, as our local server reports it in `votes` (an extension field Preloop
/// clients ignore): who (the principal's name), which way, from where, and when.
public struct ApprovalVote: Sendable, Hashable, Codable {
    /// The principal's name as the server knows it (checked by the server when the token was made).
    public var principal: String
    public var approved: Bool
    /// Nil for votes cast before sources were recorded.
    public var source: DecisionSource?
    public var comment: String?
    public var at: Date

    public init(principal: String, approved: Bool, source: DecisionSource?, comment: String?, at: Date) {
        self.principal = principal
        self.approved = approved
        self.source = source
        self.comment = comment
        self.at = at
    }

    enum CodingKeys: String, CodingKey {
        case principal, approved, source, comment
        case at = "voted_at"
    }
}

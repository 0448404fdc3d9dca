import Foundation

/// Which access rule decided a request without asking a person, and whose rule it is: sent by
/// our local server in `decided_by_rule` (an extension field Preloop clients ignore).
public struct RuleDecision: Sendable, Hashable, Codable {
    public var id: String
    /// The approver principal that made the rule.
    public var createdBy: String
    public var description: String?

    public init(id: String, createdBy: String, description: String?) {
        self.id = id
        self.createdBy = createdBy
        self.description = description
    }

    enum CodingKeys: String, CodingKey {
        case id, description
        case createdBy = "created_by"
    }
}

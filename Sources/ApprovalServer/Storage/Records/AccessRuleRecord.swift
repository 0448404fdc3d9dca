import SQLiteSupport
import ApprovalModel
import Foundation
import GRDB

/// A row of `access_rule` (v4): an approver's standing decision on one tool, evaluated before a
/// person is asked. Never deleted: a revoked rule keeps its row (with `revoked_at`), so history
/// can still name the rule that approved a call and who made it.
struct AccessRuleRecord: ServerRecord, Equatable {
    static let databaseTableName = "access_rule"

    var id: String
    /// The tool the rule is on (its tool configuration id is derived from the name).
    var toolName: String
    /// `allow`, `deny` or `require_approval`.
    var action: String
    /// CEL text, checked by ``CELCondition`` when stored; nil matches every call of the tool.
    var conditionExpression: LosslessString?
    var priority: Int
    var description: LosslessString?
    var isEnabled: Bool
    /// The approver principal that made it: its id (what counts) and name (what is shown).
    var createdByID: String
    var createdBy: String
    var createdAt: Date
    var expiresAt: Date?
    var revokedAt: Date?
    /// Calls it decided without a person (allowed or denied).
    var decidedCount: Int

    enum CodingKeys: String, CodingKey {
        case id, action, priority, description
        case toolName = "tool_name"
        case conditionExpression = "condition_expression"
        case isEnabled = "is_enabled"
        case createdByID = "created_by_id"
        case createdBy = "created_by"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case revokedAt = "revoked_at"
        case decidedCount = "decided_count"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let toolName = Column(CodingKeys.toolName)
        static let priority = Column(CodingKeys.priority)
        static let isEnabled = Column(CodingKeys.isEnabled)
        static let createdAt = Column(CodingKeys.createdAt)
        static let expiresAt = Column(CodingKeys.expiresAt)
        static let revokedAt = Column(CodingKeys.revokedAt)
        static let decidedCount = Column(CodingKeys.decidedCount)
    }
}

extension DerivableRequest<AccessRuleRecord> {
    /// Not revoked and not past its expiry at `now` (disabled rules included: they are listed).
    func standing(at now: Date) -> Self {
        filter(AccessRuleRecord.Columns.revokedAt == nil)
            .filter(AccessRuleRecord.Columns.expiresAt == nil || AccessRuleRecord.Columns.expiresAt > now.timeIntervalSince1970)
    }

    func on(tool name: String) -> Self { filter(AccessRuleRecord.Columns.toolName == name) }

    /// Evaluation order: lower priority first, then the older rule.
    func inOrder() -> Self {
        order(AccessRuleRecord.Columns.priority.asc, AccessRuleRecord.Columns.createdAt.asc, Column.rowID.asc)
    }
}

extension AccessRuleRecord {
    /// The rule as Preloop's access-rule response, with our extension fields.
    var wire: AccessRule {
        var rule = AccessRule(
            id: id, action: action, conditionExpression: conditionExpression?.text, priority: priority,
            description: description?.text, isEnabled: isEnabled)
        rule.toolConfigurationID = ServerIdentity.toolConfigurationID(toolName)
        rule.toolName = toolName
        rule.createdBy = createdBy
        rule.createdAt = createdAt
        rule.expiresAt = expiresAt
        rule.decidedCount = decidedCount
        return rule
    }
}

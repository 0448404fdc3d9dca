import Foundation

/// An access rule on a tool configuration (`allow`, `deny`, `require_approval`), as
/// `GET /api/v1/tools` (in `access_rules`) and `…/tool-configurations/{id}/access-rules` send it.
///
/// Both `approval_policy_id` (seed) and `approval_workflow_id` (later Preloop) are read. The
/// fields after `approvalPolicyID` are sent by our local server only (Preloop clients ignore
/// them); from Preloop they are nil.
public struct AccessRule: Sendable, Hashable, Codable {
    public var id: String?
    public var toolConfigurationID: String?
    public var action: String
    public var conditionExpression: String?
    public var conditionType: String?
    public var priority: Int?
    public var description: String?
    public var isEnabled: Bool?
    public var approvalPolicyID: String?
    /// The tool the rule is on.
    public var toolName: String?
    /// The approver principal that made it.
    public var createdBy: String?
    public var createdAt: Date?
    /// When it stops applying on its own; nil: until revoked.
    public var expiresAt: Date?
    /// Calls it decided without asking a person.
    public var decidedCount: Int?

    public init(
        id: String?, action: String, conditionExpression: String? = nil, priority: Int? = 0,
        description: String? = nil, isEnabled: Bool? = true
    ) {
        self.id = id
        self.action = action
        self.conditionExpression = conditionExpression
        self.conditionType = "cel"
        self.priority = priority
        self.description = description
        self.isEnabled = isEnabled
    }

    enum CodingKeys: String, CodingKey {
        case id, action, priority, description
        case toolConfigurationID = "tool_configuration_id"
        case conditionExpression = "condition_expression"
        case conditionType = "condition_type"
        case isEnabled = "is_enabled"
        case approvalPolicyID = "approval_policy_id"
        case approvalWorkflowID = "approval_workflow_id"
        case toolName = "tool_name"
        case createdBy = "created_by"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case decidedCount = "decided_count"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id)
        toolConfigurationID = try c.decodeIfPresent(String.self, forKey: .toolConfigurationID)
        action = try c.decode(String.self, forKey: .action)
        conditionExpression = try c.decodeIfPresent(String.self, forKey: .conditionExpression)
        conditionType = try c.decodeIfPresent(String.self, forKey: .conditionType)
        priority = try c.decodeIfPresent(Int.self, forKey: .priority)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        isEnabled = try c.decodeIfPresent(Bool.self, forKey: .isEnabled)
        approvalPolicyID =
            try c.decodeIfPresent(String.self, forKey: .approvalPolicyID)
            ?? c.decodeIfPresent(String.self, forKey: .approvalWorkflowID)
        toolName = try c.decodeIfPresent(String.self, forKey: .toolName)
        createdBy = try c.decodeIfPresent(String.self, forKey: .createdBy)
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt)
        expiresAt = try c.decodeIfPresent(Date.self, forKey: .expiresAt)
        decidedCount = try c.decodeIfPresent(Int.self, forKey: .decidedCount)
    }

    /// Preloop's fields (both policy spellings), then ours where set.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(toolConfigurationID, forKey: .toolConfigurationID)
        try c.encode(action, forKey: .action)
        try c.encode(conditionExpression, forKey: .conditionExpression)
        try c.encode(conditionType ?? "cel", forKey: .conditionType)
        try c.encode(priority ?? 0, forKey: .priority)
        try c.encode(description, forKey: .description)
        try c.encode(isEnabled ?? true, forKey: .isEnabled)
        try c.encode(approvalPolicyID, forKey: .approvalPolicyID)
        try c.encode(approvalPolicyID, forKey: .approvalWorkflowID)
        try c.encodeIfPresent(toolName, forKey: .toolName)
        try c.encodeIfPresent(createdBy, forKey: .createdBy)
        try c.encodeIfPresent(createdAt, forKey: .createdAt)
        try c.encodeIfPresent(expiresAt, forKey: .expiresAt)
        try c.encodeIfPresent(decidedCount, forKey: .decidedCount)
    }
}

import ApprovalModel
import Foundation

/// Access rules: the standing decisions behind "allow similar", on Preloop and on our server
/// alike (the same routes; our server adds who made a rule, when it expires and what it decided).
extension PreloopClient {
    /// The rules on one tool configuration: `GET /tool-configurations/{id}/access-rules`.
    public func accessRules(configurationID: String) async throws(ClientError) -> [AccessRule] {
        try await get([AccessRule].self, "/tool-configurations/\(Self.segment(configurationID))/access-rules")
    }

    /// Every rule of the server, tool by tool: read from `GET /tools` (Preloop has no list of all
    /// rules; each tool carries its own), each with its tool's name and configuration id.
    public func allAccessRules() async throws(ClientError) -> [AccessRule] {
        var rules: [AccessRule] = []
        for tool in try await tools() {
            for var rule in tool.accessRules {
                rule.toolName = rule.toolName ?? tool.name
                rule.toolConfigurationID = rule.toolConfigurationID ?? tool.configID
                rules.append(rule)
            }
        }
        return rules
    }

    /// Makes the allow rule `draft` describes, placed after every deny rule of the tool and
    /// before its approval rule (``RulePlacement``). Returns the rule as the server stored it.
    ///
    /// - Throws: `.notFound` when the server has no such tool configuration, `.forbidden` when
    ///   this token may not change rules, `.rejected` when no priority keeps every deny rule.
    public func createAllowRule(_ draft: RuleDraft) async throws(ClientError) -> AccessRule {
        let existing = try await accessRules(configurationID: draft.configurationID)
        let priority: Int
        switch RulePlacement.priority(among: existing) {
        case .success(let value): priority = value
        case .failure(let problem): throw .rejected(detail: problem.description)
        }
        let body = NewAccessRule(
            action: "allow", conditionExpression: draft.condition, priority: priority,
            description: draft.description, expiresAt: draft.expiresAt)
        return try await post(
            AccessRule.self, "/tool-configurations/\(Self.segment(draft.configurationID))/access-rules", body: body)
    }

    /// Revokes a rule: `DELETE /access-rules/{id}`.
    public func deleteAccessRule(id: String) async throws(ClientError) {
        _ = try checked(try await send(.delete, "/access-rules/\(Self.segment(id))"))
    }
}

/// The body of a new access rule. `expires_at` is our server's field; Preloop ignores it, which
/// is why the expiry is also written into the description (``RuleExpiry``).
struct NewAccessRule: Encodable {
    var action: String
    var conditionExpression: String?
    var conditionType = "cel"
    var priority: Int
    var description: String?
    var isEnabled = true
    var expiresAt: Date?

    init(action: String, conditionExpression: String?, priority: Int, description: String?, expiresAt: Date?) {
        self.action = action
        self.conditionExpression = conditionExpression
        self.priority = priority
        self.description = description
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case action, priority, description
        case conditionExpression = "condition_expression"
        case conditionType = "condition_type"
        case isEnabled = "is_enabled"
        case expiresAt = "expires_at"
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(action, forKey: .action)
        try c.encode(conditionExpression, forKey: .conditionExpression)
        try c.encode(conditionType, forKey: .conditionType)
        try c.encode(priority, forKey: .priority)
        try c.encode(description, forKey: .description)
        try c.encode(isEnabled, forKey: .isEnabled)
        try c.encodeIfPresent(expiresAt, forKey: .expiresAt)
    }
}

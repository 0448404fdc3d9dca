import Foundation

/// An "allow similar" rule as the approver confirmed it, ready to send: which request it came
/// from (approved together with the rule), the tool configuration it goes on, and the CEL text.
public struct RuleDraft: Sendable, Hashable {
    public var requestID: String
    public var toolName: String
    /// The request's `tool_configuration_id`: where Preloop (and our server) keep a tool's rules.
    public var configurationID: String
    /// CEL over `args` (and `user_id`), built by ``CELText``; printable ASCII only.
    public var condition: String
    public var scope: RuleScope
    public var duration: RuleDuration
    /// When it stops applying; nil until revoked.
    public var expiresAt: Date?

    public init(
        requestID: String, toolName: String, configurationID: String, condition: String, scope: RuleScope,
        duration: RuleDuration, expiresAt: Date?
    ) {
        self.requestID = requestID
        self.toolName = toolName
        self.configurationID = configurationID
        self.condition = condition
        self.scope = scope
        self.duration = duration
        self.expiresAt = expiresAt
    }

    /// The rule's description: says it came from the console, what it covers and until when.
    /// Preloop has no expiry of its own, so the console that reads this text revokes the rule
    /// once it is past (``RuleExpiry``).
    public var description: String {
        let what: String
        switch scope {
        case .exactCall: what = "this exact call"
        case .toolFromAgent: what = "any arguments"
        case .matchingFields: what = "matching arguments"
        }
        return "approval-tui allow similar: \(what); " + RuleExpiry.phrase(expiresAt)
    }
}

/// Expiry as the console writes it into a rule's description, for servers that keep none.
public enum RuleExpiry {
    static let marker = "expires "

    /// `expires 2026-12-04T13:05:00Z`, or `until revoked`.
    public static func phrase(_ date: Date?) -> String {
        guard let date else { return "until revoked" }
        return marker + ISO8601DateFormatter().string(from: date)
    }

    /// The expiry of `rule`: the server's own (`expires_at`, our server) or, from Preloop, the one
    /// the console wrote into the description of a rule it made.
    public static func of(_ rule: AccessRule) -> Date? {
        if let expiresAt = rule.expiresAt { return expiresAt }
        guard let text = rule.description, text.hasPrefix("approval-tui allow similar: "),
            let range = text.range(of: "; " + marker, options: .backwards)
        else { return nil }
        return ISO8601DateFormatter().date(from: String(text[range.upperBound...]))
    }
}

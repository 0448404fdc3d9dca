import Foundation

/// One approval request, as `GET /api/v1/approval-requests` returns it.
///
/// `agentReasoning` is the agent's justification: untrusted text of the agent's own, kept in its
/// own field and never merged into anything else. Preloop never sends the approval token or URL
/// here; neither does our server. Both `approval_policy_id` (seed) and `approval_workflow_id`
/// (later Preloop) are read; `approvalPolicyID` holds whichever came.
public struct ApprovalRequest: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var accountID: String?
    public var toolConfigurationID: String?
    public var approvalPolicyID: String?
    public var approvalWorkflowID: String?
    public var executionID: String?
    public var toolName: String
    public var toolArgs: JSONValue
    public var agentReasoning: String?
    public var status: ApprovalStatus
    public var requestedAt: Date
    public var resolvedAt: Date?
    public var expiresAt: Date?
    public var approverComment: String?
    public var webhookPostedAt: Date?
    public var webhookError: String?
    public var decidedByAI: Bool
    public var aiModel: String?
    public var aiConfidence: Double?
    public var aiReasoning: String?
    /// The agent that made the call, as it named itself: sent by our local server only (an
    /// extension field Preloop clients ignore). Untrusted text, like everything from an agent.
    public var agentName: String?
    /// Who voted, which way and from where (console, command line, REST): sent by our local
    /// server only, nil from Preloop.
    public var votes: [ApprovalVote]?
    /// The agent principal that made the call (its id, as the server's rules see `user_id`):
    /// sent by our local server only. Unlike `agentName`, the server checked it (the agent's token).
    public var agentPrincipalID: String?
    /// The access rule that decided the request without a person: sent by our local server only.
    public var decidedByRule: RuleDecision?
    /// `tool_args` exactly as the server sent it (set by `PreloopClient`, and by the local server
    /// from what the agent sent); ``VerbatimJSON`` writes it instead of re-encoding `toolArgs`,
    /// which cannot hold integers past 2^63 or keys that differ only in normalisation.
    public var toolArgsText: String?

    enum CodingKeys: String, CodingKey {
        case id
        case accountID = "account_id"
        case toolConfigurationID = "tool_configuration_id"
        case approvalPolicyID = "approval_policy_id"
        case approvalWorkflowID = "approval_workflow_id"
        case executionID = "execution_id"
        case toolName = "tool_name"
        case toolArgs = "tool_args"
        case agentReasoning = "agent_reasoning"
        case status
        case requestedAt = "requested_at"
        case resolvedAt = "resolved_at"
        case expiresAt = "expires_at"
        case approverComment = "approver_comment"
        case webhookPostedAt = "webhook_posted_at"
        case webhookError = "webhook_error"
        case decidedByAI = "decided_by_ai"
        case aiModel = "ai_model"
        case aiConfidence = "ai_confidence"
        case aiReasoning = "ai_reasoning"
        case agentName = "agent_name"
        case votes
        case agentPrincipalID = "agent_principal_id"
        case decidedByRule = "decided_by_rule"
    }

    public init(
        id: String, accountID: String? = nil, toolConfigurationID: String? = nil, approvalPolicyID: String? = nil,
        executionID: String? = nil, toolName: String, toolArgs: JSONValue = [:], agentReasoning: String? = nil,
        status: ApprovalStatus = .pending, requestedAt: Date, resolvedAt: Date? = nil, expiresAt: Date? = nil,
        approverComment: String? = nil, webhookPostedAt: Date? = nil, webhookError: String? = nil,
        decidedByAI: Bool = false, aiModel: String? = nil, aiConfidence: Double? = nil, aiReasoning: String? = nil
    ) {
        self.id = id
        self.accountID = accountID
        self.toolConfigurationID = toolConfigurationID
        self.approvalPolicyID = approvalPolicyID
        self.approvalWorkflowID = approvalPolicyID
        self.executionID = executionID
        self.toolName = toolName
        self.toolArgs = toolArgs
        self.agentReasoning = agentReasoning
        self.status = status
        self.requestedAt = requestedAt
        self.resolvedAt = resolvedAt
        self.expiresAt = expiresAt
        self.approverComment = approverComment
        self.webhookPostedAt = webhookPostedAt
        self.webhookError = webhookError
        self.decidedByAI = decidedByAI
        self.aiModel = aiModel
        self.aiConfidence = aiConfidence
        self.aiReasoning = aiReasoning
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        accountID = try c.decodeIfPresent(String.self, forKey: .accountID)
        toolConfigurationID = try c.decodeIfPresent(String.self, forKey: .toolConfigurationID)
        let policy = try c.decodeIfPresent(String.self, forKey: .approvalPolicyID)
        let workflow = try c.decodeIfPresent(String.self, forKey: .approvalWorkflowID)
        approvalPolicyID = policy ?? workflow
        approvalWorkflowID = workflow ?? policy
        executionID = try c.decodeIfPresent(String.self, forKey: .executionID)
        toolName = try c.decode(String.self, forKey: .toolName)
        // One request's arguments never fail a whole list: what Foundation cannot read (`1e400`)
        // is left empty here and read from the text as sent by ``withArgumentsText(_:body:)``.
        toolArgs = (try? c.decodeIfPresent(JSONValue.self, forKey: .toolArgs)) ?? [:]
        agentReasoning = try c.decodeIfPresent(String.self, forKey: .agentReasoning)
        status = try c.decode(ApprovalStatus.self, forKey: .status)
        requestedAt = try c.decode(Date.self, forKey: .requestedAt)
        resolvedAt = try c.decodeIfPresent(Date.self, forKey: .resolvedAt)
        expiresAt = try c.decodeIfPresent(Date.self, forKey: .expiresAt)
        approverComment = try c.decodeIfPresent(String.self, forKey: .approverComment)
        webhookPostedAt = try c.decodeIfPresent(Date.self, forKey: .webhookPostedAt)
        webhookError = try c.decodeIfPresent(String.self, forKey: .webhookError)
        decidedByAI = try c.decodeIfPresent(Bool.self, forKey: .decidedByAI) ?? false
        aiModel = try c.decodeIfPresent(String.self, forKey: .aiModel)
        aiConfidence = try c.decodeIfPresent(Double.self, forKey: .aiConfidence)
        aiReasoning = try c.decodeIfPresent(String.self, forKey: .aiReasoning)
        agentName = try c.decodeIfPresent(String.self, forKey: .agentName)
        votes = try c.decodeIfPresent([ApprovalVote].self, forKey: .votes)
        agentPrincipalID = try c.decodeIfPresent(String.self, forKey: .agentPrincipalID)
        decidedByRule = try c.decodeIfPresent(RuleDecision.self, forKey: .decidedByRule)
    }

    /// Encodes every field Preloop sends (nulls included), both policy spellings, and nothing else.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(accountID, forKey: .accountID)
        try c.encode(toolConfigurationID, forKey: .toolConfigurationID)
        try c.encode(approvalPolicyID, forKey: .approvalPolicyID)
        try c.encode(approvalWorkflowID ?? approvalPolicyID, forKey: .approvalWorkflowID)
        try c.encode(executionID, forKey: .executionID)
        try c.encode(toolName, forKey: .toolName)
        if let toolArgsText, let placeholder = VerbatimJSON.placeholder(for: toolArgsText, in: encoder) {
            try c.encode(placeholder, forKey: .toolArgs)
        } else {
            try c.encode(toolArgs, forKey: .toolArgs)
        }
        try c.encode(agentReasoning, forKey: .agentReasoning)
        try c.encode(status, forKey: .status)
        try c.encode(requestedAt, forKey: .requestedAt)
        try c.encode(resolvedAt, forKey: .resolvedAt)
        try c.encode(expiresAt, forKey: .expiresAt)
        try c.encode(approverComment, forKey: .approverComment)
        try c.encode(webhookPostedAt, forKey: .webhookPostedAt)
        try c.encode(webhookError, forKey: .webhookError)
        try c.encode(decidedByAI, forKey: .decidedByAI)
        try c.encode(aiModel, forKey: .aiModel)
        try c.encode(aiConfidence, forKey: .aiConfidence)
        try c.encode(aiReasoning, forKey: .aiReasoning)
        try c.encodeIfPresent(agentName, forKey: .agentName)
        try c.encodeIfPresent(votes, forKey: .votes)
        try c.encodeIfPresent(agentPrincipalID, forKey: .agentPrincipalID)
        try c.encodeIfPresent(decidedByRule, forKey: .decidedByRule)
    }

    /// Whether a pending request is past its deadline. Preloop leaves async requests pending
    /// after `expires_at`, so this is computed here rather than trusted from `status`.
    public func isStale(at now: Date) -> Bool {
        guard status == .pending, let expiresAt else { return false }
        return expiresAt <= now
    }

    /// Whether the agent gave a non-blank justification.
    public var hasJustification: Bool {
        guard let agentReasoning else { return false }
        // A visible ASCII first character settles it without trimming (the queue asks per row).
        if let first = agentReasoning.utf8.first, first > 0x20, first < 0x7F { return true }
        return !agentReasoning.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }
}

/// The body of `POST /approval-requests/{id}/approve|decline|decide`.
///
/// `approved` is required by Preloop on all three routes (the Go CLI's `{"reason": …}` gets a 422).
public struct ApprovalDecision: Sendable, Hashable, Codable {
    public var approved: Bool
    public var comment: String?

    public init(approved: Bool, comment: String?) {
        self.approved = approved
        self.comment = comment
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(approved, forKey: .approved)
        try c.encode(comment, forKey: .comment)
    }

    enum CodingKeys: String, CodingKey { case approved, comment }
}

/// Approve or decline.
public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
    case approve, decline

    /// The Preloop route segment: `approve` or `decline`.
    public var pathSegment: String { rawValue }
    /// The past tense a person reads: "approved" / "declined".
    public var pastTense: String { self == .approve ? "approved" : "declined" }
}

import Foundation

/// A frame received on Preloop's unified websocket (`/api/v1/ws/unified`).
///
/// Frames are flat JSON told apart by `type`. Approval events carry `approval_request_id`
/// (not `id`); flow events come in an envelope with a `payload`. Unknown types are kept as
/// `.unknown` and must be ignored by clients.
public enum ServerEvent: Sendable, Hashable, Decodable {
    case handshake(sessionID: String?, authenticated: Bool, message: String?)
    case authenticated(userID: String?, username: String?)
    case authError(String)
    case ping
    case pong
    case approval(ApprovalEvent)
    case flow(FlowEvent)
    case unknown(type: String)

    enum CodingKeys: String, CodingKey {
        case type
        case sessionID = "session_id"
        case authenticated, message, user, error
    }

    struct UserBody: Decodable {
        var id: String?
        var username: String?
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "handshake":
            self = .handshake(
                sessionID: try c.decodeIfPresent(String.self, forKey: .sessionID),
                authenticated: try c.decodeIfPresent(Bool.self, forKey: .authenticated) ?? false,
                message: try c.decodeIfPresent(String.self, forKey: .message))
        case "authenticated":
            let user = try c.decodeIfPresent(UserBody.self, forKey: .user)
            self = .authenticated(userID: user?.id, username: user?.username)
        case "auth_error":
            self = .authError(try c.decodeIfPresent(String.self, forKey: .error) ?? "authentication failed")
        case "ping": self = .ping
        case "pong": self = .pong
        case _ where type.hasPrefix("approval_"):
            self = .approval(try ApprovalEvent(from: decoder))
        case _ where FlowEvent.knownTypes.contains(type):
            self = .flow(try FlowEvent(from: decoder))
        default:
            self = .unknown(type: type)
        }
    }

    /// Decodes one text frame.
    public static func decode(_ text: String) throws -> ServerEvent {
        try JSONDecoder.preloop().decode(ServerEvent.self, from: Data(text.utf8))
    }
}

/// `approval_created`, `approval_approved`, `approval_declined`, `approval_vote_received`,
/// `approval_escalated`, `approval_expired`: flat JSON with the request's fields.
public struct ApprovalEvent: Sendable, Hashable, Codable {
    public var type: String
    public var approvalRequestID: String
    public var accountID: String?
    public var toolConfigurationID: String?
    public var approvalPolicyID: String?
    public var executionID: String?
    public var toolName: String?
    public var toolArgs: JSONValue?
    /// `tool_args` as the agent sent them (the local server); ``VerbatimJSON`` writes this text.
    public var toolArgsText: String?
    public var agentReasoning: String?
    public var status: ApprovalStatus?
    public var requestedAt: Date?
    public var resolvedAt: Date?
    public var expiresAt: Date?
    public var timestamp: Date?
    public var approvalCount: Int?
    public var approvalsRequired: Int?
    public var declineCount: Int?
    public var newExpiresAt: Date?

    enum CodingKeys: String, CodingKey {
        case type, status, timestamp
        case approvalRequestID = "approval_request_id"
        case accountID = "account_id"
        case toolConfigurationID = "tool_configuration_id"
        case approvalPolicyID = "approval_policy_id"
        case approvalWorkflowID = "approval_workflow_id"
        case executionID = "execution_id"
        case toolName = "tool_name"
        case toolArgs = "tool_args"
        case agentReasoning = "agent_reasoning"
        case requestedAt = "requested_at"
        case resolvedAt = "resolved_at"
        case expiresAt = "expires_at"
        case approvalCount = "approval_count"
        case approvalsRequired = "approvals_required"
        case declineCount = "decline_count"
        case newExpiresAt = "new_expires_at"
    }

    /// The event for `request` of the given type, stamped at `time`.
    public init(type: String, request: ApprovalRequest, at time: Date) {
        self.type = type
        approvalRequestID = request.id
        accountID = request.accountID
        toolConfigurationID = request.toolConfigurationID
        approvalPolicyID = request.approvalPolicyID
        executionID = request.executionID
        toolName = request.toolName
        toolArgs = request.toolArgs
        toolArgsText = request.toolArgsText
        agentReasoning = request.agentReasoning
        status = request.status
        requestedAt = request.requestedAt
        resolvedAt = request.resolvedAt
        expiresAt = request.expiresAt
        timestamp = time
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decode(String.self, forKey: .type)
        approvalRequestID = try c.decode(String.self, forKey: .approvalRequestID)
        accountID = try c.decodeIfPresent(String.self, forKey: .accountID)
        toolConfigurationID = try c.decodeIfPresent(String.self, forKey: .toolConfigurationID)
        approvalPolicyID =
            try c.decodeIfPresent(String.self, forKey: .approvalPolicyID)
            ?? c.decodeIfPresent(String.self, forKey: .approvalWorkflowID)
        executionID = try c.decodeIfPresent(String.self, forKey: .executionID)
        toolName = try c.decodeIfPresent(String.self, forKey: .toolName)
        toolArgs = try? c.decodeIfPresent(JSONValue.self, forKey: .toolArgs)
        agentReasoning = try c.decodeIfPresent(String.self, forKey: .agentReasoning)
        status = try c.decodeIfPresent(ApprovalStatus.self, forKey: .status)
        requestedAt = try c.decodeIfPresent(Date.self, forKey: .requestedAt)
        resolvedAt = try c.decodeIfPresent(Date.self, forKey: .resolvedAt)
        expiresAt = try c.decodeIfPresent(Date.self, forKey: .expiresAt)
        timestamp = try c.decodeIfPresent(Date.self, forKey: .timestamp)
        approvalCount = try c.decodeIfPresent(Int.self, forKey: .approvalCount)
        approvalsRequired = try c.decodeIfPresent(Int.self, forKey: .approvalsRequired)
        declineCount = try c.decodeIfPresent(Int.self, forKey: .declineCount)
        newExpiresAt = try c.decodeIfPresent(Date.self, forKey: .newExpiresAt)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(approvalRequestID, forKey: .approvalRequestID)
        try c.encode(accountID, forKey: .accountID)
        try c.encode(toolConfigurationID, forKey: .toolConfigurationID)
        try c.encode(approvalPolicyID, forKey: .approvalPolicyID)
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
        try c.encode(timestamp, forKey: .timestamp)
        try c.encodeIfPresent(approvalCount, forKey: .approvalCount)
        try c.encodeIfPresent(approvalsRequired, forKey: .approvalsRequired)
        try c.encodeIfPresent(declineCount, forKey: .declineCount)
        try c.encodeIfPresent(newExpiresAt, forKey: .newExpiresAt)
    }
}

/// A flow execution event: `{execution_id, flow_id, account_id, timestamp, type, payload}`.
public struct FlowEvent: Sendable, Hashable, Codable {
    public static let knownTypes: Set<String> = [
        "execution_started", "status_update", "agent_log_line", "agent_status", "token_usage_update",
        "tool_calls_update", "agent_log_error", "user_stopped",
    ]

    public var executionID: String
    public var flowID: String?
    public var accountID: String?
    public var timestamp: Date?
    public var type: String
    public var payload: JSONValue

    enum CodingKeys: String, CodingKey {
        case executionID = "execution_id"
        case flowID = "flow_id"
        case accountID = "account_id"
        case timestamp, type, payload
    }

    public init(executionID: String, flowID: String?, type: String, payload: JSONValue, at time: Date) {
        self.executionID = executionID
        self.flowID = flowID
        self.type = type
        self.payload = payload
        self.timestamp = time
    }

    /// The status carried by `status_update` / `execution_started` (not `agent_status`, which is the container's).
    public var executionStatus: ExecutionStatus? {
        guard type == "status_update" || type == "execution_started",
            let text = payload["status"]?.stringValue
        else { return nil }
        return ExecutionStatus(rawValue: text)
    }

    /// The line carried by `agent_log_line`.
    public var logLine: String? {
        guard type == "agent_log_line" else { return nil }
        return payload["line"]?.stringValue ?? payload["message"]?.stringValue
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(executionID, forKey: .executionID)
        try c.encode(flowID, forKey: .flowID)
        try c.encode(accountID, forKey: .accountID)
        if let timestamp { try c.encode(PreloopTimestamp.withOffset(timestamp), forKey: .timestamp) }
        try c.encode(type, forKey: .type)
        try c.encode(payload, forKey: .payload)
    }
}

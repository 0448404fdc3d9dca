import Foundation

/// A flow: a named agent command with a prompt (`GET /api/v1/flows`).
public struct Flow: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var name: String
    public var description: String?
    public var agentType: String?
    public var promptTemplate: String?
    public var isEnabled: Bool
    public var createdAt: Date?
    public var updatedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name, description
        case agentType = "agent_type"
        case promptTemplate = "prompt_template"
        case isEnabled = "is_enabled"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(
        id: String, name: String, description: String? = nil, agentType: String? = nil,
        promptTemplate: String? = nil, isEnabled: Bool = true, createdAt: Date? = nil, updatedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.agentType = agentType
        self.promptTemplate = promptTemplate
        self.isEnabled = isEnabled
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        agentType = try c.decodeIfPresent(String.self, forKey: .agentType)
        promptTemplate = try c.decodeIfPresent(String.self, forKey: .promptTemplate)
        isEnabled = try c.decodeIfPresent(Bool.self, forKey: .isEnabled) ?? true
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt)
        updatedAt = try c.decodeIfPresent(Date.self, forKey: .updatedAt)
    }
}

/// One run of a flow (`GET /api/v1/flows/executions`, `…/{id}`).
///
/// `flowName` is filled only by the list. Use `startTime`/`endTime`, not `createdAt`/`updatedAt`
/// (Preloop's are frozen at process start).
public struct FlowExecution: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var flowID: String
    public var flowName: String?
    public var status: ExecutionStatus
    public var startTime: Date?
    public var endTime: Date?
    public var triggerEventID: String?
    public var resolvedInputPrompt: String?
    public var modelOutputSummary: String?
    public var agentSessionReference: String?
    public var errorMessage: String?
    public var retryOfExecutionID: String?
    public var toolCallsCount: Int
    public var totalTokens: Int
    public var estimatedCost: Double
    public var createdAt: Date?
    public var updatedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, status
        case flowID = "flow_id"
        case flowName = "flow_name"
        case startTime = "start_time"
        case endTime = "end_time"
        case triggerEventID = "trigger_event_id"
        case resolvedInputPrompt = "resolved_input_prompt"
        case modelOutputSummary = "model_output_summary"
        case agentSessionReference = "agent_session_reference"
        case errorMessage = "error_message"
        case retryOfExecutionID = "retry_of_execution_id"
        case toolCallsCount = "tool_calls_count"
        case totalTokens = "total_tokens"
        case estimatedCost = "estimated_cost"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(
        id: String, flowID: String, flowName: String? = nil, status: ExecutionStatus, startTime: Date? = nil,
        endTime: Date? = nil, resolvedInputPrompt: String? = nil, errorMessage: String? = nil
    ) {
        self.id = id
        self.flowID = flowID
        self.flowName = flowName
        self.status = status
        self.startTime = startTime
        self.endTime = endTime
        self.resolvedInputPrompt = resolvedInputPrompt
        self.errorMessage = errorMessage
        self.toolCallsCount = 0
        self.totalTokens = 0
        self.estimatedCost = 0
        self.createdAt = startTime
        self.updatedAt = endTime ?? startTime
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        flowID = try c.decode(String.self, forKey: .flowID)
        flowName = try c.decodeIfPresent(String.self, forKey: .flowName)
        status = try c.decode(ExecutionStatus.self, forKey: .status)
        startTime = try c.decodeIfPresent(Date.self, forKey: .startTime)
        endTime = try c.decodeIfPresent(Date.self, forKey: .endTime)
        triggerEventID = try c.decodeIfPresent(String.self, forKey: .triggerEventID)
        resolvedInputPrompt = try c.decodeIfPresent(String.self, forKey: .resolvedInputPrompt)
        modelOutputSummary = try c.decodeIfPresent(String.self, forKey: .modelOutputSummary)
        agentSessionReference = try c.decodeIfPresent(String.self, forKey: .agentSessionReference)
        errorMessage = try c.decodeIfPresent(String.self, forKey: .errorMessage)
        retryOfExecutionID = try c.decodeIfPresent(String.self, forKey: .retryOfExecutionID)
        toolCallsCount = try c.decodeIfPresent(Int.self, forKey: .toolCallsCount) ?? 0
        totalTokens = try c.decodeIfPresent(Int.self, forKey: .totalTokens) ?? 0
        estimatedCost = try c.decodeIfPresent(Double.self, forKey: .estimatedCost) ?? 0
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt)
        updatedAt = try c.decodeIfPresent(Date.self, forKey: .updatedAt)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(flowID, forKey: .flowID)
        try c.encode(flowName, forKey: .flowName)
        try c.encode(status, forKey: .status)
        try c.encode(startTime, forKey: .startTime)
        try c.encode(endTime, forKey: .endTime)
        try c.encode(triggerEventID, forKey: .triggerEventID)
        try c.encode(resolvedInputPrompt, forKey: .resolvedInputPrompt)
        try c.encode(modelOutputSummary, forKey: .modelOutputSummary)
        try c.encode(agentSessionReference, forKey: .agentSessionReference)
        try c.encode(errorMessage, forKey: .errorMessage)
        try c.encode(retryOfExecutionID, forKey: .retryOfExecutionID)
        try c.encode(toolCallsCount, forKey: .toolCallsCount)
        try c.encode(totalTokens, forKey: .totalTokens)
        try c.encode(estimatedCost, forKey: .estimatedCost)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }

    /// How long the run took, or has taken so far at `now`.
    public func duration(at now: Date) -> TimeInterval? {
        guard let startTime else { return nil }
        return max(0, (endTime ?? (status.isFinal ? startTime : now)).timeIntervalSince(startTime))
    }
}

/// `GET /api/v1/flows/executions/{id}/metrics`.
public struct ExecutionMetrics: Sendable, Hashable, Codable {
    public var toolCalls: Int
    public var apiRequests: Int
    public var estimatedCost: Double
    public var hasPricing: Bool

    enum CodingKeys: String, CodingKey {
        case toolCalls = "tool_calls"
        case apiRequests = "api_requests"
        case estimatedCost = "estimated_cost"
        case hasPricing = "has_pricing"
    }
}

/// The body of `POST /api/v1/flows/executions/{id}/command`.
public struct ExecutionCommand: Sendable, Hashable, Codable {
    public var command: String
    public var payload: JSONValue?

    public init(command: String, payload: JSONValue? = nil) {
        self.command = command
        self.payload = payload
    }

    /// Stops the run.
    public static let stop = ExecutionCommand(command: "stop")
}

/// `{"status": "stopped" | "command_sent"}`, and `/api/v1/ping`'s `{"status": "pong", "timestamp"}`.
public struct StatusReply: Sendable, Hashable, Codable {
    public var status: String
    public var timestamp: Date?

    public init(status: String, timestamp: Date? = nil) {
        self.status = status
        self.timestamp = timestamp
    }
}

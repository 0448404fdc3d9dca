import Foundation

/// One entry of `GET /api/v1/tools`: a tool an agent can call and what guards it.
public struct Tool: Sendable, Hashable, Codable {
    public var name: String
    public var description: String?
    public var source: String?
    public var sourceID: String?
    public var sourceName: String?
    public var schema: JSONValue?
    public var isEnabled: Bool
    public var isSupported: Bool
    public var unsupportedReason: String?
    public var approvalPolicyID: String?
    public var configID: String?
    public var hasApprovalCondition: Bool
    public var accessRules: [AccessRule]
    /// Sent by later Preloop versions and by our server; absent at Preloop's seed.
    public var justificationMode: String?

    enum CodingKeys: String, CodingKey {
        case name, description, source, schema
        case sourceID = "source_id"
        case sourceName = "source_name"
        case isEnabled = "is_enabled"
        case isSupported = "is_supported"
        case unsupportedReason = "unsupported_reason"
        case approvalPolicyID = "approval_policy_id"
        case approvalWorkflowID = "approval_workflow_id"
        case configID = "config_id"
        case hasApprovalCondition = "has_approval_condition"
        case accessRules = "access_rules"
        case justificationMode = "justification_mode"
    }

    public init(
        name: String, description: String? = nil, source: String? = "builtin", sourceName: String? = "Built-in",
        schema: JSONValue? = nil, approvalPolicyID: String? = nil, configID: String? = nil,
        justificationMode: String? = nil
    ) {
        self.name = name
        self.description = description
        self.source = source
        self.sourceName = sourceName
        self.schema = schema
        self.isEnabled = true
        self.isSupported = true
        self.approvalPolicyID = approvalPolicyID
        self.configID = configID
        self.hasApprovalCondition = false
        self.accessRules = []
        self.justificationMode = justificationMode
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        sourceID = try c.decodeIfPresent(String.self, forKey: .sourceID)
        sourceName = try c.decodeIfPresent(String.self, forKey: .sourceName)
        schema = try c.decodeIfPresent(JSONValue.self, forKey: .schema)
        isEnabled = try c.decodeIfPresent(Bool.self, forKey: .isEnabled) ?? true
        isSupported = try c.decodeIfPresent(Bool.self, forKey: .isSupported) ?? true
        unsupportedReason = try c.decodeIfPresent(String.self, forKey: .unsupportedReason)
        approvalPolicyID =
            try c.decodeIfPresent(String.self, forKey: .approvalPolicyID)
            ?? c.decodeIfPresent(String.self, forKey: .approvalWorkflowID)
        configID = try c.decodeIfPresent(String.self, forKey: .configID)
        hasApprovalCondition = try c.decodeIfPresent(Bool.self, forKey: .hasApprovalCondition) ?? false
        accessRules = try c.decodeIfPresent([AccessRule].self, forKey: .accessRules) ?? []
        justificationMode = try c.decodeIfPresent(String.self, forKey: .justificationMode)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(description, forKey: .description)
        try c.encode(source, forKey: .source)
        try c.encode(sourceID, forKey: .sourceID)
        try c.encode(sourceName, forKey: .sourceName)
        try c.encode(schema, forKey: .schema)
        try c.encode(isEnabled, forKey: .isEnabled)
        try c.encode(isSupported, forKey: .isSupported)
        try c.encode(unsupportedReason, forKey: .unsupportedReason)
        try c.encode(approvalPolicyID, forKey: .approvalPolicyID)
        try c.encode(approvalPolicyID, forKey: .approvalWorkflowID)
        try c.encode(configID, forKey: .configID)
        try c.encode(hasApprovalCondition, forKey: .hasApprovalCondition)
        try c.encode(accessRules, forKey: .accessRules)
        try c.encode(justificationMode, forKey: .justificationMode)
    }
}

/// `GET /api/v1/tool-configurations/{id}`: where a tool's justification mode lives in Preloop.
public struct ToolConfiguration: Sendable, Hashable, Codable {
    public var id: String
    public var toolName: String
    public var toolSource: String?
    public var isEnabled: Bool?
    /// `approval_policy_id` at Preloop's seed, `approval_workflow_id` since: whichever came.
    public var approvalPolicyID: String?
    public var justificationMode: String?

    public init(id: String, toolName: String, approvalPolicyID: String? = nil, justificationMode: String? = nil) {
        self.id = id
        self.toolName = toolName
        self.approvalPolicyID = approvalPolicyID
        self.justificationMode = justificationMode
    }

    enum CodingKeys: String, CodingKey {
        case id
        case toolName = "tool_name"
        case toolSource = "tool_source"
        case isEnabled = "is_enabled"
        case approvalPolicyID = "approval_policy_id"
        case approvalWorkflowID = "approval_workflow_id"
        case justificationMode = "justification_mode"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        toolName = try c.decode(String.self, forKey: .toolName)
        toolSource = try c.decodeIfPresent(String.self, forKey: .toolSource)
        isEnabled = try c.decodeIfPresent(Bool.self, forKey: .isEnabled)
        approvalPolicyID =
            try c.decodeIfPresent(String.self, forKey: .approvalPolicyID)
            ?? c.decodeIfPresent(String.self, forKey: .approvalWorkflowID)
        justificationMode = try c.decodeIfPresent(String.self, forKey: .justificationMode)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(toolName, forKey: .toolName)
        try c.encodeIfPresent(toolSource, forKey: .toolSource)
        try c.encodeIfPresent(isEnabled, forKey: .isEnabled)
        try c.encode(approvalPolicyID, forKey: .approvalPolicyID)
        try c.encode(approvalPolicyID, forKey: .approvalWorkflowID)
        try c.encode(justificationMode, forKey: .justificationMode)
    }
}

/// `GET /api/v1/mcp-servers`: an upstream MCP server registered with Preloop.
public struct MCPServerInfo: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var url: String?
    public var transport: String?
    public var status: String?
    public var lastError: String?

    enum CodingKeys: String, CodingKey {
        case id, name, url, transport, status
        case lastError = "last_error"
    }
}

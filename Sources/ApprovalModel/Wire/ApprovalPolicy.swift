import Foundation

/// An approval policy (Preloop seed: `/approval-policies`) or workflow (later Preloop:
/// `/approval-workflows`); the two have the same shape apart from the escalation field's name.
public struct ApprovalPolicy: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var accountID: String?
    public var name: String
    public var description: String?
    public var approvalType: String
    public var timeoutSeconds: Int?
    public var requireReason: Bool
    public var asyncApprovalEnabled: Bool
    public var isDefault: Bool
    public var approverUserIDs: [String]?
    public var approverTeamIDs: [String]?
    public var approvalsRequired: Int
    public var approvalMode: String
    public var escalationPolicyID: String?
    public var createdAt: Date?
    public var updatedAt: Date?
    /// Our server's extension: the justification mode its tools use under this policy
    /// (`optional`, `required`, or nil). Preloop keeps it on tool configurations instead.
    public var justificationMode: String?
    /// Our server's extension: the tool names and glob patterns this policy guards.
    public var tools: [String]?

    enum CodingKeys: String, CodingKey {
        case id
        case accountID = "account_id"
        case name, description
        case approvalType = "approval_type"
        case timeoutSeconds = "timeout_seconds"
        case requireReason = "require_reason"
        case asyncApprovalEnabled = "async_approval_enabled"
        case isDefault = "is_default"
        case approverUserIDs = "approver_user_ids"
        case approverTeamIDs = "approver_team_ids"
        case approvalsRequired = "approvals_required"
        case approvalMode = "approval_mode"
        case escalationPolicyID = "escalation_policy_id"
        case escalationWorkflowID = "escalation_workflow_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case justificationMode = "justification_mode"
        case tools
    }

    public init(
        id: String, name: String, description: String? = nil, approvalType: String = "standard",
        timeoutSeconds: Int? = 300, requireReason: Bool = false, asyncApprovalEnabled: Bool = true,
        isDefault: Bool = false, approvalsRequired: Int = 1, approvalMode: String = "standard",
        justificationMode: String? = nil, tools: [String]? = nil, createdAt: Date? = nil, updatedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.approvalType = approvalType
        self.timeoutSeconds = timeoutSeconds
        self.requireReason = requireReason
        self.asyncApprovalEnabled = asyncApprovalEnabled
        self.isDefault = isDefault
        self.approvalsRequired = approvalsRequired
        self.approvalMode = approvalMode
        self.justificationMode = justificationMode
        self.tools = tools
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        accountID = try c.decodeIfPresent(String.self, forKey: .accountID)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        approvalType = try c.decodeIfPresent(String.self, forKey: .approvalType) ?? "slack"
        timeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .timeoutSeconds)
        requireReason = try c.decodeIfPresent(Bool.self, forKey: .requireReason) ?? false
        asyncApprovalEnabled = try c.decodeIfPresent(Bool.self, forKey: .asyncApprovalEnabled) ?? false
        isDefault = try c.decodeIfPresent(Bool.self, forKey: .isDefault) ?? false
        approverUserIDs = try c.decodeIfPresent([String].self, forKey: .approverUserIDs)
        approverTeamIDs = try c.decodeIfPresent([String].self, forKey: .approverTeamIDs)
        approvalsRequired = try c.decodeIfPresent(Int.self, forKey: .approvalsRequired) ?? 1
        approvalMode = try c.decodeIfPresent(String.self, forKey: .approvalMode) ?? "standard"
        escalationPolicyID =
            try c.decodeIfPresent(String.self, forKey: .escalationPolicyID)
            ?? c.decodeIfPresent(String.self, forKey: .escalationWorkflowID)
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt)
        updatedAt = try c.decodeIfPresent(Date.self, forKey: .updatedAt)
        justificationMode = try c.decodeIfPresent(String.self, forKey: .justificationMode)
        tools = try c.decodeIfPresent([String].self, forKey: .tools)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(accountID, forKey: .accountID)
        try c.encode(name, forKey: .name)
        try c.encode(description, forKey: .description)
        try c.encode(approvalType, forKey: .approvalType)
        try c.encode(timeoutSeconds, forKey: .timeoutSeconds)
        try c.encode(requireReason, forKey: .requireReason)
        try c.encode(asyncApprovalEnabled, forKey: .asyncApprovalEnabled)
        try c.encode(isDefault, forKey: .isDefault)
        try c.encode(approverUserIDs, forKey: .approverUserIDs)
        try c.encode(approverTeamIDs, forKey: .approverTeamIDs)
        try c.encode(approvalsRequired, forKey: .approvalsRequired)
        try c.encode(approvalMode, forKey: .approvalMode)
        try c.encode(escalationPolicyID, forKey: .escalationPolicyID)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encodeIfPresent(justificationMode, forKey: .justificationMode)
        try c.encodeIfPresent(tools, forKey: .tools)
    }
}

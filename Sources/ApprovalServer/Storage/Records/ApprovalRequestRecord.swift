import SQLiteSupport
import ApprovalModel
import Foundation
import GRDB

/// A row of `approval_request`: one tool call waiting for (or past) a decision.
struct ApprovalRequestRecord: ServerRecord {
    static let databaseTableName = "approval_request"
    static let votes = hasMany(ApprovalVoteRecord.self, using: ForeignKey(["request_id"]))

    var id: String
    var toolName: String
    /// The arguments exactly as the agent sent them (JSON text).
    var toolArgs: String
    var agentReasoning: LosslessString?
    var agentName: String?
    var executionID: String?
    var status: String
    var policyID: String
    var policyName: String
    var approvalsRequired: Int
    var timeoutSeconds: Int
    /// A JSON array of channel names.
    var channels: String
    var createdBy: String
    var requestedAt: Date
    var resolvedAt: Date?
    var expiresAt: Date
    var approverComment: LosslessString?
    /// JSON text: nil until claimed, then the executing marker, then the result.
    var toolResult: String?
    /// Whether the agent's HTTP call waits for the decision (a policy with `async = false`): when
    /// the server stops, nobody is left to receive the result (v3; older rows read false).
    var blocking: Bool = false
    /// The access rule that decided it without a person (v4; nil when people decided).
    var decidedByRule: String?

    enum CodingKeys: String, CodingKey {
        case id, status, channels, blocking
        case decidedByRule = "decided_by_rule"
        case toolName = "tool_name"
        case toolArgs = "tool_args"
        case agentReasoning = "agent_reasoning"
        case agentName = "agent_name"
        case executionID = "execution_id"
        case policyID = "policy_id"
        case policyName = "policy_name"
        case approvalsRequired = "approvals_required"
        case timeoutSeconds = "timeout_seconds"
        case createdBy = "created_by"
        case requestedAt = "requested_at"
        case resolvedAt = "resolved_at"
        case expiresAt = "expires_at"
        case approverComment = "approver_comment"
        case toolResult = "tool_result"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let toolName = Column(CodingKeys.toolName)
        static let executionID = Column(CodingKeys.executionID)
        static let status = Column(CodingKeys.status)
        static let requestedAt = Column(CodingKeys.requestedAt)
        static let resolvedAt = Column(CodingKeys.resolvedAt)
        static let expiresAt = Column(CodingKeys.expiresAt)
        static let approverComment = Column(CodingKeys.approverComment)
        static let toolResult = Column(CodingKeys.toolResult)
        static let blocking = Column(CodingKeys.blocking)
    }

    /// Moves a request to `status` with its decision time and comment (one assignment list for
    /// decisions and cancellations).
    static func resolution(_ status: ApprovalStatus, at now: Date, comment: String?) -> [ColumnAssignment] {
        [
            Columns.status.set(to: status.rawValue), Columns.resolvedAt.set(to: now.timeIntervalSince1970),
            Columns.approverComment.set(to: LosslessString(comment)),
        ]
    }
}

extension ApprovalRequestRecord {
    /// A new pending row for `new`, made at `now`.
    init(_ new: NewRequest, at now: Date) {
        let channels = new.policy.channels.isEmpty ? ["manual"] : new.policy.channels
        self.init(
            id: UUID().uuidString.lowercased(), toolName: new.call.toolName, toolArgs: new.call.argumentsText,
            agentReasoning: LosslessString(new.storedJustification), agentName: new.call.agentName,
            executionID: new.call.executionID, status: ApprovalStatus.pending.rawValue, policyID: new.policyID,
            policyName: new.policy.name, approvalsRequired: max(1, new.policy.approvalsRequired),
            timeoutSeconds: new.policy.timeoutSeconds, channels: JSONText.encode(.array(channels.map(JSONValue.string))),
            createdBy: new.createdBy, requestedAt: now, resolvedAt: nil,
            expiresAt: now.addingTimeInterval(TimeInterval(new.policy.timeoutSeconds)), approverComment: nil,
            toolResult: nil, blocking: !new.policy.isAsync)
    }
}

extension ApprovalRequestRecord {
    /// Refuses the row whole when a column stored as text holds U+0000: SQLite's binding would
    /// cut the value there and PostgreSQL's `text` cannot hold it, so what a policy matched and
    /// what is stored would differ. (The agent API refuses such names before they get here.)
    func refuseUnstorableText() throws {
        let texts = [toolName, toolArgs, agentName, executionID, policyID, policyName, channels, createdBy]
        if texts.contains(where: { $0?.utf8.contains(0) == true }) {
            throw ServerError.storage("a name or the arguments hold U+0000, which cannot be stored as text")
        }
    }
}

extension DerivableRequest<ApprovalRequestRecord> {
    func byID(_ id: String) -> Self { filter(ApprovalRequestRecord.Columns.id == id) }

    func with(status: ApprovalStatus) -> Self { filter(ApprovalRequestRecord.Columns.status == status.rawValue) }

    func pending() -> Self { with(status: .pending) }

    /// Requests whose agent waits inside its HTTP call (policy `async = false`).
    func blocking() -> Self { filter(ApprovalRequestRecord.Columns.blocking == true) }

    /// Pending requests whose time ran out at `now` (uses the (status, expires_at) index).
    func due(at now: Date) -> Self {
        pending().filter(ApprovalRequestRecord.Columns.expiresAt <= now.timeIntervalSince1970)
    }

    func inExecution(_ executionID: String) -> Self {
        filter(ApprovalRequestRecord.Columns.executionID == executionID)
    }

    /// Approved and not yet claimed for execution.
    func unclaimedApproved() -> Self {
        with(status: .approved).filter(ApprovalRequestRecord.Columns.toolResult == nil)
    }

    /// Approved and claimed for execution, the tool not yet answered (the claim marker stored).
    func claimedApproved() -> Self {
        with(status: .approved)
            .filter(ApprovalRequestRecord.Columns.toolResult == JSONText.encode(ToolOutcome.executingMarker))
    }

    /// Newest first; rows made in the same instant in reverse insertion order.
    func newestFirst() -> Self {
        order(ApprovalRequestRecord.Columns.requestedAt.desc, Column.rowID.desc)
    }
}

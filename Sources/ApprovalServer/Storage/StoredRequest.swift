import ApprovalClient
import Foundation
import GRDB

/// One approval request row, with the columns REST never shows (creator, votes' quorum, result).
struct StoredRequest: Sendable, Hashable {
    var id: String
    var toolName: String
    var toolArgs: JSONValue
    /// `tool_args` exactly as the agent sent it: what the tool reads and the approver is shown.
    var toolArgsText: String
    var agentReasoning: String?
    var agentName: String?
    var executionID: String?
    var status: ApprovalStatus
    var policyID: String
    var policyName: String
    var approvalsRequired: Int
    var timeoutSeconds: Int
    var channels: [String]
    /// The token id of the agent that created it; only that agent may read it.
    var createdBy: String
    var requestedAt: Date
    var resolvedAt: Date?
    var expiresAt: Date
    var approverComment: String?
    /// `nil` until the first poll after approval claims it; then `{"_executing": true}`, and
    /// finally the tool's result or `{"_error": …}`.
    var toolResult: JSONValue?

    init(row: Row) {
        id = row["id"]
        toolName = row["tool_name"]
        toolArgsText = row["tool_args"]
        toolArgs = (try? StrictJSON.parse(Array(toolArgsText.utf8), allowsDuplicateKeys: true))?.value ?? [:]
        agentReasoning = LosslessText.read(row, "agent_reasoning")
        agentName = row["agent_name"]
        executionID = row["execution_id"]
        status = ApprovalStatus(rawValue: row["status"])
        policyID = row["policy_id"]
        policyName = row["policy_name"]
        approvalsRequired = row["approvals_required"]
        timeoutSeconds = row["timeout_seconds"]
        channels = JSONText.decode(row["channels"])?.arrayStrings ?? []
        createdBy = row["created_by"]
        requestedAt = Date(timeIntervalSince1970: row["requested_at"])
        resolvedAt = (row["resolved_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        expiresAt = Date(timeIntervalSince1970: row["expires_at"])
        approverComment = LosslessText.read(row, "approver_comment")
        toolResult = (row["tool_result"] as String?).flatMap(JSONText.decode)
    }

    /// The Preloop `ApprovalRequestResponse` an approver sees.
    var wire: ApprovalRequest {
        var request = ApprovalRequest(
            id: id, accountID: ServerIdentity.accountID, toolConfigurationID: ServerIdentity.toolConfigurationID(toolName),
            approvalPolicyID: policyID, executionID: executionID, toolName: toolName, toolArgs: toolArgs,
            agentReasoning: agentReasoning, status: status, requestedAt: requestedAt, resolvedAt: resolvedAt,
            expiresAt: expiresAt, approverComment: approverComment)
        request.agentName = agentName
        request.toolArgsText = toolArgsText
        return request
    }
}

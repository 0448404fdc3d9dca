import ApprovalModel
import Foundation

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
    /// The access rule that decided it without a person, if one did.
    var decidedByRule: String?

    init(_ record: ApprovalRequestRecord) {
        id = record.id
        toolName = record.toolName
        toolArgsText = record.toolArgs
        toolArgs = (try? StrictJSON.parse(Array(toolArgsText.utf8), allowsDuplicateKeys: true))?.value ?? [:]
        agentReasoning = record.agentReasoning?.text
        agentName = record.agentName
        executionID = record.executionID
        status = ApprovalStatus(rawValue: record.status)
        policyID = record.policyID
        policyName = record.policyName
        approvalsRequired = record.approvalsRequired
        timeoutSeconds = record.timeoutSeconds
        channels = JSONText.decode(record.channels)?.arrayStrings ?? []
        createdBy = record.createdBy
        requestedAt = record.requestedAt
        resolvedAt = record.resolvedAt
        expiresAt = record.expiresAt
        approverComment = record.approverComment?.text
        toolResult = record.toolResult.flatMap(JSONText.decode)
        decidedByRule = record.decidedByRule
    }

    /// The Preloop `ApprovalRequestResponse` an approver sees.
    var wire: ApprovalRequest {
        var request = ApprovalRequest(
            id: id, accountID: ServerIdentity.accountID, toolConfigurationID: ServerIdentity.toolConfigurationID(toolName),
            approvalPolicyID: policyID, executionID: executionID, toolName: toolName, toolArgs: toolArgs,
            agentReasoning: agentReasoning, status: status, requestedAt: requestedAt, resolvedAt: resolvedAt,
            expiresAt: expiresAt, approverComment: approverComment)
        request.agentName = agentName
        request.agentPrincipalID = createdBy
        request.toolArgsText = toolArgsText
        return request
    }
}

import ApprovalClient
import Foundation
import GRDB

/// One approval request row, with the columns REST never shows (creator, votes' quorum, result).
struct StoredRequest: Sendable, Hashable {
    var id: String
    var toolName: String
    var toolArgs: JSONValue
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
        toolArgs = JSONText.decode(row["tool_args"]) ?? [:]
        agentReasoning = row["agent_reasoning"]
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
        approverComment = row["approver_comment"]
        toolResult = (row["tool_result"] as String?).flatMap(JSONText.decode)
    }

    /// The Preloop `ApprovalRequestResponse` an approver sees.
    var wire: ApprovalRequest {
        ApprovalRequest(
            id: id, accountID: ServerIdentity.accountID, toolConfigurationID: ServerIdentity.toolConfigurationID(toolName),
            approvalPolicyID: policyID, executionID: executionID, toolName: toolName, toolArgs: toolArgs,
            agentReasoning: agentReasoning, status: status, requestedAt: requestedAt, resolvedAt: resolvedAt,
            expiresAt: expiresAt, approverComment: approverComment)
    }
}

/// One entry of a request's timeline, as `get_approval_status` reports it.
struct RequestEvent: Sendable, Hashable {
    var at: Date
    var type: String
    var detail: String
    var comment: String?

    var json: JSONValue {
        var object: [String: JSONValue] = [
            "timestamp": .string(PreloopTimestamp.zulu(at)), "type": .string(type), "detail": .string(detail),
        ]
        if let comment { object["comment"] = .string(comment) }
        return .object(object)
    }
}

/// Fixed ids for the one local account, so REST objects carry the same fields Preloop sends.
enum ServerIdentity {
    static let accountID = "00000000-0000-4000-8000-000000000001"

    /// A stable UUID-shaped id per tool name (no table needed): derived from the name's bytes.
    static func toolConfigurationID(_ toolName: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var hash2: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in toolName.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            hash2 = (hash2 &+ UInt64(byte)) &* 0x9E37_79B9_7F4A_7C15
        }
        let hex = String(format: "%016llx%016llx", hash, hash2)
        let chars = Array(hex)
        func part(_ range: Range<Int>) -> String { String(chars[range]) }
        return "\(part(0..<8))-\(part(8..<12))-4\(part(13..<16))-8\(part(17..<20))-\(part(20..<32))"
    }
}

/// JSON text columns.
enum JSONText {
    static func encode(_ value: JSONValue) -> String {
        (try? String(decoding: JSONEncoder.compact.encode(value), as: UTF8.self)) ?? "null"
    }

    static func decode(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}

extension JSONEncoder {
    /// Sorted keys, unescaped slashes, no date strategy (for stored JSON).
    static var compact: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension JSONValue {
    /// The strings of an array value.
    var arrayStrings: [String]? {
        guard case .array(let items) = self else { return nil }
        return items.compactMap(\.stringValue)
    }
}

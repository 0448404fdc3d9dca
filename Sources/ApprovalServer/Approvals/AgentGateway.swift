import ApprovalModel
import Foundation

/// The agent side of a running server, for surfaces other than REST (the MCP gateway).
/// Every call goes through the same code as `POST /api/v1/agent/tool-calls` and
/// `GET /api/v1/agent/tool-calls/{id}`: same policies, justification rule, fail-closed
/// behaviour, claim-then-execute, and the rule that a caller sees only its own requests.
public struct AgentGateway: Sendable {
    let context: ServerContext

    /// The loaded policies and tools.
    public var policies: PolicySet { context.policies }

    /// Calls `toolName` for `caller`. `arguments` must not contain the justification. When its
    /// policy is blocking, `onWaiting` hears the request id as the wait for a person begins.
    ///
    /// - Throws: ``AgentGatewayError/notAnAgent`` for an approver: a credential that can decide
    ///   never asks.
    public func submit(
        toolName: String, arguments: ApprovalModel.JSONValue, justification: String?, caller: Caller,
        onWaiting: (@Sendable (String) -> Void)? = nil
    ) async throws -> AgentCallOutcome {
        guard caller.role == .agent else { throw AgentGatewayError.notAnAgent(caller.name) }
        let call = ToolCallBody(
            toolName: toolName, toolArgs: arguments, justification: justification, agentName: caller.name,
            executionID: nil)
        let issues = call.textIssues()
        if !issues.isEmpty { return .rejected(issues.map(\.summary).joined(separator: "; ")) }
        return try await AgentCalls.submit(context, call, caller: caller, onWaiting: onWaiting)
    }

    /// The longest wait of ``status(requestID:caller:waiting:)``: below the read timeouts of
    /// common MCP clients, so a waiting poll never looks like a dead server.
    public static let maxStatusWait = Duration.seconds(30)

    /// Preloop's `get_approval_status` body for `requestID`, or nil when the id is malformed,
    /// unknown, or belongs to another caller. Approved requests run their tool once, here.
    /// With `wait` (at most ``maxStatusWait``) a pending request is answered the moment it is
    /// decided or expires, else after `wait` with its status then.
    public func status(requestID: String, caller: Caller, waiting wait: Duration = .zero) async throws
        -> ApprovalModel.JSONValue?
    {
        guard caller.role == .agent else { throw AgentGatewayError.notAnAgent(caller.name) }
        let id = requestID.lowercased()
        guard UUID(uuidString: id) != nil else { return nil }
        return try await AgentCalls.statusBody(context, id: id, caller: caller, waiting: min(wait, Self.maxStatusWait))
    }
}

/// Why the agent side refused a caller.
public enum AgentGatewayError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The caller holds an approver token; approvers decide, they never create tool calls.
    case notAnAgent(String)

    public var description: String {
        switch self {
        case .notAnAgent(let name):
            "'\(name)' holds an approver token; approver credentials cannot create or poll tool calls "
                + "(use an agent token: approval-tui token create --name NAME --role agent)"
        }
    }
}

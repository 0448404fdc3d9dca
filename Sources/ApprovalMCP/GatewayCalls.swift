import ApprovalClient
import ApprovalServer
import MCP

/// `tools/call` on the gateway: every call goes through the server's own agent path
/// (``AgentGateway``), and no result ever carries an approval token or URL.
enum GatewayCalls {
    static func call(
        _ params: CallTool.Parameters, gateway: AgentGateway, caller: Caller, upstreams: UpstreamPool?
    ) async -> CallTool.Result {
        var arguments = params.arguments ?? [:]
        if params.name == ToolCatalog.statusToolName {
            return await status(arguments["request_id"], gateway: gateway, caller: caller)
        }
        var known = gateway.policies.tool(named: params.name) != nil
        if !known, let upstreams { known = await upstreams.tools().contains { $0.name == params.name } }
        guard known else {
            return failure("Access denied: Tool '\(params.name)' is not available")
        }
        let justification: String?
        switch arguments.removeValue(forKey: "justification") {
        case nil, .null?: justification = nil
        case .string(let text)?: justification = text
        case _?: return failure("The 'justification' parameter of tool '\(params.name)' must be a string.")
        }
        let outcome: AgentCallOutcome
        do {
            outcome = try await gateway.submit(
                toolName: params.name, arguments: .object(arguments.mapValues(JSONValue.init)),
                justification: justification, caller: caller)
        } catch {
            // Fail closed: the tool did not run and nothing was approved.
            return failure("Approval error: the call to '\(params.name)' could not be processed; it did not run.")
        }
        switch outcome {
        case .ran(let result): return success(result, isError: result["_error"] != nil)
        case .rejected(let reason): return failure(reason)
        case .decided(let body): return success(body)
        case .pending(let pending): return success(pendingBody(pending))
        }
    }

    /// `get_approval_status(request_id)`.
    static func status(_ requestID: Value?, gateway: AgentGateway, caller: Caller) async -> CallTool.Result {
        guard let id = requestID?.stringValue, !id.isEmpty else {
            return failure("get_approval_status needs a 'request_id' string.")
        }
        do {
            guard let body = try await gateway.status(requestID: id, caller: caller) else {
                return failure("Approval request '\(id)' not found or access denied")
            }
            return success(body)
        } catch {
            return failure("Failed to check approval status of '\(id)'; try again.")
        }
    }

    /// Preloop's async answer: what to poll and for how long.
    static func pendingBody(_ pending: PendingCall) -> JSONValue {
        let channels = pending.channels.joined(separator: ", ")
        let message = """
            This tool call needs approval under policy '\(pending.policyName)'; approvers were notified via \
            \(channels). Call get_approval_status(request_id='\(pending.requestID)') every \
            \(pending.pollIntervalSeconds) seconds for up to \(pending.timeoutSeconds) seconds. Once the status is \
            'approved' the answer includes the tool's result; if it is 'declined' or 'expired', stop polling and \
            tell the user.
            """
        return [
            "status": "pending_approval", "request_id": .string(pending.requestID), "message": .string(message),
            "poll_interval_seconds": .integer(Int64(pending.pollIntervalSeconds)),
            "timeout_seconds": .integer(Int64(pending.timeoutSeconds)),
            "channels": .array(pending.channels.map(JSONValue.string)),
        ]
    }

    /// The JSON as text (what every client shows) and as structured content (what newer clients read).
    static func success(_ body: JSONValue, isError: Bool = false) -> CallTool.Result {
        let structured: Value? = Value(body)
        return CallTool.Result(
            content: [.text(text: body.compactText, annotations: nil, _meta: nil)], structuredContent: structured,
            isError: isError)
    }

    static func failure(_ message: String) -> CallTool.Result {
        CallTool.Result(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
    }
}

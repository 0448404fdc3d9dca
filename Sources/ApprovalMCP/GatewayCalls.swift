import ApprovalClient
import ApprovalModel
import ApprovalServer
import MCP

/// `tools/call` on the gateway: every call goes through the server's own agent path
/// (``AgentGateway``), and no result ever carries an approval token or URL.
enum GatewayCalls {
    static func call(
        _ params: CallTool.Parameters, gateway: AgentGateway, caller: Caller, upstreams: UpstreamPool?,
        onWaiting: (@Sendable (String) -> Void)? = nil
    ) async -> CallTool.Result {
        var arguments = params.arguments ?? [:]
        if params.name == ToolCatalog.statusToolName {
            return await status(arguments, gateway: gateway, caller: caller)
        }
        var known = gateway.policies.tool(named: params.name) != nil
        if !known, let upstreams { known = await upstreams.tools().contains { $0.name == params.name } }
        guard known else {
            return failure(
                "Access denied: Tool '\(params.name)' is not available: MCP agents can call only the tools the policies "
                    + "file declares ([[tool]] and [[upstream]] servers' tools). It did not run.")
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
                justification: justification, caller: caller, onWaiting: onWaiting)
        } catch {
            // Fail closed: the tool did not run and nothing was approved.
            return failure("Approval error: the call to '\(params.name)' could not be processed; it did not run.")
        }
        switch outcome {
        case .ran(let result): return answer(result, ran: result)
        case .rejected(let reason): return failure(reason)
        case .decided(let body): return answer(body)
        case .pending(let pending): return success(pendingBody(pending))
        }
    }

    /// `get_approval_status(request_id, wait_seconds?)`.
    static func status(_ arguments: [String: Value], gateway: AgentGateway, caller: Caller) async -> CallTool.Result {
        guard let id = arguments["request_id"]?.stringValue, !id.isEmpty else {
            return failure("get_approval_status needs a 'request_id' string.")
        }
        let wait: Duration
        switch arguments["wait_seconds"] {
        case nil, .null?: wait = .zero
        case .int(let seconds)? where seconds >= 0: wait = .seconds(seconds)
        case .double(let seconds)? where seconds >= 0 && seconds.isFinite: wait = .seconds(min(seconds, 1e6))
        case _?:
            return failure("get_approval_status: 'wait_seconds' must be a number of seconds from 0 to \(maxWaitSeconds).")
        }
        do {
            guard let body = try await gateway.status(requestID: id, caller: caller, waiting: wait) else {
                return failure("Approval request '\(id)' not found or access denied")
            }
            return answer(body)
        } catch {
            return failure("Failed to check approval status of '\(id)'; try again.")
        }
    }

    static var maxWaitSeconds: Int64 { AgentGateway.maxStatusWait.components.seconds }

    /// Preloop's async answer: what to poll and for how long.
    static func pendingBody(_ pending: PendingCall) -> JSONValue {
        let channels = pending.channels.joined(separator: ", ")
        let message = """
            This tool call needs approval under policy '\(pending.policyName)'; approvers were notified via \
            \(channels). It has not run. Call get_approval_status(request_id='\(pending.requestID)', \
            wait_seconds=\(maxWaitSeconds)): it answers the moment a person decides (or after that many seconds \
            with status 'pending'; then call it again), for up to \(pending.timeoutSeconds) seconds in all. \
            Once the status is 'approved' the answer includes the tool's result ('executing' while it runs); \
            if it is 'declined', 'expired' or 'cancelled', the tool did not run: stop and tell the user.
            """
        return [
            "status": "pending_approval", "request_id": .string(pending.requestID), "message": .string(message),
            "poll_interval_seconds": .integer(Int64(pending.pollIntervalSeconds)),
            "timeout_seconds": .integer(Int64(pending.timeoutSeconds)),
            "channels": .array(pending.channels.map(JSONValue.string)),
        ]
    }

    /// A decided call's body: `isError` when the tool failed (it could not be run, or an upstream
    /// MCP server answered with `isError`), with the failure's own words first.
    static func answer(_ body: JSONValue, ran result: JSONValue? = nil) -> CallTool.Result {
        let outcome = result ?? body["tool_result"]
        var failure: String?
        if case .string(let error)? = body["tool_execution_error"] { failure = error }
        if case .string(let error)? = outcome?["_error"] { failure = error }
        if outcome?["isError"] == .bool(true) {
            // An upstream MCP server's own failure: its text content is its message.
            let texts = outcome?["content"]?.arrayItems.compactMap { $0["type"] == "text" ? $0["text"]?.stringValue : nil } ?? []
            failure = texts.isEmpty ? "the upstream tool reported an error" : texts.joined(separator: "\n")
        }
        guard let failure else { return success(body) }
        let structured: Value? = Value(body)
        return CallTool.Result(
            content: [
                // Quoted, with control and invisible characters escaped: an upstream's words can reach
                // an agent's terminal.
                .text(text: "The tool failed: " + InvisibleScalars.escapingInJSON(JSONValue.quoted(failure)), annotations: nil, _meta: nil),
                .text(text: InvisibleScalars.escapingInJSON(body.compactText), annotations: nil, _meta: nil),
            ],
            structuredContent: structured, isError: true)
    }

    /// The JSON as text (what every client shows; invisible and control characters escaped, so it is
    /// terminal-safe) and as structured content (what newer clients read).
    static func success(_ body: JSONValue) -> CallTool.Result {
        let structured: Value? = Value(body)
        return CallTool.Result(
            content: [.text(text: InvisibleScalars.escapingInJSON(body.compactText), annotations: nil, _meta: nil)], structuredContent: structured,
            isError: false)
    }

    static func failure(_ message: String) -> CallTool.Result {
        CallTool.Result(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
    }
}

extension JSONValue {
    fileprivate var arrayItems: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }
}

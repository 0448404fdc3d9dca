import ApprovalClient
import FlyingFox
import Foundation

/// The agent API: the async approval flow. Nothing here ever returns an approval token, a URL,
/// or anything about another agent's requests.
enum AgentRoutes {
    /// `POST /api/v1/agent/tool-calls`.
    @Sendable static func create(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        let call: ToolCallBody
        switch ToolCallBody.parse(request) {
        case .failure(let issues): return Reply.validation(issues.issues)
        case .success(let parsed): call = parsed
        }
        guard let caller = request.caller else { return Reply.notAuthenticated }
        guard let policy = context.policies.policy(for: call.toolName) else {
            let result = await context.toolRunner.run(
                tool: context.policies.tool(named: call.toolName), toolName: call.toolName, args: call.toolArgs,
                justification: call.justification, decision: "allowed")
            return Reply.json(["status": "allowed", "result": result] as JSONValue)
        }
        let trimmed = call.justification?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let reasoning: String?
        switch policy.justification {
        case .required:
            if trimmed.isEmpty {
                return Reply.detail(
                    "Justification required: Tool '\(call.toolName)' requires a 'justification' parameter explaining why this tool is being called.",
                    status: .unprocessableContent)
            }
            reasoning = call.justification
        case .optional:
            reasoning = trimmed.isEmpty ? nil : call.justification
        case .none:
            reasoning = nil
        case .unknown(let mode):
            // Fail closed: a mode we do not understand never lets a call through.
            return Reply.detail(
                "Unable to verify justification requirements for tool '\(call.toolName)' (unknown mode '\(mode)'); the call was rejected.",
                status: .unprocessableContent)
        }
        let stored = try context.database.createRequest(
            NewRequest(
                call: call, storedJustification: reasoning, policy: policy, policyID: context.policyID(policy),
                createdBy: caller.id),
            at: context.clock())
        if !policy.isAsync { return try await waitForDecision(context, id: stored.id, caller: caller) }
        let poll = pollInterval(timeoutSeconds: stored.timeoutSeconds)
        let body: JSONValue = [
            "request_id": .string(stored.id), "status": "pending",
            "message": .string(
                "This tool call needs approval under policy '\(policy.name)'. Poll its status every \(poll) seconds "
                    + "for up to \(stored.timeoutSeconds) seconds; stop when it is approved, declined or expired."),
            "poll_interval_seconds": .integer(Int64(poll)), "timeout_seconds": .integer(Int64(stored.timeoutSeconds)),
            "channels": .array(stored.channels.map(JSONValue.string)),
        ]
        return Reply.json(body, status: .accepted)
    }

    /// `clamp(timeout / 20, 1, 15)`: Preloop clamps to 5…15; a floor of 1 lets short demo
    /// timeouts poll quickly. 15 for the default 300 s, as in Preloop.
    static func pollInterval(timeoutSeconds: Int) -> Int {
        min(15, max(1, timeoutSeconds / 20))
    }

    /// `GET /api/v1/agent/tool-calls/{id}`: status, events, and for an approved call the result
    /// of the one and only run.
    @Sendable static func status(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        let id = request.parameters[0].lowercased()
        guard UUID(uuidString: id) != nil, let caller = request.caller,
            let body = try await statusBody(context, id: id, caller: caller)
        else {
            return Reply.detail("Tool call '\(request.parameters[0])' not found", status: .notFound)
        }
        return Reply.json(body)
    }

    /// Preloop's `get_approval_status` answer, or nil when `caller` did not create the request.
    /// An approved request is claimed (compare-and-set) by exactly one poll, which runs the tool
    /// outside any transaction and stores the result; other polls see `executing` or the result.
    static func statusBody(_ context: ServerContext, id: String, caller: Caller) async throws -> JSONValue? {
        let now = context.clock()
        guard var row = try context.database.request(id: id, now: now), row.createdBy == caller.id else {
            return nil
        }
        var statusText = row.status.rawValue
        var body: [String: JSONValue] = [:]
        if row.status == .approved {
            if row.toolResult == nil, try context.database.claimExecution(id: id) {
                let result = await context.toolRunner.run(
                    tool: context.policies.tool(named: row.toolName), toolName: row.toolName, args: row.toolArgs,
                    justification: row.agentReasoning, decision: "approved")
                try context.database.storeResult(id: id, result: result, at: context.clock())
                row.toolResult = result
            } else if row.toolResult == nil {
                row = try context.database.request(id: id, now: now) ?? row
            }
            if ToolOutcome.isExecuting(row.toolResult) {
                statusText = "executing"
            } else if let error = ToolOutcome.error(of: row.toolResult) {
                body["tool_execution_error"] = .string(error)
            } else if let result = row.toolResult {
                body["tool_result"] = result
            }
        }
        if row.status == .pending {
            body["remaining_seconds"] = .integer(Int64(max(0, row.expiresAt.timeIntervalSince(now)).rounded(.down)))
        }
        if row.status == .declined || row.status == .cancelled, let comment = row.approverComment {
            body["reason"] = .string(comment)
        }
        let approvals = try context.database.approvalCount(for: id)
        if approvals > 0 { body["approvals_received"] = .integer(Int64(approvals)) }
        body["request_id"] = .string(row.id)
        body["status"] = .string(statusText)
        body["tool_name"] = .string(row.toolName)
        body["events"] = .array(try context.database.events(for: id).map(\.json))
        return .object(body)
    }

    /// Sync mode (`async = false`): the call itself waits until the request is decided or
    /// expires, then answers 200 with the same body a poll would give.
    static func waitForDecision(_ context: ServerContext, id: String, caller: Caller) async throws -> HTTPResponse {
        while try context.database.request(id: id, now: context.clock())?.status == .pending {
            try await Task.sleep(for: .milliseconds(200))
        }
        return Reply.json(try await statusBody(context, id: id, caller: caller) ?? [:])
    }
}

/// The body of `POST /api/v1/agent/tool-calls`.
struct ToolCallBody: Sendable {
    var toolName: String
    var toolArgs: JSONValue
    var justification: String?
    var agentName: String?
    var executionID: String?

    static func parse(_ request: APIRequest) -> Result<ToolCallBody, InvalidInput> {
        let object: [String: JSONValue]
        switch request.jsonObject(required: true) {
        case .failure(let issues): return .failure(issues)
        case .success(let found): object = found ?? [:]
        }
        var issues: [ValidationIssue] = []
        var name = ""
        switch object["tool_name"] {
        case .string(let text)? where !text.isEmpty: name = text
        case .string?:
            issues.append(ValidationIssue(
                type: "string_too_short", loc: ["body", "tool_name"], msg: "String should have at least 1 character",
                input: "", ctx: ["min_length": 1]))
        case nil, .null?: issues.append(FieldCheck.missing(["body", "tool_name"], input: .object(object)))
        case let other?: issues.append(FieldCheck.notString(["body", "tool_name"], input: other))
        }
        var args: JSONValue = [:]
        switch object["tool_args"] {
        case nil, .null?: break
        case .object(let members)?: args = .object(members)
        case let other?:
            issues.append(ValidationIssue(
                type: "dict_type", loc: ["body", "tool_args"], msg: "Input should be a valid dictionary", input: other))
        }
        var strings: [String: String] = [:]
        for key in ["justification", "agent_name", "execution_id"] {
            switch FieldCheck.optionalString(object, key) {
            case .success(let text): strings[key] = text
            case .failure(let issue): issues += issue.issues
            }
        }
        if !issues.isEmpty { return .failure(InvalidInput(issues)) }
        return .success(ToolCallBody(
            toolName: name, toolArgs: args, justification: strings["justification"],
            agentName: strings["agent_name"], executionID: strings["execution_id"]))
    }
}

import ApprovalModel
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
        switch try await AgentCalls.submit(context, call, caller: caller) {
        case .ran(let result):
            return Reply.json(["status": "allowed", "result": result] as JSONValue)
        case .rejected(let message):
            return Reply.detail(message, status: .unprocessableContent)
        case .decided(let body):
            return Reply.json(body)
        case .pending(let pending):
            let body: JSONValue = [
                "request_id": .string(pending.requestID), "status": "pending",
                "message": .string(
                    "This tool call needs approval under policy '\(pending.policyName)'. Poll its status every "
                        + "\(pending.pollIntervalSeconds) seconds for up to \(pending.timeoutSeconds) seconds; stop when it "
                        + "is approved, declined or expired."),
                "poll_interval_seconds": .integer(Int64(pending.pollIntervalSeconds)),
                "timeout_seconds": .integer(Int64(pending.timeoutSeconds)),
                "channels": .array(pending.channels.map(JSONValue.string)),
            ]
            return Reply.json(body, status: .accepted)
        }
    }

    /// The longest long-poll, in seconds.
    static let maxWaitSeconds = 60

    /// `GET /api/v1/agent/tool-calls/{id}[?wait=SECONDS]`: status, events, and for an approved call
    /// the result of the one and only run. With `wait` (1…60) a pending request is answered as soon
    /// as its status changes, or after that many seconds with its status then.
    @Sendable static func status(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        let id = request.parameters[0].lowercased()
        let wait: Int
        switch request.intQuery("wait", default: 0, max: maxWaitSeconds) {
        case .failure(let invalid): return Reply.validation(invalid.issues)
        case .success(let seconds): wait = seconds
        }
        // Long-poll: answered as soon as the status changes, or after `wait` seconds.
        guard UUID(uuidString: id) != nil, let caller = request.caller,
            let body = try await AgentCalls.statusBody(context, id: id, caller: caller, waiting: .seconds(wait))
        else {
            return Reply.detail("Tool call '\(request.parameters[0])' not found", status: .notFound)
        }
        return Reply.json(body)
    }
}

/// The body of `POST /api/v1/agent/tool-calls`.
struct ToolCallBody: Sendable {
    var toolName: String
    var toolArgs: JSONValue
    var justification: String?
    var agentName: String?
    var executionID: String?
    /// `tool_args` exactly as the agent sent it (REST), or nil: then `toolArgs` encoded is the text.
    var rawArgs: String?

    /// The arguments as the tool reads them on stdin and the approver sees them: the agent's own text.
    var argumentsText: String { rawArgs ?? JSONText.encode(toolArgs) }

    /// Names refused when they hold controls or invisible characters, and every field's length
    /// (``TextField``); empty when the call is acceptable.
    func textIssues() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if let issue = TextField.nameIssue(toolName, field: "tool_name") { issues.append(issue) }
        if let agentName, let issue = TextField.nameIssue(agentName, field: "agent_name") { issues.append(issue) }
        if let executionID, let issue = TextField.nameIssue(executionID, field: "execution_id") { issues.append(issue) }
        if let justification, let issue = TextField.justificationIssue(justification) {
            issues.append(issue)
        }
        if argumentsText.utf8.count > TextField.argumentsLimit {
            issues.append(ValidationIssue(
                type: "too_long", loc: ["body", "tool_args"],
                msg: "tool_args should have at most \(TextField.argumentsLimit) bytes of JSON, not \(argumentsText.utf8.count)",
                input: .null, ctx: ["max_length": .integer(Int64(TextField.argumentsLimit))]))
        }
        return issues
    }

    /// The 422 issue for a number in `tool_args` that no double holds (`1e400`): kept, it would
    /// make every client that reads numbers as doubles fail on the whole queue.
    static func overflowIssue(_ rawArgs: String) -> ValidationIssue? {
        guard let node = try? StrictJSON.parse(Array(rawArgs.utf8)), let found = node.firstProblem({ $0.overflowReason })
        else { return nil }
        return ValidationIssue(
            type: "number_out_of_range", loc: ["body", "tool_args"] + found.path.map(JSONValue.string),
            msg: "tool_args.\(found.path.joined(separator: ".")): \(found.reason)", input: .null)
    }

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
        var rawArgs: String?
        switch object["tool_args"] {
        case nil, .null?: break
        case .object(let members)?:
            args = .object(members)
            rawArgs = request.rawMember("tool_args")
            if let issue = rawArgs.flatMap(ToolCallBody.overflowIssue) { issues.append(issue) }
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
        let call = ToolCallBody(
            toolName: name, toolArgs: args, justification: strings["justification"],
            agentName: strings["agent_name"], executionID: strings["execution_id"], rawArgs: rawArgs)
        let textIssues = call.textIssues()
        return textIssues.isEmpty ? .success(call) : .failure(InvalidInput(textIssues))
    }
}

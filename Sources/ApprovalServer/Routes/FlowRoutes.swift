import ApprovalModel
import Foundation

/// Flows, executions, logs and the stop command.
enum FlowRoutes {
    @Sendable static func list(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        Reply.json(context.policies.flows.map { wire($0, context) })
    }

    @Sendable static func get(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        guard let flow = flow(request.parameters[0], context) else {
            return Reply.detail("Flow not found", status: .notFound)
        }
        return Reply.json(wire(flow, context))
    }

    /// Starts an execution. An optional body `{"prompt": "…"}` replaces the flow's prompt for
    /// this run (our extension); the prompt is only ever written to a file.
    @Sendable static func trigger(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        guard let flow = flow(request.parameters[0], context) else {
            return Reply.detail("Flow not found", status: .notFound)
        }
        var prompt = flow.prompt
        switch request.jsonObject(required: false) {
        case .failure(let issues): return Reply.validation(issues.issues)
        case .success(let object):
            switch object.map({ FieldCheck.optionalString($0, "prompt") }) {
            case .failure(let issue)?: return Reply.validation(issue.issues)
            case .success(let text?)?: prompt = text
            default: break
            }
        }
        let id = try await context.flows.trigger(flow: flow, flowID: context.flowID(flow), prompt: prompt)
        let status = try await context.database.execution(id: id)?.status ?? .pending
        return Reply.json(["id": .string(id), "status": .string(status.rawValue), "flow_id": .string(context.flowID(flow))] as JSONValue)
    }

    @Sendable static func executions(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        var issues: [ValidationIssue] = []
        let (skip, limit) = request.paging(defaultLimit: 100, maxLimit: ChangeCounter.largestPage, issues: &issues)
        if !issues.isEmpty { return Reply.validation(issues) }
        let tag = try await context.database.executionListTag
        return try await ChangeCounter.tagged(request, tag: tag) {
            Reply.json(try await context.database.executions(skip: skip, limit: limit))
        }
    }

    @Sendable static func execution(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        guard let execution = try await context.database.execution(id: request.parameters[0].lowercased()) else {
            return Reply.detail("Flow execution not found", status: .notFound)
        }
        return Reply.json(execution)
    }

    @Sendable static func logs(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        let id = request.parameters[0].lowercased()
        guard try await context.database.execution(id: id) != nil else {
            return Reply.detail("Flow execution not found", status: .notFound)
        }
        var issues: [ValidationIssue] = []
        func optional(_ name: String) -> Int? {
            guard request.query[name] != nil else { return nil }
            switch request.intQuery(name, default: 0) {
            case .success(let value): return value
            case .failure(let issue): issues += issue.issues; return nil
            }
        }
        let skip = optional("skip") ?? 0
        let limit = optional("limit")
        let tail = optional("tail")
        if !issues.isEmpty { return Reply.validation(issues) }
        return Reply.json(try await context.database.logPage(executionID: id, skip: skip, limit: limit, tail: tail))
    }

    /// Usage counters; this server runs plain commands, so they are all zero.
    @Sendable static func metrics(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        guard try await context.database.execution(id: request.parameters[0].lowercased()) != nil else {
            return Reply.detail("Flow execution not found", status: .notFound)
        }
        let body: JSONValue = [
            "tool_calls": 0, "api_requests": 0, "estimated_cost": 0.0, "has_pricing": false,
            "token_usage": ["total_tokens": 0, "input_tokens": 0, "output_tokens": 0],
        ]
        return Reply.json(body)
    }

    @Sendable static func command(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        let id = request.parameters[0].lowercased()
        let object: [String: JSONValue]
        switch request.jsonObject(required: true) {
        case .failure(let issues): return Reply.validation(issues.issues)
        case .success(let found): object = found ?? [:]
        }
        guard case .string(let command)? = object["command"] else {
            return Reply.validation([
                object["command"] == nil
                    ? FieldCheck.missing(["body", "command"], input: .object(object))
                    : FieldCheck.notString(["body", "command"], input: object["command"] ?? .null)
            ])
        }
        guard try await context.database.execution(id: id) != nil else {
            return Reply.detail("Flow execution not found", status: .notFound)
        }
        guard command == "stop" else {
            return Reply.detail("Failed to send command: '\(command)' is not supported by this server", status: .internalServerError)
        }
        _ = try await context.flows.stop(executionID: id)
        return Reply.json(StatusReply(status: "stopped"))
    }

    private static func flow(_ id: String, _ context: ServerContext) -> FlowDefinition? {
        context.policies.flows.first { context.flowID($0) == id.lowercased() }
    }

    private static func wire(_ flow: FlowDefinition, _ context: ServerContext) -> Flow {
        Flow(
            id: context.flowID(flow), name: flow.name, description: flow.description, agentType: "command",
            promptTemplate: flow.prompt, isEnabled: true, createdAt: context.startedAt, updatedAt: context.startedAt)
    }
}

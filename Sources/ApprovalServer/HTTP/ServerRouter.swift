import Foundation

/// Routes, authenticates, limits bodies, and turns any thrown error into Preloop's 500 body.
/// Speaks only the server's own ``IncomingRequest`` and ``HTTPResponse``; ``HTTPListener``
/// converts from and to the HTTP library.
struct ServerRouter: Sendable {
    let context: ServerContext
    let routes: [Route]
    var requestLog: (@Sendable (String) -> Void)?
    /// Storage problems, each with its reason (see ``ApprovalServerConfiguration/problemLog``).
    var problemLog: (@Sendable (String) -> Void)?
    var bodyLimit = HTTPLimits().bodyBytes
    /// Checked around every request that may write; nil checks nothing.
    var storage: StorageGuard?

    func handleRequest(_ request: IncomingRequest) async -> HTTPResponse {
        let response: HTTPResponse
        do {
            response = try await guarded(request)
        } catch is CancellationError {
            requestLog?("\(request.method.rawValue) \(request.path) cancelled: the client went away")
            return Reply.internalError
        } catch {
            requestLog?("error handling \(request.method.rawValue) \(request.path): \(error)")
            if let problem = StorageGuard.problem(in: error) {
                problemLog?("refused \(request.method.rawValue) \(request.path): \(problem)")
                response = Reply.storageUnavailable(problem)
            } else {
                response = Reply.internalError
            }
        }
        requestLog?("\(request.method.rawValue) \(request.path) \(response.statusCode.code)")
        return response
    }

    /// Preloop's unified websocket; authentication happens in-band (see ``UnifiedSocketSession``).
    static let unifiedSocketPath = "/api/v1/ws/unified"

    /// Requests whose answer may wait (sync tool calls, long-polls, the MCP gateway): they are
    /// cancelled when the client goes away.
    func mayWait(path: String) -> Bool {
        path.hasPrefix("/api/v1/agent/tool-calls") || context.mounts.contains { path == "/" + $0.path }
    }

    /// ``dispatch(_:)``, refused with 503 when the database is not where it was (checked before,
    /// and after, so a change that was not stored is never acknowledged). Ping and health are
    /// not checked; health reports the problem.
    private func guarded(_ request: IncomingRequest) async throws -> HTTPResponse {
        guard let storage, request.path != "/api/v1/ping", request.path != "/api/v1/health" else {
            return try await dispatch(request)
        }
        if let problem = storage.problem() { return refuse(request, problem) }
        let response = try await dispatch(request)
        if let problem = storage.problem() { return refuse(request, problem) }
        return response
    }

    private func refuse(_ request: IncomingRequest, _ problem: String) -> HTTPResponse {
        problemLog?("refused \(request.method.rawValue) \(request.path): \(problem)")
        return Reply.storageUnavailable(problem)
    }

    private func dispatch(_ request: IncomingRequest) async throws -> HTTPResponse {
        // Checked before anything else, authentication included: a body that is refused is never read.
        if let length = request.contentLength, length > bodyLimit { return Reply.bodyTooLarge }
        let segments = request.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        if let mount = context.mounts.first(where: { $0.path == segments.joined(separator: "/") }) {
            return try await dispatch(request, to: mount)
        }
        let candidates = routes.compactMap { route in route.match(segments).map { (route, $0) } }
        guard !candidates.isEmpty else { return Reply.notFound }
        guard let (route, parameters) = candidates.first(where: { $0.0.method == request.method }) else {
            return Reply.detail("Method Not Allowed", status: .methodNotAllowed)
        }
        var caller: Caller?
        if route.access != .open {
            caller = try await context.database.caller(for: bearerToken(request) ?? "", now: context.clock())
            if let problem = authProblem(request, caller) { return problem }
            let allowed = route.access == .approver ? caller?.role == .approver : caller?.role == .agent
            if !allowed { return Reply.wrongRole(caller) }
        }
        guard let body = try await request.readBody(bodyLimit) else { return Reply.bodyTooLarge }
        var query: [String: String] = [:]
        for item in request.query where query[item.name] == nil { query[item.name] = item.value }
        var api = APIRequest(parameters: parameters, query: query, body: body, caller: caller)
        for (name, value) in request.headers where api.headers[name.rawValue.lowercased()] == nil {
            api.headers[name.rawValue.lowercased()] = value
        }
        return try await route.handle(context, api)
    }

    /// A mounted endpoint: any authenticated caller, same body limit.
    private func dispatch(_ request: IncomingRequest, to mount: ServerMount) async throws -> HTTPResponse {
        let caller = try await context.database.caller(for: bearerToken(request) ?? "", now: context.clock())
        if let problem = authProblem(request, caller) { return problem }
        guard let caller else { return Reply.invalidCredentials }
        guard let body = try await request.readBody(bodyLimit) else { return Reply.bodyTooLarge }
        var headers: [String: String] = [:]
        for (name, value) in request.headers { headers[name.rawValue] = value }
        let mounted = MountedRequest(
            method: request.method.rawValue, path: request.path, headers: headers, body: body, caller: caller)
        func converted(_ headers: [String: String]) -> HTTPHeaders {
            var converted: HTTPHeaders = [:]
            for (name, value) in headers { converted[HTTPHeader(name)] = value }
            return converted
        }
        switch await mount.handler(mounted, AgentGateway(context: context)) {
        case .whole(let answer):
            return HTTPResponse(statusCode: HTTPStatusCode(answer.status), headers: converted(answer.headers), body: answer.body)
        case .streamed(let status, let headers, let chunks):
            return HTTPResponse(statusCode: HTTPStatusCode(status), headers: converted(headers), stream: chunks)
        }
    }

    /// The bearer credential, or nil when the header is missing or not `Bearer …`.
    private func bearerToken(_ request: IncomingRequest) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }

    /// 401 without a bearer header or with an unknown token.
    private func authProblem(_ request: IncomingRequest, _ caller: Caller?) -> HTTPResponse? {
        guard bearerToken(request) != nil else { return Reply.notAuthenticated }
        return caller == nil ? Reply.invalidCredentials : nil
    }

    /// Every route the server answers.
    static let allRoutes: [Route] = [
        Route(.GET, "api/v1/ping", .open, MetaRoutes.ping),
        Route(.GET, "api/v1/health", .open, MetaRoutes.health),
        Route(.GET, "api/v1/auth/users/me", .approver, MetaRoutes.currentUser),
        Route(.GET, "api/v1/approval-requests", .approver, ApproverRoutes.list),
        Route(.GET, "api/v1/approval-requests/{}", .approver, ApproverRoutes.get),
        Route(.POST, "api/v1/approval-requests/{}/approve", .approver, { try await ApproverRoutes.decide($0, $1, .approve) }),
        Route(.POST, "api/v1/approval-requests/{}/decline", .approver, { try await ApproverRoutes.decide($0, $1, .decline) }),
        Route(.POST, "api/v1/approval-requests/{}/decide", .approver, { try await ApproverRoutes.decide($0, $1, nil) }),
        Route(.GET, "api/v1/approval-workflows", .approver, PolicyRoutes.list),
        Route(.GET, "api/v1/approval-workflows/{}", .approver, PolicyRoutes.get),
        Route(.GET, "api/v1/approval-policies", .approver, PolicyRoutes.list),
        Route(.GET, "api/v1/approval-policies/{}", .approver, PolicyRoutes.get),
        Route(.GET, "api/v1/tools", .approver, PolicyRoutes.tools),
        Route(.GET, "api/v1/tool-configurations/{}", .approver, PolicyRoutes.toolConfiguration),
        Route(.GET, "api/v1/tool-configurations/{}/access-rules", .approver, RuleRoutes.list),
        Route(.POST, "api/v1/tool-configurations/{}/access-rules", .approver, RuleRoutes.create),
        Route(.PUT, "api/v1/access-rules/{}", .approver, RuleRoutes.update),
        Route(.DELETE, "api/v1/access-rules/{}", .approver, RuleRoutes.delete),
        Route(.GET, "api/v1/flows", .approver, FlowRoutes.list),
        Route(.GET, "api/v1/flows/executions", .approver, FlowRoutes.executions),
        Route(.GET, "api/v1/flows/executions/{}", .approver, FlowRoutes.execution),
        Route(.GET, "api/v1/flows/executions/{}/logs", .approver, FlowRoutes.logs),
        Route(.GET, "api/v1/flows/executions/{}/metrics", .approver, FlowRoutes.metrics),
        Route(.POST, "api/v1/flows/executions/{}/command", .approver, FlowRoutes.command),
        Route(.GET, "api/v1/flows/{}", .approver, FlowRoutes.get),
        Route(.POST, "api/v1/flows/{}/trigger", .approver, FlowRoutes.trigger),
        Route(.POST, "api/v1/agent/tool-calls", .agent, AgentRoutes.create),
        Route(.GET, "api/v1/agent/tool-calls/{}", .agent, AgentRoutes.status),
    ]
}

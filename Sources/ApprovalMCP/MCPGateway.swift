import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import MCP

/// The MCP endpoint of the approval server: streamable HTTP (no sessions) at `/mcp/v1`, for agents
/// such as Claude Code, Codex, Gemini CLI and OpenCode. Answers are JSON, except a call that waits
/// for a person, which a client reading event streams gets as one (see ``WaitingAnswer``).
///
/// ```swift
/// var configuration = ApprovalServerConfiguration(dataDirectory: dir)
/// MCPGateway.install(into: &configuration)   // the gateway, plus `[[upstream]]` servers
/// ```
///
/// Each HTTP request is answered by its own short-lived MCP server bound to the request's
/// authenticated caller, so agents never share state and every call knows who made it.
public enum MCPGateway {
    public static let defaultPath = "mcp/v1"
    static let serverName = "approval-tui"
    static let serverVersion = "0.1.0"

    /// Mounts the gateway and, for the policies file's `[[upstream]]` servers, an ``UpstreamPool``.
    public static func install(into configuration: inout ApprovalServerConfiguration, allowedHosts: [String]? = nil) {
        let pool = UpstreamPool()
        configuration.externalTools = pool
        configuration.mounts.append(mount(allowedHosts: allowedHosts, upstreams: pool))
    }

    /// The mount to add to ``ApprovalServerConfiguration/mounts``.
    ///
    /// - Parameters:
    ///   - allowedHosts: `Host` header values accepted (DNS-rebinding protection), such as
    ///     `"192.168.1.5:8600"`. Nil accepts loopback names only, on any port.
    ///   - upstreams: the pool that is also the configuration's `externalTools`, if any.
    public static func mount(
        path: String = defaultPath, allowedHosts: [String]? = nil, upstreams: UpstreamPool? = nil
    ) -> ServerMount {
        let origin =
            allowedHosts.map { OriginValidator(allowedHosts: $0, allowedOrigins: $0.map { "http://\($0)" }) }
            ?? .localhost()
        return ServerMount(path: path, isMCPServer: true, streaming: { request, gateway in
            await handle(request, gateway: gateway, origin: origin, upstreams: upstreams)
        })
    }

    static func handle(
        _ request: MountedRequest, gateway: AgentGateway, origin: OriginValidator, upstreams: UpstreamPool?
    ) async -> MountAnswer {
        guard request.caller.role == .agent else { return .whole(refusal(request)) }
        if request.method == "POST", let refusal = StrictRPCBody.refusal(request.body) {
            return .whole(TransportResponse(status: 200, headers: ["Content-Type": "application/json"], body: refusal))
        }
        let cancellation = CallCancellation()
        let start = request.method == "POST" && WaitingAnswer.isAccepted(by: request.headers) ? WaitStart() : nil
        let server = await makeServer(
            gateway: gateway, caller: request.caller, upstreams: upstreams, cancellation: cancellation, waitStart: start)
        let transport = StatelessHTTPServerTransport(
            validationPipeline: StandardValidationPipeline(validators: [
                origin, AcceptHeaderValidator(mode: .jsonOnly), ContentTypeValidator(), ProtocolVersionValidator(),
            ]))
        do {
            try await server.start(transport: transport)
        } catch {
            return .whole(TransportResponse(status: 500))
        }
        let sent = HTTPRequest(method: request.method, headers: request.headers, body: request.body, path: request.path)
        guard let start else {
            // The server cancels this task when the client goes away; the SDK's handler tasks hear of it here.
            let answer = await withTaskCancellationHandler {
                await transport.handleRequest(sent)
            } onCancel: {
                cancellation.cancel()
            }
            await server.stop()
            return .whole(whole(answer))
        }
        let exchange = Task {
            await withTaskCancellationHandler { await transport.handleRequest(sent) } onCancel: { cancellation.cancel() }
        }
        Task {
            _ = await exchange.value
            start.finish()
        }
        switch await withTaskCancellationHandler(operation: { await start.first() }, onCancel: { exchange.cancel() }) {
        case .waiting(let requestID, let progressToken)?:
            let chunks = WaitingAnswer.stream(requestID: requestID, progressToken: progressToken, exchange: exchange) {
                await server.stop()
            }
            return .streamed(
                status: 200, headers: ["Content-Type": "text/event-stream", "Cache-Control": "no-cache"], chunks: chunks)
        case .finished?, nil:
            let answer = await exchange.value
            await server.stop()
            return .whole(whole(answer))
        }
    }

    /// The SDK's answer, terminal-safe like every JSON answer of the server: upstream descriptions
    /// and results, echoed names and ids can hold C1 controls and bidi overrides.
    static func whole(_ answer: MCP.HTTPResponse) -> TransportResponse {
        TransportResponse(
            status: answer.statusCode, headers: answer.headers, body: InvisibleScalars.terminalSafeJSON(answer.bodyData ?? Data()))
    }

    /// 403 with a JSON-RPC error (code -32001, for the request's id when it has one): the gateway is
    /// the agent side, and an approver credential must never create or poll a tool call.
    static func refusal(_ request: MountedRequest) -> TransportResponse {
        let message = AgentGatewayError.notAnAgent(request.caller.name).description
        var id: JSONValue = .null
        if let body = try? JSONDecoder().decode(JSONValue.self, from: request.body), let sent = body["id"] {
            switch sent {
            case .string, .integer: id = sent
            default: break
            }
        }
        let error: JSONValue = [
            "jsonrpc": "2.0", "id": id, "error": ["code": .integer(-32001), "message": .string(message)],
        ]
        return TransportResponse(
            status: 403, headers: ["Content-Type": "application/json"],
            body: InvisibleScalars.terminalSafeJSON(Data(error.compactText.utf8)))
    }

    /// An MCP server whose tools act for `caller`.
    static func makeServer(
        gateway: AgentGateway, caller: Caller, upstreams: UpstreamPool?, cancellation: CallCancellation,
        waitStart: WaitStart? = nil
    ) async -> Server {
        let server = Server(
            name: serverName, version: serverVersion,
            instructions: """
                Tools guarded by an approval policy return status 'pending_approval' with a request_id; \
                call get_approval_status(request_id, wait_seconds) until the status is final. \
                \(ToolCatalog.statusWords)
                """,
            capabilities: .init(tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: ToolCatalog.tools(gateway.policies, upstream: await upstreams?.tools() ?? []))
        }
        await server.withMethodHandler(CallTool.self) { params in
            let onWaiting = waitingHook(waitStart, params._meta?.progressToken)
            return await cancellation.run {
                await GatewayCalls.call(params, gateway: gateway, caller: caller, upstreams: upstreams, onWaiting: onWaiting)
            }
        }
        return server
    }

    /// What tells `start` that a call began waiting, with the client's progress token.
    static func waitingHook(_ start: WaitStart?, _ progressToken: ProgressToken?) -> (@Sendable (String) -> Void)? {
        guard let start else { return nil }
        return { requestID in start.began(requestID, progressToken) }
    }
}

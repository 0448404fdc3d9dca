import Foundation
import MCP

/// A local MCP server (stdio for `approval-tui mcp`) that forwards `tools/list` and
/// `tools/call` to the gateway of a running approval server, for agents that launch MCP
/// servers as subprocesses. Each call is one HTTP request (``GatewayLink``), so the proxy
/// outlives a restart of the approval server, never gives up before the server does, and a call
/// the agent cancels (or abandons by exiting) is cancelled on the server too.
public actor MCPProxy {
    public let target: ProxyTarget
    private let link: GatewayLink
    private let progressInterval: Duration

    /// - Parameter progressInterval: while a call waits, how often a client that sent a
    ///   `progressToken` gets a progress notification (which also keeps its read timeout alive).
    public init(target: ProxyTarget, progressInterval: Duration = .seconds(10)) {
        self.target = target
        link = GatewayLink(target: target)
        self.progressInterval = progressInterval
    }

    /// Serves `transport` until the client goes away (end of input for stdio).
    public func serve(_ transport: any Transport) async throws {
        let server = Server(
            name: MCPGateway.serverName, version: MCPGateway.serverVersion,
            capabilities: .init(tools: .init(listChanged: false)))
        let link = self.link
        let interval = progressInterval
        await server.withMethodHandler(ListTools.self) { params in
            do {
                return try await link.send(ListTools.request(params))
            } catch let failure as ProxyFailure {
                throw MCPError.internalError(failure.message)
            }
        }
        await server.withMethodHandler(CallTool.self) { [weak server] params in
            let keepAlive = params._meta?.progressToken.map { token in
                Task { await Self.reportWaiting(token, to: server, every: interval) }
            }
            defer { keepAlive?.cancel() }
            do {
                return try await link.send(CallTool.request(params))
            } catch ProxyFailure.cancelled where Task.isCancelled {
                throw CancellationError()  // the SDK sends no answer to a cancelled request
            } catch let failure as ProxyFailure {
                return CallTool.Result(content: [.text(text: failure.message, annotations: nil, _meta: nil)], isError: true)
            }
        }
        try await server.start(transport: StrictTransport(transport))
        await server.waitUntilCompleted()
        link.invalidate()
    }

    /// Progress notifications while a call is in flight: at once, then every `interval`.
    private static func reportWaiting(_ token: ProgressToken, to server: Server?, every interval: Duration) async {
        var step = 0.0
        while !Task.isCancelled, let server {
            let message = ProgressNotification.message(.init(
                progressToken: token, progress: step,
                message: "Waiting for the approval server's answer (a person may need to approve this call)"))
            try? await server.notify(message)
            step += 1
            try? await Task.sleep(for: interval)
        }
    }
}

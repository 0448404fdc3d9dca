import Foundation
import MCP
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A local MCP server (stdio for `approval-tui mcp`) that forwards `tools/list` and
/// `tools/call` to the gateway of a running approval server, for agents that launch MCP
/// servers as subprocesses. The upstream connection is made on first use and remade after a
/// failure, so the proxy outlives a restart of the approval server.
public actor MCPProxy {
    public let target: ProxyTarget
    private var upstream: Client?

    public init(target: ProxyTarget) {
        self.target = target
    }

    /// Serves `transport` until the client goes away (end of input for stdio).
    public func serve(_ transport: any Transport) async throws {
        let server = Server(
            name: MCPGateway.serverName, version: MCPGateway.serverVersion,
            capabilities: .init(tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { [self] params in
            do {
                return try await forward { try await $0.send(ListTools.request(params)).value }
            } catch {
                throw MCPError.internalError(Self.unreachable)
            }
        }
        await server.withMethodHandler(CallTool.self) { [self] params in
            do {
                return try await forward { try await $0.send(CallTool.request(params)).value }
            } catch {
                return CallTool.Result(content: [.text(text: Self.unreachable, annotations: nil, _meta: nil)], isError: true)
            }
        }
        try await server.start(transport: transport)
        await server.waitUntilCompleted()
        await upstream?.disconnect()
        upstream = nil
    }

    static let unreachable =
        "The approval server is not reachable (is `approval-tui serve` or the console running?); the call did not run."

    private func forward<Output: Sendable>(_ body: @Sendable (Client) async throws -> Output) async throws -> Output {
        let client = try await connected()
        do {
            return try await body(client)
        } catch let error as MCPError {
            if case .internalError = error {
                await client.disconnect()
                if upstream === client { upstream = nil }
            }
            throw error
        }
    }

    private func connected() async throws -> Client {
        if let upstream { return upstream }
        let bearer = "Bearer \(target.token)"
        let transport = HTTPClientTransport(endpoint: target.endpoint, streaming: false) { request in
            var request = request
            request.setValue(bearer, forHTTPHeaderField: "Authorization")
            return request
        }
        let client = Client(name: "approval-tui-mcp-proxy", version: MCPGateway.serverVersion)
        try await client.connect(transport: transport)
        upstream = client
        return client
    }
}

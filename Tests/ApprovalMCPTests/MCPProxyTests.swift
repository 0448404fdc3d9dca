import ApprovalClient
import ApprovalMCP
import ApprovalServer
import Foundation
import MCP
import Testing

@Suite struct MCPProxyTests {
    /// The proxy serving one end of an in-memory pair; the returned client holds the other.
    private func proxiedClient(_ target: ProxyTarget) async throws -> (Client, Task<Void, any Error>) {
        let (clientSide, proxySide) = await InMemoryTransport.createConnectedPair()
        let proxy = MCPProxy(target: target)
        let serving = Task { try await proxy.serve(proxySide) }
        let client = Client(name: "proxy-tests", version: "1.0")
        try await client.connect(transport: clientSide)
        return (client, serving)
    }

    @Test func forwardsToolsAndCallsThroughTheApprovalFlow() async throws {
        let server = try await GatewayTestServer()
        let (client, serving) = try await proxiedClient(ProxyTarget(endpoint: server.endpoint, token: server.agentToken))
        let (tools, _) = try await client.listTools()
        #expect(tools.map(\.name) == ["append_line", "deploy_preview", "echo_free", "get_approval_status"])
        let refused = try await client.call("deploy_preview", [:])
        #expect(refused.isError)
        let pending = try await client.call("append_line", ["via": "proxy"])
        let id = try #require(pending["request_id"]?.stringValue)
        try await server.approve(id)
        let done = try await client.call("get_approval_status", ["request_id": .string(id)])
        #expect(done["tool_result"]?["stdout"] == #"{"via":"proxy"}"#)
        #expect(server.runs == 1)
        await client.disconnect()
        serving.cancel()
        await server.finish()
    }

    @Test func anUnreachableServerIsAToolErrorThatSaysSo() async throws {
        let server = try await GatewayTestServer()
        let target = ProxyTarget(endpoint: server.endpoint, token: server.agentToken)
        await server.finish()
        let (client, serving) = try await proxiedClient(target)
        let answer = try await client.call("echo_free", ["text": "hi"])
        #expect(answer.isError)
        #expect(answer.text.contains("not reachable"))
        await client.disconnect()
        serving.cancel()
    }

    @Test func targetComesFromFlagsOrTheServersDataDir() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("proxy-target-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = ServerDataDirectory(root: root)
        #expect(throws: ProxyTargetError.unreadableToken(directory.agentTokenFile.path)) {
            try ProxyTarget.resolve(url: nil, tokenFile: nil, dataDirectory: directory)
        }
        try "agent-secret\n".write(to: directory.agentTokenFile, atomically: true, encoding: .utf8)
        let fallback = try ProxyTarget.resolve(url: nil, tokenFile: nil, dataDirectory: directory)
        #expect(fallback == ProxyTarget(endpoint: URL(string: "http://127.0.0.1:8600/mcp/v1")!, token: "agent-secret"))
        let serverFile = root.appendingPathComponent("server.json")
        try #"{"host": "127.0.0.1", "port": 9123}"#.write(to: serverFile, atomically: true, encoding: .utf8)
        #expect(try ProxyTarget.resolve(url: nil, tokenFile: nil, dataDirectory: directory).endpoint.absoluteString
            == "http://127.0.0.1:9123/mcp/v1")
        try #"{"url": "http://localhost:9000"}"#.write(to: serverFile, atomically: true, encoding: .utf8)
        #expect(try ProxyTarget.resolve(url: nil, tokenFile: nil, dataDirectory: directory).endpoint.absoluteString
            == "http://localhost:9000/mcp/v1")
        let flagged = try ProxyTarget.resolve(url: "http://127.0.0.1:7000/custom", tokenFile: nil, dataDirectory: directory)
        #expect(flagged.endpoint.absoluteString == "http://127.0.0.1:7000/custom")
        #expect(throws: ProxyTargetError.badURL("ftp://x")) {
            try ProxyTarget.resolve(url: "ftp://x", tokenFile: nil, dataDirectory: directory)
        }
        try "[1]".write(to: serverFile, atomically: true, encoding: .utf8)
        #expect(throws: ProxyTargetError.badServerFile(serverFile.path)) {
            try ProxyTarget.resolve(url: nil, tokenFile: nil, dataDirectory: directory)
        }
    }
}

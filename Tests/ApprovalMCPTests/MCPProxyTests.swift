import ApprovalClient
import ApprovalModel
@testable import ApprovalMCP
import ApprovalServer
import Foundation
import MCP
import Testing

@Suite(.timeLimit(.minutes(2)))
struct MCPProxyTests {
    /// The proxy serving one end of an in-memory pair; the returned client holds the other.
    private func proxiedClient(
        _ target: ProxyTarget, progressInterval: Duration = .seconds(10)
    ) async throws -> (Client, Task<Void, any Error>) {
        let (clientSide, proxySide) = await InMemoryTransport.createConnectedPair()
        // Connected before the client speaks: the SDK's in-memory transport drops a message sent to a
        // side that is not connected yet, and `serve` connects it only once its task runs, so the
        // client's `initialize` was lost now and then and the test hung (seen twice in 20 runs).
        try await proxySide.connect()
        let proxy = MCPProxy(target: target, progressInterval: progressInterval)
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

    /// Port 1 is privileged and unused: the connection is refused at once, and no server of another
    /// test can take it over (the old test used a stopped server's port, which another server could
    /// get and then accept the call without ever answering: the suite once stalled 8 minutes here).
    @Test func anUnreachableServerIsAToolErrorThatSaysSo() async throws {
        let target = ProxyTarget(endpoint: URL(string: "http://127.0.0.1:1/mcp/v1")!, token: "unused")
        let (client, serving) = try await proxiedClient(target)
        let answer = try await within(.seconds(20), "the proxy's answer") { try await client.call("echo_free", ["text": "hi"]) }
        #expect(answer.isError)
        #expect(answer.text.contains("not reachable"))
        #expect(answer.text.contains("did not run"))
        await client.disconnect()
        serving.cancel()
    }

    /// Issue 14, finding 4: a refused token and an oversized body were both reported as "not reachable".
    @Test func eachRefusalOfTheServerHasItsOwnMessage() async throws {
        let server = try await GatewayTestServer()
        func answer(token: String, _ arguments: [String: Value] = ["text": "hi"]) async throws -> CallAnswer {
            let (client, serving) = try await proxiedClient(ProxyTarget(endpoint: server.endpoint, token: token))
            defer { serving.cancel() }
            let answer = try await within(.seconds(20), "the proxy's answer") { try await client.call("echo_free", arguments) }
            await client.disconnect()
            return answer
        }
        let unknown = try await answer(token: "not-a-token")
        #expect(unknown.isError && unknown.text.contains("401") && unknown.text.contains("agent token"), "\(unknown.text)")
        let approver = try await answer(token: server.approverToken)
        #expect(approver.isError && approver.text.contains("403") && approver.text.contains("not an agent token"), "\(approver.text)")
        let huge = try await answer(token: server.agentToken, ["text": .string(String(repeating: "x", count: 2 << 20))])
        #expect(huge.isError && huge.text.contains("413") && huge.text.contains("too large"), "\(huge.text)")
        for refused in [unknown, approver, huge] {
            #expect(!refused.text.contains("not reachable"))
            #expect(refused.text.contains("did not run"))
        }
        #expect(server.runs == 0)
        // And the server still answers the proxy normally afterwards.
        let fine = try await answer(token: server.agentToken)
        #expect(!fine.isError, "\(fine.text)")
        await server.finish()
    }

    /// The statuses no live server here gives: each still names its cause.
    @Test func everyHTTPFailureNamesItsCause() {
        #expect(ProxyFailure(status: 200) == nil)
        #expect(ProxyFailure(status: 422)?.message.contains("HTTP 422") == true)
        #expect(ProxyFailure(status: 500)?.message.contains("HTTP 500") == true)
        #expect(ProxyFailure.lost.message.contains("may have run"))
        let messages = [ProxyFailure.unreachable, .unauthorized, .forbidden, .tooLarge, .unprocessable, .lost].map(\.message)
        #expect(Set(messages).count == messages.count)
    }

    /// Issue 14, finding 1: the proxy's HTTP client gave up after 60 s and told the agent the call
    /// did not run, and an approval afterwards ran it. Now a call the agent cancels is cancelled on
    /// the server at once: an approver sees it cancelled, an approval is refused, the tool never runs.
    @Test func aBlockingCallTheAgentCancelsIsCancelledAndNeverRuns() async throws {
        let server = try await GatewayTestServer(adjusting: Self.blocking())
        let (client, serving) = try await proxiedClient(ProxyTarget(endpoint: server.endpoint, token: server.agentToken))
        let context: RequestContext<CallTool.Result> = try await client.callTool(
            name: "append_line", arguments: ["line": "never"], meta: nil)
        let id = try await server.pendingID()
        try await client.cancelRequest(context.requestID, reason: "the user pressed escape")
        let stored = try await within(.seconds(10), "the cancellation") {
            while try await server.rest("GET", "/api/v1/approval-requests/\(id)")?["status"] == "pending" {
                try await Task.sleep(for: .milliseconds(20))
            }
            return try await server.rest("GET", "/api/v1/approval-requests/\(id)")
        }
        #expect(stored?["status"] == "cancelled")
        try await server.approve(id)
        #expect(try await server.rest("GET", "/api/v1/approval-requests/\(id)")?["status"] == "cancelled")
        try await Task.sleep(for: .milliseconds(200))
        #expect(server.runs == 0)
        await client.disconnect()
        serving.cancel()
        await server.finish()
    }

    /// The proxy waits as long as the server does: a blocking call that nobody decides ends with the
    /// server's own answer (expired), not with a proxy timeout; and with a progressToken the agent
    /// hears from the proxy while it waits.
    @Test func aBlockingCallWaitsForTheServerAndReportsProgress() async throws {
        let server = try await GatewayTestServer(adjusting: Self.blocking(timeoutSeconds: 2))
        let (client, serving) = try await proxiedClient(
            ProxyTarget(endpoint: server.endpoint, token: server.agentToken), progressInterval: .milliseconds(200))
        let heard = Counter()
        await client.onNotification(ProgressNotification.self) { message in
            if message.params.progressToken == .string("wait-1") { heard.add() }
        }
        let answer = try await within(.seconds(20), "the blocking call") {
            try await client.callTool(
                name: "append_line", arguments: ["line": "late"], meta: Metadata(progressToken: .string("wait-1")))
        }
        let body = answer.content.compactMap { if case .text(let text, _, _) = $0 { text } else { nil } }.joined()
        #expect(body.contains(#""status":"expired""#), "\(body)")
        #expect(heard.value >= 3, "progress notifications: \(heard.value)")
        #expect(server.runs == 0)
        await client.disconnect()
        serving.cancel()
        await server.finish()
    }

    /// `append_line` under a blocking (sync) policy.
    static func blocking(timeoutSeconds: Int = 120) -> (inout PolicySet) -> Void {
        { policies in
            policies.policies = [
                ServerPolicy(
                    name: "blocking", tools: ["append_line"], timeoutSeconds: timeoutSeconds, justification: .none,
                    isAsync: false)
            ]
        }
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

/// A count shared with a notification handler.
final class Counter: @unchecked Sendable {
    // Safe: `count` is only touched under `lock`.
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

import ApprovalClient
import ApprovalModel
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `approval-tui mcp` as an agent runs it: the built binary, newline-delimited JSON-RPC on its
/// stdin and stdout.
@Suite(.timeLimit(.minutes(2)))
struct MCPStdioCommandTests {
    private let binary = GatewayTestServer.builtProduct("approval-tui")

    @Test func theMcpCommandCarriesAGuardedCallThroughApprovalOverStdio() async throws {
        try await withProxy { agent, server in try await converse(agent, server) }
    }

    /// `approval-tui mcp` against a fresh gateway test server; both are stopped however `body` ends.
    private func withProxy(
        _ start: () async throws -> GatewayTestServer = { try await GatewayTestServer() },
        _ body: (StdioAgent, GatewayTestServer) async throws -> Void
    ) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build approval-tui first")
        let server = try await start()
        let agent = try StdioAgent(
            binary, ["mcp", "--url", "http://127.0.0.1:\(server.port)", "--token-file", server.server.dataDirectory.agentTokenFile.path])
        do {
            try await body(agent, server)
        } catch {
            await agent.stop()
            await server.finish()
            throw error
        }
        await agent.stop()
        await server.finish()
    }

    /// Issue 14, finding 5: a line that is not JSON got an answer with a made-up id, and bad params
    /// (`arguments: [1,2]`, no `name`) got -32603 "The data isn't in the correct format".
    @Test func malformedMessagesGetTheJSONRPCErrorCodesOfTheSpec() async throws {
        let cases: [(line: String, code: Int64, id: JSONValue)] = [
            (#"{"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {"name": "#, -32700, .null),
            ("\u{1B}[2J not json", -32700, .null),
            (#"{"jsonrpc": "2.0", "id": 6}"#, -32600, 6),
            (#"{"jsonrpc": "1.0", "id": 7, "method": "tools/list"}"#, -32600, 7),
            (#"[]"#, -32600, .null),
            (#"{"jsonrpc": "2.0", "id": 8, "method": "tools/call", "params": {"name": "echo_free", "arguments": [1, 2]}}"#, -32602, 8),
            (#"{"jsonrpc": "2.0", "id": "nine", "method": "tools/call", "params": {"arguments": {}}}"#, -32602, "nine"),
            (#"{"jsonrpc": "2.0", "id": 10, "method": "tools/call", "params": {"name": "echo_free", "arguments": {"n": 18446744073709551616}}}"#, -32602, 10),
        ]
        try await withProxy { agent, server in
            for item in cases {
                try agent.sendLine(item.line)
                let answer = try await agent.nextMessage()
                #expect(answer["error"]?["code"] == .integer(item.code), "\(item.line) -> \(answer)")
                #expect(answer["id"] == item.id, "\(item.line) -> \(answer)")
            }
            // The session goes on: the next good request is answered normally.
            let list = try await agent.request(11, "tools/list", [:])
            #expect(list["result"]?["tools"]?.arrayValue?.isEmpty == false)
            #expect(try await server.rest("GET", "/api/v1/approval-requests") == [])
        }
    }

    /// Issue 14 (attacker's review), F4 and F7: ids the spec does not allow got no answer at all
    /// (1.5, 2^97) or `"id":""` (null, and the request was created); a batch was answered normally.
    @Test func badIDsAndBatchesGetTheSpecsErrorAndAllowedIDsAreEchoedExactly() async throws {
        try await withProxy { agent, server in
            for item in HostileMessages.refused {
                try agent.sendLine(item.line)
                let answer = try await agent.nextMessage()
                #expect(answer["error"]?["code"] == .integer(item.code), "\(item.line) -> \(answer)")
                #expect(answer["id"] == item.id, "\(item.line) -> \(answer)")
            }
            #expect(try await server.rest("GET", "/api/v1/approval-requests") == [])
            for allowed in HostileMessages.allowedIDs {
                try agent.sendLine(HostileMessages.call(id: allowed.text))
                let answer = try await agent.nextMessage()
                #expect(answer["id"] == allowed.id, "\(allowed.text) -> \(answer)")
                #expect(answer["result"] != nil, "\(allowed.text) -> \(answer)")
            }
        }
    }

    /// Issue 14 (attacker's review), F5: the proxy re-encoded the gateway's answers, so C1 controls
    /// and bidi overrides (from an upstream, an echoed name, a string id) reached stdout raw.
    @Test func everyLineTheProxyWritesIsTerminalSafe() async throws {
        try await withProxy({ try await UpstreamTests.started() }) { agent, _ in
            let lines = [
                HostileMessages.hostileEcho,
                #"{"jsonrpc": "2.0", "id": 2, "method": "tools/list"}"#,
                #"{"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "fx__odd", "arguments": {}}}"#,
            ]
            var answers: [String] = []
            for line in lines {
                try agent.sendLine(line)
                answers.append(try await agent.nextRawLine())
            }
            for answer in answers { #expect(isTerminalSafe(answer), "\(answer)") }
            #expect(answers[0].contains(#""id":"id\u009b\u202e""#), "\(answers[0])")
            #expect(answers[1].contains(#"Odd \u009b2J words\u202e"#), "\(answers[1])")
            #expect(answers[2].contains(#""k\u009b":"v\u202e""#), "\(answers[2])")
        }
    }

    /// Issue 14, finding 1, through the real binary: an agent that goes away while its blocking call
    /// waits (its end of the pipe closes, as when the agent exits) cancels the request; an approval
    /// afterwards is refused and the tool never runs.
    @Test func aBlockingCallWhoseStdioAgentGoesAwayIsCancelledAndNeverRuns() async throws {
        try await withProxy({ try await GatewayTestServer(adjusting: MCPProxyTests.blocking()) }) { agent, server in
            _ = try await agent.request(1, "initialize", [
                "protocolVersion": "2025-06-18", "capabilities": [:], "clientInfo": ["name": "stdio-test", "version": "1"],
            ])
            try agent.notify("notifications/initialized")
            try agent.sendLine(
                #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"append_line","arguments":{"line":"left"}}}"#)
            let id = try await server.pendingID()
            await agent.stop()
            try await server.expectCancelledAndNeverRun(id)
        }
    }

    private func converse(_ agent: StdioAgent, _ server: GatewayTestServer) async throws {
        let hello = try await agent.request(1, "initialize", [
            "protocolVersion": "2025-06-18", "capabilities": [:], "clientInfo": ["name": "stdio-test", "version": "1"],
        ])
        #expect(hello["result"]?["serverInfo"]?["name"] == "approval-tui")
        try agent.notify("notifications/initialized")
        let list = try await agent.request(2, "tools/list", [:])
        let names = list["result"]?["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["append_line", "deploy_preview", "echo_free", "get_approval_status"])

        let call = try await agent.request(3, "tools/call", ["name": "append_line", "arguments": ["via": "stdio"]])
        let pending = try #require(call["result"]?["structuredContent"])
        #expect(pending["status"] == "pending_approval")
        let id = try #require(pending["request_id"]?.stringValue)
        try await server.approve(id)
        let status = try await agent.request(4, "tools/call", ["name": "get_approval_status", "arguments": ["request_id": .string(id)]])
        #expect(status["result"]?["structuredContent"]?["tool_result"]?["stdout"] == #"{"via":"stdio"}"#)
        #expect(server.runs == 1)
    }
}

/// A child process spoken to in newline-delimited JSON-RPC.
private final class StdioAgent: @unchecked Sendable {
    // Safe: `buffer` is only touched under `lock`; the rest is set in `init`.
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let lock = NSLock()
    private var buffer = Data()

    init(_ executable: URL, _ arguments: [String]) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    func notify(_ method: String) throws {
        try send(["jsonrpc": "2.0", "method": .string(method)])
    }

    /// Sends a request and waits for the line that answers it.
    func request(_ id: Int, _ method: String, _ params: JSONValue) async throws -> JSONValue {
        try send(["jsonrpc": "2.0", "id": .integer(Int64(id)), "method": .string(method), "params": params])
        while true {
            let message = try await nextMessage()
            if message["id"] == .integer(Int64(id)) { return message }
        }
    }

    /// Writes `text` and a newline exactly (any bytes, valid JSON or not).
    func sendLine(_ text: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data((text + "\n").utf8))
    }

    /// The next message the child writes, within 20 s: a child that does not answer is killed,
    /// so the test fails instead of hanging the suite.
    func nextMessage() async throws -> JSONValue {
        let line = try await within(.seconds(20), "an answer from approval-tui mcp") { try await self.nextLine() }
        return try JSONDecoder().decode(JSONValue.self, from: line)
    }

    /// The next line the child writes, as it is (within 20 s).
    func nextRawLine() async throws -> String {
        let line = try await within(.seconds(20), "an answer from approval-tui mcp") { try await self.nextLine() }
        return String(decoding: line, as: UTF8.self)
    }

    private func send(_ message: JSONValue) throws {
        try input.fileHandleForWriting.write(contentsOf: Data((message.compactText + "\n").utf8))
    }

    private func nextLine() async throws -> Data {
        while true {
            let line: Data? = lock.withLock {
                guard let end = buffer.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
                let line = buffer[buffer.startIndex..<end]
                buffer = Data(buffer[(end + 1)...])
                return Data(line)
            }
            if let line { return line }
            let handle = output.fileHandleForReading
            let process = self.process
            // A blocking read, on a thread of its own: never on the tests' cooperative pool. When the
            // bound runs out, the child is killed, which ends the read.
            let chunk = await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    DispatchQueue.global().async { continuation.resume(returning: handle.availableData) }
                }
            } onCancel: {
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            }
            if chunk.isEmpty { throw StdioAgentClosed() }
            lock.withLock { buffer.append(chunk) }
        }
    }

    /// Closes stdin (the proxy exits at end of input) and makes sure the child is gone.
    func stop() async {
        try? input.fileHandleForWriting.close()
        for _ in 0..<100 where process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

private struct StdioAgentClosed: Error {}

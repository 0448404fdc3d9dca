import ApprovalClient
import Foundation
import Testing

/// `approval-tui mcp` as an agent runs it: the built binary, newline-delimited JSON-RPC on its
/// stdin and stdout.
@Suite struct MCPStdioCommandTests {
    private let binary = GatewayTestServer.builtProduct("approval-tui")

    @Test func theMcpCommandCarriesAGuardedCallThroughApprovalOverStdio() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build approval-tui first")
        let server = try await GatewayTestServer()
        let agent = try StdioAgent(
            binary, ["mcp", "--url", "http://127.0.0.1:\(server.port)", "--token-file", server.server.dataDirectory.agentTokenFile.path])
        do {
            try await converse(agent, server)
        } catch {
            await agent.stop()
            await server.finish()
            throw error
        }
        await agent.stop()
        await server.finish()
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
            let line = try await nextLine()
            let message = try JSONDecoder().decode(JSONValue.self, from: line)
            if message["id"] == .integer(Int64(id)) { return message }
        }
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
            // A blocking read, on a thread of its own: never on the tests' cooperative pool.
            let chunk = await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: handle.availableData) }
            }
            if chunk.isEmpty { throw StdioAgentClosed() }
            lock.withLock { buffer.append(chunk) }
        }
    }

    /// Closes stdin (the proxy exits at end of input) and makes sure the child is gone.
    func stop() async {
        try? input.fileHandleForWriting.close()
        for _ in 0..<100 where process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { process.terminate() }
    }
}

private struct StdioAgentClosed: Error {}

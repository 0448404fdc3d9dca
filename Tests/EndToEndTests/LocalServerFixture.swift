import ApprovalClient
import ApprovalMCP
import ApprovalModel
import ApprovalServer
import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real local server, in this test process on 127.0.0.1 port 0, with its own data folder,
/// plus private state and config folders for the console under test.
final class LocalServerFixture: @unchecked Sendable {
    // Safe: every field is set in `init` and only read afterwards.
    let root: URL
    let server: ApprovalServer
    let port: UInt16

    /// - Parameter gateway: mount the MCP gateway at `/mcp/v1`, as the embedded server does.
    init(policies: PolicySet? = nil, gateway: Bool = false) async throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("atui-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var configuration = ApprovalServerConfiguration(
            port: 0, dataDirectory: root.appendingPathComponent("server"), clock: { Date() }, policies: policies)
        if gateway { MCPGateway.install(into: &configuration) }
        server = ApprovalServer(configuration: configuration)
        port = try await server.start()
    }

    var url: String { "http://127.0.0.1:\(port)" }
    var approverTokenFile: String { server.dataDirectory.approverTokenFile.path }
    var agentToken: String {
        get throws {
            try String(contentsOf: server.dataDirectory.agentTokenFile, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// The environment a console under test runs with: private state and config, a known terminal.
    var consoleEnvironment: [String: String] {
        [
            "XDG_STATE_HOME": root.appendingPathComponent("state").path,
            "XDG_CONFIG_HOME": root.appendingPathComponent("config").path,
            "HOME": root.path,
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            // The mono theme (NO_COLOR) draws the focused row in reverse video, which `selectedRow()` reads.
            "NO_COLOR": "1",
        ]
    }

    /// The console's command line for this server.
    func consoleArguments(_ extra: [String] = []) -> [String] {
        [BuiltBinary.url.path, "--server", url, "--token-file", approverTokenFile] + extra
    }

    /// A client with the approver token, to check what the server recorded.
    func approverClient() throws -> PreloopClient {
        let token = try String(contentsOf: server.dataDirectory.approverTokenFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return try PreloopClient(server: url, token: token, transport: URLSessionTransport(timeout: 10))
    }

    /// An agent's tool call through the agent API; returns the request id when it waits for approval.
    @discardableResult
    func submitToolCall(_ tool: String, args: JSONValue, justification: String?) async throws -> String? {
        var request = URLRequest(url: URL(string: url + "/api/v1/agent/tool-calls")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(try agentToken)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let body: JSONValue = [
            "tool_name": .string(tool), "tool_args": args,
            "justification": justification.map { .string($0) } ?? .null, "agent_name": "e2e-agent",
        ]
        request.httpBody = try JSONEncoder().encode(body)
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 || status == 202 else {
            throw FixtureError("tool call \(tool) answered \(status): \(String(decoding: data, as: UTF8.self))")
        }
        return try JSONDecoder().decode(JSONValue.self, from: data)["request_id"]?.stringValue
    }

    /// Stops the server but keeps every folder (the console's cached state survives).
    func stopServerOnly() async {
        await server.stop()
    }

    func stop() async {
        await server.stop()
        try? FileManager.default.removeItem(at: root)
    }

    struct FixtureError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

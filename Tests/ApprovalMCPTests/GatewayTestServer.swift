import ApprovalClient
import ApprovalModel
import ApprovalMCP
import ApprovalServer
import Foundation
import MCP
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An in-process approval server with the MCP gateway mounted, on 127.0.0.1 port 0, with a real
/// SQLite file in a temp dir. Every raw MCP answer it fetched is kept in `rawAnswers`.
final class GatewayTestServer: @unchecked Sendable {
    // Safe: the stored properties are set in `init`; `rawAnswers` is only touched under `lock`.
    let directory: URL
    let server: ApprovalServer
    let port: UInt16
    let session: URLSession
    /// A file the `append_line` tool appends one line to per run.
    let runLog: URL
    private let lock = NSLock()
    private var answers: [String] = []
    /// False once ``stopKeepingData()`` handed the data directory to the next server.
    private var ownsDirectory = true

    /// - Parameters:
    ///   - policies: instead of ``policies(runLog:)``.
    ///   - upstreams: the pool for `[[upstream]]` servers, if the test has any.
    ///   - adjusting: changes to ``policies(runLog:)`` (so `append_line` still logs to `runLog`).
    ///   - reusing: the data directory of a server stopped by ``stopKeepingData()`` (a restart).
    init(
        policies: PolicySet? = nil, upstreams: UpstreamPool? = nil, adjusting: ((inout PolicySet) -> Void)? = nil,
        reusing: URL? = nil
    ) async throws {
        directory = reusing ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("approval-mcp-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        runLog = directory.appendingPathComponent("runs.log")
        session = URLSession(configuration: .ephemeral)
        var chosen = policies ?? Self.policies(runLog: runLog)
        adjusting?(&chosen)
        server = ApprovalServer(configuration: .init(
            port: 0, dataDirectory: directory, policies: chosen,
            mounts: [MCPGateway.mount(upstreams: upstreams)], externalTools: upstreams))
        port = try await server.start()
    }

    /// An executable built next to the test bundle in `.build/<config>/`.
    static func builtProduct(_ name: String) -> URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent(name)
    }

    /// `append_line` (approval, reason optional) appends to `runLog` and echoes its arguments;
    /// `deploy_preview` needs approval with a reason; `echo_free` runs unguarded (the set allows unmatched tools).
    static func policies(runLog: URL) -> PolicySet {
        PolicySet(
            policies: [
                ServerPolicy(name: "destructive", tools: ["deploy*"], justification: .required),
                ServerPolicy(name: "guarded", tools: ["append_line"], timeoutSeconds: 120, justification: .optional),
            ],
            tools: [
                ServerTool(
                    name: "append_line", description: "Appends a line",
                    command: ["/bin/sh", "-c", "echo ran >> \"$0\"; cat", runLog.path]),
                ServerTool(name: "deploy_preview", description: "Deploys a preview"),
                ServerTool(name: "echo_free", description: "Echoes", command: ["cat"]),
            ],
            allowsUnmatchedTools: true)
    }

    func finish() async {
        session.invalidateAndCancel()
        await server.stop()
        if lock.withLock({ ownsDirectory }) { try? FileManager.default.removeItem(at: directory) }
    }

    /// Stops the server and leaves its data for a server started with `reusing: directory`.
    func stopKeepingData() async {
        lock.withLock { ownsDirectory = false }
        session.invalidateAndCancel()
        await server.stop()
    }

    deinit {
        session.invalidateAndCancel()
        let server = self.server
        let directory = self.directory
        let owns = lock.withLock { ownsDirectory }
        Task {
            await server.stop()
            if owns { try? FileManager.default.removeItem(at: directory) }
        }
    }

    var endpoint: URL { URL(string: "http://127.0.0.1:\(port)/mcp/v1")! }
    var approverToken: String { token(server.dataDirectory.approverTokenFile) }
    var agentToken: String { token(server.dataDirectory.agentTokenFile) }
    var rawAnswers: [String] { lock.withLock { answers } }

    private func token(_ file: URL) -> String {
        ((try? String(contentsOf: file, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A second agent token.
    func newAgentToken() throws -> String {
        try ApprovalServer.createToken(role: .agent, name: "other-agent", dataDirectory: directory)
    }

    /// The SDK's client over streamable HTTP with `token` as bearer.
    func client(token: String? = nil) async throws -> Client {
        let bearer = "Bearer \(token ?? agentToken)"
        let transport = HTTPClientTransport(endpoint: endpoint, streaming: false) { request in
            var request = request
            request.setValue(bearer, forHTTPHeaderField: "Authorization")
            return request
        }
        let client = Client(name: "gateway-tests", version: "1.0")
        try await client.connect(transport: transport)
        return client
    }

    /// One JSON-RPC request posted by hand; returns the HTTP status and keeps the body.
    @discardableResult
    func rawMCP(_ method: String, _ params: JSONValue, token: String?) async throws -> (status: Int, body: String) {
        let body: JSONValue = ["jsonrpc": "2.0", "id": 1, "method": .string(method), "params": params]
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        request.httpBody = try JSONEncoder().encode(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json, text/event-stream", forHTTPHeaderField: "Accept")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await session.data(for: request)
        let text = String(decoding: data, as: UTF8.self)
        lock.withLock { answers.append(text) }
        return ((response as! HTTPURLResponse).statusCode, text)
    }

    /// A JSON-RPC body posted exactly as `text`; returns the HTTP status and the body.
    func rawMCPText(_ text: String, token: String?) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        request.httpBody = Data(text.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json, text/event-stream", forHTTPHeaderField: "Accept")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await session.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
    }

    /// An approver REST call; the answer's JSON.
    @discardableResult
    func rest(_ method: String, _ path: String, body: JSONValue? = nil) async throws -> JSONValue? {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.setValue("Bearer \(approverToken)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = try JSONEncoder().encode(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, _) = try await session.data(for: request)
        return try? JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// The id of the first pending request, once there is one (within 10 s).
    func pendingID() async throws -> String {
        try await within(.seconds(10), "a pending request") {
            while true {
                let list = try await self.rest("GET", "/api/v1/approval-requests?status=pending")
                if let id = list?.arrayValue?.first?["id"]?.stringValue { return id }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    func approve(_ requestID: String) async throws {
        try await rest("POST", "/api/v1/approval-requests/\(requestID)/approve", body: ["approved": true, "comment": "ok"])
    }

    /// How many times `append_line` ran.
    /// After the client of a blocking call went away: the request turns `cancelled` (within 10 s),
    /// an approval afterwards is refused, and the tool never runs.
    func expectCancelledAndNeverRun(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let status = try await within(.seconds(10), "the cancellation") {
            while true {
                let row = try await self.rest("GET", "/api/v1/approval-requests/\(id)")
                if row?["status"] != "pending" { return row?["status"] }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        #expect(status == "cancelled", sourceLocation: sourceLocation)
        try await approve(id)
        #expect(try await rest("GET", "/api/v1/approval-requests/\(id)")?["status"] == "cancelled", sourceLocation: sourceLocation)
        try await Task.sleep(for: .milliseconds(200))
        #expect(runs == 0, sourceLocation: sourceLocation)
    }

    var runs: Int {
        ((try? String(contentsOf: runLog, encoding: .utf8)) ?? "").split(separator: "\n").count
    }
}

/// A tool result read back: the error flag and the JSON its text holds (nil for plain text).
struct CallAnswer {
    var isError: Bool
    var text: String
    var json: JSONValue?

    subscript(key: String) -> JSONValue? { json?[key] }
}

extension Client {
    func call(_ name: String, _ arguments: [String: Value] = [:]) async throws -> CallAnswer {
        let (content, isError) = try await callTool(name: name, arguments: arguments)
        var text = ""
        for item in content {
            if case .text(let part, _, _) = item { text += part }
        }
        return CallAnswer(
            isError: isError ?? false, text: text, json: try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)))
    }
}

extension JSONValue {
    var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}

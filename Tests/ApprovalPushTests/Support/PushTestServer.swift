import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An in-process approval server on 127.0.0.1 with a real SQLite file in a temp dir, plus the
/// HTTP calls the push tests make as an agent and as an approver.
final class PushTestServer: @unchecked Sendable {
    // Safe: `server` and `port` change only in `restart`/`stop`, which a test calls from one task.
    let directory: URL
    let push: PushSettings
    /// The server's wall time; tests move it with ``advance(by:)``.
    let clock = MovableClock()
    private(set) var server: ApprovalServer
    private(set) var port: UInt16 = 0
    private let session = URLSession(configuration: .ephemeral)

    static let policies = PolicySet(
        policies: [
            ServerPolicy(name: "quorum", tools: ["send_payment"], approvalsRequired: 2),
            ServerPolicy(name: "short", tools: ["quick_*"], timeoutSeconds: 5),
            ServerPolicy(name: "default", tools: ["*"]),
        ],
        flows: [
            FlowDefinition(
                name: "echo", command: [
                    "/bin/sh", "-c",
                    "echo \(FlowMarkers.execStartMarker); echo started-line; echo \(FlowMarkers.successSentinel)",
                ],
                prompt: "say hello")
        ])

    init(push: PushSettings = PushSettings()) async throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("approval-push-\(UUID().uuidString)", isDirectory: true)
        self.push = push
        server = Self.makeServer(directory, port: 0, push: push, clock: clock)
        port = try await server.start()
    }

    private static func makeServer(_ directory: URL, port: UInt16, push: PushSettings, clock: MovableClock) -> ApprovalServer {
        var configuration = ApprovalServerConfiguration(
            port: port, dataDirectory: directory, clock: { clock.now }, policies: policies,
            flowStopGrace: .milliseconds(200))
        configuration.push = push
        return ApprovalServer(configuration: configuration)
    }

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }
    var socketURL: String { "ws://127.0.0.1:\(port)/api/v1/ws/unified" }

    func token(_ role: TokenRole) throws -> String {
        try String(contentsOf: server.dataDirectory.tokenFile(for: role), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops the server; `start()` brings it back on the same port and data dir.
    func stop() async { await server.stop() }

    func start() async throws {
        server = Self.makeServer(directory, port: port, push: push, clock: clock)
        port = try await server.start()
    }

    /// Stops the server and removes the temp dir.
    func finish() async {
        session.invalidateAndCancel()
        await server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: - HTTP

    /// `POST /api/v1/agent/tool-calls` as the agent; returns the new request id.
    @discardableResult
    func createRequest(tool: String = "deploy_service", args: JSONValue = ["env": "prod"], justification: String? = "hotfix")
        async throws -> String
    {
        var body: [String: JSONValue] = ["tool_name": .string(tool), "tool_args": args]
        if let justification { body["justification"] = .string(justification) }
        let answer = try await call("POST", "api/v1/agent/tool-calls", token: try token(.agent), body: .object(body))
        guard case .string(let id)? = answer["request_id"] else { throw PushTestFailure("no request_id in \(answer)") }
        return id
    }

    /// `POST /api/v1/approval-requests/{id}/approve|decline` as the approver (or `token`).
    func decide(_ id: String, approve: Bool, token: String? = nil) async throws {
        let path = "api/v1/approval-requests/\(id)/\(approve ? "approve" : "decline")"
        _ = try await call("POST", path, token: try token ?? self.token(.approver), body: ["approved": .bool(approve)])
    }

    func call(_ method: String, _ path: String, token: String? = nil, body: JSONValue? = nil) async throws -> JSONValue {
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = try JSONEncoder().encode(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        guard let status = (response as? HTTPURLResponse)?.statusCode, (200..<300).contains(status) else {
            throw PushTestFailure("\(method) \(path): \(String(decoding: data, as: UTF8.self))")
        }
        return try JSONDecoder().decode(JSONValue.self, from: data)
    }
}

struct PushTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    // Safe: `current` is only touched under `lock`.
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_790_000_000.25)

    var now: Date { lock.withLock { current } }
    func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// One HTTP answer.
struct Answer: Sendable {
    var status: Int
    var json: JSONValue?
    var headers: [String: String]
    var text: String

    subscript(key: String) -> JSONValue? { json?[key] }
}

/// An in-process server on 127.0.0.1 port 0 with a real SQLite file in a temp dir.
final class TestServer: @unchecked Sendable {
    // Safe: the fields are set in `init` and `restart`, which tests call from one task.
    let directory: URL
    let clock = TestClock()
    let policies: PolicySet?
    let limits: HTTPLimits
    private(set) var server: ApprovalServer
    private(set) var port: UInt16 = 0
    let session: URLSession
    /// Whether this object made the temp dir (and so removes it).
    private let ownsDirectory: Bool

    init(
        policies: PolicySet? = TestServer.defaultPolicies, directory: URL? = nil, limits: HTTPLimits = HTTPLimits(),
        requestLog: (@Sendable (String) -> Void)? = nil, problemLog: (@Sendable (String) -> Void)? = nil,
        database: PostgresLocation? = nil, replica: String? = nil
    ) async throws {
        self.database = database
        self.replica = replica
        self.directory = directory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("approval-server-\(UUID().uuidString)", isDirectory: true)
        ownsDirectory = directory == nil
        self.policies = policies
        self.limits = limits
        self.requestLog = requestLog
        self.problemLog = problemLog
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 64
        configuration.timeoutIntervalForRequest = 120
        session = URLSession(configuration: configuration)
        server = Self.makeServer(
            self.directory, clock, policies, limits, requestLog, problemLog, database: database, replica: replica)
        port = try await server.start()
    }

    private let requestLog: (@Sendable (String) -> Void)?
    private let problemLog: (@Sendable (String) -> Void)?
    /// The shared PostgreSQL database this server is a replica on (nil: SQLite in `directory`).
    let database: PostgresLocation?
    let replica: String?

    private func makeServer() -> ApprovalServer {
        Self.makeServer(directory, clock, policies, limits, requestLog, problemLog, database: database, replica: replica)
    }

    private static func makeServer(
        _ directory: URL, _ clock: TestClock, _ policies: PolicySet?, _ limits: HTTPLimits,
        _ requestLog: (@Sendable (String) -> Void)?, _ problemLog: (@Sendable (String) -> Void)?,
        database: PostgresLocation?, replica: String?
    ) -> ApprovalServer {
        var configuration = ApprovalServerConfiguration(
            port: 0, dataDirectory: directory, clock: { clock.now }, policies: policies,
            flowStopGrace: .milliseconds(300), requestLog: requestLog)
        configuration.limits = limits
        configuration.problemLog = problemLog
        configuration.database = database
        configuration.replica = replica
        return ApprovalServer(configuration: configuration)
    }

    /// A client for a server running elsewhere (a child process) on `directory`.
    init(remotePort: UInt16, directory: URL) async throws {
        self.directory = directory
        ownsDirectory = false
        policies = nil
        limits = HTTPLimits()
        requestLog = nil
        problemLog = nil
        database = nil
        replica = nil
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 64
        session = URLSession(configuration: configuration)
        server = ApprovalServer(configuration: .init(port: 0, dataDirectory: directory))
        port = remotePort
    }

    /// Stops the server and starts a new one on the same data dir.
    func restart() async throws {
        await server.stop()
        server = makeServer()
        port = try await server.start()
    }

    /// Stops the server and removes the temp dir.
    func finish() async {
        session.invalidateAndCancel()
        await server.stop()
        if ownsDirectory { try? FileManager.default.removeItem(at: directory) }
    }

    /// A test that threw before `finish()` still leaves no server or temp dir behind.
    deinit {
        session.invalidateAndCancel()
        let server = self.server
        let directory = ownsDirectory ? self.directory : nil
        Task {
            await server.stop()
            if let directory { try? FileManager.default.removeItem(at: directory) }
        }
    }

    var approverToken: String { token(server.dataDirectory.approverTokenFile) }
    var agentToken: String { token(server.dataDirectory.agentTokenFile) }

    private func token(_ file: URL) -> String {
        ((try? String(contentsOf: file, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func call(
        _ method: String, _ path: String, token: String?, body: Data? = nil, headers: [String: String] = [:]
    ) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers["\(key)".lowercased()] = "\(value)" }
        return Answer(
            status: http.statusCode, json: try? JSONDecoder().decode(JSONValue.self, from: data), headers: headers,
            text: String(decoding: data, as: UTF8.self))
    }

    func call(
        _ method: String, _ path: String, token: String?, json: JSONValue, headers: [String: String] = [:]
    ) async throws -> Answer {
        try await call(method, path, token: token, body: try JSONEncoder().encode(json), headers: headers)
    }

    // MARK: Shortcuts

    func createToolCall(_ tool: String, args: JSONValue = [:], justification: String? = nil, token: String? = nil) async throws -> Answer {
        var body: [String: JSONValue] = ["tool_name": .string(tool), "tool_args": args, "agent_name": "test-agent"]
        body["justification"] = justification.map(JSONValue.string) ?? .null
        return try await call("POST", "/api/v1/agent/tool-calls", token: token ?? agentToken, json: .object(body))
    }

    func poll(_ id: String, token: String? = nil) async throws -> Answer {
        try await call("GET", "/api/v1/agent/tool-calls/\(id)", token: token ?? agentToken)
    }

    func decide(
        _ id: String, _ verb: String = "approve", approved: Bool = true, comment: String? = nil, token: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> Answer {
        try await call(
            "POST", "/api/v1/approval-requests/\(id)/\(verb)", token: token ?? approverToken,
            json: ["approved": .bool(approved), "comment": comment.map(JSONValue.string) ?? .null], headers: headers)
    }

    /// The starter rules plus a quorum policy and a few tools for tests.
    static let defaultPolicies = PolicySet(
        policies: [
            ServerPolicy(name: "quorum", tools: ["send_payment"], approvalsRequired: 2, justification: .optional),
            ServerPolicy(name: "open", tools: ["read_*"], justification: .none),
        ] + PolicySet.starter.policies,
        tools: [ServerTool(name: "deploy_service", description: "Deploy")])
}

extension JSONValue {
    var intValue: Int? {
        if case .integer(let number) = self { return Int(number) }
        return nil
    }

    var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// Every object key anywhere inside.
    var allKeys: [String] {
        switch self {
        case .object(let members): members.keys.map { $0 } + members.values.flatMap(\.allKeys)
        case .array(let items): items.flatMap(\.allKeys)
        default: []
        }
    }
}

import FlyingFox
import FlyingSocks
import Foundation

/// The Preloop-compatible approval server, usable in-process.
///
/// ```swift
/// let server = ApprovalServer(configuration: .init(port: 0, dataDirectory: dir))
/// let port = try await server.start()      // accepting connections when this returns
/// let token = try String(contentsOf: server.dataDirectory.approverTokenFile, encoding: .utf8)
/// await server.stop()
/// ```
public actor ApprovalServer {
    public let configuration: ApprovalServerConfiguration
    private var http: HTTPServer?
    private var runTask: Task<Void, Never>?
    private var flows: FlowRunner?
    private var push: PushBroadcaster?
    /// The bound port while running.
    public private(set) var port: UInt16?

    public init(configuration: ApprovalServerConfiguration) {
        self.configuration = configuration
    }

    public nonisolated var dataDirectory: ServerDataDirectory { configuration.dataDirectory }

    /// Opens (or creates) the data dir, then listens. Returns once connections are accepted.
    @discardableResult
    public func start() async throws -> UInt16 {
        if let port { return port }
        signal(SIGPIPE, SIG_IGN)
        let directory = configuration.dataDirectory
        let clock = configuration.clock
        try directory.create()
        let database = try ServerDatabase(file: directory.databaseFile)
        try Self.ensureTokenFiles(directory, database: database, now: clock())
        let policies = try configuration.policies ?? PolicyFile.loadOrCreate(directory.policiesFile)
        try database.abandonInterruptedExecutions()
        try database.failInterruptedExecutions(at: clock())
        var policyIDs: [String: String] = [:]
        for policy in policies.policies { policyIDs[policy.name] = try database.stableID(kind: "policy", name: policy.name) }
        var flowIDs: [String: String] = [:]
        for flow in policies.flows { flowIDs[flow.name] = try database.stableID(kind: "flow", name: flow.name) }
        let flows = FlowRunner(
            database: database, executionsDirectory: directory.executionsDirectory, clock: clock,
            stopGrace: configuration.flowStopGrace)
        var context = ServerContext(
            database: database, policies: policies, policyIDs: policyIDs, flowIDs: flowIDs, clock: clock,
            toolRunner: ToolRunner(), flows: flows, startedAt: clock(), mounts: configuration.mounts,
            externalTools: configuration.externalTools)
        context.pushSettings = configuration.push
        let router = ServerRouter(
            context: context, routes: ServerRouter.allRoutes, requestLog: configuration.requestLog)
        let server: HTTPServer
        do {
            server = try makeHTTPServer(handler: router)
        } catch {
            throw ServerError.listen("\(configuration.host): not an IP address (use an IPv4 or IPv6 literal, or localhost)")
        }
        let failure = ListenFailure()
        let task = Task {
            do { try await server.run() } catch { failure.record(error) }
        }
        // Wait until the socket listens, or fail at once when binding failed (port in use).
        var waited = 0
        while await !server.isListening {
            if let error = failure.error {
                throw ServerError.listen("\(configuration.host):\(configuration.port): \(Self.describe(error))")
            }
            guard waited < 1000 else {
                task.cancel()
                throw ServerError.listen("\(configuration.host):\(configuration.port): not listening after 10 s")
            }
            waited += 1
            try? await Task.sleep(for: .milliseconds(10))
        }
        guard let address = await server.listeningAddress else {
            task.cancel()
            throw ServerError.listen("\(configuration.host):\(configuration.port)")
        }
        let bound: UInt16
        switch address {
        case .ip4(_, let port), .ip6(_, let port): bound = port
        case .unix: bound = configuration.port
        }
        ListeningSocketTuning.disableNagle(onListenerAt: bound)
        await configuration.externalTools?.start(policies.upstreams)
        http = server
        runTask = task
        self.flows = flows
        push = database.push
        port = bound
        return bound
    }

    /// Suspends until the server stops (`stop()` from elsewhere, or the listener failing).
    /// For `approval-tui serve`: `try await server.start(); print(…); await server.waitUntilStopped()`.
    public func waitUntilStopped() async {
        await runTask?.value
    }

    /// Stops listening, kills running flow processes, and waits for the server task to end.
    public func stop() async {
        guard let http else { return }
        push?.closeAll()
        await http.stop(timeout: 0.2)
        runTask?.cancel()
        _ = await runTask?.value
        await flows?.shutdown()
        await configuration.externalTools?.stop()
        self.http = nil
        runTask = nil
        flows = nil
        push = nil
        port = nil
    }

    /// Open unified websocket connections (authenticated or not); 0 when stopped.
    public var pushConnectionCount: Int { push?.connectionCount ?? 0 }

    /// `bind: Address already in use` rather than FlyingSocks' `SocketError. bind(98): …`.
    private static func describe(_ error: any Error) -> String {
        if case .failed(let type, _, let message) = error as? SocketError { return "\(type): \(message)" }
        return "\(error)"
    }

    private func makeHTTPServer(handler: ServerRouter) throws -> HTTPServer {
        let host = configuration.host
        let port = configuration.port
        if host == "localhost" || host == "127.0.0.1" {
            return HTTPServer(address: try sockaddr_in.inet(ip4: "127.0.0.1", port: port), logger: .disabled, handler: handler)
        }
        if host.contains(":") {
            return HTTPServer(address: try sockaddr_in6.inet6(ip6: host, port: port), logger: .disabled, handler: handler)
        }
        return HTTPServer(address: try sockaddr_in.inet(ip4: host, port: port), logger: .disabled, handler: handler)
    }

    /// First start: one approver and one agent token (principals `approver` and `agent`), in files
    /// only the owner can read. Later starts re-register the files' tokens so an edited or restored
    /// file still works; a revoked one stays revoked.
    private static func ensureTokenFiles(_ directory: ServerDataDirectory, database: ServerDatabase, now: Date) throws {
        for role in TokenRole.allCases {
            let file = directory.tokenFile(for: role)
            if let text = try? String(contentsOf: file, encoding: .utf8),
                case let token = text.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty {
                try database.insertToken(token, role: role, name: role.rawValue, at: now)
            } else {
                let token = try database.createToken(role: role, name: role.rawValue, at: now)
                try ServerDataDirectory.writePrivate(token.secret + "\n", to: file)
            }
        }
    }
}

/// The error, if any, that ended the listener task before it was listening.
private final class ListenFailure: @unchecked Sendable {
    // Safe: `stored` is only touched under `lock`.
    private let lock = NSLock()
    private var stored: (any Error)?

    func record(_ error: any Error) { lock.withLock { stored = error } }
    var error: (any Error)? { lock.withLock { stored } }
}

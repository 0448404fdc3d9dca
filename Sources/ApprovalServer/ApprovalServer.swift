import Foundation
import NIOCore

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
    private var http: HTTPListener?
    private var flows: FlowRunner?
    private var push: PushBroadcaster?
    /// Closes the shared database's connections (nothing to do for SQLite).
    private var closeStore: (@Sendable () async -> Void)?
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
        let database: any ServerStore
        var storageGuard: StorageGuard?
        var closeStore: (@Sendable () async -> Void)?
        if let location = configuration.database {
            let replica = configuration.replica ?? "\(PostgresStore.defaultReplica):\(configuration.port)"
            let store = try await PostgresStore.open(location, replica: replica)
            database = store
            closeStore = { await store.close() }
        } else {
            database = try ServerDatabase(file: directory.databaseFile)
            storageGuard = StorageGuard(file: directory.databaseFile)
        }
        do {
            try await Self.ensureTokenFiles(directory, database: database, now: clock())
        } catch {
            await closeStore?()
            throw error
        }
        let policies: PolicySet
        do {
            policies = try configuration.policies ?? PolicyFile.loadOrCreate(directory.policiesFile)
            try await database.abandonInterruptedExecutions()
            try await database.failInterruptedExecutions(at: clock())
            // A blocking call left pending by a killed process has no agent waiting for it any more.
            _ = try await database.cancelOrphanedBlockingRequests(now: clock())
        } catch {
            await closeStore?()
            throw error
        }
        var policyIDs: [String: String] = [:]
        var flowIDs: [String: String] = [:]
        do {
            for policy in policies.policies {
                policyIDs[policy.name] = try await database.stableID(kind: "policy", name: policy.name)
            }
            for flow in policies.flows { flowIDs[flow.name] = try await database.stableID(kind: "flow", name: flow.name) }
        } catch {
            await closeStore?()
            throw error
        }
        let flows = FlowRunner(
            database: database, executionsDirectory: directory.executionsDirectory, clock: clock,
            stopGrace: configuration.flowStopGrace)
        var context = ServerContext(
            database: database, policies: policies, policyIDs: policyIDs, flowIDs: flowIDs, clock: clock,
            toolRunner: ToolRunner(), flows: flows, startedAt: clock(), mounts: configuration.mounts,
            externalTools: configuration.externalTools)
        context.pushSettings = configuration.push
        var router = ServerRouter(
            context: context, routes: ServerRouter.allRoutes, requestLog: configuration.requestLog)
        router.bodyLimit = configuration.limits.bodyBytes
        router.storage = storageGuard
        router.problemLog = configuration.problemLog
        let socket = UnifiedSocketHandler(
            database: database, broadcaster: database.push, settings: configuration.push)
        guard Self.isIPLiteral(configuration.host) else {
            throw ServerError.listen("\(configuration.host): not an IP address (use an IPv4 or IPv6 literal, or localhost)")
        }
        let server = HTTPListener(
            host: configuration.host, port: configuration.port, limits: configuration.limits, router: router,
            socket: socket)
        let bound: UInt16
        do {
            bound = try await server.start()
        } catch {
            await closeStore?()
            throw ServerError.listen("\(configuration.host):\(configuration.port): \(Self.describe(error))")
        }
        await configuration.externalTools?.start(policies.upstreams)
        http = server
        self.closeStore = closeStore
        self.flows = flows
        push = database.push
        port = bound
        return bound
    }

    /// Suspends until the server stops (`stop()` from elsewhere, or the listener failing).
    /// For `approval-tui serve`: `try await server.start(); print(…); await server.waitUntilStopped()`.
    public func waitUntilStopped() async {
        await http?.waitUntilStopped()
    }

    /// Stops listening, kills running flow processes, and waits for the server task to end.
    public func stop() async {
        guard let http else { return }
        push?.closeAll()
        // Requests still open after the grace (a sync call waiting for a person) are cancelled.
        await http.stop(grace: .milliseconds(200))
        await flows?.shutdown()
        await configuration.externalTools?.stop()
        await closeStore?()
        closeStore = nil
        self.http = nil
        flows = nil
        push = nil
        port = nil
    }

    /// Open unified websocket connections (authenticated or not); 0 when stopped.
    public var pushConnectionCount: Int { push?.connectionCount ?? 0 }

    /// `bind(descriptor:ptr:bytes:): Address already in use (errno: 98)` → `bind: Address already in use`.
    private static func describe(_ error: any Error) -> String {
        if let error = error as? IOError {
            let name = error.description.split(separator: "(", maxSplits: 1).first.map(String.init) ?? "error"
            return "\(name): \(String(cString: strerror(error.errnoCode)))"
        }
        return "\(error)"
    }

    /// An IPv4 or IPv6 literal, or `localhost`.
    private static func isIPLiteral(_ host: String) -> Bool {
        if host == "localhost" { return true }
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    /// First start: one approver and one agent token (principals `approver` and `agent`), in files
    /// only the owner can read. Later starts re-register the files' tokens so an edited or restored
    /// file still works; a revoked one stays revoked.
    private static func ensureTokenFiles(_ directory: ServerDataDirectory, database: any ServerStore, now: Date) async throws {
        for role in TokenRole.allCases {
            let file = directory.tokenFile(for: role)
            if let text = try? String(contentsOf: file, encoding: .utf8),
                case let token = text.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty {
                _ = try await database.insertToken(token, role: role, name: role.rawValue, at: now)
            } else {
                let token = try await database.createToken(role: role, name: role.rawValue, at: now)
                try ServerDataDirectory.writePrivate(token.secret + "\n", to: file)
            }
        }
    }
}


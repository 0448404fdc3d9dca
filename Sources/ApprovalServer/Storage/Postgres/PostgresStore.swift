import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// A team's server state in PostgreSQL: the same gate as ``ServerDatabase``, held by any number
/// of replicas sharing one database.
///
/// How the guarantees hold across replicas:
/// - a vote locks its request row (`SELECT … FOR UPDATE`) for the length of its transaction, so
///   votes on one request are counted one after another whatever replica they reach, and a vote
///   row's key is (request, principal): a person's second vote is refused even at the same instant;
/// - a claim and an expiry are conditional updates (`… WHERE tool_result IS NULL`, `… WHERE status
///   = 'pending'`): PostgreSQL lets exactly one transaction move a row;
/// - every committed change sends `NOTIFY approval_changes` in its transaction (delivered only on
///   commit); each replica listens and tells its own websockets and waiters (``push``);
/// - migrations run inside one transaction holding an advisory lock, so replicas that start at the
///   same moment apply each once.
///
/// Every call answers within ``answerWithin`` or fails with ``ServerError/databaseUnavailable(_:)`` naming the
/// database (never its password); the connection pool reconnects by itself.
final class PostgresStore: DecisionStore {
    let location: PostgresLocation
    let push: PushBroadcaster
    let client: PostgresClient
    /// This run of this replica, so it does not announce its own changes twice.
    let origin: String
    /// This replica's lasting name (the same across its restarts): what it sweeps up when it
    /// starts (blocking calls whose agent it held, tools it was running, flow processes it ran)
    /// is only what it held itself, never another live replica's.
    let replica: String
    /// How long any one call may take before it is reported as a storage problem.
    static let answerWithin: Duration = .seconds(5)
    static let channel = "approval_changes"
    static let logger = Logger(label: "approval-server.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    var logger: Logger { Self.logger }
    private let tasks: [Task<Void, Never>]

    private init(location: PostgresLocation, replica: String, push: PushBroadcaster) {
        self.location = location
        self.replica = replica
        self.push = push
        let origin = UUID().uuidString.lowercased()
        self.origin = origin
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: Self.tls(location.security))
        configuration.options.connectTimeout = .seconds(3)
        configuration.options.maximumConnections = 16
        let client = PostgresClient(configuration: configuration, backgroundLogger: Self.logger)
        self.client = client
        // LISTEN needs no table: notices only come once a replica migrated and wrote.
        tasks = [
            Task { await client.run() },
            Task { await Self.listen(client: client, origin: origin, push: push) },
        ]
    }

    /// Connects, starts listening for the other replicas' changes and applies the migrations this
    /// database lacks (once, however many replicas start together).
    static func open(
        _ location: PostgresLocation, replica: String = PostgresStore.defaultReplica, push: PushBroadcaster = PushBroadcaster()
    ) async throws -> PostgresStore {
        let store = PostgresStore(location: location, replica: replica, push: push)
        do {
            try await store.migrate()
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    /// A replica's name when none is given: this machine's host name.
    static var defaultReplica: String { ProcessInfo.processInfo.hostName }

    /// Stops listening and closes every connection.
    func close() async {
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    private static func tls(_ security: PostgresLocation.Security) -> PostgresClient.Configuration.TLS {
        switch security {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    // MARK: Calls with a deadline and a clear error

    /// `body` inside one transaction (committed when it returns, rolled back when it throws).
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await answering { [client, logger] in
            try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }

    /// `work`, or a ``ServerError/databaseUnavailable(_:)`` when PostgreSQL fails or does not answer in time.
    func answering<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { try await work() }
                group.addTask {
                    try await Task.sleep(for: Self.answerWithin)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let value = first else {
                    throw ServerError.databaseUnavailable("PostgreSQL at \(location) did not answer within \(Self.answerWithin)")
                }
                return value
            }
        } catch let error as PSQLError {
            throw ServerError.databaseUnavailable(Self.explain(error, location))
        } catch let error as PostgresTransactionError {
            // The transaction's own refusal (a principal of the other role, …) as it was thrown;
            // a failed BEGIN, statement, COMMIT or ROLLBACK as a storage problem. A failed COMMIT
            // is never acknowledged: the caller hears an error, whatever the database kept.
            if let refusal = error.closureError, !(refusal is PSQLError) { throw refusal }
            let cause = error.closureError ?? error.commitError ?? error.beginError ?? error.rollbackError
            if let cause = cause as? PSQLError { throw ServerError.databaseUnavailable(Self.explain(cause, location)) }
            throw ServerError.databaseUnavailable("PostgreSQL at \(location) failed a transaction: \(cause.map { "\($0)" } ?? "unknown")")
        }
    }

    /// What went wrong, in words: the server's own message for a refused statement, otherwise
    /// that the database cannot be reached. Never the password.
    static func explain(_ error: PSQLError, _ location: PostgresLocation) -> String {
        if let message = error.serverInfo?[.message] {
            let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            return "PostgreSQL at \(location) refused: \(message)\(state)"
        }
        return "PostgreSQL at \(location) cannot be reached (\(error.code)); the server retries by itself"
    }

    /// Whether the database answers (the health route's check).
    func answers() async throws -> Bool {
        try await answering { [client] in
            let rows = try await client.query("SELECT to_regclass('approval_request') IS NOT NULL")
            for try await exists in rows.decode(Bool.self) { return exists }
            return false
        }
    }
}

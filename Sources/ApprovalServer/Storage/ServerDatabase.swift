import Foundation
import GRDB

/// The server's SQLite file (WAL, via a GRDB `DatabasePool`) and its versioned schema.
///
/// Times are stored as seconds since 1970 (REAL). Every write goes through `pool.write`, which
/// SQLite serializes, so a compare-and-set inside one write is atomic across requests and across
/// processes sharing the file.
struct ServerDatabase: Sendable {
    let pool: DatabasePool
    /// Where committed changes are announced to websocket clients.
    let push: PushBroadcaster
    /// Committed changes of approval requests and votes, for the request lists' `ETag`.
    let requestChanges = ChangeCounter(tables: ["approval_request", "approval_vote"])
    /// Committed changes of flow executions, for the execution list's `ETag`.
    let executionChanges = ChangeCounter(tables: ["flow_execution"])

    init(file: URL, push: PushBroadcaster = PushBroadcaster()) throws {
        self.push = push
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(10)
        // WAL + synchronous=NORMAL: a commit survives the process being killed (SIGKILL, crash);
        // only an OS crash or power loss can drop the last commits. FULL would fsync every commit.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Deleted rows (the v1 plain-text tokens) are overwritten with zeros, not left in free pages.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        do {
            pool = try DatabasePool(path: file.path, configuration: configuration)
            let migrator = Self.migrator
            let hadPlainTokens = try pool.read { db in
                try db.tableExists("api_token")
            }
            try migrator.migrate(pool)
            pool.add(transactionObserver: requestChanges, extent: .databaseLifetime)
            pool.add(transactionObserver: executionChanges, extent: .databaseLifetime)
            if hadPlainTokens {
                // The v1 plain-text tokens are gone from the tables; copy the zeroed pages into the
                // main file and empty the WAL, so no old frame keeps a secret on disk.
                try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            }
        } catch let error as DatabaseError {
            throw ServerError.storage("\(file.path): \(error.message ?? error.description)")
        }
    }

    /// Migration ids are stable: never rename or edit one that shipped, add a new one instead.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-tokens-approvals-flows") { db in
            try db.execute(sql: """
                CREATE TABLE api_token (
                    id TEXT PRIMARY KEY, token TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
                    name TEXT NOT NULL, created_at REAL NOT NULL);
                CREATE TABLE named_id (
                    kind TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL UNIQUE,
                    PRIMARY KEY (kind, name));
                CREATE TABLE approval_request (
                    id TEXT PRIMARY KEY, tool_name TEXT NOT NULL, tool_args TEXT NOT NULL,
                    agent_reasoning TEXT, agent_name TEXT, execution_id TEXT,
                    status TEXT NOT NULL, policy_id TEXT NOT NULL, policy_name TEXT NOT NULL,
                    approvals_required INTEGER NOT NULL, timeout_seconds INTEGER NOT NULL,
                    channels TEXT NOT NULL, created_by TEXT NOT NULL,
                    requested_at REAL NOT NULL, resolved_at REAL, expires_at REAL NOT NULL,
                    approver_comment TEXT, tool_result TEXT);
                CREATE INDEX approval_request_requested ON approval_request(requested_at DESC);
                CREATE INDEX approval_request_status ON approval_request(status, expires_at);
                CREATE TABLE approval_vote (
                    request_id TEXT NOT NULL REFERENCES approval_request(id), voter TEXT NOT NULL,
                    approved INTEGER NOT NULL, comment TEXT, voted_at REAL NOT NULL,
                    PRIMARY KEY (request_id, voter));
                CREATE TABLE approval_event (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    request_id TEXT NOT NULL REFERENCES approval_request(id),
                    at REAL NOT NULL, type TEXT NOT NULL, detail TEXT NOT NULL, comment TEXT);
                CREATE INDEX approval_event_request ON approval_event(request_id, seq);
                CREATE TABLE flow_execution (
                    id TEXT PRIMARY KEY, flow_id TEXT NOT NULL, flow_name TEXT NOT NULL,
                    status TEXT NOT NULL, start_time REAL NOT NULL, end_time REAL,
                    prompt TEXT, session_reference TEXT, error_message TEXT);
                CREATE INDEX flow_execution_start ON flow_execution(start_time DESC);
                CREATE TABLE flow_log (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    execution_id TEXT NOT NULL REFERENCES flow_execution(id),
                    at REAL NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL);
                CREATE INDEX flow_log_execution ON flow_log(execution_id, seq);
                """)
        }
        registerPrincipalsMigration(&migrator)
        registerBlockingRequestsMigration(&migrator)
        registerAccessRulesMigration(&migrator)
        return migrator
    }

    /// Publishes `event` once the current write transaction commits (never on rollback), so
    /// events leave in commit order and a client that re-fetches on an event sees the change.
    static func publishAfterCommit(_ db: Database, _ push: PushBroadcaster, _ event: PushEvent) {
        db.afterNextTransaction(onCommit: { _ in push.publish(event) })
    }

    // MARK: Stable ids

    /// The id of a named thing (policy, flow, tool), the same across restarts.
    func stableID(kind: String, name: String) throws -> String {
        try pool.write { db in
            if let known = try NamedIDRecord.fetchOne(db, key: ["kind": kind, "name": name]) { return known.id }
            let record = NamedIDRecord(kind: kind, name: name, id: UUID().uuidString.lowercased())
            try record.insert(db)
            return record.id
        }
    }

    /// Whether the database can be read (the health route's check).
    func answers() throws -> Bool {
        try pool.read { db in try db.tableExists(ApprovalRequestRecord.databaseTableName) }
    }
}

/// Who sent a request: the principal behind the bearer token (never the token itself).
public struct Caller: Sendable, Hashable {
    /// The principal's id: what requests are owned by and votes are counted by.
    public var id: String
    public var role: TokenRole
    /// The principal's name, shown in events, `users/me` and "decided by".
    public var name: String
    /// Which of the principal's tokens was used.
    public var credentialID: String
}

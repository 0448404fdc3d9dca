import Foundation
import GRDB

/// The server's SQLite file (WAL, via a GRDB `DatabasePool`) and its versioned schema.
///
/// Times are stored as seconds since 1970 (REAL). Every write goes through `pool.write`, which
/// SQLite serializes, so a compare-and-set inside one write is atomic across requests and across
/// processes sharing the file.
struct ServerDatabase: Sendable {
    let pool: DatabasePool

    init(file: URL) throws {
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(10)
        // WAL + synchronous=NORMAL: a commit survives the process being killed (SIGKILL, crash);
        // only an OS crash or power loss can drop the last commits. FULL would fsync every commit.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: file.path, configuration: configuration)
            try Self.migrator.migrate(pool)
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
        return migrator
    }

    // MARK: Tokens

    /// Stores a new token of `role` and returns it.
    func createToken(role: TokenRole, name: String, at now: Date) throws -> String {
        let token = TokenGenerator.make()
        try insertToken(token, role: role, name: name, at: now)
        return token
    }

    /// Stores `token` unless it is already known (used for the first-start token files).
    func insertToken(_ token: String, role: TokenRole, name: String, at now: Date) throws {
        try pool.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO api_token (id, token, role, name, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [UUID().uuidString.lowercased(), token, role.rawValue, name, now.timeIntervalSince1970])
        }
    }

    /// Who holds `token`, or nil for an unknown one.
    func caller(for token: String) throws -> Caller? {
        try pool.read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT id, role, name FROM api_token WHERE token = ?", arguments: [token])
            else { return nil }
            guard let role = TokenRole(rawValue: row["role"]) else { return nil }
            return Caller(id: row["id"], role: role, name: row["name"])
        }
    }

    // MARK: Stable ids

    /// The id of a named thing (policy, flow, tool), the same across restarts.
    func stableID(kind: String, name: String) throws -> String {
        try pool.write { db in
            if let id = try String.fetchOne(
                db, sql: "SELECT id FROM named_id WHERE kind = ? AND name = ?", arguments: [kind, name]) {
                return id
            }
            let id = UUID().uuidString.lowercased()
            try db.execute(
                sql: "INSERT INTO named_id (kind, name, id) VALUES (?, ?, ?)", arguments: [kind, name, id])
            return id
        }
    }
}

/// The authenticated holder of a token. Who sent a request: the token's id, role and name (never the token itself).
public struct Caller: Sendable, Hashable {
    public var id: String
    public var role: TokenRole
    public var name: String
}

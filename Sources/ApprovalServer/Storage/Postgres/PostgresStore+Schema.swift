import Foundation
import PostgresNIO

extension PostgresStore {
    /// One step of the schema. Ids are stable: never rename or edit one that shipped, add one.
    struct Migration: Sendable {
        var id: String
        var statements: [String]
    }

    /// The advisory lock every replica takes before it looks at the schema (an arbitrary constant,
    /// "approval" in ASCII).
    static let migrationLock: Int64 = 0x6170_7072_6F76_616C

    /// Times are seconds since 1970 (`double precision`), as in SQLite. Free text people and agents
    /// wrote (justifications, comments) is `bytea`: stored byte for byte, never re-encoded.
    static let migrations: [Migration] = [
        Migration(id: "pg-v1-approvals", statements: [
            """
            CREATE TABLE approval_request (
                id text PRIMARY KEY, tool_name text NOT NULL, tool_args text NOT NULL,
                agent_reasoning bytea, agent_name text, execution_id text, status text NOT NULL,
                policy_id text NOT NULL, policy_name text NOT NULL, approvals_required bigint NOT NULL,
                timeout_seconds bigint NOT NULL, channels text NOT NULL, created_by text NOT NULL,
                requested_at double precision NOT NULL, resolved_at double precision,
                expires_at double precision NOT NULL, approver_comment bytea, tool_result text,
                blocking boolean NOT NULL DEFAULT false, decided_by_rule text, inserted bigserial)
            """,
            "CREATE INDEX approval_request_requested ON approval_request (requested_at DESC, inserted DESC)",
            "CREATE INDEX approval_request_status ON approval_request (status, expires_at)",
            """
            CREATE TABLE approval_vote (
                request_id text NOT NULL REFERENCES approval_request (id), principal_id text NOT NULL,
                voter text NOT NULL, source text, approved boolean NOT NULL, comment bytea,
                voted_at double precision NOT NULL, cast_order bigserial,
                PRIMARY KEY (request_id, principal_id))
            """,
            """
            CREATE TABLE approval_event (
                seq bigserial PRIMARY KEY, request_id text NOT NULL REFERENCES approval_request (id),
                at double precision NOT NULL, type text NOT NULL, detail text NOT NULL, comment bytea)
            """,
            "CREATE INDEX approval_event_request ON approval_event (request_id, seq)",
        ]),
    ]

    /// Applies the migrations this database lacks, in one transaction under ``migrationLock``:
    /// a replica that starts while another migrates waits, then finds nothing left to do.
    func migrate() async throws {
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: Self.logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS schema_migration (id text PRIMARY KEY, applied_at double precision NOT NULL)",
                logger: Self.logger)
            var applied: Set<String> = []
            for try await id in try await connection.query("SELECT id FROM schema_migration", logger: Self.logger)
                .decode(String.self) {
                applied.insert(id)
            }
            for migration in Self.migrations where !applied.contains(migration.id) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Self.logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migration (id, applied_at) VALUES (\(migration.id), \(Date().timeIntervalSince1970))",
                    logger: Self.logger)
            }
        }
    }
}

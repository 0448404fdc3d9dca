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
        Migration(id: "pg-v2-server", statements: [
            // Which replica holds an agent's blocking call, a claimed tool or a flow process: what a
            // replica sweeps up at its start is only its own.
            "ALTER TABLE approval_request ADD COLUMN replica text, ADD COLUMN claimed_by text",
            """
            CREATE TABLE principal (
                id text PRIMARY KEY, name text NOT NULL UNIQUE, role text NOT NULL, created_at double precision NOT NULL)
            """,
            """
            CREATE TABLE credential (
                id text PRIMARY KEY, principal_id text NOT NULL REFERENCES principal (id),
                secret_sha256 bytea NOT NULL UNIQUE, created_at double precision NOT NULL,
                last_used_at double precision, revoked_at double precision)
            """,
            """
            CREATE TABLE named_id (
                kind text NOT NULL, name text NOT NULL, id text NOT NULL UNIQUE, PRIMARY KEY (kind, name))
            """,
            """
            CREATE TABLE access_rule (
                id text PRIMARY KEY, tool_name text NOT NULL, action text NOT NULL, condition_expression bytea,
                priority bigint NOT NULL, description bytea, is_enabled boolean NOT NULL, created_by_id text NOT NULL,
                created_by text NOT NULL, created_at double precision NOT NULL, expires_at double precision,
                revoked_at double precision, decided_count bigint NOT NULL DEFAULT 0, inserted bigserial)
            """,
            "CREATE INDEX access_rule_tool ON access_rule (tool_name, priority)",
            """
            CREATE TABLE flow_execution (
                id text PRIMARY KEY, flow_id text NOT NULL, flow_name text NOT NULL, status text NOT NULL,
                start_time double precision NOT NULL, end_time double precision, prompt bytea, session_reference text,
                error_message text, replica text, inserted bigserial)
            """,
            "CREATE INDEX flow_execution_start ON flow_execution (start_time DESC, inserted DESC)",
            """
            CREATE TABLE flow_log (
                seq bigserial PRIMARY KEY, execution_id text NOT NULL REFERENCES flow_execution (id),
                at double precision NOT NULL, type text NOT NULL, payload bytea NOT NULL)
            """,
            "CREATE INDEX flow_log_execution ON flow_log (execution_id, seq)",
            // The lists' tags: a counter per list, moved by every row change of one of its tables,
            // inside that change's transaction, so a tag is never ahead of what a reader can see (a
            // sequence would be: it moves before the commit).
            "CREATE TABLE list_change (name text PRIMARY KEY, generation bigint NOT NULL)",
            "INSERT INTO list_change VALUES ('requests', 0), ('executions', 0)",
            """
            CREATE FUNCTION approval_list_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE list_change SET generation = generation + 1 WHERE name = TG_ARGV[0];
                RETURN NULL;
            END $$
            """,
            """
            CREATE TRIGGER approval_request_changed AFTER INSERT OR UPDATE OR DELETE ON approval_request
                FOR EACH ROW EXECUTE FUNCTION approval_list_changed('requests')
            """,
            """
            CREATE TRIGGER approval_vote_changed AFTER INSERT OR UPDATE OR DELETE ON approval_vote
                FOR EACH ROW EXECUTE FUNCTION approval_list_changed('requests')
            """,
            """
            CREATE TRIGGER flow_execution_changed AFTER INSERT OR UPDATE OR DELETE ON flow_execution
                FOR EACH ROW EXECUTE FUNCTION approval_list_changed('executions')
            """,
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

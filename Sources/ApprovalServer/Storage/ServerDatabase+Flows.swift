import ApprovalClient
import Foundation
import GRDB

/// Flow executions and their log rows.
extension ServerDatabase {
    static let activeStatuses = "('PENDING', 'INITIALIZING', 'STARTING', 'RUNNING')"

    func createExecution(flowID: String, flowName: String, at now: Date) throws -> String {
        let id = UUID().uuidString.lowercased()
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO flow_execution (id, flow_id, flow_name, status, start_time) VALUES (?, ?, ?, 'PENDING', ?)",
                arguments: [id, flowID, flowName, now.timeIntervalSince1970])
            try Self.addStatusLog(db, id, "PENDING", now)
            let payload: JSONValue = ["status": "PENDING", "flow_id": .string(flowID), "flow_name": .string(flowName)]
            Self.publishAfterCommit(
                db, push, .flow("execution_started", executionID: id, flowID: flowID, payload: payload, at: now))
        }
        return id
    }

    /// Moves an active execution to `status`; a finished one (e.g. STOPPED) is never overwritten.
    @discardableResult
    func advanceExecution(
        id: String, to status: ExecutionStatus, at now: Date, prompt: String? = nil, sessionReference: String? = nil,
        errorMessage: String? = nil
    ) throws -> Bool {
        try pool.write { db in
            try db.execute(
                sql: """
                    UPDATE flow_execution SET status = ?, prompt = COALESCE(?, prompt),
                        session_reference = COALESCE(?, session_reference), error_message = COALESCE(?, error_message),
                        end_time = CASE WHEN ? THEN ? ELSE end_time END
                    WHERE id = ? AND status IN \(Self.activeStatuses)
                    """,
                arguments: [
                    status.rawValue, LosslessText.bind(prompt), sessionReference, errorMessage, status.isFinal,
                    now.timeIntervalSince1970, id,
                ])
            guard db.changesCount == 1 else { return false }
            try Self.addStatusLog(db, id, status.rawValue, now)
            try Self.publishStatus(db, push, id, now)
            return true
        }
    }

    /// Preloop's stop: always STOPPED with "Manually stopped by user", even when already finished.
    func markStopped(id: String, at now: Date) throws -> Bool {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE flow_execution SET status = 'STOPPED', error_message = 'Manually stopped by user', end_time = ? WHERE id = ?",
                arguments: [now.timeIntervalSince1970, id])
            guard db.changesCount == 1 else { return false }
            try Self.addStatusLog(db, id, "STOPPED", now)
            try Self.publishStatus(db, push, id, now)
            return true
        }
    }

    func appendLogLine(executionID: String, line: String, stream: String, at now: Date) throws {
        let payload: JSONValue = [
            "line": .string(line), "message": .string(line), "stream": .string(stream),
            "timestamp": .string(PreloopTimestamp.withOffset(now)),
        ]
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO flow_log (execution_id, at, type, payload) VALUES (?, ?, 'agent_log_line', ?)",
                arguments: [executionID, now.timeIntervalSince1970, JSONText.encode(payload)])
            let flowID = try String.fetchOne(db, sql: "SELECT flow_id FROM flow_execution WHERE id = ?", arguments: [executionID])
            let event: JSONValue = ["timestamp": .string(PreloopTimestamp.withOffset(now)), "line": .string(line)]
            Self.publishAfterCommit(
                db, push, .flow("agent_log_line", executionID: executionID, flowID: flowID, payload: event, at: now))
        }
    }

    /// All console lines of an execution, oldest first.
    func logLines(executionID: String) throws -> [String] {
        try pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT payload FROM flow_log WHERE execution_id = ? AND type = 'agent_log_line' ORDER BY seq",
                arguments: [executionID])
        }.compactMap { JSONText.decode($0)?["line"]?.stringValue }
    }

    func executions(skip: Int, limit: Int) throws -> [FlowExecution] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM flow_execution ORDER BY start_time DESC, rowid DESC LIMIT ? OFFSET ?",
                arguments: [limit, skip]
            ).map { Self.execution(from: $0, withName: true) }
        }
    }

    func execution(id: String) throws -> FlowExecution? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM flow_execution WHERE id = ?", arguments: [id])
                .map { Self.execution(from: $0, withName: false) }
        }
    }

    /// A page of log rows: `tail` takes the newest N (returned oldest first), otherwise
    /// `skip`/`limit` from the start (up to 5000 rows). `hasMore` comes from one extra row.
    func logPage(executionID: String, skip: Int, limit: Int?, tail: Int?) throws -> ExecutionLogPage {
        try pool.read { db in
            let count = tail ?? limit ?? 5000
            let order = tail == nil ? "ASC" : "DESC"
            var rows = try Row.fetchAll(
                db, sql: "SELECT at, type, payload FROM flow_log WHERE execution_id = ? ORDER BY seq \(order) LIMIT ? OFFSET ?",
                arguments: [executionID, count + 1, skip])
            let hasMore = rows.count > count
            rows = Array(rows.prefix(count))
            if tail != nil { rows.reverse() }
            let entries = rows.map { row in
                LogEntry(
                    executionID: executionID, timestamp: Date(timeIntervalSince1970: row["at"]), type: row["type"],
                    payload: JSONText.decode(row["payload"]) ?? [:])
            }
            return ExecutionLogPage(logs: entries, source: "database", hasMore: hasMore)
        }
    }

    /// Executions left active by a previous server process cannot be watched any more.
    func failInterruptedExecutions(at now: Date) throws {
        try pool.write { db in
            try db.execute(
                sql: """
                    UPDATE flow_execution SET status = 'FAILED', end_time = ?,
                        error_message = 'The server stopped while this execution was running'
                    WHERE status IN \(Self.activeStatuses)
                    """,
                arguments: [now.timeIntervalSince1970])
        }
    }

    /// `status_update` with the execution's status, and its end time and error once set.
    private static func publishStatus(_ db: Database, _ push: PushBroadcaster, _ id: String, _ now: Date) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM flow_execution WHERE id = ?", arguments: [id]) else { return }
        let execution = execution(from: row, withName: false)
        var payload: [String: JSONValue] = ["status": .string(execution.status.rawValue)]
        if let end = execution.endTime { payload["end_time"] = .string(PreloopTimestamp.withOffset(end)) }
        if let error = execution.errorMessage { payload["error_message"] = .string(error) }
        publishAfterCommit(
            db, push, .flow("status_update", executionID: id, flowID: execution.flowID, payload: .object(payload), at: now))
    }

    private static func addStatusLog(_ db: Database, _ id: String, _ status: String, _ now: Date) throws {
        let payload: JSONValue = ["status": .string(status), "message": .null]
        try db.execute(
            sql: "INSERT INTO flow_log (execution_id, at, type, payload) VALUES (?, ?, 'status_update', ?)",
            arguments: [id, now.timeIntervalSince1970, JSONText.encode(payload)])
    }

    private static func execution(from row: Row, withName: Bool) -> FlowExecution {
        var execution = FlowExecution(
            id: row["id"], flowID: row["flow_id"], flowName: withName ? row["flow_name"] : nil,
            status: ExecutionStatus(rawValue: row["status"]), startTime: Date(timeIntervalSince1970: row["start_time"]),
            endTime: (row["end_time"] as Double?).map(Date.init(timeIntervalSince1970:)),
            resolvedInputPrompt: LosslessText.read(row, "prompt"), errorMessage: row["error_message"])
        execution.agentSessionReference = row["session_reference"]
        return execution
    }
}

import ApprovalModel
import Foundation
import PostgresNIO
import SQLiteSupport

/// Flow executions and their log rows in PostgreSQL. A flow's process runs on the replica that
/// started it; its log and status are in the database, so every replica serves and pushes them.
extension PostgresStore {
    static let executionColumns =
        "id, flow_id, flow_name, status, start_time, end_time, prompt, session_reference, error_message"

    func createExecution(flowID: String, flowName: String, at now: Date) async throws -> String {
        let id = UUID().uuidString.lowercased()
        let event = try await transaction { [origin, replica] connection in
            try await connection.query("""
                INSERT INTO flow_execution (id, flow_id, flow_name, status, start_time, replica)
                VALUES (\(id), \(flowID), \(flowName), \(ExecutionStatus.pending.rawValue), \(now.timeIntervalSince1970),
                    \(replica))
                """, logger: Self.logger)
            try await Self.addStatusLog(connection, id, "PENDING", now)
            try await Self.notify(connection, ChangeNotice(
                origin: origin, id: id, type: "execution_started", at: now.timeIntervalSince1970, kind: .flow))
            return try await Self.flowEvent("execution_started", connection, id, at: now, logSeq: nil)
        }
        if let event { push.publish(event) }
        return id
    }

    func advanceExecution(
        id: String, to status: ExecutionStatus, at now: Date, prompt: String?, sessionReference: String?,
        errorMessage: String?
    ) async throws -> Bool {
        let active = FlowExecutionRecord.activeStatuses.map { "'\($0)'" }.joined(separator: ", ")
        var bindings = PostgresBindings()
        bindings.append(status.rawValue)
        try bindings.append(Self.bytes(prompt))
        bindings.append(sessionReference)
        bindings.append(errorMessage)
        bindings.append(status.isFinal ? now.timeIntervalSince1970 : nil)
        bindings.append(id)
        let sql = """
            UPDATE flow_execution SET status = $1, prompt = coalesce($2, prompt),
                session_reference = coalesce($3, session_reference), error_message = coalesce($4, error_message),
                end_time = coalesce($5, end_time)
            WHERE id = $6 AND status IN (\(active)) RETURNING id
            """
        return try await changeExecution(id, status: status.rawValue, at: now, PostgresQuery(unsafeSQL: sql, binds: bindings))
    }

    func markStopped(id: String, at now: Date) async throws -> Bool {
        try await changeExecution(id, status: "STOPPED", at: now, """
            UPDATE flow_execution SET status = \(ExecutionStatus.stopped.rawValue),
                error_message = 'Manually stopped by user', end_time = \(now.timeIntervalSince1970)
            WHERE id = \(id) RETURNING id
            """)
    }

    /// Runs `update`; when it moved the execution, logs and announces its new status.
    private func changeExecution(_ id: String, status: String, at now: Date, _ update: PostgresQuery) async throws -> Bool {
        let event = try await transaction { [origin] connection -> PushEvent?? in
            guard try await Self.count(try await connection.query(update, logger: Self.logger)) == 1 else { return .none }
            try await Self.addStatusLog(connection, id, status, now)
            try await Self.notify(connection, ChangeNotice(
                origin: origin, id: id, type: "status_update", at: now.timeIntervalSince1970, kind: .flow))
            return .some(try await Self.flowEvent("status_update", connection, id, at: now, logSeq: nil))
        }
        guard let event else { return false }
        if let event { push.publish(event) }
        return true
    }

    func appendLogLine(executionID: String, line: String, stream: String, at now: Date) async throws {
        let payload: JSONValue = [
            "line": .string(line), "message": .string(line), "stream": .string(stream),
            "timestamp": .string(PreloopTimestamp.withOffset(now)),
        ]
        let event = try await transaction { [origin] connection in
            let rows = try await connection.query("""
                INSERT INTO flow_log (execution_id, at, type, payload)
                VALUES (\(executionID), \(now.timeIntervalSince1970), \(FlowLogRecord.consoleLine),
                    \(Self.bytes(JSONText.encode(payload)))) RETURNING seq
                """, logger: Self.logger)
            var seq: Int64?
            for try await value in rows.decode(Int64.self) { seq = value }
            try await Self.notify(connection, ChangeNotice(
                origin: origin, id: executionID, type: FlowLogRecord.consoleLine, at: now.timeIntervalSince1970,
                kind: .flow, logSeq: seq))
            return try await Self.flowEvent(FlowLogRecord.consoleLine, connection, executionID, at: now, logSeq: seq)
        }
        if let event { push.publish(event) }
    }

    func logLines(executionID: String) async throws -> [String] {
        try await answering { [client] in
            let rows = try await client.query("""
                SELECT payload FROM flow_log WHERE execution_id = \(executionID) AND type = \(FlowLogRecord.consoleLine)
                ORDER BY seq
                """, logger: Self.logger)
            var lines: [String] = []
            for try await payload in rows.decode(Data.self) {
                if let line = JSONText.decode(Self.text(payload))?["line"]?.stringValue { lines.append(line) }
            }
            return lines
        }
    }

    func executions(skip: Int, limit: Int) async throws -> [FlowExecution] {
        try await answering { [client] in
            try await client.withConnection { connection in
                try await Self.executions(connection, "ORDER BY start_time DESC, inserted DESC LIMIT $1 OFFSET $2", limit, skip)
                    .map { $0.wire(withName: true) }
            }
        }
    }

    func execution(id: String) async throws -> FlowExecution? {
        try await answering { [client] in
            try await client.withConnection { connection in
                try await Self.execution(connection, id)?.wire(withName: false)
            }
        }
    }

    /// A page of log rows: `tail` takes the newest N (returned oldest first), otherwise
    /// `skip`/`limit` from the start (up to 5000 rows). `hasMore` comes from one extra row.
    func logPage(executionID: String, skip: Int, limit: Int?, tail: Int?) async throws -> ExecutionLogPage {
        let count = tail ?? limit ?? 5000
        return try await answering { [client] in
            let rows = try await client.query(PostgresQuery(
                unsafeSQL: """
                    SELECT at, type, payload FROM flow_log WHERE execution_id = $1
                    ORDER BY seq \(tail == nil ? "ASC" : "DESC") LIMIT $2 OFFSET $3
                    """,
                binds: {
                    var bindings = PostgresBindings()
                    bindings.append(executionID)
                    bindings.append(count + 1)
                    bindings.append(skip)
                    return bindings
                }()), logger: Self.logger)
            var entries: [LogEntry] = []
            for try await (at, type, payload) in rows.decode((Double, String, Data).self) {
                entries.append(LogEntry(
                    executionID: executionID, timestamp: Date(timeIntervalSince1970: at), type: type,
                    payload: JSONText.decode(Self.text(payload)) ?? [:]))
            }
            let hasMore = entries.count > count
            entries = Array(entries.prefix(count))
            if tail != nil { entries.reverse() }
            return ExecutionLogPage(logs: entries, source: "database", hasMore: hasMore)
        }
    }

    /// This replica's executions left active by its previous run cannot be watched any more
    /// (another replica's are its own, still running).
    func failInterruptedExecutions(at now: Date) async throws {
        let active = FlowExecutionRecord.activeStatuses.map { "'\($0)'" }.joined(separator: ", ")
        var bindings = PostgresBindings()
        bindings.append(now.timeIntervalSince1970)
        bindings.append(replica)
        let update = PostgresQuery(unsafeSQL: """
            UPDATE flow_execution SET status = 'FAILED', end_time = $1,
                error_message = 'The server stopped while this execution was running'
            WHERE replica = $2 AND status IN (\(active))
            """, binds: bindings)
        try await transaction { connection in try await connection.query(update, logger: Self.logger) }
    }

    // MARK: Inside a connection

    static func execution(_ connection: PostgresConnection, _ id: String) async throws -> FlowExecutionRecord? {
        try await executions(connection, "WHERE id = $1", id).first
    }

    static func executions(
        _ connection: PostgresConnection, _ tail: String, _ values: any PostgresEncodable & Sendable...
    ) async throws -> [FlowExecutionRecord] {
        var bindings = PostgresBindings()
        for value in values { try bindings.append(value) }
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT \(executionColumns) FROM flow_execution \(tail)", binds: bindings), logger: logger)
        var records: [FlowExecutionRecord] = []
        for try await row in rows {
            let cells = row.makeRandomAccess()
            records.append(FlowExecutionRecord(
                id: try cells["id"].decode(String.self), flowID: try cells["flow_id"].decode(String.self),
                flowName: try cells["flow_name"].decode(String.self), status: try cells["status"].decode(String.self),
                startTime: Date(timeIntervalSince1970: try cells["start_time"].decode(Double.self)),
                endTime: try cells["end_time"].decode(Double?.self).map(Date.init(timeIntervalSince1970:)),
                prompt: LosslessString(try cells["prompt"].decode(Data?.self).map(text)),
                sessionReference: try cells["session_reference"].decode(String?.self),
                errorMessage: try cells["error_message"].decode(String?.self)))
        }
        return records
    }

    /// The push event of a flow change, read back from the database (so a replica that only heard
    /// of the change sends what the one that made it sent).
    static func flowEvent(
        _ type: String, _ connection: PostgresConnection, _ id: String, at now: Date, logSeq: Int64?
    ) async throws -> PushEvent? {
        guard let execution = try await execution(connection, id) else { return nil }
        switch type {
        case "execution_started":
            let payload: JSONValue = [
                "status": "PENDING", "flow_id": .string(execution.flowID), "flow_name": .string(execution.flowName),
            ]
            return .flow(type, executionID: id, flowID: execution.flowID, payload: payload, at: now)
        case FlowLogRecord.consoleLine:
            guard let logSeq else { return nil }
            let rows = try await connection.query("SELECT payload FROM flow_log WHERE seq = \(logSeq)", logger: logger)
            for try await payload in rows.decode(Data.self) {
                guard let line = JSONText.decode(text(payload))?["line"]?.stringValue else { return nil }
                let event: JSONValue = ["timestamp": .string(PreloopTimestamp.withOffset(now)), "line": .string(line)]
                return .flow(type, executionID: id, flowID: execution.flowID, payload: event, at: now)
            }
            return nil
        default:
            let wire = execution.wire(withName: false)
            var payload: [String: JSONValue] = ["status": .string(wire.status.rawValue)]
            if let end = wire.endTime { payload["end_time"] = .string(PreloopTimestamp.withOffset(end)) }
            if let error = wire.errorMessage { payload["error_message"] = .string(error) }
            return .flow(type, executionID: id, flowID: execution.flowID, payload: .object(payload), at: now)
        }
    }

    static func addStatusLog(_ connection: PostgresConnection, _ id: String, _ status: String, _ now: Date) async throws {
        let payload: JSONValue = ["status": .string(status), "message": .null]
        try await connection.query("""
            INSERT INTO flow_log (execution_id, at, type, payload)
            VALUES (\(id), \(now.timeIntervalSince1970), \(FlowLogRecord.statusUpdate), \(bytes(JSONText.encode(payload))))
            """, logger: logger)
    }
}

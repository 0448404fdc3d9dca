import SQLiteSupport
import ApprovalModel
import Foundation
import GRDB

/// Flow executions and their log rows.
extension ServerDatabase {
    func createExecution(flowID: String, flowName: String, at now: Date) throws -> String {
        let id = UUID().uuidString.lowercased()
        try pool.write { db in
            try FlowExecutionRecord(
                id: id, flowID: flowID, flowName: flowName, status: ExecutionStatus.pending.rawValue, startTime: now,
                endTime: nil, prompt: nil, sessionReference: nil, errorMessage: nil
            ).insert(db)
            try Self.addStatusLog(db, id, "PENDING", now)
            let payload: JSONValue = ["status": "PENDING", "flow_id": .string(flowID), "flow_name": .string(flowName)]
            Self.publishAfterCommit(
                db, push, .flow("execution_started", executionID: id, flowID: flowID, payload: payload, at: now))
        }
        return id
    }

    /// Moves an active execution to `status`; a finished one (e.g. STOPPED) is never overwritten.
    /// Prompt, session reference and error are set when given, the end time when `status` is final.
    @discardableResult
    func advanceExecution(
        id: String, to status: ExecutionStatus, at now: Date, prompt: String? = nil, sessionReference: String? = nil,
        errorMessage: String? = nil
    ) throws -> Bool {
        typealias Columns = FlowExecutionRecord.Columns
        var changes = [Columns.status.set(to: status.rawValue)]
        if let prompt { changes.append(Columns.prompt.set(to: LosslessString(prompt))) }
        if let sessionReference { changes.append(Columns.sessionReference.set(to: sessionReference)) }
        if let errorMessage { changes.append(Columns.errorMessage.set(to: errorMessage)) }
        if status.isFinal { changes.append(Columns.endTime.set(to: now.timeIntervalSince1970)) }
        return try pool.write { db in
            guard try FlowExecutionRecord.all().byID(id).active().updateAll(db, changes) == 1 else { return false }
            try Self.addStatusLog(db, id, status.rawValue, now)
            try Self.publishStatus(db, push, id, now)
            return true
        }
    }

    /// Preloop's stop: always STOPPED with "Manually stopped by user", even when already finished.
    func markStopped(id: String, at now: Date) throws -> Bool {
        typealias Columns = FlowExecutionRecord.Columns
        return try pool.write { db in
            let changed = try FlowExecutionRecord.all().byID(id).updateAll(
                db, Columns.status.set(to: ExecutionStatus.stopped.rawValue),
                Columns.errorMessage.set(to: "Manually stopped by user"), Columns.endTime.set(to: now.timeIntervalSince1970))
            guard changed == 1 else { return false }
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
            try FlowLogRecord(
                seq: nil, executionID: executionID, at: now, type: FlowLogRecord.consoleLine, payload: JSONText.encode(payload)
            ).insert(db)
            let flowID = try FlowExecutionRecord.fetchOne(db, key: executionID)?.flowID
            let event: JSONValue = ["timestamp": .string(PreloopTimestamp.withOffset(now)), "line": .string(line)]
            Self.publishAfterCommit(
                db, push, .flow("agent_log_line", executionID: executionID, flowID: flowID, payload: event, at: now))
        }
    }

    /// All console lines of an execution, oldest first.
    func logLines(executionID: String) throws -> [String] {
        try pool.read { db in
            try FlowLogRecord.all().of(executionID).consoleLines().oldestFirst()
                .select(FlowLogRecord.Columns.payload, as: String.self).fetchAll(db)
        }.compactMap { JSONText.decode($0)?["line"]?.stringValue }
    }

    func executions(skip: Int, limit: Int) throws -> [FlowExecution] {
        try pool.read { db in
            try FlowExecutionRecord.all().newestFirst().limit(limit, offset: skip).fetchAll(db)
                .map { $0.wire(withName: true) }
        }
    }

    func execution(id: String) throws -> FlowExecution? {
        try pool.read { db in try FlowExecutionRecord.fetchOne(db, key: id)?.wire(withName: false) }
    }

    /// A page of log rows: `tail` takes the newest N (returned oldest first), otherwise
    /// `skip`/`limit` from the start (up to 5000 rows). `hasMore` comes from one extra row.
    func logPage(executionID: String, skip: Int, limit: Int?, tail: Int?) throws -> ExecutionLogPage {
        try pool.read { db in
            let count = tail ?? limit ?? 5000
            let log = FlowLogRecord.all().of(executionID)
            var rows = try (tail == nil ? log.oldestFirst() : log.newestFirst()).limit(count + 1, offset: skip).fetchAll(db)
            let hasMore = rows.count > count
            rows = Array(rows.prefix(count))
            if tail != nil { rows.reverse() }
            let entries = rows.map { row in
                LogEntry(
                    executionID: executionID, timestamp: row.at, type: row.type, payload: JSONText.decode(row.payload) ?? [:])
            }
            return ExecutionLogPage(logs: entries, source: "database", hasMore: hasMore)
        }
    }

    /// Executions left active by a previous server process cannot be watched any more.
    func failInterruptedExecutions(at now: Date) throws {
        typealias Columns = FlowExecutionRecord.Columns
        _ = try pool.write { db in
            try FlowExecutionRecord.all().active().updateAll(
                db, Columns.status.set(to: ExecutionStatus.failed.rawValue), Columns.endTime.set(to: now.timeIntervalSince1970),
                Columns.errorMessage.set(to: "The server stopped while this execution was running"))
        }
    }

    /// `status_update` with the execution's status, and its end time and error once set.
    private static func publishStatus(_ db: Database, _ push: PushBroadcaster, _ id: String, _ now: Date) throws {
        guard let execution = try FlowExecutionRecord.fetchOne(db, key: id)?.wire(withName: false) else { return }
        var payload: [String: JSONValue] = ["status": .string(execution.status.rawValue)]
        if let end = execution.endTime { payload["end_time"] = .string(PreloopTimestamp.withOffset(end)) }
        if let error = execution.errorMessage { payload["error_message"] = .string(error) }
        publishAfterCommit(
            db, push, .flow("status_update", executionID: id, flowID: execution.flowID, payload: .object(payload), at: now))
    }

    private static func addStatusLog(_ db: Database, _ id: String, _ status: String, _ now: Date) throws {
        let payload: JSONValue = ["status": .string(status), "message": .null]
        try FlowLogRecord(seq: nil, executionID: id, at: now, type: FlowLogRecord.statusUpdate, payload: JSONText.encode(payload))
            .insert(db)
    }
}

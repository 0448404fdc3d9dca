import Foundation
import GRDB

/// A row of `flow_log`: a status change or a console line of an execution, as JSON.
struct FlowLogRecord: ServerRecord {
    static let databaseTableName = "flow_log"
    static let consoleLine = "agent_log_line"
    static let statusUpdate = "status_update"

    /// Assigned by SQLite on insert (AUTOINCREMENT): the log's order.
    var seq: Int64?
    var executionID: String
    var at: Date
    var type: String
    /// A JSON object.
    var payload: String

    enum CodingKeys: String, CodingKey {
        case seq, at, type, payload
        case executionID = "execution_id"
    }

    enum Columns {
        static let seq = Column(CodingKeys.seq)
        static let executionID = Column(CodingKeys.executionID)
        static let type = Column(CodingKeys.type)
        static let payload = Column(CodingKeys.payload)
    }
}

extension DerivableRequest<FlowLogRecord> {
    func of(_ executionID: String) -> Self { filter(FlowLogRecord.Columns.executionID == executionID) }

    func consoleLines() -> Self { filter(FlowLogRecord.Columns.type == FlowLogRecord.consoleLine) }

    func oldestFirst() -> Self { order(FlowLogRecord.Columns.seq) }

    func newestFirst() -> Self { order(FlowLogRecord.Columns.seq.desc) }
}

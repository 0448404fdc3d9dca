import SQLiteSupport
import ApprovalModel
import Foundation
import GRDB

/// A row of `flow_execution`: one run of a flow.
struct FlowExecutionRecord: ServerRecord {
    static let databaseTableName = "flow_execution"
    /// The statuses an execution can still leave.
    static let activeStatuses = ["PENDING", "INITIALIZING", "STARTING", "RUNNING"]

    var id: String
    var flowID: String
    var flowName: String
    var status: String
    var startTime: Date
    var endTime: Date?
    var prompt: LosslessString?
    var sessionReference: String?
    var errorMessage: String?

    enum CodingKeys: String, CodingKey {
        case id, status, prompt
        case flowID = "flow_id"
        case flowName = "flow_name"
        case startTime = "start_time"
        case endTime = "end_time"
        case sessionReference = "session_reference"
        case errorMessage = "error_message"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let status = Column(CodingKeys.status)
        static let startTime = Column(CodingKeys.startTime)
        static let endTime = Column(CodingKeys.endTime)
        static let prompt = Column(CodingKeys.prompt)
        static let sessionReference = Column(CodingKeys.sessionReference)
        static let errorMessage = Column(CodingKeys.errorMessage)
    }

    /// The Preloop `FlowExecution`; lists name the flow, single reads do not (as Preloop does).
    func wire(withName: Bool) -> FlowExecution {
        var execution = FlowExecution(
            id: id, flowID: flowID, flowName: withName ? flowName : nil, status: ExecutionStatus(rawValue: status),
            startTime: startTime, endTime: endTime, resolvedInputPrompt: prompt?.text, errorMessage: errorMessage)
        execution.agentSessionReference = sessionReference
        return execution
    }
}

extension DerivableRequest<FlowExecutionRecord> {
    func byID(_ id: String) -> Self { filter(FlowExecutionRecord.Columns.id == id) }

    func active() -> Self { filter(FlowExecutionRecord.activeStatuses.contains(FlowExecutionRecord.Columns.status)) }

    func newestFirst() -> Self { order(FlowExecutionRecord.Columns.startTime.desc, Column.rowID.desc) }
}

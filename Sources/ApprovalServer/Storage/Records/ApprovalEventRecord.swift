import SQLiteSupport
import ApprovalModel
import Foundation
import GRDB

/// A row of `approval_event`: one entry of a request's timeline.
struct ApprovalEventRecord: ServerRecord {
    static let databaseTableName = "approval_event"
    /// Assigned by SQLite on insert (AUTOINCREMENT): the timeline's order.
    var seq: Int64?
    var requestID: String
    var at: Date
    var type: String
    var detail: String
    var comment: LosslessString?

    enum CodingKeys: String, CodingKey {
        case seq, at, type, detail, comment
        case requestID = "request_id"
    }

    enum Columns {
        static let seq = Column(CodingKeys.seq)
        static let requestID = Column(CodingKeys.requestID)
    }

    var event: RequestEvent { RequestEvent(at: at, type: type, detail: detail, comment: comment?.text) }
}

extension DerivableRequest<ApprovalEventRecord> {
    /// The timeline of request `id`, oldest first.
    func timeline(of id: String) -> Self {
        filter(ApprovalEventRecord.Columns.requestID == id).order(ApprovalEventRecord.Columns.seq)
    }
}

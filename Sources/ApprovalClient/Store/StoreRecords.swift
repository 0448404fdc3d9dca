import SQLiteSupport
import ApprovalModel
import Foundation
import GRDB

// The records below are internal: one per table, mapped to public types at the store's edge.

/// A row of `seen_item`: an id the console has already told the person about.
struct SeenItemRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "seen_item"
    var server: String
    var kind: String
    var itemID: String
    var firstSeenAt: Date

    enum CodingKeys: String, CodingKey {
        case server, kind
        case itemID = "item_id"
        case firstSeenAt = "first_seen_at"
    }

    enum Columns {
        static let server = Column(CodingKeys.server)
        static let kind = Column(CodingKeys.kind)
        static let itemID = Column(CodingKeys.itemID)
        static let firstSeenAt = Column(CodingKeys.firstSeenAt)
    }
}

/// A row of `decision_journal`: one decision the person took, written before it is sent.
struct DecisionRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "decision_journal"
    var id: Int64?
    var requestID: String
    /// Blobs, not text: a tool name, comment or error may hold U+0000 (see ``LosslessString``).
    var toolName: LosslessString
    var verdict: String
    var comment: LosslessString?
    var server: String
    var createdAt: Date
    var completedAt: Date?
    var outcome: String
    var errorText: LosslessString?

    enum CodingKeys: String, CodingKey {
        case id, verdict, comment, server, outcome
        case requestID = "request_id"
        case toolName = "tool_name"
        case createdAt = "created_at"
        case completedAt = "completed_at"
        case errorText = "error_text"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let outcome = Column(CodingKeys.outcome)
        static let createdAt = Column(CodingKeys.createdAt)
        static let completedAt = Column(CodingKeys.completedAt)
        static let errorText = Column(CodingKeys.errorText)
        static let server = Column(CodingKeys.server)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// A row of `last_snapshot`: the newest queue snapshot of one server, as JSON.
struct SnapshotRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "last_snapshot"
    var server: String
    var generation: Int
    var fetchedAt: Date
    var body: Data

    enum CodingKeys: String, CodingKey {
        case server, generation, body
        case fetchedAt = "fetched_at"
    }
}

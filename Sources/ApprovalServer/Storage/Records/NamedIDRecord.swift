import Foundation
import GRDB

/// A row of `named_id`: the id a named thing (policy, flow, tool) keeps across restarts.
struct NamedIDRecord: ServerRecord {
    static let databaseTableName = "named_id"
    var kind: String
    var name: String
    var id: String

    enum CodingKeys: String, CodingKey {
        case kind, name, id
    }
}

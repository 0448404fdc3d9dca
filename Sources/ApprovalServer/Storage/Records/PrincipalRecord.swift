import Foundation
import GRDB

/// A row of `principal`: who holds tokens, with one role; votes and requests belong to it.
struct PrincipalRecord: ServerRecord {
    static let databaseTableName = "principal"
    var id: String
    var name: String
    var role: String
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, role
        case createdAt = "created_at"
    }

    enum Columns {
        static let name = Column(CodingKeys.name)
    }
}

extension DerivableRequest<PrincipalRecord> {
    func named(_ name: String) -> Self { filter(PrincipalRecord.Columns.name == name) }
}

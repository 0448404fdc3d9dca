import Foundation
import GRDB

/// A row of `credential`: one token of a principal, stored as the SHA-256 digest of its secret.
struct CredentialRecord: ServerRecord {
    static let databaseTableName = "credential"
    static let principal = belongsTo(PrincipalRecord.self)

    var id: String
    var principalID: String
    var secretSHA256: Data
    var createdAt: Date
    var lastUsedAt: Date?
    var revokedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id
        case principalID = "principal_id"
        case secretSHA256 = "secret_sha256"
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
        case revokedAt = "revoked_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let secretSHA256 = Column(CodingKeys.secretSHA256)
        static let createdAt = Column(CodingKeys.createdAt)
        static let lastUsedAt = Column(CodingKeys.lastUsedAt)
        static let revokedAt = Column(CodingKeys.revokedAt)
    }
}

/// A credential with its principal.
struct CredentialWithPrincipal: Decodable, FetchableRecord {
    var credential: CredentialRecord
    var principal: PrincipalRecord
}

extension DerivableRequest<CredentialRecord> {
    func byID(_ id: String) -> Self { filter(CredentialRecord.Columns.id == id) }

    func withDigest(_ digest: Data) -> Self { filter(CredentialRecord.Columns.secretSHA256 == digest) }

    /// Not revoked.
    func active() -> Self { filter(CredentialRecord.Columns.revokedAt == nil) }
}

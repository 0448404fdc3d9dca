import Foundation
import GRDB

/// Principals and their tokens. Only SHA-256 digests of secrets are stored (see ``TokenHasher``).
extension ServerDatabase {
    /// v2: principals with one role each, credentials stored as digests, votes tied to principals.
    /// Every plain-text token of v1 becomes a credential with the same id (so the same secret keeps
    /// working), grouped into one principal per name; the plain-text table is dropped and, with
    /// `secure_delete`, its pages are zeroed.
    static func registerPrincipalsMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-principals-hashed-tokens") { db in
            try db.execute(sql: """
                CREATE TABLE principal (
                    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL, created_at REAL NOT NULL);
                CREATE TABLE credential (
                    id TEXT PRIMARY KEY, principal_id TEXT NOT NULL REFERENCES principal(id),
                    secret_sha256 BLOB NOT NULL UNIQUE, created_at REAL NOT NULL,
                    last_used_at REAL, revoked_at REAL);
                CREATE INDEX credential_principal ON credential(principal_id);
                ALTER TABLE approval_vote ADD COLUMN principal_id TEXT;
                ALTER TABLE approval_vote ADD COLUMN source TEXT;
                """)
            let rows = try Row.fetchAll(db, sql: "SELECT id, token, role, name, created_at FROM api_token ORDER BY created_at")
            for row in rows {
                let role = TokenRole(rawValue: row["role"]) ?? .agent
                let name: String = row["name"]
                let principal = try migratedPrincipal(db, name: name, role: role, at: row["created_at"])
                let tokenID: String = row["id"]
                try db.execute(
                    sql: "INSERT OR IGNORE INTO credential (id, principal_id, secret_sha256, created_at) VALUES (?, ?, ?, ?)",
                    arguments: [tokenID, principal, TokenHasher.digest(row["token"]), row["created_at"]])
                try db.execute(
                    sql: "UPDATE approval_request SET created_by = ? WHERE created_by = ?", arguments: [principal, tokenID])
                try db.execute(
                    sql: "UPDATE approval_vote SET principal_id = ? WHERE voter = ?", arguments: [principal, tokenID])
            }
            try db.execute(sql: "UPDATE approval_vote SET principal_id = voter WHERE principal_id IS NULL")
            try db.execute(sql: "DROP TABLE api_token")
        }
    }

    /// The principal a v1 token moves to: the one of that name and role, made when missing. A v1
    /// name used with both roles gets the role appended for the second one (a principal has one role).
    private static func migratedPrincipal(_ db: Database, name: String, role: TokenRole, at created: Double) throws -> String {
        var candidate = name.isEmpty ? role.rawValue : name
        while true {
            if let row = try Row.fetchOne(db, sql: "SELECT id, role FROM principal WHERE name = ?", arguments: [candidate]) {
                if (row["role"] as String) == role.rawValue { return row["id"] }
                candidate += "-\(role.rawValue)"
                continue
            }
            let id = UUID().uuidString.lowercased()
            try db.execute(
                sql: "INSERT INTO principal (id, name, role, created_at) VALUES (?, ?, ?, ?)",
                arguments: [id, candidate, role.rawValue, created])
            return id
        }
    }

    // MARK: Making and revoking

    /// A new token for the principal `name` of `role` (made when it does not exist yet).
    ///
    /// - Throws: ``PrincipalError`` for an unusable name or one that belongs to the other role.
    func createToken(role: TokenRole, name: String, at now: Date) throws -> IssuedToken {
        let secret = TokenGenerator.make()
        let record = try insertToken(secret, role: role, name: name, at: now)
        return IssuedToken(record: record, secret: secret)
    }

    /// Stores `secret` for principal `name` unless its digest is already known (a first-start
    /// token file read again, even one whose token was revoked: it stays revoked).
    @discardableResult
    func insertToken(_ secret: String, role: TokenRole, name: String, at now: Date) throws -> TokenRecord {
        try Principal.refuseUnusable(name: name, role: role)
        return try pool.write { db in
            let principal = try Self.principalID(db, name: name, role: role, at: now)
            let digest = TokenHasher.digest(secret)
            if let known = try CredentialRecord.all().withDigest(digest).fetchOne(db) {
                return TokenRecord(id: known.id, name: name, role: role, createdAt: now, lastUsedAt: nil)
            }
            let id = UUID().uuidString.lowercased()
            try CredentialRecord(
                id: id, principalID: principal, secretSHA256: digest, createdAt: now, lastUsedAt: nil, revokedAt: nil
            ).insert(db)
            return TokenRecord(id: id, name: name, role: role, createdAt: now, lastUsedAt: nil)
        }
    }

    private static func principalID(_ db: Database, name: String, role: TokenRole, at now: Date) throws -> String {
        if let principal = try PrincipalRecord.all().named(name).fetchOne(db) {
            let existing = TokenRole(rawValue: principal.role) ?? .agent
            guard existing == role else { throw PrincipalError.roleConflict(name: name, existing: existing) }
            return principal.id
        }
        let principal = PrincipalRecord(id: UUID().uuidString.lowercased(), name: name, role: role.rawValue, createdAt: now)
        try principal.insert(db)
        return principal.id
    }

    /// Every token that still works, oldest first.
    func tokens() throws -> [TokenRecord] {
        try pool.read { db in
            try CredentialRecord.all().active().order(CredentialRecord.Columns.createdAt)
                .including(required: CredentialRecord.principal.order(PrincipalRecord.Columns.name))
                .asRequest(of: CredentialWithPrincipal.self).fetchAll(db)
                .map { found in
                    TokenRecord(
                        id: found.credential.id, name: found.principal.name,
                        role: TokenRole(rawValue: found.principal.role) ?? .agent, createdAt: found.credential.createdAt,
                        lastUsedAt: found.credential.lastUsedAt)
                }
        }
    }

    /// Revokes the token with id `nameOrID`, or else every token of the principal of that name.
    /// Takes effect on the next request (every request looks its token up).
    ///
    /// - Returns: the revoked tokens.
    /// - Throws: ``PrincipalError/unknown(_:)`` when nothing matched a token that still works.
    func revoke(_ nameOrID: String, at now: Date) throws -> [TokenRecord] {
        let active = try tokens()
        let key = nameOrID.lowercased()
        let byID = active.filter { $0.id == key }
        let matched = byID.isEmpty ? active.filter { $0.name == nameOrID } : byID
        guard !matched.isEmpty else { throw PrincipalError.unknown(nameOrID) }
        try pool.write { db in
            for record in matched {
                try CredentialRecord.all().byID(record.id).active()
                    .updateAll(db, CredentialRecord.Columns.revokedAt.set(to: now.timeIntervalSince1970))
            }
        }
        return matched
    }

    // MARK: Authentication

    /// Who holds `token`, or nil for an unknown or revoked one. Records when a token was last
    /// used (at most once a minute, so reads stay reads).
    func caller(for token: String, now: Date = Date()) throws -> Caller? {
        guard !token.isEmpty else { return nil }
        let digest = TokenHasher.digest(token)
        // One statement, so no transaction is needed around it.
        let found = try pool.unsafeRead { db in
            try CallerRow.fetchOne(db, SQLRequest(sql: HotStatements.caller, arguments: [digest], cached: true))
        }
        guard let found, TokenHasher.constantTimeEqual(found.secretSHA256, digest),
            let role = TokenRole(rawValue: found.role)
        else { return nil }
        if found.lastUsedAt.map({ now.timeIntervalSince1970 - $0 >= 60 }) ?? true {
            try pool.write { db in
                try CredentialRecord.all().byID(found.credentialID)
                    .updateAll(db, CredentialRecord.Columns.lastUsedAt.set(to: now.timeIntervalSince1970))
            }
        }
        return Caller(id: found.principalID, role: role, name: found.name, credentialID: found.credentialID)
    }
}

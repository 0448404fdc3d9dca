import Foundation
import PostgresNIO

/// Principals and their tokens in PostgreSQL: only SHA-256 digests of secrets, as in SQLite.
extension PostgresStore {
    func createToken(role: TokenRole, name: String, at now: Date) async throws -> IssuedToken {
        let secret = TokenGenerator.make()
        let record = try await insertToken(secret, role: role, name: name, at: now)
        return IssuedToken(record: record, secret: secret)
    }

    /// Stores `secret` for principal `name` unless its digest is known (it then stays as it is,
    /// revoked included). Two replicas storing the same first-start token at once both succeed
    /// with one row: the digest is unique and a conflict is read back.
    func insertToken(_ secret: String, role: TokenRole, name: String, at now: Date) async throws -> TokenRecord {
        try Principal.refuseUnusable(name: name, role: role)
        let digest = TokenHasher.digest(secret)
        return try await transaction { connection in
            // One principal per name, whichever replica makes it first.
            try await connection.query("""
                INSERT INTO principal (id, name, role, created_at)
                VALUES (\(UUID().uuidString.lowercased()), \(name), \(role.rawValue), \(now.timeIntervalSince1970))
                ON CONFLICT (name) DO NOTHING
                """, logger: Self.logger)
            let found = try await connection.query(
                "SELECT id, role FROM principal WHERE name = \(name)", logger: Self.logger)
            var principal: (id: String, role: String)?
            for try await (id, role) in found.decode((String, String).self) { principal = (id, role) }
            guard let principal else { throw ServerError.storage("the principal \(name) vanished while it was made") }
            guard principal.role == role.rawValue else {
                throw PrincipalError.roleConflict(name: name, existing: TokenRole(rawValue: principal.role) ?? .agent)
            }
            let id = UUID().uuidString.lowercased()
            try await connection.query("""
                INSERT INTO credential (id, principal_id, secret_sha256, created_at)
                VALUES (\(id), \(principal.id), \(digest), \(now.timeIntervalSince1970))
                ON CONFLICT (secret_sha256) DO NOTHING
                """, logger: Self.logger)
            let stored = try await connection.query(
                "SELECT id FROM credential WHERE secret_sha256 = \(digest)", logger: Self.logger)
            var storedID = id
            for try await known in stored.decode(String.self) { storedID = known }
            return TokenRecord(id: storedID, name: name, role: role, createdAt: now, lastUsedAt: nil)
        }
    }

    /// Every token that still works, oldest first.
    func tokens() async throws -> [TokenRecord] {
        try await answering { [client] in
            let rows = try await client.query("""
                SELECT credential.id, principal.name, principal.role, credential.created_at, credential.last_used_at
                FROM credential JOIN principal ON principal.id = credential.principal_id
                WHERE credential.revoked_at IS NULL ORDER BY credential.created_at, principal.name
                """, logger: Self.logger)
            var records: [TokenRecord] = []
            for try await (id, name, role, created, used) in rows.decode((String, String, String, Double, Double?).self) {
                records.append(TokenRecord(
                    id: id, name: name, role: TokenRole(rawValue: role) ?? .agent,
                    createdAt: Date(timeIntervalSince1970: created), lastUsedAt: used.map(Date.init(timeIntervalSince1970:))))
            }
            return records
        }
    }

    /// Revokes the token with id `nameOrID`, or else every token of the principal of that name.
    func revoke(_ nameOrID: String, at now: Date) async throws -> [TokenRecord] {
        let active = try await tokens()
        let key = nameOrID.lowercased()
        let byID = active.filter { $0.id == key }
        let matched = byID.isEmpty ? active.filter { $0.name == nameOrID } : byID
        guard !matched.isEmpty else { throw PrincipalError.unknown(nameOrID) }
        try await transaction { connection in
            for record in matched {
                try await connection.query("""
                    UPDATE credential SET revoked_at = \(now.timeIntervalSince1970)
                    WHERE id = \(record.id) AND revoked_at IS NULL
                    """, logger: Self.logger)
            }
        }
        return matched
    }

    /// Who holds `token`, or nil for an unknown or revoked one; notes when a token was last used
    /// (at most once a minute).
    func caller(for token: String, now: Date) async throws -> Caller? {
        guard !token.isEmpty else { return nil }
        let digest = TokenHasher.digest(token)
        let found = try await answering { [client] () -> (String, Data, Double?, String, String, String)? in
            let rows = try await client.query("""
                SELECT credential.id, credential.secret_sha256, credential.last_used_at, principal.id, principal.name,
                    principal.role
                FROM credential JOIN principal ON principal.id = credential.principal_id
                WHERE credential.secret_sha256 = \(digest) AND credential.revoked_at IS NULL LIMIT 1
                """, logger: Self.logger)
            for try await row in rows.decode((String, Data, Double?, String, String, String).self) { return row }
            return nil
        }
        guard let (credentialID, stored, lastUsed, principalID, name, roleText) = found,
            TokenHasher.constantTimeEqual(stored, digest), let role = TokenRole(rawValue: roleText)
        else { return nil }
        if lastUsed.map({ now.timeIntervalSince1970 - $0 >= 60 }) ?? true {
            try await answering { [client] in
                try await client.query(
                    "UPDATE credential SET last_used_at = \(now.timeIntervalSince1970) WHERE id = \(credentialID)",
                    logger: Self.logger)
            }
        }
        return Caller(id: principalID, role: role, name: name, credentialID: credentialID)
    }

    /// The id of a named thing (policy, flow), the same across restarts and replicas.
    func stableID(kind: String, name: String) async throws -> String {
        try await transaction { connection in
            try await connection.query("""
                INSERT INTO named_id (kind, name, id) VALUES (\(kind), \(name), \(UUID().uuidString.lowercased()))
                ON CONFLICT (kind, name) DO NOTHING
                """, logger: Self.logger)
            let rows = try await connection.query(
                "SELECT id FROM named_id WHERE kind = \(kind) AND name = \(name)", logger: Self.logger)
            for try await id in rows.decode(String.self) { return id }
            throw ServerError.storage("the id of \(kind) \(name) vanished while it was made")
        }
    }
}

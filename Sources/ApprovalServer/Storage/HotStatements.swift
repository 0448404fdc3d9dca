import Foundation
import GRDB

/// The SQL every request runs — authentication, the expiry check, the versions of a list page —
/// written out and kept compiled (`cached: true`: SQLite prepares each once per connection).
/// The query interface builds and compiles its SQL again on every call; with a list of 100 that
/// was a fifth of the server's CPU (perf, release build). The authentication, list and expiry
/// tests run through these statements.
enum HotStatements {
    /// The credential with this digest, not revoked, and its principal.
    static let caller = """
        SELECT credential.id AS credential_id, credential.secret_sha256, credential.last_used_at,
            principal.id AS principal_id, principal.name, principal.role
        FROM credential JOIN principal ON principal.id = credential.principal_id
        WHERE credential.secret_sha256 = ? AND credential.revoked_at IS NULL
        LIMIT 1
        """

    /// Whether any pending request is past its `expires_at` (the (status, expires_at) index).
    static let anyDue = """
        SELECT EXISTS (SELECT 1 FROM approval_request WHERE status = 'pending' AND expires_at <= ?)
        """

    /// The ``WireCache/Key`` of each request of a page, newest first, optionally filtered by
    /// status and by flow execution; the vote count is a correlated count, so a page is one query. Arguments in order: status (when filtered), execution id
    /// (when filtered), limit, offset.
    static func versions(byStatus: Bool, byExecution: Bool) -> String {
        versionSQL[(byStatus ? 1 : 0) + (byExecution ? 2 : 0)]
    }

    private static let versionSQL: [String] = (0..<4).map { variant in
        var filters: [String] = []
        if variant & 1 != 0 { filters.append("request.status = ?") }
        if variant & 2 != 0 { filters.append("request.execution_id = ?") }
        return """
            SELECT request.id, request.status, request.resolved_at, request.approver_comment,
                (SELECT COUNT(*) FROM approval_vote WHERE approval_vote.request_id = request.id) AS vote_count
            FROM approval_request AS request
            \(filters.isEmpty ? "" : "WHERE " + filters.joined(separator: " AND "))
            ORDER BY request.requested_at DESC, request.rowid DESC
            LIMIT ? OFFSET ?
            """
    }
}

/// A row of ``HotStatements/caller``.
struct CallerRow: Decodable, FetchableRecord {
    var credentialID: String
    var secretSHA256: Data
    var lastUsedAt: Double?
    var principalID: String
    var name: String
    var role: String

    enum CodingKeys: String, CodingKey {
        case credentialID = "credential_id"
        case secretSHA256 = "secret_sha256"
        case lastUsedAt = "last_used_at"
        case principalID = "principal_id"
        case name, role
    }
}

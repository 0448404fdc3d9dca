import ApprovalModel
import Foundation
import PostgresNIO
import SQLiteSupport

/// The approver lists in PostgreSQL: pages, their tags, and requests as approvers see them.
extension PostgresStore {
    var requestListTag: String { get async throws { try await listTag("requests") } }
    var executionListTag: String { get async throws { try await listTag("executions") } }

    /// `W/"pg-<generation>"`: the same on every replica, moved by every committed change (see the
    /// `list_change` triggers), so a tag one replica gave is good on the others.
    private func listTag(_ name: String) async throws -> String {
        try await answering { [client] in
            let rows = try await client.query("SELECT generation FROM list_change WHERE name = \(name)", logger: Self.logger)
            for try await generation in rows.decode(Int64.self) { return "W/\"pg-\(generation)\"" }
            throw ServerError.storage("the list_change row \(name) is missing; the schema is not this server's")
        }
    }

    func approvalCount(for id: String) async throws -> Int {
        try await answering { [client] in
            try await client.withConnection { connection in try await Self.approvalCount(connection, id) }
        }
    }

    func wire(_ rows: [StoredRequest]) async throws -> [ApprovalRequest] {
        guard !rows.isEmpty else { return [] }
        let (votes, rules) = try await answering { [client] in
            try await client.withConnection { connection in
                (try await Self.votes(connection, rows.map(\.id)),
                 try await Self.ruleDecisions(connection, rows.compactMap(\.decidedByRule)))
            }
        }
        return rows.map { row in
            var request = row.wire
            request.votes = votes[row.id] ?? []
            request.decidedByRule = row.decidedByRule.flatMap { rules[$0] }
            return request
        }
    }

    /// A page of requests, newest first, as the approver API's JSON array; each request's JSON
    /// comes from `cache` while its row and vote count are unchanged.
    func requestPageJSON(
        status: ApprovalStatus?, executionID: String?, skip: Int, limit: Int, cache: WireCache
    ) async throws -> Data {
        var filters: [String] = []
        var bindings = PostgresBindings()
        if let status {
            bindings.append(status.rawValue)
            filters.append("request.status = $\(bindings.count)")
        }
        if let executionID {
            bindings.append(executionID)
            filters.append("request.execution_id = $\(bindings.count)")
        }
        bindings.append(limit)
        bindings.append(skip)
        let sql = """
            SELECT request.id, request.status, request.resolved_at, request.approver_comment,
                (SELECT count(*) FROM approval_vote WHERE approval_vote.request_id = request.id) AS vote_count
            FROM approval_request AS request
            \(filters.isEmpty ? "" : "WHERE " + filters.joined(separator: " AND "))
            ORDER BY request.requested_at DESC, request.inserted DESC
            LIMIT $\(bindings.count - 1) OFFSET $\(bindings.count)
            """
        let query = PostgresQuery(unsafeSQL: sql, binds: bindings)
        return try await answering { [client] in
            try await client.withConnection { connection in
                var keys: [WireCache.Key] = []
                for try await (id, status, resolved, comment, votes) in try await connection.query(query, logger: Self.logger)
                    .decode((String, String, Double?, Data?, Int).self) {
                    keys.append(WireCache.Key(
                        id: id, status: status, resolvedAt: resolved, comment: LosslessString(comment.map(Self.text)),
                        votes: votes))
                }
                var parts = cache.lookup(keys)
                let missing = keys.indices.filter { parts[$0] == nil }
                if !missing.isEmpty {
                    var requests: [StoredRequest] = []
                    for index in missing {
                        if let request = try await Self.fetchRequest(connection, keys[index].id) { requests.append(request) }
                    }
                    try cache.fill(
                        &parts, keys: keys, missing: missing, requests: requests,
                        votes: try await Self.votes(connection, requests.map(\.id)),
                        rules: try await Self.ruleDecisions(connection, requests.compactMap(\.decidedByRule)))
                }
                return WireCache.splice(parts.compactMap { $0 })
            }
        }
    }

    // MARK: Inside a connection

    /// The votes on each of `ids`, in the order cast, with the voters' names.
    static func votes(_ connection: PostgresConnection, _ ids: [String]) async throws -> [String: [ApprovalVote]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await connection.query("""
            SELECT vote.request_id, coalesce(principal.name, vote.principal_id), vote.approved, vote.source, vote.comment,
                vote.voted_at
            FROM approval_vote AS vote LEFT JOIN principal ON principal.id = vote.principal_id
            WHERE vote.request_id = ANY(\(ids)) ORDER BY vote.voted_at, vote.cast_order
            """, logger: logger)
        var grouped: [String: [ApprovalVote]] = [:]
        for try await (request, name, approved, source, comment, at) in rows
            .decode((String, String, Bool, String?, Data?, Double).self) {
            grouped[request, default: []].append(ApprovalVote(
                principal: name, approved: approved, source: source.map { DecisionSource(header: $0) },
                comment: comment.map(text), at: Date(timeIntervalSince1970: at)))
        }
        return grouped
    }

    /// The rules among `ids` (revoked ones too) as a decided request names them.
    static func ruleDecisions(_ connection: PostgresConnection, _ ids: [String]) async throws -> [String: RuleDecision] {
        guard !ids.isEmpty else { return [:] }
        var bindings = PostgresBindings()
        bindings.append(Array(Set(ids)))
        var found: [String: RuleDecision] = [:]
        for rule in try await rules(connection, where: "id = ANY($1)", bindings) {
            found[rule.id] = RuleDecision(id: rule.id, createdBy: rule.createdBy, description: rule.description?.text)
        }
        return found
    }
}

import ApprovalModel
import Foundation
import PostgresNIO

/// Cancellation, released claims and what a replica sweeps up when it starts.
extension PostgresStore: ServerStore {
    @discardableResult
    func cancelIfPending(id: String, reason: String, now: Date) async throws -> Bool {
        let cancelled = try await transaction { [origin] connection in
            try await Self.cancelIfPending(connection, id: id, reason: reason, now: now, origin: origin)
        }
        if let cancelled { push.publish(.approval("approval_cancelled", cancelled, at: now)) }
        return cancelled != nil
    }

    /// Gives back the claim of an approved request whose tool was never reached.
    func releaseClaim(id: String) async throws -> Bool {
        try await answering { [client] in
            let rows = try await client.query("""
                UPDATE approval_request SET tool_result = NULL, claimed_by = NULL
                WHERE id = \(id) AND status = 'approved' AND tool_result = \(JSONText.encode(ToolOutcome.executingMarker))
                RETURNING id
                """, logger: Self.logger)
            return try await Self.count(rows) == 1
        }
    }

    /// At this replica's start: cancels the pending blocking calls it held (their agents' HTTP
    /// calls died with its previous run); another replica's are still waited for.
    @discardableResult
    func cancelOrphanedBlockingRequests(now: Date) async throws -> Int {
        try await expireDueIfAny(now: now)
        let cancelled = try await transaction { [origin, replica] connection in
            let rows = try await connection.query("""
                SELECT id FROM approval_request WHERE status = 'pending' AND blocking AND replica = \(replica)
                """, logger: Self.logger)
            var ids: [String] = []
            for try await id in rows.decode(String.self) { ids.append(id) }
            var cancelled: [StoredRequest] = []
            for id in ids {
                if let request = try await Self.cancelIfPending(
                    connection, id: id, reason: ServerDatabase.orphanedBlockingReason, now: now, origin: origin) {
                    cancelled.append(request)
                }
            }
            return cancelled
        }
        for request in cancelled { push.publish(.approval("approval_cancelled", request, at: now)) }
        return cancelled.count
    }

    /// The tools this replica had claimed when its previous run stopped: never run again.
    func abandonInterruptedExecutions() async throws {
        let interrupted = JSONText.encode(["_error": "The server stopped while the tool was running; it is not run again."])
        try await answering { [client, replica] in
            try await client.query("""
                UPDATE approval_request SET tool_result = \(interrupted)
                WHERE tool_result = \(JSONText.encode(ToolOutcome.executingMarker)) AND claimed_by = \(replica)
                """, logger: Self.logger)
        }
    }

    func requestedToolNames() async throws -> [String] {
        try await answering { [client] in
            var names: [String] = []
            for try await name in try await client.query("SELECT DISTINCT tool_name FROM approval_request", logger: Self.logger)
                .decode(String.self) {
                names.append(name)
            }
            return names
        }
    }

    /// Cancels `id` when still pending, in the current transaction: its resolution, a `cancelled`
    /// event and a notice to the other replicas. The cancelled request, or nil when it was not pending.
    static func cancelIfPending(
        _ connection: PostgresConnection, id: String, reason: String, now: Date, origin: String
    ) async throws -> StoredRequest? {
        let rows = try await connection.query("""
            UPDATE approval_request SET status = 'cancelled', resolved_at = \(now.timeIntervalSince1970),
                approver_comment = \(bytes(reason))
            WHERE id = \(id) AND status = 'pending' RETURNING id
            """, logger: logger)
        guard try await count(rows) == 1 else { return nil }
        try await addEvent(connection, id, now, "cancelled", reason)
        try await notify(connection, ChangeNotice(origin: origin, id: id, type: "approval_cancelled", at: now.timeIntervalSince1970))
        return try await fetchRequest(connection, id)
    }
}

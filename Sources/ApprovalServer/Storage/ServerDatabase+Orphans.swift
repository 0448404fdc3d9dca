import Foundation
import GRDB

/// Blocking requests (policy `async = false`) whose agent can no longer be waiting: the server
/// process that held the agent's HTTP call was killed (SIGKILL, crash, power loss) before the
/// graceful stop could cancel them.
extension ServerDatabase {
    /// v3: whether the agent's call waits inside the handler for the decision. Rows made before
    /// read 0: which of them waited is not known, and an agent may still poll them.
    static func registerBlockingRequestsMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-blocking-requests") { db in
            try db.execute(sql: "ALTER TABLE approval_request ADD COLUMN blocking INTEGER NOT NULL DEFAULT 0")
        }
    }

    /// The reason (comment and event detail) of a blocking request cancelled at start-up.
    static let orphanedBlockingReason =
        "Cancelled at start-up: the server stopped while the agent waited for this blocking call, so nobody is waiting for its result"

    /// At start-up, before the listener accepts calls: cancels every pending blocking request, so
    /// none can be approved and run for an agent that is gone. The same cancellation as an agent
    /// that disconnects (``cancelIfPending(_:id:reason:now:push:)``). Requests already past their
    /// time are expired first, as every decision does. Returns how many were cancelled.
    @discardableResult
    func cancelOrphanedBlockingRequests(now: Date) throws -> Int {
        try pool.write { db in
            try Self.expireDue(db, now: now, push: push)
            let ids = try ApprovalRequestRecord.all().pending().blocking()
                .select(ApprovalRequestRecord.Columns.id, as: String.self).fetchAll(db)
            var cancelled = 0
            for id in ids {
                if try Self.cancelIfPending(db, id: id, reason: Self.orphanedBlockingReason, now: now, push: push) {
                    cancelled += 1
                }
            }
            return cancelled
        }
    }
}

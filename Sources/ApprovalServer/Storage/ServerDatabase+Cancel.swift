import Foundation
import GRDB

extension ServerDatabase {
    /// Cancels request `id` if it is still pending (compare-and-set), with `reason` as its comment
    /// and a `cancelled` event; true when this call cancelled it. A cancelled request can never be
    /// approved or run.
    @discardableResult
    func cancelIfPending(id: String, reason: String, now: Date) throws -> Bool {
        try pool.write { db in try Self.cancelIfPending(db, id: id, reason: reason, now: now, push: push) }
    }

    /// ``cancelIfPending(id:reason:now:)`` inside a write: the resolution, the `cancelled` event
    /// and the `approval_cancelled` push once committed. Every cancellation goes through here.
    static func cancelIfPending(_ db: Database, id: String, reason: String, now: Date, push: PushBroadcaster) throws -> Bool {
        let changed = try ApprovalRequestRecord.all().byID(id).pending()
            .updateAll(db, ApprovalRequestRecord.resolution(.cancelled, at: now, comment: reason))
        guard changed > 0 else { return false }
        try addEvent(db, id, now, "cancelled", reason)
        if let cancelled = try fetchRequest(db, id) {
            publishAfterCommit(db, push, .approval("approval_cancelled", cancelled, at: now))
        }
        return true
    }
}

import Foundation
import GRDB

extension ServerDatabase {
    /// Cancels request `id` if it is still pending (compare-and-set), with `reason` as its comment
    /// and a `cancelled` event; true when this call cancelled it. A cancelled request can never be
    /// approved or run.
    @discardableResult
    func cancelIfPending(id: String, reason: String, now: Date) throws -> Bool {
        try pool.write { db in
            let changed = try ApprovalRequestRecord.all().byID(id).pending()
                .updateAll(db, ApprovalRequestRecord.resolution(.cancelled, at: now, comment: reason))
            guard changed > 0 else { return false }
            try Self.addEvent(db, id, now, "cancelled", reason)
            if let cancelled = try Self.fetchRequest(db, id) {
                Self.publishAfterCommit(db, push, .approval("approval_cancelled", cancelled, at: now))
            }
            return true
        }
    }
}

import ApprovalModel
import Foundation
import GRDB

extension LocalStore {
    // MARK: - Seen ids

    /// The ids of `kind` already seen for `server`.
    public func seenIDs(_ kind: SeenKind, server: String) throws(StoreError) -> Set<String> {
        try read("seen ids") { db in
            let ids = try String.fetchAll(
                db,
                SeenItemRecord
                    .select(SeenItemRecord.Columns.itemID)
                    .filter(SeenItemRecord.Columns.server == server && SeenItemRecord.Columns.kind == kind.rawValue))
            return Set(ids)
        }
    }

    /// Whether anything at all was ever seen for `server` (false on the first run against it).
    public func hasSeenAnything(server: String) throws(StoreError) -> Bool {
        try read("seen ids") { db in
            try SeenItemRecord.filter(SeenItemRecord.Columns.server == server).isEmpty(db) == false
        }
    }

    /// Marks ids as seen for `server`, in one transaction. Ids already seen keep their first date.
    public func markSeen(
        requestIDs: [String], finalExecutionIDs: [String] = [], server: String, at date: Date
    ) throws(StoreError) {
        guard !requestIDs.isEmpty || !finalExecutionIDs.isEmpty else { return }
        try write("seen ids") { db in
            let items = requestIDs.map { (SeenKind.request, $0) } + finalExecutionIDs.map { (SeenKind.executionFinal, $0) }
            for (kind, id) in items {
                try SeenItemRecord(server: server, kind: kind.rawValue, itemID: id, firstSeenAt: date)
                    .insert(db, onConflict: .ignore)
            }
        }
    }
}

extension LocalStore {
    /// Forgets ids first seen before `date` (for every server), so the table does not grow
    /// forever. Keep `date` well behind the longest time a request can stay pending (days, not
    /// minutes), or a forgotten id that is still pending would ring again.
    /// - Returns: how many ids were forgotten.
    @discardableResult
    public func forgetSeen(before date: Date) throws(StoreError) -> Int {
        try write("seen ids") { db in
            try SeenItemRecord.filter(SeenItemRecord.Columns.firstSeenAt < date).deleteAll(db)
        }
    }
}

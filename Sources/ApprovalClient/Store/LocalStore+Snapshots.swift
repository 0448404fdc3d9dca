import Foundation
import GRDB

extension LocalStore {
    // MARK: - Last snapshot

    /// Keeps `snapshot` as the last known queue of `server`, replacing the one before.
    /// The console shows it at launch, marked with its age, until the first fetch answers.
    public func saveSnapshot(_ snapshot: QueueSnapshot, server: String) throws(StoreError) {
        let body: Data
        do {
            body = try JSONEncoder().encode(snapshot)
        } catch {
            throw .writeFailed(operation: "the queue snapshot", reason: Self.reason(error))
        }
        try write("the queue snapshot") { db in
            try SnapshotRecord(
                server: server, generation: snapshot.generation, fetchedAt: snapshot.fetchedAt, body: body
            ).save(db)
        }
    }

    /// The last snapshot saved for `server`, or nil when there is none.
    /// - Throws: ``StoreError/unreadableSnapshot(server:reason:)`` when it cannot be decoded;
    ///   callers may treat that as "none".
    public func lastSnapshot(server: String) throws(StoreError) -> QueueSnapshot? {
        let record = try read("the queue snapshot") { db in try SnapshotRecord.fetchOne(db, key: server) }
        guard let record else { return nil }
        do {
            return try JSONDecoder().decode(QueueSnapshot.self, from: record.body)
        } catch {
            throw .unreadableSnapshot(server: server, reason: Self.reason(error))
        }
    }
}

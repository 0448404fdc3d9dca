import ApprovalModel
import Foundation
import GRDB

extension LocalStore {
    // MARK: - Last snapshot

    /// Keeps `snapshot` as the last known queue of `server`, replacing the one before.
    /// The console shows it at launch, marked with its age, until the first fetch answers.
    public func saveSnapshot(_ snapshot: QueueSnapshot, server: String) throws(StoreError) {
        let body: Data
        do {
            body = try Self.encode(snapshot)
        } catch {
            throw .writeFailed(operation: "the queue snapshot", reason: Self.reason(error))
        }
        // One statement compiled for this write and finalized after it: a record's `save` keeps a
        // cached statement, and with it a copy of the body it bound (7 MB for 10,000 requests,
        // twice: its update and its insert) for as long as the console runs.
        try write("the queue snapshot") { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO \(SnapshotRecord.databaseTableName) (server, generation, fetched_at, body) VALUES (?, ?, ?, ?)",
                arguments: [server, snapshot.generation, snapshot.fetchedAt, body])
        }
    }

    /// `snapshot` as `JSONEncoder` writes it, built one request at a time: encoding the whole
    /// snapshot at once held a tree of every request (35 MB at 10,000 of them) beside the result.
    static func encode(_ snapshot: QueueSnapshot) throws -> Data {
        let encoder = JSONEncoder()
        var body = Data()
        func list<Item: Encodable>(_ key: String, _ items: [Item]) throws {
            body.append(contentsOf: "\"\(key)\":[".utf8)
            for (index, item) in items.enumerated() {
                if index > 0 { body.append(UInt8(ascii: ",")) }
                body.append(try encoder.encode(item))
            }
            body.append(UInt8(ascii: "]"))
        }
        body.append(UInt8(ascii: "{"))
        try list("requests", snapshot.requests)
        body.append(UInt8(ascii: ","))
        try list("executions", snapshot.executions)
        body.append(contentsOf: #","fetchedAt":"#.utf8)
        body.append(try encoder.encode(snapshot.fetchedAt))
        body.append(contentsOf: #","generation":\#(snapshot.generation)}"#.utf8)
        return body
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

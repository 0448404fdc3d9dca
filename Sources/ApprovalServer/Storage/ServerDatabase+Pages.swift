import SQLiteSupport
import ApprovalModel
import Foundation
import GRDB

extension ServerDatabase {
    /// A page of requests, newest first, as the approver API's JSON array. The caller marks overdue
    /// pending ones expired first (``expireDueIfAny(now:)``), before it reads the list's tag.
    /// Each request's JSON comes from `cache` while its row is unchanged, so a
    /// page costs one small query and a splice; only new or changed rows are read whole and encoded.
    func requestPageJSON(
        status: ApprovalStatus?, executionID: String? = nil, skip: Int, limit: Int, cache: WireCache
    ) throws -> Data {
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let status { arguments.append(status.rawValue) }
        if let executionID { arguments.append(executionID) }
        arguments += [limit, skip]
        let sql = HotStatements.versions(byStatus: status != nil, byExecution: executionID != nil)
        return try pool.read { db in
            let keys = try WireCache.Key.fetchAll(db, SQLRequest(sql: sql, arguments: StatementArguments(arguments), cached: true))
            var parts = cache.lookup(keys)
            let missing = keys.indices.filter { parts[$0] == nil }
            if !missing.isEmpty {
                let ids = missing.map { keys[$0].id }
                let records = try ApprovalRequestRecord.fetchAll(db, keys: ids)
                let votes = try Self.votes(db, ids)
                let rules = try Self.ruleDecisions(db, records.compactMap(\.decidedByRule))
                var encoded: [String: Data] = [:]
                let encoder = JSONEncoder.preloop()
                for record in records {
                    var wire = StoredRequest(record).wire
                    wire.votes = votes[record.id] ?? []
                    wire.decidedByRule = record.decidedByRule.flatMap { rules[$0] }
                    encoded[record.id] = Reply.terminalSafe(try VerbatimJSON.encode(wire, with: encoder))
                }
                for index in missing {
                    guard let json = encoded[keys[index].id] else { continue }
                    parts[index] = json
                    cache.store(keys[index], json)
                }
            }
            return WireCache.splice(parts.compactMap { $0 })
        }
    }
}

/// Each request's approver-API JSON, kept from the first time it was encoded for as long as the
/// row's changing columns (status, resolved_at, approver_comment) and its number of votes stay the same. Bounded: past
/// ``capacity`` entries it starts over.
final class WireCache: @unchecked Sendable {
    // Safe: `entries` is only touched under `lock`.
    private let lock = NSLock()
    private var entries: [String: (Key, Data)] = [:]
    let capacity: Int

    init(capacity: Int = 20_000) { self.capacity = capacity }

    /// What identifies one version of a request's JSON.
    struct Key: Hashable, Sendable, Decodable, FetchableRecord {
        var id: String
        var status: String
        var resolvedAt: Double?
        var comment: LosslessString?
        var votes: Int

        enum CodingKeys: String, CodingKey {
            case id, status
            case resolvedAt = "resolved_at"
            case comment = "approver_comment"
            case votes = "vote_count"
        }
    }

    /// The cached JSON for each key, nil where missing or stale.
    func lookup(_ keys: [Key]) -> [Data?] {
        lock.withLock {
            keys.map { key in
                guard let (stored, json) = entries[key.id], stored == key else { return nil }
                return json
            }
        }
    }

    func store(_ key: Key, _ json: Data) {
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key.id] = (key, json)
        }
    }

    /// `[a,b,…]` from the objects' JSON.
    static func splice(_ parts: [Data]) -> Data {
        var out = Data(capacity: parts.reduce(2) { $0 + $1.count + 1 })
        out.append(UInt8(ascii: "["))
        for (index, part) in parts.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(part)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }
}

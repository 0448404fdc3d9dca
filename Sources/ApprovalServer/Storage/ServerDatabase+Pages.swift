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
                let requests = try ApprovalRequestRecord.fetchAll(db, keys: ids).map(StoredRequest.init)
                try cache.fill(
                    &parts, keys: keys, missing: missing, requests: requests, votes: try Self.votes(db, ids),
                    rules: try Self.ruleDecisions(db, requests.compactMap(\.decidedByRule)))
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

    /// Encodes `requests` (the rows of the page's `missing` indices) with their votes and rules,
    /// puts each JSON in its place in `parts` and keeps it for the next page.
    func fill(
        _ parts: inout [Data?], keys: [Key], missing: [Int], requests: [StoredRequest],
        votes: [String: [ApprovalVote]], rules: [String: RuleDecision]
    ) throws {
        var encoded: [String: Data] = [:]
        let encoder = JSONEncoder.preloop()
        for request in requests {
            var wire = request.wire
            wire.votes = votes[request.id] ?? []
            wire.decidedByRule = request.decidedByRule.flatMap { rules[$0] }
            encoded[request.id] = Reply.terminalSafe(try VerbatimJSON.encode(wire, with: encoder))
        }
        for index in missing {
            guard let json = encoded[keys[index].id] else { continue }
            parts[index] = json
            store(keys[index], json)
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

import Foundation
import GRDB

/// Counts committed transactions that changed some tables (approval requests and their votes; flow
/// executions), so a list of them can say "nothing changed since you last asked" (`ETag` /
/// `If-None-Match` → 304) without reading.
///
/// It observes the writer connection of this process, where every write of the server happens
/// (one server per data directory). The tag joins a per-start random part, so a tag from before a
/// restart never matches.
final class ChangeCounter: TransactionObserver, @unchecked Sendable {
    // Safe: `generation` and `changed` are only touched under `lock`.
    private let lock = NSLock()
    private var generation = 0
    private var changed = false
    private let instance = UUID().uuidString.prefix(8).lowercased()
    let tables: Set<String>

    init(tables: Set<String>) { self.tables = tables }

    /// The state of every row of the tables now: equal tags mean none changed in between.
    var tag: String { lock.withLock { "W/\"\(instance)-\(generation)\"" } }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        tables.contains(eventKind.tableName)
    }

    func databaseDidChange(with event: DatabaseEvent) {
        lock.withLock { changed = true }
    }

    func databaseDidCommit(_ db: Database) {
        lock.withLock {
            if changed { generation += 1 }
            changed = false
        }
    }

    func databaseDidRollback(_ db: Database) {
        lock.withLock { changed = false }
    }

    /// `build()`'s answer with the list's `ETag` `tag`, or a 304 when `request` names that tag. The
    /// caller reads the tag before `build` runs, never after it, so a change that lands while the
    /// answer is built can only make the next request refetch.
    static func tagged(
        _ request: APIRequest, tag: String, build: () async throws -> HTTPResponse
    ) async rethrows -> HTTPResponse {
        var response = matches(request.header("If-None-Match"), tag) ? Reply.notModified(tag) : try await build()
        response.headers[HTTPHeader("ETag")] = tag
        response.headers[HTTPHeader("Approval-Page-Limit")] = String(largestPage)
        return response
    }

    /// The largest page a tagged list serves (Preloop's is 100); `Approval-Page-Limit` says so.
    static let largestPage = 1_000

    /// Whether an `If-None-Match` header value names `tag` (`*`, or one of a comma-separated list;
    /// weak comparison, as RFC 9110 asks for `If-None-Match`).
    static func matches(_ header: String?, _ tag: String) -> Bool {
        guard let header else { return false }
        func opaque(_ text: Substring) -> Substring {
            let trimmed = text.drop { $0 == " " || $0 == "\t" }
            return trimmed.hasPrefix("W/") ? trimmed.dropFirst(2) : trimmed
        }
        let wanted = opaque(Substring(tag))
        return header.split(separator: ",").contains { candidate in
            let value = opaque(candidate).reversed().drop { $0 == " " || $0 == "\t" }.reversed()
            return String(value) == "*" || String(value) == String(wanted)
        }
    }
}

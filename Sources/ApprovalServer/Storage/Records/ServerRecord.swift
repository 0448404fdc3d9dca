import Foundation
import GRDB

/// A row of one of the server's tables. Times are stored as seconds since 1970 (REAL), as the
/// schema has always had them; GRDB's default (text) never touches these tables.
///
/// A query that compares a time column must bind `timeIntervalSince1970`, never a `Date`
/// (which GRDB binds as text): the query extensions of each record take a `Date` and do it.
protocol ServerRecord: Codable, FetchableRecord, PersistableRecord, Sendable {}

extension ServerRecord {
    static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .timeIntervalSince1970
    }

    static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .timeIntervalSince1970
    }
}

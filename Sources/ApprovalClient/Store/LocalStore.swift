import ApprovalModel
import Foundation
import GRDB

/// The console's own SQLite file: ids already notified, the decision journal and the last
/// snapshot of each server.
///
/// A `DatabasePool` (WAL: readers never wait for the writer) over a real file. Methods are
/// synchronous and safe to call from any thread or task. Errors are ``StoreError``.
///
/// ```swift
/// let store = try LocalStore(path: LocalStore.defaultPath(environment: ProcessInfo.processInfo.environment))
/// let id = try store.beginDecision(requestID: request.id, toolName: request.toolName,
///                                  verdict: .approve, comment: nil, server: "prod", at: now)
/// ```
public final class LocalStore: Sendable {
    /// The database file.
    public let path: String
    let pool: DatabasePool

    /// Opens (or creates) the database at `path` and brings its schema up to date.
    ///
    /// The folder holding the file is created when missing, and set to mode 0700 when this call
    /// created it.
    /// - Throws: ``StoreError/cannotCreateDirectory(path:reason:)``,
    ///   ``StoreError/cannotOpen(path:reason:)`` or ``StoreError/migrationFailed(path:reason:)``.
    public init(path: String) throws(StoreError) {
        self.path = path
        try Self.createDirectory((path as NSString).deletingLastPathComponent)
        do {
            var configuration = GRDB.Configuration()
            configuration.busyMode = .timeout(5)
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path: path, reason: Self.reason(error))
        }
        do {
            try Self.migrator.migrate(pool)
        } catch {
            throw .migrationFailed(path: path, reason: Self.reason(error))
        }
    }

    /// Closes the database. Any later call fails with a ``StoreError``.
    public func close() throws(StoreError) {
        do {
            try pool.close()
        } catch {
            throw .writeFailed(operation: "pending changes before closing", reason: Self.reason(error))
        }
    }

    /// `$XDG_STATE_HOME/approval-tui/local.sqlite`, with `XDG_STATE_HOME` defaulting to
    /// `$HOME/.local/state` when it is unset, empty or not an absolute path (as the XDG spec says).
    /// - Throws: ``StoreError/noStateDirectory`` when neither variable gives a folder.
    public static func defaultPath(environment: [String: String]) throws(StoreError) -> String {
        let stateHome: String
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            stateHome = xdg
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            stateHome = (home as NSString).appendingPathComponent(".local/state")
        } else {
            throw .noStateDirectory
        }
        return ((stateHome as NSString).appendingPathComponent("approval-tui") as NSString)
            .appendingPathComponent("local.sqlite")
    }

    // MARK: - Schema

    /// The schema history. Identifiers are stable; a shipped migration is never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-seen-and-journal") { db in
            try db.create(table: "seen_item") { t in
                t.column("server", .text).notNull()
                t.column("kind", .text).notNull().check { ["request", "execution-final"].contains($0) }
                t.column("item_id", .text).notNull()
                t.column("first_seen_at", .datetime).notNull()
                t.primaryKey(["server", "kind", "item_id"])
            }
            try db.create(table: "decision_journal") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("request_id", .text).notNull()
                t.column("tool_name", .text).notNull()
                t.column("verdict", .text).notNull().check { ["approve", "decline"].contains($0) }
                t.column("comment", .text)
                t.column("server", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("completed_at", .datetime)
                // Literal values: a migration must not change when the enum later grows.
                t.column("outcome", .text).notNull().indexed().check {
                    ["pending", "approved", "declined", "already-decided", "vote-recorded", "failed", "unknown"]
                        .contains($0)
                }
                t.column("error_text", .text)
            }
        }
        migrator.registerMigration("v2-last-snapshot") { db in
            try db.create(table: "last_snapshot") { t in
                t.primaryKey("server", .text)
                t.column("generation", .integer).notNull()
                t.column("fetched_at", .datetime).notNull()
                t.column("body", .blob).notNull()
            }
        }
        migrator.registerMigration("v3-undo-window-outcomes") { db in
            // SQLite cannot change a CHECK constraint: the journal is copied into a table whose
            // constraint also admits the undo window's outcomes, which then takes its name.
            try db.create(table: "decision_journal_v3") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("request_id", .text).notNull()
                t.column("tool_name", .text).notNull()
                t.column("verdict", .text).notNull().check { ["approve", "decline"].contains($0) }
                t.column("comment", .text)
                t.column("server", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("completed_at", .datetime)
                t.column("outcome", .text).notNull().check {
                    ["pending", "approved", "declined", "already-decided", "vote-recorded", "failed", "unknown",
                     "held", "undone", "not-sent"].contains($0)
                }
                t.column("error_text", .text)
            }
            try db.execute(sql: "INSERT INTO decision_journal_v3 SELECT id, request_id, tool_name, verdict, comment, server, created_at, completed_at, outcome, error_text FROM decision_journal")
            try db.drop(table: "decision_journal")
            try db.rename(table: "decision_journal_v3", to: "decision_journal")
            try db.create(index: "decision_journal_on_outcome", on: "decision_journal", columns: ["outcome"])
        }
        return migrator
    }

    // MARK: - Access

    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        try mapErrors({ .readFailed(operation: operation, reason: $0) }) { try pool.read(body) }
    }

    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        try mapErrors({ .writeFailed(operation: operation, reason: $0) }) { try pool.write(body) }
    }

    /// Runs `work`, passing a ``StoreError`` through and turning any other error into one.
    private func mapErrors<T>(
        _ makeError: (String) -> StoreError, _ work: () throws -> T
    ) throws(StoreError) -> T {
        do {
            return try work()
        } catch let error as StoreError {
            throw error
        } catch {
            throw makeError(Self.reason(error))
        }
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? error.description }
        return String(describing: error)
    }

    private static func createDirectory(_ directory: String) throws(StoreError) {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: directory) else { return }
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
        } catch {
            throw .cannotCreateDirectory(path: directory, reason: error.localizedDescription)
        }
    }
}

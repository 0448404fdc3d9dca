import Foundation

/// Tokens of a data dir or of a team's database, for `approval-tui token …`. Each works while
/// servers run on the same directory (SQLite serializes the writes) or database, and takes effect
/// on their next request.
extension ApprovalServer {
    /// A new token for the principal `name` (made when it does not exist yet) with `role`.
    ///
    /// - Throws: ``PrincipalError`` for an unusable name or one that has the other role;
    ///   ``ServerError`` when the data dir cannot be written.
    public static func issueToken(role: TokenRole, name: String, dataDirectory: URL) throws -> IssuedToken {
        try openDatabase(dataDirectory).createToken(role: role, name: name, at: Date())
    }

    /// The secret of a new token for principal `name` (see ``issueToken(role:name:dataDirectory:)``).
    public static func createToken(role: TokenRole, name: String, dataDirectory: URL) throws -> String {
        try issueToken(role: role, name: name, dataDirectory: dataDirectory).secret
    }

    /// Every token that still works, oldest first; never a secret.
    public static func listTokens(dataDirectory: URL) throws -> [TokenRecord] {
        try openDatabase(dataDirectory).tokens()
    }

    /// Revokes the token with that id, or every token of the principal with that name.
    public static func revokeToken(_ nameOrID: String, dataDirectory: URL) throws -> [TokenRecord] {
        try openDatabase(dataDirectory).revoke(nameOrID, at: Date())
    }

    // MARK: On a team's database

    /// A new token on the shared database `database` (see ``issueToken(role:name:dataDirectory:)``).
    public static func issueToken(role: TokenRole, name: String, database: PostgresLocation) async throws -> IssuedToken {
        try await withTeamStore(database) { try await $0.createToken(role: role, name: name, at: Date()) }
    }

    /// Every token that still works on the shared database, oldest first; never a secret.
    public static func listTokens(database: PostgresLocation) async throws -> [TokenRecord] {
        try await withTeamStore(database) { try await $0.tokens() }
    }

    /// Revokes on the shared database: every replica refuses the token on its next request.
    public static func revokeToken(_ nameOrID: String, database: PostgresLocation) async throws -> [TokenRecord] {
        try await withTeamStore(database) { try await $0.revoke(nameOrID, at: Date()) }
    }

    private static func withTeamStore<T: Sendable>(
        _ location: PostgresLocation, _ body: @Sendable (PostgresStore) async throws -> T
    ) async throws -> T {
        let store = try await PostgresStore.open(location, replica: "token-command")
        do {
            let value = try await body(store)
            await store.close()
            return value
        } catch {
            await store.close()
            throw error
        }
    }

    private static func openDatabase(_ root: URL) throws -> ServerDatabase {
        let directory = ServerDataDirectory(root: root)
        try directory.create()
        return try ServerDatabase(file: directory.databaseFile)
    }
}

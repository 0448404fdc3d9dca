import Foundation

/// Tokens of a data dir, for `approval-tui token …`. Each works while a server runs on the same
/// directory (SQLite serializes the writes) and takes effect on that server's next request.
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

    private static func openDatabase(_ root: URL) throws -> ServerDatabase {
        let directory = ServerDataDirectory(root: root)
        try directory.create()
        return try ServerDatabase(file: directory.databaseFile)
    }
}

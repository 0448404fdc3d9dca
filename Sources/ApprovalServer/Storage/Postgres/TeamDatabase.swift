import Foundation

/// Which shared database `serve` (and `token`) use: `--database`, else `APPROVAL_DATABASE_URL`;
/// the password from `APPROVAL_DATABASE_PASSWORD`, else from `--database-password-file` or
/// `APPROVAL_DATABASE_PASSWORD_FILE`. Nil when none is asked for (the data dir's SQLite file).
public enum TeamDatabase {
    /// The environment variable a password file may be named in.
    public static let passwordFileVariable = "APPROVAL_DATABASE_PASSWORD_FILE"

    public static func resolve(
        address: String?, passwordFile: String?, environment: [String: String]
    ) throws(PostgresLocationError) -> PostgresLocation? {
        let given = address ?? environment[PostgresLocation.addressVariable].flatMap { $0.isEmpty ? nil : $0 }
        guard let given else {
            if passwordFile != nil {
                throw .invalid("--database-password-file needs --database (or \(PostgresLocation.addressVariable))")
            }
            return nil
        }
        let file = (passwordFile ?? environment[passwordFileVariable]).map { URL(fileURLWithPath: $0) }
        let password = try PostgresLocation.password(environment: environment, file: file)
        return try PostgresLocation(address: given, password: password)
    }
}

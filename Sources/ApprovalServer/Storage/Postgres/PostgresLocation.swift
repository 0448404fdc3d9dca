import Foundation

/// Where a team's server keeps its state: a `postgres://user@host:port/database` address, read
/// from `serve --database`, the config file or `APPROVAL_DATABASE_URL`.
///
/// The password never rides in the address (an address on the command line shows in `ps` to
/// every user of the machine): it comes from `APPROVAL_DATABASE_PASSWORD` or from a file
/// (`password_file`), and an address that carries one is refused with the way to fix it.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public enum Security: String, Sendable, Hashable {
        /// Plain TCP (the default on loopback, where nothing crosses a network).
        case disable
        /// TLS when the server offers it.
        case prefer
        /// TLS or nothing (the default off loopback).
        case require
    }

    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    public var password: String?
    public var security: Security

    /// The environment variable a password may come from.
    public static let passwordVariable = "APPROVAL_DATABASE_PASSWORD"
    /// The environment variable an address may come from.
    public static let addressVariable = "APPROVAL_DATABASE_URL"

    /// Reads `address`; `password` comes from the environment or a file, never from the address.
    public init(address: String, password: String? = nil) throws(PostgresLocationError) {
        if let bad = address.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw .invalid("the database address holds the control character U+\(String(format: "%04X", bad.value))")
        }
        guard address.utf8.count <= 2_048 else {
            throw .invalid("the database address is \(address.utf8.count) bytes long; at most 2048")
        }
        let port = try Self.port(address)
        guard let parts = URLComponents(string: address), let scheme = parts.scheme?.lowercased() else {
            throw .invalid("the database address is not a URL; write postgres://user@host:5432/database")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw .invalid("the database address starts with \(scheme)://; only postgres:// is supported")
        }
        if parts.password != nil {
            throw .invalid(
                "the database address holds a password, which would show in `ps` and in shell history; "
                    + "remove it and set \(Self.passwordVariable) or --database-password-file instead")
        }
        guard let host = parts.host, !host.isEmpty else {
            throw .invalid("the database address names no host; write postgres://user@host:5432/database")
        }
        let database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        guard !database.contains("/") else {
            throw .invalid("the database name \(database) holds a /; write postgres://user@host:5432/database")
        }
        var security: Security = Self.isLoopback(host) ? .disable : .require
        for item in parts.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw .invalid("the database address has the unknown setting \(item.name); only sslmode is read")
            }
            guard let mode = item.value.flatMap(Security.init(rawValue:)) else {
                throw .invalid("sslmode is \(item.value ?? "empty"); use disable, prefer or require")
            }
            security = mode
        }
        self.host = host
        self.port = port
        self.user = parts.user ?? "approval"
        self.database = database.isEmpty ? "approval" : database
        self.password = password
        self.security = security
    }

    /// The password from `APPROVAL_DATABASE_PASSWORD`, else from `file` (its first line).
    public static func password(environment: [String: String], file: URL?) throws(PostgresLocationError) -> String? {
        if let value = environment[passwordVariable], !value.isEmpty { return value }
        guard let file else { return nil }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw .invalid("the password file \(file.path) cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .invalid("the password file \(file.path) is not UTF-8 text")
        }
        guard !text.contains("\0") else {
            throw .invalid("the password file \(file.path) holds a NUL byte, which no PostgreSQL password can")
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
    }

    /// The port as written (5432 when none is), read from the text itself: `URLComponents` drops a
    /// port too large for an `Int` and would quietly connect to 5432 instead.
    static func port(_ address: String) throws(PostgresLocationError) -> Int {
        guard let start = address.range(of: "://")?.upperBound else { return 5432 }
        var authority = address[start...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if let bracket = authority.lastIndex(of: "]") { authority = authority[authority.index(after: bracket)...] }
        guard let colon = authority.lastIndex(of: ":") else { return 5432 }
        let written = authority[authority.index(after: colon)...]
        guard !written.isEmpty, written.allSatisfy({ $0.isASCII && $0.isNumber }), written.count <= 5, let port = Int(written),
            (1...65_535).contains(port)
        else {
            throw .invalid("the database port \(written.prefix(32)) is not a number between 1 and 65535")
        }
        return port
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// The address without any secret, for messages and logs.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}

/// A database address or password source that cannot be used, in words a person can act on.
public enum PostgresLocationError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let text): text
        }
    }
}

import Foundation

/// A named holder of tokens: one person (an approver) or one agent. A principal has exactly one
/// role, so no credential can both ask for a tool call and decide on it, and a quorum counts
/// principals, however many tokens each holds.
public struct Principal: Sendable, Hashable {
    public var id: String
    public var name: String
    public var role: TokenRole

    /// Why `name` cannot name a principal, or nil when it can: 1 to 64 characters from
    /// letters, digits, `.`, `_`, `-` and `@`, so a name prints the same everywhere it appears
    /// (events, the console, `token list`) and never carries a control byte or NUL.
    /// Refuses a name no principal of `role` may have: an unusable one, or `approver` / `agent`
    /// for the other role (they name the first-start token files' principals, even before the
    /// first start made them, or that start would fail).
    static func refuseUnusable(name: String, role: TokenRole) throws(PrincipalError) {
        if let problem = nameProblem(name) { throw .invalidName(problem) }
        if let reserved = TokenRole(rawValue: name), reserved != role {
            throw .roleConflict(name: name, existing: reserved)
        }
    }

    public static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "a principal's name cannot be empty" }
        if name.unicodeScalars.count > 64 { return "a principal's name has at most 64 characters" }
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-@".unicodeScalars.contains(scalar))
        }
        return allowed ? nil : "a principal's name may hold only letters, digits, '.', '_', '-' and '@'"
    }
}

/// One token as `token list` shows it: never its secret (the server does not have it).
public struct TokenRecord: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var role: TokenRole
    public var createdAt: Date
    public var lastUsedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name, role
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
    }
}

/// A token just made: its record and the secret, which exists nowhere else from now on.
public struct IssuedToken: Sendable, Hashable {
    public var record: TokenRecord
    public var secret: String
}

/// Why a token could not be made or revoked.
public enum PrincipalError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidName(String)
    /// The name belongs to a principal of the other role.
    case roleConflict(name: String, existing: TokenRole)
    /// Neither a token id nor a principal name.
    case unknown(String)

    public var description: String {
        switch self {
        case .invalidName(let reason): reason
        case .roleConflict(let name, let existing):
            "'\(name)' is already an \(existing.rawValue) principal; a principal has one role "
                + "(an approver never asks, an agent never decides), so pick another name"
        case .unknown(let text): "no token id or principal named \(String(text.prefix(80)).debugDescription)"
        }
    }
}

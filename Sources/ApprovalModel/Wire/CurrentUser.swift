import Foundation

/// `GET /api/v1/auth/users/me`. Preloop sends no id here.
public struct CurrentUser: Sendable, Hashable, Codable {
    public var username: String
    public var email: String?
    public var fullName: String?
    public var emailVerified: Bool
    public var isSuperuser: Bool

    enum CodingKeys: String, CodingKey {
        case username, email
        case fullName = "full_name"
        case emailVerified = "email_verified"
        case isSuperuser = "is_superuser"
    }

    public init(username: String, email: String? = nil, fullName: String? = nil) {
        self.username = username
        self.email = email
        self.fullName = fullName
        self.emailVerified = false
        self.isSuperuser = false
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        username = try c.decode(String.self, forKey: .username)
        email = try c.decodeIfPresent(String.self, forKey: .email)
        fullName = try c.decodeIfPresent(String.self, forKey: .fullName)
        emailVerified = try c.decodeIfPresent(Bool.self, forKey: .emailVerified) ?? false
        isSuperuser = try c.decodeIfPresent(Bool.self, forKey: .isSuperuser) ?? false
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(username, forKey: .username)
        try c.encode(email ?? "", forKey: .email)
        try c.encode(fullName, forKey: .fullName)
        try c.encode(emailVerified, forKey: .emailVerified)
        try c.encode(isSuperuser, forKey: .isSuperuser)
    }
}

/// `POST /api/v1/auth/token/json` and `/auth/refresh`.
public struct TokenPair: Sendable, Hashable, Codable {
    public var accessToken: String
    public var refreshToken: String?
    public var tokenType: String
    public var expiresIn: Int?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
    }
}

/// `POST /api/v1/auth/api-keys` (201): the key itself is returned only here.
public struct APIKeyCreated: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var key: String
    public var createdAt: Date?
    public var expiresAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name, key
        case createdAt = "created_at"
        case expiresAt = "expires_at"
    }
}

/// `GET /api/v1/health`. The HTTP status is 200 even when unhealthy: read `status`.
public struct HealthReport: Sendable, Hashable, Codable {
    public var status: String
    public var timestamp: Date?
    public var database: String?
    public var mcpServer: String?
    /// An integer in practice, or an error string.
    public var upstreamConnections: JSONValue?
    public var upstreamServers: [String]?

    enum CodingKeys: String, CodingKey {
        case status, timestamp, database
        case mcpServer = "mcp_server"
        case upstreamConnections = "upstream_connections"
        case upstreamServers = "upstream_servers"
    }

    public init(status: String, timestamp: Date?, database: String?, mcpServer: String? = "available",
                upstreamConnections: JSONValue? = 0, upstreamServers: [String]? = nil) {
        self.status = status
        self.timestamp = timestamp
        self.database = database
        self.mcpServer = mcpServer
        self.upstreamConnections = upstreamConnections
        self.upstreamServers = upstreamServers
    }

    /// Whether the body says healthy.
    public var isHealthy: Bool { status == "healthy" }
}

import ApprovalModel
import Foundation

extension PreloopClient {
    // MARK: - Server and account

    /// Liveness: `GET /ping` answers `{"status": "pong", "timestamp": …}`; needs no token.
    public func ping() async throws(ClientError) -> StatusReply {
        try await get(StatusReply.self, "/ping")
    }

    /// Health: `GET /health`. HTTP 200 even when unhealthy: read `HealthReport.isHealthy`.
    public func health() async throws(ClientError) -> HealthReport {
        try await get(HealthReport.self, "/health")
    }

    /// Who the token belongs to: `GET /auth/users/me`. A cheap way to check a token.
    ///
    /// - Throws: `.unauthorized` for a missing, bad or expired token.
    public func currentUser() async throws(ClientError) -> CurrentUser {
        try await get(CurrentUser.self, "/auth/users/me")
    }

    /// Every tool the account can call, built-in and from MCP servers: `GET /tools`.
    public func tools() async throws(ClientError) -> [Tool] {
        try await get([Tool].self, "/tools")
    }

    /// One tool configuration (where Preloop's seed keeps `justification_mode`):
    /// `GET /tool-configurations/{id}`.
    public func toolConfiguration(id: String) async throws(ClientError) -> ToolConfiguration {
        try await get(ToolConfiguration.self, "/tool-configurations/\(Self.segment(id))")
    }
}

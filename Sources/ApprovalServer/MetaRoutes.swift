import ApprovalClient
import FlyingFox
import Foundation

/// Ping, health and the current user.
enum MetaRoutes {
    @Sendable static func ping(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        Reply.json(["status": "pong", "timestamp": JSONValue.string(PreloopTimestamp.withOffset(context.clock()))])
    }

    /// Always 200, like Preloop; the body says whether the database answers.
    @Sendable static func health(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        let database: String
        do {
            _ = try await context.database.pool.read { try Int.fetchOne($0, sql: "SELECT 1") }
            database = "connected"
        } catch {
            database = "error: \(error)"
        }
        let body: JSONValue = [
            "status": .string(database == "connected" ? "healthy" : "unhealthy"),
            "timestamp": .string(PreloopTimestamp.withOffset(context.clock())),
            "database": .string(database), "mcp_server": "not_initialized", "upstream_connections": 0,
        ]
        return Reply.json(body)
    }

    @Sendable static func currentUser(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        let name = request.caller?.name ?? "approver"
        var user = CurrentUser(username: name, email: "\(name)@localhost", fullName: nil)
        user.emailVerified = false
        return Reply.json(user)
    }
}

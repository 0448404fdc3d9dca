import ApprovalModel
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
            database = try await context.database.answers() ? "connected" : "error: the approval_request table is missing"
        } catch {
            database = "error: \(error)"
        }
        let mcp = context.mounts.contains(where: \.isMCPServer) ? "available" : "not_initialized"
        let upstreams = await context.externalTools?.health() ?? []
        let connected = upstreams.filter { $0["status"] == "connected" }.count
        var body: [String: JSONValue] = [
            "status": .string(database == "connected" ? "healthy" : "unhealthy"),
            "timestamp": .string(PreloopTimestamp.withOffset(context.clock())),
            "database": .string(database), "mcp_server": .string(mcp), "upstream_connections": .integer(Int64(connected)),
        ]
        if context.externalTools != nil { body["upstream_servers"] = .array(upstreams) }
        return Reply.json(JSONValue.object(body))
    }

    @Sendable static func currentUser(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        let name = request.caller?.name ?? "approver"
        var user = CurrentUser(username: name, email: "\(name)@localhost", fullName: nil)
        user.emailVerified = false
        return Reply.json(user)
    }
}

import ApprovalModel
import Foundation

/// An extra endpoint mounted into the server by another module (the MCP gateway at `mcp/v1`),
/// so the server needs no dependency on it. The server authenticates first: a request without
/// a bearer token, or with an unknown one, gets a 401 and never reaches `handler`. Any role may
/// call; the body limit applies as on every route. The answer is a ``MountAnswer``.
public struct ServerMount: Sendable {
    /// The exact path, without leading slash (`mcp/v1`). Every method reaches the handler.
    public var path: String
    /// Reported by `/api/v1/health` as `mcp_server: "available"` when true.
    public var isMCPServer: Bool
    public var handler: @Sendable (MountedRequest, AgentGateway) async -> MountAnswer

    public init(
        path: String, isMCPServer: Bool = false,
        streaming handler: @escaping @Sendable (MountedRequest, AgentGateway) async -> MountAnswer
    ) {
        self.path = path.split(separator: "/").joined(separator: "/")
        self.isMCPServer = isMCPServer
        self.handler = handler
    }

    /// A mount that always answers whole.
    public init(
        path: String, isMCPServer: Bool = false,
        handler: @escaping @Sendable (MountedRequest, AgentGateway) async -> TransportResponse
    ) {
        self.init(path: path, isMCPServer: isMCPServer, streaming: { .whole(await handler($0, $1)) })
    }
}

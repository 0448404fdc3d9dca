import ApprovalModel
import Foundation

/// Tools that live outside the server (upstream MCP servers), run by another module. The server
/// starts and stops the provider with itself, asks it for a tool's result whenever a call is
/// allowed or approved and the name is not a local `[[tool]]`, and lists its health.
public protocol ExternalTools: Sendable {
    /// Called once when the server starts, with the policies file's upstreams.
    func start(_ upstreams: [UpstreamServer]) async
    func stop() async
    /// The result of calling `toolName` with `argumentsText` (the JSON the agent sent), or nil
    /// when it is not one of these tools. When the call provably never reached the tool (its
    /// server is down), the result is ``ExternalToolsNotSent/result(_:)``: an approved call is then
    /// sent again once the server is back, without a new approval; any other failure is final.
    func run(toolName: String, argumentsText: String) async -> ApprovalModel.JSONValue?
    /// Why `toolName`, one of these tools, cannot receive `argumentsText` exactly as sent (nil
    /// when it can, or when it is not one of these tools). The call is refused before approval.
    func refusal(toolName: String, argumentsText: String) async -> String?
    /// One object per upstream for `/api/v1/health`, each with at least `name` and `status`
    /// (`connected` when usable).
    func health() async -> [ApprovalModel.JSONValue]
}

/// The result an ``ExternalTools`` gives for a call that never left the server.
public enum ExternalToolsNotSent {
    public static func result(_ reason: String) -> ApprovalModel.JSONValue { [ToolOutcome.notSentKey: .string(reason)] }
}

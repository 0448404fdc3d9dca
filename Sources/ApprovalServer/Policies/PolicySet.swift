import Foundation

/// Everything the policies file defines. Policies are checked in order; the first one that
/// guards a tool wins. A tool no policy guards is refused (REST and MCP alike) unless the file
/// says `allow_unmatched_tools = true`; see ``UnmatchedTool``.
public struct PolicySet: Sendable, Hashable {
    public var policies: [ServerPolicy]
    public var tools: [ServerTool]
    public var flows: [FlowDefinition]
    /// MCP servers whose tools the gateway forwards to.
    public var upstreams: [UpstreamServer]
    /// `allow_unmatched_tools = true`: a tool no policy matches runs without approval. Off unless
    /// the file says so explicitly.
    public var allowsUnmatchedTools: Bool
    /// Where these policies came from (the policies file's path), for messages; nil when built in code.
    public var source: String?

    public init(
        policies: [ServerPolicy], tools: [ServerTool] = [], flows: [FlowDefinition] = [], upstreams: [UpstreamServer] = [],
        allowsUnmatchedTools: Bool = false, source: String? = nil
    ) {
        self.policies = policies
        self.tools = tools
        self.flows = flows
        self.upstreams = upstreams
        self.allowsUnmatchedTools = allowsUnmatchedTools
        self.source = source
    }

    /// The policy that guards `toolName`, if any.
    public func policy(for toolName: String) -> ServerPolicy? {
        policies.first { $0.guards(toolName) }
    }

    public func tool(named name: String) -> ServerTool? {
        tools.first { $0.name.unicodeScalars.elementsEqual(name.unicodeScalars) }
    }

    /// The starter rules: `deploy*` and `delete_*` need a justification; everything else still
    /// needs approval with an optional one. Unknown tools are guarded, never silently allowed.
    /// Two example tools: `echo` (returns its arguments) and the approval-only `deploy_preview`.
    public static let starter = PolicySet(
        policies: [
            ServerPolicy(
                name: "destructive", description: "Deployments and deletions: approval with a reason",
                tools: ["deploy*", "delete_*"], justification: .required),
            ServerPolicy(
                name: "default", description: "Every other tool: approval, reason optional",
                tools: ["*"], justification: .optional),
        ],
        tools: [
            ServerTool(name: "echo", description: "Returns its arguments (needs approval; a reason is optional)", command: ["cat"]),
            ServerTool(name: "deploy_preview", description: "Deploys a preview environment (approval only; a reason is required)"),
        ])
}

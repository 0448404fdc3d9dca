import ApprovalServer
import MCP

/// The tools the gateway lists: every tool of the policies file, then `get_approval_status`.
/// A guarded tool's schema gains a `justification` string, required when its policy says so.
enum ToolCatalog {
    static let statusToolName = "get_approval_status"

    static let justificationDescription =
        "Provide your reasoning and context for why this tool is being called. This will be reviewed by approvers and logged for audit purposes."

    /// The local tools, then the upstream ones (already prefixed), then `get_approval_status`.
    static func tools(_ policies: PolicySet, upstream: [Tool] = []) -> [Tool] {
        let own = policies.tools.filter { $0.name != statusToolName }.map { tool in
            Tool(
                name: tool.name, description: tool.description ?? describe(tool),
                inputSchema: inputSchema(policy: policies.policy(for: tool.name)))
        }
        let forwarded = upstream.filter { $0.name != statusToolName }.map { tool in
            Tool(
                name: tool.name, title: tool.title, description: tool.description,
                inputSchema: inputSchema(tool.inputSchema, policy: policies.policy(for: tool.name)),
                annotations: tool.annotations)
        }
        return own + forwarded + [statusTool]
    }

    /// `base` (an open object schema by default); with a guarding policy that asks for one, a
    /// `justification` property, in `required` when the policy requires it.
    static func inputSchema(_ base: Value? = nil, policy: ServerPolicy?) -> Value {
        var schema = base?.objectValue ?? ["type": "object", "additionalProperties": true]
        guard let policy, policy.justification != .none else { return .object(schema) }
        var properties = schema["properties"]?.objectValue ?? [:]
        properties["justification"] = justificationProperty
        schema["properties"] = .object(properties)
        if policy.justification != .optional {
            // Required, or a mode not understood (every call is then rejected): ask for it.
            let required = schema["required"]?.arrayValue ?? []
            if !required.contains("justification") { schema["required"] = .array(required + ["justification"]) }
        }
        return .object(schema)
    }

    private static let justificationProperty: Value = [
        "type": "string", "description": .string(justificationDescription),
    ]

    private static func describe(_ tool: ServerTool) -> String {
        tool.command == nil ? "Approval only: the result is the approvers' decision." : "Runs a local command."
    }

    static let statusTool = Tool(
        name: statusToolName,
        description: """
            Check an approval request that a tool call returned with status 'pending_approval'. \
            Returns the status, the remaining seconds while pending, the events so far (requested, \
            notified, votes with comments) and, once approved, the tool's result. Poll every \
            poll_interval_seconds until the status is 'approved', 'declined' or 'expired'.
            """,
        inputSchema: [
            "type": "object",
            "properties": ["request_id": ["type": "string", "description": "The request_id of the pending call."]],
            "required": ["request_id"],
        ])
}

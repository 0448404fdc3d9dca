import ApprovalServer
import MCP

/// The tools the gateway lists: every tool of the policies file, then `get_approval_status`.
/// A guarded tool's schema gains a `justification` string, required when its policy says so.
enum ToolCatalog {
    static let statusToolName = "get_approval_status"

    static let justificationDescription =
        "Provide your reasoning and context for why this tool is being called. This will be reviewed by approvers and logged for audit purposes."

    static func tools(_ policies: PolicySet) -> [Tool] {
        let own = policies.tools.filter { $0.name != statusToolName }.map { tool in
            Tool(
                name: tool.name, description: tool.description ?? describe(tool),
                inputSchema: inputSchema(policy: policies.policy(for: tool.name)))
        }
        return own + [statusTool]
    }

    /// An open object schema; with a guarding policy that asks for one, a `justification`.
    static func inputSchema(policy: ServerPolicy?) -> Value {
        var schema: [String: Value] = ["type": "object", "properties": [:], "additionalProperties": true]
        guard let policy else { return .object(schema) }
        switch policy.justification {
        case .none:
            break
        case .optional:
            schema["properties"] = ["justification": justificationProperty]
        case .required, .unknown:
            // An unknown mode rejects every call; asking for a justification is the honest hint.
            schema["properties"] = ["justification": justificationProperty]
            schema["required"] = ["justification"]
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

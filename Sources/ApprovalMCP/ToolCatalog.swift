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

    /// Every status an agent can see, and how to wait: shared by the status tool and the gateway's instructions.
    static let statusWords = """
        Statuses: 'pending_approval' (the call's first answer: it waits for a person and has not run), \
        'pending' (still waiting; 'remaining_seconds' says how long until it expires), 'executing' (approved; the \
        tool is running now: ask again), 'approved' (the answer carries the tool's result, or \
        'tool_execution_error' with isError when it failed), 'declined', 'expired' and 'cancelled' (the tool did \
        not run and never will: stop and tell the user). To wait, pass wait_seconds (up to \
        \(AgentGateway.maxStatusWait.components.seconds)): the answer comes the moment a person decides.
        """

    static let statusTool = Tool(
        name: statusToolName,
        description: """
            Check an approval request that a tool call returned with status 'pending_approval'. \
            Returns the status, the remaining seconds while pending, the events so far (requested, \
            notified, votes with comments) and, once approved, the tool's result. \(statusWords)
            """,
        inputSchema: [
            "type": "object",
            "properties": [
                "request_id": ["type": "string", "description": "The request_id of the pending call."],
                "wait_seconds": [
                    "type": "number", "minimum": 0, "maximum": .int(Int(AgentGateway.maxStatusWait.components.seconds)),
                    "description": .string(
                        "Wait up to this many seconds (at most \(AgentGateway.maxStatusWait.components.seconds)) "
                            + "while the request is pending; the answer comes as soon as it is decided. Default 0."),
                ],
            ],
            "required": ["request_id"],
        ])
}

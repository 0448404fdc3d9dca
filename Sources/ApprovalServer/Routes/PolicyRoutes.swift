import ApprovalModel
import Foundation

/// Approval workflows / policies and tools, read from the policies file.
enum PolicyRoutes {
    @Sendable static func list(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        Reply.json(context.policies.policies.enumerated().map { context.wirePolicy($1, index: $0) })
    }

    @Sendable static func get(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        let id = request.parameters[0]
        if let issue = FieldCheck.uuidIssue(id, name: "policy_id") { return Reply.validation([issue]) }
        for (index, policy) in context.policies.policies.enumerated() where context.policyID(policy) == id.lowercased() {
            return Reply.json(context.wirePolicy(policy, index: index))
        }
        return Reply.detail("Approval policy not found or access denied", status: .notFound)
    }

    /// The tools of the policies file, each with the policy that guards it.
    @Sendable static func tools(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        let rules = Dictionary(grouping: try await context.database.standingRules(now: context.clock()), by: \.toolName)
        var names = context.policies.tools.map(\.name)
        // A tool outside the file (matched by a pattern) that has rules is listed too, with them.
        names += rules.keys.filter { !names.contains($0) }.sorted()
        let tools = names.map { name -> Tool in
            let policy = context.policies.policy(for: name)
            var tool = Tool(
                name: name, description: context.policies.tool(named: name)?.description, source: "builtin",
                sourceName: "Built-in", schema: ["type": "object"], approvalPolicyID: policy.map(context.policyID),
                configID: ServerIdentity.toolConfigurationID(name), justificationMode: policy?.justification.wireValue)
            tool.accessRules = (rules[name] ?? []).map(\.wire)
            tool.hasApprovalCondition = tool.accessRules.contains { $0.conditionExpression != nil }
            return tool
        }
        return Reply.json(tools)
    }

    /// `GET /api/v1/tool-configurations/{id}`: where a client reads a tool's justification mode.
    /// Ids are derived from tool names, so requests for tools outside the file resolve too.
    @Sendable static func toolConfiguration(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        let id = request.parameters[0].lowercased()
        guard let name = try await toolName(context, configurationID: id) else {
            return Reply.detail("Tool configuration not found or access denied", status: .notFound)
        }
        let policy = context.policies.policy(for: name)
        let body: JSONValue = [
            "id": .string(id), "account_id": .string(ServerIdentity.accountID), "tool_name": .string(name),
            "tool_source": "builtin", "mcp_server_id": nil, "http_endpoint_id": nil,
            "approval_policy_id": policy.map { .string(context.policyID($0)) } ?? .null,
            "is_enabled": true, "justification_mode": policy?.justification.wireValue.map(JSONValue.string) ?? .null,
            "tool_description": context.policies.tool(named: name)?.description.map(JSONValue.string) ?? .null,
            "tool_schema": nil, "custom_config": nil,
            "created_at": .string(PreloopTimestamp.naive(context.startedAt)),
            "updated_at": .string(PreloopTimestamp.naive(context.startedAt)),
        ]
        return Reply.json(body)
    }

    /// The tool a configuration id names: a tool of the policies file, or one agents have called.
    static func toolName(_ context: ServerContext, configurationID: String) async throws -> String? {
        let id = configurationID.lowercased()
        let names = context.policies.tools.map(\.name) + (try await context.database.requestedToolNames())
        return names.first { ServerIdentity.toolConfigurationID($0) == id }
    }
}

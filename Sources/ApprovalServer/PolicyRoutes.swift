import ApprovalClient
import FlyingFox
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
        let tools = context.policies.tools.map { tool -> Tool in
            let policy = context.policies.policy(for: tool.name)
            return Tool(
                name: tool.name, description: tool.description, source: "builtin", sourceName: "Built-in",
                schema: ["type": "object"], approvalPolicyID: policy.map(context.policyID),
                configID: ServerIdentity.toolConfigurationID(tool.name),
                justificationMode: policy?.justification.wireValue)
        }
        return Reply.json(tools)
    }
}

import ApprovalModel
import Foundation

/// Inside this module `JSONValue` means the wire model's (Hummingbird and others have their own).
typealias JSONValue = ApprovalModel.JSONValue

/// What every handler needs: storage, the loaded policies with their stable ids, the clock,
/// and the runners for tools and flows.
struct ServerContext: Sendable {
    let database: any ServerStore
    let policies: PolicySet
    /// Policy name → stable id.
    let policyIDs: [String: String]
    /// Flow name → stable id.
    let flowIDs: [String: String]
    let clock: @Sendable () -> Date
    let toolRunner: ToolRunner
    let flows: FlowRunner
    let startedAt: Date
    /// Endpoints other modules mounted (the MCP gateway).
    var mounts: [ServerMount] = []
    /// Upstream tools, when a provider was configured.
    var externalTools: (any ExternalTools)?
    /// The unified websocket's limits.
    var pushSettings = PushSettings()
    /// Requests' approver JSON, for cheap list pages.
    var wireCache = WireCache()

    var push: PushBroadcaster { database.push }

    func policyID(_ policy: ServerPolicy) -> String { policyIDs[policy.name] ?? ServerIdentity.accountID }

    /// The Preloop-shaped policy object for the approver API.
    func wirePolicy(_ policy: ServerPolicy, index: Int) -> ApprovalPolicy {
        var wire = ApprovalPolicy(
            id: policyID(policy), name: policy.name, description: policy.description,
            approvalType: policy.channels.first ?? "standard", timeoutSeconds: policy.timeoutSeconds,
            requireReason: policy.justification == .required, asyncApprovalEnabled: policy.isAsync,
            isDefault: index == policies.policies.count - 1, approvalsRequired: policy.approvalsRequired,
            justificationMode: policy.justification.wireValue, tools: policy.tools,
            createdAt: startedAt, updatedAt: startedAt)
        wire.accountID = ServerIdentity.accountID
        return wire
    }

    func flowID(_ flow: FlowDefinition) -> String { flowIDs[flow.name] ?? ServerIdentity.accountID }
}

import Foundation

/// A new request as the agent API creates it: the agent's call, the justification as it will be
/// stored (nil when the policy discards it), and the policy that guards the tool.
struct NewRequest: Sendable {
    var call: ToolCallBody
    var storedJustification: String?
    var policy: ServerPolicy
    var policyID: String
    var createdBy: String
}

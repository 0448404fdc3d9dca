import ApprovalClient
import Foundation

/// A new request as the agent API creates it.
struct NewRequest: Sendable {
    var toolName: String
    var toolArgs: JSONValue
    var justification: String?
    var agentName: String?
    var executionID: String?
    var policy: ServerPolicy
    var policyID: String
    var createdBy: String
}

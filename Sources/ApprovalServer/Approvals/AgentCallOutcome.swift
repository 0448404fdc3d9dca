import ApprovalModel
import Foundation

/// What an agent's tool call ended with, whichever surface (REST or MCP) it came through.
public enum AgentCallOutcome: Sendable, Equatable {
    /// No policy guards the tool: it ran, and this is its result.
    case ran(ApprovalModel.JSONValue)
    /// Refused before anything was stored (a required justification is missing, or the policy's
    /// mode is not understood); the text says why.
    case rejected(String)
    /// An async policy guards the tool: a request now waits for approvers.
    case pending(PendingCall)
    /// A sync policy guards the tool: the call waited until the request was decided or expired.
    /// The value is the status body a poll would give (see ``AgentGateway/status(requestID:caller:)``).
    case decided(ApprovalModel.JSONValue)
}

/// A request created by an async policy: what the agent needs to poll it. Never a token or URL.
public struct PendingCall: Sendable, Equatable {
    public var requestID: String
    public var policyName: String
    public var pollIntervalSeconds: Int
    public var timeoutSeconds: Int
    public var channels: [String]

    public init(requestID: String, policyName: String, pollIntervalSeconds: Int, timeoutSeconds: Int, channels: [String]) {
        self.requestID = requestID
        self.policyName = policyName
        self.pollIntervalSeconds = pollIntervalSeconds
        self.timeoutSeconds = timeoutSeconds
        self.channels = channels
    }
}

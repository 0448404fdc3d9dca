import Foundation

/// What a bearer token may do. Approvers read and decide; agents create tool calls and read
/// their own requests, nothing else.
public enum TokenRole: String, Sendable, Hashable, CaseIterable, Codable {
    case approver, agent
}

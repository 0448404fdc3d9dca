import Foundation

/// Who may call a route.
enum Access: Sendable {
    case open, approver, agent
}

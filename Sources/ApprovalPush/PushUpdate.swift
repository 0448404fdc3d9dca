import ApprovalClient
import ApprovalModel
import Foundation

/// What a ``PushListener`` reports on its ``PushListener/updates`` stream.
public enum PushUpdate: Sendable, Equatable {
    /// The connection state changed (only reported when it differs from the previous one).
    case state(PushState)
    /// An approval or flow event (handshake, authentication and keepalive frames are not reported).
    case event(ServerEvent)
}

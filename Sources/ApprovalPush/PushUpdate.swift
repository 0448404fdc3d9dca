import ApprovalClient
import Foundation

/// Where a ``PushListener``'s websocket stands.
public enum PushState: Sendable, Equatable, CustomStringConvertible {
    /// Opening the socket or waiting for the answer to `authenticate`.
    case connecting
    /// Authenticated: events arrive as they happen.
    case live
    /// The connection failed or was refused; the next attempt starts after `retryIn`.
    case failed(reason: String, retryIn: Duration)

    public var isLive: Bool { self == .live }

    public var description: String {
        switch self {
        case .connecting: "connecting"
        case .live: "live"
        case .failed(let reason, let retryIn): "failed (\(reason)); retrying in \(retryIn)"
        }
    }
}

/// What a ``PushListener`` reports on its ``PushListener/updates`` stream.
public enum PushUpdate: Sendable, Equatable {
    /// The connection state changed (only reported when it differs from the previous one).
    case state(PushState)
    /// An approval or flow event (handshake, authentication and keepalive frames are not reported).
    case event(ServerEvent)
}

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

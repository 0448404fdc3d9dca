import Foundation

/// How the connection to the approval server stands, as the status line shows it.
///
/// The ``Poller`` moves through it as `connecting → live → failing → offline → live`:
/// - `failing` after the first failed fetch; `since` is when that first failure happened and
///   `attempts` counts consecutive failures.
/// - `offline` once ``PollSchedule/offlineAfterAttempts`` consecutive fetches failed, or the
///   failures have lasted ``PollSchedule/offlineAfter`` or longer, whichever comes first; at
///   once when the server refused the token or its role (401, 403).
///   `since` is still the time of the first failure: the console says "unreachable since …"
///   and keeps showing the last snapshot it had.
/// - `live` again on the next successful fetch; `since` is that moment.
public enum ConnectionState: Sendable, Equatable, CustomStringConvertible {
    /// No fetch has finished yet.
    case connecting
    /// The last fetch succeeded; fetches have succeeded without a break since `since`.
    case live(since: Date)
    /// Recent fetches failed, but not for long enough to call the server offline.
    case failing(since: Date, lastError: ClientError, attempts: Int)
    /// Fetches have kept failing since `since`.
    case offline(since: Date, lastError: ClientError)

    /// Whether the last fetch succeeded.
    public var isLive: Bool {
        if case .live = self { return true }
        return false
    }

    /// Whether fetches have failed long enough to call the server offline.
    public var isOffline: Bool {
        if case .offline = self { return true }
        return false
    }

    /// When the failures began, while the connection is failing or offline.
    public var failingSince: Date? {
        switch self {
        case .connecting, .live: nil
        case .failing(let since, _, _), .offline(let since, _): since
        }
    }

    /// The error of the last failed fetch while the connection is failing or offline.
    public var lastError: ClientError? {
        switch self {
        case .connecting, .live: nil
        case .failing(_, let error, _), .offline(_, let error): error
        }
    }

    public var description: String {
        switch self {
        case .connecting: "connecting"
        case .live: "live"
        case .failing(_, let error, let attempts): "failing (\(attempts) attempts): \(error)"
        case .offline(_, let error): "offline: \(error)"
        }
    }
}

/// What a ``Poller`` reports on its ``Poller/updates`` stream.
public enum PollerUpdate: Sendable, Equatable {
    /// A snapshot newer than every snapshot delivered before it.
    case snapshot(QueueSnapshot)
    /// The connection state changed (delivered only when it differs from the previous one).
    case state(ConnectionState)
}

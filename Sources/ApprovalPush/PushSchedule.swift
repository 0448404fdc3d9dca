import ApprovalClient
import ApprovalModel

/// How a ``PushListener`` keeps its websocket alive and reconnects.
///
/// Like Preloop's web UI: a `{"type":"pong"}` every `keepalive` (30 s) so the server's 60 s
/// heartbeat never fires, and after a lost connection a retry after 1, 2, 4, 8, 16, 30, 30 … s
/// with ±12.5 % jitter, forever. The delay never exceeds `maxDelay`; reaching `live` (an
/// `authenticated` answer) starts the sequence over.
public struct PushSchedule: Sendable, Equatable {
    /// The wait before the first retry.
    public var firstDelay: Duration
    /// The longest wait between retries, jitter included.
    public var maxDelay: Duration
    /// The jitter spread (0.125 = ±12.5 %).
    public var jitter: Double
    /// How often the listener sends `{"type":"pong"}` on an open connection.
    public var keepalive: Duration

    public init(
        firstDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(30), jitter: Double = 0.125,
        keepalive: Duration = .seconds(30)
    ) {
        self.firstDelay = firstDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.keepalive = keepalive
    }

    /// The wait before reconnecting after `failures` (1, 2, …) connections in a row ended without going live.
    /// - Parameter randomUnit: a number in `0..<1`; 0.5 means no jitter.
    public func delay(afterFailures failures: Int, randomUnit: Double) -> Duration {
        // PollSchedule doubles from its interval starting at the first failure: half of firstDelay.
        PollSchedule(interval: firstDelay / 2, maxDelay: maxDelay, jitter: jitter)
            .delay(afterFailures: max(1, failures), randomUnit: randomUnit)
    }
}

import ApprovalModel
import Foundation

/// When a ``Poller`` fetches: the normal interval, the backoff while the server fails, and
/// when failures count as offline.
///
/// After `failures` consecutive failures (1, 2, …) the next fetch waits
/// `base = min(interval × 2^failures, maxDelay)` scaled by a jitter factor in
/// `1 ± jitter` and never more than `maxDelay`. With the defaults: 4, 8, 16, 30, 30 … seconds
/// (±20 %). The first success returns to `interval`.
public struct PollSchedule: Sendable, Equatable {
    /// The wait between successful fetches.
    public var interval: Duration
    /// The longest wait between fetches, jitter included.
    public var maxDelay: Duration
    /// The jitter spread, as a fraction of the backoff delay (0.2 = ±20 %).
    public var jitter: Double
    /// Consecutive failures after which the connection counts as offline.
    public var offlineAfterAttempts: Int
    /// How long failures may last before the connection counts as offline.
    public var offlineAfter: Duration

    public init(
        interval: Duration = .seconds(2), maxDelay: Duration = .seconds(30), jitter: Double = 0.2,
        offlineAfterAttempts: Int = 4, offlineAfter: Duration = .seconds(30)
    ) {
        self.interval = interval
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.offlineAfterAttempts = offlineAfterAttempts
        self.offlineAfter = offlineAfter
    }

    /// The wait before the next fetch.
    ///
    /// - Parameters:
    ///   - failures: consecutive failures so far; 0 means the last fetch succeeded (no jitter).
    ///   - randomUnit: a number in `0..<1`; 0.5 means no jitter, 0 the shortest, 1 the longest.
    public func delay(afterFailures failures: Int, randomUnit: Double) -> Duration {
        guard failures > 0 else { return interval }
        let intervalSeconds = Self.seconds(interval)
        let maxSeconds = Self.seconds(maxDelay)
        let base = min(intervalSeconds * pow(2, Double(min(failures, 62))), maxSeconds)
        let unit = min(max(randomUnit, 0), 1)
        let jittered = base * (1 + jitter * (2 * unit - 1))
        let milliseconds = min(max(jittered, 0), maxSeconds) * 1000
        return .milliseconds(Int64(min(milliseconds, 1e15).rounded()))  // 1e15 ms: 30,000 years, no overflow
    }

    /// Whether `attempts` consecutive failures, the first of them `elapsed` ago, mean offline.
    public func isOffline(attempts: Int, elapsed: TimeInterval) -> Bool {
        attempts >= offlineAfterAttempts || elapsed >= Self.seconds(offlineAfter)
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

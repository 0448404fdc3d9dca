import Foundation

/// A `Clock<Duration>` that moves only when a test calls ``advance(by:)``.
///
/// `sleep` suspends until the clock has been advanced past its deadline (or the sleeping task is
/// cancelled). Every sleep is recorded, and ``nextSleep()`` waits for the next one, so a test can
/// assert the exact delays a component asked for without any real waiting.
///
/// `@unchecked Sendable`: all mutable state sits behind `lock`, and continuations are resumed
/// only after it is released.
final class ManualTestClock: Clock, @unchecked Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    private var sleepers: [Int: Sleeper] = [:]
    private var cancelledBeforeRegistering: Set<Int> = []
    private var nextSleeperID = 0
    private var requestedSleeps: [Duration] = []
    private var sleepWaiters: [CheckedContinuation<Duration, Never>] = []

    var now: Instant { lock.withLock { current } }
    /// How many sleeps are waiting for the clock to move.
    var sleeperCount: Int { lock.withLock { sleepers.count } }
    var minimumResolution: Duration { .zero }

    /// Seconds since the clock started, for tests that derive wall time from it.
    var elapsedSeconds: Double {
        let (seconds, attoseconds) = now.offset.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let id = lock.withLock {
            nextSleeperID += 1
            return nextSleeperID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                lock.lock()
                let requested = current.duration(to: deadline)
                let waiter = sleepWaiters.isEmpty ? nil : sleepWaiters.removeFirst()
                if waiter == nil { requestedSleeps.append(requested) }
                let outcome: Result<Void, any Error>?
                if cancelledBeforeRegistering.remove(id) != nil {
                    outcome = .failure(CancellationError())
                } else if deadline <= current {
                    outcome = .success(())
                } else {
                    sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    outcome = nil
                }
                lock.unlock()
                waiter?.resume(returning: requested)
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper = lock.withLock {
                let sleeper = sleepers.removeValue(forKey: id)
                if sleeper == nil { cancelledBeforeRegistering.insert(id) }
                return sleeper
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes every sleeper whose deadline has come.
    func advance(by duration: Duration) {
        let woken = lock.withLock {
            current = current.advanced(by: duration)
            let due = sleepers.filter { $0.value.deadline <= current }
            for id in due.keys { sleepers[id] = nil }
            return due.values.map(\.continuation)
        }
        for continuation in woken { continuation.resume() }
    }

    /// The duration of the next `sleep` call (already made or still to come), in call order.
    func nextSleep() async -> Duration {
        await withCheckedContinuation { continuation in
            lock.lock()
            if requestedSleeps.isEmpty {
                sleepWaiters.append(continuation)
                lock.unlock()
            } else {
                let requested = requestedSleeps.removeFirst()
                lock.unlock()
                continuation.resume(returning: requested)
            }
        }
    }

    /// Waits for the next sleep and advances the clock by exactly its duration.
    /// - Returns: the duration that was slept.
    @discardableResult
    func advanceThroughNextSleep() async -> Duration {
        let requested = await nextSleep()
        advance(by: requested)
        return requested
    }
}

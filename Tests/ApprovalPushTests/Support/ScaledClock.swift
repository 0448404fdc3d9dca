import Foundation

/// A clock that runs `factor` times faster than real time: a 30 s sleep takes 30 ms when the
/// factor is 1000. Lets the listener's real reconnect loop run against a real server quickly,
/// with the delays it chose still reported in full on its state stream.
struct ScaledClock: Clock {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    let factor: Int
    private let origin = ContinuousClock.now

    init(factor: Int = 1000) { self.factor = factor }

    var now: Instant { Instant(offset: (ContinuousClock.now - origin) * factor) }
    var minimumResolution: Duration { .zero }

    func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let remaining = now.duration(to: deadline)
        guard remaining > .zero else { return }
        try await Task.sleep(for: remaining / factor)
    }
}

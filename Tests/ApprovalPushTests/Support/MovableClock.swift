import Foundation

/// Wall time that follows the real clock plus whatever a test added.
final class MovableClock: @unchecked Sendable {
    // Safe: `offset` is only touched under `lock`.
    private let lock = NSLock()
    private var offset: TimeInterval = 0

    var now: Date { Date().addingTimeInterval(lock.withLock { offset }) }
    func advance(by seconds: TimeInterval) { lock.withLock { offset += seconds } }
}

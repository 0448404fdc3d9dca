import Foundation

/// In-process wake-ups for code waiting on one approval request (a sync tool call, a long-poll):
/// ``PushBroadcaster/publish(_:)`` signals the request's id after every committed change (created,
/// vote, approved, declined, expired, cancelled), so waiters never poll SQLite.
///
/// Watch first, then read the row, then wait: a change committed in between is kept by the
/// watch, so no wake-up is lost.
final class RequestChanges: @unchecked Sendable {
    // Safe: `watchers` and `nextID` are only touched under `lock`.
    private let lock = NSLock()
    private var watchers: [String: [Int: RequestWatch]] = [:]
    private var nextID = 0

    /// Starts watching request `id`; call ``stop(_:)`` when done.
    func watch(_ id: String) -> RequestWatch {
        lock.withLock {
            nextID += 1
            let watch = RequestWatch(requestID: id, key: nextID)
            watchers[id, default: [:]][nextID] = watch
            return watch
        }
    }

    func stop(_ watch: RequestWatch) {
        lock.withLock {
            watchers[watch.requestID]?[watch.key] = nil
            if watchers[watch.requestID]?.isEmpty == true { watchers[watch.requestID] = nil }
        }
    }

    /// Wakes everyone watching `id`.
    func signal(_ id: String) {
        let waiting = lock.withLock { watchers[id].map { Array($0.values) } ?? [] }
        for watch in waiting { watch.signal() }
    }

    /// Watches open right now.
    var watchCount: Int { lock.withLock { watchers.values.reduce(0) { $0 + $1.count } } }
}

/// One watcher of one request: remembers a change until ``next(timeout:)`` takes it.
final class RequestWatch: @unchecked Sendable {
    // Safe: `changed` and `waiter` are only touched under `lock`.
    private let lock = NSLock()
    private var changed = false
    private var waiter: CheckedContinuation<Void, Never>?
    let requestID: String
    fileprivate let key: Int

    fileprivate init(requestID: String, key: Int) {
        self.requestID = requestID
        self.key = key
    }

    fileprivate func signal() {
        let resume = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            defer { waiter = nil }
            if waiter == nil { changed = true }
            return waiter
        }
        resume?.resume()
    }

    /// Returns when the request changed (or had changed since the last call) or `timeout`
    /// passed; throws `CancellationError` when the waiting task is cancelled.
    func next(timeout: Duration) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.changeOrCancel() }
            group.addTask { try await Task.sleep(for: timeout) }
            defer { group.cancelAll() }
            try await group.next()
        }
        try Task.checkCancellation()
    }

    private func changeOrCancel() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = lock.withLock { () -> Bool in
                    if changed || Task.isCancelled {
                        changed = false
                        return true
                    }
                    waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let resume = lock.withLock { () -> CheckedContinuation<Void, Never>? in
                defer { waiter = nil }
                return waiter
            }
            resume?.resume()
        }
    }
}

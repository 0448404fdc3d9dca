import Foundation

/// Fans events out to the open unified websockets, and wakes in-process waiters (``changes``).
///
/// Rules:
/// - ``publish(_:)`` is synchronous and never waits: it is called from database commit hooks
///   (so events go out in commit order, after the data is readable) and from the threads that
///   read flow output. It encodes the event once and queues the frame on every connection.
/// - Only connections authenticated with an approver token get events.
/// - Each connection's queue is bounded (``PushSettings/queueCapacity``); a connection whose
///   queue is full is dropped at once instead of holding anything up.
///
/// It is a lock-protected class rather than an actor because publishers are synchronous
/// (commit hooks, reader threads): an actor hop per event would lose their order.
final class PushBroadcaster: @unchecked Sendable {
    // Safe: `connections` and `nextID` are only touched under `lock`.
    private let lock = NSLock()
    private var connections: [Int: Connection] = [:]
    private var nextID = 0
    /// Wake-ups for code inside the server waiting on one request (sync calls, long-polls).
    let changes = RequestChanges()

    private struct Connection {
        var outbox: PushOutbox
        var isAuthenticated = false
    }

    /// Connections currently registered (authenticated or not).
    var connectionCount: Int { lock.withLock { connections.count } }

    /// Registers a new, unauthenticated connection and returns its id.
    func register(_ outbox: PushOutbox) -> Int {
        lock.withLock {
            nextID += 1
            connections[nextID] = Connection(outbox: outbox)
            return nextID
        }
    }

    func remove(_ id: Int) {
        _ = lock.withLock { connections.removeValue(forKey: id) }
    }

    /// Sets whether connection `id` gets events and queues `reply` in the same step, so no event
    /// can overtake the `authenticated` frame.
    func setAuthenticated(_ id: Int, _ isAuthenticated: Bool, reply: String) {
        lock.withLock {
            guard var connection = connections[id] else { return }
            connection.isAuthenticated = isAuthenticated
            if connection.outbox.send(text: reply) {
                connections[id] = connection
            } else {
                connections[id] = nil
            }
        }
    }

    /// Queues `event` on every authenticated connection; drops those whose queue is full.
    func publish(_ event: PushEvent) {
        if case .approval(let approval) = event { changes.signal(approval.approvalRequestID) }
        let text = event.text
        lock.withLock {
            for (id, connection) in connections where connection.isAuthenticated {
                if !connection.outbox.send(text: text) { connections[id] = nil }
            }
        }
    }

    /// Closes every connection (server shutdown).
    func closeAll() {
        let all = lock.withLock {
            defer { connections = [:] }
            return Array(connections.values)
        }
        for connection in all { connection.outbox.close(.goingAway) }
    }
}

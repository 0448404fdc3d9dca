import Foundation

/// A frame waiting to be written to one websocket.
enum PushFrame: Sendable, Equatable {
    case text(String)
    case close(CloseCode)

    enum CloseCode: Sendable, Equatable {
        case normalClosure, goingAway, protocolError, policyViolation
    }
}

/// The bounded queue of frames waiting to be written to one websocket.
struct PushOutbox: Sendable {
    let continuation: AsyncStream<PushFrame>.Continuation

    /// Queues a text frame. False when the connection is gone or its queue was full, in which
    /// case the queue is finished, which ends the connection.
    @discardableResult
    func send(text: String) -> Bool {
        switch continuation.yield(.text(text)) {
        case .enqueued: return true
        case .dropped:
            continuation.finish()
            return false
        case .terminated: return false
        @unknown default: return false
        }
    }

    /// Sends a close frame when there is room, then ends the connection.
    func close(_ code: PushFrame.CloseCode = .normalClosure) {
        _ = continuation.yield(.close(code))
        continuation.finish()
    }
}

import FlyingFox
import Foundation

/// The bounded queue of frames waiting to be written to one websocket.
struct PushOutbox: Sendable {
    let continuation: AsyncStream<WSFrame>.Continuation

    /// Queues a text frame. False when the connection is gone or its queue was full, in which
    /// case the queue is finished, which ends the connection.
    @discardableResult
    func send(text: String) -> Bool {
        send(WSFrame(fin: true, opcode: .text, mask: nil, payload: Data(text.utf8)))
    }

    @discardableResult
    func send(_ frame: WSFrame) -> Bool {
        switch continuation.yield(frame) {
        case .enqueued: return true
        case .dropped:
            continuation.finish()
            return false
        case .terminated: return false
        @unknown default: return false
        }
    }

    /// Sends a close frame when there is room, then ends the connection.
    func close(_ code: WSCloseCode = .normalClosure) {
        _ = continuation.yield(.close(code: code))
        continuation.finish()
    }
}

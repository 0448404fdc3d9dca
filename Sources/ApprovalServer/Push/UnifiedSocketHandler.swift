import Foundation
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket

/// `/api/v1/ws/unified` on hummingbird-websocket: one ``UnifiedSocketSession`` per connection.
///
/// The session's ``PushOutbox`` is the connection's write queue: one task writes its frames in
/// order, and it holds at most ``PushSettings/queueCapacity`` frames. Another task reads whole
/// messages (fragments joined, at most ``maxMessageBytes``) into the session; the library answers
/// protocol pings and the close handshake itself.
struct UnifiedSocketHandler: Sendable {
    let database: any ServerStore
    let broadcaster: PushBroadcaster
    let settings: PushSettings

    /// A longer message (or frame) closes the connection.
    static let maxMessageBytes = 1 << 20

    func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        let (frames, continuation) = AsyncStream.makeStream(
            of: PushFrame.self, bufferingPolicy: .bufferingOldest(settings.queueCapacity))
        let session = UnifiedSocketSession(
            outbox: PushOutbox(continuation: continuation), database: database, broadcaster: broadcaster,
            settings: settings)
        await session.start()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await frame in frames {
                    switch frame {
                    case .text(let text):
                        do { try await outbound.write(.text(text)) } catch { return }
                    case .close(let code):
                        try? await outbound.close(Self.errorCode(code), reason: nil)
                        return
                    }
                }
            }
            group.addTask {
                do {
                    for try await message in inbound.messages(maxSize: Self.maxMessageBytes) {
                        switch message {
                        case .text(let text): await session.receive(Data(text.utf8))
                        case .binary(let buffer): await session.receive(Data(buffer.readableBytesView))
                        }
                    }
                } catch {
                    await session.close(.policyViolation)
                }
                await session.end()
            }
            // The writer ends when the session ends or drops the connection; leaving the handler
            // then closes the socket, which also ends the reader.
            await group.next()
            await session.end()
            group.cancelAll()
        }
    }

    private static func errorCode(_ code: PushFrame.CloseCode) -> WebSocketErrorCode {
        switch code {
        case .normalClosure: .normalClosure
        case .goingAway: .goingAway
        case .protocolError: .protocolError
        case .policyViolation: .policyViolation
        }
    }
}

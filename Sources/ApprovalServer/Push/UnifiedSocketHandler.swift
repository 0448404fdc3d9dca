import FlyingFox
import Foundation

/// `/api/v1/ws/unified`: one ``UnifiedSocketSession`` per connection.
///
/// The frames this returns are the connection's write queue: FlyingFox writes them in order, and
/// the queue holds at most ``PushSettings/queueCapacity`` frames (see ``PushOutbox``).
struct UnifiedSocketHandler: WSHandler {
    let database: ServerDatabase
    let broadcaster: PushBroadcaster
    let settings: PushSettings

    func makeFrames(for client: AsyncThrowingStream<WSFrame, any Error>) async throws -> AsyncStream<WSFrame> {
        let (frames, continuation) = AsyncStream.makeStream(
            of: WSFrame.self, bufferingPolicy: .bufferingOldest(settings.queueCapacity))
        let session = UnifiedSocketSession(
            outbox: PushOutbox(continuation: continuation), database: database, broadcaster: broadcaster,
            settings: settings)
        continuation.onTermination = { _ in Task { await session.end() } }
        await session.start(reading: client)
        return frames
    }
}

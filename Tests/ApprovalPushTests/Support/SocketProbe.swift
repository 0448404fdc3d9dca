import ApprovalClient
import ApprovalModel
import Foundation
import Logging
import WSClient

/// A plain websocket client for protocol tests: it sends what a test tells it and keeps every
/// text frame it receives, in order. `isReading: false` makes it a client that never reads.
final class SocketProbe: Sendable {
    private let frames: AsyncStream<String>
    private let writer: WebSocketOutboundWriter
    private let task: Task<Void, Never>
    // Safe: the iterator is used by one test task at a time (tests await each `next`).
    nonisolated(unsafe) private var iterator: AsyncStream<String>.Iterator

    private init(frames: AsyncStream<String>, writer: WebSocketOutboundWriter, task: Task<Void, Never>) {
        self.frames = frames
        self.writer = writer
        self.task = task
        iterator = frames.makeAsyncIterator()
    }

    /// Connects to `url` and returns once the socket is open.
    static func connect(_ url: String, isReading: Bool = true) async throws -> SocketProbe {
        let (frames, frameSink) = AsyncStream.makeStream(of: String.self)
        let (writers, writerSink) = AsyncStream.makeStream(of: WebSocketOutboundWriter.self)
        let (failures, failureSink) = AsyncStream.makeStream(of: String.self)
        let task = Task {
            do {
                let logger = Logger(label: "probe", factory: { _ in SwiftLogNoOpLogHandler() })
                try await WebSocketClient.connect(
                    url: url, configuration: .init(maxFrameSize: 16 << 20), logger: logger
                ) { inbound, outbound, _ in
                    writerSink.yield(outbound)
                    guard isReading else {
                        while !Task.isCancelled { try await Task.sleep(for: .milliseconds(50)) }
                        return
                    }
                    for try await message in inbound.messages(maxSize: 16 << 20) {
                        if case .text(let text) = message { frameSink.yield(text) }
                    }
                }
            } catch {
                failureSink.yield("\(error)")
            }
            frameSink.finish()
            writerSink.finish()
            failureSink.finish()
        }
        var iterator = writers.makeAsyncIterator()
        guard let writer = await iterator.next() else {
            var reasons = failures.makeAsyncIterator()
            throw PushTestFailure("probe could not connect: \(await reasons.next() ?? "closed")")
        }
        return SocketProbe(frames: frames, writer: writer, task: task)
    }

    /// The next text frame, or nil once the connection has closed.
    func next() async -> String? {
        await iterator.next()
    }

    /// The next text frame decoded as JSON.
    func nextJSON() async throws -> JSONValue {
        guard let text = await next() else { throw PushTestFailure("connection closed") }
        return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// The next frame's `type`.
    func nextType() async throws -> String? {
        try await nextJSON()["type"]?.stringValue
    }

    func send(_ text: String) async throws {
        try await writer.write(.text(text))
    }

    /// Sends `{"type":"authenticate","token":…}`.
    func authenticate(_ token: String) async throws {
        try await send(#"{"type":"authenticate","token":"\#(token)"}"#)
    }

    /// Whether the connection ends within about `seconds` (frames still queued are skipped).
    func closes(within seconds: Double) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            let ended = await withTaskGroup(of: Bool?.self) { group in
                group.addTask { await self.next() == nil }
                group.addTask {
                    try? await Task.sleep(until: deadline, clock: .continuous)
                    return nil
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first
            }
            switch ended {
            case true?: return true
            case false?: continue
            case nil: return false
            }
        }
        return false
    }

    func close() async {
        task.cancel()
        await task.value
    }
}

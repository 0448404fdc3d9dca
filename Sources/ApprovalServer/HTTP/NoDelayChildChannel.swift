import NIOHTTPTypes
import Foundation
import HummingbirdCore
import Logging
import NIOCore

/// Wraps the HTTP child channel to set up each accepted connection first: `TCP_NODELAY` through
/// NIO's channel options (a response is never held back waiting for the client's delayed ACK),
/// ``HeadDeadline`` at the front of the pipeline, and registration in `open` so a stopping
/// server can close every connection.
struct NoDelayChildChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let headTimeout: Duration
    let headBytes: Int
    let open: OpenChannels

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let timeout = TimeAmount(headTimeout)
        let limit = headBytes
        open.add(channel)
        // `tcpOption` (IPPROTO_TCP): `socketOption(.tcp_nodelay)` would be SOL_SOCKET level 1, which
        // is SO_DEBUG — refused (EACCES) for a server that is not root, and no TCP_NODELAY for one that is.
        return channel.setOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .flatMapThrowing {
                try channel.pipeline.syncOperations.addHandler(HeadDeadline(timeout: timeout, limit: limit), position: .first)
            }
            .flatMap { base.setup(channel: channel, logger: logger) }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

/// The server's open connections, so that stopping can close them all, whatever they are doing.
final class OpenChannels: @unchecked Sendable {
    // Safe: `channels` is only touched under `lock`.
    private let lock = NSLock()
    private var channels: [ObjectIdentifier: any Channel] = [:]

    func add(_ channel: any Channel) {
        let key = ObjectIdentifier(channel)
        lock.withLock { channels[key] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in
            _ = self?.lock.withLock { self?.channels.removeValue(forKey: key) }
        }
    }

    func closeAll() {
        let all = lock.withLock { Array(channels.values) }
        for channel in all { channel.close(promise: nil) }
    }
}

/// Guards the first request head of a connection: closes the connection when no complete head
/// (up to the blank line) arrived within `timeout` of connecting, and answers `400` and closes
/// when the head grows past `limit` bytes — before anything parses it. Then it steps aside; from
/// there on Hummingbird's idle timeout and NIO's header limits guard each next request.
final class HeadDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let timeout: TimeAmount
    private let limit: Int
    private var timer: Scheduled<Void>?
    private var seen = 0
    /// The last bytes seen, to find `\r\n\r\n` across reads.
    private var tail: [UInt8] = []
    private var refused = false

    init(timeout: TimeAmount, limit: Int) {
        self.timeout = timeout
        self.limit = limit
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: timeout) { loopBound.value.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if refused, case .inputClosed? = event as? ChannelEvent { context.close(promise: nil) }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        let buffer = unwrapInboundIn(data)
        let end = Self.headEnd(&tail, buffer.readableBytesView)
        // A control byte in the head (other than CR, LF and HTAB) is refused here: the HTTP parser
        // would reject it too, but on a connection's first request its error reaches no handler
        // that answers, and the client would hear nothing until the timeout.
        if Self.hasControlByte(buffer.readableBytesView.prefix(end ?? buffer.readableBytes)) {
            return refuse(context)
        }
        if let end, seen + end <= limit {
            timer?.cancel()
            timer = nil
            context.fireChannelRead(data)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            return
        }
        seen += buffer.readableBytes
        guard seen <= limit else { return refuse(context) }
        context.fireChannelRead(data)
    }

    /// Answers 400 and closes.
    private func refuse(_ context: ChannelHandlerContext) {
        refused = true
        timer?.cancel()
        timer = nil
        let answer = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        // Half-close and discard what else comes for a moment, so the client reads the answer
        // instead of a reset.
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: answer))).whenComplete { _ in
            loopBound.value.close(mode: .output, promise: nil)
        }
        context.eventLoop.scheduleTask(in: .seconds(2)) { loopBound.value.close(promise: nil) }
    }

    /// True when `bytes` hold a C0 control other than CR, LF and HTAB, or DEL.
    static func hasControlByte(_ bytes: some Sequence<UInt8>) -> Bool {
        bytes.contains { ($0 < 0x20 && $0 != 0x0D && $0 != 0x0A && $0 != 0x09) || $0 == 0x7F }
    }

    /// The offset just past the blank line ending a head in `bytes` (after the `tail` of earlier
    /// reads), or nil when there is none yet.
    static func headEnd(_ tail: inout [UInt8], _ bytes: ByteBufferView) -> Int? {
        let end: [UInt8] = [13, 10, 13, 10]
        var window = tail
        for (offset, byte) in bytes.enumerated() {
            window.append(byte)
            if window.count > 4 { window.removeFirst() }
            if window == end { return offset + 1 }
        }
        tail = window
        return nil
    }
}

/// Closes the connection once a response that says `Connection: close` has been written (a refused
/// body that was left unread), instead of reading on into bytes that are not a request.
final class CloseAfterResponse: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var closing = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            closing = head.headerFields[.connection]?.lowercased() == "close"
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            guard closing else { return context.write(data, promise: promise) }
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(data).whenComplete { result in
                promise?.completeWith(result)
                LingeringClose.begin(on: loopBound.value.channel)
            }
        }
    }
}

/// Closes a connection whose client may still be sending a body that was refused unread (413):
/// the answer is followed by a FIN (output closed), and what still arrives is read and dropped —
/// below the HTTP parser, so none of it is ever parsed as a request — until the client closes,
/// ``limitBytes`` have come, or ``linger`` passes. Closing at once with unread input makes the
/// kernel send a reset, which can destroy the answer before the client reads it.
final class LingeringClose: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    static let linger = TimeAmount.seconds(2)
    static let limitBytes = 8 << 20
    private var dropped = 0

    /// On `channel`'s event loop, after the last response byte was flushed.
    static func begin(on channel: any Channel) {
        guard channel.isActive, (try? channel.pipeline.syncOperations.addHandler(LingeringClose(), position: .first)) != nil
        else { return channel.close(promise: nil) }
        channel.close(mode: .output).whenFailure { _ in channel.close(promise: nil) }
        channel.eventLoop.scheduleTask(in: linger) { channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        dropped += unwrapInboundIn(data).readableBytes
        if dropped > Self.limitBytes { context.close(promise: nil) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .inputClosed? = event as? ChannelEvent { context.close(promise: nil) }
    }
}

/// Cancels a task when the client closes its side of the connection (or the connection drops),
/// for requests that may wait a long time. Sits at the front of the pipeline while the task runs,
/// where it sees the end of input before anything else.
final class ClientGoneWatch: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let onGone: @Sendable () -> Void

    private init(onGone: @escaping @Sendable () -> Void) { self.onGone = onGone }

    /// Adds a watch cancelling `task`; returns its name for ``remove(_:from:)``.
    static func install<T: Sendable>(on channel: any Channel, cancelling task: Task<T, Never>) async throws -> String {
        let name = "client-gone-\(UUID().uuidString)"
        try await channel.eventLoop.submit {
            guard channel.isActive else {
                task.cancel()
                return
            }
            try channel.pipeline.syncOperations.addHandler(
                ClientGoneWatch { task.cancel() }, name: name, position: .first)
        }.get()
        return name
    }

    static func remove(_ name: String, from channel: any Channel) {
        channel.pipeline.removeHandler(name: name, promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .inputClosed? = event as? ChannelEvent { onGone() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        onGone()
        context.fireChannelInactive()
    }
}

import Foundation
import HTTPTypes
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOPosix

/// The HTTP side of the server, on Hummingbird's core (SwiftNIO): binds, applies ``HTTPLimits``,
/// upgrades `/api/v1/ws/unified` with hummingbird-websocket, and converts every other request to
/// the server's own ``IncomingRequest`` and the ``HTTPResponse`` back. The only file that knows
/// the HTTP library's request and response types.
actor HTTPListener {
    private let server: Server<NoDelayChildChannel<HTTP1WebSocketUpgradeChannel>>
    private var runTask: Task<Void, Never>?
    private let open: OpenChannels
    private let bound: (stream: AsyncStream<UInt16?>, continuation: AsyncStream<UInt16?>.Continuation)

    init(host: String, port: UInt16, limits: HTTPLimits, router: ServerRouter, socket: UnifiedSocketHandler) {
        let open = OpenChannels()
        self.open = open
        let http1 = HTTP1Channel.Configuration(
            additionalChannelHandlers: [CloseAfterResponse(), MalformedRequestAnswer()],
            idleTimeout: TimeAmount(limits.idleTimeout),
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: limits.headBytes, maxHeaderListSize: limits.headBytes, maxHeaderFieldCount: 200))
        let websocket = WebSocketServerConfiguration(
            maxFrameSize: UnifiedSocketHandler.maxMessageBytes, autoPing: .disabled, closeTimeout: .seconds(5))
        let channel = HTTP1WebSocketUpgradeChannel(
            responder: { request, writer, channel in
                try await Self.respond(request, writer, channel, router: router, limits: limits)
            },
            configuration: .init(http1: http1, ws: websocket),
            shouldUpgrade: { (head: HTTPRequest, _: any Channel, _: Logger) async throws -> ShouldUpgradeResult<
                WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>
            > in
                guard head.path.map({ $0.split(separator: "?", maxSplits: 1).first.map(String.init) ?? $0 })
                    == ServerRouter.unifiedSocketPath
                else { return .dontUpgrade }
                return .upgrade([:]) { inbound, outbound, _ in await socket.serve(inbound: inbound, outbound: outbound) }
            })
        var logger = Logger(label: "approval-server")
        logger.logLevel = .critical
        let address: BindAddress = .hostname(host == "localhost" ? "127.0.0.1" : host, port: Int(port))
        let bound = AsyncStream<UInt16?>.makeStream()
        self.bound = bound
        let continuation = bound.continuation
        server = Server(
            childChannelSetup: NoDelayChildChannel(
                base: channel, headTimeout: limits.headTimeout, headBytes: limits.headBytes, open: open),
            configuration: .init(
                address: address, serverName: nil, backlog: 256, reuseAddress: true,
                availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: logger)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port.map { UInt16($0) })
                continuation.finish()
            },
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger)
    }

    /// Binds and starts serving; returns the bound port, or throws the bind error.
    func start() async throws -> UInt16 {
        let failure = ListenFailure()
        let server = server
        let continuation = bound.continuation
        runTask = Task {
            do { try await server.run() } catch {
                failure.record(error)
                continuation.finish()
            }
        }
        for await port in bound.stream {
            if let port { return port }
            break
        }
        if let error = failure.error { throw error }
        throw ServerError.listen("no port")
    }

    /// Stops accepting, gives open requests `grace` to finish, then cancels the rest (a waiting
    /// sync call among them) and waits for the listener to end. Always returns.
    func stop(grace: Duration) async {
        guard let runTask else { return }
        let server = server
        let graceful = Task { try? await server.shutdownGracefully() }
        let open = open
        let forced = Task {
            try? await Task.sleep(for: grace)
            runTask.cancel()
            open.closeAll()
        }
        await graceful.value
        forced.cancel()
        runTask.cancel()
        open.closeAll()
        await runTask.value
        self.runTask = nil
    }

    /// Suspends until the listener ends.
    func waitUntilStopped() async { await runTask?.value }

    // MARK: - Conversion

    private static func respond(
        _ request: Request, _ writer: consuming ResponseWriter, _ channel: any Channel, router: ServerRouter,
        limits: HTTPLimits
    ) async throws {
        let bodyRead = BodyRead()
        let incoming = IncomingRequest(
            method: HTTPMethod(rawValue: request.method.rawValue),
            path: request.uri.path,
            query: IncomingRequest.queryItems(request.uri.query.map { Substring($0) }),
            headers: headers(request.headers),
            contentLength: request.headers[.contentLength].flatMap { Int($0) },
            readBody: { limit in
                bodyRead.began()
                return try await collect(request.body, limit: limit)
            })
        var response: HTTPResponse
        if router.mayWait(path: incoming.path) {
            // The client going away cancels the call (a waiting sync call is then cancelled for good).
            let work = Task { await router.handleRequest(incoming) }
            let watcher = try await ClientGoneWatch.install(on: channel, cancelling: work)
            response = await withTaskCancellationHandler { await work.value } onCancel: { work.cancel() }
            ClientGoneWatch.remove(watcher, from: channel)
            if work.isCancelled { throw CancellationError() }
        } else {
            response = await router.handleRequest(incoming)
        }
        if !bodyRead.hasBegun, Self.mayHaveBody(request.headers), !response.closesConnection,
            await !drain(request.body, limit: limits.bodyBytes, within: limits.unreadBodyDrain)
        {
            // Answered without reading a body that does not arrive at once (a client trickling a
            // body after a refusal): close rather than wait for it on a kept-alive connection.
            response.headers[.connection] = "close"
        }
        var fields = HTTPFields()
        for (name, value) in response.headers {
            guard let field = HTTPField.Name(name.rawValue) else { continue }
            fields[field] = value
        }
        if response.stream == nil { fields[.contentLength] = String(response.body.count) }
        let head = HTTPTypes.HTTPResponse(
            status: .init(code: response.statusCode.code, reasonPhrase: response.statusCode.phrase), headerFields: fields)
        if let stream = response.stream {
            try await writeStreamed(stream, head: head, writer, channel)
            return
        }
        var buffer = channel.allocator.buffer(capacity: response.body.count)
        buffer.writeBytes(response.body)
        try await writer.write(response: head, body: ResponseBody(byteBuffer: buffer))
    }

    /// Writes `stream` as the body, chunk by chunk as it is produced. The client going away (or the
    /// write failing) ends the relay, and so the producer's stream: its `onTermination` runs.
    private static func writeStreamed(
        _ stream: AsyncStream<Data>, head: HTTPTypes.HTTPResponse, _ writer: consuming ResponseWriter, _ channel: any Channel
    ) async throws {
        let relay = AsyncStream<ByteBuffer>.makeStream()
        let pump = Task {
            for await chunk in stream { relay.continuation.yield(ByteBuffer(bytes: chunk)) }
            relay.continuation.finish()
        }
        relay.continuation.onTermination = { _ in pump.cancel() }
        let watcher = try await ClientGoneWatch.install(on: channel, cancelling: pump)
        defer { ClientGoneWatch.remove(watcher, from: channel) }
        defer { pump.cancel() }
        try await writer.write(response: head, body: ResponseBody(asyncSequence: relay.stream))
    }

    private static func headers(_ fields: HTTPFields) -> HTTPHeaders {
        var headers: HTTPHeaders = [:]
        for field in fields where headers[HTTPHeader(field.name.rawName)] == nil {
            headers[HTTPHeader(field.name.rawName)] = field.value
        }
        return headers
    }

    /// True when the head announces a body (a non-zero length, or a transfer encoding).
    private static func mayHaveBody(_ fields: HTTPFields) -> Bool {
        if let length = fields[.contentLength] { return length != "0" }
        return fields[.transferEncoding] != nil
    }

    /// Reads and drops a body the handler did not read, so the connection can be kept alive;
    /// false when it is longer than `limit` or not all there within `deadline`.
    private static func drain(_ body: RequestBody, limit: Int, within deadline: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                var count = 0
                do {
                    for try await buffer in body {
                        count += buffer.readableBytes
                        if count > limit { return false }
                    }
                    return true
                } catch {
                    return false
                }
            }
            group.addTask {
                try? await Task.sleep(for: deadline)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    /// The body, or nil as soon as it passes `limit` (the rest is left unread).
    private static func collect(_ body: RequestBody, limit: Int) async throws -> Data? {
        var data = Data()
        for try await buffer in body {
            guard data.count + buffer.readableBytes <= limit else { return nil }
            data.append(contentsOf: buffer.readableBytesView)
        }
        return data
    }
}

/// Whether a handler started reading its request's body.
private final class BodyRead: @unchecked Sendable {
    // Safe: `begun` is only touched under `lock`.
    private let lock = NSLock()
    private var begun = false

    func began() { lock.withLock { begun = true } }
    var hasBegun: Bool { lock.withLock { begun } }
}

/// The error, if any, that ended the listener task before it was listening.
private final class ListenFailure: @unchecked Sendable {
    // Safe: `stored` is only touched under `lock`.
    private let lock = NSLock()
    private var stored: (any Error)?

    func record(_ error: any Error) { lock.withLock { stored = error } }
    var error: (any Error)? { lock.withLock { stored } }
}

import ApprovalClient
import ApprovalModel
import Foundation
import Logging
import WSClient

/// Listens on Preloop's unified websocket (`/api/v1/ws/unified`) and reports approval and flow
/// events as they happen; works the same against the local server and a real Preloop.
///
/// Rules:
/// - Connects to `ws://…` for an `http` server and `wss://…` (real TLS) for an `https` one,
///   sends `{"type":"authenticate","token":…}` (API keys and JWTs both work there) and counts
///   as ``PushState/live`` once the server answers `authenticated`.
/// - While connected it sends `{"type":"pong"}` every ``PushSchedule/keepalive`` and answers a
///   server `{"type":"ping"}` at once, so Preloop's heartbeat never drops it.
/// - Any loss (refused, closed, `auth_error`, a network error) reports ``PushState/failed(reason:retryIn:)``
///   and reconnects after ``PushSchedule/delay(afterFailures:randomUnit:)``, forever, until
///   ``stop()``. Each new connection authenticates again.
/// - ``updates`` starts with `.state(.connecting)`; a `.state` update comes only when the state
///   changes. Events are decoded with ``ServerEvent/decode(_:)``; frames that do not decode and
///   unknown types are skipped.
///
/// ```swift
/// let push = PushListener(serverURL: client.serverURL, token: token, clock: ContinuousClock())
/// await push.start()
/// for await update in push.updates { … }
/// ```
public actor PushListener {
    /// States and events in the order they happened. Finishes after ``stop()``.
    public nonisolated let updates: AsyncStream<PushUpdate>
    /// The current connection state.
    public private(set) var state: PushState = .connecting
    /// `ws(s)://host[:port][/prefix]/api/v1/ws/unified`.
    public nonisolated let socketURL: String

    private let continuation: AsyncStream<PushUpdate>.Continuation
    private let token: String
    private let schedule: PushSchedule
    private let clock: any Clock<Duration>
    private let randomUnit: @Sendable () -> Double
    private var runTask: Task<Void, Never>?
    private var isStopped = false
    private var failures = 0

    /// - Parameters:
    ///   - serverURL: the server root as ``PreloopClient/serverURL`` gives it (http or https).
    ///   - token: the approver's API key or JWT.
    ///   - schedule: keepalive and reconnect timing.
    ///   - clock: what the listener sleeps on between retries and keepalives (a test clock in tests).
    ///   - randomUnit: numbers in `0..<1` for the reconnect jitter.
    public init(
        serverURL: URL, token: String, schedule: PushSchedule = PushSchedule(), clock: any Clock<Duration>,
        randomUnit: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.socketURL = Self.socketURL(for: serverURL)
        self.token = token.trimmingCharacters(in: .whitespacesAndNewlines)
        self.schedule = schedule
        self.clock = clock
        self.randomUnit = randomUnit
        (updates, continuation) = AsyncStream.makeStream(of: PushUpdate.self, bufferingPolicy: .unbounded)
    }

    /// The unified websocket's address for a server root: the scheme becomes `ws`/`wss`, the path gets `/api/v1/ws/unified`.
    public static func socketURL(for serverURL: URL) -> String {
        var parts = URLComponents(url: serverURL, resolvingAgainstBaseURL: false) ?? URLComponents()
        parts.scheme = parts.scheme?.lowercased() == "https" ? "wss" : "ws"
        var path = parts.path
        while path.hasSuffix("/") { path.removeLast() }
        if path.hasSuffix("/api/v1") { path.removeLast("/api/v1".count) }
        parts.path = path + "/api/v1/ws/unified"
        parts.query = nil
        parts.fragment = nil
        return parts.string ?? serverURL.absoluteString
    }

    // MARK: - Control

    /// Reports `.connecting` and starts connecting. Does nothing when already started or stopped.
    public func start() {
        guard runTask == nil, !isStopped else { return }
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            Task { await self.stop() }
        }
        continuation.yield(.state(.connecting))
        runTask = Task { [self] in await run() }
    }

    /// Closes the socket, stops reconnecting, finishes ``updates`` and waits for the listener's
    /// task to end, but no longer than a second: a TCP connect in progress to a host that drops
    /// packets only notices cancellation when it times out, and quitting must not wait for that.
    public func stop() async {
        guard !isStopped else { return }
        isStopped = true
        continuation.finish()
        guard let task = runTask else { return }
        task.cancel()
        let (ended, gate) = AsyncStream.makeStream(of: Void.self)
        Task {
            await task.value
            gate.finish()
        }
        Task {
            try? await Task.sleep(for: .seconds(1))
            gate.finish()
        }
        for await _ in ended {}
    }

    // MARK: - Loop

    private func run() async {
        while !Task.isCancelled, !isStopped {
            transition(to: .connecting)
            let reason = await connectOnce()
            guard !Task.isCancelled, !isStopped else { return }
            failures += 1
            let delay = schedule.delay(afterFailures: failures, randomUnit: randomUnit())
            transition(to: .failed(reason: reason, retryIn: delay))
            do { try await clock.sleep(for: delay) } catch { return }
        }
    }

    /// One connection from connect to close; returns why it ended.
    private func connectOnce() async -> String {
        let logger = Logger(label: "approval-tui.push", factory: { _ in SwiftLogNoOpLogHandler() })
        let configuration = WebSocketClientConfiguration(maxFrameSize: Self.maxFrameSize)
        do {
            let closing = try await WebSocketClient.connect(url: socketURL, configuration: configuration, logger: logger) {
                inbound, outbound, _ in
                try await self.converse(inbound: inbound, outbound: outbound)
            }
            if let closing { return "closed by the server (\(closing.closeCode))" }
            return "connection closed"
        } catch let failure as PushError {
            return failure.description
        } catch {
            return Self.describe(error)
        }
    }

    /// Authenticates, then reads frames and sends keepalives until either side ends the connection.
    private nonisolated func converse(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        try await outbound.write(.text(Self.authenticateMessage(token)))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [clock, schedule] in
                while true {
                    try await clock.sleep(for: schedule.keepalive)
                    try await outbound.write(.text(Self.pong))
                }
            }
            group.addTask {
                for try await message in inbound.messages(maxSize: Self.maxFrameSize) {
                    guard case .text(let text) = message else { continue }
                    if try await self.receive(text) { try await outbound.write(.text(Self.pong)) }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Handles one text frame; true when it must be answered with a pong.
    private func receive(_ text: String) throws(PushError) -> Bool {
        guard !isStopped, let event = try? ServerEvent.decode(text) else { return false }
        switch event {
        case .authenticated:
            failures = 0
            transition(to: .live)
        case .authError(let message):
            throw .refused(message)
        case .ping:
            return true
        case .approval, .flow:
            continuation.yield(.event(event))
        case .handshake, .pong, .unknown:
            break
        }
        return false
    }

    private func transition(to next: PushState) {
        guard next != state else { return }
        state = next
        continuation.yield(.state(next))
    }

    // MARK: - Frames

    static let maxFrameSize = 16 << 20
    static let pong = #"{"type":"pong"}"#

    static func authenticateMessage(_ token: String) -> String {
        let body = ["type": "authenticate", "token": token]
        let data = (try? JSONEncoder.preloop().encode(body)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// A short reason without the URL's query or any token.
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }
}

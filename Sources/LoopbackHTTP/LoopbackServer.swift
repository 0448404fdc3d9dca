import Hummingbird
import Logging

/// A Hummingbird server on 127.0.0.1 with a port the OS picks, for tests and benchmarks that need a
/// real HTTP peer (a replayed Preloop, a hostile server, a fixed queue). Not used by the product.
///
/// ```swift
/// let server = try await LoopbackServer.start(label: "fixture") { request in
///     Response(status: .ok)
/// }
/// defer { Task { await server.stop() } }
/// ```
public struct LoopbackServer: Sendable {
    /// The bound port.
    public let port: Int
    private let runTask: Task<Void, any Error>

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts serving; `respond` answers every request. Logging is off (level critical).
    public static func start(
        label: String, respond: @escaping @Sendable (Request) async -> Response
    ) async throws -> LoopbackServer {
        let (ports, bound) = AsyncStream.makeStream(of: Int?.self)
        var logger = Logger(label: label)
        logger.logLevel = .critical
        let app = Application(
            responder: CallbackResponder { (request: Request, _: BasicRequestContext) in
                await respond(request)
            },
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                bound.yield(channel.localAddress?.port)
                bound.finish()
            },
            logger: logger)
        let runTask = Task {
            defer { bound.finish() }
            try await app.run()
        }
        var port: Int?
        for await value in ports { port = value }
        guard let port else {
            runTask.cancel()
            throw LoopbackServerError.noPort(label)
        }
        return LoopbackServer(port: port, runTask: runTask)
    }

    /// Closes the listener, cancels handlers still running and waits for the server task.
    public func stop() async {
        runTask.cancel()
        _ = await runTask.result
    }
}

/// Why a `LoopbackServer` did not start.
public enum LoopbackServerError: Error, CustomStringConvertible {
    /// The server stopped before it reported a bound port.
    case noPort(String)

    public var description: String {
        switch self {
        case .noPort(let label): "the loopback server '\(label)' stopped before it was bound to a port"
        }
    }
}

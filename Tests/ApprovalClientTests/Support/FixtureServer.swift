import Foundation
import Hummingbird
import LoopbackHTTP

/// A real HTTP server on 127.0.0.1 (the OS picks the port) that answers from a route table and
/// records every request it receives, for tests of anything that speaks HTTP to a Preloop server.
///
/// ```swift
/// try await FixtureServer.run { server in
///     await server.on("GET", "/api/v1/ping", reply: try .fixture("health_ping"))
///     let client = try PreloopClient(serverURL: server.baseURL, token: "t", transport: URLSessionTransport())
///     _ = try await client.ping()
///     #expect(await server.requests.count == 1)
/// }
/// ```
///
/// Routes match the method and the exact path (query ignored). An unrouted request gets
/// 404 `{"detail": "Not Found"}`, as FastAPI answers. `run` always stops the server, also when the
/// body throws, so no listener outlives a test.
final class FixtureServer: Sendable {
    /// What a route answers.
    struct Reply: Sendable {
        var status: Int
        var body: Data
        var contentType = "application/json"

        /// The body of fixture `name` with the status the README table gives it (200 when absent).
        static func fixture(_ name: String) throws -> Reply {
            Reply(status: Fixtures.status(of: name) ?? 200, body: try Fixtures.data(name))
        }

        /// `text` as the body with `status`.
        static func json(_ status: Int, _ text: String) -> Reply {
            Reply(status: status, body: Data(text.utf8))
        }

        /// `value` encoded the way Preloop writes it (naive UTC dates) with `status`.
        static func encoded(_ value: some Encodable, status: Int = 200) throws -> Reply {
            Reply(status: status, body: try JSONEncoder.preloop().encode(value))
        }
    }

    /// A request as the server received it. Header names are lower-cased.
    struct Recorded: Sendable {
        var method: String
        /// The path, percent-decoded.
        var path: String
        /// The path exactly as sent, percent-encoding kept.
        var rawPath: String
        var query: [String: String]
        var headers: [String: String]
        var body: Data
    }

    /// Computes a reply from the request; may suspend (a handler that never answers sleeps).
    typealias Handler = @Sendable (Recorded) async throws -> Reply

    /// `http://127.0.0.1:<port>`.
    let baseURL: URL
    /// The bound port.
    let port: UInt16
    private let state: RouteTable
    private let server: LoopbackServer

    private init(state: RouteTable, server: LoopbackServer) {
        self.baseURL = URL(string: server.baseURL)!
        self.port = UInt16(server.port)
        self.state = state
        self.server = server
    }

    /// Starts a server, runs `body` with it, and stops it whatever happens.
    static func run<T: Sendable>(_ body: (FixtureServer) async throws -> T) async throws -> T {
        let server = try await start()
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Starts a server; the caller must `stop()` it. Prefer `run`.
    static func start() async throws -> FixtureServer {
        let state = RouteTable()
        let server = try await LoopbackServer.start(label: "fixture-server") { request in
            await state.respond(to: request)
        }
        return FixtureServer(state: state, server: server)
    }

    /// Closes the listener, cancels handlers still running and waits for the server task.
    func stop() async {
        await server.stop()
    }

    /// Answers `method path` with a fixed reply.
    func on(_ method: String, _ path: String, reply: Reply) async {
        await state.add(method, path) { _ in reply }
    }

    /// Answers `method path` with whatever `handler` computes.
    func on(_ method: String, _ path: String, handler: @escaping Handler) async {
        await state.add(method, path, handler)
    }

    /// Every request received so far, in arrival order.
    var requests: [Recorded] {
        get async { await state.recorded }
    }

    /// The requests received for `path`, in arrival order.
    func requests(to path: String) async -> [Recorded] {
        await state.recorded.filter { $0.path == path }
    }
}

/// The routes and the request log behind a `FixtureServer`.
private actor RouteTable {
    private var routes: [String: FixtureServer.Handler] = [:]
    private(set) var recorded: [FixtureServer.Recorded] = []

    func add(_ method: String, _ path: String, _ handler: @escaping FixtureServer.Handler) {
        routes[method.uppercased() + " " + path] = handler
    }

    func respond(to request: Request) async -> Response {
        var headers: [String: String] = [:]
        for field in request.headers {
            headers[field.name.rawName.lowercased()] = field.value
        }
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters {
            query[String(name)] = String(value)
        }
        var body = Data()
        if let buffer = try? await request.body.collect(upTo: 64 << 20) { body = Data(buffer.readableBytesView) }
        let rawPath = request.uri.path
        let recorded = FixtureServer.Recorded(
            method: request.method.rawValue, path: rawPath.removingPercentEncoding ?? rawPath,
            rawPath: rawPath, query: query, headers: headers, body: body)
        self.recorded.append(recorded)
        let reply: FixtureServer.Reply
        if let handler = routes[recorded.method + " " + recorded.path] {
            do {
                reply = try await handler(recorded)
            } catch {
                reply = .json(500, #"{"detail": "fixture handler failed"}"#)
            }
        } else {
            reply = .json(404, #"{"detail": "Not Found"}"#)
        }
        return Response(
            status: .init(code: reply.status, reasonPhrase: "Fixture"),
            headers: [.contentType: reply.contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
    }
}

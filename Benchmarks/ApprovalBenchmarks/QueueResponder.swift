import ApprovalClient
import ApprovalModel
import Foundation
import Hummingbird
import LoopbackHTTP
import ProcessSupport

/// A tiny Preloop-compatible HTTP responder on 127.0.0.1 (port chosen by the OS) serving a fixed
/// queue to the real `approval-tui`: `GET /api/v1/approval-requests` (skip/limit paging),
/// `/api/v1/flows/executions` (none) and `/api/v1/auth/users/me`. Pages are encoded once with
/// `JSONEncoder.preloop()` and cached, so serving costs the benchmark little CPU.
final class QueueResponder: Sendable {
    let baseURL: String
    let queue: ServedQueue
    private let server: LoopbackServer

    private init(queue: ServedQueue, server: LoopbackServer) {
        self.baseURL = server.baseURL
        self.queue = queue
        self.server = server
    }

    /// Starts serving `requests`.
    static func start(serving requests: [ApprovalRequest]) throws -> QueueResponder {
        let queue = ServedQueue(requests: requests)
        return try blockingAwait {
            let server = try await LoopbackServer.start(label: "queue-responder") { request in
                await queue.respond(to: request)
            }
            return QueueResponder(queue: queue, server: server)
        }
    }

    /// Closes the listener and waits for the server task.
    func stop() {
        let server = server
        _ = try? blockingAwait { await server.stop() }
    }
}

/// The queue a `QueueResponder` serves, shared between the benchmark thread and the server's
/// tasks. `@unchecked Sendable`: every stored property is read and written only under `lock`.
final class ServedQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [ApprovalRequest]
    private var pages: [String: Data] = [:]
    private var listings = 0
    private var delay = Duration.zero

    init(requests: [ApprovalRequest]) { self.requests = requests }

    /// Adds a pending request at the front (newest first, as Preloop lists them).
    func add(_ request: ApprovalRequest) {
        lock.withLock {
            requests.insert(request, at: 0)
            pages = [:]
        }
    }

    /// How long every answer waits before it is sent (a slow server).
    var answerDelay: Duration {
        get { lock.withLock { delay } }
        set { lock.withLock { delay = newValue } }
    }

    /// How many complete walks of the list (down to its last, short page) were served.
    var completedListings: Int { lock.withLock { listings } }

    func respond(to request: Request) async -> Response {
        let wait = answerDelay
        if wait > .zero { try? await Task.sleep(for: wait) }
        let query = request.uri.queryParameters
        switch (request.method, request.uri.path) {
        case (.get, "/api/v1/approval-requests"):
            let skip = query["skip"].flatMap { Int($0) } ?? 0
            let limit = min(100, query["limit"].flatMap { Int($0) } ?? 100)
            return json(page(skip: max(0, skip), limit: max(1, limit)))
        case (.get, "/api/v1/flows/executions"):
            return json(Data("[]".utf8))
        case (.get, "/api/v1/auth/users/me"):
            let user = CurrentUser(username: "approver", email: "approver@example.com", fullName: "Alice Approver")
            return json((try? JSONEncoder.preloop().encode(user)) ?? Data())
        default:
            return Response(
                status: .notFound, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"detail": "Not Found"}"#)))
        }
    }

    private func page(skip: Int, limit: Int) -> Data {
        lock.withLock {
            let key = "\(skip)/\(limit)"
            let end = min(requests.count, skip + limit)
            if end - skip < limit { listings += 1 }
            if let cached = pages[key] { return cached }
            let slice = skip < end ? Array(requests[skip..<end]) : []
            let body = (try? JSONEncoder.preloop().encode(slice)) ?? Data("[]".utf8)
            pages[key] = body
            return body
        }
    }

    private func json(_ body: Data) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

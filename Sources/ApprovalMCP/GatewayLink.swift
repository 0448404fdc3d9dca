import Foundation
import MCP
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The stdio proxy's HTTP link to the gateway: one JSON-RPC request per POST (the gateway is
/// stateless), every HTTP failure told apart (``ProxyFailure``), and cancellation that reaches
/// the server: cancelling the calling task closes the connection, and the server then cancels a
/// call that was waiting for approval, so it can never run after the agent stopped listening.
struct GatewayLink: Sendable {
    let target: ProxyTarget
    private let session: URLSession

    /// - Parameter idleTimeout: how long an answer may take. A blocking call waits for a person
    ///   until its policy's timeout, and the server bounds every wait, so by default the link waits
    ///   a day: the proxy never gives up before the server does.
    init(target: ProxyTarget, idleTimeout: TimeInterval = 24 * 3600) {
        self.target = target
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = idleTimeout
        configuration.timeoutIntervalForResource = max(idleTimeout, 7 * 24 * 3600)
        session = URLSession(configuration: configuration)
    }

    func invalidate() { session.invalidateAndCancel() }

    /// Sends `request` and returns its result; a JSON-RPC error from the gateway is rethrown as is.
    func send<M: MCP.Method>(_ request: Request<M>) async throws -> M.Result {
        var post = URLRequest(url: target.endpoint)
        post.httpMethod = "POST"
        post.httpBody = try JSONEncoder().encode(request)
        post.setValue("application/json", forHTTPHeaderField: "Content-Type")
        post.setValue("application/json, text/event-stream", forHTTPHeaderField: "Accept")
        post.setValue("Bearer \(target.token)", forHTTPHeaderField: "Authorization")
        let (data, status) = try await exchange(post)
        if status == 400, let response = try? JSONDecoder().decode(Response<M>.self, from: data),
            case .failure(let error) = response.result
        {
            throw error  // the gateway's own JSON-RPC refusal (a protocol version it does not speak, …)
        }
        if let failure = ProxyFailure(status: status) { throw failure }
        guard let response = try? JSONDecoder().decode(Response<M>.self, from: data) else {
            throw ProxyFailure.unreadableAnswer
        }
        return try response.result.get()
    }

    /// One HTTP exchange whose data task is cancelled with the calling task.
    private func exchange(_ request: URLRequest) async throws -> (Data, Int) {
        let box = TaskBox()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(Data, Int), any Error>) in
                let task = session.dataTask(with: request) { data, response, error in
                    if let error {
                        continuation.resume(throwing: ProxyFailure(error))
                    } else if let response = response as? HTTPURLResponse {
                        continuation.resume(returning: (data ?? Data(), response.statusCode))
                    } else {
                        continuation.resume(throwing: ProxyFailure.unreadableAnswer)
                    }
                }
                box.start(task)
            }
        } onCancel: {
            box.cancel()
        }
    }
}

/// The data task of one exchange, cancelled even when cancellation comes before it started.
private final class TaskBox: @unchecked Sendable {
    // Safe: both fields are only touched under `lock`.
    private let lock = NSLock()
    private var task: URLSessionDataTask?
    private var cancelled = false

    func start(_ task: URLSessionDataTask) {
        let cancelled = lock.withLock {
            self.task = task
            return self.cancelled
        }
        if cancelled { task.cancel() }
        task.resume()
    }

    func cancel() {
        let task = lock.withLock {
            cancelled = true
            return self.task
        }
        task?.cancel()
    }
}

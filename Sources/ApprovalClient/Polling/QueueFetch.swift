import ApprovalModel
import Foundation

/// One successful answer of a ``QueueFetch``: the pending requests and, when asked for, the
/// flow executions.
public struct QueueFetchResult: Sendable, Equatable {
    public var requests: [ApprovalRequest]
    public var executions: [FlowExecution]

    public init(requests: [ApprovalRequest], executions: [FlowExecution] = []) {
        self.requests = requests
        self.executions = executions
    }

    /// Puts the server's copy of request `id` in place: replaced where it was, first (newest)
    /// when new, dropped when it is no longer pending or gone (`request` nil).
    mutating func bringUpToDate(_ id: String, _ request: ApprovalRequest?) {
        let index = requests.firstIndex { $0.id == id }
        switch (index, request) {
        case (let index?, let request?) where request.status.isPending: requests[index] = request
        case (nil, let request?) where request.status.isPending: requests.insert(request, at: 0)
        case (let index?, _): requests.remove(at: index)
        case (nil, _): break
        }
    }
}

/// Fetches one approval request by id; nil when the server no longer has it (404).
public typealias RequestFetch = @Sendable (String) async throws(ClientError) -> ApprovalRequest?

/// Fetches the queue once. The ``Poller`` knows nothing else about the server: wiring passes a
/// closure that calls the HTTP client, tests pass a scripted one.
///
/// The closure should honour task cancellation (URLSession does); ``Poller/stop()`` waits for
/// fetches in flight to end.
public typealias QueueFetch = @Sendable () async throws(ClientError) -> QueueFetchResult

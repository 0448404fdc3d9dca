import Foundation

/// What the approval queue looked like at one successful fetch.
///
/// `generation` orders snapshots: a later fetch always has a larger generation, and the
/// ``Poller`` never delivers a snapshot older than the last one it delivered. `executions` is
/// empty when flow executions were not asked for.
public struct QueueSnapshot: Sendable, Equatable, Codable {
    /// The pending approval requests, as the server listed them.
    public var requests: [ApprovalRequest]
    /// Flow executions, or empty when they were not fetched.
    public var executions: [FlowExecution]
    /// Wall time when the answer arrived.
    public var fetchedAt: Date
    /// The number of the fetch that produced this snapshot (starts at 1, strictly increasing).
    public var generation: Int

    public init(requests: [ApprovalRequest], executions: [FlowExecution] = [], fetchedAt: Date, generation: Int) {
        self.requests = requests
        self.executions = executions
        self.fetchedAt = fetchedAt
        self.generation = generation
    }
}

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

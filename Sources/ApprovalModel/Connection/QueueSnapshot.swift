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

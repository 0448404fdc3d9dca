import ApprovalClient
import ApprovalModel
import Foundation

/// Stands in for the approval server behind a ``QueueFetch``: answers fetches from a script.
///
/// Each call takes the next step; once the script is used up, calls answer with no requests.
/// A `.hold` step suspends the call until the test ``release(call:with:)``s it (or the calling
/// task is cancelled, which answers `.unreachable`).
actor ScriptedQueueServer {
    enum Step {
        case answer([String])
        case fail(ClientError)
        case hold
    }

    private var steps: [Step]
    private(set) var calls = 0
    private var held: [Int: CheckedContinuation<Result<QueueFetchResult, ClientError>, Never>] = [:]
    private var callWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    init(_ steps: [Step]) {
        self.steps = steps
    }

    /// The closure to give a ``Poller``.
    nonisolated var fetch: QueueFetch {
        { () async throws(ClientError) -> QueueFetchResult in try await self.fetchOnce().get() }
    }

    private func fetchOnce() async -> Result<QueueFetchResult, ClientError> {
        calls += 1
        let call = calls
        let ready = callWaiters.filter { $0.count <= call }
        callWaiters.removeAll { $0.count <= call }
        for waiter in ready { waiter.continuation.resume() }
        let step = steps.isEmpty ? .answer([]) : steps.removeFirst()
        switch step {
        case .answer(let ids):
            return .success(Self.result(ids))
        case .fail(let error):
            return .failure(error)
        case .hold:
            return await withTaskCancellationHandler {
                await withCheckedContinuation { held[call] = $0 }
            } onCancel: {
                Task { await self.release(call: call, with: .failure(.unreachable(server: "test", reason: "cancelled"))) }
            }
        }
    }

    /// Ends a held call with `result`.
    func release(call: Int, with result: Result<QueueFetchResult, ClientError>) {
        held.removeValue(forKey: call)?.resume(returning: result)
    }

    /// Returns once at least `count` calls have started.
    func waitForCalls(_ count: Int) async {
        guard calls < count else { return }
        await withCheckedContinuation { callWaiters.append((count, $0)) }
    }

    /// An answer listing pending requests with these ids (tool name "tool-<id>").
    static func result(_ ids: [String]) -> QueueFetchResult {
        QueueFetchResult(requests: ids.map { pendingRequest($0) })
    }

    static func pendingRequest(_ id: String) -> ApprovalRequest {
        ApprovalRequest(id: id, toolName: "tool-\(id)", requestedAt: Date(timeIntervalSince1970: 1_700_000_000))
    }
}

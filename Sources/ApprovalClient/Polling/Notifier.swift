import ApprovalModel
import Foundation

/// Decides from successive snapshots of one server when to ring, and never twice for the same thing.
///
/// Rules:
/// - It rings for a pending request id seen for the first time and for a flow execution seen in
///   a final status (``ExecutionStatus/isFinal``) for the first time.
/// - Ids are marked seen in the ``LocalStore`` when first observed, before the decision is
///   returned, so no id rings twice, not even after a restart. If the write fails the call
///   throws and nothing is marked, so the same items are tried again with the next snapshot.
/// - At most one ring per `minimumRingSpacing` (1 s): items that arrive sooner are held and folded
///   into the next ring, which comes with the first ``observe(_:at:)`` or ``flushHeld(at:)`` call
///   at least that long after the previous ring. All items of one snapshot share one ring. Held
///   items live in memory only: if the console quits before they ring, they do not ring later.
/// - First run: when the store has seen nothing for this server yet, the requests pending in the
///   first snapshot ring once in total (``NotifierDecision/isInitialBacklog``), and executions that
///   had already finished are marked seen without ringing (they are history, not news).
///
/// Feed it live snapshots only (not the cached one shown at launch). It reads no clock: the time
/// comes with each call.
public actor Notifier {
    private let store: LocalStore
    private let server: String
    private let minimumRingSpacing: TimeInterval
    private var seenRequests: Set<String> = []
    private var seenFinalExecutions: Set<String> = []
    private var hasLoaded = false
    private var isFirstRun = false
    private var lastRingAt: Date?
    private var held: [NotifiedItem] = []
    private var heldIsBacklog = false

    /// - Parameters:
    ///   - store: where seen ids persist.
    ///   - server: the name the seen ids are kept under (profile name or base URL).
    ///   - minimumRingSpacing: the shortest time between two rings, in seconds.
    public init(store: LocalStore, server: String, minimumRingSpacing: TimeInterval = 1) {
        self.store = store
        self.server = server
        self.minimumRingSpacing = minimumRingSpacing
    }

    /// Looks at a new snapshot, marks what is new as seen and says whether to ring.
    /// - Throws: a ``StoreError`` when the seen ids cannot be read or written.
    public func observe(_ snapshot: QueueSnapshot, at now: Date) throws(StoreError) -> NotifierDecision {
        try loadIfNeeded()
        // Only ids and tool names: the first snapshot of a busy queue is all new.
        var newRequests: [(id: String, toolName: String)] = []
        var newRequestIDs: Set<String> = []
        for request in snapshot.requests
        where request.status.isPending && !seenRequests.contains(request.id) && newRequestIDs.insert(request.id).inserted {
            newRequests.append((request.id, request.toolName))
        }
        var finished: [FlowExecution] = []
        var finishedIDs: Set<String> = []
        for execution in snapshot.executions
        where execution.status.isFinal && !seenFinalExecutions.contains(execution.id)
            && finishedIDs.insert(execution.id).inserted {
            finished.append(execution)
        }
        try store.markSeen(
            requestIDs: newRequests.map(\.id), finalExecutionIDs: finished.map(\.id), server: server, at: now)
        seenRequests.formUnion(newRequestIDs)
        seenFinalExecutions.formUnion(finishedIDs)

        var items = newRequests.map { NotifiedItem.request(id: $0.id, toolName: $0.toolName) }
        if isFirstRun {
            isFirstRun = false
            heldIsBacklog = heldIsBacklog || !items.isEmpty
        } else {
            items += finished.map { .finishedExecution(id: $0.id, flowName: $0.flowName, status: $0.status) }
        }
        held += items
        return flushHeld(at: now)
    }

    /// Rings for held items once the spacing since the last ring has passed; silent otherwise.
    /// The event loop may call it on its tick so a held item does not wait for the next snapshot.
    public func flushHeld(at now: Date) -> NotifierDecision {
        guard !held.isEmpty else { return .silent }
        if let lastRingAt, now.timeIntervalSince(lastRingAt) < minimumRingSpacing { return .silent }
        let decision = NotifierDecision(shouldRing: true, items: held, isInitialBacklog: heldIsBacklog)
        held = []
        heldIsBacklog = false
        lastRingAt = now
        return decision
    }

    /// Whether items are waiting for the spacing to pass.
    public var hasHeldItems: Bool { !held.isEmpty }

    private func loadIfNeeded() throws(StoreError) {
        guard !hasLoaded else { return }
        seenRequests = try store.seenIDs(.request, server: server)
        seenFinalExecutions = try store.seenIDs(.executionFinal, server: server)
        isFirstRun = seenRequests.isEmpty && seenFinalExecutions.isEmpty
        hasLoaded = true
    }
}

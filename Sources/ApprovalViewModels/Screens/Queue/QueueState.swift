import ApprovalModel
import Foundation

/// The queue screen: pending requests, which are marked or being decided, where the list stands,
/// and where the rows came from (a live answer or a previous run's saved snapshot).
public struct QueueState: Equatable, Sendable, ListScreenState {
    /// Pending requests, the soonest deadline first.
    public internal(set) var requests: [ApprovalRequest] = [] { didSet { refilter() } }
    public internal(set) var selection = ListSelection<String>() {
        didSet { if selection.filter != oldValue.filter { refilter() } }
    }
    public internal(set) var markedRequestIDs: Set<String> = []
    /// Requests with a decision in flight.
    public internal(set) var decidingRequestIDs: Set<String> = []
    /// Decisions in their undo window, oldest first; not sent yet. A request that leaves the
    /// queue keeps its held decision: the server's answer, when it is sent, says what became of it.
    public internal(set) var heldDecisions: [HeldDecision] = [] {
        didSet { heldRequestIDs = Set(heldDecisions.map(\.requestID)) }
    }
    /// The ids of `heldDecisions`, so asking about one request costs nothing in a long queue.
    private var heldRequestIDs: Set<String> = []

    /// The held decision on `id`, if it has one.
    public func heldDecision(of id: String) -> HeldDecision? {
        heldRequestIDs.contains(id) ? heldDecisions.first { $0.requestID == id } : nil
    }

    /// Whether `id` has a decision held or in flight: a key cannot decide it again.
    public func isDeciding(_ id: String) -> Bool {
        decidingRequestIDs.contains(id) || heldRequestIDs.contains(id)
    }
    public internal(set) var hasLoaded = false
    /// When the requests shown come from a previous run's saved snapshot, its time.
    public internal(set) var cachedSavedAt: Date?
    /// How an agent reaches the embedded server; shown when the loaded queue is empty. Set by
    /// the wiring for the embedded server only.
    public var onboarding: Onboarding?
    public internal(set) var seenRequestIDs: Set<String> = []
    /// The last snapshot's lists as they came, before filtering and sorting. A poll the server
    /// answered "unchanged" hands back the very same arrays, which compare equal at once.
    var appliedSnapshot: AppliedSnapshot?

    struct AppliedSnapshot: Equatable, Sendable {
        var requests: [ApprovalRequest]
        var executions: [FlowExecution]
    }
    /// `:server NAME` in a console on several servers: only that server's requests show.
    public internal(set) var serverFocus: String? {
        didSet {
            guard serverFocus != oldValue else { return }
            if let serverFocus { markedRequestIDs = markedRequestIDs.filter { ServerScope.id($0, isOn: serverFocus) } }
            refilter()
        }
    }
    /// Policy names by id, for the filter (kept in step with the policies screen's list).
    var policyNames: [String: String] = [:] { didSet { refilter() } }

    public init() {}

    /// The requests the queue shows: pending, filtered, soonest deadline first. Kept up to date
    /// whenever the requests, the filter or the policy names change, so reading it costs nothing
    /// (a 10,000-request queue is read several times per frame and per key).
    public private(set) var visibleRequests: [ApprovalRequest] = []

    /// The focused request, if it is visible.
    public var focusedRequest: ApprovalRequest? {
        visibleRequests.first { $0.id == selection.focusedID }
    }

    private mutating func refilter() {
        let filter = selection.filter
        let shown = serverFocus.map { focus in requests.filter { ServerScope.id($0.id, isOn: focus) } } ?? requests
        guard !filter.isEmpty else {
            visibleRequests = shown
            return
        }
        let names = policyNames
        visibleRequests = shown.filter { request in
            request.toolName.containsIgnoringCase(filter) || request.id.containsIgnoringCase(filter)
                || request.executionID?.containsIgnoringCase(filter) == true
                || request.approvalPolicyID.flatMap { names[$0] }?.containsIgnoringCase(filter) == true
                || request.agentReasoning?.containsIgnoringCase(filter) == true
        }
    }

    /// Replaces the pending requests (already sorted), keeping the focus on the same id, or on the
    /// request now at the focused position when that one left.
    mutating func replace(with sorted: [ApprovalRequest]) {
        changeRows { queue in
            queue.requests = sorted
            let ids = Set(sorted.map(\.id))
            queue.markedRequestIDs.formIntersection(ids)
            queue.decidingRequestIDs.formIntersection(ids)
        }
    }

    /// A view of the visible requests' ids, not a copy: 10,000 of them are read on every update.
    var visibleIDs: LazyMapCollection<[ApprovalRequest], String> { visibleRequests.lazy.map(\.id) }

    mutating func toggleMark() {
        guard let id = focusedRequest?.id else { return }
        if markedRequestIDs.contains(id) { markedRequestIDs.remove(id) } else { markedRequestIDs.insert(id) }
        move(by: 1)
    }

    /// The requests a deciding key acts on from the queue: the marked ones, else the focused one.
    var decisionTargets: [String] {
        if !markedRequestIDs.isEmpty { return requests.map(\.id).filter(markedRequestIDs.contains) }
        return focusedRequest.map { [$0.id] } ?? []
    }
}

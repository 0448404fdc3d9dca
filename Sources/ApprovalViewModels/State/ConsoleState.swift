import ApprovalClient
import Foundation

/// Everything the console shows, as a value. It changes only through `update(_:)`, which
/// returns the effects to run; `renderScreen(_:size:)` draws it. Time and size arrive as events.
///
/// ```swift
/// var state = ConsoleState(serverName: "preloop.example", size: Size(columns: 80, rows: 24), now: start)
/// let effects = state.update(.key(.character("a")))   // [.decide(["r1"], .approve, comment: nil)]
/// let frame = renderScreen(state, size: state.size)
/// ```
public struct ConsoleState: Equatable, Sendable {
    // Configuration, fixed for a session.
    public var serverName: String
    public var userName: String?
    public var isReadOnly: Bool
    /// The effective keymap (`Keymap.default.readOnly()` in read-only sessions).
    public var keymap: Keymap
    public var themeName: String
    /// Zone for clock times shown ("offline since 14:03:07").
    public var timeZone: TimeZone
    /// Whether new pending requests in a snapshot emit `.ringBell`. Off by default: the
    /// Notifier in ApprovalClient decides rings (never twice, even across restarts).
    public var ringsOnNewRequests: Bool

    public var size: Size
    public var now: Date
    public var screen: ScreenID = .queue
    public var isHelpVisible = false
    /// Lines the help overlay is scrolled by (j/k while it is open).
    public var helpScroll = 0
    public var input: InputMode = .none
    public var status: StatusMessage?

    // Queue and detail.
    /// Pending requests, the soonest deadline first.
    public internal(set) var requests: [ApprovalRequest] = [] { didSet { filterRequests() } }
    public var focusedRequestID: String?
    public var markedRequestIDs: Set<String> = []
    public var queueFilter = "" { didSet { filterRequests() } }
    /// Requests with a decision in flight.
    public var decidingRequestIDs: Set<String> = []
    public var hasLoadedQueue = false
    public var seenRequestIDs: Set<String> = []
    public var detailScroll = 0
    /// The request the detail screen shows (fixed while it is open).
    public var detailRequestID: String?

    // Flows, log, policies.
    public internal(set) var executions: [FlowExecution] = []
    public var focusedExecutionID: String?
    public var flowFilter = ""
    public var log: LogViewState?
    public var logCapacity: Int
    /// Policies (their names are matched by the queue filter).
    public var policies: [ApprovalPolicy] = [] { didSet { filterRequests() } }
    public var hasLoadedPolicies = false
    public var focusedPolicyIndex = 0
    public var policyFilter = ""

    public var connection: ConsoleConnection = .connecting
    public var isPushLive = false
    /// When a snapshot last brought something new: the first one, one that changed the requests or
    /// executions, or the first after being offline. An identical answer while live leaves it
    /// alone ("live" already says polling works), so an idle screen stays byte-for-byte the same.
    public var lastRefresh: Date?

    /// - Parameters:
    ///   - serverName: shown on the status line (a profile name or host).
    ///   - userName: shown on the status line; `.signedIn` fills it later.
    ///   - isReadOnly: `--read-only`: deciding and stopping keys are gone and the status line says so.
    ///   - themeName: the theme in use, shown by `:theme`.
    ///   - size: the terminal size at start.
    ///   - now: the time at start.
    ///   - timeZone: for clock times on screen.
    public init(
        serverName: String, userName: String? = nil, isReadOnly: Bool = false, themeName: String = "default",
        size: Size, now: Date, timeZone: TimeZone = TimeZone(identifier: "UTC")!,
        ringsOnNewRequests: Bool = false, logCapacity: Int = 10_000
    ) {
        self.serverName = serverName
        self.userName = userName
        self.isReadOnly = isReadOnly
        self.keymap = isReadOnly ? Keymap.default.readOnly() : Keymap.default
        self.themeName = themeName
        self.size = size
        self.now = now
        self.timeZone = timeZone
        self.ringsOnNewRequests = ringsOnNewRequests
        self.logCapacity = logCapacity
    }

    /// Whether a once-a-second `.tick` is needed: a countdown or a running duration is on screen.
    public var needsTick: Bool {
        switch screen {
        case .queue, .detail: requests.contains { deadline(of: $0) != nil }
        case .flows, .log: executions.contains { $0.status.isActive }
        case .policies: false
        }
    }

    /// The requests the queue shows: pending, filtered, soonest deadline first. Kept up to date
    /// whenever `requests`, `queueFilter` or `policies` change, so reading it costs nothing (a
    /// 10,000-request queue is read several times per frame and per key).
    public private(set) var visibleRequests: [ApprovalRequest] = []

    private mutating func filterRequests() {
        guard !queueFilter.isEmpty else {
            visibleRequests = requests
            return
        }
        let filter = queueFilter
        visibleRequests = requests.filter { request in
            [request.toolName, request.id, request.executionID ?? "", policyName(of: request) ?? "",
             request.agentReasoning ?? ""].contains { $0.containsIgnoringCase(filter) }
        }
    }

    /// The executions the flows screen shows: running first, then newest first, filtered.
    public var visibleExecutions: [FlowExecution] {
        guard !flowFilter.isEmpty else { return executions }
        return executions.filter { execution in
            [execution.flowName ?? "", execution.id, execution.status.rawValue]
                .contains { $0.range(of: flowFilter, options: .caseInsensitive) != nil }
        }
    }

    public var visiblePolicies: [ApprovalPolicy] {
        guard !policyFilter.isEmpty else { return policies }
        return policies.filter { $0.name.range(of: policyFilter, options: .caseInsensitive) != nil }
    }

    /// The focused request, if it is visible.
    public var focusedRequest: ApprovalRequest? {
        visibleRequests.first { $0.id == focusedRequestID }
    }

    /// The request the detail screen shows.
    public var detailRequest: ApprovalRequest? {
        requests.first { $0.id == detailRequestID }
    }

    public var focusedExecution: FlowExecution? {
        visibleExecutions.first { $0.id == focusedExecutionID }
    }

    /// When `request` stops being decidable: `expires_at`, else requested time plus its policy's timeout.
    public func deadline(of request: ApprovalRequest) -> Date? {
        if let expiresAt = request.expiresAt { return expiresAt }
        guard let policy = policies.first(where: { $0.id == request.approvalPolicyID }),
            let timeout = policy.timeoutSeconds
        else { return nil }
        return request.requestedAt.addingTimeInterval(TimeInterval(timeout))
    }

    /// Whether `request` is past its deadline (Preloop leaves async requests pending after it).
    public func isStale(_ request: ApprovalRequest) -> Bool {
        guard let deadline = deadline(of: request) else { return false }
        return deadline <= now
    }

    public func policyName(of request: ApprovalRequest) -> String? {
        policies.first { $0.id == request.approvalPolicyID }?.name
    }

    /// Replaces the pending requests, keeping the focus on the same id, or on the request now at
    /// the focused position when that one left.
    mutating func replaceRequests(_ newRequests: [ApprovalRequest]) {
        let old = visibleRequests.map(\.id)
        requests = newRequests.filter { $0.status.isPending }.sorted(by: queueOrder)
        let ids = Set(requests.map(\.id))
        markedRequestIDs.formIntersection(ids)
        decidingRequestIDs.formIntersection(ids)
        focusedRequestID = FocusRule.follow(focusedRequestID, from: old, to: visibleRequests.map(\.id))
    }

    mutating func replaceExecutions(_ newExecutions: [FlowExecution]) {
        let old = visibleExecutions.map(\.id)
        executions = newExecutions.sorted { a, b in
            if a.status.isActive != b.status.isActive { return a.status.isActive }
            return (a.startTime ?? .distantPast, a.id) > (b.startTime ?? .distantPast, b.id)
        }
        focusedExecutionID = FocusRule.follow(focusedExecutionID, from: old, to: visibleExecutions.map(\.id))
    }

    private func queueOrder(_ a: ApprovalRequest, _ b: ApprovalRequest) -> Bool {
        let da = deadline(of: a) ?? .distantFuture, db = deadline(of: b) ?? .distantFuture
        if da != db { return da < db }
        if a.requestedAt != b.requestedAt { return a.requestedAt < b.requestedAt }
        return a.id < b.id
    }

    /// Re-sorts after policies (and so deadlines) changed.
    mutating func resortRequests() { replaceRequests(requests) }
}

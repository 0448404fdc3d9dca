import ApprovalModel
import Foundation

/// Everything the console shows, as a value. It changes only through `update(_:)`, which
/// returns the effects to run; `renderScreen(_:size:)` draws it. Time and size arrive as events.
///
/// ```swift
/// var state = ConsoleState(serverName: "preloop.example", size: Size(columns: 80, rows: 24), now: start)
/// let effects = state.update(.key(.character("a")))   // [.decide(["r1"], .approve, comment: nil)]
/// let frame = renderScreen(state, size: state.size)
/// ```
///
/// What is global lives here (session, connection, input mode, status line, which screen); each
/// screen's rows and selection live in its own state (`queue`, `detail`, `flows`, `policies`,
/// `journal`, in Screens/). Every stored property is read-only outside this module: `update(_:)`
/// is the only way in.
public struct ConsoleState: Equatable, Sendable {
    // Configuration, fixed for a session.
    public internal(set) var serverName: String
    public internal(set) var userName: String?
    public internal(set) var isReadOnly: Bool
    /// The keymap before read-only removed anything: refused keys are looked up here to say why.
    let unrestrictedKeymap: Keymap
    /// The effective keymap (`Keymap.default.readOnly()` in read-only sessions).
    public internal(set) var keymap: Keymap
    public internal(set) var themeName: String
    /// Zone for clock times shown ("offline since 14:03:07").
    public internal(set) var timeZone: TimeZone
    /// Whether new pending requests in a snapshot emit `.ringBell`. Off by default: the
    /// Notifier in ApprovalClient decides rings (never twice, even across restarts).
    public internal(set) var ringsOnNewRequests: Bool
    /// Where the detail goes after a decision made in it: the next request, or the queue.
    public internal(set) var afterDecision: AfterDecision
    /// Seconds a decision is held, `u` taking it back, before it is sent (`undo_seconds`); 0 sends at once.
    public internal(set) var undoSeconds: Int
    /// A first `q` with decisions held warned; the next one quits without sending them.
    public internal(set) var isQuitArmed = false

    public internal(set) var size: Size
    public internal(set) var now: Date
    public internal(set) var screen: ScreenID = .queue
    public internal(set) var isHelpVisible = false
    /// Lines the help overlay is scrolled by (j/k while it is open), as wanted: rendering clamps it.
    public internal(set) var helpScroll = 0
    /// How far the detail and help could scroll in the last frame (``ConsoleEvent/drawn(_:)``).
    public internal(set) var scrollLimits = ScrollLimits()
    public internal(set) var input: InputMode = .none
    public internal(set) var status: StatusMessage?

    // The screens, each with its own rows and selection.
    public internal(set) var queue = QueueState()
    public internal(set) var detail = DetailState()
    public internal(set) var flows: FlowsState
    public internal(set) var policies = PoliciesState() {
        didSet {
            guard policies.items != oldValue.items else { return }
            queue.policyNames = Dictionary(policies.items.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        }
    }
    public internal(set) var journal = JournalState()
    public internal(set) var history = HistoryState()
    public internal(set) var rules = RulesState()
    /// How an agent reaches the embedded server (the queue shows it when empty); set by the wiring.
    public var onboarding: Onboarding? {
        get { queue.onboarding }
        set { queue.onboarding = newValue }
    }

    /// The Poller's connection state (ApprovalClient), updated by snapshots and failures too.
    public internal(set) var connection: ConnectionState = .connecting
    /// The last error talking to the server and when it came, kept after the server recovers
    /// (`?` and `:status` show it in full).
    public internal(set) var lastServerError: ServerErrorRecord?
    public internal(set) var isPushLive = false
    /// The servers of a console on several servers, each with its connection; empty on one server.
    public internal(set) var fleet: FleetState
    /// When a snapshot last brought something new: the first one, one that changed the requests or
    /// executions, or the first after not being live. An identical answer while live leaves it
    /// alone ("live" already says polling works), so an idle screen stays byte-for-byte the same.
    public internal(set) var lastRefresh: Date?

    /// - Parameters:
    ///   - serverName: shown on the status line (a profile name or host).
    ///   - userName: shown on the status line; `.signedIn` fills it later.
    ///   - isReadOnly: `--read-only`: deciding and stopping keys are gone and the status line says so.
    ///   - keymap: the keys (`Keymap.default`, or with `[keys.*]` overrides applied); read-only
    ///     sessions drop its mutating bindings.
    ///   - themeName: the theme in use, shown by `:theme`.
    ///   - size: the terminal size at start.
    ///   - now: the time at start.
    ///   - timeZone: for clock times on screen.
    ///   - servers: the servers' names of a console on several servers (their ids arrive
    ///     qualified, ``ServerScope``); one name or none is a console on one server.
    ///   - journalNames: for each of `servers`, the server name its journal entries carry.
    public init(
        serverName: String, userName: String? = nil, isReadOnly: Bool = false, keymap: Keymap = .default,
        themeName: String = "default",
        size: Size, now: Date, timeZone: TimeZone = TimeZone(identifier: "UTC")!,
        ringsOnNewRequests: Bool = false, afterDecision: AfterDecision = .next, undoSeconds: Int = 0,
        logCapacity: Int = 10_000, servers: [String] = [], journalNames: [String] = []
    ) {
        self.fleet = FleetState(names: servers, journalNames: journalNames)
        self.serverName = serverName
        self.userName = userName
        self.isReadOnly = isReadOnly
        self.keymap = isReadOnly ? keymap.readOnly() : keymap
        self.unrestrictedKeymap = keymap
        self.themeName = themeName
        self.size = size
        self.now = now
        self.timeZone = timeZone
        self.ringsOnNewRequests = ringsOnNewRequests
        self.afterDecision = afterDecision
        self.undoSeconds = max(0, undoSeconds)
        self.flows = FlowsState(logCapacity: logCapacity)
    }

    /// Whether a once-a-second `.tick` is needed: a countdown or a running duration is on screen.
    public var needsTick: Bool {
        if !queue.heldDecisions.isEmpty { return true }
        return switch screen {
        case .queue, .detail: queue.requests.contains { deadline(of: $0) != nil }
        case .flows, .log: flows.executions.contains { $0.status.isActive }
        case .rules: rules.rules.contains { RuleExpiry.of($0) != nil }
        case .policies, .journal, .history: false
        }
    }

    /// The request the detail screen shows.
    /// A detail opened from the history shows a decided request, read from the history.
    public var detailRequest: ApprovalRequest? {
        if detail.origin == .history { return history.requests.first { $0.id == detail.requestID } }
        return queue.requests.first { $0.id == detail.requestID }
    }

    /// When `request` stops being decidable: `expires_at`, else requested time plus its policy's timeout.
    public func deadline(of request: ApprovalRequest) -> Date? {
        if let expiresAt = request.expiresAt { return expiresAt }
        guard let policy = policies.policy(request.approvalPolicyID), let timeout = policy.timeoutSeconds
        else { return nil }
        return request.requestedAt.addingTimeInterval(TimeInterval(timeout))
    }

    /// Whether `request` is past its deadline (Preloop leaves async requests pending after it).
    public func isStale(_ request: ApprovalRequest) -> Bool {
        guard let deadline = deadline(of: request) else { return false }
        return deadline <= now
    }

    public func policyName(of request: ApprovalRequest) -> String? {
        policies.policy(request.approvalPolicyID)?.name
    }

    /// Replaces the pending requests, soonest deadline first, keeping the focus on the same id, or
    /// on the request now at the focused position when that one left.
    mutating func replaceRequests(_ newRequests: [ApprovalRequest]) {
        let pending = newRequests.allSatisfy(\.status.isPending) ? newRequests : newRequests.filter(\.status.isPending)
        queue.replace(with: pending.sorted(by: queueOrder))
    }

    private func queueOrder(_ a: ApprovalRequest, _ b: ApprovalRequest) -> Bool {
        let da = deadline(of: a) ?? .distantFuture, db = deadline(of: b) ?? .distantFuture
        if da != db { return da < db }
        if a.requestedAt != b.requestedAt { return a.requestedAt < b.requestedAt }
        return a.id < b.id
    }

    /// How many pending requests are past their deadline. Requests are sorted by deadline, so
    /// the stale ones lead the list and counting stops at the first live one.
    public var staleCount: Int {
        queue.requests.prefix { isStale($0) }.count
    }

    /// When the server stopped answering, while it has not answered since.
    public var unreachableSince: Date? { connection.failingSince }

    /// Whether the server is known to be offline (not just one failed fetch).
    public var isOffline: Bool { connection.isOffline }

    /// Re-sorts after policies (and so deadlines) changed.
    mutating func resortRequests() { replaceRequests(queue.requests) }
}

/// An error from the server and when the console met it.
public struct ServerErrorRecord: Equatable, Sendable {
    public var error: ClientError
    public var at: Date

    public init(error: ClientError, at: Date) {
        self.error = error
        self.at = at
    }
}

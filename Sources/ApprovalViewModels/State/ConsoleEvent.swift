import ApprovalModel
import Foundation

/// Everything that happens to the console: keys, size, time and the results of effects.
/// The event loop feeds these to `ConsoleState.update(_:)`, one at a time.
public enum ConsoleEvent: Equatable, Sendable {
    case key(KeyPress)
    case resized(Size)
    /// A frame was drawn: how far its scrolled views could go (``drawConsole(_:size:)``).
    case drawn(ScrollLimits)
    /// Something the wiring must tell the approver (a `:server` profile that does not exist, …).
    case notice(String, isError: Bool)
    /// The clock moved on (sent about once a second while `ConsoleState.needsTick`).
    case tick(now: Date)
    /// A poll succeeded: the pending requests and the recent executions, as of `at`.
    case snapshotArrived(requests: [ApprovalRequest], executions: [FlowExecution], at: Date)
    /// The last snapshot saved by a previous run (LocalStore), shown dimmed until the first
    /// answer of this run; ignored once the server has answered.
    case cachedSnapshotLoaded(requests: [ApprovalRequest], executions: [FlowExecution], savedAt: Date)
    /// A console on several servers: one server's poll answered, its ids qualified
    /// (``ServerScope``); only that server's rows are replaced.
    case serverSnapshotArrived(server: String, requests: [ApprovalRequest], executions: [FlowExecution], at: Date)
    /// A console on several servers: one server's snapshot saved by a previous run.
    case serverCachedSnapshotLoaded(server: String, requests: [ApprovalRequest], executions: [FlowExecution], savedAt: Date)
    /// A console on several servers: one server's Poller connection state changed.
    case serverConnectionChanged(server: String, ConnectionState)
    /// A console on several servers: one server's push came up or went down.
    case serverPushChanged(server: String, isLive: Bool, at: Date)
    /// A poll failed; the console keeps what it knew and says since when.
    case fetchFailed(ClientError, at: Date)
    /// The Poller's view of the connection changed (`PollerUpdate.state`).
    case connectionChanged(ConnectionState)
    /// A push connection (websocket) came up or went down; polling results still decide the queue.
    case pushConnectionChanged(isLive: Bool, at: Date)
    /// `/auth/users/me` answered.
    case signedIn(CurrentUser)
    /// One request of a `.decide` effect finished.
    case decisionFinished(requestID: String, Result<ApprovalRequest, ClientError>)
    case policiesLoaded(Result<[ApprovalPolicy], ClientError>)
    /// `.fetchHistory` answered: the decided requests, or why not.
    case historyLoaded(Result<[ApprovalRequest], ClientError>)
    /// `.createAllowRule` answered: the rule as stored, or why it was not made (its request is
    /// then not approved either).
    case allowRuleFinished(RuleDraft, Result<AccessRule, ClientError>)
    /// `.fetchRules` answered.
    case rulesLoaded(Result<[AccessRule], ClientError>)
    /// `.revokeRule` answered; nil error: revoked.
    case ruleRevoked(id: String, error: ClientError?)
    /// `GET /flows` answered: names and agent types for the flows screen.
    case flowsLoaded([Flow])
    /// New log entries of an execution, oldest first, none repeated.
    case logLines(executionID: String, [LogEntry])
    /// A `.stopExecution` effect finished; `nil` error means the server accepted it.
    case stopFinished(executionID: String, error: ClientError?)
    /// A `.loadJournal` effect finished: the journal's entries, newest first, or why the local
    /// store could not give them.
    case journalLoaded(Result<[JournalEntry], StoreError>)
    /// A `.loadTheme` effect finished.
    case themeChanged(Result<String, ThemeError>)
}

extension ConsoleEvent {
    /// The event for a Poller snapshot (`PollerUpdate.snapshot`).
    public static func snapshot(_ snapshot: QueueSnapshot) -> ConsoleEvent {
        .snapshotArrived(requests: snapshot.requests, executions: snapshot.executions, at: snapshot.fetchedAt)
    }

    /// The event for any Poller update.
    public static func poller(_ update: PollerUpdate) -> ConsoleEvent {
        switch update {
        case .snapshot(let snapshot): .snapshot(snapshot)
        case .state(let state): .connectionChanged(state)
        }
    }
}

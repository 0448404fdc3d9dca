import ApprovalClient
import Foundation

/// Everything that happens to the console: keys, size, time and the results of effects.
/// The event loop feeds these to `ConsoleState.update(_:)`, one at a time.
public enum ConsoleEvent: Equatable, Sendable {
    case key(KeyPress)
    case resized(Size)
    /// The clock moved on (sent about once a second while `ConsoleState.needsTick`).
    case tick(now: Date)
    /// A poll succeeded: the pending requests and the recent executions, as of `at`.
    case snapshotArrived(requests: [ApprovalRequest], executions: [FlowExecution], at: Date)
    /// A poll failed; the console keeps what it knew and says since when.
    case fetchFailed(ClientError, at: Date)
    /// A push connection (websocket) came up or went down; polling results still decide the queue.
    case connectionChanged(isPushLive: Bool, at: Date)
    /// `/auth/users/me` answered.
    case signedIn(CurrentUser)
    /// One request of a `.decide` effect finished.
    case decisionFinished(requestID: String, Result<ApprovalRequest, ClientError>)
    case policiesLoaded(Result<[ApprovalPolicy], ClientError>)
    /// New log entries of an execution, oldest first, none repeated.
    case logLines(executionID: String, [LogEntry])
    /// A `.stopExecution` effect finished; `nil` error means the server accepted it.
    case stopFinished(executionID: String, error: ClientError?)
    /// A `.loadTheme` effect finished.
    case themeChanged(Result<String, ThemeError>)
}

/// Work the event loop does for the console and answers with another `ConsoleEvent`.
/// Effects are data so tests can compare them.
public enum Effect: Equatable, Sendable {
    /// Poll now (requests and executions); answer `.snapshotArrived` or `.fetchFailed`.
    case fetchQueue
    /// Decide each request; answer one `.decisionFinished` per id.
    case decide([String], Verdict, comment: String?)
    /// Answer `.policiesLoaded`.
    case fetchPolicies
    /// Start tailing an execution's log; answer with `.logLines` as lines come.
    case followLogs(executionID: String)
    /// Stop tailing it.
    case unfollowLogs(executionID: String)
    /// Answer `.stopFinished`.
    case stopExecution(String)
    /// Load the theme `name` from the theme folders; answer `.themeChanged`.
    case loadTheme(String)
    /// Switch to the profile `name` (reconnect); the loop decides how.
    case switchServer(String)
    /// Ring the terminal bell (skipped with `--no-bell`).
    case ringBell
    /// Restore the terminal and exit.
    case quit
}

/// Whether the console can reach its server.
public enum ConsoleConnection: Equatable, Sendable {
    /// No answer yet.
    case connecting
    case live
    /// The last fetch failed; `since` is the first failure of this run of failures.
    case offline(since: Date, reason: String)
}

/// A result of the console's own, shown on the status line until the next key.
public struct StatusMessage: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case info, error }
    public var text: String
    public var kind: Kind

    public init(_ text: String, kind: Kind = .info) {
        self.text = text
        self.kind = kind
    }
}

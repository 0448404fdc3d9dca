import ApprovalModel

/// Work the event loop does for the console and answers with another `ConsoleEvent`.
/// Effects are data so tests can compare them.
public enum Effect: Equatable, Sendable {
    /// Poll now (requests and executions); answer `.snapshotArrived` or `.fetchFailed`.
    case fetchQueue
    /// Decide each request; answer one `.decisionFinished` per id.
    case decide([String], Verdict, comment: String?)
    /// Journal these decisions as held (the undo window); a later `.decide` sends them, or
    /// `.undoDecisions` takes them back. Not answered.
    case holdDecisions([HeldDecision])
    /// Journal these held decisions as taken back; they are never sent. Not answered.
    case undoDecisions([String])
    /// Answer `.policiesLoaded`.
    case fetchPolicies
    /// Start tailing an execution's log; answer with `.logLines` as lines come.
    case followLogs(executionID: String)
    /// Stop tailing it.
    case unfollowLogs(executionID: String)
    /// Answer `.stopFinished`.
    case stopExecution(String)
    /// List the decided requests (every ended status); answer `.historyLoaded`.
    case fetchHistory
    /// Make the allow rule; answer `.allowRuleFinished` (the state then approves the request).
    case createAllowRule(RuleDraft)
    /// List the server's access rules; answer `.rulesLoaded`.
    case fetchRules
    /// Revoke an access rule; answer `.ruleRevoked`.
    case revokeRule(String)
    /// Read this console's decision journal, newest first; answer `.journalLoaded`.
    case loadJournal
    /// Load the theme `name` from the theme folders; answer `.themeChanged`.
    case loadTheme(String)
    /// Switch to the profile `name` (reconnect); the loop decides how.
    case switchServer(String)
    /// Ring the terminal bell (skipped with `--no-bell`).
    case ringBell
    /// Restore the terminal and exit.
    case quit
}

import ApprovalModel

/// What keys currently type into, if anything: a prompt, a confirmation, or nothing (keys are
/// looked up in the keymap).
public enum InputMode: Equatable, Sendable {
    case none
    /// Typing the filter of the current screen; the filter applies as it is typed.
    case filter
    /// Typing a `:` command.
    case command(String)
    /// Typing a log search.
    case search(String)
    /// Waiting for `y` (anything else cancels).
    case confirm(PendingAction)
    /// Typing a comment; `enter` sends (empty means no comment), `esc` cancels.
    case comment(PendingAction, String)
    /// Choosing what an "allow similar" rule covers (`s`); `enter` approves and makes it.
    case allowSimilar(RuleChooser)
}

/// A server-changing action waiting for a confirmation or a comment.
public enum PendingAction: Equatable, Sendable {
    /// Decide these requests; `asksComment` means a comment prompt follows the confirmation.
    case decide([String], Verdict, asksComment: Bool)
    /// Stop this execution.
    case stop(executionID: String)
    /// Revoke this access rule.
    case revokeRule(id: String, toolName: String)
}

/// What a key asks for, independent of which key it is. Keymaps bind keys to these.
public enum ConsoleAction: String, Hashable, Sendable, CaseIterable {
    case moveDown, moveUp, pageDown, pageUp, moveToTop, moveToBottom
    case open, back, quit
    case nextRequest, previousRequest
    case approve, deny, approveWithComment, denyWithComment, toggleMark, allowSimilar, revokeRule, undoDecision
    case refresh, showHelp, startFilter, startCommand
    case stopExecution, toggleFollow, startSearch, nextMatch, previousMatch
    case showQueue, showFlows, showPolicies, showHistory, showRules

    /// Whether the action changes something on the server (and so is gone in read-only mode).
    public var isMutating: Bool {
        switch self {
        case .approve, .deny, .approveWithComment, .denyWithComment, .stopExecution, .allowSimilar, .revokeRule, .undoDecision: true
        default: false
        }
    }
}

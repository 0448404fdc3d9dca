import ApprovalClient
import ApprovalModel
import ApprovalViewModels

/// What background work sends to the console loop.
enum LoopMessage: Sendable {
    /// An event for `ConsoleState.update`.
    case event(ConsoleEvent)
    /// The Notifier decided something deserves the approver's attention.
    case notify(NotifierDecision)
}

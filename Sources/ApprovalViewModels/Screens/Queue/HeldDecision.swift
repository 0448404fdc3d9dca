import ApprovalModel
import Foundation

/// A decision in its undo window (`undo_seconds`): made with `a`/`d`, journaled as held, and
/// sent only when `sendAt` passes, unless `u` takes it back first.
public struct HeldDecision: Equatable, Sendable {
    public var requestID: String
    public var toolName: String
    public var verdict: Verdict
    public var comment: String?
    /// When the window ends and the decision goes to the server.
    public var sendAt: Date
    /// Decisions made by one key press (a bulk decision) share a batch, and `u` takes back the
    /// newest batch whole.
    public var batch: Int

    public init(requestID: String, toolName: String, verdict: Verdict, comment: String?, sendAt: Date, batch: Int) {
        self.requestID = requestID
        self.toolName = toolName
        self.verdict = verdict
        self.comment = comment
        self.sendAt = sendAt
        self.batch = batch
    }

    /// Whole seconds left in the window at `now`, at least 1 while it is open.
    public func secondsLeft(at now: Date) -> Int {
        max(1, Int(sendAt.timeIntervalSince(now).rounded(.up)))
    }
}

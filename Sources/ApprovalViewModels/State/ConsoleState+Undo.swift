import ApprovalModel
import Foundation

/// The undo window (`undo_seconds`): `a`/`d` hold a decision for that long, its row counting
/// down, before it is sent; `u` takes it back. Quitting with decisions held asks once, then quits
/// without sending them (the journal and the exit line say so).
extension ConsoleState {
    /// Holds `ids` instead of sending them: one batch, journaled as held by the effect.
    mutating func hold(_ ids: [String], _ verdict: Verdict, comment: String?) -> [Effect] {
        let batch = (queue.heldDecisions.map(\.batch).max() ?? 0) + 1
        let sendAt = now.addingTimeInterval(TimeInterval(undoSeconds))
        let held = ids.map { id in
            HeldDecision(
                requestID: id, toolName: queue.requests.first { $0.id == id }?.toolName ?? id, verdict: verdict,
                comment: comment, sendAt: sendAt, batch: batch)
        }
        queue.heldDecisions += held
        let what = held.count == 1 ? held[0].toolName : "\(held.count) requests"
        status = StatusMessage("\(JournalTable.verdictText(verdict)) \(what) in \(undoSeconds)s; u takes it back")
        return [.holdDecisions(held)]
    }

    /// Sends the held decisions whose window has passed, one `.decide` per batch.
    mutating func releaseDueDecisions() -> [Effect] {
        guard queue.heldDecisions.contains(where: { $0.sendAt <= now }) else { return [] }
        let due = queue.heldDecisions.filter { $0.sendAt <= now }
        queue.heldDecisions.removeAll { $0.sendAt <= now }
        if queue.heldDecisions.isEmpty { isQuitArmed = false }
        var effects: [Effect] = []
        for batch in Set(due.map(\.batch)).sorted() {
            let decisions = due.filter { $0.batch == batch }
            let ids = decisions.map(\.requestID)
            queue.decidingRequestIDs.formUnion(ids)
            effects.append(.decide(ids, decisions[0].verdict, comment: decisions[0].comment))
        }
        return effects
    }

    /// `u`: takes back the batch of the request in view (the detail's, or the focused row's) when
    /// it has one held, else the newest batch. Nothing is sent; the requests wait for a decision again.
    mutating func undoDecision() -> [Effect] {
        let inView = screen == .detail ? detail.requestID : queue.focusedRequest?.id
        guard let batch = inView.flatMap(queue.heldDecision(of:))?.batch ?? queue.heldDecisions.last?.batch else { return [] }
        let taken = queue.heldDecisions.filter { $0.batch == batch }
        queue.heldDecisions.removeAll { $0.batch == batch }
        if queue.heldDecisions.isEmpty { isQuitArmed = false }
        let first = taken[0]
        let verdict = JournalTable.verdictText(first.verdict)
        let what = taken.count == 1 ? first.toolName : "\(taken.count) requests"
        status = StatusMessage("took back: \(verdict) \(what); not sent")
        if queue.requests.contains(where: { $0.id == first.requestID }) {
            queue.selection.focusedID = first.requestID
            if screen == .detail { detail.open(first.requestID, from: detail.origin) }
        }
        return [.undoDecisions(taken.map(\.requestID))]
    }

    /// `q` (or `:quit`): quits, unless decisions are held and this is the first ask.
    mutating func requestQuit() -> [Effect] {
        guard !queue.heldDecisions.isEmpty, !isQuitArmed else { return [.quit] }
        isQuitArmed = true
        let count = queue.heldDecisions.count
        let left = queue.heldDecisions.map { $0.secondsLeft(at: now) }.max() ?? 0
        status = StatusMessage(
            "\(count == 1 ? "1 decision is" : "\(count) decisions are") not sent yet: q again quits without sending "
                + "\(count == 1 ? "it" : "them"); u takes back; they go in \(left)s",
            kind: .error)
        return []
    }

    /// Why a decision must not be made now because of the undo window, or nil.
    var undoRefusal: String? {
        if queue.heldDecisions.isEmpty {
            return undoSeconds > 0 ? "nothing to take back" : "no undo window (undo_seconds in the profile turns it on)"
        }
        return nil
    }
}

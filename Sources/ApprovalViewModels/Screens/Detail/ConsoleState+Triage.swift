import ApprovalModel

/// Reading request after request without going back to the queue: `J`/`K` step through the
/// queue as it is shown (its filter and order), and a decision made in the detail opens the next
/// request at once when `afterDecision` is `.next`. Requests whose decision is in flight are
/// skipped; the queue's focus follows, so going back lands on the request last read.
extension ConsoleState {
    mutating func stepDetail(by step: Int) {
        guard screen == .detail, let current = detail.requestID else { return }
        guard let next = neighbour(of: current, step: step) else {
            status = StatusMessage(step > 0 ? "no request after this one" : "no request before this one")
            return
        }
        openDetail(next)
    }

    /// After a decision sent from the detail: the request below opens, else the one above. With
    /// none left (or `afterDecision == .queue`, or a detail opened from the journal) the detail
    /// stays until the answer comes and then returns, as before.
    mutating func moveOnAfterDecision(from id: String) {
        guard screen == .detail, afterDecision == .next, detail.origin == .queue else { return }
        guard let next = neighbour(of: id, step: 1) ?? neighbour(of: id, step: -1) else { return }
        openDetail(next)
    }

    private mutating func openDetail(_ id: String) {
        detail.open(id, from: detail.origin)
        if detail.origin == .history { history.selection.focusedID = id } else { queue.selection.focusedID = id }
    }

    /// The id `step` (±1) rows from `id` in the queue as shown, skipping decisions in flight.
    private func neighbour(of id: String, step: Int) -> String? {
        let rows = detail.origin == .history ? history.visibleRequests : queue.visibleRequests
        guard let start = rows.firstIndex(where: { $0.id == id }) else { return nil }
        var index = start + step
        while rows.indices.contains(index) {
            if !queue.isDeciding(rows[index].id) { return rows[index].id }
            index += step
        }
        return nil
    }
}

import ApprovalModel
import Foundation

/// Settles journal entries whose outcome nobody knows (the console stopped, or the connection
/// dropped, while a decision was on its way) by asking the server what became of each request.
///
/// A decision is never sent again: if the request is still pending, the entry says the
/// decision did not arrive, and the approver decides again knowingly.
public enum JournalRecheck {
    /// The settled outcome of `entry`, from the request's status on the server now
    /// (`nil` when the server no longer knows the request).
    public static func outcome(of entry: JournalEntry, serverStatus: ApprovalStatus?) -> (JournalOutcome, String) {
        guard let status = serverStatus else {
            return (.failed, "re-checked: the server does not know this request; nothing was re-sent")
        }
        switch status {
        case .pending:
            return (.failed, "re-checked: still pending on the server, so this decision never arrived; nothing was re-sent")
        case .approved where entry.verdict == .approve, .declined where entry.verdict == .decline:
            return (status == .approved ? .approved : .declined, "re-checked: \(status.rawValue) on the server")
        default:
            return (.alreadyDecided, "re-checked: \(status.rawValue) on the server, not as this decision asked")
        }
    }

    /// Re-checks the unsettled decisions sent to `client`'s server; returns how many were settled.
    ///
    /// Entries whose outcome is `unknown` are always re-checked; entries still `pending` only when
    /// begun before `pendingBefore` (a decision this run of the console is still sending is not
    /// lost). Entries whose request cannot be read now stay for the next connection. Cheap when
    /// there is nothing to settle: one indexed query.
    @discardableResult
    public static func run(
        store: LocalStore, client: PreloopClient, pendingBefore: Date = .distantFuture, now: @Sendable () -> Date
    ) async -> Int {
        guard let all = try? store.decisionsToRecheck(server: client.serverName) else { return 0 }
        let entries = all.filter { $0.outcome == .unknown || $0.createdAt < pendingBefore }
        var settled = 0
        for entry in entries {
            let status: ApprovalStatus?
            do {
                status = try await client.approvalRequest(id: entry.requestID).status
            } catch .notFound {
                status = nil
            } catch {
                if error.isTransient { return settled }
                status = nil
            }
            let (outcome, note) = outcome(of: entry, serverStatus: status)
            if (try? store.completeDecision(entry.id, outcome: outcome, errorText: note, at: now())) != nil {
                settled += 1
            }
        }
        return settled
    }
}

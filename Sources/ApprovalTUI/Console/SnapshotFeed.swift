import ApprovalClient
import ApprovalModel
import Foundation

/// What the console does with each answer from the server besides showing it: re-checks the
/// decisions whose outcome was lost (asking, never re-sending), saves the snapshot for the next
/// start and asks the Notifier whether to ring (both only when it changed). The session's loop posts
/// what `take` returns; the logic lives here so it can be tested alone.
struct SnapshotFeed {
    /// What the loop should post for one snapshot.
    struct Reaction: Equatable {
        /// A line for the status bar, when earlier decisions were settled.
        var notice: String?
        /// A ring to announce (bell and desktop notification).
        var ring: NotifierDecision?
        /// Whether the Notifier holds rings back (they are spaced) and should be flushed shortly.
        var holdsRings = false
        /// Whether the lists differ from the last ones written.
        var changed = false
    }

    let store: LocalStore?
    let client: PreloopClient
    let notifier: Notifier?
    /// When this console started: a decision still `pending` from before then was lost.
    let startedAt: Date
    let now: @Sendable () -> Date
    /// What was last written to the store, so an unchanged queue is not encoded and written again.
    private var saved: (requests: [ApprovalRequest], executions: [FlowExecution])?
    /// What the Notifier last took without an error, so an unchanged queue is not walked again
    /// (and a queue it failed to take is offered again with the next snapshot).
    private var observed: (requests: [ApprovalRequest], executions: [FlowExecution])?

    init(store: LocalStore?, client: PreloopClient, notifier: Notifier?, startedAt: Date, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.client = client
        self.notifier = notifier
        self.startedAt = startedAt
        self.now = now
    }

    mutating func take(_ snapshot: QueueSnapshot) async -> Reaction {
        var reaction = Reaction()
        if let store {
            let settled = await JournalRecheck.run(store: store, client: client, pendingBefore: startedAt, now: now)
            reaction.notice = Self.notice(settled: settled)
        }
        // The same lists as the last ones written (a tagged server said "unchanged"): nothing to
        // write, and nothing the Notifier has not seen.
        // Equal lists in other arrays replace the kept ones too, so the next unchanged answer
        // compares one buffer instead of 10,000 requests.
        reaction.changed = wouldSave(snapshot)
        if !reaction.changed || (try? store?.saveSnapshot(snapshot, server: client.serverName)) != nil {
            saved = (snapshot.requests, snapshot.executions)
        }
        let seen = observed.map { $0.requests == snapshot.requests && $0.executions == snapshot.executions } ?? false
        if seen {
            observed = (snapshot.requests, snapshot.executions)
        } else if let notifier, let decision = try? await notifier.observe(snapshot, at: now()) {
            observed = (snapshot.requests, snapshot.executions)
            if decision.shouldRing { reaction.ring = decision }
            reaction.holdsRings = await notifier.hasHeldItems
        }
        return reaction
    }

    /// Whether `snapshot` would be written to the store (it differs from the last one written).
    func wouldSave(_ snapshot: QueueSnapshot) -> Bool {
        saved.map { $0.requests != snapshot.requests || $0.executions != snapshot.executions } ?? true
    }

    static func notice(settled: Int) -> String? {
        guard settled > 0 else { return nil }
        let what = settled == 1 ? "1 earlier decision whose outcome was lost was"
            : "\(settled) earlier decisions whose outcome was lost were"
        return "\(what) re-checked with the server (nothing re-sent); see :journal"
    }
}

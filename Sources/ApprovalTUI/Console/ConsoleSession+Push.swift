import ApprovalClient
import ApprovalModel
import ApprovalPush
import ApprovalViewModels
import Foundation

extension ConsoleSession {
    /// The poll interval while push is live: polling stays on as a slow backstop.
    static let backstopInterval: Duration = .seconds(15)

    /// Turns push updates into fetches and status-line changes.
    ///
    /// The snapshot stays the single source of truth: an approval event asks the Poller to fetch
    /// the one request it names (and hand over the last snapshot with it brought up to date), a
    /// flow status event to fetch the queue now, so the Notifier and the console see the change
    /// through the same path as a poll (a new request rings within one round trip of its creation).
    /// While push is live the Poller slows to ``backstopInterval``; when push drops it returns to
    /// the configured interval and fetches at once.
    func feedPush(_ member: FleetMember) async {
        guard let push = member.push else { return }
        let poller = member.poller, pollInterval = member.pollInterval
        var isLive = false
        for await update in push.updates {
            switch update {
            case .state(let state):
                guard state.isLive != isLive else { continue }
                isLive = state.isLive
                await poller.setInterval(isLive ? max(Self.backstopInterval, pollInterval) : pollInterval)
                if isLive { await poller.refreshNow() }  // catch up on what happened while disconnected
                if fleet.isMerged {
                    mailbox.post(.event(.serverPushChanged(server: member.name, isLive: isLive, at: options.now())))
                } else {
                    mailbox.post(.event(.pushConnectionChanged(isLive: isLive, at: options.now())))
                }
            case .event(.approval(let event)):
                await poller.refresh(requestID: event.approvalRequestID)
            case .event(let event):
                if Self.changesSnapshot(event) { await poller.refreshNow() }
            }
        }
    }

    /// Approval events and execution status changes alter the snapshot; log lines and container
    /// status do not.
    static func changesSnapshot(_ event: ServerEvent) -> Bool {
        switch event {
        case .approval: true
        case .flow(let flow): flow.executionStatus != nil
        default: false
        }
    }
}

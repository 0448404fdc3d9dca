import ApprovalModel
import Foundation
import Testing
@testable import ApprovalViewModels

private typealias F = ConsoleFixtures

/// The queue filter's matching rules and the idle screen, as an approver sees them.
@Suite struct QueueFilterAndIdleTests {
    @Test func filterIgnoresCaseInPlainAndInNonASCIIText() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character("/"))
        harness.type("DEPLOY_s")
        #expect(harness.state.queue.visibleRequests.map(\.id) == ["req-deploy"])
        harness.press(.escape)
        harness.press(.character("/"))
        harness.type("デプロイ")
        #expect(harness.state.queue.visibleRequests.map(\.id) == ["req-shell"])
    }

    @Test func filterMatchesPolicyNamesAndFollowsPoliciesLoadedLater() {
        var state = F.state()
        _ = state.update(.snapshotArrived(requests: F.requests, executions: F.executions, at: F.start))
        var harness = ConsoleHarness(state)
        harness.press(.character("/"))
        harness.type("data deletion")
        #expect(harness.state.queue.visibleRequests.isEmpty)
        _ = harness.state.update(.policiesLoaded(.success(F.policies)))
        #expect(Set(harness.state.queue.visibleRequests.map(\.id)) == ["req-delete", "req-shell"])
    }

    @Test func anUnchangedPollLeavesTheScreenExactlyAsItWas() {
        // Nothing can expire: no deadline and no policy timeout, so no countdown moves either.
        var state = F.state(size: Size(columns: 120, rows: 40))
        _ = state.update(.snapshotArrived(requests: [F.shell], executions: [], at: F.start))
        let before = renderScreen(state, size: state.size)
        _ = state.update(.snapshotArrived(requests: [F.shell], executions: [], at: F.at(2)))
        #expect(renderScreen(state, size: state.size).changes(since: before).isEmpty)
    }

    /// Issue 15: a tagged server's "unchanged" hands back the same arrays; applying them again
    /// changes nothing — not the order, the focus, nor the refresh time — and a
    /// changed answer after it is applied in full.
    @Test func theSameSnapshotAgainChangesNothingAndAChangeAfterItStillLands() {
        var harness = ConsoleHarness(F.loaded(size: Size(columns: 120, rows: 40)))
        harness.press(.character("j"))
        let focused = harness.state.queue.focusedRequest?.id
        let lastRefresh = harness.state.lastRefresh
        let order = harness.state.queue.requests.map(\.id)
        for second in 2...4 {
            let effects = harness.state.update(.snapshotArrived(requests: F.requests, executions: F.executions, at: F.at(TimeInterval(second))))
            #expect(effects.isEmpty)
        }
        #expect(harness.state.queue.focusedRequest?.id == focused)
        #expect(harness.state.lastRefresh == lastRefresh)
        #expect(harness.state.queue.requests.map(\.id) == order)
        _ = harness.state.update(.snapshotArrived(requests: [F.deploy], executions: F.executions, at: F.at(5)))
        #expect(harness.state.queue.requests.map(\.id) == [F.deploy.id])
        #expect(harness.state.lastRefresh == F.at(5))
    }

    @Test func aChangedPollMovesTheRefreshTime() {
        var state = F.loaded(size: Size(columns: 120, rows: 40))
        _ = state.update(.snapshotArrived(requests: [F.deploy], executions: F.executions, at: F.at(2)))
        #expect(state.lastRefresh == F.at(2))
    }
}

import ApprovalClient
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

    @Test func aChangedPollMovesTheRefreshTime() {
        var state = F.loaded(size: Size(columns: 120, rows: 40))
        _ = state.update(.snapshotArrived(requests: [F.deploy], executions: F.executions, at: F.at(2)))
        #expect(state.lastRefresh == F.at(2))
    }
}

import ApprovalModel
import Foundation
import Testing
@testable import ApprovalViewModels

/// Focus, screens, filters, snapshots and the bell.
@Suite struct ConsoleStateNavigationTests {
    typealias F = ConsoleFixtures

    @Test func focusFollowsTheRequestIDWhenTheListChanges() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.down, .down)
        #expect(harness.state.queue.selection.focusedID == "req-shell")
        let urgent = ApprovalRequest(id: "req-new", toolName: "rotate_keys", requestedAt: F.at(1), expiresAt: F.at(10))
        _ = harness.state.update(.snapshotArrived(requests: F.requests + [urgent], executions: F.executions, at: F.at(2)))
        #expect(harness.state.queue.requests.map(\.id).prefix(2) == ["req-delete", "req-new"])
        #expect(harness.state.queue.selection.focusedID == "req-shell")
    }

    @Test func focusMovesToTheNeighbourWhenTheFocusedRequestLeaves() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.down)
        _ = harness.state.update(.snapshotArrived(requests: [F.delete, F.shell, F.email], executions: [], at: F.at(2)))
        #expect(harness.state.queue.selection.focusedID == "req-shell")
    }

    @Test func filterKeepsTheSelectionWhenTheListChanges() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character("/"))
        harness.type("e")
        harness.press(.enter)
        harness.press(.down)
        let focused = harness.state.queue.selection.focusedID
        _ = harness.state.update(.snapshotArrived(requests: F.requests.reversed(), executions: [], at: F.at(3)))
        #expect(harness.state.queue.selection.focusedID == focused)
        #expect(harness.state.queue.selection.filter == "e")
    }

    @Test func filterNarrowsTheQueueAndEscapeClearsIt() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character("/"))
        harness.type("SHELL")
        #expect(harness.state.queue.visibleRequests.map(\.id) == ["req-shell"])
        #expect(harness.state.queue.selection.focusedID == "req-shell")
        harness.press(.escape)
        #expect(harness.state.queue.visibleRequests.count == 4)
        #expect(harness.state.input == .none)
    }

    @Test func enterOpensTheDetailAndQGoesBack() {
        var harness = ConsoleHarness(F.loaded())
        harness.send(.key(.enter)) {
            $0.screen = .detail
            $0.detail.requestID = "req-delete"
        }
        harness.send(.key(.character("q"))) {
            $0.screen = .queue
            $0.detail.requestID = nil
        }
        harness.send(.key(.character("q")), effects: [.quit])
    }

    @Test func detailReturnsToTheQueueWhenItsRequestIsDecidedElsewhere() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.down, .enter)
        _ = harness.state.update(.snapshotArrived(requests: [F.delete, F.shell], executions: [], at: F.at(5)))
        #expect(harness.state.screen == .queue)
        #expect(harness.state.status?.text.contains("no longer pending") == true)
        #expect(harness.press(.character("a")) == [.decide(["req-shell"], .approve, comment: nil)])
    }

    @Test func deciderInDetailActsOnTheShownRequestOnly() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character(" "), .enter)
        #expect(harness.state.detail.requestID == "req-deploy")
        #expect(harness.press(.character("a")) == [.decide(["req-deploy"], .approve, comment: nil)])
    }

    @Test func newRequestsRingTheBellButTheFirstSnapshotDoesNot() {
        var state = F.state()
        state.ringsOnNewRequests = true
        #expect(state.update(.snapshotArrived(requests: F.requests, executions: [], at: F.start)) == [])
        #expect(state.update(.snapshotArrived(requests: F.requests, executions: [], at: F.at(2))) == [])
        let another = ApprovalRequest(id: "req-x", toolName: "x", requestedAt: F.at(3))
        #expect(state.update(.snapshotArrived(requests: F.requests + [another], executions: [], at: F.at(4))) == [.ringBell])
    }

    @Test func aCachedSnapshotShowsDimmedUntilTheServerAnswers() {
        var state = F.state()
        _ = state.update(.cachedSnapshotLoaded(requests: F.requests, executions: [], savedAt: F.at(-600)))
        var rows = renderScreen(state, size: state.size).textRows()
        #expect(rows.contains { $0.contains("requests saved at 13:50:00 shown dimmed") })
        #expect(rows.contains { $0.contains("deploy_service") })
        _ = state.update(.snapshotArrived(requests: [F.deploy], executions: [], at: F.at(1)))
        _ = state.update(.cachedSnapshotLoaded(requests: F.requests, executions: [], savedAt: F.at(-600)))
        rows = renderScreen(state, size: state.size).textRows()
        #expect(state.queue.requests.map(\.id) == ["req-deploy"])
        #expect(!rows.contains { $0.contains("saved at") })
    }

    @Test func pollerUpdatesMapToEvents() {
        let snapshot = QueueSnapshot(requests: F.requests, executions: F.executions, fetchedAt: F.at(7), generation: 3)
        #expect(ConsoleEvent.poller(.snapshot(snapshot)) == .snapshotArrived(requests: F.requests, executions: F.executions, at: F.at(7)))
        #expect(ConsoleEvent.poller(.state(.connecting)) == .connectionChanged(.connecting))
    }

    @Test func theBellIsLeftToTheNotifierByDefault() {
        var state = F.loaded()
        let another = ApprovalRequest(id: "req-x", toolName: "x", requestedAt: F.at(3))
        #expect(state.update(.snapshotArrived(requests: F.requests + [another], executions: [], at: F.at(4))) == [])
    }

    @Test func screensSwitchByNumberAndPoliciesLoadOnce() {
        var harness = ConsoleHarness(F.state())
        harness.send(.key(.character("3")), effects: [.fetchPolicies]) { $0.screen = .policies }
        _ = harness.state.update(.policiesLoaded(.success(F.policies)))
        harness.send(.key(.character("2"))) { $0.screen = .flows }
        harness.send(.key(.character("3"))) { $0.screen = .policies }
        harness.send(.key(.escape)) { $0.screen = .queue }
    }

    @Test func refreshAsksForAFetch() {
        var harness = ConsoleHarness(F.loaded())
        harness.send(.key(.character("r")), effects: [.fetchQueue]) { $0.status = StatusMessage("refreshing…") }
    }

    @Test func helpOpensAndClosesAndListsEveryBinding() {
        var harness = ConsoleHarness(F.loaded(size: Size(columns: 120, rows: 40)))
        harness.send(.key(.character("?"))) { $0.isHelpVisible = true }
        for binding in Keymap.default.screens[.queue]! { #expect(harness.shows(binding.summary)) }
        harness.send(.key(.escape)) { $0.isHelpVisible = false }
    }

    @Test func helpScrollsAtSmallSizesUntilTheLastBindingShows() {
        var harness = ConsoleHarness(F.loaded(size: minimumScreenSize))
        harness.press(.character("?"))
        #expect(!harness.shows("ctrl-c"))
        for _ in 0..<40 { harness.press(.character("j")) }
        #expect(harness.shows("ctrl-c"))
        let limit = harness.state.helpScroll
        #expect(harness.state.scrollLimits.help == limit, "scrolling stops at the last line drawn")
        harness.press(.character("k"))
        #expect(harness.state.helpScroll == limit - 1)
        harness.press(.escape)
        #expect(harness.state.helpScroll == 0)
    }

    @Test func detailScrollKeepsIntentAndTheLastFrameBoundsIt() throws {
        var harness = ConsoleHarness(F.loaded(size: minimumScreenSize))
        harness.press(.enter)
        let limit = try #require(harness.state.scrollLimits.detail)
        #expect(limit > 2, "the detail of the first request is longer than a 40x12 body")
        // Update only moves the wanted offset: no layout, the frame's limit is what bounds it.
        harness.send(.key(.character("j"))) { $0.detail.scroll = 1 }
        for _ in 0..<100 { harness.press(.character("j")) }
        #expect(harness.state.detail.scroll == limit)
        let atEnd = harness.screen()
        harness.press(.character("k"))
        #expect(harness.state.detail.scroll == limit - 1)
        #expect(harness.screen() != atEnd, "one k after pressing past the end moves at once")
        // A smaller frame (a resize) brings the wanted offset within what it shows.
        harness.send(.drawn(ScrollLimits(detail: 2))) {
            $0.scrollLimits = ScrollLimits(detail: 2)
            $0.detail.scroll = 2
        }
    }

    @Test func countdownNeedsTicksOnlyWhileShown() {
        var state = F.loaded()
        #expect(state.needsTick)
        _ = state.update(.key(.character("3")))
        #expect(!state.needsTick)
    }

    @Test func ctrlCQuitsFromAnyPrompt() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character(":"))
        #expect(harness.press(.control("c")) == [.quit])
    }

    @Test func everyScreenIsUsableAtTheMinimumSize() {
        for screen in ["1", "2", "3"] {
            var harness = ConsoleHarness(F.loaded(size: minimumScreenSize))
            harness.press(.character(Character(screen)))
            let rows = harness.screen()
            #expect(rows.count == 12)
            #expect(!rows.contains { $0.contains("too small") })
        }
        #expect(renderScreen(F.loaded(), size: Size(columns: 39, rows: 24)).textRows()[0].hasPrefix("terminal too small"))
    }
}

@Suite struct ListScrollTests {
    @Test func theQueueScrollsOnlyWhenTheFocusLeavesTheWindow() {
        let many = (0..<60).map { i in
            ApprovalRequest(id: String(format: "r%02d", i), toolName: "tool_\(i)", requestedAt: ConsoleFixtures.at(Double(i)),
                            expiresAt: ConsoleFixtures.at(Double(600 + i)))
        }
        var state = ConsoleFixtures.state(size: Size(columns: 80, rows: 24))
        _ = state.update(.snapshotArrived(requests: many, executions: [], at: ConsoleFixtures.start))
        for _ in 0..<25 { _ = state.update(.key(.down)) }
        #expect(state.queue.selection.offset == 6)  // 20 rows shown; r25 is the last of them
        _ = state.update(.key(.up))
        #expect(state.queue.selection.offset == 6)  // moving up inside the window does not scroll
        let rows = renderScreen(state, size: state.size).textRows()
        #expect(rows[2].contains("tool_6"))
        #expect(rows[21].contains("tool_25"))
        _ = state.update(.key(.character("g")))
        #expect(state.queue.selection.offset == 0)
    }
}

import ApprovalModel
import Foundation
import Testing
@testable import ApprovalViewModels

@Suite struct LogViewTests {
    typealias F = ConsoleFixtures

    private func entries(_ lines: [String]) -> [LogEntry] {
        lines.map { LogEntry.line($0, executionID: "exe-nightly", at: F.start) }
    }

    private func openLog(capacity: Int = 10_000) -> ConsoleHarness {
        var state = ConsoleFixtures.state()
        state.flows.logCapacity = capacity
        _ = state.update(.snapshotArrived(requests: [], executions: F.executions, at: F.start))
        var harness = ConsoleHarness(state)
        harness.press(.character("2"))
        #expect(harness.press(.enter) == [.followLogs(executionID: "exe-nightly")])
        return harness
    }

    @Test func ringKeepsOnlyTheNewestLines() {
        var ring = LogRing(capacity: 3)
        for n in 0..<5 { ring.append(LogLine(text: "line \(n)", timestamp: nil)) }
        #expect(ring.count == 3)
        #expect(ring.firstNumber == 2)
        #expect(ring[2]?.text == "line 2")
        #expect(ring[4]?.text == "line 4")
        #expect(ring[1] == nil)
    }

    @Test func defaultCapacityIsTenThousandLines() {
        var harness = openLog()
        _ = harness.state.update(.logLines(executionID: "exe-nightly", entries((0..<10_050).map { "l\($0)" })))
        #expect(harness.state.flows.log?.lines.count == 10_000)
        #expect(harness.state.flows.log?.lines.firstNumber == 50)
    }

    @Test func markerAndSentinelAreRecognisedOnlyAsWholeLines() {
        #expect(LogLine(text: "  PRELOOP_AGENT_EXEC_START ", timestamp: nil).kind == .execStartMarker)
        #expect(LogLine(text: "FLOW_EXECUTION_SUCCESS", timestamp: nil).kind == .successSentinel)
        #expect(LogLine(text: "echo FLOW_EXECUTION_SUCCESS", timestamp: nil).kind == .plain)
    }

    @Test func linesOfOtherExecutionsAreIgnored() {
        var harness = openLog()
        _ = harness.state.update(.logLines(executionID: "exe-other", entries(["x"])))
        #expect(harness.state.flows.log?.lines.count == 0)
    }

    @Test func searchJumpsBetweenMatchesWithNAndCapitalN() {
        var harness = openLog(capacity: 100)
        _ = harness.state.update(.logLines(executionID: "exe-nightly", entries((0..<60).map { $0 % 20 == 5 ? "match \($0)" : "line \($0)" })))
        harness.press(.character("/"))
        harness.type("match")
        harness.press(.enter)
        #expect(harness.state.flows.log?.matchNumber == 5)
        #expect(harness.state.flows.log?.isFollowing == false)
        harness.press(.character("n"))
        #expect(harness.state.flows.log?.matchNumber == 25)
        harness.press(.character("N"), .character("N"))
        #expect(harness.state.flows.log?.matchNumber == 45)
    }

    @Test func scrollingUpPausesAndFollowResumes() {
        var harness = openLog()
        _ = harness.state.update(.logLines(executionID: "exe-nightly", entries((0..<100).map { "line \($0)" })))
        harness.press(.up)
        #expect(harness.state.flows.log?.isFollowing == false)
        #expect(harness.state.flows.log?.top == 100 - 21 - 1)
        harness.press(.character("f"))
        #expect(harness.state.flows.log?.isFollowing == true)
        #expect(harness.shows("line 99"))
    }

    @Test func leavingTheLogStopsTailing() {
        var harness = openLog()
        #expect(harness.press(.escape) == [.unfollowLogs(executionID: "exe-nightly")])
        #expect(harness.state.screen == .flows)
    }

    @Test func stoppingARunNeedsConfirmation() {
        var harness = openLog()
        harness.press(.escape)
        #expect(harness.press(.character("s")).isEmpty)
        #expect(harness.state.input == .confirm(.stop(executionID: "exe-nightly")))
        #expect(harness.press(.character("y")) == [.stopExecution("exe-nightly")])
        #expect(harness.state.update(.stopFinished(executionID: "exe-nightly", error: nil)) == [.fetchQueue])
    }

    @Test func aFinishedRunCannotBeStopped() {
        var harness = openLog()
        harness.press(.escape, .down)
        #expect(harness.press(.character("s")).isEmpty)
        #expect(harness.state.status?.text.contains("already ended") == true)
    }
}

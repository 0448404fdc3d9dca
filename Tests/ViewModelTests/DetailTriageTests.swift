import ApprovalModel
import Testing
@testable import ApprovalViewModels

private typealias F = ConsoleFixtures

/// Triage without leaving the detail: J/K step through the queue as shown, and a decision made in
/// the detail opens the next request at once (unless the profile says `after_decision = "queue"`).
@Suite struct DetailTriageTests {
    /// The queue's order as shown (soonest deadline first).
    private let order = F.loaded().queue.visibleRequests.map(\.id)

    @Test func approvingInTheDetailOpensTheNextRequestAtOnce() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.enter)
        #expect(harness.state.detail.requestID == order[0])
        harness.send(.key(.character("a")), effects: [.decide([order[0]], .approve, comment: nil)]) {
            $0.queue.decidingRequestIDs = [order[0]]
            $0.status = StatusMessage("approving delete_records…")
            $0.detail.requestID = order[1]
            $0.queue.selection.focusedID = order[1]
        }
        #expect(harness.shows("deploy_service"))
        // The answer for the first request removes it and leaves the second open.
        _ = harness.state.update(.decisionFinished(requestID: order[0], .success(F.decided(F.delete, .approved))))
        #expect(harness.state.screen == .detail && harness.state.detail.requestID == order[1])
        #expect(harness.state.status == StatusMessage("approved delete_records"))
        #expect(!harness.state.queue.requests.contains { $0.id == order[0] })
    }

    @Test func denyingWithACommentMovesOnOnlyWhenTheCommentIsSent() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.enter, .character("d"), .character("y"))
        #expect(harness.state.detail.requestID == order[0], "still reading while the comment is typed")
        harness.type("no")
        #expect(harness.press(.enter) == [.decide([order[0]], .decline, comment: "no")])
        #expect(harness.state.detail.requestID == order[1])
    }

    @Test func cancellingTheConfirmationStaysOnTheRequest() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.enter, .character("d"), .character("n"))
        #expect(harness.state.detail.requestID == order[0])
        #expect(harness.state.queue.decidingRequestIDs.isEmpty)
    }

    @Test func bigJAndKStepThroughTheQueueAndSayWhenThereIsNoMore() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.enter)
        harness.send(.key(.character("J"))) {
            $0.detail.requestID = order[1]
            $0.queue.selection.focusedID = order[1]
        }
        harness.press(.character("J"), .character("J"))
        #expect(harness.state.detail.requestID == order[3])
        harness.send(.key(.character("J"))) { $0.status = StatusMessage("no request after this one") }
        harness.press(.character("K"))
        #expect(harness.state.detail.requestID == order[2])
        harness.press(.character("K"), .character("K"))
        harness.send(.key(.character("K"))) { $0.status = StatusMessage("no request before this one") }
        // Back to the queue lands on the request last read.
        harness.press(.character("J"), .character("J"), .character("q"))
        #expect(harness.state.screen == .queue && harness.state.queue.selection.focusedID == order[2])
    }

    @Test func steppingSkipsRequestsWhoseDecisionIsInFlightAndFollowsTheFilter() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.down, .character("a"))  // order[1] is being decided
        harness.press(.character("g"), .enter, .character("J"))
        #expect(harness.state.detail.requestID == order[2])
        harness.press(.escape, .character("/"))
        harness.type("d")  // delete_records, deploy_service, send_email: not the shell
        harness.press(.enter)
        let shown = harness.state.queue.visibleRequests.map(\.id)
        harness.press(.character("g"), .enter, .character("J"))
        #expect(harness.state.detail.requestID == shown.dropFirst().first { $0 != order[1] })
    }

    @Test func withAfterDecisionQueueTheDetailWaitsForTheAnswerThenReturns() {
        var harness = ConsoleHarness(F.loaded(afterDecision: .queue))
        harness.press(.enter, .character("a"))
        #expect(harness.state.detail.requestID == order[0])
        _ = harness.state.update(.decisionFinished(requestID: order[0], .success(F.decided(F.delete, .approved))))
        #expect(harness.state.screen == .queue)
    }

    @Test func theLastRequestDecidedInTheDetailReturnsToTheQueueWhenAnswered() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character("/"))
        harness.type("SHELL")
        harness.press(.enter, .enter, .character("a"))
        #expect(harness.state.detail.requestID == "req-shell", "nothing else to read")
        _ = harness.state.update(.decisionFinished(requestID: "req-shell", .success(F.decided(F.shell, .approved))))
        #expect(harness.state.screen == .queue)
    }

    @Test func aFailedDecisionIsSaidWhileTheNextRequestIsRead() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.enter, .character("a"))
        _ = harness.state.update(.decisionFinished(requestID: order[0], .failure(.serverError(status: 500, detail: "boom"))))
        #expect(harness.state.detail.requestID == order[1])
        #expect(harness.state.status?.kind == .error && harness.state.status?.text.contains("delete_records") == true)
        #expect(harness.state.queue.requests.contains { $0.id == order[0] }, "still pending, still in the queue")
    }

    @Test func helpListsTheTriageKeys() {
        var harness = ConsoleHarness(F.loaded(size: Size(columns: 120, rows: 40)))
        harness.press(.enter, .character("?"))
        #expect(harness.shows("next request") && harness.shows("previous request"))
    }
}

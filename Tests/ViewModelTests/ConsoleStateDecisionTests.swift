import ApprovalModel
import Foundation
import Testing
@testable import ApprovalViewModels

/// Deciding from the keyboard, as pure state transitions.
@Suite struct ConsoleStateDecisionTests {
    typealias F = ConsoleFixtures

    @Test func queueIsOrderedBySoonestDeadlineWithPolicyTimeoutFallback() {
        let state = F.loaded()
        // shell has no expires_at: requested -20 s + Data deletion's 600 s timeout.
        #expect(state.queue.requests.map(\.id) == ["req-delete", "req-deploy", "req-shell", "req-email"])
        #expect(state.queue.selection.focusedID == "req-delete")
        #expect(state.isStale(F.delete))
        #expect(!state.isStale(F.deploy))
    }

    @Test func approveSendsTheFocusedRequestAtOnce() {
        var harness = ConsoleHarness(F.loaded())
        harness.send(.key(.down), { $0.queue.selection.focusedID = "req-deploy" })
        harness.send(.key(.character("a")), effects: [.decide(["req-deploy"], .approve, comment: nil)]) {
            $0.queue.decidingRequestIDs = ["req-deploy"]
            $0.status = StatusMessage("approving deploy_service…")
        }
        harness.send(.decisionFinished(requestID: "req-deploy", .success(approved(F.deploy)))) {
            $0.queue.decidingRequestIDs = []
            $0.queue.requests.removeAll { $0.id == "req-deploy" }
            $0.queue.selection.focusedID = "req-shell"
            $0.status = StatusMessage("approved deploy_service")
        }
    }

    /// A poll that lands while a decision is in flight takes the decided request off the queue;
    /// the status line still names the tool (from the server's answer), not the request id.
    @Test func aDecisionFinishedAfterAPollRemovedTheRequestNamesTheTool() {
        var state = F.loaded()
        _ = state.update(.key(.character("d")))
        _ = state.update(.key(.character("y")))
        _ = state.update(.key(.enter))
        #expect(state.queue.decidingRequestIDs == ["req-delete"])
        let others = F.requests.filter { $0.id != "req-delete" }
        _ = state.update(.snapshotArrived(requests: others, executions: F.executions, at: F.start))
        #expect(!state.queue.requests.contains { $0.id == "req-delete" })
        var declined = F.delete
        declined.status = .declined
        _ = state.update(.decisionFinished(requestID: "req-delete", .success(declined)))
        #expect(state.status == StatusMessage("declined delete_records"))
    }

    @Test func denyAsksForConfirmationThenAnOptionalComment() {
        var harness = ConsoleHarness(F.loaded())
        harness.send(.key(.character("d"))) {
            $0.input = .confirm(.decide(["req-delete"], .decline, asksComment: true))
        }
        harness.send(.key(.character("y"))) {
            $0.input = .comment(.decide(["req-delete"], .decline, asksComment: false), "")
        }
        harness.type("no")
        harness.send(.key(.enter), effects: [.decide(["req-delete"], .decline, comment: "no")]) {
            $0.input = .none
            $0.queue.decidingRequestIDs = ["req-delete"]
            $0.status = StatusMessage("denying delete_records…")
        }
    }

    @Test func denyWithEmptyCommentSendsNoComment() {
        var harness = ConsoleHarness(F.loaded())
        let effects = harness.press(.character("d"), .character("y"), .enter)
        #expect(effects == [.decide(["req-delete"], .decline, comment: nil)])
    }

    @Test func anyKeyButYCancelsTheConfirmation() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character("d"))
        harness.send(.key(.character("n"))) {
            $0.input = .none
            $0.status = StatusMessage("cancelled")
        }
    }

    @Test func capitalAPromptsForACommentBeforeApproving() {
        var harness = ConsoleHarness(F.loaded())
        harness.send(.key(.character("A"))) { $0.input = .comment(.decide(["req-delete"], .approve, asksComment: false), "") }
        harness.type("ok for INC-4211")
        #expect(harness.press(.enter) == [.decide(["req-delete"], .approve, comment: "ok for INC-4211")])
    }

    @Test func escapeCancelsTheCommentPrompt() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character("D"))
        harness.type("x")
        #expect(harness.press(.escape).isEmpty)
        #expect(harness.state.input == .none)
        #expect(harness.state.queue.decidingRequestIDs.isEmpty)
    }

    @Test func markedRequestsAreDecidedTogetherAfterOneConfirmation() {
        var harness = ConsoleHarness(F.loaded())
        harness.send(.key(.character(" "))) {
            $0.queue.markedRequestIDs = ["req-delete"]
            $0.queue.selection.focusedID = "req-deploy"
        }
        harness.send(.key(.down)) { $0.queue.selection.focusedID = "req-shell" }
        harness.send(.key(.character("x"))) {
            $0.queue.markedRequestIDs = ["req-delete", "req-shell"]
            $0.queue.selection.focusedID = "req-email"
        }
        harness.send(.key(.character("a"))) {
            $0.input = .confirm(.decide(["req-delete", "req-shell"], .approve, asksComment: false))
        }
        harness.send(.key(.character("y")), effects: [.decide(["req-delete", "req-shell"], .approve, comment: nil)]) {
            $0.input = .none
            $0.queue.markedRequestIDs = []
            $0.queue.decidingRequestIDs = ["req-delete", "req-shell"]
            $0.status = StatusMessage("approving 2 requests…")
        }
    }

    @Test func markingTwiceUnmarks() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character(" "), .up, .character(" "))
        #expect(harness.state.queue.markedRequestIDs.isEmpty)
    }

    @Test func decisionTakenElsewhereIsReportedAndTheRequestRemoved() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character("a"))
        harness.send(.decisionFinished(requestID: "req-delete", .failure(.alreadyDecided(status: .declined)))) {
            $0.queue.decidingRequestIDs = []
            $0.queue.requests.removeAll { $0.id == "req-delete" }
            $0.queue.selection.focusedID = "req-deploy"
            $0.status = StatusMessage("delete_records was already decided elsewhere: it is declined")
        }
        #expect(harness.shows("already decided elsewhere"))
    }

    @Test func otherDecisionErrorsKeepTheRequest() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character("a"))
        _ = harness.state.update(.decisionFinished(requestID: "req-delete", .failure(.serverError(status: 500, detail: "boom"))))
        #expect(harness.state.queue.requests.contains { $0.id == "req-delete" })
        #expect(harness.state.status?.kind == .error)
        #expect(harness.state.queue.decidingRequestIDs.isEmpty)
    }

    @Test func quorumVoteKeepsTheRequestPending() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character("a"))
        _ = harness.state.update(.decisionFinished(requestID: "req-delete", .success(F.delete)))
        #expect(harness.state.queue.requests.contains { $0.id == "req-delete" })
        #expect(harness.state.status?.text.contains("more approvals needed") == true)
    }

    @Test func aSecondApproveWhileDecidingIsRefused() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character("a"))
        #expect(harness.press(.character("a")).isEmpty)
        #expect(harness.state.status == StatusMessage("approve: already being decided", kind: .error))
    }

    @Test func readOnlySessionRefusesDecidingAndSaysWhy() {
        var harness = ConsoleHarness(F.loaded(readOnly: true))
        harness.send(.key(.character("a"))) {
            $0.status = StatusMessage("approve: read-only session", kind: .error)
        }
        #expect(harness.press(.character("d"), .character("A"), .character("D")).isEmpty)
        #expect(harness.state.input == .none)
        #expect(harness.state.keymap.binding(for: .character("a"), on: .queue) == nil)
        #expect(harness.shows("READ-ONLY"))
    }

    @Test func failedFetchesKeepTheFirstFailureTime() {
        var harness = ConsoleHarness(F.loaded())
        let refused = ClientError.unreachable(server: "s", reason: "refused")
        harness.send(.fetchFailed(refused, at: F.at(30))) {
            $0.now = F.at(30)
            $0.connection = .failing(since: F.at(30), lastError: refused, attempts: 1)
            $0.lastServerError = ServerErrorRecord(error: refused, at: F.at(30))
        }
        harness.send(.fetchFailed(.timedOut(server: "s", seconds: 5), at: F.at(60))) {
            $0.now = F.at(60)
            $0.connection = .failing(since: F.at(30), lastError: .timedOut(server: "s", seconds: 5), attempts: 2)
            $0.lastServerError = ServerErrorRecord(error: .timedOut(server: "s", seconds: 5), at: F.at(60))
        }
        #expect(harness.shows("not answering since 14:00:30"))
        #expect(harness.shows("retrying since 14:00:30 (2)"))
        harness.send(.snapshotArrived(requests: F.requests, executions: F.executions, at: F.at(90))) {
            $0.now = F.at(90)
            $0.connection = .live(since: F.at(90))
            $0.lastRefresh = F.at(90)
        }
        // The last error outlives the recovery: `:status` still names it.
        #expect(harness.state.lastServerError?.error == .timedOut(server: "s", seconds: 5))
    }

    @Test func offlineQueueRefusesDecisionsButKeepsRequests() {
        var harness = ConsoleHarness(F.loaded())
        let refused = ClientError.unreachable(server: "s", reason: "refused")
        harness.send(.connectionChanged(.offline(since: F.at(30), lastError: refused))) {
            $0.connection = .offline(since: F.at(30), lastError: refused)
            $0.lastServerError = ServerErrorRecord(error: refused, at: F.at(30))
        }
        #expect(harness.state.queue.requests.count == 4)
        #expect(harness.press(.character("a")).isEmpty)
        #expect(harness.shows("offline since 14:00:30"))
        #expect(harness.shows("deploy_service"))
    }

    private func approved(_ request: ApprovalRequest) -> ApprovalRequest {
        var copy = request
        copy.status = .approved
        return copy
    }
}

import ApprovalModel
import Foundation
import Testing
@testable import ApprovalViewModels

private typealias F = ConsoleFixtures

/// The undo window (`undo_seconds`): a decision is held, its row counting down, and sent only
/// when the window passes; `u` takes it back; quitting with decisions held asks once, then quits
/// without sending them.
@Suite struct UndoWindowTests {
    private let order = F.loaded().queue.visibleRequests.map(\.id)

    private func held(_ id: String, _ tool: String, _ verdict: Verdict = .approve, comment: String? = nil, batch: Int = 1,
                      at seconds: TimeInterval = 5) -> HeldDecision {
        HeldDecision(requestID: id, toolName: tool, verdict: verdict, comment: comment, sendAt: F.at(seconds), batch: batch)
    }

    @Test func approvingHoldsTheDecisionCountsItDownAndSendsItWhenTheWindowPasses() {
        var harness = ConsoleHarness(F.loaded(undoSeconds: 5))
        let decision = held(order[0], "delete_records")
        harness.send(.key(.character("a")), effects: [.holdDecisions([decision])]) {
            $0.queue.heldDecisions = [decision]
            $0.status = StatusMessage("approve delete_records in 5s; u takes it back")
        }
        #expect(harness.shows("✓ 5s u"))
        #expect(harness.state.needsTick, "the countdown needs the clock")
        harness.send(.tick(now: F.at(2))) { $0.now = F.at(2) }
        #expect(harness.shows("✓ 3s u"))
        harness.send(.tick(now: F.at(5)), effects: [.decide([order[0]], .approve, comment: nil)]) {
            $0.now = F.at(5)
            $0.queue.heldDecisions = []
            $0.queue.decidingRequestIDs = [order[0]]
        }
        #expect(harness.shows("sending"))
    }

    @Test func uTakesTheDecisionBackAndNothingIsEverSent() {
        var harness = ConsoleHarness(F.loaded(undoSeconds: 5))
        harness.press(.character("a"))
        #expect(harness.state.queue.selection.focusedID == order[0], "a single approve stays on the row")
        harness.press(.character("j"))
        harness.send(.key(.character("u")), effects: [.undoDecisions([order[0]])]) {
            $0.queue.heldDecisions = []
            $0.queue.selection.focusedID = order[0]
            $0.status = StatusMessage("took back: approve delete_records; not sent")
        }
        #expect(harness.state.update(.tick(now: F.at(10))) == [], "a decision taken back is never sent")
        #expect(harness.state.disabledReason(for: .approve) == nil, "the request can be decided again")
    }

    @Test func uTakesBackTheFocusedRowsDecisionElseTheNewest() {
        var harness = ConsoleHarness(F.loaded(undoSeconds: 5))
        harness.press(.character("a"), .character("j"), .character("a"), .character("j"))
        #expect(harness.state.queue.heldDecisions.map(\.requestID) == [order[0], order[1]])
        // The focus is on a row without a held decision: the newest one goes.
        #expect(harness.press(.character("u")) == [.undoDecisions([order[1]])])
        harness.press(.character("a"), .character("k"))
        #expect(harness.state.queue.selection.focusedID == order[0])
        // The focused row's own decision goes, though it is older.
        #expect(harness.press(.character("u")) == [.undoDecisions([order[0]])])
        #expect(harness.state.queue.heldDecisions.map(\.requestID) == [order[1]])
    }

    @Test func aBulkDecisionIsOneBatchThatUTakesBackWhole() {
        var harness = ConsoleHarness(F.loaded(undoSeconds: 5))
        harness.press(.character(" "), .character(" "))
        let effects = harness.press(.character("d"), .character("y"))
        #expect(effects.isEmpty, "a deny asks for a comment first")
        harness.type("not now")
        let holds = harness.press(.enter)
        #expect(holds == [.holdDecisions([
            held(order[0], "delete_records", .decline, comment: "not now"),
            held(order[1], "deploy_service", .decline, comment: "not now"),
        ])])
        #expect(harness.state.status == StatusMessage("deny 2 requests in 5s; u takes it back"))
        #expect(harness.shows("✗ 5s u"))
        #expect(harness.press(.character("u")) == [.undoDecisions([order[0], order[1]])])
        #expect(harness.state.status == StatusMessage("took back: deny 2 requests; not sent"))
    }

    @Test func aBulkDecisionIsSentTogetherWithItsComment() {
        var harness = ConsoleHarness(F.loaded(undoSeconds: 3))
        harness.press(.character(" "), .character(" "), .character("a"), .character("y"))
        #expect(harness.state.queue.heldDecisions.count == 2)
        #expect(harness.state.update(.tick(now: F.at(3))) == [.decide([order[0], order[1]], .approve, comment: nil)])
        #expect(harness.state.queue.decidingRequestIDs == Set([order[0], order[1]]))
    }

    @Test func aHeldRequestCannotBeDecidedTwice() {
        var harness = ConsoleHarness(F.loaded(undoSeconds: 5))
        harness.press(.character("a"))
        harness.send(.key(.character("a"))) {
            $0.status = StatusMessage("approve: already being decided", kind: .error)
        }
        harness.send(.key(.character("s"))) {
            $0.status = StatusMessage("allow similar: already being decided", kind: .error)
        }
    }

    @Test func uSaysWhyWhenThereIsNothingToTakeBack() {
        var withWindow = ConsoleHarness(F.loaded(undoSeconds: 5))
        withWindow.send(.key(.character("u"))) { $0.status = StatusMessage("undo: nothing to take back", kind: .error) }
        var without = ConsoleHarness(F.loaded())
        without.send(.key(.character("u"))) {
            $0.status = StatusMessage("undo: no undo window (undo_seconds in the profile turns it on)", kind: .error)
        }
        var readOnly = ConsoleHarness(F.loaded(readOnly: true, undoSeconds: 5))
        readOnly.send(.key(.character("u"))) { $0.status = StatusMessage("undo: read-only session", kind: .error) }
    }

    @Test func withoutAWindowADecisionIsSentAtOnce() {
        var harness = ConsoleHarness(F.loaded())
        #expect(harness.press(.character("a")) == [.decide([order[0]], .approve, comment: nil)])
        #expect(harness.state.queue.heldDecisions.isEmpty)
    }

    @Test func theFirstQuitWarnsTheSecondQuitsWithoutSending() {
        var harness = ConsoleHarness(F.loaded(undoSeconds: 5))
        harness.press(.character("a"))
        harness.send(.key(.character("q"))) {
            $0.isQuitArmed = true
            $0.status = StatusMessage(
                "1 decision is not sent yet: q again quits without sending it; u takes back; they go in 5s", kind: .error)
        }
        #expect(harness.press(.character("q")) == [.quit])
        // Any other key in between asks again.
        var again = ConsoleHarness(F.loaded(undoSeconds: 5))
        again.press(.character("a"), .character("q"), .character("j"))
        #expect(again.press(.character("q")) == [], "a key between the two q's disarms the quit")
        #expect(again.press(.character("q")) == [.quit])
        // :quit asks the same way; ctrl-c quits at once.
        var command = ConsoleHarness(F.loaded(undoSeconds: 5))
        command.press(.character("a"), .character(":"))
        command.type("quit")
        #expect(command.press(.enter) == [])
        #expect(command.state.isQuitArmed)
        #expect(command.press(.control("c")) == [.quit])
    }

    @Test func quittingWithNothingHeldQuitsAtOnce() {
        var harness = ConsoleHarness(F.loaded(undoSeconds: 5))
        harness.press(.character("a"))
        _ = harness.state.update(.tick(now: F.at(6)))
        #expect(harness.press(.character("q")) == [.quit])
    }

    @Test func switchingServersWaitsUntilNothingIsHeld() {
        var harness = ConsoleHarness(F.loaded(undoSeconds: 5))
        harness.press(.character("a"), .character(":"))
        harness.type("server work")
        #expect(harness.press(.enter) == [])
        #expect(harness.state.status == StatusMessage(
            "decisions wait in the undo window: switch after they are sent, or take them back with u", kind: .error))
    }

    @Test func inTheDetailAHoldMovesOnAndUBringsTheRequestBack() {
        var harness = ConsoleHarness(F.loaded(undoSeconds: 5))
        harness.press(.enter, .character("a"))
        #expect(harness.state.detail.requestID == order[1], "the next request opens at once")
        harness.press(.character("K"))
        #expect(harness.state.detail.requestID == order[1], "K skips a request whose decision is held, as one in flight")
        #expect(harness.press(.character("u")) == [.undoDecisions([order[0]])])
        #expect(harness.state.screen == .detail && harness.state.detail.requestID == order[0], "the taken-back request is open again")
        harness.press(.character("a"), .character("K"))
        harness.press(.character("q"), .character("k"), .enter)
        #expect(harness.state.detail.requestID == order[0])
        #expect(harness.shows("approve in 5s; u takes it back"), "the detail of a held request says so")
    }

    @Test func aRequestDecidedElsewhereWhileHeldIsStillSentAndTheServerSaysSo() {
        var harness = ConsoleHarness(F.loaded(undoSeconds: 5))
        harness.press(.character("a"))
        let rest = F.requests.filter { $0.id != order[0] }
        _ = harness.state.update(.snapshotArrived(requests: rest, executions: F.executions, at: F.at(1)))
        #expect(harness.state.queue.heldDecisions.map(\.requestID) == [order[0]], "the hold outlives the row")
        #expect(harness.state.update(.tick(now: F.at(5))) == [.decide([order[0]], .approve, comment: nil)])
        _ = harness.state.update(.decisionFinished(requestID: order[0], .failure(.alreadyDecided(status: .declined))))
        #expect(harness.state.status == StatusMessage("\(order[0]) was already decided elsewhere: it is declined"))
    }

    @Test func theApprovalOfAnAllowSimilarRuleIsNotHeld() throws {
        var harness = ConsoleHarness(F.loaded(undoSeconds: 5))
        harness.press(.character("j"))
        #expect(harness.state.queue.focusedRequest?.id == F.deploy.id)
        let effects = harness.press(.character("s"), .enter)
        guard case .createAllowRule(let draft)? = effects.first else { Issue.record("no rule effect"); return }
        let after = harness.state.update(.allowRuleFinished(draft, .success(AccessRule(id: "rule-1", action: "allow"))))
        #expect(after == [.decide([F.deploy.id], .approve, comment: "approved with an allow-similar rule (rule-1)")])
    }

    @Test func aHostileToolNameInTheCountdownIsInert() {
        var hostile = F.delete
        hostile.toolName = "rm\u{1B}[2J\u{07}\u{0}x"
        var harness = ConsoleHarness(F.state(undoSeconds: 5))
        _ = harness.state.update(.snapshotArrived(requests: [hostile], executions: [], at: F.start))
        harness.press(.character("a"))
        let rows = renderScreen(harness.state, size: harness.state.size).textRows()
        #expect(!rows.joined().contains("\u{1B}") && !rows.joined().contains("\u{07}") && !rows.joined().contains("\u{0}"))
        #expect(harness.shows("✓ 5s u"))
    }

    @Test func aNarrowTerminalStillShowsTheCountdown() {
        var harness = ConsoleHarness(F.loaded(size: Size(columns: 40, rows: 12), undoSeconds: 5))
        harness.press(.character("a"))
        #expect(harness.shows("✓ 5s u"), "\(harness.screen().joined(separator: "\n"))")
    }
}

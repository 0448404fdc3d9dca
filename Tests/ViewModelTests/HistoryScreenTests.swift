import ApprovalModel
import Foundation
import Testing
@testable import ApprovalViewModels

private typealias F = ConsoleFixtures

/// The history screen: decided requests from the server, newest decision first.
@Suite struct HistoryScreenTests {
    private static func ended(_ request: ApprovalRequest, _ status: ApprovalStatus, after seconds: Double,
                              by principal: String? = nil, comment: String? = nil) -> ApprovalRequest {
        var copy = F.decided(request, status)
        copy.resolvedAt = F.at(seconds)
        copy.approverComment = comment
        copy.votes = principal.map { [ApprovalVote(principal: $0, approved: status == .approved, source: .console, comment: comment,
                                                   at: F.at(seconds))] }
        return copy
    }

    private let decided = [
        ended(F.deploy, .approved, after: 30, by: "alice", comment: "ship it"),
        ended(F.delete, .declined, after: 90, by: "bob", comment: "not \u{1B}[2Jtoday"),
        ended(F.email, .expired, after: 3_600),
    ]

    @Test func fourOpensTheHistoryAndAsksForItEveryTime() {
        var harness = ConsoleHarness(F.loaded())
        harness.send(.key(.character("4")), effects: [.fetchHistory]) { $0.screen = .history }
        #expect(harness.shows("loading history…"))
        harness.send(.historyLoaded(.success(decided))) {
            $0.history.requests = HistoryTable.decided(self.decided, since: nil)
            $0.history.hasLoaded = true
            $0.history.selection.focusedID = "req-email"
        }
        #expect(harness.state.history.requests.map(\.id) == ["req-email", "req-delete", "req-deploy"])
        harness.send(.key(.character("r")), effects: [.fetchQueue, .fetchHistory]) { $0.status = StatusMessage("refreshing…") }
        harness.send(.key(.escape)) {
            $0.screen = .queue
            $0.status = nil
        }
        #expect(harness.press(.character(":")) == [])
        harness.type("history")
        #expect(harness.press(.enter) == [.fetchHistory])
        #expect(harness.state.screen == .history)
    }

    @Test func rowsShowWhoDecidedWhenAndHowLongTheAgentWaited() {
        var harness = ConsoleHarness(F.loaded(size: Size(columns: 120, rows: 24)))
        harness.press(.character("4"))
        _ = harness.state.update(.historyLoaded(.success(decided)))
        let rows = harness.screen()
        #expect(rows[0].contains("History · 3 decided"))
        let bob = try? #require(rows.first { $0.contains("delete_records") })
        #expect(bob?.contains("declined") == true && bob?.contains("bob") == true)
        #expect(bob?.contains("not ␛[2Jtoday") == true, "the comment's escape is shown, not run")
        #expect(rows.contains { $0.contains("send_email") && $0.contains("(expired)") })
    }

    @Test func theFilterMatchesToolStatusWhoAndComment() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character("4"))
        _ = harness.state.update(.historyLoaded(.success(decided)))
        for (text, expected) in [("alice", ["req-deploy"]), ("DECLINED", ["req-delete"]), ("ship", ["req-deploy"]),
                                 ("send", ["req-email"])] {
            harness.press(.character("/"))
            harness.type(text)
            #expect(harness.state.history.visibleRequests.map(\.id) == expected, "\(text)")
            harness.press(.escape)
        }
        harness.press(.character("/"))
        harness.type("nothing-like-this")
        #expect(harness.shows("No decision matches the filter."))
    }

    @Test func aFailedReadSaysWhyAndKeepsWhatWasShown() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character("4"))
        _ = harness.state.update(.historyLoaded(.success(decided)))
        _ = harness.state.update(.historyLoaded(.failure(.unauthorized(detail: "token expired"))))
        #expect(harness.state.history.requests.count == 3, "a failed refresh loses nothing")
        #expect(harness.state.history.error == .unauthorized(detail: "token expired"))
        var empty = ConsoleHarness(F.loaded())
        empty.press(.character("4"))
        _ = empty.state.update(.historyLoaded(.failure(.unauthorized(detail: "token expired"))))
        #expect(empty.shows("history could not be read"))
    }

    @Test func theListScrollsAtTheMinimumSize() {
        var harness = ConsoleHarness(F.loaded(size: minimumScreenSize))
        harness.press(.character("4"))
        let many = (0..<40).map { i in
            Self.ended(ApprovalRequest(id: "r\(i)", toolName: "tool_\(i)", requestedAt: F.start), .approved, after: Double(i))
        }
        _ = harness.state.update(.historyLoaded(.success(many)))
        harness.press(.character("G"))
        #expect(harness.shows("tool_0"), "the oldest decision is last")
        #expect(!harness.shows("tool_39"))
    }

    @Test func enterOpensADecidedRequestThatCannotBeDecidedAgainAndJKStepThroughTheHistory() {
        var harness = ConsoleHarness(F.loaded(size: Size(columns: 100, rows: 30)))
        harness.press(.character("4"))
        _ = harness.state.update(.historyLoaded(.success(decided)))
        harness.press(.character("j"))
        #expect(harness.state.history.focusedRequest?.id == "req-delete")
        harness.send(.key(.enter)) {
            $0.screen = .detail
            $0.detail.open("req-delete", from: .history)
        }
        #expect(harness.shows("declined by bob"), "\(harness.screen().joined(separator: "\n"))")
        #expect(harness.shows("the agent waited"))
        #expect(harness.shows("Comment") && harness.shows("today"))
        #expect(!harness.screen().joined().contains("\u{1B}"), "the comment's escape is inert")
        harness.send(.key(.character("a"))) {
            $0.status = StatusMessage("approve: this request was already decided (declined)", kind: .error)
        }
        harness.send(.key(.character("s"))) {
            $0.status = StatusMessage("allow similar: this request was already decided (declined)", kind: .error)
        }
        // A poll does not close a decided request: it was never in the queue.
        _ = harness.state.update(.snapshotArrived(requests: F.requests, executions: F.executions, at: F.at(5)))
        #expect(harness.state.screen == .detail && harness.state.detail.requestID == "req-delete")
        harness.press(.character("J"))
        #expect(harness.state.detail.requestID == "req-deploy", "J follows the history's order")
        #expect(harness.shows("approved by alice"))
        harness.press(.escape)
        #expect(harness.state.screen == .history)
        #expect(harness.state.history.focusedRequest?.id == "req-deploy", "back on the request read last")
    }
}

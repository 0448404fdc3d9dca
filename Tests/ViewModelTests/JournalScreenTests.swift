import ApprovalModel
import Foundation
import Testing
@testable import ApprovalViewModels

/// The `:journal` screen: this console's decisions, read from the local store through `.loadJournal`.
@Suite struct JournalScreenTests {
    typealias F = ConsoleFixtures

    /// A loaded console with the journal screen open and the fixture journal read.
    private func journalOpen(size: Size = Size(columns: 120, rows: 40)) -> ConsoleHarness {
        var harness = ConsoleHarness(F.loaded(size: size))
        harness.press(.character(":"))
        harness.type("journal")
        harness.press(.enter)
        _ = harness.state.update(.journalLoaded(.success(F.journal)))
        return harness
    }

    @Test func enteringTheScreenAsksForTheJournal() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character(":"))
        harness.type("jo")
        harness.send(.key(.enter), effects: [.loadJournal]) { state in
            state.input = .none
            state.screen = .journal
        }
        #expect(harness.shows("loading the journal…"))
    }

    @Test func loadedEntriesShowNewestFirstWithTheFirstFocused() {
        var harness = ConsoleHarness(F.loaded(size: Size(columns: 120, rows: 40)))
        harness.press(.character(":"))
        harness.type("journal")
        harness.press(.enter)
        harness.send(.journalLoaded(.success(F.journal))) { state in
            state.journal.entries = F.journal
            state.journal.hasLoaded = true
            state.journal.selection.focusedID = 7
        }
        let rows = harness.screen()
        let email = try! #require(rows.firstIndex { $0.contains("send_email") })
        let scale = try! #require(rows.firstIndex { $0.contains("scale_cluster") })
        #expect(email < scale)
        #expect(harness.shows("Journal · 7 decisions"))
        #expect(harness.shows("decided elsewhere"))
        #expect(harness.shows("not during the freeze"))
        #expect(harness.shows("more votes needed"))
        harness.press(.down)
        #expect(harness.shows("outcome approve · unknown — re-checked on reconnect"))
        #expect(harness.shows("error   preloop.example did not answer within 10s"))
    }

    @Test func theFocusedEntryIsSpelledOutInFullEvenAtTheSmallestSize() {
        var harness = journalOpen(size: minimumScreenSize)
        harness.press(.down)
        #expect(harness.state.journal.focusedEntry?.requestID == "req-deploy")
        #expect(harness.shows("outcome approve · unknown — re-chec"))
        #expect(harness.shows("error   preloop.example did not answe"))
    }

    @Test func enterOnAnEntryStillPendingOpensItsDetailAndEscReturnsToTheJournal() {
        var harness = journalOpen()
        harness.press(.down)
        harness.send(.key(.enter)) { state in
            state.screen = .detail
            state.detail.requestID = "req-deploy"
            state.detail.origin = .journal
        }
        #expect(harness.shows("deploy_service"))
        harness.send(.key(.escape), effects: [.loadJournal]) { state in
            state.screen = .journal
            state.detail.requestID = nil
            state.detail.origin = .queue
        }
    }

    @Test func enterOnAnEntryNoLongerPendingOnlySaysSo() {
        var harness = journalOpen()
        harness.press(.down, .down)
        harness.send(.key(.enter)) { state in
            state.status = StatusMessage("drop_backups is no longer pending; there is nothing to open")
        }
    }

    @Test func aFinishedDecisionReloadsTheJournalOnlyWhileItIsOpen() {
        var approved = F.deploy
        approved.status = .approved
        var harness = journalOpen()
        #expect(harness.state.update(.decisionFinished(requestID: "req-deploy", .success(approved))) == [.loadJournal])
        var queue = ConsoleHarness(F.loaded())
        #expect(queue.state.update(.decisionFinished(requestID: "req-deploy", .success(approved))) == [])
    }

    @Test func decidingFromADetailOpenedInTheJournalReturnsThereAndReloads() {
        var approved = F.deploy
        approved.status = .approved
        var harness = journalOpen()
        harness.press(.down, .enter)
        #expect(harness.press(.character("a")) == [.decide(["req-deploy"], .approve, comment: nil)])
        #expect(harness.state.update(.decisionFinished(requestID: "req-deploy", .success(approved))) == [.loadJournal])
        #expect(harness.state.screen == .journal)
    }

    @Test func refreshRereadsTheJournalToo() {
        var harness = journalOpen()
        #expect(harness.press(.character("r")) == [.fetchQueue, .loadJournal])
    }

    @Test func reloadingKeepsTheCursorOnTheSameEntry() {
        var harness = journalOpen()
        harness.press(.down, .down)
        let newer = F.journalEntry(8, "req-shell", "run_shell", .approve, at: 1, outcome: .approved)
        _ = harness.state.update(.journalLoaded(.success([newer] + F.journal)))
        #expect(harness.state.journal.selection.focusedID == 5)
    }

    @Test func aStoreThatCouldNotOpenExplainsTheEmptyJournal() {
        var harness = journalOpen(size: minimumScreenSize)
        harness.send(.journalLoaded(.failure(.noStateDirectory))) { state in
            state.journal.entries = []
            state.journal.error = .noStateDirectory
            state.journal.selection.focusedID = nil
        }
        #expect(harness.shows("The decision journal cannot be"))
        #expect(harness.shows("no folder for local state"))
        #expect(harness.press(.enter) == [])
    }

    @Test func anEmptyJournalSaysWhatWillAppear() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character(":"))
        harness.type("journal")
        harness.press(.enter)
        _ = harness.state.update(.journalLoaded(.success([])))
        #expect(harness.shows("No decisions from this console yet."))
    }

    @Test func escLeavesForTheQueue() {
        var harness = journalOpen()
        harness.send(.key(.character("q"))) { $0.screen = .queue }
    }
}

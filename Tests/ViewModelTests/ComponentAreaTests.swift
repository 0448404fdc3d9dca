import ApprovalModel
import Foundation
import Testing
@testable import ApprovalViewModels

private typealias F = ConsoleFixtures

/// Each screen component drawn on its own into a 40×6 area, from exactly the values it draws.
@Suite struct ComponentAreaTests {
    private let area = Size(columns: 40, rows: 6)
    private let utc = TimeZone(identifier: "UTC")!

    private func draw(_ component: some ScreenComponent) -> [String] {
        var buffer = ScreenBuffer(size: area)
        component.render(in: buffer.area, into: &buffer)
        return buffer.textRows().map { String($0.reversed().drop { $0 == " " }.reversed()) }
    }

    private var queue: QueueState {
        var queue = QueueState()
        queue.replace(with: [F.delete, F.deploy, F.email])
        queue.markedRequestIDs = ["req-email"]
        queue.move(by: 1)
        return queue
    }

    private var context: QueueTable.Context { QueueTable.Context(now: F.start, timeZone: utc) }

    @Test func queueRowsShowMarkDueAndTool() {
        #expect(draw(QueueTable(queue: queue, banner: nil, context: context)) == [
            "  due     tool",
            "  STALE   delete_records",
            "  4m05s   deploy_service",
            "* 1h00m   send_email",
            "", "",
        ])
    }

    @Test func queueScrollsToTheFocusAndClampsTheOffsetToTheRowsThereAre() {
        let many = (0..<8).map { i in
            ApprovalRequest(id: "r\(i)", toolName: "tool_\(i)", requestedAt: F.start, expiresAt: F.at(Double(60 * (i + 1))))
        }
        var queue = QueueState()
        queue.replace(with: many)
        queue.move(by: 7)
        queue.selection.keepInView(queue.visibleRequests.map(\.id), height: 5)
        #expect(queue.selection.offset == 3)
        #expect(draw(QueueTable(queue: queue, banner: nil, context: context)).map { $0.suffix(6) } == [
            "  tool", "tool_3", "tool_4", "tool_5", "tool_6", "tool_7",
        ])
        // Eight rows in a window of twenty: nothing to scroll, whatever the offset says.
        var tall = ScreenBuffer(size: Size(columns: 40, rows: 21))
        QueueTable(queue: queue, banner: nil, context: context).render(in: tall.area, into: &tall)
        #expect(tall.textRows()[1].contains("tool_0"))
    }

    @Test func queueBannerTakesTheFirstRowAndDimsTheRows() {
        let banner = QueueBanner.unreachable(since: F.at(-3), isOffline: true, hasLoaded: true, cachedSavedAt: nil)
        let table = QueueTable(queue: queue, banner: banner, context: context)
        #expect(draw(table) == [
            "offline since 13:59:57: last known",
            "  due     tool",
            "  STALE   delete_records",
            "  4m05s   deploy_service",
            "* 1h00m   send_email",
            "",
        ])
        #expect(QueueTable.rowsArea(of: Rect(size: area), hasBanner: true).height == 4)
    }

    @Test func anEmptyFilteredQueueSaysWhatDidNotMatch() {
        var queue = self.queue
        queue.setFilter("zz\u{1B}[2J")
        let rows = draw(QueueTable(queue: queue, banner: nil, context: context))
        #expect(rows[2] == "  no pending request matches /zz␛[2J")
    }

    @Test func flowsTableShowsStatusFlowAndDuration() {
        var flows = FlowsState()
        flows.replace(with: F.executions)
        #expect(draw(FlowsTable(flows: flows, now: F.start, timeZone: utc)) == [
            "status       flow              duration",
            "RUNNING      nightly-triage    5m00s",
            "SUCCEEDED    deploy-bot        10m00s",
            "FAILED       report-writer     1m40s",
            "", "",
        ])
    }

    @Test func policiesTableSaysWhileLoadingAndThenListsByName() {
        var policies = PoliciesState()
        #expect(draw(PoliciesTable(policies: policies))[2] == "  loading policies…")
        policies.load(F.policies)
        #expect(draw(PoliciesTable(policies: policies)) == [
            "policy                 justify  timeout",
            "Data deletion          optional 600s",
            "Production deploys     required 300s",
            "", "", "",
        ])
    }

    @Test func journalTableAtSixRowsLeavesTheEntryPaneOnlyItsRule() {
        var journal = JournalState()
        journal.apply(.success(Array(F.journal.prefix(3))))
        #expect(JournalTable.parts(of: Rect(size: area), showsEntry: true).entry.height == 1)
        #expect(draw(JournalTable(journal: journal, timeZone: utc)) == [
            "time     verdict tool        outcome",
            "13:59:58 approve send_email  no answer…",
            "13:59:55 approve deploy_ser… unknown —…",
            "13:58:00 deny    drop_backu… declined",
            "",
            "────────────────────────────────────────",
        ])
    }

    @Test func detailPaneClampsItsScrollAndSaysThereIsMore() {
        let context = DetailPane.Context(now: F.start, timeZone: utc, deadline: F.deploy.expiresAt, policy: F.policies[0],
                                         flowName: "nightly-triage")
        let top = draw(DetailPane(request: F.deploy, context: context))
        #expect(top[0] == "Tool     deploy_service")
        #expect(top[5].hasSuffix("more ↓"))
        let pane = DetailPane(request: F.deploy, context: context, scroll: 1_000)
        let bottom = draw(pane)
        #expect(bottom == Array(pane.lines(width: 40).suffix(6).map { line in
            String(line.segments.map(\.text.description).joined().reversed().drop { $0 == " " }.reversed())
        }))
    }

    @Test func logPaneFollowsTheNewestLines() {
        var view = LogViewState(executionID: "exe-nightly", capacity: 100)
        for n in 0..<10 { view.lines.append(LogLine(text: "line \(n)\u{1B}[31m", timestamp: nil)) }
        #expect(draw(LogPane(view: view, timeZone: utc)) == ["line 4␛[31m", "line 5␛[31m", "line 6␛[31m",
                                                             "line 7␛[31m", "line 8␛[31m", "line 9␛[31m"])
    }

    @Test func helpOverlayFitsAndOffersMore() {
        let rows = draw(HelpOverlay(keymap: .default, screen: .queue, isReadOnly: false))
        #expect(rows[0] == " ┌─ Keys: Queue · esc closes ─────────┐")
        #expect(rows[5].contains("j/↓ more"))
    }

    @Test func titleBarCutsItsTextToTheWidth() {
        let rows = draw(TitleBar(text: " Queue · 3 pending · filter /" + Sanitizer.line.sanitize("deploy\u{1B}[2J_everything_now")))
        #expect(rows[0] == " Queue · 3 pending · filter /deploy␛[2J…", "the escape shown as a symbol, the rest cut")
        #expect(rows.dropFirst().allSatisfy { $0.isEmpty })
    }

    @Test func statusLineKeepsTheStandingAndDropsPiecesThatDoNotFitWhole() {
        let standing = StyledLine([(" READ-ONLY ", .statusReadOnly), (" live ", .statusLive)])
        let rows = draw(StatusLine(standing: standing, pieces: ["3 pending", "a-very-long-server-name", "alice"]))
        #expect(rows[0] == " READ-ONLY  live  3 pending · alice")
    }

    @Test func messageLineShowsAPromptsTailAHintsRowOrAMessage() {
        let long: SanitizedText = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH"
        let prompt = draw(MessageLine(content: .prompt(label: "/", text: long, help: "  enter keep")))
        #expect(prompt[0] == "/ghijklmnopqrstuvwxyz0123456789ABCDEFGH", "the end typed stays in sight; no room for the hint")
        let hints = draw(MessageLine(content: .hints([(key: "a", summary: "approve"), (key: "d", summary: "deny"),
                                                       (key: "enter", summary: "open the request in full detail")])))
        #expect(hints[0] == "a approve  d deny")
        let error = draw(MessageLine(content: .message("decision failed: 409 already decided", isError: true)))
        #expect(error[0] == "decision failed: 409 already decided")
    }

    @Test func historyListSaysWhileLoadingThenShowsTheNewestDecisionFirst() {
        var history = HistoryState()
        #expect(draw(HistoryList(history: history, timeZone: utc)).contains { $0.contains("loading history…") })
        var approved = F.decided(F.deploy, .approved)
        approved.resolvedAt = F.at(42)
        var declined = F.decided(F.email, .declined)
        declined.resolvedAt = F.at(95)
        history.apply(.success([approved, declined, F.deploy]))
        #expect(draw(HistoryList(history: history, timeZone: utc)) == [
            "decided  status   tool",
            "14:01:35 declined send_email",
            "14:00:42 approved deploy_service",
            "", "", "",
        ])
    }
}

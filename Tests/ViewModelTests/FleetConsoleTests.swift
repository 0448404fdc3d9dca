import ApprovalModel
import Foundation
import Testing
@testable import ApprovalViewModels

private typealias F = ConsoleFixtures

/// One console on two servers (`--profile team --profile mine`): one merged queue with a server
/// column, each server's rows replaced only by its own answers, ids that collide kept apart, a
/// server that fails dimmed and marked last known while the other stays live, and `:server`.
struct FleetConsoleTests {
    private let team = ServerScope(name: "team", qualifies: true)
    private let mine = ServerScope(name: "mine", qualifies: true)

    /// The same request id on both servers: `r1` (deploy on team, shell on mine).
    private func colliding() -> (ApprovalRequest, ApprovalRequest) {
        var deploy = F.deploy
        deploy.id = "r1"
        var shell = F.shell
        shell.id = "r1"
        return (deploy.scoped(team), shell.scoped(mine))
    }

    private func twoServers(size: Size = Size(columns: 120, rows: 24)) -> ConsoleState {
        var state = ConsoleState(
            serverName: "team + mine", userName: "alice", size: size, now: F.start, servers: ["team", "mine"],
            journalNames: ["team.example", "127.0.0.1:8600"])
        let (deploy, shell) = colliding()
        _ = state.update(.serverSnapshotArrived(server: "team", requests: [deploy], executions: [], at: F.start))
        _ = state.update(.serverConnectionChanged(server: "team", .live(since: F.start)))
        _ = state.update(.serverSnapshotArrived(server: "mine", requests: [shell], executions: [], at: F.start))
        _ = state.update(.serverConnectionChanged(server: "mine", .live(since: F.start)))
        return state
    }

    private func row(_ state: ConsoleState, containing text: String) -> (index: Int, text: String)? {
        let rows = renderScreen(state, size: state.size).textRows()
        return rows.enumerated().first { $0.element.contains(text) }.map { ($0.offset, $0.element) }
    }

    @Test func idsEqualOnTwoServersStayTwoRowsAndADecisionNamesOnlyItsOwn() {
        var console = ConsoleHarness(twoServers())
        #expect(console.state.queue.requests.map(\.id).sorted() == ["mine:r1", "team:r1"])
        #expect(console.shows("server"))
        let deployRow = row(console.state, containing: "deploy_service")
        #expect(deployRow?.text.contains("team") == true)
        #expect(row(console.state, containing: "run_shell")?.text.contains("mine") == true)

        // Focus the shell (mine) and approve: only mine's r1 is decided.
        let focused = console.state.queue.focusedRequest?.id
        if focused != "mine:r1" { _ = console.press(.character("j")) }
        #expect(console.state.queue.focusedRequest?.id == "mine:r1")
        #expect(console.press(.character("a")) == [.decide(["mine:r1"], .approve, comment: nil)])
        #expect(console.state.queue.isDeciding("mine:r1"))
        #expect(!console.state.queue.isDeciding("team:r1"))
        var decided = F.decided(F.shell, .approved)
        decided.id = "r1"
        _ = console.state.update(.decisionFinished(requestID: "mine:r1", .success(decided.scoped(mine))))
        #expect(console.state.queue.requests.map(\.id) == ["team:r1"])
    }

    @Test func eachServersAnswerReplacesOnlyItsOwnRows() {
        var state = twoServers()
        _ = state.update(.serverSnapshotArrived(server: "team", requests: [], executions: [], at: F.at(2)))
        #expect(state.queue.requests.map(\.id) == ["mine:r1"])
        _ = state.update(.serverSnapshotArrived(
            server: "team", requests: [F.email.scoped(team)], executions: [], at: F.at(4)))
        #expect(Set(state.queue.requests.map(\.id)) == ["mine:r1", "team:req-email"])
        // A server the console does not have changes nothing.
        _ = state.update(.serverSnapshotArrived(server: "other", requests: [F.delete], executions: [], at: F.at(5)))
        #expect(Set(state.queue.requests.map(\.id)) == ["mine:r1", "team:req-email"])
    }

    @Test func aServerThatFailsKeepsItsRowsDimmedAndTheOtherStaysLive() {
        var console = ConsoleHarness(twoServers())
        if console.state.queue.focusedRequest?.id != "mine:r1" { _ = console.press(.character("j")) }
        var state = console.state
        let error = ClientError.unreachable(server: "team.example", reason: "connection refused")
        _ = state.update(.serverConnectionChanged(server: "team", .failing(since: F.at(3), lastError: error, attempts: 1)))
        #expect(state.connection.isLive, "one live server keeps the console live")
        #expect(state.queue.requests.count == 2, "the failing server's rows stay, as last known")
        _ = state.update(.serverSnapshotArrived(
            server: "mine", requests: [colliding().1, F.email.scoped(mine)], executions: [], at: F.at(4)))
        let frame = renderScreen(state, size: state.size)
        let rows = frame.textRows()
        func role(of text: String) -> StyleRole? {
            guard let y = rows.firstIndex(where: { $0.contains(text) }), let range = rows[y].range(of: text) else {
                Issue.record("no row shows \(text):\n\(rows.joined(separator: "\n"))")
                return nil
            }
            return frame[rows[y].distance(from: rows[y].startIndex, to: range.lowerBound), y].role
        }
        #expect(role(of: "deploy_service") == .queueDimmed, "team's row is last known")
        #expect(role(of: "send_email") == .queueRow, "mine's rows are live")
        #expect(rows.contains { $0.contains("team not answering since 14:00:03: its last known requests shown dimmed") })
        let status = rows.last!
        #expect(status.contains("team retrying since 14:00:03"))
        #expect(status.contains("mine live"))

        _ = state.update(.serverConnectionChanged(server: "team", .offline(since: F.at(3), lastError: error)))
        #expect(renderScreen(state, size: state.size).textRows().contains { $0.contains("team offline since 14:00:03") })
        // Both down: the console as a whole is offline, since the first failure.
        _ = state.update(.serverConnectionChanged(server: "mine", .offline(since: F.at(9), lastError: error)))
        #expect(state.connection == .offline(since: F.at(3), lastError: error))
        #expect(renderScreen(state, size: state.size).textRows().contains { $0.contains("team, mine offline since 14:00:03") })
        // Team answers again: live, its rows no longer last known.
        _ = state.update(.serverSnapshotArrived(server: "team", requests: [colliding().0], executions: [], at: F.at(20)))
        #expect(state.fleet.members[0].isLive)
        #expect(state.connection.isLive)
    }

    @Test func theDetailNamesTheServerAndSaysWhenItIsLastKnown() {
        var console = ConsoleHarness(twoServers())
        if console.state.queue.focusedRequest?.id != "team:r1" { _ = console.press(.character("j")) }
        _ = console.press(.enter)
        #expect(console.shows("Server"))
        #expect(console.screen().contains { $0.contains("Server") && $0.contains("team") })
        _ = console.state.update(.serverConnectionChanged(
            server: "team", .offline(since: F.at(3), lastError: .unreachable(server: "team.example", reason: "refused"))))
        #expect(console.shows("team (not answering: last known)"))
    }

    @Test func colonServerNarrowsToOneServerAndAllWidensAgain() {
        var console = ConsoleHarness(twoServers())
        _ = console.press(.character(":"))
        _ = console.type("server mine")
        #expect(console.press(.enter) == [], "narrowing never reconnects")
        #expect(console.state.queue.visibleRequests.map(\.id) == ["mine:r1"])
        #expect(console.shows("showing mine only"))
        _ = console.state.update(.serverSnapshotArrived(
            server: "team", requests: [colliding().0], executions: [F.executions[0].scoped(team)], at: F.at(1)))
        _ = console.state.update(.serverSnapshotArrived(
            server: "mine", requests: [colliding().1], executions: [F.executions[1].scoped(mine)], at: F.at(1)))
        #expect(console.state.flows.visibleExecutions.map(\.id) == ["mine:exe-deploybot"], "runs narrow too")
        #expect(!console.shows("deploy_service"))

        _ = console.press(.character(":"))
        _ = console.type("server nope")
        _ = console.press(.enter)
        #expect(console.state.status?.kind == .error)
        #expect(console.state.status?.text.contains("no server nope in this console (team, mine)") == true)
        #expect(console.state.queue.visibleRequests.map(\.id) == ["mine:r1"])

        _ = console.press(.character(":"))
        _ = console.type("server all")
        _ = console.press(.enter)
        #expect(console.state.queue.visibleRequests.count == 2)
        #expect(console.state.flows.visibleExecutions.count == 2)
        #expect(console.shows("deploy_service"))
    }

    @Test func narrowingDropsMarksOnTheServersNoLongerShown() {
        var console = ConsoleHarness(twoServers())
        _ = console.press(.character(" "))
        _ = console.press(.character(" "))
        #expect(console.state.queue.markedRequestIDs == ["team:r1", "mine:r1"])
        _ = console.press(.character(":"))
        _ = console.type("server team")
        _ = console.press(.enter)
        #expect(console.state.queue.markedRequestIDs == ["team:r1"], "a bulk decision never reaches a server out of view")
    }

    @Test func aSavedSnapshotPerServerShowsUntilThatServerAnswers() {
        var state = ConsoleState(serverName: "team + mine", size: Size(columns: 120, rows: 24), now: F.start, servers: ["team", "mine"])
        let (deploy, shell) = colliding()
        _ = state.update(.serverCachedSnapshotLoaded(server: "team", requests: [deploy], executions: [], savedAt: F.at(-600)))
        _ = state.update(.serverCachedSnapshotLoaded(server: "mine", requests: [shell], executions: [], savedAt: F.at(-300)))
        #expect(state.queue.requests.count == 2)
        #expect(renderScreen(state, size: state.size).textRows().contains { $0.contains("requests saved at 13:50:00 shown dimmed") })
        // Mine answers with nothing pending: only mine's rows go; team's saved row stays.
        _ = state.update(.serverSnapshotArrived(server: "mine", requests: [], executions: [], at: F.start))
        #expect(state.queue.requests.map(\.id) == ["team:r1"])
        // A saved snapshot arriving after its server answered is ignored.
        _ = state.update(.serverCachedSnapshotLoaded(server: "mine", requests: [shell], executions: [], savedAt: F.at(-300)))
        #expect(state.queue.requests.map(\.id) == ["team:r1"])
    }

    @Test func aHostileServerCannotPassItsRowsOffAsAnotherServers() {
        // mine answers an id shaped like team's: it stays mine's, and is routed to mine.
        var state = twoServers()
        var forged = F.email
        forged.id = "team:r1"
        _ = state.update(.serverSnapshotArrived(server: "mine", requests: [forged.scoped(mine)], executions: [], at: F.at(1)))
        #expect(Set(state.queue.requests.map(\.id)) == ["team:r1", "mine:team:r1"])
        #expect(state.fleet.member(ofID: "mine:team:r1")?.name == "mine")
        #expect(mine.raw("mine:team:r1") == "team:r1")
        #expect(team.raw("mine:team:r1") == nil)
    }

    @Test func aNarrowTerminalStillShowsTheServerOfEveryRow() {
        let state = twoServers(size: Size(columns: 40, rows: 12))
        let rows = renderScreen(state, size: state.size).textRows()
        #expect(rows.contains { $0.contains("team") && $0.contains("deploy") })
        #expect(rows.contains { $0.contains("mine") && $0.contains("run_sh") })
        #expect(rows.allSatisfy { $0.count <= 40 })
    }

    @Test func oneServerKeepsTheSingleServerConsole() {
        let state = ConsoleState(serverName: "preloop.example", size: Size(columns: 120, rows: 24), now: F.start, servers: ["only"])
        #expect(!state.fleet.isMerged)
        var loaded = F.loaded(size: Size(columns: 120, rows: 24))
        #expect(!loaded.fleet.isMerged)
        #expect(!ConsoleHarness(loaded).shows(" server "))
        _ = loaded.update(.serverSnapshotArrived(server: "only", requests: [], executions: [], at: F.at(1)))
        #expect(loaded.queue.requests.count == 4, "server events are for a console on several servers only")
        _ = state
    }

    @Test func aJournalEntryOpensTheRequestOnTheServerItWasDecidedOn() {
        var console = ConsoleHarness(twoServers())
        _ = console.state.update(.journalLoaded(.success([
            JournalEntry(id: 2, requestID: "r1", toolName: "run_shell", verdict: .approve, comment: nil,
                         server: "127.0.0.1:8600", createdAt: F.start, completedAt: nil, outcome: .failed, errorText: "x"),
        ])))
        _ = console.press(.character("4"))
        _ = console.state.update(.key(.character(":")))
        _ = console.type("journal")
        _ = console.press(.enter)
        #expect(console.state.screen == .journal)
        _ = console.press(.enter)
        #expect(console.state.screen == .detail)
        #expect(console.state.detailRequest?.id == "mine:r1", "the same id on team is another request")
    }

    @Test func aDecidedRequestDoesNotComeBackWhenAnotherServerAnswers() {
        var state = twoServers()
        var decided = F.decided(F.shell, .approved)
        decided.id = "r1"
        _ = state.update(.decisionFinished(requestID: "mine:r1", .success(decided.scoped(mine))))
        #expect(state.queue.requests.map(\.id) == ["team:r1"])
        // Team's next answer rebuilds the queue from every server's last list: mine's r1 stays gone.
        _ = state.update(.serverSnapshotArrived(server: "team", requests: [colliding().0], executions: [], at: F.at(2)))
        #expect(state.queue.requests.map(\.id) == ["team:r1"])
    }

    @Test func promptsSayWhichServerTheyActOn() {
        var console = ConsoleHarness(twoServers())
        _ = console.press(.character(" "))
        _ = console.press(.character(" "))
        _ = console.press(.character("a"))
        #expect(console.shows("Approve 2 requests (team 1, mine 1)? y/N"))
        console = ConsoleHarness(twoServers())
        if console.state.queue.focusedRequest?.id != "team:r1" { _ = console.press(.character("k")) }
        _ = console.press(.character("d"))
        #expect(console.shows("Deny deploy_service on team"))
    }

    @Test func anAllowSimilarApprovalCommentNamesTheRuleByItsServersOwnId() {
        var state = twoServers()
        let draft = RuleDraft(
            requestID: "team:r1", toolName: "deploy_service", configurationID: "team:cfg-deploy", condition: "true",
            scope: .toolFromAgent, duration: .day, expiresAt: nil)
        let rule = AccessRule(id: "team:ru_1", action: "allow")
        let effects = state.update(.allowRuleFinished(draft, .success(rule)))
        #expect(effects.first == .decide(["team:r1"], .approve, comment: "approved with an allow-similar rule (ru_1)"))
    }

    @Test func everyListScreenNamesEachItemsServer() {
        var console = ConsoleHarness(twoServers())
        _ = console.state.update(.serverSnapshotArrived(
            server: "team", requests: [colliding().0], executions: [F.executions[0].scoped(team)], at: F.at(1)))
        _ = console.state.update(.serverSnapshotArrived(
            server: "mine", requests: [colliding().1], executions: [F.executions[0].scoped(mine)], at: F.at(1)))
        _ = console.state.update(.policiesLoaded(.success(F.policies.map { $0.scoped(team) } + F.policies.map { $0.scoped(mine) })))
        _ = console.press(.character("2"))
        let flows = console.screen()
        // The same run id on both servers: two rows, each named by its server, the id as the server knows it.
        #expect(flows.contains { $0.contains("server") && $0.contains("status") })
        #expect(flows.filter { $0.contains("nightly-triage") }.count == 2)
        #expect(flows.contains { $0.contains("team") && $0.contains("nightly-triage") && $0.contains("exe-nightly") && !$0.contains("team:exe") })
        #expect(flows.contains { $0.contains("mine") && $0.contains("nightly-triage") })
        _ = console.press(.character("3"))
        let policies = console.screen()
        #expect(policies.filter { $0.contains("Production deploys") }.count == 2)
        #expect(policies.contains { $0.hasPrefix("  team") || $0.contains(" team ") })
        #expect(policies.contains { $0.contains("mine") && $0.contains("Data deletion") })
    }

    @Test func anUnchangedAnswerMovesOnlyTheClock() {
        var console = ConsoleHarness(twoServers())
        let same = console.state.fleet.members[0].requests
        console.send(.serverSnapshotArrived(server: "team", requests: same, executions: [], at: F.at(30))) { $0.now = F.at(30) }
    }
}

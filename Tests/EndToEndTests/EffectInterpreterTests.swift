import ApprovalClient
import ApprovalModel
import ApprovalServer
import ApprovalViewModels
import Foundation
import Testing
@testable import ApprovalTUI
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Each `Effect` run by the one interpreter, against the local server in process, a real SQLite
/// store, real theme files and a recording terminal surface.
@Suite struct EffectInterpreterTests {
    private struct Rig {
        let fixture: LocalServerFixture
        let client: PreloopClient
        let store: LocalStore?
        let surface: RecordingSurface
        let mailbox: Mailbox<LoopMessage>
        let poller: Poller
        let interpreter: EffectInterpreter
        let launched: LaunchLog
        var state: ConsoleState

        func collect<T>(atLeast count: Int, _ pick: (ConsoleEvent) -> T?) async throws -> [T] {
            try await mailbox.collect(atLeast: count, pick)
        }

        /// The first event `pick` accepts.
        func next<T>(_ pick: (ConsoleEvent) -> T?) async throws -> T {
            try await collect(atLeast: 1, pick)[0]
        }
    }

    final class LaunchLog: @unchecked Sendable {
        // Safe: only touched on the test's own thread.
        var commands: [[String]] = []
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    private func rig(
        policies: PolicySet? = nil, withStore: Bool = true, bell: Bool = true, desktop: Bool = false,
        channel: NotificationChannel = .unavailable, checkProfile: @escaping @Sendable (String) -> String? = { _ in nil }
    ) async throws -> Rig {
        let fixture = try await LocalServerFixture(policies: policies)
        let client = try fixture.approverClient()
        let store = withStore ? try LocalStore(path: fixture.root.appendingPathComponent("console.sqlite").path) : nil
        let themes = fixture.root.appendingPathComponent("themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        try "[colors]\nnot a theme = = =\n".write(to: themes.appendingPathComponent("broken.toml"), atomically: true, encoding: .utf8)
        let poller = Poller(
            schedule: PollSchedule(interval: .seconds(3600)), clock: ContinuousClock(), now: { Date() },
            fetch: { () async throws(ClientError) -> QueueFetchResult in
                QueueFetchResult(requests: try await client.listApprovalRequests(status: .pending), executions: [])
            })
        let surface = RecordingSurface()
        let mailbox = Mailbox<LoopMessage>()
        let launched = LaunchLog()
        let options = ConsoleOptions(
            bell: bell, desktop: desktop, channel: channel, useColour: true,
            themes: ThemeLoader(directories: [themes.path, BundledFiles.themes()], read: ThemeLoader.localFiles),
            now: { Date() }, checkProfile: checkProfile)
        let interpreter = EffectInterpreter(environment: EffectEnvironment(
            surface: surface, client: client, poller: poller, store: store,
            storeError: withStore ? nil : .noStateDirectory, mailbox: mailbox, options: options,
            launch: { launched.commands.append($0) }))
        return Rig(
            fixture: fixture, client: client, store: store, surface: surface, mailbox: mailbox, poller: poller,
            interpreter: interpreter, launched: launched,
            state: ConsoleState(serverName: client.serverName, size: Size(columns: 80, rows: 24), now: Date()))
    }

    @Test func quitEndsTheLoopAndNothingAfterItRuns() async throws {
        var rig = try await rig()
        defer { Task { [fixture = rig.fixture] in await fixture.stop() } }
        let outcome = rig.interpreter.perform([.quit, .ringBell], state: &rig.state)
        #expect(outcome.ending == .quit)
        #expect(rig.surface.calls.isEmpty)
    }

    @Test func ringBellRingsUnlessTheBellIsOff() async throws {
        var rig = try await rig()
        defer { Task { [fixture = rig.fixture] in await fixture.stop() } }
        #expect(rig.interpreter.perform([.ringBell], state: &rig.state) == .init())
        #expect(rig.surface.calls == [.bell])
        var quiet = try await self.rig(bell: false)
        defer { Task { [fixture = quiet.fixture] in await fixture.stop() } }
        _ = quiet.interpreter.perform([.ringBell], state: &quiet.state)
        #expect(quiet.surface.calls.isEmpty)
    }

    @Test func loadThemeRepaintsInTheNewThemeOrSaysWhyNotAndKeepsTheOld() async throws {
        var rig = try await rig()
        defer { Task { [fixture = rig.fixture] in await fixture.stop() } }
        let outcome = rig.interpreter.perform([.loadTheme("light")], state: &rig.state)
        #expect(outcome.repaintsAll)
        #expect(rig.surface.calls == [.theme("light", useColour: true), .fullRepaint])
        #expect(rig.state.themeName == "light")
        #expect(rig.state.status?.text == "theme light")

        rig.surface.calls = []
        for bad in ["broken", "../../etc/passwd", "no\u{0}such"] {
            let failed = rig.interpreter.perform([.loadTheme(bad)], state: &rig.state)
            #expect(!failed.repaintsAll)
            #expect(rig.state.themeName == "light")
            #expect(rig.state.status?.kind == .error)
        }
        #expect(rig.surface.calls.isEmpty)
    }

    @Test func switchServerEndsTheLoopOnlyForAProfileThatChecksOut() async throws {
        var rig = try await rig(checkProfile: { $0 == "prod" ? nil : "profile \($0) names no server" })
        defer { Task { [fixture = rig.fixture] in await fixture.stop() } }
        let refused = rig.interpreter.perform([.switchServer("nope"), .ringBell], state: &rig.state)
        #expect(refused.ending == nil)
        #expect(rig.state.status?.text == "profile nope names no server")
        #expect(rig.state.status?.kind == .error)
        #expect(rig.surface.calls == [.bell])
        #expect(rig.interpreter.perform([.switchServer("prod")], state: &rig.state).ending == .switchServer("prod"))
    }

    @Test func decideJournalsFirstThenSendsAndAnswersPerRequest() async throws {
        var rig = try await rig()
        defer { Task { [fixture = rig.fixture] in await fixture.stop() } }
        let id = try #require(try await rig.fixture.submitToolCall("restart_cache", args: [:], justification: "stale"))
        _ = rig.state.update(.snapshotArrived(
            requests: try await rig.client.listApprovalRequests(status: .pending), executions: [], at: Date()))
        _ = rig.interpreter.perform([.decide([id, "no-such-request"], .approve, comment: "ok")], state: &rig.state)
        let answers = try await rig.collect(atLeast: 2) { event -> (String, Result<ApprovalRequest, ClientError>)? in
            if case .decisionFinished(let requestID, let result) = event { (requestID, result) } else { nil }
        }
        #expect(answers.count == 2)
        let results = Dictionary(answers, uniquingKeysWith: { first, _ in first })
        #expect((try? results[id]?.get())?.status == .approved)
        #expect((try? results["no-such-request"]?.get()) == nil)
        #expect(try await rig.client.approvalRequest(id: id).status == .approved)
        let journal = try #require(try rig.store?.journal(limit: 10))
        let approved = try #require(journal.first { $0.requestID == id })
        #expect(approved.toolName == "restart_cache")
        #expect(approved.outcome == .approved)
        #expect(approved.comment == "ok")
        let failed = try #require(journal.first { $0.requestID == "no-such-request" })
        #expect(failed.toolName == "")
        #expect(failed.outcome != .approved)
    }

    @Test func aHeldDecisionIsJournaledAtOnceSentOnlyWhenReleasedAndTakenBackOrAbandonedUnsent() async throws {
        var rig = try await rig()
        defer { Task { [fixture = rig.fixture] in await fixture.stop() } }
        let sent = try #require(try await rig.fixture.submitToolCall("restart_cache", args: [:], justification: "stale"))
        let undone = try #require(try await rig.fixture.submitToolCall("flush_queue", args: [:], justification: "stuck"))
        let left = try #require(try await rig.fixture.submitToolCall("rotate_keys", args: [:], justification: "due"))
        let holds = [(sent, "restart_cache"), (undone, "flush_queue"), (left, "rotate_keys\u{1B}[2J")].map { id, tool in
            HeldDecision(requestID: id, toolName: tool, verdict: .approve, comment: nil, sendAt: Date(), batch: 1)
        }
        _ = rig.interpreter.perform([.holdDecisions(holds)], state: &rig.state)
        let journal = try #require(try rig.store?.journal(limit: 10))
        #expect(journal.count == 3 && journal.allSatisfy { $0.outcome == .held }, "held decisions are in the journal at once")
        #expect(try await rig.client.approvalRequest(id: sent).status == .pending, "nothing is sent while held")

        _ = rig.interpreter.perform([.decide([sent], .approve, comment: nil), .undoDecisions([undone])], state: &rig.state)
        _ = try await rig.next { event -> String? in
            if case .decisionFinished(let id, _) = event { id } else { nil }
        }
        #expect(try await rig.client.approvalRequest(id: sent).status == .approved)
        #expect(try await rig.client.approvalRequest(id: undone).status == .pending, "taken back: never sent")
        let notice = try #require(rig.interpreter.abandonHeldDecisions())
        #expect(notice.contains("1 decision was not sent") && notice.contains("rotate_keys"))
        #expect(!notice.contains("\u{1B}"), "the tool name is inert on the terminal the console leaves")
        #expect(rig.interpreter.abandonHeldDecisions() == nil, "settled once")
        let outcomes = Dictionary(uniqueKeysWithValues: try #require(try rig.store?.journal(limit: 10)).map { ($0.requestID, $0.outcome) })
        #expect(outcomes == [sent: .approved, undone: .undone, left: .notSent])
        #expect(try rig.store?.journal(limit: 10).count == 3, "the sent decision kept its one entry")
        #expect(try await rig.client.approvalRequest(id: left).status == .pending)
    }

    @Test func aHeldDecisionAnotherConsoleSettledAsNotSentIsNeverSent() async throws {
        var rig = try await rig()
        defer { Task { [fixture = rig.fixture] in await fixture.stop() } }
        let id = try #require(try await rig.fixture.submitToolCall("restart_cache", args: [:], justification: "stale"))
        let hold = HeldDecision(requestID: id, toolName: "restart_cache", verdict: .approve, comment: nil, sendAt: Date(), batch: 1)
        _ = rig.interpreter.perform([.holdDecisions([hold])], state: &rig.state)
        // This console stalled past its window; another one started and settled the hold.
        try rig.store?.settleAbandonedHolds(begunBefore: Date().addingTimeInterval(1), at: Date())
        _ = rig.interpreter.perform([.decide([id], .approve, comment: nil)], state: &rig.state)
        let result = try await rig.next { event -> Result<ApprovalRequest, ClientError>? in
            if case .decisionFinished(_, let result) = event { result } else { nil }
        }
        guard case .failure(.rejected(let detail)) = result else { Issue.record("sent: \(result)"); return }
        #expect(detail.contains("not sent"))
        #expect(try await rig.client.approvalRequest(id: id).status == .pending)
        #expect(try rig.store?.journal(limit: 1).first?.outcome == .notSent)
    }

    @Test func fetchQueueAsksThePollerForANewSnapshotNow() async throws {
        let rig = try await rig()
        defer { Task { [fixture = rig.fixture, poller = rig.poller] in await poller.stop(); await fixture.stop() } }
        var updates = rig.poller.updates.makeAsyncIterator()
        await rig.poller.start()
        func nextSnapshot() async -> QueueSnapshot? {
            while let update = await updates.next() { if case .snapshot(let snapshot) = update { return snapshot } }
            return nil
        }
        #expect(await nextSnapshot()?.requests.isEmpty == true)
        let id = try #require(try await rig.fixture.submitToolCall("restart_cache", args: [:], justification: "stale"))
        var state = rig.state
        _ = rig.interpreter.perform([.fetchQueue], state: &state)
        // The poller sleeps an hour between fetches: only the effect can bring this snapshot.
        #expect(await nextSnapshot()?.requests.map(\.id) == [id])
    }

    @Test func fetchPoliciesAnswersWithTheServersPolicies() async throws {
        var rig = try await rig()
        defer { Task { [fixture = rig.fixture] in await fixture.stop() } }
        _ = rig.interpreter.perform([.fetchPolicies], state: &rig.state)
        let policies = try await rig.next { event -> Result<[ApprovalPolicy], ClientError>? in
            if case .policiesLoaded(let result) = event { result } else { nil }
        }
        #expect(try policies.get().map(\.id) == (try await rig.client.policies()).map(\.id))
        #expect(try !policies.get().isEmpty)
    }

    @Test func fetchHistoryAnswersWithTheDecidedRequestsOnly() async throws {
        var rig = try await rig()
        defer { Task { [fixture = rig.fixture] in await fixture.stop() } }
        let decided = try #require(try await rig.fixture.submitToolCall("rotate_keys", args: [:], justification: "quarterly"))
        _ = try #require(try await rig.fixture.submitToolCall("still_pending", args: [:], justification: "later"))
        _ = try await rig.client.decide(id: decided, verdict: .decline, comment: "not now")
        _ = rig.interpreter.perform([.fetchHistory], state: &rig.state)
        let history = try await rig.next { event -> Result<[ApprovalRequest], ClientError>? in
            if case .historyLoaded(let result) = event { result } else { nil }
        }
        #expect(try history.get().map(\.id) == [decided])
        #expect(try history.get().first?.approverComment == "not now")
    }

    @Test func loadJournalAnswersTheEntriesOrWhyThereIsNoStore() async throws {
        var rig = try await rig()
        defer { Task { [fixture = rig.fixture] in await fixture.stop() } }
        _ = try rig.store?.beginDecision(requestID: "r1", toolName: "wipe\u{1B}[2Jdisk", verdict: .decline, comment: nil,
                                         server: rig.client.serverName, at: Date())
        _ = rig.interpreter.perform([.loadJournal], state: &rig.state)
        let loaded = try await rig.next { event -> Result<[JournalEntry], StoreError>? in
            if case .journalLoaded(let result) = event { result } else { nil }
        }
        #expect(try loaded.get().map(\.toolName) == ["wipe\u{1B}[2Jdisk"])

        var bare = try await self.rig(withStore: false)
        defer { Task { [fixture = bare.fixture] in await fixture.stop() } }
        _ = bare.interpreter.perform([.loadJournal], state: &bare.state)
        let missing = try await bare.next { event -> Result<[JournalEntry], StoreError>? in
            if case .journalLoaded(let result) = event { result } else { nil }
        }
        #expect(throws: StoreError.noStateDirectory) { try missing.get() }
    }

    private static let flowPolicies = PolicySet(
        policies: PolicySet.starter.policies,
        flows: [FlowDefinition(name: "job", command: ["/bin/sh", "-c", "echo PRELOOP_AGENT_EXEC_START; echo one; echo two; while :; do echo tick; sleep 0.2; done"],
                               prompt: "Do the thing.")])

    /// Triggers the fixture's only flow as the approver and returns the execution id.
    private func trigger(_ rig: Rig) async throws -> String {
        let flowID = try #require(try await rig.client.flows().first?.id)
        var request = URLRequest(url: URL(string: "\(rig.fixture.url)/api/v1/flows/\(flowID)/trigger")!)
        request.httpMethod = "POST"
        let token = try String(contentsOf: rig.fixture.server.dataDirectory.approverTokenFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data("{}".utf8)
        let (data, _) = try await URLSession.shared.data(for: request)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return try #require(object?["id"] as? String)
    }

    @Test func followLogsSendsEachLineOnceAndUnfollowStopsIt() async throws {
        var rig = try await rig(policies: Self.flowPolicies)
        defer { Task { [fixture = rig.fixture] in await fixture.stop() } }
        let execution = try await trigger(rig)
        _ = rig.interpreter.perform([.followLogs(executionID: execution)], state: &rig.state)
        var lines: [LogEntry] = []
        func pages() async throws -> [LogEntry] {
            try await rig.collect(atLeast: 1) { event -> [LogEntry]? in
                if case .logLines(let id, let page) = event, id == execution { page } else { nil }
            }.flatMap { $0 }
        }
        while !lines.contains(where: { $0.text == "two" }) { lines += try await pages() }
        // A later page (the flow keeps printing) brings only new lines, never "one" again.
        lines += try await pages()
        let texts = lines.filter(\.isLogLine).compactMap(\.text)
        #expect(texts.filter { $0 == "one" }.count == 1)
        #expect(texts.contains("tick"))
        // Lines stop arriving only because the follower was cancelled.
        _ = rig.interpreter.perform([.unfollowLogs(executionID: execution)], state: &rig.state)
        try await Task.sleep(for: .milliseconds(1500))
        _ = rig.mailbox.drain()
        try await Task.sleep(for: .milliseconds(1500))
        #expect(rig.mailbox.drain().isEmpty)
        _ = rig.interpreter.perform([.stopExecution(execution)], state: &rig.state)
    }

    @Test func stopExecutionAnswersWithTheServersVerdict() async throws {
        var rig = try await rig(policies: Self.flowPolicies)
        defer { Task { [fixture = rig.fixture] in await fixture.stop() } }
        let execution = try await trigger(rig)
        _ = rig.interpreter.perform([.stopExecution(execution), .stopExecution("no-such-execution")], state: &rig.state)
        let stops = try await rig.collect(atLeast: 2) { event -> (String, ClientError?)? in
            if case .stopFinished(let id, let error) = event { (id, error) } else { nil }
        }
        #expect(stops.count == 2)
        let answers = Dictionary(stops, uniquingKeysWith: { first, _ in first })
        #expect(answers[execution] == .some(nil))
        #expect(answers["no-such-execution"] != .some(nil))
    }

    @Test func announceRingsAndShowsTheDesktopNotificationTheChannelCarries() async throws {
        let ring = NotifierDecision(shouldRing: true, items: [.request(id: "r1", toolName: "deploy\u{1B}]0;pwned\u{7}")])
        let osc = try await rig(desktop: true, channel: .osc777)
        defer { Task { [fixture = osc.fixture] in await fixture.stop() } }
        osc.interpreter.announce(ring)
        #expect(osc.surface.calls.first == .bell)
        guard case .raw(let sequence)? = osc.surface.calls.last else { Issue.record("no escape written"); return }
        #expect(sequence.hasPrefix("\u{1B}]777;notify;"))
        // The hostile tool name cannot open a sequence of its own: only the frame's ESC and BEL remain.
        #expect(sequence.filter { $0 == "\u{1B}" }.count == 1)
        #expect(sequence.filter { $0 == "\u{07}" }.count == 1)

        let spawned = try await rig(bell: false, desktop: true, channel: .notifySend(path: "/usr/bin/notify-send"))
        defer { Task { [fixture = spawned.fixture] in await fixture.stop() } }
        spawned.interpreter.announce(ring)
        spawned.interpreter.announce(NotifierDecision(shouldRing: false, items: []))
        #expect(spawned.surface.calls.isEmpty)
        #expect(spawned.launched.commands.count == 1)
        #expect(spawned.launched.commands.first?.first == "/usr/bin/notify-send")
    }
}

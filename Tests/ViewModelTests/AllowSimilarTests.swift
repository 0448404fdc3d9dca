import ApprovalModel
import Foundation
import Testing
@testable import ApprovalViewModels

private typealias F = ConsoleFixtures

/// "Allow similar": `s` on a request opens the chooser; `enter` makes the rule, then approves.
@Suite struct AllowSimilarTests {
    /// The queue with the deploy request (the one that names a tool configuration) focused.
    private func onDeploy(_ state: ConsoleState = F.loaded()) -> ConsoleHarness {
        var harness = ConsoleHarness(state)
        while harness.state.queue.focusedRequest?.id != F.deploy.id { harness.press(.down) }
        return harness
    }

    private func chooser(_ harness: ConsoleHarness) -> RuleChooser? {
        if case .allowSimilar(let chooser) = harness.state.input { return chooser }
        return nil
    }

    @Test func twoKeysFromTheQueueAllowThisExactCallForADay() throws {
        var harness = onDeploy()
        harness.press(.character("s"))
        let open = try #require(chooser(harness))
        #expect(open.scope == .exactCall && open.duration == .day)
        #expect(harness.shows("Allow similar"))
        let effects = harness.press(.enter)
        let exact = try CELText.equalities([(path: [], value: F.deploy.toolArgs)], toolName: nil, userID: nil)
        let draft = RuleDraft(
            requestID: F.deploy.id, toolName: "deploy_service", configurationID: "cfg-deploy", condition: exact,
            scope: .exactCall, duration: .day, expiresAt: F.start.addingTimeInterval(86_400))
        #expect(effects == [.createAllowRule(draft)])
        #expect(draft.condition.contains(#""prod-eu""#) && draft.condition.hasPrefix("args == {"))
        #expect(harness.state.input == .none)
        #expect(harness.state.queue.decidingRequestIDs == [F.deploy.id])
        #expect(harness.state.status == StatusMessage("making the rule for deploy_service (for a day)…"))
        // The rule was made: the request is approved now, with a comment naming the rule.
        harness.send(
            .allowRuleFinished(draft, .success(AccessRule(id: "rule-1", action: "allow", conditionExpression: exact))),
            effects: [.decide([F.deploy.id], .approve, comment: "approved with an allow-similar rule (rule-1)")]
        ) {
            $0.status = StatusMessage("rule made for deploy_service for a day; approving…")
            $0.rules.remember(AccessRule(id: "rule-1", action: "allow", conditionExpression: exact))
        }
        #expect(harness.state.queue.decidingRequestIDs == [F.deploy.id])
    }

    @Test func anExactCallTooLargeForTheServerIsRefusedBeforeAnythingIsSent() throws {
        // 3,000 flags: the exact-call condition would be past the 8 KiB the server reads.
        var huge = F.deploy
        huge.toolArgs = .object(Dictionary(uniqueKeysWithValues: (0..<3_000).map { ("flag_\($0)", JSONValue.bool(true)) }))
        var state = F.state()
        _ = state.update(.snapshotArrived(requests: [huge], executions: [], at: F.start))
        var harness = ConsoleHarness(state)
        harness.press(.character("s"))
        #expect(harness.press(.enter) == [], "nothing is sent")
        let open = try #require(chooser(harness))
        #expect(open.problem?.contains("too large for the server") == true, "\(open.problem ?? "-")")
        #expect(open.problem?.contains("8192 bytes") == true)
        #expect(harness.state.queue.decidingRequestIDs.isEmpty)
        // This tool from this agent is small, and is made.
        harness.press(.character("2"))
        #expect(harness.press(.enter).count == 1)
    }

    @Test func theChooserSaysWhichDayARuleEnds() {
        var harness = onDeploy()
        harness.press(.character("s"))
        #expect(harness.shows("for a day, until tomorrow 14:00:00"), "\(harness.screen().joined(separator: "\n"))")
        harness.press(.character("h"))
        #expect(harness.shows("for an hour, until 15:00:00"))
    }

    @Test func aRuleTheServerRefusesLeavesTheRequestPendingAndSaysWhy() throws {
        var harness = onDeploy()
        let effects = harness.press(.character("s"), .enter)
        guard case .createAllowRule(let draft)? = effects.first else { Issue.record("no rule effect"); return }
        harness.send(.allowRuleFinished(draft, .failure(.forbidden(detail: "Not enough permissions")))) {
            $0.queue.decidingRequestIDs = []
            $0.status = StatusMessage(
                "allow similar: no rule made, deploy_service not approved: this token may not make rules (Not enough permissions)",
                kind: .error)
        }
        #expect(harness.state.queue.requests.contains { $0.id == F.deploy.id })
        harness.send(.allowRuleFinished(draft, .failure(.notFound(detail: "Tool configuration not found or access denied")))) {
            $0.status = StatusMessage(
                "allow similar: no rule made, deploy_service not approved: the server has no tool configuration for this request's tool",
                kind: .error)
        }
    }

    @Test func aRequestWithoutAToolConfigurationSaysWhyOnTheStatusLine() {
        var harness = ConsoleHarness(F.loaded())
        #expect(harness.state.queue.focusedRequest?.id == F.delete.id)
        harness.send(.key(.character("s"))) {
            $0.status = StatusMessage(
                "allow similar: this request names no tool configuration, and the server keeps rules on one: approve it with a",
                kind: .error)
        }
    }

    @Test func everyKeyOfTheChooser() throws {
        var harness = onDeploy()
        harness.press(.character("s"))
        harness.press(.character("3"))
        harness.press(.enter)
        #expect(chooser(harness)?.problem == RuleChooserRefusal.noFieldChosen.description, "enter with nothing ticked stays")
        #expect(harness.shows("choose at least one argument"))
        // Fields are sorted: env, service, version. Tick env and version.
        harness.press(.character(" "), .down, .down, .character("x"), .up, .character("k"))
        var open = try #require(chooser(harness))
        #expect(open.fields.map(\.key) == ["env", "service", "version"])
        #expect(open.fields.map(\.isChosen) == [true, false, true])
        #expect(open.cursor == 0)
        harness.press(.character("h"))
        open = try #require(chooser(harness))
        #expect(open.duration == .hour)
        let draft = try open.draft(now: F.start).get()
        #expect(draft.condition == #"args.env == "prod-eu" && args.version == "2.3.0""#)
        #expect(draft.expiresAt == F.start.addingTimeInterval(3600))
        harness.press(.character("r"))
        #expect(try chooser(harness)?.draft(now: F.start).get().expiresAt == nil)
        harness.press(.character("2"))
        #expect(try chooser(harness)?.draft(now: F.start).get().condition == "true", "the server names no agent: any arguments, any agent")
        harness.press(.tab)
        #expect(chooser(harness)?.scope == .matchingFields)
        harness.press(.character("1"), .character("d"))
        #expect(chooser(harness)?.scope == .exactCall && chooser(harness)?.duration == .day)
        harness.send(.key(.escape)) {
            $0.input = .none
            $0.status = StatusMessage("cancelled")
        }
    }

    @Test func theServersAgentIsMatchedByItsPrincipalNeverByTheNameItGaveItself() throws {
        var request = F.deploy
        request.agentPrincipalID = "principal-7"
        request.agentName = "deploy-bot\u{1B}[31m"
        let chooser = try RuleChooser.open(for: request).get()
        var agent = chooser
        _ = agent.press(.character("2"), now: F.start)
        #expect(try agent.draft(now: F.start).get().condition == #"user_id == "principal-7""#)
        let exact = try chooser.draft(now: F.start).get().condition
        #expect(exact.hasPrefix(#"user_id == "principal-7" && args == {"#))
        #expect(!exact.contains("deploy-bot"))
    }

    @Test func argumentsNoRuleCanMatchExactlyAreRefusedWithTheReason() {
        var request = F.deploy
        request.toolArgsText = #"{"count": 9223372036854775808}"#
        #expect(RuleChooser.open(for: request) == .failure(.unreadableArguments("integer 9223372036854775808 does not fit in 64 bits (at count)")))
        request.toolArgsText = #"{"a": 1, "a": 2}"#
        guard case .failure(.unreadableArguments(let why)) = RuleChooser.open(for: request) else {
            Issue.record("duplicate keys were accepted")
            return
        }
        #expect(why.contains("one key"))
        request.toolArgsText = #"{"price": {"eur": 0.1000000000000000000001}}"#
        #expect(RuleChooser.open(for: request) == .failure(.unreadableArguments(
            "number 0.1000000000000000000001 has more digits than a double holds, so a rule cannot match it exactly (at price.eur)")))
        request.toolArgsText = #"{"tiny": 1e-9223372036854775808}"#
        guard case .failure(.unreadableArguments(let tiny)) = RuleChooser.open(for: request) else {
            Issue.record("an exponent of Int64.min was accepted")
            return
        }
        #expect(tiny.contains("more digits than a double holds"))
        request.toolArgsText = #"{"price": 1.50, "n": 1e2}"#
        #expect((try? RuleChooser.open(for: request).get()) != nil, "a decimal that keeps its value can be matched")
    }

    @Test func hostileArgumentsAreShownInertAndSentAsEscapedCEL() throws {
        var request = F.deploy
        request.toolArgs = ["cmd": "ls\u{1B}[2J\u{202E}txt\" || true || \"", "note": "line\nbreak"]
        request.toolArgsText = nil
        var state = F.loaded(size: Size(columns: 100, rows: 30))
        _ = state.update(.snapshotArrived(requests: [request], executions: [], at: F.start))
        var harness = ConsoleHarness(state)
        harness.press(.character("s"), .character("3"), .character(" "))
        let rows = harness.screen()
        #expect(!rows.joined().unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E || $0 == "\n" })
        #expect(harness.shows(#"ls\u001b[2J⟨RLO⟩txt"#), "the agent's value is shown as JSON, controls escaped")
        let draft = try #require(chooser(harness)).draft(now: F.start).get()
        #expect(draft.condition.utf8.allSatisfy { (0x20...0x7E).contains($0) })
        let condition = try CELCondition(draft.condition)
        #expect(condition.matches(CELContext(args: request.toolArgs, toolName: "deploy_service", userID: nil, accountID: nil)) == .matched)
        #expect(condition.matches(CELContext(args: ["cmd": "ls", "note": "x"], toolName: "deploy_service", userID: nil, accountID: nil)) == .notMatched)
    }

    @Test func theChooserClosesWhenItsRequestLeavesTheQueue() {
        var harness = onDeploy()
        harness.press(.character("s"))
        _ = harness.state.update(.snapshotArrived(requests: [F.email], executions: F.executions, at: F.at(1)))
        #expect(harness.state.input == .none)
        #expect(harness.state.status?.text.hasPrefix("allow similar closed") == true)
    }

    @Test func readOnlyAndOfflineSessionsCannotMakeRules() {
        var readOnly = ConsoleHarness(F.loaded(readOnly: true))
        readOnly.send(.key(.character("s"))) {
            $0.status = StatusMessage("allow similar: read-only session", kind: .error)
        }
        var harness = onDeploy()
        harness.press(.character("s"), .enter)
        harness.send(.key(.character("s"))) {
            $0.status = StatusMessage("allow similar: already being decided", kind: .error)
        }
    }

    @Test func fromTheDetailTheNextRequestOpensOnConfirm() {
        var harness = onDeploy()
        harness.press(.enter)
        #expect(harness.state.detail.requestID == F.deploy.id)
        let effects = harness.press(.character("s"), .enter)
        #expect(effects.count == 1)
        #expect(harness.state.screen == .detail && harness.state.detail.requestID != F.deploy.id)
    }
}


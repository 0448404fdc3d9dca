import ApprovalModel
import Foundation
import Testing
@testable import ApprovalViewModels

private typealias F = ConsoleFixtures

/// The rules screen: the server's rules, revoking one after a `y`, and the console revoking the
/// rules it made on a server that keeps no expiry (Preloop) once their time is past.
@Suite struct RulesScreenTests {
    private static func rule(_ id: String, _ tool: String, expires: Date? = nil, inDescription: Date? = nil) -> AccessRule {
        var rule = AccessRule(
            id: id, action: "allow", conditionExpression: "args.a == 1", priority: 0,
            description: inDescription.map { "approval-tui allow similar: matching arguments; " + RuleExpiry.phrase($0) })
        rule.toolName = tool
        rule.expiresAt = expires
        return rule
    }

    @Test func fiveOpensTheRulesAndXRevokesTheFocusedOneAfterY() {
        var harness = ConsoleHarness(F.loaded())
        harness.send(.key(.character("5")), effects: [.fetchRules]) { $0.screen = .rules }
        #expect(harness.shows("loading rules…"))
        let rules = [Self.rule("r-2", "send_email", expires: F.at(3600)), Self.rule("r-1", "deploy_service")]
        harness.send(.rulesLoaded(.success(rules))) {
            $0.rules.rules = [rules[1], rules[0]]
            $0.rules.hasLoaded = true
            $0.rules.selection.focusedID = "r-1"
        }
        #expect(harness.shows("in 1h00m"))
        harness.send(.key(.character("x"))) { $0.input = .confirm(.revokeRule(id: "r-1", toolName: "deploy_service")) }
        #expect(harness.shows("Revoke this rule on deploy_service? y/N"))
        harness.send(.key(.character("y")), effects: [.revokeRule("r-1")]) {
            $0.input = .none
            $0.rules.revokingIDs = ["r-1"]
            $0.status = StatusMessage("revoking the rule…")
        }
        harness.send(.key(.character("x"))) { $0.status = StatusMessage("revoke rule: already being revoked", kind: .error) }
        harness.send(.ruleRevoked(id: "r-1", error: nil)) {
            $0.rules.revokingIDs = []
            $0.rules.rules = [rules[0]]
            $0.rules.selection.focusedID = "r-2"
            $0.status = StatusMessage("rule revoked")
        }
    }

    @Test func aRevokeTheServerRefusesKeepsTheRuleAndSaysWhy() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character("5"))
        _ = harness.state.update(.rulesLoaded(.success([Self.rule("r-1", "deploy_service")])))
        harness.press(.character("x"), .character("y"))
        harness.send(.ruleRevoked(id: "r-1", error: .forbidden(detail: "Not enough permissions"))) {
            $0.rules.revokingIDs = []
            $0.rules.unrevocableIDs = ["r-1"]
            $0.status = StatusMessage("could not revoke the rule: this token may not make rules (Not enough permissions)", kind: .error)
        }
        #expect(harness.state.rules.rules.count == 1)
        harness.press(.character("x"), .character("n"))
        #expect(harness.state.status == StatusMessage("cancelled"))
    }

    @Test func rulesTheConsoleMadeOnAServerWithoutExpiryAreRevokedOnceOverdue() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character("5"))
        let overdue = Self.rule("r-old", "deploy_service", inDescription: F.at(-1))
        let current = Self.rule("r-new", "deploy_service", inDescription: F.at(60))
        let serverKept = Self.rule("r-kept", "deploy_service", expires: F.at(-1), inDescription: F.at(-1))
        let effects = harness.state.update(.rulesLoaded(.success([overdue, current, serverKept])))
        #expect(effects == [.revokeRule("r-old")], "only a rule whose expiry lives in its description alone")
        #expect(harness.state.rules.revokingIDs == ["r-old"])
        #expect(harness.state.status == StatusMessage("revoking 1 expired rule the server keeps no expiry for…"))
        #expect(harness.shows("revoking"))
    }

    @Test func aWrittenExpiryThatPassesOnAnyScreenReadsTheRulesOnceAndRevokesIt() {
        var harness = ConsoleHarness(F.loaded())
        let soon = Self.rule("r-soon", "deploy_service", inDescription: F.at(30))
        _ = harness.state.update(.rulesLoaded(.success([soon])))
        #expect(harness.state.screen == .queue)
        #expect(harness.state.update(.snapshotArrived(requests: F.requests, executions: F.executions, at: F.at(10))) == [],
                "before the expiry nothing is read")
        #expect(harness.state.update(.snapshotArrived(requests: F.requests, executions: F.executions, at: F.at(31))) == [.fetchRules])
        #expect(harness.state.update(.tick(now: F.at(32))) == [], "asked once until the rules come")
        #expect(harness.state.update(.rulesLoaded(.success([soon]))) == [.revokeRule("r-soon")])
        #expect(harness.state.update(.tick(now: F.at(33))) == [], "a rule being revoked is not asked for again")
        // The server refuses the revoke: said once, not tried again every second.
        _ = harness.state.update(.ruleRevoked(id: "r-soon", error: .forbidden(detail: "no")))
        #expect(harness.state.update(.tick(now: F.at(34))) == [])
        #expect(harness.state.update(.rulesLoaded(.success([soon]))) == [], "a rule the server would not revoke is left to x")
        var readOnly = ConsoleHarness(F.loaded(readOnly: true))
        _ = readOnly.state.update(.rulesLoaded(.success([soon])))
        #expect(readOnly.state.update(.tick(now: F.at(40))) == [], "a read-only session changes nothing")
    }

    @Test func aRuleTheConsoleJustMadeIsWatchedForItsWrittenExpiry() throws {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character("j"), .character("s"), .character("h"))
        let effects = harness.press(.enter)
        guard case .createAllowRule(let draft)? = effects.first else { Issue.record("no rule effect"); return }
        let made = AccessRule(id: "rule-1", action: "allow", description: draft.description)
        _ = harness.state.update(.allowRuleFinished(draft, .success(made)))
        #expect(harness.state.update(.tick(now: F.at(3_601))) == [.fetchRules], "an hour later the console checks the rule")
    }

    @Test func onlyOverdueAllowRulesAreRevokedAndNeverFromAReadOnlySession() {
        var deny = Self.rule("r-deny", "deploy_service", inDescription: F.at(-1))
        deny.action = "deny"
        let overdue = Self.rule("r-old", "deploy_service", inDescription: F.at(-1))
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character("5"))
        #expect(harness.state.update(.rulesLoaded(.success([deny, overdue]))) == [.revokeRule("r-old")],
                "a deny rule whose description looks like ours is left alone")
        var readOnly = ConsoleHarness(F.loaded(readOnly: true))
        readOnly.press(.character("5"))
        #expect(readOnly.state.update(.rulesLoaded(.success([overdue]))) == [])
        #expect(readOnly.state.rules.revokingIDs.isEmpty)
    }

    @Test func theListSaysWhyItCouldNotBeReadAndReadOnlyCannotRevoke() {
        var harness = ConsoleHarness(F.loaded(readOnly: true))
        harness.press(.character("5"))
        _ = harness.state.update(.rulesLoaded(.failure(.forbidden(detail: "Not enough permissions"))))
        #expect(harness.shows("rules could not be read: not allowed"))
        harness.send(.key(.character("x"))) { $0.status = StatusMessage("revoke rule: read-only session", kind: .error) }
    }

    @Test func theRulesCommandAndRefreshReadThemAgain() {
        var harness = ConsoleHarness(F.loaded())
        harness.press(.character(":"))
        harness.type("rules")
        #expect(harness.press(.enter) == [.fetchRules])
        #expect(harness.press(.character("r")) == [.fetchQueue, .fetchRules])
    }
}

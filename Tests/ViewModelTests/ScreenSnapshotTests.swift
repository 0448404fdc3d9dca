import ApprovalModel
import Foundation
import Testing
@testable import ApprovalViewModels

/// Golden snapshots of every screen at 120×40, 80×24 and 40×12 (text and style roles).
@Suite struct ScreenSnapshotTests {
    static let sizes = [Size(columns: 120, rows: 40), Size(columns: 80, rows: 24), Size(columns: 40, rows: 12)]

    private func check(_ screen: String, _ name: String, readOnly: Bool = false,
                       sourceLocation: SourceLocation = #_sourceLocation, _ setUp: (inout ConsoleHarness) -> Void)
    {
        for size in Self.sizes {
            var harness = ConsoleHarness(ConsoleFixtures.loaded(size: size, readOnly: readOnly))
            setUp(&harness)
            SnapshotAssertion.assertMatches(renderScreen(harness.state, size: size), screen: screen, name: name,
                                            sourceLocation: sourceLocation)
        }
    }

    @Test func queueWithCountdownsStaleAndMarks() {
        check("Queue", "live") { harness in
            harness.press(.down, .character(" "))
            _ = harness.state.update(.tick(now: ConsoleFixtures.at(5)))
        }
    }

    @Test func queueOfflineShowsLastKnownRequestsDimmed() {
        check("Queue", "offline") { harness in
            _ = harness.state.update(.tick(now: ConsoleFixtures.at(30)))
            _ = harness.state.update(.connectionChanged(.offline(
                since: ConsoleFixtures.at(30), lastError: .unreachable(server: "preloop.example", reason: "connection refused"))))
        }
    }

    @Test func queueEmptyAndLive() {
        check("Queue", "empty") { harness in
            _ = harness.state.update(.snapshotArrived(requests: [], executions: [], at: ConsoleFixtures.at(1)))
        }
    }

    @Test func queueEmptyOnTheEmbeddedServerExplainsHowAnAgentStarts() {
        check("Queue", "empty-onboarding") { harness in
            harness.state.onboarding = Onboarding(
                serverURL: "http://127.0.0.1:8600", agentTokenPath: "/home/ada/.local/state/approval-tui/server/agent.token")
            _ = harness.state.update(.snapshotArrived(requests: [], executions: [], at: ConsoleFixtures.at(1)))
        }
    }

    @Test func queueFiltered() {
        check("Queue", "filtered") { harness in
            harness.press(.character("/"))
            harness.type("dep")
        }
    }

    @Test func queueReadOnlyRefusesApproval() {
        check("Queue", "read-only", readOnly: true) { harness in
            harness.press(.character("a"))
        }
    }

    @Test func queueAlreadyDecidedElsewhere() {
        check("Queue", "decided-elsewhere") { harness in
            harness.press(.character("a"))
            _ = harness.state.update(.decisionFinished(requestID: "req-deploy", .failure(.alreadyDecided(status: .approved))))
        }
    }

    @Test func detailWithJustification() {
        check("Detail", "justification") { harness in
            harness.press(.down, .enter)
        }
    }

    @Test func detailEscapesInJustificationAreBadges() {
        check("Detail", "escape-in-justification") { harness in
            harness.press(.character("G"), .enter)
        }
    }

    @Test func detailWithoutJustification() {
        check("Detail", "no-justification") { harness in
            harness.press(.enter)
        }
    }

    @Test func detailWithWideCharacters() {
        check("Detail", "wide-characters") { harness in
            harness.press(.down, .down, .enter)
        }
    }

    @Test func denyConfirmationPrompt() {
        check("Prompt", "confirm-deny") { harness in
            harness.press(.down, .character("d"))
        }
    }

    @Test func commentPrompt() {
        check("Prompt", "comment") { harness in
            harness.press(.down, .character("d"), .character("y"))
            harness.type("not during the freeze")
        }
    }

    @Test func bulkConfirmation() {
        check("Prompt", "bulk-approve") { harness in
            harness.press(.character(" "), .character(" "), .character("a"))
        }
    }

    @Test func unknownCommandMessage() {
        check("Prompt", "unknown-command") { harness in
            harness.press(.character(":"))
            harness.type("fly")
            harness.press(.enter)
        }
    }

    @Test func policies() {
        check("Policies", "list") { harness in
            harness.press(.character("3"), .down)
        }
    }

    @Test func flows() {
        check("Flows", "list") { harness in
            harness.press(.character("2"))
            _ = harness.state.update(.tick(now: ConsoleFixtures.at(42)))
        }
    }

    @Test func journal() {
        check("Journal", "list") { harness in
            harness.press(.character(":"))
            harness.type("journal")
            harness.press(.enter)
            _ = harness.state.update(.journalLoaded(.success(ConsoleFixtures.journal)))
            harness.press(.down)
        }
    }

    @Test func history() {
        check("History", "decided") { harness in
            harness.press(.character("4"))
            var approved = ConsoleFixtures.decided(ConsoleFixtures.deploy, .approved)
            approved.resolvedAt = ConsoleFixtures.at(42)
            approved.approverComment = "ship it"
            approved.votes = [ApprovalVote(principal: "alice", approved: true, source: .console, comment: "ship it",
                                           at: ConsoleFixtures.at(42))]
            var declined = ConsoleFixtures.decided(ConsoleFixtures.email, .declined)
            declined.resolvedAt = ConsoleFixtures.at(95)
            declined.approverComment = "not \u{1B}[2Jtoday"
            _ = harness.state.update(.historyLoaded(.success([approved, declined, ConsoleFixtures.decided(ConsoleFixtures.delete, .expired)])))
        }
    }

    @Test func allowSimilarChooser() {
        check("Rules", "chooser") { harness in
            while harness.state.queue.focusedRequest?.id != ConsoleFixtures.deploy.id { harness.press(.down) }
            harness.press(.character("s"), .character("3"), .character(" "), .down, .down, .character(" "), .character("h"))
        }
    }

    @Test func rulesScreen() {
        check("Rules", "listed") { harness in
            harness.press(.character("5"))
            var made = AccessRule(
                id: "3f0c9a2e-1b7d-4c55-9e21-6a8f0d2b7c11", action: "allow",
                conditionExpression: #"args == {"env": "prod-eu", "service": "checkout"}"#, priority: -1,
                description: "approval-tui allow similar: this exact call; expires 2026-11-26T14:00:00Z")
            made.toolName = "deploy_service"
            made.createdBy = "alice"
            made.expiresAt = ConsoleFixtures.at(86_400)
            made.decidedCount = 3
            var hostile = AccessRule(
                id: "9d1e4b70-5a2c-4f3e-8b61-0c7d2e9a4f58", action: "deny", conditionExpression: "args.table == \"users\u{1B}[2J\"",
                priority: 0, description: nil, isEnabled: true)
            hostile.toolName = "delete_records\u{202E}"
            var preloop = AccessRule(id: "5b2a7c19-0e4d-4a86-b3f1-7d9c2e6a0b34", action: "require_approval",
                                     conditionExpression: nil, priority: 10)
            preloop.toolName = "send_email"
            _ = harness.state.update(.rulesLoaded(.success([made, hostile, preloop])))
        }
    }

    @Test func journalWithoutALocalStore() {
        check("Journal", "unavailable") { harness in
            harness.press(.character(":"))
            harness.type("jo")
            harness.press(.enter)
            _ = harness.state.update(.journalLoaded(.failure(
                .cannotOpen(path: "/home/alice/.local/state/approval-tui/state.sqlite", reason: "disk I/O error"))))
        }
    }

    @Test func logWithMarkerSentinelAndSearch() {
        check("Log", "search") { harness in
            harness.press(.character("2"), .enter)
            let lines = ["cloning repository", "PRELOOP_AGENT_EXEC_START", "agent: reading FLOW_EXECUTION_SUCCESS docs",
                         "running tests\u{1B}[32m ok\u{1B}[0m", "error: flaky test retried", "FLOW_EXECUTION_SUCCESS"]
            let entries = lines.enumerated().map { index, line in
                LogEntry.line(line, executionID: "exe-nightly", at: ConsoleFixtures.at(Double(index)))
            }
            _ = harness.state.update(.logLines(executionID: "exe-nightly", entries))
            harness.press(.character("/"))
            harness.type("test")
            harness.press(.enter)
        }
    }

    @Test func helpOverlay() {
        check("Help", "queue") { harness in
            harness.press(.character("?"))
        }
    }

    @Test func helpOverlayReadOnly() {
        check("Help", "queue-read-only", readOnly: true) { harness in
            harness.press(.character("?"))
        }
    }

    @Test func tooSmallTerminalShowsOneLine() {
        let size = Size(columns: 39, rows: 11)
        SnapshotAssertion.assertMatches(renderScreen(ConsoleFixtures.loaded(size: size), size: size),
                                        screen: "TooSmall", name: "message")
    }
}

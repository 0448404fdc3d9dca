import ApprovalModel
import Foundation
import Testing
@testable import ApprovalViewModels

/// The empty-queue hint for the embedded server.
@Suite struct OnboardingTests {
    private func screen(_ onboarding: Onboarding, size: Size = Size(columns: 80, rows: 24)) -> [String] {
        var state = ConsoleState(serverName: "local", size: size, now: ConsoleFixtures.start)
        state.onboarding = onboarding
        _ = state.update(.snapshotArrived(requests: [], executions: [], at: ConsoleFixtures.start))
        return renderScreen(state, size: size).textRows()
    }

    @Test func aPathWithSpacesIsQuotedForTheShell() {
        let hint = Onboarding(serverURL: "http://127.0.0.1:8600", agentTokenPath: "/home/a b/it's/agent.token")
        #expect(hint.lines.contains("  TOKEN=$(cat '/home/a b/it'\\''s/agent.token')"))
    }

    @Test func everyLineFitsEightyColumnsWithAShortPath() {
        let hint = Onboarding(serverURL: "http://127.0.0.1:8600", agentTokenPath: "/home/ada/.local/state/approval-tui/server/agent.token")
        #expect(hint.lines.allSatisfy { $0.count <= 78 })
    }

    @Test func escapesInThePathAreShownAsBadgesNotSent() {
        let rows = screen(Onboarding(serverURL: "http://127.0.0.1:8600", agentTokenPath: "/tmp/\u{1B}]0;owned\u{07}/agent.token"))
        #expect(rows.contains { $0.contains("␛]0;owned") })
        #expect(!rows.joined().unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }

    @Test func theHintHidesWhileAFilterFindsNothing() {
        var state = ConsoleState(serverName: "local", size: Size(columns: 80, rows: 24), now: ConsoleFixtures.start)
        state.onboarding = Onboarding(serverURL: "http://127.0.0.1:8600", agentTokenPath: "/t/agent.token")
        _ = state.update(.snapshotArrived(requests: [], executions: [], at: ConsoleFixtures.start))
        state.queue.selection.filter = "deploy"
        let rows = renderScreen(state, size: state.size).textRows()
        #expect(!rows.contains { $0.contains("first tool call") })
    }
}

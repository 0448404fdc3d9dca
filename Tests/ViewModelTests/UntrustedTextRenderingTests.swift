import ApprovalModel
import Foundation
import Testing
@testable import ApprovalViewModels

/// Every screen, fed hostile server text in every field, puts no live control on the terminal.
@Suite struct UntrustedTextRenderingTests {
    typealias F = ConsoleFixtures

    static let hostile = "x\u{1B}]52;c;cm0gLXJm\u{07}\u{1B}[2J\u{1B}]0;owned\u{1B}\\\u{9B}31m\u{202E}\u{2066}\u{200B}\u{FEFF}\u{E0041}\u{7}\u{8}\r\u{7F}\u{85}y"

    private func isDangerous(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || (0xE0000...0xE007F).contains(value)
            || Sanitizer.invisibleNames[value] != nil
    }

    private func hostileState(size: Size) -> ConsoleState {
        let request = ApprovalRequest(
            id: "req-\(Self.hostile)", toolConfigurationID: Self.hostile, approvalPolicyID: "pol-evil",
            executionID: "exe-evil", toolName: "tool" + Self.hostile, toolArgs: ["arg": .string(Self.hostile), Self.hostile: 1],
            agentReasoning: Self.hostile + "\n" + Self.hostile, requestedAt: F.at(-5), expiresAt: F.at(60))
        let execution = FlowExecution(id: "exe-evil", flowID: "f", flowName: "flow" + Self.hostile, status: .failed,
                                      startTime: F.at(-9), endTime: F.at(-1), errorMessage: Self.hostile)
        let policy = ApprovalPolicy(id: "pol-evil", name: "policy" + Self.hostile, justificationMode: Self.hostile,
                                    tools: [Self.hostile])
        var state = ConsoleState(serverName: "srv" + Self.hostile, userName: "me" + Self.hostile, size: size, now: F.start)
        _ = state.update(.policiesLoaded(.success([policy])))
        _ = state.update(.snapshotArrived(requests: [request], executions: [execution], at: F.start))
        return state
    }

    @Test func noScreenLetsAControlThrough() {
        for size in ScreenSnapshotTests.sizes {
            var screens: [ConsoleState] = []
            var state = hostileState(size: size)
            screens.append(state)
            _ = state.update(.key(.enter))
            screens.append(state)
            _ = state.update(.key(.character("d")))
            screens.append(state)
            _ = state.update(.key(.escape))
            _ = state.update(.key(.character("q")))
            _ = state.update(.key(.character("3")))
            screens.append(state)
            _ = state.update(.key(.character("2")))
            screens.append(state)
            _ = state.update(.key(.enter))
            _ = state.update(.logLines(executionID: "exe-evil", [LogEntry.line(Self.hostile, executionID: "exe-evil", at: F.start)]))
            screens.append(state)
            for key in ":journal\r" { _ = state.update(.key(key == "\r" ? .enter : .character(key))) }
            _ = state.update(.journalLoaded(.success([JournalEntry(
                id: 1, requestID: "req-\(Self.hostile)", toolName: "tool" + Self.hostile, verdict: .decline,
                comment: Self.hostile, server: "srv" + Self.hostile, createdAt: F.start, completedAt: nil,
                outcome: .failed, errorText: Self.hostile)])))
            screens.append(state)
            _ = state.update(.fetchFailed(.serverError(status: 500, detail: Self.hostile), at: F.at(1)))
            _ = state.update(.key(.character(":")))
            for c in "theme \u{1B}[2J" { _ = state.update(.key(.character(c))) }
            screens.append(state)
            for screen in screens {
                let frame = renderScreen(screen, size: size)
                for cell in frame.cells {
                    #expect(!cell.text.unicodeScalars.contains(where: isDangerous), "cell \(cell) on \(screen.screen) \(size)")
                }
            }
        }
    }

    /// The buffer also drops any zero-width cluster (controls included), a second line of
    /// defence; this test checks that the Sanitizer's visible forms are what reaches the screen.
    @Test func neutralisedTextIsFlaggedWithTheBadgeRole() {
        var state = hostileState(size: Size(columns: 120, rows: 40))
        _ = state.update(.key(.enter))
        let frame = renderScreen(state, size: state.size)
        #expect(frame.cells.contains { $0.role == .untrustedBadge })
        #expect(frame.cells.contains { $0.role == .control })
        let rows = frame.textRows()
        #expect(rows.contains { $0.contains("hidden controls shown as badges") })
        // Each class shows as its visible form where the justification is framed.
        let justification = try! #require(rows.first { $0.contains("│ x␛]52") })
        for visible in ["␛]52;c;cm0gLXJm", "␛[2J", "␛]0;owned", "␛[31m", "⟨RLO⟩", "⟨LRI⟩", "⟨ZWSP⟩", "⟨BOM⟩",
                        "⟨TAG \"A\"⟩", "␇", "␈", "␍", "␡", "\\x85"] {
            #expect(justification.contains(visible), "\(visible) not shown")
        }
        // The whole clipboard sequence is one badge, not a neutralised ESC followed by live-looking text.
        let y = try! #require(rows.firstIndex(of: justification))
        let x = try! #require(justification.range(of: "␛]52")).lowerBound.utf16Offset(in: justification)
        let badge = (x..<(x + 15)).map { frame[$0, y].role }
        #expect(badge.allSatisfy { $0 == .untrustedBadge }, "\(badge)")
    }

    @Test func offlineBeforeAnyAnswerSaysNothingIsKnownRatherThanEmpty() {
        var state = F.state()
        _ = state.update(.connectionChanged(.offline(since: F.at(3), lastError: .unreachable(server: "s", reason: "refused"))))
        let rows = renderScreen(state, size: state.size).textRows()
        #expect(rows.contains { $0.contains("offline since 14:00:03: no requests known yet") })
        #expect(!rows.contains { $0.contains("Nothing is waiting") })
    }
}

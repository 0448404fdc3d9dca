import ApprovalModel
import Foundation
import Testing
@testable import ApprovalViewModels

private typealias F = ConsoleFixtures

/// Issue 15, "say what is wrong": while the server fails, the status line names the cause in a
/// few words, so an approver knows whether to fix a token or wait for the network.
@Suite struct StatusLineCauseTests {
    @Test(arguments: [
        (ClientError.unauthorized(detail: "Invalid authentication credentials"), "token refused"),
        (.forbidden(detail: "Not enough permissions"), "not allowed"),
        (.unreadableResponse(path: "/api/v1/approval-requests", reason: "not JSON"), "bad answer from the server"),
        (.timedOut(server: "s", seconds: 5), "timed out"),
        (.unreachable(server: "s", reason: "refused"), "unreachable"),
        (.serverError(status: 502, detail: "<html>Bad Gateway</html>"), "server error 502"),
    ])
    func theStatusLineNamesWhyTheServerFails(error: ClientError, words: String) {
        var harness = ConsoleHarness(F.loaded(size: Size(columns: 120, rows: 40)))
        _ = harness.state.update(.connectionChanged(.offline(since: F.at(30), lastError: error)))
        #expect(harness.shows("offline since 14:00:30: \(words)"))
        _ = harness.state.update(.connectionChanged(.failing(since: F.at(30), lastError: error, attempts: 3)))
        #expect(harness.shows("retrying since 14:00:30 (3): \(words)"))
        // The server's own text (an HTML page, a detail) never reaches the status line.
        #expect(!harness.shows("<html>"))
    }

    /// `:status` (and `?`) shows the last error in full, sanitized, even after the server recovered.
    @Test func statusShowsTheLastErrorInFullAndSanitizedAfterRecovery() {
        var harness = ConsoleHarness(F.loaded(size: Size(columns: 80, rows: 30)))
        let hostile = ClientError.serverError(status: 502, detail: "<html>Bad \u{1B}[2J\u{1B}]0;pwned\u{07}Gateway</html>")
        _ = harness.state.update(.connectionChanged(.failing(since: F.at(30), lastError: hostile, attempts: 1)))
        _ = harness.state.update(.connectionChanged(.live(since: F.at(40))))
        harness.type(":status")
        harness.press(.enter)
        #expect(harness.shows("Help: Queue"))
        #expect(harness.shows("server preloop.example: live since 14:00:40"))
        #expect(harness.shows("last error at 14:00:30: the server failed (HTTP 502):"))
        #expect(harness.shows("Gateway</html>"))
        let screen = renderScreen(harness.state, size: harness.state.size).textRows().joined(separator: "\n")
        #expect(!screen.contains("\u{1B}") && !screen.contains("\u{07}"))
        harness.press(.escape)
        #expect(!harness.shows("Help: Queue"))
    }

    /// In the narrowest console (40 columns) the error is wrapped into the box, not cut at its edge.
    @Test func aLongErrorWrapsInANarrowTerminal() {
        var harness = ConsoleHarness(F.loaded(size: Size(columns: 40, rows: 30)))
        _ = harness.state.update(.connectionChanged(.offline(since: F.at(30), lastError: .unauthorized(detail: "expired"))))
        harness.press(.character("?"))
        #expect(harness.shows("(expired);"))
        #expect(harness.shows("PRELOOP_TOKEN"))
    }
}

import ApprovalClient
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
}

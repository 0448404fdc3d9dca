import ApprovalClient
import ApprovalModel
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A decision sent while the server is down is journalled, then settled by asking the server
/// when it is back — never sent a second time behind the approver's back.
@Suite(.serialized)
struct InterruptedDecisionE2ETests {
    @Test func aDecisionLostToAServerStopIsJournalledAndRecheckedNotResent() async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let sandbox = try E2ESandbox()
        defer { sandbox.remove() }
        let first = try await sandbox.serve()
        defer { first.signal(SIGKILL) }
        let line = sandbox.output("serve", "out").split(separator: "\n").first { $0.hasPrefix("listening on http://") }
        let url = try #require(line.map { String($0.dropFirst("listening on ".count)) })
        let port = try #require(url.split(separator: ":").last.map(String.init))

        let created = try await sandbox.run([
            "request", "--tool", "purge_queue", "--args", #"{"queue":"emails"}"#, "--justification", "backlog", "--json",
        ])
        let requestID = try #require(
            try JSONDecoder().decode(JSONValue.self, from: Data(created.stdout.utf8))["request_id"]?.stringValue,
            "request printed: \(created.stdout) \(created.stderr)")

        let approverToken = sandbox.serverDirectory.appendingPathComponent("approver.token").path
        var environment = sandbox.environment
        environment["TERM"] = "xterm-256color"
        environment["LANG"] = "C.UTF-8"
        let console = try TmuxDriver(
            arguments: [BuiltBinary.url.path, "--server", url, "--token-file", approverToken], environment: environment)
        defer { console.stop() }
        try await console.waitForRow(containing: "purge_queue")

        // The server dies; the approver presses `a` before the console has noticed.
        first.signal(SIGKILL)
        _ = try await first.exitStatus()
        try console.press("a")
        try await console.waitForRow(containing: "cannot reach", timeout: .seconds(30))

        // It comes back on the same port and folder; the console reconnects and re-checks.
        let second = try sandbox.launch(["serve", "--port", port], label: "serve-again")
        defer { second.signal(SIGKILL) }
        try await E2ESandbox.waitUntil("the restarted server") { sandbox.output("serve-again", "out").contains("listening on") }
        try console.press("r")
        try await console.waitForRow(containing: "re-checked", timeout: .seconds(30))

        // The request still waits: the lost approval was not re-sent.
        let listed = try await sandbox.run(["list", "--server", url, "--token-file", approverToken, "--json"])
        #expect(listed.stdout.contains(requestID))

        let journal = try await sandbox.run(["journal", "--json"])
        #expect(journal.status == 0, "journal: \(journal.stderr)")
        let entries = try JSONDecoder().decode(JSONValue.self, from: Data(journal.stdout.utf8))
        guard case .array(let list) = entries, let entry = list.first else {
            Issue.record("no journal entry: \(journal.stdout)")
            return
        }
        #expect(entry["request_id"]?.stringValue == requestID)
        #expect(entry["decision"]?.stringValue == "approve")
        #expect(entry["outcome"]?.stringValue == "failed")
        #expect(entry["error"]?.stringValue?.contains("never arrived") == true)
    }
}

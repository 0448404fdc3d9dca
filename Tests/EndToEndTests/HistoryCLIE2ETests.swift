import ApprovalClient
import ApprovalModel
import Foundation
import Testing

/// `approval-tui history` against the real local server: what was decided, by whom, filtered.
@Suite(.serialized)
struct HistoryCLIE2ETests {
    @Test func historyListsDecisionsNewestFirstWithWhoDecidedAndFilters() async throws {
        let fixture = try await LocalServerFixture()
        defer { Task { await fixture.stop() } }
        let sandbox = try E2ESandbox()
        defer { sandbox.remove() }
        let restart = try #require(try await fixture.submitToolCall("restart_cache", args: [:], justification: "stale prices"))
        let delete = try #require(try await fixture.submitToolCall("delete_records", args: [:], justification: "retention"))
        _ = try await fixture.submitToolCall("still_waiting", args: [:], justification: "later")
        let client = try fixture.approverClient()
        _ = try await client.decide(id: restart, verdict: .approve, comment: "ok")
        try await Task.sleep(for: .milliseconds(1_100))  // resolved_at is kept to the second
        _ = try await client.decide(id: delete, verdict: .decline, comment: "not today")
        let connection = ["--server", fixture.url, "--token-file", fixture.approverTokenFile]

        let all = try await sandbox.run(["history"] + connection)
        #expect(all.status == 0, "history: \(all.stderr)")
        let rows = all.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first?.hasPrefix("DECIDED") == true)
        let declined = try #require(rows.firstIndex { $0.contains("delete_records") && $0.contains("declined") && $0.contains("not today") })
        let approved = try #require(rows.firstIndex { $0.contains("restart_cache") && $0.contains("approved") })
        #expect(declined < approved, "newest decision first")
        #expect(!all.stdout.contains("still_waiting"), "a pending request is not history")

        let onlyApproved = try await sandbox.run(["history", "--status", "approved", "--json"] + connection)
        let decoded = try JSONSerialization.jsonObject(with: Data(onlyApproved.stdout.utf8)) as? [[String: Any]]
        #expect(decoded?.map { $0["tool_name"] as? String } == ["restart_cache"])

        let recent = try await sandbox.run(["history", "--since", "1h"] + connection)
        #expect(recent.stdout.contains("restart_cache"))
        let refused = try await sandbox.run(["history", "--since", "forever"] + connection)
        #expect(refused.status != 0 && refused.stderr.contains("is not a duration"))
        let unknown = try await sandbox.run(["history", "--status", "pending"] + connection)
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown status"))
    }
}

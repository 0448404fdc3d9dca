import ApprovalClient
import ApprovalModel
import Foundation
import Testing

/// "Never ask me this again today" in two keys, in the real console in tmux against the real
/// local server: the rule approves the request on screen, the next identical call is approved
/// without a person, and history and the rules screen name the rule; `rules` for scripts.
@Suite(.serialized)
struct AllowSimilarE2ETests {
    @Test func twoKeysMakeTheRuleAndTheNextIdenticalCallIsApprovedWithoutAPerson() async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let fixture = try await LocalServerFixture()
        defer { Task { await fixture.stop() } }
        let args: JSONValue = ["service": "api", "region": "eu \"west\"\n"]
        var ids: [String] = []
        for _ in 0..<3 {
            ids.append(try #require(try await fixture.submitToolCall("restart_cache", args: args, justification: "stale prices")))
        }
        _ = try await fixture.submitToolCall("other_tool", args: [:], justification: "unrelated")

        let console = try TmuxDriver(arguments: fixture.consoleArguments(), environment: fixture.consoleEnvironment)
        defer { console.stop() }
        try await console.waitForRow(containing: "4 pending")
        try await console.focusRow(containing: "restart_cache")
        try console.press("s")
        try await console.waitForRow(containing: "Allow similar · restart_cache")
        try await console.waitForRow(containing: "1 this exact call")
        try console.press("Enter")
        try await console.waitForRow(containing: "approved restart_cache")
        try await console.waitForRow(containing: "3 pending")

        // The same call again: approved by the rule, no person asked.
        let again = try #require(try await fixture.submitToolCall("restart_cache", args: args, justification: "stale prices"))
        let client = try fixture.approverClient()
        let decided = try await client.approvalRequest(id: again)
        #expect(decided.status == .approved)
        let rule = try #require(decided.decidedByRule)
        #expect(rule.createdBy == "approver")
        // Other arguments, or another tool, still wait for a person.
        let different = try #require(try await fixture.submitToolCall("restart_cache", args: ["service": "db"], justification: "x"))
        #expect(try await client.approvalRequest(id: different).status == .pending)

        try console.press("4")
        try await console.waitForRow(containing: "History")
        try await console.waitForRow(containing: "rule \(rule.id.prefix(8)) by approver")

        try console.press("5")
        try await console.waitForRow(containing: "Rules · 1")
        let row = try await console.waitForRow(containing: "restart_cache")
        #expect(row.contains("allow") && row.contains("approver") && (row.contains("in 23h") || row.contains("in 1d")), "\(row)")

        // Scripts see the same rule, and revoking it makes the next call wait again.
        let sandbox = try E2ESandbox()
        defer { sandbox.remove() }
        let connection = ["--server", fixture.url, "--token-file", fixture.approverTokenFile]
        let listed = try await sandbox.run(["rules", "list", "--json"] + connection)
        #expect(listed.status == 0, "rules list: \(listed.stderr)")
        let rules = try JSONDecoder.preloop().decode([AccessRule].self, from: Data(listed.stdout.utf8))
        #expect(rules.map(\.id) == [rule.id])
        #expect(rules.first?.decidedCount == 1, "the call it approved without a person (the first was approved by the approver)")
        let table = try await sandbox.run(["rules"] + connection)
        #expect(table.stdout.contains("restart_cache") && table.stdout.contains(rule.id))
        let revoked = try await sandbox.run(["rules", "revoke", rule.id] + connection)
        #expect(revoked.status == 0 && revoked.stdout.contains("revoked rule \(rule.id)"), "\(revoked.stderr)")
        let twice = try await sandbox.run(["rules", "revoke", rule.id] + connection)
        #expect(twice.status != 0, "revoking a revoked rule fails")
        let bogus = try await sandbox.run(["rules", "revoke", "../../etc"] + connection)
        #expect(bogus.status != 0 && bogus.stderr.contains("is not a rule id"))
        let after = try #require(try await fixture.submitToolCall("restart_cache", args: args, justification: "stale prices"))
        #expect(try await client.approvalRequest(id: after).status == .pending)
    }
}

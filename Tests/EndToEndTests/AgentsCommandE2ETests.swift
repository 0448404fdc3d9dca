import ApprovalModel
import Foundation
import Testing

/// `approval-tui agents` as a user runs it: a home with two agents' settings, one wired to the
/// gateway and one to a Preloop, a hostile server name, and a folder moved by its variable.
@Suite struct AgentsCommandE2ETests {
    @Test func theTableAndTheJSONSayWhichAgentIsWiredWhereAndNothingIsWritten() async throws {
        let sandbox = try E2ESandbox()
        defer { sandbox.remove() }
        let home = sandbox.root.path
        let claude = #"{"mcpServers": {"approval": {"command": "approval-tui", "args": ["mcp"]}}}"#
        let codex = "[mcp_servers.\"team\\u001B]52;c;eA==\\u0007\"]\nurl = \"https://preloop.example.com/mcp/v1\"\n"
        try claude.write(toFile: home + "/.claude.json", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: home + "/codex-home", withIntermediateDirectories: true)
        try codex.write(toFile: home + "/codex-home/config.toml", atomically: true, encoding: .utf8)
        let extra = ["HOME": home, "CODEX_HOME": home + "/codex-home"]

        let table = try await sandbox.run(["agents"], extra: extra)
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("claude-code") && $0.contains("~/.claude.json") && $0.contains("wired to the approval gateway (server \"approval\")") },
                "\(table.stdout)")
        #expect(lines.contains { $0.hasPrefix("codex") && $0.contains("wired to a Preloop at preloop.example.com") })
        #expect(lines.contains { $0.hasPrefix("cursor") && $0.contains("no settings file found") })
        #expect(!table.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "a hostile server name is inert")

        let json = try await sandbox.run(["agents", "--json"], extra: extra)
        #expect(json.status == 0)
        let parsed = try JSONDecoder().decode(JSONValue.self, from: Data(json.stdout.utf8))
        guard case .array(let items) = parsed else { Issue.record("not an array: \(json.stdout)"); return }
        let found = items.filter { $0["found"] == .bool(true) }
        #expect(Set(found.compactMap { $0["agent"]?.stringValue }) == ["claude-code", "codex"])
        #expect(found.first { $0["agent"]?.stringValue == "codex" }?["wired"]?.stringValue == "preloop")
        #expect(try String(contentsOfFile: home + "/.claude.json", encoding: .utf8) == claude, "nothing is written")
    }
}

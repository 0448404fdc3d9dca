import ApprovalModel
import Foundation
import Testing
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

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

    @Test func connectWritesTheAgentsOwnFileKeepsABackupAndDisconnectGivesItBack() async throws {
        let sandbox = try E2ESandbox()
        defer { sandbox.remove() }
        let home = sandbox.root.path
        let path = home + "/.claude.json"
        let original = "{\n  \"numStartups\": 3,\n  \"mcpServers\": {\n    \"memory\": {\"command\": \"npx\"}\n  }\n}\n"
        // Kept in a dotfiles folder and linked into place, with a mode that is not the default.
        try FileManager.default.createDirectory(atPath: home + "/dotfiles", withIntermediateDirectories: true)
        let real = home + "/dotfiles/claude.json"
        try original.write(toFile: real, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: real)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: real)
        let extra = ["HOME": home]

        let dry = try await sandbox.run(["agents", "connect", "claude-code", "--dry-run"], extra: extra)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("+    \"approval\": {\"type\": \"stdio\", \"command\": "), "\(dry.stdout)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == original, "a dry run writes nothing")

        let connect = try await sandbox.run(["agents", "connect", "claude-code"], extra: extra)
        #expect(connect.status == 0 && connect.stdout.contains("now goes through the approval gateway"), "\(connect.stderr)")
        #expect(try String(contentsOfFile: real + ".approval-tui-backup", encoding: .utf8) == original)
        #expect(try FileManager.default.attributesOfItem(atPath: real + ".approval-tui-backup")[.posixPermissions] as? Int == 0o600,
                "the backup is the owner's only")
        let mode = try FileManager.default.attributesOfItem(atPath: real)[.posixPermissions] as? Int
        #expect(mode == 0o640, "the file keeps its mode")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: path) == real, "the link stays a link")
        let listed = try await sandbox.run(["agents"], extra: extra)
        #expect(listed.stdout.contains("wired to the approval gateway (server \"approval\")"), "\(listed.stdout)")
        let again = try await sandbox.run(["agents", "connect", "claude-code"], extra: extra)
        #expect(again.status == 0 && again.stdout.contains("already goes through the approval gateway"))

        let disconnect = try await sandbox.run(["agents", "disconnect", "claude-code"], extra: extra)
        #expect(disconnect.status == 0, "\(disconnect.stderr)")
        #expect(try String(contentsOfFile: real, encoding: .utf8) == original, "round trip")

        let unknown = try await sandbox.run(["agents", "connect", "nano\u{1B}[2J"], extra: extra)
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown agent") && !unknown.stderr.contains("\u{1B}"))
        let fresh = try await sandbox.run(["agents", "connect", "codex"], extra: extra)
        #expect(fresh.status == 0, "\(fresh.stderr)")
        let codex = try String(contentsOfFile: home + "/.codex/config.toml", encoding: .utf8)
        #expect(codex.hasPrefix("[mcp_servers.approval]\ncommand = \"/") && codex.hasSuffix("args = [\"mcp\"]\n"), "\(codex)")
    }
}

/// `agents connect NAME --http`: the entry a real agent would read reaches the local server's
/// gateway with the agent token from its environment, and nothing secret is written.
@Suite struct AgentsConnectHTTPE2ETests {
    @Test func theWrittenEntryReachesTheGatewayOnlyWithTheTokenFromTheEnvironment() async throws {
        let server = try await LocalServerFixture(gateway: true)
        defer { Task { await server.stop() } }
        let sandbox = try E2ESandbox()
        defer { sandbox.remove() }
        let home = sandbox.root.path
        let extra = ["HOME": home]

        let connect = try await sandbox.run(["agents", "connect", "claude-code", "--http", "--url", server.url], extra: extra)
        #expect(connect.status == 0, "\(connect.stderr)")
        #expect(connect.stdout.contains("export APPROVAL_TUI_AGENT_TOKEN="), "\(connect.stdout)")
        let written = try String(contentsOfFile: home + "/.claude.json", encoding: .utf8)
        #expect(!written.contains(try server.agentToken), "the token is never written into the agent's file")
        let listed = try await sandbox.run(["agents"], extra: extra)
        #expect(listed.stdout.contains("wired to the approval gateway"), "\(listed.stdout)")

        // Read the entry as Claude Code does, expanding ${VAR} from the agent's environment.
        let root = try JSONDecoder().decode(JSONValue.self, from: Data(written.utf8))
        let entry = try #require(root["mcpServers"]?["approval"])
        #expect(entry["type"]?.stringValue == "http")
        let url = try #require(entry["url"]?.stringValue.flatMap(URL.init(string:)))
        #expect(url.absoluteString == server.url + "/mcp/v1")
        let header = try #require(entry["headers"]?["Authorization"]?.stringValue)
        let expanded = header.replacingOccurrences(of: "${APPROVAL_TUI_AGENT_TOKEN}", with: try server.agentToken)
        #expect(try await Self.initialize(url, authorization: expanded) == 200)
        #expect(try await Self.initialize(url, authorization: header) == 401, "unexpanded, the header is no token")

        let again = try await sandbox.run(["agents", "connect", "claude-code", "--http", "--url", server.url], extra: extra)
        #expect(again.stdout.contains("already goes through the approval gateway over HTTP at \(server.url)/mcp/v1 ("), "\(again.stdout)")
        #expect(!again.stdout.contains("disconnect"), "asked the same way: nothing to change")
        let stdio = try await sandbox.run(["agents", "connect", "claude-code"], extra: extra)
        #expect(stdio.stdout.contains("to change that, run approval-tui agents disconnect claude-code first"), "\(stdio.stdout)")
        let disconnect = try await sandbox.run(["agents", "disconnect", "claude-code"], extra: extra)
        #expect(disconnect.status == 0, "\(disconnect.stderr)")
        #expect(try String(contentsOfFile: home + "/.claude.json", encoding: .utf8).contains("\"approval\"") == false)
    }

    @Test func anotherHostAPathOrAnAgentThatCannotExpandTheTokenIsRefused() async throws {
        let sandbox = try E2ESandbox()
        defer { sandbox.remove() }
        let extra = ["HOME": sandbox.root.path]
        let remote = try await sandbox.run(["agents", "connect", "cursor", "--http", "--url", "https://preloop.example.com"], extra: extra)
        #expect(remote.status == 2 && remote.stderr.contains("is not an http:// address on this machine"), "\(remote.stderr)")
        for odd in ["http://user:pw@127.0.0.1:8600", "http://127.0.0.1:8600/?next=https://evil.example"] {
            let refused = try await sandbox.run(["agents", "connect", "cursor", "--http", "--url", odd], extra: extra)
            #expect(refused.status == 2 && refused.stderr.contains("no user, query or fragment"), "\(refused.stderr)")
        }
        let path = try await sandbox.run(["agents", "connect", "cursor", "--http", "--url", "http://127.0.0.1:8600/other"], extra: extra)
        #expect(path.status == 2 && path.stderr.contains("names another path"), "\(path.stderr)")
        let lone = try await sandbox.run(["agents", "connect", "cursor", "--url", "http://127.0.0.1:8600"], extra: extra)
        #expect(lone.status == 64 || lone.status == 2, "--url without --http is a usage error: \(lone.stderr)")
        #expect(lone.stderr.contains("--url goes with --http"))
        let vscode = try await sandbox.run(["agents", "connect", "vscode", "--http"], extra: extra)
        #expect(vscode.status == 1 && vscode.stderr.contains("wire it over stdio instead"), "\(vscode.stderr)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.root.path + "/.cursor/mcp.json"), "nothing was written")
    }

    /// POSTs an MCP `initialize` to the gateway; the HTTP status.
    static func initialize(_ url: URL, authorization: String) async throws -> Int {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue(authorization, forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json, text/event-stream", forHTTPHeaderField: "Accept")
        request.httpBody = Data(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"e2e","version":"1"}}}"#.utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }
}

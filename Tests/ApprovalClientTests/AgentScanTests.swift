import Foundation
import Testing
@testable import ApprovalClient

/// `approval-tui agents`: each agent's MCP settings read in its own format, from a temporary home
/// holding files as the agents write them (comments, other servers, odd formatting), and what
/// each entry points at.
@Suite struct AgentScanTests {
    private func scan(_ files: [String: String], environment: [String: String] = [:], cwd: String? = nil) throws -> [AgentReport] {
        try withTemporaryDirectory { home in
            for (path, text) in files {
                let full = home + "/" + path
                try FileManager.default.createDirectory(
                    atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try text.write(toFile: full, atomically: true, encoding: .utf8)
            }
            let locations = AgentLocations.all(home: home, environment: environment, workingDirectory: cwd.map { home + "/" + $0 })
            return AgentScan.scan(locations, files: LocalFileSystem()).map { report in
                var copy = report
                copy.location.path = String(report.location.path.dropFirst(home.count + 1))
                return copy
            }
        }
    }

    private func report(_ reports: [AgentReport], _ path: String) -> AgentReport? {
        reports.first { $0.location.path == path }
    }

    @Test func everyAgentsOwnFormatIsReadAndItsEntriesClassified() throws {
        let reports = try scan([
            ".claude.json": #"""
                {"numStartups": 12, "mcpServers": {"approval": {"type": "stdio", "command": "/home/u/.local/bin/approval-tui", "args": ["mcp"], "env": {}}},
                 "projects": {"/work/app": {"mcpServers": {"docs": {"type": "http", "url": "https://docs.example/mcp"}}}}}
                """#,
            ".codex/config.toml": """
                # my settings
                model = "o4"
                [mcp_servers.memory]
                command = "npx"
                args = ["-y", "@modelcontextprotocol/server-memory"]

                [mcp_servers.team]   # the team's Preloop
                url = "https://preloop.example.com/mcp/v1"
                bearer_token_env_var = "PRELOOP_TOKEN"
                """,
            ".gemini/settings.json": """
                {
                  // Gemini allows comments
                  "theme": "dark",
                  "mcpServers": {
                    "approval": { "type": "http", "url": "http://127.0.0.1:8600/mcp/v1", "headers": {"Authorization": "Bearer x"} }, /* trailing */
                  },
                }
                """,
            ".config/opencode/opencode.jsonc": """
                { "$schema": "https://opencode.ai/config.json",
                  "mcp": { "gate": { "type": "local", "command": ["approval-tui", "mcp"], "environment": {} } } }
                """,
            ".cursor/mcp.json": #"{"mcpServers":{"fs":{"command":"npx","args":["-y","@modelcontextprotocol/server-filesystem","/tmp"]}}}"#,
            ".config/Code/User/mcp.json": """
                {
                    "servers": {
                        // stdio
                        "gh": {"type": "stdio", "command": "gh-mcp", "args": [],},
                    },
                    "inputs": [],
                }
                """,
            ".codeium/windsurf/mcp_config.json": #"{"mcpServers": {"remote": {"serverUrl": "https://preloop.corp.example/mcp"}}}"#,
            ".cline/data/settings/cline_mcp_settings.json": #"{"mcpServers": {}}"#,
        ])
        let claude = try #require(report(reports, ".claude.json"))
        #expect(claude.gatewayServers.map(\.name) == ["approval"])
        #expect(claude.state == .servers([
            MCPServerEntry(name: "approval", command: ["/home/u/.local/bin/approval-tui", "mcp"]),
            MCPServerEntry(name: "/work/app: docs", url: "https://docs.example/mcp"),
        ]), "user servers, then each project's")
        let codex = try #require(report(reports, ".codex/config.toml"))
        #expect(codex.state == .servers([
            MCPServerEntry(name: "memory", command: ["npx", "-y", "@modelcontextprotocol/server-memory"]),
            MCPServerEntry(name: "team", url: "https://preloop.example.com/mcp/v1"),
        ]))
        #expect(codex.preloopServers.first?.target == .preloop(host: "preloop.example.com"))
        #expect(report(reports, ".gemini/settings.json")?.gatewayServers.map(\.name) == ["approval"], "comments and trailing commas")
        #expect(report(reports, ".config/opencode/opencode.jsonc")?.gatewayServers.map(\.name) == ["gate"], "OpenCode's one-array command")
        #expect(report(reports, ".cursor/mcp.json")?.state == .servers([
            MCPServerEntry(name: "fs", command: ["npx", "-y", "@modelcontextprotocol/server-filesystem", "/tmp"]),
        ]))
        #expect(report(reports, ".config/Code/User/mcp.json")?.state == .servers([MCPServerEntry(name: "gh", command: ["gh-mcp"])]))
        #expect(report(reports, ".codeium/windsurf/mcp_config.json")?.preloopServers.map(\.name) == ["remote"], "Windsurf's serverUrl")
        #expect(report(reports, ".cline/data/settings/cline_mcp_settings.json")?.state == .servers([]))
        #expect(report(reports, ".config/opencode/opencode.json")?.state == .missing)
    }

    @Test func theEnvironmentMovesTheFoldersAndProjectFilesAreRead() throws {
        let reports = try scan([
            "elsewhere/codex/config.toml": "[mcp_servers.gate]\ncommand = \"approval-tui\"\nargs = [\"mcp\"]\n",
            "app/.mcp.json": #"{"mcpServers": {"gate": {"command": "approval-tui", "args": ["mcp"]}}}"#,
            "app/.vscode/mcp.json": #"{"servers": {"x": {"type": "http", "url": "http://localhost:8600/mcp/v1/"}}}"#,
        ], environment: ["CODEX_HOME": "/nonexistent-relative-is-ignored"], cwd: "app")
        #expect(report(reports, "app/.mcp.json")?.location.scope == "project")
        #expect(report(reports, "app/.mcp.json")?.gatewayServers.count == 1)
        #expect(report(reports, "app/.vscode/mcp.json")?.gatewayServers.count == 1, "this machine's /mcp/v1, trailing slash or not")
        let moved = try withTemporaryDirectory { home in
            AgentLocations.all(home: home, environment: ["CODEX_HOME": home + "/c", "XDG_CONFIG_HOME": "relative"], workingDirectory: nil)
        }
        #expect(moved.contains { $0.agent == .codex && $0.path.hasSuffix("/c/config.toml") })
        #expect(moved.contains { $0.agent == .vsCode && $0.path.hasSuffix("/.config/Code/User/mcp.json") }, "a relative XDG_CONFIG_HOME is ignored")
    }

    @Test func onlyTheGatewayCommandOrThisMachinesEndpointCountsAsTheGateway() {
        #expect(MCPServerEntry(name: "a", command: ["approval-tui", "mcp"]).target == .gateway)
        #expect(MCPServerEntry(name: "a", command: ["/opt/bin/approval-tui", "mcp", "--server", "x"]).target == .gateway)
        #expect(MCPServerEntry(name: "a", command: ["approval-tui", "serve"]).target == .other)
        #expect(MCPServerEntry(name: "a", command: ["not-approval-tui", "mcp"]).target == .other)
        #expect(MCPServerEntry(name: "a", command: ["sh", "-c", "approval-tui mcp"]).target == .other, "only what the agent itself runs")
        #expect(MCPServerEntry(name: "a", command: ["./bin/approval-tui", "mcp"]).target == .other, "a project's own binary")
        #expect(MCPServerEntry(name: "a", command: ["approval-tui", "mcp"], url: "https://evil.example/mcp").target == .other,
                "Gemini prefers the URL: an entry with both is not the gateway")
        #expect(MCPServerEntry(name: "a", command: ["approval-tui", "mcp"], isDisabled: true).target == .other)
        #expect(MCPServerEntry(name: "a", url: "http://127.0.0.1:8600/mcp/v1").target == .gateway)
        #expect(MCPServerEntry(name: "a", url: "http://[::1]:8600/mcp/v1").target == .gateway)
        #expect(MCPServerEntry(name: "a", url: "http://localhost:3000/mcp").target == .other, "another local MCP server")
        #expect(MCPServerEntry(name: "a", url: "https://preloop.example.com/mcp/v1").target == .preloop(host: "preloop.example.com"))
        #expect(MCPServerEntry(name: "a", url: "https://127.0.0.1.evil.example/mcp/v1").target == .preloop(host: "127.0.0.1.evil.example"))
        #expect(MCPServerEntry(name: "a", url: "https://example.com/other").target == .other)
        #expect(MCPServerEntry(name: "a", url: "file:///mcp/v1").target == .other)
    }

    @Test func brokenFilesSayWhyAndHostileTextStaysData() throws {
        let reports = try scan([
            ".cursor/mcp.json": #"{"mcpServers": {"a": 1,}}"#,  // Cursor reads strict JSON: a trailing comma is an error
            ".gemini/settings.json": "{ /* never closed ",
            ".codex/config.toml": "[mcp_servers.x\ncommand = 1\n",
            ".codeium/windsurf/mcp_config.json": #"{"mcpServers": {"ev\u001b[2Jil": {"command": "approval-tui", "args": ["mcp"]}, "ev\u001b[2Jil": {"command": "rm"}}}"#,
        ])
        guard case .unreadable(let cursor)? = report(reports, ".cursor/mcp.json")?.state else { Issue.record("strict JSON"); return }
        #expect(cursor.contains("not valid JSON"))
        guard case .unreadable(let gemini)? = report(reports, ".gemini/settings.json")?.state else { Issue.record("comment"); return }
        #expect(gemini.contains("never ends"))
        guard case .unreadable? = report(reports, ".codex/config.toml")?.state else { Issue.record("toml"); return }
        // Two servers of one name: the agent (JSON.parse) keeps the last, so this is not the gateway.
        let windsurf = try #require(report(reports, ".codeium/windsurf/mcp_config.json"))
        #expect(windsurf.state == .servers([MCPServerEntry(name: "ev\u{1B}[2Jil", command: ["rm"])]))
        #expect(windsurf.gatewayServers.isEmpty)
    }

    @Test func disabledEntriesAndCanonicallyEqualKeysAreReadAsTheAgentsReadThem() throws {
        let reports = try scan([
            ".config/opencode/opencode.json": #"{"mcp": {"gate": {"type": "local", "command": ["approval-tui", "mcp"], "enabled": false}}}"#,
            ".cline/data/settings/cline_mcp_settings.json": #"{"mcpServers": {"gate": {"command": "approval-tui", "args": ["mcp"], "disabled": true}}}"#,
            ".cursor/mcp.json": #"{"mcpServers": {"caf\u00e9": {"command": "evil"}, "cafe\u0301": {"command": "approval-tui", "args": ["mcp"]}}}"#,
        ])
        #expect(report(reports, ".config/opencode/opencode.json")?.gatewayServers.isEmpty == true, "enabled: false")
        #expect(report(reports, ".cline/data/settings/cline_mcp_settings.json")?.gatewayServers.isEmpty == true, "disabled: true")
        guard case .servers(let cursor)? = report(reports, ".cursor/mcp.json")?.state else { Issue.record("cursor"); return }
        #expect(cursor.count == 2, "two keys to JSON.parse, so two servers: none hidden")
    }

    @Test func jsoncKeepsEveryOffsetAndLeavesStringsAlone() throws {
        let text = #"{"a": "// not a comment", /* c */ "b": [1, 2,], // end"# + "\n}"
        let strict = try JSONCText.strict(Array(text.utf8))
        #expect(strict.count == text.utf8.count, "offsets are kept")
        #expect(String(decoding: strict, as: UTF8.self) == #"{"a": "// not a comment", "# + String(repeating: " ", count: 8)
            + #""b": [1, 2 ]"# + String(repeating: " ", count: 8) + "\n}")
        #expect(throws: JSONCText.Unterminated(offset: 0)) { try JSONCText.strict(Array(#""abc"#.utf8)) }
    }
}

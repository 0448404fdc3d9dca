import Foundation
import Testing
@testable import ApprovalClient

/// `agents connect` / `disconnect`: the gateway goes into each agent's file in its own format,
/// touching nothing else (comments, other servers, key order, odd spacing), a second connect
/// changes nothing, and disconnect gives the file back byte for byte.
@Suite struct AgentConfigEditTests {
    private let entry = GatewayEntry(program: "/home/u/.local/bin/approval-tui")

    private func location(_ agent: AgentKind) -> AgentConfigLocation {
        AgentLocations.all(home: "/home/u", environment: [:], workingDirectory: nil).first { $0.agent == agent }!
    }

    static let files: [(AgentKind, String)] = [
        (.claudeCode, #"""
            {
              "numStartups": 3,
              "mcpServers": {
                "memory": {
                  "type": "stdio",
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-memory"]
                }
              },
              "projects": {"/w": {"mcpServers": {}}}
            }
            """#),
        (.codex, """
            # Codex settings, with comments
            model = "o4-mini"

            [mcp_servers.memory]   # keep me
            command = "npx"
            args = ["-y", "@modelcontextprotocol/server-memory"]

            [profiles.fast]
            model = "o4"
            """),
        (.geminiCLI, """
            {
              // Gemini allows comments
              "theme": "Default",
              "mcpServers": {
                "fs": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"] }, // trailing
              },
            }
            """),
        (.openCode, #"{"$schema": "https://opencode.ai/config.json", "mcp": {"a": {"type": "remote", "url": "https://x.example/mcp"}}}"#),
        (.cursor, "{\"mcpServers\":{}}"),
        (.vsCode, """
            {
            \t"servers": {
            \t\t/* GitHub */ "gh": {"type": "http", "url": "https://api.githubcopilot.com/mcp/"}
            \t},
            \t"inputs": []
            }
            """),
        (.windsurf, #"{ "mcpServers" : { "remote" : { "serverUrl" : "https://preloop.example/mcp" } } }"#),
        (.cline, #"{"mcpServers": {"x": {"command": "x", "disabled": false, "autoApprove": []}}}"#),
    ]

    @Test(arguments: files.map(\.0))
    func connectAddsOnlyTheGatewayAgainChangesNothingAndDisconnectGivesTheFileBack(agent: AgentKind) throws {
        let original = Self.files.first { $0.0 == agent }!.1
        let location = location(agent)
        let connected = try AgentConfigEdit.connect(original, at: location, entry: entry)
        let servers = try AgentScan.servers(in: connected, location)
        #expect(servers.contains { $0.name == "approval" && $0.target == .gateway && $0.command == ["/home/u/.local/bin/approval-tui", "mcp"] },
                "\(connected)")
        let before = try AgentScan.servers(in: original, location)
        #expect(servers.filter { $0.name != "approval" } == before, "the other servers stay, in order")
        #expect(Self.removingInsertion(connected, original), "nothing but the new entry was added:\n\(connected)")
        #expect(try AgentConfigEdit.connect(connected, at: location, entry: entry) == connected, "idempotent")
        #expect(try AgentConfigEdit.disconnect(connected, at: location, name: "approval") == original, "round trip")
        #expect(try AgentConfigEdit.disconnect(original, at: location, name: "approval") == nil)
    }

    /// Whether `edited` is `original` with one run of text inserted (and nothing changed).
    static func removingInsertion(_ edited: String, _ original: String) -> Bool {
        let a = Array(original.utf8), b = Array(edited.utf8)
        var prefix = 0
        while prefix < a.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        return prefix + suffix == a.count
    }

    @Test func codexKeepsItsFinalNewlineAndATableAddedAfterTheGatewayStays() throws {
        let original = "model = \"o4\"\n\n[mcp_servers.memory]\ncommand = \"npx\"\n"
        let connected = try AgentConfigEdit.connect(original, at: location(.codex), entry: entry)
        #expect(connected.hasSuffix("args = [\"mcp\"]\n"))
        #expect(try AgentConfigEdit.disconnect(connected, at: location(.codex), name: "approval") == original)
        let later = connected + "\n[profiles.fast]\nmodel = \"o4\"\n"
        #expect(try AgentConfigEdit.disconnect(later, at: location(.codex), name: "approval")
            == original + "\n[profiles.fast]\nmodel = \"o4\"\n")
    }

    @Test func aMissingOrEmptyFileIsCreatedWithJustTheGateway() throws {
        let created = try AgentConfigEdit.connect(nil, at: location(.geminiCLI), entry: entry)
        #expect(created == #"{"mcpServers": {"approval": {"command": "/home/u/.local/bin/approval-tui", "args": ["mcp"]}}}"# + "\n")
        let codex = try AgentConfigEdit.connect("", at: location(.codex), entry: entry)
        #expect(codex == "[mcp_servers.approval]\ncommand = \"/home/u/.local/bin/approval-tui\"\nargs = [\"mcp\"]\n")
        let noKey = try AgentConfigEdit.connect(#"{"theme": "dark"}"#, at: location(.cursor), entry: entry)
        #expect(try AgentScan.servers(in: noKey, location(.cursor)).map(\.name) == ["approval"])
    }

    @Test func aServerOfTheSameNameThatIsNotTheGatewayIsRefused() {
        let taken = #"{"mcpServers": {"approval": {"command": "something-else"}}}"#
        #expect(throws: AgentConfigEdit.Refusal.self) { try AgentConfigEdit.connect(taken, at: self.location(.cursor), entry: self.entry) }
        let codex = "[mcp_servers.approval]\ncommand = \"other\"\n"
        #expect(throws: AgentConfigEdit.Refusal.self) { try AgentConfigEdit.connect(codex, at: self.location(.codex), entry: self.entry) }
    }

    @Test func filesTheEditWouldBreakAreRefusedNotWritten() {
        // Codex: a table cannot be added to an inline one.
        let inline = "mcp_servers = { memory = { command = \"npx\" } }\n"
        #expect(throws: AgentConfigEdit.Refusal.self) { try AgentConfigEdit.connect(inline, at: self.location(.codex), entry: self.entry) }
        #expect(throws: AgentConfigEdit.Refusal.self) { try AgentConfigEdit.connect("{ /* open", at: self.location(.vsCode), entry: self.entry) }
        #expect(throws: AgentConfigEdit.Refusal.self) { try AgentConfigEdit.connect("[1, 2]", at: self.location(.cursor), entry: self.entry) }
        #expect(throws: AgentConfigEdit.Refusal.self) {
            try AgentConfigEdit.connect(#"{"mcpServers": [1]}"#, at: self.location(.cursor), entry: self.entry)
        }
    }

    @Test func aProgramPathWithQuotesBackslashesOrANewlineIsWrittenEscapedAndReadsBackExactly() throws {
        let odd = GatewayEntry(program: "/opt/my \"tools\"\\bin\n/approval-tui")
        for agent in [AgentKind.cursor, .codex, .openCode] {
            let written = try AgentConfigEdit.connect(nil, at: location(agent), entry: odd)
            let read = try AgentScan.servers(in: written, location(agent))
            #expect(read.first?.command?.first == odd.program, "\(agent): \(written)")
            #expect(!written.contains("\n/approval-tui"), "the newline is escaped, not written raw")
        }
    }

    @Test func disconnectTakesOutOnlyTheGatewayWhereverItIsAndRefusesAServerThatMerelySharesItsName() throws {
        let first = "{\"mcpServers\": {\"approval\": {\"command\": \"approval-tui\", \"args\": [\"mcp\"]}, \"memory\": {\"command\": \"npx\"}}}"
        #expect(try AgentConfigEdit.disconnect(first, at: location(.cursor), name: "approval")
            == "{\"mcpServers\": {\"memory\": {\"command\": \"npx\"}}}")
        let escaped = #"{"mcpServers": {"a\"b": {"command": "x"}, "approval": {"command": "approval-tui", "args": ["mcp"]}, "c": {}}}"#
        #expect(try AgentConfigEdit.disconnect(escaped, at: location(.cursor), name: "approval")
            == #"{"mcpServers": {"a\"b": {"command": "x"}, "c": {}}}"#)
        let someoneElses = #"{"mcpServers": {"approval": {"command": "npx", "args": ["other-approval-server"]}}}"#
        #expect(throws: AgentConfigEdit.Refusal.self) {
            try AgentConfigEdit.disconnect(someoneElses, at: self.location(.cursor), name: "approval")
        }
    }

    @Test func aGatewayUnderAnotherNameIsNotAddedTwice() throws {
        let wired = #"{"mcpServers": {"gate": {"command": "/usr/bin/approval-tui", "args": ["mcp"]}}}"#
        #expect(try AgentConfigEdit.connect(wired, at: location(.cursor), entry: entry) == wired)
        let codex = "[mcp_servers.gate]\ncommand = \"approval-tui\"\nargs = [\"mcp\"]\n"
        #expect(try AgentConfigEdit.connect(codex, at: location(.codex), entry: entry) == codex)
    }

    @Test func aTOMLDisconnectThatWouldTurnAStringIntoAServerIsRefused() throws {
        let tricky = "[mcp_servers.approval]\ncommand = \"approval-tui\"\nargs = [\"mcp\"]\nnote = \"\"\"\n[mcp_servers.evil]\ncommand = \"/tmp/evil\"\nx = \"\"\"\n"
        #expect(try AgentScan.servers(in: tricky, location(.codex)).map(\.name) == ["approval"], "one server as written")
        #expect(throws: AgentConfigEdit.Refusal.self) {
            try AgentConfigEdit.disconnect(tricky, at: self.location(.codex), name: "approval")
        }
    }

    @Test func crlfFilesKeepTheirLineEnds() throws {
        let codex = "model = \"o4\"\r\n"
        let connected = try AgentConfigEdit.connect(codex, at: location(.codex), entry: entry)
        #expect(!connected.utf8.enumerated().contains { $0.element == 0x0A && (Array(connected.utf8)[max(0, $0.offset - 1)] != 0x0D) },
                "every LF follows a CR: \(connected.debugDescription)")
        #expect(try AgentConfigEdit.disconnect(connected, at: location(.codex), name: "approval") == codex)
        let json = "{\r\n  \"mcpServers\": {\r\n    \"m\": {\"command\": \"npx\"}\r\n  }\r\n}\r\n"
        let wired = try AgentConfigEdit.connect(json, at: location(.cursor), entry: entry)
        #expect(wired.contains(",\r\n    \"approval\""))
        #expect(try AgentConfigEdit.disconnect(wired, at: location(.cursor), name: "approval") == json)
    }
}

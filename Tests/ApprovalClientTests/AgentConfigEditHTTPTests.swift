import Foundation
import Testing
import TOMLSupport
@testable import ApprovalClient

/// `agents connect NAME --http`: the local server's `/mcp/v1` over streamable HTTP, in each agent's
/// own shape, with the token read from the environment in the agent's own syntax (never written),
/// and the same guarantees as stdio: only the entry added, idempotent, disconnect gives the file back.
@Suite struct AgentConfigEditHTTPTests {
    private let entry = GatewayEntry(program: "/home/u/.local/bin/approval-tui", url: "http://127.0.0.1:8600/mcp/v1")

    private func location(_ agent: AgentKind) -> AgentConfigLocation {
        AgentLocations.all(home: "/home/u", environment: [:], workingDirectory: nil).first { $0.agent == agent }!
    }

    /// What each agent must find: the URL key, the `type`, and the header as the agent expands it.
    private static let expected: [AgentKind: (urlKey: String, type: String?, header: String)] = [
        .claudeCode: ("url", "http", "Bearer ${APPROVAL_TUI_AGENT_TOKEN}"),
        .geminiCLI: ("httpUrl", nil, "Bearer ${APPROVAL_TUI_AGENT_TOKEN}"),
        .openCode: ("url", "remote", "Bearer {env:APPROVAL_TUI_AGENT_TOKEN}"),
        .cursor: ("url", nil, "Bearer ${env:APPROVAL_TUI_AGENT_TOKEN}"),
        .windsurf: ("serverUrl", nil, "Bearer ${env:APPROVAL_TUI_AGENT_TOKEN}"),
        .cline: ("url", "streamableHttp", "Bearer ${env:APPROVAL_TUI_AGENT_TOKEN}"),
    ]

    @Test(arguments: AgentConfigEditTests.files.map(\.0).filter { $0 != .vsCode && $0 != .codex })
    func eachJSONAgentGetsItsOwnHTTPShapeAndTheRoundTripHolds(agent: AgentKind) throws {
        let original = AgentConfigEditTests.files.first { $0.0 == agent }!.1
        let location = location(agent)
        let connected = try AgentConfigEdit.connect(original, at: location, entry: entry)
        #expect(try AgentScan.servers(in: connected, location).contains { $0.name == "approval" && $0.target == .gateway })
        #expect(AgentConfigEditTests.removingInsertion(connected, original))
        #expect(try AgentConfigEdit.connect(connected, at: location, entry: entry) == connected, "idempotent")
        #expect(try AgentConfigEdit.disconnect(connected, at: location, name: "approval") == original, "round trip")

        // Read back with another JSON reader (comments blanked as the agents allow them).
        let plain = try JSONCText.strict(Array(connected.utf8))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(plain)) as? [String: Any])
        var servers: Any? = root
        for key in location.serversKey { servers = (servers as? [String: Any])?[key] }
        let written = try #require((servers as? [String: Any])?["approval"] as? [String: Any])
        let want = try #require(Self.expected[agent])
        #expect(written[want.urlKey] as? String == "http://127.0.0.1:8600/mcp/v1")
        #expect(written["type"] as? String == want.type)
        #expect((written["headers"] as? [String: String])?["Authorization"] == want.header)
        #expect(written["command"] == nil, "an HTTP entry names no command")
    }

    @Test func codexReadsTheTokenFromItsOwnBearerTokenVariableKey() throws {
        let original = "model = \"o4\"\n\n[mcp_servers.memory]\ncommand = \"npx\"\n"
        let connected = try AgentConfigEdit.connect(original, at: location(.codex), entry: entry)
        let table = try #require(try TOMLDocument(parsing: connected, file: "config.toml").root.table(at: "mcp_servers")?.table(at: "approval"))
        #expect(try table.string(at: "url") == "http://127.0.0.1:8600/mcp/v1")
        #expect(try table.string(at: "bearer_token_env_var") == "APPROVAL_TUI_AGENT_TOKEN")
        #expect(table.entries.map(\.key).sorted() == ["bearer_token_env_var", "url"], "no token, no command")
        #expect(try AgentScan.servers(in: connected, location(.codex)).contains { $0.name == "approval" && $0.target == .gateway })
        #expect(try AgentConfigEdit.disconnect(connected, at: location(.codex), name: "approval") == original)
    }

    @Test func vsCodeOverHTTPIsRefusedBecauseItsHeadersMayNotExpandTheToken() {
        #expect(GatewayEntry.httpRefusal(for: .vsCode)?.contains("stdio") == true)
        for agent in AgentKind.allCases where agent != .vsCode { #expect(GatewayEntry.httpRefusal(for: agent) == nil) }
    }

    @Test func aURLWithQuotesOrANewlineNeverBecomesAnotherKeyAndIsNotWrittenAsTheGateway() throws {
        // The command refuses such a --url first; the edit on its own still never writes a
        // command out of it: it is escaped, and an entry that does not read back as the gateway
        // is refused.
        for (agent, url) in [
            (AgentKind.cursor, "http://127.0.0.1:8600/mcp/v1\", \"command\": \"/bin/sh"),
            (.codex, "http://127.0.0.1/mcp/v1\"\ncommand = \"sh"),
            (.claudeCode, "http://127.0.0.1:8600/mcp/v1\u{0}\u{1B}[2J"),
        ] {
            let odd = GatewayEntry(program: "/bin/approval-tui", url: url)
            do {
                let written = try AgentConfigEdit.connect(nil, at: location(agent), entry: odd)
                let read = try AgentScan.servers(in: written, location(agent))
                #expect(read.allSatisfy { $0.command == nil }, "\(agent): \(written)")
                #expect(read.first?.url == url)
            } catch let refusal as AgentConfigEdit.Refusal {
                #expect(refusal.description.contains("nothing was written"))
            }
        }
    }
}

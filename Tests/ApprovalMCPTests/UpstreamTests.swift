import ApprovalClient
import ApprovalModel
import ApprovalMCP
import ApprovalServer
import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import MCP
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// An upstream stdio MCP server (the `UpstreamFixture` executable) behind the gateway.
@Suite(.timeLimit(.minutes(2)))
struct UpstreamTests {
    private let fixture = GatewayTestServer.builtProduct("UpstreamFixture")

    private func start() async throws -> GatewayTestServer { try await Self.started() }

    /// A gateway test server with the fixture as upstream `fx`, once it is connected.
    static func started() async throws -> GatewayTestServer {
        let fixture = GatewayTestServer.builtProduct("UpstreamFixture")
        try #require(FileManager.default.isExecutableFile(atPath: fixture.path), "build UpstreamFixture first")
        let policies = PolicySet(
            policies: [ServerPolicy(name: "guard-greet", tools: ["fx__greet"], justification: .required)],
            upstreams: [UpstreamServer(name: "fx", connection: .command([fixture.path], environment: [:]))],
            allowsUnmatchedTools: true)
        let server = try await GatewayTestServer(
            policies: policies, upstreams: UpstreamPool(backoff: { _ in .milliseconds(20) }))
        try await waitForUpstream(server) { $0["status"] == "connected" }
        return server
    }

    /// Polls `/api/v1/health` until the upstream's entry satisfies `condition` (bounded).
    private func waitForUpstream(_ server: GatewayTestServer, _ condition: (JSONValue) -> Bool) async throws {
        try await Self.waitForUpstream(server, condition)
    }

    private static func waitForUpstream(_ server: GatewayTestServer, _ condition: (JSONValue) -> Bool) async throws {
        for _ in 0..<400 {
            let health = try await server.rest("GET", "/api/v1/health")
            if let entry = health?["upstream_servers"]?.arrayValue?.first, condition(entry) { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("the upstream never reached the expected state")
    }

    /// Calls `fx__greet` through approval and returns the upstream's text.
    private func approvedGreeting(_ server: GatewayTestServer, _ client: Client) async throws -> String? {
        let pending = try await client.call("fx__greet", ["name": "ada", "justification": "saying hello"])
        let id = try #require(pending["request_id"]?.stringValue)
        try await server.approve(id)
        let done = try await client.call("get_approval_status", ["request_id": .string(id)])
        return done["tool_result"]?["content"]?.arrayValue?.first?["text"]?.stringValue
    }

    @Test func upstreamToolsAreListedUnderTheirPrefixWithTheGuardsJustification() async throws {
        let server = try await start()
        let client = try await server.client()
        let tools = try await client.listTools().tools
        #expect(tools.map(\.name) == ["fx__greet", "fx__crash", "fx__report", "fx__args", "fx__fail", "fx__slow", "fx__err", "fx__odd", "get_approval_status"])
        let greet = try #require(tools.first { $0.name == "fx__greet" }.map { JSONValue($0.inputSchema) })
        #expect(greet["required"] == ["name", "justification"])
        #expect(greet["properties"]?["name"]?["type"] == "string")
        let health = try await server.rest("GET", "/api/v1/health")
        #expect(health?["upstream_connections"] == .integer(1))
        await client.disconnect()
        await server.finish()
    }

    /// Issue 14 (attacker's review), F5: an upstream's C1 CSI and RLO reached the agent raw in
    /// `tools/list` descriptions and in `structuredContent`.
    @Test func anUpstreamsControlAndBidiCharactersReachTheAgentEscaped() async throws {
        let server = try await start()
        let list = try await server.rawMCP("tools/list", [:], token: server.agentToken)
        let call = try await server.rawMCP("tools/call", ["name": "fx__odd", "arguments": [:]], token: server.agentToken)
        for answer in [list.body, call.body] { #expect(isTerminalSafe(answer), "\(answer)") }
        #expect(list.body.contains(#"Odd \u009b2J words\u202e"#), "\(list.body)")
        #expect(call.body.contains(#""k\u009b":"v\u202e""#), "\(call.body)")
        await server.finish()
    }

    @Test func aGuardedUpstreamCallIsForwardedOnlyAfterApproval() async throws {
        let server = try await start()
        let client = try await server.client()
        let refused = try await client.call("fx__greet", ["name": "ada"])
        #expect(refused.isError)
        #expect(try await server.rest("GET", "/api/v1/approval-requests") == [])
        let text = try await approvedGreeting(server, client)
        #expect(text?.hasPrefix("hello ada from ") == true)
        await client.disconnect()
        await server.finish()
    }

    /// Attack finding 2: an upstream tool received the arguments re-decoded through Foundation
    /// (integers past 2^63 as doubles, `é`/`e\u0301` merged, `{"a":1,"n":1e400}` as `{}`).
    /// Arguments the MCP SDK cannot carry exactly are now refused before anything runs or
    /// waits for approval; the others arrive as sent.
    @Test func anUpstreamToolGetsTheArgumentsAsSentOrTheCallIsRefused() async throws {
        let server = try await start()
        func post(_ args: String) async throws -> (status: Int, body: JSONValue?) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/api/v1/agent/tool-calls")!)
            request.httpMethod = "POST"
            request.setValue("Bearer \(server.agentToken)", forHTTPHeaderField: "Authorization")
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(#"{"tool_name": "fx__args", "tool_args": \#(args)}"#.utf8)
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, try? JSONDecoder().decode(JSONValue.self, from: data))
        }
        for (args, place) in [
            (#"{"a": 1, "n": 9223372036854775808}"#, "tool_args.n"), (#"{"x": {"\u00e9": 1, "e\u0301": 2}}"#, "tool_args.x"),
            (#"{"l": [1, -9223372036854775809]}"#, "tool_args.l.[1]"),
        ] {
            let refused = try await post(args)
            #expect(refused.status == 422, "\(args)")
            let detail = refused.body?["detail"]?.stringValue ?? ""
            #expect(detail.hasPrefix(place + ":"), "\(detail)")
        }
        #expect(try await server.rest("GET", "/api/v1/approval-requests") == [])
        let ran = try await post(#"{"b": [1.5, -9223372036854775808], "a": "x"}"#)
        #expect(ran.status == 200)
        let text = ran.body?["result"]?["content"]?.arrayValue?.first?["text"]?.stringValue
        #expect(text == #"{"a":"x","b":[1.5,-9223372036854775808]}"#)
        await server.finish()
    }

    @Test func anUpstreamThatDiesIsRestartedAndReportedInHealth() async throws {
        let server = try await start()
        let client = try await server.client()
        let before = try await approvedGreeting(server, client)
        let crashed = try await client.call("fx__crash", [:])
        #expect(crashed.isError)
        // It may have reached the upstream before the crash: failed, outcome unknown, never sent again.
        #expect(crashed.text.hasPrefix(#"The tool failed: "upstream 'fx' failed during 'crash'"#), "\(crashed.text)")
        #expect(crashed.text.contains("not sent again"))
        try await waitForUpstream(server) {
            ($0["restarts"].flatMap { if case .integer(let n) = $0 { n } else { nil } } ?? 0) >= 1 && $0["status"] == "connected"
        }
        let health = try await server.rest("GET", "/api/v1/health")
        #expect(health?["upstream_servers"]?.arrayValue?.first?["last_error"]?.stringValue?.contains("exited") == true)
        let after = try await approvedGreeting(server, client)
        #expect(after?.hasPrefix("hello ada from ") == true)
        #expect(after != before, "a new process answers after the restart")
        await client.disconnect()
        await server.finish()
    }

    @Test func aStreamableHTTPUpstreamIsForwardedWithItsHeaders() async throws {
        let far = try await GatewayTestServer()
        let upstream = UpstreamServer(
            name: "far", connection: .http(far.endpoint, headers: ["Authorization": "Bearer \(far.agentToken)"]))
        let near = try await GatewayTestServer(
            policies: PolicySet(policies: [], upstreams: [upstream], allowsUnmatchedTools: true), upstreams: UpstreamPool(backoff: { _ in .milliseconds(20) }))
        try await waitForUpstream(near) { $0["status"] == "connected" }
        let client = try await near.client()
        let names = try await client.listTools().tools.map(\.name)
        #expect(names.contains("far__echo_free"))
        let answer = try await client.call("far__echo_free", ["text": "hi"])
        #expect(!answer.isError)
        #expect(answer["structuredContent"]?["stdout"] == #"{"text":"hi"}"#)
        #expect(!answer.text.contains(far.agentToken))
        await client.disconnect()
        await near.finish()
        await far.finish()
    }

    /// Issue 12, finding 5: an upstream MCP server starts with descriptors 0–2 only (plus
    /// Foundation's exit-watch socket) and without the project's or Preloop's tokens; the
    /// policies file's own `env` for it still arrives.
    @Test func anUpstreamStartsWithItsOwnDescriptorsAndNoToken() async throws {
        let secrets = ["APPROVAL_TUI_TOKEN": "leak-approver-7f3a", "PRELOOP_TOKEN": "leak-preloop-55d0",
            "APPROVAL_TUI_TOKEN_FILE": "/leak/token-file"]
        for (name, value) in secrets { setenv(name, value, 1) }
        let stray = open("/etc/hostname", O_RDONLY)
        defer { close(stray) }
        let policies = PolicySet(
            policies: [],
            upstreams: [UpstreamServer(name: "fx", connection: .command([fixture.path], environment: ["FIXTURE_SETTING": "kept"]))],
            allowsUnmatchedTools: true)
        let server = try await GatewayTestServer(policies: policies, upstreams: UpstreamPool(backoff: { _ in .milliseconds(20) }))
        try await waitForUpstream(server) { $0["status"] == "connected" }
        for name in secrets.keys { unsetenv(name) }
        let client = try await server.client()
        let report = try await client.call("fx__report", [:])
        let text = try #require(report["content"]?.arrayValue?.first?["text"]?.stringValue ?? Optional(report.text))
        let descriptors = text.split(separator: "\n").filter { $0.hasPrefix("fd ") }.map { $0.split(separator: " ", maxSplits: 2) }
        let extra = descriptors.filter { (Int($0[1]) ?? 0) > 2 }
        #expect(descriptors.count >= 3)
        #expect(extra.count <= 1, "unexpected descriptors: \(extra)")
        #expect(extra.allSatisfy { $0.count == 3 && $0[2].hasPrefix("socket:") }, "\(extra)")
        #expect(!text.contains("hostname") && !text.contains(".sqlite"))
        for (name, value) in secrets {
            #expect(!text.contains(name + "="), "\(name) reached the upstream")
            #expect(!text.contains(value))
        }
        #expect(text.contains("env FIXTURE_SETTING=kept"))
        await client.disconnect()
        await server.finish()
    }
}

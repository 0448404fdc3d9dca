import ApprovalClient
import ApprovalModel
import ApprovalMCP
import ApprovalServer
import Foundation
import MCP
import Testing

@Suite(.timeLimit(.minutes(2)))
struct MCPGatewayTests {
    @Test func toolsListShowsEveryToolWithJustificationWhereAPolicyAsksForIt() async throws {
        let server = try await GatewayTestServer()
        let client = try await server.client()
        let (tools, _) = try await client.listTools()
        #expect(tools.map(\.name) == ["append_line", "deploy_preview", "echo_free", "get_approval_status"])
        let schemas = Dictionary(uniqueKeysWithValues: tools.map { ($0.name, JSONValue($0.inputSchema)) })
        let optional = schemas["append_line"]
        #expect(optional?["properties"]?["justification"]?["type"] == "string")
        #expect(optional?["properties"]?["justification"]?["description"]?.stringValue?.contains("reviewed by approvers") == true)
        #expect(optional?["required"] == nil)
        #expect(schemas["deploy_preview"]?["required"] == ["justification"])
        #expect(schemas["echo_free"]?["properties"]?["justification"] == nil)
        #expect(schemas["get_approval_status"]?["required"] == ["request_id"])
        await client.disconnect()
        await server.finish()
    }

    @Test func aGuardedCallWaitsForApprovalAndTheStatusToolThenReturnsTheResult() async throws {
        let server = try await GatewayTestServer()
        let client = try await server.client()
        let pending = try await client.call("append_line", ["line": "hello", "justification": "testing the gateway"])
        #expect(!pending.isError)
        #expect(pending["status"] == "pending_approval")
        #expect(pending["poll_interval_seconds"] == .integer(6))
        #expect(pending["timeout_seconds"] == .integer(120))
        #expect(pending["channels"] == ["console"])
        let id = try #require(pending["request_id"]?.stringValue)
        #expect(pending["message"]?.stringValue?.contains("get_approval_status(request_id='\(id)', wait_seconds=30)") == true)

        let waiting = try await client.call("get_approval_status", ["request_id": .string(id)])
        #expect(waiting["status"] == "pending")
        #expect(waiting["remaining_seconds"] != nil)
        #expect(server.runs == 0)
        let stored = try await server.rest("GET", "/api/v1/approval-requests/\(id)")
        #expect(stored?["agent_reasoning"] == "testing the gateway")
        #expect(stored?["tool_args"] == ["line": "hello"])

        try await server.approve(id)
        let done = try await client.call("get_approval_status", ["request_id": .string(id)])
        #expect(done["status"] == "approved")
        #expect(done["approvals_received"] == .integer(1))
        #expect(done["tool_result"]?["exit_status"] == .integer(0))
        #expect(done["tool_result"]?["stdout"] == #"{"line":"hello"}"#)
        let types = done["events"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
        #expect(types.first == "approval_requested")
        #expect(server.runs == 1)
        await client.disconnect()
        await server.finish()
    }

    @Test func theToolRunsOnceWhenTwoStatusCallsRace() async throws {
        let server = try await GatewayTestServer()
        let first = try await server.client()
        let second = try await server.client()
        let id = try #require(try await first.call("append_line", ["n": 1])["request_id"]?.stringValue)
        try await server.approve(id)
        async let one = first.call("get_approval_status", ["request_id": .string(id)])
        async let two = second.call("get_approval_status", ["request_id": .string(id)])
        let answers = try await [one, two]
        #expect(answers.allSatisfy { ["approved", "executing"].contains($0["status"]?.stringValue) })
        let again = try await first.call("get_approval_status", ["request_id": .string(id)])
        #expect(again["tool_result"]?["stdout"] == #"{"n":1}"#)
        #expect(server.runs == 1)
        await first.disconnect()
        await second.disconnect()
        await server.finish()
    }

    @Test func aMissingRequiredJustificationIsAToolErrorAndCreatesNoRequest() async throws {
        let server = try await GatewayTestServer()
        let client = try await server.client()
        let refused = try await client.call("deploy_preview", ["env": "pr-12"])
        #expect(refused.isError)
        #expect(refused.text.contains("requires a 'justification' parameter"))
        let blank = try await client.call("deploy_preview", ["env": "pr-12", "justification": "  "])
        #expect(blank.isError)
        #expect(try await server.rest("GET", "/api/v1/approval-requests") == [])
        let accepted = try await client.call("deploy_preview", ["env": "pr-12", "justification": "review the UI"])
        #expect(accepted["status"] == "pending_approval")
        await client.disconnect()
        await server.finish()
    }

    @Test func anUnguardedToolRunsAtOnceAndAnUnknownToolIsRefused() async throws {
        let server = try await GatewayTestServer()
        let client = try await server.client()
        let ran = try await client.call("echo_free", ["text": "hi"])
        #expect(!ran.isError)
        #expect(ran["stdout"] == #"{"text":"hi"}"#)
        let unknown = try await client.call("rm_everything", [:])
        #expect(unknown.isError)
        #expect(unknown.text.contains("not available"))
        #expect(try await server.rest("GET", "/api/v1/approval-requests") == [])
        await client.disconnect()
        await server.finish()
    }

    @Test func anAgentCannotSeeAnotherAgentsRequest() async throws {
        let server = try await GatewayTestServer()
        let owner = try await server.client()
        let stranger = try await server.client(token: try server.newAgentToken())
        let id = try #require(try await owner.call("append_line", ["n": 2])["request_id"]?.stringValue)
        try await server.approve(id)
        let refused = try await stranger.call("get_approval_status", ["request_id": .string(id)])
        #expect(refused.isError)
        #expect(refused.text == "Approval request '\(id)' not found or access denied")
        #expect(server.runs == 0)
        let garbage = try await stranger.call("get_approval_status", ["request_id": "not-a-uuid"])
        #expect(garbage.isError)
        await owner.disconnect()
        await stranger.disconnect()
        await server.finish()
    }

    @Test func noTokenIsA401AndHealthReportsTheGateway() async throws {
        let server = try await GatewayTestServer()
        let anonymous = try await server.rawMCP("tools/list", [:], token: nil)
        #expect(anonymous.status == 401)
        let wrong = try await server.rawMCP("tools/list", [:], token: "not-a-token")
        #expect(wrong.status == 401)
        let approver = try await server.rawMCP("tools/list", [:], token: server.approverToken)
        #expect(approver.status == 403)
        let health = try await server.rest("GET", "/api/v1/health")
        #expect(health?["mcp_server"] == "available")
        await server.finish()
    }

    /// Attack finding 5: the MCP body was read by the SDK only (Foundation): `{"a":1,"a":2}`
    /// was stored as `{"a":1}`, big integers became doubles, `é`/`e\u0301` merged. Now the body
    /// is read strictly first and such arguments get a JSON-RPC error naming the problem.
    @Test(arguments: [
        (#"{"env": "staging", "env": "prod", "justification": "why"}"#, -32602, "duplicate key"),
        (#"{"n": 9223372036854775808, "justification": "why"}"#, -32602, "params.arguments.n"),
        (#"{"\u00e9": 1, "e\u0301": 2, "justification": "why"}"#, -32602, "one key"),
        (#"{"s": "\ud800", "justification": "why"}"#, -32700, "lone surrogate"),
    ])
    func ambiguousMCPArgumentsAreRefusedNamingTheProblem(arguments: String, code: Int, words: String) async throws {
        let server = try await GatewayTestServer()
        let body = #"{"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"name": "append_line", "arguments": \#(arguments)}}"#
        let answer = try await server.rawMCPText(body, token: server.agentToken)
        let reply = try JSONDecoder().decode(JSONValue.self, from: Data(answer.body.utf8))
        #expect(reply["error"]?["code"] == .integer(Int64(code)), "\(answer.body)")
        #expect(reply["error"]?["message"]?.stringValue?.contains(words) == true, "\(answer.body)")
        if code == -32602 { #expect(reply["id"] == 7) }
        #expect(try await server.rest("GET", "/api/v1/approval-requests") == [])
        await server.finish()
    }

    /// Issue 14 (attacker's review), F4 and F7: ids the spec does not allow got 202 with an empty
    /// body (and `id: null` created the request); a batch got 400/-32700, `params: []` -32603.
    @Test func badIDsAndBatchesGetTheSpecsErrorAndAllowedIDsAreEchoedExactly() async throws {
        let server = try await GatewayTestServer()
        for item in HostileMessages.refused {
            let answer = try await server.rawMCPText(item.line, token: server.agentToken)
            let reply = try? JSONDecoder().decode(JSONValue.self, from: Data(answer.body.utf8))
            #expect(answer.status == 200, "\(item.line) -> \(answer)")
            #expect(reply?["error"]?["code"] == .integer(item.code), "\(item.line) -> \(answer)")
            #expect(reply?["id"] == item.id, "\(item.line) -> \(answer)")
        }
        #expect(try await server.rest("GET", "/api/v1/approval-requests") == [])
        for allowed in HostileMessages.allowedIDs {
            let answer = try await server.rawMCPText(HostileMessages.call(id: allowed.text), token: server.agentToken)
            #expect(answer.body.contains(#""id":\#(allowed.text)"#), "\(allowed.text) -> \(answer)")
            #expect(answer.body.contains(#""result""#), "\(allowed.text) -> \(answer)")
        }
        await server.finish()
    }

    /// Issue 14 (attacker's review), F5: the error text echoed a tool name's C1 CSI and RLO raw, and
    /// the answer a hostile string id.
    @Test func errorEchoesAndStringIDsAreTerminalSafe() async throws {
        let server = try await GatewayTestServer()
        let answer = try await server.rawMCPText(HostileMessages.hostileEcho, token: server.agentToken)
        #expect(isTerminalSafe(answer.body), "\(answer.body.unicodeScalars.map(\.value))")
        #expect(answer.body.contains(#""id":"id\u009b\u202e""#), "\(answer.body)")
        #expect(answer.body.contains(#"no\u009bx\u202e"#), "\(answer.body)")
        await server.finish()
    }

    @Test func noMCPAnswerCarriesATokenOrAURL() async throws {
        let server = try await GatewayTestServer()
        let agent = server.agentToken
        try await server.rawMCP(
            "initialize", ["protocolVersion": "2025-06-18", "capabilities": [:], "clientInfo": ["name": "t", "version": "1"]],
            token: agent)
        try await server.rawMCP("tools/list", [:], token: agent)
        try await server.rawMCP("tools/call", ["name": "deploy_preview", "arguments": [:]], token: agent)
        let created = try await server.rawMCP(
            "tools/call", ["name": "append_line", "arguments": ["justification": "why not"]], token: agent)
        let id = try #require(created.body.firstMatch(of: /"request_id\\":\\"([0-9a-f-]{36})/)?.1)
        try await server.rawMCP("tools/call", ["name": "get_approval_status", "arguments": ["request_id": .string(String(id))]], token: agent)
        try await server.approve(String(id))
        let done = try await server.rawMCP(
            "tools/call", ["name": "get_approval_status", "arguments": ["request_id": .string(String(id))]], token: agent)
        #expect(done.body.contains("tool_result"))
        #expect(server.rawAnswers.count == 6)
        for answer in server.rawAnswers {
            #expect(!answer.contains(server.approverToken))
            #expect(!answer.contains(agent))
            #expect(!answer.contains("http://") && !answer.contains("https://"))
            #expect(!answer.contains("/approval/"))
        }
        await server.finish()
    }

    @Test func aSyncPolicyHoldsTheCallUntilAPersonDecides() async throws {
        let server = try await GatewayTestServer(policies: PolicySet(
            policies: [ServerPolicy(name: "blocking", tools: ["echo_free"], justification: .none, isAsync: false)],
            tools: [ServerTool(name: "echo_free", command: ["cat"])]))
        let client = try await server.client()
        async let answer = client.call("echo_free", ["text": "wait for me"])
        var id: String?
        for _ in 0..<400 where id == nil {
            id = try await server.rest("GET", "/api/v1/approval-requests?status=pending")?.arrayValue?.first?["id"]?.stringValue
            if id == nil { try await Task.sleep(for: .milliseconds(25)) }
        }
        try await server.approve(try #require(id))
        let decided = try await answer
        #expect(decided["status"] == "approved")
        #expect(decided["tool_result"]?["stdout"] == #"{"text":"wait for me"}"#)
        await client.disconnect()
        await server.finish()
    }

    /// Finding 4 of issue 12: the same fail-closed rule as REST: a listed tool no policy matches is refused.
    @Test func aToolNoPolicyMatchesIsRefusedNamingThePoliciesFile() async throws {
        let runLog = FileManager.default.temporaryDirectory.appendingPathComponent("runs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: runLog) }
        var policies = GatewayTestServer.policies(runLog: runLog)
        policies.allowsUnmatchedTools = false
        policies.source = "/etc/approval/policies.toml"
        let server = try await GatewayTestServer(policies: policies)
        let client = try await server.client()
        let refused = try await client.call("echo_free", ["text": "hi"])
        #expect(refused.isError)
        #expect(refused.text.contains("/etc/approval/policies.toml"))
        #expect(refused.text.contains("allow_unmatched_tools"))
        #expect(!refused.text.contains("\"stdout\""))
        await client.disconnect()
        await server.finish()
    }

    @Test func aModeTheServerDoesNotKnowAsksForAJustificationAndRefusesTheCall() async throws {
        let server = try await GatewayTestServer(policies: PolicySet(
            policies: [ServerPolicy(name: "odd", tools: ["echo_free"], justification: .unknown("sometimes"))],
            tools: [ServerTool(name: "echo_free", command: ["cat"])]))
        let client = try await server.client()
        let schema = try #require(try await client.listTools().tools.first.map { JSONValue($0.inputSchema) })
        #expect(schema["required"] == ["justification"])
        let refused = try await client.call("echo_free", ["justification": "please"])
        #expect(refused.isError)
        #expect(refused.text.contains("unknown mode 'sometimes'"))
        #expect(try await server.rest("GET", "/api/v1/approval-requests") == [])
        await client.disconnect()
        await server.finish()
    }
}

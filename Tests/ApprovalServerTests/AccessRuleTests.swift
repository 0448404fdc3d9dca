import ApprovalClient
import ApprovalModel
@testable import ApprovalServer
import Foundation
import Testing

/// Access rules on the local server: evaluated before a person is asked, first match by priority,
/// a deny beats any allow, expiry, what a rule can never widen, and no agent may touch them.
@Suite struct AccessRuleTests {
    static func configuration(_ tool: String) -> String { ServerIdentity.toolConfigurationID(tool) }

    /// Makes a rule on `tool` as the approver; the answer.
    static func rule(
        _ server: TestServer, _ tool: String, action: String = "allow", condition: String? = nil, priority: Int? = nil,
        expiresAt: Date? = nil, token: String? = nil, extra: [String: JSONValue] = [:]
    ) async throws -> Answer {
        // Rules go on a tool configuration, and the server knows a configuration once a policy
        // lists the tool or an agent has called it: "allow similar" always starts from a call.
        _ = try await server.createToolCall(tool, args: ["seed": true], justification: "seed")
        var body: [String: JSONValue] = ["action": .string(action)]
        if let condition { body["condition_expression"] = .string(condition) }
        if let priority { body["priority"] = .integer(Int64(priority)) }
        if let expiresAt { body["expires_at"] = .string(PreloopTimestamp.naive(expiresAt)) }
        body.merge(extra) { _, new in new }
        return try await server.call(
            "POST", "/api/v1/tool-configurations/\(configuration(tool))/access-rules", token: token ?? server.approverToken,
            json: .object(body))
    }

    static func ruleID(_ answer: Answer) throws -> String {
        #expect(answer.status == 201, "\(answer.text)")
        return try #require(answer["id"]?.stringValue)
    }

    @Test func anExactRuleApprovesTheSameCallWithoutAPersonAndNamesItself() async throws {
        let server = try await TestServer()
        let args: JSONValue = ["path": "/tmp/a b", "depth": 2, "note": "say \"hi\"\\\n"]
        let first = try await server.createToolCall("list_files", args: args)
        #expect(first.status == 202)
        let condition = try CELText.equalities([(path: [], value: args)], toolName: nil, userID: nil)
        let id = try Self.ruleID(try await Self.rule(server, "list_files", condition: condition))

        let again = try await server.createToolCall("list_files", args: args)
        #expect(again.status == 200, "\(again.text)")
        #expect(again["status"] == "approved")
        let events = again["events"]?.arrayValue?.compactMap { $0["detail"]?.stringValue } ?? []
        #expect(events.contains { $0.contains("approved by access rule \(id) (made by approver)") })
        let requestID = try #require(again["request_id"]?.stringValue)
        let row = try await server.call("GET", "/api/v1/approval-requests/\(requestID)", token: server.approverToken)
        #expect(row["status"] == "approved")
        #expect(row["decided_by_rule"]?["id"]?.stringValue == id)
        #expect(row["decided_by_rule"]?["created_by"] == "approver")

        // One scalar different: a person is asked.
        let other = try await server.createToolCall("list_files", args: ["path": "/tmp/a b", "depth": 3, "note": "say \"hi\"\\\n"])
        #expect(other.status == 202)
        let tools = try await server.call("GET", "/api/v1/tools", token: server.approverToken)
        let listed = tools.json?.arrayValue?.first { $0["name"] == "list_files" }
        #expect(listed?["access_rules"]?.arrayValue?.first?["decided_count"] == 1)
        await server.finish()
    }

    @Test func aDenyRuleBeatsAnAllowRuleWhateverThePriorities() async throws {
        let server = try await TestServer()
        _ = try Self.ruleID(try await Self.rule(server, "list_files", priority: -50))
        let deny = try Self.ruleID(try await Self.rule(
            server, "list_files", action: "deny", condition: #"args.env == "prod""#, priority: 900,
            extra: ["description": "never on prod"]))
        let refused = try await server.createToolCall("list_files", args: ["env": "prod"])
        #expect(refused.status == 422)
        #expect(refused["detail"]?.stringValue == "Denied by access rule \(deny) on tool 'list_files': never on prod")
        let allowed = try await server.createToolCall("list_files", args: ["env": "dev"])
        #expect(allowed["status"] == "approved")
        // The refused call is in history, declined, naming the rule.
        let declined = try await server.call("GET", "/api/v1/approval-requests?status=declined", token: server.approverToken)
        #expect(declined.json?.arrayValue?.first?["decided_by_rule"]?["id"]?.stringValue == deny)
        await server.finish()
    }

    @Test func aDenyRuleThatCannotBeEvaluatedRefusesAndAnAllowOneAsks() async throws {
        let server = try await TestServer()
        _ = try Self.ruleID(try await Self.rule(server, "list_files", action: "deny", condition: "args.env == 1"))
        // `env` missing: the deny's condition errors, and an error never lets a call through.
        let refused = try await server.createToolCall("list_files", args: ["path": "x"])
        #expect(refused.status == 422)
        let server2 = try await TestServer()
        _ = try Self.ruleID(try await Self.rule(server2, "list_files", condition: #"args.env == "dev""#))
        let asked = try await server2.createToolCall("list_files", args: ["path": "x"])
        #expect(asked.status == 202)
        await server.finish()
        await server2.finish()
    }

    @Test func theFirstMatchingRuleByPriorityDecides() async throws {
        let server = try await TestServer()
        _ = try Self.ruleID(try await Self.rule(server, "list_files", action: "require_approval", priority: 0))
        _ = try Self.ruleID(try await Self.rule(server, "list_files", priority: 10))
        #expect(try await server.createToolCall("list_files", args: ["a": 1]).status == 202)
        _ = try Self.ruleID(try await Self.rule(server, "list_files", condition: "args.a == 1", priority: -1))
        #expect(try await server.createToolCall("list_files", args: ["a": 1])["status"] == "approved")
        #expect(try await server.createToolCall("list_files", args: ["a": 2]).status == 202)
        await server.finish()
    }

    @Test func aRuleStopsOnItsOwnAtItsExpiryAndARevokedOneAtOnce() async throws {
        let server = try await TestServer()
        let expiring = try Self.ruleID(try await Self.rule(
            server, "list_files", condition: "args.a == 1", expiresAt: server.clock.now.addingTimeInterval(60)))
        #expect(try await server.createToolCall("list_files", args: ["a": 1])["status"] == "approved")
        server.clock.advance(by: 61)
        #expect(try await server.createToolCall("list_files", args: ["a": 1]).status == 202)
        let listed = try await server.call(
            "GET", "/api/v1/tool-configurations/\(Self.configuration("list_files"))/access-rules", token: server.approverToken)
        #expect(listed.json?.arrayValue?.isEmpty == true)
        #expect(try await server.call("DELETE", "/api/v1/access-rules/\(expiring)", token: server.approverToken).status == 404)

        let standing = try Self.ruleID(try await Self.rule(server, "list_files", condition: "args.a == 2"))
        #expect(try await server.createToolCall("list_files", args: ["a": 2])["status"] == "approved")
        let revoked = try await server.call("DELETE", "/api/v1/access-rules/\(standing)", token: server.approverToken)
        #expect(revoked.status == 200)
        #expect(try await server.call("DELETE", "/api/v1/access-rules/\(standing)", token: server.approverToken).status == 404)
        #expect(try await server.createToolCall("list_files", args: ["a": 2]).status == 202)
        // The call it approved still names it and its maker.
        let approved = try await server.call("GET", "/api/v1/approval-requests?status=approved", token: server.approverToken)
        #expect(approved.json?.arrayValue?.contains { $0["decided_by_rule"]?["id"]?.stringValue == standing } == true)
        // An expiry in the past is refused.
        let past = try await Self.rule(server, "list_files", expiresAt: server.clock.now.addingTimeInterval(-1))
        #expect(past.status == 422)
        await server.finish()
    }

    @Test func rulesSurviveARestart() async throws {
        let server = try await TestServer()
        _ = try Self.ruleID(try await Self.rule(server, "list_files", condition: "args.a == 1"))
        try await server.restart()
        #expect(try await server.createToolCall("list_files", args: ["a": 1])["status"] == "approved")
        await server.finish()
    }

    @Test func noAgentCanListMakeChangeOrRemoveARule() async throws {
        let server = try await TestServer()
        let id = try Self.ruleID(try await Self.rule(server, "list_files", condition: "args.a == 1"))
        let config = Self.configuration("list_files")
        let body = try JSONEncoder().encode(["action": "allow"] as JSONValue)
        let attempts: [(String, String)] = [
            ("GET", "/api/v1/tool-configurations/\(config)/access-rules"),
            ("POST", "/api/v1/tool-configurations/\(config)/access-rules"),
            ("PUT", "/api/v1/access-rules/\(id)"),
            ("DELETE", "/api/v1/access-rules/\(id)"),
            ("GET", "/api/v1/tools"),
        ]
        for (method, path) in attempts {
            let sent = method == "POST" || method == "PUT" ? body : nil
            let asAgent = try await server.call(method, path, token: server.agentToken, body: sent)
            #expect(asAgent.status == 403, "\(method) \(path) as an agent: \(asAgent.status)")
            let anonymous = try await server.call(method, path, token: nil, body: sent)
            #expect(anonymous.status == 401, "\(method) \(path) without a token: \(anonymous.status)")
        }
        // Nothing changed: the rule still stands and still allows.
        #expect(try await server.createToolCall("list_files", args: ["a": 1])["status"] == "approved")
        await server.finish()
    }

    @Test func aRuleNeverStandsInForTwoApproversOrARequiredJustification() async throws {
        let server = try await TestServer()
        let quorum = try await Self.rule(server, "send_payment")
        #expect(quorum.status == 422)
        #expect(quorum["detail"]?.stringValue?.contains("needs 2 different approvers") == true)
        // A deny rule there is fine: it only narrows.
        _ = try Self.ruleID(try await Self.rule(server, "send_payment", action: "deny", condition: "args.amount == 1"))
        // A rule on a tool that requires a justification does not waive it.
        _ = try Self.ruleID(try await Self.rule(server, "deploy_service"))
        let bare = try await server.createToolCall("deploy_service", args: ["env": "prod"])
        #expect(bare.status == 422)
        #expect(bare["detail"]?.stringValue?.hasPrefix("Justification required") == true)
        let reasoned = try await server.createToolCall("deploy_service", args: ["env": "prod"], justification: "release")
        #expect(reasoned["status"] == "approved")
        await server.finish()
    }

    @Test func anAllowRuleNeverMatchesArgumentsToolsWouldReadAsOtherValues() async throws {
        let server = try await TestServer()
        _ = try Self.ruleID(try await Self.rule(server, "list_files"))
        // Past 2^63: Foundation reads it as a double, the tool gets the digits. A person decides.
        let body = Data(#"{"tool_name":"list_files","tool_args":{"n":9223372036854775808},"agent_name":"a"}"#.utf8)
        let huge = try await server.call("POST", "/api/v1/agent/tool-calls", token: server.agentToken, body: body)
        #expect(huge.status == 202, "\(huge.text)")
        let fits = Data(#"{"tool_name":"list_files","tool_args":{"n":9223372036854775807},"agent_name":"a"}"#.utf8)
        #expect(try await server.call("POST", "/api/v1/agent/tool-calls", token: server.agentToken, body: fits)["status"] == "approved")
        await server.finish()
    }

    @Test func aRuleMatchesADecimalByValueOnlyWhenNoDigitIsLost() async throws {
        let server = try await TestServer()
        _ = try Self.ruleID(try await Self.rule(server, "pay", condition: "args.amount == 0.1"))
        func call(_ amount: String) async throws -> Answer {
            let body = Data(#"{"tool_name":"pay","tool_args":{"amount":\#(amount)},"agent_name":"a"}"#.utf8)
            return try await server.call("POST", "/api/v1/agent/tool-calls", token: server.agentToken, body: body)
        }
        // Digits no double holds: a reader of exact decimals pays another amount than 0.1. A person decides.
        #expect(try await call("0.1000000000000000000001").status == 202)
        #expect(try await call("0.10000000000000000555").status == 202)
        // Exponents past what is measured (one is Int64.min) are refused, and the server keeps answering.
        _ = try Self.ruleID(try await Self.rule(server, "pay", condition: "args.amount == 0.0"))
        #expect(try await call("1e-9223372036854775808").status == 202)
        #expect(try await call("-1e-100000").status == 202)
        #expect(try await call("1e-99999999999999999999").status == 202)
        // The same value written otherwise is the same number to every reader.
        #expect(try await call("0.1")["status"] == "approved")
        #expect(try await call("0.10")["status"] == "approved")
        #expect(try await call("1e-1")["status"] == "approved")
        await server.finish()
    }

    @Test func aVerdictOvertakenByADenyRuleOrAnEditIsNotStoredAndAPersonIsAsked() async throws {
        let server = try await TestServer()
        let allowID = try Self.ruleID(try await Self.rule(server, "list_files", condition: #"args.path == "/tmp""#))
        let database = try ServerDatabase(file: server.server.dataDirectory.databaseFile)
        let call = ToolCallBody(toolName: "list_files", toolArgs: ["path": "/tmp"], justification: "look", agentName: "a")
        let policy = ServerPolicy(name: "default", tools: ["*"], justification: .optional)
        let caller = Caller(id: "agent-1", role: .agent, name: "a", credentialID: "t")
        let evaluate = AgentCalls.ruleEvaluator(call, policy: policy, caller: caller)
        let read = evaluate(try database.rules(tool: "list_files", now: Date()))
        #expect(read == .allow(try #require(try database.rule(id: allowID))))
        let new = NewRequest(call: call, storedJustification: "look", policy: policy, policyID: "p", createdBy: caller.id)
        // Between the read and the write an approver narrows the rule: the stale verdict is not stored.
        let narrowed = try await server.call(
            "PUT", "/api/v1/access-rules/\(allowID)", token: server.approverToken,
            json: ["condition_expression": #"args.path == "/srv""#])
        #expect(narrowed.status == 200, "\(narrowed.text)")
        #expect(try database.decideByRule(new, verdict: read, at: Date(), recheck: evaluate) == nil)
        // Put back, then a deny rule arrives first: the allow is not stored either.
        _ = try await server.call(
            "PUT", "/api/v1/access-rules/\(allowID)", token: server.approverToken, json: ["condition_expression": #"args.path == "/tmp""#])
        let fresh = evaluate(try database.rules(tool: "list_files", now: Date()))
        _ = try Self.ruleID(try await Self.rule(server, "list_files", action: "deny", condition: #"args.path == "/tmp""#))
        #expect(try database.decideByRule(new, verdict: fresh, at: Date(), recheck: evaluate) == nil)
        #expect(try database.rule(id: allowID)?.decidedCount == 0, "no call was counted for the overtaken rule")
        await server.finish()
    }

    @Test func everyToolNameHasItsOwnStableUUIDShapedConfiguration() {
        let names = ["deploy", "deploy ", "Deploy", "d\u{E9}ploy", "de\u{301}ploy", "de\u{0}ploy", ""] + (0..<5_000).map { "tool_\($0)" }
        let ids = names.map(ServerIdentity.toolConfigurationID)
        #expect(Set(ids).count == names.count, "two tool names share a configuration id")
        #expect(ids.allSatisfy { UUID(uuidString: $0) != nil })
        #expect(ServerIdentity.toolConfigurationID("deploy") == ids[0], "stable")
    }

    @Test func aNulInAnArgumentIsMatchedExactlyNotCutShort() async throws {
        let server = try await TestServer()
        let args: JSONValue = ["cmd": "ls\u{0}; rm -rf /"]
        let condition = try CELText.equalities([(path: [], value: args)], toolName: nil, userID: nil)
        _ = try Self.ruleID(try await Self.rule(server, "list_files", condition: condition))
        try await server.restart()  // read back from the file: the NUL survived storage
        #expect(try await server.createToolCall("list_files", args: args)["status"] == "approved")
        #expect(try await server.createToolCall("list_files", args: ["cmd": "ls"]).status == 202)
        await server.finish()
    }

    @Test func thisAgentMeansThePrincipalTheServerCheckedNotTheNameItClaims() async throws {
        let server = try await TestServer()
        let first = try await server.createToolCall("list_files", args: ["a": 1])
        let requestID = try #require(first["request_id"]?.stringValue)
        let row = try await server.call("GET", "/api/v1/approval-requests/\(requestID)", token: server.approverToken)
        let agent = try #require(row["agent_principal_id"]?.stringValue)
        let condition = try CELText.equalities([], toolName: nil, userID: agent)
        _ = try Self.ruleID(try await Self.rule(server, "list_files", condition: condition))
        #expect(try await server.createToolCall("list_files", args: ["b": 2])["status"] == "approved")
        // Another agent principal calling itself "test-agent" too is asked about.
        let other = try ApprovalServer.createToken(role: .agent, name: "other-agent", dataDirectory: server.directory)
        #expect(try await server.createToolCall("list_files", args: ["b": 2], token: other).status == 202)
        await server.finish()
    }

    @Test(arguments: [
        (#"{"action":"ALLOW"}"#, 400),
        (#"{"condition_expression":"true"}"#, 422),
        (#"{"action":"allow","condition_expression":"args.a == \"x\u0000\""}"#, 201),
        (#"{"action":"allow","condition_expression":"size(args) == 1"}"#, 422),
        (#"{"action":"allow","condition_expression":"foo == 1"}"#, 422),
        (#"{"action":"allow","condition_expression":"args.a == \"\u001b[2J\""}"#, 201),
        (#"{"action":"allow","priority":9223372036854775808}"#, 422),
        (#"{"action":"allow","priority":1e3}"#, 422),
        (#"{"action":"allow","priority":5000000}"#, 422),
        (#"{"action":"allow","action":"deny"}"#, 422),
        (#"{"action":"allow","description":"ok\u001b]0;pwned\u0007"}"#, 422),
        (#"{"action":"allow","description":"ok\u202etxt"}"#, 422),
        (#"{"action":"allow","condition_type":"jsonpath"}"#, 422),
        (#"{"action":"allow","approval_workflow_id":"00000000-0000-4000-8000-000000000009"}"#, 422),
        (#"{"action":"allow","expires_at":"tomorrow"}"#, 422),
        (#"{"action":"allow","is_enabled":"maybe"}"#, 422),
        (#"[1]"#, 422),
        (#"{"action":"allow""#, 422),
    ] as [(String, Int)])
    func hostileRuleBodiesAreRefusedByName(body: String, status: Int) async throws {
        let server = try await TestServer()
        _ = try await server.createToolCall("list_files", args: ["seed": true])
        let answer = try await server.call(
            "POST", "/api/v1/tool-configurations/\(Self.configuration("list_files"))/access-rules",
            token: server.approverToken, body: Data(body.utf8))
        #expect(answer.status == status, "\(body) -> \(answer.text)")
        if status != 201 {
            let listed = try await server.call(
                "GET", "/api/v1/tool-configurations/\(Self.configuration("list_files"))/access-rules", token: server.approverToken)
            #expect(listed.json?.arrayValue?.isEmpty == true, "a refused body stored a rule")
        }
        await server.finish()
    }

    @Test func aConditionTooDeepToEvaluateIsRefusedAndTheServerKeepsAnswering() async throws {
        let server = try await TestServer()
        let deep = try await Self.rule(server, "list_files", action: "deny", condition: "args" + String(repeating: ".a", count: 2400))
        #expect(deep.status == 422, "\(deep.text.prefix(200))")
        let changed = try await Self.rule(server, "list_files", condition: "args.x == 1")
        let id = try Self.ruleID(changed)
        let put = try await server.call(
            "PUT", "/api/v1/access-rules/\(id)", token: server.approverToken,
            json: ["condition_expression": .string(Array(repeating: "true", count: 1300).joined(separator: " && "))])
        #expect(put.status == 422)
        #expect(try await server.createToolCall("list_files", args: ["x": 1])["status"] == "approved")
        await server.finish()
    }

    @Test func aRuleOnAnUnknownConfigurationOrUnguardedToolIsRefused() async throws {
        let server = try await TestServer()
        let unknown = try await server.call(
            "POST", "/api/v1/tool-configurations/00000000-0000-4000-8000-00000000abcd/access-rules", token: server.approverToken,
            json: ["action": "allow"])
        #expect(unknown.status == 404)
        await server.finish()
        let open = try await TestServer(policies: PolicySet(policies: [], tools: [ServerTool(name: "echo", description: nil)], allowsUnmatchedTools: true))
        let refused = try await Self.rule(open, "echo")
        #expect(refused.status == 422)
        await open.finish()
    }

    @Test func putChangesOnlyTheFieldsSent() async throws {
        let server = try await TestServer()
        let id = try Self.ruleID(try await Self.rule(server, "list_files", condition: "args.a == 1", priority: 3))
        let changed = try await server.call("PUT", "/api/v1/access-rules/\(id)", token: server.approverToken, json: ["is_enabled": false])
        #expect(changed.status == 200)
        #expect(changed["priority"] == 3)
        #expect(changed["condition_expression"] == "args.a == 1")
        #expect(try await server.createToolCall("list_files", args: ["a": 1]).status == 202)
        _ = try await server.call("PUT", "/api/v1/access-rules/\(id)", token: server.approverToken, json: ["is_enabled": true])
        #expect(try await server.createToolCall("list_files", args: ["a": 1])["status"] == "approved")
        let bad = try await server.call("PUT", "/api/v1/access-rules/\(id)", token: server.approverToken, json: ["condition_expression": "args.a =="])
        #expect(bad.status == 422)
        await server.finish()
    }
}

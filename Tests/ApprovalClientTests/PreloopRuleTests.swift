import ApprovalClient
import ApprovalModel
import ApprovalViewModels
import Foundation
import Testing

/// "Allow similar" against Preloop's captured answers, seed and newest commit: the CEL built from
/// a captured request, where the rule goes among the tool's rules, and what the server refusing says.
@Suite struct PreloopRuleTests {
    /// `name` from the seed set ("") or the newest commit's ("head/").
    static func fixture(_ set: String, _ name: String) throws -> Data { try Fixtures.data(set + name) }

    static func request(_ set: String) throws -> ApprovalRequest {
        let data = try fixture(set, "approval_request_get_delete_records")
        return try JSONDecoder.preloop().decode(ApprovalRequest.self, from: data)
    }

    @Test(arguments: ["", "head/"])
    func theConditionBuiltFromACapturedRequestMatchesItAndNothingElse(set: String) throws {
        let request = try Self.request(set)
        let chooser = try RuleChooser.open(for: request).get()
        #expect(chooser.agentPrincipalID == nil, "Preloop's requests name no caller")
        let exact = try chooser.draft(now: Date()).get()
        #expect(exact.configurationID == request.toolConfigurationID)
        let condition = try CELCondition(exact.condition)
        func context(_ args: JSONValue) -> CELContext {
            CELContext(args: args, toolName: request.toolName, userID: nil, accountID: request.accountID)
        }
        #expect(condition.matches(context(request.toolArgs)) == .matched)
        var changed = request.toolArgs.objectValue ?? [:]
        changed["dry_run"] = .bool(true)
        #expect(condition.matches(context(.object(changed))) == .notMatched)
        var fields = chooser
        _ = fields.press(.character("3"), now: Date())
        _ = fields.press(.character(" "), now: Date())  // the first argument by name: dry_run
        let one = try fields.draft(now: Date()).get().condition
        #expect(one == "args.dry_run == false")
        #expect(try CELCondition(one).matches(context(.object(changed))) == .notMatched)
    }

    @Test func quotesBackslashesAndNewlinesInAnArgumentAreQuotedSafelyForCEL() throws {
        let hostile: JSONValue = ["q": "a\" || true || \"b\\\" \n\r\t\u{0}\u{1B}[2J\u{202E}é"]
        let text = try CELText.equalities([(path: ["q"], value: hostile["q"]!)], toolName: nil, userID: nil)
        #expect(text.utf8.allSatisfy { (0x20...0x7E).contains($0) }, "\(text)")
        #expect(!text.contains("\n"))
        let condition = try CELCondition(text)
        func matches(_ value: String) -> CELResult {
            condition.matches(CELContext(args: ["q": .string(value)], toolName: "t", userID: nil, accountID: nil))
        }
        #expect(matches(hostile["q"]!.stringValue!) == .matched)
        #expect(matches("a") == .notMatched)
        #expect(matches("b") == .notMatched)
        // Precomposed é is another string than e + combining acute, whatever Swift's == says.
        #expect(matches("a\" || true || \"b\\\" \n\r\t\u{0}\u{1B}[2J\u{202E}e\u{301}") == .notMatched)
    }

    @Test(arguments: ["", "head/"])
    func theRuleGoesOnTheRequestsToolConfigurationAsAnAllowRule(set: String) async throws {
        let request = try Self.request(set)
        let configuration = try #require(request.toolConfigurationID)
        let stored = try String(decoding: Self.fixture(set, "tool_configuration_get"), as: UTF8.self)
        let config = try JSONDecoder.preloop().decode(ToolConfiguration.self, from: Data(stored.utf8))
        #expect(config.approvalPolicyID != nil, "both spellings of the policy id are read")
        let draft = try RuleChooser.open(for: request).get().draft(now: Date(timeIntervalSince1970: 1_800_000_000)).get()
        try await FixtureServer.run { server in
            let path = "/api/v1/tool-configurations/\(configuration)/access-rules"
            await server.on("GET", path, reply: try .fixture(set + "tool_configuration_access_rules"))
            let created = #"{"id":"7b1d0c1e-0000-4000-8000-000000000001","account_id":"a","tool_configuration_id":"\#(configuration)","action":"allow","condition_expression":"x","condition_type":"cel","priority":0,"description":null,"is_enabled":true,"\#(set.isEmpty ? "approval_policy_id" : "approval_workflow_id")":null}"#
            await server.on("POST", path, reply: .json(201, created))
            let client = try PreloopClientTests.client(server)
            let rule = try await client.createAllowRule(draft)
            #expect(rule.id == "7b1d0c1e-0000-4000-8000-000000000001" && rule.action == "allow")
            let sent = try #require(await server.requests.last { $0.method == "POST" })
            let body = try JSONDecoder().decode(JSONValue.self, from: sent.body)
            #expect(body["action"] == "allow")
            #expect(body["condition_type"] == "cel")
            #expect(body["condition_expression"]?.stringValue == draft.condition)
            #expect(body["priority"] == 0)
            #expect(body["is_enabled"] == true)
            #expect(body["description"]?.stringValue == "approval-tui allow similar: this exact call; expires 2027-01-16T08:00:00Z")
        }
    }

    @Test func theAllowRuleGoesAfterEveryDenyAndBeforeTheApprovalRule() {
        func rule(_ action: String, _ priority: Int, enabled: Bool = true) -> AccessRule {
            AccessRule(id: UUID().uuidString, action: action, priority: priority, isEnabled: enabled)
        }
        #expect(RulePlacement.priority(among: []) == .success(0))
        #expect(RulePlacement.priority(among: [rule("require_approval", 0)]) == .success(-1))
        #expect(RulePlacement.priority(among: [rule("deny", -10), rule("require_approval", 0)]) == .success(-1))
        #expect(RulePlacement.priority(among: [rule("deny", 3), rule("require_approval", 10)]) == .success(4))
        #expect(RulePlacement.priority(among: [rule("deny", 12)]) == .success(13))
        #expect(RulePlacement.priority(among: [rule("deny", 9), rule("require_approval", 10)])
            == .failure(RulePlacementProblem(denyPriority: 9, askPriority: 10)))
        // A disabled deny rule still counts: re-enabled later, it must run before the allow rule.
        #expect(RulePlacement.priority(among: [rule("deny", 50, enabled: false), rule("require_approval", 10)])
            == .failure(RulePlacementProblem(denyPriority: 50, askPriority: 10)))
        #expect(RulePlacement.priority(among: [rule("deny", 3), rule("require_approval", 50, enabled: false)]) == .success(4))
        // A hostile server's extreme priorities leave no room; they never trap.
        #expect(RulePlacement.priority(among: [rule("require_approval", Int.min)])
            == .failure(RulePlacementProblem(denyPriority: 0, askPriority: Int.min)))
        #expect(RulePlacement.priority(among: [rule("deny", Int.max)])
            == .failure(RulePlacementProblem(denyPriority: Int.max, askPriority: Int.max)))
        #expect(RulePlacement.priority(among: [rule("deny", Int.min), rule("require_approval", Int.max)]) == .success(0))
    }

    @Test func rulesOfBothSpellingsDecodeAndTheirOldPolicyFieldIsKept() throws {
        for key in ["approval_policy_id", "approval_workflow_id"] {
            let json = #"{"id":"r","action":"require_approval","priority":5,"\#(key)":"p-1","condition_expression":"args.x == 1"}"#
            let rule = try JSONDecoder.preloop().decode(AccessRule.self, from: Data(json.utf8))
            #expect(rule.approvalPolicyID == "p-1" && rule.priority == 5)
        }
    }

    @Test func aServerThatRefusesSaysWhyAndNoRuleIsSent() async throws {
        let request = try Self.request("head/")
        let draft = try RuleChooser.open(for: request).get().draft(now: Date()).get()
        let path = "/api/v1/tool-configurations/\(try #require(request.toolConfigurationID))/access-rules"
        try await FixtureServer.run { server in
            await server.on("GET", path, reply: .json(403, #"{"detail":"Not enough permissions"}"#))
            let client = try PreloopClientTests.client(server)
            await #expect(throws: ClientError.forbidden(detail: "Not enough permissions")) { try await client.createAllowRule(draft) }
            #expect(await server.requests.allSatisfy { $0.method == "GET" })
        }
        try await FixtureServer.run { server in
            let rules = #"[{"id":"d","action":"deny","priority":9},{"id":"q","action":"require_approval","priority":10}]"#
            await server.on("GET", path, reply: .json(200, rules))
            let client = try PreloopClientTests.client(server)
            await #expect(throws: ClientError.self) { try await client.createAllowRule(draft) }
            #expect(await server.requests.allSatisfy { $0.method == "GET" })
        }
    }

    @Test(arguments: ["", "head/"])
    func everyRuleOfEveryToolIsListedWithItsTool(set: String) async throws {
        try await FixtureServer.run { server in
            guard case .array(var tools) = try JSONDecoder().decode(JSONValue.self, from: try Self.fixture(set, "tools_list")) else {
                Issue.record("tools_list is not an array")
                return
            }
            let index = try #require(tools.firstIndex { $0["name"] == "deploy_service" })
            guard case .object(var deploy) = tools[index] else { return }
            deploy["access_rules"] = [["id": "r-1", "action": "allow", "priority": 0, "condition_expression": "args.env == \"dev\"",
                                       "description": "approval-tui allow similar: matching arguments; expires 2020-01-01T00:00:00Z"]]
            tools[index] = .object(deploy)
            await server.on("GET", "/api/v1/tools", reply: .json(200, String(decoding: try JSONEncoder().encode(JSONValue.array(tools)), as: UTF8.self)))
            let client = try PreloopClientTests.client(server)
            let rules = try await client.allAccessRules()
            #expect(rules.count == 1)
            #expect(rules.first?.toolName == "deploy_service")
            #expect(rules.first?.toolConfigurationID == deploy["config_id"]?.stringValue)
            #expect(rules.first.flatMap(RuleExpiry.of) == Date(timeIntervalSince1970: 1_577_836_800))
        }
    }
}

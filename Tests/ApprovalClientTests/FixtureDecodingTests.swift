import ApprovalClient
import ApprovalModel
import Foundation
import Testing

/// Every captured Preloop response decodes with the model the client uses for it.
@Suite struct FixtureDecodingTests {
    /// What a fixture decodes as, chosen by its file name.
    enum Model: Equatable {
        case decoded(String)
        case errorBody
        case agentSide
    }

    /// Rules in order; the first prefix that matches wins. `mcp_servers_list` is REST (approver
    /// side) and comes before the agent-side `mcp_` rule.
    static let rules: [(prefix: String, model: String, decode: @Sendable (Data) throws -> Any)] = [
        ("approval_requests_list_", "[ApprovalRequest]", { try decode([ApprovalRequest].self, $0) }),
        ("approval_request_", "ApprovalRequest", { try decode(ApprovalRequest.self, $0) }),
        ("approval_policies_list", "[ApprovalPolicy]", { try decode([ApprovalPolicy].self, $0) }),
        ("approval_workflows_list", "[ApprovalPolicy]", { try decode([ApprovalPolicy].self, $0) }),
        ("approval_policy_", "ApprovalPolicy", { try decode(ApprovalPolicy.self, $0) }),
        ("ws_", "ServerEvent", { try decode(ServerEvent.self, $0) }),
        ("flows_list", "[Flow]", { try decode([Flow].self, $0) }),
        ("flow_get", "Flow", { try decode(Flow.self, $0) }),
        ("flow_executions_list", "[FlowExecution]", { try decode([FlowExecution].self, $0) }),
        ("flow_execution_logs", "ExecutionLogPage", { try decode(ExecutionLogPage.self, $0) }),
        ("flow_execution_metrics", "ExecutionMetrics", { try decode(ExecutionMetrics.self, $0) }),
        ("flow_execution_command_", "StatusReply", { try decode(StatusReply.self, $0) }),
        ("flow_execution_get_", "FlowExecution", { try decode(FlowExecution.self, $0) }),
        ("health_ping", "StatusReply", { try decode(StatusReply.self, $0) }),
        ("health_health", "HealthReport", { try decode(HealthReport.self, $0) }),
        ("auth_users_me", "CurrentUser", { try decode(CurrentUser.self, $0) }),
        ("auth_token_json", "TokenPair", { try decode(TokenPair.self, $0) }),
        ("auth_api_keys_create", "APIKeyCreated", { try decode(APIKeyCreated.self, $0) }),
        ("tools_list", "[Tool]", { try decode([Tool].self, $0) }),
        ("tool_configuration_access_rules", "[AccessRule]", { try decode([AccessRule].self, $0) }),
        ("tool_configuration_get", "ToolConfiguration", { try decode(ToolConfiguration.self, $0) }),
        ("mcp_servers_list", "[MCPServerInfo]", { try decode([MCPServerInfo].self, $0) }),
    ]

    static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        try JSONDecoder.preloop().decode(type, from: data)
    }

    /// The model for fixture `name`, or nil when no rule covers it (a new kind of fixture).
    static func model(for name: String) -> Model? {
        if let status = Fixtures.status(of: name), status >= 400 { return .errorBody }
        if let rule = rules.first(where: { name.hasPrefix($0.prefix) }) { return .decoded(rule.model) }
        if name.hasPrefix("mcp_") { return .agentSide }
        return nil
    }

    @Test func everyFixtureDecodesWithItsModel() throws {
        let names = try Fixtures.jsonNames()
        #expect(names.count >= 70, "the vendored fixtures are missing")
        var decodedCount = 0
        for name in names {
            let data = try Fixtures.data(name)
            switch Self.model(for: name) {
            case nil:
                Issue.record("\(name) matches no decoding rule: add one to FixtureDecodingTests.rules")
            case .agentSide:
                continue  // MCP results are what the agent sees, not the approver's REST API.
            case .errorBody:
                let body = try Self.decode(PreloopErrorBody.self, data)
                #expect(!body.message.isEmpty, "\(name) has an empty error message")
                decodedCount += 1
            case .decoded(let model):
                let rule = try #require(Self.rules.first { name.hasPrefix($0.prefix) })
                do {
                    _ = try rule.decode(data)
                    decodedCount += 1
                } catch {
                    Issue.record("\(name) does not decode as \(model): \(error)")
                }
            }
        }
        #expect(decodedCount >= 60)
    }

    @Test func everyRestFixtureHasAStatusInTheReadme() throws {
        for name in try Fixtures.jsonNames() 
        where (!name.hasPrefix("ws_") && !name.hasPrefix("mcp_")) || name == "mcp_servers_list.json" {
            #expect(Fixtures.status(of: name) != nil, "\(name) has no row with a status in Fixtures/README.md")
        }
    }

    @Test func errorFixturesCoverBothPreloopErrorShapes() throws {
        let bodies = try Fixtures.jsonNames()
            .filter { Self.model(for: $0) == .errorBody }
            .map { try Self.decode(PreloopErrorBody.self, Fixtures.data($0)) }
        #expect(bodies.contains { if case .message = $0.detail { true } else { false } })
        #expect(bodies.contains { if case .validation = $0.detail { true } else { false } })
    }

    @Test func justificationIsTheAgentReasoning() throws {
        let request = try Self.decode(
            ApprovalRequest.self, Fixtures.data("approval_request_get_with_justification_nested_args"))
        #expect(request.agentReasoning == "Customer reported outage; rolling out the hotfix that passed CI.")
        #expect(request.hasJustification)
        #expect(request.status == .pending)
    }

    @Test func naiveTimestampsAreReadAsUTC() throws {
        let request = try Self.decode(
            ApprovalRequest.self, Fixtures.data("approval_request_get_with_justification_nested_args"))
        // "requested_at": "2026-11-25T13:37:11.259215" (no offset: UTC)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let whole = try #require(
            calendar.date(from: DateComponents(year: 2026, month: 11, day: 25, hour: 13, minute: 37, second: 11)))
        #expect(abs(request.requestedAt.timeIntervalSince(whole) - 0.259215) < 0.000_01)
    }

    @Test func validationErrorReadsAsTheServersMessage() throws {
        let body = try Self.decode(PreloopErrorBody.self, Fixtures.data("approval_requests_list_limit_over_max_422"))
        #expect(body.message == "query.limit: Input should be less than or equal to 100")
    }

    @Test func firstQuorumVoteLeavesTheRequestPending() throws {
        let request = try Self.decode(
            ApprovalRequest.self, Fixtures.data("approval_request_approve_quorum2_first_vote"))
        #expect(request.status == .pending)
        #expect(request.resolvedAt == nil)
    }

    @Test func secondDecisionErrorMeansAlreadyDecided() throws {
        let error = ClientError.from(
            status: 400, body: try Fixtures.data("approval_request_approve_again_400"), path: "/approve")
        #expect(error == .alreadyDecided(status: .approved))
    }

    @Test func websocketVoteEventCarriesTheQuorumCount() throws {
        let event = try Self.decode(ServerEvent.self, Fixtures.data("ws_approval_vote_received"))
        guard case .approval(let approval) = event else {
            Issue.record("expected an approval event, got \(event)")
            return
        }
        #expect(approval.type == "approval_vote_received")
        #expect(approval.approvalsRequired == 2)
        #expect(approval.status == .pending)
    }

    @Test(.enabled(if: Fixtures.sharedDirectory != nil, "shared fixtures are not on this machine"))
    func vendoredFixturesMatchTheSharedOriginals() throws {
        let shared = try #require(Fixtures.sharedDirectory)
        let names = try FileManager.default.contentsOfDirectory(atPath: shared.path).sorted()
        #expect(!names.isEmpty)
        for name in names {
            let original = try Data(contentsOf: shared.appendingPathComponent(name))
            let vendored = try? Data(contentsOf: Fixtures.directory.appendingPathComponent(name))
            #expect(
                vendored == original,
                "Fixtures/\(name) differs from or is missing beside shared/fixtures/preloop/\(name): copy it over")
        }
    }
}

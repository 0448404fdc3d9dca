import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import Testing

@Suite struct ApproverAPITests {
    /// Creates a pending request through the agent API and returns its id.
    static func pending(_ server: TestServer, _ tool: String = "deploy_service") async throws -> String {
        let created = try await server.createToolCall(tool, args: ["env": "prod"], justification: "release 1.2")
        #expect(created.status == 202)
        return try #require(created["request_id"]?.stringValue)
    }

    @Test func listIsNewestFirstAndDecodesAsWireModel() async throws {
        let server = try await TestServer()
        let first = try await Self.pending(server)
        server.clock.advance(by: 1)
        let second = try await Self.pending(server, "delete_records")
        let answer = try await server.call("GET", "/api/v1/approval-requests?status=pending", token: server.approverToken)
        #expect(answer.status == 200)
        let requests = try JSONDecoder.preloop().decode([ApprovalRequest].self, from: Data(answer.text.utf8))
        #expect(requests.map(\.id) == [second, first])
        #expect(requests[1].agentReasoning == "release 1.2")
        #expect(requests[1].toolArgs == ["env": "prod"])
        #expect(!answer.text.contains("+00:00"))
        #expect(!answer.text.contains("token"))
        await server.finish()
    }

    /// Preloop stops at 100 a page; we take up to 1,000 (and say so), and refuse more as FastAPI would.
    @Test func limitOverTheLargestPageIsFastAPIValidationError() async throws {
        let server = try await TestServer()
        let large = try await server.call("GET", "/api/v1/approval-requests?limit=1000", token: server.approverToken)
        #expect(large.status == 200)
        #expect(large.headers["approval-page-limit"] == "1000")
        let answer = try await server.call("GET", "/api/v1/approval-requests?limit=1001", token: server.approverToken)
        #expect(answer.status == 422)
        #expect(answer["detail"]?.arrayValue?.first?["type"] == "less_than_equal")
        #expect(answer["detail"]?.arrayValue?.first?["loc"] == ["query", "limit"])
        await server.finish()
    }

    @Test func skipAndLimitPage() async throws {
        let server = try await TestServer()
        var ids: [String] = []
        for _ in 0..<3 {
            ids.append(try await Self.pending(server))
            server.clock.advance(by: 1)
        }
        let answer = try await server.call("GET", "/api/v1/approval-requests?skip=1&limit=1", token: server.approverToken)
        #expect(answer.json?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[1]])
        await server.finish()
    }

    @Test func getUnknownIsNotFoundAndBadIDIsUUIDParsing() async throws {
        let server = try await TestServer()
        let unknown = try await server.call(
            "GET", "/api/v1/approval-requests/\(UUID().uuidString.lowercased())", token: server.approverToken)
        #expect(unknown.status == 404)
        #expect(unknown["detail"] == "Approval request not found")
        let bad = try await server.call("GET", "/api/v1/approval-requests/not-a-uuid", token: server.approverToken)
        #expect(bad.status == 422)
        #expect(bad["detail"]?.arrayValue?.first?["type"] == "uuid_parsing")
        await server.finish()
    }

    @Test func decideBodyProblemsAreValidationErrors() async throws {
        let server = try await TestServer()
        let id = try await Self.pending(server)
        let path = "/api/v1/approval-requests/\(id)/approve"
        let empty = try await server.call("POST", path, token: server.approverToken, body: Data())
        #expect(empty.status == 422)
        #expect(empty["detail"]?.arrayValue?.first?["loc"] == ["body"])
        let missing = try await server.call("POST", path, token: server.approverToken, json: ["comment": "hi"])
        #expect(missing["detail"]?.arrayValue?.first?["loc"] == ["body", "approved"])
        let malformed = try await server.call("POST", path, token: server.approverToken, body: Data("{\"approved\": tru".utf8))
        #expect(malformed["detail"]?.arrayValue?.first?["type"] == "json_invalid")
        let wrong = try await server.call("POST", path, token: server.approverToken, json: ["approved": "maybe", "comment": 5])
        #expect(wrong["detail"]?.arrayValue?.compactMap { $0["type"]?.stringValue } == ["bool_parsing", "string_type"])
        let still = try await server.call("GET", "/api/v1/approval-requests/\(id)", token: server.approverToken)
        #expect(still["status"] == "pending")
        await server.finish()
    }

    @Test func approveReturnsFullObjectAndSecondDecisionFailsWithStatus() async throws {
        let server = try await TestServer()
        let id = try await Self.pending(server)
        let approved = try await server.decide(id, comment: "ship it")
        #expect(approved.status == 200)
        #expect(approved["status"] == "approved")
        #expect(approved["approver_comment"] == "ship it")
        #expect(approved["resolved_at"]?.stringValue != nil)
        let again = try await server.decide(id, "decline", approved: false)
        #expect(again.status == 400)
        #expect(again["detail"] == "Request already approved")
        await server.finish()
    }

    @Test func decideRouteReadsApprovedField() async throws {
        let server = try await TestServer()
        let id = try await Self.pending(server)
        let declined = try await server.decide(id, "decide", approved: false, comment: "not today")
        #expect(declined["status"] == "declined")
        await server.finish()
    }

    @Test func quorumNeedsDistinctApproversAndRepeatVoteChangesNothing() async throws {
        let server = try await TestServer()
        let id = try await Self.pending(server, "send_payment")
        let first = try await server.decide(id)
        #expect(first.status == 200)
        #expect(first["status"] == "pending")
        let repeatVote = try await server.decide(id)
        #expect(repeatVote.status == 400)
        #expect(repeatVote["detail"]?.stringValue?.contains("Already voted") == true)
        let second = try ApprovalServer.createToken(role: .approver, name: "carol", dataDirectory: server.directory)
        let done = try await server.decide(id, token: second)
        #expect(done["status"] == "approved")
        await server.finish()
    }

    @Test func oneDeclineDeclinesAQuorumRequest() async throws {
        let server = try await TestServer()
        let id = try await Self.pending(server, "send_payment")
        _ = try await server.decide(id)
        let other = try ApprovalServer.createToken(role: .approver, name: "dave", dataDirectory: server.directory)
        let declined = try await server.decide(id, "decline", approved: false, comment: "no", token: other)
        #expect(declined["status"] == "declined")
        await server.finish()
    }

    @Test func fiftyConcurrentApprovalsGiveExactlyOneSuccess() async throws {
        let server = try await TestServer()
        let id = try await Self.pending(server)
        var tokens: [String] = []
        for index in 0..<50 {
            tokens.append(try ApprovalServer.createToken(role: .approver, name: "a\(index)", dataDirectory: server.directory))
        }
        let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for token in tokens {
                group.addTask {
                    let answer = try await server.decide(id, token: token)
                    return (answer.status, answer["status"]?.stringValue)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.filter { $0.0 == 200 }.count == 1)
        #expect(statuses.filter { $0.0 == 200 }.first?.1 == "approved")
        #expect(statuses.filter { $0.0 == 400 }.count == 49)
        await server.finish()
    }

    @Test func workflowsPoliciesAndToolsDescribeThePolicyFile() async throws {
        let server = try await TestServer()
        let workflows = try await server.call("GET", "/api/v1/approval-workflows", token: server.approverToken)
        let policies = try JSONDecoder.preloop().decode([ApprovalPolicy].self, from: Data(workflows.text.utf8))
        #expect(policies.map(\.name) == ["quorum", "open", "destructive", "default"])
        #expect(policies[0].approvalsRequired == 2)
        let one = try await server.call("GET", "/api/v1/approval-policies/\(policies[2].id)", token: server.approverToken)
        #expect(one["justification_mode"] == "required")
        let tools = try await server.call("GET", "/api/v1/tools", token: server.approverToken)
        #expect(tools.json?.arrayValue?.first?["approval_policy_id"]?.stringValue == policies[2].id)
        await server.finish()
    }

    @Test func toolConfigurationOfARequestCarriesItsJustificationMode() async throws {
        let server = try await TestServer()
        let id = try await Self.pending(server, "delete_records")
        let request = try await server.call("GET", "/api/v1/approval-requests/\(id)", token: server.approverToken)
        let configID = try #require(request["tool_configuration_id"]?.stringValue)
        let config = try await server.call("GET", "/api/v1/tool-configurations/\(configID)", token: server.approverToken)
        let decoded = try JSONDecoder.preloop().decode(ToolConfiguration.self, from: Data(config.text.utf8))
        #expect(decoded.toolName == "delete_records")
        #expect(decoded.justificationMode == "required")
        #expect(decoded.approvalPolicyID == request["approval_policy_id"]?.stringValue)
        let unknown = try await server.call(
            "GET", "/api/v1/tool-configurations/\(UUID().uuidString.lowercased())", token: server.approverToken)
        #expect(unknown.status == 404)
        await server.finish()
    }
}

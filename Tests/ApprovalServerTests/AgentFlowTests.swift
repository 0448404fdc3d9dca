import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import Testing

@Suite struct AgentFlowTests {
    /// Policies with a `deploy_service` tool whose command appends one line to `countFile` per run
    /// and echoes its stdin (the arguments) and justification.
    static func countingPolicies(_ countFile: URL, extra: [ServerPolicy] = []) -> PolicySet {
        let script = "echo ran >> \"$1\"; cat; printf ' %s' \"$APPROVAL_TUI_JUSTIFICATION\""
        return PolicySet(
            policies: extra + PolicySet.starter.policies,
            tools: [
                ServerTool(name: "deploy_service", command: ["/bin/sh", "-c", script, "sh", countFile.path]),
                ServerTool(name: "deploy_canary", command: ["/bin/sh", "-c", script, "sh", countFile.path]),
            ])
    }

    static func runs(_ countFile: URL) -> Int {
        ((try? String(contentsOf: countFile, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    @Test func approvedCallRunsTheToolOnceAndLaterPollsGetTheStoredResult() async throws {
        let countFile = FileManager.default.temporaryDirectory.appendingPathComponent("count-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: countFile) }
        let server = try await TestServer(policies: Self.countingPolicies(countFile))
        let created = try await server.createToolCall("deploy_service", args: ["env": "prod"], justification: "hotfix 7")
        #expect(created.status == 202)
        #expect(created["status"] == "pending")
        #expect(created["poll_interval_seconds"] == 15)
        #expect(created["timeout_seconds"] == 300)
        #expect(created["channels"] == ["console"])
        let id = try #require(created["request_id"]?.stringValue)
        let pending = try await server.poll(id)
        #expect(pending["status"] == "pending")
        #expect(pending["remaining_seconds"] == 300)
        #expect(pending["events"]?.arrayValue?.first?["type"] == "approval_requested")
        #expect(Self.runs(countFile) == 0)

        _ = try await server.decide(id, comment: "go")
        let approved = try await server.poll(id)
        #expect(approved["status"] == "approved")
        #expect(approved["approvals_received"] == 1)
        #expect(approved["tool_result"]?["exit_status"] == 0)
        #expect(approved["tool_result"]?["stdout"] == "{\"env\":\"prod\"} hotfix 7")
        let again = try await server.poll(id)
        #expect(again["tool_result"] == approved["tool_result"])
        #expect(Self.runs(countFile) == 1)
        let types = again["events"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
        #expect(types.contains("vote_received") && types.contains("approval_complete"))
        #expect(again["events"]?.arrayValue?.first?["timestamp"]?.stringValue?.hasSuffix("Z") == true)
        await server.finish()
    }

    @Test func twoPollersRacingAfterApprovalRunTheToolOnce() async throws {
        let countFile = FileManager.default.temporaryDirectory.appendingPathComponent("count-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: countFile) }
        let server = try await TestServer(policies: Self.countingPolicies(countFile))
        for _ in 0..<3 {
            let id = try #require(try await server.createToolCall("deploy_service", justification: "x")["request_id"]?.stringValue)
            _ = try await server.decide(id)
            let answers = try await withThrowingTaskGroup(of: Answer.self) { group in
                for _ in 0..<4 { group.addTask { try await server.poll(id) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.allSatisfy { ["approved", "executing"].contains($0["status"]?.stringValue) })
            let final = try await server.poll(id)
            #expect(final["tool_result"]?["exit_status"] == 0)
        }
        #expect(Self.runs(countFile) == 3)
        await server.finish()
    }

    @Test func declinedCallCarriesTheApproversCommentAndRunsNothing() async throws {
        let countFile = FileManager.default.temporaryDirectory.appendingPathComponent("count-\(UUID().uuidString)")
        let server = try await TestServer(policies: Self.countingPolicies(countFile))
        let id = try #require(try await server.createToolCall("deploy_service", justification: "x")["request_id"]?.stringValue)
        _ = try await server.decide(id, "decline", approved: false, comment: "freeze week")
        let answer = try await server.poll(id)
        #expect(answer["status"] == "declined")
        #expect(answer["reason"] == "freeze week")
        #expect(answer["tool_result"] == nil)
        #expect(Self.runs(countFile) == 0)
        await server.finish()
    }

    @Test func requestExpiresAfterPolicyTimeoutForAgentAndApprover() async throws {
        let server = try await TestServer()
        let id = try await ApproverAPITests.pending(server)
        server.clock.advance(by: 299)
        #expect(try await server.poll(id)["remaining_seconds"] == 1)
        server.clock.advance(by: 1)
        let expired = try await server.poll(id)
        #expect(expired["status"] == "expired")
        #expect(expired["events"]?.arrayValue?.last?["type"] == "expired")
        let listed = try await server.call("GET", "/api/v1/approval-requests?status=expired", token: server.approverToken)
        #expect(listed.json?.arrayValue?.first?["id"]?.stringValue == id)
        let late = try await server.decide(id)
        #expect(late.status == 400)
        #expect(late["detail"] == "Request already expired")
        await server.finish()
    }

    @Test func requiredJustificationMissingOrBlankIsRejectedAndCreatesNothing() async throws {
        let server = try await TestServer()
        for justification in [nil, "", "   \n"] as [String?] {
            let answer = try await server.createToolCall("delete_records", justification: justification)
            #expect(answer.status == 422)
            #expect(answer["detail"]?.stringValue?.contains("Justification required") == true)
        }
        let list = try await server.call("GET", "/api/v1/approval-requests", token: server.approverToken)
        #expect(list.json?.arrayValue?.isEmpty == true)
        await server.finish()
    }

    @Test func optionalJustificationIsAcceptedEitherWay() async throws {
        let server = try await TestServer()
        #expect(try await server.createToolCall("rename_file").status == 202)
        let with = try await server.createToolCall("rename_file", justification: "tidy up")
        let id = try #require(with["request_id"]?.stringValue)
        let stored = try await server.call("GET", "/api/v1/approval-requests/\(id)", token: server.approverToken)
        #expect(stored["agent_reasoning"] == "tidy up")
        await server.finish()
    }

    @Test func unknownJustificationModeFailsClosed() async throws {
        let policies = PolicySet(policies: [ServerPolicy(name: "odd", tools: ["*"], justification: .unknown("maybe"))])
        let server = try await TestServer(policies: policies)
        let answer = try await server.createToolCall("anything", justification: "because")
        #expect(answer.status == 422)
        let list = try await server.call("GET", "/api/v1/approval-requests", token: server.approverToken)
        #expect(list.json?.arrayValue?.isEmpty == true)
        await server.finish()
    }

    @Test func unguardedToolRunsAtOnce() async throws {
        let countFile = FileManager.default.temporaryDirectory.appendingPathComponent("count-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: countFile) }
        var policies = Self.countingPolicies(countFile)
        policies.policies = [ServerPolicy(name: "prod", tools: ["deploy_service"])]
        policies.allowsUnmatchedTools = true
        let server = try await TestServer(policies: policies)
        let answer = try await server.createToolCall("deploy_canary", args: ["n": 1])
        #expect(answer.status == 200)
        #expect(answer["status"] == "allowed")
        #expect(answer["result"]?["exit_status"] == 0)
        #expect(Self.runs(countFile) == 1)
        await server.finish()
    }

    /// Finding 4 of issue 12: a tool no policy matches used to run at once on the REST agent API.
    @Test func unmatchedToolIsRefusedNamingThePoliciesFileAndDoesNotRun() async throws {
        let countFile = FileManager.default.temporaryDirectory.appendingPathComponent("count-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: countFile) }
        var policies = Self.countingPolicies(countFile)
        policies.policies = [ServerPolicy(name: "prod", tools: ["deploy_service"])]
        policies.source = "/srv/approval/policies.toml"
        let server = try await TestServer(policies: policies)
        let answer = try await server.createToolCall("deploy_canary", args: ["n": 1])
        #expect(answer.status == 422)
        let detail = try #require(answer["detail"]?.stringValue)
        #expect(detail.contains("/srv/approval/policies.toml"))
        #expect(detail.contains("allow_unmatched_tools"))
        #expect(Self.runs(countFile) == 0)
        let list = try await server.call("GET", "/api/v1/approval-requests", token: server.approverToken)
        #expect(list.json?.arrayValue?.isEmpty == true)
        await server.finish()
    }

    @Test func toolOutputIsCappedAndApprovalOnlyToolsReturnTheDecision() async throws {
        let policies = PolicySet(
            policies: [ServerPolicy(name: "gate", tools: ["gated"])],
            tools: [ServerTool(name: "chatty", command: ["/bin/sh", "-c", "head -c 100000 /dev/zero | tr '\\0' a"])],
            allowsUnmatchedTools: true)
        let server = try await TestServer(policies: policies)
        let chatty = try await server.createToolCall("chatty")
        #expect(chatty["result"]?["stdout"]?.stringValue?.utf8.count == 64 * 1024)
        #expect(chatty["result"]?["truncated"] == true)
        let id = try #require(try await server.createToolCall("gated")["request_id"]?.stringValue)
        _ = try await server.decide(id)
        #expect(try await server.poll(id)["tool_result"]?["decision"] == "approved")
        await server.finish()
    }

    @Test func malformedToolCallsAreValidationErrorsAndCreateNothing() async throws {
        let server = try await TestServer()
        let path = "/api/v1/agent/tool-calls"
        let malformed = try await server.call("POST", path, token: server.agentToken, body: Data("{\"tool_name\": ".utf8))
        #expect(malformed["detail"]?.arrayValue?.first?["type"] == "json_invalid")
        let missing = try await server.call("POST", path, token: server.agentToken, json: ["tool_args": [:]])
        #expect(missing["detail"]?.arrayValue?.first?["loc"] == ["body", "tool_name"])
        let wrongArgs = try await server.call(
            "POST", path, token: server.agentToken, json: ["tool_name": "deploy_x", "tool_args": "rm -rf", "justification": "x"])
        #expect(wrongArgs.status == 422)
        let list = try await server.call("GET", "/api/v1/approval-requests", token: server.approverToken)
        #expect(list.json?.arrayValue?.isEmpty == true)
        await server.finish()
    }

    @Test func agentCannotReadAnotherAgentsRequest() async throws {
        let server = try await TestServer()
        let id = try await ApproverAPITests.pending(server)
        let other = try ApprovalServer.createToken(role: .agent, name: "other-agent", dataDirectory: server.directory)
        let answer = try await server.poll(id, token: other)
        #expect(answer.status == 404)
        #expect(!answer.text.contains("deploy_service"))
        await server.finish()
    }

    @Test func noAgentResponseCarriesTokenOrURLKeys() async throws {
        let server = try await TestServer()
        var answers: [Answer] = []
        answers.append(try await server.createToolCall("delete_records"))
        answers.append(try await server.createToolCall("read_config"))
        let created = try await server.createToolCall("deploy_service", justification: "x")
        answers.append(created)
        let id = try #require(created["request_id"]?.stringValue)
        answers.append(try await server.poll(id))
        _ = try await server.decide(id)
        answers.append(try await server.poll(id))
        answers.append(try await server.poll(id))
        for answer in answers {
            let keys = answer.json?.allKeys.map { $0.lowercased() } ?? []
            #expect(!keys.contains { $0.contains("token") || $0.contains("url") }, "\(answer.text)")
            #expect(!answer.text.contains("http://") && !answer.text.contains(server.approverToken))
        }
        await server.finish()
    }
}

@Suite struct SyncModeTests {
    @Test func syncPolicyCallWaitsForTheDecisionAndReturnsTheResult() async throws {
        let countFile = FileManager.default.temporaryDirectory.appendingPathComponent("count-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: countFile) }
        let policies = AgentFlowTests.countingPolicies(
            countFile, extra: [ServerPolicy(name: "blocking", tools: ["deploy_service"], isAsync: false)])
        let server = try await TestServer(policies: policies)
        let call = Task { try await server.createToolCall("deploy_service", justification: "now") }
        var pending: [JSONValue] = []
        while pending.isEmpty {
            let list = try await server.call("GET", "/api/v1/approval-requests?status=pending", token: server.approverToken)
            pending = list.json?.arrayValue ?? []
            if pending.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        }
        let id = try #require(pending.first?["id"]?.stringValue)
        _ = try await server.decide(id)
        let answer = try await call.value
        #expect(answer.status == 200)
        #expect(answer["status"] == "approved")
        #expect(answer["tool_result"]?["exit_status"] == 0)
        #expect(AgentFlowTests.runs(countFile) == 1)
        await server.finish()
    }
}

import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import Testing

/// Agents waiting for a person: sync calls without a handler time cap, woken by the decision;
/// a disconnect cancels; long-polls answer on the change.
@Suite(.timeLimit(.minutes(3)))
struct WaitingTests {
    func withCountingServer(_ body: (TestServer, URL) async throws -> Void) async throws {
        let countFile = FileManager.default.temporaryDirectory.appendingPathComponent("count-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: countFile) }
        let policies = AgentFlowTests.countingPolicies(
            countFile, extra: [ServerPolicy(name: "blocking", tools: ["deploy_canary"], isAsync: false)])
        let server = try await TestServer(policies: policies)
        do {
            try await body(server, countFile)
        } catch {
            await server.finish()
            throw error
        }
        await server.finish()
    }

    /// The id of the first pending request, once there is one.
    func firstPending(_ server: TestServer) async throws -> String {
        for _ in 0..<1000 {
            let list = try await server.call("GET", "/api/v1/approval-requests?status=pending", token: server.approverToken)
            if let id = list.json?.arrayValue?.first?["id"]?.stringValue { return id }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw RawConnectionError.failed("no pending request")
    }

    /// The old HTTP library ended every handler after 15 s with an empty 500.
    @Test func aSyncCallDecidedAfterThirtySecondsGetsItsResult() async throws {
        try await withCountingServer { server, countFile in
            let call = Task { try await server.createToolCall("deploy_canary", justification: "slow reviewer") }
            let id = try await firstPending(server)
            try await Task.sleep(for: .seconds(30))
            #expect(try await server.decide(id).status == 200)
            let answer = try await call.value
            #expect(answer.status == 200)
            #expect(answer["status"] == "approved")
            #expect(answer["tool_result"]?["exit_status"] == 0)
            #expect(AgentFlowTests.runs(countFile) == 1)
        }
    }

    @Test func anAgentThatDisconnectsWhileASyncCallWaitsCancelsIt() async throws {
        try await withCountingServer { server, countFile in
            let body = #"{"tool_name":"deploy_canary","tool_args":{},"justification":"then I left"}"#
            let connection = try RawConnection(port: server.port)
            await connection.send(
                "POST /api/v1/agent/tool-calls HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(server.agentToken)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
            let id = try await firstPending(server)
            connection.close()  // the agent is gone
            var status: JSONValue?
            for _ in 0..<250 {
                status = try await server.call("GET", "/api/v1/approval-requests/\(id)", token: server.approverToken)["status"]
                if status != "pending" { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(status == "cancelled")
            let late = try await server.decide(id)
            #expect(late.status == 400)
            #expect(late["detail"] == "Request already cancelled")
            #expect(AgentFlowTests.runs(countFile) == 0)
        }
    }

    @Test func aLongPollAnswersAsSoonAsTheStatusChanges() async throws {
        try await withCountingServer { server, _ in
            let created = try await server.createToolCall("deploy_service", justification: "ship")
            let id = try #require(created["request_id"]?.stringValue)
            let poll = Task { try await server.call("GET", "/api/v1/agent/tool-calls/\(id)?wait=50", token: server.agentToken) }
            try await Task.sleep(for: .milliseconds(300))
            let decided = ContinuousClock.now
            #expect(try await server.decide(id, "decline", approved: false, comment: "not today").status == 200)
            let answer = try await poll.value
            let lag = ContinuousClock.now - decided
            #expect(answer["status"] == "declined")
            #expect(answer["reason"] == "not today")
            #expect(lag < .seconds(5), "answered \(lag) after the decision")
        }
    }

    @Test func aLongPollWithoutAChangeAnswersPendingAfterItsWait() async throws {
        try await withCountingServer { server, _ in
            let created = try await server.createToolCall("deploy_service", justification: "ship")
            let id = try #require(created["request_id"]?.stringValue)
            let started = ContinuousClock.now
            let answer = try await server.call("GET", "/api/v1/agent/tool-calls/\(id)?wait=1", token: server.agentToken)
            #expect(answer["status"] == "pending")
            #expect(ContinuousClock.now - started >= .seconds(1))
        }
    }

    @Test func aLongPollIsBoundedAndValidated() async throws {
        try await withCountingServer { server, _ in
            let created = try await server.createToolCall("deploy_service", justification: "ship")
            let id = try #require(created["request_id"]?.stringValue)
            for bad in ["61", "-1", "abc", "99999999999999999999"] {
                let answer = try await server.call("GET", "/api/v1/agent/tool-calls/\(id)?wait=\(bad)", token: server.agentToken)
                #expect(answer.status == 422, "wait=\(bad)")
            }
            // An unknown request is not waited on.
            let started = ContinuousClock.now
            let unknown = try await server.call(
                "GET", "/api/v1/agent/tool-calls/\(UUID().uuidString.lowercased())?wait=30", token: server.agentToken)
            #expect(unknown.status == 404)
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }

    @Test func stoppingTheServerEndsAWaitingSyncCallAndCancelsIt() async throws {
        try await withCountingServer { server, countFile in
            let call = Task { try? await server.createToolCall("deploy_canary", justification: "never decided") }
            let id = try await firstPending(server)
            let started = ContinuousClock.now
            try await server.restart()
            #expect(ContinuousClock.now - started < .seconds(5))
            _ = await call.value
            let row = try await server.call("GET", "/api/v1/approval-requests/\(id)", token: server.approverToken)
            #expect(row["status"] == "cancelled")
            #expect(AgentFlowTests.runs(countFile) == 0)
        }
    }
}

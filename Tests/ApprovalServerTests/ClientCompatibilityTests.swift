import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import Testing

/// The console's own client, `PreloopClient`, against this server: every call it makes decodes,
/// and errors map the way they do against Preloop.
@Suite struct ClientCompatibilityTests {
    static func client(_ server: TestServer, token: String? = nil) throws -> PreloopClient {
        try PreloopClient(
            serverURL: URL(string: "http://127.0.0.1:\(server.port)")!, token: token ?? server.approverToken,
            transport: URLSessionTransport(timeout: 10))
    }

    @Test func accountPoliciesAndToolsDecode() async throws {
        let server = try await TestServer()
        let client = try Self.client(server)
        #expect(try await client.ping().status == "pong")
        #expect(try await client.health().isHealthy)
        #expect(try await client.currentUser().username == "approver")
        #expect(try await client.policies().map(\.name) == ["quorum", "open", "destructive", "default"])
        let tools = try await client.tools()
        #expect(tools.map(\.name) == ["deploy_service"])
        let config = try await client.toolConfiguration(id: try #require(tools.first?.configID))
        #expect(config.justificationMode == "required")
        await server.finish()
    }

    @Test func listDecideAndAlreadyDecidedWorkThroughTheClient() async throws {
        let server = try await TestServer()
        let client = try Self.client(server)
        var ids: [String] = []
        for index in 0..<3 {
            let created = try await server.createToolCall("deploy_service", args: ["n": .integer(Int64(index))], justification: "r\(index)")
            ids.append(try #require(created["request_id"]?.stringValue))
            server.clock.advance(by: 1)
        }
        let pending = try await client.listApprovalRequests(status: .pending)
        #expect(pending.map(\.id) == ids.reversed())
        let approved = try await client.decide(id: ids[0], verdict: .approve, comment: "ok")
        #expect(approved.status == .approved)
        await #expect(throws: ClientError.alreadyDecided(status: .approved)) {
            try await client.decide(id: ids[0], verdict: .decline, comment: nil)
        }
        let declined = try await client.decide(id: ids[1], verdict: .decline, comment: "no")
        #expect(declined.approverComment == "no")
        #expect(try await client.approvalRequest(id: ids[2]).agentReasoning == "r2")
        #expect(try await client.listApprovalRequests(status: .pending).map(\.id) == [ids[2]])
        await server.finish()
    }

    @Test func agentTokenIsForbiddenAndBadTokenUnauthorizedForTheClient() async throws {
        let server = try await TestServer()
        await #expect(throws: ClientError.forbidden(detail: "Not enough permissions: 'agent' holds an agent token, and agent credentials can never read or decide approval requests")) {
            try await Self.client(server, token: server.agentToken).listApprovalRequests()
        }
        await #expect(throws: ClientError.unauthorized(detail: "Invalid authentication credentials")) {
            try await Self.client(server, token: String(repeating: "z", count: 40)).currentUser()
        }
        await server.finish()
    }

    @Test func flowsExecutionsLogsAndStopDecode() async throws {
        let server = try await FlowExecutionTests.server(script: "echo PRELOOP_AGENT_EXEC_START; echo FLOW_EXECUTION_SUCCESS")
        let client = try Self.client(server)
        let flows = try await client.flows()
        #expect(flows.map(\.name) == ["job"])
        let id = try await FlowExecutionTests.trigger(server)
        _ = try await FlowExecutionTests.finished(server, id)
        let executions = try await client.allFlowExecutions()
        #expect(executions.map(\.id) == [id])
        #expect(try await client.flowExecution(id: id).status == .succeeded)
        let logs = try await client.executionLogs(id: id, tail: 10)
        #expect(FlowMarkers.showsSuccess(logs.logs.filter(\.isLogLine).compactMap(\.text)))
        #expect(try await client.executionMetrics(id: id).toolCalls == 0)
        #expect(try await client.stopExecution(id: id).status == "stopped")
        #expect(try await client.flowExecution(id: id).status == .stopped)
        await server.finish()
    }
}

import ApprovalClient
@testable import ApprovalServer
import Foundation
import Testing

@Suite struct RestartTests {
    @Test func restartOnTheSameDirectoryKeepsRequestsTokensResultsAndIDs() async throws {
        let countFile = FileManager.default.temporaryDirectory.appendingPathComponent("count-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: countFile) }
        let server = try await TestServer(policies: AgentFlowTests.countingPolicies(countFile))
        let approver = server.approverToken
        let extra = try ApprovalServer.createToken(role: .agent, name: "extra-agent", dataDirectory: server.directory)
        let decided = try #require(try await server.createToolCall("deploy_service", justification: "a")["request_id"]?.stringValue)
        let open = try #require(try await server.createToolCall("rename_file")["request_id"]?.stringValue)
        _ = try await server.decide(decided)
        let result = try await server.poll(decided)
        let policiesBefore = try await server.call("GET", "/api/v1/approval-workflows", token: approver)

        try await server.restart()

        #expect(server.approverToken == approver)
        #expect(try await server.call("GET", "/api/v1/approval-requests/\(open)", token: approver)["status"] == "pending")
        let after = try await server.poll(decided)
        #expect(after["tool_result"] == result["tool_result"])
        #expect(AgentFlowTests.runs(countFile) == 1)
        #expect(try await server.createToolCall("rename_file", token: extra).status == 202)
        let policiesAfter = try await server.call("GET", "/api/v1/approval-workflows", token: approver)
        #expect(policiesAfter.json == policiesBefore.json)
        await server.finish()
    }

    @Test func freshDirectoryGetsAStarterPolicyFileThatGuardsUnknownTools() async throws {
        let server = try await TestServer(policies: nil)
        let text = try String(contentsOf: server.server.dataDirectory.policiesFile, encoding: .utf8)
        #expect(text.contains("justification = \"required\""))
        let unknown = try await server.createToolCall("some_new_tool")
        #expect(unknown.status == 202)
        let deploy = try await server.createToolCall("deploy_web")
        #expect(deploy.status == 422)
        await server.finish()
    }

    @Test func toolClaimedBeforeACrashIsNeverRunAgain() async throws {
        let countFile = FileManager.default.temporaryDirectory.appendingPathComponent("count-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: countFile) }
        let server = try await TestServer(policies: AgentFlowTests.countingPolicies(countFile))
        let id = try #require(try await server.createToolCall("deploy_service", justification: "a")["request_id"]?.stringValue)
        _ = try await server.decide(id)
        // A poll claimed the run, then the process died before storing a result.
        let database = try ServerDatabase(file: server.server.dataDirectory.databaseFile)
        #expect(try database.claimExecution(id: id))
        #expect(try await server.poll(id)["status"] == "executing")

        try await server.restart()

        let answer = try await server.poll(id)
        #expect(answer["status"] == "approved")
        #expect(answer["tool_execution_error"]?.stringValue?.contains("not run again") == true)
        #expect(AgentFlowTests.runs(countFile) == 0)
        await server.finish()
    }

    @Test func executionLeftRunningByACrashIsFailedOnRestart() async throws {
        let server = try await FlowExecutionTests.server(script: "true")
        let database = try ServerDatabase(file: server.server.dataDirectory.databaseFile)
        let id = try database.createExecution(flowID: "f", flowName: "job", at: server.clock.now)
        try database.advanceExecution(id: id, to: .running, at: server.clock.now)

        try await server.restart()

        let execution = try await server.call("GET", "/api/v1/flows/executions/\(id)", token: server.approverToken)
        #expect(execution["status"] == "FAILED")
        #expect(execution["error_message"] == "The server stopped while this execution was running")
        await server.finish()
    }
}

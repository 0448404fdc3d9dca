import ApprovalClient
import ApprovalModel
@testable import ApprovalServer
import Foundation
import GRDB
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

    // MARK: Issue 14: no orphaned blocking runs

    static func record(_ database: ServerDatabase, _ id: String) throws -> ApprovalRequestRecord? {
        try database.pool.read { db in try ApprovalRequestRecord.fetchOne(db, key: id) }
    }

    /// The id of the pending request for `tool`, once there is one.
    static func pendingRequest(_ server: TestServer, tool: String) async throws -> String {
        for _ in 0..<1000 {
            let list = try await server.call("GET", "/api/v1/approval-requests?status=pending", token: server.approverToken)
            if let id = list.json?.arrayValue?.first(where: { $0["tool_name"]?.stringValue == tool })?["id"]?.stringValue {
                return id
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw RawConnectionError.failed("no pending request for \(tool)")
    }

    /// A killed server never cancelled the blocking call its agent was waiting in: the next start
    /// does, the same way a disconnect does, so nobody can approve a run whose result has no taker.
    @Test func aBlockingCallLeftPendingByAKilledServerIsCancelledAtStartUp() async throws {
        let countFile = FileManager.default.temporaryDirectory.appendingPathComponent("count-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: countFile) }
        let blocking = ServerPolicy(name: "blocking", tools: ["deploy_canary"], isAsync: false)
        let server = try await TestServer(policies: AgentFlowTests.countingPolicies(countFile, extra: [blocking]))
        let database = try ServerDatabase(file: server.server.dataDirectory.databaseFile)
        // A blocking call over HTTP is stored as blocking while its agent waits.
        let waiting = Task { try await server.createToolCall("deploy_canary", justification: "watched") }
        let waited = try await Self.pendingRequest(server, tool: "deploy_canary")
        #expect(try Self.record(database, waited)?.blocking == true)
        #expect(try await server.decide(waited, "decline", approved: false, comment: "no").status == 200)
        #expect(try await waiting.value["status"] == "declined")
        // The process that stored this one was killed while its agent waited (no graceful cancel).
        let call = ToolCallBody(
            toolName: "deploy_canary", toolArgs: [:], justification: "then the power went", agentName: "test-agent",
            executionID: nil)
        let orphan = try database.createRequest(
            NewRequest(call: call, storedJustification: call.justification, policy: blocking, policyID: "p", createdBy: "agent"),
            at: server.clock.now
        ).id
        #expect(try Self.record(database, orphan)?.blocking == true)

        try await server.restart()

        let row = try await server.call("GET", "/api/v1/approval-requests/\(orphan)", token: server.approverToken)
        #expect(row["status"] == "cancelled")
        #expect(row["approver_comment"]?.stringValue == ServerDatabase.orphanedBlockingReason)
        let last = try #require(try database.events(for: orphan).last)
        #expect(last.type == "cancelled")
        #expect(last.detail == ServerDatabase.orphanedBlockingReason)
        #expect(try Self.record(database, orphan)?.resolvedAt == server.clock.now)
        let late = try await server.decide(orphan)
        #expect(late.status == 400)
        #expect(late["detail"] == "Request already cancelled")
        #expect(AgentFlowTests.runs(countFile) == 0)
        // A decided blocking request is left as it was.
        #expect(try await server.call("GET", "/api/v1/approval-requests/\(waited)", token: server.approverToken)["status"]
            == "declined")
        await server.finish()
    }

    /// An async request's agent polls: it is not cancelled by a restart and can still be approved and run.
    @Test func anAsyncRequestLeftPendingSurvivesTheRestartStillPending() async throws {
        let countFile = FileManager.default.temporaryDirectory.appendingPathComponent("count-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: countFile) }
        let blocking = ServerPolicy(name: "blocking", tools: ["deploy_canary"], isAsync: false)
        let server = try await TestServer(policies: AgentFlowTests.countingPolicies(countFile, extra: [blocking]))
        let open = try #require(try await server.createToolCall("deploy_service", justification: "later")["request_id"]?.stringValue)
        let database = try ServerDatabase(file: server.server.dataDirectory.databaseFile)
        #expect(try Self.record(database, open)?.blocking == false)

        try await server.restart()

        #expect(try await server.call("GET", "/api/v1/approval-requests/\(open)", token: server.approverToken)["status"] == "pending")
        #expect(try await server.poll(open)["status"] == "pending")
        #expect(try database.events(for: open).contains { $0.type == "cancelled" } == false)
        #expect(try await server.decide(open)["status"] == "approved")
        #expect(try await server.poll(open)["tool_result"]?["exit_status"] == 0)
        #expect(AgentFlowTests.runs(countFile) == 1)
        await server.finish()
    }

    /// Rows written before v3 read as not blocking (which of them waited is not known) and are left pending.
    @Test func requestsStoredBeforeV3ReadAsNotBlockingAndStayPending() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("v2-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = ServerDataDirectory(root: directory)
        try data.create()
        let requestID = UUID().uuidString.lowercased()
        do {
            let pool = try DatabasePool(path: data.databaseFile.path)
            try ServerDatabase.migrator.migrate(pool, upTo: "v2-principals-hashed-tokens")
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO approval_request (id, tool_name, tool_args, status, policy_id, policy_name,
                            approvals_required, timeout_seconds, channels, created_by, requested_at, expires_at)
                        VALUES (?, 'send_payment', '{}', 'pending', 'p', 'quorum', 2, 300, '[]', 'someone', 1, 9999999999)
                        """, arguments: [requestID])
            }
        }

        let server = try await TestServer(directory: directory)

        let row = try await server.call("GET", "/api/v1/approval-requests/\(requestID)", token: server.approverToken)
        #expect(row["status"] == "pending")
        let database = try ServerDatabase(file: data.databaseFile)
        #expect(try Self.record(database, requestID)?.blocking == false)
        await server.finish()
    }
}

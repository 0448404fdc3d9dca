import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import Testing

/// The data folder or database file vanishing under a running server: the old server went on
/// acknowledging writes into the deleted file, and after a restart an acknowledged approval was gone.
@Suite struct StorageLossTests {
    @Test func writesAfterTheDataFolderIsRemovedFailWith503AndTheLogSaysWhy() async throws {
        let problems = LogLines()
        let server = try await TestServer(problemLog: { problems.append($0) })
        let created = try await server.createToolCall("deploy_service", justification: "ship it")
        let id = try #require(created["request_id"]?.stringValue)
        try FileManager.default.removeItem(at: server.directory)
        let decided = try await server.decide(id)
        #expect(decided.status == 503)
        #expect(decided["detail"]?.stringValue?.contains("was removed while the server ran") == true)
        let another = try await server.createToolCall("deploy_service", justification: "again")
        #expect(another.status == 503)
        #expect(problems.all.contains { $0.contains("POST /api/v1/approval-requests/\(id)/approve") && $0.contains("removed") })
        // Ping still answers, so a supervisor can tell the process is alive but its storage is not.
        #expect(try await server.call("GET", "/api/v1/ping", token: nil).status == 200)
        await server.finish()
    }

    @Test func removingOnlyTheDatabaseFileIsCaughtToo() async throws {
        let problems = LogLines()
        let server = try await TestServer(problemLog: { problems.append($0) })
        let created = try await server.createToolCall("deploy_service", justification: "ship it")
        let id = try #require(created["request_id"]?.stringValue)
        try FileManager.default.removeItem(at: server.server.dataDirectory.databaseFile)
        let decided = try await server.decide(id)
        #expect(decided.status == 503)
        #expect(decided["detail"]?.stringValue?.contains("server.sqlite") == true)
        #expect(!problems.all.isEmpty)
        await server.finish()
    }

    @Test func withStorageInPlaceNothingIsRefused() async throws {
        let problems = LogLines()
        let server = try await TestServer(problemLog: { problems.append($0) })
        let created = try await server.createToolCall("deploy_service", justification: "ship it")
        let id = try #require(created["request_id"]?.stringValue)
        #expect(try await server.decide(id).status == 200)
        try await server.restart()
        let list = try await server.call("GET", "/api/v1/approval-requests?status=approved", token: server.approverToken)
        #expect(list.json?.arrayValue?.count == 1)
        #expect(problems.all.isEmpty)
        await server.finish()
    }
}

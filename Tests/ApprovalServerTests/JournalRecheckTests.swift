import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import Testing

/// Decisions whose outcome was lost are settled by asking the server, and never sent again.
@Suite struct JournalRecheckTests {
    @Test func lostDecisionsAreSettledFromTheServerAndNeverResent() async throws {
        let server = try await TestServer()
        let client = try ClientCompatibilityTests.client(server)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try LocalStore(path: folder.appendingPathComponent("local.sqlite").path)
        var ids: [String] = []
        for index in 0..<3 {
            let answer = try await server.createToolCall("deploy_service", args: ["n": .integer(Int64(index))], justification: "r")
            ids.append(try #require(answer["request_id"]?.stringValue))
        }
        let now = Date()
        // 1. Our approval reached the server, but the console died before writing the outcome.
        let arrived = try store.beginDecision(requestID: ids[0], toolName: "deploy_service", verdict: .approve,
                                              comment: nil, server: client.serverName, at: now)
        _ = try await client.decide(id: ids[0], verdict: .approve, comment: nil)
        // 2. Our decline was lost with the connection: the server never saw it.
        let lost = try store.beginDecision(requestID: ids[1], toolName: "deploy_service", verdict: .decline,
                                           comment: "no", server: client.serverName, at: now)
        try store.completeDecision(lost, outcome: .unknown, errorText: "connection lost", at: now)
        // 3. Someone else declined the request our lost approval was for.
        let overtaken = try store.beginDecision(requestID: ids[2], toolName: "deploy_service", verdict: .approve,
                                                comment: nil, server: client.serverName, at: now)
        _ = try await client.decide(id: ids[2], verdict: .decline, comment: "someone else")

        let settled = await JournalRecheck.run(store: store, client: client, now: { Date() })
        #expect(settled == 3)
        let entries = Dictionary(uniqueKeysWithValues: try store.journal(limit: 10).map { ($0.id, $0) })
        #expect(entries[arrived]?.outcome == .approved)
        #expect(entries[lost]?.outcome == .failed)
        #expect(entries[lost]?.errorText?.contains("never arrived") == true)
        #expect(entries[overtaken]?.outcome == .alreadyDecided)
        // Nothing was re-sent: the lost decline's request still waits.
        #expect(try await client.approvalRequest(id: ids[1]).status == .pending)
        // Settled entries are not re-checked again.
        #expect(try store.decisionsToRecheck(server: client.serverName).isEmpty)
        await server.finish()
    }
}

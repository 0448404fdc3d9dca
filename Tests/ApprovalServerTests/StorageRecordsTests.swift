import ApprovalClient
import ApprovalModel
@testable import ApprovalServer
import Foundation
import GRDB
import Testing

/// The storage speaks GRDB records; the file it writes must stay the file every earlier version
/// wrote and read: times as REAL seconds since 1970 (GRDB's own default would be text), free text
/// as blobs (a `String` is bound as a C string and U+0000 cuts it), and rows an earlier version
/// wrote as TEXT still read back.
@Suite struct StorageRecordsTests {
    static func database(_ server: TestServer) throws -> ServerDatabase {
        try ServerDatabase(file: server.server.dataDirectory.databaseFile)
    }

    @Test func timesStayRealSecondsAndFreeTextStaysBlobs() async throws {
        let server = try await TestServer()
        let created = try await server.createToolCall("send_payment", justification: "why\u{1B}[31m")
        let id = try #require(created["request_id"]?.stringValue)
        #expect(try await server.decide(id, "decline", approved: false, comment: "no\u{0}pe")["status"] == "declined")
        let database = try Self.database(server)
        let request = try #require(try await database.pool.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT typeof(requested_at) AS requested, typeof(expires_at) AS expires, typeof(resolved_at) AS resolved,
                        typeof(approver_comment) AS comment, typeof(agent_reasoning) AS reasoning, requested_at
                    FROM approval_request WHERE id = ?
                    """,
                arguments: [id])
        })
        #expect(request["requested"] as String == "real")
        #expect(request["expires"] as String == "real")
        #expect(request["resolved"] as String == "real")
        #expect(request["comment"] as String == "blob")
        #expect(request["reasoning"] as String == "blob")
        // The test clock's fractional second survives.
        #expect(request["requested_at"] as Double == server.clock.now.timeIntervalSince1970)
        let vote = try #require(try await database.pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT typeof(voted_at) AS at, typeof(comment) AS comment FROM approval_vote WHERE request_id = ?",
                arguments: [id])
        })
        #expect(vote["at"] as String == "real")
        #expect(vote["comment"] as String == "blob")
        let kinds = try await database.pool.read { db in
            try String.fetchSet(db, sql: "SELECT typeof(at) FROM approval_event UNION SELECT typeof(created_at) FROM credential")
        }
        #expect(kinds == ["real"])
        await server.finish()
    }

    /// Before free text was stored as blobs, comments and justifications were TEXT: such rows
    /// (and a vote by a principal that no longer has a name row) are still shown in full.
    @Test func rowsAnEarlierVersionWroteAsTextAreReadBack() async throws {
        let server = try await TestServer()
        let id = UUID().uuidString.lowercased()
        let database = try Self.database(server)
        try await database.pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO approval_request (id, tool_name, tool_args, agent_reasoning, status, policy_id, policy_name,
                        approvals_required, timeout_seconds, channels, created_by, requested_at, resolved_at, expires_at,
                        approver_comment)
                    VALUES (?, 'send_payment', '{"amount": 1.50}', 'old reason', 'declined', 'p', 'quorum', 2, 300,
                        '["manual"]', 'someone', 1700000000.5, 1700000001.25, 1700000300.5, 'old comment')
                    """, arguments: [id])
            try db.execute(
                sql: """
                    INSERT INTO approval_vote (request_id, voter, principal_id, approved, comment, voted_at)
                    VALUES (?, 't-gone', 'gone-principal', 0, 'old vote', 1700000001.25)
                    """, arguments: [id])
        }
        let shown = try await server.call("GET", "/api/v1/approval-requests/\(id)", token: server.approverToken)
        #expect(shown.status == 200)
        #expect(shown["agent_reasoning"] == "old reason")
        #expect(shown["approver_comment"] == "old comment")
        #expect(shown["tool_args"]?["amount"] == .number(1.5))
        #expect(shown["requested_at"]?.stringValue?.hasPrefix("2023-11-14T22:13:20.5") == true)
        let votes = try #require(shown["votes"]?.arrayValue)
        #expect(votes.count == 1)
        #expect(votes.first?["comment"] == "old vote")
        let listed = try await server.call("GET", "/api/v1/approval-requests?status=declined", token: server.approverToken)
        #expect(listed.json?.arrayValue?.map { $0["approver_comment"] } == ["old comment"])
        await server.finish()
    }

    /// Claim-then-execute is one conditional UPDATE: of many claims at once, from separate
    /// connections to the same file, exactly one wins, and a pending or declined request is never claimed.
    @Test func exactlyOneOfManyConcurrentClaimsWins() async throws {
        let server = try await TestServer()
        let id = try #require(try await server.createToolCall("read_file")["request_id"]?.stringValue)
        let pending = try #require(try await server.createToolCall("read_file")["request_id"]?.stringValue)
        let file = server.server.dataDirectory.databaseFile
        #expect(try ServerDatabase(file: file).claimExecution(id: id) == false)
        #expect(try await server.decide(id)["status"] == "approved")
        let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<12 {
                group.addTask { try ServerDatabase(file: file).claimExecution(id: id) }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
        #expect(try ServerDatabase(file: file).claimExecution(id: pending) == false)
        await server.finish()
    }
}

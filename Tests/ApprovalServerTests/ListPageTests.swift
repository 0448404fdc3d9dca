import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import Testing

/// List pages are spliced from each request's kept JSON; they must stay exactly what encoding the
/// rows afresh gives, through every change a row goes through.
@Suite struct ListPageTests {
    /// The page's elements as raw JSON texts, compared with each request's own GET.
    func expectPageMatchesSingleGets(_ server: TestServer, _ query: String) async throws -> [JSONValue] {
        let page = try await server.call("GET", "/api/v1/approval-requests\(query)", token: server.approverToken)
        #expect(page.status == 200)
        let items = try #require(page.json?.arrayValue)
        for item in items {
            let id = try #require(item["id"]?.stringValue)
            let single = try await server.call("GET", "/api/v1/approval-requests/\(id)", token: server.approverToken)
            #expect(single.json == item)
            #expect(page.text.contains(single.text))
        }
        return items
    }

    @Test func pagesFollowDecisionsExpiryAndPaging() async throws {
        let server = try await TestServer()
        var ids: [String] = []
        for index in 0..<5 {
            let created = try await server.createToolCall(
                "deploy_service", args: ["n": .integer(Int64(index)), "note": "ünïcødé \u{1F600} \"quoted\""],
                justification: "release \(index)")
            ids.append(try #require(created["request_id"]?.stringValue))
        }
        #expect(try await expectPageMatchesSingleGets(server, "?status=pending").count == 5)
        _ = try await server.decide(ids[0], "decline", approved: false, comment: "no")
        _ = try await server.decide(ids[1])
        let pending = try await expectPageMatchesSingleGets(server, "?status=pending")
        #expect(pending.count == 3)
        let all = try await expectPageMatchesSingleGets(server, "?limit=100")
        #expect(all.first { $0["id"]?.stringValue == ids[0] }?["status"] == "declined")
        #expect(all.first { $0["id"]?.stringValue == ids[0] }?["approver_comment"] == "no")
        #expect(all.first { $0["id"]?.stringValue == ids[1] }?["status"] == "approved")
        // Newest first, paged.
        let second = try await expectPageMatchesSingleGets(server, "?skip=1&limit=2")
        #expect(second.map { $0["id"]?.stringValue } == [ids[3], ids[2]])
        // Expiry changes the kept JSON too.
        server.clock.advance(by: 100_000)
        let expired = try await expectPageMatchesSingleGets(server, "?status=expired")
        #expect(expired.count == 3)
        #expect(try await expectPageMatchesSingleGets(server, "?status=pending").isEmpty)
        await server.finish()
    }
}

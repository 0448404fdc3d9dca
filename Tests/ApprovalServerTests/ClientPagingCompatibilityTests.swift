import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import Testing

/// The client's paging and error mapping against this server, as against Preloop.
@Suite struct ClientPagingCompatibilityTests {
    @Test func aThousandPendingRequestsAllArriveThroughPaging() async throws {
        let server = try await TestServer()
        let client = try ClientCompatibilityTests.client(server)
        var created = Set<String>()
        for index in 0..<1_000 {
            let answer = try await server.createToolCall(
                "deploy_service", args: ["n": .integer(Int64(index))], justification: "batch \(index)")
            created.insert(try #require(answer["request_id"]?.stringValue))
        }
        let pending = try await client.listApprovalRequests(status: .pending)
        #expect(pending.count == 1_000)
        #expect(Set(pending.map(\.id)) == created)
        await server.finish()
    }

    @Test func unknownAndMalformedIdsMapLikePreloop() async throws {
        let server = try await TestServer()
        let client = try ClientCompatibilityTests.client(server)
        await #expect(throws: ClientError.notFound(detail: "Approval request not found")) {
            try await client.approvalRequest(id: "00000000-0000-4000-8000-000000000000")
        }
        let error = await #expect(throws: ClientError.self) {
            try await client.approvalRequest(id: "not-a-uuid")
        }
        guard case .rejected(let detail)? = error else {
            Issue.record("expected rejected, got \(String(describing: error))")
            return
        }
        #expect(detail.contains("request_id"))
        await server.finish()
    }
}

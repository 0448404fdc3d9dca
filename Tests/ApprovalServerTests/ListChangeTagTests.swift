import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import Testing

/// Issue 15, "ask only for what changed": the local server tags its request lists, and the client
/// asks "changed since?" instead of walking every page again.
@Suite struct ListChangeTagTests {
    func list(_ server: TestServer, _ query: String = "?status=pending", ifNoneMatch: String? = nil, token: String? = nil)
        async throws -> Answer
    {
        try await server.call(
            "GET", "/api/v1/approval-requests\(query)", token: token ?? server.approverToken,
            headers: ifNoneMatch.map { ["If-None-Match": $0] } ?? [:])
    }

    @Test func aListIsNotModifiedUntilARequestChangesAndTheTagCoversEveryPage() async throws {
        let server = try await TestServer()
        let first = try #require(try await server.createToolCall("deploy_service", justification: "one")["request_id"]?.stringValue)
        let page = try await list(server)
        let tag = try #require(page.headers["etag"])
        #expect(page.status == 200 && page.json?.arrayValue?.count == 1)

        let unchanged = try await list(server, ifNoneMatch: tag)
        #expect(unchanged.status == 304)
        #expect(unchanged.text.isEmpty)
        #expect(unchanged.headers["etag"] == tag)
        // The tag names the state of every request, so it vouches for any page and filter.
        #expect(try await list(server, "?skip=100&limit=5", ifNoneMatch: tag).status == 304)
        #expect(try await list(server, "", ifNoneMatch: "\"other\", \(tag)").status == 304)
        #expect(try await list(server, ifNoneMatch: "*").status == 304)

        // Each kind of change gives a new tag and the new list.
        _ = try await server.createToolCall("deploy_service", justification: "two")
        let afterCreate = try await list(server, ifNoneMatch: tag)
        #expect(afterCreate.status == 200 && afterCreate.json?.arrayValue?.count == 2)
        let tag2 = try #require(afterCreate.headers["etag"])
        #expect(tag2 != tag)
        _ = try await server.decide(first)
        let afterDecision = try await list(server, ifNoneMatch: tag2)
        #expect(afterDecision.status == 200 && afterDecision.json?.arrayValue?.count == 1)
        let tag3 = try #require(afterDecision.headers["etag"])
        server.clock.advance(by: 100_000)
        let afterExpiry = try await list(server, ifNoneMatch: tag3)
        #expect(afterExpiry.status == 200 && afterExpiry.json?.arrayValue?.isEmpty == true)
        await server.finish()
    }

    @Test func hostileOrForeignTagsGetTheWholeListAndTheRoleRuleComesFirst() async throws {
        let server = try await TestServer()
        _ = try await server.createToolCall("deploy_service", justification: "one")
        let tag = try #require(try await list(server).headers["etag"])
        for hostile in ["", "W/", "\"\"", String(repeating: "\"x\",", count: 1_000), tag + "0", "W/W/" + tag] {
            let answer = try await list(server, ifNoneMatch: hostile)
            #expect(answer.status == 200, "\(hostile.prefix(40))")
            #expect(answer.json?.arrayValue?.count == 1)
        }
        // A control byte in a header is not HTTP: a clear 400 from the parser, never a 304.
        #expect(try await list(server, ifNoneMatch: "\u{1B}[2J\(tag)").status == 400)
        // An agent token learns nothing from a tag: 403 before any comparison.
        #expect(try await list(server, ifNoneMatch: tag, token: server.agentToken).status == 403)
        // A tag from before a restart never matches.
        try await server.restart()
        #expect(try await list(server, ifNoneMatch: tag).status == 200)
        await server.finish()
    }

    @Test func theExecutionListIsTaggedTooAndATriggeredFlowChangesIt() async throws {
        let server = try await FlowExecutionTests.server(script: "echo working")
        let empty = try await server.call("GET", "/api/v1/flows/executions", token: server.approverToken)
        let tag = try #require(empty.headers["etag"])
        let unchanged = try await server.call(
            "GET", "/api/v1/flows/executions", token: server.approverToken, headers: ["If-None-Match": tag])
        #expect(unchanged.status == 304)
        let id = try await FlowExecutionTests.trigger(server)
        _ = try await FlowExecutionTests.finished(server, id)
        let changed = try await server.call(
            "GET", "/api/v1/flows/executions", token: server.approverToken, headers: ["If-None-Match": tag])
        #expect(changed.status == 200)
        #expect(changed.json?.arrayValue?.first?["id"]?.stringValue == id)
        // A request list's tag is not the execution list's.
        let requests = try await list(server, ifNoneMatch: changed.headers["etag"])
        #expect(requests.status == 200)
        await server.finish()
    }

    @Test func theClientReusesItsListWhileTheServerSaysNothingChanged() async throws {
        let server = try await TestServer()
        for index in 0..<150 {
            _ = try await server.createToolCall("deploy_service", args: ["n": .integer(Int64(index))], justification: "n")
        }
        let transport = RecordingTransport(URLSessionTransport(timeout: 10))
        let client = try PreloopClient(
            serverURL: URL(string: "http://127.0.0.1:\(server.port)")!, token: server.approverToken, transport: transport)
        let walked = try await client.listApprovalRequests(status: .pending)
        #expect(walked.count == 150)
        // Preloop's 100 first; the server offers 1,000 a page, so the rest comes in one more.
        #expect(transport.statuses == [200, 200])
        #expect(transport.limits == ["100", "1000"])
        let again = try await client.listApprovalRequests(status: .pending)
        #expect(again == walked)
        // The very array of the last walk: the console's "unchanged?" checks compare one buffer.
        #expect(again.withUnsafeBufferPointer { a in walked.withUnsafeBufferPointer { a.baseAddress == $0.baseAddress } })
        #expect(transport.statuses == [200, 200, 304])
        _ = try await server.createToolCall("deploy_service", justification: "new")
        let changed = try await client.listApprovalRequests(status: .pending)
        #expect(changed.count == 151)
        // 151 is short of the 1,000 asked for but not of Preloop's 100: one more page makes sure.
        #expect(transport.statuses == [200, 200, 304, 200, 200])
        #expect(transport.limits == ["100", "1000", "1000", "1000", "1000"])
        await server.finish()
    }
}

/// A transport that keeps the status of every answer.
final class RecordingTransport: ApprovalTransport, @unchecked Sendable {
    // Safe: `seen` is only touched under `lock`.
    private let base: any ApprovalTransport
    private let lock = NSLock()
    private var seen: [Int] = []
    private var asked: [String] = []

    init(_ base: any ApprovalTransport) { self.base = base }

    var statuses: [Int] { lock.withLock { seen } }
    /// The `limit` of every request, "-" where there was none.
    var limits: [String] { lock.withLock { asked } }

    func send(_ request: TransportRequest) async throws(ClientError) -> TransportResponse {
        let limit = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?
            .queryItems?.first { $0.name == "limit" }?.value ?? "-"
        let response = try await base.send(request)
        lock.withLock {
            seen.append(response.status)
            asked.append(limit)
        }
        return response
    }
}

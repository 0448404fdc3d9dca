import ApprovalClient
import ApprovalModel
import Foundation
import Testing

/// `PreloopClient` against a real HTTP server on 127.0.0.1 answering with captured Preloop bodies.
@Suite struct PreloopClientTests {
    static let token = "secret-token"

    /// A client for `server` with a short timeout.
    static func client(
        _ server: FixtureServer, token: String? = PreloopClientTests.token, timeout: TimeInterval = 30
    ) throws -> PreloopClient {
        try PreloopClient(serverURL: server.baseURL, token: token, transport: URLSessionTransport(timeout: timeout))
    }

    /// `count` pending requests made from a captured one, with distinct ids, newest first.
    static func generatedRequests(_ count: Int) throws -> [ApprovalRequest] {
        let template = try JSONDecoder.preloop().decode(
            ApprovalRequest.self, from: Fixtures.data("approval_request_get_with_justification_nested_args"))
        return (0..<count).map { index in
            var request = template
            request.id = String(format: "00000000-0000-4000-8000-%012d", index)
            request.requestedAt = template.requestedAt.addingTimeInterval(-Double(index))
            return request
        }
    }

    /// Serves `requests` on `GET /api/v1/approval-requests`, sliced by `skip` and `limit`.
    static func servePages(of requests: [ApprovalRequest], on server: FixtureServer) async {
        await server.on("GET", "/api/v1/approval-requests") { received in
            let skip = Int(received.query["skip"] ?? "0") ?? 0
            let limit = Int(received.query["limit"] ?? "50") ?? 50
            let page = Array(requests.dropFirst(skip).prefix(limit))
            return try .encoded(page)
        }
    }

    // MARK: - Paging

    @Test func listingFetchesEveryPageUntilAShortOne() async throws {
        let all = try Self.generatedRequests(250)
        try await FixtureServer.run { server in
            await Self.servePages(of: all, on: server)
            let listed = try await Self.client(server).listApprovalRequests(status: .pending)
            #expect(listed.map(\.id) == all.map(\.id))
            let pages = await server.requests(to: "/api/v1/approval-requests")
            #expect(pages.map { $0.query["skip"] } == ["0", "100", "200"])
            #expect(pages.allSatisfy { $0.query["limit"] == "100" && $0.query["status"] == "pending" })
        }
    }

    @Test func aListThatShiftsWhilePagingYieldsEachRequestOnce() async throws {
        let all = try Self.generatedRequests(250)
        var newcomer = all[0]
        newcomer.id = "ffffffff-0000-4000-8000-000000000000"
        let shifted = [newcomer] + all  // a request arrived after the first page was served
        try await FixtureServer.run { server in
            await server.on("GET", "/api/v1/approval-requests") { received in
                let skip = Int(received.query["skip"] ?? "0") ?? 0
                let source = skip == 0 ? all : shifted
                return try .encoded(Array(source.dropFirst(skip).prefix(100)))
            }
            let listed = try await Self.client(server).listApprovalRequests()
            #expect(listed.map(\.id) == all.map(\.id))
            #expect(listed.first?.agentReasoning == all[0].agentReasoning)
        }
    }

    @Test func aServerIgnoringSkipDoesNotMakeListingLoop() async throws {
        let page = try Self.generatedRequests(100)
        try await FixtureServer.run { server in
            await server.on("GET", "/api/v1/approval-requests", reply: try .encoded(page))
            let listed = try await Self.client(server).listApprovalRequests()
            #expect(listed.count == 100)
            #expect(await server.requests.count == 2)
        }
    }

    @Test func allExecutionsArePagedLikeApprovals() async throws {
        let template = try JSONDecoder.preloop().decode(
            [FlowExecution].self, from: Fixtures.data("flow_executions_list"))[0]
        let executions = (0..<130).map { index in
            var execution = template
            execution.id = "exec-\(index)"
            return execution
        }
        try await FixtureServer.run { server in
            await server.on("GET", "/api/v1/flows/executions") { received in
                let skip = Int(received.query["skip"] ?? "0") ?? 0
                return try .encoded(Array(executions.dropFirst(skip).prefix(Int(received.query["limit"] ?? "100") ?? 100)))
            }
            let listed = try await Self.client(server).allFlowExecutions()
            #expect(listed.map(\.id) == executions.map(\.id))
        }
    }

    // MARK: - Decisions

    @Test func approvingSendsApprovedTrueWithTheComment() async throws {
        let id = "7fb40ec9-bc2e-4a6b-be91-6dd7b55dcb7b"
        try await FixtureServer.run { server in
            await server.on("POST", "/api/v1/approval-requests/\(id)/approve", reply: try .fixture("approval_request_approve_200"))
            let updated = try await Self.client(server).decide(id: id, verdict: .approve, comment: "ok")
            #expect(updated.status == .approved)
            #expect(updated.approverComment == "ok")
            let sent = try #require(await server.requests.first)
            #expect(try JSONDecoder().decode(JSONValue.self, from: sent.body) == ["approved": true, "comment": "ok"])
            #expect(sent.headers["content-type"] == "application/json")
        }
    }

    @Test func decliningWithoutCommentSendsApprovedFalseAndNull() async throws {
        let id = "f45c4c83-2885-41cb-b329-57509edb34a1"
        try await FixtureServer.run { server in
            await server.on("POST", "/api/v1/approval-requests/\(id)/decline", reply: try .fixture("approval_request_decline_200"))
            let updated = try await Self.client(server).decide(id: id, verdict: .decline, comment: nil)
            #expect(updated.status == .declined)
            let sent = try #require(await server.requests.first)
            #expect(try JSONDecoder().decode(JSONValue.self, from: sent.body) == ["approved": false, "comment": nil])
        }
    }

    @Test func blankCommentIsSentAsNull() async throws {
        let id = "f45c4c83-2885-41cb-b329-57509edb34a1"
        try await FixtureServer.run { server in
            await server.on("POST", "/api/v1/approval-requests/\(id)/decline", reply: try .fixture("approval_request_decline_200"))
            _ = try await Self.client(server).decide(id: id, verdict: .decline, comment: " \n ")
            let sent = try #require(await server.requests.first)
            #expect(try JSONDecoder().decode(JSONValue.self, from: sent.body) == ["approved": false, "comment": nil])
        }
    }

    // MARK: - Headers and addresses

    @Test func everyRequestCarriesTheBearerTokenAndAcceptsJSON() async throws {
        try await FixtureServer.run { server in
            await server.on("GET", "/api/v1/auth/users/me", reply: try .fixture("auth_users_me"))
            let user = try await Self.client(server).currentUser()
            #expect(user.username == "approver")
            let sent = try #require(await server.requests.first)
            #expect(sent.headers["authorization"] == "Bearer secret-token")
            #expect(sent.headers["accept"] == "application/json")
        }
    }

    @Test(arguments: ["", "/", "/api/v1", "/api/v1/", "//api/v1//"])
    func serverAddressWorksWithOrWithoutSlashAndPrefix(suffix: String) async throws {
        try await FixtureServer.run { server in
            await server.on("GET", "/api/v1/ping", reply: try .fixture("health_ping"))
            let client = try PreloopClient(
                server: server.baseURL.absoluteString + suffix, token: nil, transport: URLSessionTransport(timeout: 5))
            #expect(client.serverURL == server.baseURL)
            #expect(try await client.ping().status == "pong")
            #expect(await server.requests.map(\.path) == ["/api/v1/ping"])
        }
    }

    @Test(arguments: ["ftp://example.com", "http://", "not a url at all", "file:///tmp/x"])
    func unusableServerAddressIsAConfigurationError(address: String) {
        #expect {
            _ = try PreloopClient(server: address, token: nil, transport: URLSessionTransport())
        } throws: { error in
            if case ClientError.invalidConfiguration = error { return true }
            return false
        }
    }

    @Test func idsAreSentAsOneEncodedPathSegment() async throws {
        try await FixtureServer.run { server in
            let client = try Self.client(server)
            _ = try? await client.approvalRequest(id: "../flows?x=1")
            _ = try? await client.approvalRequest(id: "..")
            let paths = await server.requests.map(\.rawPath)
            #expect(paths == ["/api/v1/approval-requests/..%2Fflows%3Fx=1", "/api/v1/approval-requests/%2E%2E"])
        }
    }
}

import ApprovalClient
import ApprovalModel
import Foundation
import Testing

extension PreloopClientTests {
    // MARK: - HTTP errors

    @Test func missingTokenIsUnauthorizedAndSendsNoHeader() async throws {
        try await FixtureServer.run { server in
            await server.on("GET", "/api/v1/approval-requests", reply: try .fixture("approval_requests_list_no_token_401"))
            await #expect(throws: ClientError.unauthorized(detail: "Not authenticated")) {
                try await Self.client(server, token: nil).listApprovalRequests()
            }
            #expect(await server.requests.first?.headers["authorization"] == nil)
        }
    }

    @Test func badTokenIsUnauthorizedWithTheServersReason() async throws {
        try await FixtureServer.run { server in
            await server.on("GET", "/api/v1/approval-requests", reply: try .fixture("approval_requests_list_bad_token_401"))
            await #expect(throws: ClientError.unauthorized(detail: "Invalid authentication credentials")) {
                try await Self.client(server, token: "not-a-real-token").listApprovalRequests()
            }
        }
    }

    @Test func anotherAccountsRequestIsForbidden() async throws {
        try await FixtureServer.run { server in
            await server.on(
                "POST", "/api/v1/approval-requests/r1/approve",
                reply: .json(403, #"{"detail": "Not authorized to approve this request"}"#))
            await #expect(throws: ClientError.forbidden(detail: "Not authorized to approve this request")) {
                try await Self.client(server).decide(id: "r1", verdict: .approve, comment: nil)
            }
        }
    }

    @Test func unknownRequestIsNotFound() async throws {
        let id = "00000000-0000-4000-8000-000000000000"
        try await FixtureServer.run { server in
            await server.on("GET", "/api/v1/approval-requests/\(id)", reply: try .fixture("approval_request_get_unknown_404"))
            await #expect(throws: ClientError.notFound(detail: "Approval request not found")) {
                try await Self.client(server).approvalRequest(id: id)
            }
        }
    }

    @Test func decidingTwiceReportsWhoWasFirst() async throws {
        let id = "7fb40ec9-bc2e-4a6b-be91-6dd7b55dcb7b"
        try await FixtureServer.run { server in
            await server.on(
                "POST", "/api/v1/approval-requests/\(id)/decline", reply: try .fixture("approval_request_decline_after_approve_400"))
            await #expect(throws: ClientError.alreadyDecided(status: .approved)) {
                try await Self.client(server).decide(id: id, verdict: .decline, comment: "too late")
            }
        }
    }

    @Test func validationFailureCarriesTheServersText() async throws {
        try await FixtureServer.run { server in
            await server.on(
                "GET", "/api/v1/approval-requests", reply: try .fixture("approval_requests_list_limit_over_max_422"))
            await #expect(throws: ClientError.rejected(detail: "query.limit: Input should be less than or equal to 100")) {
                try await Self.client(server).approvalRequests(limit: 500)
            }
        }
    }

    @Test func serverFailureIsATransientServerError() async throws {
        try await FixtureServer.run { server in
            await server.on("GET", "/api/v1/approval-requests", reply: try .fixture("approval_requests_list_status_bogus"))
            let error = await #expect(throws: ClientError.self) {
                try await Self.client(server).listApprovalRequests(status: .other("bogus"))
            }
            #expect(error == .serverError(status: 500, detail: "Internal server error"))
            #expect(error?.isTransient == true)
        }
    }

    @Test func nonJSONSuccessIsUnreadable() async throws {
        try await FixtureServer.run { server in
            await server.on("GET", "/api/v1/approval-requests", reply: .json(200, "<html>maintenance</html>"))
            await #expect(throws: ClientError.unreadableResponse(path: "/api/v1/approval-requests", reason: "not JSON")) {
                try await Self.client(server).listApprovalRequests()
            }
        }
    }

    @Test func wrongShapedSuccessNamesTheMissingFieldBriefly() async throws {
        let padding = String(repeating: "x", count: 5000)
        try await FixtureServer.run { server in
            await server.on("GET", "/api/v1/approval-requests", reply: .json(200, #"[{"id": "a", "junk": "\#(padding)"}]"#))
            let error = await #expect(throws: ClientError.self) {
                try await Self.client(server).listApprovalRequests()
            }
            guard case .unreadableResponse(let path, let reason)? = error else {
                Issue.record("expected unreadableResponse, got \(String(describing: error))")
                return
            }
            #expect(path == "/api/v1/approval-requests")
            #expect(reason.contains("tool_name"))
            #expect(reason.count < 120)
        }
    }

    // MARK: - Transport errors

    @Test func nothingListeningIsUnreachable() async throws {
        let closed = try ClosedPort()
        let client = try PreloopClient(
            server: "http://127.0.0.1:\(closed.port)", token: Self.token, transport: URLSessionTransport(timeout: 5))
        let error = await #expect(throws: ClientError.self) {
            try await client.ping()
        }
        guard case .unreachable(let name, let reason)? = error else {
            Issue.record("expected unreachable, got \(String(describing: error))")
            return
        }
        #expect(name == "http://127.0.0.1:\(closed.port)")
        #expect(reason == "connection refused")
        #expect(error?.isTransient == true)
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        try await FixtureServer.run { server in
            await server.on("GET", "/api/v1/ping") { _ in
                try await Task.sleep(for: .seconds(60))
                return .json(200, "{}")
            }
            await #expect(throws: ClientError.timedOut(server: "http://127.0.0.1:\(server.port)", seconds: 0.3)) {
                try await Self.client(server, timeout: 0.3).ping()
            }
        }
    }
}

extension PreloopClientTests {
    @Test func cancellingTheCallerEndsAWaitingRequest() async throws {
        try await FixtureServer.run { server in
            await server.on("GET", "/api/v1/ping") { _ in
                try await Task.sleep(for: .seconds(60))
                return .json(200, "{}")
            }
            let client = try Self.client(server, timeout: 30)
            let call = Task { () async throws(ClientError) -> StatusReply in try await client.ping() }
            while await server.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
            call.cancel()
            let result = await call.result
            #expect(throws: ClientError.unreachable(server: client.serverName, reason: "the request was cancelled")) {
                try result.get()
            }
        }
    }
}

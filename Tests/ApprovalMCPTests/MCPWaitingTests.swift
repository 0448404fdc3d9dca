import ApprovalClient
import ApprovalModel
import ApprovalMCP
import ApprovalServer
import Foundation
import MCP
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Issue 14: waiting for a decision over MCP, the statuses an agent reads, and what a blocking
/// call does when its client goes away.
@Suite(.timeLimit(.minutes(2)))
struct MCPWaitingTests {
    /// Finding 2: `get_approval_status` ignored any wait and the agent learned of a decision up to
    /// 15 s late. Now `wait_seconds` answers the moment the decision lands. How soon is a figure of
    /// `approval-bench` (9: decision → agent told, budget 100 ms p99), not a timer here: this test
    /// only tells "woke on the decision" from "answered when the 20 s wait ran out" or "polled".
    @Test func waitSecondsAnswersWhenTheDecisionLandsNotWhenTheWaitEnds() async throws {
        let server = try await GatewayTestServer()
        let client = try await server.client()
        let pending = try await client.call("deploy_preview", ["justification": "ship it"])
        let id = try #require(pending["request_id"]?.stringValue)
        #expect(pending["message"]?.stringValue?.contains("wait_seconds=30") == true)
        let started = ContinuousClock.now
        async let waited = client.call("get_approval_status", ["request_id": .string(id), "wait_seconds": 20])
        try await Task.sleep(for: .milliseconds(400))
        try await server.approve(id)
        let decided = ContinuousClock.now
        let answer = try await waited
        let told = ContinuousClock.now
        #expect(answer["status"] == "approved", "\(answer.text)")
        #expect(decided - started >= .milliseconds(400), "the status call did not return before the decision")
        #expect(told - decided < .seconds(5), "told \(told - decided) after the decision (the wait was 20 s)")
        await client.disconnect()
        await server.finish()
    }

    @Test func aWaitThatEndsBeforeTheDecisionSaysPendingAndBadWaitsAreRefused() async throws {
        let server = try await GatewayTestServer()
        let client = try await server.client()
        let pending = try await client.call("deploy_preview", ["justification": "ship it"])
        let id = try #require(pending["request_id"]?.stringValue)
        let started = ContinuousClock.now
        let still = try await client.call("get_approval_status", ["request_id": .string(id), "wait_seconds": 0.3])
        #expect(ContinuousClock.now - started >= .milliseconds(300))
        #expect(still["status"] == "pending")
        for bad: Value in [-1, "soon", ["x": 1]] {
            let refused = try await client.call("get_approval_status", ["request_id": .string(id), "wait_seconds": bad])
            #expect(refused.isError)
            #expect(refused.text.contains("wait_seconds"), "\(refused.text)")
        }
        await client.disconnect()
        await server.finish()
    }

    /// Finding 5: `executing` was returned but not described. Every status is, with how to wait.
    @Test func theToolDescriptionsListEveryStatusAndHowToWait() async throws {
        let server = try await GatewayTestServer()
        let client = try await server.client()
        let status = try #require(try await client.listTools().tools.first { $0.name == "get_approval_status" })
        for word in ["pending_approval", "executing", "approved", "declined", "expired", "cancelled", "wait_seconds"] {
            #expect(status.description?.contains("'\(word)'") == true || status.description?.contains(word) == true, "\(word)")
        }
        let schema = JSONValue(status.inputSchema)
        #expect(schema["properties"]?["wait_seconds"]?["maximum"] == .integer(30))
        await client.disconnect()
        await server.finish()
    }

    /// Finding 1 over HTTP: a blocking call whose client disconnects is cancelled; an approval
    /// afterwards is refused and the tool never runs.
    @Test func aBlockingCallWhoseHTTPClientGoesAwayIsCancelledAndNeverRuns() async throws {
        let server = try await GatewayTestServer(adjusting: MCPProxyTests.blocking())
        var request = URLRequest(url: server.endpoint)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json, text/event-stream", forHTTPHeaderField: "Accept")
        request.setValue("Bearer \(server.agentToken)", forHTTPHeaderField: "Authorization")
        request.httpBody = Data(
            #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"append_line","arguments":{"line":"orphan"}}}"#.utf8)
        let task = server.session.dataTask(with: request) { _, _, _ in }
        task.resume()
        let id = try await server.pendingID()
        task.cancel()
        try await server.expectCancelledAndNeverRun(id)
        await server.finish()
    }

    /// Finding 5 over HTTP: the spec's codes, and id null for a body that could not be read.
    @Test func malformedHTTPBodiesGetTheSpecsCodes() async throws {
        let server = try await GatewayTestServer()
        let cases: [(String, Int64, JSONValue)] = [
            (#"{"jsonrpc": "2.0", "id": 5, "method": "#, -32700, .null),
            (#"{"jsonrpc": "2.0", "id": 6}"#, -32600, 6),
            (#"{"jsonrpc": "2.0", "id": 8, "method": "tools/call", "params": {"name": "echo_free", "arguments": [1, 2]}}"#, -32602, 8),
            (#"{"jsonrpc": "2.0", "id": 9, "method": "tools/call", "params": {"arguments": {}}}"#, -32602, 9),
        ]
        for (body, code, id) in cases {
            let answer = try await server.rawMCPText(body, token: server.agentToken)
            let reply = try JSONDecoder().decode(JSONValue.self, from: Data(answer.body.utf8))
            #expect(reply["error"]?["code"] == .integer(code), "\(body) -> \(answer.body)")
            #expect(reply["id"] == id, "\(body) -> \(answer.body)")
        }
        #expect(try await server.rest("GET", "/api/v1/approval-requests") == [])
        await server.finish()
    }
}

import ApprovalClient
import ApprovalModel
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Issue 14, finding 1: a call that waits for a person is answered as an event stream to clients
/// that read one, which tells the agent its request id at once and keeps the connection alive.
@Suite struct MCPStreamingTests {
    /// A client that reads event streams (the Python SDK's HTTP library).
    static let streamingAgent = "python-httpx/0.28.1"

    static func call(_ server: GatewayTestServer, line: String, progressToken: String?, userAgent: String?) -> URLRequest {
        var request = URLRequest(url: server.endpoint)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json, text/event-stream", forHTTPHeaderField: "Accept")
        request.setValue("Bearer \(server.agentToken)", forHTTPHeaderField: "Authorization")
        if let userAgent { request.setValue(userAgent, forHTTPHeaderField: "User-Agent") }
        var params: [String: JSONValue] = ["name": "append_line", "arguments": ["line": .string(line)]]
        if let progressToken { params["_meta"] = ["progressToken": .string(progressToken)] }
        let body: JSONValue = ["jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": .object(params)]
        request.httpBody = Data(body.compactText.utf8)
        return request
    }

    @Test func aBlockingCallNamesItsRequestAtOnceAndEndsWithTheResult() async throws {
        let server = try await GatewayTestServer(adjusting: MCPProxyTests.blocking())
        let reader = EventStreamReader(Self.call(server, line: "streamed", progressToken: "tok-1", userAgent: Self.streamingAgent))
        let first = try await within(.seconds(10), "the first event") { try await reader.events(atLeast: 1)[0] }
        let id = try await server.pendingID()
        #expect(reader.contentType == "text/event-stream")
        #expect(first["method"] == "notifications/progress")
        #expect(first["params"]?["progressToken"] == "tok-1")
        #expect(first["params"]?["progress"] == .integer(0) || first["params"]?["progress"] == .number(0))
        #expect(first["params"]?["message"]?.stringValue?.contains(id) == true)
        #expect(!reader.isDone)
        #expect(server.runs == 0)

        try await server.approve(id)
        let events = try await within(.seconds(10), "the result") { try await reader.finished() }
        let last = try #require(events.last)
        #expect(last["id"] == 7)
        #expect(last["result"]?["isError"] != true)
        let text = last["result"]?["content"]?.arrayValue?.first?["text"]?.stringValue ?? ""
        #expect(text.contains(#""status":"approved""#) || text.contains(#""status": "approved""#), "\(text)")
        #expect(server.runs == 1)
        await server.finish()
    }

    @Test func withoutAProgressTokenTheIdComesAsALogMessageAndGivingUpCancels() async throws {
        let server = try await GatewayTestServer(adjusting: MCPProxyTests.blocking())
        let reader = EventStreamReader(Self.call(server, line: "given-up", progressToken: nil, userAgent: Self.streamingAgent))
        let first = try await within(.seconds(10), "the first event") { try await reader.events(atLeast: 1)[0] }
        let id = try await server.pendingID()
        #expect(first["method"] == "notifications/message")
        #expect(first["params"]?["level"] == "info")
        #expect(first["params"]?["data"]?["request_id"]?.stringValue == id)
        #expect(first["params"]?["data"]?["status"] == "pending_approval")

        reader.cancel()
        try await server.expectCancelledAndNeverRun(id)
        await server.finish()
    }

    /// Foundation's URLSession on Linux (and so the Swift MCP SDK there) hands a stream over only
    /// at its end and cannot parse it: it keeps getting plain JSON. So does a call that needs no wait.
    @Test func clientsThatCannotReadAStreamAndCallsThatDoNotWaitGetPlainJSON() async throws {
        let server = try await GatewayTestServer(adjusting: MCPProxyTests.blocking())
        let reader = EventStreamReader(Self.call(server, line: "plain", progressToken: "tok-2", userAgent: nil))
        let id = try await server.pendingID()
        try await server.approve(id)
        _ = try await within(.seconds(10), "the answer") { try await reader.finished() }
        #expect(reader.contentType?.hasPrefix("application/json") == true)
        let answer = try JSONDecoder().decode(JSONValue.self, from: Data(reader.text.utf8))
        #expect(answer["id"] == 7)
        #expect(server.runs == 1)

        // `echo_free` matches no policy of this set and runs at once: no stream for it.
        var request = Self.call(server, line: "free", progressToken: nil, userAgent: Self.streamingAgent)
        request.httpBody = Data(
            #"{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"echo_free","arguments":{"text":"x"}}}"#.utf8)
        let quick = EventStreamReader(request)
        _ = try await within(.seconds(10), "the quick answer") { try await quick.finished() }
        #expect(quick.contentType?.hasPrefix("application/json") == true)
        await server.finish()
    }
}

import ApprovalClient
import ApprovalModel
import Foundation
import Testing

/// Issue 12 attack finding 1: one request whose arguments hold a number no double can hold
/// (`1e400`) used to make the whole list unreadable ("bad value at [0].tool_args"), blinding
/// `list`, `check` and the console for every request until it expired.
@Suite struct UnreadableArgumentsTests {
    @Test(arguments: [#"{"a": 1e400}"#, #"{"a": -1e400, "b": [1.7976931348623159e308]}"#, "{\"n\": \(String(repeating: "9", count: 401))}"])
    func oneRequestsUnreadableArgumentsNeverFailTheList(args: String) async throws {
        var requests = try PreloopClientTests.generatedRequests(2)
        requests[0].toolArgsText = args
        let body = try VerbatimJSON.encode(requests, with: JSONEncoder.preloop())
        #expect(String(decoding: body, as: UTF8.self).contains(args))
        try await FixtureServer.run { server in
            await server.on("GET", "/api/v1/approval-requests", reply: .init(status: 200, body: body))
            await server.on("GET", "/api/v1/approval-requests/\(requests[0].id)", reply: .init(
                status: 200, body: try VerbatimJSON.encode(requests[0], with: JSONEncoder.preloop())))
            let client = try PreloopClientTests.client(server)
            let listed = try await client.listApprovalRequests(status: .pending)
            #expect(listed.map(\.id) == requests.map(\.id))
            #expect(listed[0].toolArgsText == args)
            #expect(listed[0].argumentsPrettyText.contains(args.contains("1e400") ? "1e400" : "999999999"))
            #expect(listed[1].toolArgs == requests[1].toolArgs)
            let one = try await client.approvalRequest(id: requests[0].id)
            #expect(one.toolArgsText == args)
            // What the console caches is still encodable.
            _ = try JSONEncoder().encode(listed)
        }
    }
}

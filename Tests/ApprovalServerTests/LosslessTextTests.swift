import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import Testing

/// Issue 12, findings 1 and 2: what the agent sent is what is stored, shown and run — or the
/// call is refused with a 422 naming the field. Bodies are written by hand (raw bytes), because
/// an encoder would already change what these tests send.
@Suite struct LosslessTextTests {
    static let path = "/api/v1/agent/tool-calls"

    /// `critical` guards exactly `echo` with two approvals and a required justification; `cat`
    /// echoes stdin, so the tool's input is visible in its result.
    static let policies = PolicySet(
        policies: [
            ServerPolicy(name: "critical", tools: ["echo"], approvalsRequired: 2, justification: .required),
            ServerPolicy(name: "default", tools: ["*"], justification: .optional),
        ],
        tools: [ServerTool(name: "echo", command: ["cat"]), ServerTool(name: "cat_args", command: ["cat"])])

    static func post(_ server: TestServer, _ body: String) async throws -> Answer {
        try await server.call("POST", path, token: server.agentToken, body: Data(body.utf8))
    }

    static func firstIssue(_ answer: Answer) -> JSONValue? { answer["detail"]?.arrayValue?.first }

    static func requestCount(_ server: TestServer) async throws -> Int {
        try await server.call("GET", "/api/v1/approval-requests", token: server.approverToken)
            .json?.arrayValue?.count ?? -1
    }

    @Test func aNulInTheToolNameCannotEscapeThePolicy() async throws {
        let server = try await TestServer(policies: Self.policies)
        // The old server matched "echo\0x" against `default`, stored "echo", showed "echo" and ran echo.
        let answer = try await Self.post(server, #"{"tool_name": "echo\u0000x", "tool_args": {}}"#)
        #expect(answer.status == 422)
        #expect(Self.firstIssue(answer)?["loc"] == ["body", "tool_name"])
        #expect(Self.firstIssue(answer)?["msg"]?.stringValue?.contains("U+0000") == true)
        #expect(try await Self.requestCount(server) == 0)
        await server.finish()
    }

    @Test(arguments: [
        ("agent_name", #""bot\u0000admin""#), ("agent_name", #""bot\u001b]0;owned\u0007""#),
        ("execution_id", #""run\u0000-2""#), ("execution_id", "\"run\u{202E}3\""), ("tool_name", #""dep\u009bloy""#),
        ("tool_name", "\"deploy\u{200B}\""),
    ])
    func controlAndInvisibleCharactersInNamesAreRefusedNamingTheField(field: String, value: String) async throws {
        let server = try await TestServer(policies: Self.policies)
        var members = [#""tool_name": "cat_args""#, #""tool_args": {}"#]
        if field == "tool_name" { members[0] = "\"tool_name\": \(value)" } else { members.append("\"\(field)\": \(value)") }
        let answer = try await Self.post(server, "{" + members.joined(separator: ", ") + "}")
        #expect(answer.status == 422)
        #expect(Self.firstIssue(answer)?["loc"] == ["body", .string(field)])
        #expect(try await Self.requestCount(server) == 0)
        await server.finish()
    }

    /// Attack finding 4: names with characters a terminal draws as nothing (variation selectors,
    /// format characters, Hangul fillers, blanks) or in a second spelling (NFD) matched other
    /// policies than the name they look like: `"echo\u{FE0F}"` went to `default`, not `critical`.
    @Test(arguments: [
        "echo\u{FE0F}", "echo\u{00AD}", "echo\u{3164}", "\u{115F}echo", "echo\u{180B}", "echo\u{206A}", "echo\u{206B}",
        "echo\u{FFF9}", "echo\u{2800}", "echo\u{E0100}", "echo\u{00A0}", "echo ", " echo", "echo\u{3000}", "echo\u{E000}",
        "echo\u{2028}", "deploy\u{FE0F}_prod", "e\u{301}cho",
    ])
    func namesThatLookLikeAnotherNameAreRefused(name: String) async throws {
        let server = try await TestServer(policies: Self.policies)
        let answer = try await Self.post(server, "{\"tool_name\": \(JSONValue.quoted(name)), \"tool_args\": {}}")
        #expect(answer.status == 422)
        #expect(Self.firstIssue(answer)?["loc"] == ["body", "tool_name"])
        #expect(try await Self.requestCount(server) == 0)
        let agent = try await Self.post(server, "{\"tool_name\": \"cat_args\", \"agent_name\": \(JSONValue.quoted(name))}")
        #expect(agent.status == 422)
        #expect(Self.firstIssue(agent)?["loc"] == ["body", "agent_name"])
        await server.finish()
    }

    /// Names in other scripts, with an inner space or composed accents, are still accepted and
    /// matched scalar for scalar.
    @Test func visibleNamesInAnyScriptAreAccepted() async throws {
        let server = try await TestServer(policies: Self.policies)
        for name in ["d\u{E9}ploy prod", "\u{90E8}\u{7F72}", "\u{1F680}launch"] {
            let answer = try await Self.post(server, "{\"tool_name\": \(JSONValue.quoted(name)), \"tool_args\": {}}")
            #expect(answer.status == 202, "\(name)")
        }
        await server.finish()
    }

    @Test func overLongFieldsAreRefusedNotCut() async throws {
        let server = try await TestServer(policies: Self.policies)
        let longName = String(repeating: "n", count: 300)
        let name = try await Self.post(server, #"{"tool_name": "\#(longName)"}"#)
        #expect(name.status == 422)
        #expect(Self.firstIssue(name)?["type"] == "string_too_long")
        let longReason = String(repeating: "r", count: 70_000)
        let reason = try await Self.post(server, #"{"tool_name": "cat_args", "justification": "\#(longReason)"}"#)
        #expect(reason.status == 422)
        #expect(Self.firstIssue(reason)?["loc"] == ["body", "justification"])
        #expect(try await Self.requestCount(server) == 0)
        await server.finish()
    }

    @Test func aNulInTheJustificationIsRefusedAndOtherControlsAreKeptExactly() async throws {
        let server = try await TestServer(policies: Self.policies)
        let nul = try await Self.post(server, #"{"tool_name": "cat_args", "justification": "before\u0000after"}"#)
        #expect(nul.status == 422)
        #expect(Self.firstIssue(nul)?["loc"] == ["body", "justification"])
        let kept = try await Self.post(
            server, #"{"tool_name": "cat_args", "justification": "line one\nline\t2 \u001b[31mred\u001b[0m \u202eevil"}"#)
        #expect(kept.status == 202)
        let id = try #require(kept["request_id"]?.stringValue)
        let stored = try await server.call("GET", "/api/v1/approval-requests/\(id)", token: server.approverToken)
        #expect(stored["agent_reasoning"] == .string("line one\nline\t2 \u{1B}[31mred\u{1B}[0m \u{202E}evil"))
        await server.finish()
    }

    @Test func theApproversCommentIsStoredAndReturnedWithItsNul() async throws {
        let server = try await TestServer(policies: Self.policies)
        let id = try #require(try await server.createToolCall("cat_args")["request_id"]?.stringValue)
        let declined = try await server.call(
            "POST", "/api/v1/approval-requests/\(id)/decline", token: server.approverToken,
            body: Data(#"{"approved": false, "comment": "before\u0000after"}"#.utf8))
        #expect(declined.status == 200)
        #expect(declined["approver_comment"] == .string("before\u{0}after"))
        let stored = try await server.call("GET", "/api/v1/approval-requests/\(id)", token: server.approverToken)
        #expect(stored["approver_comment"] == .string("before\u{0}after"))
        let polled = try await server.poll(id)
        #expect(polled["reason"] == .string("before\u{0}after"))
        await server.finish()
    }

    @Test func anOverLongCommentIsRefusedAndDecidesNothing() async throws {
        let server = try await TestServer(policies: Self.policies)
        let id = try #require(try await server.createToolCall("cat_args")["request_id"]?.stringValue)
        let long = String(repeating: "c", count: 70_000)
        let refused = try await server.decide(id, comment: long)
        #expect(refused.status == 422)
        #expect(Self.firstIssue(refused)?["loc"] == ["body", "comment"])
        let stored = try await server.call("GET", "/api/v1/approval-requests/\(id)", token: server.approverToken)
        #expect(stored["status"] == "pending")
        await server.finish()
    }

    /// Integers past 2^63, keys that differ only in normalisation, and member order reach the
    /// approver's API and the tool's stdin exactly as sent.
    @Test func argumentsReachTheApproverAndTheToolAsSent() async throws {
        let server = try await TestServer(policies: Self.policies)
        let args = #"{"z": 9223372036854775808, "é": 1, "e\u0301": 2, "a": [1.50, -0, 123456789012345678901234567890]}"#
        let created = try await Self.post(server, #"{"tool_name": "cat_args", "tool_args": \#(args)}"#)
        #expect(created.status == 202)
        let id = try #require(created["request_id"]?.stringValue)
        let shown = try await server.call("GET", "/api/v1/approval-requests/\(id)", token: server.approverToken)
        #expect(shown.text.contains(#""tool_args":\#(args)"#) || shown.text.contains(#""tool_args" : \#(args)"#))
        let listed = try await server.call("GET", "/api/v1/approval-requests", token: server.approverToken)
        #expect(listed.text.contains(args))
        _ = try await server.decide(id)
        let ran = try await server.poll(id)
        #expect(ran["tool_result"]?["stdout"] == .string(args))
        await server.finish()
    }

    /// The console's own client reads the arguments from the text the server sends, so the
    /// detail view shows what the tool will read.
    @Test func theConsolesClientShowsTheArgumentsAsSent() async throws {
        let server = try await TestServer(policies: Self.policies)
        let args = #"{"z": 9223372036854775808, "\u00e9": 1, "e\u0301": 2}"#
        let created = try await Self.post(server, #"{"tool_name": "cat_args", "tool_args": \#(args)}"#)
        let id = try #require(created["request_id"]?.stringValue)
        let client = try ClientCompatibilityTests.client(server)
        let listed = try #require(try await client.listApprovalRequests(status: .pending).first)
        #expect(listed.toolArgsText == args)
        #expect(listed.argumentsPrettyText.contains("\"z\": 9223372036854775808"))
        #expect(try await client.approvalRequest(id: id).toolArgsText == args)
        await server.finish()
    }

    @Test(arguments: [
        #"{"tool_name": "cat_args", "tool_name": "echo"}"#,
        #"{"tool_name": "cat_args", "tool_args": {"env": "staging", "env": "prod"}}"#,
        #"{"tool_name": "cat_args", "tool_args": {"deep": [{"k": 1, "k": 2}]}}"#,
        #"{"tool_name": "cat_args", "tool_args": {"s": "\ud800"}}"#,
        #"{"tool_name": "cat_args", "tool_args": {"s": "\udc00\ud800"}}"#,
        "{\"tool_name\": \"cat_args\", \"justification\": \"raw\u{1}control\"}",
    ])
    func ambiguousOrInvalidJSONIsRefusedAndCreatesNothing(body: String) async throws {
        let server = try await TestServer(policies: Self.policies)
        let answer = try await Self.post(server, body)
        #expect(answer.status == 422)
        #expect(Self.firstIssue(answer)?["type"] == "json_invalid")
        #expect(try await Self.requestCount(server) == 0)
        await server.finish()
    }

    /// Attack finding 1: a number no double holds made every approver's client fail on the
    /// whole queue; now the call is refused, naming where the number is.
    @Test(arguments: [
        (#"{"a": 1e400}"#, ["a"]), (#"{"x": {"b": [0, -1e400]}}"#, ["x", "b", "[1]"]),
        (#"{"m": 1.7976931348623159e308}"#, ["m"]), ("{\"n\": \(String(repeating: "9", count: 401))}", ["n"]),
    ])
    func aNumberNoDoubleHoldsIsRefusedNamingItsPlace(args: String, place: [String]) async throws {
        let server = try await TestServer(policies: Self.policies)
        let answer = try await Self.post(server, #"{"tool_name": "cat_args", "tool_args": \#(args)}"#)
        #expect(answer.status == 422)
        #expect(Self.firstIssue(answer)?["loc"] == .array((["body", "tool_args"] + place).map(JSONValue.string)))
        #expect(Self.firstIssue(answer)?["msg"]?.stringValue?.contains("out of range") == true)
        #expect(try await Self.requestCount(server) == 0)
        // Big integers a double holds (rounded) are still kept exactly as sent.
        let kept = try await Self.post(server, #"{"tool_name": "cat_args", "tool_args": {"a": 1e300, "b": 18446744073709551616}}"#)
        #expect(kept.status == 202)
        await server.finish()
    }

    /// Attack finding 7: the server's own JSON answers echoed raw C1 and bidi characters (a path
    /// in a 404, a justification to the approver), which drive a terminal that shows them raw.
    @Test func answersEscapeControlAndBidiCharactersAndKeepTheText() async throws {
        let server = try await TestServer(policies: Self.policies)
        func expectInert(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let raw = text.unicodeScalars.filter { $0.value == 0x1B || (0x80...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value) || $0.value == 0x0D }
            #expect(raw.isEmpty, "raw \(raw.map { String($0.value, radix: 16) }) in \(text)", sourceLocation: sourceLocation)
        }
        let missing = try await server.call("GET", "/api/v1/agent/tool-calls/%1b%5d0%3bPWN%07%c2%9b%e2%80%ae", token: server.agentToken)
        #expect(missing.status == 404)
        expectInert(missing.text)
        #expect(missing["detail"]?.stringValue?.contains("\u{1B}]0;PWN\u{07}\u{9B}\u{202E}") == true)
        let reason = "why\u{9B}31m\u{202E}txt\u{1B}[2J"
        let created = try await Self.post(
            server, #"{"tool_name": "cat_args", "tool_args": {"k": "\u009b\u202e"},\#r"justification": \#(JSONValue.quoted(reason))}"#)
        #expect(created.status == 202)
        expectInert(created.text)
        let listed = try await server.call("GET", "/api/v1/approval-requests", token: server.approverToken)
        expectInert(listed.text)
        #expect(listed.json?.arrayValue?.first?["agent_reasoning"] == .string(reason))
        #expect(listed.json?.arrayValue?.first?["tool_args"] == ["k": "\u{9B}\u{202E}"])
        let badStatus = try await server.call("GET", "/api/v1/approval-requests?status=%c2%9b%e2%80%ae", token: server.approverToken)
        expectInert(badStatus.text)
        await server.finish()
    }

    @Test func invalidUTF8IsRefused() async throws {
        let server = try await TestServer(policies: Self.policies)
        var body = Data(#"{"tool_name": "cat_"#.utf8)
        body.append(contentsOf: [0xC3, 0x28])
        body.append(Data(#""}"#.utf8))
        let answer = try await server.call("POST", Self.path, token: server.agentToken, body: body)
        #expect(answer.status == 422)
        #expect(try await Self.requestCount(server) == 0)
        await server.finish()
    }
}

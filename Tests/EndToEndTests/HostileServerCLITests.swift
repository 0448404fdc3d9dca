import ApprovalClient
import ApprovalModel
import Hummingbird
import LoopbackHTTP
import Foundation
import Testing

/// Issue 12, finding 3: every command that prints what a server sent — against a hostile server
/// whose every field and error detail is full of OSC, CSI, C1, bidi and NUL — prints no raw ESC,
/// C1 or bidi character on stdout or stderr, and still shows that something was there.
@Suite(.serialized) struct HostileServerCLITests {
    /// Title, clipboard (OSC 52), clear screen, 8-bit CSI and OSC, bidi override and isolate,
    /// zero-width space, NUL, and a leading `--` (an option to a program that takes argv).
    static let hostile = "--icon=x \u{1B}]0;pwned\u{07}\u{1B}]52;c;aGVsbG8=\u{07}\u{1B}[2J\u{9B}31m\u{9D}8;;u\u{9C}"
        + "\u{202E}evil\u{2066}\u{200B}\u{0}nul\u{85}end"

    /// `text` as a JSON string literal, the way a server would send it (C0 escaped, C1 and bidi raw).
    static func quoted(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }

    static var requestJSON: String {
        let h = quoted(hostile)
        return """
            {"id": \(h), "tool_name": \(h), "tool_args": {"k": \(h), \(h): [\(h)],\r\t"n":\r1e400}, "agent_reasoning": \(h),
             "agent_name": \(h), "execution_id": \(h), "status": \(h), "approver_comment": \(h),
             "requested_at": "2026-12-01T10:00:00", "expires_at": "2026-12-01T10:05:00",
             "approval_policy_id": \(h), "account_id": \(h)}
            """
    }

    /// A reply: status, content type and body.
    struct Answer: Sendable {
        var status: Int
        var contentType = "application/json"
        var body: Data
    }

    static func reply(method: String, path: String, body: Data) async -> Answer {
        let h = quoted(hostile)
        func json(_ status: Int, _ text: String) -> Answer { Answer(status: status, body: Data(text.utf8)) }
        switch (method, path) {
        case ("GET", "/api/v1/auth/users/me"):
            return json(200, #"{"username": \#(h), "email": \#(h)}"#)
        case ("GET", "/api/v1/health"):
            return json(200, #"{"status": \#(h), "database": \#(h)}"#)
        case ("GET", "/api/v1/approval-requests"):
            return json(200, "[\(requestJSON)]")
        case ("POST", _) where path.hasSuffix("0003/approve"):
            // A 20 KB error page.
            return json(500, #"{"detail": "# + quoted(String(repeating: "stack frame \u{1B}[31m ", count: 1_000)) + "}")
        case ("POST", _) where path.hasSuffix("/approve"):
            return json(200, requestJSON)
        case ("POST", _) where path.hasSuffix("/decline"):
            // Not JSON at all: raw escape bytes in the body of an error.
            return Answer(status: 500, contentType: "text/plain", body: Data(hostile.utf8))
        case ("POST", "/api/v1/agent/tool-calls"):
            await received.record(body)
            if String(decoding: body, as: UTF8.self).contains("\"refuse_me\"") {
                return json(422, #"{"detail": [{"type": \#(h), "loc": ["body", \#(h)], "msg": \#(h), "input": \#(h)}]}"#)
            }
            return json(200, #"{"status": "allowed", "request_id": \#(h), "result": {"stdout": \#(h), \#(h): \#(h)}}"#)
        default:
            return json(404, #"{"detail": \#(h)}"#)
        }
    }

    /// The bodies of the tool calls the server received, in order.
    actor Received {
        var bodies: [Data] = []
        func record(_ body: Data) { bodies.append(body) }
    }

    static let received = Received()

    /// Starts the hostile server.
    static func start() async throws -> LoopbackServer {
        try await LoopbackServer.start(label: "hostile-server") { request in
            var body = Data()
            if let buffer = try? await request.body.collect(upTo: 16 << 20) { body = Data(buffer.readableBytesView) }
            let answer = await Self.reply(method: request.method.rawValue, path: request.uri.path, body: body)
            return Response(
                status: .init(code: answer.status, reasonPhrase: "Hostile"),
                headers: [.contentType: answer.contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
    }

    /// Issue 12, finding 2: `request --args` sends the text as given (big integers, keys that
    /// differ only in normalisation), and refuses duplicate keys before sending anything.
    @Test func requestSendsItsArgumentsAsGivenAndRefusesDuplicateKeys() async throws {
        let server = try await Self.start()
        let port = server.port
        let sandbox = try E2ESandbox()
        defer { sandbox.remove() }
        let connection = ["--server", "http://127.0.0.1:\(port)"]
        let token = ["APPROVAL_TUI_AGENT_TOKEN": "agent-token"]
        let args = #"{"z": 9223372036854775808, "\u00e9": 1, "e\u0301": 2}"#
        let sent = try await sandbox.run(["request", "--tool", "verbatim", "--args", args] + connection, extra: token)
        #expect(sent.status == 0, "\(sent.stderr)")
        let body = try #require(await Self.received.bodies.last.map { String(decoding: $0, as: UTF8.self) })
        #expect(body.contains(#""tool_args":\#(args)"#), "\(body)")
        let before = await Self.received.bodies.count
        let duplicate = try await sandbox.run(
            ["request", "--tool", "verbatim", "--args", #"{"env": "staging", "env": "prod"}"#] + connection, extra: token)
        #expect(duplicate.status == 3)
        #expect(duplicate.stderr.contains("duplicate key"))
        #expect(await Self.received.bodies.count == before)
        await server.stop()
    }

    /// No ESC, no C1 control, no bidi control in what a terminal would receive.
    static func expectInert(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bidi: Set<UInt32> = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C]
        // A raw CR (attack finding 3: from whitespace in an agent's `tool_args`) rewrites the line on a terminal.
        let raw = text.unicodeScalars.filter {
            $0.value == 0x1B || (0x80...0x9F).contains($0.value) || bidi.contains($0.value) || $0.value == 0 || $0.value == 0x0D
        }
        #expect(raw.isEmpty, "\(what) carries raw \(raw.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
    }

    @Test func noCommandPassesRawControlCharactersFromAHostileServer() async throws {
        let server = try await Self.start()
        let port = server.port
        let sandbox = try E2ESandbox()
        defer { sandbox.remove() }
        let tokenFile = sandbox.root.appendingPathComponent("token")
        try "hostile-test-token".write(to: tokenFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: tokenFile.path)
        let connection = ["--server", "http://127.0.0.1:\(port)", "--token-file", tokenFile.path]

        // The journal is this machine's record of decisions; fill it with what a hostile server sent.
        let store = try LocalStore(path: try LocalStore.defaultPath(environment: sandbox.environment))
        let entry = try store.beginDecision(
            requestID: Self.hostile, toolName: Self.hostile, verdict: .approve, comment: Self.hostile,
            server: "http://127.0.0.1:\(port)", at: Date())
        try store.completeDecision(entry, outcome: .failed, errorText: Self.hostile, at: Date())
        try store.close()

        let commands: [(String, [String])] = [
            ("check", ["check"] + connection),
            ("list", ["list"] + connection),
            ("list --json", ["list", "--json"] + connection),
            ("history", ["history"] + connection),
            ("history --json", ["history", "--json"] + connection),
            ("approve", ["approve", "3f2c0f6e-0000-4000-8000-000000000001", "--comment", "ok"] + connection),
            ("deny", ["deny", "3f2c0f6e-0000-4000-8000-000000000002"] + connection),
            ("journal", ["journal"]),
            ("journal --json", ["journal", "--json"]),
            ("request", ["request", "--tool", "anything", "--args", "{}"] + connection),
            ("request (refused)", ["request", "--tool", "refuse_me", "--args", "{}"] + connection),
            ("request --json", ["request", "--tool", "anything", "--args", "{}", "--json"] + connection),
        ]
        var printed: [String: String] = [:]
        for (name, arguments) in commands {
            let outcome = try await sandbox.run(arguments, extra: ["APPROVAL_TUI_AGENT_TOKEN": "hostile-agent-token"])
            Self.expectInert(outcome.stdout, "\(name) stdout")
            Self.expectInert(outcome.stderr, "\(name) stderr")
            printed[name] = outcome.stdout + outcome.stderr
            if name == "approve" {
                // Attack finding 6: the decision was recorded; an unreadable number (1e400) in the
                // answer's arguments used to make approve exit 1 anyway.
                #expect(outcome.status == 0, "approve: \(outcome.stderr)")
            }
        }
        // The hostile text was shown, made visible, not dropped: the sanitizer's escapes appear.
        for name in ["check", "list", "history", "approve", "deny", "journal", "request", "request (refused)"] {
            #expect(printed[name]?.contains("pwned") == true, "\(name) hid the server's text: \(printed[name] ?? "")")
        }
        // JSON output stays JSON and keeps the text exactly (escaped as \uXXXX).
        for name in ["list --json", "history --json", "journal --json", "request --json"] {
            let text = try #require(printed[name])
            #expect(text.contains("\\u009b") && text.contains("\\u202e"), "\(name): \(text)")
        }
        let listed = try #require(printed["list --json"])
        // Read strictly: the arguments hold 1e400 as sent, which Foundation's reader refuses.
        let decoded = try StrictJSON.parse(Array(listed.utf8))
        if case .array(let items) = decoded.kind {
            #expect(items.first?.member("tool_name")?.kind == .string(Self.hostile))
            #expect(items.first?.member("tool_args")?.member("n")?.kind == .number("1e400"))
        } else {
            Issue.record("list --json is not a JSON array: \(listed)")
        }
        await server.stop()
    }

    @Test func aServersHugeErrorPageIsCutNotPrintedWhole() async throws {
        let server = try await Self.start()
        let sandbox = try E2ESandbox()
        defer { sandbox.remove() }
        let tokenFile = sandbox.root.appendingPathComponent("token")
        try "hostile-test-token".write(to: tokenFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: tokenFile.path)
        let outcome = try await sandbox.run([
            "approve", "3f2c0f6e-0000-4000-8000-000000000003",
            "--server", "http://127.0.0.1:\(server.port)", "--token-file", tokenFile.path,
        ])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.count < 2_200, "cut to 2,000 characters, not \(outcome.stderr.count)")
        #expect(outcome.stderr.contains("more characters)"))
        #expect(outcome.stderr.contains("stack frame"))
        Self.expectInert(outcome.stderr, "approve stderr")
        await server.stop()
    }
}

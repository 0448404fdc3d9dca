import ApprovalClient
import ApprovalModel
import ApprovalMCP
import ApprovalServer
import Foundation
import MCP
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 14, finding 6: how an upstream's failures reach the agent, and how a dead upstream is
/// restarted.
@Suite(.timeLimit(.minutes(2)))
struct UpstreamFailureTests {
    private let fixture = GatewayTestServer.builtProduct("UpstreamFixture")

    /// - Parameters:
    ///   - reusing: the data directory of a server stopped with its data kept (a restart).
    ///   - connected: whether to wait until the upstream is connected.
    private func start(
        _ pool: UpstreamPool, environment: [String: String] = [:], reusing: URL? = nil, connected: Bool = true
    ) async throws -> GatewayTestServer {
        try #require(FileManager.default.isExecutableFile(atPath: fixture.path), "build UpstreamFixture first")
        let policies = PolicySet(
            policies: [
                ServerPolicy(name: "guard", tools: ["fx__greet", "fx__fail", "fx__slow", "fx__err"], justification: .none),
            ],
            upstreams: [UpstreamServer(name: "fx", connection: .command([fixture.path], environment: environment))],
            allowsUnmatchedTools: true)
        let server = try await GatewayTestServer(policies: policies, upstreams: pool, reusing: reusing)
        if connected { try await upstream(server) { $0["status"] == "connected" } }
        return server
    }

    /// Polls `id` until it has a result or fails (bounded).
    private func outcome(_ client: Client, _ id: String) async throws -> CallAnswer {
        try await within(.seconds(20), "the call's outcome") {
            while true {
                let answer = try await client.call("get_approval_status", ["request_id": .string(id)])
                if answer["tool_result"] != nil || answer.isError { return answer }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    /// Waits (bounded) until the upstream's health entry satisfies `condition`.
    @discardableResult
    private func upstream(_ server: GatewayTestServer, _ condition: @escaping @Sendable (JSONValue) -> Bool) async throws
        -> JSONValue
    {
        try await within(.seconds(20), "the upstream's state") {
            while true {
                let health = try await server.rest("GET", "/api/v1/health")
                if let entry = health?["upstream_servers"]?.arrayValue?.first, condition(entry) { return entry }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    /// The fixture processes whose environment holds `marker` (other tests run fixtures too).
    private func fixturePIDs(marker: String) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
            return environment.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == marker }
        }
    }

    private static func restarts(_ entry: JSONValue) -> Int64 {
        if case .integer(let count)? = entry["restarts"] { return count }
        return 0
    }

    @Test func anUpstreamsFailureIsTheCallsFailureWithItsOwnMessage() async throws {
        let server = try await start(UpstreamPool(backoff: { _ in .milliseconds(20) }))
        let client = try await server.client()
        let pending = try await client.call("fx__fail", [:])
        let id = try #require(pending["request_id"]?.stringValue)
        try await server.approve(id)
        let done = try await client.call("get_approval_status", ["request_id": .string(id)])
        #expect(done.isError, "an upstream's isError must be the call's")
        #expect(done.text.hasPrefix(#"The tool failed: "the disk is full""#), "\(done.text)")
        // A hostile upstream's words reach the agent quoted, never as raw terminal escapes.
        let hostile = try await client.call("fx__fail", ["message": "\u{1B}]0;owned\u{07}\u{1B}[2J\u{202E}gone"])
        let hostileID = try #require(hostile["request_id"]?.stringValue)
        try await server.approve(hostileID)
        let escaped = try await client.call("get_approval_status", ["request_id": .string(hostileID)])
        #expect(escaped.isError)
        #expect(escaped.text.hasPrefix(#"The tool failed: "\u001b]0;owned\u0007\u001b[2J"#), "\(escaped.text)")
        #expect(!escaped.text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        await client.disconnect()
        await server.finish()
    }

    /// The approved call never reached the upstream (killed before the first poll): it is sent once
    /// the upstream is back, exactly once, without a new approval.
    @Test func anUpstreamKilledBeforeTheFirstPollRunsTheApprovedCallOnceAfterItsRestart() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let server = try await start(
            UpstreamPool(backoff: { _ in .milliseconds(700) }, reconnectWait: .milliseconds(50)),
            environment: ["FIXTURE_LOG": log.path])
        let client = try await server.client()
        let pending = try await client.call("fx__greet", ["name": "ada"])
        let id = try #require(pending["request_id"]?.stringValue)
        try await server.approve(id)
        let pids = fixturePIDs(marker: "FIXTURE_LOG=\(log.path)")
        try #require(pids.count == 1, "\(pids)")
        kill(pids[0], SIGKILL)
        let entry = try await upstream(server) { Self.restarts($0) >= 1 }
        #expect(entry["last_error"]?.stringValue == "process was killed by signal 9", "a signal is not an exit status: \(entry)")
        let first = try await client.call("get_approval_status", ["request_id": .string(id)])
        #expect(first["status"] == "executing", "\(first.text)")
        #expect(first["message"]?.stringValue?.contains("sent once it is back") == true, "\(first.text)")
        #expect(!first.isError)
        let done = try await outcome(client, id)
        #expect(!done.isError, "\(done.text)")
        #expect(done["tool_result"]?["content"]?.arrayValue?.first?["text"]?.stringValue?.hasPrefix("hello ada from ") == true)
        _ = try await client.call("get_approval_status", ["request_id": .string(id)])
        let runs = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        #expect(runs == ["greet ada"], "the call ran \(runs.count) times")
        await client.disconnect()
        await server.finish()
    }

    /// An upstream that connects and crashes soon after keeps backing off: the old link reset the
    /// backoff on every successful connect and restarted it twice a second forever.
    @Test func anUpstreamThatCrashesSoonAfterConnectingKeepsBackingOff() async throws {
        let steps = StepLog()
        let server = try await start(
            UpstreamPool(backoff: { step in
                steps.add(step)
                return .milliseconds(20)
            }),
            environment: ["FIXTURE_CRASH_AFTER_LIST_MS": "30"])
        try await upstream(server) { Self.restarts($0) >= 4 }
        let seen = steps.values
        #expect(seen.prefix(4) == [0, 1, 2, 3], "backoff steps: \(seen)")
        await server.finish()
    }

    /// Issue 14 F1: after a server restart the upstream has not listed its tools yet. The old pool
    /// then did not know the tool, and the poll answered "approved" with an approval-only result:
    /// the call never reached the upstream and the approval was burnt.
    @Test func anApprovedCallPolledBeforeTheRestartedUpstreamListsItsToolsIsSentOnceItDoes() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let first = try await start(UpstreamPool(), environment: ["FIXTURE_LOG": log.path])
        let before = try await first.client()
        let pending = try await before.call("fx__greet", ["name": "ada"])
        let id = try #require(pending["request_id"]?.stringValue)
        try await first.approve(id)
        await before.disconnect()
        await first.stopKeepingData()
        let server = try await start(
            UpstreamPool(reconnectWait: .milliseconds(50)),
            environment: ["FIXTURE_LOG": log.path, "FIXTURE_LIST_DELAY_MS": "2500"], reusing: first.directory,
            connected: false)
        let client = try await server.client()
        let early = try await client.call("get_approval_status", ["request_id": .string(id)])
        #expect(early["status"] == "executing", "\(early.text)")
        #expect(!early.isError, "\(early.text)")
        #expect(early["tool_result"] == nil, "not run, so no result: \(early.text)")
        #expect(early["message"]?.stringValue?.contains("sent once it is back") == true, "\(early.text)")
        let done = try await outcome(client, id)
        #expect(!done.isError, "\(done.text)")
        #expect(done["tool_result"]?["content"]?.arrayValue?.first?["text"]?.stringValue?.hasPrefix("hello ada from ") == true,
            "\(done.text)")
        let runs = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        #expect(runs == ["greet ada"], "the call ran \(runs.count) times")
        await client.disconnect()
        await server.finish()
    }

    /// Issue 14 F1: an upstream that is up and no longer lists an approved tool fails the call in
    /// words; the old pool answered it as an approval-only success.
    @Test func anApprovedCallToAToolTheUpstreamNoLongerListsFailsClearly() async throws {
        let hide = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-hide-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: hide.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: hide) }
        let server = try await start(
            UpstreamPool(backoff: { _ in .milliseconds(20) }), environment: ["FIXTURE_HIDE_FILE": hide.path])
        let client = try await server.client()
        let pending = try await client.call("fx__greet", ["name": "ada"])
        let id = try #require(pending["request_id"]?.stringValue)
        try await server.approve(id)
        try Data("greet\n".utf8).write(to: hide)
        let pids = fixturePIDs(marker: "FIXTURE_HIDE_FILE=\(hide.path)")
        try #require(pids.count == 1, "\(pids)")
        kill(pids[0], SIGKILL)
        try await upstream(server) { Self.restarts($0) >= 1 && $0["status"] == "connected" && $0["tools"] == 7 }
        let done = try await outcome(client, id)
        #expect(done.isError, "\(done.text)")
        #expect(done.text.contains("no longer lists tool 'greet'"), "\(done.text)")
        #expect(done["tool_result"] == nil, "\(done.text)")
        await client.disconnect()
        await server.finish()
    }

    /// Issue 14 F3: a JSON-RPC error answer is that call's failure, in the upstream's words. The old
    /// link took it for a lost connection: it restarted the upstream, and another agent's call in
    /// flight ended as "outcome unknown" although it ran.
    @Test func aJSONRPCErrorAnswerFailsOnlyThatCallAndLeavesTheUpstreamUp() async throws {
        let server = try await start(UpstreamPool(backoff: { _ in .milliseconds(20) }))
        let agent1 = try await server.client()
        let agent2 = try await server.client(token: try server.newAgentToken())
        let slow = try await agent2.call("fx__slow", ["ms": 1500])
        let slowID = try #require(slow["request_id"]?.stringValue)
        try await server.approve(slowID)
        let failing = try await agent1.call("fx__err", ["message": "boom \u{1B}[2J\u{07}"])
        let failingID = try #require(failing["request_id"]?.stringValue)
        try await server.approve(failingID)
        async let slowDone = agent2.call("get_approval_status", ["request_id": .string(slowID)])
        try await Task.sleep(for: .milliseconds(300))
        let failed = try await agent1.call("get_approval_status", ["request_id": .string(failingID)])
        #expect(failed.isError, "\(failed.text)")
        // The fixture's SDK words its message "Server error: boom …"; it arrives in full, escaped.
        #expect(failed.text.contains("answered 'err' with an error: Server error: boom \\u001b[2J\\u0007"), "\(failed.text)")
        #expect(!failed.text.contains("outcome is unknown"), "\(failed.text)")
        #expect(!failed.text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(failed.text)")
        let other = try await slowDone
        #expect(!other.isError, "\(other.text)")
        #expect(other["tool_result"]?["content"]?.arrayValue?.first?["text"]?.stringValue?.hasPrefix("slept 1500 ms") == true,
            "\(other.text)")
        let entry = try await server.rest("GET", "/api/v1/health")?["upstream_servers"]?.arrayValue?.first
        #expect(entry?["status"] == "connected" && entry.map(Self.restarts) == 0, "the upstream was restarted: \(String(describing: entry))")
        await agent1.disconnect()
        await agent2.disconnect()
        await server.finish()
    }
}

/// The backoff steps a pool asked for.
private final class StepLog: @unchecked Sendable {
    // Safe: `steps` is only touched under `lock`.
    private let lock = NSLock()
    private var steps: [Int] = []
    func add(_ step: Int) { lock.withLock { steps.append(step) } }
    var values: [Int] { lock.withLock { steps } }
}

import ApprovalMCP
import ApprovalServer
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
import ProcessSupport
#endif

/// Figure 9, over MCP: decision → agent told, for an agent waiting in
/// `get_approval_status(request_id, wait_seconds=30)`, through the gateway over HTTP (`/mcp/v1`)
/// and through the stdio proxy (`approval-tui mcp` as a child process). Timed from just before
/// the approver's decide request to the agent's reading of the answer.
struct MCPWaitBenchmark {
    var rounds: Int
    /// The `approval-tui` binary, or why there is none.
    var binary: Result<String, any Error>

    static let budget = "p99 ≤ 100 ms"

    func run() -> [FigureResult] {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("approval-bench-mcp-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = ApprovalServerConfiguration(
            port: 0, dataDirectory: directory,
            policies: PolicySet(
                policies: [ServerPolicy(name: "async", tools: ["*"], justification: .none)],
                tools: [ServerTool(name: "bench_mcp", description: "approval only")]))
        configuration.problemLog = nil
        MCPGateway.install(into: &configuration)
        let server = ApprovalServer(configuration: configuration)
        let port: UInt16
        let tokens: (agent: String, approver: String)
        do {
            port = try blockingAwait { try await server.start() }
            func token(_ file: URL) throws -> String {
                try String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            tokens = (try token(server.dataDirectory.agentTokenFile), try token(server.dataDirectory.approverTokenFile))
        } catch {
            return [.failed(9, "decision → agent told, MCP", budget: Self.budget, error: error)]
        }
        defer { _ = try? blockingAwait { await server.stop() } }
        let endpoint = URL(string: "http://127.0.0.1:\(port)/mcp/v1")!
        let approver = Approver(port: port, token: tokens.approver)
        return [
            overHTTP(endpoint, agent: tokens.agent, approver),
            overStdio(endpoint, tokenFile: server.dataDirectory.agentTokenFile, approver),
        ]
    }

    private func overHTTP(_ endpoint: URL, agent: String, _ approver: Approver) -> FigureResult {
        let name = "decision → agent told, MCP over HTTP"
        do {
            let session = URLSession(configuration: .ephemeral)
            defer { session.invalidateAndCancel() }
            func post(_ id: Int, _ name: String, _ arguments: [String: Any], done: @escaping @Sendable (Data?) -> Void) throws {
                var request = URLRequest(url: endpoint)
                request.httpMethod = "POST"
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                request.setValue("application/json, text/event-stream", forHTTPHeaderField: "Accept")
                request.setValue("Bearer \(agent)", forHTTPHeaderField: "Authorization")
                request.httpBody = try Self.call(id, name, arguments)
                session.dataTask(with: request) { data, _, _ in done(data) }.resume()
            }
            var lags: [Duration] = []
            for round in 0..<rounds {
                let created = Arrival()
                try post(2 * round, "bench_mcp", [:]) { created.set($0 ?? Data()) }
                let id = try Self.requestID(in: try created.wait())
                let told = Arrival()
                try post(2 * round + 1, "get_approval_status", ["request_id": id, "wait_seconds": 30]) { told.set($0 ?? Data()) }
                Thread.sleep(forTimeInterval: 0.1)  // the status call is held open by now
                let decided = ContinuousClock.now
                try approver.decide(id)
                let answer = try told.wait()
                guard String(decoding: answer, as: UTF8.self).contains("approved") else {
                    throw BenchmarkError.childFailed("the status call answered \(String(decoding: answer.prefix(120), as: UTF8.self))")
                }
                lags.append(told.at! - decided)
            }
            return figure(name, Samples(lags), note: "\(rounds) decisions; URLSession client, one POST per call")
        } catch {
            return .failed(9, name, budget: Self.budget, error: error)
        }
    }

    private func overStdio(_ endpoint: URL, tokenFile: URL, _ approver: Approver) -> FigureResult {
        let name = "decision → agent told, MCP via approval-tui mcp"
        do {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try binary.get())
            process.arguments = ["mcp", "--url", endpoint.absoluteString, "--token-file", tokenFile.path]
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            defer {
                try? input.fileHandleForWriting.close()
                if process.isRunning { process.terminate() }
            }
            let lines = LineReader(output.fileHandleForReading)
            func send(_ data: Data) throws { try input.fileHandleForWriting.write(contentsOf: data + Data("\n".utf8)) }
            var lags: [Duration] = []
            for round in 0..<rounds {
                try send(try Self.call(2 * round, "bench_mcp", [:]))
                let id = try Self.requestID(in: try lines.next().line)
                try send(try Self.call(2 * round + 1, "get_approval_status", ["request_id": id, "wait_seconds": 30]))
                Thread.sleep(forTimeInterval: 0.1)
                let decided = ContinuousClock.now
                try approver.decide(id)
                let (line, at) = try lines.next()
                guard String(decoding: line, as: UTF8.self).contains("approved") else {
                    throw BenchmarkError.childFailed("the proxy answered \(String(decoding: line.prefix(120), as: UTF8.self))")
                }
                lags.append(at - decided)
            }
            return figure(name, Samples(lags), note: "\(rounds) decisions through the real binary's stdin/stdout")
        } catch {
            return .failed(9, name, budget: Self.budget, error: error)
        }
    }

    private static func call(_ id: Int, _ name: String, _ arguments: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: [
            "jsonrpc": "2.0", "id": id, "method": "tools/call", "params": ["name": name, "arguments": arguments],
        ])
    }

    /// The request id in a `pending_approval` answer.
    private static func requestID(in answer: Data) throws -> String {
        let text = String(decoding: answer, as: UTF8.self)
        guard let match = text.firstMatch(of: /request_id\\?":\\?"([0-9a-f-]{36})/) else {
            throw BenchmarkError.childFailed("no request_id in \(text.prefix(160))")
        }
        return String(match.1)
    }

    private func figure(_ name: String, _ samples: Samples, note: String) -> FigureResult {
        FigureResult(
            number: 9, name: name, budget: Self.budget,
            measured: "\(formatMilliseconds(samples.median)) p50 · \(formatMilliseconds(samples.p99)) p99",
            verdict: samples.p99 <= 100 ? .pass : .fail, note: note,
            values: ["p50_ms": samples.median, "p99_ms": samples.p99])
    }
}

/// The approver's side: one loopback connection that approves.
private struct Approver {
    let port: UInt16
    let token: String

    func decide(_ id: String) throws {
        let client = try LoopbackHTTPClient(port: port)
        let reply = try client.send(
            "POST", "/api/v1/approval-requests/\(id)/approve", token: token, body: Data(#"{"approved": true}"#.utf8))
        guard reply.status == 200 else { throw BenchmarkError.childFailed("approve answered \(reply.status)") }
    }
}

/// One answer handed over from a URLSession thread, with when it came. `@unchecked Sendable`:
/// the stored properties are touched only under `lock`.
private final class Arrival: @unchecked Sendable {
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)
    private var data: Data?
    private var arrived: ContinuousClock.Instant?

    func set(_ value: Data) {
        lock.withLock {
            arrived = .now
            data = value
        }
        done.signal()
    }

    var at: ContinuousClock.Instant? { lock.withLock { arrived } }

    func wait() throws -> Data {
        guard done.wait(timeout: .now() + 40) == .success else { throw BenchmarkError.childFailed("no answer within 40 s") }
        return lock.withLock { data ?? Data() }
    }
}

/// Lines from a child's stdout, each with when it was read, from a reader thread of its own.
/// `@unchecked Sendable`: `lines` is touched only under `lock`.
private final class LineReader: @unchecked Sendable {
    private let lock = NSLock()
    private let ready = DispatchSemaphore(value: 0)
    private var lines: [(Data, ContinuousClock.Instant)] = []

    init(_ handle: FileHandle) {
        Thread { [self] in
            var buffer = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                let now = ContinuousClock.now
                while let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = Data(buffer[buffer.startIndex..<end])
                    buffer = Data(buffer[(end + 1)...])
                    lock.withLock { lines.append((line, now)) }
                    ready.signal()
                }
            }
        }.start()
    }

    func next() throws -> (line: Data, at: ContinuousClock.Instant) {
        guard ready.wait(timeout: .now() + 40) == .success else { throw BenchmarkError.childFailed("the proxy did not answer within 40 s") }
        return lock.withLock { lines.removeFirst() }
    }
}

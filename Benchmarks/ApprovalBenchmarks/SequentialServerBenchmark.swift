import ApprovalServer
import Foundation
import ProcessSupport

/// Figure 8: the local server's list / get / decide series sent one after another on a single
/// keep-alive connection, the way a Preloop server can be measured side by side.
struct SequentialServerBenchmark {
    /// Requests per series.
    var rounds: Int
    var store = BenchStore()

    func run() -> [FigureResult] {
        do {
            let bench = try BenchServer.start(policies: nil, store: store)
            defer { bench.stop() }
            let client = try LoopbackHTTPClient(port: bench.port)
            // One connection per replica; round r goes to replica r mod n, one request at a time.
            let clients = try bench.ports.map { try LoopbackHTTPClient(port: $0) }
            var ids: [String] = []
            for index in 0..<(100 + rounds) {
                let body = try JSONSerialization.data(withJSONObject: [
                    "tool_name": "github.create_pull_request", "agent_name": "bench",
                    "tool_args": ["repo": "acme/app", "branch": "fix-\(index)", "draft": false],
                    "justification": "CI is green; opening the pull request for review.",
                ])
                let reply = try client.send("POST", "/api/v1/agent/tool-calls", token: bench.agent, body: body)
                let object = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any]
                guard let id = object?["request_id"] as? String else {
                    throw BenchmarkError.childFailed("create answered \(reply.status)")
                }
                ids.append(id)
            }
            let list = try series(rounds) { round in
                try clients[round % clients.count].send("GET", "/api/v1/approval-requests?status=pending&limit=100", token: bench.approver)
            }
            let get = try series(rounds) { round in
                try clients[round % clients.count].send("GET", "/api/v1/approval-requests/\(ids[round])", token: bench.approver)
            }
            let decide = try series(rounds) { round in
                try clients[round % clients.count].send(
                    "POST", "/api/v1/approval-requests/\(ids[round])/approve", token: bench.approver,
                    body: Data(#"{"approved": true, "comment": null}"#.utf8))
            }
            return [
                figure("local server: list 100 pending, one connection" + store.label, list, budget: "p50 ≤ 1.3 ms", limit: 1.3),
                figure("local server: get one, one connection" + store.label, get, budget: "—", limit: nil),
                figure("local server: approve one, one connection" + store.label, decide, budget: "—", limit: nil),
            ]
        } catch {
            return [.failed(8, "local server, sequential on one connection", budget: "p50 ≤ 1.3 ms", error: error)]
        }
    }

    private func series(_ count: Int, _ send: (Int) throws -> (status: Int, body: [UInt8])) throws -> Samples {
        let clock = ContinuousClock()
        var timings: [Duration] = []
        for round in 0..<count {
            let before = clock.now
            let reply = try send(round)
            timings.append(clock.now - before)
            guard (200..<300).contains(reply.status) else {
                throw BenchmarkError.childFailed("HTTP \(reply.status): \(String(decoding: reply.body.prefix(200), as: UTF8.self))")
            }
        }
        return Samples(timings)
    }

    private func figure(_ name: String, _ samples: Samples, budget: String, limit: Double?) -> FigureResult {
        FigureResult(
            number: 8, name: name, budget: budget,
            measured: "\(formatMilliseconds(samples.median)) p50 · \(formatMilliseconds(samples.p99)) p99",
            verdict: limit.map { samples.median <= $0 ? .pass : .fail } ?? .info,
            note: "\(samples.count) requests in sequence on one keep-alive connection, server in process",
            values: ["p50_ms": samples.median, "p99_ms": samples.p99])
    }
}

/// An in-process server on a temporary data directory with its two tokens, for figures 8 and 9.
struct BenchServer {
    let server: ApprovalServer
    let port: UInt16
    /// Every replica's port (just `port` on SQLite); `others` are the replicas after the first.
    var ports: [UInt16] { [port] + others.map(\.port) }
    var others: [(server: ApprovalServer, port: UInt16, directory: URL)] = []
    let approver: String
    let agent: String
    let directory: URL

    static func start(policies: PolicySet?, store: BenchStore = BenchStore()) throws -> BenchServer {
        func started(_ replica: Int) throws -> (server: ApprovalServer, port: UInt16, directory: URL) {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("approval-bench-server-\(getpid())-\(UUID().uuidString)")
            var configuration = ApprovalServerConfiguration(port: 0, dataDirectory: directory, policies: policies)
            configuration.problemLog = nil
            configuration.database = store.database
            configuration.replica = "bench-\(replica)"
            let server = ApprovalServer(configuration: configuration)
            return (server, try blockingAwait { try await server.start() }, directory)
        }
        let first = try started(0)
        func token(_ file: URL) throws -> String {
            try String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var bench = BenchServer(
            server: first.server, port: first.port, approver: try token(first.server.dataDirectory.approverTokenFile),
            agent: try token(first.server.dataDirectory.agentTokenFile), directory: first.directory)
        for replica in 1..<max(1, store.replicas) {
            bench.others.append(try started(replica))
        }
        return bench
    }

    /// The real local server with `count` pending requests from the agent, none of which can
    /// expire while measured (a 24 h policy timeout).
    static func withPending(_ count: Int) throws -> BenchServer {
        let bench = try start(policies: PolicySet(policies: [
            ServerPolicy(name: "bench", tools: ["*"], timeoutSeconds: 86_400, justification: .optional)
        ]))
        do {
            let client = try LoopbackHTTPClient(port: bench.port)
            for index in 0..<count {
                let body = Data(#"{"tool_name":"deploy_service","tool_args":{"n":\#(index)},"justification":"bench"}"#.utf8)
                let reply = try client.send("POST", "/api/v1/agent/tool-calls", token: bench.agent, body: body)
                guard reply.status == 202 else { throw BenchmarkError.childFailed("create answered \(reply.status)") }
            }
        } catch {
            bench.stop()
            throw error
        }
        return bench
    }

    /// Arguments for `approval-tui` to sign in to this server as its approver.
    var consoleArguments: [String] { ["--token-file", server.dataDirectory.approverTokenFile.path] }
    var url: String { "http://127.0.0.1:\(port)" }

    func stop() {
        for (server, directory) in [(server, directory)] + others.map({ ($0.server, $0.directory) }) {
            _ = try? blockingAwait { await server.stop() }
            try? FileManager.default.removeItem(at: directory)
        }
    }
}

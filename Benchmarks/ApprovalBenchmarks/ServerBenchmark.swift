import ApprovalServer
import Foundation

/// Figure 7: the local server on loopback, in process, with 8 concurrent clients (one thread and
/// one keep-alive connection each): agents create tool calls and poll them, approvers list 100
/// pending requests and approve one at a time. p50/p99 of each request and requests per second.
struct ServerBenchmark {
    /// Requests each client sends per phase.
    var perClient: Int
    var store = BenchStore()
    static let clients = 8

    func run() -> [FigureResult] {
        do {
            let bench = try BenchServer.start(policies: nil, store: store)
            defer { bench.stop() }
            let (port, approver, agent) = (bench.ports, bench.approver, bench.agent)
            var ids = Array(repeating: [String](), count: Self.clients)
            let create = try phase(port: port) { client, index, round in
                let body = try JSONSerialization.data(withJSONObject: [
                    "tool_name": "github.create_pull_request", "agent_name": "bench-\(index)",
                    "tool_args": ["repo": "acme/app", "branch": "fix-\(index)-\(round)", "draft": false],
                    "justification": "CI is green; opening the pull request for review.",
                ])
                let reply = try client.send("POST", "/api/v1/agent/tool-calls", token: agent, body: body)
                return (reply.status, reply.body)
            } collect: { index, body in
                let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
                if let id = object?["request_id"] as? String { ids[index].append(id) }
            }
            let created = ids
            let poll = try phase(port: port) { client, index, round in
                let reply = try client.send("GET", "/api/v1/agent/tool-calls/\(created[index][round])", token: agent)
                return (reply.status, reply.body)
            }
            let list = try phase(port: port) { client, _, _ in
                let reply = try client.send("GET", "/api/v1/approval-requests?status=pending&skip=0&limit=100", token: approver)
                return (reply.status, reply.body)
            }
            let decide = try phase(port: port) { client, index, round in
                let body = Data(#"{"approved": true, "comment": null}"#.utf8)
                let reply = try client.send("POST", "/api/v1/approval-requests/\(created[index][round])/approve",
                                            token: approver, body: body)
                return (reply.status, reply.body)
            }
            return [
                figure("local server: list 100 pending, 8 clients" + store.label, list, budget: "p50 ≤ 0.6 ms", limit: 0.6),
                figure("local server: decide one, 8 clients" + store.label, decide, budget: "p50 ≤ 1.3 ms", limit: 1.3),
                figure("local server: agent creates a tool call, 8 clients" + store.label, create, budget: "—", limit: nil),
                figure("local server: agent polls its tool call, 8 clients" + store.label, poll, budget: "—", limit: nil),
            ]
        } catch {
            return [.failed(7, "local server on loopback", budget: "p50 ≤ 0.6 ms / ≤ 1.3 ms", error: error)]
        }
    }

    /// One phase: every client sends `perClient` requests back to back on its own thread.
    private func phase(
        port ports: [UInt16], _ request: @escaping @Sendable (LoopbackHTTPClient, Int, Int) throws -> (Int, [UInt8]),
        collect: (Int, [UInt8]) -> Void = { _, _ in }
    ) throws -> PhaseResult {
        let recorder = PhaseRecorder(clients: Self.clients)
        let group = DispatchGroup()
        let clock = ContinuousClock()
        let start = clock.now
        for index in 0..<Self.clients {
            group.enter()
            let thread = Thread { [perClient] in
                defer { group.leave() }
                do {
                    // Client i talks to replica i mod n, as a round-robin proxy would spread them.
                    let client = try LoopbackHTTPClient(port: ports[index % ports.count])
                    for round in 0..<perClient {
                        let before = clock.now
                        let (status, body) = try request(client, index, round)
                        recorder.record(index, clock.now - before, status: status, body: body)
                    }
                } catch {
                    recorder.fail("\(error)")
                }
            }
            thread.start()
        }
        group.wait()
        let elapsed = clock.now - start
        let result = recorder.result(elapsed: elapsed)
        if let failure = result.failure { throw BenchmarkError.childFailed(failure) }
        for (index, bodies) in result.bodies.enumerated() { for body in bodies { collect(index, body) } }
        return result
    }

    private func figure(_ name: String, _ result: PhaseResult, budget: String, limit: Double?) -> FigureResult {
        let samples = result.samples
        let rate = Double(samples.count) / (result.elapsed.milliseconds / 1000)
        return FigureResult(
            number: 7, name: name, budget: budget,
            measured: "\(formatMilliseconds(samples.median)) p50 · \(formatMilliseconds(samples.p99)) p99 · \(Int(rate)) req/s",
            verdict: limit.map { samples.median <= $0 ? .pass : .fail } ?? .info,
            note: "\(samples.count) requests from \(Self.clients) keep-alive connections, server in process (same 2 cores)",
            values: ["p50_ms": samples.median, "p99_ms": samples.p99, "requests_per_second": rate])
    }
}

/// Timings and bodies of one phase.
struct PhaseResult {
    var samples: Samples
    var elapsed: Duration
    var bodies: [[[UInt8]]]
    var failure: String?
}

/// Collects what the client threads measured. `@unchecked Sendable`: every stored property is
/// touched only under `lock`.
final class PhaseRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var timings: [Duration] = []
    private var bodies: [[[UInt8]]]
    private var failure: String?

    init(clients: Int) { bodies = Array(repeating: [], count: clients) }

    func record(_ client: Int, _ duration: Duration, status: Int, body: [UInt8]) {
        lock.withLock {
            timings.append(duration)
            bodies[client].append(body)
            if !(200..<300).contains(status), failure == nil {
                failure = "HTTP \(status): \(String(decoding: body.prefix(200), as: UTF8.self))"
            }
        }
    }

    func fail(_ message: String) { lock.withLock { if failure == nil { failure = message } } }

    func result(elapsed: Duration) -> PhaseResult {
        lock.withLock { PhaseResult(samples: Samples(timings), elapsed: elapsed, bodies: bodies, failure: failure) }
    }
}

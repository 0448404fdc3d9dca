import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import ProcessSupport

/// Figure 6: a new approval request to the terminal bell (BEL, 0x07), through polling every 2 s.
///
/// The console starts on a queue of 100 (its first-run backlog rings once, awaited first); then,
/// several times, a new request is added to the server at a random moment of the poll cycle and
/// the time to the BEL byte in the terminal output is taken. The push variant runs the real local
/// server (its websocket pushes `approval_created`) with the console's poll backstop in place.
struct BellBenchmark {
    var binary: String
    var rounds: Int

    static let budget = "≤ poll interval + 100 ms (2.1 s)"

    func run() -> [FigureResult] {
        let name = "new request → bell, polling every 2 s"
        var timings: [Duration] = []
        do {
            let factory = RequestFactory(expires: false)
            let responder = try QueueResponder.start(serving: factory.requests(count: 100))
            defer { responder.stop() }
            let console = try ConsoleProcess(binary: binary, serverURL: responder.baseURL)
            defer { console.finish() }
            guard console.read(until: { $0.contains(0x07) }, timeout: .seconds(15)) != nil else {
                throw BenchmarkError.timedOut("the first-run bell")
            }
            var random = SplitMix64(seed: 11)
            for round in 0..<rounds {
                _ = console.read(for: .milliseconds(1100 + random.next(below: 2000)))
                let added = console.clock.now
                responder.queue.add(factory.request(100 + round, random: &random))
                guard let rang = console.read(until: { $0.contains(0x07) }, timeout: .seconds(10)) else {
                    throw BenchmarkError.timedOut("the bell for a new request")
                }
                timings.append(rang - added)
            }
        } catch {
            return [.failed(6, name, budget: Self.budget, error: error)]
        }
        let samples = Samples(timings)
        return [
            FigureResult(
                number: 6, name: name, budget: Self.budget,
                measured: "\(formatMilliseconds(samples.median)) median · \(formatMilliseconds(samples.max)) max",
                verdict: samples.max <= 2100 ? .pass : .fail,
                note: "\(rounds) requests added at random points of the poll cycle; the budget applies to the worst",
                values: ["median_ms": samples.median, "max_ms": samples.max, "samples": Double(samples.count)]),
        ] + runPush()
    }

    /// New request → bell with push: the real local server, an agent's tool call, the BEL byte.
    private func runPush() -> [FigureResult] {
        let name = "new request → bell, push"
        let budget = "≤ 200 ms"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("approval-bench-push-\(getpid())")
        defer { try? FileManager.default.removeItem(at: directory) }
        var timings: [Duration] = []
        do {
            let server = ApprovalServer(configuration: ApprovalServerConfiguration(port: 0, dataDirectory: directory))
            let port = try blockingAwait { try await server.start() }
            defer { _ = try? blockingAwait { await server.stop() } }
            let agent = try String(contentsOf: server.dataDirectory.agentTokenFile, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let client = try LoopbackHTTPClient(port: port)
            func submit(_ index: Int) throws {
                let body = try JSONSerialization.data(withJSONObject: [
                    "tool_name": "deploy_service", "agent_name": "bench", "justification": "bench \(index)",
                    "tool_args": ["service": "api", "round": index],
                ])
                let reply = try client.send("POST", "/api/v1/agent/tool-calls", token: agent, body: body)
                guard reply.status == 202 else { throw BenchmarkError.timedOut("tool call answered \(reply.status)") }
            }
            try submit(0)
            let console = try ConsoleProcess(
                binary: binary, serverURL: "http://127.0.0.1:\(port)",
                arguments: ["--token-file", server.dataDirectory.approverTokenFile.path])
            defer { console.finish() }
            // The first-run bell and the status line's "live+push", in whichever order they come.
            // `read(until:)` looks at one chunk at a time: remember what earlier chunks showed.
            let pushLive = Array("push".utf8)
            var sawBell = false
            var sawPush = false
            guard console.read(until: { chunk in
                sawBell = sawBell || chunk.contains(0x07)
                sawPush = sawPush || chunk.containsSequence(pushLive)
                return sawBell && sawPush
            }, timeout: .seconds(20)) != nil
            else {
                throw BenchmarkError.timedOut("the first-run bell with push live")
            }
            var random = SplitMix64(seed: 13)
            for round in 1...rounds {
                _ = console.read(for: .milliseconds(1100 + random.next(below: 1500)))
                let added = console.clock.now
                try submit(round)
                guard let rang = console.read(until: { $0.contains(0x07) }, timeout: .seconds(20)) else {
                    throw BenchmarkError.timedOut("the bell for a pushed request")
                }
                timings.append(rang - added)
            }
        } catch {
            return [.failed(6, name, budget: budget, error: error)]
        }
        let samples = Samples(timings)
        return [
            FigureResult(
                number: 6, name: name, budget: budget,
                measured: "\(formatMilliseconds(samples.median)) median · \(formatMilliseconds(samples.max)) max",
                verdict: samples.max <= 200 ? .pass : .fail,
                note: "\(rounds) tool calls through the agent API of the real local server; from the request "
                    + "to the BEL byte (the event triggers a fetch, the Notifier decides, the console rings)",
                values: ["median_ms": samples.median, "max_ms": samples.max, "samples": Double(samples.count)]),
        ]
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs as a contiguous run.
    func containsSequence(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, count >= needle.count else { return false }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if Array(self[start..<(start + needle.count)]) == needle { return true }
        }
        return false
    }
}

import ApprovalServer
import Foundation

/// Figure 9: how fast an agent learns of a decision. A sync call (`async = false`) decided after
/// 20 s must succeed; a long-poll and `approval-tui request --wait` must hear of a decision within
/// 100 ms (p99), timed from just before the approver's decide request to the agent's answer.
struct AgentWaitBenchmark {
    var rounds: Int
    /// The `approval-tui` binary, or why there is none.
    var binary: Result<String, any Error>
    var syncDelay: Duration = .seconds(20)

    static let policies = PolicySet(
        policies: [
            ServerPolicy(name: "sync", tools: ["bench_sync"], justification: .none, isAsync: false),
            ServerPolicy(name: "async", tools: ["*"], justification: .none),
        ],
        tools: [])

    func run() -> [FigureResult] {
        let bench: BenchServer
        do {
            bench = try BenchServer.start(policies: Self.policies)
        } catch {
            return [.failed(9, "agent told of a decision", budget: "p99 ≤ 100 ms", error: error)]
        }
        defer { bench.stop() }
        return [syncCall(bench), longPoll(bench), requestWait(bench)]
    }

    /// The sync call decided `syncDelay` after it was made.
    private func syncCall(_ bench: BenchServer) -> FigureResult {
        let name = "sync call decided after \(Int(syncDelay.milliseconds / 1000)) s"
        do {
            let answer = AnswerBox()
            let agentThread = Thread {
                do {
                    let client = try LoopbackHTTPClient(port: bench.port)
                    answer.set(try client.send(
                        "POST", "/api/v1/agent/tool-calls", token: bench.agent,
                        body: Data(#"{"tool_name":"bench_sync","tool_args":{}}"#.utf8)))
                } catch {
                    answer.fail(error)
                }
            }
            agentThread.start()
            let approver = try LoopbackHTTPClient(port: bench.port)
            let id = try pendingID(approver, bench)
            Thread.sleep(forTimeInterval: syncDelay.milliseconds / 1000)
            _ = try approver.send(
                "POST", "/api/v1/approval-requests/\(id)/approve", token: bench.approver,
                body: Data(#"{"approved": true}"#.utf8))
            let (status, body) = try answer.wait(timeout: 30)
            let text = String(decoding: body, as: UTF8.self)
            let ok = status == 200 && text.contains(#""status":"approved""#)
            return FigureResult(
                number: 9, name: name, budget: "succeeds", measured: ok ? "HTTP 200 approved" : "HTTP \(status) \(text.prefix(80))",
                verdict: ok ? .pass : .fail, note: "one POST held open until the approver decided")
        } catch {
            return .failed(9, name, budget: "succeeds", error: error)
        }
    }

    /// `GET …/tool-calls/ID?wait=30` answered after the decision.
    private func longPoll(_ bench: BenchServer) -> FigureResult {
        let name = "decision → agent told, long-poll"
        do {
            let approver = try LoopbackHTTPClient(port: bench.port)
            var lags: [Duration] = []
            for _ in 0..<rounds {
                let id = try create(approver, bench)
                let answer = AnswerBox()
                let poller = Thread {
                    do {
                        let agent = try LoopbackHTTPClient(port: bench.port)
                        answer.set(try agent.send("GET", "/api/v1/agent/tool-calls/\(id)?wait=30", token: bench.agent))
                    } catch {
                        answer.fail(error)
                    }
                }
                poller.start()
                Thread.sleep(forTimeInterval: 0.1)  // the poll is held open by now
                let decided = ContinuousClock.now
                _ = try approver.send(
                    "POST", "/api/v1/approval-requests/\(id)/decline", token: bench.approver,
                    body: Data(#"{"approved": false, "comment": "bench"}"#.utf8))
                _ = try answer.wait(timeout: 30)
                lags.append(answer.at! - decided)
            }
            return figure(name, Samples(lags), note: "\(rounds) decisions; each poll held open before the decision")
        } catch {
            return .failed(9, name, budget: "p99 ≤ 100 ms", error: error)
        }
    }

    /// `approval-tui request --wait` as a child process, until it exits after the decision.
    private func requestWait(_ bench: BenchServer) -> FigureResult {
        let name = "decision → agent told, request --wait"
        do {
            let binary = try binary.get()
            let approver = try LoopbackHTTPClient(port: bench.port)
            var lags: [Duration] = []
            for round in 0..<rounds {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: binary)
                process.arguments = [
                    "request", "--tool", "bench_wait_\(round)", "--wait", "--server", "http://127.0.0.1:\(bench.port)",
                ]
                var environment = ProcessInfo.processInfo.environment
                environment["APPROVAL_TUI_AGENT_TOKEN"] = bench.agent
                environment["XDG_CONFIG_HOME"] = bench.directory.appendingPathComponent("config").path
                process.environment = environment
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                let exited = DispatchSemaphore(value: 0)
                let exitTime = TimeBox()
                process.terminationHandler = { _ in
                    exitTime.set(.now)
                    exited.signal()
                }
                try process.run()
                let id = try pendingID(approver, bench, tool: "bench_wait_\(round)")
                Thread.sleep(forTimeInterval: 0.2)  // the command is now inside its long-poll
                let decided = ContinuousClock.now
                _ = try approver.send(
                    "POST", "/api/v1/approval-requests/\(id)/approve", token: bench.approver,
                    body: Data(#"{"approved": true}"#.utf8))
                guard exited.wait(timeout: .now() + 30) == .success, let at = exitTime.value else {
                    process.terminate()
                    throw BenchmarkError.childFailed("request --wait did not exit within 30 s of the decision")
                }
                lags.append(at - decided)
            }
            return figure(name, Samples(lags), note: "\(rounds) runs of the real binary; timed to its exit")
        } catch {
            return .failed(9, name, budget: "p99 ≤ 100 ms", error: error)
        }
    }

    private func create(_ client: LoopbackHTTPClient, _ bench: BenchServer) throws -> String {
        let reply = try client.send(
            "POST", "/api/v1/agent/tool-calls", token: bench.agent, body: Data(#"{"tool_name":"bench_async"}"#.utf8))
        let object = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any]
        guard let id = object?["request_id"] as? String else { throw BenchmarkError.childFailed("create answered \(reply.status)") }
        return id
    }

    /// The newest pending request (of `tool`, if given), once it shows up.
    private func pendingID(_ client: LoopbackHTTPClient, _ bench: BenchServer, tool: String? = nil) throws -> String {
        for _ in 0..<3000 {
            let reply = try client.send("GET", "/api/v1/approval-requests?status=pending&limit=100", token: bench.approver)
            let items = (try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [[String: Any]]) ?? []
            if let item = items.first(where: { tool == nil || $0["tool_name"] as? String == tool }),
                let id = item["id"] as? String
            {
                return id
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        throw BenchmarkError.childFailed("no pending request showed up")
    }

    private func figure(_ name: String, _ samples: Samples, note: String) -> FigureResult {
        FigureResult(
            number: 9, name: name, budget: "p99 ≤ 100 ms",
            measured: "\(formatMilliseconds(samples.median)) p50 · \(formatMilliseconds(samples.p99)) p99",
            verdict: samples.p99 <= 100 ? .pass : .fail, note: note,
            values: ["p50_ms": samples.median, "p99_ms": samples.p99])
    }
}

/// One HTTP answer handed from a client thread, with when it arrived. `@unchecked Sendable`:
/// every stored property is touched only under `lock`.
private final class AnswerBox: @unchecked Sendable {
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<(status: Int, body: [UInt8]), any Error>?
    private var arrived: ContinuousClock.Instant?

    func set(_ answer: (status: Int, body: [UInt8])) {
        lock.withLock {
            arrived = .now
            result = .success(answer)
        }
        done.signal()
    }

    func fail(_ error: any Error) {
        lock.withLock { result = .failure(error) }
        done.signal()
    }

    var at: ContinuousClock.Instant? { lock.withLock { arrived } }

    func wait(timeout seconds: Double) throws -> (status: Int, body: [UInt8]) {
        guard done.wait(timeout: .now() + seconds) == .success else {
            throw BenchmarkError.childFailed("no answer within \(Int(seconds)) s")
        }
        return try lock.withLock { result! }.get()
    }
}

/// An instant set from another thread. `@unchecked Sendable`: `stored` is touched only under `lock`.
private final class TimeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: ContinuousClock.Instant?

    func set(_ value: ContinuousClock.Instant) { lock.withLock { stored = value } }
    var value: ContinuousClock.Instant? { lock.withLock { stored } }
}

import ApprovalClient
import ApprovalModel
import Foundation

/// Figure 5: launch to first frame with a cached snapshot.
///
/// One uncounted launch fills the console's local store (its last snapshot of 100 requests);
/// then the server is made slow (every answer waits 1 s) and the console is launched again and
/// again with the same state directory: spawn → the first byte of a cached request's tool name
/// on the terminal, which can only come from the cache since the server has not answered yet.
struct LaunchBenchmark {
    var binary: String
    var launches: Int

    static let budget = "≤ 150 ms"
    static let name = "launch → first frame, cached snapshot of 100 (server slow to answer)"

    func run() -> [FigureResult] {
        var firstFrames: [Duration] = []
        var showedCache = 0
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("approval-bench-launch-\(getpid())")
        defer { try? FileManager.default.removeItem(at: home) }
        do {
            let requests = RequestFactory(expires: false).requests(count: 100)
            let toolNames = Set(requests.map(\.toolName))
            let responder = try QueueResponder.start(serving: requests)
            defer { responder.stop() }
            let warm = try ConsoleProcess(binary: binary, serverURL: responder.baseURL, home: home)
            _ = try warm.settle(after: 1, of: responder.queue, quiet: .milliseconds(300))
            warm.finish()
            responder.queue.answerDelay = .seconds(1)
            for _ in 0..<launches {
                let console = try ConsoleProcess(binary: binary, serverURL: responder.baseURL, home: home)
                defer { console.finish() }
                var seen: [UInt8] = []
                // The server answers after 1 s: a tool name on screen before that came from the cache.
                let painted = console.read(until: { chunk in
                    seen += chunk
                    let text = String(decoding: seen, as: UTF8.self)
                    return toolNames.contains(where: text.contains)
                }, timeout: .milliseconds(950))
                if let painted {
                    showedCache += 1
                    firstFrames.append(painted - console.startedAt)
                }
            }
        } catch {
            return [.failed(5, Self.name, budget: Self.budget, error: error)]
        }
        guard !firstFrames.isEmpty else {
            return [.failed(5, Self.name, budget: Self.budget,
                            error: BenchmarkError.childFailed("no launch painted the cached queue before the server answered"))]
        }
        let samples = Samples(firstFrames)
        let allCached = showedCache == launches
        return [
            FigureResult(
                number: 5, name: Self.name, budget: Self.budget,
                measured: "\(formatMilliseconds(samples.median)) median · \(formatMilliseconds(samples.max)) max",
                verdict: samples.median <= 150 && allCached ? .pass : .fail,
                note: "\(launches) warm launches; the cached queue was painted before the server answered in \(showedCache) of them",
                values: ["median_ms": samples.median, "max_ms": samples.max, "samples": Double(samples.count),
                         "launches_showing_cache": Double(showedCache)]),
        ]
    }
}

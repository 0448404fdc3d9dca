import ApprovalClient
import Foundation

/// Figure 5: launch to first frame. The budget is for a warm binary painting its cached
/// snapshot; the console does not paint the cached snapshot yet (LocalStore keeps it, but the
/// console waits for the server), so this measures, over several launches with the server
/// answering at once: spawn → first frame (the empty screen, "waiting for the server…") and
/// spawn → the queue of 100 requests painted.
struct LaunchBenchmark {
    var binary: String
    var launches: Int

    static let budget = "≤ 150 ms"

    func run() -> [FigureResult] {
        var firstFrames: [Duration] = []
        var queueFrames: [Duration] = []
        do {
            let responder = try QueueResponder.start(serving: RequestFactory(expires: false).requests(count: 100))
            defer { responder.stop() }
            for _ in 0..<(launches + 1) {
                let before = responder.queue.completedListings
                let console = try ConsoleProcess(binary: binary, serverURL: responder.baseURL)
                defer { console.finish() }
                let (first, _) = console.readUntilQuiet(quiet: .milliseconds(5), timeout: .seconds(10))
                guard let first else { throw BenchmarkError.timedOut("the first frame") }
                let queue = try console.settle(after: before + 1, of: responder.queue, quiet: .milliseconds(50))
                firstFrames.append(first - console.startedAt)
                queueFrames.append(queue - console.startedAt)
            }
        } catch {
            return [.failed(5, "launch → first frame", budget: Self.budget, error: error)]
        }
        // The first launch warms the page cache and the responder; it is not counted.
        let first = Samples(Array(firstFrames.dropFirst())), queue = Samples(Array(queueFrames.dropFirst()))
        return [
            figure("launch → first frame (empty, before the server answers)", first,
                   note: "\(launches) warm launches; the cached snapshot is not painted at launch yet"),
            figure("launch → queue painted (100 pending, server on loopback)", queue,
                   note: "first fetch answered at once; ends with the last byte of the settled screen"),
        ]
    }

    private func figure(_ name: String, _ samples: Samples, note: String) -> FigureResult {
        FigureResult(
            number: 5, name: name, budget: Self.budget,
            measured: "\(formatMilliseconds(samples.median)) median · \(formatMilliseconds(samples.max)) max",
            verdict: samples.median <= 150 ? .pass : .fail, note: note,
            values: ["median_ms": samples.median, "max_ms": samples.max, "samples": Double(samples.count)])
    }
}

import Foundation

/// Figures 5 and 2 against the real local server: the real binary started with no saved state,
/// 10,000 pending requests (1,000 with `--quick`) on the server, push live.
///
/// - Launch → all of them on screen: spawn until the status line says "10000 pending" (the
///   console hands a snapshot over only once every page arrived, so the count goes from 0 to
///   all at once). Three launches, each with a fresh home (no cached snapshot to paint).
/// - Memory: after the last launch settled (3 s without output), its resident set now and its
///   peak, from `/proc/PID/status`.
struct WholeQueueBenchmark {
    var binary: String
    var requests: Int
    var launches = 3

    static let launchBudget = "≤ 2 s"
    static let memoryBudget = "≤ 60 MB"

    var launchName: String { "launch → all \(requests.formatted()) pending on screen (real local server)" }
    var memoryName: String { "memory: approval-tui with \(requests.formatted()) requests, real local server, push live" }

    func run() -> [FigureResult] {
        do {
            let bench = try BenchServer.withPending(requests)
            defer { bench.stop() }
            let marker = Array("\(requests) pending".utf8)
            var times: [Duration] = []
            var memory: (steady: Int, peak: Int, own: Int)?
            for launch in 0..<launches {
                let console = try ConsoleProcess(binary: binary, serverURL: bench.url, arguments: bench.consoleArguments)
                defer { console.finish() }
                var seen: [UInt8] = []
                let shown = console.read(until: { chunk in
                    seen += chunk
                    return seen.containsSequence(marker)
                }, timeout: .seconds(60))
                guard let shown else { throw BenchmarkError.timedOut("the console to show \(requests) pending") }
                times.append(shown - console.startedAt)
                if launch == launches - 1 {
                    _ = console.readUntilQuiet(quiet: .seconds(3), timeout: .seconds(30))
                    guard let steady = ProcessResources.residentBytes(of: String(console.pid)),
                        let peak = console.peakResidentBytes,
                        let own = ProcessResources.anonymousResidentBytes(of: String(console.pid))
                    else { throw BenchmarkError.childFailed("approval-tui exited") }
                    memory = (steady, peak, own)
                }
            }
            let samples = Samples(times)
            let launchFigure = FigureResult(
                number: 5, name: launchName, budget: Self.launchBudget,
                measured: "\(formatMilliseconds(samples.median)) median · \(formatMilliseconds(samples.max)) max",
                verdict: samples.max <= 2000 ? .pass : .fail,
                note: "\(launches) launches, each with no saved snapshot; spawn → the status line's count",
                values: ["median_ms": samples.median, "max_ms": samples.max])
            guard let memory else { return [launchFigure] }
            let megabytes = { (bytes: Int) in Double(bytes) / 1_048_576 }
            let memoryFigure = FigureResult(
                number: 2, name: memoryName, budget: Self.memoryBudget,
                measured: String(format: "%.1f MB steady · %.1f MB peak · %.1f MB its own",
                                 megabytes(memory.steady), megabytes(memory.peak), megabytes(memory.own)),
                verdict: megabytes(memory.peak) <= 60 ? .pass : .fail,
                note: "VmRSS 3 s after the screen settled, VmHWM, and RssAnon (heap and stacks, without code and shared libraries)",
                values: ["steady_mb": megabytes(memory.steady), "peak_mb": megabytes(memory.peak), "own_mb": megabytes(memory.own)])
            return [launchFigure, memoryFigure]
        } catch {
            return [.failed(5, launchName, budget: Self.launchBudget, error: error),
                    .failed(2, memoryName, budget: Self.memoryBudget, error: error)]
        }
    }
}

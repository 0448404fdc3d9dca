import ApprovalClient
import Foundation

/// Figure 3: key press to updated screen in the real binary with 10,000 pending requests.
///
/// 500 presses of `j` then `k` (250 each: the focus walks down, scrolling the table past row 56,
/// and back), then `/` and 50 filter keystrokes (typing tool names and erasing them). Each is
/// timed from just before the write of the key to the last byte the console wrote for it, the
/// output being over when the terminal has been quiet for 2 ms. The requests never expire, so no
/// countdown repaints interfere; the console's own 2 s poll still runs, as it does for a user.
struct KeyLatencyBenchmark {
    var binary: String
    var isQuick: Bool

    static let budget = "≤ 10 ms p99"
    static let quiet = Duration.milliseconds(2)

    /// The latency figures and the binary's peak memory after them.
    func run() -> [FigureResult] {
        let names = ("key → screen: j/k, 10,000 pending", "key → screen: filter typing, 10,000 pending")
        do {
            let responder = try QueueResponder.start(
                serving: RequestFactory(expires: false).requests(count: 10_000))
            defer { responder.stop() }
            let console = try ConsoleProcess(binary: binary, serverURL: responder.baseURL)
            defer { console.finish() }
            _ = try console.settle(after: 1, of: responder.queue)
            FileHandle.standardError.write(Data("DEBUG after settle hwm \(console.peakResidentBytes ?? 0) rss \(ProcessResources.residentBytes(of: String(console.pid)) ?? 0)\n".utf8))
            let moves = isQuick ? 100 : 250
            let navigation = measure(console, keys: Array(repeating: "j", count: moves) + Array(repeating: "k", count: moves))
            let typed = filterKeys(count: 50)
            _ = measure(console, keys: ["/"])
            let filtering = measure(console, keys: typed)
            let peak = console.peakResidentBytes ?? 0
            return [
                figure(names.0, navigation, note: "\(2 * moves) presses, p50 and p99 from write to last byte (2 ms quiet)"),
                figure(names.1, filtering, note: "50 keystrokes after /, typing and erasing tool names"),
                FigureResult(number: 2, name: "memory: approval-tui with 10,000 requests (after figure 3)",
                             budget: MemoryBenchmark.budget, measured: "\(megabytes(peak)) peak",
                             verdict: peak <= MemoryBenchmark.budgetBytes ? .pass : .fail,
                             note: "VmHWM of the real binary after loading, polling and the key presses (no log lines)",
                             values: ["peak_rss_mb": Double(peak) / 1_048_576]),
            ]
        } catch {
            return [.failed(3, names.0, budget: Self.budget, error: error)]
        }
    }

    /// 50 keystrokes: tool-name prefixes typed and erased with backspace.
    private func filterKeys(count: Int) -> [String] {
        var keys: [String] = []
        for word in ["kubernetes", "shell", "github.merge", "postgres", "terraform", "stripe"] {
            keys += word.map(String.init) + Array(repeating: "\u{7F}", count: word.count)
        }
        return Array(keys.prefix(count))
    }

    private func measure(_ console: ConsoleProcess, keys: [String]) -> Samples {
        var timings: [Duration] = []
        for key in keys {
            let start = console.type(Array(key.utf8))
            let (end, _) = console.readUntilQuiet(quiet: Self.quiet, timeout: .seconds(2))
            timings.append((end ?? console.clock.now) - start)
            if ProcessInfo.processInfo.environment["BENCH_DEBUG"] != nil {
                FileHandle.standardError.write(Data("DEBUG key \(key.debugDescription) \(timings.last!)\n".utf8))
            }
        }
        return Samples(timings)
    }

    private func figure(_ name: String, _ samples: Samples, note: String) -> FigureResult {
        FigureResult(
            number: 3, name: name, budget: Self.budget,
            measured: "\(formatMilliseconds(samples.median)) p50 · \(formatMilliseconds(samples.p99)) p99",
            verdict: samples.p99 <= 10 ? .pass : .fail, note: note,
            values: ["p50_ms": samples.median, "p99_ms": samples.p99, "max_ms": samples.max,
                     "samples": Double(samples.count)])
    }
}

import ApprovalClient
import ApprovalModel
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

    /// Wall time from key to last byte, and the console's CPU time (all threads) for each key.
    private func measure(_ console: ConsoleProcess, keys: [String]) -> (wall: Samples, cpu: Samples) {
        var timings: [Duration] = []
        var cpu: [Duration] = []
        for key in keys {
            let before = ProcessResources.threadCPUTime(of: console.pid)
            let start = console.type(Array(key.utf8))
            let (end, _) = console.readUntilQuiet(quiet: Self.quiet, timeout: .seconds(2))
            timings.append((end ?? console.clock.now) - start)
            if let before, let after = ProcessResources.threadCPUTime(of: console.pid) { cpu.append(after - before) }
        }
        return (Samples(timings), Samples(cpu))
    }

    private func figure(_ name: String, _ measured: (wall: Samples, cpu: Samples), note: String) -> FigureResult {
        let (samples, cpu) = measured
        return FigureResult(
            number: 3, name: name, budget: Self.budget,
            measured: "\(formatMilliseconds(samples.median)) p50 · \(formatMilliseconds(samples.p99)) p99",
            verdict: samples.p99 <= 10 ? .pass : .fail,
            note: note + "; console CPU per key \(formatMilliseconds(cpu.median)) p50 · \(formatMilliseconds(cpu.p99)) p99 "
                + "(all its threads, from /proc/PID/task/*/schedstat: what the key costs, whatever the machine's load)",
            values: ["p50_ms": samples.median, "p99_ms": samples.p99, "max_ms": samples.max,
                     "cpu_p50_ms": cpu.median, "cpu_p99_ms": cpu.p99, "samples": Double(samples.count)])
    }
}

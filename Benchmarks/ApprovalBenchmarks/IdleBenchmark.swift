import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation

/// Figure 4: the real binary left alone on a queue where nothing can expire (no `expires_at`, no
/// policies, no running flows): bytes written to the terminal after the screen settled, and the
/// CPU time it used, over 30 s (10 s with `--quick`).
///
/// The console still polls the server every 2 s: that is network, not terminal output, but its
/// CPU time (HTTP, JSON decoding, the local store) counts. Two queues: 100 requests (one page)
/// and 10,000 (100 pages per poll).
struct IdleBenchmark {
    var binary: String
    var window: Duration

    static let budget = "0 bytes, < 0.2 % CPU"

    /// Pending requests on the real local server (fewer with `--quick`, whose window is shorter).
    var realServerRequests = 10_000

    func run() -> [FigureResult] {
        [measure(requests: 100), measure(requests: 10_000)] + measureRealServer(requests: realServerRequests)
    }

    /// The real local server in process, `realServerRequests` pending (24 h timeouts), the console
    /// with push live: a 15 s backstop poll, answered 304 while nothing changed.
    private func measureRealServer(requests count: Int) -> [FigureResult] {
        let names = ["idle \(Int(window.milliseconds / 1000)) s, \(count.formatted()) pending, real local server, push live"]
        do {
            let bench = try BenchServer.withPending(count)
            defer { bench.stop() }
            return [try idle(ConsoleProcess(binary: binary, serverURL: bench.url, arguments: bench.consoleArguments), names[0])]
        } catch {
            return names.map { .failed(4, $0, budget: Self.budget, error: error) }
        }
    }

    /// Lets `console` load and settle (3 s without output), then measures a quiet window.
    private func idle(_ console: ConsoleProcess, _ name: String) throws -> FigureResult {
        defer { console.finish() }
        let (settled, _) = console.readUntilQuiet(quiet: .seconds(3), timeout: .seconds(90))
        guard settled != nil, let before = console.cpuTime else { throw BenchmarkError.childFailed("approval-tui did not settle") }
        let started = console.clock.now
        let written = console.read(for: window)
        let elapsed = console.clock.now - started
        guard let after = console.cpuTime else { throw BenchmarkError.childFailed("approval-tui exited while idle") }
        let percent = (after - before).milliseconds / elapsed.milliseconds * 100
        return FigureResult(
            number: 4, name: name, budget: Self.budget,
            measured: "\(written.count) bytes · \(String(format: "%.2f", percent)) % CPU",
            verdict: written.isEmpty && percent < 0.2 ? .pass : .fail,
            note: "CPU from /proc/PID/stat (10 ms ticks)" + (written.isEmpty ? "" : "; output: \(Self.preview(written))"),
            values: ["bytes": Double(written.count), "cpu_percent": percent])
    }

    private func measure(requests count: Int) -> FigureResult {
        let name = "idle \(Int(window.milliseconds / 1000)) s, \(count.formatted()) pending, nothing can expire"
        do {
            let responder = try QueueResponder.start(serving: RequestFactory(expires: false).requests(count: count))
            defer { responder.stop() }
            let console = try ConsoleProcess(binary: binary, serverURL: responder.baseURL)
            defer { console.finish() }
            _ = try console.settle(after: 1, of: responder.queue, quiet: .milliseconds(1500))
            guard let before = console.cpuTime else { throw BenchmarkError.childFailed("approval-tui exited") }
            let started = console.clock.now
            let listingsBefore = responder.queue.completedListings
            let written = console.read(for: window)
            let elapsed = console.clock.now - started
            guard let after = console.cpuTime else { throw BenchmarkError.childFailed("approval-tui exited while idle") }
            let polls = responder.queue.completedListings - listingsBefore
            let percent = (after - before).milliseconds / elapsed.milliseconds * 100
            let passes = written.isEmpty && percent < 0.2
            return FigureResult(
                number: 4, name: name, budget: Self.budget,
                measured: "\(written.count) bytes · \(String(format: "%.2f", percent)) % CPU",
                verdict: passes ? .pass : .fail,
                note: "\(polls) polls of the server in the window; CPU from /proc/PID/stat (10 ms ticks)"
                    + (written.isEmpty ? "" : "; output: \(Self.preview(written))"),
                values: ["bytes": Double(written.count), "cpu_percent": percent, "polls": Double(polls)])
        } catch {
            return .failed(4, name, budget: Self.budget, error: error)
        }
    }

    /// The first bytes written, printable, to see what changed.
    static func preview(_ bytes: [UInt8]) -> String {
        let text = bytes.prefix(80).map { (32...126).contains($0) ? String(UnicodeScalar($0)) : String(format: "\\x%02x", $0) }
        return text.joined()
    }
}

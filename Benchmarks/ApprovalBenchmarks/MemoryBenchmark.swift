import ApprovalClient
import ApprovalModel
import ApprovalViewModels
import Foundation

/// Figure 2: peak resident memory with 10,000 requests loaded and 100,000 log lines streamed
/// through the log view (its ring buffer keeps the newest 10,000).
///
/// Measured in a fresh child process (this executable with a hidden subcommand) so that other
/// figures' allocations do not count. The child decodes the requests from Preloop JSON pages as
/// the client does, applies them as one snapshot, renders, opens the log view, streams the lines
/// in batches of 5,000, renders again, and prints its `VmHWM`.
struct MemoryBenchmark {
    static let childCommand = "__memory-child"
    static let budget = "≤ 60 MB peak RSS"
    static let budgetBytes = 60 * 1024 * 1024

    func run() -> FigureResult {
        let name = "memory: 10,000 requests + 100,000 log lines"
        do {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
            process.arguments = [Self.childCommand]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let numbers = text.split(separator: " ").compactMap { Int($0) }
            guard process.terminationStatus == 0, numbers.count == 3 else {
                throw BenchmarkError.childFailed("memory child said \(text.debugDescription), status \(process.terminationStatus)")
            }
            let (peak, baseline, withRequests) = (numbers[0], numbers[1], numbers[2])
            return FigureResult(
                number: 2, name: name, budget: Self.budget, measured: "\(megabytes(peak)) peak",
                verdict: peak <= Self.budgetBytes ? .pass : .fail,
                note: "clean child process: \(megabytes(baseline)) before loading anything (this executable links "
                    + "Hummingbird, GRDB and the server), \(megabytes(withRequests)) peak after the 10,000 requests were "
                    + "decoded and shown, \(megabytes(peak)) after the log lines",
                values: ["peak_rss_mb": Double(peak) / 1_048_576, "baseline_rss_mb": Double(baseline) / 1_048_576,
                         "requests_peak_rss_mb": Double(withRequests) / 1_048_576])
        } catch {
            return .failed(2, name, budget: Self.budget, error: error)
        }
    }

    /// The child's body: load, stream, render, print "PEAK BASELINE AFTER-REQUESTS" in bytes.
    static func child() throws {
        let baseline = ProcessResources.peakResidentBytes() ?? 0
        let factory = RequestFactory()
        // Page by page, as the client receives them: one page's JSON alive at a time.
        var requests: [ApprovalRequest] = []
        for page in factory.requests(count: 10_000).chunked(by: 100) {
            let body = try JSONEncoder.preloop().encode(page)
            requests += try JSONDecoder.preloop().decode([ApprovalRequest].self, from: body)
        }
        var state = ConsoleState(serverName: "preloop.example", size: BenchmarkConsole.size,
                                 now: factory.start.addingTimeInterval(1800))
        _ = state.update(.snapshotArrived(requests: requests, executions: [], at: state.now))
        requests = []
        var frame = renderScreen(state, size: BenchmarkConsole.size)
        let withRequests = ProcessResources.peakResidentBytes() ?? 0
        BenchmarkConsole.openLog(&state)
        BenchmarkConsole.stream(0..<100_000, into: &state)
        let next = renderScreen(state, size: BenchmarkConsole.size)
        precondition(!next.changes(since: frame).isEmpty)
        frame = next
        print("\(ProcessResources.peakResidentBytes() ?? 0) \(baseline) \(withRequests)")
        withExtendedLifetime((state, frame)) {}
    }
}

/// `12.3 MB` (MiB, as the kernel counts).
func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }

extension Array {
    /// The elements in consecutive slices of `size` (the last may be shorter).
    func chunked(by size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min(count, $0 + size)]) }
    }
}

/// Why a measurement could not be taken.
enum BenchmarkError: Error, CustomStringConvertible, Sendable {
    case childFailed(String)
    case timedOut(String)
    case system(String, Int32)

    var description: String {
        switch self {
        case .childFailed(let text): text
        case .timedOut(let what): "timed out waiting for \(what)"
        case .system(let call, let code): "\(call) failed: \(String(cString: strerror(code)))"
        }
    }
}

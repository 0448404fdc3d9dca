import Foundation

/// Runs the figures the options select, in the order of the design's budget table.
struct BenchmarkSuite {
    var options: BenchOptions

    func run() -> [FigureResult] {
        var figures: [FigureResult] = []
        if options.runs(1) {
            log("1 render")
            figures += RenderBenchmark(iterations: options.iterations ?? (options.isQuick ? 300 : 2000)).run()
        }
        if options.runs(2) {
            log("2 memory")
            figures.append(MemoryBenchmark().run())
        }
        let binaryFigures = [3, 4, 5, 6].filter(options.runs)
        if !binaryFigures.isEmpty {
            do {
                figures += runBinaryFigures(binary: try ConsoleBinary.locate(explicit: options.tuiPath))
            } catch {
                figures += binaryFigures.map { .failed($0, "approval-tui under a pseudo-terminal", budget: "-", error: error) }
            }
        }
        if options.runs(7) {
            log("7 local server")
            figures += ServerBenchmark(perClient: options.isQuick ? 50 : 200, store: options.store).run()
        }
        if options.runs(8) {
            log("8 local server, one connection")
            figures += SequentialServerBenchmark(rounds: options.isQuick ? 200 : 1000, store: options.store).run()
        }
        if options.runs(9) {
            log("9 agent told of a decision (includes a 20 s sync call)")
            let binary = Result { try ConsoleBinary.locate(explicit: options.tuiPath) }
            figures += AgentWaitBenchmark(rounds: options.isQuick ? 10 : 30, binary: binary).run()
            figures += MCPWaitBenchmark(rounds: options.isQuick ? 10 : 30, binary: binary).run()
        }
        return figures
    }

    /// Figures 3–6: the real `approval-tui` in a pseudo-terminal.
    private func runBinaryFigures(binary: String) -> [FigureResult] {
        var figures: [FigureResult] = []
        if options.runs(3) {
            log("3 key → screen")
            figures += KeyLatencyBenchmark(binary: binary, isQuick: options.isQuick).run()
        }
        if options.runs(4) {
            log("4 idle")
            figures += IdleBenchmark(
                binary: binary, window: .seconds(options.isQuick ? 10 : 30), realServerRequests: options.isQuick ? 1_000 : 10_000
            ).run()
        }
        if options.runs(5) {
            log("5 launch")
            figures += LaunchBenchmark(binary: binary, launches: options.isQuick ? 3 : 10).run()
            log("5 launch → whole queue, and its memory (real local server)")
            figures += WholeQueueBenchmark(binary: binary, requests: options.isQuick ? 1_000 : 10_000).run()
        }
        if options.runs(6) {
            log("6 bell")
            figures += BellBenchmark(binary: binary, rounds: options.isQuick ? 3 : 8).run()
        }
        return figures
    }

    private func log(_ text: String) { FileHandle.standardError.write(Data("· \(text)\n".utf8)) }
}

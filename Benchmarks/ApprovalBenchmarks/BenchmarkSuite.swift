import Foundation

/// Runs the figures the options select, in the order of the design's budget table.
struct BenchmarkSuite {
    var options: BenchOptions

    func run() -> [FigureResult] {
        var figures: [FigureResult] = []
        func log(_ text: String) { FileHandle.standardError.write(Data("· \(text)\n".utf8)) }
        if options.runs(1) {
            log("1 render")
            figures += RenderBenchmark(iterations: options.iterations ?? (options.isQuick ? 300 : 2000)).run()
        }
        if options.runs(2) {
            log("2 memory")
            figures.append(MemoryBenchmark().run())
        }
        let binaryFigures = [3, 4, 5, 6].filter(options.runs)
        guard !binaryFigures.isEmpty else { return figures }
        let binary: String
        do {
            binary = try ConsoleBinary.locate(explicit: options.tuiPath)
        } catch {
            return figures + binaryFigures.map { .failed($0, "approval-tui under a pseudo-terminal", budget: "-", error: error) }
        }
        if options.runs(3) {
            log("3 key → screen")
            figures += KeyLatencyBenchmark(binary: binary, isQuick: options.isQuick).run()
        }
        return figures
    }
}

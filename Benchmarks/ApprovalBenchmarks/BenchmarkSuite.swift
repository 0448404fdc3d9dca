import Foundation

/// Runs the figures the options select, in the order of the design's budget table.
struct BenchmarkSuite {
    var options: BenchOptions

    func run() -> [FigureResult] {
        var figures: [FigureResult] = []
        func log(_ text: String) { FileHandle.standardError.write(Data("· \(text)\n".utf8)) }
        if options.runs(1) {
            log("1 render")
            figures += RenderBenchmark(iterations: options.isQuick ? 300 : 2000).run()
        }
        if options.runs(2) {
            log("2 memory")
            figures.append(MemoryBenchmark().run())
        }
        return figures
    }
}

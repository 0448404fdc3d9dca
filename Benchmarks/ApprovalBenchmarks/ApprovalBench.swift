import Foundation

/// `approval-bench`: measures the performance budgets of design.md and prints them as a table.
///
/// ```
/// swift run -c release approval-bench [--quick] [--json FILE] [--only 1,3] [--tui PATH]
/// ```
@main
struct ApprovalBench {
    static func main() {
        let options: BenchOptions
        do {
            options = try BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
        } catch {
            if !error.message.isEmpty { FileHandle.standardError.write(Data("approval-bench: \(error.message)\n".utf8)) }
            print(BenchOptions.usage)
            exit(error.message.isEmpty ? 0 : 2)
        }
        if options.isMemoryChild {
            do { try MemoryBenchmark.child() } catch {
                print("error \(error)")
                exit(1)
            }
            return
        }
        let machine = MachineInfo.current()
        let figures = BenchmarkSuite(options: options).run()
        let table = ResultTable(machine: machine, mode: options.isQuick ? "quick" : "full", figures: figures)
        print(table.markdown())
        if let path = options.jsonPath {
            do {
                try table.json().write(to: URL(fileURLWithPath: path))
            } catch {
                FileHandle.standardError.write(Data("approval-bench: cannot write \(path): \(error)\n".utf8))
                exit(1)
            }
        }
        exit(figures.contains { $0.verdict == .fail } ? 1 : 0)
    }
}

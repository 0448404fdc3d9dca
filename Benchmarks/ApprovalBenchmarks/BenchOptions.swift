import Foundation

/// The command line of `approval-bench`.
struct BenchOptions: Sendable {
    /// Where to write the table as JSON, if anywhere.
    var jsonPath: String?
    /// Fewer iterations and a 10 s idle window instead of 30 s.
    var isQuick = false
    /// Figure numbers to run; empty runs all.
    var only: Set<Int> = []
    /// The `approval-tui` binary; by default the one next to this executable, built first.
    var tuiPath: String?
    /// Frames per render figure, overriding the default (small values for profiling under callgrind).
    var iterations: Int?
    /// The hidden child mode that measures memory in a clean process.
    var isMemoryChild = false

    static let usage = """
        usage: approval-bench [--quick] [--json FILE] [--only 1,3] [--tui PATH]
          --quick      fewer iterations, 10 s idle window (about a minute in all)
          --json FILE  also write the table as JSON to FILE
          --only LIST  run only these figures (numbers from the table)
          --tui PATH   the approval-tui binary to drive (default: built next to approval-bench)
          --iterations N  frames per render figure (for profiling: valgrind --tool=callgrind)
        """

    /// Parses `arguments` (without the program name).
    static func parse(_ arguments: [String]) throws(UsageError) -> BenchOptions {
        var options = BenchOptions()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--quick": options.isQuick = true
            case "--json": options.jsonPath = try value(after: argument, in: &rest)
            case "--tui": options.tuiPath = try value(after: argument, in: &rest)
            case "--iterations":
                let text = try value(after: argument, in: &rest)
                guard let number = Int(text), number > 0 else { throw UsageError(message: "--iterations needs a positive number") }
                options.iterations = number
            case "--only":
                let list = try value(after: argument, in: &rest)
                let numbers = list.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard !numbers.isEmpty else { throw UsageError(message: "--only needs figure numbers, like 1,3") }
                options.only = Set(numbers)
            case MemoryBenchmark.childCommand: options.isMemoryChild = true
            case "-h", "--help": throw UsageError(message: "")
            default: throw UsageError(message: "unknown argument \(argument)")
            }
        }
        return options
    }

    private static func value(after flag: String, in rest: inout ArraySlice<String>) throws(UsageError) -> String {
        guard let value = rest.popFirst() else { throw UsageError(message: "\(flag) needs a value") }
        return value
    }

    /// Whether figure `number` should run.
    func runs(_ number: Int) -> Bool { only.isEmpty || only.contains(number) }
}

/// A bad command line; `message` is empty when help was asked for.
struct UsageError: Error, Equatable, Sendable {
    var message: String
}

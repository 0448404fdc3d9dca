import ApprovalServer
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
    /// Figures 7 and 8 on a team's PostgreSQL database (a throwaway one: the bench fills it).
    var database: String?
    /// How many servers share that database in figures 7 and 8 (clients spread over them).
    var replicas = 1

    static let usage = """
        usage: approval-bench [--quick] [--json FILE] [--only 1,3] [--tui PATH]
          --quick      fewer iterations, 10 s idle window (about a minute in all)
          --json FILE  also write the table as JSON to FILE
          --only LIST  run only these figures (numbers from the table)
          --tui PATH   the approval-tui binary to drive (default: built next to approval-bench)
          --iterations N  frames per render figure (for profiling: valgrind --tool=callgrind)
          --database URL  figures 7 and 8 on this PostgreSQL database (throwaway; password from
                          APPROVAL_DATABASE_PASSWORD), instead of SQLite
          --replicas N    that many servers on the database, clients spread over them (1–8)
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
            case "--database": options.database = try value(after: argument, in: &rest)
            case "--replicas":
                let text = try value(after: argument, in: &rest)
                guard let number = Int(text), (1...8).contains(number) else {
                    throw UsageError(message: "--replicas needs a number from 1 to 8")
                }
                options.replicas = number
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
        if options.replicas > 1, options.database == nil {
            throw UsageError(message: "--replicas needs --database: replicas share a PostgreSQL database")
        }
        if let database = options.database {
            let password = ProcessInfo.processInfo.environment[PostgresLocation.passwordVariable]
            do {
                options.store = BenchStore(
                    database: try PostgresLocation(address: database, password: password), replicas: options.replicas)
            } catch {
                throw UsageError(message: error.description)
            }
        }
        return options
    }

    /// Where figures 7 and 8 keep their state (the address read when the options were).
    var store = BenchStore()

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

/// SQLite in one process, or PostgreSQL shared by `replicas` servers.
struct BenchStore: Sendable {
    var database: PostgresLocation?
    var replicas = 1

    /// What the figures' names add: "" for SQLite, " · PostgreSQL, 3 replicas".
    var label: String {
        guard database != nil else { return "" }
        return " · PostgreSQL, \(replicas) replica\(replicas == 1 ? "" : "s")"
    }
}

import Foundation

/// The figures as a text table and as JSON.
struct ResultTable: Codable, Sendable {
    var machine: MachineInfo
    var mode: String
    var figures: [FigureResult]

    /// A Markdown table (readable in a terminal too), one row per figure, notes below it.
    func markdown() -> String {
        var lines = [
            "Machine: \(machine.summary) · mode: \(mode)",
            "",
            "| # | figure | budget | measured | result |",
            "|---|---|---|---|---|",
        ]
        for figure in figures {
            lines.append("| \(figure.number) | \(figure.name) | \(figure.budget) | \(figure.measured) | \(figure.verdict.rawValue) |")
        }
        let notes = figures.filter { !$0.note.isEmpty }
        if !notes.isEmpty {
            lines.append("")
            for figure in notes { lines.append("- \(figure.number), \(figure.name): \(figure.note)") }
        }
        return lines.joined(separator: "\n")
    }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// The machine the figures were taken on.
struct MachineInfo: Codable, Sendable {
    var cpuModel: String
    var cores: Int
    var kernel: String
    /// `/proc/loadavg` when the run started: other work on the machine inflates wall-clock figures.
    var loadAverage: String

    static func current() -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
            ?? "unknown CPU"
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let load = ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "")
            .split(separator: " ").prefix(3).joined(separator: " ")
        return MachineInfo(cpuModel: model, cores: ProcessInfo.processInfo.activeProcessorCount,
                           kernel: "Linux \(release)", loadAverage: load)
    }

    var summary: String { "\(cpuModel), \(cores) cores (nproc), \(kernel), load average at start \(loadAverage)" }
}

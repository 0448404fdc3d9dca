import CursesBridge
import Foundation

/// What the terminal and locale support, read through terminfo without taking over the screen.
struct TerminalReport: Sendable, Equatable {
    var isTTY: Bool
    var term: String?
    var terminfoFound: Bool
    var colours: Int?
    var rows: Int?
    var columns: Int?
    var codeset: String
    var noColor: Bool

    var isUTF8: Bool {
        let name = codeset.uppercased().replacingOccurrences(of: "-", with: "")
        return name == "UTF8"
    }

    /// Reasons the full-screen console cannot run here; empty when it can.
    var blockingProblems: [String] {
        var problems: [String] = []
        if !isTTY { problems.append("standard output is not a terminal") }
        if term == nil || term == "" { problems.append("TERM is not set") }
        if term == "dumb" { problems.append("TERM=dumb cannot draw a full-screen console") }
        if term != nil, term != "dumb", !terminfoFound {
            problems.append("no terminfo entry for TERM=\(term ?? "")")
        }
        if let rows, let columns, rows > 0, columns > 0, rows < 12 || columns < 40 {
            problems.append("the terminal is \(columns)x\(rows); the console needs at least 40x12")
        }
        return problems
    }
}

/// Reads the terminal's capabilities (effects: environment, ioctl, terminfo, locale).
enum TerminalProbe {
    static func read(environment: [String: String], fd: Int32 = STDOUT_FILENO) -> TerminalReport {
        _ = setlocale(LC_CTYPE, "")
        let codeset = String(cString: cb_codeset())
        let term = environment["TERM"]
        var found = false
        var colours: Int?
        if let term, !term.isEmpty, term != "dumb" {
            found = cb_setupterm(term, fd) == 0
            if found {
                let count = Int(cb_tigetnum("colors"))
                colours = count >= 0 ? count : 0
            }
        }
        var rows: Int32 = 0
        var cols: Int32 = 0
        let hasSize = cb_window_size(fd, &rows, &cols) == 0
        return TerminalReport(
            isTTY: isatty(fd) == 1, term: term, terminfoFound: found, colours: colours,
            rows: hasSize ? Int(rows) : nil, columns: hasSize ? Int(cols) : nil,
            codeset: codeset, noColor: !(environment["NO_COLOR"] ?? "").isEmpty)
    }
}

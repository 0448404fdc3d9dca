import ArgumentParser
import Foundation

extension ApprovalTUICommand {
    /// `approval-tui doctor`: what the terminal supports and whether the configuration is sound.
    struct Doctor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the terminal (terminfo, colours, size, UTF-8) and the configuration.")

        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let report = TerminalProbe.read(environment: environment)
            var problems = report.blockingProblems
            let size = report.rows.flatMap { rows in report.columns.map { "\($0)x\(rows)" } } ?? "unknown size"
            let termText = report.term.map { "\($0)" + (report.terminfoFound ? " (terminfo found)" : " (no terminfo)") }
                ?? "(TERM not set)"
            print("terminal   \(termText), \(report.colours.map { "\($0) colours" } ?? "colours unknown"), \(size)")
            print("tty        \(report.isTTY ? "yes" : "no (output is redirected)")")
            print("locale     \(report.codeset)\(report.isUTF8 ? "" : " — not UTF-8; the console switches to C.UTF-8")")
            print("colour     \(report.noColor ? "off (NO_COLOR is set: mono theme)" : "on")")
            problems += Doctor.configurationProblems(connection: connection, environment: environment)
            if problems.isEmpty {
                print("ok         the console can run here")
            } else {
                for problem in problems { print("problem    \(problem)") }
                throw ExitStatus.failure
            }
        }
    }
}

import ArgumentParser
import Foundation

extension ApprovalTUICommand {
    /// `approval-tui demo-agent --script NAME` (hidden): the pretend agent the demo's flows and
    /// tools run. Prints whole lines with pauses; never runs a shell.
    struct DemoAgent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo-agent", abstract: "A pretend agent for the demo's flows.", shouldDisplay: false)

        @Option(name: .long, help: "success, failure, long-running or tool.")
        var script: String

        @Option(name: .long, help: "Pace multiplier.")
        var speed = 1.0

        func run() async throws {
            guard let chosen = DemoScript(rawValue: script) else {
                throw ValidationError("unknown script \(script); use one of: "
                    + DemoScript.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if chosen == .tool {
                let input = FileHandle.standardInput.readDataToEndOfFile().prefix(300)
                say("arguments: \(String(decoding: input, as: UTF8.self))")
            }
            for (pause, text) in chosen.lines(speed: speed) {
                if pause > .zero { try await Task.sleep(for: pause) }
                say(text)
            }
            if chosen == .failure { FileHandle.standardError.write(Data("error: the flaky test still fails\n".utf8)) }
            if chosen.exitStatus != 0 { throw ExitCode(chosen.exitStatus) }
        }

        /// One whole line, written at once and unbuffered, so the flow's log streams.
        private func say(_ line: String) {
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }
}

import ArgumentParser
import Foundation

/// `approval-tui`: the console, and the commands around it.
@main
struct ApprovalTUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approval-tui",
        abstract: "A terminal console for approving what AI agents want to do.",
        discussion: """
            Exit codes: 0 success; 1 the operation failed (server error, refused, not found); \
            2 bad command line or configuration; 3 already decided by someone else (approve/deny); \
            4 cannot reach the server or not signed in.
            """,
        version: "0.1.0",
        subcommands: [
            Console.self, Demo.self, Serve.self, Request.self, Token.self, Check.self, List.self, History.self, Approve.self,
            Deny.self, Rules.self, Doctor.self, Keys.self, Journal.self, Agents.self, MCPProxyCommand.self, DemoAgent.self,
            Service.self,
        ],
        defaultSubcommand: Console.self
    )
}

/// Where to connect: shared by every command that talks to a server.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .long, help: "Server base URL, e.g. http://127.0.0.1:8600 (overrides the profile).")
    var server: String?

    @Option(name: .customLong("token-file"), help: "File holding the bearer token (API key or JWT).")
    var tokenFile: String?

    @Option(name: .long, help: "Profile from ~/.config/approval-tui/config.toml. The console takes it more than once: one console on several servers.")
    var profile: [String] = []

    @Option(name: .long, help: ArgumentHelp("Config file to read instead of ~/.config/approval-tui/config.toml (it must exist).", valueName: "file"))
    var config: String?
}

extension ConnectionOptions {
    /// Options naming a profile of the same config file (`:server NAME` in the console).
    func switching(to profile: String) -> ConnectionOptions {
        var options = self
        options.server = nil
        options.tokenFile = nil
        options.profile = [profile]
        return options
    }
}

/// Exit codes, as documented in `--help`.
enum ExitStatus {
    static let failure = ExitCode(1)
    static let usage = ExitCode(2)
    static let alreadyDecided = ExitCode(3)
    static let unreachable = ExitCode(4)
}

/// Writes one line to standard error.
func printError(_ message: String) {
    // Messages quote servers and agents (an error's `detail`, a body): made safe like stdout, and
    // cut at ``errorLimit`` characters so a server's 10 KB error page cannot bury the terminal.
    var text = SafeOutput.lines(message)
    if text.count > errorLimit { text = String(text.prefix(errorLimit)) + "… (\(text.count - errorLimit) more characters)" }
    FileHandle.standardError.write(Data(("approval-tui: " + text + "\n").utf8))
}

/// The longest error line printed, in characters.
let errorLimit = 2_000

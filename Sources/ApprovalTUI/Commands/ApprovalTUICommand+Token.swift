import ApprovalServer
import ArgumentParser
import Foundation

extension ApprovalTUICommand {
    /// `approval-tui token …`: tokens of the local server.
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage tokens of the local approval server.", subcommands: [Create.self])

        /// `approval-tui token create --role approver|agent`.
        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create a token and print it (works while the server runs).",
                discussion: "Exit 0 with the token on standard output; 1 when the data directory cannot be written.")

            @Option(name: .long, help: "approver (reads and decides) or agent (creates tool calls).")
            var role: TokenRole

            @Option(name: .long, help: "A name to recognise the token by.")
            var name: String?

            @Option(name: .customLong("data-dir"), help: "Data directory (default $XDG_STATE_HOME/approval-tui/server).")
            var dataDirectory: String?

            func run() async throws {
                let directory = dataDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) }
                    ?? ServerDataDirectory.defaultRoot()
                do {
                    print(try ApprovalServer.createToken(role: role, name: name, dataDirectory: directory))
                } catch {
                    printError("cannot create a token in \(directory.path): \(error)")
                    throw ExitStatus.failure
                }
            }
        }
    }
}

extension TokenRole: ExpressibleByArgument {}

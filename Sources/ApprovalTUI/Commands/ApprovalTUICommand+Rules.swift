import ApprovalClient
import ApprovalModel
import ApprovalViewModels
import ArgumentParser
import Foundation

extension ApprovalTUICommand {
    /// `approval-tui rules list|revoke`: the server's access rules, for scripts.
    struct Rules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List or revoke access rules (what \"allow similar\" made, and any other).",
            subcommands: [List.self, Revoke.self], defaultSubcommand: List.self)

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the server's access rules, tool by tool.")

            @OptionGroup var connection: ConnectionOptions

            @Flag(name: .long, help: "Print JSON with Preloop's field names instead of a table.")
            var json = false

            func run() async throws {
                let (client, _) = try connection.makeClient()
                let rules: [AccessRule]
                do {
                    rules = try await client.allAccessRules()
                } catch {
                    throw exitStatus(for: error)
                }
                if json {
                    try SafeOutput.json(rules)
                    return
                }
                let width = Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 160
                for line in RuleTable.lines(for: rules, now: Date(), width: max(60, width)) { SafeOutput.text(line) }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke an access rule: it stops applying at once.")

            @OptionGroup var connection: ConnectionOptions

            @Argument(help: "The rule's id (from `rules list`).")
            var id: String

            func validate() throws {
                guard UUID(uuidString: id) != nil else {
                    throw ValidationError("\(PlainText.line(id, limit: 60).debugDescription) is not a rule id (a UUID, from `rules list`)")
                }
            }

            func run() async throws {
                let (client, _) = try connection.makeClient()
                do {
                    try await client.deleteAccessRule(id: id)
                } catch {
                    throw exitStatus(for: error)
                }
                SafeOutput.text("revoked rule \(id.lowercased())")
            }
        }
    }
}

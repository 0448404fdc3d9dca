import ApprovalClient
import ApprovalModel
import ApprovalViewModels
import ArgumentParser
import Foundation

extension ApprovalTUICommand {
    /// `approval-tui approve ID [--comment TEXT]`.
    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve a pending request.",
            discussion: "Exit 0 when recorded (the request may stay pending under a quorum policy); "
                + "3 when someone else already decided it; 1 not found or refused; 4 unreachable.")

        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The request id (a UUID, as `list` prints it).") var id: String
        @Option(name: .long, help: "A comment for the agent and the audit trail.") var comment: String?

        func run() async throws {
            try await Decision.run(connection: connection, id: id, verdict: .approve, comment: comment)
        }
    }

    /// `approval-tui deny ID [--comment TEXT]`.
    struct Deny: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deny (decline) a pending request.",
            discussion: "Exit 0 when declined; 3 when someone else already decided it; 1 not found or refused; "
                + "4 unreachable.")

        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The request id (a UUID, as `list` prints it).") var id: String
        @Option(name: .long, help: "Why: shown to the agent as the reason.") var comment: String?

        func run() async throws {
            try await Decision.run(connection: connection, id: id, verdict: .decline, comment: comment)
        }
    }
}

/// The shared body of `approve` and `deny`.
enum Decision {
    static func run(connection: ConnectionOptions, id: String, verdict: Verdict, comment: String?) async throws {
        var (client, _) = try connection.makeClient()
        client.decisionSource = .commandLine
        do {
            let updated = try await client.decide(id: id, verdict: verdict, comment: comment)
            let tool = PlainText.line(updated.toolName)
            if updated.status == .pending {
                SafeOutput.text("\(verdict == .approve ? "approval" : "decline") recorded for \(tool) (\(updated.id)); "
                    + "still pending: more approvals are needed")
            } else {
                SafeOutput.text("\(updated.status.rawValue) \(tool) (\(updated.id))")
            }
        } catch {
            throw exitStatus(for: error)
        }
    }
}

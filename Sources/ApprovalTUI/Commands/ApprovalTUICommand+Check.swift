import ApprovalClient
import ApprovalModel
import ApprovalViewModels
import ArgumentParser
import Foundation

extension ApprovalTUICommand {
    /// `approval-tui check`: can we reach the server, who are we, is it healthy, what waits.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the server: reachable, signed in, healthy; print how many requests wait.",
            discussion: "Exit 0 when all is well; 1 when the server reports itself unhealthy; 2 configuration; "
                + "4 unreachable or not signed in.")

        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            let (client, _) = try connection.makeClient()
            do {
                SafeOutput.text("server     \(client.serverName)")
                let user = try await client.currentUser()
                SafeOutput.text("signed in  \(PlainText.line(user.username))\(user.email.map { " <\(PlainText.line($0))>" } ?? "")")
                let health = try await client.health()
                let database = health.database.map { " (database: \(PlainText.line($0)))" } ?? ""
                SafeOutput.text("health     \(PlainText.line(health.status))\(database)")
                let pending = try await client.listApprovalRequests(status: .pending)
                print("pending    \(pending.count) request\(pending.count == 1 ? "" : "s") waiting")
                guard health.isHealthy else {
                    printError("the server reports itself \(PlainText.line(health.status))")
                    throw ExitStatus.failure
                }
            } catch let error as ClientError {
                throw exitStatus(for: error)
            }
        }
    }
}

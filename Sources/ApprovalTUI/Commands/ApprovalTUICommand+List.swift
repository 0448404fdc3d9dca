import ApprovalClient
import ApprovalModel
import ApprovalViewModels
import ArgumentParser
import Foundation

extension ApprovalTUICommand {
    /// `approval-tui list`: approval requests as a table for people or JSON for scripts.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List approval requests (pending by default), soonest deadline first.")

        @OptionGroup var connection: ConnectionOptions

        @Option(name: .long, help: "pending, approved, declined, expired, cancelled or all.")
        var status: String = "pending"

        @Flag(name: .long, help: "Print JSON with Preloop's field names instead of a table.")
        var json = false

        func validate() throws {
            let known = ApprovalStatus.knownValues.map(\.rawValue) + ["all"]
            guard known.contains(status) else {
                throw ValidationError("unknown status \"\(status)\"; use one of: \(known.joined(separator: ", "))")
            }
        }

        func run() async throws {
            let (client, _) = try connection.makeClient()
            let filter: ApprovalStatus? = status == "all" ? nil : ApprovalStatus(rawValue: status)
            let requests: [ApprovalRequest]
            do {
                requests = try await client.listApprovalRequests(status: filter)
            } catch {
                throw exitStatus(for: error)
            }
            if json {
                try SafeOutput.json(requests)
                return
            }
            let width = Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 120
            for line in RequestTable.lines(for: requests, now: Date(), width: max(60, width)) { SafeOutput.text(line) }
        }
    }
}

import ApprovalClient
import ApprovalModel
import ApprovalViewModels
import ArgumentParser
import Foundation

extension ApprovalTUICommand {
    /// `approval-tui history`: what was decided, by whom, when, and how long the agent waited.
    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List decided requests (approved, declined, expired, cancelled), newest decision first.")

        @OptionGroup var connection: ConnectionOptions

        @Option(name: .long, help: "approved, declined, expired, cancelled or all (default: all).")
        var status: String = "all"

        @Option(name: .long, help: "Only decisions this recent: 90s, 30m, 2h, 1d, 1w or 1h30m.")
        var since: String?

        @Flag(name: .long, help: "Print JSON with Preloop's field names instead of a table.")
        var json = false

        func validate() throws {
            let known = ApprovalStatus.ended.map(\.rawValue) + ["all"]
            guard known.contains(status) else {
                throw ValidationError("unknown status \(status.debugDescription); use one of: \(known.joined(separator: ", "))")
            }
            if let since, SinceDuration(since) == nil {
                throw ValidationError("--since \(since.debugDescription) is not a duration such as 90s, 30m, 2h, 1d or 1h30m (at most a year)")
            }
        }

        func run() async throws {
            let (client, _) = try connection.makeClient()
            let statuses = status == "all" ? ApprovalStatus.ended : [ApprovalStatus(rawValue: status)]
            let requests: [ApprovalRequest]
            do {
                requests = try await client.decidedRequests(statuses: statuses)
            } catch {
                throw exitStatus(for: error)
            }
            let cutoff = since.flatMap(SinceDuration.init).map { Date().addingTimeInterval(-Double($0.seconds)) }
            let decided = HistoryTable.decided(requests, since: cutoff)
            if json {
                try SafeOutput.json(decided)
                return
            }
            let width = Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 120
            for line in HistoryTable.lines(for: decided, timeZone: .current, width: max(60, width)) { SafeOutput.text(line) }
        }
    }
}

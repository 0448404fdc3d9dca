import ApprovalClient
import ApprovalModel
import ApprovalViewModels
import ArgumentParser
import Foundation

extension ApprovalTUICommand {
    /// `approval-tui journal`: the decisions made from this machine's console.
    struct Journal: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the decisions made from the console on this machine, newest first.",
            discussion: "Each decision is recorded before it is sent and completed after; one whose outcome was "
                + "lost is re-checked against the server on the next connection, never re-sent.")

        @Flag(name: .long, help: "Print JSON instead of a table.") var json = false
        @Option(name: .long, help: "How many entries at most.") var limit: Int = 200

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let entries: [JournalEntry]
            do {
                let store = try LocalStore(path: try LocalStore.defaultPath(environment: environment))
                entries = try store.journal(limit: max(1, limit))
            } catch {
                printError(error.description)
                throw ExitStatus.failure
            }
            if json {
                let objects: [JSONValue] = entries.map { entry in
                    [
                        "id": .integer(entry.id), "request_id": .string(entry.requestID),
                        "tool_name": .string(entry.toolName), "decision": .string(entry.verdict.rawValue),
                        "comment": entry.comment.map(JSONValue.string) ?? .null, "server": .string(entry.server),
                        "created_at": .string(PreloopTimestamp.withOffset(entry.createdAt)),
                        "completed_at": entry.completedAt.map { .string(PreloopTimestamp.withOffset($0)) } ?? .null,
                        "outcome": .string(entry.outcome.rawValue),
                        "error": entry.errorText.map(JSONValue.string) ?? .null,
                    ]
                }
                SafeOutput.json(JSONValue.array(objects).prettyPrinted())
                return
            }
            guard !entries.isEmpty else {
                print("no decisions recorded yet")
                return
            }
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
            formatter.timeZone = .current
            for entry in entries {
                var line = "\(formatter.string(from: entry.createdAt))  \(entry.verdict.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  "
                line += "\(entry.outcome.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0))  "
                line += "\(PlainText.line(entry.toolName, limit: 40))  \(entry.requestID)"
                if let comment = entry.comment, !comment.isEmpty { line += "  \"\(PlainText.line(comment, limit: 120))\"" }
                if let error = entry.errorText { line += "  (\(PlainText.line(error, limit: 160)))" }
                SafeOutput.text(line)
            }
        }
    }
}

import ApprovalModel
import Foundation

/// Decided requests: when, status, tool, who decided, how long the agent waited, the comment.
struct HistoryList: ScreenComponent {
    let history: HistoryState
    let timeZone: TimeZone
    /// A console on several servers: a first column names each request's server.
    var fleet: FleetState? = nil

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        var columns: [DataTable.Column] = [.init(title: "decided", size: .fixed(9)), .init(title: "status", size: .fixed(9)),
                                           .init(title: "tool", size: .fill)]
        if area.width >= 60 {
            // "rule 3cadbdd5 by alice" when a rule decided: wide enough where the screen is.
            columns.append(.init(title: "by", size: .fixed(area.width >= 100 ? 26 : 14)))
            columns.append(.init(title: "waited", size: .fixed(7)))
        }
        if area.width >= 100 { columns.append(.init(title: "comment", size: .fill)) }
        let rows = history.visibleRequests.map { request -> (cells: [SanitizedText], role: StyleRole) in
            let cells: [SanitizedText] = [
                ClockText.time(HistoryTable.decidedAt(of: request), in: timeZone),
                Sanitizer.line.sanitize(request.status.rawValue),
                Sanitizer.line.sanitize(request.toolName),
                Sanitizer.line.sanitize(HistoryTable.decidedBy(request)),
                Sanitizer.line.sanitize(ClockText.compact(HistoryTable.waitedSeconds(of: request))),
                Sanitizer.line.sanitize(request.approverComment ?? ""),
            ]
            return (cells, .tableRow)
        }
        let emptyText: SanitizedText = if let error = history.error {
            "history could not be read: \(Sanitizer.line.sanitize(error.shortCause))"
        } else if history.hasLoaded {
            history.requests.isEmpty ? "Nothing decided yet." : "No decision matches the filter."
        } else {
            "loading history…"
        }
        DataTable(columns: columns, rows: rows, selected: history.selection.focusIndex(in: history.visibleIDs),
                  emptyText: emptyText, offset: history.selection.offset)
            .withServers(of: history.visibleIDs, in: fleet).render(in: area, into: &buffer)
    }
}

import ApprovalModel
import Foundation

/// This console's decisions, newest first: time, verdict, tool, outcome (and comment, server,
/// error where the width allows), with the focused entry spelled out in full below the table.
struct JournalTable: ScreenComponent {
    let journal: JournalState
    let timeZone: TimeZone

    /// The list and, when an entry is focused, its pane below (a rule and up to four lines).
    static func parts(of area: Rect, showsEntry: Bool) -> (list: Rect, entry: Rect) {
        let parts = Layout.split(area, [.fill, .fixed(showsEntry ? min(5, max(0, area.height - 5)) : 0)])
        return (parts[0], parts[1])
    }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let focused = journal.focusedEntry
        let parts = Self.parts(of: area, showsEntry: focused != nil)
        // The focused entry's pane below spells out an outcome the column cuts.
        let outcomeWidth = area.width >= 140 ? 34 : area.width >= 60 ? 18 : 11
        var columns: [DataTable.Column] = [.init(title: "time", size: .fixed(9)), .init(title: "verdict", size: .fixed(8)),
                                           .init(title: "tool", size: .fill), .init(title: "outcome", size: .fixed(outcomeWidth))]
        if area.width >= 80 { columns.append(.init(title: "comment", size: .fill)) }
        if area.width >= 100 {
            columns.append(.init(title: "server", size: .fixed(16)))
            columns.append(.init(title: "error", size: .fill))
        }
        let rows = journal.entries.map { entry -> (cells: [SanitizedText], role: StyleRole) in
            let cells: [SanitizedText] = [
                ClockText.time(entry.createdAt, in: timeZone),
                Self.verdictText(entry.verdict),
                Sanitizer.line.sanitize(entry.toolName),
                Self.outcomeText(entry.outcome),
                Sanitizer.line.sanitize(entry.comment ?? ""),
                Sanitizer.line.sanitize(entry.server),
                Sanitizer.line.sanitize(entry.errorText ?? ""),
            ]
            return (cells, .tableRow)
        }
        DataTable(columns: columns, rows: rows, selected: journal.selection.focusIndex(in: journal.visibleIDs),
                  emptyText: SanitizedText(), offset: journal.selection.offset).render(in: parts.list, into: &buffer)
        if rows.isEmpty { renderEmptyState(in: parts.list, into: &buffer) }
        if let focused { renderEntry(focused, in: parts.entry, into: &buffer) }
    }

    /// "approve" or "deny", as the console's keys say it.
    static func verdictText(_ verdict: Verdict) -> SanitizedText {
        verdict == .approve ? "approve" : "deny"
    }

    /// How a decision ended, in the console's words.
    static func outcomeText(_ outcome: JournalOutcome) -> SanitizedText {
        switch outcome {
        case .pending: "no answer yet"
        case .approved: "approved"
        case .declined: "declined"
        case .alreadyDecided: "decided elsewhere"
        case .voteRecorded: "more votes needed"
        case .failed: "failed"
        case .unknown: "unknown — re-checked on reconnect"
        case .held: "waiting (u takes it back)"
        case .undone: "taken back, not sent"
        case .notSent: "not sent (quit during undo)"
        }
    }

    /// Why the list is empty: still loading, the local store could not be read, or no decisions yet.
    private func renderEmptyState(in area: Rect, into buffer: inout ScreenBuffer) {
        let paragraphs: [SanitizedText]
        if !journal.hasLoaded {
            paragraphs = ["loading the journal…"]
        } else if let error = journal.error {
            paragraphs = ["The decision journal cannot be read:", Sanitizer.line.sanitize(error.description),
                          "Decisions still reach the server; they are just not listed here."]
        } else {
            paragraphs = ["No decisions from this console yet.",
                          "Each approve or deny made here is listed with its outcome."]
        }
        let width = area.width - 4
        let lines = paragraphs.flatMap { $0.wrapped(toWidth: width) }
        for (row, line) in lines.prefix(max(0, area.height - 2)).enumerated() {
            buffer.write(line, at: Point(x: area.x + 2, y: area.y + 2 + row), width: width, role: .dim)
        }
    }

    /// The focused entry in full: outcome, comment, error, and which request on which server.
    private func renderEntry(_ entry: JournalEntry, in area: Rect, into buffer: inout ScreenBuffer) {
        guard area.height > 0 else { return }
        buffer.write(JustificationBlock.rule(area.width), at: Point(x: area.x, y: area.y), role: .frame, clip: area)
        var lines: [(SanitizedText, SanitizedText)] = [
            ("outcome ", Self.verdictText(entry.verdict) + " · " + Self.outcomeText(entry.outcome)),
            ("comment ", entry.comment.map { Sanitizer.line.sanitize($0) } ?? "none"),
        ]
        if let error = entry.errorText { lines.append(("error   ", Sanitizer.line.sanitize(error))) }
        lines.append(("request ", Sanitizer.line.sanitize("\(entry.requestID) on \(entry.server)")))
        for (row, (label, value)) in lines.prefix(area.height - 1).enumerated() {
            let y = area.y + 1 + row
            buffer.write(label, at: Point(x: area.x, y: y), role: .detailLabel, clip: area)
            buffer.write(value, at: Point(x: area.x + label.displayWidth, y: y),
                         width: max(0, area.width - label.displayWidth), role: .detailValue)
        }
    }
}

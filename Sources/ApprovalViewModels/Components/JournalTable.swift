import ApprovalClient

/// This console's decisions, newest first: time, verdict, tool, outcome (and comment, server,
/// error where the width allows), with the focused entry spelled out in full below the table.
struct JournalTable: ScreenComponent {
    let state: ConsoleState

    /// Rows the focused entry's pane takes (a rule and up to four lines) in a body of `body` rows.
    static func entryPaneHeight(body: Int) -> Int { min(5, max(0, body - 5)) }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let focused = state.focusedJournalEntry
        let parts = Layout.split(area, [.fill, .fixed(focused == nil ? 0 : Self.entryPaneHeight(body: area.height))])
        // The focused entry's pane below spells out an outcome the column cuts.
        let outcomeWidth = area.width >= 140 ? 34 : area.width >= 60 ? 18 : 11
        var columns: [DataTable.Column] = [.init(title: "time", size: .fixed(9)), .init(title: "verdict", size: .fixed(8)),
                                           .init(title: "tool", size: .fill), .init(title: "outcome", size: .fixed(outcomeWidth))]
        if area.width >= 80 { columns.append(.init(title: "comment", size: .fill)) }
        if area.width >= 100 {
            columns.append(.init(title: "server", size: .fixed(16)))
            columns.append(.init(title: "error", size: .fill))
        }
        let rows = state.journal.map { entry -> (cells: [SanitizedText], role: StyleRole) in
            let cells: [SanitizedText] = [
                ClockText.time(entry.createdAt, in: state.timeZone),
                Self.verdictText(entry.verdict),
                Sanitizer.line.sanitize(entry.toolName),
                Self.outcomeText(entry.outcome),
                Sanitizer.line.sanitize(entry.comment ?? ""),
                Sanitizer.line.sanitize(entry.server),
                Sanitizer.line.sanitize(entry.errorText ?? ""),
            ]
            return (cells, .tableRow)
        }
        DataTable(columns: columns, rows: rows, selected: state.journal.firstIndex { $0.id == state.focusedJournalID },
                  emptyText: SanitizedText(), offset: state.listScroll[.journal] ?? 0).render(in: parts[0], into: &buffer)
        if rows.isEmpty { renderEmptyState(in: parts[0], into: &buffer) }
        if let focused { renderEntry(focused, in: parts[1], into: &buffer) }
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
        }
    }

    /// Why the list is empty: still loading, the local store could not be read, or no decisions yet.
    private func renderEmptyState(in area: Rect, into buffer: inout ScreenBuffer) {
        let paragraphs: [SanitizedText]
        if !state.hasLoadedJournal {
            paragraphs = ["loading the journal…"]
        } else if let error = state.journalError {
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

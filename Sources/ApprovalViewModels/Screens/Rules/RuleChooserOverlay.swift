import ApprovalModel
import Foundation

/// The "allow similar" chooser drawn over the screen: the three scopes (the chosen one marked),
/// the arguments with their check boxes, the three durations, and the exact condition that will
/// be sent. The agent's values are untrusted text: sanitized, one line each.
struct RuleChooserOverlay: ScreenComponent {
    let chooser: RuleChooser
    let now: Date
    let timeZone: TimeZone

    /// The chooser's lines for a box `width` wide; when the full layout is taller than `height`,
    /// a compact one that keeps what a decision needs: the chosen scope, the arguments around the
    /// cursor, the durations, the condition's first line and how to confirm.
    func lines(width: Int, height: Int = .max) -> [StyledLine] {
        let full = fullLines(width: width)
        guard full.count > height else { return full }
        return compactLines(width: width, height: height)
    }

    private func compactLines(width: Int, height: Int) -> [StyledLine] {
        let scopeText: String = switch chooser.scope {
        case .exactCall: "1 this exact call · 2 3 other"
        case .toolFromAgent: "2 this tool, any args · 1 3 other"
        case .matchingFields: "3 ticked arguments · 1 2 other"
        }
        var head = [StyledLine([(Sanitizer.line.sanitize("▸" + scopeText), .helpKey)])]
        var durations = StyledLine()
        for (key, duration, text) in [("h", RuleDuration.hour, "hour"), ("d", .day, "day"), ("r", .untilRevoked, "until revoked")] {
            let chosen = chooser.duration == duration
            durations.segments.append((text: Sanitizer.line.sanitize((chosen ? "▸" : " ") + key + " " + text + " "), role: chosen ? .helpKey : .helpText))
        }
        var tail = [durations]
        switch chooser.draft(now: now) {
        case .success(let draft):
            tail.append(StyledLine(Sanitizer.line.sanitize(draft.condition).truncated(toWidth: max(1, width)), .helpKey))
        case .failure(let refusal):
            tail.append(StyledLine(Sanitizer.line.sanitize(refusal.description).truncated(toWidth: max(1, width)), .statusError))
        }
        tail.append(StyledLine("enter approve + rule · esc cancel", .helpText))
        let room = max(0, height - head.count - tail.count)
        if chooser.scope == .matchingFields, room > 0 { head += fieldLines(width: width, rows: room, marksMore: false) }
        return Array((head + tail).prefix(height))
    }

    private static let durations: [(String, RuleDuration, String)] = [
        ("h", .hour, "an hour"), ("d", .day, "a day"), ("r", .untilRevoked, "until revoked"),
    ]

    /// Up to `rows` argument lines, scrolled so the cursor's is among them.
    private func fieldLines(width: Int, rows fieldRows: Int, marksMore: Bool = true) -> [StyledLine] {
        var lines: [StyledLine] = []
        let first = max(0, min(chooser.cursor - fieldRows / 2, chooser.fields.count - fieldRows))
        if marksMore, first > 0 { lines.append(StyledLine("     … \(first) more above", .helpText)) }
        for (index, field) in chooser.fields.enumerated().dropFirst(first).prefix(fieldRows) {
            let focused = chooser.scope == .matchingFields && index == chooser.cursor
            let box = field.isChosen ? "[x] " : "[ ] "
            let key = Sanitizer.line.sanitize(field.key).truncated(toWidth: max(4, min(20, width / 3)))
            let text: SanitizedText = "   \(focused ? "›" : " ") " + Sanitizer.line.sanitize(box) + key + " = "
                + Sanitizer.line.sanitize(field.value.compactText).truncated(toWidth: max(4, width - 12 - key.displayWidth))
            lines.append(StyledLine(text, focused ? .helpKey : .helpText))
        }
        let below = chooser.fields.count - first - fieldRows
        if marksMore, below > 0 { lines.append(StyledLine("     … \(below) more below", .helpText)) }
        return lines
    }

    private func fullLines(width: Int) -> [StyledLine] {
        func option(_ key: String, _ text: String, chosen: Bool) -> StyledLine {
            StyledLine([(Sanitizer.line.sanitize(chosen ? "▸" + key : " " + key), chosen ? .helpKey : .helpText),
                        (" " + Sanitizer.line.sanitize(text), chosen ? .helpKey : .helpText)])
        }
        let agent = chooser.agentPrincipalID == nil
            ? "any agent (the server names none)"
            : "this agent" + (chooser.agentName.map { " (\(PlainText.line($0, limit: 24)))" } ?? "")
        var lines: [StyledLine] = [StyledLine("What to allow without asking:", .helpText)]
        lines.append(option("1", "this exact call: these arguments, \(agent)", chosen: chooser.scope == .exactCall))
        lines.append(option("2", "this tool from \(agent), any arguments", chosen: chooser.scope == .toolFromAgent))
        lines.append(option("3", "this tool with the arguments ticked below, any agent", chosen: chooser.scope == .matchingFields))
        if chooser.fields.isEmpty {
            lines.append(StyledLine("     (this call has no arguments)", .helpText))
        }
        // At most six arguments show, scrolled so the cursor's is among them.
        lines += fieldLines(width: width, rows: 6)
        lines.append(StyledLine())
        lines.append(StyledLine("For how long:", .helpText))
        var row = StyledLine()
        for (key, duration, text) in Self.durations {
            let chosen = chooser.duration == duration
            row.segments.append((text: Sanitizer.line.sanitize((chosen ? "▸" : " ") + key + " " + text + "   "), role: chosen ? .helpKey : .helpText))
        }
        lines.append(row)
        lines.append(StyledLine())
        switch chooser.draft(now: now) {
        case .success(let draft):
            let until: SanitizedText = draft.expiresAt.map {
                " \(Sanitizer.line.sanitize(draft.duration.phrase)), until " + ClockText.moment($0, now: now, in: timeZone)
            } ?? " until revoked"
            lines.append(StyledLine("The rule, sent as CEL\(until):", .helpText))
            let condition = Sanitizer.line.sanitize(draft.condition).wrapped(toWidth: max(1, width))
            lines += condition.prefix(3).map { StyledLine($0, .helpKey) }
            if condition.count > 3 { lines.append(StyledLine("…", .helpText)) }
        case .failure(let refusal):
            lines.append(StyledLine(Sanitizer.line.sanitize(refusal.description), .statusError))
        }
        lines.append(StyledLine())
        lines.append(StyledLine("enter approves this request and makes the rule · esc cancels", .helpText))
        return lines
    }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let width = min(area.width - 2, 76)
        let lines = lines(width: width - 4, height: max(1, area.height - 2))
        let box = area.centred(width: width, height: min(area.height, lines.count + 2))
        let title: SanitizedText = " Allow similar · \(Sanitizer.line.sanitize(chooser.toolName).truncated(toWidth: 40)) "
        let inner = FramedBox.draw(box, title: title, into: &buffer)
        for (row, line) in lines.prefix(inner.height).enumerated() {
            line.draw(at: inner.y + row, in: inner, into: &buffer)
        }
    }
}

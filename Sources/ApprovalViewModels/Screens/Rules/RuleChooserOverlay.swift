import ApprovalModel
import Foundation

/// The "allow similar" chooser drawn over the screen: the three scopes (the chosen one marked),
/// the arguments with their check boxes, the three durations, and the exact condition that will
/// be sent. The agent's values are untrusted text: sanitized, one line each.
struct RuleChooserOverlay: ScreenComponent {
    let chooser: RuleChooser
    let now: Date
    let timeZone: TimeZone

    func lines(width: Int) -> [StyledLine] {
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
        // At most `fieldRows` arguments show, scrolled so the cursor's is among them.
        let fieldRows = 6
        let first = max(0, min(chooser.cursor - fieldRows / 2, chooser.fields.count - fieldRows))
        if first > 0 { lines.append(StyledLine("     … \(first) more above", .helpText)) }
        for (index, field) in chooser.fields.enumerated().dropFirst(first).prefix(fieldRows) {
            let focused = chooser.scope == .matchingFields && index == chooser.cursor
            let box = field.isChosen ? "[x] " : "[ ] "
            let text: SanitizedText = "   \(focused ? "›" : " ") " + Sanitizer.line.sanitize(box)
                + Sanitizer.line.sanitize(field.key).truncated(toWidth: 20) + " = "
                + Sanitizer.line.sanitize(field.value.compactText).truncated(toWidth: max(4, width - 32))
            lines.append(StyledLine(text, focused ? .helpKey : .helpText))
        }
        let below = chooser.fields.count - first - fieldRows
        if below > 0 { lines.append(StyledLine("     … \(below) more below", .helpText)) }
        lines.append(StyledLine())
        lines.append(StyledLine("For how long:", .helpText))
        let durations: [(String, RuleDuration, String)] = [("h", .hour, "an hour"), ("d", .day, "a day"), ("r", .untilRevoked, "until revoked")]
        var row = StyledLine()
        for (key, duration, text) in durations {
            let chosen = chooser.duration == duration
            row.segments.append((text: Sanitizer.line.sanitize((chosen ? "▸" : " ") + key + " " + text + "   "), role: chosen ? .helpKey : .helpText))
        }
        lines.append(row)
        lines.append(StyledLine())
        switch chooser.draft(now: now) {
        case .success(let draft):
            let until: SanitizedText = draft.expiresAt.map { " \(Sanitizer.line.sanitize(draft.duration.phrase)), until " + ClockText.time($0, in: timeZone) } ?? " until revoked"
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
        let lines = lines(width: width - 4)
        let box = area.centred(width: width, height: min(area.height, lines.count + 2))
        let title: SanitizedText = " Allow similar · \(Sanitizer.line.sanitize(chooser.toolName).truncated(toWidth: 40)) "
        let inner = FramedBox.draw(box, title: title, into: &buffer)
        for (row, line) in lines.prefix(inner.height).enumerated() {
            line.draw(at: inner.y + row, in: inner, into: &buffer)
        }
    }
}

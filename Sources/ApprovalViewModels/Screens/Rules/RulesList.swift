import ApprovalModel
import Foundation

/// Access rules: tool, action, what they match, who made them, when they expire, how many calls
/// they decided. Every field is server text and goes through the sanitizer.
struct RulesList: ScreenComponent {
    let rules: RulesState
    let now: Date
    /// A console on several servers: a first column names each rule's server.
    var fleet: FleetState? = nil

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        var columns: [DataTable.Column] = [.init(title: "tool", size: .fixed(18)), .init(title: "action", size: .fixed(8)),
                                           .init(title: "condition", size: .fill)]
        if area.width >= 60 {
            columns.append(.init(title: "by", size: .fixed(12)))
            columns.append(.init(title: "expires", size: .fixed(11)))
        }
        if area.width >= 100 { columns.append(.init(title: "decided", size: .fixed(7))) }
        let rows = rules.visibleRules.map { rule -> (cells: [SanitizedText], role: StyleRole) in
            let revoking = rules.revokingIDs.contains(RulesState.rowID(rule))
            let cells: [SanitizedText] = [
                Sanitizer.line.sanitize(rule.toolName ?? "?"),
                Sanitizer.line.sanitize(revoking ? "revoking" : ((rule.isEnabled ?? true) ? rule.action : "off")),
                Sanitizer.line.sanitize(rule.conditionExpression ?? "(every call)"),
                Sanitizer.line.sanitize(rule.createdBy ?? "-"),
                Sanitizer.line.sanitize(Self.expiry(of: rule, now: now)),
                Sanitizer.line.sanitize(rule.decidedCount.map(String.init) ?? "-"),
            ]
            return (cells, .tableRow)
        }
        let emptyText: SanitizedText = if let error = rules.error {
            "rules could not be read: \(Sanitizer.line.sanitize(error.shortCause))"
        } else if rules.hasLoaded {
            rules.rules.isEmpty ? "No rules. s on a request allows similar calls." : "No rule matches the filter."
        } else {
            "loading rules…"
        }
        DataTable(columns: columns, rows: rows, selected: rules.selection.focusIndex(in: rules.visibleIDs),
                  emptyText: emptyText, offset: rules.selection.offset)
            .withServers(of: rules.visibleIDs, in: fleet).render(in: area, into: &buffer)
    }

    /// "never", "expired", or how long it has left ("in 59m12s", "in 1d00h").
    static func expiry(of rule: AccessRule, now: Date) -> String {
        guard let date = RuleExpiry.of(rule) else { return "never" }
        let seconds = date.timeIntervalSince(now)
        if seconds <= 0 { return "expired" }
        return "in " + ClockText.compact(Int(seconds.rounded(.up)))
    }
}

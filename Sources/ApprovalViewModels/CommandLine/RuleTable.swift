import ApprovalModel
import Foundation

/// `approval-tui rules list` as a table: tool, action, priority, expiry, who made it, calls
/// decided, id, condition. Server text is made safe with `PlainText`.
public enum RuleTable {
    public static func lines(for rules: [AccessRule], now: Date, width: Int) -> [String] {
        guard !rules.isEmpty else { return ["no access rules"] }
        let pad = PlainText.cell
        var lines = [pad("TOOL", 22) + "  " + pad("ACTION", 16) + "  " + pad("PRIO", 6) + "  " + pad("EXPIRES", 12) + "  "
            + pad("BY", 14) + "  " + pad("DECIDED", 7) + "  " + pad("ID", 36) + "  CONDITION"]
        for rule in rules {
            let action = (rule.isEnabled ?? true) ? rule.action : rule.action + " (off)"
            lines.append(pad(rule.toolName ?? "?", 22) + "  " + pad(action, 16) + "  " + pad(String(rule.priority ?? 0), 6) + "  "
                + pad(RulesList.expiry(of: rule, now: now), 12) + "  " + pad(rule.createdBy ?? "-", 14) + "  "
                + pad(rule.decidedCount.map(String.init) ?? "-", 7) + "  " + pad(rule.id ?? "-", 36) + "  "
                + PlainText.line(rule.conditionExpression ?? "(every call)", limit: 400))
        }
        return lines.map { Sanitizer.line.sanitize($0).truncated(toWidth: width).description }
    }
}

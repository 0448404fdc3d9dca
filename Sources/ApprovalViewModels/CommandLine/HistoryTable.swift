import ApprovalModel
import Foundation

/// The plain-text table `approval-tui history` prints: decided requests, newest decision first,
/// with who decided, when, how long the agent waited, and the comment.
public enum HistoryTable {
    /// `requests` that ended, newest decision first, decided at or after `since` when given; an id
    /// listed twice (one listing per status, a server that repeats itself) is shown once.
    public static func decided(_ requests: [ApprovalRequest], since: Date?) -> [ApprovalRequest] {
        var seen = Set<String>()
        return requests
            .filter { request in
                !request.status.isPending && (since.map { decidedAt(of: request) >= $0 } ?? true) && seen.insert(request.id).inserted
            }
            .sorted { decidedAt(of: $0) != decidedAt(of: $1) ? decidedAt(of: $0) > decidedAt(of: $1) : $0.id < $1.id }
    }

    /// When the request ended: `resolved_at`, else its deadline when it expired, else when it was asked.
    public static func decidedAt(of request: ApprovalRequest) -> Date {
        request.resolvedAt ?? (request.status == .expired ? request.expiresAt : nil) ?? request.requestedAt
    }

    /// Seconds the agent waited: from the request to its end, never negative (clocks differ).
    public static func waitedSeconds(of request: ApprovalRequest) -> Int {
        max(0, Int(decidedAt(of: request).timeIntervalSince(request.requestedAt).rounded(.down)))
    }

    /// Who decided: the principals whose votes carried it, the AI, or how it ended without a person.
    public static func decidedBy(_ request: ApprovalRequest) -> String {
        if request.decidedByAI { return "AI" + (request.aiModel.map { " (\(PlainText.line($0, limit: 40)))" } ?? "") }
        if let rule = request.decidedByRule {
            return "rule \(PlainText.line(String(rule.id.prefix(8)), limit: 8)) by \(PlainText.line(rule.createdBy, limit: 40))"
        }
        let carried = (request.votes ?? []).filter { $0.approved == (request.status == .approved) }
        if !carried.isEmpty { return carried.map { PlainText.line($0.principal, limit: 40) }.joined(separator: ", ") }
        switch request.status {
        case .expired: return "(expired)"
        case .cancelled: return "(cancelled)"
        default: return "-"
        }
    }

    /// Header and rows, each at most `width` columns; server text is made safe with `PlainText`.
    public static func lines(for requests: [ApprovalRequest], timeZone: TimeZone, width: Int) -> [String] {
        guard !requests.isEmpty else { return ["no decided requests"] }
        var lines = [pad("DECIDED", 16) + "  " + pad("STATUS", 9) + "  " + pad("TOOL", 22) + "  " + pad("BY", 16) + "  "
            + pad("WAITED", 7) + "  COMMENT"]
        for request in requests {
            let waited = ClockText.compact(waitedSeconds(of: request))
            lines.append(pad(stamp(decidedAt(of: request), timeZone), 16) + "  " + pad(request.status.rawValue, 9) + "  "
                + pad(PlainText.line(request.toolName, limit: 60), 22) + "  " + pad(decidedBy(request), 16) + "  "
                + pad(waited, 7) + "  " + PlainText.line(request.approverComment ?? "", limit: 200))
        }
        return lines.map { Sanitizer.line.sanitize($0).truncated(toWidth: width).description }
    }

    private static func stamp(_ date: Date, _ timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    private static func pad(_ text: String, _ width: Int) -> String { PlainText.cell(text, width) }
}

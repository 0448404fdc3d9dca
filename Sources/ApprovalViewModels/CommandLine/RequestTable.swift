import ApprovalModel
import Foundation

/// The plain-text table `approval-tui list` prints: soonest deadline first, one request a line.
public enum RequestTable {
    /// Header and rows, each at most `width` columns; server text is made safe with `PlainText`.
    public static func lines(for requests: [ApprovalRequest], now: Date, width: Int) -> [String] {
        guard !requests.isEmpty else { return ["no requests"] }
        let sorted = requests.sorted(by: { soonestFirst($0, $1) })
        var lines = [pad("ID", 36) + "  " + pad("STATUS", 9) + "  " + pad("DEADLINE", 10) + "  " + pad("TOOL", 22)
            + "  JUSTIFICATION"]
        for request in sorted {
            let justification = request.hasJustification
                ? PlainText.line(request.agentReasoning ?? "", limit: 200) : "(none given)"
            let row = pad(request.id, 36) + "  " + pad(request.status.rawValue, 9) + "  "
                + pad(deadline(request, now: now), 10) + "  " + pad(PlainText.line(request.toolName, limit: 60), 22)
                + "  " + justification
            lines.append(row)
        }
        return lines.map { cut($0, to: width) }
    }

    /// Pending requests by `expires_at` (none last), then newest first.
    public static func soonestFirst(_ a: ApprovalRequest, _ b: ApprovalRequest) -> Bool {
        switch (a.expiresAt, b.expiresAt) {
        case let (x?, y?) where x != y: return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default: return a.requestedAt > b.requestedAt
        }
    }

    /// `4m12s`, `stale 3m`, or `-` for a decided request.
    public static func deadline(_ request: ApprovalRequest, now: Date) -> String {
        guard request.status == .pending, let expiresAt = request.expiresAt else { return "-" }
        let seconds = Int(expiresAt.timeIntervalSince(now).rounded(.down))
        if seconds <= 0 { return "stale " + compact(-seconds) }
        return compact(seconds)
    }

    /// `45s`, `4m12s`, `2h05m`, `3d04h`.
    public static func compact(_ seconds: Int) -> String {
        ClockText.compact(seconds)
    }

    /// `text` cut and padded to `width` display columns (wide glyphs count two).
    private static func pad(_ text: String, _ width: Int) -> String { PlainText.cell(text, width) }

    private static func cut(_ text: String, to width: Int) -> String {
        Sanitizer.line.sanitize(text).truncated(toWidth: width).description
    }
}

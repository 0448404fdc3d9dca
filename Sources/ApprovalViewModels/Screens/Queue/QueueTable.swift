import ApprovalModel
import Foundation

/// The queue: pending requests, soonest deadline first, with countdowns, stale and marked rows.
/// Columns drop out as the width shrinks; at 40 columns only mark, due and tool remain. Offline,
/// the last known rows are dimmed under a banner saying since when.
struct QueueTable: ScreenComponent {
    /// What the rows need besides the queue: the time, and names and deadlines other screens know.
    struct Context {
        var now: Date
        var timeZone: TimeZone
        var deadline: (ApprovalRequest) -> Date? = { $0.expiresAt }
        var policyName: (ApprovalRequest) -> String? = { _ in nil }
        var flowName: (String) -> String? = { _ in nil }
        /// A console on several servers: the server a request came from, and whether its rows are
        /// only last known (its server is not answering). Nil on one server: no column, and the
        /// banner alone says whether rows are last known.
        var fleet: FleetState?
    }

    let queue: QueueState
    let banner: QueueBanner?
    let context: Context

    /// The rows under the header (and the banner, when there is one) in a body `body`.
    static func rowsArea(of body: Rect, hasBanner: Bool) -> Rect {
        let top = (hasBanner ? 1 : 0) + 1
        return Rect(x: body.x, y: body.y + top, width: body.width, height: max(0, body.height - top))
    }

    private struct Column {
        let title: SanitizedText
        let size: LayoutSize
        let value: (ApprovalRequest) -> SanitizedText
    }

    private func columns(for width: Int) -> [Column] {
        var columns = [
            Column(title: " ", size: .fixed(2), value: { queue.markedRequestIDs.contains($0.id) ? "*" : " " }),
            Column(title: "due", size: .fixed(8), value: due),
        ]
        if let fleet = context.fleet {
            columns.append(Column(title: "server", size: .fixed(fleet.serverColumnWidth), value: { request in
                Sanitizer.line.sanitize(fleet.member(ofID: request.id)?.name ?? "?")
            }))
        }
        columns.append(
            Column(title: "tool", size: width >= 100 ? .fixed(26) : .fill, value: { Sanitizer.line.sanitize($0.toolName) }))
        if width >= 100 {
            columns.append(Column(title: "justification", size: .fill, value: { request in
                guard request.hasJustification else { return "(none)" }
                return Sanitizer.line.sanitize(request.agentReasoning ?? "")
            }))
        }
        if width >= 120 {
            columns.append(Column(title: "agent", size: .fixed(16), value: { request in
                if let name = request.agentName, !name.isEmpty { return Sanitizer.line.sanitize(name) }
                guard let id = request.executionID else { return "-" }
                return Sanitizer.line.sanitize(context.flowName(id) ?? own(id))
            }))
        }
        if width >= 80 {
            columns.append(Column(title: "policy", size: .fixed(18), value: { request in
                Sanitizer.line.sanitize(context.policyName(request) ?? request.approvalPolicyID.map { String(own($0).prefix(8)) } ?? "-")
            }))
        }
        if width >= 60 {
            columns.append(Column(title: "requested", size: .fixed(10), value: { ClockText.time($0.requestedAt, in: context.timeZone) }))
        }
        return columns
    }

    /// The server's own id, without the prefix a console on several servers gives it.
    private func own(_ id: String) -> String { FleetState.ownID(id, isMerged: context.fleet != nil) }

    private func due(_ request: ApprovalRequest) -> SanitizedText {
        if let held = queue.heldDecision(of: request.id) {
            return "\(held.verdict == .approve ? "✓" : "✗") \(held.secondsLeft(at: context.now))s u"
        }
        if queue.decidingRequestIDs.contains(request.id) { return "sending" }
        guard let deadline = context.deadline(request) else { return "-" }
        if deadline <= context.now { return "STALE" }
        return ClockText.duration(deadline.timeIntervalSince(context.now))
    }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        guard !area.isEmpty else { return }
        var body = area
        if let banner {
            buffer.fill(area.row(0), role: .banner)
            buffer.write(banner.text(width: area.width, timeZone: context.timeZone), at: Point(x: area.x, y: area.y),
                         width: area.width, role: .banner)
            body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        }
        let columns = columns(for: body.width)
        let cells = Layout.split(body.row(0), columns.map(\.size), axis: .horizontal)
        for (column, cell) in zip(columns, cells) {
            buffer.write(column.title, at: Point(x: cell.x, y: cell.y), width: max(0, cell.width - 1), role: .queueHeader)
        }
        let rows = Self.rowsArea(of: area, hasBanner: banner != nil)
        let visible = queue.visibleRequests
        if visible.isEmpty {
            buffer.write(emptyText(), at: Point(x: rows.x + 2, y: rows.y + 1), width: rows.width - 2, role: .dim)
            if let onboarding = queue.onboarding, queue.hasLoaded, queue.selection.filter.isEmpty {
                for (line, text) in onboarding.lines.prefix(max(0, rows.height - 3)).enumerated() {
                    buffer.write(Sanitizer.line.sanitize(text), at: Point(x: rows.x + 2, y: rows.y + 3 + line),
                                 width: rows.width - 2, role: .dim)
                }
            }
            return
        }
        let offset = queue.selection.shownOffset(
            focus: queue.selection.focusIndex(in: queue.visibleIDs), height: rows.height, count: visible.count)
        for (line, request) in visible.dropFirst(offset).prefix(rows.height).enumerated() {
            let y = rows.y + line
            let role = role(of: request, isFocused: request.id == queue.selection.focusedID)
            buffer.fill(rows.row(line), role: role)
            for (column, cell) in zip(columns, cells) {
                let isDue = column.title == "due" && role == .queueRow && context.deadline(request) != nil
                buffer.write(column.value(request), at: Point(x: cell.x, y: y), width: max(0, cell.width - 1),
                             role: isDue ? .queueCountdown : role)
            }
        }
    }

    private func role(of request: ApprovalRequest, isFocused: Bool) -> StyleRole {
        if isFocused { return .queueSelected }
        if let fleet = context.fleet {
            if let member = fleet.member(ofID: request.id), !member.isLive { return .queueDimmed }
        } else if banner != nil {
            return .queueDimmed
        }
        if queue.isDeciding(request.id) { return .queueDimmed }
        if queue.markedRequestIDs.contains(request.id) { return .queueMarked }
        if let deadline = context.deadline(request), deadline <= context.now { return .queueStale }
        return .queueRow
    }

    private func emptyText() -> SanitizedText {
        if !queue.selection.filter.isEmpty { return "no pending request matches /\(Sanitizer.line.sanitize(queue.selection.filter))" }
        if !queue.hasLoaded { return "waiting for the server…" }
        return "Nothing is waiting for you."
    }
}

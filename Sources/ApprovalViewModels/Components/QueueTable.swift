import ApprovalClient
import Foundation

/// The queue: pending requests, soonest deadline first, with countdowns, stale and marked rows.
/// Columns drop out as the width shrinks; at 40 columns only mark, due and tool remain. Offline,
/// the last known rows are dimmed under a banner saying since when.
struct QueueTable: ScreenComponent {
    let state: ConsoleState

    private struct Column {
        let title: SanitizedText
        let size: LayoutSize
        let value: (ApprovalRequest) -> SanitizedText
    }

    private func columns(for width: Int) -> [Column] {
        var columns = [
            Column(title: " ", size: .fixed(2), value: { state.markedRequestIDs.contains($0.id) ? "*" : " " }),
            Column(title: "due", size: .fixed(8), value: due),
            Column(title: "tool", size: width >= 100 ? .fixed(26) : .fill, value: { Sanitizer.line.sanitize($0.toolName) }),
        ]
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
                return Sanitizer.line.sanitize(state.executions.first { $0.id == id }?.flowName ?? id)
            }))
        }
        if width >= 80 {
            columns.append(Column(title: "policy", size: .fixed(18), value: { request in
                Sanitizer.line.sanitize(state.policyName(of: request) ?? request.approvalPolicyID.map { String($0.prefix(8)) } ?? "-")
            }))
        }
        if width >= 60 {
            columns.append(Column(title: "requested", size: .fixed(10), value: { ClockText.time($0.requestedAt, in: state.timeZone) }))
        }
        return columns
    }

    private func due(_ request: ApprovalRequest) -> SanitizedText {
        if state.decidingRequestIDs.contains(request.id) { return "sending" }
        guard let deadline = state.deadline(of: request) else { return "-" }
        if deadline <= state.now { return "STALE" }
        return ClockText.duration(deadline.timeIntervalSince(state.now))
    }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        guard !area.isEmpty else { return }
        var body = area
        if let savedAt = state.cachedQueueSavedAt, state.unreachableSince == nil {
            let banner: SanitizedText = "connecting; requests saved at \(ClockText.time(savedAt, in: state.timeZone)) shown dimmed"
            buffer.fill(area.row(0), role: .banner)
            buffer.write(banner, at: Point(x: area.x, y: area.y), width: area.width, role: .banner)
            body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        } else if let since = state.unreachableSince {
            let time = ClockText.time(since, in: state.timeZone)
            let what: SanitizedText = state.isOffline ? "offline since \(time)" : "not answering since \(time)"
            let known = state.hasLoadedQueue || state.cachedQueueSavedAt != nil
            let banner: SanitizedText
            if let savedAt = state.cachedQueueSavedAt, !state.hasLoadedQueue {
                let saved = ClockText.time(savedAt, in: state.timeZone)
                banner = area.width >= 60 ? "\(what): requests cached \(saved) shown dimmed" : "\(what): cached \(saved)"
            } else {
                banner = !known ? "\(what): no requests known yet"
                    : area.width >= 60 ? "\(what): last known requests shown dimmed"
                    : "\(what): last known"
            }
            buffer.fill(area.row(0), role: .banner)
            buffer.write(banner, at: Point(x: area.x, y: area.y), width: area.width, role: .banner)
            body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        }
        let columns = columns(for: body.width)
        let cells = Layout.split(body.row(0), columns.map(\.size), axis: .horizontal)
        for (column, cell) in zip(columns, cells) {
            buffer.write(column.title, at: Point(x: cell.x, y: cell.y), width: max(0, cell.width - 1), role: .queueHeader)
        }
        let rows = Rect(x: body.x, y: body.y + 1, width: body.width, height: body.height - 1)
        let visible = state.visibleRequests
        if visible.isEmpty {
            buffer.write(emptyText(), at: Point(x: rows.x + 2, y: rows.y + 1), width: rows.width - 2, role: .dim)
            if let onboarding = state.onboarding, state.hasLoadedQueue, state.queueFilter.isEmpty {
                for (line, text) in onboarding.lines.prefix(max(0, rows.height - 3)).enumerated() {
                    buffer.write(Sanitizer.line.sanitize(text), at: Point(x: rows.x + 2, y: rows.y + 3 + line),
                                 width: rows.width - 2, role: .dim)
                }
            }
            return
        }
        let focus = visible.firstIndex { $0.id == state.focusedRequestID } ?? 0
        let offset = FocusRule.scroll(state.listScroll[.queue] ?? 0, toShow: focus, height: rows.height, count: visible.count)
        for (line, request) in visible.dropFirst(offset).prefix(rows.height).enumerated() {
            let y = rows.y + line
            let role = role(of: request, isFocused: request.id == state.focusedRequestID)
            buffer.fill(rows.row(line), role: role)
            for (column, cell) in zip(columns, cells) {
                let isDue = column.title == "due" && role == .queueRow && state.deadline(of: request) != nil
                buffer.write(column.value(request), at: Point(x: cell.x, y: y), width: max(0, cell.width - 1),
                             role: isDue ? .queueCountdown : role)
            }
        }
    }

    private func role(of request: ApprovalRequest, isFocused: Bool) -> StyleRole {
        if isFocused { return .queueSelected }
        if state.unreachableSince != nil || state.cachedQueueSavedAt != nil { return .queueDimmed }
        if state.decidingRequestIDs.contains(request.id) { return .queueDimmed }
        if state.markedRequestIDs.contains(request.id) { return .queueMarked }
        if state.isStale(request) { return .queueStale }
        return .queueRow
    }

    private func emptyText() -> SanitizedText {
        if !state.queueFilter.isEmpty { return "no pending request matches /\(Sanitizer.line.sanitize(state.queueFilter))" }
        if !state.hasLoadedQueue { return "waiting for the server…" }
        return "Nothing is waiting for you."
    }
}

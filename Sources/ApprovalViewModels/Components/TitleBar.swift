/// The top line: the screen, counts, and the active filter.
struct TitleBar: ScreenComponent {
    let state: ConsoleState

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        buffer.fill(area, role: .title)
        var text: SanitizedText = " \(state.screen.title)"
        switch state.screen {
        case .queue:
            text += " · \(state.queue.visibleRequests.count) pending"
            let stale = state.staleCount
            if stale > 0 { text += " · \(stale) stale" }
        case .detail:
            if let request = state.detailRequest { text += " · \(Sanitizer.line.sanitize(request.toolName))" }
        case .flows:
            text += " · \(state.flows.executions.filter { $0.status.isActive }.count) running"
        case .policies:
            text += " · \(state.policies.items.count)"
        case .journal:
            text += " · \(state.journal.entries.count) decisions"
        case .log:
            if let log = state.flows.log {
                let name = state.flows.flowName(of: log.executionID) ?? log.executionID
                text += " · \(Sanitizer.line.sanitize(name)) · \(log.isFollowing ? "following" : "paused")"
                if !log.searchTerm.isEmpty { text += " · /\(Sanitizer.line.sanitize(log.searchTerm))" }
            }
        }
        let filter = state.currentFilter
        if !filter.isEmpty && state.screen != .log && state.screen != .detail {
            text += " · filter /\(Sanitizer.line.sanitize(filter))"
        }
        buffer.write(text, at: Point(x: area.x, y: area.y), width: area.width, role: .title)
    }
}

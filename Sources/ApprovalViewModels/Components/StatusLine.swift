import Foundation

/// The bottom line: read-only flag, connection state, server, user, last refresh, pending count.
struct StatusLine: ScreenComponent {
    let state: ConsoleState

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        buffer.fill(area, role: .statusLine)
        var line = StyledLine()
        if state.isReadOnly { line.segments.append((" READ-ONLY ", .statusReadOnly)) }
        switch state.connection {
        case .connecting:
            line.segments.append((" connecting ", .statusLine))
        case .live:
            line.segments.append((state.isPushLive ? " live+push " : " live ", .statusLive))
        case .failing(let since, let error, let attempts):
            line.segments.append((
                " retrying since \(ClockText.time(since, in: state.timeZone)) (\(attempts)): \(Sanitizer.line.sanitize(error.shortCause)) ", .statusError))
        case .offline(let since, let error):
            line.segments.append((" offline since \(ClockText.time(since, in: state.timeZone)): \(Sanitizer.line.sanitize(error.shortCause)) ", .statusOffline))
        }
        // Pieces in order of importance; each is shown only if it fits whole.
        var pieces: [SanitizedText] = ["\(state.queue.requests.count) pending"]
        if !state.queue.markedRequestIDs.isEmpty { pieces.append("\(state.queue.markedRequestIDs.count) marked") }
        pieces.append(Sanitizer.line.sanitize(state.serverName).truncated(toWidth: 32))
        if let refreshed = state.lastRefresh { pieces.append("refreshed \(ClockText.time(refreshed, in: state.timeZone))") }
        if let user = state.userName { pieces.append(Sanitizer.line.sanitize(user).truncated(toWidth: 20)) }
        var room = area.width - line.segments.reduce(0) { $0 + $1.text.displayWidth }
        var info = SanitizedText()
        for piece in pieces {
            let addition: SanitizedText = info.isEmpty ? " \(piece)" : " · \(piece)"
            guard addition.displayWidth <= room else { continue }
            info += addition
            room -= addition.displayWidth
        }
        line.segments.append((info, .statusLine))
        line.draw(at: area.y, in: area, into: &buffer)
    }
}

/// The smallest size every screen is drawn at; below it a one-line message says so.
public let minimumScreenSize = Size(columns: 40, rows: 12)

/// Draws the whole console for `state` into a new buffer of `size`: title, the screen's body,
/// the message/prompt line and the status line, with the help overlay on top when open.
/// A pure function of its arguments: the same state and size always give the same frame.
///
/// ```swift
/// let frame = renderScreen(state, size: terminalSize)
/// terminal.apply(frame.changes(since: lastFrame))
/// ```
public func renderScreen(_ state: ConsoleState, size: Size) -> ScreenBuffer {
    var buffer = ScreenBuffer(size: size)
    guard size.columns >= minimumScreenSize.columns, size.rows >= minimumScreenSize.rows else {
        if size.rows > 0 {
            buffer.write("terminal too small: need 40x12, have \(size.columns)x\(size.rows)",
                         at: Point(x: 0, y: 0), width: size.columns, role: .statusError)
        }
        return buffer
    }
    let parts = Layout.split(buffer.area, [.fixed(1), .fill, .fixed(1), .fixed(1)])
    TitleBar(state: state).render(in: parts[0], into: &buffer)
    let body = parts[1]
    switch state.screen {
    case .queue:
        QueueTable(state: state).render(in: body, into: &buffer)
    case .detail:
        if let request = state.detailRequest {
            DetailPane(state: state, request: request).render(in: body, into: &buffer)
        }
    case .policies:
        PoliciesTable(state: state).render(in: body, into: &buffer)
    case .flows:
        FlowsTable(state: state).render(in: body, into: &buffer)
    case .journal:
        JournalTable(state: state).render(in: body, into: &buffer)
    case .log:
        if let log = state.log { LogPane(state: state, view: log).render(in: body, into: &buffer) }
    }
    if state.isHelpVisible {
        HelpOverlay(keymap: state.keymap, screen: state.screen, isReadOnly: state.isReadOnly, scroll: state.helpScroll)
            .render(in: body, into: &buffer)
    }
    MessageLine(state: state).render(in: parts[2], into: &buffer)
    StatusLine(state: state).render(in: parts[3], into: &buffer)
    return buffer
}

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
    drawConsole(state, size: size).buffer
}

/// A drawn frame and what drawing it measured.
public struct ConsoleDrawing: Sendable {
    public let buffer: ScreenBuffer
    /// How far the detail and help could scroll; the loop sends it back as `.drawn` when it changed.
    public let scrollLimits: ScrollLimits
}

/// ``renderScreen(_:size:)`` with the scroll limits measured on the way.
public func drawConsole(_ state: ConsoleState, size: Size) -> ConsoleDrawing {
    var buffer = ScreenBuffer(size: size)
    guard size.columns >= minimumScreenSize.columns, size.rows >= minimumScreenSize.rows else {
        if size.rows > 0 {
            buffer.write("terminal too small: need 40x12, have \(size.columns)x\(size.rows)",
                         at: Point(x: 0, y: 0), width: size.columns, role: .statusError)
        }
        return ConsoleDrawing(buffer: buffer, scrollLimits: state.scrollLimits)
    }
    var limits = ScrollLimits()
    let frame = ConsoleFrame(size: size)
    state.titleBar.render(in: frame.title, into: &buffer)
    let body = frame.body
    switch state.screen {
    case .queue:
        state.queueTable.render(in: body, into: &buffer)
    case .detail:
        limits.detail = state.detailPane?.draw(in: body, into: &buffer)
    case .policies:
        PoliciesTable(policies: state.policies, fleet: state.fleet).render(in: body, into: &buffer)
    case .flows:
        FlowsTable(flows: state.flows, now: state.now, timeZone: state.timeZone, fleet: state.fleet).render(in: body, into: &buffer)
    case .journal:
        JournalTable(journal: state.journal, timeZone: state.timeZone).render(in: body, into: &buffer)
    case .history:
        HistoryList(history: state.history, timeZone: state.timeZone, fleet: state.fleet).render(in: body, into: &buffer)
    case .rules:
        RulesList(rules: state.rules, now: state.now, fleet: state.fleet).render(in: body, into: &buffer)
    case .log:
        if let log = state.flows.log { LogPane(view: log, timeZone: state.timeZone).render(in: body, into: &buffer) }
    }
    if case .allowSimilar(let chooser) = state.input {
        RuleChooserOverlay(chooser: chooser, now: state.now, timeZone: state.timeZone).render(in: body, into: &buffer)
    }
    if state.isHelpVisible {
        limits.help = HelpOverlay(state: state, width: body.width).draw(in: body, into: &buffer)
    }
    state.messageLine.render(in: frame.message, into: &buffer)
    state.statusLine.render(in: frame.status, into: &buffer)
    return ConsoleDrawing(buffer: buffer, scrollLimits: limits)
}

extension ConsoleState {
    /// The queue as drawn: its rows, banner, and what other screens know about each request.
    var queueTable: QueueTable {
        let context = QueueTable.Context(
            now: now, timeZone: timeZone, deadline: { deadline(of: $0) }, policyName: { policyName(of: $0) },
            flowName: { flows.flowName(of: $0) }, fleet: fleet.isMerged ? fleet : nil)
        return QueueTable(queue: queue, banner: queueBanner, context: context)
    }

    /// The detail screen's request as drawn, when it is open.
    var detailPane: DetailPane? {
        guard let request = detailRequest else { return nil }
        let context = DetailPane.Context(
            now: now, timeZone: timeZone, deadline: deadline(of: request), policy: policies.policy(request.approvalPolicyID),
            flowName: request.executionID.flatMap { flows.flowName(of: $0) },
            isDeciding: queue.isDeciding(request.id), held: queue.heldDecision(of: request.id),
            server: fleet.member(ofID: request.id))
        return DetailPane(request: request, context: context, scroll: detail.scroll)
    }
}

/// The line above the status line: the open prompt or confirmation, else the last message,
/// else the key hints of the screen (from the keymap).
struct MessageLine: ScreenComponent {
    let state: ConsoleState

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        buffer.fill(area, role: .normal)
        let y = area.y
        switch state.input {
        case .filter:
            prompt("/", Sanitizer.line.sanitize(state.currentFilter), "  enter keep · esc clear", in: area, into: &buffer)
        case .command(let text):
            prompt(":", Sanitizer.line.sanitize(text), "  tab complete", in: area, into: &buffer)
        case .search(let text):
            prompt("search /", Sanitizer.line.sanitize(text), "  enter find · n/N next/prev", in: area, into: &buffer)
        case .confirm(let action):
            let question: SanitizedText = "\(describe(action))? y/N"
            buffer.write(question, at: Point(x: area.x, y: y), width: area.width, role: .confirm)
        case .comment(let action, let text):
            prompt("\(describe(action)) — comment: ", Sanitizer.line.sanitize(text), "  enter send · esc cancel",
                   in: area, into: &buffer)
        case .none:
            if let status = state.status {
                buffer.write(Sanitizer.line.sanitize(status.text), at: Point(x: area.x, y: y), width: area.width,
                             role: status.kind == .error ? .statusError : .statusMessage)
            } else {
                hints(in: area, into: &buffer)
            }
        }
    }

    private func prompt(_ label: SanitizedText, _ text: SanitizedText, _ help: SanitizedText, in area: Rect, into buffer: inout ScreenBuffer) {
        var x = area.x
        x += buffer.write(label, at: Point(x: x, y: area.y), width: area.width, role: .prompt)
        let room = max(0, area.maxX - x - 1)
        let shown = text.displayWidth > room ? Self.tail(of: text, width: room) : text
        x += buffer.write(shown, at: Point(x: x, y: area.y), role: .promptInput, clip: area)
        buffer.cursor = Point(x: min(x, area.maxX - 1), y: area.y)
        if x + help.displayWidth + 1 < area.maxX {
            buffer.write(help, at: Point(x: x + 1, y: area.y), role: .hint, clip: area)
        }
    }

    /// The end of `text` that fits in `width` columns (a long prompt scrolls left).
    static func tail(of text: SanitizedText, width: Int) -> SanitizedText {
        let items = text.graphemes()
        var used = 0
        var start = items.count
        while start > 0, used + DisplayWidth.of(items[start - 1].character) <= width {
            start -= 1
            used += DisplayWidth.of(items[start].character)
        }
        return .from(graphemes: items[start...])
    }

    private func describe(_ action: PendingAction) -> SanitizedText {
        switch action {
        case .decide(let ids, let verdict, _):
            let verb: SanitizedText = verdict == .approve ? "Approve" : "Deny"
            if ids.count == 1, let request = state.queue.requests.first(where: { $0.id == ids[0] }) {
                return "\(verb) \(Sanitizer.line.sanitize(request.toolName).truncated(toWidth: 24))"
            }
            return "\(verb) \(ids.count) requests"
        case .stop(let id):
            let name = state.flows.flowName(of: id) ?? id
            return "Stop run of \(Sanitizer.line.sanitize(name).truncated(toWidth: 24))"
        }
    }

    private func hints(in area: Rect, into buffer: inout ScreenBuffer) {
        var x = area.x
        for binding in state.keymap.shortHelp(for: state.screen) {
            let key = Sanitizer.line.sanitize(binding.label)
            let summary = Sanitizer.line.sanitize(binding.shortSummary)
            let width = key.displayWidth + 1 + summary.displayWidth
            if x + width > area.maxX { break }
            x += buffer.write(key, at: Point(x: x, y: area.y), role: .helpKey, clip: area)
            x += buffer.write(" \(summary)  ", at: Point(x: x, y: area.y), role: .hint, clip: area)
        }
    }
}

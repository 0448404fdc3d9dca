/// The line above the status line: the open prompt or confirmation, else the last message,
/// else the key hints of the screen (``ConsoleState/messageLine``).
struct MessageLine: ScreenComponent {
    enum Content: Equatable {
        /// A prompt being typed: its label, the text so far (a long one scrolls left) and a hint.
        case prompt(label: SanitizedText, text: SanitizedText, help: SanitizedText)
        /// A yes/no question.
        case question(SanitizedText)
        case message(SanitizedText, isError: Bool)
        /// The screen's short help: key, summary.
        case hints([(key: SanitizedText, summary: SanitizedText)])

        static func == (lhs: Content, rhs: Content) -> Bool {
            switch (lhs, rhs) {
            case let (.prompt(a, b, c), .prompt(d, e, f)): a == d && b == e && c == f
            case let (.question(a), .question(b)): a == b
            case let (.message(a, x), .message(b, y)): a == b && x == y
            case let (.hints(a), .hints(b)): a.map(\.key) == b.map(\.key) && a.map(\.summary) == b.map(\.summary)
            default: false
            }
        }
    }

    let content: Content

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        buffer.fill(area, role: .normal)
        switch content {
        case .prompt(let label, let text, let help):
            prompt(label, text, help, in: area, into: &buffer)
        case .question(let question):
            buffer.write(question, at: Point(x: area.x, y: area.y), width: area.width, role: .confirm)
        case .message(let text, let isError):
            buffer.write(text, at: Point(x: area.x, y: area.y), width: area.width, role: isError ? .statusError : .statusMessage)
        case .hints(let hints):
            var x = area.x
            for hint in hints {
                let width = hint.key.displayWidth + 1 + hint.summary.displayWidth
                if x + width > area.maxX { break }
                x += buffer.write(hint.key, at: Point(x: x, y: area.y), role: .helpKey, clip: area)
                x += buffer.write(" \(hint.summary)  ", at: Point(x: x, y: area.y), role: .hint, clip: area)
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
}

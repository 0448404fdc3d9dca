import Foundation

/// The live log of one execution: the newest lines while following, else from `top`; the
/// exec-start marker and the success sentinel stand out, search matches are highlighted.
struct LogPane: ScreenComponent {
    let view: LogViewState
    let timeZone: TimeZone

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let lines = view.lines
        if lines.count == 0 {
            buffer.write("waiting for log lines…", at: Point(x: area.x + 2, y: area.y + 1), width: area.width - 2, role: .dim)
            return
        }
        let lastTop = max(lines.firstNumber, lines.endNumber - area.height)
        let top = view.isFollowing ? lastTop : min(max(lines.firstNumber, view.top), lastTop)
        let showsTime = area.width >= 80
        for row in 0..<area.height {
            guard let line = lines[top + row] else { break }
            let role = role(of: line)
            buffer.fill(area.row(row), role: role)
            var x = area.x
            if showsTime, let time = line.timestamp {
                x += buffer.write("\(ClockText.time(time, in: timeZone)) ", at: Point(x: x, y: area.y + row),
                                  role: role == .logLine ? .dim : role, clip: area)
            }
            buffer.write(Sanitizer.line.sanitize(line.text), at: Point(x: x, y: area.y + row), width: area.maxX - x, role: role)
        }
    }

    private func role(of line: LogLine) -> StyleRole {
        switch line.kind {
        case .execStartMarker: return .logMarker
        case .successSentinel: return .logSentinel
        case .plain:
            if !view.searchTerm.isEmpty, line.text.range(of: view.searchTerm, options: .caseInsensitive) != nil {
                return .logMatch
            }
            return .logLine
        }
    }
}

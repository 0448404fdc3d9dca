/// A piece of the screen: a small value built from `ConsoleState` each frame that draws into
/// its rectangle and nowhere else. It never sees the terminal.
public protocol ScreenComponent {
    func render(in area: Rect, into buffer: inout ScreenBuffer)
}

/// One line of mixed styles: (text, role) segments drawn left to right.
struct StyledLine: Equatable {
    var segments: [(text: SanitizedText, role: StyleRole)] = []

    init(_ segments: [(SanitizedText, StyleRole)] = []) {
        self.segments = segments.map { (text: $0.0, role: $0.1) }
    }

    init(_ text: SanitizedText, _ role: StyleRole) { self.init([(text, role)]) }

    static func == (lhs: StyledLine, rhs: StyledLine) -> Bool {
        lhs.segments.map(\.text) == rhs.segments.map(\.text) && lhs.segments.map(\.role) == rhs.segments.map(\.role)
    }

    /// Draws the segments on row `y` of `area`, clipped to it.
    func draw(at y: Int, in area: Rect, into buffer: inout ScreenBuffer, indent: Int = 0) {
        var x = area.x + indent
        for segment in segments {
            x += buffer.write(segment.text, at: Point(x: x, y: y), role: segment.role, clip: area)
        }
    }
}

extension ScreenBuffer {
    /// Writes `text` cut to `width` columns (with an ellipsis) at `point`.
    @discardableResult
    mutating func write(_ text: SanitizedText, at point: Point, width: Int, role: StyleRole) -> Int {
        write(text.truncated(toWidth: width), at: point, role: role, clip: Rect(x: point.x, y: point.y, width: width, height: 1))
    }
}

/// The top line: the screen, its counts and the active filter, already composed and sanitized
/// (``ConsoleState/titleBar``).
struct TitleBar: ScreenComponent {
    let text: SanitizedText

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        buffer.fill(area, role: .title)
        buffer.write(text, at: Point(x: area.x, y: area.y), width: area.width, role: .title)
    }
}

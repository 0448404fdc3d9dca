/// The bottom line: how the session stands (read-only, connection), then information pieces in
/// order of importance, each shown only if it fits whole (``ConsoleState/statusLine``).
struct StatusLine: ScreenComponent {
    /// Always shown, left first: the read-only flag and the connection, each with its role.
    let standing: StyledLine
    /// "3 pending", "1 marked", the server, the last refresh, the user: dropped from the end first.
    let pieces: [SanitizedText]

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        buffer.fill(area, role: .statusLine)
        var line = standing
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

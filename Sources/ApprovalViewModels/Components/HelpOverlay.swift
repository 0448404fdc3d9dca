/// A framed box over the screen listing every binding of the current screen and the global
/// ones it does not shadow, built only from the keymap (so help cannot drift from behaviour).
struct HelpOverlay: ScreenComponent {
    let keymap: Keymap
    let screen: ScreenID
    let isReadOnly: Bool
    var scroll = 0

    /// Lines the overlay can scroll by in a body of `bodyHeight` rows.
    static func maxScroll(keymap: Keymap, screen: ScreenID, isReadOnly: Bool, bodyHeight: Int) -> Int {
        let count = HelpOverlay(keymap: keymap, screen: screen, isReadOnly: isReadOnly).lines().count
        return max(0, count - max(1, min(bodyHeight, count + 2) - 2))
    }

    func lines() -> [StyledLine] {
        let groups = keymap.fullHelp(for: screen)
        var lines: [StyledLine] = []
        let keyWidth = min(12, (groups.flatMap { $0 }.map { Sanitizer.line.sanitize($0.label).displayWidth }.max() ?? 4) + 2)
        for (index, group) in groups.enumerated() {
            if index > 0 { lines.append(StyledLine()) }
            for binding in group {
                lines.append(StyledLine([(Sanitizer.line.sanitize(binding.label).fitted(toWidth: keyWidth), .helpKey),
                                         (Sanitizer.line.sanitize(binding.summary), .helpText)]))
            }
        }
        if isReadOnly { lines += [StyledLine(), StyledLine("read-only session: deciding and stopping are off", .statusReadOnly)] }
        return lines
    }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let lines = lines()
        let box = area.centred(width: min(area.width - 2, 64), height: min(area.height, lines.count + 2))
        buffer.fill(box, role: .helpText)
        let title: SanitizedText = " Keys: \(screen.title) · esc closes "
        buffer.write("┌" + JustificationBlock.rule(box.width - 2) + "┐", at: Point(x: box.x, y: box.y), role: .helpFrame, clip: box)
        buffer.write(title.truncated(toWidth: box.width - 4), at: Point(x: box.x + 2, y: box.y), role: .helpFrame, clip: box)
        for row in 1..<max(1, box.height - 1) {
            buffer.write("│", at: Point(x: box.x, y: box.y + row), role: .helpFrame, clip: box)
            buffer.write("│", at: Point(x: box.maxX - 1, y: box.y + row), role: .helpFrame, clip: box)
        }
        buffer.write("└" + JustificationBlock.rule(box.width - 2) + "┘", at: Point(x: box.x, y: box.maxY - 1), role: .helpFrame, clip: box)
        let inner = Rect(x: box.x + 2, y: box.y + 1, width: box.width - 4, height: box.height - 2)
        let top = min(scroll, max(0, lines.count - inner.height))
        for (row, line) in lines.dropFirst(top).prefix(inner.height).enumerated() {
            line.draw(at: inner.y + row, in: inner, into: &buffer)
        }
        if top + inner.height < lines.count {
            buffer.write(" j/↓ more ", at: Point(x: box.maxX - 12, y: box.maxY - 1), role: .helpFrame, clip: box)
        }
    }
}

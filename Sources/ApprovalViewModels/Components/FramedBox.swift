/// A box drawn over the screen with a frame and a title in its top edge (help, the chooser).
enum FramedBox {
    /// Fills `box`, frames it, writes `title` into the top edge; returns the area inside, one
    /// column of padding from each side.
    static func draw(_ box: Rect, title: SanitizedText, into buffer: inout ScreenBuffer) -> Rect {
        buffer.fill(box, role: .helpText)
        buffer.write("┌" + JustificationBlock.rule(box.width - 2) + "┐", at: Point(x: box.x, y: box.y), role: .helpFrame, clip: box)
        buffer.write(title.truncated(toWidth: box.width - 4), at: Point(x: box.x + 2, y: box.y), role: .helpFrame, clip: box)
        for row in 1..<max(1, box.height - 1) {
            buffer.write("│", at: Point(x: box.x, y: box.y + row), role: .helpFrame, clip: box)
            buffer.write("│", at: Point(x: box.maxX - 1, y: box.y + row), role: .helpFrame, clip: box)
        }
        buffer.write("└" + JustificationBlock.rule(box.width - 2) + "┘", at: Point(x: box.x, y: box.maxY - 1), role: .helpFrame, clip: box)
        return Rect(x: box.x + 2, y: box.y + 1, width: max(0, box.width - 4), height: max(0, box.height - 2))
    }
}

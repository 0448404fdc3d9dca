/// Diffing two frames, and printing one for snapshots.
extension ScreenBuffer {
    /// The cells to paint to turn `previous` into this frame, row by row, left to right.
    ///
    /// Identical frames give no changes (so an idle console writes nothing). Covered cells are
    /// never listed: painting the wide glyph to their left fills them. A wide glyph replaced by
    /// a narrow one lists its old trailing column too, now a blank. When the size differs every
    /// visible cell is listed: the terminal should erase and repaint.
    public func changes(since previous: ScreenBuffer) -> [CellChange] {
        var result: [CellChange] = []
        let repaint = previous.size != size
        for y in 0..<size.rows {
            for x in 0..<size.columns {
                let index = y * size.columns + x
                let cell = cells[index]
                if cell.width == 0 { continue }
                if repaint || previous.cells[index] != cell {
                    result.append(CellChange(x: x, y: y, cell: cell))
                }
            }
        }
        return result
    }

    /// Each row's text; a wide glyph's covered cell adds nothing, so rows line up on screen.
    public func textRows() -> [String] {
        (0..<size.rows).map { y in
            var line = ""
            for x in 0..<size.columns where self[x, y].width > 0 { line += self[x, y].text }
            return line
        }
    }

    /// Each row as one `StyleRole.snapshotLetter` per column.
    public func roleRows() -> [String] {
        (0..<size.rows).map { y in String((0..<size.columns).map { self[$0, y].role.snapshotLetter }) }
    }

    /// The roles present, in `StyleRole.allCases` order (for a snapshot legend).
    public func rolesUsed() -> [StyleRole] {
        let present = Set(cells.map(\.role))
        return StyleRole.allCases.filter(present.contains)
    }
}

/// Diffing two frames, and printing one for snapshots.
extension ScreenBuffer {
    /// What to paint to turn `previous` into this frame: runs of changed cells, row by row, left
    /// to right, one run per stretch of adjacent changed printable-ASCII cells in the same style.
    ///
    /// Identical frames give no runs (so an idle console writes nothing). Covered cells are never
    /// painted: the wide glyph to their left fills them. A wide glyph replaced by a narrow one
    /// repaints its old trailing column too, now a blank. Any other cell (box drawing, a wide
    /// glyph, an emoji sequence, a combining mark) is a run of its own, painted at its own column:
    /// a terminal whose C library measures it differently from us, or splits a grapheme of
    /// several scalars into several cells, then shifts nothing after it. When the size differs
    /// every visible cell is painted: the terminal should erase and repaint.
    public func changes(since previous: ScreenBuffer) -> [CellRun] {
        var result: [CellRun] = []
        let repaint = previous.size != size
        for y in 0..<size.rows {
            var run: CellRun?
            for x in 0..<size.columns {
                let index = y * size.columns + x
                let cell = cells[index]
                if cell.width == 0 { continue }
                guard repaint || previous.cells[index] != cell else {
                    if let open = run { result.append(open); run = nil }
                    continue
                }
                let text = cell.text.isEmpty ? " " : cell.text
                let joins = Self.isPrintableASCII(text)
                let continues = joins && (run.map { $0.role == cell.role && $0.x + $0.columns == x } ?? false)
                if continues {
                    run?.text += text  // in place: no other copy of the run is alive
                    run?.columns += cell.width
                } else {
                    if let open = run { result.append(open) }
                    run = CellRun(x: x, y: y, role: cell.role, text: text, columns: cell.width)
                }
                if !joins, let open = run {
                    result.append(open)
                    run = nil
                }
            }
            if let open = run { result.append(open) }
        }
        return result
    }

    /// One printable ASCII character: the only cells joined into runs.
    static func isPrintableASCII(_ text: String) -> Bool {
        var scalars = text.unicodeScalars.makeIterator()
        guard let first = scalars.next(), scalars.next() == nil else { return false }
        return (0x20...0x7E).contains(first.value)
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

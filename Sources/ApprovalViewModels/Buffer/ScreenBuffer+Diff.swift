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
        // The open run of ASCII cells: where it starts, its style and its bytes (one a column).
        var runX = -1
        var runRole = StyleRole.normal
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size.columns)
        func close(_ y: Int) {
            guard runX >= 0 else { return }
            result.append(CellRun(x: runX, y: y, role: runRole, text: String(decoding: bytes, as: UTF8.self), columns: bytes.count))
            runX = -1
            bytes.removeAll(keepingCapacity: true)
        }
        for y in 0..<size.rows {
            for x in 0..<size.columns {
                let index = y * size.columns + x
                let cell = cells[index]
                if cell.width == 0 { continue }
                guard repaint || previous.cells[index] != cell else {
                    close(y)
                    continue
                }
                if let byte = Self.printableASCII(cell.text) {
                    if runX >= 0, runRole != cell.role || runX + bytes.count != x { close(y) }
                    if runX < 0 {
                        runX = x
                        runRole = cell.role
                    }
                    bytes.append(byte)
                } else {
                    close(y)
                    result.append(CellRun(x: x, y: y, role: cell.role, text: cell.text.isEmpty ? " " : cell.text, columns: cell.width))
                }
            }
            close(y)
        }
        return result
    }

    /// The byte of a cell holding one printable ASCII character (the only cells joined into
    /// runs); an empty cell paints as a space.
    static func printableASCII(_ text: String) -> UInt8? {
        let utf8 = text.utf8
        guard let first = utf8.first else { return 0x20 }
        guard utf8.count == 1, (0x20...0x7E).contains(first) else { return nil }
        return first
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

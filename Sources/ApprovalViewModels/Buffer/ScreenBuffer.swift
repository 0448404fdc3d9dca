/// A frame: `size` plus row-major `cells`, drawn in full every frame and diffed against the last.
///
/// Invariants: `cells.count == size.columns * size.rows`; a cell of width 2 is always followed
/// by a covered cell (width 0) in the same row; a wide glyph never starts in the last column.
/// Text enters only as `SanitizedText`, so untrusted strings cannot reach a cell unsanitized.
///
/// ```swift
/// var buffer = ScreenBuffer(size: Size(columns: 80, rows: 24))
/// buffer.write("pending", at: Point(x: 0, y: 0), role: .title)
/// let changes = buffer.changes(since: previousFrame)
/// ```
public struct ScreenBuffer: Hashable, Sendable {
    public private(set) var size: Size
    public private(set) var cells: [Cell]
    /// Where the terminal should show its cursor (a prompt being typed), or `nil` to hide it.
    public var cursor: Point?

    /// A buffer of blanks in `role`.
    public init(size: Size, role: StyleRole = .normal) {
        self.size = size
        cells = Array(repeating: .blank(role), count: size.columns * size.rows)
    }

    /// A buffer holding `rows` in role `.normal`, as wide as the widest row: handy for expectations.
    public init(rows: [SanitizedText]) {
        let width = rows.map(\.displayWidth).max() ?? 0
        self.init(size: Size(columns: width, rows: rows.count))
        for (y, row) in rows.enumerated() { write(row, at: Point(x: 0, y: y), role: .normal) }
    }

    public var area: Rect { Rect(size: size) }

    /// The cell at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> Cell {
        cells[y * size.columns + x]
    }

    /// Writes `text` on one row from `point`, clipped to `clip` (default: the whole buffer).
    ///
    /// Runs without a role are drawn in `role`; badge runs keep theirs. Writing stops at a
    /// newline or at the clip's right edge; a wide glyph that does not fit leaves a blank.
    /// - Returns: the columns written.
    @discardableResult
    public mutating func write(_ text: SanitizedText, at point: Point, role: StyleRole, clip: Rect? = nil) -> Int {
        let bounds = clip ?? area
        guard point.y >= max(0, bounds.y), point.y < min(bounds.maxY, size.rows) else { return 0 }
        let limit = min(bounds.maxX, size.columns)
        var x = point.x
        for run in text.runs {
            for character in run.text {
                if character == "\n" { return x - point.x }
                let width = DisplayWidth.of(character)
                guard width > 0 else { continue }
                if x + width > limit {
                    if x < limit, x >= max(0, bounds.x) { put(.blank(run.role ?? role), x: x, y: point.y) }
                    return max(0, limit - point.x)
                }
                if x >= max(0, bounds.x) {
                    put(Cell(text: String(character), role: run.role ?? role, width: width), x: x, y: point.y)
                }
                x += width
            }
        }
        return x - point.x
    }

    /// Fills `rect` with blanks in `role`.
    public mutating func fill(_ rect: Rect, role: StyleRole) {
        let (xs, ys) = clamped(rect)
        let blank = Cell.blank(role)
        for y in ys { for x in xs { put(blank, x: x, y: y) } }
    }

    /// Gives every cell in `rect` the role `role`, keeping text; badge and control cells keep
    /// their role so a selected row still shows what was neutralised.
    public mutating func restyle(_ rect: Rect, role: StyleRole) {
        let (xs, ys) = clamped(rect)
        for y in ys {
            for x in xs where cells[y * size.columns + x].role != .untrustedBadge && cells[y * size.columns + x].role != .control {
                cells[y * size.columns + x].role = role
            }
        }
    }

    /// The columns and rows of `rect` inside the buffer.
    private func clamped(_ rect: Rect) -> (Range<Int>, Range<Int>) {
        let x0 = max(0, rect.x), x1 = max(x0, min(rect.maxX, size.columns))
        let y0 = max(0, rect.y), y1 = max(y0, min(rect.maxY, size.rows))
        return (x0..<x1, y0..<y1)
    }

    /// Places one glyph, repairing any wide glyph it overlaps so the invariants hold.
    private mutating func put(_ cell: Cell, x: Int, y: Int) {
        guard x >= 0, x < size.columns, y >= 0, y < size.rows else { return }
        let row = y * size.columns
        if cell.width == 1 && cells[row + x].width == 1 {
            cells[row + x] = cell  // the common case: nothing wide to repair
            return
        }
        var cell = cell
        if cell.width == 2 && x + 1 >= size.columns { cell = .blank(cell.role) }
        for column in x..<(x + cell.width) {
            let existing = cells[row + column]
            if existing.width == 0, column > 0 {
                cells[row + column - 1] = .blank(cells[row + column - 1].role)
            }
            if existing.width == 2, column + 1 < size.columns {
                cells[row + column + 1] = .blank(existing.role)
            }
        }
        cells[row + x] = cell
        if cell.width == 2 { cells[row + x + 1] = Cell(text: "", role: cell.role, width: 0) }
    }
}

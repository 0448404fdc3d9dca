/// One terminal cell: a grapheme, its style role and the columns it takes.
///
/// `width` is 1 for a narrow glyph, 2 for the leading cell of a wide glyph, and 0 for the cell a
/// wide glyph covers to its right (its `text` is empty).
public struct Cell: Hashable, Sendable {
    public var text: String
    public var role: StyleRole
    public var width: Int

    public init(text: String, role: StyleRole, width: Int = 1) {
        self.text = text
        self.role = role
        self.width = width
    }

    /// A space in `role`.
    public static func blank(_ role: StyleRole = .normal) -> Cell { Cell(text: " ", role: role) }

    /// Whether this cell is hidden under the wide glyph to its left.
    public var isCovered: Bool { width == 0 }
}

/// Changed cells side by side on one row in one style: paint `text` from column `x` of row `y`
/// in one call. `columns` is how many columns it fills (a wide glyph counts two). A run of more
/// than one cell holds printable ASCII only; any other grapheme is a run of its own.
public struct CellRun: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var role: StyleRole
    public var text: String
    public var columns: Int

    public init(x: Int, y: Int, role: StyleRole, text: String, columns: Int) {
        self.x = x
        self.y = y
        self.role = role
        self.text = text
        self.columns = columns
    }
}

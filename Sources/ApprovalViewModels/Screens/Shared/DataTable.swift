/// A table with a header row and one selected row, scrolled to keep the selection in view.
/// Columns are laid out with `Layout.split`; each cell is cut to its column with an ellipsis.
struct DataTable: ScreenComponent {
    struct Column {
        let title: SanitizedText
        let size: LayoutSize
    }

    private(set) var columns: [Column]
    /// Each row's cells (one per column) and its role when not selected.
    private(set) var rows: [(cells: [SanitizedText], role: StyleRole)]
    let selected: Int?
    let emptyText: SanitizedText
    /// The first row shown, as the state scrolled it (adjusted if the selection is out of view).
    var offset = 0

    init(
        columns: [Column], rows: [(cells: [SanitizedText], role: StyleRole)], selected: Int?, emptyText: SanitizedText,
        offset: Int = 0
    ) {
        self.columns = columns
        self.rows = rows
        self.selected = selected
        self.emptyText = emptyText
        self.offset = offset
    }

    /// The table with a first `server` column, in a console on several servers: `ids` are the
    /// rows' ids, in row order. On one server (`fleet` nil or not merged) it is unchanged.
    func withServers(of ids: [String], in fleet: FleetState?) -> DataTable {
        guard let fleet, fleet.isMerged else { return self }
        var table = self
        table.columns.insert(Column(title: "server", size: .fixed(fleet.serverColumnWidth)), at: 0)
        for (index, id) in ids.enumerated() where table.rows.indices.contains(index) {
            table.rows[index].cells.insert(Sanitizer.line.sanitize(fleet.member(ofID: id)?.name ?? "?"), at: 0)
        }
        return table
    }

    /// The rows under the header in `area`.
    static func rowsArea(of area: Rect) -> Rect {
        Rect(x: area.x, y: area.y + 1, width: area.width, height: max(0, area.height - 1))
    }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        guard area.height > 0 else { return }
        let cells = Layout.split(area.row(0), columns.map(\.size), axis: .horizontal)
        for (column, cell) in zip(columns, cells) {
            buffer.write(column.title, at: Point(x: cell.x, y: cell.y), width: max(0, cell.width - 1), role: .tableHeader)
        }
        let body = Self.rowsArea(of: area)
        if rows.isEmpty {
            buffer.write(emptyText, at: Point(x: body.x + 2, y: body.y + 1), width: body.width - 2, role: .dim)
            return
        }
        let focus = selected ?? 0
        let offset = ListSelection<Int>.scroll(self.offset, toShow: focus, height: body.height, count: rows.count)
        for (line, row) in rows.enumerated().dropFirst(offset).prefix(body.height) {
            let y = body.y + line - offset
            let role = line == selected ? StyleRole.tableSelected : row.role
            buffer.fill(body.row(line - offset), role: line == selected ? .tableSelected : .tableRow)
            for (text, cell) in zip(row.cells, cells) {
                buffer.write(text, at: Point(x: cell.x, y: y), width: max(0, cell.width - 1), role: role)
            }
        }
    }
}

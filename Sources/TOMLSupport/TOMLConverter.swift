import TOMLKit

/// TOMLKit's tables and values to ours, with each key's place from the ``TOMLKeyLocator``.
/// Keys come out in the order they are written (TOMLKit keeps them sorted).
struct TOMLConverter {
    let file: String?
    let locator: TOMLKeyLocator

    func table(_ table: TOMLKit.TOMLTable, path: [String], line: Int) throws(TOMLError) -> TOMLTable {
        let fallback = TOMLKeyLocator.Place(line: line, column: 1)
        var located: [(entry: TOMLTable.Entry, order: Int)] = []
        for (order, key) in table.keys.enumerated() {
            guard let value = table[key]?.tomlValue else { continue }
            let keyPath = path + [key]
            let place = locator.place(keyPath) ?? fallback
            let converted = try self.value(value, path: keyPath, key: key, place: place)
            located.append((TOMLTable.Entry(key: key, value: converted, line: place.line, column: place.column), order))
        }
        located.sort { ($0.entry.line, $0.entry.column, $0.order) < ($1.entry.line, $1.entry.column, $1.order) }
        return TOMLTable(file: file, line: line, name: Self.name(path), entries: located.map(\.entry))
    }

    private func value(_ value: TOMLKit.TOMLValue, path: [String], key: String, place: TOMLKeyLocator.Place)
        throws(TOMLError) -> TOMLValue
    {
        switch value.type {
        case .string: return .string(value.string ?? "")
        case .int: return .integer(value.int ?? 0)
        case .double: return .float(value.double ?? 0)
        case .bool: return .bool(value.bool ?? false)
        case .table:
            guard let table = value.table else { return .table(TOMLTable(file: file, line: place.line)) }
            return .table(try self.table(table, path: path, line: place.line))
        case .array:
            guard let array = value.array else { return .array([]) }
            var items: [TOMLValue] = []
            for (index, item) in array.enumerated() {
                let elementPath = path + [TOMLKeyLocator.element(index)]
                let elementPlace = locator.place(elementPath) ?? place
                items.append(try self.value(item.tomlValue, path: elementPath, key: key, place: elementPlace))
            }
            return .array(items)
        case .date, .time, .dateTime:
            throw TOMLError(file: file, line: place.line, column: place.column,
                            message: "\"\(key)\" is a \(value.type); dates and times are not supported here")
        }
    }

    /// `profiles.work`, as the table is named in headers (array elements leave no mark).
    private static func name(_ path: [String]) -> String {
        path.filter { !$0.hasPrefix("\u{0}") }.joined(separator: ".")
    }
}

/// TOML's define-once rules: where a key or header may add to the table tree.
extension TOMLParser {
    /// Stores `keys = value` under `table`, creating tables for dotted keys.
    func insert(_ keys: [KeyPart], _ value: TOMLValue, into table: TOMLTableBuilder) throws(TOMLError) {
        var table = table
        for part in keys.dropLast() {
            switch table[part.name] {
            case nil:
                let child = TOMLTableBuilder(
                    name: table.childName(part.name), origin: .dottedKey, line: part.position.line)
                table.set(part.name, .table(child, line: part.position.line, column: part.position.column))
                table = child
            case .table(let child, _, _):
                if child.origin == .header {
                    throw error(
                        "table [\(child.name)] was defined by a header on line \(child.line); "
                            + "add keys under that header instead of with a dotted key", at: part.position)
                }
                table = child
            case .arrayOfTables(_, let line, _):
                throw error(
                    "\"\(part.name)\" is an array of tables (line \(line)); a dotted key cannot add to it",
                    at: part.position)
            case .value(let existing, let line, _):
                throw conflict(part, existing: existing, line: line)
            }
        }
        let last = keys[keys.count - 1]
        if let existing = table[last.name] {
            throw error(
                "duplicate key \"\(Self.joined(keys))\" (first defined on line \(existing.line))", at: last.position)
        }
        table.set(last.name, .value(value, line: last.position.line, column: last.position.column))
    }

    /// Finds or creates the table named by a `[header]` (or appends one for `[[header]]`).
    func openTable(
        _ keys: [KeyPart], in root: TOMLTableBuilder, isArray: Bool, line: Int
    ) throws(TOMLError) -> TOMLTableBuilder {
        var table = root
        for part in keys.dropLast() {
            switch table[part.name] {
            case nil:
                let child = TOMLTableBuilder(name: table.childName(part.name), origin: .implicit, line: line)
                table.set(part.name, .table(child, line: part.position.line, column: part.position.column))
                table = child
            case .table(let child, _, _):
                table = child
            case .arrayOfTables(let tables, _, _):
                table = tables[tables.count - 1]
            case .value(let existing, let line, _):
                throw conflict(part, existing: existing, line: line)
            }
        }
        let last = keys[keys.count - 1]
        let name = table.childName(last.name)
        let fresh = TOMLTableBuilder(name: name, origin: .header, line: line)
        let at = last.position
        switch (table[last.name], isArray) {
        case (nil, false):
            table.set(last.name, .table(fresh, line: at.line, column: at.column))
            return fresh
        case (nil, true):
            table.set(last.name, .arrayOfTables([fresh], line: at.line, column: at.column))
            return fresh
        case (.arrayOfTables(let tables, let firstLine, let column), true):
            table.set(last.name, .arrayOfTables(tables + [fresh], line: firstLine, column: column))
            return fresh
        case (.table(let existing, _, _), false) where existing.origin == .implicit:
            existing.origin = .header
            existing.line = line
            return existing
        case (.table(let existing, _, _), false):
            let how = existing.origin == .dottedKey ? "with dotted keys" : "by a header"
            throw error("table [\(name)] is defined twice (first \(how) on line \(existing.line))", at: at)
        case (.table(let existing, _, _), true):
            throw error("[[\(name)]] conflicts with the table [\(name)] defined on line \(existing.line)", at: at)
        case (.arrayOfTables(_, let firstLine, _), false):
            throw error("[\(name)] conflicts with the array of tables [[\(name)]] defined on line \(firstLine)", at: at)
        case (.value(.array, let valueLine, _), true):
            throw error(
                "cannot append to \"\(name)\" with [[\(name)]]: it is an array defined on line \(valueLine)", at: at)
        case (.value(.table, let valueLine, _), _):
            throw error("table [\(name)] is defined twice (first as an inline table on line \(valueLine))", at: at)
        case (.value(let existing, let valueLine, _), _):
            throw error(
                "key \"\(name)\" already holds \(existing.typeName) (line \(valueLine)); it cannot also be a table",
                at: at)
        }
    }

    private func conflict(_ part: KeyPart, existing: TOMLValue, line: Int) -> TOMLError {
        if case .table = existing {
            return error(
                "cannot add keys to the inline table \"\(part.name)\" (line \(line)); inline tables are complete as written",
                at: part.position)
        }
        return error(
            "key \"\(part.name)\" already holds \(existing.typeName) (line \(line)); it cannot also be a table",
            at: part.position)
    }
}

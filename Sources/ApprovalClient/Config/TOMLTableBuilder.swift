/// The mutable table tree used while parsing; it enforces TOML's rules about defining tables
/// and keys once, then freezes into a ``TOMLTable``.
///
/// A reference type because headers keep a handle on the table that following keys go into.
final class TOMLTableBuilder {
    /// How the table came to exist, which decides what may still add to it.
    enum Origin {
        /// Created as the parent of a header (`[a.b]` creates `a`); `[a]` may still define it.
        case implicit
        /// Defined by its own `[header]` or `[[header]]`.
        case header
        /// Created by a dotted key (`a.b = 1` creates `a`); only more dotted keys may extend it.
        case dottedKey
    }

    enum Node {
        case value(TOMLValue, line: Int, column: Int)
        case table(TOMLTableBuilder, line: Int, column: Int)
        case arrayOfTables([TOMLTableBuilder], line: Int, column: Int)

        var line: Int {
            switch self {
            case .value(_, let line, _), .table(_, let line, _), .arrayOfTables(_, let line, _): return line
            }
        }
    }

    let name: String
    var origin: Origin
    var line: Int
    private(set) var order: [String] = []
    private(set) var nodes: [String: Node] = [:]

    init(name: String, origin: Origin, line: Int) {
        self.name = name
        self.origin = origin
        self.line = line
    }

    subscript(key: String) -> Node? { nodes[key] }

    func set(_ key: String, _ node: Node) {
        if nodes[key] == nil { order.append(key) }
        nodes[key] = node
    }

    func childName(_ key: String) -> String {
        let part = TOMLTableBuilder.displayKey(key)
        return name.isEmpty ? part : "\(name).\(part)"
    }

    /// A key as it would be written in a header: bare when possible, quoted otherwise.
    static func displayKey(_ key: String) -> String {
        let bare = !key.isEmpty && key.unicodeScalars.allSatisfy(TOMLParser.isBareKeyScalar)
        return bare ? key : "\"\(key)\""
    }

    func freeze(file: String?) -> TOMLTable {
        let entries = order.map { key -> TOMLTable.Entry in
            switch nodes[key]! {
            case let .value(value, line, column):
                return .init(key: key, value: value, line: line, column: column)
            case let .table(table, line, column):
                return .init(key: key, value: .table(table.freeze(file: file)), line: line, column: column)
            case let .arrayOfTables(tables, line, column):
                let values = tables.map { TOMLValue.table($0.freeze(file: file)) }
                return .init(key: key, value: .array(values), line: line, column: column)
            }
        }
        return TOMLTable(file: file, line: line, name: name, entries: entries)
    }
}

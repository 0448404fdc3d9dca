import TOMLSupport
import ApprovalModel

extension KeyOverrides {
    /// Reads the `[keys]` table: each entry a table of `action = "key"` or `action = ["key", …]`.
    init(_ table: TOMLTable, file: String) throws(TOMLError) {
        var sections: [Section] = []
        for section in table.entries {
            guard case .table(let bindings) = section.value else {
                throw TOMLError(file: file, line: section.line,
                                message: "keys.\(section.key) must be a table ([keys.\(section.key)]), found \(section.value.typeName)")
            }
            var read: [Binding] = []
            for entry in bindings.entries {
                let names: [String]
                if let name = entry.value.stringValue {
                    names = [name]
                } else if let array = entry.value.arrayValue, !array.isEmpty, array.allSatisfy({ $0.stringValue != nil }) {
                    names = array.compactMap(\.stringValue)
                } else {
                    throw TOMLError(file: file, line: entry.line,
                                    message: "keys.\(section.key).\(entry.key) must be a key name or a non-empty list of key names, found \(entry.value.typeName)")
                }
                read.append(Binding(action: entry.key, keys: names, line: entry.line))
            }
            sections.append(Section(screen: section.key, line: section.line, bindings: read))
        }
        self.init(file: file, sections: sections)
    }
}

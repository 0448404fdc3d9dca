/// A TOML table: keys in the order they were defined, each with the line and column where it
/// was defined, so validation done later can still point at file:line.
///
/// Two tables are equal when they hold the same keys with equal values, wherever they were
/// defined (locations are not compared).
public struct TOMLTable: Sendable, CustomStringConvertible {
    /// One key of the table, with where it was defined.
    public struct Entry: Equatable, Sendable {
        public let key: String
        public let value: TOMLValue
        /// 1-based line of the key (for an array of tables, the line of its first `[[header]]`).
        public let line: Int
        /// 1-based column of the key.
        public let column: Int
    }

    /// The file the table came from (nil for text without a file name).
    public let file: String?
    /// The line where the table starts: its header, its inline `{`, or 1 for the root.
    public let line: Int
    /// The table's name as written in headers (`profiles.work`); empty for the root.
    public let name: String
    /// Keys in definition order.
    public let entries: [Entry]
    private let index: [String: Int]

    public init(file: String? = nil, line: Int = 1, name: String = "", entries: [Entry] = []) {
        self.file = file
        self.line = line
        self.name = name
        self.entries = entries
        var index: [String: Int] = [:]
        for (position, entry) in entries.enumerated() { index[entry.key] = position }
        self.index = index
    }

    /// The keys in definition order.
    public var keys: [String] { entries.map(\.key) }

    public var isEmpty: Bool { entries.isEmpty }

    /// The value directly under `key` (no dotted-path splitting).
    public subscript(key: String) -> TOMLValue? { entry(key)?.value }

    /// The entry directly under `key` (no dotted-path splitting).
    public func entry(_ key: String) -> Entry? {
        index[key].map { entries[$0] }
    }

    /// How the table is named in messages: `[profiles.work]`, or `the top level` for the root.
    public var displayName: String { name.isEmpty ? "the top level" : "[\(name)]" }

    public var description: String { "\(displayName) \(keys)" }
}

extension TOMLTable: Equatable {
    public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
        lhs.entries.count == rhs.entries.count
            && lhs.entries.allSatisfy { rhs.entry($0.key)?.value == $0.value }
    }
}

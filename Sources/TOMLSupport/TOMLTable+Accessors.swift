/// Typed access by dotted path (`"profiles.work.server"`). A missing key gives nil; a key of
/// the wrong type throws a ``TOMLError`` naming file:line of the key. Keys that themselves
/// contain a dot can be reached with the `[String]` path variants.
extension TOMLTable {
    /// The entry at a dotted path, with the table that holds it.
    public func entry(at path: [String]) -> Entry? {
        guard let first = path.first else { return nil }
        guard path.count > 1 else { return entry(first) }
        guard case .table(let child)? = self[first] else { return nil }
        return child.entry(at: Array(path.dropFirst()))
    }

    public func value(at path: String) -> TOMLValue? { entry(at: Self.split(path))?.value }

    public func string(at path: String) throws(TOMLError) -> String? {
        try typed(path, "a string") { $0.stringValue }
    }

    public func int(at path: String) throws(TOMLError) -> Int? {
        try typed(path, "an integer") { $0.intValue }
    }

    /// A float; an integer is accepted and widened.
    public func double(at path: String) throws(TOMLError) -> Double? {
        try typed(path, "a number") { $0.doubleValue }
    }

    public func bool(at path: String) throws(TOMLError) -> Bool? {
        try typed(path, "a boolean (true or false)") { $0.boolValue }
    }

    public func array(at path: String) throws(TOMLError) -> [TOMLValue]? {
        try typed(path, "an array") { $0.arrayValue }
    }

    public func table(at path: String) throws(TOMLError) -> TOMLTable? {
        try typed(path, "a table") { $0.tableValue }
    }

    /// An array whose every element is a string (`tools = ["deploy*", "delete_*"]`).
    public func strings(at path: String) throws(TOMLError) -> [String]? {
        try typed(path, "an array of strings") { value in
            guard let items = value.arrayValue else { return nil }
            let strings = items.compactMap(\.stringValue)
            return strings.count == items.count ? strings : nil
        }
    }

    /// An array of tables (`[[policy]]`, or an array of inline tables).
    public func arrayOfTables(at path: String) throws(TOMLError) -> [TOMLTable]? {
        try typed(path, "an array of tables") { value in
            guard let items = value.arrayValue else { return nil }
            let tables = items.compactMap(\.tableValue)
            return tables.count == items.count ? tables : nil
        }
    }

    /// Unwraps an accessor's result or throws "missing required key".
    ///
    /// ```swift
    /// let server = try table.required("server", table.string(at: "server"))
    /// ```
    public func required<T>(_ path: String, _ value: T?) throws(TOMLError) -> T {
        guard let value else {
            throw TOMLError(file: file, line: line, message: "missing required key \"\(path)\" in \(displayName)")
        }
        return value
    }

    /// Throws for the first key (in definition order) that is not in `allowed`, naming its line.
    public func rejectUnknownKeys(allowed: Set<String>) throws(TOMLError) {
        for entry in entries where !allowed.contains(entry.key) {
            let known = allowed.sorted().joined(separator: ", ")
            throw TOMLError(
                file: file, line: entry.line, column: entry.column,
                message: "unknown key \"\(entry.key)\" in \(displayName) (known keys: \(known))")
        }
    }

    /// An error pointing at the key at `path` (or at the table when the key is absent), for
    /// validation done by callers: `throw table.error(at: "fg", "unknown colour \"pink\"")`.
    public func error(at path: String, _ message: String) -> TOMLError {
        guard let entry = entry(at: Self.split(path)) else {
            return TOMLError(file: file, line: line, message: message)
        }
        return TOMLError(file: file, line: entry.line, column: entry.column, message: message)
    }

    private func typed<T>(
        _ path: String, _ expected: String, _ extract: (TOMLValue) -> T?
    ) throws(TOMLError) -> T? {
        guard let entry = entry(at: Self.split(path)) else { return nil }
        guard let result = extract(entry.value) else {
            throw TOMLError(
                file: file, line: entry.line, column: entry.column,
                message: "\"\(path)\" must be \(expected), found \(entry.value.typeName)")
        }
        return result
    }

    private static func split(_ path: String) -> [String] {
        path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }
}

/// The TOML reader behind ``TOMLDocument``: a cursor over the text's Unicode scalars that
/// tracks line and column, plus the document structure (lines, headers, keys).
/// Values and strings are in `TOMLParser+Values.swift` and `TOMLParser+Strings.swift`.
struct TOMLParser {
    struct Position {
        let line: Int
        let column: Int
    }

    /// One part of a (possibly dotted) key, with where it was written.
    struct KeyPart {
        let name: String
        let position: Position
    }

    let scalars: [Unicode.Scalar]
    let file: String?
    var index = 0
    var line = 1
    var lineStart = 0

    init(text: String, file: String?) {
        self.scalars = Array(text.unicodeScalars)
        self.file = file
    }

    // MARK: Cursor

    var position: Position { Position(line: line, column: index - lineStart + 1) }
    var isAtEnd: Bool { index >= scalars.count }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    func isLooking(at text: String) -> Bool {
        for (offset, scalar) in text.unicodeScalars.enumerated() where peek(offset) != scalar { return false }
        return true
    }

    mutating func advance(_ count: Int = 1) { index += count }

    var isAtNewline: Bool { peek() == "\n" || (peek() == "\r" && peek(1) == "\n") }

    /// Consumes `\n` or `\r\n` and moves to the next line; false when not at a newline.
    mutating func consumeNewline() -> Bool {
        guard isAtNewline else { return false }
        advance(peek() == "\r" ? 2 : 1)
        line += 1
        lineStart = index
        return true
    }

    mutating func skipWhitespace() {
        while let scalar = peek(), scalar == " " || scalar == "\t" { advance() }
    }

    /// Skips a `#` comment up to (not including) the end of the line.
    mutating func skipComment() throws(TOMLError) {
        guard peek() == "#" else { return }
        while let scalar = peek(), !isAtNewline {
            if Self.isForbiddenControl(scalar) {
                throw error("control character \(Self.describe(scalar)) is not allowed in a comment")
            }
            advance()
        }
    }

    /// Skips spaces, comments and newlines (inside arrays).
    mutating func skipBlank() throws(TOMLError) {
        while true {
            skipWhitespace()
            try skipComment()
            if !consumeNewline() { return }
        }
    }

    func error(_ message: String, at position: Position? = nil) -> TOMLError {
        let at = position ?? self.position
        return TOMLError(file: file, line: at.line, column: at.column, message: message)
    }

    /// How the scalar at the cursor is named in messages.
    var found: String {
        guard let scalar = peek() else { return "the end of the file" }
        if isAtNewline { return "the end of the line" }
        if scalar == "\r" { return "a carriage return" }
        return Self.describe(scalar)
    }

    static func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar.value < 0x20 || scalar.value == 0x7F {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return "'\(scalar)'"
    }

    static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F
    }

    static func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": return true
        default: return false
        }
    }

    // MARK: Document

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        let root = TOMLTableBuilder(name: "", origin: .header, line: 1)
        var current = root
        if peek() == "\u{FEFF}" { advance() }  // a byte order mark some editors write
        while true {
            skipWhitespace()
            try skipComment()
            if isAtEnd { break }
            if consumeNewline() { continue }
            if peek() == "[" {
                current = try parseHeader(root: root)
                try expectEndOfLine(after: "the table header")
            } else {
                let keys = try parseKeyValue(into: current)
                try expectEndOfLine(after: "the value of \"\(Self.joined(keys))\"")
            }
        }
        return root.freeze(file: file)
    }

    mutating func expectEndOfLine(after what: String) throws(TOMLError) {
        skipWhitespace()
        try skipComment()
        if isAtEnd || consumeNewline() { return }
        throw error("unexpected \(found) after \(what); each key and header needs its own line")
    }

    // MARK: Headers

    /// Parses `[a.b]` or `[[a.b]]` and returns the table that following keys go into.
    mutating func parseHeader(root: TOMLTableBuilder) throws(TOMLError) -> TOMLTableBuilder {
        let start = position
        advance()
        let isArray = peek() == "["
        if isArray { advance() }
        skipWhitespace()
        let keys = try parseKey()
        skipWhitespace()
        let closing = isArray ? "]]" : "]"
        guard isLooking(at: closing) else {
            throw error("expected '\(closing)' to close the header [\(isArray ? "[" : "")\(Self.joined(keys)), found \(found)")
        }
        advance(closing.unicodeScalars.count)
        return try openTable(keys, in: root, isArray: isArray, line: start.line)
    }

    static func joined(_ keys: [KeyPart]) -> String {
        keys.map { TOMLTableBuilder.displayKey($0.name) }.joined(separator: ".")
    }

    // MARK: Keys

    /// Parses a simple or dotted key (`a`, `"a b"`, `a.'b'.c`).
    mutating func parseKey() throws(TOMLError) -> [KeyPart] {
        var parts: [KeyPart] = []
        while true {
            skipWhitespace()
            let start = position
            let name: String
            switch peek() {
            case "\"":
                if isLooking(at: "\"\"\"") { throw error("a key cannot be a multi-line string") }
                name = try parseOneLineString(literal: false)
            case "'":
                if isLooking(at: "'''") { throw error("a key cannot be a multi-line string") }
                name = try parseOneLineString(literal: true)
            case let scalar? where Self.isBareKeyScalar(scalar):
                var bare = String.UnicodeScalarView()
                while let scalar = peek(), Self.isBareKeyScalar(scalar) {
                    bare.append(scalar)
                    advance()
                }
                name = String(bare)
            default:
                let hint = parts.isEmpty ? "" : " after '.'"
                throw error("expected a key\(hint), found \(found) (bare keys use A-Z a-z 0-9 _ -; quote others)")
            }
            parts.append(KeyPart(name: name, position: start))
            skipWhitespace()
            guard peek() == "." else { return parts }
            advance()
        }
    }

    /// Parses `key = value` and stores it in `table`; returns the key for messages.
    @discardableResult
    mutating func parseKeyValue(into table: TOMLTableBuilder) throws(TOMLError) -> [KeyPart] {
        let keys = try parseKey()
        skipWhitespace()
        guard peek() == "=" else {
            throw error("expected '=' after key \"\(Self.joined(keys))\", found \(found)")
        }
        advance()
        skipWhitespace()
        let name = table.name.isEmpty ? Self.joined(keys) : "\(table.name).\(Self.joined(keys))"
        let value = try parseValue(name: name)
        try insert(keys, value, into: table)
        return keys
    }
}

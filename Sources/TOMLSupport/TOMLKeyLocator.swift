/// Where each key and table header of a TOML text is written, for messages that name file:line.
///
/// TOMLKit parses and validates the text but keeps no positions (its C wrapper exposes a source
/// region only for parse errors), so this scans the text TOMLKit has already accepted, line by
/// line: `[header]` and `[[header]]` lines, and `key = …` at the start of a line, skipping what
/// is inside multi-line strings and multi-line arrays. Keys inside inline tables are not
/// located; callers fall back to the nearest located parent.
///
/// Paths are key names as TOMLKit gives them; the n-th table of an array of tables is the
/// element ``element(_:)``.
struct TOMLKeyLocator {
    struct Place: Equatable {
        let line: Int
        let column: Int
    }

    private var places: [[String]: Place] = [:]
    private var arrayCounts: [[String]: Int] = [:]
    private var current: [String] = []
    private var value = ValueScanner()

    /// The path component for the `index`-th table of an array of tables (a NUL cannot be in a
    /// key: ``TOMLDocument`` refuses NUL before parsing).
    static func element(_ index: Int) -> String { "\u{0}\(index)" }

    init(text: String) {
        // Split by scalars: "\r\n" is one Character, so a Character split would miss it.
        for (offset, rawLine) in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Array(rawLine)
            if line.last == "\r" { line.removeLast() }
            scan(line, number: offset + 1)
        }
    }

    /// Where `path` is written, or nil when it is not (an inline table's key, say).
    func place(_ path: [String]) -> Place? { places[path] }

    private mutating func scan(_ line: [Unicode.Scalar], number: Int) {
        if value.isOpen {
            value.scan(line, from: 0)
            return
        }
        var index = 0
        while index < line.count, line[index] == " " || line[index] == "\t" { index += 1 }
        guard index < line.count, line[index] != "#" else { return }
        if line[index] == "[" {
            let isArray = index + 1 < line.count && line[index + 1] == "["
            var cursor = index + (isArray ? 2 : 1)
            guard let parts = Self.keyParts(line, &cursor) else { return }
            current = resolve(parts, newElement: isArray, place: Place(line: number, column: index + 1))
            return
        }
        var cursor = index
        guard let parts = Self.keyParts(line, &cursor), cursor < line.count, line[cursor] == "=" else { return }
        var path = current
        for part in parts {
            path.append(part)
            if places[path] == nil { places[path] = Place(line: number, column: index + 1) }
        }
        value.scan(line, from: cursor + 1)
    }

    /// The full path of a header, counting a new element when it is `[[…]]`; a header under an
    /// array of tables goes into its last element.
    private mutating func resolve(_ parts: [String], newElement: Bool, place: Place) -> [String] {
        var path: [String] = []
        for (position, part) in parts.enumerated() {
            path.append(part)
            if position == parts.count - 1 {
                if places[path] == nil { places[path] = place }
                if newElement {
                    let count = arrayCounts[path, default: 0]
                    arrayCounts[path] = count + 1
                    path.append(Self.element(count))
                    places[path] = place
                }
            } else if let count = arrayCounts[path] {
                path.append(Self.element(count - 1))
            }
        }
        return path
    }

    /// Reads a dotted key (`a."b.c".d`) up to `=` or `]`, leaving `cursor` on that character.
    private static func keyParts(_ line: [Unicode.Scalar], _ cursor: inout Int) -> [String]? {
        var parts: [String] = []
        while true {
            while cursor < line.count, line[cursor] == " " || line[cursor] == "\t" { cursor += 1 }
            guard cursor < line.count else { return nil }
            switch line[cursor] {
            case "\"": guard let part = basicString(line, &cursor) else { return nil }; parts.append(part)
            case "'": guard let part = literalString(line, &cursor) else { return nil }; parts.append(part)
            default:
                var part = String.UnicodeScalarView()
                while cursor < line.count, isBare(line[cursor]) { part.append(line[cursor]); cursor += 1 }
                guard !part.isEmpty else { return nil }
                parts.append(String(part))
            }
            while cursor < line.count, line[cursor] == " " || line[cursor] == "\t" { cursor += 1 }
            guard cursor < line.count else { return nil }
            if line[cursor] == "." { cursor += 1; continue }
            return line[cursor] == "=" || line[cursor] == "]" ? parts : nil
        }
    }

    private static func isBare(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "_" || scalar == "-"
    }

    private static func literalString(_ line: [Unicode.Scalar], _ cursor: inout Int) -> String? {
        guard let end = line[(cursor + 1)...].firstIndex(of: "'") else { return nil }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: line[(cursor + 1)..<end])
        cursor = end + 1
        return String(text)
    }

    /// A quoted key with its escapes undone, so it compares equal to the key TOMLKit gives.
    private static func basicString(_ line: [Unicode.Scalar], _ cursor: inout Int) -> String? {
        var text = String.UnicodeScalarView()
        var index = cursor + 1
        while index < line.count {
            let scalar = line[index]
            if scalar == "\"" { cursor = index + 1; return String(text) }
            guard scalar == "\\", index + 1 < line.count else { text.append(scalar); index += 1; continue }
            let escape = line[index + 1]
            index += 2
            switch escape {
            case "n": text.append("\n")
            case "t": text.append("\t")
            case "r": text.append("\r")
            case "b": text.append("\u{8}")
            case "f": text.append("\u{C}")
            case "e": text.append("\u{1B}")
            case "u", "U":
                let digits = escape == "u" ? 4 : 8
                guard index + digits <= line.count,
                      let code = UInt32(String(String.UnicodeScalarView(line[index..<(index + digits)])), radix: 16),
                      let decoded = Unicode.Scalar(code)
                else { return nil }
                text.append(decoded)
                index += digits
            default: text.append(escape)
            }
        }
        return nil
    }
}

/// Follows a value across lines: open brackets and braces, and multi-line strings.
private struct ValueScanner {
    private enum Quote { case none, multiBasic, multiLiteral }
    private var depth = 0
    private var quote = Quote.none

    var isOpen: Bool { depth > 0 || quote != .none }

    mutating func scan(_ line: [Unicode.Scalar], from start: Int) {
        var index = start
        func isTriple(_ scalar: Unicode.Scalar) -> Bool {
            index + 2 < line.count && line[index] == scalar && line[index + 1] == scalar && line[index + 2] == scalar
        }
        while index < line.count {
            let scalar = line[index]
            switch quote {
            case .multiBasic:
                if scalar == "\\" { index += 2; continue }
                if isTriple("\"") { quote = .none; index += 3; continue }
            case .multiLiteral:
                if isTriple("'") { quote = .none; index += 3; continue }
            case .none:
                if isTriple("\"") { quote = .multiBasic; index += 3; continue }
                if isTriple("'") { quote = .multiLiteral; index += 3; continue }
                switch scalar {
                case "#": return
                case "\"":
                    index += 1
                    while index < line.count, line[index] != "\"" { index += line[index] == "\\" ? 2 : 1 }
                case "'":
                    index += 1
                    while index < line.count, line[index] != "'" { index += 1 }
                case "[", "{": depth += 1
                case "]", "}": depth = max(0, depth - 1)
                default: break
                }
            }
            index += 1
        }
    }
}

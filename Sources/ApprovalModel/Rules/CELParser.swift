import Foundation

/// One node of a parsed ``CELCondition``.
indirect enum CELNode: Sendable {
    case literal(CELValue)
    case variable(String)
    case select(CELNode, String)
    case index(CELNode, CELNode)
    case has(CELNode, String)
    case not(CELNode)
    case and(CELNode, CELNode)
    case or(CELNode, CELNode)
    case equal(CELNode, CELNode, negated: Bool)
    case member(CELNode, of: CELNode)
    case list([CELNode])
    case map([(key: String, value: CELNode)])

    var children: [CELNode] {
        switch self {
        case .literal, .variable: []
        case .select(let base, _), .has(let base, _), .not(let base): [base]
        case .index(let a, let b), .and(let a, let b), .or(let a, let b), .equal(let a, let b, _), .member(let a, of: let b): [a, b]
        case .list(let items): items
        case .map(let entries): entries.map(\.value)
        }
    }
}

/// Reads the CEL subset ``CELCondition`` evaluates: literals (null, bools, ints, uints, doubles,
/// strings with CEL's escapes, lists, string-keyed maps), the variables `args`, `tool_name`,
/// `user_id`, `account_id`, `.field` and `[index]`, `has(…)`, `!`, `==`, `!=`, `in`, `&&`, `||`,
/// and parentheses. Anything else (other functions, arithmetic, comparisons, raw or bytes
/// strings, comments) is refused with its offset, so a rule is never read other than Preloop's
/// full CEL reads it. Bounded: 8 KiB of text, 64 levels of nesting, 4,096 nodes.
struct CELParser {
    static let maxBytes = 8192
    static let maxDepth = 64
    static let maxNodes = 4096
    static let variables: Set<String> = ["args", "tool_name", "user_id", "account_id"]

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0
    private var nodes = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    static func parse(_ text: String) throws(CELParseError) -> CELNode {
        guard text.utf8.count <= maxBytes else {
            throw CELParseError(offset: maxBytes, message: "a condition has at most \(maxBytes) bytes, not \(text.utf8.count)")
        }
        var parser = CELParser(text)
        let node = try parser.expression()
        parser.skipSpace()
        guard parser.position == parser.bytes.count else { throw parser.error("unexpected text after the condition") }
        // Evaluation recurses once per level of the tree. Brackets are counted as they nest, but
        // `args.a.a.a…` and long `&&` chains grow the tree without nesting: its height is checked here.
        guard height(of: node) <= maxHeight else {
            throw CELParseError(offset: 0, message: "the condition is more than \(maxHeight) levels deep (long chains of . [] && ||)")
        }
        return node
    }

    /// Levels a condition's tree may have; deeper ones are refused, never evaluated.
    static let maxHeight = 256

    /// The tree's height, walked with an explicit stack (no recursion on a hostile tree).
    static func height(of root: CELNode) -> Int {
        var stack = [(root, 1)]
        var tallest = 0
        while let (node, level) = stack.popLast() {
            tallest = max(tallest, level)
            if tallest > maxHeight { return tallest }
            for child in node.children { stack.append((child, level + 1)) }
        }
        return tallest
    }

    // MARK: Grammar

    private mutating func expression() throws(CELParseError) -> CELNode {
        try nested { (parser: inout CELParser) throws(CELParseError) -> CELNode in
            var left = try parser.conjunction()
            while parser.take("||") { left = try parser.counted(.or(left, try parser.conjunction())) }
            return left
        }
    }

    private mutating func conjunction() throws(CELParseError) -> CELNode {
        var left = try relation()
        while take("&&") { left = try counted(.and(left, try relation())) }
        return left
    }

    private mutating func relation() throws(CELParseError) -> CELNode {
        let left = try unary()
        if take("==") { return try counted(.equal(left, try unary(), negated: false)) }
        if take("!=") { return try counted(.equal(left, try unary(), negated: true)) }
        if takeWord("in") { return try counted(.member(left, of: try unary())) }
        skipSpace()
        if let next = peek(), "<>+*/%?".utf8.contains(next) || (next == UInt8(ascii: "-")) {
            throw error("operator '\(Character(Unicode.Scalar(next)))' is not supported in a rule condition")
        }
        return left
    }

    private mutating func unary() throws(CELParseError) -> CELNode {
        skipSpace()
        if peek() == UInt8(ascii: "!"), peek(1) != UInt8(ascii: "=") {
            position += 1
            return try nested { (parser: inout CELParser) throws(CELParseError) -> CELNode in
                try parser.counted(.not(try parser.unary()))
            }
        }
        if peek() == UInt8(ascii: "-") {
            position += 1
            skipSpace()
            guard let next = peek(), isDigit(next) || next == UInt8(ascii: ".") else {
                throw error("'-' is supported only before a number")
            }
            return try counted(.literal(try number(negative: true)))
        }
        return try member()
    }

    private mutating func member() throws(CELParseError) -> CELNode {
        var node = try primary()
        while true {
            skipSpace()
            if peek() == UInt8(ascii: "."), !(peek(1).map(isDigit) ?? false) {
                position += 1
                skipSpace()
                let name = try identifier()
                if peek() == UInt8(ascii: "(") { throw error("method calls such as .\(name)() are not supported") }
                node = try counted(.select(node, name))
            } else if take("[") {
                let index = try expression()
                guard take("]") else { throw error("expected ']'") }
                node = try counted(.index(node, index))
            } else {
                return node
            }
        }
    }

    private mutating func primary() throws(CELParseError) -> CELNode {
        skipSpace()
        guard let byte = peek() else { throw error("the condition ends where a value was expected") }
        if byte == UInt8(ascii: "(") {
            position += 1
            let inner = try expression()
            guard take(")") else { throw error("expected ')'") }
            return inner
        }
        if byte == UInt8(ascii: "[") {
            position += 1
            return try nested { (parser: inout CELParser) throws(CELParseError) -> CELNode in
                var items: [CELNode] = []
                if !parser.take("]") {
                    repeat {
                        if parser.take("]") { return try parser.counted(.list(items)) }  // trailing comma
                        items.append(try parser.expression())
                    } while parser.take(",")
                    guard parser.take("]") else { throw parser.error("expected ']' or ','") }
                }
                return try parser.counted(.list(items))
            }
        }
        if byte == UInt8(ascii: "{") {
            position += 1
            return try nested { (parser: inout CELParser) throws(CELParseError) -> CELNode in
                var entries: [(key: String, value: CELNode)] = []
                if !parser.take("}") {
                    repeat {
                        if parser.take("}") { return try parser.counted(.map(entries)) }
                        parser.skipSpace()
                        let keyStart = parser.position
                        guard let quote = parser.peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                            throw parser.error("map keys in a rule condition must be strings")
                        }
                        let key = try parser.string()
                        guard parser.take(":") else { throw parser.error("expected ':' after a map key") }
                        if entries.contains(where: { CELValue.sameText($0.key, key) }) {
                            throw CELParseError(offset: keyStart, message: "map key \(CELText.quoted(key)) appears twice")
                        }
                        entries.append((key, try parser.expression()))
                    } while parser.take(",")
                    guard parser.take("}") else { throw parser.error("expected '}' or ','") }
                }
                return try parser.counted(.map(entries))
            }
        }
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") { return try counted(.literal(.string(try string()))) }
        if isDigit(byte) || byte == UInt8(ascii: ".") { return try counted(.literal(try number(negative: false))) }
        if isIdentifierStart(byte) {
            let start = position
            let name = try identifier()
            switch name {
            case "true": return try counted(.literal(.bool(true)))
            case "false": return try counted(.literal(.bool(false)))
            case "null": return try counted(.literal(.null))
            case "has":
                guard take("(") else { throw CELParseError(offset: start, message: "'has' must be called: has(args.field)") }
                let operand = try expression()
                guard take(")") else { throw error("expected ')' after has(…)") }
                guard case .select(let base, let field) = operand else {
                    throw CELParseError(offset: start, message: "has() takes a field selection, as in has(args.field)")
                }
                return try counted(.has(base, field))
            case "r", "R", "b", "B", "rb", "br", "RB", "BR", "rB", "Rb", "bR", "Br":
                if let next = peek(), next == UInt8(ascii: "\"") || next == UInt8(ascii: "'") {
                    throw CELParseError(offset: start, message: "raw and bytes strings are not supported in a rule condition")
                }
            default: break
            }
            skipSpace()
            if peek() == UInt8(ascii: "(") {
                throw CELParseError(offset: start, message: "function '\(name)' is not supported in a rule condition")
            }
            guard Self.variables.contains(name) else {
                throw CELParseError(
                    offset: start, message: "unknown name '\(name)': a condition reads args, tool_name, user_id and account_id")
            }
            return try counted(.variable(name))
        }
        throw error("unexpected character")
    }

    // MARK: Literals

    private mutating func number(negative: Bool) throws(CELParseError) -> CELValue {
        let start = position
        if peek() == UInt8(ascii: "0"), let x = peek(1), x == UInt8(ascii: "x") || x == UInt8(ascii: "X") {
            position += 2
            let digits = takeWhile { isHexDigit($0) }
            guard !digits.isEmpty else { throw error("expected hexadecimal digits after 0x") }
            return try integer(String(decoding: digits, as: UTF8.self), radix: 16, negative: negative, start: start)
        }
        let whole = takeWhile(isDigit)
        var isDouble = false
        if peek() == UInt8(ascii: "."), peek(1).map(isDigit) ?? false {
            isDouble = true
            position += 1
            _ = takeWhile(isDigit)
        } else if peek() == UInt8(ascii: "."), whole.isEmpty {
            throw error("expected digits after '.'")
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            isDouble = true
            position += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { position += 1 }
            guard !takeWhile(isDigit).isEmpty else { throw error("expected digits in the exponent") }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isDouble {
            guard let value = Double(text), value.isFinite else {
                throw CELParseError(offset: start, message: "number \(text) is out of range")
            }
            return .double(negative ? -value : value)
        }
        return try integer(text, radix: 10, negative: negative, start: start)
    }

    private mutating func integer(_ digits: String, radix: Int, negative: Bool, start: Int) throws(CELParseError) -> CELValue {
        let unsigned = peek() == UInt8(ascii: "u") || peek() == UInt8(ascii: "U")
        if unsigned { position += 1 }
        if let next = peek(), isIdentifierStart(next) || isDigit(next) { throw error("unexpected character in a number") }
        guard let magnitude = UInt64(digits, radix: radix) else {
            throw CELParseError(offset: start, message: "integer \(digits) is out of range")
        }
        if unsigned {
            if negative { throw CELParseError(offset: start, message: "an unsigned integer cannot be negative") }
            return .uint(magnitude)
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else {
                throw CELParseError(offset: start, message: "integer -\(digits) is out of range")
            }
            return .int(magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else {
            throw CELParseError(offset: start, message: "integer \(digits) is out of range (use \(digits)u for an unsigned one)")
        }
        return .int(Int64(magnitude))
    }

    /// A quoted string with CEL's escapes; a line break inside it is refused, as CEL does.
    private mutating func string() throws(CELParseError) -> String {
        let start = position
        let quote = bytes[position]
        if peek(1) == quote, peek(2) == quote { throw error("triple-quoted strings are not supported in a rule condition") }
        position += 1
        var scalars = String.UnicodeScalarView()
        var pendingUTF8: [UInt8] = []
        func flush() {
            if !pendingUTF8.isEmpty { scalars.append(contentsOf: String(decoding: pendingUTF8, as: UTF8.self).unicodeScalars) }
            pendingUTF8 = []
        }
        while true {
            guard let byte = peek() else { throw CELParseError(offset: start, message: "unterminated string") }
            if byte == quote {
                position += 1
                flush()
                return String(scalars)
            }
            if byte == 0x0A || byte == 0x0D { throw error("a line break inside a string is not allowed (write \\n)") }
            if byte != UInt8(ascii: "\\") {
                pendingUTF8.append(byte)
                position += 1
                continue
            }
            flush()
            let escape = position
            position += 1
            guard let kind = peek() else { throw CELParseError(offset: start, message: "unterminated string") }
            position += 1
            switch kind {
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "'"): scalars.append("'")
            case UInt8(ascii: "`"): scalars.append("`")
            case UInt8(ascii: "?"): scalars.append("?")
            case UInt8(ascii: "a"): scalars.append("\u{07}")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "v"): scalars.append("\u{0B}")
            case UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                let count = kind == UInt8(ascii: "u") ? 4 : kind == UInt8(ascii: "U") ? 8 : 2
                guard position + count <= bytes.count, bytes[position..<position + count].allSatisfy(isHexDigit),
                    let value = UInt32(String(decoding: bytes[position..<position + count], as: UTF8.self), radix: 16),
                    let scalar = Unicode.Scalar(value)
                else {
                    throw CELParseError(offset: escape, message: "bad escape: \\\(Character(Unicode.Scalar(kind))) needs \(count) hex digits of a Unicode scalar (no surrogates)")
                }
                position += count
                scalars.append(scalar)
            case UInt8(ascii: "0")...UInt8(ascii: "3"):
                guard position + 2 <= bytes.count, bytes[position..<position + 2].allSatisfy({ (0x30...0x37).contains($0) }) else {
                    throw CELParseError(offset: escape, message: "bad escape: an octal escape has three digits")
                }
                let value = UInt32(kind - 0x30) * 64 + UInt32(bytes[position] - 0x30) * 8 + UInt32(bytes[position + 1] - 0x30)
                position += 2
                scalars.append(Unicode.Scalar(value)!)
            default:
                throw CELParseError(offset: escape, message: "bad escape \\\(Character(Unicode.Scalar(kind)))")
            }
        }
    }

    private mutating func identifier() throws(CELParseError) -> String {
        guard let first = peek(), isIdentifierStart(first) else { throw error("expected a name") }
        let name = takeWhile { isIdentifierStart($0) || isDigit($0) }
        return String(decoding: name, as: UTF8.self)
    }

    // MARK: Plumbing

    /// Runs `body` one nesting level deeper; refused past ``maxDepth``.
    private mutating func nested(_ body: (inout CELParser) throws(CELParseError) -> CELNode) throws(CELParseError) -> CELNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw error("the condition nests deeper than \(Self.maxDepth) levels") }
        return try body(&self)
    }

    private mutating func counted(_ node: CELNode) throws(CELParseError) -> CELNode {
        nodes += 1
        guard nodes <= Self.maxNodes else { throw error("the condition has more than \(Self.maxNodes) parts") }
        return node
    }

    private mutating func skipSpace() {
        while let byte = peek() {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                position += 1
            } else {
                return
            }
        }
    }

    /// Takes `token` (after spaces) when it comes next. `//` is refused: comments are not supported.
    private mutating func take(_ token: String) -> Bool {
        skipSpace()
        let wanted = Array(token.utf8)
        guard position + wanted.count <= bytes.count, Array(bytes[position..<position + wanted.count]) == wanted else {
            return false
        }
        // `=` alone, `&` alone, `|` alone are not the tokens taken here.
        position += wanted.count
        return true
    }

    private mutating func takeWord(_ word: String) -> Bool {
        skipSpace()
        let wanted = Array(word.utf8)
        guard position + wanted.count <= bytes.count, Array(bytes[position..<position + wanted.count]) == wanted else {
            return false
        }
        if let after = position + wanted.count < bytes.count ? bytes[position + wanted.count] : nil,
            isIdentifierStart(after) || isDigit(after)
        {
            return false
        }
        position += wanted.count
        return true
    }

    private mutating func takeWhile(_ accept: (UInt8) -> Bool) -> ArraySlice<UInt8> {
        let start = position
        while let byte = peek(), accept(byte) { position += 1 }
        return bytes[start..<position]
    }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        position + ahead < bytes.count ? bytes[position + ahead] : nil
    }

    private func error(_ message: String) -> CELParseError {
        var message = message
        if peek() == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/") { message = "comments are not supported in a rule condition" }
        return CELParseError(offset: position, message: message)
    }
}

private func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
private func isHexDigit(_ byte: UInt8) -> Bool { isDigit(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte) }
private func isIdentifierStart(_ byte: UInt8) -> Bool {
    (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_")
}

/// Values after `=`: strings, numbers, booleans, arrays and inline tables.
extension TOMLParser {
    /// Parses one value; `name` is the dotted key it belongs to, used to name inline tables.
    mutating func parseValue(name: String) throws(TOMLError) -> TOMLValue {
        switch peek() {
        case "\"":
            return .string(isLooking(at: "\"\"\"") ? try parseMultilineString(literal: false) : try parseOneLineString(literal: false))
        case "'":
            return .string(isLooking(at: "'''") ? try parseMultilineString(literal: true) : try parseOneLineString(literal: true))
        case "[":
            return try parseArray(name: name)
        case "{":
            return try parseInlineTable(name: name)
        case nil, "#", "\n", "\r", ",", "]", "}":
            throw error("expected a value for \"\(name)\", found \(found)")
        default:
            return try parseBareValue()
        }
    }

    private mutating func parseArray(name: String) throws(TOMLError) -> TOMLValue {
        let start = position
        advance()
        var items: [TOMLValue] = []
        while true {
            try skipBlank()
            if peek() == "]" { break }
            if isAtEnd { throw error("unterminated array started on line \(start.line)", at: start) }
            items.append(try parseValue(name: name))
            try skipBlank()
            if peek() == "," {
                advance()
            } else if peek() == "]" {
                break
            } else if isAtEnd {
                throw error("unterminated array started on line \(start.line)", at: start)
            } else {
                throw error("expected ',' or ']' in the array started on line \(start.line), found \(found)")
            }
        }
        advance()
        return .array(items)
    }

    private mutating func parseInlineTable(name: String) throws(TOMLError) -> TOMLValue {
        let start = position
        advance()
        let table = TOMLTableBuilder(name: name, origin: .header, line: start.line)
        skipWhitespace()
        if peek() == "}" {
            advance()
            return .table(table.freeze(file: file))
        }
        while true {
            skipWhitespace()
            if isAtNewline || isAtEnd {
                throw error("an inline table must end on the line it starts; use a [\(name)] table for longer ones")
            }
            try parseKeyValue(into: table)
            skipWhitespace()
            if peek() == "}" {
                advance()
                return .table(table.freeze(file: file))
            }
            if isAtNewline || isAtEnd {
                throw error("an inline table must end on the line it starts; use a [\(name)] table for longer ones")
            }
            guard peek() == "," else {
                throw error("expected ',' or '}' in the inline table, found \(found)")
            }
            advance()
            skipWhitespace()
            if peek() == "}" { throw error("a trailing comma is not allowed in an inline table") }
        }
    }

    // MARK: Bare values

    /// Booleans, numbers, and a clear refusal for dates and unquoted words.
    private mutating func parseBareValue() throws(TOMLError) -> TOMLValue {
        let start = position
        var token = ""
        while let scalar = peek(), Self.isBareKeyScalar(scalar) || scalar == "+" || scalar == "." || scalar == ":" {
            token.unicodeScalars.append(scalar)
            advance()
        }
        if token.isEmpty { throw error("expected a value, found \(found)") }
        if token == "true" { return .bool(true) }
        if token == "false" { return .bool(false) }
        if Self.looksLikeDate(token) {
            throw error("dates and times are not supported; write \"\(token)\" as a quoted string", at: start)
        }
        if let value = try number(token, at: start) { return value }
        if token.unicodeScalars.allSatisfy({ Self.isBareKeyScalar($0) }) && token.unicodeScalars.first!.properties.isAlphabetic {
            throw error("invalid value \(token); strings must be quoted: \"\(token)\"", at: start)
        }
        throw error("invalid value \(token)", at: start)
    }

    private static func looksLikeDate(_ token: String) -> Bool {
        let scalars = Array(token.unicodeScalars)
        func digits(_ range: Range<Int>) -> Bool {
            range.upperBound <= scalars.count && range.allSatisfy { ("0"..."9").contains(scalars[$0]) }
        }
        return (digits(0..<4) && scalars.count > 4 && scalars[4] == "-")
            || (digits(0..<2) && scalars.count > 2 && scalars[2] == ":")
    }

    /// A TOML integer or float, nil when the token does not look like a number at all.
    private func number(_ token: String, at start: Position) throws(TOMLError) -> TOMLValue? {
        switch token {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where token.hasPrefix(prefix) {
            let digits = String(token.dropFirst(2))
            guard Self.isDigitGroup(digits, radix: radix), let value = Int(digits.replacing("_", with: ""), radix: radix)
            else { throw error("invalid or too large integer \(token)", at: start) }
            return .integer(value)
        }
        var body = Substring(token)
        let sign = body.first == "+" || body.first == "-" ? String(body.removeFirst()) : ""
        guard let first = body.unicodeScalars.first, ("0"..."9").contains(first) else { return nil }
        let exponentSplit = body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "e" || $0 == "E" })
        let mantissa = exponentSplit[0].split(separator: ".", omittingEmptySubsequences: false)
        let integerPart = String(mantissa[0])
        guard exponentSplit.count <= 2, mantissa.count <= 2, Self.isDigitGroup(integerPart, radix: 10) else {
            throw error("invalid number \(token)", at: start)
        }
        if integerPart.count > 1 && integerPart.hasPrefix("0") {
            throw error("invalid number \(token): leading zeros are not allowed", at: start)
        }
        if mantissa.count == 2 && !Self.isDigitGroup(String(mantissa[1]), radix: 10) {
            throw error("invalid number \(token): a '.' must have digits on both sides", at: start)
        }
        if exponentSplit.count == 2 {
            var exponent = exponentSplit[1]
            if exponent.first == "+" || exponent.first == "-" { exponent.removeFirst() }
            guard Self.isDigitGroup(String(exponent), radix: 10) else {
                throw error("invalid number \(token): bad exponent", at: start)
            }
        }
        let clean = sign + body.replacing("_", with: "")
        if mantissa.count == 1 && exponentSplit.count == 1 {
            guard let value = Int(clean) else { throw error("integer \(token) is too large", at: start) }
            return .integer(value)
        }
        guard let value = Double(clean), value.isFinite else { throw error("invalid float \(token)", at: start) }
        return .float(value)
    }

    /// Digits of `radix`, with single underscores allowed only between digits.
    private static func isDigitGroup(_ text: String, radix: Int) -> Bool {
        guard !text.isEmpty, !text.hasPrefix("_"), !text.hasSuffix("_"), !text.contains("__") else { return false }
        return text.allSatisfy { $0 == "_" || ($0.hexDigitValue.map { $0 < radix } ?? false) }
    }
}

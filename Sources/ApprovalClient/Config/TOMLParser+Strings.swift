/// The four TOML string forms: "basic", 'literal', """multi-line basic""", '''multi-line literal'''.
extension TOMLParser {
    /// Parses a one-line "basic" string (escapes on) or 'literal' string (escapes off); the
    /// cursor is on the opening quote.
    mutating func parseOneLineString(literal: Bool) throws(TOMLError) -> String {
        let start = position
        let quote: Unicode.Scalar = literal ? "'" : "\""
        advance()
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = peek(), !isAtNewline else {
                throw error(
                    "unterminated string started at column \(start.column); a \(quote)string\(quote) must end "
                        + "on the same line (use \(quote)\(quote)\(quote) for several lines)")
            }
            if scalar == quote {
                advance()
                return String(text)
            }
            if scalar == "\\" && !literal {
                text.append(try parseEscape())
            } else {
                try appendPlain(scalar, to: &text)
            }
        }
    }

    /// Parses `"""..."""` (escapes on) or `'''...'''` (escapes off); the cursor is on the first quote.
    mutating func parseMultilineString(literal: Bool) throws(TOMLError) -> String {
        let start = position
        let quote: Unicode.Scalar = literal ? "'" : "\""
        advance(3)
        _ = consumeNewline()  // a newline right after the opening quotes is not part of the text
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else {
                throw error("unterminated multi-line string started on line \(start.line)", at: start)
            }
            if scalar == quote {
                var run = 0
                while peek(run) == quote { run += 1 }
                if run >= 3 {
                    guard run <= 5 else { throw error("too many quotes at the end of a multi-line string") }
                    for _ in 0..<(run - 3) { text.append(quote) }
                    advance(run)
                    return String(text)
                }
                for _ in 0..<run { text.append(quote) }
                advance(run)
            } else if consumeNewline() {
                text.append("\n")
            } else if scalar == "\\" && !literal {
                if try skipLineEndingBackslash() { continue }
                text.append(try parseEscape())
            } else {
                try appendPlain(scalar, to: &text)
            }
        }
    }

    /// A `\` followed only by spaces up to the end of the line joins lines: it and all
    /// whitespace and newlines after it are dropped. Returns false (cursor unchanged) otherwise.
    private mutating func skipLineEndingBackslash() throws(TOMLError) -> Bool {
        var offset = 1
        while peek(offset) == " " || peek(offset) == "\t" { offset += 1 }
        guard peek(offset) == "\n" || (peek(offset) == "\r" && peek(offset + 1) == "\n") else { return false }
        advance(offset)
        while consumeNewline() || peek() == " " || peek() == "\t" {
            if peek() == " " || peek() == "\t" { advance() }
        }
        return true
    }

    /// Parses one escape sequence; the cursor is on the backslash.
    private mutating func parseEscape() throws(TOMLError) -> Unicode.Scalar {
        let start = position
        advance()
        let scalar = peek()
        advance()
        switch scalar {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "\"": return "\""
        case "\\": return "\\"
        case "u": return try parseUnicodeEscape(digits: 4, start: start)
        case "U": return try parseUnicodeEscape(digits: 8, start: start)
        default:
            let shown = scalar.map { Self.isForbiddenControl($0) ? Self.describe($0) : "\\\($0)" } ?? "\\"
            throw error(
                "invalid escape \(shown) in a string (valid: \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX; "
                    + "use a 'literal string' for backslashes)", at: start)
        }
    }

    private mutating func parseUnicodeEscape(digits: Int, start: Position) throws(TOMLError) -> Unicode.Scalar {
        var hex = ""
        for _ in 0..<digits {
            guard let scalar = peek(), scalar.properties.isASCIIHexDigit else {
                throw error("\\\(digits == 4 ? "u" : "U") needs exactly \(digits) hex digits", at: start)
            }
            hex.unicodeScalars.append(scalar)
            advance()
        }
        guard let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
            throw error("\\\(digits == 4 ? "u" : "U")\(hex) is not a valid Unicode scalar", at: start)
        }
        return scalar
    }

    private mutating func appendPlain(
        _ scalar: Unicode.Scalar, to text: inout String.UnicodeScalarView
    ) throws(TOMLError) {
        if Self.isForbiddenControl(scalar) {
            throw error("control character \(Self.describe(scalar)) must be escaped in a string")
        }
        text.append(scalar)
        advance()
    }
}

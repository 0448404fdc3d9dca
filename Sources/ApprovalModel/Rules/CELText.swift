import Foundation

/// CEL text built from JSON values: what an "allow similar" rule's condition says, as Preloop
/// (full CEL) and our server (``CELCondition``) both read it.
///
/// Every string comes out as printable ASCII: quotes and backslashes escaped, and every other
/// scalar outside 0x20…0x7E as `\uXXXX` or `\UXXXXXXXX`. So the text never carries a newline, a
/// control byte or an invisible character, and an argument cannot end its literal early: its
/// value is always one literal, compared with `==`.
public enum CELText {
    /// `value` as a CEL literal.
    public static func literal(_ value: JSONValue) throws(CELTextError) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let number):
            // CEL's lexer reads `-` as unary minus on a positive literal: Int64.min has no such literal.
            if number == .min { throw .inexactNumber }
            return String(number)
        case .number(let number): return try double(number)
        case .string(let text): return quoted(text)
        case .array(let items):
            var parts: [String] = []
            for item in items { parts.append(try literal(item)) }
            return "[" + parts.joined(separator: ", ") + "]"
        case .object(let members):
            var parts: [String] = []
            for key in members.keys.sorted(by: scalarOrder) { parts.append(quoted(key) + ": " + (try literal(members[key]!))) }
            return "{" + parts.joined(separator: ", ") + "}"
        }
    }

    /// A double literal that reads back as exactly `number` and always reads as a double
    /// (`2.0`, not `2`, which CEL takes for an int).
    static func double(_ number: Double) throws(CELTextError) -> String {
        guard number.isFinite else { throw .notFinite }
        // An integral double this large may stand for digits the agent sent that no double holds.
        if number == number.rounded(), abs(number) >= 9_007_199_254_740_992 { throw .inexactNumber }
        var text = "\(number)"  // Swift prints the shortest text that reads back exactly
        if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { text += ".0" }
        if text.hasPrefix(".") { text = "0" + text }
        return text
    }

    /// `text` as a double-quoted CEL string of printable ASCII.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case " "..."~": out.unicodeScalars.append(scalar)
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += scalar.value <= 0xFFFF
                    ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    : "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
            }
        }
        return out + "\""
    }

    /// `args`, then `.key` for each CEL identifier key, `["key"]` for any other.
    public static func path(_ keys: [String]) -> String {
        var out = "args"
        for key in keys { out += isIdentifier(key) ? "." + key : "[" + quoted(key) + "]" }
        return out
    }

    /// `path == literal && …`, after `tool_name == "…"` and `user_id == "…"` when given; `true`
    /// when there is nothing to compare.
    public static func equalities(
        _ pairs: [(path: [String], value: JSONValue)], toolName: String?, userID: String?
    ) throws(CELTextError) -> String {
        var terms: [String] = []
        if let toolName { terms.append("tool_name == " + quoted(toolName)) }
        if let userID { terms.append("user_id == " + quoted(userID)) }
        for pair in pairs { terms.append(path(pair.path) + " == " + (try literal(pair.value))) }
        return terms.isEmpty ? "true" : terms.joined(separator: " && ")
    }

    static let reserved: Set<String> = [
        "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import",
        "let", "loop", "package", "namespace", "return", "var", "void", "while",
    ]

    static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, !reserved.contains(key) else { return false }
        func letter(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("A"..."Z").contains(s) || s == "_" }
        return letter(first) && key.unicodeScalars.allSatisfy { letter($0) || ("0"..."9").contains($0) }
    }

    /// Order by Unicode scalars (Swift's `<` on strings compares canonical forms).
    static func scalarOrder(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.map(\.value).lexicographicallyPrecedes(b.unicodeScalars.map(\.value))
    }
}

/// Why a value cannot be written as an exact CEL literal.
public enum CELTextError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFinite
    case inexactNumber

    public var description: String {
        switch self {
        case .notFinite: "an argument holds a number that is not finite"
        case .inexactNumber: "an argument holds a number too large to match exactly"
        }
    }
}

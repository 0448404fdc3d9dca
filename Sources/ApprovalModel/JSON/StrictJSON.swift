/// A strict JSON reader that keeps what was sent: every value's byte range in the input, number
/// literals as written, object members in the order sent, keys compared by their exact scalars
/// (`"é"` and `"e\u0301"` are two keys). Foundation's parsers turn integers past 2^63 into
/// doubles, keep one of two duplicate keys, and merge canonically equal keys; this one refuses
/// what is ambiguous instead.
///
/// Refused, with a message that says where: invalid UTF-8, raw control characters in strings,
/// lone surrogate escapes (`"\ud800"`), duplicate keys (unless `allowsDuplicateKeys`), nesting
/// deeper than `maxDepth`, and anything after the value.
///
/// ```swift
/// let node = try StrictJSON.parse(Array(#"{"n": 9223372036854775808}"#.utf8))
/// node.member("n")?.kind  // .number("9223372036854775808")
/// ```
public enum StrictJSON {
    public static let maxDepth = 128

    public static func parse(_ bytes: [UInt8], allowsDuplicateKeys: Bool = false) throws(StrictJSONError) -> JSONNode {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw StrictJSONError(message: "the text is not valid UTF-8", offset: 0, path: [])
        }
        var reader = Reader(bytes: bytes, allowsDuplicateKeys: allowsDuplicateKeys)
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        if reader.index < bytes.count { throw reader.fail("unexpected text after the JSON value") }
        return value
    }

    struct Reader {
        let bytes: [UInt8]
        let allowsDuplicateKeys: Bool
        var index = 0
        var path: [String] = []

        init(bytes: [UInt8], allowsDuplicateKeys: Bool) {
            self.bytes = bytes
            self.allowsDuplicateKeys = allowsDuplicateKeys
        }

        func fail(_ message: String) -> StrictJSONError {
            StrictJSONError(message: message, offset: index, path: path)
        }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipSpace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(StrictJSONError) {
            guard current == byte else { throw fail("expected \(what)") }
            index += 1
        }

        mutating func value(depth: Int) throws(StrictJSONError) -> JSONNode {
            if depth > StrictJSON.maxDepth { throw fail("nested deeper than \(StrictJSON.maxDepth) levels") }
            let start = index
            switch current {
            case UInt8(ascii: "{")?: return try object(depth: depth)
            case UInt8(ascii: "[")?: return try array(depth: depth)
            case UInt8(ascii: "\"")?: return JSONNode(kind: .string(try string()), range: start..<index)
            case UInt8(ascii: "t")?: try literal("true"); return JSONNode(kind: .bool(true), range: start..<index)
            case UInt8(ascii: "f")?: try literal("false"); return JSONNode(kind: .bool(false), range: start..<index)
            case UInt8(ascii: "n")?: try literal("null"); return JSONNode(kind: .null, range: start..<index)
            case let byte? where byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte):
                return JSONNode(kind: .number(try number()), range: start..<index)
            case nil: throw fail("expected a value, found the end of the text")
            default: throw fail("expected a value")
            }
        }

        mutating func literal(_ word: String) throws(StrictJSONError) {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
                throw fail("expected a value")
            }
            index += expected.count
        }

        mutating func number() throws(StrictJSONError) -> String {
            let start = index
            if current == UInt8(ascii: "-") { index += 1 }
            func digits(_ reader: inout Reader) -> Int {
                let from = reader.index
                while let byte = reader.current, (0x30...0x39).contains(byte) { reader.index += 1 }
                return reader.index - from
            }
            if current == UInt8(ascii: "0") {
                index += 1
            } else if digits(&self) == 0 {
                throw fail("expected a digit")
            }
            if current == UInt8(ascii: ".") {
                index += 1
                if digits(&self) == 0 { throw fail("expected a digit after the decimal point") }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                if digits(&self) == 0 { throw fail("expected a digit in the exponent") }
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        mutating func string() throws(StrictJSONError) -> String {
            try expect(UInt8(ascii: "\""), "a string")
            var out: [UInt8] = []
            while true {
                guard let byte = current else { throw fail("unterminated string") }
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    index += 1
                    try escape(into: &out)
                case 0x00..<0x20:
                    throw fail("raw control character U+\(StrictJSON.hex4(UInt32(byte))) in a string (write it as an escape)")
                default:
                    out.append(byte)
                    index += 1
                }
            }
        }

        mutating func escape(into out: inout [UInt8]) throws(StrictJSONError) {
            guard let byte = current else { throw fail("unterminated escape") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(byte)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                let first = try hexUnit()
                var scalarValue = first
                if (0xD800...0xDBFF).contains(first) {
                    guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                        throw fail("lone surrogate \\u\(StrictJSON.hex4(first)) (a high surrogate needs a low one after it)")
                    }
                    index += 2
                    let second = try hexUnit()
                    guard (0xDC00...0xDFFF).contains(second) else {
                        throw fail("lone surrogate \\u\(StrictJSON.hex4(first)) (followed by \\u\(StrictJSON.hex4(second)))")
                    }
                    scalarValue = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(first) {
                    throw fail("lone surrogate \\u\(StrictJSON.hex4(first))")
                }
                out.append(contentsOf: Array(String(Unicode.Scalar(scalarValue)!).utf8))
            default:
                throw fail("invalid escape \\\(String(decoding: [byte], as: UTF8.self))")
            }
        }

        mutating func hexUnit() throws(StrictJSONError) -> UInt32 {
            guard index + 4 <= bytes.count,
                let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
                bytes[index..<index + 4].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") })
            else { throw fail("\\u needs four hex digits") }
            index += 4
            return value
        }

        mutating func array(depth: Int) throws(StrictJSONError) -> JSONNode {
            let start = index
            index += 1
            var items: [JSONNode] = []
            skipSpace()
            if current == UInt8(ascii: "]") {
                index += 1
                return JSONNode(kind: .array([]), range: start..<index)
            }
            while true {
                path.append("[\(items.count)]")
                skipSpace()
                items.append(try value(depth: depth + 1))
                path.removeLast()
                skipSpace()
                if current == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "]"), "',' or ']'")
                return JSONNode(kind: .array(items), range: start..<index)
            }
        }

        mutating func object(depth: Int) throws(StrictJSONError) -> JSONNode {
            let start = index
            index += 1
            var members: [JSONNode.Member] = []
            var seen: Set<[UInt8]> = []
            skipSpace()
            if current == UInt8(ascii: "}") {
                index += 1
                return JSONNode(kind: .object([]), range: start..<index)
            }
            while true {
                skipSpace()
                let keyStart = index
                let key = try string()
                if !seen.insert(Array(key.utf8)).inserted && !allowsDuplicateKeys {
                    index = keyStart
                    throw fail("duplicate key \(JSONValue.quoted(key))")
                }
                skipSpace()
                try expect(UInt8(ascii: ":"), "':' after a key")
                skipSpace()
                path.append(key)
                let item = try value(depth: depth + 1)
                path.removeLast()
                members.append(JSONNode.Member(key: key, value: item))
                skipSpace()
                if current == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "}"), "',' or '}'")
                return JSONNode(kind: .object(members), range: start..<index)
            }
        }
    }

    /// `value` as at least four upper-case hex digits: `001B`, `202E`.
    public static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// Why `StrictJSON` refused a text: what, the byte offset, and the keys leading there.
public struct StrictJSONError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public var path: [String]

    /// `duplicate key "a" at tool_args.a (byte 31)`.
    public var description: String {
        let place = path.isEmpty ? "" : " at \(path.joined(separator: "."))"
        return "\(message)\(place) (byte \(offset))"
    }
}

/// One value read by `StrictJSON`, with the range of input bytes it was read from.
public struct JSONNode: Sendable, Hashable {
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONNode
    }

    public indirect enum Kind: Sendable, Hashable {
        case null
        case bool(Bool)
        /// The literal as written: `9223372036854775808`, `1.50`, `1e400`.
        case number(String)
        case string(String)
        case array([JSONNode])
        /// Members in the order sent.
        case object([Member])
    }

    public var kind: Kind
    public var range: Range<Int>

    /// The first member named exactly `key` (scalar for scalar) when this is an object.
    public func member(_ key: String) -> JSONNode? {
        guard case .object(let members) = kind else { return nil }
        let wanted = Array(key.utf8)
        return members.first { Array($0.key.utf8) == wanted }?.value
    }

    /// The last member named exactly `key` (scalar for scalar): the one a JavaScript reader
    /// (`JSON.parse`) keeps when a key is repeated.
    public func lastMember(_ key: String) -> JSONNode? {
        guard case .object(let members) = kind else { return nil }
        let wanted = Array(key.utf8)
        return members.last { Array($0.key.utf8) == wanted }?.value
    }
}

extension JSONNode {
    /// The value as `JSONValue`, for code that works on decoded data. This loses what
    /// `JSONValue` cannot hold (integers past 2^63 become doubles; keys equal as Swift strings
    /// merge, the last wins), which is why the text itself is kept wherever it is shown or run.
    public var value: JSONValue {
        switch kind {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let literal):
            if !literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let integer = Int64(literal) {
                return .integer(integer)
            }
            // A literal no double holds (`1e400`) stays readable as its text (JSONEncoder refuses infinity).
            guard let number = Double(literal), number.isFinite else { return .string(literal) }
            return .number(number)
        case .string(let text): return .string(text)
        case .array(let items): return .array(items.map(\.value))
        case .object(let members):
            return .object(Dictionary(members.map { ($0.key, $0.value.value) }, uniquingKeysWith: { _, last in last }))
        }
    }
}

extension JSONNode {
    /// The first value, depth first in the order sent, for which `problem` gives a reason, with
    /// the keys (and `[index]`es) leading to it.
    public func firstProblem(_ problem: (JSONNode) -> String?) -> (path: [String], reason: String)? {
        if let reason = problem(self) { return ([], reason) }
        switch kind {
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = item.firstProblem(problem) { return (["[\(index)]"] + found.path, found.reason) }
            }
        case .object(let members):
            for member in members {
                if let found = member.value.firstProblem(problem) { return ([member.key] + found.path, found.reason) }
            }
        default: break
        }
        return nil
    }

    /// Why this value would reach a reader that holds JSON as 64-bit integers, doubles and
    /// string-keyed dictionaries (the MCP SDK's `Value`, Foundation) as another value than sent,
    /// or nil: a number no double holds, an integer past 64 bits, or two keys such a reader
    /// merges because they are canonically equal (`"é"` and `"e\u0301"`).
    public var inexactReason: String? {
        switch kind {
        case .number(let literal):
            if let reason = overflowReason { return reason }
            if !literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), Int64(literal) == nil {
                return "integer \(literal) does not fit in 64 bits"
            }
        case .object(let members):
            var seen: [String: String] = [:]
            for member in members {
                if let earlier = seen[member.key] {
                    return "keys \(JSONValue.quoted(earlier)) and \(JSONValue.quoted(member.key)) are one key to a reader that "
                        + "compares keys as text"
                }
                seen[member.key] = member.key
            }
        default: break
        }
        return nil
    }

    /// Why this number cannot be read as a finite double (`1e400`, a 400-digit integer), or nil.
    /// JSON readers that hold numbers as doubles (Foundation's among them) refuse the whole text.
    public var overflowReason: String? {
        guard case .number(let literal) = kind, !(Double(literal)?.isFinite ?? false) else { return nil }
        let shown = literal.count > 40 ? String(literal.prefix(20)) + "…(\(literal.count) digits)" : literal
        return "number \(shown) is out of range: no double holds it, so JSON readers would refuse the arguments"
    }
}

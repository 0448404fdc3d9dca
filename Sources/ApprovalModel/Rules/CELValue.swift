import Foundation

/// A value while a ``CELCondition`` runs: CEL's types for JSON data (int, uint, double, string,
/// bool, null, list, map with string keys).
enum CELValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case list([CELValue])
    /// Keys compared scalar for scalar, never by canonical equivalence.
    case map([MapEntry])

    struct MapEntry: Sendable, Hashable {
        var key: String
        var value: CELValue
    }

    init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .integer(let number): self = .int(number)
        case .number(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .array(let items): self = .list(items.map(CELValue.init))
        case .object(let members): self = .map(members.map { MapEntry(key: $0.key, value: CELValue($0.value)) })
        }
    }

    /// The entry under `key` (scalar for scalar) when this is a map.
    func entry(_ key: String) -> CELValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { Self.sameText($0.key, key) }?.value
    }

    /// Whether two strings are the same scalars (`"é"` and `"e\u{301}"` are not).
    static func sameText(_ a: String, _ b: String) -> Bool { a.unicodeScalars.elementsEqual(b.unicodeScalars) }

    /// CEL's `==`: numbers compare by exact value across int, uint and double (NaN equals nothing);
    /// values of different kinds are unequal, never an error.
    static func equal(_ a: CELValue, _ b: CELValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return sameText(x, y)
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.map(let x), .map(let y)):
            return x.count == y.count && x.allSatisfy { entry in b.entry(entry.key).map { equal(entry.value, $0) } ?? false }
        case (.int(let x), .int(let y)): return x == y
        case (.uint(let x), .uint(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.int(let x), .uint(let y)), (.uint(let y), .int(let x)): return x >= 0 && UInt64(x) == y
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)):
            guard let exact = Int64(exactly: y) else { return false }
            return exact == x
        case (.uint(let x), .double(let y)), (.double(let y), .uint(let x)):
            guard let exact = UInt64(exactly: y) else { return false }
            return exact == x
        default: return false
        }
    }
}

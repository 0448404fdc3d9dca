import ApprovalModel
import Foundation

/// JSON text columns.
enum JSONText {
    static func encode(_ value: JSONValue) -> String {
        (try? String(decoding: JSONEncoder.compact.encode(value), as: UTF8.self)) ?? "null"
    }

    static func decode(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}

extension JSONEncoder {
    /// Sorted keys, unescaped slashes, no date strategy (for stored JSON).
    static var compact: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension JSONValue {
    /// The strings of an array value.
    var arrayStrings: [String]? {
        guard case .array(let items) = self else { return nil }
        return items.compactMap(\.stringValue)
    }
}

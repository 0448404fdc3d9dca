import ApprovalModel
import Foundation

extension DecodingError {
    /// One short line naming what was wrong and where, e.g.
    /// `missing "status" at [3]` or `expected a string at [0].tool_name`; never the body itself.
    var briefDescription: String {
        let text: String
        switch self {
        case .keyNotFound(let key, let context):
            text = "missing \"\(key.stringValue)\"" + Self.location(context.codingPath)
        case .typeMismatch(let type, let context):
            text = "expected \(Self.name(of: type))" + Self.location(context.codingPath)
        case .valueNotFound(let type, let context):
            text = "null where \(Self.name(of: type)) belongs" + Self.location(context.codingPath)
        case .dataCorrupted(let context):
            text = context.codingPath.isEmpty
                ? "not JSON" : "bad value" + Self.location(context.codingPath)
        @unknown default:
            text = "unexpected shape"
        }
        return text.count > 160 ? String(text.prefix(159)) + "…" : text
    }

    private static func location(_ path: [any CodingKey]) -> String {
        guard !path.isEmpty else { return " at the top level" }
        var out = ""
        for key in path.suffix(6) {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += (out.isEmpty ? "" : ".") + key.stringValue.prefix(40)
            }
        }
        return " at " + out
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is Double.Type: "a number"
        case is [Any].Type: "an array"
        case is [String: Any].Type: "an object"
        default: "\(type)".prefix(40).description
        }
    }
}

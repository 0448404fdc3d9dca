import ApprovalModel
import Foundation

/// Field checks in pydantic's lax mode.
enum FieldCheck {
    static func bool(_ value: JSONValue) -> Bool? {
        switch value {
        case .bool(let flag): return flag
        case .integer(let number) where number == 0 || number == 1: return number == 1
        case .string(let text):
            switch text.lowercased() {
            case "true", "1", "yes", "y", "on", "t": return true
            case "false", "0", "no", "n", "off", "f": return false
            default: return nil
            }
        default: return nil
        }
    }

    static func missing(_ loc: [JSONValue], input: JSONValue) -> ValidationIssue {
        ValidationIssue(type: "missing", loc: loc, msg: "Field required", input: input)
    }

    static func notString(_ loc: [JSONValue], input: JSONValue) -> ValidationIssue {
        ValidationIssue(type: "string_type", loc: loc, msg: "Input should be a valid string", input: input)
    }

    static func notBool(_ loc: [JSONValue], input: JSONValue) -> ValidationIssue {
        ValidationIssue(
            type: "bool_parsing", loc: loc, msg: "Input should be a valid boolean, unable to interpret input", input: input)
    }

    /// A path parameter typed as UUID: nil when valid, else FastAPI's `uuid_parsing` issue.
    static func uuidIssue(_ text: String, name: String) -> ValidationIssue? {
        if UUID(uuidString: text) != nil { return nil }
        let error = "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-]"
        return ValidationIssue(
            type: "uuid_parsing", loc: ["path", .string(name)], msg: "Input should be a valid UUID, \(error)",
            input: .string(text), ctx: ["error": .string(error)])
    }

    /// An optional string field: the value, or an issue when present with another type.
    static func optionalString(_ object: [String: JSONValue], _ key: String) -> Result<String?, InvalidInput> {
        switch object[key] {
        case nil, .null?: return .success(nil)
        case .string(let text)?: return .success(text)
        case let other?: return .failure(InvalidInput(notString(["body", .string(key)], input: other)))
        }
    }
}

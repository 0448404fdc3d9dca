import ApprovalModel
import Foundation

/// One incoming API call after routing: path parameters, query, body, and who sent it.
struct APIRequest: Sendable {
    var parameters: [String]
    var query: [String: String]
    var body: Data
    var caller: Caller?
    /// Request headers by lower-cased name (first value of each).
    var headers: [String: String] = [:]

    /// A header's value, looked up case-insensitively.
    func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The body as a JSON object, or FastAPI's 422 issues. `required` makes an empty body an error.
    func jsonObject(required: Bool) -> Result<[String: JSONValue]?, InvalidInput> {
        if body.isEmpty || body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return required
                ? .failure(InvalidInput([ValidationIssue(type: "missing", loc: ["body"], msg: "Field required", input: .null)]))
                : .success(nil)
        }
        // Strict first: duplicate keys, lone surrogates, raw controls and invalid UTF-8 are
        // refused with the reason, never read one way here and another way by a tool.
        let node: JSONNode
        do {
            node = try StrictJSON.parse(Array(body))
        } catch {
            return .failure(InvalidInput([
                ValidationIssue(
                    type: "json_invalid", loc: ["body", .integer(Int64(error.offset))], msg: "JSON decode error: \(error)",
                    input: [:], ctx: ["error": .string(error.description)])
            ]))
        }
        let value = node.value
        guard case .object(let members) = value else {
            return .failure(InvalidInput([
                ValidationIssue(
                    type: "model_attributes_type", loc: ["body"],
                    msg: "Input should be a valid dictionary or object to extract fields from", input: value)
            ]))
        }
        return .success(members)
    }

    /// The exact text of the body's top-level member `key` as sent (nil when absent or the body is not valid JSON).
    func rawMember(_ key: String) -> String? {
        let bytes = Array(body)
        guard let node = try? StrictJSON.parse(bytes), let member = node.member(key) else { return nil }
        return String(decoding: bytes[member.range], as: UTF8.self)
    }

    /// `skip` and `limit` query parameters; issues from both are appended to `issues`.
    func paging(defaultLimit: Int, maxLimit: Int? = nil, issues: inout [ValidationIssue]) -> (skip: Int, limit: Int) {
        var result = (skip: 0, limit: defaultLimit)
        switch intQuery("skip", default: 0) {
        case .success(let value): result.skip = value
        case .failure(let invalid): issues += invalid.issues
        }
        switch intQuery("limit", default: defaultLimit, max: maxLimit) {
        case .success(let value): result.limit = value
        case .failure(let invalid): issues += invalid.issues
        }
        return result
    }

    /// A non-negative integer query parameter (FastAPI's int parsing), or its 422 issue.
    func intQuery(_ name: String, default fallback: Int, max: Int? = nil) -> Result<Int, InvalidInput> {
        guard let text = query[name] else { return .success(fallback) }
        guard let value = Int(text) else {
            return .failure(InvalidInput(ValidationIssue(
                type: "int_parsing", loc: ["query", .string(name)],
                msg: "Input should be a valid integer, unable to parse string as an integer", input: .string(text))))
        }
        if let max, value > max {
            return .failure(InvalidInput(ValidationIssue(
                type: "less_than_equal", loc: ["query", .string(name)],
                msg: "Input should be less than or equal to \(max)", input: .string(text), ctx: ["le": .integer(Int64(max))])))
        }
        if value < 0 {
            return .failure(InvalidInput(ValidationIssue(
                type: "greater_than_equal", loc: ["query", .string(name)],
                msg: "Input should be greater than or equal to 0", input: .string(text), ctx: ["ge": 0])))
        }
        return .success(value)
    }
}

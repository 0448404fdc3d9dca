import ApprovalClient
import FlyingFox
import Foundation

/// JSON responses in Preloop's shapes.
enum Reply {
    static func json<T: Encodable>(_ value: T, status: HTTPStatusCode = .ok) -> HTTPResponse {
        let body = (try? JSONEncoder.preloop().encode(value)) ?? Data("null".utf8)
        return HTTPResponse(statusCode: status, headers: [.contentType: "application/json"], body: body)
    }

    /// `{"detail": "<text>"}`.
    static func detail(_ text: String, status: HTTPStatusCode, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var response = json(PreloopErrorBody(detail: .message(text)), status: status)
        for (name, value) in headers { response.headers[name] = value }
        return response
    }

    /// FastAPI's 422 `{"detail": [issues]}`.
    static func validation(_ issues: [ValidationIssue]) -> HTTPResponse {
        json(PreloopErrorBody(detail: .validation(issues)), status: .unprocessableContent)
    }

    static let notFound = detail("Not Found", status: .notFound)
    static let notAuthenticated = detail(
        "Not authenticated", status: .unauthorized, headers: [HTTPHeader("WWW-Authenticate"): "Bearer"])
    static let invalidCredentials = detail(
        "Invalid authentication credentials", status: .unauthorized, headers: [HTTPHeader("WWW-Authenticate"): "Bearer"])
    static let forbidden = detail("Not enough permissions", status: .forbidden)
    static let internalError = detail("Internal server error", status: .internalServerError)
}

/// One incoming API call after routing: path parameters, query, body, and who sent it.
struct APIRequest: Sendable {
    var parameters: [String]
    var query: [String: String]
    var body: Data
    var caller: Caller?

    /// The body as a JSON object, or FastAPI's 422 issues. `required` makes an empty body an error.
    func jsonObject(required: Bool) -> Result<[String: JSONValue]?, InvalidInput> {
        if body.isEmpty || body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return required
                ? .failure(InvalidInput([ValidationIssue(type: "missing", loc: ["body"], msg: "Field required", input: .null)]))
                : .success(nil)
        }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: body) else {
            return .failure(InvalidInput([
                ValidationIssue(
                    type: "json_invalid", loc: ["body", 0], msg: "JSON decode error", input: [:],
                    ctx: ["error": "Expecting value"])
            ]))
        }
        guard case .object(let members) = value else {
            return .failure(InvalidInput([
                ValidationIssue(
                    type: "model_attributes_type", loc: ["body"],
                    msg: "Input should be a valid dictionary or object to extract fields from", input: value)
            ]))
        }
        return .success(members)
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

/// FastAPI-style validation problems, carried as an `Error` so they fit in a `Result`.
struct InvalidInput: Error, Sendable {
    var issues: [ValidationIssue]

    init(_ issues: [ValidationIssue]) { self.issues = issues }
    init(_ issue: ValidationIssue) { self.issues = [issue] }
}

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

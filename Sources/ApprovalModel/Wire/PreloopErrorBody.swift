import Foundation

/// An error body in either of Preloop's shapes: `{"detail": "text"}` from raised errors, or
/// FastAPI's validation list `{"detail": [{"type", "loc", "msg", "input", "ctx"?}]}` for 422.
/// An object `detail` (seen from plugins) is kept as JSON text.
public struct PreloopErrorBody: Sendable, Hashable, Codable {
    public enum Detail: Sendable, Hashable {
        case message(String)
        case validation([ValidationIssue])
        case other(JSONValue)
    }

    public var detail: Detail

    public init(detail: Detail) { self.detail = detail }

    /// One line a person can read: the message, or the validation messages joined with "; ".
    public var message: String {
        switch detail {
        case .message(let text): return text
        case .validation(let issues): return issues.map(\.summary).joined(separator: "; ")
        case .other(let value): return value.compactText
        }
    }

    enum CodingKeys: String, CodingKey { case detail }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try? c.decode(String.self, forKey: .detail) {
            detail = .message(text)
        } else if let issues = try? c.decode([ValidationIssue].self, forKey: .detail) {
            detail = .validation(issues)
        } else {
            detail = .other(try c.decode(JSONValue.self, forKey: .detail))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch detail {
        case .message(let text): try c.encode(text, forKey: .detail)
        case .validation(let issues): try c.encode(issues, forKey: .detail)
        case .other(let value): try c.encode(value, forKey: .detail)
        }
    }
}

/// One entry of FastAPI's 422 `detail` list.
public struct ValidationIssue: Sendable, Hashable, Codable {
    public var type: String
    /// Path to the bad input: strings and integers, e.g. `["body", "approved"]`.
    public var loc: [JSONValue]
    public var msg: String
    public var input: JSONValue?
    public var ctx: JSONValue?

    public init(type: String, loc: [JSONValue], msg: String, input: JSONValue? = nil, ctx: JSONValue? = nil) {
        self.type = type
        self.loc = loc
        self.msg = msg
        self.input = input
        self.ctx = ctx
    }

    /// `body.approved: Field required`.
    public var summary: String {
        let path = loc.map { part -> String in
            switch part {
            case .string(let text): return text
            case .integer(let number): return String(number)
            default: return part.compactText
            }
        }.joined(separator: ".")
        return path.isEmpty ? msg : "\(path): \(msg)"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(loc, forKey: .loc)
        try c.encode(msg, forKey: .msg)
        try c.encode(input ?? .null, forKey: .input)
        try c.encodeIfPresent(ctx, forKey: .ctx)
    }

    enum CodingKeys: String, CodingKey { case type, loc, msg, input, ctx }
}

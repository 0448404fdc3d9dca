import ApprovalClient
import ApprovalModel
import MCP

extension ApprovalModel.JSONValue {
    /// The wire model's value for an MCP value. Binary data becomes its base64 text.
    public init(_ value: MCP.Value) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .integer(Int64(number))
        case .double(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .data(_, let data): self = .string(data.base64EncodedString())
        case .array(let items): self = .array(items.map(Self.init))
        case .object(let members): self = .object(members.mapValues(Self.init))
        }
    }
}

extension MCP.Value {
    /// The MCP value for a wire-model value.
    public init(_ json: ApprovalModel.JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .integer(let number): self = .int(Int(number))
        case .number(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .array(let items): self = .array(items.map(Self.init))
        case .object(let members): self = .object(members.mapValues(Self.init))
        }
    }
}

extension MCP.Value {
    /// The MCP value for JSON read by `StrictJSON`; exact only when no member has an
    /// ``ApprovalClient/JSONNode/inexactReason`` (callers check first).
    public init(_ node: JSONNode) {
        switch node.kind {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let literal):
            if let integer = Int(literal) { self = .int(integer) } else { self = .double(Double(literal) ?? 0) }
        case .string(let text): self = .string(text)
        case .array(let items): self = .array(items.map(Self.init))
        case .object(let members):
            self = .object(Dictionary(members.map { ($0.key, Self($0.value)) }, uniquingKeysWith: { _, last in last }))
        }
    }
}

import ApprovalClient
import ApprovalModel
import Foundation

/// A JSON-RPC body read strictly before the MCP SDK sees it, on HTTP (`/mcp/v1`) and on stdio
/// (`approval-tui mcp`) alike. The SDK decodes with Foundation, which keeps one of two duplicate
/// keys, merges canonically equal keys and turns integers past 2^63 into doubles, so a tool's
/// arguments would reach the policy, the approver and the tool as another value than the agent
/// sent; and it answers malformed messages with a made-up id and -32603. Such a body gets the
/// JSON-RPC 2.0 error the spec names instead: -32700 (parse error, id null), -32600 (not a
/// request), -32602 (params of the wrong shape or not exactly representable).
enum StrictRPCBody {
    static let parseError = -32700
    static let invalidRequest = -32600
    static let invalidParams = -32602

    /// The JSON-RPC error answer for `body`, or nil when the SDK may read it.
    static func refusal(_ body: Data) -> Data? {
        let bytes = Array(body)
        guard !bytes.isEmpty else { return nil }
        let lenient = try? StrictJSON.parse(bytes, allowsDuplicateKeys: true)
        do {
            let root = try StrictJSON.parse(bytes)
            switch root.kind {
            case .array(let items):
                guard !items.isEmpty else { return answer(id: nil, in: bytes, code: invalidRequest, "Invalid request: an empty batch") }
                // MCP 2025-06-18 removed JSON-RPC batching: refused alike on HTTP and on stdio.
                return answer(
                    id: nil, in: bytes, code: invalidRequest,
                    "Invalid request: a batch (JSON array); send each message on its own (MCP 2025-06-18 has no batching)")
            default: break
            }
            guard let (code, text) = problem(root) else { return nil }
            return answer(id: root.member("id"), in: bytes, code: code, text)
        } catch {
            // Duplicate keys inside params are invalid params; anything else is a parse error (id null:
            // the id of a message that could not be read is not known).
            let inParams = error.path.first == "params" && error.message.hasPrefix("duplicate key")
            var id = inParams ? lenient?.member("id") : nil
            if case .array? = lenient?.kind { id = nil }
            return answer(
                id: id, in: bytes, code: inParams ? invalidParams : parseError,
                (inParams ? "Invalid params: " : "Parse error: ") + error.description)
        }
    }

    /// Why one message of a body is refused (code and message), or nil.
    static func problem(_ message: JSONNode) -> (Int, String)? {
        guard case .object = message.kind else {
            return (invalidRequest, "Invalid request: a JSON-RPC message must be an object")
        }
        guard case .string("2.0")? = message.member("jsonrpc")?.kind else {
            return (invalidRequest, "Invalid request: \"jsonrpc\" must be \"2.0\"")
        }
        let id = message.member("id")
        if let id {
            switch id.kind {
            case .string, .number, .null: break
            default: return (invalidRequest, "Invalid request: \"id\" must be a string or a number")
            }
        }
        guard let method = message.member("method") else {
            // A response (the client answering a server request) has a result or an error instead.
            if message.member("result") != nil || message.member("error") != nil { return nil }
            return (invalidRequest, "Invalid request: no \"method\"")
        }
        guard case .string(let name) = method.kind else {
            return (invalidRequest, "Invalid request: \"method\" must be a string")
        }
        // A request's id (MCP: a string or an integer, never null): one the SDK could not echo exactly
        // as sent (null, 1.5, 1e2, past 2^63) would get no answer, a made-up one or `"id":""`.
        if let id, !isAllowedID(id) {
            return (invalidRequest, "Invalid request: \"id\" must be a string or an integer from -2^63 to 2^63-1, written plainly")
        }
        let params = message.member("params")
        switch params?.kind {
        case nil, .object?: break
        default: return (invalidParams, "Invalid params: \"params\" of \(name) must be an object")
        }
        guard name == "tools/call" else { return nil }
        guard case .string? = params?.member("name")?.kind else {
            return (invalidParams, "Invalid params: tools/call needs \"name\", the tool's name as a string")
        }
        switch params?.member("arguments")?.kind {
        case nil, .null?, .object?: break
        default: return (invalidParams, "Invalid params: params.arguments must be an object (named arguments)")
        }
        switch params?.member("_meta")?.kind {
        case nil, .object?: break
        default: return (invalidParams, "Invalid params: params._meta must be an object")
        }
        if let arguments = params?.member("arguments"), let found = arguments.firstProblem({ $0.inexactReason }) {
            let place = (["params", "arguments"] + found.path).joined(separator: ".")
            return (invalidParams, "Invalid params: \(place): \(found.reason)")
        }
        return nil
    }

    /// A string, or an integer written as Swift writes an `Int64` (so `-0`, `1e2`, `1.0` and
    /// 2^63 are not): an id the answer can carry exactly as sent.
    static func isAllowedID(_ id: JSONNode) -> Bool {
        switch id.kind {
        case .string: return true
        case .number(let text): return Int64(text).map { String($0) == text } ?? false
        default: return false
        }
    }

    /// The error answer; `id` is echoed as sent when it is an allowed id, else the answer's id is null.
    static func answer(id: JSONNode?, in bytes: [UInt8], code: Int, _ message: String) -> Data {
        var idText = "null"
        if let id, isAllowedID(id) { idText = String(decoding: bytes[id.range], as: UTF8.self) }
        let text = #"{"jsonrpc":"2.0","id":\#(idText),"error":{"code":\#(code),"message":\#(JSONValue.quoted(message))}}"#
        return Data(InvisibleScalars.escapingInJSON(text).utf8)
    }
}

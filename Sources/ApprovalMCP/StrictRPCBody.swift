import ApprovalClient
import Foundation

/// A JSON-RPC body read strictly before the MCP SDK sees it: the SDK decodes with Foundation,
/// which keeps one of two duplicate keys, merges canonically equal keys and turns integers past
/// 2^63 into doubles, so a tool's arguments would reach the policy, the approver and the tool
/// as another value than the agent sent. Such a body gets a JSON-RPC error naming the problem.
enum StrictRPCBody {
    /// The JSON-RPC error answer for `body`, or nil when the SDK may read it.
    static func refusal(_ body: Data) -> Data? {
        let bytes = Array(body)
        guard !bytes.isEmpty else { return nil }
        let lenient = try? StrictJSON.parse(bytes, allowsDuplicateKeys: true)
        do {
            let root = try StrictJSON.parse(bytes)
            let messages: [JSONNode]
            if case .array(let items) = root.kind { messages = items } else { messages = [root] }
            for message in messages {
                guard let arguments = message.member("params")?.member("arguments"),
                    let found = arguments.firstProblem({ $0.inexactReason })
                else { continue }
                let place = (["params", "arguments"] + found.path).joined(separator: ".")
                return answer(id: message.member("id"), in: bytes, code: -32602, "Invalid params: \(place): \(found.reason)")
            }
            return nil
        } catch {
            // Duplicate keys inside params are invalid params; anything else is a parse error.
            let inParams = error.path.first == "params" && error.message.hasPrefix("duplicate key")
            var id = lenient?.member("id")
            if case .array? = lenient?.kind { id = nil }
            return answer(
                id: id, in: bytes, code: inParams ? -32602 : -32700,
                (inParams ? "Invalid params: " : "Parse error: ") + error.description)
        }
    }

    static func answer(id: JSONNode?, in bytes: [UInt8], code: Int, _ message: String) -> Data {
        var idText = "null"
        if let id {
            switch id.kind {
            case .number, .string: idText = String(decoding: bytes[id.range], as: UTF8.self)
            default: break
            }
        }
        let text = #"{"jsonrpc":"2.0","id":\#(idText),"error":{"code":\#(code),"message":\#(JSONValue.quoted(message))}}"#
        return Data(InvisibleScalars.escapingInJSON(text).utf8)
    }
}

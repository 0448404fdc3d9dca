import ApprovalClient
import ApprovalModel
import Foundation

/// Messages from the attacker's review of the MCP gateway (issue 14), sent alike over HTTP
/// (`/mcp/v1`) and stdio (`approval-tui mcp`), with the answer each must get.
enum HostileMessages {
    /// Finding F4: an id the spec does not allow gets -32600 with id null (and creates nothing);
    /// finding F7: a batch is refused with -32600 on both transports, array params with -32602.
    static let refused: [(line: String, code: Int64, id: JSONValue)] = [
        (call(id: "null"), -32600, .null),
        (call(id: "1.5"), -32600, .null),
        (call(id: "123456789012345678901234567890"), -32600, .null),
        (call(id: "9223372036854775808"), -32600, .null),
        (call(id: "1e2"), -32600, .null),
        (#"[{"jsonrpc": "2.0", "id": 3, "method": "tools/list"}]"#, -32600, .null),
        (#"{"jsonrpc": "2.0", "id": 4, "method": "tools/list", "params": []}"#, -32602, 4),
    ]

    /// Ids the spec allows, with how they must be echoed.
    static let allowedIDs: [(text: String, id: JSONValue)] = [
        ("9223372036854775807", .integer(Int64.max)), ("-9223372036854775808", .integer(Int64.min)),
        ("0", .integer(0)), (#""x-1""#, "x-1"),
    ]

    /// A guarded call (it creates a pending request when it is accepted) with `id` as written.
    static func call(id: String) -> String {
        #"{"jsonrpc": "2.0", "id": \#(id), "method": "tools/call", "params": {"name": "append_line", "arguments": {"via": "id"}}}"#
    }

    /// A call of an unknown tool whose name, and the request's string id, hold a C1 CSI and an RLO:
    /// the error text echoes the name, the answer echoes the id.
    static let hostileEcho =
        #"{"jsonrpc": "2.0", "id": "id\u009b\u202e", "method": "tools/call", "params": {"name": "no\u009bx\u202e", "arguments": {}}}"#
}

/// Whether `text` can be shown raw on a terminal: no control character but newline, no C1, bidi
/// or invisible character (they must come as \uXXXX escapes).
func isTerminalSafe(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { $0 == "\n" || !InvisibleScalars.contains($0) }
}

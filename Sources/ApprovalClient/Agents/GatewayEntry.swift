import ApprovalModel

/// The gateway as one agent's settings name it: `approval-tui mcp` over stdio, written the way
/// that agent's format wants a stdio server.
public struct GatewayEntry: Equatable, Sendable {
    /// The server's name in the agent's map.
    public var name: String
    /// The program the agent starts (an absolute path, so agents started from a desktop find it).
    public var program: String

    public init(name: String = "approval", program: String) {
        self.name = name
        self.program = program
    }

    /// The entry's value as JSON text for `agent` (one line).
    func jsonValue(for agent: AgentKind) -> String {
        let program = JSONValue.quoted(program)
        switch agent {
        case .openCode: return #"{"type": "local", "command": [\#(program), "mcp"], "enabled": true}"#
        case .vsCode, .claudeCode, .cline: return #"{"type": "stdio", "command": \#(program), "args": ["mcp"]}"#
        default: return #"{"command": \#(program), "args": ["mcp"]}"#
        }
    }

    /// The entry as a TOML table body (Codex).
    var tomlBody: String {
        "command = \(Self.tomlString(program))\nargs = [\"mcp\"]\n"
    }

    /// A TOML basic string: quotes, backslashes and control characters escaped.
    static func tomlString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

import ApprovalModel

/// The gateway as one agent's settings name it: `approval-tui mcp` over stdio, or the local
/// server's `/mcp/v1` over streamable HTTP, written the way that agent's format wants it.
///
/// Over HTTP the agent token is never written into the file: the header names the environment
/// variable ``tokenVariable`` in the agent's own expansion syntax (Codex: `bearer_token_env_var`),
/// so the settings file holds no secret and the agent reads the token from its environment.
public struct GatewayEntry: Equatable, Sendable {
    /// The environment variable an HTTP entry reads the agent token from.
    public static let tokenVariable = "APPROVAL_TUI_AGENT_TOKEN"

    /// The server's name in the agent's map.
    public var name: String
    /// The program the agent starts (an absolute path, so agents started from a desktop find it).
    public var program: String
    /// The endpoint, for a streamable HTTP entry; nil for stdio.
    public var url: String?

    public init(name: String = "approval", program: String, url: String? = nil) {
        self.name = name
        self.program = program
        self.url = url
    }

    /// Why `agent` cannot be wired over HTTP, when it cannot; nil when it can.
    public static func httpRefusal(for agent: AgentKind) -> String? {
        switch agent {
        case .vsCode:
            "VS Code does not reliably expand ${env:…} in an MCP server's headers, and the token is never written into "
                + "the file; wire it over stdio instead (approval-tui agents connect vscode)"
        default: nil
        }
    }

    /// The header value that carries the token, in `agent`'s expansion syntax.
    static func bearer(for agent: AgentKind) -> String {
        switch agent {
        case .claudeCode, .geminiCLI: "Bearer ${\(tokenVariable)}"
        case .openCode: "Bearer {env:\(tokenVariable)}"
        default: "Bearer ${env:\(tokenVariable)}"
        }
    }

    /// The entry's value as JSON text for `agent` (one line).
    func jsonValue(for agent: AgentKind) -> String {
        if let url {
            let url = JSONValue.quoted(url)
            let headers = #"{"Authorization": \#(JSONValue.quoted(Self.bearer(for: agent)))}"#
            switch agent {
            case .claudeCode, .vsCode: return #"{"type": "http", "url": \#(url), "headers": \#(headers)}"#
            case .geminiCLI: return #"{"httpUrl": \#(url), "headers": \#(headers)}"#
            case .openCode: return #"{"type": "remote", "url": \#(url), "headers": \#(headers), "enabled": true}"#
            case .windsurf: return #"{"serverUrl": \#(url), "headers": \#(headers)}"#
            case .cline: return #"{"type": "streamableHttp", "url": \#(url), "headers": \#(headers)}"#
            case .cursor, .codex: return #"{"url": \#(url), "headers": \#(headers)}"#
            }
        }
        let program = JSONValue.quoted(program)
        switch agent {
        case .openCode: return #"{"type": "local", "command": [\#(program), "mcp"], "enabled": true}"#
        case .vsCode, .claudeCode, .cline: return #"{"type": "stdio", "command": \#(program), "args": ["mcp"]}"#
        default: return #"{"command": \#(program), "args": ["mcp"]}"#
        }
    }

    /// The entry as a TOML table body (Codex).
    var tomlBody: String {
        if let url { return "url = \(Self.tomlString(url))\nbearer_token_env_var = \(Self.tomlString(Self.tokenVariable))\n" }
        return "command = \(Self.tomlString(program))\nargs = [\"mcp\"]\n"
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

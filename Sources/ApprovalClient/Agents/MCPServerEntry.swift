import Foundation

/// One MCP server an agent's file names: how the agent starts it (a command line) or reaches it
/// (a URL), and so whether it is our gateway, a Preloop, or something else.
public struct MCPServerEntry: Equatable, Sendable, Codable {
    public var name: String
    /// The program and its arguments, for a stdio server.
    public var command: [String]?
    /// The endpoint, for an HTTP server.
    public var url: String?
    /// The agent skips it (`"disabled": true`, `"enabled": false`).
    public var isDisabled = false

    public init(name: String, command: [String]? = nil, url: String? = nil, isDisabled: Bool = false) {
        self.name = name
        self.command = command
        self.url = url
        self.isDisabled = isDisabled
    }

    /// What the entry connects the agent to.
    public enum Target: Equatable, Sendable {
        /// `approval-tui mcp`, or the local server's `/mcp/v1` on this machine.
        case gateway
        /// An MCP endpoint at `/mcp/v1` (or `/mcp`) on another host: Preloop's path.
        case preloop(host: String)
        case other
    }

    public var target: Target {
        if isDisabled { return .other }
        // An entry naming both a command and a URL is read by each agent its own way (Gemini
        // prefers the URL): it is not counted as the gateway.
        if let command, let program = command.first {
            guard url == nil else { return .other }
            // `approval-tui` found on the agent's PATH, or an absolute path to it; a relative path
            // (`./bin/approval-tui` in a cloned project) is whatever that project ships.
            let name = (program as NSString).lastPathComponent
            let trusted = program == "approval-tui" || program.hasPrefix("/")
            return trusted && name == "approval-tui" && command.dropFirst().first == "mcp" ? .gateway : .other
        }
        guard let url, let parts = URLComponents(string: url), let host = parts.host?.lowercased(),
            ["http", "https"].contains(parts.scheme?.lowercased() ?? "")
        else { return .other }
        let path = parts.path.hasSuffix("/") ? String(parts.path.dropLast()) : parts.path
        guard path == "/mcp/v1" || path == "/mcp" else { return .other }
        // On this machine only our server's own path is the gateway: another local MCP server
        // at `localhost:3000/mcp` is not.
        if Self.isLoopback(host) { return path == "/mcp/v1" ? .gateway : .other }
        return .preloop(host: host)
    }

    /// `localhost`, `::1`, or an IPv4 address in 127.0.0.0/8 written as four numbers (a name that
    /// merely starts with `127.` is another host).
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }) else { return false }
        return parts[0] == "127"
    }
}

import Foundation

/// An MCP server the gateway forwards to (`[[upstream]]` in the policies file). Its tools are
/// listed as `prefix + name` and guarded by the policies under that name.
public struct UpstreamServer: Sendable, Hashable {
    public enum Connection: Sendable, Hashable {
        /// A child process speaking MCP on stdin/stdout; argv is never run through a shell.
        case command([String], environment: [String: String])
        /// A streamable-HTTP MCP endpoint.
        case http(URL, headers: [String: String])
    }

    public var name: String
    public var connection: Connection
    /// Put before each of its tool names; `name + "__"` unless the file says otherwise.
    public var prefix: String

    public init(name: String, connection: Connection, prefix: String? = nil) {
        self.name = name
        self.connection = connection
        self.prefix = prefix ?? "\(name)__"
    }
}

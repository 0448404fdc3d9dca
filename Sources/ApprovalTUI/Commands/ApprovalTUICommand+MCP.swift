import ApprovalMCP
import ApprovalServer
import ArgumentParser
import Foundation
import MCP

extension ApprovalTUICommand {
    /// `approval-tui mcp`: a stdio MCP server that forwards to the gateway of a running local
    /// server, for agents that launch MCP servers as subprocesses.
    struct MCPProxyCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mcp",
            abstract: "Serve MCP on stdin/stdout, forwarding tools to the local approval server's /mcp/v1.",
            discussion: """
                Without flags it reads DIR/server.json (written by a running server) and DIR/agent.token \
                from the server's data dir, else uses http://127.0.0.1:8600. Tools a policy guards return \
                'pending_approval'; the agent calls get_approval_status(request_id, wait_seconds=30), which \
                answers the moment a person decides. A failure names its cause (server not reachable, \
                token refused, call too large). \
                Example: claude mcp add approval -- approval-tui mcp
                """)

        @Option(name: .long, help: "Gateway URL, e.g. http://127.0.0.1:8600 (the path /mcp/v1 is added when missing).")
        var url: String?

        @Option(name: .customLong("token-file"), help: "File holding the agent token (default DIR/agent.token).")
        var tokenFile: String?

        @Option(name: .customLong("data-dir"), help: "The local server's data dir (default ~/.local/state/approval-tui/server).")
        var dataDir: String?

        func run() async throws {
            let directory = ServerDataDirectory(
                root: dataDir.map { URL(fileURLWithPath: $0) } ?? ServerDataDirectory.defaultRoot())
            let target: ProxyTarget
            do {
                target = try ProxyTarget.resolve(url: url, tokenFile: tokenFile, dataDirectory: directory)
            } catch {
                printError(error.description)
                throw ExitStatus.usage
            }
            // stdout carries the protocol; nothing else may be printed there.
            try await MCPProxy(target: target).serve(StdioTransport())
        }
    }
}

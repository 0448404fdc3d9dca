import ApprovalClient
import ApprovalServer
import Foundation
import MCP

/// The upstream MCP servers of the policies file, as ``ExternalTools`` for the server and as
/// extra tools for the gateway's `tools/list`. Install both sides with
/// ``MCPGateway/install(into:)``.
public actor UpstreamPool: ExternalTools {
    private var links: [UpstreamLink] = []
    private let backoff: @Sendable (Int) -> Duration

    /// - Parameter backoff: the wait before the n-th consecutive restart (0-based); by default
    ///   0.5 s doubling up to 30 s.
    public init(backoff: @escaping @Sendable (Int) -> Duration = UpstreamPool.defaultBackoff) {
        self.backoff = backoff
    }

    public static let defaultBackoff: @Sendable (Int) -> Duration = { failures in
        .milliseconds(min(30_000, 500 << min(failures, 6)))
    }

    public func start(_ upstreams: [UpstreamServer]) async {
        for upstream in upstreams {
            let link = UpstreamLink(upstream, backoff: backoff)
            links.append(link)
            await link.start()
        }
    }

    public func stop() async {
        for link in links { await link.stop() }
        links = []
    }

    public func run(toolName: String, arguments: ApprovalClient.JSONValue) async -> ApprovalClient.JSONValue? {
        for link in links where toolName.hasPrefix(link.server.prefix) {
            let name = String(toolName.dropFirst(link.server.prefix.count))
            if await link.tools.contains(where: { $0.name == name }) {
                return await link.call(name, arguments: arguments)
            }
        }
        return nil
    }

    public func health() async -> [ApprovalClient.JSONValue] {
        var result: [ApprovalClient.JSONValue] = []
        for link in links { result.append(await link.health) }
        return result
    }

    /// Every upstream tool under its prefixed name, as last listed (kept while restarting).
    func tools() async -> [MCP.Tool] {
        var result: [MCP.Tool] = []
        for link in links {
            let prefix = link.server.prefix
            for tool in await link.tools {
                result.append(MCP.Tool(
                    name: prefix + tool.name, title: tool.title, description: tool.description,
                    inputSchema: tool.inputSchema, annotations: tool.annotations))
            }
        }
        return result
    }
}

import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import MCP

/// The upstream MCP servers of the policies file, as ``ExternalTools`` for the server and as
/// extra tools for the gateway's `tools/list`. Install both sides with
/// ``MCPGateway/install(into:)``.
public actor UpstreamPool: ExternalTools {
    private var links: [UpstreamLink] = []
    private let backoff: @Sendable (Int) -> Duration

    private let stableAfter: Duration
    private let reconnectWait: Duration

    /// - Parameters:
    ///   - backoff: the wait before the n-th consecutive restart (0-based); by default 0.5 s
    ///     doubling up to 30 s.
    ///   - stableAfter: how long a connection must stay up before the count starts again at 0.
    ///   - reconnectWait: how long a call waits for a restarting upstream; after that it is
    ///     reported as not sent, and an approved call is sent by a later poll.
    public init(
        backoff: @escaping @Sendable (Int) -> Duration = UpstreamPool.defaultBackoff, stableAfter: Duration = .seconds(30),
        reconnectWait: Duration = .seconds(3)
    ) {
        self.backoff = backoff
        self.stableAfter = stableAfter
        self.reconnectWait = reconnectWait
    }

    public static let defaultBackoff: @Sendable (Int) -> Duration = { failures in
        .milliseconds(min(30_000, 500 << min(failures, 6)))
    }

    public func start(_ upstreams: [UpstreamServer]) async {
        for upstream in upstreams {
            let link = UpstreamLink(upstream, backoff: backoff, stableAfter: stableAfter, reconnectWait: reconnectWait)
            links.append(link)
            await link.start()
        }
    }

    public func stop() async {
        for link in links { await link.stop() }
        links = []
    }

    public func run(toolName: String, argumentsText: String) async -> ApprovalModel.JSONValue? {
        guard let (link, name) = await link(for: toolName) else { return nil }
        switch Self.arguments(argumentsText) {
        case .failure(let reason): return ["_error": .string(reason.message)]
        case .success(let members): return await link.call(name, arguments: members)
        }
    }

    public func refusal(toolName: String, argumentsText: String) async -> String? {
        guard await link(for: toolName) != nil, case .failure(let reason) = Self.arguments(argumentsText) else { return nil }
        return reason.message
    }

    /// The upstream serving `toolName` and the tool's name there (scalar-exact prefix and name):
    /// the one listing it, else the one whose prefix it has (the longest), even while that one has
    /// not listed it (yet): such a call waits for it or fails, never becomes an approval-only answer.
    /// An empty prefix claims only what its upstream lists: it cannot tell its tools from others.
    private func link(for toolName: String) async -> (UpstreamLink, String)? {
        let scalars = Array(toolName.unicodeScalars)
        var prefixed: (link: UpstreamLink, name: String, length: Int)?
        for link in links {
            let prefix = Array(link.server.prefix.unicodeScalars)
            guard scalars.starts(with: prefix) else { continue }
            let name = String(String.UnicodeScalarView(scalars.dropFirst(prefix.count)))
            if await link.lists(name) { return (link, name) }
            if !prefix.isEmpty, prefix.count > (prefixed?.length ?? 0) { prefixed = (link, name, prefix.count) }
        }
        return prefixed.map { ($0.link, $0.name) }
    }

    struct Refusal: Error { var message: String }

    /// The MCP arguments for the JSON the agent sent, or why the SDK's `Value` cannot carry it
    /// exactly (a 64-bit integer overflow, canonically equal keys, a number no double holds).
    static func arguments(_ text: String) -> Result<[String: MCP.Value], Refusal> {
        guard let node = try? StrictJSON.parse(Array(text.utf8)), case .object = node.kind else {
            return .failure(Refusal(message: "tool_args could not be read as a JSON object"))
        }
        if let found = node.firstProblem({ $0.inexactReason }) {
            let place = found.path.isEmpty ? "tool_args" : "tool_args." + found.path.joined(separator: ".")
            return .failure(Refusal(
                message: "\(place): \(found.reason); an upstream MCP server would receive other arguments than were sent, so the call was refused"))
        }
        return .success(MCP.Value(node).objectValue ?? [:])
    }

    public func health() async -> [ApprovalModel.JSONValue] {
        var result: [ApprovalModel.JSONValue] = []
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

import ApprovalServer
import Foundation

/// Where `approval-tui mcp` forwards to: the gateway endpoint and the agent token.
public struct ProxyTarget: Sendable, Equatable {
    public var endpoint: URL
    public var token: String

    public init(endpoint: URL, token: String) {
        self.endpoint = endpoint
        self.token = token
    }

    /// From flags, falling back to the local server's data dir: `DIR/server.json`
    /// (`{"url": …}` or `{"host": …, "port": …}`, written by a running server) and `DIR/agent.token`.
    /// Without either, `http://127.0.0.1:8600`. A URL without a path gets `/mcp/v1`.
    public static func resolve(url: String?, tokenFile: String?, dataDirectory: ServerDataDirectory) throws(ProxyTargetError)
        -> ProxyTarget
    {
        var base = "http://127.0.0.1:8600"
        if let url {
            base = url
        } else if let written = try serverURL(in: dataDirectory) {
            base = written
        }
        guard var components = URLComponents(string: base), let scheme = components.scheme,
            ["http", "https"].contains(scheme.lowercased()), components.host?.isEmpty == false
        else {
            throw .badURL(base)
        }
        if components.path.isEmpty || components.path == "/" { components.path = "/" + MCPGateway.defaultPath }
        guard let endpoint = components.url else { throw .badURL(base) }
        let file = tokenFile.map { URL(fileURLWithPath: $0) } ?? dataDirectory.agentTokenFile
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { throw .unreadableToken(file.path) }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if token.isEmpty { throw .unreadableToken(file.path) }
        return ProxyTarget(endpoint: endpoint, token: token)
    }

    private static func serverURL(in directory: ServerDataDirectory) throws(ProxyTargetError) -> String? {
        let file = directory.root.appendingPathComponent("server.json")
        guard let data = try? Data(contentsOf: file) else { return nil }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw .badServerFile(file.path)
        }
        if let url = object["url"] as? String { return url }
        guard let port = object["port"] as? Int else { throw .badServerFile(file.path) }
        let host = object["host"] as? String ?? "127.0.0.1"
        return "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }
}

/// Why `approval-tui mcp` cannot tell where to forward.
public enum ProxyTargetError: Error, Equatable, Sendable, CustomStringConvertible {
    case badURL(String)
    case unreadableToken(String)
    case badServerFile(String)

    public var description: String {
        switch self {
        case .badURL(let text): "not an http(s) URL: \(text)"
        case .unreadableToken(let path):
            "cannot read an agent token from \(path) (start the server once, or pass --token-file)"
        case .badServerFile(let path): "\(path) is not a server description ({\"url\": …} or {\"host\": …, \"port\": …})"
        }
    }
}

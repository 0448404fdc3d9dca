import ApprovalClient
import ApprovalModel
import Foundation

/// The agent side of the local server (and Preloop's async approval flow): create a tool call,
/// poll it. Used by `approval-tui request` and the demo's simulated agents.
///
/// ```swift
/// let agent = AgentClient(server: url, token: agentToken, transport: URLSessionTransport(timeout: 15))
/// let reply = try await agent.create(ToolCall(toolName: "deploy", arguments: ["env": "prod"], justification: "hotfix"))
/// ```
struct AgentClient: Sendable {
    let server: URL
    let token: String
    let transport: any ApprovalTransport

    /// One tool call an agent wants to make.
    struct ToolCall: Sendable, Equatable {
        var toolName: String
        var arguments: JSONValue
        var justification: String?
        var agentName: String?
        /// `--args` exactly as given (validated JSON): sent as it is, so big integers and keys
        /// reach the server and the tool unchanged. Nil: `arguments` encoded.
        var argumentsText: String?

        var body: JSONValue {
            var object: [String: JSONValue] = ["tool_name": .string(toolName), "tool_args": arguments]
            if let justification { object["justification"] = .string(justification) }
            if let agentName { object["agent_name"] = .string(agentName) }
            return .object(object)
        }
    }

    /// The server's JSON answer (2xx), with its raw bytes for `--json`.
    struct Reply: Sendable {
        var json: [String: JSONValue]
        var raw: Data

        func string(_ key: String) -> String? {
            if case .string(let text)? = json[key] { return text }
            return nil
        }

        func integer(_ key: String) -> Int? {
            switch json[key] {
            case .integer(let value)?: Int(value)
            case .number(let value)?: Int(value)
            default: nil
            }
        }
    }

    /// `POST /api/v1/agent/tool-calls`.
    func create(_ call: ToolCall) async throws(AgentError) -> Reply {
        let body: Data
        do {
            body = try Self.encode(call)
        } catch {
            throw .badArguments("the tool call cannot be encoded as JSON")
        }
        return try await send(.post, "/api/v1/agent/tool-calls", body: body)
    }

    /// The body of a tool call, with `tool_args` spliced in as given when there is a text.
    static func encode(_ call: ToolCall) throws -> Data {
        guard let text = call.argumentsText else { return try JSONEncoder.preloop().encode(call.body) }
        var rest = call.body
        if case .object(var members) = rest {
            members["tool_args"] = nil
            rest = .object(members)
        }
        var encoded = rest.compactText
        encoded.removeLast()  // the closing brace of a non-empty object
        return Data((encoded + ",\"tool_args\":" + text + "}").utf8)
    }

    /// `GET /api/v1/agent/tool-calls/{id}`; with `wait`, `?wait=SECONDS`: the local server then
    /// answers as soon as the status changes (a server without long-polls answers at once).
    func status(id: String, wait: Int? = nil) async throws(AgentError) -> Reply {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#%")
        let path = "/api/v1/agent/tool-calls/" + (id.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        return try await send(.get, path + (wait.map { "?wait=\($0)" } ?? ""))
    }

    private func send(_ method: TransportRequest.Method, _ path: String, body: Data? = nil) async throws(AgentError) -> Reply {
        var base = server.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base + path) else { throw .badArguments("cannot build a URL from \(base)") }
        var headers = ["Accept": "application/json", "Authorization": "Bearer \(token)"]
        if body != nil { headers["Content-Type"] = "application/json" }
        let response: TransportResponse
        do {
            response = try await transport.send(TransportRequest(method: method, url: url, headers: headers, body: body))
        } catch {
            throw .unreachable(error.description)
        }
        let object: [String: JSONValue]?
        if case .object(let members)? = try? JSONDecoder.preloop().decode(JSONValue.self, from: response.body) {
            object = members
        } else {
            object = nil
        }
        guard response.isSuccess else {
            throw .refused(status: response.status, detail: AgentError.detail(of: object, body: response.body))
        }
        guard let object else { throw .unreadable("\(path) answered \(response.status) without a JSON object") }
        return Reply(json: object, raw: response.body)
    }
}

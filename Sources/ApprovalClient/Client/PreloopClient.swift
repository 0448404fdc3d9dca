import ApprovalModel
import Foundation

/// Talks to a Preloop server (or our Preloop-compatible local server) over its REST API, as an
/// approver: list and decide approval requests, read policies, tools, flows and their logs.
///
/// Every request sends `Authorization: Bearer <token>` (when a token is set) and
/// `Accept: application/json`. A non-2xx answer becomes the `ClientError` that
/// `ClientError.from(status:body:path:)` names; a 2xx answer that is not the promised JSON becomes
/// `.unreadableResponse`. Transport failures arrive as `.unreachable` or `.timedOut`. Every method
/// throws `ClientError` and nothing else; cancelling the calling task ends a waiting request with
/// `.unreachable(server:reason: "the request was cancelled")`, so check `Task.isCancelled` first.
///
/// The client is a value: copies share the transport and the memo of which policy route the
/// server has (`/approval-workflows` or `/approval-policies`).
///
/// ```swift
/// let client = try PreloopClient(
///     server: "http://127.0.0.1:8600", token: "my-api-key",
///     transport: URLSessionTransport(timeout: 10))
/// let pending = try await client.listApprovalRequests(status: .pending)
/// if let first = pending.first {
///     do {
///         let updated = try await client.decide(id: first.id, verdict: .approve, comment: "ok")
///         print(updated.status)  // approved (or still pending under a quorum policy)
///     } catch ClientError.alreadyDecided(let status) {
///         print("someone else already \(status)")
///     }
/// }
/// ```
public struct PreloopClient: Sendable {
    /// The largest page Preloop serves (`limit` above 100 is a 422).
    public static let pageSize = 100
    /// The largest page asked for, whatever a server offers (`Approval-Page-Limit`).
    public static let largestPageSize = 1_000
    /// The REST prefix under the server URL.
    static let apiPrefix = "/api/v1"

    /// The server root, without a trailing slash and without `/api/v1`
    /// (e.g. `http://127.0.0.1:8600`, or `https://host/preloop` behind a proxy).
    public let serverURL: URL
    /// How error messages name the server: `scheme://host:port`.
    public var serverName: String { URLSessionTransport.serverName(of: serverURL) }

    private let token: String?
    private let transport: any ApprovalTransport
    /// Sent with every decision as `X-Approval-Source`, so our local server records where a vote
    /// came from (the console, the command line); nil sends nothing (Preloop ignores the header).
    public var decisionSource: DecisionSource?
    let policyRouteMemo = PolicyRouteMemo()
    let requestListMemo = ListMemo<ApprovalRequest>()
    let executionListMemo = ListMemo<FlowExecution>()

    /// Creates a client for the server at `serverURL`.
    ///
    /// - Parameters:
    ///   - serverURL: `http(s)://host:port`, with or without a trailing slash and with or without
    ///     a trailing `/api/v1`; any other path prefix (a reverse proxy's) is kept.
    ///   - token: an API key or JWT; nil or blank sends no `Authorization` header.
    ///   - transport: how requests travel, usually `URLSessionTransport`.
    /// - Throws: `ClientError.invalidConfiguration` when the URL is not http(s) with a host.
    public init(serverURL: URL, token: String?, transport: any ApprovalTransport) throws(ClientError) {
        self.serverURL = try Self.normalized(serverURL)
        let trimmed = token?.trimmingCharacters(in: .whitespacesAndNewlines)
        self.token = (trimmed?.isEmpty ?? true) ? nil : trimmed
        self.transport = transport
    }

    /// Creates a client from the text a person typed: `http://127.0.0.1:8600`,
    /// `https://preloop.example/api/v1/`, or `127.0.0.1:8600` (http is assumed without a scheme).
    ///
    /// - Throws: `ClientError.invalidConfiguration` when the text is not a usable server address.
    public init(server: String, token: String?, transport: any ApprovalTransport) throws(ClientError) {
        var text = server.trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.contains("://") { text = "http://" + text }
        guard let url = URL(string: text) else {
            throw .invalidConfiguration("\"\(server.prefix(80))\" is not a server address")
        }
        try self.init(serverURL: url, token: token, transport: transport)
    }

    /// `url` reduced to scheme, host, port and any proxy prefix: no trailing slash, no `/api/v1`,
    /// no query or fragment.
    static func normalized(_ url: URL) throws(ClientError) -> URL {
        guard var parts = URLComponents(url: url, resolvingAgainstBaseURL: false),
            let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = parts.host, !host.isEmpty
        else {
            throw .invalidConfiguration(
                "\"\(url.absoluteString.prefix(80))\" is not an http(s) server address with a host")
        }
        var path = parts.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        if path.hasSuffix(apiPrefix) { path.removeLast(apiPrefix.count) }
        while path.hasSuffix("/") { path.removeLast() }
        parts.scheme = scheme
        parts.percentEncodedPath = path
        parts.query = nil
        parts.fragment = nil
        guard let result = parts.url else {
            throw .invalidConfiguration("\"\(url.absoluteString.prefix(80))\" is not a server address")
        }
        return result
    }

    // MARK: - Requests

    /// GETs `path` (under `/api/v1`) and decodes the 2xx body as `T`.
    func get<T: Decodable>(
        _ type: T.Type, _ path: String, query: [URLQueryItem] = []
    ) async throws(ClientError) -> T {
        let response = try checked(try await send(.get, path, query: query))
        return try decode(type, from: response, path: path)
    }

    /// POSTs `body` as JSON to `path` (under `/api/v1`) and decodes the 2xx body as `T`.
    func post<T: Decodable>(
        _ type: T.Type, _ path: String, body: some Encodable, headers: [String: String] = [:]
    ) async throws(ClientError) -> T {
        let data: Data
        do {
            data = try JSONEncoder.preloop().encode(body)
        } catch {
            throw .invalidConfiguration("could not encode the request to \(path)")
        }
        let response = try checked(try await send(.post, path, body: data, headers: headers))
        return try decode(type, from: response, path: path)
    }

    /// Sends one request to `path` (under `/api/v1`) and returns the answer whatever its status.
    func send(
        _ method: TransportRequest.Method, _ path: String, query: [URLQueryItem] = [], body: Data? = nil,
        headers extra: [String: String] = [:]
    ) async throws(ClientError) -> (TransportResponse, path: String) {
        let fullPath = Self.apiPrefix + path
        guard var parts = URLComponents(url: serverURL, resolvingAgainstBaseURL: false) else {
            throw .invalidConfiguration("cannot build a URL from \(serverURL.absoluteString)")
        }
        parts.percentEncodedPath += fullPath
        parts.queryItems = query.isEmpty ? nil : query
        guard let url = parts.url else {
            throw .invalidConfiguration("cannot build a URL for \(fullPath)")
        }
        var headers = extra
        headers["Accept"] = "application/json"
        if let token { headers["Authorization"] = "Bearer \(token)" }
        if body != nil { headers["Content-Type"] = "application/json" }
        let request = TransportRequest(method: method, url: url, headers: headers, body: body)
        return (try await transport.send(request), fullPath)
    }

    /// The response when its status is 2xx; otherwise the error its status and body mean.
    func checked(_ exchange: (TransportResponse, path: String)) throws(ClientError) -> TransportResponse {
        let (response, path) = exchange
        guard response.isSuccess else {
            throw ClientError.from(status: response.status, body: response.body, path: path)
        }
        return response
    }

    /// Decodes a 2xx body; a body that is not the promised JSON is `.unreadableResponse`.
    func decode<T: Decodable>(
        _ type: T.Type, from response: TransportResponse, path: String
    ) throws(ClientError) -> T {
        do {
            return try JSONDecoder.preloop().decode(type, from: response.body)
        } catch let error as DecodingError {
            throw .unreadableResponse(path: Self.apiPrefix + path, reason: error.briefDescription)
        } catch {
            throw .unreadableResponse(path: Self.apiPrefix + path, reason: "not JSON")
        }
    }

    /// `id` as one path segment: percent-encoded so that `/`, `?`, `#` or `..` in an id can never
    /// reach another route.
    static func segment(_ id: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#%")
        let encoded = id.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        if encoded.isEmpty || encoded.allSatisfy({ $0 == "." }) {
            return encoded.replacingOccurrences(of: ".", with: "%2E")
        }
        return encoded
    }
}

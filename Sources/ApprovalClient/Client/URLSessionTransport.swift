import ApprovalModel
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real transport: Foundation's `URLSession`, with one timeout for every request.
///
/// Each instance owns its own session (no shared cookies or cache) and invalidates it when it
/// goes away. HTTP error statuses are returned as responses, never thrown.
///
/// ```swift
/// let client = try PreloopClient(
///     server: "http://127.0.0.1:8600", token: token, transport: URLSessionTransport(timeout: 10))
/// ```
public final class URLSessionTransport: ApprovalTransport {
    /// Seconds a request may wait for the server before it fails with `ClientError.timedOut`.
    public let timeout: TimeInterval
    private let session: URLSession

    /// - Parameter timeout: seconds to wait for an answer; values below 0.05 are raised to 0.05.
    public init(timeout: TimeInterval = 30) {
        let timeout = max(0.05, timeout)
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = max(timeout, 60)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    public func send(_ request: TransportRequest) async throws(ClientError) -> TransportResponse {
        var urlRequest = URLRequest(url: request.url, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method.rawValue
        for (name, value) in request.headers {
            urlRequest.setValue(value, forHTTPHeaderField: name)
        }
        urlRequest.httpBody = request.body
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: urlRequest)
        } catch {
            throw map(error, url: request.url)
        }
        guard let http = response as? HTTPURLResponse else {
            throw .unreadableResponse(path: request.url.path, reason: "the answer was not HTTP")
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            headers[String(describing: name).lowercased()] = String(describing: value)
        }
        return TransportResponse(status: http.statusCode, headers: headers, body: data)
    }

    /// Turns a `URLSession` failure into the `ClientError` a person can act on.
    private func map(_ error: any Error, url: URL) -> ClientError {
        let server = Self.serverName(of: url)
        guard let urlError = error as? URLError else {
            if error is CancellationError {
                return .unreachable(server: server, reason: "the request was cancelled")
            }
            return .unreachable(server: server, reason: String(describing: error).prefix(120).description)
        }
        switch urlError.code {
        case .timedOut:
            return .timedOut(server: server, seconds: timeout)
        case .cannotConnectToHost:
            return .unreachable(server: server, reason: "connection refused")
        case .cannotFindHost, .dnsLookupFailed:
            return .unreachable(server: server, reason: "unknown host")
        case .notConnectedToInternet:
            return .unreachable(server: server, reason: "no network route")
        case .networkConnectionLost:
            return .unreachable(server: server, reason: "the connection was closed before an answer")
        case .cancelled:
            return .unreachable(server: server, reason: "the request was cancelled")
        case .badURL, .unsupportedURL:
            return .invalidConfiguration("cannot use the server address \(server)")
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            return .unreachable(server: server, reason: "TLS failed (\(urlError.code.rawValue))")
        default:
            return .unreachable(server: server, reason: "network error \(urlError.code.rawValue)")
        }
    }

    /// `scheme://host:port` of `url`, the way error messages name a server.
    static func serverName(of url: URL) -> String {
        guard let scheme = url.scheme, let host = url.host else { return url.absoluteString }
        let port = url.port.map { ":\($0)" } ?? ""
        return "\(scheme)://\(host)\(port)"
    }
}

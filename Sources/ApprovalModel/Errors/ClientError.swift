import Foundation

/// Everything that can go wrong talking to an approval server, one case per thing a person
/// would do differently. `description` is one line a person can act on.
public enum ClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing answered at the address (refused, DNS failure, no route).
    case unreachable(server: String, reason: String)
    /// The server did not answer in time.
    case timedOut(server: String, seconds: Double)
    /// 401: no token, a bad token, or an expired one.
    case unauthorized(detail: String)
    /// 403: the token is valid but may not do this.
    case forbidden(detail: String)
    /// 404.
    case notFound(detail: String)
    /// 400 `Request already <status>`: someone decided it first. `status` is theirs.
    case alreadyDecided(status: ApprovalStatus)
    /// 400 with any other detail.
    case badRequest(detail: String)
    /// 413: the body was too large.
    case payloadTooLarge(detail: String)
    /// 422 with the server's own validation text.
    case rejected(detail: String)
    /// 5xx (or any other unexpected status).
    case serverError(status: Int, detail: String)
    /// A 2xx body that is not what the API promises.
    case unreadableResponse(path: String, reason: String)
    /// The request could not even be built (bad server URL).
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .unreachable(let server, let reason):
            return "cannot reach the server at \(server): \(reason)"
        case .timedOut(let server, let seconds):
            return "the server at \(server) did not answer within \(Self.seconds(seconds))"
        case .unauthorized(let detail):
            return "not signed in: the server refused the token (\(detail)); check --token-file or PRELOOP_TOKEN"
        case .forbidden(let detail):
            return "not allowed: \(detail)"
        case .notFound(let detail):
            return "not found: \(detail)"
        case .alreadyDecided(let status):
            return "already decided by someone else: the request is \(status.rawValue)"
        case .badRequest(let detail):
            return "the server refused the request: \(detail)"
        case .payloadTooLarge(let detail):
            return "the request was too large for the server: \(detail)"
        case .rejected(let detail):
            return "the server rejected the input: \(detail)"
        case .serverError(let status, let detail):
            return "the server failed (HTTP \(status)): \(detail)"
        case .unreadableResponse(let path, let reason):
            return "the server's answer to \(path) could not be read: \(reason)"
        case .invalidConfiguration(let reason):
            return "invalid configuration: \(reason)"
        }
    }

    /// The cause in a few words, for a status line: what a person would check first.
    public var shortCause: String {
        switch self {
        case .unreachable: "unreachable"
        case .timedOut: "timed out"
        case .unauthorized: "token refused"
        case .forbidden: "not allowed"
        case .notFound: "not found"
        case .alreadyDecided: "already decided"
        case .badRequest, .payloadTooLarge, .rejected: "request refused"
        case .serverError(let status, _): "server error \(status)"
        case .unreadableResponse: "bad answer from the server"
        case .invalidConfiguration: "bad configuration"
        }
    }

    /// Whether the server answered and refused this client (401, 403): it is up, but nothing
    /// changes until the token or its role does, so the console is offline at once.
    public var refusesThisClient: Bool {
        switch self {
        case .unauthorized, .forbidden: true
        default: false
        }
    }

    /// Whether retrying later may help (the server or the network is the problem, not the request).
    public var isTransient: Bool {
        switch self {
        case .unreachable, .timedOut, .serverError: true
        default: false
        }
    }

    /// Maps an HTTP status and its body (in either Preloop error shape) to an error.
    public static func from(status: Int, body: Data, path: String) -> ClientError {
        let detail: String
        if let decoded = try? JSONDecoder().decode(PreloopErrorBody.self, from: body) {
            detail = decoded.message
        } else if body.isEmpty {
            detail = "HTTP \(status) with an empty body"
        } else {
            detail = String(decoding: body.prefix(300), as: UTF8.self)
        }
        switch status {
        case 400:
            let prefix = "Request already "
            if detail.hasPrefix(prefix) {
                return .alreadyDecided(status: ApprovalStatus(rawValue: String(detail.dropFirst(prefix.count))))
            }
            return .badRequest(detail: detail)
        case 401: return .unauthorized(detail: detail)
        case 403: return .forbidden(detail: detail)
        case 404: return .notFound(detail: detail)
        case 413: return .payloadTooLarge(detail: detail)
        case 422: return .rejected(detail: detail)
        default: return .serverError(status: status, detail: detail)
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}

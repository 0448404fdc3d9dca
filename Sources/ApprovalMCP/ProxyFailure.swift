import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Why the stdio proxy could not get the gateway's answer, in words that name the cause and
/// say whether the call can have run. Never the server's address or the token.
enum ProxyFailure: Error, Equatable, Sendable {
    /// Nothing was sent: no server listens there (refused, unknown host).
    case unreachable
    /// The connection broke or timed out after the call was sent.
    case lost
    case unauthorized  // 401
    case forbidden  // 403
    case tooLarge  // 413
    case unprocessable  // 422
    case status(Int)
    /// An answer that is not a JSON-RPC response.
    case unreadableAnswer
    /// The calling task was cancelled (the agent cancelled the call or went away).
    case cancelled

    /// The failure an HTTP status means, or nil for success.
    init?(status: Int) {
        switch status {
        case 200..<300: return nil
        case 401: self = .unauthorized
        case 403: self = .forbidden
        case 413: self = .tooLarge
        case 422: self = .unprocessable
        default: self = .status(status)
        }
    }

    init(_ error: any Error) {
        guard let error = error as? URLError else {
            self = .lost
            return
        }
        switch error.code {
        case .cancelled: self = .cancelled
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet, .badURL,
            .unsupportedURL:
            self = .unreachable
        default: self = .lost
        }
    }

    /// What the agent reads.
    var message: String {
        switch self {
        case .unreachable:
            "The approval server is not reachable (is `approval-tui serve` or the console running?); the call did not run."
        case .lost:
            "The connection to the approval server broke before its answer came. A call that was waiting for approval "
                + "was cancelled by the server and will not run; a tool that needed no approval may have run. "
                + "Check before retrying."
        case .unauthorized:
            "The approval server refused the agent token (HTTP 401: unknown or revoked). Check --token-file or "
                + "DIR/agent.token (approval-tui token create --name NAME --role agent); the call did not run."
        case .forbidden:
            "The approval server refused this token for tool calls (HTTP 403: it is not an agent token). Use an agent "
                + "token (approval-tui token create --name NAME --role agent); the call did not run."
        case .tooLarge:
            "The call is too large for the approval server (HTTP 413: the request is over its body limit); the call "
                + "did not run. Send smaller arguments."
        case .unprocessable:
            "The approval server could not accept the call's content (HTTP 422); the call did not run."
        case .status(let code):
            "The approval server answered HTTP \(code) instead of a result; the call did not complete. Check the "
                + "server's log before retrying."
        case .unreadableAnswer:
            "The approval server's answer could not be read as JSON-RPC; the call may have run. Check before retrying."
        case .cancelled:
            "The call was cancelled before the approval server answered; a call waiting for approval will not run."
        }
    }
}

import ApprovalModel
import Foundation

/// JSON responses in Preloop's shapes.
enum Reply {
    static func json<T: Encodable>(_ value: T, status: HTTPStatusCode = .ok) -> HTTPResponse {
        // Verbatim: a request's tool_args go out as the agent sent them. Then C0, C1, bidi and
        // invisible characters are written as \uXXXX (the same JSON value), so an answer shown
        // raw (curl, a log) cannot drive a terminal: paths, inputs and agents' text are echoed.
        let body = (try? VerbatimJSON.encode(value, with: JSONEncoder.preloop())) ?? Data("null".utf8)
        return jsonBody(terminalSafe(body), status: status)
    }

    /// Already-encoded JSON, sent as it is: the caller has made it ``terminalSafe(_:)``.
    static func jsonBody(_ body: Data, status: HTTPStatusCode = .ok) -> HTTPResponse {
        HTTPResponse(statusCode: status, headers: [.contentType: "application/json"], body: body)
    }

    /// `body` (JSON) with every control, bidi and invisible character escaped; ASCII as it is.
    static func terminalSafe(_ body: Data) -> Data {
        InvisibleScalars.terminalSafeJSON(body)
    }

    /// `{"detail": "<text>"}`.
    static func detail(_ text: String, status: HTTPStatusCode, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var response = json(PreloopErrorBody(detail: .message(text)), status: status)
        for (name, value) in headers { response.headers[name] = value }
        return response
    }

    /// FastAPI's 422 `{"detail": [issues]}`.
    static func validation(_ issues: [ValidationIssue]) -> HTTPResponse {
        json(PreloopErrorBody(detail: .validation(issues)), status: .unprocessableContent)
    }

    static let notFound = detail("Not Found", status: .notFound)
    static let notAuthenticated = detail(
        "Not authenticated", status: .unauthorized, headers: [HTTPHeader("WWW-Authenticate"): "Bearer"])
    static let invalidCredentials = detail(
        "Invalid authentication credentials", status: .unauthorized, headers: [HTTPHeader("WWW-Authenticate"): "Bearer"])
    static let forbidden = detail("Not enough permissions", status: .forbidden)
    /// The body is not read, so the connection is closed after this answer (its bytes are never parsed as a request).
    static let bodyTooLarge = detail(
        "Request body too large", status: .payloadTooLarge, headers: [.connection: "close"])
    /// 503: the database is gone or cannot be written, so nothing was (or will be) stored.
    static func storageUnavailable(_ problem: String) -> HTTPResponse {
        detail("Storage unavailable: \(problem)", status: .serviceUnavailable)
    }

    /// 304 with no body: the list named by `If-None-Match` is still `tag`.
    static func notModified(_ tag: String) -> HTTPResponse {
        HTTPResponse(statusCode: .notModified, headers: [HTTPHeader("ETag"): tag])
    }

    static let internalError = detail("Internal server error", status: .internalServerError)
}

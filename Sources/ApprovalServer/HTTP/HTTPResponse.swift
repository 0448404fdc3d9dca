import Foundation

// The server's own HTTP value types. Routes build these; `HTTPListener` converts them to and from
// Hummingbird's at one place, so no route depends on the HTTP library. (Inside this module the names
// shadow swift-http-types' `HTTPResponse`; the listener names those `HTTPTypes.…`.)

/// A request method (`GET`, `POST`, …), compared exactly.
struct HTTPMethod: RawRepresentable, Hashable, Sendable {
    var rawValue: String
    init(rawValue: String) { self.rawValue = rawValue }

    static let GET = HTTPMethod(rawValue: "GET")
    static let POST = HTTPMethod(rawValue: "POST")
    static let PUT = HTTPMethod(rawValue: "PUT")
    static let DELETE = HTTPMethod(rawValue: "DELETE")
}

/// A status code; `phrase` is only for the status line.
struct HTTPStatusCode: Hashable, Sendable {
    var code: Int
    var phrase: String

    init(_ code: Int, phrase: String = "") {
        self.code = code
        self.phrase = phrase
    }

    static let ok = HTTPStatusCode(200, phrase: "OK")
    static let created = HTTPStatusCode(201, phrase: "Created")
    static let accepted = HTTPStatusCode(202, phrase: "Accepted")
    static let notModified = HTTPStatusCode(304, phrase: "Not Modified")
    static let badRequest = HTTPStatusCode(400, phrase: "Bad Request")
    static let unauthorized = HTTPStatusCode(401, phrase: "Unauthorized")
    static let forbidden = HTTPStatusCode(403, phrase: "Forbidden")
    static let notFound = HTTPStatusCode(404, phrase: "Not Found")
    static let methodNotAllowed = HTTPStatusCode(405, phrase: "Method Not Allowed")
    static let payloadTooLarge = HTTPStatusCode(413, phrase: "Content Too Large")
    static let unprocessableContent = HTTPStatusCode(422, phrase: "Unprocessable Content")
    static let internalServerError = HTTPStatusCode(500, phrase: "Internal Server Error")
    static let serviceUnavailable = HTTPStatusCode(503, phrase: "Service Unavailable")
}

/// A header name, compared without regard to case.
struct HTTPHeader: Hashable, Sendable {
    let rawValue: String

    init(_ name: String) { rawValue = name }

    static func == (lhs: HTTPHeader, rhs: HTTPHeader) -> Bool {
        lhs.rawValue.caseInsensitiveCompare(rhs.rawValue) == .orderedSame
    }

    func hash(into hasher: inout Hasher) { hasher.combine(rawValue.lowercased()) }

    static let contentType = HTTPHeader("Content-Type")
    static let authorization = HTTPHeader("Authorization")
    static let connection = HTTPHeader("Connection")
}

typealias HTTPHeaders = [HTTPHeader: String]

/// A response: status, headers and a body, whole or (``stream``) written as it is produced.
struct HTTPResponse: Sendable {
    var statusCode: HTTPStatusCode
    var headers: HTTPHeaders
    var body: Data
    /// When set, the body is these chunks, sent as they come (chunked, no `Content-Length`), and
    /// `body` is ignored. The producer hears of a client that goes away through the stream's end.
    var stream: AsyncStream<Data>?

    init(statusCode: HTTPStatusCode, headers: HTTPHeaders = [:], body: Data = Data(), stream: AsyncStream<Data>? = nil) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
        self.stream = stream
    }

    /// True when the connection is to be closed once this response is written (a refused body
    /// that was not read).
    var closesConnection: Bool { headers[.connection]?.lowercased() == "close" }
}

import Foundation

/// One request as the router sees it, independent of the HTTP library: the head, and a way to read
/// the body that stops at a limit (so a refused body is never read whole).
struct IncomingRequest: Sendable {
    var method: HTTPMethod
    /// The path as sent, percent-encoding kept, without the query.
    var path: String
    /// Query items in order, percent-decoded (`+` is a space).
    var query: [(name: String, value: String)]
    /// The first value of each header.
    var headers: HTTPHeaders
    /// The declared `Content-Length`, if any.
    var contentLength: Int?
    /// Reads the body; nil as soon as it is longer than the given limit.
    var readBody: @Sendable (_ limit: Int) async throws -> Data?

    /// Query items of `query` (the part after `?`).
    static func queryItems(_ query: Substring?) -> [(name: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}

import ApprovalModel
import Foundation

/// One HTTP request as a transport sees it: method, absolute URL (path and query included),
/// headers and an optional body. Named apart from swift-http-types' `HTTPRequest` (Hummingbird's) so that code
/// importing both modules needs no qualification.
public struct TransportRequest: Sendable, Hashable {
    /// The HTTP methods the approval API uses.
    public enum Method: String, Sendable, Hashable, CaseIterable {
        case get = "GET"
        case post = "POST"
        case put = "PUT"
        case delete = "DELETE"
    }

    /// GET, POST, PUT or DELETE.
    public var method: Method
    /// The absolute URL, query included.
    public var url: URL
    /// Header names as sent; at most one value per name.
    public var headers: [String: String]
    /// The body, or nil for none.
    public var body: Data?

    public init(method: Method, url: URL, headers: [String: String] = [:], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

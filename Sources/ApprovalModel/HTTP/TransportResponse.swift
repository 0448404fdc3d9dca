import Foundation

/// One HTTP answer as a transport received it, whatever its status.
public struct TransportResponse: Sendable, Hashable {
    /// The HTTP status code, e.g. 200 or 404.
    public var status: Int
    /// Header names as received (lower-cased by `URLSessionTransport`).
    public var headers: [String: String]
    /// The body as received; empty when there was none.
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Whether the status is in 200…299.
    public var isSuccess: Bool { (200..<300).contains(status) }
}

import Foundation

/// An authenticated request for a ``ServerMount``, independent of the HTTP library.
public struct MountedRequest: Sendable {
    public var method: String
    /// The path as sent, with a leading slash and without the query.
    public var path: String
    /// Header names as sent; look them up with ``header(_:)``.
    public var headers: [String: String]
    public var body: Data
    public var caller: Caller

    public init(method: String, path: String, headers: [String: String], body: Data, caller: Caller) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.caller = caller
    }

    /// Case-insensitive header lookup.
    public func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

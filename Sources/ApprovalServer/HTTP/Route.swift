import Foundation

/// One route: method, path pattern (`{}` marks a parameter), access and handler.
struct Route: Sendable {
    var method: HTTPMethod
    var pattern: [String]
    var access: Access
    var handle: @Sendable (ServerContext, APIRequest) async throws -> HTTPResponse

    init(_ method: HTTPMethod, _ path: String, _ access: Access,
         _ handle: @escaping @Sendable (ServerContext, APIRequest) async throws -> HTTPResponse) {
        self.method = method
        self.pattern = path.split(separator: "/").map(String.init)
        self.access = access
        self.handle = handle
    }

    /// The parameters when `segments` fit the pattern.
    func match(_ segments: [String]) -> [String]? {
        guard segments.count == pattern.count else { return nil }
        var parameters: [String] = []
        for (part, segment) in zip(pattern, segments) {
            if part == "{}" {
                parameters.append(segment)
            } else if part != segment {
                return nil
            }
        }
        return parameters
    }
}

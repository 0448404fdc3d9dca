import ApprovalClient
import ApprovalModel
import Foundation

/// Why an agent call failed, in words for the person running the script.
enum AgentError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The command line asked for something impossible (bad --args JSON, no token).
    case badArguments(String)
    /// The server could not be reached or did not answer in time.
    case unreachable(String)
    /// The server answered with an error status and said why (401, 403, 404, 422 …).
    case refused(status: Int, detail: String)
    /// The server answered 2xx with something that is not a JSON object.
    case unreadable(String)

    var description: String {
        switch self {
        case .badArguments(let text), .unreachable(let text), .unreadable(let text): text
        case .refused(let status, let detail): "the server refused the call (\(status)): \(detail)"
        }
    }

    /// Preloop's `detail`: a string, or a list of validation issues as `field: message`.
    static func detail(of object: [String: JSONValue]?, body: Data) -> String {
        switch object?["detail"] {
        case .string(let text)?: return text
        case .array(let issues)?:
            return issues.compactMap { issue -> String? in
                guard case .object(let fields) = issue else { return nil }
                var location = ""
                if case .array(let parts)? = fields["loc"] {
                    location = parts.compactMap { part -> String? in
                        if case .string(let text) = part { return text }
                        if case .integer(let number) = part { return String(number) }
                        return nil
                    }.joined(separator: ".")
                }
                guard case .string(let message)? = fields["msg"] else { return nil }
                return location.isEmpty ? message : "\(location): \(message)"
            }.joined(separator: "; ")
        default:
            return String(decoding: body.prefix(200), as: UTF8.self)
        }
    }
}

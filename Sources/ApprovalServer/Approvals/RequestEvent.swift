import ApprovalModel
import Foundation

/// One entry of a request's timeline, as `get_approval_status` reports it.
struct RequestEvent: Sendable, Hashable {
    var at: Date
    var type: String
    var detail: String
    var comment: String?

    var json: JSONValue {
        var object: [String: JSONValue] = [
            "timestamp": .string(PreloopTimestamp.zulu(at)), "type": .string(type), "detail": .string(detail),
        ]
        if let comment { object["comment"] = .string(comment) }
        return .object(object)
    }
}

import ApprovalModel
import Foundation

/// An event the server pushes to approvers: the flat `approval_*` JSON or a flow event in its
/// envelope, as Preloop sends them on the unified websocket. Never carries a token or a URL.
enum PushEvent: Sendable, Hashable {
    case approval(ApprovalEvent)
    case flow(FlowEvent)

    /// `approval_created`, `approval_approved`, … for `request` as it is now.
    static func approval(_ type: String, _ request: StoredRequest, at time: Date, approvals: Int? = nil) -> PushEvent {
        var event = ApprovalEvent(type: type, request: request.wire, at: time)
        if let approvals {
            event.approvalCount = approvals
            event.approvalsRequired = request.approvalsRequired
        }
        return .approval(event)
    }

    /// `execution_started`, `status_update` or `agent_log_line` for one execution.
    static func flow(_ type: String, executionID: String, flowID: String?, payload: JSONValue, at time: Date) -> PushEvent {
        var event = FlowEvent(executionID: executionID, flowID: flowID, type: type, payload: payload, at: time)
        event.accountID = ServerIdentity.accountID
        return .flow(event)
    }

    /// The text frame: approval timestamps naive, flow timestamps with `+00:00`, keys sorted.
    var text: String {
        let encoder = JSONEncoder.preloop()
        let data: Data?
        switch self {
        case .approval(let event): data = try? VerbatimJSON.encode(event, with: encoder)
        case .flow(let event): data = try? encoder.encode(event)
        }
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

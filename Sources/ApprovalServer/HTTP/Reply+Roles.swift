import Foundation

extension Reply {
    /// 403 for a token of the wrong role, saying which rule refused it.
    static func wrongRole(_ caller: Caller?) -> HTTPResponse {
        switch caller?.role {
        case .agent?:
            detail(
                "Not enough permissions: '\(caller?.name ?? "")' holds an agent token, and agent credentials can never "
                    + "read or decide approval requests", status: .forbidden)
        case .approver?:
            detail(
                "Not enough permissions: '\(caller?.name ?? "")' holds an approver token, and approver credentials can "
                    + "never create or poll tool calls (use an agent token)", status: .forbidden)
        case nil:
            forbidden
        }
    }
}

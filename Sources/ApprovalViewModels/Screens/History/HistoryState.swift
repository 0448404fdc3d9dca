import ApprovalModel

/// The history screen: decided requests from the server (approved, declined, expired,
/// cancelled), newest decision first, why they could not be read, and where the list stands.
/// Read afresh each time the screen opens and on `r`; the filter matches tool, status,
/// who decided and the comment.
public struct HistoryState: Equatable, Sendable, ListScreenState {
    public internal(set) var requests: [ApprovalRequest] = []
    public internal(set) var hasLoaded = false
    public internal(set) var error: ClientError?
    public internal(set) var selection = ListSelection<String>()

    public init() {}

    public var visibleRequests: [ApprovalRequest] {
        let filter = selection.filter
        guard !filter.isEmpty else { return requests }
        return requests.filter { request in
            [request.toolName, request.status.rawValue, HistoryTable.decidedBy(request), request.approverComment ?? ""]
                .contains { $0.range(of: filter, options: .caseInsensitive) != nil }
        }
    }

    mutating func apply(_ result: Result<[ApprovalRequest], ClientError>) {
        changeRows { history in
            switch result {
            case .success(let read):
                history.requests = HistoryTable.decided(read, since: nil)
                history.error = nil
            case .failure(let failure):
                history.error = failure
            }
        }
        hasLoaded = true
    }

    var visibleIDs: [String] { visibleRequests.map(\.id) }

    /// The focused decided request, if it is visible.
    public var focusedRequest: ApprovalRequest? {
        guard let id = selection.focusedID else { return nil }
        return visibleRequests.first { $0.id == id }
    }
}

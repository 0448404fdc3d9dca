import Foundation

extension PreloopClient {
    // MARK: - Approval requests

    /// Every approval request (optionally only those with `status`), newest first, fetched page by
    /// page (`skip`/`limit` = 100) until a short page.
    ///
    /// The list can shift while it is paged (a new request pushes the others down), so ids seen on
    /// an earlier page are dropped, keeping the first copy. A page that brings nothing new ends
    /// the walk, so a server that ignores `skip` cannot make it loop.
    ///
    /// - Throws: `ClientError`; nothing is returned when any page fails.
    public func listApprovalRequests(status: ApprovalStatus? = nil) async throws(ClientError) -> [ApprovalRequest] {
        try await allPages { (skip, limit) async throws(ClientError) in
            try await approvalRequests(status: status, skip: skip, limit: limit)
        }
    }

    /// One page of approval requests, newest first: `GET /approval-requests?skip=&limit=&status=`.
    ///
    /// - Parameter limit: 1…100; Preloop answers 422 above 100.
    public func approvalRequests(
        status: ApprovalStatus? = nil, skip: Int = 0, limit: Int = PreloopClient.pageSize
    ) async throws(ClientError) -> [ApprovalRequest] {
        var query = [URLQueryItem(name: "skip", value: String(skip)), URLQueryItem(name: "limit", value: String(limit))]
        if let status { query.append(URLQueryItem(name: "status", value: status.rawValue)) }
        let response = try checked(try await send(.get, "/approval-requests", query: query))
        let requests = try decode([ApprovalRequest].self, from: response, path: "/approval-requests")
        return ApprovalRequest.withArgumentsText(requests, body: response.body)
    }

    /// One approval request: `GET /approval-requests/{id}`.
    ///
    /// - Throws: `.notFound` for an unknown id (or one of another account).
    public func approvalRequest(id: String) async throws(ClientError) -> ApprovalRequest {
        let path = "/approval-requests/\(Self.segment(id))"
        let response = try checked(try await send(.get, path))
        let request = try decode(ApprovalRequest.self, from: response, path: path)
        return ApprovalRequest.withArgumentsText([request], body: response.body)[0]
    }

    /// Approves or declines a request and returns it as the server now has it.
    ///
    /// POSTs `{"approved": true|false, "comment": <text|null>}` to `/approve` or `/decline` (Preloop
    /// requires `approved` on both). A blank comment is sent as null. Under a quorum policy the
    /// returned request can still be `pending`: the vote was counted, the quorum not yet reached.
    ///
    /// - Throws: `.alreadyDecided(status:)` when someone decided it first (HTTP 400
    ///   `Request already <status>`), `.forbidden` for another account's request, `.notFound`.
    public func decide(id: String, verdict: Verdict, comment: String?) async throws(ClientError) -> ApprovalRequest {
        let trimmed = comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        let decision = ApprovalDecision(
            approved: verdict == .approve, comment: (trimmed?.isEmpty ?? true) ? nil : comment)
        let headers = decisionSource.map { [DecisionSource.header: $0.rawValue] } ?? [:]
        return try await post(
            ApprovalRequest.self, "/approval-requests/\(Self.segment(id))/\(verdict.pathSegment)", body: decision,
            headers: headers)
    }

    // MARK: - Paging

    /// Calls `fetch(skip, limit)` with `limit` = `pageSize` until a page is short or brings no new
    /// id, and returns the items in order, each id once.
    func allPages<Item: Identifiable>(
        _ fetch: (Int, Int) async throws(ClientError) -> [Item]
    ) async throws(ClientError) -> [Item] where Item.ID: Hashable {
        var items: [Item] = []
        var seen = Set<Item.ID>()
        var skip = 0
        while true {
            let page = try await fetch(skip, Self.pageSize)
            var added = 0
            for item in page where seen.insert(item.id).inserted {
                items.append(item)
                added += 1
            }
            if page.count < Self.pageSize || added == 0 { return items }
            skip += page.count
        }
    }
}

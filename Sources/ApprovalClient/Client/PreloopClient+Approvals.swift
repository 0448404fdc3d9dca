import ApprovalModel
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
    /// A server that tags its lists (the local server's `ETag`, which names the state of every
    /// request) is asked for the first page with `If-None-Match`; a 304 returns the list from the
    /// last walk as it is, without another page.
    ///
    /// - Throws: `ClientError`; nothing is returned when any page fails.
    public func listApprovalRequests(status: ApprovalStatus? = nil) async throws(ClientError) -> [ApprovalRequest] {
        try await allTaggedPages(memo: requestListMemo, key: status?.rawValue ?? "*") {
            (skip, limit, ifNoneMatch) async throws(ClientError) in
            try await approvalRequestPage(status: status, skip: skip, limit: limit, ifNoneMatch: ifNoneMatch)
        }
    }

    /// Every request that ended with one of `statuses` (all ended ones by default), one listing per
    /// status: `status=` is the filter both Preloop and the local server have.
    public func decidedRequests(statuses: [ApprovalStatus] = ApprovalStatus.ended) async throws(ClientError) -> [ApprovalRequest] {
        var requests: [ApprovalRequest] = []
        for status in statuses { requests += try await listApprovalRequests(status: status) }
        return requests
    }

    /// One page of approval requests, newest first: `GET /approval-requests?skip=&limit=&status=`.
    ///
    /// - Parameter limit: 1…100; Preloop answers 422 above 100.
    public func approvalRequests(
        status: ApprovalStatus? = nil, skip: Int = 0, limit: Int = PreloopClient.pageSize
    ) async throws(ClientError) -> [ApprovalRequest] {
        try await approvalRequestPage(status: status, skip: skip, limit: limit, ifNoneMatch: nil).items ?? []
    }

    /// A page and its `ETag`; `items` is nil when the server answered 304 to `ifNoneMatch`.
    func approvalRequestPage(
        status: ApprovalStatus?, skip: Int, limit: Int, ifNoneMatch: String?
    ) async throws(ClientError) -> (items: [ApprovalRequest]?, tag: String?) {
        var query = [URLQueryItem(name: "skip", value: String(skip)), URLQueryItem(name: "limit", value: String(limit))]
        if let status { query.append(URLQueryItem(name: "status", value: status.rawValue)) }
        let (response, tag) = try await taggedGet(
            "/approval-requests", query: query, ifNoneMatch: ifNoneMatch, memo: requestListMemo)
        guard let response else { return (nil, tag) }
        let decodePage = { () throws(ClientError) -> [ApprovalRequest] in
            ApprovalRequest.withArgumentsText(
                try self.decode([ApprovalRequest].self, from: response, path: "/approval-requests"), body: response.body)
        }
        guard tag == nil else { return (try decodePage(), tag) }  // a tagged list is skipped whole on a 304
        // A server without tags (Preloop): the same bytes as this page last time are the same
        // requests, not decoded again. The digest is seeded afresh in each process, so a server
        // cannot aim a collision at it.
        let key = status?.rawValue ?? "*"
        var hasher = Hasher()
        response.body.withUnsafeBytes { hasher.combine(bytes: $0) }
        let digest = hasher.finalize()
        if let same = await requestListMemo.page(for: key, skip: skip, limit: limit, digest: digest) { return (same, tag) }
        let requests = try decodePage()
        await requestListMemo.rememberPage(requests, for: key, skip: skip, limit: limit, digest: digest)
        return (requests, tag)
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

    /// A GET and its `ETag`; the response is nil when the server answered 304 to `ifNoneMatch`.
    /// A page size the server offers (`Approval-Page-Limit`) is handed to `memo`.
    func taggedGet<Item>(
        _ path: String, query: [URLQueryItem], ifNoneMatch: String?, memo: ListMemo<Item>
    ) async throws(ClientError) -> (response: TransportResponse?, tag: String?) {
        let exchange = try await send(.get, path, query: query, headers: ifNoneMatch.map { ["If-None-Match": $0] } ?? [:])
        let tag = exchange.0.headers["etag"]
        await memo.offer(pageLimit: exchange.0.headers["approval-page-limit"])
        if exchange.0.status == 304, ifNoneMatch != nil { return (nil, tag) }
        return (try checked(exchange), tag)
    }

    /// ``allPages(_:)`` for a server that may tag its lists: the first page is asked for with the
    /// tag of the last walk (`If-None-Match`); when the server answers 304, that walk's items come
    /// back as they are, with no other page fetched. The tag of the first page is kept with the
    /// items (the local server's tag names the whole list; a server without tags keeps nothing).
    /// Pages are as large as the server last offered (see ``ListMemo``).
    func allTaggedPages<Item: Identifiable & Sendable>(
        memo: ListMemo<Item>, key: String,
        _ fetch: (Int, Int, String?) async throws(ClientError) -> (items: [Item]?, tag: String?)
    ) async throws(ClientError) -> [Item] where Item.ID: Hashable {
        let limit = await memo.pageLimit
        do {
            return try await walkTaggedPages(memo: memo, key: key, fetch)
        } catch .rejected where limit > Self.pageSize {
            // The server took large pages before and refuses them now (it changed): back to 100.
            await memo.forgetPageLimit()
            return try await walkTaggedPages(memo: memo, key: key, fetch)
        }
    }

    private func walkTaggedPages<Item: Identifiable & Sendable>(
        memo: ListMemo<Item>, key: String,
        _ fetch: (Int, Int, String?) async throws(ClientError) -> (items: [Item]?, tag: String?)
    ) async throws(ClientError) -> [Item] where Item.ID: Hashable {
        let known = await memo.tag(for: key)
        let firstLimit = await memo.pageLimit
        let first = try await fetch(0, firstLimit, known)
        if first.items == nil, let known, let items = await memo.items(for: key, tagged: known) { return items }
        var end = 0
        var pages: [[Item]] = []
        let walked = try await allPages(firstLimit: firstLimit, limit: await memo.pageLimit) {
            (skip, limit) async throws(ClientError) in
            end = skip + limit
            let page: [Item]
            if skip == 0, let firstPage = first.items {
                page = firstPage
            } else {
                page = try await fetch(skip, limit, nil).items ?? []
            }
            pages.append(page)
            return page
        }
        await memo.forgetPages(for: key, from: end)
        let items = first.tag == nil ? await memo.endWalk(pages: pages, items: walked, for: key) : walked
        await memo.remember(items, tag: first.tag, for: key)
        return items
    }

    /// Calls `fetch(skip, limit)` until a page is short or brings no new id, and returns the items
    /// in order, each id once. The first page is asked for with `firstLimit`, the others with
    /// `limit`. A page is short when it holds fewer than Preloop's 100, or fewer than it was
    /// asked for and it was asked for no more than 100: a server that offered larger pages but
    /// serves fewer is asked for the next page rather than trusted to have no more.
    func allPages<Item: Identifiable>(
        firstLimit: Int, limit: Int,
        _ fetch: (Int, Int) async throws(ClientError) -> [Item]
    ) async throws(ClientError) -> [Item] where Item.ID: Hashable {
        var items: [Item] = []
        var seen = Set<Item.ID>()
        var skip = 0
        while true {
            let asked = skip == 0 ? firstLimit : limit
            let page = try await fetch(skip, asked)
            var added = 0
            for item in page where seen.insert(item.id).inserted {
                items.append(item)
                added += 1
            }
            // The walk's array outlives it (the memo, the poller and the console share it): no
            // room left over from doubling, which at 10,000 requests is 6,000 unused slots.
            if page.count < min(asked, Self.pageSize) || added == 0 { return items.withUnsafeBufferPointer { Array($0) } }
            skip += page.count
        }
    }
}

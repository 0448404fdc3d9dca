import ApprovalModel
import Foundation

extension PreloopClient {
    // MARK: - Flows and executions

    /// Every flow of the account: `GET /flows`.
    public func flows() async throws(ClientError) -> [Flow] {
        try await get([Flow].self, "/flows")
    }

    /// One page of flow executions across the account, newest start first:
    /// `GET /flows/executions?skip=&limit=`.
    public func flowExecutions(skip: Int = 0, limit: Int = PreloopClient.pageSize) async throws(ClientError) -> [FlowExecution] {
        let query = [URLQueryItem(name: "skip", value: String(skip)), URLQueryItem(name: "limit", value: String(limit))]
        return try await get([FlowExecution].self, "/flows/executions", query: query)
    }

    /// Every flow execution of the account, fetched page by page (100 a page, or what the server offers) until a short page;
    /// each id once. Unchanged since the last walk (a server that tags the list answers 304 to its
    /// tag), the last walk's executions come back without another page.
    public func allFlowExecutions() async throws(ClientError) -> [FlowExecution] {
        try await allTaggedPages(memo: executionListMemo, key: "*") { (skip, limit, ifNoneMatch) async throws(ClientError) in
            let query = [URLQueryItem(name: "skip", value: String(skip)), URLQueryItem(name: "limit", value: String(limit))]
            let (response, tag) = try await taggedGet(
                "/flows/executions", query: query, ifNoneMatch: ifNoneMatch, memo: executionListMemo)
            guard let response else { return (nil, tag) }
            return (try decode([FlowExecution].self, from: response, path: "/flows/executions"), tag)
        }
    }

    /// One flow execution: `GET /flows/executions/{id}`. Preloop leaves `flowName` nil here.
    public func flowExecution(id: String) async throws(ClientError) -> FlowExecution {
        try await get(FlowExecution.self, "/flows/executions/\(Self.segment(id))")
    }

    /// Stored log entries of an execution: `GET /flows/executions/{id}/logs`.
    ///
    /// Parameters left nil are not sent. Preloop ignores `tail` for database-sourced logs and
    /// returns every line, so callers must bound what they keep themselves.
    public func executionLogs(
        id: String, skip: Int? = nil, limit: Int? = nil, tail: Int? = nil
    ) async throws(ClientError) -> ExecutionLogPage {
        var query: [URLQueryItem] = []
        if let skip { query.append(URLQueryItem(name: "skip", value: String(skip))) }
        if let limit { query.append(URLQueryItem(name: "limit", value: String(limit))) }
        if let tail { query.append(URLQueryItem(name: "tail", value: String(tail))) }
        return try await get(ExecutionLogPage.self, "/flows/executions/\(Self.segment(id))/logs", query: query)
    }

    /// Usage counters of an execution: `GET /flows/executions/{id}/metrics`.
    public func executionMetrics(id: String) async throws(ClientError) -> ExecutionMetrics {
        try await get(ExecutionMetrics.self, "/flows/executions/\(Self.segment(id))/metrics")
    }

    /// Asks the server to stop a run: `POST /flows/executions/{id}/command` with
    /// `{"command": "stop"}`. Preloop answers `{"status": "stopped"}`, also for a run already stopped.
    public func stopExecution(id: String) async throws(ClientError) -> StatusReply {
        try await post(StatusReply.self, "/flows/executions/\(Self.segment(id))/command", body: ExecutionCommand.stop)
    }
}

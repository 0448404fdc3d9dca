import ApprovalModel
import Foundation

/// `/api/v1/approval-requests…`: list, get and decide, as Preloop answers them.
enum ApproverRoutes {
    @Sendable static func list(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        var issues: [ValidationIssue] = []
        // Preloop stops at 100 a page; we take up to 1,000 and say so (`Approval-Page-Limit`).
        let (skip, limit) = request.paging(defaultLimit: 50, maxLimit: ChangeCounter.largestPage, issues: &issues)
        var status: ApprovalStatus?
        if let text = request.query["status"] {
            let parsed = ApprovalStatus(rawValue: text)
            if case .other = parsed {
                // Preloop answers 500 here (an enum cast); a clear 422 is kinder and still an error.
                issues.append(ValidationIssue(
                    type: "enum", loc: ["query", "status"],
                    msg: "Input should be 'pending', 'approved', 'declined', 'expired' or 'cancelled'",
                    input: .string(text)))
            } else {
                status = parsed
            }
        }
        if !issues.isEmpty { return Reply.validation(issues) }
        // Our extension: the tag names the state of every request (not only this page), so a client
        // that sees page 0 unchanged knows every page is. Due requests expire first: that is a change.
        let now = context.clock()
        try await context.database.expireDueIfAny(now: now)
        let tag = try await context.database.requestListTag
        return try await ChangeCounter.tagged(request, tag: tag) {
            Reply.jsonBody(try await context.database.requestPageJSON(
                status: status, executionID: request.query["execution_id"], skip: skip, limit: limit,
                cache: context.wireCache))
        }
    }

    @Sendable static func get(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        let id = request.parameters[0]
        if let issue = FieldCheck.uuidIssue(id, name: "request_id") { return Reply.validation([issue]) }
        guard let row = try await context.database.request(id: id.lowercased(), now: context.clock()) else {
            return Reply.detail("Approval request not found", status: .notFound)
        }
        return Reply.json(try await context.database.wire([row])[0])
    }

    /// approve / decline / decide. `verdict` is nil for `/decide`, which reads `approved`.
    static func decide(_ context: ServerContext, _ request: APIRequest, _ verdict: Verdict?) async throws -> HTTPResponse {
        let id = request.parameters[0]
        var issues: [ValidationIssue] = []
        if let issue = FieldCheck.uuidIssue(id, name: "request_id") { issues.append(issue) }
        var approved: Bool?
        var comment: String?
        switch request.jsonObject(required: true) {
        case .failure(let bodyIssues):
            issues += bodyIssues.issues
        case .success(let object):
            let object = object ?? [:]
            switch object["approved"] {
            case nil: issues.append(FieldCheck.missing(["body", "approved"], input: .object(object)))
            case let value?:
                if let flag = FieldCheck.bool(value) { approved = flag } else {
                    issues.append(FieldCheck.notBool(["body", "approved"], input: value))
                }
            }
            switch FieldCheck.optionalString(object, "comment") {
            case .success(let text):
                comment = text
                if let text, let issue = TextField.freeTextIssue(text, field: "comment") { issues.append(issue) }
            case .failure(let issue): issues += issue.issues
            }
        }
        guard issues.isEmpty, let approved, let caller = request.caller else { return Reply.validation(issues) }
        let approve = verdict.map { $0 == .approve } ?? approved
        let outcome = try await context.database.vote(
            id: id.lowercased(), voter: caller, approved: approve, comment: comment,
            source: DecisionSource(header: request.header(DecisionSource.header)), now: context.clock())
        switch outcome {
        case .notFound:
            return Reply.detail("Approval request not found", status: .notFound)
        case .alreadyDecided(let status):
            return Reply.detail("Request already \(status.rawValue)", status: .badRequest)
        case .alreadyVoted(let name, let required):
            return Reply.detail(
                "Already voted: '\(name)' has already voted on this request, and a quorum counts each principal "
                    + "once (this one needs \(required) different approvers; more tokens of the same principal do not count)",
                status: .badRequest)
        case .recorded(let row):
            return Reply.json(try await context.database.wire([row])[0])
        }
    }
}

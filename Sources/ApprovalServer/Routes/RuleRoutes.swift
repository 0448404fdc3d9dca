import SQLiteSupport
import ApprovalModel
import Foundation

/// Access rules, as Preloop serves them: on a tool configuration (list, create) and by id
/// (update, delete). Approver tokens only: the router answers an agent's token with 403 on every
/// one of these paths, so no agent can make, change or remove a rule.
enum RuleRoutes {
    /// `GET /api/v1/tool-configurations/{id}/access-rules`: the tool's standing rules in evaluation order.
    @Sendable static func list(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        guard let name = try await PolicyRoutes.toolName(context, configurationID: request.parameters[0]) else {
            return Reply.detail("Tool configuration not found or access denied", status: .notFound)
        }
        return Reply.json(try await context.database.rules(tool: name, now: context.clock()).map(\.wire))
    }

    /// `POST /api/v1/tool-configurations/{id}/access-rules`: 201 with the rule. The condition must
    /// be CEL this server evaluates; an `allow` rule is refused where the tool's policy needs more
    /// than one approver, and every rule where no policy guards the tool (no call would ask).
    @Sendable static func create(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        guard let name = try await PolicyRoutes.toolName(context, configurationID: request.parameters[0]) else {
            return Reply.detail("Tool configuration not found or access denied", status: .notFound)
        }
        let object: [String: JSONValue]
        switch request.jsonObject(required: true) {
        case .failure(let invalid): return Reply.validation(invalid.issues)
        case .success(let parsed): object = parsed ?? [:]
        }
        let now = context.clock()
        var issues: [ValidationIssue] = []
        var actionRefused = false
        let body = RuleBody.parse(object, now: now, issues: &issues, actionRefused: &actionRefused)
        if actionRefused { return Reply.detail(RuleBody.actionProblem, status: .badRequest) }
        if body.action == nil { issues.append(FieldCheck.missing(["body", "action"], input: .object(object))) }
        guard issues.isEmpty, let action = body.action, let caller = request.caller else { return Reply.validation(issues) }
        guard let policy = context.policies.policy(for: name) else {
            return Reply.detail(
                "No policy guards tool '\(name)', so no call of it waits for a person: a rule would never be asked",
                status: .unprocessableContent)
        }
        if action == .allow, policy.approvalsRequired > 1 {
            return Reply.detail(
                "Policy '\(policy.name)' needs \(policy.approvalsRequired) different approvers for '\(name)': "
                    + "a rule made by one approver cannot stand in for them",
                status: .unprocessableContent)
        }
        let rule = AccessRuleRecord(
            id: UUID().uuidString.lowercased(), toolName: name, action: action.rawValue,
            conditionExpression: LosslessString((body.condition ?? nil)), priority: body.priority ?? 0,
            description: LosslessString((body.description ?? nil)), isEnabled: body.isEnabled ?? true,
            createdByID: caller.id, createdBy: caller.name, createdAt: now, expiresAt: body.expiresAt ?? nil,
            revokedAt: nil, decidedCount: 0)
        try await context.database.insertRule(rule)
        return Reply.json(rule.wire, status: .created)
    }

    /// `PUT /api/v1/access-rules/{id}`: changes only the fields sent. The tool and the creator stay.
    @Sendable static func update(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        let now = context.clock()
        guard let id = ruleID(request), var rule = try await context.database.rule(id: id), rule.stands(at: now) else {
            return Reply.detail("Access rule not found", status: .notFound)
        }
        let object: [String: JSONValue]
        switch request.jsonObject(required: true) {
        case .failure(let invalid): return Reply.validation(invalid.issues)
        case .success(let parsed): object = parsed ?? [:]
        }
        var issues: [ValidationIssue] = []
        var actionRefused = false
        let body = RuleBody.parse(object, now: now, issues: &issues, actionRefused: &actionRefused)
        if actionRefused { return Reply.detail(RuleBody.actionProblem, status: .badRequest) }
        guard issues.isEmpty else { return Reply.validation(issues) }
        if let action = body.action { rule.action = action.rawValue }
        if let condition = body.condition { rule.conditionExpression = LosslessString(condition) }
        if let priority = body.priority { rule.priority = priority }
        if let description = body.description { rule.description = LosslessString(description) }
        if let enabled = body.isEnabled { rule.isEnabled = enabled }
        if let expiry = body.expiresAt { rule.expiresAt = expiry }
        if rule.action == AccessRuleAction.allow.rawValue, let policy = context.policies.policy(for: rule.toolName),
            policy.approvalsRequired > 1
        {
            return Reply.detail(
                "Policy '\(policy.name)' needs \(policy.approvalsRequired) different approvers for '\(rule.toolName)': "
                    + "a rule made by one approver cannot stand in for them",
                status: .unprocessableContent)
        }
        guard try await context.database.updateRule(rule, now: now) else {
            return Reply.detail("Access rule not found", status: .notFound)
        }
        return Reply.json(rule.wire)
    }

    /// `DELETE /api/v1/access-rules/{id}`: the rule stops applying at once. Its row stays (revoked),
    /// so the requests it decided still name it and its maker.
    @Sendable static func delete(_ context: ServerContext, _ request: APIRequest) async throws -> HTTPResponse {
        guard let id = ruleID(request), try await context.database.revokeRule(id: id, now: context.clock()) else {
            return Reply.detail("Access rule not found", status: .notFound)
        }
        return Reply.json(["message": "Access rule deleted successfully"] as JSONValue)
    }

    /// The rule id in the path when it is a UUID (any other text names no rule).
    private static func ruleID(_ request: APIRequest) -> String? {
        let id = request.parameters[0]
        return UUID(uuidString: id) == nil ? nil : id.lowercased()
    }
}

extension AccessRuleRecord {
    /// Not revoked and not expired at `now`.
    func stands(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { $0 > now } ?? true)
    }
}

import ApprovalModel
import Foundation

/// The one path from an agent's tool call to its outcome: policy lookup, justification
/// enforcement (fail closed), request creation, and the sync wait. REST and MCP both call it.
enum AgentCalls {
    /// `onWaiting` hears the request id when a blocking (sync) call starts to wait for its decision.
    static func submit(
        _ context: ServerContext, _ call: ToolCallBody, caller: Caller, onWaiting: (@Sendable (String) -> Void)? = nil
    ) async throws -> AgentCallOutcome {
        // An upstream tool gets what was approved or nothing: arguments it would read otherwise are refused now.
        if context.policies.tool(named: call.toolName) == nil, let external = context.externalTools,
            let reason = await external.refusal(toolName: call.toolName, argumentsText: call.argumentsText)
        {
            return .rejected(reason)
        }
        guard let policy = context.policies.policy(for: call.toolName) else {
            guard context.policies.allowsUnmatchedTools else {
                return .rejected(UnmatchedTool.refusal(call.toolName, policies: context.policies))
            }
            let result = await run(
                context, toolName: call.toolName, argumentsText: call.argumentsText,
                justification: call.justification, decision: "allowed")
            if let reason = ToolOutcome.notSent(result) {
                return .ran(["_error": .string("\(reason); the call did not run: try again")])
            }
            return .ran(result)
        }
        let trimmed = call.justification?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let reasoning: String?
        switch policy.justification {
        case .required:
            if trimmed.isEmpty {
                return .rejected(
                    "Justification required: Tool '\(call.toolName)' requires a 'justification' parameter explaining why this tool is being called.")
            }
            reasoning = call.justification
        case .optional:
            reasoning = trimmed.isEmpty ? nil : call.justification
        case .none:
            reasoning = nil
        case .unknown(let mode):
            // Fail closed: a mode we do not understand never lets a call through.
            return .rejected(
                "Unable to verify justification requirements for tool '\(call.toolName)' (unknown mode '\(mode)'); the call was rejected.")
        }
        let new = NewRequest(
            call: call, storedJustification: reasoning, policy: policy, policyID: context.policyID(policy),
            createdBy: caller.id)
        // Standing decisions first: a deny rule refuses, an allow rule approves without a person.
        // Either way the call is stored, decided, naming the rule (a rule revoked meanwhile asks).
        let evaluate = ruleEvaluator(call, policy: policy, caller: caller)
        let verdict = evaluate(try await context.database.rules(tool: call.toolName, now: context.clock()))
        switch verdict {
        case .deny(let rule):
            if try await context.database.decideByRule(new, verdict: verdict, at: context.clock(), recheck: evaluate) != nil {
                return .rejected(
                    "Denied by access rule \(rule.id) on tool '\(call.toolName)'"
                        + (rule.description.map { ": \($0.text)" } ?? ""))
            }
        case .allow:
            if let stored = try await context.database.decideByRule(new, verdict: verdict, at: context.clock(), recheck: evaluate) {
                return .decided(try await statusBody(context, id: stored.id, caller: caller) ?? [:])
            }
        case .ask:
            break
        }
        let stored = try await context.database.createRequest(new, at: context.clock())
        if !policy.isAsync {
            onWaiting?(stored.id)
            return .decided(try await waitForDecision(context, id: stored.id, caller: caller))
        }
        return .pending(PendingCall(
            requestID: stored.id, policyName: policy.name, pollIntervalSeconds: pollInterval(timeoutSeconds: stored.timeoutSeconds),
            timeoutSeconds: stored.timeoutSeconds, channels: stored.channels))
    }

    /// How a tool's access rules judge `call`: run on the rules as read, and again on the rules as
    /// they stand inside the write that stores the decision. An `allow` rule applies only when
    /// one approver suffices under `policy` and the arguments read the same to every JSON reader
    /// (no integer past 64 bits, no number no double holds, no decimal with digits a double
    /// drops, no keys equal as text), so a rule
    /// never matches on other values than the tool runs with.
    static func ruleEvaluator(_ call: ToolCallBody, policy: ServerPolicy, caller: Caller)
        -> @Sendable ([AccessRuleRecord]) -> RuleVerdict
    {
        let node = try? StrictJSON.parse(Array(call.argumentsText.utf8), allowsDuplicateKeys: true)
        let exact = node.map { $0.firstProblem { $0.inexactReason ?? $0.lostDigitsReason } == nil } ?? false
        let context = CELContext(
            args: node?.value ?? call.toolArgs, toolName: call.toolName, userID: caller.id,
            accountID: ServerIdentity.accountID)
        let allowsAllow = exact && policy.approvalsRequired <= 1
        return { rules in rules.isEmpty ? .ask : RuleVerdict.of(rules, call: context, allowsAllow: allowsAllow) }
    }

    /// Runs a local `[[tool]]`, else an upstream tool, else answers for an approval-only tool.
    static func run(
        _ context: ServerContext, toolName: String, argumentsText: String, justification: String?,
        decision: String
    ) async -> JSONValue {
        let local = context.policies.tool(named: toolName)
        if local == nil, let external = context.externalTools,
            let result = await external.run(toolName: toolName, argumentsText: argumentsText)
        {
            return result
        }
        return await context.toolRunner.run(
            tool: local, toolName: toolName, argumentsText: argumentsText, justification: justification, decision: decision)
    }

    /// `clamp(timeout / 20, 1, 15)`: Preloop clamps to 5…15; a floor of 1 lets short demo
    /// timeouts poll quickly. 15 for the default 300 s, as in Preloop.
    static func pollInterval(timeoutSeconds: Int) -> Int {
        min(15, max(1, timeoutSeconds / 20))
    }

    /// The status body after waiting up to `wait` while the request is pending (REST `?wait=`,
    /// MCP `wait_seconds`): answered the moment a decision or expiry lands. The wait happens only
    /// for the request's own creator; anyone else gets nil at once, as without waiting.
    static func statusBody(_ context: ServerContext, id: String, caller: Caller, waiting wait: Duration) async throws
        -> JSONValue?
    {
        if wait > .zero, try await context.database.request(id: id, now: context.clock())?.createdBy == caller.id {
            _ = try await waitWhilePending(context, id: id, atMost: wait)
        }
        return try await statusBody(context, id: id, caller: caller)
    }

    /// Preloop's `get_approval_status` answer, or nil when `caller` did not create the request.
    /// An approved request is claimed (compare-and-set) by exactly one poll, which runs the tool
    /// outside any transaction and stores the result; other polls see `executing` or the result.
    static func statusBody(_ context: ServerContext, id: String, caller: Caller) async throws -> JSONValue? {
        let now = context.clock()
        guard var row = try await context.database.request(id: id, now: now), row.createdBy == caller.id else {
            return nil
        }
        var statusText = row.status.rawValue
        var body: [String: JSONValue] = [:]
        if row.status == .approved {
            if row.toolResult == nil, try await context.database.claimExecution(id: id) {
                let result = await run(
                    context, toolName: row.toolName, argumentsText: row.toolArgsText,
                    justification: row.agentReasoning,
                    decision: "approved")
                if let reason = ToolOutcome.notSent(result) {
                    // Provably never reached the tool: the claim is given back and the next poll sends it.
                    _ = try await context.database.releaseClaim(id: id)
                    row.toolResult = ToolOutcome.executingMarker
                    body["message"] = .string(
                        "\(reason); the approved call has not reached it and is sent once it is back: ask again")
                } else {
                    try await context.database.storeResult(id: id, result: result, at: context.clock())
                    row.toolResult = result
                }
            } else if row.toolResult == nil {
                row = try await context.database.request(id: id, now: now) ?? row
            }
            if ToolOutcome.isExecuting(row.toolResult) {
                statusText = "executing"
            } else if let error = ToolOutcome.error(of: row.toolResult) {
                body["tool_execution_error"] = .string(error)
            } else if let result = row.toolResult {
                body["tool_result"] = result
            }
        }
        if row.status == .pending {
            body["remaining_seconds"] = .integer(Int64(max(0, row.expiresAt.timeIntervalSince(now)).rounded(.down)))
        }
        if row.status == .declined || row.status == .cancelled, let comment = row.approverComment {
            body["reason"] = .string(comment)
        }
        let approvals = try await context.database.approvalCount(for: id)
        if approvals > 0 { body["approvals_received"] = .integer(Int64(approvals)) }
        body["request_id"] = .string(row.id)
        body["status"] = .string(statusText)
        body["tool_name"] = .string(row.toolName)
        body["events"] = .array(try await context.database.events(for: id).map(\.json))
        return .object(body)
    }

    /// Sync mode (`async = false`): waits until the request is decided or expires, then gives
    /// the same body a poll would. Woken by the decision itself (``RequestChanges``), not by
    /// polling. When the waiting task is cancelled (the agent disconnected, the server stops) the
    /// request is cancelled, so it can never be approved and run after nobody is listening.
    static func waitForDecision(_ context: ServerContext, id: String, caller: Caller) async throws -> JSONValue {
        do {
            _ = try await waitWhilePending(context, id: id, atMost: nil)
        } catch is CancellationError {
            _ = try? await context.database.cancelIfPending(
                id: id, reason: "The agent stopped waiting before a decision was made", now: context.clock())
            throw CancellationError()
        }
        return try await statusBody(context, id: id, caller: caller) ?? [:]
    }

    /// Suspends while request `id` is pending: until it changes, it expires, or `atMost` passes
    /// (nil: until it is no longer pending). Returns its status then (nil when it does not exist).
    static func waitWhilePending(_ context: ServerContext, id: String, atMost: Duration?) async throws -> ApprovalStatus? {
        let watch = context.push.changes.watch(id)
        defer { context.push.changes.stop(watch) }
        let deadline = atMost.map { ContinuousClock.now + $0 }
        while true {
            guard let row = try await context.database.request(id: id, now: context.clock()) else { return nil }
            guard row.status == .pending else { return row.status }
            // Wake on the change, or when it is due to expire; at least once a second in case the
            // server's clock is not the wall clock (tests move theirs by hand).
            var wait = Duration.seconds(max(0.01, min(1, row.expiresAt.timeIntervalSince(context.clock()) + 0.005)))
            if let deadline {
                let left = deadline - ContinuousClock.now
                guard left > .zero else { return row.status }
                wait = min(wait, left)
            }
            try await watch.next(timeout: wait)
        }
    }
}

import ApprovalModel
import Foundation
@testable import ApprovalViewModels

/// Fixed data for console tests: a queue, flows and policies around one moment.
enum ConsoleFixtures {
    /// 2026-11-25 14:00:00 UTC.
    static let start = Date(timeIntervalSince1970: 1_795_615_200)

    static func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    static let deploy = ApprovalRequest(
        id: "req-deploy", toolConfigurationID: "cfg-deploy", approvalPolicyID: "pol-prod", executionID: "exe-nightly",
        toolName: "deploy_service",
        toolArgs: ["service": "checkout", "env": "prod-eu", "version": "2.3.0"],
        agentReasoning: "Deploy v2.3 to prod-eu to fix the checkout outage (INC-4211). Rollback plan: redeploy v2.2.",
        requestedAt: at(-60), expiresAt: at(245))

    static let delete = ApprovalRequest(
        id: "req-delete", approvalPolicyID: "pol-data", toolName: "delete_records",
        toolArgs: ["table": "users", "where": ["id": [1, 2, 3]]],
        agentReasoning: nil, requestedAt: at(-330), expiresAt: at(-30))

    static let email = ApprovalRequest(
        id: "req-email", approvalPolicyID: "pol-prod", toolName: "send_email",
        toolArgs: ["to": "team@example.com", "subject": "weekly\u{1B}[2J summary"],
        agentReasoning: "Send the summary\u{1B}]52;c;cm0gLXJmIC8=\u{07} to the team.\nFile: \u{202E}gnp.exe\u{202C} attached\u{200B}.",
        requestedAt: at(-10), expiresAt: at(3600))

    static let shell = ApprovalRequest(
        id: "req-shell", approvalPolicyID: "pol-data", executionID: "exe-deploybot", toolName: "run_shell",
        toolArgs: ["command": "kubectl rollout restart deploy/checkout"],
        agentReasoning: "デプロイ確認のため 🚀 restart the pods", requestedAt: at(-20))

    static let requests = [email, deploy, shell, delete]

    static let executions = [
        FlowExecution(id: "exe-nightly", flowID: "flow-1", flowName: "nightly-triage", status: .running, startTime: at(-300)),
        FlowExecution(id: "exe-deploybot", flowID: "flow-2", flowName: "deploy-bot", status: .succeeded,
                      startTime: at(-3600), endTime: at(-3000)),
        FlowExecution(id: "exe-broken", flowID: "flow-3", flowName: "report-writer", status: .failed,
                      startTime: at(-7200), endTime: at(-7100), errorMessage: "agent exited with status 2"),
    ]

    static let flows = [
        Flow(id: "flow-1", name: "nightly-triage", agentType: "claude-code"),
        Flow(id: "flow-2", name: "deploy-bot", agentType: "codex"),
    ]

    static let policies = [
        ApprovalPolicy(id: "pol-prod", name: "Production deploys", timeoutSeconds: 300, asyncApprovalEnabled: true,
                       approvalsRequired: 1, justificationMode: "required", tools: ["deploy_service", "send_email"]),
        ApprovalPolicy(id: "pol-data", name: "Data deletion", timeoutSeconds: 600, asyncApprovalEnabled: false,
                       approvalsRequired: 2, justificationMode: "optional", tools: ["delete_records", "run_shell"]),
    ]

    /// This console's decisions, newest first: every outcome, one for a request still in the
    /// queue (`req-deploy`), and hostile text in a tool name, a comment and an error.
    static let journal = [
        journalEntry(7, "req-email", "send_email", .approve, at: -2, outcome: .pending),
        journalEntry(6, "req-deploy", "deploy_service", .approve, at: -5, outcome: .unknown,
                     error: "preloop.example did not answer within 10s"),
        journalEntry(5, "req-backup", "drop_backups", .decline, comment: "not during the freeze", at: -120,
                     outcome: .declined),
        journalEntry(4, "req-rotate", "rotate_keys", .approve, comment: "ok\u{1B}[31m go", at: -600,
                     outcome: .alreadyDecided, error: "already decided: declined"),
        journalEntry(3, "req-wipe", "wipe\u{202E}disk", .approve, at: -1800, outcome: .failed,
                     error: "forbidden\u{1B}]0;pwned\u{07} (403)"),
        journalEntry(2, "req-scale", "scale_cluster", .approve, at: -3600, outcome: .approved),
        journalEntry(1, "req-purge", "purge_cache", .approve, at: -5400, outcome: .voteRecorded),
    ]

    static func journalEntry(
        _ id: Int64, _ requestID: String, _ tool: String, _ verdict: Verdict, comment: String? = nil,
        at seconds: TimeInterval, outcome: JournalOutcome, error: String? = nil
    ) -> JournalEntry {
        JournalEntry(id: id, requestID: requestID, toolName: tool, verdict: verdict, comment: comment,
                     server: "preloop.example", createdAt: at(seconds),
                     completedAt: outcome == .pending ? nil : at(seconds + 1), outcome: outcome, errorText: error)
    }

    static func state(
        size: Size = Size(columns: 80, rows: 24), readOnly: Bool = false, keymap: Keymap = .default,
        afterDecision: AfterDecision = .next, undoSeconds: Int = 0
    ) -> ConsoleState {
        ConsoleState(serverName: "preloop.example", userName: "alice", isReadOnly: readOnly, keymap: keymap, size: size, now: start,
                     afterDecision: afterDecision, undoSeconds: undoSeconds)
    }

    /// `request` as the server answers once it is decided.
    static func decided(_ request: ApprovalRequest, _ status: ApprovalStatus) -> ApprovalRequest {
        var copy = request
        copy.status = status
        return copy
    }

    /// A state with the fixture queue, flows and policies loaded.
    static func loaded(
        size: Size = Size(columns: 80, rows: 24), readOnly: Bool = false, keymap: Keymap = .default,
        afterDecision: AfterDecision = .next, undoSeconds: Int = 0
    ) -> ConsoleState {
        var state = state(size: size, readOnly: readOnly, keymap: keymap, afterDecision: afterDecision, undoSeconds: undoSeconds)
        _ = state.update(.policiesLoaded(.success(policies)))
        _ = state.update(.flowsLoaded(flows))
        _ = state.update(.snapshotArrived(requests: requests, executions: executions, at: start))
        return state
    }
}

import ApprovalModel
import Foundation

/// Everything the server keeps: the decision gate (``DecisionStore``) and around it the people and
/// their tokens, access rules, flow runs with their logs, and the list pages approvers read.
///
/// The routes, the agent gateway, the websocket and the flow runner only ever speak to this
/// protocol, so the storage engine is a choice made when the server starts
/// (``ApprovalServerConfiguration/database``): ``ServerDatabase`` (SQLite, one process) or
/// ``PostgresStore`` (PostgreSQL, any number of replicas).
protocol ServerStore: DecisionStore {
    // MARK: Requests around the gate

    func approvalCount(for id: String) async throws -> Int
    /// The approver API's objects for `rows`, with their votes and the rules that decided them.
    func wire(_ rows: [StoredRequest]) async throws -> [ApprovalRequest]
    /// A page of requests, newest first, as the approver API's JSON array.
    func requestPageJSON(
        status: ApprovalStatus?, executionID: String?, skip: Int, limit: Int, cache: WireCache
    ) async throws -> Data
    /// The tag of every request's state now: equal tags mean nothing changed in between.
    var requestListTag: String { get async throws }
    func cancelIfPending(id: String, reason: String, now: Date) async throws -> Bool
    func releaseClaim(id: String) async throws -> Bool
    func cancelOrphanedBlockingRequests(now: Date) async throws -> Int
    func abandonInterruptedExecutions() async throws
    func requestedToolNames() async throws -> [String]

    // MARK: Access rules

    func insertRule(_ rule: AccessRuleRecord) async throws
    func rules(tool name: String, now: Date) async throws -> [AccessRuleRecord]
    func standingRules(now: Date) async throws -> [AccessRuleRecord]
    func rule(id: String) async throws -> AccessRuleRecord?
    func revokeRule(id: String, now: Date) async throws -> Bool
    func updateRule(_ rule: AccessRuleRecord, now: Date) async throws -> Bool
    /// Stores a call a rule decided, when `recheck` on the rules as they stand in that write still
    /// gives `verdict`; nil when it changed.
    func decideByRule(
        _ new: NewRequest, verdict: RuleVerdict, at now: Date, recheck: @escaping @Sendable ([AccessRuleRecord]) -> RuleVerdict
    ) async throws -> StoredRequest?

    // MARK: People and tokens

    func createToken(role: TokenRole, name: String, at now: Date) async throws -> IssuedToken
    func insertToken(_ secret: String, role: TokenRole, name: String, at now: Date) async throws -> TokenRecord
    func tokens() async throws -> [TokenRecord]
    func revoke(_ nameOrID: String, at now: Date) async throws -> [TokenRecord]
    func caller(for token: String, now: Date) async throws -> Caller?

    // MARK: Flow runs

    func createExecution(flowID: String, flowName: String, at now: Date) async throws -> String
    func advanceExecution(
        id: String, to status: ExecutionStatus, at now: Date, prompt: String?, sessionReference: String?,
        errorMessage: String?
    ) async throws -> Bool
    func markStopped(id: String, at now: Date) async throws -> Bool
    func appendLogLine(executionID: String, line: String, stream: String, at now: Date) async throws
    func logLines(executionID: String) async throws -> [String]
    func executions(skip: Int, limit: Int) async throws -> [FlowExecution]
    func execution(id: String) async throws -> FlowExecution?
    func logPage(executionID: String, skip: Int, limit: Int?, tail: Int?) async throws -> ExecutionLogPage
    func failInterruptedExecutions(at now: Date) async throws
    /// The tag of every flow run's state now.
    var executionListTag: String { get async throws }

    // MARK: The server itself

    /// The id a named policy or flow keeps across restarts.
    func stableID(kind: String, name: String) async throws -> String
    /// Whether the storage answers (the health route's check).
    func answers() async throws -> Bool
}

extension ServerDatabase: ServerStore {
    var requestListTag: String { requestChanges.tag }
    var executionListTag: String { executionChanges.tag }
}

import ApprovalModel
import Foundation

/// The heart of the approval gate as storage sees it: a request made, votes counted by person,
/// a decision taken once, an approved tool claimed once, expiry decided once.
///
/// Two stores keep this promise: ``ServerDatabase`` (SQLite, one process; every write serialized
/// by SQLite) and ``PostgresStore`` (PostgreSQL, any number of replicas on one database; a row lock
/// per decision, a conditional update per claim). `DecisionStoreContractTests` runs the same
/// scenarios against both.
protocol DecisionStore: Sendable {
    /// Where committed changes are announced: the websockets and in-process waiters of this
    /// process. A store shared by several replicas also announces changes made by the others.
    var push: PushBroadcaster { get }

    /// Stores a new pending request with its `approval_requested` (and notification) events.
    func createRequest(_ new: NewRequest, at now: Date) async throws -> StoredRequest

    /// The request as it stands at `now` (expiring it first when its time ran out).
    func request(id: String, now: Date) async throws -> StoredRequest?

    /// One principal's vote: refused when that principal (with any of its credentials) voted on
    /// the request already or the request is no longer pending; one decline declines;
    /// `approvals_required` distinct principals approving approve.
    func vote(
        id: String, voter: Caller, approved: Bool, comment: String?, source: DecisionSource, now: Date
    ) async throws -> VoteOutcome

    /// Claims an approved request for execution: true for exactly one caller, ever.
    func claimExecution(id: String) async throws -> Bool

    /// Stores the tool's result (or error) for a claimed request.
    func storeResult(id: String, result: JSONValue, at now: Date) async throws

    /// Marks pending requests whose time ran out expired, each once.
    func expireDueIfAny(now: Date) async throws

    /// The request's timeline, oldest first.
    func events(for id: String) async throws -> [RequestEvent]
}

extension ServerDatabase: DecisionStore {}

import SQLiteSupport
import ApprovalModel
import Foundation
import GRDB

extension ServerDatabase {
    func createRequest(_ new: NewRequest, at now: Date) throws -> StoredRequest {
        let record = ApprovalRequestRecord(new, at: now)
        try record.refuseUnstorableText()
        let channels = JSONText.decode(record.channels)?.arrayStrings ?? []
        return try pool.write { db in
            try record.insert(db)
            let id = record.id
            try Self.addEvent(db, id, now, "approval_requested", "Approval request created for tool '\(new.call.toolName)'")
            for channel in channels {
                try Self.addEvent(db, id, now, "notification_sent", "Notification sent via \(channel)")
            }
            let stored = try Self.fetchRequest(db, id)!
            Self.publishAfterCommit(db, push, .approval("approval_created", stored, at: now))
            return stored
        }
    }

    func request(id: String, now: Date) throws -> StoredRequest? {
        try expireDueIfAny(now: now)
        return try pool.read { db in try Self.fetchRequest(db, id) }
    }

    /// Marks overdue pending requests expired, taking the write lock only when some are due: reads
    /// (lists, single requests) then run as concurrent WAL reads instead of queueing behind
    /// decisions. The check uses the (status, expires_at) index.
    func expireDueIfAny(now: Date) throws {
        // One statement, so no transaction is needed around it.
        let due = try pool.unsafeRead { db in
            try Bool.fetchOne(db, SQLRequest(sql: HotStatements.anyDue, arguments: [now.timeIntervalSince1970], cached: true))
        }
        guard due == true else { return }
        try pool.write { db in try Self.expireDue(db, now: now, push: push) }
    }

    /// Records one principal's vote in a single write transaction. A principal votes once (a
    /// second vote, from any of its tokens, is refused); one decline declines;
    /// `approvals_required` distinct principals approving approve.
    func vote(
        id: String, voter: Caller, approved: Bool, comment: String?, source: DecisionSource = .rest, now: Date
    ) throws -> VoteOutcome {
        try pool.write { db in
            try Self.expireDue(db, now: now, push: push)
            guard let request = try Self.fetchRequest(db, id) else { return .notFound }
            guard request.status == .pending else { return .alreadyDecided(request.status) }
            if try ApprovalVoteRecord.all().on([id]).by(principal: voter.id).isEmpty(db) == false {
                return .alreadyVoted(name: voter.name, required: request.approvalsRequired)
            }
            try ApprovalVoteRecord(
                requestID: id, voter: voter.credentialID, principalID: voter.id, source: source.rawValue,
                approved: approved, comment: LosslessString(comment), votedAt: now
            ).insert(db)
            let approvals = try Self.approvalCount(db, id)
            let kind = approved ? "Approval" : "Decline"
            try Self.addEvent(
                db, id, now, "vote_received",
                "\(kind) vote received from \(voter.name) \(source.phrase) (\(approvals)/\(request.approvalsRequired))",
                comment: comment)
            let outcome: ApprovalStatus? = approved ? (approvals >= request.approvalsRequired ? .approved : nil) : .declined
            if let outcome {
                // Compare-and-set: only a pending row moves; the serialized write makes it atomic.
                try ApprovalRequestRecord.all().byID(id).pending()
                    .updateAll(db, ApprovalRequestRecord.resolution(outcome, at: now, comment: comment))
                let detail = approved
                    ? "Approval request approved (quorum \(approvals)/\(request.approvalsRequired) met)"
                    : "Approval request declined"
                try Self.addEvent(db, id, now, "approval_complete", detail)
            }
            let updated = try Self.fetchRequest(db, id)!
            let event: PushEvent =
                switch outcome {
                case .approved?: .approval("approval_approved", updated, at: now)
                case .declined?: .approval("approval_declined", updated, at: now)
                default: .approval("approval_vote_received", updated, at: now, approvals: approvals)
                }
            Self.publishAfterCommit(db, push, event)
            return .recorded(updated)
        }
    }

    func events(for id: String) throws -> [RequestEvent] {
        try pool.read { db in try ApprovalEventRecord.all().timeline(of: id).fetchAll(db).map(\.event) }
    }

    func approvalCount(for id: String) throws -> Int {
        try pool.read { db in try Self.approvalCount(db, id) }
    }

    /// Approvals by distinct principals (v1 votes were migrated to their token's principal).
    static func approvalCount(_ db: Database, _ id: String) throws -> Int {
        try ApprovalVoteRecord.all().on([id]).approving()
            .select(count(distinct: ApprovalVoteRecord.Columns.principalID), as: Int.self).fetchOne(db) ?? 0
    }

    /// `rows` as approvers see them, each with its votes (one query for all of them).
    func wire(_ rows: [StoredRequest]) throws -> [ApprovalRequest] {
        guard !rows.isEmpty else { return [] }
        let (byRequest, rules) = try pool.read { db in
            (try Self.votes(db, rows.map(\.id)), try Self.ruleDecisions(db, rows.compactMap(\.decidedByRule)))
        }
        return rows.map { row in
            var request = row.wire
            request.votes = byRequest[row.id] ?? []
            request.decidedByRule = row.decidedByRule.flatMap { rules[$0] }
            return request
        }
    }

    /// The rules among `ids` (revoked ones too) as a decided request names them.
    static func ruleDecisions(_ db: Database, _ ids: [String]) throws -> [String: RuleDecision] {
        guard !ids.isEmpty else { return [:] }
        var found: [String: RuleDecision] = [:]
        for rule in try AccessRuleRecord.fetchAll(db, keys: Array(Set(ids))) {
            found[rule.id] = RuleDecision(id: rule.id, createdBy: rule.createdBy, description: rule.description?.text)
        }
        return found
    }

    /// The votes on each of `ids`, in the order cast, with the voters' names.
    static func votes(_ db: Database, _ ids: [String]) throws -> [String: [ApprovalVote]] {
        var grouped: [String: [ApprovalVote]] = [:]
        for vote in try ApprovalVoteRecord.all().on(ids).withVoters().fetchAll(db) {
            grouped[vote.vote.requestID, default: []].append(vote.wire)
        }
        return grouped
    }

    /// Claims an approved request for execution (compare-and-set on `tool_result IS NULL`).
    /// True for exactly one caller, ever.
    func claimExecution(id: String) throws -> Bool {
        try pool.write { db in
            try ApprovalRequestRecord.all().byID(id).unclaimedApproved()
                .updateAll(db, ApprovalRequestRecord.Columns.toolResult.set(to: JSONText.encode(ToolOutcome.executingMarker)))
                == 1
        }
    }

    func storeResult(id: String, result: JSONValue, at now: Date) throws {
        try pool.write { db in
            try ApprovalRequestRecord.all().byID(id)
                .updateAll(db, ApprovalRequestRecord.Columns.toolResult.set(to: JSONText.encode(result)))
            try Self.addEvent(db, id, now, "tool_executed", "Tool executed after approval")
        }
    }

    /// After a crash a claimed tool may or may not have run; it is never run again. The row is
    /// marked with an error the agent can read instead of reporting `executing` forever.
    func abandonInterruptedExecutions() throws {
        let interrupted = JSONText.encode(["_error": "The server stopped while the tool was running; it is not run again."])
        _ = try pool.write { db in
            try ApprovalRequestRecord
                .filter(ApprovalRequestRecord.Columns.toolResult == JSONText.encode(ToolOutcome.executingMarker))
                .updateAll(db, ApprovalRequestRecord.Columns.toolResult.set(to: interrupted))
        }
    }

    /// Every tool name a request was ever made for.
    func requestedToolNames() throws -> [String] {
        try pool.read { db in
            try ApprovalRequestRecord.select(ApprovalRequestRecord.Columns.toolName, as: String.self).distinct().fetchAll(db)
        }
    }

    // MARK: Helpers inside a write

    static func fetchRequest(_ db: Database, _ id: String) throws -> StoredRequest? {
        try ApprovalRequestRecord.fetchOne(db, key: id).map(StoredRequest.init)
    }

    static func addEvent(
        _ db: Database, _ id: String, _ at: Date, _ type: String, _ detail: String, comment: String? = nil
    ) throws {
        try ApprovalEventRecord(seq: nil, requestID: id, at: at, type: type, detail: detail, comment: LosslessString(comment))
            .insert(db)
    }

    /// Marks pending requests past `expires_at` as expired (each with an `expired` event, and an
    /// `approval_expired` push once committed).
    static func expireDue(_ db: Database, now: Date, push: PushBroadcaster) throws {
        let ids = try ApprovalRequestRecord.all().due(at: now).select(ApprovalRequestRecord.Columns.id, as: String.self)
            .fetchAll(db)
        for id in ids {
            try ApprovalRequestRecord.all().byID(id).pending()
                .updateAll(db, ApprovalRequestRecord.Columns.status.set(to: ApprovalStatus.expired.rawValue))
            try addEvent(db, id, now, "expired", "Approval request expired without a decision")
            if let expired = try fetchRequest(db, id) {
                publishAfterCommit(db, push, .approval("approval_expired", expired, at: now))
            }
        }
    }
}

import ApprovalClient
import Foundation
import GRDB

extension ServerDatabase {
    func createRequest(_ new: NewRequest, at now: Date) throws -> StoredRequest {
        let id = UUID().uuidString.lowercased()
        let channels = new.policy.channels.isEmpty ? ["manual"] : new.policy.channels
        return try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO approval_request (id, tool_name, tool_args, agent_reasoning, agent_name, execution_id,
                        status, policy_id, policy_name, approvals_required, timeout_seconds, channels, created_by,
                        requested_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, new.call.toolName, new.call.argumentsText, LosslessText.bind(new.storedJustification), new.call.agentName,
                    new.call.executionID,
                    new.policyID, new.policy.name, max(1, new.policy.approvalsRequired), new.policy.timeoutSeconds,
                    JSONText.encode(.array(channels.map(JSONValue.string))), new.createdBy,
                    now.timeIntervalSince1970, now.addingTimeInterval(TimeInterval(new.policy.timeoutSeconds)).timeIntervalSince1970,
                ])
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
        let due = try pool.read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS(SELECT 1 FROM approval_request WHERE status = 'pending' AND expires_at <= ?)",
                arguments: [now.timeIntervalSince1970]) ?? false
        }
        guard due else { return }
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
            let already = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM approval_vote WHERE request_id = ? AND principal_id = ?", arguments: [id, voter.id])
            if already == true { return .alreadyVoted(name: voter.name, required: request.approvalsRequired) }
            try db.execute(
                sql: """
                    INSERT INTO approval_vote (request_id, voter, principal_id, source, approved, comment, voted_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, voter.credentialID, voter.id, source.rawValue, approved, LosslessText.bind(comment),
                    now.timeIntervalSince1970,
                ])
            let approvals = try Self.approvalCount(db, id)
            let kind = approved ? "Approval" : "Decline"
            try Self.addEvent(
                db, id, now, "vote_received",
                "\(kind) vote received from \(voter.name) \(source.phrase) (\(approvals)/\(request.approvalsRequired))",
                comment: comment)
            let outcome: ApprovalStatus? = approved ? (approvals >= request.approvalsRequired ? .approved : nil) : .declined
            if let outcome {
                // Compare-and-set: only a pending row moves; the serialized write makes it atomic.
                try db.execute(
                    sql: """
                        UPDATE approval_request SET status = ?, resolved_at = ?, approver_comment = ?
                        WHERE id = ? AND status = 'pending'
                        """,
                    arguments: [outcome.rawValue, now.timeIntervalSince1970, LosslessText.bind(comment), id])
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
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT at, type, detail, comment FROM approval_event WHERE request_id = ? ORDER BY seq",
                arguments: [id]
            ).map {
                RequestEvent(
                    at: Date(timeIntervalSince1970: $0["at"]), type: $0["type"], detail: $0["detail"],
                    comment: LosslessText.read($0, "comment"))
            }
        }
    }

    func approvalCount(for id: String) throws -> Int {
        try pool.read { db in try Self.approvalCount(db, id) }
    }

    /// Approvals by distinct principals (v1 votes were migrated to their token's principal).
    static func approvalCount(_ db: Database, _ id: String) throws -> Int {
        try Int.fetchOne(
            db, sql: "SELECT COUNT(DISTINCT principal_id) FROM approval_vote WHERE request_id = ? AND approved = 1",
            arguments: [id]) ?? 0
    }

    /// `rows` as approvers see them, each with its votes (one query for all of them).
    func wire(_ rows: [StoredRequest]) throws -> [ApprovalRequest] {
        guard !rows.isEmpty else { return [] }
        let byRequest = try pool.read { db in try Self.votes(db, rows.map(\.id)) }
        return rows.map { row in
            var request = row.wire
            request.votes = byRequest[row.id] ?? []
            return request
        }
    }

    /// The votes on each of `ids`, in the order cast, with the voters' names.
    static func votes(_ db: Database, _ ids: [String]) throws -> [String: [ApprovalVote]] {
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
        var grouped: [String: [ApprovalVote]] = [:]
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT v.request_id, v.approved, v.comment, v.voted_at, v.source,
                    COALESCE(p.name, v.principal_id) AS name
                FROM approval_vote v LEFT JOIN principal p ON p.id = v.principal_id
                WHERE v.request_id IN (\(marks)) ORDER BY v.voted_at, v.rowid
                """,
            arguments: StatementArguments(ids))
        for row in rows {
            let vote = ApprovalVote(
                principal: (row["name"] as String?) ?? "unknown", approved: row["approved"],
                source: (row["source"] as String?).map { DecisionSource(header: $0) },
                comment: LosslessText.read(row, "comment"), at: Date(timeIntervalSince1970: row["voted_at"]))
            let id: String = row["request_id"]
            grouped[id, default: []].append(vote)
        }
        return grouped
    }

    /// Claims an approved request for execution (compare-and-set on `tool_result IS NULL`).
    /// True for exactly one caller, ever.
    func claimExecution(id: String) throws -> Bool {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE approval_request SET tool_result = ? WHERE id = ? AND status = 'approved' AND tool_result IS NULL",
                arguments: [JSONText.encode(ToolOutcome.executingMarker), id])
            return db.changesCount == 1
        }
    }

    func storeResult(id: String, result: JSONValue, at now: Date) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE approval_request SET tool_result = ? WHERE id = ?", arguments: [JSONText.encode(result), id])
            try Self.addEvent(db, id, now, "tool_executed", "Tool executed after approval")
        }
    }

    /// After a crash a claimed tool may or may not have run; it is never run again. The row is
    /// marked with an error the agent can read instead of reporting `executing` forever.
    func abandonInterruptedExecutions() throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE approval_request SET tool_result = ? WHERE tool_result = ?",
                arguments: [
                    JSONText.encode(["_error": "The server stopped while the tool was running; it is not run again."]),
                    JSONText.encode(ToolOutcome.executingMarker),
                ])
        }
    }

    // MARK: Helpers inside a write

    static func fetchRequest(_ db: Database, _ id: String) throws -> StoredRequest? {
        try Row.fetchOne(db, sql: "SELECT * FROM approval_request WHERE id = ?", arguments: [id]).map(StoredRequest.init(row:))
    }

    static func addEvent(
        _ db: Database, _ id: String, _ at: Date, _ type: String, _ detail: String, comment: String? = nil
    ) throws {
        try db.execute(
            sql: "INSERT INTO approval_event (request_id, at, type, detail, comment) VALUES (?, ?, ?, ?, ?)",
            arguments: [id, at.timeIntervalSince1970, type, detail, LosslessText.bind(comment)])
    }

    /// Marks pending requests past `expires_at` as expired (each with an `expired` event, and an
    /// `approval_expired` push once committed).
    static func expireDue(_ db: Database, now: Date, push: PushBroadcaster) throws {
        let seconds = now.timeIntervalSince1970
        let ids = try String.fetchAll(
            db, sql: "SELECT id FROM approval_request WHERE status = 'pending' AND expires_at <= ?", arguments: [seconds])
        guard !ids.isEmpty else { return }
        for id in ids {
            try db.execute(
                sql: "UPDATE approval_request SET status = 'expired' WHERE id = ? AND status = 'pending'", arguments: [id])
            try addEvent(db, id, now, "expired", "Approval request expired without a decision")
            if let expired = try fetchRequest(db, id) {
                publishAfterCommit(db, push, .approval("approval_expired", expired, at: now))
            }
        }
    }
}

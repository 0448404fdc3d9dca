import ApprovalModel
import Foundation
import PostgresNIO
import SQLiteSupport

extension PostgresStore {
    static let requestColumns = """
        id, tool_name, tool_args, agent_reasoning, agent_name, execution_id, status, policy_id, policy_name, \
        approvals_required, timeout_seconds, channels, created_by, requested_at, resolved_at, expires_at, \
        approver_comment, tool_result, blocking, decided_by_rule
        """

    func createRequest(_ new: NewRequest, at now: Date) async throws -> StoredRequest {
        let record = ApprovalRequestRecord(new, at: now)
        try record.refuseUnstorableText()
        let channels = JSONText.decode(record.channels)?.arrayStrings ?? []
        let stored = try await transaction { [origin, replica] connection in
            try await Self.insert(connection, record, replica: replica)
            try await Self.addEvent(
                connection, record.id, now, "approval_requested", "Approval request created for tool '\(record.toolName)'")
            for channel in channels {
                try await Self.addEvent(connection, record.id, now, "notification_sent", "Notification sent via \(channel)")
            }
            try await Self.notify(connection, ChangeNotice(
                origin: origin, id: record.id, type: "approval_created", at: now.timeIntervalSince1970))
            return try await Self.fetchRequest(connection, record.id)!
        }
        push.publish(.approval("approval_created", stored, at: now))
        return stored
    }

    func request(id: String, now: Date) async throws -> StoredRequest? {
        try await expireDueIfAny(now: now)
        return try await answering { [client] in
            try await client.withConnection { connection in try await Self.fetchRequest(connection, id) }
        }
    }

    func expireDueIfAny(now: Date) async throws {
        let due = try await answering { [client] in
            let rows = try await client.query("""
                SELECT EXISTS (SELECT 1 FROM approval_request WHERE status = 'pending' AND expires_at <= \(now.timeIntervalSince1970))
                """, logger: Self.logger)
            for try await due in rows.decode(Bool.self) { return due }
            return false
        }
        guard due else { return }
        let expired = try await transaction { [origin] connection in
            try await Self.expireDue(connection, now: now, origin: origin, only: nil)
        }
        for request in expired { push.publish(.approval("approval_expired", request, at: now)) }
    }

    func vote(
        id: String, voter: Caller, approved: Bool, comment: String?, source: DecisionSource, now: Date
    ) async throws -> VoteOutcome {
        let (outcome, event) = try await transaction { [origin] connection -> (VoteOutcome, PushEvent?) in
            // The row lock: every other vote on this request, on any replica, waits until this commits.
            let locked = try await connection.query(
                "SELECT status FROM approval_request WHERE id = \(id) FOR UPDATE", logger: Self.logger)
            var status: String?
            for try await value in locked.decode(String.self) { status = value }
            guard status != nil else { return (.notFound, nil) }
            if let expired = try await Self.expireDue(connection, now: now, origin: origin, only: id).first {
                return (.alreadyDecided(.expired), .approval("approval_expired", expired, at: now))
            }
            guard let request = try await Self.fetchRequest(connection, id) else { return (.notFound, nil) }
            guard request.status == .pending else { return (.alreadyDecided(request.status), nil) }
            let earlier = try await connection.query("""
                SELECT count(*) FROM approval_vote WHERE request_id = \(id) AND principal_id = \(voter.id)
                """, logger: Self.logger)
            for try await count in earlier.decode(Int.self) where count > 0 {
                return (.alreadyVoted(name: voter.name, required: request.approvalsRequired), nil)
            }
            try await connection.query("""
                INSERT INTO approval_vote (request_id, principal_id, voter, source, approved, comment, voted_at)
                VALUES (\(id), \(voter.id), \(voter.credentialID), \(source.rawValue), \(approved),
                    \(Self.bytes(comment)), \(now.timeIntervalSince1970))
                """, logger: Self.logger)
            let approvals = try await Self.approvalCount(connection, id)
            let kind = approved ? "Approval" : "Decline"
            try await Self.addEvent(
                connection, id, now, "vote_received",
                "\(kind) vote received from \(voter.name) \(source.phrase) (\(approvals)/\(request.approvalsRequired))",
                comment: comment)
            let decided: ApprovalStatus? = approved ? (approvals >= request.approvalsRequired ? .approved : nil) : .declined
            if let decided {
                try await connection.query("""
                    UPDATE approval_request SET status = \(decided.rawValue), resolved_at = \(now.timeIntervalSince1970),
                        approver_comment = \(Self.bytes(comment))
                    WHERE id = \(id) AND status = 'pending'
                    """, logger: Self.logger)
                let detail = approved
                    ? "Approval request approved (quorum \(approvals)/\(request.approvalsRequired) met)"
                    : "Approval request declined"
                try await Self.addEvent(connection, id, now, "approval_complete", detail)
            }
            let type =
                switch decided {
                case .approved?: "approval_approved"
                case .declined?: "approval_declined"
                default: "approval_vote_received"
                }
            let counted = decided == nil ? approvals : nil
            try await Self.notify(connection, ChangeNotice(
                origin: origin, id: id, type: type, approvals: counted, at: now.timeIntervalSince1970))
            let updated = try await Self.fetchRequest(connection, id)!
            return (.recorded(updated), .approval(type, updated, at: now, approvals: counted))
        }
        if let event { push.publish(event) }
        return outcome
    }

    func claimExecution(id: String) async throws -> Bool {
        try await answering { [client, replica] in
            let rows = try await client.query("""
                UPDATE approval_request SET tool_result = \(JSONText.encode(ToolOutcome.executingMarker)), claimed_by = \(replica)
                WHERE id = \(id) AND status = 'approved' AND tool_result IS NULL RETURNING id
                """, logger: Self.logger)
            var claimed = 0
            for try await _ in rows.decode(String.self) { claimed += 1 }
            return claimed == 1
        }
    }

    func storeResult(id: String, result: JSONValue, at now: Date) async throws {
        try await transaction { connection in
            try await connection.query(
                "UPDATE approval_request SET tool_result = \(JSONText.encode(result)) WHERE id = \(id)", logger: Self.logger)
            try await Self.addEvent(connection, id, now, "tool_executed", "Tool executed after approval")
        }
    }

    func events(for id: String) async throws -> [RequestEvent] {
        try await answering { [client] in
            let rows = try await client.query(
                "SELECT at, type, detail, comment FROM approval_event WHERE request_id = \(id) ORDER BY seq",
                logger: Self.logger)
            var events: [RequestEvent] = []
            for try await (at, type, detail, comment) in rows.decode((Double, String, String, Data?).self) {
                events.append(RequestEvent(
                    at: Date(timeIntervalSince1970: at), type: type, detail: detail, comment: comment.map(Self.text)))
            }
            return events
        }
    }

    // MARK: Inside a transaction

    /// Expires the pending requests whose time ran out (only `id` when given); each row moves for
    /// exactly one transaction, on whichever replica, because the update re-checks `pending`.
    static func expireDue(
        _ connection: PostgresConnection, now: Date, origin: String, only id: String?
    ) async throws -> [StoredRequest] {
        let at = now.timeIntervalSince1970
        let rows =
            if let id {
                try await connection.query("""
                    UPDATE approval_request SET status = 'expired'
                    WHERE id = \(id) AND status = 'pending' AND expires_at <= \(at) RETURNING id
                    """, logger: logger)
            } else {
                try await connection.query("""
                    UPDATE approval_request SET status = 'expired'
                    WHERE status = 'pending' AND expires_at <= \(at) RETURNING id
                    """, logger: logger)
            }
        var ids: [String] = []
        for try await expired in rows.decode(String.self) { ids.append(expired) }
        var expired: [StoredRequest] = []
        for expiredID in ids {
            try await addEvent(connection, expiredID, now, "expired", "Approval request expired without a decision")
            try await notify(connection, ChangeNotice(origin: origin, id: expiredID, type: "approval_expired", at: at))
            if let request = try await fetchRequest(connection, expiredID) { expired.append(request) }
        }
        return expired
    }

    /// Stores `record` as it is (pending or already decided), held by `replica`.
    static func insert(_ connection: PostgresConnection, _ record: ApprovalRequestRecord, replica: String) async throws {
        try await connection.query("""
            INSERT INTO approval_request (id, tool_name, tool_args, agent_reasoning, agent_name, execution_id,
                status, policy_id, policy_name, approvals_required, timeout_seconds, channels, created_by,
                requested_at, resolved_at, expires_at, approver_comment, blocking, decided_by_rule, replica)
            VALUES (\(record.id), \(record.toolName), \(record.toolArgs), \(bytes(record.agentReasoning?.text)),
                \(record.agentName), \(record.executionID), \(record.status), \(record.policyID), \(record.policyName),
                \(record.approvalsRequired), \(record.timeoutSeconds), \(record.channels), \(record.createdBy),
                \(record.requestedAt.timeIntervalSince1970), \(record.resolvedAt?.timeIntervalSince1970),
                \(record.expiresAt.timeIntervalSince1970), \(bytes(record.approverComment?.text)), \(record.blocking),
                \(record.decidedByRule), \(replica))
            """, logger: logger)
    }

    static func fetchRequest(_ connection: PostgresConnection, _ id: String) async throws -> StoredRequest? {
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT \(requestColumns) FROM approval_request WHERE id = $1", binds: binds(id)),
            logger: logger)
        for try await row in rows { return StoredRequest(try record(row)) }
        return nil
    }

    static func approvalCount(_ connection: PostgresConnection, _ id: String) async throws -> Int {
        let rows = try await connection.query(
            "SELECT count(DISTINCT principal_id) FROM approval_vote WHERE request_id = \(id) AND approved",
            logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    static func addEvent(
        _ connection: PostgresConnection, _ id: String, _ at: Date, _ type: String, _ detail: String,
        comment: String? = nil
    ) async throws {
        try await connection.query("""
            INSERT INTO approval_event (request_id, at, type, detail, comment)
            VALUES (\(id), \(at.timeIntervalSince1970), \(type), \(detail), \(bytes(comment)))
            """, logger: logger)
    }

    // MARK: Rows and text

    static func record(_ row: PostgresRow) throws -> ApprovalRequestRecord {
        let cells = row.makeRandomAccess()
        return ApprovalRequestRecord(
            id: try cells["id"].decode(String.self), toolName: try cells["tool_name"].decode(String.self),
            toolArgs: try cells["tool_args"].decode(String.self),
            agentReasoning: LosslessString(try cells["agent_reasoning"].decode(Data?.self).map(text)),
            agentName: try cells["agent_name"].decode(String?.self),
            executionID: try cells["execution_id"].decode(String?.self), status: try cells["status"].decode(String.self),
            policyID: try cells["policy_id"].decode(String.self), policyName: try cells["policy_name"].decode(String.self),
            approvalsRequired: try cells["approvals_required"].decode(Int.self),
            timeoutSeconds: try cells["timeout_seconds"].decode(Int.self),
            channels: try cells["channels"].decode(String.self), createdBy: try cells["created_by"].decode(String.self),
            requestedAt: Date(timeIntervalSince1970: try cells["requested_at"].decode(Double.self)),
            resolvedAt: try cells["resolved_at"].decode(Double?.self).map(Date.init(timeIntervalSince1970:)),
            expiresAt: Date(timeIntervalSince1970: try cells["expires_at"].decode(Double.self)),
            approverComment: LosslessString(try cells["approver_comment"].decode(Data?.self).map(text)),
            toolResult: try cells["tool_result"].decode(String?.self), blocking: try cells["blocking"].decode(Bool.self),
            decidedByRule: try cells["decided_by_rule"].decode(String?.self))
    }

    static func binds(_ values: String...) -> PostgresBindings {
        var bindings = PostgresBindings()
        for value in values { bindings.append(value) }
        return bindings
    }

    /// Free text as its UTF-8 bytes (`bytea`): U+0000 and every other character kept exactly.
    static func bytes(_ text: String?) -> Data? { text.map { Data($0.utf8) } }

    static func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }
}

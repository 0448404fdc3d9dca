import ApprovalModel
import Foundation
import PostgresNIO
import SQLiteSupport

/// Access rules in PostgreSQL: the same rows and order as in SQLite (priority, then age).
extension PostgresStore {
    static let ruleColumns = """
        id, tool_name, action, condition_expression, priority, description, is_enabled, created_by_id, created_by, \
        created_at, expires_at, revoked_at, decided_count
        """

    func insertRule(_ rule: AccessRuleRecord) async throws {
        try await transaction { connection in
            try await connection.query("""
                INSERT INTO access_rule (id, tool_name, action, condition_expression, priority, description, is_enabled,
                    created_by_id, created_by, created_at, expires_at, revoked_at, decided_count)
                VALUES (\(rule.id), \(rule.toolName), \(rule.action), \(Self.bytes(rule.conditionExpression?.text)),
                    \(rule.priority), \(Self.bytes(rule.description?.text)), \(rule.isEnabled), \(rule.createdByID),
                    \(rule.createdBy), \(rule.createdAt.timeIntervalSince1970), \(rule.expiresAt?.timeIntervalSince1970),
                    \(rule.revokedAt?.timeIntervalSince1970), \(rule.decidedCount))
                """, logger: Self.logger)
        }
    }

    func rules(tool name: String, now: Date) async throws -> [AccessRuleRecord] {
        try await answering { [client] in
            try await client.withConnection { connection in try await Self.standingRules(connection, tool: name, now: now) }
        }
    }

    func standingRules(now: Date) async throws -> [AccessRuleRecord] {
        try await answering { [client] in
            try await client.withConnection { connection in try await Self.standingRules(connection, tool: nil, now: now) }
        }
    }

    func rule(id: String) async throws -> AccessRuleRecord? {
        try await answering { [client] in
            try await client.withConnection { connection in
                try await Self.rules(connection, where: "id = $1", Self.binds(id)).first
            }
        }
    }

    func revokeRule(id: String, now: Date) async throws -> Bool {
        try await transaction { connection in
            let rows = try await connection.query("""
                UPDATE access_rule SET revoked_at = \(now.timeIntervalSince1970)
                WHERE id = \(id) AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > \(now.timeIntervalSince1970))
                RETURNING id
                """, logger: Self.logger)
            return try await Self.count(rows) == 1
        }
    }

    func updateRule(_ rule: AccessRuleRecord, now: Date) async throws -> Bool {
        try await transaction { connection in
            let rows = try await connection.query("""
                UPDATE access_rule SET tool_name = \(rule.toolName), action = \(rule.action),
                    condition_expression = \(Self.bytes(rule.conditionExpression?.text)), priority = \(rule.priority),
                    description = \(Self.bytes(rule.description?.text)), is_enabled = \(rule.isEnabled),
                    expires_at = \(rule.expiresAt?.timeIntervalSince1970), revoked_at = \(rule.revokedAt?.timeIntervalSince1970)
                WHERE id = \(rule.id) AND revoked_at IS NULL
                    AND (expires_at IS NULL OR expires_at > \(now.timeIntervalSince1970))
                RETURNING id
                """, logger: Self.logger)
            return try await Self.count(rows) == 1
        }
    }

    /// A call a rule decided, stored decided in one transaction that first locks the tool's rules
    /// (`FOR UPDATE`): a revoke or edit on any replica either commits before (and `recheck` sees
    /// it) or waits until this one committed.
    func decideByRule(
        _ new: NewRequest, verdict: RuleVerdict, at now: Date, recheck: @escaping @Sendable ([AccessRuleRecord]) -> RuleVerdict
    ) async throws -> StoredRequest? {
        guard let (rule, approved, comment) = verdict.decision else { return nil }
        var record = ApprovalRequestRecord(new, at: now)
        try record.refuseUnstorableText()
        record.status = (approved ? ApprovalStatus.approved : .declined).rawValue
        record.resolvedAt = now
        record.approverComment = LosslessString(comment)
        record.decidedByRule = rule.id
        let decided = record
        let type = approved ? "approval_approved" : "approval_declined"
        let stored = try await transaction { [origin, replica] connection -> StoredRequest? in
            try await connection.query(
                "SELECT id FROM access_rule WHERE tool_name = \(new.call.toolName) FOR UPDATE", logger: Self.logger)
            let standing = try await Self.standingRules(connection, tool: new.call.toolName, now: now)
            guard recheck(standing) == verdict else { return nil }
            try await Self.insert(connection, decided, replica: replica)
            try await Self.addEvent(
                connection, decided.id, now, "approval_requested", "Approval request created for tool '\(new.call.toolName)'")
            try await Self.addEvent(
                connection, decided.id, now, "approval_complete",
                "Approval request \(approved ? "approved" : "declined") by access rule \(rule.id) (made by \(rule.createdBy)), without asking a person")
            try await connection.query(
                "UPDATE access_rule SET decided_count = decided_count + 1 WHERE id = \(rule.id)", logger: Self.logger)
            try await Self.notify(connection, ChangeNotice(
                origin: origin, id: decided.id, type: type, at: now.timeIntervalSince1970))
            return try await Self.fetchRequest(connection, decided.id)
        }
        if let stored { push.publish(.approval(type, stored, at: now)) }
        return stored
    }

    // MARK: Inside a connection

    /// Standing rules (not revoked, not expired at `now`) of `tool`, or of every tool tool by tool,
    /// in evaluation order.
    static func standingRules(_ connection: PostgresConnection, tool: String?, now: Date) async throws -> [AccessRuleRecord] {
        var bindings = PostgresBindings()
        bindings.append(now.timeIntervalSince1970)
        var filter = "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $1)"
        if let tool {
            bindings.append(tool)
            filter += " AND tool_name = $2"
        }
        return try await rules(connection, where: filter, bindings, order: "tool_name, priority, created_at, inserted")
    }

    static func rules(
        _ connection: PostgresConnection, where filter: String, _ bindings: PostgresBindings,
        order: String = "priority, created_at, inserted"
    ) async throws -> [AccessRuleRecord] {
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT \(ruleColumns) FROM access_rule WHERE \(filter) ORDER BY \(order)", binds: bindings),
            logger: logger)
        var rules: [AccessRuleRecord] = []
        for try await row in rows {
            let cells = row.makeRandomAccess()
            rules.append(AccessRuleRecord(
                id: try cells["id"].decode(String.self), toolName: try cells["tool_name"].decode(String.self),
                action: try cells["action"].decode(String.self),
                conditionExpression: LosslessString(try cells["condition_expression"].decode(Data?.self).map(text)),
                priority: try cells["priority"].decode(Int.self),
                description: LosslessString(try cells["description"].decode(Data?.self).map(text)),
                isEnabled: try cells["is_enabled"].decode(Bool.self), createdByID: try cells["created_by_id"].decode(String.self),
                createdBy: try cells["created_by"].decode(String.self),
                createdAt: Date(timeIntervalSince1970: try cells["created_at"].decode(Double.self)),
                expiresAt: try cells["expires_at"].decode(Double?.self).map(Date.init(timeIntervalSince1970:)),
                revokedAt: try cells["revoked_at"].decode(Double?.self).map(Date.init(timeIntervalSince1970:)),
                decidedCount: try cells["decided_count"].decode(Int.self)))
        }
        return rules
    }

    /// How many rows a statement returned.
    static func count(_ rows: PostgresRowSequence) async throws -> Int {
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }
}

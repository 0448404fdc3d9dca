import SQLiteSupport
import ApprovalModel
import Foundation
import GRDB

extension ServerDatabase {
    static func registerAccessRulesMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-access-rules") { db in
            try db.execute(sql: """
                CREATE TABLE access_rule (
                    id TEXT PRIMARY KEY, tool_name TEXT NOT NULL, action TEXT NOT NULL,
                    condition_expression BLOB, priority INTEGER NOT NULL, description BLOB,
                    is_enabled INTEGER NOT NULL, created_by_id TEXT NOT NULL, created_by TEXT NOT NULL,
                    created_at REAL NOT NULL, expires_at REAL, revoked_at REAL,
                    decided_count INTEGER NOT NULL DEFAULT 0);
                CREATE INDEX access_rule_tool ON access_rule(tool_name, priority);
                ALTER TABLE approval_request ADD COLUMN decided_by_rule TEXT;
                """)
        }
    }

    func insertRule(_ rule: AccessRuleRecord) throws {
        try pool.write { db in try rule.insert(db) }
    }

    /// Standing rules (not revoked, not expired at `now`) of one tool, in evaluation order.
    func rules(tool name: String, now: Date) throws -> [AccessRuleRecord] {
        try pool.read { db in try AccessRuleRecord.all().standing(at: now).on(tool: name).inOrder().fetchAll(db) }
    }

    /// Every standing rule, tool by tool, each tool's in evaluation order.
    func standingRules(now: Date) throws -> [AccessRuleRecord] {
        try pool.read { db in
            try AccessRuleRecord.all().standing(at: now)
                .order(AccessRuleRecord.Columns.toolName.asc).inOrder().fetchAll(db)
        }
    }

    /// A rule by id, revoked and expired ones included (history names them).
    func rule(id: String) throws -> AccessRuleRecord? {
        try pool.read { db in try AccessRuleRecord.fetchOne(db, key: id) }
    }

    /// Revokes a standing rule; false when there is none with that id (or it was revoked already).
    func revokeRule(id: String, now: Date) throws -> Bool {
        try pool.write { db in
            try AccessRuleRecord.all().standing(at: now).filter(AccessRuleRecord.Columns.id == id)
                .updateAll(db, AccessRuleRecord.Columns.revokedAt.set(to: now.timeIntervalSince1970)) == 1
        }
    }

    /// Replaces a standing rule's row (PUT); false when it is gone.
    func updateRule(_ rule: AccessRuleRecord, now: Date) throws -> Bool {
        try pool.write { db in
            guard try AccessRuleRecord.all().standing(at: now).filter(AccessRuleRecord.Columns.id == rule.id)
                .fetchCount(db) == 1
            else { return false }
            try rule.update(db)
            return true
        }
    }

    /// Stores a call that a rule decided without a person: approved (it then runs as any approved
    /// call does, claimed by the agent's poll) or declined. In one write: `recheck` runs again on
    /// the tool's rules as they stand in that write, and must give the same `verdict` (a revoke,
    /// an edit or a new deny rule that committed first wins), the request is stored decided, its
    /// timeline says which rule and whose it is, and the rule's count goes up. Nil when the
    /// verdict changed (or is `ask`): the caller asks a person instead.
    func decideByRule(
        _ new: NewRequest, verdict: RuleVerdict, at now: Date, recheck: @escaping @Sendable ([AccessRuleRecord]) -> RuleVerdict
    ) throws -> StoredRequest? {
        guard let (rule, approved, comment) = verdict.decision else { return nil }
        return try pool.write { db -> StoredRequest? in
            let standing = try AccessRuleRecord.all().standing(at: now).on(tool: new.call.toolName).inOrder().fetchAll(db)
            guard recheck(standing) == verdict else { return nil }
            let status: ApprovalStatus = approved ? .approved : .declined
            var record = ApprovalRequestRecord(new, at: now)
            record.status = status.rawValue
            record.resolvedAt = now
            record.approverComment = LosslessString(comment)
            record.decidedByRule = rule.id
            try record.insert(db)
            try Self.addEvent(db, record.id, now, "approval_requested", "Approval request created for tool '\(new.call.toolName)'")
            try Self.addEvent(
                db, record.id, now, "approval_complete",
                "Approval request \(approved ? "approved" : "declined") by access rule \(rule.id) (made by \(rule.createdBy)), without asking a person")
            try AccessRuleRecord.all().filter(AccessRuleRecord.Columns.id == rule.id)
                .updateAll(db, AccessRuleRecord.Columns.decidedCount += 1)
            let stored = try Self.fetchRequest(db, record.id)!
            Self.publishAfterCommit(
                db, push, .approval(approved ? "approval_approved" : "approval_declined", stored, at: now))
            return stored
        }
    }
}

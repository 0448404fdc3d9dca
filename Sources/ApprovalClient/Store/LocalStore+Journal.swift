import SQLiteSupport
import ApprovalModel
import Foundation
import GRDB

extension LocalStore {
    // MARK: - Decision journal

    /// Records a decision about to be sent, with outcome ``JournalOutcome/pending``. Call it
    /// before sending, then ``completeDecision(_:outcome:errorText:at:)`` with the answer.
    /// A decision in the undo window is begun `held` instead, and ``sendHeldDecision(_:)`` makes
    /// it `pending` when it is sent.
    /// - Returns: the journal id of the new entry.
    public func beginDecision(
        requestID: String, toolName: String, verdict: Verdict, comment: String?, server: String, at date: Date,
        held: Bool = false
    ) throws(StoreError) -> Int64 {
        try write("a decision") { db in
            var record = DecisionRecord(
                id: nil, requestID: requestID, toolName: LosslessString(toolName), verdict: verdict.rawValue,
                comment: LosslessString(comment),
                server: server, createdAt: date, completedAt: nil,
                outcome: (held ? JournalOutcome.held : .pending).rawValue, errorText: nil)
            try record.insert(db)
            return record.id ?? db.lastInsertedRowID
        }
    }

    /// Records how a decision ended.
    /// - Throws: ``StoreError/unknownDecision(id:)`` when no entry has `id`; a write error when
    ///   `outcome` is ``JournalOutcome/pending`` (that is what ``beginDecision`` records).
    public func completeDecision(
        _ id: Int64, outcome: JournalOutcome, errorText: String? = nil, at date: Date
    ) throws(StoreError) {
        guard outcome != .pending else {
            throw .writeFailed(operation: "decision \(id)", reason: "a finished decision cannot be pending")
        }
        try write("decision \(id)") { db in
            guard var record = try DecisionRecord.fetchOne(db, key: id) else { throw StoreError.unknownDecision(id: id) }
            record.outcome = outcome.rawValue
            record.errorText = LosslessString(errorText)
            record.completedAt = date
            try record.update(db)
        }
    }

    /// A held decision's undo window ended: it is being sent now (outcome `pending`).
    /// - Throws: ``StoreError/unknownDecision(id:)`` when no held entry has `id` (one taken
    ///   back, or settled as not sent, is never sent).
    public func sendHeldDecision(_ id: Int64) throws(StoreError) {
        try write("decision \(id)") { db in
            guard var record = try DecisionRecord.fetchOne(db, key: id), record.outcome == JournalOutcome.held.rawValue
            else { throw StoreError.unknownDecision(id: id) }
            record.outcome = JournalOutcome.pending.rawValue
            try record.update(db)
        }
    }

    /// How old a held decision must be to be its dead console's: the longest undo window (60 s)
    /// and a margin for a busy machine.
    public static let abandonedHoldAge: TimeInterval = 90

    /// Held decisions older than ``abandonedHoldAge`` at `now`, settled as not sent (see below).
    @discardableResult
    public func settleAbandonedHolds(at now: Date) throws(StoreError) -> Int {
        try settleAbandonedHolds(begunBefore: now.addingTimeInterval(-Self.abandonedHoldAge), at: now)
    }

    /// Held decisions begun before `date` whose console is gone (it stopped without sending or
    /// settling them) become `not-sent`: a live console sends or settles its own within its
    /// undo window, at most a minute. Returns how many were settled.
    @discardableResult
    public func settleAbandonedHolds(begunBefore date: Date, at now: Date) throws(StoreError) -> Int {
        try write("abandoned held decisions") { db in
            try DecisionRecord
                .filter(DecisionRecord.Columns.outcome == JournalOutcome.held.rawValue)
                .filter(DecisionRecord.Columns.createdAt < date)
                .updateAll(db, [
                    DecisionRecord.Columns.outcome.set(to: JournalOutcome.notSent.rawValue),
                    DecisionRecord.Columns.completedAt.set(to: now),
                    DecisionRecord.Columns.errorText.set(
                        to: LosslessString("the console stopped during the undo window; nothing was sent")),
                ])
        }
    }

    /// Decisions written but never completed (the console stopped while sending), oldest first.
    public func unresolvedDecisions() throws(StoreError) -> [JournalEntry] {
        try read("unresolved decisions") { db in
            try DecisionRecord
                .filter(DecisionRecord.Columns.outcome == JournalOutcome.pending.rawValue)
                .order(DecisionRecord.Columns.id)
                .fetchAll(db)
                .map(JournalEntry.init(record:))
        }
    }

    /// Decisions sent to `server` whose outcome nobody knows: begun but never completed (the
    /// console stopped mid-request) or lost with the connection. Oldest first.
    public func decisionsToRecheck(server: String) throws(StoreError) -> [JournalEntry] {
        try read("decisions to re-check") { db in
            try DecisionRecord
                .filter([JournalOutcome.pending.rawValue, JournalOutcome.unknown.rawValue]
                    .contains(DecisionRecord.Columns.outcome))
                .filter(DecisionRecord.Columns.server == server)
                .order(DecisionRecord.Columns.id)
                .fetchAll(db)
                .map(JournalEntry.init(record:))
        }
    }

    /// The newest `limit` journal entries, newest first.
    public func journal(limit: Int) throws(StoreError) -> [JournalEntry] {
        try read("the decision journal") { db in
            try DecisionRecord
                .order(DecisionRecord.Columns.id.desc)
                .limit(max(0, limit))
                .fetchAll(db)
                .map(JournalEntry.init(record:))
        }
    }
}

extension JournalEntry {
    /// Maps a row. The schema's CHECK constraints keep `verdict` and `outcome` to known values;
    /// should a newer version add one, an unknown outcome reads as ``JournalOutcome/unknown``.
    init(record: DecisionRecord) {
        self.init(
            id: record.id ?? 0, requestID: record.requestID, toolName: record.toolName.text,
            verdict: Verdict(rawValue: record.verdict) ?? .decline, comment: record.comment?.text, server: record.server,
            createdAt: record.createdAt, completedAt: record.completedAt,
            outcome: JournalOutcome(rawValue: record.outcome) ?? .unknown, errorText: record.errorText?.text)
    }
}

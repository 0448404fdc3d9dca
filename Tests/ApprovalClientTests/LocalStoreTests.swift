import Foundation
import GRDB
import Testing

@testable import ApprovalClient
@testable import ApprovalModel

@Suite struct LocalStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    // MARK: - Location and schema

    @Test func defaultPathFollowsXDGStateHome() throws {
        let path = try LocalStore.defaultPath(environment: ["XDG_STATE_HOME": "/x/state", "HOME": "/home/ann"])
        #expect(path == "/x/state/approval-tui/local.sqlite")
    }

    @Test func defaultPathFallsBackToHomeWhenXDGStateHomeIsUnsetOrRelative() throws {
        #expect(try LocalStore.defaultPath(environment: ["HOME": "/home/ann"])
            == "/home/ann/.local/state/approval-tui/local.sqlite")
        #expect(try LocalStore.defaultPath(environment: ["XDG_STATE_HOME": "state", "HOME": "/home/ann"])
            == "/home/ann/.local/state/approval-tui/local.sqlite")
        #expect(throws: StoreError.noStateDirectory) { try LocalStore.defaultPath(environment: [:]) }
    }

    @Test func createsItsFolderForTheOwnerOnlyAndUsesWAL() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = try LocalStore(path: folder.file("state/approval-tui/local.sqlite"))
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.file("state/approval-tui"))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        let mode = try store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func migrationsAreAppliedUnderStableIdentifiers() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = try LocalStore(path: folder.file("local.sqlite"))
        let applied = try store.pool.read { db in try LocalStore.migrator.appliedIdentifiers(db) }
        #expect(applied == ["v1-seen-and-journal", "v2-last-snapshot", "v3-undo-window-outcomes"])
    }

    @Test func aJournalWrittenBeforeTheUndoWindowKeepsEveryEntryAndTakesTheNewOutcomes() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let path = folder.file("local.sqlite")
        // A store as the previous release left it: the first two migrations and one decision.
        do {
            let old = try DatabasePool(path: path)
            try LocalStore.migrator.migrate(old, upTo: "v2-last-snapshot")
            try old.write { db in
                try db.execute(sql: """
                    INSERT INTO decision_journal (request_id, tool_name, verdict, server, created_at, outcome)
                    VALUES ('req-1', X'7277', 'approve', 'http://s', '2026-12-01 10:00:00.000', 'approved');
                    INSERT INTO decision_journal (id, request_id, tool_name, verdict, comment, server, created_at, outcome)
                    VALUES (41, 'req-9', X'610062', 'decline', X'6E6F00', 'http://s', '2026-12-01 10:01:00.000', 'failed')
                    """)
            }
        }
        let store = try LocalStore(path: path)
        let kept = try store.journal(limit: 10)
        #expect(kept.map(\.requestID) == ["req-9", "req-1"])
        #expect(kept.map(\.id) == [41, 1], "ids are kept")
        #expect(kept[0].toolName == "a\u{0}b" && kept[0].comment == "no\u{0}", "text past a NUL is kept")
        #expect(kept[1].outcome == .approved && kept[1].toolName == "rw")
        let indexed = try store.pool.read { db in try db.indexes(on: "decision_journal").map(\.columns) }
        #expect(indexed.contains(["outcome"]), "the outcome index is back")
        let held = try store.beginDecision(
            requestID: "req-2", toolName: "deploy", verdict: .approve, comment: nil, server: "http://s", at: Date(), held: true)
        #expect(held == 42, "a new entry follows the old ones")
        #expect(try store.journal(limit: 1).first?.outcome == .held)
        try store.completeDecision(held, outcome: .undone, errorText: "taken back", at: Date())
        #expect(try store.journal(limit: 1).first?.outcome == .undone)
        #expect(throws: StoreError.self, "a decision taken back is never sent") { try store.sendHeldDecision(held) }
        #expect(try store.unresolvedDecisions().isEmpty, "a held or undone entry is not a decision lost in flight")
    }

    @Test func heldDecisionsOfAConsoleThatStoppedAreSettledAsNotSent() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = try LocalStore(path: folder.file("local.sqlite"))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let old = try store.beginDecision(
            requestID: "req-old", toolName: "a", verdict: .approve, comment: nil, server: "s", at: now.addingTimeInterval(-600), held: true)
        let recent = try store.beginDecision(
            requestID: "req-new", toolName: "b", verdict: .decline, comment: nil, server: "s", at: now.addingTimeInterval(-5), held: true)
        #expect(try store.settleAbandonedHolds(begunBefore: now.addingTimeInterval(-120), at: now) == 1)
        let entries = Dictionary(uniqueKeysWithValues: try store.journal(limit: 10).map { ($0.id, $0) })
        #expect(entries[old]?.outcome == .notSent)
        #expect(entries[old]?.errorText?.contains("nothing was sent") == true)
        #expect(entries[recent]?.outcome == .held, "a console still in its window keeps its own")
        try store.sendHeldDecision(recent)
        #expect(try store.unresolvedDecisions().map(\.id) == [recent], "once sent it is pending like any decision")
    }

    @Test func aFileThatIsNotADatabaseIsReportedNotCrashed() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let path = folder.file("local.sqlite")
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { try LocalStore(path: path) }
        #expect(error?.description.contains(path) == true)
    }

    // MARK: - Decision journal

    @Test func aDecisionIsJournalledBeforeItIsSentAndCompletedAfter() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = try LocalStore(path: folder.file("local.sqlite"))
        let id = try store.beginDecision(
            requestID: "r1", toolName: "deploy", verdict: .approve, comment: "ok", server: "prod", at: Self.t0)
        let pending = JournalEntry(
            id: id, requestID: "r1", toolName: "deploy", verdict: .approve, comment: "ok", server: "prod",
            createdAt: Self.t0, completedAt: nil, outcome: .pending, errorText: nil)
        #expect(try store.unresolvedDecisions() == [pending])

        try store.completeDecision(id, outcome: .alreadyDecided, errorText: "declined by bob", at: Self.t0 + 1)
        #expect(try store.unresolvedDecisions() == [])
        var done = pending
        done.outcome = .alreadyDecided
        done.errorText = "declined by bob"
        done.completedAt = Self.t0 + 1
        #expect(try store.journal(limit: 10) == [done])
    }

    /// A hostile server's tool name (or error text) with U+0000 was cut at it in the journal:
    /// "wipe\0disk" read back as "wipe". Now every byte of it comes back.
    @Test func theJournalKeepsTextPastANulByte() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = try LocalStore(path: folder.file("local.sqlite"))
        let id = try store.beginDecision(
            requestID: "r1", toolName: "wipe\u{0}disk", verdict: .decline, comment: "no\u{0}way", server: "s", at: Self.t0)
        try store.completeDecision(id, outcome: .failed, errorText: "refused\u{0}\u{1B}[2J", at: Self.t0 + 1)
        let entry = try #require(try store.journal(limit: 1).first)
        #expect(entry.toolName == "wipe\u{0}disk")
        #expect(entry.comment == "no\u{0}way")
        #expect(entry.errorText == "refused\u{0}\u{1B}[2J")
    }

    @Test func anUnfinishedDecisionSurvivesARestart() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let path = folder.file("local.sqlite")
        let first = try LocalStore(path: path)
        _ = try first.beginDecision(requestID: "r1", toolName: "rm", verdict: .decline, comment: nil, server: "s", at: Self.t0)
        try first.close()
        let reopened = try LocalStore(path: path)
        #expect(try reopened.unresolvedDecisions().map(\.requestID) == ["r1"])
    }

    @Test func theJournalListsNewestFirstUpToTheLimit() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = try LocalStore(path: folder.file("local.sqlite"))
        for index in 1...5 {
            _ = try store.beginDecision(
                requestID: "r\(index)", toolName: "t", verdict: .approve, comment: nil, server: "s", at: Self.t0 + Double(index))
        }
        #expect(try store.journal(limit: 3).map(\.requestID) == ["r5", "r4", "r3"])
    }

    @Test func completingAnUnknownDecisionIsAnError() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = try LocalStore(path: folder.file("local.sqlite"))
        #expect(throws: StoreError.unknownDecision(id: 42)) {
            try store.completeDecision(42, outcome: .approved, at: Self.t0)
        }
    }

    // MARK: - Snapshots

    @Test func theLastSnapshotOfEachServerSurvivesARestart() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let path = folder.file("local.sqlite")
        var request = ScriptedQueueServer.pendingRequest("r1")
        request.agentReasoning = "needs it \u{1B}[31m"
        request.toolArgs = ["path": "/tmp", "force": true]
        let prod = QueueSnapshot(
            requests: [request],
            executions: [FlowExecution(id: "e1", flowID: "f1", flowName: "nightly", status: .running, startTime: Self.t0)],
            fetchedAt: Date(timeIntervalSince1970: 1_800_000_000.123456), generation: 7)
        let staging = QueueSnapshot(requests: [], fetchedAt: Self.t0, generation: 2)
        let first = try LocalStore(path: path)
        try first.saveSnapshot(QueueSnapshot(requests: [], fetchedAt: Self.t0, generation: 1), server: "prod")
        try first.saveSnapshot(prod, server: "prod")
        try first.saveSnapshot(staging, server: "staging")
        try first.close()

        let reopened = try LocalStore(path: path)
        #expect(try reopened.lastSnapshot(server: "prod") == prod)
        #expect(try reopened.lastSnapshot(server: "staging") == staging)
        #expect(try reopened.lastSnapshot(server: "elsewhere") == nil)
    }

    /// The snapshot is written one request at a time; what comes back is what a whole-snapshot
    /// `JSONEncoder` would give, hostile text, huge numbers and all.
    @Test func theSnapshotWrittenPieceByPieceReadsBackAsTheWholeWould() throws {
        var hostile = ScriptedQueueServer.pendingRequest("r\u{0}1")
        hostile.agentReasoning = "\u{0}\u{1B}]52;c;cm0=\u{07}\"},{\"id\":\"forged\"} ‮gnp.exe"
        hostile.toolArgs = ["n": .integer(Int64.max), "big": .number(1e300), "nested": ["list": [.null, true, "x\u{0}"]]]
        var plain = ScriptedQueueServer.pendingRequest("r2")
        plain.expiresAt = Date(timeIntervalSince1970: 1_800_000_300.5)
        for snapshot in [
            QueueSnapshot(requests: [hostile, plain],
                          executions: [FlowExecution(id: "e1", flowID: "f1", flowName: "n\u{1B}[2J", status: .running, startTime: Self.t0)],
                          fetchedAt: Date(timeIntervalSince1970: 1_800_000_000.123456), generation: Int.max),
            QueueSnapshot(requests: [], fetchedAt: Self.t0, generation: 1),
        ] {
            let pieces = try LocalStore.encode(snapshot)
            let whole = try JSONEncoder().encode(snapshot)
            #expect(try JSONDecoder().decode(QueueSnapshot.self, from: pieces) == snapshot)
            #expect(try JSONDecoder().decode(QueueSnapshot.self, from: pieces)
                == JSONDecoder().decode(QueueSnapshot.self, from: whole))
        }
    }

    @Test func anUnreadableSnapshotIsReportedAsSuch() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = try LocalStore(path: folder.file("local.sqlite"))
        try store.pool.write { db in
            try db.execute(
                sql: "INSERT INTO last_snapshot (server, generation, fetched_at, body) VALUES ('prod', 1, ?, ?)",
                arguments: [Self.t0, Data("{not json".utf8)])
        }
        let error = #expect(throws: StoreError.self) { try store.lastSnapshot(server: "prod") }
        guard case .unreadableSnapshot(let server, _) = error else {
            Issue.record("expected unreadableSnapshot, got \(String(describing: error))")
            return
        }
        #expect(server == "prod")
    }

    // MARK: - Seen ids

    @Test func seenIDsAreKeptPerServerAndKind() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = try LocalStore(path: folder.file("local.sqlite"))
        #expect(try store.hasSeenAnything(server: "prod") == false)
        try store.markSeen(requestIDs: ["r1", "r2"], finalExecutionIDs: ["e1"], server: "prod", at: Self.t0)
        try store.markSeen(requestIDs: ["r1"], server: "prod", at: Self.t0 + 5)
        #expect(try store.seenIDs(.request, server: "prod") == ["r1", "r2"])
        #expect(try store.seenIDs(.executionFinal, server: "prod") == ["e1"])
        #expect(try store.seenIDs(.request, server: "staging") == [])
        #expect(try store.hasSeenAnything(server: "prod"))
        #expect(try store.hasSeenAnything(server: "staging") == false)
    }

    @Test func forgettingOldSeenIDsKeepsRecentOnes() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = try LocalStore(path: folder.file("local.sqlite"))
        try store.markSeen(requestIDs: ["old"], finalExecutionIDs: ["old-run"], server: "prod", at: Self.t0)
        try store.markSeen(requestIDs: ["new"], server: "prod", at: Self.t0 + 86_400)
        #expect(try store.forgetSeen(before: Self.t0 + 3600) == 2)
        #expect(try store.seenIDs(.request, server: "prod") == ["new"])
        #expect(try store.seenIDs(.executionFinal, server: "prod") == [])
    }
}

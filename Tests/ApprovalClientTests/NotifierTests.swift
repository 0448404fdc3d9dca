import Foundation
import GRDB
import Testing

@testable import ApprovalClient
@testable import ApprovalModel

@Suite struct NotifierTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func snapshot(_ ids: [String], executions: [FlowExecution] = [], generation: Int = 1) -> QueueSnapshot {
        QueueSnapshot(
            requests: ids.map(ScriptedQueueServer.pendingRequest), executions: executions, fetchedAt: Self.t0,
            generation: generation)
    }

    func execution(_ id: String, _ status: ExecutionStatus) -> FlowExecution {
        FlowExecution(id: id, flowID: "f", flowName: "nightly", status: status, startTime: Self.t0)
    }

    func request(_ id: String) -> NotifiedItem { .request(id: id, toolName: "tool-\(id)") }

    /// A store that has already seen something for "prod", so the first-run rule does not apply.
    func usedStore(_ folder: ScratchFolder) throws -> LocalStore {
        let store = try LocalStore(path: folder.file("local.sqlite"))
        try store.markSeen(requestIDs: ["long-gone"], server: "prod", at: Self.t0 - 3600)
        return store
    }

    @Test func aNewRequestRingsOnceAndNeverAgain() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let notifier = Notifier(store: try usedStore(folder), server: "prod")
        #expect(try await notifier.observe(snapshot(["r1"]), at: Self.t0)
            == NotifierDecision(shouldRing: true, items: [request("r1")]))
        #expect(try await notifier.observe(snapshot(["r1"]), at: Self.t0 + 5) == .silent)
    }

    @Test func seenRequestsDoNotRingAgainAfterARestart() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let path = folder.file("local.sqlite")
        let first = try LocalStore(path: path)
        #expect(try await Notifier(store: first, server: "prod").observe(snapshot(["r1", "r2"]), at: Self.t0).shouldRing)
        try first.close()

        let reopened = try LocalStore(path: path)
        let notifier = Notifier(store: reopened, server: "prod")
        #expect(try await notifier.observe(snapshot(["r1", "r2"]), at: Self.t0 + 60) == .silent)
        #expect(try await notifier.observe(snapshot(["r1", "r2", "r3"]), at: Self.t0 + 62)
            == NotifierDecision(shouldRing: true, items: [request("r3")]))
    }

    @Test func aBurstOfTwentyNewRequestsRingsOnce() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let notifier = Notifier(store: try usedStore(folder), server: "prod")
        let ids = (1...20).map { "r\($0)" }
        let decision = try await notifier.observe(snapshot(ids), at: Self.t0)
        #expect(decision == NotifierDecision(shouldRing: true, items: ids.map(request)))
        #expect(try await notifier.observe(snapshot(ids), at: Self.t0 + 2) == .silent)
    }

    @Test func itemsWithinASecondOfARingAreFoldedIntoTheNextRing() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let notifier = Notifier(store: try usedStore(folder), server: "prod")
        #expect(try await notifier.observe(snapshot(["r1"]), at: Self.t0).shouldRing)
        #expect(try await notifier.observe(snapshot(["r1", "r2"]), at: Self.t0 + 0.4) == .silent)
        #expect(try await notifier.observe(snapshot(["r1", "r2", "r3"]), at: Self.t0 + 0.8) == .silent)
        #expect(await notifier.hasHeldItems)
        #expect(try await notifier.observe(snapshot(["r1", "r2", "r3"]), at: Self.t0 + 1.1)
            == NotifierDecision(shouldRing: true, items: [request("r2"), request("r3")]))
        #expect(await notifier.hasHeldItems == false)
    }

    @Test func heldItemsRingOnFlushOnceTheSecondHasPassed() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let notifier = Notifier(store: try usedStore(folder), server: "prod")
        _ = try await notifier.observe(snapshot(["r1"]), at: Self.t0)
        _ = try await notifier.observe(snapshot(["r1", "r2"]), at: Self.t0 + 0.5)
        #expect(await notifier.flushHeld(at: Self.t0 + 0.9) == .silent)
        #expect(await notifier.flushHeld(at: Self.t0 + 1) == NotifierDecision(shouldRing: true, items: [request("r2")]))
        #expect(await notifier.flushHeld(at: Self.t0 + 3) == .silent)
    }

    @Test func theFirstRunRingsOnceForEverythingAlreadyPending() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = try LocalStore(path: folder.file("local.sqlite"))
        let notifier = Notifier(store: store, server: "prod")
        let history = [execution("e1", .succeeded), execution("e2", .failed)]
        let first = try await notifier.observe(snapshot(["r1", "r2", "r3"], executions: history), at: Self.t0)
        #expect(first == NotifierDecision(
            shouldRing: true, items: [request("r1"), request("r2"), request("r3")], isInitialBacklog: true))
        #expect(try store.seenIDs(.executionFinal, server: "prod") == ["e1", "e2"])
        #expect(try await notifier.observe(snapshot(["r1", "r2", "r3", "r4"], executions: history), at: Self.t0 + 2)
            == NotifierDecision(shouldRing: true, items: [request("r4")]))
    }

    @Test func aFinishedExecutionRingsOnce() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let notifier = Notifier(store: try usedStore(folder), server: "prod")
        #expect(try await notifier.observe(snapshot([], executions: [execution("e1", .running)]), at: Self.t0) == .silent)
        #expect(try await notifier.observe(snapshot([], executions: [execution("e1", .succeeded)]), at: Self.t0 + 2)
            == NotifierDecision(shouldRing: true, items: [
                .finishedExecution(id: "e1", flowName: "nightly", status: .succeeded),
            ]))
        #expect(try await notifier.observe(snapshot([], executions: [execution("e1", .succeeded)]), at: Self.t0 + 4)
            == .silent)
    }

    @Test func aFailedWriteSurfacesAsAnErrorAndTheItemsRingLater() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = try usedStore(folder)
        try await store.pool.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_seen BEFORE INSERT ON seen_item
                BEGIN SELECT RAISE(ABORT, 'disk says no'); END
                """)
        }
        let notifier = Notifier(store: store, server: "prod")
        await #expect(throws: StoreError.writeFailed(operation: "seen ids", reason: "disk says no")) {
            try await notifier.observe(snapshot(["r1"]), at: Self.t0)
        }
        try await store.pool.write { db in try db.execute(sql: "DROP TRIGGER refuse_seen") }
        #expect(try await notifier.observe(snapshot(["r1"]), at: Self.t0 + 2)
            == NotifierDecision(shouldRing: true, items: [request("r1")]))
    }
}

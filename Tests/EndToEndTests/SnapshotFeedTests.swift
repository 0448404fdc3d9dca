import ApprovalClient
import ApprovalModel
import Foundation
import Testing
@testable import ApprovalTUI

/// The console's reaction to each snapshot (journal recheck, snapshot cache, notifier), against
/// the real local server in process and a real SQLite store.
@Suite struct SnapshotFeedTests {
    private func store(in fixture: LocalServerFixture) throws -> LocalStore {
        try LocalStore(path: fixture.root.appendingPathComponent("console.sqlite").path)
    }

    private func request(_ id: String, _ tool: String) -> ApprovalRequest {
        ApprovalRequest(id: id, toolName: tool, requestedAt: Date(), expiresAt: Date().addingTimeInterval(600))
    }

    @Test func aLostDecisionIsRecheckedOnceAndSaidSoWithoutBeingSentAgain() async throws {
        let fixture = try await LocalServerFixture()
        defer { Task { await fixture.stop() } }
        let id = try #require(try await fixture.submitToolCall("restart_cache", args: [:], justification: "stale"))
        let client = try fixture.approverClient()
        let store = try store(in: fixture)
        let start = Date()
        _ = try store.beginDecision(requestID: id, toolName: "restart_cache", verdict: .approve, comment: nil,
                                    server: client.serverName, at: start.addingTimeInterval(-60))
        var feed = SnapshotFeed(store: store, client: client, notifier: nil, startedAt: start, now: { Date() })
        let snapshot = QueueSnapshot(requests: [request(id, "restart_cache")], fetchedAt: start, generation: 1)
        let first = await feed.take(snapshot)
        #expect(first.notice == "1 earlier decision whose outcome was lost was re-checked with the server (nothing re-sent); see :journal")
        #expect(try store.journal(limit: 10).first?.outcome == .failed)
        // Still pending on the server: nothing was sent.
        #expect(try await client.approvalRequest(id: id).status == .pending)
        #expect(await feed.take(snapshot).notice == nil)
    }

    @Test func anUnchangedQueueIsNotWrittenAgainAndAChangedOneIs() async throws {
        let fixture = try await LocalServerFixture()
        defer { Task { await fixture.stop() } }
        let client = try fixture.approverClient()
        let store = try store(in: fixture)
        var feed = SnapshotFeed(store: store, client: client, notifier: nil, startedAt: Date(), now: { Date() })
        let one = [request("r1", "deploy")]
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        _ = await feed.take(QueueSnapshot(requests: one, fetchedAt: t0, generation: 1))
        _ = await feed.take(QueueSnapshot(requests: one, fetchedAt: t0.addingTimeInterval(2), generation: 2))
        #expect(try store.lastSnapshot(server: client.serverName)?.fetchedAt == t0)
        let two = one + [request("r2", "wipe\u{0}disk")]
        _ = await feed.take(QueueSnapshot(requests: two, fetchedAt: t0.addingTimeInterval(4), generation: 3))
        let saved = try #require(try store.lastSnapshot(server: client.serverName))
        #expect(saved.fetchedAt == t0.addingTimeInterval(4))
        #expect(saved.requests.map(\.toolName) == ["deploy", "wipe\u{0}disk"])
    }

    @Test func aNewRequestRingsOnceAndTheSameQueueDoesNotRingAgain() async throws {
        let fixture = try await LocalServerFixture()
        defer { Task { await fixture.stop() } }
        let client = try fixture.approverClient()
        let store = try store(in: fixture)
        let notifier = Notifier(store: store, server: client.serverName, minimumRingSpacing: 0)
        var feed = SnapshotFeed(store: store, client: client, notifier: notifier, startedAt: Date(), now: { Date() })
        let empty = await feed.take(QueueSnapshot(requests: [], fetchedAt: Date(), generation: 1))
        #expect(empty.ring == nil)
        let arrived = await feed.take(QueueSnapshot(requests: [request("r1", "deploy")], fetchedAt: Date(), generation: 2))
        #expect(arrived.ring?.items.count == 1)
        let again = await feed.take(QueueSnapshot(requests: [request("r1", "deploy")], fetchedAt: Date(), generation: 3))
        #expect(again.ring == nil)
    }
}

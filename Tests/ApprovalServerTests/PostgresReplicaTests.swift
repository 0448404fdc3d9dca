import ApprovalModel
@testable import ApprovalServer
import Foundation
import PostgresNIO
import ProcessSupport
import Testing

/// Three replicas on one PostgreSQL database: the gate's promises hold whichever replica each
/// call reaches.
@Suite(.enabled(if: PostgresCluster.isAvailable, "PostgreSQL is not installed here; CI installs it"))
struct PostgresReplicaTests {
    /// Three replicas started at the same moment on one new database.
    static func replicas(_ count: Int = 3) async throws -> (PostgresLocation, [PostgresStore]) {
        let location = try await PostgresCluster.shared.freshDatabase()
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<count { group.addTask { try await PostgresStore.open(location) } }
            return try await group.reduce(into: [PostgresStore]()) { $0.append($1) }
        }
        return (location, stores)
    }

    static func close(_ stores: [PostgresStore]) async {
        for store in stores { await store.close() }
    }

    static func endpoint(_ location: PostgresLocation) -> PostgresCluster.Endpoint {
        PostgresCluster.Endpoint(host: location.host, port: location.port)
    }

    @Test func replicasStartingTogetherMigrateOnce() async throws {
        let (location, stores) = try await Self.replicas()
        let applied = try await PostgresCluster.admin(Self.endpoint(location), database: location.database) { client in
            var ids: [String] = []
            for try await id in try await client.query("SELECT id FROM schema_migration").decode(String.self) {
                ids.append(id)
            }
            return ids
        }
        #expect(applied == PostgresStore.migrations.map(\.id))
        let made = try await stores[0].createRequest(StoreUnderTest.newRequest(), at: Date())
        #expect(try await stores[2].request(id: made.id, now: Date())?.status == .pending)
        await Self.close(stores)
    }

    @Test func fiftyConcurrentDecisionsOverThreeReplicasHaveOneWinner() async throws {
        let (_, stores) = try await Self.replicas()
        let request = try await stores[0].createRequest(StoreUnderTest.newRequest(), at: Date())
        let outcomes = try await withThrowingTaskGroup(of: (Bool, VoteOutcome).self) { group in
            for voter in 0..<50 {
                group.addTask {
                    let approve = voter % 2 == 0
                    let outcome = try await stores[voter % 3].vote(
                        id: request.id, voter: StoreUnderTest.approver("approver-\(voter)"), approved: approve,
                        comment: nil, source: .rest, now: Date())
                    return (approve, outcome)
                }
            }
            return try await group.reduce(into: [(Bool, VoteOutcome)]()) { $0.append($1) }
        }
        let winners = outcomes.filter { $0.1.recordedStatus != nil }
        #expect(winners.count == 1)
        let final = try #require(try await stores[1].request(id: request.id, now: Date())?.status)
        #expect(final == (winners.first?.0 == true ? .approved : .declined))
        #expect(outcomes.filter { $0.1 == .alreadyDecided(final) }.count == 49)
        let events = try await stores[2].events(for: request.id)
        #expect(events.filter { $0.type == "approval_complete" }.count == 1)
        #expect(events.filter { $0.type == "vote_received" }.count == 1)
        await Self.close(stores)
    }

    @Test func tenPollersOverThreeReplicasRunAnApprovedToolOnce() async throws {
        let (_, stores) = try await Self.replicas()
        let request = try await stores[0].createRequest(StoreUnderTest.newRequest(), at: Date())
        _ = try await stores[1].vote(
            id: request.id, voter: StoreUnderTest.approver("alice"), approved: true, comment: nil, source: .rest, now: Date())
        let claims = try await withThrowingTaskGroup(of: Bool.self) { group in
            for poller in 0..<10 { group.addTask { try await stores[poller % 3].claimExecution(id: request.id) } }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(claims.filter { $0 }.count == 1)
        await Self.close(stores)
    }

    @Test func aQuorumCountsAPersonOnceWhateverReplicaEachVoteReaches() async throws {
        let (_, stores) = try await Self.replicas()
        for _ in 0..<10 {
            let request = try await stores[0].createRequest(StoreUnderTest.newRequest(quorum: 2), at: Date())
            async let laptop = stores[0].vote(
                id: request.id, voter: StoreUnderTest.approver("alice", credential: "laptop"), approved: true,
                comment: nil, source: .console, now: Date())
            async let phone = stores[1].vote(
                id: request.id, voter: StoreUnderTest.approver("alice", credential: "phone"), approved: true,
                comment: nil, source: .rest, now: Date())
            let both = try await [laptop, phone]
            #expect(both.filter { $0.recordedStatus == .pending }.count == 1)
            #expect(both.filter { $0 == .alreadyVoted(name: "alice", required: 2) }.count == 1)
            let bob = try await stores[2].vote(
                id: request.id, voter: StoreUnderTest.approver("bob"), approved: true, comment: nil, source: .rest,
                now: Date())
            #expect(bob.recordedStatus == .approved)
        }
        await Self.close(stores)
    }

    @Test func expiryIsDecidedOnceAcrossReplicas() async throws {
        let (_, stores) = try await Self.replicas()
        let start = Date()
        var ids: [String] = []
        for _ in 0..<20 {
            ids.append(try await stores[0].createRequest(StoreUnderTest.newRequest(timeout: 30), at: start).id)
        }
        let later = start.addingTimeInterval(31)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for replica in 0..<9 { group.addTask { try await stores[replica % 3].expireDueIfAny(now: later) } }
            try await group.waitForAll()
        }
        for id in ids {
            #expect(try await stores[1].events(for: id).filter { $0.type == "expired" }.count == 1)
        }
        await Self.close(stores)
    }

    @Test func aDecisionOnOneReplicaIsPushedByTheOthersAndWakesTheirWaiters() async throws {
        let (_, stores) = try await Self.replicas()
        let request = try await stores[0].createRequest(StoreUnderTest.newRequest(), at: Date())
        let heard = FrameLog(listeningTo: stores[1].push)
        let watch = stores[2].push.changes.watch(request.id)
        let woke = Task {
            let clock = ContinuousClock()
            let start = clock.now
            try await watch.next(timeout: .seconds(20))
            return clock.now - start
        }
        _ = try await stores[0].vote(
            id: request.id, voter: StoreUnderTest.approver("alice"), approved: true, comment: nil, source: .rest, now: Date())
        // Replica 1 may hear the creation too (its listener got it after the socket joined); the
        // decision must follow within the push budget.
        var pushed = false
        for _ in 0..<100 where !pushed {
            try await Task.sleep(for: .milliseconds(20))
            pushed = heard.texts.contains { $0.contains(#""type":"approval_approved""#) && $0.contains(request.id) }
        }
        #expect(pushed)
        #expect(heard.texts.first == "authenticated")
        // Woken by the decision, not by the 20 s timeout.
        #expect(try await woke.value < .seconds(10))
        stores[2].push.changes.stop(watch)
        await heard.stop()
        await Self.close(stores)
    }

    @Test func aReplicaWhoseConnectionsAreCutRecoversByItself() async throws {
        let (location, stores) = try await Self.replicas(2)
        let first = try await stores[0].createRequest(StoreUnderTest.newRequest(), at: Date())
        try await PostgresCluster.admin(Self.endpoint(location)) { client in
            try await client.query("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = \(location.database) AND pid <> pg_backend_pid()
                """)
        }
        var recovered: StoredRequest?
        var failures: [String] = []
        for _ in 0..<50 where recovered == nil {
            do {
                recovered = try await stores[0].request(id: first.id, now: Date())
            } catch let error as ServerError {
                failures.append(error.description)
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        #expect(recovered?.id == first.id)
        #expect(failures.allSatisfy { $0.contains("PostgreSQL at \(location)") && !$0.contains("password") })
        // The other replica listens again: a request made here is pushed there.
        let heard = FrameLog(listeningTo: stores[1].push)
        var pushed = false
        for attempt in 0..<20 where !pushed {
            // The listener may still be reconnecting: a request made before it listens is not heard.
            let request = try await stores[0].createRequest(StoreUnderTest.newRequest("tool_\(attempt)"), at: Date())
            for _ in 0..<10 where !pushed {
                try await Task.sleep(for: .milliseconds(50))
                pushed = heard.contains(request.id)
            }
        }
        #expect(pushed)
        await heard.stop()
        await Self.close(stores)
    }

    /// A process killed with SIGKILL in the middle of a decision — holding the request's row lock,
    /// its vote and its status change written but not committed — loses nothing acknowledged and
    /// blocks nobody: PostgreSQL rolls the transaction back when the connection dies. `psql`
    /// running a vote's statements stands in for the dying replica (what PostgreSQL sees of a
    /// killed replica is exactly this: a connection gone mid-transaction).
    @Test func aReplicaKilledMidDecisionLosesNothingAcknowledgedAndBlocksNoOne() async throws {
        let (location, stores) = try await Self.replicas(2)
        let request = try await stores[0].createRequest(StoreUnderTest.newRequest(quorum: 2), at: Date())
        let alice = try await stores[0].vote(
            id: request.id, voter: StoreUnderTest.approver("alice"), approved: true, comment: "acknowledged",
            source: .rest, now: Date())
        #expect(alice.recordedStatus == .pending)
        let psql = try #require(PostgresCluster.binDirectory).appending("/psql")
        let script = """
            SET client_connection_check_interval = '100ms';
            BEGIN;
            SELECT status FROM approval_request WHERE id = '\(request.id)' FOR UPDATE;
            INSERT INTO approval_vote (request_id, principal_id, voter, approved, voted_at)
                VALUES ('\(request.id)', 'mallory', 'mallory-token', true, 0);
            UPDATE approval_request SET status = 'approved' WHERE id = '\(request.id)';
            SELECT pg_sleep(60);
            """
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let child = try SpawnedCommand.Child(
            [psql, "-X", "-q", "-h", location.host, "-p", "\(location.port)", "-U", location.user, "-d", location.database,
             "-c", script],
            environment: nil, stdout: folder.appendingPathComponent("out").path,
            stderr: folder.appendingPathComponent("err").path)
        // Wait until the dying "replica" holds the lock and sleeps inside its transaction.
        var holding = false
        for _ in 0..<100 where !holding {
            try await Task.sleep(for: .milliseconds(50))
            holding = try await PostgresCluster.admin(Self.endpoint(location)) { client in
                let rows = try await client.query("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = \(location.database) AND state = 'active' AND query LIKE '%pg_sleep%'
                      AND backend_type = 'client backend' AND pid <> pg_backend_pid()
                    """)
                for try await count in rows.decode(Int.self) { return count > 0 }
                return false
            }
        }
        #expect(holding)
        child.signal(SIGKILL)
        #expect(try await child.exitStatus() == 128 + SIGKILL)
        // Bob's vote on the other replica is not blocked for good by the dead one's lock, and it
        // meets the quorum with Alice's acknowledged vote; the uncommitted vote never counted.
        let bob = try await stores[1].vote(
            id: request.id, voter: StoreUnderTest.approver("bob"), approved: true, comment: nil, source: .rest, now: Date())
        #expect(bob.recordedStatus == .approved)
        let events = try await stores[1].events(for: request.id)
        #expect(events.filter { $0.type == "vote_received" }.map(\.detail).map { $0.contains("alice") }
            == [true, false])
        #expect(events.compactMap(\.comment) == ["acknowledged"])
        #expect(!events.contains { $0.detail.contains("mallory") })
        #expect(try await stores[0].request(id: request.id, now: Date())?.approverComment == nil)
        await Self.close(stores)
    }

    @Test func anUnreachableDatabaseIsAClearErrorNotAHang() async throws {
        let port = try PostgresCluster.freePort()
        let location = try PostgresLocation(address: "postgres://approval@127.0.0.1:\(port)/approval")
        do {
            let store = try await PostgresStore.open(location)
            await store.close()
            Issue.record("a store opened on a port where nothing listens")
        } catch let error as ServerError {
            #expect(error.description.contains("PostgreSQL at postgres://approval@127.0.0.1:\(port)/approval"))
        }
    }
}

/// The text frames an authenticated websocket on one replica received, read while they arrive.
final class FrameLog: Sendable {
    private let received = LogLines()
    private let push: PushBroadcaster
    private let socket: Int
    private let continuation: AsyncStream<PushFrame>.Continuation
    private let collector: Task<Void, Never>

    init(listeningTo push: PushBroadcaster) {
        self.push = push
        let (frames, continuation) = AsyncStream<PushFrame>.makeStream()
        socket = push.register(PushOutbox(continuation: continuation))
        push.setAuthenticated(socket, true, reply: "authenticated")
        self.continuation = continuation
        collector = Task { [received] in
            for await case .text(let text) in frames { received.append(text) }
        }
    }

    var texts: [String] { received.all }

    func contains(_ fragment: String) -> Bool { texts.contains { $0.contains(fragment) } }

    /// Leaves the broadcaster and waits until every frame sent is read.
    func stop() async {
        push.remove(socket)
        continuation.finish()
        await collector.value
    }
}

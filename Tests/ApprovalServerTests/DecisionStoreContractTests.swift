import ApprovalModel
@testable import ApprovalServer
import Foundation
import Testing

/// The gate's promises, held the same by both stores: SQLite (one process) and PostgreSQL (replicas).
@Suite struct DecisionStoreContractTests {
    @Test(arguments: StoreKind.available)
    func onePersonWithTwoCredentialsIsCountedOnce(_ kind: StoreKind) async throws {
        let opened = try await StoreUnderTest.open(kind)
        let store = opened.store
        let request = try await store.createRequest(StoreUnderTest.newRequest(quorum: 2), at: Date())
        let first = try await store.vote(
            id: request.id, voter: StoreUnderTest.approver("alice", credential: "laptop"), approved: true, comment: nil,
            source: .console, now: Date())
        #expect(first.recordedStatus == .pending)
        let again = try await store.vote(
            id: request.id, voter: StoreUnderTest.approver("alice", credential: "phone"), approved: true, comment: nil,
            source: .rest, now: Date())
        #expect(again == .alreadyVoted(name: "alice", required: 2))
        #expect(try await store.request(id: request.id, now: Date())?.status == .pending)
        let bob = try await store.vote(
            id: request.id, voter: StoreUnderTest.approver("bob"), approved: true, comment: "ok", source: .console,
            now: Date())
        #expect(bob.recordedStatus == .approved)
        let types = try await store.events(for: request.id).map(\.type)
        #expect(types == ["approval_requested", "notification_sent", "vote_received", "vote_received", "approval_complete"])
        await opened.close()
    }

    @Test(arguments: StoreKind.available)
    func oneDeclineDeclinesAndALateVoteIsRefused(_ kind: StoreKind) async throws {
        let opened = try await StoreUnderTest.open(kind)
        let store = opened.store
        let request = try await store.createRequest(StoreUnderTest.newRequest(quorum: 3), at: Date())
        _ = try await store.vote(
            id: request.id, voter: StoreUnderTest.approver("alice"), approved: true, comment: nil, source: .rest, now: Date())
        let declined = try await store.vote(
            id: request.id, voter: StoreUnderTest.approver("bob"), approved: false, comment: "no", source: .rest, now: Date())
        #expect(declined.recordedStatus == .declined)
        let late = try await store.vote(
            id: request.id, voter: StoreUnderTest.approver("carol"), approved: true, comment: nil, source: .rest, now: Date())
        #expect(late == .alreadyDecided(.declined))
        #expect(try await store.claimExecution(id: request.id) == false)
        let unknown = try await store.vote(
            id: "no-such-id", voter: StoreUnderTest.approver("carol"), approved: true, comment: nil, source: .rest,
            now: Date())
        #expect(unknown == .notFound)
        await opened.close()
    }

    @Test(arguments: StoreKind.available)
    func anApprovedToolIsClaimedOnceByConcurrentPollers(_ kind: StoreKind) async throws {
        let opened = try await StoreUnderTest.open(kind)
        let store = opened.store
        let request = try await store.createRequest(StoreUnderTest.newRequest(), at: Date())
        #expect(try await store.claimExecution(id: request.id) == false)  // still pending
        _ = try await store.vote(
            id: request.id, voter: StoreUnderTest.approver("alice"), approved: true, comment: nil, source: .rest, now: Date())
        let claims = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<10 { group.addTask { try await store.claimExecution(id: request.id) } }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(claims.filter { $0 }.count == 1)
        try await store.storeResult(id: request.id, result: ["ok": true], at: Date())
        #expect(try await store.request(id: request.id, now: Date())?.toolResult == ["ok": true])
        #expect(try await store.claimExecution(id: request.id) == false)
        await opened.close()
    }

    @Test(arguments: StoreKind.available)
    func expiryIsDecidedOnceAndRefusesLateVotes(_ kind: StoreKind) async throws {
        let opened = try await StoreUnderTest.open(kind)
        let store = opened.store
        let start = Date()
        let request = try await store.createRequest(StoreUnderTest.newRequest(timeout: 60), at: start)
        let later = start.addingTimeInterval(61)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<5 { group.addTask { try await store.expireDueIfAny(now: later) } }
            try await group.waitForAll()
        }
        let vote = try await store.vote(
            id: request.id, voter: StoreUnderTest.approver("alice"), approved: true, comment: nil, source: .rest, now: later)
        #expect(vote == .alreadyDecided(.expired))
        #expect(try await store.request(id: request.id, now: later)?.status == .expired)
        #expect(try await store.events(for: request.id).filter { $0.type == "expired" }.count == 1)
        await opened.close()
    }

    @Test(arguments: StoreKind.available)
    func hostileTextIsStoredExactlyAsWritten(_ kind: StoreKind) async throws {
        let opened = try await StoreUnderTest.open(kind)
        let store = opened.store
        let justification = "\u{1B}]52;c;cm0gLXJmIC8=\u{07}\u{202E}gpj.exe\u{1B}[2J"
        let args = #"{"path": "/tmp/\u0000x", "n": 18446744073709551616}"#
        let request = try await store.createRequest(
            StoreUnderTest.newRequest(justification: justification, args: args), at: Date())
        let comment = "ok\u{0}but\u{1B}[31mred\u{7F}"
        _ = try await store.vote(
            id: request.id, voter: StoreUnderTest.approver("alice"), approved: true, comment: comment, source: .rest,
            now: Date())
        let stored = try #require(try await store.request(id: request.id, now: Date()))
        #expect(stored.agentReasoning == justification)
        #expect(stored.toolArgsText == args)
        #expect(stored.approverComment == comment)
        #expect(try await store.events(for: request.id).compactMap(\.comment) == [comment])
        await opened.close()
    }

    @Test(arguments: StoreKind.available)
    func aNameHoldingNULIsRefusedWholeNotCut(_ kind: StoreKind) async throws {
        let opened = try await StoreUnderTest.open(kind)
        let store = opened.store
        await #expect(throws: ServerError.self) {
            _ = try await store.createRequest(StoreUnderTest.newRequest("run\u{0}_shell"), at: Date())
        }
        let fine = try await store.createRequest(StoreUnderTest.newRequest("run_shell"), at: Date())
        #expect(fine.toolName == "run_shell")
        await opened.close()
    }

    @Test(arguments: StoreKind.available)
    func aDecisionIsPushedToTheStoresWebsockets(_ kind: StoreKind) async throws {
        let opened = try await StoreUnderTest.open(kind)
        let store = opened.store
        let request = try await store.createRequest(StoreUnderTest.newRequest(), at: Date())
        let (frames, continuation) = AsyncStream<PushFrame>.makeStream()
        let socket = store.push.register(PushOutbox(continuation: continuation))
        store.push.setAuthenticated(socket, true, reply: "authenticated")
        _ = try await store.vote(
            id: request.id, voter: StoreUnderTest.approver("alice"), approved: true, comment: nil, source: .rest, now: Date())
        var iterator = frames.makeAsyncIterator()
        #expect(await iterator.next() == .text("authenticated"))
        let event = try #require(await iterator.next())
        guard case .text(let text) = event else { Issue.record("not a text frame: \(event)"); return }
        #expect(text.contains(#""type":"approval_approved""#))
        #expect(text.contains(request.id))
        store.push.remove(socket)
        await opened.close()
    }
}

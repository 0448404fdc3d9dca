import Foundation
import Testing

@testable import ApprovalClient
@testable import ApprovalModel

/// Push names the request that changed; the Poller fetches that one request and hands over the
/// last snapshot brought up to date, instead of walking the whole queue again.
@Suite(.timeLimit(.minutes(1)))
struct PollerOneRequestTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    let clock = ManualTestClock()

    /// Answers one-request fetches from a table; counts them.
    actor OneRequestServer {
        var answers: [String: Result<ApprovalRequest?, ClientError>] = [:]
        private(set) var asked: [String] = []
        private var holdsNext = false
        private var held: CheckedContinuation<Void, Never>?

        func set(_ id: String, _ answer: Result<ApprovalRequest?, ClientError>) { answers[id] = answer }

        /// The next fetch waits for ``release()`` before it reads its answer.
        func holdNext() { holdsNext = true }

        func release() {
            held?.resume()
            held = nil
        }

        func isHolding() -> Bool { held != nil }

        func fetch(_ id: String) async throws(ClientError) -> ApprovalRequest? {
            asked.append(id)
            if holdsNext {
                holdsNext = false
                await withCheckedContinuation { held = $0 }
            }
            return try (answers[id] ?? .success(nil)).get()
        }
    }

    func makePoller(_ list: ScriptedQueueServer, _ one: OneRequestServer) -> Poller {
        let clock = clock
        return Poller(
            clock: clock, now: { Self.start.addingTimeInterval(clock.elapsedSeconds) }, randomUnit: { 0.5 },
            fetchOne: { (id: String) async throws(ClientError) -> ApprovalRequest? in try await one.fetch(id) },
            fetch: list.fetch)
    }

    /// A started poller whose first whole list (`steps[0]`) has been handed over.
    func loaded(
        _ steps: [ScriptedQueueServer.Step]
    ) async -> (ScriptedQueueServer, OneRequestServer, Poller, AsyncStream<PollerUpdate>.Iterator) {
        let list = ScriptedQueueServer(steps)
        let one = OneRequestServer()
        let poller = makePoller(list, one)
        var updates = poller.updates.makeAsyncIterator()
        await poller.start()
        _ = await nextSnapshot(&updates)
        return (list, one, poller, updates)
    }

    static func request(_ id: String, _ status: ApprovalStatus = .pending) -> ApprovalRequest {
        var request = ScriptedQueueServer.pendingRequest(id)
        request.status = status
        return request
    }

    func nextSnapshot(_ updates: inout AsyncStream<PollerUpdate>.Iterator) async -> QueueSnapshot? {
        while let update = await updates.next() {
            if case .snapshot(let snapshot) = update { return snapshot }
        }
        return nil
    }

    @Test func aNamedRequestIsFetchedAloneAndAddedReplacedOrDropped() async {
        let (list, one, poller, started) = await loaded([.answer(["a", "b"])])
        var updates = started
        #expect(await poller.state.isLive)

        await one.set("new", .success(Self.request("new")))
        await poller.refresh(requestID: "new")
        let added = await nextSnapshot(&updates)
        #expect(added?.requests.map(\.id) == ["new", "a", "b"])
        #expect(added?.generation == 2)

        var changed = Self.request("a")
        changed.agentReasoning = "now with a reason"
        await one.set("a", .success(changed))
        await poller.refresh(requestID: "a")
        #expect(await nextSnapshot(&updates)?.requests.first { $0.id == "a" }?.agentReasoning == "now with a reason")

        await one.set("b", .success(Self.request("b", .approved)))
        await poller.refresh(requestID: "b")
        #expect(await nextSnapshot(&updates)?.requests.map(\.id) == ["new", "a"])

        await one.set("a", .success(nil))  // 404 now: gone
        await poller.refresh(requestID: "a")
        #expect(await nextSnapshot(&updates)?.requests.map(\.id) == ["new"])
        #expect(await list.calls == 1)  // the whole queue was walked once
        #expect(await one.asked == ["new", "a", "b", "a"])
        await poller.stop()
    }

    @Test func aFailedOrMismatchedOneRequestFetchFallsBackToTheWholeQueue() async {
        let (list, one, poller, started) = await loaded([.answer(["a"]), .answer(["a", "b"]), .answer(["a", "b", "c"])])
        var updates = started
        await one.set("b", .failure(.timedOut(server: "s", seconds: 5)))
        await poller.refresh(requestID: "b")
        #expect(await nextSnapshot(&updates)?.requests.map(\.id) == ["a", "b"])
        // A hostile server answers with another request than the one asked for: not trusted.
        await one.set("c", .success(Self.request("zzz")))
        await poller.refresh(requestID: "c")
        #expect(await nextSnapshot(&updates)?.requests.map(\.id) == ["a", "b", "c"])
        #expect(await list.calls == 3)
        await poller.stop()
    }

    @Test func aWholeListThatStartedBeforeAPatchKeepsThePatch() async {
        let (list, one, poller, started) = await loaded([.answer(["a"]), .hold])
        var updates = started
        await poller.refreshNow()
        await list.waitForCalls(2)  // the whole list is being walked…
        await one.set("new", .success(Self.request("new")))
        await poller.refresh(requestID: "new")  // …when push names a new request
        #expect(await nextSnapshot(&updates)?.requests.map(\.id) == ["new", "a"])
        // The walk answers from before "new" existed, but with "other" that it saw.
        await list.release(call: 2, with: .success(ScriptedQueueServer.result(["a", "other"])))
        let rebased = await nextSnapshot(&updates)
        #expect(rebased?.requests.map(\.id) == ["new", "a", "other"])
        #expect((rebased?.generation ?? 0) > 2)
        await poller.stop()
    }

    @Test func aOneRequestAnswerOlderThanAWholeListIsDropped() async {
        let (list, one, poller, started) = await loaded([.answer(["a"]), .answer(["a", "b"])])
        var updates = started
        await one.set("b", .success(Self.request("b", .declined)))
        await one.holdNext()
        await poller.refresh(requestID: "b")  // push: b changed; its fetch is slow…
        while await !one.isHolding() { await Task.yield() }
        await poller.refreshNow()  // …and a whole list that started later lists b pending
        #expect(await nextSnapshot(&updates)?.requests.map(\.id) == ["a", "b"])
        await one.release()
        await poller.refreshNow()  // the script is used up: this list answers []
        // The slow answer was dropped: the next snapshot is the list's, not the patch's.
        #expect(await nextSnapshot(&updates)?.requests.map(\.id) == [])
        await poller.stop()
    }

    @Test func aListThatFailsAfterAPatchIsStillReported() async {
        let (list, one, poller, started) = await loaded([.answer(["a"]), .hold])
        var updates = started
        await poller.refreshNow()
        await list.waitForCalls(2)
        await one.set("b", .success(Self.request("b")))
        await poller.refresh(requestID: "b")
        #expect(await nextSnapshot(&updates)?.requests.map(\.id) == ["b", "a"])
        let down = ClientError.unreachable(server: "s", reason: "refused")
        await list.release(call: 2, with: .failure(down))
        var failing: ConnectionState?
        while let update = await updates.next() {
            if case .state(let state) = update { failing = state; break }
        }
        #expect(failing == .failing(since: Self.start, lastError: down, attempts: 1))
        await poller.stop()
    }

    @Test func eventsForARequestBeingFetchedAskForOneMoreFetchNotOneEach() async {
        let (list, one, poller, started) = await loaded([.answer(["a"])])
        var updates = started
        await one.set("a", .success(Self.request("a")))
        await one.holdNext()
        await poller.refresh(requestID: "a")
        while await !one.isHolding() { await Task.yield() }
        for _ in 0..<50 { await poller.refresh(requestID: "a") }  // a flood while the first is slow
        await one.set("a", .success(Self.request("a", .approved)))
        await one.release()
        #expect(await nextSnapshot(&updates)?.requests.map(\.id) == [])  // the first answer
        #expect(await nextSnapshot(&updates)?.requests.map(\.id) == [])  // and the one more after it
        #expect(await one.asked == ["a", "a"])
        await poller.stop()
    }
}

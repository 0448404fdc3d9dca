import Foundation
import Testing

@testable import ApprovalClient
@testable import ApprovalModel

@Suite(.timeLimit(.minutes(1)))
struct PollerTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let down = ClientError.unreachable(server: "http://127.0.0.1:1", reason: "connection refused")

    let clock = ManualTestClock()

    /// Wall time follows the test clock.
    func wallTime(_ seconds: Double) -> Date { Self.start.addingTimeInterval(seconds) }

    func makePoller(
        _ server: ScriptedQueueServer, schedule: PollSchedule = PollSchedule(), randomUnit: Double = 0.5
    ) -> Poller {
        let clock = clock
        return Poller(
            schedule: schedule, clock: clock, now: { Self.start.addingTimeInterval(clock.elapsedSeconds) },
            randomUnit: { randomUnit }, fetch: server.fetch)
    }

    func take(_ count: Int, from updates: inout AsyncStream<PollerUpdate>.Iterator) async -> [PollerUpdate] {
        var taken: [PollerUpdate] = []
        while taken.count < count, let update = await updates.next() { taken.append(update) }
        return taken
    }

    func snapshot(_ ids: [String], at seconds: Double, generation: Int) -> PollerUpdate {
        .snapshot(QueueSnapshot(
            requests: ids.map(ScriptedQueueServer.pendingRequest), fetchedAt: wallTime(seconds), generation: generation))
    }

    @Test func backoffDoublesFromTheIntervalUpToTheCapWithJitterApplied() async {
        let server = ScriptedQueueServer(Array(repeating: .fail(Self.down), count: 6) + [.answer(["a"])])
        let poller = makePoller(server, randomUnit: 0.75)  // +10 %
        await poller.start()
        var delays: [Duration] = []
        for _ in 0..<7 { delays.append(await clock.advanceThroughNextSleep()) }
        #expect(delays == [4400, 8800, 17600, 30000, 30000, 30000, 2000].map { .milliseconds($0) })
        await poller.stop()
    }

    @Test func recoveryReturnsToTheIntervalAndGoesLive() async {
        let server = ScriptedQueueServer([.answer(["a"]), .fail(Self.down), .fail(Self.down), .answer(["a", "b"])])
        let poller = makePoller(server)
        var updates = poller.updates.makeAsyncIterator()
        await poller.start()
        #expect(await take(3, from: &updates) == [
            .state(.connecting), .state(.live(since: wallTime(0))), snapshot(["a"], at: 0, generation: 1),
        ])
        var delays = [await clock.advanceThroughNextSleep()]
        #expect(await take(1, from: &updates) == [.state(.failing(since: wallTime(2), lastError: Self.down, attempts: 1))])
        delays.append(await clock.advanceThroughNextSleep())
        #expect(await take(1, from: &updates) == [.state(.failing(since: wallTime(2), lastError: Self.down, attempts: 2))])
        delays.append(await clock.advanceThroughNextSleep())
        #expect(await take(2, from: &updates) == [
            .state(.live(since: wallTime(14))), snapshot(["a", "b"], at: 14, generation: 4),
        ])
        delays.append(await clock.nextSleep())
        #expect(delays == [.seconds(2), .seconds(4), .seconds(8), .seconds(2)])
        #expect(await poller.state == .live(since: wallTime(14)))
        await poller.stop()
    }

    @Test func stateMovesFromConnectingThroughFailingAndOfflineBackToLive() async {
        let server = ScriptedQueueServer([.answer([]), .fail(Self.down), .fail(Self.down), .fail(Self.down), .answer([])])
        let poller = makePoller(server, schedule: PollSchedule(offlineAfterAttempts: 3, offlineAfter: .seconds(600)))
        var updates = poller.updates.makeAsyncIterator()
        await poller.start()
        var states: [ConnectionState] = []
        while states.count < 6, let update = await updates.next() {
            switch update {
            case .snapshot:
                await clock.advanceThroughNextSleep()
            case .state(let state):
                states.append(state)
                if state.lastError != nil { await clock.advanceThroughNextSleep() }
            }
        }
        #expect(states == [
            .connecting,
            .live(since: wallTime(0)),
            .failing(since: wallTime(2), lastError: Self.down, attempts: 1),
            .failing(since: wallTime(2), lastError: Self.down, attempts: 2),
            .offline(since: wallTime(2), lastError: Self.down),
            .live(since: wallTime(30)),
        ])
        await poller.stop()
    }

    @Test func failuresLastingLongerThanTheLimitCountAsOffline() async {
        let server = ScriptedQueueServer([.fail(Self.down), .fail(Self.down), .fail(Self.down)])
        let poller = makePoller(server, schedule: PollSchedule(offlineAfterAttempts: 100, offlineAfter: .seconds(10)))
        var updates = poller.updates.makeAsyncIterator()
        await poller.start()
        #expect(await take(2, from: &updates) == [
            .state(.connecting), .state(.failing(since: wallTime(0), lastError: Self.down, attempts: 1)),
        ])
        await clock.advanceThroughNextSleep()  // 4 s
        #expect(await take(1, from: &updates) == [.state(.failing(since: wallTime(0), lastError: Self.down, attempts: 2))])
        await clock.advanceThroughNextSleep()  // 8 s: 12 s after the first failure
        #expect(await take(1, from: &updates) == [.state(.offline(since: wallTime(0), lastError: Self.down))])
        await poller.stop()
    }

    @Test func aRefusedTokenIsOfflineAtOnceWhileABadAnswerIsOnlyNotAnswering() async {
        let refused = ClientError.unauthorized(detail: "Invalid token")
        let garbled = ClientError.unreadableResponse(path: "/api/v1/approval-requests", reason: "not JSON")
        let server = ScriptedQueueServer([.fail(garbled), .fail(refused), .answer(["a"])])
        let poller = makePoller(server)  // offline after 4 attempts or 30 s otherwise
        var updates = poller.updates.makeAsyncIterator()
        await poller.start()
        #expect(await take(2, from: &updates) == [
            .state(.connecting), .state(.failing(since: wallTime(0), lastError: garbled, attempts: 1)),
        ])
        await clock.advanceThroughNextSleep()
        #expect(await take(1, from: &updates) == [.state(.offline(since: wallTime(0), lastError: refused))])
        await poller.stop()
    }

    @Test func anOlderResponseArrivingAfterANewerOneIsDropped() async {
        let server = ScriptedQueueServer([.hold, .answer(["new"])])
        let poller = makePoller(server)
        var updates = poller.updates.makeAsyncIterator()
        await poller.start()
        await server.waitForCalls(1)
        await poller.refreshNow()
        #expect(await take(3, from: &updates) == [
            .state(.connecting), .state(.live(since: wallTime(0))), snapshot(["new"], at: 0, generation: 2),
        ])
        await server.release(call: 1, with: .success(ScriptedQueueServer.result(["old"])))
        #expect(await clock.advanceThroughNextSleep() == .seconds(2))
        #expect(await take(1, from: &updates) == [snapshot([], at: 2, generation: 3)])
        await poller.stop()
    }

    @Test func refreshNowFetchesWithoutWaitingForTheInterval() async {
        let server = ScriptedQueueServer([.answer(["a"]), .answer(["a", "b"])])
        let poller = makePoller(server)
        var updates = poller.updates.makeAsyncIterator()
        await poller.start()
        _ = await take(3, from: &updates)
        #expect(await clock.nextSleep() == .seconds(2))
        await poller.refreshNow()
        #expect(await take(1, from: &updates) == [snapshot(["a", "b"], at: 0, generation: 2)])
        #expect(await clock.nextSleep() == .seconds(2))
        await poller.stop()
    }

    @Test func aLongerBackstopIntervalAppliesFromTheNextWaitAndAShorterOneFetchesAtOnce() async {
        let server = ScriptedQueueServer([.answer(["a"]), .answer(["a"]), .answer(["a", "b"])])
        let poller = makePoller(server)
        var updates = poller.updates.makeAsyncIterator()
        await poller.start()
        _ = await take(3, from: &updates)
        #expect(await clock.nextSleep() == .seconds(2))
        await poller.setInterval(.seconds(15))  // push went live
        clock.advance(by: .seconds(2))
        #expect(await take(1, from: &updates) == [snapshot(["a"], at: 2, generation: 2)])
        #expect(await clock.nextSleep() == .seconds(15))
        await poller.setInterval(.seconds(2))  // push dropped: catch up without waiting
        #expect(await take(1, from: &updates) == [snapshot(["a", "b"], at: 2, generation: 3)])
        #expect(await clock.nextSleep() == .seconds(2))
        #expect(await poller.interval == .seconds(2))
        await poller.stop()
    }

    @Test func stopEndsTheStreamAndCancelsAFetchInFlight() async {
        let server = ScriptedQueueServer([.answer(["a"]), .hold])
        let poller = makePoller(server)
        var updates = poller.updates.makeAsyncIterator()
        await poller.start()
        _ = await take(3, from: &updates)
        await clock.advanceThroughNextSleep()
        await server.waitForCalls(2)
        await poller.stop()
        #expect(await updates.next() == nil)
        #expect(await server.calls == 2)
        #expect(await poller.state == .live(since: wallTime(0)))
    }

    @Test func stopCancelsTheWaitBetweenFetches() async {
        let server = ScriptedQueueServer([.answer(["a"])])
        let poller = makePoller(server)
        var updates = poller.updates.makeAsyncIterator()
        await poller.start()
        _ = await take(3, from: &updates)
        _ = await clock.nextSleep()
        #expect(clock.sleeperCount == 1)
        await poller.stop()
        #expect(clock.sleeperCount == 0)
        #expect(await updates.next() == nil)
        clock.advance(by: .seconds(60))
        #expect(await server.calls == 1)
    }

    @Test func aStoppedPollerCannotBeStartedAgain() async {
        let server = ScriptedQueueServer([])
        let poller = makePoller(server)
        await poller.stop()
        await poller.start()
        var updates = poller.updates.makeAsyncIterator()
        #expect(await updates.next() == nil)
        #expect(await server.calls == 0)
    }
}

import Foundation
import Testing

@testable import ApprovalClient
@testable import ApprovalModel

/// Healthy polls are spaced from their start, so a slow fetch does not stretch the interval.
@Suite(.timeLimit(.minutes(1)))
struct PollerSpacingTests {
    @Test func aSlowFetchShortensTheNextWaitSoPollsStayOneIntervalApart() async {
        let clock = ManualTestClock()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let poller = Poller(
            clock: clock, now: { start.addingTimeInterval(clock.elapsedSeconds) }, randomUnit: { 0.5 },
            fetch: { () async throws(ClientError) -> QueueFetchResult in
                clock.advance(by: .milliseconds(600))  // the fetch itself takes 0.6 s
                return QueueFetchResult(requests: [])
            })
        await poller.start()
        #expect(await clock.advanceThroughNextSleep() == .milliseconds(1400))
        await poller.stop()
    }

    @Test func aFetchSlowerThanTheIntervalStillLeavesAQuarterOfItQuiet() async {
        let clock = ManualTestClock()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let poller = Poller(
            clock: clock, now: { start.addingTimeInterval(clock.elapsedSeconds) }, randomUnit: { 0.5 },
            fetch: { () async throws(ClientError) -> QueueFetchResult in
                clock.advance(by: .seconds(5))
                return QueueFetchResult(requests: [])
            })
        await poller.start()
        #expect(await clock.advanceThroughNextSleep() == .milliseconds(500))
        await poller.stop()
    }
}

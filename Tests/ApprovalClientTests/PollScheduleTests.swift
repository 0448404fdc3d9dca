import ApprovalClient
import ApprovalModel
import Testing

@Suite struct PollScheduleTests {
    let schedule = PollSchedule()

    @Test func successWaitsTheIntervalWithoutJitter() {
        #expect(schedule.delay(afterFailures: 0, randomUnit: 0) == .seconds(2))
        #expect(schedule.delay(afterFailures: 0, randomUnit: 1) == .seconds(2))
    }

    @Test func jitterStaysWithinTwentyPercentOfTheBackoff() {
        #expect(schedule.delay(afterFailures: 2, randomUnit: 0) == .milliseconds(6400))
        #expect(schedule.delay(afterFailures: 2, randomUnit: 0.5) == .seconds(8))
        #expect(schedule.delay(afterFailures: 2, randomUnit: 1) == .milliseconds(9600))
    }

    @Test func noDelayExceedsTheCapEvenAfterManyFailures() {
        #expect(schedule.delay(afterFailures: 4, randomUnit: 1) == .seconds(30))
        #expect(schedule.delay(afterFailures: 10_000, randomUnit: 1) == .seconds(30))
        #expect(schedule.delay(afterFailures: 10_000, randomUnit: 0) == .seconds(24))
    }

    @Test func offlineAfterEnoughAttemptsOrEnoughTime() {
        #expect(!schedule.isOffline(attempts: 3, elapsed: 29))
        #expect(schedule.isOffline(attempts: 4, elapsed: 0))
        #expect(schedule.isOffline(attempts: 1, elapsed: 30))
    }
}

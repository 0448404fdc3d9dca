import ApprovalPush
import Testing

@Suite struct PushScheduleTests {
    @Test func retriesDoubleFromOneSecondUpToThirty() {
        let schedule = PushSchedule()
        let delays = (1...8).map { schedule.delay(afterFailures: $0, randomUnit: 0.5) }
        #expect(delays == [1, 2, 4, 8, 16, 30, 30, 30].map { Duration.seconds($0) })
    }

    @Test func jitterSpreadsEachDelayByAnEighthEitherWayButNeverPastTheCap() {
        let schedule = PushSchedule()
        #expect(schedule.delay(afterFailures: 3, randomUnit: 0) == .milliseconds(3500))
        #expect(schedule.delay(afterFailures: 3, randomUnit: 1) == .milliseconds(4500))
        #expect(schedule.delay(afterFailures: 9, randomUnit: 1) == .seconds(30))
        #expect(schedule.delay(afterFailures: 9, randomUnit: 0) == .milliseconds(26250))
    }

    @Test func theKeepaliveIsThirtySecondsLikePreloopsWebUI() {
        #expect(PushSchedule().keepalive == .seconds(30))
    }
}

import ApprovalClient
import ApprovalModel
import Foundation
import Testing

/// Times go out the way Preloop writes them, and read back to the same instant.
@Suite struct PreloopTimestampTests {
    @Test func timesAreWrittenZeroPaddedWithMicrosecondsOnlyWhenThereAreAny() {
        // 2026-02-19T11:32:36.123456 UTC, and the same second without a fraction.
        let whole = Date(timeIntervalSince1970: 1_771_500_756)
        #expect(PreloopTimestamp.naive(whole) == "2026-02-19T11:32:36")
        #expect(PreloopTimestamp.withOffset(whole.addingTimeInterval(0.000_001)) == "2026-02-19T11:32:36.000001+00:00")
        #expect(PreloopTimestamp.zulu(whole.addingTimeInterval(0.5)) == "2026-02-19T11:32:36.500000Z")
        // A fraction that rounds up to the next second carries into it.
        #expect(PreloopTimestamp.naive(whole.addingTimeInterval(0.999_999_7)) == "2026-02-19T11:32:37")
        // Early years and single-digit fields keep their zeros.
        let early = Date(timeIntervalSince1970: -59_011_459_200 + 3_661)  // 0100-01-01T01:01:01
        #expect(PreloopTimestamp.naive(early) == "0100-01-01T01:01:01")
        #expect(PreloopTimestamp.naive(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00")
    }

    @Test func whatIsWrittenReadsBackToTheSameInstant() throws {
        for seconds in [0.0, 1_771_500_756.123456, 4_102_444_799.5, 951_782_400] {  // …, 2099-12-31, 2000-02-29
            let date = Date(timeIntervalSince1970: seconds)
            let read = try #require(PreloopTimestamp.parse(PreloopTimestamp.withOffset(date)))
            #expect(abs(read.timeIntervalSince1970 - seconds) < 0.000_001)
        }
    }
}

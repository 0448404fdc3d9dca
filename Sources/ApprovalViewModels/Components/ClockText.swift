import Foundation

/// Times and durations as the console shows them, from values only (no clock is read here).
enum ClockText {
    /// `14:03:07` in `zone`.
    static func time(_ date: Date, in zone: TimeZone) -> SanitizedText {
        let local = Int((date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date))).rounded(.down))
        let seconds = ((local % 86_400) + 86_400) % 86_400
        return plain("\(twoDigits(seconds / 3600)):\(twoDigits(seconds / 60 % 60)):\(twoDigits(seconds % 60))")
    }

    /// `14:03:07` when `date` is on the same day as `now` in `zone`, `tomorrow 14:03:07` the day
    /// after, else `2026-12-24 14:03:07`: a rule made for a day ends at the same time tomorrow.
    static func moment(_ date: Date, now: Date, in zone: TimeZone) -> SanitizedText {
        func day(_ value: Date) -> Int {
            Int(((value.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: value))) / 86_400).rounded(.down))
        }
        let days = day(date) - day(now)
        if days == 0 { return time(date, in: zone) }
        if days == 1 { return plain("tomorrow ") + time(date, in: zone) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return plain("\(parts.year ?? 0)-\(twoDigits(parts.month ?? 0))-\(twoDigits(parts.day ?? 0)) ") + time(date, in: zone)
    }

    /// `45s`, `4m05s`, `2h03m`, `3d04h`.
    static func duration(_ interval: TimeInterval) -> SanitizedText {
        Sanitizer.line.sanitize(compact(max(0, Int(interval.rounded(.down)))))
    }

    /// `45s`, `4m05s`, `2h03m`, `3d04h` for a count of seconds.
    static func compact(_ seconds: Int) -> String {
        switch seconds {
        case ..<60: "\(seconds)s"
        case ..<3600: "\(seconds / 60)m\(twoDigits(seconds % 60))s"
        case ..<86_400: "\(seconds / 3600)h\(twoDigits((seconds % 3600) / 60))m"
        default: "\(seconds / 86_400)d\(twoDigits((seconds % 86_400) / 3600))h"
        }
    }

    /// Digits and letters of our own: nothing to sanitize, one plain run.
    private static func plain(_ text: String) -> SanitizedText { Sanitizer.line.sanitize(text) }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Right-aligns `text` in `width` columns.
    static func rightAligned(_ text: SanitizedText, width: Int) -> SanitizedText {
        .spaces(width - text.displayWidth) + text.truncated(toWidth: width)
    }
}

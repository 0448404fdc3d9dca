import Foundation

/// Times and durations as the console shows them, from values only (no clock is read here).
enum ClockText {
    /// `14:03:07` in `zone`.
    static func time(_ date: Date, in zone: TimeZone) -> SanitizedText {
        let local = Int((date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date))).rounded(.down))
        let seconds = ((local % 86_400) + 86_400) % 86_400
        return plain("\(twoDigits(seconds / 3600)):\(twoDigits(seconds / 60 % 60)):\(twoDigits(seconds % 60))")
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

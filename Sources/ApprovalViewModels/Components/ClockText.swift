import Foundation

/// Times and durations as the console shows them, from values only (no clock is read here).
enum ClockText {
    /// `14:03:07` in `zone`.
    static func time(_ date: Date, in zone: TimeZone) -> SanitizedText {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return Sanitizer.line.sanitize(
            String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0))
    }

    /// `45s`, `4m05s`, `2h03m`, `3d04h`.
    static func duration(_ interval: TimeInterval) -> SanitizedText {
        Sanitizer.line.sanitize(compact(max(0, Int(interval.rounded(.down)))))
    }

    /// `45s`, `4m05s`, `2h03m`, `3d04h` for a count of seconds.
    static func compact(_ seconds: Int) -> String {
        switch seconds {
        case ..<60: "\(seconds)s"
        case ..<3600: String(format: "%dm%02ds", seconds / 60, seconds % 60)
        case ..<86_400: String(format: "%dh%02dm", seconds / 3600, (seconds % 3600) / 60)
        default: String(format: "%dd%02dh", seconds / 86_400, (seconds % 86_400) / 3600)
        }
    }

    /// Right-aligns `text` in `width` columns.
    static func rightAligned(_ text: SanitizedText, width: Int) -> SanitizedText {
        .spaces(width - text.displayWidth) + text.truncated(toWidth: width)
    }
}

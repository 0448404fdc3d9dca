import Foundation

/// Reads and writes the timestamps Preloop sends.
///
/// Preloop mixes three spellings: naive UTC (`2026-02-19T11:32:36.123456`, approvals and
/// executions), `+00:00` offsets (logs, flow events, health) and `Z` (MCP events). The fraction
/// has 0 to 6 digits (and is left out when it is zero). A missing offset means UTC.
public enum PreloopTimestamp {
    /// Parses any of Preloop's spellings; `nil` when the text is not a timestamp.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = bytes[index + offset]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += count
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(0x2D), let month = number(2), expect(0x2D), let day = number(2)
        else { return nil }
        guard index < bytes.count, bytes[index] == 0x54 || bytes[index] == 0x20 else { return nil }
        index += 1
        guard let hour = number(2), expect(0x3A), let minute = number(2), expect(0x3A), let second = number(2)
        else { return nil }
        var fraction = 0.0
        if index < bytes.count, bytes[index] == 0x2E {
            index += 1
            var scale = 0.1
            var digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
                digits += 1
            }
            guard digits > 0 else { return nil }
        }
        var offsetSeconds = 0
        if index < bytes.count {
            switch bytes[index] {
            case 0x5A, 0x7A:  // Z z
                index += 1
            case 0x2B, 0x2D:  // + -
                let sign = bytes[index] == 0x2D ? -1 : 1
                index += 1
                guard let hours = number(2) else { return nil }
                _ = expect(0x3A)
                guard let minutes = number(2) else { return nil }
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
            default:
                return nil
            }
        }
        guard index == bytes.count else { return nil }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    /// Naive UTC with microseconds, as Preloop writes approval rows: `2026-02-19T11:32:36.123456`.
    /// The fraction is left out when it is zero, like Python's `isoformat()`.
    public static func naive(_ date: Date) -> String {
        format(date, suffix: "")
    }

    /// UTC with an explicit `+00:00`, as Preloop writes log rows and flow events.
    public static func withOffset(_ date: Date) -> String {
        format(date, suffix: "+00:00")
    }

    /// UTC with `Z`, as Preloop writes MCP event times.
    public static func zulu(_ date: Date) -> String {
        format(date, suffix: "Z")
    }

    private static func format(_ date: Date, suffix: String) -> String {
        let total = date.timeIntervalSince1970
        var whole = Int(total.rounded(.down))
        var micros = Int(((total - Double(whole)) * 1_000_000).rounded())
        if micros >= 1_000_000 { whole += 1; micros -= 1_000_000 }
        let days = Int((Double(whole) / 86_400).rounded(.down))
        let secondsOfDay = whole - days * 86_400
        let (year, month, day) = civilFromDays(days)
        var text = ""
        text.reserveCapacity(32)
        append(year, width: 4, to: &text)
        text += "-"
        append(month, width: 2, to: &text)
        text += "-"
        append(day, width: 2, to: &text)
        text += "T"
        append(secondsOfDay / 3600, width: 2, to: &text)
        text += ":"
        append((secondsOfDay / 60) % 60, width: 2, to: &text)
        text += ":"
        append(secondsOfDay % 60, width: 2, to: &text)
        if micros != 0 {
            text += "."
            append(micros, width: 6, to: &text)
        }
        return text + suffix
    }

    /// `value` in decimal, zero-padded to `width` digits, as `%0*d` writes it (`String(format:)`
    /// costs microseconds on Linux, and every request's JSON has several of these).
    private static func append(_ value: Int, width: Int, to text: inout String) {
        if value < 0 { text += "-" }
        let digits = String(value.magnitude)
        let padding = width - (value < 0 ? 1 : 0) - digits.count
        if padding > 0 { text += String(repeating: "0", count: padding) }
        text += digits
    }

    // Howard Hinnant's civil-calendar algorithms: exact for the proleptic Gregorian calendar.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension JSONDecoder {
    /// A decoder for Preloop bodies: every timestamp spelling Preloop uses becomes a `Date`.
    public static func preloop() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = PreloopTimestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "not a timestamp: \(text.prefix(40))")
            }
            return date
        }
        return decoder
    }
}

extension JSONEncoder {
    /// An encoder that writes dates as naive UTC, the way Preloop writes approval rows.
    public static func preloop() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(PreloopTimestamp.naive(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// A look-back such as `90s`, `30m`, `2h`, `1d` or `1h30m` (`--since` on `approval-tui history`).
public struct SinceDuration: Equatable, Sendable {
    public let seconds: Int

    /// The longest look-back accepted: a year, so that no sum of parts can overflow.
    public static let maximumSeconds = 366 * 86_400

    /// Parses `text`; nil for anything else: no unit, an unknown unit, zero, or more than a year.
    public init?(_ text: String) {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800]
        var total = 0
        var digits = ""
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
                guard digits.count <= 7 else { return nil }
            } else if let unit = units[character], let value = Int(digits) {
                total += value * unit
                guard total <= Self.maximumSeconds else { return nil }
                digits = ""
            } else {
                return nil
            }
        }
        guard digits.isEmpty, total > 0 else { return nil }
        seconds = total
    }
}

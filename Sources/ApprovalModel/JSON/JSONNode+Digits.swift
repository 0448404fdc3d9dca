extension JSONNode {
    /// Why a rule must not compare this number by value, or nil: a decimal literal (with `.` or
    /// an exponent) whose digits are not the digits of the double it reads as (`0.1000000000000000000001`
    /// reads as `0.1`). A reader that keeps decimals exactly would run the tool with another number
    /// than the rule matched. `1.50` and `1.5e1` keep their value and pass; integers are judged by
    /// ``inexactReason``.
    public var lostDigitsReason: String? {
        guard case .number(let literal) = kind, literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }),
            let double = Double(literal), double.isFinite
        else { return nil }
        let shown = literal.count > 40 ? String(literal.prefix(20)) + "…(\(literal.count) characters)" : literal
        let problem = "number \(shown) has more digits than a double holds, so a rule cannot match it exactly"
        // A literal whose exponent is past what is measured here is refused, not waved through.
        guard let sent = Self.decimal(literal), let read = Self.decimal("\(double)") else { return problem }
        return sent == read ? nil : problem
    }

    /// A decimal literal as sign, significant digits and exponent (value = 0.digits × 10^exponent),
    /// zero as ("", 0) whatever its sign; nil when it is not one.
    static func decimal(_ text: String) -> DecimalDigits? {
        var rest = Substring(text)
        let negative = rest.first == "-"
        if negative || rest.first == "+" { rest = rest.dropFirst() }
        var exponent = 0
        if let e = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(rest[rest.index(after: e)...]), value > -100_000, value < 100_000 else { return nil }
            exponent = value
            rest = rest[..<e]
        }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return nil }
        let whole = parts[0], fraction = parts.count == 2 ? parts[1] : ""
        guard (whole + fraction).allSatisfy(\.isASCII), (whole + fraction).allSatisfy(\.isNumber) else { return nil }
        var digits = Substring(whole + fraction)
        exponent += whole.count
        while digits.first == "0" {
            digits = digits.dropFirst()
            exponent -= 1
        }
        while digits.last == "0" { digits = digits.dropLast() }
        if digits.isEmpty { return DecimalDigits(negative: false, digits: "", exponent: 0) }
        return DecimalDigits(negative: negative, digits: String(digits), exponent: exponent)
    }

    struct DecimalDigits: Equatable {
        var negative: Bool
        var digits: String
        var exponent: Int
    }
}

/// One terminal escape sequence found in untrusted text, measured so it can be replaced whole.
struct EscapeSequence: Equatable {
    /// Index just past the sequence (its terminator included).
    let end: Int
    /// What to show instead: `␛` plus the introducer and the printable parameters, capped.
    let badge: String

    private enum Kind { case csi, stringCommand, twoCharacter }

    /// The sequence starting at `index`, or `nil` when the scalar there starts none.
    static func parse(_ scalars: ArraySlice<Unicode.Scalar>, at index: Int) -> EscapeSequence? {
        let value = scalars[index].value
        let introducer: Character
        var body = index + 1
        let kind: Kind
        switch value {
        case 0x1B:
            guard body < scalars.endIndex else { return EscapeSequence(end: body, badge: "␛") }
            let next = scalars[body].value
            switch next {
            case 0x5B: kind = .csi
            case 0x5D, 0x50, 0x5F, 0x5E, 0x58: kind = .stringCommand
            case 0x20...0x7E: kind = .twoCharacter
            default: return EscapeSequence(end: body, badge: "␛")
            }
            introducer = Character(scalars[body])
            if kind != .twoCharacter { body += 1 }
        case 0x9B: kind = .csi; introducer = "["
        case 0x9D: kind = .stringCommand; introducer = "]"
        case 0x90: kind = .stringCommand; introducer = "P"
        case 0x98: kind = .stringCommand; introducer = "X"
        case 0x9E: kind = .stringCommand; introducer = "^"
        case 0x9F: kind = .stringCommand; introducer = "_"
        default: return nil
        }
        var end = body
        var payloadEnd = body
        switch kind {
        case .csi:
            while end < scalars.endIndex, (0x20...0x3F).contains(scalars[end].value) { end += 1 }
            if end < scalars.endIndex, (0x40...0x7E).contains(scalars[end].value) { end += 1 }
            payloadEnd = end
        case .stringCommand:
            while end < scalars.endIndex {
                let current = scalars[end].value
                if current == 0x07 || current == 0x9C { payloadEnd = end; end += 1; break }
                if current == 0x1B, end + 1 < scalars.endIndex, scalars[end + 1].value == 0x5C {
                    payloadEnd = end; end += 2; break
                }
                end += 1
                payloadEnd = end
            }
        case .twoCharacter:
            while end < scalars.endIndex, (0x20...0x2F).contains(scalars[end].value) { end += 1 }
            if end < scalars.endIndex, (0x30...0x7E).contains(scalars[end].value) { end += 1 }
            payloadEnd = end
        }
        return EscapeSequence(end: end, badge: badge(kind == .twoCharacter ? nil : introducer, scalars[body..<payloadEnd]))
    }

    private static let payloadLimit = 20

    private static func badge(_ introducer: Character?, _ payload: ArraySlice<Unicode.Scalar>) -> String {
        var text = "␛"
        if let introducer { text.append(introducer) }
        for (offset, scalar) in payload.enumerated() {
            if offset == payloadLimit { text += "…"; break }
            text += (0x20...0x7E).contains(scalar.value) ? String(scalar) : "·"
        }
        return text
    }
}

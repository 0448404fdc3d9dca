/// Terminal column arithmetic for graphemes and strings.
///
/// The rule: a grapheme cluster takes the width of its first scalar, except that an emoji
/// presentation (an emoji scalar, a VS16 selector, a ZWJ sequence, a flag) takes two columns.
/// East Asian wide and fullwidth characters take two columns; combining marks, ZWJ and variation
/// selectors add nothing because they are part of their cluster; controls take zero.
///
/// ```swift
/// DisplayWidth.of("漢字")   // 4
/// DisplayWidth.of("e\u{301}") // 1
/// ```
public enum DisplayWidth {
    /// Columns one grapheme cluster takes: 0, 1 or 2.
    public static func of(_ character: Character) -> Int {
        if let ascii = character.asciiValue { return ascii >= 0x20 && ascii != 0x7F ? 1 : 0 }
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if isControl(first) { return 0 }
        if scalars.count > 1, first.properties.isEmoji,
            scalars.contains(where: { $0.value == 0xFE0F || $0.value == 0x200D || isEmojiModifier($0) })
        {
            return 2
        }
        return of(scalar: first)
    }

    /// Columns a string takes when every cluster is drawn in turn.
    public static func of(_ text: String) -> Int {
        if let width = printableASCIIWidth(text) { return width }
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    /// The width of a string of printable ASCII (one column a byte), or nil for any other string.
    static func printableASCIIWidth(_ text: String) -> Int? {
        let utf8 = text.utf8
        let isPrintable = utf8.withContiguousStorageIfAvailable { bytes in bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
            ?? utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        return isPrintable ? utf8.count : nil
    }

    /// Columns a lone scalar takes (combining marks and format characters count 0).
    public static func of(scalar: Unicode.Scalar) -> Int {
        if isControl(scalar) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if scalar.value == 0x200B { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        return isWide(scalar.value) ? 2 : 1
    }

    /// C0, DEL and C1 controls.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static func isEmojiModifier(_ scalar: Unicode.Scalar) -> Bool {
        (0x1F3FB...0x1F3FF).contains(scalar.value)
    }

    /// East Asian Wide and Fullwidth blocks (the ranges terminals draw in two columns).
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
        0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
        0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x16FE0...0x16FE4, 0x17000...0x18AFF, 0x1B000...0x1B2FF, 0x1F200...0x1F2FF,
        0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    private static func isWide(_ value: UInt32) -> Bool {
        guard value >= 0x1100 else { return false }
        for range in wideRanges where range.contains(value) { return true }
        return false
    }
}

import ApprovalModel
import Foundation

/// Turns untrusted text (justifications, tool arguments, names, log lines, error messages) into
/// `SanitizedText` that cannot move the cursor, recolour, retitle, write the clipboard or reorder.
///
/// - Invalid UTF-8 becomes U+FFFD (`sanitize(bytes:)`).
/// - A whole escape sequence (CSI `ESC [ … final`, OSC `ESC ] … BEL/ST`, DCS/APC/PM/SOS `… ST`,
///   two-character `ESC x`, and the 8-bit forms U+009B, U+009D, U+0090, U+0098, U+009E, U+009F)
///   becomes one `badge.untrusted` run such as `␛]52;c;aGVsbG8…`; nothing of it stays live.
/// - Other C0 controls become control pictures (`␀`, `␍`, `␇`), DEL becomes `␡` and other C1
///   controls `\x85`, all in role `text.control`. Tab becomes `tabWidth` spaces; newline stays a
///   newline when `allowsNewlines`, else it shows as `␊`; CR LF counts as one newline.
/// - Bidi overrides, isolates and marks, zero-width characters (outside emoji ZWJ sequences),
///   BOM, word joiner, line/paragraph separators and tag characters become badges such as
///   `⟨RLO⟩` or `⟨TAG "hidden"⟩`.
/// - More than 4 combining marks on one character are dropped and counted: `⟨+12 marks⟩`.
/// - At most `maxLength` Unicode scalars of the input are kept; a cut ends in `…+N`.
///
/// ```swift
/// let safe = Sanitizer.line.sanitize("deploy\u{1B}]0;pwned\u{7}")  // "deploy␛]0;pwned"
/// ```
public struct Sanitizer: Sendable, Hashable {
    public var allowsNewlines: Bool
    public var maxLength: Int
    public var tabWidth: Int

    public init(allowsNewlines: Bool = false, maxLength: Int = 1024, tabWidth: Int = 4) {
        self.allowsNewlines = allowsNewlines
        self.maxLength = max(1, maxLength)
        self.tabWidth = max(0, tabWidth)
    }

    /// One line of at most 1,024 scalars: names, ids, table cells, log lines.
    public static let line = Sanitizer()
    /// Many lines of at most 64 Ki scalars: justifications, arguments, error bodies.
    public static let multiline = Sanitizer(allowsNewlines: true, maxLength: 65_536)

    /// Sanitizes raw bytes; invalid UTF-8 becomes U+FFFD.
    public func sanitize<Bytes: Collection>(bytes: Bytes) -> SanitizedText where Bytes.Element == UInt8 {
        sanitize(String(decoding: Array(bytes), as: UTF8.self))
    }

    /// Sanitizes raw bytes; invalid UTF-8 becomes U+FFFD.
    public func sanitize(_ data: Data) -> SanitizedText { sanitize(bytes: data) }

    /// Sanitizes a string.
    public func sanitize(_ text: String) -> SanitizedText {
        if let plain = Self.printableASCII(text, maxLength: maxLength) { return plain }
        let all = Array(text.unicodeScalars)
        let scalars = all.prefix(maxLength)
        var out = SanitizedBuilder()
        var index = scalars.startIndex
        var marks = 0, droppedMarks = 0
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let value = scalar.value
            if Self.isCombiningMark(scalar) {
                marks += 1
                if marks > Self.maxCombiningMarks {
                    droppedMarks += 1
                    index += 1
                    continue
                }
            } else {
                marks = 0
                if droppedMarks > 0 { out.badge("⟨+\(droppedMarks) marks⟩") }
                droppedMarks = 0
            }
            if let sequence = EscapeSequence.parse(scalars, at: index) {
                out.badge(sequence.badge)
                index = sequence.end
                continue
            }
            switch value {
            case 0x09:
                out.plain(String(repeating: " ", count: tabWidth))
            case 0x0D where index + 1 < scalars.endIndex && scalars[index + 1].value == 0x0A && allowsNewlines:
                break  // the LF that follows makes the newline
            case 0x0A where allowsNewlines:
                out.plain("\n")
            case 0x00..<0x20:
                out.control(String(Unicode.Scalar(0x2400 + value)!))
            case 0x7F:
                out.control("\u{2421}")
            case 0x80...0x9F:
                out.control("\\x" + String(value, radix: 16))
            case 0xE0000...0xE007F:
                var end = index
                var decoded = ""
                while end < scalars.endIndex, (0xE0000...0xE007F).contains(scalars[end].value) {
                    let ascii = scalars[end].value - 0xE0000
                    if decoded.count < 24 { decoded += (0x20...0x7E).contains(ascii) ? String(UnicodeScalar(ascii)!) : "?" }
                    end += 1
                }
                out.badge("⟨TAG \"\(decoded)\(end - index > 24 ? "…" : "")\"⟩")
                index = end
                continue
            case 0x200D where Self.joinsEmoji(scalars, at: index):
                out.plain(scalar)
            default:
                if let name = Self.invisibleNames[value] {
                    out.badge("⟨\(name)⟩")
                } else if value >= 0xA0, InvisibleScalars.contains(scalar), !Self.selectsEmojiStyle(scalars, at: index) {
                    // Format and default-ignorable characters (U+00AD, U+FE0F, U+3164…) draw as nothing.
                    out.badge("⟨U+\(StrictJSON.hex4(value))⟩")
                } else {
                    out.plain(scalar)
                }
            }
            index += 1
        }
        if droppedMarks > 0 { out.badge("⟨+\(droppedMarks) marks⟩") }
        if all.count > maxLength {
            out.badge("…+\(all.count - maxLength)")
        }
        return out.text
    }

    /// Printable ASCII (U+0020…U+007E) within `maxLength` has nothing to neutralise: it is one
    /// plain run as it is. The common case (tool names, ids, most log lines), checked on bytes.
    static func printableASCII(_ text: String, maxLength: Int) -> SanitizedText? {
        let utf8 = text.utf8
        let isPrintable = utf8.withContiguousStorageIfAvailable { bytes in
            bytes.count <= maxLength && bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        } ?? (utf8.count <= maxLength && utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F })
        guard isPrintable else { return nil }
        return SanitizedText(runs: [SanitizedText.Run(text: text, role: nil)])
    }

    /// Combining marks kept on one base character; more (Zalgo text that spills over rows) are
    /// dropped and counted in a badge.
    static let maxCombiningMarks = 4

    static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: true
        default: false
        }
    }

    /// Names of the bidi, zero-width and other invisible characters shown as badges (one table,
    /// in ApprovalClient, shared with JSON output and the server's name check).
    static let invisibleNames = InvisibleScalars.names

    /// Whether the variation selector at `index` (U+FE0E/U+FE0F) picks the style of the emoji before it (`❤️`).
    static func selectsEmojiStyle(_ scalars: ArraySlice<Unicode.Scalar>, at index: Int) -> Bool {
        guard scalars[index].value == 0xFE0F || scalars[index].value == 0xFE0E, index > scalars.startIndex else { return false }
        return scalars[index - 1].properties.isEmoji
    }

    /// Whether the ZWJ at `index` sits between two emoji (a family, a profession, a flag).
    static func joinsEmoji(_ scalars: ArraySlice<Unicode.Scalar>, at index: Int) -> Bool {
        func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isEmojiPresentation || (scalar.properties.isEmoji && scalar.value >= 0x2000)
        }
        var before = index - 1
        while before >= scalars.startIndex, scalars[before].value == 0xFE0F || (0x1F3FB...0x1F3FF).contains(scalars[before].value) {
            before -= 1
        }
        let after = index + 1
        guard before >= scalars.startIndex, after < scalars.endIndex else { return false }
        return isEmoji(scalars[before]) && isEmoji(scalars[after])
    }
}

/// Accumulates plain text and styled badges into a `SanitizedText`; plain text is gathered in
/// one buffer and flushed as a single run when a badge or escape interrupts it.
struct SanitizedBuilder {
    private var result = SanitizedText()
    private var pending = ""

    var text: SanitizedText {
        var copy = result
        copy.append(.init(text: pending, role: nil))
        return copy
    }

    mutating func plain(_ string: String) { pending += string }
    mutating func plain(_ scalar: Unicode.Scalar) { pending.unicodeScalars.append(scalar) }
    mutating func control(_ string: String) { styled(string, .control) }
    mutating func badge(_ string: String) { styled(string, .untrustedBadge) }

    private mutating func styled(_ string: String, _ role: StyleRole) {
        result.append(.init(text: pending, role: nil))
        pending = ""
        result.append(.init(text: string, role: role))
    }
}

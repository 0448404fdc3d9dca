import Foundation

/// Untrusted text made safe to print on one line of a terminal, for the scriptable commands.
public enum PlainText {
    /// `text` with every control character, escape sequence, bidi control and line break shown
    /// as a visible escape, capped at `limit` characters.
    public static func line(_ text: String, limit: Int = 500) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                out += "…"
                break
            }
            count += 1
            switch scalar.value {
            case 0x09: out += " "
            case 0x00..<0x20, 0x7F, 0x80...0x9F:
                out += String(format: "\\x%02x", scalar.value)
            case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF, 0x061C, 0xE0000...0xE007F:
                out += String(format: "<U+%04X>", scalar.value)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

import Foundation

/// Untrusted text made safe to print on one line of a terminal, for the scriptable commands and
/// desktop notifications: the console's `Sanitizer` rules (every control, escape sequence, bidi
/// control and invisible character shown as a visible escape or badge), as plain characters.
public enum PlainText {
    /// `text` on one line, escapes made visible, capped at `limit` characters.
    public static func line(_ text: String, limit: Int = 500) -> String {
        Sanitizer(allowsNewlines: false, maxLength: limit, tabWidth: 1).sanitize(text).description
    }

    /// `text` made safe and cut or padded to exactly `width` columns: one cell of a table.
    public static func cell(_ text: String, _ width: Int) -> String {
        Sanitizer.line.sanitize(text).fitted(toWidth: width).description
    }
}

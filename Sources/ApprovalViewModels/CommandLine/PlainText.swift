import Foundation

/// Untrusted text made safe to print on one line of a terminal, for the scriptable commands.
public enum PlainText {
    /// `text` through `Sanitizer` as one line: whole escape sequences, controls, bidi and
    /// invisible characters and line breaks shown as visible escapes or badges, at most `limit`
    /// Unicode scalars kept.
    public static func line(_ text: String, limit: Int = 500) -> String {
        Sanitizer(allowsNewlines: false, maxLength: limit, tabWidth: 1).sanitize(text).description
    }
}

import ApprovalClient
import ApprovalModel
import ApprovalViewModels
import Foundation

/// The only way the scriptable commands print what came from a server (or an agent): text
/// through the console's sanitizer, JSON with every control, bidi and invisible character
/// escaped. The same whether or not the stream is a terminal: a file or a pipe is often shown
/// on one later (`cat`, `less -R`, a CI log), and the sanitizer's escapes stay visible there.
enum SafeOutput {
    /// One or more lines of text for a person: each line sanitized (escape sequences, C0/C1,
    /// bidi and invisible characters become visible escapes and badges).
    static func text(_ text: String) {
        print(lines(text))
    }

    /// `text` made safe line by line (newlines kept).
    static func lines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { PlainText.line(String($0), limit: 100_000) }.joined(separator: "\n")
    }

    /// JSON text for scripts: still valid and lossless, with C0, C1, bidi and zero-width
    /// characters written as `\uXXXX`.
    static func json(_ text: String) {
        print(InvisibleScalars.escapingInJSON(text))
    }

    /// `value` encoded as indented JSON with sorted keys (requests' `tool_args` as sent), made safe.
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder.preloop()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        json(String(decoding: try VerbatimJSON.encode(value, with: encoder), as: UTF8.self))
    }
}

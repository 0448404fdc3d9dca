import TOMLKit

/// A parsed TOML file: TOML 1.0 as TOMLKit (toml++) reads it, without dates and times, with the
/// line and column of every key so that validation done later can name file:line.
///
/// Refused before TOMLKit sees the text: a NUL byte or a `\u0000` escape (TOMLKit hands strings
/// over as C strings, so a NUL would silently cut a value — a policy's tool name, say).
/// Redefining a key or table, an integer past 64 bits and every other syntax error is TOMLKit's
/// verdict, with its line and column. Every error is a ``TOMLError`` naming file:line:column.
///
/// ```swift
/// let document = try TOMLDocument(parsing: text, file: "config.toml")
/// let server = try document.root.string(at: "profiles.work.server")
/// ```
public struct TOMLDocument: Equatable, Sendable {
    /// The top-level table.
    public let root: TOMLTable
    /// The file name given when parsing, used in error messages.
    public let file: String?

    /// Parses `text`.
    /// - Parameter file: the name used in error messages (e.g. `config.toml` or a full path).
    /// - Throws: ``TOMLError`` at the first problem.
    public init(parsing text: String, file: String? = nil) throws(TOMLError) {
        try Self.refuseNUL(in: text, file: file)
        let parsed: TOMLKit.TOMLTable
        do {
            parsed = try TOMLKit.TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw TOMLError(file: file, line: max(1, error.source.begin.line), column: max(1, error.source.begin.column),
                            message: error.description)
        } catch {
            throw TOMLError(file: file, line: 1, message: "not valid TOML: \(error)")
        }
        let converter = TOMLConverter(file: file, locator: TOMLKeyLocator(text: text))
        self.root = try converter.table(parsed, path: [], line: 1)
        self.file = file
    }

    private static func refuseNUL(in text: String, file: String?) throws(TOMLError) {
        var line = 1
        var column = 1
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let isEscape = scalar == "\\" && index + 1 < scalars.count
                && (Self.follows(scalars, index, "u0000") || Self.follows(scalars, index, "U00000000"))
            if scalar == "\0" || isEscape {
                throw TOMLError(file: file, line: line, column: column,
                                message: "a NUL character (U+0000) is not allowed in this file")
            }
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
    }

    private static func follows(_ scalars: [Unicode.Scalar], _ index: Int, _ text: String) -> Bool {
        let wanted = Array(text.unicodeScalars)
        guard index + wanted.count < scalars.count else { return false }
        return Array(scalars[(index + 1)...(index + wanted.count)]) == wanted
    }
}

/// A parsed TOML file: strict TOML 1.0 without dates and times.
///
/// Supported: comments, bare/quoted/dotted keys, `[table]` and `[[array.of.tables]]` headers,
/// basic, literal and multi-line strings, integers (decimal with `_` and sign, `0x`/`0o`/`0b`),
/// floats (with `inf`/`nan`), booleans, arrays (multi-line, trailing comma) and inline tables.
/// Redefining a key or table is an error. Every error is a ``TOMLError`` naming file:line:column.
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
        var parser = TOMLParser(text: text, file: file)
        self.root = try parser.parseDocument()
        self.file = file
    }
}

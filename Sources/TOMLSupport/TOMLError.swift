/// A problem in a TOML file, pinned to the place a person must look at.
///
/// `description` reads like a compiler diagnostic: `config.toml:7:12: expected '=' after key "theme"`.
/// Without a file name it starts with `line 7, column 12:`. `column` is nil when the problem
/// concerns a whole key (a wrong type found later, during validation).
public struct TOMLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file the text came from, as given to the parser (nil for text without a file).
    public var file: String?
    /// 1-based line number.
    public var line: Int
    /// 1-based column, counted in Unicode scalars; nil when only the line is known.
    public var column: Int?
    /// What is wrong, in words (no location prefix).
    public var message: String

    public init(file: String?, line: Int, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column` (or `line N, column M` without a file).
    public var location: String {
        switch (file, column) {
        case let (file?, column?): return "\(file):\(line):\(column)"
        case let (file?, nil): return "\(file):\(line)"
        case let (nil, column?): return "line \(line), column \(column)"
        case (nil, nil): return "line \(line)"
        }
    }

    public var description: String { "\(location): \(message)" }
}

/// Why a theme could not be loaded. Every case names the file (and line where there is one).
public enum ThemeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No theme of that name in any theme folder.
    case notFound(name: String, searched: [String])
    /// The file could not be read.
    case unreadable(file: String, reason: String)
    /// The file is not valid TOML.
    case syntax(file: String, line: Int, message: String)
    /// A key that is not a `StyleRole`.
    case unknownRole(String, file: String, line: Int)
    /// A colour that is not `default`, an ANSI name, `0`–`255` or `#rrggbb`.
    case badColour(String, file: String, line: Int)
    /// An attribute that is not `fg`, `bg`, `bold`, `reverse`, `underline` or `dim`, or a value of the wrong type.
    case badAttribute(String, file: String, line: Int)

    public var description: String {
        switch self {
        case .notFound(let name, let searched):
            "no theme \"\(name)\" in " + (searched.isEmpty ? "any theme folder" : searched.joined(separator: ", "))
        case .unreadable(let file, let reason): "\(file): cannot read the theme: \(reason)"
        case .syntax(let file, let line, let message): "\(file):\(line): \(message)"
        case .unknownRole(let role, let file, let line):
            "\(file):\(line): unknown style role \"\(role)\" (known: queue.row, queue.selected, …; see themes/default.toml)"
        case .badColour(let colour, let file, let line):
            "\(file):\(line): bad colour \"\(colour)\"; use default, an ANSI name like red or bright-blue, 0-255 or #rrggbb"
        case .badAttribute(let attribute, let file, let line):
            "\(file):\(line): bad attribute \"\(attribute)\"; use fg, bg (colours) and bold, reverse, underline, dim (true/false)"
        }
    }
}

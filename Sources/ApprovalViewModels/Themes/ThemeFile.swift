import TOMLSupport
import ApprovalModel

/// Reads one theme file over a base theme, role by role.
///
/// The file is TOML. `name` and `description` are metadata; `base = "mono"` starts from
/// `Theme.monochrome` instead of `Theme.builtIn`. Every other key is a style role, written as a
/// dotted key or a table, holding `fg`, `bg` (colours) and `bold`, `reverse`, `underline`, `dim`
/// (booleans):
///
/// ```toml
/// name = "light"
/// queue.selected = { fg = "white", bg = "blue", bold = true }
/// [status]
/// offline = { fg = "white", bg = "red" }
/// ```
///
/// Unknown roles, bad colours and bad attributes are errors naming the file and line.
public enum ThemeFile {
    static let attributeKeys: Set<String> = ["fg", "bg", "bold", "reverse", "underline", "dim"]
    static let metadataKeys: Set<String> = ["name", "description", "base"]

    /// Parses `text` (from `file`) into a theme named `name` unless the file names itself.
    public static func parse(_ text: String, file: String, name: String) throws(ThemeError) -> Theme {
        let document: TOMLDocument
        do {
            document = try TOMLDocument(parsing: text, file: file)
        } catch {
            throw .syntax(file: file, line: error.line, message: error.message)
        }
        let root = document.root
        let base = root["base"]?.stringValue
        var theme = base == "mono" || base == "monochrome" ? Theme.monochrome : Theme.builtIn
        theme.name = root["name"]?.stringValue ?? name
        for entry in root.entries where !metadataKeys.contains(entry.key) {
            try apply(entry, path: entry.key, to: &theme, file: file)
        }
        return theme
    }

    private static func apply(_ entry: TOMLTable.Entry, path: String, to theme: inout Theme, file: String) throws(ThemeError) {
        guard case .table(let table) = entry.value else {
            throw .unknownRole(path, file: file, line: entry.line)
        }
        let isStyle = !table.isEmpty && table.keys.allSatisfy(attributeKeys.contains)
        if isStyle || StyleRole(rawValue: path) != nil {
            guard let role = StyleRole(rawValue: path) else { throw .unknownRole(path, file: file, line: entry.line) }
            theme[role] = try style(table, over: theme[role], file: file)
            return
        }
        for child in table.entries {
            try apply(child, path: path + "." + child.key, to: &theme, file: file)
        }
    }

    private static func style(_ table: TOMLTable, over base: StyleSpec, file: String) throws(ThemeError) -> StyleSpec {
        var spec = base
        for entry in table.entries {
            switch entry.key {
            case "fg", "bg":
                guard let text = entry.value.stringValue ?? entry.value.intValue.map(String.init),
                    let colour = ThemeColour(parsing: text)
                else {
                    throw .badColour(describe(entry.value), file: file, line: entry.line)
                }
                if entry.key == "fg" { spec.foreground = colour } else { spec.background = colour }
            case "bold", "reverse", "underline", "dim":
                guard let flag = entry.value.boolValue else {
                    throw .badAttribute("\(entry.key) = \(describe(entry.value))", file: file, line: entry.line)
                }
                switch entry.key {
                case "bold": spec.isBold = flag
                case "reverse": spec.isReverse = flag
                case "underline": spec.isUnderline = flag
                default: spec.isDim = flag
                }
            default:
                throw .badAttribute(entry.key, file: file, line: entry.line)
            }
        }
        return spec
    }

    private static func describe(_ value: TOMLValue) -> String {
        switch value {
        case .string(let text): text
        case .integer(let number): String(number)
        case .float(let number): String(number)
        case .bool(let flag): String(flag)
        default: value.typeName
        }
    }

    /// The theme as a complete theme file (every role), as `themes/default.toml` is written.
    public static func text(of theme: Theme, description: String) -> String {
        var lines = ["# approval-tui theme: \(theme.name)", "# \(description)",
                     "# Keys are style roles; values: fg, bg (default, black…white, bright-red…, 0-255, #rrggbb)",
                     "# and bold, reverse, underline, dim (true/false). Roles left out keep the built-in style.",
                     "", "name = \"\(theme.name)\"", ""]
        for role in StyleRole.allCases {
            let spec = theme[role]
            var parts = ["fg = \"\(spec.foreground)\"", "bg = \"\(spec.background)\""]
            if spec.isBold { parts.append("bold = true") }
            if spec.isReverse { parts.append("reverse = true") }
            if spec.isUnderline { parts.append("underline = true") }
            if spec.isDim { parts.append("dim = true") }
            lines.append("\"\(role.rawValue)\" = { \(parts.joined(separator: ", ")) }")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

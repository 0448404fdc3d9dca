/// Why key bindings from a configuration file were refused. Each case names file and line.
public enum KeymapError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownScreen(String, file: String, line: Int)
    case unknownAction(String, screen: String, file: String, line: Int)
    case badKey(String, file: String, line: Int)
    /// `key` would trigger both `first` and `second` on `screen`.
    case conflict(key: String, screen: String, first: String, second: String, file: String, line: Int)

    public var description: String {
        switch self {
        case .unknownScreen(let name, let file, let line):
            "\(file):\(line): unknown key section [keys.\(Self.shown(name))]; use global, \(ScreenID.allCases.map(\.rawValue).joined(separator: ", "))"
        case .unknownAction(let name, let screen, let file, let line):
            "\(file):\(line): unknown action \"\(Self.shown(name))\" in [keys.\(Self.shown(screen))]"
        case .badKey(let name, let file, let line):
            "\(file):\(line): \"\(Self.shown(name))\" is not a key; use a character, space, enter, esc, tab, up, pgdn, ctrl-x …"
        case .conflict(let key, let screen, let first, let second, let file, let line):
            "\(file):\(line): key \(key) is bound to both \(first) and \(second) in [keys.\(screen)]"
        }
    }

    /// A name from the file as it may be printed: control characters spelled `\u{1B}`, cut at 40.
    static func shown(_ name: String) -> String {
        let escaped = name.unicodeScalars.prefix(40).map { scalar -> String in
            let value = scalar.value
            guard value < 0x20 || (0x7F...0x9F).contains(value) else { return String(scalar) }
            return "\\u{" + String(value, radix: 16, uppercase: true).leftPadded(to: 2) + "}"
        }.joined()
        return name.unicodeScalars.count > 40 ? escaped + "…" : escaped
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

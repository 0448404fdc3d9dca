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
            "\(file):\(line): unknown key section [keys.\(name)]; use global, queue, detail, policies, flows or log"
        case .unknownAction(let name, let screen, let file, let line):
            "\(file):\(line): unknown action \"\(name)\" in [keys.\(screen)]"
        case .badKey(let name, let file, let line):
            "\(file):\(line): \"\(name)\" is not a key; use a character, space, enter, esc, tab, up, pgdn, ctrl-x …"
        case .conflict(let key, let screen, let first, let second, let file, let line):
            "\(file):\(line): key \(key) is bound to both \(first) and \(second) in [keys.\(screen)]"
        }
    }
}

/// One key the terminal read, already decoded. The terminal maps curses codes to these:
/// printable input (including space and upper case) is `.character`, `ctrl-x` is
/// `.control("x")` (lower case), ESC alone is `.escape`, Return/Enter (`\r`, `\n`, KEY_ENTER) is
/// `.enter`, Backspace (KEY_BACKSPACE, DEL 0x7F, ^H) is `.backspace`, arrows and paging keys
/// have their own cases.
public enum KeyPress: Hashable, Sendable, CustomStringConvertible {
    case character(Character)
    case control(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, pageUp, pageDown, home, end

    /// The label help shows: `j`, `space`, `enter`, `esc`, `↑`, `ctrl-c`.
    public var description: String {
        switch self {
        case .character(" "): "space"
        case .character(let c): String(c)
        case .control(let c): "ctrl-\(c)"
        case .enter: "enter"
        case .escape: "esc"
        case .tab: "tab"
        case .backTab: "shift-tab"
        case .backspace: "backspace"
        case .delete: "delete"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "pgup"
        case .pageDown: "pgdn"
        case .home: "home"
        case .end: "end"
        }
    }

    /// The character typed, when this key types one into a prompt.
    public var typedCharacter: Character? {
        if case .character(let c) = self { return c }
        return nil
    }
}

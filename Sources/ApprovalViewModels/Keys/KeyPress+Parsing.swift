/// Key names as configuration files write them: `j`, `J`, `space`, `enter`, `esc`, `tab`,
/// `backspace`, `up`/`down`/`left`/`right`, `pgup`/`pgdn`, `home`/`end`, `ctrl-x`.
extension KeyPress {
    static let namedKeys: [String: KeyPress] = [
        "space": .character(" "), "enter": .enter, "return": .enter, "esc": .escape, "escape": .escape,
        "tab": .tab, "shift-tab": .backTab, "backspace": .backspace, "delete": .delete, "del": .delete,
        "up": .up, "down": .down, "left": .left, "right": .right, "pgup": .pageUp, "pageup": .pageUp,
        "pgdn": .pageDown, "pagedown": .pageDown, "home": .home, "end": .end,
    ]

    /// The key `name` stands for, or `nil` when it names none.
    public init?(parsing name: String) {
        if name.count == 1, let character = name.first, !character.isWhitespace,
            character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F })
        {
            self = .character(character)
        } else if let key = Self.namedKeys[name.lowercased()] {
            self = key
        } else if name.lowercased().hasPrefix("ctrl-"), name.count == 6, let letter = name.lowercased().last, letter.isLetter {
            self = .control(letter)
        } else {
            return nil
        }
    }
}

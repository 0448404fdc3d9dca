import ApprovalModel

/// Rebinding keys from the `[keys.*]` tables of the configuration file (read into `KeyOverrides`), over `Keymap.default`:
///
/// ```toml
/// [keys.queue]
/// approve = ["y"]          # replaces the keys of the binding for this action on this screen
/// toggle_mark = ["space", "m"]
/// [keys.global]
/// quit = ["ctrl-q"]
/// ```
///
/// Action names are `ConsoleAction` cases in snake_case. A key left bound to two actions on one
/// screen (or twice in `[keys.global]`) is refused as a conflict.
extension Keymap {
    /// This keymap with `overrides` (the config file's `[keys.*]` tables) applied.
    public func applying(_ overrides: KeyOverrides) throws(KeymapError) -> Keymap {
        var result = self
        let file = overrides.file
        for section in overrides.sections {
            let screen = ScreenID(rawValue: section.screen)
            guard section.screen == "global" || screen != nil else {
                throw .unknownScreen(section.screen, file: file, line: section.line)
            }
            for entry in section.bindings {
                guard let action = ConsoleAction.allCases.first(where: { Self.configName($0) == entry.action || $0.rawValue == entry.action })
                else { throw .unknownAction(entry.action, screen: section.screen, file: file, line: entry.line) }
                var keys: [KeyPress] = []
                for name in entry.keys {
                    guard let key = KeyPress(parsing: name) else { throw .badKey(name, file: file, line: entry.line) }
                    keys.append(key)
                }
                result.rebind(action, to: keys, on: screen)
                try result.checkConflicts(on: screen, file: file, line: entry.line)
            }
        }
        return result
    }

    /// `approveWithComment` → `approve_with_comment`.
    static func configName(_ action: ConsoleAction) -> String {
        action.rawValue.reduce(into: "") { out, c in
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
    }

    private mutating func rebind(_ action: ConsoleAction, to keys: [KeyPress], on screen: ScreenID?) {
        func apply(_ list: inout [KeyBinding]) -> Bool {
            guard let index = list.firstIndex(where: { $0.action == action }) else { return false }
            list[index].keys = keys
            list[index].label = keys.map(\.description).joined(separator: "/")
            return true
        }
        if let screen {
            var list = screens[screen] ?? []
            if !apply(&list), let template = global.first(where: { $0.action == action }) ?? Keymap.default.screens.values
                .joined().first(where: { $0.action == action })
            {
                list.append(KeyBinding(keys, template.summary, action))
            }
            screens[screen] = list
        } else if !apply(&global) {
            global.append(KeyBinding(keys, action.rawValue, action))
        }
    }

    /// A key bound twice within one list is a conflict (a screen binding shadowing a global
    /// one is how screens specialise keys, and is allowed).
    private func checkConflicts(on screen: ScreenID?, file: String, line: Int) throws(KeymapError) {
        let list = screen.map { screens[$0] ?? [] } ?? global
        var owner: [KeyPress: ConsoleAction] = [:]
        for binding in list {
            for key in binding.keys {
                if let first = owner[key], first != binding.action {
                    throw .conflict(key: key.description, screen: screen?.rawValue ?? "global",
                                    first: Self.configName(first), second: Self.configName(binding.action),
                                    file: file, line: line)
                }
                owner[key] = binding.action
            }
        }
    }
}

import ApprovalClient

/// Rebinding keys from the `[keys.*]` tables of the configuration file, over `Keymap.default`:
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
    /// This keymap with the keys of `table` (the `[keys]` table) applied.
    public func applying(_ table: TOMLTable) throws(KeymapError) -> Keymap {
        var result = self
        let file = table.file ?? "config"
        for section in table.entries {
            guard case .table(let bindings) = section.value else {
                throw .unknownScreen(section.key, file: file, line: section.line)
            }
            let screen = ScreenID(rawValue: section.key)
            guard section.key == "global" || screen != nil else {
                throw .unknownScreen(section.key, file: file, line: section.line)
            }
            for entry in bindings.entries {
                guard let action = ConsoleAction.allCases.first(where: { Self.configName($0) == entry.key || $0.rawValue == entry.key })
                else { throw .unknownAction(entry.key, screen: section.key, file: file, line: entry.line) }
                let names = entry.value.arrayValue?.compactMap(\.stringValue) ?? entry.value.stringValue.map { [$0] } ?? []
                var keys: [KeyPress] = []
                for name in names {
                    guard let key = KeyPress(parsing: name) else { throw .badKey(name, file: file, line: entry.line) }
                    keys.append(key)
                }
                guard !keys.isEmpty else { throw .badKey("\(entry.value.typeName)", file: file, line: entry.line) }
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

/// The console's key bindings as data: `global` plus one list per screen. A screen's bindings
/// win over global ones for the same key. Help is rendered only from these lists.
///
/// ```swift
/// let keymap = readOnly ? Keymap.default.readOnly() : Keymap.default
/// keymap.binding(for: .character("a"), on: .queue)?.action  // .approve
/// ```
public struct Keymap: Hashable, Sendable {
    public var global: [KeyBinding]
    public var screens: [ScreenID: [KeyBinding]]

    public init(global: [KeyBinding], screens: [ScreenID: [KeyBinding]]) {
        self.global = global
        self.screens = screens
    }

    /// The binding `key` triggers on `screen`, if any.
    public func binding(for key: KeyPress, on screen: ScreenID) -> KeyBinding? {
        (screens[screen] ?? []).first { $0.keys.contains(key) } ?? global.first { $0.keys.contains(key) }
    }

    /// The same keymap without any binding that changes something on the server.
    public func readOnly() -> Keymap {
        Keymap(global: global.filter { !$0.isMutating }, screens: screens.mapValues { $0.filter { !$0.isMutating } })
    }

    /// The few bindings for the one-line hint at the bottom of `screen`.
    public func shortHelp(for screen: ScreenID) -> [KeyBinding] {
        let wanted: [ConsoleAction] = [.approve, .deny, .allowSimilar, .toggleMark, .open, .stopExecution, .revokeRule, .toggleFollow,
                                       .startSearch, .back, .quit, .showHelp]
        let all = (screens[screen] ?? []) + global
        var seen = Set<ConsoleAction>()
        return wanted.compactMap { action in
            guard !seen.contains(action), let binding = all.first(where: { $0.action == action }) else { return nil }
            seen.insert(action)
            return binding
        }
    }

    /// Every binding for `screen`, grouped: the screen's own, then global ones it does not shadow.
    public func fullHelp(for screen: ScreenID) -> [[KeyBinding]] {
        let own = screens[screen] ?? []
        let shadowed = Set(own.flatMap(\.keys))
        let rest = global.filter { binding in !binding.keys.allSatisfy(shadowed.contains) }
        return [own, rest].filter { !$0.isEmpty }
    }

    /// The fixed keys of the console.
    public static let `default`: Keymap = {
        let move: [KeyBinding] = [
            KeyBinding([.character("j"), .down], label: "j/↓", "move down", .moveDown),
            KeyBinding([.character("k"), .up], label: "k/↑", "move up", .moveUp),
            KeyBinding([.pageDown, .control("d")], label: "pgdn", "page down", .pageDown),
            KeyBinding([.pageUp, .control("u")], label: "pgup", "page up", .pageUp),
            KeyBinding([.character("g"), .home], label: "g", "first", .moveToTop),
            KeyBinding([.character("G"), .end], label: "G", "last", .moveToBottom),
        ]
        let decide: [KeyBinding] = [
            KeyBinding(KeyBinding.chars("a"), "approve (marked: all, confirmed)", .approve),
            KeyBinding(KeyBinding.chars("d"), "deny (confirm, optional comment)", .deny),
            KeyBinding(KeyBinding.chars("A"), "approve with comment", .approveWithComment),
            KeyBinding(KeyBinding.chars("D"), "deny with comment", .denyWithComment),
            KeyBinding(KeyBinding.chars("s"), "allow similar (approve and make a rule)", .allowSimilar),
            KeyBinding(KeyBinding.chars("u"), "undo (take back a decision not sent yet)", .undoDecision),
        ]
        let back = KeyBinding([.escape, .character("q")], label: "esc/q", "back", .back)
        return Keymap(
            global: [
                KeyBinding(KeyBinding.chars("?"), "help", .showHelp),
                KeyBinding(KeyBinding.chars(":"), "command (:queue :flows :history :journal :quit …)", .startCommand),
                KeyBinding(KeyBinding.chars("/"), "filter", .startFilter),
                KeyBinding(KeyBinding.chars("r"), "refresh now", .refresh),
                KeyBinding(KeyBinding.chars("1"), "queue", .showQueue),
                KeyBinding(KeyBinding.chars("2"), "flows", .showFlows),
                KeyBinding(KeyBinding.chars("3"), "policies", .showPolicies),
                KeyBinding(KeyBinding.chars("4"), "history (decided requests)", .showHistory),
                KeyBinding(KeyBinding.chars("5"), "rules (allow similar)", .showRules),
                KeyBinding([.escape], label: "esc", "back", .back),
                KeyBinding([.control("c")], "quit", .quit),
            ],
            screens: [
                .queue: move + [KeyBinding([.enter], "open request", .open)] + decide + [
                    KeyBinding([.character(" "), .character("x")], label: "space/x", "mark / unmark", .toggleMark),
                    KeyBinding(KeyBinding.chars("q"), "quit", .quit),
                ],
                .detail: Array(move.prefix(4)) + [
                    KeyBinding(KeyBinding.chars("J"), "next request", .nextRequest),
                    KeyBinding(KeyBinding.chars("K"), "previous request", .previousRequest),
                ] + decide + [back],
                .policies: move + [back],
                .history: move + [KeyBinding([.enter], "open (the decided request in full)", .open), back],
                .rules: move + [KeyBinding([.character("x"), .delete], label: "x/del", "revoke rule (confirmed)", .revokeRule), back],
                .journal: move + [KeyBinding([.enter], "open the request (while still pending)", .open), back],
                .flows: move + [
                    KeyBinding([.enter], "open live log", .open),
                    KeyBinding(KeyBinding.chars("s"), "stop run (confirmed)", .stopExecution),
                    back,
                ],
                .log: move + [
                    KeyBinding([.character("f"), .character(" ")], label: "f/space", "follow / pause", .toggleFollow),
                    KeyBinding(KeyBinding.chars("/"), "search", .startSearch),
                    KeyBinding(KeyBinding.chars("n"), "next match", .nextMatch),
                    KeyBinding(KeyBinding.chars("N"), "previous match", .previousMatch),
                    KeyBinding(KeyBinding.chars("s"), "stop run (confirmed)", .stopExecution),
                    back,
                ],
            ]
        )
    }()
}

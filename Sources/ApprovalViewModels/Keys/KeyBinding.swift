/// Keys, the help text for them, and the action they trigger: one value drives both key
/// matching and help, so help cannot drift from behaviour.
public struct KeyBinding: Hashable, Sendable {
    public var keys: [KeyPress]
    /// The key label help shows, such as `j/↓`.
    public var label: String
    /// What the binding does, in a few words.
    public var summary: String
    public var action: ConsoleAction
    /// Whether the binding changes something on the server.
    public var isMutating: Bool

    public init(_ keys: [KeyPress], label: String? = nil, _ summary: String, _ action: ConsoleAction) {
        self.keys = keys
        self.label = label ?? keys.map(\.description).joined(separator: "/")
        self.summary = summary
        self.action = action
        self.isMutating = action.isMutating
    }

    /// The summary without its parenthesised detail, for the hint line and messages.
    public var shortSummary: String {
        summary.split(separator: " (").first.map(String.init) ?? summary
    }

    static func chars(_ characters: String) -> [KeyPress] { characters.map { .character($0) } }
}

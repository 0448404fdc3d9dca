/// The `[keys.*]` tables of our config file, as written: the keys each action should have, per
/// screen (or `global`), each with the line it is on so a refusal can name it. Which actions and
/// keys exist is the console's business (`Keymap.applying`); this only checks the shapes.
///
/// ```toml
/// [keys.queue]
/// approve = ["y"]
/// toggle_mark = ["space", "m"]
/// [keys.global]
/// quit = "ctrl-q"
/// ```
public struct KeyOverrides: Equatable, Sendable {
    public struct Binding: Equatable, Sendable {
        /// The action's name as written (`approve_with_comment`).
        public var action: String
        /// The key names as written (`ctrl-q`, `space`, `y`).
        public var keys: [String]
        public var line: Int

        public init(action: String, keys: [String], line: Int) {
            self.action = action
            self.keys = keys
            self.line = line
        }
    }

    public struct Section: Equatable, Sendable {
        /// `global` or a screen name, as written.
        public var screen: String
        public var line: Int
        public var bindings: [Binding]

        public init(screen: String, line: Int, bindings: [Binding]) {
            self.screen = screen
            self.line = line
            self.bindings = bindings
        }
    }

    /// The file the tables are in.
    public var file: String
    /// Sections in file order.
    public var sections: [Section]

    public init(file: String, sections: [Section] = []) {
        self.file = file
        self.sections = sections
    }
}

/// The keymap as a Markdown cheat sheet (`approval-tui keys --markdown`, `docs/keys.md`).
extension Keymap {
    /// One table per screen (its own bindings, then the global ones it does not shadow).
    public func markdown() -> String {
        var out = "# Keys\n\nGenerated from the keymap; `?` in the console shows the same list.\n"
        for screen in ScreenID.allCases {
            out += "\n## \(screen.title.description)\n\n| key | action |\n|---|---|\n"
            for binding in fullHelp(for: screen).joined() {
                out += "| `\(binding.label)` | \(binding.summary)\(binding.isMutating ? " (off in --read-only)" : "") |\n"
            }
        }
        return out
    }
}

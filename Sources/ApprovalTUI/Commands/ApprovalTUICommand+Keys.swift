import ApprovalViewModels
import ArgumentParser

extension ApprovalTUICommand {
    /// `approval-tui keys`: every key binding, from the same keymap the console matches keys with.
    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every key binding (the source of docs/keys.md).")

        @Flag(name: .long, help: "Print Markdown (the committed docs/keys.md is exactly this output).")
        var markdown = false

        @Flag(name: .customLong("read-only"), help: "Show the bindings of a --read-only console.")
        var readOnly = false

        func run() throws {
            let keymap = readOnly ? Keymap.default.readOnly() : Keymap.default
            let text = keymap.markdown()
            if markdown {
                print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
            } else {
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    print(line.replacingOccurrences(of: "`", with: ""))
                }
            }
        }
    }
}

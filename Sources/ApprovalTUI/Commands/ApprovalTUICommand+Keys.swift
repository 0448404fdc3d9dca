import ApprovalClient
import ApprovalModel
import ApprovalViewModels
import ArgumentParser

extension ApprovalTUICommand {
    /// `approval-tui keys`: every key binding, from the same keymap the console matches keys with.
    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every key binding, with the config file's [keys.*] rebindings (docs/keys.md is this output without any).")

        @OptionGroup var connection: ConnectionOptions

        @Flag(name: .long, help: "Print Markdown (the committed docs/keys.md is exactly this output).")
        var markdown = false

        @Flag(name: .customLong("read-only"), help: "Show the bindings of a --read-only console.")
        var readOnly = false

        func run() throws {
            let configured = try Keymap.configured(by: connection.resolveReportingWarnings())
            let keymap = readOnly ? configured.readOnly() : configured
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

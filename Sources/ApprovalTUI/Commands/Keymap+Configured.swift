import ApprovalClient
import ApprovalModel
import ApprovalViewModels

extension Keymap {
    /// `Keymap.default` with the config file's `[keys.*]` rebindings; a refused one is printed
    /// (naming file and line) and ends the command with exit code 2.
    static func configured(by resolved: ResolvedConfiguration) throws -> Keymap {
        guard let keys = resolved.keys else { return .default }
        do throws(KeymapError) {
            return try Keymap.default.applying(keys)
        } catch {
            printError(error.description)
            throw ExitStatus.usage
        }
    }
}

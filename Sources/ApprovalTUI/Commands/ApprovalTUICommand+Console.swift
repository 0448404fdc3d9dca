import ApprovalClient
import ApprovalViewModels
import ArgumentParser
import Foundation

extension ApprovalTUICommand {
    /// `approval-tui` (the default): the full-screen console.
    struct Console: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open the full-screen console (the default command).",
            discussion: "Keys: ? shows them all. Exit 0 on quit; 2 bad configuration or terminal; "
                + "128+N when stopped by signal N.")

        @OptionGroup var connection: ConnectionOptions

        @Flag(name: .customLong("read-only"), help: "Show everything, decide nothing: approve, deny and stop are off.")
        var readOnly = false

        @Flag(name: .customLong("no-bell"), help: "Never ring the terminal bell (whatever --notify says).")
        var noBell = false

        @Option(name: .long, help: "How new requests and finished runs are announced: bell, desktop, both or none (default: the profile's notify, else bell).")
        var notify: NotifyMode?

        @Option(name: .long, help: "Theme name (default, light, high-contrast, mono, or one of yours).")
        var theme: String?

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let (client, resolved) = try connection.makeClient()
            let session = try ConsoleSession.prepare(
                client: client, resolved: resolved, environment: environment,
                themeName: theme, readOnly: readOnly,
                notify: (notify ?? NotifyMode(rawValue: resolved.notify) ?? .bell).withoutBell(noBell))
            let ending = await session.run()
            switch ending {
            case .quit: return
            case .terminalLost: throw ExitCode(129)
            case .signal(let number): throw ExitCode(128 + number)
            case .failed(let message):
                printError(message)
                throw ExitStatus.usage
            }
        }
    }
}

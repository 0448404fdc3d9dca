import ArgumentParser
import Foundation

extension ApprovalTUICommand {
    /// `approval-tui service install`: the hard boundary, the server as its own Unix user.
    struct Service: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the approval server as its own Unix user (the hard boundary).",
            subcommands: [Install.self])

        struct Install: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create a system user and a private data dir, and write and start a systemd unit.",
                discussion: """
                    Prints each step as it runs; --dry-run prints them and the unit, and changes nothing. Needs root \
                    otherwise. Exit 0 when done; 1 when a step failed; 2 bad options or not root.
                    """)

            @Option(name: .long, help: "The system user the server runs as (created when missing).")
            var user = "approval-tui"

            @Option(name: .customLong("data-dir"), help: "The server's data dir (owner the user, mode 0700).")
            var dataDirectory = "/var/lib/approval-tui"

            @Option(name: .long, help: "The port the server listens on (loopback).")
            var port: UInt16 = 8600

            @Option(name: .customLong("unit-dir"), help: "Where the unit file goes.")
            var unitDirectory = "/etc/systemd/system"

            @Option(name: .long, help: "The approval-tui binary the unit runs (default: this one).")
            var executable: String?

            @Flag(name: .customLong("no-start"), help: "Write the unit, but do not run systemctl.")
            var noStart = false

            @Flag(name: .customLong("dry-run"), help: "Print what would be done, do nothing.")
            var dryRun = false

            func run() async throws {
                let options = ServicePlan.Options(
                    user: user, dataDirectory: dataDirectory, port: port, unitDirectory: unitDirectory,
                    executable: executable ?? SelfExecutable.path, start: !noStart)
                let plan: ServicePlan
                switch ServicePlan.make(options, userExists: ServiceInstaller.userExists(user)) {
                case .failure(let error):
                    printError(error.description)
                    throw ExitStatus.usage
                case .success(let made): plan = made
                }
                if let warning = Self.reachabilityWarning(options.executable) { printError("warning: \(warning)") }
                if dryRun {
                    print("dry run: nothing is changed. These steps would run:")
                    for step in plan.steps { print("  " + step.summary) }
                    print("unit file:")
                    print(ServicePlan.unitText(options), terminator: "")
                    for line in plan.nextSteps { print(line) }
                    return
                }
                guard geteuid() == 0 else {
                    printError("service install needs root (run it with sudo); --dry-run shows what it would do")
                    throw ExitStatus.usage
                }
                do {
                    try ServiceInstaller().install(plan)
                } catch {
                    printError(error.description)
                    throw ExitStatus.failure
                }
                for line in plan.nextSteps { print(line) }
            }

            /// Why another user may be unable to run `path` (a folder on the way, or the file,
            /// not executable by others), or nil.
            static func reachabilityWarning(_ path: String) -> String? {
                var current = URL(fileURLWithPath: path)
                var checked: [String] = [current.path]
                while current.path != "/" {
                    current = current.deletingLastPathComponent()
                    checked.append(current.path)
                }
                for item in checked {
                    var info = stat()
                    guard stat(item, &info) == 0 else { return "cannot inspect \(item)" }
                    if info.st_mode & 0o001 == 0 {
                        return "\(item) is not executable by other users, so the service user cannot run \(path); "
                            + "install approval-tui somewhere like /usr/local/bin and pass --executable"
                    }
                }
                return nil
            }
        }
    }
}

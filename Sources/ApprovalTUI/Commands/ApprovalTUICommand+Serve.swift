import ApprovalServer
import ArgumentParser
import Foundation

extension ApprovalTUICommand {
    /// `approval-tui serve`: the local approval server on its own, in the foreground.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the local approval server in the foreground until interrupted.",
            discussion: """
                Prints `listening on http://HOST:PORT` (the real port when --port 0) once it accepts connections. \
                Consoles and commands started without a server configured find it through DIR/server.json. \
                Exit 0 when stopped by SIGINT or SIGTERM; 1 when another process already serves DIR; \
                2 bad options; 4 cannot listen or cannot reach the database.

                For a team: --database postgres://USER@HOST:PORT/NAME (or APPROVAL_DATABASE_URL) keeps the \
                state in PostgreSQL, and any number of servers on that database are one server. The password \
                never goes in the address (it would show in `ps`): set APPROVAL_DATABASE_PASSWORD, or name a \
                file with --database-password-file (or APPROVAL_DATABASE_PASSWORD_FILE). sslmode=disable, \
                prefer or require may follow the address; require is the default off loopback.
                """)

        @Option(name: .long, help: "Address to listen on; loopback unless you ask for another.")
        var host = "127.0.0.1"

        @Option(name: .long, help: "Port to listen on; 0 picks a free one.")
        var port: UInt16 = 8600

        @Option(name: .customLong("data-dir"), help: "Data directory (default $XDG_STATE_HOME/approval-tui/server).")
        var dataDirectory: String?

        @OptionGroup var team: TeamDatabaseOption

        @Option(name: .long, help: "This server's lasting name among the replicas (default HOST:PORT).")
        var replica: String?

        func run() async throws {
            let directory = dataDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) }
                ?? ServerDataDirectory.defaultRoot()
            let database = try team.location()
            if let replica, replica.isEmpty || replica.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                printError("--replica must be a non-empty name without control characters")
                throw ExitStatus.usage
            }
            let started: LocalServer?
            do {
                started = try await LocalServer.start(
                    directory: directory, host: host, port: port, fallbackToFreePort: false, database: database,
                    replica: replica)
            } catch {
                printError(error.description)
                throw ExitStatus.unreachable
            }
            guard let local = started, let owner = local.owner else {
                let url = ServerRecord.read(in: directory)?.url ?? "an unknown address"
                printError("another approval-tui already serves \(directory.path) at \(url)")
                throw ExitStatus.failure
            }
            FileHandle.standardOutput.write(Data("""
                listening on http://\(host.contains(":") ? "[\(host)]" : host):\(local.url.port ?? Int(port))
                \(database.map { "state in \($0)" } ?? "data in \(directory.path)"); agent token in \(local.directory.agentTokenFile.path)

                """.utf8))
            let watcher = StopSignals { Task { await local.stop() } }
            await owner.server.waitUntilStopped()
            await local.stop()
            withExtendedLifetime(watcher) {}
        }
    }
}

/// Calls `onStop` once when SIGINT or SIGTERM arrives (the default action, ending the process
/// at once, is turned off while it lives).
final class StopSignals {
    private let sources: [any DispatchSourceSignal]

    init(onStop: @escaping @Sendable () -> Void) {
        let once = OnceFlag()
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { if once.claim() { onStop() } }
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}

/// True exactly once.
final class OnceFlag: @unchecked Sendable {
    // Safe: `claimed` is only touched under `lock`.
    private let lock = NSLock()
    private var claimed = false

    func claim() -> Bool {
        lock.withLock {
            defer { claimed = true }
            return !claimed
        }
    }
}

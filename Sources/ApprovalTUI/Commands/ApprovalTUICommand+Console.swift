import ApprovalClient
import ApprovalModel
import ApprovalServer
import ApprovalViewModels
import ArgumentParser
import Foundation

extension ApprovalTUICommand {
    /// `approval-tui` (the default): the full-screen console.
    struct Console: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open the full-screen console (the default command).",
            discussion: """
                With no server configured, the console runs the local approval server itself (data in \
                $XDG_STATE_HOME/approval-tui/server, port 8600 or a free one; APPROVAL_TUI_PORT overrides), \
                or joins the one another approval-tui already runs there. \
                Keys: ? shows them all. Exit 0 on quit; 2 bad configuration or terminal; 4 the local server cannot \
                start; 128+N when stopped by signal N.
                """)

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var look: ConsoleLook

        @Option(name: .customLong("poll-interval"), help: ArgumentHelp("Seconds between fetches while push is not live (at least 0.2; default: the profile's poll_interval, else 2).", valueName: "seconds"))
        var pollInterval: Double?

        func run() async throws {
            var connection = connection
            while true {
                let servers = try connection.resolveServersReportingWarnings(pollInterval: pollInterval)
                let resolved = servers[0]
                // A refused [keys.*] table stops the console before any server starts.
                _ = try Keymap.configured(by: resolved)
                let ending: ConsoleSession.Ending
                if servers.count > 1 {
                    ending = try await look.open(servers: servers)
                } else if let server = resolved.server {
                    let client = try ConnectionOptions.client(server: server, token: resolved.token)
                    ending = try await look.open(client: client, resolved: resolved, onboarding: nil)
                } else {
                    let environment = ProcessInfo.processInfo.environment
                    let local = try await LocalServer.startOrExit(
                        directory: ServerDataDirectory.defaultRoot(environment: environment),
                        port: try Self.embeddedPort(environment: environment))
                    ending = try await look.open(local: local, resolved: resolved)
                }
                // `:server NAME` in the console: reopen it on that profile.
                guard case .switchServer(let profile) = ending else { return }
                connection = connection.switching(to: profile)
            }
        }

        /// `APPROVAL_TUI_PORT` (0 for a free port), else 8600.
        static func embeddedPort(environment: [String: String]) throws -> UInt16 {
            guard let text = environment["APPROVAL_TUI_PORT"], !text.isEmpty else { return 8600 }
            guard let port = UInt16(text) else {
                printError("APPROVAL_TUI_PORT=\(text.prefix(20)) is not a port number (0…65535)")
                throw ExitStatus.usage
            }
            return port
        }
    }
}

/// How the console looks and what it may do: shared by the console and `demo`.
struct ConsoleLook: ParsableArguments {
    @Flag(name: .customLong("read-only"), help: "Show everything, decide nothing: approve, deny and stop are off.")
    var readOnly = false

    @Flag(name: .customLong("no-bell"), help: "Never ring the terminal bell (whatever --notify says).")
    var noBell = false

    @Option(name: .long, help: "How new requests and finished runs are announced: bell, desktop, both or none (default: the profile's notify, else bell).")
    var notify: NotifyMode?

    @Option(name: .long, help: "Theme name (default, light, high-contrast, mono, or one of yours).")
    var theme: String?

    /// Opens the console on a local server with its approver token and the onboarding hint,
    /// then stops the server if this process owns it (or took it over from an owner that quit).
    func open(local: LocalServer, resolved: ResolvedConfiguration) async throws -> ConsoleSession.Ending {
        let keeper = LocalServerKeeper(local)
        let watch = Task { await keeper.watch() }
        let ending: Result<ConsoleSession.Ending, any Error>
        do {
            let token = try local.token(for: .approver)
            let client = try ConnectionOptions.client(server: local.url, token: token)
            let onboarding = Onboarding(
                serverURL: local.url.absoluteString, agentTokenPath: local.directory.agentTokenFile.path)
            // The session's live push authenticates with the same token as its requests.
            var connected = resolved
            connected.token = token
            ending = .success(try await open(client: client, resolved: connected, onboarding: onboarding))
        } catch {
            ending = .failure(error)
        }
        watch.cancel()
        await watch.value
        await keeper.stop()
        if case .failure(let error as EmbeddedServerError) = ending {
            printError(error.description)
            throw ExitStatus.usage
        }
        return try ending.get()
    }

    /// Opens one console on several servers, one per profile (``Configuration/resolveServers``);
    /// the profile that names no server, if any, is the embedded local server, started (or
    /// joined) here and stopped after, as when it is the only one.
    func open(servers resolvedServers: [ResolvedConfiguration]) async throws -> ConsoleSession.Ending {
        var local: LocalServer?
        var keeper: LocalServerKeeper?
        var watch: Task<Void, Never>?
        var servers: [ConsoleSession.Server] = []
        for resolved in resolvedServers {
            let name = resolved.profile ?? "local"
            if let url = resolved.server {
                servers.append(ConsoleSession.Server(
                    name: name, client: try ConnectionOptions.client(server: url, token: resolved.token), resolved: resolved))
                continue
            }
            let environment = ProcessInfo.processInfo.environment
            let started = try await LocalServer.startOrExit(
                directory: ServerDataDirectory.defaultRoot(environment: environment),
                port: try ApprovalTUICommand.Console.embeddedPort(environment: environment))
            local = started
            let kept = LocalServerKeeper(started)
            keeper = kept
            watch = Task { await kept.watch() }
            var connected = resolved
            connected.token = try started.token(for: .approver)
            servers.append(ConsoleSession.Server(
                name: name, client: try ConnectionOptions.client(server: started.url, token: connected.token),
                resolved: connected))
        }
        let onboarding = local.map {
            Onboarding(serverURL: $0.url.absoluteString, agentTokenPath: $0.directory.agentTokenFile.path)
        }
        let ending: Result<ConsoleSession.Ending, any Error>
        do {
            // The journal, saved snapshots and rings are kept per server address: two profiles on
            // one address (the embedded server and a profile naming its port) would share them.
            for (index, server) in servers.enumerated() {
                if let earlier = servers[..<index].first(where: { $0.client.serverName == server.client.serverName }) {
                    printError("profiles \(earlier.name) and \(server.name) both reach \(server.client.serverName); each request would show twice")
                    throw ExitStatus.usage
                }
            }
            ending = .success(try await open(servers: servers, onboarding: onboarding))
        } catch {
            ending = .failure(error)
        }
        watch?.cancel()
        await watch?.value
        await keeper?.stop()
        return try ending.get()
    }

    /// Runs the console until the person quits (or switches servers); any other ending becomes
    /// the documented exit code.
    @discardableResult
    func open(client: PreloopClient, resolved: ResolvedConfiguration, onboarding: Onboarding?) async throws
        -> ConsoleSession.Ending
    {
        try await open(
            servers: [ConsoleSession.Server(name: client.serverName, client: client, resolved: resolved)],
            onboarding: onboarding)
    }

    /// Runs the console on `servers` until the person quits (or switches servers).
    private func open(servers: [ConsoleSession.Server], onboarding: Onboarding?) async throws -> ConsoleSession.Ending {
        let servers = servers.map { server in
            var server = server
            server.client.decisionSource = .console
            return server
        }
        let resolved = servers[0].resolved
        let session = try ConsoleSession.prepare(
            servers: servers, environment: ProcessInfo.processInfo.environment,
            themeName: theme, readOnly: readOnly,
            notify: (notify ?? NotifyMode(rawValue: resolved.notify) ?? .bell).withoutBell(noBell), onboarding: onboarding)
        let ending = await session.run()
        switch ending {
        case .quit, .switchServer: return ending
        case .terminalLost: throw ExitCode(129)
        case .signal(let number): throw ExitCode(128 + number)
        case .failed(let message):
            printError(message)
            throw ExitStatus.usage
        }
    }
}

extension LocalServer {
    /// `attachOrStart`, with a failure printed as one line and turned into exit code 4.
    static func startOrExit(
        directory: URL, host: String = "127.0.0.1", port: UInt16, fallbackToFreePort: Bool = true
    ) async throws -> LocalServer {
        do {
            return try await attachOrStart(
                directory: directory, host: host, port: port, fallbackToFreePort: fallbackToFreePort)
        } catch {
            printError(error.description)
            throw ExitStatus.unreachable
        }
    }
}

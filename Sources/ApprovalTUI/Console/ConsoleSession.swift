import ApprovalClient
import ApprovalModel
import ApprovalPush
import ApprovalViewModels
import Foundation
import ProcessSupport

/// Everything one console run needs, built by the command and run on a thread of its own.
struct ConsoleSession: Sendable {
    /// The servers, each with its client, poller and push (one, usually).
    let fleet: ServerFleet
    let store: LocalStore?
    /// Why the local store did not open, when it did not.
    let storeError: StoreError?
    /// The Notifiers, by server name: each rings once per request of its own server.
    let notifiers: [String: Notifier]
    let mailbox: Mailbox<LoopMessage>
    let themeName: String
    let theme: Theme
    let options: ConsoleOptions
    let readOnly: Bool
    /// The keys: `Keymap.default` with the config file's `[keys.*]` rebindings.
    let keymap: Keymap
    /// Where the detail goes after a decision (the profile's `after_decision`).
    var afterDecision: AfterDecision = .next
    /// The profile's `undo_seconds`: how long a decision is held before it is sent.
    var undoSeconds = 0
    let environment: [String: String]
    /// How an agent reaches the embedded server; shown under an empty queue.
    var onboarding: Onboarding?

    enum Ending: Equatable, Sendable {
        case quit
        case signal(Int32)
        case terminalLost
        case failed(String)
        case switchServer(String)
    }

    /// One server of the session: its name in the console, a client, and its resolved profile.
    struct Server {
        var name: String
        var client: PreloopClient
        var resolved: ResolvedConfiguration
    }

    /// Builds the session: local store, pollers, notifiers and theme. Nothing touches the terminal
    /// yet. The first server's profile decides the look (theme, keys, notify); the undo window is
    /// the longest any asks for; each server polls at its own interval. With several servers
    /// their ids are qualified by name (``ServerScope``).
    static func prepare(
        servers: [Server], environment: [String: String], themeName: String?,
        readOnly: Bool, notify: NotifyMode, onboarding: Onboarding? = nil
    ) throws -> ConsoleSession {
        let resolved = servers[0].resolved
        var store: LocalStore?
        var storeError: StoreError?
        do throws(StoreError) {
            store = try LocalStore(path: try LocalStore.defaultPath(environment: environment))
        } catch {
            storeError = error
            printError("warning: \(error.description); bells may repeat after a restart")
        }
        let loader = ThemeLoader(
            directories: ThemeLoader.standardDirectories(environment: environment, bundled: BundledFiles.themes()),
            read: ThemeLoader.localFiles)
        let name = ThemeLoader.startingThemeName(configured: themeName ?? resolved.theme, environment: environment)
        let theme: Theme
        do {
            theme = try loader.load(named: name)
        } catch {
            printError(error.description)
            throw ExitStatus.usage
        }
        let keymap = try Keymap.configured(by: resolved)
        let now: @Sendable () -> Date = { Date() }
        let qualifies = servers.count > 1
        let members = servers.map { server in
            FleetMember(
                scope: ServerScope(name: server.name, qualifies: qualifies), client: server.client,
                poller: Self.poller(for: server.client, interval: server.resolved.pollInterval, now: now),
                push: Self.push(for: server.client, token: server.resolved.token),
                pollInterval: server.resolved.pollInterval)
        }
        var notifiers: [String: Notifier] = [:]
        if let store {
            for member in members { notifiers[member.name] = Notifier(store: store, server: member.client.serverName) }
        }
        return ConsoleSession(
            fleet: ServerFleet(members: members), store: store, storeError: storeError,
            notifiers: notifiers, mailbox: Mailbox(),
            themeName: name, theme: theme,
            options: ConsoleOptions(
                bell: notify.rings, desktop: notify.showsDesktop,
                channel: NotificationChannel.choose(
                    environment: environment, notifySend: ExecutableLookup.resolve("notify-send", environment: environment)?.path),
                useColour: environment["NO_COLOR"] == nil && name != "mono", themes: loader, now: now,
                checkProfile: { profile in
                    do throws(ConfigurationError) {
                        let candidate = try Configuration.resolve(
                            flags: ConfigurationFlags(profile: profile, configFile: resolved.configFile), environment: environment, files: LocalFileSystem())
                        return candidate.server == nil ? "profile \(profile) names no server" : nil
                    } catch {
                        return error.description
                    }
                }),
            readOnly: readOnly, keymap: keymap, afterDecision: resolved.afterDecision,
            // The longest undo window any of the servers' profiles asks for: none is shortened.
            undoSeconds: servers.map(\.resolved.undoSeconds).max() ?? resolved.undoSeconds,
            environment: environment,
            onboarding: onboarding)
    }

    /// The Poller of one server: the pending requests and the executions, and one request at a time.
    static func poller(for client: PreloopClient, interval: Duration, now: @escaping @Sendable () -> Date) -> Poller {
        Poller(
            schedule: PollSchedule(interval: interval), clock: ContinuousClock(), now: now,
            fetchOne: { (id: String) async throws(ClientError) -> ApprovalRequest? in
                do throws(ClientError) {
                    return try await client.approvalRequest(id: id)
                } catch .notFound(let detail) where detail == "Approval request not found" {
                    return nil  // Preloop's own words: the request is gone (another 404 walks the list)
                }
            },
            fetch: { () async throws(ClientError) -> QueueFetchResult in
                let requests = try await client.listApprovalRequests(status: .pending)
                let executions = (try? await client.allFlowExecutions()) ?? []
                return QueueFetchResult(requests: requests, executions: executions)
            })
    }

    /// The push listener of one server, when there is a token to authenticate it.
    static func push(for client: PreloopClient, token: String?) -> PushListener? {
        let token = token?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return token.isEmpty ? nil : PushListener(serverURL: client.serverURL, token: token, clock: ContinuousClock())
    }

    /// Starts the background work, runs the terminal loop on its own thread, and cleans up.
    func run() async -> Ending {
        // Held decisions of a console that stopped in its undo window were never sent: a live
        // console sends or settles its own within a minute, so older ones are settled as not sent.
        _ = try? store?.settleAbandonedHolds(at: options.now())
        // The last snapshot from each server paints at once, marked as cached, until it answers.
        for member in fleet.members {
            guard let cached = try? store?.lastSnapshot(server: member.client.serverName) else { continue }
            if fleet.isMerged {
                mailbox.post(.event(.serverCachedSnapshotLoaded(
                    server: member.name, requests: cached.requests.map { $0.scoped(member.scope) },
                    executions: cached.executions.map { $0.scoped(member.scope) }, savedAt: cached.fetchedAt)))
            } else {
                mailbox.post(.event(.cachedSnapshotLoaded(
                    requests: cached.requests, executions: cached.executions, savedAt: cached.fetchedAt)))
            }
        }
        var feeders: [Task<Void, Never>] = []
        for member in fleet.members {
            feeders.append(Task { await feed(member) })
            feeders.append(Task { await feedPush(member) })
        }
        Task { [client = fleet.primary.client, mailbox] in
            if let user = try? await client.currentUser() { mailbox.post(.event(.signedIn(user))) }
        }
        for member in fleet.members {
            await member.poller.start()
            await member.push?.start()
        }
        let ending = await withCheckedContinuation { (continuation: CheckedContinuation<Ending, Never>) in
            let thread = Thread { [self] in
                continuation.resume(returning: runTerminal())
            }
            thread.name = "approval-tui terminal"
            thread.start()
        }
        ShutdownWatchdog.arm(for: ending)
        for feeder in feeders { feeder.cancel() }
        for member in fleet.members {
            await member.push?.stop()
            await member.poller.stop()
        }
        return ending
    }

    /// The terminal thread's body: owns curses from start to end.
    private func runTerminal() -> Ending {
        // Declared first so it runs last: after curses has given the terminal back.
        var unsentNotice: String?
        defer { if let unsentNotice { printError(unsentNotice) } }
        SignalWatcher.install(wakeFD: mailbox.wakeFD)
        defer { SignalWatcher.uninstall() }
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(environment: environment, theme: theme, useColour: options.useColour)
        } catch {
            return .failed(error.description)
        }
        defer { terminal.close() }
        var state = ConsoleState(
            serverName: fleet.isMerged ? fleet.members.map(\.name).joined(separator: " + ") : fleet.primary.client.serverName,
            isReadOnly: readOnly, keymap: keymap, themeName: themeName, size: terminal.size,
            now: options.now(), timeZone: .current, afterDecision: afterDecision, undoSeconds: undoSeconds,
            servers: fleet.stateNames, journalNames: fleet.members.map(\.client.serverName))
        state.onboarding = onboarding
        let effects = EffectInterpreter(environment: EffectEnvironment(
            surface: terminal, fleet: fleet, store: store, storeError: storeError, mailbox: mailbox,
            options: options))
        defer {
            effects.cancelAll()
            unsentNotice = effects.abandonHeldDecisions()
        }
        effects.fetchPolicies()  // the queue shows policy names, not ids
        // The rules once at start: a rule this console made on a server that keeps no expiry
        // (Preloop) is revoked once past the expiry written into it, even after a restart.
        if !readOnly { _ = effects.perform([.fetchRules], state: &state) }
        let loop = ConsoleLoop(terminal: terminal, state: state, mailbox: mailbox, effects: effects, options: options)
        switch loop.run() {
        case .quit: return .quit
        case .signal(let number): return .signal(number)
        case .terminalLost: return .terminalLost
        case .switchServer(let name): return .switchServer(name)
        }
    }

    /// Turns one server's poller updates into console events and Notifier decisions (see
    /// ``SnapshotFeed``). With several servers the events name the server and carry its ids
    /// qualified; an unchanged answer reuses the qualified lists of the last one.
    private func feed(_ member: FleetMember) async {
        var feed = SnapshotFeed(
            store: store, client: member.client, notifier: notifiers[member.name], startedAt: options.now(), now: options.now)
        var trim = HeapTrim()
        var scoped: (raw: QueueSnapshot, requests: [ApprovalRequest], executions: [FlowExecution])?
        for await update in member.poller.updates {
            if fleet.isMerged {
                switch update {
                case .snapshot(let snapshot):
                    if scoped?.raw.requests != snapshot.requests || scoped?.raw.executions != snapshot.executions {
                        scoped = (snapshot, snapshot.requests.map { $0.scoped(member.scope) },
                                  snapshot.executions.map { $0.scoped(member.scope) })
                    }
                    mailbox.post(.event(.serverSnapshotArrived(
                        server: member.name, requests: scoped!.requests, executions: scoped!.executions, at: snapshot.fetchedAt)))
                case .state(let state):
                    mailbox.post(.event(.serverConnectionChanged(server: member.name, state)))
                }
            } else {
                mailbox.post(.event(.poller(update)))
            }
            guard case .snapshot(let snapshot) = update else { continue }
            let reaction = await feed.take(snapshot)
            trim.afterSnapshot(changed: reaction.changed, now: options.now())
            if let notice = reaction.notice { mailbox.post(.event(.notice(notice, isError: false))) }
            if let ring = reaction.ring { mailbox.post(.notify(ring)) }
            if reaction.holdsRings, let notifier = notifiers[member.name] {
                Task { [notifier, mailbox, options] in
                    try? await Task.sleep(for: .milliseconds(1100))
                    let held = await notifier.flushHeld(at: options.now())
                    if held.shouldRing { mailbox.post(.notify(held)) }
                }
            }
        }
    }
}

/// Files that ship with the program (themes), found next to the executable or in the checkout.
enum BundledFiles {
    /// The bundled `themes/` folder: `$APPROVAL_TUI_THEMES`, else the nearest `themes/` holding
    /// `default.toml` above the executable (a checkout's `.build/debug/` or an install's `share/`).
    static func themes(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let configured = environment["APPROVAL_TUI_THEMES"], !configured.isEmpty { return configured }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<6 {
            for candidate in ["themes", "share/approval-tui/themes"] {
                let path = directory.appendingPathComponent(candidate).path
                if FileManager.default.fileExists(atPath: path + "/default.toml") { return path }
            }
            directory.deleteLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath + "/themes"
    }
}

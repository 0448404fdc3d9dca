import ApprovalClient
import ApprovalModel
import ApprovalPush
import ApprovalViewModels
import Foundation
import ProcessSupport

/// Everything one console run needs, built by the command and run on a thread of its own.
struct ConsoleSession: Sendable {
    let client: PreloopClient
    let store: LocalStore?
    /// Why the local store did not open, when it did not.
    let storeError: StoreError?
    let poller: Poller
    /// The unified websocket, when there is a token to authenticate it; nil polls only.
    let push: PushListener?
    /// The configured poll interval, used whenever push is not live.
    let pollInterval: Duration
    let notifier: Notifier?
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

    /// Builds the session: local store, poller, notifier and theme. Nothing touches the terminal yet.
    static func prepare(
        client: PreloopClient, resolved: ResolvedConfiguration, environment: [String: String], themeName: String?,
        readOnly: Bool, notify: NotifyMode, onboarding: Onboarding? = nil
    ) throws -> ConsoleSession {
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
        let poller = Poller(
            schedule: PollSchedule(interval: resolved.pollInterval), clock: ContinuousClock(), now: now,
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
        let token = resolved.token?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let push = token.isEmpty ? nil : PushListener(serverURL: client.serverURL, token: token, clock: ContinuousClock())
        return ConsoleSession(
            client: client, store: store, storeError: storeError, poller: poller, push: push,
            pollInterval: resolved.pollInterval,
            notifier: store.map { Notifier(store: $0, server: client.serverName) }, mailbox: Mailbox(),
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
            readOnly: readOnly, keymap: keymap, afterDecision: resolved.afterDecision, undoSeconds: resolved.undoSeconds,
            environment: environment,
            onboarding: onboarding)
    }

    /// Starts the background work, runs the terminal loop on its own thread, and cleans up.
    func run() async -> Ending {
        // Held decisions of a console that stopped in its undo window were never sent: a live
        // console sends or settles its own within a minute, so older ones are settled as not sent.
        try? store?.settleAbandonedHolds(at: options.now())
        // The last snapshot from this server paints at once, marked as cached, until the server answers.
        if let cached = try? store?.lastSnapshot(server: client.serverName) {
            mailbox.post(.event(.cachedSnapshotLoaded(
                requests: cached.requests, executions: cached.executions, savedAt: cached.fetchedAt)))
        }
        let feeder = Task { await feed() }
        let pushFeeder = Task { await feedPush() }
        Task { [client, mailbox] in
            if let user = try? await client.currentUser() { mailbox.post(.event(.signedIn(user))) }
        }
        await poller.start()
        await push?.start()
        let ending = await withCheckedContinuation { (continuation: CheckedContinuation<Ending, Never>) in
            let thread = Thread { [self] in
                continuation.resume(returning: runTerminal())
            }
            thread.name = "approval-tui terminal"
            thread.start()
        }
        ShutdownWatchdog.arm(for: ending)
        feeder.cancel()
        pushFeeder.cancel()
        await push?.stop()
        await poller.stop()
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
            serverName: client.serverName, isReadOnly: readOnly, keymap: keymap, themeName: themeName, size: terminal.size,
            now: options.now(), timeZone: .current, afterDecision: afterDecision, undoSeconds: undoSeconds)
        state.onboarding = onboarding
        let effects = EffectInterpreter(environment: EffectEnvironment(
            surface: terminal, client: client, poller: poller, store: store, storeError: storeError, mailbox: mailbox,
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

    /// Turns poller updates into console events and Notifier decisions (see ``SnapshotFeed``).
    private func feed() async {
        var feed = SnapshotFeed(store: store, client: client, notifier: notifier, startedAt: options.now(), now: options.now)
        var trim = HeapTrim()
        for await update in poller.updates {
            mailbox.post(.event(.poller(update)))
            guard case .snapshot(let snapshot) = update else { continue }
            let reaction = await feed.take(snapshot)
            trim.afterSnapshot(changed: reaction.changed, now: options.now())
            if let notice = reaction.notice { mailbox.post(.event(.notice(notice, isError: false))) }
            if let ring = reaction.ring { mailbox.post(.notify(ring)) }
            if reaction.holdsRings, let notifier {
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

import ApprovalClient
import ApprovalModel
import ApprovalViewModels
import Foundation

/// The one place the console's effects run, over an injected ``EffectEnvironment``.
///
/// It runs on the terminal thread: effects that touch the terminal or the state (quit, bell,
/// theme, server switch, announcing a ring) happen at once; those that need the network or the
/// disk start a task and post their result back to the loop through the mailbox as an event.
final class EffectInterpreter {
    /// What running a batch of effects asks of the loop.
    struct Outcome: Equatable {
        /// How the loop ends, when an effect ends it (effects after it are not run).
        var ending: ConsoleLoop.Ending?
        /// The theme changed: the next frame must be painted whole.
        var repaintsAll = false
    }

    let environment: EffectEnvironment
    private let lock = NSLock()
    private var logTasks: [String: Task<Void, Never>] = [:]
    /// Journal ids of the decisions held in the undo window, by request id, and their tool names.
    private var heldJournal: [String: (journalID: Int64?, toolName: String)] = [:]

    init(environment: EffectEnvironment) {
        self.environment = environment
    }

    /// Runs `effects` in order. Those answered at once update `state` here; the rest answer later
    /// through the mailbox.
    func perform(_ effects: [Effect], state: inout ConsoleState) -> Outcome {
        var outcome = Outcome()
        for effect in effects {
            switch effect {
            case .quit:
                outcome.ending = .quit
                return outcome
            case .holdDecisions(let decisions):
                hold(decisions)
            case .undoDecisions(let ids):
                settleHeld(ids, as: .undone, note: "taken back with u during the undo window; nothing was sent")
            case .switchServer(let name):
                if let problem = environment.options.checkProfile(name) {
                    _ = state.update(.notice(problem, isError: true))
                } else {
                    outcome.ending = .switchServer(name)
                    return outcome
                }
            case .ringBell:
                if environment.options.bell { environment.surface.bell() }
            case .loadTheme(let name):
                do {
                    let theme = try environment.options.themes.load(named: name)
                    environment.surface.use(theme: theme, useColour: environment.options.useColour)
                    environment.surface.prepareFullRepaint()
                    outcome.repaintsAll = true
                    _ = state.update(.themeChanged(.success(name)))
                } catch {
                    _ = state.update(.themeChanged(.failure(error)))
                }
            case .fetchQueue:
                for member in environment.fleet.members {
                    Task { [poller = member.poller] in await poller.refreshNow() }
                }
            case .decide(let ids, let verdict, let comment):
                let names = Self.toolNames(of: ids, in: state)
                for id in ids {
                    let held = takeHeld(id)
                    decide(id: id, toolName: names[id] ?? held?.toolName ?? "", verdict: verdict, comment: comment,
                           heldJournalID: held?.journalID)
                }
            case .fetchPolicies:
                fetchPolicies()
            case .fetchHistory:
                gather("history", { member async throws(ClientError) in
                    try await member.client.decidedRequests().map { $0.scoped(member.scope) }
                }, as: ConsoleEvent.historyLoaded)
            case .createAllowRule(let draft):
                answer(on: draft.requestID, { member, rawID async throws(ClientError) in
                    var own = draft
                    own.requestID = rawID
                    own.configurationID = member.scope.raw(draft.configurationID) ?? draft.configurationID
                    return try await member.client.createAllowRule(own).scoped(member.scope)
                }, as: { .allowRuleFinished(draft, $0) })
            case .fetchRules:
                gather("rules", { member async throws(ClientError) in
                    try await member.client.allAccessRules().map { $0.scoped(member.scope) }
                }, as: ConsoleEvent.rulesLoaded)
            case .revokeRule(let id):
                answer(on: id, { member, rawID async throws(ClientError) in try await member.client.deleteAccessRule(id: rawID) },
                       as: { result in
                           if case .failure(let error) = result { return .ruleRevoked(id: id, error: error) }
                           return .ruleRevoked(id: id, error: nil)
                       })
            case .followLogs(let executionID):
                follow(executionID)
            case .unfollowLogs(let executionID):
                lock.lock()
                logTasks.removeValue(forKey: executionID)?.cancel()
                lock.unlock()
            case .stopExecution(let executionID):
                answer(on: executionID, { member, rawID async throws(ClientError) in
                    _ = try await member.client.stopExecution(id: rawID)
                }, as: { result in
                    if case .failure(let error) = result { return .stopFinished(executionID: executionID, error: error) }
                    return .stopFinished(executionID: executionID, error: nil)
                })
            case .loadJournal:
                Task { [store = environment.store, storeError = environment.storeError, mailbox = environment.mailbox,
                        options = environment.options] in
                    let result: Result<[JournalEntry], StoreError>
                    if let store {
                        // Holds left by a console that died are settled before they are shown.
                        try? store.settleAbandonedHolds(at: options.now())
                        do throws(StoreError) { result = .success(try store.journal(limit: 500)) } catch { result = .failure(error) }
                    } else {
                        result = .failure(storeError ?? .noStateDirectory)
                    }
                    mailbox.post(.event(.journalLoaded(result)))
                }
            }
        }
        return outcome
    }

    /// What the Notifier decided reaches the approver: the bell and/or a desktop notification,
    /// as `--notify` says (`--no-bell` removes the bell).
    func announce(_ decision: NotifierDecision) {
        guard decision.shouldRing else { return }
        let options = environment.options
        if options.bell { environment.surface.bell() }
        guard options.desktop,
            let notification = DesktopNotification(items: decision.items, isInitialBacklog: decision.isInitialBacklog)
        else { return }
        switch options.channel {
        case .osc777, .osc9:
            if let sequence = options.channel.escapeSequence(for: notification) { environment.surface.writeRaw(sequence) }
        case .notifySend(let path):
            environment.launch([path] + NotificationChannel.notifySendArguments(for: notification))
        case .unavailable:
            break
        }
    }

    /// The tool names the journal entries of a decision record, from the queue on screen.
    static func toolNames(of ids: [String], in state: ConsoleState) -> [String: String] {
        let wanted = Set(ids)
        var names: [String: String] = [:]
        for request in state.queue.requests where wanted.contains(request.id) { names[request.id] = request.toolName }
        return names
    }

    /// Loads the policies (the queue shows policy names, not ids); answers `.policiesLoaded`.
    func fetchPolicies() {
        gather("policies", { member async throws(ClientError) in
            try await member.client.policies().map { $0.scoped(member.scope) }
        }, as: ConsoleEvent.policiesLoaded)
    }

    /// Asks every server at once and posts the joined answer; a server that did not answer while
    /// others did is named on the status line after it.
    private func gather<Item: Sendable>(
        _ what: String, _ work: @escaping @Sendable (FleetMember) async throws(ClientError) -> [Item],
        as event: @escaping @Sendable (Result<[Item], ClientError>) -> ConsoleEvent
    ) {
        Task { [fleet = environment.fleet, mailbox = environment.mailbox] in
            let answer = await fleet.gather(work)
            mailbox.post(.event(event(answer.result)))
            if let notice = answer.partialNotice(what) { mailbox.post(.event(.notice(notice, isError: true))) }
        }
    }

    /// Runs `work` on the server that owns `id`, with that server's own id, and posts the result.
    private func answer<Value: Sendable>(
        on id: String, _ work: @escaping @Sendable (FleetMember, String) async throws(ClientError) -> Value,
        as event: @escaping @Sendable (Result<Value, ClientError>) -> ConsoleEvent
    ) {
        switch environment.fleet.routeOrFail(id) {
        case .failure(let error):
            environment.mailbox.post(.event(event(.failure(error))))
        case .success(let (member, rawID)):
            answer({ () async throws(ClientError) in try await work(member, rawID) }, as: event)
        }
    }

    /// Runs `work` in a task and posts its result, success or failure, as the event `event` makes.
    private func answer<Value: Sendable>(
        _ work: @escaping @Sendable () async throws(ClientError) -> Value,
        as event: @escaping @Sendable (Result<Value, ClientError>) -> ConsoleEvent
    ) {
        Task { [mailbox = environment.mailbox] in
            do throws(ClientError) {
                mailbox.post(.event(event(.success(try await work()))))
            } catch {
                mailbox.post(.event(event(.failure(error))))
            }
        }
    }

    /// Journals decisions entering the undo window as held, at once: a crash in the window
    /// leaves them in the journal, and the next start settles them as not sent.
    private func hold(_ decisions: [HeldDecision]) {
        let store = environment.store, fleet = environment.fleet, now = environment.options.now()
        let journalIDs = decisions.map { decision -> Int64? in
            guard let (member, rawID) = fleet.route(decision.requestID) else { return nil }
            return try? store?.beginDecision(
                requestID: rawID, toolName: decision.toolName, verdict: decision.verdict,
                comment: decision.comment, server: member.client.serverName, at: now, held: true)
        }
        // The lock guards the table only; the journal writes above are not done under it.
        lock.lock()
        defer { lock.unlock() }
        for (decision, journalID) in zip(decisions, journalIDs) {
            heldJournal[decision.requestID] = (journalID, decision.toolName)
        }
    }

    /// The held journal entry of `id`, removed: it is being sent or settled now.
    private func takeHeld(_ id: String) -> (journalID: Int64?, toolName: String)? {
        lock.lock()
        defer { lock.unlock() }
        return heldJournal.removeValue(forKey: id)
    }

    /// Completes the held entries of `ids` with `outcome` (taken back, or not sent at quit).
    private func settleHeld(_ ids: [String], as outcome: JournalOutcome, note: String) {
        let now = environment.options.now()
        for id in ids {
            guard let held = takeHeld(id), let journalID = held.journalID else { continue }
            try? environment.store?.completeDecision(journalID, outcome: outcome, errorText: note, at: now)
        }
    }

    /// The console is ending with decisions still in their undo window: they are not sent, the
    /// journal says so, and the returned line (nil when there were none) tells the approver.
    func abandonHeldDecisions() -> String? {
        lock.lock()
        let held = heldJournal
        lock.unlock()
        guard !held.isEmpty else { return nil }
        settleHeld(Array(held.keys), as: .notSent, note: "the console quit during the undo window; nothing was sent")
        let names = held.values.map(\.toolName).sorted().map { PlainText.line($0) }
        return "\(held.count == 1 ? "1 decision was" : "\(held.count) decisions were") not sent "
            + "(quit during the undo window): \(names.joined(separator: ", ")); decide again in the console"
    }

    /// Records the decision in the journal before sending it (or marks its held entry sent),
    /// sends it, and completes the entry.
    private func decide(id: String, toolName: String, verdict: Verdict, comment: String?, heldJournalID: Int64?) {
        guard let (member, rawID) = environment.fleet.route(id) else {
            environment.mailbox.post(.event(.decisionFinished(requestID: id, .failure(.rejected(
                detail: "not sent: no server in this console owns this request")))))
            return
        }
        Task { [client = member.client, scope = member.scope, store = environment.store, mailbox = environment.mailbox,
                now = environment.options.now] in
            let journalID: Int64?
            if let heldJournalID {
                do throws(StoreError) {
                    try store?.sendHeldDecision(heldJournalID)
                } catch .unknownDecision {
                    // Settled already (another console called it not sent, after this one stalled
                    // past its window): the journal says nothing was sent, so nothing is.
                    mailbox.post(.event(.decisionFinished(requestID: id, .failure(.rejected(
                        detail: "not sent: the journal had already recorded this held decision as not sent")))))
                    return
                } catch {
                    // The journal could not be written: send all the same, and complete the entry after.
                }
                journalID = heldJournalID
            } else {
                journalID = try? store?.beginDecision(
                    requestID: rawID, toolName: toolName, verdict: verdict, comment: comment, server: client.serverName,
                    at: now())
            }
            do throws(ClientError) {
                let updated = try await client.decide(id: rawID, verdict: verdict, comment: comment).scoped(scope)
                if let journalID {
                    let outcome: JournalOutcome = switch updated.status {
                    case .approved: .approved
                    case .declined: .declined
                    default: .voteRecorded
                    }
                    try? store?.completeDecision(journalID, outcome: outcome, at: now())
                }
                mailbox.post(.event(.decisionFinished(requestID: id, .success(updated))))
            } catch {
                if let journalID {
                    let outcome: JournalOutcome = switch error {
                    case .alreadyDecided: .alreadyDecided
                    case .unreachable, .timedOut: .unknown
                    default: .failed
                    }
                    try? store?.completeDecision(journalID, outcome: outcome, errorText: error.description, at: now())
                }
                mailbox.post(.event(.decisionFinished(requestID: id, .failure(error))))
            }
        }
    }

    /// Polls the execution's log, sending only lines not sent before. A server that honours
    /// `skip` (it answers with `has_more`) is read in chunks; one that ignores it (Preloop's seed)
    /// sends everything each time and the new tail is sliced off.
    private func follow(_ executionID: String) {
        guard let (member, rawID) = environment.fleet.route(executionID) else { return }
        let task = Task { [client = member.client, mailbox = environment.mailbox] in
            var delivered = 0
            while !Task.isCancelled {
                var more = false
                if let page = try? await client.executionLogs(
                    id: rawID, skip: delivered > 0 ? delivered : nil, limit: 5000)
                {
                    if let hasMore = page.hasMore {
                        if !page.logs.isEmpty {
                            mailbox.post(.event(.logLines(executionID: executionID, page.logs)))
                            delivered += page.logs.count
                        }
                        more = hasMore
                    } else if page.logs.count > delivered {
                        mailbox.post(.event(.logLines(executionID: executionID, Array(page.logs[delivered...]))))
                        delivered = page.logs.count
                    }
                }
                if !more { try? await Task.sleep(for: .seconds(1)) }
            }
        }
        lock.lock()
        logTasks.updateValue(task, forKey: executionID)?.cancel()
        lock.unlock()
    }

    /// Cancels every log follower.
    func cancelAll() {
        lock.lock()
        for task in logTasks.values { task.cancel() }
        logTasks.removeAll()
        lock.unlock()
    }
}

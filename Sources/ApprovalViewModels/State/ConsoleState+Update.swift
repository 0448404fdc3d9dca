import ApprovalModel
import Foundation

extension ConsoleState {
    /// Applies one event and returns the effects the event loop must run. The only way state changes.
    public mutating func update(_ event: ConsoleEvent) -> [Effect] {
        let effects = apply(event)
        // A tick moves the clock, never a row: the once-a-second tick of a 10,000-request queue
        // need not map every visible id to find the focus where it was.
        switch event {
        case .tick, .drawn: return effects
        default: break
        }
        keepFocusInView()
        return effects
    }

    private mutating func apply(_ event: ConsoleEvent) -> [Effect] {
        switch event {
        case .key(let key):
            return handle(key)
        case .resized(let newSize):
            size = newSize
            return []
        case .drawn(let limits):
            scrollLimits = limits
            if let limit = limits.detail { detail.scroll = min(detail.scroll, limit) }
            if let limit = limits.help { helpScroll = min(helpScroll, limit) }
            return []
        case .tick(let time):
            now = time
            return releaseDueDecisions() + checkWrittenExpiry()
        case .snapshotArrived(let newRequests, let newExecutions, let time):
            return applySnapshot(newRequests, newExecutions, at: time) + checkWrittenExpiry()
        case .cachedSnapshotLoaded(let cachedRequests, let cachedExecutions, let savedAt):
            guard !queue.hasLoaded else { return [] }
            replaceRequests(cachedRequests.filter { $0.status.isPending })
            flows.replace(with: cachedExecutions)
            queue.seenRequestIDs.formUnion(queue.requests.map(\.id))
            queue.cachedSavedAt = savedAt
            return []
        case .serverSnapshotArrived(let server, let newRequests, let newExecutions, let time):
            guard let index = fleet.index(of: server) else { return [] }
            let member = fleet.members[index]
            if member.isLive, member.cachedSavedAt == nil, member.requests == newRequests, member.executions == newExecutions {
                // The same lists as this server's last answer (the feed hands back the very same
                // arrays, which compare at once): nothing to merge, sort or draw again.
                now = max(now, time)
                return checkWrittenExpiry()
            }
            fleet.members[index].requests = newRequests
            fleet.members[index].executions = newExecutions
            fleet.members[index].cachedSavedAt = nil
            if !fleet.members[index].isLive { fleet.members[index].connection = .live(since: time) }
            let effects = applySnapshot(fleet.mergedRequests, fleet.mergedExecutions, at: time)
            connection = fleet.aggregate
            return effects + checkWrittenExpiry()
        case .serverCachedSnapshotLoaded(let server, let cachedRequests, let cachedExecutions, let savedAt):
            guard let index = fleet.index(of: server), fleet.members[index].connection == .connecting else { return [] }
            fleet.members[index].requests = cachedRequests.filter { $0.status.isPending }
            fleet.members[index].executions = cachedExecutions
            fleet.members[index].cachedSavedAt = savedAt
            replaceRequests(fleet.mergedRequests)
            flows.replace(with: fleet.mergedExecutions)
            queue.seenRequestIDs.formUnion(fleet.members[index].requests.map(\.id))
            return []
        case .serverConnectionChanged(let server, let newState):
            guard let index = fleet.index(of: server) else { return [] }
            fleet.members[index].connection = newState
            connection = fleet.aggregate
            recordError(of: newState)
            return []
        case .serverPushChanged(let server, let isLive, let time):
            guard let index = fleet.index(of: server) else { return [] }
            fleet.members[index].isPushLive = isLive
            isPushLive = fleet.members.allSatisfy { $0.isPushLive || !$0.isLive } && fleet.members.contains { $0.isPushLive }
            now = max(now, time)
            return []
        case .fetchFailed(let error, let time):
            now = max(now, time)
            lastServerError = ServerErrorRecord(error: error, at: time)
            switch connection {
            case .connecting, .live: connection = .failing(since: time, lastError: error, attempts: 1)
            case .failing(let since, _, let attempts): connection = .failing(since: since, lastError: error, attempts: attempts + 1)
            case .offline(let since, _): connection = .offline(since: since, lastError: error)
            }
            return []
        case .connectionChanged(let newState):
            connection = newState
            recordError(of: newState)
            return []
        case .pushConnectionChanged(let isLive, let time):
            isPushLive = isLive
            now = max(now, time)
            return []
        case .signedIn(let user):
            userName = user.username
            return []
        case .decisionFinished(let requestID, let result):
            // The journal entry was completed before this event was posted: an open journal re-reads it.
            return finishDecision(requestID, result) + (screen == .journal ? [.loadJournal] : [])
        case .policiesLoaded(.success(let loaded)):
            policies.load(loaded)
            resortRequests()
            return []
        case .policiesLoaded(.failure(let error)):
            status = StatusMessage("policies could not be loaded: \(error.description)", kind: .error)
            return []
        case .historyLoaded(let result):
            history.apply(result)
            return []
        case .allowRuleFinished(let draft, let result):
            return finishAllowRule(draft, result)
        case .rulesLoaded(let result):
            return applyRules(result)
        case .ruleRevoked(let id, let error):
            return finishRevoke(id, error)
        case .journalLoaded(let result):
            journal.apply(result)
            return []
        case .flowsLoaded(let loaded):
            flows.definitions = loaded
            return []
        case .logLines(let executionID, let entries):
            appendLog(entries, to: executionID)
            return []
        case .stopFinished(let executionID, let error):
            let name = flows.flowName(of: executionID) ?? executionID
            status = error.map { StatusMessage("stop failed for \(name): \($0.description)", kind: .error) }
                ?? StatusMessage("stop sent to \(name)")
            return error == nil ? [.fetchQueue] : []
        case .themeChanged(.success(let name)):
            themeName = name
            status = StatusMessage("theme \(name)")
            return []
        case .themeChanged(.failure(let error)):
            status = StatusMessage(error.description, kind: .error)
            return []
        case .notice(let text, let isError):
            status = StatusMessage(text, kind: isError ? .error : .info)
            return []
        }
    }

    /// Keeps a connection's new error (a server's, or the one server's) for `?` and `:status`,
    /// dated from when the failures began.
    private mutating func recordError(of newState: ConnectionState) {
        if let error = newState.lastError, error != lastServerError?.error {
            lastServerError = ServerErrorRecord(error: error, at: max(now, newState.failingSince ?? now))
        }
    }

    private mutating func applySnapshot(_ newRequests: [ApprovalRequest], _ newExecutions: [FlowExecution], at time: Date) -> [Effect] {
        now = max(now, time)
        let wasLoaded = queue.hasLoaded
        let wasLive = connection.isLive
        if wasLoaded, let applied = queue.appliedSnapshot, applied.requests == newRequests, applied.executions == newExecutions {
            // The same lists as last time (the same arrays when a tagged server said "unchanged"):
            // nothing to filter, sort or compare again. Equal but other arrays (two walks that
            // crossed) are kept instead, so the next unchanged answer compares one buffer.
            queue.appliedSnapshot = QueueState.AppliedSnapshot(requests: newRequests, executions: newExecutions)
            queue.cachedSavedAt = nil
            if !wasLive {
                connection = .live(since: time)
                lastRefresh = time
            }
            return []
        }
        queue.appliedSnapshot = QueueState.AppliedSnapshot(requests: newRequests, executions: newExecutions)
        let (oldRequests, oldExecutions) = (queue.requests, flows.executions)
        // The list is usually all pending already: no copy of 10,000 requests to find that out.
        let pending = newRequests.allSatisfy(\.status.isPending) ? newRequests : newRequests.filter(\.status.isPending)
        let hasFresh = pending.contains { !queue.seenRequestIDs.contains($0.id) }
        queue.seenRequestIDs.formUnion(pending.lazy.map(\.id))
        replaceRequests(pending)
        flows.replace(with: newExecutions)
        queue.hasLoaded = true
        queue.cachedSavedAt = nil
        if !connection.isLive { connection = .live(since: time) }
        // An unchanged answer while live moves nothing on screen, so an idle console writes nothing.
        if !wasLoaded || !wasLive || queue.requests != oldRequests || flows.executions != oldExecutions { lastRefresh = time }
        if screen == .detail, detail.origin != .history, let id = detail.requestID,
            !queue.requests.contains(where: { $0.id == id })
        {
            leaveDetail(saying: "that request is no longer pending (decided elsewhere or withdrawn)")
        }
        if case .allowSimilar(let chooser) = input, !queue.requests.contains(where: { $0.id == chooser.requestID }) {
            input = .none
            status = StatusMessage("allow similar closed: that request is no longer pending (decided elsewhere or withdrawn)")
        }
        return wasLoaded && hasFresh && ringsOnNewRequests ? [.ringBell] : []
    }

    private mutating func finishDecision(_ requestID: String, _ result: Result<ApprovalRequest, ClientError>) -> [Effect] {
        queue.decidingRequestIDs.remove(requestID)
        // A poll may have taken the request off the queue while the decision was in flight; the
        // server's answer still names the tool.
        let queued = queue.requests.first { $0.id == requestID }?.toolName
        var name = queued ?? requestID
        switch result {
        case .success(let decided):
            name = queued ?? decided.toolName
            if decided.status.isPending {
                status = StatusMessage("vote recorded for \(name); more approvals needed")
                return []
            }
            status = StatusMessage("\(decided.status.rawValue) \(name)")
            removeRequest(requestID)
        case .failure(.alreadyDecided(let other)):
            status = StatusMessage("\(name) was already decided elsewhere: it is \(other.rawValue)")
            removeRequest(requestID)
        case .failure(let error):
            status = StatusMessage("could not decide \(name): \(error.description)", kind: .error)
        }
        return []
    }

    private mutating func removeRequest(_ id: String) {
        // Its server's last list too: another server's answer rebuilds the queue from the lists,
        // and a decided request must not come back as pending (and be decided again).
        for index in fleet.members.indices { fleet.members[index].requests.removeAll { $0.id == id } }
        replaceRequests(queue.requests.filter { $0.id != id })
        if screen == .detail, detail.requestID == id { leaveDetail(saying: nil) }
    }

    mutating func leaveDetail(saying message: String?) {
        screen = detail.close()
        if case .confirm = input { input = .none }
        if case .comment = input { input = .none }
        if case .allowSimilar = input { input = .none }
        if let message { status = StatusMessage(message) }
    }

    private mutating func appendLog(_ entries: [LogEntry], to executionID: String) {
        guard var view = flows.log, view.executionID == executionID else { return }
        for entry in entries {
            guard let text = entry.text else { continue }
            for part in text.split(separator: "\n", omittingEmptySubsequences: false) {
                view.lines.append(LogLine(text: String(part), timestamp: entry.timestamp))
            }
        }
        view.top = max(view.top, view.lines.firstNumber)
        flows.log = view
    }
}

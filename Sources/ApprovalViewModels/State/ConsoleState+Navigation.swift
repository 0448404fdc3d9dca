import ApprovalModel

extension ConsoleState {
    /// Rows the log and detail views show (the screen minus title, status and hint lines).
    var logViewHeight: Int { max(1, ConsoleFrame(size: size).body.height) }

    mutating func move(by delta: Int) {
        switch screen {
        case .queue: queue.move(by: delta)
        case .detail:
            guard detailRequest != nil else { return }
            detail.scroll = ScrollLimits.move(detail.scroll, by: delta, limit: scrollLimits.detail)
        case .policies: policies.move(by: delta)
        case .flows: flows.move(by: delta)
        case .log: scrollLog(by: delta)
        case .journal: journal.move(by: delta)
        case .history: history.move(by: delta)
        case .rules: rules.move(by: delta)
        }
    }

    mutating func open() -> [Effect] {
        switch screen {
        case .queue:
            guard let request = queue.focusedRequest else { return [] }
            detail.open(request.id, from: .queue)
            screen = .detail
            return []
        case .journal:
            openJournalEntry()
            return []
        case .history:
            guard let request = history.focusedRequest else { return [] }
            detail.open(request.id, from: .history)
            screen = .detail
            return []
        case .flows:
            guard let execution = flows.focusedExecution else { return [] }
            if flows.log?.executionID != execution.id {
                flows.log = LogViewState(executionID: execution.id, capacity: flows.logCapacity)
            }
            screen = .log
            return [.followLogs(executionID: execution.id)]
        default:
            return []
        }
    }

    /// Opens the focused journal entry's request when it is still in the queue; otherwise says why not.
    mutating func openJournalEntry() {
        guard let entry = journal.focusedEntry else { return }
        let id = fleet.screenID(ofJournaled: entry.requestID, server: entry.server)
        guard queue.requests.contains(where: { $0.id == id }) else {
            status = StatusMessage("\(entry.toolName) is no longer pending; there is nothing to open")
            return
        }
        detail.open(id, from: .journal)
        screen = .detail
    }

    mutating func back() -> [Effect] {
        switch screen {
        case .queue:
            if !queue.selection.filter.isEmpty {
                queue.setFilter("")
            } else if !queue.markedRequestIDs.isEmpty {
                queue.markedRequestIDs = []
                status = StatusMessage("marks cleared")
            }
            return []
        case .detail:
            leaveDetail(saying: nil)
            return screen == .journal ? [.loadJournal] : []
        case .log:
            screen = .flows
            return flows.log.map { [.unfollowLogs(executionID: $0.executionID)] } ?? []
        case .flows, .policies, .journal, .history, .rules:
            screen = .queue
            return []
        }
    }

    mutating func show(_ target: ScreenID) -> [Effect] {
        isHelpVisible = false
        guard target != screen else { return [] }
        var effects: [Effect] = []
        if screen == .log, let log = flows.log { effects.append(.unfollowLogs(executionID: log.executionID)) }
        if screen == .detail { detail = DetailState() }
        screen = target
        if target == .policies && !policies.hasLoaded { effects.append(.fetchPolicies) }
        if target == .journal { effects.append(.loadJournal) }
        if target == .history { effects.append(.fetchHistory) }
        if target == .rules { effects.append(.fetchRules) }
        return effects
    }

    // MARK: Log view

    mutating func scrollLog(by delta: Int) {
        guard var view = flows.log else { return }
        let lastTop = max(view.lines.firstNumber, view.lines.endNumber - logViewHeight)
        let current = view.isFollowing ? lastTop : view.top
        let target = current.addingReportingOverflow(delta)
        view.top = target.overflow ? (delta > 0 ? lastTop : view.lines.firstNumber)
            : min(max(view.lines.firstNumber, target.partialValue), lastTop)
        view.isFollowing = delta > 0 && view.top == lastTop
        flows.log = view
    }

    mutating func toggleFollow() {
        guard var view = flows.log else { return }
        view.isFollowing.toggle()
        if !view.isFollowing { view.top = max(view.lines.firstNumber, view.lines.endNumber - logViewHeight) }
        flows.log = view
        status = StatusMessage(view.isFollowing ? "following" : "paused")
    }

    mutating func jumpToMatch(forward: Bool) {
        guard var view = flows.log, !view.searchTerm.isEmpty else {
            status = StatusMessage("no search: press / to search", kind: .error)
            return
        }
        let start = view.matchNumber.map { $0 + (forward ? 1 : -1) } ?? view.top
        guard let found = view.lines.search(view.searchTerm, from: start, forward: forward) else {
            status = StatusMessage("no line contains \"\(view.searchTerm)\"", kind: .error)
            return
        }
        view.matchNumber = found
        view.isFollowing = false
        let lastTop = max(view.lines.firstNumber, view.lines.endNumber - logViewHeight)
        view.top = min(max(view.lines.firstNumber, found - logViewHeight / 2), lastTop)
        flows.log = view
    }

    // MARK: List scrolling

    /// Scrolls the current list just enough to keep its focused row on screen. The window's height
    /// comes from the same layout the screen is drawn with (`ConsoleFrame` and each screen's parts).
    mutating func keepFocusInView() {
        let body = ConsoleFrame(size: size).body
        switch screen {
        case .queue:
            let rows = QueueTable.rowsArea(of: body, hasBanner: queueBanner != nil)
            queue.keepFocusInView(height: rows.height)
        case .flows:
            flows.keepFocusInView(height: DataTable.rowsArea(of: body).height)
        case .policies:
            policies.keepFocusInView(height: DataTable.rowsArea(of: body).height)
        case .history:
            history.keepFocusInView(height: DataTable.rowsArea(of: body).height)
        case .rules:
            rules.keepFocusInView(height: DataTable.rowsArea(of: body).height)
        case .journal:
            let list = JournalTable.parts(of: body, showsEntry: journal.focusedEntry != nil).list
            journal.keepFocusInView(height: DataTable.rowsArea(of: list).height)
        case .detail, .log:
            return
        }
    }
}

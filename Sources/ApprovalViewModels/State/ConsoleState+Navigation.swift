import ApprovalClient

extension ConsoleState {
    /// Rows the log view shows (the screen minus title, status and hint lines).
    var logViewHeight: Int { max(1, size.rows - 3) }

    mutating func move(by delta: Int) {
        switch screen {
        case .queue:
            focusedRequestID = FocusRule.step(visibleRequests.map(\.id), from: focusedRequestID, by: delta)
        case .detail:
            guard let request = detailRequest else { return }
            let lines = DetailPane.lineCount(state: self, request: request, width: size.columns)
            let maxScroll = max(0, lines - max(1, size.rows - 3))
            detailScroll = FocusRule.clamp(min(detailScroll, maxScroll), by: delta, count: maxScroll + 1)
        case .policies:
            let count = visiblePolicies.count
            guard count > 0 else { return }
            focusedPolicyIndex = FocusRule.clamp(focusedPolicyIndex, by: delta, count: count)
        case .flows:
            focusedExecutionID = FocusRule.step(visibleExecutions.map(\.id), from: focusedExecutionID, by: delta)
        case .log:
            scrollLog(by: delta)
        case .journal:
            moveInJournal(by: delta)
        }
    }

    mutating func open() -> [Effect] {
        switch screen {
        case .queue:
            guard let request = focusedRequest else { return [] }
            detailRequestID = request.id
            detailScroll = 0
            detailOrigin = .queue
            screen = .detail
            return []
        case .journal:
            openJournalEntry()
            return []
        case .flows:
            guard let execution = focusedExecution else { return [] }
            if log?.executionID != execution.id {
                log = LogViewState(executionID: execution.id, capacity: logCapacity)
            }
            screen = .log
            return [.followLogs(executionID: execution.id)]
        default:
            return []
        }
    }

    mutating func back() -> [Effect] {
        switch screen {
        case .queue:
            if !queueFilter.isEmpty {
                queueFilter = ""
                replaceRequests(requests)
            } else if !markedRequestIDs.isEmpty {
                markedRequestIDs = []
                status = StatusMessage("marks cleared")
            }
            return []
        case .detail:
            leaveDetail(saying: nil)
            return screen == .journal ? [.loadJournal] : []
        case .log:
            screen = .flows
            return log.map { [.unfollowLogs(executionID: $0.executionID)] } ?? []
        case .flows, .policies, .journal:
            screen = .queue
            return []
        }
    }

    mutating func show(_ target: ScreenID) -> [Effect] {
        isHelpVisible = false
        guard target != screen else { return [] }
        var effects: [Effect] = []
        if screen == .log, let log { effects.append(.unfollowLogs(executionID: log.executionID)) }
        if screen == .detail {
            detailRequestID = nil
            detailOrigin = .queue
        }
        screen = target
        if target == .policies && !hasLoadedPolicies { effects.append(.fetchPolicies) }
        if target == .journal { effects.append(.loadJournal) }
        return effects
    }

    mutating func toggleMark() {
        guard let id = focusedRequest?.id else { return }
        if markedRequestIDs.contains(id) { markedRequestIDs.remove(id) } else { markedRequestIDs.insert(id) }
        move(by: 1)
    }

    // MARK: Log view

    mutating func scrollLog(by delta: Int) {
        guard var view = log else { return }
        let lastTop = max(view.lines.firstNumber, view.lines.endNumber - logViewHeight)
        let current = view.isFollowing ? lastTop : view.top
        let target = current.addingReportingOverflow(delta)
        view.top = target.overflow ? (delta > 0 ? lastTop : view.lines.firstNumber)
            : min(max(view.lines.firstNumber, target.partialValue), lastTop)
        view.isFollowing = delta > 0 && view.top == lastTop
        log = view
    }

    mutating func toggleFollow() {
        guard var view = log else { return }
        view.isFollowing.toggle()
        if !view.isFollowing { view.top = max(view.lines.firstNumber, view.lines.endNumber - logViewHeight) }
        log = view
        status = StatusMessage(view.isFollowing ? "following" : "paused")
    }

    mutating func jumpToMatch(forward: Bool) {
        guard var view = log, !view.searchTerm.isEmpty else {
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
        log = view
    }

    // MARK: List scrolling

    /// Rows a list screen shows below its header (and the banner the queue may have).
    func listHeight(for screen: ScreenID) -> Int {
        let banner = screen == .queue && (unreachableSince != nil || cachedQueueSavedAt != nil) ? 1 : 0
        let entryPane = screen == .journal && focusedJournalEntry != nil ? JournalTable.entryPaneHeight(body: size.rows - 3) : 0
        return max(1, size.rows - 4 - banner - entryPane)
    }

    /// Scrolls the current list just enough to keep its focused row on screen.
    mutating func keepFocusInView() {
        let focus: Int?, count: Int
        switch screen {
        case .queue:
            let visible = visibleRequests
            focus = visible.firstIndex { $0.id == focusedRequestID }
            count = visible.count
        case .flows:
            let visible = visibleExecutions
            focus = visible.firstIndex { $0.id == focusedExecutionID }
            count = visible.count
        case .policies:
            focus = focusedPolicyIndex
            count = visiblePolicies.count
        case .journal:
            focus = journal.firstIndex { $0.id == focusedJournalID }
            count = journal.count
        case .detail, .log:
            return
        }
        let offset = FocusRule.scroll(listScroll[screen] ?? 0, toShow: focus ?? 0, height: listHeight(for: screen), count: count)
        listScroll[screen] = offset == 0 ? nil : offset
    }
}

import ApprovalModel

extension ConsoleState {
    /// Routes a key: to the open prompt or confirmation, to the help overlay, else via the keymap.
    mutating func handle(_ key: KeyPress) -> [Effect] {
        if key == .control("c") { return [.quit] }
        switch input {
        case .none: break
        case .filter: return editFilter(key)
        case .command(let text): return editCommand(text, key)
        case .search(let text): return editSearch(text, key)
        case .confirm(let action): return answerConfirmation(action, key)
        case .comment(let action, let text): return editComment(action, text, key)
        case .allowSimilar(let chooser): return editChooser(chooser, key)
        }
        status = nil
        if isHelpVisible {
            switch key {
            case .escape, .character("q"), .character("?"):
                isHelpVisible = false
                helpScroll = 0
            case .down, .character("j"), .up, .character("k"):
                let delta = key == .down || key == .character("j") ? 1 : -1
                helpScroll = ScrollLimits.move(helpScroll, by: delta, limit: scrollLimits.help)
            default:
                break
            }
            return []
        }
        guard let binding = keymap.binding(for: key, on: screen) else {
            if let refused = unrestrictedKeymap.binding(for: key, on: screen), let reason = disabledReason(for: refused.action) {
                status = StatusMessage("\(refused.shortSummary): \(reason)", kind: .error)
            }
            return []
        }
        if let reason = disabledReason(for: binding.action) {
            status = StatusMessage("\(binding.shortSummary): \(reason)", kind: .error)
            return []
        }
        return perform(binding.action)
    }

    /// Why `action` cannot run now, or `nil` when it can.
    public func disabledReason(for action: ConsoleAction) -> String? {
        if action.isMutating && isReadOnly { return "read-only session" }
        if screen == .detail, let request = detailRequest, !request.status.isPending,
            [.approve, .deny, .approveWithComment, .denyWithComment, .allowSimilar].contains(action)
        {
            return "this request was already decided (\(request.status.rawValue))"
        }
        switch action {
        case .approve, .deny, .approveWithComment, .denyWithComment:
            let targets = decisionTargets()
            if targets.isEmpty { return "nothing to decide" }
            if targets.allSatisfy(queue.isDeciding) { return "already being decided" }
            if isOffline { return "offline: the server cannot be reached" }
            return nil
        case .allowSimilar:
            guard let id = allowSimilarTarget() else { return "nothing to decide" }
            if queue.isDeciding(id) { return "already being decided" }
            if isOffline { return "offline: the server cannot be reached" }
            return nil
        case .undoDecision:
            return undoRefusal
        case .revokeRule:
            guard let rule = rules.focusedRule else { return "no rule selected" }
            if rule.id == nil { return "the server gave this rule no id" }
            return rules.revokingIDs.contains(RulesState.rowID(rule)) ? "already being revoked" : nil
        case .toggleMark:
            return queue.focusedRequest == nil ? "nothing to mark" : nil
        case .startFilter:
            if screen == .journal { return "the journal has no filter" }
            return screen == .detail ? "nothing to filter here; esc goes back to the queue" : nil
        case .stopExecution:
            let id = screen == .log ? flows.log?.executionID : flows.selection.focusedID
            guard let execution = flows.executions.first(where: { $0.id == id }) else { return "no run selected" }
            return execution.status.isActive ? nil : "the run already ended (\(execution.status.rawValue))"
        default:
            return nil
        }
    }

    /// The requests a deciding key acts on: the detail's request, else the marked ones, else the focused one.
    func decisionTargets() -> [String] {
        if screen == .detail { return detail.requestID.map { [$0] } ?? [] }
        return queue.decisionTargets
    }

    mutating func perform(_ action: ConsoleAction) -> [Effect] {
        if action != .quit { isQuitArmed = false }
        switch action {
        case .moveDown: move(by: 1)
        case .moveUp: move(by: -1)
        case .pageDown: move(by: max(1, size.rows - 6))
        case .pageUp: move(by: -max(1, size.rows - 6))
        case .moveToTop: move(by: Int.min / 2)
        case .moveToBottom: move(by: Int.max / 2)
        case .open: return open()
        case .nextRequest: stepDetail(by: 1)
        case .previousRequest: stepDetail(by: -1)
        case .back: return back()
        case .quit: return requestQuit()
        case .approve: return startDecision(.approve, asksComment: false)
        case .deny: return startDecision(.decline, asksComment: true)
        case .approveWithComment: input = .comment(.decide(decisionTargets(), .approve, asksComment: false), "")
        case .denyWithComment: input = .comment(.decide(decisionTargets(), .decline, asksComment: false), "")
        case .toggleMark: queue.toggleMark()
        case .refresh:
            status = StatusMessage("refreshing…")
            switch screen {
            case .policies: return [.fetchQueue, .fetchPolicies]
            case .journal: return [.fetchQueue, .loadJournal]
            case .history: return [.fetchQueue, .fetchHistory]
            case .rules: return [.fetchQueue, .fetchRules]
            default: return [.fetchQueue]
            }
        case .showHelp: isHelpVisible = true
        case .startFilter: input = .filter
        case .startCommand: input = .command("")
        case .startSearch: input = .search(flows.log?.searchTerm ?? "")
        case .stopExecution:
            if let id = screen == .log ? flows.log?.executionID : flows.selection.focusedID { input = .confirm(.stop(executionID: id)) }
        case .toggleFollow: toggleFollow()
        case .nextMatch: jumpToMatch(forward: true)
        case .previousMatch: jumpToMatch(forward: false)
        case .showQueue: return show(.queue)
        case .showFlows: return show(.flows)
        case .showPolicies: return show(.policies)
        case .showHistory: return show(.history)
        case .showRules: return show(.rules)
        case .allowSimilar: openChooser()
        case .undoDecision: return undoDecision()
        case .revokeRule:
            if let rule = rules.focusedRule, let id = rule.id { input = .confirm(.revokeRule(id: id, toolName: rule.toolName ?? "?")) }
        }
        return []
    }

    private mutating func startDecision(_ verdict: Verdict, asksComment: Bool) -> [Effect] {
        let targets = decisionTargets()
        let bulk = screen != .detail && !queue.markedRequestIDs.isEmpty
        if verdict == .approve && !bulk { return decide(targets, .approve, comment: nil) }
        input = .confirm(.decide(targets, verdict, asksComment: asksComment))
        return []
    }

    /// Sends a decision: marks the requests in flight and clears their marks. With an undo
    /// window (and `holding`), the decision is held instead and sent when the window passes.
    mutating func decide(_ ids: [String], _ verdict: Verdict, comment: String?, holding: Bool = true) -> [Effect] {
        let ids = ids.filter { !queue.isDeciding($0) }
        guard !ids.isEmpty else { return [] }
        queue.markedRequestIDs.subtract(ids)
        if holding && undoSeconds > 0 {
            let effects = hold(ids, verdict, comment: comment)
            if ids == [detail.requestID] { moveOnAfterDecision(from: ids[0]) }
            return effects
        }
        queue.decidingRequestIDs.formUnion(ids)
        let what = ids.count == 1 ? (queue.requests.first { $0.id == ids[0] }?.toolName ?? ids[0]) : "\(ids.count) requests"
        status = StatusMessage("\(verdict == .approve ? "approving" : "denying") \(what)…")
        if ids == [detail.requestID] { moveOnAfterDecision(from: ids[0]) }
        return [.decide(ids, verdict, comment: comment)]
    }

    private mutating func answerConfirmation(_ action: PendingAction, _ key: KeyPress) -> [Effect] {
        input = .none
        guard key == .character("y") || key == .character("Y") else {
            status = StatusMessage("cancelled")
            return []
        }
        switch action {
        case .decide(let ids, let verdict, let asksComment):
            if asksComment {
                input = .comment(.decide(ids, verdict, asksComment: false), "")
                return []
            }
            return decide(ids, verdict, comment: nil)
        case .stop(let id):
            status = StatusMessage("stopping…")
            return [.stopExecution(id)]
        case .revokeRule(let id, _):
            rules.markRevoking(id)
            status = StatusMessage("revoking the rule…")
            return [.revokeRule(id)]
        }
    }

    private mutating func editComment(_ action: PendingAction, _ text: String, _ key: KeyPress) -> [Effect] {
        switch key {
        case .escape:
            input = .none
            status = StatusMessage("cancelled")
        case .enter:
            input = .none
            let comment = text.trimmingCharacters(in: .whitespaces)
            if case .decide(let ids, let verdict, _) = action {
                return decide(ids, verdict, comment: comment.isEmpty ? nil : comment)
            }
        default:
            input = .comment(action, Self.edited(text, with: key, limit: 1_000))
        }
        return []
    }

    /// `text` after a prompt key: a typed character appended, backspace, ctrl-u clearing.
    static func edited(_ text: String, with key: KeyPress, limit: Int = 200) -> String {
        switch key {
        case .backspace, .delete: return String(text.dropLast())
        case .control("u"): return ""
        case .character(let c) where text.count < limit: return text + String(c)
        default: return text
        }
    }
}

import ApprovalModel
import Foundation

/// "Allow similar" and the rules screen: the chooser's keys, the rule's answer, revoking.
extension ConsoleState {
    /// The one request `s` makes a rule from: the detail's, else the focused one (marks do not
    /// apply: a rule is built from one call the approver has looked at).
    func allowSimilarTarget() -> String? {
        screen == .detail ? detail.requestID : queue.focusedRequest?.id
    }

    mutating func openChooser() {
        guard let id = allowSimilarTarget(), let request = queue.requests.first(where: { $0.id == id }) else { return }
        switch RuleChooser.open(for: request) {
        case .success(let chooser): input = .allowSimilar(chooser)
        case .failure(let refusal): status = StatusMessage("allow similar: \(refusal.description)", kind: .error)
        }
    }

    mutating func editChooser(_ chooser: RuleChooser, _ key: KeyPress) -> [Effect] {
        var chooser = chooser
        switch chooser.press(key, now: now) {
        case .stays:
            input = .allowSimilar(chooser)
            return []
        case .cancelled:
            input = .none
            status = StatusMessage("cancelled")
            return []
        case .confirmed(let draft):
            input = .none
            guard !queue.isDeciding(draft.requestID) else { return [] }
            queue.decidingRequestIDs.insert(draft.requestID)
            queue.markedRequestIDs.remove(draft.requestID)
            status = StatusMessage("making the rule for \(draft.toolName) (\(draft.duration.phrase))…")
            if draft.requestID == detail.requestID { moveOnAfterDecision(from: draft.requestID) }
            return [.createAllowRule(draft)]
        }
    }

    /// The rule was made: the request is approved now (a `.decide`, journaled as any decision),
    /// or it was not, and the request stays pending, undecided, with the reason on the status line.
    mutating func finishAllowRule(_ draft: RuleDraft, _ result: Result<AccessRule, ClientError>) -> [Effect] {
        switch result {
        case .success(let rule):
            queue.decidingRequestIDs.remove(draft.requestID)
            rules.remember(rule)
            let comment = "approved with an allow-similar rule"
                + (rule.id.map { " (\(FleetState.ownID($0, isMerged: fleet.isMerged)))" } ?? "")
            // The rule is made already: its approval is not held in an undo window.
            var effects = decide([draft.requestID], .approve, comment: comment, holding: false)
            status = StatusMessage("rule made for \(draft.toolName) \(draft.duration.phrase); approving…")
            if screen == .rules { effects.append(.fetchRules) }
            return effects
        case .failure(let error):
            queue.decidingRequestIDs.remove(draft.requestID)
            status = StatusMessage("allow similar: no rule made, \(draft.toolName) not approved: \(Self.ruleRefusal(error))", kind: .error)
            return []
        }
    }

    /// Why the server would not take a rule, in the approver's terms.
    static func ruleRefusal(_ error: ClientError) -> String {
        switch error {
        case .forbidden(let detail): "this token may not make rules (\(detail))"
        case .notFound: "the server has no tool configuration for this request's tool"
        default: error.description
        }
    }

    /// The rules arrived: shown, and any the console made on a server without expiry (Preloop)
    /// that are past the expiry written into them are revoked now.
    mutating func applyRules(_ result: Result<[AccessRule], ClientError>) -> [Effect] {
        rules.apply(result)
        // A read-only session changes nothing on the server, expired rules included.
        guard !isReadOnly else { return [] }
        let overdue = rules.overdue(at: now).compactMap(\.id)
        for id in overdue { rules.markRevoking(id) }
        if !overdue.isEmpty {
            status = StatusMessage("revoking \(overdue.count) expired rule\(overdue.count == 1 ? "" : "s") the server keeps no expiry for…")
        }
        return overdue.map(Effect.revokeRule)
    }

    /// A written expiry has passed: read the rules again (once), and `applyRules` revokes it.
    mutating func checkWrittenExpiry() -> [Effect] {
        guard !isReadOnly, !rules.isCheckingExpiry, let next = rules.nextWrittenExpiry, next <= now else { return [] }
        rules.isCheckingExpiry = true
        return [.fetchRules]
    }

    mutating func finishRevoke(_ id: String, _ error: ClientError?) -> [Effect] {
        switch error {
        case nil:
            rules.finishRevoking(id, removed: true)
            status = StatusMessage("rule revoked")
        case .notFound?:
            rules.finishRevoking(id, removed: true)
            status = StatusMessage("that rule was already gone")
        case let error?:
            rules.finishRevoking(id, removed: false)
            rules.unrevocableIDs.insert(id)
            status = StatusMessage("could not revoke the rule: \(Self.ruleRefusal(error))", kind: .error)
        }
        return []
    }
}

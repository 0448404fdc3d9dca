import ApprovalModel
import Foundation

/// The lines around every screen (title, message, status), composed from the state and
/// sanitized here so that each component receives only what it draws.
extension ConsoleState {
    var titleBar: TitleBar {
        var text: SanitizedText = " \(screen.title)"
        switch screen {
        case .queue:
            text += " · \(queue.visibleRequests.count) pending"
            let stale = staleCount
            if stale > 0 { text += " · \(stale) stale" }
        case .detail:
            if let request = detailRequest { text += " · \(Sanitizer.line.sanitize(request.toolName))" }
        case .flows:
            text += " · \(flows.executions.filter { $0.status.isActive }.count) running"
        case .policies:
            text += " · \(policies.items.count)"
        case .journal:
            text += " · \(journal.entries.count) decisions"
        case .history:
            text += " · \(history.requests.count) decided"
        case .rules:
            text += " · \(rules.rules.count)"
        case .log:
            if let log = flows.log {
                let name = flows.flowName(of: log.executionID) ?? log.executionID
                text += " · \(Sanitizer.line.sanitize(name)) · \(log.isFollowing ? "following" : "paused")"
                if !log.searchTerm.isEmpty { text += " · /\(Sanitizer.line.sanitize(log.searchTerm))" }
            }
        }
        let filter = currentFilter
        if !filter.isEmpty && screen != .log && screen != .detail {
            text += " · filter /\(Sanitizer.line.sanitize(filter))"
        }
        return TitleBar(text: text)
    }

    var messageLine: MessageLine {
        let content: MessageLine.Content = switch input {
        case .filter:
            .prompt(label: "/", text: Sanitizer.line.sanitize(currentFilter), help: "  enter keep · esc clear")
        case .command(let text):
            .prompt(label: ":", text: Sanitizer.line.sanitize(text), help: "  tab complete")
        case .search(let text):
            .prompt(label: "search /", text: Sanitizer.line.sanitize(text), help: "  enter find · n/N next/prev")
        case .confirm(let action):
            .question("\(describe(action))? y/N")
        case .comment(let action, let text):
            .prompt(label: "\(describe(action)) — comment: ", text: Sanitizer.line.sanitize(text), help: "  enter send · esc cancel")
        case .allowSimilar(let chooser):
            if let problem = chooser.problem {
                .message(Sanitizer.line.sanitize(problem), isError: true)
            } else {
                .question("allow similar: 1 2 3 what · h d r how long · enter approve and make the rule · esc cancel")
            }
        case .none:
            if let status {
                .message(Sanitizer.line.sanitize(status.text), isError: status.kind == .error)
            } else {
                .hints(keymap.shortHelp(for: screen).map {
                    (key: Sanitizer.line.sanitize($0.label), summary: Sanitizer.line.sanitize($0.shortSummary))
                })
            }
        }
        return MessageLine(content: content)
    }

    var statusLine: StatusLine {
        var standing = StyledLine()
        if isReadOnly { standing.segments.append((" READ-ONLY ", .statusReadOnly)) }
        switch connection {
        case .connecting:
            standing.segments.append((" connecting ", .statusLine))
        case .live:
            standing.segments.append((isPushLive ? " live+push " : " live ", .statusLive))
        case .failing(let since, let error, let attempts):
            standing.segments.append((
                " retrying since \(ClockText.time(since, in: timeZone)) (\(attempts)): \(Sanitizer.line.sanitize(error.shortCause)) ", .statusError))
        case .offline(let since, let error):
            standing.segments.append((" offline since \(ClockText.time(since, in: timeZone)): \(Sanitizer.line.sanitize(error.shortCause)) ", .statusOffline))
        }
        var pieces: [SanitizedText] = ["\(queue.requests.count) pending"]
        if !queue.markedRequestIDs.isEmpty { pieces.append("\(queue.markedRequestIDs.count) marked") }
        pieces.append(Sanitizer.line.sanitize(serverName).truncated(toWidth: 32))
        if let lastRefresh { pieces.append("refreshed \(ClockText.time(lastRefresh, in: timeZone))") }
        if let userName { pieces.append(Sanitizer.line.sanitize(userName).truncated(toWidth: 20)) }
        return StatusLine(standing: standing, pieces: pieces)
    }

    private func describe(_ action: PendingAction) -> SanitizedText {
        switch action {
        case .decide(let ids, let verdict, _):
            let verb: SanitizedText = verdict == .approve ? "Approve" : "Deny"
            if ids.count == 1, let request = queue.requests.first(where: { $0.id == ids[0] }) {
                return "\(verb) \(Sanitizer.line.sanitize(request.toolName).truncated(toWidth: 24))"
            }
            return "\(verb) \(ids.count) requests"
        case .stop(let id):
            let name = flows.flowName(of: id) ?? id
            return "Stop run of \(Sanitizer.line.sanitize(name).truncated(toWidth: 24))"
        case .revokeRule(_, let toolName):
            return "Revoke this rule on \(Sanitizer.line.sanitize(toolName).truncated(toWidth: 24))"
        }
    }
}

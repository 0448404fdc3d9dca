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
        if fleet.isMerged { return fleetStatusLine(standing) }
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

    /// The status line of a console on several servers: each server's connection, in order
    /// (`work live+push · local offline since 14:03`), then the counts.
    private func fleetStatusLine(_ standing: StyledLine) -> StatusLine {
        var standing = standing
        let compact = size.columns < 100
        for member in fleet.members {
            let name = Sanitizer.line.sanitize(member.name)
            switch member.connection {
            case .connecting:
                standing.segments.append((" \(name) connecting ", .statusLine))
            case .live:
                standing.segments.append((" \(name) \(member.isPushLive ? "live+push" : "live") ", .statusLive))
            case .failing(let since, let error, _):
                let cause: SanitizedText = compact ? "" : ": \(Sanitizer.line.sanitize(error.shortCause).truncated(toWidth: 24))"
                standing.segments.append((" \(name) retrying since \(ClockText.time(since, in: timeZone))\(cause) ", .statusError))
            case .offline(let since, let error):
                let cause: SanitizedText = compact ? "" : ": \(Sanitizer.line.sanitize(error.shortCause).truncated(toWidth: 24))"
                standing.segments.append((" \(name) offline since \(ClockText.time(since, in: timeZone))\(cause) ", .statusOffline))
            }
        }
        var pieces: [SanitizedText] = ["\(queue.requests.count) pending"]
        if let focus = queue.serverFocus { pieces.append("showing \(Sanitizer.line.sanitize(focus)) only") }
        if !queue.markedRequestIDs.isEmpty { pieces.append("\(queue.markedRequestIDs.count) marked") }
        if let lastRefresh { pieces.append("refreshed \(ClockText.time(lastRefresh, in: timeZone))") }
        if let userName { pieces.append(Sanitizer.line.sanitize(userName).truncated(toWidth: 20)) }
        return StatusLine(standing: standing, pieces: pieces)
    }

    private func describe(_ action: PendingAction) -> SanitizedText {
        switch action {
        case .decide(let ids, let verdict, _):
            let verb: SanitizedText = verdict == .approve ? "Approve" : "Deny"
            if ids.count == 1, let request = queue.requests.first(where: { $0.id == ids[0] }) {
                let server: SanitizedText = fleet.member(ofID: request.id).map { " on \(Sanitizer.line.sanitize($0.name))" } ?? ""
                return "\(verb) \(Sanitizer.line.sanitize(request.toolName).truncated(toWidth: 24))\(server)"
            }
            return "\(verb) \(ids.count) requests\(serverCounts(ids))"
        case .stop(let id):
            let name = flows.flowName(of: id) ?? id
            return "Stop run of \(Sanitizer.line.sanitize(name).truncated(toWidth: 24))\(onServer(id))"
        case .revokeRule(let id, let toolName):
            return "Revoke this rule on \(Sanitizer.line.sanitize(toolName).truncated(toWidth: 24))\(onServer(id))"
        }
    }

    /// " on NAME" in a console on several servers: a prompt says whose item it acts on.
    private func onServer(_ id: String) -> SanitizedText {
        fleet.member(ofID: id).map { " on \(Sanitizer.line.sanitize($0.name))" } ?? ""
    }

    /// " (team 2, mine 1)": how many of a bulk decision go to each server, in a console on several.
    private func serverCounts(_ ids: [String]) -> SanitizedText {
        guard fleet.isMerged else { return "" }
        let counts = fleet.members.compactMap { member -> String? in
            let count = ids.count { ServerScope.id($0, isOn: member.name) }
            return count > 0 ? "\(member.name) \(count)" : nil
        }
        return " (\(Sanitizer.line.sanitize(counts.joined(separator: ", "))))"
    }
}

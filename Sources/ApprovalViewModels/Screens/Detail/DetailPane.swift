import ApprovalModel
import Foundation

/// One request in full: tool, request, agent/execution, policy and rule, status, then the
/// justification in its own frame labelled as the agent's words, then the arguments as indented
/// JSON. Scrolls by whole lines.
struct DetailPane: ScreenComponent {
    /// What the lines need besides the request: the time, and what other screens know about it.
    struct Context {
        var now: Date
        var timeZone: TimeZone
        var deadline: Date?
        var policy: ApprovalPolicy?
        var flowName: String?
        var isDeciding = false
        /// The decision waiting in its undo window, if any.
        var held: HeldDecision?
        /// The server it came from, in a console on several servers.
        var server: FleetState.Member? = nil
    }

    /// The server's own id (a console on several servers shows ids without their prefix; the
    /// Server line says whose they are).
    private func own(_ id: String) -> String { FleetState.ownID(id, isMerged: context.server != nil) }

    let request: ApprovalRequest
    let context: Context
    /// Lines scrolled past the top (clamped here to the lines there are).
    var scroll = 0

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        _ = draw(in: area, into: &buffer)
    }

    /// Renders; returns the furthest offset the pane can scroll to in `area`.
    func draw(in area: Rect, into buffer: inout ScreenBuffer) -> Int {
        let lines = lines(width: area.width)
        let limit = max(0, lines.count - area.height)
        let scroll = min(self.scroll, limit)
        for (row, line) in lines.dropFirst(scroll).prefix(area.height).enumerated() {
            line.draw(at: area.y + row, in: area, into: &buffer)
        }
        if lines.count - scroll > area.height {
            buffer.write("more ↓", at: Point(x: area.maxX - 6, y: area.maxY - 1), width: 6, role: .hint)
        }
        return limit
    }

    func lines(width: Int) -> [StyledLine] {
        let labelWidth = width >= 60 ? 12 : 9
        var lines: [StyledLine] = []
        func field(_ label: SanitizedText, _ value: SanitizedText, _ role: StyleRole = .detailValue) {
            let wrapped = value.wrapped(toWidth: max(1, width - labelWidth))
            for (index, part) in wrapped.enumerated() {
                lines.append(StyledLine([(index == 0 ? label.fitted(toWidth: labelWidth) : .spaces(labelWidth), .detailLabel), (part, role)]))
            }
        }
        field("Tool", Sanitizer.line.sanitize(request.toolName))
        if let server = context.server {
            let name = Sanitizer.line.sanitize(server.name)
            field("Server", server.isLive ? name : "\(name) (not answering: last known)", server.isLive ? .detailValue : .statusOffline)
        }
        let timeZone = context.timeZone
        var timing: SanitizedText = "requested \(ClockText.time(request.requestedAt, in: timeZone))"
        var isStale = false
        if let deadline = context.deadline {
            isStale = deadline <= context.now
            timing += isStale
                ? " · STALE since \(ClockText.time(deadline, in: timeZone))"
                : " · expires in \(ClockText.duration(deadline.timeIntervalSince(context.now)))"
        }
        field("When", timing, isStale ? .queueStale : .detailValue)
        lines += JustificationBlock(request: request).lines(width: width)
        if let execution = request.executionID {
            let flow = context.flowName
            let agent = Sanitizer.line.sanitize(own(execution)) + (flow.map { " (flow \(Sanitizer.line.sanitize($0)))" } ?? "")
            let named: SanitizedText = request.agentName.map { "\(Sanitizer.line.sanitize($0)) · " } ?? ""
            field("Agent", "\(named)execution \(agent)")
        } else if let name = request.agentName, !name.isEmpty {
            field("Agent", "\(Sanitizer.line.sanitize(name)) (its own name for itself; not from a flow run)")
        } else {
            field("Agent", "not from a flow run")
        }
        if let policyID = request.approvalPolicyID {
            let policy = context.policy
            var text = Sanitizer.line.sanitize(policy?.name ?? own(policyID))
            if let policy {
                text += " · quorum \(policy.approvalsRequired)"
                if let timeout = policy.timeoutSeconds { text += " · timeout \(timeout)s" }
            }
            field("Policy", text)
        } else {
            field("Policy", "-")
        }
        field("Rule", request.toolConfigurationID.map { "tool configuration \(Sanitizer.line.sanitize(own($0)))" } ?? "-")
        field("Request", Sanitizer.line.sanitize(own(request.id)), .dim)
        for (index, vote) in (request.votes ?? []).enumerated() {
            field(index == 0 ? "Votes" : "", VoteText.line(vote, timeZone: timeZone))
        }
        if !request.status.isPending {
            var decision: SanitizedText = "\(Sanitizer.line.sanitize(request.status.rawValue)) by "
                + Sanitizer.line.sanitize(HistoryTable.decidedBy(request))
                + " · \(ClockText.time(HistoryTable.decidedAt(of: request), in: timeZone))"
            decision += " · the agent waited \(ClockText.duration(TimeInterval(HistoryTable.waitedSeconds(of: request))))"
            field("Decision", decision, .statusMessage)
            if let comment = request.approverComment, !comment.isEmpty { field("Comment", Sanitizer.line.sanitize(comment)) }
        }
        if let held = context.held {
            field("Status", "\(JournalTable.verdictText(held.verdict)) in \(held.secondsLeft(at: context.now))s; u takes it back", .statusMessage)
        } else if context.isDeciding {
            field("Status", "decision being sent…", .statusMessage)
        }
        lines.append(StyledLine())
        lines.append(StyledLine("Arguments", .detailLabel))
        let json = Sanitizer(allowsNewlines: true, maxLength: 32_768, tabWidth: 2).sanitize(request.argumentsPrettyText)
        for part in json.lines().flatMap({ $0.wrapped(toWidth: max(1, width - 2)) }) {
            lines.append(StyledLine([(.spaces(2), .detailJSON), (part, .detailJSON)]))
        }
        return lines
    }
}

/// The agent's justification in a frame whose label says whose words they are. Missing or blank
/// justification is shown as such; text with neutralised controls says so in the frame.
struct JustificationBlock {
    let request: ApprovalRequest

    func lines(width: Int) -> [StyledLine] {
        let inner = max(1, width - 4)
        let text = Sanitizer.multiline.sanitize(request.agentReasoning ?? "")
        var label: SanitizedText = width >= 60 ? " The agent's words (untrusted) " : " Agent's words "
        if text.hasBadges { label += width >= 60 ? "· hidden controls shown as badges " : "· badges " }
        let label2 = label.truncated(toWidth: max(0, width - 4))
        var lines = [StyledLine([("┌─", .justificationFrame), (label2, .justificationLabel),
                                 (Self.rule(width - 3 - label2.displayWidth) + "┐", .justificationFrame)])]
        let body: [(SanitizedText, StyleRole)] = request.hasJustification
            ? text.wrapped(toWidth: inner).map { ($0, .justificationText) }
            : [("no justification given", .justificationMissing)]
        for (part, role) in body {
            lines.append(StyledLine([("│ ", .justificationFrame), (part.fitted(toWidth: inner), role), (" │", .justificationFrame)]))
        }
        lines.append(StyledLine("└" + Self.rule(width - 2) + "┘", .justificationFrame))
        return lines
    }

    static func rule(_ count: Int) -> SanitizedText {
        Sanitizer.line.sanitize(String(repeating: "─", count: max(0, count)))
    }
}
